"""Faults: their vocabulary, the status workflow and the target fix times.

A fault is logged against one camera. Its status moves only along
:data:`TRANSITIONS`; anything else is an :class:`InvalidTransition` (409)
whose message says what is allowed from where the fault stands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum

from cctv_planner.domain.errors import InvalidTransition, ValidationFailed


class FaultCategory(StrEnum):
    NO_VIDEO = "no_video"
    TRANSMISSION = "transmission"  # transmission / line of sight (trees, buildings, lost node sites)
    POWER = "power"
    PHYSICAL_DAMAGE = "physical_damage"
    PTZ_CONTROL = "ptz_control"
    IMAGE_QUALITY = "image_quality"
    RECORDING = "recording"
    END_OF_LIFE = "end_of_life"
    OTHER = "other"


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class FaultStatus(StrEnum):
    OPEN = "open"
    ASSIGNED = "assigned"
    AWAITING_PARTS = "awaiting_parts"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Resolution(StrEnum):
    REPAIR = "repair"
    REPLACEMENT = "replacement"
    UPGRADE = "upgrade"
    REMOVAL = "removal"
    NO_FAULT_FOUND = "no_fault_found"


S = FaultStatus
# Where a fault may go next. Resolved may be reopened (the fix did not hold)
# until someone closes it; closed and cancelled are final.
TRANSITIONS: Mapping[FaultStatus, frozenset[FaultStatus]] = {
    S.OPEN: frozenset({S.ASSIGNED, S.RESOLVED, S.CANCELLED}),
    S.ASSIGNED: frozenset({S.OPEN, S.AWAITING_PARTS, S.RESOLVED, S.CANCELLED}),
    S.AWAITING_PARTS: frozenset({S.ASSIGNED, S.RESOLVED, S.CANCELLED}),
    S.RESOLVED: frozenset({S.OPEN, S.CLOSED}),
    S.CLOSED: frozenset(),
    S.CANCELLED: frozenset(),
}

# A fault is live (and, if out of service, an outage) in these states.
ACTIVE_STATUSES = frozenset({S.OPEN, S.ASSIGNED, S.AWAITING_PARTS})
# These carry a resolution and a resolved_at.
DONE_STATUSES = frozenset({S.RESOLVED, S.CLOSED})

# Target time from report to fix, per severity (configurable: CCTV_FAULT_TARGET_HOURS).
DEFAULT_TARGET_HOURS: Mapping[Severity, int] = {
    Severity.CRITICAL: 24,
    Severity.HIGH: 72,
    Severity.MEDIUM: 7 * 24,
    Severity.LOW: 28 * 24,
}


def allowed_next(current: FaultStatus) -> list[FaultStatus]:
    """The statuses a fault in ``current`` may move to, in the enum's order."""
    return [s for s in FaultStatus if s in TRANSITIONS[current]]


def check_transition(current: FaultStatus, new: FaultStatus) -> None:
    """Raise :class:`InvalidTransition` unless ``current -> new`` is in the table.

    >>> check_transition(FaultStatus.OPEN, FaultStatus.ASSIGNED)
    >>> check_transition(FaultStatus.CLOSED, FaultStatus.OPEN)
    Traceback (most recent call last):
    ...
    cctv_planner.domain.errors.InvalidTransition: a closed fault cannot become open: a closed fault is final
    """
    if new in TRANSITIONS[current]:
        return
    allowed = allowed_next(current)
    if allowed:
        then = "from " + current.value + " it may become " + ", ".join(s.value for s in allowed)
    else:
        then = f"a {current.value} fault is final"
    raise InvalidTransition(f"a {current.value} fault cannot become {new.value}: {then}", field="status")


def parse_target_hours(text: str | None) -> dict[Severity, int]:
    """Read ``"critical=24,high=72"``; severities not named keep their default.

    >>> parse_target_hours("critical=4, low=1000")[Severity.CRITICAL]
    4
    """
    targets = dict(DEFAULT_TARGET_HOURS)
    for part in (text or "").split(","):
        if not part.strip():
            continue
        name, _, value = part.partition("=")
        try:
            severity = Severity(name.strip().lower())
            hours = int(value)
        except ValueError:
            raise ValueError(f"fault target {part.strip()!r}: write severity=hours, e.g. high=72") from None
        if hours <= 0:
            raise ValueError(f"fault target {part.strip()!r}: hours must be positive")
        targets[severity] = hours
    return targets


def target_fix_by(reported_at: dt.datetime, severity: Severity, targets: Mapping[Severity, int]) -> dt.datetime:
    """When the fault should be fixed: reported plus the severity's target."""
    return reported_at + dt.timedelta(hours=targets[severity])


def check_fault_times(detected_at: dt.datetime, reported_at: dt.datetime,
                      resolved_at: dt.datetime | None) -> None:
    """Detected, then reported, then resolved: no step may go back in time."""
    if reported_at < detected_at:
        raise ValidationFailed("reported_at is before detected_at", field="reported_at")
    if resolved_at is not None and resolved_at < reported_at:
        raise ValidationFailed("resolved_at is before reported_at", field="resolved_at")
