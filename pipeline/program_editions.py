"""A recurring event renamed: its editions run on (rule `edition`).

A fair a region holds every year is numbered (成功举办第八次全国东西合作经贸洽谈会, 第十八届中国农加工
洽谈会), and the number keeps counting when the name changes. Edition N named in a paragraph about one
year Y (a review of last year, a plan for this one: core_paragraphs' period) gives the series the year of
its first edition, Y − N + 1; a paragraph about five years says no year an edition was held, and one
with no period is read as a review (the report's year − 1). Two programmes of one region whose names
end in the same event word (knowledge/program_kinds.csv, kind event: 洽谈会, 博览会, 论坛 …) and share
a first year are one series, the later joining the earlier (全国东西合作经贸洽谈会 2002–2010 and 中国农加工
洽谈会 from 2011 are one fair), when a rename can explain them: one name's reports all come before the
other's. Two events one report names, or whose years interleave, are two (第十二届全国少数民族传统体育运动会
and 第十二届世界运动会; 豫商大会 2019 and 2025, 中国牛业发展大会 2021, both first held in 2006). Offsets are
read from each mention's own clause, in one pass over the mentions, and grouped in a dict: linear in the
mentions.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from reportcmp.pipeline import knowledge, programs
from reportcmp.pipeline.segment import chinese_number_or_none

MAX_EDITION_CHARS = 9
# An event renamed is written under its new name within this many years of the old one's last report,
# as one held every four years is (its plan, then its review the next year, then the next one's plan three
# years on): 第七届世界军人运动会 (2019) and 第十二届全国少数民族传统体育运动会 (2025) both began in 2013, yet are two.
MAX_RENAME_GAP = 3


@lru_cache(maxsize=1)
def event_words() -> tuple[str, ...]:
    """The words an event's name ends with (program_kinds.csv, kind event), longest first."""
    words = [row["word"] for row in knowledge.rows("program_kinds.csv") if row["kind"] == "event"]
    return tuple(sorted(words, key=len, reverse=True))


EDITION_NUMBER = r"第([0-9]{1,3}|[一二三四五六七八九十]{1,4})"   # grammar: 第十, 第14 (the edition's number)
EDITION_INSIDE = re.compile(EDITION_NUMBER + "届")   # inside a name, after its host (保定市|第四届|旅发大会)


@lru_cache(maxsize=1)
def _edition_before() -> re.Pattern:
    """The edition just before a name in its clause, with a word the name may carry between
    (第十届|全国|…: program_words.csv role affix_prefix)."""
    prefixes = "|".join(map(re.escape, programs.program_words()["affix_prefix"]))
    return re.compile(rf"{EDITION_NUMBER}[届次](?:{prefixes})?$")


@lru_cache(maxsize=65536)
def event_word(key: str) -> str | None:
    """The event word the key ends with, or None."""
    return next((w for w in event_words() if key.endswith(w)), None) if key.endswith(_last_chars()) else None


@lru_cache(maxsize=1)
def _last_chars() -> tuple[str, ...]:
    return tuple({w[-1] for w in event_words()})


def edition_offsets(records: list[dict]) -> dict[str, set[int]]:
    """program_key -> the years of the first edition its mentions give it, for event names."""
    offsets: dict[str, set[int]] = defaultdict(set)
    for record in records:
        name = record["program_name"]
        if event_word(record["program_key"]) is None or not record["quote"]:
            continue
        held = _year_held(record)
        if held is None:
            continue
        at = record["quote"].find(name)
        if at < 0:
            continue
        # before the name, else inside it after its host (全市第五届文化旅游发展大会)
        edition = _edition_before().search(record["quote"][max(0, at - MAX_EDITION_CHARS):at]) \
            or EDITION_INSIDE.search(name)
        number = _number(edition.group(1)) if edition else None
        if number:
            offsets[record["program_key"]].add(held - number + 1)
    return offsets


def _year_held(record: dict) -> int | None:
    """The year the paragraph of a mention is about, None for one about several years."""
    start, end = record.get("period_start"), record.get("period_end")
    if start is None or end is None:
        return record["report_year"] - 1
    return end if start == end else None


def _number(numeral: str) -> int | None:
    return int(numeral) if numeral.isdigit() else chinese_number_or_none(numeral)


def report_years(records: list[dict]) -> dict[str, set[int]]:
    """program_key -> the years of the reports that name it."""
    years: dict[str, set[int]] = defaultdict(set)
    for record in records:
        years[record["program_key"]].add(record["report_year"])
    return years


def merge_editions(canonical: dict[str, tuple[str, str, float]], offsets: dict[str, set[int]],
                   years: dict[str, set[int]]) -> dict[str, tuple[str, str, float]]:
    """The links of ONE region's keys (program_rules.link_keys) with the programmes that are one event
    series merged: the later programme's keys take the earlier's root, its first key rule `edition`.
    `years` (report_years) gives each key's report years: programmes a rename cannot explain stay apart."""
    order = {key: i for i, key in enumerate(canonical)}
    parent: dict[str, str] = {}
    seen: dict[str, set[int]] = defaultdict(set)   # root -> the years its keys are named in
    for key, (root, _, _) in canonical.items():
        seen[root] |= years.get(key, set())

    def renamed(one: set[int], other: set[int]) -> bool:
        """One name's reports all before the other's (no report names both, no years interleave), the
        new name written within MAX_RENAME_GAP years of the old one's last report."""
        if not one or not other:
            return False
        (_, first_end), (second_start, _) = sorted((min(span), max(span)) for span in (one, other))
        return 0 < second_start - first_end <= MAX_RENAME_GAP

    def find(root: str) -> str:
        while parent.get(root, root) != root:
            root = parent[root]
        return root

    series: dict[tuple[str, int], list[str]] = defaultdict(list)   # (event word, offset) -> its roots, earliest first
    for key in canonical:   # in order of first mention
        word = event_word(key)
        for offset in sorted(offsets.get(key, ())):
            root = find(canonical[key][0])
            roots = series[(word, offset)]
            earlier = next((r for r in map(find, roots) if r != root and renamed(seen[r], seen[root])), None)
            if earlier is None:   # each root of the group is tried: a few events share a first year
                if root not in map(find, roots):
                    roots.append(root)
                continue
            keep, drop = sorted((earlier, root), key=order.__getitem__)
            parent[drop] = keep
            seen[keep] |= seen.pop(drop)
    if not parent:
        return canonical
    merged = {}
    for key, (root, rule, score) in canonical.items():
        survivor = find(root)
        if survivor != root and key == root:
            rule, score = "edition", 100.0
        merged[key] = (survivor, rule, score)
    return merged
