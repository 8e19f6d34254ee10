"""Marshmallow schemas of the planning and crime API."""

from __future__ import annotations

import math

from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from marshmallow.fields import Raw

from cctv_planner.domain.planning.reports import (
    DEFAULT_BANDWIDTH_M,
    DEFAULT_HEATMAP_CELL_M,
    DEFAULT_HOTSPOT_CELL_M,
    DEFAULT_RADIUS_M,
)
from cctv_planner.domain.register import Transmission

MONTH = validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", error="must be YYYY-MM")
_POSITIVE = validate.Range(min=0, min_inclusive=False)


class WeightsField(Raw):
    """``"default"``, ``"uniform"`` or an object ``{crime type: weight, "*": unlisted}``."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value in ("default", "uniform"):
            return value
        if isinstance(value, dict):
            table = {}
            for key, weight in value.items():
                if isinstance(weight, bool) or not isinstance(weight, (int, float)) \
                        or not math.isfinite(weight) or weight < 0:
                    raise ValidationError(f"weight for {key!r} must be a number >= 0")
                table[str(key)] = float(weight)
            return table
        raise ValidationError('use "default", "uniform" or an object of crime type to weight')


class AnalysisArgsSchema(Schema):
    """Which crimes count and how much (crimes come from the database)."""

    weights = fields.Str(load_default="default", validate=validate.OneOf(("default", "uniform")),
                         metadata={"description": "default (the documented table) or uniform"})
    since = fields.Str(validate=MONTH, metadata={"description": "first month, YYYY-MM"})
    until = fields.Str(validate=MONTH, metadata={"description": "last month, YYYY-MM"})
    half_life_months = fields.Float(validate=_POSITIVE, metadata={"description": "recency half-life"})


class HeatmapArgsSchema(AnalysisArgsSchema):
    cell_m = fields.Float(load_default=DEFAULT_HEATMAP_CELL_M, validate=validate.Range(10, 5000))
    bandwidth_m = fields.Float(load_default=DEFAULT_BANDWIDTH_M, validate=validate.Range(1, 5000))
    bng = fields.Bool(load_default=False, metadata={"description": "British National Grid metres, not WGS84"})


class HotspotArgsSchema(AnalysisArgsSchema):
    cell_m = fields.Float(load_default=DEFAULT_HOTSPOT_CELL_M, validate=validate.Range(20, 5000))


class CandidateInSchema(Schema):
    """A candidate site: WGS84 ``lon``/``lat`` or BNG ``easting``/``northing``."""

    id = fields.Str(required=True, validate=validate.Length(1, 64))
    lon = fields.Float(validate=validate.Range(-180, 180))
    lat = fields.Float(validate=validate.Range(-90, 90))
    easting = fields.Float()
    northing = fields.Float()
    cost = fields.Int(allow_none=True, validate=validate.Range(min=0),
                      metadata={"description": "capital cost, whole pounds"})
    category = fields.Str(validate=validate.Length(max=60))

    @validates_schema
    def _one_pair(self, data, **_kwargs):
        lonlat = "lon" in data and "lat" in data
        bng = "easting" in data and "northing" in data
        if lonlat == bng:
            raise ValidationError("give lon and lat (WGS84) or easting and northing (BNG)")


class SiteQuestionSchema(Schema):
    """Candidates and the crimes to weigh them against."""

    candidates = fields.List(fields.Nested(CandidateInSchema), validate=validate.Length(1, 50_000))
    candidates_csv = fields.Str(metadata={"description": "a candidate file's text: id,lon,lat[,cost,category] "
                                                         "or id,easting,northing[,...]"})
    source = fields.Str(validate=validate.OneOf(("lightposts", "site-requests")),
                        metadata={"description": "lightposts: Barnet's street-lighting columns; "
                                                 "site-requests: members' open site requests"})
    radius_m = fields.Float(load_default=DEFAULT_RADIUS_M, validate=validate.Range(0, 2000))
    weights = WeightsField(load_default="default", metadata={
        "description": '"default" (the documented table), "uniform", or {"Robbery": 3, "*": 1}'})
    since = fields.Str(validate=MONTH)
    until = fields.Str(validate=MONTH)
    half_life_months = fields.Float(validate=_POSITIVE)
    existing = fields.Bool(load_default=True, metadata={"description": "count operational cameras' coverage "
                                                                         "as already covered"})

    @validates_schema
    def _one_source(self, data, **_kwargs):
        given = [k for k in ("candidates", "candidates_csv", "source") if data.get(k)]
        if len(given) != 1:
            raise ValidationError("give exactly one of candidates, candidates_csv or source")


class ScoreQuestionSchema(SiteQuestionSchema):
    bandwidth_m = fields.Float(load_default=DEFAULT_BANDWIDTH_M, validate=validate.Range(1, 5000))
    limit = fields.Int(validate=validate.Range(min=1))


class PlanQuestionSchema(SiteQuestionSchema):
    count = fields.Int(validate=validate.Range(min=0))
    budget = fields.Int(validate=validate.Range(min=0), metadata={"description": "whole pounds"})
    transmission = fields.Str(load_default="fibre", validate=validate.OneOf([t.value for t in Transmission]),
                              metadata={"description": "prices candidates without a cost"})
    exact_time_limit_s = fields.Float(load_default=10.0, validate=validate.Range(0, 30))

    @validates_schema
    def _limit(self, data, **_kwargs):
        if data.get("count") is None and data.get("budget") is None:
            raise ValidationError("give a count, a budget, or both")


class ByTypeSchema(Schema):
    weight = fields.Float()
    crimes = fields.Int()


class CandidateScoreSchema(Schema):
    id = fields.Str()
    score = fields.Float()
    gap_weight = fields.Float()
    gap_crimes = fields.Int()
    density_per_km2 = fields.Float()
    by_type = fields.Dict(keys=fields.Str(), values=fields.Nested(ByTypeSchema))


class ScoreResultSchema(Schema):
    candidates = fields.List(fields.Nested(CandidateScoreSchema))
    params = fields.Dict()


class PickSchema(Schema):
    id = fields.Str()
    marginal_weight = fields.Float()
    cost = fields.Int(allow_none=True)
    cumulative_weight = fields.Float()
    cumulative_cost = fields.Int(allow_none=True)


class PlanResultSchema(Schema):
    chosen = fields.List(fields.Str(), metadata={"description": "ids in pick order"})
    picks = fields.List(fields.Nested(PickSchema))
    covered_weight = fields.Float()
    new_weight = fields.Float()
    total_weight = fields.Float()
    coverage_before = fields.Float()
    coverage_after = fields.Float()
    spent = fields.Int(allow_none=True)
    count = fields.Int(allow_none=True)
    budget = fields.Int(allow_none=True)
    upper_bound = fields.Float()
    optimality_gap = fields.Float()
    method = fields.Str()
    swaps = fields.Int()
    proven_optimal = fields.Bool()
    params = fields.Dict()


class HotSpotCellSchema(Schema):
    row = fields.Int()
    col = fields.Int()
    x = fields.Float()
    y = fields.Float()
    count = fields.Float()
    z = fields.Float()
    p = fields.Float()
    gi_bin = fields.Int()
    label = fields.Str()
    centre_covered = fields.Bool()
    covered_share = fields.Float()


class HotspotResultSchema(Schema):
    cells = fields.List(fields.Nested(HotSpotCellSchema))
    hot_spots = fields.Int()
    covered = fields.Int()
    uncovered = fields.Int()
    cells_by_class = fields.Dict(keys=fields.Str(), values=fields.Int())
    params = fields.Dict()


class AreaCoverageSchema(Schema):
    code = fields.Str()
    name = fields.Str()
    crimes = fields.Int()
    total_weight = fields.Float()
    covered_crimes = fields.Int()
    covered_weight = fields.Float()
    share = fields.Float()


class CoverageResultSchema(Schema):
    total_weight = fields.Float()
    covered_weight = fields.Float()
    share = fields.Float()
    crimes = fields.Int()
    covered_crimes = fields.Int()
    by_area = fields.List(fields.Nested(AreaCoverageSchema))
    outside_areas = fields.Nested(AreaCoverageSchema, allow_none=True)
    hot_spots = fields.List(fields.Nested(HotSpotCellSchema))
    uncovered_hot_spots = fields.List(fields.Nested(HotSpotCellSchema))
    params = fields.Dict()


# --- crimes -------------------------------------------------------------------

class CrimeSchema(Schema):
    id = fields.Int()
    key = fields.Str()
    crime_id = fields.Str()
    month = fields.Method("_month")
    crime_type = fields.Str()
    easting = fields.Float(attribute="x")
    northing = fields.Float(attribute="y")
    lon = fields.Float()
    lat = fields.Float()
    location = fields.Str(metadata={"description": "police.uk's street description"})
    lsoa_code = fields.Str()
    lsoa_name = fields.Str()
    force = fields.Str()
    outcome = fields.Str()
    import_id = fields.Int(allow_none=True)

    def _month(self, crime) -> str:
        return crime.month.strftime("%Y-%m")


class CrimeQueryArgsSchema(Schema):
    month_from = fields.Str(validate=MONTH)
    month_to = fields.Str(validate=MONTH)
    crime_type = fields.Str()
    lsoa_code = fields.Str()
    import_id = fields.Int()
    bbox = fields.Str(metadata={"description": "min_lon,min_lat,max_lon,max_lat"})
    sort = fields.Str(metadata={"description": "month, crime_type, lsoa_code or id; - for descending"})


class CrimeUploadSchema(Schema):
    files = fields.List(Upload(), required=True,
                        metadata={"description": "police.uk street CSV files"})


class CrimeUploadArgsSchema(Schema):
    within_m = fields.Float(validate=validate.Range(min=0),
                            metadata={"description": "skip rows further than this outside the borough"})


class CrimeFileResultSchema(Schema):
    file = fields.Str()
    rows = fields.Int()
    located = fields.Int()
    stored = fields.Int()
    already_stored = fields.Int()
    no_location = fields.Int()
    outside_area = fields.Int()
    skipped_outside = fields.Int()
    import_id = fields.Int(allow_none=True)
    summary = fields.Dict()


class CrimeImportResultSchema(Schema):
    files = fields.List(fields.Nested(CrimeFileResultSchema))
    stored = fields.Int()
    already_stored = fields.Int()


class CrimeImportSchema(Schema):
    id = fields.Int()
    file_name = fields.Str()
    imported_at = fields.DateTime()
    imported_by = fields.Str()
    rows = fields.Int()
    stored = fields.Int()
    already_stored = fields.Int()
    no_location = fields.Int()
    outside_area = fields.Int()
    summary = fields.Dict()
