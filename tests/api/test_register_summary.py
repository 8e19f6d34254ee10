"""The register summary and exports on the Barnet demo estate."""

from __future__ import annotations

import csv
import io

import openpyxl

from tests.conftest import DEMO_FIXTURES


def _rows():
    with (DEMO_FIXTURES / "register.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _demo_counts():
    """Count the demo register file directly, independently of the loader."""
    rows = _rows()
    fixed = [r for r in rows if r["camera_type"] != "redeployable"]
    return {
        "fixed": len(fixed),
        "fixed_operational": sum(r["camera_status"] == "operational" for r in fixed),
        "mobile": sum(r["camera_type"] == "redeployable" for r in rows),
        "wireless": sum(r["transmission"] == "wireless" for r in rows),
    }


def test_summary_reports_37_of_127_fixed_cameras_on_line(client, auth, demo_estate):
    response = client.get("/api/register/summary", headers=auth("viewer"))
    assert response.status_code == 200
    summary = response.json
    # The papers' baseline (seed 000, L2555): "37 of 127 fixed cameras on-line".
    assert summary["fixed_cameras_total"] == 127
    assert summary["fixed_cameras_operational"] == 37
    expected = _demo_counts()
    assert summary["mobile_cameras_total"] == expected["mobile"] == 27
    assert summary["by_transmission"]["wireless"] == expected["wireless"]
    assert sum(summary["by_status"].values()) == 127 + 27
    assert sum(w["total"] for w in summary["by_ward"].values()) == 127 + 27
    in_store = sum(1 for r in _rows() if not r["site_code"])
    assert summary["by_ward"]["none"]["total"] == in_store == 7
    assert sum(w["operational"] for code, w in summary["by_ward"].items() if code != "none") \
        <= summary["by_status"]["operational"]


def test_bo69_is_at_burnt_oak_broadway_opposite_stag_lane(client, auth, demo_estate):
    headers = auth("viewer")
    camera = client.get("/api/cameras?q=BO69", headers=headers).json
    assert [c["asset_number"] for c in camera] == ["BO69"]
    site = client.get(f"/api/sites/{camera[0]['site']['id']}", headers=headers).json
    assert site["name"] == "Burnt Oak Town Centre"
    assert site["location_detail"] == "Burnt Oak Broadway opposite Stag Lane"
    assert site["ward"]["name"] == "Burnt Oak"


def test_demo_mobile_cameras_have_all_stood_over_18_months_by_the_review(client, auth, demo_estate):
    # The 2021 review found every "mobile" unit had been in place for 18 months or more.
    report = client.get("/api/deployments/standing-too-long?as_of=2021-12-01", headers=auth("viewer")).json
    open_deployments = client.get("/api/deployments?open=true&page_size=100", headers=auth("viewer")).json
    assert len(report) == len(open_deployments) == 20


def test_xlsx_export_has_sites_and_cameras_sheets_with_frozen_filterable_headers(client, auth, demo_estate):
    response = client.get("/api/register/export?format=xlsx", headers=auth("viewer"))
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[:2] == ["Sites", "Cameras"]
    sites, cameras = book["Sites"], book["Cameras"]
    assert sites.freeze_panes == "A2" and cameras.freeze_panes == "A2"
    assert sites.auto_filter.ref and cameras.auto_filter.ref
    assert sites.max_row - 1 == 127 + 20  # fixed sites plus the redeployables' sites
    assert cameras.max_row - 1 == 154


def test_geojson_export_is_a_feature_collection_of_sites_with_cameras(client, auth, demo_estate):
    response = client.get("/api/register/export?format=geojson", headers=auth("viewer"))
    collection = response.get_json(force=True)
    assert collection["type"] == "FeatureCollection"
    bo69 = next(f for f in collection["features"] if any(c["asset_number"] == "BO69"
                                                          for c in f["properties"]["cameras"]))
    lon, lat = bo69["geometry"]["coordinates"]
    assert -0.3 < lon < -0.2 and 51.5 < lat < 51.7


def test_export_format_must_be_known(client, auth):
    response = client.get("/api/register/export?format=pdf", headers=auth("viewer"))
    assert response.status_code == 422 and "format" in response.json["errors"]["query"]


def test_template_download_reads_back_as_a_register_file(client, auth):
    from cctv_planner.registerfile.reader import read_register_file

    response = client.get("/api/register/template?format=xlsx", headers=auth("viewer"))
    register = read_register_file(response.data, "template.xlsx")
    assert [c.asset_number for c in register.cameras] == ["BO69"]
