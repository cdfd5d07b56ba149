"""The main job: ingest, compare, export, in that order, then publish the read-only copy analysts open.

`run_flow` is `reportcmp run` (seeds plus the inbox); `inbox_flow` is what `reportcmp serve` schedules
(the inbox only, on serve's own paths). Each leaves a markdown artifact of what it did in Prefect.
"""
from __future__ import annotations

import datetime
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact

from reportcmp.flows.cluster import on_cluster
from reportcmp.flows.compare import compare_flow
from reportcmp.flows.export import export_flow
from reportcmp.flows.ingest import ingest_flow
from reportcmp.flows.serve import stop_with_serve
from reportcmp.pipeline import store
from reportcmp.pipeline.config import settings_for
from reportcmp.pipeline.run_summary import RunSummary
from reportcmp.pipeline.serving import served_paths
from reportcmp.pipeline.urls import is_url


@task(name="publish-read-only-copy")
def publish_copy(db: str) -> str:
    """The read-only copy analysts open while the next run writes (pipeline.store.publish_copy)."""
    settings = settings_for(db=db)
    with store.connect(db, settings=settings.load) as con:
        return str(store.publish_copy(con, settings.paths.db, settings.paths.published_db))


@flow(name="run")
def run_flow(paths: list[str], db: str, out: str | None = None, corrections: str | None = None,
             retry_rejected: bool = False, dask_address: str | None = None) -> RunSummary:
    """Ingest what is new under `paths` (with `retry_rejected`, also the files rejected before),
    compare, export the workbook, publish; leave an artifact of what it did when it did anything.
    With `dask_address`, files are read and stale reports extracted again on that Dask cluster
    (flows/cluster.py)."""
    summary = RunSummary(workbook=str(settings_for(db=db, out=out).paths.out))
    existing = [p for p in paths if is_url(p) or Path(p).exists()]   # a missing inbox is no error
    if existing:
        summary.outcomes = on_cluster(ingest_flow, dask_address)(
            paths=existing, db=db, publish=False, retry_rejected=retry_rejected, dask_address=dask_address)
    summary.rebuilt = on_cluster(compare_flow, dask_address)(
        db=db, corrections=corrections, publish=False, dask_address=dask_address)
    summary.exported = export_flow(db=db, out=out, corrections=corrections, publish=False)
    if summary.did_something:
        create_markdown_artifact(markdown=summary.markdown(publish_copy(db)), key="reportcmp-run",
                                 description="New reports, what was rebuilt and why, and the files not taken")
    return summary


@flow(name="inbox-watch")
def inbox_flow(inbox: str | None = None, db: str | None = None, out: str | None = None,
               corrections: str | None = None) -> RunSummary:
    """Take what is new in the inbox; a bad file is recorded as rejected and never blocks the rest.
    Under `reportcmp serve` the paths are serve's own and a run asking for others is refused
    (pipeline/serving.py); called directly, it uses the paths it is given."""
    own = served_paths(inbox=inbox, db=db, out=out, corrections=corrections)
    if own is not None:
        stop_with_serve()
        inbox, db, out, corrections = own["inbox"], own["db"], own["out"], own["corrections"]
    if inbox is None or db is None:
        raise TypeError("inbox_flow needs an inbox and a database")
    Path(inbox).mkdir(parents=True, exist_ok=True)
    summary = run_flow.fn([inbox], db, out, corrections)
    if own is not None:   # serve's terminal: one line per file and one per run
        stamp = datetime.datetime.now().strftime("%H:%M:%S")
        for line in summary.lines():
            print(f"{stamp} {line}", flush=True)
    return summary
