"""The register's headline figures."""

from __future__ import annotations

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from cctv_planner.api.auth import ALL_ROLES, roles
from cctv_planner.extensions import db
from cctv_planner.registerfile.template import register_template
from cctv_planner.services import register
from cctv_planner.services.register_files import export_register

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


class ExportArgsSchema(Schema):
    format = fields.Str(load_default="xlsx", validate=validate.OneOf(("xlsx", "csv", "geojson")),
                        metadata={"description": "xlsx, csv or geojson"})


class TemplateArgsSchema(Schema):
    format = fields.Str(load_default="xlsx", validate=validate.OneOf(("xlsx", "csv")),
                        metadata={"description": "xlsx or csv"})


_MIME = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "csv": "text/csv; charset=utf-8", "geojson": "application/geo+json"}


def _download(data: bytes, fmt: str, stem: str) -> Response:
    return Response(data, mimetype=_MIME[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{stem}.{fmt}"'})


@blp.route("/export")
class Export(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(ExportArgsSchema, location="query")
    @blp.response(200, content_type="application/octet-stream")
    def get(self, args):
        """Download the register: xlsx (Sites and Cameras sheets), csv (the import format) or GeoJSON."""
        data, _sites, _cameras = export_register(db.session, args["format"])
        return _download(data, args["format"], "cctv-register")


@blp.route("/template")
class Template(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(TemplateArgsSchema, location="query")
    @blp.response(200, content_type="application/octet-stream")
    def get(self, args):
        """Download the register import template (xlsx with a column guide, or csv)."""
        return _download(register_template(args["format"]), args["format"], "cctv-register-template")
