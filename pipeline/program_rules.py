"""Which spellings of a region are one programme: the rules that link program_keys, each link with its
rule and score (program_links.py keeps them on every timeline row).

1. `exact_key`: the same key (德州市体育公园 and 市体育公园 are both 体育公园);
2. `stem`: the same stem, the key without the words a name carries or drops (中国, a phase 二期,
   a head such as 工程, 项目, 园区, 基地: 百城建设提质工程 = 百城建设提质, 马庄铁路物流园 =
   马庄铁路物流基地二期);
3. `affix`: one stem ends the other, which adds a place or a qualifier before it (驿城区皇家驿站 ⊃
   皇家驿站, 中国农洽会 ⊃ 农洽会). A stem that another starts is not enough: 薄山水库引水工程 is not
   薄山水库, nor 嵖岈山通用机场 嵖岈山;
4. `abbreviation`: one stem keeps the other's characters in order, first and last among them
   (农洽会 of 中国农加工洽谈会);
5. `fuzzy`: rapidfuzz (CompareSettings.program_scorer) within a block of the same head, the last two
   characters (宁津县健身器材产业园 = 宁津健身器材产业园), never across different numbers
   (第二污水处理厂, 第四污水处理厂).
Rules 2 to 4 need the shared part to be distinctive, not words every report uses (体育 links
neither 体育公园 with 体育中心, nor 大数据中心 with 鲁北大数据中心): programs.is_common_phrase.
Each key joins the earlier key it links to best (rule order, then score, then the earliest), so the
cost is linear in the keys: stems and affixes are looked up in dicts; abbreviations are tried
within blocks of the same first and last character and fuzzy scores within blocks of the same head,
in one rapidfuzz `cdist` per block.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from pipeline import programs

RULES = ("exact_key", "stem", "affix", "abbreviation", "fuzzy")   # in the order they are tried
NUMERALS = re.compile(r"[0-9一二三四五六七八九十百千]+")
MIN_STEM_CHARS = 3
HEAD_CHARS = 2           # the characters of a name's head that fuzzy linking blocks on
MAX_ABBREVIATION_CHARS = 4
MIN_SHORTENED_CHARS = 5


@lru_cache(maxsize=1)
def _affixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(prefixes, heads) a name carries, drops or swaps, longest first (program_words.csv roles
    `affix_prefix` and `head`)."""
    words = programs.program_words()
    return words["affix_prefix"], words["head"]


SECTION = re.compile(r"[\u4e00-\u9fff]{1,4}段$")   # 焦桐高速泌阳段, 京港澳高速驻马店段


@lru_cache(maxsize=65536)
def stem(key: str) -> str:
    """The key without the words a name carries, drops or swaps, front and back, as long as at
    least MIN_STEM_CHARS remain: 中国农洽会 → 农洽会, 马庄铁路物流基地二期 → 马庄铁路物流, and
    without a section (焦桐高速公路泌阳段 → 焦桐高速)."""
    prefixes, heads = _affixes()
    section = SECTION.search(key)
    if section is not None and section.start() >= MIN_STEM_CHARS:
        key = key[: section.start()]
    changed = True
    while changed:
        changed = False
        for word in prefixes:
            if key.startswith(word) and len(key) - len(word) >= MIN_STEM_CHARS:
                key, changed = key[len(word):], True
                break
        for word in heads:
            if key.endswith(word) and len(key) - len(word) >= MIN_STEM_CHARS:
                key, changed = key[: -len(word)], True
                break
    return key


@lru_cache(maxsize=65536)
def distinctive(text: str) -> bool:
    """A stem two spellings may share: long enough, and not words every region's reports use."""
    return len(text) >= MIN_STEM_CHARS and not programs.is_common_phrase(text)


@lru_cache(maxsize=1)
def _joiners() -> tuple[str, ...]:
    return programs.program_words()["joiner"]


def _joined(longer: str, end: str) -> bool:
    """The words before `end` join another place or project to it (乐凯大街南延至|南三环)."""
    front = longer[: len(longer) - len(end)]
    return any(word in front for word in _joiners())


def _ends(text: str) -> list[str]:
    """Its ends of at least MIN_STEM_CHARS characters, itself excluded."""
    return [text[-n:] for n in range(MIN_STEM_CHARS, len(text))]


def link_keys(keys: list[str], accept: float, scorer=fuzz.token_sort_ratio,
              canonical_keys: frozenset[str] = frozenset()) -> dict[str, tuple[str, str, float]]:
    """key -> (root key, rule, score) for the keys of ONE region, in order of first mention.

    `canonical_keys` (the program_keys of knowledge/programs.csv) never join or are joined by a rule
    other than the same key: their spellings are listed there, and two of them are two programmes
    (长江经济带, 丝绸之路经济带 → 一带一路). The fuzzy scorer is CompareSettings.program_scorer:
    token_sort, not token_set, since a subset is not the same programme.
    """
    if not keys:
        return {}
    linkable = [i for i, key in enumerate(keys) if key not in canonical_keys]
    best: dict[int, tuple[int, int, float]] = {}   # key index -> (rule index, earlier index, score)

    def offer(i: int, j: int, rule: str, score: float) -> None:
        """Key i may join earlier key j: kept if better than what i has (rule, score, earliest)."""
        candidate = (RULES.index(rule), j, score)
        if i not in best or (candidate[0], -candidate[2], candidate[1]) < (best[i][0], -best[i][2], best[i][1]):
            best[i] = candidate

    stems = {i: stem(keys[i]) for i in linkable}
    by_stem: dict[str, int] = {}       # stem -> earliest key with it
    by_form: dict[str, int] = {}       # stem or key -> earliest key with it
    by_end: dict[str, tuple[int, str]] = {}   # an end of a stem or key -> (earliest key, that form)
    for i in linkable:
        s = stems[i]
        if not distinctive(s):
            continue
        if s in by_stem:
            offer(i, by_stem[s], "stem", 100.0)
        forms = [f for f in dict.fromkeys((s, keys[i])) if distinctive(f)]
        for form in forms:
            for end in _ends(form):    # an earlier stem or key is an end of this one
                if end in by_form and by_form[end] != i and distinctive(end) and not _joined(form, end):
                    offer(i, by_form[end], "affix", round(100.0 * len(end) / len(form), 1))
            if form in by_end and not _joined(by_end[form][1], form):   # an end of an earlier one
                j, longer = by_end[form]
                offer(i, j, "affix", round(100.0 * len(form) / len(longer), 1))
        by_stem.setdefault(s, i)
        for form in forms:
            by_form.setdefault(form, i)
            for end in _ends(form):
                by_end.setdefault(end, (i, form))
    _abbreviation_links(keys, [i for i in linkable if distinctive(stems[i])], stems, offer)
    _fuzzy_links(keys, linkable, accept, scorer, offer)

    canonical: dict[str, tuple[str, str, float]] = {}
    for i, key in enumerate(keys):
        if i in best:
            rule, j, score = best[i]
            canonical[key] = (canonical[keys[j]][0], RULES[rule], round(score, 1))
        else:
            canonical[key] = (key, "first", 100.0)
    return canonical


def is_abbreviation(short: str, long: str) -> bool:
    """The short name keeps the long one's characters in order, first and last among them: at most
    half of it when it is short (农洽会 of 农加工洽谈会, not 南驻路 of 南驻阜铁路), else at least
    MIN_SHORTENED_CHARS long (杨靖宇纪念馆 of 杨靖宇将军纪念馆, 上海世博会 of 上海世界博览会)."""
    if len(short) >= len(long) or short[0] != long[0] or short[-1] != long[-1]:
        return False
    if len(short) < MIN_SHORTENED_CHARS and (len(short) > MAX_ABBREVIATION_CHARS or 2 * len(short) > len(long)):
        return False
    at = 0
    for char in short:
        at = long.find(char, at) + 1
        if not at:
            return False
    return True


def _abbreviation_links(keys: list[str], members: list[int], stems: dict[int, str], offer) -> None:
    """Offer each key an earlier key whose stem abbreviates its stem, or is abbreviated by it,
    within blocks of the same first and last character (few keys share both)."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in members:
        blocks[(stems[i][0], stems[i][-1])].append(i)
    for block in blocks.values():
        for a in range(1, len(block)):
            i = block[a]
            for j in block[:a]:
                short, long = sorted((stems[i], stems[j]), key=len)
                if is_abbreviation(short, long):
                    offer(i, j, "abbreviation", round(100.0 * len(short) / len(long), 1))


def _fuzzy_links(keys: list[str], linkable: list[int], accept: float, scorer, offer) -> None:
    """Offer each key the best-scoring earlier key that ends in the same two characters, its head
    (中心, 公园, 高速: 市体育公园 is not 市体育中心), scoring >= accept."""
    # Only keys with the same head can link, so they are scored within their head's block: far
    # fewer pairs than one matrix over the region. Names are scored as written, character by
    # character (a name has no spaces, so token_sort_ratio weighs the whole name): cutting ~14 k
    # keys with jieba only to block and score them was ~1 s of a corpus run.
    blocks: dict[str, list[int]] = defaultdict(list)
    for i in linkable:
        blocks[keys[i][-HEAD_CHARS:]].append(i)
    for members in blocks.values():
        if len(members) < 2:
            continue
        names = [keys[i] for i in members]
        scores = process.cdist(names, names, scorer=scorer, dtype=np.float32, workers=1)
        for a in range(1, len(members)):
            earlier = scores[a, :a]
            passing = [b for b in np.flatnonzero(earlier >= accept)
                       if NUMERALS.findall(keys[members[a]]) == NUMERALS.findall(keys[members[b]])]
            if passing:   # best score; on a tie the earliest key. 第二污水处理厂 is not 第四污水处理厂.
                b = max(passing, key=lambda b: (earlier[b], -b))
                offer(members[a], members[b], "fuzzy", float(earlier[b]))
