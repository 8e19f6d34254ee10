"""Marshmallow schemas of the site-requests API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from cctv_planner.api.common import QueryDate
from cctv_planner.api.common import enum_field as _enum
from cctv_planner.api.register.schemas import LocationInSchema, WardRefSchema
from cctv_planner.domain.register import CameraType, Mounting, Power
from cctv_planner.domain.site_requests.principles import PRINCIPLE_KEYS
from cctv_planner.domain.site_requests.vocabulary import (
    CostItem,
    DeploymentOption,
    FundingOutcome,
    FundingSource,
    RequestState,
    Response,
    RiskRating,
)
from cctv_planner.domain.site_requests.workflow import allowed_actions


def _text(max_length: int, **kwargs):
    return fields.Str(validate=validate.Length(max=max_length), **kwargs)


class PersonSchema(Schema):
    id = fields.Int()
    username = fields.Str()
    display_name = fields.Str()


class CommitteeRefSchema(Schema):
    id = fields.Int()
    code = fields.Str()
    name = fields.Str()


class CostLineSchema(Schema):
    item = _enum(CostItem, required=True)
    capital_pounds = fields.Int(validate=validate.Range(0, 10_000_000))
    revenue_pounds_per_year = fields.Int(validate=validate.Range(0, 10_000_000))
    basis = _text(500)
    default_capital_pounds = fields.Int(dump_only=True)
    default_revenue_pounds_per_year = fields.Int(dump_only=True)


class PrincipleAssessmentSchema(Schema):
    met = fields.Bool(required=True)
    evidence = _text(4000)
    exception = _text(4000, metadata={"description": "why the proposal goes ahead though the principle is not met"})


# One assessment per guiding principle, keyed as domain/site_requests/principles.py names them.
PrinciplesInSchema = Schema.from_dict({key: fields.Nested(PrincipleAssessmentSchema) for key in PRINCIPLE_KEYS},
                                      name="PrinciplesIn")


class SiteRequestCreateSchema(Schema):
    title = fields.Str(required=True, validate=validate.Length(1, 200))
    description = _text(10_000)
    concerns = _text(10_000)
    address = _text(300)
    location = fields.Nested(LocationInSchema, required=True)
    note = _text(4000)


class StepSchema(Schema):
    """Fields every step may carry."""

    note = _text(4000)
    review_due = fields.Date(allow_none=True, metadata={"description": "the next review date agreed with the member"})


class InvestigationSchema(StepSchema):
    desk_review = _text(10_000, metadata={"description": "the desk-top evidence-based, intelligence-led review"})


class FindingsSchema(StepSchema):
    desk_review = _text(10_000)
    site_visit_on = fields.Date(allow_none=True)
    site_visit_attendees = _text(500)
    risk_rating = _enum(RiskRating, allow_none=True)
    risk_reasons = _text(10_000)


class RecommendationSchema(StepSchema):
    responses = fields.List(_enum(Response), required=True, validate=validate.Length(min=1))
    future_look_on = fields.Date(allow_none=True, metadata={"description": "required when the response is none"})
    risk_rating = _enum(RiskRating, allow_none=True)
    risk_reasons = _text(10_000)


class ProposalSchema(StepSchema):
    deployment_option = _enum(DeploymentOption, required=True)
    cameras = fields.Int(validate=validate.Range(1, 20), load_default=1)
    existing_site_code = fields.Str(metadata={"description": "for an extra camera on an existing column"})
    temporary_reason = _text(4000, metadata={"description": "required for a stand-alone camera (principle 6)"})
    fibre_not_chosen_reason = _text(4000, metadata={"description": "required for a new site not on fibre"})
    principles = fields.Nested(PrinciplesInSchema, required=True)
    funding_needed = fields.Bool(required=True)
    cost_lines = fields.List(fields.Nested(CostLineSchema),
                             metadata={"description": "quotes replacing the default lines, by item"})


class SubmissionSchema(StepSchema):
    pass


class FundingDecisionSchema(StepSchema):
    meeting_on = fields.Date(required=True)
    outcome = _enum(FundingOutcome, required=True)
    amount_pounds = fields.Int(validate=validate.Range(0, 10_000_000))
    source = _enum(FundingSource, allow_none=True)
    minute_reference = _text(100)
    reason = _text(4000)


class ImplementationSchema(StepSchema):
    works_order = _text(100)
    contractor = _text(200)
    target_date = fields.Date()


class CompletionSiteSchema(Schema):
    code = fields.Str(required=True, validate=validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9_\-/]{0,31}$"))
    name = fields.Str(validate=validate.Length(1, 200))
    location_detail = _text(500)
    location = fields.Nested(LocationInSchema, metadata={"description": "default: the request's point"})
    mounting = _enum(Mounting)
    power = _enum(Power)
    wayleave_needed = fields.Bool()
    signage_in_place = fields.Bool()


class CompletionCameraSchema(Schema):
    asset_number = fields.Str(required=True, validate=validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,31}$"))
    camera_type = _enum(CameraType)
    make = _text(100)
    model = _text(100)
    serial_number = _text(100)
    bearing_deg = fields.Float(allow_none=True, validate=validate.Range(0, 360, max_inclusive=False))
    field_of_view_deg = fields.Float(allow_none=True, validate=validate.Range(0, 360, min_inclusive=False))
    range_m = fields.Float(allow_none=True, validate=validate.Range(0, 2000, min_inclusive=False))
    retention_days = fields.Int(validate=validate.Range(1, 3650))
    recording_location = _text(200)


class CompletionSchema(StepSchema):
    installed_on = fields.Date(required=True)
    site = fields.Nested(CompletionSiteSchema, metadata={"description": "the new site (not for an existing column)"})
    cameras = fields.List(fields.Nested(CompletionCameraSchema), required=True, validate=validate.Length(1, 20))


class WithdrawalSchema(StepSchema):
    reason = _text(4000)


class ReopeningSchema(StepSchema):
    pass


class CameraRefSchema(Schema):
    id = fields.Int()
    asset_number = fields.Str()
    first_review_due = fields.Date()
    installed_on = fields.Date()


class FundingDecisionOutSchema(Schema):
    id = fields.Int()
    meeting_on = fields.Date()
    outcome = _enum(FundingOutcome)
    amount_pounds = fields.Int()
    source = _enum(FundingSource, allow_none=True)
    minute_reference = fields.Str()
    reason = fields.Str()


class SiteRequestSchema(Schema):
    id = fields.Int()
    state = _enum(RequestState)
    next_actions = fields.Method("_next")
    title = fields.Str()
    description = fields.Str()
    concerns = fields.Str()
    address = fields.Str()
    location = fields.Method("_location")
    ward = fields.Nested(WardRefSchema, allow_none=True)
    area_committee = fields.Nested(CommitteeRefSchema, allow_none=True)
    raised_by = fields.Nested(PersonSchema)
    cst_officer = fields.Nested(PersonSchema, allow_none=True)
    committee_lead = fields.Nested(PersonSchema, allow_none=True)
    raised_at = fields.DateTime()
    state_changed_at = fields.DateTime()
    review_due = fields.Date(allow_none=True)
    desk_review = fields.Str()
    site_visit_on = fields.Date(allow_none=True)
    site_visit_attendees = fields.Str()
    risk_rating = _enum(RiskRating, allow_none=True)
    risk_reasons = fields.Str()
    responses = fields.List(fields.Str())
    recommendation_note = fields.Str()
    future_look_on = fields.Date(allow_none=True)
    deployment_option = _enum(DeploymentOption, allow_none=True)
    cameras_proposed = fields.Int()
    existing_site_code = fields.Method("_existing_site")
    temporary_reason = fields.Str()
    fibre_not_chosen_reason = fields.Str()
    principles = fields.List(fields.Dict())
    funding_needed = fields.Bool(allow_none=True)
    works_order = fields.Str()
    contractor = fields.Str()
    target_date = fields.Date(allow_none=True)
    installed_on = fields.Date(allow_none=True)
    site_code = fields.Method("_site")
    cameras = fields.List(fields.Nested(CameraRefSchema))
    closed_reason = fields.Str()
    version = fields.Int()

    def _next(self, request):
        return [a.value for a in allowed_actions(request.state)]

    def _location(self, request):
        return {"lon": request.lon, "lat": request.lat, "easting": request.easting, "northing": request.northing}

    def _existing_site(self, request):
        return request.existing_site.code if request.existing_site else None

    def _site(self, request):
        return request.site.code if request.site else None


class SiteRequestQueryArgsSchema(Schema):
    state = _enum(RequestState)
    ward = fields.Str(metadata={"description": "ward code"})
    area_committee = fields.Str(metadata={"description": "area committee code"})
    overdue = fields.Bool(metadata={"description": "only requests past their agreed review date"})
    sort = fields.Str(metadata={"description": "field or -field: id, raised_at, state, review_due"})


class EventSchema(Schema):
    id = fields.Int()
    occurred_at = fields.DateTime()
    actor = fields.Str(attribute="actor_name")
    actor_id = fields.Int(allow_none=True)
    action = fields.Str()
    from_state = _enum(RequestState, allow_none=True)
    to_state = _enum(RequestState)
    note = fields.Str()
    details = fields.Dict()


class EvidenceSchema(Schema):
    id = fields.Int()
    computed_at = fields.DateTime()
    parameters = fields.Dict()
    figures = fields.Dict()


class CostEstimateSchema(Schema):
    request_id = fields.Int()
    deployment_option = _enum(DeploymentOption, allow_none=True)
    cameras = fields.Int()
    funding_needed = fields.Bool(allow_none=True)
    lines = fields.List(fields.Nested(CostLineSchema))
    capital_pounds = fields.Int()
    revenue_pounds_per_year = fields.Int()
    funding_decisions = fields.List(fields.Nested(FundingDecisionOutSchema))


class CostDefaultsArgsSchema(Schema):
    option = _enum(DeploymentOption, required=True)
    cameras = fields.Int(validate=validate.Range(1, 20), load_default=1)


class WardSummaryArgsSchema(Schema):
    ward = fields.Str(metadata={"description": "ward code (a member: default their own ward)"})


class AsOfArgsSchema(Schema):
    as_of = QueryDate(metadata={"description": "default: today"})
