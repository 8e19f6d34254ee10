"""Request and response schemas of the business-case API.

The scenario itself is ``cctv_planner.schemas.business_case.ScenarioSchema``
(shared with the CLI), so a document the API accepts is a file the CLI reads.
Results are the ``--json`` form (``result_to_json``): every amount whole pounds.
"""

from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from cctv_planner.domain.business_case import preset_names
from cctv_planner.schemas.business_case import ScenarioSchema


class AppraisalArgsSchema(Schema):
    years = fields.Int(validate=validate.Range(1, 60),
                       metadata={"description": "Whole-life horizon in years (default: the scenario's, 10)."})
    discount_rate = fields.Decimal(as_string=True, validate=validate.Range(0, 1),
                                   metadata={"description": "Real discount rate, e.g. 0.035."})


class EvaluateArgsSchema(AppraisalArgsSchema):
    sweep_fibre = fields.Bool(load_default=False,
                              metadata={"description": "Add capital, revenue and whole-life cost at "
                                                       "fibre shares 0%, 10%, ..., 100% (needs drivers)."})


class PresetSchema(Schema):
    name = fields.Str()
    ranges = fields.List(fields.Str())
    titles = fields.Dict(keys=fields.Str(), values=fields.Str())


class EvaluationSchema(Schema):
    scenario = fields.Dict(metadata={"description": "The scenario document evaluated (canonical form)."})
    result = fields.Dict(metadata={"description": "Tables 1-3, whole-life cost and consistency report, "
                                                  "every amount in whole pounds."})
    sweep_fibre = fields.List(fields.Dict(), metadata={"description": "Present when sweep_fibre=true."})


class ComparisonSchema(Schema):
    ranges = fields.Dict(keys=fields.Str(), values=fields.Dict())
    comparison = fields.Dict()


class SaveScenarioSchema(Schema):
    """A new saved scenario: a document, or a copy of a published preset range."""

    class Meta:
        unknown = RAISE

    document = fields.Nested(ScenarioSchema, metadata={"description": "The scenario document."})
    preset = fields.Str(validate=validate.OneOf(preset_names()),
                        metadata={"description": "Start from this published preset instead of a document."})
    range = fields.Str(validate=validate.OneOf(("A", "B")), metadata={"description": "The preset's range."})
    name = fields.Str(validate=validate.Length(1, 120),
                      metadata={"description": "Name for a preset copy (a document carries its own)."})
    description = fields.Str(validate=validate.Length(max=2000))
    note = fields.Str(load_default="", validate=validate.Length(max=500),
                      metadata={"description": "Why this version was saved."})

    @validates_schema
    def one_source(self, data, **kwargs):
        if ("document" in data) == ("preset" in data):
            raise ValidationError("give either a document or a preset (with its range)", "document")
        if "preset" in data and "range" not in data:
            raise ValidationError("a preset needs its range, A or B", "range")
        if "document" in data and ("range" in data or "name" in data):
            field = "range" if "range" in data else "name"
            raise ValidationError(f"{field} goes with preset; a document names itself", field)


class NewVersionSchema(Schema):
    class Meta:
        unknown = RAISE

    document = fields.Nested(ScenarioSchema, required=True)
    description = fields.Str(validate=validate.Length(max=2000))
    note = fields.Str(load_default="", validate=validate.Length(max=500))


class VersionSummarySchema(Schema):
    number = fields.Int()
    note = fields.Str()
    saved_at = fields.DateTime()
    saved_by = fields.Str()


class VersionSchema(VersionSummarySchema):
    document = fields.Dict()
    result = fields.Dict()
    changes = fields.List(fields.Dict(), metadata={
        "description": "Field-by-field changes from the previous version: {field, old, new}."})


class SavedScenarioSchema(Schema):
    id = fields.Int()
    name = fields.Str()
    description = fields.Str()
    latest_version = fields.Int()
    created_by = fields.Str()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    version = fields.Int(metadata={"description": "Record version, the ETag's number."})


class SavedScenarioDetailSchema(SavedScenarioSchema):
    document = fields.Dict(metadata={"description": "The latest version's document."})
    result = fields.Dict(metadata={"description": "The latest version evaluated."})
    versions = fields.List(fields.Nested(VersionSummarySchema))


class ListArgsSchema(Schema):
    q = fields.Str(metadata={"description": "Text in the name or description."})
    sort = fields.Str(metadata={"description": "name, updated_at or created_at; prefix - to descend."})


class WorkbookArgsSchema(AppraisalArgsSchema):
    version = fields.Int(validate=validate.Range(min=1),
                         metadata={"description": "Version number (default: the latest)."})
