"""The warehouse from a shell, for an analyst who writes no Python: read-only SQL and a report read
paragraph by paragraph with its figures (`reportcmp sql`, `reportcmp show`).

Every connection here is read-only: nothing an analyst types can change the warehouse. The table
printed is DuckDB's own (the box its CLI draws); --csv and --json give what other tools read.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from reportcmp.pipeline.errors import ReportcmpError

FORMATS = ("table", "csv", "json")
# DuckDB prints this many rows of a table before it elides the middle; a query's whole answer is
# wanted here, up to a limit a terminal can still show.
MAX_TABLE_ROWS = 10_000
TABLE_WIDTH = 200   # characters; wider columns are cut with … as DuckDB's CLI does


class AnalystError(ReportcmpError):
    """A query or a request that cannot be answered; the message says why, in one line."""


def connect(db: str | Path) -> duckdb.DuckDBPyConnection:
    """The warehouse, read-only; a missing or unreadable file is an AnalystError."""
    path = Path(db)
    if not path.is_file():
        raise AnalystError(f"{path} does not exist: ingest reports first (reportcmp ingest PATH… --db {path})")
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise AnalystError(f"{path} cannot be opened read-only: {str(exc).splitlines()[0]}") from None


def run_sql(con: duckdb.DuckDBPyConnection, query: str, fmt: str = "table") -> str:
    """The answer to one query as text: a table like DuckDB's CLI, CSV with a header, or JSON rows."""
    if fmt not in FORMATS:
        raise AnalystError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    try:
        relation = con.cursor().sql(query)   # a cursor of its own: no earlier result is left in its way
    except duckdb.Error as exc:
        raise AnalystError(_first_line(exc)) from None
    if relation is None:  # a statement that returns nothing (SET, PRAGMA): nothing to print
        return ""
    try:
        if fmt == "table":
            return _table(relation)
        columns = relation.columns
        rows = relation.fetchall()
    except duckdb.Error as exc:
        raise AnalystError(_first_line(exc)) from None
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return out.getvalue()
    return json.dumps([dict(zip(columns, map(_plain, row))) for row in rows], ensure_ascii=False, indent=1) + "\n"


def _table(relation: duckdb.DuckDBPyRelation) -> str:
    """DuckDB's box table of every row (str() of a relation shows 20 of them, show() prints all it is
    asked for; it prints through Python's stdout, so it is caught here)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        relation.show(max_rows=MAX_TABLE_ROWS, max_width=TABLE_WIDTH)
    return out.getvalue()


def _plain(value):
    """A value JSON can hold: dates and decimals as text, NaN as null."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    return str(value)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0]


def statements(text: str) -> tuple[list[str], str]:
    """The complete statements of what was typed so far (ending in ;) and the unfinished rest."""
    done, rest = [], text
    while ";" in rest:
        head, rest = rest.split(";", 1)
        if head.strip():
            done.append(head.strip())
    return done, rest


# ---------------------------------------------------------------------------- show

@dataclass(frozen=True)
class Shown:
    region: str
    report_year: int
    paragraphs: int       # paragraphs printed
    figures: int          # figures printed under them


PARAGRAPHS_SQL = """
SELECT paragraph, part, period_start, period_end, text, report_sha256
FROM v_paragraphs WHERE region = ? AND report_year = ? ORDER BY paragraph
"""
FIGURES_SQL = """
SELECT paragraph, kind, subject, measure, value, value_high, unit, qualifier, period_year, period_start,
       period_end, quote, char_start
FROM v_metrics WHERE report_sha256 = ? ORDER BY metric_seq
"""


def show_report(con: duckdb.DuckDBPyConnection, region: str, year: int, grep: str | None = None,
                width: int = 100) -> tuple[str, Shown]:
    """A report's paragraphs (all, or those holding `grep`) with the figures read from each, so that
    any quote can be seen in its context; `grep` is marked 【…】 where it stands."""
    found = con.execute(PARAGRAPHS_SQL, [region, year]).fetchall()
    if not found:
        known = con.execute("SELECT DISTINCT region FROM v_reports WHERE region LIKE ? ORDER BY 1",
                            [f"%{region}%"]).fetchall()
        years = con.execute("SELECT report_year FROM v_reports WHERE region = ? ORDER BY 1", [region]).fetchall()
        hint = (f"; years of {region}: {', '.join(str(y) for (y,) in years)}" if years else
                f"; regions like it: {', '.join(r for (r,) in known)}" if known else "")
        raise AnalystError(f"no report of {region} {year} in the warehouse{hint}")
    figures: dict[int, list[tuple]] = {}
    for row in con.execute(FIGURES_SQL, [found[0][5]]).fetchall():
        figures.setdefault(row[0], []).append(row)
    lines, n_paragraphs, n_figures = [f"{region} {year}"], 0, 0
    for paragraph, part, start, end, text, _sha in found:
        if grep and grep not in text:
            continue
        n_paragraphs += 1
        period = "" if start is None else (f" {start}" if start == end else f" {start}–{end}")
        shown_text = text.replace(grep, f"【{grep}】") if grep else text
        lines.append("")
        lines.append(f"¶{paragraph} [{part}{period}]")
        lines.extend(_wrap(shown_text, width))
        for _p, kind, subject, measure, value, high, unit, qualifier, py, ps, pe, quote, _c in figures.get(paragraph, []):
            if grep and grep not in quote:
                continue
            n_figures += 1
            amount = "—" if value is None else f"{value:g}" + (f"–{high:g}" if high is not None else "") + (unit or "")
            when = py if py is not None else (f"{ps}–{pe}" if ps is not None else "")
            said = f" ({qualifier})" if qualifier else ""
            lines.append(f"    {kind:<6} {when!s:<9} {subject} {measure} {amount}{said}  「{quote}」")
    if grep and not n_paragraphs:
        raise AnalystError(f"{grep!r} is not in the report of {region} {year}")
    return "\n".join(lines) + "\n", Shown(region, year, n_paragraphs, n_figures)


def _wrap(text: str, width: int) -> list[str]:
    """The paragraph in lines of `width` characters (Chinese text has no spaces to break at)."""
    text = re.sub(r"\s+", " ", text).strip()
    return ["  " + text[i:i + width] for i in range(0, len(text), width)] or ["  "]
