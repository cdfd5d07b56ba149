"""`reportcmp serve`: the inbox deployment on a schedule, until SIGTERM or Ctrl-C.

Only the person who started `serve` decides what it reads and writes:

- its paths (inbox, database, workbook, corrections) are serve's own configuration, given to its
  flow runs through the environment of the serving process (REPORTCMP_INBOX, REPORTCMP_DB, …, set
  here from the command line); the deployment has no path parameters, and a run asked with other
  paths is refused by the flow (flows/run.py: inbox_flow);
- the local Prefect server it starts asks every API call for an auth string, Prefect's own setting
  (PREFECT_SERVER_API_AUTH_STRING for the server, PREFECT_API_AUTH_STRING for the clients), kept
  in a file only the owner can read; CORS is limited to the server's own UI;
- the server listens on 127.0.0.1 unless --host says otherwise, with a warning.
"""
from __future__ import annotations

import ipaddress
import logging
import os
import secrets
import signal
import threading
from pathlib import Path

from flows.server import local_server
from pipeline.config import Settings

log = logging.getLogger("reportcmp")

# Set in the environment of the serving process, so its flow runs know they run for serve.
SERVE_PID_ENV = "REPORTCMP_SERVE_PID"
AUTH_FILE = "serve-auth"          # in the state folder: `user:password` for the Prefect UI's login
AUTH_USER = "reportcmp"
PATH_ENV = {"inbox": "REPORTCMP_INBOX", "db": "REPORTCMP_DB", "out": "REPORTCMP_OUT",
            "corrections": "REPORTCMP_CORRECTIONS"}


def _deployment(interval: float | None, cron: str | None):
    from prefect.deployments.runner import EntrypointType

    from flows.run import inbox_flow

    schedule = {"cron": cron} if cron else {"interval": interval}
    # By module, not by file path: a flow run then finds the flow wherever the package is installed,
    # whatever the serving process's working directory. No parameters: the paths are serve's own.
    return inbox_flow.to_deployment(name="inbox-watch", entrypoint_type=EntrypointType.MODULE_PATH,
                                    **schedule)


def fix_paths_for_runs(settings: Settings) -> None:
    """Give serve's paths, made absolute, to the flow runs it starts (they inherit its environment)."""
    for name, variable in PATH_ENV.items():
        os.environ[variable] = str(getattr(settings.paths, name).resolve())
    os.environ[SERVE_PID_ENV] = str(os.getpid())


def auth_string(state_dir: Path) -> str:
    """The auth string of serve's local server: the user's PREFECT_SERVER_API_AUTH_STRING, else the
    one kept in `state_dir/serve-auth` (made once, readable by the owner only)."""
    given = os.environ.get("PREFECT_SERVER_API_AUTH_STRING")
    if given:
        return given
    path = state_dir / AUTH_FILE
    try:
        kept = path.read_text(encoding="utf-8").strip()
        if kept and (path.stat().st_mode & 0o077) == 0:
            return kept
    except OSError:
        pass
    made = f"{AUTH_USER}:{secrets.token_urlsafe(24)}"
    state_dir.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(made + "\n")
    return made


def secure_server_env(state_dir: Path, host: str, port: int) -> str:
    """Prefect's own settings for the local server and its clients: an auth string on every API
    call, CORS only for the server's UI. Values the user set are kept. Returns where the auth
    string is, for the UI's login."""
    where = ("your PREFECT_SERVER_API_AUTH_STRING" if os.environ.get("PREFECT_SERVER_API_AUTH_STRING")
             else str(state_dir / AUTH_FILE))
    auth = auth_string(state_dir)
    os.environ["PREFECT_SERVER_API_AUTH_STRING"] = auth
    os.environ.setdefault("PREFECT_API_AUTH_STRING", auth)
    origins = {f"http://127.0.0.1:{port}", f"http://localhost:{port}", f"http://{host}:{port}"}
    os.environ.setdefault("PREFECT_SERVER_API_CORS_ALLOWED_ORIGINS", ",".join(sorted(origins)))
    return where


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _serve_at(api_url: str, interval: float | None, cron: str | None, inbox: Path) -> None:
    from prefect import serve as prefect_serve
    from prefect.settings import PREFECT_API_AUTH_STRING, PREFECT_API_URL, temporary_settings

    updates = {PREFECT_API_URL: api_url}
    if os.environ.get("PREFECT_API_AUTH_STRING"):
        updates[PREFECT_API_AUTH_STRING] = os.environ["PREFECT_API_AUTH_STRING"]
    with temporary_settings(updates=updates):
        os.environ["PREFECT_API_URL"] = api_url   # for the flow-run subprocesses the runner starts
        inbox.mkdir(parents=True, exist_ok=True)
        log.info("watching %s every %s; Ctrl-C or SIGTERM stops", inbox,
                 f"cron {cron}" if cron else f"{interval:g} s")
        prefect_serve(_deployment(interval, cron), print_starting_message=False)


def serve(settings: Settings, *, interval: float | None, cron: str | None, port: int,
          host: str = "127.0.0.1") -> int:
    # Ctrl-C and SIGTERM both end serving through the same path, so the server is always stopped.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    fix_paths_for_runs(settings)
    given = os.environ.get("PREFECT_API_URL")
    try:
        if given:
            _serve_at(given, interval, cron, settings.paths.inbox)
        else:
            auth_at = secure_server_env(settings.paths.state_dir, host, port)
            if not is_loopback(host):
                log.warning("warning: the Prefect server listens on %s: other machines can reach it, over "
                            "plain HTTP; every call needs the auth string (%s)", host, auth_at)
            with local_server(port, settings.paths.state_dir, host=host) as api_url:
                log.info("Prefect UI at http://%s:%d (login: the auth string, %s)", host, port, auth_at)
                _serve_at(api_url, interval, cron, settings.paths.inbox)
    except KeyboardInterrupt:
        pass
    log.info("serving stopped")
    return 0


# ---- what serve's flow runs do --------------------------------------------------------------

class RunRefused(Exception):
    """A run of serve's deployment asked for paths that are not serve's own; nothing was done."""


def served_paths(**asked: str | None) -> dict[str, str] | None:
    """Inside a flow run started by `reportcmp serve`: serve's own paths, after checking that the
    run asked for no other (a parameter may repeat serve's value, never change it). Outside serve:
    None, and the caller uses the paths it was given."""
    if not os.environ.get(SERVE_PID_ENV):
        return None
    own = {name: os.environ[variable] for name, variable in PATH_ENV.items()}
    foreign = {name: value for name, value in asked.items()
               if value is not None and str(Path(value).resolve()) != own[name]}
    if foreign:
        given = ", ".join(f"{name}={value}" for name, value in sorted(foreign.items()))
        raise RunRefused(f"refused: this deployment only uses the paths `reportcmp serve` was started "
                         f"with; the run asked for {given}")
    return own


def stop_with_serve(poll_s: float = 1.0) -> None:
    """In a flow run of serve: end this process when the serving process is gone (a `kill -9` of
    serve would otherwise leave the run going for ~75 s, retrying a server that died with serve).
    Polls the parent pid: the kernel re-parents an orphan, whichever thread spawned it."""
    serve_pid = os.environ.get(SERVE_PID_ENV)
    if not serve_pid:
        return
    parent = os.getppid()

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                log.error("reportcmp serve is gone; this run stops")
                os.kill(os.getpid(), signal.SIGKILL)
            threading.Event().wait(poll_s)

    threading.Thread(target=watch, name="stop-with-serve", daemon=True).start()
