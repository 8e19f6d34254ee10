"""The planning reports the CLI and API print, built from the core's results.

Each function takes crimes, candidates and cameras already loaded (from files
or the database) and returns a JSON-ready dict in the shape documented in
docs/planning.md §8, so the command line and the API answer the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely

from cctv_planner.domain.planning.candidates import CandidateSites, score_candidates
from cctv_planner.domain.planning.costs import SiteUnitCosts, fill_costs
from cctv_planner.domain.planning.coverage import Area, CameraView, coverage_report, covered_by_views
from cctv_planner.domain.planning.density import density_grid
from cctv_planner.domain.planning.hotspots import HotSpots, hot_spots
from cctv_planner.domain.planning.site_plan import coverage_problem, plan_sites
from cctv_planner.domain.planning.spatial import CrimePoints
from cctv_planner.domain.planning.weights import CrimeWeights

DEFAULT_RADIUS_M = 100.0
DEFAULT_BANDWIDTH_M = 150.0
DEFAULT_HEATMAP_CELL_M = 50.0
DEFAULT_HOTSPOT_CELL_M = 200.0


def _precovered(crimes: CrimePoints, views: Sequence[CameraView]) -> np.ndarray | None:
    if not views or len(crimes) == 0:
        return None
    return covered_by_views(crimes.x, crimes.y, views)


def _base_params(crimes: CrimePoints, weights: CrimeWeights, views: Sequence[CameraView]) -> dict:
    return {"crimes": int(crimes.count.sum()), "crime_points": len(crimes),
            "total_weight": crimes.total_weight, "existing_cameras": len(views),
            **weights.describe()}


def score_report(
    crimes: CrimePoints,
    candidates: CandidateSites,
    *,
    weights: CrimeWeights,
    views: Sequence[CameraView] = (),
    radius_m: float = DEFAULT_RADIUS_M,
    bandwidth_m: float = DEFAULT_BANDWIDTH_M,
    limit: int | None = None,
) -> dict:
    """``{"candidates": [{"id", "score", "gap_weight", "gap_crimes", "density_per_km2",
    "by_type"}...], "params": {...}}``, highest score first."""
    scores = score_candidates(candidates.x, candidates.y, crimes, radius_m=radius_m,
                              bandwidth_m=bandwidth_m, already_covered=_precovered(crimes, views))
    return {
        "candidates": scores.to_rows(candidates.ids, limit=limit),
        "params": {"radius_m": float(radius_m), "bandwidth_m": float(bandwidth_m),
                   "candidates": len(candidates), **_base_params(crimes, weights, views)},
    }


def plan_report(
    crimes: CrimePoints,
    candidates: CandidateSites,
    *,
    weights: CrimeWeights,
    views: Sequence[CameraView] = (),
    radius_m: float = DEFAULT_RADIUS_M,
    count: int | None = None,
    budget: int | None = None,
    unit_costs: SiteUnitCosts | None = None,
    transmission: str = "fibre",
    exact_time_limit_s: float | None = 10.0,
) -> dict:
    """``{"chosen": [ids in pick order], "covered_weight", "total_weight", "coverage_before",
    "coverage_after", "spent", "upper_bound", ...}`` (see SitePlan.to_dict) plus ``params``.

    Candidates without a cost are priced from ``unit_costs`` for ``transmission``.
    """
    unit_cost = None
    if unit_costs is not None and not candidates.has_all_costs:
        unit_cost = unit_costs.cost(transmission)
        candidates = CandidateSites(ids=candidates.ids, x=candidates.x, y=candidates.y,
                                    cost=fill_costs(candidates.cost, unit_cost),
                                    category=candidates.category)
    problem = coverage_problem(crimes, candidates, radius_m,
                               already_covered=_precovered(crimes, views))
    plan = plan_sites(problem, count=count, budget=budget, exact_time_limit_s=exact_time_limit_s)
    report = plan.to_dict()
    report["params"] = {
        "radius_m": float(radius_m), "candidates": len(candidates),
        "unit_cost": unit_cost, "transmission": transmission if unit_cost is not None else None,
        "unit_costs": unit_costs.describe() if unit_cost is not None else None,
        **_base_params(crimes, weights, views),
    }
    return report


def heatmap_geojson(
    crimes: CrimePoints,
    *,
    bandwidth_m: float = DEFAULT_BANDWIDTH_M,
    cell_m: float = DEFAULT_HEATMAP_CELL_M,
    borough=None,
    wgs84: bool = True,
) -> dict:
    """Quartic density per cell over the borough (or the crimes' extent) as GeoJSON."""
    bounds = tuple(float(b) for b in borough.bounds) if borough is not None else None
    grid = density_grid(crimes, bandwidth_m, cell_m, bounds=bounds)
    return grid.to_geojson(wgs84=wgs84)


def _hot_spots(crimes: CrimePoints, cell_m: float, borough) -> HotSpots:
    # Counts of crimes (not weights): Gi* on counts, as sfhotspot and ArcGIS do.
    return hot_spots(crimes.x, crimes.y, cell_m, weight=crimes.count.astype(np.float64),
                     area=borough)


def hotspot_report(
    crimes: CrimePoints,
    *,
    views: Sequence[CameraView] = (),
    cell_m: float = DEFAULT_HOTSPOT_CELL_M,
    borough=None,
) -> dict:
    """Hot-spot cells (Gi* with FDR), strongest first, each with whether cameras see it."""
    spots = _hot_spots(crimes, cell_m, borough)
    report = coverage_report(crimes, list(views), hot_spots=spots)
    cells = report.to_dict()["hot_spots"]
    by_bin = {str(b): int((spots.gi_bin == b).sum()) for b in (3, 2, 1, -1, -2, -3)}
    return {
        "cells": cells,
        "hot_spots": len(cells),
        "covered": sum(1 for c in cells if c["centre_covered"]),
        "uncovered": sum(1 for c in cells if not c["centre_covered"]),
        "cells_by_class": by_bin,
        "params": {"cell_m": float(cell_m), "neighbour_distance_m": spots.neighbour_distance_m,
                   "grid": spots.grid.describe(), "cells_tested": int(spots.study_area.sum()),
                   "study_area": "wards" if borough is not None else "crimes' extent",
                   "crimes": int(crimes.count.sum()), "existing_cameras": len(views)},
    }


def coverage_summary(
    crimes: CrimePoints,
    *,
    weights: CrimeWeights,
    views: Sequence[CameraView] = (),
    areas: Sequence[Area] = (),
    cell_m: float = DEFAULT_HOTSPOT_CELL_M,
) -> dict:
    """Share of weighted crime inside coverage, borough and per ward, and the hot spots seen."""
    borough = shapely.union_all([a.geometry for a in areas]) if areas else None
    spots = _hot_spots(crimes, cell_m, borough) if len(crimes) else None
    report = coverage_report(crimes, list(views), areas=list(areas) or None, hot_spots=spots)
    out = report.to_dict()
    out["params"] = {"hotspot_cell_m": float(cell_m), **_base_params(crimes, weights, views)}
    return out
