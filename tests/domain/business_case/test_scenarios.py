"""Scenario documents: export, edit, re-run; and the schema's errors name the field."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from cctv_planner.domain.business_case import (
    ProfileYear,
    evaluate,
    preset,
    result_to_json,
    scenario_to_document,
)
from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.schemas.business_case import flatten_errors, load_scenario, parse_scenario_text


def _document(range_="B"):
    # Through text, as a file would be: JSON with decimal strings.
    return json.loads(json.dumps(scenario_to_document(preset("barnet-2022-obc", range_))))


def _line(doc, key):
    return next(line for line in doc["lines"] if line["key"] == key)


def _errors(doc):
    with pytest.raises(ValidationError) as info:
        load_scenario(doc)
    return flatten_errors(info.value.messages)


@pytest.mark.parametrize("range_", "AB")
def test_exported_preset_loads_back_unchanged(range_):
    assert load_scenario(_document(range_)) == preset("barnet-2022-obc", range_)


def test_yaml_document_loads_like_json():
    text = yaml.safe_dump(scenario_to_document(preset("barnet-2022-obc", "A")), sort_keys=False)
    scenario = load_scenario(parse_scenario_text(text, "a.yaml"))
    assert scenario == preset("barnet-2022-obc", "A")


def _edited():
    doc = _document("B")
    _line(doc, "cameras")["capital"] = 600_000          # was 568,000
    doc["contingency_rate"] = "0.125"                   # was 10%
    doc["spend_profile"] = [{"year": "2022-23", "share": "0.5"},
                            {"year": "2023-24", "share": "0.3"},
                            {"year": "2024-25", "share": "0.2"}]
    return doc


def test_edited_scenario_follows_the_rule_to_the_thousand():
    result = evaluate(load_scenario(_edited()))
    # Lines: 796 + 600 + 87 + 0 + 194 + 550 + 792 - 792 = 2,227,000 after the grant.
    assert result.subtotal == 2_227_000
    # 12.5% × 2,227,000 = 278,375 -> 278,000 (nearest £1,000, half up)
    assert result.contingency.amount == 278_000
    assert result.capital_total == 2_505_000
    # 50% × 2,505,000 = 1,252,500 -> 1,253,000 (an exact half: up)
    # 30% × 2,505,000 =   751,500 ->   752,000
    # last year: 2,505,000 - 1,253,000 - 752,000 = 500,000 (not 20% = 501,000)
    assert [p.capital for p in result.spend_profile] == [1_253_000, 752_000, 500_000]
    # revenue 301,000: 150,500 -> 151,000; 90,300 -> 90,000; last 301,000 - 241,000 = 60,000
    assert [p.revenue for p in result.spend_profile] == [151_000, 90_000, 60_000]
    f = result.funding
    # The agreed 782,000 is all spent in the first year: 1,253,000 - 782,000 = 471,000.
    assert [y.capital for y in f.additional_by_year] == [471_000, 752_000, 500_000]
    assert f.additional_capital == 2_505_000 - 782_000 == 1_723_000
    assert f.total_capital == 2_505_000
    assert f.total_revenue == 660_000 + 301_000
    # Table 3 is untouched by capital edits: 301 - 67 - 20 - 30 - 17 = 167
    assert result.after_savings.revenue == 167_000


def test_edited_scenario_rounded_to_the_pound():
    doc = _edited()
    doc["rounding"] = "pound"
    result = evaluate(load_scenario(doc))
    # 12.5% × 2,227,000 = 278,375 exactly
    assert result.contingency.amount == 278_375
    assert result.capital_total == 2_505_375
    # 50% = 1,252,687.5 -> 1,252,688; 30% = 751,612.5 -> 751,613; last = 501,074
    assert [p.capital for p in result.spend_profile] == [1_252_688, 751_613, 501_074]
    assert sum(p.capital for p in result.spend_profile) == 2_505_375


def test_agreed_capital_carries_into_later_years_when_the_first_is_smaller():
    doc = _document("A")
    doc["spend_profile"] = [{"year": "2022-23", "share": "0.2"},
                            {"year": "2023-24", "share": "0.8"}]
    result = evaluate(load_scenario(doc))
    # 20% × 2,618,000 = 523,600 -> 524,000, all within the agreed 782,000: additional 0.
    # 2023-24: 2,094,000 less the 258,000 of agreed budget left = 1,836,000.
    assert [y.capital for y in result.funding.additional_by_year] == [0, 1_836_000]


def test_result_json_has_the_issue_shape_in_whole_pounds():
    payload = result_to_json(evaluate(preset("barnet-2022-obc", "A")))
    for key in ("name", "lines", "subtotal", "contingency", "capital_total", "revenue_total",
                "spend_profile", "funding", "after_savings", "whole_life", "consistency"):
        assert key in payload
    assert payload["spend_profile"][0].items() >= {"year": "2022-23", "capital": 1_833_000,
                                                  "revenue": 133_000}.items()
    assert set(payload["funding"]) >= {"agreed_capital", "agreed_revenue", "additional_capital",
                                       "additional_revenue", "additional_by_year",
                                       "total_capital", "total_revenue"}
    assert payload["after_savings"]["revenue"] == 175_000
    json.dumps(payload)  # nothing that JSON cannot carry


# ---- errors name the field ------------------------------------------------------------

def test_wrong_type_names_the_field():
    doc = _document()
    doc["lines"][1]["capital"] = "568k"
    assert _errors(doc) == ["lines[1].capital: Not a valid integer."]


def test_float_money_is_refused():
    doc = parse_scenario_text(json.dumps(_document()).replace("796000", "796000.0"))
    assert _errors(doc) == ["lines[0].capital: Not a valid integer."]


def test_share_list_not_summing_to_one_is_refused():
    doc = _document()
    doc["spend_profile"][1]["share"] = "0.25"
    assert _errors(doc) == ["spend_profile: Shares sum to 0.95, not 1."]


def test_unknown_key_is_refused_at_any_depth():
    doc = _document()
    doc["colour"] = "blue"
    doc["lines"][2]["vat"] = 0
    doc["drivers"]["fibre_speed"] = 10
    assert sorted(_errors(doc)) == ["colour: Unknown field.", "drivers.fibre_speed: Unknown field.",
                                    "lines[2].vat: Unknown field."]


def test_missing_required_field_and_bad_choice():
    doc = _document()
    del doc["baseline"]["capital"]
    doc["rounding"] = "tenner"
    errors = _errors(doc)
    assert "baseline.capital: Missing data for required field." in errors
    assert any(e.startswith("rounding: Must be one of") for e in errors)


def test_duplicate_line_key_names_the_line():
    doc = _document()
    _line(doc, "cameras")["key"] = "control_room"
    assert _errors(doc) == ["lines[1].key: duplicate line key 'control_room'"]


def test_share_out_of_range_and_too_many_places():
    doc = _document()
    doc["contingency_rate"] = "1.5"
    doc["spend_profile"][0]["share"] = "0.70000001"
    errors = _errors(doc)
    assert any(e.startswith("contingency_rate:") for e in errors)
    assert any(e.startswith("spend_profile[0].share: Use at most 6") for e in errors)


def test_domain_guard_refuses_profiles_not_summing_to_one():
    import dataclasses
    scenario = dataclasses.replace(preset("barnet-2022-obc", "A"),
                                   spend_profile=(ProfileYear("2022-23", Decimal("0.7")),))
    with pytest.raises(ValidationFailed) as info:
        evaluate(scenario)
    assert info.value.field == "spend_profile"


# ---- properties -----------------------------------------------------------------------

@st.composite
def _profiles(draw):
    # Shares with up to 6 decimal places summing to exactly 1.
    n = draw(st.integers(min_value=1, max_value=6))
    cuts = sorted(draw(st.lists(st.integers(0, 10**6), min_size=n - 1, max_size=n - 1)))
    bounds = [0, *cuts, 10**6]
    return [Decimal(b - a) / 10**6 for a, b in zip(bounds, bounds[1:], strict=False)]


@settings(max_examples=60, deadline=None)
@given(shares=_profiles(), extra=st.integers(-500_000, 5_000_000),
       rate=st.integers(0, 10**6), rounding=st.sampled_from(["thousand", "pound"]))
def test_spend_profile_years_always_sum_to_the_totals(shares, extra, rate, rounding):
    doc = _document("A")
    _line(doc, "control_room")["capital"] += extra
    doc["contingency_rate"] = str(Decimal(rate) / 10**6)
    doc["rounding"] = rounding
    doc["spend_profile"] = [{"year": f"Y{i}", "share": str(s)} for i, s in enumerate(shares)]
    result = evaluate(load_scenario(doc))
    unit = 1000 if rounding == "thousand" else 1
    assert sum(p.capital for p in result.spend_profile) == result.capital_total
    assert sum(p.revenue for p in result.spend_profile) == result.revenue_total
    assert sum(y.capital for y in result.funding.additional_by_year) == \
        result.funding.additional_capital
    # every year but the last is within half a unit of its exact share, halves going up
    for p in result.spend_profile[:-1]:
        assert abs(p.capital - p.capital_exact) <= Decimal(unit) / 2
        if p.capital_exact - (p.capital_exact // unit) * unit == Decimal(unit) / 2:
            assert p.capital > p.capital_exact
    # the contingency is rate × subtotal, rounded half up to the unit
    c = result.contingency
    assert abs(c.amount - c.exact) <= Decimal(unit) / 2
    if (c.exact % unit) == Decimal(unit) / 2:
        assert c.amount > c.exact
