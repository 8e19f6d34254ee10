"""Which ward a point falls in, from ward polygons given as WGS84 GeoJSON."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape

from cctv_planner.domain import geo


@dataclass(frozen=True)
class WardShape:
    ward_id: int
    code: str
    polygon_bng: shapely.Geometry


def ward_shape(ward_id: int, code: str, geojson: Mapping[str, Any]) -> WardShape:
    """Project a WGS84 GeoJSON geometry to BNG; repair an invalid ring rather than fail."""
    geometry = shape(geojson)
    geometry = shapely.transform(geometry, _to_bng, interleaved=False)
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    return WardShape(ward_id, code, geometry)


def _to_bng(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return geo.lonlat_to_bng_arrays(x, y)


def bounds_lonlat(geojson: Mapping[str, Any]) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) of a GeoJSON geometry."""
    return tuple(float(v) for v in shape(geojson).bounds)  # type: ignore[return-value]


def find_ward(shapes: Iterable[WardShape], easting: float, northing: float,
              tolerance_m: float = 0.0) -> WardShape | None:
    """Return the ward containing the point, or (with a tolerance) the nearest within it.

    The tolerance exists because real points (police.uk snap points, survey
    positions) often sit a metre or two outside a generalised boundary.
    """
    point = shapely.Point(easting, northing)
    best: tuple[float, WardShape] | None = None
    for ward in shapes:
        if ward.polygon_bng.covers(point):
            return ward
        if tolerance_m > 0:
            distance = ward.polygon_bng.distance(point)
            if distance <= tolerance_m and (best is None or distance < best[0]):
                best = (distance, ward)
    return best[1] if best else None
