"""`reportcmp serve`: the inbox deployment on a schedule, until SIGTERM or Ctrl-C; only its owner
drives it (the rules: pipeline/serving.py)."""
from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from reportcmp.flows.server import local_server
from reportcmp.pipeline.config import Settings
from reportcmp.pipeline.serving import SERVE_PID_ENV, fix_paths_for_runs, is_loopback, secure_server_env

log = logging.getLogger("reportcmp")


def serve(settings: Settings, *, interval: float | None, cron: str | None, port: int,
          host: str = "127.0.0.1") -> int:
    """Serve the inbox deployment on the API the user's Prefect settings name (theirs to secure),
    else on a local server started here with an auth string, until Ctrl-C or SIGTERM."""
    from prefect import serve as prefect_serve
    from prefect.deployments.runner import EntrypointType
    from prefect.settings import PREFECT_API_AUTH_STRING, PREFECT_API_URL, temporary_settings

    from reportcmp.flows.run import inbox_flow

    # Ctrl-C and SIGTERM both end serving through the same path, so the server is always stopped.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    fix_paths_for_runs(settings)
    settings.paths.inbox.mkdir(parents=True, exist_ok=True)
    # By module, not by file path: a flow run then finds the flow wherever the package is installed,
    # whatever the serving process's working directory. No parameters: the paths are serve's own.
    deployment = inbox_flow.to_deployment(name="inbox-watch", entrypoint_type=EntrypointType.MODULE_PATH,
                                          **({"cron": cron} if cron else {"interval": interval}))
    try:
        with contextlib.ExitStack() as stack:
            api_url = PREFECT_API_URL.value()
            if not api_url:
                auth_at = secure_server_env(settings.paths.state_dir, host, port)
                if not is_loopback(host):
                    log.warning("warning: the Prefect server listens on %s: other machines can reach it, over "
                                "plain HTTP; every call needs the auth string (%s)", host, auth_at)
                api_url = stack.enter_context(local_server(port, settings.paths.state_dir, host=host))
                log.info("Prefect server ready: the UI at http://%s:%d (login: the auth string, %s)", host, port, auth_at)
            os.environ["PREFECT_API_URL"] = api_url   # for the flow-run subprocesses the runner starts
            auth = os.environ.get("PREFECT_API_AUTH_STRING")
            stack.enter_context(temporary_settings(updates={PREFECT_API_URL: api_url, **(
                {PREFECT_API_AUTH_STRING: auth} if auth else {})}))
            log.info("watching %s every %s; Ctrl-C or SIGTERM stops", settings.paths.inbox,
                     f"cron {cron}" if cron else f"{interval:g} s")
            prefect_serve(deployment, print_starting_message=False)
    except KeyboardInterrupt:
        pass
    log.info("serving stopped")
    return 0


# ---- what serve's flow runs do --------------------------------------------------------------

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
