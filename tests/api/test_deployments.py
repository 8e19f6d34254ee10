"""Deployments of redeployable cameras."""

from __future__ import annotations

import pytest


@pytest.fixture
def manager(auth):
    return auth("cctv_manager")


@pytest.fixture
def mobile(client, manager):
    return client.post("/api/cameras", headers=manager, json={
        "asset_number": "M1", "camera_type": "redeployable", "status": "in_store"}).json


def test_a_fixed_camera_cannot_be_deployed(client, manager):
    site = client.post("/api/sites", headers=manager, json={
        "code": "S1", "name": "S", "location": {"lon": -0.2615, "lat": 51.6030}}).json
    fixed = client.post("/api/cameras", headers=manager, json={
        "asset_number": "F1", "camera_type": "fixed", "site_id": site["id"]}).json
    response = client.post("/api/deployments", headers=manager, json={
        "camera_id": fixed["id"], "site_id": site["id"], "started_on": "2021-01-01"})
    assert response.status_code == 422 and "camera_id" in response.json["errors"]["json"]


def test_deployment_at_a_point_and_overlap_is_409(client, manager, mobile):
    first = client.post("/api/deployments", headers=manager, json={
        "asset_number": "m1", "location": {"lon": -0.2, "lat": 51.62}, "started_on": "2019-06-01",
        "reason": "fly-tipping hot spot"})
    assert first.status_code == 201, first.json
    assert first.json["location"]["easting"] > 0 and first.json["site_code"] is None
    clash = client.post("/api/deployments", headers=manager, json={
        "camera_id": mobile["id"], "location": {"lon": -0.21, "lat": 51.63}, "started_on": "2020-01-01"})
    assert clash.status_code == 409
    ended = client.patch(f"/api/deployments/{first.json['id']}", headers=manager, json={"ended_on": "2019-12-31"})
    assert ended.status_code == 200
    assert client.post("/api/deployments", headers=manager, json={
        "camera_id": mobile["id"], "location": {"lon": -0.21, "lat": 51.63},
        "started_on": "2020-01-01"}).status_code == 201
    backwards = client.patch(f"/api/deployments/{first.json['id']}", headers=manager, json={"ended_on": "2019-01-01"})
    assert backwards.status_code == 422 and "ended_on" in backwards.json["errors"]["json"]


def test_standing_report_flags_cameras_over_18_months(client, manager, mobile):
    client.post("/api/cameras", headers=manager, json={"asset_number": "M2", "camera_type": "redeployable",
                                                       "status": "in_store"})
    client.post("/api/deployments", headers=manager, json={
        "asset_number": "M1", "location": {"lon": -0.2, "lat": 51.62}, "started_on": "2019-06-01"})
    client.post("/api/deployments", headers=manager, json={
        "asset_number": "M2", "location": {"lon": -0.2, "lat": 51.63}, "started_on": "2021-01-01"})
    report = client.get("/api/deployments/standing-too-long?as_of=2021-12-01", headers=manager)
    assert report.status_code == 200
    assert [(r["asset_number"], r["months_standing"]) for r in report.json] == [("M1", 30)]
