"""Reading the text files the council is given: encodings and row errors.

Files arrive from police.uk (UTF-8, sometimes with a byte-order mark) and from
council spreadsheets saved as CSV on Windows (Windows-1252). :func:`open_text`
reads either without the caller having to know which.
"""

from __future__ import annotations

import codecs
import io
import os
from typing import IO

from cctv_planner.domain.errors import ValidationFailed

_FALLBACK = "cctv_planner_cp1252_fallback"


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    # Bytes that are not valid UTF-8 are read as Windows-1252, the encoding
    # Excel uses for "CSV" on UK Windows machines (e.g. 0xA3 is "£", 0x92 is
    # "’"). Valid UTF-8 is never touched, so a file may even mix the two.
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error(_FALLBACK, _cp1252_fallback)


class FileRowError(ValidationFailed):
    """A row of an input file that cannot be read.

    Attributes
    ----------
    file : str
        The file's name as given by the caller.
    row : int or None
        1-based line number in the file (the header is line 1), or None for a
        problem with the file as a whole.
    column : str or None
        The column at fault, as named in the header, when there is one.
    """

    def __init__(self, file: str, row: int | None, column: str | None, problem: str):
        where = f"{file}"
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {problem}", field=column)
        self.file = file
        self.row = row
        self.column = column
        self.problem = problem


def open_text(source: str | os.PathLike | IO[bytes]) -> IO[str]:
    """Open a CSV file as text: UTF-8 (BOM stripped) or Windows-1252.

    Parameters
    ----------
    source : path or binary file object
        A path, or an already open binary stream (e.g. an uploaded file).

    Returns
    -------
    text stream
        Newlines are left to the ``csv`` module (``newline=""``).
    """
    if isinstance(source, (str, os.PathLike)):
        raw: IO[bytes] = open(source, "rb")  # noqa: SIM115 - closed via the wrapper
    else:
        raw = source
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors=_FALLBACK, newline="")


def source_name(source: str | os.PathLike | IO[bytes]) -> str:
    """The name to quote in error messages for ``source``."""
    if isinstance(source, (str, os.PathLike)):
        return os.path.basename(os.fspath(source))
    return str(getattr(source, "name", "<upload>"))
