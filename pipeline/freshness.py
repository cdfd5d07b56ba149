"""What a run has to do, and why: the one place that decides whether anything is new.

Three things are derived from inputs; each is stored with a fingerprint of what it was made from,
kept with its parts (a hash each) so that a rebuild can say what changed:

- a report's extraction (its paragraphs, figures and programme mentions, made from its stored text):
  the knowledge files and the extractor's code, in core_reports.extracted_with; when they change,
  the next run or compare re-extracts the stored texts (no input file is read again);
- the comparison: the stored reports, the knowledge files, the corrections file, the comparison
  settings and the product's code;
- the workbook: the comparison, its words (knowledge/workbook_texts.csv) and the file it is written to.

The flows act on these answers; the command line asks `pending` first, read-only and without
Prefect, and starts nothing when nothing is pending.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from reportcmp.pipeline import knowledge, store, warehouse
from reportcmp.pipeline.config import Settings
from reportcmp.pipeline.inputs import InputFile, list_inputs, new_files

EXTRACTION = "extraction"
COMPARISON = "comparison"
WORKBOOK = "workbook"
Parts = dict[str, str]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(parts: Parts) -> str:
    return _sha(json.dumps(parts, sort_keys=True).encode())


@functools.cache
def code_version() -> str:
    """The extractor's version: a hash of the library's own code (every pipeline/*.py) and of the SQL
    models, so that any change of the code, not only of a version number, counts."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    for name, text in warehouse.sql_files():
        digest.update(name.encode() + b"\0" + text.encode())
    return digest.hexdigest()


# Knowledge files that only the workbook reads (pipeline/export_texts.py): an edit rewrites the
# workbook, and extracts nothing again.
WORKBOOK_KNOWLEDGE = ("workbook_texts.csv",)


@functools.cache
def _knowledge_parts() -> Parts:
    """A hash of each knowledge file, as this process reads it (knowledge is read once a process)."""
    return {f"knowledge/{name}": _sha(data) for name, data in knowledge.files().items()}


@functools.cache
def extraction_parts() -> Parts:
    """What an extraction is made from: the knowledge files (but the workbook's) and the code."""
    parts = {name: sha for name, sha in _knowledge_parts().items()
             if name.split("/", 1)[1] not in WORKBOOK_KNOWLEDGE}
    return {**parts, "code": code_version()}


def extraction_fingerprint() -> str:
    return fingerprint(extraction_parts())


def comparison_parts(con, settings: Settings) -> Parts:
    corrections = settings.paths.corrections
    return {**extraction_parts(),
            "reports": _sha(_stored_reports(con).encode()),
            "corrections": _sha(corrections.read_bytes()) if corrections.is_file() else "absent",
            "settings": _sha(repr(settings.compare).encode())}


def workbook_parts(con, settings: Settings) -> Parts:
    words = {name: sha for name, sha in _knowledge_parts().items() if name.split("/", 1)[1] in WORKBOOK_KNOWLEDGE}
    return {**words, "comparison": fingerprint(comparison_parts(con, settings)),
            "out": str(settings.paths.out.resolve())}


def _stored_reports(con) -> str:
    """The stored reports (how they were extracted is in the other parts: the compare flow extracts
    stale ones again before it compares)."""
    return con.execute("SELECT coalesce(string_agg(report_sha256, ',' ORDER BY report_sha256), '') "
                       "FROM core_reports").fetchone()[0]


# ---- what changed -----------------------------------------------------------------------------

WHAT = {"code": "the product's code", "reports": "the reports", "corrections": "the corrections file",
        "settings": "the comparison settings", "comparison": "the comparison", "out": "the workbook's path"}


def what_changed(before: Parts | None, now: Parts) -> str:
    """'the knowledge files (qualifiers.csv), the corrections file changed', or why a first build."""
    if before is None:
        return "not built before"
    changed = {name for name in before.keys() | now.keys() if before.get(name) != now.get(name)}
    files = sorted(name.split("/", 1)[1] for name in changed if name.startswith("knowledge/"))
    said = [f"the knowledge files ({', '.join(files)})"] if files else []
    said += [WHAT[name] for name in WHAT if name in changed]
    return ", ".join(said) + " changed" if said else "forced"


def stored_parts(con, name: str) -> Parts | None:
    row = con.execute("SELECT parts FROM meta_fingerprints WHERE name = ?", [name]).fetchone()
    return json.loads(row[0]) if row and row[0] else None


def remember(con, name: str, parts: Parts) -> None:
    """Record that `name` was built from `parts`."""
    con.execute("DELETE FROM meta_fingerprints WHERE name = ?", [name])
    con.execute("INSERT INTO meta_fingerprints (name, fingerprint, updated_at, parts) VALUES (?, ?, ?, ?)",
                [name, fingerprint(parts), dt.datetime.now().replace(microsecond=0), json.dumps(parts, sort_keys=True)])


def stale_reports(con) -> list[str]:
    """report_sha256 of the stored reports extracted from other knowledge or code than this process's."""
    return [sha for (sha,) in con.execute(
        "SELECT report_sha256 FROM core_reports WHERE extracted_with IS DISTINCT FROM ? ORDER BY report_sha256",
        [extraction_fingerprint()]).fetchall()]


def extraction_change(con) -> str | None:
    """Why stored reports must be extracted again, or None when every one is current."""
    if not stale_reports(con):
        return None
    before = stored_parts(con, EXTRACTION)
    return what_changed(before, extraction_parts()) if before else "extracted before the knowledge was fingerprinted"


def comparison_change(con, settings: Settings) -> str | None:
    """Why the comparison must be rebuilt, or None when it is current."""
    before = stored_parts(con, COMPARISON)
    now = comparison_parts(con, settings)
    return None if before == now else what_changed(before, now)


def workbook_change(con, settings: Settings) -> str | None:
    """Why the workbook must be written, or None when it is current."""
    if not settings.paths.out.exists():
        return "no workbook yet"
    before = stored_parts(con, WORKBOOK)
    now = workbook_parts(con, settings)
    return None if before == now else what_changed(before, now)


# ---- the question the command line asks first --------------------------------------------------

@dataclass
class Pending:
    files: list[InputFile] = field(default_factory=list)   # new or changed inputs
    missing: list[str] = field(default_factory=list)       # paths given that do not exist
    reasons: list[str] = field(default_factory=list)       # what else is out of date, and why
    rejected: list[str] = field(default_factory=list)      # rejected before, bytes unchanged (retried if asked)
    retrying: bool = False                                 # whether those are read again

    def __bool__(self) -> bool:
        return bool(self.files or self.missing or self.reasons)


def pending(con, paths: list[str | Path], settings: Settings, *, derived: bool = True, force: bool = False,
            retry_rejected: bool = False) -> Pending:
    """What a run on `paths` would do: the inputs it would take (with `retry_rejected`, also the
    files rejected before whose bytes did not change) and, with `derived`, the stored reports it
    would re-extract and whether comparison and workbook are out of date."""
    listed, missing = list_inputs(paths)
    todo = Pending(missing=missing, retrying=retry_rejected)
    todo.files = new_files(listed, store.known_files(con), force=force, limits=settings.limits,
                           retry_rejected=retry_rejected, rejected_before=todo.rejected)
    if derived:
        for what, why in (("extraction", extraction_change(con)), ("comparison", comparison_change(con, settings)),
                          ("workbook", workbook_change(con, settings))):
            if why:
                todo.reasons.append(f"{what}: {why}")
    return todo

