"""Camera view sectors and coverage reports."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely

from cctv_planner.domain.planning.coverage import (
    CAMERA_VIEW_DEFAULTS,
    Area,
    CameraView,
    coverage_report,
    covered_by_views,
    points_in_view,
    view_polygon,
)
from cctv_planner.domain.planning.hotspots import hot_spots
from cctv_planner.domain.planning.spatial import CrimePoints
from cctv_planner.domain.register import CameraType


def polar(bearing_deg, distance):
    b = math.radians(bearing_deg)
    return np.array([distance * math.sin(b)]), np.array([distance * math.cos(b)])


EAST = CameraView(0.0, 0.0, CameraType.FIXED, bearing_deg=90.0, fov_deg=90.0, range_m=50.0)


@pytest.mark.parametrize(
    ("bearing", "distance", "inside"),
    [
        (90, 40, True),      # straight ahead
        (45, 40, True),      # 45 degrees off a 90-degree FOV: on the edge, inclusive
        (135, 40, True),
        (44, 40, False),     # 46 degrees off
        (90, 50, True),      # exactly at the range, inclusive
        (90, 50.01, False),  # beyond the range
        (270, 10, False),    # behind the camera
    ],
)
def test_sector_membership(bearing, distance, inside):
    x, y = polar(bearing, distance)
    assert bool(points_in_view(x, y, EAST)[0]) is inside
    assert bool(covered_by_views(x, y, [EAST])[0]) is inside


def test_sector_across_north_wraps_round():
    cam = CameraView(0.0, 0.0, "fixed", bearing_deg=350.0, fov_deg=40.0, range_m=50.0)
    got = [bool(points_in_view(*polar(b, 20), cam)[0]) for b in (5, 335, 325, 15)]
    assert got == [True, True, False, False]


def test_ptz_and_unknown_bearing_cover_the_full_circle():
    behind = polar(270, 30)
    assert points_in_view(*behind, CameraView(0, 0, CameraType.PTZ, bearing_deg=90.0))[0]
    assert points_in_view(*behind, CameraView(0, 0, CameraType.FIXED, bearing_deg=None))[0]
    assert not points_in_view(*behind, CameraView(0, 0, CameraType.FIXED, bearing_deg=90.0))[0]


def test_type_defaults_apply_when_the_register_has_no_lens_data():
    fixed = CAMERA_VIEW_DEFAULTS[CameraType.FIXED]
    fov, rng = fixed.fov_deg, fixed.range_m
    assert CameraView(0, 0, "fixed", bearing_deg=0.0).resolved() == (0.0, fov, rng)
    assert CameraView(0, 0, "ptz", bearing_deg=0.0).resolved()[0] is None


def test_sector_polygon_area_and_shape():
    poly = view_polygon(EAST)
    # Quarter disc of radius 50: pi * 50^2 / 4 = 1963.50 m^2 (chords lose < 0.1%).
    assert poly.area == pytest.approx(math.pi * 50**2 / 4, rel=1e-3)
    assert poly.contains(shapely.Point(*[v[0] for v in polar(100, 30)]))
    assert not poly.contains(shapely.Point(*[v[0] for v in polar(150, 30)]))


def test_covered_by_views_matches_testing_each_camera_alone():
    rng = np.random.default_rng(2)
    x, y = rng.uniform(0, 500, 3000), rng.uniform(0, 500, 3000)
    views = [
        CameraView(float(a), float(b), t, bearing_deg=float(br), fov_deg=f, range_m=r)
        for a, b, t, br, f, r in zip(
            rng.uniform(0, 500, 25), rng.uniform(0, 500, 25),
            rng.choice(["fixed", "dome", "ptz", "anpr"], 25), rng.uniform(0, 360, 25),
            rng.choice([30.0, 60.0, 120.0], 25), rng.choice([40.0, 60.0, 80.0], 25), strict=True,
        )
    ]
    want = np.zeros(x.size, bool)
    for v in views:
        want |= points_in_view(x, y, v)
    np.testing.assert_array_equal(covered_by_views(x, y, views), want)
    assert 0 < want.sum() < x.size


def test_coverage_report_per_ward_and_outside():
    # Two square wards side by side; one PTZ camera (range 100 m) in the west ward.
    west = Area("W1", "West", shapely.box(0, 0, 1000, 1000))
    east = Area("W2", "East", shapely.box(1000, 0, 2000, 1000))
    x = np.array([500.0, 550.0, 700.0, 1500.0, 1500.0, 2500.0])
    y = np.array([500.0, 500.0, 500.0, 500.0, 500.0, 500.0])
    w = np.array([1.0, 2.0, 4.0, 3.0, 3.0, 5.0])
    crimes = CrimePoints.from_arrays(x, y, w)
    cam = CameraView(500.0, 520.0, "ptz")
    rep = coverage_report(crimes, [cam], areas=[west, east])
    # covered: (500,500) and (550,500) -> weight 3 of the total 18
    assert rep.covered_weight == 3.0 and rep.total_weight == 18.0
    assert rep.share == pytest.approx(3 / 18)
    west_r, east_r = rep.by_area
    assert (west_r.total_weight, west_r.covered_weight, west_r.crimes) == (7.0, 3.0, 3)
    assert (east_r.total_weight, east_r.covered_weight, east_r.crimes) == (6.0, 0.0, 2)
    assert rep.outside_areas.total_weight == 5.0 and rep.outside_areas.crimes == 1


def test_coverage_report_lists_uncovered_hot_spots():
    rng = np.random.default_rng(8)
    x = np.r_[rng.uniform(0, 2000, 300), rng.uniform(200, 300, 150), rng.uniform(1500, 1600, 150)]
    y = np.r_[rng.uniform(0, 2000, 300), rng.uniform(200, 300, 150), rng.uniform(1500, 1600, 150)]
    hs = hot_spots(x, y, 100.0, bounds=(0, 0, 2000, 2000))
    cam = CameraView(250.0, 250.0, "ptz", range_m=150.0)
    rep = coverage_report(CrimePoints.from_arrays(x, y), [cam], hot_spots=hs)
    seen = [h for h in rep.hot_spots if h.centre_covered]
    assert seen and all(h.cell.x < 1000 for h in seen)
    assert rep.uncovered_hot_spots and all(h.cell.x > 1000 for h in rep.uncovered_hot_spots)
    # The cell holding the camera (200..300 m square) lies wholly within its 150 m circle.
    home = [h for h in seen if (h.cell.x, h.cell.y) == (250.0, 250.0)]
    assert home and home[0].covered_share == pytest.approx(1.0)
