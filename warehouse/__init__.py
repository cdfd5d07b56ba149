"""The schema and the models.

sql/: the tables and public views, applied in name order on every write connection.
models/: the comparison's set logic as small SQL views, staging → intermediate (the year rule, the
candidate pairs by key, whether a next report exists), applied after them.
checks/: queries that must return no row, and the expected row counts of the corpus (tests run both).
"""
from __future__ import annotations

from importlib import resources


def sql_files() -> list[tuple[str, str]]:
    """(name, text) of every schema and model file, in the order they are applied."""
    return _files("sql") + _files("models")


def check_files() -> list[tuple[str, str]]:
    """(name, query) of every check: each must return no row."""
    return _files("checks")


def _files(folder_name: str) -> list[tuple[str, str]]:
    folder = resources.files(__name__) / folder_name
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    return [(f"{folder_name}/{name}", (folder / name).read_text(encoding="utf-8")) for name in names]


def apply_schema(con) -> None:
    """Create what is missing and replace the views; safe to run on every write connection."""
    _drop_outdated_derived_tables(con)
    for _name, text in sql_files():
        con.execute(text)


def _drop_outdated_derived_tables(con) -> None:
    """out_target_vs_result was made with a CHECK on the statuses before no_next_report existed; it is
    derived (rebuilt whole by every comparison), so it is dropped and its fingerprint forgotten, and
    the next run rebuilds it."""
    outdated = con.execute(
        "SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'out_target_vs_result' "
        "AND constraint_type = 'CHECK' AND constraint_text LIKE '%unverifiable%' "
        "AND constraint_text NOT LIKE '%no_next_report%'").fetchone()[0]
    if outdated:
        con.execute("DROP VIEW IF EXISTS v_target_vs_result")
        con.execute("DROP TABLE out_target_vs_result")
        con.execute("DELETE FROM meta_fingerprints WHERE name IN ('comparison', 'workbook')")
