"""Prefect's own database: its schema is built once per machine and Prefect version, then copied.

A server started on a fresh PREFECT_HOME creates its SQLite database by replaying Prefect's alembic
migrations, ~34,000 statements through aiosqlite: 6–7 s of the ~10 s it takes to become healthy,
and the largest single cost of a project's first run (benchmarks/README.md). The schema depends
only on Prefect's version. So:

- when a server of ours has just built a fresh database and become healthy, before any flow run is
  recorded in it, a consistent copy (SQLite's backup API) is kept in the user's cache folder as the
  template for that Prefect version, if it holds nothing but the schema and the block types Prefect
  registers at start-up;
- a server of ours started on a PREFECT_HOME with no database starts from a copy of that template
  (healthy in ~4 s). Alembic finds its head revision and has nothing to do.

Only Prefect's default database (PREFECT_HOME/prefect.db) is touched: a database URL configured by
the user, in the environment or a Prefect profile, turns both steps off. REPORTCMP_CACHE_DIR moves
the cache folder; REPORTCMP_PREFECT_TEMPLATE=0 turns the template off.
"""
from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from importlib import metadata
from pathlib import Path
from typing import Iterator

log = logging.getLogger("reportcmp")

DATABASE_FILE = "prefect.db"
# Tables a template must leave empty: anything a run, a deployment or an event would have written.
RUN_TABLES = ("flow", "flow_run", "task_run", "log", "events", "deployment", "artifact")
DATABASE_SETTING_PREFIXES = ("PREFECT_API_DATABASE_", "PREFECT_SERVER_DATABASE_")


def cache_dir() -> Path:
    if os.environ.get("REPORTCMP_CACHE_DIR"):
        return Path(os.environ["REPORTCMP_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reportcmp"


def template_path() -> Path:
    return cache_dir() / f"prefect-{metadata.version('prefect')}.db"


def default_database() -> Path | None:
    """PREFECT_HOME/prefect.db when the server will use it; None when the user chose another database
    (or turned the template off), in which case we leave Prefect's database alone."""
    if os.environ.get("REPORTCMP_PREFECT_TEMPLATE", "1") == "0":
        return None
    if any(name.startswith(DATABASE_SETTING_PREFIXES) for name in os.environ):
        return None
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect")
    for settings_file in (home / "profiles.toml", Path("prefect.toml"), Path(".env")):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            if "DATABASE" in settings_file.read_text(encoding="utf-8").upper():
                return None
    return home / DATABASE_FILE


def seed(database: Path | None) -> bool:
    """Give a server about to start on `database` the template, if it has none; True if copied."""
    if database is None or database.exists():
        return False
    template = template_path()
    if not template.is_file():
        return False
    try:
        database.parent.mkdir(parents=True, exist_ok=True)
        with _copy_beside(template, database) as copy:
            os.link(copy, database)          # never over a database another process made meanwhile
    except (OSError, sqlite3.Error) as error:
        log.debug("Prefect database template not used: %s", error)
        return False
    return True


def keep_as_template(database: Path | None) -> bool:
    """Save the database a server of ours has just built and made healthy as the template; True if
    saved. Refused when it already holds runs (the template must be only Prefect's schema)."""
    if database is None or not database.is_file():
        return False
    template = template_path()
    try:
        template.parent.mkdir(parents=True, exist_ok=True)
        with _copy_beside(database, template) as copy:
            if not _holds_only_schema(copy):
                return False
            os.replace(copy, template)
        _remove_stale(template)
    except (OSError, sqlite3.Error) as error:
        log.debug("Prefect database template not saved: %s", error)
        return False
    return True


@contextlib.contextmanager
def _copy_beside(source: Path, target: Path) -> Iterator[Path]:
    """A consistent copy of `source` in a file of this process beside `target`, removed afterwards
    unless the caller moved it into place."""
    copy = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        _backup(source, copy)
        yield copy
    finally:
        with contextlib.suppress(OSError):
            copy.unlink()


def _remove_stale(template: Path, partial_age_s: float = 3600.0) -> None:
    """Templates of other Prefect versions, and copies a killed process left half-made."""
    now = time.time()
    for path in template.parent.glob("prefect-*"):
        with contextlib.suppress(OSError):
            if path.suffix == ".db" and path != template:
                path.unlink()
            elif path.suffix == ".partial" and now - path.stat().st_mtime > partial_age_s:
                path.unlink()


def _backup(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite file, even while a server writes to it. The copy has a rollback
    journal, so reading it leaves no -wal/-shm files; Prefect switches its database to WAL on connect."""
    with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=10)) as origin, \
            contextlib.closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")


def _holds_only_schema(database: Path) -> bool:
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as con:
        tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables or not con.execute("SELECT 1 FROM alembic_version").fetchone():
            return False
        return not any(con.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone()
                       for table in RUN_TABLES if table in tables)
