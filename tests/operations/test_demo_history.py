"""The Barnet demo's history: the board's incident figures and the 37 -> 93 line (must-show 5)."""

from __future__ import annotations

import json

import sqlalchemy as sa

from cctv_planner.models import Fault, Incident
from cctv_planner.services import fixtures, register


def test_demo_history_reproduces_the_published_figures(db_session, run):
    counts = fixtures.load(db_session, "barnet-demo", passwords=False)
    db_session.commit()
    assert counts.contractors == 5 and counts.contracts == 5
    assert counts.faults == db_session.scalar(sa.select(sa.func.count(Fault.id)))
    assert counts.incidents == db_session.scalar(sa.select(sa.func.count(Incident.id))) > 2000

    # Safer Communities Partnership Board dashboard, 24 Oct - 29 Nov 2022 (seed 001, L601-637).
    result = run("incident-stats", "--from", "2022-10-24", "--to", "2022-11-29", "--json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert stats["count"] == 383
    percent = {row["type"]: row["percent"] for row in stats["by_type"]}
    assert (percent["begging"], percent["welfare_concern"], percent["anti_social_behaviour"],
            percent["road_traffic_collision"]) == (39, 18, 8, 7)
    assert stats["proactive"] > stats["reactive"]  # "the majority ... are proactive"
    assert stats["quietest_hours"] == "00:00-09:00"  # "quietest periods are between midnight and 0900hrs"
    # Independently: the hourly counts from midnight to 09:00 are the nine smallest-sum run.
    hours = stats["by_hour"]
    assert sum(hours) == 383 and sum(hours[:9]) < min(sum(hours[s:s + 9]) for s in range(1, 16))

    text = run("incident-stats", "--from", "2022-10-24", "--to", "2022-11-29")
    assert "there were 383 incidents" in text.output and " 39%    149  Begging" in text.output

    # The board's line: 37 of 127 on-line until DSSL's summer 2022 fixes, then 93 of 127.
    result = run("availability", "--from", "2022-01-01", "--to", "2022-10-01", "--step", "day", "--json")
    series = {p["day"]: (p["operational"], p["total"]) for p in json.loads(result.output)["series"]}
    assert series["2022-01-01"] == (37, 127)
    assert series["2022-10-01"] == (93, 127)
    # The register's current status agrees with the history's end (no fault open past March 2023 but these).
    summary = register.summary(db_session)
    result = run("availability", "--from", "2023-03-31", "--to", "2023-03-31", "--json")
    last = json.loads(result.output)["series"][-1]
    assert (summary["fixed_cameras_operational"], summary["fixed_cameras_total"]) == (last["operational"],
                                                                                      last["total"])
