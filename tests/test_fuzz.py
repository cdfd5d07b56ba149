"""Property-based tests: no input crashes a stage, cleaning is idempotent, every quote is its span.

Each property runs twice: a short run in the normal suite (QUICK) and a long one marked slow (SLOW,
`make test-slow`). Inputs are arbitrary text and bytes, and report-like text built from real
fragments: figures, units, qualifiers, 、 lists, year words, part headings, full-width digits.
"""
from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportcmp.pipeline import clean, extract, numbers, read, read_markup, segment
from reportcmp.pipeline.records import InputError, ReportMeta

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


# ---- large and hostile shapes (issue 11): bombs, deep and wide HTML, the listing layer -----------

HTML_TAGS = st.sampled_from(["div", "p", "span", "font", "pre", "script", "nav", "br", "li", "table", "td", "b"])
HTML_TEXT = st.sampled_from(["各位代表", "增长5.2%", " ", "\n", "  a  b  ", "&amp;", "&nbsp;", "<", "x", ""])


@st.composite
def html_pages(draw) -> str:
    """Pages of nested and side-by-side elements, unclosed tags, comments and stray end tags."""
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        choice = draw(st.integers(0, 5))
        tag = draw(HTML_TAGS)
        if choice == 0:
            parts.append(f"<{tag}>")
        elif choice == 1:
            parts.append(f"</{tag}>")
        elif choice == 2:
            parts.append(f"<{tag}>{draw(HTML_TEXT)}</{tag}>")
        elif choice == 3:
            parts.append(f"<!-- {draw(HTML_TEXT)} -->")
        else:
            parts.append(draw(HTML_TEXT))
    return "<html><body>" + "".join(parts) + "</body></html>"


def _reference_html_text(markup: str) -> str:
    """What the page shows, from lxml's whole tree walked recursively: the reader it replaced."""
    from lxml import etree

    root = etree.fromstring(markup.encode(), etree.HTMLParser(encoding="utf-8", remove_comments=True,
                                                              remove_pis=True))
    parts: list[str] = []

    def walk(element, in_pre: bool) -> None:
        shown = lambda text: text if in_pre else re.sub(r"\s+", " ", text)  # noqa: E731
        block = element.tag in read_markup.HTML_BLOCK_TAGS
        parts.append("\n" if block else "")
        if element.text:
            parts.append(shown(element.text))
        for child in element:
            if child.tag not in read_markup.HTML_DROPPED_TAGS:
                walk(child, in_pre or child.tag == "pre")
            if child.tail:
                parts.append(shown(child.tail))
        parts.append("\n" if block else "")

    if root is not None:
        walk(root, False)
    lines = "".join(parts).split("\n")
    return "\n".join(line.strip() for line in lines if line.strip())


def streaming_html_reads_as_the_whole_tree(markup: str) -> None:
    """The streaming reader, fed in 7-byte pieces, gives the text the whole-tree walk gives."""
    with _chunk(7):
        streamed = read_markup.read_html(markup.encode())[0]
    assert streamed == _reference_html_text(markup)


@contextlib.contextmanager
def _chunk(size: int):
    original, read_markup._CHUNK = read_markup._CHUNK, size
    try:
        yield
    finally:
        read_markup._CHUNK = original


SHAPES = st.sampled_from(["deep-div", "wide-p", "wide-br", "deep-unclosed-font", "docx-paragraphs",
                          "docx-runs", "docx-depth", "pdf-pages", "txt-lines"])


def large_input_is_read_or_refused(shape: str, n: int) -> None:
    """However large or deep, a file is read or refused with a reason, in bounded memory: never
    another exception (a RecursionError, a MemoryError, a library's own error)."""
    from tests import hostile

    line = hostile.REPORT_LINE
    if shape == "deep-div":
        name, data = "a.html", ("<div>" * n + line + "</div>" * n).encode()
    elif shape == "wide-p":
        name, data = "a.html", f"<p>{line}</p>".encode() * n
    elif shape == "wide-br":
        name, data = "a.html", b"<br>" * n
    elif shape == "deep-unclosed-font":
        name, data = "a.html", f"<p><font>{line}".encode() * n
    elif shape == "txt-lines":
        name, data = "a.txt", (line + "\n").encode() * n
    elif shape == "pdf-pages":
        with tempfile.TemporaryDirectory() as folder:
            name, data = "a.pdf", hostile.pdf_many_pages(Path(folder) / "a.pdf", min(n, 60_000)).read_bytes()
    else:
        body = {"docx-paragraphs": b"<w:p><w:r><w:t>x</w:t></w:r></w:p>", "docx-runs": b"<w:r/>",
                "docx-depth": b"<w:sdt><w:sdtContent>"}[shape]
        deflated = hostile._Deflated().add(hostile.DOCUMENT_START).add(body, n)
        with tempfile.TemporaryDirectory() as folder:
            name, data = "a.docx", hostile._docx(Path(folder) / "a.docx", deflated).read_bytes()
    try:
        document = read.read_document(Path(name), data)
    except InputError as exc:
        assert str(exc)
        return
    assert document.text.strip()


@st.composite
def trees(draw) -> list[tuple[str, str]]:
    """Folders of entries of every kind a listing meets: (relative path, kind)."""
    names = st.sampled_from(["a.txt", "b.docx", "报告.txt", ".hidden.txt", "~$lock.docx", "c", "d.html"])
    folders = st.sampled_from(["", "sub/", "sub/deeper/", ".git/", "报告/", "bad\udcb1/"])
    kinds = st.sampled_from(["file", "fifo", "link-inside", "link-outside", "link-dangling", "link-folder-outside",
                             "bad-name", "empty"])
    return draw(st.lists(st.tuples(st.tuples(folders, names).map("".join), kinds), max_size=12))


def listing_accounts_for_every_entry(tree: list[tuple[str, str]]) -> None:
    """list_inputs never raises; every visible entry is listed as a file to read or as a problem
    with a reason; nothing outside the folder is ever a file to read; examining never raises."""
    from reportcmp.pipeline import inputs

    with tempfile.TemporaryDirectory() as base:
        root, outside = Path(base) / "inbox", Path(base) / "outside"
        root.mkdir()
        outside.mkdir()
        (outside / "secret.txt").write_text("secret", encoding="utf-8")
        target = root / "target.txt"
        target.write_text("各位代表", encoding="utf-8")
        for relative, kind in tree:
            path = os.path.join(os.fsencode(root), os.fsencode(relative))
            if kind == "bad-name":
                path += b"\xb1.txt"
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if os.path.lexists(path) or os.path.isdir(path):
                continue
            if kind == "fifo":
                os.mkfifo(path)
            elif kind == "link-inside":
                os.symlink(target, path)
            elif kind == "link-outside":
                os.symlink(outside / "secret.txt", path)
            elif kind == "link-dangling":
                os.symlink(root / "gone", path)
            elif kind == "link-folder-outside":
                os.symlink(outside, path)
            else:
                with open(path, "wb") as file:
                    file.write(b"" if kind == "empty" else "各位代表".encode())
        listed, missing = inputs.list_inputs([root])
        assert missing == []
        for entry in listed:
            if entry.problem is None:
                assert entry.path.startswith(str(root) + os.sep) and os.path.isfile(entry.path)
                assert inputs.printable(entry.path) == entry.path
            else:
                assert entry.problem.strip()
            item = inputs.examine(entry)
            assert item.path.encode("utf-8")                 # storable and printable
        seen = {entry.path for entry in listed}
        for folder, subfolders, files in os.walk(root):
            subfolders[:] = [s for s in subfolders if not s.startswith(".") and inputs.printable(s) == s]
            for name in files:
                full = os.path.join(folder, name)
                if name.startswith((".", "~$")) or os.path.islink(full) and os.path.isdir(full):
                    continue
                assert full in seen or os.path.realpath(full) in seen, full


test_streaming_html_reads_as_the_whole_tree, test_streaming_html_reads_as_the_whole_tree_long = _runs(
    streaming_html_reads_as_the_whole_tree, html_pages())
LARGE = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
test_large_input_is_read_or_refused = LARGE(given(SHAPES, st.sampled_from([1, 2_049, 100_000, 1_000_000]))(
    large_input_is_read_or_refused))
test_large_input_is_read_or_refused_long = pytest.mark.slow(
    settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))(
        given(SHAPES, st.integers(0, 3_000_000))(large_input_is_read_or_refused)))
test_listing_accounts_for_every_entry, test_listing_accounts_for_every_entry_long = _runs(
    listing_accounts_for_every_entry, trees())
