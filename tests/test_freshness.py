"""Knowledge files, corrections and settings are inputs: editing one makes the next run extract the
stored texts again and rebuild, and say why; a run with nothing changed does nothing."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from reportcmp.pipeline import cli, freshness, report, store
from reportcmp.pipeline.config import settings_for
from tests.helpers import command_env, rows

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "dezhou" / "2024.txt"
REPORTCMP = Path(sys.executable).with_name("reportcmp")


@pytest.fixture
def harness_url(prefect_harness) -> str:
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


def _run(folder: Path, knowledge: Path, api_url: str) -> subprocess.CompletedProcess:
    """`reportcmp run` on the seed in a process of its own, reading the knowledge copy in `knowledge`."""
    done = subprocess.run(
        [str(REPORTCMP), "run", "--seeds", str(SEED.parent), "--inbox", str(folder / "inbox"),
         "--db", str(folder / "reports.duckdb"), "--out", str(folder / "comparison.xlsx"),
         "--corrections", str(folder / "corrections.csv")],
        cwd=folder, capture_output=True, text=True, timeout=600,
        env=command_env(REPORTCMP_KNOWLEDGE_DIR=str(knowledge), PREFECT_API_URL=api_url))
    assert done.returncode == 0, done.stderr
    return done


FIGURES = "SELECT quote, value, qualifier, comparator FROM v_metrics WHERE quote LIKE '%{word}' ORDER BY char_start"
TARGETS = "SELECT target_value, target_qualifier, comparator FROM v_target_vs_result ORDER BY target_quote"


def test_dropping_a_qualifier_word_changes_the_rows_at_the_next_run_which_says_why(tmp_path, harness_url):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "pipeline" / "knowledge", knowledge, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (tmp_path / "inbox").mkdir()
    db = tmp_path / "reports.duckdb"

    _run(tmp_path, knowledge, harness_url)
    about = rows(db, FIGURES.format(word="左右"))
    assert len(about) >= 5 and {(qualifier, comparator) for _q, _v, qualifier, comparator in about} == {("左右", "~")}
    targets = rows(db, TARGETS)
    assert sum(qualifier == "左右" for _v, qualifier, _c in targets) >= 5

    qualifiers = knowledge / "qualifiers.csv"
    lines = qualifiers.read_text(encoding="utf-8").splitlines(keepends=True)
    qualifiers.write_text("".join(line for line in lines if not line.startswith("左右,")), encoding="utf-8")
    done = _run(tmp_path, knowledge, harness_url)
    assert "re-extracted 1 stored reports: the knowledge files (qualifiers.csv) changed" in done.stdout
    assert "comparison rebuilt (the knowledge files (qualifiers.csv) changed)" in done.stdout
    assert rows(db, FIGURES.format(word="左右")) == []                # 左右 is no longer read as a qualifier:
    for quote, value, _qualifier, _comparator in about:               # the same figures, without it
        shorter = quote.removesuffix("左右")
        assert (shorter, value, None, "=") in rows(db, FIGURES.format(word=shorter))
    after = rows(db, TARGETS)
    assert len(after) == len(targets) and not any(qualifier == "左右" for _v, qualifier, _c in after)

    done = _run(tmp_path, knowledge, harness_url)
    assert done.stdout.startswith("nothing new")


def test_a_setting_changed_rebuilds_the_comparison_saying_so_and_the_cover_shows_it(tmp_path, monkeypatch, capsys,
                                                                                     prefect_harness):
    (tmp_path / "inbox").mkdir()
    out = tmp_path / "comparison.xlsx"
    args = ["run", "--seeds", str(SEED.parent), "--inbox", str(tmp_path / "inbox"), "--db", str(tmp_path / "r.duckdb"),
            "--out", str(out), "--corrections", str(tmp_path / "corrections.csv")]
    assert cli.main(args) == 0
    (tmp_path / "reportcmp.toml").write_text("[compare]\nabout_tolerance_pp = 0.25\n", encoding="utf-8")
    monkeypatch.setenv("REPORTCMP_SETTINGS", str(tmp_path / "reportcmp.toml"))
    capsys.readouterr()
    assert cli.main(args) == 0
    said = capsys.readouterr().out
    assert "comparison rebuilt (the comparison settings changed)" in said and "re-extracted" not in said
    assert f"workbook: {out} (written)" in said
    cover = [row[:2] for row in openpyxl.load_workbook(out, read_only=True)["Cover"].iter_rows(values_only=True)]
    assert ("compare.about_tolerance_pp", 0.25) in cover


@pytest.fixture
def fresh_knowledge():
    """The knowledge files are read once a process: read them again for this test, and after it."""
    for cached in (freshness._knowledge_parts, freshness.extraction_parts):
        cached.cache_clear()
    yield
    for cached in (freshness._knowledge_parts, freshness.extraction_parts):
        cached.cache_clear()


@pytest.fixture
def seed_db(tmp_path) -> Path:
    db = tmp_path / "reports.duckdb"
    con = store.connect(db)
    try:
        store.store_report(con, report.process_file(SEED))
    finally:
        con.close()
    return db


def test_a_report_stored_before_fingerprints_is_stale_and_says_so(seed_db):
    con = store.connect(seed_db)
    try:
        assert freshness.stale_reports(con) == []
        con.execute("UPDATE core_reports SET extracted_with = NULL")
        assert len(freshness.stale_reports(con)) == 1
        assert freshness.extraction_change(con) == "extracted before the knowledge was fingerprinted"
    finally:
        con.close()


@pytest.mark.parametrize("change, why", [
    ("corrections", "the corrections file changed"),
    ("settings", "the comparison settings changed"),
    ("knowledge", "the knowledge files (units.csv) changed"),
])
def test_the_comparison_says_which_input_changed(seed_db, tmp_path, monkeypatch, change, why):
    settings = settings_for(db=seed_db, corrections=tmp_path / "corrections.csv")
    con = store.connect(seed_db)
    try:
        assert freshness.comparison_change(con, settings) == "not built before"
        freshness.remember(con, freshness.COMPARISON, freshness.comparison_parts(con, settings))
        assert freshness.comparison_change(con, settings) is None
        if change == "corrections":
            (tmp_path / "corrections.csv").write_text("action,reason\n", encoding="utf-8")
        elif change == "settings":
            monkeypatch.setenv("REPORTCMP_ABOUT_TOLERANCE_PP", "0.25")
            settings = settings_for(db=seed_db, corrections=tmp_path / "corrections.csv")
        else:
            parts = {**freshness.extraction_parts(), "knowledge/units.csv": "edited"}
            monkeypatch.setattr(freshness, "extraction_parts", lambda: parts)
        assert freshness.comparison_change(con, settings) == why
    finally:
        con.close()


def test_a_stored_text_extracted_again_gives_the_rows_of_its_first_extraction(seed_db):
    con = store.connect(seed_db)
    try:
        before = {t: con.execute(f"SELECT * EXCLUDE (report_sha256) FROM {t} ORDER BY ALL").fetchall()
                  for t in ("core_paragraphs", "core_metrics", "core_program_mentions")}
        (sha,) = con.execute("SELECT report_sha256 FROM core_reports").fetchone()
        ((_sha, meta, text),) = store.stored_reports(con, [sha])
        store.replace_extraction(con, sha, report.extract_report(text, meta))
        after = {t: con.execute(f"SELECT * EXCLUDE (report_sha256) FROM {t} ORDER BY ALL").fetchall()
                 for t in before}
    finally:
        con.close()
    assert after == before


def test_the_knowledge_folder_override_reads_copies_first(tmp_path, monkeypatch):
    from reportcmp.pipeline import knowledge

    (tmp_path / "units.csv").write_text("# edited\nunit\n万个\n", encoding="utf-8")
    monkeypatch.setenv("REPORTCMP_KNOWLEDGE_DIR", str(tmp_path))
    assert knowledge.rows("units.csv") == [{"unit": "万个"}]
    assert knowledge.words("report_words.txt")                          # not copied: the shipped one
    files = knowledge.files()
    assert files["units.csv"].startswith(b"# edited") and "qualifiers.csv" in files


def test_the_workbook_s_words_rewrite_the_workbook_and_extract_nothing_again(seed_db, tmp_path, monkeypatch,
                                                                            fresh_knowledge):
    out = tmp_path / "comparison.xlsx"
    out.write_bytes(b"a workbook")
    settings = settings_for(db=seed_db, out=out, corrections=tmp_path / "corrections.csv")
    con = store.connect(seed_db)
    try:
        freshness.remember(con, freshness.COMPARISON, freshness.comparison_parts(con, settings))
        freshness.remember(con, freshness.WORKBOOK, freshness.workbook_parts(con, settings))
        assert freshness.workbook_change(con, settings) is None
        knowledge = tmp_path / "knowledge"
        knowledge.mkdir()
        texts = (ROOT / "pipeline" / "knowledge" / "workbook_texts.csv").read_text(encoding="utf-8")
        (knowledge / "workbook_texts.csv").write_text(texts + "# an expert's note\n", encoding="utf-8")
        monkeypatch.setenv("REPORTCMP_KNOWLEDGE_DIR", str(knowledge))
        freshness._knowledge_parts.cache_clear(), freshness.extraction_parts.cache_clear()
        assert freshness.stale_reports(con) == []
        assert freshness.comparison_change(con, settings) is None
        assert freshness.workbook_change(con, settings) == "the knowledge files (workbook_texts.csv) changed"
    finally:
        con.close()
