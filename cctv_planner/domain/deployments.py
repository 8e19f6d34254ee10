"""Rules about redeployable cameras and where they stand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cctv_planner.domain.dates import add_months
from cctv_planner.domain.register import MOBILE_STANDING_LIMIT_MONTHS


def whole_months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from ``start`` to ``end`` (0 if end is before start).

    >>> whole_months_between(dt.date(2020, 1, 31), dt.date(2020, 2, 29))
    0
    >>> whole_months_between(dt.date(2020, 1, 15), dt.date(2021, 7, 15))
    18
    """
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return months


@dataclass(frozen=True)
class DeploymentPeriod:
    """Where a redeployable camera stood, from when, until when (None: still there)."""

    deployment_id: int
    asset_number: str
    place: str
    started_on: dt.date
    ended_on: dt.date | None


@dataclass(frozen=True)
class StandingDeployment:
    deployment_id: int
    asset_number: str
    place: str
    started_on: dt.date
    months_standing: int


def standing_too_long(deployments, as_of: dt.date,
                      limit_months: int = MOBILE_STANDING_LIMIT_MONTHS) -> list[StandingDeployment]:
    """Open deployments of "mobile" cameras that have stood in one place over ``limit_months``.

    ``deployments`` is an iterable of :class:`DeploymentPeriod` (or objects
    with the same attributes). The papers' review found every mobile unit had stood 18 months or more, which makes it
    a fixed camera in all but name.
    """
    flagged = []
    for d in deployments:
        if d.ended_on is not None and d.ended_on <= as_of:
            continue
        if d.started_on > as_of:
            continue
        if as_of > add_months(d.started_on, limit_months):
            months = whole_months_between(d.started_on, as_of)
            flagged.append(StandingDeployment(d.deployment_id, d.asset_number, d.place, d.started_on, months))
    return sorted(flagged, key=lambda s: (-s.months_standing, s.asset_number))


