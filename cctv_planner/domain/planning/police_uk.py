"""Streaming reader for police.uk street-level crime CSV files.

The format is the monthly ``YYYY-MM-<force>-street.csv`` download from
https://data.police.uk/data/ with the header::

    Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,
    LSOA code,LSOA name,Crime type,Last outcome category,Context

(some republished copies drop the last column, ``Context``, which police.uk
says is always empty; that header is accepted too).

A file is read in batches of ``batch_size`` rows. Each batch's coordinates
are projected to British National Grid (EPSG:27700, metres) in one vectorised
call. Rules:

* rows with an empty Longitude/Latitude, or with both at 0 (police.uk zeroes
  points it cannot snap within 20 km), have no location: they are counted in
  :class:`CrimeFileSummary` and skipped;
* rows outside Great Britain's grid are counted and skipped the same way;
* any malformed row (wrong number of fields, a month that is not ``YYYY-MM``,
  a coordinate that is not a number, an empty crime type) raises
  :class:`~cctv_planner.domain.planning.files.FileRowError` naming the file,
  the row (1-based line number; the header is row 1) and the column. A caller
  that stores batches must do so in one transaction and roll it back on this
  error, so that nothing from a malformed file is kept.

De-duplication key (``CrimeBatch.key``)
---------------------------------------
* A row with a Crime ID: ``"id:<Crime ID>:<t>:<n>"``, where ``t`` is the first
  6 hex digits of sha1(Crime type) and ``n`` (0, 1, ...) counts earlier rows
  in the same file with the same Crime ID and crime type. police.uk IDs are
  stable across releases, but one ID is *not* one row: an occurrence with
  several recorded offences repeats its ID, with the same or different crime
  types (181 of the 4,000 rows of the January 2023 Metropolitan sample; 489
  of the Barnet burglary file's 44,138). Keying by the ID alone would delete
  real crimes; the occurrence index keeps them and still makes a re-import of
  the same month (even with updated outcomes) a no-op.
* A row without one (anti-social behaviour, and early months of some forces):
  ``"nid:" + sha1(Month | Falls within | Crime type | Longitude | Latitude |
  Location | LSOA code)[:24] + ":" + n``, where ``n`` (0, 1, 2, ...) counts the
  earlier rows *in the same file* with the same hashed fields. Re-importing a
  file, or the same month from another download, gives the same keys, so it
  does not duplicate; two genuine incidents snapped to the same point in the
  same month keep distinct keys (``:0`` and ``:1``). The coordinate text is
  hashed as written, so the key does not depend on floating-point parsing.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

import numpy as np

from cctv_planner.domain import geo
from cctv_planner.domain.planning.files import FileRowError, open_text, source_name

POLICE_UK_COLUMNS: tuple[str, ...] = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
_ACCEPTED_HEADERS = (POLICE_UK_COLUMNS, POLICE_UK_COLUMNS[:-1])

(_ID, _MONTH, _REPORTED, _FALLS, _LON, _LAT, _LOCATION, _LSOA_CODE, _LSOA_NAME, _TYPE, _OUTCOME) = (
    range(11)
)

_MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
DEFAULT_BATCH_SIZE = 50_000


@dataclass(frozen=True, slots=True)
class CrimeBatch:
    """One batch of located crimes, as parallel arrays (length ``len(batch)``).

    Attributes
    ----------
    key : ndarray of str (object)
        Stable de-duplication key (see the module docstring).
    crime_id : ndarray of str (object)
        police.uk Crime ID, ``""`` when the file has none.
    month : ndarray of datetime64[M]
        The month the crime is recorded in.
    crime_type : ndarray of str (object)
        police.uk category, e.g. ``"Burglary"``.
    x, y : ndarray of float64
        British National Grid (EPSG:27700) easting and northing, metres.
    lon, lat : ndarray of float64
        The file's anonymised WGS84 (EPSG:4326) coordinates, degrees.
    location : ndarray of str (object)
        Street description, e.g. ``"On or near High Street"``.
    lsoa_code, lsoa_name : ndarray of str (object)
        Lower-layer super output area (2011 codes in police.uk files).
    force : ndarray of str (object)
        "Falls within" (the force whose area it is), else "Reported by".
    outcome : ndarray of str (object)
        Last outcome category, ``""`` when none.
    row : ndarray of int64
        1-based line number in the source file (header = 1).
    """

    key: np.ndarray
    crime_id: np.ndarray
    month: np.ndarray
    crime_type: np.ndarray
    x: np.ndarray
    y: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    location: np.ndarray
    lsoa_code: np.ndarray
    lsoa_name: np.ndarray
    force: np.ndarray
    outcome: np.ndarray
    row: np.ndarray

    def __len__(self) -> int:
        return int(self.x.shape[0])

    def select(self, mask: np.ndarray) -> CrimeBatch:
        """The rows where boolean (or index) ``mask`` selects."""
        return CrimeBatch(**{name: getattr(self, name)[mask] for name in self.__slots__})

    @staticmethod
    def concatenate(batches: Iterable[CrimeBatch]) -> CrimeBatch:
        """Join batches end to end (an empty batch if there are none)."""
        batches = list(batches)
        if not batches:
            return _empty_batch()
        return CrimeBatch(
            **{
                name: np.concatenate([getattr(b, name) for b in batches])
                for name in CrimeBatch.__slots__
            }
        )


def _empty_batch() -> CrimeBatch:
    obj = np.empty(0, dtype=object)
    flt = np.empty(0, dtype=np.float64)
    return CrimeBatch(
        key=obj,
        crime_id=obj,
        month=np.empty(0, dtype="datetime64[M]"),
        crime_type=obj,
        x=flt,
        y=flt,
        lon=flt,
        lat=flt,
        location=obj,
        lsoa_code=obj,
        lsoa_name=obj,
        force=obj,
        outcome=obj,
        row=np.empty(0, dtype=np.int64),
    )


@dataclass(slots=True)
class CrimeFileSummary:
    """Counts for one file, complete once the file has been read to the end.

    Attributes
    ----------
    file : str
        File name.
    rows : int
        Data rows read (header excluded).
    located : int
        Rows yielded in batches (with a usable location).
    no_location : int
        Rows with empty coordinates, skipped.
    zero_location : int
        Rows at longitude 0, latitude 0 (police.uk's "could not snap"), skipped.
    off_grid : int
        Rows whose point is outside Great Britain's grid, skipped.
    without_crime_id : int
        Located rows keyed by the no-ID rule (mostly anti-social behaviour).
    repeated_crime_ids : int
        Located rows whose Crime ID and crime type already appeared earlier in
        the same file. police.uk repeats a Crime ID for several offences
        recorded against one occurrence (4.5% of rows in the January 2023
        Metropolitan sample), so these are kept as separate crimes.
    same_point_repeats : int
        Located rows without Crime ID that repeat an earlier row's month, type,
        point and place exactly: genuine separate incidents at one anonymised
        point, kept (they get occurrence index >= 1).
    months : dict[str, int]
        Located rows per month ``YYYY-MM``.
    crime_types : dict[str, int]
        Located rows per crime type.
    """

    file: str
    rows: int = 0
    located: int = 0
    no_location: int = 0
    zero_location: int = 0
    off_grid: int = 0
    without_crime_id: int = 0
    repeated_crime_ids: int = 0
    same_point_repeats: int = 0
    months: dict[str, int] = field(default_factory=dict)
    crime_types: dict[str, int] = field(default_factory=dict)

    @property
    def skipped(self) -> int:
        """Rows read but not yielded."""
        return self.no_location + self.zero_location + self.off_grid


class PoliceUkFile:
    """Iterate over a police.uk street CSV in :class:`CrimeBatch` batches.

    Parameters
    ----------
    source : path or binary file object
        The CSV file (UTF-8, UTF-8 with BOM, or Windows-1252).
    batch_size : int
        Rows per batch before location filtering (default 50,000).
    name : str, optional
        Name to use in error messages (defaults to the file's base name).

    Examples
    --------
    Stream into a store, all or nothing::

        reader = PoliceUkFile("2023-01-metropolitan-street.csv")
        with transaction():                     # caller's, rolled back on error
            for batch in reader:                # raises FileRowError if malformed
                insert_many(batch.key, batch.month, batch.crime_type,
                            batch.x, batch.y, batch.lsoa_code, batch.force)
                progress(reader.summary.rows)
        print(reader.summary)                   # counts, complete after the loop
    """

    def __init__(
        self,
        source: str | os.PathLike | IO[bytes],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        name: str | None = None,
    ):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.source = source
        self.batch_size = batch_size
        self.name = name or source_name(source)
        self.summary = CrimeFileSummary(file=self.name)

    def __iter__(self) -> Iterator[CrimeBatch]:
        self.summary = CrimeFileSummary(file=self.name)
        text = open_text(self.source)
        try:
            yield from self._batches(text)
        finally:
            if isinstance(self.source, (str, os.PathLike)):
                text.close()
            else:
                # Leave the caller's stream open; just stop wrapping it.
                text.detach()

    def _batches(self, text: IO[str]) -> Iterator[CrimeBatch]:
        reader = csv.reader(text)
        try:
            header = next(reader)
        except StopIteration:
            raise FileRowError(self.name, 1, None, "the file is empty (no header)") from None
        header = [h.strip() for h in header]
        if tuple(header) not in _ACCEPTED_HEADERS:
            raise FileRowError(
                self.name,
                1,
                _first_bad_column(header),
                "unknown header; expected the police.uk street header "
                f"{','.join(POLICE_UK_COLUMNS)}",
            )
        width = len(header)
        # Occurrence counts of no-ID rows, by content hash, for the whole file.
        occurrences: dict = {}
        rows: list[list[str]] = []
        lines: list[int] = []
        for record in reader:
            if len(record) != width:
                if not record or record == [""]:
                    # A blank line (often the last line) carries no crime.
                    continue
                raise FileRowError(
                    self.name,
                    reader.line_num,
                    None,
                    f"expected {width} fields, found {len(record)}",
                )
            rows.append(record)
            lines.append(reader.line_num)
            if len(rows) >= self.batch_size:
                batch = self._parse(rows, np.array(lines, dtype=np.int64), occurrences)
                yield batch
                rows, lines = [], []
        if rows:
            batch = self._parse(rows, np.array(lines, dtype=np.int64), occurrences)
            yield batch

    def _parse(
        self, rows: list[list[str]], line_numbers: np.ndarray, occurrences: dict
    ) -> CrimeBatch:
        summary = self.summary
        n = len(rows)
        summary.rows += n
        cols = list(zip(*rows, strict=True))

        month_text = cols[_MONTH]
        self._check_months(month_text, line_numbers)

        lon_text = np.array(cols[_LON], dtype=object)
        lat_text = np.array(cols[_LAT], dtype=object)
        lon_blank = _blank(lon_text)
        lat_blank = _blank(lat_text)
        # Exactly one of the pair empty is a broken row, not a missing location.
        for blank, other in ((lon_blank, "Latitude"), (lat_blank, "Longitude")):
            partial = blank & ~(lon_blank & lat_blank)
            if partial.any():
                i = int(np.flatnonzero(partial)[0])
                missing = "Longitude" if other == "Latitude" else "Latitude"
                raise FileRowError(
                    self.name, int(line_numbers[i]), missing,
                    f"{missing} is empty but {other} is not",
                )
        has_coords = ~lon_blank
        lon = np.full(n, np.nan)
        lat = np.full(n, np.nan)
        lon[has_coords] = self._numbers(lon_text, has_coords, "Longitude", line_numbers, 180.0)
        lat[has_coords] = self._numbers(lat_text, has_coords, "Latitude", line_numbers, 90.0)

        crime_type = np.array(cols[_TYPE], dtype=object)
        empty_type = _blank(crime_type)
        if empty_type.any():
            i = int(np.flatnonzero(empty_type)[0])
            raise FileRowError(self.name, int(line_numbers[i]), "Crime type", "crime type is empty")

        zero = has_coords & (lon == 0.0) & (lat == 0.0)
        in_gb = (
            (lon >= geo.GB_MIN_LON) & (lon <= geo.GB_MAX_LON)
            & (lat >= geo.GB_MIN_LAT) & (lat <= geo.GB_MAX_LAT)
        )
        summary.no_location += int((~has_coords).sum())
        summary.zero_location += int(zero.sum())
        off_grid = has_coords & ~zero & ~in_gb
        keep = has_coords & ~zero & in_gb
        x = np.full(n, np.nan)
        y = np.full(n, np.nan)
        if keep.any():
            x[keep], y[keep] = geo.lonlat_to_bng_arrays(lon[keep], lat[keep])
            on_grid = (
                (x >= geo.BNG_MIN_E) & (x <= geo.BNG_MAX_E)
                & (y >= geo.BNG_MIN_N) & (y <= geo.BNG_MAX_N)
            )
            off_grid |= keep & ~on_grid
            keep &= on_grid
        summary.off_grid += int(off_grid.sum())

        idx = np.flatnonzero(keep)
        every = idx.size == n

        def column(j: int) -> np.ndarray:
            # police.uk fields carry no padding; csv gives them as written.
            values = np.array(cols[j], dtype=object)
            return values if every else values[idx]

        crime_id = column(_ID)
        types = column(_TYPE)
        months_txt = column(_MONTH)
        lon_kept, lat_kept = lon_text[idx], lat_text[idx]
        falls = column(_FALLS)
        location = column(_LOCATION)
        lsoa_code = column(_LSOA_CODE)
        key_list: list[str] = []
        add = key_list.append
        no_id = same_point = repeated = 0
        # Plain lists: indexing numpy object arrays element by element is slow.
        for cid, crime, month, force_, lo, la, place, lsoa in zip(
            crime_id.tolist(), types.tolist(), months_txt.tolist(), falls.tolist(),
            lon_kept.tolist(), lat_kept.tolist(), location.tolist(), lsoa_code.tolist(),
            strict=True,
        ):
            if cid:
                # Only needs to be consistent within this file: Python's hash will do.
                marker = hash((cid, crime))
                seen = occurrences.get(marker, 0)
                occurrences[marker] = seen + 1
                repeated += seen > 0
                add(f"id:{cid}:{_type_tag(crime)}:{seen}")
            else:
                content = f"{month}|{force_}|{crime}|{lo}|{la}|{place}|{lsoa}"
                digest = hashlib.sha1(content.encode("utf-8")).digest()[:12]
                seen = occurrences.get(digest, 0)
                occurrences[digest] = seen + 1
                same_point += seen > 0
                no_id += 1
                add(f"nid:{digest.hex()}:{seen}")
        keys = np.array(key_list, dtype=object) if key_list else np.empty(0, dtype=object)
        summary.repeated_crime_ids += int(repeated)
        summary.same_point_repeats += int(same_point)
        summary.without_crime_id += no_id

        reported = column(_REPORTED)
        force = np.where(falls != "", falls, reported).astype(object)
        months = months_txt.astype("datetime64[M]")
        summary.located += int(idx.size)
        for value, count in Counter(months_txt.tolist()).items():
            summary.months[value] = summary.months.get(value, 0) + count
        for value, count in Counter(types.tolist()).items():
            summary.crime_types[value] = summary.crime_types.get(value, 0) + count
        return CrimeBatch(
            key=keys,
            crime_id=crime_id,
            month=months,
            crime_type=types,
            x=x[idx],
            y=y[idx],
            lon=lon[idx],
            lat=lat[idx],
            location=location,
            lsoa_code=lsoa_code,
            lsoa_name=column(_LSOA_NAME),
            force=force,
            outcome=column(_OUTCOME),
            row=line_numbers[idx],
        )

    def _check_months(self, month_text: tuple[str, ...], line_numbers: np.ndarray) -> None:
        # A file holds a handful of distinct months: check each distinct value once.
        distinct = set(month_text)
        bad = {m for m in distinct if not _MONTH_RE.match(m)}
        if bad:
            i = next(i for i, m in enumerate(month_text) if m in bad)
            raise FileRowError(
                self.name, int(line_numbers[i]), "Month",
                f"month {month_text[i]!r} is not YYYY-MM",
            )

    def _numbers(
        self,
        text: np.ndarray,
        mask: np.ndarray,
        column: str,
        line_numbers: np.ndarray,
        limit: float,
    ) -> np.ndarray:
        subset = text[mask]
        try:
            values = subset.astype(np.float64)
        except ValueError:
            values = None
        if values is not None:
            bad = ~np.isfinite(values) | (np.abs(values) > limit)
            if not bad.any():
                return values
        # Slow path only to name the first offending row.
        rows = line_numbers[mask]
        for value, row in zip(subset, rows, strict=True):
            try:
                number = float(value)
            except ValueError:
                raise FileRowError(
                    self.name, int(row), column, f"{value!r} is not a number"
                ) from None
            if not np.isfinite(number) or abs(number) > limit:
                raise FileRowError(
                    self.name, int(row), column, f"{value!r} is not a {column.lower()} in degrees"
                )
        raise AssertionError("unreachable")  # pragma: no cover


def _blank(values: np.ndarray) -> np.ndarray:
    return values == ""


@functools.lru_cache(maxsize=256)
def _type_tag(crime_type: str) -> str:
    return hashlib.sha1(crime_type.encode("utf-8")).hexdigest()[:6]


def _first_bad_column(header: list[str]) -> str | None:
    for got, want in zip(header, POLICE_UK_COLUMNS, strict=False):
        if got != want:
            return got
    return None


def read_police_uk(
    sources: Iterable[str | os.PathLike | IO[bytes]] | str | os.PathLike,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> tuple[CrimeBatch, list[CrimeFileSummary]]:
    """Read whole files into one batch, keeping the first row of each key.

    For analysis straight from files (``--crimes FILE...``); an importer
    should stream with :class:`PoliceUkFile` instead.

    Returns
    -------
    crimes : CrimeBatch
        Located crimes from all files, de-duplicated by key across files.
    summaries : list of CrimeFileSummary
        One per file, in order.
    """
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    batches = []
    summaries = []
    for source in sources:
        reader = PoliceUkFile(source, batch_size=batch_size)
        batches.extend(reader)
        summaries.append(reader.summary)
    crimes = CrimeBatch.concatenate(batches)
    _, first = np.unique(crimes.key.astype(str), return_index=True)
    if first.size < len(crimes):
        crimes = crimes.select(np.sort(first))
    return crimes, summaries
