"""The main job and the inbox watch: ingest, compare, export, in that order, then publish.

`run_flow` is `reportcmp run` (seeds plus the inbox); `inbox_flow` is what `reportcmp serve`
schedules (the inbox only, on serve's own paths), and it leaves a markdown artifact of the run in
Prefect. Both end by publishing the read-only copy of the database that analysts open.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact

from flows.compare import compare_flow
from flows.export import export_flow
from flows.ingest import ingest_flow
from flows.serve import served_paths, stop_with_serve
from pipeline import store
from pipeline.config import settings_for
from pipeline.ingest import FileOutcome

log = logging.getLogger("reportcmp")


@dataclass
class UpdateSummary:
    outcomes: list[FileOutcome] = field(default_factory=list)
    compared: bool = False
    exported: bool = False
    workbook: str = ""
    published: str = ""

    @property
    def counts(self) -> Counter:
        return Counter(o.status for o in self.outcomes)

    @property
    def failures(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status in ("rejected", "pending")]


@task(name="publish-read-only-copy", retries=3, retry_delay_seconds=1)
def publish_copy(db: str) -> str:
    """The read-only copy analysts open while the next run writes (pipeline.store.publish_copy)."""
    settings = settings_for(db=db)
    con = store.connect(settings.paths.db, settings=settings.load, say=log.warning)
    try:
        return str(store.publish_copy(con, settings.paths.db, settings.paths.published_db))
    finally:
        con.close()


def update(paths: list[str], db: str, out: str | None, corrections: str | None) -> UpdateSummary:
    summary = UpdateSummary()
    existing = [p for p in paths if Path(p).exists()]
    if existing:
        summary.outcomes = ingest_flow(paths=existing, db=db, publish=False,
                                       lock_timeout_s=settings_for(db=db).load.lock_timeout_s)
    summary.compared = compare_flow(db=db, corrections=corrections, publish=False)
    summary.exported = export_flow(db=db, out=out, corrections=corrections, publish=False)
    summary.workbook = str(settings_for(db=db, out=out).paths.out)
    summary.published = publish_copy(db)
    return summary


@flow(name="run", persist_result=False, validate_parameters=False)
def run_flow(paths: list[str], db: str, out: str | None = None, corrections: str | None = None) -> UpdateSummary:
    """The main job: ingest `paths` (seeds and inbox), compare, export the workbook."""
    return update(paths, db, out, corrections)


def markdown_of(summary: UpdateSummary) -> str:
    lines = ["# reportcmp inbox run", ""]
    new = [o for o in summary.outcomes if o.status == "ingested"]
    lines += ["## New reports", "", "| file | region | year | figures |", "|---|---|---|---|"]
    lines += [f"| {Path(o.path).name} | {o.region} | {o.report_year} | {o.n_metrics} |" for o in new] or ["| (none) | | | |"]
    lines += ["", "## Failures", "", "| file | status | reason |", "|---|---|---|"]
    lines += [f"| {Path(o.path).name} | {o.status} | {o.reason} |" for o in summary.failures] or ["| (none) | | |"]
    lines += ["", f"Comparison rebuilt: {'yes' if summary.compared else 'no (current)'}; "
              f"workbook: {summary.workbook} ({'written' if summary.exported else 'current'}); "
              f"read-only database: {summary.published}"]
    return "\n".join(lines)


@flow(name="inbox-watch", persist_result=False, validate_parameters=False)
def inbox_flow(inbox: str | None = None, db: str | None = None, out: str | None = None,
               corrections: str | None = None) -> UpdateSummary:
    """Take what is new in the inbox; a bad file is recorded as rejected and never blocks the rest.

    Under `reportcmp serve` the paths are serve's own and a run asking for others is refused
    (flows/serve.py); called directly, it uses the paths it is given.
    """
    own = served_paths(inbox=inbox, db=db, out=out, corrections=corrections)
    if own is not None:
        stop_with_serve()
        inbox, db, out, corrections = own["inbox"], own["db"], own["out"], own["corrections"]
    if inbox is None or db is None:
        raise ValueError("inbox_flow needs an inbox and a database")
    Path(inbox).mkdir(parents=True, exist_ok=True)
    summary = update([inbox], db, out, corrections)
    create_markdown_artifact(markdown=markdown_of(summary), key="inbox-run",
                             description="New reports, comparisons and failures of this inbox run")
    return summary
