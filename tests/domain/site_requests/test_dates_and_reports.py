"""Review dates, overdue, and the report maths (time in state, conversion)."""

from __future__ import annotations

import datetime as dt

from cctv_planner.domain.site_requests import dates, reports
from cctv_planner.domain.site_requests.vocabulary import RequestState as S

UTC = dt.UTC


def test_first_review_three_months_after_installation():
    assert dates.first_review_due(dt.date(2026, 4, 15)) == dt.date(2026, 7, 15)
    assert dates.first_review_due(dt.date(2025, 11, 30)) == dt.date(2026, 2, 28)   # clamped
    assert dates.first_review_due(dt.date(2027, 11, 30)) == dt.date(2028, 2, 29)   # leap year
    assert dates.first_review_due(dt.date(2026, 10, 31)) == dt.date(2027, 1, 31)   # year rolls


def test_overdue():
    day = dt.date(2026, 2, 1)
    assert dates.is_overdue(S.RAISED, dt.date(2026, 1, 31), day)
    assert not dates.is_overdue(S.RAISED, day, day)                      # due today is not late
    assert dates.is_overdue(S.LOGGED_AND_MONITORED, dt.date(2026, 1, 1), day)  # the future look is missed
    assert not dates.is_overdue(S.COMPLETED, dt.date(2026, 1, 1), day)
    assert not dates.is_overdue(S.RAISED, None, day)
    assert dates.default_review_due(dt.date(2026, 1, 1)) == dt.date(2026, 1, 29)


def _at(day, hour=0):
    return dt.datetime(2026, 1, day, hour, tzinfo=UTC)


def test_time_in_state_median_and_p90():
    # Five requests each spend 1, 2, 3, 4, 10 days raised, then move on.
    changes = []
    for rid, days in enumerate([1, 2, 3, 4, 10], start=1):
        changes += [reports.StateChange(rid, _at(1), S.RAISED),
                    reports.StateChange(rid, _at(1 + days), S.UNDER_INVESTIGATION)]
    # A findings self-loop does not end the stay under investigation.
    changes.append(reports.StateChange(1, _at(3), S.UNDER_INVESTIGATION))
    result = reports.time_in_state(changes, as_of=_at(21))
    # Median of 1,2,3,4,10 = 3; p90 by linear interpolation: position 0.9*4 = 3.6 -> 4 + 0.6*(10-4) = 7.6.
    assert result["raised"] == {"visits": 5, "median_days": 3.0, "p90_days": 7.6}
    # Under investigation from 2, 3, 4, 5, 11 Jan until as_of (21 Jan): 19, 18, 17, 16, 10 days.
    assert result["under_investigation"]["median_days"] == 17.0
    assert result["completed"] == {"visits": 0, "median_days": None, "p90_days": None}


def test_conversion():
    reached = {1: {S.RAISED, S.UNDER_INVESTIGATION, S.RECOMMENDED, S.CCTV_PROPOSED, S.IN_IMPLEMENTATION,
                   S.COMPLETED},
               2: {S.RAISED, S.UNDER_INVESTIGATION, S.LOGGED_AND_MONITORED},
               3: {S.RAISED, S.WITHDRAWN},
               4: {S.RAISED}}
    result = reports.conversion(reached)
    assert result["raised"] == 4 and result["installed"] == 1 and result["conversion"] == 0.25
    assert result["reached"]["under_investigation"] == 2 and result["reached"]["awaiting_funding"] == 0
