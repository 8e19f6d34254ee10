"""Helpers shared by API resources: ETags, sorting, bounding boxes, paging."""

from __future__ import annotations

import sqlalchemy as sa
from flask import request
from flask_smorest import abort
from marshmallow import ValidationError, fields

from cctv_planner.domain import dates
from cctv_planner.domain.errors import PreconditionFailed, ValidationFailed


def etag_for(entity: str, obj) -> str:
    return f'"{entity}-{obj.id}-v{obj.version}"'


def check_if_match(entity: str, obj) -> None:
    """Refuse a write based on a stale copy: ``If-Match`` must name the current version."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return
    wanted = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    if etag_for(entity, obj) not in wanted:
        raise PreconditionFailed(
            f"{entity} {obj.id} has changed since you read it (now version {obj.version}); "
            "fetch it again and reapply your change")


def with_etag(entity: str, obj, status: int = 200):
    return obj, status, {"ETag": etag_for(entity, obj)}


def apply_sort(query, sort: str | None, columns: dict[str, sa.ColumnElement], default):
    """Order by ``field`` or ``-field`` (descending); comma-separated for several keys."""
    if not sort:
        return query.order_by(*default)
    order = []
    for part in sort.split(","):
        part = part.strip()
        descending = part.startswith("-")
        name = part.lstrip("-+")
        if name not in columns:
            abort(422, message=f"cannot sort by {name!r}",
                  errors={"query": {"sort": [f"allowed: {', '.join(sorted(columns))}"]}})
        order.append(columns[name].desc() if descending else columns[name].asc())
    return query.order_by(*order, *default)


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``min_lon,min_lat,max_lon,max_lat`` in WGS84 degrees."""
    if not value:
        return None
    try:
        parts = [float(p) for p in value.split(",")]
    except ValueError:
        parts = []
    if len(parts) != 4 or parts[0] > parts[2] or parts[1] > parts[3]:
        abort(422, message="bbox must be min_lon,min_lat,max_lon,max_lat",
              errors={"query": {"bbox": ["expected four numbers: min_lon,min_lat,max_lon,max_lat"]}})
    return parts[0], parts[1], parts[2], parts[3]


def paginate(session, query, pagination_parameters):
    """Run ``query`` for one page and tell flask-smorest the total for X-Pagination."""
    total = session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    pagination_parameters.item_count = int(total or 0)
    page = query.limit(pagination_parameters.page_size).offset(pagination_parameters.first_item)
    return session.scalars(page).unique().all()


def enum_field(enum, **kwargs) -> fields.Enum:
    """A StrEnum field that reads and writes the enum's values (``"defective"``), not its names."""
    return fields.Enum(enum, by_value=True, **kwargs)


class QueryDate(fields.Date):
    """A day given as a query argument: within the years the product accepts (``domain.dates``)."""

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        try:
            return dates.check_date(day, self.data_key or attr)
        except ValidationFailed as error:
            raise ValidationError(error.message) from None
