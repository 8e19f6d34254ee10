"""Coordinate reference systems and conversions.

This is the only module that knows about CRSs. All analysis runs in British
National Grid (EPSG:27700) metres; people and files give WGS84 lon/lat
(EPSG:4326) or BNG easting/northing.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from pyproj import Transformer

from cctv_planner.domain.errors import ValidationFailed

WGS84 = "EPSG:4326"
BNG = "EPSG:27700"

# The extent of the British National Grid's defined area (OS "bounds" of
# EPSG:27700): a point outside it is not in Great Britain's grid at all.
BNG_MIN_E, BNG_MAX_E = 0.0, 700_000.0
BNG_MIN_N, BNG_MAX_N = 0.0, 1_300_000.0
# WGS84 envelope of Great Britain (with its islands); a cheap first check
# before projecting.
GB_MIN_LON, GB_MAX_LON = -9.0, 2.1
GB_MIN_LAT, GB_MAX_LAT = 49.75, 61.0
# When a place is given in both systems, the two must name the same spot.
PAIR_AGREEMENT_M = 25.0


@functools.cache
def transformer(src: str, dst: str) -> Transformer:
    """Return a cached lon/lat-ordered transformer (thread-safe in pyproj >= 3.1)."""
    return Transformer.from_crs(src, dst, always_xy=True)


@dataclass(frozen=True, slots=True)
class Location:
    """A point held in both systems: WGS84 degrees and BNG metres."""

    lon: float
    lat: float
    easting: float
    northing: float


def _finite(value: float, field: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationFailed(f"{field} must be a number", field=field) from None
    if not math.isfinite(number):
        raise ValidationFailed(f"{field} must be a finite number", field=field)
    return number


def from_lonlat(lon: float, lat: float) -> Location:
    """Build a :class:`Location` from WGS84 degrees.

    Raises ``ValidationFailed`` naming ``lon``/``lat`` when the point is not in
    Great Britain's grid (e.g. in France, or the Atlantic).

    Examples
    --------
    >>> loc = from_lonlat(-0.267068, 51.600443)  # BO69, Burnt Oak Broadway opp. Stag Lane
    >>> round(loc.easting), round(loc.northing)
    (520119, 190489)
    """
    lon = _finite(lon, "lon")
    lat = _finite(lat, "lat")
    if not (-180.0 <= lon <= 180.0):
        raise ValidationFailed("lon must be between -180 and 180", field="lon")
    if not (-90.0 <= lat <= 90.0):
        raise ValidationFailed("lat must be between -90 and 90", field="lat")
    if not (GB_MIN_LON <= lon <= GB_MAX_LON and GB_MIN_LAT <= lat <= GB_MAX_LAT):
        raise ValidationFailed(
            f"point ({lon}, {lat}) is outside Great Britain's national grid", field="lon"
        )
    easting, northing = transformer(WGS84, BNG).transform(lon, lat)
    _check_grid(easting, northing, field="lon")
    return Location(lon=lon, lat=lat, easting=float(easting), northing=float(northing))


def from_bng(easting: float, northing: float) -> Location:
    """Build a :class:`Location` from BNG metres; reject points off the grid."""
    easting = _finite(easting, "easting")
    northing = _finite(northing, "northing")
    _check_grid(easting, northing, field="easting")
    lon, lat = transformer(BNG, WGS84).transform(easting, northing)
    if not (GB_MIN_LON <= lon <= GB_MAX_LON and GB_MIN_LAT <= lat <= GB_MAX_LAT):
        raise ValidationFailed(
            f"point ({easting}, {northing}) is outside Great Britain", field="easting"
        )
    return Location(lon=float(lon), lat=float(lat), easting=easting, northing=northing)


def reconcile(by_lonlat: Location, by_bng: Location, *, field: str = "easting") -> Location:
    """Join a place given in both systems, keeping both pairs exactly as given.

    Raises ``ValidationFailed`` naming ``field`` when the two are more than
    :data:`PAIR_AGREEMENT_M` apart (a typo in one pair, usually).
    """
    apart_m = math.hypot(by_lonlat.easting - by_bng.easting, by_lonlat.northing - by_bng.northing)
    if apart_m > PAIR_AGREEMENT_M:
        raise ValidationFailed(
            f"easting/northing ({by_bng.easting:.0f}, {by_bng.northing:.0f}) is {apart_m:.0f} m from "
            f"lon/lat ({by_lonlat.lon}, {by_lonlat.lat}); the two pairs must agree within "
            f"{PAIR_AGREEMENT_M:.0f} m", field=field)
    return Location(lon=by_lonlat.lon, lat=by_lonlat.lat, easting=by_bng.easting, northing=by_bng.northing)


def _check_grid(easting: float, northing: float, *, field: str) -> None:
    if not (BNG_MIN_E <= easting <= BNG_MAX_E and BNG_MIN_N <= northing <= BNG_MAX_N):
        raise ValidationFailed(
            f"point ({easting:.0f}, {northing:.0f}) is outside the British National Grid",
            field=field,
        )


def lonlat_to_bng_arrays(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project arrays of WGS84 degrees to BNG metres in one vectorised call."""
    x, y = transformer(WGS84, BNG).transform(np.asarray(lon, float), np.asarray(lat, float))
    return np.asarray(x), np.asarray(y)


def bng_to_lonlat_arrays(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project arrays of BNG metres to WGS84 degrees in one vectorised call."""
    lon, lat = transformer(BNG, WGS84).transform(np.asarray(x, float), np.asarray(y, float))
    return np.asarray(lon), np.asarray(lat)
