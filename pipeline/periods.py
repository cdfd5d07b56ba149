"""Which years a figure is about: the paragraph's part, overridden by the period words of its sentence.

The paragraph's part gives the period (review → results of N-1, plan → targets of N, five-year parts
→ spans); words inside the sentence before the figure override it (去年, 刚刚过去的2017年, 过去五年,
年均, 累计, 到2027年, 比2002年, 是2011年的). The words are knowledge/period_words.csv, the grammar
(years, 比/较, 到/至, “十四五”) is here.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from reportcmp.pipeline import knowledge
from reportcmp.pipeline.grammar import movement_words
from reportcmp.pipeline.records import Paragraph


class Period(NamedTuple):
    """The year a figure is about, or the span (period_year None)."""

    period_year: int | None
    period_start: int | None
    period_end: int | None


PERIOD_ROLES = ("average", "base_of_year", "last_year", "last_year_word", "prior_year_word", "just_past",
                "five_years", "so_far", "this_year", "whole_year", "since", "not_year", "not_year_of_figure",
                "plan_period", "plan_named", "plan_first_year", "plan_last_year", "running", "part_of")


def period_words(role: str) -> list[str]:
    """The words of knowledge/period_words.csv with `role`, longest first."""
    rows = knowledge.rows("period_words.csv")
    unknown = sorted(({row["role"] for row in rows} | {role}) - set(PERIOD_ROLES))
    if unknown:
        raise knowledge.KnowledgeError(f"knowledge/period_words.csv: unknown roles {unknown}")
    return sorted((row["word"] for row in rows if row["role"] == role), key=len, reverse=True)


def _alternation(role: str) -> str:
    return "|".join(map(re.escape, period_words(role)))


AVERAGE_WORDS = period_words("average")
BASE_OF_YEAR = _alternation("base_of_year")
BASE_OF_YEAR_AT_END = re.compile(r"(?:" + BASE_OF_YEAR + r")(?:19|20)\d\d年的$")
FIVE_YEAR_WORDS = tuple(period_words("five_years"))
SO_FAR_WORDS = tuple(period_words("so_far"))
PART_OF_WORDS = tuple(period_words("part_of"))
# The first letters of the words that open a cue below (not the average and base words, looked ahead
# for whole) and of its grammar (years, “十四五”, 到/至, 比/较/与/同) are the letters a cue can start with.
_CUE_WORDS = [word for role in ("last_year", "last_year_word", "just_past", "five_years", "so_far", "this_year",
                                "whole_year") for word in period_words(role)]
_CUE_FIRST = "".join(sorted({word[0] for word in _CUE_WORDS} | set("12“十到至比较与同")))

# Period words inside a sentence, before the figure they govern.
PERIOD_CUE = re.compile(
    # the letters a cue starts with: most positions skip at once. The average and base words start
    # with common letters (是, 为, 平), so they are looked ahead for whole (是2011…, 平均每年).
    r"(?=[" + _CUE_FIRST + "]|" + _alternation("average") + "|(?:" + BASE_OF_YEAR + r")(?:19|20))"
    # 去年 after 比/较/高于/在…基础上 is a comparison base, not the period: 比去年预算高0.2个百分点.
    r"(?:(?P<last>(?:" + _alternation("just_past") + r")(?:19|20)\d\d年"
    r"|(?<![比较于与同持对])(?:" + _alternation("last_year_word") + ")|" + _alternation("last_year") + ")"
    r"|(?P<span>" + _alternation("five_years") + r"|(?P<since>(?:19|20)\d\d)年(?:" + _alternation("since") + ")"
    r"|“?十(?P<plan>[一二三四五六七八九])五”?(?:" + _alternation("plan_period") + ")"
    r"|(?P<average>" + _alternation("average") + r")|" + _alternation("so_far") + ")"
    r"|(?P<until>到|至)(?P<until_year>(?:19|20)\d\d)年"
    # 比2002年增长65.5%; 总量是2011年的1.42倍: a comparison base, the change since that year.
    r"|(?P<compared>比|较|与|(?:" + BASE_OF_YEAR + r")(?=(?:19|20)\d\d年的))(?P<base_year>(?:19|20)\d\d)年"
    r"|(?<![到至比较与])(?P<year>(?:19|20)\d\d)年(?!" + _alternation("not_year") + "|"
    + _alternation("not_year_of_figure") + ")"
    r"|(?P<this>" + _alternation("this_year") + ")"
    # 比上年增长8%, 较去年增加51天, 全年完成投资61亿元: one year, the part's own (N-1 in any review)
    r"|(?P<one_year>(?:比|较|同)(?:" + _alternation("last_year_word") + "|" + _alternation("prior_year_word") + ")|"
    + _alternation("whole_year") + "))"
)
# A change verb with 到/至 after it (增加到3664亿元): the figure after it is a level reached.
CHANGED_TO = re.compile(r"(?:" + "|".join(map(re.escape, movement_words("change"))) + r")(?:到|至)")
WEAK_PERIOD_WORDS = (*AVERAGE_WORDS, *SO_FAR_WORDS)
PLAN_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# What a paragraph's figures are, before the words of a sentence say otherwise.
PART_PERIOD = {
    "review": "result",
    "five_year_review": "result",
    "plan": "target",
    "self_building": "target",
    "five_year_plan": "target",
}


def last_period_cue(found_in_order: list[re.Match]) -> re.Match | None:
    """The period word that governs what follows: the last one, but 年均/累计/已经/比上年/全年 only
    when no word names the years (2013年以来，累计… is 2013–2017, not an open span; 2019年…比上年增长
    is 2019's change). An average (年均) is never one year's: after a word that names one year it
    governs (刚刚过去的2022年，…年均增长6.3% is a span)."""
    cue = None
    for found in found_in_order:
        if (cue is None or not _is_weak_cue(found) or _is_weak_cue(cue)
                or (found.group("average") and _names_one_year(cue))):
            cue = found
    return cue


def _names_one_year(cue: re.Match) -> bool:
    return bool(cue.group("last") or cue.group("year") or cue.group("this") or cue.group("one_year"))


def _is_weak_cue(cue: re.Match) -> bool:
    return cue.group("span") in WEAK_PERIOD_WORDS or cue.group("one_year") is not None


def period_of(cue: re.Match | None, part: str, para: Paragraph, year: int) -> tuple[str, Period]:
    """(kind, (period_year, period_start, period_end)) of a figure governed by period word `cue`.

    The paragraph's part decides unless the sentence, before the figure, names another period;
    the last such word wins (过去五年…；2017年… gives the 2017 figures to 2017); a sentence
    without figures that names a period speaks for the sentence after it.
    """
    kind = PART_PERIOD[part]
    if part in ("review", "plan", "self_building"):
        period = Period(year - 1, None, None) if kind == "result" else Period(year, None, None)
    else:
        default = (year - 5, year - 1) if kind == "result" else (year, year + 4)
        period = Period(None, para.period_start or default[0], para.period_end or default[1])
    if cue is None:
        return kind, period
    if cue.group("last") or (cue.group("year") and int(cue.group("year")) == year - 1):
        return "result", Period(year - 1, None, None)
    if cue.group("one_year"):
        # A one-year change: last year's in any review (a five-year review too), this year's in a plan.
        return ("result", Period(year - 1, None, None)) if kind == "result" else (kind, period)
    if cue.group("this") or (cue.group("year") and int(cue.group("year")) == year):
        return ("target", Period(year, None, None)) if kind == "target" else (kind, period)
    if cue.group("compared"):
        base = int(cue.group("base_year"))
        if base < year - 2:  # 比2002年增长65.5% in 2008: growth over 2003–2007
            return "result", Period(None, base + 1, year - 1)
        if base == year - 2:  # 较2020年增加36天 in 2022: last year's change
            return "result", Period(year - 1, None, None)
        return kind, period
    if cue.group("year") and int(cue.group("year")) < year - 1:
        return "result", Period(int(cue.group("year")), None, None)  # 从1997年的7.4万亿元…
    if cue.group("until"):
        until = int(cue.group("until_year"))
        if until > year:
            return "target", Period(None, year, until)
        return kind, period
    if cue.group("span"):
        words = cue.group("span")
        if kind == "target" and part in ("plan", "self_building") and words in SO_FAR_WORDS:
            return "result", Period(year - 1, None, None)
        if cue.group("since"):
            return "result", Period(None, int(cue.group("since")), year - 1)
        if cue.group("plan"):
            from reportcmp.pipeline.segment import five_year_plan_span
            start, end = five_year_plan_span(10 + PLAN_NUMBERS[cue.group("plan")])
            return ("result" if end < year else "target"), Period(None, start, end)
        if words in FIVE_YEAR_WORDS:
            return "result", Period(None, year - 5, year - 1)
        if kind == "result":  # 年均, 累计 in a review: a span the paragraph gives, or ending N-1
            if period[0] is None:
                return kind, period
            return "result", Period(None, para.period_start if para.period_start != year - 1 else None, year - 1)
    return kind, period
