"""Crime analysis and camera-site planning: pure functions on arrays.

No database and no web framework here: the import command, services and API
call these. Everything is in British National Grid (EPSG:27700) metres;
conversions from lon/lat happen through :mod:`cctv_planner.domain.geo`.

Modules
-------
police_uk   streaming police.uk CSV reader (batches, de-duplication keys)
weights     weight per crime: type table, time window, recency half-life
spatial     crimes grouped by point, neighbour pairs, grids
density     quartic kernel density at points and on a grid (GeoJSON)
hotspots    Getis-Ord Gi* with Benjamini-Hochberg FDR classes
coverage    camera view sectors, coverage reports per ward, hot spots seen
candidates  candidate-site files, lamp columns, scoring (gap, density, types)
site_plan   count/budget site planning: lazy greedy, swaps, bounds, exact MILP
"""

from cctv_planner.domain.planning.candidates import (
    CandidateScores,
    CandidateSites,
    read_candidates,
    read_lightposts,
    score_candidates,
)
from cctv_planner.domain.planning.coverage import (
    Area,
    CameraView,
    CoverageReport,
    coverage_polygon,
    coverage_report,
    covered_by_views,
    load_areas_geojson,
    view_polygon,
)
from cctv_planner.domain.planning.density import DensityGrid, density_at, density_grid
from cctv_planner.domain.planning.files import FileRowError
from cctv_planner.domain.planning.hotspots import HotSpots, gi_star, hot_spots
from cctv_planner.domain.planning.police_uk import (
    CrimeBatch,
    CrimeFileSummary,
    PoliceUkFile,
    read_police_uk,
)
from cctv_planner.domain.planning.site_plan import (
    CoverageProblem,
    ExactPlan,
    SitePlan,
    coverage_problem,
    plan_sites,
    solve_exact,
)
from cctv_planner.domain.planning.spatial import CrimePoints, Grid
from cctv_planner.domain.planning.weights import (
    DEFAULT_CRIME_WEIGHTS,
    CrimeWeights,
    crime_weights_option,
    load_crime_weights,
)

__all__ = [
    "DEFAULT_CRIME_WEIGHTS", "Area", "CameraView", "CandidateScores", "CandidateSites",
    "CoverageProblem", "CoverageReport", "CrimeBatch", "CrimeFileSummary", "CrimePoints",
    "CrimeWeights", "DensityGrid", "ExactPlan", "FileRowError", "Grid", "HotSpots",
    "PoliceUkFile", "SitePlan", "coverage_polygon", "coverage_problem", "coverage_report",
    "covered_by_views", "crime_weights_option", "density_at", "density_grid", "gi_star",
    "hot_spots", "load_areas_geojson", "load_crime_weights", "plan_sites", "read_candidates",
    "read_lightposts", "read_police_uk", "score_candidates", "solve_exact", "view_polygon",
]
