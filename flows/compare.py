"""The compare flow: pair targets with next year's results, judge them, link programmes."""
from __future__ import annotations

import logging

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from pipeline import compare, corrections, freshness, program_links, store
from pipeline.config import Settings, settings_for

log = logging.getLogger("reportcmp")


@task(name="build-comparison", cache_policy=NO_CACHE, persist_result=False)
def build_comparison(con, settings: Settings) -> dict:
    fixes = corrections.load_corrections(settings.paths.corrections)
    return compare.build_comparison(con, settings, fixes)


@task(name="link-programs", cache_policy=NO_CACHE, persist_result=False)
def link_programs(con, settings: Settings) -> None:
    fixes = corrections.load_corrections(settings.paths.corrections)
    program_links.link_programs(con, settings, fixes)


@flow(name="compare", persist_result=False, validate_parameters=False)
def compare_flow(db: str, corrections: str | None = None, force: bool = False, publish: bool = True) -> bool:
    """Rebuild the comparison unless it is current. Returns whether it was rebuilt. With `publish`,
    the read-only copy for analysts is published after a rebuild."""
    settings = settings_for(db=db, corrections=corrections)
    con = store.connect(settings.paths.db, settings=settings.load, say=log.warning)
    try:
        if not force and freshness.comparison_is_current(con, settings):
            log.info("comparison is current: nothing to rebuild")
            return False
        summary = build_comparison(con, settings)
        link_programs(con, settings)
        store.set_fingerprint(con, freshness.COMPARISON, freshness.comparison_fingerprint(con, settings))
        statuses = ", ".join(f"{n} {status}" for status, n in summary.get("statuses", {}).items())
        log.info("comparison rebuilt: %s targets (%s); %s pairs to review",
                 summary.get("targets", 0), statuses or "none", summary.get("review_queue", 0))
        if publish:
            store.publish_copy(con, settings.paths.db, settings.paths.published_db)
        return True
    finally:
        con.close()
