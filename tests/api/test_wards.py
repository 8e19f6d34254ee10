"""Wards and area committees through the API."""

from __future__ import annotations


def test_wards_list_with_committees_and_get_with_boundary(client, auth, barnet_wards):
    headers = auth("viewer")
    wards = client.get("/api/wards?page_size=100", headers=headers).json
    assert len(wards) == 24
    assert {w["code"] for w in wards} == set(barnet_wards)
    assert all(w["area_committee"]["illustrative"] for w in wards)
    committees = client.get("/api/area-committees", headers=headers).json
    assert len(committees) == 3
    one = client.get(f"/api/wards?area_committee={committees[0]['code']}&page_size=100", headers=headers).json
    assert 0 < len(one) < 24
    detail = client.get(f"/api/wards/{wards[0]['id']}", headers=headers).json
    assert detail["boundary"]["type"] in {"Polygon", "MultiPolygon"}


def test_ward_create_update_delete_and_bad_boundary(client, auth):
    manager = auth("cctv_manager")
    square = {"type": "Polygon", "coordinates": [[[-0.3, 51.6], [-0.2, 51.6], [-0.2, 51.7], [-0.3, 51.6]]]}
    created = client.post("/api/wards", headers=manager, json={"code": "E05000001", "name": "Test", "boundary": square})
    assert created.status_code == 201, created.json
    assert client.post("/api/wards", headers=manager, json={"code": "E05000001", "name": "Other"}).status_code == 409
    bad = client.post("/api/wards", headers=manager, json={"code": "E05000002", "name": "Bad",
                                                           "boundary": {"type": "Point", "coordinates": [0, 0]}})
    assert bad.status_code == 422 and "boundary" in bad.json["errors"]["json"]
    renamed = client.patch(f"/api/wards/{created.json['id']}", headers=manager, json={"name": "Renamed"})
    assert renamed.status_code == 200 and renamed.json["name"] == "Renamed"
    assert client.delete(f"/api/wards/{created.json['id']}", headers=manager).status_code == 204
    assert client.get(f"/api/wards/{created.json['id']}", headers=manager).status_code == 404
