"""Region, code, level, report year and delivery date from small report texts and the seed."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reportcmp.pipeline import metadata
from reportcmp.pipeline.records import InputError

SEED = Path(__file__).resolve().parents[1] / "seeds" / "dezhou" / "2024.txt"
ANY_PATH = Path("inbox/report.txt")

BODY_2024 = (
    "一、2023年工作回顾\n地区生产总值增长6%。\n"
    "二、2024年重点工作安排\n地区生产总值增长6%左右。\n"
)
NATIONAL = (
    "政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n"
    "各位代表：\n现在，我代表国务院，向大会报告政府工作。\n" + BODY_2024
)
PROVINCE = (
    "2026年北京市政府工作报告\n——2026年1月25日在北京市第十六届人民代表大会第四次会议上\n"
    "各位代表：\n现在，我代表北京市人民政府，向大会报告政府工作。\n"
    "一、2025年工作回顾\n增长5.4%。\n二、2026年重点工作\n增长5%左右。\n"
)
AUTONOMOUS_SHORT_TITLE = (
    "2025年宁夏政府工作报告\n各位代表：\n现在，我代表自治区人民政府向大会报告工作。\n"
    "一、2024年工作回顾\n增长5.4%。\n二、2025年主要任务\n增长5.5%。\n"
)
# A county report that says 代表县政府 and names itself only in passing.
COUNTY_2003 = (
    "政府工作报告\n2003年4月7日\n各位代表：\n现在，我代表清苑县人民政府向大会报告工作。\n"
    "一、过去五年政府工作的简要回顾\n清苑经济增长。\n二、2003年的工作重点\n增长。\n"
)
DISTRICT_2020 = (
    "政府工作报告\n2020年1月9日\n各位代表：\n现在，我代表区政府，向大会作工作报告。\n"
    "一、2019年工作回顾\n2019年，是清苑发展史上极不平凡的一年。清苑区委领导下，清苑经济增长。\n"
    "二、2020年政府工作目标和主要任务\n清苑要发展。\n"
)
# Delivered in December: it plans the next year.
DECEMBER = (
    "——2023年12月20日在德州市第十八届人民代表大会第三次会议上\n各位代表：\n"
    "现在，我代表市人民政府，向大会报告工作。\n" + BODY_2024
)
# A wrong title year (a crawler's) loses to the headings and the date line.
WRONG_TITLE = (
    "米易县2024年政府工作报告\n（2022年1月24日在米易县第十九届人民代表大会第二次会议上）\n"
    "各位代表：\n现在，我代表县人民政府，向大会报告工作。\n"
    "2021年工作回顾\n增长。\n2022年工作安排\n增长。\n"
)
CHINESE_YEAR_TITLE = (
    "标题：二O一二年政府工作报告\n年份：2014\n各位代表：现在，我代表市人民政府，向大会作工作报告。\n"
    "一、过去五年工作的回顾2007年以来，驻马店经济增长，驻马店发展。\n"
    "二、今后五年的总体要求和目标任务驻马店要发展。\n三、2012年工作的主要目标和任务驻马店。\n"
)
NOT_A_REPORT = "今天天气很好。\n我们去公园散步。\n"
NO_REGION = "各位代表：\n现在，我代表政府报告工作。\n" + BODY_2024
NO_YEAR = "各位代表：\n现在，我代表山东省人民政府报告工作。\n一、工作回顾\n增长。\n二、工作安排\n增长。\n"


@pytest.mark.parametrize("text, expected", [
    (NATIONAL, ("全国", "100000", "national", 2024, dt.date(2024, 3, 5))),
    (PROVINCE, ("北京市", "110000", "province", 2026, dt.date(2026, 1, 25))),
    (AUTONOMOUS_SHORT_TITLE, ("宁夏回族自治区", "640000", "province", 2025, None)),
    (COUNTY_2003, ("清苑县", "130608", "county", 2003, dt.date(2003, 4, 7))),
    (DISTRICT_2020, ("清苑区", "130608", "county", 2020, dt.date(2020, 1, 9))),
    (DECEMBER, ("德州市", "371400", "city", 2024, dt.date(2023, 12, 20))),
    (WRONG_TITLE, ("米易县", "510421", "county", 2022, dt.date(2022, 1, 24))),
    (CHINESE_YEAR_TITLE, ("驻马店市", "411700", "city", 2012, None)),
])
def test_detect_meta(text, expected):
    meta = metadata.detect_meta(text, ANY_PATH)
    assert (meta.region, meta.region_code, meta.level, meta.report_year,
            meta.delivered_on) == expected
    assert meta.detected_by


def test_seed_is_dezhou_2024():
    meta = metadata.detect_meta(SEED.read_text(encoding="utf-8"), SEED)
    assert (meta.region, meta.region_code, meta.level, meta.report_year) == \
        ("德州市", "371400", "city", 2024)
    assert "德州市" in meta.detected_by and "2024" in meta.detected_by


def test_renamed_region_keeps_one_code():
    old = metadata.detect_meta(COUNTY_2003, ANY_PATH)
    new = metadata.detect_meta(DISTRICT_2020, ANY_PATH)
    assert old.region_key == new.region_key == "130608"


@pytest.mark.parametrize("region, year, expected", [
    ("山东省", None, ("山东省", "370000", "province", 2024)),
    ("全国", 2030, ("全国", "100000", "national", 2030)),
    ("德州", None, ("德州市", "371400", "city", 2024)),
    ("某某新区", None, ("某某新区", None, "county", 2024)),
])
def test_overrides_win(region, year, expected):
    meta = metadata.detect_meta(NATIONAL, ANY_PATH, region=region, year=year)
    assert (meta.region, meta.region_code, meta.level, meta.report_year) == expected


@pytest.mark.parametrize("text, message", [
    (NOT_A_REPORT, "not a government work report"),
    (NO_REGION, "--region"),
    (NO_YEAR, "--year"),
])
def test_errors(text, message):
    with pytest.raises(InputError, match=message):
        metadata.detect_meta(text, ANY_PATH)


@pytest.mark.parametrize("name, code, level", [
    ("北京市", "110000", "province"),
    ("广西壮族自治区", "450000", "province"),
    ("德州市", "371400", "city"),
    ("禹城市", "371482", "county"),
    ("清苑区", "130608", "county"),
])
def test_divisions_come_from_cpca_with_rank_from_code(name, code, level):
    [division] = [d for d in metadata.by_name()[name] if d.renamed_in is None]
    assert (division.code, division.level) == (code, level)


@pytest.mark.parametrize("name, short", [
    ("德州市", "德州"), ("宁夏回族自治区", "宁夏"), ("易县", "易县"), ("山东省", "山东"),
])
def test_short_names(name, short):
    assert metadata.short_name(name) == short


@pytest.mark.parametrize("term, session, year", [
    ("十", "一", 2003), ("十四", "二", 2024), ("十一", "一", 2008), ("九", "五", 2002),
])
def test_npc_session_year(term, session, year):
    assert metadata.npc_session_year(term, session) == year


def test_file_name_year_prefers_the_chinese_year():
    assert metadata.file_name_years(Path("2014_二O一二年政府工作报告.txt")) == [2012]
    assert metadata.file_name_years(Path("2024.txt")) == [2024]
