"""The reports that name a region's recurring programme only in passing (“中国药谷”蔚然成势, 皇家驿站步行街):
its names looked for in every report of the region, one pass over each text with one trie-shaped
pattern of all the names (linear in the text), evidence and rule `found`.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from reportcmp.pipeline import knowledge, programs
from reportcmp.pipeline.program_brands import MIN_BRAND_REPORTS
from reportcmp.pipeline.program_rules import MIN_LEAD_CHARS, PLACE_KINDS, distinctive, kind_and_lead, stem

MIN_SHORTENED_CHARS = 4  # a name without its dropped word: 乡村振兴, 青电入豫; not 职教 of 职教工程
MAX_DROPPED = 2          # 试点 and then 制度
MIN_LED_KEYS = 2
MAX_PLACE_CHARS = 6      # a place before a zone's short form (遂平县|开发区)
MAX_BOUNDED_CHARS = 3    # a name this short is found only where a word starts (not 冉庄|地道战)
ZONE_LEVELS = frozenset({"city", "county"})   # whose reports' bare 开发区 is their own zone
FOUND_SEQ = 1_000_000    # mention_seq of a found mention: after the report's own mentions
PROJECT_WORDS = programs.program_words()["project"]  # a name ending in one is not looked for in other reports


def search_names(records: list[dict], canonical: dict[str, tuple[str, str, float]],
                 canonical_keys: frozenset[str], recurring: set[str]) -> dict[str, str]:
    """name -> program_key to look for in a region's texts: for each programme its reports name in
    at least program_min_reports reports (`recurring`: one named once is not followed), its names
    as its reports write them (quotation marks dropped) or its keys, when they read as names
    (quoted, or ending in a suffix other than 项目: 皇家驿站, 许信高速, 中国药谷; a name ending in 项目 by its
    stem, MIN_SHORTENED_CHARS long: 太行水镇 of 太行水镇二期项目), and those keys
    without the word a report drops in passing (program_words.csv role dropped: 乡村振兴 of
    乡村振兴战略, 百城建设提质 of 百城建设提质工程; MIN_SHORTENED_CHARS long), and the lead of a kind of
    place (program_rules.kind_and_lead) that MIN_LED_KEYS of its names share (嵖岈山 of 嵖岈山景区 and
    嵖岈山旅游度假区, 好梦林水 of 好梦林水田园综合体 and 好梦林水特色小镇) or, for a kind of place
    (PLACE_KINDS), one name has (清西陵 of 清西陵景区), that are distinctive
    (programs.is_common_phrase), as the key is (市产业集聚区 is not looked for: its key 产业集聚区 is
    a kind, and 全市产业集聚区 is every zone of the city), and belong to one programme only. Not a kind of project (招商引资项目
    is written every year), nor a phrase found only in context (国防教育). Known programmes are left
    out: find_programs finds every spelling of theirs. A programme whose key is a kind of zone
    (高新技术产业开发区: the region's one such zone) is also looked for by the kind's short forms
    (knowledge/program_short_forms.csv: 高新区), alone or after the region's level (市高新区)."""
    owners: dict[str, set[str]] = defaultdict(set)
    key_of: dict[str, str] = {}
    keys_led: dict[tuple[str, str], set[str]] = defaultdict(set)   # (root, lead of a kind) -> its keys
    places: set[tuple[str, str]] = set()   # (root, lead of a kind of place)
    for record in records:
        key = record["program_key"]
        if key in canonical_keys or canonical[key][0] not in recurring:
            continue   # a quoted name that joined a programme is one of its names (“营改增”)
        for short in _short_forms().get(key, ()):   # the region's one zone of a kind: 高新区, 市高新区
            for name in (short, record["region"][-1:] + short):
                owners[name].add(canonical[key][0])
                key_of.setdefault(name, key)
        if not distinctive(key):
            continue   # 市产业集聚区: the region's own level before a kind is no name to look for (全市产业集聚区)
        quoted = "“" in record["program_name"]
        written = record["program_name"].replace("“", "").replace("”", "")
        forms = [name for name in dict.fromkeys((written, key)) if quoted or _ends_in_a_name_suffix(name)]
        if forms:   # and the key without the words a report drops in passing (乡村振兴 of 乡村振兴战略)
            forms += _shortened(key)
        elif written.endswith(PROJECT_WORDS) and len(bare := stem(key)) >= MIN_SHORTENED_CHARS \
                and not programs.HAS_DIGIT.search(bare) and programs.name_patterns()[2].search(bare) is None:
            forms = [bare]   # a project's name without 项目 and its phase (太行水镇 of 太行水镇二期项目)
        for name in forms:
            if distinctive(name) and not name.endswith(_natural_places()):   # not 宿鸭湖水库|除险加固
                owners[name].add(canonical[key][0])
                key_of.setdefault(name, key)
        if forms and (found := kind_and_lead(key)) is not None and distinctive(found[1]):
            keys_led[(canonical[key][0], found[1])].add(key)
            if found[0] in PLACE_KINDS and len(found[1]) >= MIN_LEAD_CHARS:
                places.add((canonical[key][0], found[1]))
    for (root, lead), keys in keys_led.items():   # a lead two names of the programme share (嵖岈山)
        if len(keys) >= MIN_LED_KEYS or (root, lead) in places:   # or a place's name (清西陵)
            owners[lead].add(root)
            key_of.setdefault(lead, min(keys))
    return {name: key_of[name] for name, roots in owners.items() if len(roots) == 1}


@lru_cache(maxsize=1)
def _short_forms() -> dict[str, tuple[str, ...]]:
    """A kind of zone -> the short forms a region writes for its one zone of that kind
    (knowledge/program_short_forms.csv: 高新技术产业开发区 → 高新区)."""
    forms: dict[str, list[str]] = defaultdict(list)
    for row in knowledge.rows("program_short_forms.csv"):
        forms[row["word"]].append(row["short_form"])
    return {word: tuple(found) for word, found in forms.items()}


@lru_cache(maxsize=1)
def _dropped() -> tuple[str, ...]:
    """Words a report drops after a programme's name, longest first."""
    return programs.program_words()["dropped"]


def _shortened(key: str) -> list[str]:
    """The key without the words a report drops after a name, one after another, as long as
    MIN_SHORTENED_CHARS remain (新型农村合作医疗制度试点 → …制度 → 新型农村合作医疗)."""
    shortened = []
    while (word := next((w for w in _dropped() if key.endswith(w) and len(key) - len(w) >= MIN_SHORTENED_CHARS),
                        None)) is not None and len(shortened) < MAX_DROPPED:
        key = key[: -len(word)]
        shortened.append(key)
    return shortened


@lru_cache(maxsize=1)
def _natural_places() -> tuple[str, ...]:
    """Words a river's, a lake's or a reservoir's name ends in (program_words.csv role natural_place): such a
    name in passing is where a project is (宿鸭湖水库除险加固, 板桥水库引水工程), not the programme itself."""
    return programs.program_words()["natural_place"]


@lru_cache(maxsize=1)
def _name_suffixes() -> tuple[str, ...]:
    return tuple(w for w in programs.program_words()["suffix"] if w not in PROJECT_WORDS)


def _ends_in_a_name_suffix(name: str) -> bool:
    return name.endswith(_name_suffixes())


def zone_candidates(canonical: dict[str, tuple[str, str, float]], level: str,
                    recurring: set[str] = frozenset()) -> set[str]:
    """The kinds of zone a city's or county's reports may name their own by the short form alone, never
    or once with the region's name (开发区 of a county whose reports never write 顺平经济开发区; 满城's
    开发区 of 2020 and 2023, 经济开发区 of 2022): each kind of knowledge/program_short_forms.csv that is
    no key of the region's programmes, or a key of its own named in fewer than program_min_reports
    reports (not `recurring`: search_names looks for those). Looked for like a brand (found_mentions)
    and kept when MIN_BRAND_REPORTS reports write it; a province's or the State Council's 开发区 is
    every zone."""
    if level not in ZONE_LEVELS:
        return set()
    return {kind for kind in _short_forms()
            if kind not in canonical or (canonical[kind][0] == kind and kind not in recurring)}


def found_mentions(records: list[dict], canonical: dict[str, tuple[str, str, float]], texts: list[tuple],
                   canonical_keys: frozenset[str], recurring: set[str], brands: set[str] = frozenset(),
                   zones: set[str] = frozenset()) -> list[dict]:
    """Mentions of the region's programmes in reports that name them without a naming context
    (“中国药谷”蔚然成势, 皇家驿站步行街): each programme's names looked for in every report of the
    region, one mention per programme and report that has none yet, evidence and rule `found`.
    `brands` (program_brands.py, each its own key in `canonical`) are looked for too, also after a
    place (泌阳|夏南牛), and kept only when MIN_BRAND_REPORTS reports write them; a brand that is
    already another programme's name is that programme's. So are `zones` (zone_candidates, each its
    own key in `canonical`), by the kind and its short forms (经济开发区, 开发区).
    One pass over each text with one pattern of all the names (a trie: linear in the text)."""
    names = search_names(records, canonical, canonical_keys, recurring)
    for zone in zones:
        for name in (zone, *_short_forms()[zone]):
            names.setdefault(name, zone)
    for name in _shared_short_forms(names, texts):
        del names[name]
    for brand in brands:
        names.setdefault(brand, brand)
    if not names:
        return []
    pattern = re.compile(trie_pattern(names))
    suffix_re = programs.name_patterns()[0]
    named = {(r["report_sha256"], canonical[r["program_key"]][0]) for r in records}
    own_names: dict[str, list[str]] = defaultdict(list)   # report -> the names it gives its own mentions
    for record in records:
        own_names[record["report_sha256"]].append(record["program_name"])
    short_forms, campaigns = _all_short_forms(), tuple(programs.program_words()["designation_verb"])
    found = []
    for region_key, sha, year, region, text in texts:   # TEXTS_SQL's first five columns
        seen: set[str] = set()
        for match in pattern.finditer(text):
            key = names[match.group()]
            root = canonical[key][0]
            if root in seen or (sha, root) in named or suffix_re.match(text, match.end()) \
                    or (len(match.group()) <= MAX_BOUNDED_CHARS and not programs.starts_a_word(text, match.start())
                        and not (key in brands and _after_a_place(text, match.start()))):
                continue   # 地道战|纪念馆 starts another programme's name, 冉庄|地道战 ends one
            if _names_a_place_of_another(match.group(), text, match.start(), own_names[sha]):
                continue   # 广泉大街|带状公园: the road is where the park is
            if match.group() in short_forms and text.endswith(campaigns, 0, match.start()):
                continue   # 高产创建|示范区: a title campaigned for, not the region's zone
            seen.add(root)
            clause, start = _clause_at(text, match.start())
            stage = programs.stage_in(clause, match.start() - start, match.end() - start)
            found.append({"region": region, "region_key": region_key,
                          "report_year": year, "report_sha256": sha,
                          "mention_seq": FOUND_SEQ + len(found), "program_name": match.group(),
                          "program_key": key, "stage": stage[1] if stage else None,
                          "quote": clause.strip(), "evidence": "found"})
    if brands or zones:   # a brand or a zone is a programme once MIN_BRAND_REPORTS reports write it
        written: dict[str, set[str]] = defaultdict(set)
        for mention in (*found, *(r for r in records if r["program_key"] in zones)):   # a zone's own mentions too
            written[mention["program_key"]].add(mention["report_sha256"])
        found = [m for m in found if m["program_key"] not in brands | zones
                 or len(written[m["program_key"]]) >= MIN_BRAND_REPORTS]
    return found


def _names_a_place_of_another(name: str, text: str, at: int, own: list[str]) -> bool:
    """A road's name (program_words.csv role road: 路, 大街) that starts a longer name the report gives
    one of its own mentions there, the rest of which names a place of its own: it ends in a suffix, not
    one a report drops after a name (role dropped: 工程, 项目) nor a road's or an extension's word
    (广泉大街|带状公园): that place's address, not the road in passing. Work on the road
    (渭保线|大修工程) and its extension (聚源大街|南延) are the road's."""
    roads = programs.road_words()
    if not name.endswith(roads):
        return False
    words = programs.program_words()
    the_roads = (*words["dropped"], *roads, *words["extension"])   # words that leave the longer name the road's
    return any(longer.startswith(name) and len(longer) > len(name) and text.startswith(longer, at)
               and _ends_in_a_name_suffix(longer) and not longer.endswith(the_roads) for longer in own)


def _after_a_place(text: str, at: int) -> bool:
    """A place name ends at `at` (泌阳|夏南牛)."""
    places = programs.place_names()
    return any(text[at - n:at] in places for n in range(2, MAX_PLACE_CHARS - 1) if at >= n)


def _shared_short_forms(names: dict[str, str], texts: list[tuple]) -> set[str]:
    """The short forms among `names` that a text of the region writes after another place (遂平县开发区):
    the region has more than one zone of the kind, and the short form alone names none of them."""
    shorts = [name for name in names if name in _all_short_forms()]
    if not shorts:
        return set()
    pattern = re.compile("|".join(map(re.escape, sorted(shorts, key=len, reverse=True))))
    places, shared = programs.place_names(), set()
    for _, _, _, region, text in texts:   # TEXTS_SQL's first five columns
        own = {region, region[:-1]}
        for match in pattern.finditer(text):
            before = {text[max(0, match.start() - n):match.start()] for n in range(2, MAX_PLACE_CHARS + 1)}
            if (before & places) - own:
                shared.add(match.group())
    return shared


@lru_cache(maxsize=1)
def _all_short_forms() -> frozenset[str]:
    return frozenset(short for forms in _short_forms().values() for short in forms)




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
