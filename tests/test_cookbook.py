"""The README's cookbook answers from a shell (issue 13): every ```sql block runs through
`reportcmp sql`, and on the corpus each returns rows; the GDP query one annual row per year."""
from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from reportcmp.pipeline import analyst, report, store, warehouse
from tests.helpers import command_env

ROOT = Path(__file__).resolve().parents[1]
REPORTCMP = Path(sys.executable).with_name("reportcmp")
SEED = ROOT / "seeds" / "dezhou" / "2024.txt"


def cookbook() -> list[str]:
    """The SQL blocks of the README's cookbook, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Cookbook", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sql\n(.*?)```", section, flags=re.S)]


def test_the_cookbook_has_queries():
    assert len(cookbook()) >= 6


def test_the_whole_cookbook_runs_from_a_shell(tmp_path):
    """Fed on stdin to `reportcmp sql`, as a user with no Python would: no statement fails."""
    db = tmp_path / "reports.duckdb"
    con = duckdb.connect(str(db))
    warehouse.apply_schema(con)
    store.store_report(con, report.process_file(SEED))
    con.close()
    done = subprocess.run([str(REPORTCMP), "sql", "--db", str(db)], input="\n".join(cookbook()) + "\n",
                          capture_output=True, text=True, cwd=tmp_path, timeout=120, env=command_env())
    assert done.returncode == 0 and "error" not in done.stderr, done.stderr
    assert done.stdout.count("┌") == len(cookbook())       # one table per query


@pytest.mark.corpus
@pytest.mark.parametrize("number", range(len(cookbook())))
def test_each_cookbook_query_answers_on_the_corpus(corpus_db, number):
    query = cookbook()[number]
    if "FROM v_files" in query:   # the files not taken: the corpus has none
        pytest.skip("no rejected files in the corpus")
    rows = list(csv.reader(io.StringIO(analyst.run_sql(corpus_db, query, "csv"))))
    assert len(rows) > 1, f"no rows on the corpus:\n{query}"


@pytest.mark.corpus
def test_the_gdp_query_gives_one_annual_row_per_year(corpus_db):
    query = next(q for q in cookbook() if "metric_key = 'gdp'" in q and "region = '全国'" in q)
    rows = list(csv.DictReader(io.StringIO(analyst.run_sql(corpus_db, query, "csv"))))
    years = [row["period_year"] for row in rows]
    assert len(years) >= 20 and len(years) == len(set(years))
