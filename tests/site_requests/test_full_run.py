"""Must-show 1: a full run through the API, four people with their own tokens, ending in a
new camera in the register linked to the request, an audit trail for every step and a review due."""

from __future__ import annotations

from tests.site_requests.conftest import ALL_MET, BURNT_OAK, POINT


def test_full_run_from_issue_raised_to_camera_installed(client, people, post_step):
    member, cst, committee, manager = people["member"], people["cst"], people["committee"], people["manager"]

    created = client.post("/api/site-requests", headers=member.headers, json={
        "title": "Robberies outside Burnt Oak station", "address": "Watling Avenue, HA8",
        "description": "Evening robberies by the station entrance", "concerns": "No camera sees the entrance",
        "location": POINT})
    assert created.status_code == 201, created.json
    request = created.json
    rid = request["id"]
    assert request["state"] == "raised"
    assert request["ward"]["code"] == BURNT_OAK
    assert request["area_committee"]["code"] == "HEN"
    assert request["cst_officer"]["username"] == "cst.officer.bo"
    assert request["committee_lead"]["username"] == "ac.hendon"

    steps = [
        (cst, "investigation", {"desk_review": "Crime data reviewed: robbery cluster", "review_due": "2026-02-01"},
         "under_investigation"),
        (cst, "findings", {"site_visit_on": "2026-01-10", "site_visit_attendees": "Cllr, CST, Met SNT",
                           "risk_rating": "high", "risk_reasons": "repeat robberies at night"},
         "under_investigation"),
        (cst, "recommendation", {"responses": ["cctv", "uniformed_patrol"], "note": "CCTV and patrols"},
         "recommended"),
        (cst, "proposal", {"deployment_option": "new_site_fibre", "principles": ALL_MET, "funding_needed": True,
                           "cost_lines": [{"item": "signage", "capital_pounds": 150, "basis": "quote Q-1"}]},
         "cctv_proposed"),
        (member, "submission", {"note": "Members item for the Hendon Area Committee"}, "awaiting_funding"),
        (committee, "funding-decision", {"meeting_on": "2026-02-20", "outcome": "approved", "amount_pounds": 6183,
                                         "source": "area_committee_cil", "minute_reference": "HAC/2026/14"},
         "in_implementation"),
        (cst, "implementation", {"works_order": "WO-2026-031", "contractor": "DSSL Group Limited",
                                 "target_date": "2026-04-30"}, "in_implementation"),
        (manager, "completion", {"installed_on": "2026-04-15",
                                 "site": {"code": "S-BO80", "name": "Burnt Oak station, Watling Avenue"},
                                 "cameras": [{"asset_number": "BO80", "camera_type": "ptz"}]}, "completed"),
    ]
    for person, action, body, state in steps:
        response = post_step(person, rid, action, body)
        assert response.status_code == 200, (action, response.json)
        assert response.json["state"] == state, action

    done = client.get(f"/api/site-requests/{rid}", headers=manager.headers).json
    assert done["site_code"] == "S-BO80"
    assert [c["asset_number"] for c in done["cameras"]] == ["BO80"]
    # Installed 15 April: the first operational review is due three months on, 15 July.
    assert done["cameras"][0]["first_review_due"] == "2026-07-15"

    camera = client.get("/api/cameras?q=BO80", headers=manager.headers).json[0]
    assert camera["site"]["code"] == "S-BO80" and camera["site"]["ward_code"] == BURNT_OAK
    assert camera["installed_on"] == "2026-04-15" and camera["status"] == "operational"

    # The cost estimate: defaults from the business case (fibre £5,000 + £1,157 a year,
    # camera £1,033) plus the signage quote £150 = £6,183 capital.
    estimate = client.get(f"/api/site-requests/{rid}/cost-estimate", headers=people["finance"].headers).json
    assert estimate["capital_pounds"] == 5000 + 1033 + 150
    assert estimate["revenue_pounds_per_year"] == 1157
    assert estimate["funding_decisions"][0]["minute_reference"] == "HAC/2026/14"

    # Every step is an event naming its actor, and a change in the audit trail by the same person.
    events = client.get(f"/api/site-requests/{rid}/events", headers=manager.headers).json
    assert [(e["action"], e["actor"]) for e in events] == [
        ("raised", "cllr.burntoak"), ("investigation", "cst.officer.bo"), ("findings", "cst.officer.bo"),
        ("recommendation", "cst.officer.bo"), ("proposal", "cst.officer.bo"), ("submission", "cllr.burntoak"),
        ("funding-decision", "ac.hendon"), ("implementation", "cst.officer.bo"), ("completion", "cctv.manager")]
    assert [e["to_state"] for e in events][-1] == "completed"
    audit = client.get(f"/api/audit?entity=site_request&entity_id={rid}&page_size=100", headers=manager.headers).json
    # A step may flush more than once (several audit rows); each step's person is there, nobody else.
    assert {a["actor"] for a in audit} == {e["actor"] for e in events}
    assert len(audit) >= len(events)
    assert {a["action"] for a in audit} == {"create", "update"}
    camera_audit = client.get(f"/api/audit?entity=camera&entity_id={camera['id']}", headers=manager.headers).json
    assert [(a["action"], a["actor"]) for a in camera_audit] == [("update", "cctv.manager"),
                                                                 ("create", "cctv.manager")]
    funding_audit = client.get("/api/audit?entity=funding_decision", headers=manager.headers).json
    assert [a["actor"] for a in funding_audit] == ["ac.hendon"]

    # The camera's first operational review is due three months after installation (15 April),
    # and the reviews area reports it: due soon, not overdue, until then.
    assert done["cameras"][0]["first_review_due"] == "2026-07-15"
    due = client.get("/api/reviews/reports/due?days=92&as_of=2026-04-15", headers=manager.headers).json
    assert [(r["asset_number"], r["due_on"], r["overdue"]) for r in due
            if r["asset_number"] == camera["asset_number"]] == [(camera["asset_number"], "2026-07-15", False)]
    late = client.get("/api/reviews/reports/overdue?as_of=2026-07-16", headers=manager.headers).json
    assert camera["asset_number"] in [r["asset_number"] for r in late]


def test_every_step_queues_notices_for_member_officer_and_committee_lead(client, db_session, people):
    from cctv_planner.models import Notification

    response = client.post("/api/site-requests", headers=people["member"].headers,
                           json={"title": "ASB", "location": POINT})
    rid = response.json["id"]
    client.post(f"/api/site-requests/{rid}/investigation", headers=people["cst"].headers, json={})
    notices = db_session.query(Notification).order_by(Notification.id).all()
    assert [(n.recipient.value, n.email == "") for n in notices] == [
        ("member", True), ("cst_officer", True), ("committee_lead", True)] * 2
    assert "under investigation" in notices[-1].subject
