"""Register exports: xlsx, csv and GeoJSON; export -> import round-trips every field."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from cctv_planner.domain.geo import from_lonlat
from cctv_planner.domain.register import (
    AutomatedProcessing,
    CameraStatus,
    CameraType,
    Mounting,
    OwningService,
    Power,
    SiteCategory,
    SiteStatus,
    Transmission,
)
from cctv_planner.exports.register import (
    register_csv,
    register_geojson,
    register_rows,
    register_xlsx,
)
from cctv_planner.registerfile import CameraRow, RegisterFileError, SiteRow, read_register_file
from tests.registerfile.files import HEADER, csv_bytes, good_rows

SITE_HEADER = HEADER[: HEADER.index("asset_number")]
CAMERA_HEADER = ["asset_number", "site_code"] + HEADER[HEADER.index("asset_number") + 1:]


def estate():
    """Sites and cameras read from the hand-written good file."""
    register = read_register_file(csv_bytes(good_rows()), "register.csv")
    return register.sites, register.cameras


def site(code: str, **fields) -> SiteRow:
    return SiteRow(site_code=code, site_name=fields.pop("site_name", f"Site {code}"),
                   location=from_lonlat(-0.2609, 51.6025), **fields)


# --------------------------------------------------------------------------- round trips


def _by_asset(cameras):
    return sorted(cameras, key=lambda c: c.asset_number)


def assert_same_xlsx_rows(got, expected):
    """Rows equal, floats to 15 significant digits.

    openpyxl writes floats with 16 significant digits ('%.16g'), Excel keeps
    15, so the last bit of a projected easting may not survive an .xlsx.
    """
    assert [type(r) for r in got] == [type(r) for r in expected]
    def loose(row):
        return {k: pytest.approx(v, rel=1e-15) if isinstance(v, float) else v
                for k, v in row.cells().items()}

    assert [r.cells() for r in got] == [loose(r) for r in expected]


def test_csv_export_reads_back_to_the_same_rows():
    sites, cameras = estate()
    register = read_register_file(register_csv(sites, cameras), "export.csv")
    assert register.sites == sites
    # The CSV groups cameras under their sites, so compare in asset order.
    assert _by_asset(register.cameras) == _by_asset(cameras)


def test_xlsx_export_reads_back_to_the_same_rows():
    sites, cameras = estate()
    register = read_register_file(register_xlsx(sites, cameras), "export.xlsx")
    assert_same_xlsx_rows(register.sites, sites)
    assert register.cameras == cameras


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn"), whitelist_characters="\n"),
    min_size=1, max_size=40,
).map(str.strip).filter(bool)
# Free text a spreadsheet would otherwise run as a formula, and the CSV guard's own prefix.
_TRICKY = st.sampled_from(["=1+1", "+44 20 8359 2000", "-5 m", "@SUM(A1)", "'=x", "''+y",
                           "'quoted'", "a,b \"c\"", "_x0041_ escaped?", "line one\nline two",
                           "Café – Nando’s"])
_OPT_TEXT = st.none() | _TEXT | _TRICKY
_CODE = st.from_regex(r"\A[A-Z0-9][A-Z0-9_\-]{0,31}\Z")


@st.composite
def estates(draw):
    codes = draw(st.lists(_CODE, min_size=1, max_size=4, unique=True))
    sites = []
    for code in codes:
        lon = draw(st.floats(-2.5, 0.5))
        lat = draw(st.floats(51.0, 54.0))
        sites.append(SiteRow(
            site_code=code,
            site_name=draw(_TEXT | _TRICKY),
            location=from_lonlat(lon, lat),
            location_detail=draw(_OPT_TEXT),
            ward_code=draw(st.none() | st.from_regex(r"\AE05[0-9]{6}\Z")),
            site_category=draw(st.sampled_from(SiteCategory)),
            owning_service=draw(st.sampled_from(OwningService)),
            mounting=draw(st.sampled_from(Mounting)),
            power=draw(st.sampled_from(Power)),
            transmission=draw(st.sampled_from(Transmission)),
            wayleave_needed=draw(st.booleans()),
            signage_in_place=draw(st.booleans()),
            connected_to_control_room=draw(st.booleans()),
            site_status=draw(st.sampled_from(SiteStatus)),
        ))
    assets = draw(st.lists(_CODE, max_size=6, unique=True))
    cameras = [CameraRow(
        asset_number=asset,
        camera_type=draw(st.sampled_from(CameraType)),
        site_code=draw(st.none() | st.sampled_from(codes)),
        make=draw(_OPT_TEXT),
        model=draw(_OPT_TEXT),
        serial_number=draw(_OPT_TEXT),
        installed_on=draw(st.none() | st.dates(date(1950, 1, 1), date(2100, 12, 31))),
        bearing_deg=draw(st.none() | st.floats(0, 360, exclude_max=True)),
        field_of_view_deg=draw(st.none() | st.floats(1, 360)),
        range_m=draw(st.none() | st.integers(1, 2000)),
        retention_days=draw(st.integers(1, 3650)),
        recording_location=draw(_OPT_TEXT),
        frames_per_second=draw(st.integers(1, 60)),
        automated_processing=draw(st.sampled_from(AutomatedProcessing)),
        camera_status=draw(st.sampled_from(CameraStatus)),
    ) for asset in assets]
    return sites, cameras


ROUND_TRIP = settings(max_examples=60, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIP
@given(estates())
def test_csv_round_trip_keeps_every_field(generated):
    sites, cameras = generated
    register = read_register_file(register_csv(sites, cameras), "export.csv")
    assert register.sites == sites
    # The CSV groups cameras under their sites, so compare as sets of rows.
    assert _by_asset(register.cameras) == _by_asset(cameras)


@ROUND_TRIP
@given(estates())
def test_xlsx_round_trip_keeps_every_field(generated):
    sites, cameras = generated
    register = read_register_file(register_xlsx(sites, cameras), "export.xlsx")
    assert_same_xlsx_rows(register.sites, sites)
    assert_same_xlsx_rows(register.cameras, cameras)


# --------------------------------------------------------------------------- xlsx


def test_xlsx_has_sites_and_cameras_sheets_with_frozen_filterable_headers():
    sites, cameras = estate()
    wb = load_workbook(io.BytesIO(register_xlsx(sites, cameras)))
    assert wb.sheetnames == ["Sites", "Cameras"]
    ws_sites, ws_cameras = wb["Sites"], wb["Cameras"]
    assert [c.value for c in ws_sites[1]] == SITE_HEADER
    assert [c.value for c in ws_cameras[1]] == CAMERA_HEADER
    for ws, rows in ((ws_sites, len(sites)), (ws_cameras, len(cameras))):
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref.startswith("A1:")
        assert ws.auto_filter.ref.endswith(str(rows + 1))
    bo69 = dict(zip(SITE_HEADER, [c.value for c in ws_sites[2]], strict=False))
    assert bo69["site_code"] == "BO69"
    assert bo69["site_category"] == "town_centre"
    assert bo69["signage_in_place"] == "yes"
    assert bo69["lon"] == -0.2609
    camera = dict(zip(CAMERA_HEADER, [c.value for c in ws_cameras[2]], strict=False))
    assert camera["installed_on"].date() == date(2021, 12, 1)
    assert ws_cameras.cell(row=2, column=CAMERA_HEADER.index("installed_on") + 1
                           ).number_format == "yyyy-mm-dd"


def test_xlsx_free_text_starting_with_formula_characters_stays_text():
    sites = [site("S1", site_name="=HYPERLINK(\"http://evil.example\")",
                  location_detail="@SUM(A1)")]
    cameras = [CameraRow(asset_number="C1", camera_type=CameraType.FIXED, site_code="S1",
                         make="+Acme", model="-X1", recording_location="=1+1")]
    wb = load_workbook(io.BytesIO(register_xlsx(sites, cameras)))
    name = wb["Sites"].cell(row=2, column=SITE_HEADER.index("site_name") + 1)
    assert (name.data_type, name.value) == ("s", "=HYPERLINK(\"http://evil.example\")")
    where = wb["Cameras"].cell(row=2, column=CAMERA_HEADER.index("recording_location") + 1)
    assert (where.data_type, where.value) == ("s", "=1+1")


def test_xlsx_sheets_reimport_reports_errors_by_sheet():
    sites, cameras = estate()
    wb = load_workbook(io.BytesIO(register_xlsx(sites, cameras)))
    wb["Cameras"].cell(row=3, column=CAMERA_HEADER.index("camera_type") + 1).value = "webcam"
    wb["Cameras"].cell(row=4, column=2).value = "NOWHERE"
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(RegisterFileError) as info:
        read_register_file(buffer.getvalue(), "export.xlsx")
    assert [(e.sheet, e.row, e.column) for e in info.value.errors] == [
        ("Cameras", 3, "camera_type"), ("Cameras", 4, "site_code")]
    assert str(info.value).startswith("export.xlsx, sheet Cameras, row 3, column camera_type: ")


# --------------------------------------------------------------------------- csv


def test_csv_is_the_import_layout_with_site_columns_repeated():
    sites, cameras = estate()
    text = register_csv(sites, cameras).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == HEADER
    at_bo69 = [r for r in rows if r["site_code"] == "BO69"]
    assert [r["asset_number"] for r in at_bo69] == ["BO69", "BO70", "BO71"]
    assert {r["site_name"] for r in at_bo69} == {"Burnt Oak Town Centre"}
    planned = [r for r in rows if r["site_code"] == "ED-01"]
    assert len(planned) == 1 and planned[0]["asset_number"] == ""
    in_store = rows[-1]
    assert (in_store["asset_number"], in_store["site_code"]) == ("RD_07", "")


def test_csv_defuses_formula_text_and_reads_it_back_unchanged():
    sites = [site("S1", site_name="=1+1", location_detail="'=already quoted")]
    data = register_csv(sites, [])
    row = next(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert row["site_name"] == "'=1+1"
    assert row["location_detail"] == "''=already quoted"
    assert row["lon"] == "-0.2609"  # numbers are not touched
    back = read_register_file(data, "export.csv").sites[0]
    assert (back.site_name, back.location_detail) == ("=1+1", "'=already quoted")


def test_exports_refuse_a_camera_at_a_site_not_exported():
    cameras = [CameraRow(asset_number="C1", camera_type=CameraType.FIXED, site_code="GONE")]
    for export in (register_csv, register_xlsx, register_geojson, register_rows):
        with pytest.raises(ValueError, match="not among the sites exported"):
            export([site("S1")], cameras)


def test_exports_refuse_duplicate_codes():
    with pytest.raises(ValueError, match="site codes must be unique"):
        register_rows([site("S1"), site("S1")], [])


# --------------------------------------------------------------------------- geojson


def test_geojson_is_a_feature_collection_of_sites_with_their_cameras():
    sites, cameras = estate()
    collection = register_geojson(sites, cameras)
    json.dumps(collection)  # JSON-ready: no enums or dates left
    assert collection["type"] == "FeatureCollection"
    features = {f["id"]: f for f in collection["features"]}
    assert list(features) == ["BO69", "ED-01", "WH1"]
    bo69 = features["BO69"]
    assert bo69["geometry"] == {"type": "Point", "coordinates": [-0.2609, 51.6025]}
    assert bo69["properties"]["site_category"] == "town_centre"
    assert bo69["properties"]["signage_in_place"] is True
    assert "lon" not in bo69["properties"]
    assert bo69["properties"]["easting"] == pytest.approx(520541, abs=1)
    assert [c["asset_number"] for c in bo69["properties"]["cameras"]] == ["BO69", "BO70", "BO71"]
    assert bo69["properties"]["cameras"][0]["installed_on"] == "2021-12-01"
    assert features["ED-01"]["properties"]["cameras"] == []
    assert [c["asset_number"] for c in collection["cameras_without_site"]] == ["RD_07"]
