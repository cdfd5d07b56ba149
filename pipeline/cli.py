"""`reportcmp`: a thin command line over the library and its Prefect flows.

The CLI parses arguments, asks whether anything is new (pipeline/freshness.py, the question the
flows act on) before it starts Prefect, calls one flow or library function, and turns the user's
mistakes (pipeline.errors.ReportcmpError) into one-line messages (CONTRACT.md: exit 0 on success;
non-zero with a reason on stderr when nothing could be done, or when a batch had bad files). Any
other exception is a bug of ours and keeps its traceback.
"""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import logging
import os
import sys
from importlib import resources
from pathlib import Path
from typing import Iterator

from reportcmp.pipeline import config
from reportcmp.pipeline.cli_checks import check_arguments
from reportcmp.pipeline.cli_errors import one_line_error
from reportcmp.pipeline.errors import ReportcmpError
from reportcmp.pipeline.records import NATIONAL_REGION

log = logging.getLogger("reportcmp")
# Offline and quiet (STACK-FACTS.md); a failed run is reported by the CLI in one line, so Prefect's
# own traceback of it is noise. Values the user set win.
PREFECT_QUIET = {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING",
                 "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "CRITICAL",
                 "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL": "CRITICAL",
                 # Prefect's own warnings (its events worker still sending at exit, a slow API) go
                 # to the warnings log of the state folder, not the terminal (_warnings_to_log).
                 "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "ERROR"}
WARNINGS_LOG = "warnings.log"


def _paths_options(parser: argparse.ArgumentParser, *names: str) -> None:
    parser.add_argument("--db", help=f"DuckDB file (default {config.DEFAULT_DB}; env REPORTCMP_DB)")
    if "inbox" in names:
        parser.add_argument("--inbox", help=f"inbox folder (default {config.DEFAULT_INBOX}; env REPORTCMP_INBOX)")
    if "out" in names:
        parser.add_argument("--out", help=f"workbook to write (default {config.DEFAULT_OUT})")
    if "corrections" in names:
        parser.add_argument(
            "--corrections", help=f"analysts' corrections CSV (default {config.DEFAULT_CORRECTIONS})"
        )
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    parser.add_argument("-v", "--verbose", action="store_true", help="also show Prefect's own logs")


class _Commands:
    """Subcommands whose --help has a description and examples (pipeline/cli_help.py)."""

    def __init__(self, subparsers) -> None:
        self.subparsers = subparsers

    def add(self, name: str, *, help: str) -> argparse.ArgumentParser:  # noqa: A002 - argparse's own name
        from reportcmp.pipeline import cli_help

        return self.subparsers.add_parser(name, help=help, description=cli_help.DESCRIPTIONS[name],
                                          epilog=cli_help.epilog(name),
                                          formatter_class=argparse.RawDescriptionHelpFormatter)


def _retry_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--retry-rejected", action="store_true",
                        help="read again the files rejected before, though their bytes did not change "
                             "(after raising a limit, or a fix of ours)")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("reportcmp")
    except PackageNotFoundError:   # run from a source folder that was never installed
        return "(not installed)"


def _cluster_options(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, metavar="N",
                       help="read and extract on a local Dask cluster of N worker processes (env REPORTCMP_WORKERS; "
                            "default: in this process)")
    where.add_argument("--dask-address", metavar="tcp://HOST:PORT",
                       help="read and extract on the existing Dask cluster of this scheduler (env REPORTCMP_DASK_ADDRESS)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reportcmp",
        description="Did they do what they said? Government work reports: targets against results.",
        epilog="Each command's --help has examples. The README's cookbook: reportcmp sql.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = _Commands(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))

    run = commands.add("run", help="the main job: ingest seeds/ and the inbox, compare, export")
    _paths_options(run, "inbox", "out", "corrections")
    run.add_argument("--seeds", help="seed folder (default: the seeds shipped with the product)")
    _retry_option(run)
    _cluster_options(run)

    ingest = commands.add("ingest", help="ingest files or folders (recursively)")
    ingest.add_argument("paths", nargs="+", metavar="PATH",
                        help="a file, a folder, or an fsspec URL (s3://bucket/reports/ with s3fs installed)")
    ingest.add_argument("--region", help="override the detected region (official name, e.g. 德州市)")
    ingest.add_argument("--year", type=int, help="override the detected report year (the plan year)")
    _retry_option(ingest)
    _cluster_options(ingest)
    _paths_options(ingest)

    compare = commands.add("compare", help="rebuild the target-versus-result comparison")
    _cluster_options(compare)
    _paths_options(compare, "corrections")

    export = commands.add("export", help="write the analyst workbook, or the views as Parquet/CSV")
    export.add_argument("--format", choices=("xlsx", "parquet", "csv"), default="xlsx",
                        help="xlsx: the workbook (--out FILE); parquet or csv: one file per public view "
                             f"into the folder --out names (default {config.DEFAULT_VIEWS_DIR})")
    _paths_options(export, "out", "corrections")

    evaluate = commands.add("evaluate", help="precision and recall against hand-labeled statements")
    evaluate.add_argument("labels", metavar="LABELS.csv")
    _paths_options(evaluate)

    sql = commands.add("sql", help="read-only SQL on the warehouse; a prompt when no query is given")
    sql.add_argument("query", nargs="?", metavar="QUERY", help="one query; without it, statements ending in ;"
                                                               " are read from a prompt (or from stdin)")
    fmt = sql.add_mutually_exclusive_group()
    fmt.add_argument("--csv", action="store_const", const="csv", dest="format", help="CSV with a header")
    fmt.add_argument("--json", action="store_const", const="json", dest="format", help="JSON rows")
    _paths_options(sql)

    show = commands.add("show", help="a report's paragraphs with the figures read from each")
    show.add_argument("region", metavar="REGION", help=f"the region's name as stored, e.g. 德州市 or {NATIONAL_REGION}")
    show.add_argument("year", metavar="YEAR", type=int, help="the report year (the plan year)")
    show.add_argument("--grep", metavar="WORD", help="only the paragraphs and figures holding WORD, marked 【WORD】")
    _paths_options(show)

    serve = commands.add("serve", help="run the scheduled inbox deployment until stopped")
    when = serve.add_mutually_exclusive_group()
    when.add_argument("--interval", type=float, default=60.0, help="seconds between inbox runs (default 60)")
    when.add_argument("--cron", help="a cron schedule instead of --interval")
    serve.add_argument("--port", type=int, default=4200, help="port of the local Prefect server (default 4200)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address the local Prefect server listens on (default 127.0.0.1, this machine only)")
    _paths_options(serve, "inbox", "out", "corrections")
    return parser


def _settings(args: argparse.Namespace) -> config.Settings:
    settings = config.settings_for(**{
        name: getattr(args, name, None) for name in ("db", "inbox", "out", "corrections")
    })
    if args.command == "export" and args.format != "xlsx":   # --out names a folder of view files
        settings = dataclasses.replace(settings, paths=dataclasses.replace(
            settings.paths, out=settings.paths.views_dir(args.out)))
    workers, address = getattr(args, "workers", None), getattr(args, "dask_address", None)
    if workers is not None and workers < 0:
        raise ReportcmpError(f"--workers {workers}: give a number of worker processes, or 0 for this process")
    if workers is not None or address:   # the command line wins over the settings, both of them
        cluster = dataclasses.replace(settings.cluster, workers=workers or 0, dask_address=address)
        settings = dataclasses.replace(settings, cluster=cluster)
    return settings


def _setup_logging(args: argparse.Namespace) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.WARNING if args.quiet else logging.INFO)
    log.propagate = False
    logging.getLogger("jieba").setLevel(logging.WARNING)


def _seed_paths(given: str | None) -> list[Path]:
    """The seed reports: a given folder, or the report folders shipped in the `seeds` package
    (its Python files are packaging, not input)."""
    if given:
        return [Path(given)]
    package = Path(str(resources.files("reportcmp.seeds")))
    return sorted(p for p in package.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def _report_outcomes(outcomes) -> int:
    """Print the batch summary; 1 when any file was bad or left pending."""
    from collections import Counter

    counts = Counter(o.status for o in outcomes)
    bad = [o for o in outcomes if o.status in ("rejected", "pending")]
    summary = ", ".join(f"{counts[s]} {s}" for s in ("ingested", "duplicate", "rejected", "pending") if counts[s])
    print(f"files: {summary or 'nothing new'}")
    for outcome in bad:
        print(f"reportcmp: {outcome.status}: {outcome.path}: {outcome.reason}", file=sys.stderr)
    for outcome in outcomes:
        if outcome.other_version or outcome.replaced:
            print(f"reportcmp: note: {outcome.path}: {outcome.reason}", file=sys.stderr)
    return 1 if bad else 0


def _report_skipped(todo) -> None:
    """Say which files rejected before are read again, or that they are not (and how to ask)."""
    if todo is None or not todo.rejected:
        return
    n = len(todo.rejected)
    files = f"{n} file{'s' if n > 1 else ''} rejected before"
    if todo.retrying:
        print(f"reading again {files} (--retry-rejected)")
    else:
        print(f"{files}, unchanged, not read again (--retry-rejected reads {'them' if n > 1 else 'it'}; "
              f"v_files says why)")


def _report_rebuilt(rebuilt) -> None:
    """Say what was extracted again and why the comparison was rebuilt."""
    if rebuilt.reextracted:
        print(f"re-extracted {rebuilt.reextracted} stored reports: {rebuilt.extraction_why}")
    if rebuilt.comparison_why:
        print(f"comparison rebuilt ({rebuilt.comparison_why})")


def _pending(settings: config.Settings, paths: list[str | Path], *, derived: bool = True, retry_rejected: bool = False):
    """What a run on `paths` has to do: the question the flows act on (freshness.pending), asked
    read-only before Prefect starts. None when it cannot be asked — no database, a lock, a database
    from before a schema change — and the flow decides."""
    import duckdb

    from reportcmp.pipeline import freshness, store

    if not settings.paths.db.exists():
        return None
    try:
        con = store.connect(settings.paths.db, read_only=True, settings=config.LoadSettings(lock_timeout_s=0))
    except (ReportcmpError, duckdb.Error):   # locked or damaged: the flow waits, or says so
        return None
    try:
        return freshness.pending(con, paths, settings, derived=derived, retry_rejected=retry_rejected)
    except duckdb.Error:                      # e.g. a column added since: the flow adds it
        return None
    finally:
        con.close()


def _what_is_stale(settings: config.Settings) -> list[str]:
    """After an ingest: what the stored reports make out of date, for the line naming the next command."""
    todo = _pending(settings, [], derived=True)
    return [] if todo is None else todo.reasons


@contextlib.contextmanager
def _flow_session(settings: config.Settings, flow_module: str, *, on_cluster: bool = True) -> Iterator[str | None]:
    """Prefect for one flow-running command: the API the user's Prefect settings name, else a server
    that dies with this process (flows/server.py). While it starts, the flow module is imported and the
    Dask cluster the settings ask for is started (flows/cluster.py); yields its scheduler's address,
    None to work in this process (always, unless `on_cluster`)."""
    import importlib

    from reportcmp.flows.cluster import dask_cluster
    from reportcmp.flows.server import flow_api
    from reportcmp.pipeline.report import warm_up

    _warnings_to_log(settings.paths.state_dir)
    with contextlib.ExitStack() as stack:
        address = []

        def meanwhile() -> None:
            importlib.import_module(flow_module)
            address.append(stack.enter_context(dask_cluster(settings.cluster)) if on_cluster else None)
            if address[0] is None or flow_module != "reportcmp.flows.ingest":   # an ingest on a cluster extracts nothing here
                warm_up()

        with flow_api(settings.paths.state_dir, meanwhile):
            yield address[0]


def _warnings_to_log(state_dir: Path) -> None:
    """Warnings of Prefect and the other libraries (the root logger's, which Prefect's logging
    config sends to its console handler, set to errors only by PREFECT_QUIET) into a log file."""
    # Prefect configures logging on first use, replacing the root logger's handlers: configure it
    # now (its public ensure_logging_setup, which later calls leave alone) and add ours after.
    from prefect.logging.configuration import ensure_logging_setup

    ensure_logging_setup()

    state_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(state_dir / WARNINGS_LOG, encoding="utf-8", delay=True)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)


def command_run(args: argparse.Namespace, settings: config.Settings) -> int:
    paths = [*_seed_paths(args.seeds), settings.paths.inbox]
    todo = _pending(settings, [p for p in paths if p.exists()], retry_rejected=args.retry_rejected)
    _report_skipped(todo)
    if todo is not None and not todo:
        print(f"nothing new; comparison and workbook are current: {settings.paths.out}")
        return 0
    with _flow_session(settings, "reportcmp.flows.run") as dask_address:
        from reportcmp.flows.run import run_flow

        summary = run_flow(paths=[str(p) for p in paths], db=str(settings.paths.db), out=str(settings.paths.out),
                           corrections=str(settings.paths.corrections), retry_rejected=args.retry_rejected,
                           dask_address=dask_address)
    status = _report_outcomes(summary.outcomes)
    _report_rebuilt(summary.rebuilt)
    print(f"workbook: {summary.workbook} ({'written' if summary.exported else 'current'})")
    return status


def command_ingest(args: argparse.Namespace, settings: config.Settings) -> int:
    overrides = args.region or args.year
    todo = None if overrides else _pending(settings, args.paths, derived=False, retry_rejected=args.retry_rejected)
    _report_skipped(todo)
    status = 0
    if todo is not None and not todo:
        print("files: nothing new")
    else:
        with _flow_session(settings, "reportcmp.flows.ingest") as dask_address:
            from reportcmp.flows.cluster import on_cluster
            from reportcmp.flows.ingest import ingest_flow

            outcomes = on_cluster(ingest_flow, dask_address)(
                paths=args.paths, db=str(settings.paths.db), region=args.region, year=args.year,
                retry_rejected=args.retry_rejected, dask_address=dask_address)
        status = _report_outcomes(outcomes)
    stale = _what_is_stale(settings)
    if stale:
        db = "" if settings.paths.db.resolve() == Path(config.DEFAULT_DB).resolve() else f" --db {settings.paths.db}"
        print(f"out of date: {'; '.join(stale)}. Next: reportcmp compare{db}, then reportcmp export{db}")
    return status


def _any_stale(settings: config.Settings) -> bool:
    """Whether stored reports are to be extracted again (freshness.stale_reports), asked read-only;
    any doubt answers yes."""
    import duckdb

    from reportcmp.pipeline import freshness, store

    try:
        con = store.connect(settings.paths.db, read_only=True, settings=config.LoadSettings(lock_timeout_s=0))
    except (ReportcmpError, duckdb.Error):
        return True
    try:
        return bool(freshness.stale_reports(con))
    except duckdb.Error:
        return True
    finally:
        con.close()


def command_compare(args: argparse.Namespace, settings: config.Settings) -> int:
    # A cluster only does re-extraction: none to do, none started (a local one costs seconds).
    with _flow_session(settings, "reportcmp.flows.compare", on_cluster=_any_stale(settings)) as dask_address:
        from reportcmp.flows.cluster import on_cluster
        from reportcmp.flows.compare import compare_flow

        rebuilt = on_cluster(compare_flow, dask_address)(db=str(settings.paths.db), force=True,
                                                         corrections=str(settings.paths.corrections),
                                                         dask_address=dask_address)
    _report_rebuilt(rebuilt)
    return 0


def command_export(args: argparse.Namespace, settings: config.Settings) -> int:
    with _flow_session(settings, "reportcmp.flows.export", on_cluster=False):
        from reportcmp.flows.export import export_flow, export_views_flow

        if args.format != "xlsx":
            rows = export_views_flow(db=str(settings.paths.db), folder=str(settings.paths.out), fmt=args.format)
            print(f"{len(rows)} views as {args.format} ({sum(rows.values()):,} rows): {settings.paths.out}")
            return 0
        export_flow(db=str(settings.paths.db), out=str(settings.paths.out),
                    corrections=str(settings.paths.corrections), force=True)
    print(f"workbook: {settings.paths.out}")
    return 0


def command_evaluate(args: argparse.Namespace, settings: config.Settings) -> int:
    from reportcmp.pipeline import evaluate, store

    con = store.connect(settings.paths.db, read_only=True, settings=settings.load)
    try:
        print(evaluate.run_evaluation(Path(args.labels), con))
    finally:
        con.close()
    return 0


def _read_copy(settings: config.Settings):
    """A read-only connection for an analyst's command: to the copy published beside the database
    when there is one (a reader of the database itself would keep a run waiting), else to it."""
    from reportcmp.pipeline import analyst

    published = settings.paths.published_db
    return analyst.connect(published if published.is_file() else settings.paths.db)


def command_sql(args: argparse.Namespace, settings: config.Settings) -> int:
    from reportcmp.pipeline import analyst

    con, fmt = _read_copy(settings), args.format or "table"
    if args.query is not None:
        print(analyst.run_sql(con, args.query, fmt), end="")
        return 0
    interactive = sys.stdin.isatty()
    if interactive:
        import readline  # noqa: F401 - line editing and history for input()

        print("read-only SQL on the warehouse; end each statement with ; (Ctrl-D quits)")
    typed, failed = "", 0
    while True:
        try:
            line = input("reportcmp> " if not typed.strip() else "       ..> ") if interactive else next(sys.stdin)
        except (EOFError, StopIteration):
            break
        statements, typed = analyst.statements(typed + line + "\n")
        failed += _run_each(con, statements, fmt)
    failed += _run_each(con, [typed.strip()] if typed.strip() else [], fmt)   # the last one, without its ;
    return 1 if failed and not interactive else 0


def _run_each(con, statements: list[str], fmt: str) -> int:
    """Print the answer to each statement; an error is one line and the next statement still runs.
    Returns how many failed."""
    from reportcmp.pipeline import analyst

    failed = 0
    for statement in statements:
        try:
            print(analyst.run_sql(con, statement, fmt), end="", flush=True)
        except analyst.AnalystError as exc:
            print(f"reportcmp: error: {exc}", file=sys.stderr, flush=True)
            failed += 1
    return failed


def command_show(args: argparse.Namespace, settings: config.Settings) -> int:
    from reportcmp.pipeline import analyst

    text, _shown = analyst.show_report(_read_copy(settings), args.region, args.year, grep=args.grep)
    print(text, end="")
    return 0


def command_serve(args: argparse.Namespace, settings: config.Settings) -> int:
    from reportcmp.flows.serve import serve

    _warnings_to_log(settings.paths.state_dir)
    return serve(settings, interval=None if args.cron else args.interval, cron=args.cron, port=args.port,
                 host=args.host)


COMMANDS = {
    "run": command_run,
    "ingest": command_ingest,
    "compare": command_compare,
    "export": command_export,
    "evaluate": command_evaluate,
    "sql": command_sql,
    "show": command_show,
    "serve": command_serve,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_logging(args)
    for name, value in PREFECT_QUIET.items():    # before Prefect is imported; the user's values win
        os.environ.setdefault(name, ("0" if "HANDLERS" in name else "INFO") if args.verbose and "LOGGING" in name
                              else value)
    settings = None
    try:
        settings = _settings(args)
        check_arguments(args, settings)
        return COMMANDS[args.command](args, settings)
    except KeyboardInterrupt:
        print("reportcmp: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the user's mistakes become one line; the rest is a bug of ours
        message = one_line_error(exc)
        if message is None:
            raise
        print(f"reportcmp: error: {message}", file=sys.stderr)
        return 1


def entry() -> None:
    """The `reportcmp` console script: `main`, then exit without the interpreter's final cyclic
    garbage collection over everything a run loaded (~0.5 s after a corpus run). Files, the database
    and Prefect's server are closed by then; the memory goes back to the system with the process."""
    status = main()
    gc.freeze()
    sys.exit(status)


if __name__ == "__main__":
    entry()
