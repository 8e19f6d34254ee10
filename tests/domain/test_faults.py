"""The fault workflow: every pair of statuses, allowed or refused, and the target fix times."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from cctv_planner.domain.errors import InvalidTransition, ValidationFailed
from cctv_planner.domain.faults import (
    DEFAULT_TARGET_HOURS,
    FaultStatus,
    Severity,
    check_fault_times,
    check_transition,
    parse_target_hours,
    target_fix_by,
)

# The table, written out independently of the code: (from, to) pairs allowed.
ALLOWED = {
    ("open", "assigned"), ("open", "resolved"), ("open", "cancelled"),
    ("assigned", "open"), ("assigned", "awaiting_parts"), ("assigned", "resolved"), ("assigned", "cancelled"),
    ("awaiting_parts", "assigned"), ("awaiting_parts", "resolved"), ("awaiting_parts", "cancelled"),
    ("resolved", "open"), ("resolved", "closed"),
}


@pytest.mark.parametrize(("current", "new"), list(itertools.product(FaultStatus, FaultStatus)))
def test_every_transition_is_allowed_or_refused_as_the_table_says(current, new):
    if (current.value, new.value) in ALLOWED:
        check_transition(current, new)
    else:
        with pytest.raises(InvalidTransition) as caught:
            check_transition(current, new)
        assert caught.value.http_status == 409
        assert f"a {current.value} fault cannot become {new.value}" in caught.value.message


def test_the_refusal_says_what_is_allowed():
    with pytest.raises(InvalidTransition) as caught:
        check_transition(FaultStatus.OPEN, FaultStatus.CLOSED)
    assert caught.value.message == ("a open fault cannot become closed: from open it may become "
                                    "assigned, resolved, cancelled")
    with pytest.raises(InvalidTransition) as caught:
        check_transition(FaultStatus.CANCELLED, FaultStatus.OPEN)
    assert caught.value.message.endswith("a cancelled fault is final")


def test_target_times_are_configurable():
    assert DEFAULT_TARGET_HOURS[Severity.CRITICAL] == 24
    targets = parse_target_hours("critical=4,high=48")
    assert targets[Severity.CRITICAL] == 4 and targets[Severity.HIGH] == 48
    assert targets[Severity.LOW] == DEFAULT_TARGET_HOURS[Severity.LOW]
    reported = dt.datetime(2022, 6, 1, 9, tzinfo=dt.UTC)
    assert target_fix_by(reported, Severity.HIGH, targets) == dt.datetime(2022, 6, 3, 9, tzinfo=dt.UTC)
    for bad in ("urgent=4", "high=soon", "high=0"):
        with pytest.raises(ValueError):
            parse_target_hours(bad)


def test_times_must_run_forwards():
    t = dt.datetime(2022, 6, 1, tzinfo=dt.UTC)
    check_fault_times(t, t, t)
    with pytest.raises(ValidationFailed) as caught:
        check_fault_times(t, t - dt.timedelta(hours=1), None)
    assert caught.value.field == "reported_at"
    with pytest.raises(ValidationFailed) as caught:
        check_fault_times(t - dt.timedelta(days=2), t, t - dt.timedelta(days=1))
    assert caught.value.field == "resolved_at"
