"""The main job and the inbox watch: ingest, compare, export, in that order.

`run_flow` is `reportcmp run` (seeds plus the inbox); `inbox_flow` is what `reportcmp serve`
schedules (the inbox only), and it also publishes a read-only copy of the database for analysts and
leaves a markdown artifact of the run in Prefect.
"""
from __future__ import annotations

import logging
import os
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact

from flows.compare import compare_flow
from flows.export import export_flow
from flows.ingest import ingest_flow
from pipeline.config import settings_for
from pipeline.ingest import FileOutcome

log = logging.getLogger("reportcmp")


@dataclass
class UpdateSummary:
    outcomes: list[FileOutcome] = field(default_factory=list)
    compared: bool = False
    exported: bool = False
    workbook: str = ""

    @property
    def counts(self) -> Counter:
        return Counter(o.status for o in self.outcomes)

    @property
    def failures(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status in ("rejected", "pending")]


def update(paths: list[str], db: str, out: str | None, corrections: str | None) -> UpdateSummary:
    summary = UpdateSummary()
    existing = [p for p in paths if Path(p).exists()]
    if existing:
        summary.outcomes = ingest_flow(paths=existing, db=db,
                                       lock_timeout_s=settings_for(db=db).load.lock_timeout_s)
    summary.compared = compare_flow(db=db, corrections=corrections)
    summary.exported = export_flow(db=db, out=out, corrections=corrections)
    summary.workbook = str(settings_for(db=db, out=out).paths.out)
    return summary


@flow(name="run", persist_result=False, validate_parameters=False)
def run_flow(paths: list[str], db: str, out: str | None = None, corrections: str | None = None) -> UpdateSummary:
    """The main job: ingest `paths` (seeds and inbox), compare, export the workbook."""
    return update(paths, db, out, corrections)


@task(name="publish-read-only-copy", retries=3, retry_delay_seconds=1)
def publish_copy(db: str) -> str:
    """Copy the database beside itself for analysts to open while the next run writes."""
    target = settings_for(db=db).paths.published_db
    temporary = target.with_name(target.name + ".tmp")
    shutil.copyfile(db, temporary)
    os.replace(temporary, target)
    return str(target)


def markdown_of(summary: UpdateSummary, published: str) -> str:
    lines = ["# reportcmp inbox run", ""]
    new = [o for o in summary.outcomes if o.status == "ingested"]
    lines += ["## New reports", "", "| file | region | year | figures |", "|---|---|---|---|"]
    lines += [f"| {Path(o.path).name} | {o.region} | {o.report_year} | {o.n_metrics} |" for o in new] or ["| (none) | | | |"]
    lines += ["", "## Failures", "", "| file | status | reason |", "|---|---|---|"]
    lines += [f"| {Path(o.path).name} | {o.status} | {o.reason} |" for o in summary.failures] or ["| (none) | | |"]
    lines += ["", f"Comparison rebuilt: {'yes' if summary.compared else 'no (current)'}; "
              f"workbook: {summary.workbook} ({'written' if summary.exported else 'current'}); "
              f"read-only database: {published}"]
    return "\n".join(lines)


@flow(name="inbox-watch", persist_result=False, validate_parameters=False)
def inbox_flow(inbox: str, db: str, out: str | None = None, corrections: str | None = None) -> UpdateSummary:
    """Take what is new in the inbox; a bad file is recorded as rejected and never blocks the rest."""
    Path(inbox).mkdir(parents=True, exist_ok=True)
    summary = update([inbox], db, out, corrections)
    published = publish_copy(db)
    create_markdown_artifact(markdown=markdown_of(summary, published), key="inbox-run",
                             description="New reports, comparisons and failures of this inbox run")
    return summary
