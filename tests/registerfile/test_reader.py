"""Reading register files: good files, and every kind of bad cell named by row and column."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest

from cctv_planner.domain.errors import ValidationFailed
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
from cctv_planner.registerfile import RegisterFileError, read_register_file
from cctv_planner.registerfile.errors import MAX_ERRORS
from tests.registerfile.files import (
    BURNT_OAK_E,
    BURNT_OAK_N,
    EDGWARE_E,
    EDGWARE_N,
    HEADER,
    csv_bytes,
    good_rows,
    xlsx_bytes,
)


def read_csv(rows, header=HEADER, filename="register.csv"):
    return read_register_file(csv_bytes(rows, header), filename)


def errors_of(rows, header=HEADER, filename="register.csv", maker=csv_bytes):
    with pytest.raises(RegisterFileError) as info:
        read_register_file(maker(rows, header), filename)
    return info.value


def site_row(**cells):
    row = {"site_code": "S1", "site_name": "Site one", "lon": "-0.2609", "lat": "51.6025",
           "asset_number": "C1", "camera_type": "fixed"}
    row.update(cells)
    return row


# --------------------------------------------------------------------------- good files


def test_good_file_reads_sites_and_cameras_with_normalised_values():
    register = read_csv(good_rows())

    assert [s.site_code for s in register.sites] == ["BO69", "ED-01", "WH1"]
    assert [c.asset_number for c in register.cameras] == ["BO69", "BO70", "RD_07", "RD_08", "BO71"]
    bo69 = register.sites[0]
    assert bo69.site_name == "Burnt Oak Town Centre"
    assert bo69.location_detail == "Burnt Oak Broadway opposite Stag Lane"
    assert bo69.site_category is SiteCategory.TOWN_CENTRE
    assert bo69.transmission is Transmission.FIBRE
    assert bo69.signage_in_place is True
    assert (bo69.lon, bo69.lat) == (-0.2609, 51.6025)
    # Projected to BNG by the reader; the reference was projected separately.
    assert bo69.easting == pytest.approx(BURNT_OAK_E, abs=1)
    assert bo69.northing == pytest.approx(BURNT_OAK_N, abs=1)
    assert bo69.row == 2

    edgware = register.sites[1]
    assert (edgware.easting, edgware.northing) == (EDGWARE_E, EDGWARE_N)
    assert edgware.lon == pytest.approx(-0.2777, abs=1e-3)
    assert (edgware.power, edgware.transmission) == (Power.SOLAR, Transmission.G4)
    assert edgware.wayleave_needed is True
    assert edgware.site_status is SiteStatus.PLANNED
    assert (edgware.owning_service, edgware.mounting) == (OwningService.HIGHWAYS, Mounting.POLE)
    assert edgware.row == 4

    cams = {c.asset_number: c for c in register.cameras}
    assert cams["BO69"].site_code == "BO69"
    assert cams["BO69"].camera_type is CameraType.FIXED
    assert cams["BO69"].installed_on == date(2021, 12, 1)  # UK day/month order
    assert cams["BO69"].bearing_deg == 45.5
    assert cams["BO69"].field_of_view_deg == 60.0
    assert cams["BO69"].range_m == 120
    assert cams["BO69"].camera_status is CameraStatus.DEFECTIVE
    assert cams["BO69"].recording_location == "EPSC"
    assert cams["BO70"].camera_type is CameraType.PTZ
    assert cams["BO70"].installed_on == date(2022, 3, 4)
    assert cams["BO70"].automated_processing is AutomatedProcessing.ANPR
    assert (cams["BO70"].frames_per_second, cams["BO70"].retention_days) == (12, 31)
    assert cams["BO71"].camera_type is CameraType.MULTI_SENSOR
    assert cams["RD_07"].site_code is None
    assert cams["RD_07"].camera_status is CameraStatus.IN_STORE
    assert (cams["RD_07"].make, cams["RD_07"].model) == ("Acme", "Multi sensor X")
    assert cams["RD_07"].row == 5


def test_blank_cells_take_the_documented_defaults():
    register = read_csv(good_rows())
    sites = {s.site_code: s for s in register.sites}
    cams = {c.asset_number: c for c in register.cameras}

    assert sites["WH1"].site_category is SiteCategory.OTHER
    assert sites["WH1"].owning_service is OwningService.COMMUNITY_SAFETY
    assert sites["WH1"].mounting is Mounting.COLUMN
    assert sites["WH1"].power is Power.MAINS
    assert sites["WH1"].transmission is Transmission.NONE
    assert sites["WH1"].site_status is SiteStatus.ACTIVE
    assert sites["WH1"].wayleave_needed is False
    assert sites["WH1"].signage_in_place is False
    assert sites["WH1"].location_detail is None and sites["WH1"].ward_code is None
    assert cams["BO69"].retention_days == 28
    assert cams["BO69"].frames_per_second == 25
    assert cams["BO69"].automated_processing is AutomatedProcessing.NONE
    assert cams["BO70"].camera_status is CameraStatus.OPERATIONAL
    assert cams["BO70"].make is None and cams["BO70"].bearing_deg is None


def test_control_room_default_is_yes_only_for_sites_with_a_fixed_type_camera():
    sites = {s.site_code: s for s in read_csv(good_rows()).sites}
    assert sites["BO69"].connected_to_control_room is True  # fixed and PTZ cameras
    assert sites["WH1"].connected_to_control_room is False  # only a redeployable camera
    assert sites["ED-01"].connected_to_control_room is False  # planned, no camera yet


def test_explicit_control_room_value_overrides_the_default():
    rows = [site_row(camera_type="redeployable", connected_to_control_room="1")]
    assert read_csv(rows).sites[0].connected_to_control_room is True


def test_header_matches_ignoring_case_spaces_and_order():
    header = [" ASSET_NUMBER ", "Camera Type", "site-code", "Site_Name", "LON", "lat"]
    data = csv_bytes([{" ASSET_NUMBER ": "c9", "Camera Type": "Dome", "site-code": "s9",
                       "Site_Name": "Nine", "LON": "-0.2", "lat": "51.6"}], header)
    register = read_register_file(data, "register.csv")
    assert register.cameras[0].asset_number == "C9"
    assert register.cameras[0].camera_type is CameraType.DOME
    assert register.sites[0].site_name == "Nine"


def test_blank_lines_are_skipped_but_keep_the_spreadsheet_row_numbers():
    # Row 2: S1; rows 3-4: blank lines; row 5: S2.
    second = b"S2,Two,,-0.2,51.6" + b"," * 12 + b",C2,dome" + b"," * 12 + b"\r\n"
    data = csv_bytes([site_row()]) + b"\r\n\r\n" + second
    register = read_register_file(data, "register.csv")
    assert [s.row for s in register.sites] == [2, 5]
    with pytest.raises(RegisterFileError) as info:
        read_register_file(data.replace(b",C2,dome", b",C2,blimp"), "register.csv")
    assert [(e.row, e.column) for e in info.value.errors] == [(5, "camera_type")]


def test_numbers_and_booleans_accept_their_documented_spellings():
    rows = [site_row(site_code=f"S{i}", asset_number=f"C{i}", wayleave_needed=spelling,
                     range_m="150.0")
            for i, spelling in enumerate(["yes", "Y", "TRUE", "1", "no", "n", "False", "0"])]
    register = read_csv(rows)
    assert [s.wayleave_needed for s in register.sites] == [True] * 4 + [False] * 4
    assert {c.range_m for c in register.cameras} == {150}


def test_reads_from_a_path_and_from_a_file_object(tmp_path):
    path = tmp_path / "estate.csv"
    path.write_bytes(csv_bytes(good_rows()))
    from_path = read_register_file(path)
    assert from_path.filename == "estate.csv"
    from_stream = read_register_file(io.BytesIO(path.read_bytes()), "upload.csv")
    assert from_stream.sites == from_path.sites
    assert from_stream.cameras == from_path.cameras


# --------------------------------------------------------------------------- encodings


def test_windows_1252_file_is_read():
    rows = [site_row(site_name="Café Parade – east", location_detail="Opposite Nando’s")]
    data = csv_bytes(rows, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the premise: this is not UTF-8
    site = read_register_file(data, "register.csv").sites[0]
    assert site.site_name == "Café Parade – east"
    assert site.location_detail == "Opposite Nando’s"


def test_utf8_with_byte_order_mark_is_read():
    data = b"\xef\xbb\xbf" + csv_bytes([site_row(site_name="Zoë Gardens")])
    register = read_register_file(data, "register.csv")
    assert register.sites[0].site_code == "S1"  # the BOM is not part of the first header
    assert register.sites[0].site_name == "Zoë Gardens"


# --------------------------------------------------------------------------- xlsx


def test_xlsx_with_typed_cells_reads_like_the_csv():
    typed = []
    for row in good_rows():
        row = dict(row)
        for key in ("lon", "lat", "easting", "northing", "bearing_deg", "field_of_view_deg"):
            if key in row:
                row[key] = float(row[key])
        for key in ("range_m", "retention_days", "frames_per_second"):
            if key in row:
                row[key] = int(row[key])
        typed.append(row)
    typed[0]["installed_on"] = datetime(2021, 12, 1)  # a real date cell
    typed[0]["signage_in_place"] = True  # a real boolean cell
    typed[2]["wayleave_needed"] = 1
    from_xlsx = read_register_file(xlsx_bytes(typed), "register.xlsx")
    from_csv = read_csv(good_rows())
    assert from_xlsx.sites == from_csv.sites
    assert from_xlsx.cameras == from_csv.cameras
    assert [c.row for c in from_xlsx.cameras] == [c.row for c in from_csv.cameras]


def test_xlsx_errors_name_the_row_and_column():
    rows = [site_row(), site_row(site_code="S2", asset_number="C2", lon=2.35, lat=48.85)]
    error = errors_of(rows, filename="register.xlsx", maker=xlsx_bytes)
    assert str(error) == ("register.xlsx, row 3, column lon: point (2.35, 48.85) is outside "
                          "Great Britain's national grid")


def test_xlsx_number_in_a_date_column_is_an_error():
    error = errors_of([site_row(installed_on=44531)], filename="r.xlsx", maker=xlsx_bytes)
    assert [(e.row, e.column) for e in error.errors] == [(2, "installed_on")]
    assert "not a date" in error.errors[0].message


def test_xlsx_numeric_asset_number_is_read_as_text():
    register = read_register_file(xlsx_bytes([site_row(asset_number=1234)]), "r.xlsx")
    assert register.cameras[0].asset_number == "1234"


def test_corrupt_xlsx_is_an_error_not_a_crash():
    error = errors_of([site_row()], filename="register.xlsx")  # CSV bytes named .xlsx
    assert error.errors[0].row is None
    assert "not a readable .xlsx" in error.errors[0].message


def test_unsupported_file_type_is_an_error():
    error = errors_of([site_row()], filename="register.ods")
    assert "unsupported file type" in str(error)


# --------------------------------------------------------------------------- bad cells

BAD_CELLS = [
    # (column, value, fragment of the message)
    ("lon", "2.35", "outside Great Britain"),  # lat 51.6025 with lon in the North Sea
    ("lon", "abc", "not a number"),
    ("lat", "nan", "not a finite number"),
    ("site_category", "shopping mall", "not a valid site category"),
    ("owning_service", "police", "not a valid owning service"),
    ("mounting", "tree", "not a valid mounting"),
    ("power", "nuclear", "not a valid power"),
    ("transmission", "carrier pigeon", "not a valid transmission"),
    ("site_status", "maybe", "not a valid site status"),
    ("camera_type", "webcam", "not a valid camera type"),
    ("automated_processing", "facial", "not a valid automated processing"),
    ("camera_status", "broken-ish", "not a valid camera status"),
    ("wayleave_needed", "perhaps", "not yes or no"),
    ("installed_on", "31/02/2021", "not a real date"),
    ("installed_on", "2021/12/01", "not a date"),
    ("installed_on", "01/12/1890", "not a plausible date"),
    ("bearing_deg", "360", "out of range"),
    ("bearing_deg", "-1", "out of range"),
    ("field_of_view_deg", "0.5", "out of range"),
    ("range_m", "2001", "out of range"),
    ("range_m", "10.5", "not a whole number"),
    ("retention_days", "0", "out of range"),
    ("retention_days", "3651", "out of range"),
    ("frames_per_second", "61", "out of range"),
    ("asset_number", "BO 69", "not a valid code"),
    ("asset_number", "X" * 33, "not a valid code"),
    ("site_code", "S/1", "not a valid code"),
    ("ward_code", "Burnt Oak", "not an ONS ward code"),
    ("site_name", "x" * 201, "at most 200"),
    ("make", "bell\x07", "control character"),
]


@pytest.mark.parametrize(("column", "value", "fragment"), BAD_CELLS,
                         ids=[f"{c}={v[:12]!r}" for c, v, _ in BAD_CELLS])
def test_bad_cell_is_named_by_file_row_and_column(column, value, fragment):
    rows = [site_row(), site_row(**{"site_code": "S2", "asset_number": "C2", column: value})]
    error = errors_of(rows)
    assert [(e.filename, e.row, e.column) for e in error.errors] == [("register.csv", 3, column)]
    assert fragment in error.errors[0].message
    assert str(error).startswith(f"register.csv, row 3, column {column}: ")


def test_point_in_france_reads_as_the_documented_message():
    error = errors_of([site_row(lon="2.35", lat="48.85")])
    assert str(error) == ("register.csv, row 2, column lon: point (2.35, 48.85) is outside "
                          "Great Britain's national grid")
    assert isinstance(error, ValidationFailed) and error.http_status == 422


def test_grid_reference_off_the_grid_names_easting():
    error = errors_of([site_row(lon="", lat="", easting="750000", northing="100000")])
    assert [(e.row, e.column) for e in error.errors] == [(2, "easting")]
    assert "outside the British National Grid" in error.errors[0].message


def test_every_error_in_the_file_is_reported_in_row_order():
    rows = [
        site_row(bearing_deg="400"),
        site_row(site_code="S2", asset_number="C2", camera_type="webcam", range_m="-3"),
        site_row(site_code="S3", asset_number="C3"),
        site_row(site_code="S4", asset_number="C4", lon="2.35", lat="48.85"),
    ]
    error = errors_of(rows)
    assert [(e.row, e.column) for e in error.errors] == [
        (2, "bearing_deg"), (3, "camera_type"), (3, "range_m"), (5, "lon")]
    assert len(str(error).splitlines()) == 4


def test_errors_stop_at_the_cap_and_say_so():
    rows = [site_row(site_code=f"S{i}", asset_number=f"C{i}", bearing_deg="999")
            for i in range(MAX_ERRORS + 50)]
    error = errors_of(rows)
    assert len(error.errors) == MAX_ERRORS
    assert error.truncated
    assert str(error).endswith(f"(stopped after the first {MAX_ERRORS} errors)")


def test_error_dicts_are_json_ready():
    error = errors_of([site_row(camera_type="webcam")])
    assert error.to_dicts() == [{"file": "register.csv", "sheet": None, "row": 2,
                                 "column": "camera_type",
                                 "message": error.errors[0].message}]


# --------------------------------------------------------------------------- header


def test_unknown_columns_are_named():
    header = HEADER + ["colour", "Camera Notes"]
    error = errors_of([site_row()], header)
    assert [(e.row, e.column) for e in error.errors] == [(1, "colour"), (1, "Camera Notes")]
    assert all("unknown column" in e.message for e in error.errors)


def test_misspelt_column_gets_a_suggestion():
    header = [("site_nmae" if h == "site_name" else h) for h in HEADER]
    error = errors_of([{**site_row(), "site_nmae": "One"}], header)
    messages = {e.column: e.message for e in error.errors}
    assert "did you mean site_name?" in messages["site_nmae"]
    assert messages["site_name"] == "required column is missing"


def test_missing_required_columns_are_errors():
    header = [h for h in HEADER if h not in ("asset_number", "camera_type")]
    error = errors_of([site_row()], header)
    assert {(e.row, e.column) for e in error.errors} == {(1, "asset_number"), (1, "camera_type")}


def test_a_file_with_no_location_columns_is_an_error():
    header = [h for h in HEADER if h not in ("lon", "lat", "easting", "northing")]
    error = errors_of([site_row()], header)
    assert [(e.row, e.column) for e in error.errors] == [(1, "lon")]


def test_half_a_location_pair_in_the_header_is_an_error():
    header = [h for h in HEADER if h not in ("lat", "easting", "northing")]
    error = errors_of([site_row()], header)
    assert [(e.row, e.column) for e in error.errors] == [(1, "lat")]


def test_repeated_column_is_an_error():
    error = errors_of([site_row()], HEADER + ["make"])
    assert [(e.row, e.column) for e in error.errors] == [(1, "make")]
    assert "appears twice" in error.errors[0].message


def test_value_under_no_header_is_an_error():
    data = csv_bytes([site_row()]).rstrip(b"\r\n") + b",stray\r\n"
    with pytest.raises(RegisterFileError) as info:
        read_register_file(data, "register.csv")
    assert [(e.row, e.column) for e in info.value.errors] == [(2, "column AF")]


def test_empty_file_is_an_error():
    with pytest.raises(RegisterFileError) as info:
        read_register_file(b"", "register.csv")
    assert "header row is missing" in str(info.value)


# --------------------------------------------------------------------------- rows and sites


def test_duplicate_asset_number_names_both_rows():
    rows = [site_row(asset_number="BO69"), site_row(site_code="S2", asset_number="bo69")]
    error = errors_of(rows)
    assert [(e.row, e.column) for e in error.errors] == [(3, "asset_number")]
    assert "BO69 is also on row 2" in error.errors[0].message


def test_rows_of_one_site_must_agree():
    rows = [site_row(site_category="park"),
            site_row(asset_number="C2", site_name="", lon="", lat="", site_category="Park"),
            site_row(asset_number="C3", site_name="Site two", site_category="")]
    error = errors_of(rows)
    assert [(e.row, e.column) for e in error.errors] == [(4, "site_name")]
    assert "row 2" in error.errors[0].message and "'Site one'" in error.errors[0].message


def test_site_values_may_come_from_a_later_row():
    rows = [site_row(site_name="", lon="", lat=""),
            site_row(asset_number="C2", site_name="Late name", lon="-0.2609", lat="51.6025")]
    site = read_csv(rows).sites[0]
    assert site.site_name == "Late name" and site.row == 2


def test_camera_without_site_must_leave_site_columns_blank():
    rows = [{"asset_number": "M1", "camera_type": "redeployable", "site_name": "Somewhere",
             "power": "solar"}]
    error = errors_of(rows)
    assert [(e.row, e.column) for e in error.errors] == [(2, "site_name"), (2, "power")]


def test_site_without_camera_must_leave_camera_columns_blank():
    rows = [site_row(asset_number="", camera_type="", make="Acme")]
    error = errors_of(rows)
    assert [(e.row, e.column) for e in error.errors] == [(2, "make")]


def test_row_with_neither_site_nor_camera_is_an_error():
    error = errors_of([{"make": "Acme"}])
    assert [(e.row, e.column) for e in error.errors] == [(2, "site_code")]


def test_site_and_camera_required_cells():
    rows = [site_row(site_name="", camera_type="")]
    error = errors_of(rows)
    assert {(e.row, e.column) for e in error.errors} == {(2, "site_name"), (2, "camera_type")}


def test_site_needs_a_location():
    error = errors_of([site_row(lon="", lat="")])
    assert [(e.row, e.column) for e in error.errors] == [(2, "lon")]
    assert "needs a location" in error.errors[0].message


def test_half_a_location_pair_names_the_missing_column():
    error = errors_of([site_row(lat="")])
    assert [(e.row, e.column) for e in error.errors] == [(2, "lat")]


def test_both_location_pairs_must_agree_within_25_m():
    # 30 m east of the lon/lat point: too far.
    far = site_row(easting=str(BURNT_OAK_E + 30), northing=str(BURNT_OAK_N))
    error = errors_of([far])
    assert [(e.row, e.column) for e in error.errors] == [(2, "easting")]
    assert "must agree within 25 m" in error.errors[0].message
    # 10 m off: accepted, and both pairs are kept as given.
    near = site_row(easting=str(BURNT_OAK_E + 10), northing=str(BURNT_OAK_N))
    site = read_csv([near]).sites[0]
    assert (site.lon, site.lat) == (-0.2609, 51.6025)
    assert (site.easting, site.northing) == (BURNT_OAK_E + 10, BURNT_OAK_N)


def test_nothing_is_returned_when_one_row_is_bad():
    rows = good_rows()
    rows[3]["camera_type"] = "webcam"
    error = errors_of(rows)
    assert [(e.row, e.column) for e in error.errors] == [(5, "camera_type")]
    rows[3]["camera_type"] = "redeployable"
    assert len(read_csv(rows).cameras) == 5


ENUM_SPELLINGS = [
    ("site_category", "Town centre", SiteCategory.TOWN_CENTRE),
    ("site_category", "town-centre", SiteCategory.TOWN_CENTRE),
    ("site_category", " BOROUGH ENTRANCE ", SiteCategory.BOROUGH_ENTRANCE),
    ("camera_type", "PTZ", CameraType.PTZ),
    ("camera_type", "Multi sensor", CameraType.MULTI_SENSOR),
    ("camera_type", "multi-sensor", CameraType.MULTI_SENSOR),
    ("transmission", "4G", Transmission.G4),
    ("transmission", "fiber", Transmission.FIBRE),
    ("camera_status", "In store", CameraStatus.IN_STORE),
    ("automated_processing", "Biometrics", AutomatedProcessing.BIOMETRICS),
]


@pytest.mark.parametrize(("column", "spelling", "expected"), ENUM_SPELLINGS)
def test_enum_cells_accept_values_and_labels(column, spelling, expected):
    register = read_csv([site_row(**{column: spelling})])
    row = register.sites[0] if hasattr(register.sites[0], column) else register.cameras[0]
    assert getattr(row, column) is expected
