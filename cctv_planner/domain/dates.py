"""The dates the product accepts as input, and how long a reported period may be.

One rule for the API's query arguments and the CLI's options alike:

* a day must fall in the years 1990 to 2100 (:data:`EARLIEST` to :data:`LATEST`).
  Barnet's CCTV records start in the 1990s and the plans run a few decades on;
  anything outside is a typo (and ``9999-12-31`` plus a day does not exist);
* a period (first to last day, inclusive) may be at most 20 years long
  (:data:`MAX_PERIOD_DAYS`), and at most 5 years when a value is computed for
  every day of it (:data:`MAX_DAILY_PERIOD_DAYS`, the availability series with
  ``step=day``: about 1,800 rows).

Pure: the checks raise :class:`ValidationFailed` naming the field; the API and
the CLI turn that into their own kind of error.
"""

from __future__ import annotations

import calendar
import datetime as dt

from cctv_planner.domain.errors import ValidationFailed

EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)
MAX_PERIOD_YEARS = 20
MAX_DAILY_PERIOD_YEARS = 5
MAX_PERIOD_DAYS = 7305  # 20 years of 365.25 days
MAX_DAILY_PERIOD_DAYS = 1827  # 5 years, one leap day included


def check_date(day: dt.date, field: str) -> dt.date:
    """``day`` if it lies in EARLIEST..LATEST; otherwise ValidationFailed naming ``field``."""
    if not EARLIEST <= day <= LATEST:
        raise ValidationFailed(f"{field} must be a day from {EARLIEST.isoformat()} to {LATEST.isoformat()}, "
                               f"not {day.isoformat()}", field=field)
    return day


def _years(days: int) -> str:
    return {MAX_PERIOD_DAYS: f"{MAX_PERIOD_YEARS} years",
            MAX_DAILY_PERIOD_DAYS: f"{MAX_DAILY_PERIOD_YEARS} years"}.get(days, f"{days} days")


def check_period(start: dt.date, end: dt.date, max_days: int = MAX_PERIOD_DAYS, field: str = "to",
                 start_field: str = "from") -> tuple[dt.date, dt.date]:
    """Both days in range, ``end`` not before ``start``, and at most ``max_days`` days inclusive.

    A bad start names ``start_field``; anything else names ``field`` (the end).
    """
    check_date(start, start_field)
    check_date(end, field)
    if end < start:
        raise ValidationFailed(f"{field} is before {start_field}", field=field)
    days = (end - start).days + 1
    if days > max_days:
        raise ValidationFailed(f"the period is {days} days long; it may be at most {_years(max_days)} "
                               f"({max_days} days)", field=field)
    return start, end


def add_days(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days``, held at the first or last date Python can represent instead of overflowing."""
    ordinal = day.toordinal() + days
    return dt.date.fromordinal(min(max(ordinal, dt.date.min.toordinal()), dt.date.max.toordinal()))


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole calendar months (negative: earlier); a day past the month's end
    becomes its last day. Used for review intervals, deployment limits and report windows.

    >>> add_months(dt.date(2022, 1, 31), 1)
    datetime.date(2022, 2, 28)
    >>> add_months(dt.date(2024, 2, 29), 12)
    datetime.date(2025, 2, 28)
    >>> add_months(dt.date(2023, 3, 31), -1)
    datetime.date(2023, 2, 28)
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
