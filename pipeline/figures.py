"""Which figures state something: not years, names, specs, list labels or the target a result is
compared with (12英寸, 2×660兆瓦, “三个高于”, 第3批, （一）, 低于13%左右的预期目标).
"""
from __future__ import annotations

import re

from reportcmp.pipeline.grammar import (CLAUSE_BREAK, COUNT_VERB_AT, COUNT_VERB_BEFORE, MEASURE_VERB_AT, ORDINAL_UNITS,
                              STATED_AFTER_BOUND, _is_cjk, clause_span, figure_words)


# Quantities that are names, specs or list labels, not statements.
ATTRIBUTE_DIMENSIONS = frozenset({"length", "energy", "weight", "area", "money", "other"})
NOT_A_LIST_JOIN = "和与及或"
# A bound after a figure in front of a noun makes a class, not a count: 20户以上自然村.
BOUND_WORDS = frozenset(figure_words("class_bound"))
CHINESE_SMALL_NUMERAL = re.compile(r"[一二两三四五六七八九十]{1,2}")
SPEC_MARKS = "×xX*·•－-—/／"


def is_statement_figure(text: str, q, s_start: int, s_end: int) -> bool:
    """False for figures that only name or label: years, 12英寸 wafers, 2×660兆瓦 units,
    “三个高于”, 第3批, （一）."""
    if q.dimension == "year" or q.unit is None:
        return False
    before = text[q.number_start - 1] if q.number_start > s_start else ""
    after = text[q.number_end] if q.number_end < s_end else ""
    after_unit = text[q.end] if q.end < s_end else ""
    if (before and before in SPEC_MARKS) or (after and after in SPEC_MARKS):
        return False
    if before == "第" and q.unit not in ORDINAL_UNITS and q.dimension != "rank":
        return False
    if before and after and before in "（(" and after in "）)":
        return False
    if _inside_quotation(text, q, s_start):
        return False
    # 第十|三届, 二次创业, 八项规定: a small Chinese numeral glued to a noun is a name or an ordinal.
    if _is_cjk(after_unit) and CHINESE_SMALL_NUMERAL.fullmatch(text, q.number_start, q.number_end):
        return False
    if q.dimension == "rank" and (after_unit.isdigit() or CHINESE_SMALL_NUMERAL.match(after_unit)):
        return False
    # 增长11.3%，低于13%左右的预期目标: the figure is the target a result is compared with.
    if TARGET_REFERENCE_AFTER.match(text, q.end) and COMPARED_WITH_BEFORE.search(
            text, max(s_start, q.start - 3), q.number_start):
        return False
    # 20户以上自然村, 10亿元以上企业: a bounded figure in front of a noun is a class, not a count;
    # but 拟按3.6%以上安排, 实现20%以上增长 state a figure, and 完成1000家以上企业… counts the noun.
    if (q.post_qualifier in BOUND_WORDS and _is_cjk(after_unit) and after_unit not in NOT_A_LIST_JOIN
            and not STATED_AFTER_BOUND.match(text, q.end) and not _counted_by_verb(text, q, s_start)):
        return False
    # 12英寸大硅片, 102万亩地块, 过亿元项目: a measured spec in front of a noun is an attribute.
    if (q.dimension in ATTRIBUTE_DIMENSIONS and _is_cjk(after_unit) and after_unit not in NOT_A_LIST_JOIN
            and not MEASURE_VERB_AT.match(text, q.end)  # 1288亿元增加到…: a figure that changes
            and not MILESTONE.match(text, q.end)        # 跃上1.4万亿斤新台阶: a level reached
            and not _investment_statement(text, q, s_start)):
        return False
    return True


def _pattern(role: str) -> str:
    return "(?:" + "|".join(figure_words(role)) + ")"


MILESTONE = re.compile(_pattern("milestone"))
TARGET_REFERENCE_AFTER = re.compile(_pattern("target_reference"))
COMPARED_WITH_BEFORE = re.compile(_pattern("compared_with") + "$")


OPENING_BRACKETS, CLOSING_BRACKETS = "（(", "）)"
RESTATED_BEFORE = re.compile(_pattern("restated_target"))
TARGET_IN_BRACKETS = re.compile(_pattern("target_in_brackets") + "$")
TARGET_CLAUSE_END = re.compile(f"[^{CLAUSE_BREAK}]*?{_pattern('target_reference')}")


def restates_target(text: str, q, s_start: int, s_end: int) -> bool:
    """In a review, a figure that restates a target: in a bracket still open after the word for target (增长9%(年度
    目标6%以上), （年度目标：6%以上）), or in a clause that ends in the target and says it was not met (没有实现年初确定的
    单位国内生产总值能耗降低4%左右、主要污染物排放总量减少2%的目标). In a plan the same words state the target itself
    (规上工业增加值（不含电力）目标6%以上, 确保实现…的目标), so extract.py asks this of reviews only."""
    bracket = max(text.rfind(b, s_start, q.number_start) for b in OPENING_BRACKETS)
    if bracket >= 0 and not any(c in text[bracket:q.number_start] for c in CLOSING_BRACKETS) \
            and TARGET_IN_BRACKETS.search(text, bracket + 1, q.number_start) is not None:
        return True
    return (TARGET_CLAUSE_END.match(text, q.end, s_end) is not None
            and RESTATED_BEFORE.search(text, clause_span(text, q.number_start, s_start, s_end)[0], q.number_start)
            is not None)


def _investment_statement(text: str, q, s_start: int) -> bool:
    """总投资572亿元的74个项目, 投资160亿元实施30个…: an investment is stated, not an attribute."""
    if q.dimension != "money" or not text[max(s_start, q.start - 3):q.start].endswith(INVESTMENT_WORD_END):
        return False
    return text.startswith("的", q.end) or COUNT_VERB_AT.match(text, q.end) is not None


def _counted_by_verb(text: str, q, s_start: int) -> bool:
    """A count with a verb of knowledge/count_verbs.txt right before it: 新增1000家以上农民合作社."""
    return q.dimension == "count" and COUNT_VERB_BEFORE.search(text, max(s_start, q.start - 4), q.start) is not None


def _inside_quotation(text: str, q, s_start: int) -> bool:
    opened = text.rfind("“", s_start, q.start)
    return opened != -1 and text.rfind("”", opened, q.start) == -1 and "”" in text[q.end:q.end + 30]


# 41个总投资383亿元的…项目: what follows a count is the investment of the noun after 的.
INVESTMENT_OF_NOUN = re.compile(_pattern("investment") + _pattern("investment_pre") + r"?[\d.]+(?:多|余)?(?:万亿|亿|千万|万)?元"
                                + _pattern("investment_post") + "?的")

# 总投资572亿元的74个项目: an investment figure before 的 and, maybe, the count of the noun.
COUNT_BEFORE_NOUN = re.compile(r"[\d.]+(?:多|余)?[个项家处座所条]")
INVESTMENT_WORD_END = tuple(figure_words("investment"))
