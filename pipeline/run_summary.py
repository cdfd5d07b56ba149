"""What a run did, and how it is said: the command's lines, serve's terminal lines and the markdown
artifact a flow run leaves in Prefect. Plain values the flows return (flows/run.py, flows/compare.py)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportcmp.pipeline.ingest import FileOutcome


@dataclass(frozen=True)
class Rebuilt:
    reextracted: int = 0                 # stored reports extracted again, and why
    extraction_why: str | None = None
    comparison_why: str | None = None    # why the comparison was rebuilt; None: it was current


@dataclass
class RunSummary:
    outcomes: list[FileOutcome] = field(default_factory=list)
    rebuilt: Rebuilt = field(default_factory=Rebuilt)
    exported: bool = False
    workbook: str = ""

    @property
    def did_something(self) -> bool:
        return bool(self.outcomes or self.rebuilt.reextracted or self.rebuilt.comparison_why or self.exported)

    def lines(self) -> list[str]:
        """What a scheduled run says in serve's terminal: one line per file, one for the run."""
        lines = [outcome.line() for outcome in self.outcomes]
        if not self.did_something:
            return lines + ["run: nothing new"]
        done = [f"{sum(o.status == 'ingested' for o in self.outcomes)} new reports"]
        if self.rebuilt.reextracted:
            done.append(f"{self.rebuilt.reextracted} re-extracted ({self.rebuilt.extraction_why})")
        if self.rebuilt.comparison_why:
            done.append(f"comparison rebuilt ({self.rebuilt.comparison_why})")
        if self.exported:
            done.append(f"workbook written: {self.workbook}")
        return lines + ["run: " + "; ".join(done)]

    def markdown(self, published: str) -> str:
        """The artifact of a run: new reports, failures, what was rebuilt and why."""
        new = [o for o in self.outcomes if o.status == "ingested"]
        failures = [o for o in self.outcomes if o.status in ("rejected", "pending")]
        lines = ["# reportcmp run", "", "## New reports", "", "| file | region | year | figures |", "|---|---|---|---|"]
        lines += [f"| {Path(o.path).name} | {o.region} | {o.report_year} | {o.n_metrics} |" for o in new] or [
            "| (none) | | | |"]
        lines += ["", "## Failures", "", "| file | status | reason |", "|---|---|---|"]
        lines += [f"| {Path(o.path).name} | {o.status} | {o.reason} |" for o in failures] or ["| (none) | | |"]
        rebuilt = self.rebuilt
        lines += ["", f"Re-extracted: {rebuilt.reextracted} stored reports ({rebuilt.extraction_why or 'none stale'}); "
                  f"comparison rebuilt: {f'yes ({rebuilt.comparison_why})' if rebuilt.comparison_why else 'no (current)'}; "
                  f"workbook: {self.workbook} ({'written' if self.exported else 'current'}); "
                  f"read-only database: {published}"]
        return "\n".join(lines)
