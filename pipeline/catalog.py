"""The metric catalog: which subject as written is which tracked metric.

A subject is first looked up among the catalog's aliases (knowledge/metric_aliases.csv), after
the words that only say where or when (全市, 全年, 实现…) are stripped. The lookup is exact on
purpose: a suffix or fuzzy match would make 地区生产总值能耗 GDP and 跨境电商进出口 foreign
trade. Subjects that are no alias get a long-tail key built from their jieba tokens without
report verbs (新建改造5G基站 → lt:5G基站), so the same thing meets itself a year later.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
from importlib import resources
from pathlib import Path

import pandas as pd

from reportcmp.pipeline import knowledge
from reportcmp.pipeline.config import DEFAULT_STATE_DIR

LONG_TAIL_PREFIX = "lt:"
UNNAMED_KEY = "lt:unnamed"
# A statement that names no particular thing (an empty subject, or only 项目/投资/企业…) gets
# "lt?:" and a hash of its quote: a key of its own that never meets another report's, and that
# pipeline.match never pairs.
UNPAIRED_PREFIX = "lt?:"
DIRECTIONS = ("higher_better", "ceiling")

def _affix_pattern(position: str) -> re.Pattern[str]:
    """knowledge/catalog_affixes.csv: the words of `position` as one anchored alternation."""
    rows = [row["pattern"] for row in knowledge.rows("catalog_affixes.csv") if row["position"] == position]
    if position not in ("prefix", "suffix", "inside") or not rows:
        raise knowledge.KnowledgeError(f"knowledge/catalog_affixes.csv: no rows of position {position!r}")
    alternation = "(?:" + "|".join(rows) + ")"
    return re.compile({"prefix": "^" + alternation, "suffix": alternation + "$"}.get(position, alternation))


# Words before a subject that only place or time it, or announce it: never part of the metric.
SCOPE_PREFIX = _affix_pattern("prefix")
# Words after a subject that name the measure, not the metric: 地区生产总值增速 is GDP.
MEASURE_SUFFIX = _affix_pattern("suffix")
# Words inside a subject that only say it was done: 规模以上工业完成增加值 is 规模以上工业增加值.
DONE_INSIDE = _affix_pattern("inside")
QUOTE_MARKS = re.compile(r"[“”\"'‘’「」《》\s]")
# Report verbs and quantity words that do not tell one long-tail metric from another
# (knowledge/report_words.txt).
LONG_TAIL_NOISE = frozenset(knowledge.words("report_words.txt"))
LONG_TAIL_NOISE_ANYWHERE = re.compile("|".join(sorted(map(re.escape, LONG_TAIL_NOISE), key=len, reverse=True)))
# Words that make a long-tail metric a harm, lower is better (knowledge/harm_words.txt).
LONG_TAIL_HARM = re.compile("|".join(map(re.escape, knowledge.words("harm_words.txt"))))
# Words that make such a metric the harm's remedy, higher is better (knowledge/remedy_words.csv): after the harm, or
# before it as what is done to it.
LONG_TAIL_REMEDY = {role: re.compile("|".join(re.escape(r["word"]) for r in knowledge.rows("remedy_words.csv")
                                          if r["role"] == role)) for role in ("after", "before")}


@functools.cache
def _read_csv(name: str) -> list[dict[str, str]]:
    return [{k: (v or "").strip() for k, v in row.items()} for row in knowledge.rows(name)]


@functools.cache
def _metrics() -> dict[str, dict[str, str]]:
    metrics = {}
    for row in _read_csv("metrics.csv"):
        if row["direction"] not in DIRECTIONS:
            raise knowledge.KnowledgeError(f"metrics.csv: {row['metric_key']}: direction {row['direction']!r} "
                             f"is not one of {DIRECTIONS}")
        metrics[row["metric_key"]] = row
    return metrics


@functools.cache
def _aliases() -> dict[str, list[tuple[str, frozenset[str]]]]:
    """alias (normalized) → [(metric_key, measures it may carry; empty = any)]."""
    metrics = _metrics()
    aliases: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for row in _read_csv("metric_aliases.csv"):
        if row["metric_key"] not in metrics:
            raise knowledge.KnowledgeError(f"metric_aliases.csv: alias {row['alias']!r} names unknown metric "
                             f"{row['metric_key']!r}")
        measures = frozenset(m for m in row["measures"].split("|") if m)
        aliases.setdefault(_strip_quotes(row["alias"]), []).append((row["metric_key"], measures))
    return aliases


def _strip_quotes(s: str) -> str:
    return QUOTE_MARKS.sub("", s)


def normalize_subject(subject: str) -> str:
    """The subject without quotes, scope/time words in front and measure words behind."""
    s = _strip_quotes(subject)
    while True:
        stripped = MEASURE_SUFFIX.sub("", SCOPE_PREFIX.sub("", s))
        if stripped == s or not stripped:  # keep a subject that is only such words (经济 stays)
            return s
        s = stripped


def catalog_metric(subject: str, measure: str, dimension: str | None) -> str | None:
    """The catalog metric_key a subject names, or None when it is no alias (or the unit cannot fit).

    `dimension` None (a target without a figure: 粮食产量稳中有增) skips the unit check.
    Each step of normalisation is looked up, so an alias that itself ends in a measure word
    (居民消费价格总水平, 物价总水平) is found before 水平 is stripped from it."""
    for candidate in _normalization_steps(subject):
        for key, measures in _aliases().get(candidate, ()):
            if measures and measure not in measures:
                continue
            if dimension is not None and dimension not in _metrics()[key]["dimensions"].split("|"):
                continue
            return key
    return None


def _normalization_steps(subject: str) -> list[str]:
    s = _as_meant(_strip_quotes(subject))
    steps = [s]
    while True:
        without_scope = SCOPE_PREFIX.sub("", s)       # 全国居民消费价格总水平 → 居民消费价格总水平
        stripped = MEASURE_SUFFIX.sub("", without_scope)
        if stripped == s or not stripped:
            return list(dict.fromkeys(steps + [DONE_INSIDE.sub("", step) for step in steps]))
        steps.extend(dict.fromkeys((without_scope, stripped)))
        s = stripped


@functools.cache
def _misprints() -> re.Pattern[str] | None:
    """The misprints as one alternation, longest first; None when the file lists none (an empty
    alternation would match between every two characters)."""
    written = sorted(_misprinted(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, written))) if written else None


@functools.cache
def _misprinted() -> dict[str, str]:
    """written → meant (knowledge/subject_misprints.csv)."""
    return {row["written"]: row["meant"] for row in _read_csv("subject_misprints.csv")}


def _as_meant(subject: str) -> str:
    """The subject with its misprints as meant: 城镇居民可支配收人 → 城镇居民可支配收入."""
    misprints = _misprints()
    return subject if misprints is None else misprints.sub(lambda m: _misprinted()[m.group()], subject)


def load() -> None:
    """Read the catalog's files (metrics, aliases) now rather than at the first subject."""
    _aliases()
    _misprinted()


def metric_name(metric_key: str) -> str:
    """The catalog's name of a metric: gdp → 地区生产总值."""
    return _metrics()[metric_key]["metric_name"]


LEVEL_RANK = {"county": 0, "city": 1, "province": 2, "national": 3}


@functools.cache
def _scope_levels() -> tuple[tuple[str, str], ...]:
    return tuple((row["word"], row["level"]) for row in _read_csv("scope_levels.csv"))


def scope_above(subject: str, level: str | None, region: str | None) -> str | None:
    """The place word a subject opens with when it names a region above the report's (全省 in a city's report,
    全市 in a district's: knowledge/scope_levels.csv), else None."""
    rank = LEVEL_RANK.get(level or "")
    if rank is None:
        return None
    for word, word_level in _scope_levels():
        if subject.startswith(word) and LEVEL_RANK[word_level] > rank and not (region or "").endswith(word[-1]):
            return word
    return None


def metric_for(subject: str, measure: str, dimension: str | None) -> tuple[str, str]:
    """(metric_key, metric_name) for a statement's subject, measure and unit dimension."""
    key = catalog_metric(subject, measure, dimension)
    if key is not None:
        return key, _metrics()[key]["metric_name"]
    name = long_tail_name(subject)
    if not name:
        return UNNAMED_KEY, subject
    return LONG_TAIL_PREFIX + name, name


@functools.lru_cache(maxsize=1 << 16)  # extraction asks for a subject's name more than once
def long_tail_name(subject: str) -> str:
    """The subject's tokens without verbs, classifiers and scope words: 新建改造5G基站 → 5G基站.

    Figures inside a subject stay: 营收过100亿元企业 and 营收过50亿元企业 are different metrics."""
    name = normalize_subject(subject)
    if not LONG_TAIL_NOISE_ANYWHERE.search(name):
        return name  # jieba could only split it into tokens that are all kept
    tokens = [t for t in tokenizer().lcut(name) if t.strip()]
    return "".join(t for t in tokens if t not in LONG_TAIL_NOISE)


@functools.cache
def generic_words() -> frozenset[str]:
    """knowledge/generic_subjects.txt: words that name no particular thing by themselves."""
    return frozenset(knowledge.words("generic_subjects.txt"))


GENERIC_NAME = re.compile(r"^(?:是|在|于)?(?:(?:19|20)\d\d年)?$")  # 是2006年: a date, no thing
GENERIC_NAME_CHARS = "是在于年0123456789"  # every character GENERIC_NAME can match


@functools.cache
def level_words() -> frozenset[str]:
    """The words that name only a level of government (knowledge/level_words.txt: 省级, 市级, 省)."""
    return frozenset(knowledge.words("level_words.txt"))


@functools.lru_cache(maxsize=1 << 14)
def is_generic_name(name: str) -> bool:
    """True for a long-tail name made only of generic words: 项目, 投资, 总投资, 企业."""
    if name in level_words():
        return True   # 省级, 市: a level alone (knowledge/level_words.txt)
    return bool(GENERIC_NAME.match(name) or _generic_only().fullmatch(name))


@functools.cache
def _generic_only() -> re.Pattern:
    """Names written wholly in generic words (总投资, 项目投资): a regex, no jieba cut per name."""
    return re.compile("(?:" + "|".join(sorted(map(re.escape, generic_words()), key=len, reverse=True)) + ")+")


def unpaired_key(quote: str) -> str:
    """lt?: and 10 hex digits of the quote's sha1: stable across runs, unique in practice."""
    return UNPAIRED_PREFIX + hashlib.sha1(quote.encode("utf-8")).hexdigest()[:10]


def direction(metric_key: str) -> str:
    """How the metric's level is judged: higher_better, or ceiling (CPI, unemployment, deficit…).

    Long-tail metrics are higher_better (what reports count, enterprises, jobs, kilometres, grows)
    unless their name says harm: emissions, deaths, accidents, concentrations.
    """
    row = _metrics().get(metric_key)
    if row:
        return row["direction"]
    if metric_key.startswith(LONG_TAIL_PREFIX) and _last_word_is_harm(metric_key):
        return "ceiling"
    return "higher_better"


def _last_word_is_harm(name: str) -> bool:
    """A name holds a harm word and no remedy of it: none after its last harm (下岗失业人员再就业, 污水排放达标率 are
    remedies), none done to it before its first (削减财政赤字); 就业困难人员失业率 is a harm."""
    harms = [m.start() for m in LONG_TAIL_HARM.finditer(name)]
    if not harms:
        return False
    return not any(m.start() > max(harms) for m in LONG_TAIL_REMEDY["after"].finditer(name)) \
        and not any(m.start() < min(harms) for m in LONG_TAIL_REMEDY["before"].finditer(name))


def value_direction(metric_key: str, measure: str) -> str:
    """How a stated value is judged. A stated decrease (能耗下降3%, 排放减少5%) is a cut that
    reports promise as a floor: the larger the better, whatever the metric's own direction."""
    if measure == "decrease":
        return "higher_better"
    return direction(metric_key)


def metrics_table() -> pd.DataFrame:
    """The catalog for export: one row per metric with its aliases joined by ' / '."""
    by_key: dict[str, list[str]] = {}
    for row in _read_csv("metric_aliases.csv"):
        by_key.setdefault(row["metric_key"], []).append(row["alias"])
    rows = [
        {
            "metric_key": key,
            "metric_name": row["metric_name"],
            "direction": row["direction"],
            "dimensions": row["dimensions"],
            "aliases": " / ".join(by_key.get(key, [])),
            "description": row["description"],
        }
        for key, row in _metrics().items()
    ]
    return pd.DataFrame(rows)


def state_dir() -> Path:
    return Path(os.environ.get("REPORTCMP_STATE_DIR") or DEFAULT_STATE_DIR)


@functools.cache
def tokenizer():
    """The product's one jieba tokenizer, with every domain word of knowledge/userdict.txt.

    Private (other jieba users keep their cuts), its cache in the state dir; extraction and
    matching share it, so the dictionary (~1.5 s cold) loads once per process."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    cache_dir = state_dir() / "jieba"
    cache_dir.mkdir(parents=True, exist_ok=True)
    tokenizer.tmp_dir = str(cache_dir)
    userdict = knowledge.path("userdict.txt")
    with resources.as_file(userdict) as path:
        tokenizer.load_userdict(str(path))
    return tokenizer


def cut(text: str) -> list[str]:
    """jieba tokens of a short text (a subject), with the domain words kept whole."""
    return tokenizer().lcut(text)
