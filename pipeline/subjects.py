"""The words around a subject that are not the subject: shared by extraction and the passage reader.

What leads a subject without naming it (全年, 力争, 我市, 2023年, “十四五”时期) and what ends one
without naming it (均值, 同比, 预计, 继续) are data: knowledge/subject_leads.csv, subject_tails.csv.
"""
from __future__ import annotations

import re
from functools import lru_cache

from reportcmp.pipeline import knowledge

# Marks around a subject that are never part of it.
SUBJECT_TRIM = " \t\u3000“”\"'（）()《》〈〉"


def _lead_pattern() -> re.Pattern[str]:
    patterns = [row["pattern"] for row in knowledge.rows("subject_leads.csv")]
    return re.compile("^(?:" + "|".join(patterns) + ")+")


# Words before a subject that say when or in which order, never what.
SUBJECT_LEAD = _lead_pattern()


def without_lead(subject: str) -> str:
    """The subject without its leading words and marks: 力争全年地区生产总值 → 地区生产总值."""
    lead = SUBJECT_LEAD.match(subject)
    return (subject[lead.end():] if lead else subject).strip(SUBJECT_TRIM)


def _tails() -> dict[str, int]:
    return {row["word"]: int(row["min_left"]) for row in knowledge.rows("subject_tails.csv")}


SUBJECT_TAILS = _tails()
# Longest first, so that 平均值 is tried before 均值 where both end a subject.
TAIL_AT_END = re.compile("(?:" + "|".join(sorted(map(re.escape, SUBJECT_TAILS), key=len, reverse=True)) + ")$")


@lru_cache(maxsize=1 << 16)
def without_tail(subject: str) -> str:
    """The subject without the words at its end that say how, when or how surely: 城镇调查失业率均值 →
    城镇调查失业率, 农村居民人均可支配收入预计 → 农村居民人均可支配收入, 汽车产量继续 → 汽车产量."""
    while True:
        tail = TAIL_AT_END.search(subject)
        if tail is None or tail.start() < SUBJECT_TAILS[tail.group()]:
            return subject
        subject = subject[:tail.start()].rstrip(SUBJECT_TRIM)
