"""The warehouse from a shell: read-only SQL in three formats and a report shown with its figures."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from reportcmp.pipeline import analyst, report, store, warehouse

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


# ---- the commands: reportcmp sql, reportcmp show ------------------------------------------------

def test_reportcmp_sql_prints_the_answer_in_each_format(seed_db, capsys):
    from reportcmp.pipeline import cli

    assert cli.main(["sql", "SELECT region, report_year FROM v_reports", "--db", str(seed_db)]) == 0
    out = capsys.readouterr().out
    assert "│ region" in out and "德州市" in out
    assert cli.main(["sql", "SELECT region, report_year FROM v_reports", "--csv", "--db", str(seed_db)]) == 0
    assert capsys.readouterr().out == "region,report_year\n德州市,2024\n"
    assert cli.main(["sql", "SELECT region FROM v_reports", "--json", "--db", str(seed_db)]) == 0
    assert json.loads(capsys.readouterr().out) == [{"region": "德州市"}]


def test_reportcmp_sql_reads_the_published_copy_when_there_is_one(seed_db, tmp_path, capsys):
    from reportcmp.pipeline import cli

    db = tmp_path / "reports.duckdb"
    db.write_bytes(b"")                                    # the database itself: not opened
    (tmp_path / "reports.readonly.duckdb").write_bytes(seed_db.read_bytes())
    assert cli.main(["sql", "SELECT count(*) AS n FROM v_reports", "--csv", "--db", str(db)]) == 0
    assert capsys.readouterr().out == "n\n1\n"


def test_reportcmp_sql_without_a_query_reads_statements_ending_in_semicolons(seed_db):
    import subprocess
    import sys

    typed = "SELECT region\n  FROM v_reports;\nSELEC 1;\nSELECT 40 + 2 AS answer"
    done = subprocess.run([sys.executable, "-m", "reportcmp.pipeline.cli", "sql", "--csv", "--db", str(seed_db)],
                          input=typed, capture_output=True, text=True, timeout=120)
    assert done.stdout == "region\n德州市\nanswer\n42\n"             # the last one needs no ;
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]   # one line for the bad one
    assert done.stderr.startswith("reportcmp: error: Parser Error") and done.returncode == 1


def test_reportcmp_show_prints_a_report_and_greps(seed_db, capsys):
    from reportcmp.pipeline import cli

    assert cli.main(["show", "德州市", "2024", "--grep", "5G基站", "--db", str(seed_db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("德州市 2024\n") and "【5G基站】" in out
    assert cli.main(["show", "德州市", "2030", "--db", str(seed_db)]) == 1
    assert capsys.readouterr().err.strip() == "reportcmp: error: no report of 德州市 2030 in the warehouse; years of 德州市: 2024"


@pytest.mark.parametrize("command", [["sql", "SELECT 1"], ["show", "德州市", "2024"], ["compare"], ["export"],
                                     ["evaluate", "labels.csv"]])
def test_a_read_command_on_a_database_that_does_not_exist_is_one_line_and_makes_none(tmp_path, capsys, command):
    from reportcmp.pipeline import cli

    db = tmp_path / "typo.duckdb"
    assert cli.main([*command, "--db", str(db)]) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"reportcmp: error: {db} does not exist: ingest reports first")
    assert not db.exists() and list(tmp_path.iterdir()) == []
