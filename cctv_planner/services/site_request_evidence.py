"""The evidence attached to a site request when its investigation starts.

Computed with the planning package's own functions (weights, density,
candidate scoring, Gi* hot spots, camera coverage), so a request's numbers are
the same as the site planner's for that point:

- crimes: the latest :data:`WINDOW_MONTHS` months in the ``crimes`` table,
  weighted by the default table (``domain/planning/weights.py``);
- weighted crime within :data:`RADIUS_M` of the point, all of it and the part
  no operational camera sees (``score_candidates``, with and without
  ``already_covered``); quartic density at the point, bandwidth
  :data:`BANDWIDTH_M` (``density_at`` via ``score_candidates``);
- Gi* of the point's :data:`CELL_M` cell over the borough's wards (``hot_spots``);
- whether operational cameras see the point, and which (``points_in_view``);
- cameras within :data:`NEARBY_CAMERAS_M` and earlier requests within
  :data:`EARLIER_REQUESTS_M`.

The snapshot is stored: later crime data does not rewrite what the officer saw.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import shapely
import sqlalchemy as sa
from sqlalchemy.orm import Session

from cctv_planner.domain.dates import add_months
from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.planning.candidates import score_candidates
from cctv_planner.domain.planning.coverage import covered_by_views, points_in_view
from cctv_planner.domain.planning.hotspots import CLASS_LABELS, hot_spots
from cctv_planner.domain.planning.spatial import CrimePoints
from cctv_planner.domain.planning.weights import CrimeWeights
from cctv_planner.domain.site_requests.vocabulary import CLOSED_STATES
from cctv_planner.models import Camera, Crime, Site, SiteRequest, SiteRequestEvidence
from cctv_planner.models.base import utcnow
from cctv_planner.services import faults, incidents, register
from cctv_planner.services.crimes import crime_points
from cctv_planner.services.planning import operational_views

WINDOW_MONTHS = 12
RADIUS_M = 100.0        # about a PTZ camera's useful range (coverage.py defaults)
BANDWIDTH_M = 200.0
CELL_M = 200.0
NEARBY_CAMERAS_M = 300.0
EARLIER_REQUESTS_M = 100.0
CAMERA_HISTORY_MONTHS = 12

#: Faults and incidents of nearby cameras: ``name -> f(session, camera_ids, since) -> list[dict]``.
CAMERA_HISTORY: dict[str, Callable[[Session, list[int], dt.date], list[dict[str, Any]]]] = {
    "faults": faults.faults_for_cameras,
    "incidents": incidents.incidents_for_cameras,
}


def _plain(value: Any) -> Any:
    """Dates and times as ISO strings, so the snapshot stores as JSON on both databases."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def parameters() -> dict[str, Any]:
    return {"window_months": WINDOW_MONTHS, "radius_m": RADIUS_M, "bandwidth_m": BANDWIDTH_M, "cell_m": CELL_M,
            "nearby_cameras_m": NEARBY_CAMERAS_M, "earlier_requests_m": EARLIER_REQUESTS_M,
            "weights": "default"}


def attach(session: Session, request: SiteRequest) -> SiteRequestEvidence:
    """Compute the evidence for a request's point and store it as a snapshot."""
    snapshot = SiteRequestEvidence(request_id=request.id, parameters=parameters(),
                                   figures=compute(session, request))
    session.add(snapshot)
    session.flush()
    return snapshot


def retake(session: Session, request: SiteRequest) -> SiteRequestEvidence:
    """A fresh snapshot (e.g. after new crime data); a closed request's evidence is final."""
    if request.state in CLOSED_STATES:
        raise ValidationFailed(f"site request {request.id} is {request.state.value}: its evidence is final",
                               field="state")
    return attach(session, request)


def latest(session: Session, request: SiteRequest) -> SiteRequestEvidence | None:
    return session.scalar(sa.select(SiteRequestEvidence).where(SiteRequestEvidence.request_id == request.id)
                          .order_by(SiteRequestEvidence.id.desc()).limit(1))


def _crimes(session: Session) -> tuple[CrimePoints, list[str]]:
    """The latest WINDOW_MONTHS of stored crime, default weights, grouped by point."""
    latest_month = session.scalar(sa.select(sa.func.max(Crime.month)))
    if latest_month is None:
        return CrimePoints.from_arrays(np.zeros(0), np.zeros(0), np.zeros(0)), []
    start = add_months(latest_month, -(WINDOW_MONTHS - 1))
    crimes = crime_points(session, weights=CrimeWeights.default(), since=start, until=latest_month)
    return crimes, [start.isoformat()[:7], latest_month.isoformat()[:7]]




def compute(session: Session, request: SiteRequest) -> dict[str, Any]:
    px, py = np.array([request.easting]), np.array([request.northing])
    crimes, window = _crimes(session)
    views = operational_views(session)
    covered = covered_by_views(crimes.x, crimes.y, views)
    everything = score_candidates(px, py, crimes, radius_m=RADIUS_M, bandwidth_m=BANDWIDTH_M)
    gap = score_candidates(px, py, crimes, radius_m=RADIUS_M, bandwidth_m=BANDWIDTH_M, already_covered=covered)
    seen_by = [view.camera_id for view in views if points_in_view(px, py, view)[0]]
    nearby = _nearby_cameras(session, request)
    since = add_months(utcnow().date().replace(day=1), -CAMERA_HISTORY_MONTHS)
    history = {name: _plain(provider(session, [c["id"] for c in nearby], since))
               for name, provider in CAMERA_HISTORY.items()}
    return {
        "crime_window": window,
        "crimes_within_radius": int(everything.gap_crimes[0]),
        "weighted_crime_within_radius": _num(everything.gap_weight[0]),
        "weighted_crime_uncovered": _num(gap.gap_weight[0]),
        "crimes_uncovered": int(gap.gap_crimes[0]),
        "by_type": everything.by_type(0),
        "density_per_km2": _num(everything.density_per_km2[0]),
        "hot_spot": _hot_spot(session, crimes.x, crimes.y, crimes.weight, request),
        "coverage": {"point_seen": bool(seen_by), "seen_by": seen_by,
                     "operational_cameras": len(views),
                     "share_of_weighted_crime_covered": (
                         _num(1 - gap.gap_weight[0] / everything.gap_weight[0])
                         if everything.gap_weight[0] > 0 else None)},
        "nearby_cameras": nearby,
        "camera_history": {"since": since.isoformat(), **history},
        "earlier_requests": _earlier_requests(session, request),
    }


def _num(value: float) -> float | None:
    value = float(value)
    return None if not math.isfinite(value) else round(value, 6)


def _hot_spot(session: Session, x, y, weights, request: SiteRequest) -> dict[str, Any] | None:
    shapes = register.all_ward_shapes(session)
    if not shapes:
        return None
    area = shapely.union_all([s.polygon_bng for s in shapes])
    result = hot_spots(x, y, CELL_M, weight=weights, area=area)
    row, col, inside = result.grid.cell_of(np.array([request.easting]), np.array([request.northing]))
    if not inside[0]:
        return None
    r, c = int(row[0]), int(col[0])
    gi_bin = int(result.gi_bin[r, c])
    return {"row": r, "col": c, "cell_bounds": list(result.grid.cell_bounds(r, c)),
            "weighted_crime_in_cell": _num(result.counts[r, c]), "z": _num(result.z[r, c]),
            "p": _num(result.p[r, c]), "gi_bin": gi_bin, "label": CLASS_LABELS[gi_bin]}


def _within(columns, easting: float, northing: float, distance: float):
    x, y = columns
    return sa.and_(x.between(easting - distance, easting + distance), y.between(northing - distance,
                                                                                 northing + distance))


def _nearby_cameras(session: Session, request: SiteRequest) -> list[dict[str, Any]]:
    rows = session.execute(
        sa.select(Camera.id, Camera.asset_number, Camera.status, Camera.camera_type, Site.code, Site.easting,
                  Site.northing).join(Site, Camera.site_id == Site.id)
        .where(_within((Site.easting, Site.northing), request.easting, request.northing, NEARBY_CAMERAS_M))).all()
    found = []
    for r in rows:
        distance = math.hypot(r.easting - request.easting, r.northing - request.northing)
        if distance <= NEARBY_CAMERAS_M:
            found.append({"id": r.id, "asset_number": r.asset_number, "site_code": r.code,
                          "status": r.status.value, "camera_type": r.camera_type.value,
                          "distance_m": round(distance, 1)})
    return sorted(found, key=lambda c: (c["distance_m"], c["asset_number"]))


def _earlier_requests(session: Session, request: SiteRequest) -> list[dict[str, Any]]:
    rows = session.execute(
        sa.select(SiteRequest.id, SiteRequest.title, SiteRequest.state, SiteRequest.raised_at,
                  SiteRequest.easting, SiteRequest.northing)
        .where(SiteRequest.id != request.id,
               _within((SiteRequest.easting, SiteRequest.northing), request.easting, request.northing,
                       EARLIER_REQUESTS_M))).all()
    found = []
    for r in rows:
        distance = math.hypot(r.easting - request.easting, r.northing - request.northing)
        if distance <= EARLIER_REQUESTS_M and r.raised_at <= request.raised_at:
            found.append({"id": r.id, "title": r.title, "state": r.state.value,
                          "raised_on": r.raised_at.date().isoformat(), "distance_m": round(distance, 1)})
    return sorted(found, key=lambda e: (e["raised_on"], e["id"]))
