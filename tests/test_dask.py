"""The same flows on a Dask cluster (flows/cluster.py): a run on a local cluster of two worker
processes gives the database an in-process run gives, re-extraction after a knowledge edit included;
a `kill -9` of the command leaves no worker behind and a whole database the rerun completes (in
test_crash.py, beside the other kills); inputs named by fsspec URLs, read on workers too."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from reportcmp.flows import cluster
from reportcmp.pipeline import cli, urls
from reportcmp.pipeline.config import ReadLimits
from tests.helpers import command_env, rows, view_differences

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "dezhou" / "2024.txt"
CORPUS = ROOT.parent / "shared" / "corpus"
REPORTCMP = Path(sys.executable).with_name("reportcmp")
NATIONAL_YEARS = range(2022, 2026)


@pytest.fixture
def harness_url(prefect_harness) -> str:
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


# ---- a local cluster of two processes against the command's own process ------------------------

@pytest.mark.corpus
@pytest.mark.cluster
def test_two_local_workers_give_the_database_of_an_in_process_run(tmp_path, harness_url):
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the project")
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(SEED, batch / "dezhou-2024.txt")
    for year in NATIONAL_YEARS:
        shutil.copy(CORPUS / "national" / f"{year}.txt", batch / f"national-{year}.txt")
    # Batches of two: five files make three tasks, stored in the order the files were listed.
    env = command_env(PREFECT_API_URL=harness_url, REPORTCMP_BATCH_SIZE="2")
    for folder, where in ((tmp_path / "in-process", ()), (tmp_path / "workers", ("--workers", "2"))):
        folder.mkdir()
        (folder / "inbox").mkdir()
        done = subprocess.run([str(REPORTCMP), "run", "--seeds", str(batch), "--inbox", str(folder / "inbox"),
                               "--db", str(folder / "reports.duckdb"), "--out", str(folder / "comparison.xlsx"),
                               "--corrections", str(folder / "corrections.csv"), *where],
                              cwd=folder, capture_output=True, text=True, timeout=600, env=env)
        assert done.returncode == 0, done.stderr
        assert ("5 files in batches of 2 on 2 Dask workers" in done.stderr) == bool(where)
    workers = tmp_path / "workers" / "reports.duckdb"
    assert rows(workers, "SELECT count(*) FROM v_reports") == [(5,)]
    assert rows(workers, "SELECT count(*) >= 10 FROM v_target_vs_result WHERE region = '全国' "
                          "AND status IN ('exceeded', 'met', 'missed')") == [(True,)]
    assert set(view_differences(tmp_path / "in-process" / "reports.duckdb", workers).values()) == {(0, 0)}


# ---- inputs named by URL -------------------------------------------------------------------------

@pytest.fixture
def memory_reports():
    """Reports in fsspec's in-memory filesystem (one per process: for this process and its threads)."""
    import fsspec

    fs = fsspec.filesystem("memory")
    fs.pipe("/reports/dezhou/2024.txt", SEED.read_bytes())
    fs.pipe("/reports/empty.txt", b"")
    fs.pipe("/reports/.hidden/notes.txt", b"not listed")
    yield "memory://reports"
    fs.rm("/reports", recursive=True)


def test_reports_named_by_url_are_listed_read_and_stored_by_their_url(tmp_path, capsys, memory_reports, prefect_harness):
    db = tmp_path / "reports.duckdb"
    assert cli.main(["ingest", memory_reports, "memory://nowhere", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "rejected: memory:///reports/empty.txt: empty file" in err
    assert "rejected: memory://nowhere: no such file or folder" in err
    assert rows(db, "SELECT path, status FROM v_files ORDER BY path") == [
        ("memory:///reports/dezhou/2024.txt", "ingested"), ("memory:///reports/empty.txt", "rejected")]
    assert rows(db, "SELECT region, report_year, source_file FROM v_reports") == [
        ("德州市", 2024, "memory:///reports/dezhou/2024.txt")]
    assert cli.main(["ingest", memory_reports, "--db", str(db)]) == 0     # nothing new: nothing read again
    assert "nothing new" in capsys.readouterr().out


def test_an_existing_cluster_reads_urls_and_re_extracts_with_the_in_process_result(tmp_path, capsys, memory_reports,
                                                                                   prefect_harness):
    import distributed

    from reportcmp.flows.cluster import on_cluster
    from reportcmp.flows.compare import compare_flow

    inputs = [memory_reports, SEED.as_uri()]     # the file:// URL is the seed's local path
    alone, on_workers = tmp_path / "alone.duckdb", tmp_path / "cluster.duckdb"
    assert cli.main(["ingest", *inputs, "--db", str(alone)]) == 1
    # A cluster whose worker is a thread of this process, so that it sees the in-memory files.
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as local:
        address = local.scheduler_address
        capsys.readouterr()
        assert cli.main(["ingest", *inputs, "--db", str(on_workers), "--dask-address", address]) == 1
        assert "3 files in batches of 8 on 1 Dask workers" in capsys.readouterr().err
        assert set(view_differences(alone, on_workers).values()) == {(0, 0)}
        assert rows(on_workers, "SELECT path, status FROM v_files ORDER BY 1") == [
            (str(SEED.resolve()), "ingested"), ("memory:///reports/dezhou/2024.txt", "duplicate"),
            ("memory:///reports/empty.txt", "rejected")]
        # Stored reports made stale (as by a knowledge edit) are extracted again on the cluster.
        con = duckdb.connect(str(on_workers))
        con.execute("UPDATE core_reports SET extracted_with = 'before'; DELETE FROM core_metrics")
        con.close()
        rebuilt = on_cluster(compare_flow, address)(db=str(on_workers), corrections=str(tmp_path / "none.csv"),
                                                    force=True, dask_address=address)
    assert rebuilt.reextracted == 1
    compare_flow(db=str(alone), corrections=str(tmp_path / "none.csv"), force=True)
    assert set(view_differences(alone, on_workers).values()) == {(0, 0)}


def test_an_unknown_or_uninstalled_filesystem_is_one_line(tmp_path, capsys):
    assert cli.main(["ingest", "nosuchfs://bucket/reports/", "--db", str(tmp_path / "r.duckdb")]) == 1
    assert capsys.readouterr().err.strip() == ("reportcmp: error: nosuchfs://bucket/reports/: Protocol not known: "
                                               "nosuchfs")


@pytest.mark.parametrize("name, url, local", [
    ("s3://bucket/reports/2024.txt", True, "s3://bucket/reports/2024.txt"),
    ("simplecache::s3://bucket/a.docx", True, "simplecache::s3://bucket/a.docx"),
    ("file:///data/reports/%E5%BE%B7%E5%B7%9E.txt", False, "/data/reports/德州.txt"),
    ("/data/reports/2024.txt", False, "/data/reports/2024.txt"),
    ("C:/reports/2024.txt", False, "C:/reports/2024.txt"),
    ("reports/2024.txt", False, "reports/2024.txt"),
])
def test_what_is_a_url(name, url, local):
    assert (urls.is_url(name), urls.local_path(name)) == (url, local)


def test_an_object_over_the_size_limit_is_refused_from_its_listing(memory_reports):
    limits = ReadLimits(max_file_mb=1 / 1024)                 # 1 KiB; the seed is larger
    with pytest.raises(urls.InputError, match="file too large"):
        urls.read_url("memory:///reports/dezhou/2024.txt", limits)
    assert urls.name_of("memory:///reports/dezhou/2024.txt").name == "2024.txt"


# ---- batches and the workers' knowledge ----------------------------------------------------------

@pytest.mark.parametrize("n_files, workers, given, size", [
    (1680, 2, 0, 100),   # the 10x corpus: batches of the largest size
    (168, 2, 0, 14),     # the corpus: six batches a worker
    (5, 2, 0, 8),        # a few files: one small batch
    (5, 2, 2, 2),        # the batch_size setting wins
    (10_000, 64, 0, 27),
])
def test_batch_size(n_files, workers, given, size):
    assert cluster.batch_size(n_files, workers, given) == size


def test_a_worker_that_extracts_with_other_knowledge_is_refused():
    from reportcmp.flows.ingest import read_reports

    with pytest.raises(cluster.ClusterError, match="same REPORTCMP_KNOWLEDGE_DIR"):
        read_reports.fn([], None, None, ReadLimits(), extracted_with="another fingerprint")


def test_workers_and_an_address_are_one_or_the_other(tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli.main(["ingest", str(SEED), "--workers", "2", "--dask-address", "tcp://127.0.0.1:8786"])
    assert "not allowed with argument" in capsys.readouterr().err
    assert cli.main(["ingest", str(SEED), "--db", str(tmp_path / "r.duckdb"), "--workers", "-1"]) == 1
    assert "--workers -1: give a number of worker processes" in capsys.readouterr().err

