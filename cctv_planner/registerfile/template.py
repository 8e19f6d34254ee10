"""The register template: an empty register to fill in, with one example row.

Served by ``cli.py export-register --template`` and the API. The example is
camera BO69 as the council's 2022 operational review describes it; the xlsx
also carries a "Columns" sheet explaining every column.
"""

from __future__ import annotations

from cctv_planner.domain.geo import Location, from_lonlat
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
from cctv_planner.exports.register import cell_value, column_spec, register_csv, register_rows
from cctv_planner.exports.xlsx import ColumnSpec, SheetSpec, write_workbook
from cctv_planner.registerfile.columns import COLUMN_NAMES, COLUMNS, LOCATION_COLUMNS
from cctv_planner.registerfile.rows import CameraRow, SiteRow

REGISTER_SHEET = "Register"
HELP_SHEET = "Columns"


def example_rows() -> tuple[list[SiteRow], list[CameraRow]]:
    """Return the template's example: site and camera BO69 at Burnt Oak.

    Only what the review states is filled in (site, location, 28 days'
    retention at the Enfield Public Safety Centre, 25 fps, no automated
    processing); make, model, bearing and the like are left blank rather
    than invented. The point is on Burnt Oak Broadway, in Burnt Oak ward.
    """
    point = from_lonlat(-0.2609, 51.6025)
    site = SiteRow(
        site_code="BO69",
        site_name="Burnt Oak Town Centre",
        location_detail="Burnt Oak Broadway opposite Stag Lane",
        # Easting/northing to 0.1 m, as a person would type them.
        location=Location(lon=point.lon, lat=point.lat, easting=round(point.easting, 1),
                          northing=round(point.northing, 1)),
        ward_code="E05013630",
        site_category=SiteCategory.TOWN_CENTRE,
        owning_service=OwningService.COMMUNITY_SAFETY,
        mounting=Mounting.COLUMN,
        power=Power.MAINS,
        transmission=Transmission.FIBRE,
        wayleave_needed=False,
        signage_in_place=True,
        connected_to_control_room=True,
        site_status=SiteStatus.ACTIVE,
    )
    camera = CameraRow(
        asset_number="BO69",
        site_code="BO69",
        camera_type=CameraType.FIXED,
        retention_days=28,
        recording_location="Enfield Public Safety Centre (EPSC)",
        frames_per_second=25,
        automated_processing=AutomatedProcessing.NONE,
        camera_status=CameraStatus.OPERATIONAL,
    )
    return [site], [camera]


def _plain(text: str) -> str:
    return text.replace("`", "")


def register_template(format: str = "xlsx") -> bytes:
    """Return a register template to fill in and import.

    Parameters
    ----------
    format : {"xlsx", "csv"}
        ``xlsx``: a "Register" sheet (header, the BO69 example row, frozen
        header, dropdowns on enum and yes/no columns) and a "Columns" sheet
        listing each column's meaning, accepted values and default. ``csv``:
        the header and the example row.

    Returns
    -------
    bytes
        The file. It reads back through ``read_register_file`` as a valid
        register holding the example.

    Raises
    ------
    ValueError
        An unknown format.
    """
    if format == "csv":
        return register_csv(*example_rows())
    if format != "xlsx":
        raise ValueError(f"unknown template format {format!r}; use 'xlsx' or 'csv'")
    rows = register_rows(*example_rows())
    register = SheetSpec(REGISTER_SHEET, [column_spec(c) for c in COLUMNS],
                         [[cell_value(row[name]) for name in COLUMN_NAMES] for row in rows])
    help_rows = []
    for col in COLUMNS:
        if col.required:
            required = "yes"
        elif col.key:
            required = "column must be present; blank cell allowed"
        elif col.name in LOCATION_COLUMNS:
            required = "lon+lat or easting+northing"
        else:
            required = "no"
        help_rows.append([col.name, col.entity.value, required, _plain(col.allowed_text()),
                          col.unit or None, _plain(col.default_description()) or None, col.help])
    help_sheet = SheetSpec(
        HELP_SHEET,
        [ColumnSpec("column", width=26), ColumnSpec("record", width=9),
         ColumnSpec("required", width=22), ColumnSpec("accepted values", width=60, wrap=True),
         ColumnSpec("unit", width=8), ColumnSpec("default", width=28, wrap=True),
         ColumnSpec("meaning", width=70, wrap=True)],
        help_rows, autofilter=False)
    return write_workbook([register, help_sheet])
