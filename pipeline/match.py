"""Pairing each target with the statement that reports on it, by named rules in order.

Rules, each recorded as `match_rule` with a `match_score` (0–100):
1. `correction`: a pair an analyst forced in the corrections file.
2. `metric_key`: same catalog key and same measure family; among several results the one of the
   review part wins, then the first mention.
3. `fuzzy`: the long tail. Only results in the same block (region and period) with the same measure
   family and unit dimension are candidates; subjects are normalised through aliases
   (规上 = 规模以上), cut by jieba and scored in batch with rapidfuzz `process.cdist`. Scores alone
   cannot tell 地区生产总值 from 地区生产总值能耗 (100) or 收入 from 支出, so the head noun (last
   token) must agree. Scores between fuzzy_review and fuzzy_accept go to the review queue instead.

Guards before any rule: a single-year statement and a span statement (period_start/period_end, a
five-year review or plan) never pair, whatever their keys: a five-year growth of 65.5% is not last
year's growth, and a five-year average target is not judged by one year. Statements that name no
particular thing never pair at all: the extraction's unnamed keys (lt:unnamed, lt?:…) and long-tail
names made only of generic words (knowledge/generic_subjects.txt: 项目, 投资, 企业). A count of new items and a
total (新增…110家, …达1432家: knowledge/tally_words.csv) never pair by the key or the fuzzy rule.

The caller decides what a block is (target vs result: region and year N; ambition: one report);
this module only pairs within blocks, so each rule lives here once.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

import jieba
import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from reportcmp.pipeline import catalog, knowledge
from reportcmp.pipeline.config import CompareSettings
from reportcmp.pipeline.grammar import LIST_BREAK, own_clause

jieba.setLogLevel(logging.WARNING)

# growth and decrease are one quantity with opposite signs (能耗下降3% = 能耗增长-3%).
MEASURE_FAMILY = {"growth": "change", "decrease": "change"}
REVIEW_PART = {False: "review", True: "five_year_review"}
UNNAMED_KEYS = ("lt:unnamed", "", None)
# The extraction marks a statement whose subject is empty or generic with this prefix: never paired.
UNPAIRABLE_PREFIX = "lt?:"
LONG_TAIL_PREFIX = "lt:"
# Under a generic head noun (投产项目, 跨境电商企业) token_set_ratio scores a bare 项目 as 100: weigh
# the whole subject instead.
GENERIC_HEAD_SCORER = "token_sort_ratio"
PAIR_COLUMNS = ["target_sid", "result_sid", "match_rule", "match_score"]
REVIEW_COLUMNS = ["target_sid", "result_sid", "match_score", "reason", "paired"]


@lru_cache(maxsize=1)
def subject_aliases() -> tuple[tuple[str, str], ...]:
    """(written, normalized) pairs, longest written form first so compounds win."""
    pairs = [(row["written"], row["normalized"] or "") for row in knowledge.rows("subject_aliases.csv")]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def _tokenizer() -> jieba.Tokenizer:
    # The catalog's tokenizer: one dictionary load per process, and the same domain words
    # (knowledge/userdict.txt) for the keys extraction builds and the pairs matched here.
    return catalog.tokenizer()


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


def is_catalog_key(metric_key: str | None) -> bool:
    """A key of the metric catalog, as opposed to a long-tail key built from the subject (lt:…)."""
    return bool(metric_key) and not str(metric_key).startswith("lt:")


@lru_cache(maxsize=65536)
def is_generic_name(name: str) -> bool:
    """True when a long-tail name is made only of generic words (项目, 总投资, 资金)."""
    if not name:
        return True
    if name in catalog.generic_words():
        return True
    return all(token in catalog.generic_words() for token in subject_tokens(name))


def is_unnamed(metric_key: str | None) -> bool:
    """A statement whose key names no particular thing: it must never pair."""
    if metric_key is None or metric_key in UNNAMED_KEYS or (isinstance(metric_key, float) and metric_key != metric_key):
        return True
    key = str(metric_key)
    if key.startswith(UNPAIRABLE_PREFIX):
        return True
    return key.startswith(LONG_TAIL_PREFIX) and is_generic_name(key[len(LONG_TAIL_PREFIX):])


def measure_family(measure: str | None) -> str:
    return MEASURE_FAMILY.get(measure or "", measure or "")


def unit_dimension(unit: str | None, base_unit: str | None) -> str:
    """What the value counts: the base unit (万个 and 个 are one dimension), else the unit."""
    return (base_unit or unit or "").strip()


@lru_cache(maxsize=1)
def _tally_words() -> dict[str, tuple[str, ...]]:
    rows = knowledge.rows("tally_words.csv")
    return {role: tuple(r["word"] for r in rows if r["role"] == role) for role in ("added", "total", "not_tally")}


def tally(measure: str | None, quote: str | None) -> str:
    """What a level statement counts (knowledge/tally_words.csv): `added` in the year (新增规上工业企业110家),
    `total` (规上工业企业达1432家), or "" when its own clause says neither; other measures "". Words that hold a
    tally word and say none (创新发展, 省下达) are taken out first."""
    if measure != "level" or not quote:
        return ""
    words = _tally_words()
    clause = own_clause(quote)
    for word in words["not_tally"]:
        clause = clause.replace(word, "|")
    return "added" if any(w in clause for w in words["added"]) else \
        "total" if any(w in clause for w in words["total"]) else ""


def tallies_differ(a: str, b: str) -> bool:
    """A count of new items and a total: neither is the other's result."""
    return {a, b} == {"added", "total"}


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the columns pairing needs: family, dimension, is_span, matching subject, tally."""
    frame = frame.copy()
    quotes = frame["quote"] if "quote" in frame else [None] * len(frame)
    frame["tally"] = [tally(m, q) for m, q in zip(frame["measure"], quotes)]
    frame["family"] = [measure_family(m) for m in frame["measure"]]
    frame["dimension"] = [unit_dimension(u, b) for u, b in zip(frame["unit"], frame["base_unit"])]
    frame["is_span"] = frame["period_year"].isna()
    subjects = frame["subject"].fillna("").astype(object)
    names = frame["metric_name"].fillna("").astype(object)
    frame["match_subject"] = [s or n for s, n in zip(subjects, names)]
    frame["head"] = [head_noun(s) for s in frame["match_subject"]]
    if "target_kind" not in frame:
        frame["target_kind"] = None
    return frame


@dataclass
class Pairing:
    pairs: pd.DataFrame      # target_sid, result_sid, match_rule, match_score
    review: pd.DataFrame     # target_sid, result_sid, match_score, reason: low-confidence candidates
    nearest: pd.DataFrame    # target_sid, result_sid, match_score: best unguarded candidate of
                             # the targets left unpaired that are qualitative


def _without(frame: pd.DataFrame, forbidden: frozenset) -> pd.DataFrame:
    if not forbidden or frame.empty:
        return frame
    keep = [(t, r) not in forbidden for t, r in zip(frame["target_sid"], frame["result_sid"])]
    return frame[np.array(keep, dtype=bool)]


def pair_by_metric_key(candidates: pd.DataFrame, open_targets: set, forbidden: frozenset,
                       tallies: dict[str, str] | None = None) -> pd.DataFrame:
    """Rule metric_key: for each open target, the best of its candidates (the SQL model
    int_key_candidates ranks them) that an analyst has not forbidden and that counts what it counts
    (`tallies`: sid -> tally; a count of new items is no total)."""
    pairs, done = [], set()
    tallies = tallies or {}
    for target_sid, result_sid in zip(candidates["target_sid"].tolist(), candidates["result_sid"].tolist()):
        if target_sid in done or target_sid not in open_targets or (target_sid, result_sid) in forbidden \
                or tallies_differ(tallies.get(target_sid, ""), tallies.get(result_sid, "")):
            continue
        done.add(target_sid)
        pairs.append((target_sid, result_sid, "metric_key", 100.0))
    return pd.DataFrame(pairs, columns=PAIR_COLUMNS)


KEY_CANDIDATE_COLUMNS = ["comparison", "block", "sid", "metric_key", "family", "is_span", "dimension", "pairable"]


def key_candidates_of(targets: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """Rule metric_key's candidates for target and result frames outside the warehouse, by the SQL of
    the model int_key_candidates itself (one rule, one place)."""
    import duckdb

    from reportcmp.pipeline import warehouse

    model = dict(warehouse.sql_files())["models/50_int_key_candidates.sql"]
    if targets.empty or results.empty:
        return pd.DataFrame(columns=["target_sid", "result_sid", "candidate_rank"])
    con = duckdb.connect()
    try:
        for name, frame, extra in (("int_comparison_targets", targets, []),
                                   ("int_comparison_results", results, ["part", "metric_seq"])):
            frame = prepare(frame).assign(comparison="target_vs_result", pairable=_named(frame))
            con.register("frame", frame[KEY_CANDIDATE_COLUMNS + extra].astype(object).where(frame.notna(), None))
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
            con.unregister("frame")
        con.execute(model)
        return con.execute("SELECT target_sid, result_sid, candidate_rank FROM int_key_candidates "
                           "ORDER BY target_sid, candidate_rank").df()
    finally:
        con.close()


def score_block(target_subjects: list[str], result_subjects: list[str], scorer_name: str) -> np.ndarray:
    """Similarity of every target subject to every result subject of one block (0–100)."""
    scorer = getattr(fuzz, scorer_name)
    return process.cdist(
        [token_string(s) for s in target_subjects], [token_string(s) for s in result_subjects],
        scorer=scorer, dtype=np.float32, workers=1,
    )


def _groups(frame: pd.DataFrame, key_columns: list[str], wanted: set | None = None) -> dict[tuple, list[tuple]]:
    """key -> [(sid, match_subject, metric_key)], in plain lists: pandas groupby objects cost
    too much over tens of thousands of small blocks."""
    groups: dict[tuple, list[tuple]] = {}
    keys = zip(*(frame[c].tolist() for c in key_columns))
    for key, sid, subject, metric_key in zip(keys, frame["sid"].tolist(), frame["match_subject"].tolist(),
                                             frame["metric_key"].tolist()):
        if wanted is None or key in wanted:
            groups.setdefault(key, []).append((sid, subject, metric_key))
    return groups


def _scores(block_targets: list[tuple], block_results: list[tuple], scorer_name: str,
            forbidden: frozenset) -> np.ndarray:
    scores = score_block([t[1] for t in block_targets], [r[1] for r in block_results], scorer_name)
    if forbidden:
        t_at = {t[0]: i for i, t in enumerate(block_targets)}
        r_at = {r[0]: j for j, r in enumerate(block_results)}
        for t, r in forbidden:
            if t in t_at and r in r_at:
                scores[t_at[t], r_at[r]] = -1
    return scores


@lru_cache(maxsize=1)
def _scope_pattern():
    import re

    patterns = [row["pattern"] for row in knowledge.rows("scope_words.csv")]
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@lru_cache(maxsize=65536)
def scope_words(subject: str) -> frozenset[str]:
    """The words of knowledge/scope_words.csv in a subject: 对非洲出口 → {对非洲}."""
    return frozenset(_scope_pattern().findall(subject or ""))


def scope_of(subject: str, region: str | None) -> frozenset[str]:
    """The scope words of a subject in the report of `region`, the level its own name ends in left out: 县级 in 易县's
    report, 市级 in 驻马店市's, 安国市's (a city of county level) and 北京市's, 省级 in 河南省's, 区级 in 清苑区's."""
    return scope_words(subject) - frozenset((region or "")[-1:])


@lru_cache(maxsize=1)
def _share_of() -> re.Pattern:
    """高成长性制造业|占|规模以上工业增加值的比重: a share names what is measured before its 占, and ends in a word of a
    share (knowledge/measure_words.csv, role share: 比重, 比例); 占地, 占用 are no share."""
    words = [r["word"] for r in knowledge.rows("measure_words.csv") if r["role"] == "share"]
    of = min(words, key=len)   # 占: the word a share is made with
    ends = [w for w in words if not w.startswith(of) and not w.endswith(of)]
    return re.compile(f"^(.+?){of}.+(?:{'|'.join(map(re.escape, ends))})")


@lru_cache(maxsize=1)
def _rate_units() -> frozenset[str]:
    """What a rate is counted in (knowledge/units.csv, dimension percent, and its base units): a list's rate is each
    item's, a list's count their sum."""
    rows = knowledge.rows("units.csv")
    return frozenset(u for r in rows if r["dimension"] in ("percent", "pp") for u in (r["unit"], r["base_unit"]))


# grammar: a figure inside a subject with the letters around it (超100亿元企业, 4A级景区, PM2.5, 5G基站)
FIGURE_IN_SUBJECT = re.compile(r"[A-Za-z]*[0-9]+(?:\.[0-9]+)?[A-Za-z]*")
# grammar: 中小学、幼儿园, 国家和省级: a subject of several things, joined by a word of its own (not 参与, 普及, 和美)
SUBJECT_JOINERS = frozenset({LIST_BREAK, "和", "及", "与"})


def _a_list(subject: str) -> bool:
    return LIST_BREAK in subject or any(token in SUBJECT_JOINERS for token in catalog.cut(subject))


def _named_apart(target_subject: str, result_subject: str, summed: bool = True) -> str | None:
    """Why two subjects close in words name different things, or None: another figure inside them (超100亿元企业,
    超50亿元企业), a share of another part (规模以上工业增加值占… / 高成长性制造业占…), or a result of several things
    for a target of one of them (新建改扩建中小学、幼儿园 counts more than 新建改扩建幼儿园)."""
    target, result = normalize_subject(target_subject), normalize_subject(result_subject)
    figures = set(FIGURE_IN_SUBJECT.findall(target)), set(FIGURE_IN_SUBJECT.findall(result))
    if figures[0] and figures[1] and figures[0] != figures[1]:   # one without any may name it otherwise (细颗粒物)
        return f"the subjects name other figures ({'、'.join(sorted(figures[0]))} / {'、'.join(sorted(figures[1]))})"
    shares = _share_of().match(target), _share_of().match(result)
    if shares[0] and shares[1] and shares[0].group(1) != shares[1].group(1):   # normalized: 全社会 is dropped
        return f"shares of other parts ({shares[0].group(1)} / {shares[1].group(1)})"
    if summed and _a_list(result) and not _a_list(target):
        return "the result counts several things together, the target one of them"
    return None


def part_coverage(subject_a: str, subject_b: str) -> float | None:
    """When the words of one subject are all among the other's (and the subjects differ): how much
    of the longer the shorter is, as rapidfuzz's plain ratio of the two (城镇新增就业 / 新增就业: 80;
    省（A类）重点项目 / 重点项目: 62). None when neither contains the other."""
    tokens_a, tokens_b = set(subject_tokens(subject_a)), set(subject_tokens(subject_b))
    if tokens_a == tokens_b or not (tokens_a <= tokens_b or tokens_b <= tokens_a):
        return None
    return fuzz.ratio("".join(subject_tokens(subject_a)), "".join(subject_tokens(subject_b)))


def _best(row: np.ndarray, target_subject: str, block_results: list[tuple]) -> int:
    """The best-scoring result; among equal scores (token_set_ratio gives 100 to every subject that
    contains the target's words) the one most like the target as a whole."""
    top = np.flatnonzero(row == row.max())
    if len(top) == 1:
        return int(top[0])
    target = "".join(subject_tokens(target_subject))
    return int(max(top, key=lambda j: fuzz.ratio(target, "".join(subject_tokens(block_results[j][1])))))


def pair_by_fuzzy(
    targets: pd.DataFrame, results: pd.DataFrame, settings: CompareSettings, forbidden: frozenset,
    taken: frozenset = frozenset(), tallies: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fuzzy pairs and review candidates. Candidates are blocked by block, measure family, unit
    dimension, span-ness and head noun before scoring, so the guards cost nothing and cdist stays
    small. Under a generic head noun the whole subject is scored (GENERIC_HEAD_SCORER). `tallies`:
    sid -> tally (a count of new items never pairs with a total)."""
    pairs, review = [], []
    tallies = tallies or {}
    regions = dict(zip(targets["sid"], targets["region"])) if "region" in targets else {}
    guard_columns = ["block", "family", "dimension", "is_span", "head"]
    target_groups = _groups(targets, guard_columns)
    result_groups = _groups(results, guard_columns, set(target_groups))
    for key, block_targets in target_groups.items():
        block_results = result_groups.get(key)
        if not block_results:
            continue
        scorer = GENERIC_HEAD_SCORER if key[-1] in catalog.generic_words() else settings.fuzzy_scorer
        scores = _scores(block_targets, block_results, scorer, forbidden)
        # Two catalog keys that differ are different metrics by the catalog's word: no fuzzy pair.
        t_catalog = np.array([is_catalog_key(t[2]) for t in block_targets], dtype=bool)
        r_catalog = np.array([is_catalog_key(r[2]) for r in block_results], dtype=bool)
        scores[t_catalog[:, None] & r_catalog[None, :]] = -1
        # A count of new items and a total are never each other's result (新增…110家, …达1432家).
        for i, t in enumerate(block_targets):
            if tallies.get(t[0]):
                for j, r in enumerate(block_results):
                    if tallies_differ(tallies[t[0]], tallies.get(r[0], "")):
                        scores[i, j] = -1
        best = [_best(scores[i], t[1], block_results) for i, t in enumerate(block_targets)]
        coverage = [part_coverage(t[1], block_results[best[i]][1]) for i, t in enumerate(block_targets)]
        only_part = [c is not None and c < settings.fuzzy_part_min for c in coverage]
        # Several different targets on one result (省重点项目 and 市重点项目 on 重点项目; five 利用率
        # targets on one 利用率) cannot all be right, and the words cannot tell which is.
        claimants: dict[int, set[str]] = {}
        for i, t in enumerate(block_targets):
            if scores[i, best[i]] >= settings.fuzzy_accept and not only_part[i]:
                claimants.setdefault(best[i], set()).add(normalize_subject(t[1]))
        for i, (t_sid, t_subject, _) in enumerate(block_targets):
            j = best[i]
            score, (r_sid, r_subject, _) = float(scores[i, j]), block_results[j]
            if score < settings.fuzzy_review:
                continue
            if score < settings.fuzzy_accept:
                review.append((t_sid, r_sid, round(score, 1), "not paired: fuzzy score below fuzzy_accept; "
                               "force_pair in the corrections file if right", False))
            elif differs := sorted(scope_of(t_subject, regions.get(t_sid)) ^ scope_of(r_subject, regions.get(t_sid))):
                # one block is one region: the target's is the result's
                review.append((t_sid, r_sid, round(score, 1),
                               f"not paired: another scope ({'、'.join(differs)} in one subject only); "
                               f"force_pair in the corrections file if it is the same thing", False))
            elif (apart := _named_apart(t_subject, r_subject, summed=key[2] not in _rate_units())) is not None:
                # a rate of several things is each one's (养老保险和基本医疗保险参保率稳定在98%), a count their sum
                review.append((t_sid, r_sid, round(score, 1), f"not paired: {apart}; force_pair in the corrections "
                               f"file if it is the same thing", False))
            elif only_part[i]:
                review.append((t_sid, r_sid, round(score, 1),
                               f"not paired: one subject is only a part of the other (similarity "
                               f"{coverage[i]:.0f} < fuzzy_part_min); force_pair in the corrections file if right",
                               False))
            elif r_sid in taken:
                review.append((t_sid, r_sid, round(score, 1),
                               "not paired: this result is already paired with another target by an "
                               "earlier rule; force_pair in the corrections file if it answers this one too",
                               False))
            elif len(claimants[j]) > 1 and normalize_subject(t_subject) != normalize_subject(r_subject):
                review.append((t_sid, r_sid, round(score, 1),
                               f"not paired: {len(claimants[j])} targets with different subjects would pair "
                               f"with this one result; force_pair in the corrections file for the right one",
                               False))
            else:
                pairs.append((t_sid, r_sid, "fuzzy", round(score, 1)))
                # Made on words alone: listed so a person can confirm it or forbid it.
                review.append((t_sid, r_sid, round(score, 1), f"paired on a fuzzy score ({scorer}); "
                               f"forbid_pair in the corrections file if wrong", True))
    return pd.DataFrame(pairs, columns=PAIR_COLUMNS), pd.DataFrame(review, columns=REVIEW_COLUMNS)


def nearest_statements(targets: pd.DataFrame, results: pd.DataFrame, settings: CompareSettings) -> pd.DataFrame:
    """For targets nothing can be paired with (qualitative ones), the most similar result of their
    block, unguarded, so an analyst sees what the next report said nearby."""
    nearest = []
    # A one-year target is never shown beside a five-year figure (nor the reverse), even as the nearest.
    target_groups = _groups(targets, ["block", "is_span"])
    result_groups = _groups(results, ["block", "is_span"], set(target_groups))
    for key, block_targets in target_groups.items():
        block_results = result_groups.get(key)
        if not block_results:
            continue
        scores = _scores(block_targets, block_results, settings.fuzzy_scorer, frozenset())
        best = scores.argmax(axis=1)
        for i, (t_sid, _, _) in enumerate(block_targets):
            if scores[i, best[i]] >= settings.fuzzy_review:
                nearest.append((t_sid, block_results[best[i]][0], round(float(scores[i, best[i]]), 1)))
    return pd.DataFrame(nearest, columns=["target_sid", "result_sid", "match_score"])


def _named(frame: pd.DataFrame) -> np.ndarray:
    return np.array([not is_unnamed(k) for k in frame["metric_key"]], dtype=bool)


def pair_statements(
    targets: pd.DataFrame,
    results: pd.DataFrame,
    settings: CompareSettings,
    forced: list[tuple[str, str]] = (),
    forbidden: frozenset = frozenset(),
    candidates: pd.DataFrame | None = None,
) -> Pairing:
    """Pair each target (columns of v_metrics + sid, block) with at most one result of its block.

    `candidates`: rule metric_key's candidate pairs, best first (target_sid, result_sid) from the
    warehouse model int_key_candidates; for frames outside the warehouse, key_candidates_of() runs
    the model's own SQL on them. `forced` pairs (target_sid, result_sid) come from corrections and
    win; `forbidden` pairs are never made, so the next candidate takes their place.
    """
    if candidates is None:
        candidates = key_candidates_of(targets, results)
    targets, results = prepare(targets), prepare(results)
    # Unnamed statements are left out of every rule but the analysts' forced pairs.
    named_targets = targets[_named(targets)]
    results = results[_named(results)]
    forced_frame = pd.DataFrame([(t, r, "correction", 100.0) for t, r in forced], columns=PAIR_COLUMNS)
    forced_frame = forced_frame.drop_duplicates("target_sid")
    open_targets = named_targets[~named_targets["sid"].isin(forced_frame["target_sid"])]
    tallies = dict(zip(targets["sid"], targets["tally"])) | dict(zip(results["sid"], results["tally"]))
    by_key = pair_by_metric_key(candidates, set(open_targets["sid"]), forbidden, tallies)
    open_targets = open_targets[~open_targets["sid"].isin(by_key["target_sid"])]
    taken = frozenset(forced_frame["result_sid"]) | frozenset(by_key["result_sid"])
    by_fuzzy, review = pair_by_fuzzy(open_targets, results, settings, forbidden, taken, tallies)
    open_targets = open_targets[~open_targets["sid"].isin(by_fuzzy["target_sid"])]
    nearest = nearest_statements(open_targets[open_targets["target_kind"] == "qualitative"], results, settings)
    pairs = pd.concat([f for f in (forced_frame, by_key, by_fuzzy) if not f.empty] or [forced_frame],
                      ignore_index=True)
    return Pairing(pairs=pairs, review=review, nearest=nearest)
