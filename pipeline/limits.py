"""The per-file memory guard: a ceiling on each worker's address space, and the finding that says so.

A PDF can make a page's text or a stream explode (a few kilobytes drawing
millions of characters, a Flate bomb); without a ceiling one such file takes
the machine's memory. With one, the file gets a failed row with a
`memory_limit` finding. Two guards, because each misses what the other sees:
the kernel refuses any allocation past the ceiling (RLIMIT_AS), which stops a
huge one cleanly with MemoryError; and a watch thread ends the worker just
before the ceiling, because Python hit by a small failed allocation in the
middle of millions of small ones may abort instead of raising MemoryError.
"""

from __future__ import annotations

import os
import resource
import threading
import time

from extractors.findings import Finding, error
from pipeline.sizes import format_size

MIN_MAX_MEMORY = 256 * 2**20  # room to load pdfplumber and OpenCV and read a page
MEMORY_EXIT = 86  # the exit status of a worker its watch thread ended at the limit
_WATCH_SECONDS = 0.05


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


def limit_memory(max_bytes: int) -> None:
    """In the worker, right after the fork: allocations fail once the file took `max_bytes` more
    address space than the worker started with (RLIMIT_AS, soft limit).

    Counted from the start because the worker inherits the main process's address
    space, much of it reserved and never used (pyarrow's allocator reserves about
    1 GiB up front). Tesseract processes the worker starts inherit the ceiling.
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
        threading.Thread(target=_watch, args=(ceiling - margin,), daemon=True).start()


def _watch(threshold: int) -> None:
    """End the worker (status MEMORY_EXIT) once its address space passes `threshold`."""
    while address_space() < threshold:
        time.sleep(_WATCH_SECONDS)
    os._exit(MEMORY_EXIT)


def memory_finding(max_bytes: int) -> Finding:
    return error(
        "memory_limit",
        f"Extraction needed more than {format_size(max_bytes)} of memory and was stopped (the PDF may "
        "be built to explode in size); raise --max-memory if the file is genuine, or replace it.",
    )
