"""The warehouse from a shell: read-only SQL in three formats and a report shown with its figures."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipeline import analyst, report, store, warehouse

SEED = Path(__file__).resolve().parents[1] / "seeds" / "dezhou" / "2024.txt"


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("analyst") / "reports.duckdb"
    con = duckdb.connect(str(db))
    warehouse.apply_schema(con)
    store.store_report(con, report.process_file(SEED))
    con.close()
    return db


def test_sql_prints_a_table_like_duckdbs_cli(seed_db):
    con = analyst.connect(seed_db)
    table = analyst.run_sql(con, "SELECT region, report_year FROM v_reports")
    assert "│ region" in table and "德州市" in table and "2024" in table


def test_sql_csv_and_json_give_every_row(seed_db):
    con = analyst.connect(seed_db)
    n = con.execute("SELECT count(*) FROM v_metrics").fetchone()[0]
    csv_text = analyst.run_sql(con, "SELECT subject, value FROM v_metrics", "csv")
    assert csv_text.splitlines()[0] == "subject,value" and len(csv_text.splitlines()) == n + 1
    rows = json.loads(analyst.run_sql(con, "SELECT subject, value, quote FROM v_metrics", "json"))
    assert len(rows) == n and set(rows[0]) == {"subject", "value", "quote"}


def test_a_table_shows_every_row_not_twenty(seed_db):
    con = analyst.connect(seed_db)
    n = con.execute("SELECT count(*) FROM v_metrics").fetchone()[0]
    assert n > 40
    table = analyst.run_sql(con, "SELECT metric_seq FROM v_metrics ORDER BY metric_seq")
    assert f"{n} rows" in table and f" {n - 1} " in table   # the last row is printed, not elided


@pytest.mark.parametrize("query, message", [
    ("SELEC 1", "Parser Error"),
    ("SELECT * FROM no_such_view", "no_such_view"),
    ("DELETE FROM core_reports", "read-only"),           # nothing typed here changes the warehouse
    ("CREATE TABLE x (i INT)", "read-only"),
])
def test_sql_errors_are_one_line_and_nothing_is_written(seed_db, query, message):
    con = analyst.connect(seed_db)
    with pytest.raises(analyst.AnalystError, match=message) as raised:
        analyst.run_sql(con, query)
    assert "\n" not in str(raised.value)
    assert con.execute("SELECT count(*) FROM v_reports").fetchone() == (1,)


def test_a_missing_database_is_an_error_not_a_new_file(tmp_path):
    with pytest.raises(analyst.AnalystError, match="does not exist"):
        analyst.connect(tmp_path / "typo.duckdb")
    assert not (tmp_path / "typo.duckdb").exists()


def test_statements_split_at_semicolons():
    assert analyst.statements("SELECT 1; SELECT 2;\nSELECT") == (["SELECT 1", "SELECT 2"], "\nSELECT")


def test_show_prints_paragraphs_with_their_figures(seed_db):
    con = analyst.connect(seed_db)
    text, shown = analyst.show_report(con, "德州市", 2024)
    assert shown.paragraphs > 20 and shown.figures > 200
    assert "¶" in text and "「地区生产总值增长6%」" in text


def test_show_grep_finds_a_quote_in_its_paragraph(seed_db):
    con = analyst.connect(seed_db)
    text, shown = analyst.show_report(con, "德州市", 2024, grep="5G基站")
    assert shown.paragraphs >= 1 and "【5G基站】" in text
    assert all("5G基站" in line for line in text.splitlines() if line.startswith("    "))


@pytest.mark.parametrize("region, year, grep, message", [
    ("德州市", 2030, None, "years of 德州市: 2024"),
    ("德州", 2024, None, "regions like it: 德州市"),
    ("德州市", 2024, "不存在的词", "is not in the report"),
])
def test_show_says_what_is_there_when_asked_for_what_is_not(seed_db, region, year, grep, message):
    with pytest.raises(analyst.AnalystError, match=message):
        analyst.show_report(analyst.connect(seed_db), region, year, grep=grep)
