"""Published presets and the evaluation of any scenario (nothing is stored)."""

from __future__ import annotations

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from cctv_planner.api.auth import ALL_ROLES, roles
from cctv_planner.api.business_case.schemas import (
    AppraisalArgsSchema,
    ComparisonSchema,
    EvaluateArgsSchema,
    EvaluationSchema,
    PresetSchema,
)
from cctv_planner.domain.business_case import (
    BusinessCaseResult,
    Scenario,
    comparison_to_json,
    evaluate,
    preset,
    preset_names,
    preset_ranges,
    result_to_json,
    scenario_to_document,
    sweep_fibre,
    sweep_to_json,
)
from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.exports.business_case import business_case_workbook
from cctv_planner.schemas.business_case import ScenarioSchema

blp = Blueprint("business-case", __name__, url_prefix="/api/business-case",
                description="The business case: Range A/B as published (Tables 1-3), any scenario, "
                            "whole-life cost and the consistency report. Amounts are whole pounds.")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def evaluation(scenario: Scenario, args) -> dict:
    """The API's evaluation body: the canonical scenario, its result and an optional sweep."""
    result = evaluate(scenario, years=args.get("years"), discount_rate=args.get("discount_rate"))
    body = {"scenario": scenario_to_document(scenario), "result": result_to_json(result)}
    if args.get("sweep_fibre"):
        if scenario.drivers is None:
            raise ValidationFailed("sweep_fibre needs a scenario with drivers (the sweep varies their fibre shares)",
                                   field="sweep_fibre")
        body["sweep_fibre"] = sweep_to_json(sweep_fibre(scenario, years=args.get("years"),
                                                        discount_rate=args.get("discount_rate")))
    return body


def workbook_response(result: BusinessCaseResult, stem: str) -> Response:
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in stem).strip("-") or "business-case"
    return Response(business_case_workbook(result), mimetype=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{safe}.xlsx"'})


@blp.route("/presets")
class Presets(MethodView):
    @roles(ALL_ROLES)
    @blp.response(200, PresetSchema(many=True))
    def get(self):
        """The published presets and their ranges."""
        return [{"name": name, "ranges": list(preset_ranges(name)),
                 "titles": {r: preset(name, r).description for r in preset_ranges(name)}}
                for name in preset_names()]


@blp.route("/presets/<name>")
class PresetComparison(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(AppraisalArgsSchema, location="query")
    @blp.response(200, ComparisonSchema)
    def get(self, args, name):
        """Every range of a preset evaluated, side by side, with the A-versus-B comparison."""
        results = {f"Range {r}": evaluate(preset(name, r), years=args.get("years"),
                                          discount_rate=args.get("discount_rate"))
                   for r in preset_ranges(name)}
        return {"ranges": {k: result_to_json(v) for k, v in results.items()},
                "comparison": comparison_to_json(results)}


@blp.route("/presets/<name>/<range_>")
class PresetRange(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(EvaluateArgsSchema, location="query")
    @blp.response(200, EvaluationSchema)
    def get(self, args, name, range_):
        """One published range: its scenario document (ready to edit and POST) and results."""
        return evaluation(preset(name, range_), args)


@blp.route("/presets/<name>/<range_>/workbook")
class PresetWorkbook(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(AppraisalArgsSchema, location="query")
    @blp.response(200, content_type=XLSX)
    def get(self, args, name, range_):
        """Download the range as an .xlsx workbook whose derived cells are live formulas."""
        result = evaluate(preset(name, range_), years=args.get("years"),
                          discount_rate=args.get("discount_rate"))
        return workbook_response(result, f"{name}-range-{range_.upper()}")


@blp.route("/evaluate")
class Evaluate(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(EvaluateArgsSchema, location="query")
    @blp.arguments(ScenarioSchema)
    @blp.response(200, EvaluationSchema)
    def post(self, args, scenario):
        """Evaluate a scenario document; nothing is stored. A bad document gets 422 naming the field."""
        return evaluation(scenario, args)


@blp.route("/evaluate/workbook")
class EvaluateWorkbook(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(AppraisalArgsSchema, location="query")
    @blp.arguments(ScenarioSchema)
    @blp.response(200, content_type=XLSX)
    def post(self, args, scenario):
        """Evaluate a scenario document and download it as an .xlsx workbook (nothing is stored)."""
        result = evaluate(scenario, years=args.get("years"), discount_rate=args.get("discount_rate"))
        return workbook_response(result, scenario.name)
