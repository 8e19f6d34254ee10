"""Wards and area committees."""

from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView
from flask_smorest import Blueprint

from cctv_planner.api.auth import ALL_ROLES, REGISTER_EDITORS, roles
from cctv_planner.api.common import check_if_match, paginate, with_etag
from cctv_planner.api.register.schemas import (
    AreaCommitteeSchema,
    WardDetailSchema,
    WardQueryArgsSchema,
    WardSchema,
)
from cctv_planner.extensions import db
from cctv_planner.models import AreaCommittee, Ward
from cctv_planner.services import register

blp = Blueprint("wards", __name__, url_prefix="/api/wards", description="Wards (2022 boundaries).")
committees_blp = Blueprint("area_committees", __name__, url_prefix="/api/area-committees",
                           description="Area committees, which fund local schemes.")


@blp.route("")
class Wards(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(WardQueryArgsSchema, location="query")
    @blp.response(200, WardSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=500)
    def get(self, args, pagination_parameters):
        """List wards."""
        query = sa.select(Ward).order_by(Ward.name)
        if args.get("area_committee"):
            query = query.join(AreaCommittee).where(AreaCommittee.code == args["area_committee"])
        return paginate(db.session, query, pagination_parameters)

    @roles(REGISTER_EDITORS)
    @blp.arguments(WardSchema)
    @blp.response(201, WardSchema)
    def post(self, data):
        """Create a ward."""
        ward = register.create_ward(db.session, data)
        db.session.commit()
        return with_etag("ward", ward, 201)


@blp.route("/<int:ward_id>")
class WardById(MethodView):
    @roles(ALL_ROLES)
    @blp.response(200, WardDetailSchema)
    def get(self, ward_id):
        """Get a ward with its boundary (GeoJSON, WGS84)."""
        return with_etag("ward", register.get_or_404(db.session, Ward, ward_id, "ward"))

    @roles(REGISTER_EDITORS)
    @blp.arguments(WardSchema(partial=True))
    @blp.response(200, WardSchema)
    def patch(self, data, ward_id):
        """Change a ward (send If-Match with its ETag)."""
        ward = register.get_or_404(db.session, Ward, ward_id, "ward")
        check_if_match("ward", ward)
        register.update_ward(db.session, ward, data)
        db.session.commit()
        return with_etag("ward", ward)

    @roles(REGISTER_EDITORS)
    @blp.response(204)
    def delete(self, ward_id):
        """Delete a ward that has no sites."""
        ward = register.get_or_404(db.session, Ward, ward_id, "ward")
        check_if_match("ward", ward)
        register.delete_ward(db.session, ward)
        db.session.commit()


@committees_blp.route("")
class AreaCommittees(MethodView):
    @roles(ALL_ROLES)
    @committees_blp.response(200, AreaCommitteeSchema(many=True))
    def get(self):
        """List area committees."""
        return db.session.scalars(sa.select(AreaCommittee).order_by(AreaCommittee.name)).all()
