"""Faults: log them, move them through the workflow, and keep each camera's status in step.

An out-of-service fault that is live (open, assigned, awaiting parts) makes its
camera ``defective``; when the camera's last live outage is resolved or
cancelled the camera is ``operational`` again. The change goes through the ORM,
so the audit trail records it as a camera update by the same actor.
Services flush, never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cctv_planner.domain.availability import day_start
from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.faults import (
    ACTIVE_STATUSES,
    DONE_STATUSES,
    FaultCategory,
    FaultStatus,
    Resolution,
    Severity,
    check_fault_times,
    check_transition,
)
from cctv_planner.domain.register import CameraStatus
from cctv_planner.models import Camera, Contract, Contractor, Fault, FaultNote
from cctv_planner.models.base import utcnow
from cctv_planner.services.audit import current_actor
from cctv_planner.services.references import check_unique_reference
from cctv_planner.services.register import camera_by_asset

EDITABLE = ("reference", "detected_at", "reported_at", "reported_by", "category", "severity",
            "out_of_service", "description", "cost_pence")
# A camera in one of these states is not in service anyway: faults leave it alone.
_NOT_IN_SERVICE = frozenset({CameraStatus.IN_STORE, CameraStatus.DECOMMISSIONED})


_ENUMS = {"category": FaultCategory, "severity": Severity, "status": FaultStatus, "resolution": Resolution}


def _coerced(data: Mapping[str, Any]) -> dict[str, Any]:
    """Enum fields as enums (callers may pass plain strings); 422 naming the field otherwise."""
    out = dict(data)
    for key, enum in _ENUMS.items():
        if out.get(key) is not None and not isinstance(out[key], enum):
            try:
                out[key] = enum(out[key])
            except ValueError:
                allowed = ", ".join(m.value for m in enum)
                raise ValidationFailed(f"{out[key]!r} is not a {key}; use one of: {allowed}", field=key) from None
    return out


def _is_outage(fault: Fault) -> bool:
    return fault.out_of_service and fault.status in ACTIVE_STATUSES


# --- create, edit, delete ------------------------------------------------------

def create_fault(session: Session, data: Mapping[str, Any]) -> Fault:
    """Log a fault. ``status`` defaults to open; a historical fault may be logged already
    resolved or closed (with ``resolved_at`` and ``resolution``)."""
    data = _coerced(data)
    camera = _camera(session, data)
    fault = Fault(camera=camera, status=data.get("status") or FaultStatus.OPEN,
                  reported_by=data.get("reported_by") or "", description=data.get("description") or "",
                  out_of_service=data.get("out_of_service", True))
    for key in EDITABLE:
        if key in data and key not in ("reported_by", "description"):
            setattr(fault, key, data[key])
    if fault.reported_at is None:
        fault.reported_at = utcnow()
    if fault.detected_at is None:
        fault.detected_at = fault.reported_at
    _set_contract(session, fault, data)
    if fault.status in DONE_STATUSES:
        fault.resolved_at = data.get("resolved_at")
        fault.resolution = data.get("resolution")
        _check_done(fault)
    elif data.get("resolved_at") or data.get("resolution"):
        raise ValidationFailed(f"a {fault.status.value} fault has no resolved_at or resolution yet",
                               field="resolved_at" if data.get("resolved_at") else "resolution")
    if fault.status is FaultStatus.ASSIGNED and fault.contractor is None:
        raise ValidationFailed("an assigned fault needs a contractor", field="contractor_id")
    check_unique_reference(session, fault, "fault")
    check_fault_times(fault.detected_at, fault.reported_at, fault.resolved_at)
    session.add(fault)
    session.flush()
    # A live outage makes the camera defective; an outage logged already resolved
    # (history) leaves it operational unless another outage is still live.
    if fault.out_of_service and fault.status is not FaultStatus.CANCELLED:
        sync_camera_status(session, camera)
    return fault


def update_fault(session: Session, fault: Fault, data: Mapping[str, Any]) -> Fault:
    """Change a fault's facts. Its status changes only by :func:`transition`."""
    data = _coerced(data)
    was_outage = _is_outage(fault)
    for key in EDITABLE:
        if key in data:
            setattr(fault, key, data[key])
    if "contractor_id" in data or "contract_id" in data:
        _set_contract(session, fault, data)
    if "resolved_at" in data or "resolution" in data:
        if fault.status not in DONE_STATUSES:
            raise ValidationFailed(f"a {fault.status.value} fault has no resolved_at or resolution; "
                                   "resolve it instead", field="resolved_at")
        fault.resolved_at = data.get("resolved_at", fault.resolved_at)
        fault.resolution = data.get("resolution", fault.resolution)
        _check_done(fault)
    check_unique_reference(session, fault, "fault")
    check_fault_times(fault.detected_at, fault.reported_at, fault.resolved_at)
    session.flush()
    if was_outage != _is_outage(fault):
        sync_camera_status(session, fault.camera)
    return fault


def delete_fault(session: Session, fault: Fault) -> None:
    """Delete a fault logged by mistake (cancel a real one instead)."""
    camera, was_outage = fault.camera, _is_outage(fault)
    session.delete(fault)
    session.flush()
    if was_outage:
        sync_camera_status(session, camera)


def _camera(session: Session, data: Mapping[str, Any]) -> Camera:
    if data.get("camera_id") is not None:
        camera = session.get(Camera, data["camera_id"])
        if camera is None:
            raise ValidationFailed(f"no camera with id {data['camera_id']}", field="camera_id")
        return camera
    if data.get("asset_number"):
        return camera_by_asset(session, data["asset_number"])
    raise ValidationFailed("give camera_id or asset_number", field="camera_id")


def _set_contract(session: Session, fault: Fault, data: Mapping[str, Any]) -> None:
    """Contractor and contract: a contract implies its contractor and must belong to it."""
    if "contractor_id" in data:
        cid = data["contractor_id"]
        fault.contractor = None if cid is None else _get(session, Contractor, cid, "contractor_id")
    elif data.get("contractor"):
        fault.contractor = contractor_by_name(session, data["contractor"])
    if "contract_id" in data or data.get("contract_reference"):
        if data.get("contract_id") is not None:
            contract = _get(session, Contract, data["contract_id"], "contract_id")
        elif data.get("contract_reference"):
            contract = contract_by_reference(session, data["contract_reference"])
        else:
            contract = None
        fault.contract = contract
        if contract is not None and fault.contractor is None:
            fault.contractor = contract.contractor
    if fault.contract is not None and fault.contractor is not None and \
            fault.contract.contractor_id != fault.contractor.id:
        raise ValidationFailed(f"contract {fault.contract.reference} is with {fault.contract.contractor.name}, "
                               f"not {fault.contractor.name}", field="contract_id")


def _get(session: Session, model, entity_id: int, field: str):
    obj = session.get(model, entity_id)
    if obj is None:
        raise ValidationFailed(f"no {field.removesuffix('_id')} with id {entity_id}", field=field)
    return obj


def contractor_by_name(session: Session, name: str, field: str = "contractor") -> Contractor:
    found = session.scalar(sa.select(Contractor).where(sa.func.lower(Contractor.name) == name.strip().lower()))
    if found is None:
        raise ValidationFailed(f"unknown contractor {name!r}", field=field)
    return found


def contract_by_reference(session: Session, reference: str, field: str = "contract_reference") -> Contract:
    found = session.scalar(sa.select(Contract).where(Contract.reference == reference.strip()))
    if found is None:
        raise ValidationFailed(f"unknown contract {reference!r}", field=field)
    return found


def _check_done(fault: Fault) -> None:
    if fault.resolved_at is None:
        raise ValidationFailed(f"a {fault.status.value} fault needs resolved_at", field="resolved_at")
    if fault.resolution is None:
        raise ValidationFailed(f"a {fault.status.value} fault needs a resolution", field="resolution")




# --- the workflow ------------------------------------------------------------------

def transition(session: Session, fault: Fault, new_status: FaultStatus, *, at: dt.datetime | None = None,
               resolution=None, cost_pence: int | None = None, contractor_id: int | None = None,
               note: str | None = None) -> Fault:
    """Move a fault to ``new_status`` (409 if the table does not allow it) and log a note.

    Resolving needs a ``resolution`` (``at`` defaults to now); reopening a
    resolved fault clears its resolution; assigning needs a contractor.
    """
    old = fault.status
    new_status = _coerced({"status": new_status})["status"]
    if resolution is not None:
        resolution = _coerced({"resolution": resolution})["resolution"]
    check_transition(old, new_status)
    was_outage = _is_outage(fault)
    if contractor_id is not None:
        fault.contractor = _get(session, Contractor, contractor_id, "contractor_id")
    if new_status is FaultStatus.ASSIGNED and fault.contractor is None:
        raise ValidationFailed("give contractor_id: an assigned fault needs a contractor", field="contractor_id")
    if new_status is FaultStatus.RESOLVED:
        if resolution is None:
            raise ValidationFailed("say how it was resolved", field="resolution")
        fault.resolution = resolution
        fault.resolved_at = at or utcnow()
    elif new_status is FaultStatus.OPEN and old is FaultStatus.RESOLVED:
        fault.resolution = None
        fault.resolved_at = None
    if cost_pence is not None:
        fault.cost_pence = cost_pence
    fault.status = new_status
    check_fault_times(fault.detected_at, fault.reported_at, fault.resolved_at)
    text = f"status {old.value} -> {new_status.value}"
    if new_status is FaultStatus.RESOLVED:
        text += f" ({fault.resolution.value})"
    add_note(session, fault, f"{text}: {note}" if note else text)
    session.flush()
    if was_outage != _is_outage(fault):
        sync_camera_status(session, fault.camera)
    return fault


def add_note(session: Session, fault: Fault, text: str, *, at: dt.datetime | None = None) -> FaultNote:
    """Add a dated line to the fault's log, signed by the current actor."""
    if not text or not text.strip():
        raise ValidationFailed("a note needs some text", field="text")
    note = FaultNote(written_at=at or utcnow(), author=current_actor(session)[1], text=text.strip())
    fault.notes.append(note)
    session.flush()
    return note


def sync_camera_status(session: Session, camera: Camera) -> CameraStatus:
    """Defective while a live out-of-service fault exists, operational when the last one ends."""
    if camera.status in _NOT_IN_SERVICE:
        return camera.status
    live = session.scalar(sa.select(sa.func.count(Fault.id)).where(
        Fault.camera_id == camera.id, Fault.out_of_service.is_(True),
        Fault.status.in_([s.value for s in ACTIVE_STATUSES])))
    if live and camera.status is not CameraStatus.DEFECTIVE:
        camera.status = CameraStatus.DEFECTIVE
    elif not live and camera.status is CameraStatus.DEFECTIVE:
        camera.status = CameraStatus.OPERATIONAL
    session.flush()
    return camera.status


# --- for other areas: the review form and site-request evidence ----------------------

def fault_dict(fault: Fault) -> dict[str, Any]:
    return {
        "id": fault.id, "reference": fault.reference, "camera_id": fault.camera_id,
        "asset_number": fault.camera.asset_number, "detected_at": fault.detected_at,
        "reported_at": fault.reported_at, "reported_by": fault.reported_by,
        "category": fault.category.value, "severity": fault.severity.value,
        "out_of_service": fault.out_of_service, "status": fault.status.value,
        "resolved_at": fault.resolved_at, "resolution": fault.resolution.value if fault.resolution else None,
        "contractor": fault.contractor.name if fault.contractor else None,
        "cost_pence": fault.cost_pence, "description": fault.description,
    }


def faults_for_cameras(session: Session, camera_ids: Iterable[int], since: dt.datetime | dt.date) -> list[dict]:
    """Faults of these cameras that touched the time since ``since``: detected or resolved
    since then, or still unresolved. Plain dicts (see :func:`fault_dict`), oldest first."""
    ids = list(camera_ids)
    if not ids:
        return []
    if not isinstance(since, dt.datetime):
        since = day_start(since)  # a date means from the start of that London day
    rows = session.scalars(sa.select(Fault).where(
        Fault.camera_id.in_(ids),
        sa.or_(Fault.detected_at >= since, Fault.resolved_at >= since,
               Fault.status.in_([s.value for s in ACTIVE_STATUSES])),
        Fault.status != FaultStatus.CANCELLED,
    ).order_by(Fault.detected_at, Fault.id)).unique().all()
    return [fault_dict(f) for f in rows]
