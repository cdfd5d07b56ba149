"""The main-targets passage: where it starts, and every item without a figure as a target row."""
from __future__ import annotations

import pytest

from reportcmp.pipeline import passage, predicates
from reportcmp.pipeline.records import Paragraph, ReportMeta
from reportcmp.pipeline import extract


@pytest.fixture(autouse=True)
def _state_dir(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("REPORTCMP_STATE_DIR", str(tmp_path_factory.getbasetemp() / "state"))


PROVINCE_2025 = ReportMeta(region="某省", region_code=None, level="province", report_year=2025)


def targets(text: str, meta: ReportMeta = PROVINCE_2025):
    para = Paragraph(paragraph=0, char_start=0, char_end=len(text), part="plan",
                     period_start=meta.report_year, period_end=meta.report_year)
    return [m for m in extract.extract_metrics(text, [para], meta) if m.kind == "target"]


@pytest.mark.parametrize("text, found", [
    ("今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。", True),
    ("全市经济社会发展的预期目标是：地区生产总值增长5%左右。", True),        # tianjin/2025: no 主要
    ("今年全县经济社会发展主要目标是：生产总值增长6%。", True),
    ("投资体制改革的主要目标是：改革政府对企业投资的管理制度。", False),     # national/2004: another goal
    ("综合考虑各方面因素，主要预期目标是：国内生产总值增长5%左右。", True),
    # the same passage opened another way: 如下, 目标任务, 确定为, and without a colon before GDP (驻马店 2003)
    ("今年全市经济社会发展的主要预期目标如下：地区生产总值增长5%左右。", True),
    ("今年经济社会发展主要目标任务是：地区生产总值增长5%左右。", True),
    ("今年全市经济社会发展的主要预期目标确定为：地区生产总值增长5%左右。", True),
    ("今年我市经济和社会发展的主要预期目标是国内生产总值增长10%，其中第一产业增长5%。", True),
    ("今年经济增长预期目标为7%左右，这是必要的，经过努力也是可以实现的。", False),   # national/2005: a word about one
])
def test_intro(text, found):
    assert (passage.find_intro(text, 0, len(text)) is not None) is found


@pytest.mark.parametrize("text, expected", [
    # provinces/beijing 2025: a qualitative clause naming several subjects gives a row per subject
    ("主要预期目标是：生态环境质量、能源、水资源等指标达到国家要求。",
     [("生态环境质量", "qualitative", "达到国家要求"), ("能源", "qualitative", "达到国家要求"),
      ("水资源", "qualitative", "达到国家要求")]),
    # cities/zhumadian 2019: three subjects of one rise
    ("主要预期目标是：利用省外资金、境外资金和进出口持续增长。",
     [("利用省外资金", "qualitative", "持续增长"), ("境外资金", "qualitative", "持续增长"),
      ("进出口", "qualitative", "持续增长")]),
    # provinces/qinghai 2025: modifiers of one head are one thing
    ("主要预期目标是：长江、黄河干流、澜沧江出省境断面水质稳定保持在Ⅱ类及以上。",
     [("长江、黄河干流、澜沧江出省境断面水质", "qualitative", "稳定保持在Ⅱ类及以上")]),
    # provinces/anhui 2025: relative to a figure the report does not state
    ("主要预期目标是：城镇常住居民人均可支配收入增速高于全国平均水平。",
     [("城镇常住居民人均可支配收入", "relative", "高于全国平均水平")]),
    # provinces/hunan 2025
    ("主要预期目标是：居民消费价格涨幅与全国一致。", [("居民消费价格涨幅", "relative", "与全国一致")]),
    # cities/zhumadian 2020: a completion, a place held, and a verb before its subject
    ("主要预期目标是：确保完成脱贫攻坚任务，继续保持全省第一方阵，加大研究与实验发展经费投入。",
     [("脱贫攻坚任务", "qualitative", "确保完成脱贫攻坚任务"), ("", "qualitative", "继续保持全省第一方阵"),
      ("研究与实验发展经费投入", "qualitative", "加大")]),
    # an item no predicate is known for is still a target, undecidable
    ("主要预期目标是：营商环境在全国全省评价排序实现前移。",
     [("营商环境在全国全省评价排序", "qualitative", "实现前移")]),
])
def test_every_item_without_a_figure_is_a_target(text, expected):
    assert [(m.subject, m.target_kind, m.predicate) for m in targets(text)] == expected


def test_relative_target_keeps_its_relation_and_reference():
    (row,) = targets("主要预期目标是：居民收入增长与经济增长同步。")
    assert (row.subject, row.metric_key, row.target_kind, row.predicate, row.reference_metric_key, row.qualifier) == (
        "居民收入", "disposable_income", "relative", "同步", "gdp", None)


def test_hedges_and_commentary_are_no_items():
    text = ("主要预期目标是：地区生产总值增长5%左右，在实际工作中努力争取更好结果。"
            "这些目标的设定，充分考虑了需要和可能。")
    assert [m.subject for m in targets(text)] == ["地区生产总值"]


@pytest.mark.parametrize("predicate, judged", [
    ("稳中有增", "up"), ("稳定增长", "up"), ("保持正增长", "up"), ("持续提高", "up"), ("加大", "up"),
    ("继续下降", "down"), ("完成省定目标", "completion"), ("达到国家要求", "completion"),
    ("稳定保持在Ⅱ类及以上", "maintain"), ("继续保持全省第一方阵", "maintain"),
    ("稳中提质", "none"), ("总体稳定", "none"), ("持续改善", "none"), (None, "none"), ("说不清", "none"),
])
def test_predicate_judgement(predicate, judged):
    assert predicates.judged(predicate) == judged


def test_an_unknown_judgement_in_the_knowledge_file_fails_loudly(monkeypatch):
    monkeypatch.setattr(predicates.knowledge, "rows", lambda name: [{"pattern": "增长", "judged": "rise", "start": ""}])
    predicates._patterns.cache_clear()
    try:
        with pytest.raises(ValueError, match="unknown judged 'rise'"):
            predicates.find("粮食产量增长")
    finally:
        monkeypatch.undo()
        predicates._patterns.cache_clear()


def test_the_predicate_is_the_one_the_item_ends_on():
    # provinces/anhui 2025: 能耗降低 is part of what is to be completed, not the promise
    rows = targets("主要预期目标是：粮食产量和粮食播种面积、单位地区生产总值能耗降低及生态环境质量指标完成国家下达目标任务。")
    assert [(m.subject, m.predicate) for m in rows] == [
        ("粮食产量", "完成国家下达目标任务"), ("粮食播种面积", "完成国家下达目标任务"),
        ("单位地区生产总值能耗降低", "完成国家下达目标任务"), ("生态环境质量指标", "完成国家下达目标任务")]


def test_a_predicate_joins_one_it_overlaps():
    # national 2018: 保持基本 and 基本稳定 overlap; the predicate is both, the subject 宏观杠杆率
    rows = targets("主要预期目标是：国际收支保持基本平衡，宏观杠杆率保持基本稳定。")
    assert [(m.subject, m.predicate) for m in rows] == [("国际收支", "保持基本平衡"), ("宏观杠杆率", "保持基本稳定")]


def test_every_intro_and_declined_pattern_names_the_word_the_cheap_check_looks_for():
    import re

    from reportcmp.pipeline import knowledge

    for row in knowledge.rows("target_passage.csv"):
        if row["role"] in ("intro", "declined"):
            assert passage.TARGET_WORD in re.sub(r"\[[^]]*\]", "", row["pattern"]), row["pattern"]
