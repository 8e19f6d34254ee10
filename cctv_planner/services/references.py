"""Optional unique references (a fault's or an incident's own number)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cctv_planner.domain.errors import Conflict


def check_unique_reference(session: Session, record, label: str) -> None:
    """Blank means none (stored NULL, so any number of records may have none); a given
    reference must not be another record's, else 409 naming the record that has it."""
    if not record.reference:
        record.reference = None
        return
    model = type(record)
    query = sa.select(model.id).where(model.reference == record.reference)
    if record.id is not None:
        query = query.where(model.id != record.id)
    with session.no_autoflush:
        clash = session.scalar(query)
    if clash is not None:
        raise Conflict(f"{label} reference {record.reference!r} is already used ({label} {clash})",
                       field="reference")
