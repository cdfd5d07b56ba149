"""The real flows under Prefect's test harness: the main job end to end on the seed, bad input in
a batch, a rerun that changes nothing, and the CLI's exit statuses."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
import pytest

from reportcmp.pipeline import cli
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
    from reportcmp import flows
    import reportcmp.flows.ingest  # noqa: F401

    def no_flow(**_kwargs):
        raise AssertionError("the ingest flow ran although nothing was new")

    monkeypatch.setattr(flows.ingest, "ingest_flow", no_flow)
    capsys.readouterr()
    assert cli.main(["ingest", str(SEED), "--db", db]) == 0
    said = capsys.readouterr().out.strip().splitlines()
    assert said[0] == "files: nothing new"
    # issue 13: an ingest ends with what is out of date and the next command
    assert said[1].startswith("out of date: comparison: not built before") and said[1].endswith(
        f"Next: reportcmp compare --db {db}, then reportcmp export --db {db}")


# ---- hostile and damaged input through the command (issue 11) --------------------------------

def test_a_batch_of_hostile_entries_names_each_in_one_line_and_takes_the_good_ones(tmp_path, capsys, monkeypatch):
    """Every bad entry is one line on stderr, the batch goes on, and the good reports go in;
    two versions of one report are named too (a note), the later delivered one kept."""
    from tests import hostile

    monkeypatch.setenv("REPORTCMP_MAX_FILE_MB", "2")
    batch, outside = tmp_path / "batch", tmp_path / "outside"
    batch.mkdir()
    outside.mkdir()
    seed = SEED.read_text(encoding="utf-8")
    (batch / "dezhou-2024.txt").write_text("——2024年1月10日在德州市第十八届人民代表大会第三次会议上\n" + seed,
                                           encoding="utf-8")
    (batch / "dezhou-2024-revised.txt").write_text(
        "——2024年1月25日在德州市第十八届人民代表大会第三次会议上\n" + seed + "\n（修订稿）\n", encoding="utf-8")
    (batch / "liaocheng-2024.txt").write_text(seed.replace("德州", "聊城"), encoding="utf-8")
    with open(os.path.join(os.fsencode(batch), "报告".encode("gbk") + b".txt"), "wb") as file:
        file.write(seed.encode("gbk"))
    os.mkfifo(batch / "pipe.txt")
    (batch / "secret.txt").symlink_to(shutil.copy(SEED, outside / "secret.txt"))
    (batch / "gone.txt").symlink_to(batch / "nothing-here.txt")
    (batch / ".git").mkdir()
    (batch / ".git" / "x.txt").write_text(seed, encoding="utf-8")
    hostile.docx_bomb(batch / "bomb.docx")
    hostile.html_deep(batch / "deep.html")
    hostile.pdf_bomb(batch / "bomb.pdf", unpacked_mb=200)
    (batch / "big.txt").write_bytes(seed.encode() * 60)
    big_mb = len(seed.encode()) * 60 / 2**20

    db = tmp_path / "reports.duckdb"
    assert cli.main(["ingest", str(batch), "--db", str(db)]) == 1
    captured = capsys.readouterr()
    bad_name = str(batch) + "/\\xb1\\xa8\\xb8\\xe6.txt"
    said = [line for line in captured.err.splitlines() if line.startswith("reportcmp:")]
    assert sorted(said) == sorted([
        f"reportcmp: rejected: {bad_name}: the file name is not valid UTF-8 (a name from a GBK Windows share?): "
        "rename the file",
        f"reportcmp: rejected: {batch / 'big.txt'}: file too large: {big_mb:.1f} MB, over the limit of 2 MB "
        "(REPORTCMP_MAX_FILE_MB)",
        f"reportcmp: rejected: {batch / 'bomb.docx'}: .docx unpacks to 1,024 MB, over the limit of 256 MB "
        "(REPORTCMP_MAX_UNPACKED_MB)",
        f"reportcmp: rejected: {batch / 'bomb.pdf'}: PDF over one of pypdf's limits (Limit reached while "
        "decompressing. 133357 bytes remaining.)",
        f"reportcmp: rejected: {batch / 'deep.html'}: HTML nested deeper than 2048 elements (unclosed tags?): "
        "the parser stops there, so the page cannot be read whole",
        f"reportcmp: rejected: {batch / 'gone.txt'}: symbolic link to nothing ({batch / 'nothing-here.txt'})",
        f"reportcmp: rejected: {batch / 'pipe.txt'}: not a regular file (a FIFO)",
        f"reportcmp: rejected: {batch / 'secret.txt'}: symbolic link pointing outside {batch} "
        f"(to {outside / 'secret.txt'})",
        f"reportcmp: note: {batch / 'dezhou-2024.txt'}: another version of 德州市 2024: "
        f"{batch / 'dezhou-2024-revised.txt'} is kept (delivered 2024-01-25, after 2024-01-10)",
    ])
    assert "files: 2 ingested, 1 duplicate, 8 rejected" in captured.out
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT region, source_file FROM v_reports ORDER BY region").fetchall() == [
            ("德州市", str(batch / "dezhou-2024-revised.txt")), ("聊城市", str(batch / "liaocheng-2024.txt"))]
        assert con.execute("SELECT count(*) FROM v_files WHERE path LIKE '%.git%'").fetchone() == (0,)
    finally:
        con.close()

    capsys.readouterr()                                  # a rerun: every entry is settled
    assert cli.main(["ingest", str(batch), "--db", str(db)]) == 0
    said = capsys.readouterr().out.strip().splitlines()
    assert said[:2] == ["8 files rejected before, unchanged, not read again (--retry-rejected reads them; "
                        "v_files says why)", "files: nothing new"]


def test_out_naming_a_folder_says_so_in_one_line(tmp_path, capsys):
    db = tmp_path / "reports.duckdb"
    assert cli.main(["ingest", str(SEED), "--db", str(db)]) == 0
    folder = tmp_path / "exports"
    folder.mkdir()
    capsys.readouterr()
    assert cli.main(["export", "--db", str(db), "--out", str(folder)]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        f"reportcmp: error: --out {folder} is a folder: give the workbook's file, e.g. --out {folder / 'comparison.xlsx'}"]


def test_the_partial_workbook_of_a_killed_export_is_removed_by_the_next(tmp_path):
    """A killed export left a 0-byte .partial.xlsx forever (issue 11)."""
    db, out = tmp_path / "reports.duckdb", tmp_path / "comparison.xlsx"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    orphan = tmp_path / f".comparison.{int(dead.stdout)}.partial.xlsx"
    orphan.write_bytes(b"")
    alive = tmp_path / f".comparison.{os.getpid()}.partial.xlsx.keep"     # not the pattern: kept
    alive.write_bytes(b"")
    assert cli.main(["ingest", str(SEED), "--db", str(db)]) == 0
    assert cli.main(["export", "--db", str(db), "--out", str(out)]) == 0
    assert not orphan.exists() and alive.exists() and out.exists()


def test_a_corrections_file_in_gbk_is_named_with_the_fix(tmp_path, capsys):
    db, corrections = tmp_path / "reports.duckdb", tmp_path / "corrections.csv"
    corrections.write_bytes("action,region,reason\nset_status,德州市,核实\n".encode("gbk"))
    assert cli.main(["ingest", str(SEED), "--db", str(db)]) == 0
    capsys.readouterr()
    assert cli.main(["compare", "--db", str(db), "--corrections", str(corrections)]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        f'reportcmp: error: {corrections}: not UTF-8 (line 2, byte 32); save it as UTF-8, in Excel as '
        f'"CSV UTF-8 (comma delimited)"']


def test_export_writes_the_views_as_parquet_and_csv_with_the_views_rows(tmp_path, capsys):
    """issue 13: `export --format parquet|csv` through the export flow; pandas reads the rows back."""
    import pandas as pd

    db = tmp_path / "reports.duckdb"
    assert cli.main(["ingest", str(SEED), "--db", str(db)]) == 0
    for fmt, read in (("parquet", pd.read_parquet), ("csv", pd.read_csv)):
        folder = tmp_path / f"views-{fmt}"
        assert cli.main(["export", "--format", fmt, "--db", str(db), "--out", str(folder)]) == 0
        assert capsys.readouterr().out.strip().splitlines()[-1].endswith(f": {folder}")
        con = duckdb.connect(str(db), read_only=True)
        try:
            for view in ("v_reports", "v_metrics", "v_paragraphs"):
                frame = read(folder / f"{view}.{fmt}")
                assert len(frame) == con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] > 0
                assert list(frame.columns) == [d[0] for d in con.execute(f"SELECT * FROM {view} LIMIT 0").description]
        finally:
            con.close()
    assert not (tmp_path / "reports.xlsx").exists()      # the views only, no workbook


def test_a_run_that_did_nothing_leaves_no_artifact(tmp_path):
    """issue 13: the run's artifact is left when it did something, not every interval."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from reportcmp.flows.run import run_flow

    def artifacts() -> int:
        with get_client(sync_client=True) as client:
            return len(client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["reportcmp-run"]))))

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEED, inbox / "dezhou.txt")
    paths = dict(db=str(tmp_path / "r.duckdb"), out=str(tmp_path / "r.xlsx"), corrections=str(tmp_path / "c.csv"))
    before = artifacts()
    assert run_flow(paths=[str(inbox)], **paths).did_something
    assert artifacts() == before + 1
    assert not run_flow(paths=[str(inbox)], **paths).did_something
    assert artifacts() == before + 1
