"""Statement extraction: sentence in, statements out, with exact subjects, measures, bounds and periods.

Paragraphs are built by hand (segment.py decides them in the product); each test text is one
paragraph of the part named. Sentences are from the Dezhou seed (report_year 2024) and the
national reports.
"""
from __future__ import annotations

import pytest

from reportcmp.pipeline import extract
from reportcmp.pipeline.records import Paragraph, ReportMeta


@pytest.fixture(autouse=True)
def _state_dir(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("REPORTCMP_STATE_DIR", str(tmp_path_factory.getbasetemp() / "state"))


DEZHOU = ReportMeta(region="德州市", region_code="371400", level="city", report_year=2024)
NATIONAL_2018 = ReportMeta(region="全国", region_code="100000", level="national", report_year=2018)
NATIONAL_2020 = ReportMeta(region="全国", region_code="100000", level="national", report_year=2020)
NATIONAL_2015 = ReportMeta(region="全国", region_code="100000", level="national", report_year=2015)

PART_PERIODS = {  # the period segment.py gives each part of a 2024 report
    "review": (2023, 2023),
    "plan": (2024, 2024),
    "five_year_review": (2019, 2023),
    "five_year_plan": (2026, 2030),
    "opening": (None, None),
    "other": (None, None),
    "self_building": (2024, 2024),
}


def paragraph(text: str, part: str, meta: ReportMeta = DEZHOU, period: tuple | None = None) -> Paragraph:
    if period is None:
        start, end = PART_PERIODS[part]
        shift = meta.report_year - 2024
        period = (start + shift if start else None, end + shift if end else None)
    return Paragraph(paragraph=0, char_start=0, char_end=len(text), part=part,
                     period_start=period[0], period_end=period[1])


def run(text: str, part: str, meta: ReportMeta = DEZHOU, period: tuple | None = None):
    metrics = extract.extract_metrics(text, [paragraph(text, part, meta, period)], meta)
    for m in metrics:
        assert text[m.char_start:m.char_end] == m.quote
    return metrics


def rows(metrics):
    """(subject, measure, value, unit, qualifier, comparator) of each statement."""
    return [(m.subject, m.measure, m.value, m.unit, m.qualifier, m.comparator) for m in metrics]


# --- results of the review (Dezhou 2024 reviewing 2023) ---------------------------------------

SEED_INDICATORS = (
    "地区生产总值增长6%，一般公共预算收入增长6.6%，规上工业增加值增长8.8%，固定资产投资增长7.1%，"
    "社会消费品零售总额增长10%，城乡居民人均可支配收入增长6.2%，主要经济指标实现“三个高于”目标。"
)


def test_seed_indicator_series_is_one_statement_per_indicator():
    metrics = run(SEED_INDICATORS, "review")
    assert [(m.metric_key, m.subject, m.measure, m.value, m.unit) for m in metrics] == [
        ("gdp", "地区生产总值", "growth", 6.0, "%"),
        ("budget_revenue", "一般公共预算收入", "growth", 6.6, "%"),
        ("industrial_value_added", "规上工业增加值", "growth", 8.8, "%"),
        ("fixed_asset_investment", "固定资产投资", "growth", 7.1, "%"),
        ("retail_sales", "社会消费品零售总额", "growth", 10.0, "%"),
        ("disposable_income", "城乡居民人均可支配收入", "growth", 6.2, "%"),
    ]
    assert {(m.kind, m.period_year, m.period_start, m.period_end, m.target_kind) for m in metrics} == {
        ("result", 2023, None, None, None)}
    assert [m.quote for m in metrics][:2] == ["地区生产总值增长6%", "一般公共预算收入增长6.6%"]


REVIEW_SENTENCES = [
    # sentence, [(subject, measure, value, unit, qualifier, comparator)]
    ("退减降缓税费超过50亿元。",
     [("退减降缓税费", "level", 50.0, "亿元", "超过", ">=")]),
    ("新增高新技术企业234家、科技型中小企业397家。",
     [("新增高新技术企业", "level", 234.0, "家", None, "="),
      ("科技型中小企业", "level", 397.0, "家", None, "=")]),
    ("营收过100亿元、50亿元企业分别达到6家和9家。",
     [("营收过100亿元企业", "level", 6.0, "家", "达到", "="),
      ("营收过50亿元企业", "level", 9.0, "家", None, "=")]),
    ("就业社保、住房保障支出分别增长14.4%、34.8%。",
     [("就业社保支出", "growth", 14.4, "%", None, "="),
      ("住房保障支出", "growth", 34.8, "%", None, "=")]),
    # 山东 2026: 限上 qualifies the shared 零售额, not 智能手机
    ("新能源汽车、智能家电、智能手机限上零售额分别增长8.7%、31.5%和32.3%。",
     [("新能源汽车限上零售额", "growth", 8.7, "%", None, "="),
      ("智能家电限上零售额", "growth", 31.5, "%", None, "="),
      ("智能手机限上零售额", "growth", 32.3, "%", None, "=")]),
    ("城镇、农村居民人均可支配收入分别增长5.5%和7.1%。",
     [("城镇居民人均可支配收入", "growth", 5.5, "%", None, "="),
      ("农村居民人均可支配收入", "growth", 7.1, "%", None, "=")]),
    ("改造老旧小区136个。",
     [("改造老旧小区", "level", 136.0, "个", None, "=")]),
    ("完成136个老旧小区改造。",
     [("老旧小区", "level", 136.0, "个", None, "=")]),
    ("新建改造5G基站3002个。",
     [("新建改造5G基站", "level", 3002.0, "个", None, "=")]),
    ("610个省市县三级实施类重点项目完成投资1509亿元，投资完成率121%。",
     [("省市县三级实施类重点项目", "level", 610.0, "个", None, "="),
      ("省市县三级实施类重点项目完成投资", "level", 1509.0, "亿元", None, "="),
      ("投资完成率", "share", 121.0, "%", None, "=")]),
    ("全年粮食总产157.5亿斤、增长2.5%。",
     [("粮食总产", "level", 157.5, "亿斤", None, "="),
      ("粮食总产", "growth", 2.5, "%", None, "=")]),
    ("新登记经营主体增长40.4%，首次突破60万户。",
     [("新登记经营主体", "growth", 40.4, "%", None, "="),
      ("新登记经营主体", "level", 60.0, "万户", "突破", ">=")]),
    ("高新技术产业产值占比达到54%。",
     [("高新技术产业产值占比", "share", 54.0, "%", "达到", "=")]),
    ("粮食总产量连续9年稳定在1300亿斤以上。",
     [("粮食总产量", "level", 1300.0, "亿斤", "稳定在…以上", ">=")]),
    ("实现行政村和20户以上自然村通硬化路。", []),
    ("一般公共预算收入完成10亿元，同比增长10.1%。",
     [("一般公共预算收入", "level", 10.0, "亿元", None, "="),
      ("一般公共预算收入", "growth", 10.1, "%", None, "=")]),
    ("城镇、农村居民人均可支配收入分别达到34068元、23756元，分别同比增长8.5%、11.5%。",
     [("城镇居民人均可支配收入", "level", 34068.0, "元", "达到", "="),
      ("农村居民人均可支配收入", "level", 23756.0, "元", None, "="),
      ("城镇居民人均可支配收入", "growth", 8.5, "%", None, "="),
      ("农村居民人均可支配收入", "growth", 11.5, "%", None, "=")]),
    # each subject written with its own level, then 分别 and the growths: the subjects without their levels
    ("城镇居民人均可支配收入9762元、农民人均纯收入3410元，分别增长23.5%和17.3%。",
     [("城镇居民人均可支配收入", "level", 9762.0, "元", None, "="),
      ("城镇居民人均可支配收入", "growth", 23.5, "%", None, "="),
      ("农民人均纯收入", "growth", 17.3, "%", None, "="),
      ("农民人均纯收入", "level", 3410.0, "元", None, "=")]),
    # …and one clause each: the list runs back over as many clauses as there are figures after 分别
    ("全市财政收入增长11.1%，城镇居民人均可支配收入达13702元，农民人均纯收入4861元，分别增长11.3%、15.3%。",
     [("全市财政收入", "growth", 11.1, "%", None, "="),
      ("城镇居民人均可支配收入", "level", 13702.0, "元", "达", "="),
      ("城镇居民人均可支配收入", "growth", 11.3, "%", None, "="),
      ("农民人均纯收入", "growth", 15.3, "%", None, "="),
      ("农民人均纯收入", "level", 4861.0, "元", None, "=")]),
    ("优良天数比例上升至87.2%。",
     [("优良天数比例", "share", 87.2, "%", None, "=")]),
    # an amount head after enterprises, a report verb before it: the enterprises' amount
    ("限上工业企业比上年增加215户，完成增加值135.1亿元，增长26.6%。",
     [("限上工业企业", "growth", 215.0, "户", None, "="),
      ("限上工业增加值", "level", 135.1, "亿元", None, "="),
      ("限上工业增加值", "growth", 26.6, "%", None, "=")]),
    # an investment of a counted group named after 等 is the group's; not of items with their own
    ("总投资18.3亿元的上元、北京联东等4个科技产业社区相继落户新安。",
     [("科技产业社区总投资", "level", 18.3, "亿元", None, "="),
      ("科技产业社区", "level", 4.0, "个", None, "=")]),
    ("投资58亿元的香江利尔碳酸锂、投资12亿元的杭萧钢构开工建设。",
     [("香江利尔碳酸锂总投资", "level", 58.0, "亿元", None, "="),
      ("杭萧钢构总投资", "level", 12.0, "亿元", None, "=")]),
    # a ratio's base (为调整预算的) is not what the growth after it measures
    ("地方财政一般预算收入完成12.06亿元，为调整预算的104%，比上年实际完成增长21%。",
     [("地方财政一般预算收入", "level", 12.06, "亿元", None, "="),
      ("地方财政一般预算收入", "growth", 21.0, "%", None, "="),
      ("为调整预算的", "share", 104.0, "%", None, "=")]),
    ("居民消费价格上涨0.2%。",
     [("居民消费价格", "growth", 0.2, "%", None, "=")]),
    ("我市位列全国数字城市百强第63位。",
     [("全国数字城市百强", "rank", 63.0, "位", None, "=")]),
    ("招聘教师2930名。",
     [("招聘教师", "level", 2930.0, "名", None, "=")]),
    ("货物进出口增长10%左右，跨境电商进出口增长44%。",
     [("货物进出口", "growth", 10.0, "%", "左右", "~"),
      ("跨境电商进出口", "growth", 44.0, "%", None, "=")]),
    ("预计利用外资5.8亿美元。",
     [("利用外资", "level", 5.8, "亿美元", "预计", "=")]),
    ("单位地区生产总值能耗下降3.2%。",
     [("单位地区生产总值能耗", "decrease", 3.2, "%", None, "=")]),
    ("常住人口城镇化率提高1.2个百分点。",
     [("常住人口城镇化率", "change_pp", 1.2, "个百分点", None, "=")]),
    ("国内生产总值达到13.65万亿元，比上年增长9.5%。",
     [("国内生产总值", "level", 13.65, "万亿元", "达到", "="),
      ("国内生产总值", "growth", 9.5, "%", None, "=")]),
]


@pytest.mark.parametrize("sentence, expected", REVIEW_SENTENCES, ids=[s for s, _ in REVIEW_SENTENCES])
def test_review_sentence(sentence, expected):
    metrics = run(sentence, "review")
    assert rows(metrics) == expected
    assert all(m.kind == "result" and m.period_year == 2023 for m in metrics)


@pytest.mark.parametrize(
    "sentence, subject, key",
    [("新建改造5G基站3002个。", "新建改造5G基站", "lt:5G基站"),
     ("单位地区生产总值能耗下降3.2%。", "单位地区生产总值能耗", "energy_intensity"),
     ("城镇新增就业6.1万人。", "城镇新增就业", "new_urban_jobs"),
     ("地区生产总值增长6%。", "地区生产总值", "gdp"),
     # older reports' names of the same indicators
     ("第一产业增长5%。", "第一产业", "primary_industry_value_added"),
     ("全市出口创汇完成3226万美元。", "全市出口创汇", "exports"),
     ("限上工业增加值增长20%以上。", "限上工业增加值", "industrial_value_added"),
     ("财政一般预算收入增长8%。", "财政一般预算收入", "budget_revenue"),
     ("城镇居民可支配收人增长7%。", "城镇居民可支配收人", "urban_disposable_income"),
     # a narrower scope is not the whole (a report of 2008 gives both)
     ("全社会固定资产投资增长30%。", "全社会固定资产投资", "fixed_asset_investment"),
     ("城镇固定资产投资增长35%。", "城镇固定资产投资", "lt:城镇固定资产投资"),
     ("全市规模以上工业完成增加值225.7亿元。", "全市规模以上工业完成增加值", "industrial_value_added")],   # a misprint, quoted as written
)
def test_metric_key_of_statement(sentence, subject, key):
    (metric,) = run(sentence, "review")
    assert (metric.subject, metric.metric_key) == (subject, key)


def test_respectively_list_quotes_the_whole_clause():
    sentence = "金能科技等11家企业入选省领军企业，营收过100亿元、50亿元企业分别达到6家和9家。"
    metrics = run(sentence, "review")
    assert [m.quote for m in metrics if m.value in (6.0, 9.0)] == [
        "营收过100亿元、50亿元企业分别达到6家和9家"] * 2


# --- figures that are names, specs or labels: no statement -------------------------------------

NO_METRIC = [
    "深入学习贯彻党的二十大精神。",
    "是实现“十四五”规划目标任务的关键一年。",
    "有研12英寸大硅片、高纯溅射靶材通线量产。",
    "华能电厂高灵活性2×660兆瓦热电联产项目获得核准。",
    "妥善应对8·6地震灾害。",
    "12345热线接通率持续提升。",
    "创建国家4A级旅游景区。",
    "淘汰国Ⅲ及以下排放标准营运柴油货车。",
    "（一）经济运行承压稳进。",
    "2023年是全面贯彻党的二十大精神的开局之年。",
    "严格落实中央八项规定及其实施细则精神。",
    "主要经济指标实现“三个高于”目标。",
    "核心区102万亩地块。",
]


@pytest.mark.parametrize("sentence", NO_METRIC)
def test_no_metric(sentence):
    assert run(sentence, "review") == []


@pytest.mark.parametrize("part", ["opening", "other"])
def test_opening_and_other_paragraphs_give_nothing(part):
    assert run("地区生产总值增长6%。", part) == []


# --- targets of the plan (Dezhou 2024) -------------------------------------------------------

SEED_MAIN_TARGETS = (
    "综合分析，建议今年经济社会发展主要预期目标是：地区生产总值增长5.5%以上，一般公共预算收入增长5%左右，"
    "固定资产投资增长8%左右，社会消费品零售总额增长6.5%左右，居民人均可支配收入增长高于GDP增速，"
    "居民消费价格涨幅3%左右，货物进出口增长6%左右，粮食产量稳中有增，"
    "全面完成省下达的节能减排降碳和环境质量改善约束性指标。这些目标，充分考虑了宏观经济形势和各方面因素。"
)


def test_seed_main_targets_passage():
    metrics = run(SEED_MAIN_TARGETS, "plan")
    got = [(m.metric_key, m.measure, m.value, m.qualifier, m.comparator, m.target_kind, m.reference_metric_key)
           for m in metrics]
    assert got == [
        ("gdp", "growth", 5.5, "以上", ">=", "numeric", None),
        ("budget_revenue", "growth", 5.0, "左右", "~", "numeric", None),
        ("fixed_asset_investment", "growth", 8.0, "左右", "~", "numeric", None),
        ("retail_sales", "growth", 6.5, "左右", "~", "numeric", None),
        ("disposable_income", "growth", None, None, None, "relative", "gdp"),
        ("cpi", "growth", 3.0, "左右", "~", "numeric", None),
        ("foreign_trade", "growth", 6.0, "左右", "~", "numeric", None),
        ("grain_output", "growth", None, None, None, "qualitative", None),
        ("lt:省下达节能减排降碳环境质量改善约束性指标", "level", None, None, None, "qualitative", None),
    ]
    assert {(m.kind, m.period_year) for m in metrics} == {("target", 2024)}
    assert [m.predicate for m in metrics if m.target_kind != "numeric"] == [
        "高于", "稳中有增", "全面完成省下达的节能减排降碳和环境质量改善约束性指标"]
    assert [m.quote for m in metrics if m.target_kind != "numeric"] == [
        "居民人均可支配收入增长高于GDP增速",
        "粮食产量稳中有增",
        "全面完成省下达的节能减排降碳和环境质量改善约束性指标",
    ]


NATIONAL_2015_TARGETS = (
    "今年经济社会发展的主要预期目标是：国内生产总值增长7%左右，居民消费价格涨幅3%左右，"
    "城镇新增就业1000万人以上，城镇登记失业率4.5%以内，进出口增长6%左右，国际收支基本平衡，"
    "居民收入增长与经济发展同步。"
)


def test_national_2015_main_targets():
    metrics = run(NATIONAL_2015_TARGETS, "plan", NATIONAL_2015)
    got = [(m.metric_key, m.subject, m.measure, m.value, m.unit, m.comparator, m.target_kind) for m in metrics]
    assert got == [
        ("gdp", "国内生产总值", "growth", 7.0, "%", "~", "numeric"),
        ("cpi", "居民消费价格", "growth", 3.0, "%", "~", "numeric"),
        ("new_urban_jobs", "城镇新增就业", "level", 1000.0, "万人", ">=", "numeric"),
        ("registered_unemployment", "城镇登记失业率", "share", 4.5, "%", "<=", "numeric"),
        ("foreign_trade", "进出口", "growth", 6.0, "%", "~", "numeric"),
        ("lt:国际收支", "国际收支", "level", None, None, None, "qualitative"),
        ("disposable_income", "居民收入", "growth", None, None, None, "relative"),
    ]
    assert metrics[-1].reference_metric_key == "gdp"
    assert {(m.kind, m.period_year) for m in metrics} == {("target", 2015)}


PLAN_SENTENCES = [
    ("力争城镇新增就业5万人以上。",
     [("城镇新增就业", "level", 5.0, "万人", "力争…以上", ">=")]),
    ("力争数字经济产业规模超过500亿元。",
     [("数字经济产业规模", "level", 500.0, "亿元", "力争…超过", ">=")]),
    ("单位国内生产总值能耗下降3%以上。",
     [("单位国内生产总值能耗", "decrease", 3.0, "%", "以上", ">=")]),
    ("新增高新技术企业100家、科技型中小企业200家。",
     [("新增高新技术企业", "level", 100.0, "家", None, "="),
      ("科技型中小企业", "level", 200.0, "家", None, "=")]),
    # the passage's opening words written without a colon are no part of the first subject
    ("中央提出今年经济增长预期目标为7%左右。",
     [("经济", "growth", 7.0, "%", "预期…左右", "~")]),
    ("今年我市经济和社会发展的主要预期目标是国内生产总值增长10%。",
     [("国内生产总值", "growth", 10.0, "%", "预期", "=")]),
]


@pytest.mark.parametrize("sentence, expected", PLAN_SENTENCES, ids=[s for s, _ in PLAN_SENTENCES])
def test_plan_sentence(sentence, expected):
    metrics = run(sentence, "plan")
    assert rows(metrics) == expected
    assert all((m.kind, m.period_year, m.target_kind) == ("target", 2024, "numeric") for m in metrics)


def test_declined_gdp_target_of_2020():
    text = ("需要说明的是，我们没有提出全年经济增速具体目标，主要因为全球疫情和经贸形势不确定性很大，"
            "我国发展面临一些难以预料的影响因素。")
    (metric,) = run(text, "plan", NATIONAL_2020)
    assert (metric.kind, metric.period_year, metric.metric_key, metric.measure, metric.value,
            metric.target_kind, metric.quote) == (
        "target", 2020, "gdp", "growth", None, "qualitative", "我们没有提出全年经济增速具体目标")


# --- periods: the part, and the words of the sentence before the figure ------------------------

PERIODS = [
    # text, part, meta, (kind, period_year, period_start, period_end)
    ("地区生产总值增长6%。", "review", DEZHOU, ("result", 2023, None, None)),
    ("地区生产总值增长5.5%以上。", "plan", DEZHOU, ("target", 2024, None, None)),
    # the plan part stating the past stays a result of N-1
    ("去年，全市地区生产总值增长6%。", "plan", DEZHOU, ("result", 2023, None, None)),
    ("全市累计建成5G基站1.2万个。", "plan", DEZHOU, ("result", 2023, None, None)),
    ("到2027年，新能源装机达到1000万千瓦。", "plan", DEZHOU, ("target", None, 2024, 2027)),
    # a five-year review: its span, except what is said of the last year
    ("过去五年，国内生产总值年均增长7.1%。", "five_year_review", NATIONAL_2018, ("result", None, 2013, 2017)),
    ("国内生产总值从54万亿元增加到82.7万亿元。", "five_year_review", NATIONAL_2018, ("result", None, 2013, 2017)),
    ("刚刚过去的2017年，国内生产总值增长6.9%。", "five_year_review", NATIONAL_2018, ("result", 2017, None, None)),
    ("2017年，城镇新增就业1351万人。", "five_year_review", NATIONAL_2018, ("result", 2017, None, None)),
    # a review sentence about a longer span
    ("五年来，城镇新增就业6600万人以上。", "review", NATIONAL_2018, ("result", None, 2013, 2017)),
    ("2013年以来，累计减税降费3万亿元。", "review", NATIONAL_2018, ("result", None, 2013, 2017)),
    ("“十三五”时期，城镇新增就业6000万人以上。", "review", DEZHOU, ("result", None, 2016, 2020)),
    # a five-year plan's targets
    ("居民人均可支配收入年均增长6%左右。", "five_year_plan", DEZHOU, ("target", None, 2026, 2030)),
]


@pytest.mark.parametrize("text, part, meta, period", PERIODS, ids=[t for t, *_ in PERIODS])
def test_period(text, part, meta, period):
    metrics = run(text, part, meta)
    assert metrics, text
    assert {(m.kind, m.period_year, m.period_start, m.period_end) for m in metrics} == {period}


def test_last_cue_before_the_figure_wins():
    text = "过去五年，国内生产总值年均增长7.1%；2017年，国内生产总值增长6.9%。"
    metrics = run(text, "five_year_review", NATIONAL_2018)
    assert [(m.value, m.period_year, m.period_start) for m in metrics] == [(7.1, None, 2013), (6.9, 2017, None)]


def test_figures_before_the_first_paragraph_are_not_read():
    text = "前言：地区生产总值增长6%。\n地区生产总值增长5.5%。"
    para = Paragraph(paragraph=3, char_start=text.index("\n") + 1, char_end=len(text), part="review",
                     period_start=2023, period_end=2023)
    (metric,) = extract.extract_metrics(text, [para], DEZHOU)
    assert (metric.value, metric.paragraph, metric.char_start) == (5.5, 3, text.index("\n") + 1)


def test_a_sentence_without_figures_introduces_the_period_of_the_next():
    text = "过去一年，我们的各项工作取得了很大成绩。国内生产总值增长10.3%。今年国内生产总值增长8%左右。"
    meta = ReportMeta(region="全国", region_code="100000", level="national", report_year=2011)
    metrics = run(text, "plan", meta)
    assert [(m.value, m.kind, m.period_year) for m in metrics] == [(10.3, "result", 2010), (8.0, "target", 2011)]


def test_list_in_the_clause_before_respectively_and_a_second_value_list():
    text = "农村居民人均纯收入和城镇居民人均可支配收入，2000年分别达到2253元和6280元，平均每年实际增长4.7%和5.7%。"
    meta = ReportMeta(region="全国", region_code="100000", level="national", report_year=2001)
    metrics = run(text, "review", meta)
    assert [(m.metric_key, m.measure, m.value, m.unit) for m in metrics] == [
        ("rural_disposable_income", "level", 2253.0, "元"),
        ("urban_disposable_income", "level", 6280.0, "元"),
        ("rural_disposable_income", "growth", 4.7, "%"),
        ("urban_disposable_income", "growth", 5.7, "%"),
    ]


@pytest.mark.parametrize(
    "text, part, key, measure, period",
    [("今年经济增长预期目标为7%左右。", "plan", "gdp", "growth", (2003, None, None)),
     ("国内生产总值2002年达10.2万亿元。", "review", "gdp", "level", (2002, None, None)),
     ("“十五”期间年均经济增长速度预期目标为7%左右。", "five_year_plan", "gdp", "growth", (None, 2001, 2005))],
)
def test_old_national_phrasings(text, part, key, measure, period):
    year = 2003 if "2002" in text or "今年" in text else 2001
    meta = ReportMeta(region="全国", region_code="100000", level="national", report_year=year)
    (metric,) = run(text, part, meta, period=(2001, 2005) if part == "five_year_plan" else None)
    assert (metric.metric_key, metric.measure, (metric.period_year, metric.period_start, metric.period_end)) == (
        key, measure, period)


@pytest.mark.parametrize(
    "text, periods",
    [("2007年，国内生产总值达到24.66万亿元。", [(2007, None, None)]),
     ("国内生产总值比2002年增长65.5%。", [(None, 2003, 2007)]),
     ("研发经费从2002年1288亿元增加到3664亿元。", [(2002, None, None), (2007, None, None)]),
     ("优良天数261天，较2006年增加36天。", [(2007, None, None), (2007, None, None)])],
)
def test_years_before_last_year_in_a_review(text, periods):
    metrics = run(text, "review", ReportMeta(region="全国", region_code="100000", level="national", report_year=2008))
    assert [(m.kind, m.period_year, m.period_start, m.period_end) for m in metrics] == [
        ("result", *period) for period in periods]


# --- comparison bases and from–to movements ----------------------------------------------------

NATIONAL_2015_FISCAL = (  # national/2015.txt, the fiscal plan
    "今年拟安排财政赤字1.62万亿元，比去年增加2700亿元，赤字率从去年的2.1%提高到2.3%。"
    "其中，中央财政赤字1.12万亿元，增加1700亿元；地方财政赤字5000亿元，增加1000亿元。"
)


def test_last_year_as_a_comparison_base_leaves_the_plan_its_targets():
    """比去年增加 compares with last year; only 从去年的2.1% is a figure of last year."""
    metrics = run(NATIONAL_2015_FISCAL, "plan", NATIONAL_2015)
    assert [(m.value, m.kind, m.period_year, m.subject, m.metric_key) for m in metrics] == [
        (1.62, "target", 2015, "财政赤字", "deficit"),
        (2700.0, "target", 2015, "财政赤字", "deficit"),
        (2.1, "result", 2014, "赤字率", "deficit_ratio"),
        (2.3, "target", 2015, "赤字率", "deficit_ratio"),
        (1.12, "target", 2015, "中央财政赤字", "lt:中央财政赤字"),
        (1700.0, "target", 2015, "中央财政赤字", "lt:中央财政赤字"),
        (5000.0, "target", 2015, "地方财政赤字", "lt:地方财政赤字"),
        (1000.0, "target", 2015, "地方财政赤字", "lt:地方财政赤字"),
    ]


@pytest.mark.parametrize(
    "text, part, meta, expected",
    [
        # seed: the starting rank names no period of its own; only the rank reached is a statement
        ("山大齐鲁医院德州医院在全省三甲排名由托管前的40位提升至13位。", "review", DEZHOU,
         [(13.0, "result", 2023, None, None, "rank", "山大齐鲁医院德州医院在全省三甲")]),
        # national/2018.txt, five-year review
        ("服务业比重从45.3%上升到51.6%。", "five_year_review", NATIONAL_2018,
         [(51.6, "result", None, 2013, 2017, "share", "服务业比重")]),
        # counties/baoding-laiyuan/2021.txt: a starting figure of a named year is that year's result
        ("一般公共预算收入从2015年的4.24亿元增长到9.21亿元，年均增长12%。", "five_year_review",
         ReportMeta(region="涞源县", region_code=None, level="county", report_year=2021),
         [(4.24, "result", 2015, None, None, "level", "一般公共预算收入"),
          (9.21, "result", None, 2016, 2020, "level", "一般公共预算收入"),
          (12.0, "result", None, 2016, 2020, "growth", "一般公共预算收入")]),
        # counties/liaocheng-gaotang/2021.txt: 由 in 由于 opens no movement
        ("全县每千人拥有医疗机构床位数由3.02张增加到4.17张。", "review",
         ReportMeta(region="高唐县", region_code=None, level="county", report_year=2021),
         [(4.17, "result", 2020, None, None, "level", "全县每千人拥有医疗机构床位数")]),
    ],
)
def test_from_to_movement_states_the_figure_reached(text, part, meta, expected):
    metrics = run(text, part, meta)
    assert [(m.value, m.kind, m.period_year, m.period_start, m.period_end, m.measure, m.subject)
            for m in metrics] == expected


@pytest.mark.parametrize(
    "text, part, meta, expected",
    [
        # counties/baoding-lixian/2020.txt: 在去年…的基础上 is the base of a target, its subject before it
        ("一般公共预算收入在去年市核任务（5.55亿元）的基础上增长8.1%。", "plan",
         ReportMeta(region="蠡县", region_code=None, level="county", report_year=2020),
         [(5.55, "result", 2019), (8.1, "target", 2020)]),
        # cities/zhumadian 2014: 全年 and 较上年 are the review's own year, in a paragraph that said 累计
        ("全年完成城建基础设施投资61亿元，较上年增长80%。", "review",
         ReportMeta(region="驻马店市", region_code=None, level="city", report_year=2014),
         [(61.0, "result", 2013), (80.0, "result", 2013)]),
        # counties/liaocheng-gaotang/2021.txt: a change over last year inside a five-year review
        ("较上年增加38天。", "five_year_review",
         ReportMeta(region="高唐县", region_code=None, level="county", report_year=2021),
         [(38.0, "result", 2020)]),
        # national/2007.txt: 比去年 after the figure's subject in a plan
        ("中央财政安排用于“三农”的资金3917亿元，比去年增加520亿元。", "plan",
         ReportMeta(region="全国", region_code="100000", level="national", report_year=2007),
         [(3917.0, "target", 2007), (520.0, "target", 2007)]),
    ],
)
def test_comparison_bases_are_not_periods(text, part, meta, expected):
    assert [(m.value, m.kind, m.period_year) for m in run(text, part, meta)] == expected


ZHUMADIAN_2017 = ReportMeta(region="驻马店市", region_code="411700", level="city", report_year=2017)
ZHUMADIAN_2023 = ReportMeta(region="驻马店市", region_code="411700", level="city", report_year=2023)
ZHUMADIAN_2014 = ReportMeta(region="驻马店市", region_code="411700", level="city", report_year=2014)


def test_a_year_named_as_a_base_governs_its_own_clauses_only():
    # cities/zhumadian 2017 (a five-year review): 总量是2011年的1.42倍 and its 年均 are the five years';
    # the figures after ； are 2016's again, and the multiple is of the subject before.
    text = ("刚刚过去的2016年，全市上下团结奋斗。全市生产总值达到1794.5亿元，同比增长8.5%，增幅居全省第5位，"
            "总量是2011年的1.42倍，年均增长9.2%；固定资产投资1550.5亿元，同比增长16.7%。")
    metrics = run(text, "five_year_review", ZHUMADIAN_2017, period=(2012, 2016))
    assert [(m.subject, m.measure, m.value, m.period_year, m.period_start, m.period_end) for m in metrics] == [
        ("全市生产总值", "level", 1794.5, 2016, None, None),
        ("全市生产总值", "growth", 8.5, 2016, None, None),
        ("全市生产总值", "rank", 5.0, 2016, None, None),
        ("全市生产总值", "level", 1.42, None, 2012, 2016),
        ("全市生产总值", "growth", 9.2, None, 2012, 2016),
        ("固定资产投资", "level", 1550.5, 2016, None, None),
        ("固定资产投资", "growth", 16.7, 2016, None, None),
    ]


def test_a_running_total_governs_its_own_clause_and_its_parts_only():
    # cities/zhumadian 2004: 累计 makes the re-employed a running total, and the 4050 people among them;
    # the unemployment rate after them is the year's
    text = "下岗失业人员累计实现再就业22911人，其中“4050”人员7854名，城镇登记失业率为3%。"
    metrics = run(text, "review", ReportMeta(region="驻马店市", region_code="411700", level="city", report_year=2004))
    assert [(m.value, m.period_year) for m in metrics] == [(22911.0, None), (7854.0, None), (3.0, 2003)]


def test_an_average_is_never_one_years():
    # cities/zhumadian 2023: 全年GDP达到3257.4亿元 is 2022's, 年均增长6.3% the five years' (issue 10)
    text = "刚刚过去的2022年，全年GDP达到3257.4亿元，年均增长6.3%，高于全省1.3个百分点；一般公共预算收入204.5亿元。"
    metrics = run(text, "five_year_review", ZHUMADIAN_2023, period=(2018, 2022))
    assert [(m.value, m.period_year, m.period_start, m.period_end) for m in metrics][:2] == [
        (3257.4, 2022, None, None), (6.3, None, 2018, 2022)]
    assert (metrics[-1].value, metrics[-1].period_year) == (204.5, 2022)


def test_a_year_on_year_change_in_a_five_year_review_is_the_last_years():
    # counties/baoding-xushui 2012: 同比 makes the growth one year's, though the paragraph reviews five
    xushui = ReportMeta(region="徐水县", region_code="130609", level="county", report_year=2012)
    text = "完成全部财政收入10.1亿元，同比增长30.2%，是2006年的2.7倍。"
    metrics = run(text, "five_year_review", xushui, period=(2007, 2011))
    assert [(m.measure, m.value, m.period_year) for m in metrics][:2] == [("level", 10.1, 2011), ("growth", 30.2, 2011)]
    assert (metrics[2].value, metrics[2].period_year) == (2.7, None)   # 是2006年的2.7倍: the five years' multiple


@pytest.mark.parametrize("text, expected", [
    # a growth on a comparable basis is the revenue's growth (counties/baoding-yixian, -gaotang, -mancheng, miyi)
    ("一般公共预算收入可比增长19.53%。", [("budget_revenue", "growth", 19.53)]),
    ("完成一般公共预算收入11.7亿元，同口径增长9%。", [("budget_revenue", "level", 11.7), ("budget_revenue", "growth", 9.0)]),
    ("一般公共预算收入完成7.8亿元、可比增长2.3%。", [("budget_revenue", "level", 7.8), ("budget_revenue", "growth", 2.3)]),
    # the revenue's name of 2014–2015 (counties/baoding-dingxing)
    ("一般公共财政预算收入增长12.9%。", [("budget_revenue", "growth", 12.9)]),
])
def test_a_revenue_growth_on_a_comparable_basis_is_its_growth(text, expected):
    county = ReportMeta(region="易县", region_code="130633", level="county", report_year=2020)
    assert [(m.metric_key, m.measure, m.value) for m in run(text, "review", county)] == expected


def test_a_respectively_list_takes_the_subjects_of_its_own_clauses_not_an_earlier_lists():
    # cities/zhumadian 2014: the two incomes grew 10% and 12.7%, not the deposits and loans of the list before
    text = ("金融机构存款、贷款余额分别增长21.9%、19.2%；居民消费价格上涨2.7%；城镇居民人均可支配收入19431元，"
            "农民人均纯收入7483元，分别增长10%和12.7%。")
    metrics = run(text, "review", ZHUMADIAN_2014)
    assert [(m.metric_key, m.value) for m in metrics if m.measure == "growth"][-2:] == [
        ("urban_disposable_income", 10.0), ("rural_disposable_income", 12.7)]


@pytest.mark.parametrize("text, measure", [
    ("居民消费价格涨幅回落到2.6%。", "growth"),      # national 2013: the rate a change fell to is that change
    ("规上工业增加值增速提高到8%。", "growth"),
    ("城镇化率提高到60%。", "share"),               # a level reached
    ("比例上升至87.2%。", "share"),
])
def test_the_level_a_change_reaches_is_that_change(text, measure):
    assert [m.measure for m in run(text, "review", ZHUMADIAN_2014)] == [measure]


@pytest.mark.parametrize("text, part, values", [
    # national 2007: the target restated in the review states no result
    ("全国没有实现年初确定的单位国内生产总值能耗降低4%左右、主要污染物排放总量减少2%的目标。", "review", []),
    ("全国没有实现年初确定的单位国内生产总值能耗降低4%左右、主要污染物排放总量减少2%的目标。", "plan", [4.0, 2.0]),
    ("确保实现单位生产总值能耗降低3%的目标。", "plan", [3.0]),   # in a plan the words state the target
    ("一般公共预算收入完成24.5亿元，增长9%(年度目标6%以上)。", "review", [24.5, 9.0]),   # the target in brackets
    ("一般公共预算收入增长9%（年度目标：6%以上）。", "review", [9.0]),
    ("规上工业增加值（不含电力）目标6%以上。", "plan", [6.0]),          # in a plan it is the target
    ("单位生产总值能耗（等价值）目标3.5%，实际下降4%。", "review", [3.5, 4.0]),   # a bracket closed before it
    ("实现了年初确定的重点项目投资突破500亿元的目标。", "review", [500.0]),   # a target met states the figure reached
])
def test_a_target_restated_in_a_review_is_no_result(text, part, values):
    assert [m.value for m in run(text, part, ZHUMADIAN_2014)] == values


@pytest.mark.parametrize("text", ["城镇新增就业人口970万人。", "全年新增就业人员46639人。"])
def test_new_jobs_are_the_towns_new_jobs(text):
    assert [m.metric_key for m in run(text, "review", ZHUMADIAN_2014)] == ["new_urban_jobs"]


def test_new_jobs_of_a_sector_are_not_the_towns_new_jobs():
    # counties/baoding-laiyuan 2020: jobs the tourism projects made, beside 城镇新增就业4005人
    assert [m.metric_key for m in run("旅游扶贫产业项目达到320个，新增就业8000多人。", "review", ZHUMADIAN_2014)][1] \
        != "new_urban_jobs"


def test_a_total_after_a_growth_is_the_level_of_what_grew():
    # national/2019.txt
    text = "国内生产总值增长6.6%，总量突破90万亿元。"
    metrics = run(text, "review", ReportMeta(region="全国", region_code="100000", level="national", report_year=2019))
    assert [(m.subject, m.metric_key, m.measure, m.value) for m in metrics] == [
        ("国内生产总值", "gdp", "growth", 6.6), ("国内生产总值", "gdp", "level", 90.0)]


def test_an_aspiration_after_a_floor_is_its_value_high():
    # provinces/xizang 2025: the floor is the target, 力争达到 its aspiration
    text = "主要预期目标是：地区生产总值增长7%以上、力争达到8%，全社会固定资产投资增长15%以上、力争达到20%。"
    metrics = run(text, "plan", ReportMeta(region="西藏自治区", region_code="540000", level="province",
                                           report_year=2025))
    assert [(m.subject, m.measure, m.value, m.value_high, m.comparator, m.qualifier, m.quote) for m in metrics] == [
        ("地区生产总值", "growth", 7.0, 8.0, ">=", "以上…力争达到", "地区生产总值增长7%以上、力争达到8%"),
        ("全社会固定资产投资", "growth", 15.0, 20.0, ">=", "以上…力争达到", "全社会固定资产投资增长15%以上、力争达到20%"),
    ]


@pytest.mark.parametrize("text, expected", [
    # counties/baoding-lixian/2020.txt: the figure inside the frame is of what follows 在
    ("一般公共预算收入在去年市核任务（5.55亿元）的基础上增长8.1%。",
     [("市核任务", "level", 5.55), ("一般公共预算收入", "growth", 8.1)]),
    # provinces/chongqing 2026: any frame 在…的情况下 (knowledge/figure_words.csv, role frame_end)
    ("外贸进出口在对美贸易下降超3成的情况下增长12%。", [("对美贸易", "decrease", 3.0), ("外贸进出口", "growth", 12.0)]),
    # a 在 inside another word opens no frame (knowledge/figure_words.csv, role not_frame_open)
    ("一般公共预算收入在疫情持续存在的情况下增长5%。", [("一般公共预算收入", "growth", 5.0)]),
    ("固定资产投资在总量稳定在高位的基础上增长8%。", [("固定资产投资", "growth", 8.0)]),
    ("固定资产投资在建设用地指标紧张的情况下增长8%。", [("固定资产投资", "growth", 8.0)]),   # 在建设 is no 在建项目
])
def test_a_frame_leaves_the_subject_before_it(text, expected):
    metrics = run(text, "plan", ReportMeta(region="蠡县", region_code=None, level="county", report_year=2020))
    assert [(m.subject, m.measure, m.value) for m in metrics] == expected


def test_a_year_inside_a_frame_of_circumstance_is_the_period():
    # a five-year review: 在2012年…的情况下 names the year, unlike 在2012年的基础上 (a base)
    meta = ReportMeta(region="驻马店市", region_code="411700", level="city", report_year=2013)
    text = "在2012年国际金融危机持续蔓延的情况下，全市生产总值增长7.8%。"
    assert [(m.metric_key, m.period_year) for m in run(text, "five_year_review", meta, (2008, 2012))] == [("gdp", 2012)]


def test_a_year_before_a_frame_is_the_period():
    # national/2013.txt: 2012年 opens the sentence, the frame after it holds no year
    text = ("2012年，在世界各大经济体增长全面减速、各种风险不断暴露的情况下，我们扭转经济下滑趋势，"
            "国内生产总值增长7.8%，城镇新增就业1266万人。")
    metrics = run(text, "review", ReportMeta(region="全国", region_code="100000", level="national", report_year=2013))
    assert [(m.metric_key, m.period_year) for m in metrics] == [("gdp", 2012), ("new_urban_jobs", 2012)]


# --- the main-targets passage past its first sentence; keys that must not pair -------------------

NATIONAL_2016_TARGETS = (  # national/2016.txt
    "主要预期目标是：国内生产总值增长6.5%－7%，居民消费价格涨幅3%左右，城镇新增就业1000万人以上，"
    "城镇登记失业率4.5%以内，进出口回稳向好，国际收支基本平衡，居民收入增长和经济增长基本同步。"
    "单位国内生产总值能耗下降3.4%以上，主要污染物排放继续减少。"
)


def test_main_targets_passage_reads_to_the_end_of_its_list():
    metrics = run(NATIONAL_2016_TARGETS, "plan", ReportMeta(region="全国", region_code="100000",
                                                          level="national", report_year=2016))
    assert [(m.metric_key, m.measure, m.value, m.target_kind) for m in metrics] == [
        ("gdp", "growth", 6.5, "numeric"),
        ("cpi", "growth", 3.0, "numeric"),
        ("new_urban_jobs", "level", 1000.0, "numeric"),
        ("registered_unemployment", "share", 4.5, "numeric"),
        ("foreign_trade", "level", None, "qualitative"),
        ("lt:国际收支", "level", None, "qualitative"),
        ("disposable_income", "growth", None, "relative"),
        ("energy_intensity", "decrease", 3.4, "numeric"),
        ("pollutant_emissions", "decrease", None, "qualitative"),
    ]
    assert {(m.kind, m.period_year) for m in metrics} == {("target", 2016)}


@pytest.mark.parametrize(
    "text, expected",
    [
        # national/2017.txt: items grouped by ； are still one target per clause
        ("主要预期目标是：进出口回稳向好，国际收支基本平衡；单位国内生产总值能耗下降3.4%以上，主要污染物排放量继续下降。",
         ["进出口", "国际收支", "单位国内生产总值能耗", "主要污染物排放量"]),
        # national/2023.txt: two catalog metrics joined by 和 are two targets; every item is a target
        ("主要预期目标是：单位国内生产总值能耗和主要污染物排放量继续下降，重点控制化石能源消费，生态环境质量稳定改善。",
         ["单位国内生产总值能耗", "主要污染物排放量", "重点控制化石能源消费", "生态环境质量"]),
        # national/2014.txt: a sentence about the targets ends the list; 努力实现 leads a relative target
        ("主要预期目标是：国际收支基本平衡，努力实现居民收入增长和经济发展同步。加强对增长、就业、物价、国际收支等主要目标的统筹平衡。",
         ["国际收支", "居民收入"]),
        # counties/baoding-laishui/2021.txt: 确保 is no subject
        ("主要预期目标是：确保完成上级下达任务。", ["上级下达任务"]),
    ],
)
def test_main_target_items(text, expected):
    assert [m.subject for m in run(text, "plan")] == expected


@pytest.mark.parametrize(
    "text, part",
    [("完成投资39.7亿元。", "plan"),              # counties/baoding-tangxian/2020.txt
     ("总投资953亿元。", "review"),               # counties/baoding-qingyuan/2020.txt
     ("2个项目。", "review")],                    # counties/liaocheng-gaotang/2025.txt
)
def test_generic_subjects_get_a_key_that_never_pairs(text, part):
    (metric,) = run(text, part)
    assert metric.metric_key.startswith("lt?:") and len(metric.metric_key) == 14
    assert run(text, part)[0].metric_key == metric.metric_key  # stable: a hash of the quote


def test_a_rank_after_a_growth_is_the_rank_of_what_grew():
    text = "实际使用外资增长12%，居全国第1位。"   # provinces/anhui 2026 phrasing
    metrics = run(text, "review")
    assert [(m.subject, m.measure, m.value) for m in metrics] == [
        ("实际使用外资", "growth", 12.0), ("实际使用外资", "rank", 1.0)]


@pytest.mark.parametrize(
    "text, year, expected",
    [("年末城镇调查失业率降到5.5%。", 2023, ("surveyed_unemployment", "share", 5.5)),      # national/2023.txt
     ("年末全国城镇调查失业率降到5.2%。", 2021, ("surveyed_unemployment", "share", 5.2)),  # national/2021.txt
     ("年末城镇登记失业率4.02%，为多年来最低。", 2017, ("registered_unemployment", "share", 4.02)),
     ("粮食产量首次跃上1.4万亿斤新台阶。", 2025, ("grain_output", "level", 1.4)),       # national/2025.txt
     ("居民消费价格上涨2%。", 2017, ("cpi", "growth", 2.0))],
)
def test_national_headline_results(text, year, expected):
    meta = ReportMeta(region="全国", region_code="100000", level="national", report_year=year)
    (metric,) = run(text, "review", meta)
    assert (metric.metric_key, metric.measure, metric.value) == expected
    assert (metric.kind, metric.period_year) == ("result", year - 1)


@pytest.mark.parametrize(
    "text, part, expected",
    [
        # a fall in percentage points keeps its direction in the sign; a fall in % is measure decrease
        ("能耗强度下降4.8%。", "review", [("decrease", 4.8, "%")]),   # national/2015.txt
        ("赤字率比去年预算高0.2个百分点。", "plan", [("change_pp", 0.2, "个百分点")]),
        ("城镇化率提高1.2个百分点。", "review", [("change_pp", 1.2, "个百分点")]),
        ("全县不良贷款率较年初下降7.7个百分点。", "review", [("change_pp", -7.7, "个百分点")]),  # gaotang
        ("增幅比一季度回落17.2个百分点。", "review", [("change_pp", -17.2, "个百分点")]),      # national/2005
        ("赤字率降低到3%。", "plan", [("share", 3.0, "%")]),  # a level reached is not a fall
    ],
)
def test_percentage_point_change_is_signed(text, part, expected):
    metrics = run(text, part)
    assert [(m.measure, m.value, m.unit) for m in metrics] == expected
    assert all(m.value_base == m.value for m in metrics)


def test_time_word_between_subject_and_verb():
    text = "城镇调查失业率全年控制在5.5%以内。"   # national/2022.txt
    (metric,) = run(text, "plan", ReportMeta(region="全国", region_code="100000", level="national", report_year=2022))
    assert (metric.metric_key, metric.value, metric.comparator, metric.kind) == (
        "surveyed_unemployment", 5.5, "<=", "target")


# --- counts and investments in front of their noun ------------------------------------------------

COUNTS_BEFORE_NOUN = [
    # a bounded count right after a verb counts the noun (knowledge/count_verbs.txt)
    ("完成1000家以上企业数字化转型诊断服务。",
     [("企业数字化转型诊断服务", "level", 1000.0, "家", "以上", ">=")]),
    ("力争再引进2家以上金融机构在我市设立分支机构。",
     [("金融机构在我市设立分支机构", "level", 2.0, "家", "力争…以上", ">=")]),
    # …nothing acts on it: a class of things, no statement
    ("行政村和20户以上自然村全部通硬化路。", []),
    ("营收10亿元以上企业达到25家。", [("营收10亿元以上企业", "level", 25.0, "家", "达到", "=")]),
    # a count, the investment of what it counts, and that noun
    ("推动41个总投资383亿元的生态修复等重点项目。",
     [("生态修复等重点项目", "level", 41.0, "个", None, "="),
      ("生态修复等重点项目总投资", "level", 383.0, "亿元", None, "=")]),
    ("推动总投资572亿元的74个项目尽快落地见效。",
     # a generic noun takes the words said of it (they say which projects, or that nothing does)
     [("项目总投资", "level", 572.0, "亿元", None, "="), ("项目尽快落地见效", "level", 74.0, "个", None, "=")]),
    ("投资160亿元实施30个城市更新片区建设。",
     [("投资", "level", 160.0, "亿元", None, "="), ("城市更新片区建设", "level", 30.0, "个", None, "=")]),
    ("加快推进钩盘河等8个片区100个项目规划建设。",
     [("片区", "level", 8.0, "个", None, "="), ("项目规划建设", "level", 100.0, "个", None, "=")]),
    # a measured attribute in front of a noun stays no statement
    ("建设12英寸大硅片项目。", []),
]


@pytest.mark.parametrize("text, expected", COUNTS_BEFORE_NOUN, ids=[t for t, _ in COUNTS_BEFORE_NOUN])
def test_counts_and_investments_before_their_noun(text, expected):
    assert rows(run(text, "plan")) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # national 2020: a bound followed by 安排 ends the statement, it names no class
        ("今年赤字率拟按3.6%以上安排，财政赤字规模比去年增加1万亿元。",
         ("赤字率", "deficit_ratio", "share", 3.6, "以上", ">=")),
        ("税收收入均实现20%以上增长。", ("税收收入", "tax_revenue", "growth", 20.0, "以上", ">=")),
    ],
)
def test_bound_before_a_verb_is_a_statement(text, expected):
    m = run(text, "plan", NATIONAL_2020)[0]
    assert (m.subject, m.metric_key, m.measure, m.value, m.qualifier, m.comparator) == expected


# --- one figure shared by a list of subjects ----------------------------------------------------

SHARED_FIGURE_LISTS = [
    ("力争绿色化工、食品加工、装备制造营收突破1000亿元。",
     [("绿色化工营收", "level", 1000.0, "亿元", "力争…突破", ">="),
      ("食品加工营收", "level", 1000.0, "亿元", "力争…突破", ">="),
      ("装备制造营收", "level", 1000.0, "亿元", "力争…突破", ">=")]),
    # national 2017: 和 with 均; M2 is a metric of its own and does not take 余额
    ("今年广义货币M2和社会融资规模余额预期增长均为12%左右。",
     [("广义货币M2", "growth", 12.0, "%", "预期…左右", "~"),
      ("社会融资规模余额", "growth", 12.0, "%", "预期…左右", "~")]),
    ("确保全市战略性新兴产业、高新技术产业增加值均增长10%以上。",
     [("全市战略性新兴产业增加值", "growth", 10.0, "%", "确保…以上", ">="),
      ("高新技术产业增加值", "growth", 10.0, "%", "确保…以上", ">=")]),
    ("财政科技支出、技术合同成交额均增长35%。",
     [("财政科技支出", "growth", 35.0, "%", None, "="), ("技术合同成交额", "growth", 35.0, "%", None, "=")]),
    # a list of examples inside one subject, and a list before a count (a total) share nothing
    # a 、 between nouns joins the subjects of one total: the figure is theirs together
    ("新编修订城市供热、人防工程等专项规划21个。", [("新编修订城市供热、人防工程等专项规划", "level", 21.0, "个", None, "=")]),
    ("新建学校、幼儿园10所。", [("新建学校、幼儿园", "level", 10.0, "所", None, "=")]),
    ("交通、能源、水利完成投资5400多亿元。", [("交通、能源、水利完成投资", "level", 5400.0, "亿元", "多", ">=")]),
    ("新一代信息技术、新能源新材料突破300亿元。",
     [("新一代信息技术、新能源新材料", "level", 300.0, "亿元", "突破", ">=")]),
]


@pytest.mark.parametrize("text, expected", SHARED_FIGURE_LISTS, ids=[t for t, _ in SHARED_FIGURE_LISTS])
def test_one_figure_shared_by_a_list_of_subjects(text, expected):
    metrics = run(text, "plan")
    assert rows(metrics) == expected
    if len(metrics) > 1:
        assert len({m.quote for m in metrics}) == 1


# --- restated targets, references to a target, changes against last year ------------------------

NATIONAL_2017 = ReportMeta(region="全国", region_code="100000", level="national", report_year=2017)


def test_target_a_result_is_compared_with_is_no_result():
    text = "稳健的货币政策灵活适度，广义货币M2增长11.3%，低于13%左右的预期目标。"
    assert [(m.kind, m.metric_key, m.value) for m in run(text, "review", NATIONAL_2017)] == [
        ("result", "m2", 11.3)]


@pytest.mark.parametrize(
    "text, subject, key",
    [
        ("这里要着重说明，提出国内生产总值增长8%左右，主要是综合考虑了国内和国际多种因素。", "国内生产总值", "gdp"),
        ("把居民消费价格涨幅控制在3.5%左右，是充分考虑各方面因素后作出的选择。", "居民消费价格", "cpi"),
        ("使城镇登记失业率控制在4.5%以内。", "城镇登记失业率", "registered_unemployment"),
        # 要 starts words too: it goes only when a catalog metric is left
        ("要素市场交易额增长10%。", "要素市场交易额", "lt:要素市场交易额"),
    ],
)
def test_leading_verb_of_a_restated_target_is_no_part_of_its_subject(text, subject, key):
    m = run(text, "plan", NATIONAL_2017)[0]
    assert (m.subject, m.metric_key) == (subject, key)


@pytest.mark.parametrize(
    "text, expected",
    [
        # national 2015, 2025: a plan's change against last year is a target of the change
        ("今年拟安排财政赤字2.18万亿元，比去年增加5600亿元。",
         [("target", "deficit", "level", 2.18, "万亿元"), ("target", "deficit", "growth", 5600.0, "亿元")]),
        ("拟安排地方政府专项债券4.4万亿元、比上年增加5000亿元。",
         [("target", "special_bonds", "level", 4.4, "万亿元"), ("target", "special_bonds", "growth", 5000.0, "亿元")]),
        # without a comparison base an increase by an amount stays a level
        ("新增城镇就业1100万人。", [("target", "new_urban_jobs", "level", 1100.0, "万人")]),
    ],
)
def test_change_against_last_year_in_a_plan_is_no_level(text, expected):
    got = [(m.kind, m.metric_key, m.measure, m.value, m.unit) for m in run(text, "plan", NATIONAL_2017)]
    assert got == expected


@pytest.mark.parametrize("last_item, head, shared", [
    ("智能手机限上零售额", "零售额", "限上零售额"),
    ("装备制造规上工业增加值", "增加值", "规上工业增加值"),
    ("住房保障支出", "支出", "支出"),                       # no modifier
    ("限上零售额", "零售额", "零售额"),                     # nothing before the modifier: not a list item
    ("高技术制造业增加值占规模以上工业比重", "比重", "比重"),  # the whole a share is of, not a modifier
])
def test_the_head_a_list_shares_keeps_its_modifier(last_item, head, shared):
    from reportcmp.pipeline.lists import with_head_modifier

    assert with_head_modifier(last_item, head) == shared


# --- results the next report states without the usual figure (issue 10) ---------------------------

PROVINCE_2026 = ReportMeta(region="某省", region_code=None, level="province", report_year=2026)


@pytest.mark.parametrize("text, expected", [
    # provinces/fujian, ningxia, qinghai 2026: no change is a growth of 0
    ("居民消费价格与上年持平。", [("居民消费价格", "cpi", "growth", 0.0, "%", "持平", "=")]),
    ("居民消费价格指数持平，就业形势稳定。", [("居民消费价格指数", "cpi", "growth", 0.0, "%", "持平", "=")]),
    ("居民消费价格涨幅基本持平。", [("居民消费价格涨幅", "cpi", "growth", 0.0, "%", "基本持平", "~")]),
    # a clause with a figure of its own is read as its figure says
    ("进出口下降5.4%，与上年基本持平。", [("进出口", "foreign_trade", "decrease", 5.4, "%", None, "=")]),
])
def test_no_change_is_a_growth_of_zero(text, expected):
    assert [(m.subject, m.metric_key, m.measure, m.value, m.unit, m.qualifier, m.comparator)
            for m in run(text, "review", PROVINCE_2026)] == expected


@pytest.mark.parametrize("text, expected", [
    # provinces/guangdong 2026: an amount head after a statement about enterprises is theirs
    ("规模以上工业企业达7.6万家、增加值增长3%。",
     [("规模以上工业企业", "level", 7.6), ("规模以上工业增加值", "growth", 3.0)]),
    # cities/zhumadian 2025: a change a few figureless clauses after its subject continues it
    ("全年生产总值3342.7亿元，全省第7，位次实现新突破，同比增长6.1%。",
     [("生产总值", "level", 3342.7), ("生产总值", "rank", 7.0), ("生产总值", "growth", 6.1)]),
    # provinces/xinjiang 2026: 城乡 before a 分别-list of two is 城镇 and 农村
    ("城乡居民人均可支配收入分别增长5.3%、7%。",
     [("城镇居民人均可支配收入", "growth", 5.3), ("农村居民人均可支配收入", "growth", 7.0)]),
    # counties/baoding-yixian 2022: one figure 分别 for the pair, and 均 after a 分别-list
    ("城乡居民人均可支配收入分别增长8.5%左右。",
     [("城镇居民人均可支配收入", "growth", 8.5), ("农村居民人均可支配收入", "growth", 8.5)]),
    ("城乡居民人均可支配收入分别完成31098元、12347元，均增长8.5%。",
     [("城镇居民人均可支配收入", "level", 31098.0), ("农村居民人均可支配收入", "level", 12347.0),
      ("城镇居民人均可支配收入", "growth", 8.5), ("农村居民人均可支配收入", "growth", 8.5)]),
    # provinces/xizang 2025: an item of a 分别-list that is a whole catalog metric keeps its name
    ("城镇调查失业率、居民消费价格涨幅分别控制在5%和3%以内。",
     [("城镇调查失业率", "share", 5.0), ("居民消费价格涨幅", "growth", 3.0)]),
])
def test_subjects_name_the_thing_measured(text, expected):
    assert [(m.subject, m.measure, m.value) for m in run(text, "review", PROVINCE_2026)] == expected


@pytest.mark.parametrize("text, expected", [
    # seeds/dezhou/2024.txt: the thing comes from the statement before (issue 10, item 7)
    ("国家级专精特新“小巨人”企业11家、省级226家。",
     [("国家级专精特新“小巨人”企业", 11.0), ("省级专精特新“小巨人”企业", 226.0)]),
    ("10个中心镇实施建设项目389个、完成投资429亿元。",
     [("中心镇实施建设项目", 10.0), ("中心镇实施建设项目", 389.0), ("中心镇实施建设项目完成投资", 429.0)]),
    ("力争绿色化工营收突破1000亿元，轻工纺织突破600亿元。", [("绿色化工营收", 1000.0), ("轻工纺织营收", 600.0)]),
    ("温多利、欧迈机械、瑞博龙3家企业进入上市审核辅导。", [("企业进入上市审核辅导", 3.0)]),
    ("新建136处“365暖留中心”。", [("“365暖留中心”", 136.0)]),
    ("统筹实施59个“一把手”营商环境项目。", [("“一把手”营商环境项目", 59.0)]),
    # provinces/shandong 2026: a comparison with the country is of the statement before
    ("规上工业增加值增长7.6%，高于全国1.7个百分点。", [("规上工业增加值", 7.6), ("规上工业增加值高于全国", 1.7)]),
    # a subject that names a thing of its own keeps it
    ("新增高新技术企业234家、科技型中小企业397家。", [("新增高新技术企业", 234.0), ("科技型中小企业", 397.0)]),
])
def test_a_subject_that_names_nothing_takes_the_thing_before(text, expected):
    assert [(m.subject, m.value) for m in run(text, "review")] == expected


@pytest.mark.parametrize("text, subject", [
    ("城镇调查失业率均值为5.2%。", "城镇调查失业率"),                   # issue 10: 均值 is no part of it
    ("城镇调查失业率平均值为5.0%。", "城镇调查失业率"),
    ("汽车产量继续保持在357万辆。", "汽车产量"),
    ("事故起数、死亡人数同比分别下降12.04%、5.3%。", "事故起数"),
    ("节约用水1000万立方米。", "节约用水"),                             # a word that only ends like one stays
])
def test_qualifier_and_time_words_are_no_part_of_a_subject(text, subject):
    assert run(text, "review")[0].subject == subject


@pytest.mark.parametrize("text, part, expected", [
    # cities/zhumadian 2021: 产量 shares the opening words of the subject before it
    ("确保全市粮食种植面积稳定在1900万亩以上、产量稳定在160亿斤以上。", "plan",
     [("lt:粮食种植面积", 1900.0), ("grain_output", 160.0)]),
    ("全年粮食播种面积83.3万亩，产量7.1亿斤。", "review", [("lt:粮食播种面积", 83.3), ("grain_output", 7.1)]),
    # only into a catalog metric: 棉花产量 is none, the head stays alone
    ("棉花种植面积10万亩，产量2万吨。", "review", [("lt:棉花种植面积", 10.0), ("lt:产量", 2.0)]),
])
def test_a_head_alone_takes_the_opening_words_of_the_subject_before(text, part, expected):
    metrics = run(text, part, ReportMeta(region="驻马店市", region_code="411700", level="city", report_year=2021))
    assert [(m.metric_key, m.value) for m in metrics] == expected


@pytest.mark.parametrize("region, level, text, expected", [
    # cities/zhumadian 2016: the province's revenue, in the city's plan, is no target of the city's
    ("驻马店市", "city", "全省财政收入预期增长7%，全市一般公共预算收入增长8.5%。",
     [("lt:全省财政收入", 7.0), ("budget_revenue", 8.5)]),
    ("清苑区", "county", "全市生产总值增长6%，全区生产总值增长7%。", [("lt:全市生产总值", 6.0), ("gdp", 7.0)]),
    ("安国市", "county", "全市生产总值增长6%。", [("gdp", 6.0)]),          # a city of county level: 全市 is its own
    ("河南省", "province", "全国国内生产总值增长5%，全省生产总值增长6%。", [("lt:全国国内生产总值", 5.0), ("gdp", 6.0)]),
    # cities/zhumadian 2026: a key that never pairs stays so
    ("驻马店市", "city", "规上工业增加值年均增长6.5%，与全省持平。", [("industrial_value_added", 6.5), ("lt?:", 0.0)]),
])
def test_a_statement_of_the_region_above_is_not_the_regions_metric(region, level, text, expected):
    metrics = run(text, "plan", ReportMeta(region=region, region_code=None, level=level, report_year=2016))
    assert [(m.metric_key[:4] if m.metric_key.startswith("lt?:") else m.metric_key, m.value) for m in metrics] == expected


def test_a_colonless_intro_in_a_review_restates_a_target_and_opens_no_passage():
    text = "年初确定的主要预期目标是生产总值增长7%左右，进出口稳中提质，实际增长7.3%。"
    metrics = run(text, "review", ReportMeta(region="驻马店市", region_code="411700", level="city", report_year=2021))
    assert not [m for m in metrics if m.target_kind == "qualitative"]


def test_a_level_alone_after_a_subject_without_one_is_that_subjects_level():
    # cities/zhumadian 2016: 其中省级15个 are 省级农业产业化集群, the 2015 target's
    metrics = run("农业产业化集群达到55个，其中省级15个。", "review",
                  ReportMeta(region="驻马店市", region_code="411700", level="city", report_year=2016))
    assert [(m.subject, m.value) for m in metrics] == [("农业产业化集群", 55.0), ("省级农业产业化集群", 15.0)]
