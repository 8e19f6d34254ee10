"""Availability of the fixed estate, from the fault history (the maths is in domain/availability.py).

The cameras measured are the fixed cameras (every type but redeployable) not
decommissioned, as in the register summary's "fixed cameras operational of
total"; a camera's decommissioning date is not recorded, so a decommissioned
camera is left out of every period rather than guessed at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cctv_planner.domain.availability import (
    HOUR,
    CameraLife,
    FaultRecord,
    FaultSummary,
    Period,
    availability_by,
    camera_availability,
    fault_summary,
    fault_summary_by,
    mtbf_hours,
    operational_series,
    outages_of,
    pooled_availability,
)
from cctv_planner.domain.faults import DEFAULT_TARGET_HOURS, FaultStatus, Severity
from cctv_planner.domain.register import FIXED_CAMERA_TYPES, CameraStatus
from cctv_planner.models import Camera, Contractor, Fault, Site, Ward

NO_WARD = "(no ward)"
NO_CONTRACTOR = "(no contractor)"


def fixed_cameras(session: Session) -> tuple[list[CameraLife], dict[int, dict[str, Any]]]:
    """The fixed estate as CameraLife rows, and each camera's asset number and ward."""
    rows = session.execute(
        sa.select(Camera.id, Camera.asset_number, Camera.installed_on, Ward.code, Ward.name)
        .outerjoin(Site, Camera.site_id == Site.id).outerjoin(Ward, Site.ward_id == Ward.id)
        .where(Camera.camera_type.in_([t.value for t in FIXED_CAMERA_TYPES]),
               Camera.status != CameraStatus.DECOMMISSIONED)
        .order_by(Camera.asset_number)).all()
    lives = [CameraLife(r.id, r.installed_on, r.name or NO_WARD) for r in rows]
    info = {r.id: {"asset_number": r.asset_number, "ward_code": r.code, "ward_name": r.name or NO_WARD}
            for r in rows}
    return lives, info


def fault_records(session: Session, camera_ids, before: dt.datetime) -> list[FaultRecord]:
    """Faults of these cameras detected before ``before`` (later ones cannot touch the period)."""
    ids = list(camera_ids)
    rows = session.execute(
        sa.select(Fault.id, Fault.camera_id, Fault.detected_at, Fault.reported_at, Fault.resolved_at,
                  Fault.severity, Fault.out_of_service, Fault.status, Contractor.name, Ward.name)
        .outerjoin(Contractor, Fault.contractor_id == Contractor.id)
        .join(Camera, Fault.camera_id == Camera.id)
        .outerjoin(Site, Camera.site_id == Site.id).outerjoin(Ward, Site.ward_id == Ward.id)
        .where(Fault.camera_id.in_(ids), Fault.detected_at < before)).all()
    return [FaultRecord(r[0], r[1], r[2], r[3], r[4], r[5].value, r[6], r[7] is FaultStatus.CANCELLED,
                        r[8] or NO_CONTRACTOR, r[9] or NO_WARD) for r in rows]


def _hours(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _summary(s: FaultSummary) -> dict[str, Any]:
    return {"faults_reported": s.reported, "faults_resolved": s.resolved, "open_at_end": s.open_at_end,
            "mttr_hours": _hours(s.mttr_hours), "within_target_share": _share(s.within_target_share),
            "mean_report_delay_hours": _hours(s.mean_report_delay_hours)}


def report(session: Session, first: dt.date, last: dt.date, *, step_days: int = 1,
           targets: Mapping[Severity, int] = DEFAULT_TARGET_HOURS, per_camera: bool = True) -> dict[str, Any]:
    """Availability, MTTR, MTBF, within-target share and report delay for the London days
    ``first`` to ``last``: for the estate, by ward, by contractor and per camera; and the
    operational-of-total series sampled every ``step_days`` days."""
    period = Period.of_days(first, last)
    cameras, info = fixed_cameras(session)
    records = fault_records(session, info, period.end)
    outages = outages_of(records)
    target_hours = {s.value: h for s, h in targets.items()}
    rows = camera_availability(cameras, outages, period)
    estate_summary = fault_summary(records, period, target_hours)
    by_ward_availability = availability_by(cameras, rows, key=lambda c: c.ward)
    by_ward_faults = fault_summary_by(records, period, target_hours, key=lambda r: r.ward)
    empty = _summary(fault_summary([], period, target_hours))
    ward_cameras: dict[str, int] = {}
    for c in cameras:
        ward_cameras[c.ward] = ward_cameras.get(c.ward, 0) + 1
    result: dict[str, Any] = {
        "from": first, "to": last, "hours": round(period.seconds / HOUR, 2),
        "estate": {
            "cameras": len(rows),
            "availability": _share(pooled_availability(rows)),
            "downtime_hours": _hours(sum(r.downtime_seconds for r in rows) / HOUR),
            "mtbf_hours": _hours(mtbf_hours(rows, outages, period)),
            **_summary(estate_summary),
        },
        "by_ward": [{"ward": ward, "cameras": ward_cameras.get(ward, 0),
                     "availability": _share(by_ward_availability.get(ward)),
                     **(_summary(by_ward_faults[ward]) if ward in by_ward_faults else empty)}
                    for ward in sorted(ward_cameras)],
        "by_contractor": [{"contractor": name, **_summary(s)} for name, s in sorted(
            fault_summary_by(records, period, target_hours, key=lambda r: r.contractor).items())],
        "series": [{"day": p.day, "operational": p.operational, "total": p.total}
                   for p in operational_series(cameras, outages, first, last, step_days)],
    }
    if per_camera:
        result["cameras"] = [{"camera_id": r.camera_id, "asset_number": info[r.camera_id]["asset_number"],
                              "ward": info[r.camera_id]["ward_name"],
                              "availability": _share(r.availability),
                              "downtime_hours": _hours(r.downtime_seconds / HOUR),
                              "hours_in_estate": _hours(r.exposure_seconds / HOUR)} for r in rows]
    return result
