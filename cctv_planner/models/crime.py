"""Street-level crime from police.uk, and a record of each file imported."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from cctv_planner.models.base import Base, UTCDateTime, utcnow


class CrimeImport(Base):
    """One police.uk file as imported: what was read, stored and skipped."""

    __tablename__ = "crime_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(sa.String(300))
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    imported_by: Mapped[str] = mapped_column(sa.String(64), default="")
    rows: Mapped[int] = mapped_column(default=0)
    stored: Mapped[int] = mapped_column(default=0)
    already_stored: Mapped[int] = mapped_column(default=0)
    no_location: Mapped[int] = mapped_column(default=0)
    outside_area: Mapped[int] = mapped_column(default=0)
    summary: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)


class Crime(Base):
    """One located crime. ``key`` is the de-duplication key from the reader
    (Crime ID + type + occurrence, or a content key for rows without an ID),
    unique so a re-imported month adds nothing."""

    __tablename__ = "crimes"
    __table_args__ = (sa.Index("ix_crimes_x_y", "x", "y"),)

    id: Mapped[int] = mapped_column(sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(120), unique=True)
    crime_id: Mapped[str] = mapped_column(sa.String(80), default="")
    month: Mapped[dt.date] = mapped_column(sa.Date, index=True)  # first day of the month
    crime_type: Mapped[str] = mapped_column(sa.String(60), index=True)
    x: Mapped[float]  # BNG easting, metres
    y: Mapped[float]  # BNG northing, metres
    lon: Mapped[float]
    lat: Mapped[float]
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    lsoa_code: Mapped[str] = mapped_column(sa.String(12), default="")
    lsoa_name: Mapped[str] = mapped_column(sa.String(120), default="")
    force: Mapped[str] = mapped_column(sa.String(120), default="")
    outcome: Mapped[str] = mapped_column(sa.String(160), default="")
    import_id: Mapped[int | None] = mapped_column(sa.ForeignKey("crime_imports.id", ondelete="SET NULL"),
                                                  index=True)
