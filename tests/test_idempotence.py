"""Loads are safe to repeat (STYLE.md 5): the same inputs give the same database, however often and in
whatever order they are ingested, and the comparison built from it is the same too.

Ingestion runs through the library (pipeline.ingest, as the ingest flow calls it) with no Prefect;
the flow on top is tested in tests/test_flows.py and tests/test_crash.py.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from reportcmp.pipeline import compare, config, ingest, inputs, program_links, store
from tests.helpers import table_checksums

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = ROOT / "seeds" / "dezhou" / "2024.txt"
# A few reports of other kinds: consecutive national years (so targets meet results), a provincial
# .docx, a county text with spreadsheet clutter.
CORPUS_REPORTS = ("national/2023.txt", "national/2024.txt", "national/2025.txt",
                  "provinces/shandong/2025年山东省政府工作报告.docx", "counties/baoding-qingyuan/2020.txt")


def _corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the project")
    return CORPUS


def _inputs(folder: Path, with_corpus: bool) -> list[Path]:
    """Copies of the inputs in `folder`, so every database of a test sees the same paths."""
    folder.mkdir(exist_ok=True)
    sources = [SEED] + ([_corpus() / name for name in CORPUS_REPORTS] if with_corpus else [])
    copies = []
    for number, source in enumerate(sources):
        assert source.is_file(), source
        copy = folder / f"{number:02d}-{source.name}"
        shutil.copy(source, copy)
        copies.append(copy)
    return copies


def _ingest(db: Path, paths: list[Path], *, force: bool = False) -> list[str]:
    """What the ingest flow does, without Prefect; returns the statuses."""
    con = store.connect(db)
    try:
        files, missing = inputs.list_inputs(paths)
        assert missing == []
        return [ingest.ingest_file(con, item).status
                for item in inputs.new_files(files, store.known_files(con), force=force)]
    finally:
        con.close()


def _compare(db: Path, tmp_path: Path) -> None:
    settings = config.settings_for(db=db, corrections=tmp_path / "no-corrections.csv")
    con = store.connect(db)
    try:
        compare.build_comparison(con, settings, ())
        program_links.link_programs(con, settings, ())
    finally:
        con.close()




INPUT_SETS = [
    pytest.param(False, id="seed"),
    pytest.param(True, id="seed+corpus", marks=pytest.mark.corpus),
]


@pytest.mark.parametrize("with_corpus", INPUT_SETS)
def test_two_fresh_databases_get_the_same_tables_and_comparison(with_corpus, tmp_path):
    files = _inputs(tmp_path / "in", with_corpus)
    first, second = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    assert _ingest(first, files) == ["ingested"] * len(files)
    assert _ingest(second, files) == ["ingested"] * len(files)
    _compare(first, tmp_path)
    _compare(second, tmp_path)
    sums = table_checksums(first)
    assert sums["core_metrics"][0] > 0 and sums["out_target_vs_result"][0] > 0
    assert table_checksums(second) == sums


@pytest.mark.parametrize("with_corpus", INPUT_SETS)
def test_ingesting_again_changes_nothing(with_corpus, tmp_path):
    files = _inputs(tmp_path / "in", with_corpus)
    db = tmp_path / "reports.duckdb"
    _ingest(db, files)
    once = table_checksums(db)
    assert _ingest(db, files) == []              # nothing new: nothing taken again
    assert table_checksums(db) == once


@pytest.mark.parametrize("with_corpus", INPUT_SETS)
def test_forcing_the_same_files_again_changes_nothing(with_corpus, tmp_path):
    """What `reportcmp ingest --region/--year` does to files it has seen: process and store again."""
    files = _inputs(tmp_path / "in", with_corpus)
    db = tmp_path / "reports.duckdb"
    _ingest(db, files)
    once = table_checksums(db)
    _ingest(db, files, force=True)
    assert table_checksums(db) == once


@pytest.mark.parametrize("with_corpus", INPUT_SETS)
def test_one_by_one_in_reverse_order_equals_all_at_once(with_corpus, tmp_path):
    files = _inputs(tmp_path / "in", with_corpus)
    at_once, one_by_one = tmp_path / "at-once.duckdb", tmp_path / "one-by-one.duckdb"
    _ingest(at_once, files)
    for path in reversed(files):
        assert _ingest(one_by_one, [path]) == ["ingested"]
    assert table_checksums(one_by_one) == table_checksums(at_once)


def _two_versions(folder: Path) -> tuple[Path, Path]:
    """2024.txt, delivered 10 January and the newer file; 2024-revised.txt, delivered 25 January.
    Sorted by name, the revision comes first and 2024.txt last (which used to win, silently)."""
    folder.mkdir()
    seed = SEED.read_text(encoding="utf-8")
    first = folder / "2024.txt"
    first.write_text("——2024年1月10日在德州市第十八届人民代表大会第三次会议上\n" + seed, encoding="utf-8")
    revised = folder / "2024-revised.txt"
    revised.write_text("——2024年1月25日在德州市第十八届人民代表大会第三次会议上\n" + seed + "\n（修订稿）\n",
                       encoding="utf-8")
    os.utime(revised, (1_700_000_000, 1_700_000_000))     # the older file: the date in the text decides
    return first, revised


def test_two_versions_of_a_report_in_one_batch_keep_the_later_delivered_in_any_order(tmp_path):
    first, revised = _two_versions(tmp_path / "in")
    at_once, reverse = tmp_path / "at-once.duckdb", tmp_path / "reverse.duckdb"
    assert _ingest(at_once, [first, revised]) == ["ingested", "duplicate"]   # revised, then 2024.txt
    _ingest(reverse, [first])
    _ingest(reverse, [revised])
    assert table_checksums(reverse) == table_checksums(at_once)
    con = store.connect(at_once, read_only=True)
    try:
        assert con.execute("SELECT source_file, delivered_on FROM v_reports").fetchall() == [
            (str(revised), dt.date(2024, 1, 25))]
        assert con.execute("SELECT status, reason FROM v_files WHERE path = ?", [str(first)]).fetchone() == (
            "duplicate", f"another version of 德州市 2024: {revised} is kept (delivered 2024-01-25, after 2024-01-10)")
    finally:
        con.close()
