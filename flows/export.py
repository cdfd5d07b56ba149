"""The export flow: write the analyst workbook from the public views."""
from __future__ import annotations

import logging

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from pipeline import export, freshness, store
from pipeline.config import Settings, settings_for

log = logging.getLogger("reportcmp")


@task(name="write-workbook", cache_policy=NO_CACHE, persist_result=False, retries=2, retry_delay_seconds=1)
def write_workbook(con, settings: Settings):
    return export.write_workbook(con, settings.paths.out, settings)


@flow(name="export", persist_result=False, validate_parameters=False)
def export_flow(db: str, out: str | None = None, corrections: str | None = None, force: bool = False,
                publish: bool = True) -> bool:
    """Write the workbook unless it is current. Returns whether it was written. With `publish`, the
    read-only copy for analysts is published after a write."""
    settings = settings_for(db=db, out=out, corrections=corrections)
    con = store.connect(settings.paths.db, settings=settings.load, say=log.warning)
    try:
        if not force and freshness.workbook_is_current(con, settings):
            log.info("workbook %s is current", settings.paths.out)
            return False
        summary = write_workbook(con, settings)
        store.set_fingerprint(con, freshness.WORKBOOK, freshness.workbook_fingerprint(con, settings))
        log.info("workbook written: %s (%d comparisons, %d sheets)",
                 summary.path, summary.n_comparisons, len(summary.sheets))
        if publish:
            store.publish_copy(con, settings.paths.db, settings.paths.published_db)
        return True
    finally:
        con.close()
