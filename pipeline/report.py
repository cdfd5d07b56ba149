"""One file in, one ProcessedReport out: the stages chained, with no database and no Prefect.

Every stage is a pure function; a file that cannot be taken raises InputError with the reason.
The file's hash and its text come from the same bytes, read once; the stages share the file's
time budget (ReadLimits.time_budget_s), checked between them and inside the readers. `extract` is
what is done again on a stored text when the knowledge files or the code change (freshness.py).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from reportcmp.pipeline import catalog, clean, extract, freshness, inputs, metadata, programs, read, segment, urls
from reportcmp.pipeline.budget import NO_DEADLINE, Deadline
from reportcmp.pipeline.config import ReadLimits
from reportcmp.pipeline.records import InputError, Metric, Paragraph, ProcessedReport, ProgramMention, ReportMeta


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def process_file(
    path: str | Path,
    *,
    region: str | None = None,
    year: int | None = None,
    limits: ReadLimits = ReadLimits(),
) -> ProcessedReport:
    """Read, clean, detect, segment and extract one report (a path, or an fsspec URL: pipeline/urls.py).
    `region`/`year` override detection. Raises InputError for a file that cannot be taken,
    inputs.FileChanging for one that changed while it was read."""
    path = str(path)
    name = urls.name_of(path) if urls.is_url(path) else Path(path)   # what the file's name tells
    deadline = Deadline(limits.time_budget_s)
    data, modified_at = inputs.read_input(path, limits)
    raw = read.read_document(name, data, limits, deadline)
    deadline.check()
    text = clean.clean_text(raw.text)
    if not text.strip():
        raise InputError("no text left after cleaning")
    deadline.check()
    meta = metadata.detect_meta(text, name, region=region, year=year)
    found = extract_report(text, meta, deadline)
    return ProcessedReport(
        path=path,
        file_sha256=sha256_bytes(data),
        raw=raw,
        clean_text=text,
        report_sha256=sha256_text(text),
        meta=meta,
        paragraphs=found.paragraphs,
        metrics=found.metrics,
        programs=found.programs,
        n_bytes=len(data),
        file_modified_at=modified_at,
        overridden=region is not None or year is not None,
        extracted_with=found.extracted_with,
    )


@dataclass(frozen=True)
class Extraction:
    """What is read from a report's stored text, and with which knowledge and code."""

    paragraphs: list[Paragraph]
    metrics: list[Metric]
    programs: list[ProgramMention]
    extracted_with: str


def extract_report(text: str, meta: ReportMeta, deadline: Deadline = NO_DEADLINE) -> Extraction:
    """Segment the stored text and read its figures and programme mentions. The region and year
    stay as detected when the file was taken: they are the report's identity."""
    extracted_with = freshness.extraction_fingerprint()
    paragraphs = segment.segment(text, meta.report_year)
    deadline.check()
    metrics = extract.extract_metrics(text, paragraphs, meta)
    deadline.check()
    mentions = programs.find_programs(text, paragraphs, meta)
    deadline.check()
    return Extraction(paragraphs, metrics, mentions, extracted_with)


def warm_up() -> None:
    """Load once what every report needs — the division list, the metric catalog, jieba's
    dictionary (~1.5 s on a first run) — so that it can happen while something else waits."""
    metadata.divisions()
    catalog.load()
    catalog.cut("新建改造5G基站")
