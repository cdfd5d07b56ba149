"""The analyst's workbook: the public views written to one .xlsx file.

Layout follows the ONS / gptables conventions for spreadsheets people read: a Cover that says what
the workbook is and how it was made, a Contents sheet, then one native Excel table per sheet under
a title and a one-line description, headers frozen, numbers stored as numbers, units in their own
columns, status in words (colour only repeats what the word says).

The workbook is written to a temporary file beside the target and moved into place with
`os.replace`, so an analyst never opens a half-written file and a failed export leaves the previous
one as it was.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
import math
import os
import re
from collections import Counter
from dataclasses import dataclass, field, fields
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import duckdb
import xlsxwriter

from pipeline import verdict
from pipeline.config import Settings
from pipeline.records import LEVELS, STATUSES

# The word shown in the workbook; it starts with the status code so a filter on either works.
STATUS_WORDS = {
    "exceeded": "exceeded 超额完成",
    "met": "met 完成",
    "missed": "missed 未完成",
    "not_reported": "not reported 未报告",
    "pending": "pending 待下年报告",
    "no_next_report": "no next report 缺下年报告",
    "unverifiable": "unverifiable 无法核实",
}
STATUS_MEANINGS = {
    "exceeded": "The result beats the target by more than the exceed margin.",
    "met": "The result reaches the target (within the 左右 band for an 'about' target).",
    "missed": "The result falls short of the target.",
    "not_reported": "The next year's report exists but does not state this result.",
    "pending": "There is no report of the next year yet: it can still come (the region's latest year).",
    "no_next_report": "The report of the next year is missing from the middle of the region's series: "
                      "ingest it to judge the target.",
    "unverifiable": "The target is qualitative, or the result cannot be compared with it "
                    "(another unit or measure); the rationale says which.",
}
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

HEADLINE_METRIC = "gdp"  # charted per region: GDP growth target against result

# Columns of v_target_vs_result that CONTRACT.md names; the export refuses a view without them.
COMPARISON_COLUMNS = (
    "region", "period_year", "metric_key", "metric_name", "target_quote", "target_value",
    "target_value_high", "target_unit", "target_qualifier", "comparator", "target_kind",
    "result_quote", "result_value", "result_unit", "status", "gap", "completion_ratio",
    "rationale", "match_rule", "match_score",
)
# Order on the Comparison sheet: who, when, what, the two quotes, the numbers, the verdict, why.
COMPARISON_ORDER = (
    "region", "period_year", "metric_name", "target_quote", "result_quote", "target_value",
    "target_value_high", "target_unit", "target_qualifier", "comparator", "result_value",
    "result_unit", "status", "gap", "completion_ratio", "target_kind", "rationale",
    "match_rule", "match_score", "corrected", "correction_note", "metric_key",
)
METRIC_ORDER = (
    "region", "level", "report_year", "period_year", "period_start", "period_end",
    "metric_name", "subject", "measure", "value", "value_high", "unit", "value_base",
    "base_unit", "qualifier", "comparator", "target_kind", "reference_metric_key", "quote",
    "metric_key", "paragraph", "char_start", "char_end", "source_file",
)


# Keys a row of v_metrics carries for joins, not for reading: the report is its region and year, and
# its hash is on the Cover. Leaving them out of the two largest sheets cuts the workbook's time by a
# quarter (XlsxWriter's cost is per cell).
METRIC_JOIN_KEYS = ("region_code", "region_key", "report_sha256", "metric_seq", "source_file")


@dataclass(frozen=True)
class ViewSheet:
    """A sheet that shows one public view as it is: which view, in what order, under what title."""

    sheet: str
    view: str
    title: str
    description: str               # may name {corrections}, the corrections file
    columns: tuple[str, ...] = ()  # shown first, in this order; then any others the view has
    sort: tuple[str, ...] = ()     # row order, after region_key (by the columns the view has)
    where: str = ""
    drop: tuple[str, ...] = ()
    region_first: bool = True      # rows by region_key before `sort` (False: `sort` alone decides)


VIEW_SHEETS = (
    ViewSheet("Targets", "v_metrics", "Targets as extracted",
              "Every target statement of every report, value as written and the unit in its "
              "own column.",
              METRIC_ORDER, ("region", "report_year", "paragraph", "char_start"),
              where="kind = 'target'", drop=("kind", *METRIC_JOIN_KEYS)),
    ViewSheet("Results", "v_metrics", "Results as extracted",
              "Every result statement of every report, value as written and the unit in its "
              "own column.",
              METRIC_ORDER, ("region", "report_year", "paragraph", "char_start"),
              where="kind = 'result'",
              drop=("kind", "target_kind", "reference_metric_key", *METRIC_JOIN_KEYS)),
    ViewSheet("Ambition", "v_ambition", "Ambition: each target beside the previous year's result",
              "Whether a region aims above or below what it last achieved on the same metric.",
              ("region", "report_year", "metric_name"), ("region", "report_year", "metric_key")),
    ViewSheet("Programs", "v_programs", "Programmes across the years",
              "One line per named project or programme of a region: its years with the stage each "
              "report gives it, the years it is missing in between, and every spelling. Those seen "
              "in 3 reports or more come first; every mention is in v_program_timeline.",
              ("region", "program_name", "seen_in_reports", "first_year", "last_year", "years",
               "missing_years", "latest_stage", "names_written", "program_id"),
              ("recurring DESC", "region_key", "seen_in_reports DESC", "first_year", "program_id"),
              drop=("recurring", "region_key"), region_first=False),
    ViewSheet("Review", "v_review_queue", "Review queue: low-confidence pairings",
              "Pairs a person should confirm or correct in the corrections file.",
              ("region", "period_year", "comparison"), ("region", "period_year", "comparison")),
    ViewSheet("Corrections", "v_correction_log", "Corrections applied in the last comparison",
              "Each line of {corrections} and the rows it matched; a line that matched 0 rows "
              "is a correction to revisit.",
              ("line",), ("line",)),
)

# Headers are the view's column names made readable; these say more than the name does.
HEADERS = {
    "metric_name": "metric",
    "status": "status",
    "gap": "gap (result − target)",
    "completion_ratio": "completion ratio (result ÷ target)",
    "target_value_high": "target value high (range)",
    "value_high": "value high (range)",
    "corrected": "corrected by hand",
    "share_met_or_exceeded_pct": "share met or exceeded (%)",
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
HASH_PREFIX = 12               # characters of a report's sha256 shown: unique among thousands
ILLEGAL_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")
CHART_ROWS = 18                # rows one chart takes on the Charts sheet

SETTING_MEANINGS = {
    "about_tolerance_pp": "左右 band on a rate: met when |result − target| is within this many "
                          "percentage points.",
    "about_tolerance_rel": "左右 band on a level: met when |result − target| is within this share "
                           "of the target.",
    "exceed_margin_pp": "A rate beats its bound by more than this many percentage points: exceeded.",
    "exceed_margin_rel": "A level beats its bound by more than this share of the target: exceeded.",
    "fuzzy_scorer": "rapidfuzz scorer used to pair long-tail subjects.",
    "fuzzy_accept": "Pairing score at or above which a target and a result are paired.",
    "fuzzy_review": "Pairing score from which a pair below the accept score is listed on Review.",
    "fuzzy_part_min": "When one subject's words are all in the other's, the pair is made only if "
                      "their plain similarity reaches this (the shorter is most of the longer); "
                      "otherwise it is listed on Review.",
    "program_link_accept": "Score at or above which two mentions are linked as one programme.",
    "program_min_reports": "A name found only in quotation marks, a list of projects or a naming "
                           "context is a programme once this many reports of its region name it.",
}


class ExportError(ValueError):
    """The database cannot be written as a workbook; the message says what is missing or wrong.

    A ValueError, so the CLI shows it as its one-line reason like other bad input.
    """


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    sheets: dict[str, int]         # sheet name -> data rows of its table(s)
    n_comparisons: int
    n_charts: int = 0
    missing_views: tuple[str, ...] = ()


@dataclass(frozen=True)
class ViewRows:
    """What one SELECT gave: column names and rows, or why there are none."""

    view: str
    columns: list[str]
    rows: list[tuple]
    missing: bool = False


@dataclass
class _Book:
    """The workbook being written, its shared formats and the table names already used."""

    workbook: Any
    formats: dict[str, Any]
    table_names: set[str] = field(default_factory=set)


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
    if column in HEADERS:
        return HEADERS[column]
    return column.replace("_", " ") + (" (prefix)" if is_hash(column) else "")


def _unique_headers(columns: Sequence[str]) -> list[str]:
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


# ---------------------------------------------------------------------------- reading the views

def _existing_views(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    return {name for (name,) in rows}


def read_view(
    con: duckdb.DuckDBPyConnection,
    view: str,
    *,
    order: Sequence[str] = (),
    where: str = "",
    existing: set[str] | None = None,
    region_first: bool = True,
) -> ViewRows:
    """All rows of a view, sorted by the `order` columns it has (a column may end in " DESC");
    `missing` when there is no view."""
    existing = _existing_views(con) if existing is None else existing
    if view not in existing:
        return ViewRows(view, [], [], missing=True)
    columns = [row[0] for row in con.execute(f"DESCRIBE {view}").fetchall()]
    # region_key first keeps a renamed region together and, being the division code where
    # known, lists 全国 first and each city under its province.
    wanted = [c.partition(" ") for c in (("region_key",) if region_first else ()) + tuple(order)]
    sort = [(c, direction) for c, _, direction in wanted if c in columns]
    order_sql = ", ".join((f'"{c}" COLLATE zh' if c == "region" else f'"{c}"') + (f" {d}" if d else "")
                          for c, d in sort)
    sql = f"SELECT * FROM {view}"
    if where:
        sql += f" WHERE {where}"
    if order_sql:
        sql += f" ORDER BY {order_sql}"
    cursor = con.execute(sql)
    rows = cursor.fetchall()
    return ViewRows(view, [d[0] for d in cursor.description], rows)


def arrange(view: ViewRows, order: Sequence[str], drop: Iterable[str] = ()) -> ViewRows:
    """Columns in the given order first, then any extra columns the view has, minus `drop`.

    A report hash (a column named …sha256) is cut to the prefix the Cover lists the reports by:
    enough to find the report, and a 64-character column helps nobody read a row.
    """
    drop = set(drop)
    known = [c for c in order if c in view.columns and c not in drop]
    extra = [c for c in view.columns if c not in order and c not in drop]
    wanted = known + extra
    hashes = [i for i, c in enumerate(wanted) if is_hash(c)]
    if wanted == view.columns and not hashes:
        return view
    # Column by column through zip, not cell by cell: the large sheets have ~20 k rows.
    columns = list(zip(*view.rows)) or [()] * len(view.columns)
    wanted_columns = [columns[view.columns.index(c)] for c in wanted]
    for i in hashes:
        wanted_columns[i] = [_hash_prefix(v) for v in wanted_columns[i]]
    rows = list(zip(*wanted_columns)) if view.rows else []
    return ViewRows(view.view, wanted, rows, view.missing)


def is_hash(column: str) -> bool:
    return column.endswith("sha256")


def _hash_prefix(value: Any) -> Any:
    return value[:HASH_PREFIX] if isinstance(value, str) else value


def comparison_rows(con: duckdb.DuckDBPyConnection, existing: set[str]) -> ViewRows:
    """v_target_vs_result checked against CONTRACT.md: every named column, only known statuses."""
    view = read_view(con, "v_target_vs_result",
                     order=("region", "period_year", "metric_key"), existing=existing)
    if view.missing:
        raise ExportError("the database has no view v_target_vs_result: run the comparison first")
    lacking = [c for c in COMPARISON_COLUMNS if c not in view.columns]
    if lacking:
        raise ExportError(f"v_target_vs_result lacks the columns {', '.join(lacking)}")
    at = view.columns.index("status")
    unknown = sorted({str(row[at]) for row in view.rows if row[at] not in STATUS_WORDS})
    if unknown:
        raise ExportError(
            f"v_target_vs_result has unknown statuses {', '.join(unknown)} "
            f"(expected one of {', '.join(STATUSES)})"
        )
    return view


# ---------------------------------------------------------------------------- derived tables

def scorecard(comparison: ViewRows) -> ViewRows:
    """Per region and period_year: how many annual targets got each status, and the share achieved.
    Five-year targets are left out: a year's scorecard counts that year's targets only."""
    region_at = comparison.columns.index("region")
    year_at = comparison.columns.index("period_year")
    status_at = comparison.columns.index("status")
    kind_at = comparison.columns.index("period_kind") if "period_kind" in comparison.columns else None
    counts: dict[tuple, Counter] = {}
    for row in comparison.rows:  # already in region, period order
        if kind_at is not None and row[kind_at] != "year":
            continue
        counts.setdefault((row[region_at], row[year_at]), Counter())[row[status_at]] += 1
    rows = []
    for (region, year), count in counts.items():
        decided = count["exceeded"] + count["met"] + count["missed"]
        achieved = count["exceeded"] + count["met"]
        share = round(100 * achieved / decided, 1) if decided else None
        rows.append((region, year, *(count[s] for s in STATUSES),
                     sum(count.values()), decided, share))
    columns = ["region", "period_year", *STATUSES, "total", "decided",
               "share_met_or_exceeded_pct"]
    return ViewRows("v_target_vs_result", columns, rows)


def headline_series(comparison: ViewRows) -> dict[str, list[tuple]]:
    """Per region, (period_year, metric_name, target, result, unit) of the headline metric.

    Only its growth rate of a single year: the same metric_key also carries the level in 亿元
    and five-year targets, which would share the axis with nothing comparable.
    """
    col = {name: i for i, name in enumerate(comparison.columns)}
    best: dict[tuple, tuple[int, tuple]] = {}
    for row in comparison.rows:
        year = row[col["period_year"]]
        if row[col["metric_key"]] != HEADLINE_METRIC or year is None:
            continue
        if "measure" in col and row[col["measure"]] not in (None, "growth"):
            continue
        if row[col["target_unit"]] not in (None, "%") or row[col["result_unit"]] not in (None, "%"):
            continue
        if "period_start" in col and row[col["period_start"]] not in (None, year):
            continue
        target, result = _number(row[col["target_value"]]), _number(row[col["result_value"]])
        if target is None and result is None:
            continue
        # One point per region and year; should the view give two, the fuller one is drawn.
        fullness = (target is not None) + (result is not None)
        key = (row[col["region"]], year)
        if key not in best or fullness > best[key][0]:
            best[key] = (fullness, (year, row[col["metric_name"]], target, result, "%"))
    series: dict[str, list[tuple]] = {}
    for (region, _year), (_fullness, point) in best.items():
        series.setdefault(region, []).append(point)
    for points in series.values():
        points.sort(key=lambda point: point[0])
    return series


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


# ---------------------------------------------------------------------------- writing cells

def _make_formats(workbook) -> dict[str, Any]:
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


def _write_value(ws, row: int, col: int, value: Any, formats: dict, text_format) -> None:
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


def _write_column(ws, first_row: int, col: int, values: Sequence, formats: dict, text_format) -> None:
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
            _write_value(ws, row, col, value, formats, text_format)


def _write_table(
    book: _Book, ws, first_row: int, columns: Sequence[str], rows: Sequence[tuple], name: str,
    *, wrap_long: bool = True,
) -> list[int]:
    """A native Excel table at `first_row`; returns each column's natural display width.

    With `wrap_long`, a prose column (a quote, a rationale) wider than MAX_COLUMN_WIDTH wraps its
    text; without, long text overflows into the empty cells to its right.
    """
    headers = _unique_headers(columns)
    widths = []
    by_column = list(zip(*rows)) or [()] * len(columns)
    for col, (column, values) in enumerate(zip(columns, by_column)):
        natural = column_width(values)
        widths.append(max(natural, min(display_width(headers[col]), HEADER_WIDTH_ALLOWANCE)))
        wraps = wrap_long and natural > MAX_COLUMN_WIDTH and is_prose(column)
        _write_column(ws, first_row + 1, col, values, book.formats,
                      book.formats["wrap" if wraps else "cell"])
    table_name = legal_table_name(name, book.table_names)
    book.table_names.add(table_name)
    result = ws.add_table(first_row, 0, first_row + len(rows), len(columns) - 1, {
        "name": table_name,
        "style": "Table Style Light 9",
        "columns": [{"header": h, "header_format": book.formats["header"]} for h in headers],
    })
    if result not in (None, 0):
        raise ExportError(f"XlsxWriter refused the table {table_name} on sheet {ws.name}")
    return widths


def _set_widths(ws, widths: Sequence[int], minimum: int = 6) -> None:
    for col, width in enumerate(widths):
        # +2 leaves room for the autofilter button beside the header.
        ws.set_column(col, col, min(max(width, minimum), MAX_COLUMN_WIDTH) + 2)


def _write_heading(book: _Book, ws, title: str, description: str, source: str) -> None:
    ws.write_string(TITLE_ROW, 0, title, book.formats["title"])
    ws.write_string(DESCRIPTION_ROW, 0, description)
    ws.write_string(SOURCE_ROW, 0, source)


def _write_view_sheet(book: _Book, ws, view: ViewRows, title: str, description: str) -> int:
    """Title, description and the view as one table with a frozen header; returns its rows."""
    _write_heading(book, ws, title, description, f"Source: DuckDB view {view.view}")
    if view.missing:
        ws.write_string(HEADER_ROW, 0,
                        f"Not available: the database has no view {view.view}.")
        return 0
    if not view.rows:
        ws.write_string(HEADER_ROW, 0, f"No rows: the view {view.view} is empty.")
        return 0
    widths = _write_table(book, ws, HEADER_ROW, view.columns, view.rows, ws.name)
    _set_widths(ws, widths)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    return len(view.rows)


def _colour_statuses(book: _Book, ws, col: int, n_rows: int) -> None:
    first, last = HEADER_ROW + 1, HEADER_ROW + n_rows
    for status, word in STATUS_WORDS.items():
        ws.conditional_format(first, col, last, col, {
            # the English words of the label: "not reported" and "no next report" both begin with "no"
            "type": "text", "criteria": "begins with", "value": word.rsplit(" ", 1)[0],
            "format": book.formats[f"status_{status}"],
        })


# ---------------------------------------------------------------------------- the sheets

def _write_cover(
    book: _Book, ws, settings: Settings, reports: ViewRows, n_comparisons: int,
    made_at: dt.datetime, database: str,
) -> int:
    f = book.formats
    ws.write_string(0, 0, "reportcmp: targets of government work reports against the results "
                          "reported a year later", f["title"])
    ws.write_string(1, 0, "Each quantitative target a government work report (政府工作报告) sets "
                          "for its year, beside the result the same region's report of the "
                          "next year states, with a verdict and its reason.")
    facts = [
        ("Made", made_at.isoformat(timespec="seconds")),
        ("Product version", f"reportcmp {_product_version()}"),
        ("Database", database),
        ("Corrections file", str(settings.paths.corrections)),
        ("Reports", len(reports.rows)),
        ("Comparisons", n_comparisons),
    ]
    row = 3
    for label, value in facts:
        ws.write_string(row, 0, label, f["label"])
        _write_value(ws, row, 1, value, f, f["cell"])
        row += 1
    row += 1
    ws.write_string(row, 0, "How to read a row of Comparison", f["subtitle"])
    for line in _HOW_TO_READ:
        row += 1
        ws.write_string(row, 0, line)
    row += 2
    ws.write_string(row, 0, "Settings that decide the verdicts", f["subtitle"])
    setting_rows = [
        (f"compare.{s.name}", getattr(settings.compare, s.name), SETTING_MEANINGS.get(s.name))
        for s in fields(settings.compare)
    ]
    # The meaning is the last column and overflows to the right rather than widen column C,
    # which the reports table below needs for the year.
    widths = _write_table(book, ws, row + 1, ["setting", "value", "meaning"], setting_rows,
                          "Settings", wrap_long=False)[:2]
    row += len(setting_rows) + 3
    ws.write_string(row, 0, "Reports in this workbook", f["subtitle"])
    if reports.missing or not reports.rows:
        ws.write_string(row + 1, 0, "No reports: the database has none ingested.")
    else:
        report_widths = _write_table(
            book, ws, row + 1, ["region", "level", "report_year", "source_file", "sha256"],
            _cover_reports(reports), "Reports")
        widths = [max(pair) for pair in itertools.zip_longest(widths, report_widths, fillvalue=0)]
    # The label column holds short labels; long sentences overflow into the empty cells beside.
    widths[0] = max(widths[0], max(display_width(label) for label, _ in facts))
    _set_widths(ws, widths)
    return len(reports.rows)


_HOW_TO_READ = (
    "One row is one target of one region for one year (period year), from the report of that "
    "year, and the result for the same year from the report of the year after.",
    "target quote / result quote: the clause of each report that states the figure, as stored "
    "(full-width digits made ASCII).",
    "Values are in the unit as written, in their own column: 6 with unit % means 6%.",
    "status: the verdict in words (the colour repeats it); rationale: why, in words; match rule "
    "and match score: how the result was paired with the target.",
    "corrected by hand: the row was changed by the corrections file; correction note says why.",
    "The Notes sheet defines every status and the tolerance rules.",
)


def _cover_reports(reports: ViewRows) -> list[tuple]:
    col = {name: i for i, name in enumerate(reports.columns)}
    rank = {level: i for i, level in enumerate(LEVELS)}

    def get(row, name):
        return row[col[name]] if name in col else None

    rows = [
        (get(r, "region"), get(r, "level"), get(r, "report_year"), get(r, "source_file"),
         _hash_prefix(get(r, "sha256")))
        for r in reports.rows
    ]
    rows.sort(key=lambda r: (rank.get(r[1], len(rank)), str(r[0]), r[2] or 0))
    return rows


def _product_version() -> str:
    try:
        return metadata.version("reportcmp")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def _database_name(con: duckdb.DuckDBPyConnection) -> str:
    rows = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()
    return rows[0][0] if rows and rows[0][0] else "in-memory"


def _write_comparison(book: _Book, ws, comparison: ViewRows) -> int:
    view = arrange(comparison, COMPARISON_ORDER)
    at = view.columns.index("status")
    worded = [row[:at] + (STATUS_WORDS[row[at]],) + row[at + 1:] for row in view.rows]
    n = _write_view_sheet(
        book, ws, ViewRows(view.view, view.columns, worded),
        "Targets against results, one row per target",
        "Each target of a year beside the result reported a year later, the verdict in words "
        "and why.")
    if n:
        _colour_statuses(book, ws, at, n)
    return n


def _write_scorecard(book: _Book, ws, comparison: ViewRows) -> int:
    view = scorecard(comparison)
    return _write_view_sheet(
        book, ws, view, "Scorecard: verdicts per region and year",
        "How many targets of each region and period year got each status; share met or "
        "exceeded is among the decided ones (exceeded + met + missed), in percent.")


def _write_charts(book: _Book, ws, comparison: ViewRows) -> tuple[int, int]:
    """A data table of the headline metric per region and one line chart per region."""
    _write_heading(book, ws, "Charts: GDP growth target against result",
                   "One chart per region that has them: the target each report set (the low "
                   "end of a range) and the result the next year's report stated.",
                   "Source: DuckDB view v_target_vs_result, metric_key gdp")
    series = headline_series(comparison)
    if not series:
        ws.write_string(HEADER_ROW, 0, "No rows: no region has a GDP target or result.")
        return 0, 0
    rows = [(region, *point) for region, points in series.items() for point in points]
    columns = ["region", "period_year", "metric_name", "target_value", "result_value", "unit"]
    widths = _write_table(book, ws, HEADER_ROW, columns, rows, ws.name)
    _set_widths(ws, widths)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    chart_col = len(columns) + 1
    first = HEADER_ROW + 1
    for number, (region, points) in enumerate(series.items()):
        last = first + len(points) - 1
        chart = book.workbook.add_chart({"type": "line"})
        for label, col in (("target", 3), ("result", 4)):
            chart.add_series({
                "name": label,
                "categories": [ws.name, first, 1, last, 1],
                "values": [ws.name, first, col, last, col],
                "marker": {"type": "circle" if label == "target" else "square", "size": 7},
                "dash_type": "dash" if label == "target" else "solid",
            })
        chart.set_title({"name": f"{region}: {points[0][1]} growth, target and result ({points[0][4]})"})
        chart.set_x_axis({"name": "period year"})
        chart.set_y_axis({"name": points[0][4]})
        chart.set_legend({"position": "bottom"})
        ws.insert_chart(HEADER_ROW + number * CHART_ROWS, chart_col, chart)
        first = last + 1
    return len(rows), len(series)


def _write_notes(book: _Book, ws, settings: Settings) -> int:
    c = settings.compare
    words = _bound_words()
    notes = [(f"status: {s}", f"{STATUS_WORDS[s]}. {STATUS_MEANINGS[s]}") for s in STATUSES]
    notes += [
        ("tolerances",
         f"On a rate (a target in %) the margins are percentage points: exceed margin "
         f"{c.exceed_margin_pp} pp, 左右 band {c.about_tolerance_pp} pp. On a level (亿元, 万个 …) "
         f"they are shares of the target: exceed margin {c.exceed_margin_rel:.0%}, 左右 band "
         f"{c.about_tolerance_rel:.0%}."),
        ("rule: floor (>=)",
         f"{words.get('floor', '以上')} …: met when the result is at least the target; exceeded "
         "when it is higher by more than the exceed margin; missed when below."),
        ("rule: above (>)",
         f"{words.get('above', '高于')} …: met only when the result is higher than the target; "
         "exceeded when higher by more than the exceed margin; missed when equal or below."),
        ("rule: ceiling (<=)",
         f"{words.get('ceiling', '以内')} …, and 左右 on a metric where lower is better (CPI, "
         "unemployment, deficit, energy use): met when the result is at most the target, missed "
         "when above. Staying far under a ceiling is met, never exceeded."),
        ("rule: 左右 band (~)",
         f"{words.get('about', '左右')} … on a metric where higher is better: met from the band "
         "below the target up to the exceed margin above it; exceeded when higher by more than "
         "the exceed margin; missed when lower by more than the band. In-step targets "
         f"({words.get('in_step', '同步')}) are judged the same way against the referenced "
         "growth."),
        ("rule: range",
         "A range such as 6%-6.5%: missed below its low end, met from the low end up, exceeded "
         "when the result beats the high end by more than the exceed margin."),
        ("completion ratio",
         "result ÷ target, given for levels and for growth floors, ranges and 'above' targets: "
         "1.05 is 5% above the target. Blank for ceilings, 左右 bands of rates and qualitative "
         "targets."),
        ("gap", "result − target, in the target's unit (percentage points for rates)."),
        ("values and units",
         "Values are as written in the report, the unit in its own column: 6 with unit % is "
         "6%; 3.65 with unit 万个 is 36,500."),
        ("quotes", "The shortest clause of the stored report text that states the figure."),
        ("corrections",
         f"Analysts correct pairings, values and verdicts in {settings.paths.corrections}; every "
         "run re-applies the file, and corrected rows say so in 'corrected by hand'. The "
         "Corrections sheet shows what each line of the file did in the last comparison."),
        ("settings", "The tolerances in force for this workbook are listed on the Cover."),
    ]
    view = ViewRows("(this workbook)", ["topic", "note"], notes)
    return _write_view_sheet(book, ws, view, "Notes: statuses and rules",
                             "What each status means and how a result is judged.")


def _bound_words() -> dict[str, str]:
    """Qualifier words per bound as the comparison reads them (knowledge/qualifiers.csv, column bound)."""
    words: dict[str, list[str]] = {}
    for word, bound in sorted(verdict.bound_words(), key=lambda pair: len(pair[0])):
        words.setdefault(bound, []).append(word)
    return {bound: "、".join(found) for bound, found in words.items()}


def _write_contents(book: _Book, ws, entries: list[tuple[str, str, int]]) -> int:
    """One row per sheet with a link to it, what it holds and how many rows."""
    _write_heading(book, ws, "Contents", "Every sheet of this workbook; the name links to it.",
                   "Rows: data rows of the sheet's table.")
    columns = ["sheet", "description", "rows"]
    widths = _write_table(book, ws, HEADER_ROW, columns, entries, ws.name)
    for offset, (name, _description, _rows) in enumerate(entries, start=HEADER_ROW + 1):
        target = "internal:'" + name.replace("'", "''") + "'!A1"
        ws.write_url(offset, 0, target, book.formats["link"], string=name)
    _set_widths(ws, widths)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    return len(entries)


SHEETS = (
    ("Cover", "What this workbook is, when and how it was made, the settings and the reports."),
    ("Contents", "This list."),
    ("Scorecard", "Per region and period year: how many targets got each status."),
    ("Comparison", "One row per target: the target, the result a year later, the verdict."),
    ("Charts", "GDP growth target against result, one chart per region."),
    ("Targets", "Every target statement extracted (v_metrics, kind target)."),
    ("Results", "Every result statement extracted (v_metrics, kind result)."),
    ("Ambition", "Each target beside the previous year's result of the same metric."),
    ("Programs", "Named projects and programmes followed across the years of a region, one line "
                 "each, the recurring ones first."),
    ("Review", "Low-confidence pairings for a person to confirm or correct."),
    ("Corrections", "What each line of the corrections file did in the last comparison."),
    ("Notes", "The statuses, the tolerance rules, completion ratio and where corrections live."),
)


# ---------------------------------------------------------------------------- the workbook

def write_workbook(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    settings: Settings,
    *,
    made_at: dt.datetime | None = None,
) -> ExportSummary:
    """Write the analyst workbook to `out`, replacing any previous one only once it is complete.

    Raises ExportError when v_target_vs_result is missing or breaks the contract. The other
    views are optional: a sheet whose view is absent says so, and `missing_views` lists them.
    """
    with _without_cyclic_gc():
        return _write_workbook(con, Path(out), settings, made_at or dt.datetime.now().astimezone())


@contextlib.contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while the workbook is made.

    Reading the views and XlsxWriter's cells allocate ~2 M tuples, and each allocation burst set
    the collector walking every live object again: ~0.9 s of the corpus workbook's ~4.4 s. Rows and
    cells form no cycles, so reference counting frees them all the same; the few objects that do
    (the workbook and its sheets) are collected once the collector runs again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _write_workbook(con: duckdb.DuckDBPyConnection, out: Path, settings: Settings,
                    made_at: dt.datetime) -> ExportSummary:
    existing = _existing_views(con)
    comparison = comparison_rows(con, existing)
    reports = read_view(con, "v_reports", order=("region", "report_year"), existing=existing)
    views = {spec.sheet: read_view(con, spec.view, order=spec.sort, where=spec.where,
                                   existing=existing, region_first=spec.region_first)
             for spec in VIEW_SHEETS}
    missing = tuple(dict.fromkeys(v.view for v in (reports, *views.values()) if v.missing))

    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.stem}.{os.getpid()}.partial{out.suffix}")
    try:
        counts, n_charts = _write_file(temporary, settings, made_at, _database_name(con),
                                       comparison, reports, views)
        os.replace(temporary, out)
    finally:
        if temporary.exists():
            temporary.unlink()
    return ExportSummary(path=out, sheets=counts, n_comparisons=len(comparison.rows),
                         n_charts=n_charts, missing_views=missing)


def _write_file(
    path: Path, settings: Settings, made_at: dt.datetime, database: str,
    comparison: ViewRows, reports: ViewRows, views: dict[str, ViewRows],
) -> tuple[dict[str, int], int]:
    workbook = xlsxwriter.Workbook(str(path), {"remove_timezone": True})
    book = _Book(workbook, _make_formats(workbook))
    workbook.set_properties({
        "title": "reportcmp: targets against results",
        "subject": "Targets of government work reports against results reported a year later",
        "comments": f"reportcmp {_product_version()}",
    })
    names: list[str] = []
    sheets = {}
    for name, _description in SHEETS:
        legal = legal_sheet_name(name, names)
        names.append(legal)
        sheets[name] = workbook.add_worksheet(legal)

    counts = {
        "Scorecard": _write_scorecard(book, sheets["Scorecard"], comparison),
        "Comparison": _write_comparison(book, sheets["Comparison"], comparison),
    }
    counts["Charts"], n_charts = _write_charts(book, sheets["Charts"], comparison)
    for spec in VIEW_SHEETS:
        counts[spec.sheet] = _write_view_sheet(
            book, sheets[spec.sheet], arrange(views[spec.sheet], spec.columns, spec.drop),
            spec.title, spec.description.format(corrections=settings.paths.corrections))
    counts["Notes"] = _write_notes(book, sheets["Notes"], settings)
    counts["Cover"] = _write_cover(book, sheets["Cover"], settings, reports,
                                   len(comparison.rows), made_at, database)
    descriptions = dict(SHEETS)
    entries = [(sheets[name].name, descriptions[name], counts.get(name, len(SHEETS)))
               for name, _ in SHEETS]
    counts["Contents"] = _write_contents(book, sheets["Contents"], entries)
    workbook.close()
    return {sheets[name].name: counts[name] for name, _ in SHEETS}, n_charts
