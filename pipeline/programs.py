"""Named projects and programmes: found in each report, then followed across one region's years.

A name is a run of name characters ending in a suffix of knowledge/program_words.csv (鲁北大数据中心,
市体育公园), a quoted name before such a suffix (“三个一百”改革工程), or a known programme of
knowledge/programs.csv (南水北调, 吨半粮). Precision over recall: counted or listed kinds
(729个重点项目, 等项目) and names made only of generic words (重点项目) are not names. The stage is
the stage word of knowledge/stages.csv nearest to the name inside its clause.
"""
from __future__ import annotations

import bisect
import hashlib
from collections import defaultdict
import logging
import re
from functools import lru_cache
from typing import Iterator

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from pipeline import knowledge, match
from pipeline.config import CompareSettings
from pipeline.records import Paragraph, ProgramMention, ReportMeta

NAME_CHARS = r"0-9A-Za-z\u4e00-\u9fff“”"
CLAUSE_END = "，。；！？：\n"
MAX_NAME_CHARS = 18
# Counted or listed kinds end where the name would start: 729个重点项目, 华鲁恒升等项目.
COUNT_MARK = re.compile(r"[0-9.]+(?:多)?[个项批家座条所处]|等|一批|多个|若干|各类")
OWN_LEVEL = re.compile(r"^[市县区省](?![级委])")
KEY_NOISE = re.compile(r"[“”\"'《》]|(?:建设)?项目$|建设$")


@lru_cache(maxsize=1)
def program_words() -> dict[str, tuple[str, ...]]:
    """role -> words, longest first."""
    roles: dict[str, list[str]] = {}
    for row in knowledge.rows("program_words.csv"):
        roles.setdefault(row["role"], []).append(row["word"])
    return {role: tuple(sorted(words, key=len, reverse=True)) for role, words in roles.items()}


@lru_cache(maxsize=1)
def known_programs() -> dict[str, str]:
    """written name -> program_key."""
    return {row["name"]: row["program_key"] for row in knowledge.rows("programs.csv")}


@lru_cache(maxsize=1)
def stage_words() -> tuple[tuple[str, int, str], ...]:
    rows = [(r["stage_word"], int(r["stage_order"]), r["stage"]) for r in knowledge.rows("stages.csv")]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(suffix, known programme, stage word) alternations, each longest first.

    Names are found by searching the suffix alternation inside a run of name characters, not with
    a lazy `[name chars]*?(?:suffix)` pattern: that one re-scanned the rest of a run from every
    position when no suffix followed (quadratic in the run), and was most of find_programs' time.
    """
    words = program_words()
    suffix = "|".join(map(re.escape, words["suffix"]))
    known = "|".join(map(re.escape, sorted(known_programs(), key=len, reverse=True)))
    stages = "|".join(re.escape(w) for w, _, _ in stage_words())
    return re.compile(suffix), re.compile(known), re.compile(stages)


CLAUSE = re.compile(rf"[^{CLAUSE_END}]+")
NAME_RUN = re.compile(rf"[{NAME_CHARS}]+")


@lru_cache(maxsize=1)
def _leads_re() -> re.Pattern:
    """Any lead word at the start: most candidates have none, and skip _strip_leads' loop."""
    return re.compile("|".join(map(re.escape, program_words()["lead"])))


@lru_cache(maxsize=1)
def _any_name_re() -> re.Pattern:
    """A suffix or a known programme: a clause without either names nothing."""
    suffix, known, _ = _patterns()
    return re.compile(f"{suffix.pattern}|{known.pattern}")


@lru_cache(maxsize=1)
def _lead_anywhere_re() -> re.Pattern:
    return re.compile("(?=(" + "|".join(map(re.escape, program_words()["lead"])) + "))")


@lru_cache(maxsize=1)
def _generic_re() -> re.Pattern:
    return re.compile("|".join(map(re.escape, program_words()["generic"])))


@lru_cache(maxsize=1)
def _stage_of_word() -> dict[str, tuple[int, str]]:
    return {w: (o, s) for w, o, s in stage_words()}


def program_key(name: str, region: str | None = None) -> str:
    """The name used for linking: quotes, 建设/项目 noise and the region's own name (德州市体育公园,
    市体育公园 → 体育公园) stripped, known spellings unified."""
    key = KEY_NOISE.sub("", name)
    if region and region != "全国":
        for own in (region, region[:-1]):
            if key.startswith(own) and len(key) > len(own) + 1:
                key = key[len(own):]
                break
    key = OWN_LEVEL.sub("", key) if len(key) > 3 else key
    return known_programs().get(key, key) or name


def _strip_leads(name: str) -> str:
    """Cut the clause's verbs and modifiers off the front, and anything up to a verb inside."""
    if not _leads_re().match(name):
        return name
    leads = program_words()["lead"]
    changed = True
    while changed:
        changed = False
        for lead in leads:
            if name.startswith(lead) and len(name) > len(lead):
                name, changed = name[len(lead):], True
    return name


def _core_is_generic(core: str) -> bool:
    """True when what precedes the suffix is made only of generic words (重点, 市级, …)."""
    generic = program_words()["generic"]
    rest = core.replace("“", "").replace("”", "")
    if not _generic_re().match(rest):
        return len(rest) < 2
    changed = True
    while rest and changed:
        changed = False
        for word in generic:
            if rest.startswith(word):
                rest, changed = rest[len(word):], True
    return len(rest) < 2


def clean_name(candidate: str, suffix: str) -> str | None:
    """The project name inside a candidate run, or None when it is a kind rather than a name."""
    counted = list(COUNT_MARK.finditer(candidate))
    if counted:
        candidate = candidate[counted[-1].end():]
    core = candidate[: len(candidate) - len(suffix)]
    # A verb inside the core means the name starts after it (镇实施建设项目 → 建设项目 → generic):
    # the furthest end of any lead word in it (at each place the lookahead takes the longest).
    cut = max((m.start() + len(m.group(1)) for m in _lead_anywhere_re().finditer(core)), default=0)
    candidate = _strip_leads(candidate[cut:])
    core = candidate[: len(candidate) - len(suffix)]
    if not core or len(candidate) > MAX_NAME_CHARS or core[0].isdigit() or _core_is_generic(core):
        return None
    if any(word in core for word in program_words()["kind"]):
        return None
    if candidate.count("“") != candidate.count("”"):
        candidate = candidate.replace("“", "").replace("”", "")
    return candidate


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
    leftmost place, as the suffix alternation is ordered)."""
    suffix_re, _, _ = _patterns()
    at = 0
    while (suffix := suffix_re.search(run, at)) is not None:
        yield suffix.end(), run[at:suffix.end()], suffix.group()
        at = suffix.end()


def find_programs(text: str, paragraphs: list[Paragraph], meta: ReportMeta) -> list[ProgramMention]:
    """Named projects and programmes of one report, one mention per program_key (latest stage)."""
    suffix_re, known_re, _ = _patterns()
    known = known_programs()
    starts = [p.char_start for p in paragraphs]
    best: dict[str, tuple[int, ProgramMention]] = {}
    for clause_match in CLAUSE.finditer(text):
        clause, clause_start = clause_match.group(), clause_match.start()
        if _any_name_re().search(clause) is None:   # most clauses name nothing
            continue
        found: list[tuple[int, int, str, str]] = []   # start, end in clause, name, key
        for m in known_re.finditer(clause):
            found.append((m.start(), m.end(), m.group(), known[m.group()]))
        if suffix_re.search(clause) is not None:
            for run in NAME_RUN.finditer(clause):
                for run_end, candidate, suffix in _candidates(run.group()):
                    name = clean_name(candidate, suffix)
                    if name is None:
                        continue
                    end = run.start() + run_end
                    start = end - len(name)
                    if any(start < e and s < end for s, e, _, _ in found):
                        continue  # a known programme inside it already names it (“吨半粮”示范区 → 吨半粮)
                    found.append((start, end, name, program_key(name, meta.region)))
        for start, end, name, key in found:
            stage = stage_in(clause, start, end)
            mention = ProgramMention(
                program_name=name, program_key=key, stage=stage[1] if stage else None,
                paragraph=_paragraph_of(paragraphs, starts, clause_start + start), quote=clause.strip(),
                char_start=clause_start, char_end=clause_start + len(clause),
            )
            rank = stage[0] if stage else 0
            if key not in best or rank > best[key][0]:
                best[key] = (rank, mention)
    return sorted((m for _, m in best.values()), key=lambda m: (m.char_start, m.program_key))


# ---- following programmes across years --------------------------------------------------------

MENTIONS_SQL = """
SELECT r.region, r.region_key, r.report_year, m.report_sha256, m.mention_seq,
       m.program_name, m.program_key, m.stage, m.quote
FROM core_program_mentions m JOIN core_reports r USING (report_sha256)
ORDER BY r.region_key, r.report_year, m.mention_seq
"""
TIMELINE_COLUMNS = [
    "program_id", "program_name", "region", "region_key", "report_year", "stage", "quote", "match_score",
    "match_rule", "program_key", "report_sha256", "mention_seq", "corrected", "correction_note",
]


def program_id(region_key: str, key: str) -> str:
    """The id a new programme gets: a hash of its region and earliest key (assign_ids: when an id
    already given is kept instead)."""
    return hashlib.sha1(f"{region_key}|{key}".encode("utf-8")).hexdigest()[:12]


def link_keys(keys: list[str], accept: float, scorer=fuzz.token_sort_ratio,
              canonical_keys: frozenset[str] = frozenset()) -> dict[str, tuple[str, str, float]]:
    """key -> (root key, rule, score) for the keys of ONE region, in order of first mention.

    The scorer is CompareSettings.program_scorer: token_sort, not token_set, since a subset is not the
    same programme (大数据中心 ⊂ 鲁北大数据中心 scores 100 with token_set_ratio).
    A key joins the earliest earlier key it scores >= accept with whose head noun (中心, 公园, 工程)
    agrees; otherwise it starts its own programme. `canonical_keys` (the program_keys of
    knowledge/programs.csv) never join or are joined by a score: their spellings are listed there,
    and two of them are two programmes (长江经济带, 丝绸之路经济带 → 一带一路).
    """
    if not keys:
        return {}
    # Only keys with the same head noun can link, so they are scored within their head's block:
    # exact, and far fewer pairs than one matrix over the region (and no jieba cut of a key alone
    # in its block).
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        if key not in canonical_keys:
            blocks[match.head_noun(key)].append(i)
    best: dict[int, tuple[int, float]] = {}   # key index -> (earlier key index, score)
    for members in blocks.values():
        if len(members) < 2:
            continue
        tokens = [match.token_string(keys[i]) for i in members]
        scores = process.cdist(tokens, tokens, scorer=scorer, dtype=np.float32, workers=1)
        for a in range(1, len(members)):
            earlier = scores[a, :a]
            passing = np.flatnonzero(earlier >= accept)
            if passing.size:
                b = passing[np.argmax(earlier[passing])]   # best score; on a tie the earliest key
                best[members[a]] = (members[b], float(earlier[b]))
    canonical: dict[str, tuple[str, str, float]] = {}
    for i, key in enumerate(keys):
        if i in best:
            j, score = best[i]
            canonical[key] = (canonical[keys[j]][0], "fuzzy", round(score, 1))
        else:
            canonical[key] = (key, "first", 100.0)
    return canonical


PREVIOUS_IDS_SQL = """
SELECT region_key, program_key, program_id, min(report_year) AS first_year
FROM out_program_timeline WHERE NOT corrected
GROUP BY ALL
"""


def assign_ids(region_key: str, canonical: dict[str, tuple[str, str, float]],
               previous: dict[tuple[str, str], str]) -> dict[str, str]:
    """root key -> program_id for the programmes of ONE region.

    The rule, so that ids stay put when reports are added in any order:
    1. A programme keeps the id its keys had in the last build (`previous`): the id of its
       earliest-mentioned key that had one. Adding an earlier report whose new spelling links to
       an existing programme therefore changes no id, though that spelling is now the earliest.
    2. A programme none of whose keys had an id gets program_id(region_key, root), the hash of its
       earliest key: a database built from scratch gets those, whatever order files come in.
    3. Ids are never shared: when two former programmes are now linked into one, the id of the
       earlier-mentioned one survives; a programme whose former id is already taken gets rule 2.
    So a database built step by step may keep ids that a fresh build would give differently;
    within one database an id, once given, follows its programme.
    """
    members: dict[str, list[str]] = {}
    for key, (root, _, _) in canonical.items():   # canonical is in order of first mention
        members.setdefault(root, []).append(key)
    ids, taken = {}, set()
    for root, keys in members.items():
        kept = [previous[(region_key, k)] for k in keys if (region_key, k) in previous]
        kept = [pid for pid in kept if pid not in taken]
        ids[root] = kept[0] if kept else program_id(region_key, root)
        if ids[root] in taken:   # a former id took the hash of this root: keep ids distinct
            ids[root] = program_id(region_key, f"{root}|{len(taken)}")
        taken.add(ids[root])
    return ids


def _previous_ids(con) -> dict[tuple[str, str], str]:
    """(region_key, program_key) -> the program_id the last build gave it (corrections aside)."""
    rows = con.execute(PREVIOUS_IDS_SQL).fetchall()
    previous: dict[tuple[str, str], tuple[int, str]] = {}
    for region_key, key, pid, first_year in rows:
        if (region_key, key) not in previous or first_year < previous[(region_key, key)][0]:
            previous[(region_key, key)] = (first_year, pid)
    return {k: pid for k, (_, pid) in previous.items()}


def link_programs(con, settings=CompareSettings(), corrections=()) -> None:
    """Rebuild out_program_timeline: mentions of one region linked across years under stable ids
    (assign_ids says how ids survive rebuilds).

    Linking never crosses regions. link_program / unlink_program corrections are applied last.
    """
    settings = getattr(settings, "compare", settings)
    mentions = con.execute(MENTIONS_SQL).df().astype(object)
    previous = _previous_ids(con)
    canonical_keys = frozenset(known_programs().values())
    rows = []
    for region_key, group in mentions.groupby("region_key", sort=False):
        keys = list(dict.fromkeys(group["program_key"]))   # in order of first mention (year, seq)
        canonical = link_keys(keys, settings.program_link_accept, getattr(fuzz, settings.program_scorer),
                              canonical_keys)
        ids = assign_ids(region_key, canonical, previous)
        first_year = {}
        for record in group.to_dict("records"):
            root, rule, score = canonical[record["program_key"]]
            first_year.setdefault(root, record["report_year"])
            if rule == "first":
                rule = "first" if first_year[root] == record["report_year"] else "exact_key"
            rows.append({**record, "program_id": ids[root], "match_rule": rule,
                         "match_score": score, "corrected": False, "correction_note": None})
    timeline = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    log_rows = _apply_program_corrections(timeline, corrections)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM out_program_timeline")
        con.execute("DELETE FROM out_correction_log WHERE action IN ('link_program', 'unlink_program')")
        for row in log_rows:
            con.execute("INSERT INTO out_correction_log (line, action, region, period_year, matched_rows, note, reason) "
                        "VALUES (?, ?, ?, NULL, ?, ?, ?)", row)
        if not timeline.empty:
            con.register("_timeline", timeline)
            con.execute(f"INSERT INTO out_program_timeline ({', '.join(TIMELINE_COLUMNS)}) "
                        f"SELECT {', '.join(TIMELINE_COLUMNS)} FROM _timeline")
            con.unregister("_timeline")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _apply_program_corrections(timeline: pd.DataFrame, corrections) -> list[tuple]:
    """link_program: mentions of that name join program_id; unlink_program: they get their own id.
    Returns the log rows (line, action, region, matched_rows, note, reason)."""
    from pipeline.corrections import region_mask
    log_rows = []
    for fix in corrections:
        if fix.action not in ("link_program", "unlink_program"):
            continue
        mask = (region_mask(timeline, fix.region) & (timeline["program_name"] == fix.program_name)).astype(bool)
        if fix.action == "link_program":
            timeline.loc[mask, "program_id"] = fix.program_id
        else:
            for index in timeline.index[mask]:
                timeline.at[index, "program_id"] = program_id(timeline.at[index, "region_key"],
                                                              f"{timeline.at[index, 'program_key']}|unlinked")
        timeline.loc[mask, "match_rule"] = "correction"
        timeline.loc[mask, "corrected"] = True
        timeline.loc[mask, "correction_note"] = fix.note
        matched = int(mask.sum())
        note = f"{matched} mention(s) of {fix.program_name}" if matched else f"no mention of {fix.program_name}"
        log_rows.append((fix.line, fix.action, fix.region, matched, note, fix.reason))
        if not matched:
            logging.getLogger("reportcmp").warning("corrections line %d (%s): %s in %s",
                                                   fix.line, fix.action, note, fix.region)
    return log_rows
