"""Cells of a table column as an analyst reads them back: text stays text, numbers are numbers,
what is not a number is blank, rows past Excel's last are left out."""
from __future__ import annotations

import math

import openpyxl
import pytest
import xlsxwriter

from reportcmp.pipeline import export_layout

TEXTS = ["完成地区生产总值增长6%", "=1+1", "http://example.com", " leading space", "a & b < c > \"d\"",
         "tab\tand\nnewline", None, "x" * 20000]
NUMBERS = [0, 1, -2, 3.5, 1e-20, 1349084.0, 123456789012345.0, None, math.nan, math.inf, -math.inf, 2024]
FIRST_ROW = 4


def written(tmp_path, columns: list[list]) -> list[tuple]:
    """The columns written from FIRST_ROW by the export's column writer, read back by openpyxl."""
    out = tmp_path / "cells.xlsx"
    book = xlsxwriter.Workbook(str(out))
    ws = book.add_worksheet("S")
    formats = {"cell": book.add_format({"valign": "top"})}
    for col, values in enumerate(columns):
        export_layout.write_column(ws, FIRST_ROW, col, values, formats, formats["cell"])
    book.close()
    sheet = openpyxl.load_workbook(out)["S"]
    height = max(len(values) for values in columns)
    return [tuple(sheet.cell(row=FIRST_ROW + 1 + i, column=1 + c) for c in range(len(columns)))
            for i in range(height)]


def test_text_stays_text_as_written(tmp_path):
    cells = [row[0] for row in written(tmp_path, [TEXTS])]
    assert [c.value for c in cells] == TEXTS
    # '=1+1' is no formula and the address no link: a quote is shown as the report wrote it.
    assert {c.data_type for c in cells if c.value is not None} == {"s"}
    assert all(c.hyperlink is None for c in cells)
    assert all(c.alignment.vertical == "top" for c in cells if c.value is not None)


def test_numbers_are_numbers_and_nan_inf_none_are_blank(tmp_path):
    cells = [row[0] for row in written(tmp_path, [NUMBERS])]
    expected = [None if n is None or not math.isfinite(n) else n for n in NUMBERS]
    assert [c.value for c in cells] == expected
    assert {c.data_type for c in cells if c.value is not None} == {"n"}


def test_mixed_column_by_each_value_s_type(tmp_path):
    values = ["第一", 2, None, True, 3.25, math.nan]
    cells = [row[0] for row in written(tmp_path, [values])]
    assert [c.value for c in cells] == ["第一", 2, None, True, 3.25, None]
    assert [c.data_type for c in cells] == ["s", "n", "n", "b", "n", "n"]


def test_text_longer_than_excel_allows_is_cut_at_its_limit(tmp_path):
    (cell,), = written(tmp_path, [["字" * 40000]])
    assert cell.value == "字" * 32767


@pytest.mark.parametrize("last_row", [1_048_575, 1_048_576])
def test_rows_past_excel_s_last_are_left_out(tmp_path, last_row):
    """A column that runs past row 1,048,576 keeps what fits; nothing raises."""
    out = tmp_path / "tall.xlsx"
    book = xlsxwriter.Workbook(str(out))
    ws = book.add_worksheet("S")
    formats = {"cell": None}
    export_layout.write_column(ws, last_row - 1, 0, ["in", "out"], formats, None)
    export_layout.write_column(ws, last_row - 1, 1, [1, 2], formats, None)
    book.close()
    sheet = openpyxl.load_workbook(out, read_only=True)["S"]
    rows = [row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]
    assert rows == ([("in", 1), ("out", 2)] if last_row == 1_048_575 else [("in", 1)])
