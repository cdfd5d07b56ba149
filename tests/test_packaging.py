"""The tool works when installed without -e: the wheel carries the SQL, the knowledge files and the seed."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SHIPPED = (
    "pipeline/warehouse/sql/001_core.sql",
    "pipeline/warehouse/sql/010_views_ingest.sql",
    "pipeline/warehouse/sql/020_compare.sql",
    "pipeline/warehouse/sql/030_views_compare.sql",
    "pipeline/knowledge/metrics.csv",
    "pipeline/knowledge/units.csv",
    "pipeline/knowledge/qualifiers.csv",
    "pipeline/knowledge/stages.csv",
    "pipeline/knowledge/region_aliases.csv",
    "pipeline/knowledge/userdict.txt",
    "seeds/dezhou/2024.txt",
    "flows/run.py",
)


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
         "-w", str(out), str(ROOT)],
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
