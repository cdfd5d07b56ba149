"""The words programmes are found by (pipeline/knowledge/program_words.csv, stages.csv, programs.csv,
program_common_words.txt) and the patterns made of them, shared by finding names in one report
(programs.py, program_heads.py) and linking them across years (program_links.py).

Common prose: a name that can be cut entirely into common words, generic words, suffixes, heads and
place names (党风廉政, 公共服务设施, 驻马店体育) is an activity every region speaks of, not a
programme, and two names that share no more than that are not one programme.
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import Iterator

from reportcmp.pipeline import knowledge
from reportcmp.pipeline.records import NATIONAL_REGION

NAME_CHARS = r"0-9A-Za-z\u4e00-\u9fff“”"
CLAUSE_END = "，。；！？：\n"


@lru_cache(maxsize=1)
def program_words() -> dict[str, tuple[str, ...]]:
    """role -> words, longest first."""
    roles: dict[str, list[str]] = {}
    for row in knowledge.rows("program_words.csv"):
        roles.setdefault(row["role"], []).append(row["word"])
    return {role: tuple(sorted(words, key=len, reverse=True)) for role, words in roles.items()}


def alternative(role: str) -> str:
    return "(?:" + "|".join(map(re.escape, program_words()[role])) + ")"


# The words for works after a name (项目, 工程: roles project, project_head).
PROJECT_WORD_SET = frozenset([*program_words()["project"], *program_words()["project_head"]])


# The end of a list of projects: 、…、皇家驿站等(一批|64个)(重点|重大)项目, or a longer class of them when
# it ends in a weight word (中亿商博城、星光和园等服务业重点项目). A longer kind without one says what is
# done to each item (薄山、宋家场等水库除险加固工程): program_heads.listed_before_kind's. A list of deeds is
# none of projects (制售假冒伪劣商品等违法犯罪活动: role deed).
LIST_END = re.compile(r"等(?:" + "|".join(map(re.escape, program_words()["list_count"])) + r"|[0-9]+个)?"
                      r"(?![\u4e00-\u9fff]{0,4}?" + alternative("deed") + ")"
                      r"(?:[\u4e00-\u9fff]{0,4}|[\u4e00-\u9fff]{1,6}?" + alternative("list_weight") + ")"
                      + alternative("list_end"))
# Or a list of projects by the stage of building they reach together (role list_stage: 中科锂电、通达泵阀等顺利开工,
# 百度云计算、闵辉食品等扩能续建; not 减税降费等全面落地), after an adverb (role stage_adverb) or what is done to them
# (role stage_work: 扩能); not 等企业建成: firms that build a centre.
LIST_STAGE_END = re.compile(r"等(?:" + "|".join(map(re.escape, program_words()["list_count"])) + r")?"
                            + f"(?:{alternative('stage_adverb')}|{alternative('stage_work')})?"
                            + alternative("list_stage"))
# Where a list of projects ends, either way (programs._listed_items, and a quoted item's naming context).
PROJECT_LIST_END = re.compile(f"{LIST_END.pattern}|{LIST_STAGE_END.pattern}")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words of government prose (knowledge/program_common_words.txt), generic words, suffixes and
    heads: a quoted, listed or context name made only of these is an activity, not a programme, and
    two names that share only these are not one programme (洽谈会, 体育)."""
    words = program_words()
    return frozenset(knowledge.words("program_common_words.txt")) | frozenset(words["generic"]) | \
        frozenset(words["suffix"]) | frozenset(words["head"]) | frozenset(words["not_suffix"]) | \
        frozenset(words.get("inside_word", ()))


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Names of China's divisions, full and short (驻马店市, 驻马店): a place alone names no
    programme (美丽驻马店, 平安驻马店), and a shared place is no reason to link two names. A short
    name that is also an ordinary word (knowledge/place_words.csv: 振兴 of 振兴区, 乡村振兴) counts
    only in full, as metadata counts it."""
    from reportcmp.pipeline import metadata
    return frozenset(metadata.counted_name(division) for division in metadata.divisions()) | \
        frozenset(division.name for division in metadata.divisions())


@lru_cache(maxsize=1)
def known_programs() -> dict[str, str]:
    """written name -> program_key."""
    return {row["name"]: row["program_key"] for row in knowledge.rows("programs.csv")}


@lru_cache(maxsize=1)
def known_limits() -> dict[str, tuple[str | None, tuple[int, int] | None]]:
    """written name -> where it names its programme: the one level whose reports (科技重大专项: national)
    and the plan years, first and last (冬奥会 is Beijing's in the reports of 2015–2023, not 2026's Games),
    None where it is not limited; only the spellings limited one way or both."""
    limits = {}
    for row in knowledge.rows("programs.csv"):
        years = (row.get("years") or "").strip()
        if row.get("level") or years:
            limits[row["name"]] = (row.get("level") or None, _year_range(years, row["name"]) if years else None)
    return limits


YEAR_RANGE = re.compile(r"(\d{4})(?:\s*[-–—]\s*(\d{4}))?")


def _year_range(years: str, name: str) -> tuple[int, int]:
    """(first, last) plan year of a programs.csv `years` cell: 2015-2023 (a dash of any width) or one year."""
    m = YEAR_RANGE.fullmatch(years)
    if m is None or int(m.group(2) or m.group(1)) < int(m.group(1)):
        raise knowledge.KnowledgeError(f"programs.csv, the row of {name}: years {years!r} is not YYYY or YYYY-YYYY, "
                                       "first to last")
    return int(m.group(1)), int(m.group(2) or m.group(1))


def known_at(name: str, level: str, year: int) -> bool:
    """Whether a known spelling names its programme in a report of this level and plan year."""
    only_level, years = known_limits().get(name, (None, None))
    return (only_level is None or only_level == level) and (years is None or years[0] <= year <= years[1])


@lru_cache(maxsize=1)
def stage_words() -> tuple[tuple[str, int, str], ...]:
    rows = [(r["stage_word"], int(r["stage_order"]), r["stage"]) for r in knowledge.rows("stages.csv")]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


def alternation(words) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


@lru_cache(maxsize=1)
def name_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(suffix, known programme, stage word) alternations, each longest first.

    The suffix alternation also holds the words that only look like a suffix (中心城区, 计划生育; 中小学
    inside a name): being longer they win where they stand, and _candidates skips them.
    Names are found by searching the suffix alternation inside a run of name characters, not with
    a lazy `[name chars]*?(?:suffix)` pattern: that one re-scanned the rest of a run from every
    position when no suffix followed (quadratic in the run), and was most of find_programs' time.
    """
    words = program_words()
    suffix = alternation(words["suffix"] + words.get("not_suffix", ()) + words.get("inside_word", ()))
    known = alternation(known_programs())
    stages = alternation(w for w, _, _ in stage_words())
    return re.compile(suffix), re.compile(known), re.compile(stages)


LATIN = re.compile(r"[0-9A-Za-z]")


def whole_latin(text: str, start: int, end: int) -> bool:
    """Whether a name found at text[start:end] whose ends are Latin letters or digits is not part of a
    longer run of them: 5G is not the 5G of 英利5GW光伏电池. Checked after the match: lookarounds in the
    known alternation made it and every pattern built from it four to six times slower (0.10 s → 0.66 s
    over the corpus' clauses, find_programs 6.0 s → 7.5 s)."""
    return not (LATIN.match(text, start) and start > 0 and (LATIN.match(text, start - 1) or text[start - 1] == ".")) \
        and not (LATIN.match(text, end - 1) and end < len(text) and LATIN.match(text, end))


# A known name written with a word of one or two characters between two of its words is the
# programme (中部地区加快崛起, 棚户区住房改造, 京津冀地区协同发展), unless the word joins two things
# (role coordinator: 棚户区和危房改造) or narrows where (role narrowing: 长江上游经济带).
# A known name that ends in the word for works (三峡工程, 千万工程) is also the programme with a phase before
# it (三峡三期工程), and with nothing else there: 千万亩工程 is no 千万工程 (三峡|左岸|电站 is 三峡电站's).
KNOWN_GAP_CHARS = 2
MIN_KNOWN_PART_CHARS = 2
PHASE = re.compile(r"[一二三四五六七八九十]+期")


@lru_cache(maxsize=1)
def known_gap_patterns() -> tuple[re.Pattern, dict[tuple[str, str], str], frozenset[tuple[str, str]]]:
    """(pattern, (words before the gap, words after it) -> known name, the splits before a kind that take
    only a phase): each known name split between two of its jieba words, one to KNOWN_GAP_CHARS characters
    between the parts. One alternation of the parts before, a gap, one of the parts after, checked as a
    pair after the match: a named group per split made find_programs over the corpus 2.4 times slower
    (2.9 s → 6.8 s); this form, noise."""
    from reportcmp.pipeline import catalog   # the product's jieba tokenizer, loaded once per process

    splits: dict[tuple[str, str], str] = {}
    phased: set[tuple[str, str]] = set()
    kinds = sorted(PROJECT_WORD_SET, key=lambda word: (-len(word), word))   # 建设工程 before 工程
    for name in known_programs():
        at = 0
        for word in catalog.cut(name)[:-1]:
            at += len(word)
            if MIN_KNOWN_PART_CHARS <= at <= len(name) - MIN_KNOWN_PART_CHARS:
                splits[name[:at], name[at:]] = name
        kind = next((kind for kind in kinds if name.endswith(kind)), "")
        split = (name[:len(name) - len(kind)], kind)
        if len(kind) >= MIN_KNOWN_PART_CHARS and len(split[0]) >= MIN_KNOWN_PART_CHARS:
            splits[split] = name   # also where jieba cuts there (千万|工程): before a kind only a phase
            phased.add(split)
    heads = alternation({head for head, _ in splits})
    tails = alternation({tail for _, tail in splits})
    return (re.compile(f"(?P<head>{heads})(?P<gap>[\u4e00-\u9fff]{{1,{KNOWN_GAP_CHARS}}}?)(?P<tail>{tails})"),
            splits, frozenset(phased))


def known_with_gap(clause: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, known name) of each known name written with a word inside it (known_gap_patterns)."""
    pattern, splits, phased = known_gap_patterns()
    known = known_programs()
    words = program_words()
    breakers = (*words["coordinator"], *words["narrowing"])
    bounds: set[int] = set()
    for m in pattern.finditer(clause):
        parts = (m.group("head"), m.group("tail"))
        name = splits.get(parts)
        if name is None or m.group() in known or any(word in m.group("gap") for word in breakers) \
                or parts in phased and not PHASE.fullmatch(m.group("gap")):
            continue
        if not bounds:   # whole words of the clause only: not 中西部重点开发区 for 西部开发
            bounds = word_bounds(clause)
        if m.start() in bounds and m.end() in bounds:
            yield m.start(), m.end(), name


def word_bounds(text: str) -> set[int]:
    """Where the words of the text start and end, as the product's jieba cuts it."""
    from reportcmp.pipeline import catalog   # the product's jieba tokenizer, loaded once per process

    return {0, *itertools.accumulate(map(len, catalog.cut(text)))}


@lru_cache(maxsize=1)
def marks_re() -> re.Pattern:
    """Where a context name stops: a lead or naming verb, a stage word, a quotation mark; not a lead that starts
    a word of a name (role lead_word: 全国能源资源战略|保障基地 runs on)."""
    words = program_words()
    marks = {*words["lead"], *words["lead_start"], *words["naming"], *words["naming_quoted"],
             *words["named_by"], *(w for w, _, _ in stage_words())}
    return re.compile(f"{_not_a_lead_word()}(?:{alternation(marks)})|[“”]")


CLAUSE = re.compile(rf"[^{CLAUSE_END}]+")
# A dash between two places joins a line's ends inside a name (张北—雄安特高压工程, 阜平-城南庄公路); a
# clause's ——, or a dash beside a figure, ends a run. A decimal point is part of a plant's capacity
# (国华龙泉关49.5兆瓦风电场: role capacity_unit); in another figure it ends a run (近3.3万名). A line's ± before
# its voltage is part of its name too (青海至河南±800千伏特高压直流工程).
NAME_RUN = re.compile(rf"[{NAME_CHARS}]+(?:(?:(?<=[\u4e00-\u9fff])[—－-](?=[\u4e00-\u9fff])"
                      rf"|(?<=[0-9])\.(?=[0-9]+{alternative('capacity_unit')})"
                      rf"|(?<=[\u4e00-\u9fff])±(?=[0-9]+{alternative('capacity_unit')}))[{NAME_CHARS}]+)*")


@lru_cache(maxsize=1)
def start_leads() -> tuple[str, ...]:
    """Words cut off the start of a name: leads, start-only leads, naming verbs and the joiner that
    starts a name's second half (至大王店园区), longest first."""
    words = program_words()
    return tuple(sorted({*words["lead"], *words["lead_start"], *words["naming"], *words["naming_quoted"],
                         *words.get("joined_start", ())},
                        key=len, reverse=True))


@lru_cache(maxsize=1)
def leads_re() -> re.Pattern:
    """A lead word (利用好: with or without 好 after it), unless it starts a word of a name (role
    lead_word: 扩大内需 of 扩大内需战略 is not cut; 扩大|“营改增”试点 is)."""
    return re.compile(f"{_not_a_lead_word()}(?:{alternation(start_leads())})好?")


def _not_a_lead_word() -> str:
    """A lookahead: no word of a name that starts with a lead (role lead_word: 扩大内需, 保障性, 建成区)."""
    words = program_words().get("lead_word", ())
    return f"(?!{alternation(words)})" if words else ""


@lru_cache(maxsize=1)
def context_re() -> re.Pattern:
    """A naming verb or a stage word that names a project: a clause without one has no context name."""
    words = program_words()
    return re.compile(alternation({*words["naming"], *words["named_by"]}))


@lru_cache(maxsize=1)
def any_name_re() -> re.Pattern:
    """Anything a name can be found by: a clause without one of these names nothing."""
    suffix, known, _ = name_patterns()
    return re.compile(f"{suffix.pattern}|{known.pattern}|{context_re().pattern}|“|等")


@lru_cache(maxsize=1)
def lead_anywhere_re() -> re.Pattern:
    """Where a verb inside a candidate ends: leads and naming verbs (精心筹办|北京冬奥会, 高标准建成|中科院…基地),
    but not a verb that is part of a name inside it (role not_inside: 以 of 以质取胜战略), nor one that starts a
    word of a name (not_inside: 建成区)."""
    words = program_words()
    verbs = {*words["lead"], *words["naming"], *words["naming_quoted"]}
    whole = {word for word in words["not_inside"] if word in verbs}
    starts = set(words["not_inside"]) - whole
    not_a_word = f"(?!{alternation(starts)})" if starts else ""
    return re.compile(f"(?=({not_a_word}(?:{alternation(verbs - whole)})好?))")


@lru_cache(maxsize=1)
def stage_of_word() -> dict[str, tuple[int, str]]:
    return {w: (o, s) for w, o, s in stage_words()}


@lru_cache(maxsize=1)
def naming_words() -> frozenset[str]:
    return frozenset(program_words()["naming"])


@lru_cache(maxsize=1)
def named_by_words() -> frozenset[str]:
    return frozenset(program_words()["named_by"])


@lru_cache(maxsize=1)
def not_suffix_words() -> frozenset[str]:
    return frozenset(program_words().get("not_suffix", ()))


@lru_cache(maxsize=1)
def end_suffix_words() -> frozenset[str]:
    """Suffixes that name only where a name ends (战略, 南延, 线): inside a longer word they name nothing."""
    return frozenset(program_words()["end_suffix"])


@lru_cache(maxsize=1)
def facility_words() -> frozenset[str]:
    """Suffixes of a kind of building, road or place every county has (role facility: 中学, 路, 古城)."""
    return frozenset(program_words().get("facility", ()))


@lru_cache(maxsize=1)
def inside_words() -> frozenset[str]:
    """Words that look like a suffix inside a name (中小学 of 中小学校舍安全工程): the name runs on."""
    return frozenset(program_words().get("inside_word", ()))


@lru_cache(maxsize=1)
def road_words() -> tuple[str, ...]:
    """The words that end a road's name (路, 大道): a suffix before one is part of the road's name
    (中心路, 园区大道)."""
    return program_words().get("road", ())


def strip_leads(name: str) -> str:
    """Cut the clause's verbs and modifiers off the front (longest first, one after another), as
    long as something is left."""
    leads, at = leads_re(), 0
    kept = program_words().get("not_lead", ())   # 服务业 starts with the lead 服务 and is a word
    while (lead := leads.match(name, at)) is not None and lead.end() < len(name) and not name.startswith(kept, at):
        at = lead.end()
    return name[at:]


@lru_cache(maxsize=65536)
def is_common_phrase(name: str) -> bool:
    """True when the name can be cut entirely into common words and place names (党风廉政,
    公共服务设施, 驻马店体育): two spellings that share no more than that are not one programme, and
    such a name is not looked for in a region's other reports (program_links)."""
    return covered(name, _common_and_places())


@lru_cache(maxsize=1)
def _common_and_places() -> frozenset[str]:
    return common_words() | place_names()


@lru_cache(maxsize=65536)
def is_common_prose(name: str, own_names: frozenset[str] = frozenset()) -> bool:
    """True when a quoted, listed or context name can be cut entirely into common words and the
    region's own names (党风廉政, 美丽驻马店 in 驻马店), or is only a place: an activity every
    region speaks of, not a programme. Another place is part of a name (清苑西瓜, 正阳花生)."""
    text = name.replace("“", "").replace("”", "")
    return text in place_names() or covered(text, _common_and(own_names))


@lru_cache(maxsize=65536)
def is_common_words(name: str, own_names: frozenset[str] = frozenset()) -> bool:
    """True when the name can be cut entirely into common words and the region's own names; unlike
    is_common_prose, another place is not common (铜山 of 铜山景区)."""
    return covered(name, _common_and(own_names))


@lru_cache(maxsize=256)
def _common_and(own_names: frozenset[str]) -> frozenset[str]:
    return common_words() | own_names


def covered(name: str, words: frozenset[str]) -> bool:
    """The name can be cut entirely into the words."""
    text = name.replace("“", "").replace("”", "")
    longest = 8
    # fewest[i]: fewest leftover characters in a cut of text[:i] into the words
    fewest = [0] + [len(text) + 1] * len(text)
    for end in range(1, len(text) + 1):
        best = fewest[end - 1] + 1
        for start in range(max(0, end - longest), end):
            if fewest[start] < best and text[start:end] in words:
                best = fewest[start]
        fewest[end] = best
    return fewest[-1] == 0


@lru_cache(maxsize=4096)
def own_names(region: str | None) -> frozenset[str]:
    """The region's name, full and short (驻马店市, 驻马店): its reports' slogans use them."""
    if not region or region == NATIONAL_REGION:
        return frozenset(program_words()["national_name"])
    return frozenset({region, region[:-1]} if len(region) > 2 else {region})
