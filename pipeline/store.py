"""Writing to the DuckDB file: one report per transaction, file statuses, the write lock.

DuckDB allows one writing process per file. `connect` waits for another process's lock with
back-off and says so; `store_report` replaces one report whole or not at all, so a crash or a
kill leaves the database as it was before the report in flight.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import time
from dataclasses import fields
from operator import attrgetter
from pathlib import Path
from typing import Callable, Iterable

import duckdb
import numpy as np

from pipeline import warehouse
from pipeline.config import LoadSettings
from pipeline.records import Metric, Paragraph, ProcessedReport, ProgramMention

REPORT_TABLES = ("core_reports", "core_paragraphs", "core_metrics", "core_program_mentions")


class DatabaseLocked(Exception):
    """Another process holds the database file; nothing was written."""


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "lock" in text.lower() and ("Conflicting lock" in text or "Could not set lock" in text)


def connect(
    db_path: str | Path,
    *,
    read_only: bool = False,
    settings: LoadSettings = LoadSettings(),
    say: Callable[[str], None] = lambda message: None,
) -> duckdb.DuckDBPyConnection:
    """Open the database, waiting with back-off while another process holds its lock.

    A write connection also brings the schema up to date. Raises DatabaseLocked after
    `settings.lock_timeout_s`.
    """
    db_path = Path(db_path)
    if not read_only:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + settings.lock_timeout_s
    wait = settings.lock_first_wait_s
    told = False
    while True:
        try:
            con = duckdb.connect(str(db_path), read_only=read_only,
                                 config={} if read_only else {"checkpoint_threshold": CHECKPOINT_THRESHOLD})
            break
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DatabaseLocked(
                    f"{db_path} is locked by another process (waited {settings.lock_timeout_s:.0f} s): "
                    f"{str(exc).splitlines()[0]}"
                ) from exc
            if not told:
                say(f"{db_path} is locked by another process; waiting up to {settings.lock_timeout_s:.0f} s")
                told = True
            time.sleep(min(wait, remaining))
            wait = min(wait * 2, settings.lock_max_wait_s)
    if not read_only:
        warehouse.apply_schema(con)
    return con


# DuckDB checkpoints (writes its WAL into the file) at the commit that takes the WAL past this size;
# a checkpoint costs more the larger the file, so at the default 16 MB (every ~50 corpus reports)
# storing grew faster than the reports: 1.5 s for the first copy of the corpus, 3.3 s for the eighth.
# At 1 GB a batch checkpoints once, when the connection closes (~1 s for eight copies), and the
# eighth copy stores in 1.8 s. A crash before that is recovered from the WAL when the file is next
# opened (tests/test_crash.py).
CHECKPOINT_THRESHOLD = "1GB"


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


Columns = dict[str, np.ndarray]


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: Columns) -> None:
    """Bulk insert columns named like the table's (equal-length object arrays).

    DuckDB reads the arrays through its replacement scan of the local variable `incoming`: no
    pandas frame to build and no register/unregister, which were ~60% of each insert's time
    (4 inserts per report). Object arrays keep None as NULL whatever the column's type.
    """
    if not columns or not len(next(iter(columns.values()))):
        return
    names = ", ".join(columns)
    incoming = columns  # noqa: F841 - read by name in the SQL below
    con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM incoming")


def _column(values: Iterable[object], n: int) -> np.ndarray:
    # fromiter, not np.array: a value that is itself a sequence stays one value
    return np.fromiter(values, dtype=object, count=n)


def _columns(rows: list, record_type: type, report_sha256: str, **extra: Iterable[object]) -> Columns:
    """The fields of `rows` (dataclass records) as columns, after report_sha256 and before `extra`."""
    names = [f.name for f in fields(record_type)]
    n = len(rows)
    # attrgetter, not dataclasses.asdict: asdict deep-copies every record (3 s over the corpus)
    get = attrgetter(*names)
    records = list(map(get, rows)) if len(names) > 1 else [(get(r),) for r in rows]
    by_field = zip(*records) if records else [()] * len(names)
    columns = {"report_sha256": _column(itertools.repeat(report_sha256, n), n)}
    for name, values in zip(names, by_field):
        columns[name] = _column(values, n)
    for name, values in extra.items():
        columns[name] = _column(values, n)
    return columns


# ---- file statuses -------------------------------------------------------------------------

def known_files(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """path -> (file_sha256, status) of every file seen."""
    rows = con.execute("SELECT path, file_sha256, status FROM raw_files").fetchall()
    return {path: (sha, status) for path, sha, status in rows}


def record_file(
    con: duckdb.DuckDBPyConnection,
    path: str,
    file_sha256: str,
    n_bytes: int | None,
    status: str,
    reason: str | None = None,
    report_sha256: str | None = None,
) -> None:
    """Upsert the row of one input file (by path). Call inside the caller's transaction."""
    con.execute("DELETE FROM raw_files WHERE path = ?", [path])
    con.execute(
        "INSERT INTO raw_files (path, file_sha256, n_bytes, status, reason, report_sha256, seen_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [path, file_sha256, n_bytes, status, reason, report_sha256, _now()],
    )


def mark_pending(con: duckdb.DuckDBPyConnection, files: list[tuple[str, str, int]], reason: str) -> None:
    """Record files about to be processed; a crash leaves them pending and the next run retries them."""
    if not files:
        return
    n = len(files)
    paths, shas, sizes = zip(*files)
    seen_at = _now()
    columns = {
        "path": _column(paths, n), "file_sha256": _column(shas, n), "n_bytes": _column(sizes, n),
        "status": _column(itertools.repeat("pending", n), n), "reason": _column(itertools.repeat(reason, n), n),
        "report_sha256": _column(itertools.repeat(None, n), n), "seen_at": _column(itertools.repeat(seen_at, n), n),
    }
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM raw_files WHERE path IN (SELECT unnest(?::VARCHAR[]))", [list(paths)])
        _insert(con, "raw_files", columns)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def record_rejected(con, path: str, file_sha256: str, n_bytes: int | None, reason: str) -> None:
    _record_alone(con, path, file_sha256, n_bytes, "rejected", reason)


def record_pending(con, path: str, file_sha256: str, n_bytes: int | None, reason: str) -> None:
    _record_alone(con, path, file_sha256, n_bytes, "pending", reason)


def _record_alone(con, path: str, file_sha256: str, n_bytes: int | None, status: str, reason: str) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        record_file(con, path, file_sha256, n_bytes, status, reason)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


# ---- fingerprints of derived builds ------------------------------------------------------

def get_fingerprint(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    row = con.execute("SELECT fingerprint FROM meta_fingerprints WHERE name = ?", [name]).fetchone()
    return row[0] if row else None


def set_fingerprint(con: duckdb.DuckDBPyConnection, name: str, fingerprint: str) -> None:
    con.execute("DELETE FROM meta_fingerprints WHERE name = ?", [name])
    con.execute("INSERT INTO meta_fingerprints VALUES (?, ?, ?)", [name, fingerprint, _now()])


def reports_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """Changes whenever the set of stored reports changes."""
    row = con.execute(
        "SELECT coalesce(string_agg(report_sha256, ',' ORDER BY report_sha256), '') FROM core_reports"
    ).fetchone()
    return hashlib.sha256(row[0].encode()).hexdigest()


# ---- reports -------------------------------------------------------------------------------

def store_report(con: duckdb.DuckDBPyConnection, report: ProcessedReport) -> tuple[str, str | None]:
    """Write one report whole in one transaction. Returns (file status, reason).

    Same cleaned text as a report stored from another file, for the same region and year:
    `duplicate`. The same text from its own file again, or placed at another region or year by an
    override: rewritten. Same region and year with new content: the old version moves to
    core_report_history and is replaced.
    """
    meta = report.meta
    n_bytes = Path(report.path).stat().st_size if Path(report.path).exists() else None
    con.execute("BEGIN TRANSACTION")
    try:
        same = con.execute(
            "SELECT source_file, region_key, report_year FROM core_reports WHERE report_sha256 = ?",
            [report.report_sha256],
        ).fetchone()
        if same is not None:
            source_file, region_key, report_year = same
            if source_file != report.path and (region_key, report_year) == (meta.region_key, meta.report_year):
                reason = f"same report text as {source_file}"
                record_file(con, report.path, report.file_sha256, n_bytes, "duplicate", reason, report.report_sha256)
                con.execute("COMMIT")
                return "duplicate", reason
            # The same text again from its own file (a forced re-ingest), or placed anew by
            # --region/--year: the stored copy is rewritten, not kept beside the new one.
            for table in REPORT_TABLES:
                con.execute(f"DELETE FROM {table} WHERE report_sha256 = ?", [report.report_sha256])

        older = con.execute(
            "SELECT report_sha256, source_file, ingested_at FROM core_reports "
            "WHERE region_key = ? AND report_year = ?",
            [meta.region_key, meta.report_year],
        ).fetchall()
        for old_sha, old_file, old_at in older:
            con.execute(
                "INSERT INTO core_report_history VALUES (?, ?, ?, ?, ?, ?, ?)",
                [meta.region_key, meta.report_year, old_sha, old_file, old_at, _now(), report.report_sha256],
            )
            for table in REPORT_TABLES:
                con.execute(f"DELETE FROM {table} WHERE report_sha256 = ?", [old_sha])

        report_row = {
            "report_sha256": report.report_sha256,
            "region": meta.region,
            "region_code": meta.region_code,
            "region_key": meta.region_key,
            "level": meta.level,
            "report_year": meta.report_year,
            "delivered_on": meta.delivered_on,
            "title": meta.title,
            "source_file": report.path,
            "source_format": report.raw.source_format,
            "encoding": report.raw.encoding,
            "detected_by": meta.detected_by,
            "n_chars": len(report.clean_text),
            "clean_text": report.clean_text,
            "raw_text": report.raw.text,
            "ingested_at": _now(),
        }
        # One row: plain parameters, cheaper than a one-row frame.
        con.execute(f"INSERT INTO core_reports ({', '.join(report_row)}) "
                    f"VALUES ({', '.join('?' * len(report_row))})", list(report_row.values()))
        _insert(con, "core_paragraphs", _columns(report.paragraphs, Paragraph, report.report_sha256))
        _insert(con, "core_metrics", _columns(
            report.metrics, Metric, report.report_sha256, metric_seq=range(len(report.metrics))))
        _insert(con, "core_program_mentions", _columns(
            report.programs, ProgramMention, report.report_sha256, mention_seq=range(len(report.programs))))
        # Storing the same file again says nothing new: the row stays as the first run left it.
        reason = f"replaced an earlier version ({len(older)})" if older else None
        record_file(con, report.path, report.file_sha256, n_bytes, "ingested", reason, report.report_sha256)
        con.execute("COMMIT")
        return "ingested", reason
    except BaseException:
        con.execute("ROLLBACK")
        raise
