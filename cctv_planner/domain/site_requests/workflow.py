"""The transition table: which action moves a request from which state, and who may do it.

Every step is an event; anything not in the table is refused with 409 and a
message naming what is allowed from the current state. Some actions have more
than one possible end (a recommendation of "none" closes the request as logged
and monitored); :func:`target` picks it from what the step records.

Who may act also depends on the request (only the member who raised it may
withdraw it or submit it; only the request's own area committee decides):
the services check that; this table is the role rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cctv_planner.domain.errors import CctvPlannerError, InvalidTransition
from cctv_planner.domain.register import Role
from cctv_planner.domain.site_requests.vocabulary import (
    NOT_YET_FUNDED,
    Action,
    FundingOutcome,
    RequestState,
    Response,
)

S = RequestState
CST = frozenset({Role.CST_OFFICER, Role.CCTV_MANAGER})


@dataclass(frozen=True)
class Transition:
    action: Action
    source: RequestState
    targets: tuple[RequestState, ...]  # the first is the usual one
    roles: frozenset[Role]


def _t(action: Action, source: RequestState, targets, roles) -> Transition:
    targets = targets if isinstance(targets, tuple) else (targets,)
    return Transition(action, source, targets, frozenset(roles))


TRANSITIONS: tuple[Transition, ...] = (
    _t(Action.INVESTIGATION, S.RAISED, S.UNDER_INVESTIGATION, CST),
    _t(Action.FINDINGS, S.UNDER_INVESTIGATION, S.UNDER_INVESTIGATION, CST),
    _t(Action.RECOMMENDATION, S.UNDER_INVESTIGATION,
       (S.RECOMMENDED, S.OTHER_RESPONSE, S.LOGGED_AND_MONITORED), CST),
    _t(Action.PROPOSAL, S.RECOMMENDED, S.CCTV_PROPOSED, CST),
    # A revised proposal (new costs, an exception recorded) before it goes to committee.
    _t(Action.PROPOSAL, S.CCTV_PROPOSED, S.CCTV_PROPOSED, CST),
    # Step 6: the member takes the Members item to committee, with the CST's help.
    _t(Action.SUBMISSION, S.CCTV_PROPOSED, S.AWAITING_FUNDING, {Role.MEMBER, Role.CST_OFFICER}),
    _t(Action.FUNDING_DECISION, S.AWAITING_FUNDING, (S.IN_IMPLEMENTATION, S.DECLINED), {Role.AREA_COMMITTEE}),
    # Step 5: no area-committee funds needed, straight into the works programme.
    _t(Action.IMPLEMENTATION, S.CCTV_PROPOSED, S.IN_IMPLEMENTATION, CST),
    _t(Action.IMPLEMENTATION, S.IN_IMPLEMENTATION, S.IN_IMPLEMENTATION, CST),
    # Completion writes to the camera register, which the CCTV manager keeps.
    _t(Action.COMPLETION, S.IN_IMPLEMENTATION, S.COMPLETED, {Role.CCTV_MANAGER}),
    _t(Action.REOPENING, S.LOGGED_AND_MONITORED, S.UNDER_INVESTIGATION, CST),
    *(_t(Action.WITHDRAWAL, state, S.WITHDRAWN, {Role.MEMBER}) for state in RequestState
      if state in NOT_YET_FUNDED),
)

class NotPermitted(CctvPlannerError):
    """The person may not take this step (wrong role, or not their request)."""

    http_status = 403
    code = "forbidden"


def _action_roles() -> dict[Action, frozenset[Role]]:
    roles: dict[Action, frozenset[Role]] = {}
    for t in TRANSITIONS:
        # One role rule per action, whatever the state: a wrong role is 403
        # everywhere, a wrong state 409 (a test enforces the table agrees).
        assert roles.setdefault(t.action, t.roles) == t.roles, t
    return roles


#: Who may take each step.
ACTION_ROLES: dict[Action, frozenset[Role]] = _action_roles()
_BY_KEY: dict[tuple[RequestState, Action], Transition] = {(t.source, t.action): t for t in TRANSITIONS}


def transition_for(state: RequestState, action: Action) -> Transition | None:
    return _BY_KEY.get((state, action))


def allowed_actions(state: RequestState, roles: Iterable[Role] | None = None) -> list[Action]:
    """Actions possible from ``state`` (for ``roles``, when given), in the table's order."""
    held = None if roles is None else frozenset(roles)
    return [t.action for t in TRANSITIONS
            if t.source == state and (held is None or t.roles & held)]


def _describe(state: RequestState) -> str:
    options = [f"{t.action.value} ({', '.join(sorted(r.value for r in t.roles))})"
               for t in TRANSITIONS if t.source == state]
    return "; ".join(options) if options else "nothing (the request is closed)"


def check(state: RequestState, action: Action, roles: Iterable[Role]) -> Transition:
    """Return the transition, or refuse: NotPermitted (403) for a role that never
    takes this step, InvalidTransition (409) naming what is allowed from ``state``."""
    permitted = ACTION_ROLES[action]
    if not (permitted & frozenset(roles)):
        names = ", ".join(sorted(r.value for r in permitted))
        raise NotPermitted(f"{action.value!r} is done by: {names}")
    transition = transition_for(state, action)
    if transition is None:
        raise InvalidTransition(
            f"cannot do {action.value!r} to a request that is {state.value}; "
            f"allowed from {state.value}: {_describe(state)}", field="state")
    return transition


def recommendation_target(responses: Iterable[Response]) -> RequestState:
    """Where a recommendation leads: CCTV to a proposal; none closes it as logged and monitored."""
    chosen = set(responses)
    if Response.CCTV in chosen:
        return S.RECOMMENDED
    if chosen and chosen != {Response.NONE}:
        return S.OTHER_RESPONSE
    return S.LOGGED_AND_MONITORED


def funding_target(outcome: FundingOutcome) -> RequestState:
    return S.IN_IMPLEMENTATION if outcome is FundingOutcome.APPROVED else S.DECLINED
