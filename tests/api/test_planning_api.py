"""The crimes and planning API: roles, upload all-or-nothing, and numbers worked by hand."""

from __future__ import annotations

import io
import json
import math

import pytest
import sqlalchemy as sa

from cctv_planner.models import Crime
from tests.services.crime_files import HEADER, lonlat_text, row

# A candidate at C; a burglary (weight 2) at C, a robbery (3) 50 m east, shoplifting (0.5) 150 m east.
C = (524_000.0, 190_000.0)


def _file(rows: list[str]) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def _three_crimes() -> bytes:
    return _file([row("b", "2023-01", *lonlat_text(C[0], C[1]), "Burglary"),
                  row("r", "2023-01", *lonlat_text(C[0] + 50, C[1]), "Robbery"),
                  row("s", "2023-01", *lonlat_text(C[0] + 150, C[1]), "Shoplifting")])


def _upload(client, headers, *files, query=""):
    data = {"files": [(io.BytesIO(content), name) for name, content in files]}
    return client.post(f"/api/crimes{query}", data=data, headers=headers, content_type="multipart/form-data")


def _count(db_session) -> int:
    db_session.expire_all()
    return db_session.scalar(sa.select(sa.func.count()).select_from(Crime))


def test_roles_planners_import_finance_reads_others_refused(client, auth, db_session):
    assert client.get("/api/crimes", headers=auth("viewer")).status_code == 403
    assert client.get("/api/planning/hotspots", headers=auth("dpo")).status_code == 403
    assert client.get("/api/crimes", headers=auth("finance")).status_code == 200
    assert _upload(client, auth("finance"), ("a.csv", _three_crimes())).status_code == 403
    response = _upload(client, auth("cst_officer"), ("a.csv", _three_crimes()))
    assert response.status_code == 201, response.json
    assert response.json["files"][0]["stored"] == 3
    assert _upload(client, auth("cctv_manager"), ("a.csv", _three_crimes())).json["already_stored"] == 3
    assert _count(db_session) == 3


def test_a_malformed_upload_is_422_naming_the_row_and_stores_nothing(client, auth, db_session):
    lo, la = lonlat_text(*C)
    bad = _file([row("x1", "2023-01", lo, la, "Burglary"), row("x2", "2023-01", "west", la, "Burglary")])
    response = _upload(client, auth("cctv_manager"), ("good.csv", _three_crimes()), ("bad.csv", bad))
    assert response.status_code == 422
    body = response.json
    assert "bad.csv, row 3, column 'Longitude'" in body["message"]
    assert body["errors"]["file"] == [{"file": "bad.csv", "row": 3, "column": "Longitude",
                                       "message": body["errors"]["file"][0]["message"]}]
    assert _count(db_session) == 0
    assert client.get("/api/crimes/imports", headers=auth("finance")).json == []


def test_crime_list_filters_sorts_and_pages(client, auth):
    lo, la = lonlat_text(*C)
    rows = [row(f"m{m}", f"2022-{m:02d}", lo, la, "Burglary" if m % 2 else "Robbery") for m in range(1, 13)]
    headers = auth("cctv_manager")
    assert _upload(client, headers, ("year.csv", _file(rows))).status_code == 201
    page = client.get("/api/crimes?page_size=5&sort=-month", headers=headers)
    assert json.loads(page.headers["X-Pagination"])["total"] == 12
    assert [c["month"] for c in page.json] == ["2022-12", "2022-11", "2022-10", "2022-09", "2022-08"]
    robbery = client.get("/api/crimes?crime_type=Robbery&month_from=2022-03&month_to=2022-08",
                         headers=headers).json
    assert [c["crime_id"] for c in robbery] == ["m4", "m6", "m8"]
    first = robbery[0]
    assert first["easting"] == pytest.approx(C[0], abs=0.5) and first["northing"] == pytest.approx(C[1], abs=0.5)
    imports = client.get("/api/crimes/imports", headers=headers).json
    assert [(i["file_name"], i["stored"]) for i in imports] == [("year.csv", 12)]
    assert client.get("/api/crimes?sort=colour", headers=headers).status_code == 422


def test_score_by_hand(client, auth):
    headers = auth("cctv_manager")
    _upload(client, headers, ("three.csv", _three_crimes()))
    body = {"candidates": [{"id": "C", "easting": C[0], "northing": C[1]},
                           {"id": "far", "easting": C[0] + 1000, "northing": C[1]}],
            "radius_m": 100, "bandwidth_m": 200, "existing": False}
    response = client.post("/api/planning/score", json=body, headers=headers)
    assert response.status_code == 200, response.json
    best, far = response.json["candidates"]
    # Gap within 100 m: burglary 2 + robbery 3 (shoplifting at 150 m is outside).
    assert best["id"] == "C" and best["score"] == pytest.approx(5.0) and best["gap_weight"] == pytest.approx(5.0)
    assert best["by_type"] == {"Burglary": {"weight": 2.0, "crimes": 1}, "Robbery": {"weight": 3.0, "crimes": 1}}
    # Density, h = 200 m: 3/(π h²) · [2·1 + 3·(1 − 50²/200²)² + 0.5·(1 − 150²/200²)²] · 10⁶
    #                   = 3/(π·40000) · (2 + 2.63671875 + 0.095703125) · 10⁶ = 112.98 per km².
    expected = 3 / (math.pi * 200**2) * (2 + 3 * 0.9375**2 + 0.5 * 0.4375**2) * 1e6
    assert best["density_per_km2"] == pytest.approx(expected, rel=2e-3)   # points snapped to 1e-6°
    assert round(expected, 2) == 112.98
    assert far["score"] == 0 and far["density_per_km2"] == 0
    assert response.json["params"]["total_weight"] == pytest.approx(5.5)


def test_plan_within_a_budget_by_hand(client, auth):
    headers = auth("cst_officer")
    _upload(client, headers, ("three.csv", _three_crimes()))
    # A (10 m east) reaches burglary + robbery (10, 40 m; 5.0) but costs £8,000; B (50 E, 90 N)
    # the robbery only (90 m; burglary 103 m, shoplifting 134 m; 3.0), £3,000; S (200 m east) the
    # shoplifting only (50 m; 0.5), £1,000. Budget £5,000: A cannot be afforded, B + S = 3.5.
    candidates = [{"id": "A", "easting": C[0] + 10, "northing": C[1], "cost": 8000},
                  {"id": "B", "easting": C[0] + 50, "northing": C[1] + 90, "cost": 3000},
                  {"id": "S", "easting": C[0] + 200, "northing": C[1], "cost": 1000}]
    body = {"candidates": candidates, "radius_m": 100, "budget": 5000, "existing": False}
    plan = client.post("/api/planning/plan", json=body, headers=headers).json
    assert plan["chosen"] == ["B", "S"]
    assert plan["spent"] == 4000 and plan["covered_weight"] == pytest.approx(3.5)
    assert plan["total_weight"] == pytest.approx(5.5)
    assert plan["coverage_before"] == 0 and plan["coverage_after"] == pytest.approx(3.5 / 5.5)
    assert plan["upper_bound"] >= plan["covered_weight"] - 1e-9
    # Without costs, wireless sites cost £2,524 + £3,160 = £5,684: a £6,000 budget buys one (A).
    for c in candidates:
        del c["cost"]
    body = {"candidates": candidates, "radius_m": 100, "budget": 6000, "transmission": "wireless",
            "existing": False}
    plan = client.post("/api/planning/plan", json=body, headers=headers).json
    assert plan["chosen"] == ["A"] and plan["spent"] == 5684
    assert plan["params"]["unit_cost"] == 5684
    assert client.post("/api/planning/plan", json={"candidates": candidates},
                       headers=headers).status_code == 422   # neither count nor budget


def test_candidates_as_csv_text_and_bad_input(client, auth):
    headers = auth("cctv_manager")
    _upload(client, headers, ("three.csv", _three_crimes()))
    text = f"id,easting,northing,cost\nC,{C[0]},{C[1]},9000\n"
    plan = client.post("/api/planning/plan", json={"candidates_csv": text, "count": 1, "existing": False},
                       headers=headers).json
    assert plan["chosen"] == ["C"] and plan["spent"] == 9000
    bad = client.post("/api/planning/score", json={"candidates_csv": "id,easting,northing\nC,x,1\n"},
                      headers=headers)
    assert bad.status_code == 422 and "row 2" in bad.json["message"]
    both = client.post("/api/planning/score", json={"candidates_csv": text, "source": "lightposts"},
                       headers=headers)
    assert both.status_code == 422
    no_file_weights = client.post("/api/planning/score", json={"candidates_csv": text, "weights": "/etc/passwd"},
                                  headers=headers)
    assert no_file_weights.status_code == 422


def test_heatmap_coverage_and_hotspots_answer_in_their_shapes(client, auth, barnet_wards):
    headers = auth("finance")
    manager = auth("cctv_manager")
    _upload(client, manager, ("three.csv", _three_crimes()))
    heat = client.get("/api/planning/heatmap?cell_m=100&bandwidth_m=150", headers=headers)
    assert heat.status_code == 200 and heat.mimetype == "application/geo+json"
    collection = heat.get_json(force=True)
    assert collection["type"] == "FeatureCollection" and collection["features"]
    assert collection["properties"]["kernel"] == "quartic"
    # The densest cell is no denser than all three crimes' weight at the kernel's peak.
    peak = 3 / (math.pi * 150**2) * 5.5 * 1e6
    assert max(f["properties"]["density_per_km2"] for f in collection["features"]) <= peak
    coverage = client.get("/api/planning/coverage", headers=headers).json
    assert coverage["total_weight"] == pytest.approx(5.5) and coverage["share"] == 0
    assert len(coverage["by_area"]) == 24
    assert sum(a["crimes"] for a in coverage["by_area"]) + coverage["outside_areas"]["crimes"] == 3
    spots = client.get("/api/planning/hotspots?cell_m=500", headers=headers).json
    assert set(spots) >= {"cells", "hot_spots", "covered", "uncovered", "params"}
    assert spots["params"]["study_area"] == "wards"


def test_a_heatmap_too_big_to_compute_is_refused_before_it_starts(client, auth, barnet_wards):
    headers = auth("finance")
    _upload(client, auth("cctv_manager"), ("three.csv", _three_crimes()))
    # Barnet is about 12 km x 11 km: a 10 m grid is over a million cells.
    response = client.get("/api/planning/heatmap?cell_m=10&bandwidth_m=5000", headers=headers)
    assert response.status_code == 422
    assert "cell_m" in response.json["errors"]["query"] and "use a larger cell_m" in response.json["message"]
    assert client.get("/api/planning/heatmap?cell_m=500&bandwidth_m=5000", headers=headers).status_code == 200
