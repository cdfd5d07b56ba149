"""What a figureless target promises of its subject, and how a later report can decide it.

A target of the main-targets passage without a figure is a subject and a predicate: 粮食产量 |
稳中有增, 约束性指标 | 完成省定目标, 出省境断面水质 | 稳定保持在Ⅱ类及以上. The predicate patterns
and how each is judged (up, down, completion, maintain, none) are data: knowledge/target_predicates.csv.
Extraction finds the predicate and keeps it as the target's qualifier; the comparison reads the
qualifier back through `judged` to know what evidence can decide the target.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from reportcmp.pipeline import knowledge

JUDGEMENTS = ("up", "down", "completion", "maintain", "none")


@dataclass(frozen=True)
class Predicate:
    start: int          # offsets in the item searched
    end: int
    words: str          # as written
    judged: str         # one of JUDGEMENTS
    before_subject: bool  # a verb written before its subject (加大 | 研究与实验发展经费投入)


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str, bool], ...]:
    rows = []
    for row in knowledge.rows("target_predicates.csv"):
        if row["judged"] not in JUDGEMENTS:
            raise knowledge.KnowledgeError(f"knowledge/target_predicates.csv: unknown judged {row['judged']!r} "
                             f"of {row['pattern']!r}; expected one of {', '.join(JUDGEMENTS)}")
        before_subject = row["start"] == "yes"
        pattern = re.compile(("^(?:" if before_subject else "(?:") + row["pattern"] + ")")
        rows.append((pattern, row["judged"], before_subject))
    return tuple(rows)


def find(item: str) -> Predicate | None:
    """The predicate of a target item: the one that ends last (…能耗降低及生态环境质量指标完成国家下达
    目标任务 promises the completion; 能耗降低 is part of what is completed), the longest of those,
    the first pattern of the file at a tie."""
    best, starts = None, []
    for pattern, judged, before_subject in _patterns():
        # every start, not finditer's non-overlapping matches: 保持基本 must not hide 基本稳定 (保持基本稳定)
        for match in filter(None, (pattern.match(item, at) for at in range(len(item)))):
            if match.end() == match.start():
                continue
            starts.append((match.start(), match.end()))
            if best is None or (match.end(), -match.start()) > (best.end, -best.start):
                best = Predicate(match.start(), match.end(), match.group(), judged, before_subject)
    if best is not None:
        # a match it overlaps from before is part of it (保持基本|稳定: the predicate is 保持基本稳定, not a
        # subject 宏观杠杆率保持)
        start = min((s for s, e in starts if s < best.start < e), default=best.start)
        best = Predicate(start, best.end, item[start:best.end], best.judged, best.before_subject)
    return best


@cache
def judged(qualifier: str | None) -> str:
    """How a target whose qualifier is `qualifier` can be decided: the judgement of the pattern that
    matches the whole of it (extraction stores the predicate as written), else none."""
    if not qualifier:
        return "none"
    for pattern, judgement, _ in _patterns():
        if pattern.fullmatch(qualifier):
            return judgement
    found = find(qualifier)   # a predicate joined with one it overlaps (保持基本稳定): the one ending last
    return found.judged if found is not None and found.end == len(qualifier) else "none"
