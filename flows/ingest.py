"""The ingest flow: tasks read and extract the files; the flow stores each in its own transaction.

In the command's process a task reads one file; on a Dask cluster (flows/cluster.py) a task reads a
batch of files on a worker. Either way the flow's process is the one writer and stores the reports
in the order the files were listed, so a cluster run gives the database an in-process run gives.
"""
from __future__ import annotations

import logging
from typing import Iterator

from prefect import flow, task

from reportcmp.flows import cluster
from reportcmp.pipeline import freshness, store
from reportcmp.pipeline.config import ReadLimits, settings_for
from reportcmp.pipeline.ingest import FileOutcome, as_they_ended, read_file, store_file
from reportcmp.pipeline.inputs import InputFile
from reportcmp.pipeline.records import ProcessedReport

Read = ProcessedReport | FileOutcome


@task(name="read-report")
def read_report(item: InputFile, region: str | None, year: int | None, limits: ReadLimits) -> Read:
    return read_file(item, region=region, year=year, limits=limits)


@task(name="read-reports")
def read_reports(items: list[InputFile], region: str | None, year: int | None, limits: ReadLimits,
                 extracted_with: str) -> list[Read]:
    """A batch of files read and extracted on a Dask worker, with the flow's knowledge and code."""
    cluster.same_extraction(extracted_with)
    return [read_file(item, region=region, year=year, limits=limits) for item in items]


def _reads(files: list[InputFile], region: str | None, year: int | None, limits: ReadLimits,
           dask_address: str | None, batch_size: int) -> Iterator[tuple[InputFile, Read]]:
    """Each file with what reading it gave, in the order of `files`, each said as it is taken up."""
    log = logging.getLogger("reportcmp")

    def say(number: int, item: InputFile) -> None:
        log.info("[%d/%d] %s", number, len(files), item.path.rsplit("/", 1)[-1])

    if not dask_address or not files:
        for number, item in enumerate(files, 1):
            say(number, item)
            yield item, read_report(item, region, year, limits)
        return
    workers = cluster.n_workers(dask_address)
    size = cluster.batch_size(len(files), workers, batch_size)
    log.info("%d files in batches of %d on %d Dask workers", len(files), size, workers)
    done = 0
    for batch, reads in cluster.in_order(read_reports, cluster.batches(files, size), workers, region=region,
                                         year=year, limits=limits,
                                         extracted_with=freshness.extraction_fingerprint()):
        for item, read in zip(batch, reads):
            done += 1
            say(done, item)
            yield item, read


@flow(name="ingest")
def ingest_flow(paths: list[str], db: str, region: str | None = None, year: int | None = None,
                publish: bool = True, retry_rejected: bool = False, dask_address: str | None = None) -> list[FileOutcome]:
    """Ingest every new or changed file under `paths` (folders, files, fsspec URLs) into the database
    `db` (with `retry_rejected`, also the files rejected before). With `dask_address`, the files are
    read on that Dask cluster (call the flow through flows.cluster.on_cluster). With `publish`, the
    read-only copy for analysts is published afterwards."""
    log = logging.getLogger("reportcmp")
    settings = settings_for(db=db)
    with store.connect(db, settings=settings.load, say=log.warning) as con:
        if dask_address:
            # The writer shares the machine's cores with the workers, and a report's store is a dozen
            # small statements: DuckDB's own threads only add CPU. 504 corpus reports stored in one
            # process, three times each way: 10.4-11.3 ms of CPU a report with 2 threads, 8.9-9.6 with 1.
            con.execute("SET threads = 1")
        todo = freshness.pending(con, paths, settings, derived=False, force=bool(region or year),
                                 retry_rejected=retry_rejected)
        outcomes = [FileOutcome(path, "rejected", "no such file or folder") for path in todo.missing]
        store.mark_pending(con, [(f.path, f.file_sha256, f.n_bytes) for f in todo.files], "being ingested")
        reads = _reads(todo.files, region, year, settings.limits, dask_address, settings.cluster.batch_size)
        for item, read in reads:
            outcomes.append(store_file(con, item, read))
            log.info(outcomes[-1].line())
        if todo.files and not freshness.stale_reports(con):
            freshness.remember(con, freshness.EXTRACTION, freshness.extraction_parts())
        if publish and todo.files:
            store.publish_copy(con, settings.paths.db, settings.paths.published_db)
        return as_they_ended(con, outcomes)
