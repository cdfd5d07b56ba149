"""Where the pure work of a flow runs: in the command's own process (the default), on a local Dask
cluster of N worker processes (`--workers N`), or on an existing Dask cluster (`--dask-address`,
REPORTCMP_DASK_ADDRESS), through prefect-dask's DaskTaskRunner.

On a cluster, files go to the workers in batches, one Prefect task per batch; each worker reads,
cleans, detects, segments and extracts its files, and sends the reports back. The writer (the flow's
process, the one DuckDB connection: DuckDB has one writer per file) stores them in the order the
files were listed, one report per transaction, while the workers go on with the next batches.

What a worker needs from the command: the reportcmp code and knowledge files it extracts with. A
local cluster's workers are spawned from the command and inherit its environment (REPORTCMP_*,
PREFECT_*) and working folder; workers of a remote cluster must have the same reportcmp installed and
the same REPORTCMP_KNOWLEDGE_DIR, and every task checks this (`same_extraction`). The Prefect API the
runs report to travels with each task (Prefect serializes its settings context).
"""
from __future__ import annotations

import collections
import contextlib
import itertools
import logging
import math
from typing import Iterable, Iterator, Sequence, TypeVar

from reportcmp.pipeline.config import ClusterSettings
from reportcmp.pipeline.errors import ReportcmpError

T = TypeVar("T")

# How many files a task takes, chosen by measurement (benchmarks/README.md, "Batch size"). A Prefect
# task on a Dask worker costs ~0.2-0.3 s of CPU (on the worker, Prefect rebuilds its settings and API
# clients for each task run; the writer serializes its settings for it), against ~30 ms of CPU to read
# and extract a report. `bench.py --batch-sizes 5,10,20,40,80 --copies 4` (672 reports, 2 workers):
# the command's CPU fell from 80 s at 5 files a task to 53 s at 20, and changed no more than the
# noise beyond; `--batch-sizes 40,100,40,100 --copies 10` (1,680 reports): 100 a task beat 40 in each
# of four pairs, by 1.3 s of 55 and 4 s of 103 s of CPU. So about BATCHES_PER_WORKER batches per
# worker, enough that no worker idles at the end and the writer starts early, between MIN_BATCH and
# MAX_BATCH files.
MIN_BATCH = 8
MAX_BATCH = 100
BATCHES_PER_WORKER = 6
# Batches submitted ahead of the one the writer is storing: enough to keep every worker busy, few
# enough that results waiting for the writer (and the texts sent for re-extraction) stay bounded.
AHEAD_PER_WORKER = 2


class ClusterError(ReportcmpError):
    """The Dask cluster cannot be reached or its workers extract differently; the message says how to fix it."""


def batch_size(n_items: int, n_workers: int, given: int = 0) -> int:
    """Files per task: `given` when set (the batch_size setting), else about BATCHES_PER_WORKER
    batches per worker, between MIN_BATCH and MAX_BATCH."""
    if given > 0:
        return given
    per_batch = math.ceil(n_items / max(1, n_workers * BATCHES_PER_WORKER))
    return max(MIN_BATCH, min(MAX_BATCH, per_batch))


def batches(items: Sequence[T], size: int) -> list[list[T]]:
    return [list(items[start:start + size]) for start in range(0, len(items), size)]


def runner_for(address: str):
    """The task runner of a flow whose tasks go to the Dask scheduler at `address`."""
    from prefect_dask import DaskTaskRunner

    return DaskTaskRunner(address=address)


def on_cluster(flow, address: str | None):
    """The flow with its tasks sent to the Dask cluster at `address`, or the flow as it is (None)."""
    return flow.with_options(task_runner=runner_for(address)) if address else flow


def in_order(task, batched: Iterable[list], n_workers: int, **parameters) -> Iterator[tuple[list, list]]:
    """Submit `task(batch, **parameters)` for each batch, at most AHEAD_PER_WORKER per worker ahead of
    the one being consumed; yield each batch with its results in the order of the batches. The next
    batch is submitted before a result is handed over, so the workers go on while the writer stores."""
    batched = iter(batched)
    ahead = max(2, AHEAD_PER_WORKER * n_workers)
    waiting = collections.deque((batch, task.submit(batch, **parameters)) for batch in itertools.islice(batched, ahead))
    while waiting:
        batch, future = waiting.popleft()
        results = future.result()
        del future                        # its result leaves the worker's memory with the last reference
        following = next(batched, None)
        if following is not None:
            waiting.append((following, task.submit(following, **parameters)))
        yield batch, results


def same_extraction(expected: str) -> None:
    """In a task on a worker: raise ClusterError unless this worker extracts with the flow's knowledge
    files and code (the fingerprint stored with each report, pipeline/freshness.py). A worker with
    other ones would store reports that the next run finds stale and extracts again, every time."""
    from reportcmp.pipeline import freshness

    if freshness.extraction_fingerprint() != expected:
        raise ClusterError("a Dask worker extracts with other knowledge files or another reportcmp version than "
                           "this command: install the same reportcmp on the workers and give them the same "
                           "REPORTCMP_KNOWLEDGE_DIR (docs/SCALING.md)")


def n_workers(address: str) -> int:
    """How many workers the scheduler at `address` has now (at least 1: an adaptive cluster grows)."""
    import distributed

    try:
        with distributed.Client(address, timeout=10, set_as_default=False) as client:
            return max(1, len(client.scheduler_info(n_workers=-1)["workers"]))
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None


@contextlib.contextmanager
def dask_cluster(settings: ClusterSettings) -> Iterator[str | None]:
    """The address of the Dask scheduler the flows' tasks go to: the one the settings name, a local
    cluster of `settings.workers` processes started here and closed on leaving, or None (in-process).

    A local cluster's scheduler runs inside this process, its workers are child processes on
    127.0.0.1. A `kill -9` of the command leaves none behind: distributed's worker processes watch a
    pipe their parent holds and exit when it closes (distributed/process.py,
    `_immediate_exit_when_closed`); measured, both workers were gone within a second, and
    tests/test_dask.py checks it through the real command."""
    if settings.dask_address:
        yield settings.dask_address
        return
    if settings.workers <= 0:
        yield None
        return
    import distributed

    logging.getLogger("distributed").setLevel(logging.ERROR)
    with distributed.LocalCluster(n_workers=settings.workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            distributed.Client(cluster, set_as_default=False) as client:
        # A task for each worker, not waited for: they get ready while this process lists the files.
        distributed.fire_and_forget([client.submit(prepare_worker, workers=[worker], pure=False)
                                     for worker in client.scheduler_info()["workers"]])
        yield cluster.scheduler_address


def prepare_worker() -> None:
    """Run on each worker of a local cluster as it starts, while the command waits for Prefect's server
    anyway: import Prefect's task engine and the flows' tasks, and load the division list, the catalog
    and jieba's dictionary. Measured under load, the first batch otherwise came back 7.4 s after it was
    sent, for 0.6 s of extraction."""
    import prefect.task_engine  # noqa: F401

    import reportcmp.flows.compare  # noqa: F401
    import reportcmp.flows.ingest  # noqa: F401
    from reportcmp.pipeline.report import warm_up

    warm_up()
