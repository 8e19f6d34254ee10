"""Marshmallow schemas of the register API."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from cctv_planner.api.common import enum_field as _enum
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


class LocationInSchema(Schema):
    """A point as WGS84 ``lon``/``lat`` or British National Grid ``easting``/``northing``."""

    lon = fields.Float(validate=validate.Range(-180, 180))
    lat = fields.Float(validate=validate.Range(-90, 90))
    easting = fields.Float()
    northing = fields.Float()

    @validates_schema
    def _one_pair(self, data, **_kwargs):
        lonlat = "lon" in data or "lat" in data
        bng = "easting" in data or "northing" in data
        if not lonlat and not bng:
            raise ValidationError("give lon and lat (WGS84) or easting and northing (BNG)")
        if lonlat and not ("lon" in data and "lat" in data):
            raise ValidationError("give both lon and lat")
        if bng and not ("easting" in data and "northing" in data):
            raise ValidationError("give both easting and northing")


class LocationOutSchema(Schema):
    lon = fields.Float()
    lat = fields.Float()
    easting = fields.Float()
    northing = fields.Float()


class WardRefSchema(Schema):
    id = fields.Int()
    code = fields.Str()
    name = fields.Str()


# --- wards -----------------------------------------------------------------

class AreaCommitteeSchema(Schema):
    id = fields.Int(dump_only=True)
    code = fields.Str()
    name = fields.Str()
    illustrative = fields.Bool()


class WardSchema(Schema):
    id = fields.Int(dump_only=True)
    code = fields.Str(required=True, validate=validate.Length(1, 9))
    name = fields.Str(required=True, validate=validate.Length(1, 120))
    area_committee_code = fields.Str(allow_none=True, load_only=True)
    area_committee = fields.Nested(AreaCommitteeSchema, dump_only=True, allow_none=True)
    boundary = fields.Dict(load_only=True, allow_none=True)
    has_boundary = fields.Method("_has_boundary", dump_only=True)
    version = fields.Int(dump_only=True)

    def _has_boundary(self, ward) -> bool:
        return ward.boundary_geojson is not None


class WardDetailSchema(WardSchema):
    boundary_geojson = fields.Dict(dump_only=True, data_key="boundary")


class WardQueryArgsSchema(Schema):
    area_committee = fields.Str()


# --- sites -----------------------------------------------------------------

class SiteSchema(Schema):
    id = fields.Int(dump_only=True)
    code = fields.Str(required=True, validate=validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9_\-/]{0,31}$",
                                                               error="1-32 letters, digits, - _ /"))
    name = fields.Str(required=True, validate=validate.Length(1, 200))
    location_detail = fields.Str(validate=validate.Length(max=500))
    location = fields.Nested(LocationInSchema, required=True, load_only=True)
    position = fields.Method("_position", dump_only=True, data_key="location")
    ward_code = fields.Str(load_only=True, allow_none=True)
    ward = fields.Nested(WardRefSchema, dump_only=True, allow_none=True)
    category = _enum(SiteCategory)
    owning_service = _enum(OwningService)
    mounting = _enum(Mounting)
    power = _enum(Power)
    transmission = _enum(Transmission)
    wayleave_needed = fields.Bool()
    signage_in_place = fields.Bool()
    connected_to_control_room = fields.Bool()
    status = _enum(SiteStatus)
    camera_count = fields.Method("_camera_count", dump_only=True)
    version = fields.Int(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)

    def _position(self, site):
        return {"lon": site.lon, "lat": site.lat, "easting": site.easting, "northing": site.northing}

    def _camera_count(self, site) -> int:
        return len(site.cameras)


class SiteQueryArgsSchema(Schema):
    ward = fields.Str(metadata={"description": "ward code, e.g. E05013630"})
    status = _enum(SiteStatus)
    category = _enum(SiteCategory)
    transmission = _enum(Transmission)
    bbox = fields.Str(metadata={"description": "min_lon,min_lat,max_lon,max_lat"})
    q = fields.Str(metadata={"description": "text in the code, name or location detail"})
    sort = fields.Str(metadata={"description": "field or -field, e.g. -code"})


# --- cameras ---------------------------------------------------------------

class CameraSchema(Schema):
    id = fields.Int(dump_only=True)
    asset_number = fields.Str(required=True, validate=validate.Regexp(
        r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,31}$", error="1-32 letters, digits, - or _"))
    site_id = fields.Int(allow_none=True)
    site = fields.Method("_site", dump_only=True)
    camera_type = _enum(CameraType, required=True)
    make = fields.Str(validate=validate.Length(max=100))
    model = fields.Str(validate=validate.Length(max=100))
    serial_number = fields.Str(validate=validate.Length(max=100))
    installed_on = fields.Date(allow_none=True)
    bearing_deg = fields.Float(allow_none=True, validate=validate.Range(0, 360, max_inclusive=False))
    field_of_view_deg = fields.Float(allow_none=True, validate=validate.Range(0, 360, min_inclusive=False))
    range_m = fields.Float(allow_none=True, validate=validate.Range(0, 2000, min_inclusive=False))
    retention_days = fields.Int(validate=validate.Range(1, 3650))
    recording_location = fields.Str(validate=validate.Length(max=200))
    frames_per_second = fields.Int(validate=validate.Range(1, 60))
    automated_processing = _enum(AutomatedProcessing)
    status = _enum(CameraStatus)
    first_review_due = fields.Date(allow_none=True, metadata={
        "description": "until its first operational review: the date it is due (none: due now)"})
    version = fields.Int(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)

    def _site(self, camera):
        site = camera.site
        if site is None:
            return None
        return {"id": site.id, "code": site.code, "name": site.name,
                "ward_code": site.ward.code if site.ward else None}


class CameraQueryArgsSchema(Schema):
    ward = fields.Str(metadata={"description": "ward code of the camera's site"})
    site_id = fields.Int()
    status = _enum(CameraStatus)
    type = _enum(CameraType)
    category = _enum(SiteCategory)
    transmission = _enum(Transmission)
    bbox = fields.Str(metadata={"description": "min_lon,min_lat,max_lon,max_lat"})
    q = fields.Str(metadata={"description": "text in the asset number, make or model"})
    sort = fields.Str(metadata={"description": "field or -field, e.g. asset_number"})


# --- deployments -----------------------------------------------------------

class DeploymentSchema(Schema):
    id = fields.Int(dump_only=True)
    camera_id = fields.Int()
    asset_number = fields.Method("_asset", deserialize="_load_asset")
    site_id = fields.Int(allow_none=True)
    site_code = fields.Method("_site_code", dump_only=True)
    location = fields.Nested(LocationInSchema, load_only=True)
    position = fields.Method("_position", dump_only=True, data_key="location")
    started_on = fields.Date(required=True)
    ended_on = fields.Date(allow_none=True)
    reason = fields.Str(validate=validate.Length(max=500))
    version = fields.Int(dump_only=True)

    def _asset(self, deployment):
        return deployment.camera.asset_number

    def _load_asset(self, value):
        if not isinstance(value, str) or not value.strip():
            raise ValidationError("asset_number must be a non-empty string")
        return value

    def _site_code(self, deployment):
        return deployment.site.code if deployment.site else None

    def _position(self, deployment):
        if deployment.site is not None:
            s = deployment.site
            return {"lon": s.lon, "lat": s.lat, "easting": s.easting, "northing": s.northing}
        return {"lon": deployment.lon, "lat": deployment.lat,
                "easting": deployment.easting, "northing": deployment.northing}

    @validates_schema
    def _camera_given(self, data, partial=False, **_kwargs):
        if not partial and "camera_id" not in data and "asset_number" not in data:
            raise ValidationError("give camera_id or asset_number", field_name="camera_id")


class DeploymentQueryArgsSchema(Schema):
    camera_id = fields.Int()
    open = fields.Bool(metadata={"description": "only deployments not yet ended"})


class StandingSchema(Schema):
    deployment_id = fields.Int()
    asset_number = fields.Str()
    place = fields.Str()
    started_on = fields.Date()
    months_standing = fields.Int()


class StandingQueryArgsSchema(Schema):
    as_of = fields.Date(metadata={"description": "default: today"})
