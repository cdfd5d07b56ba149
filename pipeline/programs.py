"""Named projects and programmes in one report: each name with the stage the report gives it and the
evidence that it is a name.

Evidence, strongest first (EVIDENCE):
- `known`: a programme of knowledge/programs.csv (南水北调, 西部大开发);
- `suffix`: a run of name characters ending in a suffix of knowledge/program_words.csv
  (鲁北大数据中心, 市体育公园, “三个一百”改革工程); a kind right after it is read on through
  (马庄铁路|物流基地);
- `quoted`: a name in quotation marks with a naming verb before it or a stage word after it
  (打造“中国药谷”, “中国药谷”建设);
- `listed`: an item of a list of projects (皇家驿站、国际会展中心等重点项目);
- `context`: the words after a naming verb, or before a stage word that names a project
  (举办第十届中国农加工投洽会, 好梦林水开园);
- `named`: a name in quotation marks outside a naming context (“中国药谷”蔚然成势).
A name of the first two kinds stands on its own. Quoted, listed and context names are candidates:
program_links keeps one only when its region's own series repeats it, so a region's programmes are
learned from its reports rather than from a list; a `named` mention only joins a programme found so.
A name made only of generic words (重点项目, 年度计划), a candidate made only of common words or the
region's own name (党风廉政, 美丽驻马店), a slogan of counts (三个代表) and a name followed by a count
(口袋公园12个) are not names. The stage is the stage word of knowledge/stages.csv nearest to the
name inside its clause.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache
from typing import Iterator

from pipeline import knowledge
from pipeline.records import NATIONAL_REGION, Paragraph, ProgramMention, ReportMeta

# Strongest first: a report's mention of a key keeps the strongest evidence it has.
EVIDENCE = ("known", "suffix", "quoted", "listed", "context", "named")
STANDALONE_EVIDENCE = frozenset({"known", "suffix"})
JOIN_ONLY_EVIDENCE = frozenset({"named"})

NAME_CHARS = r"0-9A-Za-z\u4e00-\u9fff“”"
CLAUSE_END = "，。；！？：\n"
MAX_NAME_CHARS = 18
MAX_HEAD_CHARS = 6           # 物流基地: a kind read on through after a name (_candidates)
MIN_CANDIDATE_CHARS = 3      # a quoted, listed or context name is at least this long (药谷 is not)
MAX_CANDIDATE_CHARS = 12
OWN_LEVEL = re.compile(r"^[市县区省](?![级委域])")
# An edition or a year before a recurring event is not part of its name: 第十届中国农加工投洽会,
# 2024年全国东西合作经贸洽谈会.
EDITION = re.compile(r"(?:(?:19|20)\d\d年(?:度)?|第[0-9一二三四五六七八九十百]+[届次期])+")
QUOTED = re.compile(r"“([0-9A-Za-z\u4e00-\u9fff]{2,14})”")
HAS_DIGIT = re.compile(r"[0-9]")
# A name followed by a count is a kind of thing (建成口袋公园12个, 新增A级旅游景区5家).
COUNTED_AFTER = re.compile(r"[0-9.]+(?:多)?[个家座处所条]|[一二三四五六七八九十两]+[个家座处所条]")


@lru_cache(maxsize=1)
def program_words() -> dict[str, tuple[str, ...]]:
    """role -> words, longest first."""
    roles: dict[str, list[str]] = {}
    for row in knowledge.rows("program_words.csv"):
        roles.setdefault(row["role"], []).append(row["word"])
    return {role: tuple(sorted(words, key=len, reverse=True)) for role, words in roles.items()}


def _alternative(role: str) -> str:
    return "(?:" + "|".join(map(re.escape, program_words()[role])) + ")"


# Counted or listed kinds end where the name would start: 729个重点项目, 华鲁恒升等项目.
COUNT_MARK = re.compile(r"[0-9.]+(?:多)?" + _alternative("count_unit") + r"|[一二三四五六七八九十百两]+[个项件批条]"
                        r"|等|" + "|".join(map(re.escape, program_words()["count"])))
KEY_NOISE = re.compile(r"[“”\"'《》]|" + _alternative("key_noise") + "$")
# The end of a list of projects: 、…、皇家驿站等(一批|64个)(重点|重大)项目.
LIST_END = re.compile(r"等(?:" + "|".join(map(re.escape, program_words()["list_count"])) + r"|[0-9]+个)?"
                      r"(?:[\u4e00-\u9fff]{0,4})" + _alternative("list_end"))
QUOTED_NAMED_BY = program_words()["quoted_kind"]   # “万人助万企”活动, “清苑西瓜”品牌: what a quoted name is
# A count of things opens a slogan, not a name: 三个代表, 四个意识, 十二五; so do two counts
# anywhere (三重一大, 三具两基一抓手, 一件事一次办).
NUMBERED_SLOGAN = re.compile(r"^[一二三四五六七八九十两双]+(?:" + "|".join(map(re.escape, program_words()["slogan_count"]))
                             + r"|五$)|[一二三四五六七八九十两双].*[一二三四五六七八九十两双]")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words of government prose (knowledge/program_common_words.txt), generic words, suffixes and
    heads: a quoted, listed or context name made only of these is an activity, not a programme, and
    two names that share only these are not one programme (洽谈会, 体育)."""
    words = program_words()
    return frozenset(knowledge.words("program_common_words.txt")) | frozenset(words["generic"]) | \
        frozenset(words["suffix"]) | frozenset(words["head"]) | frozenset(words["not_suffix"])


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Names of China's divisions, full and short (驻马店市, 驻马店): a place alone names no
    programme (美丽驻马店, 平安驻马店), and a shared place is no reason to link two names."""
    from pipeline import metadata
    names = set()
    for division in metadata.divisions():
        names.add(division.name)
        if len(division.short) >= 2:
            names.add(division.short)
    return frozenset(names)


@lru_cache(maxsize=1)
def known_programs() -> dict[str, str]:
    """written name -> program_key."""
    return {row["name"]: row["program_key"] for row in knowledge.rows("programs.csv")}


@lru_cache(maxsize=1)
def stage_words() -> tuple[tuple[str, int, str], ...]:
    rows = [(r["stage_word"], int(r["stage_order"]), r["stage"]) for r in knowledge.rows("stages.csv")]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


def _alternation(words) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(suffix, known programme, stage word) alternations, each longest first.

    The suffix alternation also holds the words that only look like a suffix (中心城区, 计划生育):
    being longer they win where they stand, and _candidates skips them.
    Names are found by searching the suffix alternation inside a run of name characters, not with
    a lazy `[name chars]*?(?:suffix)` pattern: that one re-scanned the rest of a run from every
    position when no suffix followed (quadratic in the run), and was most of find_programs' time.
    """
    words = program_words()
    suffix = _alternation(words["suffix"] + words.get("not_suffix", ()))
    known = _alternation(known_programs())
    stages = _alternation(w for w, _, _ in stage_words())
    return re.compile(suffix), re.compile(known), re.compile(stages)


@lru_cache(maxsize=1)
def _marks_re() -> re.Pattern:
    """Where a context name stops: a lead or naming verb, a stage word, a quotation mark."""
    words = program_words()
    marks = {*words["lead"], *words["lead_start"], *words["naming"], *words["naming_quoted"],
             *words["named_by"], *(w for w, _, _ in stage_words())}
    return re.compile(f"{_alternation(marks)}|[“”]")


CLAUSE = re.compile(rf"[^{CLAUSE_END}]+")
NAME_RUN = re.compile(rf"[{NAME_CHARS}]+")


@lru_cache(maxsize=1)
def _start_leads() -> tuple[str, ...]:
    """Words cut off the start of a name: leads, start-only leads and naming verbs, longest first."""
    words = program_words()
    return tuple(sorted({*words["lead"], *words["lead_start"], *words["naming"], *words["naming_quoted"]},
                        key=len, reverse=True))


@lru_cache(maxsize=1)
def _leads_re() -> re.Pattern:
    """A lead word (利用好: with or without 好 after it)."""
    return re.compile(f"(?:{_alternation(_start_leads())})好?")


@lru_cache(maxsize=1)
def _context_re() -> re.Pattern:
    """A naming verb or a stage word that names a project: a clause without one has no context name."""
    words = program_words()
    return re.compile(_alternation({*words["naming"], *words["named_by"]}))


@lru_cache(maxsize=1)
def _any_name_re() -> re.Pattern:
    """Anything a name can be found by: a clause without one of these names nothing."""
    suffix, known, _ = _patterns()
    return re.compile(f"{suffix.pattern}|{known.pattern}|{_context_re().pattern}|“|等")


@lru_cache(maxsize=1)
def _lead_anywhere_re() -> re.Pattern:
    """Where a verb inside a candidate ends: leads and naming verbs (精心筹办|北京冬奥会), but not
    the words that are part of a name inside it (建成区: role not_inside)."""
    words = program_words()
    verbs = {*words["lead"], *words["naming"], *words["naming_quoted"]} - set(words["not_inside"])
    return re.compile("(?=((?:" + _alternation(verbs) + ")好?))")


@lru_cache(maxsize=1)
def _stage_of_word() -> dict[str, tuple[int, str]]:
    return {w: (o, s) for w, o, s in stage_words()}


@lru_cache(maxsize=1)
def _naming_words() -> frozenset[str]:
    return frozenset(program_words()["naming"])


@lru_cache(maxsize=1)
def _named_by_words() -> frozenset[str]:
    return frozenset(program_words()["named_by"])


@lru_cache(maxsize=1)
def _not_suffix() -> frozenset[str]:
    return frozenset(program_words().get("not_suffix", ()))


def program_key(name: str, region: str | None = None) -> str:
    """The name used for linking: quotes, 建设/项目 noise, an edition (第十届) and the region's own
    name (德州市体育公园, 市体育公园 → 体育公园) stripped, known spellings unified."""
    key = KEY_NOISE.sub("", name)
    edition = EDITION.match(key)
    if edition is not None and edition.end() < len(key):
        key = key[edition.end():]
    if region and region != NATIONAL_REGION:
        for own in (region, region[:-1]):
            if key.startswith(own) and len(key) > len(own) + 1:
                key = key[len(own):]
                break
    key = OWN_LEVEL.sub("", key) if len(key) > 3 else key
    return known_programs().get(key, key) or name


def _strip_leads(name: str) -> str:
    """Cut the clause's verbs and modifiers off the front (longest first, one after another), as
    long as something is left."""
    leads, at = _leads_re(), 0
    while (lead := leads.match(name, at)) is not None and lead.end() < len(name):
        at = lead.end()
    return name[at:]


def _cut_after_leads(candidate: str, core: str) -> str:
    """A verb inside the core means the name starts after it (镇实施建设项目 → 建设项目): the furthest
    end of any lead word in it (at each place the lookahead takes the longest); so does an edition
    (承办好第三届产教融合发展战略国际论坛)."""
    cut = max((m.start() + len(m.group(1)) for m in _lead_anywhere_re().finditer(core)), default=0)
    edition = EDITION.search(core, cut)
    if edition is not None and edition.end() < len(core):
        cut = edition.end()
    return _strip_leads(candidate[cut:])


def _core_is_generic(core: str) -> bool:
    """True when what precedes the suffix is made only of generic words (重点, 市级, …), one character
    aside at the end."""
    rest = core.replace("“", "").replace("”", "")
    return _generic_core_re().fullmatch(rest) is not None


@lru_cache(maxsize=1)
def _generic_core_re() -> re.Pattern:
    return re.compile(f"(?:{_alternation(program_words()['generic'])})*.?")


@lru_cache(maxsize=65536)
def is_common_phrase(name: str) -> bool:
    """True when the name can be cut entirely into common words and place names (党风廉政,
    公共服务设施, 驻马店体育): two spellings that share no more than that are not one programme, and
    such a name is not looked for in a region's other reports (program_links)."""
    return _covered(name, _common_and_places())


@lru_cache(maxsize=1)
def _common_and_places() -> frozenset[str]:
    return common_words() | place_names()


@lru_cache(maxsize=65536)
def is_common_prose(name: str, own_names: frozenset[str] = frozenset()) -> bool:
    """True when a quoted, listed or context name can be cut entirely into common words and the
    region's own names (党风廉政, 美丽驻马店 in 驻马店), or is only a place: an activity every
    region speaks of, not a programme. Another place is part of a name (清苑西瓜, 正阳花生)."""
    text = name.replace("“", "").replace("”", "")
    return text in place_names() or _covered(text, _common_and(own_names))


@lru_cache(maxsize=256)
def _common_and(own_names: frozenset[str]) -> frozenset[str]:
    return common_words() | own_names


def _covered(name: str, words: frozenset[str]) -> bool:
    """The name can be cut entirely into the words."""
    text = name.replace("“", "").replace("”", "")
    longest = 8
    # covered[i]: fewest leftover characters in a cut of text[:i] into the words
    covered = [0] + [len(text) + 1] * len(text)
    for end in range(1, len(text) + 1):
        best = covered[end - 1] + 1
        for start in range(max(0, end - longest), end):
            if covered[start] < best and text[start:end] in words:
                best = covered[start]
        covered[end] = best
    return covered[-1] == 0


@lru_cache(maxsize=4096)
def own_names(region: str | None) -> frozenset[str]:
    """The region's name, full and short (驻马店市, 驻马店): its reports' slogans use them."""
    if not region or region == NATIONAL_REGION:
        return frozenset(program_words()["national_name"])
    return frozenset({region, region[:-1]} if len(region) > 2 else {region})


def _counts(candidate: str) -> list[re.Match]:
    """The count marks of a candidate; a count inside quotation marks is part of a name (“三个一百”),
    a list (“地等项目”) is not."""
    return [m for m in COUNT_MARK.finditer(candidate)
            if m.group() == "等" or candidate.count("“", 0, m.start()) == candidate.count("”", 0, m.start())]


def clean_name(candidate: str, suffix: str) -> str | None:
    """The project name inside a candidate run, or None when it is a kind rather than a name."""
    counted = _counts(candidate)
    if counted:
        candidate = candidate[counted[-1].end():]
    core = candidate[: len(candidate) - len(suffix)]
    candidate = _cut_after_leads(candidate, core)
    core = candidate[: len(candidate) - len(suffix)]
    if not core or len(candidate) > MAX_NAME_CHARS or core[0].isdigit() or _core_is_generic(core):
        return None
    if any(word in core for word in program_words()["kind"]):
        return None
    if candidate.count("“") != candidate.count("”"):
        candidate = candidate.replace("“", "").replace("”", "")
    return candidate


def clean_candidate(piece: str, own: frozenset[str] = frozenset()) -> str | None:
    """A quoted, listed or context name, or None: edition words off the front, then the same tests
    as a suffix name, then it must not be common prose."""
    counted = _counts(piece)
    if counted:
        piece = piece[counted[-1].end():]
    piece = _cut_after_leads(piece, piece)
    if not (MIN_CANDIDATE_CHARS <= len(piece) <= MAX_CANDIDATE_CHARS) or HAS_DIGIT.search(piece):
        return None
    if NUMBERED_SLOGAN.match(piece):
        return None
    if (any(word in piece for word in program_words()["kind"] + program_words()["project"])
            or is_common_prose(piece, own)):
        return None
    return piece


def stage_in(clause: str, name_start: int, name_end: int) -> tuple[int, str] | None:
    """(order, stage) the clause gives the name: the latest stage after it, else the nearest before."""
    _, _, stages_re = _patterns()
    order = _stage_of_word()
    after = [order[m.group()] for m in stages_re.finditer(clause, name_end)]
    if after:
        return max(after)  # 建成投用: the furthest stage the clause reports
    before = [m for m in stages_re.finditer(clause, 0, name_start)]
    return order[before[-1].group()] if before else None


def _paragraph_of(paragraphs: list[Paragraph], starts: list[int], offset: int) -> int:
    i = bisect.bisect_right(starts, offset) - 1
    return paragraphs[i].paragraph if i >= 0 else 0


def _candidates(run: str) -> Iterator[tuple[int, str, str]]:
    """(end, candidate, suffix) in one run of name characters: each candidate runs from where the
    previous one ended to the end of the first suffix after that (the longest suffix at the
    leftmost place, as the suffix alternation is ordered). A word that only looks like a suffix
    (中心城区) ends a stretch without naming anything."""
    suffix_re, _, _ = _patterns()
    not_suffix = _not_suffix()
    at = 0
    while (suffix := suffix_re.search(run, at)) is not None:
        if suffix.group() in not_suffix:
            at = suffix.end()
            continue
        end = suffix.end()
        # A kind right after the name is its head, not a name of its own: 马庄铁路|物流基地,
        # 驻信高速公路|连接线. Read on through it.
        while (head := suffix_re.search(run, end, end + MAX_HEAD_CHARS)) is not None \
                and head.group() not in not_suffix and _marks_re().search(run, end, head.start()) is None \
                and _is_head(run[end:head.end()], head.group()):
            end = head.end()
            suffix = head
        yield end, run[at:end], suffix.group()
        at = end


def _is_head(stretch: str, suffix: str) -> bool:
    """A suffix with nothing or only generic words before it (项目, 物流基地), no kind (重点项目)."""
    core = stretch[: len(stretch) - len(suffix)]
    return not core or (_core_is_generic(core) and not any(w in core for w in program_words()["kind"]))


def _context_pieces(run: str) -> Iterator[tuple[int, int]]:
    """(start, end) in a run of the words between two marks, when a stage word that marks a project
    comes right after them (皇家驿站|开工), or a naming verb right before them and nothing but the end
    of the run or a stage word after (举办|中国农加工投洽会): a phrase that runs on into another verb
    (实施|扩大内需战略同|深化) or a modifier (实施|适度宽松|的) is not a name."""
    naming, named_by, stages = _naming_words(), _named_by_words(), _stage_of_word()
    marks = list(_marks_re().finditer(run))
    bounds = [(0, 0, "")] + [(m.start(), m.end(), m.group()) for m in marks] + [(len(run), len(run), "")]
    for (_, start, before), (end, _, after) in zip(bounds, bounds[1:]):
        if end - start < MIN_CANDIDATE_CHARS:
            continue
        if after in named_by or (before in naming and (end == len(run) or after in stages)):
            yield start, end


def _in_naming_context(clause: str, quoted: re.Match) -> bool:
    """A naming verb before the quoted name in its run (打造“中国药谷”, 承办了全国“农洽会”, 推行“河长制”),
    or a suffix or stage word right after it (“雪亮”工程, “中国药谷”建设): not a slogan a report
    only holds to (坚持“房住不炒”, 防范“黑天鹅”)."""
    suffix_re, _, stages_re = _patterns()
    after = clause[quoted.end():quoted.end() + 4]
    if suffix_re.match(after) or stages_re.match(after) or after.startswith(QUOTED_NAMED_BY):
        return True
    run_start = quoted.start()
    while run_start > 0 and NAME_RUN.match(clause[run_start - 1]):
        run_start -= 1
    naming = _naming_words() | frozenset(program_words()["naming_quoted"])
    return any(m.group() in naming for m in _marks_re().finditer(clause, run_start, quoted.start()))


def _listed_items(clause: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each item of a list that ends in 等…项目 (A、B、C等重点项目)."""
    for end_of_list in LIST_END.finditer(clause):
        start = clause.rfind("等", 0, end_of_list.start()) + 1   # a list ends at the previous 等
        at = start
        for item in clause[start:end_of_list.start()].split("、"):
            yield at, at + len(item)
            at += len(item) + 1


def find_programs(text: str, paragraphs: list[Paragraph], meta: ReportMeta) -> list[ProgramMention]:
    """Named projects and programmes of one report, one mention per program_key: its strongest
    evidence, and the latest stage any of its mentions has."""
    suffix_re, known_re, _ = _patterns()
    known = known_programs()
    starts = [p.char_start for p in paragraphs]
    own = own_names(meta.region)
    best: dict[str, list] = {}   # key -> [evidence index, stage order, mention of the latest stage]
    any_name = _any_name_re()
    found: list[tuple[int, int, str, str]] = []   # in the clause: start, end, name, evidence

    def add(start: int, end: int, name: str, evidence: str) -> None:
        if not any(start < e and s < end for s, e, _, _ in found):
            found.append((start, end, name, evidence))

    for clause_match in CLAUSE.finditer(text):
        clause = clause_match.group()
        if any_name.search(clause) is None:   # most clauses name nothing
            continue
        clause_start = clause_match.start()
        found.clear()
        for m in known_re.finditer(clause):
            add(m.start(), m.end(), m.group(), "known")
        runs = list(NAME_RUN.finditer(clause))
        if suffix_re.search(clause) is not None:
            for run in runs:
                for run_end, candidate, suffix in _candidates(run.group()):
                    name = clean_name(candidate, suffix)
                    if name is not None and not COUNTED_AFTER.match(clause, run.start() + run_end):
                        end = run.start() + run_end
                        # a known programme inside it already names it (“吨半粮”示范区 → 吨半粮)
                        add(end - len(name), end, name, "suffix")
        if "“" in clause:
            for m in QUOTED.finditer(clause):
                if clean_candidate(m.group(1), own) == m.group(1):
                    add(m.start(), m.end(), m.group(), "quoted" if _in_naming_context(clause, m) else "named")
        if "等" in clause:
            for start, end in _listed_items(clause):
                _add_piece(add, clause, start, end, "listed", own)
        if _context_re().search(clause) is not None:
            for run in runs:
                for start, end in _context_pieces(run.group()):
                    _add_piece(add, clause, run.start() + start, run.start() + end, "context", own)
        for start, end, name, evidence in found:
            key = known[name] if evidence == "known" else program_key(name, meta.region)
            stage = stage_in(clause, start, end)
            order = stage[0] if stage else 0
            strength = EVIDENCE.index(evidence)
            if key in best and order <= best[key][1]:
                best[key][0] = min(best[key][0], strength)
                continue
            mention = ProgramMention(
                program_name=name, program_key=key, stage=stage[1] if stage else None,
                paragraph=_paragraph_of(paragraphs, starts, clause_start + start), quote=clause.strip(),
                char_start=clause_start, char_end=clause_start + len(clause), evidence=evidence,
            )
            best[key] = [min(strength, best[key][0]) if key in best else strength, order, mention]
    mentions = (replace(mention, evidence=EVIDENCE[strength]) if mention.evidence != EVIDENCE[strength] else mention
                for strength, _, mention in best.values())
    return sorted(mentions, key=lambda m: (m.char_start, m.program_key))


def _add_piece(add, clause: str, start: int, end: int, evidence: str, own: frozenset[str]) -> None:
    """A listed or context piece of the clause, cleaned, at the place its cleaned name ends."""
    piece = clause[start:end]
    if not piece or "“" in piece or "”" in piece:
        return
    name = clean_candidate(piece, own)
    if name is not None:
        at = start + piece.rfind(name)
        add(at, at + len(name), name, evidence)
