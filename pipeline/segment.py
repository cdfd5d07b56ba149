"""Split a cleaned report into paragraphs and say which part and which years each speaks about.

A report of report_year N looks back on N-1 (review), sets the work and targets of N (plan), and
in some years looks back on or ahead to a five-year span. Headings say which is which most of the
time, but not always: some carry no year (一、一年接着一年干…), some mix periods
(“十四五”时期和2025年工作回顾), some reports number their parts and some do not. So a part is
decided from the heading first, then from the first lines under it, then from its place in the
report; inside a heading that mixes periods each paragraph is read on its own.
The words that signal a part live in knowledge/part_words.csv and heading_words.csv, those of periods
and plans in period_words.csv.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reportcmp.pipeline import knowledge
from reportcmp.pipeline.periods import period_words
from reportcmp.pipeline.records import InputError, Paragraph


def _alternation(words) -> str:
    return "|".join(map(re.escape, words))


HEADING_ROLES = ("heading_end", "part", "period", "self_building", "review", "plan")


def heading_pattern(role: str) -> str:
    """The patterns of knowledge/heading_words.csv with `role`, as one alternation."""
    rows = knowledge.rows("heading_words.csv")
    unknown = sorted(({row["role"] for row in rows} | {role}) - set(HEADING_ROLES))
    if unknown:
        raise knowledge.KnowledgeError(f"knowledge/heading_words.csv: unknown roles {unknown}")
    return "(?:" + "|".join(row["pattern"] for row in rows if row["role"] == role) + ")"


# A part heading is a short line; longer ones are body text (or, in some crawled reports, a
# heading with its first paragraph run on: 一、2010年工作回顾过去的一年，…).
MAX_HEADING_CHARS = 40
CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUMBERED = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*")
SUBSECTION = re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]")
# 站在新起点：2012年工作回顾 — a motto, a colon, the heading proper.
MOTTO_HEADING = re.compile(r"^[\u4e00-\u9fff]{2,8}：[^。；！]{4,36}$")
YEAR = re.compile(r"((?:19|20)\d\d)年(?!" + _alternation(period_words("not_year")) + ")")
CN_YEAR = re.compile(r"([二][〇○零O0][〇○零O0一二三四五六七八九]{2})年")
# “十四五”, 十二五规划, “九五”时期; 十五五开好局 is about the plan's first year (knowledge/period_words.csv).
FIVE_YEAR = re.compile(
    r"“?(十[一二三四五六七八九]?|[一二三四五六七八九])五”?"
    r"(?=" + _alternation(period_words("plan_named")) + "|”|$)"
)
FIRST_YEAR_WORDS = re.compile(r"^”?(?:" + _alternation(period_words("plan_first_year")) + ")")
LAST_YEAR_WORDS = re.compile(r"^”?(?:" + _alternation(period_words("plan_last_year")) + ")")
SENTENCE_END = re.compile(r"[。！？；!?;]")
PART_PATTERN_FILE = "part_words.csv"
HEADING_WORD = re.compile(heading_pattern("heading_end"))
SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*")
# A page field, not a motto (knowledge/page_clutter.csv, role label_start): 来源：人民网.
CLUTTER_LABEL = re.compile("(?:" + "|".join(row["pattern"] for row in knowledge.rows("page_clutter.csv")
                                            if row["role"] == "label_start") + ")")
NOT_A_HEADING = re.compile(r"政府工作报告|人民代表大会|[。；！]$|：$")


@dataclass(frozen=True)
class Cue:
    """One signal of a part inside a heading or a line: where it is and the years it implies."""

    position: int
    part: str
    strong: bool
    period_start: int | None
    period_end: int | None


@dataclass(frozen=True)
class Heading:
    """A top-level heading: the line it is on and the words that name the part."""

    line: int                 # index into lines(text)
    words: str                # the heading itself, without a run-on first paragraph
    numbered: bool


@lru_cache(maxsize=1)
def part_words() -> tuple[tuple[str, bool, re.Pattern[str]], ...]:
    """(part, strong, pattern) rows from knowledge/part_words.csv, in file order."""
    rows = knowledge.rows(PART_PATTERN_FILE)
    return tuple((r["part"], r["strength"] == "strong", re.compile(r["pattern"])) for r in rows)


def chinese_number(numeral: str) -> int:
    """十四 → 14, 十 → 10, 九 → 9 (the numerals of plan and heading numbers)."""
    if "十" not in numeral:
        return CN_DIGITS[numeral]
    tens, _, ones = numeral.partition("十")
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def chinese_year(numeral: str) -> int:
    """二〇一二 / 二O一二 / 二0一二 → 2012."""
    digits = {"〇": 0, "○": 0, "零": 0, "O": 0, "0": 0, **CN_DIGITS}
    return int("".join(str(digits[c]) for c in numeral))


def five_year_plan_span(number: int) -> tuple[int, int]:
    """The years of the n-th five-year plan: 九五 1996–2000, 十四五 2021–2025, 十五五 2026–2030.

    From the third plan on they follow each other without gaps (1963–65 was an adjustment period).
    """
    if number <= 2:
        start = 1953 + 5 * (number - 1)
    else:
        start = 1966 + 5 * (number - 3)
    return start, start + 4


def lines(text: str) -> list[tuple[int, int]]:
    """Spans of the non-empty lines of `text`, with surrounding blanks (also full-width) trimmed."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def years_named(snippet: str) -> list[tuple[int, int]]:
    """(position, year) of the years written in a snippet, Arabic or Chinese (二〇二四年)."""
    found = [(m.start(), int(m.group(1))) for m in YEAR.finditer(snippet)]
    found += [(m.start(), chinese_year(m.group(1))) for m in CN_YEAR.finditer(snippet)]
    return sorted(found)


def cues(snippet: str, report_year: int) -> list[Cue]:
    """Every signal of a part in a heading or the head of a paragraph, in order of position."""
    n = report_year
    found: list[Cue] = []
    for position, year in years_named(snippet):
        if year == n - 1:
            found.append(Cue(position, "review", True, n - 1, n - 1))
        elif year == n:
            found.append(Cue(position, "plan", True, n, n))
    for match in FIVE_YEAR.finditer(snippet):
        start, end = five_year_plan_span(chinese_number(match.group(1)))
        after = snippet[match.end():]
        if FIRST_YEAR_WORDS.match(after):
            start = end = start
        elif LAST_YEAR_WORDS.match(after):
            start = end = end
        if start == end == n:
            found.append(Cue(match.start(), "plan", True, n, n))
        elif start == end == n - 1:
            found.append(Cue(match.start(), "review", True, n - 1, n - 1))
        elif end < n:
            found.append(Cue(match.start(), "five_year_review", True, start, end))
        elif start >= n:
            found.append(Cue(match.start(), "five_year_plan", True, start, end))
    for part, strong, pattern in part_words():
        for match in pattern.finditer(snippet):
            found.append(Cue(match.start(), part, strong, *default_period(part, n, match.group())))
    return sorted(found, key=lambda cue: cue.position)


def default_period(part: str, report_year: int, words: str = "") -> tuple[int | None, int | None]:
    """The span a part speaks about when its heading names no years: 过去六年 → N-6..N-1."""
    n = report_year
    if part == "review":
        return n - 1, n - 1
    if part in ("plan", "self_building"):
        return n, n
    if part == "five_year_review":
        span = {"六": 6, "七": 7, "八": 8}.get(next((c for c in words if c in "六七八"), ""), 5)
        return n - span, n - 1
    if part == "five_year_plan":
        return n, n + 4
    return None, None


def parts_named(snippet: str, report_year: int, *, strong_only: bool = False) -> list[Cue]:
    """The parts a heading names, in order, one cue per part.

    The government's own conduct wins outright; named years and periods outrank plain words
    (“十五五”时期主要目标任务 is a five-year plan although 目标任务 alone would say plan).
    """
    found = cues(snippet, report_year)
    if any(c.part == "self_building" for c in found) and not strong_only:
        return [next(c for c in found if c.part == "self_building")]
    strong = [c for c in found if c.strong and c.part != "self_building"]
    chosen = strong or ([] if strong_only else [c for c in found if c.part != "self_building"])
    parts: list[Cue] = []
    for cue in chosen:
        if cue.part not in {c.part for c in parts}:
            parts.append(cue)
    return parts


def heading_words(line: str) -> str:
    """The heading proper: a run-on first paragraph (一、2010年工作回顾过去的一年，…) cut off."""
    if len(line) <= MAX_HEADING_CHARS:
        return line
    head = line[:MAX_HEADING_CHARS]
    cut = re.search(r"[，。：；]", head)
    if cut:
        head = head[: cut.start()]
    # Keep up to the last word that names a part or a period (…工作回顾 | 回顾“十三五”).
    ends = [m.end() for m in HEADING_WORD.finditer(head)]
    ends += [m.end() for m in YEAR.finditer(head)] + [m.end() for m in FIVE_YEAR.finditer(head)]
    return head[: max(ends)] if ends else head


def find_headings(text: str, spans: list[tuple[int, int]] | None = None) -> list[Heading]:
    """Top-level headings: numbered 一、二、三… in sequence, or short unnumbered ones that name a part.

    When a report names its parts without numbers (2004年工作回顾 / 2005年主要任务), its numbered
    lines are subsections of those parts, not parts.
    """
    spans = lines(text) if spans is None else spans
    numbered: list[Heading] = []
    unnumbered: list[Heading] = []
    mottos: list[Heading] = []
    expected = 1
    for index, (start, end) in enumerate(spans):
        line = text[start:end]
        match = NUMBERED.match(line)
        if match:
            number = chinese_number_or_none(match.group(1))
            words = heading_words(line)
            short_heading = len(line) <= MAX_HEADING_CHARS and not line.endswith("。")
            run_on_heading = len(line) > MAX_HEADING_CHARS and (
                HEADING_WORD.search(words) or years_named(words) or FIVE_YEAR.search(words))
            if number == expected and (short_heading or run_on_heading):
                numbered.append(Heading(index, words, True))
                expected += 1
            continue
        if len(line) > MAX_HEADING_CHARS or SUBSECTION.match(line) or NOT_A_HEADING.search(line):
            continue
        if line.startswith(("——", "—", "-")):
            continue
        if inside_book_title(text, start, end):
            continue
        if names_a_part(line):
            unnumbered.append(Heading(index, line, False))
        elif MOTTO_HEADING.match(line) and not CLUTTER_LABEL.match(line):
            mottos.append(Heading(index, line, False))
    # 站在新起点：2012年工作回顾 … 开启新征程：… — headings in one form: trust the form when
    # one of them names a part.
    if len(mottos) >= 2 or (mottos and any(MOTTO_HEADING.match(h.words) for h in unnumbered)):
        unnumbered = sorted(unnumbered + mottos, key=lambda h: h.line)
    first_numbered = numbered[0].line if numbered else len(spans)
    if len(unnumbered) >= 2 and unnumbered[0].line < first_numbered:
        return unnumbered
    before = [h for h in unnumbered if h.line < first_numbered]
    return before + numbered


def inside_book_title(text: str, start: int, end: int) -> bool:
    """A line broken out of 《…》 (a plan's full title) is not a heading."""
    return text[:start].rstrip().endswith("《") or text[end:].lstrip().startswith("》")


def chinese_number_or_none(numeral: str) -> int | None:
    try:
        return chinese_number(numeral)
    except KeyError:
        return None


def names_a_part(line: str) -> bool:
    """Whether a short unnumbered line is a part heading: it names a year or period and a part."""
    has_period = bool(years_named(line) or FIVE_YEAR.search(line) or HEADING_PERIOD.search(line))
    return bool((has_period and HEADING_PART_WORD.search(line)) or SELF_BUILDING_HEADING.search(line))


HEADING_PERIOD = re.compile(heading_pattern("period"))
HEADING_PART_WORD = re.compile(heading_pattern("part"))
SELF_BUILDING_HEADING = re.compile(heading_pattern("self_building"))


def segment(text: str, report_year: int) -> list[Paragraph]:
    """Paragraphs (non-empty lines) with their part, the years they speak about and their heading."""
    spans = lines(text)
    headings = find_headings(text, spans)
    if not headings:
        raise InputError("no plan part found: the report looks truncated (no part headings)")
    starts = {h.line: h for h in headings}
    paragraphs: list[Paragraph] = []
    section_parts: list[Cue] = []
    current: Cue | None = None
    heading: Heading | None = None
    subsection: str | None = None
    seen: list[str] = []
    this_paragraph: Cue | None = None  # a part for one paragraph only
    in_notes = False
    for index, (start, end) in enumerate(spans):
        line = text[start:end]
        if NOTES_HEADING.fullmatch(line) and current is not None:
            in_notes = True  # 名词解释: the glossary after the report, to its end
        if in_notes or (current is not None and FOOTNOTE.match(line)):
            # [1]“两不愁、三保障”：不愁吃、不愁穿…: a note explains a word, it states nothing.
            paragraphs.append(Paragraph(paragraph=len(paragraphs), char_start=start, char_end=end, part="notes",
                                        period_start=None, period_end=None, heading="notes"))
            continue
        if index in starts:
            heading, subsection = starts[index], None
            section_parts = section_cues(text, spans, index, heading, report_year, seen)
            current = section_parts[0]
            seen.extend(c.part for c in section_parts)
        elif current is not None:
            if SUBSECTION.match(line) or (not heading.numbered and NUMBERED.match(line)):
                subsection = SENTENCE_END.split(line, maxsplit=1)[0][:MAX_HEADING_CHARS]
            if len(section_parts) > 1:
                current = switch_part(line, section_parts, current, report_year)
            elif current.part in REVIEW_PARTS:
                current, this_paragraph = switch_review_span(line, section_parts[0], current, report_year)
        if current is None:
            part, period = "opening", (None, None)
        else:
            own = this_paragraph or current
            part, period = own.part, (own.period_start, own.period_end)
        this_paragraph = None
        paragraphs.append(Paragraph(
            paragraph=len(paragraphs), char_start=start, char_end=end, part=part,
            period_start=period[0], period_end=period[1],
            heading=heading_label(heading, subsection),
        ))
    if not any(p.part in ("plan", "five_year_plan") for p in paragraphs):
        raise InputError("no plan part found: the report looks truncated")
    return paragraphs


def section_cues(text: str, spans: list[tuple[int, int]], index: int, heading: Heading,
                 report_year: int, seen: list[str]) -> list[Cue]:
    """The parts of one section: from its heading, else its first lines, else its place."""
    named = parts_named(heading.words, report_year)
    if named:
        return named
    n = report_year
    previous = seen[-1] if seen else None
    if previous in ("self_building", "other"):
        # Chapters after the government's own conduct (外交, 国防, 港澳台) set no targets.
        return [Cue(0, "other", False, None, None)]
    body = " ".join(text[s:e][:80] for s, e in spans[index + 1: index + 3])
    named = [c for c in parts_named(body, report_year, strong_only=True)
             if not ("plan" in seen and c.part == "review")]
    if named:
        return named[:1]
    if previous is None:
        part = "review"
    elif previous in ("review", "five_year_review", "five_year_plan"):
        part = "plan"
    else:
        part = previous
    return [Cue(0, part, False, *default_period(part, n))]


def switch_part(line: str, section_parts: list[Cue], current: Cue, report_year: int) -> Cue:
    """In a heading that mixes periods, a paragraph that opens on one of them moves to it."""
    allowed = {c.part: c for c in section_parts}
    for cue in parts_named(line[:OPENING_CHARS], report_year, strong_only=True):
        if cue.part in allowed:
            return allowed[cue.part]
    return current


REVIEW_PARTS = ("review", "five_year_review")
# A glossary after the report (名词解释, 【名词解释】, 注释) and a footnote line ([1]“双千工程”：…).
NOTES_HEADING = re.compile(r"[【\[]?(?:" + "|".join(knowledge.words("note_headings.txt")) + r")[】\]]?[:：]?")
FOOTNOTE = re.compile(r"[\[［【（(]\d{1,2}[\]］】）)]\s*[“\"]?[^，。；]{1,30}[”\"]?[：:]")


def switch_review_span(line: str, section: Cue, current: Cue, report_year: int) -> tuple[Cue, Cue | None]:
    """(the part from this paragraph on, a part for this paragraph alone) inside a review.

    A five-year review's account of the last year (“十四五”时期工作回顾 … 刚刚过去的2025年，…) is
    about that year from the paragraph that opens on it until one opens on the five years again;
    a year's review that looks back on five (2025年工作回顾 … 过去五年，…) does so in that paragraph."""
    opening = FIRST_CLAUSE.match(line[:OPENING_CHARS]).group()  # not a plan named later: …完成“十四五”找矿目标
    for cue in parts_named(opening, report_year, strong_only=True):
        if cue.part == section.part:
            return section, None
        if cue.part == "review":
            return Cue(cue.position, "review", True, report_year - 1, report_year - 1), None
        if cue.part == "five_year_review":
            return current, cue
    return current, None


# How much of a paragraph's start is read for a cue that it opens on another part or span.
OPENING_CHARS = 40
FIRST_CLAUSE = re.compile(r"[^，,。；;：:]*")


def heading_label(heading: Heading | None, subsection: str | None) -> str | None:
    if heading is None:
        return None
    return f"{heading.words} / {subsection}" if subsection else heading.words


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], split after 。！？； and at line ends, blanks trimmed."""
    spans = []
    for match in SENTENCE.finditer(text, start, end):
        s, e = match.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))
    return spans
