"""Register files in and out: apply a validated file to the database, and build exports."""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from cctv_planner.domain import geo
from cctv_planner.domain.errors import CctvPlannerError
from cctv_planner.exports.register import register_csv, register_geojson, register_xlsx
from cctv_planner.models import Camera, Site
from cctv_planner.registerfile.errors import CellError, RegisterFileError
from cctv_planner.registerfile.rows import CameraRow, RegisterFile, SiteRow
from cctv_planner.services import register

# Service field names -> the register file's column names, for error messages.
_SITE_COLUMN = {"code": "site_code", "name": "site_name", "category": "site_category",
                "status": "site_status", "location": "lon", "ward_code": "ward_code"}
_CAMERA_COLUMN = {"status": "camera_status", "site_id": "site_code", "site_code": "site_code"}


@dataclass(frozen=True)
class ImportResult:
    sites_created: int
    sites_updated: int
    cameras_created: int
    cameras_updated: int
    sites_unchanged: int = 0
    cameras_unchanged: int = 0

    @property
    def sites(self) -> int:
        return self.sites_created + self.sites_updated + self.sites_unchanged

    @property
    def cameras(self) -> int:
        return self.cameras_created + self.cameras_updated + self.cameras_unchanged

    @property
    def rows(self) -> int:
        return self.sites + self.cameras


def import_register(session: Session, register_file: RegisterFile) -> ImportResult:
    """Create or update every site and camera of ``register_file``, or nothing.

    Sites are matched by code and cameras by asset number, so importing an
    export again changes nothing. Problems only the database can see (an
    unknown ward code, say) are gathered and raised together as a
    ``RegisterFileError`` naming file, row and column; the caller rolls back.
    """
    errors: list[CellError] = []
    counts = {"sites_created": 0, "sites_updated": 0, "sites_unchanged": 0,
              "cameras_created": 0, "cameras_updated": 0, "cameras_unchanged": 0}
    shapes = register.all_ward_shapes(session)
    existing_sites = {s.code: s for s in session.scalars(sa.select(Site))}
    existing_cameras = {c.asset_number: c for c in session.scalars(sa.select(Camera))}

    for row in register_file.sites:
        data = _site_data(row)
        try:
            with session.begin_nested():
                if row.site_code in existing_sites:
                    site = existing_sites[row.site_code]
                    before = site.version  # the version moves only when a row really changes
                    register.update_site(session, site, data, ward_shapes=shapes)
                    counts["sites_updated" if site.version != before else "sites_unchanged"] += 1
                else:
                    existing_sites[row.site_code] = register.create_site(session, data, ward_shapes=shapes)
                    counts["sites_created"] += 1
        except CctvPlannerError as error:
            errors.append(CellError(register_file.filename, row.row, _SITE_COLUMN.get(error.field or "",
                                                                                       error.field), error.message))
    for row in register_file.cameras:
        data = _camera_data(row)
        try:
            with session.begin_nested():
                if row.asset_number in existing_cameras:
                    camera = existing_cameras[row.asset_number]
                    before = camera.version
                    register.update_camera(session, camera, data)
                    counts["cameras_updated" if camera.version != before else "cameras_unchanged"] += 1
                else:
                    existing_cameras[row.asset_number] = register.create_camera(session, data)
                    counts["cameras_created"] += 1
        except CctvPlannerError as error:
            errors.append(CellError(register_file.filename, row.row, _CAMERA_COLUMN.get(error.field or "",
                                                                                         error.field), error.message))
    if errors:
        raise RegisterFileError(errors)
    return ImportResult(**counts)


def _site_data(row: SiteRow) -> dict:
    return {
        "code": row.site_code, "name": row.site_name, "location_detail": row.location_detail or "",
        "location": row.location, "ward_code": row.ward_code, "category": row.site_category,
        "owning_service": row.owning_service, "mounting": row.mounting, "power": row.power,
        "transmission": row.transmission, "wayleave_needed": row.wayleave_needed,
        "signage_in_place": row.signage_in_place, "connected_to_control_room": row.connected_to_control_room,
        "status": row.site_status,
    }


def _camera_data(row: CameraRow) -> dict:
    # A blank site_code means "no site" (a mobile camera in store), so say so.
    site = {"site_code": row.site_code} if row.site_code else {"site_id": None}
    return {
        **site, "asset_number": row.asset_number, "camera_type": row.camera_type,
        "make": row.make or "", "model": row.model or "", "serial_number": row.serial_number or "",
        "installed_on": row.installed_on, "bearing_deg": row.bearing_deg,
        "field_of_view_deg": row.field_of_view_deg, "range_m": row.range_m,
        "retention_days": row.retention_days, "recording_location": row.recording_location or "",
        "frames_per_second": row.frames_per_second, "automated_processing": row.automated_processing,
        "status": row.camera_status,
    }


def export_rows(session: Session) -> tuple[list[SiteRow], list[CameraRow]]:
    """The whole register as plain rows, sites by code and cameras by asset number."""
    sites = session.scalars(sa.select(Site).options(selectinload(Site.cameras)).order_by(Site.code)).all()
    cameras = session.scalars(sa.select(Camera).order_by(Camera.asset_number)).all()
    return [site_row(s) for s in sites], [camera_row(c) for c in cameras]


def site_row(site: Site) -> SiteRow:
    return SiteRow(
        site_code=site.code, site_name=site.name,
        location=geo.Location(site.lon, site.lat, site.easting, site.northing),
        location_detail=site.location_detail or None, ward_code=site.ward.code if site.ward else None,
        site_category=site.category, owning_service=site.owning_service, mounting=site.mounting,
        power=site.power, transmission=site.transmission, wayleave_needed=site.wayleave_needed,
        signage_in_place=site.signage_in_place, connected_to_control_room=site.connected_to_control_room,
        site_status=site.status,
    )


def camera_row(camera: Camera) -> CameraRow:
    return CameraRow(
        asset_number=camera.asset_number, camera_type=camera.camera_type,
        site_code=camera.site.code if camera.site else None,
        make=camera.make or None, model=camera.model or None, serial_number=camera.serial_number or None,
        installed_on=camera.installed_on, bearing_deg=camera.bearing_deg,
        field_of_view_deg=camera.field_of_view_deg,
        range_m=int(camera.range_m) if camera.range_m is not None else None,
        retention_days=camera.retention_days, recording_location=camera.recording_location or None,
        frames_per_second=camera.frames_per_second, automated_processing=camera.automated_processing,
        camera_status=camera.status,
    )


EXPORT_FORMATS = ("xlsx", "csv", "geojson")


def export_register(session: Session, fmt: str) -> tuple[bytes, int, int]:
    """The register as a file of format ``fmt``; returns (bytes, sites, cameras)."""
    sites, cameras = export_rows(session)
    if fmt == "xlsx":
        data = register_xlsx(sites, cameras)
    elif fmt == "csv":
        data = register_csv(sites, cameras)
    elif fmt == "geojson":
        data = json.dumps(register_geojson(sites, cameras), indent=1).encode()
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return data, len(sites), len(cameras)
