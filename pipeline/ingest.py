"""Ingest one input file: read and extract it (`read_file`, no database), then store it or record why
not, in one transaction (`store_file`).

The flow in flows/ingest.py runs `read_file` as one task per file and stores what it returns; this
module holds the rules so that tests and benchmarks can run them without Prefect (`ingest_file`).
"""
from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

import duckdb

from reportcmp.pipeline import store
from reportcmp.pipeline.config import ReadLimits
from reportcmp.pipeline.inputs import FileChanging, InputFile
from reportcmp.pipeline.knowledge import KnowledgeError
from reportcmp.pipeline.records import InputError, ProcessedReport
from reportcmp.pipeline.report import process_file

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

    @property
    def replaced(self) -> bool:
        """A new version of a stored report (an edited file) that replaced it."""
        return self.status == "ingested" and (self.reason or "").startswith(store.REPLACED)

    def line(self) -> str:
        what = f"{self.region} {self.report_year}" if self.region else ""
        detail = f"{what}, {self.n_metrics} figures" if self.status == "ingested" else (self.reason or "")
        return f"{self.status:<9} {self.path}" + (f": {detail}" if detail else "")


def ingest_file(con: duckdb.DuckDBPyConnection, item: InputFile, *, region: str | None = None,
                year: int | None = None, limits: ReadLimits = ReadLimits()) -> FileOutcome:
    """Read, extract and store one file (read_file, then store_file)."""
    return store_file(con, item, read_file(item, region=region, year=year, limits=limits))


def read_file(item: InputFile, *, region: str | None = None, year: int | None = None,
              limits: ReadLimits = ReadLimits()) -> ProcessedReport | FileOutcome:
    """The report of one file, or the outcome of a file that cannot be taken: rejected with its
    reason for bad input (and for an entry that listing found could not be taken, item.problem);
    pending, to be retried by the next run, for a file that changed while it was read or an
    unexpected error while reading it (a bug of ours, not the file's fault). Touches no database."""
    if item.problem:
        return FileOutcome(item.path, "rejected", item.problem)
    try:
        return process_file(item.path, region=region, year=year, limits=limits)
    except InputError as exc:
        return FileOutcome(item.path, "rejected", str(exc))
    except FileChanging as exc:
        return FileOutcome(item.path, "pending", str(exc))
    except OSError as exc:
        return FileOutcome(item.path, "rejected", f"cannot read the file: {exc.strerror or exc}")
    except KnowledgeError:   # not this file's fault, and every other file would meet it too: stop
        raise
    except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the batch
        log.exception("processing %s failed", item.path)
        return FileOutcome(item.path, "pending", f"internal error, will retry: {type(exc).__name__}: {exc}")


def store_file(con: duckdb.DuckDBPyConnection, item: InputFile, read: ProcessedReport | FileOutcome) -> FileOutcome:
    """Store what read_file gave, or record the file's outcome; an error of the database is raised.
    The stored hash is that of the bytes the text was read from, whatever listing saw."""
    if isinstance(read, FileOutcome):
        record = store.record_rejected if read.status == "rejected" else store.record_pending
        record(con, item.path, item.file_sha256, item.n_bytes, read.reason)
        return read
    status, reason = store.store_report(con, read)
    return FileOutcome(item.path, status, reason, read.meta.region, read.meta.report_year, len(read.metrics))


def as_they_ended(con, outcomes: list[FileOutcome]) -> list[FileOutcome]:
    """A report ingested early in the batch may have lost to another version of it later in the
    batch (pipeline.store.kept_version): say what its file's row says now."""
    ingested = [o.path for o in outcomes if o.status == "ingested"]
    now = store.file_statuses(con, ingested) if ingested else {}
    return [dataclasses.replace(o, status=now[o.path][0], reason=now[o.path][1])
            if o.path in now and now[o.path][0] != o.status else o for o in outcomes]
