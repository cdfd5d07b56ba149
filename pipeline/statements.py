"""The statements of one sentence: one per figure, its subject found by walking back from it over its
clause (改造老旧小区136个) or read after it (136个老旧小区), or taken from the statement before when its
own words name nothing (完成投资, 省级, 高于全国); lists are pipeline/lists.py.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from reportcmp.pipeline import catalog, knowledge, numbers, passage
from reportcmp.pipeline.figures import (BOUND_WORDS, COUNT_BEFORE_NOUN, INVESTMENT_OF_NOUN, INVESTMENT_WORD_END,
                              NOT_A_LIST_JOIN)
from reportcmp.pipeline.grammar import (ASPIRATION_WORDS, CLAUSE_BREAK, CLAUSE_QUALIFIER, FRAME_AFTER, FRAME_END,
                              LIST_BREAK, MEASURE_VERB_AT, frame_open_at,
                              MEASURE_WORDS, SHARED_HEAD_AT_END, Statement, _any_word_of, _is_cjk, _role_of,
                              clause_span, measure_of, movement_words, qualifier_of, signed, strip_measure_words)
from reportcmp.pipeline.lists import (EACH_WORDS, _value_group, ends_in_figure, list_items, respectively_statements,
                                      shared_figure_statements)
from reportcmp.pipeline.periods import BASE_OF_YEAR_AT_END, CHANGED_TO
from reportcmp.pipeline.subjects import SUBJECT_LEAD, SUBJECT_TRIM, without_tail


COMMAS = "，,"
ETC = "等"   # ends a list (A、B等4个项目)
RATIO_BASE_END = "的"   # 为调整预算的|104%: a ratio's base, what the figure is a share of


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
                if no_list and len(last_list) == len(values) and statements and statements[-1] is last_list[-1]:
                    # …分别达到34068元、23756元，分别增长8.5%、11.5%: the same list again, when nothing was
                    # stated since (存款、贷款余额分别增长…；城镇居民人均可支配收入19431元，农民人均纯收入
                    # 7483元，分别增长10%和12.7%: the two incomes, not the deposits and loans)
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
                    # 城镇…收入达13702元，农民人均纯收入4861元，分别增长11.3%、15.3%: one clause per subject, each
                    # with its own level, back to as many clauses as figures after 分别
                    if len(values) > 1 and ends_in_figure(text, c_start, list_end, all_quantities):
                        while (c_start > s_start and text[c_start - 1] in COMMAS
                               and list_items(text, c_start, list_end) < len(values)):
                            previous = clause_span(text, c_start - 2, s_start, s_end)[0]
                            if not ends_in_figure(text, previous, c_start - 1, all_quantities):
                                break
                            c_start = previous
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
        if st.subject and not (st.measure == "share" and st.subject.endswith(RATIO_BASE_END)):
            # 为调整预算的104%, 占全市生产总值的45.7%: the base of a ratio, never what the figures after it
            # measure (…，比上年实际完成增长21% is the revenue's)
            last_subject = st
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
FLAT_WORDS = tuple(sorted(MEASURE_WORDS["flat"] + MEASURE_WORDS["flat_about"], key=len, reverse=True))
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
            post_qualifier=None, comparator="~" if flat.group() in MEASURE_WORDS["flat_about"] else "=",
            dimension="percent", text=flat.group())
        statements.append(Statement(zero, subject, "growth", flat.group(), c_start, flat.end()))
    return statements


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
    - an amount head alone after enterprises: 规模以上工业企业达7.6万家、增加值增长3% → 规模以上工业增加值
      (限上工业企业比上年增加215户，完成增加值135.1亿元 → 限上工业增加值);
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
    head = catalog.SCOPE_PREFIX.sub("", subject)   # 完成|增加值: a report verb before the head
    if SHARED_HEAD_AT_END.fullmatch(head):
        entity = ENTITY_END.search(topic)
        if entity is not None and entity.start() > 0 and not _names_nothing(topic):
            return replace(st, subject=topic[:entity.start()] + head)
        return _with_opening_words_of(st, head, topic)
    if (len(subject) <= PARALLEL_MODIFIER_MAX and subject[-1] in topic[:PARALLEL_MODIFIER_MAX + 2]
            and len(_tokens(subject)) == 1):
        first = _tokens(topic)[0]
        if first != subject and first[-1] == subject[-1] and len(subject) >= 2 and len(first) < len(topic):
            return replace(st, subject=subject + topic[len(first):])
    if len(subject) > 1 and subject in catalog.level_words() and not any(word in topic for word in catalog.level_words()):
        return replace(st, subject=subject + topic)   # 农业产业化集群达到55个，其中省级15个: 省级农业产业化集群
    if (COMPARISON_ONLY.fullmatch(subject) or _names_nothing(subject)) and not _names_nothing(topic):
        return replace(st, subject=topic + subject)
    head = SHARED_HEAD_AT_END.search(topic)
    if (head is not None and head.start() > 0 and st.quantity is not None and earlier.quantity is not None
            and st.quantity.dimension == earlier.quantity.dimension == "money"
            and not SHARED_HEAD_AT_END.search(subject)
            and not catalog.catalog_metric(subject, st.measure, st.quantity.dimension)):
        return replace(st, subject=subject + head.group())
    return st


def _with_opening_words_of(st: Statement, head: str, topic: str) -> Statement:
    """A head alone (产量) after a subject it shares its opening words with: 粮食种植面积稳定在1900万亩以上、产量稳定在
    160亿斤以上 → 粮食产量. Only into a catalog metric, the longest opening of the earlier subject's words first."""
    if st.quantity is None:
        return st
    words = _tokens(catalog.SCOPE_PREFIX.sub("", topic))
    for n in range(len(words) - 1, 0, -1):
        subject = "".join(words[:n]) + head
        if catalog.catalog_metric(subject, st.measure, st.quantity.dimension):
            return replace(st, subject=subject)
    return st


# A modifier parallel to another (省级 beside 国家级…) is a short word.
PARALLEL_MODIFIER_MAX = 4


@lru_cache(maxsize=1 << 16)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(catalog.cut(text))


# A subject that only compares the statement before with a figure outside it: 高于全国, 快于全省.
COMPARISON_ONLY = re.compile("(?:" + passage.relation_pattern() + ")(?:" + passage.outside_pattern() + ")")

# The characters of the words that name nothing (report words, generic words) and of subject trims.
NOTHING_CHARS = frozenset("".join(catalog.LONG_TAIL_NOISE) + "".join(catalog.generic_words()) + SUBJECT_TRIM
                          + catalog.GENERIC_NAME_CHARS)


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
        subject = text[noun_start:noun_end].strip(SUBJECT_TRIM) + INVESTMENT_WORD_END[0]
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
    frame = FRAME_END.search(subject)
    if frame is not None and frame.end() == len(subject):
        # 一般公共预算收入在去年市核任务（5.55亿元）的基础上增长8.1%: 在…基础上 (…的情况下) says from what
        # base, the subject is before it (and may lie before an earlier figure of the clause).
        base_at = frame_open_at(text, c_start, left_start + len(subject))
        if base_at != -1:
            left_start = min(left_start, c_start)
            subject = text[c_start:base_at].removesuffix("是")
    elif FRAME_AFTER.match(text, q.end) and (opened := frame_open_at(subject, 0, len(subject))) != -1:
        # 外贸进出口在对美贸易下降超3成|的情况下: a figure inside the frame is of what follows 在
        subject = subject[opened + 1:]
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
def _leading_verbs(when: str) -> str:
    """The verbs of knowledge/leading_verbs.csv cut `when` (always | metric), as an alternation."""
    rows = knowledge.rows("leading_verbs.csv")
    if any(row["when"] not in ("always", "metric") for row in rows):
        raise knowledge.KnowledgeError("knowledge/leading_verbs.csv: when must be always or metric")
    return "|".join(re.escape(row["word"]) for row in rows if row["when"] == when)


LEADING_VERB = re.compile("^(?:(?P<always>" + _leading_verbs("always") + ")|" + _leading_verbs("metric") + ")")


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
    # 增幅居全省第5位: the rank of the statement before's change (knowledge/rank_words.csv, roles alone_*)
    r"(?:" + "|".join(sorted(MEASURE_WORDS["growth"] + MEASURE_WORDS["decrease"], key=len, reverse=True)) + r")?"
    r"(?:" + "|".join(map(re.escape, numbers.rank_words("alone_verb"))) + r")?(?:在)?"
    r"(?:" + "|".join(map(re.escape, numbers.rank_words("alone_scope"))) + r")?"
    r"(?:" + "|".join(map(re.escape, numbers.rank_words("alone_group"))) + r")?"
)

# A from–to movement: 由/从 (not 由于, 自由, 从事…) a few words before the starting figure, and a
# change verb with 到/至 right after it: 服务业比重从45.3%上升到51.6%, 排名由托管前的40位提升至13位.
def _from_mark() -> re.Pattern[str]:
    """由/从, but not in a word where the letter beside it makes it something else (由于, 服从)."""
    marks = movement_words("from")
    others = movement_words("not_from")
    before = dict.fromkeys(w[0] for w in others if len(w) == 2 and w[1] in marks)
    after = dict.fromkeys(w[1] for w in others if len(w) == 2 and w[0] in marks)
    return re.compile(("(?<![" + "".join(before) + "])" if before else "")
                      + "(?:" + "|".join(map(re.escape, marks)) + ")"
                      + ("(?![" + "".join(after) + "])" if after else ""))


FROM_MARK = _from_mark()
FROM_PHRASE_MAX = 14
TO_AFTER = re.compile(
    r"[^，；。,;\d]{0,4}?(?:"
    + "|".join(map(re.escape, movement_words("change") + movement_words("movement"))) + r")(?:到|至)"
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
COUNTED_NOUN_STOP = re.compile("|".join(map(re.escape, knowledge.words("counted_noun_stops.txt"))))


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
    if text.startswith(LIST_BREAK, end):
        # 总投资18.3亿元的上元、北京联东等4个科技产业社区: the investment is the counted group's, named after
        # 等, when that names a kind of thing; not when the items carry their own (投资58亿元的A、投资12亿元的B等…)
        clause_end = clause_span(text, end, end, len(text))[1]
        etc = text.find(ETC, end, clause_end)
        kind = COUNT_BEFORE_NOUN.match(text, etc + 1) if etc != -1 else None
        if kind is not None and not any(ch.isdigit() for ch in text[end:etc]):
            kind_end = _noun_end(text, kind.end())
            if kind_end > kind.end() and not _names_nothing(text[kind.end():kind_end]):   # not 等25个|项目
                return kind.end(), kind_end
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
