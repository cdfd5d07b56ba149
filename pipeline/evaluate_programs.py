"""Measure how the product follows programmes across years against hand labels (labels/programs/).

A label file has one row per programme: region, program (the name a reader gives it), spellings
(the surface forms, `|`-separated, as written), years (every report_year that mentions it,
`|`-separated), quotes (one per year), note. labels/programs/README.md says how they were made.

When a product mention names a labeled programme (one rule, used everywhere; labels/README.md
repeats it): same region (the label's region name, any of its years: 清苑区 covers 清苑县 too), a
labeled year of the programme, and a name (as written, with quotation marks, spaces and punctuation
removed, as are the spellings) that equals one of its spellings, contains one, or is contained in
one while being at least MIN_CONTAINED_CHARS long and half of it. A mention that names several
programmes names the one it matches best: equal before containing before contained, then the
longest spelling (all of them on a tie).

- coverage of a programme: the share of its labeled years under its single best product id, the id
  naming it in most of its years (on a tie the id seen first);
- merges: two labeled programmes of one region whose best ids are the same id.
Per series (region) and overall: programmes, mean coverage, programmes covered at >= COVERED_AT,
programme-years under the best ids, merges.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reportcmp.pipeline.evaluate import LabelsError, normalize_subject

REQUIRED = ("region", "program", "spellings", "years", "quotes")
OPTIONAL = ("note",)
COVERED_AT = 0.9                 # the bar: a programme under one id for >= 0.9 of its years
MIN_CONTAINED_CHARS = 3          # a mention inside a spelling counts from this length (not 高速 in 驻信高速)
LIST_LIMIT = 60


@dataclass(frozen=True)
class Programme:
    region: str
    name: str
    spellings: tuple[str, ...]   # normalised
    years: tuple[int, ...]


@dataclass(frozen=True)
class ProgrammeScore:
    programme: Programme
    best_id: str | None
    best_name: str | None        # the product's name of the best id
    covered: tuple[int, ...]     # labeled years under the best id
    elsewhere: dict[int, tuple[str, ...]]   # labeled years named only under other ids -> those ids

    @property
    def coverage(self) -> float:
        return len(self.covered) / len(self.programme.years)


@dataclass(frozen=True)
class SeriesScore:
    region: str
    programmes: list[ProgrammeScore]
    merges: list[tuple[str, str, str]]       # (programme, programme, shared id)

    @property
    def mean_coverage(self) -> float:
        return sum(p.coverage for p in self.programmes) / len(self.programmes) if self.programmes else math.nan

    @property
    def n_covered(self) -> int:
        return sum(p.coverage >= COVERED_AT for p in self.programmes)

    @property
    def years(self) -> int:
        return sum(len(p.programme.years) for p in self.programmes)

    @property
    def years_covered(self) -> int:
        return sum(len(p.covered) for p in self.programmes)


def is_program_labels(path: Path) -> bool:
    """True when the CSV's header is that of programme labels (the `spellings` column)."""
    with open(path, encoding="utf-8") as handle:
        header = handle.readline()
    return "spellings" in [column.strip() for column in header.split(",")]


def read_program_labels(path: Path) -> list[Programme]:
    """The programmes of a label file; a bad row names its line and what is wrong."""
    path = Path(path)
    labels = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in REQUIRED if c not in labels.columns]
    if missing:
        raise LabelsError(f"{path.name}: programme labels lack column(s) {', '.join(missing)}")
    unknown = sorted(set(labels.columns) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise LabelsError(f"{path.name}: unknown column(s) in programme labels: {', '.join(unknown)}")
    programmes = []
    for line, row in enumerate(labels.itertuples(index=False), start=2):
        try:
            years = tuple(int(y) for y in row.years.split("|"))
        except ValueError:
            raise LabelsError(f"{path.name} line {line}: years is not a |-list of years: {row.years!r}") from None
        spellings = tuple(dict.fromkeys(s for s in map(normalize_subject, row.spellings.split("|")) if s))
        if not spellings or not years:
            raise LabelsError(f"{path.name} line {line}: {row.program} has no spellings or no years")
        programmes.append(Programme(row.region, row.program, spellings, years))
    return programmes


def match_quality(name: str, spelling: str) -> tuple[int, int]:
    """(kind, length) of the rule of the module docstring for one normalised name and spelling:
    kind 3 equal, 2 the name contains the spelling, 1 the spelling contains the name, 0 no match."""
    if name == spelling:
        return 3, len(spelling)
    if spelling in name:
        return 2, len(spelling)
    if name in spelling and len(name) >= max(MIN_CONTAINED_CHARS, len(spelling) / 2):
        return 1, len(spelling)
    return 0, 0


def _named(name: str, candidates: list[Programme]) -> list[Programme]:
    """The programmes among `candidates` this name names: those it matches best."""
    best, found = (0, 0), []
    for programme in candidates:
        quality = max(match_quality(name, s) for s in programme.spellings)
        if quality > best:
            best, found = quality, [programme]
        elif quality[0] and quality == best:
            found.append(programme)
    return found


def score_series(programmes: list[Programme], mentions: pd.DataFrame) -> SeriesScore:
    """Coverage and merges of one region's programmes; `mentions`: program_id, program_name (as
    written), report_year of that region."""
    by_year: dict[int, list[Programme]] = defaultdict(list)
    for programme in programmes:
        for year in programme.years:
            by_year[year].append(programme)
    ids_of: dict[Programme, dict[str, set[int]]] = {p: defaultdict(set) for p in programmes}
    first_seen: dict[str, tuple[int, str]] = {}
    for pid, name, year in mentions[["program_id", "program_name", "report_year"]].itertuples(index=False):
        year = int(year)
        first_seen[pid] = min(first_seen.get(pid, (year, name)), (year, name))
        for programme in _named(normalize_subject(name), by_year.get(year, [])):
            ids_of[programme][pid].add(year)
    scores, best_of = [], {}
    for programme in programmes:
        ids = ids_of[programme]
        best = min(ids, key=lambda pid: (-len(ids[pid]), first_seen[pid]), default=None)
        covered = tuple(sorted(ids[best])) if best else ()
        elsewhere = {}
        for year in programme.years:
            if year not in covered:
                others = tuple(sorted(pid for pid, years in ids.items() if year in years))
                if others:
                    elsewhere[year] = others
        scores.append(ProgrammeScore(programme, best, first_seen[best][1] if best else None, covered, elsewhere))
        if best:
            best_of.setdefault(best, []).append(programme.name)
    merges = [(a, b, pid) for pid, names in best_of.items() for i, a in enumerate(names) for b in names[i + 1:]]
    return SeriesScore(programmes[0].region if programmes else "", scores, merges)


TIMELINE_SQL = "SELECT * FROM v_program_timeline"


def product_mentions(con) -> pd.DataFrame:
    """program_id, program_name (as written), report_year, region_key of every programme mention.

    v_program_timeline lists the spellings of a year in names_written (one row per programme and
    year); a database made before that view had one row per mention with the name as written."""
    timeline = con.sql(TIMELINE_SQL).df()
    if "names_written" not in timeline.columns:
        return timeline[["program_id", "program_name", "report_year", "region_key"]]
    rows = [(pid, name, year, key)
            for pid, names, year, key in timeline[["program_id", "names_written", "report_year", "region_key"]]
            .itertuples(index=False) for name in str(names).split(" | ")]
    return pd.DataFrame(rows, columns=["program_id", "program_name", "report_year", "region_key"])


def evaluate_programs(programmes: list[Programme], mentions: pd.DataFrame,
                      region_keys: dict[str, set[str]]) -> list[SeriesScore]:
    """One SeriesScore per labeled region, in the order of the label file."""
    by_region: dict[str, list[Programme]] = {}
    for programme in programmes:
        by_region.setdefault(programme.region, []).append(programme)
    return [score_series(series, mentions[mentions["region_key"].isin(region_keys.get(region, set()))])
            for region, series in by_region.items()]


def run(labels_csv: Path, con) -> str:
    """Evaluate one programme label file against the database on `con`; the printable report."""
    programmes = read_program_labels(labels_csv)
    reports = con.sql("SELECT DISTINCT region, region_key, report_year FROM v_reports").df()
    region_keys: dict[str, set[str]] = defaultdict(set)
    for region, key in reports[["region", "region_key"]].itertuples(index=False):
        region_keys[region].add(key)
    missing = sorted({p.region for p in programmes} - set(region_keys))
    if missing:
        raise LabelsError(f"region(s) not ingested, cannot evaluate {Path(labels_csv).name}: {', '.join(missing)}")
    keys = {p.region: region_keys[p.region] for p in programmes}
    stored = {(key, int(year)) for key, year in reports[["region_key", "report_year"]].itertuples(index=False)}
    absent = sorted({f"{p.region} {y}" for p in programmes for y in p.years
                     if not any((key, y) in stored for key in keys[p.region])})
    series = evaluate_programs(programmes, product_mentions(con), keys)
    return format_report(Path(labels_csv), series, absent)


def format_report(labels_csv: Path, series: list[SeriesScore], absent: list[str]) -> str:
    total = [p for s in series for p in s.programmes]
    lines = [
        f"Programmes evaluated against {labels_csv} ({len(total)} labeled programmes)",
        "a mention names a programme: same region, a labeled year, its name equal to a spelling, "
        "containing one, or inside one (>= 3 characters and half of it)",
        f"coverage: labeled years under the programme's best id; covered: coverage >= {COVERED_AT}; "
        "merges: two programmes with the same best id",
    ]
    if absent:
        lines.append("labeled years without a report in the database (count as not covered): " + ", ".join(absent))
    lines += ["", f"{'series':<10}{'programmes':>11}{'mean coverage':>15}{'covered':>9}{'years':>14}{'merges':>8}"]
    rows = [(s.region, s.programmes, s.mean_coverage, s.n_covered, s.years_covered, s.years, len(s.merges))
            for s in series]
    if len(series) > 1:
        rows.append(("all", total, sum(p.coverage for p in total) / len(total), sum(s.n_covered for s in series),
                     sum(s.years_covered for s in series), sum(s.years for s in series),
                     sum(len(s.merges) for s in series)))
    for region, programmes, mean, n_covered, covered, years, merges in rows:
        lines.append(f"{region:<10}{len(programmes):>11}{_pct(mean):>15}{n_covered:>6}/{len(programmes):<3}"
                     f"{covered:>7}/{years:<6}{merges:>8}")
    for s in series:
        lines += ["", f"{s.region}: programmes under {COVERED_AT:.0%} of their years"]
        for p in sorted(s.programmes, key=lambda p: p.coverage):
            if p.coverage >= COVERED_AT:
                continue
            missed = [y for y in p.programme.years if y not in p.covered]
            where = "; ".join(f"{y} {'under ' + ', '.join(p.elsewhere[y]) if y in p.elsewhere else 'not found'}"
                              for y in missed)
            lines.append(f"  {p.programme.name}: {len(p.covered)}/{len(p.programme.years)} under "
                         f"{p.best_id or '—'} ({p.best_name or 'none'}); {where}"[:400])
        if s.merges:
            lines.append(f"{s.region}: merges")
            lines += [f"  {a} + {b} under {pid}" for a, b, pid in s.merges[:LIST_LIMIT]]
    return "\n".join(lines)


def _pct(x: float) -> str:
    return "n/a" if x != x else f"{100 * x:.1f}%"
