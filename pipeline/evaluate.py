"""Measure the product against hand-labeled statements (`labels/*.csv`, see labels/README.md).

Two kinds of label file, told apart by their columns:
- extraction labels (region, report_year, kind, subject, value, unit, qualifier, quote, …): one row
  per quantitative statement of a report; scored by precision and recall against `v_metrics`;
- pair labels (… expected_status): one row per headline target with the result a year later;
  scored by agreement with `v_target_vs_result`.

When a label counts as found (one rule, used everywhere; labels/README.md repeats it):
an extracted row of the same region, report_year and kind whose
1. value (and value_high) is the same quantity: equal after converting both units to their base
   (3.65 万个 == 36500 个; % and 个百分点 are different units and never equal);
2. bound is the same: equal comparators when both rows give one, else the same set of qualifier words;
3. subject matches: after stripping spaces and punctuation, one contains the other, or
   rapidfuzz partial_ratio >= SUBJECT_MIN_SCORE (规上工业增加值 vs 规模以上工业增加值 = 92);
4. quote overlaps: after the same normalisation one quote contains the other, or they share a run
   of at least QUOTE_MIN_SHARED characters (a clause cut differently around the same figure).
Each extracted row matches at most one label: candidate pairs are taken greedily, best subject
score first, then in label order.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reportcmp.pipeline.errors import ReportcmpError
from reportcmp.pipeline.evaluate_match import (  # noqa: F401 - the matching rules, importable from here as before
    QUOTE_MIN_SHARED, SUBJECT_MIN_SCORE, _is_invisible, _missing, _text, label_thing_tokens, names_label_thing,
    normalize_subject, normalize_text, qualifier_words, quotes_overlap, same_bound, same_quantity, split_unit,
    subject_score)



class LabelsError(ReportcmpError):
    """A labels file that cannot be scored: the message names the file, the line and what is wrong."""

EXTRACTION_REQUIRED = ("region", "report_year", "kind", "subject", "value", "unit", "qualifier", "quote")
EXTRACTION_OPTIONAL = ("period_year", "measure", "value_high", "comparator", "target_kind", "note")
PAIRS_REQUIRED = ("region", "period_year", "metric_key", "target_value", "result_value", "expected_status")
PAIRS_OPTIONAL = (
    "metric", "target_value_high", "target_unit", "target_qualifier", "target_quote",
    "result_unit", "result_quote", "note",
)

# Where extraction rows and labels list misses, show this many lines in the printed report.
REPORT_LIST_LIMIT = 40


@dataclass(frozen=True)
class Score:
    labels: int
    extracted: int            # extracted rows inside the labeled scope
    found: int                # labels matched (== extracted rows matched: the matching is one-to-one)

    @property
    def precision(self) -> float:
        return self.found / self.extracted if self.extracted else math.nan

    @property
    def recall(self) -> float:
        return self.found / self.labels if self.labels else math.nan


@dataclass(frozen=True)
class EvaluationResult:
    overall: Score
    by_kind: dict[str, Score]
    matches: pd.DataFrame          # label_row, extracted_row, subject_score, and both quotes
    misses: pd.DataFrame           # labels with no extracted row
    false_positives: pd.DataFrame  # extracted rows in scope that match no label
    agreement: dict[str, float]    # among matches: share agreeing on period_year, measure, …


# ---------------------------------------------------------------- extraction

def check_label_columns(labels: pd.DataFrame) -> str:
    """'extraction' or 'pairs', by the columns; anything unknown or missing is a LabelsError."""
    columns = set(labels.columns)
    if "expected_status" in columns:
        mode, required, optional = "pairs", PAIRS_REQUIRED, PAIRS_OPTIONAL
    else:
        mode, required, optional = "extraction", EXTRACTION_REQUIRED, EXTRACTION_OPTIONAL
    missing = [c for c in required if c not in columns]
    if missing:
        raise LabelsError(f"{mode} labels lack column(s) {', '.join(missing)}; expected at least {', '.join(required)}")
    unknown = sorted(columns - set(required) - set(optional))
    if unknown:
        raise LabelsError(f"unknown column(s) in {mode} labels: {', '.join(unknown)}")
    return mode


def in_scope(extracted: pd.DataFrame, labels: pd.DataFrame, scope: pd.DataFrame | None) -> pd.Series:
    """Extracted rows that lie where the labels are complete.

    Without `scope`, every row of a report that has labels. With `scope` (region, report_year,
    char_start, char_end; empty bounds = the whole report), only rows starting inside a range.
    """
    labeled_reports = set(zip(labels["region"], labels["report_year"].astype(int)))
    reports = list(zip(extracted["region"], extracted["report_year"].astype(int)))
    if scope is None or scope.empty:
        return pd.Series([r in labeled_reports for r in reports], index=extracted.index, dtype=bool)
    ranges: dict[tuple[str, int], list[tuple[float, float]]] = {}
    for row in scope.itertuples(index=False):
        start = -math.inf if _missing(row.char_start) else float(row.char_start)
        end = math.inf if _missing(row.char_end) else float(row.char_end)
        ranges.setdefault((row.region, int(row.report_year)), []).append((start, end))
    starts = extracted["char_start"] if "char_start" in extracted else pd.Series(math.nan, index=extracted.index)
    inside = []
    for report, start in zip(reports, starts):
        if report not in ranges:
            inside.append(False)
        elif _missing(start):
            inside.append(True)  # a row without offsets cannot be placed; it is judged, not hidden
        else:
            inside.append(any(lo <= float(start) < hi for lo, hi in ranges[report]))
    return pd.Series(inside, index=extracted.index, dtype=bool)


def candidate_pairs(labels: pd.DataFrame, extracted: pd.DataFrame) -> list[tuple[float, int, int]]:
    """(subject score, label index, extracted index) for every pair that passes all four rules."""
    pairs = []
    by_report = {key: group for key, group in extracted.groupby(["region", "report_year", "kind"], sort=False)}
    for label_index, label in labels.iterrows():
        group = by_report.get((label["region"], int(label["report_year"]), label["kind"]))
        if group is None:
            continue
        for extracted_index, row in group.iterrows():
            if not same_quantity(label["value"], label["unit"], row["value"], row.get("unit")):
                continue
            if not same_quantity(label.get("value_high"), label["unit"], row.get("value_high"), row.get("unit")):
                continue
            if not same_bound(label, row):
                continue
            score = subject_score(label["subject"], row.get("subject"))
            if score < SUBJECT_MIN_SCORE or not quotes_overlap(label["quote"], row.get("quote")):
                continue
            pairs.append((score, label_index, extracted_index))
    return pairs


def match_one_to_one(pairs: list[tuple[float, int, int]], label_order: list[int]) -> list[tuple[float, int, int]]:
    """Greedy: best score first, ties in label order; each label and each extracted row used once."""
    position = {index: n for n, index in enumerate(label_order)}
    chosen, used_labels, used_rows = [], set(), set()
    for score, label_index, row_index in sorted(pairs, key=lambda p: (-p[0], position[p[1]], p[2])):
        if label_index in used_labels or row_index in used_rows:
            continue
        chosen.append((score, label_index, row_index))
        used_labels.add(label_index)
        used_rows.add(row_index)
    return chosen


def evaluate_extraction(
    labels: pd.DataFrame, extracted: pd.DataFrame, scope: pd.DataFrame | None = None
) -> EvaluationResult:
    """Precision and recall of `extracted` (v_metrics columns) against `labels`, per kind and overall."""
    check_label_columns(labels)
    labels = labels.reset_index(drop=True)
    extracted = extracted.reset_index(drop=True)
    scoped = extracted[in_scope(extracted, labels, scope)]
    chosen = match_one_to_one(candidate_pairs(labels, scoped), list(labels.index))
    matched_labels = {label_index for _, label_index, _ in chosen}
    matched_rows = {row_index for _, _, row_index in chosen}

    def score_of(kind: str | None) -> Score:
        label_mask = labels["kind"] == kind if kind else pd.Series(True, index=labels.index)
        row_mask = scoped["kind"] == kind if kind else pd.Series(True, index=scoped.index)
        found = sum(1 for i in labels.index[label_mask] if i in matched_labels)
        return Score(labels=int(label_mask.sum()), extracted=int(row_mask.sum()), found=found)

    matches = pd.DataFrame(
        [
            {
                "label_row": label_index,
                "extracted_row": row_index,
                "subject_score": score,
                "label_quote": labels.at[label_index, "quote"],
                "extracted_quote": scoped.at[row_index, "quote"],
            }
            for score, label_index, row_index in chosen
        ],
        columns=["label_row", "extracted_row", "subject_score", "label_quote", "extracted_quote"],
    )
    return EvaluationResult(
        overall=score_of(None),
        by_kind={kind: score_of(kind) for kind in ("result", "target")},
        matches=matches,
        misses=labels.loc[[i for i in labels.index if i not in matched_labels]],
        false_positives=scoped.loc[[i for i in scoped.index if i not in matched_rows]],
        agreement=_agreement(labels, scoped, chosen),
    )


def _agreement(labels: pd.DataFrame, extracted: pd.DataFrame, chosen) -> dict[str, float]:
    """Among found labels, the share whose other columns agree too (these do not decide a match)."""
    agreement = {}
    for column in ("period_year", "measure", "target_kind"):
        if column not in labels or column not in extracted or not chosen:
            continue
        same = sum(
            _text(labels.at[label_index, column]) == _text(extracted.at[row_index, column])
            for _, label_index, row_index in chosen
        )
        agreement[column] = same / len(chosen)
    return agreement


# ---------------------------------------------------------------- pairs


# ---------------------------------------------------------------- files and the database

def read_labels(path: Path) -> pd.DataFrame:
    """A label CSV with numbers as numbers; a bad number names its line."""
    path = Path(path)
    if not path.is_file():
        raise LabelsError(f"label file not found: {path}")
    labels = pd.read_csv(path, dtype=str, keep_default_na=False)
    if labels.empty:
        raise LabelsError(f"label file has no rows: {path}")
    mode = check_label_columns(labels)
    numeric = (
        ("report_year", "value", "value_high", "period_year")
        if mode == "extraction"
        else ("period_year", "target_value", "target_value_high", "result_value")
    )
    for column in numeric:
        if column not in labels:
            continue
        parsed = pd.to_numeric(labels[column].replace("", None), errors="coerce")
        bad = labels.index[parsed.isna() & (labels[column] != "")]
        if len(bad):
            line = int(bad[0]) + 2  # header is line 1
            raise LabelsError(f"{path.name} line {line}: {column} is not a number: {labels.at[bad[0], column]!r}")
        labels[column] = parsed
    labels = labels.replace("", None)
    for column in ("report_year", "period_year"):
        if column in labels and labels[column].notna().all():
            labels[column] = labels[column].astype(int)
    return labels


def run_evaluation(labels_csv: Path, con) -> str:
    """Evaluate one label file against the database on `con`; returns the printable report."""
    labels_csv = Path(labels_csv)
    from reportcmp.pipeline import evaluate_programs   # programme labels (a `spellings` column) are scored there
    if labels_csv.is_file() and evaluate_programs.is_program_labels(labels_csv):
        return evaluate_programs.run(labels_csv, con)
    labels = read_labels(labels_csv)
    if check_label_columns(labels) == "pairs":
        from reportcmp.pipeline.evaluate_pairs import evaluate_pairs, format_pairs

        comparison = con.sql("SELECT * FROM v_target_vs_result").df()
        return format_pairs(labels_csv, evaluate_pairs(labels, comparison))

    wanted = sorted(set(zip(labels["region"], labels["report_year"])))
    reports = con.sql("SELECT region, report_year, report_sha256 FROM core_reports").df()
    stored = {(r.region, int(r.report_year)): r.report_sha256 for r in reports.itertuples(index=False)}
    missing = [f"{region} {year}" for region, year in wanted if (region, year) not in stored]
    if missing:
        raise LabelsError(f"report(s) not ingested, cannot evaluate {labels_csv.name}: {', '.join(missing)}")
    extracted = con.sql("SELECT * FROM v_metrics").df()
    from reportcmp.pipeline.evaluate_scope import read_scope, resolve_scope   # imports this module's LabelsError
    scope = read_scope(labels_csv.parent / "scope.csv", labels_csv.name)
    if scope is not None:
        texts = {
            key: con.execute("SELECT clean_text FROM core_reports WHERE report_sha256 = ?", [stored[key]]).fetchone()[0]
            for key in set(zip(scope["region"], scope["report_year"]))
        }
        scope = resolve_scope(scope, texts)
    result = evaluate_extraction(labels, extracted, scope)
    return format_extraction(labels_csv, labels, scope, result)


# ---------------------------------------------------------------- printing

def format_extraction(labels_csv: Path, labels: pd.DataFrame, scope, result: EvaluationResult) -> str:
    covered = ", ".join(f"{r} {y}" for r, y in sorted(set(zip(labels["region"], labels["report_year"]))))
    lines = [
        f"Extraction evaluated against {labels_csv} ({len(labels)} labels)",
        f"reports covered: {covered}",
        "scope of precision: " + ("labeled ranges from scope.csv" if scope is not None else "whole reports"),
        "",
        f"{'kind':<8}{'labels':>8}{'extracted':>11}{'found':>7}{'precision':>11}{'recall':>8}",
    ]
    for name, score in [*result.by_kind.items(), ("all", result.overall)]:
        lines.append(
            f"{name:<8}{score.labels:>8}{score.extracted:>11}{score.found:>7}"
            f"{_pct(score.precision):>11}{_pct(score.recall):>8}"
        )
    if result.agreement:
        lines.append("among found, also agreeing: " + ", ".join(f"{k} {_pct(v)}" for k, v in result.agreement.items()))
    lines += ["", f"misses ({len(result.misses)}): labels with no extracted row"]
    for row in result.misses.head(REPORT_LIST_LIMIT).itertuples(index=False):
        lines.append(f"  {row.kind:<6} {row.subject} = {_num(row.value)}{row.unit or ''}  「{row.quote}」")
    lines += ["", f"false positives ({len(result.false_positives)}): extracted rows matching no label"]
    for row in result.false_positives.head(REPORT_LIST_LIMIT).itertuples(index=False):
        lines.append(f"  {row.kind:<6} {row.subject} = {_num(row.value)}{row.unit or ''}  「{row.quote}」")
    return "\n".join(lines)


def _pct(x: float) -> str:
    return "n/a" if _missing(x) else f"{100 * x:.1f}%"


def _num(x) -> str:
    return "—" if _missing(x) else f"{float(x):g}"
