"""The business-case command: Tables 1-3, whole-life cost and consistency, no database needed."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click
import yaml
from marshmallow import ValidationError

from cctv_planner.domain.business_case import (
    BusinessCaseResult,
    compare,
    comparison_to_json,
    evaluate,
    inconsistencies,
    preset,
    preset_names,
    preset_ranges,
    result_to_json,
    scenario_to_document,
    sweep_fibre,
    sweep_to_json,
)
from cctv_planner.domain.errors import CctvPlannerError
from cctv_planner.exports.business_case import business_case_workbook
from cctv_planner.schemas.business_case import flatten_errors, load_scenario, parse_scenario_text

LABEL_WIDTH = 56
NUM_WIDTH = 10


class RateType(click.ParamType):
    """A rate as a Decimal: ``0.035`` or ``3.5%``, in [0, 1)."""

    name = "rate"

    def convert(self, value, param, ctx):
        if isinstance(value, Decimal):
            return value
        text = str(value).strip()
        try:
            rate = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
        except InvalidOperation:
            self.fail(f"{value!r} is not a number (use 0.035 or 3.5%)", param, ctx)
        if not (rate.is_finite() and 0 <= rate < 1):
            self.fail(f"{value!r} must be at least 0 and below 1 (100%)", param, ctx)
        return rate


def _k(amount: int | None) -> str:
    """Format whole pounds in £'000 as the council does: 1,833; (541); '-' for nothing."""
    if amount is None:
        return ""
    if amount == 0:
        return "-"
    value = Decimal(abs(amount)) / 1000
    text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.3f}".rstrip("0")
    return f"({text})" if amount < 0 else text


def _pounds(amount: int) -> str:
    return f"({abs(amount):,})" if amount < 0 else f"{amount:,}"


def _row(label: str, values: list[str]) -> str:
    if len(label) > LABEL_WIDTH:
        label = label[: LABEL_WIDTH - 1] + "…"
    return f"{label:<{LABEL_WIDTH}}" + "".join(f"{v:>{NUM_WIDTH}}" for v in values)


def _headers(names: list[str], left: str, right: str) -> list[str]:
    top = _row("", [""] * 0) + "".join(f"{name:>{2 * NUM_WIDTH}}" for name in names)
    return [top, _row("£'000", [left, right] * len(names))]


def _union(groups):
    """Keys in first-seen order across results, with the first item seen for each."""
    seen: dict[str, object] = {}
    # The longest list (Range B's savings) sets the order; shorter ones fill in.
    for items in sorted((tuple(g) for g in groups), key=len, reverse=True):
        for item in items:
            seen.setdefault(item.key, item)
    return seen


def render_tables(results: dict[str, BusinessCaseResult]) -> str:
    """Lay out Tables 1, 2 and 3 in £'000, one pair of columns per range."""
    names = list(results)
    rs = list(results.values())
    out: list[str] = []
    first = rs[0]

    out += ["TABLE 1: Additional Funding within the ranges", *_headers(names, "Capital", "Revenue")]
    if all(r.funding.prior_revenue is not None for r in rs):
        out.append(_row("Budget previous year", [v for r in rs for v in
                                                 (_k(r.funding.prior_capital),
                                                  _k(r.funding.prior_revenue))]))
    out.append(_row(f"Agreed Budget for {first.spend_profile[0].year} (A)",
                    [v for r in rs for v in (_k(r.funding.agreed_capital),
                                             _k(r.funding.agreed_revenue))]))
    if all(r.funding.budget_increase is not None for r in rs):
        out.append(_row("Budget increase", [v for r in rs for v in
                                            ("", _k(r.funding.budget_increase))]))
    letters = "BCDEFGHIJKLMNOPQRSTUVWXYZ"
    n_years = len(first.spend_profile)
    add_label = "+".join(letters[:n_years])
    out.append(_row(f"Additional Funding ({add_label})",
                    [v for r in rs for v in (_k(r.funding.additional_capital),
                                             _k(r.funding.additional_revenue))]))
    for i, year in enumerate(first.funding.additional_by_year):
        out.append(_row(f"FY {year.year} – Additional ({letters[i % len(letters)]})",
                        [v for r in rs for v in (_k(r.funding.additional_by_year[i].capital),
                                                 _k(r.funding.additional_by_year[i].revenue))]))
    out.append(_row(f"Total Budget (A+{add_label})",
                    [v for r in rs for v in (_k(r.funding.total_capital),
                                             _k(r.funding.total_revenue))]))

    out += ["", "TABLE 2: Full Cost Estimate Analysis within the ranges",
            *_headers(names, "Capital", "Add. Rev")]
    for key, line in _union(r.lines for r in rs).items():
        values = []
        for r in rs:
            mine = r.scenario.line(key)
            values += ["", ""] if mine is None else [_k(mine.capital), _k(mine.revenue)]
        out.append(_row(line.label, values))
    rate = first.contingency.rate * 100
    out.append(_row(f"Contingency ({rate.normalize():f}%)",
                    [v for r in rs for v in (_k(r.contingency.amount), "")]))
    out.append(_row("TOTAL", [v for r in rs for v in (_k(r.capital_total), _k(r.revenue_total))]))
    for i, year in enumerate(first.spend_profile):
        out.append(_row(f"Spend Profile FY {year.year}",
                        [v for r in rs for v in (_k(r.spend_profile[i].capital),
                                                 _k(r.spend_profile[i].revenue))]))

    out += ["", "TABLE 3: Additional Revenue Cost Projections with known savings/revenue",
            *_headers(names, "Conns", "Revenue")]
    for key, line in _union(r.lines for r in rs).items():
        if all((r.scenario.line(key) is None or r.scenario.line(key).revenue == 0) for r in rs):
            continue
        values = []
        for r in rs:
            mine = r.scenario.line(key)
            if mine is None:
                values += ["", ""]
            else:
                conns = "-" if mine.connections is None else f"{mine.connections:,}"
                values += [conns, _k(mine.revenue)]
        out.append(_row(line.revenue_label or line.label, values))
    out.append(_row("Additional Revenue Costs",
                    [v for r in rs for v in ("", _k(r.after_savings.revenue_total))]))
    for key, saving in _union(r.after_savings.savings for r in rs).items():
        values = []
        for r in rs:
            mine = r.scenario.saving(key)
            if mine is None:
                values += ["", ""]
            else:
                values += ["", "TBC" if mine.amount is None else _k(-mine.amount)]
        out.append(_row(saving.label, values))
    out.append(_row("Additional Revenue Costs after savings",
                    [v for r in rs for v in ("", _k(r.after_savings.revenue))]))
    return "\n".join(out)


def render_whole_life(results: dict[str, BusinessCaseResult]) -> str:
    """Whole-life rows (one range) or the like-for-like comparison (several), whole pounds."""
    rs = list(results.values())
    life = rs[0].whole_life
    rate = (life.discount_rate * 100).normalize()
    out = [f"WHOLE-LIFE COST over {life.years} years at {rate:f}% (£, capital in year 0)"]
    if len(rs) == 1:
        out.append(f"{'Year':>4} {'Capital':>12} {'Revenue':>10} {'Replace':>10} {'Savings':>10} "
                   f"{'Net':>12} {'Factor':>9} {'PV':>13}")
        for row in life.rows:
            out.append(f"{row.year:>4} {_pounds(row.capital):>12} {_pounds(row.revenue):>10} "
                       f"{_pounds(row.replacement):>10} {_pounds(row.savings):>10} "
                       f"{_pounds(row.net):>12} {row.discount_factor:>9.6f} "
                       f"{row.present_value:>13,.2f}")
    out.append(_row("", [f"{name:>{2 * NUM_WIDTH}}" for name in results]).rstrip()
               if len(rs) > 1 else "")
    for row in compare(results):
        out.append(f"{row.label:<{LABEL_WIDTH}}"
                   + "".join(f"{_pounds(v):>{2 * NUM_WIDTH}}" for v in row.values))
    return "\n".join(line for line in out if line != "")


def render_consistency(results: dict[str, BusinessCaseResult]) -> str:
    """List every inconsistency the consistency report finds."""
    out = ["CONSISTENCY (unit rates each line implies)"]
    for name, result in results.items():
        bad = inconsistencies(result.consistency)
        out.append(f"{name}: {len(result.consistency) - len(bad)} figures consistent, "
                   f"{len(bad)} inconsistent")
        out += [f"  ! {finding.message}" for finding in bad]
    return "\n".join(out)


def render_sweep(name: str, rows) -> str:
    """The fibre-share sweep in whole pounds."""
    out = [f"FIBRE SHARE SWEEP – {name} (£)",
           f"{'Fibre':>6} {'Fibre sites':>11} {'Wireless':>9} {'Capital':>12} "
           f"{'Revenue yr 1':>13} {'Whole life':>12} {'NPV':>12}"]
    for r in rows:
        out.append(f"{(r.fibre_share * 100).quantize(Decimal(1)):>5}% {r.fibre_sites:>11} "
                   f"{r.wireless_sites:>9} {r.capital_total:>12,} {r.revenue_first_year:>13,} "
                   f"{r.whole_life_nominal:>12,} {r.npv:>12,}")
    return "\n".join(out)


def _read_scenario(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.BadParameter(f"cannot read {path}: {exc}", param_hint="--scenario") from None
    try:
        document = parse_scenario_text(text, path.name)
    except ValueError as exc:
        raise click.BadParameter(f"{path}: {exc}", param_hint="--scenario") from None
    try:
        return load_scenario(document)
    except ValidationError as exc:
        problems = "\n  ".join(flatten_errors(exc.messages))
        raise click.ClickException(f"{path}: invalid scenario:\n  {problems}") from None


def _write(path: Path, data: bytes, what: str) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise click.ClickException(f"cannot write {what} to {path}: {exc}") from None
    click.echo(f"Wrote {what} to {path}", err=True)


@click.command("business-case")
@click.option("--preset", "preset_name", metavar="NAME",
              help=f"A published scenario: {', '.join(preset_names())}.")
@click.option("--range", "range_", type=click.Choice(["A", "B"], case_sensitive=False),
              help="Range of the preset (default: both, side by side).")
@click.option("--scenario", "scenario_file", metavar="FILE",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A scenario document (.json, or .yaml/.yml).")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON (whole pounds).")
@click.option("--xlsx", "xlsx_out", metavar="OUT", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the workbook (live formulas) to OUT.")
@click.option("--export-scenario", "export_out", metavar="OUT",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Write the scenario document to OUT (.json, or .yaml/.yml).")
@click.option("--sweep-fibre", "sweep", is_flag=True,
              help="Also report capital, revenue and whole-life cost at fibre shares 0%..100%.")
@click.option("--years", type=click.IntRange(1, 60), default=None,
              help="Whole-life horizon in years (default 10, or the scenario's).")
@click.option("--discount-rate", type=RateType(), default=None,
              help="Real discount rate, 0.035 or 3.5% (default: Green Book 3.5%).")
def business_case_command(preset_name, range_, scenario_file, as_json, xlsx_out, export_out,
                          sweep, years, discount_rate):
    """Reproduce the business-case Tables 1-3, whole-life cost and consistency report.

    Give --preset NAME (with --range A|B, or both ranges side by side) or
    --scenario FILE. Amounts print in £'000 as the council's tables do.
    """
    if preset_name and scenario_file:
        raise click.UsageError("give either --preset or --scenario, not both")
    if range_ and not preset_name:
        raise click.UsageError("--range goes with --preset")
    if not preset_name and not scenario_file:
        raise click.UsageError("give --preset NAME (with --range A|B) or --scenario FILE")

    if scenario_file:
        scenario = _read_scenario(scenario_file)
        scenarios = {scenario.name: scenario}
    else:
        try:
            ranges = (range_.upper(),) if range_ else preset_ranges(preset_name)
            scenarios = {f"Range {r}": preset(preset_name, r) for r in ranges}
        except CctvPlannerError as exc:
            raise click.BadParameter(exc.message, param_hint=f"--{exc.field or 'preset'}") from None
    if len(scenarios) > 1 and (xlsx_out or export_out):
        raise click.UsageError("--xlsx and --export-scenario need a single scenario: add --range")

    try:
        results = {name: evaluate(s, years=years, discount_rate=discount_rate)
                   for name, s in scenarios.items()}
        sweeps = ({name: sweep_fibre(s, years=years, discount_rate=discount_rate)
                   for name, s in scenarios.items()} if sweep else {})
    except CctvPlannerError as exc:
        where = f"{scenario_file}: " if scenario_file else ""
        raise click.ClickException(f"{where}{exc.field or 'scenario'}: {exc.message}") from None
    except ValueError as exc:  # no drivers to sweep
        raise click.ClickException(str(exc)) from None

    if export_out:
        (scenario,) = scenarios.values()
        doc = scenario_to_document(scenario)
        if export_out.suffix.lower() in (".yaml", ".yml"):
            data = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True).encode()
        else:
            data = (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode()
        _write(export_out, data, "scenario")
    if xlsx_out:
        (result,) = results.values()
        _write(xlsx_out, business_case_workbook(result), "workbook")

    if as_json:
        if len(results) == 1:
            (result,) = results.values()
            payload = result_to_json(result)
            if sweeps:
                payload["sweep_fibre"] = sweep_to_json(next(iter(sweeps.values())))
        else:
            payload = {"ranges": {name: result_to_json(r) for name, r in results.items()},
                       "comparison": comparison_to_json(results)}
            if sweeps:
                payload["sweep_fibre"] = {name: sweep_to_json(rows)
                                          for name, rows in sweeps.items()}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return

    title = preset_name or next(iter(results))
    click.echo(f"{title} – business case (£'000 unless stated)\n")
    click.echo(render_tables(results))
    click.echo("")
    click.echo(render_whole_life(results))
    click.echo("")
    click.echo(render_consistency(results))
    for name, rows in sweeps.items():
        click.echo("")
        click.echo(render_sweep(name, rows))
