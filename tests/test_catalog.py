"""The metric catalog: aliases at every level, the guards that keep near-misses apart, long-tail keys."""
from __future__ import annotations

import pytest

from reportcmp.pipeline import catalog


@pytest.fixture(autouse=True)
def _state_dir(tmp_path_factory, monkeypatch):
    # jieba's cache goes under the state dir; keep it out of the working tree during tests.
    monkeypatch.setenv("REPORTCMP_STATE_DIR", str(tmp_path_factory.getbasetemp() / "state"))


CATALOG_SUBJECTS = [
    # subject as written, measure, dimension, metric_key
    ("国内生产总值", "growth", "percent", "gdp"),
    ("地区生产总值", "growth", "percent", "gdp"),
    ("全市生产总值", "growth", "percent", "gdp"),
    ("全省生产总值", "growth", "percent", "gdp"),
    ("全县生产总值", "growth", "percent", "gdp"),
    ("全市地区生产总值", "level", "money", "gdp"),
    ("经济增长", "growth", "percent", "gdp"),
    ("经济增速", "growth", "percent", "gdp"),
    ("GDP", "growth", "percent", "gdp"),
    ("地区生产总值增速", "growth", "percent", "gdp"),
    ("人均地区生产总值", "level", "money", "gdp_per_capita"),
    ("规上工业增加值", "growth", "percent", "industrial_value_added"),
    ("规模以上工业增加值", "growth", "percent", "industrial_value_added"),
    ("一般公共预算收入", "growth", "percent", "budget_revenue"),
    ("公共财政收入", "level", "money", "budget_revenue"),
    ("一般公共预算支出", "growth", "percent", "budget_expenditure"),
    ("固定资产投资", "growth", "percent", "fixed_asset_investment"),
    ("社会消费品零售总额", "growth", "percent", "retail_sales"),
    ("城乡居民人均可支配收入", "growth", "percent", "disposable_income"),
    ("居民人均可支配收入", "growth", "percent", "disposable_income"),
    ("城镇居民人均可支配收入", "level", "money", "urban_disposable_income"),
    ("农村居民人均可支配收入", "growth", "percent", "rural_disposable_income"),
    ("农民人均纯收入", "growth", "percent", "rural_disposable_income"),
    ("居民消费价格涨幅", "growth", "percent", "cpi"),
    ("城镇调查失业率", "share", "percent", "surveyed_unemployment"),
    ("城镇登记失业率", "share", "percent", "registered_unemployment"),
    ("城镇新增就业", "level", "count", "new_urban_jobs"),
    ("货物进出口", "growth", "percent", "foreign_trade"),
    ("粮食产量", "level", "weight", "grain_output"),
    ("全年粮食总产", "level", "weight", "grain_output"),
    ("单位国内生产总值能耗", "decrease", "percent", "energy_intensity"),
    ("能耗强度", "decrease", "percent", "energy_intensity"),
    ("赤字率", "share", "percent", "deficit_ratio"),
    ("研发经费投入强度", "share", "percent", "rd_intensity"),
    ("“城镇新增就业”", "level", "count", "new_urban_jobs"),
]


@pytest.mark.parametrize("subject, measure, dimension, key", CATALOG_SUBJECTS)
def test_catalog_alias(subject, measure, dimension, key):
    assert catalog.metric_for(subject, measure, dimension)[0] == key


# Near-misses that a suffix or fuzzy match would take for the metric on the right.
GUARDED = [
    ("地区生产总值能耗", "decrease", "percent", "energy_intensity"),   # not gdp
    ("单位地区生产总值能耗", "decrease", "percent", "energy_intensity"),
    ("一般公共预算支出", "growth", "percent", "budget_expenditure"),   # not revenue
    ("跨境电商进出口", "growth", "percent", "lt:跨境电商进出口"),       # not foreign_trade
    ("高新技术产业产值", "growth", "percent", "lt:高新技术产业产值"),
    ("经济", "level", "money", "lt:经济"),                          # 经济 is GDP only for growth
    ("地区生产总值", "level", "count", "lt:地区生产总值"),            # a count cannot be GDP
    ("城镇新增就业", "growth", "percent", "lt:城镇就业"),  # jobs are counted, not in %
]


@pytest.mark.parametrize("subject, measure, dimension, key", GUARDED)
def test_catalog_guards(subject, measure, dimension, key):
    assert catalog.metric_for(subject, measure, dimension)[0] == key


LONG_TAIL = [
    ("新建改造5G基站", "lt:5G基站", "5G基站"),
    ("5G基站", "lt:5G基站", "5G基站"),
    ("新增高新技术企业", "lt:高新技术企业", "高新技术企业"),
    ("高新技术企业", "lt:高新技术企业", "高新技术企业"),
    ("改造老旧小区", "lt:老旧小区", "老旧小区"),
    ("新增规上工业企业", "lt:规上工业企业", "规上工业企业"),
    ("", "lt:unnamed", ""),
    ("新增", "lt:unnamed", "新增"),
]


@pytest.mark.parametrize("subject, key, name", LONG_TAIL)
def test_long_tail_key(subject, key, name):
    assert catalog.metric_for(subject, "level", "count") == (key, name)


def test_metric_name_is_the_catalog_name():
    assert catalog.metric_for("全县生产总值", "growth", "percent") == ("gdp", "地区生产总值")


@pytest.mark.parametrize(
    "key, expected",
    [("gdp", "higher_better"), ("cpi", "ceiling"), ("surveyed_unemployment", "ceiling"),
     ("deficit_ratio", "ceiling"), ("energy_intensity", "ceiling"), ("lt:5G基站", "higher_better"),
     ("lt:安全生产事故死亡人数", "ceiling"), ("no_such_key", "higher_better"),
     # a harm's remedy (knowledge/remedy_words.csv): cities/zhumadian 2005, 再就业 of the laid-off
     ("lt:下岗失业人员再就业", "higher_better"), ("lt:受污染耕地安全利用率", "higher_better"),
     ("lt:城镇失业率", "ceiling"), ("lt:就业困难人员失业率", "ceiling"),   # the later word decides
     ("lt:污水排放达标率", "higher_better"), ("lt:PM2.5达标天数", "higher_better"),
     ("lt:削减财政赤字", "higher_better"), ("lt:修复污染土壤面积", "higher_better"),   # a remedy done to the harm
     ("lt:培训失业人员", "higher_better")],
)
def test_direction(key, expected):
    assert catalog.direction(key) == expected


@pytest.mark.parametrize(
    "key, measure, expected",
    [("energy_intensity", "decrease", "higher_better"),  # 能耗下降3%以上: more decrease is better
     ("cpi", "growth", "ceiling"),
     ("gdp", "growth", "higher_better"),
     ("lt:PM2.5浓度", "decrease", "higher_better"),
     ("lt:PM2.5浓度", "share", "ceiling"),
     ("lt:5G基站", "level", "higher_better")],
)
def test_value_direction(key, measure, expected):
    assert catalog.value_direction(key, measure) == expected


def test_metrics_table_lists_every_metric_with_aliases():
    table = catalog.metrics_table()
    assert list(table.columns) == ["metric_key", "metric_name", "direction", "dimensions", "aliases", "description"]
    assert table["metric_key"].is_unique
    gdp = table.set_index("metric_key").loc["gdp"]
    assert gdp["metric_name"] == "地区生产总值"
    assert "全市生产总值" not in gdp["aliases"]  # 全市 is stripped, not listed per level
    assert "国内生产总值" in gdp["aliases"].split(" / ")


def test_every_alias_names_a_known_metric_and_no_alias_is_ambiguous():
    aliases = catalog._aliases()
    for alias, entries in aliases.items():
        assert len(entries) == len({key for key, _ in entries}), alias
        assert all(key in catalog._metrics() for key, _ in entries)


def test_long_tail_keeps_figures_inside_the_subject():
    big = catalog.metric_for("营收过100亿元企业", "level", "count")[0]
    small = catalog.metric_for("营收过50亿元企业", "level", "count")[0]
    assert big != small


@pytest.mark.parametrize(
    "subject, measure, key",
    [("物价总水平", "level", "cpi"),                    # national/2007.txt: 物价总水平基本稳定
     ("全国居民消费价格总水平", "growth", "cpi"),       # an alias ending in 水平, behind a scope word
     ("主要污染物排放", "decrease", "pollutant_emissions"),
     ("主要污染物排放量", "decrease", "pollutant_emissions"),
     ("经济增长预期目标", "growth", "gdp")],           # national/2011.txt: 经济增长预期目标是…年均增长7%
)
def test_alias_found_at_each_step_of_normalisation(subject, measure, key):
    assert catalog.metric_for(subject, measure, "percent")[0] == key


@pytest.mark.parametrize(
    "name, generic",
    [("项目", True), ("投资", True), ("总投资", True), ("企业", True), ("", True), ("是2006年", True),
     ("重点项目", False), ("5G基站", False), ("高新技术企业", False)],
)
def test_generic_name(name, generic):
    assert catalog.is_generic_name(name) is generic


def test_unpaired_key_is_a_stable_hash_of_the_quote():
    key = catalog.unpaired_key("完成投资39.7亿元")
    assert key.startswith(catalog.UNPAIRED_PREFIX) and len(key) == len("lt?:") + 10
    assert key == catalog.unpaired_key("完成投资39.7亿元") != catalog.unpaired_key("完成投资13.6亿元")


@pytest.mark.parametrize("subject", ["广义货币M2", "广义货币供应量M2", "M2"])  # national/2015–2017.txt
def test_broad_money_is_a_catalog_metric(subject):
    assert catalog.metric_for(subject, "growth", "percent")[0] == "m2"


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("规模以上工业增加值", ["规模以上", "工业", "增加值"]),
        ("鲁北大数据中心", ["鲁北", "大数据中心"]),
        ("吨半粮示范区", ["吨半粮", "示范区"]),
        ("地区生产总值", ["地区", "生产总值"]),
    ],
)
def test_one_tokenizer_keeps_domain_words_whole_for_extraction_and_matching(text, tokens):
    from reportcmp.pipeline import match

    assert match._tokenizer() is catalog.tokenizer()  # the dictionary loads once per process
    assert catalog.cut(text) == tokens
    assert list(match.subject_tokens(text)) == tokens


def test_a_misprint_is_read_as_meant_and_an_empty_misprints_file_changes_nothing(monkeypatch):
    assert catalog._as_meant("城镇居民可支配收人") == "城镇居民可支配收入"
    monkeypatch.setattr(catalog, "_misprinted", lambda: {})
    catalog._misprints.cache_clear()
    try:
        assert catalog._as_meant("城镇居民可支配收人") == "城镇居民可支配收人"
    finally:
        monkeypatch.undo()
        catalog._misprints.cache_clear()
