"""How any sheet of the workbook looks: formats, geometry, names, widths, and the one table a sheet
holds, written through XlsxWriter's public API.

Layout follows the ONS / gptables conventions for spreadsheets people read: one native Excel table
per sheet under a title, a one-line description and its source, headers frozen, numbers stored as
numbers, units in their own columns, status in words (colour only repeats what the word says).
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable, Sequence

from reportcmp.pipeline import export_texts as texts
from reportcmp.pipeline.export_tables import ExportError, ViewRows, is_hash

# Fill and font of each status. The word is always in the cell, so the colour only repeats it
# (a reader who cannot tell red from green loses nothing).
STATUS_COLOURS = {
    "exceeded": ("#C6EFCE", "#006100"),
    "met": ("#E2EFDA", "#375623"),
    "missed": ("#FFC7CE", "#9C0006"),
    "not_reported": ("#FFEB9C", "#7F6000"),
    "pending": ("#DDEBF7", "#1F3864"),
    "no_next_report": ("#F2F2F2", "#1F3864"),
    "unverifiable": ("#EDEDED", "#3A3A3A"),
}

# Sheet geometry: title, description, source line, then the table's header row.
TITLE_ROW, DESCRIPTION_ROW, SOURCE_ROW, HEADER_ROW = 0, 1, 2, 3
MAX_COLUMN_WIDTH = 60          # no column is wider; prose columns wrap at it
# Prose that wraps at MAX_COLUMN_WIDTH; other long values (hashes, paths, keys) are cut at the
# column edge instead, so that one long hash does not make every row two lines tall.
PROSE_COLUMNS = frozenset({"rationale", "correction_note", "note", "reason", "description",
                           "meaning", "title", "detected_by"})
HEADER_WIDTH_ALLOWANCE = 20    # headers longer than this wrap rather than widen the column
MAX_SHEET_NAME = 31
ILLEGAL_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")
TABLE_STYLE = "Table Style Light 9"


@dataclass
class Book:
    """The workbook being written, its shared formats and the table names already used."""

    workbook: Any
    formats: dict[str, Any]
    table_names: set[str] = field(default_factory=set)


def make_formats(workbook) -> dict[str, Any]:
    formats = {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "subtitle": workbook.add_format({"bold": True, "font_size": 12}),
        "label": workbook.add_format({"bold": True, "valign": "top"}),
        "header": workbook.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                       "bottom": 1}),
        "cell": workbook.add_format({"valign": "top"}),
        "wrap": workbook.add_format({"valign": "top", "text_wrap": True}),
        "date": workbook.add_format({"valign": "top", "num_format": "yyyy-mm-dd"}),
        "datetime": workbook.add_format({"valign": "top", "num_format": "yyyy-mm-dd hh:mm:ss"}),
        "link": workbook.add_format({"valign": "top", "font_color": "blue", "underline": 1}),
    }
    for status, (fill, font) in STATUS_COLOURS.items():
        formats[f"status_{status}"] = workbook.add_format({"bg_color": fill, "font_color": font})
    return formats


# ---------------------------------------------------------------------------- names and widths

def legal_sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """A sheet name Excel accepts: ≤ 31 characters, none of []:*?/\\, unique ignoring case."""
    cleaned = ILLEGAL_SHEET_CHARACTERS.sub("_", name).strip().strip("'").strip() or "Sheet"
    if cleaned.lower() == "history":  # Excel reserves it for change tracking
        cleaned = "History_"
    taken_lower = {t.lower() for t in taken}
    candidate = cleaned[:MAX_SHEET_NAME]
    number = 2
    while candidate.lower() in taken_lower:
        suffix = f" ({number})"
        candidate = cleaned[: MAX_SHEET_NAME - len(suffix)] + suffix
        number += 1
    return candidate


def legal_table_name(name: str, taken: Iterable[str] = ()) -> str:
    """An Excel table name: ASCII letters, digits, _ and ., not a cell reference, unique."""
    # The tbl_ prefix keeps it from starting with a digit or looking like A1 / R1C1.
    cleaned = "tbl_" + re.sub(r"[^0-9A-Za-z_.]", "_", name)
    taken_lower = {t.lower() for t in taken}
    candidate, number = cleaned[:250], 2
    while candidate.lower() in taken_lower:
        candidate = f"{cleaned[:245]}_{number}"
        number += 1
    return candidate


# The blocks Unicode gives East Asian Width W or F (CJK, kana, hangul, full-width forms), as one
# character class: counting with a regex is ~20x faster than unicodedata per character, which
# matters at 10k rows of quotes. test_export checks it against unicodedata on real report text.
WIDE_CHARACTERS = re.compile(
    "[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF"
    "\uA960-\uA97F\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF01-\uFF60"
    "\uFFE0-\uFFE6\U0001F300-\U0001F64F\U0001F900-\U0001F9FF\U00020000-\U0002FFFD"
    "\U00030000-\U0003FFFD]"
)


def display_width(text: str) -> int:
    """Columns of a fixed-width grid the text takes: a CJK / full-width character counts 2."""
    if text.isascii():
        return len(text)
    return len(text) + len(WIDE_CHARACTERS.findall(text))


def column_width(values: Iterable[Any]) -> int:
    """The widest display width among the values (0 when all are blank)."""
    widest = 0
    try:
        values = set(values)  # a column repeats itself (units, regions, years): measure once
    except TypeError:         # unhashable values (a LIST column): measure each
        pass
    for value in values:
        if value is None:
            continue
        if type(value) is str:
            if 2 * len(value) <= widest:  # cannot be wider than the widest so far
                continue
            width = display_width(value)
        else:
            width = _value_width(value)
        if width > widest:
            widest = width
    return widest


def _value_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        return display_width(value)
    if isinstance(value, bool):
        return 5
    if isinstance(value, (int, float, Decimal)):
        return len(f"{float(value):.10g}")
    if isinstance(value, dt.datetime):
        return 19
    if isinstance(value, dt.date):
        return 10
    return display_width(str(value))


def is_prose(column: str) -> bool:
    return column == "quote" or column.endswith("_quote") or column in PROSE_COLUMNS


def header_for(column: str) -> str:
    """The column's name made readable, or what knowledge/workbook_texts.csv says instead."""
    said = texts.optional(f"header.{column}")
    if said is not None:
        return said
    return column.replace("_", " ") + (" (prefix)" if is_hash(column) else "")


def unique_headers(columns: Sequence[str]) -> list[str]:
    """Readable headers, made unique ignoring case (Excel tables require it)."""
    headers: list[str] = []
    seen: set[str] = set()
    for column in columns:
        header, number = header_for(column), 2
        while header.lower() in seen:
            header = f"{header_for(column)} ({number})"
            number += 1
        seen.add(header.lower())
        headers.append(header)
    return headers


# ---------------------------------------------------------------------------- cells and tables

def write_value(ws, row: int, col: int, value: Any, formats: dict, text_format) -> None:
    """One cell by its Python type: numbers as numbers, NULL / NaN / ±inf as blank."""
    if value is None:
        return
    if isinstance(value, bool):
        ws.write_boolean(row, col, value, formats["cell"])
    elif isinstance(value, (int, float, Decimal)):
        number = float(value)
        if math.isfinite(number):
            ws.write_number(row, col, number, formats["cell"])
    elif isinstance(value, dt.datetime):
        ws.write_datetime(row, col, value, formats["datetime"])
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, value, formats["date"])
    else:
        # write_string, never write(): a quote starting with '=' or 'http' stays text.
        ws.write_string(row, col, str(value), text_format)


def write_column(ws, first_row: int, col: int, values: Sequence, formats: dict, text_format) -> None:
    """One column of a table; all-text and all-number columns skip the per-cell type dispatch."""
    kinds = {type(value) for value in values if value is not None}
    if kinds <= {str}:
        write_string = ws.write_string   # never write(): a quote starting with '=' or 'http' stays text
        for row, value in enumerate(values, start=first_row):
            if value is not None:
                write_string(row, col, value, text_format)
    elif kinds <= {int, float}:
        write_number, isfinite, cell = ws.write_number, math.isfinite, formats["cell"]
        for row, value in enumerate(values, start=first_row):
            if value is not None and isfinite(value):
                write_number(row, col, value, cell)
    else:
        for row, value in enumerate(values, start=first_row):
            write_value(ws, row, col, value, formats, text_format)


def write_table(
    book: Book, ws, first_row: int, columns: Sequence[str], rows: Sequence[tuple], name: str,
    *, wrap_long: bool = True,
) -> list[int]:
    """A native Excel table at `first_row`; returns each column's natural display width.

    With `wrap_long`, a prose column (a quote, a rationale) wider than MAX_COLUMN_WIDTH wraps its
    text; without, long text overflows into the empty cells to its right.
    """
    headers = unique_headers(columns)
    widths = []
    by_column = list(zip(*rows)) or [()] * len(columns)
    for col, (column, values) in enumerate(zip(columns, by_column)):
        natural = column_width(values)
        widths.append(max(natural, min(display_width(headers[col]), HEADER_WIDTH_ALLOWANCE)))
        wraps = wrap_long and natural > MAX_COLUMN_WIDTH and is_prose(column)
        write_column(ws, first_row + 1, col, values, book.formats,
                     book.formats["wrap" if wraps else "cell"])
    table_name = legal_table_name(name, book.table_names)
    book.table_names.add(table_name)
    result = ws.add_table(first_row, 0, first_row + len(rows), len(columns) - 1, {
        "name": table_name,
        "style": TABLE_STYLE,
        "columns": [{"header": h, "header_format": book.formats["header"]} for h in headers],
    })
    if result not in (None, 0):
        raise ExportError(f"XlsxWriter refused the table {table_name} on sheet {ws.name}")
    return widths


def set_widths(ws, widths: Sequence[int], minimum: int = 6) -> None:
    for col, width in enumerate(widths):
        # +2 leaves room for the autofilter button beside the header.
        ws.set_column(col, col, min(max(width, minimum), MAX_COLUMN_WIDTH) + 2)


def write_heading(book: Book, ws, title: str, description: str, source: str) -> None:
    ws.write_string(TITLE_ROW, 0, title, book.formats["title"])
    ws.write_string(DESCRIPTION_ROW, 0, description)
    ws.write_string(SOURCE_ROW, 0, source)


def write_view_sheet(book: Book, ws, view: ViewRows, title: str, description: str) -> int:
    """Title, description and the view as one table with a frozen header; returns its rows."""
    write_heading(book, ws, title, description, texts.text("sheet.source", view=view.view))
    if view.missing:
        ws.write_string(HEADER_ROW, 0, texts.text("sheet.missing", view=view.view))
        return 0
    if not view.rows:
        ws.write_string(HEADER_ROW, 0, texts.text("sheet.empty", view=view.view))
        return 0
    widths = write_table(book, ws, HEADER_ROW, view.columns, view.rows, ws.name)
    set_widths(ws, widths)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    return len(view.rows)


def colour_statuses(book: Book, ws, col: int, n_rows: int, first: int = HEADER_ROW + 1) -> None:
    """Each status word's colour on `n_rows` cells of column `col` from row `first`."""
    last = first + n_rows - 1
    for status, word in texts.status_words().items():
        ws.conditional_format(first, col, last, col, {
            # the English words of the label: "not reported" and "no next report" both begin with "no"
            "type": "text", "criteria": "begins with", "value": word.rsplit(" ", 1)[0],
            "format": book.formats[f"status_{status}"],
        })
