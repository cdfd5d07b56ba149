"""Which region a report is about, at which level, and which year's plan it sets.

Reports rarely state all of this in one place: the Dezhou report says 德州 and 市人民政府 but never
德州市; county reports filed on the web carry page clutter with other reports' titles; crawled files
have wrong years in their names. So each fact is weighed from several pieces of evidence, strongest
first: the opening (我代表…人民政府), the title and date lines, the part headings, the place
names the text uses most, and the file name last. The divisions come from cpca's list of China's
administrative divisions; renamings the list does not know live in knowledge/region_aliases.csv.
"""
from __future__ import annotations

import collections
import csv
import datetime as dt
import operator
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from reportcmp.pipeline import knowledge
from reportcmp.pipeline.records import NATIONAL_REGION, InputError, ReportMeta
from reportcmp.pipeline.segment import CN_YEAR, FIVE_YEAR, chinese_number, chinese_year, find_headings, \
    five_year_plan_span, heading_pattern, lines, years_named

NATIONAL = (NATIONAL_REGION, "100000", "national")
# The opening, title, date line and signature sit in the first couple of thousand characters;
# further down, page clutter lists other reports' titles.
HEAD_CHARS = 2500
AUTONOMOUS_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区")
SHORT_SUFFIXES = AUTONOMOUS_SUFFIXES + ("省", "市", "县", "区")
NOT_A_DIVISION = {"市辖区", "省直辖县级行政区划", "自治区直辖县级行政区划", "县"}
# The level word of the opening (代表市人民政府) says how the region's name ends.
LEVEL_WORD_SUFFIX = {"省": "省", "自治区": "自治区", "市": "市", "县": "县", "区": "区"}
OFFICE_LEVEL_WORD = {"省长": "省", "主席": "自治区", "市长": "市", "县长": "县", "区长": "区"}

OPENING = re.compile(
    r"代表(?P<who>[\u4e00-\u9fff]{0,14}?)(?:第[一二三四五六七八九十]+届)?(?:人民)?政府"
)
STATE_COUNCIL = re.compile(r"代表国务院|国务院总理|全国人民代表大会")
# Words right before these name the region: 保定市清苑区人民政府, 在安国市第七届人民代表大会,
# 2026年北京市政府工作报告, 陕西省2026年政府工作报告, 河北省人民政府省长.
NAME_ANCHOR = re.compile(
    r"人民政府|政府工作报告|第?[一二三四五六七八九十]+届\s*人民代表大会|省长|市长|县长|区长|主席"
)
OFFICE = re.compile(r"(?:人民政府)?(?:代理|代)?(省长|市长|县长|区长|主席)")
DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
TITLE = re.compile(
    r"[^\n]{0,16}?((?:19|20)\d\d|二[〇○零O0][〇○零O0一二三四五六七八九]{2})年[^\n]{0,16}?政府工作报告"
    r"|[^\n]{0,16}?政府工作报告"
)
NPC_SESSION = re.compile(r"[在向]第([一二三四五六七八九十]+)届全国人民代表大会第([一二三四五六七八九十]+)次会议(?:上|报告)")
REPORT_SIGNALS = re.compile(r"政府工作报告|各位代表|报告工作|作工作报告|向大会报告")
# A heading with a year that looks back or plans (knowledge/heading_words.csv): 2012年工作回顾, 2013年工作安排.
REVIEW_HEADING = re.compile(heading_pattern("review"))
PLAN_HEADING = re.compile(heading_pattern("plan"))
YEARS_IN_NAME = re.compile(r"(?:19|20)\d\d")
CJK_RUN_END = re.compile(r"[\u4e00-\u9fff]+$")


@dataclass(frozen=True)
class Division:
    """One administrative division: 德州市 / 371400 / city, with its short name 德州."""

    name: str
    code: str
    level: str
    short: str
    province_code: str
    city_code: str
    renamed_in: int | None = None   # set on an old name from region_aliases.csv


def level_of_code(code: str) -> str:
    """Rank from the code: XX0000 a province (municipalities too), XXYY00 a city, else a county."""
    if code == NATIONAL[1]:
        return "national"
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def short_name(name: str) -> str:
    """德州市 → 德州, 宁夏回族自治区 → 宁夏; names of one character plus suffix stay whole (易县)."""
    for suffix in SHORT_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    """China's divisions from cpca's adcodes.csv, plus 全国 and the old names of renamed regions."""
    source = resources.files("cpca.resources").joinpath("adcodes.csv")
    found: dict[tuple[str, str], Division] = {}
    with source.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code, name = row["adcode"][:6], row["name"]
            if name in NOT_A_DIVISION:
                continue
            found[(code, name)] = Division(name, code, level_of_code(code), short_name(name),
                                           code[:2] + "0000", code[:4] + "00")
    found[NATIONAL[:2]] = Division(*NATIONAL, NATIONAL_REGION, "", "")
    for alias in region_aliases():
        code, name = alias["code"], alias["old_name"]
        year = int(alias["year_changed"]) if alias["year_changed"] else None
        found[(code, name)] = Division(name, code, level_of_code(code), short_name(name),
                                       code[:2] + "0000", code[:4] + "00", renamed_in=year)
    return tuple(found.values())


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """Short place names that are also ordinary words (合作, 资源): counted only in full."""
    return frozenset(row["short_name"] for row in knowledge.rows("place_words.csv"))


@lru_cache(maxsize=1)
def region_aliases() -> tuple[dict[str, str], ...]:
    return tuple(knowledge.rows("region_aliases.csv"))


@lru_cache(maxsize=1)
def by_name() -> dict[str, list[Division]]:
    index: dict[str, list[Division]] = collections.defaultdict(list)
    for division in divisions():
        index[division.name].append(division)
    return dict(index)


@lru_cache(maxsize=1)
def by_short_name() -> dict[str, list[Division]]:
    index: dict[str, list[Division]] = collections.defaultdict(list)
    for division in divisions():
        if division.short != division.name:
            index[division.short].append(division)
    return dict(index)


@lru_cache(maxsize=1)
def by_code() -> dict[str, Division]:
    """The current name of each code (an alias never shadows the division it was renamed to)."""
    index: dict[str, Division] = {}
    for division in divisions():
        if division.renamed_in is None or division.code not in index:
            index.setdefault(division.code, division)
    return index


def detect_meta(text: str, path: Path, *, region: str | None = None,
                year: int | None = None) -> ReportMeta:
    """Region, code, level, report year, delivery date and title of one cleaned report.

    `region` and `year` (the --region/--year overrides) win over anything the text says.
    """
    head = text[:HEAD_CHARS]
    headings = find_headings(text)
    if not REPORT_SIGNALS.search(text) and not headings:
        raise InputError("not a government work report: no 政府工作报告, 各位代表 or 报告工作, "
                         "and no review or plan headings")
    delivered_on, date_note = delivery_date(head)
    title = title_line(head)
    if year is None:
        year, year_note = report_year(text, head, headings, delivered_on, path)
    else:
        year_note = "year given"
    if region is None:
        division, region_note = detect_region(text, head, path, year)
        region_name = division.name
    else:
        division, region_name, region_note = resolve_given_region(region)
    level = division.level if division else level_from_suffix(region_name)
    notes = [region_note, f"level {level} by rank", year_note]
    if date_note:
        notes.append(date_note)
    return ReportMeta(
        region=region_name,
        region_code=division.code if division else None,
        level=level,
        report_year=year,
        delivered_on=delivered_on,
        title=title,
        detected_by="; ".join(notes),
    )


def resolve_given_region(region: str) -> tuple[Division | None, str, str]:
    """An override is taken as written; its code and level come from the divisions when known."""
    matches = by_name().get(region) or by_short_name().get(region) or []
    if region == NATIONAL[0]:
        matches = by_name()[NATIONAL[0]]
    if len(matches) == 1:
        return matches[0], matches[0].name, "region given"
    return None, region, "region given (not in the divisions list: no code)"


def level_from_suffix(name: str) -> str:
    if name.endswith(("省", "自治区")):
        return "province"
    if name.endswith(("县", "区")):
        return "county"
    return "city"


# --- year ---------------------------------------------------------------------------------

def delivery_date(head: str) -> tuple[dt.date | None, str | None]:
    """The first full date in the head: ——2024年3月5日在…会议上, or a date on a line of its own."""
    for match in DATE.finditer(head):
        line_start = head.rfind("\n", 0, match.start()) + 1
        line_end = head.find("\n", match.end())
        line = head[line_start: line_end if line_end >= 0 else len(head)]
        if re.search(r"人民代表大会|会议|^\W*$", line.replace(match.group(), "")) or len(line) < 20:
            year, month, day = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day), f"delivered {year}-{month:02d}-{day:02d}"
            except ValueError:
                return None, None
    return None, None


def title_line(head: str) -> str | None:
    match = TITLE.search(head)
    return match.group().strip() if match else None


def report_year(text: str, head: str, headings, delivered_on: dt.date | None,
                path: Path) -> tuple[int, str]:
    """The plan year, by weighed votes: headings, then date and title, then weaker clues."""
    votes: collections.Counter[int] = collections.Counter()
    reasons: dict[int, list[str]] = collections.defaultdict(list)

    def vote(year: int, weight: float, reason: str) -> None:
        votes[year] += weight
        reasons[year].append(reason)

    for heading in headings:
        words = heading.words
        review, plan = REVIEW_HEADING.search(words), PLAN_HEADING.search(words)
        for _, named in years_named(words):
            if review and not plan:
                vote(named + 1, 3, f"heading {words[:16]}")
            elif plan and not review:
                vote(named, 3, f"heading {words[:16]}")
        if not years_named(words):
            for match in FIVE_YEAR.finditer(words):
                start, end = five_year_plan_span(chinese_number(match.group(1)))
                if review and not plan:
                    vote(end + 1, 1, f"review of the plan {start}–{end}")
                elif plan and not review:
                    vote(start, 1, f"targets of the plan {start}–{end}")
    if delivered_on:
        # A report delivered late in the year plans the next one.
        planned = delivered_on.year + 1 if delivered_on.month >= 10 else delivered_on.year
        vote(planned, 2, "date line")
    title = TITLE.search(head)
    if title and title.group(1):
        named = title.group(1)
        vote(int(named) if named.isdigit() else chinese_year(named), 2, "title")
    session = NPC_SESSION.search(head)
    if session:
        vote(npc_session_year(session.group(1), session.group(2)), 2, "NPC session")
    if not votes and headings:
        # The first part looks back: the latest year it names (twice, not in passing) is N-1.
        spans = lines(text)
        first = spans[headings[0].line][0]
        following = spans[headings[1].line][0] if len(headings) > 1 else len(text)
        mentioned = collections.Counter(y for _, y in years_named(text[first:following]))
        recent = [y for y, count in mentioned.items() if count >= 2]
        if recent:
            vote(max(recent) + 1, 0.5, f"latest year the first part reviews ({max(recent)})")
    if not votes:
        for named in file_name_years(path):
            vote(named, 0.1, "file name")
    if not votes:
        raise InputError("cannot tell which year this report plans; pass --year")
    best = max(votes.items(), key=lambda item: (item[1], item[0]))[0]
    return best, f"year {best} from " + ", ".join(dict.fromkeys(reasons[best]))


def npc_session_year(term: str, session: str) -> int:
    """第十届全国人民代表大会第一次会议 → 2003: congresses sit for five years since the fifth (1978)."""
    first_years = {1: 1954, 2: 1959, 3: 1964, 4: 1975}
    number = chinese_number(term)
    first = first_years.get(number, 1978 + 5 * (number - 5))
    return first + chinese_number(session) - 1


def file_name_years(path: Path) -> list[int]:
    """Years in the file name, the Chinese one first (二O一二年 is right where 2014_ is not)."""
    name = path.name
    chinese = [chinese_year(m.group(1)) for m in CN_YEAR.finditer(name)]
    return chinese or [int(y) for y in YEARS_IN_NAME.findall(name)]


# --- region -------------------------------------------------------------------------------

def detect_region(text: str, head: str, path: Path, year: int) -> tuple[Division, str]:
    if STATE_COUNCIL.search(head):
        return by_name()[NATIONAL_REGION][0], f"region {NATIONAL_REGION} from 国务院"
    level_word, level_note = opening_level_word(head, text)
    named = named_in_head(head)
    candidates = [d for d in named if fits_level_word(d, level_word)] or list(named)
    written = bool(candidates)
    if candidates:
        best = max(candidates, key=lambda d: (named[d], mentions(text, d)))
        evidence = "named in the opening/title/date line"
    else:
        best = most_mentioned(text, level_word)
        evidence = "the place name the text uses most"
        if best is None:
            best = from_file_name(path, level_word)
            evidence = "the file name"
    if best is None:
        raise InputError("cannot tell which region this report is about; pass --region")
    best = same_name_resolved(text, best, level_word, year, written=written)
    note = f"region {best.name} from {evidence}"
    if level_word:
        note += f" ({level_note})"
    return best, note


def opening_level_word(head: str, text: str) -> tuple[str | None, str]:
    """省/自治区/市/县/区 from 我代表…人民政府, else from the speaker's office (县长, 主席)."""
    match = OPENING.search(head)
    if match:
        who = match.group("who")
        for word in ("自治区", "省", "市", "县", "区"):
            if who.endswith(word):
                return word, f"opening {match.group()}"
    office = OFFICE.search(head)
    if office:
        return OFFICE_LEVEL_WORD[office.group(1)], f"office {office.group(1)}"
    # No opening (some files start at the first part): 全县/我县/县委 say what the region is.
    counts = {word: len(re.findall(f"全{word}|我{word}|{word}委|{word}政府", text))
              for word in ("省", "市", "县", "区")}
    word, count = max(counts.items(), key=operator.itemgetter(1))
    if count >= 3:
        return word, f"the text says 全{word}/我{word}"
    return None, ""


def fits_level_word(division: Division, level_word: str | None) -> bool:
    if level_word is None:
        return True
    suffix = LEVEL_WORD_SUFFIX[level_word]
    if suffix == "区" and division.name.endswith("自治区"):
        return False
    return division.name.endswith(suffix)


def named_in_head(head: str) -> collections.Counter[Division]:
    """Divisions named right before 人民政府, 政府工作报告, 第…届人民代表大会 or an office."""
    found: collections.Counter[Division] = collections.Counter()
    for anchor in NAME_ANCHOR.finditer(head):
        before = head[max(0, anchor.start() - 20): anchor.start()]
        before = CN_YEAR.sub("", re.sub(r"(?:19|20)\d\d\s*年", "", before))
        run = CJK_RUN_END.search(before)
        if not run:
            continue
        for division in divisions_ending(run.group()):
            found[division] += 1
    return found


def divisions_ending(words: str) -> list[Division]:
    """The divisions whose full name ends `words` (longest first), or whose short name is all of it."""
    for start in range(len(words)):
        matches = by_name().get(words[start:])
        if matches and len(words) - start >= 2:
            return [d for d in matches if d.code != NATIONAL[1]]
    return by_short_name().get(words, [])


def counted_name(division: Division) -> str:
    """The name to count: the short one (德州), unless it is one character or an ordinary word."""
    short = division.short
    return short if len(short) >= 2 and short not in place_words() else division.name


def mentions(text: str, division: Division) -> int:
    return text.count(counted_name(division))


def most_mentioned(text: str, level_word: str | None) -> Division | None:
    """The division of the right kind the text speaks of most, with its parents and children.

    A city report names itself rarely (我市, 全市) but names its counties and its province; a
    county report names its city. Counting them too keeps ordinary words that are also place
    names (合作, 资源, 新建) from winning. Counting every name would cost a full scan each, so
    the text's two-character sequences are counted once and only names that can occur are counted.
    """
    own = own_mentions(text)
    family: collections.Counter[str] = collections.Counter()
    for code, count in own.items():
        division = by_code()[code]
        for parent in (division.city_code, division.province_code):
            if parent != code:
                family[parent] += count
    best, best_score = None, 0
    for division in divisions():
        mentioned = own.get(division.code, 0)
        if mentioned < 2 or not fits_level_word(division, level_word):
            continue
        if division.level == "province" and level_word not in ("省", "自治区", "市"):
            continue
        parents = {division.city_code, division.province_code} - {division.code}
        score = mentioned + family[division.code] + sum(own.get(p, 0) for p in parents)
        if score > best_score:
            best, best_score = division, score
    return best


def own_mentions(text: str) -> dict[str, int]:
    """How often each division code's name occurs (德州 for 德州市; 易县 whole)."""
    pairs = collections.Counter(map(operator.add, text, text[1:]))
    counts: dict[str, int] = {}
    for division in divisions():
        if division.level == "national":
            continue
        name = counted_name(division)
        count = pairs.get(name[:2], 0)
        if count and len(name) > 2:
            count = text.count(name)
        if count:
            counts[division.code] = max(counts.get(division.code, 0), count)
    return counts


def from_file_name(path: Path, level_word: str | None) -> Division | None:
    named = named_in_head(path.stem + "政府工作报告")
    candidates = [d for d in named if fits_level_word(d, level_word)]
    return candidates[0] if len(candidates) == 1 else None


def same_name_resolved(text: str, chosen: Division, level_word: str | None, year: int,
                       *, written: bool) -> Division:
    """Among divisions sharing the chosen name, the one whose province and city the text names.

    The old and new names of a renamed region (清苑县, 清苑区) share a short name: a name the
    report writes in full, or its level word (代表区政府), decides; else the year of the renaming.
    """
    same = [d for d in divisions() if d.short == chosen.short and d.level == chosen.level
            and fits_level_word(d, level_word)]
    if written:
        same = [d for d in same if d.name == chosen.name]
    if len(same) <= 1:
        return chosen
    if len({d.code for d in same}) == 1:
        old = next((d for d in same if d.renamed_in), None)
        if old is None:
            return chosen
        return old if year < (old.renamed_in or 0) else next(d for d in same if not d.renamed_in)

    def parents_named(division: Division) -> int:
        parents = [by_code().get(division.province_code), by_code().get(division.city_code)]
        return sum(text.count(p.short) for p in parents if p and p.code != division.code)

    return max(same, key=parents_named)
