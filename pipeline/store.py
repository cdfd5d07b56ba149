"""Writing to the DuckDB file: one report per transaction, file statuses, the write lock, the
read-only copy for analysts.

DuckDB allows one process per file when one of them writes: a reader that holds the file, even
read-only, makes a writer's connect fail (measured: STACK-FACTS.md, tests/test_readers.py). So
readers are pointed at a copy, published after every command that writes (`publish_copy`), and
`connect` waits for another writer's lock with back-off and says so. A damaged file (truncated,
not DuckDB) is found before anything is written to it (`check_whole`). `store_report` replaces one
report whole or not at all, so a crash or a kill leaves the database as it was before the report
in flight; of two versions of one region and year, the rule in `kept_version` decides.
"""
from __future__ import annotations

import datetime as dt
import itertools
import shutil
import time
from dataclasses import dataclass, fields
from operator import attrgetter
from pathlib import Path
from typing import Callable, Iterable

import duckdb
import numpy as np

from reportcmp.pipeline import atomic, warehouse
from reportcmp.pipeline.config import LoadSettings
from reportcmp.pipeline.errors import ReportcmpError
from reportcmp.pipeline.records import Metric, Paragraph, ProcessedReport, ProgramMention, ReportMeta

REPORT_TABLES = ("core_reports", "core_paragraphs", "core_metrics", "core_program_mentions")
# A DuckDB file: a main header and two database headers of 4 KiB each, then blocks of block_size.
DUCKDB_HEADER_BYTES = 3 * 4096
# The reason of a file whose report lost to another version of the same region and year.
REPLACED = "replaced the stored"     # the reason of a file whose new text replaced its report
ANOTHER_VERSION = "another version of"


class DatabaseLocked(ReportcmpError):
    """Another process holds the database file; nothing was written."""


class DatabaseDamaged(ReportcmpError):
    """The database file is not a whole DuckDB database; it was not opened for writing."""


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
        check_whole(db_path)
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


def check_whole(db_path: Path) -> None:
    """Raise DatabaseDamaged when `db_path` exists but is not a whole DuckDB database. Nothing is
    written: it must open read-only (DuckDB reads its headers and catalog there), and the file must
    hold every block its tables' data is stored in (pragma_storage_info: a truncated file lacks the
    last ones; measured, a truncated database otherwise opened, was written into, and failed at
    the first read). Skipped when another connection holds the file (a writer, which we wait for)."""
    if not db_path.exists():
        return
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.ConnectionException:
        return                                    # a write connection of this process holds it
    except duckdb.IOException as exc:
        if _is_lock_error(exc):
            return
        raise DatabaseDamaged(_damaged(db_path, exc)) from None
    except duckdb.Error as exc:
        raise DatabaseDamaged(_damaged(db_path, exc)) from None
    try:
        name, block_size = con.execute(
            "SELECT database_name, block_size FROM pragma_database_size() "
            "WHERE database_name = current_database()").fetchone()
        last_block = -1
        for (table,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = ?",
                                    [name]).fetchall():
            (highest,) = con.execute(f"SELECT max(block_id) FROM pragma_storage_info('{table}') "
                                     "WHERE persistent").fetchone()
            last_block = max(last_block, highest if highest is not None else -1)
        needed = DUCKDB_HEADER_BYTES + (last_block + 1) * block_size
        if db_path.stat().st_size < needed:
            raise DatabaseDamaged(_damaged(
                db_path, f"{db_path.stat().st_size:,} bytes where its data needs {needed:,}: truncated"))
    except duckdb.Error as exc:
        raise DatabaseDamaged(_damaged(db_path, exc)) from None
    finally:
        con.close()


def _damaged(db_path: Path, cause: object) -> str:
    first = str(cause).splitlines()[0] if str(cause) else type(cause).__name__
    return (f"{db_path} is damaged and was left untouched ({first}); restore it from a backup, or "
            f"move it away to start a new one (its read-only copy, if any, is beside it)")


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
    n_replacement_chars: int | None = None,
) -> None:
    """Upsert the row of one input file (by path). Call inside the caller's transaction."""
    con.execute("DELETE FROM raw_files WHERE path = ?", [path])
    con.execute(
        "INSERT INTO raw_files (path, file_sha256, n_bytes, status, reason, report_sha256, seen_at, "
        "n_replacement_chars) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [path, file_sha256, n_bytes, status, reason, report_sha256, _now(), n_replacement_chars],
    )


def file_statuses(con: duckdb.DuckDBPyConnection, paths: list[str]) -> dict[str, tuple[str, str | None]]:
    """path -> (status, reason) of the given files."""
    rows = con.execute("SELECT path, status, reason FROM raw_files WHERE path IN (SELECT unnest(?::VARCHAR[]))",
                       [paths]).fetchall()
    return {path: (status, reason) for path, status, reason in rows}


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


# ---- the copy readers open ------------------------------------------------------------------

def publish_copy(con: duckdb.DuckDBPyConnection, db_path: Path, target: Path) -> Path:
    """Copy the database to `target` for readers, while `con` (a write connection of `db_path`)
    holds its lock, so no writer changes it meanwhile. After a CHECKPOINT the file holds everything
    (no WAL); the copy replaces the previous one in one rename, so a reader that holds the old copy
    keeps reading it, and the next one opens the new. Measured on the corpus database: see README."""
    con.execute("CHECKPOINT")
    with atomic.replacing(Path(target)) as temporary:
        shutil.copyfile(db_path, temporary)
    return Path(target)


# ---- reports -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Version:
    """One version of a region's report for one year, as the rule between versions sees it."""

    path: str
    delivered_on: dt.date | None
    modified_at: dt.datetime | None


def kept_version(a: Version, b: Version) -> tuple[Version, str]:
    """Of two versions of one region and year from different files, the one kept, and why: the
    later delivery date stated in the text; else (no date in one of them, or the same) the newer
    file; else the later file name. The same pair gives the same answer in either order."""
    if a.delivered_on and b.delivered_on and a.delivered_on != b.delivered_on:
        kept, other = (a, b) if a.delivered_on > b.delivered_on else (b, a)
        return kept, f"delivered {kept.delivered_on}, after {other.delivered_on}"
    if a.modified_at and b.modified_at and a.modified_at != b.modified_at:
        kept, other = (a, b) if a.modified_at > b.modified_at else (b, a)
        return kept, (f"no later delivery date in the text; the newer file "
                      f"({kept.modified_at:%Y-%m-%d %H:%M:%S}, after {other.modified_at:%Y-%m-%d %H:%M:%S})")
    kept = max(a, b, key=lambda version: version.path)
    return kept, "no later delivery date in the text and the same file time; the later file name"


def store_report(con: duckdb.DuckDBPyConnection, report: ProcessedReport) -> tuple[str, str | None]:
    """Write one report whole in one transaction. Returns (file status, reason).

    Same cleaned text as a report stored from another file, for the same region and year:
    `duplicate`. The same text from its own file again, or placed at another region or year by an
    override: rewritten. Same region and year with new content: from the same file (an edit) or
    placed by an override, it replaces the stored one; from another file, `kept_version` decides,
    and the other file becomes a `duplicate` whose reason names the version kept. Every version
    that is not kept is listed in core_report_history.
    """
    meta = report.meta
    n_bytes = report.n_bytes
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
                record_file(con, report.path, report.file_sha256, n_bytes, "duplicate", reason,
                            report.report_sha256, report.raw.n_replacement_chars)
                con.execute("COMMIT")
                return "duplicate", reason
            # The same text again from its own file (a forced re-ingest), or placed anew by
            # --region/--year: the stored copy is rewritten, not kept beside the new one.
            for table in REPORT_TABLES:
                con.execute(f"DELETE FROM {table} WHERE report_sha256 = ?", [report.report_sha256])

        stored = con.execute(
            "SELECT report_sha256, source_file, ingested_at, delivered_on, file_modified_at FROM core_reports "
            "WHERE region_key = ? AND report_year = ?",
            [meta.region_key, meta.report_year],
        ).fetchall()
        incoming = Version(report.path, meta.delivered_on, report.file_modified_at)
        decided = []                          # (stored row, why the incoming one is kept over it)
        for row in stored:
            old_sha, old_file, _old_at, old_delivered, old_modified = row
            if old_file == report.path or report.overridden:
                decided.append((row, None))   # an edit of the file, or the user placed it: it replaces
                continue
            kept, why = kept_version(incoming, Version(old_file, old_delivered, old_modified))
            if kept.path == old_file:         # the stored version stays; this one is not taken
                _keep_history(con, meta, report.report_sha256, report.path, _now(), old_sha)
                reason = f"{ANOTHER_VERSION} {meta.region} {meta.report_year}: {old_file} is kept ({why})"
                record_file(con, report.path, report.file_sha256, n_bytes, "duplicate", reason,
                            report.report_sha256, report.raw.n_replacement_chars)
                con.execute("COMMIT")
                return "duplicate", reason
            decided.append((row, why))
        for (old_sha, old_file, old_at, _delivered, _modified), why in decided:
            _keep_history(con, meta, old_sha, old_file, old_at, report.report_sha256)
            for table in REPORT_TABLES:
                con.execute(f"DELETE FROM {table} WHERE report_sha256 = ?", [old_sha])
            if why is not None:               # the other file's row says which version is kept
                con.execute(
                    "UPDATE raw_files SET status = 'duplicate', reason = ? WHERE path = ? AND report_sha256 = ?",
                    [f"{ANOTHER_VERSION} {meta.region} {meta.report_year}: {report.path} is kept ({why})",
                     old_file, old_sha])

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
            "file_modified_at": report.file_modified_at,
            "extracted_with": report.extracted_with,
        }
        # One row: plain parameters, cheaper than a one-row frame.
        con.execute(f"INSERT INTO core_reports ({', '.join(report_row)}) "
                    f"VALUES ({', '.join('?' * len(report_row))})", list(report_row.values()))
        _insert(con, "core_paragraphs", _columns(report.paragraphs, Paragraph, report.report_sha256))
        _insert(con, "core_metrics", _columns(
            report.metrics, Metric, report.report_sha256, metric_seq=range(len(report.metrics))))
        _insert(con, "core_program_mentions", _columns(
            report.programs, ProgramMention, report.report_sha256, mention_seq=range(len(report.programs))))
        # An edit of the same file (or a report the user placed over a stored one) says which
        # version it replaced and where that went; storing the same file again says nothing new.
        replaced = [row[0] for row, why in decided if why is None]   # the other file says why it was not kept
        reason = (f"{REPLACED} {meta.region} {meta.report_year} (report {', '.join(sha[:12] for sha in replaced)}; "
                  f"kept in v_report_history)") if replaced else None
        record_file(con, report.path, report.file_sha256, n_bytes, "ingested", reason, report.report_sha256,
                    report.raw.n_replacement_chars)
        con.execute("COMMIT")
        return "ingested", reason
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _keep_history(con, meta, sha: str, source_file: str, ingested_at, replaced_by: str) -> None:
    con.execute("INSERT INTO core_report_history VALUES (?, ?, ?, ?, ?, ?, ?)",
                [meta.region_key, meta.report_year, sha, source_file, ingested_at, _now(), replaced_by])


# ---- a stored report extracted again ---------------------------------------------------------

def stored_reports(con: duckdb.DuckDBPyConnection, report_sha256s: list[str]) -> list[tuple[str, ReportMeta, str]]:
    """(sha, detected metadata, stored text) of each report named, in the order given, in one query.

    One query for many: a lookup of one report by its hash scans core_reports, so reading the stale
    reports one at a time grew with the database (measured on 672 reports: 35 ms a report one by one,
    1.2 ms in queries of 40)."""
    rows = con.execute("SELECT report_sha256, region, region_code, level, report_year, delivered_on, title, detected_by, "
                       "clean_text FROM core_reports WHERE report_sha256 IN (SELECT unnest(?))",
                       [list(report_sha256s)]).fetchall()
    found = {sha: (ReportMeta(*meta), text) for sha, *meta, text in rows}
    return [(sha, *found[sha]) for sha in report_sha256s]


def replace_extraction(con: duckdb.DuckDBPyConnection, report_sha256: str, extraction) -> None:
    """Replace the paragraphs, figures and programme mentions of one stored report with those of a
    new extraction (pipeline.report.Extraction), in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        for table in REPORT_TABLES[1:]:
            con.execute(f"DELETE FROM {table} WHERE report_sha256 = ?", [report_sha256])
        _insert(con, "core_paragraphs", _columns(extraction.paragraphs, Paragraph, report_sha256))
        _insert(con, "core_metrics", _columns(
            extraction.metrics, Metric, report_sha256, metric_seq=range(len(extraction.metrics))))
        _insert(con, "core_program_mentions", _columns(
            extraction.programs, ProgramMention, report_sha256, mention_seq=range(len(extraction.programs))))
        con.execute("UPDATE core_reports SET extracted_with = ? WHERE report_sha256 = ?",
                    [extraction.extracted_with, report_sha256])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
