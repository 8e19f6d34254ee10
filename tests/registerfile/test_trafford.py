"""A real council register (Trafford's open CCTV data) maps onto the register file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cctv_planner.domain.register import CameraType
from cctv_planner.registerfile import RegisterFileError, read_register_file
from tests.registerfile.files import csv_bytes

SHARED = Path(__file__).resolve().parents[3] / "shared"
TRAFFORD = SHARED / "data" / "real" / "trafford_cctv_cameras.csv"

pytestmark = pytest.mark.skipif(not TRAFFORD.exists(), reason="shared real data not present")


def trafford_as_register() -> tuple[list[dict], bytes]:
    with TRAFFORD.open(encoding="utf-8", newline="") as handle:
        source = list(csv.DictReader(handle))
    rows = [{"site_code": f"TR{r['camera_id']}", "site_name": r["location"],
             "ward_code": r["area_code"], "lon": r["lon"], "lat": r["lat"],
             "asset_number": f"TR{r['camera_id']}", "camera_type": "fixed"} for r in source]
    return source, csv_bytes(rows)


def test_trafford_cameras_read_as_gb_points_in_greater_manchester():
    source, data = trafford_as_register()
    register = read_register_file(data, "trafford.csv")
    assert len(register.sites) == len(source) == 163
    assert all(c.camera_type is CameraType.FIXED for c in register.cameras)
    # Trafford lies roughly between E 370000-385000, N 385000-400000 on the grid.
    assert all(370_000 < s.easting < 385_000 and 385_000 < s.northing < 400_000
               for s in register.sites)
    first = register.sites[0]
    assert (first.lon, first.lat) == (float(source[0]["lon"]), float(source[0]["lat"]))
    assert first.ward_code == source[0]["area_code"]


def test_a_trafford_row_moved_to_france_is_reported_by_its_row():
    source, _ = trafford_as_register()
    rows = [{"site_code": f"TR{r['camera_id']}", "site_name": r["location"],
             "lon": r["lon"], "lat": r["lat"], "asset_number": f"TR{r['camera_id']}",
             "camera_type": "fixed"} for r in source]
    rows[9]["lon"], rows[9]["lat"] = "2.35", "48.85"
    with pytest.raises(RegisterFileError) as info:
        read_register_file(csv_bytes(rows), "trafford.csv")
    assert str(info.value) == ("trafford.csv, row 11, column lon: point (2.35, 48.85) is "
                               "outside Great Britain's national grid")
