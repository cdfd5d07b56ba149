"""Prefect's environment for this product, set before Prefect is imported.

Prefect keeps its home (SQLite database, logs) under the project's state folder unless the user set
PREFECT_HOME; offline, its analytics look-ups and telemetry are switched off (STACK-FACTS.md).
"""
from __future__ import annotations

import os
from pathlib import Path

QUIET_DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_UI_ENABLED": "true",
    # A failed flow run is reported by the CLI in one line; Prefect's own traceback of it is noise.
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL": "CRITICAL",
}
VERBOSE = {
    "PREFECT_LOGGING_LEVEL": "INFO",
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "INFO",
    "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL": "INFO",
}


def configure(state_dir: str | Path, *, verbose: bool = False) -> None:
    """Point Prefect at `state_dir/prefect` and quieten it; values the user set are kept."""
    state_dir = Path(state_dir).resolve()
    os.environ.setdefault("PREFECT_HOME", str(state_dir / "prefect"))
    os.environ.setdefault("REPORTCMP_STATE_DIR", str(state_dir))
    for name, value in QUIET_DEFAULTS.items():
        os.environ.setdefault(name, VERBOSE.get(name, value) if verbose else value)
    Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)


def without_heartbeat():
    """A context in which flow runs send no heartbeats: ~1 s less per run (STACK-FACTS.md)."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    return temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})
