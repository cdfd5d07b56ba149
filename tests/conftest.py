"""Shared fixtures: Prefect's test harness (only for the tests that run flows) and the corpus path."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

# Quiet and offline before Prefect is imported anywhere (STACK-FACTS.md).
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# Prefect's schema template (flows/prefect_db.py) of this session, not the user's cache: the first
# server a test starts builds it, the later ones start from it.
if "REPORTCMP_CACHE_DIR" not in os.environ:
    os.environ["REPORTCMP_CACHE_DIR"] = tempfile.mkdtemp(prefix="reportcmp-test-cache-")
    atexit.register(shutil.rmtree, os.environ["REPORTCMP_CACHE_DIR"], True)


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect API for the session's flow tests, without heartbeats."""
    from prefect.testing.utilities import prefect_test_harness

    from flows.environment import without_heartbeat

    with prefect_test_harness(server_startup_timeout=90), without_heartbeat():
        yield


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the project")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_db(corpus):
    """The seed and the whole corpus ingested, compared and linked in-process (no Prefect), as the
    project's corrections file stands: the database the checks and the accuracy floors read (~20 s)."""
    import duckdb

    from pipeline import compare, corrections, program_links, report, store, warehouse
    from pipeline.config import Settings
    from pipeline.inputs import list_inputs

    con = duckdb.connect()
    warehouse.apply_schema(con)
    listed, _missing = list_inputs([ROOT / "seeds" / "dezhou" / "2024.txt", corpus])
    for entry in listed:
        store.store_report(con, report.process_file(entry.path))
    fixes = corrections.load_corrections(ROOT / "corrections" / "corrections.csv")
    compare.build_comparison(con, Settings(), fixes)
    program_links.link_programs(con, Settings(), fixes)
    return con
