"""Crime density with the quartic (biweight) kernel.

For bandwidth ``h`` metres, the density at a point ``p`` is::

    density(p) = sum_i  w_i * 3 / (pi * h**2) * (1 - d_i**2 / h**2)**2     over crimes with d_i < h

with ``d_i`` the distance from ``p`` to crime ``i`` (BNG metres) and ``w_i``
its weight. This is QGIS's "raw" quartic kernel ``(1 - (d/h)**2)**2`` scaled
so that each crime's kernel integrates to its weight over the plane
(``∫ 3/(π h²)(1 − r²/h²)² dA = 1``). The result is weighted crimes per m²;
it is reported per km² (× 10⁶).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.planning.spatial import (
    CrimePoints,
    Grid,
    as_xy,
    cells_geojson,
    pairs_within,
)

M2_PER_KM2 = 1_000_000.0


def _check_bandwidth(bandwidth_m: float) -> float:
    if not (math.isfinite(bandwidth_m) and bandwidth_m > 0):
        raise ValidationFailed("bandwidth must be > 0 metres", field="bandwidth")
    return float(bandwidth_m)


def quartic_kernel(d: np.ndarray, bandwidth_m: float) -> np.ndarray:
    """Normalised quartic kernel value at distance ``d`` (per m²).

    ``3/(π h²) · (1 − d²/h²)²`` for ``d < h``, else 0.
    """
    h = _check_bandwidth(bandwidth_m)
    u = 1.0 - (np.asarray(d, np.float64) / h) ** 2
    return np.where(u > 0, 3.0 / (math.pi * h * h) * u * u, 0.0)


EVALUATION_CHUNK = 20_000
MAX_GRID_CELLS = 1_000_000
MAX_GRID_PAIRS = 30_000_000


def check_grid_work(cells: int, points: int, bandwidth_m: float, cell_m: float) -> None:
    """Refuse a heat map too big to compute in seconds, before computing it.

    The work is the number of (cell, crime point) pairs within the bandwidth, about
    ``points × min(cells, π h² / cell²)``: a fine grid with a wide bandwidth grows as
    (h / cell)², which is how a 10 m grid at 5 km would need tens of gigabytes.

    >>> check_grid_work(100_000, 40_000, 150.0, 50.0)   # 40,000 x 28 pairs: fine
    >>> check_grid_work(700_000, 40_000, 5000.0, 10.0)
    Traceback (most recent call last):
    ...
    cctv_planner.domain.errors.ValidationFailed: a 700,000-cell heat map with bandwidth 5000 m over 40,000 crime points needs about 28,000,000,000 cell-crime pairs (limit 30,000,000): use a larger cell_m or a smaller bandwidth_m
    """
    if cells > MAX_GRID_CELLS:
        raise ValidationFailed(f"a heat map of {cells:,} cells is too many (limit {MAX_GRID_CELLS:,}): "
                               "use a larger cell_m", field="cell_m")
    pairs = points * min(cells, math.pi * bandwidth_m * bandwidth_m / (cell_m * cell_m))
    if pairs > MAX_GRID_PAIRS:
        raise ValidationFailed(
            f"a {cells:,}-cell heat map with bandwidth {bandwidth_m:g} m over {points:,} crime points needs "
            f"about {float(f'{pairs:.2g}'):,.0f} cell-crime pairs (limit {MAX_GRID_PAIRS:,}): use a larger "
            "cell_m or a smaller bandwidth_m", field="cell_m")


def density_at(
    x: np.ndarray,
    y: np.ndarray,
    crimes: CrimePoints,
    bandwidth_m: float,
) -> np.ndarray:
    """Quartic kernel density of weighted crime at points.

    Parameters
    ----------
    x, y : array, shape (m,)
        Where to evaluate, BNG metres.
    crimes : CrimePoints
        Crimes grouped by point, BNG metres, with weights.
    bandwidth_m : float
        Kernel bandwidth ``h``, metres.

    Returns
    -------
    ndarray, shape (m,)
        Weighted crimes per km².

    Examples
    --------
    One crime of weight 1 at the origin, bandwidth 100 m, evaluated 50 m
    away: 3/(π·100²)·(1 − 0.25)² · 10⁶ = 53.71 per km².

    >>> c = CrimePoints.from_arrays(np.array([0.0]), np.array([0.0]))
    >>> round(float(density_at(np.array([50.0]), np.array([0.0]), c, 100.0)[0]), 2)
    53.71
    """
    h = _check_bandwidth(bandwidth_m)
    at = as_xy(x, y, "points")
    out = np.zeros(at.shape[0])
    if len(crimes) == 0 or at.shape[0] == 0:
        return out
    # In chunks of evaluation points, so memory stays bounded on a fine grid.
    for start in range(0, at.shape[0], EVALUATION_CHUNK):
        chunk = at[start:start + EVALUATION_CHUNK]
        ia, ib, d2 = pairs_within(chunk, crimes.xy, h)
        u = 1.0 - d2 / (h * h)
        # d == h contributes exactly 0, so the inclusive pair rule changes nothing.
        contrib = crimes.weight[ib] * u * u
        out[start:start + chunk.shape[0]] = np.bincount(ia, weights=contrib, minlength=chunk.shape[0])
    return out * (3.0 / (math.pi * h * h)) * M2_PER_KM2


@dataclass(frozen=True)
class DensityGrid:
    """Density evaluated at the centre of every cell of a grid.

    Attributes
    ----------
    grid : Grid
        The cells (BNG metres).
    density : ndarray, shape (grid.ny, grid.nx)
        Weighted crimes per km² at each cell centre; row 0 is the south.
    bandwidth_m : float
    """

    grid: Grid
    density: np.ndarray
    bandwidth_m: float

    def to_geojson(self, *, min_density: float = 0.0, wgs84: bool = True) -> dict:
        """Cells whose density exceeds ``min_density`` as GeoJSON polygons.

        Properties: ``row``, ``col``, ``density_per_km2``. Empty cells are
        left out so a borough heat map stays small.
        """
        rows, cols = np.nonzero(self.density > min_density)
        props = [
            {"row": int(r), "col": int(c), "density_per_km2": round(float(self.density[r, c]), 4)}
            for r, c in zip(rows, cols, strict=True)
        ]
        collection = cells_geojson(self.grid, rows, cols, props, wgs84=wgs84)
        collection["properties"] = {
            "bandwidth_m": self.bandwidth_m,
            "kernel": "quartic",
            "units": "weighted crimes per km2",
            **{f"grid_{k}": v for k, v in self.grid.describe().items()},
        }
        return collection


def density_grid(
    crimes: CrimePoints,
    bandwidth_m: float,
    cell_m: float,
    *,
    bounds: tuple[float, float, float, float] | None = None,
) -> DensityGrid:
    """Quartic density on a grid, for a heat map.

    Parameters
    ----------
    crimes : CrimePoints
    bandwidth_m : float
        Kernel bandwidth, metres.
    cell_m : float
        Cell size, metres.
    bounds : (xmin, ymin, xmax, ymax), optional
        Area to cover, BNG metres (e.g. the borough's bounds). Defaults to the
        crimes' extent grown by one bandwidth, where the density ends.
    """
    h = _check_bandwidth(bandwidth_m)
    if bounds is None:
        if len(crimes) == 0:
            raise ValidationFailed("no crimes to map and no bounds given", field="bounds")
        bounds = (
            float(crimes.x.min()) - h,
            float(crimes.y.min()) - h,
            float(crimes.x.max()) + h,
            float(crimes.y.max()) + h,
        )
    grid = Grid.covering(*bounds, cell_m)
    check_grid_work(grid.shape[0] * grid.shape[1], len(crimes), h, cell_m)
    cx, cy = grid.centres()
    values = density_at(cx.ravel(), cy.ravel(), crimes, h).reshape(grid.shape)
    return DensityGrid(grid=grid, density=values, bandwidth_m=h)
