"""Sentences of the next report that decide a target no figure can (pipeline/evidence.py)."""
from __future__ import annotations

import pytest

from reportcmp.pipeline import evidence


@pytest.fixture(autouse=True)
def _state_dir(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("REPORTCMP_STATE_DIR", str(tmp_path_factory.getbasetemp() / "state"))


def decide(review: str, subject: str, predicate: str, judged: str, negative_only: bool = False):
    words = evidence.distinctive_words(subject)
    objects = evidence.distinctive_words(predicate) if judged == "maintain" else ()
    clauses = evidence.verdict_clauses([(0, review)])
    found = evidence.find(clauses, words, objects, judged, negative_only=negative_only)
    return found and (found.status, found.quote)


@pytest.mark.parametrize("review, subject, predicate, judged, expected", [
    # provinces/shanxi 2026
    ("全年GDP增长4%。约束性指标全部完成。", "国家下达的约束性指标任务", "不折不扣完成国家下达的约束性指标任务",
     "completion", ("met", "约束性指标全部完成")),
    # cities/zhumadian 2018
    ("节能减排完成省定目标，万元生产总值能耗下降1%以上。", "节能减排约束性指标", "完成省定目标",
     "completion", ("met", "节能减排完成省定目标")),
    # provinces/qinghai 2026: a class still held
    ("持续打好污染防治攻坚战，三大江河出省境断面水质保持在Ⅱ类及以上。", "长江、黄河干流、澜沧江出省境断面水质",
     "稳定保持在Ⅱ类及以上", "maintain", ("met", "三大江河出省境断面水质保持在Ⅱ类及以上")),
    # cities/zhumadian 2021: a place held, the target naming only the place
    ("主要经济指标增速稳居全省第一方阵。", "", "继续保持全省第一方阵", "maintain", ("met", "主要经济指标增速稳居全省第一方阵")),
    # blanket statements decide nothing
    ("全年主要目标任务顺利完成。", "国家下达的约束性指标任务", "完成国家下达的约束性指标任务", "completion", None),
    ("较好完成了市三届人大七次会议确定的目标任务。", "节能减排约束性指标", "完成省定目标", "completion", None),
    # a completion word without a task is no completion (实现增长)
    ("节能减排实现新进展，能耗下降3%。", "节能减排约束性指标", "完成省定目标", "completion", None),
    # one word of a long subject is not enough
    ("多措并举推进工程减排、源头减排，完成年度任务。", "节能减排减污降碳", "完成国家下达目标", "completion", None),
    # cities/zhumadian 2010: a completion naming nothing of its own is of the figures its sentence gave before it…
    ("认真落实节能减排措施，万元GDP能耗下降4.63%，二氧化硫、化学需氧量排放分别削减0.2万吨和1万吨，全面完成了省定目标任务。",
     "二氧化硫排放量", "控制在省下达目标以内", "completion",
     ("met", "认真落实节能减排措施，万元GDP能耗下降4.63%，二氧化硫、化学需氧量排放分别削减0.2万吨和1万吨，全面完成了省定目标任务")),
    # …but a blanket one (provinces/henan 2026) is not: the year's main targets decide no single one
    ("生产总值增长5.6%，规上工业增加值增长8.4%，主要指标增速居全国前列，顺利完成全年主要目标任务。",
     "单位生产总值能耗", "完成“十四五”考核目标", "completion", None),
    # a class not the one promised
    ("出省境断面水质保持在Ⅲ类。", "出省境断面水质", "稳定保持在Ⅱ类及以上", "maintain", None),
])
def test_sentence_decides_a_figureless_target(review, subject, predicate, judged, expected):
    assert decide(review, subject, predicate, judged) == expected


def test_a_clause_names_a_subject_in_either_spelling():
    # cities/zhumadian 2010: 万元GDP能耗 names 单位生产总值能耗 once GDP is spelled 地区生产总值 (match.normalize_subject)
    from reportcmp.pipeline import match
    review = "认真落实节能减排措施，万元GDP能耗下降4.63%，二氧化硫排放削减0.2万吨，全面完成了省定目标任务。"
    subject = "单位生产总值能耗"
    words = evidence.distinctive_words(subject, match.normalize_subject(subject))
    clauses = evidence.verdict_clauses([(0, review)])
    assert evidence.find(clauses, words, (), "completion") is None
    found = evidence.find(clauses, words, (), "completion", spelled=match.normalize_subject)
    assert found.status == "met" and found.quote == review.rstrip("。")


def test_a_target_said_not_reached_is_missed():
    # national/2016.txt on the 2015 trade target: the subject in the clause before the verdict
    review = "受全球贸易萎缩等因素影响，去年我国进出口总额出现下降，预期增长目标未能实现。"
    assert decide(review, "进出口", "", "completion", negative_only=True) == (
        "missed", "去年我国进出口总额出现下降，预期增长目标未能实现")
    assert decide("进出口完成年度目标。", "进出口", "", "completion", negative_only=True) is None


@pytest.mark.parametrize("review, subject, predicate, expected", [
    # national 2019, 2023, 2022: the promised state written of the same subject in the next review
    ("国际收支基本平衡。", "国际收支", "基本平衡", ("met", "国际收支基本平衡", "平衡")),
    ("经济运行稳中有进，国际收支保持平衡，外汇储备稳定。", "国际收支", "保持基本平衡", ("met", "国际收支保持平衡", "平衡")),
    ("生态环境质量明显改善。", "生态环境质量", "进一步改善", ("met", "生态环境质量明显改善", "改善")),
    ("宏观杠杆率趋于稳定。", "宏观杠杆率", "保持基本稳定", ("met", "宏观杠杆率趋于稳定", "稳定")),
    ("污染防治攻坚战深入开展，主要污染物排放量继续下降。", "主要污染物排放量", "继续下降",
     ("met", "主要污染物排放量继续下降", "下降")),
    # national 2007: written not held
    ("外贸顺差较大，国际收支不平衡矛盾加剧。", "国际收支", "基本平衡", ("missed", "国际收支不平衡矛盾加剧", "不平衡")),
    # a narrower subject is not the target's (provinces/fujian 2026), nor a state far after it
    ("规上工业单位增加值能耗下降2.4%。", "单位地区生产总值能耗", "保持下降", None),
    ("生态环境质量改善的基础还不稳固。", "生态环境质量", "持续改善", None),   # the state of a noun
    ("——生态环境质量稳中改善。", "生态环境质量", "稳定改善", ("met", "——生态环境质量稳中改善", "改善")),
    ("生态环境质量与人民群众期盼相比仍有差距，有所改善。", "生态环境质量", "持续改善", None),
    # a promise no state words are written for (回稳向好) is not read
    ("进出口回稳向好。", "进出口", "回稳向好", None),
])
def test_a_promised_state_written_of_the_subject_decides_it(review, subject, predicate, expected):
    states = evidence.state_promised(predicate)
    found = states and evidence.find_state([(0, review)], subject, *states)
    assert (found and (found.status, found.quote, found.state)) == expected
    if found:
        assert review[found.char_start:found.char_end] == found.quote


def test_distinctive_words_drop_generic_and_verdict_words():
    assert evidence.distinctive_words("国家下达的约束性指标任务") == ("约束性",)
    assert evidence.distinctive_words("继续保持全省第一方阵") == ("方阵",)
    assert "Ⅱ类" in evidence.distinctive_words("稳定保持在Ⅱ类及以上")
