"""docs/VIEWS.md is made from the schema and warehouse/columns.csv: every public column is described,
no description names a column that is gone, and the page in the repository is the one the code makes."""
from pathlib import Path

from reportcmp.pipeline.warehouse import columns

ROOT = Path(__file__).resolve().parents[1]


def test_every_public_column_has_a_meaning():
    found = columns.descriptions()
    missing = [f"{view}.{column}" for view, column, _ in columns.schema_columns()
               if not columns.meaning(found, view, column)]
    assert not missing, f"describe these in warehouse/columns.csv: {missing}"


def test_no_description_of_a_column_that_is_gone():
    present = {(view, column) for view, column, _ in columns.schema_columns()}
    names = {column for _, column in present}
    stale = [f"{view}.{column}" for view, column in columns.descriptions()
             if (view == "*" and column not in names) or (view != "*" and (view, column) not in present)]
    assert not stale, f"warehouse/columns.csv describes columns no view has: {stale}"


def test_the_page_is_the_one_the_code_makes():
    written = (ROOT / "docs" / "VIEWS.md").read_text(encoding="utf-8")
    assert written == columns.page(), "run: python -m reportcmp.pipeline.warehouse.columns > docs/VIEWS.md"


def test_a_missing_description_is_found():
    found = columns.descriptions()
    view, column, _ = columns.schema_columns()[0]
    found.pop((view, column), None)
    found.pop(("*", column), None)
    assert columns.meaning(found, view, column) is None
