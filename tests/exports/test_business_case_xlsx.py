"""The business-case workbook: live formulas that evaluate, independently, to the model's numbers.

The formulas are evaluated by the ``formulas`` package (PyPI), which reads the
saved .xlsx and computes every cell itself; nothing is taken from the model.
"""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from cctv_planner.domain.business_case import evaluate, preset, scenario_to_document
from cctv_planner.exports.business_case import business_case_workbook_cells
from cctv_planner.schemas.business_case import load_scenario

formulas = pytest.importorskip("formulas")


def _edited_scenario():
    doc = json.loads(json.dumps(scenario_to_document(preset("barnet-2022-obc", "B"))))
    next(line for line in doc["lines"] if line["key"] == "cameras")["capital"] = 600_000
    doc["contingency_rate"] = "0.125"
    doc["spend_profile"] = [{"year": "2022-23", "share": "0.5"},
                            {"year": "2023-24", "share": "0.3"},
                            {"year": "2024-25", "share": "0.2"}]
    doc["lines"][0]["label"] = "=HYPERLINK(\"http://example.com\")"  # must stay text
    return load_scenario(doc)


def _pound_scenario():
    doc = json.loads(json.dumps(scenario_to_document(_edited_scenario())))
    doc["rounding"] = "pound"
    doc["spend_profile"] = [{"year": "2022-23", "share": "0.2"},
                            {"year": "2023-24", "share": "0.8"}]
    return load_scenario(doc)


SCENARIOS = {
    "A": lambda: preset("barnet-2022-obc", "A"),
    "B": lambda: preset("barnet-2022-obc", "B"),
    "edited": _edited_scenario,
    "pound": _pound_scenario,
}


def _expected(result) -> dict[str, int]:
    """The model's figures under the workbook's keys."""
    f = result.funding
    annual = result.after_savings.annual
    out = {
        "subtotal": result.subtotal,
        "contingency": result.contingency.amount,
        "capital_total": result.capital_total,
        "revenue_total": result.revenue_total,
        "funding.additional_capital": f.additional_capital,
        "funding.additional_revenue": f.additional_revenue,
        "funding.total_capital": f.total_capital,
        "funding.total_revenue": f.total_revenue,
        "after_savings.revenue_total": result.after_savings.revenue_total,
        "after_savings.revenue": result.after_savings.revenue,
        "annual.revenue_only": annual.revenue_only,
        "annual.annualised_replacement": annual.annualised_replacement,
        "annual.annual_cost": annual.annual_cost,
        "whole_life.nominal_total": result.whole_life.nominal_total,
        "whole_life.npv": result.whole_life.npv,
    }
    if f.budget_increase is not None:
        out["funding.budget_increase"] = f.budget_increase
    for i, p in enumerate(result.spend_profile):
        out[f"profile.capital.{i}"] = p.capital
        out[f"profile.revenue.{i}"] = p.revenue
    for i, y in enumerate(f.additional_by_year):
        out[f"funding.additional_capital.{i}"] = y.capital
        out[f"funding.additional_revenue.{i}"] = y.revenue
    for row in result.whole_life.rows:
        out[f"whole_life.net.{row.year}"] = row.net
    return out


_BUILT = {}


def _build(name, tmp_path_factory):
    """Evaluate, export and independently calculate one scenario (once per module run)."""
    if name not in _BUILT:
        result = evaluate(SCENARIOS[name]())
        data, cells = business_case_workbook_cells(result)
        path = tmp_path_factory.mktemp("xlsx") / "bc.xlsx"
        path.write_bytes(data)
        solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
        _BUILT[name] = (result, data, cells, solution)
    return _BUILT[name]


@pytest.fixture(params=list(SCENARIOS))
def built(request, tmp_path_factory):
    return _build(request.param, tmp_path_factory)


def _value(solution, ref):
    sheet, cell = ref.split("!")
    key = f"'[bc.xlsx]{sheet.strip(chr(39)).upper()}'!{cell.replace('$', '')}"
    return solution[key].value[0, 0]


def test_every_formula_evaluates_to_the_models_number(built):
    result, _, cells, solution = built
    expected = _expected(result)
    assert set(expected) <= set(cells.refs)
    got = {key: _value(solution, cells.refs[key]) for key in expected}
    # Floats from the evaluator must be whole pounds equal to the model's integers.
    assert {k: float(v) for k, v in expected.items()} == got


def test_published_figures_appear_in_the_evaluated_workbook(tmp_path_factory):
    _, _, cells, solution = _build("B", tmp_path_factory)
    # From TABLE 2 and TABLE 1 as published (£'000), independent of the model.
    assert _value(solution, cells.refs["contingency"]) == 220_000
    assert _value(solution, cells.refs["profile.capital.0"]) == 1_691_000
    assert _value(solution, cells.refs["profile.capital.1"]) == 724_000
    assert _value(solution, cells.refs["funding.additional_capital.0"]) == 909_000
    assert _value(solution, cells.refs["funding.total_revenue"]) == 961_000
    assert _value(solution, cells.refs["after_savings.revenue"]) == 167_000


def test_derived_cells_are_formulas_and_inputs_are_numbers(built):
    _, data, cells, _ = built
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Inputs", "Table 1", "Table 2", "Table 3", "Whole life"]
    for key, ref in cells.refs.items():
        sheet, cell = ref.split("!")
        ws = wb[sheet.strip("'")]
        assert ws[cell.replace("$", "")].data_type == "f", key
    contingency = cells.refs["contingency"].split("!")[1].replace("$", "")
    assert "ROUND(ROUND(" in wb["Table 2"][contingency].value
    inputs = wb["Inputs"]
    numbers = [c for row in inputs.iter_rows() for c in row if isinstance(c.value, int | float)]
    assert numbers and all(c.data_type == "n" for c in numbers)
    assert not any(c.data_type == "f" for row in inputs.iter_rows() for c in row)


def test_sheets_are_formatted_frozen_and_printable(built):
    _, data, cells, _ = built
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        assert ws.freeze_panes is not None
        assert ws.print_title_rows
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
    total = cells.refs["capital_total"].split("!")[1].replace("$", "")
    assert "£" in wb["Table 2"][total].number_format


def test_free_text_that_looks_like_a_formula_stays_text(tmp_path_factory):
    _, data, _, _ = _build("edited", tmp_path_factory)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cell = wb["Table 2"]["A4"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


def test_changing_an_input_moves_the_totals(tmp_path):
    # Finance edits the cameras line in Excel: every total follows.
    result = evaluate(preset("barnet-2022-obc", "A"))
    data, cells = business_case_workbook_cells(result)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    inputs = wb["Inputs"]
    row = next(r for r in inputs.iter_rows() if r[5].value == "cameras")
    row[1].value = 600_000     # was 568,000
    path = tmp_path / "bc.xlsx"
    wb.save(path)
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    # net 2,380 + 32 = 2,412; contingency 241.2 -> 241; total 2,653;
    # 70% = 1,857.1 -> 1,857; last 796; additional 2022-23 = 1,857 - 782 = 1,075
    assert _value(solution, cells.refs["capital_total"]) == 2_653_000
    assert _value(solution, cells.refs["profile.capital.0"]) == 1_857_000
    assert _value(solution, cells.refs["profile.capital.1"]) == 796_000
    assert _value(solution, cells.refs["funding.additional_capital.0"]) == 1_075_000
