"""What the user asked for, checked before anything starts: a mistake is one line with its fix, and
nothing is created or overwritten (issue 13).

Each check names the option, what is wrong with the value and what to give instead. They run after
the settings are read and before a database is opened, a folder made or Prefect started.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from reportcmp.pipeline.config import Settings
from reportcmp.pipeline.errors import ReportcmpError

# The first government work reports of the People's Republic are from 1950 (plan year); a report is
# delivered in the first months of its plan year, so next year's can exist at the end of this one.
FIRST_REPORT_YEAR = 1950
WORKBOOK_SUFFIX = ".xlsx"
READ_COMMANDS = ("compare", "export", "evaluate", "sql", "show")


class UsageError(ReportcmpError):
    """An option whose value cannot work; the message names the option and the fix."""


def check_arguments(args: argparse.Namespace, settings: Settings) -> None:
    """Raise UsageError for the first option that cannot work."""
    command = args.command
    _check_db(settings.paths.db, must_exist=command in READ_COMMANDS)
    if command in ("run", "serve") or (command == "export" and _format(args) == "xlsx"):
        _check_workbook(settings.paths.out)
    if command == "export" and _format(args) != "xlsx":
        _check_folder_target(settings.paths.out, "--out")
    if command == "ingest" and args.year is not None:   # show's YEAR: the years stored are named instead
        _check_year(args.year)
    if command in ("run", "serve") and _given(args, "inbox", "REPORTCMP_INBOX"):
        _check_inbox(settings.paths.inbox)
    if command == "evaluate" and not Path(args.labels).is_file():
        raise UsageError(f"labels file {args.labels} does not exist"
                         + (" (it is a folder)" if Path(args.labels).is_dir() else "")
                         + ": give a CSV of labels (README: Accuracy)")


def _format(args: argparse.Namespace) -> str:
    return getattr(args, "format", None) or "xlsx"


def _given(args: argparse.Namespace, name: str, env: str) -> bool:
    """Whether the user named this path (option or environment), rather than taking the default."""
    return getattr(args, name, None) is not None or bool(os.environ.get(env))


def _check_db(db: Path, *, must_exist: bool) -> None:
    if db.is_dir():
        raise UsageError(f"--db {db} is a folder: give the DuckDB file, e.g. --db {db / 'reports.duckdb'}")
    if must_exist and not db.is_file():
        raise UsageError(f"{db} does not exist: ingest reports first (reportcmp ingest PATH... --db {db})")
    parent = _first_existing(db.parent)
    if parent is not None and not parent.is_dir():
        raise UsageError(f"--db {db}: {parent} is a file, not a folder: give a path in a folder")


def _check_workbook(out: Path) -> None:
    if out.is_dir():
        raise UsageError(f"--out {out} is a folder: give the workbook's file, e.g. --out {out / 'comparison.xlsx'}")
    if out.suffix.lower() != WORKBOOK_SUFFIX:
        raise UsageError(f"--out {out}: the workbook is an Excel file and its name must end in {WORKBOOK_SUFFIX}, "
                         f"e.g. --out {out.with_suffix(WORKBOOK_SUFFIX)}"
                         + ("; for Parquet or CSV files of the views: reportcmp export --format parquet"
                            if out.suffix.lower() in (".parquet", ".csv") else ""))
    parent = _first_existing(out.parent)
    if parent is not None and not parent.is_dir():
        raise UsageError(f"--out {out}: {parent} is a file, not a folder")


def _check_folder_target(folder: Path, option: str) -> None:
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{option} {folder} is a file: --format parquet or csv writes one file per view "
                         f"into a folder, e.g. {option} {folder.with_suffix('')}-views")


def _check_year(year: int) -> None:
    last = dt.date.today().year + 1
    if not FIRST_REPORT_YEAR <= year <= last:
        raise UsageError(f"--year {year}: a report year is between {FIRST_REPORT_YEAR} and {last} "
                         f"(the year the report plans for, e.g. --year 2024 for the report delivered in early 2024)")


def _check_inbox(inbox: Path) -> None:
    if inbox.is_file():
        raise UsageError(f"--inbox {inbox} is a file: the inbox is a folder that reports are put in")
    if not inbox.exists():
        raise UsageError(f"inbox {inbox} does not exist: create it (mkdir -p {inbox}) or give an existing "
                         f"folder with --inbox DIR")


def _first_existing(path: Path) -> Path | None:
    """The nearest existing path at or above `path` (the folders a command would create start below it)."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return None
