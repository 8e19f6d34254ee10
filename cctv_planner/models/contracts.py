"""Contractors and their contracts (maintenance, monitoring, installation, fibre)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cctv_planner.domain.contracts import ContractService
from cctv_planner.models.base import Audited, Base, Timestamped, Versioned, enum_column


class Contractor(Audited, Versioned, Timestamped, Base):
    """A company the council contracts with, e.g. DSSL Group Limited."""

    __tablename__ = "contractors"
    __audit_entity__ = "contractor"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    contact: Mapped[str] = mapped_column(sa.String(300), default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")

    contracts: Mapped[list[Contract]] = relationship(back_populates="contractor",
                                                     order_by="Contract.starts_on")


class Contract(Audited, Versioned, Timestamped, Base):
    """One contract: what service, from when to when, its value cap and cost code."""

    __tablename__ = "contracts"
    __audit_entity__ = "contract"
    __table_args__ = (
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates"),
        sa.CheckConstraint("value_cap_pence IS NULL OR value_cap_pence >= 0", name="cap"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contractor_id: Mapped[int] = mapped_column(sa.ForeignKey("contractors.id", ondelete="RESTRICT"), index=True)
    reference: Mapped[str] = mapped_column(sa.String(60), unique=True)
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    service: Mapped[ContractService] = mapped_column(enum_column(ContractService, "contract_service"))
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date | None]
    value_cap_pence: Mapped[int | None] = mapped_column(sa.BigInteger)
    cost_code: Mapped[str] = mapped_column(sa.String(40), default="")

    contractor: Mapped[Contractor] = relationship(back_populates="contracts", lazy="joined")
