"""Knowledge an expert edits without reading Python: the CSV and word files beside this module.

Every file may document itself in lines starting with #; blank lines are skipped. These two readers
are the only way the pipeline opens them.
"""
from __future__ import annotations

import csv
from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def rows(name: str) -> list[dict[str, str]]:
    """The rows of a knowledge CSV, by its header, values as written."""
    return list(csv.DictReader(_lines(name)))


def words(name: str) -> list[str]:
    """The whitespace-separated words of a knowledge word list, in file order."""
    return [word for line in _lines(name) for word in line.split()]
