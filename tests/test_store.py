"""The loader: one report per transaction, duplicates, replacement with history, file statuses."""
from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from reportcmp.pipeline import store
from reportcmp.pipeline.config import LoadSettings
from reportcmp.pipeline.records import Metric, Paragraph, ProcessedReport, RawDocument, ReportMeta

TEXT_2024 = "各位代表：\n一、2023年工作回顾\n地区生产总值增长6%。\n二、2024年工作安排\n地区生产总值增长5.5%以上。"
TEXT_2024_REVISED = TEXT_2024 + "\n再次说明。"
META = ReportMeta(region="德州市", region_code="371400", level="city", report_year=2024,
                  delivered_on=dt.date(2024, 1, 10), title="政府工作报告", detected_by="test")


def _metric(kind: str, period_year: int, value: float, start: int, end: int, text: str) -> Metric:
    return Metric(kind=kind, period_year=period_year, period_start=None, period_end=None,
                  metric_key="gdp", metric_name="地区生产总值", subject="地区生产总值", measure="growth",
                  value=value, value_high=None, unit="%", value_base=value, base_unit="%",
                  qualifier="以上" if kind == "target" else None, comparator=">=" if kind == "target" else None,
                  target_kind="numeric" if kind == "target" else None, reference_metric_key=None,
                  paragraph=0, quote=text[start:end], char_start=start, char_end=end)


def _report(path: str, text: str, sha: str, file_sha: str = "f" * 64) -> ProcessedReport:
    start = text.index("地区生产总值增长6%")
    target = text.index("地区生产总值增长5.5%以上")
    return ProcessedReport(
        path=path, file_sha256=file_sha, raw=RawDocument(path, text, "txt", "utf-8"), clean_text=text,
        report_sha256=sha, meta=META,
        paragraphs=[Paragraph(0, 0, len(text), "review", 2023, 2023, None)],
        metrics=[_metric("result", 2023, 6, start, start + 10, text),
                 _metric("target", 2024, 5.5, target, target + 14, text)],
    )


@pytest.fixture
def con(tmp_path):
    connection = store.connect(tmp_path / "test.duckdb")
    yield connection
    connection.close()


def _count(con, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_store_report_writes_every_table_and_the_views(con, tmp_path):
    status, reason = store.store_report(con, _report(str(tmp_path / "a.txt"), TEXT_2024, "a" * 64))
    assert (status, reason) == ("ingested", None)
    assert _count(con, "v_reports") == 1
    assert con.execute("SELECT region, level, report_year, n_chars FROM v_reports").fetchone() == (
        "德州市", "city", 2024, len(TEXT_2024))
    rows = con.execute("SELECT kind, period_year, value, quote FROM v_metrics ORDER BY metric_seq").fetchall()
    assert rows == [("result", 2023, 6.0, "地区生产总值增长6%"), ("target", 2024, 5.5, "地区生产总值增长5.5%以上")]
    assert con.execute("SELECT status FROM v_files").fetchall() == [("ingested",)]


def test_every_quote_is_its_span_of_the_stored_text(con, tmp_path):
    store.store_report(con, _report(str(tmp_path / "a.txt"), TEXT_2024, "a" * 64))
    mismatches = con.execute(
        "SELECT count(*) FROM core_metrics m JOIN core_reports r USING (report_sha256) "
        "WHERE substr(r.clean_text, m.char_start + 1, m.char_end - m.char_start) <> m.quote"
    ).fetchone()[0]
    assert mismatches == 0


def test_same_text_from_another_file_is_a_duplicate(con, tmp_path):
    store.store_report(con, _report(str(tmp_path / "a.txt"), TEXT_2024, "a" * 64))
    status, reason = store.store_report(con, _report(str(tmp_path / "b.docx"), TEXT_2024, "a" * 64, "e" * 64))
    assert status == "duplicate"
    assert reason == f"same report text as {tmp_path / 'a.txt'}"
    assert _count(con, "core_reports") == 1
    assert _count(con, "core_metrics") == 2


def test_new_content_for_the_same_region_and_year_replaces_and_keeps_history(con, tmp_path):
    store.store_report(con, _report(str(tmp_path / "a.txt"), TEXT_2024, "a" * 64))
    status, _ = store.store_report(con, _report(str(tmp_path / "a2.txt"), TEXT_2024_REVISED, "b" * 64))
    assert status == "ingested"
    assert con.execute("SELECT report_sha256 FROM core_reports").fetchall() == [("b" * 64,)]
    assert con.execute("SELECT report_sha256, replaced_by FROM core_report_history").fetchall() == [
        ("a" * 64, "b" * 64)]
    assert _count(con, "core_metrics") == 2


def test_a_failing_write_leaves_the_database_as_it_was(con, tmp_path, monkeypatch):
    store.store_report(con, _report(str(tmp_path / "a.txt"), TEXT_2024, "a" * 64))
    before = {t: _count(con, t) for t in store.REPORT_TABLES}
    broken = _report(str(tmp_path / "a2.txt"), TEXT_2024_REVISED, "b" * 64)
    broken.metrics[0].measure = "not-a-measure"    # violates the CHECK constraint mid-transaction
    with pytest.raises(duckdb.ConstraintException):
        store.store_report(con, broken)
    assert {t: _count(con, t) for t in store.REPORT_TABLES} == before
    assert con.execute("SELECT report_sha256 FROM core_reports").fetchall() == [("a" * 64,)]
    assert _count(con, "core_report_history") == 0


def test_file_statuses_pending_then_rejected(con):
    store.mark_pending(con, [("/x/a.txt", "1" * 64, 10), ("/x/b.txt", "2" * 64, 0)], "being ingested")
    assert store.known_files(con) == {"/x/a.txt": ("1" * 64, "pending"), "/x/b.txt": ("2" * 64, "pending")}
    store.record_rejected(con, "/x/b.txt", "2" * 64, 0, "empty file")
    assert con.execute("SELECT status, reason FROM v_files WHERE path = '/x/b.txt'").fetchone() == (
        "rejected", "empty file")
    assert _count(con, "raw_files") == 2


def test_fingerprints_round_trip_with_their_parts(con):
    from reportcmp.pipeline import freshness

    assert freshness.stored_parts(con, "comparison") is None
    freshness.remember(con, "comparison", {"code": "a", "corrections": "b"})
    freshness.remember(con, "comparison", {"code": "a", "corrections": "c"})
    assert freshness.stored_parts(con, "comparison") == {"code": "a", "corrections": "c"}
    assert freshness.what_changed({"code": "a", "corrections": "b"}, {"code": "a", "corrections": "c"}) == \
        "the corrections file changed"
    assert _count(con, "meta_fingerprints") == 1


HOLD_LOCK = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def test_connect_waits_for_another_process_then_proceeds(tmp_path):
    db = tmp_path / "locked.duckdb"
    duckdb.connect(str(db)).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db), "1.5"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    said: list[str] = []
    con = store.connect(db, settings=LoadSettings(lock_timeout_s=30, lock_first_wait_s=0.1), say=said.append)
    con.close()
    holder.wait(timeout=10)
    assert len(said) == 1 and "locked by another process" in said[0]


def test_connect_gives_up_clearly_after_the_timeout(tmp_path):
    db = tmp_path / "locked.duckdb"
    duckdb.connect(str(db)).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db), "20"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(store.DatabaseLocked, match="is locked by another process"):
            store.connect(db, settings=LoadSettings(lock_timeout_s=0.5, lock_first_wait_s=0.1))
    finally:
        holder.kill()
        holder.wait()


def test_the_same_file_stored_again_is_rewritten_not_a_duplicate_of_itself(con, tmp_path):
    path = str(tmp_path / "a.txt")
    store.store_report(con, _report(path, TEXT_2024, "a" * 64))
    assert store.store_report(con, _report(path, TEXT_2024, "a" * 64)) == ("ingested", None)
    assert _count(con, "core_reports") == 1
    assert _count(con, "core_metrics") == 2


def test_an_override_places_the_same_text_anew(con, tmp_path):
    path = str(tmp_path / "a.txt")
    store.store_report(con, _report(path, TEXT_2024, "a" * 64))
    moved = _report(str(tmp_path / "b.txt"), TEXT_2024, "a" * 64)
    moved.meta = ReportMeta(region="德州市", region_code="371400", level="city", report_year=2023)
    assert store.store_report(con, moved)[0] == "ingested"
    assert con.execute("SELECT report_year, source_file FROM core_reports").fetchall() == [(2023, moved.path)]
    assert _count(con, "core_metrics") == 2


# ---- two versions of one region and year (issue 11): the rule decides, in any order -----------

V = store.Version
JAN_10, JAN_25 = dt.date(2024, 1, 10), dt.date(2024, 1, 25)
EARLY, LATE = dt.datetime(2024, 2, 1, 9, 0), dt.datetime(2024, 3, 1, 9, 0)


@pytest.mark.parametrize("a, b, kept, why", [
    (V("/x/2024.txt", JAN_10, LATE), V("/x/2024-revised.txt", JAN_25, EARLY), "/x/2024-revised.txt",
     "delivered 2024-01-25, after 2024-01-10"),
    (V("/x/2024.txt", None, LATE), V("/x/2024-revised.txt", JAN_25, EARLY), "/x/2024.txt",
     "no later delivery date in the text; the newer file (2024-03-01 09:00:00, after 2024-02-01 09:00:00)"),
    (V("/x/2024.txt", JAN_10, EARLY), V("/x/2024-revised.txt", JAN_10, LATE), "/x/2024-revised.txt",
     "no later delivery date in the text; the newer file (2024-03-01 09:00:00, after 2024-02-01 09:00:00)"),
    (V("/x/2024.txt", None, EARLY), V("/x/2024-revised.txt", None, EARLY), "/x/2024.txt",
     "no later delivery date in the text and the same file time; the later file name"),
], ids=["later-delivery", "one-without-date", "same-date-newer-file", "tie-later-name"])
def test_kept_version_follows_the_rule_in_either_order(a, b, kept, why):
    assert (store.kept_version(a, b)[0].path, store.kept_version(a, b)[1]) == (kept, why)
    assert (store.kept_version(b, a)[0].path, store.kept_version(b, a)[1]) == (kept, why)


def _dated(path: str, text: str, sha: str, delivered: dt.date, modified: dt.datetime) -> ProcessedReport:
    report = _report(path, text, sha)
    report.meta = dataclasses.replace(META, delivered_on=delivered)
    report.file_modified_at = modified
    return report


def test_an_older_version_after_the_newer_is_not_taken_and_says_which_is_kept(con):
    store.store_report(con, _dated("/x/2024-revised.txt", TEXT_2024_REVISED, "b" * 64, JAN_25, EARLY))
    status, reason = store.store_report(con, _dated("/x/2024.txt", TEXT_2024, "a" * 64, JAN_10, LATE))
    assert (status, reason) == ("duplicate", "another version of 德州市 2024: /x/2024-revised.txt is kept "
                                             "(delivered 2024-01-25, after 2024-01-10)")
    assert con.execute("SELECT report_sha256 FROM core_reports").fetchall() == [("b" * 64,)]
    assert con.execute("SELECT report_sha256, replaced_by FROM core_report_history").fetchall() == [
        ("a" * 64, "b" * 64)]


def test_a_newer_version_after_the_older_replaces_it_and_the_older_file_says_so(con):
    store.store_report(con, _dated("/x/2024.txt", TEXT_2024, "a" * 64, JAN_10, LATE))
    assert store.store_report(con, _dated("/x/2024-revised.txt", TEXT_2024_REVISED, "b" * 64, JAN_25, EARLY)) == (
        "ingested", None)
    assert con.execute("SELECT report_sha256 FROM core_reports").fetchall() == [("b" * 64,)]
    assert con.execute("SELECT status, reason FROM v_files WHERE path = '/x/2024.txt'").fetchone() == (
        "duplicate", "another version of 德州市 2024: /x/2024-revised.txt is kept (delivered 2024-01-25, after 2024-01-10)")
    assert con.execute("SELECT report_sha256, replaced_by FROM core_report_history").fetchall() == [
        ("a" * 64, "b" * 64)]


def test_an_edit_of_the_same_file_always_replaces_it(con):
    store.store_report(con, _dated("/x/2024.txt", TEXT_2024, "a" * 64, JAN_25, LATE))
    status, reason = store.store_report(con, _dated("/x/2024.txt", TEXT_2024_REVISED, "b" * 64, JAN_10, EARLY))
    assert status == "ingested"
    # issue 13: it says which report it replaced and where that version went
    assert reason.startswith(store.REPLACED) and "a" * 12 in reason and "v_report_history" in reason
    assert con.execute("SELECT report_sha256 FROM core_reports").fetchall() == [("b" * 64,)]
    assert con.execute("SELECT sha256, replaced_by FROM v_report_history").fetchall() == [("a" * 64, "b" * 64)]


def test_damaged_characters_are_counted_in_v_files(con, tmp_path):
    """issue 10, item 8: a report with a damaged 〇 is ingested, and v_files says how many."""
    from reportcmp.pipeline import ingest, inputs

    seed = (Path(__file__).resolve().parents[1] / "seeds" / "dezhou" / "2024.txt").read_text(encoding="utf-8")
    path = tmp_path / "2024.txt"
    path.write_text(seed.replace("各位代表：", "各位代表：到二\ufffd三五年，", 1), encoding="utf-8")
    [item] = inputs.new_files(inputs.list_inputs([path])[0], {})
    assert ingest.ingest_file(con, item).status == "ingested"
    assert con.execute("SELECT status, n_replacement_chars FROM v_files").fetchone() == ("ingested", 1)


def test_v_paragraphs_holds_the_text_every_quote_is_cut_from(tmp_path):
    """Any figure's quote can be read in its paragraph: v_metrics.paragraph points into v_paragraphs,
    whose text holds the quote (issue 13: the text reachable without the core tables)."""
    import duckdb

    from reportcmp.pipeline import report, store, warehouse

    con = duckdb.connect()
    warehouse.apply_schema(con)
    seed = Path(__file__).resolve().parents[1] / "seeds" / "dezhou" / "2024.txt"
    store.store_report(con, report.process_file(seed))
    outside = con.execute("""
        SELECT m.quote FROM v_metrics m
        JOIN v_paragraphs p ON p.report_sha256 = m.report_sha256 AND p.paragraph = m.paragraph
        WHERE position(m.quote IN p.text) = 0""").fetchall()
    assert outside == []
    assert con.execute("SELECT count(*) FROM v_paragraphs WHERE part = 'plan' AND period_kind = 'year'").fetchone()[0] > 0


def test_stored_reports_gives_each_named_report_in_the_order_asked(con):
    """Re-extraction reads stored texts many at a time (one query), in the order of the stale list."""
    for year, sha in ((2023, "c" * 64), (2024, "d" * 64), (2025, "e" * 64)):
        report = _report(f"/x/{year}.txt", TEXT_2024 + f"（{year}）", sha)
        report.meta = dataclasses.replace(META, report_year=year)
        store.store_report(con, report)
    got = store.stored_reports(con, ["e" * 64, "c" * 64, "d" * 64])
    assert [(sha[0], meta.report_year, text.endswith(f"（{meta.report_year}）")) for sha, meta, text in got] == [
        ("e", 2025, True), ("c", 2023, True), ("d", 2024, True)]
    assert store.stored_reports(con, []) == []
