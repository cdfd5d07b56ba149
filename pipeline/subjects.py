"""The words around a subject that are not the subject: shared by extraction and the passage reader.

What leads a subject without naming it (全年, 力争, 我市, 2023年, “十四五”时期) is data:
knowledge/subject_leads.csv.
"""
from __future__ import annotations

import re

from pipeline import knowledge

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
