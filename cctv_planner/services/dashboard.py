"""The CCTV manager's dashboard: one call gathering the day's figures."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cctv_planner.domain import reviews as review_rules
from cctv_planner.domain.availability import LONDON, day_start
from cctv_planner.domain.faults import ACTIVE_STATUSES, DEFAULT_TARGET_HOURS, Severity, target_fix_by
from cctv_planner.domain.register import FIXED_CAMERA_TYPES, CameraStatus
from cctv_planner.models import Camera, Fault
from cctv_planner.services import incidents, reviews

# Age of an open fault since it was reported: (label, up to this many days).
AGE_BANDS = (("under_1_day", 1), ("1_to_7_days", 7), ("7_to_30_days", 30), ("30_to_90_days", 90),
             ("over_90_days", None))
PAST_TARGET_LISTED = 20
REVIEWS_DUE_SOON_DAYS = 30


def _age_band(age: dt.timedelta) -> str:
    for label, days in AGE_BANDS:
        if days is None or age < dt.timedelta(days=days):
            return label
    raise AssertionError("unreachable")


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def dashboard(session: Session, now: dt.datetime, targets: Mapping[Severity, int] = DEFAULT_TARGET_HOURS,
              review_interval_months: int = 12) -> dict[str, Any]:
    fixed = Camera.camera_type.in_([t.value for t in FIXED_CAMERA_TYPES])

    def count(*where) -> int:
        return int(session.scalar(sa.select(sa.func.count(Camera.id)).where(*where)) or 0)

    total = count(fixed, Camera.status != CameraStatus.DECOMMISSIONED)
    operational = count(fixed, Camera.status == CameraStatus.OPERATIONAL)

    open_faults = session.scalars(sa.select(Fault).where(Fault.status.in_([s.value for s in ACTIVE_STATUSES]))
                                  .order_by(Fault.reported_at)).unique().all()
    by_severity = Counter(f.severity.value for f in open_faults)
    by_age = Counter(_age_band(now - f.reported_at) for f in open_faults)
    past = [(f, target_fix_by(f.reported_at, f.severity, targets)) for f in open_faults]
    past = [(f, due) for f, due in past if now > due]

    today = now.astimezone(LONDON).date()
    this_month = _month_start(today)
    last_month = _month_start(this_month - dt.timedelta(days=1))
    return {
        "as_of": now,
        "fixed_cameras": {"operational": operational, "total": total,
                          "operational_share": round(operational / total, 4) if total else None},
        "open_faults": {
            "total": len(open_faults),
            "out_of_service": sum(1 for f in open_faults if f.out_of_service),
            "by_severity": {s.value: by_severity.get(s.value, 0) for s in Severity},
            "by_age": {label: by_age.get(label, 0) for label, _ in AGE_BANDS},
        },
        "faults_past_target": {
            "count": len(past),
            "oldest": [{"id": f.id, "asset_number": f.camera.asset_number, "severity": f.severity.value,
                        "status": f.status.value, "reported_at": f.reported_at, "target_fix_by": due,
                        "hours_past_target": round((now - due).total_seconds() / 3600, 1)}
                       for f, due in past[:PAST_TARGET_LISTED]],
        },
        "incidents": {
            "this_month": {"from": this_month, "to": today, "count": incidents.count_between(
                session, day_start(this_month), day_start(today + dt.timedelta(days=1)))},
            "last_month": {"from": last_month, "to": this_month - dt.timedelta(days=1),
                           "count": incidents.count_between(session, day_start(last_month),
                                                            day_start(this_month))},
        },
        "reviews": reviews_section(session, today, review_interval_months),
    }


def reviews_section(session: Session, today: dt.date, interval_months: int,
                    due_soon_days: int = REVIEWS_DUE_SOON_DAYS) -> dict[str, Any]:
    """Operational reviews overdue (never-reviewed cameras included) and due soon."""
    facts = reviews.camera_review_facts(session)  # read once for both reports
    overdue = review_rules.overdue(facts, interval_months, today)
    due_soon = [r for r in review_rules.due_within(facts, interval_months, today, due_soon_days) if not r.overdue]
    longest = sorted(overdue, key=lambda r: (r.due_on is not None, r.due_on or dt.date.min, r.asset_number))
    return {
        "overdue": len(overdue),
        "never_reviewed": sum(r.never_reviewed for r in overdue),
        "due_soon": len(due_soon),
        "due_soon_days": due_soon_days,
        "most_overdue": [{"camera_id": r.camera_id, "asset_number": r.asset_number,
                          "due_on": r.due_on.isoformat() if r.due_on else None,
                          "never_reviewed": r.never_reviewed} for r in longest[:PAST_TARGET_LISTED]],
    }
