"""Following a region's programmes across its years: which names are programmes, which spellings
are one programme, and ids that stay put.

For each region, its mentions (programs.find_programs) are grouped by program_key and linked:
1. `exact_key`: the same key (德州市体育公园 and 市体育公园 are both 体育公园);
2. `stem`: the same stem, the key without the words a name carries or drops (中国, a phase 二期,
   a head such as 工程, 项目, 园区, 基地: 百城建设提质工程 = 百城建设提质, 马庄铁路物流园 =
   马庄铁路物流基地二期);
3. `affix`: one stem ends the other, which adds a place or a qualifier before it (驿城区皇家驿站 ⊃
   皇家驿站, 中国农洽会 ⊃ 农洽会). A stem that another starts is not enough: 薄山水库引水工程 is not
   薄山水库, nor 嵖岈山通用机场 嵖岈山;
4. `abbreviation`: one stem keeps the other's characters in order, first and last among them
   (农洽会 of 中国农加工洽谈会);
5. `fuzzy`: rapidfuzz (CompareSettings.program_scorer) within a block of the same head, the last two
   characters (宁津县健身器材产业园 = 宁津健身器材产业园), never across different numbers
   (第二污水处理厂, 第四污水处理厂).
Rules 2 to 4 need the shared part to be distinctive, not words every report uses (体育 links
neither 体育公园 with 体育中心, nor 大数据中心 with 鲁北大数据中心): programs.is_common_phrase.
Each key joins the earlier key it links to best (rule order, then score, then the earliest), so the
cost is linear in the keys: stems and affixes are looked up in dicts; abbreviations are tried
within blocks of the same first and last character and fuzzy scores within blocks of the same head,
in one rapidfuzz `cdist` per block.

Then discovery: a programme is kept when one of its keys stands on its own (a known name or a name
with a suffix), or when its region's reports name it in at least `program_min_reports` of them
(quoted, listed or in a naming context): a region's own names are learned from its own series.
Then the reports that name a recurring programme only in passing are found (found_mentions: one
pass over each text of the region with one trie-shaped pattern of its names), rule `found`.
Ids: assign_ids. Corrections (link_program / unlink_program) are applied last. Each mention is a
row of out_program_timeline; warehouse/sql/040_views_programs.sql reads them per year and programme.
"""
from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter, defaultdict
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from pipeline import programs
from pipeline.config import CompareSettings

MENTIONS_SQL = """
SELECT r.region, r.region_key, r.report_year, m.report_sha256, m.mention_seq,
       m.program_name, m.program_key, m.stage, m.quote, coalesce(m.evidence, 'suffix') AS evidence
FROM core_program_mentions m JOIN core_reports r USING (report_sha256)
ORDER BY r.region_key, r.report_year, m.mention_seq
"""
TIMELINE_COLUMNS = [
    "program_id", "program_name", "region", "region_key", "report_year", "stage", "quote", "match_score",
    "match_rule", "program_key", "report_sha256", "mention_seq", "corrected", "correction_note",
    "evidence", "stage_order", "display_name",
]
RULES = ("exact_key", "stem", "affix", "abbreviation", "fuzzy")   # in the order they are tried
NUMERALS = re.compile(r"[0-9一二三四五六七八九十百千]+")
MIN_STEM_CHARS = 3
HEAD_CHARS = 2           # the characters of a name's head that fuzzy linking blocks on
MAX_ABBREVIATION_CHARS = 4
MIN_SHORTENED_CHARS = 5


def program_id(region_key: str, key: str) -> str:
    """The id a new programme gets: a hash of its region and earliest key (assign_ids: when an id
    already given is kept instead)."""
    return hashlib.sha1(f"{region_key}|{key}".encode("utf-8")).hexdigest()[:12]


@lru_cache(maxsize=1)
def _affixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(prefixes, heads) a name carries, drops or swaps, longest first (program_words.csv roles
    `affix_prefix` and `head`)."""
    words = programs.program_words()
    return words["affix_prefix"], words["head"]


SECTION = re.compile(r"[\u4e00-\u9fff]{1,4}段$")   # 焦桐高速泌阳段, 京港澳高速驻马店段


@lru_cache(maxsize=65536)
def stem(key: str) -> str:
    """The key without the words a name carries, drops or swaps, front and back, as long as at
    least MIN_STEM_CHARS remain: 中国农洽会 → 农洽会, 马庄铁路物流基地二期 → 马庄铁路物流, and
    without a section (焦桐高速公路泌阳段 → 焦桐高速)."""
    prefixes, heads = _affixes()
    section = SECTION.search(key)
    if section is not None and section.start() >= MIN_STEM_CHARS:
        key = key[: section.start()]
    changed = True
    while changed:
        changed = False
        for word in prefixes:
            if key.startswith(word) and len(key) - len(word) >= MIN_STEM_CHARS:
                key, changed = key[len(word):], True
                break
        for word in heads:
            if key.endswith(word) and len(key) - len(word) >= MIN_STEM_CHARS:
                key, changed = key[: -len(word)], True
                break
    return key


@lru_cache(maxsize=65536)
def distinctive(text: str) -> bool:
    """A stem two spellings may share: long enough, and not words every region's reports use."""
    return len(text) >= MIN_STEM_CHARS and not programs.is_common_phrase(text)


@lru_cache(maxsize=1)
def _joiners() -> tuple[str, ...]:
    return programs.program_words()["joiner"]


def _joined(longer: str, end: str) -> bool:
    """The words before `end` join another place or project to it (乐凯大街南延至|南三环)."""
    front = longer[: len(longer) - len(end)]
    return any(word in front for word in _joiners())


def _ends(text: str) -> list[str]:
    """Its ends of at least MIN_STEM_CHARS characters, itself excluded."""
    return [text[-n:] for n in range(MIN_STEM_CHARS, len(text))]


def link_keys(keys: list[str], accept: float, scorer=fuzz.token_sort_ratio,
              canonical_keys: frozenset[str] = frozenset()) -> dict[str, tuple[str, str, float]]:
    """key -> (root key, rule, score) for the keys of ONE region, in order of first mention.

    `canonical_keys` (the program_keys of knowledge/programs.csv) never join or are joined by a rule
    other than the same key: their spellings are listed there, and two of them are two programmes
    (长江经济带, 丝绸之路经济带 → 一带一路). The fuzzy scorer is CompareSettings.program_scorer:
    token_sort, not token_set, since a subset is not the same programme.
    """
    if not keys:
        return {}
    linkable = [i for i, key in enumerate(keys) if key not in canonical_keys]
    best: dict[int, tuple[int, int, float]] = {}   # key index -> (rule index, earlier index, score)

    def offer(i: int, j: int, rule: str, score: float) -> None:
        """Key i may join earlier key j: kept if better than what i has (rule, score, earliest)."""
        candidate = (RULES.index(rule), j, score)
        if i not in best or (candidate[0], -candidate[2], candidate[1]) < (best[i][0], -best[i][2], best[i][1]):
            best[i] = candidate

    stems = {i: stem(keys[i]) for i in linkable}
    by_stem: dict[str, int] = {}       # stem -> earliest key with it
    by_form: dict[str, int] = {}       # stem or key -> earliest key with it
    by_end: dict[str, tuple[int, str]] = {}   # an end of a stem or key -> (earliest key, that form)
    for i in linkable:
        s = stems[i]
        if not distinctive(s):
            continue
        if s in by_stem:
            offer(i, by_stem[s], "stem", 100.0)
        forms = [f for f in dict.fromkeys((s, keys[i])) if distinctive(f)]
        for form in forms:
            for end in _ends(form):    # an earlier stem or key is an end of this one
                if end in by_form and by_form[end] != i and distinctive(end) and not _joined(form, end):
                    offer(i, by_form[end], "affix", round(100.0 * len(end) / len(form), 1))
            if form in by_end and not _joined(by_end[form][1], form):   # an end of an earlier one
                j, longer = by_end[form]
                offer(i, j, "affix", round(100.0 * len(form) / len(longer), 1))
        by_stem.setdefault(s, i)
        for form in forms:
            by_form.setdefault(form, i)
            for end in _ends(form):
                by_end.setdefault(end, (i, form))
    _abbreviation_links(keys, [i for i in linkable if distinctive(stems[i])], stems, offer)
    _fuzzy_links(keys, linkable, accept, scorer, offer)

    canonical: dict[str, tuple[str, str, float]] = {}
    for i, key in enumerate(keys):
        if i in best:
            rule, j, score = best[i]
            canonical[key] = (canonical[keys[j]][0], RULES[rule], round(score, 1))
        else:
            canonical[key] = (key, "first", 100.0)
    return canonical


def is_abbreviation(short: str, long: str) -> bool:
    """The short name keeps the long one's characters in order, first and last among them: at most
    half of it when it is short (农洽会 of 农加工洽谈会, not 南驻路 of 南驻阜铁路), else at least
    MIN_SHORTENED_CHARS long (杨靖宇纪念馆 of 杨靖宇将军纪念馆, 上海世博会 of 上海世界博览会)."""
    if len(short) >= len(long) or short[0] != long[0] or short[-1] != long[-1]:
        return False
    if len(short) < MIN_SHORTENED_CHARS and (len(short) > MAX_ABBREVIATION_CHARS or 2 * len(short) > len(long)):
        return False
    at = 0
    for char in short:
        at = long.find(char, at) + 1
        if not at:
            return False
    return True


def _abbreviation_links(keys: list[str], members: list[int], stems: dict[int, str], offer) -> None:
    """Offer each key an earlier key whose stem abbreviates its stem, or is abbreviated by it,
    within blocks of the same first and last character (few keys share both)."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in members:
        blocks[(stems[i][0], stems[i][-1])].append(i)
    for block in blocks.values():
        for a in range(1, len(block)):
            i = block[a]
            for j in block[:a]:
                short, long = sorted((stems[i], stems[j]), key=len)
                if is_abbreviation(short, long):
                    offer(i, j, "abbreviation", round(100.0 * len(short) / len(long), 1))


def _fuzzy_links(keys: list[str], linkable: list[int], accept: float, scorer, offer) -> None:
    """Offer each key the best-scoring earlier key that ends in the same two characters, its head
    (中心, 公园, 高速: 市体育公园 is not 市体育中心), scoring >= accept."""
    # Only keys with the same head can link, so they are scored within their head's block: far
    # fewer pairs than one matrix over the region. Names are scored as written, character by
    # character (a name has no spaces, so token_sort_ratio weighs the whole name): cutting ~14 k
    # keys with jieba only to block and score them was ~1 s of a corpus run.
    blocks: dict[str, list[int]] = defaultdict(list)
    for i in linkable:
        blocks[keys[i][-HEAD_CHARS:]].append(i)
    for members in blocks.values():
        if len(members) < 2:
            continue
        names = [keys[i] for i in members]
        scores = process.cdist(names, names, scorer=scorer, dtype=np.float32, workers=1)
        for a in range(1, len(members)):
            earlier = scores[a, :a]
            passing = [b for b in np.flatnonzero(earlier >= accept)
                       if NUMERALS.findall(keys[members[a]]) == NUMERALS.findall(keys[members[b]])]
            if passing:   # best score; on a tie the earliest key. 第二污水处理厂 is not 第四污水处理厂.
                b = max(passing, key=lambda b: (earlier[b], -b))
                offer(members[a], members[b], "fuzzy", float(earlier[b]))


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


def kept_programmes(canonical: dict[str, tuple[str, str, float]], evidence: dict[str, str],
                    reports: dict[str, set[str]], min_reports: int) -> set[str]:
    """The roots that are programmes: one of their keys stands on its own (known, suffix), or their
    keys together are named in at least min_reports reports of the region (`reports`: the reports
    that name a key, join-only mentions aside)."""
    standalone: set[str] = set()
    named_in: dict[str, set[str]] = defaultdict(set)
    for key, (root, _, _) in canonical.items():
        if evidence[key] in programs.STANDALONE_EVIDENCE:
            standalone.add(root)
        named_in[root] |= reports[key]
    return standalone | {root for root, seen in named_in.items() if len(seen) >= min_reports}


def _named_in(canonical: dict[str, tuple[str, str, float]], reports: dict[str, set[str]],
              min_reports: int) -> set[str]:
    """The roots whose keys are named in at least min_reports reports (join-only mentions aside)."""
    named_in: dict[str, set[str]] = defaultdict(set)
    for key, (root, _, _) in canonical.items():
        named_in[root] |= reports[key]
    return {root for root, seen in named_in.items() if len(seen) >= min_reports}


def display_names(names_by_id: dict[str, Counter]) -> dict[str, str]:
    """program_id -> the spelling an analyst sees for the programme: the one written in most reports,
    then the longest (the full name), then the first in code-point order (stable)."""
    return {pid: min(counts.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[0]
            for pid, counts in names_by_id.items()}


TEXTS_SQL = "SELECT region_key, report_sha256, report_year, region, clean_text FROM core_reports ORDER BY report_year"
FOUND_SEQ = 1_000_000    # mention_seq of a found mention: after the report's own mentions
PROJECT_WORDS = programs.program_words()["project"]  # a name ending in one is not looked for in other reports


def link_programs(con, settings=CompareSettings(), corrections=()) -> None:
    """Rebuild out_program_timeline: each region's programmes, their mentions linked across years
    under stable ids (assign_ids says how ids survive rebuilds), and the reports that name a
    programme only in passing (found_mentions).

    Linking never crosses regions. link_program / unlink_program corrections are applied last.
    """
    settings = getattr(settings, "compare", settings)
    by_region: dict[str, list[dict]] = defaultdict(list)
    cursor = con.execute(MENTIONS_SQL)
    columns = [d[0] for d in cursor.description]
    for row in cursor.fetchall():   # rows as dicts without pandas' per-cell boxing (~0.2 s on the corpus)
        record = dict(zip(columns, row))
        by_region[record["region_key"]].append(record)
    texts: dict[str, list[tuple]] = defaultdict(list)
    for row in con.execute(TEXTS_SQL).fetchall():
        texts[row[0]].append(row)
    previous = _previous_ids(con)
    canonical_keys = frozenset(programs.known_programs().values())
    stage_order = {stage: order for _, order, stage in programs.stage_words()}
    scorer = getattr(fuzz, settings.program_scorer)
    rows = []
    for region_key, records in by_region.items():
        evidence: dict[str, str] = {}
        reports: dict[str, set[str]] = defaultdict(set)
        for record in records:   # in order of first mention (year, seq)
            key, strength = record["program_key"], programs.EVIDENCE.index(record["evidence"])
            if key not in evidence or strength < programs.EVIDENCE.index(evidence[key]):
                evidence[key] = record["evidence"]
            if record["evidence"] not in programs.JOIN_ONLY_EVIDENCE:
                reports[key].add(record["report_sha256"])
        canonical = link_keys(list(evidence), settings.program_link_accept, scorer, canonical_keys)
        kept = kept_programmes(canonical, evidence, reports, settings.program_min_reports)
        canonical = {key: link for key, link in canonical.items() if link[0] in kept}
        records = [r for r in records if r["program_key"] in canonical]
        if region_key in texts:
            recurring = _named_in(canonical, reports, settings.program_min_reports)
            records += found_mentions(records, canonical, texts[region_key], canonical_keys, recurring)
        records.sort(key=lambda r: (r["report_year"], r["mention_seq"]))
        ids = assign_ids(region_key, canonical, previous)
        first_year: dict[str, int] = {}
        for record in records:
            root, rule, score = canonical[record["program_key"]]
            first_year.setdefault(root, record["report_year"])
            if record["evidence"] == "found":
                rule, score = "found", 100.0
            elif rule == "first":
                rule = "first" if first_year[root] == record["report_year"] else "exact_key"
            rows.append({**record, "program_id": ids[root], "match_rule": rule, "match_score": score,
                         "corrected": False, "correction_note": None, "display_name": None,
                         "stage_order": stage_order.get(record["stage"], 0)})
    timeline = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    log_rows = _apply_program_corrections(timeline, corrections)
    names: dict[str, Counter] = defaultdict(Counter)   # one mention per key and report: rows are reports
    for pid, name in zip(timeline["program_id"], timeline["program_name"]):
        names[pid][name] += 1
    timeline["display_name"] = timeline["program_id"].map(display_names(names))
    _write(con, timeline, log_rows)


def search_names(records: list[dict], canonical: dict[str, tuple[str, str, float]],
                 canonical_keys: frozenset[str], recurring: set[str]) -> dict[str, str]:
    """name -> program_key to look for in a region's texts: for each programme its reports name in
    at least program_min_reports reports (`recurring`: one named once is not followed), its names
    as its reports
    write them (quotation marks dropped) or its keys, when they read as names (quoted, or ending in
    a suffix other than 项目: 皇家驿站, 许信高速, 中国药谷), are distinctive
    (programs.is_common_phrase) and belong to one programme only. Not a kind of project (招商引资项目
    is written every year), nor a phrase found only in context (国防教育). Known programmes are left
    out: find_programs finds every spelling of theirs."""
    owners: dict[str, set[str]] = defaultdict(set)
    key_of: dict[str, str] = {}
    for record in records:
        key = record["program_key"]
        if key in canonical_keys or record["evidence"] in programs.JOIN_ONLY_EVIDENCE \
                or canonical[key][0] not in recurring:
            continue
        quoted = "“" in record["program_name"]
        for name in {record["program_name"].replace("“", "").replace("”", ""), key}:
            if distinctive(name) and (quoted or _ends_in_a_name_suffix(name)):
                owners[name].add(canonical[key][0])
                key_of.setdefault(name, key)
    return {name: key_of[name] for name, roots in owners.items() if len(roots) == 1}


@lru_cache(maxsize=1)
def _name_suffixes() -> tuple[str, ...]:
    return tuple(w for w in programs.program_words()["suffix"] if w not in PROJECT_WORDS)


def _ends_in_a_name_suffix(name: str) -> bool:
    return name.endswith(_name_suffixes())


def found_mentions(records: list[dict], canonical: dict[str, tuple[str, str, float]], texts: list[tuple],
                   canonical_keys: frozenset[str], recurring: set[str]) -> list[dict]:
    """Mentions of the region's programmes in reports that name them without a naming context
    (“中国药谷”蔚然成势, 皇家驿站步行街): each programme's names looked for in every report of the
    region, one mention per programme and report that has none yet, evidence and rule `found`.
    One pass over each text with one pattern of all the names (a trie: linear in the text)."""
    names = search_names(records, canonical, canonical_keys, recurring)
    if not names:
        return []
    pattern = re.compile(trie_pattern(names))
    named = {(r["report_sha256"], canonical[r["program_key"]][0]) for r in records}
    found = []
    for region_key, sha, year, region, text in texts:   # TEXTS_SQL's columns
        seen: set[str] = set()
        for match in pattern.finditer(text):
            key = names[match.group()]
            root = canonical[key][0]
            if root in seen or (sha, root) in named:
                continue
            seen.add(root)
            clause, start = _clause_at(text, match.start())
            stage = programs.stage_in(clause, match.start() - start, match.end() - start)
            found.append({"region": region, "region_key": region_key,
                          "report_year": year, "report_sha256": sha,
                          "mention_seq": FOUND_SEQ + len(found), "program_name": match.group(),
                          "program_key": key, "stage": stage[1] if stage else None,
                          "quote": clause.strip(), "evidence": "found"})
    return found


def _clause_at(text: str, at: int) -> tuple[str, int]:
    """The clause of `text` around offset `at` (programs.CLAUSE_END ends one) and where it starts."""
    start = max(text.rfind(ch, 0, at) for ch in programs.CLAUSE_END) + 1
    ends = [e for e in (text.find(ch, at) for ch in programs.CLAUSE_END) if e >= 0]
    return text[start:min(ends, default=len(text))], start


def trie_pattern(words) -> str:
    """One regular expression matching any of the words, longest first, shaped as a trie so that the
    regex engine tries one branch per character instead of every word at every position."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def shape(node: dict) -> str:
        ends = "" in node
        branches = [(char if char.isalnum() else re.escape(char)) + shape(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        return body + "?" if ends else body

    return shape(trie)


def _write(con, timeline: pd.DataFrame, log_rows: list[tuple]) -> None:
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
