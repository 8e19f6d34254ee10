"""Members' site requests: raise, follow and take each step of the agreed process.

Each step is ``POST /api/site-requests/{id}/<action>``; a step not allowed
from the current state is 409 with a message naming what is allowed; a role
that never takes the step is 403. ``If-Match`` with the request's ETag guards
against two people acting on a stale copy.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView
from flask_smorest import Blueprint

from cctv_planner.api.auth import authenticated_user, roles
from cctv_planner.api.common import apply_sort, check_if_match, paginate, with_etag
from cctv_planner.api.site_requests import schemas as s
from cctv_planner.domain.errors import NotFound, ValidationFailed
from cctv_planner.domain.register import Role
from cctv_planner.domain.site_requests import costs
from cctv_planner.domain.site_requests.vocabulary import CLOSED_STATES, Action
from cctv_planner.domain.site_requests.workflow import ACTION_ROLES, NotPermitted
from cctv_planner.extensions import db
from cctv_planner.models import AreaCommittee, SiteRequest, Ward
from cctv_planner.models.base import utcnow
from cctv_planner.services import register, site_request_reports
from cctv_planner.services import site_request_evidence as evidence
from cctv_planner.services import site_requests as service

blp = Blueprint("site_requests", __name__, url_prefix="/api/site-requests",
                description="Members' site requests, from issue raised to camera installed.")

READERS = (Role.MEMBER, Role.CST_OFFICER, Role.CCTV_MANAGER, Role.AREA_COMMITTEE, Role.FINANCE, Role.ADMIN)
OFFICERS = (Role.CST_OFFICER, Role.CCTV_MANAGER, Role.ADMIN)
COSTS = (Role.CST_OFFICER, Role.CCTV_MANAGER, Role.FINANCE, Role.AREA_COMMITTEE, Role.MEMBER, Role.ADMIN)
REPORTS = (Role.CST_OFFICER, Role.CCTV_MANAGER, Role.FINANCE, Role.AREA_COMMITTEE, Role.ADMIN)

SORTABLE = {"id": SiteRequest.id, "raised_at": SiteRequest.raised_at, "state": SiteRequest.state,
            "review_due": SiteRequest.review_due}
ETAG = "site_request"


def _query(args):
    user = authenticated_user()
    query = service.visible_query(db.session, user)
    if args.get("state") is not None:
        query = query.where(SiteRequest.state == args["state"])
    if args.get("ward"):
        query = query.where(SiteRequest.ward_id.in_(sa.select(Ward.id).where(Ward.code == args["ward"])))
    if args.get("area_committee"):
        query = query.where(SiteRequest.area_committee_id.in_(
            sa.select(AreaCommittee.id).where(AreaCommittee.code == args["area_committee"])))
    if args.get("overdue"):
        query = query.where(SiteRequest.state.not_in(list(CLOSED_STATES)),
                            SiteRequest.review_due < service.today())
    return apply_sort(query, args.get("sort"), SORTABLE, default=(SiteRequest.id,))


@blp.route("")
class SiteRequests(MethodView):
    @roles(READERS)
    @blp.arguments(s.SiteRequestQueryArgsSchema, location="query")
    @blp.response(200, s.SiteRequestSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=500)
    def get(self, args, pagination_parameters):
        """List the requests you may see: a member their own; CST officers, the CCTV manager and finance all;
        an area committee the proposals put to it. Filter by state, ward, area committee or overdue."""
        return paginate(db.session, _query(args), pagination_parameters)

    @roles(Role.MEMBER)
    @blp.arguments(s.SiteRequestCreateSchema)
    @blp.response(201, s.SiteRequestSchema)
    def post(self, data):
        """Raise an issue at a place (step 1). The ward and area committee come from the point, and the
        ward's CST officer and the committee lead are assigned and told."""
        request = service.raise_request(db.session, authenticated_user(), data)
        db.session.commit()
        return with_etag(ETAG, request, 201)


@blp.route("/<int:request_id>")
class SiteRequestById(MethodView):
    @roles(READERS)
    @blp.response(200, s.SiteRequestSchema)
    def get(self, request_id):
        """Get a request (a member only their own: another member's is 403)."""
        return with_etag(ETAG, service.get_visible(db.session, authenticated_user(), request_id))


@blp.route("/<int:request_id>/events")
class SiteRequestEvents(MethodView):
    @roles(READERS)
    @blp.response(200, s.EventSchema(many=True))
    def get(self, request_id):
        """Every step taken: who, when, from which state to which, and the note."""
        request = service.get_visible(db.session, authenticated_user(), request_id)
        return service.events(db.session, request)


@blp.route("/<int:request_id>/evidence")
class SiteRequestEvidence(MethodView):
    @roles(OFFICERS + (Role.MEMBER, Role.AREA_COMMITTEE))
    @blp.response(200, s.EvidenceSchema)
    def get(self, request_id):
        """The evidence attached when the investigation started: weighted crime and density around the
        point, Gi* status, camera coverage, nearby cameras and earlier requests at the same place."""
        request = service.get_visible(db.session, authenticated_user(), request_id)
        snapshot = evidence.latest(db.session, request)
        if snapshot is None:
            raise NotFound(f"site request {request_id} has no evidence yet: it is attached at investigation")
        return snapshot

    @roles(OFFICERS)
    @blp.response(201, s.EvidenceSchema)
    def post(self, request_id):
        """Recompute the evidence now (e.g. after new crime data is imported) and keep it as the latest
        snapshot; earlier snapshots are kept. Not for a closed request."""
        request = service.get_visible(db.session, authenticated_user(), request_id)
        snapshot = evidence.retake(db.session, request)
        db.session.commit()
        return snapshot, 201


@blp.route("/<int:request_id>/cost-estimate")
class SiteRequestCostEstimate(MethodView):
    @roles(COSTS)
    @blp.response(200, s.CostEstimateSchema)
    def get(self, request_id):
        """The proposal's itemised cost estimate (whole pounds) and any funding decisions."""
        request = service.get_visible(db.session, authenticated_user(), request_id)
        lines = request.cost_lines
        return {"request_id": request.id, "deployment_option": request.deployment_option,
                "cameras": request.cameras_proposed, "funding_needed": request.funding_needed, "lines": lines,
                "capital_pounds": sum(x.capital_pounds for x in lines),
                "revenue_pounds_per_year": sum(x.revenue_pounds_per_year for x in lines),
                "funding_decisions": service.funding_decisions(db.session, request)}


@blp.route("/cost-defaults")
class CostDefaults(MethodView):
    @roles(COSTS)
    @blp.arguments(s.CostDefaultsArgsSchema, location="query")
    @blp.response(200, s.CostEstimateSchema)
    def get(self, args):
        """The default estimate for a deployment option, from the business case's unit rates."""
        lines = costs.default_estimate(args["option"], args["cameras"])
        capital, revenue = costs.totals(lines)
        return {"deployment_option": args["option"], "cameras": args["cameras"], "capital_pounds": capital,
                "revenue_pounds_per_year": revenue,
                "lines": [{"item": x.item, "capital_pounds": x.capital_pounds,
                           "revenue_pounds_per_year": x.revenue_pounds_per_year, "basis": x.basis,
                           "default_capital_pounds": x.capital_pounds,
                           "default_revenue_pounds_per_year": x.revenue_pounds_per_year} for x in lines]}


@blp.route("/ward-summary")
class WardSummary(MethodView):
    @roles(READERS)
    @blp.arguments(s.WardSummaryArgsSchema, location="query")
    @blp.response(200)
    def get(self, args):
        """Requests in a ward without anyone's personal details: counts by state and an outline of each."""
        user = authenticated_user()
        code = args.get("ward") or (user.ward.code if user.ward else None)
        if code is None:
            raise ValidationFailed("name a ward", field="ward")
        return service.ward_summary(db.session, register.ward_by_code(db.session, code))


@blp.route("/overdue")
class Overdue(MethodView):
    @roles(READERS)
    @blp.arguments(s.AsOfArgsSchema, location="query")
    @blp.response(200, s.SiteRequestSchema(many=True))
    def get(self, args):
        """Requests past their agreed review date without progress (of those you may see)."""
        return service.overdue(db.session, authenticated_user(), args.get("as_of") or service.today())


@blp.route("/reports")
class Reports(MethodView):
    @roles(REPORTS)
    @blp.response(200)
    def get(self):
        """Pipeline by state, ward and area committee; days in each state (median, 90th percentile);
        funding approved by area committee and source; conversion from raised to installed."""
        return site_request_reports.all_reports(db.session, utcnow())


# --- one route per step ----------------------------------------------------

STEP_SCHEMAS = {
    Action.INVESTIGATION: (s.InvestigationSchema, "Start the investigation (step 2): the desk-top review; the "
                           "evidence is attached automatically."),
    Action.FINDINGS: (s.FindingsSchema, "Record the site visit (date, attendees) and the risk rating with "
                      "reasons."),
    Action.RECOMMENDATION: (s.RecommendationSchema, "Recommend responses (step 3): CCTV leads to a proposal; "
                            "none closes the request as logged and monitored, with a date for a future look."),
    Action.PROPOSAL: (s.ProposalSchema, "Propose CCTV (step 4): the deployment option, the six principles each "
                      "met with evidence or an exception, the itemised cost estimate, and whether area-committee "
                      "funding is needed. Refused (422) while a principle is unmet without an exception."),
    Action.SUBMISSION: (s.SubmissionSchema, "Put the proposal to the area committee (the Members item)."),
    Action.FUNDING_DECISION: (s.FundingDecisionSchema, "Record the area committee's decision: meeting date, "
                              "approved or declined, amount, source, minute reference. Declined closes it."),
    Action.IMPLEMENTATION: (s.ImplementationSchema, "Into the works programme: works order, contractor, "
                            "target date."),
    Action.COMPLETION: (s.CompletionSchema, "Installed: the site and camera(s) go into the register, linked to "
                        "the request; each new camera's first review is due within 3 months."),
    Action.WITHDRAWAL: (s.WithdrawalSchema, "The member withdraws the request (until it is funded)."),
    Action.REOPENING: (s.ReopeningSchema, "Look again at a logged-and-monitored place."),
}


def _step_view(action: Action, schema, doc: str):
    def post(self, data, request_id):
        user = authenticated_user()
        request = db.session.get(SiteRequest, request_id)
        if request is None:
            raise NotFound(f"no site request with id {request_id}")
        if Role.MEMBER in user.role_names and not (user.role_names - {Role.MEMBER}) \
                and request.raised_by_id != user.id:
            raise NotPermitted(f"site request {request_id} is not yours")
        check_if_match(ETAG, request)
        service.take_action(db.session, request, action, user, data)
        db.session.commit()
        return with_etag(ETAG, request)

    post.__doc__ = doc
    post = blp.response(200, s.SiteRequestSchema)(post)
    post = blp.arguments(schema)(post)
    post = roles(ACTION_ROLES[action])(post)
    name = "".join(part.title() for part in action.value.split("-")) + "Step"
    view = type(name, (MethodView,), {"post": post, "__doc__": doc})
    blp.route(f"/<int:request_id>/{action.value}")(view)
    return view


STEP_VIEWS = {action: _step_view(action, schema, doc) for action, (schema, doc) in STEP_SCHEMAS.items()}
