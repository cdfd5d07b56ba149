"""The verdict on one target and the result paired with it: a pure function, `status_of`.

The bound comes from the qualifier words (knowledge/qualifiers.csv, column bound) and the metric's
direction (a ceiling on CPI, unemployment, deficit); tolerances and margins from CompareSettings.
Relative targets are met or missed against the growth they refer to; a target without a figure by
the sign of a change when it promises a rise or a fall (pipeline/predicates.py). Every verdict says
why in a sentence an analyst can read.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Mapping, NamedTuple

import pandas as pd

from reportcmp.pipeline import catalog, knowledge, match, periods, predicates
from reportcmp.pipeline.config import CompareSettings
from reportcmp.pipeline.grammar import own_clause


PERCENT_MEASURES = ("growth", "decrease", "share", "change_pp")
PERCENT_UNITS = ("%", "个百分点", "百分点", "‰")
COMPARATOR_OF_BOUND = {"floor": ">=", "ceiling": "<=", "about": "~", "range": "range", "above": ">", "in_step": "~"}
BOUNDS = {"floor", "ceiling", "about", "above", "in_step"}     # what a qualifier word can set
EPSILON = 1e-9

# How far above its stated figure a "more than" result is judged: far below any reported precision.
MORE_THAN_HAIR = 1e-6


class Verdict(NamedTuple):
    status: str
    comparator_applied: str | None
    gap: float | None
    completion_ratio: float | None
    rationale: str


@lru_cache(maxsize=1)
def bound_words() -> tuple[tuple[str, str], ...]:
    """(qualifier word, bound) of the words in knowledge/qualifiers.csv that set one, longest word
    first (不低于 before 低于)."""
    pairs = {(r["word"], r["bound"]) for r in knowledge.rows("qualifiers.csv") if r["bound"]}
    unknown = {bound for _word, bound in pairs} - BOUNDS
    if unknown:
        raise knowledge.KnowledgeError(f"knowledge/qualifiers.csv: unknown bound {sorted(unknown)}")
    return tuple(sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0])))


@lru_cache(maxsize=4096)
def direction_of(metric_key: str | None, measure: str | None = None) -> str:
    """How a stated value is judged: catalog.value_direction, so a stated decrease (能耗降低3%) is
    higher_better whatever the metric's own direction (energy intensity is a ceiling metric)."""
    return catalog.value_direction(metric_key, measure or "") if metric_key else "higher_better"


@lru_cache(maxsize=1)
def more_than_words() -> tuple[str, ...]:
    """Words of a result that state only a lower bound, the real figure being above it (超过3%)."""
    return tuple(knowledge.words("more_than_words.txt"))


def bound_of(qualifier: str | None, comparator: str | None, has_high: bool, direction: str,
             target_kind: str | None = "numeric") -> tuple[str, str | None]:
    """(bound, the qualifier word that set it). 左右 on a ceiling metric is a ceiling."""
    word, bound = next(((w, b) for w, b in bound_words() if w in (qualifier or "")), (None, None))
    if has_high and comparator == ">=" and bound in (None, "floor"):
        return "floor", word   # 增长7%以上、力争达到8%: the floor is judged, 8% is its aspiration
    if has_high and bound != "ceiling":
        return "range", word
    if bound is None and comparator == "~":
        bound = "about"
    if bound == "about" and direction == "ceiling":
        return "ceiling", word
    if bound is not None:
        return bound, word
    if target_kind == "relative":
        return "in_step", None
    if comparator == "range":
        return "range", None
    if comparator == "<=" or (comparator in (None, "=") and direction == "ceiling"):
        return "ceiling", None
    return "floor", None


def _get(row: Mapping | None, name: str):
    if row is None:
        return None
    value = row.get(name)
    return None if value is None or (isinstance(value, float) and value != value) or value is pd.NA else value


def is_percent(row: Mapping) -> bool:
    return _get(row, "measure") in PERCENT_MEASURES or (_get(row, "unit") or "") in PERCENT_UNITS


def result_in_target_unit(target: Mapping, result: Mapping) -> float | None:
    """The result's value in the target's unit and sign, or None when they are not comparable."""
    t_measure, r_measure = _get(target, "measure"), _get(result, "measure")
    r_value = _get(result, "value")
    if r_value is None:
        return None
    if match.measure_family(t_measure) != match.measure_family(r_measure):
        return None
    if match.measure_family(t_measure) == "change" or t_measure in ("share", "change_pp"):
        if not (is_percent(result) and (is_percent(target) or _get(target, "target_kind") == "relative")):
            return None
        return -r_value if t_measure != r_measure else r_value
    t_value, t_base = _get(target, "value"), _get(target, "value_base")
    r_base = _get(result, "value_base")
    same_base = _get(target, "base_unit") is not None and _get(target, "base_unit") == _get(result, "base_unit")
    if same_base and t_value and t_base and r_base is not None:
        return r_base * t_value / t_base
    if (_get(target, "unit") or "") == (_get(result, "unit") or ""):
        return r_value
    return None


def _more_than_word(result: Mapping | None) -> str | None:
    qualifier = _get(result, "qualifier") or ""
    return next((w for w in more_than_words() if w in qualifier), None)


def _num(x: float | None) -> str:
    return "?" if x is None else f"{round(x, 4):g}"


def _amount(row: Mapping, value: float | None, percent: bool) -> str:
    if percent:
        return f"{_num(value)}{' pp' if _get(row, 'measure') == 'change_pp' else '%'}"
    return f"{_num(value)}{_get(row, 'unit') or ''}"


def _describe(row: Mapping, value: float | None, percent: bool) -> str:
    name = _get(row, "metric_name") or _get(row, "subject") or _get(row, "metric_key") or "?"
    word = {"growth": " growth", "decrease": " decrease", "share": " share", "change_pp": " change"}.get(
        _get(row, "measure"), "")
    return f"{name}{word} {_amount(row, value, percent)}"


CHANGE_MEASURES = ("growth", "decrease", "change_pp")


def qualitative_verdict(target: Mapping, result: Mapping | None) -> Verdict:
    """A target without a figure. A promised rise or fall (稳步增长, 继续下降) is decided by the change
    the paired result states: its sign. Anything else is unverifiable here (a completion or a place
    held is decided by a sentence of the next report: pipeline.evidence, in judge_targets)."""
    quote = _get(target, "quote") or ""
    predicate = _get(target, "predicate")
    judged = predicates.judged(predicate)
    if judged in ("up", "down") and result is not None and _get(result, "measure") in CHANGE_MEASURES \
            and is_percent(result) and _get(result, "value") is not None:
        value = _get(result, "value")
        change = -value if _get(result, "measure") == "decrease" else value
        kept = change > EPSILON if judged == "up" else change < -EPSILON
        status = "met" if kept else "missed"
        said = {"up": "a rise", "down": "a fall"}[judged]
        return Verdict(status, None, None, None,
                       f"qualitative target promising {said} ({predicate}); the next report states "
                       f"{_describe(result, value, True)}: {status}")
    seen = f"; nearest statement: {_get(result, 'quote')}" if result is not None else ""
    what = f"promises {predicate}, which no figure decides" if predicate else "nothing to measure"
    return Verdict("unverifiable", None, None, None, f"qualitative target, {what} ({quote}){seen}")


def status_of(target: Mapping, result: Mapping | None, direction: str, settings: CompareSettings) -> Verdict:
    """The verdict on one target and the result paired with it (None: the next report says nothing).

    `target` carries the v_metrics columns of the target; a relative target also carries
    `reference_value` and `reference_name`, the referenced metric's result that year.
    """
    kind = _get(target, "target_kind") or "numeric"
    quote = _get(target, "quote") or ""
    if kind == "qualitative":
        return qualitative_verdict(target, result)
    if kind == "relative" and not _get(target, "reference_metric_key"):
        return Verdict("unverifiable", None, None, None,
                       f"relative target set against a figure no report of this region states "
                       f"({_get(target, 'predicate') or quote})")
    # Callers pass direction_of(key, measure); a direction given for the metric alone is turned the
    # same way here, so a stated decrease is judged larger-is-better either way.
    effective = "higher_better" if _get(target, "measure") == "decrease" else direction
    value_high = _get(target, "value_high")
    # A relative target's relation (同步, 高于) is its predicate; a figure's bound is in its qualifier.
    words = _get(target, "qualifier") or (_get(target, "predicate") if kind == "relative" else None)
    bound, word = bound_of(words, _get(target, "comparator"), value_high is not None, effective, kind)
    comparator = COMPARATOR_OF_BOUND[bound]
    if result is None:
        return Verdict("not_reported", comparator, None, None,
                       "the next year's report exists but states no result for this target")
    r = result_in_target_unit(target, result)
    if r is None:
        return Verdict("unverifiable", comparator, None, None,
                       f"units not comparable: target in {_get(target, 'unit')} ({_get(target, 'measure')}), "
                       f"result in {_get(result, 'unit')} ({_get(result, 'measure')}): {_get(result, 'quote')}")
    cumulative = _cumulative_years(target, result)
    if cumulative and (a_year := _a_year(r, cumulative, _get(target, "measure") == "decrease")) is not None:
        # 年均增长12%以上 over 2012–2016, and 比2011年增长21.9% at its end: the growth of the whole span is
        # (1 + r)^(1/years) - 1 a year, 4% (容城 2016), not 21.9% against 12%
        r = a_year
    else:
        cumulative = 0
    percent = is_percent(target) or kind == "relative"
    if kind == "relative":
        t = _get(target, "reference_value")
        if t is None:
            return Verdict("unverifiable", comparator, None, None,
                           f"relative target: no result for the referenced metric "
                           f"{_get(target, 'reference_metric_key') or '(not named)'} that year")
    else:
        t = _get(target, "value")
        if t is None:
            return Verdict("unverifiable", comparator, None, None, "the target states no value")
    if bound == "ceiling" and value_high is not None:
        t = value_high
    tolerance = settings.about_tolerance_pp if percent else settings.about_tolerance_rel * abs(t)
    margin = settings.exceed_margin_pp if percent else settings.exceed_margin_rel * abs(t)
    gap = r - t
    # A result stated as "more than r" (降幅超过3%) is judged a hair above r: on a bound it is past it.
    more_than = _more_than_word(result)
    judged = r + MORE_THAN_HAIR if more_than else r
    judged_gap = judged - t
    if kind == "relative":
        # In step (同步) is met within the tolerance below the growth referred to, or above it; 高于
        # needs strictly more. Keeping pace is the whole promise: never exceeded.
        if bound == "above":
            status = "met" if judged_gap > EPSILON else "missed"
        elif bound == "floor":
            status = "met" if judged_gap >= -EPSILON else "missed"
        else:
            status = "met" if judged_gap >= -tolerance - EPSILON else "missed"
    elif bound in ("floor", "range"):
        top = value_high if bound == "range" else t
        status = "missed" if judged_gap < -EPSILON else ("exceeded" if judged - top > margin + EPSILON else "met")
    elif bound == "above":
        status = "missed" if judged_gap <= EPSILON else ("exceeded" if judged_gap > margin + EPSILON else "met")
    elif bound == "ceiling":
        # Staying far under a ceiling (CPI, deficit) is not an achievement: met, never exceeded.
        status = "missed" if judged_gap > EPSILON else "met"
    else:  # about, in_step
        status = ("exceeded" if judged_gap > margin + EPSILON else
                  ("missed" if judged_gap < -tolerance - EPSILON else "met"))
    measure = _get(target, "measure")
    ratio = None
    if t and ((measure == "level" and bound != "ceiling") or
              (match.measure_family(measure) == "change" and bound in ("floor", "range", "above"))):
        ratio = round(r / t, 4)
    gap_unit = " pp" if percent else (_get(target, "unit") or "")
    said = f" ({word})" if word else ""
    if kind == "relative":
        ref = f"{_get(target, 'reference_name') or _get(target, 'reference_metric_key')} growth {_num(t)}%"
        against = {"above": f"more than {ref}", "floor": f"at least {ref}", "ceiling": f"at most {ref}"}.get(
            bound, f"in step with {ref} (at most {_num(tolerance)} pp below, or above)")
    elif bound == "range":
        against = f"a range of {_num(_get(target, 'value'))}–{_amount(target, value_high, percent)} (counted from its lower end)"
    elif bound == "about":
        against = f"about {_amount(target, t, percent)} (±{_num(tolerance)}{gap_unit})"
    else:
        phrase = {"floor": "a floor of", "ceiling": "a ceiling of", "above": "more than"}[bound]
        against = f"{phrase} {_amount(target, t, percent)}"
        if bound == "ceiling" and word and dict(bound_words()).get(word) == "about":
            said = f" ({word}, applied as a ceiling on a lower-is-better metric)"
    side = "above" if gap > 0 else ("below" if gap < 0 else "exactly on it")
    distance = f"{_num(abs(gap))}{gap_unit} {side}" if gap else side
    if more_than:
        distance += f" (the result is stated as more than {_amount(target, r, percent)}: {more_than})"
    rationale = f"{_describe(result if kind == 'relative' else target, r, percent)} against {against}{said}: {status}, {distance}"
    if cumulative:
        rationale += (f" (the result is the change of the whole {cumulative} years, {_num(_get(result, 'value'))}%: "
                      f"{_num(r)}% a year)")
    return Verdict(status, comparator, round(gap, 6), ratio, rationale)


def _cumulative_years(target: Mapping, result: Mapping) -> int:
    """The years of a span whose change the result states in whole while the target is an average a year (年均增长12%
    against 比2011年增长21.9% over 2012–2016): 5; else 0. The span is the result's, else the target's; the average word
    is looked for in each statement's own clause (地区生产总值年均增长8%，|比2011年增长46.9%)."""
    if match.measure_family(_get(target, "measure")) != "change" or match.measure_family(_get(result, "measure")) != "change" \
            or _get(result, "value") is None or _is_year(_get(result, "period_year")):
        return 0   # a one-year result (同比增长7%) is no span's change
    average = periods.AVERAGE_WORDS
    if not any(w in own_clause(_get(target, "quote") or "") for w in average) \
            or any(w in own_clause(_get(result, "quote") or "") for w in average):
        return 0
    for row in (result, target):
        start, end = _get(row, "period_start"), _get(row, "period_end")
        if _is_year(start) and _is_year(end) and end > start:
            return int(end) - int(start) + 1
    return 0


def _is_year(value) -> bool:
    return value is not None and not pd.isna(value)


def _a_year(change: float, years: int, decline: bool) -> float | None:
    """A whole span's change a year: a growth of 21.9% in 5 years is (1.219)^(1/5) - 1 = 4.04% a year, a decline of
    16% is 1 - 0.84^(1/5) = 3.43% a year; None past a fall of everything (-100%)."""
    factor = 1 - change / 100.0 if decline else 1 + change / 100.0
    if factor <= 0:
        return None
    rate = 1 - factor ** (1.0 / years) if decline else factor ** (1.0 / years) - 1
    return round(100.0 * rate, 2)
