"""Crime weights and the quartic kernel density."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.planning.density import density_at, density_grid, quartic_kernel
from cctv_planner.domain.planning.spatial import CrimePoints
from cctv_planner.domain.planning.weights import CrimeWeights, load_crime_weights

from .conftest import write


def test_default_weights_rank_violence_above_shoplifting_and_unknown_types_weigh_one():
    w = CrimeWeights.default().weigh(
        np.array(["Violence and sexual offences", "Shoplifting", "robbery ", "Brand new type"])
    )
    assert list(w) == [3.0, 0.5, 3.0, 1.0]


def test_uniform_weights_every_crime_one():
    assert list(CrimeWeights.uniform().weigh(np.array(["Robbery", "Shoplifting"]))) == [1.0, 1.0]


def test_time_window_and_half_life():
    months = np.array(["2022-01", "2022-07", "2023-01", "2021-12"], dtype="datetime64[M]")
    types = np.array(["Burglary"] * 4)
    scheme = CrimeWeights.default(start_month="2022-01", half_life_months=6)
    # Burglary weighs 2; ages from 2023-01 are 12, 6, 0 months; 2021-12 is outside the window.
    assert scheme.weigh(types, months) == pytest.approx([2 * 0.25, 2 * 0.5, 2.0, 0.0])


def test_weights_file_with_default_row(tmp_path):
    path = write(tmp_path, "w.csv", "crime_type,weight\nRobbery,5\n*,0.25\n")
    w = load_crime_weights(path).weigh(np.array(["Robbery", "Drugs"]))
    assert list(w) == [5.0, 0.25]


def test_weights_file_with_bad_number_names_row(tmp_path):
    path = write(tmp_path, "w.csv", "crime_type,weight\nRobbery,5\nDrugs,lots\n")
    with pytest.raises(ValidationFailed) as err:
        load_crime_weights(path)
    assert err.value.row == 3 and err.value.column == "weight"


def test_density_hand_worked_three_crimes_and_one_at_the_bandwidth():
    # h = 100 m, evaluated at the origin:
    #   crime (0, 0)   w=1: d=0  -> (1 - 0)^2        = 1
    #   crime (30, 40) w=2: d=50 -> (1 - 0.25)^2 * 2 = 1.125
    #   crime (0, -80) w=1: d=80 -> (1 - 0.64)^2     = 0.1296
    #   crime (60, 80) w=5: d=100 = h -> 0 (only d < h contributes)
    # sum 2.2546 * 3/(pi * 100^2) = 2.1530e-4 per m^2 = 215.298 per km^2
    crimes = CrimePoints.from_arrays(
        np.array([0.0, 30.0, 0.0, 60.0]), np.array([0.0, 40.0, -80.0, 80.0]),
        np.array([1.0, 2.0, 1.0, 5.0]),
    )
    value = density_at(np.array([0.0]), np.array([0.0]), crimes, 100.0)[0]
    assert value == pytest.approx(2.2546 * 3 / (math.pi * 100**2) * 1e6, rel=1e-12)
    assert value == pytest.approx(215.298, abs=1e-3)


def test_density_matches_brute_force_formula_on_random_data():
    rng = np.random.default_rng(11)
    cx, cy = rng.uniform(0, 2000, 3000), rng.uniform(0, 2000, 3000)
    cx[:500] = np.round(cx[:500], -2)  # many crimes on shared points, as police.uk snaps them
    cy[:500] = np.round(cy[:500], -2)
    w = rng.uniform(0, 3, 3000)
    px, py = rng.uniform(-100, 2100, 400), rng.uniform(-100, 2100, 400)
    h = 150.0
    got = density_at(px, py, CrimePoints.from_arrays(cx, cy, w), h)
    d2 = (px[:, None] - cx[None, :]) ** 2 + (py[:, None] - cy[None, :]) ** 2
    k = np.where(d2 < h * h, (1 - d2 / h**2) ** 2, 0.0)
    want = (k * w[None, :]).sum(axis=1) * 3 / (math.pi * h * h) * 1e6
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)
    assert (want > 0).sum() > 300  # the comparison is not between zeros


def test_kernel_integrates_to_one_so_density_is_crimes_per_area():
    # Riemann sum of the normalised kernel over a 1 m grid.
    g = np.arange(-100, 100) + 0.5
    xx, yy = np.meshgrid(g, g)
    total = quartic_kernel(np.hypot(xx, yy), 100.0).sum()
    assert total == pytest.approx(1.0, rel=1e-3)


def test_density_grid_cells_are_cell_centres_and_geojson_is_wgs84():
    crimes = CrimePoints.from_arrays(np.array([530_025.0]), np.array([180_025.0]))
    grid = density_grid(crimes, 100.0, 50.0)
    cx, cy = grid.grid.centres()
    r, c = np.unravel_index(np.argmax(grid.density), grid.density.shape)
    assert (cx[r, c], cy[r, c]) == (530_025.0, 180_025.0)
    assert grid.density[r, c] == pytest.approx(3 / (math.pi * 100**2) * 1e6)
    gj = grid.to_geojson()
    lon, lat = gj["features"][0]["geometry"]["coordinates"][0][0]
    assert -1 < lon < 1 and 51 < lat < 52
    assert all(f["properties"]["density_per_km2"] > 0 for f in gj["features"])


def test_density_rejects_a_zero_bandwidth():
    with pytest.raises(ValidationFailed):
        density_at(np.zeros(1), np.zeros(1), CrimePoints.from_arrays(np.zeros(1), np.zeros(1)), 0)
