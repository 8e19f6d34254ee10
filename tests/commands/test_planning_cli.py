"""The crime and planning commands, run through click against the test database."""

from __future__ import annotations

import csv
import json

import pytest
import sqlalchemy as sa
from flask.cli import ScriptInfo

from cctv_planner.commands.main import cli
from cctv_planner.domain.register import CameraStatus
from cctv_planner.models import Crime
from cctv_planner.services.planning import operational_views
from tests.conftest import DEMO_FIXTURES
from tests.services.crime_files import lonlat_text, row, write_file

C = (524_000.0, 190_000.0)


@pytest.fixture
def run(app, db_session):
    runner = app.test_cli_runner()

    def _run(*args):
        return runner.invoke(cli, list(args), obj=ScriptInfo(create_app=lambda: app))

    return _run


@pytest.fixture
def crimes_file(tmp_path):
    return write_file(tmp_path, "2023-01-test.csv", [
        row("b", "2023-01", *lonlat_text(C[0], C[1]), "Burglary"),
        row("r", "2023-01", *lonlat_text(C[0] + 50, C[1]), "Robbery"),
        row("s", "2023-01", *lonlat_text(C[0] + 150, C[1]), "Shoplifting"),
        row("", "2023-01", "", "", "Anti-social behaviour"),
    ])


@pytest.fixture
def candidates_file(tmp_path):
    path = tmp_path / "candidates.csv"
    path.write_text(f"id,easting,northing,cost\nA,{C[0] + 10},{C[1]},8000\nS,{C[0] + 200},{C[1]},1000\n",
                    encoding="utf-8")
    return path


def test_import_crimes_reports_each_file_and_fails_only_the_bad_one(run, db_session, crimes_file, tmp_path):
    bad = write_file(tmp_path, "bad.csv", [row("x", "2023-1", "-0.2", "51.6", "Burglary")])
    result = run("import-crimes", str(crimes_file), str(bad))
    assert result.exit_code == 1
    assert ("Imported 2023-01-test.csv: 4 rows, 3 stored, 0 already stored, 1 without location, "
            "borough not checked (no ward boundaries).") in result.output
    assert "FAILED bad.csv, row 2, column 'Month'" in result.output
    assert "nothing from bad.csv was stored" in result.output
    assert "4 rows read" in result.output       # progress, on stderr
    db_session.expire_all()
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Crime)) == 3
    again = run("import-crimes", str(crimes_file))
    assert again.exit_code == 0 and "0 stored, 3 already stored" in again.output


def test_score_and_plan_from_files_print_the_documented_json(run, crimes_file, candidates_file):
    scored = run("score-sites", "--crimes", str(crimes_file), "--candidates", str(candidates_file),
                 "--radius", "100", "--bandwidth", "150", "--no-existing", "--json")
    assert scored.exit_code == 0, scored.output
    report = json.loads(scored.output)
    assert set(report) == {"candidates", "params"}
    assert [c["id"] for c in report["candidates"]] == ["A", "S"]          # highest score first
    assert {"id", "score", "gap_weight", "density_per_km2", "by_type"} <= set(report["candidates"][0])
    assert report["candidates"][0]["score"] == pytest.approx(5.0)        # burglary 2 + robbery 3
    planned = run("plan-sites", "--crimes", str(crimes_file), "--candidates", str(candidates_file),
                  "--radius", "100", "--budget", "5000", "--no-existing", "--json")
    assert planned.exit_code == 0, planned.output
    plan = json.loads(planned.output)
    assert {"chosen", "covered_weight", "total_weight", "coverage_before", "coverage_after", "spent",
            "upper_bound"} <= set(plan)
    assert plan["chosen"] == ["S"] and plan["spent"] == 1000
    assert plan["covered_weight"] == pytest.approx(0.5) and plan["total_weight"] == pytest.approx(5.5)
    text = run("plan-sites", "--crimes", str(crimes_file), "--candidates", str(candidates_file), "--count", "1")
    assert "Coverage 0.0% -> 90.9% of weighted crime" in text.output     # 5.0 of 5.5
    assert run("plan-sites", "--crimes", str(crimes_file), "--candidates",
               str(candidates_file)).exit_code == 2                    # no --count or --budget


def test_heatmap_coverage_and_hotspots_from_the_database(run, crimes_file, tmp_path, barnet_wards):
    assert run("import-crimes", str(crimes_file)).exit_code == 0
    out = tmp_path / "heat.geojson"
    result = run("heatmap", "--cell", "100", "--bandwidth", "150", "--out", str(out))
    assert result.exit_code == 0, result.output
    heat = json.loads(out.read_text())
    assert heat["type"] == "FeatureCollection" and heat["properties"]["bandwidth_m"] == 150
    coverage = json.loads(run("coverage", "--json").output)
    assert coverage["total_weight"] == pytest.approx(5.5) and len(coverage["by_area"]) == 24
    assert "Borough: 0.0% of weighted crime covered" in run("coverage").output
    spots = run("hotspots", "--json", "--cell", "500")
    assert spots.exit_code == 0 and json.loads(spots.output)["params"]["cell_m"] == 500


def test_operational_views_are_the_registers_operational_cameras(db_session, demo_estate):
    with (DEMO_FIXTURES / "register.csv").open(newline="", encoding="utf-8-sig") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("asset_number")]
    operational = {r["asset_number"] for r in rows if r["camera_status"] == CameraStatus.OPERATIONAL}
    views = operational_views(db_session)
    assert {v.camera_id for v in views} == operational
    assert all(400_000 < v.x < 600_000 and 100_000 < v.y < 300_000 for v in views)


def test_count_plans_price_every_pick_and_heatmap_refuses_what_it_cannot_do(run, crimes_file, tmp_path):
    uncosted = tmp_path / "uncosted.csv"
    uncosted.write_text(f"id,easting,northing\nA,{C[0] + 10},{C[1]}\n", encoding="utf-8")
    planned = run("plan-sites", "--crimes", str(crimes_file), "--candidates", str(uncosted), "--count", "1",
                  "--transmission", "wireless", "--no-existing", "--json")
    assert planned.exit_code == 0, planned.output
    # No cost in the file: priced at the unit rates, camera and installation £2,524 + wireless £3,160.
    assert json.loads(planned.output)["spent"] == 2_524 + 3_160

    missing_dir = run("heatmap", "--crimes", str(crimes_file), "--out", str(tmp_path / "nowhere" / "h.geojson"))
    assert missing_dir.exit_code == 2 and "is not a directory" in missing_dir.output
    too_fine = run("heatmap", "--crimes", str(crimes_file), "--cell", "1", "--bandwidth", "5000",
                   "--out", str(tmp_path / "h.geojson"))
    assert too_fine.exit_code == 1 and "use larger cells" in too_fine.output
    assert "Traceback" not in too_fine.output and not (tmp_path / "h.geojson").exists()
