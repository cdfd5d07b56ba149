"""`reportcmp serve`: the inbox deployment on a schedule, until SIGTERM or Ctrl-C."""
from __future__ import annotations

import logging
import os
import signal

from flows.server import local_server
from pipeline.config import Settings

log = logging.getLogger("reportcmp")


def _deployment(settings: Settings, interval: float | None, cron: str | None):
    from prefect.deployments.runner import EntrypointType

    from flows.run import inbox_flow

    parameters = {
        "inbox": str(settings.paths.inbox.resolve()),
        "db": str(settings.paths.db.resolve()),
        "out": str(settings.paths.out.resolve()),
        "corrections": str(settings.paths.corrections.resolve()),
    }
    schedule = {"cron": cron} if cron else {"interval": interval}
    # By module, not by file path: a flow run then finds the flow wherever the package is installed,
    # whatever the serving process's working directory.
    return inbox_flow.to_deployment(name="inbox-watch", parameters=parameters,
                                    entrypoint_type=EntrypointType.MODULE_PATH, **schedule)


def _serve_at(api_url: str, settings: Settings, interval: float | None, cron: str | None) -> None:
    from prefect import serve as prefect_serve
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        os.environ["PREFECT_API_URL"] = api_url   # for the flow-run subprocesses the runner starts
        settings.paths.inbox.mkdir(parents=True, exist_ok=True)
        log.info("watching %s every %s; Ctrl-C or SIGTERM stops", settings.paths.inbox,
                 f"cron {cron}" if cron else f"{interval:g} s")
        prefect_serve(_deployment(settings, interval, cron), print_starting_message=False)


def serve(settings: Settings, *, interval: float | None, cron: str | None, port: int) -> int:
    # Ctrl-C and SIGTERM both end serving through the same path, so the server is always stopped.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    given = os.environ.get("PREFECT_API_URL")
    try:
        if given:
            _serve_at(given, settings, interval, cron)
        else:
            with local_server(port, settings.paths.state_dir) as api_url:
                _serve_at(api_url, settings, interval, cron)
    except KeyboardInterrupt:
        pass
    log.info("serving stopped")
    return 0
