"""The ingest flow: a task per file reads and extracts it; the flow stores each in its own transaction."""
from __future__ import annotations

import logging
from pathlib import Path

from prefect import flow, task

from pipeline import freshness, store
from pipeline.config import ReadLimits, settings_for
from pipeline.ingest import FileOutcome, as_they_ended, read_file, store_file
from pipeline.inputs import InputFile
from pipeline.records import ProcessedReport


@task(name="read-report")
def read_report(item: InputFile, region: str | None, year: int | None, limits: ReadLimits) -> ProcessedReport | FileOutcome:
    return read_file(item, region=region, year=year, limits=limits)


@flow(name="ingest")
def ingest_flow(paths: list[str], db: str, region: str | None = None, year: int | None = None,
                publish: bool = True, retry_rejected: bool = False) -> list[FileOutcome]:
    """Ingest every new or changed file under `paths` into the database `db` (with `retry_rejected`,
    also the files rejected before). With `publish`, the read-only copy for analysts is published
    afterwards."""
    log = logging.getLogger("reportcmp")
    settings = settings_for(db=db)
    with store.connect(db, settings=settings.load, say=log.warning) as con:
        todo = freshness.pending(con, [Path(p) for p in paths], settings, derived=False, force=bool(region or year),
                                 retry_rejected=retry_rejected)
        outcomes = [FileOutcome(path, "rejected", "no such file or folder") for path in todo.missing]
        store.mark_pending(con, [(f.path, f.file_sha256, f.n_bytes) for f in todo.files], "being ingested")
        for number, item in enumerate(todo.files, 1):
            log.info("[%d/%d] %s", number, len(todo.files), Path(item.path).name)
            outcomes.append(store_file(con, item, read_report(item, region, year, settings.limits)))
            log.info(outcomes[-1].line())
        if todo.files and not freshness.stale_reports(con):
            freshness.remember(con, freshness.EXTRACTION, freshness.extraction_parts())
        if publish and todo.files:
            store.publish_copy(con, settings.paths.db, settings.paths.published_db)
        return as_they_ended(con, outcomes)
