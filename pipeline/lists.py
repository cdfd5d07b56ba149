"""Lists of subjects and figures: 分别-lists paired item by item, one figure shared by a list of
subjects (绿色化工、食品加工、装备制造营收突破1000亿元), and a pair written as one (城乡 → 城镇, 农村:
knowledge/pair_words.csv).
"""
from __future__ import annotations

import re

from reportcmp.pipeline import catalog, knowledge
from reportcmp.pipeline.grammar import (CLAUSE_QUALIFIER, COUNT_VERB_AT, SHARED_HEAD_AT_END, Statement, _any_word_of,
                              measure_of, qualifier_of, signed, strip_measure_words)
from reportcmp.pipeline.subjects import SUBJECT_LEAD, SUBJECT_TRIM, without_lead


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


# A comma parts the items only of a list of clauses each a subject and its own figure (statements.py).
LIST_ITEM_BREAK = re.compile(r"、|和|及|与|，|,")
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


def _subjects_with_own_figures(text: str, items: list[tuple[int, int]], all_quantities: list) -> list[str]:
    """城镇居民人均可支配收入9762元、农民人均纯收入3410元，分别增长23.5%和17.3% → [城镇居民人均可支配收入,
    农民人均纯收入]: each item is a subject and its own figure, which ends it (a level stated on its own),
    so the figures after 分别 are those subjects'; [] when an item goes on after its figure (营收过100亿元、
    50亿元|企业: thresholds of one subject) or is no subject without it."""
    subjects = []
    for start, end in items:
        inside = [q for q in all_quantities if start <= q.start and q.end <= end]
        if not inside or text[inside[-1].end:end].strip(SUBJECT_TRIM):
            return []
        subject = without_lead(strip_measure_words(text[start:inside[-1].number_start])[0])
        if len(subject) < 2 or any(ch.isdigit() for ch in subject):
            return []
        subjects.append(subject)
    return subjects


def ends_in_figure(text: str, start: int, end: int, all_quantities: list) -> bool:
    """text[start:end] lists subjects each with its figure last: 农民人均纯收入4861元 (not 增长11.1%,
    nor 是2011年的1.52倍)."""
    return bool(_subjects_with_own_figures(text, _list_items(text, start, end), all_quantities))


def list_items(text: str, start: int, end: int) -> int:
    """How many items text[start:end] lists."""
    return len(_list_items(text, start, end))


def _item_subjects(text: str, items: list[tuple[int, int]], all_quantities: list) -> list[str]:
    """Subjects of a 分别-list: the words the items share are given back to each item.

    营收过100亿元、50亿元企业 → 营收过100亿元企业, 营收过50亿元企业;
    城镇、农村居民人均可支配收入 → 城镇居民人均可支配收入, 农村居民人均可支配收入;
    就业社保、住房保障支出 → 就业社保支出, 住房保障支出.
    """
    if len(items) < 2:
        return [text[s:e] for s, e in items]
    own = _subjects_with_own_figures(text, items, all_quantities)
    if own:
        return own
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
