"""Saved scenarios: named, versioned (each save appends), audited."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from cctv_planner.api.auth import ALL_ROLES, authenticated_user, roles
from cctv_planner.api.business_case.evaluation import workbook_response
from cctv_planner.api.business_case.schemas import (
    AppraisalArgsSchema,
    ListArgsSchema,
    NewVersionSchema,
    SavedScenarioDetailSchema,
    SavedScenarioSchema,
    SaveScenarioSchema,
    VersionSchema,
    VersionSummarySchema,
    WorkbookArgsSchema,
)
from cctv_planner.api.common import apply_sort, check_if_match, etag_for, paginate
from cctv_planner.domain.business_case import result_to_json
from cctv_planner.domain.register import Role
from cctv_planner.extensions import db
from cctv_planner.models import BusinessCaseScenario
from cctv_planner.services import business_case as saved

blp = Blueprint("business-case-scenarios", __name__, url_prefix="/api/business-case/scenarios",
                description="Saved business-case scenarios. Every save appends a version; earlier "
                            "versions stay readable and re-runnable.")

# Finance owns the budget ranges; the CCTV manager prepares the case with them.
SCENARIO_EDITORS = (Role.FINANCE, Role.CCTV_MANAGER, Role.ADMIN)
SORTABLE = {"name": BusinessCaseScenario.name, "updated_at": BusinessCaseScenario.updated_at,
            "created_at": BusinessCaseScenario.created_at}
ENTITY = "business-case-scenario"


def _etag(record: BusinessCaseScenario) -> str:
    return etag_for(ENTITY, record)


def _detail(record: BusinessCaseScenario, args) -> dict:
    version = saved.get_version(db.session, record)
    result = saved.evaluate_version(version, years=args.get("years"),
                                    discount_rate=args.get("discount_rate"))
    fields = ("id", "name", "description", "latest_version", "created_by", "created_at", "updated_at",
              "version")
    return {**{name: getattr(record, name) for name in fields}, "document": version.document,
            "result": result_to_json(result), "versions": record.versions}


@blp.route("")
class Scenarios(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(ListArgsSchema, location="query")
    @blp.response(200, SavedScenarioSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=200)
    def get(self, args, pagination_parameters):
        """List saved scenarios; filter by text, sort by name or date."""
        query = apply_sort(saved.list_query(args.get("q")), args.get("sort"), SORTABLE,
                           default=(BusinessCaseScenario.name,))
        return paginate(db.session, query, pagination_parameters)

    @roles(SCENARIO_EDITORS)
    @blp.arguments(SaveScenarioSchema)
    @blp.response(201, SavedScenarioDetailSchema)
    def post(self, data):
        """Save a new scenario (version 1): a document, or a copy of a published preset range."""
        scenario = (saved.from_preset(data["preset"], data["range"], data.get("name"))
                    if "preset" in data else data["document"])
        record = saved.create_scenario(db.session, scenario, description=data.get("description", ""),
                                       note=data["note"], actor=authenticated_user().username)
        db.session.commit()
        return _detail(record, {}), 201, {"ETag": _etag(record)}


@blp.route("/<int:scenario_id>")
class ScenarioById(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(AppraisalArgsSchema, location="query")
    @blp.response(200, SavedScenarioDetailSchema)
    def get(self, args, scenario_id):
        """A saved scenario: its latest document, evaluated, and its version history."""
        record = saved.get_scenario(db.session, scenario_id)
        return _detail(record, args), 200, {"ETag": _etag(record)}

    @roles(SCENARIO_EDITORS)
    @blp.response(204)
    def delete(self, scenario_id):
        """Delete a saved scenario and all its versions (recorded in the audit trail)."""
        record = saved.get_scenario(db.session, scenario_id)
        check_if_match(ENTITY, record)
        saved.delete_scenario(db.session, record)
        db.session.commit()


@blp.route("/<int:scenario_id>/versions")
class Versions(MethodView):
    @roles(ALL_ROLES)
    @blp.response(200, VersionSummarySchema(many=True))
    def get(self, scenario_id):
        """The versions of a saved scenario, oldest first."""
        return saved.get_scenario(db.session, scenario_id).versions

    @roles(SCENARIO_EDITORS)
    @blp.arguments(NewVersionSchema)
    @blp.response(201, VersionSchema)
    def post(self, data, scenario_id):
        """Save a new version (send If-Match with the scenario's ETag so no one else's save is lost)."""
        record = saved.get_scenario(db.session, scenario_id)
        check_if_match(ENTITY, record)
        version = saved.save_version(db.session, record, data["document"],
                                     description=data.get("description"), note=data["note"],
                                     actor=authenticated_user().username)
        db.session.commit()
        body = _version_body(record, version, {})
        return body, 201, {"ETag": _etag(record)}


def _version_body(record, version, args) -> dict:
    result = saved.evaluate_version(version, years=args.get("years"),
                                    discount_rate=args.get("discount_rate"))
    return {"number": version.number, "note": version.note, "saved_at": version.saved_at,
            "saved_by": version.saved_by, "document": version.document,
            "result": result_to_json(result),
            "changes": saved.changes_from_previous(db.session, record, version)}


@blp.route("/<int:scenario_id>/versions/<int:number>")
class VersionByNumber(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(AppraisalArgsSchema, location="query")
    @blp.response(200, VersionSchema)
    def get(self, args, scenario_id, number):
        """One version: its document, its results and what changed from the version before."""
        record = saved.get_scenario(db.session, scenario_id)
        return _version_body(record, saved.get_version(db.session, record, number), args)


@blp.route("/<int:scenario_id>/workbook")
class ScenarioWorkbook(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(WorkbookArgsSchema, location="query")
    @blp.response(200, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    def get(self, args, scenario_id):
        """Download a saved scenario (latest or ?version=N) as the live-formula workbook."""
        record = saved.get_scenario(db.session, scenario_id)
        version = saved.get_version(db.session, record, args.get("version"))
        result = saved.evaluate_version(version, years=args.get("years"),
                                        discount_rate=args.get("discount_rate"))
        return workbook_response(result, f"{record.name}-v{version.number}")
