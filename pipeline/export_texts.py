"""The words of the analyst's workbook, read from knowledge/workbook_texts.csv at run time.

Sheet titles and descriptions, the Cover, the status words and what each means, the Notes, what
each setting means and the headers that say more than a column's name: an editor changes them
in the file without reading Python (its header documents the keys and the {names} filled in).
"""
from __future__ import annotations

from functools import cache

from reportcmp.pipeline import knowledge
from reportcmp.pipeline.records import STATUSES

TEXTS_FILE = "workbook_texts.csv"


class MissingText(LookupError):
    """knowledge/workbook_texts.csv lacks a key the workbook needs."""


@cache
def _texts() -> dict[str, str]:
    return {row["key"]: row["text"] for row in knowledge.rows(TEXTS_FILE)}


def text(key: str, **fill) -> str:
    """The text of `key`, its {names} filled in from `fill`."""
    try:
        found = _texts()[key]
    except KeyError:
        raise MissingText(f"pipeline/knowledge/{TEXTS_FILE} has no text {key!r}") from None
    return found.format(**fill) if fill else found


def texts_under(prefix: str) -> list[tuple[str, str]]:
    """(key without the prefix, text) of every key that starts with `prefix`, in file order."""
    return [(key[len(prefix):], found) for key, found in _texts().items() if key.startswith(prefix)]


def optional(key: str) -> str | None:
    """The text of `key`, or None when the file has none (headers, settings' meanings)."""
    return _texts().get(key)


def status_words() -> dict[str, str]:
    """Each status as the workbook shows it (exceeded 超额完成), in the order of STATUSES."""
    return {status: text(f"status.{status}.word") for status in STATUSES}


def status_meaning(status: str) -> str:
    return text(f"status.{status}.meaning")


def sheet_title(sheet: str) -> str:
    return text(f"sheet.{sheet}.title")


def sheet_description(sheet: str, **fill) -> str:
    return text(f"sheet.{sheet}.description", **fill)


def sheet_contents(sheet: str) -> str:
    """The sheet's line on the Contents sheet."""
    return text(f"sheet.{sheet}.contents")


STATUS_WORDS = status_words()
