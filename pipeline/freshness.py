"""Whether derived outputs (comparison, workbook) are current, so a rerun with nothing new is cheap.

A fingerprint is a hash of everything a build reads: the stored reports, the corrections file, the
settings and the product's version. Equal fingerprints mean the build would change nothing.
"""
from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from pipeline import store
from pipeline.config import Settings

COMPARISON = "comparison"
WORKBOOK = "workbook"


def product_version() -> str:
    try:
        return metadata.version("reportcmp")
    except metadata.PackageNotFoundError:
        return "unknown"


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


def comparison_fingerprint(con, settings: Settings) -> str:
    parts = [
        store.reports_fingerprint(con),
        _file_hash(settings.paths.corrections),
        repr(settings.compare),
        product_version(),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def workbook_fingerprint(con, settings: Settings) -> str:
    parts = [comparison_fingerprint(con, settings), str(settings.paths.out.resolve())]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def comparison_is_current(con, settings: Settings) -> bool:
    return store.get_fingerprint(con, COMPARISON) == comparison_fingerprint(con, settings)


def workbook_is_current(con, settings: Settings) -> bool:
    return settings.paths.out.exists() and store.get_fingerprint(con, WORKBOOK) == workbook_fingerprint(
        con, settings
    )
