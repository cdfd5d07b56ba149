"""The ingest flow: one task per report file, each stored in its own transaction."""
from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from pipeline import store
from pipeline.config import LoadSettings, ReadLimits, settings_for
from pipeline.ingest import FileOutcome, ingest_file
from pipeline.inputs import InputFile, list_inputs, new_files

log = logging.getLogger("reportcmp")


@task(name="ingest-report", cache_policy=NO_CACHE, persist_result=False)
def ingest_report(con, item: InputFile, region: str | None, year: int | None, limits: ReadLimits) -> FileOutcome:
    outcome = ingest_file(con, item, region=region, year=year, limits=limits)
    log.info(outcome.line())
    return outcome


@flow(name="ingest", persist_result=False, validate_parameters=False)
def ingest_flow(
    paths: list[str],
    db: str,
    region: str | None = None,
    year: int | None = None,
    lock_timeout_s: float = LoadSettings.lock_timeout_s,
    publish: bool = True,
) -> list[FileOutcome]:
    """Ingest every new or changed file under `paths` into the database `db`. With `publish`, the
    read-only copy for analysts is published afterwards."""
    settings = settings_for(db=db)
    limits = settings.limits
    listed, missing = list_inputs(paths)
    outcomes = [FileOutcome(path, "rejected", "no such file or folder") for path in missing]
    con = store.connect(db, settings=LoadSettings(lock_timeout_s=lock_timeout_s), say=log.warning)
    try:
        todo = new_files(listed, store.known_files(con), force=bool(region or year), limits=limits)
        store.mark_pending(con, [(f.path, f.file_sha256, f.n_bytes) for f in todo], "being ingested")
        for number, item in enumerate(todo, 1):
            log.info("[%d/%d] %s", number, len(todo), Path(item.path).name)
            outcomes.append(ingest_report(con, item, region, year, limits))
        outcomes = _as_they_ended(con, outcomes)
        if publish and todo:
            store.publish_copy(con, settings.paths.db, settings.paths.published_db)
    finally:
        con.close()
    return outcomes


def _as_they_ended(con, outcomes: list[FileOutcome]) -> list[FileOutcome]:
    """A report ingested early in the batch may have lost to another version of it later in the
    batch (pipeline.store.kept_version): say what its file's row says now."""
    ingested = [o.path for o in outcomes if o.status == "ingested"]
    now = store.file_statuses(con, ingested) if ingested else {}
    return [dataclasses.replace(o, status=now[o.path][0], reason=now[o.path][1])
            if o.path in now and now[o.path][0] != o.status else o for o in outcomes]
