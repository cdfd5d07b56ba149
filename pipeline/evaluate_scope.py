"""The labeled ranges of an extraction label file (labels/scope.csv): which part of a report its
labels cover, given as anchors copied from the report's text and resolved to character ranges of the
stored text. Apart from pipeline/evaluate.py, which scores the labels, since the scope file and the
way an anchor is found change for their own reasons.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd

from reportcmp.pipeline.evaluate import LabelsError
from reportcmp.pipeline.evaluate_match import _is_invisible, normalize_text


def read_scope(scope_csv: Path, label_file: str) -> pd.DataFrame | None:
    """The labeled ranges of `label_file` from labels/scope.csv (anchors, resolved later); None if absent."""
    if not scope_csv.is_file():
        return None
    scope = pd.read_csv(scope_csv, dtype=str, keep_default_na=False)
    expected = {"label_file", "region", "report_year", "start_anchor", "end_anchor", "note"}
    if set(scope.columns) != expected:
        raise LabelsError(f"{scope_csv}: expected columns {', '.join(sorted(expected))}")
    scope = scope[scope["label_file"] == label_file]
    if scope.empty:
        return None
    return scope.assign(report_year=scope["report_year"].astype(int))


def find_anchor(text: str, anchor: str) -> int | None:
    """Offset in `text` where `anchor` starts, comparing both after normalize_text (so an anchor copied
    from the raw file is found in the cleaned text and across broken lines)."""
    kept, positions = [], []
    for offset, ch in enumerate(text):
        for piece in unicodedata.normalize("NFKC", ch):
            if not _is_invisible(piece):
                kept.append(piece)
                positions.append(offset)
    at = "".join(kept).find(normalize_text(anchor))
    return positions[at] if at >= 0 and anchor else None


def resolve_scope(scope: pd.DataFrame, texts: dict[tuple[str, int], str]) -> pd.DataFrame:
    """Anchors to char ranges of the stored text; an anchor not found is a LabelsError."""
    rows = []
    for row in scope.itertuples(index=False):
        text = texts[(row.region, row.report_year)]
        bounds = []
        for anchor in (row.start_anchor, row.end_anchor):
            if not anchor:
                bounds.append(None)
                continue
            at = find_anchor(text, anchor)
            if at is None:
                raise LabelsError(f"scope anchor not found in {row.region} {row.report_year}: {anchor!r}")
            bounds.append(at)
        rows.append({"region": row.region, "report_year": row.report_year,
                     "char_start": bounds[0], "char_end": bounds[1]})
    return pd.DataFrame(rows, columns=["region", "report_year", "char_start", "char_end"])
