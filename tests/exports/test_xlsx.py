"""The generic xlsx writer: headers, formats, and text that never becomes a formula."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from cctv_planner.domain.register import CameraStatus
from cctv_planner.exports.xlsx import ColumnSpec, SheetSpec, safe_text, write_workbook

INJECTIONS = ["=1+1", "=HYPERLINK(\"http://evil.example\",\"click\")", "+44 20 8359 2000",
              "-5 metres from the junction", "@SUM(A1:A9)", "=cmd|' /C calc'!A0"]


def reload(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_premise_openpyxl_turns_a_leading_equals_into_a_formula():
    # Without the guard the cell is a formula: this is what safe_text prevents.
    ws = Workbook().active
    ws["A1"] = "=1+1"
    assert ws["A1"].data_type == "f"


@pytest.mark.parametrize("text", INJECTIONS)
def test_safe_text_stays_text_after_save_and_reload(text):
    wb = Workbook()
    safe_text(wb.active["A1"], text)
    buffer = io.BytesIO()
    wb.save(buffer)
    cell = reload(buffer.getvalue()).active["A1"]
    assert cell.data_type == "s"
    assert cell.value == text


def test_every_string_cell_and_header_is_written_as_text():
    data = write_workbook([SheetSpec("Notes", ["=header", "note"],
                                     [[text, text] for text in INJECTIONS])])
    ws = reload(data)["Notes"]
    assert ws["A1"].value == "=header" and ws["A1"].data_type == "s"
    for row, text in enumerate(INJECTIONS, start=2):
        for cell in ws[row]:
            assert cell.data_type == "s"
            assert cell.value == text


def test_header_is_bold_frozen_and_filterable():
    data = write_workbook([SheetSpec("Cameras", ["asset_number", "make"],
                                     [["BO69", "Acme"], ["BO70", None]])])
    ws = reload(data)["Cameras"]
    assert [c.value for c in ws[1]] == ["asset_number", "make"]
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:B3"
    assert ws["B3"].value is None


def test_freeze_and_filter_can_be_turned_off():
    data = write_workbook([SheetSpec("Help", ["a"], [["x"]], freeze_header=False,
                                     autofilter=False)])
    ws = reload(data)["Help"]
    assert ws.freeze_panes is None
    assert ws.auto_filter.ref is None


def test_widths_and_number_formats_are_applied():
    columns = [ColumnSpec("lon", width=12, number_format="0.000000"),
               ColumnSpec("a_rather_long_header"), ColumnSpec("installed_on")]
    data = write_workbook([SheetSpec("S", columns, [[-0.2609, 3, date(2021, 12, 1)]])])
    ws = reload(data)["S"]
    assert ws.column_dimensions["A"].width == 12
    assert ws.column_dimensions["B"].width == len("a_rather_long_header") + 2
    assert ws["A2"].number_format == "0.000000"
    assert ws["C2"].number_format == "yyyy-mm-dd"
    assert ws["C2"].value == datetime(2021, 12, 1)


def test_value_types_are_written_natively():
    aware = datetime(2024, 6, 1, 12, 0, tzinfo=timezone(timedelta(hours=1)))
    row = [7, 2.5, Decimal("1234.50"), True, CameraStatus.IN_STORE, aware, None]
    data = write_workbook([SheetSpec("T", list("abcdefg"), [row])])
    ws = reload(data)["T"]
    values = [c.value for c in ws[2]]
    assert values[:4] == [7, 2.5, 1234.5, True]
    assert values[4] == "in_store"  # the enum's stored value
    assert values[5] == datetime(2024, 6, 1, 11, 0)  # written in UTC
    assert values[6] is None


def test_control_characters_are_dropped_rather_than_failing_the_export():
    data = write_workbook([SheetSpec("T", ["note"], [["bell\x07 and\ttab"]])])
    assert reload(data)["T"]["A2"].value == "bell and\ttab"


def test_dropdown_lists_choices_over_the_data_rows():
    data = write_workbook([SheetSpec("T", [ColumnSpec("power", choices=("mains", "solar"))],
                                     [["mains"]], dropdown_rows=50)])
    ws = reload(data)["T"]
    (dv,) = ws.data_validations.dataValidation
    assert dv.formula1 == '"mains,solar"'
    assert str(dv.sqref) == "A2:A51"


def test_bad_specs_are_refused():
    with pytest.raises(ValueError, match="at least one sheet"):
        write_workbook([])
    with pytest.raises(ValueError, match="has 1 cells for 2 columns"):
        write_workbook([SheetSpec("T", ["a", "b"], [["only one"]])])
    with pytest.raises(ValueError, match="inline list"):
        write_workbook([SheetSpec("T", [ColumnSpec("x", choices=("v" * 20,) * 20)], [])])
    with pytest.raises(TypeError, match="cannot write"):
        write_workbook([SheetSpec("T", ["a"], [[object()]])])
