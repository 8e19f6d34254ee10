"""``business-case``: no app, no database; clear errors, never a traceback."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from cctv_planner.commands.business_case import business_case_command


def run(*args):
    return CliRunner().invoke(business_case_command, list(args))


def _row(output, label):
    """Cells of the text row starting with ``label`` (the numbers, as printed)."""
    line = next(line for line in output.splitlines() if line.startswith(label))
    return line[len(label):].split()


def test_both_ranges_print_side_by_side_as_published():
    result = run("--preset", "barnet-2022-obc")
    assert result.exit_code == 0, result.output
    out = result.output
    # TABLE 1 (£'000): capital A, revenue A, capital B, revenue B
    assert _row(out, "Agreed Budget for 2022-23 (A)") == ["782", "660", "782", "660"]
    assert _row(out, "Budget increase") == ["170", "170"]
    assert _row(out, "Additional Funding (B+C)") == ["1,836", "190", "1,633", "301"]
    assert _row(out, "FY 2022-23 – Additional (B)") == ["1,051", "133", "909", "211"]
    assert _row(out, "FY 2023-24 – Additional (C)") == ["785", "57", "724", "90"]
    assert _row(out, "Total Budget (A+B+C)") == ["2,618", "850", "2,415", "961"]
    # TABLE 2
    assert _row(out, "Wireless network transmission costs") == ["335", "-", "-", "-"]
    assert _row(out, "Fibre West – Grant Funding") == ["(541)", "-", "(792)", "-"]
    assert _row(out, "Contingency (10%)") == ["238", "220"]
    assert _row(out, "TOTAL") == ["2,618", "190", "2,415", "301"]
    assert _row(out, "Spend Profile FY 2022-23") == ["1,833", "133", "1,691", "211"]
    assert _row(out, "Spend Profile FY 2023-24") == ["785", "57", "724", "90"]
    # TABLE 3
    assert _row(out, "Fibre Line Rental - additional CCTV sites") == ["49", "73", "98", "118"]
    assert _row(out, "Additional Revenue Costs after savings") == ["175", "167"]
    assert _row(out, "Future Revenue - 5G Small Cells") == ["(15)", "(30)"]
    # consistency and like-for-like
    assert "£1,490 each" in out and "£1,204 each" in out and "£7,729 each" in out
    assert _row(out, "Like for like: annual cost of ownership") == ["242,000", "234,000"]


def test_single_range_json_in_whole_pounds():
    result = run("--preset", "barnet-2022-obc", "--range", "b", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["contingency"] == 220_000
    assert payload["capital_total"] == 2_415_000
    assert [(p["capital"], p["revenue"]) for p in payload["spend_profile"]] == \
        [(1_691_000, 211_000), (724_000, 90_000)]
    assert payload["funding"]["additional_capital"] == 1_633_000
    assert payload["after_savings"]["revenue"] == 167_000


def test_exported_scenario_edited_and_rerun(tmp_path):
    out = tmp_path / "b.json"
    assert run("--preset", "barnet-2022-obc", "--range", "B", "--export-scenario", str(out)
               ).exit_code == 0
    doc = json.loads(out.read_text())
    doc["contingency_rate"] = "0.125"
    next(line for line in doc["lines"] if line["key"] == "cameras")["capital"] = 600_000
    doc["spend_profile"].append({"year": "2024-25", "share": "0.2"})
    doc["spend_profile"][0]["share"] = "0.5"
    out.write_text(json.dumps(doc))
    result = run("--scenario", str(out), "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    # 2,227,000 net; 12.5% = 278,375 -> 278,000; total 2,505,000;
    # 50% -> 1,252,500 -> 1,253,000; 30% -> 751,500 -> 752,000; last 500,000
    assert payload["capital_total"] == 2_505_000
    assert [p["capital"] for p in payload["spend_profile"]] == [1_253_000, 752_000, 500_000]


def test_yaml_export_round_trips(tmp_path):
    out = tmp_path / "a.yaml"
    assert run("--preset", "barnet-2022-obc", "--range", "A", "--export-scenario", str(out)
               ).exit_code == 0
    assert yaml.safe_load(out.read_text())["contingency_rate"] == "0.10"
    result = run("--scenario", str(out), "--json")
    assert json.loads(result.output)["capital_total"] == 2_618_000


def test_xlsx_is_written(tmp_path):
    out = tmp_path / "a.xlsx"
    result = run("--preset", "barnet-2022-obc", "--range", "A", "--xlsx", str(out))
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    assert "Table 2" in wb.sheetnames


def test_sweep_prints_eleven_steps():
    result = run("--preset", "barnet-2022-obc", "--range", "A", "--sweep-fibre")
    assert result.exit_code == 0, result.output
    sweep = result.output.split("FIBRE SHARE SWEEP")[1].splitlines()[2:]
    assert [line.split()[0] for line in sweep] == [f"{i * 10}%" for i in range(11)]
    # 0%: capital 2,592,000 (hand-worked in tests/domain/business_case/test_drivers.py)
    assert sweep[0].split()[3] == "2,592,000"


def test_years_and_discount_rate_options():
    result = run("--preset", "barnet-2022-obc", "--range", "A", "--json",
                 "--years", "6", "--discount-rate", "0%")
    life = json.loads(result.output)["whole_life"]
    # 2,618,000 + 6 × 190,000 + 335,000 (year 5) - 2 × 15,000 = 4,063,000, undiscounted
    assert life["years"] == 6 and life["nominal_total"] == life["npv"] == 4_063_000


@pytest.mark.parametrize("edit, field", [
    (lambda d: d["lines"][0].update(capital="lots"), "lines[0].capital"),
    (lambda d: d.update(colour="blue"), "colour"),
    (lambda d: d["spend_profile"][0].update(share="0.6"), "spend_profile"),
])
def test_bad_scenario_names_file_and_field(tmp_path, edit, field):
    path = tmp_path / "bad.json"
    run("--preset", "barnet-2022-obc", "--range", "A", "--export-scenario", str(path))
    doc = json.loads(path.read_text())
    edit(doc)
    path.write_text(json.dumps(doc))
    result = run("--scenario", str(path))
    assert result.exit_code == 1
    assert "bad.json" in result.output and f"{field}:" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_malformed_file_is_a_usage_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{ not json")
    result = run("--scenario", str(path))
    assert result.exit_code == 2
    assert "broken.json" in result.output and "not valid JSON" in result.output


@pytest.mark.parametrize("args, message", [
    ((), "give --preset NAME"),
    (("--preset", "nope"), "no preset named 'nope'"),
    (("--range", "A"), "--range goes with --preset"),
    (("--preset", "barnet-2022-obc", "--xlsx", "x.xlsx"), "need a single scenario"),
    (("--preset", "barnet-2022-obc", "--discount-rate", "abc"), "not a number"),
    (("--scenario", "missing.json"), "missing.json"),
])
def test_usage_errors_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output
