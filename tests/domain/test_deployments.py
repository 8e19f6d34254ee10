"""Redeployable cameras standing too long in one place."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from cctv_planner.domain.deployments import add_months, standing_too_long, whole_months_between


@pytest.mark.parametrize(("start", "end", "months"), [
    (dt.date(2020, 1, 15), dt.date(2021, 7, 15), 18),
    (dt.date(2020, 1, 15), dt.date(2021, 7, 14), 17),
    (dt.date(2020, 1, 31), dt.date(2020, 2, 29), 0),
    (dt.date(2020, 3, 1), dt.date(2020, 2, 1), 0),
])
def test_whole_months_between(start, end, months):
    assert whole_months_between(start, end) == months


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2020, 1, 31), 1) == dt.date(2020, 2, 29)
    assert add_months(dt.date(2021, 8, 31), 18) == dt.date(2023, 2, 28)


def _d(i, started, ended=None):
    return SimpleNamespace(deployment_id=i, asset_number=f"M{i}", place=f"place {i}", started_on=started,
                           ended_on=ended)


def test_only_open_deployments_over_18_months_are_flagged():
    as_of = dt.date(2021, 12, 1)
    deployments = [
        _d(1, dt.date(2019, 6, 1)),                         # 30 months: flagged
        _d(2, dt.date(2020, 6, 1)),                         # exactly 18 months: not "over"
        _d(3, dt.date(2020, 5, 31)),                        # 18 months and a day: flagged
        _d(4, dt.date(2018, 1, 1), dt.date(2019, 1, 1)),    # ended long ago: not standing
        _d(5, dt.date(2019, 1, 1), dt.date(2022, 6, 1)),    # ends after as_of: still standing
        _d(6, dt.date(2022, 1, 1)),                         # not started yet
    ]
    flagged = standing_too_long(deployments, as_of)
    assert [(f.asset_number, f.months_standing) for f in flagged] == [("M5", 35), ("M1", 30), ("M3", 18)]
