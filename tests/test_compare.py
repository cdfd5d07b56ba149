"""Verdicts on targets (status_of) and the comparison built from hand-made warehouse rows."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from reportcmp.pipeline import verdict, warehouse
from reportcmp.pipeline.compare import build_comparison
from reportcmp.pipeline.verdict import status_of
from reportcmp.pipeline.config import CompareSettings

SETTINGS = CompareSettings()
GDP = "gdp"
NOW = dt.datetime(2026, 1, 1)


def target(value, qualifier=None, comparator=">=", measure="growth", unit="%", value_high=None,
           kind="numeric", name="地区生产总值", **more):
    return {"metric_name": name, "measure": measure, "value": value, "value_high": value_high, "unit": unit,
            "value_base": more.pop("value_base", value), "base_unit": more.pop("base_unit", unit),
            "qualifier": qualifier, "comparator": comparator, "target_kind": kind, "quote": "", **more}


def result(value, measure="growth", unit="%", value_base=None, base_unit=None):
    return {"measure": measure, "value": value, "unit": unit,
            "value_base": value if value_base is None else value_base, "base_unit": base_unit or unit}


# (target, result value, direction) -> (status, comparator, gap, completion_ratio)
STATUS_CASES = [
    pytest.param(target(5, "以上"), 5.2, "higher_better", ("met", ">=", 0.2, 1.04), id="floor-met"),
    pytest.param(target(5, "以上"), 4.8, "higher_better", ("missed", ">=", -0.2, 0.96), id="floor-missed"),
    pytest.param(target(5, "以上"), 5.5, "higher_better", ("met", ">=", 0.5, 1.1), id="floor-margin-is-met"),
    pytest.param(target(5, "以上"), 5.6, "higher_better", ("exceeded", ">=", 0.6, 1.12), id="floor-exceeded"),
    pytest.param(target(5, "不低于"), 5.0, "higher_better", ("met", ">=", 0.0, 1.0), id="floor-exactly"),
    pytest.param(target(5.5, "以内", "<="), 5.2, "ceiling", ("met", "<=", -0.3, None), id="ceiling-met"),
    pytest.param(target(5.5, "以内", "<="), 5.6, "ceiling", ("missed", "<=", 0.1, None), id="ceiling-missed"),
    pytest.param(target(3, "左右", "~", name="居民消费价格"), 0.2, "ceiling", ("met", "<=", -2.8, None),
                 id="about-on-ceiling-is-ceiling"),
    pytest.param(target(3, "左右", "~", name="居民消费价格"), 3.4, "ceiling", ("missed", "<=", 0.4, None),
                 id="about-on-ceiling-missed"),
    pytest.param(target(6, "左右", "~"), 5.6, "higher_better", ("met", "~", -0.4, None), id="about-band-low-met"),
    pytest.param(target(6, "左右", "~"), 5.4, "higher_better", ("missed", "~", -0.6, None), id="about-band-missed"),
    pytest.param(target(6, "左右", "~"), 6.5, "higher_better", ("met", "~", 0.5, None), id="about-band-high-met"),
    pytest.param(target(6, "左右", "~"), 6.6, "higher_better", ("exceeded", "~", 0.6, None), id="about-exceeded"),
    pytest.param(target(6, None, "range", value_high=6.5), 6.1, "higher_better", ("met", "range", 0.1, 1.0167),
                 id="range-from-lower-end"),
    pytest.param(target(6, None, "range", value_high=6.5), 5.9, "higher_better", ("missed", "range", -0.1, 0.9833),
                 id="range-missed"),
    pytest.param(target(6, None, "range", value_high=6.5), 7.1, "higher_better",
                 ("exceeded", "range", 1.1, 1.1833), id="range-exceeded-above-top"),
    # 增长15%以上、力争达到20% (xizang 2025): judged from the floor, 20% is only the aspiration
    pytest.param(target(15, "以上…力争达到", ">=", value_high=20), 17.2, "higher_better",
                 ("exceeded", ">=", 2.2, 1.1467), id="floor-with-aspiration-exceeded"),
    pytest.param(target(7, "以上…力争达到", ">=", value_high=8), 7.0, "higher_better",
                 ("met", ">=", 0.0, 1.0), id="floor-with-aspiration-met"),
    pytest.param(target(3, "左右", "~", measure="decrease", name="单位地区生产总值能耗"), 3.4, "ceiling",
                 ("met", "~", 0.4, None), id="decrease-more-is-better"),
    pytest.param(target(3, "左右", "~", measure="decrease", name="单位地区生产总值能耗"), 2.4, "ceiling",
                 ("missed", "~", -0.6, None), id="decrease-too-little"),
]


@pytest.mark.parametrize("the_target, result_value, direction, expected", STATUS_CASES)
def test_status_of(the_target, result_value, direction, expected):
    verdict = status_of(the_target, result(result_value, the_target["measure"]), direction, SETTINGS)
    assert (verdict.status, verdict.comparator_applied, verdict.gap, verdict.completion_ratio) == expected


def test_status_of_converts_a_decrease_stated_as_negative_growth():
    verdict = status_of(target(3, None, ">=", measure="decrease", name="能耗"), result(-3.5), "ceiling", SETTINGS)
    assert (verdict.status, verdict.gap) == ("met", 0.5)


def test_status_of_level_in_another_unit_is_converted_to_the_targets_unit():
    five_g = target(3000, None, "=", measure="level", unit="个", name="5G基站")
    verdict = status_of(five_g, result(0.3002, "level", "万个", value_base=3002, base_unit="个"), "higher_better",
                        SETTINGS)
    assert verdict == ("met", ">=", 2.0, 1.0007, "5G基站 3002个 against a floor of 3000个: met, 2个 above")


def test_status_of_level_about_band_is_relative():
    revenue = target(100, "左右", "~", measure="level", unit="亿元", name="营收")
    assert status_of(revenue, result(95.5, "level", "亿元"), "higher_better", SETTINGS).status == "met"
    assert status_of(revenue, result(94.5, "level", "亿元"), "higher_better", SETTINGS).status == "missed"
    assert status_of(revenue, result(105.5, "level", "亿元"), "higher_better", SETTINGS).status == "exceeded"


def test_status_of_rationale_reads_as_a_sentence():
    verdict = status_of(target(5, "以上"), result(5.2), "higher_better", SETTINGS)
    assert verdict.rationale == "地区生产总值 growth 5.2% against a floor of 5% (以上): met, 0.2 pp above"


@pytest.mark.parametrize("qualifier, reference, income, expected", [
    ("高于", 6.0, 6.2, "met"),
    ("高于", 6.0, 6.0, "missed"),
    ("同步", 6.0, 5.7, "met"),
    ("同步", 6.0, 5.4, "missed"),
    (None, 6.0, 5.8, "met"),
])
def test_status_of_relative_target_against_the_referenced_result(qualifier, reference, income, expected):
    income_target = target(None, qualifier, None, kind="relative", name="居民人均可支配收入",
                           reference_metric_key=GDP, reference_value=reference, reference_name="地区生产总值")
    assert status_of(income_target, result(income), "higher_better", SETTINGS).status == expected


def test_status_of_relative_target_without_reference_result_is_unverifiable():
    income_target = target(None, "高于", None, kind="relative", reference_metric_key=GDP, reference_value=None)
    verdict = status_of(income_target, result(6.2), "higher_better", SETTINGS)
    assert verdict.status == "unverifiable" and GDP in verdict.rationale


@pytest.mark.parametrize("the_target, the_result, expected", [
    (target(None, None, None, kind="qualitative"), result(2.3), "unverifiable"),
    (target(5, "以上"), None, "not_reported"),
    (target(5, "以上"), result(5, "level", "亿元"), "unverifiable"),
    (target(500, None, ">=", measure="level", unit="万吨"), result(80, "level", "亿元"), "unverifiable"),
])
def test_status_of_cannot_judge(the_target, the_result, expected):
    assert status_of(the_target, the_result, "higher_better", SETTINGS).status == expected


# ---- build_comparison on a tiny warehouse ------------------------------------------------------

def make_con():
    con = duckdb.connect()
    warehouse.apply_schema(con)
    return con


def add_report(con, region_key, year, metrics, region="德州市"):
    sha = f"{region_key}-{year}"
    con.execute(
        "INSERT INTO core_reports (report_sha256, region, region_code, region_key, level, report_year, source_file, "
        "source_format, n_chars, clean_text, raw_text, ingested_at) VALUES (?, ?, ?, ?, 'city', ?, ?, 'txt', 1, '', '', ?)",
        [sha, region, region_key, region_key, year, f"{sha}.txt", NOW])
    con.execute("INSERT INTO core_paragraphs VALUES (?, 0, 0, 1, 'review', ?, ?, NULL), (?, 1, 1, 2, 'plan', ?, ?, NULL)",
                [sha, year - 1, year - 1, sha, year, year])
    for seq, m in enumerate(metrics):
        row = {"period_start": None, "period_end": None, "subject": m.get("metric_name"), "value_high": None,
               "value_base": m.get("value"), "base_unit": m.get("unit"), "qualifier": None, "comparator": None,
               "target_kind": "numeric" if m["kind"] == "target" else None, "reference_metric_key": None,
               "paragraph": 0 if m["kind"] == "result" else 1, "char_start": 0, "char_end": 1, **m}
        if "period_year" not in m:
            row["period_year"] = year if m["kind"] == "target" else year - 1
        columns = ["report_sha256", "metric_seq", *row]
        con.execute(f"INSERT INTO core_metrics ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                    [sha, seq, *row.values()])
    return sha


def gdp(kind, value, **more):
    return {"kind": kind, "metric_key": GDP, "metric_name": "地区生产总值", "measure": "growth", "value": value,
            "unit": "%", "quote": f"地区生产总值增长{value}%", **more}


def rows(con, sql="SELECT period_year, metric_key, status, result_value, match_rule FROM v_target_vs_result "
                  "ORDER BY period_year, target_metric_seq"):
    return con.execute(sql).fetchall()


def test_build_comparison_pairs_by_key_and_marks_pending():
    con = make_con()
    add_report(con, "371400", 2023, [gdp("target", 5.0, qualifier="以上", comparator=">=")])
    add_report(con, "371400", 2024, [gdp("result", 6.0), gdp("target", 5.5, qualifier="以上", comparator=">=")])
    summary = build_comparison(con, SETTINGS, [])
    assert rows(con) == [(2023, GDP, "exceeded", 6.0, "metric_key"), (2024, GDP, "pending", None, None)]
    assert summary["statuses"] == {"exceeded": 1, "pending": 1}


def test_build_comparison_not_reported_when_next_report_is_silent():
    con = make_con()
    add_report(con, "371400", 2023, [gdp("target", 5.0, qualifier="以上", comparator=">=")])
    add_report(con, "371400", 2024, [])
    build_comparison(con, SETTINGS, [])
    assert rows(con) == [(2023, GDP, "not_reported", None, None)]


def test_build_comparison_prefers_the_last_year_over_the_five_year_summary():
    con = make_con()
    add_report(con, "371400", 2023, [gdp("target", 5.0, qualifier="以上", comparator=">=")])
    add_report(con, "371400", 2024, [
        gdp("result", 7.0, period_year=None, period_start=2019, period_end=2023, quote="五年年均增长7%"),
        gdp("result", 5.1)])
    build_comparison(con, SETTINGS, [])
    assert rows(con) == [(2023, GDP, "met", 5.1, "metric_key")]


def test_build_comparison_never_pairs_across_regions():
    con = make_con()
    add_report(con, "371400", 2023, [gdp("target", 5.0, qualifier="以上", comparator=">=")])
    add_report(con, "370100", 2024, [gdp("result", 6.0)], region="济南市")
    build_comparison(con, SETTINGS, [])
    assert rows(con) == [(2023, GDP, "pending", None, None)]


def test_build_comparison_resolves_relative_target_against_gdp_result():
    con = make_con()
    income = {"kind": "target", "metric_key": "income", "metric_name": "居民人均可支配收入", "measure": "growth",
              "value": None, "unit": "%", "qualifier": "高于", "target_kind": "relative",
              "reference_metric_key": GDP, "quote": "居民人均可支配收入增长高于GDP增速"}
    add_report(con, "371400", 2023, [income])
    add_report(con, "371400", 2024, [gdp("result", 6.0), {**income, "kind": "result", "value": 6.2,
                                                           "target_kind": None, "qualifier": None,
                                                           "reference_metric_key": None, "quote": "收入增长6.2%"}])
    build_comparison(con, SETTINGS, [])
    status, rationale = con.execute("SELECT status, rationale FROM v_target_vs_result").fetchone()
    assert status == "met"
    assert rationale == "居民人均可支配收入 growth 6.2% against more than 地区生产总值 growth 6% (高于): met, 0.2 pp above"


def test_build_comparison_qualitative_target_shows_the_nearest_result():
    con = make_con()
    add_report(con, "100000", 2020, [gdp("target", None, target_kind="qualitative", quote="没有提出全年经济增速具体目标")],
               region="全国")
    add_report(con, "100000", 2021, [gdp("result", 2.3)], region="全国")
    build_comparison(con, SETTINGS, [])
    assert rows(con) == [(2020, GDP, "unverifiable", 2.3, "metric_key")]


def test_build_comparison_ambition_sets_target_beside_last_years_result():
    con = make_con()
    add_report(con, "371400", 2024, [
        {"kind": "result", "metric_key": "five_g", "metric_name": "新建改造5G基站", "measure": "level",
         "value": 3002, "unit": "个", "quote": "新建改造5G基站3002个"},
        {"kind": "target", "metric_key": "five_g", "metric_name": "5G基站", "measure": "level",
         "value": 3000, "unit": "个", "quote": "新建5G基站3000个"}])
    build_comparison(con, SETTINGS, [])
    assert con.execute("SELECT report_year, target_value, previous_result_value, change, match_rule "
                       "FROM v_ambition").fetchall() == [(2024, 3000.0, 3002.0, -2.0, "metric_key")]


def test_build_comparison_replaces_rows_on_rerun():
    con = make_con()
    add_report(con, "371400", 2023, [gdp("target", 5.0, qualifier="以上", comparator=">=")])
    add_report(con, "371400", 2024, [gdp("result", 6.0)])
    build_comparison(con, SETTINGS, [])
    build_comparison(con, SETTINGS, [])
    assert len(rows(con)) == 1


# ---- round 2: restated targets, spans, decreases, "more than" results, review queue ------------

def test_build_comparison_collapses_a_target_restated_with_the_same_figure():
    con = make_con()
    add_report(con, "100000", 2016, [
        gdp("target", 6.5, value_high=7.0, comparator="range", quote="国内生产总值增长6.5%－7%"),
        gdp("target", 6.5, value_high=7.0, comparator="range", qualifier="预期", quote="经济增长预期目标6.5%－7%"),
        gdp("target", 6.0, qualifier="以上", comparator=">=", quote="国内生产总值增长6%以上")], region="全国")
    add_report(con, "100000", 2017, [gdp("result", 6.7, quote="国内生产总值达到74.4万亿元，增长6.7%")], region="全国")
    build_comparison(con, SETTINGS, [])
    assert con.execute("SELECT target_quote, status, result_value FROM v_target_vs_result "
                       "ORDER BY target_metric_seq").fetchall() == [
        ("国内生产总值增长6.5%－7%", "met", 6.7), ("国内生产总值增长6%以上", "exceeded", 6.7)]


def test_build_comparison_never_collapses_unnamed_statements():
    con = make_con()
    projects = {"kind": "target", "metric_key": "lt:项目", "metric_name": "项目", "measure": "level",
                "value": 10.0, "unit": "个"}
    add_report(con, "371400", 2024, [{**projects, "quote": "推动10个项目"}, {**projects, "quote": "建成10个项目"}])
    build_comparison(con, SETTINGS, [])   # a database with targets only: nothing to pair them with
    assert rows(con) == [(2024, "lt:项目", "pending", None, None)] * 2


@pytest.mark.parametrize("result_span, expected", [
    pytest.param((2003, 2007), (2007, GDP, "not_reported", None, None), id="five-year-growth-is-not-last-years"),
    pytest.param(None, (2007, GDP, "exceeded", 11.4, "metric_key"), id="last-years-growth"),
])
def test_build_comparison_judges_a_one_year_target_by_one_year_only(result_span, expected):
    con = make_con()
    add_report(con, "100000", 2007, [gdp("target", 8.0, qualifier="左右", comparator="~")], region="全国")
    span = ({"period_year": None, "period_start": result_span[0], "period_end": result_span[1]}
            if result_span else {})
    value = 65.5 if result_span else 11.4
    add_report(con, "100000", 2008, [gdp("result", value, **span)], region="全国")
    build_comparison(con, SETTINGS, [])
    assert rows(con) == [expected]


def test_build_comparison_never_judges_a_five_year_target_by_one_year():
    con = make_con()
    add_report(con, "100000", 2016, [gdp("target", 6.5, qualifier="以上", comparator=">=", period_year=None,
                                         period_start=2016, period_end=2020)], region="全国")
    add_report(con, "100000", 2021, [gdp("result", 2.3)], region="全国")
    build_comparison(con, SETTINGS, [])
    assert rows(con) == [(2020, GDP, "not_reported", None, None)]


def test_build_comparison_leaves_out_a_past_target_quoted_in_a_later_report():
    con = make_con()
    add_report(con, "100000", 2009, [gdp("target", 8.0, qualifier="左右", comparator="~", period_year=2008,
                                         quote="年初提出国内生产总值增长8%左右"),
                                     gdp("target", 8.0, qualifier="左右", comparator="~")], region="全国")
    build_comparison(con, SETTINGS, [])
    assert rows(con) == [(2009, GDP, "pending", None, None)]


ENERGY = {"metric_key": "energy_intensity", "metric_name": "单位国内生产总值能耗", "measure": "decrease", "unit": "%"}


@pytest.mark.parametrize("target_qualifier, result_value, result_qualifier, expected", [
    pytest.param("左右", 5.6, None, "exceeded", id="cut-far-deeper-than-planned"),
    pytest.param("左右", 2.9, None, "met", id="cut-about-as-planned"),
    pytest.param("以上", 2.0, None, "missed", id="cut-too-small"),
    pytest.param("左右", 3.0, None, "met", id="on-the-margin"),
    pytest.param("左右", 3.0, "超过", "exceeded", id="more-than-the-margin"),
])
def test_build_comparison_a_stated_decrease_is_larger_is_better(target_qualifier, result_value, result_qualifier,
                                                                 expected):
    con = make_con()
    comparator = "~" if target_qualifier == "左右" else ">="
    add_report(con, "100000", 2024, [{**ENERGY, "kind": "target", "value": 2.5, "qualifier": target_qualifier,
                                      "comparator": comparator, "quote": f"能耗降低2.5%{target_qualifier}"}],
               region="全国")
    add_report(con, "100000", 2025, [{**ENERGY, "kind": "result", "value": result_value,
                                      "qualifier": result_qualifier, "quote": "能耗降幅"}], region="全国")
    build_comparison(con, SETTINGS, [])
    assert con.execute("SELECT status, direction FROM v_target_vs_result").fetchall() == [(expected, "higher_better")]


@pytest.mark.parametrize("the_target, result_value, qualifier, direction, expected", [
    pytest.param(target(5, "以上"), 5.5, "多", "higher_better", "exceeded", id="floor-more-than-the-margin"),
    pytest.param(target(5, "以上"), 5.5, "以上", "higher_better", "met", id="以上-includes-the-figure"),
    pytest.param(target(5.5, "以内", "<="), 5.5, "超过", "ceiling", "missed", id="more-than-a-ceiling"),
    pytest.param(target(5, "高于", ">"), 5.0, "超过", "higher_better", "met", id="more-than-an-above-bound"),
])
def test_status_of_a_result_stated_as_more_than(the_target, result_value, qualifier, direction, expected):
    verdict = status_of(the_target, {**result(result_value), "qualifier": qualifier}, direction, SETTINGS)
    assert verdict.status == expected
    assert ("stated as more than" in verdict.rationale) is (qualifier != "以上")


def test_review_queue_lists_fuzzy_pairs_with_both_quotes_and_the_score():
    con = make_con()
    festivals = {"measure": "level", "unit": "万场"}
    add_report(con, "371400", 2023, [{**festivals, "kind": "target", "metric_key": "lt:开展文体惠民活动",
                                      "metric_name": "开展文体惠民活动", "value": 1.5, "quote": "开展文体惠民活动1.5万场"}])
    add_report(con, "371400", 2024, [{**festivals, "kind": "result", "metric_key": "lt:开展文化惠民活动",
                                      "metric_name": "开展文化惠民活动", "value": 1.6, "quote": "开展文化惠民活动1.6万场"}])
    build_comparison(con, SETTINGS, [])
    assert con.execute("SELECT comparison, target_quote, result_quote, match_score, paired FROM v_review_queue"
                       ).fetchall() == [("target_vs_result", "开展文体惠民活动1.5万场", "开展文化惠民活动1.6万场", 90.9, True)]


# ---- the seed report alone ---------------------------------------------------------------------

SEED = Path(__file__).resolve().parents[1] / "seeds" / "dezhou" / "2024.txt"
# (quote words of the 2024 target, its value, the 2023 result beside it): Dezhou's own figures.
SEED_AMBITION = [
    ("新建改造5G基站3000个", 3000.0, 3002.0),
    ("新增规上工业企业200家以上", 200.0, 394.0),
    ("地区生产总值增长5.5%以上", 5.5, 6.0),
]


@pytest.fixture(scope="module")
def seed_con():
    from reportcmp.pipeline import report, store
    con = make_con()
    store.store_report(con, report.process_file(SEED))
    build_comparison(con, SETTINGS, [])
    return con


def test_seed_alone_every_2024_target_is_pending(seed_con):
    statuses = seed_con.execute("SELECT period_year, status, count(*) FROM v_target_vs_result "
                                "GROUP BY ALL").fetchall()
    assert [(year, status) for year, status, _ in statuses] == [(2024, "pending")]
    assert statuses[0][2] >= 100


@pytest.mark.parametrize("quote, target_value, previous_value", SEED_AMBITION)
def test_seed_ambition_sets_2024_targets_beside_2023_results(seed_con, quote, target_value, previous_value):
    found = seed_con.execute("SELECT target_value, previous_result_value FROM v_ambition WHERE target_quote = ?",
                             [quote]).fetchall()
    assert found == [(target_value, previous_value)]


def test_seed_ambition_pairs_no_generic_subject(seed_con):
    generic = seed_con.execute(
        "SELECT target_quote, previous_result_quote FROM v_ambition WHERE previous_result_quote IS NOT NULL "
        "AND (previous_result_quote LIKE '%等_个项目' OR previous_result_quote LIKE '%等__家企业' "
        "OR metric_key IN ('lt:项目', 'lt:投资'))").fetchall()
    assert generic == []


def test_a_qualifier_with_an_unknown_bound_fails_loudly(monkeypatch):
    from reportcmp.pipeline import knowledge

    rows = [{"word": "以上", "position": "post", "comparator": ">=", "bound": "floor", "note": ""},
            {"word": "稳居", "position": "pre", "comparator": "=", "bound": "steady", "note": ""}]
    monkeypatch.setattr(knowledge, "rows", lambda name: rows)
    verdict.bound_words.cache_clear()
    try:
        with pytest.raises(ValueError, match="unknown bound.*steady"):
            verdict.bound_words()
    finally:
        monkeypatch.undo()
        verdict.bound_words.cache_clear()
    assert ("以上", "floor") in verdict.bound_words()


# ---- relative, qualitative and figureless targets (issue 10) ------------------------------------

@pytest.mark.parametrize("relation, income, expected", [
    ("同步", 7.5, "met"),      # keeping pace is the promise: far above is met, never exceeded
    ("同步", 5.5, "met"),      # 0.5 pp below is within the tolerance
    ("同步", 5.4, "missed"),
    ("高于", 7.5, "met"),
    ("不低于", 6.0, "met"),
])
def test_relative_target_is_met_or_missed_never_exceeded(relation, income, expected):
    income_target = target(None, None, None, kind="relative", name="居民人均可支配收入", predicate=relation,
                           reference_metric_key=GDP, reference_value=6.0, reference_name="地区生产总值")
    assert status_of(income_target, result(income), "higher_better", SETTINGS).status == expected


def test_relative_target_against_a_figure_no_report_states_is_unverifiable():
    # provinces/anhui 2025: 城镇常住居民人均可支配收入增速高于全国平均水平
    income_target = target(None, None, None, kind="relative", predicate="高于全国平均水平", reference_metric_key=None)
    verdict = status_of(income_target, result(4.4), "higher_better", SETTINGS)
    assert verdict.status == "unverifiable" and "高于全国平均水平" in verdict.rationale


@pytest.mark.parametrize("predicate, the_result, expected", [
    ("稳步增长", result(9.4), "met"),                       # cities/zhumadian 2021: 居民收入稳步增长
    ("持续增长", result(-2.0), "missed"),
    ("继续下降", result(3.0, measure="decrease"), "met"),
    ("继续下降", result(1.0), "missed"),
    ("稳步增长", result(9.4, measure="level", unit="亿元"), "unverifiable"),  # a level decides no rise
    ("稳中提质", result(9.4), "unverifiable"),               # quality: no figure decides it
    ("完成省定目标", result(9.4), "unverifiable"),           # a completion needs a sentence, not a figure
])
def test_qualitative_target_promising_a_rise_or_fall(predicate, the_result, expected):
    qualitative = target(None, None, None, kind="qualitative", name="进出口", predicate=predicate)
    assert status_of(qualitative, the_result, "higher_better", SETTINGS).status == expected


def add_text_report(con, region_key, year, review_text: str, metrics, region="驻马店市"):
    """A report whose review paragraph holds `review_text` (a sentence evidence can be read from)."""
    sha = add_report(con, region_key, year, metrics, region=region)
    con.execute("UPDATE core_reports SET clean_text = ? WHERE report_sha256 = ?", [review_text + "\n", sha])
    con.execute("UPDATE core_paragraphs SET char_end = ? WHERE report_sha256 = ? AND paragraph = 0",
                [len(review_text), sha])
    return sha


def figureless(subject: str, predicate: str, quote: str) -> dict:
    return {"kind": "target", "metric_key": f"lt:{subject}", "metric_name": subject, "subject": subject,
            "measure": "level", "value": None, "unit": None, "target_kind": "qualitative",
            "predicate": predicate, "quote": quote}


@pytest.mark.parametrize("target, year, review, quote, rationale", [
    # a completion said done
    (figureless("脱贫攻坚任务", "确保完成脱贫攻坚任务", "确保完成脱贫攻坚任务"), 2020,
     "聚焦两不愁三保障，圆满完成新时代脱贫攻坚任务。", "圆满完成新时代脱贫攻坚任务",
     "the 2021 report's review says it was done, naming 脱贫、攻坚"),
    # national 2019 → 2020: a promised state written again of 2019 (国际收支基本平衡)
    (figureless("国际收支", "基本平衡", "国际收支基本平衡"), 2019,
     "外汇储备稳定，国际收支基本平衡。", "国际收支基本平衡",
     "the 2020 report's review says it was held (平衡), naming 国际收支"),
])
def test_build_comparison_decides_a_figureless_target_by_the_next_reviews_sentence(target, year, review, quote,
                                                                                  rationale):
    con = make_con()
    add_text_report(con, "411700", year, "", [target])
    add_text_report(con, "411700", year + 1, review, [])
    build_comparison(con, SETTINGS, [])
    status, got, rule, start, end, said = con.execute(
        "SELECT status, result_quote, match_rule, result_char_start, result_char_end, rationale "
        "FROM v_target_vs_result").fetchone()
    assert (status, got, rule) == ("met", quote, "sentence")
    assert review[start:end] == got                       # the quote can be found in its report
    assert said.startswith(rationale)


def test_build_comparison_a_pair_written_as_one_is_judged_on_both():
    # counties/baoding-qingyuan 2024: 城乡居民人均可支配收入增长7% against 城镇 5.8% and 农村 6.8%
    con = make_con()
    income = {"kind": "target", "metric_key": "disposable_income", "metric_name": "居民人均可支配收入",
              "subject": "城乡居民人均可支配收入", "measure": "growth", "value": 7.0, "unit": "%",
              "comparator": "=", "quote": "城乡居民人均可支配收入增长7%"}

    def part(key, name, value):
        return {"kind": "result", "metric_key": key, "metric_name": name, "subject": name, "measure": "growth",
                "value": value, "unit": "%", "quote": f"{name}增长{value}%"}

    add_report(con, "130608", 2023, [income])
    add_report(con, "130608", 2024, [part("urban_disposable_income", "城镇居民人均可支配收入", 5.8),
                                     part("rural_disposable_income", "农村居民人均可支配收入", 6.8)])
    add_report(con, "130609", 2023, [income])
    add_report(con, "130609", 2024, [part("urban_disposable_income", "城镇居民人均可支配收入", 6.0),
                                     part("rural_disposable_income", "农村居民人均可支配收入", 7.5)])
    build_comparison(con, SETTINGS, [])
    got = con.execute("SELECT region_key, status, match_rule, result_quote FROM v_target_vs_result "
                      "ORDER BY region_key").fetchall()
    assert got == [
        ("130608", "missed", "pair", "城镇居民人均可支配收入增长5.8%；农村居民人均可支配收入增长6.8%"),
        ("130609", "unverifiable", "pair", "城镇居民人均可支配收入增长6.0%；农村居民人均可支配收入增长7.5%"),
    ]


def test_a_gap_in_the_series_is_no_next_report_and_only_the_latest_year_is_pending():
    # counties/baoding-xushui: reports of 2018, 2019 and 2024 — 2020–2023 are not in the corpus
    con = make_con()
    add_report(con, "130609", 2019, [gdp("target", 7.0, qualifier="以上", comparator=">=")])
    add_report(con, "130609", 2024, [gdp("target", 6.0, qualifier="左右", comparator="~")])
    build_comparison(con, SETTINGS, [])
    assert con.execute("SELECT period_year, status, rationale FROM v_target_vs_result ORDER BY 1").fetchall() == [
        (2019, "no_next_report", "the report of 2020 for 德州市 is missing from the series (later years are in): "
                                 "ingest it to judge this target"),
        (2024, "pending", "no report of 2025 for 德州市 yet"),
    ]


def test_a_comparison_table_made_before_no_next_report_is_rebuilt():
    """An out_target_vs_result with the old CHECK on its statuses (it would refuse no_next_report) is
    derived data: the schema drops it and forgets the comparison's fingerprint, so it is rebuilt."""
    con = duckdb.connect()
    con.execute("CREATE TABLE out_target_vs_result (region VARCHAR, status VARCHAR NOT NULL CHECK "
                "(status IN ('exceeded', 'met', 'missed', 'not_reported', 'pending', 'unverifiable')))")
    con.execute("CREATE TABLE meta_fingerprints (name VARCHAR, fingerprint VARCHAR, updated_at TIMESTAMP)")
    con.execute("INSERT INTO meta_fingerprints VALUES ('comparison', 'x', now()), ('other', 'y', now())")
    warehouse.apply_schema(con)
    assert con.execute("SELECT name FROM meta_fingerprints").fetchall() == [("other",)]
    con.execute("INSERT INTO out_target_vs_result (region, period_year, status, rationale, region_key, "
                "target_report_sha256, target_metric_seq, corrected) "
                "VALUES ('x', 2020, 'no_next_report', 'r', 'x', 's', 0, false)")
    warehouse.apply_schema(con)   # a current table is kept
    assert con.execute("SELECT count(*) FROM out_target_vs_result").fetchone() == (1,)


@pytest.mark.parametrize("promised, said, status, shown", [
    # cities/zhumadian 2011 → 2012: the city's growth decides no share of high-tech industry, nor is it its result
    (figureless("高新技术产业增加值占GDP的比重", "不断提高", "高新技术产业增加值占GDP的比重不断提高"),
     {"metric_key": GDP, "metric_name": "地区生产总值", "subject": "全市生产总值", "quote": "全市生产总值增长12%"},
     "unverifiable", None),
    # cities/zhumadian 2019 → 2020: the subject written in full decides it
    (figureless("利用省外资金", "持续增长", "利用省外资金持续增长"),
     {"metric_key": "lt:实际利用省外资金", "metric_name": "实际利用省外资金", "subject": "实际利用省外资金",
      "quote": "实际利用省外资金增长4.3%"},
     "met", 12.0),
    # not a subject that holds the target's: 人均生产总值 is no 生产总值
    (figureless("生产总值", "稳步增长", "生产总值稳步增长"),
     {"metric_key": "lt:人均生产总值", "metric_name": "人均生产总值", "subject": "人均生产总值",
      "quote": "人均生产总值增长12%"},
     "unverifiable", None),
])
def test_build_comparison_a_nearest_statement_decides_only_of_the_targets_subject(promised, said, status, shown):
    con = make_con()
    add_report(con, "411700", 2019, [promised], region="驻马店市")
    add_report(con, "411700", 2020, [{"kind": "result", "measure": "growth", "value": 12.0, "unit": "%", **said}],
               region="驻马店市")
    build_comparison(con, SETTINGS, [])
    got, value, rationale = con.execute("SELECT status, result_value, rationale FROM v_target_vs_result").fetchone()
    assert (got, value) == (status, shown)
    if shown is None:   # the statement nearby is named as of another subject, not shown as the result
        assert rationale.endswith(f"nearest statement, of another subject: {said['quote']}")


@pytest.mark.parametrize("target_quote, result_quote, status, judged", [
    # counties/baoding-rongcheng 2012 -> 2017: 21.9% over 2012–2016 is 4.04% a year, short of 12% a year
    ("全县生产总值年均增长12%以上", "全县生产总值完成59.4亿元，比2011年增长21.9%", "missed", "4.04% a year"),
    # both averages: compared as they are
    ("全县生产总值年均增长12%以上", "全县生产总值年均增长21.9%", "exceeded", None),
])
def test_a_spans_whole_growth_is_judged_a_year_against_an_average_target(target_quote, result_quote, status, judged):
    the_target = target(12, "以上", quote=target_quote, period_start=2012, period_end=2016)
    the_result = {**result(21.9), "quote": result_quote, "period_start": 2012, "period_end": 2016}
    verdict = status_of(the_target, the_result, "higher_better", SETTINGS)
    assert verdict.status == status
    assert (judged in verdict.rationale) if judged else "a year)" not in verdict.rationale


@pytest.mark.parametrize("the_target, the_result, status, judged", [
    # an average elsewhere in the result's quote is another statement's: its own clause is whole
    (target(12, "以上", quote="全县生产总值年均增长12%以上", period_start=2012, period_end=2016),
     {**result(46.9), "quote": "地区生产总值年均增长8%，比2011年增长46.9%", "period_start": 2012, "period_end": 2016},
     "missed", ": 8% a year"),
    # no span on the result: the target's
    (target(12, "以上", quote="全县生产总值年均增长12%以上", period_start=2012, period_end=2016),
     {**result(21.9), "quote": "比2011年增长21.9%", "period_start": None, "period_end": None}, "missed", "4.04% a year"),
    # a one-year result is no span's change, whatever the target's span
    (target(12, "以上", quote="全县生产总值年均增长12%以上", period_start=2012, period_end=2016),
     {**result(7), "quote": "全县生产总值同比增长7%", "period_year": 2016}, "missed", "growth 7% against"),
    # a decline: 16% in five years is 3.43% a year
    (target(3, None, None, measure="decrease", quote="单位生产总值能耗年均下降3%", period_start=2016, period_end=2020),
     {**result(16, measure="decrease"), "quote": "单位生产总值能耗累计下降16%", "period_start": 2016, "period_end": 2020},
     "met", "3.43% a year"),
])
def test_a_whole_spans_change_a_year_from_its_own_clause_and_span(the_target, the_result, status, judged):
    verdict = status_of(the_target, the_result, "higher_better", SETTINGS)
    assert (verdict.status, judged in verdict.rationale) == (status, True)


def test_a_nearest_statement_of_the_subject_without_its_promised_change_is_shown():
    # counties/baoding-dingxing 2020 -> 2021: 细颗粒物（PM2.5）浓度|下降 names PM2.5浓度, the catalog's pm25_concentration
    con = make_con()
    add_report(con, "130626", 2020, [figureless("细颗粒物（PM2.5）浓度下降", "完成上级下达任务",
                                                "细颗粒物（PM2.5）浓度下降完成上级下达任务")], region="定兴县")
    add_report(con, "130626", 2021, [{"kind": "result", "metric_key": "pm25_concentration", "metric_name": "PM2.5浓度",
                                      "subject": "PM2.5浓度", "measure": "level", "value": 53.0, "unit": "微克/立方米",
                                      "quote": "PM2.5浓度为53微克/立方米"}], region="定兴县")
    build_comparison(con, SETTINGS, [])
    assert con.execute("SELECT status, result_quote FROM v_target_vs_result").fetchone() == (
        "unverifiable", "PM2.5浓度为53微克/立方米")
