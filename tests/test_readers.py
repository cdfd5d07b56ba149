"""Reading the database while runs happen (issue 11), with a real second process.

DuckDB lets one process hold a file when one of them writes: a reader of the database file itself,
even `read_only=True`, makes a writer's connect fail. So every command that writes publishes a
read-only copy beside the database (`reports.readonly.duckdb`), and the README sends analysts there:
a process holding that copy never blocks a run, keeps reading what it opened, and a new connection
sees the new run. A damaged database is named in one line and left as it was.
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from reportcmp.pipeline import cli, store
from reportcmp.pipeline.config import LoadSettings

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "dezhou" / "2024.txt"

# Opens a database read-only, says what it sees, then holds it until its stdin is closed, and
# says what it sees then (through the same connection).
READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
count = lambda: con.execute("SELECT count(*) FROM v_reports").fetchone()[0]
print(count(), flush=True)
sys.stdin.read()
print(count(), flush=True)
con.close()
"""


def _reader(db: Path) -> tuple[subprocess.Popen, int]:
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    return reader, int(reader.stdout.readline())


def _release(reader: subprocess.Popen) -> int:
    reader.stdin.close()
    seen = int(reader.stdout.readline())
    reader.wait(timeout=10)
    return seen


def _liaocheng(folder: Path) -> Path:
    """A second region's report: the seed with its city renamed."""
    path = folder / "liaocheng-2024.txt"
    path.write_text(SEED.read_text(encoding="utf-8").replace("德州", "聊城"), encoding="utf-8")
    return path


def test_a_reader_of_the_database_file_itself_blocks_a_writer(tmp_path):
    """The measured fact behind the published copy (DuckDB 2.0): read_only is not enough."""
    db = tmp_path / "reports.duckdb"
    store.connect(db).close()
    duckdb.connect(str(db)).execute("CREATE OR REPLACE VIEW v_reports AS SELECT 1 AS x").close()
    reader, _ = _reader(db)
    try:
        with pytest.raises(store.DatabaseLocked):
            store.connect(db, settings=LoadSettings(lock_timeout_s=0.5))
    finally:
        _release(reader)


@pytest.mark.usefixtures("prefect_harness")
def test_an_analyst_holding_the_published_copy_never_blocks_a_run(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REPORTCMP_LOCK_TIMEOUT", "2")
    db = tmp_path / "warehouse" / "reports.duckdb"
    published = db.with_name("reports.readonly.duckdb")
    args = ["--db", str(db), "--out", str(tmp_path / "comparison.xlsx"),
            "--corrections", str(tmp_path / "corrections.csv")]
    first = tmp_path / "first"
    first.mkdir()
    (first / "dezhou-2024.txt").write_bytes(SEED.read_bytes())
    assert cli.main(["ingest", str(first), "--db", str(db)]) == 0
    assert published.exists()

    reader, seen_before = _reader(published)       # the README's advice: open the copy, keep it open
    try:
        assert seen_before == 1
        second = tmp_path / "second"
        second.mkdir()
        _liaocheng(second)
        assert cli.main(["ingest", str(second), "--db", str(db)]) == 0
        assert cli.main(["compare", *args[:2], *args[4:]]) == 0
        assert cli.main(["export", *args]) == 0
    finally:
        assert _release(reader) == 1                # it kept reading what it opened
    again, seen_now = _reader(published)            # a new connection sees the new run
    _release(again)
    assert seen_now == 2
    assert "locked" not in capsys.readouterr().err


def test_a_truncated_database_is_named_in_one_line_and_left_untouched(tmp_path, capsys):
    db = tmp_path / "reports.duckdb"
    con = store.connect(db)
    con.execute("CREATE TABLE filler AS SELECT range AS i, repeat('x', 200) AS s FROM range(100000)")
    con.close()
    with open(db, "r+b") as file:
        file.truncate(db.stat().st_size // 2)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with pytest.raises(store.DatabaseDamaged) as caught:
        store.connect(db)
    assert str(caught.value).startswith(f"{db} is damaged and was left untouched (")
    assert "\n" not in str(caught.value)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not db.with_name(db.name + ".wal").exists()


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100], ids=["empty", "garbage"])
def test_a_file_that_is_not_duckdb_is_named_not_overwritten(tmp_path, content):
    db = tmp_path / "reports.duckdb"
    db.write_bytes(content)
    with pytest.raises(store.DatabaseDamaged, match="is damaged and was left untouched"):
        store.connect(db)
    assert db.read_bytes() == content
