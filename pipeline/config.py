"""Where things live and the settings that change verdicts, in one typed place.

Paths default to the project folder the command runs in (CONTRACT.md); each has an env override.
The comparison settings are written into the workbook's cover sheet so every verdict can be traced
to the tolerance that produced it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

DEFAULT_DB = "warehouse/reports.duckdb"
DEFAULT_INBOX = "inbox"
DEFAULT_OUT = "exports/comparison.xlsx"
DEFAULT_CORRECTIONS = "corrections/corrections.csv"
# Tool state that is not the user's: Prefect's home, jieba's cache, published read-only copies.
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
        return cls(**values)

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
class Settings:
    paths: Paths = field(default_factory=Paths)
    compare: CompareSettings = field(default_factory=CompareSettings)
    load: LoadSettings = field(default_factory=LoadSettings)


def settings_for(**paths: str | Path | None) -> Settings:
    """Settings with the given paths (None: env, then default) and default comparison rules.
    REPORTCMP_LOCK_TIMEOUT (seconds) sets how long a write waits for another process's lock."""
    timeout = os.environ.get("REPORTCMP_LOCK_TIMEOUT")
    load = LoadSettings(lock_timeout_s=float(timeout)) if timeout else LoadSettings()
    return Settings(paths=Paths.from_env(**paths), load=load)
