"""Control-room incidents: record them, and the board's statistics for a period.

Services flush, never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from cctv_planner.domain.availability import Period, day_start
from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.incidents import (
    INCIDENT_TYPE_LABELS,
    IncidentFacts,
    IncidentOrigin,
    IncidentStats,
    IncidentType,
    incident_stats,
)
from cctv_planner.models import Camera, Incident, incident_cameras
from cctv_planner.services.references import check_unique_reference
from cctv_planner.services.register import camera_by_asset

FIELDS = ("reference", "occurred_at", "incident_type", "origin", "police_reference", "arrest_made", "notes")


def _coerced(data: Mapping[str, Any]) -> dict[str, Any]:
    """Enum fields as enums (callers may pass plain strings); 422 naming the field otherwise."""
    out = dict(data)
    for key, enum in (("incident_type", IncidentType), ("origin", IncidentOrigin)):
        if out.get(key) is not None and not isinstance(out[key], enum):
            try:
                out[key] = enum(out[key])
            except ValueError:
                allowed = ", ".join(m.value for m in enum)
                raise ValidationFailed(f"{out[key]!r} is not allowed; use one of: {allowed}", field=key) from None
    return out


def create_incident(session: Session, data: Mapping[str, Any]) -> Incident:
    data = _coerced(data)
    incident = Incident(police_reference=data.get("police_reference") or "", notes=data.get("notes") or "",
                        arrest_made=bool(data.get("arrest_made", False)))
    for key in FIELDS:
        if key in data and key not in ("police_reference", "notes", "arrest_made"):
            setattr(incident, key, data[key])
    incident.cameras = _cameras(session, data)
    check_unique_reference(session, incident, "incident")
    session.add(incident)
    session.flush()
    return incident


def update_incident(session: Session, incident: Incident, data: Mapping[str, Any]) -> Incident:
    data = _coerced(data)
    for key in FIELDS:
        if key in data:
            setattr(incident, key, data[key])
    if "camera_ids" in data or "asset_numbers" in data:
        incident.cameras = _cameras(session, data)
    check_unique_reference(session, incident, "incident")
    session.flush()
    return incident


def delete_incident(session: Session, incident: Incident) -> None:
    session.delete(incident)
    session.flush()


def _cameras(session: Session, data: Mapping[str, Any]) -> list[Camera]:
    cameras: list[Camera] = []
    for camera_id in data.get("camera_ids") or ():
        camera = session.get(Camera, camera_id)
        if camera is None:
            raise ValidationFailed(f"no camera with id {camera_id}", field="camera_ids")
        cameras.append(camera)
    for asset in data.get("asset_numbers") or ():
        cameras.append(camera_by_asset(session, asset, field="asset_numbers"))
    unique = list({c.id: c for c in cameras}.values())
    if not unique:
        raise ValidationFailed("an incident is seen on at least one camera: give camera_ids or asset_numbers",
                               field="camera_ids")
    return unique




# --- statistics ---------------------------------------------------------------------

def stats(session: Session, first: dt.date, last: dt.date) -> IncidentStats:
    """The board's figures for the London days ``first`` to ``last`` inclusive."""
    period = Period.of_days(first, last)
    rows = session.execute(sa.select(Incident.occurred_at, Incident.incident_type, Incident.origin,
                                     Incident.arrest_made)
                           .where(Incident.occurred_at >= period.start, Incident.occurred_at < period.end)).all()
    return incident_stats([IncidentFacts(*row) for row in rows], period)


def stats_dict(result: IncidentStats, first: dt.date, last: dt.date) -> dict[str, Any]:
    return {
        "from": first, "to": last, "count": result.count,
        "by_type": [{"type": t.value, "label": INCIDENT_TYPE_LABELS[t], "count": s.count,
                     "percent": s.percent, "share": round(s.share, 4)} for t, s in result.by_type.items()],
        "by_hour": result.by_hour, "proactive": result.proactive, "reactive": result.reactive,
        "proactive_share": round(result.proactive_share, 4) if result.proactive_share is not None else None,
        "arrests": result.arrests,
        "quietest_hours": (f"{result.quietest_hours[0]:02d}:00-{result.quietest_hours[1]:02d}:00"
                           if result.quietest_hours else None),
    }


def count_between(session: Session, start: dt.datetime, end: dt.datetime) -> int:
    return int(session.scalar(sa.select(sa.func.count(Incident.id)).where(
        Incident.occurred_at >= start, Incident.occurred_at < end)) or 0)


# --- for other areas: the review form and site-request evidence ----------------------

def incident_dict(incident: Incident) -> dict[str, Any]:
    cameras = sorted(incident.cameras, key=lambda c: c.asset_number)
    return {
        "id": incident.id, "reference": incident.reference, "occurred_at": incident.occurred_at,
        "incident_type": incident.incident_type.value, "origin": incident.origin.value,
        "police_reference": incident.police_reference, "arrest_made": incident.arrest_made,
        "notes": incident.notes, "camera_ids": [c.id for c in cameras],
        "asset_numbers": [c.asset_number for c in cameras],
    }


def incidents_for_cameras(session: Session, camera_ids: Iterable[int],
                          since: dt.datetime | dt.date) -> list[dict]:
    """Incidents seen on any of these cameras since ``since``; plain dicts (see
    :func:`incident_dict`), oldest first."""
    ids = list(camera_ids)
    if not ids:
        return []
    if not isinstance(since, dt.datetime):
        since = day_start(since)  # a date means from the start of that London day
    seen = sa.select(incident_cameras.c.incident_id).where(incident_cameras.c.camera_id.in_(ids))
    rows = session.scalars(sa.select(Incident).options(selectinload(Incident.cameras))
                           .where(Incident.id.in_(seen), Incident.occurred_at >= since)
                           .order_by(Incident.occurred_at, Incident.id)).all()
    return [incident_dict(i) for i in rows]
