"""Property-based tests: no input crashes a stage, cleaning is idempotent, every quote is its span.

Each property runs twice: a short run in the normal suite (QUICK) and a long one marked slow (SLOW,
`make test-slow`). Inputs are arbitrary text and bytes, and report-like text built from real
fragments: figures, units, qualifiers, 、 lists, year words, part headings, full-width digits.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import clean, extract, numbers, read, segment
from pipeline.records import InputError, ReportMeta

QUICK = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))

DEZHOU = ReportMeta(region="德州市", region_code="371400", level="city", report_year=2024)
SUFFIXES = st.sampled_from(["", ".txt", ".text", ".html", ".htm", ".docx", ".pdf", ".doc", ".xlsx"])
# Binary signatures and text prefixes that real inboxes get, so the byte strategy reaches each reader.
BYTE_PREFIXES = st.sampled_from([b"", b"PK\x03\x04", b"%PDF-1.4\n", b"\xef\xbb\xbf", b"\xff\xfe",
                                 "<html><body>".encode(), "各位代表：".encode("gbk"), "各位代表：".encode()])

SUBJECTS = ["地区生产总值", "规上工业增加值", "城镇新增就业", "居民消费价格涨幅", "社会消费品零售总额",
            "一般公共预算收入", "粮食产量", "单位地区生产总值能耗", "城镇调查失业率", "5G基站",
            "营收过100亿元、50亿元企业", "高新技术企业", "鲁北大数据中心"]
VERBS = ["增长", "达到", "完成", "下降", "控制在", "新建改造", "分别达到", "提高", "突破", "比上年增长",
         "年均增长", "实现", "新增", "累计"]
QUALIFIERS = ["力争", "以上", "左右", "约", "超过", "不低于", "以内", "达", "近", "余", "多", "前", ""]
FIGURES = ["5.5", "6%－6.5%", "6%-6.5%", "3.65万", "二十", "1509亿", "３．５", "两千", "0", "1—2", "十",
           "100000000000000000000", "0.0001", "1,234.5", "６", "两位数", "百分之五", "3002", "99.9"]
UNITS = ["%", "％", "亿元", "万个", "个百分点", "万人", "公里", "亩", "万吨", "家", "个", "倍", "位", "元", ""]
JOINS = ["，", "、", "；", "。", "\n", "和", "分别", "和", "及", " ", "\u200b", "\n\n"]
PERIODS = ["2023年", "去年", "今年", "过去五年", "十四五时期", "2024年", "刚刚过去的2023年", "十五五", "2019年",
           "比2020年", "全年", ""]
HEADINGS = ["一、2023年工作回顾", "二、2024年工作安排", "三、政府自身建设", "各位代表：",
            "过去五年工作回顾", "今年经济社会发展的主要预期目标是："]
TAILS = ["我们没有提出全年经济增速具体目标", "稳中求进", "（一）", "1.", "——", "【", "】", "下载 打印 字号"]


def _pick(words: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(words)


STATEMENT = st.tuples(_pick(PERIODS), _pick(SUBJECTS), _pick(VERBS), _pick(QUALIFIERS), _pick(FIGURES),
                      _pick(UNITS), _pick(QUALIFIERS)).map("".join)
FRAGMENT = st.one_of(STATEMENT, _pick(HEADINGS), _pick(TAILS), _pick(FIGURES), st.text(max_size=5))
BODY = st.lists(st.tuples(FRAGMENT, _pick(JOINS)).map("".join), max_size=20).map("".join)
# A review part and a plan part, as segment() needs to take a text as a report.
REPORT_LIKE = st.tuples(BODY, BODY, BODY).map(
    lambda bodies: f"{bodies[0]}\n一、2023年工作回顾\n{bodies[1]}\n二、2024年工作安排\n{bodies[2]}")
ANY_TEXT = st.one_of(st.text(), BODY, REPORT_LIKE)


# ---- the properties ----------------------------------------------------------------------------

def read_raises_only_input_error(prefix: bytes, data: bytes, suffix: str) -> None:
    try:
        document = read.read_document(Path(f"report{suffix}"), prefix + data)
    except InputError as exc:
        assert str(exc)                        # the reason is shown to the user: never empty
        return
    assert document.text.strip()


def read_takes_any_utf8_report_text(text: str) -> None:
    try:
        document = read.read_document(Path("report.txt"), text.encode("utf-8"))
    except InputError:
        return
    assert document.text.strip()


def clean_is_idempotent(text: str) -> None:
    once = clean.clean_text(text)
    assert isinstance(once, str)
    assert clean.clean_text(once) == once


def quantities_stay_inside_the_text(text: str) -> None:
    for quantity in numbers.find_quantities(text):
        assert 0 <= quantity.start <= quantity.number_start < quantity.number_end <= quantity.end <= len(text)


def quotes_are_their_spans(text: str) -> None:
    text = clean.clean_text(text)
    try:
        paragraphs = segment.segment(text, DEZHOU.report_year)
    except InputError as exc:                 # not a report (no part headings): a stated reason
        assert str(exc)
        return
    for paragraph in paragraphs:
        assert 0 <= paragraph.char_start <= paragraph.char_end <= len(text)
    for metric in extract.extract_metrics(text, paragraphs, DEZHOU):
        assert metric.quote == text[metric.char_start:metric.char_end]
        assert metric.quote.strip()
        assert metric.kind in ("target", "result")


def _runs(check, *strategies):
    """The quick run for the normal suite and the long one marked slow, of one property."""
    return QUICK(given(*strategies)(check)), pytest.mark.slow(SLOW(given(*strategies)(check)))


BYTES = st.binary(max_size=2000)
test_read_raises_only_input_error, test_read_raises_only_input_error_long = _runs(
    read_raises_only_input_error, BYTE_PREFIXES, BYTES, SUFFIXES)
test_read_takes_any_utf8_report_text, test_read_takes_any_utf8_report_text_long = _runs(
    read_takes_any_utf8_report_text, ANY_TEXT)
test_clean_is_idempotent, test_clean_is_idempotent_long = _runs(clean_is_idempotent, ANY_TEXT)
test_quantities_stay_inside_the_text, test_quantities_stay_inside_the_text_long = _runs(
    quantities_stay_inside_the_text, ANY_TEXT)
test_quotes_are_their_spans, test_quotes_are_their_spans_long = _runs(quotes_are_their_spans, ANY_TEXT)


# ---- known inputs that once needed care, pinned ----------------------------------------------

@pytest.mark.parametrize("text", [
    "",
    "\u200b",
    "&\nnbsp;",
    "２０２４年地区生产总值增长５．５％左右",
    "营收过100亿元、50亿元企业分别达到6家和9家",
    "6%－6.5%",
    "政府工作报\n告",
    "一、2023年工作回顾\n地区生产总值增长5.5%。\n二、2024年工作安排\n地区生产总值增长6%左右。",
    "一、2023年工作回顾\n二、2024年工作安排\n我们没有提出全年经济增速具体目标",
])
def test_pinned_texts_keep_every_property(text):
    clean_is_idempotent(text)
    quantities_stay_inside_the_text(text)
    quotes_are_their_spans(text)


def test_the_report_like_shape_reaches_extraction():
    """The quote property is not vacuous: a text of the generated shape yields figures."""
    text = "一、2023年工作回顾\n地区生产总值增长5.5%。\n二、2024年工作安排\n地区生产总值增长6%左右。"
    metrics = extract.extract_metrics(text, segment.segment(text, DEZHOU.report_year), DEZHOU)
    assert [(m.kind, m.value, m.unit) for m in metrics] == [("result", 5.5, "%"), ("target", 6.0, "%")]
