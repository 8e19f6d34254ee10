"""Transmission lines and savings generated from drivers, and the fibre-share sweep."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cctv_planner.domain.business_case import (
    apply_drivers,
    evaluate,
    generate,
    preset,
    site_counts,
    sweep_fibre,
)


def test_site_counts_round_shares_to_whole_sites_half_up():
    a = preset("barnet-2022-obc", "A").drivers
    n = site_counts(a)
    # 0.55 × 127 = 69.85 -> 70 fibre, 57 wireless; 0.5 × 98 = 49 and 49
    assert (n.fibre_current, n.wireless_current, n.fibre_additional, n.wireless_additional) == \
        (70, 57, 49, 49)
    half = dataclasses.replace(a, current_fixed_sites=3, fibre_share_current=Decimal("0.5"))
    assert site_counts(half).fibre_current == 2  # 1.5 sites -> 2


def test_generated_lines_for_range_a_drivers():
    lines, savings = generate(preset("barnet-2022-obc", "A").drivers)
    by = {line.key: line for line in lines}
    # 20 × 4,350; 20 × 500
    assert (by["rapid_mobile"].capital, by["rapid_mobile"].revenue) == (87_000, 10_000)
    assert by["wireless_network"].capital == 334_960       # (57 + 49) × 3,160
    assert by["wireless_network"].replacement_cycle_years == 5
    # 49 × 5,000; 49 × 1,157
    assert (by["fibre_additional"].capital, by["fibre_additional"].revenue) == (245_000, 56_693)
    # 70 × 6,236; 70 × 1,157
    assert (by["fibre_current"].capital, by["fibre_current"].revenue) == (436_520, 80_990)
    assert by["fibre_west_grant"].capital == -436_520
    assert {s.key: s.amount for s in savings} == {
        "small_cells": 15_000,          # 50 × 300
        "wireless_maintenance": 0,      # 106 wireless sites remain
        "shared_fibre": 0,
    }


def test_full_fibre_generated_scenario_evaluates_by_the_rule():
    b = preset("barnet-2022-obc", "B")
    scenario = dataclasses.replace(b, drivers=dataclasses.replace(b.drivers, generate=True))
    result = evaluate(scenario)
    # 796 + 568 + 87 + 0 + 194 + 490 (98 × 5,000) + 791.972 (127 × 6,236) - 791.972 = 2,135,000
    assert result.subtotal == 2_135_000
    assert result.contingency.amount == 214_000            # 213,500 -> 214,000, half up
    assert result.capital_total == 2_349_000
    # 10,000 + 26,000 + 113,386 (98 × 1,157) + 146,939 (127 × 1,157)
    assert result.revenue_total == 296_325
    savings = {s.key: s.amount for s in result.scenario.savings}
    assert savings["wireless_maintenance"] == 20_000        # no wireless site left
    assert savings["shared_fibre"] == 17_355                # 15 × 1,157
    assert "avoided_wireless_capital" not in savings        # modelled, not netted
    assert savings["smart_pole"] is None                    # TBC items are kept


def test_apply_drivers_keeps_published_wording_and_other_lines():
    a = preset("barnet-2022-obc", "A")
    varied = apply_drivers(a, fibre_share_current=Decimal("0.8"))
    assert [line.key for line in varied.lines] == [line.key for line in a.lines]
    assert varied.line("control_room") == a.line("control_room")
    assert varied.line("fibre_current").revenue_label == "Fibre Line Rental - current CCTV sites"
    # 0.8 × 127 = 101.6 -> 102 fibre sites
    assert varied.line("fibre_current").connections == 102


def test_sweep_reports_every_tenth_from_zero_to_full_fibre():
    rows = sweep_fibre(preset("barnet-2022-obc", "A"))
    assert [r.fibre_share for r in rows] == [Decimal(i) / 10 for i in range(11)]
    zero, full = rows[0], rows[-1]
    # 0%: 225 wireless sites × 3,160 = 711,000; capital 796 + 568 + 87 + 711 + 194 = 2,356,000;
    # contingency 235,600 -> 236,000; total 2,592,000. Revenue 10,000 + 26,000 = 36,000.
    assert (zero.fibre_sites, zero.wireless_sites) == (0, 225)
    assert zero.capital_total == 2_592_000
    assert zero.revenue_first_year == 36_000
    # whole life: 2,592,000 + 10 × 36,000 + 711,000 (year 5) - 6 × 15,000 small cells
    assert zero.whole_life_nominal == 3_573_000
    # 100%: as the generated full-fibre case, with Range A's 50 small cells
    assert full.capital_total == 2_349_000 and full.revenue_first_year == 296_325


def test_sweep_needs_drivers():
    with pytest.raises(ValueError):
        sweep_fibre(dataclasses.replace(preset("barnet-2022-obc", "A"), drivers=None))


@settings(max_examples=40, deadline=None)
@given(share=st.integers(0, 100), current=st.integers(0, 400), additional=st.integers(0, 400))
def test_generated_sites_always_add_up(share, current, additional):
    d = dataclasses.replace(preset("barnet-2022-obc", "A").drivers,
                            fibre_share_current=Decimal(share) / 100,
                            fibre_share_additional=Decimal(share) / 100,
                            current_fixed_sites=current, additional_fixed_sites=additional)
    n = site_counts(d)
    assert n.fibre + n.wireless == current + additional
    lines, _ = generate(d)
    by = {line.key: line for line in lines}
    assert by["fibre_current"].capital + by["fibre_west_grant"].capital >= 0
    assert by["wireless_network"].capital == n.wireless * d.wireless_install_per_site
