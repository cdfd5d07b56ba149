"""The export's TableSheet writes exactly what XlsxWriter's own Worksheet writes: the guard on its use of XlsxWriter 3.x internals."""
from __future__ import annotations

import math
import zipfile

import pytest
import xlsxwriter

from pipeline.export import TableSheet

TEXTS = ["完成地区生产总值增长6%", "=1+1", "http://example.com", " leading space", "a & b < c > \"d\"",
         "tab\tand\nnewline", "\x01control", None, "x" * 20000]
NUMBERS = [0, 1, -2, 3.5, 1e-20, 12345678901234567890.0, None, math.nan, math.inf, 2024]


def sheet_xml(path, tmp_path, fast: bool) -> bytes:
    out = tmp_path / path
    book = xlsxwriter.Workbook(str(out))
    ws = book.add_worksheet("S", worksheet_class=TableSheet if fast else None)
    cell = book.add_format({"valign": "top"})
    ws.write_string(0, 0, "title without a format")
    if fast:
        ws.write_text_column(4, 0, TEXTS, cell)
        ws.write_number_column(4, 1, NUMBERS, cell)
    else:
        for row, text in enumerate(TEXTS, start=4):
            if text is not None:
                ws.write_string(row, 0, text, cell)
        for row, number in enumerate(NUMBERS, start=4):
            if number is not None and math.isfinite(number):
                ws.write_number(row, 1, number, cell)
    ws.add_table(3, 0, 3 + len(TEXTS), 1, {"name": "tbl_S", "columns": [{"header": "t"}, {"header": "n"}]})
    book.close()
    with zipfile.ZipFile(out) as archive:
        return archive.read("xl/worksheets/sheet1.xml") + archive.read("xl/sharedStrings.xml")


def test_table_sheet_writes_what_xlsxwriter_writes(tmp_path):
    assert sheet_xml("fast.xlsx", tmp_path, True) == sheet_xml("stock.xlsx", tmp_path, False)


@pytest.mark.parametrize("row", [1_048_576, 2_000_000])
def test_table_sheet_skips_rows_out_of_bounds_like_xlsxwriter(tmp_path, row):
    book = xlsxwriter.Workbook(str(tmp_path / "b.xlsx"))
    ws = book.add_worksheet("S", worksheet_class=TableSheet)
    ws.write_text_column(row - 1, 0, ["in", "out"], None)
    ws.write_number_column(row - 1, 1, [1, 2], None)
    assert sorted(ws.table) == ([row - 1] if row == 1_048_576 else [])
    book.close()
