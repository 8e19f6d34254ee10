"""The register's headline figures."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from cctv_planner.api.auth import ALL_ROLES, roles
from cctv_planner.extensions import db
from cctv_planner.services import register

blp = Blueprint("register", __name__, url_prefix="/api/register",
                description="Register summary, exports and the import template.")


class SummarySchema(Schema):
    fixed_cameras_total = fields.Int()
    fixed_cameras_operational = fields.Int()
    fixed_cameras_operational_share = fields.Float(allow_none=True)
    mobile_cameras_total = fields.Int()
    cameras_total = fields.Int()
    sites_total = fields.Int()
    by_status = fields.Dict(keys=fields.Str(), values=fields.Int())
    by_type = fields.Dict(keys=fields.Str(), values=fields.Int())
    by_transmission = fields.Dict(keys=fields.Str(), values=fields.Int())
    by_ward = fields.Dict(keys=fields.Str(), values=fields.Dict())


@blp.route("/summary")
class Summary(MethodView):
    @roles(ALL_ROLES)
    @blp.response(200, SummarySchema)
    def get(self):
        """Counts by status, ward, transmission and type; fixed cameras operational of total."""
        return register.summary(db.session)
