"""The rounding rule: whole pounds, half up (away from zero), never round()."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cctv_planner.domain.business_case.money import Rounding, round_half_up, share_of


@pytest.mark.parametrize("amount, unit, expected", [
    (Decimal("219500"), 1000, 220_000),     # Range B contingency 219.5 -> 220
    (Decimal("1690500"), 1000, 1_691_000),  # Range B 70% year; round() would give 1,690
    (Decimal("1832600"), 1000, 1_833_000),  # Range A 70% year
    (Decimal("210700"), 1000, 211_000),     # Range B revenue 70% year
    (Decimal("724499.99"), 1000, 724_000),
    (Decimal("-219500"), 1000, -220_000),   # a negative half rounds away from zero, as Excel
    (Decimal("-219499"), 1000, -219_000),
    (Decimal("2.5"), 1, 3),
    (Decimal("-2.5"), 1, -3),
    (0, 1000, 0),
])
def test_round_half_up_examples(amount, unit, expected):
    assert round_half_up(amount, unit) == expected


def test_python_round_would_get_the_published_figure_wrong():
    # Why round() is banned: it rounds 1,690.5 to the even 1,690.
    assert round(1690.5) == 1690
    assert share_of(Decimal("0.7"), 2_415_000, 1000) == 1_691_000


def test_binary_floats_are_refused():
    with pytest.raises(TypeError):
        round_half_up(0.1 * 3, 1)


def test_rounding_units():
    assert Rounding("thousand").unit == 1000
    assert Rounding("pound").unit == 1


@given(k=st.integers(min_value=-10**9, max_value=10**9), unit=st.sampled_from([1, 1000]))
def test_exact_halves_round_away_from_zero(k, unit):
    # k units and a half: up for positive amounts, down (away from zero) for negative ones.
    half = Decimal(k) * unit + Decimal(unit) / 2 * (1 if k >= 0 else -1)
    expected = (k + 1) * unit if k >= 0 else (k - 1) * unit
    assert round_half_up(half, unit) == expected


@given(pence=st.integers(min_value=-10**12, max_value=10**12), unit=st.sampled_from([1, 1000]))
def test_agrees_with_integer_half_up_reference(pence, unit):
    # Reference in integers only: |x| in pence, add half a unit, floor-divide.
    unit_p = unit * 100
    magnitude = (abs(pence) * 2 + unit_p) // (2 * unit_p) * unit
    expected = magnitude if pence >= 0 else -magnitude
    assert round_half_up(Decimal(pence) / 100, unit) == expected


@given(st.integers(min_value=-10**9, max_value=10**9), st.sampled_from([1, 1000]))
def test_negating_the_amount_negates_the_result(n, unit):
    assert round_half_up(Decimal(-n) / 10, unit) == -round_half_up(Decimal(n) / 10, unit)
