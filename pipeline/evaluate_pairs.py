"""Pair labels (… expected_status): the right final status per labeled target, as an analyst reads
`v_target_vs_result` (labels/README.md, "How a pairs file is scored"; the same rule as
../shared/labels/README.md). The common rules of labels — units, quotes, columns — are pipeline/evaluate.py.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz

from reportcmp.pipeline.evaluate import (LabelsError, _missing, _num, _pct, _text, check_label_columns, normalize_subject, normalize_text,
                               same_quantity)
from reportcmp.pipeline.records import STATUSES


# Pair labels: a product target quote overlaps the label's when they share a run of at least this
# share of the shorter quote (labels README, "How they are scored").
PAIR_QUOTE_MIN_SHARE = 0.75


@dataclass(frozen=True)
class PairEvaluation:
    labels: int
    right: int
    rows: pd.DataFrame             # one row per label: expected and product values, what differs
    confusion: pd.DataFrame        # expected_status × product status

    @property
    def accuracy(self) -> float:
        return self.right / self.labels if self.labels else math.nan


def evaluate_pairs(labels: pd.DataFrame, comparison: pd.DataFrame) -> PairEvaluation:
    """Right final status per labeled target, as an analyst reads `v_target_vs_result`.

    The product's row is found by the target (labels README "How they are scored"): same region and
    period_year, target quotes overlapping, and the same target value where the label gives one;
    among several, the closest quote wins, then the metric most like the label's, then the first in
    the report. A label without a target quote is found by metric_key.
    `not_reported` and `unverifiable` count as one (neither decides the target); a target with no
    row is wrong; rows whose note says `debatable` are left out (listed in `rows`, not scored).
    """
    check_label_columns(labels)
    unknown = sorted(set(labels["expected_status"]) - set(STATUSES))
    if unknown:
        raise LabelsError(f"unknown expected_status value(s): {', '.join(unknown)}; expected one of {', '.join(STATUSES)}")
    # Rows in the reports' order, so that of equally close rows the first statement is taken on
    # every run, whatever order the view returned them in (a tie had been decided by that order).
    order = [column for column in ("region", "period_year", "target_report_year", "target_metric_seq")
             if column in comparison]
    comparison = comparison.sort_values(order, kind="stable").reset_index(drop=True)
    if "target_quote" in comparison:
        normalized_quotes = comparison["target_quote"].map(normalize_text)
    else:
        normalized_quotes = pd.Series("", index=comparison.index)
    by_year = {key: group.index for key, group in comparison.groupby(["region", "period_year"], sort=False)}
    rows = []
    for label in labels.itertuples(index=False):
        index = by_year.get((label.region, int(label.period_year)), pd.Index([]))
        candidates = comparison.loc[index]
        rows.append(_judge_pair(label, candidates, normalized_quotes.loc[index]))
    table = pd.DataFrame(rows)
    scored = table[~table["debatable"]]
    confusion = pd.crosstab(scored["expected_status"], scored["product_status"])
    return PairEvaluation(labels=len(scored), right=int(scored["right"].sum()), rows=table, confusion=confusion)


def decides(status: object) -> str:
    """The final status as an analyst reads it: not_reported and unverifiable both leave a target
    undecided, so they are one class."""
    return "undecided" if status in ("not_reported", "unverifiable") else str(status)


def is_debatable(note: object) -> bool:
    return "debatable" in _text(note).lower()


def quote_closeness(label_quote: str, product_quote: str) -> float:
    """0 when the quotes do not overlap as the labels README defines it (one contains the other, or a
    shared run of at least three quarters of the shorter); else the share of the longer they share."""
    if not label_quote or not product_quote:
        return 0.0
    shorter, longer = sorted((label_quote, product_quote), key=len)
    if shorter in longer:
        shared = len(shorter)
    else:
        match = SequenceMatcher(None, label_quote, product_quote, autojunk=False)
        shared = match.find_longest_match(0, len(label_quote), 0, len(product_quote)).size
        if shared < PAIR_QUOTE_MIN_SHARE * len(shorter):
            return 0.0
    return shared / len(longer)


def _metric_likeness(label, row) -> float:
    """How like the label's metric (its name or key) the product row's metric name is (0–100)."""
    wanted = normalize_subject(getattr(label, "metric", None)) or normalize_subject(label.metric_key)
    name = normalize_subject(getattr(row, "metric_name", None) or getattr(row, "metric", None))
    if not wanted or not name:
        return 0.0
    return 100.0 if wanted in name or name in wanted else float(fuzz.ratio(wanted, name))


def _judge_pair(label, candidates: pd.DataFrame, normalized_quotes: pd.Series) -> dict:
    label_quote = normalize_text(getattr(label, "target_quote", None))
    base = {
        "region": label.region,
        "period_year": int(label.period_year),
        "metric": _text(getattr(label, "metric", None)) or _text(label.metric_key),
        "metric_key": label.metric_key,
        "expected_status": label.expected_status,
        "label_target": label.target_value,
        "label_result": label.result_value,
        "label_target_quote": getattr(label, "target_quote", None),
        "label_result_quote": getattr(label, "result_quote", None),
        "debatable": is_debatable(getattr(label, "note", None)),
    }
    best, best_closeness = None, (0.0, 0.0)
    for position, row in enumerate(candidates.itertuples(index=False)):
        if label_quote:
            closeness = quote_closeness(label_quote, normalized_quotes.iloc[position])
        else:
            closeness = 1.0 if _text(getattr(row, "metric_key", None)) == _text(label.metric_key) else 0.0
        if closeness == 0.0:
            continue
        label_high = getattr(label, "target_value_high", None)
        if not _missing(label.target_value) and not (
            same_quantity(label.target_value, None, row.target_value, None)
            and (_missing(label_high)   # 9%以上，力争达到10%: a label may leave the stretch goal out
                 or same_quantity(label_high, None, getattr(row, "target_value_high", None), None))
        ):
            continue
        # Among rows of one quote (a clause naming several subjects gives a row each), the one
        # whose metric is most like the label's.
        closeness = (closeness, _metric_likeness(label, row))
        if best is None or closeness > best_closeness:
            best, best_closeness = row, closeness
    if best is None:
        return base | {"product_status": "missing", "product_target": None, "product_result": None,
                       "product_target_quote": None, "product_result_quote": None, "rationale": None,
                       "result_ok": False, "right": False}
    result_ok = same_quantity(label.result_value, None, best.result_value, None)
    return base | {
        "product_status": best.status,
        "product_target": best.target_value,
        "product_result": best.result_value,
        "product_target_quote": getattr(best, "target_quote", None),
        "product_result_quote": getattr(best, "result_quote", None),
        "rationale": getattr(best, "rationale", None),
        "result_ok": result_ok,
        "right": decides(best.status) == decides(label.expected_status),
    }


def format_pairs(labels_csv: Path, evaluation: PairEvaluation) -> str:
    table = evaluation.rows
    scored = table[~table["debatable"]]
    years = f"{table['period_year'].min()}–{table['period_year'].max()}"
    left_out = int(table["debatable"].sum())
    lines = [
        f"Comparison evaluated against {labels_csv}: {len(table)} labeled targets, periods {years}, "
        f"{left_out} debatable left out",
        "a target is right when the product's row for it (found by its quote and value) has the expected "
        "final status; not_reported and unverifiable count as one; no row is wrong",
        f"right final status: {evaluation.right}/{evaluation.labels} = {_pct(evaluation.accuracy)}"
        f"   (with the labeled result value too: {int((scored['right'] & _result_agrees(scored)).sum())}"
        f"/{evaluation.labels})",
        "",
        f"{'region':<14}{'targets':>8}{'right':>7}{'share':>8}",
    ]
    for region, group in scored.groupby("region", sort=True):
        lines.append(f"{region:<14}{len(group):>8}{int(group['right'].sum()):>7}{_pct(group['right'].mean()):>8}")
    lines += [
        "",
        "expected status (rows) × product status (columns):",
        evaluation.confusion.to_string(),
        "",
        f"wrong ({int((~scored['right']).sum())}):",
    ]
    for row in scored[~scored["right"]].itertuples(index=False):
        lines.append(
            f"  {row.region} {row.period_year} {row.metric}: expected {row.expected_status} "
            f"({_num(row.label_target)} → {_num(row.label_result)}), product {row.product_status} "
            f"({_num(row.product_target)} → {_num(row.product_result)})"
        )
        lines.append(f"      label   target 「{_text(row.label_target_quote)}」 result 「{_text(row.label_result_quote)}」")
        if row.product_status == "missing":
            lines.append("      product has no row for this target")
        else:
            lines.append(f"      product target 「{_text(row.product_target_quote)}」 result 「{_text(row.product_result_quote)}」")
            lines.append(f"      rationale: {_text(row.rationale)}")
    return "\n".join(lines)


def _result_agrees(table: pd.DataFrame) -> pd.Series:
    """The product's result value is the labeled one (both empty counts as agreeing)."""
    return table["result_ok"].astype(bool)
