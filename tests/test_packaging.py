"""The tool works when installed without -e: the wheel carries the SQL, the knowledge files and the seed."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SHIPPED = (
    "reportcmp/pipeline/warehouse/sql/001_core.sql",
    "reportcmp/pipeline/warehouse/sql/010_views_ingest.sql",
    "reportcmp/pipeline/warehouse/sql/020_compare.sql",
    "reportcmp/pipeline/warehouse/sql/030_views_compare.sql",
    "reportcmp/pipeline/knowledge/metrics.csv",
    "reportcmp/pipeline/knowledge/units.csv",
    "reportcmp/pipeline/knowledge/qualifiers.csv",
    "reportcmp/pipeline/knowledge/stages.csv",
    "reportcmp/pipeline/knowledge/region_aliases.csv",
    "reportcmp/pipeline/knowledge/userdict.txt",
    "reportcmp/seeds/dezhou/2024.txt",
    "reportcmp/flows/run.py",
)


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    """The wheel of a clean copy of the sources: setuptools reuses the build/ folder of a checkout and
    never deletes from it, so a wheel built in place still carried packages renamed since (measured:
    `pipeline/`, `flows/`, `seeds/` beside `reportcmp/` after the rename)."""
    out = tmp_path_factory.mktemp("wheel")
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for folder in ("pipeline", "flows", "seeds", "warehouse"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
         "-w", str(out), str(source)],
        capture_output=True, text=True, timeout=300,
    )
    if built.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{built.stderr[-2000:]}")
    (wheel,) = out.glob("reportcmp-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.parametrize("name", SHIPPED)
def test_the_wheel_ships(wheel_names, name):
    assert name in wheel_names


def test_the_wheel_ships_no_database_and_no_top_level_warehouse(wheel_names):
    assert not any(name.endswith((".duckdb", ".wal")) for name in wheel_names)
    assert not any(name.startswith("warehouse/") for name in wheel_names)


def test_the_wheel_installs_one_top_level_name(wheel_names):
    """Issue 14: no generic top-level package (`pipeline`, `flows`, `seeds`) in the user's site-packages."""
    tops = {name.split("/", 1)[0] for name in wheel_names if not name.split("/", 1)[0].endswith(".dist-info")}
    assert tops == {"reportcmp"}
