"""The ingest flow: one task per report file, each stored in its own transaction."""
from __future__ import annotations

import logging
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from pipeline import store
from pipeline.config import LoadSettings
from pipeline.ingest import FileOutcome, ingest_file
from pipeline.inputs import InputFile, collect_files, new_files

log = logging.getLogger("reportcmp")


@task(name="ingest-report", cache_policy=NO_CACHE, persist_result=False)
def ingest_report(con, item: InputFile, region: str | None, year: int | None) -> FileOutcome:
    outcome = ingest_file(con, item, region=region, year=year)
    log.info(outcome.line())
    return outcome


@flow(name="ingest", persist_result=False, validate_parameters=False)
def ingest_flow(
    paths: list[str],
    db: str,
    region: str | None = None,
    year: int | None = None,
    lock_timeout_s: float = LoadSettings.lock_timeout_s,
) -> list[FileOutcome]:
    """Ingest every new or changed file under `paths` into the database `db`."""
    files, missing = collect_files(paths)
    outcomes = [FileOutcome(path, "rejected", "no such file or folder") for path in missing]
    con = store.connect(db, settings=LoadSettings(lock_timeout_s=lock_timeout_s), say=log.warning)
    try:
        todo = new_files(files, store.known_files(con), force=bool(region or year))
        store.mark_pending(con, [(f.path, f.file_sha256, f.n_bytes) for f in todo], "being ingested")
        for number, item in enumerate(todo, 1):
            log.info("[%d/%d] %s", number, len(todo), Path(item.path).name)
            outcomes.append(ingest_report(con, item, region, year))
    finally:
        con.close()
    return outcomes
