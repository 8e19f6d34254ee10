"""police.uk street CSV reader: batches, skips, keys and row-level errors."""

from __future__ import annotations

import io

import numpy as np
import pytest

from cctv_planner.domain import geo
from cctv_planner.domain.planning.files import FileRowError
from cctv_planner.domain.planning.police_uk import POLICE_UK_COLUMNS, PoliceUkFile, read_police_uk

from .conftest import write

HEADER = ",".join(POLICE_UK_COLUMNS)
MET = "Metropolitan Police Service"


def row(crime_id="", month="2023-01", lon="-0.199449", lat="51.563896",
        place="On or near Llanelly Road", crime="Burglary", reported=MET, falls=MET,
        lsoa="E01000140"):
    return ",".join([crime_id, month, reported, falls, lon, lat, place, lsoa, "Barnet 041C",
                     crime, "Under investigation" if crime_id else "", ""])


def good_file_text():
    return "\n".join([
        HEADER,
        row("a1"),                                                   # 2
        row("", crime="Anti-social behaviour"),                      # 3 ASB, no id
        row("", crime="Anti-social behaviour"),                      # 4 same point again
        row("a2", lon="", lat=""),                                   # 5 no location
        row("a3", lon="0.000000", lat="0.000000"),                   # 6 zeroed by police.uk
        row("a1", crime="Violence and sexual offences"),             # 7 same id, other offence
        row("a4", month="2023-02", lon="-0.2609", lat="51.6025", reported=""),  # 8
        "",
    ])


def read_all(path, **kw):
    reader = PoliceUkFile(path, **kw)
    batches = list(reader)
    return batches, reader.summary


def test_located_rows_come_out_projected_with_their_row_numbers(tmp_path):
    path = write(tmp_path, "f.csv", good_file_text())
    batches, summary = read_all(path)
    assert len(batches) == 1
    b = batches[0]
    assert list(b.row) == [2, 3, 4, 7, 8]
    assert list(b.month.astype(str)) == ["2023-01"] * 4 + ["2023-02"]
    # Independent check of the projection: geo.from_lonlat, one point at a time.
    loc = geo.from_lonlat(-0.2609, 51.6025)
    assert b.x[4] == pytest.approx(loc.easting, abs=1e-6)
    assert b.y[4] == pytest.approx(loc.northing, abs=1e-6)
    assert b.force[4] == MET  # "Falls within" when "Reported by" is empty
    assert summary.rows == 7
    assert summary.located == 5
    assert summary.no_location == 1
    assert summary.zero_location == 1
    assert summary.without_crime_id == 2
    assert summary.same_point_repeats == 1
    assert summary.months == {"2023-01": 4, "2023-02": 1}


def test_keys_keep_genuine_repeats_and_are_stable_across_reimport(tmp_path):
    path = write(tmp_path, "f.csv", good_file_text())
    (first,), _ = read_all(path)
    (again,), _ = read_all(path)
    assert list(first.key) == list(again.key)
    keys = list(first.key)
    assert len(set(keys)) == len(keys)  # two ASB at one point, one id with two offences: 5 keys
    assert keys[0].startswith("id:a1:") and keys[3].startswith("id:a1:")
    assert keys[1].startswith("nid:") and keys[1].endswith(":0") and keys[2].endswith(":1")


def test_small_batches_give_the_same_rows_and_keys(tmp_path):
    path = write(tmp_path, "f.csv", good_file_text())
    batches, summary = read_all(path, batch_size=2)
    assert len(batches) == 4  # 7 data rows in batches of 2; skipped rows leave short batches
    keys = np.concatenate([b.key for b in batches])
    (whole,), _ = read_all(path)
    assert list(keys) == list(whole.key)
    assert summary.located == 5


def test_reading_two_files_with_the_same_month_stores_it_once(tmp_path):
    a = write(tmp_path, "a.csv", good_file_text())
    b = write(tmp_path, "b.csv", good_file_text())
    crimes, summaries = read_police_uk([a, b])
    assert len(crimes) == 5
    assert [s.located for s in summaries] == [5, 5]


@pytest.mark.parametrize(
    ("bad_row", "column", "words"),
    [
        (row("x", month="2023-13"), "Month", "YYYY-MM"),
        (row("x", month="23-01"), "Month", "YYYY-MM"),
        (row("x", lon="west"), "Longitude", "not a number"),
        (row("x", lat="51,5"), None, "fields"),
        (row("x", lat="nan"), "Latitude", "latitude"),
        (row("x", lon="", lat="51.5"), "Longitude", "empty"),
        (row("x", crime=""), "Crime type", "empty"),
    ],
)
def test_malformed_row_names_its_row_and_column(tmp_path, bad_row, column, words):
    text = "\n".join([HEADER, row("a"), row("b"), bad_row, row("c")])
    path = write(tmp_path, "bad.csv", text)
    with pytest.raises(FileRowError) as err:
        read_all(path)
    assert err.value.row == 4
    assert err.value.column == column
    assert err.value.file == "bad.csv"
    assert words in err.value.message
    assert "row 4" in str(err.value)


def test_unknown_header_is_rejected_on_row_one(tmp_path):
    path = write(tmp_path, "h.csv", HEADER.replace("Latitude", "Lat") + "\n" + row("a"))
    with pytest.raises(FileRowError) as err:
        read_all(path)
    assert (err.value.row, err.value.column) == (1, "Lat")


def test_header_without_context_column_is_accepted(tmp_path):
    header = ",".join(POLICE_UK_COLUMNS[:-1])
    path = write(tmp_path, "h.csv", header + "\n" + row("a").rsplit(",", 1)[0] + "\n")
    batches, summary = read_all(path)
    assert summary.located == 1


def test_bom_and_windows_1252_bytes_are_read(tmp_path):
    text = HEADER + "\r\n" + row("a", place="On or near St Mary’s Road") + "\r\n"
    data = b"\xef\xbb\xbf" + text.replace("’", "\x00").encode("utf-8").replace(b"\x00", b"\x92")
    path = write(tmp_path, "w.csv", data)
    (b,), _ = read_all(path)
    assert b.location[0] == "On or near St Mary’s Road"


def test_an_uploaded_stream_is_read_and_left_open(tmp_path):
    stream = io.BytesIO(good_file_text().encode("utf-8"))
    reader = PoliceUkFile(stream, name="upload.csv")
    assert sum(len(b) for b in reader) == 5
    assert not stream.closed
