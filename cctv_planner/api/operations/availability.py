"""Availability of the fixed estate, and the CCTV manager's dashboard."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from cctv_planner.api.auth import ALL_ROLES, roles
from cctv_planner.api.operations import fault_targets
from cctv_planner.api.operations.schemas import AvailabilityArgsSchema, AvailabilitySchema, DashboardSchema
from cctv_planner.extensions import db
from cctv_planner.models.base import utcnow
from cctv_planner.services import availability, dashboard

blp = Blueprint("availability", __name__, url_prefix="/api/availability",
                description="Availability, MTTR, MTBF and the operational-of-total series, from fault history.")
dashboard_blp = Blueprint("dashboard", __name__, url_prefix="/api/dashboard",
                          description="The CCTV manager's view in one call.")


@blp.route("")
class Availability(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(AvailabilityArgsSchema, location="query")
    @blp.response(200, AvailabilitySchema)
    def get(self, args):
        """Availability of the fixed estate for London days from..to: estate, by ward, by contractor,
        per camera, and the operational-of-total series (daily, or at the end of each week)."""
        return availability.report(db.session, args["from_"], args["to"],
                                   step_days=7 if args["step"] == "week" else 1,
                                   targets=fault_targets(), per_camera=args["cameras"])


@dashboard_blp.route("")
class Dashboard(MethodView):
    @roles(ALL_ROLES)
    @dashboard_blp.response(200, DashboardSchema)
    def get(self):
        """Fixed cameras operational of total, open faults by severity and age, faults past target,
        incidents this month versus last, and (from the reviews area) reviews overdue and due soon."""
        return dashboard.dashboard(db.session, utcnow(), fault_targets(),
                                   current_app.config["CCTV_REVIEW_INTERVAL_MONTHS"])
