"""The compare flow: re-extract the stored reports whose knowledge or code changed, then pair targets
with next year's results, judge them and link programmes, unless the comparison is current."""
from __future__ import annotations

import logging
from typing import Iterator

from prefect import flow, task

from reportcmp.flows import cluster
from reportcmp.pipeline import compare, corrections, freshness, program_links, store
from reportcmp.pipeline.config import settings_for
from reportcmp.pipeline.records import ReportMeta
from reportcmp.pipeline.report import Extraction, extract_report
from reportcmp.pipeline.run_summary import Rebuilt


# Stored texts read in one query per this many reports (store.stored_reports), so that at most this
# many texts are held at once in the command's process.
READ_TOGETHER = 40


@task(name="re-extract-report")
def reextract_report(meta: ReportMeta, text: str) -> Extraction:
    return extract_report(text, meta)


@task(name="re-extract-reports")
def reextract_reports(stored: list[tuple[str, ReportMeta, str]], extracted_with: str) -> list[Extraction]:
    """A batch of stored texts extracted again on a Dask worker, with the flow's knowledge and code."""
    cluster.same_extraction(extracted_with)
    return [extract_report(text, meta) for _sha, meta, text in stored]


def _reextracted(con, stale: list[str], dask_address: str | None, batch_size: int) -> Iterator[tuple[str, Extraction]]:
    """Each stale report's sha with its new extraction, in the order of `stale`."""
    if not dask_address:
        for batch in cluster.batches(stale, READ_TOGETHER):
            for sha, meta, text in store.stored_reports(con, batch):
                yield sha, reextract_report(meta, text)
        return
    workers = cluster.n_workers(dask_address)
    size = cluster.batch_size(len(stale), workers, batch_size)
    # Texts are read from the database as their batch is submitted, not all at once.
    texts = (store.stored_reports(con, batch) for batch in cluster.batches(stale, size))
    for batch, extractions in cluster.in_order(reextract_reports, texts, workers,
                                               extracted_with=freshness.extraction_fingerprint()):
        yield from zip((sha for sha, _meta, _text in batch), extractions)


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
def compare_flow(db: str, corrections: str | None = None, force: bool = False, publish: bool = True,
                 dask_address: str | None = None) -> Rebuilt:
    """Re-extract what is stale (on the Dask cluster at `dask_address`, if given: call the flow through
    flows.cluster.on_cluster), then rebuild the comparison unless it is current (or `force`); with
    `publish`, publish the read-only copy for analysts after a rebuild."""
    log = logging.getLogger("reportcmp")
    settings = settings_for(db=db, corrections=corrections)
    with store.connect(db, settings=settings.load, say=log.warning) as con:
        extraction_why, stale = freshness.extraction_change(con), freshness.stale_reports(con)
        if stale:
            log.info("re-extracting %d stored reports: %s", len(stale), extraction_why)
            for sha, extraction in _reextracted(con, stale, dask_address, settings.cluster.batch_size):
                store.replace_extraction(con, sha, extraction)
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
