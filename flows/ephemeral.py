"""A temporary Prefect API for one command, that dies with the command, even on `kill -9`.

With no PREFECT_API_URL, Prefect starts its own temporary server (a uvicorn subprocess) on the first
flow run and stops it at exit; a `kill -9` of reportcmp skips that and orphans the server. So the
flow-running commands (run, ingest, compare, export) start the same server themselves:

- the same app and mode as Prefect's (`uvicorn --factory prefect.server.api.server:create_app`,
  PREFECT__SERVER_EPHEMERAL: no scheduler, no UI), which is healthy in ~6 s where a full
  `prefect server start` takes ~11 s (benchmarks/README.md); both are one process, no children;
- with a parent-death signal (Linux prctl PR_SET_PDEATHSIG), so the kernel stops it when the
  command dies in any way, and in its own process group, stopped as a whole on a normal exit;
- started before Prefect and the pipeline are imported, so the ~3 s of imports overlap its start-up;
- on a fresh PREFECT_HOME, from a copy of Prefect's schema built once per machine (flows/prefect_db.py).

A PREFECT_API_URL set by the user (env, Prefect profile, or a test harness) is used as it is.
"""
from __future__ import annotations

import contextlib
import importlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Iterator

from flows import prefect_db
from flows.server import PrefectServerFailed, is_healthy, port_is_free, spawn_server, stop_process_group

DEFAULT_STARTUP_TIMEOUT_S = 90.0
# The environment Prefect gives its own temporary server (prefect/server/api/server.py).
SERVER_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
# Services of an ephemeral server that this one does without, unless the user set them: automation
# triggers evaluate every event of every task run (~1.2 s of a corpus ingest, benchmarks/README.md);
# our flows define no automation, and this server is gone when the command ends.
SERVER_DEFAULTS = {"PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false"}
START_ATTEMPTS = 3   # a free port can be taken between our check and uvicorn's bind


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env() -> dict[str, str]:
    """What the temporary server's environment adds to ours."""
    return {**SERVER_ENV, **{name: value for name, value in SERVER_DEFAULTS.items() if name not in os.environ}}


def _start(port: int, log_path: Path) -> subprocess.Popen:
    return spawn_server(
        ["uvicorn", "--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "error", "--lifespan", "on"],
        server_env(), log_path)


def _log_tail(log_path: Path, n_lines: int = 5) -> str:
    try:
        lines = log_path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return " | ".join(lines[-n_lines:])


def _wait_until_healthy(process: subprocess.Popen, api_url: str, deadline: float, log_path: Path) -> bool:
    """True when healthy; False when the process exited early (the caller may retry)."""
    while not is_healthy(api_url, timeout=1.0):
        if process.poll() is not None:
            return False
        if time.monotonic() > deadline:
            raise PrefectServerFailed(f"the temporary Prefect server was not healthy in time; see {log_path}: "
                               f"{_log_tail(log_path)}")
        time.sleep(0.1)
    return True


def _timeout_s() -> float:
    value = os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS")
    return float(value) if value else DEFAULT_STARTUP_TIMEOUT_S


@contextlib.contextmanager
def flow_api(
    state_dir: str | Path, *, preload: tuple[str, ...] = (), warm_up: Callable[[], None] | None = None
) -> Iterator[str | None]:
    """Point Prefect at a temporary server of ours for the duration; yield its API URL.

    `preload` names modules (the flow to run) to import while the server starts. Yields the user's
    URL (or None for a test harness's) when one is configured, and then starts nothing.
    """
    configured = _configured_api_url()
    if configured:
        _import(preload, warm_up)
        yield configured
        return
    state_dir = Path(state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    log_path = state_dir / "prefect-temporary-server.log"
    database = prefect_db.default_database()
    prefect_db.seed(database)
    builds_schema = database is not None and not database.exists()   # no template yet: keep this one
    port = free_port()
    process = _start(port, log_path)
    try:
        _import(preload, warm_up)
        from prefect.settings import PREFECT_API_URL, temporary_settings

        configured = PREFECT_API_URL.value()
        if configured:   # a Prefect profile or an enclosing harness: theirs wins
            stop_process_group(process, grace_s=5)
            yield configured
            return
        deadline = time.monotonic() + _timeout_s()
        for attempt in range(1, START_ATTEMPTS + 1):
            api_url = f"http://127.0.0.1:{port}/api"
            if _wait_until_healthy(process, api_url, deadline, log_path):
                break
            if attempt == START_ATTEMPTS or port_is_free(port):
                raise PrefectServerFailed(f"the temporary Prefect server exited with {process.returncode}; "
                                   f"see {log_path}: {_log_tail(log_path)}")
            port = free_port()
            process = _start(port, log_path)
        if builds_schema:
            prefect_db.keep_as_template(database)
        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            try:
                yield api_url
            finally:
                _drain_prefect_workers()
    finally:
        stop_process_group(process, grace_s=10)


def _drain_prefect_workers(timeout_s: float = 5.0) -> None:
    """Send the logs and events Prefect still queues while our server is up; otherwise its exit
    handlers try later and print "Error logging to API" (prefect_test_harness does the same)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        with contextlib.suppress(Exception):  # best effort: the run's outcome is already decided
            worker.drain_all(timeout=timeout_s)


def _configured_api_url() -> str | None:
    """The API URL already configured, looked up without importing Prefect when it is not loaded."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    if "prefect.settings" in sys.modules:  # e.g. a test harness's temporary settings
        from prefect.settings import PREFECT_API_URL

        return PREFECT_API_URL.value() or None
    return None


def _import(modules: tuple[str, ...], warm_up: Callable[[], None] | None = None) -> None:
    """Import the flow modules, then let `warm_up` load what the first report would (the division
    list, jieba's dictionary): work that would otherwise wait for the server, done while it starts."""
    for name in modules:
        importlib.import_module(name)
    if warm_up is not None:
        warm_up()
