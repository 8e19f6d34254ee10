"""Whole-life cost and NPV against a hand calculation (Green Book 3.5%, 10 years)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from cctv_planner.domain.business_case import compare, evaluate, preset

V = Fraction(1000, 1035)  # one year's discount factor at 3.5%: 1 / 1.035


def _npv(flows):
    total = sum(Fraction(flow) * V**t for t, flow in enumerate(flows))
    # half up to the pound, in integers: floor(x + 1/2) for a positive total
    return int(total + Fraction(1, 2))


def test_range_a_whole_life_matches_hand_calculation():
    # Year 0: capital 2,618,000. Years 1-10: revenue 190,000.
    # Year 5: wireless (335,000, 5-year cycle) bought again; none in year 10 (its service
    # would fall after the horizon). Savings: 5G small cells 15,000 a year from year 5.
    flows = [2_618_000] + [190_000] * 4 + [190_000 + 335_000 - 15_000] + [175_000] * 5
    # nominal = 2,618,000 + 4 × 190,000 + 510,000 + 5 × 175,000 = 4,763,000
    # NPV ≈ 2,618,000 + 190,000 × 3.673079 + 510,000 × 0.841973 + 175,000 × 3.801553
    #     ≈ 2,618,000 + 697,885.0 + 429,406.3 + 665,271.8 = 4,410,563.1 -> 4,410,563
    life = evaluate(preset("barnet-2022-obc", "A")).whole_life
    assert [row.net for row in life.rows] == flows
    assert life.nominal_total == 4_763_000 == sum(flows)
    assert life.npv == 4_410_563 == _npv(flows)


def test_range_b_whole_life_excludes_the_avoided_capital_saving():
    # Year 0: 2,415,000. Revenue 301,000 a year. From year 5 the revenue savings
    # 20,000 (maintenance) + 30,000 (small cells) + 17,000 (shared fibre) = 67,000;
    # the (67) "avoided wireless capital" is not a cash flow of Range B: excluded.
    flows = [2_415_000] + [301_000] * 4 + [234_000] * 6
    # nominal = 2,415,000 + 1,204,000 + 1,404,000 = 5,023,000
    # NPV ≈ 2,415,000 + 301,000 × 3.673079 + 234,000 × 4.643526 ≈ 4,607,181.9 -> 4,607,182
    life = evaluate(preset("barnet-2022-obc", "B")).whole_life
    assert [row.net for row in life.rows] == flows
    assert life.nominal_total == 5_023_000
    assert life.npv == 4_607_182 == _npv(flows)


def test_discount_factors_are_green_book_at_three_and_a_half_percent():
    life = evaluate(preset("barnet-2022-obc", "A")).whole_life
    assert life.discount_rate == Decimal("0.035")
    assert abs(life.rows[1].discount_factor - Decimal("0.966183574879")) < Decimal("1e-12")
    assert abs(life.rows[10].discount_factor - Decimal("0.708918813")) < Decimal("1e-9")


def test_shorter_horizon_and_zero_rate():
    # 6 years at 0%: NPV = nominal. Replacement in year 5 (< 6) is kept.
    # A: 2,618,000 + 6 × 190,000 + 335,000 - 2 × 15,000 = 4,063,000
    life = evaluate(preset("barnet-2022-obc", "A"), years=6, discount_rate=Decimal(0)).whole_life
    assert life.nominal_total == life.npv == 4_063_000
    # 5 years: the year-5 replacement would serve years 6-10, outside the horizon.
    life = evaluate(preset("barnet-2022-obc", "A"), years=5, discount_rate=Decimal(0)).whole_life
    assert life.nominal_total == 2_618_000 + 5 * 190_000 - 15_000


def test_like_for_like_comparison_restates_the_after_four_to_five_years_table():
    results = {r: evaluate(preset("barnet-2022-obc", r)) for r in "AB"}
    rows = {row.key: row.values for row in compare(results)}
    # Published: A 190 - 15 = 175; B 301 - 67 - 20 - 30 - 17 = 167.
    assert rows["published_after_savings"] == (175_000, 167_000)
    # Revenue only (B's (67) is capital, not revenue): A 175; B 301 - 20 - 30 - 17 = 234.
    assert rows["revenue_after_revenue_savings"] == (175_000, 234_000)
    # A re-buys £335k of wireless every 5 years = 67,000 a year; B has none.
    assert rows["annualised_replacement"] == (67_000, 0)
    assert rows["annual_cost"] == (242_000, 234_000)
    assert rows["whole_life_nominal"] == (4_763_000, 5_023_000)
    assert rows["npv"] == (4_410_563, 4_607_182)
