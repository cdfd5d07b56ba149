"""The analyst's workbook: the public views written to one .xlsx file.

A Cover that says what the workbook is and how it was made, a Contents sheet, then one native
Excel table per sheet. The parts, each with its own reason to change:
- pipeline/export_tables.py: the views read and checked, and the tables derived from them;
- pipeline/export_texts.py: the workbook's words, from knowledge/workbook_texts.csv;
- pipeline/export_layout.py: formats, geometry, widths, one table per sheet (XlsxWriter's public API);
- pipeline/export_sheets.py: the sheets, in order, and what each one holds;
- this module: the whole workbook, written safely.

The workbook is written to a temporary file beside the target and moved into place with
`os.replace` (pipeline/atomic.py), so an analyst never opens a half-written file, a failed export
leaves the previous one as it was, and the temporary file of a killed export is removed by the next.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Iterator

import duckdb
import xlsxwriter

from reportcmp.pipeline import atomic
from reportcmp.pipeline import export_sheets as sheets
from reportcmp.pipeline import export_texts as texts
from reportcmp.pipeline.config import Settings
from reportcmp.pipeline.export_layout import Book, legal_sheet_name, make_formats
from reportcmp.pipeline.export_tables import ExportError, ViewRows, comparison_rows, database_name, existing_views, read_view

# The word shown in the workbook for each status; it starts with the status code so a filter on
# either works (the words: knowledge/workbook_texts.csv).
STATUS_WORDS = texts.status_words()

__all__ = ["ExportError", "ExportSummary", "STATUS_WORDS", "write_workbook"]


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    sheets: dict[str, int]         # sheet name -> data rows of its table(s)
    n_comparisons: int
    n_charts: int = 0
    missing_views: tuple[str, ...] = ()


def write_workbook(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    settings: Settings,
    *,
    made_at: dt.datetime | None = None,
) -> ExportSummary:
    """Write the analyst workbook to `out`, replacing any previous one only once it is complete.

    Raises ExportError when v_target_vs_result is missing or breaks the contract, or `out` is a
    folder. The other views are optional: a sheet whose view is absent says so, and
    `missing_views` lists them.
    """
    if Path(out).is_dir():
        raise ExportError(f"{out} is a folder: give the workbook's file name, e.g. {Path(out) / 'comparison.xlsx'}")
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


def product_version() -> str:
    try:
        return metadata.version("reportcmp")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def _write_workbook(con: duckdb.DuckDBPyConnection, out: Path, settings: Settings,
                    made_at: dt.datetime) -> ExportSummary:
    existing = existing_views(con)
    comparison = comparison_rows(con, existing)
    reports = read_view(con, "v_reports", order=("region", "report_year"), existing=existing)
    views = {spec.sheet: read_view(con, spec.view, order=spec.sort, existing=existing,
                                   where=spec.where(con, existing) if callable(spec.where) else spec.where,
                                   region_first=spec.region_first)
             for spec in sheets.VIEW_SHEETS}
    missing = tuple(dict.fromkeys(v.view for v in (reports, *views.values()) if v.missing))

    with atomic.replacing(out) as temporary:
        counts, n_charts = _write_file(temporary, settings, made_at, database_name(con),
                                       comparison, reports, views)
    return ExportSummary(path=out, sheets=counts, n_comparisons=len(comparison.rows),
                         n_charts=n_charts, missing_views=missing)


def _write_file(
    path: Path, settings: Settings, made_at: dt.datetime, database: str,
    comparison: ViewRows, reports: ViewRows, views: dict[str, ViewRows],
) -> tuple[dict[str, int], int]:
    workbook = xlsxwriter.Workbook(str(path), {"remove_timezone": True})
    book = Book(workbook, make_formats(workbook))
    version = product_version()
    workbook.set_properties({
        "title": texts.text("workbook.title"),
        "subject": texts.text("workbook.subject"),
        "comments": f"reportcmp {version}",
    })
    names: list[str] = []
    worksheets = {}
    for name in sheets.SHEETS:
        legal = legal_sheet_name(name, names)
        names.append(legal)
        worksheets[name] = workbook.add_worksheet(legal)

    counts = {
        "Scorecard": sheets.write_scorecard(book, worksheets["Scorecard"], comparison),
        "Comparison": sheets.write_comparison(book, worksheets["Comparison"], comparison),
    }
    counts["Charts"], n_charts = sheets.write_charts(book, worksheets["Charts"], comparison)
    for spec in sheets.VIEW_SHEETS:
        counts[spec.sheet] = sheets.write_spec_sheet(book, worksheets[spec.sheet], spec,
                                                     views[spec.sheet], settings)
    counts["Notes"] = sheets.write_notes(book, worksheets["Notes"], settings)
    counts["Cover"] = sheets.write_cover(book, worksheets["Cover"], settings, reports,
                                         len(comparison.rows), made_at, database, version)
    entries = [(worksheets[name].name, texts.sheet_contents(name), counts.get(name, len(sheets.SHEETS)))
               for name in sheets.SHEETS]
    counts["Contents"] = sheets.write_contents(book, worksheets["Contents"], entries)
    workbook.close()
    return {worksheets[name].name: counts[name] for name in sheets.SHEETS}, n_charts
