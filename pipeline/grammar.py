"""The words and spans a statement is built from: clauses, measure words, qualifiers, the subject's end.

What the words right before a figure say of it (增长 → growth, 下降 → decrease, 比重 → share, 个百分点 →
change_pp, 第N位 → rank, else level) is data: knowledge/measure_words.csv; the bounds and hedges
of a figure and its clause: knowledge/qualifiers.csv. `Statement` is a figure with what it
measures, before its period and key are decided (pipeline/extract.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from reportcmp.pipeline import knowledge, numbers


CLAUSE_BREAK = "，,；;：:。！？!?\n"


def own_clause(quote: str) -> str:
    """A statement's own clause: its quote after the last clause break (新增规上企业20家，|总数达到150家)."""
    cut = max(quote.rfind(char) for char in CLAUSE_BREAK)
    return quote[cut + 1:]


LIST_BREAK = "、"
MEASURE_ROLES = ("growth", "decrease", "share", "rank", "reach", "base", "neutral", "total", "flat", "flat_about")


def _measure_words() -> dict[str, list[str]]:
    """role -> words of knowledge/measure_words.csv (what the words before a figure say of it), in
    file order."""
    words: dict[str, list[str]] = {role: [] for role in MEASURE_ROLES}
    for row in knowledge.rows("measure_words.csv"):
        if row["role"] not in words:
            raise knowledge.KnowledgeError(f"knowledge/measure_words.csv: unknown role {row['role']!r} of {row['word']!r}")
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


MOVEMENT_ROLES = ("change", "movement", "from", "not_from")


def movement_words(role: str) -> list[str]:
    """The words of knowledge/movement_words.csv (a movement from one figure to another: 由3.02张增加到
    4.17张) with `role`, in file order."""
    return _words_of_role("movement_words.csv", "word", MOVEMENT_ROLES, role)


def _words_of_role(name: str, column: str, roles: tuple[str, ...], role: str) -> list[str]:
    """The `column` of the rows of knowledge file `name` with `role`, in file order; every role known."""
    rows = knowledge.rows(name)
    unknown = sorted(({row["role"] for row in rows} | {role}) - set(roles))
    if unknown:
        raise knowledge.KnowledgeError(f"knowledge/{name}: unknown roles {unknown}")
    return [row[column] for row in rows if row["role"] == role]


def _qualifier_words(**wanted: str) -> list[str]:
    """Words of knowledge/qualifiers.csv whose columns have the values given, longest first."""
    found = {row["word"] for row in knowledge.rows("qualifiers.csv")
             if all(row[column] == value for column, value in wanted.items())}
    return sorted(found, key=lambda word: (-len(word), word))


# Clause words that bound or hedge a figure, kept in `qualifier` with the figure's own.
CLAUSE_QUALIFIER = re.compile("|".join(map(re.escape, _qualifier_words(position="clause"))))
ASPIRATION_WORDS = tuple(_qualifier_words(aspiration="yes"))
# Qualifiers written right after a figure (以上, 左右): programs.py reads a count followed by one as a count.
POST_QUALIFIERS = tuple(_qualifier_words(position="post"))
ORDINAL_UNITS = frozenset({"位", "名"})
# Words of a subject that make 位/名 a rank, not a count: 排名由40位提升至13位 (招聘教师2930名 counts).
RANK_CONTEXT = re.compile("|".join(map(re.escape, numbers.rank_words("subject"))))


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


def _any_word_of(name: str) -> str:
    """A regex alternative of the words of a knowledge word list, longest first (so it wins)."""
    return "(?:" + "|".join(sorted(map(re.escape, knowledge.words(name)), key=len, reverse=True)) + ")"


SHARED_HEAD_AT_END = re.compile(_any_word_of("shared_heads.txt") + "$")
COUNT_VERB_AT = re.compile(_any_word_of("count_verbs.txt"))
COUNT_VERB_BEFORE = re.compile(_any_word_of("count_verbs.txt") + "$")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff" or ch in "“《")


def clause_span(text: str, pos: int, s_start: int, s_end: int) -> tuple[int, int]:
    start = pos
    while start > s_start and text[start - 1] not in CLAUSE_BREAK:
        start -= 1
    end = pos
    while end < s_end and text[end] not in CLAUSE_BREAK:
        end += 1
    return start, end


MEASURE_VERB_AT = re.compile("|".join(MEASURE_WORDS["growth"] + MEASURE_WORDS["decrease"]))

FIGURE_WORD_ROLES = ("class_bound", "stated_after_bound", "milestone", "target_reference", "compared_with",
                     "restated_target", "target_in_brackets", "frame_open", "not_frame_open", "frame_end", "base_frame_end",
                     "investment", "investment_pre", "investment_post")


def figure_words(role: str) -> list[str]:
    """The patterns of knowledge/figure_words.csv with `role`, in file order."""
    return _words_of_role("figure_words.csv", "pattern", FIGURE_WORD_ROLES, role)


# The end of a frame 在… opens (在去年市核任务的基础上|增长8.1%): knowledge/figure_words.csv, role frame_end.
FRAME_END = re.compile("|".join(figure_words("frame_end")))
BASE_FRAME_END = re.compile("|".join(figure_words("base_frame_end")))
FRAME_AFTER = re.compile(f"[)）]?的?(?:{FRAME_END.pattern})")   # right after a figure inside the frame
_FRAME_OPEN = re.compile(f"(?:{'|'.join(figure_words('not_frame_open'))})|(?P<open>{'|'.join(figure_words('frame_open'))})")


def frame_open_at(text: str, start: int, end: int) -> int:
    """Where the last frame opening of text[start:end] stands (在 of 在…的情况下), not a 在 of another word (存在, 正在,
    稳定在, 在建): knowledge/figure_words.csv, roles frame_open and not_frame_open; -1 when there is none."""
    found = -1
    for m in _FRAME_OPEN.finditer(text, start, end):
        if m.group("open"):
            found = m.start()
    return found


# After a bound, words that end a statement rather than name a class: 赤字率拟按3.6%以上安排.
STATED_AFTER_BOUND = re.compile("|".join(figure_words("stated_after_bound")) + "|" + MEASURE_VERB_AT.pattern)
# 粮食总产量连续9年稳定在…: N years running (knowledge/period_words.csv, role running; read here, not
# through periods.period_words, since periods imports this module).
_RUNNING = "|".join(map(re.escape, (row["word"] for row in knowledge.rows("period_words.csv")
                                    if row["role"] == "running")))
TRAILING_YEAR = re.compile(r"(?:(?:19|20)\d\d年|(?:" + _RUNNING + r")\d+年)$")


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
    if q.dimension != "pp" or q.value < 0 or _nearest_change(roles) != "decrease":
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


NO_MEASURE_ROLES = ("neutral", "base", "total", "flat", "flat_about")   # roles that say nothing of the measure


def measure_of(q, roles: list[str], subject: str) -> str:
    """growth, decrease, share, change_pp, rank or level, from the unit and the words before it."""
    unit = q.unit or ""
    if q.dimension == "rank" or (unit in ORDINAL_UNITS and (RANK_CONTEXT.search(subject) or "rank" in roles)):
        return "rank"  # 第63位; 排名由40位提升至13位 — but 招聘教师2930名 is a count
    if q.dimension == "pp":
        return "change_pp"
    reached = False
    nearest = None
    before: list[str] = []
    for at, role in enumerate(roles):
        if role == "reach":
            reached = True
        elif role not in NO_MEASURE_ROLES:
            nearest, before = role, roles[at + 1:]
            break
    if reached and nearest in ("growth", "decrease"):
        # 比例上升至87.2%, 降低到3%: the level reached; but the level a change reached is that change
        # (居民消费价格涨幅回落到2.6%, 增速提高到8%: a growth of 2.6%, of 8%)
        named = next((role for role in before if role not in NO_MEASURE_ROLES), None)
        nearest = named if named in ("growth", "decrease") else None
    if nearest == "decrease" or (nearest is None and subject.endswith(DECREASE_SUBJECT_ENDS)):
        return "decrease"
    if q.dimension in ("percent", "ratio_times"):
        if nearest == "growth" or (nearest is None and subject.endswith(GROWTH_SUBJECT_ENDS)):
            return "growth"
        return "share" if q.dimension == "percent" else "level"
    if nearest == "growth" and "base" in roles:
        return "growth"   # 财政赤字…，比去年增加5600亿元: the change against last year, not the deficit
    return "level"


def _change_names(measure: str) -> tuple[str, ...]:
    """Words that name a change of `measure` at a subject's end (knowledge/change_names.csv): 增速, 降幅."""
    rows = knowledge.rows("change_names.csv")
    if any(row["measure"] not in ("growth", "decrease") for row in rows):
        raise knowledge.KnowledgeError("knowledge/change_names.csv: measure must be growth or decrease")
    return tuple(row["word"] for row in rows if row["measure"] == measure)


GROWTH_SUBJECT_ENDS = _change_names("growth")
DECREASE_SUBJECT_ENDS = _change_names("decrease")


def qualifier_of(clause_words: list[str], q) -> str | None:
    words = [*clause_words, q.pre_qualifier, q.post_qualifier]
    words = [w for w in words if w]
    return "…".join(dict.fromkeys(words)) or None
