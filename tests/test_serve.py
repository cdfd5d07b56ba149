"""`reportcmp serve` end to end against a real local Prefect server.

It starts the server, picks up a report dropped into the inbox within a minute, rewrites the
workbook, publishes a read-only copy of the database, and leaves no process behind after SIGTERM.
"""
from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import duckdb
import pytest

from tests.helpers import command_env

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
    env = command_env(REPORTCMP_TEST_MARKER=str(tmp_path))
    log = tmp_path / "serve.log"
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "reportcmp.pipeline.cli", "serve", "--interval", "15", "--port", str(port), "--verbose",
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
        (tmp_path / "inbox").mkdir()
        done = subprocess.run(
            [sys.executable, "-m", "reportcmp.pipeline.cli", "serve", "--interval", "15", "--port", str(port),
             "--db", str(tmp_path / "reports.duckdb"), "--inbox", str(tmp_path / "inbox")],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
        )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"reportcmp: error: port {port} on 127.0.0.1 is taken by something that is not a healthy Prefect "
        f"server; choose another with --port"]


# ---- only the owner drives serve (issue 11) ------------------------------------------------------

FINAL_STATES = ("COMPLETED", "FAILED", "CRASHED", "CANCELLED")


def _api(port: int, method: str, path: str, *, auth: str | None = None, body: dict | None = None,
         headers: dict | None = None) -> tuple[int, dict, object]:
    """(status, headers, JSON body) of one call to the local Prefect API. A 503 (SQLite busy in a
    Prefect home shared by several servers) is tried again, as Prefect's own client does."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    for attempt in range(5):
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, answer, text = response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            status, answer, text = error.code, dict(error.headers), error.read().decode()
        if status != 503:
            break
        time.sleep(1 + attempt)
    try:
        return status, answer, json.loads(text)
    except ValueError:
        return status, answer, text


def _serve(tmp_path: Path, port: int, inbox: Path, db: Path, out: Path, log: Path) -> subprocess.Popen:
    env = command_env(REPORTCMP_TEST_MARKER=str(tmp_path))
    with open(log, "wb") as log_file:
        return subprocess.Popen(
            [sys.executable, "-m", "reportcmp.pipeline.cli", "serve", "--interval", "3600", "--port", str(port),
             "--verbose", "--db", str(db), "--inbox", str(inbox), "--out", str(out)],
            cwd=tmp_path, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)


def test_the_serve_api_needs_its_auth_string_and_refuses_a_run_with_other_paths(tmp_path):
    """One POST to create_flow_run with other paths made serve read any folder and overwrite any
    file (issue 11). Now: no auth string, no call; CORS only for the UI; and even with the auth
    string, a run asking for other paths is refused before it reads or writes anything."""
    port = _free_port()
    inbox, db, out = tmp_path / "inbox", tmp_path / "warehouse" / "reports.duckdb", tmp_path / "out.xlsx"
    inbox.mkdir()
    shutil.copy(SEED, inbox / "dezhou-2024.txt")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(SEED, elsewhere / "private-2024.txt")
    victim = tmp_path / "victim.txt"
    victim.write_text("a file serve must never write\n", encoding="utf-8")
    log = tmp_path / "serve.log"
    process = _serve(tmp_path, port, inbox, db, out, log)
    try:
        _wait_for(lambda: "Prefect server ready" in log.read_text(), 120, "the Prefect server", process, log)
        auth_file = tmp_path / ".reportcmp" / "serve-auth"
        assert auth_file.stat().st_mode & 0o777 == 0o600
        auth = auth_file.read_text(encoding="utf-8").strip()

        # Without the auth string: nothing but the health check.
        assert _api(port, "GET", "/health")[0] == 200
        assert _api(port, "GET", "/deployments/name/inbox-watch/inbox-watch")[0] == 401
        assert _api(port, "POST", "/flow_runs/filter", body={})[0] == 401
        assert _api(port, "POST", "/flow_runs/filter", body={}, auth="reportcmp:guess")[0] == 401

        # CORS: a web page elsewhere gets no leave to call; the server's own UI does.
        preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"}
        status, headers, _ = _api(port, "OPTIONS", "/flow_runs/", headers={"Origin": "http://evil.example", **preflight})
        assert "access-control-allow-origin" not in {k.lower() for k in headers}
        status, headers, _ = _api(port, "OPTIONS", "/flow_runs/",
                                  headers={"Origin": f"http://127.0.0.1:{port}", **preflight})
        assert {k.lower(): v for k, v in headers.items()}.get("access-control-allow-origin") == f"http://127.0.0.1:{port}"

        # With the auth string, a run asked with other paths is refused.
        _wait_for(lambda: _api(port, "GET", "/deployments/name/inbox-watch/inbox-watch", auth=auth)[0] == 200,
                  60, "the inbox-watch deployment", process, log)
        deployment = _api(port, "GET", "/deployments/name/inbox-watch/inbox-watch", auth=auth)[2]
        assert deployment["parameters"] == {}
        foreign = {"inbox": str(elsewhere), "db": str(tmp_path / "stolen.duckdb"), "out": str(victim)}
        status, _, run = _api(port, "POST", f"/deployments/{deployment['id']}/create_flow_run", auth=auth,
                              body={"parameters": foreign})
        assert status == 201, run

        def final_state():
            state = _api(port, "GET", f"/flow_runs/{run['id']}", auth=auth)[2]["state"]
            return state if state["type"] in FINAL_STATES else None

        _wait_for(final_state, 120, "the foreign run to end", process, log)
        state = final_state()
        assert state["type"] == "FAILED"
        assert "refused: this deployment only uses the paths `reportcmp serve` was started with" in state["message"]
        assert victim.read_text(encoding="utf-8") == "a file serve must never write\n"
        assert not (tmp_path / "stolen.duckdb").exists()

        # The owner's own run (no parameters) does its work on serve's paths.
        status, _, own = _api(port, "POST", f"/deployments/{deployment['id']}/create_flow_run", auth=auth,
                              body={"parameters": {}})
        run = own
        _wait_for(final_state, 120, "the owner's run to end", process, log)
        assert final_state()["type"] == "COMPLETED"
        assert _published_reports(db) == [("德州市", 2024)]
        con = duckdb.connect(str(db.with_name("reports.readonly.duckdb")), read_only=True)
        try:
            seen = {path for (path,) in con.execute("SELECT path FROM v_files").fetchall()}
        finally:
            con.close()
        assert seen == {str((inbox / "dezhou-2024.txt").resolve())}        # nothing from elsewhere
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def test_a_port_in_time_wait_is_free_for_the_next_server():
    """`serve` stopped and started again found its port "taken" for ~60 s (issue 11): connections
    the server closed first stay in TIME-WAIT, and a bind without SO_REUSEADDR fails."""
    from reportcmp.flows.server import port_is_free

    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        accepted, _ = server.accept()
        accepted.close()                       # the server side closes first: TIME-WAIT on its port
        client.close()
    with socket.socket() as plain:             # what the old check did
        with pytest.raises(OSError):
            plain.bind(("127.0.0.1", port))
    assert port_is_free(port)


def test_kill_9_of_serve_ends_its_flow_run_and_it_restarts_on_the_same_port(tmp_path):
    """A `kill -9` of serve left its flow-run process going for ~75 s (issue 11); now the run ends
    within seconds, and serve starts again on the same port at once."""
    port = _free_port()
    inbox, db, out = tmp_path / "inbox", tmp_path / "warehouse" / "reports.duckdb", tmp_path / "out.xlsx"
    inbox.mkdir()
    seed = SEED.read_text(encoding="utf-8")
    for number in range(40):                   # a run long enough to be killed in the middle of
        (inbox / f"dezhou-2024-{number:02d}.txt").write_text(seed + f"\n附{number}。\n", encoding="utf-8")
    log = tmp_path / "serve.log"
    env = command_env(REPORTCMP_TEST_MARKER=str(tmp_path))
    command = [sys.executable, "-m", "reportcmp.pipeline.cli", "serve", "--interval", "3600", "--port", str(port),
               "--verbose", "--db", str(db), "--inbox", str(inbox), "--out", str(out)]
    with open(log, "wb") as log_file:
        process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        _wait_for(lambda: "Prefect server ready" in log.read_text(), 120, "the Prefect server", process, log)
        auth = (tmp_path / ".reportcmp" / "serve-auth").read_text(encoding="utf-8").strip()
        by_name = "/deployments/name/inbox-watch/inbox-watch"
        _wait_for(lambda: _api(port, "GET", by_name, auth=auth)[0] == 200, 60, "the deployment", process, log)
        deployment = _api(port, "GET", by_name, auth=auth)[2]
        run = _api(port, "POST", f"/deployments/{deployment['id']}/create_flow_run", auth=auth,
                   body={"parameters": {}})[2]
        _wait_for(lambda: _api(port, "GET", f"/flow_runs/{run['id']}", auth=auth)[2]["state"]["type"] == "RUNNING"
                  and db.exists(), 120, "the inbox run under way", process, log)
        time.sleep(2)
        process.kill()                          # serve alone: its children are not signalled
        process.wait(timeout=10)
        deadline = time.monotonic() + 20
        while _processes_mentioning(str(tmp_path)) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _processes_mentioning(str(tmp_path)) == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)

    with open(log, "wb") as log_file:
        again = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                                 start_new_session=True)
    try:
        _wait_for(lambda: "Prefect server ready" in log.read_text(), 120, "the restarted server", again, log)
    finally:
        os.kill(again.pid, signal.SIGTERM)
        again.wait(timeout=60)


def test_served_paths_refuse_any_other_path_and_accept_serve_s_own(tmp_path, monkeypatch):
    from reportcmp.pipeline import serving

    monkeypatch.delenv(serving.SERVE_PID_ENV, raising=False)
    assert serving.served_paths(inbox="/anywhere") is None                 # not a run of serve
    own = {name: str(tmp_path / name) for name in serving.PATH_ENV}
    for name, variable in serving.PATH_ENV.items():
        monkeypatch.setenv(variable, own[name])
    monkeypatch.setenv(serving.SERVE_PID_ENV, "1")
    assert serving.served_paths() == own
    assert serving.served_paths(db=own["db"], inbox=own["inbox"] + "/.") == own  # the same paths, written otherwise
    with pytest.raises(serving.RunRefused, match=r"the run asked for out=/etc/passwd$"):
        serving.served_paths(out="/etc/passwd")


def test_the_server_settings_keep_the_auth_string_private_and_cors_to_the_ui(tmp_path, monkeypatch):
    from reportcmp.pipeline import serving

    for name in ("PREFECT_SERVER_API_AUTH_STRING", "PREFECT_API_AUTH_STRING", "PREFECT_SERVER_API_CORS_ALLOWED_ORIGINS"):
        monkeypatch.delenv(name, raising=False)
    where = serving.secure_server_env(tmp_path, "0.0.0.0", 4321)
    auth_file = tmp_path / "serve-auth"
    assert where == str(auth_file) and auth_file.stat().st_mode & 0o777 == 0o600
    auth = auth_file.read_text(encoding="utf-8").strip()
    assert auth.startswith("reportcmp:") and len(auth) > 30
    assert os.environ["PREFECT_SERVER_API_AUTH_STRING"] == os.environ["PREFECT_API_AUTH_STRING"] == auth
    assert os.environ["PREFECT_SERVER_API_CORS_ALLOWED_ORIGINS"] == (
        "http://0.0.0.0:4321,http://127.0.0.1:4321,http://localhost:4321")
    monkeypatch.delenv("PREFECT_SERVER_API_AUTH_STRING")
    assert serving.auth_string(tmp_path) == auth                            # kept for the next start
    auth_file.chmod(0o644)                                                  # readable by others: a new one
    assert serving.auth_string(tmp_path) != auth
    assert [serving.is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "192.168.1.5")] == [
        True, True, True, False, False]
