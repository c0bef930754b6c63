"""Run a batch: discover, skip duplicates, reuse the cache, extract the rest in child processes.

Each extraction runs in a forked child with a time and a memory limit, so a file
that hangs, explodes or crashes the parser costs one failed row, never the batch.
Children die with the main process and take their Tesseract processes and temp
files with them (pipeline/batch/worker.py). The same scheduler serves one job or many
(`jobs` children at once); results keep discovery order.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import hashlib
import multiprocessing
import os
import signal
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from extractors import __version__
from extractors.extract import extract_file
from extractors.model.findings import Finding, error, warning
from extractors.model.records import FileResult
from extractors.model.settings import Settings, usable_cores
from extractors.readers import kind_of, preload
from pipeline.batch import worker
from pipeline.batch.cache import Cache
from pipeline.batch.discover import InputFile, discover
from pipeline.batch.jobs import Done, Job, crash_finding, failed_result, guess_format, timeout_finding
from pipeline.batch.limits import memory_finding, stopped_by_memory
from pipeline.batch.output import store
from pipeline.batch.output.spool import Spool
from pipeline.contract import CONTRACT_VERSION
from pipeline.corrections.apply import Applier, RunCorrections
from pipeline.corrections.store import load as load_corrections


@dataclass(frozen=True)
class FileOutcome:
    """What became of one input file: one line of the manifest and of the progress log."""

    source_file: str
    doc_id: str
    status: str  # ok | partial | failed | duplicate
    seconds: float
    cached: bool
    message: str | None = None  # first error finding, or what the file duplicates


@dataclass(frozen=True)
class RunReport:
    files: tuple[FileOutcome, ...]  # in discovery order
    rows: dict[str, int]  # rows written per table
    seconds: float
    recovered: tuple[str, ...] = ()  # what `store.recover` cleaned up before the run
    not_written: str | None = None  # why the tables were not written (the previous ones are kept)
    corrections: RunCorrections | None = None  # what the corrections file did, when one was given
    finished: str | None = None  # what `finish` did to the new tables before the swap, in words

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def parsed(self) -> int:
        return sum(1 for f in self.files if f.status != "duplicate" and not f.cached)

    @property
    def reused(self) -> int:
        return sum(1 for f in self.files if f.cached)

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def duplicates(self) -> int:
        return self.count("duplicate")


Progress = Callable[[int, int, FileOutcome], None]
"""Called once per input file as it finishes: (files done, files in total, its outcome)."""

Finish = Callable[[Path], str]
"""Called with the folder of the new tables before they replace `out` (the CLI's rescoring):
it may add files there, which are swapped in with the tables; returns what it did, in words."""


# --- the worker, in a child process --------------------------------------------------------


def _child(conn: Connection, data: bytes, source_file: str, settings: Settings,
           parent_pid: int, workdir: Path, peak: Any) -> None:
    """Runs in the forked child: extract, send the result (or what went wrong) home."""
    worker.become_worker(parent_pid, workdir, settings.max_memory_bytes, peak)
    try:
        conn.send(("ok", extract_file(data, source_file, settings)))
    except MemoryError:  # over --max-memory; what held the memory is released by now
        conn.send(("memory",))
    except BaseException as exc:  # anything at all: the parent turns it into a finding
        conn.send(("raised", type(exc).__name__, str(exc), traceback.format_exc()))
    finally:
        conn.close()


@dataclass
class _Running:
    job: Job
    process: Any  # multiprocessing.Process (fork context)
    conn: Connection
    started: float
    data_format: str
    workdir: Path  # the worker's private temp folder
    peak: Any  # shared with the worker: the largest growth of its address space seen, bytes


def _start(job: Job, settings: Settings) -> _Running | Done:
    try:
        data = job.file.path.read_bytes()
    except OSError as exc:
        finding = error("unreadable_file", f"The file could not be read ({exc.strerror}); "
                        "check its permissions and that it still exists.")
        return Done(failed_result(job.doc_id, job.file.relative, "text", finding), 0.0, False)
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    workdir = worker.new_workdir()
    peak = ctx.RawValue(ctypes.c_uint64, 0)
    process = ctx.Process(
        target=_child, args=(send, data, job.file.relative, settings, os.getpid(), workdir, peak), daemon=True
    )
    process.start()
    worker.adopt(process)
    send.close()  # the child holds its own end; EOF on ours then means the child is gone
    return _Running(job, process, receive, time.monotonic(), guess_format(data), workdir, peak)


def _failed(run: _Running, finding: Finding, seconds: float) -> Done:
    return Done(failed_result(run.job.doc_id, run.job.file.relative, run.data_format, finding),
                 seconds, False)


def _finish(run: _Running, settings: Settings, timed_out: bool) -> Done:
    seconds = time.monotonic() - run.started
    if timed_out:
        worker.end(run.process, run.workdir)
        run.conn.close()
        return _failed(run, timeout_finding(settings), seconds)
    try:
        message = run.conn.recv()
    except (EOFError, OSError):
        message = None
    except Exception as exc:  # a result that does not unpickle
        message = ("raised", type(exc).__name__, str(exc), "")
    worker.end(run.process, run.workdir, grace=5.0)
    run.conn.close()
    if message is None and stopped_by_memory(run.process.exitcode, run.peak.value, settings.max_memory_bytes):
        return _failed(run, memory_finding(settings.max_memory_bytes), seconds)
    if message is None:
        code = run.process.exitcode
        what = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        if code == -9:
            what += " (killed: perhaps the machine ran out of memory)"
        elif code in (-signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS):
            what += " (libraries that run out of memory often end so: raise --max-memory if it is low)"
        return _failed(run, crash_finding("ChildDied", f"the worker process ended with {what}"), seconds)
    if message[0] == "memory":
        return _failed(run, memory_finding(settings.max_memory_bytes), seconds)
    if message[0] == "raised":
        return _failed(run, crash_finding(message[1], message[2]), seconds)
    result = message[1]
    problem = store.check_result(result) if isinstance(result, FileResult) else "not a result"
    if problem is not None:
        finding = crash_finding("InvalidResult", f"its rows break the output contract ({problem})")
        return _failed(run, finding, seconds)
    return Done(result, seconds, True)


def map_isolated(
    jobs: Sequence[Job], settings: Settings, workers: int
) -> Iterator[tuple[Job, Done]]:
    """Extract every job in its own child, at most `workers` at once; yields as they finish.

    With workers=1 this is the serial run; the code path is the same. However the
    iteration ends (a stop signal, the caller closing it), no worker outlives it.
    """
    pending = list(reversed(jobs))
    running: list[_Running] = []
    worker.reap_orphans()
    preload({kind_of(job.file.path) for job in jobs}, settings)
    try:
        yield from _schedule(pending, running, settings, workers)
    finally:
        for run in running:
            worker.end(run.process, run.workdir)
            run.conn.close()


def _schedule(
    pending: list[Job], running: list[_Running], settings: Settings, workers: int
) -> Iterator[tuple[Job, Done]]:
    while pending or running:
        while pending and len(running) < max(1, workers):
            job = pending.pop()
            threads = settings.ocr_threads or ocr_threads_for(workers, len(pending) + len(running) + 1,
                                                              usable_cores())
            started = _start(job, dataclasses.replace(settings, ocr_threads=threads))
            if isinstance(started, Done):
                yield job, started
            else:
                running.append(started)
        if not running:
            continue
        now = time.monotonic()
        next_deadline = min(r.started + settings.timeout_seconds for r in running)
        ready = wait([r.conn for r in running], timeout=max(0.0, next_deadline - now))
        now = time.monotonic()
        for run in list(running):
            if run.conn in ready:
                done = _finish(run, settings, timed_out=False)
            elif now >= run.started + settings.timeout_seconds:
                done = _finish(run, settings, timed_out=True)
            else:
                continue
            running.remove(run)  # only now: a stop inside _finish still finds it to end
            yield run.job, done


def ocr_threads_for(workers: int, remaining: int, cores: int) -> int:
    """OCR threads for a file starting now: the cores its idle fellow workers leave. While more
    files remain than workers, each worker's file reads its pages one at a time; the last files
    of a batch (or a batch of one long scan) get the rest of the cores."""
    busy = max(1, min(max(1, workers), remaining))
    return max(1, cores // busy)


# --- the batch -----------------------------------------------------------------------------

Mapper = Callable[[Sequence[Job], Settings, int], Iterator[tuple[Job, Done]]]
"""What runs the jobs: `map_isolated` (forked children here) or `dask_run.map_dask` (a cluster)."""


def _outcome(file: InputFile, result: FileResult, seconds: float, cached: bool) -> FileOutcome:
    first_error = next((f.message for f in result.findings if f.severity == "error"), None)
    return FileOutcome(file.relative, result.file_id, result.status,
                       round(seconds, 3), cached, first_error)


def _hash(path: Path) -> tuple[str | None, str]:
    """(full sha256 hex, or None when unreadable; doc_id)."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None, hashlib.sha256(f"unreadable:{path}".encode()).hexdigest()[:16]
    return digest, digest[:16]


def extract_all(
    files: Sequence[InputFile],
    settings: Settings,
    cache: Cache | None,
    jobs: int,
    progress: Progress | None,
    results: Spool,
    mapper: Mapper = map_isolated,
    corrections: Applier | None = None,
) -> list[FileOutcome]:
    """Results (one per distinct content) into `results`, by index of the first file with that
    content, as they come; returns the outcomes (one per file, discovery order). The cache keeps
    what was extracted; `corrections` apply to what goes into `results`, cache hits included."""
    put = results.put if corrections is None else (
        lambda index, result: results.put(index, corrections.file(result)))
    total = len(files)
    outcomes: list[FileOutcome | None] = [None] * total
    first_seen: dict[str, int] = {}  # doc_id -> index
    shas: dict[int, str | None] = {}
    todo: list[Job] = []
    done = 0

    def report(index: int, outcome: FileOutcome) -> None:
        nonlocal done
        outcomes[index] = outcome
        done += 1
        if progress is not None:
            progress(done, total, outcome)

    for index, file in enumerate(files):
        started = time.monotonic()
        if file.problem is not None:  # a dangling link, a loop: nothing to read, nothing to cache
            failed = failed_result(file.doc_id, file.relative, "text", file.problem)
            put(index, failed)
            report(index, _outcome(file, failed, 0.0, cached=False))
            continue
        sha, doc_id = _hash(file.path)
        if doc_id in first_seen:
            first = files[first_seen[doc_id]].relative
            report(index, FileOutcome(file.relative, doc_id, "duplicate", 0.0, False,
                                      f"same bytes as {first}"))
            continue
        first_seen[doc_id] = index
        shas[index] = sha
        hit = cache.get(sha) if cache is not None and sha is not None else None
        if hit is not None:
            hit = hit.renamed(file.relative)
            put(index, hit)
            report(index, _outcome(file, hit, time.monotonic() - started, cached=True))
        else:
            todo.append(Job(index, file, doc_id))

    with contextlib.closing(mapper(todo, settings, jobs)) as finishing:  # closed: no worker left
        for job, finished in finishing:
            result = finished.result.renamed(job.file.relative)
            sha = shas[job.index]
            if finished.cacheable and cache is not None and sha is not None:
                cache.put(sha, result)
            put(job.index, result)
            report(job.index, _outcome(job.file, result, finished.seconds, cached=False))

    for index, file in enumerate(files):
        outcome = outcomes[index]
        if outcome is None or outcome.status != "duplicate":
            continue
        first_index = first_seen[outcome.doc_id]
        note = warning(
            "duplicate_document",
            f"{file.relative} has the same bytes as {files[first_index].relative}; it is "
            f"listed once, as {files[first_index].relative}; delete one of the two copies.",
        )
        results.note(first_index, note)
    for index, file in enumerate(files):  # notes on the name belong to this name, never to the cache
        for note in file.notes:
            if results.has(index):
                results.note(index, note)
    if corrections is not None:  # corrections whose document is gone: on the file now so named
        where = {file.relative: index for index, file in enumerate(files) if results.has(index)}
        for source_file, message in corrections.left_over():
            if source_file in where:
                results.note(where[source_file], warning("correction_stale", message))
            else:
                corrections.tally.unplaced.append(message)
    return [o for o in outcomes if o is not None]


def manifest(report: RunReport, settings: Settings, raw: Path | None = None) -> dict[str, Any]:
    """manifest.json: deterministic for the same inputs apart from the timings. `raw_root` is
    where `source_file` is relative to (the review page serves pages from there)."""
    documents = len(report.files) - report.duplicates
    return {
        "contract_version": CONTRACT_VERSION,
        "pipeline_version": __version__,
        "seen": len(report.files),
        "parsed": report.parsed,
        "reused": report.reused,
        "failed": report.failed,
        "duplicates": report.duplicates,
        **({"raw_root": str(raw.resolve())} if raw is not None else {}),
        **({"corrections": report.corrections.manifest()} if report.corrections else {}),
        "tables": report.rows,
        "files": [
            {
                "source_file": f.source_file,
                "doc_id": f.doc_id,
                "status": f.status,
                "seconds": f.seconds,
                "cached": f.cached,
                **({"message": f.message} if f.message else {}),
            }
            for f in report.files
        ],
        "seconds": round(report.seconds, 3),
        "seconds_per_document": round(report.seconds / documents, 3) if documents else None,
        "versions": store.versions(),
        "settings": dataclasses.asdict(settings),
    }


def run_batch(
    raw: Path,
    out: Path,
    settings: Settings,
    cache_dir: Path | None,
    jobs: int = 1,
    progress: Progress | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    corrections: Path | None = None,
    finish: Finish | None = None,
) -> RunReport:
    """Extract every file under `raw` and replace `out` with the tables, all or nothing.

    executor "dask" sends the per-file work to the Dask cluster at `scheduler` (a LocalCluster
    when None); the cache and the writer stay here. The caller holds the lock on `out`
    (pipeline/batch/output/lock.py) when other runs may write there. `corrections` names a
    reviewer's corrections file (pipeline/corrections), applied to every document; a missing
    file is no corrections. `finish`, if given, sees the new tables before the swap and may add
    files beside them (see `Finish`).
    """
    started = time.monotonic()
    recovered = (*store.recover(out), *worker.remove_stale_workdirs())
    short = store.check_space_ahead(out)
    if short is not None:
        return RunReport((), {}, time.monotonic() - started, recovered, short.message)
    files = discover(raw)
    cache = Cache.open(cache_dir, settings) if cache_dir is not None else None
    loaded = load_corrections(corrections) if corrections is not None else None
    applier = Applier(loaded.corrections) if loaded is not None else None
    with Spool.in_temp() as spool:  # results on disk as they come, not all held at once
        mapper: Mapper = map_isolated
        if executor == "dask":
            import functools

            from pipeline.batch.dask_run import map_dask

            mapper = functools.partial(map_dask, scheduler=scheduler)
        try:
            outcomes = extract_all(files, settings, cache, jobs, progress, spool, mapper, applier)
        except OSError as exc:  # the spool's disk is full, or files are capped: nothing can be written
            return RunReport((), {}, time.monotonic() - started, recovered,
                             store.write_failure(out, exc, 0).message)
        report = RunReport(tuple(outcomes), dict(spool.rows), time.monotonic() - started, recovered,
                           corrections=None if loaded is None or applier is None else RunCorrections(
                               str(corrections), applier.tally,
                               tuple((p.line, p.message) for p in loaded.problems)))
        staged = spool.folder / "tables"  # written whole first: their exact size is then known
        try:
            staged.mkdir()
            spool.write_tables(staged)
        except OSError as exc:  # the temporary folder's disk is full, or files are capped
            failure: store.NotWritten | None = store.write_failure(out, exc, 0)
        else:
            if finish is not None:
                report = dataclasses.replace(report, finished=finish(staged))
            failure = store.write_output(out, staged, manifest(report, settings, raw))
    return dataclasses.replace(report, seconds=time.monotonic() - started,
                               not_written=failure.message if failure else None)
