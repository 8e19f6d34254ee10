"""Read fault and incident log files (.csv or .xlsx) into checked rows, all or nothing.

Every problem is collected as a ``CellError`` (file, row, column, message) and
raised together; rows come back only when the whole file is good. Row 1 is
the header; row numbers are the spreadsheet's. Times without a zone are
London local time (what the control room's clock shows).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from cctv_planner.domain.availability import LONDON
from cctv_planner.domain.faults import FaultCategory, FaultStatus, Resolution, Severity
from cctv_planner.domain.incidents import IncidentOrigin, IncidentType
from cctv_planner.registerfile.errors import MAX_ERRORS, CellError, RegisterFileError


class LogFileError(RegisterFileError):
    """A fault or incident file failed; nothing in it may be imported."""


@dataclass(frozen=True)
class Col:
    name: str
    kind: str  # text, datetime, enum, bool, int, list
    required: bool = False
    enum: type[StrEnum] | None = None
    default: object = None
    max_length: int = 200


FAULT_COLUMNS = (
    Col("reference", "text", max_length=60),
    Col("asset_number", "text", required=True, max_length=32),
    Col("detected_at", "datetime"),
    Col("reported_at", "datetime", required=True),
    Col("reported_by", "text", max_length=120),
    Col("category", "enum", required=True, enum=FaultCategory),
    Col("severity", "enum", required=True, enum=Severity),
    Col("out_of_service", "bool", default=True),
    Col("description", "text", max_length=5000),
    Col("contractor", "text"),
    Col("contract_reference", "text", max_length=60),
    Col("status", "enum", enum=FaultStatus, default=FaultStatus.OPEN),
    Col("resolved_at", "datetime"),
    Col("resolution", "enum", enum=Resolution),
    Col("cost_pence", "int"),
)

INCIDENT_COLUMNS = (
    Col("reference", "text", max_length=60),
    Col("occurred_at", "datetime", required=True),
    Col("asset_numbers", "list", required=True),
    Col("incident_type", "enum", required=True, enum=IncidentType),
    Col("origin", "enum", required=True, enum=IncidentOrigin),
    Col("police_reference", "text", max_length=60),
    Col("arrest_made", "bool", default=False),
    Col("notes", "text", max_length=5000),
)

_TRUE = frozenset({"yes", "y", "true", "t", "1"})
_FALSE = frozenset({"no", "n", "false", "f", "0"})
_DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
                     "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d", "%d/%m/%Y")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class _Bad(Exception):
    pass


@dataclass(frozen=True)
class LogRow:
    row: int
    values: dict[str, object]


class _Errors:
    def __init__(self, filename: str):
        self.filename = filename
        self.items: list[CellError] = []

    def add(self, row: int | None, column: str | None, message: str) -> None:
        if len(self.items) < MAX_ERRORS:
            self.items.append(CellError(self.filename, row, column, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise LogFileError(self.items, truncated=len(self.items) >= MAX_ERRORS)


def read_log_file(path: str | Path, columns: tuple[Col, ...], filename: str | None = None) -> list[LogRow]:
    """Read and check every row of a .csv or .xlsx file against ``columns``."""
    path = Path(path)
    filename = filename or path.name
    errors = _Errors(filename)
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        table = _csv_table(path.read_bytes(), errors)
    elif suffix in (".xlsx", ".xlsm"):
        table = _xlsx_table(path.read_bytes(), errors)
    else:
        errors.add(None, None, f"unsupported file type {suffix or '(none)'!r}; use a .csv or .xlsx file")
        table = []
    errors.raise_if_any()
    rows = _rows(table, columns, errors)
    errors.raise_if_any()
    return rows


def _csv_table(data: bytes, errors: _Errors) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        errors.add(None, None, f"not a readable CSV file: {exc}")
        return []


def _xlsx_table(data: bytes, errors: _Errors) -> list[list]:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        errors.add(None, None, f"not a readable .xlsx workbook ({type(exc).__name__})")
        return []
    rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    wb.close()
    return rows


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _rows(table: list[list], columns: tuple[Col, ...], errors: _Errors) -> list[LogRow]:
    if not table or all(_blank(v) for v in table[0]):
        errors.add(1, None, "the header row is missing: row 1 must name the columns")
        return []
    by_name = {c.name: c for c in columns}
    index: dict[int, Col] = {}
    for i, raw in enumerate(table[0]):
        if _blank(raw):
            continue
        name = re.sub(r"[\s\-]+", "_", str(raw).strip().lower())
        if name not in by_name:
            errors.add(1, str(raw).strip(), f"unknown column; the columns are: {', '.join(by_name)}")
        elif by_name[name] in index.values():
            errors.add(1, name, "column appears twice")
        else:
            index[i] = by_name[name]
    for col in columns:
        if col.required and col not in index.values():
            errors.add(1, col.name, "required column is missing")
    if errors.items:
        return []
    rows = []
    for number, values in enumerate(table[1:], start=2):
        if all(_blank(v) for v in values):
            continue
        parsed: dict[str, object] = {}
        for i, col in index.items():
            raw = values[i] if i < len(values) else None
            if _blank(raw):
                if col.required:
                    errors.add(number, col.name, "required")
                elif col.default is not None:
                    parsed[col.name] = col.default
                continue
            try:
                parsed[col.name] = _parse(col, raw)
            except _Bad as exc:
                errors.add(number, col.name, str(exc))
        rows.append(LogRow(number, parsed))
    return rows


def _parse(col: Col, raw) -> object:
    if col.kind == "datetime":
        return _datetime(raw)
    if col.kind == "bool":
        if isinstance(raw, bool):
            return raw
        token = str(raw).strip().lower()
        if token in _TRUE:
            return True
        if token in _FALSE:
            return False
        raise _Bad(f"{raw!r} is not yes or no")
    if col.kind == "int":
        try:
            number = float(raw)
        except (TypeError, ValueError):
            raise _Bad(f"{raw!r} is not a whole number") from None
        if not number.is_integer() or number < 0:
            raise _Bad(f"{raw!r} is not a whole number of pence (0 or more)")
        return int(number)
    if col.kind == "enum":
        token = re.sub(r"[\s\-/]+", "_", str(raw).strip().lower())
        try:
            return col.enum(token)
        except ValueError:
            raise _Bad(f"{raw!r} is not allowed; use one of: {', '.join(m.value for m in col.enum)}") from None
    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip()
    if _CONTROL_RE.search(text):
        raise _Bad("contains a control character")
    if col.kind == "list":
        items = [part.strip() for part in re.split(r"[;,]", text) if part.strip()]
        if not items:
            raise _Bad("give at least one asset number (several separated by ;)")
        return items
    if len(text) > col.max_length:
        raise _Bad(f"is {len(text)} characters long; at most {col.max_length} allowed")
    return text


def _datetime(raw) -> dt.datetime:
    if isinstance(raw, dt.datetime):
        value = raw
    elif isinstance(raw, dt.date):
        value = dt.datetime.combine(raw, dt.time())
    else:
        text = str(raw).strip()
        value = None
        try:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00")) if "T" in text or "+" in text else None
        except ValueError:
            value = None
        for fmt in _DATETIME_FORMATS if value is None else ():
            try:
                value = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if value is None:
            raise _Bad(f"{text!r} is not a date and time: use YYYY-MM-DD HH:MM (London time) or ISO 8601")
    if value.tzinfo is None:
        value = value.replace(tzinfo=LONDON)
    if not dt.datetime(2000, 1, 1, tzinfo=dt.UTC) <= value <= dt.datetime(2100, 1, 1, tzinfo=dt.UTC):
        raise _Bad(f"{value.isoformat()} is not a plausible time")
    return value.astimezone(dt.UTC)
