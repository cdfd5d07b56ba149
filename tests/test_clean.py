"""clean.clean_text: the stored text every quote and offset refers to."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportcmp.pipeline.clean import clean_text
from reportcmp.pipeline.read import read_document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    return sorted(path for path in CORPUS.rglob("*") if path.is_file())


# --- characters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("增长５２％", "增长52%"),
        ("增长７７．７％", "增长77.7%"),
        ("ＧＤＰ和ＰＭ２．５", "GDP和PM2.5"),
        ("监督支持下．团结带领", "监督支持下．团结带领"),  # a full-width point in prose is prose
        ("，。、；：“”（）——《》！？", "，。、；：“”（）——《》！？"),  # Chinese punctuation is kept
        ("6%－6.5%", "6%－6.5%"),  # the range dash is the report's, as in CONTRACT.md
        ("5\u200b2\u200c亿\u200d元\u2060", "52亿元"),
        ("\ufeff政府工作报告", "政府工作报告"),
        ("a\u00adb", "ab"),
        ("&nbsp;&nbsp;现在，我代表", "现在，我代表"),
        ("R&amp;D经费", "R&D经费"),
        ("&amp;nbsp;与&amp;amp;", "&amp;nbsp;与&amp;amp;"),  # unescaping would make a new entity
        ("――2026年1月27日", "——2026年1月27日"),
        ("粮食总产量达4l.38亿公斤", "粮食总产量达41.38亿公斤"),
        ("增长l3.6％，为计划的9l.9％", "增长13.6%，为计划的91.9%"),
        ("补助资金1.4l亿元", "补助资金1.41亿元"),
        ("增长5l．5％", "增长51.5%"),
        ("bluebell 2l", "bluebell 21"),  # an l inside a word is a letter
        ("国内生产总值增长1O％，社会消费品零售总额增长lO.5％", "国内生产总值增长10%，社会消费品零售总额增长10.5%"),
        ("“4O5O”人员", "“4050”人员"),
        ("PM2.5和O3浓度，CO2排放，二OO二年", "PM2.5和O3浓度，CO2排放，二OO二年"),  # ozone, a formula, a year in words
        ("增长????5%", "增长????5%"),  # lost characters stay lost, never become digits
        ("市长?? 张壮田", "市长??张壮田"),
    ],
)
def test_characters(raw, clean):
    assert clean_text(raw) == clean


# --- spaces and line ends --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("政 府 工 作 报 告", "政府工作报告"),
        ("比上年增长 52％", "比上年增长52%"),
        ("上海市市长 龚 正", "上海市市长龚正"),
        ("全省 100 个县", "全省100个县"),
        ("\u3000\u3000现在，我代表国务院。", "现在，我代表国务院。"),
        ("李\u3000强", "李强"),
        ("保定市委“1 9”战略", "保定市委“1 9”战略"),  # between digits a space separates
        ("open  source", "open source"),
        ("各位代表：\n会议于2023-03-30\u00a007:00开幕。", "各位代表：\n会议于2023-03-30 07:00开幕。"),
        ("现在。   \t", "现在。"),
        ("甲。\r\n乙。\r丙。", "甲。\n乙。\n丙。"),
        ("甲。\u2028乙。", "甲。\n乙。"),
        ("甲。\n\n\n\n乙。", "甲。\n\n乙。"),
        ("\n\n甲。\n\n", "甲。"),
    ],
)
def test_spaces_and_line_ends(raw, clean):
    assert clean_text(raw) == clean


# --- broken lines ---------------------------------------------------------------------------------

# Wikisource copies: paragraphs between blank lines, any single break is a copy artefact.
WIKISOURCE = """\u200b

政府工作报
告

——2017年3月5日在第十二届全国人民代表大会第五次会议上

国务院总理
　李克强

各位代表：

现在，我代表国务院，向大会报告政府工作。

一、2016年工作回顾

重点城市细颗粒物（PM
2.5
）年均浓度下降9.1%。广义货币M
2
增长11.3%。

一是
发行1000亿元长期国债。严格执行《
建筑法
》、《
招标投标法
》。

国民经济发展质量提高。
国内生产总值增长率达到预期目标。
"""
WIKISOURCE_CLEAN = """政府工作报告

——2017年3月5日在第十二届全国人民代表大会第五次会议上

国务院总理李克强

各位代表：

现在，我代表国务院，向大会报告政府工作。

一、2016年工作回顾

重点城市细颗粒物（PM2.5）年均浓度下降9.1%。广义货币M2增长11.3%。

一是发行1000亿元长期国债。严格执行《建筑法》、《招标投标法》。

国民经济发展质量提高。
国内生产总值增长率达到预期目标。"""

# One paragraph per line (provincial pages, county sheets): headings without punctuation stay lines.
ONE_PARAGRAPH_PER_LINE = """一、2025年工作回顾
2025年是“十四五”规划收官之年。
（一）全力促进经济平稳健康发展
稳增长政策措施加快落地见效。
“十四五”时期发展成就和2025年工作回顾
“十四五”时期内蒙古发展历程极不平凡。
2026年自治区民生实事
1.实现城镇新增就业18万人以上。
快速会商决策机制，
12.[五个1000]市委十一届十次全会"""


@pytest.mark.parametrize(
    "raw, clean",
    [
        (WIKISOURCE, WIKISOURCE_CLEAN),
        (ONE_PARAGRAPH_PER_LINE, ONE_PARAGRAPH_PER_LINE),
        ("——2026年1月26日在广东省第十四届\n人民代表大会第五次会议上", "——2026年1月26日在广东省第十四届人民代表大会第五次会议上"),
        ("政府工作报告2011年1月20日在徐水县第十四届人民代表大会\n第五次会议上", "政府工作报告2011年1月20日在徐水县第十四届人民代表大会第五次会议上"),
        ("中国电子增资麒麟软件，\n协和天津基地建设顺利推进。", "中国电子增资麒麟软件，协和天津基地建设顺利推进。"),
        ("一、回顾“十三五”，坚定前行、\n砥砺奋进，全面建成小康社会", "一、回顾“十三五”，坚定前行、砥砺奋进，全面建成小康社会"),
        ("“十五五”时期经济社会发展的\n主要目标", "“十五五”时期经济社会发展的主要目标"),
        ("（2006—2010年）\n》提出，", "（2006—2010年）》提出，"),
        ("完成任务。\n”", "完成任务。”"),
        ("增长（PM\n2.5", "增长（PM2.5"),
        ("GDP\n5.2", "GDP\n5.2"),  # table cells: a Latin word alone on its line is not a subscript
        ("各位代表：\n2023\n2024", "各位代表：\n2023\n2024"),
        ("各位代表：\n\n一、2016年工作回顾\n过去一年。", "各位代表：\n\n一、2016年工作回顾\n过去一年。"),
        ("open source\nsoftware\n\n甲。\n\n乙。", "open source software\n\n甲。\n\n乙。"),
        # national/2017.txt: a Wikisource line of one zero-width space inside a sentence
        ("国内生产总值达到74.4\n\u200b\n万亿元，增长6.7%。", "国内生产总值达到74.4万亿元，增长6.7%。"),
        # …in a report of blank-separated paragraphs; a heading stays a line of its own
        ("甲。\n\n财政收支矛盾较大，经\n\u200b\n济金融风险隐患不容忽视。\n\n一、2016年工作回顾\n\u200b\n过去一年。",
         "甲。\n\n财政收支矛盾较大，经济金融风险隐患不容忽视。\n\n一、2016年工作回顾\n过去一年。"),
        ("光缆线路550\n\u200b\n多万公里。", "光缆线路550多万公里。"),
        ("便利人民群众生活。\n\u200b\n本着鼓励创新", "便利人民群众生活。\n\n本着鼓励创新"),
        ("国内生产总值达到74.4\n\n万亿元，增长6.7%。", "国内生产总值达到74.4万亿元，增长6.7%。"),
        ("城镇新增就业1314\n万人。", "城镇新增就业1314万人。"),
        ("一、2016年工作回顾\n\n万众一心。", "一、2016年工作回顾\n\n万众一心。"),
        ("PM2.5\n\n万", "PM2.5\n\n万"),
    ],
    ids=[
        "wikisource", "one-paragraph-per-line", "session-line-bound", "session-line-tail",
        "comma", "enumeration-comma", "bound-的", "closing-title-mark", "closing-quote", "subscript",
        "table-cells-latin", "table-cells-digits", "heading-before-text", "latin-word-wrap",
        "zero-width-line-in-figure", "zero-width-line-in-word", "zero-width-line-before-多",
        "zero-width-line-after-sentence", "blank-line-between-figure-and-unit", "figure-and-unit",
        "year-heading-then-万", "latin-subscript-is-no-figure",
    ],
)
def test_broken_lines(raw, clean):
    assert clean_text(raw) == clean


# --- page clutter ------------------------------------------------------------------------------------

PROVINCE_PAGE = """下载
打印
全屏
收藏
【字号：
加大
还原
减小
】
2026年北京市政府工作报告
——2026年1月25日在北京市第十六届人民代表大会第四次会议上
来源：北京日报
时间：2026-02-02
北京市市长 殷勇
殷勇同志作政府工作报告。本报记者 戴冰摄
各位代表：
现在，我代表北京市人民政府，向大会报告政府工作。
各位代表！蓝图已经绘就，实干创造未来。
相关报道：
北京：某某新闻发布"""
PROVINCE_CLEAN = """2026年北京市政府工作报告
——2026年1月25日在北京市第十六届人民代表大会第四次会议上
北京市市长殷勇
各位代表：
现在，我代表北京市人民政府，向大会报告政府工作。
各位代表！蓝图已经绘就，实干创造未来。"""

BREADCRUMB_PAGE = """当前位置：
首页
>
政务信息
>
宁夏要闻
2026年宁夏回族自治区政府工作报告
发表时间：
2026-02-09 09:45:30
来源：
宁夏日报客户端
阅读量：
【字体：
小
中
大
】
政府工作报告
——2026年2月3日在宁夏回族自治区第十三届人民代表大会第四次会议上
自治区人民政府主席 张雨浦
2月3日，宁夏回族自治区第十三届人民代表大会第四次会议在银川开幕。自治区人民政府主席张雨浦作政府工作报告。 宁夏日报记者 王鼎 摄
各位代表：
现在，我代表自治区人民政府，向大会报告工作。
扫一扫在手机打开当前页
【
打印本页
】"""
BREADCRUMB_CLEAN = """2026年宁夏回族自治区政府工作报告
政府工作报告
——2026年2月3日在宁夏回族自治区第十三届人民代表大会第四次会议上
自治区人民政府主席张雨浦
各位代表：
现在，我代表自治区人民政府，向大会报告工作。"""

REPEATED_TITLE_PAGE = """分享:
陕西省2026年政府工作报告
2026年1月27日在陕西省第十四届人民代表大会第四次会议上 陕西省省长 赵刚
首页
>
政府信息公开
>
政府工作报告
>
省政府工作报告
陕西省2026年政府工作报告
2026年1月27日在陕西省第十四届人民代表大会第四次会议上 陕西省省长 赵刚
时间：
2026-02-02 09:20
来源：
陕西省人民政府
分享:
省长赵刚作政府工作报告
各位代表：
现在，我代表省人民政府向大会报告工作。"""
REPEATED_TITLE_CLEAN = """陕西省2026年政府工作报告
2026年1月27日在陕西省第十四届人民代表大会第四次会议上陕西省省长赵刚
各位代表：
现在，我代表省人民政府向大会报告工作。"""

CITY_CRAWL = """标题：二00三年政府工作报告
年份：2003
============================================================

中国政府网河南省人民政府繁简登录注册驻马店市人民政府豫州之腹地天下之最中无障碍阅读进入适老模式搜索热搜词：科技创新首页>政务公开>

政府工作报告二00三年政府工作报告发布时间：2003-02-2116:02信息来源：驻马店市情网打印分享到：发布时间：2003-02-2116:02信息来源：驻马店市情网分享到：

一、2002年工作完成情况

(一)国民经济保持快速增长。预计全年完成国内生产总值332亿元，比上年增长10.2％，好于年初的预期目标。

要坚持依法行政，从严治政，圆满完成今年的各项任务。扫一扫在手机打开当前页【关闭当前页面】

政府工作报告二00三年政府工作报告发布日期：2003-02-2116:02来源：驻马店市情网朗读.footer {display: block !important;}"""
CITY_CLEAN = """二00三年政府工作报告

一、2002年工作完成情况

(一)国民经济保持快速增长。预计全年完成国内生产总值332亿元，比上年增长10.2%，好于年初的预期目标。

要坚持依法行政，从严治政，圆满完成今年的各项任务。"""

COUNTY_SHEET = """工作报告
米易县2024年政府工作报告
时间：2023-03-30????\t\t\t\t\t\t作者：中国县域????\t\t\t\t\t\t来源：政府官网????\t\t\t\t\t\t阅读：
299
评论：
0
内容摘要：
政 府 工 作 报 告——2022年1月24日在米易县第十八届人民代表大会第一次会议上各位代表：现在，我代表县人民政府，全县地区生产总值增长......
政 府 工 作 报 告
（2022年1月24日在米易县第十八届人民代表大会第一次会议上）
米易县人民政府县长?? 张三
各位代表：
现在，我代表县人民政府向大会报告工作。
[1]“两个维护”：坚决维护习近平总书记党中央的核心、全党的核心地位。
免责声明：本文仅代表作者观点，不代表本站立场。
标签：
工作报告
分享到：
QQ空间
上一篇：
2020年盐山县政府工作报告
相关文章
03-30
2022年兰州市政府工作报告"""
COUNTY_CLEAN = """政府工作报告
（2022年1月24日在米易县第十八届人民代表大会第一次会议上）
米易县人民政府县长??张三
各位代表：
现在，我代表县人民政府向大会报告工作。
[1]“两个维护”：坚决维护习近平总书记党中央的核心、全党的核心地位。"""

GAP_IN_HEADER = """来源：百度马 克 数据网        政府工作报告
——2013年3月8日在阜平县第十六届人民代表大会第二次会议上
各位代表：
现在，我代表阜平县人民政府向大会作工作报告。"""
GAP_IN_HEADER_CLEAN = """政府工作报告
——2013年3月8日在阜平县第十六届人民代表大会第二次会议上
各位代表：
现在，我代表阜平县人民政府向大会作工作报告。"""

WIKISOURCE_FOOTER = """各位代表！

让我们为全面建成小康社会而奋斗！





本作品是中华人民共和国的
法律
、
法规
，国家机关的决议。

Public domain
Public domain
false
false"""
WIKISOURCE_FOOTER_CLEAN = """各位代表！

让我们为全面建成小康社会而奋斗！"""

NEWSPAPER_TAIL = """各位代表：
让我们更加紧密地团结起来。
（来源：青海日报）
编辑：何继红"""

# A report keeps every line it wrote, whatever words the line is made of.
CONSULTATION_DRAFT = """政府工作报告
（政治协商稿）
2003年4月7日
各位委员：
现在，我代表清苑县人民政府向大会报告工作。"""
BODY_WITH_CLUTTER_WORDS = """各位代表：
打印
下载量增长20%。
来源：统计局。
相关报道显示增长。
现在。"""


@pytest.mark.parametrize(
    "raw, clean",
    [
        (PROVINCE_PAGE, PROVINCE_CLEAN),
        (BREADCRUMB_PAGE, BREADCRUMB_CLEAN),
        (REPEATED_TITLE_PAGE, REPEATED_TITLE_CLEAN),
        (CITY_CRAWL, CITY_CLEAN),
        (COUNTY_SHEET, COUNTY_CLEAN),
        (GAP_IN_HEADER, GAP_IN_HEADER_CLEAN),
        (WIKISOURCE_FOOTER, WIKISOURCE_FOOTER_CLEAN),
        (NEWSPAPER_TAIL, "各位代表：\n让我们更加紧密地团结起来。"),
        (CONSULTATION_DRAFT, CONSULTATION_DRAFT),
        (BODY_WITH_CLUTTER_WORDS, BODY_WITH_CLUTTER_WORDS),
        ("'\n——改革开放进一步深化。'\n粗体文字\n重点领域改革取得新进展。", "——改革开放进一步深化。\n重点领域改革取得新进展。"),
    ],
    ids=[
        "province-menus-byline-caption-related", "breadcrumb-labels-share", "repeated-title",
        "city-crawler-header-navigation-glued-footer", "county-sheet", "gap-in-header",
        "wikisource-licence", "newspaper-tail", "consultation-draft-kept", "clutter-words-in-body-kept",
        "wiki-markup",
    ],
)
def test_page_clutter(raw, clean):
    assert clean_text(raw) == clean


def test_empty_and_clutter_only_text_cleans_to_nothing():
    assert (clean_text(""), clean_text(" \n\u3000\n"), clean_text("下载\n打印\n【字号：\n】")) == ("", "", "")


# --- determinism -----------------------------------------------------------------------------------

FRAGMENTS = [
    "\n", "\n\n", " ", "\u3000", "\t\t\t\t", "\u200b", "\r\n", "各位代表：", "现在，我代表国务院。",
    "一、2024年工作回顾", "（一）", "一是", "政府工作报", "告", "（PM", "2.5", "）", "M", "2", "。", "，",
    "《", "》", "“", "”", "下载", "打印", "【字号：", "】", ">", "首页", "来源：", "时间：2026-02-02",
    "标题：二00三年政府工作报告", "年份：2003", "=====", "内容摘要：", "......", "相关报道：", "上一篇：",
    "本作品是中华人民共和国的", "Public domain", "false", "扫一扫在手机打开当前页", "５２％", "７．７",
    "4l.38", "????", "&nbsp;", "'", "粗体文字", "政 府 工 作", "第十四届", "人民代表大会", "会议上",
    "在广东省", "记者 戴冰摄", "工作报告", "299", "A", "b", "0", "的", "——", "12.", "[1]",
    "&", "amp;", "nbsp;", "#12;", "l", "．", "ｌ",
]


# Inputs on which an earlier version was not idempotent (found by the property tests below).
ONCE_UNSTABLE = [
    "扫一扫在手机打开当前页\n????",
    "下载\t\t\t\t工作报告",
    "各位代表：l\n５２％",
    "1l",
    "时间：2026-02-02\t\t\t\t现在，我代表国务院。",
    "& amp;",
    "&#12;",
    "内容摘要：\t\t\t\t下载",
    "相关报道：\t\t\t\t下载",
    "【字号：'",
    "现在，我代表国务院。'\t\t\t\t下载",
    "。\n相关报道：扫一扫在手机打开当前页",
    "'扫一扫在手机打开当前页",
    "（一）'\n政 府 工 作",
    "5l．5",
    ":\r\r00:\r.\r0:",  # a joined line changed whether blank lines separate paragraphs
    "（\r0000000:00\r（0000000:00",  # two joined lines became a repeated title line
]


@pytest.mark.parametrize("text", ONCE_UNSTABLE)
def test_clean_is_idempotent_on_former_counterexamples(text):
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_clean_is_idempotent_on_report_like_text(text):
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_clean_is_idempotent_on_any_text(text):
    once = clean_text(text)
    assert clean_text(once) == once


# --- the real corpus -----------------------------------------------------------------------------

HEAD_CLUTTER = ("下载", "打印", "全屏", "收藏", "【字号：", "当前位置：", "首页", ">")
TAIL_CLUTTER = ("相关报道：", "相关文章", "上一篇：", "分享到：", "Public domain", "false", "天涯社区")


@pytest.mark.corpus
def test_corpus_cleans_without_clutter_or_broken_words():
    cleaned = {}
    for path in corpus_files():
        cleaned[path] = clean_text(read_document(path, path.read_bytes()).text)
    assert len(cleaned) == 168
    for path, text in cleaned.items():
        lines = text.split("\n")
        assert not set(lines[:15]) & set(HEAD_CLUTTER), path
        assert not any(word in text[:300] for word in ("字号", "标题：", "年份：", "阅读：", "内容摘要")), path
        assert lines[-1] not in TAIL_CLUTTER and "相关报道" not in text[-300:], path
        assert clean_text(text) == text, path
        assert not any(ch in text for ch in "\u200b\ufeff\r０１２３４５６７８９％"), path
    national = {p: t for p, t in cleaned.items() if p.parent.name == "national"}
    assert len(national) == 26
    for path, text in national.items():
        assert "政府工作报\n告" not in text and "PM\n2.5" not in text and "本作品" not in text, path
    assert "重点地区细颗粒物（PM2.5）浓度明显下降" in cleaned[CORPUS / "national" / "2017.txt"]


@pytest.mark.corpus
def test_corpus_keeps_every_sentence_of_the_body():
    """Conservative: each long raw line ending a sentence is still in the clean text (line breaks aside)."""
    from reportcmp.pipeline.clean import normalize_characters, normalize_spaces

    site_disclaimer = "本站为非营利性网站"
    for path in corpus_files():
        raw = read_document(path, path.read_bytes()).text
        flat = clean_text(raw).replace("\n", "")
        for line in normalize_spaces(normalize_characters(raw)).split("\n"):
            line = line.strip()
            if len(line) >= 30 and line.endswith("。") and not line.startswith(site_disclaimer):
                assert line in flat, (path, line)


@pytest.mark.corpus
def test_corpus_keeps_title_and_date_lines():
    expected_heads = {
        "provinces/beijing/2026年北京市政府工作报告.txt": ["2026年北京市政府工作报告", "——2026年1月25日在北京市第十六届人民代表大会第四次会议上", "北京市市长殷勇", "各位代表："],
        "provinces/guangdong/2026年广东省政府工作报告.txt": ["政府工作报告", "——2026年1月26日在广东省第十四届人民代表大会第五次会议上", "广东省省长孟凡利", "各位代表："],
        "counties/baoding-qingyuan/2003.txt": ["政府工作报告", "（政治协商稿）", "2003年4月7日", "各位委员："],
        "cities/zhumadian/2014_二O一一年政府工作报告.txt": ["二O一一年政府工作报告", "", "各位代表：现在，我代表市人民政府，向大会作工作报告，请予审议，并请各位政协委员提出意见。"],
        "national/2021.txt": ["政府工作报告", "", "——2021年3月5日在第十三届全国人民代表大会第四次会议上", ""],
    }
    corpus_files()
    for name, head in expected_heads.items():
        path = CORPUS / name
        lines = clean_text(read_document(path, path.read_bytes()).text).split("\n")
        assert lines[: len(head)] == head, name
