"""Analysts' corrections of the machine, kept in a CSV file that every compare run re-applies.

A correction names the statements it is about by region, year and words of their quotes, never by
internal ids, so it still applies after a report is re-ingested. Unknown actions, missing reasons
and missing fields fail loudly with the line; a correction that matches nothing is reported by the
run (out_correction_log), never silently dropped.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reportcmp.pipeline.records import STATUSES, InputError

# The fields each action needs besides `reason`.
REQUIRED_FIELDS = {
    "force_pair": ("region", "period_year", "target_quote_contains", "result_quote_contains"),
    "forbid_pair": ("region", "period_year", "target_quote_contains", "result_quote_contains"),
    "fix_value": ("region", "period_year", "value"),
    "set_status": ("region", "period_year", "status"),
    "link_program": ("region", "program_id", "program_name"),
    "unlink_program": ("region", "program_name"),
}
ACTIONS = tuple(REQUIRED_FIELDS)
PAIR_ACTIONS = ("force_pair", "forbid_pair", "fix_value", "set_status")
PROGRAM_ACTIONS = ("link_program", "unlink_program")
COLUMNS = (
    "action", "region", "period_year", "metric_key", "target_quote_contains", "result_quote_contains",
    "program_id", "program_name", "value", "status", "reason", "author", "date",
)


class CorrectionError(InputError):
    """A line of the corrections file that cannot be applied; the message names the line."""


@dataclass(frozen=True)
class Correction:
    line: int                      # line number in the file, for messages
    action: str
    reason: str
    region: str | None = None
    period_year: int | None = None
    metric_key: str | None = None
    target_quote_contains: str | None = None
    result_quote_contains: str | None = None
    program_id: str | None = None
    program_name: str | None = None
    value: float | None = None
    status: str | None = None
    author: str | None = None
    date: str | None = None

    @property
    def note(self) -> str:
        """What a corrected row shows: who changed what, and why."""
        by = f" by {self.author}" if self.author else ""
        on = f" on {self.date}" if self.date else ""
        return f"{self.action} (corrections line {self.line}{by}{on}): {self.reason}"


def _cell(row: dict, name: str) -> str | None:
    text = (row.get(name) or "").strip()
    return text or None


def parse_correction(row: dict, line: int) -> Correction:
    """One CSV row as a Correction, or CorrectionError naming the line and what is wrong."""
    action = _cell(row, "action")
    if action not in ACTIONS:
        raise CorrectionError(f"corrections line {line}: unknown action {action!r}; expected one of {', '.join(ACTIONS)}")
    reason = _cell(row, "reason")
    if reason is None:
        raise CorrectionError(f"corrections line {line}: {action} without a reason")
    missing = [name for name in REQUIRED_FIELDS[action] if _cell(row, name) is None]
    if action == "fix_value" and not (_cell(row, "target_quote_contains") or _cell(row, "result_quote_contains")):
        missing.append("target_quote_contains or result_quote_contains")
    if action == "set_status" and not (_cell(row, "target_quote_contains") or _cell(row, "metric_key")):
        missing.append("target_quote_contains or metric_key")
    if missing:
        raise CorrectionError(f"corrections line {line}: {action} needs {', '.join(missing)}")
    values: dict = {name: _cell(row, name) for name in COLUMNS if name not in ("action", "reason")}
    try:
        if values["period_year"] is not None:
            values["period_year"] = int(values["period_year"])
        if values["value"] is not None:
            values["value"] = float(values["value"])
    except ValueError as exc:
        raise CorrectionError(f"corrections line {line}: not a number: {exc}") from None
    if values["status"] is not None and values["status"] not in STATUSES:
        raise CorrectionError(
            f"corrections line {line}: unknown status {values['status']!r}; expected one of {', '.join(STATUSES)}")
    return Correction(line=line, action=action, reason=reason, **values)


def read_corrections(text: str) -> list[Correction]:
    """Corrections from CSV text: a header line, then one correction a record; # lines are
    comments. A quoted field may hold line breaks (a reason written on two lines): records are
    read by the csv module, and a line is a comment only when it starts a record."""
    kept: list[tuple[int, str]] = []            # (line number, physical line) of the records
    inside_quotes = False
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        starts_record = not inside_quotes
        if starts_record and (not line.strip() or line.lstrip().startswith("#")):
            continue
        kept.append((number, line))
        inside_quotes ^= line.count('"') % 2 == 1   # "" inside a quoted field counts twice
    if not kept:
        return []
    reader = csv.reader(line for _, line in kept)
    rows, starts, consumed = [], [], 0          # starts: the line number each record begins on
    for row in reader:
        starts.append(kept[consumed][0])
        consumed = reader.line_num
        rows.append(row)
    header, records = rows[0], rows[1:]
    unknown = [name for name in header if name not in COLUMNS]
    if unknown or "action" not in header:
        raise CorrectionError(
            f"corrections line {starts[0]}: header must name columns among {', '.join(COLUMNS)}; "
            f"unknown: {', '.join(unknown) or 'none'}")
    return [parse_correction(dict(zip(header, record)), line) for line, record in zip(starts[1:], records)]


def load_corrections(path: str | Path) -> list[Correction]:
    """The corrections file; a missing file means no corrections. It must be UTF-8 (Excel: "CSV
    UTF-8"); a file in another encoding (Excel's plain "CSV" on a Chinese Windows writes GBK) is
    named with the way to fix it, never guessed."""
    path = Path(path)
    if not path.exists():
        return []
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise CorrectionError(
            f"{path}: not UTF-8 (line {line}, byte {error.start}); save it as UTF-8, in Excel as "
            f'"CSV UTF-8 (comma delimited)"') from None
    try:
        return read_corrections(text)
    except CorrectionError as error:
        raise CorrectionError(f"{path}: {error}") from None


# ---- selecting the statements a correction is about -----------------------------------------

def region_mask(frame: pd.DataFrame, region: str | None) -> pd.Series:
    """Rows of the region, named as the report names it or by its region_key (code)."""
    if region is None:
        return pd.Series(True, index=frame.index)
    return (frame["region"] == region) | (frame["region_key"] == region)


def quote_mask(frame: pd.DataFrame, words: str | None) -> pd.Series:
    if words is None:
        return pd.Series(True, index=frame.index)
    return frame["quote"].fillna("").str.contains(words, regex=False)


def select_targets(targets: pd.DataFrame, fix: Correction) -> pd.Series:
    """Targets of period `fix.period_year` in the region that the correction names."""
    mask = region_mask(targets, fix.region) & quote_mask(targets, fix.target_quote_contains)
    if fix.period_year is not None:
        mask &= targets["target_year"] == fix.period_year
    if fix.metric_key is not None:
        mask &= targets["metric_key"] == fix.metric_key
    return mask.fillna(False).astype(bool)


def select_results(results: pd.DataFrame, fix: Correction) -> pd.Series:
    """Results about year `fix.period_year` (so in report period_year + 1) the correction names."""
    mask = region_mask(results, fix.region) & quote_mask(results, fix.result_quote_contains)
    if fix.period_year is not None:
        mask &= results["result_year"] == fix.period_year
    if fix.metric_key is not None and fix.action == "fix_value":
        mask &= results["metric_key"] == fix.metric_key
    return mask.fillna(False).astype(bool)
