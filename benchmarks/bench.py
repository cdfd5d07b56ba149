"""How fast reportcmp is, and where the time goes (benchmarks/README.md explains each figure).

    python benchmarks/bench.py [--corpus PATH] [--copies 1,4,10] [--workers 2] [--skip-scale] [--skip-cli]
                               [--skip-stages] [--profile]

- cold: `reportcmp run` on the corpus in a fresh folder (a subprocess: imports, Prefect start-up,
  ingest, compare, export), first with a fresh Prefect home, then with the one that run made;
- warm: the same command again with nothing new;
- library: `process_file`'s stages on every corpus file in this one process (1 core), no Prefect;
- after extraction: store, compare, link and export of those reports, in this process, fresh DB;
- scale: `reportcmp ingest` + `reportcmp compare` on N copies of the corpus with their regions renamed
  (benchmarks/scale.py), in-process and on a local Dask cluster (`--workers`): per-report cost, the
  writer's peak memory, the database's size, and checks that every copy and both runs agree.
`--profile` adds the top costs (cProfile, file:function) of the library run and of the cold run.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from importlib import metadata as package_metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
PACKAGES = ("reportcmp", "prefect", "duckdb", "pandas", "jieba", "rapidfuzz", "cn2an", "xlsxwriter")
STAGES = ("read", "clean", "detect+segment", "extract", "programs")
TARGET_COLD_S = 25.0
TARGET_WARM_S = 8.0
TARGET_EXTRACT_CHARS_PER_S = 1_000_000
REPORTCMP = Path(sys.executable).with_name("reportcmp")


def machine_lines() -> list[str]:
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {package_metadata.version(name)}")
        except package_metadata.PackageNotFoundError:
            versions.append(f"{name} (absent)")
    return [
        f"machine: {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {platform.machine()}, "
        f"python {platform.python_version()}",
        "packages: " + ", ".join(versions),
    ]


def corpus_files(corpus: Path) -> list[Path]:
    from reportcmp.pipeline.inputs import list_inputs

    listed, _missing = list_inputs([corpus])
    return [Path(entry.path) for entry in listed if entry.problem is None]


# ---- library: process_file's stages, timed one by one -------------------------------------------

def process_timed(path: Path, seconds: dict[str, float]):
    """The stages of pipeline.report.process_file, each timed; returns the ProcessedReport."""
    from reportcmp.pipeline import clean, extract, metadata, programs, read, segment
    from reportcmp.pipeline.records import ProcessedReport
    from reportcmp.pipeline.report import sha256_bytes, sha256_text

    t0 = time.perf_counter()
    data = path.read_bytes()
    raw = read.read_document(path, data)
    t1 = time.perf_counter()
    text = clean.clean_text(raw.text)
    t2 = time.perf_counter()
    meta = metadata.detect_meta(text, path)
    paragraphs = segment.segment(text, meta.report_year)
    t3 = time.perf_counter()
    metrics = extract.extract_metrics(text, paragraphs, meta)
    t4 = time.perf_counter()
    mentions = programs.find_programs(text, paragraphs, meta)
    t5 = time.perf_counter()
    for stage, (start, end) in zip(STAGES, ((t0, t1), (t1, t2), (t2, t3), (t3, t4), (t4, t5))):
        seconds[stage] += end - start
    return ProcessedReport(path=str(path), file_sha256=sha256_bytes(data), raw=raw, clean_text=text,
                           report_sha256=sha256_text(text), meta=meta, paragraphs=paragraphs,
                           metrics=metrics, programs=mentions)


def library_run(files: list[Path]) -> tuple[list, dict[str, float], list[str]]:
    """Process every file once; returns the reports, seconds per stage, and the files that failed."""
    from reportcmp.pipeline.records import InputError

    # jieba loads its dictionary on first use (~0.5-1 s); that is start-up, not throughput. The
    # product's own tokenizer (catalog.tokenizer, with the domain words) is the one to load: warming
    # jieba's default one left that load inside the first report's extraction time.
    from reportcmp.pipeline.report import warm_up
    warm_up()
    seconds = dict.fromkeys(STAGES, 0.0)
    reports, failed = [], []
    for path in files:
        try:
            reports.append(process_timed(path, seconds))
        except InputError as exc:
            failed.append(f"{path.name}: {exc}")
    return reports, seconds, failed


def library_lines(reports: list, seconds: dict[str, float], failed: list[str]) -> list[str]:
    n_chars = sum(len(r.clean_text) for r in reports)
    n_metrics = sum(len(r.metrics) for r in reports)
    total = sum(seconds.values())
    lines = [f"library (1 process = 1 core, no Prefect): {len(reports)} reports, {n_chars:,} cleaned chars, "
             f"{n_metrics:,} figures; {total:.2f} s in all",
             f"  {'stage':<16}{'seconds':>9}{'share':>8}{'chars/s/core':>15}"]
    for stage in STAGES:
        rate = n_chars / seconds[stage] if seconds[stage] else float("inf")
        lines.append(f"  {stage:<16}{seconds[stage]:>9.2f}{seconds[stage] / total:>8.0%}{rate:>15,.0f}")
    rate = n_chars / seconds["extract"] if seconds["extract"] else float("inf")
    verdict = "meets" if rate >= TARGET_EXTRACT_CHARS_PER_S else "MISSES"
    lines.append(f"  extraction {rate:,.0f} chars/s: {verdict} the target of {TARGET_EXTRACT_CHARS_PER_S:,}")
    lines += [f"  not taken: {line}" for line in failed]
    return lines


# ---- the command line, cold and warm -------------------------------------------------------

def cli_env(prefect_home: Path) -> dict[str, str]:
    """The command's environment: none of the user's reportcmp or Prefect API settings, and a Prefect
    home of the benchmark's own (the user's default home, ~/.prefect, plays this part on a machine)."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("REPORTCMP_") and name not in ("PREFECT_API_URL", "PREFECT_PROFILE")}
    env["PREFECT_HOME"] = str(prefect_home)
    return env


def run_cli(work: Path, corpus: Path, prefect_home: Path,
            profile_to: Path | None = None) -> tuple[float, float, int, str]:
    """Seconds, CPU seconds (user + system of the command and of the children it waited for: the
    Prefect server it starts), exit status and the last line printed."""
    inbox = work / "inbox"
    inbox.mkdir(exist_ok=True)
    arguments = ["run", "--seeds", str(corpus), "--inbox", str(inbox),
                 "--db", str(work / "reports.duckdb"), "--out", str(work / "comparison.xlsx")]
    command = ([sys.executable, "-m", "cProfile", "-o", str(profile_to), "-m", "reportcmp.pipeline.cli"]
               if profile_to else [str(REPORTCMP)]) + arguments
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    done = subprocess.run(command, cwd=work, env=cli_env(prefect_home), capture_output=True, text=True)
    seconds, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    last = (done.stdout.strip().splitlines() or done.stderr.strip().splitlines() or [""])[-1]
    return seconds, cpu, done.returncode, last


def _verdict(seconds: float, target: float) -> str:
    return f"target <= {target:.0f} s: {'met' if seconds <= target else 'MISSED'}"


def _cli_line(label: str, seconds: float, cpu: float, status: int, target: float, last: str) -> str:
    return f"{label}{seconds:6.1f} s (CPU {cpu:5.1f} s), exit {status}, {_verdict(seconds, target)}; {last}"


def cli_lines(corpus: Path, profile: bool) -> list[str]:
    """Three runs of the same command, each in a fresh folder: the machine's first run (a fresh
    Prefect home: Prefect builds its database), a new project's first run (the home the first run
    made, as on any machine that has run Prefect once), then a rerun with nothing new."""
    lines = []
    with tempfile.TemporaryDirectory(prefix="reportcmp-bench-") as folder:
        home = Path(folder) / "prefect-home"
        first, project = Path(folder) / "first-on-machine", Path(folder) / "new-project"
        first.mkdir(), project.mkdir()
        for label, work, target in (
                ("cold, first run on a machine (Prefect builds its database): ", first, TARGET_COLD_S),
                ("cold, new project (fresh folder, the machine's Prefect home): ", project, TARGET_COLD_S),
                ("warm, the same command again, nothing new:                   ", project, TARGET_WARM_S)):
            seconds, cpu, status, last = run_cli(work, corpus, home)
            lines.append(_cli_line(label, seconds, cpu, status, target, last))
        if profile:
            work = Path(folder) / "profiled"
            work.mkdir()
            profile_path = work / "cold.prof"
            seconds, _cpu, status, _ = run_cli(work, corpus, home, profile_path)
            lines.append(f"profile of a cold run under cProfile ({seconds:.1f} s, exit {status}; "
                         f"the Prefect server's own process is not in it):")
            lines += top_costs(pstats.Stats(str(profile_path)))
    return lines


# ---- after extraction: store, compare, link, export in this process -------------------------

def stages_after_extraction(reports: list, folder: Path) -> dict[str, float]:
    """What a cold run does after processing, each stage timed in this process: store every report
    into a fresh database, build the comparison, link programmes, write the workbook."""
    from reportcmp.pipeline import compare, config, export, program_links, store

    db = folder / "stages.duckdb"
    settings = config.settings_for(db=db, out=folder / "stages.xlsx", corrections=folder / "no-corrections.csv")
    con = store.connect(db)
    try:
        seconds = {}
        start = time.perf_counter()
        for report in reports:
            store.store_report(con, report)
        seconds["store"] = time.perf_counter() - start
        start = time.perf_counter()
        compare.build_comparison(con, settings, ())
        seconds["compare"] = time.perf_counter() - start
        start = time.perf_counter()
        program_links.link_programs(con, settings, ())
        seconds["link"] = time.perf_counter() - start
        start = time.perf_counter()
        export.write_workbook(con, settings.paths.out, settings)
        seconds["export"] = time.perf_counter() - start
    finally:
        con.close()
    return seconds


def stage_lines(reports: list) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="reportcmp-bench-") as folder:
        seconds = stages_after_extraction(reports, Path(folder))
    lines = [f"after extraction (in-process, fresh DB, no Prefect): {sum(seconds.values()):.2f} s in all"]
    lines += [f"  {stage:<16}{value:>9.2f}" for stage, value in seconds.items()]
    return lines


# ---- profiles --------------------------------------------------------------------------------

def top_costs(stats: pstats.Stats, n: int = 15) -> list[str]:
    """The functions with the most own time, as file:function, project files first named short."""
    rows = []
    for (filename, line, function), (_cc, calls, own, cumulative, _callers) in stats.stats.items():
        rows.append((own, cumulative, calls, f"{_short(filename)}:{line}:{function}"))
    rows.sort(reverse=True)
    lines = [f"  {'own s':>7}{'cum s':>8}{'calls':>10}  where"]
    lines += [f"  {own:>7.2f}{cum:>8.2f}{calls:>10}  {where}" for own, cum, calls, where in rows[:n]]
    return lines


def _short(filename: str) -> str:
    for marker in ("site-packages/", str(ROOT) + "/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def profiled_library_lines(files: list[Path]) -> list[str]:
    profiler = cProfile.Profile()
    profiler.enable()
    library_run(files)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    total = sum(own for (_cc, _calls, own, _cum, _callers) in stats.stats.values())
    return [f"profile of the library run under cProfile ({total:.1f} s with profiling overhead):"] + top_costs(stats)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--copies", default="1,4,10",
                        help="comma-separated copy counts for the scale run (1 is always run first: the reference)")
    parser.add_argument("--workers", type=int, default=2, help="local Dask workers of the scale run's cluster runs")
    parser.add_argument("--batch-sizes", help="instead of everything else: ingest --copies (the largest) on --workers "
                                              "at each of these batch sizes, e.g. 10,20,40,80")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-cli", action="store_true", help="skip the cold and warm command-line runs")
    parser.add_argument("--skip-stages", action="store_true",
                        help="skip timing store, compare, link and export in-process")
    parser.add_argument("--profile", action="store_true", help="also profile the library run and a cold run")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"bench: no corpus at {args.corpus}", file=sys.stderr)
        return 1

    files = corpus_files(args.corpus)
    raw_chars = sum(len(p.read_bytes()) for p in files)
    print("\n".join(machine_lines()))
    print(f"input: {args.corpus}: {len(files)} files, {raw_chars:,} bytes")
    if args.batch_sizes:
        from scale import batch_lines

        with tempfile.TemporaryDirectory(prefix="reportcmp-bench-home-") as home:
            batch_lines(args.corpus, files, max(int(c) for c in args.copies.split(",")), args.workers,
                        [int(size) for size in args.batch_sizes.split(",")], cli_env(Path(home)))
        return 0
    if not args.skip_scale:
        from scale import scale_lines   # benchmarks/scale.py, beside this script

        copies = sorted({1, *(int(c) for c in args.copies.split(","))})
        with tempfile.TemporaryDirectory(prefix="reportcmp-bench-home-") as home:
            scale_lines(args.corpus, files, copies, args.workers, cli_env(Path(home)))
    if args.skip_cli and args.skip_stages and not args.profile:
        return 0
    reports, seconds, failed = library_run(files)
    print("\n".join(library_lines(reports, seconds, failed)), flush=True)
    if args.profile:
        print("\n".join(profiled_library_lines(files)), flush=True)
    if not args.skip_stages:
        print("\n".join(stage_lines(reports)), flush=True)
    if not args.skip_cli:
        print("\n".join(cli_lines(args.corpus, args.profile)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
