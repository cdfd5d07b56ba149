"""Hostile and damaged files, one at a time (issue 11), through the product's per-file path
(list, read, extract, store) in a process of their own: each is rejected with its reason, in
well under 1 GiB of memory and within its time budget, and the good files of the same run go in.

Before: the 1 GiB docx bomb was rejected only after 2.2 GB of memory; 5 M empty paragraphs took
171 s and 2.8 GB; 100,000 nested <div>s or a long flat page ran for minutes; a 200 MB .txt was
accepted (66 s, 3.3 GB); the PDF bomb and the 200,000-page PDF were `pending` forever.
Figures of this run: `python benchmarks/hostile.py` (README, "Limits").
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportcmp.pipeline.config import ReadLimits
from tests import hostile

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "dezhou" / "2024.txt"
MEMORY_LIMIT_MB = 1024
BUDGET_S = ReadLimits().time_budget_s

# The cases of the issue, each with the one-line reason it is rejected with.
CASES = {
    "docx-bomb-1GiB.docx": ".docx unpacks to 1,024 MB, over the limit of 256 MB (REPORTCMP_MAX_UNPACKED_MB)",
    "docx-lying-bomb.docx": "broken .docx file (BadZipFile: Bad CRC-32 for file 'word/document.xml')",
    "docx-5M-paragraphs.docx": ".docx has more than 50,000 paragraphs (REPORTCMP_MAX_PARAGRAPHS)",
    "html-100k-nested-divs.html": "HTML nested deeper than 2048 elements (unclosed tags?): the parser stops "
                                  "there, so the page cannot be read whole",
    "html-flat-300k-paragraphs.html": "text too long: more than 2,000,000 characters (REPORTCMP_MAX_TEXT_CHARS)",
    "txt-200MB.txt": "file too large: 200.0 MB, over the limit of 64 MB (REPORTCMP_MAX_FILE_MB)",
    "pdf-bomb-1GiB.pdf": "PDF over one of pypdf's limits (Limit reached while decompressing. 988669 bytes remaining.)",
    "pdf-200k-pages.pdf": "PDF over one of pypdf's limits (Maximum page tree entry limit reached: 50001 > 50000.)",
}


def _seed_as_html(path: Path) -> Path:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    body = "".join(f"<p>{line}</p>\n" for line in lines)
    path.write_text(f"<html><head><meta charset='utf-8'></head><body><nav>首页</nav>{body}</body></html>",
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def measured(tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("hostile")
    paths = [hostile.BUILDERS[name](folder / name) for name in CASES]
    controls = [shutil.copy(SEED, folder / "dezhou-2024.txt"), _seed_as_html(folder / "dezhou-2024-web.html")]
    return hostile.measure([*paths, *map(Path, controls)], folder / "reports.duckdb")


@pytest.mark.parametrize("name", CASES)
def test_a_hostile_file_is_rejected_with_its_reason_in_bounded_memory_and_time(measured, name):
    row = measured[name]
    assert (row["status"], row["reason"]) == ("rejected", CASES[name])
    assert row["peak_mb"] < MEMORY_LIMIT_MB
    assert row["seconds"] < BUDGET_S


def test_the_good_files_of_the_same_process_go_in(measured):
    assert measured["dezhou-2024.txt"]["status"] == "ingested"
    assert measured["dezhou-2024-web.html"]["status"] == "ingested"    # the same report as a web page


@pytest.mark.slow
def test_the_slowest_linear_cases_stay_in_memory_and_in_their_budget(tmp_path):
    """The most costly files within the size limits: 20 M empty runs in one Word paragraph (120 MB
    of markup, ~20 s here) and a 60 MB page of <br>s (~15 s here). Linear, flat in memory."""
    runs = hostile.docx_many_runs(tmp_path / "runs.docx")
    page = tmp_path / "br.html"
    page.write_bytes(b"<html><body>" + b"<br>" * (15 * hostile.MB) + b"</body></html>")
    rows = hostile.measure([runs, page], tmp_path / "reports.duckdb")
    for row in rows.values():
        assert row["status"] == "rejected"
        assert row["peak_mb"] < MEMORY_LIMIT_MB
        assert row["seconds"] < BUDGET_S


def test_a_file_over_its_time_budget_is_rejected_naming_the_budget(tmp_path):
    from reportcmp.pipeline import ingest, inputs, store

    path = shutil.copy(SEED, tmp_path / "2024.txt")
    con = store.connect(tmp_path / "reports.duckdb")
    try:
        [item] = inputs.new_files(inputs.list_inputs([path])[0], {})
        outcome = ingest.ingest_file(con, item, limits=ReadLimits(time_budget_s=1e-9))
    finally:
        con.close()
    assert (outcome.status, outcome.reason) == (
        "rejected", "took longer than the time budget of 1e-09 s per file (REPORTCMP_FILE_TIME_BUDGET)")
