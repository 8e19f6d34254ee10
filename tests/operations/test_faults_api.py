"""Faults through the API: the workflow's 409s, and the camera's status following its outages."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from cctv_planner.models import AuditEntry, Camera


def _log(client, headers, camera, **extra):
    body = {"camera_id": camera["id"], "category": "transmission", "severity": "high",
            "detected_at": "2022-05-01T08:00:00Z", "reported_at": "2022-05-02T09:00:00Z", **extra}
    response = client.post("/api/faults", headers=headers, json=body)
    assert response.status_code == 201, response.json
    return response.json


def _move(client, headers, fault_id, **body):
    return client.post(f"/api/faults/{fault_id}/transitions", headers=headers, json=body)


def _status(client, headers, camera):
    return client.get(f"/api/cameras/{camera['id']}", headers=headers).json["status"]


def test_camera_status_follows_its_outages_and_the_audit_trail_records_it(client, manager, cameras, db_session):
    bo69 = cameras[0]
    assert _status(client, manager, bo69) == "operational"
    first = _log(client, manager, bo69)
    assert _status(client, manager, bo69) == "defective"
    second = _log(client, manager, bo69, category="power", severity="critical")
    # A fault that leaves the camera working changes nothing.
    _log(client, manager, bo69, category="image_quality", severity="low", out_of_service=False)

    assert _move(client, manager, first["id"], status="resolved", resolution="repair",
                 at="2022-05-03T10:00:00Z").status_code == 200
    assert _status(client, manager, bo69) == "defective"  # the power fault is still live
    assert _move(client, manager, second["id"], status="cancelled", note="logged twice").status_code == 200
    assert _status(client, manager, bo69) == "operational"  # last live outage gone
    # Reopening the resolved fault makes it defective again.
    assert _move(client, manager, first["id"], status="open", note="fix did not hold").status_code == 200
    assert _status(client, manager, bo69) == "defective"
    assert _status(client, manager, cameras[1]) == "operational"  # the other camera is untouched

    trail = client.get(f"/api/audit?entity=camera&entity_id={bo69['id']}", headers=manager).json
    statuses = [e["changes"]["status"] for e in reversed(trail) if "status" in e["changes"]]
    assert statuses == [[None, "operational"], ["operational", "defective"], ["defective", "operational"],
                        ["operational", "defective"]]
    assert all(e["actor"] == trail[0]["actor"] for e in trail)  # the manager, not "system"


@pytest.mark.parametrize(("path", "status"), [
    ((), "closed"),  # open -> closed skips resolving
    ((), "awaiting_parts"),  # parts are awaited only once assigned
    ((("cancelled", {}),), "open"),  # cancelled is final
    ((("resolved", {"resolution": "repair"}), ("closed", {})), "open"),  # closed is final
])
def test_transitions_outside_the_table_are_409_and_change_nothing(client, manager, cameras, path, status,
                                                                  db_session):
    fault = _log(client, manager, cameras[0])
    for step, extra in path:
        assert _move(client, manager, fault["id"], status=step, **extra).status_code == 200
    before = client.get(f"/api/faults/{fault['id']}", headers=manager).json
    response = _move(client, manager, fault["id"], status=status)
    assert response.status_code == 409, response.json
    assert f"cannot become {status}" in response.json["message"]
    after = client.get(f"/api/faults/{fault['id']}", headers=manager).json
    assert after == before


def test_the_409_message_says_what_is_allowed(client, manager, cameras):
    fault = _log(client, manager, cameras[0])
    response = _move(client, manager, fault["id"], status="closed")
    assert response.json["message"] == ("a open fault cannot become closed: from open it may become "
                                        "assigned, resolved, cancelled")


def test_assigning_needs_a_contractor_and_resolving_a_resolution(client, manager, cameras):
    fault = _log(client, manager, cameras[0])
    assert _move(client, manager, fault["id"], status="assigned").status_code == 422
    contractor = client.post("/api/contractors", headers=manager, json={"name": "DSSL Group Limited"}).json
    assigned = _move(client, manager, fault["id"], status="assigned", contractor_id=contractor["id"])
    assert assigned.status_code == 200 and assigned.json["contractor"] == "DSSL Group Limited"
    assert _move(client, manager, fault["id"], status="resolved").status_code == 422
    done = _move(client, manager, fault["id"], status="resolved", resolution="upgrade", cost_pence=45000,
                 at="2022-05-04T12:00:00Z")
    assert done.status_code == 200
    assert done.json["resolved_at"].startswith("2022-05-04T12:00:00")
    notes = [n["text"] for n in client.get(f"/api/faults/{fault['id']}/notes", headers=manager).json]
    assert notes == ["status open -> assigned", "status assigned -> resolved (upgrade)"]


def test_times_must_run_forwards_and_a_stale_etag_is_412(client, manager, cameras):
    bad = client.post("/api/faults", headers=manager, json={
        "camera_id": cameras[0]["id"], "category": "power", "severity": "low",
        "detected_at": "2022-05-02T00:00:00Z", "reported_at": "2022-05-01T00:00:00Z"})
    assert bad.status_code == 422 and "reported_at" in bad.json["errors"]["json"]
    fault = client.post("/api/faults", headers=manager, json={
        "camera_id": cameras[0]["id"], "category": "power", "severity": "low"})
    etag = fault.headers["ETag"]
    assert client.patch(f"/api/faults/{fault.json['id']}", headers={**manager, "If-Match": etag},
                        json={"description": "no power at the column"}).status_code == 200
    stale = client.patch(f"/api/faults/{fault.json['id']}", headers={**manager, "If-Match": etag},
                         json={"description": "again"})
    assert stale.status_code == 412


def test_roles_viewer_reads_but_cannot_write(client, manager, cameras, auth):
    fault = _log(client, manager, cameras[0])
    viewer = auth("viewer")
    assert client.get(f"/api/faults/{fault['id']}", headers=viewer).status_code == 200
    assert client.get("/api/faults?open=true", headers=viewer).json[0]["id"] == fault["id"]
    assert _move(client, viewer, fault["id"], status="cancelled").status_code == 403
    assert client.post("/api/faults", headers=auth("finance"), json={
        "camera_id": cameras[0]["id"], "category": "power", "severity": "low"}).status_code == 403


def test_deleting_a_live_outage_restores_the_camera(client, manager, cameras, db_session):
    fault = client.post("/api/faults", headers=manager, json={
        "camera_id": cameras[0]["id"], "category": "no_video", "severity": "medium"})
    assert _status(client, manager, cameras[0]) == "defective"
    assert client.delete(f"/api/faults/{fault.json['id']}", headers=manager).status_code == 204
    assert _status(client, manager, cameras[0]) == "operational"
    assert db_session.scalar(sa.select(Camera.status).where(Camera.id == cameras[0]["id"])) == "operational"
    assert db_session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.entity_type == "fault")) == 2  # create and delete
