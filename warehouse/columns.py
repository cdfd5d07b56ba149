"""The public views' column reference (docs/VIEWS.md), made from the schema and warehouse/columns.csv
so that it cannot drift: `python -m reportcmp.pipeline.warehouse.columns > docs/VIEWS.md`."""
from __future__ import annotations

import csv
import io
import sys
from importlib import resources

import duckdb


def descriptions() -> dict[tuple[str, str], str]:
    """(view, column) → meaning; view '*' is a column's meaning wherever it appears."""
    text = resources.files(__package__).joinpath("columns.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {(row["view"], row["column"]): row["description"] for row in csv.DictReader(lines)}


def schema_columns() -> list[tuple[str, str, str]]:
    """(view, column, type) of every public view of a fresh warehouse, in the views' own order."""
    from reportcmp.pipeline import warehouse

    con = duckdb.connect()
    warehouse.apply_schema(con)
    views = [v for (v,) in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE view_name LIKE 'v\\_%' ESCAPE '\\' ORDER BY view_name").fetchall()]
    return [(view, column, kind) for view in views
            for column, kind, *_ in con.execute(f"DESCRIBE {view}").fetchall()]


def meaning(found: dict[tuple[str, str], str], view: str, column: str) -> str | None:
    return found.get((view, column)) or found.get(("*", column))


def page() -> str:
    found = descriptions()
    out = io.StringIO()
    out.write("# The public views, column by column\n\n"
              "Made from the schema and `warehouse/columns.csv` by `python -m reportcmp.pipeline.warehouse.columns`; "
              "a test fails when they differ. The views are the stable surface: query them with "
              "`reportcmp sql`, DuckDB, pandas or R. Columns may be added; the ones here keep their names "
              "and meaning.\n")
    current = None
    for view, column, kind in schema_columns():
        if view != current:
            out.write(f"\n## {view}\n\n| column | type | meaning |\n|---|---|---|\n")
            current = view
        text = (meaning(found, view, column) or "").replace("|", "\\|")
        out.write(f"| `{column}` | {kind} | {text} |\n")
    return out.getvalue()


if __name__ == "__main__":
    sys.stdout.write(page())
