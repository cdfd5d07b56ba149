"""The grammar of figures: numbers, units and qualifier words (pipeline/numbers.py)."""
from __future__ import annotations

import pytest

from pipeline.numbers import Quantity, find_quantities, parse_number, unit_info


def only(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, [q.text for q in found]
    return found[0]


def fields(q: Quantity) -> tuple:
    return (q.value, q.value_high, q.unit, q.value_base, q.base_unit,
            q.pre_qualifier, q.post_qualifier, q.comparator)


# (sentence, figure as it must be cut out, value, value_high, unit, value_base, base_unit,
#  pre_qualifier, post_qualifier, comparator)
SEED_FIGURES = [
    ("退减降缓税费超过50亿元", "超过50亿元", 50, None, "亿元", 5e9, "元", "超过", None, ">="),
    ("落实加计扣除政策50余亿元", "50余亿元", 50, None, "亿元", 5e9, "元", None, "余", ">="),
    ("新增银担“总对总”规模34.9亿元", "34.9亿元", 34.9, None, "亿元", 3.49e9, "元", None, None, "="),
    ("610个省市县三级实施类重点项目", "610个", 610, None, "个", 610, "个", None, None, "="),
    ("投资完成率121%", "121%", 121, None, "%", 121, "%", None, None, "="),
    ("举办促消费活动200余场", "200余场", 200, None, "场", 200, "场", None, "余", ">="),
    ("新建改造5G基站3002个", "3002个", 3002, None, "个", 3002, "个", None, None, "="),
    ("首次突破60万户", "突破60万户", 60, None, "万户", 6e5, "户", "突破", None, ">="),
]


@pytest.mark.parametrize(
    "sentence, cut, value, high, unit, base, base_unit, pre, post, comparator", SEED_FIGURES
)
def test_figure_in_real_sentence(sentence, cut, value, high, unit, base, base_unit, pre, post, comparator):
    q = only(sentence)
    assert q.text == cut
    assert sentence[q.start:q.end] == cut
    assert fields(q) == (value, high, unit, base, base_unit, pre, post, comparator)


NOT_FIGURES = ["二十大", "十四五", "十五五", "二〇二四年", "2024年", "12英寸大硅片", "2×660兆瓦",
               "8·6地震", "12345热线", "4A级", "5A级景区", "国Ⅲ", "国六", "第一季度", "一是", "二是",
               "三要", "一带一路", "一批", "一些", "一次性", "一体化", "三农", "两会", "两个维护",
               "四个意识", "五位一体", "双一流", "十大行动", "百千万工程", "5G基站", "PM2.5", "3D打印",
               "G20", "1号文件", "第十四届", "十四届全国人大二次会议", "2024年3月5日", "3月", "第三条"]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_name_date_or_code_is_no_figure(text):
    assert find_quantities(text) == []


PARSED = [("3.65万", 36500.0), ("1.3万亿", 1.3e12), ("两千", 2000.0), ("二十", 20.0),
          ("百万", 1e6), ("1,509", 1509.0), ("1509亿", 1.509e11)]


@pytest.mark.parametrize("core, expected", PARSED)
def test_parse_number(core, expected):
    assert parse_number(core) == expected


@pytest.mark.parametrize("core", ["", "3.65万个", "50余亿", "十四五", "百千万", "abc"])
def test_parse_number_refuses(core):
    with pytest.raises(ValueError):
        parse_number(core)


@pytest.mark.parametrize("unit, expected", [("万个", ("个", 1e4, "count")),
                                            ("万亿元", ("元", 1e12, "money")),
                                            ("个百分点", ("个百分点", 1.0, "pp")),
                                            ("英寸", None)])
def test_unit_info(unit, expected):
    assert unit_info(unit) == expected
