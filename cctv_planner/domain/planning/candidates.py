"""Candidate camera sites: reading them, and scoring each one.

Score of a candidate at point ``c`` with radius ``r`` (metres)::

    gap_weight(c)  = sum of w_i over crimes i with |c - x_i| <= r that no
                     operational camera already covers
    score(c)       = gap_weight(c)
    density(c)     = quartic kernel density at c (see density.py), per km²
    by_type(c)     = gap_weight(c) split by crime type (weight and count)

The score is the gap because that is what a new camera adds; the density is
reported beside it (it explains *why* a site with a small gap can still sit
in a busy area) and breaks ties. Ranking: score, then density, both
descending, then the candidate's order in the input.
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass
from typing import IO

import numpy as np

from cctv_planner.domain import geo
from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.planning.density import density_at
from cctv_planner.domain.planning.files import FileRowError, open_text, source_name
from cctv_planner.domain.planning.spatial import CrimePoints, as_xy, pairs_within


@dataclass(frozen=True)
class CandidateSites:
    """Candidate sites as parallel arrays.

    Attributes
    ----------
    ids : ndarray of str (object), shape (m,)
    x, y : ndarray, shape (m,)
        BNG metres.
    cost : ndarray of int64, shape (m,)
        Capital cost in whole pounds; -1 where not known.
    category : ndarray of str (object), shape (m,)
        ``""`` where not given.
    """

    ids: np.ndarray
    x: np.ndarray
    y: np.ndarray
    cost: np.ndarray
    category: np.ndarray

    def __len__(self) -> int:
        return int(self.x.shape[0])

    @property
    def has_all_costs(self) -> bool:
        return bool((self.cost >= 0).all())

    @classmethod
    def from_arrays(
        cls,
        ids,
        x,
        y,
        cost=None,
        category=None,
    ) -> CandidateSites:
        """Build from arrays (BNG metres; cost in whole pounds, -1 unknown)."""
        xy = as_xy(x, y, "candidates")
        m = xy.shape[0]
        ids_arr = np.array([str(i) for i in ids], dtype=object)
        if ids_arr.shape[0] != m:
            raise ValidationFailed("one id per candidate is needed", field="id")
        if len(set(ids_arr)) != m:
            raise ValidationFailed("candidate ids must be unique", field="id")
        cost_arr = np.full(m, -1, np.int64) if cost is None else np.asarray(cost, np.int64)
        cat = np.full(m, "", dtype=object) if category is None else np.array(category, dtype=object)
        return cls(ids=ids_arr, x=xy[:, 0].copy(), y=xy[:, 1].copy(), cost=cost_arr, category=cat)


_LON = ("lon", "longitude", "lng")
_LAT = ("lat", "latitude")
_EAST = ("easting", "x")
_NORTH = ("northing", "y")


def _pick(header: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((header[n] for n in names if n in header), None)


def parse_pounds(text: str) -> int:
    """Whole pounds from ``"12000"``, ``"£12,000"`` or ``"12000.00"``.

    Raises ValueError for pence, negatives or anything else.
    """
    cleaned = text.strip().replace(",", "").removeprefix("£").strip()
    if "." in cleaned:
        whole, _, pence = cleaned.partition(".")
        if pence.strip("0"):
            raise ValueError("costs are whole pounds")
        cleaned = whole
    if not cleaned.isdigit():
        raise ValueError("not a whole number of pounds")
    return int(cleaned)


def read_candidates(source: str | os.PathLike | IO[bytes]) -> CandidateSites:
    """Read a candidate-sites CSV.

    Columns (header names matched ignoring case): ``id``, then either
    ``lon,lat`` (WGS84 degrees; also ``longitude,latitude``) or
    ``easting,northing`` (BNG metres; also ``x,y``); optional ``cost`` (whole
    pounds, ``£`` and thousands commas allowed) and ``category``.

    Raises
    ------
    FileRowError
        Naming the row (header is row 1) and column of the first bad value,
        a duplicate id, or a point outside Great Britain.
    """
    name = source_name(source)
    with open_text(source) as fh:
        reader = csv.reader(fh)
        try:
            raw_header = next(reader)
        except StopIteration:
            raise FileRowError(name, 1, None, "the file is empty (no header)") from None
        header = {h.strip().lower(): h.strip() for h in raw_header}
        position = {h.strip(): k for k, h in enumerate(raw_header)}
        id_col = header.get("id")
        lon_c, lat_c = _pick(header, _LON), _pick(header, _LAT)
        e_c, n_c = _pick(header, _EAST), _pick(header, _NORTH)
        if id_col is None:
            raise FileRowError(name, 1, None, "the header has no 'id' column")
        if lon_c and lat_c:
            a_col, b_col, lonlat = lon_c, lat_c, True
        elif e_c and n_c:
            a_col, b_col, lonlat = e_c, n_c, False
        else:
            raise FileRowError(
                name, 1, None, "the header needs 'lon,lat' or 'easting,northing' columns"
            )
        cost_c, cat_c = header.get("cost"), header.get("category")
        ids, a_vals, b_vals, costs, cats, rows = [], [], [], [], [], []
        seen: dict[str, int] = {}
        for record in reader:
            if not record or all(not f.strip() for f in record):
                continue
            row = reader.line_num
            if len(record) != len(raw_header):
                raise FileRowError(
                    name, row, None, f"expected {len(raw_header)} fields, found {len(record)}"
                )

            def get(col: str, record=record) -> str:
                return record[position[col]].strip()

            ident = get(id_col)
            if not ident:
                raise FileRowError(name, row, id_col, "id is empty")
            if ident in seen:
                raise FileRowError(name, row, id_col, f"id {ident!r} repeats row {seen[ident]}")
            seen[ident] = row
            coords = []
            for col in (a_col, b_col):
                try:
                    value = float(get(col))
                except ValueError:
                    raise FileRowError(name, row, col, f"{get(col)!r} is not a number") from None
                if not math.isfinite(value):
                    raise FileRowError(name, row, col, f"{get(col)!r} is not a number")
                coords.append(value)
            cost = -1
            if cost_c and get(cost_c):
                try:
                    cost = parse_pounds(get(cost_c))
                except ValueError as exc:
                    raise FileRowError(name, row, cost_c, f"{get(cost_c)!r}: {exc}") from None
            ids.append(ident)
            a_vals.append(coords[0])
            b_vals.append(coords[1])
            costs.append(cost)
            cats.append(get(cat_c) if cat_c else "")
            rows.append(row)
    a = np.array(a_vals, np.float64)
    b = np.array(b_vals, np.float64)
    rows_arr = np.array(rows, np.int64)
    if lonlat:
        ok = (a >= geo.GB_MIN_LON) & (a <= geo.GB_MAX_LON)
        ok &= (b >= geo.GB_MIN_LAT) & (b <= geo.GB_MAX_LAT)
        _reject_outside(name, rows_arr, ok, a_col)
        x, y = geo.lonlat_to_bng_arrays(a, b) if a.size else (a, b)
    else:
        x, y = a, b
    ok = (x >= geo.BNG_MIN_E) & (x <= geo.BNG_MAX_E) & (y >= geo.BNG_MIN_N) & (y <= geo.BNG_MAX_N)
    _reject_outside(name, rows_arr, ok, a_col)
    return CandidateSites.from_arrays(ids, x, y, costs, cats)


def _reject_outside(name: str, rows: np.ndarray, ok: np.ndarray, column: str) -> None:
    if not ok.all():
        row = int(rows[np.flatnonzero(~ok)[0]])
        raise FileRowError(name, row, column, "the point is outside Great Britain's national grid")


def read_lightposts(source: str | os.PathLike | IO[bytes]) -> CandidateSites:
    """Read Barnet's street-lighting columns (``lightposts.csv``) as candidates.

    Columns ``Asset_ID,Asset_XCords,Asset_YCords,...`` (X/Y are BNG metres).
    Ids become ``"LP<Asset_ID>"``; category ``"lamp_column"``; cost unknown.
    """
    name = source_name(source)
    with open_text(source) as fh:
        reader = csv.DictReader(fh)
        need = {"Asset_ID", "Asset_XCords", "Asset_YCords"}
        if not reader.fieldnames or need - set(reader.fieldnames):
            raise FileRowError(name, 1, None, "expected columns Asset_ID,Asset_XCords,Asset_YCords")
        ids, xs, ys = [], [], []
        for rec in reader:
            row = reader.line_num
            for col in ("Asset_XCords", "Asset_YCords"):
                try:
                    float(rec[col])
                except (TypeError, ValueError):
                    raise FileRowError(name, row, col, f"{rec[col]!r} is not a number") from None
            ids.append("LP" + rec["Asset_ID"].strip())
            xs.append(float(rec["Asset_XCords"]))
            ys.append(float(rec["Asset_YCords"]))
    m = len(ids)
    return CandidateSites.from_arrays(
        ids, xs, ys, np.full(m, -1, np.int64), np.full(m, "lamp_column", dtype=object)
    )


@dataclass(frozen=True)
class CandidateScores:
    """Scores for candidates, in the input order (see :meth:`ranking`).

    Attributes
    ----------
    score, gap_weight : ndarray (m,)
        Weighted crime within the radius not already covered.
    gap_crimes : ndarray of int64 (m,)
        The same crimes, counted.
    density_per_km2 : ndarray (m,)
        Quartic density at the candidate (all crimes, covered or not).
    types : tuple of str
    gap_weight_by_type, gap_crimes_by_type : ndarray (m, len(types))
    radius_m, bandwidth_m : float
    """

    score: np.ndarray
    gap_weight: np.ndarray
    gap_crimes: np.ndarray
    density_per_km2: np.ndarray
    types: tuple[str, ...]
    gap_weight_by_type: np.ndarray
    gap_crimes_by_type: np.ndarray
    radius_m: float
    bandwidth_m: float

    def ranking(self) -> np.ndarray:
        """Candidate indices, best first (score, then density, then input order)."""
        m = self.score.shape[0]
        return np.lexsort((np.arange(m), -self.density_per_km2, -self.score))

    def by_type(self, k: int) -> dict[str, dict[str, float]]:
        """Breakdown of candidate ``k``'s gap: ``{type: {"weight", "crimes"}}``, non-zero only."""
        return {
            t: {"weight": float(self.gap_weight_by_type[k, j]),
                "crimes": int(self.gap_crimes_by_type[k, j])}
            for j, t in enumerate(self.types)
            if self.gap_crimes_by_type[k, j] > 0
        }

    def to_rows(self, ids, limit: int | None = None) -> list[dict]:
        """Ranked JSON-ready rows ``{"id", "score", "gap_weight", "gap_crimes",
        "density_per_km2", "by_type"}``."""
        order = self.ranking()
        if limit is not None:
            order = order[:limit]
        return [
            {
                "id": str(ids[k]),
                "score": float(self.score[k]),
                "gap_weight": float(self.gap_weight[k]),
                "gap_crimes": int(self.gap_crimes[k]),
                "density_per_km2": float(self.density_per_km2[k]),
                "by_type": self.by_type(k),
            }
            for k in order
        ]


def score_candidates(
    cand_x: np.ndarray,
    cand_y: np.ndarray,
    crimes: CrimePoints,
    *,
    radius_m: float,
    bandwidth_m: float,
    already_covered: np.ndarray | None = None,
) -> CandidateScores:
    """Score candidate sites against weighted crime.

    Parameters
    ----------
    cand_x, cand_y : array (m,)
        Candidate positions, BNG metres.
    crimes : CrimePoints
        Weighted crimes grouped by point, BNG metres.
    radius_m : float
        Coverage radius ``r``, metres (inclusive).
    bandwidth_m : float
        Density bandwidth ``h``, metres.
    already_covered : bool array (len(crimes),), optional
        Points of ``crimes`` that operational cameras cover (e.g. from
        :func:`~cctv_planner.domain.planning.coverage.covered_by_views` on
        ``crimes.x, crimes.y``); they do not count towards the gap.

    Returns
    -------
    CandidateScores
    """
    if not (math.isfinite(radius_m) and radius_m >= 0):
        raise ValidationFailed("radius must be >= 0 metres", field="radius")
    at = as_xy(cand_x, cand_y, "candidates")
    m, t = at.shape[0], len(crimes.types)
    open_mask = np.ones(len(crimes), bool)
    if already_covered is not None:
        already_covered = np.asarray(already_covered, bool)
        if already_covered.shape != (len(crimes),):
            raise ValidationFailed(
                "already_covered needs one flag per crime point", field="covered"
            )
        open_mask = ~already_covered
    ic, ip, _ = pairs_within(at, crimes.xy, radius_m)
    keep = open_mask[ip]
    ic, ip = ic[keep], ip[keep]
    gap = np.bincount(ic, weights=crimes.weight[ip], minlength=m)
    gap_n = np.bincount(ic, weights=crimes.count[ip], minlength=m).astype(np.int64)
    wbt = np.zeros((m, t))
    cbt = np.zeros((m, t), np.int64)
    for j in range(t):
        wbt[:, j] = np.bincount(ic, weights=crimes.weight_by_type[ip, j], minlength=m)
        counts = np.bincount(ic, weights=crimes.count_by_type[ip, j], minlength=m)
        cbt[:, j] = counts.astype(np.int64)
    dens = density_at(at[:, 0], at[:, 1], crimes, bandwidth_m)
    return CandidateScores(
        score=gap.copy(), gap_weight=gap, gap_crimes=gap_n, density_per_km2=dens,
        types=crimes.types, gap_weight_by_type=wbt, gap_crimes_by_type=cbt,
        radius_m=float(radius_m), bandwidth_m=float(bandwidth_m),
    )
