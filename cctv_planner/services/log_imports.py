"""Import fault and incident files: every row or none, each error naming file, row and column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from cctv_planner.domain.errors import CctvPlannerError
from cctv_planner.logfiles import FAULT_COLUMNS, INCIDENT_COLUMNS, LogFileError, LogRow, read_log_file
from cctv_planner.registerfile.errors import CellError
from cctv_planner.services import faults, incidents

# Service field names -> the file's column names, for error messages.
_FAULT_COLUMN = {"camera_id": "asset_number", "contractor_id": "contractor", "contract_id": "contract_reference"}
_INCIDENT_COLUMN = {"camera_ids": "asset_numbers"}


def _apply(session: Session, filename: str, rows: list[LogRow], create: Callable[[dict], object],
           columns: dict[str, str], progress: Callable[[int], None] | None) -> int:
    errors: list[CellError] = []
    for row in rows:
        try:
            with session.begin_nested():
                create(row.values)
        except CctvPlannerError as error:
            errors.append(CellError(filename, row.row, columns.get(error.field or "", error.field), error.message))
        if progress:
            progress(1)
    if errors:
        raise LogFileError(errors)
    return len(rows)


def apply_faults(session: Session, filename: str, rows: list[LogRow],
                 progress: Callable[[int], None] | None = None) -> int:
    """Log every fault read from the file (camera status follows, as for one fault) or none.

    Rows go in oldest report first, so each camera's status ends as its latest
    faults leave it. The caller commits, or rolls back on error."""
    rows = sorted(rows, key=lambda r: (r.values["reported_at"], r.row))
    return _apply(session, filename, rows, lambda v: faults.create_fault(session, v), _FAULT_COLUMN, progress)


def apply_incidents(session: Session, filename: str, rows: list[LogRow],
                    progress: Callable[[int], None] | None = None) -> int:
    """Record every incident read from the file or none; the caller commits."""
    return _apply(session, filename, rows, lambda v: incidents.create_incident(session, v),
                  _INCIDENT_COLUMN, progress)


def import_faults(session: Session, path: str | Path) -> int:
    path = Path(path)
    return apply_faults(session, path.name, read_log_file(path, FAULT_COLUMNS))


def import_incidents(session: Session, path: str | Path) -> int:
    path = Path(path)
    return apply_incidents(session, path.name, read_log_file(path, INCIDENT_COLUMNS))
