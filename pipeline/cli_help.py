"""What each command's --help says beyond its options: a description and examples to copy."""
from __future__ import annotations

DESCRIPTIONS = {
    "run": "The main job: ingest the seed reports and everything new in the inbox, re-extract stored "
           "reports whose knowledge changed, rebuild the comparison when anything changed, and write the "
           "workbook. Nothing new: says so without starting Prefect.",
    "ingest": "Read files or folders (recursively: .txt in any common Chinese encoding, .docx, .html, "
              "text PDF) into the database. A file that cannot be taken is named with its reason and the "
              "rest still go in; a file already taken is skipped until its bytes change.",
    "compare": "Pair each target with the next report's result and judge it (exceeded, met, missed, "
               "not_reported, pending, no_next_report, unverifiable), then link programmes across years.",
    "export": "Write the analyst workbook (.xlsx), or every public view as Parquet or CSV files "
              "(--format) for pandas, R and BI tools.",
    "evaluate": "Score the database against hand labels: extraction (precision and recall), pairing "
                "(the share of targets with the right status) or programmes (coverage and merges), "
                "by the columns of the labels file.",
    "sql": "Read-only SQL on the warehouse, answered as a table (or CSV, or JSON). Without a query, a "
           "prompt that reads statements ending in ;, or stdin.",
    "show": "A report's paragraphs, each with the figures read from it and their quotes: check any "
            "number of the workbook in its context.",
    "serve": "Run the inbox watch on a schedule until Ctrl-C or SIGTERM: every --interval seconds (or "
             "--cron), take what is new in the inbox, compare and export. One line per file and per run "
             "that did something.",
}

EXAMPLES = {
    "run": ["reportcmp run",
            "reportcmp run --inbox ~/reports/new --db work/shandong.duckdb   # workbook: work/shandong.xlsx",
            "reportcmp run --retry-rejected     # read rejected files again (e.g. after raising a limit)",
            "reportcmp run --workers 2          # read and extract on a local Dask cluster of 2 processes"],
    "ingest": ["reportcmp ingest ~/reports/", "reportcmp ingest 德州2024.docx --region 德州市 --year 2024",
               "reportcmp ingest ~/reports/ --retry-rejected",
               "reportcmp ingest s3://bucket/reports/ --dask-address tcp://scheduler:8786   # s3fs installed"],
    "compare": ["reportcmp compare", "reportcmp compare --db work/shandong.duckdb"],
    "export": ["reportcmp export --out exports/comparison.xlsx",
               "reportcmp export --format parquet --out exports/views   # one file per v_ view",
               "reportcmp export --format csv --out exports/views"],
    "evaluate": ["reportcmp evaluate labels/provinces-2025-pairs.csv", "reportcmp evaluate labels/dezhou-2024.csv"],
    "sql": ['reportcmp sql "SELECT status, count(*) AS n FROM v_target_vs_result GROUP BY status"',
            'reportcmp sql --csv "SELECT * FROM v_metrics WHERE region = \'全国\'" > national.csv',
            "reportcmp sql < queries.sql"],
    "show": ["reportcmp show 德州市 2024", "reportcmp show 全国 2025 --grep 国内生产总值"],
    "serve": ["reportcmp serve --interval 600", 'reportcmp serve --cron "0 6 * * *" --inbox /data/inbox'],
}


def epilog(command: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in EXAMPLES[command])
