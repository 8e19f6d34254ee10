"""The register template reads back as a valid register holding the BO69 example."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from cctv_planner.domain.register import CameraType, SiteCategory
from cctv_planner.registerfile import read_register_file
from cctv_planner.registerfile.template import register_template
from tests.registerfile.files import HEADER


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_template_reads_back_as_the_bo69_example(fmt):
    register = read_register_file(register_template(fmt), f"template.{fmt}")
    assert len(register.sites) == 1 and len(register.cameras) == 1
    site, camera = register.sites[0], register.cameras[0]
    assert (site.site_code, site.site_name) == ("BO69", "Burnt Oak Town Centre")
    assert site.location_detail == "Burnt Oak Broadway opposite Stag Lane"
    assert site.site_category is SiteCategory.TOWN_CENTRE
    assert site.ward_code == "E05013630"  # Burnt Oak ward (ONS)
    assert (site.lon, site.lat) == pytest.approx((-0.2609, 51.6025))
    assert (camera.asset_number, camera.site_code) == ("BO69", "BO69")
    assert camera.camera_type is CameraType.FIXED
    assert (camera.retention_days, camera.frames_per_second) == (28, 25)


def test_csv_template_header_is_the_documented_column_order():
    text = register_template("csv").decode("utf-8-sig")
    assert text.splitlines()[0].split(",") == HEADER


def test_xlsx_template_has_header_example_help_sheet_and_dropdowns():
    wb = load_workbook(io.BytesIO(register_template("xlsx")))
    assert wb.sheetnames == ["Register", "Columns"]
    ws = wb["Register"]
    assert [c.value for c in ws[1]] == HEADER
    assert ws.freeze_panes == "A2"
    assert ws.max_row == 2  # header and the example

    validations = {}
    for dv in ws.data_validations.dataValidation:
        for ref in str(dv.sqref).split():
            validations[ref.split(":")[0].rstrip("0123456789")] = dv.formula1
    letter = {name: chr(ord("A") + i) if i < 26 else "A" + chr(ord("A") + i - 26)
              for i, name in enumerate(HEADER)}
    assert validations[letter["camera_type"]] == '"fixed,ptz,multi_sensor,dome,anpr,redeployable"'
    assert validations[letter["transmission"]] == '"fibre,wireless,4g,5g,none"'
    assert validations[letter["wayleave_needed"]] == '"yes,no"'
    assert letter["site_name"] not in validations  # free text has no dropdown

    help_ws = wb["Columns"]
    described = {row[0]: row for row in help_ws.iter_rows(min_row=2, values_only=True)}
    assert list(described) == HEADER
    assert "Town centre" in described["site_category"][3]
    assert described["retention_days"][5] == "28"
    assert described["site_name"][2] == "yes"


def test_unknown_template_format_is_refused():
    with pytest.raises(ValueError, match="unknown template format"):
        register_template("ods")
