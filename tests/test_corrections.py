"""The analysts' corrections file: loading, validation and re-application on every compare run."""
from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from reportcmp.pipeline import warehouse
from reportcmp.pipeline import program_links
from reportcmp.pipeline.compare import build_comparison
from reportcmp.pipeline.config import CompareSettings
from reportcmp.pipeline.corrections import CorrectionError, load_corrections, read_corrections

SETTINGS = CompareSettings()
HEADER = ("action,region,period_year,metric_key,target_quote_contains,result_quote_contains,program_id,"
          "program_name,value,status,reason,author,date")
COMMENT = "# columns: see corrections/corrections.csv"
NOW = dt.datetime(2026, 1, 1)


def csv_text(*lines: str) -> str:
    return "\n".join([HEADER, COMMENT, *lines]) + "\n"


def test_the_shipped_template_loads_empty():
    from pathlib import Path
    template = Path(__file__).resolve().parents[1] / "corrections" / "corrections.csv"
    assert load_corrections(template) == []


def test_missing_file_means_no_corrections(tmp_path):
    assert load_corrections(tmp_path / "absent.csv") == []


def test_read_corrections_parses_a_line():
    [fix] = read_corrections(csv_text("fix_value,德州市,2023,gdp,,增长6%,,,6.1,,misread,ana,2026-01-02"))
    assert (fix.line, fix.action, fix.period_year, fix.value, fix.result_quote_contains) == (3, "fix_value", 2023, 6.1, "增长6%")
    assert fix.note == "fix_value (corrections line 3 by ana on 2026-01-02): misread"


@pytest.mark.parametrize("line, message", [
    ("merge,德州市,2023,,,,,,,,why,,", "corrections line 3: unknown action 'merge'"),
    ("force_pair,德州市,2023,,生产总值,生产总值,,,,,,,", "corrections line 3: force_pair without a reason"),
    ("force_pair,德州市,2023,,生产总值,,,,,,why,,", "corrections line 3: force_pair needs result_quote_contains"),
    ("fix_value,德州市,2023,,,,,,,,why,,", "corrections line 3: fix_value needs value, target_quote_contains or"),
    ("set_status,德州市,2023,gdp,,,,,,done,why,,", "corrections line 3: unknown status 'done'"),
    ("fix_value,德州市,2023,,x,,,,six,,why,,", "corrections line 3: not a number"),
    ("link_program,德州市,,,,,,鲁北大数据中心,,,why,,", "corrections line 3: link_program needs program_id"),
])
def test_read_corrections_rejects_with_the_line(line, message):
    with pytest.raises(CorrectionError) as error:
        read_corrections(csv_text(line))
    assert str(error.value).startswith(message)


def test_a_quoted_reason_over_two_lines_is_kept_whole_and_later_lines_keep_their_numbers():
    """Quoted newlines were lost: lines were split before the CSV was read (issue 11)."""
    text = csv_text('set_status,德州市,2023,gdp,,,,,,met,"核实：\n统计公报为准",ana,', "# a comment",
                    "forbid_pair,德州市,,,,,,,,,,,")
    with pytest.raises(CorrectionError, match="^corrections line 6: forbid_pair without a reason$"):
        read_corrections(text)
    [fix] = read_corrections(text.rsplit("forbid_pair", 1)[0])
    assert (fix.line, fix.reason) == (3, "核实：\n统计公报为准")


def test_a_corrections_file_that_is_not_utf8_is_named_with_the_fix(tmp_path):
    path = tmp_path / "corrections.csv"
    path.write_bytes(csv_text("set_status,德州市,2023,gdp,,,,,,met,核实,ana,").encode("gbk"))
    with pytest.raises(CorrectionError) as caught:
        load_corrections(path)
    first_chinese = len(HEADER) + 1 + len(COMMENT) + 1 + len("set_status,")
    assert str(caught.value) == (f'{path}: not UTF-8 (line 3, byte {first_chinese}); save it as UTF-8, in '
                                 f'Excel as "CSV UTF-8 (comma delimited)"')


def test_unknown_header_column_is_an_error():
    with pytest.raises(CorrectionError, match="unknown: colour"):
        read_corrections("action,colour,reason\nforce_pair,red,why\n")


# ---- re-applied on every run ------------------------------------------------------------------

def add_report(con, year, metrics):
    sha = f"371400-{year}"
    con.execute(
        "INSERT INTO core_reports (report_sha256, region, region_code, region_key, level, report_year, source_file, "
        "source_format, n_chars, clean_text, raw_text, ingested_at) VALUES (?, '德州市', '371400', '371400', 'city', ?, "
        "'f.txt', 'txt', 1, '', '', ?)", [sha, year, NOW])
    for seq, (kind, key, name, value, quote) in enumerate(metrics):
        con.execute(
            "INSERT INTO core_metrics (report_sha256, metric_seq, kind, period_year, metric_key, metric_name, subject, "
            "measure, value, unit, value_base, base_unit, qualifier, comparator, target_kind, paragraph, quote, "
            "char_start, char_end) VALUES (?, ?, ?, ?, ?, ?, ?, 'growth', ?, '%', ?, '%', ?, ?, ?, 0, ?, 0, 1)",
            [sha, seq, kind, year if kind == "target" else year - 1, key, name, name, value, value,
             "以上" if kind == "target" else None, ">=" if kind == "target" else None,
             "numeric" if kind == "target" else None, quote])


def warehouse_with_pairs():
    con = duckdb.connect()
    warehouse.apply_schema(con)
    add_report(con, 2023, [("target", "gdp", "地区生产总值", 5.0, "地区生产总值增长5%以上"),
                           ("target", "exports", "出口", 3.0, "出口增长3%以上")])
    add_report(con, 2024, [("result", "gdp", "地区生产总值", 4.0, "地区生产总值增长4%"),
                           ("result", "trade", "货物进出口总额", 4.5, "货物进出口总额增长4.5%")])
    return con


def verdicts(con):
    return con.execute("SELECT metric_key, status, result_value, match_rule, corrected FROM v_target_vs_result "
                       "ORDER BY target_metric_seq").fetchall()


def test_corrections_are_reapplied_on_every_run():
    con = warehouse_with_pairs()
    fixes = read_corrections(csv_text(
        "fix_value,德州市,2023,gdp,,增长4%,,,6,,the table says 6%,ana,",
        "force_pair,德州市,2023,exports,出口增长,进出口总额,,,,,exports are reported inside trade,ana,",
    ))
    first = build_comparison(con, SETTINGS, fixes)
    once = verdicts(con)
    build_comparison(con, SETTINGS, fixes)
    assert verdicts(con) == once == [("gdp", "exceeded", 6.0, "metric_key", True),
                                     ("exports", "exceeded", 4.5, "correction", True)]
    assert first["unmatched_corrections"] == []
    note = con.execute("SELECT correction_note FROM v_target_vs_result WHERE metric_key = 'gdp'").fetchone()[0]
    assert note == "fix_value (corrections line 3 by ana): the table says 6%"


def test_without_corrections_the_machine_verdict_stands():
    con = warehouse_with_pairs()
    build_comparison(con, SETTINGS, [])
    assert verdicts(con) == [("gdp", "missed", 4.0, "metric_key", False), ("exports", "not_reported", None, None, False)]


def test_forbid_pair_and_set_status():
    con = warehouse_with_pairs()
    fixes = read_corrections(csv_text(
        "forbid_pair,371400,2023,gdp,生产总值,生产总值,,,,,a different GDP,ana,",
        "set_status,德州市,2023,exports,,,,,,unverifiable,exports not stated separately,ana,",
    ))
    build_comparison(con, SETTINGS, fixes)
    assert verdicts(con) == [("gdp", "not_reported", None, None, True), ("exports", "unverifiable", None, None, True)]
    rationale = con.execute("SELECT rationale FROM v_target_vs_result WHERE metric_key = 'exports'").fetchone()[0]
    assert rationale.startswith("set by hand: exports not stated separately (the machine said: not_reported")


def test_a_correction_that_matches_nothing_is_reported():
    con = warehouse_with_pairs()
    fixes = read_corrections(csv_text("force_pair,德州市,2023,,财政收入,财政收入,,,,,why,,"))
    summary = build_comparison(con, SETTINGS, fixes)
    assert summary["unmatched_corrections"] == [3]
    assert con.execute("SELECT line, action, matched_rows FROM v_correction_log").fetchall() == [(3, "force_pair", 0)]


def test_program_corrections_link_and_unlink():
    con = duckdb.connect()
    warehouse.apply_schema(con)
    for year, name in ((2023, "鲁北大数据中心"), (2024, "德州数据中心")):
        sha = f"371400-{year}"
        con.execute("INSERT INTO core_reports (report_sha256, region, region_code, region_key, level, report_year, "
                    "source_file, source_format, n_chars, clean_text, raw_text, ingested_at) VALUES "
                    "(?, '德州市', '371400', '371400', 'city', ?, 'f', 'txt', 1, '', '', ?)", [sha, year, NOW])
        con.execute("INSERT INTO core_program_mentions VALUES (?, 0, ?, ?, '在建', 0, ?, 0, 1, 'suffix')", [sha, name, name, name])
    first_id = program_links.program_id("371400", "鲁北大数据中心")
    fixes = read_corrections(csv_text(f"link_program,德州市,,,,,{first_id},德州数据中心,,,same data centre,ana,",
                                      "unlink_program,德州市,,,,,,市体育公园,,,never mentioned,ana,"))
    for _ in range(2):
        program_links.link_programs(con, SETTINGS, fixes)
    assert con.execute("SELECT report_year, program_id, match_rule, corrected FROM v_program_timeline "
                       "ORDER BY report_year").fetchall() == [(2023, first_id, "first", False),
                                                             (2024, first_id, "correction", True)]
    assert con.execute("SELECT line, matched_rows FROM v_correction_log ORDER BY line").fetchall() == [(3, 1), (4, 0)]
