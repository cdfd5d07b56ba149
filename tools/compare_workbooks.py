"""Say whether two workbooks hold the same thing: every sheet's cell values, tables and frozen panes.

    python tools/compare_workbooks.py BEFORE.xlsx AFTER.xlsx [--ignore 'Cover!B4'] [--styles]

Used to show that a refactoring of pipeline/export*.py changes no result: write the corpus workbook
with the old code and the new (`reportcmp export --db DB --out …`) and compare them. The Cover's
"Made" cell holds the time of writing and differs by design; name such cells with --ignore.
With --styles, each cell's number format, bold and wrap are compared too (slower: openpyxl then
loads every cell's style). Exit status 0 when identical, 1 with the first differences listed.
"""
from __future__ import annotations

import argparse
import sys
from itertools import zip_longest
from pathlib import Path

import openpyxl

SHOWN = 20   # differences printed per sheet


def sheet_cells(ws, styles: bool) -> list[tuple]:
    """Rows of cell values (with their style when asked), trailing empty rows left out."""
    rows = []
    for row in ws.iter_rows():
        if styles:
            rows.append(tuple((c.value, c.number_format, bool(c.font and c.font.b),
                               bool(c.alignment and c.alignment.wrap_text)) for c in row))
        else:
            rows.append(tuple(c.value for c in row))
    while rows and all(v in (None, (None, "General", False, False)) for v in rows[-1]):
        rows.pop()
    return rows


def sheet_shape(ws) -> dict:
    return {
        "tables": sorted((table.name, table.ref) for table in ws.tables.values()),
        "freeze_panes": ws.freeze_panes,
        "charts": len(ws._charts),
        "widths": sorted((key, round(d.width or 0, 2)) for key, d in ws.column_dimensions.items()),
    }


def differences(before: Path, after: Path, ignore: set[str], styles: bool) -> list[str]:
    old = openpyxl.load_workbook(before, read_only=False)
    new = openpyxl.load_workbook(after, read_only=False)
    found: list[str] = []
    if old.sheetnames != new.sheetnames:
        return [f"sheets differ: {old.sheetnames} / {new.sheetnames}"]
    for name in old.sheetnames:
        a, b = old[name], new[name]
        shape_a, shape_b = sheet_shape(a), sheet_shape(b)
        for key in shape_a:
            if shape_a[key] != shape_b[key]:
                found.append(f"{name}: {key} {shape_a[key]} / {shape_b[key]}")
        rows_a, rows_b = sheet_cells(a, styles), sheet_cells(b, styles)
        shown = 0
        for r, (row_a, row_b) in enumerate(zip_longest(rows_a, rows_b, fillvalue=()), start=1):
            if row_a == row_b:
                continue
            for c, (x, y) in enumerate(zip_longest(row_a, row_b), start=1):
                cell = f"{name}!{openpyxl.utils.get_column_letter(c)}{r}"
                if x != y and cell not in ignore and not (x is None and y in ((), None)):
                    if shown < SHOWN:
                        found.append(f"{cell}: {x!r} / {y!r}")
                    shown += 1
        if shown > SHOWN:
            found.append(f"{name}: {shown - SHOWN} more differences")
        print(f"{name}: {len(rows_a)} / {len(rows_b)} rows, "
              f"{'identical' if not shown else f'{shown} cells differ'}", file=sys.stderr)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--ignore", action="append", default=[],
                        help="a cell that may differ, as Sheet!A1 (repeatable)")
    parser.add_argument("--styles", action="store_true", help="compare number formats, bold and wrap too")
    args = parser.parse_args(argv)
    found = differences(args.before, args.after, set(args.ignore), args.styles)
    for line in found:
        print(line)
    print("identical" if not found else f"{len(found)} differences")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
