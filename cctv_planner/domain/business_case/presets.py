"""Published scenarios: ``barnet-2022-obc`` Range A and Range B (June 2022).

Figures are those of the Revised Outline Business Case, Tables 1-3, in whole
pounds (the tables are in £'000). Wording of labels and notes is the council's.
The drivers are the product's reading of the same papers: 127 current and 98
additional fixed sites (Table 3, Range B connections), £5,000 fibre
installation per additional site (quoted), £1,157 rental per connection a year
(81/70 = 147/127), the Fibre West grant at £6,236 per current site
(£792k / 127), wireless installation at £3,160 per site (£335k / 106 wireless
sites of Range A), a 5-year wireless replacement cycle, £20k a year wireless
maintenance, 20 mobile cameras at £4,350 capital and £500 a year data, 5G
small cells at £300 a year, and savings from year 5 ("after 4-5 years").
"""

from __future__ import annotations

from decimal import Decimal

from cctv_planner.domain.business_case.money import Rounding
from cctv_planner.domain.business_case.scenario import (
    FIBRE_ADDITIONAL,
    FIBRE_CURRENT,
    GRANT,
    MOBILE,
    SHARED_FIBRE,
    SMALL_CELLS,
    WIRELESS,
    WIRELESS_MAINTENANCE,
    Appraisal,
    Baseline,
    CapitalSource,
    Drivers,
    Line,
    ProfileYear,
    Saving,
    SavingKind,
    Scenario,
)
from cctv_planner.domain.errors import NotFound

BARNET_2022_OBC = "barnet-2022-obc"

_HEADERS = {
    "A": "HYBRID MODEL Fibre/Wireless – Fixed Sites (Ratio 55/45), 4/5G – Mobile Sites",
    "B": "HYBRID MODEL Full Fibre – Fixed sites, 4/5G – Mobile sites",
}
_SAVINGS_START_YEAR = 5


def _barnet_2022(range_: str) -> Scenario:
    a = range_ == "A"
    lines = (
        Line("control_room", "Colindale Control Room", 796_000, 0,
             "Construction & Installation of equipment"),
        Line("cameras", "Cameras & Installation", 568_000, 0,
             "Fixed Camera Estate – quotes for camera models"),
        Line(MOBILE, "Rapid mobile deployment", 87_000, 10_000,
             "Mobile cameras & 4/5G transmission", connections=20,
             revenue_label="Mobile camera backhaul - 4G / 5G package"),
        Line(WIRELESS, "Wireless network transmission costs", 335_000 if a else 0, 0,
             "Wireless installation to sites not using fibre", replacement_cycle_years=5),
        Line("server_analytics", "Server Analytics", 194_000, 26_000,
             "Quotes from software provider",
             revenue_label="Server Analytics – software licence"),
        Line(FIBRE_ADDITIONAL, "CCTV fibre backhaul - installation (add. sites)",
             400_000 if a else 550_000, 73_000 if a else 118_000,
             "Assumed rate of £5,000 per additional site (quoted). "
             "Range A assumes 55/45 Fibre to Wireless",
             connections=49 if a else 98,
             revenue_label="Fibre Line Rental - additional CCTV sites"),
        Line(FIBRE_CURRENT, "CCTV fibre backhaul - installation (current sites)",
             541_000 if a else 792_000, 81_000 if a else 147_000,
             "Range A assumes 55/45 Fibre to Wireless",
             connections=70 if a else 127,
             revenue_label="Fibre Line Rental - current CCTV sites"),
        Line(GRANT, "Fibre West – Grant Funding", -541_000 if a else -792_000, 0,
             "Fibre West Grant Funding (WLA)"),
    )
    savings = []
    if not a:
        savings += [
            Saving("avoided_wireless_capital",
                   "Avoidance of future capital expenditure for wireless equipment", 67_000,
                   "Wireless equipment requires replacement regularly",
                   SavingKind.AVOIDED_CAPITAL, _SAVINGS_START_YEAR),
            Saving(WIRELESS_MAINTENANCE, "Maintenance Saving (if no wireless network)", 20_000,
                   "Annual revenue saving on maintenance contract",
                   start_year=_SAVINGS_START_YEAR),
        ]
    savings += [
        Saving("smart_pole", "Potential Savings – 'Smart Pole' Business Case", None,
               "Opportunity for savings through sharing of poles for smart parking, highways "
               "cameras, advertising etc", start_year=_SAVINGS_START_YEAR),
        Saving(SMALL_CELLS, "Future Revenue - 5G Small Cells", 15_000 if a else 30_000,
               "Assumed 50-100 sites with 5G small cells at £300pa",
               start_year=_SAVINGS_START_YEAR),
        Saving("fly_tipping", "Fly-tipping reduction & enforcement", None,
               "Opportunity for savings through CCTV to save on cost of clean up and "
               "enforcement revenue", start_year=_SAVINGS_START_YEAR),
    ]
    if not a:
        savings.append(
            Saving(SHARED_FIBRE,
                   "Future saving via sharing of fibre connections (install own ducts in "
                   "Finchley Central, Burnt Oak, and Golders Green Town Centres)", 17_000,
                   "Assumed up to 15 sites could share fibre connection if ducting installed "
                   "as part of TC public realm scheme", start_year=_SAVINGS_START_YEAR))
    drivers = Drivers(
        current_fixed_sites=127,
        additional_fixed_sites=98,
        fibre_share_current=Decimal("0.55") if a else Decimal("1"),
        fibre_share_additional=Decimal("0.5") if a else Decimal("1"),
        fibre_install_per_additional_site=5_000,
        fibre_install_per_current_site=6_236,
        grant_per_current_site=6_236,
        fibre_rental_per_connection_year=1_157,
        wireless_install_per_site=3_160,
        wireless_maintenance_year=20_000,
        wireless_replacement_cycle_years=5,
        mobile_cameras=20,
        mobile_capital_per_camera=4_350,
        mobile_data_per_camera_year=500,
        small_cell_sites=50 if a else 100,
        small_cell_rent_year=300,
        shared_fibre_sites=0 if a else 15,
        savings_start_year=_SAVINGS_START_YEAR,
        generate=False,
    )
    return Scenario(
        name=f"{BARNET_2022_OBC} Range {range_}",
        description=f"Range {range_}: {_HEADERS[range_]} (Revised OBC, June 2022)",
        contingency_rate=Decimal("0.10"),
        rounding=Rounding.THOUSAND,
        baseline=Baseline(
            capital=782_000, revenue=660_000, prior_revenue=490_000,
            # As published: the s106 sum is £52,762, shown as £52k (truncated).
            capital_sources=(CapitalSource("Strategic CIL", 730_000),
                             CapitalSource("s106 (H/00342/09)", 52_000))),
        spend_profile=(ProfileYear("2022-23", Decimal("0.7")),
                       ProfileYear("2023-24", Decimal("0.3"))),
        lines=lines,
        savings=tuple(savings),
        drivers=drivers,
        appraisal=Appraisal(),
    )


_PRESETS = {BARNET_2022_OBC: {"A": lambda: _barnet_2022("A"), "B": lambda: _barnet_2022("B")}}


def preset_names() -> tuple[str, ...]:
    """Return the names of the published presets."""
    return tuple(_PRESETS)


def preset_ranges(name: str) -> tuple[str, ...]:
    """Return the ranges of a preset (``("A", "B")``).

    Raises
    ------
    NotFound
        For an unknown preset.
    """
    if name not in _PRESETS:
        raise NotFound(f"no preset named {name!r}; known: {', '.join(_PRESETS)}", field="preset")
    return tuple(_PRESETS[name])


def preset(name: str, range_: str) -> Scenario:
    """Return a published scenario, e.g. ``preset("barnet-2022-obc", "A")``.

    Parameters
    ----------
    name : str
        Preset name.
    range_ : str
        Range letter, case-insensitive.

    Raises
    ------
    NotFound
        For an unknown preset or range.
    """
    ranges = preset_ranges(name)
    key = range_.upper()
    if key not in ranges:
        raise NotFound(f"preset {name!r} has no range {range_!r}; known: {', '.join(ranges)}",
                       field="range")
    return _PRESETS[name][key]()
