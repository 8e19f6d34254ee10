"""Candidate files, scoring against a brute-force reference, and site plans."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.planning.candidates import (
    CandidateSites,
    parse_pounds,
    read_candidates,
    score_candidates,
)
from cctv_planner.domain.planning.files import FileRowError
from cctv_planner.domain.planning.site_plan import (
    CoverageProblem,
    coverage_problem,
    plan_sites,
    solve_exact,
)
from cctv_planner.domain.planning.spatial import CrimePoints

from .conftest import write

# ---------------------------------------------------------------- candidate files


def test_candidates_from_lonlat_file_with_costs(tmp_path):
    path = write(
        tmp_path, "c.csv",
        "id,lon,lat,cost,category\n"
        "A,-0.2615022490530431,51.60855241424845,\"£12,000\",parade\n"
        "B,-0.20,51.60,,\n",
    )
    c = read_candidates(path)
    assert list(c.ids) == ["A", "B"]
    assert list(c.cost) == [12000, -1]
    assert list(c.category) == ["parade", ""]
    # Lamp column 1 of lightposts.csv: the council's own BNG is (520483, 191400).
    assert (c.x[0], c.y[0]) == (pytest.approx(520483, abs=0.01), pytest.approx(191400, abs=0.01))


def test_candidates_from_easting_northing(tmp_path):
    path = write(tmp_path, "c.csv", "ID,Easting,Northing\n1,520483,191400\n")
    c = read_candidates(path)
    assert (c.x[0], c.y[0]) == (520483.0, 191400.0)


@pytest.mark.parametrize(
    ("body", "row", "column"),
    [
        ("A,1,2,x\nB,abc,51.6,5\n", 3, "lon"),
        ("A,-0.2,51.6,5\nA,-0.2,51.6,5\n", 3, "id"),
        ("A,-0.2,51.6,12.50\n", 2, "cost"),
        ("A,2.5,48.8,5\n", 2, "lon"),  # Paris: off the national grid
    ],
)
def test_bad_candidate_rows_are_named(tmp_path, body, row, column):
    body = body.replace("A,1,2,x\n", "A,-0.2,51.6,1\n")
    path = write(tmp_path, "c.csv", "id,lon,lat,cost\n" + body)
    with pytest.raises(FileRowError) as err:
        read_candidates(path)
    assert (err.value.row, err.value.column) == (row, column)


def test_pounds_are_whole():
    assert parse_pounds("£1,250") == 1250
    assert parse_pounds("300.00") == 300
    for bad in ("12.5", "-4", "ten"):
        with pytest.raises(ValueError):
            parse_pounds(bad)


# ---------------------------------------------------------------- scoring


def test_scores_match_a_brute_force_reference():
    rng = np.random.default_rng(21)
    n, m, r, h = 4000, 300, 100.0, 150.0
    cx, cy = np.round(rng.uniform(0, 3000, n), -1), np.round(rng.uniform(0, 3000, n), -1)
    types = rng.choice(["Robbery", "Burglary", "Drugs"], n)
    w = rng.uniform(0.5, 3, n)
    crimes = CrimePoints.from_arrays(cx, cy, w, types)
    covered_point = rng.random(len(crimes)) < 0.3
    px, py = rng.uniform(0, 3000, m), rng.uniform(0, 3000, m)
    s = score_candidates(px, py, crimes, radius_m=r, bandwidth_m=h, already_covered=covered_point)
    # Brute force over every crime (not grouped), O(n * m).
    covered_crime = covered_point[crimes.point_of_crime]
    d2 = (px[:, None] - cx[None, :]) ** 2 + (py[:, None] - cy[None, :]) ** 2
    within = (d2 <= r * r) & ~covered_crime[None, :]
    np.testing.assert_allclose(s.gap_weight, (within * w).sum(1), rtol=1e-12)
    np.testing.assert_array_equal(s.gap_crimes, within.sum(1))
    kern = np.where(d2 < h * h, (1 - d2 / h**2) ** 2, 0) * w
    np.testing.assert_allclose(s.density_per_km2, kern.sum(1) * 3 / (math.pi * h * h) * 1e6,
                               rtol=1e-9)
    j = s.types.index("Robbery")
    np.testing.assert_allclose(s.gap_weight_by_type[:, j],
                               (within * w * (types == "Robbery")).sum(1), rtol=1e-12)
    assert s.gap_weight.max() > 0


def test_a_crime_exactly_at_the_radius_counts():
    crimes = CrimePoints.from_arrays(np.array([60.0]), np.array([80.0]))  # 100 m away
    s = score_candidates(np.zeros(1), np.zeros(1), crimes, radius_m=100.0, bandwidth_m=150.0)
    assert s.gap_crimes[0] == 1


def test_ranking_is_score_then_density_then_input_order():
    crimes = CrimePoints.from_arrays(np.array([0.0, 0.0, 500.0]), np.array([0.0, 90.0, 0.0]))
    # Candidates 0 and 1 both reach one crime; candidate 1 sits nearer both.
    s = score_candidates(np.array([500.0, 0.0, 0.0]), np.array([0.0, 45.0, 45.0]), crimes,
                         radius_m=46.0, bandwidth_m=150.0)
    rows = s.to_rows(["far", "near", "near-again"])
    assert [r["id"] for r in rows] == ["near", "near-again", "far"]
    assert rows[0]["by_type"] == {"crime": {"weight": 2.0, "crimes": 2}}


# ---------------------------------------------------------------- plans


def test_spopt_hand_case_from_the_anchors():
    # anchors.md §0.2: cost rows = demand, cols = sites; S = 100 inclusive;
    # p = 2 -> objective 35 with sites {0, 2}
    cost = np.array([[50, 300, 900], [100, 150, 800], [400, 100, 200], [900, 700, 100]])
    problem = CoverageProblem.from_matrix((cost <= 100).T, [10, 5, 1, 20])
    plan = plan_sites(problem, count=2)
    assert plan.new_weight == 35.0
    assert sorted(plan.chosen) == ["0", "2"]
    assert solve_exact(problem, count=2).new_weight == 35.0


def _brute_optimum(a, w, cost, count, budget):
    best = 0.0
    for k in range(a.shape[0] + 1):
        if count is not None and k > count:
            break
        for s in itertools.combinations(range(a.shape[0]), k):
            if budget is not None and cost[list(s)].sum() > budget:
                continue
            best = max(best, float(w[a[list(s)].any(0)].sum()) if s else 0.0)
    return best


@pytest.mark.parametrize("seed", range(40))
def test_small_instances_reach_the_enumerated_optimum(seed):
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(3, 9)), int(rng.integers(5, 25))
    a = rng.random((m, n)) < 0.35
    w = rng.integers(0, 10, n).astype(float)
    cost = rng.integers(1, 20, m)
    pre = rng.random(n) < 0.2
    problem = CoverageProblem.from_matrix(a, w, cost=cost, precovered=pre)
    wn = np.where(pre, 0.0, w)  # pre-covered crime is not gained again
    count, budget = int(rng.integers(1, 4)), int(rng.integers(5, 40))
    for limits in ({"count": count}, {"budget": budget}, {"count": count, "budget": budget}):
        best = _brute_optimum(a, wn, cost, limits.get("count"), limits.get("budget"))
        plan = plan_sites(problem, **limits)
        assert plan.new_weight == pytest.approx(best)
        assert plan.proven_optimal
        assert plan.covered_before == pytest.approx(w[pre].sum())
        heuristic = plan_sites(problem, exact_time_limit_s=None, **limits)
        assert heuristic.upper_bound_new >= best - 1e-9
        assert heuristic.new_weight <= best + 1e-9
        guarantee = (1 - 1 / math.e) if "budget" not in limits else (1 - 1 / math.e) / 2
        assert heuristic.new_weight >= guarantee * best - 1e-9
        for p in (plan, heuristic):
            if "budget" in limits:
                assert p.spent <= budget
            if "count" in limits:
                assert len(p.chosen) <= count
            assert sum(x.marginal_weight for x in p.picks) == pytest.approx(p.new_weight)


def test_count_plan_picks_exactly_n_unless_nothing_more_gains():
    a = np.array([[1, 1, 0, 0], [0, 0, 1, 0], [0, 0, 1, 0], [0, 0, 0, 0]], bool)
    problem = CoverageProblem.from_matrix(a, [1.0, 1.0, 1.0, 1.0])
    assert len(plan_sites(problem, count=2).chosen) == 2
    # Only two sites gain anything: asking for four gives two.
    assert plan_sites(problem, count=4).chosen == ["0", "1"]


def test_existing_coverage_is_not_counted_again():
    # Site 0 reaches only crimes cameras already see; site 1 reaches a new one.
    a = np.array([[1, 1, 0], [0, 0, 1]], bool)
    problem = CoverageProblem.from_matrix(a, [5.0, 5.0, 1.0], precovered=[True, True, False])
    plan = plan_sites(problem, count=2)
    assert plan.chosen == ["1"]
    assert (plan.new_weight, plan.covered_before, plan.covered_after) == (1.0, 10.0, 11.0)
    assert plan.coverage_before == pytest.approx(10 / 11) and plan.coverage_after == 1.0


def test_budget_needs_every_cost_and_never_overspends():
    a = np.eye(4, dtype=bool)
    with pytest.raises(ValidationFailed):
        plan_sites(CoverageProblem.from_matrix(a, [1, 1, 1, 1.0], cost=[1, -1, 1, 1]), budget=5)
    problem = CoverageProblem.from_matrix(a, [10, 9, 8, 7.0], cost=[60, 50, 40, 30])
    plan = plan_sites(problem, budget=100)
    # Best pair within 100: sites 0 + 2 (cost 100, weight 18) vs 1 + 3 (80, 16) vs 1 + 2 (90, 17).
    assert sorted(plan.chosen) == ["0", "2"] and plan.spent == 100


def test_identical_candidates_tie_break_by_input_order():
    a = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1]], bool)
    problem = CoverageProblem.from_matrix(a, [1.0, 1.0, 1.0], ids=["b", "a", "c"])
    for _ in range(3):
        assert plan_sites(problem, count=1, exact_time_limit_s=None).chosen == ["b"]


def _clustered_instance(seed, n=6000, m=250):
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0, 5000, (40, 2))
    k = rng.integers(0, 40, n)
    spread = rng.choice([80.0, 250.0, 600.0], n)[:, None]
    pts = centres[k] + rng.normal(0, 1, (n, 2)) * spread
    pts = np.round(pts, -1)  # snapped points, as police.uk publishes them
    cand = pts[rng.choice(n, m, replace=False)] + rng.normal(0, 25, (m, 2))
    crimes = CrimePoints.from_arrays(pts[:, 0], pts[:, 1], rng.choice([0.5, 1, 2, 3], n))
    sites = CandidateSites.from_arrays(range(m), cand[:, 0], cand[:, 1],
                                       rng.integers(8, 40, m) * 1000)
    return coverage_problem(crimes, sites, 100.0)


@pytest.mark.parametrize("seed", range(3))
def test_heuristic_is_within_half_a_percent_on_realistic_instances(seed):
    problem = _clustered_instance(seed)
    for limits in ({"count": 30}, {"budget": 30 * 20_000}):
        exact = solve_exact(problem, **limits)
        heuristic = plan_sites(problem, exact_time_limit_s=None, **limits)
        assert heuristic.new_weight >= 0.995 * exact.new_weight
        assert heuristic.upper_bound_new >= exact.new_weight - 1e-6
        assert plan_sites(problem, **limits).new_weight == pytest.approx(exact.new_weight)
