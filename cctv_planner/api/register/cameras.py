"""Cameras: fixed, PTZ, multi-sensor, dome, ANPR and redeployable units."""

from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView
from flask_smorest import Blueprint

from cctv_planner.api.auth import ALL_ROLES, REGISTER_EDITORS, roles
from cctv_planner.api.common import apply_sort, check_if_match, paginate, parse_bbox, with_etag
from cctv_planner.api.register.schemas import CameraQueryArgsSchema, CameraSchema
from cctv_planner.extensions import db
from cctv_planner.models import Camera, Site, Ward
from cctv_planner.services import register

blp = Blueprint("cameras", __name__, url_prefix="/api/cameras", description="Cameras in the register.")

SORTABLE = {"asset_number": Camera.asset_number, "status": Camera.status, "type": Camera.camera_type,
            "installed_on": Camera.installed_on, "created_at": Camera.created_at, "site": Site.code,
            "ward": Ward.name}


def camera_query(args):
    query = (sa.select(Camera).outerjoin(Site, Camera.site_id == Site.id)
             .outerjoin(Ward, Site.ward_id == Ward.id))
    if args.get("ward"):
        query = query.where(Ward.code == args["ward"])
    if args.get("site_id") is not None:
        query = query.where(Camera.site_id == args["site_id"])
    for key, column in (("status", Camera.status), ("type", Camera.camera_type),
                        ("category", Site.category), ("transmission", Site.transmission)):
        if args.get(key) is not None:
            query = query.where(column == args[key])
    bbox = parse_bbox(args.get("bbox"))
    if bbox:
        query = query.where(Site.lon.between(bbox[0], bbox[2]), Site.lat.between(bbox[1], bbox[3]))
    if args.get("q"):
        like = f"%{args['q'].lower()}%"
        query = query.where(sa.or_(sa.func.lower(Camera.asset_number).like(like),
                                   sa.func.lower(Camera.make).like(like), sa.func.lower(Camera.model).like(like)))
    return apply_sort(query, args.get("sort"), SORTABLE, default=(Camera.asset_number,))


@blp.route("")
class Cameras(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(CameraQueryArgsSchema, location="query")
    @blp.response(200, CameraSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=500)
    def get(self, args, pagination_parameters):
        """List cameras: filter by ward, site, status, type, category, transmission, bbox or text; sort."""
        return paginate(db.session, camera_query(args), pagination_parameters)

    @roles(REGISTER_EDITORS)
    @blp.arguments(CameraSchema)
    @blp.response(201, CameraSchema)
    def post(self, data):
        """Add a camera. Its asset number must be unique across the estate (409 otherwise)."""
        camera = register.create_camera(db.session, data)
        db.session.commit()
        return with_etag("camera", camera, 201)


@blp.route("/<int:camera_id>")
class CameraById(MethodView):
    @roles(ALL_ROLES)
    @blp.response(200, CameraSchema)
    def get(self, camera_id):
        """Get a camera."""
        return with_etag("camera", register.get_or_404(db.session, Camera, camera_id, "camera"))

    @roles(REGISTER_EDITORS)
    @blp.arguments(CameraSchema(partial=True))
    @blp.response(200, CameraSchema)
    def patch(self, data, camera_id):
        """Change a camera (send If-Match with its ETag; a stale one gets 412)."""
        camera = register.get_or_404(db.session, Camera, camera_id, "camera")
        check_if_match("camera", camera)
        register.update_camera(db.session, camera, data)
        db.session.commit()
        return with_etag("camera", camera)

    @roles(REGISTER_EDITORS)
    @blp.response(204)
    def delete(self, camera_id):
        """Delete a camera entered by mistake (decommission a real one instead)."""
        camera = register.get_or_404(db.session, Camera, camera_id, "camera")
        check_if_match("camera", camera)
        register.delete_camera(db.session, camera)
        db.session.commit()
