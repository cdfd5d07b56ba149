"""Following a region's programmes across its years: which names are programmes, which spellings
are one programme, and ids that stay put.

For each region, its mentions (programs.find_programs) are grouped by program_key and the keys are
linked by the rules of program_rules.py (exact key, stem, affix, prefixed, reordered, abbreviation,
kind, inner_word, extension, fuzzy), each link with its rule and score, and the programmes that are
one series of a renamed event merged (program_editions.py, rule `edition`), as are a renamed line (program_renames.py,
`rename`) and a slogan whose count grows (program_counts.py, `count`).

Then discovery: a programme is kept when one of its keys stands on its own (a known name or a name
with a suffix), or when its region's reports name it in at least `program_min_reports` of them
(quoted, listed or in a naming context): a region's own names are learned from its own series. A
campaign's quoted name written alone in too few reports to stand joins the campaign (quoted_head; the
display name stays the campaign's). Then the reports that name a recurring programme only in passing
are found (program_found.py: one pass over each text of the region with one trie-shaped pattern of its
names), rule `found`, and with
them a brand the programmes' names carry (program_brands.py: 夏南牛 of 夏南牛产业园), a programme of
its own once enough reports write it.
Ids: assign_ids. Corrections (link_program / unlink_program) are applied last. Each mention is a
row of out_program_timeline; warehouse/sql/040_views_programs.sql reads them per year and programme.
"""
from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter, defaultdict

import pandas as pd
from rapidfuzz import fuzz

from reportcmp.pipeline import programs
from reportcmp.pipeline.config import CompareSettings
from reportcmp.pipeline.program_brands import brand_candidates
from reportcmp.pipeline.program_counts import merge_counts
from reportcmp.pipeline.program_editions import edition_offsets, merge_editions, report_years
from reportcmp.pipeline.program_found import found_mentions, zone_candidates
from reportcmp.pipeline.program_renames import merge_renames
from reportcmp.pipeline.program_rules import link_keys, stem  # noqa: F401  (stem: re-exported)

MENTIONS_SQL = """
SELECT r.region, r.region_key, r.report_year, m.report_sha256, m.mention_seq,
       m.program_name, m.program_key, m.stage, m.quote, coalesce(m.evidence, 'suffix') AS evidence,
       p.period_start, p.period_end
FROM core_program_mentions m JOIN core_reports r USING (report_sha256)
LEFT JOIN core_paragraphs p ON p.report_sha256 = m.report_sha256 AND p.paragraph = m.paragraph
ORDER BY r.region_key, r.report_year, m.mention_seq
"""
TIMELINE_COLUMNS = [
    "program_id", "program_name", "region", "region_key", "report_year", "stage", "quote", "match_score",
    "match_rule", "program_key", "report_sha256", "mention_seq", "corrected", "correction_note",
    "evidence", "stage_order", "display_name",
]
def program_id(region_key: str, key: str) -> str:
    """The id a new programme gets: a hash of its region and earliest key (assign_ids: when an id
    already given is kept instead)."""
    return hashlib.sha1(f"{region_key}|{key}".encode("utf-8")).hexdigest()[:12]


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


def _slips_apart(canonical: dict[str, tuple[str, str, float]],
                 written: dict[str, set[str]]) -> dict[str, tuple[str, str, float]]:
    """A homophone link (program_rules rule 6d) is a typing slip only when no report writes both
    spellings: “水运江苏” and “水韵江苏” in one report are two names (water transport, a tourism brand)."""
    slips = {key for key, (root, rule, _) in canonical.items() if rule == "homophone" and written[key] & written[root]}
    if not slips:
        return canonical
    return {key: (key, "first", 100.0) if key in slips else link for key, link in canonical.items()}


def kept_programmes(canonical: dict[str, tuple[str, str, float]], evidence: dict[str, str],
                    reports: dict[str, set[str]], min_reports: int,
                    written: dict[str, set[str]] | None = None) -> set[str]:
    """The roots that are programmes: one of their keys stands on its own (known, suffix), or their
    keys together are named in at least min_reports reports of the region (`reports`: the reports
    that name a key, join-only mentions aside), or one report names it so and more than min_reports
    write it, the others only in passing (`written`: every report that writes a key; “野三坡我来野”品牌推广
    in one report, 叫响“野三坡我来野” and 唱响“野三坡我来野” in the next two). One report in context and
    one in passing is too little for a short or many-part quoted name (_a_quoted_name): “护城河”,
    “台湾独立” would be programmes."""
    standalone: set[str] = set()
    named_in: dict[str, set[str]] = defaultdict(set)
    written_in: dict[str, set[str]] = defaultdict(set)
    for key, (root, _, _) in canonical.items():
        if evidence[key] in programs.STANDALONE_EVIDENCE:
            standalone.add(root)
        named_in[root] |= reports[key]
        written_in[root] |= (written or reports)[key]
    return standalone | {root for root, seen in named_in.items()
                         if len(seen) >= min_reports or (seen and len(written_in[root]) > min_reports)
                         or (seen and len(written_in[root]) >= min_reports and _a_quoted_name(root))}


QUOTED_HEAD = re.compile(r"“([^”]+)”(.+)")   # grammar: a quoted name and the words after it
PHRASE_END = re.compile(r"[，,。；;、：:“]")   # grammar: where the words after a quoted name stop


def quoted_heads(canonical: dict[str, tuple[str, str, float]], records: list[dict],
                 kept: set[str]) -> dict[str, tuple[str, str, float]]:
    """Rule `quoted_head`: the keys of ONE region a kept campaign writes in quotation marks before words ending
    in a word for a campaign (role campaign_end: “治重化积”专项行动, “走遍涞水”生态文明教育实践行动), whose own
    programme was not kept (named in too few reports, or only in passing: 巩固“治重化积”攻坚成果), linked to the
    campaign; the score is the share of the campaign's key the quoted name is. Not when a report writing the
    quoted name names another thing after it (_names_another: “一湖四水”全流域生态补偿机制 is no
    “一湖四水”防洪排涝工程), nor a tail that opens on a lead (“四水四定”由试点), nor a quoted name two kept
    campaigns write (“疆电外送”第三通道, 第四通道)."""
    words = programs.program_words()
    ends = tuple(words["campaign_end"])
    # a preposition opening the tail (“四水四定”由试点向全区拓展): a one-character lead, not a work (改造工程)
    leads = tuple(w for w in (*words["lead"], *words["lead_start"]) if len(w) == 1)
    campaigns: dict[str, set[str]] = defaultdict(set)
    for record in records:
        quoted = QUOTED_HEAD.fullmatch(record["program_name"])
        root = canonical[record["program_key"]][0]
        if quoted is not None and root in kept and quoted.group(2).endswith(ends) \
                and not quoted.group(2).startswith(leads):
            head = programs.program_key(quoted.group(1), record["region"])
            if head in canonical and canonical[head][0] not in kept:
                campaigns[head].add(record["program_key"])
    other_kinds = (set(words["suffix"]) | set(programs.QUOTED_NAMED_BY)) - set(ends)
    refused = {record["program_key"] for record in records
               if record["program_key"] in campaigns and _names_another(record, other_kinds)}
    links = {}
    for head, keys in campaigns.items():
        roots = {canonical[key][0] for key in keys}
        if len(roots) == 1 and head not in refused:
            longest = max(keys, key=len)
            links[head] = (roots.pop(), "quoted_head", round(100.0 * len(head) / len(longest), 1))
    return links


def _names_another(record: dict, other_kinds: set[str]) -> bool:
    """The words after the quoted name in a report that writes it alone name another thing than a campaign:
    what a name ends in, a suffix or what a quoted name is, other than a word for a campaign (“一湖四水”全流域
    生态补偿机制, 三江源“中华水塔”生态保护支持体系, “金芙蓉”投资基金, 高校“双一流”建设等项目; not
    “三乱两超”整治成果, “走遍涞水”生态文明教育实践活动)."""
    quote, name = record["quote"] or "", record["program_name"]
    at = quote.find(name)
    if at < 0:
        return False
    phrase = PHRASE_END.split(quote[at + len(name):], maxsplit=1)[0]
    return any(kind in phrase for kind in other_kinds)


MIN_QUOTED_NAME_CHARS = 5   # “天齐庙·锦里”; not “护城河”, “台湾独立”


def _a_quoted_name(key: str) -> bool:
    """A quoted name long enough and of one part to be a programme when one report names it in context and
    another only writes it (高唐's “天齐庙·锦里”等项目建设, then 激发“天齐庙·锦里”活力); a saying of parts is a
    slogan (“不忘初心、牢记使命”), a short one too often a word set off (“护城河”)."""
    return len(key) >= MIN_QUOTED_NAME_CHARS and "、" not in key


def _named_in(canonical: dict[str, tuple[str, str, float]], reports: dict[str, set[str]],
              min_reports: int) -> set[str]:
    """The roots whose keys are named in at least min_reports reports (join-only mentions aside)."""
    named_in: dict[str, set[str]] = defaultdict(set)
    for key, (root, _, _) in canonical.items():
        named_in[root] |= reports[key]
    return {root for root, seen in named_in.items() if len(seen) >= min_reports}


def display_names(names_by_id: dict[str, Counter], canonical: frozenset[str] = frozenset()) -> dict[str, str]:
    """program_id -> the spelling an analyst sees for the programme: the one written in most reports,
    then a known programme's own name (knowledge/programs.csv: 三峡工程, not 三峡水利枢纽, when each is
    written twice), then the longest (the full name), then the first in code-point order (stable)."""
    return {pid: min(counts.items(), key=lambda item: (-item[1], item[0] not in canonical, -len(item[0]), item[0]))[0]
            for pid, counts in names_by_id.items()}


TEXTS_SQL = "SELECT region_key, report_sha256, report_year, region, clean_text, level FROM core_reports ORDER BY report_year"
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
    levels: dict[str, str] = {}
    for row in con.execute(TEXTS_SQL).fetchall():
        texts[row[0]].append(row[:5])
        levels[row[0]] = row[5]
    previous = _previous_ids(con)
    canonical_keys = frozenset(programs.known_programs().values())
    stage_order = {stage: order for _, order, stage in programs.stage_words()}
    scorer = getattr(fuzz, settings.program_scorer)
    rows = []
    for region_key in dict.fromkeys([*by_region, *texts]):   # a region may name its zone only in passing
        records = by_region.get(region_key, [])
        evidence: dict[str, str] = {}
        reports: dict[str, set[str]] = defaultdict(set)
        written: dict[str, set[str]] = defaultdict(set)   # every report that writes the key
        for record in records:   # in order of first mention (year, seq)
            key, strength = record["program_key"], programs.EVIDENCE.index(record["evidence"])
            if key not in evidence or strength < programs.EVIDENCE.index(evidence[key]):
                evidence[key] = record["evidence"]
            if record["evidence"] not in programs.JOIN_ONLY_EVIDENCE:
                reports[key].add(record["report_sha256"])
            written[key].add(record["report_sha256"])
        canonical = link_keys(list(evidence), settings.program_link_accept, scorer, canonical_keys)
        canonical = _slips_apart(canonical, written)
        canonical = merge_editions(canonical, edition_offsets(records), report_years(records))
        canonical = merge_renames(canonical, records)
        canonical = merge_counts(canonical, records)
        kept = kept_programmes(canonical, evidence, reports, settings.program_min_reports, written)
        canonical.update(quoted_heads(canonical, records, kept))
        canonical = {key: link for key, link in canonical.items() if link[0] in kept}
        records = [r for r in records if r["program_key"] in canonical]
        if region_key in texts:
            recurring = _named_in(canonical, reports, settings.program_min_reports)
            brands = brand_candidates(records, canonical)
            zones = zone_candidates(canonical, levels.get(region_key, ""), recurring)
            # a brand also a listed key, a zone named in too few reports: their links if found too rarely
            linked = {key: canonical[key] for key in brands | zones if key in canonical}
            canonical.update((key, (key, "first", 100.0)) for key in brands | zones)
            found = found_mentions(records, canonical, texts[region_key], canonical_keys, recurring, brands, zones)
            for key in (brands | zones) - {r["program_key"] for r in found}:
                del canonical[key]   # written in too few reports, or the name of another programme
                if key in linked:
                    canonical[key] = linked[key]
            records += found
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
    # one mention per key and report: rows are reports. Names found in passing (乡村振兴) and a campaign's
    # bare quoted name (quoted_head: “办证难” of “办证难”动态清零专项行动) count only for a programme its reports
    # never name otherwise: the display name is a name as reports give it.
    names: dict[str, Counter] = defaultdict(Counter)
    passing: dict[str, Counter] = defaultdict(Counter)
    for pid, name, evidence, rule in zip(timeline["program_id"], timeline["program_name"], timeline["evidence"],
                                         timeline["match_rule"]):
        (passing if evidence == "found" or rule == "quoted_head" else names)[pid][name] += 1
    for pid, counts in passing.items():
        names.setdefault(pid, counts)
    timeline["display_name"] = timeline["program_id"].map(display_names(names, canonical_keys))
    _write(con, timeline, log_rows)


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
    from reportcmp.pipeline.corrections import region_mask
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
