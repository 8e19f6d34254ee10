"""Errors of a register file: each names the file, row and column."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from cctv_planner.domain.errors import ValidationFailed

MAX_ERRORS = 200


@dataclass(frozen=True, slots=True)
class CellError:
    """One problem in a register file.

    ``row`` is the spreadsheet row (the header is row 1) and ``column`` the
    column's name; either is ``None`` when the problem is the whole file or a
    whole row. ``sheet`` is set only for a two-sheet (Sites/Cameras) workbook.
    """

    filename: str
    row: int | None
    column: str | None
    message: str
    sheet: str | None = None

    def __str__(self) -> str:
        parts = [self.filename]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts) + f": {self.message}"

    def to_dict(self) -> dict[str, object]:
        """Return the error as a JSON-ready dict.

        Keys: ``file``, ``sheet``, ``row``, ``column``, ``message``.
        """
        data = asdict(self)
        data["file"] = data.pop("filename")
        return data


class RegisterFileError(ValidationFailed):
    """A register file failed validation; nothing in it may be imported.

    Attributes
    ----------
    errors : list of CellError
        Every problem found, in file order (at most :data:`MAX_ERRORS`).
    truncated : bool
        More problems existed than were listed.
    message : str
        One line per error, e.g. ``register.csv, row 7, column lon: point
        (2.35, 48.85) is outside Great Britain's national grid``.
    """

    def __init__(self, errors: list[CellError], *, truncated: bool = False):
        lines = [str(e) for e in errors]
        if truncated:
            lines.append(f"(stopped after the first {len(errors)} errors)")
        super().__init__("\n".join(lines))
        self.errors = list(errors)  # replaces the base class's {field: [messages]}
        self.truncated = truncated

    def to_dicts(self) -> list[dict[str, object]]:
        """Return the errors as JSON-ready dicts, for an API response body."""
        return [e.to_dict() for e in self.errors]
