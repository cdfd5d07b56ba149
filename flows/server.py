"""A local Prefect server for scheduling, started and stopped by this product.

Prefect cannot schedule on its temporary in-process server (STACK-FACTS.md), so `reportcmp serve`
starts `prefect server start` on loopback unless PREFECT_API_URL points at one, waits until it is
healthy, and stops it (its whole process group) when serving ends. The child also gets a
parent-death signal, so even a `kill -9` of reportcmp does not leave the server behind.
"""
from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

from flows import prefect_db

log = logging.getLogger("reportcmp")


class PrefectServerError(RuntimeError):
    """A Prefect server of ours could not be started; the message says why and where its log is."""


class PrefectServerFailed(PrefectServerError):
    """A Prefect server of ours exited or never became healthy: its log says why, often its state."""

PR_SET_PDEATHSIG = 1


def die_with(parent_pid: int):
    """A preexec_fn: the child gets SIGTERM when `parent_pid` dies, or exits now if it already has."""

    def arrange() -> None:
        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        except OSError:
            return  # not Linux: only the normal stop applies
        if os.getppid() != parent_pid:  # the parent died before prctl took effect
            os._exit(1)

    return arrange


def spawn_server(module_args: list[str], extra_env: dict[str, str], log_path: Path) -> subprocess.Popen:
    """Start `python -m <module_args>` as a server of ours: output to `log_path`, in its own
    process group (stopped as a whole), told to die with this process, and never pointed at
    another API by an inherited PREFECT_API_URL."""
    env = {**os.environ, **extra_env}
    env.pop("PREFECT_API_URL", None)
    with open(log_path, "ab") as server_log:
        return subprocess.Popen(
            [sys.executable, "-m", *module_args],
            stdout=server_log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
            preexec_fn=die_with(os.getpid()),
        )


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a server could listen on the port now. SO_REUSEADDR, as uvicorn sets it: a port whose
    last connections are in TIME-WAIT (a server just stopped) is free, not taken for ~60 s."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
            return True
        except OSError:
            return False


def is_healthy(api_url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


@contextlib.contextmanager
def local_server(port: int, state_dir: Path, startup_timeout_s: float = 90.0,
                 host: str = "127.0.0.1") -> Iterator[str]:
    """Yield the API URL of a healthy local Prefect server listening on `host`; stop it afterwards
    if we started it. Its security settings come from the environment (flows/serve.py)."""
    reach = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    api_url = f"http://{reach}:{port}/api"
    if is_healthy(api_url):
        log.info("using the Prefect server already running at %s", api_url)
        yield api_url
        return
    if not port_is_free(port, host):
        raise PrefectServerError(f"port {port} on {host} is taken by something that is not a healthy "
                                 f"Prefect server; choose another with --port")
    state_dir.mkdir(parents=True, exist_ok=True)
    log_path = state_dir / "prefect-server.log"
    prefect_db.seed(prefect_db.default_database())
    process = spawn_server(
        ["prefect", "server", "start", "--host", host, "--port", str(port)], {}, log_path)
    try:
        log.info("starting a local Prefect server at %s (log: %s)", api_url, log_path)
        deadline = time.monotonic() + startup_timeout_s
        while not is_healthy(api_url):
            if process.poll() is not None:
                raise PrefectServerFailed(f"the Prefect server exited with {process.returncode}; see {log_path}")
            if time.monotonic() > deadline:
                raise PrefectServerFailed(
                    f"the Prefect server was not healthy after {startup_timeout_s:.0f} s; see {log_path}")
            time.sleep(0.5)
        log.info("Prefect server ready")
        yield api_url
    finally:
        stop_process_group(process)


def stop_process_group(process: subprocess.Popen, grace_s: float = 15.0) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
