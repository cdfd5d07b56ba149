"""The schema: SQL files under warehouse/sql/, applied in name order (tables first, then views)."""
from __future__ import annotations

from importlib import resources


def sql_files() -> list[tuple[str, str]]:
    """(name, text) of every schema file, in the order they are applied."""
    folder = resources.files(__name__) / "sql"
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    return [(name, (folder / name).read_text(encoding="utf-8")) for name in names]


def apply_schema(con) -> None:
    """Create what is missing and replace the views; safe to run on every write connection."""
    for _name, text in sql_files():
        con.execute(text)
