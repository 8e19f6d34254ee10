"""What the planning reports need from the database: cameras' views, wards, candidates."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cctv_planner.domain import geo
from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.planning import Area, CameraView, CandidateSites, read_candidates, read_lightposts
from cctv_planner.domain.planning.files import open_text
from cctv_planner.domain.register import CameraStatus
from cctv_planner.domain.site_requests.vocabulary import CLOSED_STATES
from cctv_planner.domain.wards import ward_shape
from cctv_planner.models import Camera, CostEstimateLine, Deployment, Site, SiteRequest, Ward

REPO = Path(__file__).resolve().parents[2]
#: Barnet's street-lighting columns, the "where could a camera go" layer.
DEFAULT_LIGHTPOSTS = REPO.parent / "shared" / "data" / "real" / "lightposts.csv"


def operational_views(session: Session, *, as_of: dt.date | None = None) -> list[CameraView]:
    """Every operational camera's view, where it stands on ``as_of`` (default today).

    A camera on an open deployment (a redeployable camera) stands at the
    deployment's point; otherwise at its site. Cameras with neither are left out.
    """
    as_of = as_of or dt.date.today()
    deployed = {
        row.camera_id: (row.easting, row.northing)
        for row in session.execute(
            sa.select(Deployment.camera_id,
                      sa.func.coalesce(Deployment.easting, Site.easting).label("easting"),
                      sa.func.coalesce(Deployment.northing, Site.northing).label("northing"))
            .outerjoin(Site, Deployment.site_id == Site.id)
            .where(Deployment.started_on <= as_of,
                   sa.or_(Deployment.ended_on.is_(None), Deployment.ended_on >= as_of))
        )
        if row.easting is not None and row.northing is not None
    }
    rows = session.execute(
        sa.select(Camera.id, Camera.asset_number, Camera.camera_type, Camera.bearing_deg,
                  Camera.field_of_view_deg, Camera.range_m, Site.code, Site.easting, Site.northing)
        .outerjoin(Site, Camera.site_id == Site.id)
        .where(Camera.status == CameraStatus.OPERATIONAL)
        .order_by(Camera.asset_number)
    ).all()
    views = []
    for r in rows:
        x, y = deployed.get(r.id, (r.easting, r.northing))
        if x is None or y is None:
            continue
        views.append(CameraView(x=float(x), y=float(y), camera_type=r.camera_type,
                                bearing_deg=r.bearing_deg, fov_deg=r.field_of_view_deg,
                                range_m=r.range_m, site_id=r.code, camera_id=r.asset_number))
    return views


def ward_areas(session: Session) -> list[Area]:
    """Wards with boundaries, as planning areas (BNG metres), ordered by name."""
    rows = session.execute(
        sa.select(Ward.id, Ward.code, Ward.name, Ward.boundary_geojson)
        .where(Ward.boundary_geojson.is_not(None)).order_by(Ward.name)
    ).all()
    return [Area(code=r.code, name=r.name, geometry=ward_shape(r.id, r.code, r.boundary_geojson).polygon_bng)
            for r in rows]


def lightposts_path(configured: str | os.PathLike | None = None) -> Path:
    path = Path(configured) if configured else DEFAULT_LIGHTPOSTS
    if not path.exists():
        raise ValidationFailed(f"the street-lighting file {path} is not available", field="source")
    return path


def load_candidates(source: str | os.PathLike | IO[bytes]) -> CandidateSites:
    """A candidate file: the council's ``id,lon,lat[,cost,category]`` (or easting/northing)
    format, or the street-lighting columns file (header ``Asset_ID,...``)."""
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as fh:
            head = fh.readline()
    else:
        head = source.readline()
        source.seek(0)
    first = next(csv.reader(open_text(io.BytesIO(head))), [])
    if "Asset_ID" in [h.strip() for h in first]:
        return read_lightposts(source)
    return read_candidates(source)


REQUEST_SOURCE = "site-requests"


def request_candidates(session: Session) -> CandidateSites:
    """Members' site requests still open (not completed, declined, withdrawn or answered
    otherwise) as candidate sites: id ``request-N``, category ``site_request``, and the
    capital of the request's itemised estimate when it has one (else priced by the unit
    rates like any candidate without a cost)."""
    capital = (sa.select(CostEstimateLine.request_id, sa.func.sum(CostEstimateLine.capital_pounds).label("capital"))
               .group_by(CostEstimateLine.request_id).subquery())
    rows = session.execute(
        sa.select(SiteRequest.id, SiteRequest.easting, SiteRequest.northing, capital.c.capital)
        .outerjoin(capital, capital.c.request_id == SiteRequest.id)
        .where(SiteRequest.state.not_in([s.value for s in CLOSED_STATES]))
        .order_by(SiteRequest.id)).all()
    if not rows:
        raise ValidationFailed("there are no open site requests to plan with", field="source")
    return CandidateSites.from_arrays(
        [f"request-{r.id}" for r in rows], [r.easting for r in rows], [r.northing for r in rows],
        [-1 if r.capital is None else int(r.capital) for r in rows], ["site_request"] * len(rows))


def candidates_from_rows(rows: Sequence[Mapping[str, Any]]) -> CandidateSites:
    """Candidates given as records ``{id, lon, lat | easting, northing, cost?, category?}``."""
    places = [geo.from_bng(r["easting"], r["northing"]) if "easting" in r else geo.from_lonlat(r["lon"], r["lat"])
              for r in rows]
    return CandidateSites.from_arrays(
        [r["id"] for r in rows], [p.easting for p in places], [p.northing for p in places],
        [-1 if r.get("cost") is None else r["cost"] for r in rows], [r.get("category", "") for r in rows])
