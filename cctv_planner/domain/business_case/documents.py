"""Plain-dict forms of scenarios and results (JSON-ready; no schema library).

``scenario_to_document`` writes the scenario document the marshmallow schema
(``cctv_planner.schemas.business_case``) reads back; ``result_to_json`` writes
the ``--json`` / API result. Money is whole pounds (int); rates and shares are
decimal strings, so no binary float ever carries money or a rate.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from cctv_planner.domain.business_case.model import BusinessCaseResult, SweepRow, compare
from cctv_planner.domain.business_case.scenario import Drivers, Line, Saving, Scenario


def _dec(value: Decimal) -> str:
    return str(value)


def _line_doc(line: Line) -> dict[str, Any]:
    doc: dict[str, Any] = {"key": line.key, "label": line.label, "capital": line.capital,
                           "revenue": line.revenue, "basis": line.basis}
    for name in ("connections", "revenue_label", "replacement_cycle_years"):
        value = getattr(line, name)
        if value is not None:
            doc[name] = value
    return doc


def _saving_doc(saving: Saving) -> dict[str, Any]:
    return {"key": saving.key, "label": saving.label, "amount": saving.amount,
            "basis": saving.basis, "kind": str(saving.kind), "start_year": saving.start_year}


def _drivers_doc(drivers: Drivers) -> dict[str, Any]:
    return {f.name: (_dec(v) if isinstance(v := getattr(drivers, f.name), Decimal) else v)
            for f in dataclasses.fields(drivers)}


def scenario_to_document(scenario: Scenario) -> dict[str, Any]:
    """Return the scenario document (the shape of the issue's JSON example).

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    dict
        Keys ``name``, ``description``, ``contingency_rate`` (string),
        ``rounding``, ``baseline``, ``spend_profile``, ``lines``, ``savings``,
        ``drivers`` (omitted when None) and ``appraisal``. Optional line fields
        that are None are omitted; a TBC saving has ``amount: null``.
    """
    base = scenario.baseline
    baseline: dict[str, Any] = {"capital": base.capital, "revenue": base.revenue}
    if base.prior_revenue is not None:
        baseline["prior_revenue"] = base.prior_revenue
    if base.capital_sources:
        baseline["capital_sources"] = [{"label": s.label, "amount": s.amount}
                                       for s in base.capital_sources]
    doc: dict[str, Any] = {
        "name": scenario.name,
        "description": scenario.description,
        "contingency_rate": _dec(scenario.contingency_rate),
        "rounding": str(scenario.rounding),
        "baseline": baseline,
        "spend_profile": [{"year": y.year, "share": _dec(y.share)}
                          for y in scenario.spend_profile],
        "lines": [_line_doc(line) for line in scenario.lines],
        "savings": [_saving_doc(s) for s in scenario.savings],
    }
    if scenario.drivers is not None:
        doc["drivers"] = _drivers_doc(scenario.drivers)
    doc["appraisal"] = {"years": scenario.appraisal.years,
                        "discount_rate": _dec(scenario.appraisal.discount_rate)}
    return doc


def result_to_json(result: BusinessCaseResult) -> dict[str, Any]:
    """Return the JSON form of a result, every amount in whole pounds.

    Parameters
    ----------
    result : BusinessCaseResult

    Returns
    -------
    dict
        ``name``, ``lines``, ``gross_capital``, ``offsets``, ``subtotal``,
        ``contingency_rate``, ``contingency``, ``capital_total``,
        ``revenue_total``, ``spend_profile``, ``funding``, ``after_savings``,
        ``whole_life``, ``consistency``. Present values and discount factors
        are decimal strings; the NPV is rounded half up to £1.
    """
    f = result.funding
    life = result.whole_life
    annual = result.after_savings.annual
    return {
        "name": result.scenario.name,
        "rounding": str(result.scenario.rounding),
        "lines": [_line_doc(line) for line in result.lines],
        "gross_capital": result.gross_capital,
        "offsets": result.offsets,
        "subtotal": result.subtotal,
        "contingency_rate": _dec(result.contingency.rate),
        "contingency": result.contingency.amount,
        "capital_total": result.capital_total,
        "revenue_total": result.revenue_total,
        "spend_profile": [{"year": p.year, "share": _dec(p.share), "capital": p.capital,
                           "revenue": p.revenue, "method": p.method}
                          for p in result.spend_profile],
        "funding": {
            "prior_capital": f.prior_capital,
            "prior_revenue": f.prior_revenue,
            "agreed_capital": f.agreed_capital,
            "agreed_revenue": f.agreed_revenue,
            "budget_increase": f.budget_increase,
            "additional_capital": f.additional_capital,
            "additional_revenue": f.additional_revenue,
            "additional_by_year": [{"year": y.year, "capital": y.capital, "revenue": y.revenue}
                                   for y in f.additional_by_year],
            "total_capital": f.total_capital,
            "total_revenue": f.total_revenue,
        },
        "after_savings": {
            "revenue_total": result.after_savings.revenue_total,
            "savings": [_saving_doc(s) for s in result.after_savings.savings],
            "savings_total": result.after_savings.savings_total,
            "revenue": result.after_savings.revenue,
            "like_for_like": {
                "revenue_after_revenue_savings": annual.revenue_only,
                "annualised_replacement": annual.annualised_replacement,
                "annual_cost": annual.annual_cost,
            },
        },
        "whole_life": {
            "years": life.years,
            "discount_rate": _dec(life.discount_rate),
            "nominal_total": life.nominal_total,
            "npv": life.npv,
            "rows": [{"year": r.year, "capital": r.capital, "revenue": r.revenue,
                      "replacement": r.replacement, "savings": r.savings, "net": r.net,
                      "discount_factor": _dec(r.discount_factor.quantize(Decimal("1e-12"))),
                      "present_value": _dec(r.present_value.quantize(Decimal("0.01")))}
                     for r in life.rows],
        },
        "consistency": [
            {"subject": c.subject, "field": c.field, "label": c.label, "amount": c.amount,
             "count": c.count, "count_source": c.count_source, "rate_name": c.rate_name,
             "rate": _dec(c.rate), "expected": c.expected, "implied_rate": c.implied_rate,
             "implied_count": None if c.implied_count is None else _dec(c.implied_count),
             "consistent": c.consistent, "message": c.message}
            for c in result.consistency],
    }


def comparison_to_json(results: Mapping[str, BusinessCaseResult]) -> dict[str, Any]:
    """Return ``{"ranges": [...], "rows": [{"key", "label", "values": {range: pounds}}]}``."""
    names = list(results)
    return {"ranges": names,
            "rows": [{"key": row.key, "label": row.label, "values": dict(zip(names, row.values, strict=False))}
                     for row in compare(results)]}


def sweep_to_json(rows: tuple[SweepRow, ...]) -> list[dict[str, Any]]:
    """Return the fibre sweep as a list of dicts (share as a decimal string, pounds as int)."""
    return [{"fibre_share": _dec(r.fibre_share), "fibre_sites": r.fibre_sites,
             "wireless_sites": r.wireless_sites, "capital_total": r.capital_total,
             "revenue_first_year": r.revenue_first_year,
             "whole_life_nominal": r.whole_life_nominal, "npv": r.npv} for r in rows]


def _list_identity(items: list[Any]) -> str | None:
    """The field that names each item of a list of records, if there is one."""
    for name in ("key", "year", "label"):
        if items and all(isinstance(i, Mapping) and name in i for i in items):
            return name
    return None


def document_changes(old: Any, new: Any, path: str = "") -> list[dict[str, Any]]:
    """What changed between two scenario documents, field by field.

    Lines and savings are matched by ``key`` and profile years by ``year``, so
    reordering is not a change and an inserted line reads as one addition.

    Returns
    -------
    list of dict
        ``{"field", "old", "new"}``, ``old``/``new`` None for an added/removed item.

    Examples
    --------
    >>> document_changes({"contingency_rate": "0.10", "lines": [{"key": "a", "capital": 5}]},
    ...                  {"contingency_rate": "0.12", "lines": [{"key": "a", "capital": 7}]})
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'field': 'contingency_rate', 'old': '0.10', 'new': '0.12'},
     {'field': 'lines[a].capital', 'old': 5, 'new': 7}]
    """
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        out: list[dict[str, Any]] = []
        for name in list(old) + [k for k in new if k not in old]:
            where = f"{path}.{name}" if path else str(name)
            out.extend(document_changes(old.get(name), new.get(name), where))
        return out
    if isinstance(old, list) and isinstance(new, list):
        ident = _list_identity(old + new)
        if ident is None:
            if old == new:
                return []
            return [{"field": path, "old": old, "new": new}]
        before = {item[ident]: item for item in old}
        after = {item[ident]: item for item in new}
        out = []
        for name in list(before) + [k for k in after if k not in before]:
            out.extend(document_changes(before.get(name), after.get(name), f"{path}[{name}]"))
        return out
    if old == new:
        return []
    return [{"field": path, "old": old, "new": new}]
