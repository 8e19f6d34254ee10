"""Whole-life cost and net present value of a scenario (HM Treasury Green Book).

Cash flows by appraisal year ``t`` (0 = the capital year), whole pounds::

    capital_t     = capital total (after grant and contingency) if t == 0 else 0
    revenue_t     = additional annual revenue (Table 2 total) for 1 <= t <= N
    replacement_t = sum of capital of every line with a replacement cycle c
                    for which 0 < t < N and t mod c == 0
    savings_t     = sum of revenue-kind savings with start_year <= t, for t >= 1
    net_t         = capital_t + revenue_t + replacement_t - savings_t

    nominal total = sum over t = 0..N of net_t
    NPV           = round_half_up(sum over t of net_t / (1 + r)^t) to £1

Equipment bought in year 0 serves years 1..c; a replacement in year t serves
t+1..t+c, so none is bought in the last year, whose service would fall outside
the horizon. Revenue is the full annual addition from year 1 (the Table 1
phasing of the first year is not applied: a slightly cautious simplification).
Savings of kind ``avoided_capital`` are excluded: the capital they stand for is
modelled as a replacement in the scenario that incurs it. The appraisal counts
the cost *of the business case*: the existing base revenue budget (£660k),
common to both ranges, is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from cctv_planner.domain.business_case.money import round_half_up
from cctv_planner.domain.business_case.scenario import Line, Saving, SavingKind


@dataclass(frozen=True, slots=True)
class WholeLifeYear:
    """One appraisal year: cash flows in whole pounds, factor and present value (Decimal pounds)."""

    year: int
    capital: int
    revenue: int
    replacement: int
    savings: int
    net: int
    discount_factor: Decimal
    present_value: Decimal


@dataclass(frozen=True, slots=True)
class WholeLife:
    """Whole-life cost over ``years`` at ``discount_rate``: rows and totals, whole pounds."""

    years: int
    discount_rate: Decimal
    rows: tuple[WholeLifeYear, ...]
    nominal_total: int
    npv: int


@dataclass(frozen=True, slots=True)
class AnnualView:
    """The "after 4-5 years" annual figure, as published and like for like (pounds a year).

    Attributes
    ----------
    published : int
        Revenue total minus every counted saving, avoided capital included
        (the council's Table 3 method).
    revenue_only : int
        Revenue total minus the revenue-kind savings only.
    annualised_replacement : int
        Sum over lines with a replacement cycle of round_half_up(capital / cycle).
    annual_cost : int
        ``revenue_only + annualised_replacement``: the like-for-like annual
        cost of ownership.
    """

    published: int
    revenue_only: int
    annualised_replacement: int
    annual_cost: int


def discount_factor(rate: Decimal, year: int) -> Decimal:
    """Return 1 / (1 + rate)^year as an exact-enough Decimal (40 significant digits).

    Examples
    --------
    >>> str(discount_factor(Decimal("0.035"), 1))[:12]
    '0.9661835748'
    """
    with localcontext(prec=40):
        return Decimal(1) / (Decimal(1) + rate) ** year


def whole_life(
    capital_total: int,
    revenue_total: int,
    lines: tuple[Line, ...],
    savings: tuple[Saving, ...],
    years: int,
    discount_rate: Decimal,
) -> WholeLife:
    """Compute the whole-life cash flows, nominal total and NPV (formulas in the module docstring).

    Parameters
    ----------
    capital_total : int
        Capital after grant and contingency, whole pounds, spent in year 0.
    revenue_total : int
        Additional revenue, pounds a year, from year 1.
    lines : tuple of Line
        Lines whose ``replacement_cycle_years`` is set are bought again.
    savings : tuple of Saving
        Revenue-kind savings with an amount count from their ``start_year``.
    years : int
        Horizon N >= 1 (years after the capital year).
    discount_rate : Decimal
        Real discount rate r (0.035 = Green Book 3.5%).

    Returns
    -------
    WholeLife
    """
    cycles = [(line.capital, line.replacement_cycle_years) for line in lines
              if line.replacement_cycle_years and line.capital > 0]
    counted = [s for s in savings if s.amount is not None and s.kind is SavingKind.REVENUE]
    rows = []
    with localcontext(prec=40):
        for t in range(years + 1):
            capital = capital_total if t == 0 else 0
            revenue = revenue_total if t >= 1 else 0
            replacement = sum(c for c, cycle in cycles if 0 < t < years and t % cycle == 0)
            saved = sum(s.amount for s in counted if t >= 1 and t >= s.start_year)
            net = capital + revenue + replacement - saved
            factor = discount_factor(discount_rate, t)
            rows.append(WholeLifeYear(t, capital, revenue, replacement, saved, net,
                                      factor, net * factor))
        npv = round_half_up(sum((r.present_value for r in rows), Decimal(0)), 1)
    return WholeLife(years, discount_rate, tuple(rows), sum(r.net for r in rows), npv)


def annual_view(revenue_total: int, lines: tuple[Line, ...], savings: tuple[Saving, ...],
                unit: int) -> AnnualView:
    """Compute the published and like-for-like "after 4-5 years" annual figures.

    Parameters
    ----------
    revenue_total : int
        Additional revenue, pounds a year.
    lines, savings : tuples
        As in the scenario.
    unit : int
        Rounding unit for the annualised replacement (1000 or 1).

    Examples
    --------
    Range A: 190,000 - 15,000 = 175,000 published; wireless £335,000 every 5
    years adds 67,000 a year, so 242,000 like for like.
    """
    counted = [s for s in savings if s.amount is not None]
    published = revenue_total - sum(s.amount for s in counted)
    revenue_only = revenue_total - sum(s.amount for s in counted if s.kind is SavingKind.REVENUE)
    annualised = sum(round_half_up(Decimal(line.capital) / line.replacement_cycle_years, unit)
                     for line in lines if line.replacement_cycle_years and line.capital > 0)
    return AnnualView(published, revenue_only, annualised, revenue_only + annualised)
