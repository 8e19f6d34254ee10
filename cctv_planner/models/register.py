"""The camera register: area committees, wards, sites, cameras and deployments."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cctv_planner.domain.register import (
    AutomatedProcessing,
    CameraStatus,
    CameraType,
    Mounting,
    OwningService,
    Power,
    SiteCategory,
    SiteStatus,
    Transmission,
)
from cctv_planner.models.base import Audited, Base, Timestamped, Versioned, enum_column


class AreaCommittee(Timestamped, Base):
    """A council committee that funds local schemes for a group of wards."""

    __tablename__ = "area_committees"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    # The papers name no committees: the demo's grouping is our illustration.
    illustrative: Mapped[bool] = mapped_column(default=False)


class Ward(Audited, Versioned, Timestamped, Base):
    """An electoral ward (2022 boundaries), with its polygon for point-in-ward lookups."""

    __tablename__ = "wards"
    __audit_entity__ = "ward"
    __audit_exclude__ = Audited.__audit_exclude__ | {"boundary_geojson"}

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(9), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    area_committee_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("area_committees.id", ondelete="SET NULL"), index=True
    )
    # GeoJSON geometry in WGS84; shapely does the maths in BNG after projecting.
    boundary_geojson: Mapped[dict | None] = mapped_column(sa.JSON, deferred=True)  # large: load on demand
    min_lon: Mapped[float | None]
    min_lat: Mapped[float | None]
    max_lon: Mapped[float | None]
    max_lat: Mapped[float | None]

    area_committee: Mapped[AreaCommittee | None] = relationship(lazy="joined")


class Site(Audited, Versioned, Timestamped, Base):
    """A column, pole, wall or building mount where one or more cameras sit."""

    __tablename__ = "sites"
    __audit_entity__ = "site"
    __table_args__ = (
        sa.Index("ix_sites_easting_northing", "easting", "northing"),
        sa.Index("ix_sites_lon_lat", "lon", "lat"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    location_detail: Mapped[str] = mapped_column(sa.String(500), default="")
    lon: Mapped[float]
    lat: Mapped[float]
    easting: Mapped[float]
    northing: Mapped[float]
    ward_id: Mapped[int | None] = mapped_column(sa.ForeignKey("wards.id", ondelete="RESTRICT"), index=True)
    category: Mapped[SiteCategory] = mapped_column(enum_column(SiteCategory, "site_category"), index=True)
    owning_service: Mapped[OwningService] = mapped_column(enum_column(OwningService, "owning_service"))
    mounting: Mapped[Mounting] = mapped_column(enum_column(Mounting, "mounting"))
    power: Mapped[Power] = mapped_column(enum_column(Power, "power"))
    transmission: Mapped[Transmission] = mapped_column(
        enum_column(Transmission, "transmission"), index=True
    )
    wayleave_needed: Mapped[bool] = mapped_column(default=False)
    signage_in_place: Mapped[bool] = mapped_column(default=False)
    connected_to_control_room: Mapped[bool] = mapped_column(default=True)
    status: Mapped[SiteStatus] = mapped_column(enum_column(SiteStatus, "site_status"), index=True)

    ward: Mapped[Ward | None] = relationship(lazy="joined")
    cameras: Mapped[list[Camera]] = relationship(back_populates="site", order_by="Camera.asset_number")


class Camera(Audited, Versioned, Timestamped, Base):
    """One camera. Its asset number (e.g. BO69) is unique across the estate."""

    __tablename__ = "cameras"
    __audit_entity__ = "camera"
    __table_args__ = (
        sa.CheckConstraint("bearing_deg IS NULL OR (bearing_deg >= 0 AND bearing_deg < 360)", name="bearing"),
        sa.CheckConstraint(
            "field_of_view_deg IS NULL OR (field_of_view_deg > 0 AND field_of_view_deg <= 360)", name="fov"
        ),
        sa.CheckConstraint("range_m IS NULL OR range_m > 0", name="range"),
        sa.CheckConstraint("retention_days > 0", name="retention"),
        sa.CheckConstraint("frames_per_second > 0", name="fps"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_number: Mapped[str] = mapped_column(sa.String(32), unique=True)
    site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sites.id", ondelete="RESTRICT"), index=True)
    camera_type: Mapped[CameraType] = mapped_column(enum_column(CameraType, "camera_type"), index=True)
    make: Mapped[str] = mapped_column(sa.String(100), default="")
    model: Mapped[str] = mapped_column(sa.String(100), default="")
    serial_number: Mapped[str] = mapped_column(sa.String(100), default="")
    installed_on: Mapped[dt.date | None]
    bearing_deg: Mapped[float | None]
    field_of_view_deg: Mapped[float | None]
    range_m: Mapped[float | None]
    retention_days: Mapped[int] = mapped_column(default=28)
    recording_location: Mapped[str] = mapped_column(sa.String(200), default="")
    frames_per_second: Mapped[int] = mapped_column(default=25)
    automated_processing: Mapped[AutomatedProcessing] = mapped_column(
        enum_column(AutomatedProcessing, "automated_processing")
    )
    status: Mapped[CameraStatus] = mapped_column(enum_column(CameraStatus, "camera_status"), index=True)
    # When a camera has never been reviewed: its first operational review is due
    # by this date (set on installation, e.g. three months after a site request
    # completes). Without it, a never-reviewed camera is overdue.
    first_review_due: Mapped[dt.date | None]

    site: Mapped[Site | None] = relationship(back_populates="cameras", lazy="joined")


class Deployment(Audited, Versioned, Timestamped, Base):
    """A redeployable camera standing at a site or point for a period."""

    __tablename__ = "deployments"
    __audit_entity__ = "deployment"
    __table_args__ = (
        sa.CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="dates"),
        sa.CheckConstraint("site_id IS NOT NULL OR (lon IS NOT NULL AND lat IS NOT NULL)", name="place"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    camera_id: Mapped[int] = mapped_column(sa.ForeignKey("cameras.id", ondelete="RESTRICT"), index=True)
    site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sites.id", ondelete="RESTRICT"), index=True)
    lon: Mapped[float | None]
    lat: Mapped[float | None]
    easting: Mapped[float | None]
    northing: Mapped[float | None]
    started_on: Mapped[dt.date]
    ended_on: Mapped[dt.date | None]
    reason: Mapped[str] = mapped_column(sa.String(500), default="")

    camera: Mapped[Camera] = relationship(lazy="joined")
    site: Mapped[Site | None] = relationship(lazy="joined")
