"""The per-file memory guard: a ceiling on each worker's address space, and the finding that says so.

A PDF can make a page's text or a stream explode (a few kilobytes drawing
millions of characters, a Flate bomb); without a ceiling one such file takes
the machine's memory. With one, the file gets a failed row with a
`memory_limit` finding. Two guards, because each misses what the other sees:
the kernel refuses any allocation past the ceiling (RLIMIT_AS), which stops a
huge one cleanly with MemoryError; and a watch thread ends the worker just
before the ceiling, because Python hit by a small failed allocation in the
middle of millions of small ones may abort instead of raising MemoryError.
A C library (PDFium inflating a stream) can grow past the watch thread's margin
between two looks and then abort on the refused allocation: the thread also
records the largest growth it saw, so the parent can tell that death from a crash.
"""

from __future__ import annotations

import os
import resource
import signal
import threading
import time
from typing import Any

from extractors.model.findings import Finding, error
from pipeline.batch.sizes import format_size

MIN_MAX_MEMORY = 256 * 2**20  # room to load pdfplumber and OpenCV and read a page
MEMORY_EXIT = 86  # the exit status of a worker its watch thread ended at the limit
_WATCH_SECONDS = 0.02  # reading /proc/self/status costs ~30 µs: 0.15% of a core


def address_space() -> int:
    """This process's address space in bytes now (VmSize); 0 where /proc does not say."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def limit_memory(max_bytes: int, peak: Any = None) -> None:
    """In the worker, right after the fork: allocations fail once the file took `max_bytes` more
    address space than the worker started with (RLIMIT_AS, soft limit).

    Counted from the start because the worker inherits the main process's address
    space, much of it reserved and never used (pyarrow's allocator reserves about
    1 GiB up front). Tesseract processes the worker starts inherit the ceiling. `peak`, a
    shared integer (`multiprocessing.RawValue`) when given, receives the largest growth seen.
    """
    start = address_space()
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = start + max_bytes
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    except (OSError, ValueError):  # macOS refuses RLIMIT_AS: no ceiling there
        return
    if start:
        margin = min(64 * 2**20, max_bytes // 8)
        threading.Thread(target=_watch, args=(start, ceiling - margin, peak), daemon=True).start()


def _watch(start: int, threshold: int, peak: Any) -> None:
    """End the worker (status MEMORY_EXIT) once its address space passes `threshold`; keep the
    largest growth over `start` in `peak`."""
    while True:
        size = address_space()
        if peak is not None and size - start > peak.value:
            peak.value = size - start
        if size >= threshold:
            os._exit(MEMORY_EXIT)
        time.sleep(_WATCH_SECONDS)


# how a library ends when an allocation it cannot do without is refused
_ABORTS = {-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS, -signal.SIGTRAP}


def stopped_by_memory(exitcode: int | None, peak: int, max_bytes: int) -> bool:
    """Whether a worker that died without a word was stopped by its memory ceiling: ended by
    its watch thread, or aborted by a library after growing by a quarter of its allowance or more
    (PDFium inflating a stream grows about 1.7 GB/s: the thread sees a good part of it)."""
    return exitcode == MEMORY_EXIT or (exitcode in _ABORTS and peak >= max_bytes // 4)


def memory_finding(max_bytes: int) -> Finding:
    return error(
        "memory_limit",
        f"Extraction needed more than {format_size(max_bytes)} of memory and was stopped (the PDF may "
        "be built to explode in size); raise --max-memory if the file is genuine, or replace it.",
    )
