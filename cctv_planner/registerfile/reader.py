"""Read a register file (.csv or .xlsx) into validated site and camera rows.

All or nothing: every problem in the file is collected (up to
:data:`~cctv_planner.registerfile.errors.MAX_ERRORS`) and raised together as a
:class:`~cctv_planner.registerfile.errors.RegisterFileError`; rows are only
returned when the whole file is good.

Two layouts are read:

* the import layout: one sheet (or a .csv) with one row per camera and its
  site's columns repeated (what the template and ``register_csv`` write);
* a workbook with a ``Sites`` and a ``Cameras`` sheet (what ``register_xlsx``
  writes), so an .xlsx export can be imported back.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import os
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from cctv_planner.domain import geo
from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.register import FIXED_CAMERA_TYPES
from cctv_planner.registerfile.columns import (
    BY_NAME,
    CAMERA_COLUMNS,
    CAMERA_SHEET_COLUMNS,
    COLUMNS,
    LOCATION_COLUMNS,
    SITE_COLUMNS,
    Column,
    Kind,
    enum_label,
    enum_token,
)
from cctv_planner.registerfile.errors import MAX_ERRORS, CellError, RegisterFileError
from cctv_planner.registerfile.rows import CameraRow, RegisterFile, SiteRow

# The two pairs may be typed from different maps; 25 m is well within the
# accuracy anyone places a column to, and far less than a wrong-pair mistake.
EARLIEST_DATE = date(1950, 1, 1)
LATEST_DATE = date(2100, 12, 31)

_CODE_RE = re.compile(r"^[A-Za-z0-9_-]+$")
_WARD_RE = re.compile(r"^[A-Z][0-9]{8}$")
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
# Characters openpyxl refuses to write (XML 1.0 forbids them): rejecting them
# on the way in means every row read can be exported again.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# register_csv() puts a ' before text that a spreadsheet would run as a
# formula; take it off again so export -> import round-trips.
_CSV_GUARD_RE = re.compile(r"^'+[=+\-@\t\r]")
_TRUE = frozenset({"yes", "y", "true", "t", "1"})
_FALSE = frozenset({"no", "n", "false", "f", "0"})

_MISSING = object()  # the cell is blank
_BAD = object()  # the cell is filled but wrong (already reported)

Raw = str | int | float | bool | date | datetime | None


class _Bad(Exception):
    """A cell's value is wrong; the message says why."""


class _TooMany(Exception):
    """The error list is full; stop reading."""


@dataclass
class _Errors:
    filename: str
    items: list[CellError] = field(default_factory=list)
    truncated: bool = False

    def add(self, row: int | None, column: str | None, message: str, sheet: str | None = None):
        if len(self.items) >= MAX_ERRORS:
            self.truncated = True
            raise _TooMany
        self.items.append(CellError(self.filename, row, column, message, sheet))

    def raise_if_any(self) -> None:
        if self.items:
            raise RegisterFileError(self.items, truncated=self.truncated)


@dataclass
class _Record:
    """One non-blank data row: raw cells keyed by column name."""

    sheet: str | None
    row: int
    cells: dict[str, Raw]
    from_csv: bool = False


@dataclass
class _SiteDraft:
    """A site's values merged over the rows that carry its code."""

    code: str
    sheet: str | None
    first_row: int
    values: dict[str, tuple[object, int]] = field(default_factory=dict)  # name -> (value, row)
    bad: set[str] = field(default_factory=set)
    camera_types: list = field(default_factory=list)


# --------------------------------------------------------------------------- entry point


def read_register_file(source: str | os.PathLike | bytes | BinaryIO,
                       filename: str | None = None) -> RegisterFile:
    """Read and validate a register file.

    Parameters
    ----------
    source : path, bytes or binary file object
        The file. A path is opened and read; bytes or a file object (an
        upload, say) are read as they are.
    filename : str, optional
        Name used to pick the format (by its ``.csv`` / ``.xlsx`` suffix) and
        in error messages. Defaults to the path's name; required for bytes or
        a file object without a ``name``.

    Returns
    -------
    RegisterFile
        ``sites`` (first-appearance order) and ``cameras`` (file order) with
        normalised values, defaults applied and source row numbers.

    Raises
    ------
    RegisterFileError
        With every problem found (file, row, column, message); nothing is
        returned partially.
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        data = path.read_bytes()
        filename = filename or path.name
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    else:
        data = source.read()
        filename = filename or os.path.basename(getattr(source, "name", "") or "")
    if not filename:
        raise ValueError("filename is needed to tell a .csv from an .xlsx")

    errors = _Errors(filename)
    suffix = Path(filename).suffix.lower()
    try:
        if suffix == ".csv":
            layout = [(None, _csv_rows(data, errors), COLUMNS)]
        elif suffix in (".xlsx", ".xlsm"):
            layout = _xlsx_layout(data, errors)
        else:
            errors.add(None, None, f"unsupported file type {suffix or '(none)'!r}; "
                                   "use a .csv or .xlsx file")
            layout = []
        errors.raise_if_any()
        return _read_layout(filename, layout, errors)
    except _TooMany:
        errors.raise_if_any()
        raise  # unreachable: _TooMany only happens with a full list


def _read_layout(filename, layout, errors: _Errors) -> RegisterFile:
    tables = []
    for sheet, rows, allowed in layout:
        from_csv = Path(filename).suffix.lower() == ".csv"
        tables.append((sheet, allowed, _records(rows, allowed, sheet, from_csv, errors)))
    errors.raise_if_any()  # a bad header makes every row's errors noise

    two_sheet = len(tables) == 2
    drafts: dict[str, _SiteDraft] = {}
    cameras: list[tuple[_Record, dict[str, object]]] = []
    asset_rows: dict[str, tuple[int, str | None]] = {}
    for _sheet, allowed, records in tables:
        if not two_sheet:
            role = "both"
        else:
            role = "sites" if allowed is SITE_COLUMNS else "cameras"
        for record in records:
            parsed = _parse_record(record, errors)
            _collect(record, parsed, role, drafts, cameras, asset_rows, errors)

    camera_rows = []
    for record, parsed in cameras:
        camera = _finish_camera(record, parsed, drafts, two_sheet, errors)
        if camera is not None:
            camera_rows.append(camera)
            if camera.site_code in drafts:
                drafts[camera.site_code].camera_types.append(camera.camera_type)
    site_rows = [s for s in (_finish_site(d, errors) for d in drafts.values()) if s is not None]
    errors.raise_if_any()
    return RegisterFile(filename=filename, sites=site_rows, cameras=camera_rows)


# --------------------------------------------------------------------------- raw tables


def _csv_rows(data: bytes, errors: _Errors) -> list[list[Raw]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")  # Excel's "Unicode text" export
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                # Council spreadsheets saved as CSV on Windows are usually cp1252.
                text = data.decode("cp1252")
            except UnicodeDecodeError as exc:
                errors.add(None, None, f"the file is neither UTF-8 nor Windows-1252 text "
                                       f"(byte {exc.start})")
                return []
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        errors.add(None, None, f"not a readable CSV file: {exc}")
        return []


def _xlsx_rows(ws) -> list[list[Raw]]:
    return [list(row) for row in ws.iter_rows(min_row=1, values_only=True)]


def _xlsx_layout(data: bytes, errors: _Errors) -> list:
    import openpyxl  # only the xlsx path needs it

    try:
        with warnings.catch_warnings():
            # Excel's extensions (slicers, x14 validations) draw warnings that
            # say nothing about the data.
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        errors.add(None, None, f"not a readable .xlsx workbook ({type(exc).__name__})")
        return []
    names = {ws.title.strip().lower(): ws for ws in wb.worksheets}
    if "sites" in names and "cameras" in names:
        return [(names["sites"].title, _xlsx_rows(names["sites"]), SITE_COLUMNS),
                (names["cameras"].title, _xlsx_rows(names["cameras"]), CAMERA_SHEET_COLUMNS)]
    ws = names.get("register") or wb.worksheets[0]
    return [(None, _xlsx_rows(ws), COLUMNS)]


def _is_blank(value: Raw) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_key(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _records(rows: list[list[Raw]], allowed: tuple[Column, ...], sheet: str | None,
             from_csv: bool, errors: _Errors) -> list[_Record]:
    """Map the header and return the non-blank data rows (row 1 is the header)."""
    if not rows or all(_is_blank(v) for v in rows[0]):
        errors.add(1 if rows else None, None, "the header row is missing: row 1 must name "
                   "the columns", sheet)
        return []
    allowed_names = {c.name for c in allowed}
    by_index: dict[int, str] = {}
    seen: dict[str, int] = {}
    for index, raw in enumerate(rows[0]):
        if _is_blank(raw):
            continue
        label = str(raw).strip().lstrip("\ufeff")
        name = _header_key(label)
        if name not in allowed_names:
            close = difflib.get_close_matches(name, sorted(allowed_names), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            errors.add(1, label, f"unknown column{hint}; the columns are listed in "
                                 "docs/register-file.md", sheet)
        elif name in seen:
            errors.add(1, name, f"column appears twice ({_column_letter(seen[name])} and "
                                f"{_column_letter(index)})", sheet)
        else:
            seen[name] = index
            by_index[index] = name
    for col in allowed:
        if col.header_required and col.name not in seen:
            errors.add(1, col.name, "required column is missing", sheet)
    if any(c.name == "lon" for c in allowed):  # a sheet that carries site locations
        has_ll = "lon" in seen and "lat" in seen
        has_en = "easting" in seen and "northing" in seen
        for a, b in (("lon", "lat"), ("lat", "lon"), ("easting", "northing"),
                     ("northing", "easting")):
            if a in seen and b not in seen:
                errors.add(1, b, f"column is missing ({a} needs {b})", sheet)
        if not has_ll and not has_en and not any(n in seen for n in LOCATION_COLUMNS):
            errors.add(1, "lon", "site locations need lon and lat columns, or easting "
                                 "and northing", sheet)

    # Cells under an unknown or repeated header are already explained by the
    # header's error; only cells under no header at all need one of their own.
    named = {i for i, raw in enumerate(rows[0]) if not _is_blank(raw)}
    records = []
    for number, values in enumerate(rows[1:], start=2):
        if all(_is_blank(v) for v in values):
            continue
        cells: dict[str, Raw] = {}
        for index, value in enumerate(values):
            if index in by_index:
                cells[by_index[index]] = value
            elif not _is_blank(value) and index not in named:
                errors.add(number, f"column {_column_letter(index)}",
                           "value in a column with no header", sheet)
        records.append(_Record(sheet, number, cells, from_csv))
    return records


# --------------------------------------------------------------------------- cells


def _number_from(raw: Raw, col: Column) -> float:
    if isinstance(raw, (bool, date, datetime)):
        raise _Bad(f"{_show(raw)} is not a number")
    if isinstance(raw, (int, float)):
        number = float(raw)
    else:
        text = str(raw).strip()
        try:
            number = float(text)
        except ValueError:
            raise _Bad(f"{_show(raw)} is not a number") from None
    if not math.isfinite(number):
        raise _Bad(f"{_show(raw)} is not a finite number")
    return number


def _check_range(number: float, col: Column) -> None:
    if col.minimum is None or col.maximum is None:
        return
    too_high = number >= col.maximum if col.maximum_exclusive else number > col.maximum
    if number < col.minimum or too_high:
        upper = "less than" if col.maximum_exclusive else "at most"
        unit = f" {col.unit}" if col.unit else ""
        raise _Bad(f"{number:g} is out of range: must be at least {col.minimum:g} and "
                   f"{upper} {col.maximum:g}{unit}")


def _text_from(raw: Raw) -> str:
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))  # an xlsx cell typed 1234 means "1234", not "1234.0"
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == datetime.min.time() else raw.isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    return str(raw)


def _show(raw: Raw) -> str:
    text = _text_from(raw)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def parse_cell(col: Column, raw: Raw, *, csv_text: bool = False) -> object:
    """Parse one cell of column ``col`` into its normalised value.

    Parameters
    ----------
    col : Column
        The column the cell is in.
    raw : str, int, float, bool, date, datetime or None
        The cell as the file holds it (CSV cells are always ``str``).
    csv_text : bool
        The cell came from a CSV file: a leading ``'`` written by
        ``register_csv`` to stop formulas is taken off text cells.

    Returns
    -------
    object
        The value (``str``, ``float``, ``int``, ``bool``, ``date`` or the
        column's enum), or the private blank marker when the cell is blank.

    Raises
    ------
    _Bad
        The cell is filled but its value is not allowed; the message says why.
    """
    if _is_blank(raw):
        return _MISSING
    kind = col.kind
    if kind is Kind.CODE:
        text = _text_from(raw).strip()
        if not _CODE_RE.match(text) or len(text) > (col.max_length or 32):
            raise _Bad(f"{_show(raw)} is not a valid code: use letters, digits, - and _ "
                       f"(1-{col.max_length} characters)")
        return text.upper()
    if kind is Kind.WARD_CODE:
        text = _text_from(raw).strip().upper()
        if not _WARD_RE.match(text):
            raise _Bad(f"{_show(raw)} is not an ONS ward code (a letter and 8 digits, "
                       "e.g. E05013630)")
        return text
    if kind is Kind.TEXT:
        text = _text_from(raw).strip()
        if csv_text and _CSV_GUARD_RE.match(text):
            text = text[1:]
        if _CONTROL_RE.search(text):
            raise _Bad("contains a control character")
        if col.max_length and len(text) > col.max_length:
            raise _Bad(f"is {len(text)} characters long; at most {col.max_length} allowed")
        return text
    if kind is Kind.NUMBER:
        number = _number_from(raw, col)
        _check_range(number, col)
        return number
    if kind is Kind.INTEGER:
        number = _number_from(raw, col)
        if not number.is_integer():
            raise _Bad(f"{_show(raw)} is not a whole number")
        _check_range(number, col)
        return int(number)
    if kind is Kind.BOOLEAN:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, (int, float)) and raw in (0, 1):
            return bool(raw)
        token = _text_from(raw).strip().lower()
        if token in _TRUE:
            return True
        if token in _FALSE:
            return False
        raise _Bad(f"{_show(raw)} is not yes or no")
    if kind is Kind.DATE:
        return _date_from(raw)
    if kind is Kind.ENUM:
        return _enum_from(col, raw)
    raise AssertionError(f"unhandled kind {kind}")  # pragma: no cover


def _date_from(raw: Raw) -> date:
    if isinstance(raw, datetime):
        value = raw.date()
    elif isinstance(raw, date):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip()
        iso, uk = _ISO_DATE_RE.match(text), _UK_DATE_RE.match(text)
        try:
            if iso:
                value = date(int(iso[1]), int(iso[2]), int(iso[3]))
            elif uk:
                value = date(int(uk[3]), int(uk[2]), int(uk[1]))
            else:
                raise _Bad(f"{_show(raw)} is not a date: use YYYY-MM-DD or DD/MM/YYYY")
        except ValueError:
            raise _Bad(f"{_show(raw)} is not a real date") from None
    else:
        # A date typed into a cell formatted as a number arrives as a serial.
        raise _Bad(f"{_show(raw)} is not a date: use YYYY-MM-DD or DD/MM/YYYY "
                   "(or format the cell as a date)")
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise _Bad(f"{value.isoformat()} is not a plausible date "
                   f"({EARLIEST_DATE.year}-{LATEST_DATE.year})")
    return value


def _enum_from(col: Column, raw: Raw):
    assert col.enum is not None
    token = enum_token(_text_from(raw))
    for member in col.enum:
        if token == member.value or token == enum_token(enum_label(member)):
            return member
    if token in col.aliases:
        return col.enum(col.aliases[token])
    choices = ", ".join(m.value for m in col.enum)
    raise _Bad(f"{_show(raw)} is not a valid {col.name.replace('_', ' ')}; "
               f"use one of: {choices}")


def _parse_record(record: _Record, errors: _Errors) -> dict[str, object]:
    parsed: dict[str, object] = {}
    for name, raw in record.cells.items():
        try:
            parsed[name] = parse_cell(BY_NAME[name], raw, csv_text=record.from_csv)
        except _Bad as exc:
            errors.add(record.row, name, str(exc), record.sheet)
            parsed[name] = _BAD
    return parsed


# --------------------------------------------------------------------------- rows


def _given(parsed: dict[str, object], name: str) -> bool:
    return parsed.get(name, _MISSING) is not _MISSING


def _collect(record: _Record, parsed: dict[str, object], role: str,
             drafts: dict[str, _SiteDraft], cameras: list,
             asset_rows: dict[str, tuple[int, str | None]], errors: _Errors) -> None:
    """Split one row into its site part and camera part and file them."""
    row, sheet = record.row, record.sheet
    site_code = parsed.get("site_code", _MISSING)
    asset = parsed.get("asset_number", _MISSING)

    if role == "sites" and site_code is _MISSING:
        errors.add(row, "site_code", "required: every row of the Sites sheet is a site", sheet)
        return
    if role == "cameras" and asset is _MISSING:
        errors.add(row, "asset_number", "required: every row of the Cameras sheet is a "
                                        "camera", sheet)
        return
    if site_code is _MISSING and asset is _MISSING:
        errors.add(row, "site_code", "a row needs a site_code, an asset_number or both",
                   sheet)
        return

    if role == "both":
        if site_code is _MISSING:
            for col in SITE_COLUMNS[1:]:
                if _given(parsed, col.name):
                    errors.add(row, col.name, "must be blank when site_code is blank "
                                              "(the row is a camera with no site)", sheet)
        if asset is _MISSING:
            for col in CAMERA_COLUMNS[1:]:
                if _given(parsed, col.name):
                    errors.add(row, col.name, "must be blank when asset_number is blank "
                                              "(the row is a site with no camera)", sheet)

    if role in ("both", "sites") and isinstance(site_code, str):
        draft = drafts.get(site_code)
        if draft is None:
            draft = drafts[site_code] = _SiteDraft(site_code, sheet, row)
        for col in SITE_COLUMNS[1:]:
            value = parsed.get(col.name, _MISSING)
            if value is _BAD:
                draft.bad.add(col.name)
            elif value is not _MISSING:
                if col.name in draft.values:
                    earlier, earlier_row = draft.values[col.name]
                    if earlier != value:
                        errors.add(row, col.name, f"site {site_code} has {_show_value(earlier)} "
                                   f"on row {earlier_row} but {_show_value(value)} here; rows "
                                   "of one site must agree (leave later rows blank)", sheet)
                else:
                    draft.values[col.name] = (value, row)

    if role in ("both", "cameras") and isinstance(asset, str):
        if asset in asset_rows:
            earlier_row, earlier_sheet = asset_rows[asset]
            errors.add(row, "asset_number", f"asset number {asset} is also on row "
                                            f"{earlier_row}; each camera appears once", sheet)
            return
        asset_rows[asset] = (row, sheet)
        if site_code is _BAD:
            return
        cameras.append((record, parsed))


def _show_value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return repr(str(value))


def _finish_camera(record: _Record, parsed: dict[str, object], drafts: dict[str, _SiteDraft],
                   two_sheet: bool, errors: _Errors) -> CameraRow | None:
    row, sheet = record.row, record.sheet
    site_code = parsed.get("site_code", _MISSING)
    if site_code is _MISSING:
        site_code = None
    elif two_sheet and site_code not in drafts:
        errors.add(row, "site_code", f"no site {site_code} on the Sites sheet", sheet)
        return None
    values: dict[str, object] = {}
    ok = True
    for col in CAMERA_COLUMNS:
        value = parsed.get(col.name, _MISSING)
        if value is _BAD:
            ok = False
        elif value is _MISSING:
            if col.required:
                errors.add(row, col.name, "required for a camera", sheet)
                ok = False
            elif col.default is not None:
                values[col.name] = col.default
        else:
            values[col.name] = value
    if not ok:
        return None
    return CameraRow(site_code=site_code, row=row, **values)


def _finish_site(draft: _SiteDraft, errors: _Errors) -> SiteRow | None:
    row, sheet = draft.first_row, draft.sheet
    values = {name: value for name, (value, _) in draft.values.items()}
    ok = not draft.bad
    for col in SITE_COLUMNS:
        if col.required and col.name not in values and col.name not in draft.bad:
            errors.add(row, col.name, f"required for a site (site {draft.code})", sheet)
            ok = False
    location = _site_location(draft, errors)
    if not ok or location is None:
        return None
    for name in LOCATION_COLUMNS:
        values.pop(name, None)
    for col in SITE_COLUMNS[1:]:
        if col.name not in values and col.name not in LOCATION_COLUMNS and col.default is not None:
            values[col.name] = col.default
    if "connected_to_control_room" not in values:
        values["connected_to_control_room"] = any(
            t in FIXED_CAMERA_TYPES for t in draft.camera_types)
    return SiteRow(site_code=draft.code, location=location, row=row, **values)


def _site_location(draft: _SiteDraft, errors: _Errors) -> geo.Location | None:
    """Validate the site's lon/lat and/or easting/northing; reconcile both pairs."""
    if any(name in draft.bad for name in LOCATION_COLUMNS):
        return None
    v = draft.values
    sheet = draft.sheet
    pairs = {}
    ok = True
    for a, b in (("lon", "lat"), ("easting", "northing")):
        if a in v and b in v:
            pairs[a] = (v[a][0], v[b][0], v[a][1])
        elif a in v or b in v:
            given, missing = (a, b) if a in v else (b, a)
            errors.add(v[given][1], missing, f"is blank but {given} is given (site "
                                             f"{draft.code})", sheet)
            ok = False
    if not ok:
        return None
    if not pairs:
        errors.add(draft.first_row, "lon", f"site {draft.code} needs a location: lon and "
                                           "lat, or easting and northing", sheet)
        return None
    located = {}
    for a, (x, y, row) in pairs.items():
        try:
            located[a] = geo.from_lonlat(x, y) if a == "lon" else geo.from_bng(x, y)
        except ValidationFailed as exc:
            errors.add(row, exc.field or a, exc.message, sheet)
    if len(located) != len(pairs):
        return None
    if len(located) == 1:
        return next(iter(located.values()))
    try:
        return geo.reconcile(located["lon"], located["easting"])
    except ValidationFailed as exc:
        errors.add(pairs["easting"][2], "easting", exc.message, sheet)
        return None
