"""Operational reviews / DPIAs: drafting, signing, correcting, and the due-date reports.

Services flush, never commit: the view or CLI command commits once. The rules
themselves are in ``cctv_planner.domain.reviews``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cctv_planner.domain import reviews as rules
from cctv_planner.domain.errors import Conflict, NotFound, ValidationFailed
from cctv_planner.domain.register import AutomatedProcessing, CameraStatus, Role
from cctv_planner.domain.reviews import (
    PrivacyOutcome,
    ReviewDecision,
    ReviewState,
    SignOff,
    SurveillanceObjective,
)
from cctv_planner.models import Camera, OperationalReview, ReviewAction, Site, User, Ward
from cctv_planner.models.base import utcnow
from cctv_planner.services import faults, incidents, register

# Roles that see drafts (work in progress). Everyone may read signed reviews:
# they are the council's published justification of each camera.
DRAFT_READERS = frozenset({Role.ADMIN, Role.CCTV_MANAGER, Role.DPO})
# Cameras that need reviews: anything installed, working or not. A camera in
# store or decommissioned surveils nobody.
NOT_REVIEWED_STATUSES = (CameraStatus.IN_STORE, CameraStatus.DECOMMISSIONED)

TEXT_FIELDS = ("reviewer", "camera_number", "location_detail", "operational_requirement", "primary_views",
               "automated_processing_note", "recording_hours", "recording_location",
               "surveillance_objectives_other", "meets_requirement_narrative", "privacy_risks",
               "privacy_outcome_narrative", "justification")
PLAIN_FIELDS = ("review_date", "site_visit_done", "retention_days", "frames_per_second", "meets_requirement")
ENUM_FIELDS = {"automated_processing": AutomatedProcessing, "privacy_outcome": PrivacyOutcome,
               "decision": ReviewDecision}
# Everything a correction copies from the review it corrects, in template order.
CONTENT_FIELDS = ("review_date", "reviewer", "site_visit_done", "camera_number", "location_detail",
                  "operational_requirement", "primary_views", "automated_processing",
                  "automated_processing_note", "recording_hours", "retention_days", "recording_location",
                  "frames_per_second", "surveillance_objectives", "surveillance_objectives_other",
                  "meets_requirement", "meets_requirement_narrative", "privacy_risks", "mitigations",
                  "privacy_outcome", "privacy_outcome_narrative", "justification", "decision")


# --- reading ----------------------------------------------------------------

def can_see_drafts(user: User | None) -> bool:
    """The CLI (no user) sees everything; on the web, drafts are for the SPOC, DPO and admin."""
    return user is None or user.has_any_role(DRAFT_READERS)


def get_review(session: Session, review_id: int, *, user: User | None = None) -> OperationalReview:
    review = session.get(OperationalReview, review_id)
    if review is None or (review.state is ReviewState.DRAFT and not can_see_drafts(user)):
        raise NotFound(f"no review with id {review_id}")
    return review


def review_query(args: Mapping[str, Any], *, user: User | None = None):
    """Reviews filtered by camera, ward, decision and state, newest review date first."""
    query = (sa.select(OperationalReview).join(Camera, OperationalReview.camera_id == Camera.id)
             .outerjoin(Site, Camera.site_id == Site.id).outerjoin(Ward, Site.ward_id == Ward.id))
    if args.get("camera_id") is not None:
        query = query.where(OperationalReview.camera_id == args["camera_id"])
    if args.get("asset_number"):
        query = query.where(Camera.asset_number == register.normalise_asset_number(args["asset_number"]))
    if args.get("ward"):
        query = query.where(Ward.code == args["ward"])
    if args.get("decision") is not None:
        query = query.where(OperationalReview.decision == args["decision"])
    if args.get("state") is not None:
        query = query.where(OperationalReview.state == args["state"])
    if not can_see_drafts(user):
        query = query.where(OperationalReview.state != ReviewState.DRAFT)
    return query.order_by(OperationalReview.review_date.desc().nulls_first(), OperationalReview.id.desc())


# --- drafting ---------------------------------------------------------------

def _camera(session: Session, data: Mapping[str, Any]) -> Camera:
    if data.get("camera_id") is not None:
        camera = session.get(Camera, data["camera_id"])
        if camera is None:
            raise ValidationFailed(f"no camera with id {data['camera_id']}", field="camera_id")
        return camera
    if data.get("asset_number"):
        return register.camera_by_asset(session, data["asset_number"])
    raise ValidationFailed("give camera_id or asset_number", field="camera_id")


def create_draft(session: Session, data: Mapping[str, Any], today: dt.date) -> OperationalReview:
    """Start a review of a camera, pre-filled from the register and the template's standard text."""
    camera = _camera(session, data)
    site = camera.site
    review = OperationalReview(
        camera=camera, state=ReviewState.DRAFT, reviewer="", site_visit_done=None,
        camera_number=f"{camera.asset_number} {site.name}" if site else camera.asset_number,
        location_detail=site.location_detail if site else "",
        operational_requirement="", primary_views="",
        automated_processing=camera.automated_processing, automated_processing_note="",
        recording_hours="24/7", retention_days=camera.retention_days,
        recording_location=camera.recording_location, frames_per_second=camera.frames_per_second,
        surveillance_objectives=[o.value for o in rules.STANDARD_OBJECTIVES], surveillance_objectives_other="",
        meets_requirement_narrative="", privacy_risks=rules.STANDARD_PRIVACY_RISKS,
        mitigations=rules.blank_mitigations(), privacy_outcome_narrative="", justification="",
        spoc_signed_by="", dpo_signed_by="")
    _apply(session, review, {k: v for k, v in data.items() if k not in ("camera_id", "asset_number")}, today)
    session.add(review)
    session.flush()
    return review


def update_draft(session: Session, review: OperationalReview, data: Mapping[str, Any],
                 today: dt.date) -> OperationalReview:
    """Change a draft. A sign-off it already had is withdrawn: the signer signed what they saw."""
    rules.check_editable(review.id, review.state)
    if "camera_id" in data or "asset_number" in data:
        raise ValidationFailed("a review's camera cannot change: start a review of the other camera",
                               field="camera_id")
    _apply(session, review, data, today)
    if data:
        _withdraw_sign_offs(review)
    session.flush()
    return review


def _withdraw_sign_offs(review: OperationalReview) -> None:
    review.spoc_signed_by_id = review.dpo_signed_by_id = None
    review.spoc_signed_by = review.dpo_signed_by = ""
    review.spoc_signed_at = review.dpo_signed_at = None


def _apply(session: Session, review: OperationalReview, data: Mapping[str, Any], today: dt.date) -> None:
    for key in TEXT_FIELDS:
        if key in data:
            setattr(review, key, (data[key] or "").strip())
    for key in PLAIN_FIELDS:
        if key in data:
            setattr(review, key, data[key])
    for key, enum in ENUM_FIELDS.items():
        if key in data:
            setattr(review, key, None if data[key] is None else enum(data[key]))
    if review.review_date is not None and review.review_date > today:
        raise ValidationFailed(f"review_date {review.review_date} is in the future", field="review_date")
    if "surveillance_objectives" in data:
        objectives = [SurveillanceObjective(o).value for o in data["surveillance_objectives"] or []]
        review.surveillance_objectives = list(dict.fromkeys(objectives))
    if "mitigations" in data:
        review.mitigations = _merged_mitigations(review.mitigations or rules.blank_mitigations(),
                                                 data["mitigations"] or [])
    if "actions" in data:
        _replace_actions(review, data["actions"] or [])


def _merged_mitigations(current: list[dict], given: Iterable[Mapping[str, Any]]) -> list[dict]:
    """Merge assessments by number: a PATCH may send just the solutions it changes."""
    by_number = {m["number"]: dict(m) for m in current}
    for item in given:
        number = item.get("number")
        if number not in rules.STANDARD_MITIGATIONS:
            raise ValidationFailed(f"mitigation number {number!r} is not one of the standard 1-7",
                                   field="mitigations")
        by_number[number].update({k: v for k, v in item.items() if k in ("status", "note")})
    checked = rules.check_mitigations(list(by_number.values()))
    return [{**m, "status": m["status"].value if m["status"] is not None else None} for m in checked]


def _replace_actions(review: OperationalReview, given: Iterable[Mapping[str, Any]]) -> None:
    actions = []
    for number, item in enumerate(given, start=1):
        description = (item.get("description") or "").strip()
        if not description:
            raise ValidationFailed(f"action {number} needs a description", field="actions")
        actions.append(ReviewAction(number=number, description=description, due_on=item.get("due_on"),
                                    done_on=item.get("done_on"), done_note=(item.get("done_note") or "").strip()))
    # Flush the removals first: the new actions reuse their numbers.
    review.actions.clear()
    session = sa.inspect(review).session
    if session is not None and review.id is not None:
        session.flush()
    review.actions.extend(actions)


def delete_draft(session: Session, review: OperationalReview) -> None:
    """Delete a draft started by mistake. Signed reviews are the record and stay."""
    rules.check_editable(review.id, review.state)
    session.delete(review)
    session.flush()


# --- signing and correcting ---------------------------------------------------

def content_of(review: OperationalReview) -> rules.ReviewContent:
    return rules.ReviewContent(
        review_date=review.review_date, reviewer=review.reviewer, site_visit_done=review.site_visit_done,
        camera_number=review.camera_number, location_detail=review.location_detail,
        operational_requirement=review.operational_requirement, primary_views=review.primary_views,
        automated_processing=review.automated_processing, retention_days=review.retention_days,
        recording_location=review.recording_location, frames_per_second=review.frames_per_second,
        surveillance_objectives=tuple(review.surveillance_objectives or ()),
        surveillance_objectives_other=review.surveillance_objectives_other,
        meets_requirement=review.meets_requirement,
        meets_requirement_narrative=review.meets_requirement_narrative, privacy_risks=review.privacy_risks,
        mitigations=tuple(review.mitigations or ()), privacy_outcome=review.privacy_outcome,
        privacy_outcome_narrative=review.privacy_outcome_narrative, justification=review.justification,
        decision=review.decision, actions=tuple(a.description for a in review.actions))


def missing_fields(review: OperationalReview, today: dt.date) -> dict[str, list[str]]:
    return rules.missing_fields(content_of(review), today)


def sign(session: Session, review: OperationalReview, capacity: SignOff, user: User,
         today: dt.date, *, at: dt.datetime | None = None) -> OperationalReview:
    """Sign a review as the CCTV SPOC or the DPO; with both signatures it is complete.

    ``at`` is when it was signed (default now): only loaders of past records pass it.
    """
    signatures = rules.check_sign(
        review.id, review.state, capacity, user.id, [r.value for r in user.role_names],
        rules.Signatures(review.spoc_signed_by_id, review.dpo_signed_by_id), missing_fields(review, today))
    now = at or utcnow()
    name = user.display_name or user.username
    if capacity is SignOff.SPOC:
        review.spoc_signed_by_id, review.spoc_signed_by, review.spoc_signed_at = user.id, name, now
    else:
        review.dpo_signed_by_id, review.dpo_signed_by, review.dpo_signed_at = user.id, name, now
    if signatures.both:
        rules.check_transition(review.id, review.state, ReviewState.SIGNED)
        review.state = ReviewState.SIGNED
        old = review.supersedes
        if old is not None:
            rules.check_transition(old.id, old.state, ReviewState.SUPERSEDED)
            old.state = ReviewState.SUPERSEDED
            old.superseded_at = now
    session.flush()
    return review


def supersede(session: Session, review: OperationalReview) -> OperationalReview:
    """Start a correction of a signed review: a new draft with the same content, linked to it."""
    if review.state is not ReviewState.SIGNED:
        raise Conflict(f"review {review.id} is {review.state}: only a signed review is corrected by "
                       "superseding it" + ("; edit the draft instead" if review.state is ReviewState.DRAFT else ""),
                       field="state")
    if review.superseded_by is not None:
        raise Conflict(f"review {review.id} already has a correction in progress "
                       f"(review {review.superseded_by.id})", field="state")
    correction = OperationalReview(camera=review.camera, state=ReviewState.DRAFT, supersedes=review,
                                   spoc_signed_by="", dpo_signed_by="",
                                   **{k: getattr(review, k) for k in CONTENT_FIELDS})
    correction.mitigations = [dict(m) for m in review.mitigations]
    correction.surveillance_objectives = list(review.surveillance_objectives)
    correction.actions = [ReviewAction(number=a.number, description=a.description, due_on=a.due_on,
                                       done_on=a.done_on, done_note=a.done_note) for a in review.actions]
    session.add(correction)
    session.flush()
    return correction


def record_action_done(session: Session, review: OperationalReview, number: int,
                       done_on: dt.date | None, note: str, today: dt.date) -> ReviewAction:
    """Record that an action of a signed review was carried out (or clear it with ``done_on=None``).

    The action's description is part of the signed review; its done date is
    follow-up and may be recorded at any time after signing.
    """
    if review.state is ReviewState.DRAFT:
        raise Conflict(f"review {review.id} is a draft: edit its actions with the review", field="state")
    if review.state is ReviewState.SUPERSEDED:
        raise Conflict(f"review {review.id} has been superseded: record the action on its correction",
                       field="state")
    action = next((a for a in review.actions if a.number == number), None)
    if action is None:
        raise NotFound(f"review {review.id} has no action {number}")
    if done_on is not None and done_on > today:
        raise ValidationFailed(f"done_on {done_on} is in the future", field="done_on")
    if done_on is not None and review.review_date is not None and done_on < review.review_date:
        raise ValidationFailed(f"done_on {done_on} is before the review date {review.review_date}",
                               field="done_on")
    action.done_on = done_on
    action.done_note = (note or "").strip()
    session.flush()
    return action


# --- reports -----------------------------------------------------------------

def _latest(*states: ReviewState, columns=()):
    """Subquery: each camera's latest review in ``states`` (latest review date, then highest id)."""
    rank = sa.func.row_number().over(partition_by=OperationalReview.camera_id,
                                     order_by=(OperationalReview.review_date.desc(), OperationalReview.id.desc()))
    ranked = (sa.select(OperationalReview.id.label("review_id"), OperationalReview.camera_id,
                        OperationalReview.review_date, *columns, rank.label("rank"))
              .where(OperationalReview.state.in_(states)).subquery())
    return ranked, ranked.c.rank == 1


def camera_review_facts(session: Session) -> list[rules.CameraReviewFacts]:
    """Every installed camera with the date of its latest completed review."""
    ranked, first = _latest(ReviewState.SIGNED, ReviewState.SUPERSEDED)
    latest = {camera_id: (review_date, review_id) for review_id, camera_id, review_date in session.execute(
        sa.select(ranked.c.review_id, ranked.c.camera_id, ranked.c.review_date).where(first))}
    rows = session.execute(
        sa.select(Camera.id, Camera.asset_number, Camera.status, Camera.first_review_due, Site.name,
                  Ward.code, Ward.name)
        .outerjoin(Site, Camera.site_id == Site.id).outerjoin(Ward, Site.ward_id == Ward.id)
        .where(Camera.status.not_in(NOT_REVIEWED_STATUSES))
    ).all()
    facts = []
    for camera_id, asset, status, first_due, site_name, ward_code, ward_name in rows:
        last_date, last_id = latest.get(camera_id, (None, None))
        facts.append(rules.CameraReviewFacts(camera_id, asset, site_name or "", ward_code, ward_name,
                                             status.value, last_date, last_id, first_due))
    return facts


def overdue_report(session: Session, today: dt.date, interval_months: int) -> list[rules.ReviewDue]:
    return rules.overdue(camera_review_facts(session), interval_months, today)


def due_report(session: Session, today: dt.date, days: int, interval_months: int) -> list[rules.ReviewDue]:
    return rules.due_within(camera_review_facts(session), interval_months, today, days)


def current_reviews(session: Session, *, with_actions: bool = True) -> list[rules.CurrentReview]:
    """Each camera's current review (its latest signed one), with its actions and mitigations.

    Plain column queries without joins, put together here: the reports read a
    review for every camera in the estate, and on SQLite ranking or joining
    rows that carry the mitigations JSON costs several times more.
    """
    cameras = {camera_id: (asset, status.value, ward_code) for camera_id, asset, status, ward_code in session.execute(
        sa.select(Camera.id, Camera.asset_number, Camera.status, Ward.code)
        .outerjoin(Site, Camera.site_id == Site.id).outerjoin(Ward, Site.ward_id == Ward.id))}
    signed = session.execute(
        sa.select(OperationalReview.id, OperationalReview.camera_id, OperationalReview.review_date,
                  OperationalReview.decision, OperationalReview.mitigations)
        .where(OperationalReview.state == ReviewState.SIGNED)).all()
    latest = rules.current_reviews(
        rules.CurrentReview(review_id, camera_id, *cameras[camera_id][:2], review_date, decision.value,
                            cameras[camera_id][2], (), tuple(mitigations or ()))
        for review_id, camera_id, review_date, decision, mitigations in signed)
    if not with_actions:
        return latest
    wanted = {r.review_id for r in latest if r.decision != ReviewDecision.JUSTIFIED}
    actions: dict[int, list[rules.ActionFacts]] = {}
    for review_id, number, description, due_on, done_on in session.execute(
            sa.select(ReviewAction.review_id, ReviewAction.number, ReviewAction.description,
                      ReviewAction.due_on, ReviewAction.done_on)
            .join(OperationalReview, ReviewAction.review_id == OperationalReview.id)
            .where(OperationalReview.state == ReviewState.SIGNED,
                   OperationalReview.decision != ReviewDecision.JUSTIFIED)
            .order_by(ReviewAction.review_id, ReviewAction.number)):
        if review_id in wanted:
            actions.setdefault(review_id, []).append(rules.ActionFacts(number, description, due_on, done_on))
    return [dataclasses.replace(r, actions=tuple(actions[r.review_id])) if r.review_id in actions else r
            for r in latest]


def decisions_report(session: Session, today: dt.date) -> list[rules.DecisionOutstanding]:
    return rules.decisions_outstanding(current_reviews(session), today)


def mitigations_report(session: Session) -> list[rules.MitigationOutstanding]:
    return rules.mitigations_outstanding(current_reviews(session, with_actions=False))


# --- the review as a document ---------------------------------------------------

def review_document(review: OperationalReview) -> dict[str, Any]:
    """The review as the template reads, in its order: the JSON export and the xlsx's source."""
    camera = review.camera
    site = camera.site
    mitigations = {m["number"]: m for m in review.mitigations or ()}
    return {
        "review_id": review.id,
        "state": review.state.value,
        "camera": {"id": camera.id, "asset_number": camera.asset_number,
                   "site": site.name if site else None,
                   "ward": site.ward.name if site and site.ward else None},
        "camera_number": review.camera_number,
        "location_detail": review.location_detail,
        "operational_requirement": review.operational_requirement,
        "primary_views": review.primary_views,
        "automated_processing": _value(review.automated_processing),
        "automated_processing_note": review.automated_processing_note,
        "recording_hours": review.recording_hours,
        "retention_days": review.retention_days,
        "recording_location": review.recording_location,
        "frames_per_second": review.frames_per_second,
        "surveillance_objectives": [
            {"objective": o, "label": rules.OBJECTIVE_LABELS[SurveillanceObjective(o)]}
            for o in review.surveillance_objectives or ()],
        "surveillance_objectives_other": review.surveillance_objectives_other,
        "meets_requirement": review.meets_requirement,
        "meets_requirement_narrative": review.meets_requirement_narrative,
        "privacy_risks": review.privacy_risks,
        "mitigations": [
            {"number": n, "text": text, "status": mitigations.get(n, {}).get("status"),
             "note": mitigations.get(n, {}).get("note", "")}
            for n, text in rules.STANDARD_MITIGATIONS.items()],
        "privacy_outcome": _value(review.privacy_outcome),
        "privacy_outcome_narrative": review.privacy_outcome_narrative,
        "justification": review.justification,
        "decision": _value(review.decision),
        "actions": [{"number": a.number, "description": a.description, "due_on": _iso(a.due_on),
                     "done_on": _iso(a.done_on), "done_note": a.done_note} for a in review.actions],
        "review_date": _iso(review.review_date),
        "reviewer": review.reviewer,
        "site_visit_done": review.site_visit_done,
        "sign_offs": {
            "spoc": {"signed_by": review.spoc_signed_by or None, "signed_at": _iso(review.spoc_signed_at)},
            "dpo": {"signed_by": review.dpo_signed_by or None, "signed_at": _iso(review.dpo_signed_at)},
        },
        "supersedes_id": review.supersedes_id,
        "superseded_by_id": review.superseded_by.id if review.superseded_by else None,
    }


def _value(enum_value) -> str | None:
    return None if enum_value is None else enum_value.value


def _iso(value) -> str | None:
    return None if value is None else value.isoformat()



EVIDENCE_MONTHS = 12


def review_evidence(session: Session, review: OperationalReview, today: dt.date) -> dict[str, Any]:
    """What the reviewer should weigh: the camera's faults and control-room incidents in
    the 12 months before the review date (before today for an undated draft).

    ``summary`` holds counts only (fit for any reader and for the exported form);
    ``faults`` and ``incidents`` are the records themselves.
    """
    until = review.review_date or today
    since = rules.add_months(until, -EVIDENCE_MONTHS)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    fault_rows = [f for f in faults.faults_for_cameras(session, [review.camera_id], since)
                  if f["detected_at"] < end]
    incident_rows = [i for i in incidents.incidents_for_cameras(session, [review.camera_id], since)
                     if i["occurred_at"] < end]
    by_type: dict[str, int] = {}
    for incident in incident_rows:
        by_type[incident["incident_type"]] = by_type.get(incident["incident_type"], 0) + 1
    summary = {
        "since": since.isoformat(), "until": until.isoformat(),
        "faults": len(fault_rows),
        "outages": sum(1 for f in fault_rows if f["out_of_service"]),
        "faults_open": sum(1 for f in fault_rows if f["resolved_at"] is None),
        "incidents": len(incident_rows),
        "incidents_by_type": dict(sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))),
        "arrests": sum(1 for i in incident_rows if i["arrest_made"]),
    }
    return {"summary": summary, "faults": fault_rows, "incidents": incident_rows}
