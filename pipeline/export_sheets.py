"""The sheets of the analyst's workbook, in order, and what each one holds.

Each sheet writer takes the tables of pipeline/export_tables.py, the words of
knowledge/workbook_texts.csv (pipeline/export_texts.py) and lays them out with
pipeline/export_layout.py; it returns the number of data rows it wrote.
"""
from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, fields
from typing import Callable

from reportcmp.pipeline import export_texts as texts
from reportcmp.pipeline import verdict
from reportcmp.pipeline.config import Settings
from reportcmp.pipeline.export_layout import (
    HEADER_ROW, Book, colour_statuses, display_width, set_widths, write_heading, write_table,
    write_value, write_view_sheet,
)
from reportcmp.pipeline.export_tables import (
    HEADLINE_METRIC, ViewRows, arrange, cover_reports, headline_series, main_first, scorecard,
    shown_results_where,
)
from reportcmp.pipeline.records import STATUSES

# The sheets in the order of the workbook; each one's line on Contents is its `contents` text.
SHEETS = ("Cover", "Contents", "Scorecard", "Comparison", "Charts", "Targets", "Results", "Ambition",
          "Programs", "Review", "Corrections", "Notes")

# Order on the Comparison sheet: who, when (a year or a span), main target or long tail, what, the
# two quotes, the numbers, the verdict, why, where each quote stands, how the pair was made.
COMPARISON_ORDER = (
    "region", "period_year", "period_kind", "period_start", "period_end", "target_group",
    "metric_name", "target_quote", "result_quote", "target_value", "target_value_high",
    "target_unit", "target_qualifier", "comparator", "result_value", "result_unit", "status", "gap",
    "completion_ratio", "target_kind", "rationale", "target_report_year", "target_paragraph",
    "result_report_year", "result_paragraph", "match_rule", "match_score", "corrected",
    "correction_note", "metric_key",
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
# The same for Comparison: a row says where its quotes stand by report year and paragraph.
COMPARISON_JOIN_KEYS = ("region_key", "target_report_sha256", "result_report_sha256", "target_metric_seq",
                        "result_metric_seq", "result_char_start", "result_char_end")
CHART_ROWS = 18                # rows one chart takes on the Charts sheet


@dataclass(frozen=True)
class ViewSheet:
    """A sheet that shows one public view as it is: which view, in what order. Its title and
    description are the texts sheet.NAME.title / .description (the latter may name {corrections})."""

    sheet: str
    view: str
    columns: tuple[str, ...] = ()  # shown first, in this order; then any others the view has
    sort: tuple[str, ...] = ()     # row order, after region_key (by the columns the view has)
    where: str | Callable = ""    # SQL, or a function of (connection, existing views) giving it
    drop: tuple[str, ...] = ()
    region_first: bool = True      # rows by region_key before `sort` (False: `sort` alone decides)


VIEW_SHEETS = (
    ViewSheet("Targets", "v_metrics", METRIC_ORDER, ("region", "report_year", "paragraph", "char_start"),
              where="kind = 'target'", drop=("kind", *METRIC_JOIN_KEYS)),
    ViewSheet("Results", "v_metrics", METRIC_ORDER, ("region", "report_year", "paragraph", "char_start"),
              where=shown_results_where,
              drop=("kind", "target_kind", "reference_metric_key", *METRIC_JOIN_KEYS)),
    ViewSheet("Ambition", "v_ambition", ("region", "report_year", "metric_name"),
              ("region", "report_year", "metric_key")),
    ViewSheet("Programs", "v_programs",
              ("region", "program_name", "seen_in_reports", "first_year", "last_year", "years",
               "missing_years", "latest_stage", "names_written", "program_id"),
              ("recurring DESC", "region_key", "seen_in_reports DESC", "first_year", "program_id"),
              drop=("recurring", "region_key"), region_first=False),
    ViewSheet("Review", "v_review_queue", ("region", "period_year", "comparison"),
              ("region", "period_year", "comparison")),
    ViewSheet("Corrections", "v_correction_log", ("line",), ("line",)),
)


def write_spec_sheet(book: Book, ws, spec: ViewSheet, view: ViewRows, settings: Settings) -> int:
    return write_view_sheet(
        book, ws, arrange(view, spec.columns, spec.drop), texts.sheet_title(spec.sheet),
        texts.sheet_description(spec.sheet, corrections=settings.paths.corrections))


def write_comparison(book: Book, ws, comparison: ViewRows) -> int:
    """Every comparison row, main targets first and decided first (export_tables.main_first); the
    status and whether the target is a main one in words."""
    comparison = main_first(comparison)
    main_at = comparison.columns.index("main_target")
    groups = {True: texts.text("group.main"), False: texts.text("group.long_tail")}
    grouped = ViewRows(comparison.view, [*comparison.columns, "target_group"],
                       [(*row, groups[bool(row[main_at])]) for row in comparison.rows], comparison.missing)
    view = arrange(grouped, COMPARISON_ORDER, drop=("main_target", *COMPARISON_JOIN_KEYS))
    at = view.columns.index("status")
    words = texts.status_words()
    worded = [row[:at] + (words[row[at]],) + row[at + 1:] for row in view.rows]
    n = write_view_sheet(book, ws, ViewRows(view.view, view.columns, worded),
                         texts.sheet_title("Comparison"), texts.sheet_description("Comparison"))
    if n:
        colour_statuses(book, ws, at, n)
    return n


def write_scorecard(book: Book, ws, comparison: ViewRows) -> int:
    return write_view_sheet(book, ws, scorecard(comparison), texts.sheet_title("Scorecard"),
                            texts.sheet_description("Scorecard"))


def write_charts(book: Book, ws, comparison: ViewRows) -> tuple[int, int]:
    """A data table of the headline metric per region and one line chart per region."""
    write_heading(book, ws, texts.sheet_title("Charts"), texts.sheet_description("Charts"),
                  texts.text("sheet.Charts.source", metric_key=HEADLINE_METRIC))
    series = headline_series(comparison)
    if not series:
        ws.write_string(HEADER_ROW, 0, texts.text("sheet.Charts.none"))
        return 0, 0
    rows = [(region, *point) for region, points in series.items() for point in points]
    columns = ["region", "period_year", "metric_name", "target_value", "result_value", "unit"]
    widths = write_table(book, ws, HEADER_ROW, columns, rows, ws.name)
    set_widths(ws, widths)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    chart_col = len(columns) + 1
    first = HEADER_ROW + 1
    for number, (region, points) in enumerate(series.items()):
        last = first + len(points) - 1
        chart = book.workbook.add_chart({"type": "line"})
        for kind, col in (("target", 3), ("result", 4)):
            chart.add_series({
                "name": texts.text(f"chart.{kind}"),
                "categories": [ws.name, first, 1, last, 1],
                "values": [ws.name, first, col, last, col],
                "marker": {"type": "circle" if kind == "target" else "square", "size": 7},
                "dash_type": "dash" if kind == "target" else "solid",
            })
        chart.set_title({"name": texts.text("chart.title", region=region, metric=points[0][1],
                                            unit=points[0][4])})
        chart.set_x_axis({"name": texts.text("chart.x_axis")})
        chart.set_y_axis({"name": points[0][4]})
        chart.set_legend({"position": "bottom"})
        ws.insert_chart(HEADER_ROW + number * CHART_ROWS, chart_col, chart)
        first = last + 1
    return len(rows), len(series)


def write_notes(book: Book, ws, settings: Settings) -> int:
    words = texts.status_words()
    notes = [(f"status: {s}", texts.text("note.status", word=words[s], meaning=texts.status_meaning(s)))
             for s in STATUSES]
    fill = {s.name: getattr(settings.compare, s.name) for s in fields(settings.compare)}
    fill.update(_bound_words(), corrections=settings.paths.corrections)
    notes += [(topic, note.format(**fill)) for topic, note in texts.texts_under("note.")
              if topic != "status"]
    view = ViewRows("(this workbook)", ["topic", "note"], notes)
    return write_view_sheet(book, ws, view, texts.sheet_title("Notes"), texts.sheet_description("Notes"))


def _bound_words() -> dict[str, str]:
    """Qualifier words per bound as the comparison reads them (knowledge/qualifiers.csv, column bound)."""
    words: dict[str, list[str]] = {bound: [] for bound in ("floor", "above", "ceiling", "about", "in_step")}
    for word, bound in sorted(verdict.bound_words(), key=lambda pair: len(pair[0])):
        words.setdefault(bound, []).append(word)
    return {bound: "、".join(found) for bound, found in words.items()}


def write_contents(book: Book, ws, entries: list[tuple[str, str, int]]) -> int:
    """One row per sheet with a link to it, what it holds and how many rows."""
    write_heading(book, ws, texts.sheet_title("Contents"), texts.sheet_description("Contents"),
                  texts.text("sheet.Contents.source"))
    columns = ["sheet", "description", "rows"]
    widths = write_table(book, ws, HEADER_ROW, columns, entries, ws.name)
    for offset, (name, _description, _rows) in enumerate(entries, start=HEADER_ROW + 1):
        target = "internal:'" + name.replace("'", "''") + "'!A1"
        ws.write_url(offset, 0, target, book.formats["link"], string=name)
    set_widths(ws, widths)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    return len(entries)


def write_cover(
    book: Book, ws, settings: Settings, reports: ViewRows, n_comparisons: int,
    made_at: dt.datetime, database: str, version: str,
) -> int:
    f = book.formats
    ws.write_string(0, 0, texts.text("cover.title"), f["title"])
    ws.write_string(1, 0, texts.text("cover.lead"))
    facts = [
        (texts.text("cover.fact.made"), made_at.isoformat(timespec="seconds")),
        (texts.text("cover.fact.version"), f"reportcmp {version}"),
        (texts.text("cover.fact.database"), database),
        (texts.text("cover.fact.corrections"), str(settings.paths.corrections)),
        (texts.text("cover.fact.reports"), len(reports.rows)),
        (texts.text("cover.fact.comparisons"), n_comparisons),
    ]
    row = 3
    for label, value in facts:
        ws.write_string(row, 0, label, f["label"])
        write_value(ws, row, 1, value, f, f["cell"])
        row += 1
    row += 1
    ws.write_string(row, 0, texts.text("cover.how_to_read"), f["subtitle"])
    for _number, line in texts.texts_under("cover.how_to_read."):
        row += 1
        ws.write_string(row, 0, line)
    row += 2
    ws.write_string(row, 0, texts.text("cover.settings"), f["subtitle"])
    setting_rows = [
        (f"compare.{s.name}", getattr(settings.compare, s.name), texts.optional(f"setting.{s.name}"))
        for s in fields(settings.compare)
    ]
    # The meaning is the last column and overflows to the right rather than widen column C,
    # which the reports table below needs for the year.
    widths = write_table(book, ws, row + 1, ["setting", "value", "meaning"], setting_rows,
                         "Settings", wrap_long=False)[:2]
    row += len(setting_rows) + 3
    ws.write_string(row, 0, texts.text("cover.reports"), f["subtitle"])
    if reports.missing or not reports.rows:
        ws.write_string(row + 1, 0, texts.text("cover.no_reports"))
    else:
        report_widths = write_table(
            book, ws, row + 1, ["region", "level", "report_year", "source_file", "sha256"],
            cover_reports(reports), "Reports")
        widths = [max(pair) for pair in itertools.zip_longest(widths, report_widths, fillvalue=0)]
    # The label column holds short labels; long sentences overflow into the empty cells beside.
    widths[0] = max(widths[0], max(display_width(label) for label, _ in facts))
    set_widths(ws, widths)
    return len(reports.rows)
