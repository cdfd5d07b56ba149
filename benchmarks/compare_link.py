"""compare + link in a fresh process on a copy of an ingested database; prints the seconds of each.

    python benchmarks/compare_link.py DB

For paired timings of two versions (each with its own venv and database ingested by that version),
alternate them in one loop so both see the same machine load, and compare the medians:
    for i in $(seq 7); do
        OLD/.venv/bin/python OLD/benchmarks/compare_link.py OLD.duckdb >>old.txt
        .venv/bin/python benchmarks/compare_link.py NEW.duckdb >>new.txt
    done
The database is copied first, so every run starts from the same file and the original is untouched.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from reportcmp.pipeline import compare, config, store

try:
    from reportcmp.pipeline.program_links import link_programs
except ImportError:   # a version before programmes moved to program_links
    from reportcmp.pipeline.programs import link_programs


def main() -> None:
    template = Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "copy.duckdb"
        shutil.copy(template, db)
        settings = config.settings_for(db=db, corrections=Path(folder) / "no-corrections.csv")
        con = store.connect(db)
        try:
            start = time.perf_counter()
            compare.build_comparison(con, settings, ())
            compared = time.perf_counter()
            link_programs(con, settings, ())
            linked = time.perf_counter()
        finally:
            con.close()
    print(f"compare {compared - start:.3f} link {linked - compared:.3f} compare+link {linked - start:.3f}")


if __name__ == "__main__":
    main()
