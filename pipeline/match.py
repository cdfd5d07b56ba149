"""Pairing each target with the statement that reports on it, by named rules in order.

Rules, each recorded as `match_rule` with a `match_score` (0–100):
1. `correction`: a pair an analyst forced in the corrections file.
2. `metric_key`: same catalog key and same measure family; among several results the single-year
   statement of the review wins over five-year summaries, then the first mention.
3. `fuzzy`: the long tail. Only results in the same block (region and period) with the same measure
   family and unit dimension are candidates; subjects are normalised through aliases
   (规上 = 规模以上), cut by jieba and scored in batch with rapidfuzz `process.cdist`. Scores alone
   cannot tell 地区生产总值 from 地区生产总值能耗 (100) or 收入 from 支出, so the head noun (last
   token) must agree. Scores between fuzzy_review and fuzzy_accept go to the review queue instead.

The caller decides what a block is (target vs result: region and year N; ambition: one report);
this module only pairs within blocks, so each rule lives here once.
"""
from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import jieba
import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from pipeline.config import CompareSettings

jieba.setLogLevel(logging.WARNING)

# growth and decrease are one quantity with opposite signs (能耗下降3% = 能耗增长-3%).
MEASURE_FAMILY = {"growth": "change", "decrease": "change"}
REVIEW_PART = {False: "review", True: "five_year_review"}
PAIR_COLUMNS = ["target_sid", "result_sid", "match_rule", "match_score"]
REVIEW_COLUMNS = ["target_sid", "result_sid", "match_score", "reason"]


def _knowledge(name: str):
    return resources.files("pipeline") / "knowledge" / name


def _csv_rows(name: str) -> list[dict]:
    text = _knowledge(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


@lru_cache(maxsize=1)
def subject_aliases() -> tuple[tuple[str, str], ...]:
    """(written, normalized) pairs, longest written form first so compounds win."""
    pairs = [(row["written"], row["normalized"] or "") for row in _csv_rows("subject_aliases.csv")]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    # A private tokenizer: our domain words must not change how other stages cut text.
    tokenizer = jieba.Tokenizer()
    for word in _knowledge("match_words.txt").read_text(encoding="utf-8").split():
        tokenizer.add_word(word)
    return tokenizer


def normalize_subject(subject: str) -> str:
    """The subject with alias spellings replaced (规上 → 规模以上) and scope words dropped."""
    text = subject or ""
    for written, normalized in subject_aliases():
        if written in text:
            text = text.replace(written, normalized)
    return text.strip() or (subject or "")


@lru_cache(maxsize=65536)
def subject_tokens(subject: str) -> tuple[str, ...]:
    """jieba tokens of the normalised subject, without spaces and punctuation."""
    words = _tokenizer().lcut(normalize_subject(subject))
    return tuple(w for w in words if w.strip() and (w.isalnum() or not w.isascii()))


def head_noun(subject: str) -> str:
    """The last token: what the statement counts (生产总值, 能耗, 收入, 支出, 中心)."""
    tokens = subject_tokens(subject)
    return tokens[-1] if tokens else ""


def token_string(subject: str) -> str:
    """Tokens joined by spaces: rapidfuzz's token scorers split on spaces only."""
    return " ".join(subject_tokens(subject))


def measure_family(measure: str | None) -> str:
    return MEASURE_FAMILY.get(measure or "", measure or "")


def unit_dimension(unit: str | None, base_unit: str | None) -> str:
    """What the value counts: the base unit (万个 and 个 are one dimension), else the unit."""
    return (base_unit or unit or "").strip()


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the columns pairing needs: family, dimension, is_span, matching subject."""
    frame = frame.copy()
    frame["family"] = [measure_family(m) for m in frame["measure"]]
    frame["dimension"] = [unit_dimension(u, b) for u, b in zip(frame["unit"], frame["base_unit"])]
    frame["is_span"] = frame["period_year"].isna()
    subjects = frame["subject"].fillna("").astype(object)
    names = frame["metric_name"].fillna("").astype(object)
    frame["match_subject"] = [s or n for s, n in zip(subjects, names)]
    return frame


@dataclass
class Pairing:
    pairs: pd.DataFrame      # target_sid, result_sid, match_rule, match_score
    review: pd.DataFrame     # target_sid, result_sid, match_score, reason: low-confidence candidates
    nearest: pd.DataFrame    # target_sid, result_sid, match_score: best unguarded candidate


def _without(frame: pd.DataFrame, forbidden: frozenset) -> pd.DataFrame:
    if not forbidden or frame.empty:
        return frame
    keep = [(t, r) not in forbidden for t, r in zip(frame["target_sid"], frame["result_sid"])]
    return frame[np.array(keep, dtype=bool)]


def pair_by_metric_key(targets: pd.DataFrame, results: pd.DataFrame, forbidden: frozenset) -> pd.DataFrame:
    """Same block, key and measure family; rank the candidates and keep the first."""
    left = targets[["sid", "block", "metric_key", "family", "dimension", "is_span"]]
    right = results[["sid", "block", "metric_key", "family", "dimension", "is_span", "part", "metric_seq"]]
    merged = left.merge(right, on=["block", "metric_key", "family"], suffixes=("_t", "_r"))
    merged = merged.rename(columns={"sid_t": "target_sid", "sid_r": "result_sid"})
    merged = _without(merged, forbidden)
    if merged.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    merged = merged.assign(
        dimension_differs=(merged["dimension_t"] != merged["dimension_r"]),
        span_differs=(merged["is_span_t"] != merged["is_span_r"]),
        not_review_part=[part != REVIEW_PART[bool(span)] for part, span in zip(merged["part"], merged["is_span_t"])],
    )
    ranked = merged.sort_values(["target_sid", "dimension_differs", "span_differs", "not_review_part", "metric_seq"])
    best = ranked.drop_duplicates("target_sid")
    return best.assign(match_rule="metric_key", match_score=100.0)[PAIR_COLUMNS]


def score_block(target_subjects: list[str], result_subjects: list[str], scorer_name: str) -> np.ndarray:
    """Similarity of every target subject to every result subject of one block (0–100)."""
    scorer = getattr(fuzz, scorer_name)
    return process.cdist(
        [token_string(s) for s in target_subjects], [token_string(s) for s in result_subjects],
        scorer=scorer, dtype=np.float32, workers=1,
    )


def pair_by_fuzzy(
    targets: pd.DataFrame, results: pd.DataFrame, settings: CompareSettings, forbidden: frozenset
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Fuzzy pairs, review candidates and each target's nearest statement, block by block."""
    pairs, review, nearest = [], [], []
    results_by_block = {block: group for block, group in results.groupby("block", sort=False)}
    for block, block_targets in targets.groupby("block", sort=False):
        block_results = results_by_block.get(block)
        if block_results is None or block_results.empty:
            continue
        scores = score_block(list(block_targets["match_subject"]), list(block_results["match_subject"]),
                             settings.fuzzy_scorer)
        t_sids, r_sids = list(block_targets["sid"]), list(block_results["sid"])
        for i, j in ((i, j) for i, t in enumerate(t_sids) for j, r in enumerate(r_sids) if (t, r) in forbidden):
            scores[i, j] = -1
        t_heads = np.array([head_noun(s) for s in block_targets["match_subject"]], dtype=object)
        r_heads = np.array([head_noun(s) for s in block_results["match_subject"]], dtype=object)
        guard = (
            (block_targets["family"].to_numpy(dtype=object)[:, None] == block_results["family"].to_numpy(dtype=object)[None, :])
            & (block_targets["dimension"].to_numpy(dtype=object)[:, None] == block_results["dimension"].to_numpy(dtype=object)[None, :])
            & (t_heads[:, None] == r_heads[None, :])
        )
        guarded = np.where(guard, scores, -1)
        best_guarded = guarded.argmax(axis=1)
        best_any = scores.argmax(axis=1)
        for i, t_sid in enumerate(t_sids):
            j = best_guarded[i]
            score = float(guarded[i, j])
            if score >= settings.fuzzy_accept:
                pairs.append((t_sid, r_sids[j], "fuzzy", round(score, 1)))
            elif score >= settings.fuzzy_review:
                review.append((t_sid, r_sids[j], round(score, 1), "fuzzy score below fuzzy_accept"))
            k = best_any[i]
            if scores[i, k] >= settings.fuzzy_review:
                nearest.append((t_sid, r_sids[k], round(float(scores[i, k]), 1)))
    return (
        pd.DataFrame(pairs, columns=PAIR_COLUMNS),
        pd.DataFrame(review, columns=REVIEW_COLUMNS),
        pd.DataFrame(nearest, columns=["target_sid", "result_sid", "match_score"]),
    )


def pair_statements(
    targets: pd.DataFrame,
    results: pd.DataFrame,
    settings: CompareSettings,
    forced: list[tuple[str, str]] = (),
    forbidden: frozenset = frozenset(),
) -> Pairing:
    """Pair each target (columns of v_metrics + sid, block) with at most one result of its block.

    `forced` pairs (target_sid, result_sid) come from corrections and win; `forbidden` pairs are
    never made, so the next candidate takes their place.
    """
    targets, results = prepare(targets), prepare(results)
    forced_frame = pd.DataFrame([(t, r, "correction", 100.0) for t, r in forced], columns=PAIR_COLUMNS)
    forced_frame = forced_frame.drop_duplicates("target_sid")
    open_targets = targets[~targets["sid"].isin(forced_frame["target_sid"])]
    by_key = pair_by_metric_key(open_targets, results, forbidden)
    open_targets = open_targets[~open_targets["sid"].isin(by_key["target_sid"])]
    by_fuzzy, review, nearest = pair_by_fuzzy(open_targets, results, settings, forbidden)
    pairs = pd.concat([f for f in (forced_frame, by_key, by_fuzzy) if not f.empty] or [forced_frame],
                      ignore_index=True)
    return Pairing(pairs=pairs, review=review, nearest=nearest)
