"""`reportcmp serve` end to end against a real local Prefect server.

It starts the server, picks up a report dropped into the inbox within a minute, rewrites the
workbook, publishes a read-only copy of the database, and leaves no process behind after SIGTERM.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "dezhou" / "2024.txt"
NOT_A_REPORT = "这是一份购物清单：苹果三斤，香蕉两把。\n" * 20


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(predicate, timeout: float, what: str, process: subprocess.Popen, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if process.poll() is not None:
            pytest.fail(f"serve exited early ({process.returncode}) while waiting for {what}:\n{log.read_text()[-3000:]}")
        time.sleep(1)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}:\n{log.read_text()[-3000:]}")


def _processes_mentioning(marker: str) -> list[str]:
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            environ = Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline or marker in environ:
            found.append(f"{pid}: {cmdline[:150]}")
    return found


def _published_reports(db: Path) -> list[tuple]:
    published = db.with_name(db.stem + ".readonly" + db.suffix)
    if not published.exists():
        return []
    try:
        con = duckdb.connect(str(published), read_only=True)
    except duckdb.Error:
        return []
    try:
        return con.execute("SELECT region, report_year FROM v_reports").fetchall()
    finally:
        con.close()


def test_serve_picks_up_inbox_reports_and_stops_cleanly(tmp_path):
    port = _free_port()
    inbox, db, out = tmp_path / "inbox", tmp_path / "warehouse" / "reports.duckdb", tmp_path / "out.xlsx"
    inbox.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(DO_NOT_TRACK="1", REPORTCMP_TEST_MARKER=str(tmp_path))
    log = tmp_path / "serve.log"
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", "serve", "--interval", "15", "--port", str(port), "--verbose",
             "--db", str(db), "--inbox", str(inbox), "--out", str(out)],
            cwd=tmp_path, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        _wait_for(lambda: "Prefect server ready" in log.read_text(), 120, "the Prefect server", process, log)
        _wait_for(out.exists, 90, "the first (empty) inbox run", process, log)
        first_written = out.stat().st_mtime_ns

        dropped = time.monotonic()
        shutil.copy(SEED, inbox / "dezhou-2024.txt")
        (inbox / "shopping.txt").write_text(NOT_A_REPORT, encoding="utf-8")
        _wait_for(lambda: _published_reports(db) == [("德州市", 2024)], 60, "the dropped report", process, log)
        _wait_for(lambda: out.stat().st_mtime_ns != first_written, 30, "the workbook rewrite", process, log)
        assert time.monotonic() - dropped < 60

        published = db.with_name("reports.readonly.duckdb")
        con = duckdb.connect(str(published), read_only=True)
        try:
            statuses = dict(con.execute("SELECT path, status FROM v_files").fetchall())
        finally:
            con.close()
        assert statuses[str((inbox / "dezhou-2024.txt").resolve())] == "ingested"
        assert statuses[str((inbox / "shopping.txt").resolve())] == "rejected"
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail("serve did not stop within 60 s of SIGTERM")
    time.sleep(2)
    assert _processes_mentioning(str(tmp_path)) == []
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0, "the Prefect server still listens"


def test_a_port_taken_by_something_else_is_named_with_the_way_out(tmp_path):
    """Not a Prefect server on the port: one line saying so and how to choose another, exit 1."""
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_URL")}
        done = subprocess.run(
            [sys.executable, "-m", "pipeline.cli", "serve", "--interval", "15", "--port", str(port),
             "--db", str(tmp_path / "reports.duckdb"), "--inbox", str(tmp_path / "inbox")],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
        )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"reportcmp: error: port {port} on 127.0.0.1 is taken by something that is not a healthy Prefect "
        f"server; choose another with --port"]
