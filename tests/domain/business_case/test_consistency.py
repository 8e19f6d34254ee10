"""The consistency report flags the published tables' disagreements (seed digest §5.7)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from cctv_planner.domain.business_case import check, inconsistencies, preset


def _by(findings):
    return {(f.subject, f.field): f for f in findings}


def test_range_a_rental_for_additional_sites_is_1490_against_1157_for_current():
    findings = _by(check(preset("barnet-2022-obc", "A")))
    current = findings[("fibre_current", "revenue")]
    additional = findings[("fibre_additional", "revenue")]
    # 81,000 / 70 = 1,157.14 -> £1,157; 70 × £1,157 = 80,990 -> 81,000: consistent
    assert current.implied_rate == 1_157 and current.consistent
    # 73,000 / 49 = 1,489.8 -> £1,490; 49 × £1,157 = 56,693 -> 57,000 ≠ 73,000
    assert additional.implied_rate == 1_490 and not additional.consistent
    assert additional.expected == 57_000


def test_range_b_rental_for_additional_sites_is_1204():
    findings = _by(check(preset("barnet-2022-obc", "B")))
    # 147,000 / 127 = 1,157.48 -> £1,157; 118,000 / 98 = 1,204.08 -> £1,204
    assert findings[("fibre_current", "revenue")].implied_rate == 1_157
    assert findings[("fibre_current", "revenue")].consistent
    assert findings[("fibre_additional", "revenue")].implied_rate == 1_204
    assert not findings[("fibre_additional", "revenue")].consistent


def test_five_thousand_per_site_implies_80_and_110_sites_against_49_and_98_connections():
    a = _by(check(preset("barnet-2022-obc", "A")))[("fibre_additional", "capital")]
    b = _by(check(preset("barnet-2022-obc", "B")))[("fibre_additional", "capital")]
    # 400,000 / 5,000 = 80 sites, but 49 connections; 550,000 / 5,000 = 110, but 98
    assert (a.implied_count, a.count, a.consistent) == (Decimal(80), 49, False)
    assert (b.implied_count, b.count, b.consistent) == (Decimal(110), 98, False)
    assert "80 at £5,000" in a.message and "110 at £5,000" in b.message


def test_grant_per_site_is_7729_for_range_a_against_6236():
    a = _by(check(preset("barnet-2022-obc", "A")))[("fibre_west_grant", "capital")]
    b = _by(check(preset("barnet-2022-obc", "B")))[("fibre_west_grant", "capital")]
    # 541,000 / 70 = 7,728.6 -> £7,729; 792,000 / 127 = 6,236.2 -> £6,236
    assert (a.implied_rate, a.consistent) == (7_729, False)
    assert (b.implied_rate, b.consistent) == (6_236, True)
    assert a.rate == 6_236


def test_the_preset_flags_exactly_the_known_inconsistencies():
    def flagged(range_):
        found = inconsistencies(check(preset("barnet-2022-obc", range_)))
        return {(f.subject, f.field) for f in found}

    flagged_a, flagged_b = flagged("A"), flagged("B")
    assert flagged_a == {("fibre_additional", "capital"), ("fibre_additional", "revenue"),
                         ("fibre_current", "capital"), ("fibre_west_grant", "capital")}
    assert flagged_b == {("fibre_additional", "capital"), ("fibre_additional", "revenue")}


def test_consistent_figures_are_reported_too():
    findings = _by(check(preset("barnet-2022-obc", "B")))
    # 20 cameras × £500 data = 10,000; 100 small cells × £300 = 30,000;
    # 15 shared sites × £1,157 = 17,355 -> 17,000 at the table's rounding
    assert findings[("rapid_mobile", "revenue")].consistent
    assert findings[("small_cells", "amount")].consistent
    shared = findings[("shared_fibre", "amount")]
    assert shared.consistent and shared.expected == 17_000
    # the connection counts follow the drivers: 0.5 × 98 = 49 (A), 127 and 98 (B)
    assert findings[("fibre_additional", "connections")].consistent


def test_without_drivers_rental_rates_are_compared_with_the_current_sites_line():
    scenario = dataclasses.replace(preset("barnet-2022-obc", "A"), drivers=None)
    findings = _by(check(scenario))
    assert findings[("fibre_current", "revenue")].consistent
    assert findings[("fibre_additional", "revenue")].implied_rate == 1_490
    assert not findings[("fibre_additional", "revenue")].consistent
