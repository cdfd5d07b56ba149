"""The evaluator's matching rules, its failure paths, and the label files themselves."""
from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from reportcmp.pipeline import evaluate
from reportcmp.pipeline.evaluate import LabelsError
from reportcmp.pipeline.evaluate_pairs import evaluate_pairs
from reportcmp.pipeline.evaluate_scope import find_anchor
from reportcmp.pipeline.evaluate import (
    evaluate_extraction,
    quotes_overlap,
    read_labels,
    run_evaluation,
    same_quantity,
    split_unit,
    subject_score,
)

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "labels"


def corpus_dir() -> Path:
    return ROOT.parent / "shared" / "corpus"


needs_corpus = pytest.mark.skipif(not corpus_dir().is_dir(), reason="shared corpus not present")

REGION, YEAR = "德州市", 2024
# Two labels of one 、-list clause, one target.
LIST_QUOTE = "新增高新技术企业234家、科技型中小企业397家"
LABEL_ROWS = [
    dict(kind="result", subject="新增高新技术企业", value=234.0, unit="家", qualifier=None,
         comparator="=", quote="新增高新技术企业234家"),
    dict(kind="result", subject="新增科技型中小企业", value=397.0, unit="家", qualifier=None,
         comparator="=", quote="科技型中小企业397家"),
    dict(kind="target", subject="地区生产总值", value=5.5, unit="%", qualifier="以上",
         comparator=">=", quote="地区生产总值增长5.5%以上"),
]
EXTRACTED_RIGHT = [
    dict(kind="result", subject="高新技术企业", value=234.0, unit="家", qualifier=None,
         comparator="=", quote=LIST_QUOTE, char_start=10),
    dict(kind="result", subject="科技型中小企业", value=397.0, unit="家", qualifier=None,
         comparator="=", quote=LIST_QUOTE, char_start=30),
    dict(kind="target", subject="地区生产总值", value=5.5, unit="%", qualifier="以上",
         comparator=">=", quote="地区生产总值增长5.5%以上", char_start=900),
]


def frame(rows: list[dict], region: str = REGION, year: int = YEAR) -> pd.DataFrame:
    return pd.DataFrame([{"region": region, "report_year": year, **row} for row in rows])


def labels_frame() -> pd.DataFrame:
    return frame(LABEL_ROWS)


# ---------------------------------------------------------------- units, subjects, quotes

@pytest.mark.parametrize(
    "unit, expected",
    [("万个", (1e4, "个")), ("亿元", (1e8, "元")), ("个", (1.0, "个")), ("%", (1.0, "%")),
     ("万千瓦", (1e4, "千瓦")), ("千瓦", (1.0, "千瓦")), ("万亿斤", (1e12, "斤")), ("个百分点", (1.0, "个百分点")),
     (None, (1.0, ""))],
)
def test_split_unit(unit, expected):
    assert split_unit(unit) == expected


@pytest.mark.parametrize(
    "a, unit_a, b, unit_b, same",
    [
        (3.65, "万个", 36500, "个", True),
        (1.3, "万亿斤", 13000, "亿斤", True),
        (6, "%", 6, "个百分点", False),
        (6, "%", 6.0, "%", True),
        (6, "%", 6.1, "%", False),
        (None, None, math.nan, None, True),     # two non-numeric statements
        (5, "%", None, None, False),
        (476.4, "亿元", 476.4, "万元", False),
        (0.3, "个百分点", -0.3, "个百分点", True),   # a labelled fall, as written, against the signed figure
        (0.3, "个百分点", -0.4, "个百分点", False),
        (6, "%", -6, "%", False),                  # only percentage points are compared by magnitude
    ],
)
def test_same_quantity(a, unit_a, b, unit_b, same):
    assert same_quantity(a, unit_a, b, unit_b) is same


@pytest.mark.parametrize(
    "label, extracted, score",
    [
        ("新增高新技术企业", "高新技术企业", 100.0),
        ("新增省级“数字经济总部”", "新增省级数字经济总部", 100.0),
        ("规上工业增加值", "规模以上工业增加值", pytest.approx(92.3, abs=0.1)),
        ("就业社保支出", "住房保障支出", pytest.approx(66.7, abs=0.1)),  # below SUBJECT_MIN_SCORE
        ("地区生产总值", "", 0.0),
        ("全市地区生产总值", "地区生产总值", 100.0),
        ("城镇新增就业", "新增就业", 100.0),
        ("新建口袋公园", "口袋公园", 100.0),           # a verb before the thing
        ("农村贫困人口减少", "农村贫困人口", 100.0),   # a measure word after it
        ("全国数字城市百强位次", "全国数字城市百强", 100.0),
        # contained in the label's subject but naming no thing of it (issue 10)
        ("中心镇建设项目完成投资", "完成投资", 0.0),
        ("省级专精特新“小巨人”企业", "省级", 0.0),
        ("省级专精特新“小巨人”企业", "企业", 0.0),
        ("粮食产量", "产量", 0.0),
        ("规上工业增加值增速高于全国", "高于全国", 0.0),
        ("新建“365暖留中心”", "新建", 0.0),
    ],
)
def test_subject_score(label, extracted, score):
    assert subject_score(label, extracted) == score


@pytest.mark.parametrize(
    "label, extracted, overlap",
    [
        ("科技型中小企业397家", LIST_QUOTE, True),
        (LIST_QUOTE, "新增高新技术企业234家", True),
        ("城镇新增就业1100万人以上", "城镇新增\u200b就业1100万人以上", True),  # zero-width space in raw text
        ("年末城镇调查失业率降到5.2%", "城镇调查失业率降到5.2％。", True),     # full-width ％ in raw text
        ("新增学位3.65万个", "新增学位5.35万个", False),
        ("新增学位3.65万个", "", False),
    ],
)
def test_quotes_overlap(label, extracted, overlap):
    assert quotes_overlap(label, extracted) is overlap


def test_find_anchor_skips_line_breaks_and_maps_back_to_the_text():
    text = "前言。政府工作报\n告正文：国内生产总值增长6%。"
    at = find_anchor(text, "政府工作报告正文")
    assert at == 3
    assert find_anchor(text, "不存在的句子") is None


# ---------------------------------------------------------------- extraction scores

def test_all_found_gives_full_precision_and_recall():
    result = evaluate_extraction(labels_frame(), frame(EXTRACTED_RIGHT))
    assert (result.overall.labels, result.overall.extracted, result.overall.found) == (3, 3, 3)
    assert result.overall.precision == 1.0 and result.overall.recall == 1.0
    assert result.misses.empty and result.false_positives.empty


@pytest.mark.parametrize(
    "change, found",
    [
        (dict(value=235.0), 2),                        # wrong value
        (dict(value=2.34, unit="百家"), 2),             # 百 is not a magnitude prefix: 百家 is another unit
        (dict(value=0.0234, unit="万家"), 3),           # the same count in 万家
        (dict(comparator=">="), 2),                    # bound differs
        (dict(subject="规上工业企业"), 2),               # another subject
        (dict(quote="新增规上工业企业394家"), 2),          # quote elsewhere
        (dict(kind="target"), 2),                      # wrong kind
        (dict(comparator=None, qualifier=None), 3),    # no comparator: qualifier sets compared (both empty)
    ],
)
def test_each_rule_can_reject_the_first_label(change, found):
    extracted = [dict(EXTRACTED_RIGHT[0], **change), *EXTRACTED_RIGHT[1:]]
    result = evaluate_extraction(labels_frame(), frame(extracted))
    assert result.overall.found == found


def test_per_kind_scores_and_lists_for_the_analyst():
    wrong_target = dict(EXTRACTED_RIGHT[2], value=5.0)
    extra = dict(kind="result", subject="新增挂牌企业", value=78.0, unit="家", qualifier=None,
                 comparator="=", quote="新增挂牌企业78家", char_start=50)
    result = evaluate_extraction(labels_frame(), frame([*EXTRACTED_RIGHT[:2], wrong_target, extra]))
    assert (result.by_kind["result"].labels, result.by_kind["result"].extracted, result.by_kind["result"].found) == (2, 3, 2)
    assert result.by_kind["result"].precision == pytest.approx(2 / 3)
    assert result.by_kind["target"].recall == 0.0
    assert result.overall.precision == 0.5 and result.overall.recall == pytest.approx(2 / 3)
    assert list(result.misses["quote"]) == ["地区生产总值增长5.5%以上"]
    assert sorted(result.false_positives["quote"]) == ["地区生产总值增长5.5%以上", "新增挂牌企业78家"]


def test_an_extracted_row_matches_at_most_one_label():
    # Two labels with the same figure and subject (one figure shared by two industries' lists);
    # one extracted row can only find one of them.
    labels = frame([LABEL_ROWS[0], dict(LABEL_ROWS[0])])
    result = evaluate_extraction(labels, frame([EXTRACTED_RIGHT[0]]))
    assert (result.overall.found, result.overall.precision, result.overall.recall) == (1, 1.0, 0.5)


def test_scope_limits_precision_but_not_recall():
    outside = dict(EXTRACTED_RIGHT[0], subject="别的", value=1.0, quote="别的1家", char_start=5000)
    other_report = dict(EXTRACTED_RIGHT[0])
    extracted = pd.concat([frame([*EXTRACTED_RIGHT, outside]), frame([other_report], region="全国", year=2019)])
    scope = pd.DataFrame([{"region": REGION, "report_year": YEAR, "char_start": 0, "char_end": 1000}])
    result = evaluate_extraction(labels_frame(), extracted, scope)
    assert (result.overall.extracted, result.overall.found) == (3, 3)
    unscoped = evaluate_extraction(labels_frame(), extracted)
    assert unscoped.overall.extracted == 4  # the other report's row is never counted


def test_agreement_on_columns_that_do_not_decide_a_match():
    labels = labels_frame().assign(period_year=[2023, 2023, 2024])
    extracted = frame(EXTRACTED_RIGHT).assign(period_year=[2023, 2024, 2024])
    result = evaluate_extraction(labels, extracted)
    assert result.agreement == {"period_year": pytest.approx(2 / 3)}


@pytest.mark.parametrize(
    "columns, message",
    [
        (dict(drop="quote"), "lack column(s) quote"),
        (dict(add="confidence"), "unknown column(s) in extraction labels: confidence"),
    ],
)
def test_bad_label_columns_are_refused(columns, message):
    labels = labels_frame()
    if "drop" in columns:
        labels = labels.drop(columns=columns["drop"])
    else:
        labels = labels.assign(**{columns["add"]: 1})
    with pytest.raises(LabelsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        evaluate_extraction(labels, frame(EXTRACTED_RIGHT))


# ---------------------------------------------------------------- pairs

PAIR_LABELS = pd.DataFrame([
    dict(region="全国", period_year=2019, metric_key="gdp", target_value=6.0, target_value_high=6.5,
         target_quote="国内生产总值增长6%－6.5%", result_value=6.1, expected_status="met", note=None),
    dict(region="全国", period_year=2020, metric_key="gdp", target_value=math.nan, target_value_high=math.nan,
         target_quote="我们没有提出全年经济增速具体目标", result_value=2.3, expected_status="unverifiable", note=None),
    dict(region="全国", period_year=2022, metric_key="gdp", target_value=5.5, target_value_high=math.nan,
         target_quote="国内生产总值增长5.5%左右", result_value=3.0, expected_status="missed", note=None),
])


def comparison_rows(status_2022: str = "missed") -> pd.DataFrame:
    return pd.DataFrame([
        dict(region="全国", period_year=2019, metric_key="gdp", target_value=6.0, target_value_high=6.5,
             target_quote="国内生产总值增长6%－6.5%", result_value=6.1, status="met"),
        dict(region="全国", period_year=2020, metric_key="gdp", target_value=None, target_value_high=None,
             target_quote="我们没有提出全年经济增速具体目标", result_value=2.3, status="unverifiable"),
        dict(region="全国", period_year=2022, metric_key="gdp", target_value=5.5, target_value_high=None,
             target_quote="国内生产总值增长5.5%左右", result_value=3.0, status=status_2022),
    ])


def test_pairs_all_right():
    evaluation = evaluate_pairs(PAIR_LABELS, comparison_rows())
    assert (evaluation.labels, evaluation.right, evaluation.accuracy) == (3, 3, 1.0)


def test_pairs_wrong_status_and_missing_row():
    comparison = comparison_rows(status_2022="met").iloc[[1, 2]]
    evaluation = evaluate_pairs(PAIR_LABELS, comparison)
    assert evaluation.right == 1
    assert list(evaluation.rows["product_status"]) == ["missing", "unverifiable", "met"]
    assert evaluation.confusion.loc["missed", "met"] == 1


def test_pairs_row_found_by_target_quote_not_metric_key():
    # A long-tail target has no catalog key; the row is the one whose quote overlaps the label's.
    labels = PAIR_LABELS.iloc[[2]].assign(metric_key=None)
    comparison = comparison_rows().assign(metric_key="lt:x")
    assert evaluate_pairs(labels, comparison).right == 1
    # a quote that only shares a short run is another target
    other = comparison_rows().assign(target_quote="居民消费价格涨幅3%左右")
    assert evaluate_pairs(PAIR_LABELS.iloc[[2]], other).rows["product_status"].tolist() == ["missing"]


def test_pairs_target_value_must_agree_where_the_label_gives_one():
    comparison = comparison_rows().assign(target_value=[6.0, None, 5.0])
    rows = evaluate_pairs(PAIR_LABELS, comparison).rows
    assert rows["product_status"].tolist() == ["met", "unverifiable", "missing"]


def test_pairs_a_label_may_leave_a_stretch_goal_out_and_quote_the_scan_as_it_reads():
    # 9%以上，力争达到10%: the product keeps 10 as value_high; a label that gives the floor alone names it too.
    # The label quotes the file (1O% for 10%), the product the stored text, whose misread digits are repaired.
    label = PAIR_LABELS.iloc[[2]].assign(target_value=9.0, target_quote="国内生产总值增长9%以上,力争达到1O%",
                                         expected_status="exceeded")
    row = comparison_rows().iloc[[2]].assign(target_value=9.0, target_value_high=10.0,
                                             target_quote="国内生产总值增长9%以上，力争达到10%", status="exceeded")
    assert evaluate_pairs(label, row).right == 1
    # a label that gives a stretch goal must agree with the product's
    assert evaluate_pairs(label.assign(target_value_high=11.0), row).rows["product_status"].tolist() == ["missing"]


def test_pairs_closest_quote_wins():
    comparison = pd.concat([
        comparison_rows().iloc[[2]].assign(target_quote="国内生产总值增长5.5%左右，居民消费价格涨幅3%左右",
                                           status="met"),
        comparison_rows().iloc[[2]],
    ])
    assert evaluate_pairs(PAIR_LABELS.iloc[[2]], comparison).rows["product_status"].tolist() == ["missed"]


def test_pairs_a_tie_goes_to_the_first_statement_whatever_the_row_order():
    # One clause, two subjects, one row each; the label names both, so neither is more alike.
    label = PAIR_LABELS.iloc[[2]].assign(metric_key=None, metric="节能减排、生态环保等约束性指标",
                                         target_value=math.nan, expected_status="met")
    rows = pd.concat([
        comparison_rows().iloc[[2]].assign(metric_name="节能减排约束性指标", target_value=None,
                                           target_report_year=2022, target_metric_seq=170, status="met"),
        comparison_rows().iloc[[2]].assign(metric_name="生态环保约束性指标", target_value=None,
                                           target_report_year=2022, target_metric_seq=171, status="unverifiable"),
    ])
    for comparison in (rows, rows.iloc[::-1]):
        assert evaluate_pairs(label, comparison).rows["product_status"].tolist() == ["met"]


@pytest.mark.parametrize("expected, product, right", [
    ("not_reported", "unverifiable", True),   # neither decides the target: one class
    ("unverifiable", "not_reported", True),
    ("met", "exceeded", False),
    ("not_reported", "pending", False),
])
def test_pairs_undecided_statuses_are_one_class(expected, product, right):
    labels = PAIR_LABELS.iloc[[2]].assign(expected_status=expected)
    comparison = comparison_rows().assign(status=product)
    assert evaluate_pairs(labels, comparison).right == int(right)


def test_pairs_debatable_rows_are_left_out():
    labels = PAIR_LABELS.assign(note=[None, None, "debatable: the 2023 report revises the figure"],
                                expected_status=["met", "unverifiable", "exceeded"])
    evaluation = evaluate_pairs(labels, comparison_rows())
    assert (evaluation.labels, evaluation.right) == (2, 2)
    assert evaluation.rows["debatable"].tolist() == [False, False, True]


def test_pairs_unknown_status_is_refused():
    with pytest.raises(LabelsError, match="unknown expected_status value"):
        evaluate_pairs(PAIR_LABELS.assign(expected_status="achieved"), comparison_rows())


# ---------------------------------------------------------------- files and run_evaluation

def test_read_labels_names_the_line_of_a_bad_number(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "region,report_year,kind,subject,value,unit,qualifier,quote\n"
        "德州市,2024,result,新增挂牌企业,78,家,,新增挂牌企业78家\n"
        "德州市,2024,result,新增直接融资,八十六,亿元,,新增直接融资86亿元\n",
        encoding="utf-8",
    )
    with pytest.raises(LabelsError, match=r"bad.csv line 3: value is not a number: '八十六'"):
        read_labels(path)


def test_read_labels_missing_file(tmp_path):
    with pytest.raises(LabelsError, match="label file not found"):
        read_labels(tmp_path / "none.csv")


def database_with(metrics: list[dict]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    for sql in sorted((ROOT / "warehouse" / "sql").glob("*.sql")):
        con.execute(sql.read_text(encoding="utf-8"))
    text = "前言。" + LIST_QUOTE + "。" * 800 + "地区生产总值增长5.5%以上"
    con.execute(
        "INSERT INTO core_reports (report_sha256, region, region_key, level, report_year, source_file,"
        " source_format, n_chars, clean_text, raw_text, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        ["sha", REGION, "371400", "city", YEAR, "seed.txt", "txt", len(text), text, text, dt.datetime(2026, 1, 1)],
    )
    for seq, row in enumerate(metrics):
        con.execute(
            "INSERT INTO core_metrics (report_sha256, metric_seq, kind, period_year, metric_key, metric_name,"
            " subject, measure, value, unit, qualifier, comparator, paragraph, quote, char_start, char_end)"
            " VALUES ('sha', ?, ?, NULL, 'x', 'x', ?, 'level', ?, ?, ?, ?, 0, ?, ?, ?)",
            [seq, row["kind"], row["subject"], row["value"], row["unit"], row["qualifier"], row["comparator"],
             row["quote"], row["char_start"], row["char_start"] + len(row["quote"])],
        )
    return con


def write_labels(tmp_path: Path) -> Path:
    path = tmp_path / "seed.csv"
    labels_frame().to_csv(path, index=False)
    return path


def test_run_evaluation_prints_figures_and_what_was_run(tmp_path):
    con = database_with(EXTRACTED_RIGHT[:2])
    report = run_evaluation(write_labels(tmp_path), con)
    assert "(3 labels)" in report
    assert "reports covered: 德州市 2024" in report
    assert "all            3          2      2     100.0%   66.7%" in report
    assert "地区生产总值 = 5.5%  「地区生产总值增长5.5%以上」" in report


def test_run_evaluation_uses_scope_file(tmp_path):
    con = database_with(EXTRACTED_RIGHT)
    labels = write_labels(tmp_path)
    (tmp_path / "scope.csv").write_text(
        "label_file,region,report_year,start_anchor,end_anchor,note\n"
        f"seed.csv,{REGION},{YEAR},前言,地区生产总值增长,only the list\n",
        encoding="utf-8",
    )
    report = run_evaluation(labels, con)
    assert "labeled ranges from scope.csv" in report
    assert "all            3          2      2     100.0%   66.7%" in report


def test_run_evaluation_scope_anchor_not_found(tmp_path):
    con = database_with(EXTRACTED_RIGHT)
    labels = write_labels(tmp_path)
    (tmp_path / "scope.csv").write_text(
        "label_file,region,report_year,start_anchor,end_anchor,note\n"
        f"seed.csv,{REGION},{YEAR},没有这句话,,\n",
        encoding="utf-8",
    )
    with pytest.raises(LabelsError, match="scope anchor not found in 德州市 2024: '没有这句话'"):
        run_evaluation(labels, con)


def test_run_evaluation_report_not_ingested(tmp_path):
    con = database_with([])
    path = tmp_path / "other.csv"
    frame(LABEL_ROWS, region="全国", year=2019).to_csv(path, index=False)
    with pytest.raises(LabelsError, match="report\\(s\\) not ingested, cannot evaluate other.csv: 全国 2019"):
        run_evaluation(path, con)


def test_run_evaluation_pairs_mode(tmp_path):
    con = duckdb.connect(":memory:")
    comparison = comparison_rows(status_2022="met").assign(  # noqa: F841 (read by DuckDB's replacement scan)
        result_quote="国内生产总值增长3%", rationale="growth 3% against about 5.5%: met")
    con.execute("CREATE TABLE v_target_vs_result AS SELECT * FROM comparison")
    path = tmp_path / "pairs.csv"
    PAIR_LABELS.assign(result_quote=None).to_csv(path, index=False)
    report = run_evaluation(path, con)
    assert "3 labeled targets, periods 2019–2022, 0 debatable left out" in report
    assert "right final status: 2/3 = 66.7%" in report
    assert re.search(r"^全国 +3 +2 +66.7%$", report, re.M)
    assert "全国 2022 gdp: expected missed (5.5 → 3), product met (5.5 → 3)" in report
    assert "product target 「国内生产总值增长5.5%左右」 result 「国内生产总值增长3%」" in report


# ---------------------------------------------------------------- the label files themselves

def label_files() -> list[Path]:
    return sorted(p for p in LABELS.glob("*.csv") if p.name != "scope.csv")


def report_text(region: str, year: int) -> Path:
    if region == "德州市":
        return ROOT / "seeds" / "dezhou" / f"{year}.txt"
    if region == "全国":
        return corpus_dir() / "national" / f"{year}.txt"
    if region == "山东省":
        return next((corpus_dir() / "provinces" / "shandong").glob(f"*{year}*.txt"))
    if region in COUNTY_FOLDERS:
        return corpus_dir() / "counties" / COUNTY_FOLDERS[region] / f"{year}.txt"
    if region == "驻马店市":   # 2014_二O一一年政府工作报告.txt: the year in words is the right one
        return next(path for path in (corpus_dir() / "cities" / "zhumadian").glob("*.txt")
                    if path.name.split("_")[1].split("年")[0].translate(YEAR_IN_WORDS) == str(year))
    raise AssertionError(f"no report file known for {region} {year}")


YEAR_IN_WORDS = str.maketrans("〇O0一二三四五六七八九", "000123456789")


COUNTY_FOLDERS = {  # the regions of labels/counties-pairs.csv and their corpus folders
    "博野县": "baoding-boye", "定兴县": "baoding-dingxing", "容城县": "baoding-rongcheng",
    "徐水区": "baoding-xushui", "徐水县": "baoding-xushui", "易县": "baoding-yixian", "涞水县": "baoding-laishui",
    "涞源县": "baoding-laiyuan", "清苑区": "baoding-qingyuan", "满城区": "baoding-mancheng",
    "米易县": "panzhihua-miyi", "阜平县": "baoding-fuping", "顺平县": "baoding-shunping", "高唐县": "liaocheng-gaotang",
    "新安县": "luoyang-xinan",
}


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("path", label_files(), ids=lambda p: p.name)
def test_every_quote_is_in_its_report(path):
    labels = read_labels(path)
    quoted = []
    if "expected_status" in labels:
        for row in labels.itertuples(index=False):
            quoted.append((row.region, row.period_year, row.target_quote))
            if isinstance(row.result_quote, str):
                quoted.append((row.region, row.period_year + 1, row.result_quote))
    else:
        quoted = list(zip(labels["region"], labels["report_year"], labels["quote"]))
    texts, absent = {}, []
    for region, year, quote in quoted:
        key = (region, int(year))
        if key not in texts:
            texts[key] = evaluate.normalize_text(report_text(*key).read_text(encoding="utf-8"))
        if evaluate.normalize_text(quote) not in texts[key]:
            absent.append(f"{region} {year}: {quote}")
    assert absent == []


@needs_corpus
@pytest.mark.corpus
def test_scope_anchors_are_found_once():
    scope = pd.read_csv(LABELS / "scope.csv", dtype=str, keep_default_na=False)
    for row in scope.itertuples(index=False):
        text = evaluate.normalize_text(report_text(row.region, int(row.report_year)).read_text(encoding="utf-8"))
        for anchor in (row.start_anchor, row.end_anchor):
            if anchor:
                assert text.count(evaluate.normalize_text(anchor)) == 1, anchor


@pytest.mark.parametrize("path", label_files(), ids=lambda p: p.name)
def test_label_files_read_and_score_themselves_perfectly(path):
    labels = read_labels(path)
    if "expected_status" in labels:
        comparison = labels.rename(columns={"expected_status": "status"})
        assert evaluate_pairs(labels, comparison).accuracy == 1.0
    else:
        assert set(labels["kind"]) <= {"result", "target"}
        result = evaluate_extraction(labels, labels)
        assert (result.overall.precision, result.overall.recall) == (1.0, 1.0)
