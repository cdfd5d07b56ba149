"""Errors the user can act on end in one line that names them (issue 11): a full disk, Prefect's
own state damaged. Real commands in processes of their own."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import command_env, table_checksums

ROOT = Path(__file__).resolve().parents[1]
REPORTCMP = Path(sys.executable).with_name("reportcmp")
SEED = ROOT / "seeds" / "dezhou" / "2024.txt"
pytestmark = pytest.mark.server     # each runs the command, which starts a Prefect server
CORPUS = ROOT.parent / "shared" / "corpus"


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("reportcmp:") or "Traceback" in line]


def _batch(folder: Path) -> Path:
    """The seed and a second region's report: enough to need a few MB of database."""
    folder.mkdir()
    seed = SEED.read_text(encoding="utf-8")
    for city in ("德州", "聊城", "滨州", "东营", "淄博", "潍坊"):
        (folder / f"{city}-2024.txt").write_text(seed.replace("德州", city), encoding="utf-8")
    return folder


def _can_mount_a_small_disk(where: Path) -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "--mount", "--map-root-user", "sh", "-c",
                            f"mount -t tmpfs -o size=1m tmpfs {where}"], capture_output=True)
    return probe.returncode == 0


def test_a_full_disk_is_named_in_one_line_and_a_rerun_after_freeing_space_is_whole(tmp_path):
    """The database and workbook on a 2 MB disk (a tmpfs in a mount namespace of the command's
    own): one line naming the full device; then the disk grows and the rerun ends as a clean run."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not _can_mount_a_small_disk(disk):
        pytest.skip("cannot mount a small tmpfs here (needs unshare and user namespaces)")
    batch = _batch(tmp_path / "batch")
    clean = tmp_path / "clean"
    clean.mkdir()
    run = [str(REPORTCMP), "run", "--inbox", str(batch), "--seeds", str(tmp_path / "no-seeds"), "-q"]
    env = command_env()
    done = subprocess.run([*run, "--db", str(clean / "r.duckdb"), "--out", str(clean / "c.xlsx")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr

    script = (f"mount -t tmpfs -o size=2m tmpfs {disk} && "
              f"{' '.join(run)} --db {disk}/r.duckdb --out {disk}/c.xlsx; echo exit=$?; "
              f"mount -o remount,size=200m {disk} && "
              f"{' '.join(run)} --db {disk}/r.duckdb --out {disk}/c.xlsx; echo exit=$?; "
              f"cp {disk}/r.duckdb {tmp_path}/after.duckdb")
    done = subprocess.run(["unshare", "--mount", "--map-root-user", "sh", "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    errors = _errors(done.stderr)
    assert len(errors) == 1, done.stderr
    assert errors[0].startswith(f"reportcmp: error: no space left on the device writing {disk}/")
    assert errors[0].endswith(": free some space and run again")
    assert done.stdout.count("exit=") == 2 and "exit=1" in done.stdout.splitlines()[0]
    assert done.stdout.strip().splitlines()[-1] == "exit=0", done.stderr
    after, expected = table_checksums(tmp_path / "after.duckdb"), table_checksums(clean / "r.duckdb")
    for table in ("core_reports", "core_metrics", "core_paragraphs", "out_target_vs_result"):
        assert after[table] == expected[table], table


def test_a_damaged_prefect_database_is_named_with_prefect_s_way_out(tmp_path):
    home = tmp_path / "prefect-home"
    home.mkdir()
    (home / "prefect.db").write_bytes(b"this is not a database" * 100)
    done = subprocess.run([str(REPORTCMP), "ingest", str(SEED), "--db", str(tmp_path / "r.duckdb")],
                          cwd=tmp_path, env=command_env(PREFECT_HOME=str(home)), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 1
    [line] = _errors(done.stderr)
    assert line.startswith("reportcmp: error: the Prefect server exited with ")
    assert line.endswith("If Prefect's database is damaged, `prefect server database reset -y` makes it anew "
                         "(Prefect's run history; none of reportcmp's data)")


def test_a_damaged_prefect_profile_is_named_in_one_line(tmp_path):
    home = tmp_path / "prefect-home"
    home.mkdir()
    (home / "profiles.toml").write_text("[profiles\nx=", encoding="utf-8")
    done = subprocess.run([str(REPORTCMP), "ingest", str(SEED), "--db", str(tmp_path / "r.duckdb")],
                          cwd=tmp_path, env=command_env(PREFECT_HOME=str(home)), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 1
    [line] = _errors(done.stderr)
    assert line.startswith("reportcmp: error: a Prefect settings file (profiles.toml in Prefect's home, or a "
                           "prefect.toml here) is not valid TOML: ")


def test_a_knowledge_file_edited_into_nonsense_is_named_in_one_line_and_nothing_is_written(tmp_path):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    words = (ROOT / "pipeline" / "knowledge" / "period_words.csv").read_text(encoding="utf-8")
    (knowledge / "period_words.csv").write_text(words + "收官,no_such_role\n", encoding="utf-8")
    db = tmp_path / "r.duckdb"
    done = subprocess.run([str(REPORTCMP), "ingest", str(SEED), "--db", str(db)], cwd=tmp_path,
                          env=command_env(REPORTCMP_KNOWLEDGE_DIR=str(knowledge)), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 1
    assert _errors(done.stderr) == ["reportcmp: error: knowledge/period_words.csv: unknown roles ['no_such_role']"]
    assert not db.exists()
