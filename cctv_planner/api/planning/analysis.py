"""Site scores and plans, heat map, coverage and hot spots."""

from __future__ import annotations

import io

import shapely
from flask import Response, current_app, json
from flask.views import MethodView
from flask_smorest import Blueprint

from cctv_planner.api.auth import roles
from cctv_planner.api.planning import PLANNING_READERS
from cctv_planner.api.planning.schemas import (
    CoverageResultSchema,
    HeatmapArgsSchema,
    HotspotArgsSchema,
    HotspotResultSchema,
    PlanQuestionSchema,
    PlanResultSchema,
    ScoreQuestionSchema,
    ScoreResultSchema,
)
from cctv_planner.domain.planning import CandidateSites, CrimeWeights, read_candidates
from cctv_planner.domain.planning.costs import default_unit_costs
from cctv_planner.domain.planning.reports import (
    coverage_summary,
    heatmap_geojson,
    hotspot_report,
    plan_report,
    score_report,
)
from cctv_planner.extensions import db
from cctv_planner.services import crimes as crime_service
from cctv_planner.services import planning

blp = Blueprint("planning", __name__, url_prefix="/api/planning",
                description="Evidence for new camera sites: scores, plans, heat map, coverage, hot spots.")


def _weights(args) -> CrimeWeights:
    options = {"start_month": args.get("since"), "end_month": args.get("until"),
               "half_life_months": args.get("half_life_months")}
    choice = args.get("weights", "default")
    if choice == "uniform":
        return CrimeWeights.uniform(**options)
    if isinstance(choice, dict):
        table = dict(choice)
        unknown = table.pop("*", 1.0)
        return CrimeWeights(by_type=table, unknown=unknown, name="custom", **options)
    return CrimeWeights.default(**options)


def _crimes(args):
    weights = _weights(args)
    return crime_service.crime_points(db.session, weights=weights), weights


def _views(args):
    return planning.operational_views(db.session) if args.get("existing", True) else []


def _borough():
    areas = planning.ward_areas(db.session)
    return shapely.union_all([a.geometry for a in areas]) if areas else None


def _candidates(args) -> CandidateSites:
    if args.get("source") == "lightposts":
        path = planning.lightposts_path(current_app.config.get("CCTV_LIGHTPOSTS_PATH"))
        return planning.load_candidates(path)
    if args.get("source") == planning.REQUEST_SOURCE:
        return planning.request_candidates(db.session)
    if args.get("candidates_csv"):
        stream = io.BytesIO(args["candidates_csv"].encode("utf-8"))
        stream.name = "candidates_csv"
        return read_candidates(stream)
    return planning.candidates_from_rows(args["candidates"])


@blp.route("/score")
class Score(MethodView):
    @roles(PLANNING_READERS)
    @blp.arguments(ScoreQuestionSchema)
    @blp.response(200, ScoreResultSchema)
    def post(self, args):
        """Score candidate sites: weighted crime within the radius no camera covers, density, types.

        Highest score first. Crimes come from the database, weighted by ``weights``
        within ``since``..``until`` and the optional half-life.
        """
        crimes, weights = _crimes(args)
        return score_report(crimes, _candidates(args), weights=weights, views=_views(args),
                            radius_m=args["radius_m"], bandwidth_m=args["bandwidth_m"],
                            limit=args.get("limit"))


@blp.route("/plan")
class Plan(MethodView):
    @roles(PLANNING_READERS)
    @blp.arguments(PlanQuestionSchema)
    @blp.response(200, PlanResultSchema)
    def post(self, args):
        """Choose new sites to maximise newly covered weighted crime under a count and/or budget.

        Candidates without a cost are priced from the business case's unit rates for
        ``transmission``. The answer gives the sites in pick order, coverage before and
        after, money spent and an upper bound on the optimum.
        """
        crimes, weights = _crimes(args)
        return plan_report(crimes, _candidates(args), weights=weights, views=_views(args),
                           radius_m=args["radius_m"], count=args.get("count"), budget=args.get("budget"),
                           unit_costs=default_unit_costs(), transmission=args["transmission"],
                           exact_time_limit_s=args["exact_time_limit_s"] or None)


@blp.route("/heatmap")
class Heatmap(MethodView):
    @roles(PLANNING_READERS)
    @blp.arguments(HeatmapArgsSchema, location="query")
    @blp.response(200, content_type="application/geo+json")
    def get(self, args):
        """Quartic kernel density (weighted crimes per km²) per grid cell over the borough, as GeoJSON."""
        crimes, _weights = _crimes(args)
        collection = heatmap_geojson(crimes, bandwidth_m=args["bandwidth_m"], cell_m=args["cell_m"],
                                     borough=_borough(), wgs84=not args["bng"])
        return Response(json.dumps(collection), mimetype="application/geo+json")


@blp.route("/coverage")
class Coverage(MethodView):
    @roles(PLANNING_READERS)
    @blp.arguments(HotspotArgsSchema, location="query")
    @blp.response(200, CoverageResultSchema)
    def get(self, args):
        """Share of weighted crime inside operational cameras' views: borough, per ward, hot spots."""
        crimes, weights = _crimes(args)
        return coverage_summary(crimes, weights=weights, views=_views(args),
                                areas=planning.ward_areas(db.session), cell_m=args["cell_m"])


@blp.route("/hotspots")
class Hotspots(MethodView):
    @roles(PLANNING_READERS)
    @blp.arguments(HotspotArgsSchema, location="query")
    @blp.response(200, HotspotResultSchema)
    def get(self, args):
        """Getis-Ord Gi* hot-spot cells (FDR-corrected), strongest first, with camera coverage."""
        crimes, _weights = _crimes(args)
        return hotspot_report(crimes, views=_views(args), cell_m=args["cell_m"], borough=_borough())


