"""Which spellings of a region are one programme: the rules that link program_keys, each link with its
rule and score (program_links.py keeps them on every timeline row).

1. `exact_key`: the same key (德州市体育公园 and 市体育公园 are both 体育公园);
2. `stem`: the same stem, the key without the words a name carries or drops (中国, a phase 二期,
   a head such as 工程, 项目, 园区, 基地: 百城建设提质工程 = 百城建设提质, 马庄铁路物流园 =
   马庄铁路物流基地二期);
3. `affix`: one stem ends the other, which adds a place or a qualifier before it (驿城区皇家驿站 ⊃
   皇家驿站, 中国农洽会 ⊃ 农洽会). A stem that another starts is not enough: 薄山水库引水工程 is not
   薄山水库, nor 嵖岈山通用机场 嵖岈山;
3b. `prefixed`: a name after a developer's or brand's name and a place (中南高科清苑新经济产业园 =
   清苑新经济产业园): the front no common word, no place, no lead verb;
4. `reordered`: the same characters in another order, MIN_REORDERED_CHARS or more (农村新型合作医疗制度试点
   = 新型农村合作医疗制度试点: two words swapped);
5. `abbreviation`: one stem keeps the other's characters in order, first and last among them
   (农洽会 of 中国农加工洽谈会; 上海世博会 of 上海世界博览会: a place is part of such a name);
6. `kind`: two names of one kind of place (knowledge/program_kinds.csv: a scenic area, an
   expressway, a railway, a logistics park, an event) whose leads have the same core (the lead without
   common words at its end: 马庄铁路物流基地 = 马庄物流园区, 石武高铁 = 石武客专) or start with the same
   distinctive three characters or more (嵖岈山景区 = 嵖岈山温泉小镇 = 嵖岈山生态旅游度假区; not
   嵖岈山通用机场, nor 天中山大道 and 天中山景区), or one lead ends the other (梦林水田园综合体,
   好梦林水特色小镇);
6b. `inner_word`: a key or stem with one common word inside it, no numeral in the word, is the key
   or stem without it (唐河全域治理工程 = 唐河治理), tried after the rules above;
6c. `extension`: one road extended one way (program_words.csv role extension: 南延) is one programme
   whatever its end (乐凯大街南延至旅游路工程 = 乐凯大街南延至南三环工程), when after the extension
   come only heads, a section or where it goes;
6c2. `transfer`: a transfer between two provinces named by their one-character names and in full (青电入豫 =
   青海至河南±800千伏特高压直流工程: knowledge/province_short_names.csv, program_transfers.csv, program_words.csv
   role transfer_verb): the two provinces in order, joined by 至 or a dash, then only a line of the good;
6d. `homophone`: two keys of MIN_HOMOPHONE_CHARS or more, the same but for one character read the
   same (pypinyin, any reading, tones aside): a typing slip between two years (林上青溪 = 林上清溪,
   椿天小镇 = 春天小镇), both distinctive, the character no numeral (第二, 第四 are other schools);
7. `fuzzy`: rapidfuzz (CompareSettings.program_scorer) within a block of the same head, the last two
   characters (宁津县健身器材产业园 = 宁津健身器材产业园), never across different numbers
   (第二污水处理厂, 第四污水处理厂).
Rules 3 and 6 need the shared part to be distinctive, not words every report uses (体育 links
neither 体育公园 with 体育中心, nor 大数据中心 with 鲁北大数据中心): programs.is_common_phrase.
Rules 2 and 5 compare whole stems, which need only be names: a place counts (唐河治理工程 = 唐河治理).
Each key joins the earlier key it links to best (rule order, then score, then the earliest), so the
cost is linear in the keys: stems, affixes and reordered keys are looked up in dicts; abbreviations
are tried within blocks of the same first and last character, kinds within blocks of the same kind and lead,
and fuzzy scores within blocks of the same head, in one rapidfuzz `cdist` per block.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

import numpy as np
from pypinyin import Style, pinyin
from rapidfuzz import fuzz, process

from reportcmp.pipeline import catalog, knowledge, programs

RULES = ("exact_key", "stem", "affix", "prefixed", "host", "reordered", "abbreviation", "kind", "inner_word",
         "extension", "road_work", "transfer", "homophone", "fuzzy")   # in the order they are tried
NUMERALS = re.compile(r"[0-9一二三四五六七八九十百千]+")
MIN_STEM_CHARS = 3
HEAD_CHARS = 2           # the characters of a name's head that fuzzy linking blocks on
MAX_ABBREVIATION_CHARS = 4
MIN_INITIALS = 3          # 营改增; not 棚改: two characters are too many other names' initials
MIN_SHORTENED_CHARS = 5
MIN_HOMOPHONE_CHARS = 4  # 林上青溪 = 林上清溪; a shorter name is too often another name
MIN_REORDERED_CHARS = 6  # 农村新型合作医疗 = 新型农村合作医疗; not 区园 of 园区
MIN_LEAD_CHARS = 3       # a lead two names of one kind share (嵖岈山 of 嵖岈山景区 and 嵖岈山温泉小镇)
MIN_ITEM_LEAD_CHARS = 2  # a lead equal in two names of one kind (石武 of 石武高铁 and 石武客专)
# A kind of place whose lead alone names the place (清西陵 of 清西陵景区, 嵖岈山 of 嵖岈山景区): the lead
# written bare is the place (_kind_links) and is looked for in the region's texts (program_found).
PLACE_KINDS = frozenset({"area"})
MAX_PLACE_CHARS = 8
MAX_SECTION_CHARS = 4   # 泌阳段, 驻马店段: a section of a road or railway
MAX_COMMON_CHARS = 4    # the longest common word cut off the end of a lead
MIN_PREFIXED_CHARS = 5  # 清苑|新经济产业园: the name after a place inside another name
MIN_BRAND_CHARS = 2     # 中南高科: what stands before that place
MIN_INNER_KEPT_CHARS = 4   # 唐河|全域|治理: what is left of a name without one common word inside it
MIN_ROAD_CHARS = 2   # 南环|东延: the road before an extension word
# A lower level alone before a name (县|第二污水处理厂 in a city's report): a county's or a township's, not the
# region's; 市 before a name in a county's report is the city's, which the city names the same (市职教园区).
LEVEL_WORDS = frozenset("县区乡镇")


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
    without a section (焦桐高速公路泌阳段 → 焦桐高速). A head is kept when what would remain ends
    in a kind of another kind (京石高速铁路 is not 京石高速: knowledge/program_kinds.csv)."""
    prefixes, heads = _affixes()
    section = SECTION.search(key)
    if section is not None and section.start() >= MIN_STEM_CHARS:
        key = key[: section.start()]
    changed = True
    while changed:
        changed = False
        phases = _phases_at_end().search(key)
        if phases is not None and phases.start() >= MIN_STEM_CHARS:
            key, changed = key[: phases.start()], True   # 瀑河景观带一二期工程 (一、二期), 双修三期四期
        for word in prefixes:
            if key.startswith(word) and len(key) - len(word) >= MIN_STEM_CHARS:
                key, changed = key[len(word):], True
                break
        for word in heads:
            if key.endswith(word) and len(key) - len(word) >= MIN_STEM_CHARS \
                    and not _another_kind(key[: -len(word)], word):
                key, changed = key[: -len(word)], True
                break
    return key


@lru_cache(maxsize=1)
def _phases_at_end() -> re.Pattern:
    """Phases at the end of a key, a head after them or not (一二期工程 of 一、二期工程: the head 二期工程
    alone would leave 一)."""
    return re.compile(f"(?:{programs.PHASE.pattern})+(?:{programs.alternation(_affixes()[1])})?$")


def _another_kind(rest: str, head: str) -> bool:
    """The rest ends in a kind other than the head's (京石高速 | 铁路)."""
    kinds = dict(_kinds())
    found = _kind_at_end(rest)
    return found is not None and found[1] != kinds.get(head, found[1])


@lru_cache(maxsize=65536)
def distinctive(text: str) -> bool:
    """A stem two spellings may share: long enough, and not words every region's reports use; an
    ordinal says which one (第一驿站, 第二幼儿园)."""
    return len(text) >= MIN_STEM_CHARS and (programs.ORDINAL.search(text) is not None or not programs.is_common_phrase(text))


@lru_cache(maxsize=65536)
def named(text: str) -> bool:
    """A stem a whole name may be abbreviated from or to: long enough, and not only common words; a
    place counts, as a name of place and event is a name (上海世界博览会, 上海世博会)."""
    return len(text) >= MIN_STEM_CHARS and not programs.is_common_words(text)


def _project_word_apart(a: str, b: str) -> bool:
    """One key is the other with a word for the project after it (program_words.csv role
    project_head: 中医院迁建 | 工程), the shorter a name by its suffix (not 园林绿化, an activity)."""
    short, long = sorted((a, b), key=len)
    words = programs.program_words()
    return long.startswith(short) and long[len(short):] in words.get("project_head", ()) \
        and short.endswith(words["suffix"])


@lru_cache(maxsize=1)
def _joiners() -> tuple[str, ...]:
    return programs.program_words()["joiner"]


def _another_road(short: str, long: str) -> bool:
    """Whether two names are one road's name with a side (role direction) before its road's word in one
    and none or another side in the other: 公园南路 and 公园路, 人民南路 and 人民北路 are two roads."""
    sides, roads = programs.program_words()["direction"], programs.road_words()
    if len(short) == len(long):
        return any(a != b and a in sides and b in sides and long.startswith(roads, at + 1)
                   and short[:at] == long[:at] and short[at + 1:] == long[at + 1:]
                   for at, (a, b) in enumerate(zip(short, long)))
    return any(long[:at] + long[at + 1:] == short for at, char in enumerate(long)
               if char in sides and long.startswith(roads, at + 1))


def _another_level(longer: str, end: str) -> bool:
    """Only a level stands before `end` (县|第二污水处理厂 in a city's report): a county's, not the city's."""
    return longer[: len(longer) - len(end)] in LEVEL_WORDS


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
        if s in by_stem:
            # the whole stem: a place makes it a name (唐河治理工程 = 唐河治理); two keys that differ only by
            # the word for the project after them are one name even in common words (中医院迁建工程 =
            # 中医院迁建), as the same key of common words is one programme of a region
            if named(s) or _project_word_apart(keys[i], keys[by_stem[s]]):
                offer(i, by_stem[s], "stem", 100.0)
        else:
            by_stem[s] = i
        if not distinctive(s):
            continue
        forms = [f for f in dict.fromkeys((s, keys[i])) if distinctive(f)]
        for form in forms:
            for end in _ends(form):    # an earlier stem or key is an end of this one
                if end in by_form and by_form[end] != i and distinctive(end) and not _joined(form, end) \
                        and not _another_level(form, end):
                    offer(i, by_form[end], "affix", round(100.0 * len(end) / len(form), 1))
            if form in by_end and not _joined(by_end[form][1], form) \
                    and not _another_level(by_end[form][1], form):   # an end of an earlier one
                j, longer = by_end[form]
                offer(i, j, "affix", round(100.0 * len(form) / len(longer), 1))
        for form in forms:
            by_form.setdefault(form, i)
            for end in _ends(form):
                by_end.setdefault(end, (i, form))
    _prefixed_links(keys, linkable, offer)
    _host_links(keys, linkable, offer)
    _inner_word_links(keys, linkable, offer)
    _extension_links(keys, linkable, offer)
    _road_work_links(keys, linkable, offer)
    _transfer_links(keys, linkable, offer)
    reordered: dict[str, int] = {}   # a key's characters in code-point order -> earliest key with them
    for i in linkable:
        if len(keys[i]) >= MIN_REORDERED_CHARS and named(keys[i]):
            letters = "".join(sorted(keys[i]))
            if letters in reordered:
                offer(i, reordered[letters], "reordered", 100.0)
            reordered.setdefault(letters, i)
    _abbreviation_links(keys, [i for i in linkable if len(stems[i]) >= MIN_STEM_CHARS], stems, offer)
    _kind_links(keys, linkable, offer)
    _homophone_links(keys, linkable, offer)
    _fuzzy_links(keys, linkable, accept, scorer, offer)

    canonical: dict[str, tuple[str, str, float]] = {}
    for i, key in enumerate(keys):
        if i in best:
            rule, j, score = best[i]
            root = canonical[keys[j]][0]
            if not (apart(key, keys[j]) or apart(key, root)):
                canonical[key] = (root, RULES[rule], round(score, 1))
                continue
        canonical[key] = (key, "first", 100.0)
    return canonical


@lru_cache(maxsize=65536)
def apart(a: str, b: str) -> bool:
    """Two keys no rule links: a plan and a place (乡村振兴战略, 乡村振兴产业园: program_words.csv roles
    plan_head, place_head), two kinds of building (a 中学 and a 小学: role facility), a name and the
    same name of another level (第二污水处理厂 of the city, 县第二污水处理厂), or two roads one side apart
    (公园路东延, 公园南路东延: _another_road). Checked against the key a key joins and its programme's
    first key, so that no chain of links puts them together."""
    facilities = {_facility(a), _facility(b)}
    short, long = sorted((a, b), key=len)
    buildings = {_building(a), _building(b)}
    return {_head_class(a), _head_class(b)} == {"plan_head", "place_head"} or (None not in facilities and len(facilities) == 2) \
        or (long.endswith(short) and _another_level(long, short)) or (None not in buildings and len(buildings) == 2) \
        or _another_road(short, long)


@lru_cache(maxsize=65536)
def _building(key: str) -> str | None:
    """What building of its facility a key names, without the words any building may carry (role
    building_filler: 医技综合楼 is 医技楼, 病房大楼 病房楼); None for a key that names no building. Two buildings
    of one facility are two programmes (县医院病房楼, 县医院传染病房楼)."""
    owner = programs.building_owner_end(key)
    if owner is None:
        return None   # 电子商务大楼: no facility's building
    building = key[owner:]
    for filler in programs.program_words()["building_filler"]:
        building = building.replace(filler, "")
    return building


MAX_BRANCH_LEAD = 2   # 北区|分院, 新|院区: the words between a facility and its branch


@lru_cache(maxsize=65536)
def _facility(key: str) -> str | None:
    """The kind of building a key ends in (program_words.csv role facility), longest first: 王林口中学 and
    王林口镇中心小学, 县医院 and 县中医院 are two; a branch is its facility's (role branch: 中医院新院区 is
    a 中医院's, 医院新院区 a 医院's)."""
    branches = programs.program_words().get("branch", ())
    for branch in branches:
        if key.endswith(branch):   # a character or two (新, 南, 北区) between the facility and its branch
            inner = key[: -len(branch)]
            return next((w for cut in range(MAX_BRANCH_LEAD + 1) for w in _facility_words()
                         if w not in branches and inner[: len(inner) - cut].endswith(w)), branch)
    return next((w for w in _facility_words() if key.endswith(w)), None)


@lru_cache(maxsize=1)
def _facility_words() -> tuple[str, ...]:
    """The facility words that name a kind of building: not a road's (路, 大街) nor a kind of place or line
    of program_kinds.csv (线, 古城), whose names link by the rule `kind`."""
    other = {*programs.road_words(), *(word for word, _ in _kinds())}
    return tuple(sorted(programs.facility_words() - other, key=len, reverse=True))


def _head_class(key: str) -> str | None:
    words = programs.program_words()
    return next((role for role in ("plan_head", "place_head") if key.endswith(words[role])), None)


@lru_cache(maxsize=65536)
def _place_ends(key: str) -> tuple[tuple[str, str], ...]:
    """(front, name) for each place name inside the key after MIN_BRAND_CHARS or more characters and
    before a name of MIN_PREFIXED_CHARS or more: 中南高科清苑新经济产业园 → (中南高科, 新经济产业园)."""
    places, found = programs.place_names(), []
    for at in range(MIN_BRAND_CHARS, len(key) - MIN_PREFIXED_CHARS):
        for n in range(min(MAX_PLACE_CHARS, len(key) - at - MIN_PREFIXED_CHARS), 1, -1):
            if key[at:at + n] in places:
                found.append((key[:at], key[at + n:]))
                break
    return tuple(found)


def _prefixed_links(keys: list[str], linkable: list[int], offer) -> None:
    """Rule `prefixed`: a name written after a developer's or brand's name and a place (中南高科·清苑
    新经济产业园, written 中南高科清苑新经济产业园 one year and 清苑新经济产业园, key 新经济产业园, the
    next) is the name: the front is no common word, the name has MIN_PREFIXED_CHARS or more. Dict
    lookups both ways: an earlier key is such a name of this key, or this key of an earlier one."""
    by_key: dict[str, int] = {}
    by_name: dict[str, int] = {}   # the name after a front and a place -> earliest key with it
    for i in linkable:
        key = keys[i]
        if len(key) >= MIN_PREFIXED_CHARS and key in by_name:
            offer(i, by_name[key], "prefixed", round(100.0 * len(key) / len(keys[by_name[key]]), 1))
        for front, name in _place_ends(key):
            if _brand(front):
                if name in by_key:
                    offer(i, by_key[name], "prefixed", round(100.0 * len(name) / len(key), 1))
                by_name.setdefault(name, i)
        by_key.setdefault(key, i)


def _host_links(keys: list[str], linkable: list[int], offer) -> None:
    """Rule `host`: an event hosted by the scope above the region (全市旅发大会 in a county's report) is the one hosted
    by the region above's place of that level (保定市旅发大会): the scope's last character and the place's agree
    (市), what follows is the same, and the region's keys name one such place only (programs.program_key keeps a
    host and drops the region's own scope: program_words.csv role host_scope). One dict lookup per key."""
    scopes = tuple(programs.program_words()["host_scope"])
    places = programs.place_names()
    hosted: dict[tuple[str, str], list[int]] = defaultdict(list)   # (level, what follows) -> keys a place hosts
    by_scope: list[tuple[int, str, str]] = []
    for i in linkable:
        key = keys[i]
        scope = next((w for w in scopes if key.startswith(w) and len(key) > len(w)), None)
        if scope is not None:
            by_scope.append((i, scope[-1], key[len(scope):]))
            continue
        host = next((key[:n] for n in range(MAX_HOST_CHARS, 1, -1) if key[:n] in places), None)   # 保定市, not 保定
        if host is not None and len(key) > len(host):
            hosted[(host[-1], key[len(host):])].append(i)
    for i, level, rest in by_scope:
        found = hosted.get((level, rest), [])
        if len({keys[j][:len(keys[j]) - len(rest)] for j in found}) == 1:
            for j in found:
                offer(max(i, j), min(i, j), "host", round(100.0 * len(rest) / len(keys[j]), 1))


MAX_HOST_CHARS = 6   # 保定市, 黑龙江省, 内蒙古自治区: a host place's name


@lru_cache(maxsize=65536)
def _brand(front: str) -> bool:
    """The words before a place are a developer's or brand's name (中南高科, 京东): no common words,
    no place in them (北京|大兴经济开发区, 浙江大学), no lead verb (扶持, 用足用好)."""
    places = programs.place_names()
    return not programs.is_common_words(front) and programs.leads_re().match(front) is None \
        and not any(front[at:at + n] in places for at in range(len(front)) for n in range(2, len(front) - at + 1))


@lru_cache(maxsize=65536)
def _inner_words(key: str) -> tuple[str, ...]:
    """The key without one common word inside it (not at either end, no numeral in it: 第二, 三期
    tell projects apart), MIN_INNER_KEPT_CHARS or more left: 唐河全域治理 → 唐河治理."""
    words, found = programs.common_words(), []
    for at in range(1, len(key) - 1):
        for n in range(min(MAX_COMMON_CHARS, len(key) - at - 1), 1, -1):
            word = key[at:at + n]
            if word in words and not NUMERALS.search(word) and len(key) - n >= MIN_INNER_KEPT_CHARS:
                found.append(key[:at] + key[at + n:])
    return tuple(found)


def _inner_word_links(keys: list[str], linkable: list[int], offer) -> None:
    """Rule `inner_word`: a name with a common word inside it is the name without it (唐河全域治理工程
    = 唐河治理, 北京大兴国际机场 = 北京大兴机场) when what is left is a name (named); keys and their
    stems are compared, in dict lookups both ways."""
    by_form: dict[str, int] = {}      # a key or its stem -> earliest key with it
    by_shorter: dict[str, int] = {}   # a key or stem without one inner common word -> earliest key with it
    for i in linkable:
        forms = list(dict.fromkeys((keys[i], stem(keys[i]))))
        for form in forms:
            if form in by_shorter and named(form):
                j = by_shorter[form]
                offer(i, j, "inner_word", round(100.0 * len(form) / len(keys[j]), 1))
            for shorter in _inner_words(form):
                # whether a form is a name is asked only of a form found both ways (named is the
                # slow part: most shorter forms match nothing); an unnamed one kept in by_shorter
                # is never offered, as the lookup above asks named(form) of it
                if shorter in by_form and named(shorter):
                    offer(i, by_form[shorter], "inner_word", round(100.0 * len(shorter) / len(form), 1))
                by_shorter.setdefault(shorter, i)
        for form in forms:
            by_form.setdefault(form, i)


@lru_cache(maxsize=1)
def _extension_re() -> re.Pattern:
    words = programs.program_words()["extension"]
    return re.compile("(?:" + "|".join(map(re.escape, words)) + ")")


def _extension_links(keys: list[str], linkable: list[int], offer) -> None:
    """Rule `extension`: names of one road extended the same way are one programme (乐凯大街南延至旅游路
    工程, 乐凯大街南延至南三环工程, 乐凯大街南延工程): the road and the extension word
    (program_words.csv role extension) are the same, the road MIN_ROAD_CHARS or more and no common
    word (路东延 is no road, 中心路东延 not 阁院路东延), and after the extension only heads, a section
    or where it goes (至旅游路): 北三环东延安置房 is housing, not the road. One dict lookup per key."""
    by_road: dict[str, int] = {}   # road + extension word -> earliest key with it
    for i in linkable:
        found = _extension_re().search(keys[i])
        if found is None or found.start() < MIN_ROAD_CHARS or programs.is_common_words(keys[i][: found.start()]) \
                or not _road_rest(keys[i][found.end():]):
            continue
        road = keys[i][: found.end()]
        if road in by_road:
            offer(i, by_road[road], "extension", round(100.0 * len(road) / len(keys[i]), 1))
        else:
            by_road[road] = i


@lru_cache(maxsize=1)
def _road_work_re() -> re.Pattern:
    """A road's name and a part of it or what is done to it: a section (西段, 县城至许村段; not a new part the road is
    extended by, program_words.csv role extension: 朝阳路|东延段), a word for roads
    (program_words.csv role road_kind: 公路), the work (roles road_work and road_work_word), a phase and heads
    (博望路县城至许村段公路大修养护, 朝阳路综合升级改造工程, 雪松路西段)."""
    words = programs.program_words()
    cjk = "[\u4e00-\u9fff]"
    return re.compile(f"(?P<road>{cjk}{{{MIN_ROAD_CHARS},}}?(?:{programs.alternation(programs.road_words())}))"
                      f"(?:(?!{programs.alternation(words['extension'])}){cjk}{{1,4}}(?:至{cjk}{{1,4}})?段)?"
                      f"(?:{programs.alternation(words['road_kind'])})?"
                      f"(?:{programs.alternation(programs.road_work_words())})*"
                      f"(?:{programs.PHASE.pattern})*(?:{programs.alternation(_affixes()[1])})*")


@lru_cache(maxsize=65536)
def _road_of(key: str) -> str | None:
    """The key of the named road (programs.named_road) a key is, is a part of or is work on, as program_key
    writes it (南环路改造提升 is 南环's: a ring road by its side); None for any other key."""
    if programs.ring_road_re().fullmatch(key) is not None:
        return key
    works = _road_work_re().fullmatch(key)
    if works is None or not programs.named_road(works.group("road")):
        return None
    return key if works.group("road") == key else programs.program_key(works.group("road"))


def _road_work_links(keys: list[str], linkable: list[int], offer) -> None:
    """Rule `road_work`: the parts of one named road and the works on it are the road's programme, one year's
    朝阳路综合升级改造工程 and the next's 朝阳路升级改造 and 朝阳路 alike, 雪松路西段 and 雪松路改造工程 (_road_of:
    not 县乡公路 or 城市道路, which are every road of a kind). One dict lookup per key."""
    by_road: dict[str, int] = {}   # the road's key -> earliest key that is the road, a part or work on it
    for i in linkable:
        road = _road_of(keys[i])
        if road is None:
            continue
        if road in by_road:
            j = by_road[road]
            offer(i, j, "road_work", round(100.0 * len(road) / max(len(keys[i]), len(keys[j])), 1))
        else:
            by_road[road] = i


@lru_cache(maxsize=1)
def _transfer_res() -> tuple[re.Pattern, re.Pattern, dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(a transfer's short name, the two provinces in full joined by 至 and what follows them, short name -> the
    provinces it names, good -> the lines that carry it). After the provinces and the good come only the words
    of a line (its lines, a voltage, heads such as 工程): 青海至河南特高压直流工程配套送出工程 is another project."""
    provinces: dict[str, tuple[str, ...]] = defaultdict(tuple)
    for row in knowledge.rows("province_short_names.csv"):
        provinces[row["short"]] += (row["province"],)
    lines: dict[str, tuple[str, ...]] = defaultdict(tuple)
    for row in knowledge.rows("program_transfers.csv"):
        lines[row["good"]] += (row["line"],)
    words = programs.program_words()
    line_words = programs.alternation({*(line for good in lines.values() for line in good), *words["head"]})
    rest = f"(?P<rest>(?:±?{programs.CAPACITY.pattern}|{line_words})*)"
    shorts = programs.alternation(provinces)
    full = programs.alternation({name for names in provinces.values() for name in names})
    short_re = re.compile(f"(?P<a>{shorts})(?P<good>{programs.alternation(lines)})"
                          f"(?:{programs.alternation(words['transfer_verb'])})(?P<b>{shorts}){rest}")
    full_re = re.compile(f"(?P<a>{full})[\u4e00-\u9fff]{{0,3}}?至(?P<b>{full}){rest}")
    return short_re, full_re, dict(provinces), dict(lines)


def _transfer_links(keys: list[str], linkable: list[int], offer) -> None:
    """A transfer's short name (青电入豫) and its full name (青海至河南特高压直流工程: a dash is 至 in a key) are
    one programme when a line of the good is in the full name: rule `transfer`, looked up by the pair of
    provinces and the good, linear in the keys."""
    short_re, full_re, provinces, lines = _transfer_res()
    shorts: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    fulls: list[tuple[int, str, str, str]] = []
    for i in linkable:
        if (m := short_re.fullmatch(keys[i])) is not None:
            for a in provinces[m.group("a")]:
                for b in provinces[m.group("b")]:
                    shorts[(a, b)].append((i, m.group("good")))
        elif (m := full_re.fullmatch(keys[i])) is not None:
            fulls.append((i, m.group("a"), m.group("b"), m.group("rest")))
    for i, a, b, rest in fulls:
        for j, good in shorts.get((a, b), ()):
            if any(line in rest for line in lines[good]):
                offer(max(i, j), min(i, j), "transfer", 100.0)   # the later key joins the earlier


def _road_rest(rest: str) -> bool:
    """What follows a road's extension is heads (工程, 项目), a section (清苑段, 部分路段) or starts
    where it goes (a joiner: 至南三环)."""
    heads = _affixes()[1]
    while (head := next((w for w in heads if rest.endswith(w)), None)):
        rest = rest[: -len(head)]
    return not rest or SECTION.fullmatch(rest) is not None or rest.startswith(_joiners())


def is_abbreviation(short: str, long: str) -> bool:
    """The short name keeps the long one's characters in order, first and last among them: at most
    half of it when it is short (农洽会 of 农加工洽谈会, not 南驻路 of 南驻阜铁路), else at least
    MIN_SHORTENED_CHARS long (杨靖宇纪念馆 of 杨靖宇将军纪念馆, 上海世博会 of 上海世界博览会); a long name
    that joins it to another (role joiner: 保衡路至林场路) is not its long name."""
    if len(short) >= len(long) or short[0] != long[0] or short[-1] != long[-1]:
        return False
    if long.startswith(short) and any(word in long[len(short):] for word in _joiners()):
        return False   # 保衡路至林场路 joins 保衡路 to another road: not its long name (乌尉高速 is 乌鲁木齐至尉犁高速)
    if programs.ORDINAL.search(long) and not programs.ORDINAL.search(short):
        return False   # 城区第二污水处理厂 is one of the 城区污水处理厂s
    if len(short) < MIN_SHORTENED_CHARS and (len(short) > MAX_ABBREVIATION_CHARS or 2 * len(short) > len(long)):
        return False
    return _in_order(short, long)


def _abbreviation_links(keys: list[str], members: list[int], stems: dict[int, str], offer) -> None:
    """Offer each key an earlier key whose stem abbreviates its stem, or is abbreviated by it, both
    names (named), within blocks of the same first and last character (few keys share both); then
    the abbreviations made of the first character of each word (_initials_links)."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in members:
        blocks[(stems[i][0], stems[i][-1])].append(i)
    for block in blocks.values():
        for a in range(1, len(block)):
            i = block[a]
            for j in block[:a]:
                short, long = sorted((stems[i], stems[j]), key=len)
                if is_abbreviation(short, long) and named(short) and named(long):
                    offer(i, j, "abbreviation", round(100.0 * len(short) / len(long), 1))
    _initials_links(members, stems, offer)


def _initials_links(members: list[int], stems: dict[int, str], offer) -> None:
    """An abbreviation made of the first character of each word of a longer name (营改增 of
    营业税|改征|增值税, jieba's words), MIN_INITIALS to MAX_ABBREVIATION_CHARS characters: its last
    character need not end the long name, as is_abbreviation asks. Short stems are looked up by
    their first character; a longer stem is cut into words only when it holds a short one's
    characters in order (few do), so the cost stays linear in the keys."""
    shorts: dict[str, list[int]] = defaultdict(list)
    for i in members:
        if MIN_INITIALS <= len(stems[i]) <= MAX_ABBREVIATION_CHARS and named(stems[i]):
            shorts[stems[i][0]].append(i)
    if not shorts:
        return
    for j in members:
        long = stems[j]
        for i in shorts.get(long[0], ()):
            short = stems[i]
            if len(long) >= 2 * len(short) and _in_order(short, long) and _initials(long) == short \
                    and named(long):
                a, b = max(i, j), min(i, j)   # the later key joins the earlier
                offer(a, b, "abbreviation", round(100.0 * len(short) / len(long), 1))


def _in_order(short: str, long: str) -> bool:
    at = 0
    for char in short:
        at = long.find(char, at) + 1
        if not at:
            return False
    return True


@lru_cache(maxsize=4096)
def _initials(name: str) -> str:
    """The first character of each of the name's words (jieba, the catalog's dictionary)."""
    return "".join(word[0] for word in catalog.tokenizer().lcut(name) if word.strip())


@lru_cache(maxsize=1)
def _kinds() -> tuple[tuple[str, str], ...]:
    """(word, kind) of knowledge/program_kinds.csv, longest word first."""
    rows = [(row["word"], row["kind"]) for row in knowledge.rows("program_kinds.csv")]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


@lru_cache(maxsize=1)
def _kinds_by_last() -> dict[str, tuple[tuple[str, str], ...]]:
    """The last character of a kind word -> (word, kind) ending in it, longest first: one dict
    lookup instead of trying every kind on every key."""
    return _by_last(_kinds(), lambda row: row[0])


@lru_cache(maxsize=1)
def _heads_by_last() -> dict[str, tuple[str, ...]]:
    """Heads a name may carry after its kind (物流基地|二期, 景区|建设), those that are no kind, by
    their last character."""
    kinds = {word for word, _ in _kinds()}
    return _by_last([word for word in _affixes()[1] if word not in kinds], lambda word: word)


def _by_last(items, word_of) -> dict:
    grouped: dict[str, list] = defaultdict(list)
    for item in items:   # already longest first
        grouped[word_of(item)[-1]].append(item)
    return {char: tuple(found) for char, found in grouped.items()}


@lru_cache(maxsize=65536)
def kind_and_lead(key: str) -> tuple[str, str] | None:
    """(kind, lead) of a key that ends in a kind of knowledge/program_kinds.csv, or in one and then a
    section or heads that are no kind (焦桐高速泌阳段, 马庄铁路物流基地二期): the lead is what comes
    before the kind, without a place name in front (确山竹沟红色小镇 → 竹沟红色)."""
    while (found := _kind_at_end(key)) is None:
        head = next((w for w in _heads_by_last().get(key[-1:], ()) if key.endswith(w) and len(key) > len(w)), None)
        section = next((n for n in range(2, MAX_SECTION_CHARS + 2)
                        if SECTION.fullmatch(key, len(key) - n) and _kind_at_end(key[:-n])), None)
        if head is not None:
            key = key[: -len(head)]
        elif section is not None:
            key = key[:-section]
        else:
            return None
    lead = key[: -len(found[0])]
    rating = _rating_re().search(lead)
    if rating is not None and rating.start() >= MIN_ITEM_LEAD_CHARS:
        lead = lead[: rating.start()]   # 云花溪谷|4A级旅游|景区: a scenic area's rating is no part of its name
    place = next((p for p in _leading_places(lead) if len(lead) - len(p) >= MIN_LEAD_CHARS - 1), None)
    return found[1], lead[len(place):] if place else lead


@lru_cache(maxsize=1)
def _rating_re() -> re.Pattern:
    """A scenic area's rating at the end of a lead, a word or two after it (program_words.csv role rating:
    4A级旅游 of 云花溪谷4A级旅游景区)."""
    return re.compile(f"(?:{programs.alternation(programs.program_words()['rating'])})[\u4e00-\u9fff]{{0,2}}$")


def _kind_at_end(key: str) -> tuple[str, str] | None:
    return next(((word, kind) for word, kind in _kinds_by_last().get(key[-1:], ())
                 if key.endswith(word) and len(key) > len(word)), None)


def _leading_places(text: str) -> list[str]:
    """Place names the text starts with, longest first."""
    places = programs.place_names()
    return [text[:n] for n in range(min(len(text), MAX_PLACE_CHARS), 1, -1) if text[:n] in places]


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _kind_links(keys: list[str], linkable: list[int], offer) -> None:
    """Offer each key the earliest key of its kind (knowledge/program_kinds.csv) whose lead has the same
    core, the lead without common words at its end, when that core is no common word (石武高铁,
    石武客专; 马庄铁路物流基地, 马庄物流园区; not 正阳县产业集聚区, 泌阳产业集聚区), or whose lead
    starts with the same distinctive lead of MIN_LEAD_CHARS or more (嵖岈山景区, 嵖岈山温泉小镇):
    dict lookups by kind and core, and blocks of the same kind and first characters of the lead."""
    by_core: dict[tuple[str, str], int] = {}
    blocks: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    by_lead: dict[tuple[str, str], int] = {}                  # (kind, lead) -> earliest key
    by_lead_end: dict[tuple[str, str], tuple[int, str]] = {}  # (kind, an end of a lead) -> (key, lead)
    equal_only = frozenset(programs.program_words().get("equal_lead_kind", ()))
    bare: dict[str, int] = {}     # a key of no kind -> its index: a place's name written bare (嵖岈山)
    places: dict[str, int] = {}   # the lead of a kind of place -> earliest key (嵖岈山 of 嵖岈山景区)
    for i in linkable:
        found = kind_and_lead(keys[i])
        if found is None and len(keys[i]) >= MIN_LEAD_CHARS:
            bare.setdefault(keys[i], i)
        if found is not None and found[0] in PLACE_KINDS and len(found[1]) >= MIN_LEAD_CHARS:
            places.setdefault(found[1], i)
            # and with the place kind_and_lead cut off its front: 灵山聚龙洞 of 灵山聚龙洞景区
            places.setdefault(keys[i][: keys[i].rfind(found[1]) + len(found[1])], i)
        if found is None or len(found[1]) < MIN_ITEM_LEAD_CHARS:
            continue
        kind, lead = found
        if kind in equal_only:   # 风帆工业园 = 风帆产业园; not 中日智慧产业示范园, 中日循环经济产业示范园
            if (kind, lead) in by_lead and lead not in programs.place_names() and not programs.is_common_words(lead):
                offer(i, by_lead[(kind, lead)], "kind", 100.0)
            by_lead.setdefault((kind, lead), i)
            continue
        # a lead that ends another of the same kind (好梦林水特色小镇, 梦林水田园综合体: a word cut
        # before the name one year), the shorter distinctive
        for end in _ends(lead):
            if (kind, end) in by_lead and distinctive(end):
                offer(i, by_lead[(kind, end)], "kind", round(100.0 * len(end) / len(lead), 1))
        if (kind, lead) in by_lead_end and distinctive(lead):
            j, longer = by_lead_end[(kind, lead)]
            offer(i, j, "kind", round(100.0 * len(lead) / len(longer), 1))
        by_lead.setdefault((kind, lead), i)
        for end in _ends(lead):
            by_lead_end.setdefault((kind, end), (i, lead))
        core = _core_of_lead(lead)
        # a place alone is no lead (肇庆古城 is not 肇庆集聚区)
        if len(core) >= MIN_ITEM_LEAD_CHARS and not programs.is_common_words(core) and core not in programs.place_names():
            if (kind, core) in by_core:
                j = by_core[(kind, core)]
                offer(i, j, "kind", round(100.0 * len(core) / max(len(lead), len(kind_and_lead(keys[j])[1])), 1))
            else:
                by_core[(kind, core)] = i
        block = blocks[(kind, lead[:MIN_LEAD_CHARS])]
        for j, earlier in block:
            shared = _common_prefix(lead, earlier)
            if len(shared) >= MIN_LEAD_CHARS and distinctive(shared):
                offer(i, j, "kind", round(100.0 * len(shared) / max(len(lead), len(earlier)), 1))
                break
        block.append((i, lead))
    for name, i in bare.items():   # 嵖岈山、铜山等景区 one year, 嵖岈山景区 the next: one place
        j = places.get(name)
        if j is not None and distinctive(name) and name not in programs.place_names() \
                and not programs.is_common_words(name):
            offer(max(i, j), min(i, j), "kind", round(100.0 * len(name) / len(keys[j]), 1))


@lru_cache(maxsize=65536)
def _core_of_lead(lead: str) -> str:
    """The lead without the common words at its end (马庄铁路 → 马庄, 竹沟红色 → 竹沟)."""
    words = programs.common_words()
    while (cut := next((n for n in range(MAX_COMMON_CHARS, 1, -1)
                        if len(lead) - n >= MIN_ITEM_LEAD_CHARS and lead[-n:] in words), None)):
        lead = lead[:-cut]
    return lead


@lru_cache(maxsize=65536)
def _readings(char: str) -> tuple[str, ...]:
    """The readings of one Chinese character without tones, every one it has (pypinyin's heteronyms:
    青 qing, jing); none for a numeral or anything else."""
    if not programs.CJK.match(char) or NUMERALS.match(char):
        return ()
    return tuple(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


def _homophone_links(keys: list[str], linkable: list[int], offer) -> None:
    """Offer each key the earliest key that is the same but for one character read the same (rule 6d):
    one dict lookup per character and reading, the key with that character masked."""
    seen: dict[tuple[str, str], tuple[int, str]] = {}   # (key masked at a character, a reading) -> (key, character)
    for i in linkable:
        key = keys[i]
        if len(key) < MIN_HOMOPHONE_CHARS or not distinctive(key):
            continue
        for at, char in enumerate(key):
            masked = key[:at] + "\0" + key[at + 1:]
            for reading in _readings(char):
                earlier = seen.setdefault((masked, reading), (i, char))
                if earlier[1] != char:
                    offer(i, earlier[0], "homophone", round(100.0 * (len(key) - 1) / len(key), 1))


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
