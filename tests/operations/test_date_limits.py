"""Extreme dates are refused with a 422 naming the field (API) or a usage error (CLI), never a 500
or a traceback; periods are at most 20 years long, and at most 5 with a daily series."""

from __future__ import annotations

import re

import pytest

from cctv_planner.domain import dates

BEFORE = "0001-01-01"
AFTER = "9999-12-31"


def _refused(response, field):
    assert response.status_code == 422, response.json
    errors = response.json["errors"]["query"]
    assert list(errors) == [field], errors
    return errors[field][0]


@pytest.mark.parametrize("query, field", [
    (f"from={BEFORE}&to={AFTER}", None),  # both named
    (f"from=2022-01-01&to={AFTER}", "to"),
    (f"from={BEFORE}&to=2022-01-01", "from"),
    ("from=1900-01-01&to=2100-12-31&step=day", "from"),
    ("from=2101-01-01&to=2101-01-02", None),
])
def test_availability_refuses_days_outside_1990_to_2100(client, manager, cameras, query, field):
    response = client.get(f"/api/availability?{query}", headers=manager)
    assert response.status_code == 422, response.json
    errors = response.json["errors"]["query"]
    if field is None:
        assert set(errors) == {"from", "to"}
    else:
        assert list(errors) == [field]
    assert all("1990-01-01 to 2100-12-31" in message for messages in errors.values() for message in messages)


def test_availability_period_length_is_capped(client, manager, cameras):
    # --step day: at most 1,827 days (5 years), one row per day
    ok = client.get("/api/availability?from=2018-01-01&to=2022-12-31&step=day&cameras=false", headers=manager)
    assert ok.status_code == 200, ok.json
    assert len(ok.json["series"]) == 1826
    message = _refused(client.get("/api/availability?from=2017-01-01&to=2022-12-31&step=day", headers=manager),
                       "to")
    assert "at most 5 years" in message
    # --step week: at most 7,305 days (20 years)
    ok = client.get("/api/availability?from=2002-01-01&to=2021-12-31&step=week&cameras=false", headers=manager)
    assert ok.status_code == 200, ok.json
    assert ok.json["series"][-1]["day"] == "2021-12-31"
    message = _refused(client.get("/api/availability?from=1990-01-01&to=2100-12-31&step=week", headers=manager),
                       "to")
    assert "at most 20 years" in message
    assert _refused(client.get("/api/availability?from=2022-02-01&to=2022-01-31", headers=manager),
                    "to") == "to is before from"


def test_incident_stats_and_lists_refuse_extreme_days(client, manager, cameras):
    assert "9999-12-31" in _refused(
        client.get(f"/api/incidents/stats?from=2022-01-01&to={AFTER}", headers=manager), "to")
    assert "at most 20 years" in _refused(
        client.get("/api/incidents/stats?from=1990-01-01&to=2022-12-31", headers=manager), "to")
    assert client.get("/api/incidents/stats?from=2003-01-01&to=2022-12-31", headers=manager).status_code == 200
    # the lists add a day to "to", so they overflowed too
    _refused(client.get(f"/api/incidents?to={AFTER}", headers=manager), "to")
    _refused(client.get(f"/api/faults?reported_to={AFTER}", headers=manager), "reported_to")
    _refused(client.get(f"/api/contracts?active_on={BEFORE}", headers=manager), "active_on")


@pytest.mark.parametrize("report", ["due", "overdue", "decisions-outstanding"])
def test_review_reports_refuse_extreme_as_of(client, manager, cameras, report):
    for day in (AFTER, BEFORE, "2101-01-01", "1989-12-31"):
        assert day in _refused(client.get(f"/api/reviews/reports/{report}?as_of={day}", headers=manager), "as_of")
    for day in ("1990-01-01", "2100-12-31"):
        response = client.get(f"/api/reviews/reports/{report}?as_of={day}", headers=manager)
        assert response.status_code == 200, response.json
    # the widest window the due report allows still fits
    response = client.get("/api/reviews/reports/due?as_of=2100-12-31&days=3660", headers=manager)
    assert response.status_code == 200, response.json


def _usage_error(result, option):
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and "OverflowError" not in result.output
    assert re.search(f"Invalid value for '?{option}'?:", result.output), result.output
    return result.output


@pytest.mark.parametrize("args, option", [
    (("incident-stats", "--from", "2022-01-01", "--to", AFTER), "--to"),
    (("incident-stats", "--from", BEFORE, "--to", "2022-01-01"), "--from"),
    (("incident-stats", "--from", "1990-01-01", "--to", "2022-12-31"), "--to"),
    (("reviews-due", "--as-of", AFTER), "--as-of"),
    (("reviews-due", "--as-of", "1989-12-31"), "--as-of"),
    (("availability", "--from", "2022-01-01", "--to", AFTER), "--to"),
    (("availability", "--from", BEFORE, "--to", AFTER), "--from"),
    (("availability", "--from", "1990-01-01", "--to", "2100-12-31"), "--to"),
    (("availability", "--from", "2017-01-01", "--to", "2022-12-31", "--step", "day"), "--to"),
    (("availability", "--from", "2022-02-01", "--to", "2022-01-31"), "--to"),
])
def test_cli_refuses_extreme_days_cleanly(run, cameras, args, option):
    output = _usage_error(run(*args), option)
    assert ("1990-01-01 to 2100-12-31" in output or "at most" in output
            or "--to is before --from" in output), output


def test_cli_accepts_the_longest_periods(run, cameras):
    result = run("availability", "--from", "2018-01-01", "--to", "2022-12-31", "--step", "day")
    assert result.exit_code == 0, result.output
    assert result.output.count(" of 2\n") == 1826  # one line per day, both cameras installed in 2014
    result = run("incident-stats", "--from", "2003-01-01", "--to", "2022-12-31")
    assert result.exit_code == 0 and "there were 0 incidents" in result.output, result.output
    result = run("reviews-due", "--as-of", "2100-12-31", "--days", "3660")
    assert result.exit_code == 0 and "Operational reviews as of 2100-12-31" in result.output, result.output


def test_the_limits_are_the_shared_ones():
    assert (dates.EARLIEST.isoformat(), dates.LATEST.isoformat()) == ("1990-01-01", "2100-12-31")
    assert dates.MAX_DAILY_PERIOD_DAYS == 1827 and dates.MAX_PERIOD_DAYS == 7305
