"""The workbook alone, in a fresh process, from a compared database; prints its seconds.

    python benchmarks/export_workbook.py DB [OUT.xlsx]

The database is opened read-only (the export only reads the views), so one database serves any
number of runs and both versions of a paired timing. For two versions, run each version's copy of
this script in turn, alternating (A B A B …), and compare the medians, e.g.
    for i in 1 2 3 4 5 6 7; do OLD/.venv/bin/python OLD/benchmarks/export_workbook.py DB
                               .venv/bin/python benchmarks/export_workbook.py DB; done
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import duckdb

from reportcmp.pipeline import config, export


def main() -> None:
    db = Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as folder:
        out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(folder) / "comparison.xlsx"
        settings = config.settings_for(db=db, out=out, corrections=Path(folder) / "no-corrections.csv")
        con = duckdb.connect(str(db), read_only=True)
        try:
            start = time.perf_counter()
            summary = export.write_workbook(con, out, settings)
            seconds = time.perf_counter() - start
        finally:
            con.close()
    print(f"export {seconds:.3f} s, {summary.n_comparisons} comparisons, "
          f"{sum(summary.sheets.values())} table rows")


if __name__ == "__main__":
    main()
