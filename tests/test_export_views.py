"""The public views as Parquet and CSV files, read back into pandas: the same rows as the views."""
from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from reportcmp.pipeline import compare, program_links, store
from reportcmp.pipeline.config import Settings
from reportcmp.pipeline.export_tables import ExportError
from reportcmp.pipeline.export_views import public_views, write_view_files
from reportcmp.pipeline.report import process_file

SEED = Path(__file__).resolve().parents[1] / "seeds" / "dezhou" / "2024.txt"


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory) -> Path:
    """The seed report stored, compared and linked: every view exists, some hold rows, some none."""
    db = tmp_path_factory.mktemp("views") / "reports.duckdb"
    con = store.connect(db)
    store.store_report(con, process_file(SEED))
    compare.build_comparison(con, Settings(), [])
    program_links.link_programs(con, Settings(), [])
    con.close()
    return db


@pytest.fixture
def con(seed_db):
    connection = duckdb.connect(str(seed_db), read_only=True)
    yield connection
    connection.close()


def view_rows(con, view: str) -> tuple[list[str], list[str], list[tuple]]:
    described = con.execute(f"DESCRIBE {view}").fetchall()
    rows = con.execute(f"SELECT * FROM {view} ORDER BY ALL").fetchall()
    return [row[0] for row in described], [row[1] for row in described], rows


def plain(value):
    """A value of a pandas frame as Python: NaN / NA / NaT as None, numpy scalars as numbers."""
    if value is None or value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    return value


def same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12, abs_tol=0)
    return a == b


def test_every_public_view_written_in_both_formats(con, tmp_path):
    written = write_view_files(con, tmp_path / "views")
    views = public_views(con)
    assert {"v_files", "v_reports", "v_metrics", "v_target_vs_result", "v_ambition", "v_review_queue",
            "v_correction_log", "v_program_timeline", "v_programs"} <= set(views)
    assert sorted(p.name for p in (tmp_path / "views").iterdir()) == sorted(
        f"{v}.{fmt}" for v in views for fmt in ("parquet", "csv"))
    assert written.files == sorted(written.files)
    assert written.rows["v_metrics"] == con.execute("SELECT count(*) FROM v_metrics").fetchone()[0] > 200


def test_parquet_reads_back_into_pandas_as_the_views_rows(con, tmp_path):
    write_view_files(con, tmp_path, ["parquet"])
    for view in public_views(con):
        columns, _types, rows = view_rows(con, view)
        frame = pd.read_parquet(tmp_path / f"{view}.parquet")
        assert list(frame.columns) == columns, view
        back = [tuple(plain(v) for v in row) for row in frame.itertuples(index=False)]
        assert len(back) == len(rows), view
        for got, expected in zip(back, rows):
            assert all(same(g, e) for g, e in zip(got, expected)), (view, got, expected)


def test_csv_reads_back_into_pandas_as_the_views_rows(con, tmp_path):
    """Text columns read as text (a region code stays 371400 as written); NULL text and empty text
    are both an empty field in CSV, and come back as missing."""
    write_view_files(con, tmp_path, ["csv"])
    for view in public_views(con):
        columns, types, rows = view_rows(con, view)
        text = [c for c, t in zip(columns, types) if t == "VARCHAR"]
        times = [c for c, t in zip(columns, types) if t.startswith("TIMESTAMP") or t == "DATE"]
        frame = pd.read_csv(tmp_path / f"{view}.csv", dtype={c: "string" for c in text},
                            parse_dates=times, encoding="utf-8")
        assert list(frame.columns) == columns, view
        assert len(frame) == len(rows), view
        for got, expected in zip(frame.itertuples(index=False), rows):
            for g, e, t in zip(map(plain, got), expected, types):
                if t == "VARCHAR":
                    e = e or None
                if isinstance(e, dt.datetime):
                    g = g.replace(tzinfo=None) if g else g
                assert same(g, e), (view, g, e)


def test_chinese_text_and_quotes_survive_csv(con, tmp_path):
    write_view_files(con, tmp_path, ["csv"], views=["v_metrics"])
    frame = pd.read_csv(tmp_path / "v_metrics.csv", dtype=str)
    quotes = set(frame["quote"])
    assert quotes == {q for (q,) in con.execute("SELECT quote FROM v_metrics").fetchall()}
    assert any("，" in q or "、" in q for q in quotes)
    assert not (tmp_path / "v_metrics.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_files_replaced_others_left_alone(con, tmp_path):
    (tmp_path / "v_reports.csv").write_text("old", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    write_view_files(con, tmp_path, ["csv"], views=["v_reports"])
    assert (tmp_path / "v_reports.csv").read_text(encoding="utf-8").startswith("region,")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "v_reports.csv"]


@pytest.mark.parametrize(("call", "message"), [
    (dict(formats=["xlsx"]), "unknown view file format 'xlsx': use parquet or csv"),
    (dict(formats=[]), "unknown view file format \\(none\\)"),
    (dict(views=["v_nothing"]), "the database has no public view v_nothing \\(it has v_ambition, "),
])
def test_bad_requests_say_what_to_fix(con, tmp_path, call, message):
    with pytest.raises(ExportError, match=message):
        write_view_files(con, tmp_path / "views", **call)
    assert not (tmp_path / "views").exists()


def test_a_file_in_place_of_the_folder_is_named(con, tmp_path):
    target = tmp_path / "views"
    target.write_text("", encoding="utf-8")
    with pytest.raises(ExportError, match="views is a file: give a folder"):
        write_view_files(con, target)


def test_a_failed_write_leaves_the_previous_files(tmp_path):
    con = duckdb.connect()
    con.execute("CREATE VIEW v_a AS SELECT 1 AS x")
    write_view_files(con, tmp_path, ["csv"])
    before = (tmp_path / "v_a.csv").read_bytes()
    con.execute("CREATE OR REPLACE VIEW v_a AS SELECT 2 AS x")
    con.execute("CREATE VIEW v_b AS SELECT error('the view breaks') AS x")
    with pytest.raises(ExportError, match="could not write the view v_b as csv: .*the view breaks"):
        write_view_files(con, tmp_path, ["csv"])
    assert (tmp_path / "v_a.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v_a.csv"]


def test_temporary_views_are_not_public(con):
    con.execute("CREATE TEMP VIEW v_mine AS SELECT 1 AS x")
    assert "v_mine" not in public_views(con)
