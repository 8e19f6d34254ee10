"""Use cases of members' site requests: raise, take each step, read with the right scope.

Every step goes through :func:`take_action`: the domain table decides whether
it is allowed (403 wrong role, 409 wrong state), the step's handler checks
and stores what it records, then one event and the notices are written. A
refused step changes nothing (the caller rolls back; handlers validate before
they write). Services flush, never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cctv_planner.domain import geo
from cctv_planner.domain.errors import InvalidTransition, NotFound, ValidationFailed
from cctv_planner.domain.register import (
    CameraStatus,
    CameraType,
    Mounting,
    Power,
    Role,
    SiteStatus,
    Transmission,
)
from cctv_planner.domain.site_requests import costs, dates, principles, workflow
from cctv_planner.domain.site_requests.vocabulary import (
    CLOSED_STATES,
    Action,
    CostItem,
    DeploymentOption,
    FundingOutcome,
    RequestState,
    Response,
    RiskRating,
)
from cctv_planner.domain.site_requests.workflow import NotPermitted
from cctv_planner.models import (
    AreaCommittee,
    AreaCommitteeUser,
    CostEstimateLine,
    FundingDecision,
    SiteRequest,
    SiteRequestCamera,
    SiteRequestEvent,
    User,
    UserRole,
    Ward,
)
from cctv_planner.models.base import utcnow
from cctv_planner.services import register
from cctv_planner.services import site_request_evidence as evidence
from cctv_planner.services.notices import queue_notices

#: Roles that see every request (and its people).
SEE_ALL = frozenset({Role.ADMIN, Role.CCTV_MANAGER, Role.CST_OFFICER, Role.FINANCE})


def today() -> dt.date:
    return utcnow().date()


# --- who is assigned -------------------------------------------------------

def committee_of(session: Session, user: User) -> int | None:
    """The area committee a user serves, if any."""
    return session.scalar(sa.select(AreaCommitteeUser.area_committee_id).where(AreaCommitteeUser.user_id == user.id))


def assign_committee(session: Session, user: User, committee_code: str) -> AreaCommitteeUser:
    """Record which area committee a user serves (replacing any earlier one)."""
    committee = session.scalar(sa.select(AreaCommittee).where(AreaCommittee.code == committee_code))
    if committee is None:
        raise ValidationFailed(f"unknown area committee {committee_code!r}", field="area_committee")
    committee_id = committee.id
    link = session.get(AreaCommitteeUser, user.id)
    if link is None:
        link = AreaCommitteeUser(user_id=user.id, area_committee_id=committee_id)
        session.add(link)
    link.area_committee_id = committee_id
    session.flush()
    return link


def _users_with_role(role: Role):
    return (sa.select(User).join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == role, User.active.is_(True)).order_by(User.username))


def cst_officer_for(session: Session, ward: Ward | None) -> User | None:
    """The ward's CST officer; failing that, one in a ward of the same area committee.

    The papers: the CST "structured their organisation to align with the
    Area Committee structure and within that the Wards through the allocation
    of Ward Officers and Team Leaders" (L2467). A CST officer's ward is their
    user record's ward.
    """
    if ward is None:
        return None
    officer = session.scalar(_users_with_role(Role.CST_OFFICER).where(User.ward_id == ward.id))
    if officer is None and ward.area_committee_id is not None:
        officer = session.scalar(_users_with_role(Role.CST_OFFICER).join(Ward, User.ward_id == Ward.id)
                                 .where(Ward.area_committee_id == ward.area_committee_id))
    return officer


def committee_lead_for(session: Session, area_committee_id: int | None) -> User | None:
    if area_committee_id is None:
        return None
    return session.scalar(
        sa.select(User).join(AreaCommitteeUser, AreaCommitteeUser.user_id == User.id)
        .where(AreaCommitteeUser.area_committee_id == area_committee_id, User.active.is_(True))
        .order_by(User.username))


# --- raising ---------------------------------------------------------------

def raise_request(session: Session, user: User, data: Mapping[str, Any], *,
                  at: dt.datetime | None = None) -> SiteRequest:
    """Step 1: a member raises an issue at a point; ward, committee and officers follow from it.

    ``at`` dates the step (default now): for loading a request's history.
    """
    location = register.location_from(data["location"])
    ward = register.ward_for_location(session, location)
    if ward is None:
        raise ValidationFailed("the point is not in any of the borough's wards", field="location")
    raised_at = at or utcnow()
    request = SiteRequest(
        state=RequestState.RAISED, title=data["title"].strip(), description=data.get("description", ""),
        concerns=data.get("concerns", ""), address=data.get("address", ""),
        lon=location.lon, lat=location.lat, easting=location.easting, northing=location.northing,
        ward=ward, area_committee_id=ward.area_committee_id, raised_by=user,
        cst_officer=cst_officer_for(session, ward),
        committee_lead=committee_lead_for(session, ward.area_committee_id),
        raised_at=raised_at, state_changed_at=raised_at,
        review_due=dates.default_review_due(raised_at.date()),
    )
    session.add(request)
    session.flush()
    _record(session, request, user, "raised", None, RequestState.RAISED, data.get("note", ""), {}, raised_at)
    return request


# --- steps -----------------------------------------------------------------

Handler = Callable[[Session, SiteRequest, User, Mapping[str, Any]], tuple[RequestState | None, dict]]


def take_action(session: Session, request: SiteRequest, action: Action, user: User,
                data: Mapping[str, Any], *, at: dt.datetime | None = None) -> SiteRequestEvent:
    """Take one step (dated ``at``, default now). Refusals raise before anything is written."""
    transition = workflow.check(request.state, action, user.role_names)
    _check_person(session, request, action, user)
    source = request.state
    target, details = HANDLERS[action](session, request, user, data)
    target = target or transition.targets[0]
    if target not in transition.targets:  # the handler and the table must agree
        raise InvalidTransition(f"{action.value} cannot lead from {source.value} to {target.value}")
    if "review_due" in data and data["review_due"] is not None:
        request.review_due = data["review_due"]
    at = at or utcnow()
    if target != source:
        request.state = target
        request.state_changed_at = at
    if target in CLOSED_STATES:
        request.review_due = None
    session.flush()
    return _record(session, request, user, action.value, source, target, data.get("note", ""), details, at)


def _check_person(session: Session, request: SiteRequest, action: Action, user: User) -> None:
    """Rules about the person, beyond the role: a member acts only on their own request,
    an area committee only on its own committee's proposals."""
    roles = user.role_names
    if action in (Action.WITHDRAWAL, Action.SUBMISSION) and not (roles & workflow.ACTION_ROLES[action] - {
            Role.MEMBER}) and request.raised_by_id != user.id:
        raise NotPermitted(f"only the member who raised request {request.id} may do that")
    if action is Action.FUNDING_DECISION and committee_of(session, user) != request.area_committee_id:
        raise NotPermitted(f"request {request.id} is for another area committee's decision")


def _record(session: Session, request: SiteRequest, user: User | None, action: str,
            source: RequestState | None, target: RequestState, note: str, details: dict,
            at: dt.datetime) -> SiteRequestEvent:
    event = SiteRequestEvent(request_id=request.id, occurred_at=at, actor_id=user.id if user else None,
                             actor_name=user.username if user else "system", action=action,
                             from_state=source, to_state=target, note=note or "", details=_jsonable(details))
    session.add(event)
    session.flush()
    queue_notices(session, request, event)
    return event


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def _investigation(session, request, user, data):
    request.desk_review = data.get("desk_review", request.desk_review)
    if request.cst_officer_id is None and Role.CST_OFFICER in user.role_names:
        request.cst_officer = user
    snapshot = evidence.attach(session, request)
    return None, {"desk_review": request.desk_review, "evidence_id": snapshot.id}


def _findings(session, request, user, data):
    for key in ("desk_review", "site_visit_on", "site_visit_attendees", "risk_rating", "risk_reasons"):
        if key in data:
            setattr(request, key, data[key])
    if data.get("risk_rating") is not None and not request.risk_reasons.strip():
        raise ValidationFailed("give the reasons for the risk rating", field="risk_reasons")
    return None, {k: data[k] for k in ("site_visit_on", "site_visit_attendees", "risk_rating", "risk_reasons")
                  if k in data}


def _recommendation(session, request, user, data):
    responses = [Response(r) for r in dict.fromkeys(data.get("responses") or [])]
    if not responses:
        raise ValidationFailed("recommend at least one response, or none", field="responses")
    if Response.NONE in responses and len(responses) > 1:
        raise ValidationFailed("'none' cannot be recommended with other responses", field="responses")
    if data.get("risk_rating") is not None:
        request.risk_rating = RiskRating(data["risk_rating"])
        request.risk_reasons = data.get("risk_reasons", request.risk_reasons)
    if request.risk_rating is None:
        raise ValidationFailed("the investigation has no risk rating yet: record it first (findings)",
                               field="risk_rating")
    target = workflow.recommendation_target(responses)
    if target is RequestState.LOGGED_AND_MONITORED:
        if data.get("future_look_on") is None:
            raise ValidationFailed("no response: give the date of the future look at the location",
                                   field="future_look_on")
        request.future_look_on = data["future_look_on"]
        request.review_due = data["future_look_on"]
    request.responses = [r.value for r in responses]
    request.recommendation_note = data.get("note", "")
    return target, {"responses": request.responses, "future_look_on": request.future_look_on}


def _proposal(session, request, user, data):
    option = DeploymentOption(data["deployment_option"])
    cameras = int(data.get("cameras", 1))
    if cameras < 1:
        raise ValidationFailed("propose at least one camera", field="cameras")
    if data.get("funding_needed") is None:
        raise ValidationFailed("say whether area-committee funding is needed", field="funding_needed")
    existing = None
    if option is DeploymentOption.EXTRA_CAMERA_EXISTING_COLUMN:
        if not data.get("existing_site_code"):
            raise ValidationFailed("name the existing column's site code", field="existing_site_code")
        existing = register.site_by_code(session, data["existing_site_code"], field="existing_site_code")
    assessments = principles.check_proposal(
        option, data.get("principles") or {}, temporary_reason=data.get("temporary_reason", ""),
        fibre_not_chosen_reason=data.get("fibre_not_chosen_reason", ""))
    lines = _estimate_lines(option, cameras, data.get("cost_lines") or [])
    request.deployment_option = option
    request.cameras_proposed = cameras
    request.existing_site = existing
    request.temporary_reason = data.get("temporary_reason", "")
    request.fibre_not_chosen_reason = data.get("fibre_not_chosen_reason", "")
    request.principles = [{"key": a.key, "met": a.met, "evidence": a.evidence, "exception": a.exception}
                          for a in assessments]
    request.funding_needed = bool(data["funding_needed"])
    _store_cost_lines(session, request, lines)
    capital, revenue = costs.totals(costs.CostLine(CostItem(x["item"]), x["capital_pounds"],
                                                   x["revenue_pounds_per_year"], "") for x in lines)
    return None, {"deployment_option": option, "cameras": cameras, "funding_needed": request.funding_needed,
                  "capital_pounds": capital, "revenue_pounds_per_year": revenue,
                  "exceptions": {a.key: a.exception for a in assessments if not a.met}}


def _estimate_lines(option: DeploymentOption, cameras: int, overrides) -> list[dict]:
    """Default lines for the option, with the officer's figures (quotes) laid over them."""
    given: dict[CostItem, Mapping] = {}
    for index, line in enumerate(overrides):
        item = CostItem(line["item"])
        if item in given:
            raise ValidationFailed(f"{item.value} is given twice", field=f"cost_lines.{index}.item")
        given[item] = line
    rows = []
    for position, default in enumerate(costs.default_estimate(option, cameras)):
        override = given.get(default.item, {})
        rows.append({
            "item": default.item.value, "position": position,
            "capital_pounds": override.get("capital_pounds", default.capital_pounds),
            "revenue_pounds_per_year": override.get("revenue_pounds_per_year", default.revenue_pounds_per_year),
            "basis": override.get("basis") or default.basis,
            "default_capital_pounds": default.capital_pounds,
            "default_revenue_pounds_per_year": default.revenue_pounds_per_year,
        })
    return rows


def _store_cost_lines(session: Session, request: SiteRequest, rows: list[dict]) -> None:
    existing = {line.item: line for line in request.cost_lines}
    for row in rows:
        line = existing.get(CostItem(row["item"]))
        if line is None:
            line = CostEstimateLine(item=CostItem(row["item"]))
            request.cost_lines.append(line)
        for key in ("position", "capital_pounds", "revenue_pounds_per_year", "basis", "default_capital_pounds",
                    "default_revenue_pounds_per_year"):
            setattr(line, key, row[key])


def _submission(session, request, user, data):
    if not request.funding_needed:
        raise InvalidTransition("this proposal needs no area-committee funding: it goes straight to "
                                "implementation", field="state")
    return None, {}


def _funding_decision(session, request, user, data):
    outcome = FundingOutcome(data["outcome"])
    if outcome is FundingOutcome.APPROVED:
        if data.get("source") is None:
            raise ValidationFailed("name the funding source", field="source")
        if not data.get("amount_pounds"):
            raise ValidationFailed("give the amount approved", field="amount_pounds")
    elif not (data.get("reason") or "").strip():
        raise ValidationFailed("give the reason the funding was declined", field="reason")
    decision = FundingDecision(
        request_id=request.id, area_committee_id=request.area_committee_id, meeting_on=data["meeting_on"],
        outcome=outcome, amount_pounds=data.get("amount_pounds") or 0, source=data.get("source"),
        minute_reference=data.get("minute_reference", ""), reason=data.get("reason", ""), decided_by_id=user.id)
    session.add(decision)
    if outcome is FundingOutcome.DECLINED:
        request.closed_reason = decision.reason
    session.flush()
    return workflow.funding_target(outcome), {
        "decision_id": decision.id, "outcome": outcome, "meeting_on": decision.meeting_on,
        "amount_pounds": decision.amount_pounds, "source": decision.source,
        "minute_reference": decision.minute_reference, "reason": decision.reason}


def _implementation(session, request, user, data):
    if request.state is RequestState.CCTV_PROPOSED and request.funding_needed:
        raise InvalidTransition("this proposal needs area-committee funding: submit it to the committee first",
                                field="state")
    for key in ("works_order", "contractor", "target_date"):
        if key in data:
            setattr(request, key, data[key])
    missing = [k for k in ("works_order", "contractor", "target_date") if not getattr(request, k)]
    if missing:
        raise ValidationFailed(f"give the {missing[0].replace('_', ' ')}", field=missing[0])
    request.review_due = request.target_date
    return None, {"works_order": request.works_order, "contractor": request.contractor,
                  "target_date": request.target_date}


_OPTION_TRANSMISSION = {
    DeploymentOption.NEW_SITE_FIBRE: Transmission.FIBRE,
    DeploymentOption.NEW_SITE_WIRELESS: Transmission.WIRELESS,
    DeploymentOption.NEW_SITE_4G_5G: Transmission.G4,
    DeploymentOption.REDEPLOYABLE: Transmission.G4,
    DeploymentOption.STANDALONE_TEMPORARY: Transmission.NONE,
}


def _completion(session, request, user, data):
    installed_on = data["installed_on"]
    camera_rows = data.get("cameras") or []
    if not camera_rows:
        raise ValidationFailed("list the camera(s) installed", field="cameras")
    option = request.deployment_option
    if option is DeploymentOption.EXTRA_CAMERA_EXISTING_COLUMN:
        site = request.existing_site
        if site is None:
            raise ValidationFailed("the proposal names no existing column", field="existing_site_code")
    else:
        site_data = dict(data.get("site") or {})
        if not site_data.get("code"):
            raise ValidationFailed("give the new site's code", field="site.code")
        standalone = option is DeploymentOption.STANDALONE_TEMPORARY
        site_data.setdefault("name", request.title[:200])
        site_data.setdefault("location_detail", request.address[:500])
        site_data.setdefault("location", geo.Location(request.lon, request.lat, request.easting, request.northing))
        site_data.setdefault("transmission", _OPTION_TRANSMISSION[option])
        site_data.setdefault("connected_to_control_room", not standalone)
        site_data.setdefault("mounting", Mounting.POLE if option in (
            DeploymentOption.REDEPLOYABLE, DeploymentOption.STANDALONE_TEMPORARY) else Mounting.COLUMN)
        site_data.setdefault("power", Power.MAINS)
        site_data.setdefault("signage_in_place", True)
        site_data["status"] = SiteStatus.ACTIVE
        site = register.create_site(session, site_data)
    mobile = option in (DeploymentOption.REDEPLOYABLE, DeploymentOption.STANDALONE_TEMPORARY)
    review_due = dates.first_review_due(installed_on)
    created = []
    for index, row in enumerate(camera_rows):
        camera_data = {"camera_type": CameraType.REDEPLOYABLE if mobile else CameraType.FIXED,
                       **row, "site_id": site.id, "installed_on": installed_on,
                       "status": CameraStatus.OPERATIONAL}
        try:
            camera = register.create_camera(session, camera_data)
        except ValidationFailed as error:
            raise ValidationFailed(error.message, field=f"cameras.{index}.{error.field or 'asset_number'}") from None
        camera.first_review_due = review_due
        session.add(SiteRequestCamera(request_id=request.id, camera_id=camera.id))
        created.append(camera)
    request.installed_on = installed_on
    request.site = site
    session.flush()
    session.expire(request, ["cameras"])
    return None, {"installed_on": installed_on, "site_id": site.id, "site_code": site.code,
                  "cameras": [c.asset_number for c in created], "first_review_due": review_due}


def _withdrawal(session, request, user, data):
    request.closed_reason = data.get("reason") or data.get("note") or "withdrawn by the member"
    return None, {"reason": request.closed_reason}


def _reopening(session, request, user, data):
    request.future_look_on = None
    request.review_due = data.get("review_due") or dates.default_review_due(today())
    return None, {}


HANDLERS: dict[Action, Handler] = {
    Action.INVESTIGATION: _investigation,
    Action.FINDINGS: _findings,
    Action.RECOMMENDATION: _recommendation,
    Action.PROPOSAL: _proposal,
    Action.SUBMISSION: _submission,
    Action.FUNDING_DECISION: _funding_decision,
    Action.IMPLEMENTATION: _implementation,
    Action.COMPLETION: _completion,
    Action.WITHDRAWAL: _withdrawal,
    Action.REOPENING: _reopening,
}


# --- reading, with each person's scope -------------------------------------

def _submitted_ids():
    return sa.select(SiteRequestEvent.request_id).where(SiteRequestEvent.action == Action.SUBMISSION.value)


def visible_query(session: Session, user: User):
    """Requests the user may list: all, their own, or their committee's proposals."""
    query = sa.select(SiteRequest)
    roles = user.role_names
    if roles & SEE_ALL:
        return query
    conditions = []
    if Role.MEMBER in roles:
        conditions.append(SiteRequest.raised_by_id == user.id)
    if Role.AREA_COMMITTEE in roles:
        committee = committee_of(session, user)
        if committee is not None:
            conditions.append(sa.and_(SiteRequest.area_committee_id == committee,
                                      SiteRequest.id.in_(_submitted_ids())))
    return query.where(sa.or_(*conditions)) if conditions else query.where(sa.false())


def get_visible(session: Session, user: User, request_id: int) -> SiteRequest:
    """A request the user may read in full; another member's request is 403."""
    request = session.get(SiteRequest, request_id)
    if request is None:
        raise NotFound(f"no site request with id {request_id}")
    visible = session.scalar(visible_query(session, user).where(SiteRequest.id == request_id).with_only_columns(
        SiteRequest.id))
    if visible is None:
        raise NotPermitted(f"site request {request_id} is not yours to read")
    return request


def events(session: Session, request: SiteRequest) -> list[SiteRequestEvent]:
    return list(session.scalars(sa.select(SiteRequestEvent).where(SiteRequestEvent.request_id == request.id)
                                .order_by(SiteRequestEvent.occurred_at, SiteRequestEvent.id)))


def funding_decisions(session: Session, request: SiteRequest) -> list[FundingDecision]:
    return list(session.scalars(sa.select(FundingDecision).where(FundingDecision.request_id == request.id)
                                .order_by(FundingDecision.id)))


def ward_summary(session: Session, ward: Ward) -> dict[str, Any]:
    """Requests in a ward without anyone's personal details: counts by state and each request's outline."""
    rows = session.execute(
        sa.select(SiteRequest.id, SiteRequest.title, SiteRequest.state, SiteRequest.raised_at,
                  SiteRequest.deployment_option)
        .where(SiteRequest.ward_id == ward.id).order_by(SiteRequest.raised_at, SiteRequest.id)).all()
    by_state: dict[str, int] = {}
    for row in rows:
        by_state[row.state.value] = by_state.get(row.state.value, 0) + 1
    return {"ward": {"code": ward.code, "name": ward.name}, "total": len(rows), "by_state": by_state,
            "requests": [{"id": r.id, "title": r.title, "state": r.state.value,
                          "raised_on": r.raised_at.date().isoformat(),
                          "deployment_option": r.deployment_option.value if r.deployment_option else None}
                         for r in rows]}


def overdue(session: Session, user: User, as_of: dt.date) -> list[SiteRequest]:
    """Requests past their agreed review date without progress, oldest date first."""
    open_states = [s for s in RequestState if s not in CLOSED_STATES]
    query = visible_query(session, user).where(SiteRequest.state.in_(open_states),
                                               SiteRequest.review_due < as_of)
    found = session.scalars(query.order_by(SiteRequest.review_due, SiteRequest.id)).all()
    return [r for r in found if dates.is_overdue(r.state, r.review_due, as_of)]
