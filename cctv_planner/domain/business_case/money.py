"""The business case's one rounding rule.

Money is held as integer whole pounds. Rates and shares are ``Decimal``. A
product of a rate and an amount is rounded exactly once, to the scenario's
rounding unit (£1,000 for the council's published tables, or £1), *half up*:

    round_half_up(x, unit) = unit * floor(|x| / unit + 1/2) * sign(x)

"Half up" here means half away from zero, which is what ``decimal.ROUND_HALF_UP``
and Excel's ``ROUND`` both do. For positive amounts it is the ordinary "0.5 goes
up" rule (£219,500 -> £220,000); a negative amount such as a grant offset is
rounded symmetrically (-£219,500 -> -£220,000), so negating an input negates the
result. Python's built-in ``round()`` rounds half to even and is never used:
it turns 0.7 x £2,415,000 = £1,690,500 into £1,690,000 instead of the
published £1,691,000.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class Rounding(StrEnum):
    """Rounding unit of a scenario: the nearest £1,000 (as published) or £1."""

    THOUSAND = "thousand"
    POUND = "pound"

    @property
    def unit(self) -> int:
        """Size of the unit in whole pounds (1000 or 1)."""
        return 1000 if self is Rounding.THOUSAND else 1


def round_half_up(amount: Decimal | int, unit: int = 1) -> int:
    """Round an amount of pounds to a whole multiple of ``unit``, half away from zero.

    Parameters
    ----------
    amount : Decimal or int
        An exact amount in pounds (for example ``rate * subtotal``). Binary
        floats are refused because they cannot represent 0.7 exactly.
    unit : int
        Rounding unit in whole pounds, > 0 (1000 for £'000 tables, 1 for pounds).

    Returns
    -------
    int
        Whole pounds, a multiple of ``unit``.

    Examples
    --------
    >>> round_half_up(Decimal("1690500"), 1000)
    1691000
    >>> round_half_up(Decimal("219500"), 1000)
    220000
    >>> round_half_up(Decimal("-219500"), 1000)
    -220000
    >>> round_half_up(Decimal("1832600"), 1000)
    1833000
    """
    if isinstance(amount, (float, bool)):
        raise TypeError("round_half_up takes Decimal or int, never float or bool")
    if unit <= 0:
        raise ValueError("unit must be a positive number of pounds")
    units = (Decimal(amount) / Decimal(unit)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(units) * unit


def share_of(share: Decimal, amount: int, unit: int = 1) -> int:
    """Return ``share * amount`` rounded half up to ``unit`` (whole pounds).

    Parameters
    ----------
    share : Decimal
        A rate or share (0.10 for 10%).
    amount : int
        Whole pounds.
    unit : int
        Rounding unit in pounds.

    Examples
    --------
    >>> share_of(Decimal("0.7"), 2415000, 1000)
    1691000
    """
    return round_half_up(share * Decimal(amount), unit)
