"""The records that pass between stages.

Each stage is a pure function from one of these to the next; `pipeline.report.process_file`
chains them for one file, and `pipeline.store` writes the result in one transaction.
Column names match the DuckDB tables in `warehouse/sql/` and the public views of CONTRACT.md.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reportcmp.pipeline.errors import ReportcmpError

LEVELS = ("national", "province", "city", "county")
# The region of the State Council's reports, as the region columns write it (CONTRACT.md).
NATIONAL_REGION = "全国"
KINDS = ("target", "result")
MEASURES = ("level", "growth", "decrease", "share", "change_pp", "rank")
COMPARATORS = (">=", "<=", "~", "=", "range")
TARGET_KINDS = ("numeric", "relative", "qualitative")
# Verdicts of v_target_vs_result (CONTRACT.md), in the order the workbook counts them.
STATUSES = ("exceeded", "met", "missed", "not_reported", "pending", "no_next_report", "unverifiable")
FILE_STATUSES = ("ingested", "duplicate", "rejected", "pending")

# What a paragraph speaks about, decided by segment.py from headings and text.
PARTS = (
    "opening",           # 各位代表… before the first part
    "review",            # review of the last year (N-1)
    "plan",              # this year's plan (N)
    "five_year_review",  # review of a five-year span (过去五年, 十四五时期)
    "five_year_plan",    # a five-year plan's targets (十五五…)
    "self_building",     # 政府自身建设
    "notes",             # a glossary or footnotes after the report (名词解释): no statements
    "other",
)


class InputError(ReportcmpError):
    """A file that cannot be taken as a report; the message is the reason shown to the user."""


@dataclass(frozen=True)
class RawDocument:
    """A file read as text, before cleaning."""

    path: str
    text: str
    source_format: str          # txt | docx | html | pdf
    encoding: str | None = None  # for .txt/.html: the encoding the bytes were decoded with
    n_replacement_chars: int = 0  # damaged characters (U+FFFD) in the text, tolerated up to a share


@dataclass(frozen=True)
class ReportMeta:
    region: str                  # official name as the report's region: 全国, 德州市, 清苑区
    region_code: str | None      # 6-digit division code where known (全国: 100000)
    level: str                   # one of LEVELS
    report_year: int             # the plan year
    delivered_on: dt.date | None = None
    title: str | None = None
    detected_by: str = ""        # a short account of the evidence, for the analyst

    @property
    def region_key(self) -> str:
        """Ties one region across years and renamings (清苑县 → 清苑区)."""
        return self.region_code or self.region


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the cleaned text, with the period it speaks about."""

    paragraph: int               # 0-based order in the report
    char_start: int
    char_end: int
    part: str                    # one of PARTS
    period_start: int | None     # the year span the paragraph's figures are about by default
    period_end: int | None
    heading: str | None = None   # the part / subsection heading it sits under


@dataclass
class Metric:
    """One quantitative or tracked statement; `v_metrics` is these plus the report's columns."""

    kind: str                    # target | result
    period_year: int | None      # the single year the figure is about (NULL for spans)
    period_start: int | None
    period_end: int | None
    metric_key: str
    metric_name: str
    subject: str                 # the noun phrase as written (规上工业增加值)
    measure: str                 # one of MEASURES
    value: float | None
    value_high: float | None
    unit: str | None             # as written: %, 万个, 亿元, 个百分点
    value_base: float | None
    base_unit: str | None
    qualifier: str | None        # words as written: 力争, 以上, 左右
    comparator: str | None       # >=, <=, ~, =, range
    target_kind: str | None      # numeric | relative | qualitative (NULL for results)
    reference_metric_key: str | None
    paragraph: int
    quote: str
    char_start: int
    char_end: int
    # A figureless target's promise as written (稳中有增, 完成省定目标, 与经济增长同步, 高于全国平均
    # 水平): what a later report can decide it by (pipeline/predicates.py). NULL for figures.
    predicate: str | None = None


@dataclass(frozen=True)
class ProgramMention:
    """A named project or programme mentioned in one report, with the stage the report gives it."""

    program_name: str            # as written: 鲁北大数据中心
    program_key: str             # normalized name used for linking across years
    stage: str | None            # from knowledge/stages.csv: 谋划, 开工, 建成, …
    paragraph: int
    quote: str
    char_start: int
    char_end: int
    evidence: str = "suffix"     # how it was found: known | suffix | facility | quoted | listed | context (programs.EVIDENCE)


@dataclass
class ProcessedReport:
    """Everything one file yields; stored whole or not at all."""

    path: str
    file_sha256: str
    raw: RawDocument
    clean_text: str
    report_sha256: str           # sha256 of clean_text
    meta: ReportMeta
    paragraphs: list[Paragraph] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    programs: list[ProgramMention] = field(default_factory=list)
    n_bytes: int | None = None                    # of the bytes read
    file_modified_at: dt.datetime | None = None   # the file's time when read: the newer version wins
    overridden: bool = False                      # region or year given by the user (--region/--year)
    extracted_with: str | None = None             # the knowledge and code it was extracted with (freshness.py)
