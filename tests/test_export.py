"""The analyst workbook: written from the public views, read back with openpyxl.

The compare views are built here from constant rows with the CONTRACT.md columns, so the exporter
is tested against the contract, whatever the compare SQL of the day gives.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from dataclasses import fields
from pathlib import Path

import duckdb
import openpyxl
import pytest
import xlsxwriter
from openpyxl.utils import get_column_letter

from reportcmp.pipeline import warehouse
from reportcmp.pipeline import export, export_layout, export_tables, verdict
from reportcmp.pipeline.records import STATUSES
from reportcmp.pipeline.config import CompareSettings, Paths, Settings
from reportcmp.pipeline.errors import ReportcmpError

MADE_AT = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone.utc)
SETTINGS = Settings(paths=Paths(corrections=Path("corrections/corrections.csv")))

SHEET_NAMES = ["Cover", "Contents", "Scorecard", "Comparison", "Charts", "Targets", "Results",
               "Ambition", "Programs", "Review", "Corrections", "Notes"]

NATIONAL_2024 = "a1" * 32
NATIONAL_2025 = "b2" * 32
DEZHOU_2024 = "c3" * 32
# report_sha256, region, region_code, level, report_year, source_file
REPORTS = [
    (NATIONAL_2024, "全国", "100000", "national", 2024, "national/2024.txt"),
    (NATIONAL_2025, "全国", "100000", "national", 2025, "national/2025.txt"),
    (DEZHOU_2024, "德州市", "371400", "city", 2024, "seeds/dezhou/2024.txt"),
]
# report_sha256, metric_seq, kind, period_year, metric_key, metric_name, measure, value, unit,
# qualifier, comparator, target_kind, quote
METRICS = [
    (DEZHOU_2024, 0, "result", 2023, "gdp", "地区生产总值增长", "growth", 6.2, "%", None, None,
     None, "全市地区生产总值增长6.2%"),
    (DEZHOU_2024, 1, "target", 2024, "gdp", "地区生产总值增长", "growth", 6.0, "%", "以上", ">=",
     "numeric", "地区生产总值增长6%以上"),
    (DEZHOU_2024, 2, "target", 2024, "new_jobs", "城镇新增就业", "level", 3.65, "万个", None, "=",
     "numeric", "城镇新增就业3.65万个"),
]

COMPARISON_TYPES = {
    "region": "VARCHAR", "period_year": "INTEGER", "metric_key": "VARCHAR",
    "metric_name": "VARCHAR", "target_quote": "VARCHAR", "target_value": "DOUBLE",
    "target_value_high": "DOUBLE", "target_unit": "VARCHAR", "target_qualifier": "VARCHAR",
    "comparator": "VARCHAR", "target_kind": "VARCHAR", "result_quote": "VARCHAR",
    "result_value": "DOUBLE", "result_unit": "VARCHAR", "status": "VARCHAR", "gap": "DOUBLE",
    "completion_ratio": "DOUBLE", "rationale": "VARCHAR", "match_rule": "VARCHAR",
    "match_score": "DOUBLE", "region_key": "VARCHAR", "corrected": "BOOLEAN",
    "correction_note": "VARCHAR",
}
NAN = float("nan")
COMPARISONS = [
    ("全国", 2024, "gdp", "国内生产总值增长", "国内生产总值增长5%左右", 5.0, None, "%", "左右", "~",
     "numeric", "国内生产总值增长5%", 5.0, "%", "met", 0.0, 1.0, "within 0.5 pp of 5: met",
     "alias", 100.0, "100000", False, None),
    ("全国", 2024, "cpi", "居民消费价格涨幅", "居民消费价格涨幅3%左右", 3.0, None, "%", "左右", "<=",
     "numeric", "居民消费价格上涨0.2%", 0.2, "%", "exceeded", -2.8, None,
     "ceiling 3 beaten by 2.8 pp: exceeded", "alias", 100.0, "100000", False, None),
    ("全国", 2025, "gdp", "国内生产总值增长", "国内生产总值增长5%左右", 5.0, None, "%", "左右", "~",
     "numeric", None, None, None, "pending", None, None, "no report of 2026 yet", None, None,
     "100000", False, None),
    ("德州市", 2023, "gdp", "地区生产总值增长", "地区生产总值增长5.5%", 5.5, None, "%", None, ">=",
     "numeric", "全市地区生产总值增长6.2%", 6.2, "%", "exceeded", 0.7, 1.127,
     "floor 5.5 beaten by 0.7 pp: exceeded", "alias", 100.0, "371400", False, None),
    ("德州市", 2024, "gdp", "地区生产总值增长", "地区生产总值增长6%以上", 6.0, 6.5, "%", "以上",
     "range", "numeric", "地区生产总值增长6.1%", 6.1, "%", "met", 0.1, 1.017,
     "floor 6 reached: met", "alias", 100.0, "371400", False, None),
    ("德州市", 2024, "retail", "社会消费品零售总额增长", "社会消费品零售总额增长7%", 7.0, None, "%",
     None, ">=", "numeric", "社会消费品零售总额增长5.2%", 5.2, "%", "missed", -1.8, 0.743,
     "floor 7 not reached: missed", "fuzzy", 88.5, "371400", False, None),
    ("德州市", 2024, "new_jobs", "城镇新增就业", "城镇新增就业3.65万个", 3.65, None, "万个", None,
     "=", "numeric", None, None, None, "not_reported", NAN, None,
     "the 2025 report does not state it", None, None, "371400", False, None),
    ("德州市", 2024, "ecology", "生态环境", "生态环境持续改善", None, None, None, None, None,
     "qualitative", None, None, None, "unverifiable", None, None, "qualitative target",
     "manual", None, "371400", True, "set by hand: no figure to compare"),
]
# (region, period_year, metric, target quote, result quote, status as written in the workbook)
EXPECTED_COMPARISON_ROWS = {
    ("全国", 2024, "国内生产总值增长", "国内生产总值增长5%左右", "国内生产总值增长5%", "met 完成"),
    ("全国", 2024, "居民消费价格涨幅", "居民消费价格涨幅3%左右", "居民消费价格上涨0.2%",
     "exceeded 超额完成"),
    ("全国", 2025, "国内生产总值增长", "国内生产总值增长5%左右", None, "pending 待下年报告"),
    ("德州市", 2023, "地区生产总值增长", "地区生产总值增长5.5%", "全市地区生产总值增长6.2%",
     "exceeded 超额完成"),
    ("德州市", 2024, "地区生产总值增长", "地区生产总值增长6%以上", "地区生产总值增长6.1%", "met 完成"),
    ("德州市", 2024, "社会消费品零售总额增长", "社会消费品零售总额增长7%", "社会消费品零售总额增长5.2%",
     "missed 未完成"),
    ("德州市", 2024, "城镇新增就业", "城镇新增就业3.65万个", None, "not reported 未报告"),
    ("德州市", 2024, "生态环境", "生态环境持续改善", None, "unverifiable 无法核实"),
}
AMBITION_TYPES = {"region": "VARCHAR", "period_year": "INTEGER", "metric_key": "VARCHAR",
                  "metric_name": "VARCHAR", "target_value": "DOUBLE", "target_unit": "VARCHAR",
                  "previous_result_value": "DOUBLE", "previous_result_unit": "VARCHAR",
                  "target_minus_previous": "DOUBLE"}
AMBITION = [("德州市", 2024, "gdp", "地区生产总值增长", 6.0, "%", 6.2, "%", -0.2)]
PROGRAM_TYPES = {"program_id": "VARCHAR", "program_name": "VARCHAR", "region": "VARCHAR",
                 "report_year": "INTEGER", "stage": "VARCHAR", "quote": "VARCHAR"}
PROGRAMS = [("p1", "鲁北大数据中心", "德州市", 2023, "开工", "鲁北大数据中心开工建设"),
            ("p1", "鲁北大数据中心", "德州市", 2024, "建成", "鲁北大数据中心建成投用")]
PROGRAMME_TYPES = {"program_id": "VARCHAR", "program_name": "VARCHAR", "region": "VARCHAR",
                   "seen_in_reports": "INTEGER", "recurring": "BOOLEAN", "first_year": "INTEGER",
                   "last_year": "INTEGER", "years": "VARCHAR", "missing_years": "VARCHAR",
                   "latest_stage": "VARCHAR", "names_written": "VARCHAR", "region_key": "VARCHAR"}
# One line per programme; the recurring one (3 reports) first whatever its region.
PROGRAMMES = [("p2", "市体育公园", "德州市", 1, False, 2023, 2023, "2023 谋划", "", "谋划", "市体育公园", "371400"),
              ("p1", "鲁北大数据中心", "德州市", 3, True, 2022, 2024, "2022 谋划, 2024 建成", "2023", "建成",
               "鲁北大数据中心 | 鲁北大数据中心二期", "371400")]
REVIEW_TYPES = {"region": "VARCHAR", "period_year": "INTEGER", "metric_key": "VARCHAR",
                "metric_name": "VARCHAR", "result_quote": "VARCHAR", "match_score": "DOUBLE",
                "reason": "VARCHAR"}
CORRECTION_LOG_TYPES = {"line": "INTEGER", "action": "VARCHAR", "region": "VARCHAR",
                        "period_year": "INTEGER", "matched_rows": "INTEGER", "note": "VARCHAR",
                        "reason": "VARCHAR"}
CORRECTION_LOG = [(2, "set_status", "德州市", 2024, 1, "ecology set to unverifiable",
                   "no figure to compare")]
REVIEW = [("德州市", 2024, "retail", "社会消费品零售总额增长", "社零额增长5.2%", 78.0,
           "fuzzy score between review and accept")]


def constant_view(con, view: str, types: dict[str, str], rows: list[tuple]) -> None:
    """The view over a table of constant rows (DuckDB cannot prepare a CREATE VIEW)."""
    table = "test_" + view
    columns = ", ".join(f"{name} {kind}" for name, kind in types.items())
    con.execute(f"CREATE OR REPLACE TABLE {table} ({columns})")
    if rows:
        con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(types))})", rows)
    con.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM {table}")


def build_database(*, ambition: bool = True, review: bool = True,
                   comparisons: list[tuple] = COMPARISONS) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    warehouse.apply_schema(con)
    for sha, region, code, level, year, source in REPORTS:
        con.execute(
            "INSERT INTO core_reports (report_sha256, region, region_code, region_key, level, "
            "report_year, source_file, source_format, n_chars, clean_text, raw_text, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'txt', 100, '', '', TIMESTAMP '2026-03-01 09:00:00')",
            [sha, region, code, code, level, year, source])
    for (sha, seq, kind, period, key, name, measure, value, unit, qualifier, comparator,
         target_kind, quote) in METRICS:
        con.execute(
            "INSERT INTO core_metrics (report_sha256, metric_seq, kind, period_year, metric_key, "
            "metric_name, subject, measure, value, unit, qualifier, comparator, target_kind, "
            "paragraph, quote, char_start, char_end) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 3, ?, 10, 20)",
            [sha, seq, kind, period, key, name, name, measure, value, unit, qualifier,
             comparator, target_kind, quote])
    constant_view(con, "v_target_vs_result", COMPARISON_TYPES, comparisons)
    constant_view(con, "v_program_timeline", PROGRAM_TYPES, PROGRAMS)
    constant_view(con, "v_programs", PROGRAMME_TYPES, PROGRAMMES)
    constant_view(con, "v_correction_log", CORRECTION_LOG_TYPES, CORRECTION_LOG)
    for name, wanted, types, rows in (("v_ambition", ambition, AMBITION_TYPES, AMBITION),
                                      ("v_review_queue", review, REVIEW_TYPES, REVIEW)):
        if wanted:
            constant_view(con, name, types, rows)
        else:
            con.execute(f"DROP VIEW IF EXISTS {name}")
    return con


@pytest.fixture
def workbook_path(tmp_path) -> Path:
    out = tmp_path / "exports" / "comparison.xlsx"
    export.write_workbook(build_database(), out, SETTINGS, made_at=MADE_AT)
    return out


@pytest.fixture
def workbook(workbook_path):
    return openpyxl.load_workbook(workbook_path)


def table_rows(ws, header_row: int = 4) -> list[dict]:
    headers = [cell.value for cell in ws[header_row]]
    return [dict(zip(headers, (cell.value for cell in row)))
            for row in ws.iter_rows(min_row=header_row + 1)]


def column_width(ws, header: str, header_row: int = 4) -> float:
    """Width in characters of the column with this header, as set by the exporter.

    XlsxWriter stores a width plus 5 pixels of cell padding (w + 0.71); openpyxl groups equal
    neighbouring columns into one range.
    """
    index = next(c.column for c in ws[header_row] if c.value == header)
    for dimension in ws.column_dimensions.values():
        if dimension.min <= index <= dimension.max:
            return int(dimension.width)
    raise AssertionError(f"no width set for {header}")


def cell_under(ws, header: str, data_index: int, header_row: int = 4):
    column = next(c.column for c in ws[header_row] if c.value == header)
    return ws.cell(row=header_row + 1 + data_index, column=column)


# ------------------------------------------------------------------------ the workbook's shape

def test_sheet_names_in_order(workbook):
    assert workbook.sheetnames == SHEET_NAMES


def test_summary_counts(tmp_path):
    summary = export.write_workbook(build_database(), tmp_path / "c.xlsx", SETTINGS,
                                    made_at=MADE_AT)
    assert summary.path == tmp_path / "c.xlsx"
    assert summary.n_comparisons == 8
    assert summary.n_charts == 2
    assert summary.missing_views == ()
    assert summary.sheets == {"Cover": 3, "Contents": 12, "Scorecard": 4, "Comparison": 8,
                              "Charts": 4, "Targets": 2, "Results": 1, "Ambition": 1,
                              "Programs": 2, "Review": 1, "Corrections": 1, "Notes": 22}


def test_every_comparison_row_with_quotes_and_status_words(workbook):
    rows = table_rows(workbook["Comparison"])
    found = {(r["region"], r["period year"], r["metric"], r["target quote"], r["result quote"],
              r["status"]) for r in rows}
    assert len(rows) == len(COMPARISONS)
    assert found == EXPECTED_COMPARISON_ROWS


def test_rows_decided_first_then_national_first_by_region_code(workbook):
    """Every row here is a catalog metric (a main target): the decided ones first, each block in
    region order (全国 first by its code), period year, metric."""
    rows = table_rows(workbook["Comparison"])
    assert [(r["region"], r["period year"], r["metric key"], r["target group"]) for r in rows] == [
        ("全国", 2024, "cpi", "main target"), ("全国", 2024, "gdp", "main target"),
        ("德州市", 2023, "gdp", "main target"), ("德州市", 2024, "gdp", "main target"),
        ("德州市", 2024, "retail", "main target"),
        ("全国", 2025, "gdp", "main target"), ("德州市", 2024, "ecology", "main target"),
        ("德州市", 2024, "new_jobs", "main target"),
    ]


@pytest.mark.parametrize(("header", "data_index", "expected"), [
    ("target value", 0, 3.0),                  # 全国 2024 cpi
    ("result value", 0, 0.2),
    ("gap (result − target)", 0, -2.8),
    ("target value high (range)", 3, 6.5),     # 德州市 2024 gdp, a range
    ("completion ratio (result ÷ target)", 4, 0.743),
    ("match score", 4, 88.5),
    ("period year", 2, 2023),
])
def test_numbers_are_numeric_cells(workbook, header, data_index, expected):
    cell = cell_under(workbook["Comparison"], header, data_index)
    assert cell.data_type == "n"
    assert cell.value == expected


@pytest.mark.parametrize(("header", "data_index"), [
    ("gap (result − target)", 7),              # NaN in the view
    ("result value", 7),                       # NULL
    ("completion ratio (result ÷ target)", 0),  # NULL
])
def test_missing_numbers_are_blank(workbook, header, data_index):
    assert cell_under(workbook["Comparison"], header, data_index).value is None


def test_unit_in_its_own_column_value_as_written(workbook):
    row = table_rows(workbook["Comparison"])[7]
    assert (row["target value"], row["target unit"]) == (3.65, "万个")


def test_corrected_flag_and_note(workbook):
    row = table_rows(workbook["Comparison"])[6]
    assert (row["metric key"], row["corrected by hand"], row["correction note"]) == (
        "ecology", True, "set by hand: no figure to compare")


def test_extra_view_columns_after_the_contract_ones_join_keys_left_out(tmp_path):
    con = build_database()
    con.execute("CREATE OR REPLACE VIEW v_target_vs_result AS SELECT *, 'flagged' AS review_flag "
                "FROM test_v_target_vs_result")
    out = tmp_path / "c.xlsx"
    export.write_workbook(con, out, SETTINGS)
    headers = [cell.value for cell in openpyxl.load_workbook(out)["Comparison"][4]]
    assert headers[-2:] == ["metric key", "review flag"]
    assert headers[:4] == ["region", "period year", "target group", "metric"]
    assert "region key" not in headers   # a key for joins, not for reading


def test_comparison_is_a_native_table_with_frozen_header(workbook):
    ws = workbook["Comparison"]
    assert list(ws.tables) == ["tbl_Comparison"]
    table = ws.tables["tbl_Comparison"]
    assert table.ref == "A4:Y12"     # 25 columns, header on row 4, 8 rows
    assert table.autoFilter.ref == "A4:Y12"
    assert table.headerRowCount in (None, 1)
    assert ws.freeze_panes == "A5"


@pytest.mark.parametrize(("sheet", "table", "ref"), [
    ("Contents", "tbl_Contents", "A4:C16"),
    ("Scorecard", "tbl_Scorecard", "A4:L8"),
    ("Ambition", "tbl_Ambition", "A4:I5"),
    ("Programs", "tbl_Programs", "A4:J6"),
    ("Review", "tbl_Review", "A4:G5"),
    ("Notes", "tbl_Notes", "A4:B26"),
    ("Corrections", "tbl_Corrections", "A4:G5"),
    ("Charts", "tbl_Charts", "A4:F8"),
])
def test_each_sheet_has_its_table_and_frozen_header(workbook, sheet, table, ref):
    ws = workbook[sheet]
    assert ws.tables[table].ref == ref
    assert ws.freeze_panes == "A5"


@pytest.mark.parametrize(("sheet", "table", "last_row", "first_headers"), [
    ("Targets", "tbl_Targets", 6, ["region", "level", "report year", "period year"]),
    ("Results", "tbl_Results", 5, ["region", "level", "report year", "period year"]),
])
def test_metric_sheets_split_by_kind(workbook, sheet, table, last_row, first_headers):
    """v_metrics may gain columns, so only its rows and leading columns are pinned here."""
    ws = workbook[sheet]
    ref = ws.tables[table].ref
    assert re.fullmatch(rf"A4:[A-Z]+{last_row}", ref)
    headers = [cell.value for cell in ws[4]]
    assert headers[:4] == first_headers
    assert "kind" not in headers
    assert ("target kind" in headers) == (sheet == "Targets")
    assert ws.freeze_panes == "A5"


def test_targets_values_as_written(workbook):
    rows = table_rows(workbook["Targets"])
    assert [(r["metric key"], r["value"], r["unit"], r["qualifier"], r["quote"]) for r in rows] == [
        ("gdp", 6, "%", "以上", "地区生产总值增长6%以上"),
        ("new_jobs", 3.65, "万个", None, "城镇新增就业3.65万个"),
    ]


def test_results_sheet_lists_catalog_results_and_those_beside_a_target(tmp_path):
    """A long-tail result no target is judged against stays in v_metrics, off the sheet."""
    con = build_database()
    for seq, key, quote in ((3, "lt:工业企业利润", "工业企业实现利润2202亿元"),
                            (4, "lt:5G基站", "新建5G基站1.2万个")):
        con.execute(
            "INSERT INTO core_metrics (report_sha256, metric_seq, kind, period_year, metric_key, metric_name, "
            "subject, measure, value, unit, paragraph, quote, char_start, char_end) "
            "VALUES (?, ?, 'result', 2023, ?, ?, ?, 'level', 1, '亿元', 4, ?, 30, 40)",
            [DEZHOU_2024, seq, key, key[3:], key[3:], quote])
    con.execute("CREATE OR REPLACE VIEW v_target_vs_result AS SELECT *, "
                f"CASE WHEN metric_key = 'retail' THEN '{DEZHOU_2024}' END AS result_report_sha256, "
                "CASE WHEN metric_key = 'retail' THEN 4 END AS result_metric_seq FROM test_v_target_vs_result")
    out = tmp_path / "c.xlsx"
    summary = export.write_workbook(con, out, SETTINGS)
    rows = table_rows(openpyxl.load_workbook(out)["Results"])
    assert [r["quote"] for r in rows] == ["全市地区生产总值增长6.2%", "新建5G基站1.2万个"]
    assert summary.sheets["Results"] == 2


def test_table_names_unique_across_workbook(workbook):
    names = [name for ws in workbook.worksheets for name in ws.tables]
    assert len(names) == len({n.lower() for n in names}) == 13


def test_status_colour_rules_on_status_column(workbook):
    ws = workbook["Comparison"]
    status_column = get_column_letter(next(c.column for c in ws[4] if c.value == "status"))
    rules = {str(rng.sqref): [(rule.type, rule.operator, rule.text) for rule in found]
             for rng, found in ws.conditional_formatting._cf_rules.items()}
    assert rules == {f"{status_column}5:{status_column}12": [
        ("beginsWith", "beginsWith", word)
        for word in ("exceeded", "met", "missed", "not reported", "pending", "no next report", "unverifiable")]}


# ------------------------------------------------------------------------ scorecard, charts

def test_scorecard_counts_and_share(workbook):
    rows = {(r["region"], r["period year"]): r for r in table_rows(workbook["Scorecard"])}
    dezhou = rows[("德州市", 2024)]
    assert [dezhou[h] for h in ("exceeded", "met", "missed", "not reported", "pending",
                                "unverifiable", "total", "decided",
                                "share met or exceeded (%)")] == [0, 1, 1, 1, 0, 1, 4, 2, 50]
    assert rows[("全国", 2024)]["share met or exceeded (%)"] == 100
    assert rows[("全国", 2025)]["share met or exceeded (%)"] is None   # nothing decided yet
    assert list(rows) == [("全国", 2024), ("全国", 2025), ("德州市", 2023), ("德州市", 2024)]


def test_charts_one_line_chart_per_region_over_its_data_table(workbook, workbook_path):
    rows = table_rows(workbook["Charts"])
    assert [(r["region"], r["period year"], r["target value"], r["result value"], r["unit"])
            for r in rows] == [("全国", 2024, 5, 5, "%"), ("全国", 2025, 5, None, "%"),
                               ("德州市", 2023, 5.5, 6.2, "%"), ("德州市", 2024, 6, 6.1, "%")]
    with zipfile.ZipFile(workbook_path) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        first = archive.read(charts[0]).decode("utf-8")
        second = archive.read(charts[1]).decode("utf-8")
    assert charts == ["xl/charts/chart1.xml", "xl/charts/chart2.xml"]
    assert "<c:lineChart>" in first
    assert "全国: 国内生产总值增长 growth, target and result (%)" in first
    assert "Charts!$D$5:$D$6" in first and "Charts!$E$5:$E$6" in first
    assert "Charts!$B$7:$B$8" in second and "Charts!$D$7:$D$8" in second
    assert len(workbook["Charts"]._charts) == 2


HEADLINE_COLUMNS = ["region", "period_year", "metric_key", "metric_name", "target_value",
                    "result_value", "target_unit", "result_unit", "measure", "period_start"]


@pytest.mark.parametrize(("rows", "expected"), [
    pytest.param([("全国", 2024, "gdp", "国内生产总值", 5.0, 5.0, "%", "%", "growth", None)],
                 {"全国": [(2024, "国内生产总值", 5.0, 5.0, "%")]}, id="growth"),
    pytest.param([("全国", 2024, "gdp", "国内生产总值", 1300000.0, 1349084.0, "亿元", "亿元", "level",
                   None)], {}, id="level in 亿元 is not drawn"),
    pytest.param([("全国", 2025, "gdp", "国内生产总值", 6.5, None, "%", None, "growth", 2021)], {},
                 id="five-year target is not drawn"),
    pytest.param([("全国", 2024, "cpi", "居民消费价格", 3.0, 0.2, "%", "%", "growth", None)], {},
                 id="other metric"),
    pytest.param([("全国", 2024, "gdp", "国内生产总值", 5.0, None, "%", None, "growth", None),
                  ("全国", 2024, "gdp", "国内生产总值", 5.0, 5.0, "%", "%", "growth", None)],
                 {"全国": [(2024, "国内生产总值", 5.0, 5.0, "%")]}, id="fuller row of a year wins"),
    pytest.param([("全国", 2025, "gdp", "国内生产总值", 5.0, None, "%", None, "growth", 2025),
                  ("全国", 2024, "gdp", "国内生产总值", None, 5.0, None, "%", "growth", None)],
                 {"全国": [(2024, "国内生产总值", None, 5.0, "%"),
                          (2025, "国内生产总值", 5.0, None, "%")]}, id="sorted by year"),
    pytest.param([("全国", 2024, "gdp", "国内生产总值", None, None, "%", None, "growth", None)], {},
                 id="nothing to draw"),
])
def test_headline_series(rows, expected):
    view = export_tables.ViewRows("v_target_vs_result", HEADLINE_COLUMNS, rows)
    assert export_tables.headline_series(view) == expected


def test_charts_sheet_says_so_when_no_region_has_gdp(tmp_path):
    no_gdp = [row for row in COMPARISONS if row[2] != "gdp"]
    out = tmp_path / "c.xlsx"
    summary = export.write_workbook(build_database(comparisons=no_gdp), out, SETTINGS)
    ws = openpyxl.load_workbook(out)["Charts"]
    assert summary.n_charts == 0
    assert ws["A4"].value == "No rows: no region has a GDP target or result."
    assert not ws.tables


# ------------------------------------------------------------------------ cover, contents, notes

def test_cover_states_what_when_version_settings_and_reports(workbook):
    ws = workbook["Cover"]
    values = [row for row in ws.iter_rows(values_only=True)]
    flat = [v for row in values for v in row if v is not None]
    assert values[0][0].startswith("reportcmp: targets of government work reports")
    assert ("Made", "2026-03-01T09:30:00+00:00") in [row[:2] for row in values]
    assert ("Product version", "reportcmp " + export.product_version()) in [
        row[:2] for row in values]
    assert ("Corrections file", "corrections/corrections.csv") in [row[:2] for row in values]
    for setting in fields(CompareSettings):
        assert (f"compare.{setting.name}", getattr(SETTINGS.compare, setting.name)) in [
            row[:2] for row in values]
    assert ("德州市", "city", 2024, "seeds/dezhou/2024.txt", "c3c3c3c3c3c3") in [
        row[:5] for row in values]
    assert "How to read a row of Comparison" in flat
    assert ("region", "level", "report year", "source file", "sha256 (prefix)") in [
        row[:5] for row in values]
    assert {"tbl_Settings", "tbl_Reports"} == set(ws.tables)


def test_cover_lists_reports_national_first(workbook):
    reports = workbook["Cover"].tables["tbl_Reports"]
    first_row = int(reports.ref.split(":")[0][1:]) + 1
    ws = workbook["Cover"]
    assert [ws.cell(row=first_row + i, column=1).value for i in range(3)] == [
        "全国", "全国", "德州市"]


def test_contents_links_every_sheet(workbook):
    rows = table_rows(workbook["Contents"])
    assert [r["sheet"] for r in rows] == SHEET_NAMES
    ws = workbook["Contents"]
    assert [ws.cell(row=5 + i, column=1).hyperlink.location for i in range(len(SHEET_NAMES))] == [
        f"'{name}'!A1" for name in SHEET_NAMES]
    assert rows[3]["rows"] == 8


def test_notes_define_every_status_and_the_corrections_file(workbook):
    notes = {r["topic"]: r["note"] for r in table_rows(workbook["Notes"])}
    assert [t for t in notes if t.startswith("status: ")] == [
        f"status: {s}" for s in STATUSES]
    assert "exceed margin 0.5 pp, 左右 band 0.5 pp" in notes["tolerances"]
    assert "exceed margin 5%, 左右 band 5%" in notes["tolerances"]
    # The qualifier words come from the comparison's own knowledge file, whatever it holds.
    floor_words = [word for word, bound in verdict.bound_words() if bound == "floor"]
    assert floor_words and all(word in notes["rule: floor (>=)"] for word in floor_words)
    assert "never exceeded" in notes["rule: ceiling (<=)"]
    assert "corrections/corrections.csv" in notes["corrections"]


# ------------------------------------------------------------------------ widths and names

@pytest.mark.parametrize(("text", "width"), [
    ("", 0),
    ("GDP", 3),
    ("德州市", 6),
    ("增长6%左右", 10),
    ("ＧＤＰ", 6),          # full-width Latin letters
    ("６％", 4),
])
def test_display_width_counts_cjk_as_two(text, width):
    assert export_layout.display_width(text) == width


SEED_REPORT = Path(__file__).resolve().parents[1] / "seeds" / "dezhou" / "2024.txt"


def test_display_width_agrees_with_unicodedata_on_a_real_report():
    """The fast character class counts every character of the seed report as unicodedata does."""
    text = SEED_REPORT.read_text(encoding="utf-8")
    expected = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    assert len(set(text)) > 1000
    assert export_layout.display_width(text) == expected


def corpus_dir() -> Path:
    return Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.mark.corpus
def test_display_width_agrees_with_unicodedata_on_the_corpus():
    """Every distinct character of the real reports (web clutter, ？？？？, full-width forms)."""
    if not corpus_dir().is_dir():
        pytest.skip("no ../shared/corpus beside the project")
    characters = set()
    for path in sorted(corpus_dir().rglob("*.txt")):
        characters |= set(path.read_text(encoding="utf-8", errors="replace"))
    wrong = sorted(ch for ch in characters if export_layout.display_width(ch)
                   != (2 if unicodedata.east_asian_width(ch) in "WF" else 1))
    assert len(characters) > 3000
    assert wrong == []


@pytest.mark.parametrize(("values", "width"), [
    ([], 0),
    ([None, None], 0),
    (["GDP", "德州市", None], 6),
    ([6.5, 1349084.0, None], 7),
    ([True, False], 5),
    ([dt.date(2024, 3, 1)], 10),
    (["a" * 30, "德" * 10, "德" * 16], 32),
])
def test_column_width(values, width):
    assert export_layout.column_width(values) == width


def test_chinese_column_wider_than_ascii_of_same_length(workbook):
    ws = workbook["Comparison"]
    # 'metric' holds 城镇新增就业… (up to 11 CJK characters); 'match rule' at most 'manual'.
    assert column_width(ws, "metric") == 11 * 2 + 2
    assert column_width(ws, "match rule") == 10 + 2
    assert column_width(ws, "region") == 6 + 2   # 德州市 is 6 wide, the header 6


def test_long_quotes_capped_and_wrapped(tmp_path):
    long_quote = "全年地区生产总值增长" * 10       # 100 characters, 200 wide
    rows = [COMPARISONS[0][:4] + (long_quote,) + COMPARISONS[0][5:]]
    out = tmp_path / "c.xlsx"
    export.write_workbook(build_database(comparisons=rows), out, SETTINGS)
    ws = openpyxl.load_workbook(out)["Comparison"]
    assert column_width(ws, "target quote") == 62
    assert cell_under(ws, "target quote", 0).alignment.wrap_text is True
    assert cell_under(ws, "result quote", 0).alignment.wrap_text in (None, False)


def test_long_path_capped_without_wrap(tmp_path):
    """A long path is cut at the column edge: wrapped, it would make every row taller."""
    con = build_database()
    con.execute("CREATE OR REPLACE VIEW v_target_vs_result AS SELECT *, repeat('ab/', 30) "
                "AS source_file FROM test_v_target_vs_result")
    out = tmp_path / "c.xlsx"
    export.write_workbook(con, out, SETTINGS)
    ws = openpyxl.load_workbook(out)["Comparison"]
    assert column_width(ws, "source file") == 62
    assert cell_under(ws, "source file", 0).alignment.wrap_text in (None, False)
    assert cell_under(ws, "source file", 0).value == "ab/" * 30


def test_report_hashes_shown_as_the_cover_prefix(tmp_path):
    con = build_database()
    con.execute(f"CREATE OR REPLACE VIEW v_target_vs_result AS SELECT *, '{DEZHOU_2024}' "
                "AS evidence_report_sha256 FROM test_v_target_vs_result")
    out = tmp_path / "c.xlsx"
    export.write_workbook(con, out, SETTINGS)
    ws = openpyxl.load_workbook(out)["Comparison"]
    assert cell_under(ws, "evidence report sha256 (prefix)", 0).value == "c3c3c3c3c3c3"


@pytest.mark.parametrize(("column", "prose"), [
    ("quote", True), ("target_quote", True), ("result_quote", True), ("rationale", True),
    ("correction_note", True), ("source_file", False), ("report_sha256", False),
    ("metric_key", False),
])
def test_is_prose(column, prose):
    assert export_layout.is_prose(column) is prose


@pytest.mark.parametrize(("name", "taken", "expected"), [
    ("Comparison", [], "Comparison"),
    ("Targets [2024]: 德州/全国?", [], "Targets _2024__ 德州_全国_"),
    ("a*b\\c", [], "a_b_c"),
    ("x" * 40, [], "x" * 31),
    ("x" * 40, ["x" * 31], "x" * 27 + " (2)"),
    ("Notes", ["notes"], "Notes (2)"),
    ("Notes", ["Notes", "Notes (2)"], "Notes (3)"),
    ("'quoted'", [], "quoted"),
    ("History", [], "History_"),
    ("", [], "Sheet"),
    ("德州市各县（市、区）地区生产总值增长目标与完成情况对照表", [],
     "德州市各县（市、区）地区生产总值增长目标与完成情况对照表"[:31]),
])
def test_legal_sheet_name(name, taken, expected):
    assert export_layout.legal_sheet_name(name, taken) == expected
    assert len(expected) <= 31


@pytest.mark.parametrize(("name", "taken", "expected"), [
    ("Comparison", [], "tbl_Comparison"),
    ("A1", [], "tbl_A1"),                       # would otherwise be a cell reference
    ("德州 2024", [], "tbl____2024"),
    ("Notes", ["TBL_notes"], "tbl_Notes_2"),
])
def test_legal_table_name(name, taken, expected):
    assert export_layout.legal_table_name(name, taken) == expected


# ------------------------------------------------------------------------ missing and bad input

@pytest.mark.parametrize(("missing", "sheet", "view"), [
    ({"ambition": False}, "Ambition", "v_ambition"),
    ({"review": False}, "Review", "v_review_queue"),
])
def test_missing_optional_view_is_said_on_its_sheet(tmp_path, missing, sheet, view):
    out = tmp_path / "c.xlsx"
    summary = export.write_workbook(build_database(**missing), out, SETTINGS)
    ws = openpyxl.load_workbook(out)[sheet]
    assert ws["A4"].value == f"Not available: the database has no view {view}."
    assert not ws.tables
    assert summary.missing_views == (view,)
    assert summary.sheets[sheet] == 0


def test_missing_comparison_view_fails_with_reason(tmp_path):
    con = build_database()
    con.execute("DROP VIEW v_target_vs_result")
    # The user's error, which the CLI turns into its one-line reason.
    with pytest.raises(ReportcmpError, match="no view v_target_vs_result") as raised:
        export.write_workbook(con, tmp_path / "c.xlsx", SETTINGS)
    assert raised.type is export.ExportError
    assert not (tmp_path / "c.xlsx").exists()


def test_comparison_view_without_contract_column_fails_naming_it(tmp_path):
    con = build_database()
    con.execute("CREATE OR REPLACE VIEW v_target_vs_result AS "
                "SELECT * EXCLUDE (rationale, match_score) FROM test_v_target_vs_result")
    with pytest.raises(export.ExportError, match="lacks the columns rationale, match_score"):
        export.write_workbook(con, tmp_path / "c.xlsx", SETTINGS)


def test_unknown_status_fails_naming_it(tmp_path):
    bad = [COMPARISONS[0][:14] + ("achieved",) + COMPARISONS[0][15:]]
    with pytest.raises(export.ExportError, match="unknown statuses achieved"):
        export.write_workbook(build_database(comparisons=bad), tmp_path / "c.xlsx", SETTINGS)


def test_schema_views_only_gives_an_empty_workbook(tmp_path):
    """The views the schema has today, with no rows: every sheet says it is empty or absent."""
    con = duckdb.connect()
    warehouse.apply_schema(con)
    existing = {name for (name,) in con.execute(
        "SELECT table_name FROM information_schema.tables").fetchall()}
    if "v_target_vs_result" not in existing:
        columns = ", ".join(f"NULL::{kind} AS {name}" for name, kind in COMPARISON_TYPES.items())
        con.execute(f"CREATE VIEW v_target_vs_result AS SELECT {columns} LIMIT 0")
    out = tmp_path / "c.xlsx"
    summary = export.write_workbook(con, out, SETTINGS)
    ws = openpyxl.load_workbook(out)["Comparison"]
    assert summary.n_comparisons == 0
    assert ws["A4"].value == "No rows: the view v_target_vs_result is empty."


# ------------------------------------------------------------------------ writing safely

def test_parent_folder_is_created(tmp_path):
    out = tmp_path / "a" / "b" / "comparison.xlsx"
    export.write_workbook(build_database(), out, SETTINGS)
    assert out.is_file()


def test_failing_export_leaves_old_workbook_intact(workbook_path):
    before = workbook_path.read_bytes()
    bad = [COMPARISONS[0][:14] + ("achieved",) + COMPARISONS[0][15:]]
    with pytest.raises(export.ExportError):
        export.write_workbook(build_database(comparisons=bad), workbook_path, SETTINGS)
    assert workbook_path.read_bytes() == before
    assert sorted(p.name for p in workbook_path.parent.iterdir()) == ["comparison.xlsx"]


def test_crash_while_writing_leaves_old_workbook_and_no_partial_file(workbook_path, monkeypatch):
    before = workbook_path.read_bytes()

    close = xlsxwriter.Workbook.close

    def crash(self):  # the bytes reach the temporary file, then the disk fills
        close(self)
        raise OSError("disk full")

    monkeypatch.setattr(xlsxwriter.Workbook, "close", crash)
    with pytest.raises(OSError, match="disk full"):
        export.write_workbook(build_database(), workbook_path, SETTINGS)
    assert workbook_path.read_bytes() == before
    assert sorted(p.name for p in workbook_path.parent.iterdir()) == ["comparison.xlsx"]


def test_rewrite_replaces_the_workbook(workbook_path):
    fewer = COMPARISONS[:2]
    export.write_workbook(build_database(comparisons=fewer), workbook_path, SETTINGS)
    assert len(table_rows(openpyxl.load_workbook(workbook_path)["Comparison"])) == 2


# ------------------------------------------------------------------------ the focused Comparison

YUCHENG_2024 = "d4" * 32
YUCHENG_2025 = "e5" * 32
# 禹城市's 2025 report, three paragraphs: last year's results, the main-targets passage, other plans.
YUCHENG_TEXT = ("过去一年，全市地区生产总值增长6.2%，粮食总产量再创新高。\n"
                "今年经济社会发展的主要预期目标是：地区生产总值增长6%以上；常住人口城镇化率提高1个百分点；粮食产量稳中有增。\n"
                "新建5G基站1200个，新增高新技术企业30家。")
YUCHENG_PARAGRAPHS = YUCHENG_TEXT.split("\n")


def place(words: str) -> tuple[int, int, int]:
    """(paragraph, char_start, char_end) of the words in YUCHENG_TEXT."""
    start = YUCHENG_TEXT.index(words)
    paragraph = YUCHENG_TEXT.count("\n", 0, start)
    return paragraph, start, start + len(words)


# metric_seq, kind, metric_key, quote: statements of the 2025 report
YUCHENG_METRICS = [
    (0, "result", "gdp", "全市地区生产总值增长6.2%"),
    (1, "target", "gdp", "地区生产总值增长6%以上"),
    (2, "target", "lt:城镇化率", "常住人口城镇化率提高1个百分点"),
    (3, "target", "lt:粮食产量", "粮食产量稳中有增"),
    (4, "target", "lt:5G基站", "新建5G基站1200个"),
    (5, "target", "lt:高新技术企业", "新增高新技术企业30家"),
]
# metric_key, status, target_metric_seq, result_metric_seq, result_char_start, period_kind
YUCHENG_COMPARISONS = [
    ("lt:高新技术企业", "not_reported", 5, None, None, "year"),
    ("lt:5G基站", "exceeded", 4, None, None, "year"),
    ("lt:粮食产量", "unverifiable", 3, None, place("粮食总产量再创新高")[1], "year"),
    ("gdp_5y", "met", 1, 0, None, "span"),
    ("lt:城镇化率", "missed", 2, None, None, "year"),
    ("gdp", "met", 1, 0, None, "year"),
]


def focused_database() -> duckdb.DuckDBPyConnection:
    """One report pair of 禹城市 whose comparison rows are main targets (a catalog metric, items of
    the main-targets passage) and long-tail ones, decided and not, annual and of a span."""
    con = build_database()
    offsets = [0]
    for paragraph in YUCHENG_PARAGRAPHS:
        offsets.append(offsets[-1] + len(paragraph) + 1)
    for sha, year in ((YUCHENG_2024, 2024), (YUCHENG_2025, 2025)):
        con.execute(
            "INSERT INTO core_reports (report_sha256, region, region_code, region_key, level, report_year, "
            "source_file, source_format, n_chars, clean_text, raw_text, ingested_at) VALUES "
            "(?, '禹城市', '371482', '371482', 'county', ?, 'yucheng.txt', 'txt', 1, ?, '', TIMESTAMP '2026-03-01 09:00:00')",
            [sha, year, YUCHENG_TEXT if year == 2025 else ""])
    for number, paragraph in enumerate(YUCHENG_PARAGRAPHS):
        con.execute("INSERT INTO core_paragraphs VALUES (?, ?, ?, ?, 'plan', 2025, 2025, NULL)",
                    [YUCHENG_2025, number, offsets[number], offsets[number] + len(paragraph)])
    for seq, kind, key, quote in YUCHENG_METRICS:
        paragraph, start, end = place(quote)
        con.execute(
            "INSERT INTO core_metrics (report_sha256, metric_seq, kind, period_year, metric_key, metric_name, "
            "subject, measure, paragraph, quote, char_start, char_end) "
            "VALUES (?, ?, ?, 2025, ?, ?, ?, 'growth', ?, ?, ?, ?)",
            [YUCHENG_2025, seq, kind, key, key, key, paragraph, quote, start, end])
    rows = [("禹城市", 2025, key, key, "quote", None, None, None, None, None, "numeric", None, None, None,
             status, None, None, "why", None, None, "371482", False, None,
             YUCHENG_2025, target_seq, YUCHENG_2025 if result_seq is not None or char_start else None,
             result_seq, char_start, kind)
            for key, status, target_seq, result_seq, char_start, kind in YUCHENG_COMPARISONS]
    types = {**COMPARISON_TYPES, "target_report_sha256": "VARCHAR", "target_metric_seq": "INTEGER",
             "result_report_sha256": "VARCHAR", "result_metric_seq": "INTEGER",
             "result_char_start": "INTEGER", "period_kind": "VARCHAR"}
    constant_view(con, "v_target_vs_result", types, [row + (None,) * 5 + ("year",) for row in COMPARISONS] + rows)
    return con


def test_comparison_leads_with_main_targets_decided_first_and_says_where_each_row_comes_from(tmp_path):
    out = tmp_path / "c.xlsx"
    export.write_workbook(focused_database(), out, SETTINGS)
    rows = table_rows(openpyxl.load_workbook(out)["Comparison"])
    blocks = [(r["target group"], r["status"].split()[0] in ("exceeded", "met", "missed")) for r in rows]
    assert blocks == sorted(blocks, key=lambda block: (block[0] != "main target", not block[1]))
    assert [(r["metric key"], r["target group"], r["status"].split()[0], r["period kind"],
             r["target paragraph"], r["result paragraph"]) for r in rows if r["region"] == "禹城市"] == [
        ("gdp", "main target", "met", "year", 1, 0),
        ("lt:城镇化率", "main target", "missed", "year", 1, None),       # an item of the passage
        ("gdp_5y", "main target", "met", "span", 1, 0),                 # a span after the annual ones
        ("lt:粮食产量", "main target", "unverifiable", "year", 1, 0),    # result from a sentence
        ("lt:5G基站", "long tail", "exceeded", "year", 2, None),         # after the passage
        ("lt:高新技术企业", "long tail", "not", "year", 2, None),
    ]


def test_the_scorecard_keeps_region_order_whatever_the_comparison_order(tmp_path):
    out = tmp_path / "c.xlsx"
    export.write_workbook(focused_database(), out, SETTINGS)
    rows = table_rows(openpyxl.load_workbook(out)["Scorecard"])
    assert [(r["region"], r["period year"]) for r in rows] == [
        ("全国", 2024), ("全国", 2025), ("德州市", 2023), ("德州市", 2024), ("禹城市", 2025)]


def test_programs_sheet_lists_recurring_programmes_first_one_line_each(workbook):
    rows = table_rows(workbook["Programs"])
    assert [(r["program name"], r["seen in reports"], r["years"], r["missing years"] or "")
            for r in rows] == [("鲁北大数据中心", 3, "2022 谋划, 2024 建成", "2023"),
                               ("市体育公园", 1, "2023 谋划", "")]
    headers = [cell.value for cell in workbook["Programs"][4]]
    assert headers[:3] == ["region", "program name", "seen in reports"]
    assert "recurring" not in headers and "region key" not in headers


def test_the_scorecard_counts_annual_targets_only():
    columns = ["region", "period_year", "status", "period_kind"]
    comparison = export_tables.ViewRows("v_target_vs_result", columns, [
        ("全国", 2025, "met", "year"), ("全国", 2025, "missed", "span"), ("全国", 2025, "exceeded", "year")])
    card = export_tables.scorecard(comparison)
    (row,) = card.rows
    assert dict(zip(card.columns, row))["total"] == 2


# ------------------------------------------------------------------------ the words, as data

def test_every_sheet_status_and_setting_has_its_words():
    from reportcmp.pipeline import export_sheets, export_texts

    for sheet in export_sheets.SHEETS:
        assert export_texts.sheet_contents(sheet)
        if sheet != "Cover":
            assert export_texts.sheet_title(sheet) and export_texts.sheet_description(sheet, corrections="x")
    for status in STATUSES:
        assert export_texts.status_words()[status].startswith(status.replace("_", " "))
        assert export_texts.status_meaning(status)
    for setting in fields(CompareSettings):
        assert export_texts.optional(f"setting.{setting.name}"), f"compare.{setting.name} has no meaning"


def test_the_workbook_says_what_the_texts_file_says(tmp_path, monkeypatch):
    """knowledge/workbook_texts.csv is read when the workbook is written: an edited title, status
    word or note shows, with its {names} filled in."""
    from reportcmp.pipeline import export_texts, knowledge

    rows = knowledge.rows(export_texts.TEXTS_FILE)
    edited = {"sheet.Comparison.title": "目标与结果",
              "status.met.word": "met 达到",
              "note.gap": "result − target; exceed margin {exceed_margin_pp} pp"}
    monkeypatch.setattr(knowledge, "rows", lambda name: [
        {"key": r["key"], "text": edited.get(r["key"], r["text"])} for r in rows])
    export_texts._texts.cache_clear()
    try:
        out = tmp_path / "c.xlsx"
        export.write_workbook(build_database(), out, SETTINGS)
    finally:
        export_texts._texts.cache_clear()
    book = openpyxl.load_workbook(out)
    assert book["Comparison"]["A1"].value == "目标与结果"
    assert "met 达到" in [r["status"] for r in table_rows(book["Comparison"])]
    notes = {r["topic"]: r["note"] for r in table_rows(book["Notes"])}
    assert notes["gap"] == "result − target; exceed margin 0.5 pp"
    assert notes["status: met"].startswith("met 达到. ")


def test_a_missing_text_is_named():
    from reportcmp.pipeline import export_texts

    with pytest.raises(export_texts.MissingText, match="workbook_texts.csv has no text 'sheet.Nowhere.title'"):
        export_texts.sheet_title("Nowhere")
