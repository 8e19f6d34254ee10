"""Importing police.uk files into the database, and loading crimes back for analysis."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from collections import Counter

import numpy as np
import pytest
import shapely
import sqlalchemy as sa
from shapely.geometry import shape

from cctv_planner.domain.planning import CrimeWeights
from cctv_planner.models import Crime, CrimeImport
from cctv_planner.services.crimes import crime_points, import_crimes
from tests.conftest import DEMO_FIXTURES, SHARED
from tests.services.crime_files import lonlat_text, row, write_file

BURGLARY = SHARED / "data" / "real" / "barnet_burglary_2010-12_2023-03_police_uk_street.csv"


def _count(session, model=Crime) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.skipif(not BURGLARY.exists(), reason="shared real data not present")
def test_real_barnet_burglary_file_imports_counts_honestly_and_reimports_nothing(db_session, barnet_wards):
    # Independent reading of the file with the csv module: what SOURCES.md says and more.
    with BURGLARY.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[1:]
    assert len(rows) == 44_138
    exact_duplicates = len(rows) - len(set(map(tuple, rows)))
    assert exact_duplicates == 1_146                                  # SOURCES.md
    repeated_ids = sum(n - 1 for n in Counter((r[0], r[9]) for r in rows if r[0]).values())
    repeated_points = sum(n - 1 for n in Counter((r[1], r[3], r[9], r[4], r[5], r[6], r[7])
                                                 for r in rows if not r[0]).values())
    # Out of borough: WGS84 points against the demo fixture's 2022 ward polygons, unprojected.
    wards = json.loads((DEMO_FIXTURES / "wards.geojson").read_text())["features"]
    borough = shapely.union_all([shape(f["geometry"]) for f in wards])
    lon = np.array([float(r[4]) for r in rows])
    lat = np.array([float(r[5]) for r in rows])
    outside = int((~shapely.intersects_xy(borough, lon, lat)).sum())
    assert outside == 274                                             # SOURCES.md

    result = import_crimes(db_session, [BURGLARY], actor="tester")
    db_session.commit()
    (first,) = result.files
    assert first.error is None
    assert (first.rows, first.located, first.stored, first.already_stored) == (44_138, 44_138, 44_138, 0)
    assert first.no_location == 0
    assert first.outside_area == outside
    # Repeats are reported, and kept: separate crimes snapped to one point.
    assert first.summary["repeated_crime_ids"] == repeated_ids == 489
    assert first.summary["same_point_repeats"] == repeated_points == 792
    assert first.summary["without_crime_id"] == 4_792
    assert _count(db_session) == 44_138
    record = db_session.get(CrimeImport, first.import_id)
    assert (record.rows, record.stored, record.outside_area, record.imported_by) == (44_138, 44_138, 274, "tester")

    again = import_crimes(db_session, [BURGLARY], actor="tester")
    db_session.commit()
    assert (again.files[0].stored, again.files[0].already_stored) == (0, 44_138)
    assert _count(db_session) == 44_138
    assert _count(db_session, CrimeImport) == 2


def test_a_malformed_file_stores_nothing_and_other_files_are_unaffected(db_session, tmp_path):
    lo, la = lonlat_text(524_000, 190_000)
    good = write_file(tmp_path, "good.csv", [row("a1", "2023-01", lo, la, "Burglary"),
                                             row("a2", "2023-01", lo, la, "Robbery"),
                                             row("", "2023-01", lo, la, "Anti-social behaviour")])
    # Rows 2-5 are fine and, with batches of 2, rows 2-3 are inserted before row 6 fails.
    bad = write_file(tmp_path, "bad.csv", [row(f"b{i}", "2023-02", lo, la, "Burglary") for i in range(4)]
                     + [row("b9", "2023-13", lo, la, "Burglary")])
    result = import_crimes(db_session, [bad, good], actor="tester", batch_size=2)
    db_session.commit()
    failed, ok = result.files
    assert (failed.file, failed.error_row, failed.error_column, failed.stored) == ("bad.csv", 6, "Month", 0)
    assert "row 6" in failed.error and "2023-13" in failed.error
    assert failed.import_id is None
    assert ok.error is None and ok.stored == 3
    assert _count(db_session) == 3
    assert db_session.scalars(sa.select(CrimeImport.file_name)).all() == ["good.csv"]
    assert not db_session.scalar(sa.select(sa.func.count()).where(Crime.crime_id.like("b%")))


def test_a_value_longer_than_its_column_is_a_row_error(db_session, tmp_path):
    lo, la = lonlat_text(524_000, 190_000)
    path = write_file(tmp_path, "long.csv", [row("a1", "2023-01", lo, la, "Burglary"),
                                             row("a2", "2023-01", lo, la, "Burglary", location="x" * 201)])
    (result,) = import_crimes(db_session, [path], actor="t").files
    assert (result.error_row, result.error_column) == (3, "Location")
    assert _count(db_session) == 0


def test_reimport_and_overlapping_files_add_nothing_and_asb_repeats_are_kept(db_session, tmp_path):
    lo, la = lonlat_text(524_000, 190_000)
    rows = [row("c1", "2023-01", lo, la, "Burglary"),
            row("c1", "2023-01", lo, la, "Burglary"),      # one occurrence, two offences: both kept
            row("", "2023-01", lo, la, "Anti-social behaviour"),
            row("", "2023-01", lo, la, "Anti-social behaviour"),   # two incidents at one point
            row("", "2023-01", "", "", "Anti-social behaviour")]   # no location: counted, skipped
    first = write_file(tmp_path, "2023-01-a.csv", rows)
    # A later download of the same month with one new crime and an updated outcome.
    second = write_file(tmp_path, "2023-01-b.csv", [*rows[:4], row("c2", "2023-01", lo, la, "Robbery")])
    result = import_crimes(db_session, [first, second, first], actor="t")
    a, b, c = result.files
    assert (a.rows, a.stored, a.already_stored, a.no_location) == (5, 4, 0, 1)
    assert (b.stored, b.already_stored) == (1, 4)
    assert (c.stored, c.already_stored) == (0, 4)
    assert result.stored == 5 and result.already_stored == 8
    assert _count(db_session) == 5


def test_outside_rows_are_counted_and_skipped_only_beyond_within(db_session, tmp_path, barnet_wards):
    inside = lonlat_text(524_000, 190_000)          # Barnet (Finchley)
    # About 500 m north of the borough's northernmost point (0.0045° of latitude).
    wards = json.loads((DEMO_FIXTURES / "wards.geojson").read_text())["features"]
    borough = shapely.union_all([shape(f["geometry"]) for f in wards])
    top = max(shapely.get_coordinates(borough),
              key=lambda c: c[1])
    near = (f"{top[0]:.6f}", f"{top[1] + 0.0045:.6f}")
    far = lonlat_text(530_000, 180_000)             # central London
    path = write_file(tmp_path, "mixed.csv", [row("i", "2023-01", *inside, "Burglary"),
                                              row("n", "2023-01", *near, "Burglary"),
                                              row("f", "2023-01", *far, "Burglary")])
    (kept,) = import_crimes(db_session, [path], actor="t").files
    assert (kept.outside_area, kept.skipped_outside, kept.stored) == (2, 0, 3)
    db_session.rollback()
    (trimmed,) = import_crimes(db_session, [path], actor="t", within_m=2_000).files
    assert (trimmed.outside_area, trimmed.skipped_outside, trimmed.stored) == (2, 1, 2)
    assert sorted(db_session.scalars(sa.select(Crime.crime_id))) == ["i", "n"]


def test_crime_points_weighs_by_type_window_and_half_life(db_session, tmp_path):
    here = lonlat_text(524_000, 190_000)
    there = lonlat_text(525_000, 191_000)
    path = write_file(tmp_path, "w.csv", [row("b", "2023-01", *here, "Burglary"),
                                          row("r", "2022-01", *here, "Robbery"),
                                          row("s", "2022-07", *there, "Shoplifting"),
                                          row("o", "2020-01", *there, "Robbery")])
    import_crimes(db_session, [path], actor="t")
    db_session.commit()
    weights = CrimeWeights.default()
    # No window: 2 + 3 + 0.5 + 3 by the table.
    assert crime_points(db_session, weights=weights).total_weight == pytest.approx(8.5)
    # Since 2022-01 with a 12-month half-life, ages counted to the latest month (2023-01):
    # burglary 2 * 0.5^0 + robbery 3 * 0.5^(12/12) + shoplifting 0.5 * 0.5^(6/12).
    points = crime_points(db_session, weights=weights, since="2022-01", half_life_months=12)
    assert points.total_weight == pytest.approx(2 + 1.5 + 0.5 * math.sqrt(0.5))
    assert int(points.count.sum()) == 3 and len(points) == 2
    assert crime_points(db_session, weights=weights, since=dt.date(2022, 2, 1),
                        until="2022-12").total_weight == pytest.approx(0.5)
    x, y = float(points.x.min()), float(points.y.min())
    boxed = crime_points(db_session, weights=CrimeWeights.uniform(), bbox=(x - 1, y - 1, x + 1, y + 1))
    assert int(boxed.count.sum()) == 2 and boxed.types == ("Burglary", "Robbery")
    only = crime_points(db_session, weights=weights, crime_types=["Robbery"])
    assert only.total_weight == pytest.approx(6.0)
    assert len(crime_points(db_session, weights=weights, since="2024-01")) == 0


def test_crimes_near_counts_inclusively_by_type_and_month(db_session, tmp_path):
    from cctv_planner.services.crimes import crimes_near

    centre = (524_000.0, 190_000.0)
    path = write_file(tmp_path, "near.csv", [
        row("a", "2023-01", *lonlat_text(centre[0], centre[1]), "Burglary"),
        row("b", "2023-02", *lonlat_text(centre[0] + 60, centre[1]), "Burglary"),
        row("c", "2023-02", *lonlat_text(centre[0], centre[1] - 90), "Robbery"),
        row("d", "2023-02", *lonlat_text(centre[0] + 80, centre[1] + 80), "Robbery"),   # 113 m: outside
        row("e", "2022-06", *lonlat_text(centre[0] - 10, centre[1]), "Robbery"),
    ])
    import_crimes(db_session, [path], actor="t")
    db_session.commit()
    near = crimes_near(db_session, *centre, 100)
    assert near["crimes"] == 4
    assert near["by_type"] == {"Robbery": 2, "Burglary": 2}
    assert near["by_month"] == {"2022-06": 1, "2023-01": 1, "2023-02": 2}
    recent = crimes_near(db_session, *centre, 100, since="2023-01", until=dt.date(2023, 1, 31))
    assert (recent["crimes"], recent["by_type"]) == (1, {"Burglary": 1})
    # The bounding box alone would take d (113 m away, inside the 200 m square): the distance test drops it.
    assert crimes_near(db_session, *centre, 113.5)["crimes"] == 5
