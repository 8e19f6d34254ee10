"""Marshmallow schemas of the reviews API."""

from __future__ import annotations

import datetime as dt

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from cctv_planner.domain import dates
from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.register import AutomatedProcessing
from cctv_planner.domain.reviews import (
    STANDARD_MITIGATIONS,
    MitigationStatus,
    PrivacyOutcome,
    ReviewDecision,
    ReviewState,
    SurveillanceObjective,
)
from cctv_planner.services import reviews


class _StoredEnum(fields.Enum):
    """An enum whose stored form may be its plain value (inside a JSON column)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, str) and not isinstance(value, self.enum):
            value = self.enum(value)
        return super()._serialize(value, attr, obj, **kwargs)


def _enum(enum, **kwargs):
    return _StoredEnum(enum, by_value=True, **kwargs)


def _text(limit: int | None = None, **kwargs):
    return fields.Str(validate=validate.Length(max=limit) if limit else None, **kwargs)


class MitigationSchema(Schema):
    number = fields.Int(required=True, strict=True, validate=validate.Range(1, 7),
                        metadata={"description": "the standard solution's number, 1-7"})
    text = fields.Method("_text", dump_only=True)
    status = _enum(MitigationStatus, allow_none=True)
    note = _text(2000)

    def _text(self, item) -> str:
        return STANDARD_MITIGATIONS[item["number"]]


class ActionSchema(Schema):
    number = fields.Int(dump_only=True)
    description = fields.Str(required=True, validate=validate.Length(1, 1000))
    due_on = fields.Date(allow_none=True)
    done_on = fields.Date(allow_none=True)
    done_note = _text(1000)


class SignOffSchema(Schema):
    signed_by = fields.Str(allow_none=True)
    signed_at = fields.DateTime(allow_none=True)


class ReviewSchema(Schema):
    """A review in the SCC/ICO template's order."""

    id = fields.Int(dump_only=True)
    camera_id = fields.Int(load_only=True)
    asset_number = fields.Str(load_only=True, validate=validate.Length(1, 32))
    camera = fields.Method("_camera", dump_only=True)
    state = _enum(ReviewState, dump_only=True)
    review_date = fields.Date(allow_none=True, metadata={"description": "the template's 'Date of last audit'"})
    reviewer = _text(200)
    site_visit_done = fields.Bool(allow_none=True)
    camera_number = _text(200, metadata={"description": "Camera No and site, e.g. 'BO69 Burnt Oak Town Centre'"})
    location_detail = _text(500)
    operational_requirement = _text(10000, metadata={"description": "Camera Operational Requirement / Why needed"})
    primary_views = _text(10000, metadata={"description": "Camera Primary View/s / Specific Purpose/s"})
    automated_processing = _enum(AutomatedProcessing, allow_none=True)
    automated_processing_note = _text(500)
    recording_hours = _text(50)
    retention_days = fields.Int(allow_none=True, strict=True, validate=validate.Range(1, 3650))
    recording_location = _text(200)
    frames_per_second = fields.Int(allow_none=True, strict=True, validate=validate.Range(1, 60))
    surveillance_objectives = fields.List(_enum(SurveillanceObjective), allow_none=True)
    surveillance_objectives_other = _text(500)
    meets_requirement = fields.Bool(allow_none=True)
    meets_requirement_narrative = _text(10000)
    privacy_risks = _text(10000)
    mitigations = fields.List(fields.Nested(MitigationSchema), allow_none=True,
                              metadata={"description": "on PATCH, only the solutions given change"})
    privacy_outcome = _enum(PrivacyOutcome, allow_none=True)
    privacy_outcome_narrative = _text(10000)
    justification = _text(10000)
    decision = _enum(ReviewDecision, allow_none=True)
    actions = fields.List(fields.Nested(ActionSchema), allow_none=True,
                          metadata={"description": "on PATCH, replaces the list"})
    sign_offs = fields.Method("_sign_offs", dump_only=True)
    missing = fields.Method("_missing", dump_only=True,
                            metadata={"description": "what must be filled in before signing"})
    supersedes_id = fields.Int(dump_only=True, allow_none=True)
    superseded_by_id = fields.Method("_superseded_by", dump_only=True)
    version = fields.Int(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)

    def _camera(self, review):
        camera = review.camera
        site = camera.site
        return {"id": camera.id, "asset_number": camera.asset_number, "status": camera.status.value,
                "site": site.name if site else None,
                "ward_code": site.ward.code if site and site.ward else None}

    def _sign_offs(self, review):
        return {"spoc": {"signed_by": review.spoc_signed_by or None, "signed_at": _iso(review.spoc_signed_at)},
                "dpo": {"signed_by": review.dpo_signed_by or None, "signed_at": _iso(review.dpo_signed_at)}}

    def _missing(self, review):
        if review.state is not ReviewState.DRAFT:
            return {}
        return reviews.missing_fields(review, dt.date.today())

    def _superseded_by(self, review):
        return review.superseded_by.id if review.superseded_by else None


class ReviewCreateSchema(ReviewSchema):
    @validates_schema
    def _camera_given(self, data, **_kwargs):
        if "camera_id" not in data and "asset_number" not in data:
            raise ValidationError("give camera_id or asset_number", field_name="camera_id")


def _iso(value):
    return None if value is None else value.isoformat()


class ReviewQueryArgsSchema(Schema):
    camera_id = fields.Int()
    asset_number = fields.Str()
    ward = fields.Str(metadata={"description": "ward code of the camera's site"})
    decision = _enum(ReviewDecision)
    state = _enum(ReviewState)


class ActionDoneSchema(Schema):
    done_on = fields.Date(required=True, allow_none=True,
                          metadata={"description": "when the action was carried out; null clears it"})
    note = _text(1000)


class ExportArgsSchema(Schema):
    format = fields.Str(load_default="xlsx", validate=validate.OneOf(("xlsx", "json")))


# --- reports -------------------------------------------------------------------

def _accepted_day(field: str):
    """A validator: the day lies within the years the product accepts (``domain.dates``)."""

    def check(day) -> None:
        try:
            dates.check_date(day, field)
        except ValidationFailed as error:
            raise ValidationError(error.message) from None

    return check


class AsOfArgsSchema(Schema):
    as_of = fields.Date(validate=_accepted_day("as_of"),
                        metadata={"description": "the day to report as of (default: today), 1990-01-01 to 2100-12-31"})


class DueArgsSchema(AsOfArgsSchema):
    days = fields.Int(load_default=30, validate=validate.Range(0, 3660),
                      metadata={"description": "due within this many days (default 30)"})


class ReviewDueSchema(Schema):
    camera_id = fields.Int()
    asset_number = fields.Str()
    site_name = fields.Str()
    ward_code = fields.Str(allow_none=True)
    ward_name = fields.Str(allow_none=True)
    last_reviewed_on = fields.Date(allow_none=True)
    last_review_id = fields.Int(allow_none=True)
    due_on = fields.Date(allow_none=True, metadata={"description": "null: never reviewed, due now"})
    never_reviewed = fields.Bool()
    overdue = fields.Bool()
    days_until_due = fields.Int(allow_none=True, metadata={"description": "negative when overdue"})


class ActionFactsSchema(Schema):
    number = fields.Int()
    description = fields.Str()
    due_on = fields.Date(allow_none=True)


class DecisionOutstandingSchema(Schema):
    review_id = fields.Int()
    camera_id = fields.Int()
    asset_number = fields.Str()
    ward_code = fields.Str(allow_none=True)
    decision = fields.Str()
    review_date = fields.Date()
    days_since_review = fields.Int()
    actions_open = fields.List(fields.Nested(ActionFactsSchema))
    actions_overdue = fields.Int()


class MitigationOutstandingSchema(Schema):
    number = fields.Int()
    text = fields.Str()
    count = fields.Int()
    cameras = fields.List(fields.Str())


class EvidenceSummarySchema(Schema):
    since = fields.Str(metadata={"description": "ISO date, first day of the period"})
    until = fields.Str(metadata={"description": "ISO date: the review date (today for an undated draft)"})
    faults = fields.Int()
    outages = fields.Int(metadata={"description": "faults that took the camera out of service"})
    faults_open = fields.Int()
    incidents = fields.Int()
    incidents_by_type = fields.Dict(keys=fields.Str(), values=fields.Int())
    arrests = fields.Int()


class ReviewEvidenceSchema(Schema):
    summary = fields.Nested(EvidenceSummarySchema)
    faults = fields.List(fields.Dict(), metadata={"description": "as GET /api/faults/{id}, oldest first"})
    incidents = fields.List(fields.Dict(), metadata={"description": "as GET /api/incidents/{id}, oldest first"})
