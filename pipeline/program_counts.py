"""A campaign named by a count that grows: 三城联创 → 四城联创 → 六城联创 → 十城联创 (rule `count`).

A region's campaign to win several city titles at once is named by how many it seeks, and the count
changes as titles are added while the campaign runs on. Two programmes of one region are one such
campaign when
- a slogan, written in quotation marks (“四城联创”) in a report: a count before a name without them
  is a phase or a rank (一期工程, 一星级产业集聚区);
- their keys are the same but for a count at the start (a numeral of one to ten, 两; not 第二, which
  numbers another thing: 第二污水处理厂), and what follows is a name (program_rules.named) of
  MIN_REST_CHARS or more;
- every programme of that name is named in years after the years of the one before: one count
  replaces the other. Two counts named in one year are two things (三大攻坚战, 四大工程), and then
  none of that name is merged.
The later programme joins the earlier; its first key gets rule `count`, the score the share of the key
that stays. One dict of names after the count: linear in the keys.
"""
from __future__ import annotations

import re
from collections import defaultdict

from reportcmp.pipeline import programs
from reportcmp.pipeline.program_rules import named

COUNT = re.compile(r"^[一二三四五六七八九十两]+")   # grammar: the numerals that count at a name's start
MIN_REST_CHARS = 3    # 城联创 of 四城联创
QUOTE = "“"           # grammar: a campaign's slogan is written in quotation marks


def merge_counts(canonical: dict[str, tuple[str, str, float]],
                 records: list[dict]) -> dict[str, tuple[str, str, float]]:
    """The links of ONE region's keys with the programmes that are one campaign of a changing count
    merged (module docstring)."""
    quoted = {r["program_key"] for r in records if r["program_name"].startswith(QUOTE)}
    by_rest: dict[str, set[str]] = defaultdict(set)   # the name after the count -> roots
    share: dict[str, float] = {}                      # root -> the share of its key after the count
    for key, (root, _, _) in canonical.items():
        count = COUNT.match(key)
        if key in quoted and count is not None and len(key) - count.end() >= MIN_REST_CHARS \
                and named(key[count.end():]) and not programs.is_common_words(key):
            by_rest[key[count.end():]].add(root)
            share.setdefault(root, round(100.0 * (len(key) - count.end()) / len(key), 1))
    families = [roots for roots in by_rest.values() if len(roots) > 1]
    if not families:
        return canonical
    years: dict[str, set[int]] = defaultdict(set)
    for record in records:
        years[canonical[record["program_key"]][0]].add(record["report_year"])
    parent: dict[str, tuple[str, float]] = {}
    for roots in families:
        ordered = sorted((r for r in roots if years[r]), key=lambda r: min(years[r]))
        if any(max(years[a]) >= min(years[b]) for a, b in zip(ordered, ordered[1:])):
            continue   # two counts in one year: two things
        for later in ordered[1:]:
            parent[later] = (ordered[0], share[later])
    if not parent:
        return canonical
    merged = {}
    for key, (root, rule, score) in canonical.items():
        if root in parent:
            if key == root:
                rule, score = "count", parent[root][1]
            root = parent[root][0]
        merged[key] = (root, rule, score)
    return merged
