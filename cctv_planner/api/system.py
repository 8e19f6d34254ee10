"""Health and the caller's own account."""

from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from cctv_planner import __version__
from cctv_planner.api.auth import ALL_ROLES, authenticated_user, public, roles
from cctv_planner.extensions import db

blp = Blueprint("system", __name__, url_prefix="/api", description="Health and the current account.")


class HealthSchema(Schema):
    status = fields.Str()
    version = fields.Str()
    database = fields.Str()


class MeSchema(Schema):
    username = fields.Str()
    display_name = fields.Str()
    roles = fields.Method("_roles")
    ward_code = fields.Method("_ward")

    def _roles(self, user):
        return sorted(r.value for r in user.role_names)

    def _ward(self, user):
        return user.ward.code if user.ward else None


@blp.route("/health")
class Health(MethodView):
    @public
    @blp.response(200, HealthSchema)
    @blp.doc(security=[])
    def get(self):
        """Say the service and its database are up (no token needed)."""
        db.session.execute(sa.text("SELECT 1"))
        return {"status": "ok", "version": __version__, "database": db.engine.dialect.name}


@blp.route("/me")
class Me(MethodView):
    @roles(ALL_ROLES)
    @blp.response(200, MeSchema)
    def get(self):
        """The account behind the token."""
        return authenticated_user()
