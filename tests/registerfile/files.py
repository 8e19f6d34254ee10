"""Build register files for tests, independently of the code under test.

CSV goes through the csv module and xlsx through openpyxl directly, so a bug
in the project's own writers cannot hide a bug in the reader.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

HEADER = ["site_code", "site_name", "location_detail", "lon", "lat", "easting", "northing", "ward_code", "site_category", "owning_service", "mounting", "power", "transmission", "wayleave_needed", "signage_in_place", "connected_to_control_room", "site_status", "asset_number", "camera_type", "make", "model", "serial_number", "installed_on", "bearing_deg", "field_of_view_deg", "range_m", "retention_days", "recording_location", "frames_per_second", "automated_processing", "camera_status"]


def csv_bytes(rows: list[dict], header: list[str] = HEADER, encoding: str = "utf-8") -> bytes:
    """Write dict rows (missing keys blank) under ``header`` as CSV bytes."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row.get(h) for h in header])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[dict], header: list[str] = HEADER, title: str = "Register") -> bytes:
    """Write dict rows (typed cells: numbers, dates, bools) to a one-sheet workbook."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(header)
    for row in rows:
        ws.append([row.get(h) for h in header])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# Burnt Oak Broadway, in Burnt Oak ward; the grid reference was projected with
# pyproj separately (EPSG:4326 -> 27700) and rounded to the metre.
BURNT_OAK_LON, BURNT_OAK_LAT = -0.2609, 51.6025
BURNT_OAK_E, BURNT_OAK_N = 520541, 190728
# Edgware station, placed by grid reference only.
EDGWARE_E, EDGWARE_N = 519350, 191750


def good_rows() -> list[dict]:
    """A small valid register exercising the layouts and value spellings."""
    return [
        {"site_code": "bo69", "site_name": "Burnt Oak Town Centre",
         "location_detail": "Burnt Oak Broadway opposite Stag Lane",
         "lon": "-0.2609", "lat": "51.6025", "site_category": "Town centre",
         "transmission": "Fibre", "signage_in_place": "Yes", "asset_number": "bo69",
         "camera_type": "Fixed", "installed_on": "01/12/2021", "bearing_deg": "45.5",
         "field_of_view_deg": "60", "range_m": "120", "recording_location": "EPSC",
         "camera_status": "Defective"},
        # A second camera at the same site: the site columns left blank.
        {"site_code": "BO69", "asset_number": "BO70", "camera_type": "PTZ",
         "installed_on": "2022-03-04", "automated_processing": "ANPR", "frames_per_second": "12",
         "retention_days": "31"},
        # A planned site with no camera, placed by grid reference.
        {"site_code": "ED-01", "site_name": "Edgware Station", "easting": str(EDGWARE_E),
         "northing": str(EDGWARE_N), "site_category": "station", "power": "Solar",
         "transmission": "4G", "wayleave_needed": "Y", "site_status": "planned",
         "owning_service": "Highways", "mounting": "pole"},
        # A mobile camera in store: no site.
        {"asset_number": "RD_07", "camera_type": "redeployable", "camera_status": "In store",
         "make": "Acme", "model": "Multi sensor X"},
        # A site whose only camera is redeployable; both location pairs given.
        {"site_code": "WH1", "site_name": "West Hendon Park", "lon": str(BURNT_OAK_LON),
         "lat": str(BURNT_OAK_LAT), "easting": str(BURNT_OAK_E), "northing": str(BURNT_OAK_N),
         "asset_number": "RD_08", "camera_type": "Redeployable"},
        {"site_code": "BO69", "asset_number": "BO71", "camera_type": "Multi sensor"},
    ]
