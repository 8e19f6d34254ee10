"""The register file's columns: the one source of truth.

The reader, the template, the exports and ``docs/register-file.md`` all read
:data:`COLUMNS`, so a column added or changed here changes every one of them.

A register file has one row per camera with its site's columns repeated
(see ``docs/register-file.md``). The file's column order is free; the order
here is the order the template and the exports write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from cctv_planner.domain.register import (
    DEFAULT_FRAMES_PER_SECOND,
    DEFAULT_RETENTION_DAYS,
    AutomatedProcessing,
    CameraStatus,
    CameraType,
    Mounting,
    OwningService,
    Power,
    SiteCategory,
    SiteStatus,
    Transmission,
)


class Kind(StrEnum):
    """How a column's cells are parsed."""

    CODE = "code"  # letters, digits, - and _; stored upper-case
    WARD_CODE = "ward_code"  # an ONS (GSS) code such as E05013630
    TEXT = "text"
    NUMBER = "number"  # decimal allowed
    INTEGER = "integer"  # a whole number (150 and 150.0 are fine, 150.5 is not)
    BOOLEAN = "boolean"
    DATE = "date"
    ENUM = "enum"


class Entity(StrEnum):
    """Which record a column belongs to."""

    SITE = "site"
    CAMERA = "camera"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the register file.

    Attributes
    ----------
    name : str
        Header as written by the template and exports (matched
        case-insensitively on import).
    entity : Entity
        ``site`` or ``camera``: which record the cell belongs to.
    kind : Kind
        How the cell is parsed.
    help : str
        What the column means, for the template's help sheet and the docs.
    required : bool
        The cell must be filled in on every site (site columns) or camera
        (camera columns). The header must then be present too.
    key : bool
        ``site_code`` and ``asset_number``: the header must be present, but a
        blank cell means "no site" / "no camera" on that row.
    default : object
        Value used when the cell is blank (``None``: stays empty).
    default_text : str
        How the default reads in the docs (for defaults that depend on other
        cells).
    enum : type[StrEnum] or None
        The allowed values of an ``enum`` column.
    minimum, maximum : float or None
        Inclusive bounds of a number; ``maximum_exclusive`` makes the upper
        bound exclusive (a bearing of 360 is 0).
    max_length : int or None
        Longest text accepted.
    unit : str
        Unit of a quantity, for the docs.
    number_format : str or None
        Excel number format for the exports.
    width : float
        Excel column width for the exports.
    """

    name: str
    entity: Entity
    kind: Kind
    help: str
    required: bool = False
    key: bool = False
    default: object = None
    default_text: str = ""
    enum: type[StrEnum] | None = None
    minimum: float | None = None
    maximum: float | None = None
    maximum_exclusive: bool = False
    max_length: int | None = None
    unit: str = ""
    number_format: str | None = None
    width: float = 14.0
    aliases: dict[str, str] = field(default_factory=dict)

    @property
    def header_required(self) -> bool:
        """Whether a file without this header is rejected outright."""
        return self.required or self.key

    def allowed_text(self) -> str:
        """Describe the values the column accepts, in one line of plain text."""
        if self.kind is Kind.ENUM:
            assert self.enum is not None
            return ", ".join(f"`{m.value}` ({enum_label(m)})" for m in self.enum)
        if self.kind is Kind.CODE:
            return (f"letters, digits, `-` and `_`, 1-{self.max_length} characters "
                    "(stored upper-case)")
        if self.kind is Kind.WARD_CODE:
            return "ONS ward code: a letter and 8 digits, e.g. `E05013630`"
        if self.kind is Kind.BOOLEAN:
            return "yes/no, y/n, true/false, 1/0"
        if self.kind is Kind.DATE:
            return "`YYYY-MM-DD` or `DD/MM/YYYY` (or a date cell in .xlsx)"
        if self.kind in (Kind.NUMBER, Kind.INTEGER):
            what = "whole number" if self.kind is Kind.INTEGER else "number"
            if self.minimum is None:
                return what
            upper = "<" if self.maximum_exclusive else "≤"
            return f"{what}, {_fmt(self.minimum)} ≤ value {upper} {_fmt(self.maximum)}"
        if self.max_length:
            return f"text, up to {self.max_length} characters"
        return "text"

    def default_description(self) -> str:
        """Describe the blank-cell default, for the help sheet and docs."""
        if self.default_text:
            return self.default_text
        if self.default is None:
            return ""
        if isinstance(self.default, bool):
            return "yes" if self.default else "no"
        return f"`{self.default}`"


def _fmt(number: float | None) -> str:
    return f"{number:g}" if number is not None else ""


# Short labels where title-casing the value would read wrongly.
_LABELS = {"ptz": "PTZ", "anpr": "ANPR", "4g": "4G", "5g": "5G"}


def enum_label(member: StrEnum) -> str:
    """Return the human label of an enum value, as the council's papers write it.

    Examples
    --------
    >>> enum_label(SiteCategory.TOWN_CENTRE)
    'Town centre'
    >>> enum_label(CameraType.PTZ)
    'PTZ'
    """
    value = str(member.value)
    if value in _LABELS:
        return _LABELS[value]
    return value.replace("_", " ").capitalize()


def enum_token(text: str) -> str:
    """Normalise a cell for enum matching: lower case, spaces/hyphens to ``_``.

    Examples
    --------
    >>> enum_token("  Multi - sensor ")
    'multi_sensor'
    """
    return re.sub(r"[\s_\-]+", "_", text.strip().lower()).strip("_")


def _site(name, kind, help, **kw) -> Column:
    return Column(name=name, entity=Entity.SITE, kind=kind, help=help, **kw)


def _camera(name, kind, help, **kw) -> Column:
    return Column(name=name, entity=Entity.CAMERA, kind=kind, help=help, **kw)


CODE_MAX_LENGTH = 32

COLUMNS: tuple[Column, ...] = (
    _site("site_code", Kind.CODE, "The site's code. Blank: the row is a camera with no site "
          "(a mobile camera in store), and every other site column must be blank too. "
          "Repeat the code on each row of a site with several cameras.",
          key=True, max_length=CODE_MAX_LENGTH, width=14),
    _site("site_name", Kind.TEXT, "Name of the site, e.g. the town centre or park.",
          required=True, max_length=200, width=28),
    _site("location_detail", Kind.TEXT, "Where exactly the mounting stands, "
          "e.g. 'Burnt Oak Broadway opposite Stag Lane'.", max_length=500, width=36),
    _site("lon", Kind.NUMBER, "Longitude, WGS84 degrees. Give lon+lat or easting+northing "
          "(or both pairs, which must agree within 25 m).", unit="degrees",
          number_format="0.000000", width=12),
    _site("lat", Kind.NUMBER, "Latitude, WGS84 degrees.", unit="degrees",
          number_format="0.000000", width=12),
    _site("easting", Kind.NUMBER, "British National Grid easting (EPSG:27700).", unit="m",
          number_format="0.0", width=12),
    _site("northing", Kind.NUMBER, "British National Grid northing (EPSG:27700).", unit="m",
          number_format="0.0", width=12),
    _site("ward_code", Kind.WARD_CODE, "ONS code of the ward. Blank: found from the ward "
          "boundaries on import.", max_length=9, width=12),
    _site("site_category", Kind.ENUM, "What kind of place the site watches.",
          enum=SiteCategory, default=SiteCategory.OTHER, width=18),
    _site("owning_service", Kind.ENUM, "The council service that owns the site.",
          enum=OwningService, default=OwningService.COMMUNITY_SAFETY, width=20),
    _site("mounting", Kind.ENUM, "What the cameras are mounted on.",
          enum=Mounting, default=Mounting.COLUMN),
    _site("power", Kind.ENUM, "How the site is powered.", enum=Power, default=Power.MAINS),
    _site("transmission", Kind.ENUM, "How pictures reach the control room; `none` when "
          "the site records locally only. Fill it in: a blank cell is taken as `none`.",
          enum=Transmission, default=Transmission.NONE,
          aliases={"fiber": "fibre", "radio": "wireless", "wifi": "wireless",
                   "wi_fi": "wireless", "4g_lte": "4g", "lte": "4g"}),
    _site("wayleave_needed", Kind.BOOLEAN, "A wayleave is needed to use the mounting.",
          default=False, width=16),
    _site("signage_in_place", Kind.BOOLEAN, "CCTV signage is in place at the site.",
          default=False, width=16),
    _site("connected_to_control_room", Kind.BOOLEAN, "The site's cameras are monitored "
          "from the control room.", width=16,
          default_text="yes if any camera at the site is a fixed type (not redeployable); "
                       "otherwise no"),
    _site("site_status", Kind.ENUM, "Lifecycle of the site.", enum=SiteStatus,
          default=SiteStatus.ACTIVE),
    _camera("asset_number", Kind.CODE, "The camera's asset number, unique in the file and "
            "across the estate (e.g. BO69). Blank: the row is a site with no camera "
            "(a planned site, say), and every other camera column must be blank too.",
            key=True, max_length=CODE_MAX_LENGTH, width=14),
    _camera("camera_type", Kind.ENUM, "Type of camera.", required=True, enum=CameraType,
            aliases={"pan_tilt_zoom": "ptz", "multisensor": "multi_sensor",
                     "mobile": "redeployable", "rdc": "redeployable"}),
    _camera("make", Kind.TEXT, "Manufacturer.", max_length=100),
    _camera("model", Kind.TEXT, "Model.", max_length=100),
    _camera("serial_number", Kind.TEXT, "Manufacturer's serial number.", max_length=100,
            width=16),
    _camera("installed_on", Kind.DATE, "Date the camera was installed.",
            number_format="yyyy-mm-dd", width=12),
    _camera("bearing_deg", Kind.NUMBER, "Direction the camera faces, degrees clockwise "
            "from grid north (decimals allowed).", minimum=0, maximum=360,
            maximum_exclusive=True, unit="degrees", number_format="0.0", width=12),
    _camera("field_of_view_deg", Kind.NUMBER, "Horizontal field of view "
            "(decimals allowed; 360 for a PTZ's full sweep).", minimum=1, maximum=360,
            unit="degrees", number_format="0.0", width=12),
    _camera("range_m", Kind.INTEGER, "Useful range for coverage analysis.", minimum=1,
            maximum=2000, unit="m", number_format="0", width=10),
    _camera("retention_days", Kind.INTEGER, "Days recordings are kept.", minimum=1,
            maximum=3650, default=DEFAULT_RETENTION_DAYS, unit="days", number_format="0",
            width=10),
    _camera("recording_location", Kind.TEXT, "Where recordings are held, e.g. "
            "'Enfield Public Safety Centre'.", max_length=200, width=24),
    _camera("frames_per_second", Kind.INTEGER, "Recording frame rate.", minimum=1, maximum=60,
            default=DEFAULT_FRAMES_PER_SECOND, unit="fps", number_format="0", width=10),
    _camera("automated_processing", Kind.ENUM, "Automated processing applied to the "
            "pictures.", enum=AutomatedProcessing, default=AutomatedProcessing.NONE,
            aliases={"no": "none"}, width=18),
    _camera("camera_status", Kind.ENUM, "Operational status of the camera.",
            enum=CameraStatus, default=CameraStatus.OPERATIONAL,
            aliases={"working": "operational", "faulty": "defective", "store": "in_store"},
            width=16),
)

BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
SITE_COLUMNS: tuple[Column, ...] = tuple(c for c in COLUMNS if c.entity is Entity.SITE)
CAMERA_COLUMNS: tuple[Column, ...] = tuple(c for c in COLUMNS if c.entity is Entity.CAMERA)
LOCATION_COLUMNS = ("lon", "lat", "easting", "northing")
# The Cameras sheet of a two-sheet workbook: the camera columns plus the site
# it stands at.
CAMERA_SHEET_COLUMNS: tuple[Column, ...] = (CAMERA_COLUMNS[0], BY_NAME["site_code"],
                                            *CAMERA_COLUMNS[1:])


def columns_markdown() -> str:
    """Render the column table for ``docs/register-file.md``.

    Returns
    -------
    str
        A Markdown table, one line per column in :data:`COLUMNS` order, ending
        with a newline. ``tests/registerfile/test_docs.py`` checks that the doc
        holds exactly this text, so the doc cannot drift from the code.
    """
    lines = [
        "| Column | Record | Required | Accepted values | Default | Meaning |",
        "|---|---|---|---|---|---|",
    ]
    for col in COLUMNS:
        if col.required:
            required = "yes"
        elif col.key:
            required = "header"
        elif col.name in LOCATION_COLUMNS:
            required = "one pair"
        else:
            required = ""
        allowed = col.allowed_text()
        if col.unit:
            allowed += f"; {col.unit}"
        cells = [f"`{col.name}`", col.entity.value, required, allowed,
                 col.default_description(), col.help]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


DOC_START = "<!-- columns:start (generated by columns_markdown(); do not edit by hand) -->"
DOC_END = "<!-- columns:end -->"


def render_doc(text: str) -> str:
    """Replace the generated table between the doc's markers with the current one.

    Parameters
    ----------
    text : str
        The doc's current text; it must contain :data:`DOC_START` and
        :data:`DOC_END`.

    Returns
    -------
    str
        The doc with a fresh table between the markers.
    """
    head, rest = text.split(DOC_START, 1)
    _, tail = rest.split(DOC_END, 1)
    return f"{head}{DOC_START}\n{columns_markdown()}{DOC_END}{tail}"

