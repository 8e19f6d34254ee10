"""Write plain rows to an .xlsx workbook: the one place exports touch openpyxl.

Builders elsewhere in ``exports`` describe sheets with :class:`SheetSpec` and
get bytes back; views and CLI commands send or save the bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# Excel's own limit on a list validation typed inline.
_INLINE_LIST_MAX = 255


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One column of a sheet.

    Attributes
    ----------
    header : str
        Text of the header cell.
    width : float, optional
        Column width in Excel's character units; by default it fits the
        header (at least 10).
    number_format : str, optional
        Excel number format for the data cells (dates default to
        ``yyyy-mm-dd``).
    choices : tuple of str, optional
        Values offered in a dropdown on the data cells. Other values draw a
        warning in Excel but are allowed, so people may type a label instead.
    wrap : bool
        Wrap long text in the data cells.
    """

    header: str
    width: float | None = None
    number_format: str | None = None
    choices: tuple[str, ...] | None = None
    wrap: bool = False


@dataclass(frozen=True, slots=True)
class SheetSpec:
    """One worksheet: a header row and data rows.

    Attributes
    ----------
    title : str
        Sheet name (at most 31 characters; no ``[]:*?/\\``).
    columns : sequence of ColumnSpec or str
        The columns in order; a bare string is a header with default styling.
    rows : sequence of sequences
        Data rows, each as long as ``columns``. Cells may be ``None`` (empty),
        ``str``, ``int``, ``float``, ``Decimal``, ``bool``, ``date``,
        ``datetime`` (tz-aware ones are written in UTC) or an ``Enum`` (its
        value is written).
    freeze_header : bool
        Keep the header row in view when scrolling.
    autofilter : bool
        Put filter buttons on the header row.
    dropdown_rows : int
        How many rows below the header the ``choices`` dropdowns cover, at
        least: enough for rows people add to a template.
    """

    title: str
    columns: Sequence[ColumnSpec | str]
    rows: Sequence[Sequence[object]] = ()
    freeze_header: bool = True
    autofilter: bool = True
    dropdown_rows: int = 1000


def safe_text(cell: Cell, text: str) -> None:
    """Write ``text`` into ``cell`` so that it stays text.

    openpyxl (3.1) turns any string that starts with ``=`` into a formula, and
    a spreadsheet would then run a camera note such as ``=HYPERLINK(...)``.
    Forcing the cell's type to string after assignment stores it as plain
    text, which survives saving and reloading. Characters XML cannot hold
    (control characters) are dropped rather than failing the whole export.

    Parameters
    ----------
    cell : openpyxl Cell
        The cell to write.
    text : str
        Free text, written exactly (apart from control characters).

    Examples
    --------
    >>> ws = Workbook().active
    >>> safe_text(ws["A1"], "=1+1")
    >>> ws["A1"].data_type, ws["A1"].value
    ('s', '=1+1')
    """
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"


def write_value(cell: Cell, value: object, number_format: str | None = None) -> None:
    """Write one value into ``cell`` with a sensible type and number format.

    Parameters
    ----------
    cell : openpyxl Cell
        The cell to write.
    value : object
        See :class:`SheetSpec` for the types accepted. Strings always go
        through :func:`safe_text`.
    number_format : str, optional
        Overrides the default format (dates ``yyyy-mm-dd``).
    """
    if value is None:
        return
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str):
        safe_text(cell, str(value))
    elif isinstance(value, datetime):
        if value.tzinfo is not None:
            # Excel has no time zones; openpyxl refuses aware datetimes.
            value = value.astimezone(UTC).replace(tzinfo=None)
        cell.value = value
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, (bool, int, float, Decimal)):
        cell.value = value
    else:
        raise TypeError(f"cannot write {type(value).__name__} to a cell")
    if number_format and not isinstance(value, (str, bool)):
        cell.number_format = number_format


def _spec(column: ColumnSpec | str) -> ColumnSpec:
    return column if isinstance(column, ColumnSpec) else ColumnSpec(column)


def build_workbook(sheets: Sequence[SheetSpec]) -> Workbook:
    """Build an openpyxl workbook from sheet specs (see :func:`write_workbook`)."""
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title)
        columns = [_spec(c) for c in sheet.columns]
        for index, column in enumerate(columns, start=1):
            header = ws.cell(row=1, column=index)
            safe_text(header, column.header)
            header.font = bold
            ws.column_dimensions[get_column_letter(index)].width = (
                column.width if column.width is not None else max(10, len(column.header) + 2))
        wraps = [Alignment(wrap_text=True, vertical="top") if c.wrap else None for c in columns]
        for row_number, row in enumerate(sheet.rows, start=2):
            if len(row) != len(columns):
                raise ValueError(f"sheet {sheet.title!r} row {row_number} has {len(row)} "
                                 f"cells for {len(columns)} columns")
            for index, (value, column) in enumerate(zip(row, columns, strict=False), start=1):
                cell = ws.cell(row=row_number, column=index)
                write_value(cell, value, column.number_format)
                if wraps[index - 1] is not None:
                    cell.alignment = wraps[index - 1]
        last_row = max(1, len(sheet.rows) + 1)
        last_col = get_column_letter(max(1, len(columns)))
        if sheet.freeze_header:
            ws.freeze_panes = "A2"
        if sheet.autofilter and columns:
            ws.auto_filter.ref = f"A1:{last_col}{last_row}"
        dropdown_last = max(last_row, sheet.dropdown_rows + 1)
        for index, column in enumerate(columns, start=1):
            if column.choices:
                ws.add_data_validation(_dropdown(column, get_column_letter(index), dropdown_last))
    return wb


def _dropdown(column: ColumnSpec, letter: str, last_row: int) -> DataValidation:
    assert column.choices is not None
    listed = ",".join(column.choices)
    if len(listed) > _INLINE_LIST_MAX or any('"' in c or "," in c for c in column.choices):
        raise ValueError(f"choices of {column.header!r} do not fit an inline list")
    dv = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True,
                        showErrorMessage=True, errorStyle="warning",
                        errorTitle=column.header,
                        error="Not one of the listed values; it may still be a label "
                              "the import understands.")
    dv.add(f"{letter}2:{letter}{last_row}")
    return dv


def write_workbook(sheets: Sequence[SheetSpec]) -> bytes:
    """Write sheets of plain rows to an .xlsx file.

    Each sheet gets a bold header row, frozen and with filter buttons (unless
    the spec says otherwise), column widths, number and date formats, and
    dropdowns where a column lists ``choices``. Every string is written as
    text, so free text starting with ``=``, ``+``, ``-`` or ``@`` never becomes
    a formula.

    Parameters
    ----------
    sheets : sequence of SheetSpec
        The sheets, in order; at least one.

    Returns
    -------
    bytes
        The .xlsx file.

    Examples
    --------
    >>> data = write_workbook([SheetSpec("Cameras", ["asset_number"], [["BO69"]])])
    >>> data[:2]
    b'PK'
    """
    buffer = io.BytesIO()
    build_workbook(sheets).save(buffer)
    return buffer.getvalue()
