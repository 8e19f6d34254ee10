"""Must-show 3 and who sees what: a member reads only their own requests; a ward summary
carries no one's personal details; an area committee sees the proposals put to it."""

from __future__ import annotations

from tests.site_requests.conftest import ALL_MET, BURNT_OAK, POINT


def _raise(client, person, title="Drug dealing in the alley"):
    response = client.post("/api/site-requests", headers=person.headers,
                           json={"title": title, "description": "Seen by Mrs Example at no. 12",
                                 "location": POINT})
    assert response.status_code == 201, response.json
    return response.json["id"]


def test_a_member_cannot_read_another_members_request(client, people):
    rid = _raise(client, people["member"])
    other = people["other_member"].headers
    for path in ("", "/events", "/evidence", "/cost-estimate"):
        response = client.get(f"/api/site-requests/{rid}{path}", headers=other)
        assert response.status_code == 403, path
        assert "Mrs Example" not in response.get_data(as_text=True)
    assert client.get("/api/site-requests", headers=other).json == []
    # The owner and the officers can.
    for who in ("member", "cst", "manager", "finance"):
        assert client.get(f"/api/site-requests/{rid}", headers=people[who].headers).status_code == 200, who
    assert client.get(f"/api/site-requests/{rid}", headers=people["viewer"].headers).status_code == 403


def test_another_member_cannot_act_on_the_request(client, db_session, people, post_step):
    rid = _raise(client, people["member"])
    before = client.get(f"/api/site-requests/{rid}", headers=people["cst"].headers).json
    response = post_step(people["other_member"], rid, "withdrawal", {"reason": "not mine"})
    assert response.status_code == 403
    assert client.get(f"/api/site-requests/{rid}", headers=people["cst"].headers).json == before


def test_the_ward_summary_has_no_personal_details(client, people):
    rid = _raise(client, people["member"])
    response = client.get(f"/api/site-requests/ward-summary?ward={BURNT_OAK}",
                          headers=people["other_member"].headers)
    assert response.status_code == 200
    body = response.json
    assert body["total"] == 1 and body["by_state"] == {"raised": 1}
    assert body["requests"][0]["id"] == rid
    text = response.get_data(as_text=True)
    for private in ("cllr.burntoak", "Mrs Example", "raised_by", "cst.officer.bo", "description"):
        assert private not in text
    # A member's own ward is the default.
    assert client.get("/api/site-requests/ward-summary", headers=people["member"].headers).json["total"] == 1


def test_an_area_committee_sees_the_proposals_put_to_it(client, people, post_step):
    rid = _raise(client, people["member"])
    committee, other_committee = people["committee"].headers, people["other_committee"].headers
    assert client.get("/api/site-requests", headers=committee).json == []
    assert client.get(f"/api/site-requests/{rid}", headers=committee).status_code == 403
    cst = people["cst"]
    for action, body in (("investigation", {}), ("findings", {"risk_rating": "low", "risk_reasons": "r"}),
                         ("recommendation", {"responses": ["cctv"]}),
                         ("proposal", {"deployment_option": "new_site_fibre", "principles": ALL_MET,
                                       "funding_needed": True}),
                         ("submission", {})):
        assert post_step(cst, rid, action, body).status_code == 200, action
    assert [r["id"] for r in client.get("/api/site-requests", headers=committee).json] == [rid]
    assert client.get("/api/site-requests", headers=other_committee).json == []
    # Another committee may not decide it.
    decision = {"meeting_on": "2026-03-01", "outcome": "approved", "amount_pounds": 6033, "source": "s106"}
    assert post_step(people["other_committee"], rid, "funding-decision", decision).status_code == 403
    declined = post_step(people["committee"], rid, "funding-decision",
                         {"meeting_on": "2026-03-01", "outcome": "declined", "reason": "no CIL left"})
    assert declined.status_code == 200 and declined.json["state"] == "declined"
    assert declined.json["closed_reason"] == "no CIL left"
    # Its history stays visible to it.
    assert [r["id"] for r in client.get("/api/site-requests", headers=committee).json] == [rid]


def test_overdue_lists_requests_past_their_review_date(client, db_session, people, post_step):
    import datetime as dt

    late = _raise(client, people["member"], "late")
    on_time = _raise(client, people["member"], "on time")
    post_step(people["cst"], late, "investigation", {"review_due": "2026-01-31"})
    post_step(people["cst"], on_time, "investigation", {"review_due": "2026-03-31"})
    response = client.get("/api/site-requests/overdue?as_of=2026-02-01", headers=people["cst"].headers)
    assert [r["id"] for r in response.json] == [late]
    assert client.get("/api/site-requests/overdue?as_of=2026-01-31", headers=people["cst"].headers).json == []
    # A member sees their own overdue requests only.
    other = client.get("/api/site-requests/overdue?as_of=2026-02-01", headers=people["other_member"].headers)
    assert other.json == []
    assert dt.date(2026, 2, 1) > dt.date(2026, 1, 31)


def test_overdue_as_of_outside_the_accepted_years_is_422(client, people):
    response = client.get("/api/site-requests/overdue?as_of=9999-12-31", headers=people["cst"].headers)
    assert response.status_code == 422
    assert "as_of" in response.json["errors"]["query"]
    assert client.get("/api/site-requests/overdue?as_of=2026-01-31", headers=people["cst"].headers).status_code == 200
