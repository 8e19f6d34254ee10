"""Deployments of redeployable cameras."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask.views import MethodView
from flask_smorest import Blueprint

from cctv_planner.api.auth import ALL_ROLES, REGISTER_EDITORS, roles
from cctv_planner.api.common import check_if_match, paginate, with_etag
from cctv_planner.api.register.schemas import (
    DeploymentQueryArgsSchema,
    DeploymentSchema,
    StandingQueryArgsSchema,
    StandingSchema,
)
from cctv_planner.extensions import db
from cctv_planner.models import Deployment
from cctv_planner.services import register

blp = Blueprint("deployments", __name__, url_prefix="/api/deployments",
                description="Where redeployable cameras stand, and since when.")


@blp.route("")
class Deployments(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(DeploymentQueryArgsSchema, location="query")
    @blp.response(200, DeploymentSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=500)
    def get(self, args, pagination_parameters):
        """List deployments, newest first."""
        query = sa.select(Deployment).order_by(Deployment.started_on.desc(), Deployment.id.desc())
        if args.get("camera_id") is not None:
            query = query.where(Deployment.camera_id == args["camera_id"])
        if args.get("open") is True:
            query = query.where(Deployment.ended_on.is_(None))
        elif args.get("open") is False:
            query = query.where(Deployment.ended_on.is_not(None))
        return paginate(db.session, query, pagination_parameters)

    @roles(REGISTER_EDITORS)
    @blp.arguments(DeploymentSchema)
    @blp.response(201, DeploymentSchema)
    def post(self, data):
        """Record a redeployable camera standing at a site or point."""
        deployment = register.create_deployment(db.session, data)
        db.session.commit()
        return with_etag("deployment", deployment, 201)


@blp.route("/<int:deployment_id>")
class DeploymentById(MethodView):
    @roles(ALL_ROLES)
    @blp.response(200, DeploymentSchema)
    def get(self, deployment_id):
        """Get a deployment."""
        return with_etag("deployment", register.get_or_404(db.session, Deployment, deployment_id, "deployment"))

    @roles(REGISTER_EDITORS)
    @blp.arguments(DeploymentSchema(partial=True))
    @blp.response(200, DeploymentSchema)
    def patch(self, data, deployment_id):
        """Change a deployment, e.g. set ended_on when the camera moves."""
        deployment = register.get_or_404(db.session, Deployment, deployment_id, "deployment")
        check_if_match("deployment", deployment)
        register.update_deployment(db.session, deployment, data)
        db.session.commit()
        return with_etag("deployment", deployment)

    @roles(REGISTER_EDITORS)
    @blp.response(204)
    def delete(self, deployment_id):
        """Delete a deployment entered by mistake."""
        deployment = register.get_or_404(db.session, Deployment, deployment_id, "deployment")
        check_if_match("deployment", deployment)
        register.delete_deployment(db.session, deployment)
        db.session.commit()


@blp.route("/standing-too-long")
class StandingTooLong(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(StandingQueryArgsSchema, location="query")
    @blp.response(200, StandingSchema(many=True))
    def get(self, args):
        """Redeployable cameras that have stood at one place for over 18 months."""
        return register.standing_report(db.session, args.get("as_of") or dt.date.today())
