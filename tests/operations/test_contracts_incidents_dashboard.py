"""Contracts (spend against cap), incidents and their statistics, availability and the dashboard via the API."""

from __future__ import annotations

import datetime as dt


def test_spend_against_the_cap_sums_the_faults_charged(client, manager, cameras, auth):
    dssl = client.post("/api/contractors", headers=manager, json={"name": "DSSL Group Limited"}).json
    finance = auth("finance")
    contract = client.post("/api/contracts", headers=finance, json={
        "contractor_id": dssl["id"], "reference": "OD-2022-05-24-DSSL", "service": "maintenance",
        "starts_on": "2022-06-01", "ends_on": "2022-09-30", "value_cap_pence": 21347700, "cost_code": "10997"})
    assert contract.status_code == 201, contract.json
    for cost in (1636300, 45000):  # the first works order (GBP 16,363) and a repair (GBP 450)
        response = client.post("/api/faults", headers=manager, json={
            "camera_id": cameras[0]["id"], "category": "transmission", "severity": "high",
            "contract_id": contract.json["id"], "cost_pence": cost})
        assert response.status_code == 201 and response.json["contractor"] == "DSSL Group Limited"
    got = client.get(f"/api/contracts/{contract.json['id']}", headers=auth("viewer")).json
    # 1,636,300 + 45,000 = 1,681,300 p spent; 21,347,700 - 1,681,300 = 19,666,400 p left; 1,681,300 / 21,347,700
    assert (got["spent_pence"], got["remaining_pence"]) == (1681300, 19666400)
    assert got["cap_used_share"] == round(1681300 / 21347700, 4)
    assert client.post("/api/contracts", headers=auth("viewer"), json={}).status_code == 403
    assert client.delete(f"/api/contracts/{contract.json['id']}", headers=manager).status_code == 409


def test_incidents_and_their_statistics(client, manager, cameras, auth):
    def record(when, kind, origin, **extra):
        response = client.post("/api/incidents", headers=manager, json={
            "occurred_at": when, "incident_type": kind, "origin": origin, "asset_numbers": ["BO69"], **extra})
        assert response.status_code == 201, response.json
        return response.json

    record("2022-10-24T10:30:00+01:00", "begging", "proactive")  # 09:30 UTC, 10:xx London
    record("2022-10-31T10:30:00Z", "begging", "proactive")  # GMT now: 10:xx London
    record("2022-11-29T23:59:00Z", "road_traffic_collision", "reactive", arrest_made=True)
    record("2022-11-30T00:00:00Z", "theft", "reactive")  # the day after the period
    stats = client.get("/api/incidents/stats?from=2022-10-24&to=2022-11-29", headers=auth("finance")).json
    # 3 in the period: begging 2/3 = 66.7% -> 67; RTC 1/3 = 33.3% -> 33; hours 10, 10, 23
    assert stats["count"] == 3
    by_type = {r["type"]: r["percent"] for r in stats["by_type"]}
    assert (by_type["begging"], by_type["road_traffic_collision"], by_type["theft"]) == (67, 33, 0)
    assert stats["by_hour"][10] == 2 and stats["by_hour"][23] == 1
    assert (stats["proactive"], stats["reactive"], stats["arrests"]) == (2, 1, 1)
    # Statistics are for everyone; the records (with their notes) are not for finance or members.
    assert client.get("/api/incidents", headers=auth("finance")).status_code == 403
    assert len(client.get("/api/incidents?from=2022-10-24&to=2022-11-29", headers=auth("viewer")).json) == 3
    assert client.get("/api/incidents/stats?from=2022-11-29&to=2022-10-24", headers=manager).status_code == 422


def test_availability_api_and_dashboard(client, manager, cameras, auth):
    # BO69 out of service from 1 Jan 2022 00:00 to 3 Jan 00:00 (48 h) in a 10-day period of 240 h.
    fault = client.post("/api/faults", headers=manager, json={
        "camera_id": cameras[0]["id"], "category": "power", "severity": "critical",
        "detected_at": "2022-01-01T00:00:00Z", "reported_at": "2022-01-01T06:00:00Z"}).json
    client.post(f"/api/faults/{fault['id']}/transitions", headers=manager, json={
        "status": "resolved", "resolution": "repair", "at": "2022-01-03T00:00:00Z"})
    report = client.get("/api/availability?from=2022-01-01&to=2022-01-10", headers=auth("viewer")).json
    # Estate: 48 h down of 2 x 240 = 480 h -> 0.9; MTTR 42 h (06:00 1 Jan -> 00:00 3 Jan) > 24 h target
    assert report["estate"]["availability"] == 0.9
    assert report["estate"]["mttr_hours"] == 42.0 and report["estate"]["within_target_share"] == 0.0
    assert [(p["day"], p["operational"]) for p in report["series"][:3]] == [
        ("2022-01-01", 1), ("2022-01-02", 1), ("2022-01-03", 2)]

    open_fault = client.post("/api/faults", headers=manager, json={
        "camera_id": cameras[1]["id"], "category": "no_video", "severity": "high",
        "reported_at": (dt.datetime.now(dt.UTC) - dt.timedelta(days=5)).isoformat()}).json
    board = client.get("/api/dashboard", headers=auth("viewer")).json
    assert board["fixed_cameras"] == {"operational": 1, "total": 2, "operational_share": 0.5}
    assert board["open_faults"]["by_severity"]["high"] == 1
    assert board["open_faults"]["by_age"]["1_to_7_days"] == 1
    # High target is 72 h; reported 5 days ago -> past target by about 48 h
    assert board["faults_past_target"]["count"] == 1
    assert board["faults_past_target"]["oldest"][0]["id"] == open_fault["id"]
    # Dates are ISO 8601 throughout (not Flask's default HTTP-date format).
    assert dt.date.fromisoformat(board["incidents"]["this_month"]["from"]).day == 1
    assert dt.datetime.fromisoformat(board["faults_past_target"]["oldest"][0]["reported_at"])
    # Neither camera has ever been reviewed (and neither has a first review date): both overdue.
    assert {k: board["reviews"][k] for k in ("overdue", "never_reviewed", "due_soon")} == {
        "overdue": 2, "never_reviewed": 2, "due_soon": 0}


def test_dashboard_counts_incidents_this_month_and_last(client, manager, cameras, auth):
    from cctv_planner.domain.availability import LONDON

    today = dt.datetime.now(LONDON).date()
    first_this = today.replace(day=1)
    last_month_day = first_this - dt.timedelta(days=1)
    when = [dt.datetime.combine(first_this, dt.time(0, 30), LONDON),  # this month, just after midnight
            dt.datetime.combine(last_month_day, dt.time(23, 30), LONDON),  # last month, just before
            dt.datetime.combine(last_month_day.replace(day=1), dt.time(12), LONDON)]
    for moment in when:
        assert client.post("/api/incidents", headers=manager, json={
            "occurred_at": moment.isoformat(), "incident_type": "theft", "origin": "reactive",
            "camera_ids": [cameras[0]["id"]]}).status_code == 201
    board = client.get("/api/dashboard", headers=manager).json
    assert board["incidents"]["this_month"]["count"] == 1
    assert board["incidents"]["last_month"]["count"] == 2


def test_fault_list_filters(client, manager, cameras):
    for camera, severity in ((cameras[0], "high"), (cameras[1], "low")):
        client.post("/api/faults", headers=manager, json={"camera_id": camera["id"], "category": "power",
                                                           "severity": severity})
    listed = client.get("/api/faults?severity=low", headers=manager).json
    assert [f["asset_number"] for f in listed] == ["BO61"]
    assert len(client.get("/api/faults?open=true&asset_number=bo69", headers=manager).json) == 1
    assert client.get("/api/faults?open=false", headers=manager).json == []
    assert client.get("/api/faults?sort=colour", headers=manager).status_code == 422
