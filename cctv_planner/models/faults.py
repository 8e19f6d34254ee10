"""Faults logged against cameras, with their dated notes."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cctv_planner.domain.faults import FaultCategory, FaultStatus, Resolution, Severity
from cctv_planner.models.base import Audited, Base, Timestamped, UTCDateTime, Versioned, enum_column, utcnow
from cctv_planner.models.contracts import Contract, Contractor
from cctv_planner.models.register import Camera


class Fault(Audited, Versioned, Timestamped, Base):
    """A fault on one camera: when it started, when it was reported, who fixes it and how."""

    __tablename__ = "faults"
    __audit_entity__ = "fault"
    __table_args__ = (
        sa.CheckConstraint("reported_at >= detected_at", name="reported"),
        sa.CheckConstraint("resolved_at IS NULL OR resolved_at >= reported_at", name="resolved"),
        sa.CheckConstraint("cost_pence IS NULL OR cost_pence >= 0", name="cost"),
        sa.Index("ix_faults_camera_detected", "camera_id", "detected_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The fault log's own number or the contractor's ticket, when there is one.
    reference: Mapped[str | None] = mapped_column(sa.String(60), unique=True)
    camera_id: Mapped[int] = mapped_column(sa.ForeignKey("cameras.id", ondelete="RESTRICT"), index=True)
    detected_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    reported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    reported_by: Mapped[str] = mapped_column(sa.String(120), default="")
    category: Mapped[FaultCategory] = mapped_column(enum_column(FaultCategory, "fault_category"))
    severity: Mapped[Severity] = mapped_column(enum_column(Severity, "fault_severity"))
    out_of_service: Mapped[bool] = mapped_column(default=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    contractor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("contractors.id", ondelete="RESTRICT"),
                                                      index=True)
    contract_id: Mapped[int | None] = mapped_column(sa.ForeignKey("contracts.id", ondelete="RESTRICT"),
                                                    index=True)
    status: Mapped[FaultStatus] = mapped_column(enum_column(FaultStatus, "fault_status"), index=True)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    resolution: Mapped[Resolution | None] = mapped_column(enum_column(Resolution, "fault_resolution"))
    cost_pence: Mapped[int | None] = mapped_column(sa.BigInteger)

    camera: Mapped[Camera] = relationship(lazy="joined")
    contractor: Mapped[Contractor | None] = relationship(lazy="joined")
    contract: Mapped[Contract | None] = relationship(lazy="joined")
    notes: Mapped[list[FaultNote]] = relationship(back_populates="fault", order_by="FaultNote.written_at",
                                                  cascade="all, delete-orphan")


class FaultNote(Base):
    """One dated line of a fault's log. Notes are only ever added, never edited."""

    __tablename__ = "fault_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    fault_id: Mapped[int] = mapped_column(sa.ForeignKey("faults.id", ondelete="CASCADE"), index=True)
    written_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    author: Mapped[str] = mapped_column(sa.String(64))
    text: Mapped[str] = mapped_column(sa.Text)

    fault: Mapped[Fault] = relationship(back_populates="notes")
