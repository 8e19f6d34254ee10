"""Marshmallow schemas of the operations API."""

from __future__ import annotations

import datetime as dt

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from cctv_planner.api.common import QueryDate
from cctv_planner.api.common import enum_field as _enum
from cctv_planner.api.operations import fault_targets
from cctv_planner.domain import dates
from cctv_planner.domain.contracts import ContractService
from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.faults import FaultCategory, FaultStatus, Resolution, Severity, target_fix_by
from cctv_planner.domain.incidents import IncidentOrigin, IncidentType


class AwareDateTime(fields.AwareDateTime):
    """An ISO datetime; one without a zone is read as UTC."""

    def __init__(self, **kwargs):
        super().__init__(default_timezone=dt.UTC, **kwargs)




class PeriodArgsSchema(Schema):
    """London days from..to, inclusive, of at most 20 years (see ``domain.dates``)."""

    from_ = QueryDate(required=True, data_key="from", metadata={"description": "first day (London), YYYY-MM-DD, "
                                                                "1990-01-01 to 2100-12-31"})
    to = QueryDate(required=True, metadata={"description": "last day (London), inclusive; at most 20 years "
                                                          "after from"})

    def max_days(self, data) -> int:
        return dates.MAX_PERIOD_DAYS

    @validates_schema
    def _period(self, data, **_kwargs):
        if "from_" in data and "to" in data:
            try:
                dates.check_period(data["from_"], data["to"], self.max_days(data))
            except ValidationFailed as error:
                raise ValidationError(error.message, field_name=error.field) from None


# --- faults ----------------------------------------------------------------------

class FaultNoteSchema(Schema):
    id = fields.Int(dump_only=True)
    written_at = fields.DateTime(dump_only=True)
    author = fields.Str(dump_only=True)
    text = fields.Str(required=True, validate=validate.Length(1, 5000))


class FaultSchema(Schema):
    id = fields.Int(dump_only=True)
    reference = fields.Str(allow_none=True, validate=validate.Length(max=60))
    camera_id = fields.Int()
    asset_number = fields.Method("_asset", deserialize="_load_asset")
    detected_at = AwareDateTime(metadata={"description": "when the fault began (default: reported_at)"})
    reported_at = AwareDateTime(metadata={"description": "when it was reported (default: now)"})
    reported_by = fields.Str(validate=validate.Length(max=120))
    category = _enum(FaultCategory, required=True)
    severity = _enum(Severity, required=True)
    out_of_service = fields.Bool(metadata={"description": "the camera does not work (default true)"})
    description = fields.Str(validate=validate.Length(max=5000))
    contractor_id = fields.Int(allow_none=True)
    contractor = fields.Method("_contractor", dump_only=True)
    contract_id = fields.Int(allow_none=True)
    contract_reference = fields.Method("_contract", dump_only=True)
    status = _enum(FaultStatus, metadata={"description": "on create only (a historical fault); "
                                                         "afterwards POST /transitions"})
    resolved_at = AwareDateTime(allow_none=True)
    resolution = _enum(Resolution, allow_none=True)
    cost_pence = fields.Int(allow_none=True, validate=validate.Range(0, 10**12))
    target_fix_by = fields.Method("_target_fix_by", dump_only=True,
                                  metadata={"description": "reported_at plus the severity's target"})
    notes = fields.Nested(FaultNoteSchema, many=True, dump_only=True)
    version = fields.Int(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)

    def _asset(self, fault):
        return fault.camera.asset_number

    def _load_asset(self, value):
        if not isinstance(value, str) or not value.strip():
            raise ValidationError("asset_number must be a non-empty string")
        return value

    def _contractor(self, fault):
        return fault.contractor.name if fault.contractor else None

    def _target_fix_by(self, fault):
        return target_fix_by(fault.reported_at, fault.severity, fault_targets()).isoformat()

    def _contract(self, fault):
        return fault.contract.reference if fault.contract else None

    @validates_schema
    def _camera_given(self, data, partial=False, **_kwargs):
        if not partial and "camera_id" not in data and "asset_number" not in data:
            raise ValidationError("give camera_id or asset_number", field_name="camera_id")


class FaultUpdateSchema(FaultSchema):
    class Meta:
        exclude = ("camera_id", "asset_number", "status")


class FaultQueryArgsSchema(Schema):
    camera_id = fields.Int()
    asset_number = fields.Str()
    status = _enum(FaultStatus)
    open = fields.Bool(metadata={"description": "only live faults (open, assigned, awaiting parts)"})
    severity = _enum(Severity)
    category = _enum(FaultCategory)
    contractor_id = fields.Int()
    ward = fields.Str(metadata={"description": "ward code of the camera's site"})
    reported_from = QueryDate()
    reported_to = QueryDate()
    sort = fields.Str(metadata={"description": "field or -field: reported_at, detected_at, severity, status"})


class TransitionSchema(Schema):
    status = _enum(FaultStatus, required=True)
    at = AwareDateTime(metadata={"description": "when resolved (default: now)"})
    resolution = _enum(Resolution)
    cost_pence = fields.Int(validate=validate.Range(0, 10**12))
    contractor_id = fields.Int(metadata={"description": "assign this contractor"})
    note = fields.Str(validate=validate.Length(max=5000))


# --- contractors and contracts -------------------------------------------------------

class ContractorSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(1, 200))
    contact = fields.Str(validate=validate.Length(max=300))
    notes = fields.Str(validate=validate.Length(max=5000))
    version = fields.Int(dump_only=True)


class ContractSchema(Schema):
    id = fields.Int(dump_only=True)
    contractor_id = fields.Int(required=True)
    contractor = fields.Method("_contractor", dump_only=True)
    reference = fields.Str(required=True, validate=validate.Length(1, 60))
    title = fields.Str(validate=validate.Length(max=300))
    service = _enum(ContractService, required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(allow_none=True)
    value_cap_pence = fields.Int(allow_none=True, validate=validate.Range(0, 10**13))
    cost_code = fields.Str(validate=validate.Length(max=40))
    spent_pence = fields.Int(dump_only=True)
    remaining_pence = fields.Int(dump_only=True, allow_none=True)
    cap_used_share = fields.Float(dump_only=True, allow_none=True)
    version = fields.Int(dump_only=True)

    def _contractor(self, contract):
        return contract.contractor.name


class ContractQueryArgsSchema(Schema):
    contractor_id = fields.Int()
    service = _enum(ContractService)
    active_on = QueryDate(metadata={"description": "contracts running on this day"})


# --- incidents -----------------------------------------------------------------------

class IncidentSchema(Schema):
    id = fields.Int(dump_only=True)
    reference = fields.Str(allow_none=True, validate=validate.Length(max=60))
    occurred_at = AwareDateTime(required=True)
    incident_type = _enum(IncidentType, required=True)
    origin = _enum(IncidentOrigin, required=True,
                   metadata={"description": "proactive (operator spotted) or reactive (police request)"})
    police_reference = fields.Str(validate=validate.Length(max=60))
    arrest_made = fields.Bool()
    notes = fields.Str(validate=validate.Length(max=5000))
    camera_ids = fields.List(fields.Int(), load_only=True)
    asset_numbers = fields.List(fields.Str(validate=validate.Length(1, 32)))
    cameras = fields.Method("_cameras", dump_only=True)
    version = fields.Int(dump_only=True)

    def _cameras(self, incident):
        return [{"id": c.id, "asset_number": c.asset_number} for c in incident.cameras]

    @validates_schema
    def _cameras_given(self, data, partial=False, **_kwargs):
        if not partial and not data.get("camera_ids") and not data.get("asset_numbers"):
            raise ValidationError("give camera_ids or asset_numbers", field_name="camera_ids")


class IncidentQueryArgsSchema(Schema):
    from_ = QueryDate(data_key="from")
    to = QueryDate()
    type = _enum(IncidentType)
    origin = _enum(IncidentOrigin)
    camera_id = fields.Int()
    arrest_made = fields.Bool()


class TypeCountSchema(Schema):
    type = fields.Str()
    label = fields.Str()
    count = fields.Int()
    percent = fields.Int(metadata={"description": "whole per cent, halves up, as published"})
    share = fields.Float()


class IncidentStatsSchema(Schema):
    from_ = fields.Date(data_key="from", attribute="from")
    to = fields.Date()
    count = fields.Int()
    by_type = fields.List(fields.Nested(TypeCountSchema))
    by_hour = fields.List(fields.Int(), metadata={"description": "24 counts, London clock hours"})
    proactive = fields.Int()
    reactive = fields.Int()
    proactive_share = fields.Float(allow_none=True)
    arrests = fields.Int()
    quietest_hours = fields.Str(allow_none=True, metadata={"description": "the quietest 9 hours, e.g. 00:00-09:00"})


# --- availability and dashboard --------------------------------------------------------

class AvailabilityArgsSchema(PeriodArgsSchema):
    step = fields.Str(load_default="day", validate=validate.OneOf(("day", "week")),
                      metadata={"description": "series sampled each day (then at most 5 years), "
                                               "or at the end of each week"})
    cameras = fields.Bool(load_default=True, metadata={"description": "include the per-camera rows"})

    def max_days(self, data) -> int:
        return dates.MAX_DAILY_PERIOD_DAYS if data.get("step", "day") == "day" else dates.MAX_PERIOD_DAYS


class FaultMeasuresSchema(Schema):
    faults_reported = fields.Int()
    faults_resolved = fields.Int()
    open_at_end = fields.Int()
    mttr_hours = fields.Float(allow_none=True)
    within_target_share = fields.Float(allow_none=True)
    mean_report_delay_hours = fields.Float(allow_none=True)


class EstateSchema(FaultMeasuresSchema):
    cameras = fields.Int()
    availability = fields.Float(allow_none=True)
    downtime_hours = fields.Float()
    mtbf_hours = fields.Float(allow_none=True)


class WardAvailabilitySchema(FaultMeasuresSchema):
    ward = fields.Str()
    cameras = fields.Int()
    availability = fields.Float(allow_none=True)


class ContractorMeasuresSchema(FaultMeasuresSchema):
    contractor = fields.Str()


class CameraAvailabilitySchema(Schema):
    camera_id = fields.Int()
    asset_number = fields.Str()
    ward = fields.Str()
    availability = fields.Float(allow_none=True)
    downtime_hours = fields.Float()
    hours_in_estate = fields.Float()


class SeriesPointSchema(Schema):
    day = fields.Date()
    operational = fields.Int()
    total = fields.Int()


class AvailabilitySchema(Schema):
    from_ = fields.Date(data_key="from", attribute="from")
    to = fields.Date()
    hours = fields.Float()
    estate = fields.Nested(EstateSchema)
    by_ward = fields.List(fields.Nested(WardAvailabilitySchema))
    by_contractor = fields.List(fields.Nested(ContractorMeasuresSchema))
    cameras = fields.List(fields.Nested(CameraAvailabilitySchema))
    series = fields.List(fields.Nested(SeriesPointSchema))


class DashboardSchema(Schema):
    as_of = fields.DateTime()
    fixed_cameras = fields.Dict()
    open_faults = fields.Dict()
    faults_past_target = fields.Dict()
    incidents = fields.Dict()
    reviews = fields.Dict(allow_none=True, metadata={
        "description": "operational reviews overdue (never reviewed counts) and due in the next 30 days, with the most overdue cameras"})
