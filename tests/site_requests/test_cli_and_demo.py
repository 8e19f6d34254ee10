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
    from cctv_planner.models import SiteRequest

    assert demo_estate.site_requests == 5
    states = dict(db_session.execute(sa.select(SiteRequest.title, SiteRequest.state)).all())
    assert sorted(s.value for s in states.values()) == [
        "awaiting_funding", "in_implementation", "logged_and_monitored", "raised", "under_investigation"]
    # West Finchley has no CST officer of its own: its committee's officer (Finchley Church End) is assigned.
    raised = db_session.scalar(sa.select(SiteRequest).where(SiteRequest.state == "raised"))
    assert raised.ward.name == "West Finchley" and raised.cst_officer.username == "cst.officer.fce"

    listed = json.loads(run("site-requests", "list", "--json").output)
    assert [r["state"] for r in listed] == ["in_implementation", "awaiting_funding", "under_investigation",
                                            "logged_and_monitored", "raised"]
    overdue = json.loads(run("site-requests", "overdue", "--as-of", "2026-03-20", "--json").output)
    # Past review dates on 20 March 2026: raised (2 Feb), under investigation (16 Feb), awaiting funding (11 Mar);
    # the monitored place's future look is 1 May.
    assert [r["review_due"] for r in overdue] == ["2026-02-02", "2026-02-16", "2026-03-11"]
    shown = json.loads(run("site-requests", "show", str(listed[0]["id"]), "--json").output)
    assert [e["actor"] for e in shown["events"]][-1] == "cst.officer.bo"
    assert shown["capital_pounds"] == 5000 + 1033 + 180
    text = run("site-requests", "show", str(listed[0]["id"])).output
    assert "funding-decision" in text and "ac.hendon" in text
    assert run("site-requests", "show", "999").exit_code == 1

    # Loading again adds nothing.
    from cctv_planner.services import fixtures

    assert fixtures.load(db_session, "barnet-demo", force=True, passwords=False).site_requests == 0


def test_send_notices_prints_and_marks_them_sent(demo_estate, db_session, run):
    from cctv_planner.models import Notification

    queued = db_session.scalar(sa.select(sa.func.count()).select_from(Notification))
    # Each step of the 5 demo requests (8 + 6 + 3 + 4 + 1 = 22, counting "raised") notifies the member
    # and the officer, and for the 3 Hendon requests (8 + 6 + 3 = 17 steps) the committee lead: 22*2 + 17.
    assert queued == 22 * 2 + 17
    assert run("send-notices", "--limit", "0").exit_code == 2          # not "no limit"
    batch = run("send-notices", "--limit", "2")
    assert batch.output.count("Subject: Site request") == 2
    assert f"2 notice(s) printed and marked sent; {queued - 2} left queued." in batch.output
    queued -= 2
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
        "in_implementation": 1, "awaiting_funding": 1, "under_investigation": 1}
    assert body["funding"]["by_area_committee"] == {
        "HEN": {"approved_pounds": 6213, "decisions": 1, "by_source": {"area_committee_cil": 6213}}}
    assert body["conversion"]["raised"] == 5 and body["conversion"]["installed"] == 0
    assert body["conversion"]["reached"]["awaiting_funding"] == 2
    assert body["conversion"]["reached"]["in_implementation"] == 1
    # Four requests left "raised" after exactly 7 days; the fifth is still raised (months): median 7.
    assert body["time_in_state"]["raised"]["visits"] == 5
    assert body["time_in_state"]["raised"]["median_days"] == 7.0
    # Request 1 was proposed on 20 Oct 2025 and submitted on 27 Oct: 7 days; request 2 on 8 and 15 Dec.
    assert body["time_in_state"]["cctv_proposed"] == {"visits": 2, "median_days": 7.0, "p90_days": 7.0}
