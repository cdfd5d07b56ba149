"""Scoring the programmes against hand labels (labels/programs/*.csv): coverage and merges."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from reportcmp.pipeline import evaluate, evaluate_programs, warehouse
from reportcmp.pipeline.evaluate import LabelsError
from reportcmp.pipeline.evaluate_programs import Programme, match_quality, score_series

LABELS = Path(__file__).resolve().parents[1] / "labels" / "programs"
HEADER = "region,program,spellings,years,quotes,note\n"


def programme(name, spellings, years, region="驻马店市"):
    return Programme(region, name, tuple(spellings), tuple(years))


def product(*rows):
    return pd.DataFrame(rows, columns=["program_id", "program_name", "report_year"])


@pytest.mark.parametrize("name, spelling, quality", [
    ("中国药谷", "中国药谷", (3, 4)),
    ("驿城区皇家驿站", "皇家驿站", (2, 4)),        # the mention contains the spelling
    ("农洽会", "中国农洽会", (1, 5)),              # inside it, and half of it
    ("高速", "驻信高速", (0, 0)),                  # too short to count
    ("物流", "马庄铁路物流基地", (0, 0)),
])
def test_match_quality(name, spelling, quality):
    assert match_quality(name, spelling) == quality


def test_coverage_is_the_share_of_years_under_the_best_id():
    fair = programme("农洽会", ["农洽会", "中国农加工投洽会"], [2011, 2012, 2013, 2020])
    scores = score_series([fair], product(("a", "“农洽会”", 2011), ("a", "农洽会", 2012),
                                          ("b", "中国农加工投洽会", 2020), ("c", "农洽会", 2014)))
    (score,) = scores.programmes
    assert (score.best_id, score.covered, score.coverage) == ("a", (2011, 2012), 0.5)
    assert score.elsewhere == {2020: ("b",)}      # 2013 named nowhere, 2014 not a labeled year
    assert scores.merges == []


def test_two_programmes_under_one_best_id_are_a_merge():
    a = programme("周驻南高速", ["周驻南高速", "周驻南和息邢高速"], [2013, 2015])
    b = programme("息邢高速", ["息邢高速", "周驻南和息邢高速"], [2013, 2015])
    scores = score_series([a, b], product(("x", "周驻南和息邢高速", 2013), ("x", "息邢高速", 2015),
                                          ("x", "周驻南高速", 2015)))
    assert [p.coverage for p in scores.programmes] == [1.0, 1.0]
    assert scores.merges == [("周驻南高速", "息邢高速", "x")]


def test_a_mention_names_the_programme_it_matches_best():
    # 自贸试验区 is inside 海南自贸试验区 (a spelling of 海南自由贸易港) but equals a spelling of the other
    port = programme("海南自由贸易港", ["海南自由贸易港", "海南自贸试验区"], [2019, 2020])
    zones = programme("自贸试验区", ["自贸试验区"], [2019, 2020], )
    scores = score_series([port, zones], product(("p", "海南自由贸易港", 2020), ("p", "海南自贸试验区", 2019),
                                                 ("z", "自贸试验区", 2019), ("z", "自贸试验区", 2020)))
    assert [(p.best_id, p.coverage) for p in scores.programmes] == [("p", 1.0), ("z", 1.0)]


@pytest.mark.parametrize("body, message", [
    ("驻马店市,中国药谷,中国药谷,2022|二〇二三,q|q,\n", "line 2: years is not a |-list of years"),
    ("驻马店市,中国药谷,,2022,q,\n", "line 2: 中国药谷 has no spellings"),
])
def test_bad_label_rows_name_their_line(tmp_path, body, message):
    path = tmp_path / "p.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(LabelsError, match=message):
        evaluate_programs.read_program_labels(path)


def test_the_project_label_files_read():
    for path in sorted(LABELS.glob("*-programs.csv")):
        assert evaluate_programs.is_program_labels(path)
        assert len(evaluate_programs.read_program_labels(path)) >= 20


def test_run_evaluation_dispatches_on_the_columns_and_prints_per_series(tmp_path):
    con = duckdb.connect()
    warehouse.apply_schema(con)
    for year in (2020, 2021):
        sha = f"r{year}"
        con.execute("INSERT INTO core_reports (report_sha256, region, region_code, region_key, level, report_year, "
                    "source_file, source_format, n_chars, clean_text, raw_text, ingested_at) VALUES "
                    "(?, '驻马店市', '411700', '411700', 'city', ?, 'f', 'txt', 1, '', '', ?)",
                    [sha, year, dt.datetime(2026, 1, 1)])
        con.execute("INSERT INTO out_program_timeline (program_id, program_name, region, region_key, report_year, "
                    "match_rule, program_key, report_sha256, mention_seq, corrected, display_name) VALUES "
                    "('p', '中国药谷', '驻马店市', '411700', ?, 'first', '中国药谷', ?, 0, false, '中国药谷')",
                    [year, sha])
    labels = tmp_path / "zmd-programs.csv"
    labels.write_text(HEADER + "驻马店市,中国药谷,“中国药谷”|药谷,2020|2021|2022,a|b|c,\n"
                               "驻马店市,皇家驿站,皇家驿站,2021,a,\n", encoding="utf-8")
    report = evaluate.run_evaluation(labels, con)
    assert "驻马店市 2 33.3% 0/2 2/4 0" in " ".join(report.split())   # programmes, mean, covered, years, merges
    assert "labeled years without a report in the database (count as not covered): 驻马店市 2022" in report
    assert "中国药谷: 2/3 under p (中国药谷); 2022 not found" in report
    assert "皇家驿站: 0/1 under — (none); 2021 not found" in report


def test_an_unknown_region_is_a_clear_error(tmp_path):
    con = duckdb.connect()
    warehouse.apply_schema(con)
    labels = tmp_path / "x-programs.csv"
    labels.write_text(HEADER + "清苑区,好梦林水,好梦林水,2020,a,\n", encoding="utf-8")
    with pytest.raises(LabelsError, match="region\\(s\\) not ingested, cannot evaluate x-programs.csv: 清苑区"):
        evaluate.run_evaluation(labels, con)
