"""`kill -9` of a real `reportcmp ingest` at several moments: the database stays whole, nothing of the
run is left running, and a rerun gives the same database as a run that was never killed.

The moments are read from the command's own progress lines on stderr ("[k/N] file"), so no test hook
is needed in the product. Every child gets a marker variable; a scan of /proc finds what is left.
"""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import duckdb
import pytest

from reportcmp.pipeline import store
from tests.helpers import command_env, table_checksums

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
REPORTCMP = Path(sys.executable).with_name("reportcmp")
SEED = ROOT / "seeds" / "dezhou" / "2024.txt"
NATIONAL_YEARS = range(2010, 2026)          # 16 reports: long enough to kill mid-way
MARKER = "REPORTCMP_CRASH_TEST_RUN"
REPORT_TABLES = ("core_paragraphs", "core_metrics", "core_program_mentions")

pytestmark = pytest.mark.corpus


def _corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the project")
    return CORPUS


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    """A folder of reports (one city, sixteen national years) that every run of this module ingests."""
    folder = tmp_path_factory.mktemp("batch")
    shutil.copy(SEED, folder / "dezhou-2024.txt")
    for year in NATIONAL_YEARS:
        shutil.copy(_corpus() / "national" / f"{year}.txt", folder / f"national-{year}.txt")
    return folder


@pytest.fixture(scope="module")
def prefect_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("prefect-home")


def _env(prefect_home: Path, marker: str) -> dict[str, str]:
    return command_env(PREFECT_HOME=str(prefect_home), REPORTCMP_LOCK_TIMEOUT="30", **{MARKER: marker})


def _ingest(batch: Path, db: Path, prefect_home: Path, marker: str, *more: str) -> subprocess.Popen:
    # Batches of two on a cluster: a kill finds reports stored, some in flight on the workers, some not sent.
    return subprocess.Popen([str(REPORTCMP), "ingest", str(batch), "--db", str(db), *more], cwd=db.parent,
                            env={**_env(prefect_home, marker), "REPORTCMP_BATCH_SIZE": "2"}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _processes_with(marker: str) -> list[int]:
    """Pids of live processes whose environment carries `marker` (children inherit it)."""
    needle = f"{MARKER}={marker}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and needle in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def _wait_until_gone(marker: str, timeout_s: float = 15.0) -> list[int]:
    deadline = time.monotonic() + timeout_s
    while (left := _processes_with(marker)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def _wait_for_line(process: subprocess.Popen, prefix: str, timeout_s: float = 120.0) -> str:
    deadline = time.monotonic() + timeout_s
    for line in process.stderr:
        if line.startswith(prefix):
            return line
        if time.monotonic() > deadline:
            break
    raise AssertionError(f"no line starting with {prefix!r} (exit {process.poll()})")




def _rows_per_report(con, table: str) -> dict[str, int]:
    return dict(con.execute(f"SELECT report_sha256, count(*) FROM {table} GROUP BY ALL").fetchall())


@pytest.fixture(scope="module")
def clean_run(batch, prefect_home, tmp_path_factory) -> Path:
    """The database of a run that was never killed."""
    db = tmp_path_factory.mktemp("clean") / "reports.duckdb"
    process = _ingest(batch, db, prefect_home, uuid.uuid4().hex)
    _out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return db


# Moments to kill at: a second after start (Prefect starting, nothing open), the first report in
# flight, and half-way through the batch; and on a local Dask cluster of two workers (flows/cluster.py),
# its workers busy, the third report being stored.
KILL_MOMENTS = [("after 1 s", ()), ("[1/", ()), ("[9/", ()),
                pytest.param("[3/", ("--workers", "2"), marks=pytest.mark.cluster, id="[3/ on 2 workers")]


@pytest.mark.parametrize("moment, cluster", KILL_MOMENTS)
def test_kill_9_leaves_a_whole_database_no_process_and_a_rerun_equals_a_clean_run(
        moment, cluster, batch, prefect_home, clean_run, tmp_path):
    db = tmp_path / "reports.duckdb"
    marker = uuid.uuid4().hex
    process = _ingest(batch, db, prefect_home, marker, *cluster)
    if moment.startswith("after"):
        time.sleep(1.0)
    else:
        _wait_for_line(process, moment)
    assert process.pid in _processes_with(marker)        # the scan sees the run while it lives
    if cluster:
        assert len(_processes_with(marker)) >= 3           # the command and its two workers
    process.send_signal(signal.SIGKILL)                   # the command alone, as `kill -9 PID` does
    process.wait(timeout=10)

    assert _wait_until_gone(marker) == []               # the Prefect server and the Dask workers died too

    if db.exists():
        store.check_whole(db)                             # a whole DuckDB file: every block of its tables there
        con = duckdb.connect(str(db), read_only=True)
        try:
            reports = {sha for (sha,) in con.execute("SELECT report_sha256 FROM core_reports").fetchall()}
            clean = duckdb.connect(str(clean_run), read_only=True)
            try:
                for table in REPORT_TABLES:
                    stored = _rows_per_report(con, table)
                    assert set(stored) <= reports, f"{table} has rows of no report"
                    expected = _rows_per_report(clean, table)
                    assert stored == {sha: expected[sha] for sha in reports if sha in expected}, \
                        f"{table}: a report is partial or missing"
                assert reports <= set(_rows_per_report(clean, "core_paragraphs"))
            finally:
                clean.close()
            ingested = {sha for (sha,) in con.execute(
                "SELECT report_sha256 FROM raw_files WHERE status = 'ingested'").fetchall()}
            assert ingested == reports
        finally:
            con.close()

    rerun = _ingest(batch, db, prefect_home, marker, *cluster)
    _out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert table_checksums(db) == table_checksums(clean_run)
    assert _wait_until_gone(marker) == []


# ---- kill -9 inside the store transaction, during compare, during export (issue 11) ------------

# Runs the real command in this process, after arranging that the process kill -9s itself at one
# moment: the N-th call of a library function (no hook in the product; the test's own wrapper).
DIE_AT = """
import os, signal, sys
module_name, function, nth = sys.argv[1], sys.argv[2], int(sys.argv[3])
import importlib
module = importlib.import_module(module_name)
owner = module
for part in function.split(".")[:-1]:
    owner = getattr(owner, part)
name = function.split(".")[-1]
real, calls = getattr(owner, name), [0]
def dying(*args, **kwargs):
    calls[0] += 1
    if calls[0] == nth:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)
setattr(owner, name, dying)
sys.argv = ["reportcmp", *sys.argv[4:]]
from reportcmp.pipeline.cli import entry
entry()
"""
# (module, function, call): the 14th bulk insert is inside the 5th report's transaction (after its
# DELETEs and its core_reports row); the 2nd table replaced by compare is inside its transaction;
# the 3rd part XlsxWriter zips into the workbook is in the middle of writing the .partial.xlsx.
RUN_MOMENTS = {
    "inside-the-store-transaction": ("reportcmp.pipeline.store", "_insert", 14),
    "during-compare": ("reportcmp.pipeline.compare", "_replace", 2),
    "during-export": ("zipfile", "ZipFile.write", 3),
}
RUN_YEARS = range(2019, 2025)
DERIVED_TABLES = ("out_target_vs_result", "out_ambition", "out_review_queue", "out_program_timeline")


@pytest.fixture(scope="module")
def run_batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("run-batch")
    shutil.copy(SEED, folder / "dezhou-2024.txt")
    for year in RUN_YEARS:
        shutil.copy(_corpus() / "national" / f"{year}.txt", folder / f"national-{year}.txt")
    return folder


def _run_args(batch: Path, folder: Path) -> list[str]:
    (folder / "inbox").mkdir(exist_ok=True)
    return ["run", "--seeds", str(batch), "--inbox", str(folder / "inbox"), "--db", str(folder / "reports.duckdb"),
            "--out", str(folder / "comparison.xlsx"), "--corrections", str(folder / "corrections.csv")]


@pytest.fixture(scope="module")
def clean_main_run(run_batch, prefect_home, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("clean-run")
    done = subprocess.run([str(REPORTCMP), *_run_args(run_batch, folder)], cwd=folder, capture_output=True,
                          text=True, env=_env(prefect_home, uuid.uuid4().hex), timeout=600)
    assert done.returncode == 0, done.stderr
    return folder / "reports.duckdb"


def _without_bookkeeping(db: Path) -> dict:
    """Every table but the fingerprints (they hold the workbook's absolute path)."""
    return {t: sums for t, sums in table_checksums(db).items() if t != "meta_fingerprints"}


@pytest.mark.parametrize("moment", RUN_MOMENTS)
def test_kill_9_inside_a_transaction_or_the_workbook_then_a_rerun_equals_a_clean_run(
        moment, run_batch, prefect_home, clean_main_run, tmp_path):
    import openpyxl

    module, function, nth = RUN_MOMENTS[moment]
    marker = uuid.uuid4().hex
    killed = subprocess.run([sys.executable, "-c", DIE_AT, module, function, str(nth),
                             *_run_args(run_batch, tmp_path)], cwd=tmp_path, capture_output=True, text=True,
                            env=_env(prefect_home, marker), timeout=600)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert _wait_until_gone(marker) == []                # the temporary Prefect server died too

    db = tmp_path / "reports.duckdb"
    con = duckdb.connect(str(db), read_only=True)
    clean = duckdb.connect(str(clean_main_run), read_only=True)
    try:
        reports = {sha for (sha,) in con.execute("SELECT report_sha256 FROM core_reports").fetchall()}
        for table in REPORT_TABLES:                       # every stored report is whole
            expected = _rows_per_report(clean, table)
            assert _rows_per_report(con, table) == {sha: expected[sha] for sha in reports if sha in expected}
        for table in DERIVED_TABLES:                      # a comparison is there whole, or not at all
            rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            assert rows in (0, clean.execute(f"SELECT count(*) FROM {table}").fetchone()[0]), table
    finally:
        con.close()
        clean.close()
    partials = list(tmp_path.glob(".comparison.*.partial.xlsx"))
    if moment == "during-export":
        assert len(partials) == 1 and not (tmp_path / "comparison.xlsx").exists()

    rerun = subprocess.run([str(REPORTCMP), *_run_args(run_batch, tmp_path)], cwd=tmp_path, capture_output=True,
                           text=True, env=_env(prefect_home, marker), timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert _without_bookkeeping(db) == _without_bookkeeping(clean_main_run)
    assert list(tmp_path.glob(".comparison.*.partial.xlsx")) == []
    assert "Comparison" in openpyxl.load_workbook(tmp_path / "comparison.xlsx", read_only=True).sheetnames
    assert _wait_until_gone(marker) == []
