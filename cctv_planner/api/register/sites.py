"""Sites: the columns, poles, walls and buildings cameras are mounted on."""

from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy.orm import selectinload

from cctv_planner.api.auth import ALL_ROLES, REGISTER_EDITORS, roles
from cctv_planner.api.common import apply_sort, check_if_match, paginate, parse_bbox, with_etag
from cctv_planner.api.register.schemas import SiteQueryArgsSchema, SiteSchema
from cctv_planner.extensions import db
from cctv_planner.models import Site, Ward
from cctv_planner.services import register

blp = Blueprint("sites", __name__, url_prefix="/api/sites",
                description="Sites where one or more cameras are mounted.")

SORTABLE = {"code": Site.code, "name": Site.name, "status": Site.status, "category": Site.category,
            "transmission": Site.transmission, "created_at": Site.created_at, "ward": Ward.name}


def site_query(args):
    query = sa.select(Site).outerjoin(Ward, Site.ward_id == Ward.id).options(selectinload(Site.cameras))
    if args.get("ward"):
        query = query.where(Ward.code == args["ward"])
    for key, column in (("status", Site.status), ("category", Site.category),
                        ("transmission", Site.transmission)):
        if args.get(key) is not None:
            query = query.where(column == args[key])
    bbox = parse_bbox(args.get("bbox"))
    if bbox:
        query = query.where(Site.lon.between(bbox[0], bbox[2]), Site.lat.between(bbox[1], bbox[3]))
    if args.get("q"):
        like = f"%{args['q'].lower()}%"
        query = query.where(sa.or_(sa.func.lower(Site.code).like(like), sa.func.lower(Site.name).like(like),
                                   sa.func.lower(Site.location_detail).like(like)))
    return apply_sort(query, args.get("sort"), SORTABLE, default=(Site.code,))


@blp.route("")
class Sites(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(SiteQueryArgsSchema, location="query")
    @blp.response(200, SiteSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=500)
    def get(self, args, pagination_parameters):
        """List sites: filter by ward, status, category, transmission, bbox or text; sort."""
        return paginate(db.session, site_query(args), pagination_parameters)

    @roles(REGISTER_EDITORS)
    @blp.arguments(SiteSchema)
    @blp.response(201, SiteSchema)
    def post(self, data):
        """Create a site; its ward is found from the ward polygons unless given."""
        site = register.create_site(db.session, data)
        db.session.commit()
        return with_etag("site", site, 201)


@blp.route("/<int:site_id>")
class SiteById(MethodView):
    @roles(ALL_ROLES)
    @blp.response(200, SiteSchema)
    def get(self, site_id):
        """Get a site."""
        return with_etag("site", register.get_or_404(db.session, Site, site_id, "site"))

    @roles(REGISTER_EDITORS)
    @blp.arguments(SiteSchema(partial=True))
    @blp.response(200, SiteSchema)
    def patch(self, data, site_id):
        """Change a site (send If-Match with its ETag)."""
        site = register.get_or_404(db.session, Site, site_id, "site")
        check_if_match("site", site)
        register.update_site(db.session, site, data)
        db.session.commit()
        return with_etag("site", site)

    @roles(REGISTER_EDITORS)
    @blp.response(204)
    def delete(self, site_id):
        """Delete a site with no cameras and no deployment history."""
        site = register.get_or_404(db.session, Site, site_id, "site")
        check_if_match("site", site)
        register.delete_site(db.session, site)
        db.session.commit()
