"""Every published figure of Tables 1, 2 and 3, for both ranges, one assertion each."""

from __future__ import annotations

import pytest

from cctv_planner.domain.business_case import evaluate, preset
from tests.domain.business_case.published import (
    TABLE_1,
    TABLE_2,
    TABLE_2_CONTINGENCY,
    TABLE_2_PROFILE,
    TABLE_2_TOTAL,
    TABLE_3_ADDITIONAL,
    TABLE_3_AFTER,
    TABLE_3_LINES,
    TABLE_3_SAVINGS,
    K,
)

RESULTS = {r: evaluate(preset("barnet-2022-obc", r)) for r in "AB"}
COLS = {"A": (0, 1), "B": (2, 3)}  # (capital, revenue) positions in the published tuples


def _table_1_value(result, row, column):
    f = result.funding
    by_year = {y.year: y for y in f.additional_by_year}
    cells = {
        "budget_fy_21_22": (f.prior_capital, f.prior_revenue),
        "agreed_budget_22_23": (f.agreed_capital, f.agreed_revenue),
        "budget_increase": (None, f.budget_increase),
        "additional_funding": (f.additional_capital, f.additional_revenue),
        "additional_2022_23": (by_year["2022-23"].capital, by_year["2022-23"].revenue),
        "additional_2023_24": (by_year["2023-24"].capital, by_year["2023-24"].revenue),
        "total_budget": (f.total_capital, f.total_revenue),
    }
    return cells[row][column]


@pytest.mark.parametrize("range_", "AB")
@pytest.mark.parametrize("row", list(TABLE_1))
@pytest.mark.parametrize("column", [0, 1], ids=["capital", "revenue"])
def test_table_1_figure_is_reproduced(range_, row, column):
    published = TABLE_1[row][COLS[range_][column]]
    value = _table_1_value(RESULTS[range_], row, column)
    if published is None:
        assert value is None
    else:
        assert value == published * K


@pytest.mark.parametrize("range_", "AB")
@pytest.mark.parametrize("key", list(TABLE_2))
def test_table_2_line_is_as_published(range_, key):
    cap_i, rev_i = COLS[range_]
    line = RESULTS[range_].scenario.line(key)
    assert (line.capital, line.revenue) == (TABLE_2[key][cap_i] * K, TABLE_2[key][rev_i] * K)


@pytest.mark.parametrize("range_, published", list(zip("AB", TABLE_2_CONTINGENCY, strict=False)))
def test_contingency_is_ten_percent_of_net_subtotal_half_up(range_, published):
    # A: 10% × 2,380 = 238.0; B: 10% × 2,195 = 219.5 -> 220 (half up)
    assert RESULTS[range_].contingency.amount == published * K


def test_range_b_contingency_is_an_exact_half_rounded_up():
    contingency = RESULTS["B"].contingency
    assert contingency.base == 2_195_000
    assert contingency.exact == 219_500
    assert contingency.amount == 220_000


@pytest.mark.parametrize("range_", "AB")
def test_table_2_totals(range_):
    cap_i, rev_i = COLS[range_]
    result = RESULTS[range_]
    assert result.capital_total == TABLE_2_TOTAL[cap_i] * K
    assert result.revenue_total == TABLE_2_TOTAL[rev_i] * K


@pytest.mark.parametrize("range_", "AB")
@pytest.mark.parametrize("year", list(TABLE_2_PROFILE))
@pytest.mark.parametrize("column", [0, 1], ids=["capital", "revenue"])
def test_table_2_spend_profile(range_, year, column):
    profile = {p.year: p for p in RESULTS[range_].spend_profile}[year]
    value = (profile.capital, profile.revenue)[column]
    assert value == TABLE_2_PROFILE[year][COLS[range_][column]] * K


def test_range_b_first_year_is_1691_not_bankers_1690():
    # 0.7 × 2,415 = 1,690.5: half up gives 1,691 (published); half even would give 1,690.
    assert RESULTS["B"].spend_profile[0].capital == 1_691_000
    # and the last year is the remainder 724, not 30% × 2,415 = 724.5 -> 725
    assert RESULTS["B"].spend_profile[1].capital == 724_000
    assert RESULTS["B"].spend_profile[1].method == "remainder"


@pytest.mark.parametrize("range_", "AB")
@pytest.mark.parametrize("key", list(TABLE_3_LINES))
def test_table_3_connections_and_revenue(range_, key):
    conn_i, rev_i = COLS[range_]
    line = RESULTS[range_].scenario.line(key)
    assert line.connections == TABLE_3_LINES[key][conn_i]
    assert line.revenue == TABLE_3_LINES[key][rev_i] * K


@pytest.mark.parametrize("range_, published", list(zip("AB", TABLE_3_ADDITIONAL, strict=False)))
def test_table_3_additional_revenue(range_, published):
    assert RESULTS[range_].after_savings.revenue_total == published * K


@pytest.mark.parametrize("range_", "AB")
@pytest.mark.parametrize("key", list(TABLE_3_SAVINGS))
def test_table_3_savings(range_, key):
    published = TABLE_3_SAVINGS[key]["AB".index(range_)]
    saving = RESULTS[range_].scenario.saving(key)
    if published is None:
        assert saving is None
    elif published == "TBC":
        assert saving.amount is None
    else:
        assert saving.amount == published * K


@pytest.mark.parametrize("range_, published", list(zip("AB", TABLE_3_AFTER, strict=False)))
def test_table_3_revenue_after_four_to_five_years(range_, published):
    assert RESULTS[range_].after_savings.revenue == published * K


def test_agreed_capital_sources_are_cil_and_s106_as_published():
    sources = preset("barnet-2022-obc", "A").baseline.capital_sources
    assert [(s.label.split()[0], s.amount) for s in sources] == [("Strategic", 730_000),
                                                                 ("s106", 52_000)]
