"""`--executor dask`: the per-file work on a Dask distributed cluster, the rest at home.

Each task carries one file's bytes (workers need no access to RAW) and returns that file's
FileResult from `extract_file`, the same worker the local run forks. Discovery, the cache, the
spool and the Parquet writer stay with the client, so the cluster run writes the same `parsed/`.
Without a scheduler address a LocalCluster is started in this process (threads, small).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from extractors.extract import extract_file
from extractors.model.findings import error
from extractors.model.settings import Settings
from pipeline.batch.jobs import Done, Job, crash_finding, failed_result, guess_format
from pipeline.batch.output import store


@contextmanager
def client_for(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A client of the cluster at `scheduler` (`tcp://host:8786`), or of a LocalCluster here."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=1, threads_per_worker=max(1, workers), processes=False,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def map_dask(jobs: Sequence[Job], settings: Settings, workers: int,
             scheduler: str | None) -> Iterator[tuple[Job, Done]]:
    """Like `run.map_isolated`: one task per job, yielded as they finish, problems as failed rows.

    The cluster enforces no per-file time limit on a running task: a worker that hangs holds
    its task (set the workers' own limits, e.g. `distributed.scheduler.worker-ttl`).
    """
    from distributed import as_completed


    if not jobs:
        return
    # a worker's threads each run a task: a task reads its pages one by one unless told otherwise
    settings = dataclasses.replace(settings, ocr_threads=settings.ocr_threads or 1)
    with client_for(scheduler, workers) as client:
        # a few tasks per worker thread in flight: the client never holds the whole batch's bytes
        limit = 2 * max(1, sum(client.nthreads().values()))
        queue = iter(jobs)
        in_flight: dict[Any, tuple[Job, str, float]] = {}
        done = as_completed()

        def submit_next() -> Iterator[tuple[Job, Done]]:
            for job in queue:
                try:
                    data = job.file.path.read_bytes()
                except OSError as exc:
                    finding = error("unreadable_file", f"The file could not be read ({exc.strerror}); "
                                    "check its permissions and that it still exists.")
                    yield job, Done(failed_result(job.doc_id, job.file.relative, "text", finding),
                                     0.0, False)
                    continue
                # pure=False: files with equal bytes were set aside before this, never merged here
                future = client.submit(extract_file, data, job.file.relative, settings, pure=False,
                                       key=f"extract-{job.index}-{job.doc_id}")
                in_flight[future] = (job, guess_format(data), time.monotonic())
                done.add(future)
                return

        while True:
            while len(in_flight) < limit:
                before = len(in_flight)
                yield from submit_next()
                if len(in_flight) == before:
                    break  # nothing left to submit
            if not in_flight:
                return
            future = next(done)
            job, data_format, started = in_flight.pop(future)
            yield job, _collect(future, job, data_format, time.monotonic() - started)


def _collect(future: Any, job: Job, data_format: str, seconds: float) -> Done:
    """A finished task -> its result, or a failed row saying what went wrong."""

    try:
        result = future.result()
    except Exception as exc:  # the task raised on the worker: a bug, one failed row
        finding = crash_finding(type(exc).__name__, str(exc))
        return Done(failed_result(job.doc_id, job.file.relative, data_format, finding), seconds, False)
    problem = store.check_result(result)
    if problem is not None:
        finding = crash_finding("InvalidResult", f"its rows break the output contract ({problem})")
        return Done(failed_result(job.doc_id, job.file.relative, data_format, finding), seconds, False)
    return Done(result, seconds, True)
