"""Availability and fault-handling measures, from fault history alone.

Pure maths (formulas in ``docs/faults-and-availability.md``):

* an **outage** is an out-of-service fault that was not cancelled; it runs from
  ``detected_at`` (when the camera really stopped working, not when someone
  noticed) to ``resolved_at``, or, while the fault is still open, to the end of
  whatever period is being measured;
* a camera's **downtime** in a period is the length of the union of its
  outages clipped to the period (overlapping faults are not counted twice);
* **availability** = 1 - downtime / period. For the estate the cameras' time is
  pooled: 1 - sum(downtime) / sum(time each camera existed in the period);
* a camera exists from the start of its ``installed_on`` day (London time);
  one with no installation date has always existed.

Days are London days (Europe/London): a period from 24 Oct to 29 Nov runs from
midnight starting 24 Oct to midnight ending 29 Nov, local time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np

LONDON = ZoneInfo("Europe/London")
HOUR = 3600.0


@dataclass(frozen=True)
class Period:
    """A half-open span of time ``[start, end)`` (aware datetimes)."""

    start: dt.datetime
    end: dt.datetime

    def __post_init__(self):
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("a period needs aware datetimes")
        if self.end <= self.start:
            raise ValueError("a period must end after it starts")

    @classmethod
    def of_days(cls, first: dt.date, last: dt.date, tz: dt.tzinfo = LONDON) -> Period:
        """Whole days ``first`` to ``last`` inclusive, in ``tz``."""
        if last < first:
            raise ValueError("the period's last day is before its first")
        return cls(day_start(first, tz), day_start(day_after(last), tz))

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


def day_after(day: dt.date) -> dt.date:
    """The next day; ValueError (not OverflowError) for the last day a date can hold."""
    if day >= dt.date.max:
        raise ValueError(f"there is no day after {day.isoformat()}")
    return day + dt.timedelta(days=1)


def day_start(day: dt.date, tz: dt.tzinfo = LONDON) -> dt.datetime:
    """Midnight at the start of ``day`` in ``tz``, as a UTC datetime.

    In UTC because Python subtracts and compares two datetimes of the same
    zone by their wall clocks, which would make 30 Oct 2022 24 hours long.
    """
    return dt.datetime.combine(day, dt.time(), tz).astimezone(dt.UTC)


@dataclass(frozen=True)
class CameraLife:
    """A camera counted by the measures: when it came into the estate, and its groups."""

    camera_id: int
    installed_on: dt.date | None = None
    ward: str | None = None

    def period_within(self, period: Period, tz: dt.tzinfo = LONDON) -> Period | None:
        """The part of ``period`` in which the camera existed (None: not at all)."""
        if self.installed_on is None:
            return period
        start = max(period.start, day_start(self.installed_on, tz))
        return Period(start, period.end) if start < period.end else None


@dataclass(frozen=True)
class FaultRecord:
    """The facts of one fault the measures use."""

    fault_id: int
    camera_id: int
    detected_at: dt.datetime
    reported_at: dt.datetime
    resolved_at: dt.datetime | None
    severity: str
    out_of_service: bool
    cancelled: bool = False
    contractor: str | None = None
    ward: str | None = None

    @property
    def is_outage(self) -> bool:
        return self.out_of_service and not self.cancelled


@dataclass(frozen=True)
class Outage:
    camera_id: int
    start: dt.datetime
    end: dt.datetime | None  # None: still out of service


def outages_of(records: Iterable[FaultRecord]) -> list[Outage]:
    return [Outage(r.camera_id, r.detected_at, r.resolved_at) for r in records if r.is_outage]


# --- downtime and availability ----------------------------------------------

def union_within(intervals: Iterable[tuple[dt.datetime, dt.datetime | None]],
                 period: Period) -> list[tuple[dt.datetime, dt.datetime]]:
    """Clip each interval to the period (an open end runs to the period's end) and merge.

    >>> p = Period.of_days(dt.date(2022, 1, 3), dt.date(2022, 1, 3), dt.UTC)
    >>> at = lambda h: p.start + dt.timedelta(hours=h)
    >>> [(a.hour, b.hour) for a, b in union_within([(at(1), at(3)), (at(2), at(5)), (at(7), None)], p)]
    [(1, 5), (7, 0)]
    """
    clipped = []
    for start, end in intervals:
        s = max(start, period.start)
        e = period.end if end is None else min(end, period.end)
        if s < e:
            clipped.append((s, e))
    clipped.sort()
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for s, e in clipped:
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def downtime_seconds(outages: Iterable[Outage], period: Period) -> float:
    """Seconds of ``period`` covered by at least one outage."""
    return sum((e - s).total_seconds() for s, e in union_within(((o.start, o.end) for o in outages), period))


def availability(outages: Iterable[Outage], period: Period) -> float:
    """1 - downtime / period, for one camera's outages."""
    return 1.0 - downtime_seconds(outages, period) / period.seconds


@dataclass(frozen=True)
class CameraAvailability:
    camera_id: int
    exposure_seconds: float  # time the camera existed in the period
    downtime_seconds: float

    @property
    def availability(self) -> float | None:
        return 1.0 - self.downtime_seconds / self.exposure_seconds if self.exposure_seconds else None


def camera_availability(cameras: Iterable[CameraLife], outages: Iterable[Outage],
                        period: Period) -> list[CameraAvailability]:
    """Each camera's exposure and downtime; cameras not yet installed are left out."""
    by_camera: dict[int, list[Outage]] = defaultdict(list)
    for o in outages:
        by_camera[o.camera_id].append(o)
    result = []
    for camera in cameras:
        window = camera.period_within(period)
        if window is None:
            continue
        result.append(CameraAvailability(camera.camera_id, window.seconds,
                                         downtime_seconds(by_camera.get(camera.camera_id, ()), window)))
    return result


def pooled_availability(rows: Iterable[CameraAvailability]) -> float | None:
    """1 - sum(downtime) / sum(exposure): the estate's (or a group's) availability."""
    rows = list(rows)
    exposure = sum(r.exposure_seconds for r in rows)
    return 1.0 - sum(r.downtime_seconds for r in rows) / exposure if exposure else None


def availability_by(cameras: Sequence[CameraLife], per_camera: Iterable[CameraAvailability],
                    key: Callable[[CameraLife], Hashable]) -> dict[Hashable, float | None]:
    """Pooled availability per group of cameras (e.g. per ward)."""
    group_of = {c.camera_id: key(c) for c in cameras}
    groups: dict[Hashable, list[CameraAvailability]] = defaultdict(list)
    for row in per_camera:
        groups[group_of[row.camera_id]].append(row)
    return {k: pooled_availability(v) for k, v in groups.items()}


def mtbf_hours(per_camera: Iterable[CameraAvailability], outages: Iterable[Outage],
               period: Period) -> float | None:
    """Mean time between failures: hours the cameras were up / outages that began in the period.

    Only outages of the cameras in ``per_camera`` count. None when none began.
    """
    rows = list(per_camera)
    ids = {r.camera_id for r in rows}
    failures = sum(1 for o in outages if o.camera_id in ids and period.start <= o.start < period.end)
    if not failures:
        return None
    uptime = sum(r.exposure_seconds - r.downtime_seconds for r in rows)
    return uptime / failures / HOUR


# --- fault handling -----------------------------------------------------------

def _mean_hours(spans: list[dt.timedelta]) -> float | None:
    return sum(s.total_seconds() for s in spans) / len(spans) / HOUR if spans else None


def _in(period: Period, moment: dt.datetime | None) -> bool:
    return moment is not None and period.start <= moment < period.end


def mttr_hours(records: Iterable[FaultRecord], period: Period) -> float | None:
    """Mean time to repair: mean of (resolved - reported) over faults resolved in the period.

    The clock starts at the report because that is when the contractor could
    start; the time before it is the detection-to-report delay, measured apart.
    """
    return _mean_hours([r.resolved_at - r.reported_at for r in records
                        if not r.cancelled and _in(period, r.resolved_at)])


def within_target_share(records: Iterable[FaultRecord], period: Period,
                        target_hours: Mapping[str, int]) -> float | None:
    """Share of the faults resolved in the period that were fixed within their severity's target."""
    resolved = [r for r in records if not r.cancelled and _in(period, r.resolved_at)]
    if not resolved:
        return None
    ok = sum(1 for r in resolved
             if r.resolved_at - r.reported_at <= dt.timedelta(hours=target_hours[r.severity]))
    return ok / len(resolved)


def mean_report_delay_hours(records: Iterable[FaultRecord], period: Period) -> float | None:
    """Mean of (reported - detected) over faults reported in the period (the papers' failure)."""
    return _mean_hours([r.reported_at - r.detected_at for r in records
                        if not r.cancelled and _in(period, r.reported_at)])


@dataclass(frozen=True)
class FaultSummary:
    reported: int
    resolved: int
    open_at_end: int
    mttr_hours: float | None
    within_target_share: float | None
    mean_report_delay_hours: float | None


def fault_summary(records: Iterable[FaultRecord], period: Period,
                  target_hours: Mapping[str, int]) -> FaultSummary:
    records = [r for r in records if not r.cancelled]
    return FaultSummary(
        reported=sum(1 for r in records if _in(period, r.reported_at)),
        resolved=sum(1 for r in records if _in(period, r.resolved_at)),
        open_at_end=sum(1 for r in records if r.reported_at < period.end
                        and (r.resolved_at is None or r.resolved_at >= period.end)),
        mttr_hours=mttr_hours(records, period),
        within_target_share=within_target_share(records, period, target_hours),
        mean_report_delay_hours=mean_report_delay_hours(records, period),
    )


def fault_summary_by(records: Iterable[FaultRecord], period: Period, target_hours: Mapping[str, int],
                     key: Callable[[FaultRecord], Hashable]) -> dict[Hashable, FaultSummary]:
    """:func:`fault_summary` per group (e.g. per contractor or per ward)."""
    groups: dict[Hashable, list[FaultRecord]] = defaultdict(list)
    for r in records:
        groups[key(r)].append(r)
    return {k: fault_summary(v, period, target_hours) for k, v in groups.items()}


# --- the board's line: operational cameras of total ----------------------------

@dataclass(frozen=True)
class SeriesPoint:
    day: dt.date
    operational: int
    total: int


def sample_days(first: dt.date, last: dt.date, step_days: int = 1) -> list[dt.date]:
    """The days sampled: every day, or the last day of each ``step_days`` block (and ``last``).

    >>> sample_days(dt.date(2022, 1, 1), dt.date(2022, 1, 16), 7)
    [datetime.date(2022, 1, 7), datetime.date(2022, 1, 14), datetime.date(2022, 1, 16)]
    """
    if last < first or step_days < 1:
        raise ValueError("give first <= last and a positive step")
    # By ordinal, so that a step past the last date a date can hold does not overflow.
    days = [dt.date.fromordinal(n) for n in range(first.toordinal() + step_days - 1, last.toordinal() + 1, step_days)]
    if not days or days[-1] != last:
        days.append(last)
    return days


def operational_series(cameras: Sequence[CameraLife], outages: Iterable[Outage], first: dt.date,
                       last: dt.date, step_days: int = 1, tz: dt.tzinfo = LONDON) -> list[SeriesPoint]:
    """Operational cameras of total as at the end of each sampled day.

    A camera counts in the day's total once installed (``installed_on`` on or
    before the day). It is down at the end of day d, i.e. at the instant T that
    ends it (midnight, local time), when an outage began before T and had not
    ended before T (``start < T <= end``, an open outage never ends).
    """
    days = sample_days(first, last, step_days)
    ends = np.array([day_start(day_after(d), tz).timestamp() for d in days])
    index = {c.camera_id: i for i, c in enumerate(cameras)}
    installed = np.array([-np.inf if c.installed_on is None else day_start(c.installed_on, tz).timestamp()
                          for c in cameras])
    exists = installed[:, None] < ends[None, :]  # (cameras, days)
    down = np.zeros_like(exists)
    rows = [(index[o.camera_id], o.start.timestamp(), np.inf if o.end is None else o.end.timestamp())
            for o in outages if o.camera_id in index]
    if rows:
        cam, start, end = (np.array(col) for col in zip(*rows, strict=True))
        covered = (start[:, None] < ends[None, :]) & (end[:, None] >= ends[None, :])
        np.logical_or.at(down, cam.astype(int), covered)
    down &= exists
    totals = exists.sum(axis=0)
    operational = totals - down.sum(axis=0)
    return [SeriesPoint(d, int(o), int(t)) for d, o, t in zip(days, operational, totals, strict=True)]
