"""Crime data: list stored crimes, import police.uk files by upload, list imports."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask.views import MethodView
from flask_smorest import Blueprint

from cctv_planner.api.auth import roles
from cctv_planner.api.common import apply_sort, paginate, parse_bbox
from cctv_planner.api.planning import PLANNERS, PLANNING_READERS
from cctv_planner.api.planning.schemas import (
    CrimeImportResultSchema,
    CrimeImportSchema,
    CrimeQueryArgsSchema,
    CrimeSchema,
    CrimeUploadArgsSchema,
    CrimeUploadSchema,
)
from cctv_planner.extensions import db
from cctv_planner.models import Crime, CrimeImport
from cctv_planner.services import crimes as crime_service
from cctv_planner.services.audit import current_actor

blp = Blueprint("crimes", __name__, url_prefix="/api/crimes",
                description="Street-level crime from police.uk, as imported.")

SORTABLE = {"month": Crime.month, "crime_type": Crime.crime_type, "lsoa_code": Crime.lsoa_code,
            "id": Crime.id}


def _first_day(month: str) -> dt.date:
    return dt.date.fromisoformat(month + "-01")


def crime_query(args):
    query = sa.select(Crime)
    if args.get("month_from"):
        query = query.where(Crime.month >= _first_day(args["month_from"]))
    if args.get("month_to"):
        query = query.where(Crime.month <= _first_day(args["month_to"]))
    for key, column in (("crime_type", Crime.crime_type), ("lsoa_code", Crime.lsoa_code),
                        ("import_id", Crime.import_id)):
        if args.get(key) is not None:
            query = query.where(column == args[key])
    bbox = parse_bbox(args.get("bbox"))
    if bbox:
        query = query.where(Crime.lon.between(bbox[0], bbox[2]), Crime.lat.between(bbox[1], bbox[3]))
    return apply_sort(query, args.get("sort"), SORTABLE, default=(Crime.month, Crime.id))


@blp.route("")
class Crimes(MethodView):
    @roles(PLANNING_READERS)
    @blp.arguments(CrimeQueryArgsSchema, location="query")
    @blp.response(200, CrimeSchema(many=True))
    @blp.paginate(page_size=100, max_page_size=1000)
    def get(self, args, pagination_parameters):
        """List crimes: filter by month range, crime type, LSOA, import or bbox (WGS84); sort."""
        return paginate(db.session, crime_query(args), pagination_parameters)

    @roles(PLANNERS)
    @blp.arguments(CrimeUploadSchema, location="files")
    @blp.arguments(CrimeUploadArgsSchema, location="query")
    @blp.response(201, CrimeImportResultSchema)
    def post(self, files, args):
        """Import police.uk street CSV files (multipart field ``files``, repeatable).

        Each file is read whole; rows already stored (same de-duplication key) are
        skipped and counted. If any file is malformed the whole upload is refused
        (422 naming the file, row and column) and nothing is stored.
        """
        _user_id, actor = current_actor(db.session)
        uploads = [(upload.filename or "upload.csv", upload.stream) for upload in files["files"]]
        result = crime_service.import_crimes(db.session, uploads, actor=actor,
                                             within_m=args.get("within_m"))
        if result.failed:
            db.session.rollback()
            raise crime_service.CrimeFilesRejected(result.failed)
        db.session.commit()
        return result.to_dict()


@blp.route("/imports")
class CrimeImports(MethodView):
    @roles(PLANNING_READERS)
    @blp.response(200, CrimeImportSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=500)
    def get(self, pagination_parameters):
        """List the files imported, newest first, with what each stored and skipped."""
        query = sa.select(CrimeImport).order_by(CrimeImport.imported_at.desc(), CrimeImport.id.desc())
        return paginate(db.session, query, pagination_parameters)
