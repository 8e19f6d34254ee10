"""Operational reviews and DPIAs: the council's SCC/ICO template and its rules.

The Surveillance Camera Code asks that every camera be justified by an annual
operational review and a data protection impact assessment. Barnet's template
(the BO69 example in the June 2022 OBC, seed digest §2) has, in order: camera
and location, the operational requirement ("why needed"), primary views and
purposes, automated processing, recording retention, images per second,
surveillance objectives, whether the camera meets its requirement, privacy
risks (standard text), the seven standard solutions, the privacy outcome
(removed / reduced / accepted), justification and the decision (justify,
modify or remove the camera).

Rules decided here (see docs/reviews.md):

- A review is *complete* (``signed``) when it has every required field and two
  sign-offs: the CCTV single point of contact (a ``cctv_manager``) and the data
  protection officer (a ``dpo``). The two must be different people, even when
  one person holds both roles: GDPR Art. 38(6) bars a DPO from tasks that
  conflict with the role, and a second pair of eyes is the point of the
  second signature.
- A signed review never changes. A correction is a new review that
  supersedes it; the old one is marked ``superseded`` when its correction is
  signed, so a camera never loses its valid review in between.
- Editing a draft withdraws any sign-off it already had: the signer signed
  what they saw.
- Next review due = review date of the last completed review + N months
  (``CCTV_REVIEW_INTERVAL_MONTHS``, default 12). Never reviewed: due on the
  camera's ``first_review_due`` if set, otherwise overdue now.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cctv_planner.domain.dates import add_days, add_months
from cctv_planner.domain.errors import Conflict, Forbidden, InvalidTransition, ValidationFailed


class SurveillanceObjective(StrEnum):
    """The template's "Surveillance Objectives (summary)", plus other."""

    CRIME_AND_ASB = "crime_and_asb"
    COMMUNITY_SAFETY = "community_safety"
    OFFENDERS = "offenders"
    EVIDENCE = "evidence"
    OTHER = "other"


OBJECTIVE_LABELS: dict[SurveillanceObjective, str] = {
    SurveillanceObjective.CRIME_AND_ASB: "Prevention & detection of crime & ASB",
    SurveillanceObjective.COMMUNITY_SAFETY: "Community safety & public welfare issues",
    SurveillanceObjective.OFFENDERS: "Apprehension & prosecution of offenders",
    SurveillanceObjective.EVIDENCE: "Gathering evidence to support judicial proceedings",
    SurveillanceObjective.OTHER: "Other",
}
STANDARD_OBJECTIVES: tuple[SurveillanceObjective, ...] = (
    SurveillanceObjective.CRIME_AND_ASB, SurveillanceObjective.COMMUNITY_SAFETY,
    SurveillanceObjective.OFFENDERS, SurveillanceObjective.EVIDENCE)


class PrivacyOutcome(StrEnum):
    """"Outcome/s: (Is the privacy risk removed; reduced or accepted)"."""

    REMOVED = "removed"
    REDUCED = "reduced"
    ACCEPTED = "accepted"


class ReviewDecision(StrEnum):
    """The review will "justify the operation of the camera, require modifications
    in the use of the camera or require the removal of the camera"."""

    JUSTIFIED = "justified"
    MODIFY = "modify"
    REMOVE = "remove"


class MitigationStatus(StrEnum):
    ADOPTED = "adopted"
    OUTSTANDING = "outstanding"


class ReviewState(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"
    SUPERSEDED = "superseded"


class SignOff(StrEnum):
    """The capacity a person signs in."""

    SPOC = "spoc"  # the CCTV single point of contact
    DPO = "dpo"  # the data protection officer


# The role a signer must hold for each capacity (values of domain.register.Role).
SIGN_OFF_ROLE: dict[SignOff, str] = {SignOff.SPOC: "cctv_manager", SignOff.DPO: "dpo"}
SIGN_OFF_LABELS: dict[SignOff, str] = {
    SignOff.SPOC: "CCTV Single Point of Contact", SignOff.DPO: "Data Protection Officer"}

# Allowed state changes: a draft is signed (both sign-offs); a signed review is
# superseded when its correction is signed. Nothing goes back.
TRANSITIONS: dict[ReviewState, frozenset[ReviewState]] = {
    ReviewState.DRAFT: frozenset({ReviewState.SIGNED}),
    ReviewState.SIGNED: frozenset({ReviewState.SUPERSEDED}),
    ReviewState.SUPERSEDED: frozenset(),
}

# 000_12c3d386a394124e.txt L2705, verbatim.
STANDARD_PRIVACY_RISKS = (
    "Large scale, systematic monitoring of public areas by CCTV is considered 'high risk processing' in "
    "GDPR & Data Protection Act 2018. All processing must be fully justified and assessed for any risks "
    "to the privacy of those affected. Appropriate mitigation measures must be applied as necessary. "
    "Transparency and accountability when using CCTV in public space is paramount.")

# "Solution/s to address the privacy issue/s", L2709-2715, verbatim (numbered 1-7).
STANDARD_MITIGATIONS: dict[int, str] = {
    1: "Ensure a Barnet Council 'Privacy Notice' for relevant CCTV systems is published",
    2: "Ensure adequate and relevant signage is clearly visible to those using the surveillance area covered;",
    3: "Ensure all staff are trained in privacy issues and their responsibilities when using the CCTV system",
    4: "Ensure up-to-date Codes of Practice and Operational Procedures are maintained",
    5: "Ensure restricted access to recordings and only for specific purposes of CCTV;",
    6: "Ensure CCTV system has technical measures to enable redaction of privacy expectations in view",
    7: "Ensure appropriate documentation is used for accountability when recordings are accessed/disclosed.",
}

OBJECTIVES_NOTE = "See DPIA & DC CCTV Code of Practice 2022 for full list"

# Fields a review must have before anyone may sign it, in template order.
REQUIRED_TEXT = ("reviewer", "camera_number", "location_detail", "operational_requirement", "primary_views",
                 "recording_location", "meets_requirement_narrative", "privacy_risks",
                 "privacy_outcome_narrative", "justification")


def blank_mitigations() -> list[dict[str, Any]]:
    """The seven standard solutions, not yet assessed."""
    return [{"number": n, "status": None, "note": ""} for n in STANDARD_MITIGATIONS]


def check_mitigations(items: Sequence[Mapping[str, Any]], field_name: str = "mitigations") -> list[dict[str, Any]]:
    """Check a list of mitigation assessments and return it in number order.

    Each standard solution 1-7 appears exactly once with a status (adopted,
    outstanding, or None while the draft is unfinished) and a note.

    >>> [m["number"] for m in check_mitigations(list(reversed(blank_mitigations())))]
    [1, 2, 3, 4, 5, 6, 7]
    """
    seen: dict[int, dict[str, Any]] = {}
    for item in items:
        number = item.get("number")
        if number not in STANDARD_MITIGATIONS:
            raise ValidationFailed(f"mitigation number {number!r} is not one of the standard 1-7",
                                   field=field_name)
        if number in seen:
            raise ValidationFailed(f"mitigation {number} is given twice", field=field_name)
        status = item.get("status")
        if status is not None:
            status = MitigationStatus(status)
        seen[number] = {"number": number, "status": status, "note": str(item.get("note") or "")}
    missing = sorted(set(STANDARD_MITIGATIONS) - set(seen))
    if missing:
        raise ValidationFailed(f"mitigations {', '.join(map(str, missing))} are missing: give all seven",
                               field=field_name)
    return [seen[n] for n in sorted(seen)]


# --- completeness and sign-off ----------------------------------------------

@dataclass(frozen=True)
class ReviewContent:
    """What a review says: everything the signers sign (actions without their done dates)."""

    review_date: dt.date | None = None
    reviewer: str = ""
    site_visit_done: bool | None = None
    camera_number: str = ""
    location_detail: str = ""
    operational_requirement: str = ""
    primary_views: str = ""
    automated_processing: str | None = None
    retention_days: int | None = None
    recording_location: str = ""
    frames_per_second: int | None = None
    surveillance_objectives: tuple[str, ...] = ()
    surveillance_objectives_other: str = ""
    meets_requirement: bool | None = None
    meets_requirement_narrative: str = ""
    privacy_risks: str = ""
    mitigations: tuple[Mapping[str, Any], ...] = ()
    privacy_outcome: str | None = None
    privacy_outcome_narrative: str = ""
    justification: str = ""
    decision: str | None = None
    actions: tuple[str, ...] = ()  # descriptions


def missing_fields(review: ReviewContent, today: dt.date) -> dict[str, list[str]]:
    """What stops a review being signed: ``{field: [reason]}``, empty when complete.

    >>> missing_fields(ReviewContent(), dt.date(2022, 1, 1))["review_date"]
    ['required before signing']
    """
    problems: dict[str, list[str]] = {}

    def need(name: str, reason: str = "required before signing") -> None:
        problems.setdefault(name, []).append(reason)

    if review.review_date is None:
        need("review_date")
    elif review.review_date > today:
        need("review_date", "is in the future")
    for name in REQUIRED_TEXT:
        if not str(getattr(review, name) or "").strip():
            need(name)
    if review.site_visit_done is not True:
        # "The review consists of a visit to each site" (L2663).
        need("site_visit_done", "the review needs a site visit")
    for name in ("automated_processing", "privacy_outcome", "decision", "meets_requirement"):
        if getattr(review, name) is None:
            need(name)
    if not review.retention_days or review.retention_days <= 0:
        need("retention_days")
    if not review.frames_per_second or review.frames_per_second <= 0:
        need("frames_per_second")
    if not review.surveillance_objectives:
        need("surveillance_objectives")
    if (SurveillanceObjective.OTHER in review.surveillance_objectives
            and not review.surveillance_objectives_other.strip()):
        need("surveillance_objectives_other", "say what the other objective is")
    numbers = {m.get("number") for m in review.mitigations}
    unassessed = [m["number"] for m in review.mitigations if m.get("status") is None]
    if numbers != set(STANDARD_MITIGATIONS):
        need("mitigations", "all seven standard solutions must be assessed")
    elif unassessed:
        need("mitigations", f"mark solutions {', '.join(map(str, unassessed))} adopted or outstanding")
    if review.decision in (ReviewDecision.MODIFY, ReviewDecision.REMOVE) and not review.actions:
        need("actions", f"a decision to {review.decision} needs at least one action")
    return problems


@dataclass(frozen=True)
class Signatures:
    """Who has signed a review so far (user ids)."""

    spoc_user_id: int | None = None
    dpo_user_id: int | None = None

    def of(self, capacity: SignOff) -> int | None:
        return self.spoc_user_id if capacity is SignOff.SPOC else self.dpo_user_id

    @property
    def both(self) -> bool:
        return self.spoc_user_id is not None and self.dpo_user_id is not None


def check_editable(review_id: int, state: ReviewState) -> None:
    """A signed or superseded review is the council's record: it never changes."""
    if state is ReviewState.SIGNED:
        raise Conflict(f"review {review_id} is signed by the CCTV SPOC and the DPO and cannot be changed; "
                       f"correct it with a new review (POST /api/reviews/{review_id}/supersede)", field="state")
    if state is ReviewState.SUPERSEDED:
        raise Conflict(f"review {review_id} has been superseded by a correction and cannot be changed",
                       field="state")


def check_sign(review_id: int, state: ReviewState, capacity: SignOff, signer_id: int,
               signer_roles: Iterable[str], signatures: Signatures, missing: Mapping[str, list[str]]) -> Signatures:
    """Check one sign-off and return the signatures after it.

    Raises Forbidden (403) for the wrong role, Conflict (409) for a review not
    in draft, a capacity already signed or the same person signing twice, and
    ValidationFailed (422) naming every field still missing.
    """
    role = SIGN_OFF_ROLE[capacity]
    if role not in {str(r) for r in signer_roles}:
        raise Forbidden(f"only a {role} may sign as {SIGN_OFF_LABELS[capacity]}", field="role")
    check_editable(review_id, state)
    if signatures.of(capacity) is not None:
        raise Conflict(f"review {review_id} is already signed by the {SIGN_OFF_LABELS[capacity]}",
                       field=capacity.value)
    other = SignOff.DPO if capacity is SignOff.SPOC else SignOff.SPOC
    if signatures.of(other) == signer_id:
        raise Conflict(f"you signed review {review_id} as {SIGN_OFF_LABELS[other]}; the "
                       f"{SIGN_OFF_LABELS[capacity]} must be a different person", field=capacity.value)
    if missing:
        raise ValidationFailed(f"review {review_id} is not complete: "
                               f"{', '.join(sorted(missing))} must be filled in before signing",
                               errors=dict(missing))
    if capacity is SignOff.SPOC:
        return Signatures(signer_id, signatures.dpo_user_id)
    return Signatures(signatures.spoc_user_id, signer_id)


def check_transition(review_id: int, current: ReviewState, new: ReviewState) -> None:
    if new not in TRANSITIONS[current]:
        raise InvalidTransition(f"review {review_id} cannot go from {current} to {new}", field="state")


def asset_sort_key(asset_number: str) -> tuple:
    """Sort asset numbers as people read them: RD3 before RD10.

    >>> sorted(["RD10", "RD3", "BO69"], key=asset_sort_key)
    ['BO69', 'RD3', 'RD10']
    """
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", asset_number))


# --- due dates ----------------------------------------------------------------



def next_review_due(last_completed: dt.date | None, interval_months: int,
                    first_review_due: dt.date | None = None) -> dt.date | None:
    """When a camera's next review is due; None means never reviewed and due now.

    >>> next_review_due(dt.date(2021, 12, 1), 12)
    datetime.date(2022, 12, 1)
    >>> next_review_due(None, 12, dt.date(2023, 3, 1))
    datetime.date(2023, 3, 1)
    >>> next_review_due(None, 12) is None
    True
    """
    if interval_months < 1:
        raise ValueError("the review interval must be at least one month")
    if last_completed is not None:
        return add_months(last_completed, interval_months)
    return first_review_due


@dataclass(frozen=True)
class CameraReviewFacts:
    """What the due-date reports need to know of one camera."""

    camera_id: int
    asset_number: str
    site_name: str = ""
    ward_code: str | None = None
    ward_name: str | None = None
    status: str = "operational"
    last_completed: dt.date | None = None  # review date of its latest signed review
    last_review_id: int | None = None
    first_review_due: dt.date | None = None


@dataclass(frozen=True)
class ReviewDue:
    camera_id: int
    asset_number: str
    site_name: str
    ward_code: str | None
    ward_name: str | None
    last_reviewed_on: dt.date | None
    last_review_id: int | None
    due_on: dt.date | None
    never_reviewed: bool
    overdue: bool
    days_until_due: int | None  # negative when overdue; None when never reviewed and no first due date


def review_due(facts: CameraReviewFacts, interval_months: int, today: dt.date) -> ReviewDue:
    """A camera's due date and whether it is overdue (due before today; never reviewed with no date)."""
    due = next_review_due(facts.last_completed, interval_months, facts.first_review_due)
    overdue = due is None or due < today
    return ReviewDue(facts.camera_id, facts.asset_number, facts.site_name, facts.ward_code, facts.ward_name,
                     facts.last_completed, facts.last_review_id, due, facts.last_completed is None, overdue,
                     None if due is None else (due - today).days)


def overdue(cameras: Iterable[CameraReviewFacts], interval_months: int, today: dt.date) -> list[ReviewDue]:
    """Cameras whose review is overdue: never-reviewed ones first, then the longest overdue."""
    rows = [r for r in (review_due(c, interval_months, today) for c in cameras) if r.overdue]
    return sorted(rows, key=lambda r: (r.due_on is not None, r.due_on or today, asset_sort_key(r.asset_number)))


def due_within(cameras: Iterable[CameraReviewFacts], interval_months: int, today: dt.date,
               days: int) -> list[ReviewDue]:
    """Cameras not yet overdue whose review falls due in the next ``days`` days (today included)."""
    if days < 0:
        raise ValueError("days must not be negative")
    horizon = add_days(today, days)  # held at date.max rather than overflowing
    rows = [r for r in (review_due(c, interval_months, today) for c in cameras)
            if not r.overdue and r.due_on is not None and r.due_on <= horizon]
    return sorted(rows, key=lambda r: (r.due_on, asset_sort_key(r.asset_number)))


# --- decisions and mitigations across the estate ------------------------------

@dataclass(frozen=True)
class ActionFacts:
    number: int
    description: str
    due_on: dt.date | None = None
    done_on: dt.date | None = None


@dataclass(frozen=True)
class CurrentReview:
    """A camera's current review: its latest signed one."""

    review_id: int
    camera_id: int
    asset_number: str
    camera_status: str
    review_date: dt.date
    decision: str
    ward_code: str | None = None
    actions: tuple[ActionFacts, ...] = ()
    mitigations: tuple[Mapping[str, Any], ...] = ()


# Camera statuses that mean a camera has come down: a "remove" decision is then acted on.
REMOVED_STATUSES = frozenset({"decommissioned", "in_store"})


def acted_on(review: CurrentReview) -> bool:
    """Whether a decision to modify or remove has been carried out.

    Acted on means every action recorded with the decision has a done date;
    for a decision to remove, also when the camera is decommissioned or taken
    into store, whatever the actions say. A decision to justify needs no act.
    """
    if review.decision == ReviewDecision.JUSTIFIED:
        return True
    if review.decision == ReviewDecision.REMOVE and review.camera_status in REMOVED_STATUSES:
        return True
    return bool(review.actions) and all(a.done_on is not None for a in review.actions)


@dataclass(frozen=True)
class DecisionOutstanding:
    review_id: int
    camera_id: int
    asset_number: str
    ward_code: str | None
    decision: str
    review_date: dt.date
    days_since_review: int
    actions_open: tuple[ActionFacts, ...]
    actions_overdue: int  # open actions past their own due date


def decisions_outstanding(reviews: Iterable[CurrentReview], today: dt.date) -> list[DecisionOutstanding]:
    """Current decisions to modify or remove a camera that are not yet acted on, oldest first."""
    rows = []
    for review in reviews:
        if acted_on(review):
            continue
        open_actions = tuple(a for a in review.actions if a.done_on is None)
        rows.append(DecisionOutstanding(
            review.review_id, review.camera_id, review.asset_number, review.ward_code, review.decision,
            review.review_date, (today - review.review_date).days, open_actions,
            sum(1 for a in open_actions if a.due_on is not None and a.due_on < today)))
    return sorted(rows, key=lambda r: (r.review_date, asset_sort_key(r.asset_number)))


@dataclass(frozen=True)
class MitigationOutstanding:
    number: int
    text: str
    cameras: tuple[str, ...] = field(default_factory=tuple)  # asset numbers

    @property
    def count(self) -> int:
        return len(self.cameras)


def mitigations_outstanding(reviews: Iterable[CurrentReview]) -> list[MitigationOutstanding]:
    """For each standard solution 1-7, the cameras whose current review marks it outstanding.

    Every solution is listed, with no cameras when none is outstanding, so the
    report shows the whole template.
    """
    cameras: dict[int, list[str]] = {n: [] for n in STANDARD_MITIGATIONS}
    for review in reviews:
        for item in review.mitigations:
            if item.get("status") == MitigationStatus.OUTSTANDING and item.get("number") in cameras:
                cameras[item["number"]].append(review.asset_number)
    return [MitigationOutstanding(n, STANDARD_MITIGATIONS[n], tuple(sorted(cameras[n], key=asset_sort_key)))
            for n in STANDARD_MITIGATIONS]


def current_reviews(reviews: Iterable[CurrentReview]) -> list[CurrentReview]:
    """Each camera's latest signed review (latest review date, then highest id)."""
    best: dict[int, CurrentReview] = {}
    for review in reviews:
        held = best.get(review.camera_id)
        if held is None or (review.review_date, review.review_id) > (held.review_date, held.review_id):
            best[review.camera_id] = review
    return sorted(best.values(), key=lambda r: asset_sort_key(r.asset_number))
