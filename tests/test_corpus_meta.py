"""Region, report year and parts of all 168 real reports in ../shared/corpus.

The expected region and year of each file are built from its path here (directory names, the
Chinese year in the Zhumadian file names), never by running the code under test. The corpus's
file-name prefixes are wrong for Zhumadian 2011–2013 on purpose: the Chinese year decides.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportcmp.pipeline import metadata, segment

pytestmark = pytest.mark.corpus


def corpus_root() -> Path:
    return Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


CORPUS = corpus_root()
FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file()) if CORPUS.is_dir() else []

PROVINCES = {
    "anhui": ("安徽省", "340000"), "beijing": ("北京市", "110000"),
    "chongqing": ("重庆市", "500000"), "fujian": ("福建省", "350000"),
    "guangdong": ("广东省", "440000"), "guizhou": ("贵州省", "520000"),
    "hebei": ("河北省", "130000"), "heilongjiang": ("黑龙江省", "230000"),
    "henan": ("河南省", "410000"), "hunan": ("湖南省", "430000"),
    "jiangsu": ("江苏省", "320000"), "jiangxi": ("江西省", "360000"),
    "jilin": ("吉林省", "220000"), "neimenggu": ("内蒙古自治区", "150000"),
    "ningxia": ("宁夏回族自治区", "640000"), "qinghai": ("青海省", "630000"),
    "shaanxi": ("陕西省", "610000"), "shandong": ("山东省", "370000"),
    "shanghai": ("上海市", "310000"), "shanxi": ("山西省", "140000"),
    "tianjin": ("天津市", "120000"), "xinjiang": ("新疆维吾尔自治区", "650000"),
    "xizang": ("西藏自治区", "540000"),
}
# Directory → (name before the renaming, name after, year of the renaming, code).
COUNTIES = {
    "baoding-anguo": ("安国市", None, None, "130683"),
    "baoding-boye": ("博野县", None, None, "130637"),
    "baoding-dingxing": ("定兴县", None, None, "130626"),
    "baoding-fuping": ("阜平县", None, None, "130624"),
    "baoding-laishui": ("涞水县", None, None, "130623"),
    "baoding-laiyuan": ("涞源县", None, None, "130630"),
    "baoding-lixian": ("蠡县", None, None, "130635"),
    "baoding-mancheng": ("满城县", "满城区", 2015, "130607"),
    "baoding-qingyuan": ("清苑县", "清苑区", 2015, "130608"),
    "baoding-quyang": ("曲阳县", None, None, "130634"),
    "baoding-rongcheng": ("容城县", None, None, "130629"),
    "baoding-shunping": ("顺平县", None, None, "130636"),
    "baoding-tangxian": ("唐县", None, None, "130627"),
    # 徐水 became a district in 2015, after its report of early 2015 (which says 徐水县).
    "baoding-xushui": ("徐水县", "徐水区", 2016, "130609"),
    "baoding-yixian": ("易县", None, None, "130633"),
    "liaocheng-gaotang": ("高唐县", None, None, "371526"),
    "luoyang-xinan": ("新安县", None, None, "410323"),
    "panzhihua-miyi": ("米易县", None, None, "510421"),
}
CN_DIGIT = {"〇": "0", "○": "0", "O": "0", "0": "0", "一": "1", "二": "2", "三": "3", "四": "4",
            "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
REVIEW_PARTS = {"review", "five_year_review"}
PLAN_PARTS = {"plan", "five_year_plan"}


def expected(path: Path) -> tuple[str, str, str, int]:
    """(region, region_code, level, report_year) from the file's place in the corpus."""
    kind, place = path.relative_to(CORPUS).parts[:2]
    if kind == "national":
        return "全国", "100000", "national", int(path.stem)
    if kind == "provinces":
        name, code = PROVINCES[place]
        return name, code, "province", int(re.search(r"20\d\d", path.name).group())
    if kind == "cities":
        chinese = re.search(r"_(.{4})年", path.name).group(1)
        return "驻马店市", "411700", "city", int("".join(CN_DIGIT[c] for c in chinese))
    old, new, renamed_in, code = COUNTIES[place]
    year = int(path.stem)
    name = new if renamed_in and year >= renamed_in else old
    return name, code, "county", year


def read_clean(path: Path) -> str:
    """The stored text: pipeline.read + pipeline.clean when present, else a plain fallback."""
    try:
        from reportcmp.pipeline import clean, read
    except ImportError:
        read = clean = None
    if read and clean:
        return clean.clean_text(read.read_document(path, path.read_bytes()).text)
    if path.suffix == ".docx":
        import docx
        return "\n".join(p.text for p in docx.Document(path).paragraphs)
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def texts() -> dict[Path, str]:
    if not FILES:
        pytest.skip("corpus not present at ../shared/corpus")
    return {path: read_clean(path) for path in FILES}


def test_corpus_has_168_reports():
    if not FILES:
        pytest.skip("corpus not present at ../shared/corpus")
    assert len(FILES) == 168


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_region_level_and_year(texts, path):
    meta = metadata.detect_meta(texts[path], path)
    assert (meta.region, meta.region_code, meta.level, meta.report_year) == expected(path)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_report_has_a_review_and_a_plan(texts, path):
    year = expected(path)[3]
    parts = {p.part for p in segment.segment(texts[path], year)}
    assert parts & REVIEW_PARTS and parts & PLAN_PARTS


def test_new_governments_review_five_years(texts):
    for year in (2003, 2008, 2013, 2018):
        path = CORPUS / "national" / f"{year}.txt"
        parts = [p for p in segment.segment(texts[path], year) if p.part == "five_year_review"]
        assert (parts[0].period_start, parts[0].period_end) == (year - 5, year - 1)


@pytest.mark.parametrize("place", sorted(PROVINCES))
def test_2026_provinces_review_14th_plan_and_set_2026_targets(texts, place):
    path = next((CORPUS / "provinces" / place).glob("*2026*.txt"))
    spans = {(p.part, p.period_start, p.period_end) for p in segment.segment(texts[path], 2026)}
    assert ("five_year_review", 2021, 2025) in spans or ("review", 2025, 2025) in spans
    assert ("plan", 2026, 2026) in spans
