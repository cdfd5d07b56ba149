"""The public views as files: every `v_` view of the database as Parquet and as CSV, for pandas, R,
Arrow and BI tools that do not read DuckDB files (or not this DuckDB's version).

DuckDB writes them itself (`COPY (SELECT …) TO … (FORMAT parquet | csv)`), into a temporary folder
beside the target first: a failed export leaves the files of the last one as they were.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import duckdb

from reportcmp.pipeline.export_tables import ExportError

FORMATS = ("parquet", "csv")
VIEW_PREFIX = "v_"


@dataclass(frozen=True)
class ViewFiles:
    folder: Path
    rows: dict[str, int]                     # view -> rows written (the same in every format)
    files: list[Path] = field(default_factory=list)


def public_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The public views of the database (every view whose name starts with v_), by name."""
    rows = con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND database_name = current_database() "
        "AND schema_name = current_schema() AND starts_with(view_name, ?) ORDER BY view_name",
        [VIEW_PREFIX]).fetchall()
    return [name for (name,) in rows]


def write_view_files(
    con: duckdb.DuckDBPyConnection,
    folder: str | Path,
    formats: Iterable[str] = FORMATS,
    *,
    views: Iterable[str] | None = None,
) -> ViewFiles:
    """Write each public view of `con` as `folder/<view>.parquet` and/or `folder/<view>.csv`.

    - `formats`: any of "parquet" and "csv" (default both). Parquet keeps the column types (integers,
      doubles, booleans, timestamps); CSV is UTF-8 without a byte-order mark, comma-separated, with a
      header line, NULL as an empty field, quotes doubled inside quoted fields.
    - `views`: the views to write (default every `v_` view of the database, see `public_views`).
    - Rows come in the order of all their columns (ORDER BY ALL), so the same database gives the
      same files. The folder is created; files of the same names are replaced only once every file
      is written; other files in it are left alone. `con` may be read-only.

    Returns the folder, the rows of each view and the files written. Raises ExportError, whose
    message says what to fix, for an unknown format or view, or a folder that is a file.

    Example (pandas):
        write_view_files(duckdb.connect("warehouse/reports.duckdb", read_only=True), "exports/views")
        pandas.read_parquet("exports/views/v_target_vs_result.parquet")
    """
    formats = list(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ExportError(f"unknown view file format {', '.join(map(repr, unknown)) or '(none)'}: "
                          f"use {' or '.join(FORMATS)}")
    available = public_views(con)
    wanted = available if views is None else list(dict.fromkeys(views))
    absent = [v for v in wanted if v not in available]
    if absent:
        raise ExportError(f"the database has no public view {', '.join(absent)}"
                          f" (it has {', '.join(available) or 'none'})")
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file: give a folder for the view files")
    folder.mkdir(parents=True, exist_ok=True)

    temporary = folder / f".partial-{os.getpid()}"
    temporary.mkdir(exist_ok=True)
    rows: dict[str, int] = {}
    written: list[Path] = []
    try:
        for view in wanted:
            for fmt in formats:
                path = temporary / f"{view}.{fmt}"
                options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
                try:
                    # DuckDB answers a COPY with the number of rows it wrote.
                    (count,) = con.execute(
                        f"COPY (SELECT * FROM {_quoted(view)} ORDER BY ALL) TO '{_literal(path)}' ({options})"
                    ).fetchone()
                except duckdb.Error as error:
                    first_line = str(error).splitlines()[0]
                    raise ExportError(f"could not write the view {view} as {fmt}: {first_line}") from error
                rows[view] = count
        for path in sorted(temporary.iterdir()):
            os.replace(path, folder / path.name)
            written.append(folder / path.name)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return ViewFiles(folder=folder, rows=rows, files=written)


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(path: Path) -> str:
    return str(path).replace("'", "''")
