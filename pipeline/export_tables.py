"""The tables the workbook shows: public views read as they are, and tables derived from them.

Nothing here knows about sheets or cells: a view comes back as a `ViewRows` (column names and
rows), checked against CONTRACT.md where the workbook depends on it, and the derived tables (the
Scorecard's counts, the Charts' series) are plain rows too.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Sequence

import duckdb

from reportcmp.pipeline import passage
from reportcmp.pipeline.catalog import LONG_TAIL_PREFIX, UNPAIRED_PREFIX
from reportcmp.pipeline.errors import ReportcmpError
from reportcmp.pipeline.records import LEVELS, STATUSES

DECIDED = ("exceeded", "met", "missed")
HEADLINE_METRIC = "gdp"  # charted per region: GDP growth target against result
HASH_PREFIX = 12         # characters of a report's sha256 shown: unique among thousands

# Columns of v_target_vs_result that CONTRACT.md names; the export refuses a view without them.
COMPARISON_COLUMNS = (
    "region", "period_year", "metric_key", "metric_name", "target_quote", "target_value",
    "target_value_high", "target_unit", "target_qualifier", "comparator", "target_kind",
    "result_quote", "result_value", "result_unit", "status", "gap", "completion_ratio",
    "rationale", "match_rule", "match_score",
)


class ExportError(ReportcmpError):
    """The database cannot be written as a workbook; the message says what is missing or wrong.

    The user's to fix (a path that is a folder, a database without the views), so the CLI shows it
    as its one-line reason like other bad input.
    """


@dataclass(frozen=True)
class ViewRows:
    """What one SELECT gave: column names and rows, or why there are none."""

    view: str
    columns: list[str]
    rows: list[tuple]
    missing: bool = False


# ---------------------------------------------------------------------------- reading the views

def existing_views(con: duckdb.DuckDBPyConnection) -> set[str]:
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
    existing = existing_views(con) if existing is None else existing
    if view not in existing:
        return ViewRows(view, [], [], missing=True)
    columns = columns_of(con, view)
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
        wanted_columns[i] = [hash_prefix(v) for v in wanted_columns[i]]
    rows = list(zip(*wanted_columns)) if view.rows else []
    return ViewRows(view.view, wanted, rows, view.missing)


def is_hash(column: str) -> bool:
    return column.endswith("sha256")


def hash_prefix(value: Any) -> Any:
    return value[:HASH_PREFIX] if isinstance(value, str) else value


def comparison_rows(con: duckdb.DuckDBPyConnection, existing: set[str]) -> ViewRows:
    """v_target_vs_result checked against CONTRACT.md (every named column, only known statuses),
    with where each row comes from and whether it is a main target, main targets first.

    Added columns: `main_target` (a catalog metric, or an item of the report's main-targets
    passage), `target_paragraph` and `result_paragraph` (as v_metrics.paragraph numbers them). Rows
    by region, period year and metric; `main_first` gives the Comparison sheet's order.
    """
    view = read_view(con, "v_target_vs_result",
                     order=("region", "period_year", "metric_key"), existing=existing)
    if view.missing:
        raise ExportError("the database has no view v_target_vs_result: run the comparison first")
    lacking = [c for c in COMPARISON_COLUMNS if c not in view.columns]
    if lacking:
        raise ExportError(f"v_target_vs_result lacks the columns {', '.join(lacking)}")
    at = view.columns.index("status")
    unknown = sorted({str(row[at]) for row in view.rows if row[at] not in STATUSES})
    if unknown:
        raise ExportError(
            f"v_target_vs_result has unknown statuses {', '.join(unknown)} "
            f"(expected one of {', '.join(STATUSES)})"
        )
    return _with_sources(con, existing, view)


def main_first(comparison: ViewRows) -> ViewRows:
    """Rows of `comparison_rows` with the main targets first, decided ones (exceeded, met, missed)
    before the others; then the long tail, decided first; within each, annual targets before those
    of a span, and otherwise as they came (by region, period year, metric)."""
    col = {name: i for i, name in enumerate(comparison.columns)}
    main, status = col["main_target"], col["status"]
    kind = col.get("period_kind")
    rows = sorted(comparison.rows, key=lambda r: (not r[main], r[status] not in DECIDED,
                                                  kind is not None and r[kind] == "span"))
    return ViewRows(comparison.view, comparison.columns, rows, comparison.missing)


def _with_sources(con: duckdb.DuckDBPyConnection, existing: set[str], view: ViewRows) -> ViewRows:
    col = {name: i for i, name in enumerate(view.columns)}
    get = {name: (lambda row, i=col[name]: row[i]) if name in col else (lambda row: None)
           for name in ("target_report_sha256", "target_metric_seq", "result_report_sha256",
                        "result_metric_seq", "result_char_start")}
    paragraphs = statement_paragraphs(con, existing)
    passage_items = passage_targets(con, existing)
    result_places = {(get["result_report_sha256"](row), get["result_char_start"](row)) for row in view.rows
                     if get["result_metric_seq"](row) is None and get["result_char_start"](row) is not None}
    at_place = paragraphs_at(con, existing, result_places)
    rows = []
    for row in view.rows:
        target = (get["target_report_sha256"](row), get["target_metric_seq"](row))
        result = (get["result_report_sha256"](row), get["result_metric_seq"](row))
        result_paragraph = paragraphs.get(result) if result[1] is not None else at_place.get(
            (result[0], get["result_char_start"](row)))
        main = is_catalog_key(row[col["metric_key"]]) or target in passage_items
        rows.append((*row, main, paragraphs.get(target), result_paragraph))
    return ViewRows(view.view, [*view.columns, "main_target", "target_paragraph", "result_paragraph"],
                    rows)


def is_catalog_key(metric_key: str | None) -> bool:
    """A metric of the catalog (gdp, cpi …), not a long-tail subject (lt:…) or an unpaired one (lt?:…)."""
    return bool(metric_key) and not metric_key.startswith((LONG_TAIL_PREFIX, UNPAIRED_PREFIX))


def statement_paragraphs(con: duckdb.DuckDBPyConnection, existing: set[str]) -> dict[tuple[str, int], int]:
    """(report_sha256, metric_seq) -> paragraph of every statement of v_metrics."""
    if "v_metrics" not in existing:
        return {}
    rows = con.execute("SELECT report_sha256, metric_seq, paragraph FROM v_metrics").fetchall()
    return {(sha, seq): paragraph for sha, seq, paragraph in rows}


def paragraphs_at(con: duckdb.DuckDBPyConnection, existing: set[str],
                  places: set[tuple[str, int]]) -> dict[tuple[str, int], int]:
    """(report_sha256, character offset) -> the paragraph holding it: a result read from a sentence
    (match_rule sentence) has a place in the text and no statement."""
    if not places or "core_paragraphs" not in existing:
        return {}
    reports = sorted({sha for sha, _ in places})
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for sha, paragraph, start, end in con.execute(
            "SELECT report_sha256, paragraph, char_start, char_end FROM core_paragraphs "
            "WHERE list_contains(?, report_sha256)", [reports]).fetchall():
        spans.setdefault(sha, []).append((start, end, paragraph))
    return {(sha, at): paragraph for sha, at in places for start, end, paragraph in spans.get(sha, ())
            if start <= at < end}


def passage_targets(con: duckdb.DuckDBPyConnection, existing: set[str]) -> set[tuple[str, int]]:
    """(report_sha256, metric_seq) of the targets of each report's main-targets passage
    (今年经济社会发展的主要预期目标是：…): those at or after its intro in the paragraph that holds it,
    where pipeline/extract.py reads a passage, figures and figureless items alike.

    The paragraph's text comes from the stored report (core_paragraphs, core_reports.clean_text):
    no public view holds paragraphs yet.
    """
    if not {"v_metrics", "core_paragraphs", "core_reports"} <= existing:
        return set()
    intros: dict[tuple[str, int], int] = {}
    for sha, paragraph, start, text in con.execute(
            "SELECT p.report_sha256, p.paragraph, p.char_start, "
            "substr(r.clean_text, p.char_start + 1, p.char_end - p.char_start) AS text "
            "FROM core_paragraphs p JOIN core_reports r USING (report_sha256) "
            "WHERE EXISTS (SELECT 1 FROM v_metrics m WHERE m.kind = 'target' "
            "AND m.report_sha256 = p.report_sha256 AND m.paragraph = p.paragraph) "
            "AND contains(substr(r.clean_text, p.char_start + 1, p.char_end - p.char_start), ?)",
            [passage.TARGET_WORD]).fetchall():
        intro = passage.find_intro(text, 0, len(text))
        if intro is not None:
            intros[(sha, paragraph)] = start + intro.start()
    if not intros:
        return set()
    return {(sha, seq) for sha, seq, paragraph, start in con.execute(
                "SELECT report_sha256, metric_seq, paragraph, char_start FROM v_metrics WHERE kind = 'target'"
            ).fetchall()
            if (sha, paragraph) in intros and start >= intros[(sha, paragraph)]}


def columns_of(con: duckdb.DuckDBPyConnection, view: str) -> list[str]:
    return [row[0] for row in con.execute(f"DESCRIBE {view}").fetchall()]


def is_long_tail_sql(column: str = "metric_key") -> str:
    """SQL: the metric is no catalog metric (a long-tail key lt:… or an unpaired one lt?:…)."""
    return f"(starts_with({column}, '{LONG_TAIL_PREFIX}') OR starts_with({column}, '{UNPAIRED_PREFIX}'))"


def shown_results_where(con: duckdb.DuckDBPyConnection, existing: set[str]) -> str:
    """SQL on v_metrics: the results the workbook lists, those of a catalog metric and those a
    comparison or ambition row sets beside a target. The other ~80% of the corpus's result
    statements (long-tail figures no target asks about) are left to v_metrics itself: each row of
    the workbook costs XlsxWriter's per-cell Python, and these rows answered no question of the
    workbook (benchmarks/README.md, "The workbook through XlsxWriter's public API")."""
    paired = []
    for view, report, seq in (("v_target_vs_result", "result_report_sha256", "result_metric_seq"),
                              ("v_ambition", "report_sha256", "result_metric_seq")):
        if view in existing and {report, seq} <= set(columns_of(con, view)):
            paired.append(f"EXISTS (SELECT 1 FROM {view} AS used WHERE used.{report} = v_metrics.report_sha256 "
                          f"AND used.{seq} = v_metrics.metric_seq)")
    return f"kind = 'result' AND (NOT {is_long_tail_sql()}" + "".join(f" OR {p}" for p in paired) + ")"


def database_name(con: duckdb.DuckDBPyConnection) -> str:
    rows = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()
    return rows[0][0] if rows and rows[0][0] else "in-memory"


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


def cover_reports(reports: ViewRows) -> list[tuple]:
    """(region, level, report_year, source_file, hash prefix) of every report, national first."""
    col = {name: i for i, name in enumerate(reports.columns)}
    rank = {level: i for i, level in enumerate(LEVELS)}

    def get(row, name):
        return row[col[name]] if name in col else None

    rows = [
        (get(r, "region"), get(r, "level"), get(r, "report_year"), get(r, "source_file"),
         hash_prefix(get(r, "sha256")))
        for r in reports.rows
    ]
    rows.sort(key=lambda r: (rank.get(r[1], len(rank)), str(r[0]), r[2] or 0))
    return rows
