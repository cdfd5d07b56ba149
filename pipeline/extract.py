"""Every quantitative statement of a report, as records.Metric rows.

A statement is a figure (numbers.find_quantities) with the subject it measures, found by walking
back from the figure over its clause, and the measure the words before it give (增长 → growth,
下降 → decrease, 比重/率 → share, 个百分点 → change_pp, 第N位 → rank, else level). The paragraph's
part gives the period (review → results of N-1, plan → targets of N, five-year parts → spans);
words inside the sentence before the figure override it (去年, 刚刚过去的2017年, 过去五年,
年均, 累计, 到2027年). The main-targets passage (主要预期目标是：…) is also read item by item
for the targets that carry no figure: relative (居民收入增长与经济增长同步) and qualitative
(粮食产量稳中有增), and a declined target (没有提出全年经济增速具体目标) becomes a row of its own.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from reportcmp.pipeline import catalog, numbers, passage
from reportcmp.pipeline.figures import is_statement_figure, restates_target
from reportcmp.pipeline.grammar import BASE_FRAME_END, CLAUSE_BREAK, Statement, clause_span, frame_open_at
from reportcmp.pipeline.periods import (CHANGED_TO, PART_OF_WORDS, PART_PERIOD, PERIOD_CUE, SO_FAR_WORDS, Period,
                                       last_period_cue, period_of)
from reportcmp.pipeline.records import Metric, Paragraph, ReportMeta
from reportcmp.pipeline.segment import REVIEW_PARTS
from reportcmp.pipeline.statements import FLAT_WORD, flat_statements, sentence_statements
from reportcmp.pipeline.subjects import without_tail


# Scope of period words: a sentence ends at 。！？ or a line end (； keeps the scope going).
SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


PLAN_PARTS = ("plan", "five_year_plan")   # where a passage of targets may open without a colon
MAX_FRAME_LEAD = 40   # how far before a year its frame's opening is looked for


def _inside_base_frame(text: str, start: int, end: int, figure_at: int) -> bool:
    """The words text[start:end] stand inside a frame naming a base, ending before the figure at figure_at (在|去年市核
    任务|的基础上增长8.1%): a year there is the base. Not a year before the frame (2012年，在…的情况下，…增长7.8%), nor
    inside a frame of another kind (在2012年国际金融危机持续蔓延的情况下: 2012 is the period)."""
    opened = frame_open_at(text, max(0, start - MAX_FRAME_LEAD), start)
    return opened != -1 and not any(char in CLAUSE_BREAK for char in text[opened:start]) \
        and BASE_FRAME_END.search(text, end, figure_at) is not None


def extract_metrics(text: str, paragraphs: list[Paragraph], meta: ReportMeta) -> list[Metric]:
    """Every quantitative statement of the report, plus the figureless targets of its main-targets
    passage, in text order."""
    metrics: list[Metric] = []
    for para in paragraphs:
        if para.part not in PART_PERIOD and not (passage.may_hold_passage(text, para.char_start, para.char_end)
                                                  and passage.find_intro(text, para.char_start, para.char_end)):
            continue
        metrics.extend(_paragraph_metrics(text, para, meta.report_year))
    metrics.sort(key=lambda m: (m.char_start, m.char_end))
    return [_of_the_region_above(m) if not m.metric_key.startswith((catalog.LONG_TAIL_PREFIX, catalog.UNPAIRED_PREFIX))
            and catalog.scope_above(m.subject, meta.level, meta.region) else m for m in metrics]


def _of_the_region_above(metric: Metric) -> Metric:
    """全省财政收入预期增长7% in a city's report: the province's, keyed with its place so that it never stands for the
    report's own 一般公共预算收入."""
    return replace(metric, metric_key=catalog.LONG_TAIL_PREFIX + metric.subject, metric_name=metric.subject)


def _paragraph_metrics(text: str, para: Paragraph, year: int) -> list[Metric]:
    part = para.part if para.part in PART_PERIOD else "plan"  # only a main-targets passage gets here
    quantities = numbers.find_quantities(text, para.char_start, para.char_end)
    # Checked once per paragraph: most paragraphs hold neither, and sentences are many.
    may_hold_passage = passage.may_hold_passage(text, para.char_start, para.char_end)
    has_flat = FLAT_WORD.search(text, para.char_start, para.char_end) is not None
    # Period words of the whole paragraph, found once; each figure takes those of its sentence.
    cues = list(PERIOD_CUE.finditer(text, para.char_start, para.char_end))
    metrics: list[Metric] = []
    next_q = next_cue = 0
    carried = None  # 过去一年，我们的各项工作取得了很大成绩。国内生产总值增长10.3%…
    passage_period = None  # inside a main-targets passage: the period of its targets
    for match in SENTENCE.finditer(text, para.char_start, para.char_end):
        s_start, s_end = match.span()
        first = next_q
        while next_q < len(quantities) and quantities[next_q].start < s_end:
            next_q += 1
        in_sentence = [q for q in quantities[first:next_q] if q.end <= s_end]
        first_cue = next_cue  # sentences and cues both run in text order: one pass over each
        while next_cue < len(cues) and cues[next_cue].start() < s_end:
            next_cue += 1
        sentence_cues = cues[first_cue:next_cue]
        figures = [q for q in in_sentence if is_statement_figure(text, q, s_start, s_end)]
        from_phrases: list[tuple[int, int]] = []  # 由/从 … up to each starting figure
        statements = sentence_statements(text, s_start, s_end, figures, in_sentence)
        if has_flat and FLAT_WORD.search(text, s_start, s_end):
            statements = sorted(statements + flat_statements(text, s_start, s_end, figures),
                                key=lambda st: st.quantity.start)
        previous = None   # (statement, metric) of the sentence's figure before
        for st in statements:
            if part in REVIEW_PARTS and restates_target(text, st.quantity, s_start, s_end):
                continue   # 没有实现年初确定的…降低4%左右的目标: the target restated, no result
            before = [c for c in sentence_cues if c.end() <= st.quantity.start]
            if st.from_start is not None:
                # 从去年的2.1%, 从2020年的53.2%: a starting figure with its own period is a result of
                # that period; 由托管前的40位 names none, and only the figure reached is stated.
                from_phrases.append((st.from_start, st.quantity.start))
                own = [c for c in before if c.start() >= st.from_start]
                if not own:
                    continue
                governing = last_period_cue(own)
            else:
                # 赤字率从去年的2.1%提高到2.3%: the period of a starting figure is not the others'.
                # 总量是2011年的1.42倍，年均增长9.2%；固定资产投资1550.5亿元: a comparison base governs
                # up to the next ；, not the figures after it.
                before = [c for c in before if not any(s <= c.start() < e for s, e in from_phrases)
                          and not _inside_base_frame(text, c.start(), c.end(), st.quantity.start)]
                if any(c.group("compared") or c.group("average") or c.group("span") in SO_FAR_WORDS for c in before):
                    # An average (年均增长9.2%) is of the figure of its own clause only, a base year of
                    # its own ；-segment; a running total (累计实现再就业22911人) of its own clause and of
                    # a part of it after (其中“4050”人员7854名), not of what follows (城镇登记失业率为3%).
                    segment_start = text.rfind("；", s_start, st.quantity.start)
                    clause_start = clause_span(text, st.quantity.start, s_start, s_end)[0]
                    total_start = (clause_span(text, clause_start - 2, s_start, s_end)[0]
                                   if clause_start > s_start and text.startswith(PART_OF_WORDS, clause_start)
                                   else clause_start)
                    before = [c for c in before if not (c.group("compared") and c.start() < segment_start)
                              and not (c.group("average") and c.start() < clause_start)
                              and not (c.group("span") in SO_FAR_WORDS and c.start() < total_start)]
                # 在去年市核任务的基础上增长8.1%: a period that ends at 基础上 is a base, not the period.
                governing = last_period_cue(before) or carried
                if governing is not None and governing.group("year") and CHANGED_TO.search(
                        text, governing.end(), st.quantity.start):
                    governing = None  # 2002年1288亿元增加到3664亿元: the second figure is of the report's period
            kind, period = period_of(governing, part, para, year)
            if (governing is not None and governing.group("one_year") and previous is not None
                    and previous[0].subject == st.subject and previous[0].quantity.end <= governing.start()
                    and metrics and metrics[-1] is previous[1] and previous[1].period_year is None
                    and period.period_year is not None and previous[1].kind == kind):
                # 完成固定资产投资62.5亿元，同比增长36.1%: the level of a one-year change is that year's too
                metrics[-1] = replace(previous[1], period_year=period.period_year, period_start=None, period_end=None)
            metrics.append(_metric(st, kind, period, para.paragraph, text, target_kind="numeric"))
            previous = (st, metrics[-1])
        intro = passage.find_intro(text, s_start, s_end) if may_hold_passage else None
        if intro and part not in PLAN_PARTS and not passage.ends_in_colon(intro):
            intro = None   # 年初确定的主要预期目标是生产总值增长7%… in a review restates a target, it opens no list
        if intro:
            passage_period = Period(year, None, None)
            if part == "five_year_plan":  # “十四五”时期主要目标是：…
                passage_period = Period(None, para.period_start or year, para.period_end or year + 4)
            items = passage.figureless_targets(text, intro.end(), s_end, figures)
        elif passage_period is not None:
            # The list goes on past its first 。 (2015: 能耗强度下降3.1%以上，主要污染物排放继续减少。)
            # for as long as each sentence is itself a list of targets, not a word about them.
            items = [] if passage.is_commentary(text, s_start) else passage.figureless_targets(
                text, s_start, s_end, figures)
            if not items and not figures:
                passage_period = None
        if passage_period is not None:
            for st in items:
                metrics.append(_metric(st, "target", passage_period, para.paragraph, text,
                                       target_kind=st.measure_kind))
        if not figures:
            # A sentence without figures that names a period introduces the next ones.
            carried = last_period_cue(sentence_cues) or carried
        else:
            carried = None
        declined = passage.declined_target(text, s_start, s_end, year, para.paragraph, clause_span) \
            if may_hold_passage else None
        if declined:
            metrics.append(declined)
    return metrics


@lru_cache(maxsize=1 << 16)  # a corpus has ~25k distinct subjects; an LRU scan must not evict them all
def _metric_key(subject: str, measure: str, dimension: str | None) -> tuple[str, str]:
    return catalog.metric_for(subject, measure, dimension)


def _metric(st: Statement, kind: str, period, paragraph: int, text: str, target_kind: str) -> Metric:
    q = st.quantity
    period_year, period_start, period_end = period
    subject = without_tail(st.subject)
    key, name = _metric_key(subject, st.measure, q.dimension if q else None)
    quote = text[st.quote_start:st.quote_end]
    if key == catalog.UNNAMED_KEY or (key.startswith(catalog.LONG_TAIL_PREFIX) and catalog.is_generic_name(name)):
        key = catalog.unpaired_key(quote)  # 完成投资39.7亿元, 18个项目: no thing that could meet itself
    is_target = kind == "target"
    return Metric(
        kind=kind, period_year=period_year, period_start=period_start, period_end=period_end,
        metric_key=key, metric_name=name, subject=subject, measure=st.measure,
        value=q.value if q else None, value_high=q.value_high if q else None,
        unit=q.unit if q else None, value_base=q.value_base if q else None,
        base_unit=q.base_unit if q else None, qualifier=st.qualifier,
        comparator=(q.comparator or "=") if q else None,
        target_kind=target_kind if is_target else None,
        reference_metric_key=getattr(st, "reference_metric_key", None) if is_target else None,
        paragraph=paragraph, quote=quote, char_start=st.quote_start, char_end=st.quote_end,
        predicate=getattr(st, "predicate", None),
    )
