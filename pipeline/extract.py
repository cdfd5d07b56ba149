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
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline import catalog, knowledge, numbers, passage
from pipeline.subjects import SUBJECT_LEAD, SUBJECT_TRIM, without_tail
from pipeline.records import Metric, Paragraph, ReportMeta

# Scope of period words: a sentence ends at 。！？ or a line end (； keeps the scope going).
SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
CLAUSE_BREAK = "，,；;：:。！？!?\n"
LIST_BREAK = "、"

MEASURE_ROLES = ("growth", "decrease", "share", "rank", "reach", "base", "neutral", "total", "flat")


def _measure_words() -> dict[str, list[str]]:
    """role -> words of knowledge/measure_words.csv (what the words before a figure say of it), in
    file order."""
    words: dict[str, list[str]] = {role: [] for role in MEASURE_ROLES}
    for row in knowledge.rows("measure_words.csv"):
        if row["role"] not in words:
            raise ValueError(f"knowledge/measure_words.csv: unknown role {row['role']!r} of {row['word']!r}")
        words[row["role"]].append(row["word"])
    return words


MEASURE_WORDS = _measure_words()
TAIL_WORDS = sorted(
    ((word, role) for role, words in MEASURE_WORDS.items() for word in words),
    key=lambda pair: -len(pair[0]),
)
# The same words by their last character, so a subject's end is checked against a few, not all.
TAIL_WORDS_BY_LAST = {
    last: [(word, role) for word, role in TAIL_WORDS if word[-1] == last]
    for last in {word[-1] for word, _ in TAIL_WORDS}
}
def _qualifier_words(**wanted: str) -> list[str]:
    """Words of knowledge/qualifiers.csv whose columns have the values given, longest first."""
    found = {row["word"] for row in knowledge.rows("qualifiers.csv")
             if all(row[column] == value for column, value in wanted.items())}
    return sorted(found, key=lambda word: (-len(word), word))


# Clause words that bound or hedge a figure, kept in `qualifier` with the figure's own.
CLAUSE_QUALIFIER = re.compile("|".join(map(re.escape, _qualifier_words(position="clause"))))
ASPIRATION_WORDS = tuple(_qualifier_words(aspiration="yes"))

def _period_words(role: str) -> list[str]:
    """The words of knowledge/period_words.csv with `role`, longest first."""
    found = [row["word"] for row in knowledge.rows("period_words.csv") if row["role"] == role]
    return sorted(found, key=len, reverse=True)


AVERAGE_WORDS = _period_words("average")
BASE_OF_YEAR = "|".join(map(re.escape, _period_words("base_of_year")))
BASE_OF_YEAR_AT_END = re.compile(r"(?:" + BASE_OF_YEAR + r")(?:19|20)\d\d年的$")
# Period words inside a sentence, before the figure they govern.
PERIOD_CUE = re.compile(
    # the letters a cue starts with: most positions skip at once. The words of period_words.csv start
    # with common letters (是, 为, 平), so they are looked ahead for whole (是2011…, 平均每年).
    r"(?=[刚去过一五近年累已到至比较与今同全“十12]|" + "|".join(AVERAGE_WORDS) + "|(?:" + BASE_OF_YEAR + r")(?:19|20))"
    # 去年 after 比/较/高于/在…基础上 is a comparison base, not the period: 比去年预算高0.2个百分点.
    r"(?:(?P<last>刚刚过去的(?:19|20)\d\d年|(?<![比较于与同持对])去年|(?<=[由从])上年|过去一年|一年来)"
    r"|(?P<span>过去五年|五年来|近五年|(?P<since>(?:19|20)\d\d)年以来|“?十(?P<plan>[一二三四五六七八九])五”?(?:时期|期间|以来)"
    r"|(?P<average>" + "|".join(AVERAGE_WORDS) + r")|累计|已经)"
    r"|(?P<until>到|至)(?P<until_year>(?:19|20)\d\d)年"
    # 比2002年增长65.5%; 总量是2011年的1.42倍: a comparison base, the change since that year.
    r"|(?P<compared>比|较|与|(?:" + BASE_OF_YEAR + r")(?=(?:19|20)\d\d年的))(?P<base_year>(?:19|20)\d\d)年"
    r"|(?<![到至比较与])(?P<year>(?:19|20)\d\d)年(?!以来|以前|前|底|末|初|度)"
    r"|(?P<this>今年)"
    # 比上年增长8%, 较去年增加51天, 全年完成投资61亿元: one year, the part's own (N-1 in any review)
    r"|(?P<one_year>(?:比|较|同)(?:去年|上年)|全年))"
)
CHANGED_TO = re.compile(r"(?:增加|提高|增长|上升|提升|扩大|下降|降低|减少|缩小)(?:到|至)")
WEAK_PERIOD_WORDS = (*AVERAGE_WORDS, "累计", "已经")
PLAN_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# Quantities that are names, specs or list labels, not statements.
ATTRIBUTE_DIMENSIONS = frozenset({"length", "energy", "weight", "area", "money", "other"})
NOT_A_LIST_JOIN = "和与及或"
BOUND_WORDS = frozenset({"以上", "以下", "以内"})
CHINESE_SMALL_NUMERAL = re.compile(r"[一二两三四五六七八九十]{1,2}")
SPEC_MARKS = "×xX*·•－-—/／"
ORDINAL_UNITS = frozenset({"位", "名"})
RANK_CONTEXT = re.compile(r"排名|位次|名次|排位|位列|位居")


@dataclass(frozen=True)
class Statement:
    """A figure with what it measures, before its period and metric key are decided."""

    quantity: "numbers.Quantity | None"
    subject: str
    measure: str
    qualifier: str | None
    quote_start: int
    quote_end: int
    # Where 由/从 opens a from–to movement whose starting figure this is (由托管前的40位提升至13位):
    # such a figure is kept only when the words between name its own period (从2020年的53.2%).
    from_start: int | None = None


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
    return metrics


# What a paragraph's figures are, before the words of a sentence say otherwise.
PART_PERIOD = {
    "review": "result",
    "five_year_review": "result",
    "plan": "target",
    "self_building": "target",
    "five_year_plan": "target",
}


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
        for st in statements:
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
                          and text.find("基础上", c.end(), st.quantity.start) == -1]
                if any(c.group("compared") or c.group("average") for c in before):
                    # An average (年均增长9.2%) is of the figure of its own clause only, a base year of
                    # its own ；-segment.
                    segment_start = text.rfind("；", s_start, st.quantity.start)
                    clause_start = clause_span(text, st.quantity.start, s_start, s_end)[0]
                    before = [c for c in before if not (c.group("compared") and c.start() < segment_start)
                              and not (c.group("average") and c.start() < clause_start)]
                # 在去年市核任务的基础上增长8.1%: a period that ends at 基础上 is a base, not the period.
                governing = last_period_cue(before) or carried
                if governing is not None and governing.group("year") and CHANGED_TO.search(
                        text, governing.end(), st.quantity.start):
                    governing = None  # 2002年1288亿元增加到3664亿元: the second figure is of the report's period
            kind, period = period_of(governing, part, para, year)
            metrics.append(_metric(st, kind, period, para.paragraph, text, target_kind="numeric"))
        intro = passage.find_intro(text, s_start, s_end) if may_hold_passage else None
        if intro:
            passage_period = (year, None, None)
            if part == "five_year_plan":  # “十四五”时期主要目标是：…
                passage_period = (None, para.period_start or year, para.period_end or year + 4)
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


# --- figures ---------------------------------------------------------------------------------

def is_statement_figure(text: str, q, s_start: int, s_end: int) -> bool:
    """False for figures that only name or label: years, 12英寸 wafers, 2×660兆瓦 units,
    “三个高于”, 第3批, （一）."""
    if q.dimension == "year" or q.unit is None:
        return False
    before = text[q.number_start - 1] if q.number_start > s_start else ""
    after = text[q.number_end] if q.number_end < s_end else ""
    after_unit = text[q.end] if q.end < s_end else ""
    if (before and before in SPEC_MARKS) or (after and after in SPEC_MARKS):
        return False
    if before == "第" and q.unit not in ORDINAL_UNITS and q.dimension != "rank":
        return False
    if before and after and before in "（(" and after in "）)":
        return False
    if _inside_quotation(text, q, s_start):
        return False
    # 第十|三届, 二次创业, 八项规定: a small Chinese numeral glued to a noun is a name or an ordinal.
    if _is_cjk(after_unit) and CHINESE_SMALL_NUMERAL.fullmatch(text, q.number_start, q.number_end):
        return False
    if q.dimension == "rank" and (after_unit.isdigit() or CHINESE_SMALL_NUMERAL.match(after_unit)):
        return False
    # 增长11.3%，低于13%左右的预期目标: the figure is the target a result is compared with.
    if TARGET_REFERENCE_AFTER.match(text, q.end) and COMPARED_WITH_BEFORE.search(
            text, max(s_start, q.start - 3), q.number_start):
        return False
    # 20户以上自然村, 10亿元以上企业: a bounded figure in front of a noun is a class, not a count;
    # but 拟按3.6%以上安排, 实现20%以上增长 state a figure, and 完成1000家以上企业… counts the noun.
    if (q.post_qualifier in BOUND_WORDS and _is_cjk(after_unit) and after_unit not in NOT_A_LIST_JOIN
            and not STATED_AFTER_BOUND.match(text, q.end) and not _counted_by_verb(text, q, s_start)):
        return False
    # 12英寸大硅片, 102万亩地块, 过亿元项目: a measured spec in front of a noun is an attribute.
    if (q.dimension in ATTRIBUTE_DIMENSIONS and _is_cjk(after_unit) and after_unit not in NOT_A_LIST_JOIN
            and not MEASURE_VERB_AT.match(text, q.end)  # 1288亿元增加到…: a figure that changes
            and not MILESTONE.match(text, q.end)        # 跃上1.4万亿斤新台阶: a level reached
            and not _investment_statement(text, q, s_start)):
        return False
    return True


MILESTONE = re.compile(r"(?:新|大)?(?:台阶|大关|关口)")
TARGET_REFERENCE_AFTER = re.compile(r"的(?:全年)?(?:预期|调控|增长|控制)?目标")
COMPARED_WITH_BEFORE = re.compile(r"(?:低于|高于|超过|超出|好于|快于|慢于)$")


def _investment_statement(text: str, q, s_start: int) -> bool:
    """总投资572亿元的74个项目, 投资160亿元实施30个…: an investment is stated, not an attribute."""
    if q.dimension != "money" or not text[max(s_start, q.start - 3):q.start].endswith(INVESTMENT_WORD_END):
        return False
    return text.startswith("的", q.end) or COUNT_VERB_AT.match(text, q.end) is not None


def _counted_by_verb(text: str, q, s_start: int) -> bool:
    """A count with a verb of knowledge/count_verbs.txt right before it: 新增1000家以上农民合作社."""
    return q.dimension == "count" and COUNT_VERB_BEFORE.search(text, max(s_start, q.start - 4), q.start) is not None


def _any_word_of(name: str) -> str:
    """A regex alternative of the words of a knowledge word list, longest first (so it wins)."""
    return "(?:" + "|".join(sorted(map(re.escape, knowledge.words(name)), key=len, reverse=True)) + ")"


SHARED_HEAD_AT_END = re.compile(_any_word_of("shared_heads.txt") + "$")
COUNT_VERB_AT = re.compile(_any_word_of("count_verbs.txt"))
COUNT_VERB_BEFORE = re.compile(_any_word_of("count_verbs.txt") + "$")


def _inside_quotation(text: str, q, s_start: int) -> bool:
    opened = text.rfind("“", s_start, q.start)
    return opened != -1 and text.rfind("”", opened, q.start) == -1 and "”" in text[q.end:q.end + 30]


def _is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff" or ch in "“《")


# --- statements of one sentence -----------------------------------------------------------------

def sentence_statements(text: str, s_start: int, s_end: int, figures: list, all_quantities: list) -> list[Statement]:
    """The statements of one sentence: one per figure, with 分别-lists paired item by item."""
    statements: list[Statement] = []
    done: set[int] = set()
    last_subject: Statement | None = None
    last_list: list[Statement] = []
    for i, q in enumerate(figures):
        if id(q) in done:
            continue
        c_start, c_end = clause_span(text, q.start, s_start, s_end)
        respectively = text.find("分别", c_start, c_end)
        if respectively != -1:
            # Figures before 分别 belong to the subjects (营收过100亿元、50亿元企业分别达到6家和9家).
            in_clause = [v for v in figures if c_start <= v.start and v.end <= c_end]
            done.update(id(v) for v in in_clause)
            values = [v for v in in_clause if v.start > respectively]
            if values:
                list_end = respectively
                no_list = not SUBJECT_LEAD.sub("", text[c_start:respectively]).strip(SUBJECT_TRIM)
                if no_list and len(last_list) == len(values):
                    # …分别达到34068元、23756元，分别增长8.5%、11.5%: the same list again.
                    roles = strip_measure_words(text[respectively + 2:values[0].start])[1]
                    last_list = [
                        Statement(signed(v, roles), item.subject, measure_of(v, roles, item.subject),
                                  qualifier_of([], v), last_list[0].quote_start, values[-1].end)
                        for v, item in zip(values, last_list)
                    ]
                    statements.extend(last_list)
                    last_subject = statements[-1]
                    continue
                if no_list and c_start > s_start:
                    # 农村…纯收入和城镇…可支配收入，2000年分别达到…: the list is the clause before.
                    list_end = c_start - 1
                    c_start = clause_span(text, list_end, s_start, s_end)[0]
                last_list = respectively_statements(text, c_start, list_end, respectively, values, all_quantities)
                statements.extend(last_list)
                last_subject = statements[-1]
            continue
        st = single_statement(text, q, c_start, statements)
        if not st.subject:
            group = _value_group(text, figures, i)
            if len(group) > 1 and len(group) == len(last_list):
                # …，平均每年实际增长4.7%和5.7%: the values follow the list of the clause before.
                done.update(id(v) for v in group)
                roles = strip_measure_words(text[c_start:q.start])[1]  # 增长 before the first value
                last_list = [
                    Statement(signed(v, roles), item.subject, measure_of(v, roles, ""),
                              qualifier_of([], v), last_list[0].quote_start, group[-1].end)
                    for v, item in zip(group, last_list)
                ]
                statements.extend(last_list)
                continue
            if (len(group) == 1 and len(last_list) > 1 and EACH_WORDS.search(text, c_start, q.start)
                    and _adjacent(text, last_list[-1].quote_end, st.quote_start)):
                # …分别完成31098元、12347元，均增长8.5%: the one figure is each item's.
                last_list = [Statement(q, item.subject, st.measure, st.qualifier, last_list[0].quote_start, q.end)
                             for item in last_list]
                statements.extend(last_list)
                continue
        shared = shared_figure_statements(text, st, c_start, figures, i)
        if shared:
            statements.extend(shared)
            last_subject = shared[-1]
            continue
        if not st.subject and last_subject is not None and (
                _adjacent(text, last_subject.quote_end, st.quote_start)
                or _change_continues(text, st, last_subject.quote_end)):
            # 比上年增长8.7%, 首次突破60万户: the subject is the previous statement's.
            st = Statement(q, last_subject.subject, st.measure, st.qualifier,
                           last_subject.quote_start, st.quote_end)
        elif last_subject is not None and _adjacent(text, last_subject.quote_end, st.quote_start):
            st = with_topic_of(st, last_subject)
        statements.append(st)
        last_subject = st if st.subject else last_subject
    return with_aspirations(text, statements)


def with_aspirations(text: str, statements: list[Statement]) -> list[Statement]:
    """增长7%以上、力争达到8%: a goal written right after a floor of the same subject is the floor's
    aspiration, kept as its value_high (the floor is what is judged), not a statement of its own."""
    merged: list[Statement] = []
    for st in statements:
        floor = merged[-1] if merged else None
        q = st.quantity
        if (floor is not None and q is not None and floor.quantity is not None
                and floor.quantity.comparator == ">=" and floor.quantity.value_high is None
                and q.value_high is None and q.unit == floor.quantity.unit
                and st.subject == floor.subject and floor.from_start is None
                and ASPIRATION_BETWEEN.fullmatch(text, floor.quantity.end, q.number_start)):
            goal = replace(floor.quantity, value_high=q.value, end=q.end)
            words = [w for w in (floor.qualifier, q.pre_qualifier) if w]
            merged[-1] = replace(floor, quantity=goal, qualifier="…".join(dict.fromkeys(words)) or None,
                                 quote_end=max(floor.quote_end, st.quote_end))
            continue
        merged.append(st)
    return merged


# Between a floor and its aspiration: a list or clause break and the aspiration words (力争达到).
ASPIRATION_BETWEEN = re.compile(r"[、，,]\s*(?:" + "|".join(map(re.escape, ASPIRATION_WORDS)) + r")"
                                + "(?:" + "|".join(sorted(map(re.escape, MEASURE_WORDS["reach"]), key=len, reverse=True))
                                + ")?")


FLAT_WORDS = tuple(sorted(MEASURE_WORDS["flat"], key=len, reverse=True))
FLAT_WORD = re.compile("|".join(map(re.escape, FLAT_WORDS))) if FLAT_WORDS else re.compile(r"(?!)")
# Before a flat word: the base it is level with (与上年持平), not part of the subject.
FLAT_BASE = re.compile("(?:" + "|".join(sorted(map(re.escape, MEASURE_WORDS["base"]), key=len, reverse=True)) + ")$")


def flat_statements(text: str, s_start: int, s_end: int, figures: list) -> list[Statement]:
    """居民消费价格与上年持平: a change of zero stated without a figure, in a clause without one.
    The figure is 0% (measure growth), its qualifier the flat word as written."""
    statements = []
    for flat in FLAT_WORD.finditer(text, s_start, s_end):
        c_start, c_end = clause_span(text, flat.start(), s_start, s_end)
        if any(c_start <= q.start < c_end for q in figures):
            continue
        before = FLAT_BASE.sub("", text[c_start:flat.start()])
        subject = SUBJECT_LEAD.sub("", before).strip(SUBJECT_TRIM)
        if not subject:
            continue
        zero = numbers.Quantity(
            start=flat.start(), end=flat.end(), number_start=flat.start(), number_end=flat.end(), value=0.0,
            value_high=None, unit="%", value_base=0.0, base_unit="%", pre_qualifier=flat.group(),
            post_qualifier=None, comparator="~" if flat.group() != "持平" else "=", dimension="percent",
            text=flat.group())
        statements.append(Statement(zero, subject, "growth", flat.group(), c_start, flat.end()))
    return statements


# A list of parallel subjects that share one figure: 、 always, 和/与/及 only with 均 (they join words
# too: 和美乡村). 等 makes the list examples of one subject (城市供热、人防工程等专项规划21个).
SHARED_LIST_BREAK = re.compile(r"、|和|与|及")
EACH_WORDS = re.compile(r"均|都")
SHARED_ITEM_MAX = 12


def shared_figure_statements(text: str, st: Statement, c_start: int, figures: list, i: int) -> list[Statement]:
    """One statement per subject of a list the figure applies to, or [] when it is no such list.

    力争绿色化工、食品加工、装备制造营收突破1000亿元 → three 营收 targets of 1000亿元;
    广义货币M2和社会融资规模余额预期增长均为12%左右 → two growth targets of 12%."""
    q = st.quantity
    if not st.subject or q is None or st.from_start is not None:
        return []
    if text.find("、", c_start, q.start) == -1 and EACH_WORDS.search(text, c_start, q.start) is None:
        return []  # most clauses hold no list: checked before anything is cut or copied
    if len(_value_group(text, figures, i)) > 1:
        return []
    lead = SUBJECT_LEAD.match(text[c_start:q.start])  # ^ never matches at a pos > 0: match a slice
    list_start = c_start + lead.end() if lead else c_start
    subject_at = text.find(st.subject, list_start, q.start)
    if subject_at == -1:
        return []
    subject_end = subject_at + len(st.subject)
    region = text[list_start:subject_end]
    each = EACH_WORDS.search(text, subject_end, q.start) is not None
    breaks = SHARED_LIST_BREAK.findall(region) if each else region.count("、") * ["、"]
    if not breaks or "等" in region or any(ch.isdigit() for ch in region.replace("M2", "")):
        return []
    items = (SHARED_LIST_BREAK if each else re.compile("、")).split(region)
    if any(not 2 <= len(item) <= SHARED_ITEM_MAX for item in items) or COUNT_VERB_AT.match(items[0]):
        return []
    head = SHARED_HEAD_AT_END.search(items[-1])
    heads_elsewhere = any(SHARED_HEAD_AT_END.search(item) for item in items[:-1])
    if not each and (head is None or heads_elsewhere or q.dimension == "count"):
        return []
    if head is not None and not heads_elsewhere and len(items[-1]) > len(head.group()):
        # 广义货币M2 is a metric of its own: 余额 of 社会融资规模余额 is not given to it.
        shared = with_head_modifier(items[-1], head.group())
        items = [item if catalog.catalog_metric(item, st.measure, q.dimension) else item + shared
                 for item in items[:-1]] + [items[-1]]
    return [Statement(q, item, st.measure, st.qualifier, list_start, q.end) for item in items]


HEAD_MODIFIER_BEFORE = re.compile(_any_word_of("head_modifiers.txt") + "$")


def with_head_modifier(last_item: str, head: str) -> str:
    """The head a list shares, with the words of knowledge/head_modifiers.txt before it in the last
    item (智能手机限上零售额, head 零售额 → 限上零售额), when something is left before them and they
    are not the whole a share is taken of (…增加值占规模以上工业比重)."""
    before = last_item[:len(last_item) - len(head)] if last_item.endswith(head) else ""
    modifier = HEAD_MODIFIER_BEFORE.search(before)
    if modifier is None or modifier.start() == 0 or before[modifier.start() - 1] == "占":
        return head
    return modifier.group() + head


def _value_group(text: str, figures: list, i: int) -> list:
    """Figure i and the figures joined to it by 和/、 alone: 4.7%和5.7%."""
    group = [figures[i]]
    for nxt in figures[i + 1:]:
        if text[group[-1].end:nxt.start] not in VALUE_JOINS:
            break
        group.append(nxt)
    return group


VALUE_JOINS = frozenset({"和", "、", "及", "与", "，"})


# A change written a few clauses after its subject, with only words between (全年生产总值3342.7亿元，
# 全省第7，位次实现新突破，同比增长6.1%): the clauses between may be this many.
CHANGE_REACH_CLAUSES = 3


def _change_continues(text: str, st: Statement, earlier_end: int) -> bool:
    """A subjectless change (同比增长6.1%) a few figureless clauses after a statement continues it."""
    if st.measure not in ("growth", "decrease", "change_pp") or text.find("。", earlier_end, st.quote_start) != -1:
        return False
    return _breaks_between(text, earlier_end, st.quote_start) <= CHANGE_REACH_CLAUSES


CLAUSE_BREAK_MARK = re.compile("[" + re.escape(CLAUSE_BREAK) + "]")


def _breaks_between(text: str, start: int, end: int) -> int:
    return len(CLAUSE_BREAK_MARK.findall(text, start, end))


ENTITY_END = re.compile(_any_word_of("generic_subjects.txt") + "$")


def with_topic_of(st: Statement, earlier: Statement) -> Statement:
    """A subject that names no thing by itself takes it from the statement right before:
    - an amount head alone after enterprises: 规模以上工业企业达7.6万家、增加值增长3% → 规模以上工业增加值;
    - a modifier parallel to the one the earlier subject opens with: 国家级专精特新企业11家、省级226家
      → 省级专精特新企业;
    - only generic or report words, or only a comparison: 中心镇实施建设项目389个、完成投资429亿元 →
      中心镇实施建设项目完成投资; 规上工业增加值增长7.6%，高于全国1.7个百分点;
    - an amount of another subject without the head the earlier gave its amount: 绿色化工营收突破
      1000亿元，轻工纺织突破600亿元 → 轻工纺织营收.
    Cheap checks first: this runs for every statement after another."""
    subject, topic = st.subject, earlier.subject
    if not subject or not topic:
        return st
    if SHARED_HEAD_AT_END.fullmatch(subject):
        entity = ENTITY_END.search(topic)
        if entity is not None and entity.start() > 0 and not _names_nothing(topic):
            return replace(st, subject=topic[:entity.start()] + subject)
        return st
    if (len(subject) <= PARALLEL_MODIFIER_MAX and subject[-1] in topic[:PARALLEL_MODIFIER_MAX + 2]
            and len(_tokens(subject)) == 1):
        first = _tokens(topic)[0]
        if first != subject and first[-1] == subject[-1] and len(subject) >= 2 and len(first) < len(topic):
            return replace(st, subject=subject + topic[len(first):])
    if (COMPARISON_ONLY.fullmatch(subject) or _names_nothing(subject)) and not _names_nothing(topic):
        return replace(st, subject=topic + subject)
    head = SHARED_HEAD_AT_END.search(topic)
    if (head is not None and head.start() > 0 and st.quantity is not None and earlier.quantity is not None
            and st.quantity.dimension == earlier.quantity.dimension == "money"
            and not SHARED_HEAD_AT_END.search(subject)
            and not catalog.catalog_metric(subject, st.measure, st.quantity.dimension)):
        return replace(st, subject=subject + head.group())
    return st


# A modifier parallel to another (省级 beside 国家级…) is a short word.
PARALLEL_MODIFIER_MAX = 4


@lru_cache(maxsize=1 << 16)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(catalog.cut(text))


# A subject that only compares the statement before with a figure outside it: 高于全国, 快于全省.
COMPARISON_ONLY = re.compile("(?:" + passage.relation_pattern() + ")(?:" + passage.outside_pattern() + ")")


# The characters of the words that name nothing (report words, generic words) and of subject trims.
NOTHING_CHARS = frozenset("".join(catalog.LONG_TAIL_NOISE) + "".join(catalog.generic_words()) + SUBJECT_TRIM)


@lru_cache(maxsize=1 << 16)
def _names_nothing(subject: str) -> bool:
    """Only report verbs and generic words: 完成投资, 服务, 新建. (Read through without_tail, as _metric
    reads a subject, so that the cached name is the one the key is built from.)"""
    subject = without_tail(subject)
    if not set(subject) <= NOTHING_CHARS:
        return False  # a character no report or generic word has: it names something (no jieba cut)
    name = catalog.long_tail_name(subject)
    return not name or catalog.is_generic_name(name)


def _adjacent(text: str, earlier_end: int, start: int) -> bool:
    """At most one clause break between two statements: 总额5.4万亿元，增长13.3% share a subject."""
    return _breaks_between(text, earlier_end, start) <= 1


def clause_span(text: str, pos: int, s_start: int, s_end: int) -> tuple[int, int]:
    start = pos
    while start > s_start and text[start - 1] not in CLAUSE_BREAK:
        start -= 1
    end = pos
    while end < s_end and text[end] not in CLAUSE_BREAK:
        end += 1
    return start, end


def single_statement(text: str, q, c_start: int, earlier: list[Statement]) -> Statement:
    """One figure of a clause: its subject before it (改造老旧小区136个) or after it (136个老旧小区)."""
    # The subject starts after the clause start, the previous figure of the clause and any 、.
    left_start = c_start
    for st in earlier:
        if st.quantity is not None and c_start <= st.quantity.end <= q.start:
            left_start = max(left_start, st.quantity.end)
    list_break = text.rfind(LIST_BREAK, left_start, q.start)
    if (list_break != -1 and text.find("等", list_break, q.start) == -1
            and any(c_start <= st.quantity.end <= list_break for st in earlier if st.quantity is not None)):
        # 新增高新技术企业234家、科技型中小企业397家: a 、 after a figure separates statements; one
        # between nouns joins the subjects of one figure (交通、能源、水利完成投资5400多亿元; 城市供热、
        # 人防工程等专项规划21个), which shared_figure_statements may give to each.
        left_start = list_break + 1
    while left_start < q.start and text[left_start] in SUBJECT_TRIM + "的":
        left_start += 1
    clause_words = CLAUSE_QUALIFIER.findall(text, c_start, q.start)
    opening = earlier[-1] if earlier else None
    if opening is not None and opening.from_start is not None and opening.quantity.end == left_start:
        # …由3.02张增加到4.17张: the figure reached measures what the starting figure did.
        between = FROM_PHRASE_END.sub("", text[left_start:q.start])
        roles = strip_measure_words(between)[1]
        roles = roles + ["rank"] if opening.measure == "rank" else roles  # 排名由40位提升至13位
        return Statement(signed(q, roles), opening.subject, measure_of(q, roles, opening.subject),
                         qualifier_of(clause_words, q), opening.quote_start, q.end)
    from_start = _from_marker(text, q, left_start)
    if from_start is not None:
        subject, roles = strip_measure_words(text[left_start:from_start])
        lead = SUBJECT_LEAD.match(subject)
        subject = (subject[lead.end():] if lead else subject).strip(SUBJECT_TRIM)
        return Statement(signed(q, roles), subject, measure_of(q, roles, subject), qualifier_of(clause_words, q),
                         left_start, q.end, from_start=from_start)
    invested = _invested_noun(text, q, left_start)
    if invested is not None:
        # 总投资572亿元的74个项目, 41个总投资383亿元的生态修复等重点项目: the investment of the projects.
        noun_start, noun_end = invested
        subject = text[noun_start:noun_end].strip(SUBJECT_TRIM) + "总投资"
        return Statement(q, subject, "level", qualifier_of(clause_words, q), left_start, noun_end)
    noun_start, noun_end = _counted_noun(text, q)
    if noun_end > noun_start:
        subject = _trimmed(text[noun_start:noun_end])
        if catalog.is_generic_name(subject):
            # 3家企业获AEO高级认证, 瑞博龙3家企业进入上市审核辅导: which enterprises is said after them.
            said_end = _predicate_end(text, noun_end)
            subject, noun_end = subject + text[noun_end:said_end], said_end
        return Statement(q, subject, "level", qualifier_of(clause_words, q), left_start, noun_end)
    subject, roles = strip_measure_words(text[left_start:q.start])
    base_of_year = BASE_OF_YEAR_AT_END.search(subject)
    if base_of_year:
        # 总量是2011年的1.42倍, 是2017年的1.8倍: the multiple of the subject before, since that year.
        subject, more = strip_measure_words(subject[:base_of_year.start()])
        roles += more
    if subject.endswith("基础上"):
        # 一般公共预算收入在去年市核任务（5.55亿元）的基础上增长8.1%: 在…基础上 says from what
        # base, the subject is before it (and may lie before an earlier figure of the clause).
        base_at = text.rfind("在", c_start, left_start + len(subject))
        if base_at != -1:
            left_start = min(left_start, c_start)
            subject = text[c_start:base_at].removesuffix("是")
    lead = SUBJECT_LEAD.match(subject)
    subject = (subject[lead.end():] if lead else subject).strip(SUBJECT_TRIM)
    subject = _without_leading_verb(subject, q)
    after = MEASURE_VERB_AT.match(text, q.end) if q.post_qualifier in BOUND_WORDS else None
    if after and q.dimension == "percent" and not CHANGED_TO.match(text, q.end):
        roles = [*roles, _role_of(after.group())]  # 实现20%以上增长: the change is written after
    if q.dimension == "rank" and RANK_SCOPE_ONLY.fullmatch(subject):
        subject = ""  # …增长12%，居全国第1位: the rank is of the statement before
    return Statement(signed(q, roles), subject, measure_of(q, roles, subject), qualifier_of(clause_words, q),
                     left_start, q.end)


# Verbs a restated target keeps in front of its subject: 提出国内生产总值增长8%左右, 把居民消费价格
# 涨幅控制在3.5%左右. 提出/把 go always; 将/使/让/要 begin words too (要素, 使用率), so they go only
# when what is left is a catalog metric.
LEADING_VERB = re.compile(r"^(?:(?P<always>提出|力争把|努力把|要把|把)|将|使|让|要)")


def _without_leading_verb(subject: str, q) -> str:
    verb = LEADING_VERB.match(subject)
    if verb is None or len(subject) - verb.end() < 2:
        return subject
    rest = subject[verb.end():]
    if verb.group("always") or catalog.catalog_metric(rest, "level" if q.dimension != "percent" else "growth",
                                                      q.dimension) or catalog.catalog_metric(rest, "share", q.dimension):
        return rest
    return subject


RANK_SCOPE_ONLY = re.compile(
    # 增幅居全省第5位: the rank of the statement before's change
    r"(?:" + "|".join(sorted(MEASURE_WORDS["growth"] + MEASURE_WORDS["decrease"], key=len, reverse=True)) + r")?"
    r"(?:[居列排]|位居|位列|稳居|跃居|跃升|升至|排名|排位|保持)?(?:在)?"
    r"(?:全国|全省|全市|全区|全州|全球|世界|中部|西部|东部|同类城市|全国同类城市)?(?:各省|省会城市)?"
)


# A from–to movement: 由/从 (not 由于, 自由, 从事…) a few words before the starting figure, and a
# change verb with 到/至 right after it: 服务业比重从45.3%上升到51.6%, 排名由托管前的40位提升至13位.
FROM_MARK = re.compile(r"(?<![理自经缘听服遵])[由从](?![于事而此中])")
FROM_PHRASE_MAX = 14
TO_AFTER = re.compile(
    r"[^，；。,;\d]{0,4}?(?:增加|提高|增长|上升|提升|扩大|下降|降低|减少|缩小|压减|压缩|跃升|攀升|增|升|降|扩|缩|减)(?:到|至)"
)
FROM_PHRASE_END = re.compile(r"(?:(?:19|20)\d\d年)?(?:底|末)?的?$")  # 增长到2019年的9800元


def _from_marker(text: str, q, left_start: int) -> int | None:
    """Where 由/从 opens the from–to movement that q starts, or None when q starts none."""
    if not TO_AFTER.match(text, q.end):
        return None
    marker = None
    for marker in FROM_MARK.finditer(text, max(left_start, q.start - FROM_PHRASE_MAX), q.start):
        pass
    return marker.start() if marker else None


# Verbs that end a counted noun written after its count: 4家企业|获评…, 10个中心镇|实施…
COUNTED_NOUN_STOP = re.compile(
    r"完成|实现|达到|获|入选|通过|建成|启用|投用|竣工|开工|享受|进入|加速|加快|全部|开放|纳入|列入"
    r"|成功|被|上市|评为|认定|参与|覆盖|提升|改造|供热|投入|尽快|规划建设|落地"
)


MEASURE_VERB_AT = re.compile("|".join(MEASURE_WORDS["growth"] + MEASURE_WORDS["decrease"]))
# After a bound, words that end a statement rather than name a class: 赤字率拟按3.6%以上安排.
STATED_AFTER_BOUND = re.compile("安排|" + MEASURE_VERB_AT.pattern)
# 41个总投资383亿元的…项目: what follows a count is the investment of the noun after 的.
INVESTMENT_OF_NOUN = re.compile(r"(?:总投资|投资)(?:约|超过)?[\d.]+(?:多|余)?(?:万亿|亿|千万|万)?元(?:以上)?的")
# 总投资572亿元的74个项目: an investment figure before 的 and, maybe, the count of the noun.
COUNT_BEFORE_NOUN = re.compile(r"[\d.]+(?:多|余)?[个项家处座所条]")
INVESTMENT_WORD_END = ("总投资", "投资")


def _invested_noun(text: str, q, left_start: int) -> tuple[int, int] | None:
    """The noun an investment figure is of (总投资572亿元的74个项目 → 项目), or None."""
    if (q.dimension != "money" or not text.startswith("的", q.end)
            or not text[left_start:q.start].endswith(INVESTMENT_WORD_END)):
        return None
    start = q.end + 1
    count = COUNT_BEFORE_NOUN.match(text, start)
    if count:
        start = count.end()
    end = _noun_end(text, start)
    return (start, end) if end > start else None


def _counted_noun(text: str, q) -> tuple[int, int]:
    """Where the noun a count stands before starts and ends (136个老旧小区), empty when none follows.
    A count with an investment between it and its noun (41个总投资383亿元的重点项目) counts that noun."""
    if q.dimension != "count" or q.end >= len(text):
        return q.end, q.end
    first = text[q.end]
    if not _is_cjk(first) or first in NOT_A_LIST_JOIN + "的":
        return q.end, q.end
    if MEASURE_VERB_AT.match(text, q.end):
        return q.end, q.end                  # 40位提升至13位: a figure and its change, no noun
    invested = INVESTMENT_OF_NOUN.match(text, q.end)
    start = invested.end() if invested else q.end
    return start, _noun_end(text, start)


NOUN_MAX = 24


def _trimmed(noun: str) -> str:
    """A noun without the marks around it; a quoted name keeps its quotes (“一把手”营商环境项目)."""
    noun = noun.strip(SUBJECT_TRIM.replace("“", "").replace("”", ""))
    if noun.startswith("“"):
        return noun + "”" * (noun.count("“") - noun.count("”"))
    return noun.strip(SUBJECT_TRIM)


def _predicate_end(text: str, start: int) -> int:
    """The end of the words after a counted noun up to its clause's end, when they hold no figure
    (企业|获AEO高级认证); `start` when there are none or they run on."""
    end = start
    while end < len(text) and end - start < PREDICATE_MAX and text[end] not in CLAUSE_BREAK + LIST_BREAK:
        if text[end].isdigit():
            return start
        end += 1
    return end if end - start < PREDICATE_MAX else start


PREDICATE_MAX = 16


def _noun_end(text: str, start: int) -> int:
    end = start
    if text.startswith("“", start):
        # 新建136处“365暖留中心”, 59个“一把手”营商环境项目: a quoted name, digits and all.
        closing = text.find("”", start + 1, start + NOUN_MAX)
        if closing != -1:
            end = closing + 1
    while end < len(text) and end - start < NOUN_MAX and text[end] not in CLAUSE_BREAK + LIST_BREAK and not text[end].isdigit():
        end += 1
    stop = COUNTED_NOUN_STOP.search(text, start + 1, end)
    if stop:
        end = stop.start()
    while end > start and text[end - 1] in SUBJECT_TRIM + "等的":
        if text[end - 1] == "”" and text.count("“", start, end) >= text.count("”", start, end):
            break  # the close of a quoted name (“口袋公园”) is part of the noun
        end -= 1
    return end


TRAILING_YEAR = re.compile(r"(?:(?:19|20)\d\d年|连续\d+年)$")  # 粮食总产量连续9年稳定在…


def strip_measure_words(left: str) -> tuple[str, list[str]]:
    """The text before a figure without its trailing measure words, and the roles of those words,
    nearest the figure first. A share word (比重, 占比) ends the stripping and stays in the subject."""
    roles: list[str] = []
    while left:
        word_role = next((wr for wr in TAIL_WORDS_BY_LAST.get(left[-1], ()) if left.endswith(wr[0])), None)
        if word_role is None:
            year = TRAILING_YEAR.search(left)  # 国内生产总值2000年达89404亿元
            if year is None:
                break
            word_role = (year.group(), "neutral")
        roles.append(word_role[1])
        if word_role[1] == "share":
            break
        left = left[: -len(word_role[0])]
    return left, roles


def _role_of(word: str) -> str:
    return "decrease" if word in MEASURE_WORDS["decrease"] else "growth"


def signed(q, roles: list[str]):
    """The figure, negative when it is a fall in percentage points: 下降0.3个百分点 → -0.3.

    CONTRACT: value is the figure as written; a percentage-point change has no measure of its own
    for a fall (decrease is for percent), so its direction is kept in the sign. Only pp figures
    are signed; 下降3% stays 3 with measure decrease."""
    if not (q.dimension == "pp" or "百分点" in (q.unit or "")) or q.value < 0 or _nearest_change(roles) != "decrease":
        return q
    factor = q.value_base / q.value if q.value and q.value_base is not None else 1.0
    if q.value_high is not None:   # 下降0.2－0.3个百分点 → -0.3 … -0.2
        return replace(q, value=-q.value_high, value_high=-q.value, value_base=-q.value_high * factor)
    return replace(q, value=-q.value, value_base=-q.value * factor)


def _nearest_change(roles: list[str]) -> str | None:
    """growth or decrease: the change word nearest the figure; None for a level reached (降到3%)."""
    for role in roles:
        if role == "reach":
            return None
        if role in ("growth", "decrease"):
            return role
    return None


def measure_of(q, roles: list[str], subject: str) -> str:
    """growth, decrease, share, change_pp, rank or level, from the unit and the words before it."""
    unit = q.unit or ""
    if q.dimension == "rank" or (unit in ORDINAL_UNITS and (RANK_CONTEXT.search(subject) or "rank" in roles)):
        return "rank"  # 第63位; 排名由40位提升至13位 — but 招聘教师2930名 is a count
    if q.dimension == "pp" or "百分点" in unit:
        return "change_pp"
    reached = False
    nearest = None
    for role in roles:
        if role == "reach":
            reached = True
        elif role not in ("neutral", "base", "total", "flat"):
            nearest = role
            break
    if reached and nearest in ("growth", "decrease"):
        nearest = None                    # 比例上升至87.2%, 降低到3%: the level reached
    if nearest == "decrease" or (nearest is None and subject.endswith("降幅")):
        return "decrease"
    if q.dimension in ("percent", "ratio_times"):
        if nearest == "growth" or (nearest is None and subject.endswith(GROWTH_SUBJECT_ENDS)):
            return "growth"
        return "share" if q.dimension == "percent" else "level"
    if nearest == "growth" and "base" in roles:
        return "growth"   # 财政赤字…，比去年增加5600亿元: the change against last year, not the deficit
    return "level"


GROWTH_SUBJECT_ENDS = ("增速", "增幅", "涨幅", "增长", "增长率", "增长速度")


def qualifier_of(clause_words: list[str], q) -> str | None:
    words = [*clause_words, q.pre_qualifier, q.post_qualifier]
    words = [w for w in words if w]
    return "…".join(dict.fromkeys(words)) or None


def respectively_statements(text: str, c_start: int, list_end: int, respectively: int, values: list,
                            all_quantities: list) -> list[Statement]:
    """营收过100亿元、50亿元企业分别达到6家和9家 → two statements quoting the whole clause.

    The list of subjects is text[c_start:list_end]: up to 分别, or the clause before it."""
    pre_start = c_start
    lead = SUBJECT_LEAD.match(text, pre_start, list_end)
    if lead:
        pre_start = lead.end()
    items = _list_items(text, pre_start, list_end)
    between = text[respectively + 2: values[0].start] if values else ""
    _, roles = strip_measure_words(between)
    subjects = _item_subjects(text, items, all_quantities)
    whole = text[pre_start:list_end].strip(SUBJECT_TRIM)
    if len(values) == 1 and len(subjects) == 1 and paired_parts(whole):
        # 城乡居民人均可支配收入分别增长8.5%左右: each of the pair by the one figure.
        subjects = paired_parts(whole)
        values = values * len(subjects)
    elif len(subjects) != len(values):
        subjects = _paired_subjects(whole, len(values))
    clause_words = CLAUSE_QUALIFIER.findall(text, c_start, respectively)
    quote_end = values[-1].end if values else respectively
    return [
        Statement(signed(v, roles), subject, measure_of(v, roles, subject), qualifier_of(clause_words, v),
                  pre_start, quote_end)
        for v, subject in zip(values, subjects)
    ]


LIST_ITEM_BREAK = re.compile(r"、|和|及|与")
PAIR_WORDS = {row["word"]: row["parts"].split("|") for row in knowledge.rows("pair_words.csv")}


def paired_parts(subject: str) -> list[str]:
    """城乡居民人均可支配收入 → [城镇居民人均可支配收入, 农村居民人均可支配收入] (knowledge/pair_words.csv);
    [] for a subject that stands for no pair."""
    for word, parts in PAIR_WORDS.items():
        if subject.startswith(word) and len(subject) > len(word):
            return [part + subject[len(word):] for part in parts]
    return []


def _paired_subjects(subject: str, n_values: int) -> list[str]:
    """One subject for several values: 城乡居民人均可支配收入 with two values is 城镇… and 农村…;
    any other subject is the same for every value."""
    parts = paired_parts(subject)
    return parts if len(parts) == n_values else [subject] * n_values


def _list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    items, item_start = [], start
    for m in LIST_ITEM_BREAK.finditer(text, start, end):
        items.append((item_start, m.start()))
        item_start = m.end()
    items.append((item_start, end))
    return [(s, e) for s, e in items if e > s]


def _item_subjects(text: str, items: list[tuple[int, int]], all_quantities: list) -> list[str]:
    """Subjects of a 分别-list: the words the items share are given back to each item.

    营收过100亿元、50亿元企业 → 营收过100亿元企业, 营收过50亿元企业;
    城镇、农村居民人均可支配收入 → 城镇居民人均可支配收入, 农村居民人均可支配收入;
    就业社保、住房保障支出 → 就业社保支出, 住房保障支出.
    """
    if len(items) < 2:
        return [text[s:e] for s, e in items]
    first_start, first_end = items[0]
    last_start, last_end = items[-1]
    first_q = [q for q in all_quantities if first_start <= q.start < first_end]
    last_q = [q for q in all_quantities if last_start <= q.start < last_end]
    head = text[first_start:first_q[0].number_start] if first_q else ""
    tail = text[last_q[-1].end:last_end] if last_q else ""
    subjects = []
    if first_q or last_q:
        for s, e in items:
            item = text[s:e]
            has_q = any(s <= q.start < e for q in all_quantities)
            prefix = head if (has_q and text[s].isdigit()) else ""
            suffix = tail if (has_q and not item.endswith(tail)) else ""
            subjects.append(prefix + item + suffix)
        return subjects
    last_item = text[last_start:last_end]
    last_tokens = catalog.cut(last_item)
    for s, e in items[:-1]:
        item = text[s:e]
        if len(item) <= 2 and len(last_item) > 2 * len(item):
            subjects.append(item + last_item[len(item):])  # 城镇、农村居民… : parallel modifiers
        elif (len(last_tokens) > 1 and item[-1] != last_item[-1]  # 就业社保、住房保障支出: no head of its own
              and not catalog.catalog_metric(item, "level", None)):  # but 城镇调查失业率 is whole
            subjects.append(item + with_head_modifier(last_item, last_tokens[-1]))
        else:
            subjects.append(item)
    subjects.append(text[last_start:last_end])
    return subjects


# --- periods ---------------------------------------------------------------------------------

def last_period_cue(found_in_order: list[re.Match]) -> re.Match | None:
    """The period word that governs what follows: the last one, but 年均/累计/已经/比上年/全年 only
    when no word names the years (2013年以来，累计… is 2013–2017, not an open span; 2019年…比上年增长
    is 2019's change). An average (年均) is never one year's: after a word that names one year it
    governs (刚刚过去的2022年，…年均增长6.3% is a span)."""
    cue = None
    for found in found_in_order:
        if (cue is None or not _is_weak_cue(found) or _is_weak_cue(cue)
                or (found.group("average") and _names_one_year(cue))):
            cue = found
    return cue


def _names_one_year(cue: re.Match) -> bool:
    return bool(cue.group("last") or cue.group("year") or cue.group("this") or cue.group("one_year"))


def _is_weak_cue(cue: re.Match) -> bool:
    return cue.group("span") in WEAK_PERIOD_WORDS or cue.group("one_year") is not None


def period_of(cue: re.Match | None, part: str, para: Paragraph, year: int
              ) -> tuple[str, tuple[int | None, int | None, int | None]]:
    """(kind, (period_year, period_start, period_end)) of a figure governed by period word `cue`.

    The paragraph's part decides unless the sentence, before the figure, names another period;
    the last such word wins (过去五年…；2017年… gives the 2017 figures to 2017); a sentence
    without figures that names a period speaks for the sentence after it.
    """
    kind = PART_PERIOD[part]
    if part in ("review", "plan", "self_building"):
        period = (year - 1, None, None) if kind == "result" else (year, None, None)
    else:
        default = (year - 5, year - 1) if kind == "result" else (year, year + 4)
        period = (None, para.period_start or default[0], para.period_end or default[1])
    if cue is None:
        return kind, period
    if cue.group("last") or (cue.group("year") and int(cue.group("year")) == year - 1):
        return "result", (year - 1, None, None)
    if cue.group("one_year"):
        # A one-year change: last year's in any review (a five-year review too), this year's in a plan.
        return ("result", (year - 1, None, None)) if kind == "result" else (kind, period)
    if cue.group("this") or (cue.group("year") and int(cue.group("year")) == year):
        return ("target", (year, None, None)) if kind == "target" else (kind, period)
    if cue.group("compared"):
        base = int(cue.group("base_year"))
        if base < year - 2:  # 比2002年增长65.5% in 2008: growth over 2003–2007
            return "result", (None, base + 1, year - 1)
        if base == year - 2:  # 较2020年增加36天 in 2022: last year's change
            return "result", (year - 1, None, None)
        return kind, period
    if cue.group("year") and int(cue.group("year")) < year - 1:
        return "result", (int(cue.group("year")), None, None)  # 从1997年的7.4万亿元…
    if cue.group("until"):
        until = int(cue.group("until_year"))
        if until > year:
            return "target", (None, year, until)
        return kind, period
    if cue.group("span"):
        words = cue.group("span")
        if kind == "target" and part in ("plan", "self_building") and words in ("累计", "已经"):
            return "result", (year - 1, None, None)
        if cue.group("since"):
            return "result", (None, int(cue.group("since")), year - 1)
        if cue.group("plan"):
            from pipeline.segment import five_year_plan_span
            start, end = five_year_plan_span(10 + PLAN_NUMBERS[cue.group("plan")])
            return ("result" if end < year else "target"), (None, start, end)
        if words in ("过去五年", "五年来", "近五年"):
            return "result", (None, year - 5, year - 1)
        if kind == "result":  # 年均, 累计 in a review: a span the paragraph gives, or ending N-1
            if period[0] is None:
                return kind, period
            return "result", (None, para.period_start if para.period_start != year - 1 else None, year - 1)
    return kind, period


# --- rows ------------------------------------------------------------------------------------

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
