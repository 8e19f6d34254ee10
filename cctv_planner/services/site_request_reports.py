"""Site-request reports: the pipeline, time in each state, funding, conversion."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cctv_planner.domain.site_requests import reports
from cctv_planner.domain.site_requests.vocabulary import FundingOutcome, RequestState
from cctv_planner.models import AreaCommittee, FundingDecision, SiteRequest, SiteRequestEvent, Ward


def pipeline(session: Session) -> dict[str, Any]:
    """Requests by state, by ward and state, and by area committee and state."""
    def grouped(*columns):
        query = (sa.select(*columns, SiteRequest.state, sa.func.count(SiteRequest.id))
                 .select_from(SiteRequest).outerjoin(Ward, SiteRequest.ward_id == Ward.id)
                 .outerjoin(AreaCommittee, SiteRequest.area_committee_id == AreaCommittee.id)
                 .group_by(*columns, SiteRequest.state))
        return session.execute(query).all()

    by_state = {state.value: 0 for state in RequestState}
    for state, n in grouped():
        by_state[state.value] = int(n)
    by_ward: dict[str, dict[str, Any]] = {}
    for code, name, state, n in grouped(Ward.code, Ward.name):
        entry = by_ward.setdefault(code or "none", {"name": name, "total": 0, "by_state": {}})
        entry["total"] += int(n)
        entry["by_state"][state.value] = int(n)
    by_committee: dict[str, dict[str, Any]] = {}
    for code, name, state, n in grouped(AreaCommittee.code, AreaCommittee.name):
        entry = by_committee.setdefault(code or "none", {"name": name, "total": 0, "by_state": {}})
        entry["total"] += int(n)
        entry["by_state"][state.value] = int(n)
    return {"total": sum(by_state.values()), "by_state": by_state, "by_ward": dict(sorted(by_ward.items())),
            "by_area_committee": dict(sorted(by_committee.items()))}


def _changes(session: Session) -> list[reports.StateChange]:
    rows = session.execute(sa.select(SiteRequestEvent.request_id, SiteRequestEvent.occurred_at,
                                     SiteRequestEvent.to_state)).all()
    return [reports.StateChange(r.request_id, r.occurred_at, r.to_state) for r in rows]


def time_in_state(session: Session, as_of: dt.datetime) -> dict[str, Any]:
    return reports.time_in_state(_changes(session), as_of)


def conversion(session: Session) -> dict[str, Any]:
    reached: dict[int, set[RequestState]] = {}
    for change in _changes(session):
        reached.setdefault(change.request_id, set()).add(change.to_state)
    return reports.conversion(reached)


def funding(session: Session) -> dict[str, Any]:
    """Funding approved, whole pounds, by area committee and source."""
    rows = session.execute(
        sa.select(AreaCommittee.code, FundingDecision.source, sa.func.count(FundingDecision.id),
                  sa.func.sum(FundingDecision.amount_pounds))
        .select_from(FundingDecision).outerjoin(AreaCommittee, FundingDecision.area_committee_id == AreaCommittee.id)
        .where(FundingDecision.outcome == FundingOutcome.APPROVED)
        .group_by(AreaCommittee.code, FundingDecision.source)).all()
    by_committee: dict[str, dict[str, Any]] = {}
    for code, source, n, total in rows:
        entry = by_committee.setdefault(code or "none", {"approved_pounds": 0, "decisions": 0, "by_source": {}})
        entry["approved_pounds"] += int(total or 0)
        entry["decisions"] += int(n)
        key = source.value if source else "none"
        entry["by_source"][key] = entry["by_source"].get(key, 0) + int(total or 0)
    declined = session.scalar(sa.select(sa.func.count(FundingDecision.id))
                              .where(FundingDecision.outcome == FundingOutcome.DECLINED))
    return {"approved_pounds": sum(e["approved_pounds"] for e in by_committee.values()),
            "declined_decisions": int(declined or 0), "by_area_committee": dict(sorted(by_committee.items()))}


def all_reports(session: Session, as_of: dt.datetime) -> dict[str, Any]:
    return {"as_of": as_of.isoformat(), "pipeline": pipeline(session), "time_in_state": time_in_state(session, as_of),
            "funding": funding(session), "conversion": conversion(session)}
