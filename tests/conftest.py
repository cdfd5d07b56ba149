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
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# Nothing of the tests lands in the user's Prefect history: no API URL or profile of theirs, and a
# Prefect home of this session's own for every command a test starts (tests/helpers.py:
# command_env), removed at the end. Flows run in this process run under prefect_test_harness.
for _name in ("PREFECT_API_URL", "PREFECT_PROFILE", "PREFECT_PROFILES_PATH"):
    os.environ.pop(_name, None)
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="reportcmp-test-prefect-home-")
atexit.register(shutil.rmtree, os.environ["PREFECT_HOME"], True)


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect API and database for the session's flow tests (Prefect's own harness)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
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

    from reportcmp.pipeline import compare, corrections, program_links, report, store, warehouse
    from reportcmp.pipeline.config import Settings
    from reportcmp.pipeline.inputs import list_inputs

    con = duckdb.connect()
    warehouse.apply_schema(con)
    listed, _missing = list_inputs([ROOT / "seeds" / "dezhou" / "2024.txt", corpus])
    for entry in listed:
        store.store_report(con, report.process_file(entry.path))
    fixes = corrections.load_corrections(ROOT / "corrections" / "corrections.csv")
    compare.build_comparison(con, Settings(), fixes)
    program_links.link_programs(con, Settings(), fixes)
    return con


# Fixtures that start a Prefect server or read the corpus: a test using one (directly or through
# another fixture) is marked, so that `make test-fast` (-m "not server and not corpus") leaves it out.
SERVER_FIXTURES = {"prefect_harness", "prefect_home"}
CORPUS_FIXTURES = {"corpus", "corpus_db"}


def pytest_collection_modifyitems(items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & SERVER_FIXTURES:
            item.add_marker(pytest.mark.server)
        if used & CORPUS_FIXTURES:
            item.add_marker(pytest.mark.corpus)
