"""The camera API: create, read, update, delete, validation, conflicts, ETags, audit."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from cctv_planner.models import AuditEntry, Camera


@pytest.fixture
def manager(auth):
    return auth("cctv_manager")


@pytest.fixture
def site(client, manager):
    response = client.post("/api/sites", headers=manager, json={
        "code": "BO-01", "name": "Burnt Oak Town Centre", "location_detail": "Burnt Oak Broadway opposite Stag Lane",
        "location": {"lon": -0.2615, "lat": 51.6030}, "category": "town_centre", "transmission": "wireless"})
    assert response.status_code == 201, response.json
    return response.json


def _camera_count(db_session) -> int:
    return db_session.scalar(sa.select(sa.func.count()).select_from(Camera))


def test_create_then_update_leaves_two_audit_entries_with_the_changed_fields(client, manager, site):
    created = client.post("/api/cameras", headers=manager, json={
        "asset_number": "bo69", "camera_type": "fixed", "site_id": site["id"], "bearing_deg": 90})
    assert created.status_code == 201
    camera = created.json
    assert camera["asset_number"] == "BO69"  # asset numbers are stored upper-case
    assert camera["retention_days"] == 28 and camera["frames_per_second"] == 25

    updated = client.patch(f"/api/cameras/{camera['id']}", headers={**manager, "If-Match": created.headers["ETag"]},
                           json={"status": "defective", "make": "Axis"})
    assert updated.status_code == 200
    assert updated.json["status"] == "defective"

    trail = client.get(f"/api/audit?entity=camera&entity_id={camera['id']}", headers=manager)
    assert trail.status_code == 200
    entries = trail.json
    assert [e["action"] for e in entries] == ["update", "create"]
    assert entries[0]["changes"] == {"status": ["operational", "defective"], "make": ["", "Axis"]}
    assert entries[1]["changes"]["asset_number"] == [None, "BO69"]
    assert entries[1]["changes"]["bearing_deg"] == [None, 90.0]
    assert all(e["actor"] == entries[0]["actor"] and e["actor"].startswith("user") for e in entries)


def test_audit_trail_is_for_admin_and_cctv_manager_only(client, auth):
    assert client.get("/api/audit", headers=auth("viewer")).status_code == 403
    assert client.get("/api/audit", headers=auth("admin")).status_code == 200


def test_duplicate_asset_number_is_409_and_changes_nothing(client, manager, site, db_session):
    assert client.post("/api/cameras", headers=manager, json={
        "asset_number": "BO69", "camera_type": "fixed", "site_id": site["id"]}).status_code == 201
    audit_before = db_session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    again = client.post("/api/cameras", headers=manager, json={
        "asset_number": "bo69", "camera_type": "ptz", "site_id": site["id"]})
    assert again.status_code == 409
    assert again.json["errors"] == {"json": {"asset_number": [again.json["message"]]}}
    assert "BO69" in again.json["message"]
    assert _camera_count(db_session) == 1
    assert db_session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == audit_before


@pytest.mark.parametrize(("body", "field"), [
    ({"camera_type": "fixed"}, "asset_number"),                       # missing field
    ({"asset_number": "X1"}, "camera_type"),                          # missing field
    ({"asset_number": "X1", "camera_type": "laser"}, "camera_type"),  # unknown enum value
    ({"asset_number": "X1", "camera_type": "fixed", "bearing_deg": "north"}, "bearing_deg"),  # wrong type
    ({"asset_number": "X1", "camera_type": "fixed", "bearing_deg": 360}, "bearing_deg"),      # out of range
    ({"asset_number": "X1", "camera_type": "fixed", "retention_days": 0}, "retention_days"),
    ({"asset_number": "X 1", "camera_type": "fixed"}, "asset_number"),                         # bad characters
    ({"asset_number": 69, "camera_type": "fixed"}, "asset_number"),                            # wrong type
    ({"asset_number": "X1", "camera_type": "fixed", "status": "broken"}, "status"),
    ({"asset_number": "X1", "camera_type": "fixed", "installed_on": "31/02/2015"}, "installed_on"),
    ({"asset_number": "X1", "camera_type": "fixed", "colour": "red"}, "colour"),                # unknown field
])
def test_bad_camera_input_is_422_naming_the_field(client, manager, site, db_session, body, field):
    body = {"site_id": site["id"], **body}
    response = client.post("/api/cameras", headers=manager, json=body)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]["json"]
    assert field in response.json["message"]
    assert _camera_count(db_session) == 0


def test_a_fixed_camera_needs_a_site_unless_in_store(client, manager):
    response = client.post("/api/cameras", headers=manager, json={"asset_number": "X1", "camera_type": "fixed"})
    assert response.status_code == 422
    assert "site_id" in response.json["errors"]["json"]
    stored = client.post("/api/cameras", headers=manager, json={
        "asset_number": "X1", "camera_type": "redeployable", "status": "in_store"})
    assert stored.status_code == 201
    assert stored.json["site"] is None


def test_unknown_site_id_is_422_and_unknown_camera_is_404(client, manager):
    response = client.post("/api/cameras", headers=manager, json={
        "asset_number": "X1", "camera_type": "fixed", "site_id": 999999})
    assert response.status_code == 422 and "site_id" in response.json["errors"]["json"]
    assert client.get("/api/cameras/999999", headers=manager).status_code == 404
    assert client.patch("/api/cameras/999999", headers=manager, json={"make": "A"}).status_code == 404


def test_body_that_is_not_json_is_a_4xx_not_a_500(client, manager):
    response = client.post("/api/cameras", headers={**manager, "Content-Type": "application/json"},
                           data="{not json")
    assert 400 <= response.status_code < 500
    response = client.post("/api/cameras", headers=manager, json=[1, 2, 3])
    assert response.status_code == 422


def test_stale_etag_is_412_and_the_record_keeps_the_first_edit(client, manager, site):
    camera = client.post("/api/cameras", headers=manager, json={
        "asset_number": "BO69", "camera_type": "fixed", "site_id": site["id"]})
    etag = camera.headers["ETag"]
    url = f"/api/cameras/{camera.json['id']}"
    first = client.patch(url, headers={**manager, "If-Match": etag}, json={"make": "Axis"})
    assert first.status_code == 200 and first.headers["ETag"] != etag
    second = client.patch(url, headers={**manager, "If-Match": etag}, json={"make": "Bosch"})
    assert second.status_code == 412
    assert "changed since you read it" in second.json["message"]
    assert client.get(url, headers=manager).json["make"] == "Axis"
    assert client.delete(url, headers={**manager, "If-Match": etag}).status_code == 412
    assert client.delete(url, headers={**manager, "If-Match": first.headers["ETag"]}).status_code == 204


def test_get_returns_the_etag_that_a_later_write_must_match(client, manager, site):
    camera = client.post("/api/cameras", headers=manager, json={
        "asset_number": "BO69", "camera_type": "fixed", "site_id": site["id"]}).json
    got = client.get(f"/api/cameras/{camera['id']}", headers=manager)
    assert got.headers["ETag"] == f'"camera-{camera["id"]}-v1"'


def test_list_filters_sorts_and_paginates(client, manager, site):
    other = client.post("/api/sites", headers=manager, json={
        "code": "ED-01", "name": "Edgware Station Road", "location": {"easting": 519300, "northing": 191750},
        "category": "station", "transmission": "fibre"}).json
    for asset, site_id, status, kind in [("BO1", site["id"], "operational", "fixed"),
                                         ("BO2", site["id"], "defective", "ptz"),
                                         ("ED1", other["id"], "defective", "fixed"),
                                         ("ED2", other["id"], "operational", "dome")]:
        assert client.post("/api/cameras", headers=manager, json={
            "asset_number": asset, "camera_type": kind, "site_id": site_id, "status": status}).status_code == 201

    def assets(query):
        response = client.get(f"/api/cameras?{query}", headers=manager)
        assert response.status_code == 200, response.json
        return [c["asset_number"] for c in response.json]

    assert assets("status=defective") == ["BO2", "ED1"]
    assert assets("type=fixed") == ["BO1", "ED1"]
    assert assets("transmission=fibre") == ["ED1", "ED2"]
    assert assets("category=town_centre&sort=-asset_number") == ["BO2", "BO1"]
    assert assets("bbox=-0.27,51.60,-0.25,51.61") == ["BO1", "BO2"]
    assert assets("q=ed") == ["ED1", "ED2"]
    page = client.get("/api/cameras?page=2&page_size=3", headers=manager)
    assert [c["asset_number"] for c in page.json] == ["ED2"]
    assert '"total": 4' in page.headers["X-Pagination"]
    assert client.get("/api/cameras?sort=colour", headers=manager).status_code == 422
    assert client.get("/api/cameras?bbox=1,2,3", headers=manager).status_code == 422
    assert client.get("/api/cameras?status=broken", headers=manager).status_code == 422
