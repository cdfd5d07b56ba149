"""The export flow: write the analyst workbook from the public views, unless it is current."""
from __future__ import annotations

import logging

from prefect import flow, task

from reportcmp.pipeline import export, freshness, store
from reportcmp.pipeline.config import settings_for


@task(name="write-workbook")
def write_workbook(db: str, out: str | None, corrections: str | None) -> export.ExportSummary:
    settings = settings_for(db=db, out=out, corrections=corrections)
    with store.connect(db, settings=settings.load) as con:
        return export.write_workbook(con, settings.paths.out, settings)


@flow(name="export")
def export_flow(db: str, out: str | None = None, corrections: str | None = None, force: bool = False,
                publish: bool = True) -> bool:
    """Write the workbook unless it is current (or `force`). Returns whether it was written. With
    `publish`, the read-only copy for analysts is published after a write."""
    log = logging.getLogger("reportcmp")
    settings = settings_for(db=db, out=out, corrections=corrections)
    with store.connect(db, settings=settings.load, say=log.warning) as con:
        if not force and freshness.workbook_change(con, settings) is None:
            log.info("workbook %s is current", settings.paths.out)
            return False
        summary = write_workbook(db, out, corrections)
        freshness.remember(con, freshness.WORKBOOK, freshness.workbook_parts(con, settings))
        log.info("workbook written: %s (%d comparisons, %d sheets)", summary.path, summary.n_comparisons,
                 len(summary.sheets))
        if publish:
            store.publish_copy(con, settings.paths.db, settings.paths.published_db)
        return True


@task(name="write-view-files")
def write_view_files(db: str, folder: str, fmt: str) -> dict[str, int]:
    from reportcmp.pipeline.export_views import write_view_files as write

    settings = settings_for(db=db)
    with store.connect(db, read_only=True, settings=settings.load) as con:
        return write(con, folder, [fmt]).rows


@flow(name="export-views")
def export_views_flow(db: str, folder: str, fmt: str) -> dict[str, int]:
    """Every public view as `folder/<view>.<fmt>` (parquet or csv), for tools that do not read
    DuckDB files; returns the rows of each view."""
    rows = write_view_files(db, folder, fmt)
    logging.getLogger("reportcmp").info("%d views written as %s into %s", len(rows), fmt, folder)
    return rows
