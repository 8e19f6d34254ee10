"""Must-show 2: every illegal transition and every wrong role is refused, and leaves the
request unchanged. The expected table is written out here by hand from the issue's seven
steps, independently of ``domain/site_requests/workflow.py``."""

from __future__ import annotations

import itertools

import pytest

from cctv_planner.domain.errors import InvalidTransition
from cctv_planner.domain.register import Role
from cctv_planner.domain.site_requests import workflow
from cctv_planner.domain.site_requests.vocabulary import Action, RequestState
from cctv_planner.domain.site_requests.workflow import NotPermitted

CST = {"cst_officer", "cctv_manager"}
# (state, action): (roles allowed, possible next states)
EXPECTED = {
    ("raised", "investigation"): (CST, {"under_investigation"}),
    ("under_investigation", "findings"): (CST, {"under_investigation"}),
    ("under_investigation", "recommendation"): (CST, {"recommended", "other_response", "logged_and_monitored"}),
    ("recommended", "proposal"): (CST, {"cctv_proposed"}),
    ("cctv_proposed", "proposal"): (CST, {"cctv_proposed"}),
    ("cctv_proposed", "submission"): ({"member", "cst_officer"}, {"awaiting_funding"}),
    ("cctv_proposed", "implementation"): (CST, {"in_implementation"}),
    ("awaiting_funding", "funding-decision"): ({"area_committee"}, {"in_implementation", "declined"}),
    ("in_implementation", "implementation"): (CST, {"in_implementation"}),
    ("in_implementation", "completion"): ({"cctv_manager"}, {"completed"}),
    ("logged_and_monitored", "reopening"): (CST, {"under_investigation"}),
    **{(state, "withdrawal"): ({"member"}, {"withdrawn"})
       for state in ("raised", "under_investigation", "recommended", "cctv_proposed", "awaiting_funding")},
}
ROLES_BY_ACTION = {action: roles for (_, action), (roles, _) in EXPECTED.items()}


def test_the_table_is_the_expected_one():
    got = {(t.source.value, t.action.value): ({r.value for r in t.roles}, {s.value for s in t.targets})
           for t in workflow.TRANSITIONS}
    assert got == EXPECTED


@pytest.mark.parametrize(("state", "action", "role"),
                         list(itertools.product(list(RequestState), list(Action), list(Role))))
def test_every_state_action_role(state, action, role):
    expected = EXPECTED.get((state.value, action.value))
    if role.value not in ROLES_BY_ACTION[action.value]:
        with pytest.raises(NotPermitted):
            workflow.check(state, action, {role})
    elif expected is None:
        with pytest.raises(InvalidTransition) as refused:
            workflow.check(state, action, {role})
        # The message says what is allowed from here.
        allowed = [a for (s, a) in EXPECTED if s == state.value]
        assert f"allowed from {state.value}" in refused.value.message
        for name in allowed:
            assert name in refused.value.message
        if not allowed:
            assert "closed" in refused.value.message
    else:
        assert workflow.check(state, action, {role}).source is state


def test_member_may_withdraw_only_until_funded():
    funded_or_later = {"in_implementation", "completed"}
    for state in RequestState:
        can = Action.WITHDRAWAL in workflow.allowed_actions(state, {Role.MEMBER})
        assert can == (state.value in {"raised", "under_investigation", "recommended", "cctv_proposed",
                                       "awaiting_funding"})
        if state.value in funded_or_later:
            assert not can


# --- the same through the API: refused, and the request unchanged ---------

# A well-formed body for each step, so a refusal can only be the state or the role.
VALID_BODIES = {
    "investigation": {"desk_review": "desk review"},
    "findings": {"risk_rating": "medium", "risk_reasons": "reasons"},
    "recommendation": {"responses": ["none"], "future_look_on": "2027-01-01"},
    "proposal": {"deployment_option": "new_site_fibre", "funding_needed": True},
    "submission": {},
    "funding-decision": {"meeting_on": "2026-02-01", "outcome": "approved", "amount_pounds": 100,
                         "source": "s106"},
    "implementation": {"works_order": "WO-1", "contractor": "DSSL", "target_date": "2026-05-01"},
    "completion": {"installed_on": "2026-05-01", "site": {"code": "S-X1"}, "cameras": [{"asset_number": "X1"}]},
    "withdrawal": {"reason": "no longer needed"},
    "reopening": {},
}
ROLE_USERS = {"member": "member", "cst_officer": "cst", "cctv_manager": "manager",
              "area_committee": "committee", "finance": "finance", "viewer": "viewer"}


def test_api_refuses_every_illegal_step_and_wrong_role_and_changes_nothing(client, db_session, people, post_step):
    from cctv_planner.models import SiteRequest, SiteRequestEvent
    from cctv_planner.services import site_requests as service
    from tests.site_requests.conftest import ALL_MET, POINT

    VALID_BODIES["proposal"]["principles"] = ALL_MET

    member = people["member"].user
    checked = 0
    for state in RequestState:
        request = service.raise_request(db_session, member, {"title": f"in {state.value}",
                                                             "location": POINT})
        request.state = state
        db_session.commit()
        rid = request.id
        for action, (role, who) in itertools.product(Action, ROLE_USERS.items()):
            allowed = (state.value, action.value) in EXPECTED and role in ROLES_BY_ACTION[action.value]
            if allowed:
                continue
            before = client.get(f"/api/site-requests/{rid}", headers=people["manager"].headers).json
            events_before = db_session.query(SiteRequestEvent).filter_by(request_id=rid).count()
            response = post_step(people[who], rid, action.value, VALID_BODIES[action.value])
            expected_status = 409 if role in ROLES_BY_ACTION[action.value] else 403
            assert response.status_code == expected_status, (state, action, role, response.json)
            db_session.expire_all()
            assert client.get(f"/api/site-requests/{rid}", headers=people["manager"].headers).json == before
            assert db_session.query(SiteRequestEvent).filter_by(request_id=rid).count() == events_before
            assert db_session.get(SiteRequest, rid).state is state
            checked += 1
    # 11 states x 10 actions x 6 roles = 660 combinations. Allowed: 8 officer pairs x 2 roles
    # (16), submission x 2 roles, funding decision, completion, withdrawal from 5 states = 25.
    assert checked == 660 - 25
