"""The real flows under Prefect's test harness: the main job end to end on the seed, bad input in
a batch, a rerun that changes nothing, and the CLI's exit statuses."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest

from pipeline import cli
from tests.helpers import table_checksums

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "dezhou" / "2024.txt"
EMPTY = b""
BINARY = bytes(range(256)) * 8

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _args(tmp_path: Path) -> list[str]:
    return ["--db", str(tmp_path / "reports.duckdb"), "--out", str(tmp_path / "comparison.xlsx"),
            "--corrections", str(tmp_path / "corrections.csv")]




def test_main_job_on_the_seed_then_a_rerun_changes_nothing(tmp_path, capsys):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    args = ["run", "--inbox", str(inbox), *_args(tmp_path)]
    assert cli.main(args) == 0
    db = tmp_path / "reports.duckdb"
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT region, region_code, level, report_year FROM v_reports").fetchall() == [
            ("德州市", "371400", "city", 2024)]
        kinds = dict(con.execute("SELECT kind, count(*) FROM v_metrics GROUP BY kind").fetchall())
        assert kinds["result"] > 50 and kinds["target"] > 10
        statuses = {s for (s,) in con.execute("SELECT DISTINCT status FROM v_target_vs_result").fetchall()}
        assert statuses == {"pending"}   # no 2025 report yet
    finally:
        con.close()
    workbook = openpyxl.load_workbook(tmp_path / "comparison.xlsx", read_only=True)
    assert "Comparison" in workbook.sheetnames
    before = table_checksums(db)

    capsys.readouterr()
    assert cli.main(args) == 0
    assert "nothing new" in capsys.readouterr().out
    assert table_checksums(db) == before


def test_a_batch_with_bad_files_ingests_the_good_ones_and_names_the_bad(tmp_path, capsys):
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(SEED, batch / "dezhou.txt")
    (batch / "empty.txt").write_bytes(EMPTY)
    (batch / "binary.txt").write_bytes(BINARY)
    (batch / "notes.xyz").write_text("hello", encoding="utf-8")
    status = cli.main(["ingest", str(batch), "--db", str(tmp_path / "reports.duckdb")])
    assert status == 1
    err = capsys.readouterr().err
    for name in ("empty.txt", "binary.txt", "notes.xyz"):
        assert f"rejected: {batch / name}" in err
    con = duckdb.connect(str(tmp_path / "reports.duckdb"), read_only=True)
    try:
        rows = dict(con.execute("SELECT path, status FROM v_files").fetchall())
    finally:
        con.close()
    assert rows[str((batch / "dezhou.txt").resolve())] == "ingested"
    assert sorted(v for v in rows.values()) == ["ingested", "rejected", "rejected", "rejected"]


def test_the_same_report_in_another_encoding_is_a_duplicate(tmp_path, capsys):
    batch = tmp_path / "batch"
    batch.mkdir()
    text = SEED.read_text(encoding="utf-8")
    (batch / "a-utf8.txt").write_text(text, encoding="utf-8")
    (batch / "b-gb18030.txt").write_bytes(text.encode("gb18030"))
    assert cli.main(["ingest", str(batch), "--db", str(tmp_path / "reports.duckdb")]) == 0
    assert "1 ingested, 1 duplicate" in capsys.readouterr().out


def test_overrides_win_over_detection(tmp_path):
    db = tmp_path / "reports.duckdb"
    assert cli.main(["ingest", str(SEED), "--db", str(db), "--region", "德州市", "--year", "2023"]) == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT region, report_year FROM v_reports").fetchall() == [("德州市", 2023)]
    finally:
        con.close()


def test_nothing_to_do_is_an_error_with_one_line(tmp_path, capsys):
    assert cli.main(["ingest", str(tmp_path / "missing"), "--db", str(tmp_path / "r.duckdb")]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        f"reportcmp: rejected: {tmp_path / 'missing'}: no such file or folder"]


def test_ingesting_nothing_new_starts_no_flow(tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "reports.duckdb")
    assert cli.main(["ingest", str(SEED), "--db", db]) == 0
    import flows.ingest

    def no_flow(**_kwargs):
        raise AssertionError("the ingest flow ran although nothing was new")

    monkeypatch.setattr(flows.ingest, "ingest_flow", no_flow)
    capsys.readouterr()
    assert cli.main(["ingest", str(SEED), "--db", db]) == 0
    assert capsys.readouterr().out.strip() == "files: nothing new"
