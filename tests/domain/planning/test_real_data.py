"""The shared real Barnet data, defects and all (skipped when ../shared is absent).

Expected numbers come from ``shared/data/real/SOURCES.md``, written when the
files were collected, not from this code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

from cctv_planner.domain.planning.candidates import read_lightposts, score_candidates
from cctv_planner.domain.planning.coverage import assign_areas, load_areas_geojson
from cctv_planner.domain.planning.police_uk import PoliceUkFile
from cctv_planner.domain.planning.site_plan import coverage_problem, plan_sites, solve_exact
from cctv_planner.domain.planning.spatial import CrimePoints
from cctv_planner.domain.planning.weights import CrimeWeights

BURGLARY = "barnet_burglary_2010-12_2023-03_police_uk_street.csv"
WARDS = "OSBoundaryLine - BarnetWards.geojson"


@pytest.fixture(scope="module")
def burglary(real_data):
    reader = PoliceUkFile(real_data / BURGLARY)
    batches = list(reader)
    from cctv_planner.domain.planning.police_uk import CrimeBatch

    return CrimeBatch.concatenate(batches), reader.summary


@pytest.fixture(scope="module")
def wards(real_data):
    return load_areas_geojson(real_data / WARDS)


def test_burglary_file_reads_every_row_and_counts_its_defects(burglary):
    crimes, summary = burglary
    assert summary.rows == 44_138 and summary.located == 44_138
    assert summary.without_crime_id == 4_792          # SOURCES: empty Crime ID
    assert len(summary.months) == 148                 # 2010-12 .. 2023-03
    assert min(summary.months) == "2010-12" and max(summary.months) == "2023-03"
    assert set(crimes.lsoa_name.astype(str).tolist()) and all(
        n.startswith("Barnet ") for n in crimes.lsoa_name
    )
    assert (crimes.force != "").all()                 # 1,995 empty "Reported by" fall back
    # 1,146 exact duplicate rows are separate crimes at one anonymised point: all keys differ.
    assert len(set(crimes.key.tolist())) == 44_138


def test_reimporting_the_burglary_file_gives_the_same_keys(real_data, burglary):
    crimes, _ = burglary
    again = np.concatenate([b.key for b in PoliceUkFile(real_data / BURGLARY, batch_size=7_000)])
    assert again.tolist() == crimes.key.tolist()


def test_points_outside_the_2022_wards_are_counted(burglary, wards):
    crimes, _ = burglary
    assert len(wards) == 24
    which = assign_areas(crimes.x, crimes.y, wards)
    assert int((which < 0).sum()) == 274              # SOURCES: 274 just outside


def test_met_sample_barnet_rows_and_asb_without_ids(real_data):
    reader = PoliceUkFile(real_data / "2023-01-metropolitan-street-sample_barnet.csv")
    n = sum(len(b) for b in reader)
    assert n == 1_992 and reader.summary.without_crime_id == 393   # SOURCES


def test_lightposts_load_and_most_lie_in_the_wards(real_data, wards):
    posts = read_lightposts(real_data / "lightposts.csv")
    assert len(posts) == 33_146
    inside = assign_areas(posts.x, posts.y, wards) >= 0
    assert int(inside.sum()) == 32_763               # SOURCES


def test_scoring_and_planning_on_real_burglary_and_lamp_columns(real_data, burglary):
    crimes, _ = burglary
    recent = crimes.month >= np.datetime64("2021-01")
    w = CrimeWeights.default().weigh(crimes.crime_type[recent])
    points = CrimePoints.from_arrays(
        crimes.x[recent], crimes.y[recent], w, crimes.crime_type[recent]
    )
    posts = read_lightposts(real_data / "lightposts.csv")
    idx = np.arange(0, len(posts), 10)  # every 10th lamp column keeps the test quick
    sites = type(posts).from_arrays(posts.ids[idx], posts.x[idx], posts.y[idx])
    scores = score_candidates(sites.x, sites.y, points, radius_m=100, bandwidth_m=150)
    best = scores.ranking()[0]
    d2 = (crimes.x[recent] - sites.x[best]) ** 2 + (crimes.y[recent] - sites.y[best]) ** 2
    assert scores.gap_weight[best] == pytest.approx(w[d2 <= 100**2].sum())
    problem = coverage_problem(points, sites, 100.0)
    exact = solve_exact(problem, count=40)
    heuristic = plan_sites(problem, count=40, exact_time_limit_s=None)
    assert heuristic.new_weight >= 0.995 * exact.new_weight
    assert len(heuristic.chosen) == 40


def test_planning_package_is_pure():
    package = Path(__file__).resolve().parents[3] / "cctv_planner" / "domain" / "planning"
    banned = ("flask", "sqlalchemy", "flask_sqlalchemy", "marshmallow", "cctv_planner.models",
              "cctv_planner.api", "cctv_planner.services", "cctv_planner.commands")
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(banned), f"{path.name} imports {name}"


def test_a_corrupted_copy_of_the_real_file_stops_at_the_bad_row(real_data, tmp_path):
    from cctv_planner.domain.planning.files import FileRowError

    lines = (real_data / BURGLARY).read_text(encoding="utf-8").splitlines()[:1_000]
    fields = lines[499].split(",")
    fields[5] = "51.6O"  # letter O for zero, line 500
    lines[499] = ",".join(fields)
    path = tmp_path / "corrupt.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    yielded = []
    with pytest.raises(FileRowError) as err:
        for batch in PoliceUkFile(path, batch_size=300):
            yielded.append(len(batch))
    assert (err.value.row, err.value.column) == (500, "Latitude")
    # The batch holding row 500 is never yielded; a store rolls back the earlier one.
    assert yielded == [300]
