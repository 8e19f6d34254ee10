"""docs/register-file.md holds the column table columns.py generates, so it cannot drift."""

from __future__ import annotations

from pathlib import Path

from cctv_planner.registerfile.columns import COLUMNS, DOC_END, DOC_START, columns_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "register-file.md"


def test_doc_column_table_matches_the_column_spec():
    text = DOC.read_text(encoding="utf-8")
    generated = text.split(DOC_START, 1)[1].split(DOC_END, 1)[0]
    assert generated == "\n" + columns_markdown(), (
        "docs/register-file.md is stale: run python -m cctv_planner.registerfile "
        "docs/register-file.md")


def test_column_table_has_one_line_per_column_in_order():
    lines = columns_markdown().splitlines()[2:]
    assert [line.split("|")[1].strip().strip("`") for line in lines] == [c.name for c in COLUMNS]
