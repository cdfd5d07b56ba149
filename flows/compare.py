"""The compare flow: re-extract the stored reports whose knowledge or code changed, then pair targets
with next year's results, judge them and link programmes, unless the comparison is current."""
from __future__ import annotations

import logging

from prefect import flow, task

from pipeline import compare, corrections, freshness, program_links, store
from pipeline.config import settings_for
from pipeline.records import ReportMeta
from pipeline.report import Extraction, extract_report
from pipeline.run_summary import Rebuilt


@task(name="re-extract-report")
def reextract_report(meta: ReportMeta, text: str) -> Extraction:
    return extract_report(text, meta)


@task(name="build-comparison")
def build_comparison(db: str, corrections_csv: str | None) -> dict:
    settings = settings_for(db=db, corrections=corrections_csv)
    with store.connect(db, settings=settings.load) as con:
        return compare.build_comparison(con, settings, corrections.load_corrections(settings.paths.corrections))


@task(name="link-programs")
def link_programs(db: str, corrections_csv: str | None) -> None:
    settings = settings_for(db=db, corrections=corrections_csv)
    with store.connect(db, settings=settings.load) as con:
        program_links.link_programs(con, settings, corrections.load_corrections(settings.paths.corrections))


@flow(name="compare")
def compare_flow(db: str, corrections: str | None = None, force: bool = False, publish: bool = True) -> Rebuilt:
    """Re-extract what is stale, then rebuild the comparison unless it is current (or `force`); with
    `publish`, publish the read-only copy for analysts after a rebuild."""
    log = logging.getLogger("reportcmp")
    settings = settings_for(db=db, corrections=corrections)
    with store.connect(db, settings=settings.load, say=log.warning) as con:
        extraction_why, stale = freshness.extraction_change(con), freshness.stale_reports(con)
        if stale:
            log.info("re-extracting %d stored reports: %s", len(stale), extraction_why)
            for sha in stale:
                store.replace_extraction(con, sha, reextract_report(*store.stored_report(con, sha)))
            freshness.remember(con, freshness.EXTRACTION, freshness.extraction_parts())
        why = "asked for" if force else freshness.comparison_change(con, settings)
        if why is None:
            log.info("comparison is current: nothing to rebuild")
            return Rebuilt()
        summary = build_comparison(db, corrections)
        link_programs(db, corrections)
        freshness.remember(con, freshness.COMPARISON, freshness.comparison_parts(con, settings))
        statuses = ", ".join(f"{n} {status}" for status, n in summary.get("statuses", {}).items())
        log.info("comparison: %s targets (%s); %s pairs to review", summary.get("targets", 0), statuses or "none",
                 summary.get("review_queue", 0))
        if publish:
            store.publish_copy(con, settings.paths.db, settings.paths.published_db)
        return Rebuilt(len(stale), extraction_why, why)
