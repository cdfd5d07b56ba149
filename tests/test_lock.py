"""Another process holds the database while `reportcmp ingest` runs (REPORTCMP_LOCK_TIMEOUT set short).

(a) the holder lets go while the command waits: it says it waits, then ingests;
(b) the holder keeps it: the command fails with one clear line and a non-zero exit, the input file
    is untouched, and the next run (holder gone) ingests it.
The lock wait itself is tested in tests/test_store.py; this is the product seen from outside.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.helpers import command_env

ROOT = Path(__file__).resolve().parents[1]
REPORTCMP = Path(sys.executable).with_name("reportcmp")
SEED = ROOT / "seeds" / "dezhou" / "2024.txt"

# Opens the database read-write, says so, and holds it until its stdin is closed.
HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
sys.stdin.read()
con.close()
"""
WAITING = "is locked by another process; waiting up to"


@pytest.fixture(scope="module")
def prefect_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("prefect-home")


@pytest.fixture
def inbox(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SEED, folder / "dezhou-2024.txt")
    return folder


def _holder(db: Path) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    return holder


def _release(holder: subprocess.Popen) -> None:
    holder.stdin.close()
    holder.wait(timeout=10)


def _ingest(folder: Path, db: Path, prefect_home: Path, lock_timeout_s: float) -> subprocess.Popen:
    env = command_env(PREFECT_HOME=str(prefect_home), REPORTCMP_LOCK_TIMEOUT=str(lock_timeout_s))
    return subprocess.Popen([str(REPORTCMP), "ingest", str(folder), "--db", str(db)], cwd=db.parent, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _file_statuses(db: Path) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute("SELECT path, status FROM v_files").fetchall())
    finally:
        con.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_ingest_waits_for_a_holder_that_lets_go_says_so_and_proceeds(inbox, prefect_home, tmp_path):
    db = tmp_path / "reports.duckdb"
    holder = _holder(db)
    ingest = _ingest(inbox, db, prefect_home, lock_timeout_s=120)
    try:
        said = []
        for line in ingest.stderr:      # release only once the command says it waits: no timing guess
            said.append(line)
            if WAITING in line:
                break
        else:
            pytest.fail(f"never said it waits: {''.join(said)}")
    finally:
        _release(holder)
    out, err = ingest.communicate(timeout=120)
    assert ingest.returncode == 0, err
    assert "files: 1 ingested" in out
    assert _file_statuses(db) == {str((inbox / "dezhou-2024.txt").resolve()): "ingested"}


def test_ingest_gives_up_on_a_holder_that_keeps_it_in_one_line_and_the_next_run_takes_the_file(
        inbox, prefect_home, tmp_path):
    db = tmp_path / "reports.duckdb"
    report = inbox / "dezhou-2024.txt"
    before = _sha(report)
    holder = _holder(db)
    try:
        ingest = _ingest(inbox, db, prefect_home, lock_timeout_s=2)
        out, err = ingest.communicate(timeout=120)
    finally:
        _release(holder)
    assert ingest.returncode != 0
    errors = [line for line in err.splitlines() if line.startswith("reportcmp:")]
    assert len(errors) == 1, err
    assert errors[0].startswith(f"reportcmp: error: {db} is locked by another process (waited 2 s)")
    assert "Traceback" not in err
    assert _sha(report) == before            # the input is only ever read

    again = _ingest(inbox, db, prefect_home, lock_timeout_s=2)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert "files: 1 ingested" in out
    assert _file_statuses(db) == {str(report.resolve()): "ingested"}
