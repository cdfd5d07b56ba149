"""One file in, one ProcessedReport out: the stages chained, with no database and no Prefect.

Every stage is a pure function; a file that cannot be taken raises InputError with the reason.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline import catalog, clean, extract, metadata, programs, read, segment
from pipeline.records import InputError, ProcessedReport


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def process_file(
    path: str | Path,
    *,
    region: str | None = None,
    year: int | None = None,
    file_sha256: str | None = None,
) -> ProcessedReport:
    """Read, clean, detect, segment and extract one report. `region`/`year` override detection."""
    path = Path(path)
    data = path.read_bytes()
    raw = read.read_document(path, data)
    text = clean.clean_text(raw.text)
    if not text.strip():
        raise InputError("no text left after cleaning")
    meta = metadata.detect_meta(text, path, region=region, year=year)
    paragraphs = segment.segment(text, meta.report_year)
    metrics = extract.extract_metrics(text, paragraphs, meta)
    mentions = programs.find_programs(text, paragraphs, meta)
    return ProcessedReport(
        path=str(path),
        file_sha256=file_sha256 or sha256_bytes(data),
        raw=raw,
        clean_text=text,
        report_sha256=sha256_text(text),
        meta=meta,
        paragraphs=paragraphs,
        metrics=metrics,
        programs=mentions,
    )


def warm_up() -> None:
    """Load once what every report needs — the division list, the metric catalog, jieba's
    dictionary (~1.5 s on a first run) — so that it can happen while something else waits."""
    metadata.divisions()
    catalog.load()
    catalog.cut("新建改造5G基站")
