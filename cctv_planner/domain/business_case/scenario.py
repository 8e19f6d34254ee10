"""Inputs of a business case: a scenario and its parts (frozen dataclasses).

Money is integer whole pounds; rates and shares are ``Decimal``. A scenario is
what the council's Tables 1-3 are computed from: cost lines (capital and
annual additional revenue), the agreed budget, the contingency rate, the spend
profile, the known savings and, optionally, the drivers (site counts, fibre
shares and unit rates) the transmission lines can be generated from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from cctv_planner.domain.business_case.money import Rounding
from cctv_planner.domain.errors import ValidationFailed

#: Keys the driver generator and the consistency report know about.
MOBILE = "rapid_mobile"
WIRELESS = "wireless_network"
FIBRE_ADDITIONAL = "fibre_additional"
FIBRE_CURRENT = "fibre_current"
GRANT = "fibre_west_grant"
SMALL_CELLS = "small_cells"
SHARED_FIBRE = "shared_fibre"
WIRELESS_MAINTENANCE = "wireless_maintenance"

#: Green Book default real discount rate and the issue's default horizon.
DEFAULT_DISCOUNT_RATE = Decimal("0.035")
DEFAULT_YEARS = 10
MAX_YEARS = 60


class SavingKind(StrEnum):
    """What a Table 3 saving is.

    ``revenue``: a cut in annual revenue cost or new annual income.
    ``avoided_capital``: capital the scenario avoids (Range B's wireless
    replacement), shown per year in the published table but *not* a revenue
    item; the whole-life cost excludes it because it models replacements
    directly.
    """

    REVENUE = "revenue"
    AVOIDED_CAPITAL = "avoided_capital"


@dataclass(frozen=True, slots=True)
class Line:
    """One cost line of Table 2.

    Attributes
    ----------
    key : str
        Stable identifier (``fibre_current``, ``control_room`` ...).
    label : str
        Table 2 wording.
    capital : int
        One-off capital in whole pounds; negative for a funding offset (a grant),
        which counts before the contingency.
    revenue : int
        Additional annual revenue cost in whole pounds a year.
    basis : str
        The published note or the formula that produced the figures.
    connections : int or None
        Table 3 "No. of Connections" behind the revenue, if any.
    revenue_label : str or None
        Table 3 wording of the revenue row, when it differs from ``label``.
    replacement_cycle_years : int or None
        The capital is spent again every this many years (wireless equipment).
    """

    key: str
    label: str
    capital: int = 0
    revenue: int = 0
    basis: str = ""
    connections: int | None = None
    revenue_label: str | None = None
    replacement_cycle_years: int | None = None


@dataclass(frozen=True, slots=True)
class Saving:
    """One Table 3 saving or income, positive pounds a year (``None`` = TBC).

    ``start_year`` is the first year of the whole-life appraisal (1 = the first
    year after the capital spend) in which the saving is counted.
    """

    key: str
    label: str
    amount: int | None
    basis: str = ""
    kind: SavingKind = SavingKind.REVENUE
    start_year: int = 1


@dataclass(frozen=True, slots=True)
class ProfileYear:
    """A financial year of the spend profile and its share of the totals."""

    year: str
    share: Decimal


@dataclass(frozen=True, slots=True)
class CapitalSource:
    """A source of the agreed capital budget (CIL, s106 ...), whole pounds."""

    label: str
    amount: int


@dataclass(frozen=True, slots=True)
class Baseline:
    """The agreed budget the additional funding is measured against (Table 1).

    Attributes
    ----------
    capital : int
        Agreed capital budget, whole pounds (£782,000 as published).
    revenue : int
        Agreed revenue budget for the first profile year, pounds a year (£660,000).
    prior_revenue : int or None
        Revenue budget of the year before, pounds a year (£490,000); the
        difference is Table 1's "Budget increase".
    capital_sources : tuple of CapitalSource
        Optional breakdown of ``capital``; must sum to it when given.
    """

    capital: int
    revenue: int
    prior_revenue: int | None = None
    capital_sources: tuple[CapitalSource, ...] = ()


@dataclass(frozen=True, slots=True)
class Drivers:
    """Site counts, fibre shares and unit rates that generate transmission lines.

    All money in whole pounds; ``*_year`` amounts are pounds a year. Shares are
    fractions in [0, 1]. See ``drivers.generate`` for the formulas.
    """

    current_fixed_sites: int
    additional_fixed_sites: int
    fibre_share_current: Decimal
    fibre_share_additional: Decimal
    fibre_install_per_additional_site: int
    fibre_install_per_current_site: int
    grant_per_current_site: int
    fibre_rental_per_connection_year: int
    wireless_install_per_site: int
    wireless_maintenance_year: int
    wireless_replacement_cycle_years: int
    mobile_cameras: int
    mobile_capital_per_camera: int
    mobile_data_per_camera_year: int
    small_cell_sites: int = 0
    small_cell_rent_year: int = 0
    shared_fibre_sites: int = 0
    savings_start_year: int = 1
    #: True: replace the transmission lines and driver savings by generated ones
    #: on evaluation. False: drivers only feed the consistency report and sweep.
    generate: bool = False


@dataclass(frozen=True, slots=True)
class Appraisal:
    """Whole-life appraisal settings: horizon in years and real discount rate."""

    years: int = DEFAULT_YEARS
    discount_rate: Decimal = DEFAULT_DISCOUNT_RATE


@dataclass(frozen=True, slots=True)
class Scenario:
    """A complete business-case scenario (one range of the published OBC, or any other)."""

    name: str
    contingency_rate: Decimal
    rounding: Rounding
    baseline: Baseline
    spend_profile: tuple[ProfileYear, ...]
    lines: tuple[Line, ...]
    savings: tuple[Saving, ...] = ()
    drivers: Drivers | None = None
    appraisal: Appraisal = field(default_factory=Appraisal)
    description: str = ""

    def line(self, key: str) -> Line | None:
        """Return the line with ``key``, or None."""
        return next((line for line in self.lines if line.key == key), None)

    def saving(self, key: str) -> Saving | None:
        """Return the saving with ``key``, or None."""
        return next((s for s in self.savings if s.key == key), None)


def _share_ok(share: Decimal) -> bool:
    return share.is_finite() and Decimal(0) <= share <= Decimal(1)


def validate_scenario(scenario: Scenario) -> None:
    """Check the rules a scenario must satisfy before it is evaluated.

    The marshmallow schema checks the same things with field paths; this is the
    domain's own guard for scenarios built in code.

    Raises
    ------
    ValidationFailed
        With ``field`` naming the offending field (``spend_profile``,
        ``lines[3].key`` ...).
    """
    if not _share_ok(scenario.contingency_rate):
        raise ValidationFailed("contingency rate must be between 0 and 1", field="contingency_rate")
    if not scenario.spend_profile:
        raise ValidationFailed("the spend profile needs at least one year", field="spend_profile")
    for i, year in enumerate(scenario.spend_profile):
        if not _share_ok(year.share):
            raise ValidationFailed("share must be between 0 and 1",
                                   field=f"spend_profile[{i}].share")
    total = sum((y.share for y in scenario.spend_profile), Decimal(0))
    if total != 1:
        raise ValidationFailed(f"spend profile shares sum to {total}, not 1", field="spend_profile")
    years = [y.year for y in scenario.spend_profile]
    if len(set(years)) != len(years):
        raise ValidationFailed("spend profile years must be distinct", field="spend_profile")
    keys = [line.key for line in scenario.lines]
    for i, key in enumerate(keys):
        if keys.index(key) != i:
            raise ValidationFailed(f"duplicate line key {key!r}", field=f"lines[{i}].key")
    for i, line in enumerate(scenario.lines):
        if line.replacement_cycle_years is not None and line.replacement_cycle_years < 1:
            raise ValidationFailed("cycle must be at least 1 year",
                                   field=f"lines[{i}].replacement_cycle_years")
    skeys = [s.key for s in scenario.savings]
    for i, key in enumerate(skeys):
        if skeys.index(key) != i:
            raise ValidationFailed(f"duplicate saving key {key!r}", field=f"savings[{i}].key")
    sources = scenario.baseline.capital_sources
    if sources and sum(s.amount for s in sources) != scenario.baseline.capital:
        raise ValidationFailed("capital sources must sum to the agreed capital",
                               field="baseline.capital_sources")
    appraisal = scenario.appraisal
    if not 1 <= appraisal.years <= MAX_YEARS:
        raise ValidationFailed(f"years must be between 1 and {MAX_YEARS}", field="appraisal.years")
    if not (appraisal.discount_rate.is_finite() and Decimal(0) <= appraisal.discount_rate < 1):
        raise ValidationFailed("discount rate must be in [0, 1)", field="appraisal.discount_rate")
    drivers = scenario.drivers
    if drivers is not None:
        for name in ("fibre_share_current", "fibre_share_additional"):
            if not _share_ok(getattr(drivers, name)):
                raise ValidationFailed("share must be between 0 and 1", field=f"drivers.{name}")
        if drivers.wireless_replacement_cycle_years < 1:
            raise ValidationFailed("cycle must be at least 1 year",
                                   field="drivers.wireless_replacement_cycle_years")
