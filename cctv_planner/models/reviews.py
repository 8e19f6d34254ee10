"""Operational reviews / DPIAs of cameras and the actions their decisions require."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cctv_planner.domain.register import AutomatedProcessing
from cctv_planner.domain.reviews import PrivacyOutcome, ReviewDecision, ReviewState
from cctv_planner.models.base import Audited, Base, Timestamped, UTCDateTime, Versioned, enum_column


class OperationalReview(Audited, Versioned, Timestamped, Base):
    """An Operational Review and DPIA of one camera, in the council's SCC/ICO template.

    A draft is edited by the CCTV manager; it is complete (``signed``) once the
    CCTV single point of contact and the data protection officer have both
    signed it, and from then on it never changes. A correction is a new review
    whose ``supersedes_id`` names the one it replaces.
    """

    __tablename__ = "operational_reviews"
    __audit_entity__ = "review"
    __table_args__ = (
        sa.CheckConstraint("state = 'draft' OR (spoc_signed_at IS NOT NULL AND dpo_signed_at IS NOT NULL)",
                           name="signed_by_both"),
        sa.CheckConstraint("retention_days IS NULL OR retention_days > 0", name="retention"),
        sa.CheckConstraint("frames_per_second IS NULL OR frames_per_second > 0", name="fps"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    camera_id: Mapped[int] = mapped_column(sa.ForeignKey("cameras.id", ondelete="RESTRICT"), index=True)
    state: Mapped[ReviewState] = mapped_column(enum_column(ReviewState, "review_state"), index=True)
    # "Date of last audit" in the template: the next review is due from this date.
    review_date: Mapped[dt.date | None] = mapped_column(index=True)
    reviewer: Mapped[str] = mapped_column(sa.String(200), default="")
    site_visit_done: Mapped[bool | None]
    # Camera No and location as the review states them (copied from the register when drafted).
    camera_number: Mapped[str] = mapped_column(sa.String(200), default="")
    location_detail: Mapped[str] = mapped_column(sa.String(500), default="")
    operational_requirement: Mapped[str] = mapped_column(sa.Text, default="")
    primary_views: Mapped[str] = mapped_column(sa.Text, default="")
    automated_processing: Mapped[AutomatedProcessing | None] = mapped_column(
        enum_column(AutomatedProcessing, "review_automated_processing"))
    automated_processing_note: Mapped[str] = mapped_column(sa.String(500), default="")
    recording_hours: Mapped[str] = mapped_column(sa.String(50), default="24/7")
    retention_days: Mapped[int | None]
    recording_location: Mapped[str] = mapped_column(sa.String(200), default="")
    frames_per_second: Mapped[int | None]
    # Values of domain.reviews.SurveillanceObjective.
    surveillance_objectives: Mapped[list] = mapped_column(sa.JSON, default=list)
    surveillance_objectives_other: Mapped[str] = mapped_column(sa.String(500), default="")
    meets_requirement: Mapped[bool | None]
    meets_requirement_narrative: Mapped[str] = mapped_column(sa.Text, default="")
    privacy_risks: Mapped[str] = mapped_column(sa.Text, default="")
    # The seven standard solutions: [{"number", "status", "note"}].
    mitigations: Mapped[list] = mapped_column(sa.JSON, default=list)
    privacy_outcome: Mapped[PrivacyOutcome | None] = mapped_column(enum_column(PrivacyOutcome, "privacy_outcome"))
    privacy_outcome_narrative: Mapped[str] = mapped_column(sa.Text, default="")
    justification: Mapped[str] = mapped_column(sa.Text, default="")
    decision: Mapped[ReviewDecision | None] = mapped_column(
        enum_column(ReviewDecision, "review_decision"), index=True)

    # Sign-offs. The name is kept beside the id so the record reads the same
    # if the account is later removed.
    spoc_signed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    spoc_signed_by: Mapped[str] = mapped_column(sa.String(200), default="")
    spoc_signed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    dpo_signed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    dpo_signed_by: Mapped[str] = mapped_column(sa.String(200), default="")
    dpo_signed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    supersedes_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("operational_reviews.id", ondelete="SET NULL"), unique=True)
    superseded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    camera = relationship("Camera", lazy="joined")
    supersedes: Mapped[OperationalReview | None] = relationship(
        remote_side="OperationalReview.id", foreign_keys=[supersedes_id], back_populates="superseded_by")
    superseded_by: Mapped[OperationalReview | None] = relationship(
        back_populates="supersedes", foreign_keys=[supersedes_id], uselist=False, lazy="selectin")
    actions: Mapped[list[ReviewAction]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="ReviewAction.number", lazy="selectin")


class ReviewAction(Audited, Versioned, Timestamped, Base):
    """One thing a review's decision requires (e.g. "relocate the camera to column 12").

    The description is part of the signed review; the done date is follow-up,
    recorded after signing, and is what "acted on" is judged by.
    """

    __tablename__ = "review_actions"
    __audit_entity__ = "review_action"
    __table_args__ = (sa.UniqueConstraint("review_id", "number", name="number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(sa.ForeignKey("operational_reviews.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    description: Mapped[str] = mapped_column(sa.String(1000))
    due_on: Mapped[dt.date | None]
    done_on: Mapped[dt.date | None]
    done_note: Mapped[str] = mapped_column(sa.String(1000), default="")

    review: Mapped[OperationalReview] = relationship(back_populates="actions")
