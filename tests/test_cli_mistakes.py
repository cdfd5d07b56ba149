"""Issue 13: a mistake in what the user asked for is one line with its fix, exit 1, before anything
starts, and nothing is created or overwritten; what a command did is said. Real commands in their
own processes (none of these starts Prefect: each is decided before it would)."""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from reportcmp.pipeline import cli, config, ingest, inputs, store
from tests.helpers import command_env

ROOT = Path(__file__).resolve().parents[1]
REPORTCMP = Path(sys.executable).with_name("reportcmp")
SEED = ROOT / "seeds" / "dezhou" / "2024.txt"


def _reportcmp(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(REPORTCMP), *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env=command_env(**env))


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Every path under `folder` with its size and modification time: what a command changed."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def _one_line_mistake(cwd: Path, *args: str, **env: str) -> str:
    """Run a command that must fail on its arguments: returns its one line, after checking the
    exit status, that nothing else was said and that no file was created or changed."""
    before = _tree(cwd)
    done = _reportcmp(cwd, *args, **env)
    assert done.returncode == 1, done
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reportcmp: error: "), done.stderr
    assert done.stdout == ""
    assert _tree(cwd) == before, "a mistake created or changed a file"
    return lines[0].removeprefix("reportcmp: error: ")


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder holding a database with the seed ingested (library, no Prefect), a default
    workbook that must never be overwritten, and a folder."""
    (tmp_path / "warehouse").mkdir()
    con = store.connect(tmp_path / "warehouse" / "reports.duckdb")
    try:
        listed, _ = inputs.list_inputs([SEED])
        ingest.ingest_file(con, inputs.examine(listed[0]))
    finally:
        con.close()
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "comparison.xlsx").write_bytes(b"the project's workbook")
    (tmp_path / "folder").mkdir()
    return tmp_path


@pytest.mark.parametrize("args, said", [
    (["compare", "--db", "nowhere.duckdb"], "nowhere.duckdb does not exist: ingest reports first"),
    (["export", "--db", "nowhere.duckdb"], "nowhere.duckdb does not exist"),
    (["sql", "--db", "nowhere.duckdb", "SELECT 1"], "nowhere.duckdb does not exist"),
    (["show", "德州市", "2024", "--db", "nowhere.duckdb"], "nowhere.duckdb does not exist"),
    (["evaluate", "labels.csv", "--db", "nowhere.duckdb"], "nowhere.duckdb does not exist"),
    (["ingest", str(SEED), "--db", "folder"], "--db folder is a folder: give the DuckDB file, e.g. --db folder/reports.duckdb"),
    (["run", "--db", "folder"], "--db folder is a folder"),
    (["export", "--out", "exports/comparison.csv"],
     "--out exports/comparison.csv: the workbook is an Excel file and its name must end in .xlsx, e.g. --out "
     "exports/comparison.xlsx; for Parquet or CSV files of the views: reportcmp export --format parquet"),
    (["run", "--out", "folder"], "--out folder is a folder: give the workbook's file, e.g. --out folder/comparison.xlsx"),
    (["export", "--format", "csv", "--out", "exports/comparison.xlsx"],
     "--out exports/comparison.xlsx is a file: --format parquet or csv writes one file per view into a folder"),
    (["ingest", str(SEED), "--year", "20244"], "--year 20244: a report year is between 1950 and"),
    (["ingest", str(SEED), "--year", "1024"], "--year 1024: a report year is between 1950 and"),
    (["run", "--inbox", "no-such-inbox"],
     "inbox no-such-inbox does not exist: create it (mkdir -p no-such-inbox) or give an existing folder with --inbox DIR"),
    (["serve", "--inbox", "folder/typo"], "inbox folder/typo does not exist"),
    (["evaluate", "no-labels.csv"], "labels file no-labels.csv does not exist"),
], ids=lambda value: " ".join(value) if isinstance(value, list) else None)
def test_each_mistake_is_one_line_with_its_fix_and_touches_nothing(project, args, said):
    assert _one_line_mistake(project, *args).startswith(said)


def test_an_inbox_named_in_the_environment_is_checked_too(project):
    assert _one_line_mistake(project, "run", REPORTCMP_INBOX="gone").startswith("inbox gone does not exist")


def test_another_database_has_its_workbook_beside_it(monkeypatch):
    """`run --db X` never writes over the project's default workbook: X's is beside X."""
    for name in ("REPORTCMP_DB", "REPORTCMP_OUT"):
        monkeypatch.delenv(name, raising=False)
    assert config.Paths.from_env().out == Path(config.DEFAULT_OUT)
    assert config.Paths.from_env(db="work/shandong.duckdb").out == Path("work/shandong.xlsx")
    assert config.Paths.from_env(db="work/shandong.duckdb", out="a/b.xlsx").out == Path("a/b.xlsx")
    monkeypatch.setenv("REPORTCMP_OUT", "env.xlsx")
    assert config.Paths.from_env(db="work/shandong.duckdb").out == Path("env.xlsx")
    monkeypatch.delenv("REPORTCMP_OUT")
    monkeypatch.setenv("REPORTCMP_DB", "elsewhere/r.duckdb")
    assert config.Paths.from_env().out == Path("elsewhere/r.xlsx")
    assert config.Paths.from_env(db="elsewhere/r.duckdb").views_dir() == Path("elsewhere/r-views")
    monkeypatch.delenv("REPORTCMP_DB")
    assert config.Paths.from_env().views_dir() == Path(config.DEFAULT_VIEWS_DIR)


def test_a_rejected_file_is_not_read_again_unless_asked_and_the_command_says_so(project):
    bad = project / "notes.txt"
    bad.write_text("hello", encoding="utf-8")
    con = store.connect(project / "warehouse" / "reports.duckdb")
    try:
        listed, _ = inputs.list_inputs([bad])
        assert ingest.ingest_file(con, inputs.examine(listed[0])).status == "rejected"
    finally:
        con.close()
    done = _reportcmp(project, "ingest", str(bad))
    assert done.returncode == 0, done.stderr
    said = done.stdout.splitlines()
    assert said[0] == ("1 file rejected before, unchanged, not read again (--retry-rejected reads it; "
                       "v_files says why)")
    assert said[1] == "files: nothing new"
    # and what is out of date, with the next command (the seed is in, nothing compared yet)
    assert said[2].startswith("out of date: comparison: not built before") and said[2].endswith(
        "Next: reportcmp compare, then reportcmp export")

    from reportcmp.pipeline import freshness

    con = store.connect(project / "warehouse" / "reports.duckdb", read_only=True)
    try:
        settings = config.settings_for(db=project / "warehouse" / "reports.duckdb")
        not_asked = freshness.pending(con, [bad], settings, derived=False)
        asked = freshness.pending(con, [bad], settings, derived=False, retry_rejected=True)
    finally:
        con.close()
    assert not not_asked and not_asked.rejected == [str(bad)]
    assert [f.path for f in asked.files] == [str(bad)] and asked.retrying


def test_version_and_every_command_s_help_has_a_description_and_examples():
    done = subprocess.run([str(REPORTCMP), "--version"], capture_output=True, text=True, env=command_env())
    assert done.returncode == 0 and done.stdout.startswith("reportcmp ") and done.stdout.split()[1][0].isdigit()
    parser = cli.build_parser()
    commands = next(a for a in parser._subparsers._group_actions if isinstance(a, argparse._SubParsersAction))
    assert set(commands.choices) == set(cli.COMMANDS)
    for name, sub in commands.choices.items():
        text = sub.format_help()
        assert sub.description and len(sub.description) > 40, name
        examples = text.split("examples:\n", 1)[1].splitlines()
        assert examples and all(line.strip().startswith(f"reportcmp {name}") for line in examples if line.strip()), name


def test_prefect_s_warnings_go_to_the_log_not_the_terminal(tmp_path):
    """Prefect's events worker warns at exit ('Still processing items'): the log file has it, the
    terminal does not; an error still reaches the terminal."""
    program = (
        "import logging, os, sys; from pathlib import Path; from reportcmp.pipeline import cli\n"
        "for k, v in cli.PREFECT_QUIET.items(): os.environ.setdefault(k, v)\n"
        f"cli._warnings_to_log(Path({str(tmp_path)!r}))\n"
        "logging.getLogger('prefect.events.clients').warning('Still processing items: 3 items remaining')\n"
        "logging.getLogger('prefect.flow_engine').error('a real error')\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=command_env(),
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Still processing items" not in done.stderr and "a real error" in done.stderr
    logged = (tmp_path / cli.WARNINGS_LOG).read_text(encoding="utf-8")
    assert "Still processing items" in logged and "a real error" in logged


def test_a_serve_run_says_one_line_per_file_and_one_for_the_run():
    from reportcmp.pipeline.run_summary import Rebuilt, RunSummary

    quiet = RunSummary(workbook="w.xlsx")
    assert not quiet.did_something and quiet.lines() == ["run: nothing new"]
    busy = RunSummary(outcomes=[ingest.FileOutcome("/in/a.txt", "ingested", None, "德州市", 2025, 240),
                                ingest.FileOutcome("/in/b.txt", "rejected", "empty file")],
                      rebuilt=Rebuilt(0, None, "the reports changed"), exported=True, workbook="w.xlsx")
    assert busy.did_something
    assert busy.lines() == [
        "ingested  /in/a.txt: 德州市 2025, 240 figures",
        "rejected  /in/b.txt: empty file",
        "run: 1 new reports; comparison rebuilt (the reports changed); workbook written: w.xlsx"]


def test_a_replaced_report_is_a_note_naming_the_version_it_replaced(capsys):
    outcome = ingest.FileOutcome("/in/a.txt", "ingested",
                                 f"{store.REPLACED} 德州市 2024 (report 0123456789ab; kept in v_report_history)",
                                 "德州市", 2024, 200)
    assert cli._report_outcomes([outcome]) == 0
    assert capsys.readouterr().err.strip() == (
        "reportcmp: note: /in/a.txt: replaced the stored 德州市 2024 (report 0123456789ab; kept in v_report_history)")

