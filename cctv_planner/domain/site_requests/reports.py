"""Report maths: time in each state (median, 90th percentile) and conversion.

Time in a state is measured per visit, from the event that entered the state
to the next state change (or to ``as_of`` for the current state), in days.
Percentiles use linear interpolation between order statistics (numpy's
default, Hyndman & Fan type 7): for sorted values v0..v(n-1) the q-th
percentile is v(k) + f·(v(k+1) − v(k)) with k + f = q/100·(n − 1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from cctv_planner.domain.site_requests.vocabulary import CLOSED_STATES, PIPELINE, RequestState


@dataclass(frozen=True)
class StateChange:
    request_id: int
    at: dt.datetime
    to_state: RequestState


def percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    return float(np.percentile(np.asarray(values, np.float64), q))


def days_in_states(changes: Iterable[StateChange], as_of: dt.datetime) -> dict[RequestState, list[float]]:
    """Days spent per visit to each state, from each request's ordered changes.

    A closed state has no duration (nothing waits there), so it is left out.
    """
    by_request: dict[int, list[StateChange]] = {}
    for change in changes:
        by_request.setdefault(change.request_id, []).append(change)
    spent: dict[RequestState, list[float]] = {}
    for history in by_request.values():
        history.sort(key=lambda c: c.at)
        # Self-loops (findings, a revised proposal) do not end a stay.
        stays = [c for i, c in enumerate(history) if i == 0 or c.to_state != history[i - 1].to_state]
        for i, change in enumerate(stays):
            if change.to_state in CLOSED_STATES:
                continue
            end = stays[i + 1].at if i + 1 < len(stays) else as_of
            spent.setdefault(change.to_state, []).append((end - change.at).total_seconds() / 86400.0)
    return spent


def time_in_state(changes: Iterable[StateChange], as_of: dt.datetime) -> dict[str, dict[str, float | int | None]]:
    """``{state: {"visits", "median_days", "p90_days"}}`` in pipeline order."""
    spent = days_in_states(changes, as_of)
    order = [*PIPELINE, RequestState.LOGGED_AND_MONITORED]
    return {state.value: {"visits": len(spent.get(state, [])),
                          "median_days": _round(percentile(spent.get(state, []), 50)),
                          "p90_days": _round(percentile(spent.get(state, []), 90))}
            for state in order}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def conversion(reached: dict[int, set[RequestState]]) -> dict[str, object]:
    """The funnel: how many requests ever reached each pipeline state, and raised-to-installed.

    ``reached`` maps a request to every state it has been in.
    """
    raised = len(reached)
    funnel = {state.value: sum(1 for states in reached.values() if state in states) for state in PIPELINE}
    installed = funnel[RequestState.COMPLETED.value]
    return {"raised": raised, "installed": installed,
            "conversion": round(installed / raised, 4) if raised else None, "reached": funnel}
