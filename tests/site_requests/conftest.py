"""People and a helper for the site-request tests: a Burnt Oak member, the ward's CST
officer, the Hendon area committee, the CCTV manager, each with their own token."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

BURNT_OAK = "E05013630"
FINCHLEY_CHURCH_END = "E05013639"
# Watling Avenue by Burnt Oak station: inside Burnt Oak ward (checked by the tests).
POINT = {"lon": -0.2615, "lat": 51.6030}


@dataclass
class Person:
    user: object
    headers: dict


ALL_MET = {key: {"met": True, "evidence": f"evidence for {key}"} for key in (
    "operational_requirement", "primary_view", "surveillance_objectives", "privacy_risks",
    "installed_cost_effectively", "connects_to_control_room")}


@pytest.fixture
def people(db_session, barnet_wards, make_user):
    from cctv_planner.services import site_requests

    def person(*roles, ward_code=None, username=None):
        user, token = make_user(*roles, ward_code=ward_code, username=username)
        return Person(user, {"Authorization": f"Bearer {token}"})

    found = {
        "member": person("member", ward_code=BURNT_OAK, username="cllr.burntoak"),
        "other_member": person("member", ward_code=FINCHLEY_CHURCH_END, username="cllr.churchend"),
        "cst": person("cst_officer", ward_code=BURNT_OAK, username="cst.officer.bo"),
        "committee": person("area_committee", username="ac.hendon"),
        "other_committee": person("area_committee", username="ac.finchley"),
        "manager": person("cctv_manager", username="cctv.manager"),
        "finance": person("finance", username="finance"),
        "viewer": person("viewer", username="police.liaison"),
    }
    site_requests.assign_committee(db_session, found["committee"].user, "HEN")
    site_requests.assign_committee(db_session, found["other_committee"].user, "FGG")
    db_session.commit()
    return found


@pytest.fixture
def post_step(client):
    """``post_step(person, id, action, body) -> response``."""

    def _post(person, request_id, action, body=None):
        return client.post(f"/api/site-requests/{request_id}/{action}", json=body or {}, headers=person.headers)

    return _post
