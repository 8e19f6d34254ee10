"""The business-case workbook: an Inputs sheet and live Tables 1, 2, 3 and whole-life.

Every derived cell is an Excel formula over the Inputs sheet, so finance can
change an input in Excel and see every total move. The formulas follow the
model's rule exactly (see ``cctv_planner.domain.business_case.model``)::

    rounded(x) = ROUND(ROUND(x, 6) / unit, 0) * unit

The inner ``ROUND(x, 6)`` removes binary noise before the real rounding: rates
and shares carry at most 6 decimal places and amounts are whole pounds, so the
exact product has at most 6 places, and 0.7 * 2,415,000 (1,690,499.9999999998
in binary) becomes 1,690,500.000000 before ``ROUND(1690.5, 0)`` = 1,691. Excel's
``ROUND`` rounds half away from zero, as ``decimal.ROUND_HALF_UP`` does in the
model, so negative amounts (a grant, an underspend) round the same way in both.

Amounts are shown in whole pounds with £ formats; cached values are not
stored, so the workbook asks Excel to recalculate fully on load.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.worksheet import Worksheet

from cctv_planner.domain.business_case import BusinessCaseResult, SavingKind
from cctv_planner.exports.xlsx import safe_text

MONEY = '"£"#,##0;[Red]-"£"#,##0;"-"'
MONEY_PENCE = '"£"#,##0.00;[Red]-"£"#,##0.00'
RATE = "0.0##%"
FACTOR = "0.000000"
COUNT = "#,##0"

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_HEAD_FILL = PatternFill("solid", fgColor="DDE5F0")
_INPUT_FILL = PatternFill("solid", fgColor="FFF6D5")
_TOP = Border(top=Side(style="thin"))

INPUTS = "Inputs"
TABLE1 = "Table 1"
TABLE2 = "Table 2"
TABLE3 = "Table 3"
WHOLE_LIFE = "Whole life"


def _ref(sheet: str, col: int, row: int) -> str:
    """Absolute reference to a cell on ``sheet``, quoted for names with spaces."""
    return f"'{sheet}'!${get_column_letter(col)}${row}"


def _local(col: int, row: int) -> str:
    return f"{get_column_letter(col)}{row}"


@dataclass
class _Sheet:
    ws: Worksheet
    row: int = 1

    def title(self, text: str, subtitle: str = "") -> None:
        safe_text(self.ws.cell(1, 1), text)
        self.ws.cell(1, 1).font = _TITLE
        if subtitle:
            safe_text(self.ws.cell(2, 1), subtitle)
        self.row = 3

    def header(self, *names: str) -> int:
        for col, name in enumerate(names, start=1):
            cell = self.ws.cell(self.row, col)
            safe_text(cell, name)
            cell.font = _BOLD
            cell.fill = _HEAD_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        row = self.row
        self.row += 1
        return row

    def put(self, col: int, value, number_format: str | None = None, *, bold=False,
            fill=None, row: int | None = None):
        """Write a number or text; text always stays text (no formula injection)."""
        cell = self.ws.cell(self.row if row is None else row, col)
        if isinstance(value, str):
            safe_text(cell, value)
        else:
            cell.value = value
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = _BOLD
        if fill is not None:
            cell.fill = fill
        return cell


    def formula(self, col: int, expr: str, number_format: str | None = None, *, bold=False):
        """Write a formula built here (never from free text)."""
        if not expr.startswith("="):
            raise ValueError(f"not a formula: {expr!r}")
        cell = self.put(col, 0, number_format, bold=bold)
        cell.value = expr
        return cell


def _rounded(expr: str, unit_ref: str) -> str:
    return f"ROUND(ROUND({expr},6)/{unit_ref},0)*{unit_ref}"


def _finish(sheet: _Sheet, header_row: int, widths: tuple[float, ...]) -> None:
    ws = sheet.ws
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(header_row + 1, 1).coordinate
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = f"A1:{get_column_letter(len(widths))}{max(ws.max_row, header_row)}"
    ws.oddFooter.center.text = "&A – page &P of &N"


@dataclass
class WorkbookCells:
    """Where each model figure lives in the workbook, as ``'Sheet'!$C$5`` references.

    Keys: ``subtotal``, ``contingency``, ``capital_total``, ``revenue_total``,
    ``profile.capital.<i>``, ``profile.revenue.<i>``, ``funding.additional_capital``,
    ``funding.additional_revenue``, ``funding.additional_capital.<i>``,
    ``funding.additional_revenue.<i>``, ``funding.total_capital``,
    ``funding.total_revenue``, ``funding.budget_increase``,
    ``after_savings.revenue_total``, ``after_savings.revenue``,
    ``annual.revenue_only``, ``annual.annualised_replacement``,
    ``annual.annual_cost``, ``whole_life.net.<t>``, ``whole_life.nominal_total``,
    ``whole_life.npv``.
    """

    refs: dict[str, str] = field(default_factory=dict)


def business_case_workbook(result: BusinessCaseResult) -> bytes:
    """Build the .xlsx workbook of an evaluated scenario.

    Parameters
    ----------
    result : BusinessCaseResult
        The evaluated scenario (its ``scenario`` supplies the inputs).

    Returns
    -------
    bytes
        The workbook file. Sheets: Inputs, Table 1, Table 2, Table 3, Whole
        life. Amounts in whole pounds.
    """
    return business_case_workbook_cells(result)[0]


def business_case_workbook_cells(result: BusinessCaseResult) -> tuple[bytes, WorkbookCells]:
    """Build the workbook and say where each figure is (for tests and links).

    Returns
    -------
    (bytes, WorkbookCells)
    """
    scenario = result.scenario
    cells = WorkbookCells()
    wb = Workbook()
    wb.calculation = CalcProperties(fullCalcOnLoad=True)
    inputs = _Sheet(wb.active)
    inputs.ws.title = INPUTS
    t1 = _Sheet(wb.create_sheet(TABLE1))
    t2 = _Sheet(wb.create_sheet(TABLE2))
    t3 = _Sheet(wb.create_sheet(TABLE3))
    wl = _Sheet(wb.create_sheet(WHOLE_LIFE))

    # ---- Inputs -----------------------------------------------------------------------
    inputs.title(f"Business case inputs – {scenario.name}",
                 scenario.description or "Yellow cells are inputs; every other sheet follows them.")
    head = inputs.header("Setting", "Value", "Note")
    settings = {}

    def setting(key, label, value, fmt, note=""):
        inputs.put(1, label)
        inputs.put(2, value, fmt, fill=_INPUT_FILL)
        if note:
            inputs.put(3, note)
        settings[key] = _ref(INPUTS, 2, inputs.row)
        inputs.row += 1

    base = scenario.baseline
    setting("rate", "Contingency rate", scenario.contingency_rate, RATE,
            "Applied to the capital subtotal after funding offsets")
    setting("unit", "Rounding unit (£)", scenario.rounding.unit, COUNT,
            "1000 reproduces the published £'000 tables; 1 rounds to the pound")
    setting("agreed_capital", "Agreed capital budget", base.capital, MONEY)
    setting("agreed_revenue", "Agreed revenue budget (a year)", base.revenue, MONEY)
    if base.prior_revenue is not None:
        setting("prior_revenue", "Previous year's revenue budget", base.prior_revenue, MONEY)
    setting("years", "Whole-life years", scenario.appraisal.years, COUNT,
            "Rows of the Whole life sheet are fixed when exported")
    setting("discount", "Discount rate (real)", scenario.appraisal.discount_rate, RATE,
            "HM Treasury Green Book: 3.5%")
    for src in base.capital_sources:
        inputs.put(1, f"  of which {src.label}")
        inputs.put(2, src.amount, MONEY)
        inputs.row += 1

    inputs.row += 1
    inputs.header("Spend profile year", "Share")
    share_refs = []
    for year in scenario.spend_profile:
        inputs.put(1, year.year)
        inputs.put(2, year.share, RATE, fill=_INPUT_FILL)
        share_refs.append(_ref(INPUTS, 2, inputs.row))
        inputs.row += 1

    inputs.row += 1
    inputs.header("Line", "Capital £", "Revenue £ a year", "Connections",
                  "Replacement cycle (years)", "Key", "Basis")
    line_rows = {}
    for line in scenario.lines:
        inputs.put(1, line.label)
        inputs.put(2, line.capital, MONEY, fill=_INPUT_FILL)
        inputs.put(3, line.revenue, MONEY, fill=_INPUT_FILL)
        if line.connections is not None:
            inputs.put(4, line.connections, COUNT, fill=_INPUT_FILL)
        if line.replacement_cycle_years is not None:
            inputs.put(5, line.replacement_cycle_years, COUNT, fill=_INPUT_FILL)
        inputs.put(6, line.key)
        inputs.put(7, line.basis)
        line_rows[line.key] = inputs.row
        inputs.row += 1

    inputs.row += 1
    inputs.header("Saving / income", "Amount £ a year", "Kind", "Start year", "", "Key", "Basis")
    saving_rows = {}
    for saving in scenario.savings:
        inputs.put(1, saving.label)
        if saving.amount is None:
            inputs.put(2, "TBC")
        else:
            inputs.put(2, saving.amount, MONEY, fill=_INPUT_FILL)
        inputs.put(3, str(saving.kind))
        inputs.put(4, saving.start_year, COUNT, fill=_INPUT_FILL)
        inputs.put(6, saving.key)
        inputs.put(7, saving.basis)
        saving_rows[saving.key] = inputs.row
        inputs.row += 1

    if scenario.drivers is not None:
        inputs.row += 1
        inputs.header("Driver (for reference: the lines above are the inputs)", "Value")
        for name, value in _dataclass_items(scenario.drivers):
            inputs.put(1, name)
            inputs.put(2, value if not isinstance(value, bool) else str(value))
            inputs.row += 1
    _finish(inputs, head, (46, 16, 16, 13, 13, 20, 60))

    unit = settings["unit"]

    def cap(key):
        return _ref(INPUTS, 2, line_rows[key])

    def rev(key):
        return _ref(INPUTS, 3, line_rows[key])

    # ---- Table 2 ----------------------------------------------------------------------
    t2.title(f"TABLE 2: Full Cost Estimate Analysis – {scenario.name}",
             "Revenue costs are annual additions")
    head2 = t2.header("", "Capital £", "Add. Revenue £ a year", "Note")
    first = t2.row
    for line in scenario.lines:
        t2.put(1, line.label)
        t2.formula(2, f"={cap(line.key)}", MONEY)
        t2.formula(3, f"={rev(line.key)}", MONEY)
        t2.put(4, line.basis)
        t2.row += 1
    last = t2.row - 1
    sub_row = t2.row
    t2.put(1, "Subtotal (after funding offsets)", bold=True)
    if scenario.lines:
        t2.formula(2, f"=SUM({_local(2, first)}:{_local(2, last)})", MONEY, bold=True)
        t2.formula(3, f"=SUM({_local(3, first)}:{_local(3, last)})", MONEY, bold=True)
    else:
        t2.put(2, 0, MONEY)
        t2.put(3, 0, MONEY)
    t2.row += 1
    cont_row = t2.row
    t2.put(1, "Contingency")
    t2.formula(2, "=" + _rounded(f"{settings['rate']}*{_local(2, sub_row)}", unit), MONEY)
    t2.put(4, "Risk contingency for cost estimate: rate × subtotal, rounded half up")
    t2.row += 1
    tot_row = t2.row
    t2.put(1, "TOTAL", bold=True)
    t2.formula(2, f"={_local(2, sub_row)}+{_local(2, cont_row)}", MONEY, bold=True)
    t2.formula(3, f"={_local(3, sub_row)}", MONEY, bold=True)
    for col in (1, 2, 3, 4):
        t2.ws.cell(tot_row, col).border = _TOP
    t2.row += 1
    profile_rows = []
    n_years = len(scenario.spend_profile)
    for i, year in enumerate(scenario.spend_profile):
        row = t2.row
        t2.put(1, f"Spend Profile FY {year.year}")
        for col in (2, 3):
            total = _local(col, tot_row)
            if i < n_years - 1:
                formula = "=" + _rounded(f"{share_refs[i]}*{total}", unit)
            elif i == 0:
                formula = f"={total}"
            else:
                formula = f"={total}-SUM({_local(col, profile_rows[0])}:{_local(col, row - 1)})"
            t2.formula(col, formula, MONEY)
        t2.put(4, "Last year: the remainder" if i == n_years - 1 and n_years > 1
               else "Share × total, rounded half up")
        profile_rows.append(row)
        t2.row += 1
    _finish(t2, head2, (48, 16, 18, 70))
    cells.refs.update({
        "subtotal": _ref(TABLE2, 2, sub_row),
        "contingency": _ref(TABLE2, 2, cont_row),
        "capital_total": _ref(TABLE2, 2, tot_row),
        "revenue_total": _ref(TABLE2, 3, tot_row),
    })
    for i, row in enumerate(profile_rows):
        cells.refs[f"profile.capital.{i}"] = _ref(TABLE2, 2, row)
        cells.refs[f"profile.revenue.{i}"] = _ref(TABLE2, 3, row)
    total_cap = _ref(TABLE2, 2, tot_row)
    total_rev = _ref(TABLE2, 3, tot_row)

    # ---- Table 1 ----------------------------------------------------------------------
    t1.title(f"TABLE 1: Additional Funding within the ranges – {scenario.name}")
    head1 = t1.header("", "Capital £", "Revenue £ a year", "Notes")
    first_year = scenario.spend_profile[0].year
    if "prior_revenue" in settings:
        t1.put(1, "Budget previous year")
        t1.formula(2, f"={settings['agreed_capital']}", MONEY)
        t1.formula(3, f"={settings['prior_revenue']}", MONEY)
        t1.row += 1
    agreed_row = t1.row
    t1.put(1, f"Agreed Budget for {first_year} (A)")
    t1.formula(2, f"={settings['agreed_capital']}", MONEY)
    t1.formula(3, f"={settings['agreed_revenue']}", MONEY)
    t1.row += 1
    if "prior_revenue" in settings:
        t1.put(1, "Budget increase")
        t1.formula(3, f"={settings['agreed_revenue']}-{settings['prior_revenue']}", MONEY)
        cells.refs["funding.budget_increase"] = _ref(TABLE1, 3, t1.row)
        t1.row += 1
    add_row = t1.row
    letters = "BCDEFGHIJKLMNOPQRSTUVWXYZ"
    add_label = "+".join(letters[:n_years]) if n_years <= len(letters) else "all years"
    t1.put(1, f"Additional Funding ({add_label})", bold=True)
    t1.formula(2, f"={total_cap}-{settings['agreed_capital']}", MONEY, bold=True)
    t1.formula(3, f"={total_rev}", MONEY, bold=True)
    t1.put(4, "Capital: additional requirement. Revenue: additional budget required")
    t1.row += 1
    year_rows = []
    for i, year in enumerate(scenario.spend_profile):
        row = t1.row
        letter = letters[i] if i < len(letters) else str(i + 1)
        t1.put(1, f"FY {year.year} – Additional ({letter})")
        profile_cap = _ref(TABLE2, 2, profile_rows[i])
        if i == n_years - 1:
            earlier = (f"-SUM({_local(2, year_rows[0])}:{_local(2, row - 1)})"
                       if year_rows else "")
            t1.formula(2, f"={_local(2, add_row)}{earlier}", MONEY)
        else:
            spent_before = (f"SUM({_ref(TABLE2, 2, profile_rows[0])}:"
                            f"{_ref(TABLE2, 2, profile_rows[i - 1]).split('!')[1]})"
                            if i else "0")
            t1.formula(2, f"={profile_cap}-MIN({profile_cap},"
                      f"MAX(0,{settings['agreed_capital']}-{spent_before}))", MONEY)
        t1.formula(3, f"={_ref(TABLE2, 3, profile_rows[i])}", MONEY)
        t1.put(4, "The agreed capital is spent first, in the earliest years")
        cells.refs[f"funding.additional_capital.{i}"] = _ref(TABLE1, 2, row)
        cells.refs[f"funding.additional_revenue.{i}"] = _ref(TABLE1, 3, row)
        year_rows.append(row)
        t1.row += 1
    total_row = t1.row
    t1.put(1, f"Total Budget (A+{add_label})", bold=True)
    t1.formula(2, f"={_local(2, agreed_row)}+{_local(2, add_row)}", MONEY, bold=True)
    t1.formula(3, f"={_local(3, agreed_row)}+{_local(3, add_row)}", MONEY, bold=True)
    for col in (1, 2, 3, 4):
        t1.ws.cell(total_row, col).border = _TOP
    t1.row += 1
    _finish(t1, head1, (40, 16, 18, 70))
    cells.refs.update({
        "funding.additional_capital": _ref(TABLE1, 2, add_row),
        "funding.additional_revenue": _ref(TABLE1, 3, add_row),
        "funding.total_capital": _ref(TABLE1, 2, total_row),
        "funding.total_revenue": _ref(TABLE1, 3, total_row),
    })

    # ---- Table 3 ----------------------------------------------------------------------
    t3.title(f"TABLE 3: Additional Revenue Cost Projections with known savings/revenue – "
             f"{scenario.name}")
    head3 = t3.header("", "No. of Connections", "Revenue £ a year", "Note")
    first = t3.row
    for line in scenario.lines:
        if line.revenue == 0:
            continue
        t3.put(1, line.revenue_label or line.label)
        if line.connections is not None:
            t3.formula(2, f"={_ref(INPUTS, 4, line_rows[line.key])}", COUNT)
        else:
            t3.put(2, "-")
        t3.formula(3, f"={rev(line.key)}", MONEY)
        t3.row += 1
    last = t3.row - 1
    add3 = t3.row
    t3.put(1, "Additional Revenue Costs", bold=True)
    t3.formula(3, f"=SUM({_local(3, first)}:{_local(3, last)})" if last >= first else "=0",
           MONEY, bold=True)
    t3.row += 1
    revenue_saving_cells = []
    all_saving_cells = []
    for saving in scenario.savings:
        t3.put(1, saving.label)
        if saving.amount is None:
            t3.put(3, "TBC")
        else:
            t3.formula(3, f"=-{_ref(INPUTS, 2, saving_rows[saving.key])}", MONEY)
            all_saving_cells.append(_local(3, t3.row))
            if saving.kind is SavingKind.REVENUE:
                revenue_saving_cells.append(_local(3, t3.row))
        t3.put(4, saving.basis)
        t3.row += 1
    after3 = t3.row
    t3.put(1, "Additional Revenue Costs after savings (published method)", bold=True)
    t3.formula(3, "=" + "+".join([_local(3, add3)] + all_saving_cells), MONEY, bold=True)
    t3.put(4, "Nets every saving, avoided capital included, as the council's table does")
    for col in (1, 2, 3, 4):
        t3.ws.cell(after3, col).border = _TOP
    t3.row += 2
    t3.put(1, "Like for like", bold=True)
    t3.row += 1
    lfl_rev = t3.row
    t3.put(1, "Revenue after revenue savings only")
    t3.formula(3, "=" + "+".join([_local(3, add3)] + revenue_saving_cells), MONEY)
    t3.put(4, "Avoided capital is not a revenue saving")
    t3.row += 1
    annualised = t3.row
    terms = [_rounded(f"MAX(0,{cap(line.key)})/{_ref(INPUTS, 5, line_rows[line.key])}", unit)
             for line in scenario.lines if line.replacement_cycle_years]
    t3.put(1, "Annualised equipment replacement")
    t3.formula(3, "=" + ("+".join(terms) if terms else "0"), MONEY)
    t3.put(4, "Capital of each line with a replacement cycle ÷ cycle, rounded half up")
    t3.row += 1
    lfl_cost = t3.row
    t3.put(1, "Annual cost of ownership (like for like)", bold=True)
    t3.formula(3, f"={_local(3, lfl_rev)}+{_local(3, annualised)}", MONEY, bold=True)
    t3.row += 1
    _finish(t3, head3, (60, 14, 18, 70))
    cells.refs.update({
        "after_savings.revenue_total": _ref(TABLE3, 3, add3),
        "after_savings.revenue": _ref(TABLE3, 3, after3),
        "annual.revenue_only": _ref(TABLE3, 3, lfl_rev),
        "annual.annualised_replacement": _ref(TABLE3, 3, annualised),
        "annual.annual_cost": _ref(TABLE3, 3, lfl_cost),
    })

    # ---- Whole life -------------------------------------------------------------------
    years = settings["years"]
    wl.title(f"Whole-life cost – {scenario.name}",
             "Capital in year 0, additional revenue each year, equipment replaced on its "
             "cycle, savings from their start year; discounted at the Inputs rate")
    head_wl = wl.header("Year", "Capital £", "Revenue £", "Replacement £", "Savings £",
                        "Net £", "Discount factor", "Present value £")
    cycle_lines = [line for line in scenario.lines if line.replacement_cycle_years]
    counted = [s for s in scenario.savings
               if s.amount is not None and s.kind is SavingKind.REVENUE]
    first = wl.row
    for t in range(scenario.appraisal.years + 1):
        r = wl.row
        a = _local(1, r)
        wl.put(1, t, COUNT)
        wl.formula(2, f"=IF({a}=0,{total_cap},0)", MONEY)
        wl.formula(3, f"=IF({a}>=1,{total_rev},0)", MONEY)
        repl = "+".join(
            f"IF(MOD({a},{_ref(INPUTS, 5, line_rows[line.key])})=0,MAX(0,{cap(line.key)}),0)"
            for line in cycle_lines) or "0"
        wl.formula(4, f"=IF(AND({a}>0,{a}<{years}),{repl},0)", MONEY)
        saved = "+".join(
            f"IF({a}>={_ref(INPUTS, 4, saving_rows[s.key])},"
            f"{_ref(INPUTS, 2, saving_rows[s.key])},0)"
            for s in counted) or "0"
        wl.formula(5, f"=IF({a}>=1,{saved},0)", MONEY)
        wl.formula(6, f"={_local(2, r)}+{_local(3, r)}+{_local(4, r)}-{_local(5, r)}", MONEY)
        wl.formula(7, f"=1/(1+{settings['discount']})^{a}", FACTOR)
        wl.formula(8, f"={_local(6, r)}*{_local(7, r)}", MONEY_PENCE)
        cells.refs[f"whole_life.net.{t}"] = _ref(WHOLE_LIFE, 6, r)
        wl.row += 1
    last = wl.row - 1
    tot = wl.row
    wl.put(1, "Total", bold=True)
    for col in (2, 3, 4, 5, 6):
        wl.formula(col, f"=SUM({_local(col, first)}:{_local(col, last)})", MONEY, bold=True)
    wl.formula(8, f"=SUM({_local(8, first)}:{_local(8, last)})", MONEY_PENCE, bold=True)
    for col in range(1, 9):
        wl.ws.cell(tot, col).border = _TOP
    wl.row += 1
    npv_row = wl.row
    wl.put(1, "NPV (rounded half up to £1)", bold=True)
    wl.formula(8, f"=ROUND({_local(8, tot)},0)", MONEY, bold=True)
    wl.row += 1
    _finish(wl, head_wl, (30, 15, 15, 15, 15, 15, 15, 17))
    cells.refs.update({
        "whole_life.nominal_total": _ref(WHOLE_LIFE, 6, tot),
        "whole_life.npv": _ref(WHOLE_LIFE, 8, npv_row),
    })

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), cells


def _dataclass_items(obj) -> list[tuple[str, object]]:
    """Return a dataclass's (field name, value) pairs, Decimals as they are."""
    return [(name, getattr(obj, name)) for name in obj.__dataclass_fields__]
