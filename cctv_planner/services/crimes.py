"""Crime data in the database: importing police.uk files, and loading crimes for analysis.

Import rules (see docs/planning.md §1):

* Each file is streamed in batches by :class:`~cctv_planner.domain.planning.PoliceUkFile`
  and stored inside its own SAVEPOINT: a malformed row stops that file, the
  savepoint is rolled back, and nothing from the file is kept (no crimes, no
  :class:`CrimeImport` record). Other files in the same call are unaffected.
* A crime is stored once: rows whose de-duplication key is already stored
  (an earlier import, or an earlier file of this import) are skipped and
  counted as ``already_stored``; a re-imported month adds nothing.
* Bulk loading uses the database's own fast path: ``executemany`` of plain
  tuples with ``INSERT OR IGNORE`` on SQLite; ``COPY`` into a temporary table
  then ``INSERT ... ON CONFLICT DO NOTHING`` on PostgreSQL.
* "Outside the area" is decided against the union of the ward polygons held in
  the database (the borough); with no ward boundaries nothing is checked.
  Outside rows are stored (they are real crimes, and police.uk snap points sit
  just over the boundary) unless ``within_m`` is given, in which case rows
  further than that from the borough are skipped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

import numpy as np
import shapely
import sqlalchemy as sa
from sqlalchemy.orm import Session

from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.planning import CrimeBatch, CrimePoints, CrimeWeights, FileRowError, PoliceUkFile
from cctv_planner.domain.planning.police_uk import DEFAULT_BATCH_SIZE
from cctv_planner.models import Crime, CrimeImport
from cctv_planner.services.register import all_ward_shapes

# Columns written by the bulk loader, in tuple order.
_COLUMNS = ("key", "crime_id", "month", "crime_type", "x", "y", "lon", "lat", "location",
            "lsoa_code", "lsoa_name", "force", "outcome", "import_id")
# Text columns whose declared length PostgreSQL enforces: check before loading,
# so an over-long value is a row error, not a database error.
_LIMITS = {name: Crime.__table__.c[name].type.length
           for name in ("key", "crime_id", "crime_type", "location", "lsoa_code", "lsoa_name",
                        "force", "outcome")}
_HEADER_NAMES = {"crime_id": "Crime ID", "crime_type": "Crime type", "location": "Location",
                 "lsoa_code": "LSOA code", "lsoa_name": "LSOA name", "force": "Falls within",
                 "outcome": "Last outcome category", "key": "Crime ID"}

#: ``progress(file_name, rows_read_so_far)``, called after every batch.
Progress = Callable[[str, int], None]


@dataclass
class CrimeFileResult:
    """What happened to one file.

    ``error`` is set (and ``stored`` is 0, ``import_id`` None) when the file was
    malformed and nothing from it was kept.
    """

    file: str
    rows: int = 0
    located: int = 0
    stored: int = 0
    already_stored: int = 0
    no_location: int = 0
    outside_area: int = 0
    skipped_outside: int = 0
    import_id: int | None = None
    error: str | None = None
    error_row: int | None = None
    error_column: str | None = None
    summary: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class CrimeImportResult:
    files: list[CrimeFileResult]

    @property
    def failed(self) -> list[CrimeFileResult]:
        return [f for f in self.files if f.error]

    @property
    def stored(self) -> int:
        return sum(f.stored for f in self.files)

    @property
    def already_stored(self) -> int:
        return sum(f.already_stored for f in self.files)

    def to_dict(self) -> dict[str, Any]:
        return {"files": [f.to_dict() for f in self.files], "stored": self.stored,
                "already_stored": self.already_stored, "failed": len(self.failed)}


def borough_geometry(session: Session) -> shapely.Geometry | None:
    """Union of every ward polygon in the database (BNG metres), or None without boundaries."""
    shapes = all_ward_shapes(session)
    if not shapes:
        return None
    return shapely.union_all([s.polygon_bng for s in shapes])


def import_crimes(
    session: Session,
    paths: Iterable[str | os.PathLike | IO[bytes] | tuple[str, IO[bytes]]],
    *,
    actor: str,
    progress: Progress | None = None,
    within_m: float | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> CrimeImportResult:
    """Import police.uk street CSV files; each file all or nothing.

    Parameters
    ----------
    session : Session
        The caller commits (or rolls back) afterwards; each file runs in a
        SAVEPOINT inside the caller's transaction.
    paths : iterable of path, binary stream, or (name, binary stream)
        Files to import; the name is what errors and records quote.
    actor : str
        User name recorded as ``imported_by``.
    progress : callable, optional
        ``progress(file_name, rows_read)`` after each batch.
    within_m : float, optional
        Skip rows further than this from the borough (the wards' union);
        None (default) stores every located row.

    Returns
    -------
    CrimeImportResult
        One :class:`CrimeFileResult` per file, in order; malformed files
        carry ``error`` and stored nothing.
    """
    borough = borough_geometry(session)
    keep_area = None
    if borough is not None:
        shapely.prepare(borough)
        if within_m is not None:
            keep_area = borough.buffer(within_m)
            shapely.prepare(keep_area)
    loader = _loader(session)
    results = []
    for source in paths:
        name = None
        if isinstance(source, tuple):
            name, source = source
        reader = PoliceUkFile(source, batch_size=batch_size, name=name)
        result = CrimeFileResult(file=reader.name)
        try:
            with session.begin_nested():
                record = CrimeImport(file_name=reader.name[:300], imported_by=actor[:64])
                session.add(record)
                session.flush()
                for batch in reader:
                    _check_lengths(reader.name, batch)
                    outside = _outside(batch, borough)
                    result.outside_area += int(outside.sum())
                    if keep_area is not None and outside.any():
                        far = outside & ~shapely.intersects_xy(keep_area, batch.x, batch.y)
                        result.skipped_outside += int(far.sum())
                        batch = batch.select(~far)
                    result.located += len(batch)
                    result.stored += loader(batch, record.id)
                    if progress:
                        progress(reader.name, reader.summary.rows)
                summary = reader.summary
                result.rows = summary.rows
                result.no_location = summary.no_location + summary.zero_location + summary.off_grid
                result.already_stored = result.located - result.stored
                result.summary = {
                    "no_location": summary.no_location, "zero_location": summary.zero_location,
                    "off_grid": summary.off_grid, "without_crime_id": summary.without_crime_id,
                    "repeated_crime_ids": summary.repeated_crime_ids,
                    "same_point_repeats": summary.same_point_repeats,
                    "months": summary.months, "crime_types": summary.crime_types,
                    "area_checked": borough is not None, "within_m": within_m,
                }
                record.rows = result.rows
                record.stored = result.stored
                record.already_stored = result.already_stored
                record.no_location = result.no_location
                record.outside_area = result.outside_area
                record.summary = result.summary
                session.flush()
                result.import_id = record.id
        except FileRowError as error:
            results.append(CrimeFileResult(file=reader.name, rows=reader.summary.rows,
                                           error=error.message, error_row=error.row,
                                           error_column=error.column))
            continue
        results.append(result)
    return CrimeImportResult(results)


def _outside(batch: CrimeBatch, borough) -> np.ndarray:
    if borough is None or len(batch) == 0:
        return np.zeros(len(batch), bool)
    xmin, ymin, xmax, ymax = borough.bounds
    outside = ~((batch.x >= xmin) & (batch.x <= xmax) & (batch.y >= ymin) & (batch.y <= ymax))
    test = np.flatnonzero(~outside)
    # Only points inside the bounding box need the polygon test.
    outside[test] = ~shapely.intersects_xy(borough, batch.x[test], batch.y[test])
    return outside


def _check_lengths(name: str, batch: CrimeBatch) -> None:
    for column, limit in _LIMITS.items():
        values = getattr(batch, column)
        if values.size and max(map(len, values.tolist())) > limit:
            i = next(i for i, v in enumerate(values.tolist()) if len(v) > limit)
            raise FileRowError(name, int(batch.row[i]), _HEADER_NAMES[column],
                               f"longer than {limit} characters")


def batch_rows(batch: CrimeBatch, import_id: int | None) -> list[tuple]:
    """A batch as plain tuples in :data:`_COLUMNS` order (month as ``YYYY-MM-01``)."""
    months = batch.month.astype("datetime64[D]").astype(str).tolist()
    n = len(batch)
    return list(zip(batch.key.tolist(), batch.crime_id.tolist(), months, batch.crime_type.tolist(),
                    batch.x.tolist(), batch.y.tolist(), batch.lon.tolist(), batch.lat.tolist(),
                    batch.location.tolist(), batch.lsoa_code.tolist(), batch.lsoa_name.tolist(),
                    batch.force.tolist(), batch.outcome.tolist(), [import_id] * n, strict=True))


def _loader(session: Session) -> Callable[[CrimeBatch, int], int]:
    """A function storing a batch and returning how many rows were new."""
    connection = session.connection()
    dialect = connection.dialect.name
    columns = ", ".join(f'"{c}"' for c in _COLUMNS)
    if dialect == "sqlite":
        sql = (f"INSERT OR IGNORE INTO crimes ({columns}) "
               f"VALUES ({', '.join('?' * len(_COLUMNS))})")

        def load_sqlite(batch: CrimeBatch, import_id: int) -> int:
            cursor = session.connection().connection.driver_connection.cursor()
            try:
                cursor.executemany(sql, batch_rows(batch, import_id))
                return max(cursor.rowcount, 0)
            finally:
                cursor.close()

        return load_sqlite
    if dialect == "postgresql":

        def load_postgresql(batch: CrimeBatch, import_id: int) -> int:
            dbapi = session.connection().connection.driver_connection
            with dbapi.cursor() as cursor:
                # A temporary table per transaction; created again after a rollback.
                cursor.execute("CREATE TEMP TABLE IF NOT EXISTS crime_stage "
                               "(LIKE crimes INCLUDING DEFAULTS) ON COMMIT DROP")
                cursor.execute("TRUNCATE crime_stage")
                with cursor.copy(f"COPY crime_stage ({columns}) FROM STDIN") as copy:
                    for row in batch_rows(batch, import_id):
                        copy.write_row(row)
                cursor.execute(f"INSERT INTO crimes ({columns}) SELECT {columns} FROM crime_stage "
                               "ON CONFLICT (key) DO NOTHING")
                return max(cursor.rowcount, 0)

        return load_postgresql
    raise NotImplementedError(f"bulk crime import is not written for {dialect}")  # pragma: no cover


def crime_points(
    session: Session,
    *,
    weights: CrimeWeights,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    half_life_months: float | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    crime_types: Sequence[str] | None = None,
) -> CrimePoints:
    """Stored crimes, weighted and grouped by point, for the planning core.

    Parameters
    ----------
    weights : CrimeWeights
        Type table (and its own window/half-life if set).
    since, until : ``YYYY-MM`` (or a date), optional
        Inclusive month window; overrides the weights' own window.
    half_life_months : float, optional
        Recency half-life; overrides the weights' own.
    bbox : (xmin, ymin, xmax, ymax), optional
        British National Grid metres, inclusive.
    crime_types : sequence of str, optional
        Only these police.uk crime types.

    Returns
    -------
    CrimePoints
        Crimes with weight 0 (outside the window) are left out.
    """
    since_m, until_m = _month_text(since), _month_text(until)
    options = {}
    if since_m is not None:
        options["start_month"] = since_m
    if until_m is not None:
        options["end_month"] = until_m
    if half_life_months is not None:
        options["half_life_months"] = half_life_months
    weights = dataclasses.replace(weights, **options) if options else weights
    query = sa.select(Crime.x, Crime.y, Crime.crime_type, Crime.month)
    if weights.start_month:
        query = query.where(Crime.month >= dt.date.fromisoformat(weights.start_month + "-01"))
    if weights.end_month:
        query = query.where(Crime.month <= dt.date.fromisoformat(weights.end_month + "-01"))
    if bbox is not None:
        xmin, ymin, xmax, ymax = bbox
        query = query.where(Crime.x.between(xmin, xmax), Crime.y.between(ymin, ymax))
    if crime_types:
        query = query.where(Crime.crime_type.in_(list(crime_types)))
    rows = session.execute(query).all()
    if not rows:
        return CrimePoints.from_arrays(np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0, object))
    x, y, kinds, months = zip(*rows, strict=True)
    kinds_arr = np.array(kinds, dtype=object)
    month_arr = np.array(months, dtype="datetime64[D]").astype("datetime64[M]")
    w = weights.weigh(kinds_arr, month_arr)
    keep = w > 0
    return CrimePoints.from_arrays(np.array(x)[keep], np.array(y)[keep], w[keep], kinds_arr[keep])


def _month_text(value: str | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    return str(value)[:7]


def crime_batch_points(batch: CrimeBatch, weights: CrimeWeights) -> CrimePoints:
    """Weighted points from crimes read straight from files (``--crimes FILE``)."""
    w = weights.weigh(batch.crime_type, batch.month)
    keep = w > 0
    return CrimePoints.from_arrays(batch.x[keep], batch.y[keep], w[keep], batch.crime_type[keep])


class CrimeFilesRejected(ValidationFailed):
    """One or more uploaded files were malformed; nothing from the upload is kept."""

    def __init__(self, failed: Sequence[CrimeFileResult]):
        first = failed[0]
        more = f" (and {len(failed) - 1} more files)" if len(failed) > 1 else ""
        super().__init__(f"{first.error}{more}; nothing was stored", field="files")
        self.failed = list(failed)

    def to_dicts(self) -> list[dict[str, Any]]:
        return [{"file": f.file, "row": f.error_row, "column": f.error_column, "message": f.error}
                for f in self.failed]


def crimes_near(
    session: Session,
    easting: float,
    northing: float,
    radius_m: float,
    *,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
) -> dict[str, Any]:
    """Stored crimes within ``radius_m`` of a point (inclusive), counted by type and month.

    The evidence a site request or a DPIA quotes ("crime statistics over an
    appropriate period"). Returns ``{"radius_m", "since", "until", "crimes",
    "by_type": {type: n}, "by_month": {"YYYY-MM": n}}``, types by count then name.
    """
    if not (math.isfinite(radius_m) and radius_m >= 0):
        raise ValidationFailed("radius must be >= 0 metres", field="radius_m")
    since_m, until_m = _month_text(since), _month_text(until)
    query = (sa.select(Crime.x, Crime.y, Crime.crime_type, Crime.month)
             .where(Crime.x.between(easting - radius_m, easting + radius_m),
                    Crime.y.between(northing - radius_m, northing + radius_m)))
    if since_m:
        query = query.where(Crime.month >= dt.date.fromisoformat(since_m + "-01"))
    if until_m:
        query = query.where(Crime.month <= dt.date.fromisoformat(until_m + "-01"))
    by_type: Counter[str] = Counter()
    by_month: Counter[str] = Counter()
    for x, y, crime_type, month in session.execute(query):
        if (x - easting) ** 2 + (y - northing) ** 2 <= radius_m * radius_m:
            by_type[crime_type] += 1
            by_month[month.strftime("%Y-%m")] += 1
    return {"radius_m": float(radius_m), "since": since_m, "until": until_m,
            "crimes": sum(by_type.values()),
            "by_type": dict(sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))),
            "by_month": dict(sorted(by_month.items()))}
