"""Contractors and contracts: the services a contract covers and spend against its cap."""

from __future__ import annotations

from enum import StrEnum


class ContractService(StrEnum):
    MAINTENANCE = "maintenance"
    MONITORING = "monitoring"
    INSTALLATION = "installation"
    FIBRE = "fibre"


def remaining_pence(cap_pence: int | None, spent_pence: int) -> int | None:
    """What is left under the cap (negative: overspent); None when the contract has no cap.

    >>> remaining_pence(21_347_700, 1_636_300)
    19711400
    """
    return None if cap_pence is None else cap_pence - spent_pence
