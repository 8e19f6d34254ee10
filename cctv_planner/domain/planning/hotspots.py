"""Hot spots: Getis-Ord Gi* on grid-cell crime counts, with FDR correction.

Crimes are counted (or their weights summed) in square grid cells. For each
cell ``i``, with ``x_j`` the value of cell ``j``, ``n`` cells in the study area,
and binary neighbour weights ``w_ij`` (1 when the centres of ``i`` and ``j`` are
within the neighbour distance, *including* ``i`` itself: that is the "star"),
Getis & Ord's (1992; Ord & Getis 1995) standardised statistic is::

    mean = sum_j x_j / n
    S    = sqrt( sum_j x_j**2 / n - mean**2 )
    W_i  = sum_j w_ij                       (= sum_j w_ij**2 for binary weights)
    Gi*  = ( sum_j w_ij x_j - mean * W_i ) / ( S * sqrt( (n * W_i - W_i**2) / (n - 1) ) )

Gi* is a z-score. Its two-sided p-value is ``2 * (1 - Phi(|z|))``.

Multiple testing: with thousands of cells some would pass 95% by chance, so
p-values are corrected with Benjamini-Hochberg's false discovery rate, as
ArcGIS's Optimized Hot Spot Analysis does: for each confidence level
(99%, 95%, 90%, i.e. alpha 0.01, 0.05, 0.10) the BH cut-off is the largest
sorted p-value ``p_(k)`` with ``p_(k) <= k * alpha / n``; a cell is significant
at that level when its p-value is at most the cut-off. The class is ±3, ±2,
±1 (sign of the z-score: + hot, − cold) for the highest level reached, 0 for
not significant.

The default neighbour distance is ``cell * sqrt(2)``: the eight touching
cells plus the cell itself (queen contiguity), as sfhotspot's default.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from scipy.special import ndtr

from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.planning.spatial import Grid, cells_geojson

CONFIDENCE_LEVELS: tuple[tuple[int, float], ...] = ((3, 0.01), (2, 0.05), (1, 0.10))
CLASS_LABELS = {
    3: "hot spot 99%",
    2: "hot spot 95%",
    1: "hot spot 90%",
    0: "not significant",
    -1: "cold spot 90%",
    -2: "cold spot 95%",
    -3: "cold spot 99%",
}


def bh_cutoff(p: np.ndarray, alpha: float) -> float:
    """Benjamini-Hochberg cut-off: the largest ``p_(k) <= k·alpha/n`` (0 if none).

    Parameters
    ----------
    p : array of p-values
    alpha : float
        False discovery rate, e.g. 0.05.
    """
    p = np.sort(np.asarray(p, np.float64).ravel())
    n = p.size
    if n == 0:
        return 0.0
    ok = p <= alpha * np.arange(1, n + 1) / n
    if not ok.any():
        return 0.0
    return float(p[np.flatnonzero(ok)[-1]])


def neighbour_offsets(cell_m: float, distance_m: float) -> np.ndarray:
    """(dr, dc) offsets of cells whose centres are within ``distance_m``, self included."""
    k = int(math.floor(distance_m / cell_m + 1e-9))
    d = np.arange(-k, k + 1)
    dr, dc = np.meshgrid(d, d, indexing="ij")
    # Small tolerance: sqrt(2)*cell must include the diagonal neighbours.
    within = (dr * dr + dc * dc) * cell_m * cell_m <= distance_m * distance_m * (1 + 1e-9)
    return np.column_stack([dr[within], dc[within]])


def _neighbour_sum(values: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    ny, nx = values.shape
    k = int(np.abs(offsets).max()) if offsets.size else 0
    padded = np.zeros((ny + 2 * k, nx + 2 * k), values.dtype)
    padded[k : k + ny, k : k + nx] = values
    out = np.zeros_like(values)
    for dr, dc in offsets:
        out += padded[k + dr : k + dr + ny, k + dc : k + dc + nx]
    return out


def gi_star(
    values: np.ndarray,
    *,
    cell_m: float = 1.0,
    neighbour_distance_m: float | None = None,
    study_area: np.ndarray | None = None,
) -> np.ndarray:
    """Getis-Ord Gi* z-scores for every cell of a grid of values.

    Parameters
    ----------
    values : ndarray, shape (ny, nx)
        Crime count (or weight) per cell.
    cell_m : float
        Cell size, metres.
    neighbour_distance_m : float, optional
        Centre-to-centre distance within which cells are neighbours
        (default ``cell_m * sqrt(2)``: queen contiguity).
    study_area : bool ndarray, shape (ny, nx), optional
        Cells that take part (e.g. those inside the borough). Others are not
        counted in ``n`` and are nobody's neighbours; their z is NaN.

    Returns
    -------
    ndarray, shape (ny, nx)
        Gi* z-score; NaN outside the study area or when all values are equal.
    """
    x = np.asarray(values, np.float64)
    if x.ndim != 2:
        raise ValidationFailed("values must be a 2-D grid", field="values")
    if neighbour_distance_m is None:
        neighbour_distance_m = cell_m * math.sqrt(2.0)
    area = np.ones(x.shape, bool) if study_area is None else np.asarray(study_area, bool)
    x = np.where(area, x, 0.0)
    n = int(area.sum())
    z = np.full(x.shape, np.nan)
    if n < 2:
        return z
    mean = x[area].sum() / n
    s = math.sqrt(max((x[area] ** 2).sum() / n - mean * mean, 0.0))
    if s == 0.0:
        return z
    offsets = neighbour_offsets(cell_m, neighbour_distance_m)
    local = _neighbour_sum(x, offsets)
    w = _neighbour_sum(area.astype(np.float64), offsets)
    denom = s * np.sqrt(np.maximum(n * w - w * w, 0.0) / (n - 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        zz = (local - mean * w) / denom
    z[area] = zz[area]
    # A cell whose neighbourhood is the whole study area has no variance.
    z[area & (denom == 0)] = np.nan
    return z


def classify(z: np.ndarray, p: np.ndarray | None = None) -> np.ndarray:
    """Hot/cold class ±3/±2/±1/0 after FDR correction (see module docstring).

    Parameters
    ----------
    z : ndarray
        Gi* z-scores (NaN cells are class 0 and not counted as tests).
    p : ndarray, optional
        Two-sided p-values (computed from ``z`` when omitted).
    """
    z = np.asarray(z, np.float64)
    if p is None:
        p = two_sided_p(z)
    tested = np.isfinite(z)
    out = np.zeros(z.shape, np.int8)
    for level, alpha in reversed(CONFIDENCE_LEVELS):  # 90%, then 95%, then 99%
        cut = bh_cutoff(p[tested], alpha)
        significant = tested & (p <= cut) & (cut > 0)
        out[significant] = level * np.sign(z[significant]).astype(np.int8)
    return out


def two_sided_p(z: np.ndarray) -> np.ndarray:
    """Two-sided normal p-value ``2(1 − Φ(|z|))``; NaN stays NaN."""
    z = np.asarray(z, np.float64)
    return 2.0 * ndtr(-np.abs(z))


@dataclass(frozen=True)
class HotSpotCell:
    """One grid cell's result (coordinates BNG metres)."""

    row: int
    col: int
    x: float
    y: float
    count: float
    z: float
    p: float
    gi_bin: int
    label: str


@dataclass(frozen=True)
class HotSpots:
    """Gi* over a grid of crime counts.

    Attributes
    ----------
    grid : Grid
    counts : ndarray (ny, nx)
        Crimes (or summed weight) per cell.
    z, p : ndarray (ny, nx)
        Gi* z-score and two-sided p-value (not FDR-adjusted, as ArcGIS).
    gi_bin : ndarray of int8 (ny, nx)
        ±3/±2/±1/0 after FDR correction.
    study_area : bool ndarray (ny, nx)
    neighbour_distance_m : float
    """

    grid: Grid
    counts: np.ndarray
    z: np.ndarray
    p: np.ndarray
    gi_bin: np.ndarray
    study_area: np.ndarray
    neighbour_distance_m: float

    def cells(self, *, hot_only: bool = True) -> list[HotSpotCell]:
        """Significant cells (hot only by default), strongest first."""
        mask = self.gi_bin > 0 if hot_only else self.gi_bin != 0
        rows, cols = np.nonzero(mask)
        order = np.lexsort((cols, rows, -np.abs(self.z[rows, cols])))
        out = []
        cx, cy = self.grid.centres()
        for r, c in zip(rows[order], cols[order], strict=True):
            b = int(self.gi_bin[r, c])
            out.append(
                HotSpotCell(
                    row=int(r), col=int(c), x=float(cx[r, c]), y=float(cy[r, c]),
                    count=float(self.counts[r, c]), z=float(self.z[r, c]),
                    p=float(self.p[r, c]), gi_bin=b, label=CLASS_LABELS[b],
                )
            )
        return out

    def to_geojson(self, *, hot_only: bool = False, wgs84: bool = True) -> dict:
        """Significant cells as GeoJSON polygons with z, p, gi_bin and label."""
        cells = self.cells(hot_only=hot_only)
        props = [
            {"row": c.row, "col": c.col, "count": c.count, "z": round(c.z, 4),
             "p": c.p, "gi_bin": c.gi_bin, "label": c.label}
            for c in cells
        ]
        return cells_geojson(
            self.grid, np.array([c.row for c in cells], np.int64),
            np.array([c.col for c in cells], np.int64), props, wgs84=wgs84,
        )


def hot_spots(
    x: np.ndarray,
    y: np.ndarray,
    cell_m: float,
    *,
    weight: np.ndarray | None = None,
    bounds: tuple[float, float, float, float] | None = None,
    area=None,
    neighbour_distance_m: float | None = None,
) -> HotSpots:
    """Count crimes in cells and run Gi* with FDR-corrected classes.

    Parameters
    ----------
    x, y : array (n,)
        Crime points, BNG metres.
    cell_m : float
        Cell size, metres.
    weight : array (n,), optional
        Sum weights instead of counting crimes.
    bounds : (xmin, ymin, xmax, ymax), optional
        Area of the grid (default: the crimes' extent). Crimes outside are
        ignored.
    area : shapely geometry, optional
        The study area (e.g. the borough's wards), BNG metres. Only cells
        whose centre lies in it take part (see ``study_area`` in
        :func:`gi_star`), so the empty land beyond the boundary does not
        dilute the mean. Its bounds are the default grid bounds.
    neighbour_distance_m : float, optional
        Default ``cell_m * sqrt(2)``.
    """
    x = np.asarray(x, np.float64)
    y = np.asarray(y, np.float64)
    if bounds is None and area is not None:
        bounds = tuple(float(b) for b in area.bounds)
    if bounds is None:
        if x.size == 0:
            raise ValidationFailed("no crimes and no bounds given", field="bounds")
        bounds = (float(x.min()), float(y.min()), float(x.max()), float(y.max()))
    grid = Grid.covering(*bounds, cell_m)
    row, col, inside = grid.cell_of(x, y)
    w = np.ones(x.size) if weight is None else np.asarray(weight, np.float64)
    flat = row[inside] * grid.nx + col[inside]
    counts = np.bincount(flat, weights=w[inside], minlength=grid.nx * grid.ny).reshape(grid.shape)
    if neighbour_distance_m is None:
        neighbour_distance_m = cell_m * math.sqrt(2.0)
    if area is None:
        in_area = np.ones(grid.shape, bool)
    else:
        cx, cy = grid.centres()
        shapely.prepare(area)
        in_area = shapely.intersects_xy(area, cx, cy)
    z = gi_star(
        counts, cell_m=cell_m, neighbour_distance_m=neighbour_distance_m, study_area=in_area
    )
    p = two_sided_p(z)
    return HotSpots(
        grid=grid, counts=counts, z=z, p=p, gi_bin=classify(z, p),
        study_area=in_area, neighbour_distance_m=float(neighbour_distance_m),
    )
