"""Ingest one input file: process it, then store it (or record why not) in one transaction.

The flow in flows/ingest.py calls `ingest_file` once per file; this module holds the rules so that
tests and benchmarks can run them without Prefect.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import duckdb

from pipeline import store
from pipeline.config import ReadLimits
from pipeline.inputs import FileChanging, InputFile
from pipeline.records import InputError
from pipeline.report import process_file

log = logging.getLogger("reportcmp")


@dataclass(frozen=True)
class FileOutcome:
    path: str
    status: str                 # ingested | duplicate | rejected | pending
    reason: str | None = None
    region: str | None = None
    report_year: int | None = None
    n_metrics: int = 0

    @property
    def other_version(self) -> bool:
        """A report not kept because another version of the same region and year was."""
        return self.status == "duplicate" and (self.reason or "").startswith(store.ANOTHER_VERSION)

    def line(self) -> str:
        what = f"{self.region} {self.report_year}" if self.region else ""
        detail = f"{what}, {self.n_metrics} figures" if self.status == "ingested" else (self.reason or "")
        return f"{self.status:<9} {self.path}" + (f": {detail}" if detail else "")


def ingest_file(
    con: duckdb.DuckDBPyConnection,
    item: InputFile,
    *,
    region: str | None = None,
    year: int | None = None,
    limits: ReadLimits = ReadLimits(),
) -> FileOutcome:
    """Read, extract and store one file. Bad input is recorded as rejected with its reason; so is an
    entry that listing found could not be taken (item.problem). A file that changed while it was
    read, or an unexpected error while reading it (a bug of ours, not the file's fault), leaves it
    pending, to be retried by the next run, and the batch goes on; an error of the database is raised.
    The stored hash is that of the bytes the text was read from, whatever listing saw."""
    if item.problem:
        store.record_rejected(con, item.path, item.file_sha256, item.n_bytes, item.problem)
        return FileOutcome(item.path, "rejected", item.problem)
    try:
        report = process_file(item.path, region=region, year=year, limits=limits)
    except InputError as exc:
        store.record_rejected(con, item.path, item.file_sha256, item.n_bytes, str(exc))
        return FileOutcome(item.path, "rejected", str(exc))
    except FileChanging as exc:
        store.record_pending(con, item.path, item.file_sha256, item.n_bytes, str(exc))
        return FileOutcome(item.path, "pending", str(exc))
    except OSError as exc:
        reason = f"cannot read the file: {exc.strerror or exc}"
        store.record_rejected(con, item.path, item.file_sha256, item.n_bytes, reason)
        return FileOutcome(item.path, "rejected", reason)
    except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the batch
        log.exception("processing %s failed", item.path)
        reason = f"internal error, will retry: {type(exc).__name__}: {exc}"
        store.record_pending(con, item.path, item.file_sha256, item.n_bytes, reason)
        return FileOutcome(item.path, "pending", reason)
    status, reason = store.store_report(con, report)
    return FileOutcome(
        item.path, status, reason, report.meta.region, report.meta.report_year, len(report.metrics)
    )
