"""The audit trail."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from cctv_planner.api.auth import REGISTER_EDITORS, roles
from cctv_planner.extensions import db
from cctv_planner.services import audit

blp = Blueprint("audit", __name__, url_prefix="/api/audit", description="Who changed what, and when.")


class AuditQueryArgsSchema(Schema):
    entity = fields.Str(validate=validate.Length(max=40), metadata={"description": "e.g. camera, site"})
    entity_id = fields.Int()


class AuditEntrySchema(Schema):
    id = fields.Int()
    occurred_at = fields.DateTime()
    actor = fields.Str(attribute="actor_name")
    actor_id = fields.Int(allow_none=True)
    entity = fields.Str(attribute="entity_type")
    entity_id = fields.Int()
    action = fields.Str()
    changes = fields.Dict(metadata={"description": "field: [old, new]"})


@blp.route("")
class AuditEntries(MethodView):
    @roles(REGISTER_EDITORS)
    @blp.arguments(AuditQueryArgsSchema, location="query")
    @blp.response(200, AuditEntrySchema(many=True))
    @blp.paginate(page_size=100, max_page_size=1000)
    def get(self, args, pagination_parameters):
        """List audit entries, newest first, for an entity type and id."""
        items, total = audit.entries(db.session, entity=args.get("entity"), entity_id=args.get("entity_id"),
                                     limit=pagination_parameters.page_size,
                                     offset=pagination_parameters.first_item)
        pagination_parameters.item_count = total
        return items
