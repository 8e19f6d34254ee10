"""Control-room incidents: their vocabulary and the statistics the board receives.

The Safer Communities Partnership Board's dashboard gives, for a period, the
number of incidents captured by CCTV, the share of each type as a whole
per cent, incidents by hour of day, and the proactive/reactive split.
Hours are London clock hours (the control room's).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from cctv_planner.domain.availability import LONDON, Period


class IncidentType(StrEnum):
    BEGGING = "begging"
    WELFARE_CONCERN = "welfare_concern"
    ANTI_SOCIAL_BEHAVIOUR = "anti_social_behaviour"
    ROAD_TRAFFIC_COLLISION = "road_traffic_collision"
    VIOLENCE = "violence"
    THEFT = "theft"
    DRUGS = "drugs"
    FLY_TIPPING = "fly_tipping"
    VANDALISM = "vandalism"
    FRAUD = "fraud"
    OTHER = "other"


# The board's own words.
INCIDENT_TYPE_LABELS = {
    IncidentType.BEGGING: "Begging",
    IncidentType.WELFARE_CONCERN: "Welfare Concern",
    IncidentType.ANTI_SOCIAL_BEHAVIOUR: "Anti-Social Behaviour",
    IncidentType.ROAD_TRAFFIC_COLLISION: "RTC (Road Traffic Collision)",
    IncidentType.VIOLENCE: "Violence",
    IncidentType.THEFT: "Theft",
    IncidentType.DRUGS: "Drugs",
    IncidentType.FLY_TIPPING: "Fly-tipping",
    IncidentType.VANDALISM: "Vandalism",
    IncidentType.FRAUD: "Fraud",
    IncidentType.OTHER: "Other",
}


class IncidentOrigin(StrEnum):
    PROACTIVE = "proactive"  # spotted by a control-room operator
    REACTIVE = "reactive"  # a police request


@dataclass(frozen=True)
class IncidentFacts:
    occurred_at: dt.datetime
    incident_type: IncidentType
    origin: IncidentOrigin
    arrest_made: bool = False


def published_percent(part: int, whole: int) -> int:
    """A share as the dashboard prints it: a whole per cent, halves rounded up.

    >>> published_percent(149, 383), published_percent(27, 383), published_percent(1, 8)
    (39, 7, 13)
    """
    if whole <= 0:
        raise ValueError("no incidents to take a share of")
    return int((Decimal(100 * part) / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class TypeShare:
    count: int
    percent: int  # as published: whole per cent
    share: float  # exact


@dataclass(frozen=True)
class IncidentStats:
    count: int
    by_type: dict[IncidentType, TypeShare]
    by_hour: list[int]  # 24 counts, London clock hours 00-23
    proactive: int
    reactive: int
    proactive_share: float | None
    arrests: int
    quietest_hours: tuple[int, int] | None = field(default=None)  # (from, to) hours, to exclusive


def quietest_window(by_hour: list[int], hours: int = 9) -> tuple[int, int]:
    """The run of ``hours`` consecutive clock hours (wrapping midnight) with fewest incidents.

    Ties go to the earliest start. Returns (start hour, end hour), end exclusive, mod 24.

    >>> quietest_window([0] * 9 + [5] * 15)
    (0, 9)
    """
    totals = [sum(by_hour[(start + k) % 24] for k in range(hours)) for start in range(24)]
    start = min(range(24), key=lambda s: (totals[s], s))
    return start, (start + hours) % 24


def incident_stats(incidents: Iterable[IncidentFacts], period: Period,
                   tz: dt.tzinfo = LONDON) -> IncidentStats:
    """Statistics of the incidents that occurred in ``period``."""
    chosen = [i for i in incidents if period.start <= i.occurred_at < period.end]
    count = len(chosen)
    types = Counter(i.incident_type for i in chosen)
    by_type = {t: TypeShare(types[t], published_percent(types[t], count) if count else 0,
                            types[t] / count if count else 0.0)
               for t in IncidentType}
    by_hour = [0] * 24
    for i in chosen:
        by_hour[i.occurred_at.astimezone(tz).hour] += 1
    proactive = sum(1 for i in chosen if i.origin is IncidentOrigin.PROACTIVE)
    return IncidentStats(
        count=count, by_type=by_type, by_hour=by_hour, proactive=proactive, reactive=count - proactive,
        proactive_share=proactive / count if count else None,
        arrests=sum(1 for i in chosen if i.arrest_made),
        quietest_hours=quietest_window(by_hour) if count else None,
    )
