"""The knowledge files themselves: every row readable as its header says."""
from __future__ import annotations

import csv
from importlib import resources

import pytest

from pipeline import knowledge

CSV_FILES = sorted(p.name for p in resources.files("pipeline.knowledge").iterdir() if p.name.endswith(".csv"))


@pytest.mark.parametrize("name", CSV_FILES)
def test_every_row_has_exactly_the_header_s_fields(name):
    """A pattern with an unquoted comma ({0,4}) would split into one field too many and be read cut
    short without a word: every row must have exactly as many fields as the header."""
    lines = [line for line in resources.files("pipeline.knowledge").joinpath(name).read_text(encoding="utf-8")
             .splitlines() if line.strip() and not line.startswith("#")]
    header, *rows = list(csv.reader(lines))
    bad = [(number, row) for number, row in enumerate(rows, start=2) if len(row) != len(header)]
    assert bad == [], f"{name}: rows with another number of fields than {header}"


@pytest.mark.parametrize("name", [n for n in CSV_FILES if n in (
    "target_passage.csv", "target_predicates.csv", "scope_words.csv", "subject_leads.csv", "catalog_affixes.csv",
    "part_words.csv")])
def test_every_pattern_compiles(name):
    import re

    for row in knowledge.rows(name):
        re.compile(row["pattern"])
