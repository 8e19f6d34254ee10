"""Saved business-case scenarios: a named scenario and its numbered versions.

Saving a scenario never overwrites: each save appends a version holding the
whole scenario document, so finance can see (and re-run) what was presented
on any date. The scenario row carries the name, the latest version number and
the optimistic-locking version used as its ETag.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cctv_planner.models.base import Audited, Base, Timestamped, UTCDateTime, Versioned, utcnow


class BusinessCaseScenario(Audited, Versioned, Timestamped, Base):
    __tablename__ = "business_case_scenarios"
    __audit_entity__ = "business_case_scenario"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    description: Mapped[str] = mapped_column(sa.String(2000), default="")
    latest_version: Mapped[int] = mapped_column(default=1)
    created_by: Mapped[str] = mapped_column(sa.String(64), default="")

    versions: Mapped[list[BusinessCaseScenarioVersion]] = relationship(
        back_populates="scenario", order_by="BusinessCaseScenarioVersion.number",
        cascade="all, delete-orphan", passive_deletes=True)


class BusinessCaseScenarioVersion(Audited, Base):
    """One saved version: immutable once written."""

    __tablename__ = "business_case_scenario_versions"
    __audit_entity__ = "business_case_scenario_version"
    # The version row itself keeps the document; the trail records that it was saved.
    __audit_exclude__ = frozenset({"document", "saved_at"})
    __table_args__ = (sa.UniqueConstraint("scenario_id", "number", name="uq_business_case_version_number"),
                      sa.CheckConstraint("number >= 1", name="number"))

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(
        sa.ForeignKey("business_case_scenarios.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    document: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    saved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    saved_by: Mapped[str] = mapped_column(sa.String(64), default="")

    scenario: Mapped[BusinessCaseScenario] = relationship(back_populates="versions")
