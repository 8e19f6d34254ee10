"""Incidents the control room captures, each seen on one or more cameras."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cctv_planner.domain.incidents import IncidentOrigin, IncidentType
from cctv_planner.models.base import Audited, Base, Timestamped, UTCDateTime, Versioned, enum_column
from cctv_planner.models.register import Camera

incident_cameras = sa.Table(
    "incident_cameras",
    Base.metadata,
    sa.Column("incident_id", sa.ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("camera_id", sa.ForeignKey("cameras.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class Incident(Audited, Versioned, Timestamped, Base):
    """One control-room incident: when, what, who raised it, and what came of it."""

    __tablename__ = "incidents"
    __audit_entity__ = "incident"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The control-room log number, when the incident came from the log.
    reference: Mapped[str | None] = mapped_column(sa.String(60), unique=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    incident_type: Mapped[IncidentType] = mapped_column(enum_column(IncidentType, "incident_type"), index=True)
    origin: Mapped[IncidentOrigin] = mapped_column(enum_column(IncidentOrigin, "incident_origin"))
    police_reference: Mapped[str] = mapped_column(sa.String(60), default="")
    arrest_made: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(sa.Text, default="")

    cameras: Mapped[list[Camera]] = relationship(secondary=incident_cameras, order_by=Camera.asset_number)
