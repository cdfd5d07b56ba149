"""The time one file may take: reading and extracting it, checked between stages and in the readers'
loops (ReadLimits.time_budget_s, env REPORTCMP_FILE_TIME_BUDGET)."""
from __future__ import annotations

import time

from reportcmp.pipeline.records import InputError


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def check(self) -> None:
        """Raise InputError when the file has used up its time."""
        if time.monotonic() > self.ends:
            raise InputError(f"took longer than the time budget of {self.seconds:g} s per file "
                             f"(REPORTCMP_FILE_TIME_BUDGET)")


NO_DEADLINE = Deadline(float("inf"))
