"""`kill -9` of a real `reportcmp ingest` at several moments: the database stays whole, nothing of the
run is left running, and a rerun gives the same database as a run that was never killed.

The moments are read from the command's own progress lines on stderr ("[k/N] file"), so no test hook
is needed in the product. Every child gets a marker variable; a scan of /proc finds what is left.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import duckdb
import pytest
from tests.helpers import table_checksums

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
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PREFECT_API_URL", "REPORTCMP_")) or k == "REPORTCMP_CACHE_DIR"}
    env.update({"PREFECT_HOME": str(prefect_home), MARKER: marker, "REPORTCMP_LOCK_TIMEOUT": "30"})
    return env


def _ingest(batch: Path, db: Path, prefect_home: Path, marker: str) -> subprocess.Popen:
    return subprocess.Popen([str(REPORTCMP), "ingest", str(batch), "--db", str(db)], cwd=db.parent,
                            env=_env(prefect_home, marker), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


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
# flight, and half-way through the batch.
KILL_MOMENTS = ["after 1 s", "[1/", "[9/"]


@pytest.mark.parametrize("moment", KILL_MOMENTS)
def test_kill_9_leaves_a_whole_database_no_process_and_a_rerun_equals_a_clean_run(
        moment, batch, prefect_home, clean_run, tmp_path):
    db = tmp_path / "reports.duckdb"
    marker = uuid.uuid4().hex
    process = _ingest(batch, db, prefect_home, marker)
    if moment.startswith("after"):
        time.sleep(1.0)
    else:
        _wait_for_line(process, moment)
    assert process.pid in _processes_with(marker)        # the scan sees the run while it lives
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)

    assert _wait_until_gone(marker) == []               # the temporary Prefect server died too

    if db.exists():
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

    rerun = _ingest(batch, db, prefect_home, marker)
    _out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert table_checksums(db) == table_checksums(clean_run)
    assert _wait_until_gone(marker) == []
