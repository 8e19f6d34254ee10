"""Availability, MTTR, MTBF and the daily operational series on a hand-worked fixture.

The fixture (January 2022, so London time is UTC) has overlapping faults, an
open fault and faults straddling both edges of the period. Every expected
figure below is worked out by hand in the comments, not by the code.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cctv_planner.domain.availability import (
    CameraLife,
    FaultRecord,
    Period,
    availability,
    availability_by,
    camera_availability,
    downtime_seconds,
    fault_summary,
    fault_summary_by,
    mean_report_delay_hours,
    mtbf_hours,
    mttr_hours,
    operational_series,
    outages_of,
    pooled_availability,
    union_within,
    within_target_share,
)
from cctv_planner.domain.faults import DEFAULT_TARGET_HOURS

H = 3600.0


def at(day: int, hour: int = 0, month: int = 1, year: int = 2022) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=dt.UTC)


# Period: 1 Jan 00:00 to 11 Jan 00:00 (London = UTC in January): 10 days = 240 h.
PERIOD = Period.of_days(dt.date(2022, 1, 1), dt.date(2022, 1, 10))

CAMERAS = [
    CameraLife(1, dt.date(2015, 5, 1), ward="Burnt Oak"),
    CameraLife(2, None, ward="Burnt Oak"),
    CameraLife(3, dt.date(2022, 1, 6), ward="Edgware"),  # installed mid-period
]


def fault(fid, camera, detected, reported, resolved, severity="medium", out=True, cancelled=False,
          contractor="DSSL"):
    return FaultRecord(fid, camera, detected, reported, resolved, severity, out, cancelled, contractor)


FAULTS = [
    # Camera 1
    # A straddles the start: detected 30 Dec 12:00, resolved 2 Jan 12:00. In the period: 1 Jan 00:00 -> 2 Jan 12:00 = 36 h.
    fault("A", 1, at(30, 12, 12, 2021), at(1, 12), at(2, 12), "critical"),
    # B and C overlap: B 4 Jan 00:00 -> 6 Jan 00:00, C 5 Jan 00:00 -> 7 Jan 00:00; union 4 Jan -> 7 Jan = 72 h.
    fault("B", 1, at(4), at(4, 6), at(6), "high"),
    fault("C", 1, at(5), at(5), at(7), "critical", contractor="OCS"),
    # D is open: detected 10 Jan 12:00, runs to the period's end 11 Jan 00:00 = 12 h.
    fault("D", 1, at(10, 12), at(10, 18), None, "high"),
    # Camera 2
    # E straddles the end: 9 Jan 00:00 -> 12 Jan 00:00; in the period 9 Jan -> 11 Jan = 48 h.
    fault("E", 2, at(9), at(9, 3), at(12), "medium", contractor="OCS"),
    # F does not take the camera out of service: no downtime.
    fault("F", 2, at(2), at(2), at(3), "low", out=False),
    # G was cancelled (logged in error): ignored everywhere.
    fault("G", 2, at(3), at(3), None, "critical", cancelled=True),
]
OUTAGES = outages_of(FAULTS)


def test_outages_are_the_out_of_service_faults_not_cancelled():
    assert len(OUTAGES) == 5  # A, B, C, D, E (not F: in service; not G: cancelled)


def test_union_merges_overlaps_and_clips_to_the_period():
    merged = union_within([(o.start, o.end) for o in OUTAGES if o.camera_id == 1], PERIOD)
    assert merged == [(at(1), at(2, 12)), (at(4), at(7)), (at(10, 12), at(11))]


def test_camera_downtime_and_availability():
    ones = [o for o in OUTAGES if o.camera_id == 1]
    twos = [o for o in OUTAGES if o.camera_id == 2]
    assert PERIOD.seconds == 240 * H
    # Camera 1: 36 + 72 + 12 = 120 h down of 240 h -> 1 - 120/240 = 0.5
    assert downtime_seconds(ones, PERIOD) == 120 * H
    assert availability(ones, PERIOD) == pytest.approx(0.5)
    # Camera 2: 48 h down of 240 h -> 1 - 48/240 = 0.8
    assert downtime_seconds(twos, PERIOD) == 48 * H
    assert availability(twos, PERIOD) == pytest.approx(0.8)


def test_estate_availability_pools_the_time_each_camera_existed():
    rows = {r.camera_id: r for r in camera_availability(CAMERAS, OUTAGES, PERIOD)}
    # Camera 3 exists from 6 Jan 00:00 to 11 Jan 00:00 = 120 h, never down.
    assert rows[3].exposure_seconds == 120 * H and rows[3].availability == 1.0
    # Pooled: down 120 + 48 + 0 = 168 h of 240 + 240 + 120 = 600 h -> 1 - 168/600 = 0.72
    assert pooled_availability(rows.values()) == pytest.approx(0.72)
    # By ward: Burnt Oak (cameras 1, 2): 1 - 168/480 = 0.65; Edgware (camera 3): 1.0
    by_ward = availability_by(CAMERAS, rows.values(), key=lambda c: c.ward)
    assert by_ward == {"Burnt Oak": pytest.approx(0.65), "Edgware": 1.0}


def test_mttr_counts_faults_resolved_in_the_period_from_report_to_fix():
    # Resolved inside the period: A 1 Jan 12:00 -> 2 Jan 12:00 = 24 h; B 4 Jan 06:00 -> 6 Jan 00:00 = 42 h;
    # C 5 Jan -> 7 Jan = 48 h; F 2 Jan -> 3 Jan = 24 h. (E resolves after the period; D is open; G cancelled.)
    # MTTR = (24 + 42 + 48 + 24) / 4 = 138 / 4 = 34.5 h
    assert mttr_hours(FAULTS, PERIOD) == pytest.approx(34.5)


def test_share_fixed_within_target():
    # Targets: critical 24 h, high 72 h, low 672 h. A critical 24 h: yes (on the dot); B high 42 h: yes;
    # C critical 48 h: no; F low 24 h: yes -> 3 of 4 = 0.75
    assert within_target_share(FAULTS, PERIOD, DEFAULT_TARGET_HOURS) == pytest.approx(0.75)


def test_mean_detection_to_report_delay():
    # Reported in the period: A 48 h (30 Dec 12:00 -> 1 Jan 12:00), B 6 h, C 0, D 6 h, E 3 h, F 0
    # -> 63 / 6 = 10.5 h
    assert mean_report_delay_hours(FAULTS, PERIOD) == pytest.approx(10.5)


def test_mtbf_is_uptime_over_failures_begun_in_the_period():
    rows = camera_availability(CAMERAS, OUTAGES, PERIOD)
    # Uptime = 600 - 168 = 432 h; outages begun in the period: B, C, D, E = 4 (A began in December)
    # MTBF = 432 / 4 = 108 h
    assert mtbf_hours(rows, OUTAGES, PERIOD) == pytest.approx(108.0)


def test_fault_summary_and_grouping_by_contractor():
    summary = fault_summary(FAULTS, PERIOD, DEFAULT_TARGET_HOURS)
    # Reported in period: A, B, C, D, E, F = 6; resolved: A, B, C, F = 4; open at the end: D, E = 2
    assert (summary.reported, summary.resolved, summary.open_at_end) == (6, 4, 2)
    by = fault_summary_by(FAULTS, PERIOD, DEFAULT_TARGET_HOURS, key=lambda r: r.contractor)
    # OCS: C (48 h, over its 24 h target) and E (open at the end). MTTR 48 h; 0 of 1 within target;
    # delays C 0 h, E 3 h -> 1.5 h
    assert by["OCS"].mttr_hours == pytest.approx(48.0)
    assert by["OCS"].within_target_share == 0.0
    assert by["OCS"].mean_report_delay_hours == pytest.approx(1.5)
    # DSSL: A 24, B 42, F 24 -> MTTR 30 h, all within target
    assert by["DSSL"].mttr_hours == pytest.approx(30.0)
    assert by["DSSL"].within_target_share == 1.0


def test_daily_operational_series():
    # As at the end of each day (the instant T at the following midnight): a camera is down when an
    # outage began before T and had not ended before T. Camera 3 counts from 6 Jan.
    #   1 Jan: A still on (ends 2 Jan 12:00)          -> camera 1 down: 1 of 2
    #   2 Jan: A over; F is not an outage            -> 2 of 2
    #   3 Jan: B begins exactly at T (4 Jan 00:00)   -> not yet: 2 of 2
    #   4 Jan: B on                                  -> 1 of 2
    #   5 Jan: B ends exactly at T, C on             -> 1 of 2
    #   6 Jan: C ends exactly at T; camera 3 counted -> 2 of 3
    #   7, 8 Jan: nothing on (E begins 9 Jan 00:00)  -> 3 of 3
    #   9 Jan: E on                                  -> 2 of 3
    #  10 Jan: E on, and D began 12:00               -> 1 of 3
    series = operational_series(CAMERAS, OUTAGES, dt.date(2022, 1, 1), dt.date(2022, 1, 10))
    assert [(p.day.day, p.operational, p.total) for p in series] == [
        (1, 1, 2), (2, 2, 2), (3, 2, 2), (4, 1, 2), (5, 1, 2),
        (6, 2, 3), (7, 3, 3), (8, 3, 3), (9, 2, 3), (10, 1, 3)]
    weekly = operational_series(CAMERAS, OUTAGES, dt.date(2022, 1, 1), dt.date(2022, 1, 10), step_days=7)
    assert [(p.day.day, p.operational, p.total) for p in weekly] == [(7, 3, 3), (10, 1, 3)]


def test_a_period_across_the_clocks_going_back_has_a_25_hour_day():
    # 30 Oct 2022: BST ends at 02:00, so the London day is 25 h long.
    assert Period.of_days(dt.date(2022, 10, 30), dt.date(2022, 10, 30)).seconds == 25 * H


def test_no_cameras_no_failures_give_none_not_zero():
    assert pooled_availability([]) is None
    assert mtbf_hours([], [], PERIOD) is None
    assert mttr_hours([], PERIOD) is None


def test_series_matches_a_brute_force_count_on_random_histories():
    import random

    rng = random.Random(7)
    base = at(1)
    cameras = [CameraLife(i, dt.date(2022, 1, rng.randint(1, 20)) if i % 3 else None) for i in range(12)]
    faults = []
    for k in range(40):
        start = base + dt.timedelta(hours=rng.randint(-100, 800))
        end = None if rng.random() < 0.2 else start + dt.timedelta(hours=rng.randint(1, 200))
        faults.append(fault(k, rng.randrange(12), start, start, end))
    outages = outages_of(faults)
    first, last = dt.date(2022, 1, 1), dt.date(2022, 1, 31)
    series = operational_series(cameras, outages, first, last)
    for point in series:
        t = dt.datetime.combine(point.day + dt.timedelta(days=1), dt.time(), dt.UTC)
        alive = [c for c in cameras if c.installed_on is None or c.installed_on <= point.day]
        down = [c for c in alive if any(o.camera_id == c.camera_id and o.start < t and (o.end is None or o.end >= t)
                                        for o in outages)]
        assert (point.operational, point.total) == (len(alive) - len(down), len(alive)), point.day
