"""The temporary Prefect server. Its schema template (flows/prefect_db.py) is kept only when it holds
nothing but the schema, copied only into a PREFECT_HOME that has no database, never when the user
chose another database; end to end, a second fresh PREFECT_HOME starts from the template the first
one left. Its environment leaves out what a one-command server does not need."""
from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from flows import prefect_db

ROOT = Path(__file__).resolve().parents[1]
REPORTCMP = Path(sys.executable).with_name("reportcmp")
SEED = ROOT / "seeds" / "dezhou" / "2024.txt"
REVISION = "27d8f4e1a6c9"


@pytest.fixture
def prefect_env(tmp_path, monkeypatch) -> Path:
    """A PREFECT_HOME and a cache folder of this test only, no database setting inherited."""
    for name in list(os.environ):
        if name.startswith(prefect_db.DATABASE_SETTING_PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.delenv("REPORTCMP_PREFECT_TEMPLATE", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("REPORTCMP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "home").mkdir()
    return tmp_path / "home"


def _database(path: Path, *, revision: str | None = REVISION, flow_runs: int = 0) -> Path:
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("CREATE TABLE alembic_version (version_num TEXT)")
        con.execute("CREATE TABLE flow_run (id TEXT)")
        con.execute("CREATE TABLE block_type (name TEXT)")
        con.execute("INSERT INTO block_type VALUES ('secret')")
        if revision:
            con.execute("INSERT INTO alembic_version VALUES (?)", [revision])
        con.executemany("INSERT INTO flow_run VALUES (?)", [(str(i),) for i in range(flow_runs)])
        con.commit()
    return path


def _rows(path: Path, sql: str) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        return con.execute(sql).fetchall()


def test_the_default_database_is_prefect_home_s(prefect_env):
    assert prefect_db.default_database() == prefect_env / "prefect.db"


@pytest.mark.parametrize("setting", [
    ("env", "PREFECT_API_DATABASE_CONNECTION_URL", "postgresql+asyncpg://u@h/prefect"),
    ("env", "PREFECT_SERVER_DATABASE_CONNECTION_URL", "sqlite+aiosqlite:////elsewhere.db"),
    ("env", "REPORTCMP_PREFECT_TEMPLATE", "0"),
    ("profile", "PREFECT_API_DATABASE_CONNECTION_URL", "postgresql+asyncpg://u@h/prefect"),
    ("prefect.toml", "connection_url", "postgresql+asyncpg://u@h/prefect"),
])
def test_a_database_the_user_chose_is_left_alone(prefect_env, monkeypatch, setting):
    where, name, value = setting
    if where == "env":
        monkeypatch.setenv(name, value)
    elif where == "profile":
        (prefect_env / "profiles.toml").write_text(
            f'active = "local"\n[profiles.local]\n{name} = "{value}"\n', encoding="utf-8")
    else:
        Path("prefect.toml").write_text(f'[server.database]\n{name} = "{value}"\n', encoding="utf-8")
    assert prefect_db.default_database() is None
    assert prefect_db.seed(None) is False and prefect_db.keep_as_template(None) is False


def test_a_schema_only_database_becomes_the_template(prefect_env):
    built = _database(prefect_env / "prefect.db")
    older = prefect_db.template_path().with_name("prefect-3.0.0.db")     # another Prefect version's
    older.parent.mkdir(parents=True)
    older.write_bytes(b"old")
    left_by_a_kill = older.with_name("prefect-3.9.1.db.123.partial")
    left_by_a_kill.write_bytes(b"half")
    os.utime(left_by_a_kill, (0, 0))
    assert prefect_db.keep_as_template(built)
    template = prefect_db.template_path()
    assert template.parent == prefect_env.parent / "cache"
    assert _rows(template, "SELECT version_num FROM alembic_version") == [(REVISION,)]
    assert _rows(template, "SELECT name FROM block_type") == [("secret",)]
    assert _rows(template, "PRAGMA journal_mode") == [("delete",)]   # read without -wal/-shm files
    assert sorted(p.name for p in template.parent.iterdir()) == [template.name]


@pytest.mark.parametrize("revision, flow_runs", [(REVISION, 1), (None, 0)], ids=["holds a run", "no revision"])
def test_a_database_with_runs_or_without_a_revision_is_not_kept(prefect_env, revision, flow_runs):
    built = _database(prefect_env / "prefect.db", revision=revision, flow_runs=flow_runs)
    assert not prefect_db.keep_as_template(built)
    assert not prefect_db.template_path().exists()
    assert list(prefect_db.template_path().parent.iterdir()) == []   # no partial copy left


def test_a_fresh_home_gets_a_copy_of_the_template(prefect_env, tmp_path):
    prefect_db.keep_as_template(_database(tmp_path / "built.db"))
    database = prefect_env / "prefect.db"
    assert prefect_db.seed(database)
    assert _rows(database, "SELECT version_num FROM alembic_version") == [(REVISION,)]
    assert sorted(p.name for p in prefect_env.iterdir()) == ["prefect.db"]


def test_an_existing_database_is_never_replaced(prefect_env, tmp_path):
    prefect_db.keep_as_template(_database(tmp_path / "built.db"))
    existing = _database(prefect_env / "prefect.db", flow_runs=3)
    assert not prefect_db.seed(existing)
    assert _rows(existing, "SELECT count(*) FROM flow_run") == [(3,)]


def test_no_template_no_copy(prefect_env):
    assert not prefect_db.seed(prefect_env / "prefect.db")
    assert not (prefect_env / "prefect.db").exists()


def _ingest_seed(tmp_path: Path, name: str, cache: Path) -> Path:
    """`reportcmp ingest` of the seed with a fresh PREFECT_HOME; returns that home's database."""
    home = tmp_path / f"home-{name}"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PREFECT_API_URL", "REPORTCMP_", *prefect_db.DATABASE_SETTING_PREFIXES))}
    env.update({"PREFECT_HOME": str(home), "REPORTCMP_CACHE_DIR": str(cache)})
    done = subprocess.run([str(REPORTCMP), "ingest", str(SEED), "--db", str(tmp_path / f"{name}.duckdb")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return home / "prefect.db"


def test_the_first_server_leaves_a_template_the_next_fresh_home_starts_from(tmp_path):
    cache = tmp_path / "cache"
    first = _ingest_seed(tmp_path, "first", cache)
    (template,) = cache.glob("prefect-*.db")
    assert _rows(template, "SELECT count(*) FROM flow_run") == [(0,)]
    assert _rows(template, "SELECT count(*) FROM block_type")[0][0] > 0
    assert _rows(first, "SELECT count(*) FROM flow_run")[0][0] >= 1
    # Block types are registered when a schema is built: a home migrated from nothing has them with
    # its own timestamps; a home started from the template has the template's.
    stamps = "SELECT name, created FROM block_type ORDER BY name"
    template_stamps = _rows(template, stamps)

    second = _ingest_seed(tmp_path, "second", cache)
    assert _rows(second, stamps) == template_stamps
    assert _rows(template, stamps) == template_stamps       # not replaced by the second home's
    assert _rows(second, "SELECT count(*) FROM flow_run")[0][0] >= 1


def test_the_temporary_server_runs_no_automation_triggers_unless_the_user_asks(monkeypatch):
    from flows.ephemeral import server_env

    monkeypatch.delenv("PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED", raising=False)
    assert server_env()["PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED"] == "false"
    monkeypatch.setenv("PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED", "true")
    assert "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED" not in server_env()   # theirs is inherited


def test_a_damaged_template_is_not_copied(prefect_env):
    template = prefect_db.template_path()
    template.parent.mkdir(parents=True)
    template.write_bytes(b"not a database" * 100)
    assert not prefect_db.seed(prefect_env / "prefect.db")
    assert list(prefect_env.iterdir()) == []      # nothing half-copied: the server builds its own
