"""Verdicts on targets (status_of) and the comparison built from hand-made warehouse rows."""
from __future__ import annotations

import datetime as dt

import duckdb
import pytest

import warehouse
from pipeline.compare import build_comparison, status_of
from pipeline.config import CompareSettings

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
