"""Evaluate a scenario into the council's Tables 1, 2 and 3, whole-life cost and consistency.

The rule that reproduces the published tables to the pound (all amounts whole
pounds, ``unit`` = £1,000 or £1, rounding half up as in ``money``)::

    subtotal        = sum of capital lines, funding offsets (negative) included
    contingency     = round_half_up(contingency_rate * subtotal, unit)
    capital total   = subtotal + contingency
    revenue total   = sum of revenue lines (pounds a year)
    profile year i  = round_half_up(share_i * total, unit) for every year but the last;
                      the last year takes total - sum(earlier years)
                      (separately for capital and revenue)

Table 1 (additional funding) then follows without further rounding::

    used_i                = min(capital_i, max(0, agreed capital - sum(capital_1..i-1)))
    additional capital_i  = capital_i - used_i   (the last year takes the remainder)
    additional capital    = capital total - agreed capital
    additional revenue_i  = revenue_i;  total revenue = agreed revenue + revenue total

i.e. the agreed capital budget is spent first, in the earliest years (the
published tables assume all £782k goes in 2022-23).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from cctv_planner.domain.business_case import consistency as _consistency
from cctv_planner.domain.business_case.drivers import apply_drivers, fibre_shares, site_counts
from cctv_planner.domain.business_case.money import round_half_up
from cctv_planner.domain.business_case.scenario import (
    Appraisal,
    Line,
    Saving,
    Scenario,
    validate_scenario,
)
from cctv_planner.domain.business_case.whole_life import (
    AnnualView,
    WholeLife,
    annual_view,
    whole_life,
)


@dataclass(frozen=True, slots=True)
class Contingency:
    """The contingency and how it was reached: rate x base = exact, rounded half up to amount."""

    rate: Decimal
    base: int
    exact: Decimal
    amount: int


@dataclass(frozen=True, slots=True)
class ProfileResult:
    """One spend-profile year (whole pounds) and how each figure was reached.

    ``method`` is ``share`` (rounded share of the total) or ``remainder``
    (the last year: total minus the earlier years).
    """

    year: str
    share: Decimal
    capital: int
    revenue: int
    capital_exact: Decimal
    revenue_exact: Decimal
    method: str


@dataclass(frozen=True, slots=True)
class YearAmounts:
    """Capital and revenue of one financial year, whole pounds."""

    year: str
    capital: int
    revenue: int


@dataclass(frozen=True, slots=True)
class Funding:
    """Table 1: the agreed budget, the additional funding and the total budget (whole pounds)."""

    prior_capital: int
    prior_revenue: int | None
    agreed_capital: int
    agreed_revenue: int
    budget_increase: int | None
    additional_capital: int
    additional_revenue: int
    additional_by_year: tuple[YearAmounts, ...]
    total_capital: int
    total_revenue: int


@dataclass(frozen=True, slots=True)
class AfterSavings:
    """Table 3: additional revenue, the savings and what is left "after 4-5 years"."""

    revenue_total: int
    savings: tuple[Saving, ...]
    savings_total: int
    revenue: int
    annual: AnnualView


@dataclass(frozen=True, slots=True)
class BusinessCaseResult:
    """Everything a scenario evaluates to; every figure whole pounds.

    ``scenario`` is the scenario actually evaluated (with generated lines when
    its drivers say ``generate``).
    """

    scenario: Scenario
    gross_capital: int
    offsets: int
    subtotal: int
    contingency: Contingency
    capital_total: int
    revenue_total: int
    spend_profile: tuple[ProfileResult, ...]
    funding: Funding
    after_savings: AfterSavings
    whole_life: WholeLife
    consistency: tuple[_consistency.Finding, ...]

    @property
    def lines(self) -> tuple[Line, ...]:
        """The Table 2 lines evaluated."""
        return self.scenario.lines


def split_by_profile(total: int, shares: tuple[Decimal, ...], unit: int) -> tuple[int, ...]:
    """Split a total over profile years: rounded shares, the last year the remainder.

    Parameters
    ----------
    total : int
        Whole pounds.
    shares : tuple of Decimal
        Shares summing to 1, in year order.
    unit : int
        Rounding unit in pounds.

    Returns
    -------
    tuple of int
        Sums to ``total`` exactly.

    Examples
    --------
    >>> split_by_profile(2415000, (Decimal("0.7"), Decimal("0.3")), 1000)
    (1691000, 724000)
    """
    parts = [round_half_up(share * total, unit) for share in shares[:-1]]
    parts.append(total - sum(parts))
    return tuple(parts)


def additional_capital_by_year(profile_capital: tuple[int, ...], agreed: int) -> tuple[int, ...]:
    """Spread the additional capital over the years, spending the agreed budget first.

    Parameters
    ----------
    profile_capital : tuple of int
        Capital by profile year, whole pounds.
    agreed : int
        Agreed capital budget, whole pounds.

    Returns
    -------
    tuple of int
        additional_i = capital_i - min(capital_i, max(0, agreed - sum(capital_1..i-1)));
        the last year takes sum(capital) - agreed - sum(earlier additional), so
        the years always sum to the additional funding.

    Examples
    --------
    >>> additional_capital_by_year((1833000, 785000), 782000)
    (1051000, 785000)
    """
    out = []
    for i, capital in enumerate(profile_capital[:-1]):
        used = min(capital, max(0, agreed - sum(profile_capital[:i])))
        out.append(capital - used)
    out.append(sum(profile_capital) - agreed - sum(out))
    return tuple(out)


def evaluate(scenario: Scenario, *, years: int | None = None,
             discount_rate: Decimal | None = None) -> BusinessCaseResult:
    """Evaluate a scenario (the rule in the module docstring).

    Parameters
    ----------
    scenario : Scenario
        Validated with ``validate_scenario``; lines are generated from drivers
        first when ``scenario.drivers.generate`` is true.
    years : int, optional
        Whole-life horizon; overrides ``scenario.appraisal.years``.
    discount_rate : Decimal, optional
        Real discount rate; overrides ``scenario.appraisal.discount_rate``.

    Returns
    -------
    BusinessCaseResult

    Raises
    ------
    ValidationFailed
        When the scenario breaks a rule (shares not summing to 1 ...).
    """
    if years is not None or discount_rate is not None:
        appraisal = Appraisal(
            years if years is not None else scenario.appraisal.years,
            discount_rate if discount_rate is not None else scenario.appraisal.discount_rate)
        scenario = dataclasses.replace(scenario, appraisal=appraisal)
    validate_scenario(scenario)
    if scenario.drivers is not None and scenario.drivers.generate:
        scenario = apply_drivers(scenario)
    unit = scenario.rounding.unit

    gross = sum(line.capital for line in scenario.lines if line.capital > 0)
    offsets = sum(line.capital for line in scenario.lines if line.capital < 0)
    subtotal = gross + offsets
    exact = scenario.contingency_rate * subtotal
    contingency = Contingency(scenario.contingency_rate, subtotal, exact,
                              round_half_up(exact, unit))
    capital_total = subtotal + contingency.amount
    revenue_total = sum(line.revenue for line in scenario.lines)

    shares = tuple(y.share for y in scenario.spend_profile)
    capital_split = split_by_profile(capital_total, shares, unit)
    revenue_split = split_by_profile(revenue_total, shares, unit)
    last = len(shares) - 1
    profile = tuple(
        ProfileResult(y.year, y.share, capital_split[i], revenue_split[i],
                      y.share * capital_total, y.share * revenue_total,
                      "remainder" if i == last else "share")
        for i, y in enumerate(scenario.spend_profile))

    base = scenario.baseline
    additional = additional_capital_by_year(capital_split, base.capital)
    funding = Funding(
        prior_capital=base.capital,
        prior_revenue=base.prior_revenue,
        agreed_capital=base.capital,
        agreed_revenue=base.revenue,
        budget_increase=None if base.prior_revenue is None else base.revenue - base.prior_revenue,
        additional_capital=capital_total - base.capital,
        additional_revenue=revenue_total,
        additional_by_year=tuple(YearAmounts(p.year, additional[i], p.revenue)
                                 for i, p in enumerate(profile)),
        total_capital=capital_total,
        total_revenue=base.revenue + revenue_total,
    )

    counted = [s.amount for s in scenario.savings if s.amount is not None]
    after = AfterSavings(revenue_total, scenario.savings, sum(counted),
                         revenue_total - sum(counted),
                         annual_view(revenue_total, scenario.lines, scenario.savings, unit))
    life = whole_life(capital_total, revenue_total, scenario.lines, scenario.savings,
                      scenario.appraisal.years, scenario.appraisal.discount_rate)
    return BusinessCaseResult(
        scenario=scenario, gross_capital=gross, offsets=offsets, subtotal=subtotal,
        contingency=contingency, capital_total=capital_total, revenue_total=revenue_total,
        spend_profile=profile, funding=funding, after_savings=after, whole_life=life,
        consistency=_consistency.check(scenario))


@dataclass(frozen=True, slots=True)
class SweepRow:
    """One step of the fibre-share sweep (whole pounds; revenue in pounds a year)."""

    fibre_share: Decimal
    fibre_sites: int
    wireless_sites: int
    capital_total: int
    revenue_first_year: int
    whole_life_nominal: int
    npv: int


def sweep_fibre(scenario: Scenario, steps: int = 10, *, years: int | None = None,
                discount_rate: Decimal | None = None) -> tuple[SweepRow, ...]:
    """Evaluate the scenario with the fibre share of every fixed site at 0%, ..., 100%.

    Both ``fibre_share_current`` and ``fibre_share_additional`` are set to the
    step's share and the transmission lines regenerated from the drivers
    (``drivers.apply_drivers``); everything else is the scenario's own.

    Parameters
    ----------
    scenario : Scenario
        Must have drivers.
    steps : int
        Number of intervals (10 gives 0%, 10%, ..., 100%).
    years, discount_rate : optional
        As in ``evaluate``.

    Returns
    -------
    tuple of SweepRow
        ``revenue_first_year`` is the additional revenue of appraisal year 1.

    Raises
    ------
    ValueError
        If the scenario has no drivers.
    """
    if scenario.drivers is None:
        raise ValueError(f"scenario {scenario.name!r} has no drivers to sweep")
    rows = []
    for share in fibre_shares(steps):
        varied = apply_drivers(scenario, fibre_share_current=share, fibre_share_additional=share)
        result = evaluate(varied, years=years, discount_rate=discount_rate)
        n = site_counts(varied.drivers)
        rows.append(SweepRow(share, n.fibre, n.wireless, result.capital_total,
                             result.revenue_total, result.whole_life.nominal_total,
                             result.whole_life.npv))
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """One measure across ranges (whole pounds, pounds a year for the annual ones)."""

    key: str
    label: str
    values: tuple[int, ...]


def compare(results: Mapping[str, BusinessCaseResult]) -> tuple[ComparisonRow, ...]:
    """Compare ranges: the published "after 4-5 years" figure and like-for-like ones.

    The published Table 3 nets Range B's avoided wireless capital (£67k a year)
    against its revenue but does not charge Range A its wireless
    re-capitalisation. The like-for-like rows treat both the same way:
    revenue after revenue savings only, plus each range's own annualised
    replacement capital; then the whole-life totals.

    Parameters
    ----------
    results : mapping of range name to BusinessCaseResult
        In column order.
    """
    rs = list(results.values())

    def row(key, label, get):
        return ComparisonRow(key, label, tuple(get(r) for r in rs))

    return (
        row("published_after_savings", "Published: additional revenue after 4-5 years",
            lambda r: r.after_savings.annual.published),
        row("revenue_after_revenue_savings", "Like for like: revenue after revenue savings",
            lambda r: r.after_savings.annual.revenue_only),
        row("annualised_replacement", "Like for like: annualised equipment replacement",
            lambda r: r.after_savings.annual.annualised_replacement),
        row("annual_cost", "Like for like: annual cost of ownership",
            lambda r: r.after_savings.annual.annual_cost),
        row("whole_life_nominal", "Whole-life cost (nominal)",
            lambda r: r.whole_life.nominal_total),
        row("npv", "Whole-life cost (NPV)", lambda r: r.whole_life.npv),
    )
