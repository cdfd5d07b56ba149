"""Plain helpers shared by tests (fixtures live in conftest.py)."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb

# Columns that differ between two runs of the same input: when a row was written, not what it says.
TIMESTAMPS = ("seen_at", "ingested_at", "updated_at")


def command_env(**extra: str) -> dict[str, str]:
    """The environment of a command a test starts: none of the user's PREFECT_ or REPORTCMP_
    settings, and the session's own Prefect home (conftest.py), so that nothing lands in the user's
    Prefect history."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "REPORTCMP_"))}
    # A command that reads runs back (prefect flow-run ls) starts Prefect's temporary server, which must
    # answer within PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS (default 20): on this 2-core machine,
    # busy with a corpus build beside the suite, it once took longer and the test failed on the timeout,
    # not on the product (~10 s idle, over 20 s under load). 60 s gives a cold start room.
    return {**env, "PREFECT_HOME": os.environ["PREFECT_HOME"], "DO_NOT_TRACK": "1",
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "60", **extra}


def table_checksums(db: Path) -> dict[str, tuple]:
    """(row count, hash sum) of every base table, order-independent and without timestamps: two
    databases with equal checksums hold the same content."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [t for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
            "ORDER BY table_name").fetchall()]
        sums = {}
        for table in tables:
            columns = [c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "AND data_type NOT LIKE 'TIMESTAMP%' ORDER BY ordinal_position", [table]).fetchall()]
            sums[table] = con.execute(
                f"SELECT count(*), coalesce(sum(hash({', '.join(columns)})), 0) FROM {table}").fetchone()
        return sums
    finally:
        con.close()


def rows(db: Path, sql: str) -> list[tuple]:
    """The rows of `sql` on the database file `db`, opened read-only and closed again."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def view_differences(a: Path, b: Path) -> dict[str, tuple[int, int]]:
    """Rows of each public view only in `a`, only in `b` (EXCEPT ALL both ways, timestamps aside)."""
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{a}' AS a (READ_ONLY); ATTACH '{b}' AS b (READ_ONLY)")
        views = [v for (v,) in con.execute("SELECT view_name FROM duckdb_views() WHERE database_name = 'a' "
                                           "AND view_name LIKE 'v\\_%' ESCAPE '\\' ORDER BY 1").fetchall()]
        found = {}
        for view in views:
            columns = [c for (c,) in con.execute(f"SELECT column_name FROM (DESCRIBE a.{view})").fetchall()
                       if c not in TIMESTAMPS]
            select = ", ".join(f'"{c}"' for c in columns)
            found[view] = tuple(con.execute(f"SELECT count(*) FROM (SELECT {select} FROM {x}.{view} EXCEPT ALL "
                                            f"SELECT {select} FROM {y}.{view})").fetchone()[0]
                                for x, y in (("a", "b"), ("b", "a")))
        return found
    finally:
        con.close()
