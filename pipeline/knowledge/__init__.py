"""Knowledge an expert edits without reading Python: the CSV and word files beside this module.

Every file may document itself in lines starting with #; blank lines are skipped. These two readers
are the only way the pipeline opens them. REPORTCMP_KNOWLEDGE_DIR names a folder of edited copies:
a file found there is read instead of the one shipped here (the others are read from here).
The files are inputs of every extraction and comparison (pipeline/freshness.py: `files`).
"""
from __future__ import annotations

import csv
import os
from importlib import resources
from pathlib import Path

from reportcmp.pipeline.errors import ReportcmpError

SUFFIXES = (".csv", ".txt", ".toml")


class KnowledgeError(ReportcmpError, ValueError):
    """A knowledge file the code cannot read as written (an unknown role, an empty field, a word that
    names nothing); the message names the file and the row, so whoever edited it can fix it."""


def path(name: str):
    """Where the knowledge file `name` is read from: the folder of edited copies, else here."""
    override = os.environ.get("REPORTCMP_KNOWLEDGE_DIR")
    if override and (Path(override) / name).is_file():
        return Path(override) / name
    return resources.files(__name__).joinpath(name)


def _lines(name: str) -> list[str]:
    text = path(name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def rows(name: str) -> list[dict[str, str]]:
    """The rows of a knowledge CSV, by its header, values as written."""
    return list(csv.DictReader(_lines(name)))


def words(name: str) -> list[str]:
    """The whitespace-separated words of a knowledge word list, in file order."""
    return [word for line in _lines(name) for word in line.split()]


def files() -> dict[str, bytes]:
    """name -> bytes of every knowledge file as the readers above would read it."""
    names = {entry.name for entry in resources.files(__name__).iterdir() if entry.name.endswith(SUFFIXES)}
    override = os.environ.get("REPORTCMP_KNOWLEDGE_DIR")
    if override and Path(override).is_dir():
        names |= {entry.name for entry in Path(override).iterdir() if entry.name.endswith(SUFFIXES)}
    return {name: path(name).read_bytes() for name in sorted(names)}
