"""What the camera estate sees: view sectors, site coverage, coverage reports.

A camera covers a *sector*: the points within ``range_m`` of it whose compass
direction from the camera is within ``fov_deg / 2`` of its ``bearing_deg``::

    covered(p)  <=>  d(p) <= range_m  and  |angle(bearing, direction to p)| <= fov_deg / 2

(both inclusive; the camera's own point is covered). PTZ and 360° cameras,
and any camera whose bearing is unknown, cover the full circle of their
range. Bearings are degrees clockwise from grid north (BNG); grid and true
north differ by about 1.5° in London, well inside any field of view.

Coverage of crimes is decided by this exact test, not by the polygon, so a
crime exactly at the range counts. Polygons (arcs drawn every 2°) are for
maps, areas and hot-spot cells.

Defaults per camera type when the register has no lens data
(:data:`CAMERA_VIEW_DEFAULTS`), as planning assumptions:

============== ======= ======= ==========================================
type           FOV °   range m why
============== ======= ======= ==========================================
fixed           60       60    Sunders draws ~57°; ~60 m is recognition
                               range of a typical 4 MP street camera
dome            90       40    wide fixed lens, shorter useful range
ptz            360      100    operator can turn it; zoom reaches further
multi_sensor   360       60    panoramic heads cover all round
anpr            30       40    narrow lane view
redeployable   360       80    usually a PTZ head on a mast
unknown type    90       50    cautious middle
============== ======= ======= ==========================================
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import shapely
from shapely.geometry import Polygon, shape
from shapely.geometry.base import BaseGeometry

from cctv_planner.domain import geo
from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.planning.files import open_text
from cctv_planner.domain.planning.hotspots import HotSpotCell, HotSpots
from cctv_planner.domain.planning.spatial import CrimePoints, as_xy, pairs_within
from cctv_planner.domain.register import CameraType


@dataclass(frozen=True)
class ViewDefaults:
    """Planning defaults for one camera type."""

    fov_deg: float
    range_m: float


CAMERA_VIEW_DEFAULTS: Mapping[CameraType, ViewDefaults] = MappingProxyType(
    {
        CameraType.FIXED: ViewDefaults(60.0, 60.0),
        CameraType.DOME: ViewDefaults(90.0, 40.0),
        CameraType.PTZ: ViewDefaults(360.0, 100.0),
        CameraType.MULTI_SENSOR: ViewDefaults(360.0, 60.0),
        CameraType.ANPR: ViewDefaults(30.0, 40.0),
        CameraType.REDEPLOYABLE: ViewDefaults(360.0, 80.0),
    }
)
UNKNOWN_TYPE_DEFAULTS = ViewDefaults(90.0, 50.0)
#: Types that always see the full circle, whatever bearing is recorded.
FULL_CIRCLE_TYPES = frozenset({CameraType.PTZ, CameraType.MULTI_SENSOR, CameraType.REDEPLOYABLE})


@dataclass(frozen=True)
class CameraView:
    """One camera's position and optics, as the register holds them.

    Parameters
    ----------
    x, y : float
        Position, BNG metres.
    camera_type : CameraType or str, optional
    bearing_deg : float, optional
        Direction of view, degrees clockwise from grid north; None if unknown.
    fov_deg : float, optional
        Horizontal field of view, degrees (default per type).
    range_m : float, optional
        Useful range, metres (default per type).
    site_id, camera_id : str, optional
        Identifiers carried into reports.
    """

    x: float
    y: float
    camera_type: CameraType | str | None = None
    bearing_deg: float | None = None
    fov_deg: float | None = None
    range_m: float | None = None
    site_id: str | None = None
    camera_id: str | None = None

    def resolved(self) -> tuple[float | None, float, float]:
        """(bearing or None for a full circle, fov_deg, range_m) after defaults."""
        kind = None
        if self.camera_type is not None:
            try:
                kind = CameraType(self.camera_type)
            except ValueError:
                kind = None
        defaults = CAMERA_VIEW_DEFAULTS.get(kind, UNKNOWN_TYPE_DEFAULTS)
        fov = defaults.fov_deg if self.fov_deg is None else float(self.fov_deg)
        rng = defaults.range_m if self.range_m is None else float(self.range_m)
        if not (math.isfinite(rng) and rng >= 0):
            raise ValidationFailed("camera range must be >= 0 metres", field="range_m")
        if not (math.isfinite(fov) and fov > 0):
            raise ValidationFailed("field of view must be > 0 degrees", field="fov_deg")
        bearing = self.bearing_deg
        if (
            bearing is None
            or (isinstance(bearing, float) and not math.isfinite(bearing))
            or fov >= 360.0
            or kind in FULL_CIRCLE_TYPES
        ):
            return None, 360.0, rng
        return float(bearing) % 360.0, fov, rng


def compass_bearing(dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
    """Degrees clockwise from grid north of the direction (dx east, dy north)."""
    return np.degrees(np.arctan2(dx, dy)) % 360.0


def points_in_view(x: np.ndarray, y: np.ndarray, view: CameraView) -> np.ndarray:
    """Exact, inclusive test of which points a camera covers.

    Parameters
    ----------
    x, y : array (n,)
        Points, BNG metres.
    view : CameraView

    Returns
    -------
    bool ndarray (n,)
    """
    bearing, fov, rng = view.resolved()
    dx = np.asarray(x, np.float64) - view.x
    dy = np.asarray(y, np.float64) - view.y
    inside = dx * dx + dy * dy <= rng * rng
    if bearing is None:
        return inside
    off = np.abs((compass_bearing(dx, dy) - bearing + 180.0) % 360.0 - 180.0)
    # The camera's own point has no direction; it is covered.
    return inside & ((off <= fov / 2.0 + 1e-9) | ((dx == 0) & (dy == 0)))


def covered_by_views(x: np.ndarray, y: np.ndarray, views: Iterable[CameraView]) -> np.ndarray:
    """Which points any of ``views`` covers (exact sector test, inclusive).

    Parameters
    ----------
    x, y : array (n,)
        Points, BNG metres.
    views : iterable of CameraView

    Returns
    -------
    bool ndarray (n,)
    """
    pts = as_xy(x, y, "points")
    covered = np.zeros(pts.shape[0], bool)
    views = list(views)
    if not views or pts.shape[0] == 0:
        return covered
    # Group by range so one neighbour query serves many cameras.
    resolved = [v.resolved() for v in views]
    for rng in sorted({r for _, _, r in resolved}):
        group = [i for i, (_, _, r) in enumerate(resolved) if r == rng]
        cam_xy = np.array([[views[i].x, views[i].y] for i in group], np.float64)
        ic, ip, _ = pairs_within(cam_xy, pts, rng)
        if ic.size == 0:
            continue
        ok = np.ones(ic.size, bool)
        bearing = np.array([np.nan if resolved[i][0] is None else resolved[i][0] for i in group])
        half = np.array([resolved[i][1] / 2.0 for i in group])
        directional = ~np.isnan(bearing[ic])
        if directional.any():
            d = ic[directional]
            p = ip[directional]
            dx = pts[p, 0] - cam_xy[d, 0]
            dy = pts[p, 1] - cam_xy[d, 1]
            off = np.abs((compass_bearing(dx, dy) - bearing[d] + 180.0) % 360.0 - 180.0)
            ok[directional] = (off <= half[d] + 1e-9) | ((dx == 0) & (dy == 0))
        covered[ip[ok]] = True
    return covered


def view_polygon(view: CameraView, *, arc_step_deg: float = 2.0) -> Polygon:
    """The camera's view as a polygon in BNG metres (for maps and areas).

    A sector is the camera point plus its arc drawn every ``arc_step_deg``;
    a full circle is a 180-vertex approximation. Range 0 gives an empty polygon.
    """
    bearing, fov, rng = view.resolved()
    if rng == 0:
        return Polygon()
    if bearing is None:
        return shapely.Point(view.x, view.y).buffer(rng, quad_segs=45)
    steps = max(2, math.ceil(fov / arc_step_deg))
    angles = np.radians(bearing - fov / 2.0 + np.arange(steps + 1) * (fov / steps))
    arc = np.column_stack([view.x + rng * np.sin(angles), view.y + rng * np.cos(angles)])
    return Polygon(np.vstack([[view.x, view.y], arc]))


def coverage_polygon(views: Iterable[CameraView]) -> BaseGeometry:
    """Union of the views' polygons (a site's, or the estate's), BNG metres."""
    polys = [view_polygon(v) for v in views]
    if not polys:
        return Polygon()
    return shapely.union_all(polys)


@dataclass(frozen=True)
class Area:
    """A named area (ward, LSOA, borough) in BNG metres."""

    code: str
    name: str
    geometry: BaseGeometry


_CODE_FIELDS = ("ONSWardCode", "GSS_CODE", "WD22CD", "LSOA21CD", "LSOA11CD", "LAD22CD", "code")
_NAME_FIELDS = ("WardName", "NAME", "WD22NM", "LSOA21NM", "LSOA11NM", "LAD22NM", "name")


def load_areas_geojson(
    source: str | os.PathLike,
    *,
    code_property: str | None = None,
    name_property: str | None = None,
) -> list[Area]:
    """Read area polygons from GeoJSON, projected to BNG metres.

    Coordinates are taken as WGS84 lon/lat unless the file's ``crs`` member
    names EPSG:27700. Invalid rings (real ONS files have self-intersections)
    are repaired with ``make_valid``. Code and name properties are found among
    the usual ONS/OS names unless given.
    """
    with open_text(source) as fh:
        data = json.load(fh)
    crs_name = str(((data.get("crs") or {}).get("properties") or {}).get("name", ""))
    is_bng = crs_name.endswith("27700")
    areas = []
    for k, feature in enumerate(data.get("features", [])):
        props = feature.get("properties") or {}
        code_key = code_property or next((f for f in _CODE_FIELDS if f in props), None)
        name_key = name_property or next((f for f in _NAME_FIELDS if f in props), None)
        geom = shape(feature["geometry"])
        if not is_bng:
            geom = shapely.transform(geom, _to_bng)
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        code = str(props.get(code_key, k)) if code_key else str(k)
        name = str(props.get(name_key, code)) if name_key else code
        areas.append(Area(code=code, name=name, geometry=geom))
    return areas


def _to_bng(coords: np.ndarray) -> np.ndarray:
    x, y = geo.lonlat_to_bng_arrays(coords[:, 0], coords[:, 1])
    return np.column_stack([x, y])


def assign_areas(x: np.ndarray, y: np.ndarray, areas: Sequence[Area]) -> np.ndarray:
    """Index of the area each point is in, -1 outside all.

    A point on a shared boundary goes to the first area in ``areas`` whose
    polygon touches it, so each point is counted once.
    """
    x = np.asarray(x, np.float64)
    y = np.asarray(y, np.float64)
    which = np.full(x.shape, -1, np.int64)
    for k, area in enumerate(areas):
        todo = which < 0
        if not todo.any():
            break
        shapely.prepare(area.geometry)
        hit = shapely.intersects_xy(area.geometry, x[todo], y[todo])
        idx = np.flatnonzero(todo)[hit]
        which[idx] = k
    return which


@dataclass(frozen=True)
class AreaCoverage:
    """Weighted crime and coverage within one area."""

    code: str
    name: str
    crimes: int
    total_weight: float
    covered_crimes: int
    covered_weight: float

    @property
    def share(self) -> float:
        """Covered share of the area's weighted crime (0 when it has none)."""
        return self.covered_weight / self.total_weight if self.total_weight > 0 else 0.0


@dataclass(frozen=True)
class HotSpotCoverage:
    """A hot-spot cell and how much of it the cameras see."""

    cell: HotSpotCell
    centre_covered: bool
    covered_share: float  # of the cell's area, 0..1


@dataclass(frozen=True)
class CoverageReport:
    """Share of weighted crime the operational cameras cover.

    Attributes
    ----------
    total_weight, covered_weight : float
        All crimes given, and those inside any camera's view.
    crimes, covered_crimes : int
        The same, counted (unweighted).
    by_area : list of AreaCoverage
        Per area (e.g. ward), in the order given.
    outside_areas : AreaCoverage or None
        Crimes in none of the areas (e.g. police.uk points just over the
        borough edge), reported rather than silently dropped.
    hot_spots : list of HotSpotCoverage
        Every hot-spot cell, strongest first.
    """

    total_weight: float
    covered_weight: float
    crimes: int
    covered_crimes: int
    by_area: list[AreaCoverage]
    outside_areas: AreaCoverage | None
    hot_spots: list[HotSpotCoverage]

    @property
    def share(self) -> float:
        return self.covered_weight / self.total_weight if self.total_weight > 0 else 0.0

    @property
    def uncovered_hot_spots(self) -> list[HotSpotCoverage]:
        """Hot-spot cells whose centre no camera sees."""
        return [h for h in self.hot_spots if not h.centre_covered]

    def to_dict(self) -> dict:
        """JSON-ready form."""

        def area(a: AreaCoverage) -> dict:
            return {
                "code": a.code, "name": a.name, "crimes": a.crimes,
                "total_weight": a.total_weight, "covered_crimes": a.covered_crimes,
                "covered_weight": a.covered_weight, "share": a.share,
            }

        def spot(h: HotSpotCoverage) -> dict:
            c = h.cell
            return {
                "row": c.row, "col": c.col, "x": c.x, "y": c.y, "count": c.count,
                "z": c.z, "p": c.p, "gi_bin": c.gi_bin, "label": c.label,
                "centre_covered": h.centre_covered, "covered_share": h.covered_share,
            }

        return {
            "total_weight": self.total_weight,
            "covered_weight": self.covered_weight,
            "share": self.share,
            "crimes": self.crimes,
            "covered_crimes": self.covered_crimes,
            "by_area": [area(a) for a in self.by_area],
            "outside_areas": area(self.outside_areas) if self.outside_areas else None,
            "hot_spots": [spot(h) for h in self.hot_spots],
            "uncovered_hot_spots": [spot(h) for h in self.uncovered_hot_spots],
        }


def coverage_report(
    crimes: CrimePoints,
    views: Sequence[CameraView],
    *,
    areas: Sequence[Area] | None = None,
    hot_spots: HotSpots | None = None,
) -> CoverageReport:
    """Weighted crime inside the cameras' views, overall, per area, and hot spots.

    Parameters
    ----------
    crimes : CrimePoints
        Weighted crimes, BNG metres.
    views : sequence of CameraView
        Operational cameras only (the caller filters by status).
    areas : sequence of Area, optional
        Wards (or other areas) for the per-area table.
    hot_spots : HotSpots, optional
        Result of :func:`~cctv_planner.domain.planning.hotspots.hot_spots`;
        each hot cell is reported with whether the cameras see it.
    """
    covered = covered_by_views(crimes.x, crimes.y, views)
    w, n = crimes.weight, crimes.count
    by_area: list[AreaCoverage] = []
    outside = None
    if areas is not None:
        which = assign_areas(crimes.x, crimes.y, areas)
        for k, a in enumerate(list(areas) + [None]):
            sel = which == (k if a is not None else -1)
            entry = AreaCoverage(
                code=a.code if a else "",
                name=a.name if a else "outside the areas",
                crimes=int(n[sel].sum()),
                total_weight=float(w[sel].sum()),
                covered_crimes=int(n[sel & covered].sum()),
                covered_weight=float(w[sel & covered].sum()),
            )
            if a is None:
                outside = entry
            else:
                by_area.append(entry)
    spots: list[HotSpotCoverage] = []
    if hot_spots is not None:
        cells = hot_spots.cells(hot_only=True)
        if cells:
            cx = np.array([c.x for c in cells])
            cy = np.array([c.y for c in cells])
            centre = covered_by_views(cx, cy, views)
            union = coverage_polygon(views)
            for c, seen in zip(cells, centre, strict=True):
                box = shapely.box(*hot_spots.grid.cell_bounds(c.row, c.col))
                share = 0.0 if union.is_empty else float(union.intersection(box).area / box.area)
                spots.append(
                    HotSpotCoverage(cell=c, centre_covered=bool(seen), covered_share=share)
                )
    return CoverageReport(
        total_weight=float(w.sum()),
        covered_weight=float(w[covered].sum()),
        crimes=int(n.sum()),
        covered_crimes=int(n[covered].sum()),
        by_area=by_area,
        outside_areas=outside,
        hot_spots=spots,
    )
