"""Pure review rules: due dates worked by hand (month ends, 29 February), sign-off rules, reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from cctv_planner.domain import reviews as r
from cctv_planner.domain.errors import Conflict, Forbidden, InvalidTransition, ValidationFailed

D = dt.date


# --- add_months / next_review_due ---------------------------------------------

@pytest.mark.parametrize(("day", "months", "expected"), [
    (D(2021, 12, 1), 12, D(2022, 12, 1)),     # BO69: audited 01/12/21, due 01/12/22
    (D(2022, 1, 31), 1, D(2022, 2, 28)),      # 31 Jan + 1 month: February 2022 has 28 days
    (D(2024, 1, 31), 1, D(2024, 2, 29)),      # ... 2024 is a leap year: 29 days
    (D(2024, 2, 29), 12, D(2025, 2, 28)),     # 29 Feb + 12 months: no 29 Feb in 2025
    (D(2024, 2, 29), 48, D(2028, 2, 29)),     # ... but there is in 2028
    (D(2022, 8, 31), 6, D(2023, 2, 28)),      # Aug 31 + 6 = Feb, clamp to 28
    (D(2022, 3, 31), 1, D(2022, 4, 30)),      # April has 30 days
    (D(2022, 12, 15), 1, D(2023, 1, 15)),     # across the year end
    (D(2022, 11, 30), 3, D(2023, 2, 28)),     # 30 Nov + 3 = Feb
    (D(2023, 3, 31), -1, D(2023, 2, 28)),     # backwards works the same way
])
def test_add_months_by_hand(day, months, expected):
    assert r.add_months(day, months) == expected


def reference_add_months(day: dt.date, months: int) -> dt.date:
    """Count months one at a time, then try the day, stepping back until the date exists."""
    year, month = day.year, day.month
    for _ in range(months):
        month += 1
        if month == 13:
            year, month = year + 1, 1
    for candidate in range(day.day, 0, -1):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a first day")


def test_add_months_agrees_with_a_month_by_month_count_on_every_day_of_four_years():
    day = D(2021, 1, 1)
    while day < D(2025, 1, 1):
        for months in (1, 6, 12, 13, 24):
            assert r.add_months(day, months) == reference_add_months(day, months), (day, months)
        day += dt.timedelta(days=1)


def test_next_review_due():
    assert r.next_review_due(D(2022, 1, 31), 12) == D(2023, 1, 31)
    assert r.next_review_due(D(2022, 8, 31), 6) == D(2023, 2, 28)
    # Never reviewed: the camera's first review due date, or None (due now).
    assert r.next_review_due(None, 12, D(2023, 3, 1)) == D(2023, 3, 1)
    assert r.next_review_due(None, 12) is None
    # A review replaces the first-review date.
    assert r.next_review_due(D(2022, 6, 1), 12, D(2023, 3, 1)) == D(2023, 6, 1)
    with pytest.raises(ValueError):
        r.next_review_due(D(2022, 6, 1), 0)


# --- due and overdue reports ---------------------------------------------------

TODAY = D(2022, 11, 30)


def cam(camera_id, asset, last=None, first_due=None):
    return r.CameraReviewFacts(camera_id, asset, last_completed=last, first_review_due=first_due,
                               last_review_id=100 + camera_id if last else None)


ESTATE = [
    cam(1, "BO69", last=D(2021, 12, 1)),             # due 2022-12-01: tomorrow
    cam(2, "ED1", last=D(2021, 11, 10)),             # due 2022-11-10: 20 days overdue
    cam(3, "GG1", last=D(2022, 2, 28)),              # due 2023-02-28: 90 days away
    cam(4, "NF1"),                                    # never reviewed: overdue
    cam(5, "CO1", first_due=D(2023, 3, 1)),          # never reviewed, first due in 91 days
    cam(6, "CO2", first_due=D(2022, 10, 1)),         # never reviewed, first due passed 60 days ago
    cam(7, "HB1", last=D(2021, 11, 30)),             # due today: not overdue
    cam(8, "MH1", last=D(2021, 12, 31)),             # due 2022-12-31: 31 days away
]


def test_review_due_by_hand():
    due = {c.asset_number: r.review_due(c, 12, TODAY) for c in ESTATE}
    assert (due["BO69"].due_on, due["BO69"].days_until_due, due["BO69"].overdue) == (D(2022, 12, 1), 1, False)
    assert (due["ED1"].due_on, due["ED1"].days_until_due, due["ED1"].overdue) == (D(2022, 11, 10), -20, True)
    # 30 Nov 2022 -> 28 Feb 2023: 1 (Dec) ... 31 + 31 + 28 = 90 days.
    assert due["GG1"].days_until_due == 90
    assert (due["NF1"].due_on, due["NF1"].never_reviewed, due["NF1"].overdue) == (None, True, True)
    # 30 Nov 2022 -> 1 Mar 2023: 31 + 31 + 28 + 1 = 91 days.
    assert (due["CO1"].days_until_due, due["CO1"].overdue) == (91, False)
    # 1 Oct -> 30 Nov 2022: 30 + 30 = 60 days late.
    assert (due["CO2"].days_until_due, due["CO2"].overdue) == (-60, True)
    assert (due["HB1"].days_until_due, due["HB1"].overdue) == (0, False)


def test_overdue_lists_never_reviewed_first_then_longest_overdue():
    assert [d.asset_number for d in r.overdue(ESTATE, 12, TODAY)] == ["NF1", "CO2", "ED1"]


def test_due_within_n_days():
    assert [d.asset_number for d in r.due_within(ESTATE, 12, TODAY, 0)] == ["HB1"]
    assert [d.asset_number for d in r.due_within(ESTATE, 12, TODAY, 1)] == ["HB1", "BO69"]
    assert [d.asset_number for d in r.due_within(ESTATE, 12, TODAY, 30)] == ["HB1", "BO69"]
    assert [d.asset_number for d in r.due_within(ESTATE, 12, TODAY, 31)] == ["HB1", "BO69", "MH1"]
    assert [d.asset_number for d in r.due_within(ESTATE, 12, TODAY, 91)] == ["HB1", "BO69", "MH1", "GG1", "CO1"]
    with pytest.raises(ValueError):
        r.due_within(ESTATE, 12, TODAY, -1)


def test_a_shorter_interval_moves_every_due_date():
    # Six-monthly: BO69 due 2022-06-01, 182 days late (29 + 31 + 31 + 30 + 31 + 30, June to November).
    bo69 = r.review_due(ESTATE[0], 6, TODAY)
    assert (bo69.due_on, bo69.days_until_due) == (D(2022, 6, 1), -182)


def test_due_brute_force_against_day_by_day_walk():
    """For every review date in 2021, walk forward a day at a time and check overdue flips once."""
    day = D(2021, 1, 1)
    while day < D(2022, 1, 1):
        facts = cam(1, "X", last=day)
        expected_due = reference_add_months(day, 12)
        probe = expected_due - dt.timedelta(days=2)
        flags = []
        for _ in range(4):
            flags.append(r.review_due(facts, 12, probe).overdue)
            probe += dt.timedelta(days=1)
        assert flags == [False, False, False, True], day
        day += dt.timedelta(days=1)


# --- completeness and sign-off ------------------------------------------------

COMPLETE = r.ReviewContent(
    review_date=D(2021, 12, 1), reviewer="Global MCS", site_visit_done=True,
    camera_number="BO69 Burnt Oak Town Centre", location_detail="Burnt Oak Broadway opposite Stag Lane",
    operational_requirement="Strategic location", primary_views="Pedestrian & vehicle activity.",
    automated_processing="none", retention_days=28, recording_location="EPSC", frames_per_second=25,
    surveillance_objectives=tuple(r.STANDARD_OBJECTIVES), meets_requirement=True,
    meets_requirement_narrative="Yes", privacy_risks=r.STANDARD_PRIVACY_RISKS,
    mitigations=tuple({"number": n, "status": "adopted", "note": ""} for n in range(1, 8)),
    privacy_outcome="reduced", privacy_outcome_narrative="1 & 4 outstanding", justification="Justified",
    decision="justified")


def test_a_complete_review_has_nothing_missing():
    assert r.missing_fields(COMPLETE, TODAY) == {}


@pytest.mark.parametrize(("change", "field"), [
    ({"review_date": None}, "review_date"),
    ({"review_date": D(2022, 12, 1)}, "review_date"),  # after TODAY
    ({"reviewer": "  "}, "reviewer"),
    ({"site_visit_done": False}, "site_visit_done"),
    ({"site_visit_done": None}, "site_visit_done"),
    ({"operational_requirement": ""}, "operational_requirement"),
    ({"surveillance_objectives": ()}, "surveillance_objectives"),
    ({"surveillance_objectives": ("other",)}, "surveillance_objectives_other"),
    ({"meets_requirement": None}, "meets_requirement"),
    ({"privacy_risks": ""}, "privacy_risks"),
    ({"mitigations": COMPLETE.mitigations[:6]}, "mitigations"),
    ({"mitigations": (*COMPLETE.mitigations[:6], {"number": 7, "status": None})}, "mitigations"),
    ({"privacy_outcome": None}, "privacy_outcome"),
    ({"justification": ""}, "justification"),
    ({"decision": None}, "decision"),
    ({"decision": "remove"}, "actions"),
    ({"decision": "modify"}, "actions"),
    ({"retention_days": 0}, "retention_days"),
])
def test_each_missing_field_is_named(change, field):
    assert list(r.missing_fields(replace(COMPLETE, **change), TODAY)) == [field]


def test_a_decision_with_an_action_is_complete():
    assert r.missing_fields(replace(COMPLETE, decision="remove", actions=("Take it down",)), TODAY) == {}


DRAFT = r.ReviewState.DRAFT


def test_sign_offs_need_the_right_role_and_two_different_people():
    none = r.Signatures()
    spoc = r.check_sign(1, DRAFT, r.SignOff.SPOC, 10, ["cctv_manager"], none, {})
    assert spoc == r.Signatures(10, None) and not spoc.both
    both = r.check_sign(1, DRAFT, r.SignOff.DPO, 20, ["dpo"], spoc, {})
    assert both == r.Signatures(10, 20) and both.both
    with pytest.raises(Forbidden):
        r.check_sign(1, DRAFT, r.SignOff.SPOC, 10, ["dpo", "admin"], none, {})
    with pytest.raises(Forbidden):
        r.check_sign(1, DRAFT, r.SignOff.DPO, 10, ["cctv_manager"], none, {})
    with pytest.raises(Conflict, match="different person"):
        r.check_sign(1, DRAFT, r.SignOff.DPO, 10, ["cctv_manager", "dpo"], spoc, {})
    with pytest.raises(Conflict, match="already signed"):
        r.check_sign(1, DRAFT, r.SignOff.SPOC, 11, ["cctv_manager"], spoc, {})
    with pytest.raises(ValidationFailed) as error:
        r.check_sign(1, DRAFT, r.SignOff.SPOC, 10, ["cctv_manager"], none, {"decision": ["required"]})
    assert error.value.errors == {"decision": ["required"]}
    for state in (r.ReviewState.SIGNED, r.ReviewState.SUPERSEDED):
        with pytest.raises(Conflict):
            r.check_sign(1, state, r.SignOff.DPO, 20, ["dpo"], r.Signatures(10, None), {})


def test_signed_and_superseded_reviews_are_not_editable():
    r.check_editable(1, DRAFT)
    with pytest.raises(Conflict, match="supersede"):
        r.check_editable(5, r.ReviewState.SIGNED)
    with pytest.raises(Conflict, match="superseded"):
        r.check_editable(5, r.ReviewState.SUPERSEDED)


def test_transitions_only_go_forward():
    r.check_transition(1, DRAFT, r.ReviewState.SIGNED)
    r.check_transition(1, r.ReviewState.SIGNED, r.ReviewState.SUPERSEDED)
    for current, new in [(r.ReviewState.SIGNED, DRAFT), (DRAFT, r.ReviewState.SUPERSEDED),
                         (r.ReviewState.SUPERSEDED, r.ReviewState.SIGNED)]:
        with pytest.raises(InvalidTransition):
            r.check_transition(1, current, new)


def test_check_mitigations():
    assert [m["number"] for m in r.check_mitigations(r.blank_mitigations())] == list(range(1, 8))
    with pytest.raises(ValidationFailed, match="missing"):
        r.check_mitigations(r.blank_mitigations()[:5])
    with pytest.raises(ValidationFailed, match="twice"):
        r.check_mitigations([*r.blank_mitigations(), {"number": 3}])
    with pytest.raises(ValidationFailed, match="standard"):
        r.check_mitigations([*r.blank_mitigations(), {"number": 8}])


def test_the_standard_texts_are_the_papers_words():
    assert len(r.STANDARD_MITIGATIONS) == 7
    assert r.STANDARD_MITIGATIONS[1].startswith("Ensure a Barnet Council 'Privacy Notice'")
    assert r.STANDARD_PRIVACY_RISKS.endswith("Transparency and accountability when using CCTV in public space is paramount.")
    assert [r.OBJECTIVE_LABELS[o] for o in r.STANDARD_OBJECTIVES] == [
        "Prevention & detection of crime & ASB", "Community safety & public welfare issues",
        "Apprehension & prosecution of offenders", "Gathering evidence to support judicial proceedings"]


# --- decisions and mitigations --------------------------------------------------

JAN_10 = D(2022, 1, 10)


def review(review_id, camera_id, asset, decision="justified", status="operational", day=JAN_10,
           actions=(), outstanding=()):
    return r.CurrentReview(review_id, camera_id, asset, status, day, decision, None, tuple(actions),
                           tuple({"number": n, "status": "outstanding" if n in outstanding else "adopted"}
                                 for n in range(1, 8)))


def act(number, done=None, due=None):
    return r.ActionFacts(number, f"action {number}", due, done)


@pytest.mark.parametrize(("rv", "acted"), [
    (review(1, 1, "A"), True),                                                   # justified: nothing to do
    (review(1, 1, "A", "modify", actions=[act(1)]), False),
    (review(1, 1, "A", "modify", actions=[act(1, D(2022, 3, 1)), act(2)]), False),
    (review(1, 1, "A", "modify", actions=[act(1, D(2022, 3, 1)), act(2, D(2022, 4, 1))]), True),
    (review(1, 1, "A", "modify"), False),                                        # no action recorded
    (review(1, 1, "A", "remove", actions=[act(1)]), False),
    (review(1, 1, "A", "remove", status="decommissioned", actions=[act(1)]), True),
    (review(1, 1, "A", "remove", status="in_store", actions=[act(1)]), True),
    (review(1, 1, "A", "modify", status="decommissioned", actions=[act(1)]), False),  # modify != remove
])
def test_acted_on(rv, acted):
    assert r.acted_on(rv) is acted


def test_decisions_outstanding_oldest_first_with_overdue_actions():
    rows = r.decisions_outstanding([
        review(1, 1, "RD3", "remove", day=D(2022, 1, 20), actions=[act(1, due=D(2022, 6, 30))]),
        review(2, 2, "RD5", "modify", day=D(2022, 1, 10), actions=[act(1, D(2022, 2, 1)), act(2, due=D(2022, 12, 31))]),
        review(3, 3, "BO69"),
    ], TODAY)
    assert [(x.asset_number, x.days_since_review, len(x.actions_open), x.actions_overdue) for x in rows] == [
        ("RD5", 324, 1, 0),   # 10 Jan -> 30 Nov 2022: 21+28+31+30+31+30+31+31+30+31+30 = 324
        ("RD3", 314, 1, 1),   # 20 Jan -> 30 Nov: 324 - 10; its action was due 30 Jun
    ]


def test_mitigations_outstanding_grouped_by_solution():
    rows = r.mitigations_outstanding([review(1, 1, "BO69", outstanding=(1, 4)),
                                      review(2, 2, "BO61", outstanding=(1,)),
                                      review(3, 3, "ED1")])
    assert [(m.number, m.count, m.cameras) for m in rows] == [
        (1, 2, ("BO61", "BO69")), (2, 0, ()), (3, 0, ()), (4, 1, ("BO69",)), (5, 0, ()), (6, 0, ()), (7, 0, ())]


def test_current_review_is_the_latest_by_date_then_id():
    older, newer, same_day_later_id = (review(1, 1, "A", day=D(2022, 1, 1)), review(2, 1, "A", day=D(2022, 5, 1)),
                                       review(3, 1, "A", day=D(2022, 5, 1)))
    assert [x.review_id for x in r.current_reviews([newer, older, same_day_later_id])] == [3]
