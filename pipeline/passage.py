"""The main-targets passage (今年经济社会发展的主要预期目标是：…), read item by item.

Figures in the passage are statements like any other (pipeline/extract.py). This module says where a
passage starts and where its list ends, and reads the items that carry no figure: every one of them
is a target row.
- relative: set against another growth (居民收入增长与经济增长同步; against the GDP growth the next
  report states), or against a figure no report of the region states (增速高于全国平均水平);
- qualitative: a subject and a predicate (粮食产量 | 稳中有增; 约束性指标 | 完成省定目标), the predicate
  kept as the qualifier so that the comparison knows what can decide it (pipeline/predicates.py);
  an item naming several subjects (生态环境质量、能源、水资源等指标达到国家要求) gives one row each.
- declined: 我们没有提出全年经济增速具体目标 is a GDP growth target that sets no figure.
Vocabulary: knowledge/target_passage.csv, knowledge/target_predicates.csv.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from reportcmp.pipeline import catalog, evidence, knowledge, predicates
from reportcmp.pipeline.records import Metric
from reportcmp.pipeline.subjects import SUBJECT_TRIM, without_lead

ITEM_BREAK = "；，。"
# How far before an intro its lead words are looked for (今年经济社会发展的 | 主要预期目标是：).
LEAD_WINDOW = 16
# A figureless target that is declined (没有提出全年经济增速具体目标) is the growth target of this metric.
DECLINED_METRIC = "gdp"
# Subjects of one item are split at these; an item whose parts are single characters (水、空气等…)
# is kept whole.
SUBJECT_LIST_BREAK = re.compile(r"、|和|及|与|以及")


def _rows(role: str) -> list[str]:
    rows = [row["pattern"] for row in knowledge.rows("target_passage.csv") if row["role"] == role]
    if not rows:
        raise knowledge.KnowledgeError(f"knowledge/target_passage.csv has no row of role {role!r}")
    return rows


@cache
def _pattern(role: str) -> re.Pattern[str]:
    """The patterns of `role` as one alternation (use .match to anchor it where an item starts)."""
    return re.compile("(?:" + "|".join(_rows(role)) + ")")


@dataclass(frozen=True)
class TargetItem:
    """A target of the passage without a figure, before its period and key are decided
    (the fields pipeline.extract reads of a statement)."""

    subject: str
    measure: str                       # growth | decrease | level
    predicate: str | None              # the promise or the relation as written (Metric.predicate)
    quote_start: int
    quote_end: int
    measure_kind: str = "qualitative"  # relative | qualitative
    reference_metric_key: str | None = None
    quantity: None = None
    qualifier: None = None             # a figureless target has no bound words of a figure


def relation_pattern() -> str:
    """The words that set one growth against another (同步, 高于, 快于), as a regex alternation."""
    return _pattern("relative").pattern


def outside_pattern() -> str:
    """The words naming a figure outside a region's report (全国, 全省平均水平), as a regex alternation."""
    return _pattern("outside").pattern


def find_intro(text: str, start: int, end: int) -> re.Match | None:
    """The first intro of a passage of targets in text[start:end]: 主要预期目标是：, or 主要目标是：
    after words that make it this year's or the plan's (今年经济社会发展的), not another goal's
    (投资体制改革的主要目标是：)."""
    for intro in _pattern("intro").finditer(text, start, end):
        if _pattern("lead").search(intro.group()):
            return intro  # 主要预期目标是：carries its lead word itself
        window = text[max(start, intro.start() - LEAD_WINDOW):intro.start()]
        window = re.split(r"[。！？!?]", window)[-1]
        if _pattern("lead").search(window):
            return intro
    return None


def ends_in_colon(intro: re.Match) -> bool:
    """An intro written with its colon (主要预期目标是：), not the colon-less form before GDP."""
    return intro.group()[-1:] in "：:"


def is_commentary(text: str, pos: int) -> bool:
    """A sentence that speaks about the targets instead of listing more of them."""
    return _pattern("commentary").match(text, pos) is not None


def figureless_targets(text: str, start: int, end: int, figures: list) -> list[TargetItem]:
    """Every item of the passage in text[start:end] that carries no figure, as target rows."""
    # Items are clauses: 进出口回稳向好，国际收支基本平衡 are two, whatever ； groups them.
    items: list[TargetItem] = []
    item_start = start
    for pos in [*(i for i in range(start, end) if text[i] in ITEM_BREAK), end]:
        s, e = item_start, pos
        item_start = pos + 1
        while s < e and text[s] in " \u3000":
            s += 1
        if e <= s or any(s <= q.start < e for q in figures):
            continue
        item = text[s:e]
        if _pattern("not_an_item").match(item) or not _names_something(item):
            continue
        items.extend(_split_subjects(_figureless_target(item, s)))
    return items


def _names_something(item: str) -> bool:
    """At least two Chinese characters: not a stray mark or list number."""
    return sum("\u4e00" <= ch <= "\u9fff" for ch in item) >= 2


def _figureless_target(item: str, offset: int) -> TargetItem:
    relative = _relative_target(item, offset)
    if relative is not None:
        return relative
    predicate = predicates.find(item)
    if predicate is None:
        # No words this product knows for what is promised: the item as its own subject, undecidable.
        return TargetItem(without_lead(item), "level", None, offset, offset + len(item))
    subject = without_lead(item[:predicate.start])
    if predicate.judged == "completion" and not subject:
        # 确保完成脱贫攻坚任务, 不折不扣完成国家下达的约束性指标任务: what is to be completed.
        subject = evidence.completed_thing(without_lead(predicate.words))
    if not subject:
        subject = item[predicate.end:].strip(SUBJECT_TRIM)  # 加大 | 研究与实验发展经费投入
    measure = {"up": "growth", "down": "decrease"}.get(predicate.judged, "level")
    return TargetItem(subject, measure, predicate.words, offset, offset + len(item))


def _relative_target(item: str, offset: int) -> TargetItem | None:
    """居民收入增长与经济增长同步 (refers to GDP growth); 增速高于全国平均水平 (refers to a figure no
    report of this region states: no reference key)."""
    relation = _pattern("relative").search(item)
    if relation is None:
        return None
    reference = _pattern("reference").search(item, relation.start())
    if reference is None:
        reference = _pattern("reference").search(item, 0, relation.start())
    # 增速高于全国平均水平; 涨幅与全国一致
    outside = (_pattern("outside").search(item, relation.start())
               or re.search("(?<=与)(?:" + _pattern("outside").pattern + ")", item))
    if outside is None and (reference is None or reference.start() == 0):
        return None
    subject_end = re.search(_pattern("subject_end").pattern + "|" + _pattern("relative").pattern, item).start()
    subject = item[:subject_end] or item[:(reference or relation).start()]
    if outside is not None and (reference is None or outside.start() < reference.start()):
        start = min(relation.start(), outside.start())
        start -= item[start - 1:start] == "与"   # 与全国一致
        words = item[start:max(relation.end(), outside.end())]
        return TargetItem(without_lead(subject), "growth", words, offset, offset + len(item),
                          measure_kind="relative", reference_metric_key=None)
    ref_key, _ = catalog.metric_for(reference.group(), "growth", "percent")
    return TargetItem(without_lead(subject), "growth", relation.group(), offset, offset + len(item),
                      measure_kind="relative", reference_metric_key=ref_key)


def _split_subjects(target: TargetItem) -> list[TargetItem]:
    """One row per subject of an item that names several (利用省外资金、境外资金和进出口持续增长 →
    three), the kind after 等 given back only when it says more than 指标/任务 (…等约束性指标)."""
    subject = target.subject
    kind = ""
    at = subject.rfind("等")
    if at > 0:
        subject, kind = subject[:at], subject[at + 1:]
        if _pattern("generic_tail").fullmatch(kind):
            kind = ""
    parts = [p.strip(SUBJECT_TRIM) for p in SUBJECT_LIST_BREAK.split(subject)]
    if len(parts) < 2 or any(len(p) < 2 for p in parts):
        return [target]
    if len(parts[-1]) > 2 * max(len(p) for p in parts[:-1]):
        return [target]  # 长江、黄河干流、澜沧江出省境断面水质: modifiers of one head, one thing
    # Without 、 a 和 may join the words of one thing (节能减排降碳和环境质量改善约束性指标): split only
    # when every part is a catalog metric (单位国内生产总值能耗和主要污染物排放量继续下降).
    if "、" not in subject and not all(catalog.catalog_metric(p, target.measure, None) for p in parts):
        return [target]
    return [replace(target, subject=part + kind) for part in parts]


def declined_target(text: str, s_start: int, s_end: int, year: int, paragraph: int, clause_span) -> Metric | None:
    """我们没有提出全年经济增速具体目标: a GDP growth target row that says no figure was set."""
    declined = _pattern("declined").search(text, s_start, s_end)
    if declined is None:
        return None
    c_start, c_end = clause_span(text, declined.start(), s_start, len(text))
    key, name = DECLINED_METRIC, catalog.metric_name(DECLINED_METRIC)
    return Metric(
        kind="target", period_year=year, period_start=None, period_end=None,
        metric_key=key, metric_name=name, subject=text[declined.start():declined.end()],
        measure="growth", value=None, value_high=None, unit=None, value_base=None, base_unit=None,
        qualifier=None, comparator=None, target_kind="qualitative", reference_metric_key=None,
        paragraph=paragraph, quote=text[c_start:c_end], char_start=c_start, char_end=c_end,
        predicate=text[declined.start():declined.end()],
    )


def may_hold_passage(text: str, start: int, end: int) -> bool:
    """Cheap check for a paragraph: an intro or a declined target somewhere in it (both name 目标,
    found by a plain string search before any pattern is tried)."""
    if text.find(TARGET_WORD, start, end) == -1:
        return False
    return (_pattern("intro").search(text, start, end) is not None
            or _pattern("declined").search(text, start, end) is not None)


# Every intro and every declined-target sentence of target_passage.csv names it (checked by a test).
TARGET_WORD = _rows("prefilter")[0]
