"""The register file: read a .csv/.xlsx register into rows, write the template.

Pure of Flask and SQLAlchemy: the service layer maps ORM objects to
:class:`SiteRow` / :class:`CameraRow` and back.
"""

from cctv_planner.registerfile.columns import COLUMNS, Column, columns_markdown
from cctv_planner.registerfile.errors import CellError, RegisterFileError
from cctv_planner.registerfile.reader import read_register_file
from cctv_planner.registerfile.rows import CameraRow, RegisterFile, SiteRow

__all__ = [
    "COLUMNS",
    "CameraRow",
    "CellError",
    "Column",
    "RegisterFile",
    "RegisterFileError",
    "SiteRow",
    "columns_markdown",
    "read_register_file",
]
