"""Sites: wards from polygons, locations in either system, bad places rejected."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from cctv_planner.models import Site
from tests.domain import reference


@pytest.fixture
def manager(auth):
    return auth("cctv_manager")


def _count(db_session) -> int:
    return db_session.scalar(sa.select(sa.func.count()).select_from(Site))


def test_ward_is_found_from_the_polygon_and_both_systems_are_stored(client, manager, barnet_wards):
    response = client.post("/api/sites", headers=manager, json={
        "code": "BO-01", "name": "Burnt Oak Town Centre", "location": {"lon": -0.2615, "lat": 51.6030}})
    assert response.status_code == 201, response.json
    site = response.json
    assert barnet_wards[site["ward"]["code"]] == "Burnt Oak"
    easting, northing = reference.wgs84_to_grid(-0.2615, 51.6030)  # the OS Helmert reference
    assert site["location"]["easting"] == pytest.approx(easting, abs=5)
    assert site["location"]["northing"] == pytest.approx(northing, abs=5)


def test_bng_input_gives_the_same_place_as_lonlat(client, manager):
    a = client.post("/api/sites", headers=manager, json={
        "code": "A", "name": "A", "location": {"lon": -0.2615, "lat": 51.6030}}).json
    b = client.post("/api/sites", headers=manager, json={
        "code": "B", "name": "B", "location": {"easting": a["location"]["easting"],
                                               "northing": a["location"]["northing"]}}).json
    assert b["location"]["lon"] == pytest.approx(-0.2615, abs=1e-7)
    assert b["location"]["lat"] == pytest.approx(51.6030, abs=1e-7)


@pytest.mark.parametrize(("location", "why"), [
    ({"lon": 2.3522, "lat": 48.8566}, "France"),
    ({"lon": -1.5, "lat": 54.0, "easting": 1.0, "northing": 1.0}, "disagree"),
    ({"lon": -20.0, "lat": 50.0}, "the sea"),
    ({"lon": -0.2}, "half a pair"),
    ({"easting": -5, "northing": 100}, "off the grid"),
    ({}, "nothing"),
    ({"lon": "west", "lat": 51.6}, "not a number"),
])
def test_bad_locations_are_422_naming_location_and_store_nothing(client, manager, db_session, location, why):
    response = client.post("/api/sites", headers=manager, json={"code": "X", "name": "X", "location": location})
    assert response.status_code == 422, (why, response.json)
    assert "location" in response.json["errors"]["json"], why
    assert _count(db_session) == 0


def test_given_ward_code_must_exist(client, manager, barnet_wards):
    response = client.post("/api/sites", headers=manager, json={
        "code": "X", "name": "X", "location": {"lon": -0.2615, "lat": 51.6030}, "ward_code": "E99999999"})
    assert response.status_code == 422
    assert "ward_code" in response.json["errors"]["json"]


def test_duplicate_site_code_is_409(client, manager, db_session):
    body = {"code": "BO-01", "name": "Burnt Oak", "location": {"lon": -0.2615, "lat": 51.6030}}
    assert client.post("/api/sites", headers=manager, json=body).status_code == 201
    again = client.post("/api/sites", headers=manager, json=body)
    assert again.status_code == 409 and "code" in again.json["errors"]["json"]
    assert _count(db_session) == 1


def test_moving_a_site_moves_its_ward_and_is_audited(client, manager, barnet_wards):
    site = client.post("/api/sites", headers=manager, json={
        "code": "S1", "name": "Somewhere", "location": {"lon": -0.2615, "lat": 51.6030}})
    moved = client.patch(f"/api/sites/{site.json['id']}", headers={**manager, "If-Match": site.headers["ETag"]},
                         json={"location": {"easting": 525278, "northing": 190668}})  # Finchley Central
    assert moved.status_code == 200
    assert barnet_wards[moved.json["ward"]["code"]] == "Finchley Church End"
    trail = client.get(f"/api/audit?entity=site&entity_id={site.json['id']}", headers=manager).json
    assert trail[0]["action"] == "update"
    assert set(trail[0]["changes"]) == {"lon", "lat", "easting", "northing", "ward_id"}


def test_a_site_with_cameras_cannot_be_deleted(client, manager, db_session):
    site = client.post("/api/sites", headers=manager, json={
        "code": "S1", "name": "S", "location": {"lon": -0.2615, "lat": 51.6030}}).json
    client.post("/api/cameras", headers=manager, json={"asset_number": "C1", "camera_type": "fixed",
                                                       "site_id": site["id"]})
    response = client.delete(f"/api/sites/{site['id']}", headers=manager)
    assert response.status_code == 409
    assert _count(db_session) == 1


def test_site_list_filters_by_ward_and_bbox(client, manager, barnet_wards):
    for code, lon, lat in [("BO", -0.2615, 51.6030), ("HB", -0.1926, 51.6500)]:
        client.post("/api/sites", headers=manager, json={"code": code, "name": code,
                                                         "location": {"lon": lon, "lat": lat}})
    burnt_oak = next(code for code, name in barnet_wards.items() if name == "Burnt Oak")
    assert [s["code"] for s in client.get(f"/api/sites?ward={burnt_oak}", headers=manager).json] == ["BO"]
    assert [s["code"] for s in client.get("/api/sites?bbox=-0.2,51.64,-0.18,51.66",
                                          headers=manager).json] == ["HB"]
