"""Parts, periods, headings and sentence spans of small report texts."""
from __future__ import annotations

import pytest

from reportcmp.pipeline import segment
from reportcmp.pipeline.records import InputError

OPENING = "各位代表：\n现在，我代表市人民政府，向大会报告工作，请予审议。\n"
PLAIN = OPENING + (
    "一、2023年工作回顾\n"
    "地区生产总值增长6%。\n"
    "二、2024年重点工作安排\n"
    "（一）扩大有效投资。完成投资1000亿元以上。\n"
    "三、全面加强政府自身建设\n"
    "各位代表，让我们团结奋斗！\n"
)
# 2026 provincial shape: a mixed review heading, a 十五五 outline, then the year's work.
MIXED = OPENING + (
    "一、2025年和“十四五”时期工作回顾\n"
    "2025年，地区生产总值增长5.5%。\n"
    "“十四五”时期，地区生产总值年均增长5.6%。\n"
    "二、“十五五”时期主要目标任务\n"
    "地区生产总值年均增长5%左右。\n"
    "三、2026年重点工作\n"
    "地区生产总值增长5%左右。\n"
)
# A new government's report: only a five-year review, and no year in the plan heading.
NEW_TERM = (
    "各位代表：\n"
    "一、过去五年工作回顾\n"
    "国内生产总值年均增长7.7%。\n"
    "二、对今年政府工作的建议\n"
    "今年经济增长预期目标为8%左右。\n"
)
# Parts named without numbers; the numbered lines are subsections of the plan.
UNNUMBERED = (
    "各位代表：\n"
    "2004年工作回顾\n"
    "全县生产总值增长15.2%。\n"
    "2005年主要任务\n"
    "一、加快技术和管理进步\n"
    "全县生产总值增长13%。\n"
)
# Headings that carry no year: the first lines under them decide.
NO_YEAR = OPENING + (
    "一、一年接着一年干，新福建建设持续取得新进展新成效\n"
    "过去一年，生产总值增长5.6%。\n"
    "二、一张蓝图绘到底，奋力谱写中国式现代化福建篇章\n"
    "“十五五”时期，经济年均增长5%左右。\n"
    "三、一鼓作气勇争先，全力推动“十五五”开好局、起好步\n"
    "今年生产总值增长5%左右。\n"
)
# A five-year review heading over an account of the last year (shanxi/2026, laishui/2021), and a
# year's review with one paragraph on the five years (fujian/2026).
FIVE_YEARS_THEN_ONE = OPENING + (
    "一、“十四五”时期工作回顾\n"
    "地区生产总值年均增长5%。\n"
    "刚刚过去的2025年，全省上下团结奋斗。\n"
    "发挥比较优势。超额完成国家“十四五”找矿目标任务。城镇新增就业47.3万人。\n"
    "各位代表！过去五年成绩的取得，来之不易。\n"
    "二、2026年工作安排\n"
    "地区生产总值增长5%左右。\n"
)
# counties/baoding-laiyuan 2021: a five-year review whose account of the last year opens on 这一年.
FIVE_YEARS_THEN_THIS_YEAR = OPENING + (
    "一、过去五年工作回顾\n"
    "——这是县域综合实力稳步提升的五年。全县地区生产总值年均增长4.7%。\n"
    "这一年，面对经济下行压力持续加大的严峻形势，各项经济指标稳中向好。\n"
    "这一年，面对全面建成小康社会的艰巨任务，我们吹响了决战号角。\n"
    "二、2021年工作安排\n"
    "地区生产总值增长6.5%以上。\n"
)
# provinces/anhui 2026: a heading naming the year and the plan period, its five-year paragraphs
# opening on 这五年.
MIXED_THESE_FIVE_YEARS = OPENING + (
    "一、2025年工作和“十四五”发展回顾\n"
    "过去一年，生产总值增长5.5%。\n"
    "——这五年，综合实力大幅跃升。单位地区生产总值能耗下降17%。\n"
    "二、2026年工作安排\n"
    "地区生产总值增长5%左右。\n"
)
ONE_YEAR_THEN_FIVE = OPENING + (
    "一、一年接着一年干\n"
    "过去一年，生产总值增长5%。\n"
    "五年来，我们坚持创新驱动发展。研发经费投入年均增长10.5%。\n"
    "安全形势总体平稳。事故起数下降15.2%。\n"
    "二、2026年工作安排\n"
    "地区生产总值增长5%左右。\n"
)
TRUNCATED = OPENING + "一、2023年工作回顾\n地区生产总值增长6%。\n"


def parts_of(text: str, year: int) -> list[tuple[str, int | None, int | None]]:
    return [(p.part, p.period_start, p.period_end) for p in segment.segment(text, year)]


@pytest.mark.parametrize("text, year, expected", [
    (PLAIN, 2024, [
        ("opening", None, None), ("opening", None, None),
        ("review", 2023, 2023), ("review", 2023, 2023),
        ("plan", 2024, 2024), ("plan", 2024, 2024),
        ("self_building", 2024, 2024), ("self_building", 2024, 2024),
    ]),
    (MIXED, 2026, [
        ("opening", None, None), ("opening", None, None),
        ("review", 2025, 2025), ("review", 2025, 2025), ("five_year_review", 2021, 2025),
        ("five_year_plan", 2026, 2030), ("five_year_plan", 2026, 2030),
        ("plan", 2026, 2026), ("plan", 2026, 2026),
    ]),
    (NEW_TERM, 2003, [
        ("opening", None, None),
        ("five_year_review", 1998, 2002), ("five_year_review", 1998, 2002),
        ("plan", 2003, 2003), ("plan", 2003, 2003),
    ]),
    (UNNUMBERED, 2005, [
        ("opening", None, None),
        ("review", 2004, 2004), ("review", 2004, 2004),
        ("plan", 2005, 2005), ("plan", 2005, 2005), ("plan", 2005, 2005),
    ]),
    (NO_YEAR, 2026, [
        ("opening", None, None), ("opening", None, None),
        ("review", 2025, 2025), ("review", 2025, 2025),
        ("five_year_plan", 2026, 2030), ("five_year_plan", 2026, 2030),
        ("plan", 2026, 2026), ("plan", 2026, 2026),
    ]),
])
def test_parts_and_periods(text, year, expected):
    assert parts_of(text, year) == expected


@pytest.mark.parametrize("text, expected", [
    (FIVE_YEARS_THEN_ONE, [
        ("five_year_review", 2021, 2025), ("five_year_review", 2021, 2025),
        ("review", 2025, 2025),
        ("review", 2025, 2025),            # a plan named inside the paragraph does not move it back
        ("five_year_review", 2021, 2025),  # opens on the five years again
    ]),
    (MIXED_THESE_FIVE_YEARS, [
        ("review", 2025, 2025), ("review", 2025, 2025), ("five_year_review", 2021, 2025),
    ]),
    (ONE_YEAR_THEN_FIVE, [
        ("review", 2025, 2025), ("review", 2025, 2025),
        ("five_year_review", 2021, 2025),  # that paragraph only
        ("review", 2025, 2025),
    ]),
])
def test_a_review_paragraph_that_opens_on_the_other_span_moves_to_it(text, expected):
    assert parts_of(text, 2026)[2:2 + len(expected)] == expected


def test_a_five_year_review_paragraph_opening_on_this_year_is_the_last_year():
    assert parts_of(FIVE_YEARS_THEN_THIS_YEAR, 2021)[2:6] == [
        ("five_year_review", 2016, 2020), ("five_year_review", 2016, 2020),   # the heading, the five years
        ("review", 2020, 2020), ("review", 2020, 2020)]


def test_this_year_inside_a_paragraph_of_a_mixed_heading_moves_nothing():
    # 这一年 decides only where a paragraph opens on it, not a plan paragraph that speaks of "this year"
    text = OPENING + (
        "一、2020年工作回顾和2021年工作安排\n"
        "过去的一年，地区生产总值增长4.9%。\n"
        "2021年，地区生产总值增长6.5%以上。\n"
        "做好这一年的工作意义重大，城镇新增就业2500人。\n"
    )
    assert parts_of(text, 2021)[3:6] == [("review", 2020, 2020), ("plan", 2021, 2021), ("plan", 2021, 2021)]


def test_offsets_point_into_the_text_and_headings_are_kept():
    paragraphs = segment.segment(PLAIN, 2024)
    texts = [PLAIN[p.char_start:p.char_end] for p in paragraphs]
    assert texts[3] == "地区生产总值增长6%。"
    assert [p.paragraph for p in paragraphs] == list(range(8))
    assert paragraphs[5].heading == "二、2024年重点工作安排 / （一）扩大有效投资"
    assert paragraphs[0].heading is None


def test_mixed_year_heading_2019_and_this_year_is_a_review():
    text = OPENING + "一、2019年和今年以来工作回顾\n增长6.1%。\n二、今年发展主要目标\n增长6%。\n"
    assert [p for p, _, _ in parts_of(text, 2020)][2:] == ["review", "review", "plan", "plan"]


def test_a_numbered_list_restarting_inside_a_part_is_not_a_part():
    text = PLAIN.replace("三、全面加强", "一、提高低保标准。\n二、建设养老机构。\n三、全面加强")
    assert [p for p, _, _ in parts_of(text, 2024)].count("self_building") == 2


@pytest.mark.parametrize("text, message", [
    (TRUNCATED, "no plan part found"),
    ("地区生产总值增长6%。\n", "no plan part found"),
])
def test_a_text_without_a_plan_part_is_rejected(text, message):
    with pytest.raises(InputError, match=message):
        segment.segment(text, 2024)


@pytest.mark.parametrize("numeral, span", [
    ("九", (1996, 2000)), ("十", (2001, 2005)), ("十四", (2021, 2025)), ("十五", (2026, 2030)),
    ("一", (1953, 1957)), ("三", (1966, 1970)),
])
def test_five_year_plan_spans(numeral, span):
    assert segment.five_year_plan_span(segment.chinese_number(numeral)) == span


@pytest.mark.parametrize("text, expected", [
    ("增长6%。完成投资1000亿元；新增就业5万人！", ["增长6%。", "完成投资1000亿元；", "新增就业5万人！"]),
    ("第一句。\n  第二句没有句号\n", ["第一句。", "第二句没有句号"]),
    ("", []),
])
def test_sentences(text, expected):
    assert [text[s:e] for s, e in segment.sentences(text, 0, len(text))] == expected


def test_sentences_stay_inside_the_span():
    text = "前文。增长6%。完成投资。后文。"
    assert [text[s:e] for s, e in segment.sentences(text, 3, 13)] == ["增长6%。", "完成投资。"]


# counties/baoding-rongcheng/2020.txt, panzhihua-miyi/2022.txt: a glossary after the report explains
# words (its figures are no statements), and a footnote line does too.
WITH_GLOSSARY = PLAIN + (
    "【名词解释】\n"
    "[1]“两不愁三保障”：不愁吃、不愁穿，义务教育、基本医疗、住房安全有保障。\n"
    "7.“7+18+N”：7个主导产业，18个重点产业链。\n"
)


def test_a_glossary_after_the_report_is_notes():
    parts = parts_of(WITH_GLOSSARY, 2024)
    assert parts[-3:] == [("notes", None, None)] * 3
    assert parts[:-3] == parts_of(PLAIN, 2024)


def test_a_footnote_line_is_a_note_where_it_stands():
    text = PLAIN.replace("三、全面加强政府自身建设\n", "[2]“双千工程”：每年招商引资1000个项目。\n三、全面加强政府自身建设\n")
    assert ("notes", None, None) in parts_of(text, 2024)
