"""The demo requests (through the fixture loader), the command line and the notices outbox."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from flask.cli import ScriptInfo

from cctv_planner.commands.main import cli


@pytest.fixture
def run(app, db_session):
    runner = app.test_cli_runner()

    def _run(*args):
        return runner.invoke(cli, list(args), obj=ScriptInfo(create_app=lambda: app))

    return _run


def test_demo_requests_in_various_states(demo_estate, db_session, run):
    from cctv_planner.models import Camera, SiteRequest

    assert demo_estate.site_requests == 5
    states = dict(db_session.execute(sa.select(SiteRequest.title, SiteRequest.state)).all())
    assert sorted(s.value for s in states.values()) == [
        "awaiting_funding", "completed", "logged_and_monitored", "raised", "under_investigation"]
    bo80 = db_session.scalar(sa.select(Camera).where(Camera.asset_number == "BO80"))
    assert bo80.site.code == "S-BO80" and str(bo80.first_review_due) == "2026-04-19"
    # West Finchley has no CST officer of its own: its committee's officer (Finchley Church End) is assigned.
    raised = db_session.scalar(sa.select(SiteRequest).where(SiteRequest.state == "raised"))
    assert raised.ward.name == "West Finchley" and raised.cst_officer.username == "cst.officer.fce"

    listed = json.loads(run("site-requests", "list", "--json").output)
    assert [r["state"] for r in listed] == ["completed", "awaiting_funding", "under_investigation",
                                            "logged_and_monitored", "raised"]
    overdue = json.loads(run("site-requests", "overdue", "--as-of", "2026-03-20", "--json").output)
    # Past review dates on 20 March 2026: raised (2 Feb), under investigation (16 Feb), awaiting funding (11 Mar);
    # the monitored place's future look is 1 May.
    assert [r["review_due"] for r in overdue] == ["2026-02-02", "2026-02-16", "2026-03-11"]
    shown = json.loads(run("site-requests", "show", str(listed[0]["id"]), "--json").output)
    assert [e["actor"] for e in shown["events"]][-1] == "cctv.manager"
    assert shown["cameras"] == ["BO80"] and shown["capital_pounds"] == 5000 + 1033 + 180
    text = run("site-requests", "show", str(listed[0]["id"])).output
    assert "completion" in text and "BO80" in text
    assert run("site-requests", "show", "999").exit_code == 1

    # Loading again adds nothing.
    from cctv_planner.services import fixtures

    assert fixtures.load(db_session, "barnet-demo", force=True, passwords=False).site_requests == 0


def test_send_notices_prints_and_marks_them_sent(demo_estate, db_session, run):
    from cctv_planner.models import Notification

    queued = db_session.scalar(sa.select(sa.func.count()).select_from(Notification))
    # Each step of the 5 demo requests (9 + 6 + 3 + 4 + 1 = 23, counting "raised") notifies the member
    # and the officer, and for the 3 Hendon requests (9 + 6 + 3 = 18 steps) the committee lead: 23*2 + 18.
    assert queued == 23 * 2 + 18
    result = run("send-notices")
    assert result.exit_code == 0, result.output
    assert result.output.count("Subject: Site request") == queued
    db_session.expire_all()
    assert db_session.scalar(sa.select(sa.func.count()).where(Notification.sent_at.is_(None))) == 0
    assert run("send-notices").output.count("Subject:") == 0


def test_send_notices_by_smtp(monkeypatch, app, people, client, db_session, run):
    from cctv_planner.models import Notification
    from cctv_planner.services import notices

    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            assert (host, port) == ("mail.example", 2525)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def send_message(self, message):
            sent.append((message["To"], message["Subject"]))

    monkeypatch.setattr(notices.smtplib, "SMTP", FakeSMTP)
    db_session.get(type(people["member"].user), people["member"].user.id).email = "member@example.org"
    db_session.commit()
    from tests.site_requests.conftest import POINT

    client.post("/api/site-requests", headers=people["member"].headers, json={"title": "ASB", "location": POINT})
    monkeypatch.setitem(app.config, "CCTV_SMTP_HOST", "mail.example")
    monkeypatch.setitem(app.config, "CCTV_SMTP_PORT", 2525)
    result = run("send-notices")
    assert result.exit_code == 0, result.output
    # Only the member has an address: one e-mail; the officer's and committee's notices stay queued.
    assert [to for to, _ in sent] == ["member@example.org"]
    assert sent[0][1].endswith("(ASB): raised")
    db_session.expire_all()
    assert db_session.scalar(sa.select(sa.func.count()).where(Notification.sent_at.is_(None))) == 2


def test_reports_on_the_demo_requests(demo_estate, db_session, client):
    from cctv_planner.services import accounts

    token = accounts.create_token(db_session, accounts.get_user(db_session, "cctv.manager"))
    db_session.commit()
    body = client.get("/api/site-requests/reports", headers={"Authorization": f"Bearer {token}"}).json
    assert body["pipeline"]["total"] == 5
    assert body["pipeline"]["by_area_committee"]["HEN"]["total"] == 3
    assert body["pipeline"]["by_ward"]["E05013630"]["by_state"] == {
        "completed": 1, "awaiting_funding": 1, "under_investigation": 1}
    assert body["funding"]["by_area_committee"] == {
        "HEN": {"approved_pounds": 6213, "decisions": 1, "by_source": {"area_committee_cil": 6213}}}
    assert body["conversion"]["raised"] == 5 and body["conversion"]["installed"] == 1
    assert body["conversion"]["conversion"] == 0.2
    # Four requests left "raised" after exactly 7 days; the fifth is still raised (months): median 7.
    assert body["time_in_state"]["raised"]["visits"] == 5
    assert body["time_in_state"]["raised"]["median_days"] == 7.0
    # Request 1 was in implementation from the approval on 12 Nov 2025 to 19 Jan 2026: 68 days.
    assert body["time_in_state"]["in_implementation"] == {"visits": 1, "median_days": 68.0, "p90_days": 68.0}
