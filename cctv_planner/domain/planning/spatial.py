"""Shared spatial building blocks: neighbour pairs, crimes grouped by point, grids.

All coordinates are British National Grid (EPSG:27700) metres.

Distance rule used everywhere in planning: a crime is within radius ``r`` of a
point when ``dx**2 + dy**2 <= r**2`` (inclusive, as spopt's MCLP: a crime at
exactly ``r`` counts).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from cctv_planner.domain.errors import ValidationFailed

# Candidate points per neighbour query: bounds the memory of one query.
_PAIR_CHUNK = 2048


def as_xy(x: np.ndarray, y: np.ndarray, name: str = "points") -> np.ndarray:
    """Stack x, y (metres) into an (n, 2) float64 array, rejecting NaN/inf."""
    xy = np.column_stack([np.asarray(x, np.float64).ravel(), np.asarray(y, np.float64).ravel()])
    if not np.isfinite(xy).all():
        raise ValidationFailed(f"{name} have missing or non-finite coordinates", field=name)
    return xy


def pairs_within(
    a_xy: np.ndarray,
    b_xy: np.ndarray,
    radius_m: float,
    *,
    b_tree: cKDTree | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All pairs (i, j) with point ``a[i]`` within ``radius_m`` of ``b[j]``.

    Parameters
    ----------
    a_xy, b_xy : (n, 2), (m, 2) ndarray
        BNG metres.
    radius_m : float
        Inclusive radius, metres.
    b_tree : cKDTree, optional
        A tree already built on ``b_xy``.

    Returns
    -------
    ia, ib : ndarray of int64
        Indices into ``a`` and ``b``, sorted by ``ia``.
    d2 : ndarray of float64
        Squared distance of each pair, m².
    """
    a_xy = np.asarray(a_xy, np.float64).reshape(-1, 2)
    b_xy = np.asarray(b_xy, np.float64).reshape(-1, 2)
    empty = (np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float64))
    if radius_m < 0 or a_xy.shape[0] == 0 or b_xy.shape[0] == 0:
        return empty
    if b_tree is None:
        b_tree = cKDTree(b_xy)
    # Query slightly wide, then apply the exact inclusive rule ourselves so
    # that "within" never depends on the tree's own rounding.
    pad = radius_m * (1 + 1e-9) + 1e-9
    r2 = radius_m * radius_m
    out_a, out_b, out_d = [], [], []
    for start in range(0, a_xy.shape[0], _PAIR_CHUNK):
        chunk = a_xy[start : start + _PAIR_CHUNK]
        pairs = cKDTree(chunk).sparse_distance_matrix(b_tree, pad, output_type="ndarray")
        ia = pairs["i"].astype(np.int64)
        ib = pairs["j"].astype(np.int64)
        dx = chunk[ia, 0] - b_xy[ib, 0]
        dy = chunk[ia, 1] - b_xy[ib, 1]
        d2 = dx * dx + dy * dy
        keep = d2 <= r2
        order = np.argsort(ia[keep], kind="stable")
        out_a.append(ia[keep][order] + start)
        out_b.append(ib[keep][order])
        out_d.append(d2[keep][order])
    return np.concatenate(out_a), np.concatenate(out_b), np.concatenate(out_d)


@dataclass(frozen=True)
class CrimePoints:
    """Crimes grouped by their (anonymised) point.

    police.uk snaps every crime to a master list of points, so a year of a
    borough's crime sits on a few thousand distinct points. Grouping them
    first makes every distance computation proportional to the number of
    points, not crimes, without changing any result.

    Attributes
    ----------
    x, y : ndarray, shape (p,)
        Distinct points, BNG metres.
    weight : ndarray, shape (p,)
        Summed crime weight at each point.
    count : ndarray of int64, shape (p,)
        Number of crimes at each point.
    types : tuple of str
        Crime types present, sorted.
    weight_by_type : ndarray, shape (p, len(types))
        Summed weight per point and type.
    count_by_type : ndarray of int64, shape (p, len(types))
    point_of_crime : ndarray of int64, shape (n,)
        For each input crime, the index of its point.
    """

    x: np.ndarray
    y: np.ndarray
    weight: np.ndarray
    count: np.ndarray
    types: tuple[str, ...]
    weight_by_type: np.ndarray
    count_by_type: np.ndarray
    point_of_crime: np.ndarray

    @property
    def xy(self) -> np.ndarray:
        return np.column_stack([self.x, self.y])

    @property
    def total_weight(self) -> float:
        return float(self.weight.sum())

    def __len__(self) -> int:
        return int(self.x.shape[0])

    @classmethod
    def from_arrays(
        cls,
        x: np.ndarray,
        y: np.ndarray,
        weight: np.ndarray | None = None,
        crime_type: np.ndarray | None = None,
    ) -> CrimePoints:
        """Group crimes by identical (x, y).

        Parameters
        ----------
        x, y : array, shape (n,)
            Crime coordinates, BNG metres.
        weight : array, shape (n,), optional
            Weight per crime (default 1). Must be finite and >= 0.
        crime_type : array of str, shape (n,), optional
            Type per crime, for the breakdowns (default ``"crime"``).
        """
        xy = as_xy(x, y, "crimes")
        n = xy.shape[0]
        w = np.ones(n) if weight is None else np.asarray(weight, np.float64).ravel()
        if w.shape[0] != n:
            raise ValidationFailed("one weight per crime is needed", field="weights")
        if not (np.isfinite(w).all() and (w >= 0).all()):
            raise ValidationFailed("crime weights must be finite and >= 0", field="weights")
        if crime_type is None:
            kinds, kind_of = np.array(["crime"]), np.zeros(n, np.int64)
        else:
            kinds, kind_of = np.unique(np.asarray(crime_type).astype(str), return_inverse=True)
            kind_of = kind_of.reshape(-1)
        if n == 0:
            z = np.zeros(0)
            t = len(kinds) if crime_type is not None else 0
            return cls(z, z, z, np.zeros(0, np.int64), tuple(map(str, kinds))[:t],
                       np.zeros((0, t)), np.zeros((0, t), np.int64), np.zeros(0, np.int64))
        points, point_of = np.unique(xy, axis=0, return_inverse=True)
        point_of = point_of.reshape(-1)
        p, t = points.shape[0], len(kinds)
        flat = point_of * t + kind_of
        wbt = np.bincount(flat, weights=w, minlength=p * t).reshape(p, t)
        cbt = np.bincount(flat, minlength=p * t).reshape(p, t).astype(np.int64)
        return cls(
            x=points[:, 0].copy(),
            y=points[:, 1].copy(),
            weight=np.bincount(point_of, weights=w, minlength=p),
            count=np.bincount(point_of, minlength=p).astype(np.int64),
            types=tuple(str(k) for k in kinds),
            weight_by_type=wbt,
            count_by_type=cbt,
            point_of_crime=point_of.astype(np.int64),
        )


@dataclass(frozen=True)
class Grid:
    """A regular grid of square cells in BNG metres.

    Cell ``(row, col)`` spans ``x0 + col*cell_m .. x0 + (col+1)*cell_m`` and
    ``y0 + row*cell_m .. y0 + (row+1)*cell_m``; row 0 is the southern row.
    """

    x0: float
    y0: float
    cell_m: float
    nx: int
    ny: int

    @classmethod
    def covering(
        cls, xmin: float, ymin: float, xmax: float, ymax: float, cell_m: float
    ) -> Grid:
        """The smallest grid, aligned to multiples of ``cell_m``, covering a box.

        Aligning to whole multiples keeps cells identical between runs and
        datasets, so two heat maps can be compared cell by cell.
        """
        if not (cell_m > 0 and math.isfinite(cell_m)):
            raise ValidationFailed("cell size must be > 0 metres", field="cell")
        x0 = math.floor(xmin / cell_m) * cell_m
        y0 = math.floor(ymin / cell_m) * cell_m
        nx = max(1, math.floor((xmax - x0) / cell_m) + 1)
        ny = max(1, math.floor((ymax - y0) / cell_m) + 1)
        if nx * ny > 25_000_000:
            raise ValidationFailed(
                f"a {cell_m:g} m grid over this area has {nx * ny:,} cells; use larger cells",
                field="cell",
            )
        return cls(float(x0), float(y0), float(cell_m), int(nx), int(ny))

    @property
    def shape(self) -> tuple[int, int]:
        return (self.ny, self.nx)

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        """Cell-centre coordinates, each of shape (ny, nx)."""
        xs = self.x0 + (np.arange(self.nx) + 0.5) * self.cell_m
        ys = self.y0 + (np.arange(self.ny) + 0.5) * self.cell_m
        return np.meshgrid(xs, ys)

    def cell_of(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Row, column and an inside-the-grid mask for points."""
        col = np.floor((np.asarray(x) - self.x0) / self.cell_m).astype(np.int64)
        row = np.floor((np.asarray(y) - self.y0) / self.cell_m).astype(np.int64)
        inside = (col >= 0) & (col < self.nx) & (row >= 0) & (row < self.ny)
        return row, col, inside

    def cell_bounds(self, row: int, col: int) -> tuple[float, float, float, float]:
        """(xmin, ymin, xmax, ymax) of a cell, metres."""
        x = self.x0 + col * self.cell_m
        y = self.y0 + row * self.cell_m
        return (x, y, x + self.cell_m, y + self.cell_m)

    def describe(self) -> dict:
        return {"x0": self.x0, "y0": self.y0, "cell_m": self.cell_m, "nx": self.nx, "ny": self.ny}


def cells_geojson(
    grid: Grid,
    rows: np.ndarray,
    cols: np.ndarray,
    properties: list[dict],
    *,
    wgs84: bool = True,
) -> dict:
    """A GeoJSON FeatureCollection of grid-cell squares.

    Parameters
    ----------
    wgs84 : bool
        True (default) writes lon/lat (EPSG:4326) as RFC 7946 requires; False
        writes BNG metres with a ``crs`` member naming EPSG:27700.
    """
    from cctv_planner.domain import geo  # local: only needed for output

    rows = np.asarray(rows, np.int64)
    cols = np.asarray(cols, np.int64)
    x = grid.x0 + cols * grid.cell_m
    y = grid.y0 + rows * grid.cell_m
    c = grid.cell_m
    # Corners anticlockwise (RFC 7946 exterior ring orientation), closed.
    cx = np.stack([x, x + c, x + c, x, x], axis=1)
    cy = np.stack([y, y, y + c, y + c, y], axis=1)
    if wgs84:
        lon, lat = geo.bng_to_lonlat_arrays(cx.ravel(), cy.ravel())
        cx, cy = lon.reshape(cx.shape), lat.reshape(cy.shape)
        digits = 7
    else:
        digits = 2
    features = []
    for k in range(rows.shape[0]):
        ring = [
            [round(float(a), digits), round(float(b), digits)]
            for a, b in zip(cx[k], cy[k], strict=True)
        ]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": properties[k],
            }
        )
    collection: dict = {"type": "FeatureCollection", "features": features}
    if not wgs84:
        collection["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}}
    return collection
