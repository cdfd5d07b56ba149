"""The warehouse's own checks on the whole corpus: the queries that must return no row, the row counts
per region and year, and the accuracy floors on the outside readers' labels (skipped without
../shared)."""
from __future__ import annotations

from pathlib import Path

import pytest

from reportcmp.pipeline import evaluate, evaluate_pairs, warehouse
from reportcmp.pipeline.warehouse import counts

SHARED_LABELS = Path(__file__).resolve().parents[2] / "shared" / "labels"
CHECKS = warehouse.check_files()


@pytest.mark.corpus
@pytest.mark.parametrize("name, query", CHECKS, ids=[name for name, _ in CHECKS])
def test_check_returns_no_row(corpus_db, name, query):
    rows = corpus_db.execute(query).fetchall()
    assert rows == [], f"{name}: {len(rows)} row(s), first: {rows[:3]}"


def test_every_check_reads_tables_that_exist():
    """A check that names a table or view the schema lacks would fail only on the corpus: run each on
    an empty warehouse too."""
    import duckdb

    con = duckdb.connect()
    warehouse.apply_schema(con)
    for name, query in CHECKS:
        assert con.execute(query).fetchall() == [], name


@pytest.mark.corpus
def test_row_counts_per_region_and_year_are_the_expected_ones(corpus_db):
    got, wanted = counts.counts(corpus_db), counts.expected()
    differ = sorted(set(got) ^ set(wanted))
    assert not differ, (
        "row counts moved (checks/expected_counts.csv; columns " + ", ".join(counts.COLUMNS) + "):\n"
        + "\n".join(f"  {'now' if row in got else 'was'} {row}" for row in differ[:30])
        + "\nif the change is deliberate: ingest the seed and the corpus, compare, then "
          "`python -m reportcmp.pipeline.warehouse.counts DB > warehouse/checks/expected_counts.csv`")


@pytest.mark.corpus
@pytest.mark.parametrize("labels, floor", [
    (SHARED_LABELS / "provinces-2025-pairs.csv", 0.95),
    (SHARED_LABELS / "zhumadian-pairs.csv", 0.95),
    (Path(__file__).resolve().parents[1] / "labels" / "national-pairs.csv", 0.98),
], ids=lambda p: getattr(p, "name", str(p)))
def test_final_status_accuracy_stays_above_its_floor(corpus_db, labels, floor):
    if not labels.is_file():
        pytest.skip(f"{labels} is not beside the project")
    evaluation = evaluate_pairs.evaluate_pairs(evaluate.read_labels(labels),
                                         corpus_db.sql("SELECT * FROM v_target_vs_result").df())
    wrong = evaluation.rows[~evaluation.rows["right"] & ~evaluation.rows["debatable"]]
    assert evaluation.accuracy >= floor, (
        f"{evaluation.right}/{evaluation.labels} right; wrong:\n"
        + wrong[["region", "period_year", "metric", "expected_status", "product_status"]].to_string())
