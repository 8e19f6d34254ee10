"""Finding a point's ward on the real 2022 Barnet ward polygons."""

from __future__ import annotations

import json

import pytest

from cctv_planner.domain.wards import find_ward, ward_shape
from tests.conftest import DEMO_FIXTURES


@pytest.fixture(scope="module")
def shapes():
    path = DEMO_FIXTURES / "wards.geojson"
    if not path.exists():
        pytest.skip("demo ward polygons not built")
    features = json.loads(path.read_text())["features"]
    return [ward_shape(i, f["properties"]["ward_code"], f["geometry"]) for i, f in enumerate(features)]


def test_the_24_wards_tile_without_overlap_at_known_places(shapes):
    assert len(shapes) == 24
    features = json.loads((DEMO_FIXTURES / "wards.geojson").read_text())["features"]
    names = {f["properties"]["ward_code"]: f["properties"]["ward_name"] for f in features}
    # TfL's station grid references (Stations_20220221.csv EASTING/NORTHING)
    # and the ward each station stands in.
    cases = {(520326, 190760): "Burnt Oak", (519550, 191940): "Edgware",
             (525278, 190668): "Finchley Church End", (525546, 191627): "West Finchley"}
    for (easting, northing), ward_name in cases.items():
        assert names[find_ward(shapes, easting, northing).code] == ward_name


def test_a_point_outside_the_borough_has_no_ward_but_a_near_miss_snaps(shapes):
    paris = (652000.0, 6862000.0)
    assert find_ward(shapes, *paris) is None
    # 20 m west of the borough's westernmost point is outside every ward, and
    # a 25 m tolerance brings it back to the ward that owns that edge.
    import shapely

    borough = shapely.union_all([s.polygon_bng for s in shapes])
    minx = borough.bounds[0]
    edge = shapely.get_coordinates(borough.exterior if borough.geom_type == "Polygon" else borough.geoms[0].exterior)
    west = edge[edge[:, 0].argmin()]
    outside = (minx - 20.0, west[1])
    assert find_ward(shapes, *outside) is None
    snapped = find_ward(shapes, *outside, tolerance_m=25.0)
    assert snapped is not None and snapped.polygon_bng.distance(shapely.Point(outside)) <= 25.0
