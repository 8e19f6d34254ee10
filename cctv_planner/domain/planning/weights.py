"""Weights per crime: type, time window and recency.

A crime's weight is::

    weight = type_weight(crime_type)                       # table below
             * [start <= month <= end]                     # optional window
             * 0.5 ** (age_months / half_life_months)      # optional recency

where ``age_months`` counts whole months from the crime's month to the
reference month (the latest month in the data unless given). Crimes after
the reference month get age 0, not a weight above the type weight.

Default table (:data:`DEFAULT_CRIME_WEIGHTS`): how much a crime of each
police.uk category should count when deciding where a public-space camera
helps most. Street violence and robbery weigh most (serious harm, outdoors,
and the offences public-space CCTV evidence most often helps to detect);
shoplifting and anti-social behaviour weigh least (mostly indoors or covered
by shops' own cameras, or low harm). The table is a starting point for the
council's own judgement, not a statistical estimate; pass a file to override.
"""

from __future__ import annotations

import csv
import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.planning.files import FileRowError, open_text, source_name

DEFAULT_CRIME_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "Violence and sexual offences": 3.0,
        "Robbery": 3.0,
        "Possession of weapons": 2.5,
        "Theft from the person": 2.0,
        "Burglary": 2.0,
        "Criminal damage and arson": 1.5,
        "Public order": 1.5,
        "Vehicle crime": 1.5,
        "Drugs": 1.0,
        "Bicycle theft": 1.0,
        "Other theft": 1.0,
        "Other crime": 1.0,
        "Shoplifting": 0.5,
        "Anti-social behaviour": 0.5,
        # Categories police.uk used before May 2013.
        "Violent crime": 3.0,
        "Public disorder and weapons": 2.0,
    }
)
#: Weight of a category missing from the table (police.uk adds categories).
DEFAULT_UNKNOWN_WEIGHT = 1.0


def _norm(crime_type: str) -> str:
    return " ".join(str(crime_type).split()).casefold()


@dataclass(frozen=True)
class CrimeWeights:
    """How much each crime counts.

    Parameters
    ----------
    by_type : mapping of str to float
        Weight per police.uk crime type (matched ignoring case and spacing).
        Empty means every type weighs ``unknown``.
    unknown : float
        Weight of a type not in ``by_type``.
    start_month, end_month : str ``YYYY-MM`` or None
        Inclusive time window; crimes outside it weigh 0.
    half_life_months : float or None
        Recency half-life in months; None for no decay.
    reference_month : str ``YYYY-MM`` or None
        Month of age 0 for the decay; None means the latest month in the data.
    """

    by_type: Mapping[str, float] = field(default_factory=lambda: DEFAULT_CRIME_WEIGHTS)
    unknown: float = DEFAULT_UNKNOWN_WEIGHT
    start_month: str | None = None
    end_month: str | None = None
    half_life_months: float | None = None
    reference_month: str | None = None
    name: str = "default"

    def __post_init__(self) -> None:
        for crime_type, w in self.by_type.items():
            if not (isinstance(w, (int, float)) and math.isfinite(w) and w >= 0):
                raise ValidationFailed(
                    f"weight for {crime_type!r} must be a number >= 0", field="weights"
                )
        if not (math.isfinite(self.unknown) and self.unknown >= 0):
            raise ValidationFailed("unknown weight must be >= 0", field="weights")
        if self.half_life_months is not None and not (self.half_life_months > 0):
            raise ValidationFailed("half_life_months must be > 0", field="half_life_months")
        for name in ("start_month", "end_month", "reference_month"):
            value = getattr(self, name)
            if value is not None:
                _month(value, name)
        if self.start_month and self.end_month and self.start_month > self.end_month:
            raise ValidationFailed("start_month is after end_month", field="start_month")

    @classmethod
    def default(cls, **options) -> CrimeWeights:
        """The documented default table (:data:`DEFAULT_CRIME_WEIGHTS`)."""
        return cls(by_type=DEFAULT_CRIME_WEIGHTS, name="default", **options)

    @classmethod
    def uniform(cls, **options) -> CrimeWeights:
        """Every crime weighs 1 (before any window or decay)."""
        return cls(by_type={}, unknown=1.0, name="uniform", **options)

    def type_weight(self, crime_type: str) -> float:
        """Weight of one crime type."""
        return self._table().get(_norm(crime_type), self.unknown)

    def _table(self) -> dict[str, float]:
        return {_norm(k): float(v) for k, v in self.by_type.items()}

    def weigh(self, crime_type: np.ndarray, month: np.ndarray | None = None) -> np.ndarray:
        """Weight of each crime.

        Parameters
        ----------
        crime_type : array of str, shape (n,)
        month : array of datetime64[M] (or ``YYYY-MM`` str), shape (n,), optional
            Needed when a window or half-life is set.

        Returns
        -------
        ndarray of float64, shape (n,)
        """
        crime_type = np.asarray(crime_type, dtype=object)
        table = self._table()
        kinds, inverse = np.unique(crime_type.astype(str), return_inverse=True)
        per_kind = np.array([table.get(_norm(k), self.unknown) for k in kinds], dtype=np.float64)
        weights = per_kind[inverse.reshape(-1)] if kinds.size else np.zeros(0)
        needs_month = self.start_month or self.end_month or self.half_life_months
        if not needs_month:
            return weights
        if month is None:
            raise ValidationFailed(
                "months are needed for a time window or half-life", field="month"
            )
        months = np.asarray(month).astype("datetime64[M]")
        if self.start_month:
            weights = np.where(months >= np.datetime64(self.start_month, "M"), weights, 0.0)
        if self.end_month:
            weights = np.where(months <= np.datetime64(self.end_month, "M"), weights, 0.0)
        if self.half_life_months and months.size:
            if self.reference_month:
                ref = np.datetime64(self.reference_month, "M")
            else:
                ref = months.max()
            age = np.maximum((ref - months).astype(np.int64), 0).astype(np.float64)
            weights = weights * np.exp2(-age / self.half_life_months)
        return weights

    def describe(self) -> dict:
        """Parameters for a report's ``params`` block (JSON-ready)."""
        return {
            "weights": self.name,
            "by_type": dict(self.by_type),
            "unknown": self.unknown,
            "start_month": self.start_month,
            "end_month": self.end_month,
            "half_life_months": self.half_life_months,
            "reference_month": self.reference_month,
        }


def _month(value: str, field_name: str) -> np.datetime64:
    text = str(value)
    if len(text) != 7 or text[4] != "-":
        raise ValidationFailed(f"{field_name} must be YYYY-MM", field=field_name)
    try:
        return np.datetime64(text, "M")
    except ValueError:
        raise ValidationFailed(f"{field_name} must be YYYY-MM", field=field_name) from None


def load_crime_weights(path: str | os.PathLike, **options) -> CrimeWeights:
    """Read a weights table from a file.

    CSV with header ``crime_type,weight`` (one row per type; a row whose type
    is ``*`` sets the weight of unlisted types), or JSON
    ``{"Robbery": 3, ..., "*": 1}``.
    """
    name = source_name(path)
    table: dict[str, float] = {}
    unknown = DEFAULT_UNKNOWN_WEIGHT
    if os.fspath(path).lower().endswith(".json"):
        with open_text(path) as fh:
            try:
                data = json.load(fh)
            except json.JSONDecodeError as exc:
                raise FileRowError(name, exc.lineno, None, f"not valid JSON: {exc.msg}") from None
        if not isinstance(data, dict):
            raise FileRowError(name, None, None, "expected an object of crime type to weight")
        items = [(k, v, None) for k, v in data.items()]
    else:
        with open_text(path) as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or {"crime_type", "weight"} - set(reader.fieldnames):
                raise FileRowError(name, 1, None, "header must include crime_type,weight")
            items = [(r["crime_type"], r["weight"], reader.line_num) for r in reader]
    for crime_type, raw, row in items:
        try:
            weight = float(raw)
        except (TypeError, ValueError):
            raise FileRowError(name, row, "weight", f"{raw!r} is not a number") from None
        if not (math.isfinite(weight) and weight >= 0):
            raise FileRowError(name, row, "weight", "weight must be a number >= 0")
        if str(crime_type).strip() == "*":
            unknown = weight
        else:
            table[str(crime_type).strip()] = weight
    return CrimeWeights(by_type=table, unknown=unknown, name=name, **options)


def crime_weights_option(option: str | None, **options) -> CrimeWeights:
    """Resolve a ``--weights`` option: ``default``, ``uniform`` or a file path."""
    if option in (None, "", "default"):
        return CrimeWeights.default(**options)
    if option == "uniform":
        return CrimeWeights.uniform(**options)
    return load_crime_weights(option, **options)
