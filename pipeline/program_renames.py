"""A road or railway renamed outright: one end city changes, the line runs on (rule `rename`).

A line is named by its end cities (内罗高速, 郑武客运铁路专线), and the name changes when an end
does (内罗 → 安罗 → 上罗高速; 郑武 → 石武客运专线) while the project goes on. Two programmes of one
region are one renamed line when all of these hold, each a piece of evidence of continuity:
- the same kind of line (knowledge/program_kinds.csv, a kind of role `line`: expressway, railway);
- leads of end cities (the lead's core, program_rules._core_of_lead) of the same length, two or
  three characters, equal but for one end (内罗, 安罗); a lead of two place names counts as their
  first characters (郑州武汉 → 郑武), as does one of two names joined (化庄至新蔡 → 化新);
- the old name disappears when the new appears: every year of the older is before every year of
  the newer, at most MAX_GAP_YEARS apart;
- the new name runs on (named in MIN_NEW_REPORTS reports or more), and the two together are named in
  MIN_REPORTS reports: in a series of two reports, a line named in one and another in the next is
  no evidence (济滨高铁, 济枣高铁 are two lines from one city);
- the old one was not finished (no stage of 建成 or later in any report: a finished line is not
  renamed, a new line next to it is another project);
- neither has another such candidate (two lines that could each be the successor: none is).
The later programme joins the earlier; its first key gets the rule `rename` with the score the
share of the lead kept. Blocks of (kind, lead with one end masked) in a dict: linear in the keys.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from reportcmp.pipeline import programs
from reportcmp.pipeline.program_rules import _core_of_lead, kind_and_lead

MAX_GAP_YEARS = 2        # 安罗高速 last named 2019, 上罗高速 first named 2020
MIN_REPORTS = 3          # the two names together: a series long enough to show one replacing the other
MIN_NEW_REPORTS = 2      # the new name runs on
MIN_END_CHARS, MAX_END_CHARS = 2, 3   # 内罗, 周驻南: one character per end city
PLACE_CHARS = 2          # 郑州武汉: two places of two characters
MAX_PLACE_CHARS = 3      # 化庄至新蔡: two places joined by a joiner word (program_words.csv role joiner)


@lru_cache(maxsize=1)
def line_kinds() -> frozenset[str]:
    """The kinds whose names are end cities (knowledge/program_kinds.csv: the kinds listed with role
    `line` in program_words.csv)."""
    return frozenset(programs.program_words()["line_kind"])


@lru_cache(maxsize=1)
def _finished_order() -> int:
    """The stage order from which a project is built (建成)."""
    orders = {stage: order for _, order, stage in programs.stage_words()}
    return min(order for stage, order in orders.items() if stage in programs.program_words()["finished_stage"])


@lru_cache(maxsize=65536)
def end_cities(key: str) -> tuple[str, str] | None:
    """(kind, ends) of a key naming a line by its end cities: 上罗高速 → (expressway, 上罗),
    郑州武汉客运铁路 → (railway, 郑武), 化庄至新蔡高速公路 → (expressway, 化新); None for another key."""
    found = kind_and_lead(key)
    if found is None or found[0] not in line_kinds():
        return None
    kind, lead = found
    core = _core_of_lead(lead)
    before = key[: max(0, key.find(lead))]
    joined = next((w for w in programs.program_words()["joiner"] if w in core), None)
    if joined is not None:   # 化庄至新蔡: two places joined, one character each (化新)
        first, _, last = core.partition(joined)
        if PLACE_CHARS <= len(first) <= MAX_PLACE_CHARS and PLACE_CHARS <= len(last) <= MAX_PLACE_CHARS:
            core = first[0] + last[0]
    elif len(core) == PLACE_CHARS and {before[-PLACE_CHARS:], core} <= programs.place_names():
        core = before[-PLACE_CHARS] + core[0]   # 郑州|武汉: kind_and_lead cut the first place off
    if not MIN_END_CHARS <= len(core) <= MAX_END_CHARS:
        return None
    return kind, core


def merge_renames(canonical: dict[str, tuple[str, str, float]],
                  records: list[dict]) -> dict[str, tuple[str, str, float]]:
    """The links of ONE region's keys with the renamed lines merged (module docstring): the later
    programme's keys take the earlier's root, its first key rule `rename`. Two programmes whose
    ends are the same (郑州武汉客运铁路, 郑武客运铁路) are one line first (rule `abbreviation`)."""
    order = {key: i for i, key in enumerate(canonical)}
    parent: dict[str, tuple[str, str, float]] = {}   # root -> (the root it joins, rule, score)

    def find(root: str) -> str:
        while root in parent:
            root = parent[root][0]
        return root

    def join(a: str, b: str, rule: str, score: float) -> None:
        a, b = find(a), find(b)
        if a != b:
            keep, drop = sorted((a, b), key=order.__getitem__)
            parent[drop] = (keep, rule, score)

    ends_of: dict[str, set[tuple[str, str]]] = defaultdict(set)
    first_with: dict[tuple[str, str], str] = {}
    for key, (root, _, _) in canonical.items():   # in order of first mention
        found = end_cities(key)
        if found is not None:
            ends_of[root].add(found)
            join(first_with.setdefault(found, root), root, "abbreviation", 100.0)
    if not ends_of:
        return canonical
    stage_order = {stage: order for _, order, stage in programs.stage_words()}
    years: dict[str, set[int]] = defaultdict(set)
    finished: set[str] = set()
    for record in records:
        root = find(canonical[record["program_key"]][0])
        years[root].add(record["report_year"])
        if stage_order.get(record["stage"], 0) >= _finished_order():
            finished.add(root)
    lines: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for root, ends in ends_of.items():
        lines[find(root)] |= ends
    blocks: dict[tuple[str, str, int], set[str]] = defaultdict(set)
    for root, ends in lines.items():
        for kind, cities in ends:
            for at in range(len(cities)):
                blocks[(kind, cities[:at] + "*" + cities[at + 1:], at)].add(root)
    later: dict[str, set[str]] = defaultdict(set)
    earlier: dict[str, set[str]] = defaultdict(set)
    for roots in blocks.values():
        for old in roots:
            for new in roots:
                if old != new and years[old] and len(years[new]) >= MIN_NEW_REPORTS and old not in finished \
                        and len(years[old]) + len(years[new]) >= MIN_REPORTS \
                        and max(years[old]) < min(years[new]) <= max(years[old]) + MAX_GAP_YEARS:
                    later[old].add(new)
                    earlier[new].add(old)
    for new, olds in sorted(earlier.items(), key=lambda item: order[item[0]]):
        old = next(iter(olds))
        if len(olds) == 1 and len(later[old]) == 1:
            cities = min((c for _, c in lines[new]), key=len)
            join(old, new, "rename", round(100.0 * (len(cities) - 1) / len(cities), 1))
    if not parent:
        return canonical
    merged = {}
    for key, (root, rule, score) in canonical.items():
        if key == root and root in parent:
            rule, score = parent[root][1], parent[root][2]
        merged[key] = (find(root), rule, score)
    return merged
