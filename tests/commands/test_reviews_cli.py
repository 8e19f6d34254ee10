"""reviews-due (must-show 2) and the demo reviews, including the papers' BO69 example."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
import sqlalchemy as sa
from flask.cli import ScriptInfo

from cctv_planner.commands.main import cli
from cctv_planner.domain.reviews import STANDARD_MITIGATIONS, STANDARD_PRIVACY_RISKS, SignOff, add_months
from cctv_planner.models import OperationalReview
from cctv_planner.services import register, reviews
from tests.conftest import DEMO_FIXTURES, SHARED

AS_OF = "2022-11-30"
SEED = SHARED / "seeds" / "000_12c3d386a394124e.txt"


@pytest.fixture
def run(app, db_session):
    runner = app.test_cli_runner()

    def _run(*args):
        return runner.invoke(cli, list(args), obj=ScriptInfo(create_app=lambda: app))

    return _run


def _review(db_session, camera, review_date, *, signers=(), decision="justified"):
    """A complete review of ``camera`` on ``review_date``, signed by the users given (SPOC first)."""
    review = reviews.create_draft(db_session, {
        "camera_id": camera.id, "review_date": review_date, "reviewer": "CCTV Manager", "site_visit_done": True,
        "location_detail": "High Street by the bank", "recording_location": "Control room",
        "operational_requirement": "Town centre", "primary_views": "High street", "meets_requirement": True,
        "meets_requirement_narrative": "Yes", "privacy_outcome": "reduced", "privacy_outcome_narrative": "Reduced",
        "justification": "Justified", "decision": decision,
        "mitigations": [{"number": n, "status": "adopted"} for n in range(1, 8)]}, dt.date.today())
    for capacity, user in zip((SignOff.SPOC, SignOff.DPO), signers, strict=False):
        reviews.sign(db_session, review, capacity, user, dt.date.today())
    return review


def test_reviews_due_lists_never_reviewed_and_past_due_and_none_signed_within_the_year(
        run, db_session, make_user):
    """Six cameras, one per case, worked by hand against today's date."""
    today = dt.date.today()
    spoc, _ = make_user("cctv_manager")
    dpo, _ = make_user("dpo")
    site = register.create_site(db_session, {"code": "S-1", "name": "High Street",
                                             "location": {"lon": -0.2671, "lat": 51.6004}})

    def camera(asset, **extra):
        return register.create_camera(db_session, {"asset_number": asset, "camera_type": "fixed",
                                                   "site_id": site.id, **extra})

    camera("NEVER1")
    past = camera("PAST1")              # signed 13 months ago: due a month ago
    recent = camera("RECENT1")          # signed 2 months ago: due in 10 months
    half = camera("HALF1")              # 2 months ago, but only the SPOC signed: not a review yet
    camera("GONE1", status="decommissioned")   # never reviewed, but removed: no review needed
    camera("LATER1", first_review_due=today + dt.timedelta(days=90))  # installed recently
    soon = camera("SOON1")              # signed 12 months less 5 days ago: due in 5 days
    _review(db_session, past, add_months(today, -13), signers=(spoc, dpo))
    _review(db_session, recent, add_months(today, -2), signers=(spoc, dpo))
    _review(db_session, half, add_months(today, -2), signers=(spoc,))
    _review(db_session, soon, add_months(today, -12) + dt.timedelta(days=5), signers=(spoc, dpo))
    db_session.commit()

    result = run("reviews-due", "--json", "--days", "30")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    overdue = {r["asset_number"]: r for r in report["overdue"]}
    assert set(overdue) == {"NEVER1", "HALF1", "PAST1"}
    assert overdue["NEVER1"]["never_reviewed"] and overdue["NEVER1"]["due_on"] is None
    assert overdue["HALF1"]["never_reviewed"]
    assert overdue["PAST1"]["due_on"] == add_months(today, -1).isoformat()
    assert overdue["PAST1"]["last_reviewed_on"] == add_months(today, -13).isoformat()
    assert [r["asset_number"] for r in report["overdue"]][-1] == "PAST1"   # never-reviewed first
    assert [(r["asset_number"], r["days_until_due"]) for r in report["due_soon"]] == [("SOON1", 5)]
    assert {"RECENT1", "GONE1", "LATER1"}.isdisjoint({r["asset_number"] for r in report["overdue"]})
    # LATER1 falls due in 90 days: listed once the window reaches it.
    wide = json.loads(run("reviews-due", "--json", "--days", "90").output)
    assert [r["asset_number"] for r in wide["due_soon"]] == ["SOON1", "LATER1"]
    text = run("reviews-due").output
    assert "Overdue: 3 cameras (2 never reviewed)." in text and "NEVER1   never reviewed" in text
    assert "RECENT1" not in text


def test_reviews_due_follows_the_configured_interval(run, app, db_session, make_user):
    spoc, _ = make_user("cctv_manager")
    dpo, _ = make_user("dpo")
    site = register.create_site(db_session, {"code": "S-1", "name": "High Street",
                                             "location": {"lon": -0.2671, "lat": 51.6004}})
    cam = register.create_camera(db_session, {"asset_number": "C1", "camera_type": "fixed", "site_id": site.id})
    _review(db_session, cam, dt.date(2022, 1, 31), signers=(spoc, dpo))
    db_session.commit()
    app.config["CCTV_REVIEW_INTERVAL_MONTHS"] = 1
    try:
        # 31 Jan 2022 + 1 month = 28 Feb 2022.
        report = json.loads(run("reviews-due", "--json", "--as-of", "2022-02-27", "--days", "1").output)
        assert [(r["asset_number"], r["due_on"]) for r in report["due_soon"]] == [("C1", "2022-02-28")]
        report = json.loads(run("reviews-due", "--json", "--as-of", "2022-03-01").output)
        assert [r["asset_number"] for r in report["overdue"]] == ["C1"]
    finally:
        app.config["CCTV_REVIEW_INTERVAL_MONTHS"] = 12


def test_reviews_due_rejects_bad_options(run, db_session):
    assert run("reviews-due", "--days", "-1").exit_code == 2
    assert run("reviews-due", "--as-of", "30/11/2022").exit_code == 2


# --- the demo -----------------------------------------------------------------

def _demo_expectation():
    """Work out from the fixture files alone which cameras are overdue on 30 Nov 2022."""
    with (DEMO_FIXTURES / "register.csv").open(encoding="utf-8", newline="") as handle:
        in_scope = {r["asset_number"] for r in csv.DictReader(handle)
                    if r["camera_status"] not in ("in_store", "decommissioned")}
    document = json.loads((DEMO_FIXTURES / "reviews.json").read_text(encoding="utf-8"))
    last: dict[str, dt.date] = {}
    for entry in document["reviews"]:
        if "spoc" in entry and "dpo" in entry:
            day = dt.date.fromisoformat(entry["review_date"])
            last[entry["asset_number"]] = max(day, last.get(entry["asset_number"], day))
    as_of = dt.date.fromisoformat(AS_OF)
    # No demo review is on 29 Feb, so "plus a year" is the same day next year.
    past = {a for a, day in last.items() if day.replace(year=day.year + 1) < as_of}
    return in_scope, set(last), past


def test_demo_reviews_due_on_30_november_2022(run, demo_estate):
    in_scope, reviewed, past = _demo_expectation()
    assert demo_estate.reviews == 72
    report = json.loads(run("reviews-due", "--json", "--as-of", AS_OF).output)
    overdue = {r["asset_number"] for r in report["overdue"]}
    assert overdue == (in_scope - reviewed) | past
    # Hand count (see fixtures/barnet_reviews.py): 147 installed cameras, 69 with a signed review;
    # 78 never reviewed plus Edgware (9) and Hendon Central (4) past their year.
    assert (len(in_scope), len(reviewed), len(overdue), len(past)) == (147, 69, 91, 13)
    assert overdue.isdisjoint(reviewed - past)
    due = [(r["asset_number"], r["due_on"]) for r in report["due_soon"]]
    assert len(due) == 13 and ("BO69", "2022-12-01") in due and ("GG41", "2022-12-15") in due


def test_demo_reports_decisions_and_mitigations(client, auth, demo_estate):
    headers = auth("viewer")
    decisions = client.get(f"/api/reviews/reports/decisions-outstanding?as_of={AS_OF}", headers=headers).json
    assert sorted(d["asset_number"] for d in decisions) == sorted(
        ["HC1", "HC2", "HC3", "HC4", "RD1", "RD4", "RD7", "RD10", "RD13", "RD16", "RD19", "RD3", "FC7", "FC8"])
    mitigations = {m["number"]: m["count"] for m in
                   client.get("/api/reviews/reports/mitigations-outstanding", headers=headers).json}
    # 69 signed reviews, of which Finchley Central's 8 came after the Privacy Notice.
    assert mitigations == {1: 61, 2: 0, 3: 0, 4: 61, 5: 0, 6: 0, 7: 0}
    drafts = client.get("/api/reviews?state=draft", headers=auth("cctv_manager")).json
    assert sorted(r["camera"]["asset_number"] for r in drafts) == ["HB1", "NF1"]
    superseded = client.get("/api/reviews?state=superseded", headers=headers).json
    assert [r["camera"]["asset_number"] for r in superseded] == ["GG5"] and superseded[0]["superseded_by_id"]


def test_demo_loads_twice_without_duplicating_reviews(run, db_session, demo_estate):
    assert run("load-fixtures", "barnet-demo", "--force").exit_code == 0
    db_session.expire_all()
    assert db_session.scalar(sa.select(sa.func.count()).select_from(OperationalReview)) == 72


def _seed_text() -> str:
    if not SEED.is_file():
        pytest.skip("../shared seeds not present")
    return " ".join(SEED.read_text(encoding="utf-8").split())


def test_demo_bo69_is_the_papers_example_word_for_word(client, auth, demo_estate):
    seed = _seed_text()
    listed = client.get("/api/reviews?asset_number=BO69", headers=auth("viewer")).json
    assert len(listed) == 1
    doc = client.get(f"/api/reviews/{listed[0]['id']}/export?format=json", headers=auth("viewer")).json
    assert doc["state"] == "signed" and doc["review_date"] == "2021-12-01"   # "Date of last audit: 01/12/21"
    assert doc["camera_number"] == "BO69 Burnt Oak Town Centre"
    assert doc["location_detail"] == "Burnt Oak Broadway opposite Stag Lane"
    for key in ("operational_requirement", "primary_views", "automated_processing_note",
                "meets_requirement_narrative", "privacy_risks"):
        assert " ".join(doc[key].split()) in seed, key
    paragraphs = doc["privacy_outcome_narrative"].split("\n\n")
    assert len(paragraphs) == 2 and all(" ".join(p.split()) in seed for p in paragraphs)
    for line in doc["justification"].split("\n"):
        assert line in seed
    assert doc["privacy_risks"] == STANDARD_PRIVACY_RISKS
    assert [m["text"] for m in doc["mitigations"]] == list(STANDARD_MITIGATIONS.values())
    for text in STANDARD_MITIGATIONS.values():
        assert text in seed
    # "(1 & 4 above)" must be addressed; the remaining solutions are adopted.
    assert [m["status"] for m in doc["mitigations"]] == ["outstanding", "adopted", "adopted", "outstanding",
                                                         "adopted", "adopted", "adopted"]
    assert (doc["retention_days"], doc["recording_hours"], doc["recording_location"], doc["frames_per_second"]) == (
        28, "24/7", "Enfield Public Safety Centre (EPSC)", 25)
    assert "24/7 - 28 days at Enfield Public Safety Centre (EPSC)" in seed
    assert [o["label"] for o in doc["surveillance_objectives"]] == [
        "Prevention & detection of crime & ASB", "Community safety & public welfare issues",
        "Apprehension & prosecution of offenders", "Gathering evidence to support judicial proceedings"]
    assert doc["meets_requirement"] is True and doc["decision"] == "justified"
    assert doc["sign_offs"]["spoc"]["signed_by"] and doc["sign_offs"]["dpo"]["signed_by"]
