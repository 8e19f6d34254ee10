"""Members' site requests: the request, its events, evidence, costs, funding, notices."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cctv_planner.domain.site_requests.vocabulary import (
    CostItem,
    DeploymentOption,
    FundingOutcome,
    FundingSource,
    Recipient,
    RequestState,
    RiskRating,
)
from cctv_planner.models.accounts import User
from cctv_planner.models.base import Audited, Base, Timestamped, UTCDateTime, Versioned, enum_column, utcnow
from cctv_planner.models.register import AreaCommittee, Camera, Site, Ward


class AreaCommitteeUser(Base):
    """Which area committee a user serves (its chair, clerk or lead officer).

    An ``area_committee`` user decides on its own committee's proposals and
    is the committee lead who is told of every step. (A CST officer's ward is
    ``users.ward_id``, as for a member.)
    """

    __tablename__ = "area_committee_users"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    area_committee_id: Mapped[int] = mapped_column(
        sa.ForeignKey("area_committees.id", ondelete="CASCADE"), index=True)

    user: Mapped[User] = relationship(lazy="joined")
    area_committee: Mapped[AreaCommittee] = relationship(lazy="joined")


class SiteRequest(Audited, Versioned, Timestamped, Base):
    """A member's community-safety issue at a place, carried through the agreed process."""

    __tablename__ = "site_requests"
    __audit_entity__ = "site_request"
    __table_args__ = (sa.Index("ix_site_requests_easting_northing", "easting", "northing"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[RequestState] = mapped_column(enum_column(RequestState, "request_state"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    concerns: Mapped[str] = mapped_column(sa.Text, default="")
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    lon: Mapped[float]
    lat: Mapped[float]
    easting: Mapped[float]
    northing: Mapped[float]
    ward_id: Mapped[int | None] = mapped_column(sa.ForeignKey("wards.id", ondelete="RESTRICT"), index=True)
    area_committee_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("area_committees.id", ondelete="RESTRICT"), index=True)
    raised_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    cst_officer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    committee_lead_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    raised_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    state_changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The review date agreed with the member (or the next date something is due).
    review_due: Mapped[dt.date | None] = mapped_column(index=True)
    # Step 2: investigation.
    desk_review: Mapped[str] = mapped_column(sa.Text, default="")
    site_visit_on: Mapped[dt.date | None]
    site_visit_attendees: Mapped[str] = mapped_column(sa.String(500), default="")
    risk_rating: Mapped[RiskRating | None] = mapped_column(enum_column(RiskRating, "risk_rating"))
    risk_reasons: Mapped[str] = mapped_column(sa.Text, default="")
    # Step 3: recommendation.
    responses: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    recommendation_note: Mapped[str] = mapped_column(sa.Text, default="")
    future_look_on: Mapped[dt.date | None]
    # Step 4: the CCTV proposal.
    deployment_option: Mapped[DeploymentOption | None] = mapped_column(
        enum_column(DeploymentOption, "deployment_option"))
    cameras_proposed: Mapped[int] = mapped_column(default=1)
    existing_site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sites.id", ondelete="SET NULL"))
    temporary_reason: Mapped[str] = mapped_column(sa.Text, default="")
    fibre_not_chosen_reason: Mapped[str] = mapped_column(sa.Text, default="")
    principles: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    funding_needed: Mapped[bool | None]
    # Steps 5-7: implementation and completion.
    works_order: Mapped[str] = mapped_column(sa.String(100), default="")
    contractor: Mapped[str] = mapped_column(sa.String(200), default="")
    target_date: Mapped[dt.date | None]
    installed_on: Mapped[dt.date | None]
    site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sites.id", ondelete="SET NULL"), index=True)
    closed_reason: Mapped[str] = mapped_column(sa.Text, default="")

    ward: Mapped[Ward | None] = relationship(lazy="joined")
    area_committee: Mapped[AreaCommittee | None] = relationship(lazy="joined")
    raised_by: Mapped[User] = relationship(foreign_keys=[raised_by_id], lazy="joined")
    cst_officer: Mapped[User | None] = relationship(foreign_keys=[cst_officer_id], lazy="joined")
    committee_lead: Mapped[User | None] = relationship(foreign_keys=[committee_lead_id], lazy="joined")
    site: Mapped[Site | None] = relationship(foreign_keys=[site_id])
    existing_site: Mapped[Site | None] = relationship(foreign_keys=[existing_site_id])
    cost_lines: Mapped[list[CostEstimateLine]] = relationship(
        back_populates="request", order_by="CostEstimateLine.position", cascade="all, delete-orphan")
    cameras: Mapped[list[Camera]] = relationship(secondary="site_request_cameras", order_by=Camera.asset_number)


class SiteRequestEvent(Base):
    """One step: who took it, when, from which state to which, and their note."""

    __tablename__ = "site_request_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("site_requests.id", ondelete="CASCADE"), index=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(sa.String(64))
    action: Mapped[str] = mapped_column(sa.String(32))
    # Distinct names: each enum's CHECK constraint is named after it, once per table.
    from_state: Mapped[RequestState | None] = mapped_column(enum_column(RequestState, "from_state"))
    to_state: Mapped[RequestState] = mapped_column(enum_column(RequestState, "to_state"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)


class SiteRequestEvidence(Base):
    """The evidence attached at investigation: a snapshot, so later data does not rewrite it."""

    __tablename__ = "site_request_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("site_requests.id", ondelete="CASCADE"), index=True)
    computed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    parameters: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    figures: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)


class CostEstimateLine(Audited, Versioned, Timestamped, Base):
    """One element of a proposal's itemised estimate, whole pounds."""

    __tablename__ = "site_request_cost_lines"
    __audit_entity__ = "site_request_cost_line"
    __table_args__ = (
        sa.UniqueConstraint("request_id", "item", name="uq_site_request_cost_lines_request_item"),
        sa.CheckConstraint("capital_pounds >= 0", name="capital"),
        sa.CheckConstraint("revenue_pounds_per_year >= 0", name="revenue"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("site_requests.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    item: Mapped[CostItem] = mapped_column(enum_column(CostItem, "cost_item"))
    capital_pounds: Mapped[int] = mapped_column(default=0)
    revenue_pounds_per_year: Mapped[int] = mapped_column(default=0)
    basis: Mapped[str] = mapped_column(sa.String(500), default="")
    default_capital_pounds: Mapped[int] = mapped_column(default=0)
    default_revenue_pounds_per_year: Mapped[int] = mapped_column(default=0)

    request: Mapped[SiteRequest] = relationship(back_populates="cost_lines")


class FundingDecision(Audited, Timestamped, Base):
    """The area committee's decision on a CCTV proposal."""

    __tablename__ = "site_request_funding_decisions"
    __audit_entity__ = "funding_decision"
    __table_args__ = (sa.CheckConstraint("amount_pounds >= 0", name="amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("site_requests.id", ondelete="CASCADE"), index=True)
    area_committee_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("area_committees.id", ondelete="SET NULL"), index=True)
    meeting_on: Mapped[dt.date]
    outcome: Mapped[FundingOutcome] = mapped_column(enum_column(FundingOutcome, "funding_outcome"))
    amount_pounds: Mapped[int] = mapped_column(default=0)
    source: Mapped[FundingSource | None] = mapped_column(enum_column(FundingSource, "funding_source"))
    minute_reference: Mapped[str] = mapped_column(sa.String(100), default="")
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))


class SiteRequestCamera(Base):
    """A camera installed (or added) because of a request."""

    __tablename__ = "site_request_cameras"

    request_id: Mapped[int] = mapped_column(sa.ForeignKey("site_requests.id", ondelete="CASCADE"),
                                            primary_key=True)
    camera_id: Mapped[int] = mapped_column(sa.ForeignKey("cameras.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)


class Notification(Base):
    """A queued notice (the outbox); ``send-notices`` prints or e-mails it and marks it sent."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(sa.ForeignKey("site_requests.id", ondelete="CASCADE"),
                                                   index=True)
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("site_request_events.id", ondelete="CASCADE"))
    recipient: Mapped[Recipient] = mapped_column(enum_column(Recipient, "recipient"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), index=True)
