"""When a label and an extracted row state the same thing: the evaluator's own matching rules
(pipeline/evaluate.py's docstring lists them), kept apart from the product's knowledge so that the
measure does not move with what it measures."""
from __future__ import annotations

import math
import re
import unicodedata
from difflib import SequenceMatcher

import pandas as pd
from rapidfuzz import fuzz

from reportcmp.pipeline.clean import repair_numbers

SUBJECT_MIN_SCORE = 80.0
QUOTE_MIN_SHARED = 6

# Magnitude words that prefix a unit as written (亿元, 万千瓦). Language, not domain knowledge,
# so they live here; the longest prefix is tried first (万亿 before 万).
MAGNITUDE_PREFIXES = (("万亿", 1e12), ("千万", 1e7), ("百万", 1e6), ("亿", 1e8), ("万", 1e4), ("千", 1e3))


def normalize_text(text: object) -> str:
    """NFKC (full-width digits and ％ to ASCII) without whitespace or zero-width characters, and the
    digits a scan misread repaired as the stored text repairs them (clean.repair_numbers: 1O% → 10%),
    so that a quote copied from the raw file and one cut from the cleaned text compare equal."""
    if not isinstance(text, str):
        return ""
    return repair_numbers("".join(ch for ch in unicodedata.normalize("NFKC", text) if not _is_invisible(ch)))


def _is_invisible(ch: str) -> bool:
    # Whitespace and format characters (zero-width space U+200B, BOM) carry no wording.
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def normalize_subject(text: object) -> str:
    """normalize_text without punctuation or symbols: “数字经济总部” == 数字经济总部."""
    return "".join(ch for ch in normalize_text(text) if unicodedata.category(ch)[0] not in "PS")


def split_unit(unit: object) -> tuple[float, str]:
    """The factor to the base unit and the base unit: 万个 → (1e4, 个), 亿元 → (1e8, 元), 万千瓦 → (1e4, 千瓦)."""
    text = normalize_text(unit)
    factor = 1.0
    for prefix, size in MAGNITUDE_PREFIXES:
        # A prefix alone (万) or before a counter word (万人, 亿元); 千瓦 stays a unit of its own
        # so that 万千瓦 reads as 1e4 千瓦, as a report means it.
        if text.startswith(prefix) and text != prefix + "瓦":
            factor, text = size, text[len(prefix):]
            break
    return factor, text


def same_quantity(value_a, unit_a, value_b, unit_b) -> bool:
    """Equal amounts in equivalent units; two missing values are the same (non-numeric statements)."""
    a_missing, b_missing = _missing(value_a), _missing(value_b)
    if a_missing or b_missing:
        return a_missing and b_missing
    factor_a, base_a = split_unit(unit_a)
    factor_b, base_b = split_unit(unit_b)
    if base_a != base_b:
        return False
    a, b = float(value_a) * factor_a, float(value_b) * factor_b
    if base_a == "个百分点":
        # Labels give the figure as written (下降0.3个百分点: 0.3); the product signs a fall (-0.3)
        # because change_pp has no separate measure for a fall. The magnitude is what is checked.
        a, b = abs(a), abs(b)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def qualifier_words(qualifier: object) -> frozenset[str]:
    """力争,以上 / 力争 以上 / 力争、以上 → {力争, 以上}."""
    return frozenset(w for w in re.split(r"[\s,;，；、/|]+", normalize_text(qualifier)) if w)


def same_bound(label: pd.Series, extracted: pd.Series) -> bool:
    label_comparator = _text(label.get("comparator"))
    extracted_comparator = _text(extracted.get("comparator"))
    if label_comparator and extracted_comparator:
        return label_comparator == extracted_comparator
    return qualifier_words(label.get("qualifier")) == qualifier_words(extracted.get("qualifier"))


def subject_score(label_subject: object, extracted_subject: object) -> float:
    """How well the product's subject names what the label's subject names (0–100).

    100 when the normalised subjects are equal or the product's contains the label's; else
    rapidfuzz partial_ratio (规上工业增加值 vs 规模以上工业增加值: 92). A subject contained in the
    label's, or a near spelling, counts only when it names the label's thing (names_label_thing):
    完成投资 does not name 中心镇建设项目完成投资, nor 省级 or 企业 省级专精特新企业."""
    a, b = normalize_subject(label_subject), normalize_subject(extracted_subject)
    if not a or not b:
        return 0.0
    if a == b or a in b:
        return 100.0
    if b in a:
        return 100.0 if names_label_thing(a, b) else 0.0
    # A near spelling (规上 for 规模以上) cannot be held to the label's words: its head must agree.
    thing = label_thing_tokens(a)
    return float(fuzz.partial_ratio(a, b)) if thing and thing[-1] in b else 0.0


# The label subject's thing: without the words before it that say what was done (新增, 争取, 建成)
# and the words after it that say what is measured of it (完成投资, 位次, 占比, 人数). 中心镇建设项目
# 完成投资 names 中心镇建设项目; 新建口袋公园 names 口袋公园. The evaluator's own rule, kept apart
# from the extractor's knowledge so that the measure does not move with what it measures.
THING_LEAD_WORDS = ("新增", "新建", "新开工", "开工建设", "开工", "建成通车", "建成", "规划建设", "争取", "累计",
                    "实现", "完成", "培育", "引进", "创建", "打造", "获批", "获评", "获", "入选", "进入")
THING_TAIL_WORDS = ("完成投资", "总投资", "投资额", "投资", "完成", "全部达标", "达标", "位次", "排名", "名次",
                    "人数", "人次", "占比", "比重", "减少", "改造", "增长", "增速", "增幅", "总量", "规模",
                    "数量", "全国", "全省", "全市", "全县")
# Words too slight to show that a subject names a thing (占 of 占比, 的 of 配备护眼灯的中小学校).
SLIGHT_TOKENS = frozenset({"的", "等", "占", "和", "与", "及"})


def _strip_words(text: str, lead: tuple[str, ...], tail: tuple[str, ...]) -> str:
    changed = True
    while changed:
        changed = False
        for word in sorted(lead, key=len, reverse=True):
            if text.startswith(word) and len(text) > len(word):
                text, changed = text[len(word):], True
                break
        for word in sorted(tail, key=len, reverse=True):
            if text.endswith(word) and len(text) > len(word):
                text, changed = text[:-len(word)], True
                break
    return text


def label_thing_tokens(label_subject: str) -> list[str]:
    """The words of the thing a label's subject names (THING_LEAD_WORDS / THING_TAIL_WORDS removed)."""
    from reportcmp.pipeline import catalog  # jieba with the domain words; loaded only when needed

    thing = _strip_words(label_subject, THING_LEAD_WORDS, THING_TAIL_WORDS)
    return [t for t in catalog.cut(thing) if t.strip() and t not in SLIGHT_TOKENS]


def names_label_thing(label_subject: str, extracted_subject: str) -> bool:
    """The product's subject holds the label thing's head word and, when the thing has words before
    its head, at least one of them: 新增就业 names 城镇新增就业; 产量 does not name 粮食产量, nor
    完成投资 中心镇建设项目完成投资, nor 省级 省级专精特新企业."""
    thing = label_thing_tokens(label_subject)
    if not thing or thing[-1] not in extracted_subject:
        return False
    return len(thing) == 1 or any(token in extracted_subject for token in thing[:-1])


def quotes_overlap(label_quote: object, extracted_quote: object) -> bool:
    a, b = normalize_text(label_quote), normalize_text(extracted_quote)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    shared = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return shared.size >= QUOTE_MIN_SHARED


def _missing(value) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _text(value) -> str:
    if _missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
