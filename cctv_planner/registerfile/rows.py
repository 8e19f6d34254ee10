"""Plain rows of the register: what the reader returns and the exports take.

The service layer maps ORM objects to these and back; nothing here knows
about Flask or SQLAlchemy. Field names are the register file's column names,
so ``cells()`` of a row is the row of the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cctv_planner.domain.geo import Location
from cctv_planner.domain.register import (
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
from cctv_planner.registerfile.columns import BY_NAME, CAMERA_COLUMNS, SITE_COLUMNS


def _default(name: str):
    return BY_NAME[name].default


@dataclass(frozen=True, slots=True)
class SiteRow:
    """A site as the register file holds it, with normalised values.

    ``row`` is the file row the site was first seen on (``None`` for a row
    built by the service for export); it takes no part in equality, so a site
    read back from an export equals the one exported.
    """

    site_code: str
    site_name: str
    location: Location
    location_detail: str | None = None
    ward_code: str | None = None
    site_category: SiteCategory = _default("site_category")
    owning_service: OwningService = _default("owning_service")
    mounting: Mounting = _default("mounting")
    power: Power = _default("power")
    transmission: Transmission = _default("transmission")
    wayleave_needed: bool = _default("wayleave_needed")
    signage_in_place: bool = _default("signage_in_place")
    connected_to_control_room: bool = True
    site_status: SiteStatus = _default("site_status")
    row: int | None = field(default=None, compare=False)

    @property
    def lon(self) -> float:
        return self.location.lon

    @property
    def lat(self) -> float:
        return self.location.lat

    @property
    def easting(self) -> float:
        return self.location.easting

    @property
    def northing(self) -> float:
        return self.location.northing

    def cells(self) -> dict[str, object]:
        """Return the site's cells keyed by column name, in column order."""
        return {col.name: getattr(self, col.name) for col in SITE_COLUMNS}


@dataclass(frozen=True, slots=True)
class CameraRow:
    """A camera as the register file holds it, with normalised values.

    ``site_code`` is ``None`` for a camera with no site (a mobile camera in
    store). ``row`` is the file row (``None`` when built for export) and takes
    no part in equality.
    """

    asset_number: str
    camera_type: CameraType
    site_code: str | None = None
    make: str | None = None
    model: str | None = None
    serial_number: str | None = None
    installed_on: date | None = None
    bearing_deg: float | None = None
    field_of_view_deg: float | None = None
    range_m: int | None = None
    retention_days: int = _default("retention_days")
    recording_location: str | None = None
    frames_per_second: int = _default("frames_per_second")
    automated_processing: AutomatedProcessing = _default("automated_processing")
    camera_status: CameraStatus = _default("camera_status")
    row: int | None = field(default=None, compare=False)

    def cells(self) -> dict[str, object]:
        """Return the camera's cells keyed by column name, in column order."""
        return {col.name: getattr(self, col.name) for col in CAMERA_COLUMNS}


@dataclass(frozen=True, slots=True)
class RegisterFile:
    """A register file read and validated: its sites and cameras.

    Sites come in the order they first appear; cameras in file order.
    """

    filename: str
    sites: list[SiteRow]
    cameras: list[CameraRow]
