"""Control-room incidents and the board's statistics."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask.views import MethodView
from flask_smorest import Blueprint

from cctv_planner.api.auth import ALL_ROLES, roles
from cctv_planner.api.common import check_if_match, paginate, with_etag
from cctv_planner.api.operations import INCIDENT_EDITORS, INCIDENT_READERS
from cctv_planner.api.operations.schemas import (
    IncidentQueryArgsSchema,
    IncidentSchema,
    IncidentStatsSchema,
    PeriodArgsSchema,
)
from cctv_planner.domain.availability import day_start
from cctv_planner.extensions import db
from cctv_planner.models import Incident, incident_cameras
from cctv_planner.services import incidents
from cctv_planner.services.register import get_or_404

blp = Blueprint("incidents", __name__, url_prefix="/api/incidents",
                description="Incidents the control room captures, and the board's statistics.")


@blp.route("")
class Incidents(MethodView):
    @roles(INCIDENT_READERS)
    @blp.arguments(IncidentQueryArgsSchema, location="query")
    @blp.response(200, IncidentSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=500)
    def get(self, args, pagination_parameters):
        """List incidents, newest first: filter by London days from/to, type, origin, camera, arrest."""
        query = sa.select(Incident).order_by(Incident.occurred_at.desc(), Incident.id.desc())
        if args.get("from_"):
            query = query.where(Incident.occurred_at >= day_start(args["from_"]))
        if args.get("to"):
            query = query.where(Incident.occurred_at < day_start(args["to"] + dt.timedelta(days=1)))
        if args.get("type") is not None:
            query = query.where(Incident.incident_type == args["type"])
        if args.get("origin") is not None:
            query = query.where(Incident.origin == args["origin"])
        if args.get("arrest_made") is not None:
            query = query.where(Incident.arrest_made.is_(args["arrest_made"]))
        if args.get("camera_id") is not None:
            query = query.where(Incident.id.in_(sa.select(incident_cameras.c.incident_id)
                                                .where(incident_cameras.c.camera_id == args["camera_id"])))
        return paginate(db.session, query, pagination_parameters)

    @roles(INCIDENT_EDITORS)
    @blp.arguments(IncidentSchema)
    @blp.response(201, IncidentSchema)
    def post(self, data):
        """Record an incident seen on one or more cameras."""
        incident = incidents.create_incident(db.session, data)
        db.session.commit()
        return with_etag("incident", incident, 201)


@blp.route("/stats")
class IncidentStats(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(PeriodArgsSchema, location="query")
    @blp.response(200, IncidentStatsSchema)
    def get(self, args):
        """The board's figures for London days from..to: count, share by type (whole per cent as
        published), count by hour of day, proactive share, arrests."""
        result = incidents.stats(db.session, args["from_"], args["to"])
        return incidents.stats_dict(result, args["from_"], args["to"])


@blp.route("/<int:incident_id>")
class IncidentById(MethodView):
    @roles(INCIDENT_READERS)
    @blp.response(200, IncidentSchema)
    def get(self, incident_id):
        """Get an incident."""
        return with_etag("incident", get_or_404(db.session, Incident, incident_id, "incident"))

    @roles(INCIDENT_EDITORS)
    @blp.arguments(IncidentSchema(partial=True))
    @blp.response(200, IncidentSchema)
    def patch(self, data, incident_id):
        """Change an incident (send If-Match), e.g. add the police reference or an arrest."""
        incident = get_or_404(db.session, Incident, incident_id, "incident")
        check_if_match("incident", incident)
        incidents.update_incident(db.session, incident, data)
        db.session.commit()
        return with_etag("incident", incident)

    @roles(INCIDENT_EDITORS)
    @blp.response(204)
    def delete(self, incident_id):
        """Delete an incident recorded by mistake."""
        incident = get_or_404(db.session, Incident, incident_id, "incident")
        check_if_match("incident", incident)
        incidents.delete_incident(db.session, incident)
        db.session.commit()
