"""Hostile and damaged input files (issue 11): what each costs through the product's per-file path.

    python benchmarks/hostile.py [--out DIR]

Builds the files of tests/hostile.py (decompression bombs, 5 M Word paragraphs, 20 M empty runs,
100,000 nested <div>s, long flat pages, a 200 MB .txt, a PDF bomb, a 200,000-page PDF), ingests
them one by one in one fresh process, and prints for each: the outcome and reason, the seconds it
took (listing, reading, extracting, storing) and the peak resident memory while it was ingested
(VmHWM, reset before each file), next to what the process held before it. Then the reading time
of flat and nested pages of growing size, to show it grows linearly.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import hostile  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="folder for the files (default: a temporary one)")
    args = parser.parse_args()
    folder = args.out or Path(tempfile.mkdtemp(prefix="reportcmp-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        files = [build(folder / name) for name, build in hostile.BUILDERS.items()]
        page = folder / "html-br-60MB.html"
        page.write_bytes(b"<html><body>" + b"<br>" * (15 * hostile.MB) + b"</body></html>")
        files += [page, Path(shutil.copy(ROOT / "seeds" / "dezhou" / "2024.txt", folder / "seed-2024.txt"))]
        rows = hostile.measure(files, folder / "reports.duckdb")
        print(f"| file | size | outcome | seconds | peak MB (before) |\n|---|---|---|---|---|")
        for path in files:
            row = rows[path.name]
            outcome = row["status"] + (f": {row['reason']}" if row["reason"] else "")
            print(f"| {path.name} | {path.stat().st_size / hostile.MB:,.1f} MB | {outcome} | "
                  f"{row['seconds']:.2f} | {row['peak_mb']:.0f} ({row['baseline_mb']:.0f}) |")
        linearity()
    finally:
        if args.out is None:
            shutil.rmtree(folder, ignore_errors=True)


def linearity() -> None:
    """read_html alone on flat and nested pages of growing size: seconds per size doubles with it."""
    from reportcmp.pipeline.config import ReadLimits
    from reportcmp.pipeline.read_markup import read_html

    unlimited = ReadLimits(max_text_chars=10**9, max_paragraphs=10**9)
    print("\n| page | bytes | read_html seconds |\n|---|---|---|")
    for n in (50_000, 100_000, 200_000, 400_000):
        data = ("<html><body>" + f"<p>{hostile.REPORT_LINE}</p>\n" * n + "</body></html>").encode()
        started = time.perf_counter()
        read_html(data, unlimited)
        print(f"| flat, {n:,} paragraphs | {len(data):,} | {time.perf_counter() - started:.2f} |")
    for n in (25_000, 50_000, 100_000, 200_000):
        data = ("<html><body>" + "<div>" * n + hostile.REPORT_LINE + "</div>" * n + "</body></html>").encode()
        started, outcome = time.perf_counter(), "read"
        try:
            read_html(data, unlimited)
        except Exception as exc:  # noqa: BLE001 - the depth refusal is the expected outcome
            outcome = type(exc).__name__
        print(f"| nested, {n:,} `<div>`s ({outcome}) | {len(data):,} | {time.perf_counter() - started:.2f} |")


if __name__ == "__main__":
    main()
