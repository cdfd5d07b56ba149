"""Row counts per region and report year, and the corpus's expected ones (checks/expected_counts.csv).

PUDL's habit: a change that moves the rows of a table moves them on purpose. The test that builds the
corpus compares its counts with the file; after a deliberate change, regenerate it with
`python -m reportcmp.pipeline.warehouse.counts DB > warehouse/checks/expected_counts.csv` and say why in the commit.
"""
from __future__ import annotations

import csv
import io
import sys
from importlib import resources

COUNTS_SQL = """
SELECT r.region, r.report_year,
       (SELECT count(*) FROM core_paragraphs p WHERE p.report_sha256 = r.report_sha256) AS paragraphs,
       (SELECT count(*) FROM core_metrics m WHERE m.report_sha256 = r.report_sha256 AND m.kind = 'result') AS results,
       (SELECT count(*) FROM core_metrics m WHERE m.report_sha256 = r.report_sha256 AND m.kind = 'target') AS targets,
       (SELECT count(*) FROM out_target_vs_result c WHERE c.target_report_sha256 = r.report_sha256) AS judged_targets,
       (SELECT count(*) FROM out_target_vs_result c WHERE c.result_report_sha256 = r.report_sha256) AS results_used
FROM core_reports r
ORDER BY r.region, r.report_year
"""
COLUMNS = ("region", "report_year", "paragraphs", "results", "targets", "judged_targets", "results_used")


def counts(con) -> list[tuple]:
    """(region, report_year, paragraphs, results, targets, judged_targets, results_used) per report."""
    return [tuple(row) for row in con.execute(COUNTS_SQL).fetchall()]


def expected() -> list[tuple]:
    text = resources.files(__package__).joinpath("checks", "expected_counts.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    if tuple(rows[0]) != COLUMNS:
        raise ValueError(f"checks/expected_counts.csv: header {rows[0]}, expected {list(COLUMNS)}")
    return [(row[0], *map(int, row[1:])) for row in rows[1:]]


def as_csv(rows: list[tuple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


if __name__ == "__main__":
    import duckdb

    if len(sys.argv) != 2:
        sys.exit("usage: python -m reportcmp.pipeline.warehouse.counts DB  (the corpus and the seed ingested, compared)")
    con = duckdb.connect(sys.argv[1], read_only=True)
    sys.stdout.write(as_csv(counts(con)))
