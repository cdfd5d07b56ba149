"""Only the person who started `reportcmp serve` decides what it reads and writes: the rules, apart
from the Prefect machinery that serves (flows/serve.py).

- serve's paths (inbox, database, workbook, corrections) are its own configuration, given to its
  flow runs through the environment of the serving process (REPORTCMP_INBOX, REPORTCMP_DB, …, set
  from the command line); the deployment has no path parameters, and a run asked with other paths
  is refused (`served_paths`, called by flows/run.py: inbox_flow) before it reads or writes anything;
- the local Prefect server serve starts asks every API call for an auth string, Prefect's own
  setting (PREFECT_SERVER_API_AUTH_STRING for the server, PREFECT_API_AUTH_STRING for the clients),
  kept in a file only the owner can read; CORS is limited to the server's own UI;
- the server listens on 127.0.0.1 unless --host says otherwise, with a warning (`is_loopback`).
"""
from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

from reportcmp.pipeline.config import Settings
from reportcmp.pipeline.errors import ReportcmpError

# Set in the environment of the serving process, so its flow runs know they run for serve.
SERVE_PID_ENV = "REPORTCMP_SERVE_PID"
AUTH_FILE = "serve-auth"          # in the state folder: `user:password` for the Prefect UI's login
AUTH_USER = "reportcmp"
PATH_ENV = {"inbox": "REPORTCMP_INBOX", "db": "REPORTCMP_DB", "out": "REPORTCMP_OUT",
            "corrections": "REPORTCMP_CORRECTIONS"}


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


class RunRefused(ReportcmpError):
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
