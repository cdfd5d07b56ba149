"""Runs go where the user's Prefect settings send them. With no API URL and no PREFECT_HOME, to
Prefect's own database in ~/.prefect, so that `prefect flow-run ls` (and the UI of `prefect server
start`) lists every run; with PREFECT_HOME set (a project's own home, when the user asks for one),
there. The tests' HOME is a folder of their own: nothing lands in the user's Prefect history."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import command_env

REPORTCMP = Path(sys.executable).with_name("reportcmp")

pytestmark = pytest.mark.server


def _flow_runs(env: dict[str, str], cwd: Path, flow_name: str) -> list[dict]:
    listed = subprocess.run([sys.executable, "-m", "prefect", "flow-run", "ls", "--flow-name", flow_name, "-o", "json"],
                            cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)


def test_reportcmp_run_is_listed_by_prefect_flow_run_ls_with_the_default_profile(tmp_path):
    home, project = tmp_path / "home", tmp_path / "project"
    home.mkdir(), project.mkdir()
    env = {name: value for name, value in command_env(HOME=str(home)).items() if name != "PREFECT_HOME"}
    done = subprocess.run([str(REPORTCMP), "run", "-q"], cwd=project, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    assert (home / ".prefect" / "prefect.db").is_file()               # Prefect's default home, not the project's
    assert not (project / ".reportcmp" / "prefect").exists()
    [run] = _flow_runs(env, project, "run")
    assert run["state"]["type"] == "COMPLETED"
    for name in ("ingest", "compare", "export"):
        assert [sub["parent_task_run_id"] is not None for sub in _flow_runs(env, project, name)] == [True]


def test_a_project_home_when_the_user_asks_for_one(tmp_path):
    home, project = tmp_path / "home", tmp_path / "project"
    home.mkdir(), project.mkdir()
    (project / "prefect.toml").write_text('home = ".reportcmp/prefect"\n', encoding="utf-8")   # Prefect's own setting
    env = {name: value for name, value in command_env(HOME=str(home)).items() if name != "PREFECT_HOME"}
    done = subprocess.run([str(REPORTCMP), "run", "-q"], cwd=project, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    assert (project / ".reportcmp" / "prefect" / "prefect.db").is_file()
    assert not (home / ".prefect" / "prefect.db").exists()
    assert len(_flow_runs(env, project, "run")) == 1
