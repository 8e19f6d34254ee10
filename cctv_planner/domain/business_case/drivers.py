"""Generate the transmission lines and savings of a scenario from its drivers.

The published lines are single figures per range; the drivers are the
product's generalisation of them, so any fibre/wireless mix and any number of
sites can be costed. With ``n`` the whole-site counts::

    fibre current sites      fc = round_half_up(fibre_share_current * current_fixed_sites)
    fibre additional sites   fa = round_half_up(fibre_share_additional * additional_fixed_sites)
    wireless sites           w  = (current_fixed_sites - fc) + (additional_fixed_sites - fa)

    rapid_mobile      capital = mobile_cameras * mobile_capital_per_camera
                      revenue = mobile_cameras * mobile_data_per_camera_year
    wireless_network  capital = w * wireless_install_per_site, replaced every
                      wireless_replacement_cycle_years
    fibre_additional  capital = fa * fibre_install_per_additional_site
                      revenue = fa * fibre_rental_per_connection_year
    fibre_current     capital = fc * fibre_install_per_current_site
                      revenue = fc * fibre_rental_per_connection_year
    fibre_west_grant  capital = -fc * min(grant_per_current_site, fibre_install_per_current_site)

    small_cells           saving = small_cell_sites * small_cell_rent_year
    shared_fibre          saving = min(shared_fibre_sites, fc + fa)
                                   * fibre_rental_per_connection_year
    wireless_maintenance  saving = wireless_maintenance_year if w == 0 else 0

Generated amounts are exact whole pounds (counts times whole-pound rates); the
only rounding is of site counts, to whole sites, half up. Savings start in
``savings_start_year``. No "avoided capital" saving is generated: the
whole-life cost models the wireless replacement directly, so it would count twice.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

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
    Drivers,
    Line,
    Saving,
    SavingKind,
    Scenario,
)

GENERATED_LINE_KEYS = (MOBILE, WIRELESS, FIBRE_ADDITIONAL, FIBRE_CURRENT, GRANT)
GENERATED_SAVING_KEYS = (SMALL_CELLS, WIRELESS_MAINTENANCE, SHARED_FIBRE)

_DEFAULT_LABELS = {
    MOBILE: "Rapid mobile deployment",
    WIRELESS: "Wireless network transmission costs",
    FIBRE_ADDITIONAL: "CCTV fibre backhaul - installation (add. sites)",
    FIBRE_CURRENT: "CCTV fibre backhaul - installation (current sites)",
    GRANT: "Fibre West – Grant Funding",
    SMALL_CELLS: "Future Revenue - 5G Small Cells",
    WIRELESS_MAINTENANCE: "Maintenance Saving (if no wireless network)",
    SHARED_FIBRE: "Future saving via sharing of fibre connections",
}


@dataclass(frozen=True, slots=True)
class SiteCounts:
    """Whole-site counts derived from the drivers."""

    fibre_current: int
    wireless_current: int
    fibre_additional: int
    wireless_additional: int

    @property
    def wireless(self) -> int:
        """All wireless fixed sites (current and additional)."""
        return self.wireless_current + self.wireless_additional

    @property
    def fibre(self) -> int:
        """All fibre-connected fixed sites (current and additional)."""
        return self.fibre_current + self.fibre_additional


def site_counts(drivers: Drivers) -> SiteCounts:
    """Split current and additional fixed sites into fibre and wireless.

    Parameters
    ----------
    drivers : Drivers
        Uses ``current_fixed_sites``, ``additional_fixed_sites`` and the two
        fibre shares.

    Returns
    -------
    SiteCounts
        fibre = round_half_up(share * sites) whole sites; wireless = the rest.

    Examples
    --------
    0.55 of 127 current sites is 69.85, so 70 fibre and 57 wireless.
    """
    fc = round_half_up(drivers.fibre_share_current * drivers.current_fixed_sites)
    fa = round_half_up(drivers.fibre_share_additional * drivers.additional_fixed_sites)
    return SiteCounts(fc, drivers.current_fixed_sites - fc, fa, drivers.additional_fixed_sites - fa)


def _pounds(amount: int) -> str:
    return f"£{amount:,}"


def generate(drivers: Drivers) -> tuple[tuple[Line, ...], tuple[Saving, ...]]:
    """Generate the transmission lines and driver savings (formulas in the module docstring).

    Parameters
    ----------
    drivers : Drivers
        Site counts, shares and unit rates (whole pounds).

    Returns
    -------
    lines : tuple of Line
        ``rapid_mobile``, ``wireless_network``, ``fibre_additional``,
        ``fibre_current``, ``fibre_west_grant`` with default labels and a
        ``basis`` that spells out the arithmetic.
    savings : tuple of Saving
        ``small_cells``, ``wireless_maintenance``, ``shared_fibre`` (zero
        amounts included, so the table shape does not change across a sweep).
    """
    d = drivers
    n = site_counts(d)
    rental = d.fibre_rental_per_connection_year
    grant_rate = min(d.grant_per_current_site, d.fibre_install_per_current_site)
    lines = (
        Line(MOBILE, _DEFAULT_LABELS[MOBILE],
             capital=d.mobile_cameras * d.mobile_capital_per_camera,
             revenue=d.mobile_cameras * d.mobile_data_per_camera_year,
             connections=d.mobile_cameras,
             basis=f"{d.mobile_cameras} cameras × {_pounds(d.mobile_capital_per_camera)}; "
                   f"data {_pounds(d.mobile_data_per_camera_year)} a year each",
             revenue_label="Mobile camera backhaul - 4G / 5G package"),
        Line(WIRELESS, _DEFAULT_LABELS[WIRELESS],
             capital=n.wireless * d.wireless_install_per_site,
             basis=f"{n.wireless_current} current + {n.wireless_additional} additional wireless "
                   f"sites × {_pounds(d.wireless_install_per_site)}, "
                   f"replaced every {d.wireless_replacement_cycle_years} years",
             replacement_cycle_years=d.wireless_replacement_cycle_years),
        Line(FIBRE_ADDITIONAL, _DEFAULT_LABELS[FIBRE_ADDITIONAL],
             capital=n.fibre_additional * d.fibre_install_per_additional_site,
             revenue=n.fibre_additional * rental,
             connections=n.fibre_additional,
             basis=f"{n.fibre_additional} additional fibre sites × "
                   f"{_pounds(d.fibre_install_per_additional_site)}; "
                   f"rental {_pounds(rental)} a year each",
             revenue_label="Fibre Line Rental - additional CCTV sites"),
        Line(FIBRE_CURRENT, _DEFAULT_LABELS[FIBRE_CURRENT],
             capital=n.fibre_current * d.fibre_install_per_current_site,
             revenue=n.fibre_current * rental,
             connections=n.fibre_current,
             basis=f"{n.fibre_current} current fibre sites × "
                   f"{_pounds(d.fibre_install_per_current_site)}; "
                   f"rental {_pounds(rental)} a year each",
             revenue_label="Fibre Line Rental - current CCTV sites"),
        Line(GRANT, _DEFAULT_LABELS[GRANT],
             capital=-n.fibre_current * grant_rate,
             basis=f"{n.fibre_current} current fibre sites × {_pounds(grant_rate)} grant"),
    )
    savings = (
        Saving(SMALL_CELLS, _DEFAULT_LABELS[SMALL_CELLS],
               amount=d.small_cell_sites * d.small_cell_rent_year,
               basis=f"{d.small_cell_sites} sites at {_pounds(d.small_cell_rent_year)} a year",
               start_year=d.savings_start_year),
        Saving(WIRELESS_MAINTENANCE, _DEFAULT_LABELS[WIRELESS_MAINTENANCE],
               amount=d.wireless_maintenance_year if n.wireless == 0 else 0,
               basis="Saved only when no wireless site remains",
               start_year=d.savings_start_year),
        Saving(SHARED_FIBRE, _DEFAULT_LABELS[SHARED_FIBRE],
               amount=min(d.shared_fibre_sites, n.fibre) * rental,
               basis=f"{min(d.shared_fibre_sites, n.fibre)} sites share a connection, "
                     f"{_pounds(rental)} a year each",
               start_year=d.savings_start_year),
    )
    return lines, savings


def apply_drivers(scenario: Scenario, **overrides) -> Scenario:
    """Return ``scenario`` with its transmission lines and savings generated from drivers.

    Lines and savings with a generated key are replaced in place, keeping the
    scenario's own label and Table 3 wording; generated ones the scenario lacks
    are appended after the scenario's own. Savings of kind ``avoided_capital`` are dropped
    (the whole-life cost models the replacement itself). Other lines (control
    room, cameras, analytics) and savings (TBC items) are kept unchanged.

    Parameters
    ----------
    scenario : Scenario
        Must have ``drivers``.
    **overrides
        Driver fields to change first, e.g. ``fibre_share_current=Decimal("0.8")``.

    Raises
    ------
    ValueError
        If the scenario has no drivers.
    """
    if scenario.drivers is None:
        raise ValueError(f"scenario {scenario.name!r} has no drivers")
    drivers = dataclasses.replace(scenario.drivers, **overrides)
    gen_lines, gen_savings = generate(drivers)
    lines = _merge(scenario.lines, gen_lines, keep_wording=True)
    kept_savings = tuple(s for s in scenario.savings if s.kind is not SavingKind.AVOIDED_CAPITAL)
    savings = _merge(kept_savings, gen_savings, keep_wording=True)
    return dataclasses.replace(scenario, lines=lines, savings=savings, drivers=drivers)


def _merge(existing, generated, *, keep_wording):
    by_key = {item.key: item for item in generated}
    out = []
    for item in existing:
        new = by_key.pop(item.key, None)
        if new is None:
            out.append(item)
            continue
        if keep_wording:
            changes = {"label": item.label}
            if isinstance(item, Line) and item.revenue_label:
                changes["revenue_label"] = item.revenue_label
            new = dataclasses.replace(new, **changes)
        out.append(new)
    out.extend(by_key.values())
    return tuple(out)


def fibre_shares(steps: int = 10) -> tuple[Decimal, ...]:
    """Return ``steps + 1`` evenly spaced fibre shares from 0 to 1 inclusive.

    Examples
    --------
    >>> [str(s) for s in fibre_shares(4)]
    ['0', '0.25', '0.5', '0.75', '1']
    """
    if steps < 1:
        raise ValueError("steps must be at least 1")
    return tuple((Decimal(i) / Decimal(steps)).normalize() if i else Decimal(0)
                 for i in range(steps + 1))
