"""Must-show 5: a proposal with an unmet principle and no recorded exception is refused."""

from __future__ import annotations

import copy

import pytest

from tests.site_requests.conftest import ALL_MET, POINT


@pytest.fixture
def recommended(client, people, post_step):
    rid = client.post("/api/site-requests", headers=people["member"].headers,
                      json={"title": "Fly-tipping", "location": POINT}).json["id"]
    cst = people["cst"]
    assert post_step(cst, rid, "investigation", {}).status_code == 200
    assert post_step(cst, rid, "findings", {"risk_rating": "medium", "risk_reasons": "weekly"}).status_code == 200
    assert post_step(cst, rid, "recommendation", {"responses": ["cctv"]}).status_code == 200
    return rid


def test_unmet_principle_without_exception_is_refused_and_changes_nothing(client, people, post_step, recommended):
    principles = copy.deepcopy(ALL_MET)
    principles["privacy_risks"] = {"met": False, "evidence": ""}
    before = client.get(f"/api/site-requests/{recommended}", headers=people["cst"].headers).json
    response = post_step(people["cst"], recommended, "proposal",
                         {"deployment_option": "new_site_fibre", "principles": principles, "funding_needed": True})
    assert response.status_code == 422
    assert "principles.privacy_risks" in response.json["errors"]["json"]
    assert "no exception" in response.json["message"]
    assert client.get(f"/api/site-requests/{recommended}", headers=people["cst"].headers).json == before
    assert client.get(f"/api/site-requests/{recommended}/cost-estimate",
                      headers=people["cst"].headers).json["lines"] == []

    principles["privacy_risks"]["exception"] = "DPIA in progress; signed off before go-live"
    accepted = post_step(people["cst"], recommended, "proposal",
                         {"deployment_option": "new_site_fibre", "principles": principles, "funding_needed": False})
    assert accepted.status_code == 200 and accepted.json["state"] == "cctv_proposed"
    recorded = {p["key"]: p for p in accepted.json["principles"]}
    assert recorded["privacy_risks"] == {"key": "privacy_risks", "met": False, "evidence": "",
                                         "exception": "DPIA in progress; signed off before go-live"}


def test_standalone_needs_a_temporary_reason(client, people, post_step, recommended):
    principles = copy.deepcopy(ALL_MET)
    principles["connects_to_control_room"] = {"met": False}
    body = {"deployment_option": "standalone_temporary", "principles": principles, "funding_needed": False}
    refused = post_step(people["cst"], recommended, "proposal", body)
    assert refused.status_code == 422 and "temporary_reason" in refused.json["errors"]["json"]
    body["temporary_reason"] = "immediate response while a fibre site is designed"
    accepted = post_step(people["cst"], recommended, "proposal", body)
    assert accepted.status_code == 200
    recorded = {p["key"]: p for p in accepted.json["principles"]}
    assert recorded["connects_to_control_room"]["exception"] == body["temporary_reason"]


def test_a_new_site_off_fibre_says_why(client, people, post_step, recommended):
    body = {"deployment_option": "new_site_wireless", "principles": ALL_MET, "funding_needed": True}
    refused = post_step(people["cst"], recommended, "proposal", body)
    assert refused.status_code == 422 and "fibre_not_chosen_reason" in refused.json["errors"]["json"]
    body["fibre_not_chosen_reason"] = "no duct within 400 m"
    assert post_step(people["cst"], recommended, "proposal", body).status_code == 200
