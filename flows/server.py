"""Where flow runs go: the Prefect API the user's settings name, else a Prefect server of ours that dies
with the command, on the user's Prefect home (so `prefect server start` shows every run).

What Prefect lacks, and only that, is done here. Its own temporary server (started by the client
when no API URL is set) outlives a `kill -9` of the command: measured, its uvicorn process was left
running with parent 1, and no setting ties it to its parent. So a command that finds no API URL
starts Prefect's documented server, `prefect server start`, with a parent-death signal (Linux prctl
PR_SET_PDEATHSIG) in a process group of its own, stopped whole when the command ends
(tests/test_crash.py kills at several moments and finds nothing left). `reportcmp serve` starts one
the same way on a fixed port: scheduling needs a real server (STACK-FACTS.md).
"""
from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

from reportcmp.pipeline.errors import ReportcmpError

LOG_FILE = "prefect-api.log"   # in the state folder: what the Prefect servers we start print


class PrefectServerError(ReportcmpError):
    """A Prefect server of ours could not be started; the message says why and where its log is."""


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a server could listen on the port now. SO_REUSEADDR, as uvicorn sets it: a port whose
    last connections are in TIME-WAIT (a server just stopped) is free, not taken for ~60 s."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def is_healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _die_with_parent() -> None:
    """In the child before it runs: SIGTERM when its parent dies (or exit now if it already has)."""
    parent = os.getppid()
    with contextlib.suppress(OSError):   # not Linux: only the normal stop applies
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)   # 1 = PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


class Server:
    """`prefect server start` as a child of this process that dies with it."""

    def __init__(self, host: str, port: int, log_path: Path, *, ui: bool) -> None:
        self.api_url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/api"
        self.log_path = log_path
        log_path.parent.mkdir(parents=True, exist_ok=True)
        env = {name: value for name, value in os.environ.items() if name != "PREFECT_API_URL"}
        with open(log_path, "ab") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port),
                 *([] if ui else ["--no-ui"])], stdout=output, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, env=env, start_new_session=True, preexec_fn=_die_with_parent)

    def wait_until_healthy(self, timeout_s: float = 90.0) -> str:
        deadline = time.monotonic() + timeout_s
        while not is_healthy(self.api_url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                why = (f"exited with {self.process.returncode}" if self.process.poll() is not None
                       else f"was not healthy after {timeout_s:.0f} s")
                tail = " | ".join(self.log_path.read_text(errors="replace").strip().splitlines()[-3:])
                self.stop()
                raise PrefectServerError(f"the Prefect server {why}; see {self.log_path}: {tail}. If Prefect's "
                                         f"database is damaged, `prefect server database reset -y` makes it anew "
                                         f"(Prefect's run history; none of reportcmp's data)")
            time.sleep(0.1)
        return self.api_url

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@contextlib.contextmanager
def flow_api(state_dir: Path, meanwhile: Callable[[], object] = lambda: None) -> Iterator[str]:
    """Point this command's flow runs at the API the user's Prefect settings name, or at a server of
    ours; yield its URL. `meanwhile` (importing the flow, loading what extraction needs) runs while
    our server starts.

    Our server stops when the process exits, after Prefect has sent the logs and events it still
    queues (its workers drain at interpreter shutdown, before atexit handlers run): every run is
    recorded in its final state."""
    server = None
    # A profile or a prefect.toml may still name an API: known once Prefect's settings are imported
    # (~1.2 s here). Our server starts first, its start-up overlapping that import and the flow
    # modules' (~2.5 s), and is stopped unused when they do; at the latest when the process exits.
    if not os.environ.get("PREFECT_API_URL"):
        with contextlib.closing(socket.socket()) as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = Server("127.0.0.1", port, state_dir / LOG_FILE, ui=False)
        atexit.register(server.stop)
    meanwhile()
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    # A flow run's heartbeat thread sleeps in steps of 1 s and is joined when the run ends: four
    # flow runs (run, ingest, compare, export) took 4.1 s with heartbeats and 0.5 s without
    # (measured on trivial flows). They serve to find crashed runs of long-lived workers; a
    # setting of the user's in the environment is kept.
    updates = {} if "PREFECT_FLOWS_HEARTBEAT_FREQUENCY" in os.environ else {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
    if not PREFECT_API_URL.value():
        updates[PREFECT_API_URL] = server.wait_until_healthy()
    elif server is not None:   # the active profile or a prefect.toml names one
        server.stop()
    with temporary_settings(updates=updates):
        yield PREFECT_API_URL.value()


@contextlib.contextmanager
def local_server(port: int, state_dir: Path, host: str = "127.0.0.1") -> Iterator[str]:
    """For `reportcmp serve`: the API URL of a healthy Prefect server with its UI on `host:port`,
    one already there or one started (and stopped) here."""
    api_url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/api"
    if is_healthy(api_url):
        yield api_url
        return
    if not port_is_free(port, host):
        raise PrefectServerError(f"port {port} on {host} is taken by something that is not a healthy "
                                 f"Prefect server; choose another with --port")
    server = Server(host, port, state_dir / LOG_FILE, ui=True)
    try:
        yield server.wait_until_healthy()
    finally:
        server.stop()
