"""The accepted dates and period lengths, and the domain functions at the edges of the calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from cctv_planner.domain import dates
from cctv_planner.domain.availability import CameraLife, Period, day_after, operational_series, sample_days
from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.reviews import CameraReviewFacts, due_within

D = dt.date


@pytest.mark.parametrize("day", [D(1990, 1, 1), D(2022, 11, 30), D(2100, 12, 31)])
def test_days_from_1990_to_2100_are_accepted(day):
    assert dates.check_date(day, "as_of") == day


@pytest.mark.parametrize("day", [dt.date.min, D(1989, 12, 31), D(2101, 1, 1), dt.date.max])
def test_other_days_are_refused_naming_the_field(day):
    with pytest.raises(ValidationFailed) as caught:
        dates.check_date(day, "as_of")
    assert caught.value.field == "as_of" and caught.value.http_status == 422
    assert caught.value.errors == {"as_of": [caught.value.message]}
    assert day.isoformat() in caught.value.message and "1990-01-01 to 2100-12-31" in caught.value.message


def test_check_period_names_the_day_at_fault_and_caps_the_length():
    with pytest.raises(ValidationFailed) as caught:
        dates.check_period(D(1900, 1, 1), D(2000, 1, 1))
    assert caught.value.field == "from"
    with pytest.raises(ValidationFailed) as caught:
        dates.check_period(D(2022, 1, 2), D(2022, 1, 1))
    assert (caught.value.field, caught.value.message) == ("to", "to is before from")
    # 20 years of 365.25 days: 2003-01-01..2022-12-31 is 7,305 days inclusive, one more is too many
    assert dates.check_period(D(2003, 1, 1), D(2022, 12, 31)) == (D(2003, 1, 1), D(2022, 12, 31))
    with pytest.raises(ValidationFailed) as caught:
        dates.check_period(D(2002, 12, 31), D(2022, 12, 31))
    assert caught.value.field == "to" and "7306 days" in caught.value.message and "20 years" in caught.value.message
    # the daily cap: 1,827 days
    dates.check_period(D(2018, 1, 1), D(2023, 1, 1), dates.MAX_DAILY_PERIOD_DAYS)
    with pytest.raises(ValidationFailed, match="at most 5 years"):
        dates.check_period(D(2018, 1, 1), D(2023, 1, 2), dates.MAX_DAILY_PERIOD_DAYS, field="--to",
                           start_field="--from")
    with pytest.raises(ValidationFailed) as caught:
        dates.check_period(D(2022, 1, 2), D(2022, 1, 1), field="--to", start_field="--from")
    assert caught.value.message == "--to is before --from"


def test_add_days_holds_at_the_ends_of_the_calendar():
    assert dates.add_days(D(2022, 12, 31), 1) == D(2023, 1, 1)
    assert dates.add_days(D(9999, 12, 1), 3660) == dt.date.max
    assert dates.add_days(D(1, 1, 5), -10) == dt.date.min


def test_the_last_representable_day_gives_a_value_error_not_an_overflow():
    assert day_after(D(2022, 10, 30)) == D(2022, 10, 31)
    with pytest.raises(ValueError, match="no day after 9999-12-31"):
        day_after(dt.date.max)
    with pytest.raises(ValueError, match="no day after"):
        Period.of_days(D(2022, 1, 1), dt.date.max)
    with pytest.raises(ValueError, match="no day after"):
        operational_series([CameraLife(1)], [], D(9999, 12, 30), dt.date.max)


def test_sample_days_reaches_the_last_day_without_overflowing():
    assert sample_days(D(9999, 12, 20), dt.date.max, 7) == [D(9999, 12, 26), dt.date.max]
    assert sample_days(D(2022, 1, 1), D(2022, 1, 16), 7) == [D(2022, 1, 7), D(2022, 1, 14), D(2022, 1, 16)]
    assert sample_days(D(2022, 1, 1), D(2022, 1, 3)) == [D(2022, 1, 1), D(2022, 1, 2), D(2022, 1, 3)]


def test_due_within_a_horizon_past_the_calendar_does_not_overflow():
    facts = [CameraReviewFacts(1, "BO69", "Burnt Oak", None, None, last_completed=D(9998, 12, 31),
                               last_review_id=7),
             CameraReviewFacts(2, "BO61", "Burnt Oak", None, None, last_completed=D(9998, 12, 1),
                               last_review_id=8)]
    rows = due_within(facts, 12, D(9999, 12, 1), days=3660)
    assert [(r.asset_number, r.due_on) for r in rows] == [("BO61", D(9999, 12, 1)), ("BO69", dt.date.max)]
    assert due_within(facts, 12, D(9999, 12, 1), days=29) == rows[:1]
