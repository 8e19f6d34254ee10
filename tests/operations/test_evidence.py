"""faults_for_cameras and incidents_for_cameras: the evidence other areas (reviews, site requests) show."""

from __future__ import annotations

import datetime as dt

from cctv_planner.domain.faults import FaultStatus, Resolution
from cctv_planner.services import faults, incidents


def t(day, month=6, year=2022, hour=12):
    return dt.datetime(year, month, day, hour, tzinfo=dt.UTC)


def test_evidence_since_a_date(db_session, cameras):
    bo69, bo61 = (c["id"] for c in cameras)
    old = faults.create_fault(db_session, {"camera_id": bo69, "category": "power", "severity": "low",
                                           "detected_at": t(1, 1, 2021), "reported_at": t(2, 1, 2021),
                                           "status": FaultStatus.CLOSED, "resolved_at": t(3, 1, 2021),
                                           "resolution": Resolution.REPAIR})
    still_open = faults.create_fault(db_session, {"camera_id": bo69, "category": "power", "severity": "low",
                                                  "detected_at": t(1, 1, 2021), "reported_at": t(2, 1, 2021)})
    recent = faults.create_fault(db_session, {"camera_id": bo69, "category": "no_video", "severity": "high",
                                              "detected_at": t(1), "reported_at": t(1)})
    faults.create_fault(db_session, {"camera_id": bo61, "category": "no_video", "severity": "high",
                                     "detected_at": t(1), "reported_at": t(1)})
    cancelled = faults.create_fault(db_session, {"camera_id": bo69, "category": "other", "severity": "low",
                                                 "detected_at": t(2), "reported_at": t(2)})
    faults.transition(db_session, cancelled, FaultStatus.CANCELLED)
    found = faults.faults_for_cameras(db_session, [bo69], dt.date(2022, 1, 1))
    # The 2021 closed fault is out; the 2021 fault still open is in; cancelled and other cameras are out.
    assert [f["id"] for f in found] == [still_open.id, recent.id]
    assert found[1]["asset_number"] == "BO69" and found[1]["status"] == "open"
    assert old.id not in [f["id"] for f in found]
    assert faults.faults_for_cameras(db_session, [], dt.date(2022, 1, 1)) == []

    seen = incidents.create_incident(db_session, {"occurred_at": t(5), "incident_type": "begging",
                                                  "origin": "proactive", "camera_ids": [bo69, bo61]})
    incidents.create_incident(db_session, {"occurred_at": t(5, 1, 2021), "incident_type": "theft",
                                           "origin": "reactive", "camera_ids": [bo69]})
    incidents.create_incident(db_session, {"occurred_at": t(6), "incident_type": "theft",
                                           "origin": "reactive", "camera_ids": [bo61]})
    found = incidents.incidents_for_cameras(db_session, [bo69], dt.date(2022, 1, 1))
    assert [i["id"] for i in found] == [seen.id]
    assert found[0]["asset_numbers"] == ["BO61", "BO69"] and found[0]["incident_type"] == "begging"
