"""Sentences of the next report that decide a target no figure can: 约束性指标全部完成.

A target such as 不折不扣完成国家下达的约束性指标任务 or 出省境断面水质稳定保持在Ⅱ类及以上 carries no
figure; the next report decides it only when its review of that year says, of the same thing, that
it was done (约束性指标全部完成), that it still holds (三大江河出省境断面水质保持在Ⅱ类及以上) or that it
was not (预期增长目标未能实现). A sentence decides a target when one of its clauses carries a verdict
word of the kind the target needs (knowledge/verdict_words.csv) and the sentence, up to that clause,
names a word of the target that is not generic: 全年主要目标任务顺利完成 names no target in
particular and decides none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Iterator

from reportcmp.pipeline import catalog, knowledge

ROLES = ("completion", "maintain", "negative", "generic", "task", "manner", "blanket")
CLAUSE_BREAK = re.compile(r"[，,；;：:]")
# A negative word this close before a verdict word turns it (未能实现, 没有完成, 未完成).
NEGATION_REACH = 2


@dataclass(frozen=True)
class Evidence:
    status: str          # met | missed
    quote: str           # the sentence from its start to the end of the deciding clause
    char_start: int
    char_end: int
    word: str            # the target's word the sentence names
    state: str = ""      # the state it writes of it (find_state: 基本平衡), empty for a verdict word


@cache
def _words() -> dict[str, tuple[str, ...]]:
    words: dict[str, list[str]] = {role: [] for role in ROLES}
    for row in knowledge.rows("verdict_words.csv"):
        if row["role"] not in words:
            raise knowledge.KnowledgeError(f"knowledge/verdict_words.csv: unknown role {row['role']!r} of {row['word']!r}; "
                             f"expected one of {', '.join(ROLES)}")
        words[row["role"]].append(row["word"])
    return {role: tuple(sorted(found, key=len, reverse=True)) for role, found in words.items()}


@cache
def _verdict_pattern(roles: tuple[str, ...]) -> re.Pattern[str]:
    wanted = sorted({w for role in roles for w in _words()[role]}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, wanted)))


# A class or a name written with letters (Ⅱ类, PM2.5): jieba cuts them apart.
LETTERED_WORD = re.compile(r"[A-Za-zⅠ-Ⅻ][A-Za-z0-9Ⅰ-Ⅻ.]*[类级]?")
QUOTE_MARKS = re.compile(r"[“”\"'‘’（）()《》]")


@cache
def distinctive_words(*phrases: str) -> tuple[str, ...]:
    """The words of a target that can tell it from another: jieba tokens of two characters or more
    without the generic and verdict words, and lettered words (Ⅱ类, PM2.5)."""
    stop = {w for found in _words().values() for w in found}
    words = []
    for phrase in phrases:
        text = QUOTE_MARKS.sub("", phrase or "")
        words += [w for w in LETTERED_WORD.findall(text) if len(w) >= 2]
        words += [t for t in (t.strip() for t in catalog.cut(text)) if len(t) >= 2 and t not in stop]
    return tuple(dict.fromkeys(words))


# A clause names a subject by this many characters of its words (生态环境 alone names 生态环境质量).
NAMED_CHARS = 4


@dataclass(frozen=True)
class Clause:
    """A clause of a review that carries a verdict word: the only clauses a target is looked for in.
    Offsets are the report's; the texts are the clause and the clause before it in its sentence."""

    start: int
    end: int                 # without the sentence's closing mark
    before: int              # where the clause before it in the sentence starts (a negative's subject)
    text: str                # text[start:end]
    text_before: str         # text[before:start]
    sentence_start: int      # where its sentence starts (a verdict of the figures before it)
    sentence_before: str     # text[sentence_start:start]
    kinds: frozenset[str]    # completion and/or maintain
    negative: bool           # a negative word right before its verdict word (未能实现)
    task: bool               # names a task (目标, 任务, 指标)


def completed_thing(predicate: str) -> str:
    """What a completion predicate completes: 全面完成省下达的约束性指标 → 省下达的约束性指标."""
    manner = "|".join(map(re.escape, _words()["manner"]))
    completion = "|".join(map(re.escape, _words()["completion"]))
    return re.sub(f"^(?:{manner})?(?:{completion})", "", predicate)


def verdict_clauses(paragraphs: list[tuple[int, str]]) -> list[Clause]:
    """The clauses of a review's paragraphs ((char_start, text) each) that carry a verdict word."""
    verdicts = _verdict_pattern(("completion", "maintain"))
    completion, maintain = set(_words()["completion"]), set(_words()["maintain"])
    tasks = _verdict_pattern(("task",))
    negations = _words()["negative"]
    found = []
    for offset, text in paragraphs:
        if verdicts.search(text) is None:
            continue
        for s_start, before, c_start, c_end in _clauses(text):
            words = list(verdicts.finditer(text, c_start, c_end))
            if not words:
                continue
            kinds = frozenset(({"completion"} if any(w.group() in completion for w in words) else set())
                              | ({"maintain"} if any(w.group() in maintain for w in words) else set()))
            lead = text[max(c_start, words[0].start() - NEGATION_REACH):words[0].start()]
            found.append(Clause(offset + c_start, offset + c_end, offset + before, text[c_start:c_end],
                                text[before:c_start], offset + s_start, text[s_start:c_start], kinds,
                                any(lead.endswith(w) for w in negations),
                                tasks.search(text, c_start, c_end) is not None))
    return found


SENTENCE_MARKS = "。；;！!？?"


def _clauses(text: str) -> Iterator[tuple[int, int, int, int]]:
    """(sentence start, the clause before's start, clause start, clause end without a closing mark) of every
    clause of every sentence of a paragraph's text."""
    from reportcmp.pipeline.segment import sentences

    for s_start, s_end in sentences(text, 0, len(text)):
        bounds = [s_start, *(m.start() + 1 for m in CLAUSE_BREAK.finditer(text, s_start, s_end)), s_end + 1]
        for i in range(len(bounds) - 1):
            c_start, c_end = bounds[i], bounds[i + 1] - 1
            while c_end > c_start and text[c_end - 1] in SENTENCE_MARKS:
                c_end -= 1
            yield s_start, bounds[i - 1] if i > 0 else c_start, c_start, c_end


def _names_enough(named: list[str], subject_words: tuple[str, ...], object_words: tuple[str, ...]) -> bool:
    """One subject word beside a named object (Ⅱ类); else two of the subject's words (all when it
    has fewer), or words of four characters or more: one 2-character word of a long subject (减排 of
    节能减排减污降碳) is too little."""
    if not subject_words:
        return True
    if object_words:
        return bool(named)
    return len(named) >= min(2, len(subject_words)) or sum(map(len, named)) >= NAMED_CHARS


def find(clauses: list[Clause], subject_words: tuple[str, ...], object_words: tuple[str, ...],
         judged: str, negative_only: bool = False, spelled=None) -> Evidence | None:
    """The first of a review's verdict clauses (verdict_clauses) that decides a target.

    judged: completion (a clause with a completion word and a task word: 约束性指标全部完成) or
    maintain (a clause with a word of holding: 水质保持在Ⅱ类及以上). The clause must name the target:
    every one of `object_words` (what is held: Ⅱ类, 方阵) and enough of `subject_words`
    (_names_enough). negative_only: only a clause saying the target was not reached decides, and it
    may name the subject in the clause before (去年我国进出口总额出现下降，预期增长目标未能实现).
    spelled: the subject words' spellings made one (match.normalize_subject: GDP → 地区生产总值), a clause
    naming a word in either spelling names it (万元GDP能耗 names 单位生产总值能耗's 生产总值)."""
    if not subject_words and not object_words:
        return None
    for clause in clauses:
        if judged not in clause.kinds or (judged == "completion" and not clause.task):
            continue
        if negative_only and not clause.negative:
            continue
        scope, scope_start = (clause.text_before + clause.text, clause.before) if clause.negative \
            else (clause.text, clause.start)
        if not clause.negative and not distinctive_words(_verdict_pattern(ROLES).sub("", clause.text)) \
                and _verdict_pattern(("blanket",)).search(clause.text) is None:
            # …万元GDP能耗下降4.63%，二氧化硫、化学需氧量排放分别削减…，全面完成了省定目标任务: a verdict
            # naming nothing of its own is of what its sentence stated before it
            scope, scope_start = clause.sentence_before + clause.text, clause.sentence_start
        if not all(w in scope for w in object_words):
            continue
        respelled = spelled(scope) if spelled is not None else scope
        named = [w for w in subject_words if w in scope or w in respelled]
        if _names_enough(named, subject_words, object_words):
            return Evidence("missed" if clause.negative else "met", scope, scope_start, clause.end,
                            "、".join(named or object_words))
    return None


# How far after the subject's last word the state it is in may be written (国际收支|基本平衡, 生态环境质量|明显改善,
# 宏观杠杆率|趋于稳定): a few words of manner, no more (…质量改善的基础还不稳固 is another thing).
MAX_STATE_GAP = 4


@cache
def _states() -> tuple[tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]], ...]:
    return tuple((re.compile(row["promise"]), re.compile(row["held"]), re.compile(row["not_held"]))
                 for row in knowledge.rows("state_words.csv"))


def state_promised(predicate: str | None) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """(held, not_held) for a predicate promising a state the next review can write (knowledge/state_words.csv:
    基本平衡, 持续改善, 继续下降), else None."""
    for promise, held, not_held in _states():
        if predicate and promise.search(predicate):
            return held, not_held
    return None


def find_state(paragraphs: list[tuple[int, str]], subject: str, held: re.Pattern[str], not_held: re.Pattern[str],
               spelled=None) -> Evidence | None:
    """The first clause of a review's paragraphs ((char_start, text) each) that writes the promised state of the
    target's subject: the whole subject (as written, or both respelled: spelled), then within MAX_STATE_GAP
    characters a word of the state not held (missed: 国际收支不平衡矛盾加剧), or a word of the state held that
    ends the clause (met: 国际收支基本平衡; not 生态环境质量改善的基础还不稳固, where the state is a noun's). A part
    of the subject is not it: 规上工业单位增加值能耗下降 does not say 单位地区生产总值能耗 fell."""
    if len(subject) < 2:
        return None
    wanted = spelled(subject) if spelled is not None else subject
    for offset, text in paragraphs:
        for _, _, c_start, c_end in _clauses(text):
            clause = text[c_start:c_end]
            at = clause.find(subject)
            if at >= 0:
                rest = clause[at + len(subject):]
            elif spelled is not None and (at := spelled(clause).find(wanted)) >= 0:
                rest = spelled(clause)[at + len(wanted):]
            else:
                continue
            state = not_held.search(rest[:MAX_STATE_GAP + 3])
            status = "missed"
            if state is None or state.start() > MAX_STATE_GAP:
                state, status = _ending(held, rest), "met"
            if state is not None and state.start() <= MAX_STATE_GAP:
                return Evidence(status, clause, offset + c_start, offset + c_end, subject, state.group())
    return None


def _ending(held: re.Pattern[str], rest: str) -> re.Match[str] | None:
    """The word of the held state that ends what follows the subject (明显|改善), else None."""
    return next((m for m in held.finditer(rest) if m.end() == len(rest)), None)
