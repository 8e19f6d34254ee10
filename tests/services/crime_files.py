"""Small police.uk files written for the tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cctv_planner.domain import geo
from cctv_planner.domain.planning.police_uk import POLICE_UK_COLUMNS

HEADER = ",".join(POLICE_UK_COLUMNS)
MET = "Metropolitan Police Service"


def row(crime_id: str, month: str, lon: str, lat: str, crime_type: str, *,
        location: str = "On or near High Street", lsoa: str = "E01000248") -> str:
    return f"{crime_id},{month},{MET},{MET},{lon},{lat},{location},{lsoa},Barnet 001A,{crime_type},,"


def lonlat_text(easting: float, northing: float) -> tuple[str, str]:
    lon, lat = geo.bng_to_lonlat_arrays(np.array([easting]), np.array([northing]))
    return f"{lon[0]:.6f}", f"{lat[0]:.6f}"


def write_file(directory: Path, name: str, rows: list[str]) -> Path:
    path = directory / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8", newline="")
    return path
