"""Use cases of the camera register: wards, sites, cameras, deployments, summary.

Services flush, never commit: the view or CLI command commits once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cctv_planner.domain import geo
from cctv_planner.domain.deployments import DeploymentPeriod, StandingDeployment, standing_too_long
from cctv_planner.domain.errors import Conflict, NotFound, ValidationFailed
from cctv_planner.domain.register import (
    FIXED_CAMERA_TYPES,
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
from cctv_planner.domain.wards import WardShape, bounds_lonlat, find_ward, ward_shape
from cctv_planner.models import AreaCommittee, Camera, Deployment, Site, Ward

# Sites just outside a generalised ward boundary still belong to the ward.
WARD_TOLERANCE_M = 25.0


# --- generic helpers -------------------------------------------------------

def get_or_404(session: Session, model, entity_id: int, label: str):
    obj = session.get(model, entity_id)
    if obj is None:
        raise NotFound(f"no {label} with id {entity_id}")
    return obj


def location_from(data: Mapping[str, Any], field: str = "location") -> geo.Location:
    """Turn ``{lon, lat}`` and/or ``{easting, northing}`` into a checked two-system location."""
    given = {k: data.get(k) for k in ("lon", "lat", "easting", "northing")}
    has_lonlat = given["lon"] is not None or given["lat"] is not None
    has_bng = given["easting"] is not None or given["northing"] is not None
    if not (has_lonlat or has_bng):
        raise ValidationFailed("give lon and lat (WGS84) or easting and northing (BNG)", field=field)
    if has_lonlat and None in (given["lon"], given["lat"]):
        raise ValidationFailed("give both lon and lat", field=field)
    if has_bng and None in (given["easting"], given["northing"]):
        raise ValidationFailed("give both easting and northing", field=field)
    try:
        by_lonlat = geo.from_lonlat(given["lon"], given["lat"]) if has_lonlat else None
        by_bng = geo.from_bng(given["easting"], given["northing"]) if has_bng else None
        if by_lonlat and by_bng:
            return geo.reconcile(by_lonlat, by_bng)
        return by_lonlat or by_bng
    except ValidationFailed as error:
        # The caller sent one "location" object: name that, not its inner keys.
        raise ValidationFailed(error.message, field=field) from None


# --- wards -----------------------------------------------------------------

def ward_by_code(session: Session, code: str) -> Ward:
    ward = session.scalar(sa.select(Ward).where(Ward.code == code))
    if ward is None:
        raise ValidationFailed(f"unknown ward {code!r}", field="ward_code")
    return ward


def ward_shapes_near(session: Session, location: geo.Location) -> list[WardShape]:
    """Ward shapes whose bounding box is near the point (a cheap SQL pre-filter)."""
    pad = 0.001  # degrees, ~70 m: room for the tolerance
    rows = session.execute(
        sa.select(Ward.id, Ward.code, Ward.boundary_geojson).where(
            Ward.boundary_geojson.is_not(None),
            Ward.min_lon <= location.lon + pad, Ward.max_lon >= location.lon - pad,
            Ward.min_lat <= location.lat + pad, Ward.max_lat >= location.lat - pad,
        )
    ).all()
    return [ward_shape(r.id, r.code, r.boundary_geojson) for r in rows]


def all_ward_shapes(session: Session) -> list[WardShape]:
    rows = session.execute(
        sa.select(Ward.id, Ward.code, Ward.boundary_geojson).where(Ward.boundary_geojson.is_not(None))
    ).all()
    return [ward_shape(r.id, r.code, r.boundary_geojson) for r in rows]


def ward_for_location(session: Session, location: geo.Location,
                      shapes: list[WardShape] | None = None) -> Ward | None:
    shapes = ward_shapes_near(session, location) if shapes is None else shapes
    found = find_ward(shapes, location.easting, location.northing, WARD_TOLERANCE_M)
    return session.get(Ward, found.ward_id) if found else None


def create_ward(session: Session, data: Mapping[str, Any]) -> Ward:
    if session.scalar(sa.select(Ward.id).where(Ward.code == data["code"])) is not None:
        raise Conflict(f"ward {data['code']!r} already exists", field="code")
    ward = Ward(code=data["code"], name=data["name"])
    _apply_ward(session, ward, data)
    session.add(ward)
    session.flush()
    return ward


def update_ward(session: Session, ward: Ward, data: Mapping[str, Any]) -> Ward:
    if "code" in data and data["code"] != ward.code:
        if session.scalar(sa.select(Ward.id).where(Ward.code == data["code"])) is not None:
            raise Conflict(f"ward {data['code']!r} already exists", field="code")
        ward.code = data["code"]
    if "name" in data:
        ward.name = data["name"]
    _apply_ward(session, ward, data)
    session.flush()
    return ward


def _apply_ward(session: Session, ward: Ward, data: Mapping[str, Any]) -> None:
    if "area_committee_code" in data:
        code = data["area_committee_code"]
        if code is None:
            ward.area_committee = None
        else:
            committee = session.scalar(sa.select(AreaCommittee).where(AreaCommittee.code == code))
            if committee is None:
                raise ValidationFailed(f"unknown area committee {code!r}", field="area_committee_code")
            ward.area_committee = committee
    if "boundary" in data:
        set_ward_boundary(ward, data["boundary"])


def set_ward_boundary(ward: Ward, geojson: Mapping[str, Any] | None) -> None:
    if geojson is None:
        ward.boundary_geojson = None
        ward.min_lon = ward.min_lat = ward.max_lon = ward.max_lat = None
        return
    if geojson.get("type") not in {"Polygon", "MultiPolygon"}:
        raise ValidationFailed("boundary must be a GeoJSON Polygon or MultiPolygon", field="boundary")
    try:
        ward.min_lon, ward.min_lat, ward.max_lon, ward.max_lat = bounds_lonlat(geojson)
    except Exception as error:  # shapely raises several types for bad GeoJSON
        raise ValidationFailed(f"boundary is not valid GeoJSON: {error}", field="boundary") from None
    ward.boundary_geojson = dict(geojson)


def delete_ward(session: Session, ward: Ward) -> None:
    if session.scalar(sa.select(sa.func.count()).where(Site.ward_id == ward.id)):
        raise Conflict(f"ward {ward.code} has sites: move or delete them first")
    session.delete(ward)
    session.flush()


# --- sites -----------------------------------------------------------------

SITE_DEFAULTS: dict[str, Any] = {
    "location_detail": "",
    "category": SiteCategory.OTHER,
    "owning_service": OwningService.COMMUNITY_SAFETY,
    "mounting": Mounting.COLUMN,
    "power": Power.MAINS,
    "transmission": Transmission.NONE,
    "wayleave_needed": False,
    "signage_in_place": False,
    "connected_to_control_room": True,
    "status": SiteStatus.ACTIVE,
}
SITE_FIELDS = ("code", "name", *SITE_DEFAULTS)


def create_site(session: Session, data: Mapping[str, Any], *, ward_shapes: list[WardShape] | None = None) -> Site:
    """Create a site; its ward comes from ``ward_code`` or else from the ward polygons."""
    code = data["code"].strip()
    if session.scalar(sa.select(Site.id).where(Site.code == code)) is not None:
        raise Conflict(f"site code {code!r} is already used", field="code")
    fields = {**SITE_DEFAULTS, **{k: v for k, v in data.items() if k in SITE_FIELDS}, "code": code}
    site = Site(**fields)
    _place_site(session, site, data, ward_shapes)
    session.add(site)
    session.flush()
    return site


def update_site(session: Session, site: Site, data: Mapping[str, Any],
                *, ward_shapes: list[WardShape] | None = None) -> Site:
    if ("code" in data and data["code"] != site.code
            and session.scalar(sa.select(Site.id).where(Site.code == data["code"])) is not None):
        raise Conflict(f"site code {data['code']!r} is already used", field="code")
    for key in SITE_FIELDS:
        if key in data:
            setattr(site, key, data[key])
    if "location" in data or "ward_code" in data:
        _place_site(session, site, data, ward_shapes)
    session.flush()
    return site


def _place_site(session: Session, site: Site, data: Mapping[str, Any],
                ward_shapes: list[WardShape] | None) -> None:
    if "location" in data:
        given = data["location"]
        location = given if isinstance(given, geo.Location) else location_from(given)
        site.lon, site.lat, site.easting, site.northing = (
            location.lon, location.lat, location.easting, location.northing)
    else:
        location = geo.Location(site.lon, site.lat, site.easting, site.northing)
    if data.get("ward_code"):
        site.ward = ward_by_code(session, data["ward_code"])
    else:
        site.ward = ward_for_location(session, location, ward_shapes)


def delete_site(session: Session, site: Site) -> None:
    if session.scalar(sa.select(sa.func.count()).where(Camera.site_id == site.id)):
        raise Conflict(f"site {site.code} still has cameras: move or delete them first")
    if session.scalar(sa.select(sa.func.count()).where(Deployment.site_id == site.id)):
        raise Conflict(f"site {site.code} has deployment history: decommission it instead")
    session.delete(site)
    session.flush()


def site_by_code(session: Session, code: str, field: str = "site_code") -> Site:
    site = session.scalar(sa.select(Site).where(Site.code == code))
    if site is None:
        raise ValidationFailed(f"unknown site {code!r}", field=field)
    return site


# --- cameras ---------------------------------------------------------------

CAMERA_DEFAULTS: dict[str, Any] = {
    "make": "",
    "model": "",
    "serial_number": "",
    "installed_on": None,
    "bearing_deg": None,
    "field_of_view_deg": None,
    "range_m": None,
    "retention_days": 28,
    "recording_location": "",
    "frames_per_second": 25,
    "automated_processing": AutomatedProcessing.NONE,
    "status": CameraStatus.OPERATIONAL,
    "first_review_due": None,
}
CAMERA_FIELDS = ("asset_number", "camera_type", *CAMERA_DEFAULTS)


def normalise_asset_number(value: str) -> str:
    return value.strip().upper()


def create_camera(session: Session, data: Mapping[str, Any]) -> Camera:
    asset = normalise_asset_number(data["asset_number"])
    _ensure_asset_free(session, asset)
    fields = {**CAMERA_DEFAULTS, **{k: v for k, v in data.items() if k in CAMERA_FIELDS}, "asset_number": asset}
    camera = Camera(**fields)
    _set_camera_site(session, camera, data)
    _check_camera(camera)
    session.add(camera)
    session.flush()
    return camera


def update_camera(session: Session, camera: Camera, data: Mapping[str, Any]) -> Camera:
    if "asset_number" in data:
        asset = normalise_asset_number(data["asset_number"])
        if asset != camera.asset_number:
            _ensure_asset_free(session, asset)
        data = {**data, "asset_number": asset}
    for key in CAMERA_FIELDS:
        if key in data:
            setattr(camera, key, data[key])
    _set_camera_site(session, camera, data)
    _check_camera(camera)
    session.flush()
    return camera


def _ensure_asset_free(session: Session, asset: str) -> None:
    if session.scalar(sa.select(Camera.id).where(Camera.asset_number == asset)) is not None:
        raise Conflict(f"asset number {asset!r} is already used by another camera", field="asset_number")


def _set_camera_site(session: Session, camera: Camera, data: Mapping[str, Any]) -> None:
    if "site_id" in data:
        camera.site = None if data["site_id"] is None else _site_or_422(session, data["site_id"])
    elif data.get("site_code"):
        camera.site = site_by_code(session, data["site_code"])


def _site_or_422(session: Session, site_id: int) -> Site:
    site = session.get(Site, site_id)
    if site is None:
        raise ValidationFailed(f"no site with id {site_id}", field="site_id")
    return site


def _check_camera(camera: Camera) -> None:
    if (camera.site is None and camera.camera_type in FIXED_CAMERA_TYPES
            and camera.status not in (CameraStatus.IN_STORE, CameraStatus.DECOMMISSIONED)):
        raise ValidationFailed("a fixed camera needs a site unless it is in store or decommissioned",
                               field="site_id")


def delete_camera(session: Session, camera: Camera) -> None:
    if session.scalar(sa.select(sa.func.count()).where(Deployment.camera_id == camera.id)):
        raise Conflict(f"camera {camera.asset_number} has deployment history: decommission it instead")
    session.delete(camera)
    session.flush()


def camera_by_asset(session: Session, asset: str, field: str = "asset_number") -> Camera:
    camera = session.scalar(sa.select(Camera).where(Camera.asset_number == normalise_asset_number(asset)))
    if camera is None:
        raise ValidationFailed(f"unknown camera {asset!r}", field=field)
    return camera


# --- deployments -----------------------------------------------------------

def create_deployment(session: Session, data: Mapping[str, Any]) -> Deployment:
    camera = _deployment_camera(session, data)
    deployment = Deployment(camera=camera, started_on=data["started_on"], ended_on=data.get("ended_on"),
                            reason=data.get("reason", ""))
    _place_deployment(session, deployment, data)
    _check_deployment(session, deployment)
    session.add(deployment)
    session.flush()
    return deployment


def update_deployment(session: Session, deployment: Deployment, data: Mapping[str, Any]) -> Deployment:
    if "camera_id" in data or "asset_number" in data:
        deployment.camera = _deployment_camera(session, data)
    for key in ("started_on", "ended_on", "reason"):
        if key in data:
            setattr(deployment, key, data[key])
    if "site_id" in data or "location" in data:
        _place_deployment(session, deployment, data)
    _check_deployment(session, deployment)
    session.flush()
    return deployment


def _deployment_camera(session: Session, data: Mapping[str, Any]) -> Camera:
    if data.get("camera_id") is not None:
        camera = session.get(Camera, data["camera_id"])
        if camera is None:
            raise ValidationFailed(f"no camera with id {data['camera_id']}", field="camera_id")
    elif data.get("asset_number"):
        camera = camera_by_asset(session, data["asset_number"])
    else:
        raise ValidationFailed("give camera_id or asset_number", field="camera_id")
    if camera.camera_type is not CameraType.REDEPLOYABLE:
        raise ValidationFailed(f"camera {camera.asset_number} is not redeployable", field="camera_id")
    return camera


def _place_deployment(session: Session, deployment: Deployment, data: Mapping[str, Any]) -> None:
    if data.get("site_id") is not None:
        deployment.site = _site_or_422(session, data["site_id"])
        deployment.lon = deployment.lat = deployment.easting = deployment.northing = None
    elif data.get("site_code"):
        deployment.site = site_by_code(session, data["site_code"])
        deployment.lon = deployment.lat = deployment.easting = deployment.northing = None
    elif data.get("location"):
        location = location_from(data["location"])
        deployment.site = None
        deployment.lon, deployment.lat = location.lon, location.lat
        deployment.easting, deployment.northing = location.easting, location.northing
    elif deployment.site is None and deployment.lon is None:
        raise ValidationFailed("give site_id or a location", field="site_id")


def _check_deployment(session: Session, deployment: Deployment) -> None:
    if deployment.ended_on is not None and deployment.ended_on < deployment.started_on:
        raise ValidationFailed("ended_on is before started_on", field="ended_on")
    # A camera stands in one place at a time: periods may not overlap.
    far_future = dt.date(9999, 12, 31)
    end = deployment.ended_on or far_future
    query = sa.select(Deployment).where(
        Deployment.camera_id == deployment.camera.id,
        Deployment.started_on <= end,
        sa.func.coalesce(Deployment.ended_on, far_future) >= deployment.started_on,
    )
    if deployment.id is not None:
        query = query.where(Deployment.id != deployment.id)
    with session.no_autoflush:
        clash = session.scalar(query)
    if clash is not None:
        raise Conflict(
            f"camera {deployment.camera.asset_number} is already deployed from {clash.started_on}"
            f" (deployment {clash.id}) in that period", field="started_on")


def delete_deployment(session: Session, deployment: Deployment) -> None:
    session.delete(deployment)
    session.flush()


def standing_report(session: Session, as_of: dt.date) -> list[StandingDeployment]:
    """Redeployable cameras that have stood in one place for over 18 months."""
    rows = session.execute(
        sa.select(Deployment.id, Camera.asset_number, Site.code, Site.name, Deployment.lon, Deployment.lat,
                  Deployment.started_on, Deployment.ended_on)
        .join(Camera, Deployment.camera_id == Camera.id)
        .outerjoin(Site, Deployment.site_id == Site.id)
    ).all()
    periods = [DeploymentPeriod(r.id, r.asset_number,
                                f"{r.code} {r.name}" if r.code else f"{r.lon:.5f}, {r.lat:.5f}",
                                r.started_on, r.ended_on) for r in rows]
    return standing_too_long(periods, as_of)


# --- summary ---------------------------------------------------------------

def summary(session: Session) -> dict[str, Any]:
    """Counts the board tracks: "37 of 127 fixed cameras on-line" and the breakdowns."""
    fixed = Camera.camera_type.in_([t.value for t in FIXED_CAMERA_TYPES])
    in_estate = Camera.status != CameraStatus.DECOMMISSIONED

    def count(*where) -> int:
        return int(session.scalar(sa.select(sa.func.count(Camera.id)).where(*where)) or 0)

    def grouped(column, *where, join=None) -> dict[str, int]:
        query = sa.select(column, sa.func.count(Camera.id)).select_from(Camera)
        if join is not None:
            query = query.outerjoin(*join)
        rows = session.execute(query.where(*where).group_by(column)).all()
        return {(_key(k) if k is not None else "none"): int(n) for k, n in sorted(rows, key=lambda r: str(r[0]))}

    fixed_total = count(fixed, in_estate)
    fixed_operational = count(fixed, Camera.status == CameraStatus.OPERATIONAL)
    return {
        "fixed_cameras_total": fixed_total,
        "fixed_cameras_operational": fixed_operational,
        "fixed_cameras_operational_share": (
            round(fixed_operational / fixed_total, 4) if fixed_total else None),
        "mobile_cameras_total": count(Camera.camera_type == CameraType.REDEPLOYABLE, in_estate),
        "cameras_total": count(in_estate),
        "sites_total": int(session.scalar(
            sa.select(sa.func.count(Site.id)).where(Site.status != SiteStatus.DECOMMISSIONED)) or 0),
        "by_status": grouped(Camera.status),
        "by_type": grouped(Camera.camera_type, in_estate),
        "by_transmission": grouped(Site.transmission, in_estate, join=(Site, Camera.site_id == Site.id)),
        "by_ward": _by_ward(session, in_estate),
    }


def _by_ward(session: Session, in_estate) -> dict[str, dict[str, int]]:
    rows = session.execute(
        sa.select(Ward.code, Ward.name, Camera.status, sa.func.count(Camera.id))
        .select_from(Camera).outerjoin(Site, Camera.site_id == Site.id).outerjoin(Ward, Site.ward_id == Ward.id)
        .where(in_estate).group_by(Ward.code, Ward.name, Camera.status)
    ).all()
    result: dict[str, dict[str, Any]] = {}
    for code, name, status, n in rows:
        entry = result.setdefault(code or "none", {"ward_name": name, "total": 0, "operational": 0})
        entry["total"] += int(n)
        if status == CameraStatus.OPERATIONAL:
            entry["operational"] += int(n)
    return dict(sorted(result.items()))


def _key(value) -> str:
    return value.value if hasattr(value, "value") else str(value)
