"""Operational reviews / DPIAs: draft, sign, correct, export, and the due-date reports."""

from __future__ import annotations

import datetime as dt
import json

from flask import Response, current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from cctv_planner.api.auth import ALL_ROLES, authenticated_user, roles
from cctv_planner.api.common import check_if_match, paginate, with_etag
from cctv_planner.api.operations import INCIDENT_READERS
from cctv_planner.api.reviews.schemas import (
    ActionDoneSchema,
    ActionSchema,
    AsOfArgsSchema,
    DecisionOutstandingSchema,
    DueArgsSchema,
    ExportArgsSchema,
    MitigationOutstandingSchema,
    ReviewCreateSchema,
    ReviewDueSchema,
    ReviewEvidenceSchema,
    ReviewQueryArgsSchema,
    ReviewSchema,
)
from cctv_planner.domain.register import Role
from cctv_planner.domain.reviews import SignOff
from cctv_planner.exports.reviews import review_workbook
from cctv_planner.extensions import db
from cctv_planner.services import reviews

blp = Blueprint("reviews", __name__, url_prefix="/api/reviews",
                description="Operational reviews and DPIAs of cameras (the SCC/ICO template), "
                            "signed by the CCTV SPOC and the DPO.")

# Everyone reads signed reviews (drafts only the SPOC, DPO and admin); the CCTV
# manager drafts and corrects them.
READERS = ALL_ROLES
WRITERS = (Role.CCTV_MANAGER,)


def _interval() -> int:
    return int(current_app.config["CCTV_REVIEW_INTERVAL_MONTHS"])


def _review(review_id: int):
    return reviews.get_review(db.session, review_id, user=authenticated_user())


@blp.route("")
class Reviews(MethodView):
    @roles(READERS)
    @blp.arguments(ReviewQueryArgsSchema, location="query")
    @blp.response(200, ReviewSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=500)
    def get(self, args, pagination_parameters):
        """List reviews, newest first: filter by camera, ward, decision or state (drafts: SPOC, DPO, admin)."""
        query = reviews.review_query(args, user=authenticated_user())
        return paginate(db.session, query, pagination_parameters)

    @roles(WRITERS)
    @blp.arguments(ReviewCreateSchema)
    @blp.response(201, ReviewSchema)
    def post(self, data):
        """Start a draft review of a camera, pre-filled from the register and the template's standard text."""
        review = reviews.create_draft(db.session, data, dt.date.today())
        db.session.commit()
        return with_etag("review", review, 201)


@blp.route("/<int:review_id>")
class ReviewById(MethodView):
    @roles(READERS)
    @blp.response(200, ReviewSchema)
    def get(self, review_id):
        """Get a review (a draft only for the SPOC, DPO and admin)."""
        return with_etag("review", _review(review_id))

    @roles(WRITERS)
    @blp.arguments(ReviewSchema(partial=True))
    @blp.response(200, ReviewSchema)
    def patch(self, data, review_id):
        """Change a draft (If-Match). A signed review cannot change (409); editing withdraws sign-offs."""
        review = _review(review_id)
        check_if_match("review", review)
        reviews.update_draft(db.session, review, data, dt.date.today())
        db.session.commit()
        return with_etag("review", review)

    @roles(WRITERS)
    @blp.response(204)
    def delete(self, review_id):
        """Delete a draft started by mistake (a signed review stays: 409)."""
        review = _review(review_id)
        check_if_match("review", review)
        reviews.delete_draft(db.session, review)
        db.session.commit()


def _sign(review_id: int, capacity: SignOff):
    review = _review(review_id)
    check_if_match("review", review)
    reviews.sign(db.session, review, capacity, authenticated_user(), dt.date.today())
    db.session.commit()
    return with_etag("review", review)


@blp.route("/<int:review_id>/sign-spoc")
class SignAsSpoc(MethodView):
    @roles(Role.CCTV_MANAGER)
    @blp.response(200, ReviewSchema)
    def post(self, review_id):
        """Sign as the CCTV single point of contact (422 names what is missing; 409 if signed)."""
        return _sign(review_id, SignOff.SPOC)


@blp.route("/<int:review_id>/sign-dpo")
class SignAsDpo(MethodView):
    @roles(Role.DPO)
    @blp.response(200, ReviewSchema)
    def post(self, review_id):
        """Sign as the data protection officer; a different person from the SPOC who signed."""
        return _sign(review_id, SignOff.DPO)


@blp.route("/<int:review_id>/supersede")
class Supersede(MethodView):
    @roles(WRITERS)
    @blp.response(201, ReviewSchema)
    def post(self, review_id):
        """Correct a signed review: a new draft copying it, which supersedes it once signed."""
        review = _review(review_id)
        correction = reviews.supersede(db.session, review)
        db.session.commit()
        return with_etag("review", correction, 201)


@blp.route("/<int:review_id>/actions/<int:number>")
class ActionDone(MethodView):
    @roles(WRITERS)
    @blp.arguments(ActionDoneSchema)
    @blp.response(200, ActionSchema)
    def patch(self, data, review_id, number):
        """Record when an action of a signed review was carried out (the review itself stays unchanged)."""
        review = _review(review_id)
        action = reviews.record_action_done(db.session, review, number, data["done_on"], data.get("note", ""),
                                            dt.date.today())
        db.session.commit()
        return action


@blp.route("/<int:review_id>/evidence")
class Evidence(MethodView):
    @roles(INCIDENT_READERS)
    @blp.response(200, ReviewEvidenceSchema)
    def get(self, review_id):
        """The camera's faults and control-room incidents in the 12 months before the review date.

        Incident records carry notes about people, so this is for the roles that may read
        incidents; the review's export carries the counts only.
        """
        return reviews.review_evidence(db.session, _review(review_id), dt.date.today())


@blp.route("/<int:review_id>/export")
class Export(MethodView):
    @roles(READERS)
    @blp.arguments(ExportArgsSchema, location="query")
    @blp.response(200, content_type="application/octet-stream")
    def get(self, args, review_id):
        """Download a review laid out like the council's template: xlsx (printable) or JSON."""
        review = _review(review_id)
        document = reviews.review_document(review)
        document["evidence"] = reviews.review_evidence(db.session, review, dt.date.today())["summary"]
        stem = f"review-{review.camera.asset_number}-{review.review_date or 'draft'}-{review.id}"
        if args["format"] == "json":
            return Response(json.dumps(document, indent=2, ensure_ascii=False), mimetype="application/json",
                            headers={"Content-Disposition": f'attachment; filename="{stem}.json"'})
        return Response(review_workbook(document),
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{stem}.xlsx"'})


@blp.route("/reports/due")
class DueReport(MethodView):
    @roles(READERS)
    @blp.arguments(DueArgsSchema, location="query")
    @blp.response(200, ReviewDueSchema(many=True))
    def get(self, args):
        """Cameras whose review falls due in the next N days (not yet overdue), soonest first."""
        return reviews.due_report(db.session, args.get("as_of") or dt.date.today(), args["days"], _interval())


@blp.route("/reports/overdue")
class OverdueReport(MethodView):
    @roles(READERS)
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, ReviewDueSchema(many=True))
    def get(self, args):
        """Cameras overdue for review: never reviewed first, then the longest overdue."""
        return reviews.overdue_report(db.session, args.get("as_of") or dt.date.today(), _interval())


@blp.route("/reports/decisions-outstanding")
class DecisionsReport(MethodView):
    @roles(READERS)
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, DecisionOutstandingSchema(many=True))
    def get(self, args):
        """Current decisions to modify or remove a camera not yet acted on (an action without a done date)."""
        return reviews.decisions_report(db.session, args.get("as_of") or dt.date.today())


@blp.route("/reports/mitigations-outstanding")
class MitigationsReport(MethodView):
    @roles(READERS)
    @blp.response(200, MitigationOutstandingSchema(many=True))
    def get(self):
        """For each of the seven standard solutions, the cameras whose current review marks it outstanding."""
        return reviews.mitigations_report(db.session)
