"""The audit trail, written in the same transaction as the change it records.

A session listener sees every flushed insert, update and delete of an
``Audited`` model and writes one ``AuditEntry`` per row through the session's
own connection, so the entry commits or rolls back with the change.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from cctv_planner.models.audit import AuditEntry
from cctv_planner.models.base import Audited, utcnow

SYSTEM_ACTOR = "system"


def set_actor(session: Session, *, user_id: int | None, username: str) -> None:
    """Name who is making the changes flushed by this session from now on."""
    session.info["actor"] = (user_id, username)


def current_actor(session: Session) -> tuple[int | None, str]:
    return session.info.get("actor", (None, SYSTEM_ACTOR))


def _json_value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (dict, list, str, int, float, bool)) or value is None:
        return value
    return str(value)


def _columns(obj: Audited) -> list[str]:
    exclude = type(obj).__audit_exclude__
    return [attr.key for attr in inspect(obj).mapper.column_attrs if attr.key not in exclude]


def _snapshot(obj: Audited) -> dict[str, Any]:
    return {key: _json_value(getattr(obj, key)) for key in _columns(obj)}


def _diff(obj: Audited) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for key in _columns(obj):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else getattr(obj, key)
        if _json_value(old) != _json_value(new):
            changes[key] = [_json_value(old), _json_value(new)]
    return changes


@event.listens_for(Session, "after_flush")
def _write_audit_entries(session: Session, _flush_context) -> None:
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        if isinstance(obj, Audited):
            rows.append(_entry(session, obj, "create", {k: [None, v] for k, v in _snapshot(obj).items()}))
    for obj in session.dirty:
        if isinstance(obj, Audited) and session.is_modified(obj, include_collections=False):
            changes = _diff(obj)
            if changes:
                rows.append(_entry(session, obj, "update", changes))
    for obj in session.deleted:
        if isinstance(obj, Audited):
            rows.append(_entry(session, obj, "delete", {k: [v, None] for k, v in _snapshot(obj).items()}))
    if rows:
        # Adding ORM objects is not allowed mid-flush; a Core insert on the
        # same connection keeps the entries in the change's transaction.
        session.connection().execute(sa.insert(AuditEntry), rows)


def _entry(session: Session, obj: Audited, action: str, changes: dict) -> dict[str, Any]:
    actor_id, actor_name = current_actor(session)
    return {
        "occurred_at": utcnow(),
        "actor_id": actor_id,
        "actor_name": actor_name,
        "entity_type": type(obj).__audit_entity__,
        "entity_id": inspect(obj).identity[0] if inspect(obj).identity else obj.id,
        "action": action,
        "changes": changes,
    }


def entries(session: Session, *, entity: str | None = None, entity_id: int | None = None,
            limit: int = 100, offset: int = 0) -> tuple[list[AuditEntry], int]:
    """Return audit entries, newest first, with the total count for paging."""
    query = sa.select(AuditEntry)
    if entity:
        query = query.where(AuditEntry.entity_type == entity)
    if entity_id is not None:
        query = query.where(AuditEntry.entity_id == entity_id)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    items = session.scalars(
        query.order_by(AuditEntry.occurred_at.desc(), AuditEntry.id.desc()).limit(limit).offset(offset)
    ).all()
    return list(items), int(total or 0)
