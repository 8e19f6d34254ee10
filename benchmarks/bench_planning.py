"""Benchmark the planning core and print a table.

    python benchmarks/bench_planning.py            # modest sizes (about a minute)
    python benchmarks/bench_planning.py --full     # issue sizes: 1.1M-row file, 1M crimes

Rows:
1. police.uk parsing (rows/s) beside SQLite ``executemany`` of the same rows
   as plain tuples into an in-memory table (the database's own bulk rate).
2. Scoring 10,000 candidates against crimes, against a brute-force numpy
   baseline on a subsample of candidates, extrapolated (results compared).
3. Planning 80 sites from 500 candidates over 20,000 crimes: lazy greedy +
   swaps alone, the default plan (heuristic + exact polish), and the exact
   MILP alone; objective and gap. spopt's MCLP is timed too if installed.
"""

from __future__ import annotations

import argparse
import math
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cctv_planner.domain import geo  # noqa: E402
from cctv_planner.domain.planning import (  # noqa: E402
    CandidateSites,
    CrimePoints,
    PoliceUkFile,
    coverage_problem,
    plan_sites,
    score_candidates,
    solve_exact,
)
from cctv_planner.domain.planning.police_uk import POLICE_UK_COLUMNS  # noqa: E402

TYPES = ["Violence and sexual offences", "Anti-social behaviour", "Shoplifting", "Burglary",
         "Vehicle crime", "Other theft", "Criminal damage and arson", "Public order", "Robbery"]


def snapped_points(rng, n_points, extent=(515_000, 185_000, 535_000, 200_000)):
    """A master list of anonymisation points, clustered like streets and centres."""
    x0, y0, x1, y1 = extent
    centres = np.column_stack([rng.uniform(x0, x1, 200), rng.uniform(y0, y1, 200)])
    k = rng.integers(0, 200, n_points)
    spread = rng.choice([100, 400, 1200], n_points)[:, None]
    pts = centres[k] + rng.normal(0, 1, (n_points, 2)) * spread
    return np.round(pts, 0)


def generate_police_file(path: Path, rows: int, rng) -> None:
    pts = snapped_points(rng, 30_000)
    lon, lat = geo.bng_to_lonlat_arrays(pts[:, 0], pts[:, 1])
    pick = rng.integers(0, pts.shape[0], rows)
    types = rng.choice(TYPES, rows, p=[0.3, 0.2, 0.08, 0.07, 0.1, 0.1, 0.07, 0.05, 0.03])
    no_coords = rng.random(rows) < 0.01
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(POLICE_UK_COLUMNS) + "\n")
        for i in range(rows):
            t = types[i]
            cid = "" if t == "Anti-social behaviour" else f"{i:064x}"
            lo, la = ("", "") if no_coords[i] else (f"{lon[pick[i]]:.6f}", f"{lat[pick[i]]:.6f}")
            fh.write(f"{cid},2023-01,Metropolitan Police Service,Metropolitan Police Service,"
                     f"{lo},{la},On or near Street {pick[i] % 997},E0100{pick[i] % 9999:04d},"
                     f"Barnet {pick[i] % 40:03d}A,{t},{'Under investigation' if cid else ''},\n")


def bench_parse(rows: int, rng) -> list[tuple[str, str]]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "2023-01-metropolitan-street.csv"
        t = time.perf_counter()
        generate_police_file(path, rows, rng)
        gen = time.perf_counter() - t
        t = time.perf_counter()
        reader = PoliceUkFile(path)
        batches = list(reader)
        parse = time.perf_counter() - t
        n = reader.summary.rows
        out.append((f"parse police.uk file ({n:,} rows, {os.path.getsize(path) / 1e6:.0f} MB)",
                    f"{parse:.1f} s = {n / parse:,.0f} rows/s (generated in {gen:.0f} s)"))
        tuples = [
            (k, str(m), t_, float(x), float(y), lsoa, f)
            for b in batches
            for k, m, t_, x, y, lsoa, f in zip(b.key, b.month, b.crime_type, b.x, b.y, b.lsoa_code,
                                             b.force, strict=True)
        ]
        con = sqlite3.connect(":memory:")
        con.execute("create table crime (key text primary key, month text, crime_type text, "
                    "x real, y real, lsoa text, force text)")
        t = time.perf_counter()
        con.executemany("insert or ignore into crime values (?,?,?,?,?,?,?)", tuples)
        con.commit()
        load = time.perf_counter() - t
        out.append(("  SQLite executemany of the same rows (in memory)",
                    f"{load:.1f} s = {len(tuples) / load:,.0f} rows/s"))
    return out


def bench_scoring(n_crimes: int, n_cands: int, rng) -> list[tuple[str, str]]:
    pts = snapped_points(rng, 40_000)
    crimes_xy = pts[rng.integers(0, pts.shape[0], n_crimes)]
    w = rng.choice([0.5, 1.0, 2.0, 3.0], n_crimes)
    types = rng.choice(TYPES, n_crimes)
    cands = pts[rng.integers(0, pts.shape[0], n_cands)] + rng.normal(0, 20, (n_cands, 2))
    t = time.perf_counter()
    points = CrimePoints.from_arrays(crimes_xy[:, 0], crimes_xy[:, 1], w, types)
    group = time.perf_counter() - t
    t = time.perf_counter()
    s = score_candidates(cands[:, 0], cands[:, 1], points, radius_m=100, bandwidth_m=150)
    score = time.perf_counter() - t
    # Brute force: every candidate against every crime, numpy, in chunks.
    sub = 100
    t = time.perf_counter()
    gap = np.zeros(sub)
    dens = np.zeros(sub)
    for j in range(sub):
        d2 = (crimes_xy[:, 0] - cands[j, 0]) ** 2 + (crimes_xy[:, 1] - cands[j, 1]) ** 2
        gap[j] = w[d2 <= 100**2].sum()
        near = d2 < 150**2
        dens[j] = (w[near] * (1 - d2[near] / 150**2) ** 2).sum() * 3 / (math.pi * 150**2) * 1e6
    brute = (time.perf_counter() - t) * n_cands / sub
    np.testing.assert_allclose(s.gap_weight[:sub], gap, rtol=1e-9)
    np.testing.assert_allclose(s.density_per_km2[:sub], dens, rtol=1e-9)
    return [
        (f"score {n_cands:,} candidates vs {n_crimes:,} crimes ({len(points):,} points)",
         f"{group + score:.2f} s ({group:.2f} grouping + {score:.2f} scoring)"),
        (f"  brute-force numpy, {sub} candidates, extrapolated",
         f"{brute:.0f} s  (x{brute / (group + score):,.0f}; results equal to 1e-9)"),
    ]


def planning_instance(rng, n=20_000, m=500):
    centres = rng.uniform(0, 8_000, (60, 2))
    k = rng.integers(0, 60, n)
    pts = centres[k] + rng.normal(0, 1, (n, 2)) * rng.choice([80.0, 300.0, 700.0], n)[:, None]
    pts = np.round(pts, 0)
    cand = pts[rng.choice(n, m, replace=False)] + rng.normal(0, 30, (m, 2))
    crimes = CrimePoints.from_arrays(pts[:, 0], pts[:, 1], rng.choice([0.5, 1, 2, 3], n))
    costs = rng.integers(8, 30, m) * 1000
    sites = CandidateSites.from_arrays(range(m), cand[:, 0], cand[:, 1], costs)
    return crimes, sites


def bench_planning(seeds: int, rng) -> list[tuple[str, str]]:
    out = []
    for s in range(seeds):
        crimes, sites = planning_instance(np.random.default_rng(1000 + s))
        problem = coverage_problem(crimes, sites, 100.0)
        cases = (("count 80", {"count": 80}), ("budget £1.44M", {"budget": 1_440_000}))
        for label, limits in cases:
            t = time.perf_counter()
            h = plan_sites(problem, exact_time_limit_s=None, **limits)
            th = time.perf_counter() - t
            t = time.perf_counter()
            d = plan_sites(problem, **limits)
            td = time.perf_counter() - t
            e = solve_exact(problem, **limits)
            gap = 1 - h.new_weight / e.new_weight
            out.append((
                f"plan 20,000 crimes x 500 candidates, {label} (seed {s})",
                f"greedy+swaps {th:.2f} s obj {h.new_weight:,.1f} gap {gap:.3%} "
                f"(bound {h.upper_bound_new:,.0f}); default {td:.2f} s obj {d.new_weight:,.1f} "
                f"optimal={d.proven_optimal}; MILP alone {e.seconds:.2f} s obj {e.new_weight:,.1f}",
            ))
            if label.startswith("count") and s == 0:
                out.extend(bench_spopt(crimes, sites, e.new_weight))
    return out


def bench_spopt(crimes, sites, exact_value) -> list[tuple[str, str]]:
    try:
        import pulp
        from spopt.locate import MCLP
    except ImportError:
        return [("  spopt MCLP", "not installed (optional: pip install spopt==0.7.0)")]
    from scipy.spatial.distance import cdist

    t = time.perf_counter()
    cost = cdist(crimes.xy, np.column_stack([sites.x, sites.y]))
    m = MCLP.from_cost_matrix(cost, crimes.weight, service_radius=100.0, p_facilities=80)
    m.solve(pulp.PULP_CBC_CMD(msg=False))
    return [("  spopt MCLP (CBC), same instance",
             f"{time.perf_counter() - t:.1f} s obj {pulp.value(m.problem.objective):,.1f} "
             f"(ours {exact_value:,.1f})")]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--full", action="store_true", help="issue sizes (1.1M rows, 1M crimes)")
    parser.add_argument("--seeds", type=int, default=2, help="planning instances (default 2)")
    args = parser.parse_args()
    rng = np.random.default_rng(42)
    rows = 1_100_000 if args.full else 200_000
    crimes = 1_000_000 if args.full else 200_000
    table = []
    table += bench_parse(rows, rng)
    table += bench_scoring(crimes, 10_000, rng)
    table += bench_planning(args.seeds, rng)
    width = max(len(a) for a, _ in table)
    print(f"{'benchmark'.ljust(width)} | result")
    print("-" * width + "-+-" + "-" * 60)
    for a, b in table:
        print(f"{a.ljust(width)} | {b}")


if __name__ == "__main__":
    main()
