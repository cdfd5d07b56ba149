"""Where things live and the settings that change verdicts, in one typed place.

Paths default to the project folder the command runs in (CONTRACT.md); each has an env override.
Settings (the comparison's tolerances and cut-offs, the reading limits, the wait for a lock, the Dask
cluster the work may go to) are the defaults below, changed by the settings file (`reportcmp.toml` in
the folder a command runs in, or the file REPORTCMP_SETTINGS names; one [compare], [limits], [load] or
[cluster] table per group) and then by the
environment (REPORTCMP_ and the setting's name in capitals); pydantic-settings reads and checks
both. The comparison settings are written into the workbook's cover sheet so every verdict can be
traced to the tolerance that produced it, and are part of the comparison's fingerprint.
"""
from __future__ import annotations

import functools
import os
import tomllib
import typing
from dataclasses import dataclass, field, fields
from pathlib import Path

from reportcmp.pipeline.errors import ReportcmpError

DEFAULT_DB = "warehouse/reports.duckdb"
DEFAULT_INBOX = "inbox"
DEFAULT_OUT = "exports/comparison.xlsx"
DEFAULT_CORRECTIONS = "corrections/corrections.csv"
DEFAULT_VIEWS_DIR = "exports/views"      # `export --format parquet|csv`: one file per public view
# Tool state that is not the user's: jieba's cache, the log of the Prefect servers we start, serve's auth string.
DEFAULT_STATE_DIR = ".reportcmp"


@dataclass(frozen=True)
class Paths:
    db: Path = Path(DEFAULT_DB)
    inbox: Path = Path(DEFAULT_INBOX)
    out: Path = Path(DEFAULT_OUT)
    corrections: Path = Path(DEFAULT_CORRECTIONS)
    state_dir: Path = Path(DEFAULT_STATE_DIR)

    @classmethod
    def from_env(cls, **given: str | Path | None) -> "Paths":
        """Explicit arguments win, then REPORTCMP_* variables, then the defaults."""
        env = {
            "db": "REPORTCMP_DB",
            "inbox": "REPORTCMP_INBOX",
            "out": "REPORTCMP_OUT",
            "corrections": "REPORTCMP_CORRECTIONS",
            "state_dir": "REPORTCMP_STATE_DIR",
        }
        values = {}
        for f in fields(cls):
            value = given.get(f.name) or os.environ.get(env[f.name]) or f.default
            values[f.name] = Path(value)
        if not (given.get("out") or os.environ.get(env["out"])) and values["db"].resolve() != Path(DEFAULT_DB).resolve():
            # Another database's workbook sits beside it (a.duckdb -> a.xlsx), never over the
            # project's default workbook, which belongs to the default database.
            values["out"] = values["db"].with_suffix(".xlsx")
        return cls(**values)

    def views_dir(self, given: str | Path | None = None) -> Path:
        """Where `export --format parquet|csv` writes: the folder given, else exports/views for the
        default database, else a folder beside the database (a.duckdb -> a-views/)."""
        if given:
            return Path(given)
        if self.db.resolve() == Path(DEFAULT_DB).resolve():
            return Path(DEFAULT_VIEWS_DIR)
        return self.db.with_name(self.db.stem + "-views")

    @property
    def published_db(self) -> Path:
        """Read-only copy of the database published after each scheduled run, for analysts."""
        return self.db.with_name(self.db.stem + ".readonly" + self.db.suffix)


@dataclass(frozen=True)
class CompareSettings:
    """How a result is judged against a target. Defaults are documented in README.md."""

    # 左右 ("about") on a metric where higher is better: met when |result - target| <= tolerance.
    # In the metric's unit: percentage points for rates, relative share of the target for levels.
    about_tolerance_pp: float = 0.5
    about_tolerance_rel: float = 0.05
    # Beating a bound by more than this counts as exceeded (same units as above).
    exceed_margin_pp: float = 0.5
    exceed_margin_rel: float = 0.05
    # Fuzzy pairing of long-tail subjects (jieba tokens + rapidfuzz).
    fuzzy_scorer: str = "token_set_ratio"
    fuzzy_accept: float = 85.0        # at or above: paired
    fuzzy_review: float = 70.0        # between review and accept: listed in the review view
    # One subject's words all inside the other's score 100 (省重点项目 vs 重点项目): such a pair is
    # made only when the shorter subject is most of the longer (rapidfuzz ratio of the two, 0–100).
    fuzzy_part_min: float = 55.0
    program_link_accept: float = 88.0
    # A name found only in quotation marks, in a list of projects or in a naming context is a
    # programme once this many reports of its region name it (programs.EVIDENCE).
    program_min_reports: int = 2
    # token_set_ratio scores a name inside a longer one as 100 (大数据中心 vs 鲁北大数据中心): programmes
    # are linked with a scorer that weighs the whole name.
    program_scorer: str = "token_sort_ratio"


@dataclass(frozen=True)
class LoadSettings:
    lock_timeout_s: float = 60.0      # wait this long for another process's write lock
    lock_first_wait_s: float = 0.2    # first back-off step; doubles up to lock_max_wait_s
    lock_max_wait_s: float = 5.0


@dataclass(frozen=True)
class ReadLimits:
    """How much one input file may hold and cost; a file over a limit is rejected with the limit
    named. Defaults (README.md) are far above any real report (the largest of the corpus: 96 KB,
    34,000 characters, 615 lines) and keep one file under 1 GiB of memory
    (benchmarks/hostile.py)."""

    max_file_mb: float = 64.0             # the file's own size
    max_unpacked_mb: float = 256.0        # what a .docx unzips to, a PDF stream inflates to
    max_text_chars: int = 2_000_000       # characters of text read from the file
    max_paragraphs: int = 50_000          # lines of text (.docx paragraphs, PDF pages)
    time_budget_s: float = 60.0           # reading and extracting one file

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 2**20)

    @property
    def max_unpacked_bytes(self) -> int:
        return int(self.max_unpacked_mb * 2**20)


@dataclass(frozen=True)
class ClusterSettings:
    """Where ingest and re-extraction do their pure work (flows/cluster.py): in the command's own
    process unless one of these is set; an address wins over a number of workers."""

    workers: int = 0                   # a local Dask cluster of this many worker processes
    dask_address: str | None = None    # an existing Dask scheduler, tcp://HOST:PORT
    batch_size: int = 0                # files per task on a cluster; 0 chooses (flows/cluster.py)


@dataclass(frozen=True)
class Settings:
    paths: Paths = field(default_factory=Paths)
    compare: CompareSettings = field(default_factory=CompareSettings)
    load: LoadSettings = field(default_factory=LoadSettings)
    limits: ReadLimits = field(default_factory=ReadLimits)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)


def settings_for(**paths: str | Path | None) -> Settings:
    """Settings with the given paths (None: env, then default) and the other settings from the
    settings file and the environment (load_settings)."""
    return Settings(paths=Paths.from_env(**paths), **load_settings())


# ---- the settings file and the environment -------------------------------------------------------

SETTINGS_FILE = "reportcmp.toml"
GROUPS = {"compare": CompareSettings, "limits": ReadLimits, "load": LoadSettings, "cluster": ClusterSettings}
# The environment variable of a setting is REPORTCMP_ and its name in capitals, except these two,
# named before the settings file existed.
ENV_NAMES = {"lock_timeout_s": "REPORTCMP_LOCK_TIMEOUT", "time_budget_s": "REPORTCMP_FILE_TIME_BUDGET"}


class SettingsError(ReportcmpError):
    """A settings file or variable that cannot be read; the message names it."""


def env_name(setting: str) -> str:
    return ENV_NAMES.get(setting, "REPORTCMP_" + setting.upper())


def settings_file() -> Path:
    return Path(os.environ.get("REPORTCMP_SETTINGS") or SETTINGS_FILE)


def load_settings() -> dict[str, object]:
    """{"compare": CompareSettings, "limits": ReadLimits, "load": LoadSettings, "cluster": ClusterSettings}:
    each setting from the environment, else the settings file, else its default."""
    from pydantic import ValidationError

    path = settings_file()
    try:
        given = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"settings file {path}: {exc}") from None
    unknown = sorted(set(given) - set(GROUPS))
    if unknown or not all(isinstance(given[name], dict) for name in given):
        raise SettingsError(f"settings file {path}: tables must be {', '.join(f'[{g}]' for g in GROUPS)}"
                            + (f"; unknown: {', '.join(unknown)}" if unknown else ""))
    settings = {}
    for name, group in GROUPS.items():
        try:
            values = _source(group)(**given.get(name, {}))
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(map(str, error["loc"]))
            where = where if where.startswith("REPORTCMP_") else f"{path} [{name}] {where}"
            said = (f"no such setting (those of [{name}]: {', '.join(f.name for f in fields(group))})"
                    if error["type"] == "extra_forbidden" else f"{error['msg']} (given {error.get('input')!r})")
            raise SettingsError(f"{where}: {said}") from None
        settings[name] = group(**values.model_dump())
    return settings


@functools.cache
def _source(group: type):
    """A pydantic-settings model of one group: its fields and defaults, each read from its
    environment variable first, then from the keyword arguments (the settings file's table)."""
    from pydantic import Field, create_model
    from pydantic_settings import BaseSettings, SettingsConfigDict

    class Source(BaseSettings):
        model_config = SettingsConfigDict(extra="forbid", populate_by_name=True)

        @classmethod
        def settings_customise_sources(cls, settings_cls, init_settings, env_settings, **_others):
            return env_settings, init_settings

    hints = typing.get_type_hints(group)
    return create_model(f"{group.__name__}Source", __base__=Source, **{
        f.name: (hints[f.name], Field(f.default, validation_alias=env_name(f.name))) for f in fields(group)})
