"""Faults: log, edit, move through the workflow, and keep a dated notes log."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask.views import MethodView
from flask_smorest import Blueprint

from cctv_planner.api.auth import ALL_ROLES, roles
from cctv_planner.api.common import apply_sort, check_if_match, paginate, with_etag
from cctv_planner.api.operations import FAULT_EDITORS
from cctv_planner.api.operations.schemas import (
    FaultNoteSchema,
    FaultQueryArgsSchema,
    FaultSchema,
    FaultUpdateSchema,
    TransitionSchema,
)
from cctv_planner.domain.availability import day_start
from cctv_planner.domain.faults import ACTIVE_STATUSES
from cctv_planner.extensions import db
from cctv_planner.models import Camera, Fault, Site, Ward
from cctv_planner.services import faults
from cctv_planner.services.register import get_or_404, normalise_asset_number

blp = Blueprint("faults", __name__, url_prefix="/api/faults",
                description="Faults on cameras: the workflow open -> assigned -> awaiting parts -> resolved "
                            "-> closed (or cancelled), and each fault's notes.")

SORTABLE = {"reported_at": Fault.reported_at, "detected_at": Fault.detected_at, "severity": Fault.severity,
            "status": Fault.status, "asset_number": Camera.asset_number}


def fault_query(args):
    query = sa.select(Fault).join(Camera, Fault.camera_id == Camera.id)
    if args.get("camera_id") is not None:
        query = query.where(Fault.camera_id == args["camera_id"])
    if args.get("asset_number"):
        query = query.where(Camera.asset_number == normalise_asset_number(args["asset_number"]))
    for key, column in (("status", Fault.status), ("severity", Fault.severity), ("category", Fault.category),
                        ("contractor_id", Fault.contractor_id)):
        if args.get(key) is not None:
            query = query.where(column == args[key])
    if args.get("open") is True:
        query = query.where(Fault.status.in_([s.value for s in ACTIVE_STATUSES]))
    elif args.get("open") is False:
        query = query.where(Fault.status.not_in([s.value for s in ACTIVE_STATUSES]))
    if args.get("ward"):
        query = (query.join(Site, Camera.site_id == Site.id).join(Ward, Site.ward_id == Ward.id)
                 .where(Ward.code == args["ward"]))
    if args.get("reported_from"):
        query = query.where(Fault.reported_at >= day_start(args["reported_from"]))
    if args.get("reported_to"):
        query = query.where(Fault.reported_at < day_start(args["reported_to"]) + dt.timedelta(days=1))
    return apply_sort(query, args.get("sort"), SORTABLE, default=(Fault.reported_at.desc(), Fault.id.desc()))


@blp.route("")
class Faults(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(FaultQueryArgsSchema, location="query")
    @blp.response(200, FaultSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=500)
    def get(self, args, pagination_parameters):
        """List faults, newest report first: filter by camera, status, live or not, severity, category,
        contractor, ward or report dates."""
        return paginate(db.session, fault_query(args), pagination_parameters)

    @roles(FAULT_EDITORS)
    @blp.arguments(FaultSchema)
    @blp.response(201, FaultSchema)
    def post(self, data):
        """Log a fault. An out-of-service fault makes its camera defective."""
        fault = faults.create_fault(db.session, data)
        db.session.commit()
        return with_etag("fault", fault, 201)


@blp.route("/<int:fault_id>")
class FaultById(MethodView):
    @roles(ALL_ROLES)
    @blp.response(200, FaultSchema)
    def get(self, fault_id):
        """Get a fault with its notes."""
        return with_etag("fault", get_or_404(db.session, Fault, fault_id, "fault"))

    @roles(FAULT_EDITORS)
    @blp.arguments(FaultUpdateSchema(partial=True))
    @blp.response(200, FaultSchema)
    def patch(self, data, fault_id):
        """Correct a fault's facts (send If-Match). The status changes only by POST .../transitions."""
        fault = get_or_404(db.session, Fault, fault_id, "fault")
        check_if_match("fault", fault)
        faults.update_fault(db.session, fault, data)
        db.session.commit()
        return with_etag("fault", fault)

    @roles(FAULT_EDITORS)
    @blp.response(204)
    def delete(self, fault_id):
        """Delete a fault logged by mistake (cancel a real one instead)."""
        fault = get_or_404(db.session, Fault, fault_id, "fault")
        check_if_match("fault", fault)
        faults.delete_fault(db.session, fault)
        db.session.commit()


@blp.route("/<int:fault_id>/transitions")
class FaultTransitions(MethodView):
    @roles(FAULT_EDITORS)
    @blp.arguments(TransitionSchema)
    @blp.response(200, FaultSchema)
    def post(self, data, fault_id):
        """Move the fault to another status. Allowed: open -> assigned, resolved, cancelled;
        assigned -> open, awaiting_parts, resolved, cancelled; awaiting_parts -> assigned, resolved,
        cancelled; resolved -> open (reopen), closed. Anything else is 409 and names what is allowed.
        Resolving needs a resolution. The camera becomes operational when its last live outage ends."""
        fault = get_or_404(db.session, Fault, fault_id, "fault")
        check_if_match("fault", fault)
        faults.transition(db.session, fault, data.pop("status"), **data)
        db.session.commit()
        return with_etag("fault", fault)


@blp.route("/<int:fault_id>/notes")
class FaultNotes(MethodView):
    @roles(ALL_ROLES)
    @blp.response(200, FaultNoteSchema(many=True))
    def get(self, fault_id):
        """The fault's notes log, oldest first."""
        return get_or_404(db.session, Fault, fault_id, "fault").notes

    @roles(FAULT_EDITORS)
    @blp.arguments(FaultNoteSchema)
    @blp.response(201, FaultNoteSchema)
    def post(self, data, fault_id):
        """Add a dated note, signed by the caller."""
        fault = get_or_404(db.session, Fault, fault_id, "fault")
        note = faults.add_note(db.session, fault, data["text"])
        db.session.commit()
        return note
