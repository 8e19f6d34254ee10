"""Exports of the camera register: .xlsx, .csv (the import format) and GeoJSON.

Inputs are the register file's plain rows (:class:`SiteRow`,
:class:`CameraRow`), the same ones :func:`read_register_file` returns, so an
export read back gives the rows that were exported. The service layer maps
ORM objects to these rows; nothing here touches a database.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date
from enum import Enum

from cctv_planner.exports.xlsx import ColumnSpec, SheetSpec, write_workbook
from cctv_planner.registerfile.columns import (
    CAMERA_COLUMNS,
    CAMERA_SHEET_COLUMNS,
    COLUMN_NAMES,
    SITE_COLUMNS,
    Column,
    Kind,
)
from cctv_planner.registerfile.rows import CameraRow, SiteRow

# A spreadsheet opening a CSV runs cells that start with these as formulas.
# A leading ' defuses them and the reader takes it off again; text that
# already starts with ' before one of them gets one more, so it round-trips.
_CSV_FORMULA_RE = re.compile(r"^'*[=+\-@\t\r]")


def column_spec(column: Column, *, dropdown: bool = True) -> ColumnSpec:
    """Return the xlsx :class:`ColumnSpec` of a register column.

    Parameters
    ----------
    column : Column
        A column of :data:`cctv_planner.registerfile.columns.COLUMNS`.
    dropdown : bool
        Offer the allowed values (enum values, yes/no) in a dropdown.
    """
    choices = None
    if dropdown and column.kind is Kind.ENUM:
        assert column.enum is not None
        choices = tuple(m.value for m in column.enum)
    elif dropdown and column.kind is Kind.BOOLEAN:
        choices = ("yes", "no")
    return ColumnSpec(column.name, width=column.width, number_format=column.number_format,
                      choices=choices)


def cell_value(value: object) -> object:
    """Normalise a row value for a sheet or CSV: enums to their values, booleans to yes/no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return value.value
    return value


def _check_sites(sites: Sequence[SiteRow], cameras: Sequence[CameraRow]) -> None:
    codes = [s.site_code for s in sites]
    if len(set(codes)) != len(codes):
        raise ValueError("site codes must be unique in an export")
    assets = [c.asset_number for c in cameras]
    if len(set(assets)) != len(assets):
        raise ValueError("asset numbers must be unique in an export")
    known = set(codes)
    for camera in cameras:
        if camera.site_code is not None and camera.site_code not in known:
            # The file could not be imported again: its camera would name a
            # site the file does not hold.
            raise ValueError(f"camera {camera.asset_number} is at site {camera.site_code}, "
                             "which is not among the sites exported")


def register_rows(sites: Sequence[SiteRow],
                  cameras: Sequence[CameraRow]) -> list[dict[str, object]]:
    """Flatten sites and cameras into the import layout: one row per camera.

    Each camera's row repeats its site's columns; a site with no camera gets
    a row of its own with the camera columns empty; cameras with no site come
    last with the site columns empty.

    Parameters
    ----------
    sites : sequence of SiteRow
        Every site to export (codes unique).
    cameras : sequence of CameraRow
        Every camera to export (asset numbers unique); each ``site_code`` must
        be ``None`` or one of ``sites``.

    Returns
    -------
    list of dict
        Rows keyed by column name, in
        :data:`~cctv_planner.registerfile.columns.COLUMN_NAMES` order, with
        the rows' typed values (``None`` for empty cells).

    Raises
    ------
    ValueError
        A duplicate code or a camera at a site not in ``sites``.
    """
    _check_sites(sites, cameras)
    by_site: dict[str, list[CameraRow]] = {s.site_code: [] for s in sites}
    for camera in cameras:
        if camera.site_code is not None:
            by_site[camera.site_code].append(camera)
    blank_site = {c.name: None for c in SITE_COLUMNS}
    blank_camera = {c.name: None for c in CAMERA_COLUMNS}
    rows = []
    for site in sites:
        site_cells = site.cells()
        for camera in by_site[site.site_code] or [None]:
            cells = {**site_cells, **(camera.cells() if camera else blank_camera)}
            rows.append({name: cells[name] for name in COLUMN_NAMES})
    for camera in cameras:
        if camera.site_code is None:
            cells = {**blank_site, **camera.cells()}
            rows.append({name: cells[name] for name in COLUMN_NAMES})
    return rows


def _csv_text(value: object) -> str:
    value = cell_value(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)  # shortest text that reads back as the same float
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return "'" + value if _CSV_FORMULA_RE.match(value) else value
    return str(value)


def register_csv(sites: Sequence[SiteRow], cameras: Sequence[CameraRow]) -> bytes:
    """Write the register as a .csv in the import format.

    Parameters
    ----------
    sites, cameras : sequences of SiteRow and CameraRow
        As for :func:`register_rows`.

    Returns
    -------
    bytes
        UTF-8 with a byte-order mark (so Excel reads it as UTF-8), a header of
        every column, one row per camera (see :func:`register_rows`). Floats
        are written in full so they read back exactly; text a spreadsheet
        would run as a formula is prefixed with ``'``, which the reader
        removes.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMN_NAMES)
    for row in register_rows(sites, cameras):
        writer.writerow([_csv_text(row[name]) for name in COLUMN_NAMES])
    return buffer.getvalue().encode("utf-8-sig")


def register_xlsx(sites: Sequence[SiteRow], cameras: Sequence[CameraRow]) -> bytes:
    """Write the register as an .xlsx with a Sites sheet and a Cameras sheet.

    Both sheets have frozen, filterable headers, dropdowns on enum and yes/no
    columns, and the register file's column names, so the workbook can be
    edited and imported again (the reader recognises the two sheets).

    Parameters
    ----------
    sites, cameras : sequences of SiteRow and CameraRow
        As for :func:`register_rows`. The Cameras sheet's ``site_code`` links
        a camera to its site.

    Returns
    -------
    bytes
        The .xlsx file. Floats keep 16 significant digits (openpyxl writes
        ``%.16g``; Excel itself keeps 15), so a projected easting may lose
        its last bit, far below a millimetre; the .csv keeps floats exactly.
    """
    _check_sites(sites, cameras)
    site_sheet = SheetSpec(
        "Sites", [column_spec(c) for c in SITE_COLUMNS],
        [[cell_value(getattr(s, c.name)) for c in SITE_COLUMNS] for s in sites])
    camera_sheet = SheetSpec(
        "Cameras", [column_spec(c) for c in CAMERA_SHEET_COLUMNS],
        [[cell_value(getattr(cam, c.name)) for c in CAMERA_SHEET_COLUMNS] for cam in cameras])
    return write_workbook([site_sheet, camera_sheet])


def _json_value(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def register_geojson(sites: Sequence[SiteRow], cameras: Iterable[CameraRow]) -> dict:
    """Build a GeoJSON FeatureCollection of sites with their cameras.

    Parameters
    ----------
    sites, cameras : sequences of SiteRow and CameraRow
        As for :func:`register_rows`.

    Returns
    -------
    dict
        A FeatureCollection (RFC 7946: WGS84 lon/lat). One Point feature per
        site, ``id`` the site code; its properties are the site's columns
        (easting/northing included, lon/lat in the geometry) plus
        ``cameras``, a list of the site's cameras' columns. Cameras with no
        site have no place on a map; they are listed in the foreign member
        ``cameras_without_site`` so the export still holds the whole estate.
        Values are JSON-ready: enum values, ISO dates, booleans.
    """
    cameras = list(cameras)
    _check_sites(sites, cameras)

    def camera_props(camera: CameraRow) -> dict:
        return {name: _json_value(v) for name, v in camera.cells().items()}

    by_site: dict[str, list[dict]] = {s.site_code: [] for s in sites}
    unsited = []
    for camera in cameras:
        if camera.site_code is None:
            unsited.append(camera_props(camera))
        else:
            by_site[camera.site_code].append(camera_props(camera))
    features = []
    for site in sites:
        props = {name: _json_value(v) for name, v in site.cells().items()
                 if name not in ("lon", "lat")}
        props["cameras"] = by_site[site.site_code]
        features.append({
            "type": "Feature",
            "id": site.site_code,
            "geometry": {"type": "Point", "coordinates": [site.lon, site.lat]},
            "properties": props,
        })
    return {"type": "FeatureCollection", "features": features,
            "cameras_without_site": unsited}
