"""Consistency report: the unit rates each line implies, and the ones that disagree.

For every line (or saving) the drivers explain, the report states::

    count          = the line's own connection count if it has one, else the
                     count the drivers give (sites, cameras)
    implied rate   = |amount| / count              (pounds, half up)
    implied count  = |amount| / driver rate        (to 0.1, half up)
    expected       = round_half_up(count * driver rate, rounding unit)
    consistent     = |amount| == expected

so a published figure is consistent when it is the driver arithmetic rounded
the way the tables round (70 x £1,157 = £80,990 -> £81,000). Connection counts
are also checked against the drivers' site counts. A scenario without drivers
can still be checked for one thing: that every fibre line charges the rental
per connection the current-sites line implies.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from cctv_planner.domain.business_case.drivers import site_counts
from cctv_planner.domain.business_case.money import round_half_up
from cctv_planner.domain.business_case.scenario import (
    FIBRE_ADDITIONAL,
    FIBRE_CURRENT,
    GRANT,
    MOBILE,
    SHARED_FIBRE,
    SMALL_CELLS,
    WIRELESS,
    WIRELESS_MAINTENANCE,
    Scenario,
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One checked figure.

    Attributes
    ----------
    subject : str
        Line or saving key (``fibre_additional``).
    field : str
        ``capital``, ``revenue``, ``amount`` (a saving) or ``connections``.
    label : str
        Wording of the line or saving.
    amount : int
        The scenario's figure: whole pounds (absolute value), or a count for
        ``connections``.
    count : int
        Units behind it (connections, sites, cameras).
    count_source : str
        ``connections`` (the line's own count) or ``drivers``.
    rate_name : str
        The driver the figure should follow (``fibre_rental_per_connection_year``).
    rate : Decimal
        Its value in pounds (per unit, per year where the field is revenue).
    expected : int
        round_half_up(count * rate, unit), or the drivers' count.
    implied_rate : int or None
        amount / count in pounds, half up (None when count is 0).
    implied_count : Decimal or None
        amount / rate to 0.1 (None when the rate is 0).
    consistent : bool
    message : str
        One sentence for people.
    """

    subject: str
    field: str
    label: str
    amount: int
    count: int
    count_source: str
    rate_name: str
    rate: Decimal
    expected: int
    implied_rate: int | None
    implied_count: Decimal | None
    consistent: bool
    message: str


def _fmt(value: Decimal) -> str:
    # Whole-pound rates print as £1,157; a derived rate keeps its pence.
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def _implied_count(amount: int, rate: Decimal) -> Decimal | None:
    if rate == 0:
        return None
    count = (Decimal(amount) / rate).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    # A whole count reads as 80, not 80.0 (and never as normalize()'s 8E+1).
    return count.quantize(Decimal(1)) if count == count.to_integral_value() else count


def _rate_finding(subject, field, label, amount, count, count_source, rate_name, rate, unit):
    amount = abs(amount)
    expected = round_half_up(Decimal(count) * rate, unit)
    implied_rate = round_half_up(Decimal(amount) / count) if count else None
    implied_count = _implied_count(amount, rate)
    ok = amount == expected
    per = "nothing to divide by" if implied_rate is None else f"£{implied_rate:,} each"
    if ok and count == 0:
        message = f"{label} ({field}): nothing costed, and the drivers give no units"
    elif ok:
        message = (f"{label} ({field}): £{amount:,} for {count} = {per}, "
                   f"consistent with {rate_name} £{_fmt(rate)}")
    else:
        implied = "" if implied_count is None else f", or {implied_count} at £{_fmt(rate)} each"
        message = (f"{label} ({field}): £{amount:,} for {count} implies {per}{implied}; "
                   f"{rate_name} £{_fmt(rate)} gives £{expected:,}")
    return Finding(subject, field, label, amount, count, count_source, rate_name, rate,
                   expected, implied_rate, implied_count, ok, message)


def _count_finding(subject, label, connections, expected, driver_name):
    ok = connections == expected
    message = (f"{label}: {connections} connections"
               + (" match" if ok else " but")
               + f" the drivers' {expected} ({driver_name})")
    return Finding(subject, "connections", label, connections, expected, "drivers", driver_name,
                   Decimal(1), expected, None, None, ok, message)


def check(scenario: Scenario) -> tuple[Finding, ...]:
    """Return the consistency findings of a scenario (see the module docstring).

    Parameters
    ----------
    scenario : Scenario
        Any scenario; checks needing a line, saving or driver it lacks are skipped.

    Returns
    -------
    tuple of Finding
        In a fixed order: mobile, wireless, fibre additional, fibre current,
        grant, savings, then connection counts. Filter on ``consistent`` for
        the inconsistencies.
    """
    unit = scenario.rounding.unit
    d = scenario.drivers
    if d is None:
        return _check_without_drivers(scenario, unit)
    n = site_counts(d)
    out: list[Finding] = []

    def line_count(key, default):
        line = scenario.line(key)
        if line is not None and line.connections is not None:
            return line.connections, "connections"
        return default, "drivers"

    rental = Decimal(d.fibre_rental_per_connection_year)
    grant_rate = Decimal(min(d.grant_per_current_site, d.fibre_install_per_current_site))
    rate_checks = (
        (MOBILE, "capital", (d.mobile_cameras, "drivers"),
         "mobile_capital_per_camera", Decimal(d.mobile_capital_per_camera)),
        (MOBILE, "revenue", line_count(MOBILE, d.mobile_cameras),
         "mobile_data_per_camera_year", Decimal(d.mobile_data_per_camera_year)),
        (WIRELESS, "capital", (n.wireless, "drivers"),
         "wireless_install_per_site", Decimal(d.wireless_install_per_site)),
        (FIBRE_ADDITIONAL, "capital", line_count(FIBRE_ADDITIONAL, n.fibre_additional),
         "fibre_install_per_additional_site", Decimal(d.fibre_install_per_additional_site)),
        (FIBRE_ADDITIONAL, "revenue", line_count(FIBRE_ADDITIONAL, n.fibre_additional),
         "fibre_rental_per_connection_year", rental),
        (FIBRE_CURRENT, "capital", line_count(FIBRE_CURRENT, n.fibre_current),
         "fibre_install_per_current_site", Decimal(d.fibre_install_per_current_site)),
        (FIBRE_CURRENT, "revenue", line_count(FIBRE_CURRENT, n.fibre_current),
         "fibre_rental_per_connection_year", rental),
        (GRANT, "capital", line_count(FIBRE_CURRENT, n.fibre_current),
         "grant_per_current_site", grant_rate),
    )
    for key, field, (count, source), rate_name, rate in rate_checks:
        line = scenario.line(key)
        if line is None:
            continue
        out.append(_rate_finding(key, field, line.label, getattr(line, field), count, source,
                                 rate_name, rate, unit))
    saving_checks = (
        (SMALL_CELLS, d.small_cell_sites, "small_cell_rent_year", Decimal(d.small_cell_rent_year)),
        (SHARED_FIBRE, min(d.shared_fibre_sites, n.fibre), "fibre_rental_per_connection_year",
         rental),
        (WIRELESS_MAINTENANCE, 1 if n.wireless == 0 else 0, "wireless_maintenance_year",
         Decimal(d.wireless_maintenance_year)),
    )
    for key, count, rate_name, rate in saving_checks:
        saving = scenario.saving(key)
        if saving is None or saving.amount is None:
            continue
        out.append(_rate_finding(key, "amount", saving.label, saving.amount, count, "drivers",
                                 rate_name, rate, unit))
    count_checks = (
        (MOBILE, d.mobile_cameras, "mobile_cameras"),
        (FIBRE_CURRENT, n.fibre_current, "fibre_share_current × current_fixed_sites"),
        (FIBRE_ADDITIONAL, n.fibre_additional, "fibre_share_additional × additional_fixed_sites"),
    )
    for key, expected, name in count_checks:
        line = scenario.line(key)
        if line is None or line.connections is None:
            continue
        out.append(_count_finding(key, line.revenue_label or line.label, line.connections,
                                  expected, name))
    return tuple(out)


def _check_without_drivers(scenario: Scenario, unit: int) -> tuple[Finding, ...]:
    reference = scenario.line(FIBRE_CURRENT)
    if reference is None or not reference.connections:
        return ()
    rate = Decimal(reference.revenue) / reference.connections
    out = []
    for key in (FIBRE_CURRENT, FIBRE_ADDITIONAL):
        line = scenario.line(key)
        if line is None or not line.connections:
            continue
        out.append(_rate_finding(key, "revenue", line.label, line.revenue, line.connections,
                                 "connections", "rental implied by the current-sites line",
                                 rate, unit))
    return tuple(out)


def inconsistencies(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """Return only the findings that disagree with the drivers."""
    return tuple(f for f in findings if not f.consistent)
