"""Marshmallow schema of a business-case scenario document (JSON or YAML).

``ScenarioSchema().load(doc)`` returns a domain ``Scenario``. Money fields are
whole pounds and must be integers (``796000``, not ``796000.0`` or
``"796000"``); rates and shares are decimals, best written as strings
(``"0.10"``), with at most 6 decimal places. Unknown keys are refused at every
level, and every error names its field.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import yaml
from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_load,
    validate,
    validates_schema,
)

from cctv_planner.domain.business_case import (
    Appraisal,
    Baseline,
    CapitalSource,
    Drivers,
    Line,
    ProfileYear,
    Rounding,
    Saving,
    SavingKind,
    Scenario,
    validate_scenario,
)
from cctv_planner.domain.business_case.scenario import MAX_YEARS
from cctv_planner.domain.errors import ValidationFailed

MAX_PLACES = 6


def _places(value: Decimal) -> None:
    if value.as_tuple().exponent < -MAX_PLACES:
        raise ValidationError(f"Use at most {MAX_PLACES} decimal places.")


def Pounds(**kwargs) -> fields.Integer:  # noqa: N802 - reads as a field type
    """Whole pounds: a strict integer (no floats, no strings)."""
    return fields.Integer(strict=True, **kwargs)


def Count(**kwargs) -> fields.Integer:  # noqa: N802
    """A non-negative whole count (sites, connections, cameras, years)."""
    return fields.Integer(strict=True, validate=validate.Range(min=0), **kwargs)


def Share(**kwargs) -> fields.Decimal:  # noqa: N802
    """A decimal fraction in [0, 1] with at most 6 places."""
    return fields.Decimal(as_string=True, allow_nan=False,
                          validate=[validate.Range(min=0, max=1), _places], **kwargs)


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class CapitalSourceSchema(_Strict):
    label = fields.String(required=True)
    amount = Pounds(required=True)

    @post_load
    def make(self, data, **kwargs):
        return CapitalSource(**data)


class BaselineSchema(_Strict):
    capital = Pounds(required=True)
    revenue = Pounds(required=True)
    prior_revenue = Pounds(load_default=None, allow_none=True)
    capital_sources = fields.List(fields.Nested(CapitalSourceSchema), load_default=())

    @post_load
    def make(self, data, **kwargs):
        data["capital_sources"] = tuple(data["capital_sources"])
        return Baseline(**data)


class ProfileYearSchema(_Strict):
    year = fields.String(required=True, validate=validate.Length(min=1))
    share = Share(required=True)

    @post_load
    def make(self, data, **kwargs):
        return ProfileYear(**data)


class LineSchema(_Strict):
    key = fields.String(required=True, validate=validate.Length(min=1))
    label = fields.String(required=True)
    capital = Pounds(load_default=0)
    revenue = Pounds(load_default=0)
    basis = fields.String(load_default="")
    connections = Count(load_default=None, allow_none=True)
    revenue_label = fields.String(load_default=None, allow_none=True)
    replacement_cycle_years = fields.Integer(strict=True, load_default=None, allow_none=True,
                                             validate=validate.Range(min=1))

    @post_load
    def make(self, data, **kwargs):
        return Line(**data)


class SavingSchema(_Strict):
    key = fields.String(required=True, validate=validate.Length(min=1))
    label = fields.String(required=True)
    amount = Pounds(required=True, allow_none=True)  # null = TBC
    basis = fields.String(load_default="")
    kind = fields.Enum(SavingKind, by_value=True, load_default=SavingKind.REVENUE)
    start_year = fields.Integer(strict=True, load_default=1, validate=validate.Range(min=1))

    @post_load
    def make(self, data, **kwargs):
        return Saving(**data)


class DriversSchema(_Strict):
    current_fixed_sites = Count(required=True)
    additional_fixed_sites = Count(required=True)
    fibre_share_current = Share(required=True)
    fibre_share_additional = Share(required=True)
    fibre_install_per_additional_site = Pounds(required=True)
    fibre_install_per_current_site = Pounds(required=True)
    grant_per_current_site = Pounds(required=True)
    fibre_rental_per_connection_year = Pounds(required=True)
    wireless_install_per_site = Pounds(required=True)
    wireless_maintenance_year = Pounds(required=True)
    wireless_replacement_cycle_years = fields.Integer(strict=True, required=True,
                                                      validate=validate.Range(min=1))
    mobile_cameras = Count(required=True)
    mobile_capital_per_camera = Pounds(required=True)
    mobile_data_per_camera_year = Pounds(required=True)
    small_cell_sites = Count(load_default=0)
    small_cell_rent_year = Pounds(load_default=0)
    shared_fibre_sites = Count(load_default=0)
    savings_start_year = fields.Integer(strict=True, load_default=1,
                                        validate=validate.Range(min=1))
    generate = fields.Boolean(load_default=False)

    @post_load
    def make(self, data, **kwargs):
        return Drivers(**data)


class AppraisalSchema(_Strict):
    years = fields.Integer(strict=True, load_default=10, validate=validate.Range(1, MAX_YEARS))
    discount_rate = fields.Decimal(as_string=True, allow_nan=False, load_default=Decimal("0.035"),
                                   validate=[validate.Range(min=0, max=1, max_inclusive=False),
                                             _places])

    @post_load
    def make(self, data, **kwargs):
        return Appraisal(**data)


class ScenarioSchema(_Strict):
    """A business-case scenario; loads into ``cctv_planner.domain.business_case.Scenario``."""

    name = fields.String(required=True, validate=validate.Length(min=1))
    description = fields.String(load_default="")
    contingency_rate = Share(required=True)
    rounding = fields.Enum(Rounding, by_value=True, load_default=Rounding.THOUSAND)
    baseline = fields.Nested(BaselineSchema, required=True)
    spend_profile = fields.List(fields.Nested(ProfileYearSchema), required=True,
                                validate=validate.Length(min=1))
    lines = fields.List(fields.Nested(LineSchema), required=True)
    savings = fields.List(fields.Nested(SavingSchema), load_default=())
    drivers = fields.Nested(DriversSchema, load_default=None, allow_none=True)
    appraisal = fields.Nested(AppraisalSchema, load_default=None, allow_none=True)

    # Runs even when other fields are wrong, so one reply lists every problem it can.
    @validates_schema(skip_on_field_errors=False)
    def _shares_sum_to_one(self, data, **kwargs):
        profile = data.get("spend_profile")
        if not profile or not all(isinstance(y, ProfileYear) for y in profile):
            return  # missing, or wrong in itself: already reported
        total = sum((y.share for y in profile), Decimal(0))
        if total != 1:
            raise ValidationError(f"Shares sum to {total}, not 1.", field_name="spend_profile")

    @post_load
    def make(self, data, **kwargs):
        for name in ("spend_profile", "lines", "savings"):
            data[name] = tuple(data[name])
        if data["appraisal"] is None:
            data["appraisal"] = Appraisal()
        scenario = Scenario(**data)
        try:
            validate_scenario(scenario)
        except ValidationFailed as exc:
            # The domain's rules (distinct keys, sources summing ...) with its field path.
            raise ValidationError(exc.message, field_name=exc.field or "_schema") from exc
        return scenario


def flatten_errors(messages: Any, prefix: str = "") -> list[str]:
    """Turn marshmallow's nested error dict into ``"lines[3].capital: Not a valid integer."``."""
    out: list[str] = []
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            if isinstance(key, int):
                path = f"{prefix}[{key}]"
            elif key == "_schema":
                path = prefix
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            out.extend(flatten_errors(value, path))
    elif isinstance(messages, list | tuple):
        for item in messages:
            out.extend(flatten_errors(item, prefix))
    else:
        out.append(f"{prefix or '(document)'}: {messages}")
    return out


def parse_scenario_text(text: str, filename: str = "") -> Any:
    """Parse a scenario document's text: YAML for ``.yaml``/``.yml``, else JSON.

    JSON numbers with a fraction are read as ``Decimal`` (never binary floats).

    Raises
    ------
    ValueError
        With the parser's message (line and column) when the text is malformed.
    """
    if filename.lower().endswith((".yaml", ".yml")):
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ValueError(f"not valid YAML: {exc}") from exc
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc}") from exc


def load_scenario(document: Any) -> Scenario:
    """Validate a parsed scenario document and return the ``Scenario``.

    Raises
    ------
    marshmallow.ValidationError
        ``.messages`` is keyed by field; see ``flatten_errors``.
    """
    if not isinstance(document, Mapping):
        raise ValidationError("A scenario document must be a mapping (JSON object).")
    return ScenarioSchema().load(document)
