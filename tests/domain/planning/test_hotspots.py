"""Getis-Ord Gi* and the FDR classes."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely

from cctv_planner.domain.planning.hotspots import bh_cutoff, classify, gi_star, hot_spots


def test_gi_star_hand_worked_on_a_row_of_five_cells():
    # x = [1, 2, 6, 2, 1], neighbours = self and the cells either side (distance 1 cell).
    # n = 5, mean = 2.4, S = sqrt(46/5 - 2.4^2) = sqrt(3.44) = 1.8547237
    # centre: W = 3, sum wx = 10 -> (10 - 7.2) / (S * sqrt((15 - 9)/4))
    #         = 2.8 / 2.2715633 = 1.2326313
    # end:    W = 2, sum wx = 3  -> (3 - 4.8) / (S * sqrt((10 - 4)/4))
    #         = -1.8 / 2.2715633 = -0.7924058
    z = gi_star(np.array([[1.0, 2, 6, 2, 1]]), cell_m=1.0, neighbour_distance_m=1.0)
    assert z[0, 2] == pytest.approx(1.2326313, abs=1e-7)
    assert z[0, 0] == pytest.approx(-0.7924058, abs=1e-7)
    assert z[0, 4] == pytest.approx(z[0, 0])


def _gi_star_reference(values, area, distance):
    """Direct Getis-Ord (1992) form: G* = sum w x / sum x, with E and Var under randomisation."""
    ny, nx = values.shape
    cells = [(r, c) for r in range(ny) for c in range(nx) if area[r, c]]
    x = np.array([values[r, c] for r, c in cells])
    n = len(cells)
    y1 = x.mean()
    y2 = (x**2).mean() - y1**2
    out = np.full(values.shape, np.nan)
    for _i, (r, c) in enumerate(cells):
        w = np.array([1.0 if math.dist((r, c), cell) <= distance + 1e-9 else 0.0 for cell in cells])
        wi = w.sum()
        g = (w * x).sum() / x.sum()
        e = wi / n
        var = wi * (n - wi) / (n**2 * (n - 1)) * y2 / y1**2
        out[r, c] = (g - e) / math.sqrt(var)
    return out


def test_gi_star_matches_the_direct_formula_with_a_study_area_mask():
    rng = np.random.default_rng(3)
    values = rng.poisson(2.0, (7, 9)).astype(float)
    values[2:4, 3:5] += 9
    area = np.ones(values.shape, bool)
    area[0, :3] = False  # cells outside the borough take no part
    got = gi_star(values, cell_m=50.0, neighbour_distance_m=50.0 * math.sqrt(2), study_area=area)
    want = _gi_star_reference(values, area, math.sqrt(2))
    np.testing.assert_allclose(got[area], want[area], rtol=1e-10)
    assert np.isnan(got[~area]).all()


def test_benjamini_hochberg_cutoff_hand_worked():
    # n = 10, alpha 0.05: thresholds 0.005, 0.010, 0.015, ...; p(1)=0.001 and p(2)=0.008
    # pass, p(3)=0.039 > 0.015 and no later p(k) <= k*0.005 -> cut-off 0.008.
    p = [0.205, 0.001, 0.039, 0.008, 0.041, 0.042, 0.06, 0.074, 0.212, 0.216]
    assert bh_cutoff(p, 0.05) == 0.008
    assert bh_cutoff([0.5, 0.9], 0.05) == 0.0


def test_classes_follow_fdr_levels_and_z_sign():
    # 20 tests. p = 0.0001 passes 99% (k=1: 0.01/20 = 0.0005); p = 0.004 for k = 2, 3
    # passes 95% (0.005, 0.0075) but not 99% (0.001, 0.0015); p = 0.3 passes nothing.
    z = np.zeros(20)
    p = np.full(20, 0.3)
    z[0], p[0] = 4.0, 0.0001
    z[1], p[1] = 2.9, 0.004
    z[2], p[2] = -2.9, 0.004
    bins = classify(z, p)
    assert list(bins[:4]) == [3, 2, -2, 0]
    assert (bins[3:] == 0).all()


def test_hot_spots_finds_a_dense_cluster_inside_the_area():
    rng = np.random.default_rng(5)
    x = np.r_[rng.uniform(0, 2000, 400), rng.uniform(900, 1100, 300)]
    y = np.r_[rng.uniform(0, 2000, 400), rng.uniform(900, 1100, 300)]
    result = hot_spots(x, y, 100.0, area=shapely.box(0, 0, 2000, 2000))
    hot = result.cells()
    assert hot and hot[0].gi_bin == 3
    assert all(800 <= c.x <= 1200 and 800 <= c.y <= 1200 for c in hot if c.gi_bin == 3)
    assert result.counts.sum() == 700
    assert result.to_geojson()["features"]
