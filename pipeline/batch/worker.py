"""A worker's life around one file: what it sets up after the fork, and how it is ended.

Each worker is the leader of its own process group, so the Tesseract processes
it starts can be ended with it in one `killpg`; it keeps its temporary files
(Tesseract's `tess_*`) in a folder of its own that goes when it goes; and it
dies with the main process, so nothing OCRs on unsupervised after a `kill -9`.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from pipeline.batch.limits import limit_memory
from pipeline.batch.stop import STOP_SIGNALS

WORKDIR_PREFIX = "pk-extract-"
_WORKDIR_NAME = re.compile(rf"{WORKDIR_PREFIX}(\d+)-")
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_PR_SET_CHILD_SUBREAPER = 36


def new_workdir() -> Path:
    """A private temporary folder for one worker, named after the main process (for stale-folder cleanup)."""
    return Path(tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-"))


# --- in the worker, right after the fork -----------------------------------------------------


def become_worker(parent_pid: int, workdir: Path, max_memory_bytes: int, peak: Any = None) -> None:
    """Own process group, private temp folder, memory ceiling (its largest growth in `peak`),
    and death with the parent."""
    os.setpgid(0, 0)
    for sig in STOP_SIGNALS:  # the parent's handlers raise Stopped: not ours to run
        signal.signal(sig, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda _sig, _frame: _end_worker(workdir, parent_pid))
    tempfile.tempdir = str(workdir)  # this process only: pytesseract's files land here
    os.environ["TMPDIR"] = str(workdir)
    limit_memory(max_memory_bytes, peak)
    _die_with(parent_pid)


def _die_with(parent_pid: int) -> None:
    """SIGTERM to this worker when the main process dies, however it dies."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    else:  # no parent-death signal: look for the parent twice a second
        def watch() -> None:
            while os.getppid() == parent_pid:
                time.sleep(0.5)
            os.kill(os.getpid(), signal.SIGTERM)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before the watch began
        os.kill(os.getpid(), signal.SIGTERM)


def _end_worker(workdir: Path, parent_pid: int) -> None:
    """On SIGTERM: end Tesseract and anything else in the group, remove the temp folder, die.
    When the main process is gone (`kill -9`), its results spool goes too: nobody else is left
    to remove it before the next run."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    with contextlib.suppress(OSError):
        os.killpg(0, signal.SIGTERM)  # the rest of our group; we ignore it ourselves
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:  # reap them, so none writes into the folder after it is gone
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.01)
    shutil.rmtree(workdir, ignore_errors=True)
    if os.getppid() != parent_pid:
        for spool in workdir.parent.glob(f"{WORKDIR_PREFIX}{parent_pid}-spool-*"):
            shutil.rmtree(spool, ignore_errors=True)
    os.killpg(0, signal.SIGKILL)  # whatever did not end, and this worker


# --- in the main process ---------------------------------------------------------------------


def reap_orphans() -> None:
    """Linux: processes orphaned by a killed worker (its Tesseract) become children of this process,
    so `end` can reap them; elsewhere they go to init, which may be slow to reap them in a container."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def adopt(process: Any) -> None:
    """Right after start: make the worker its own group leader from this side too (no window where
    a kill of its group would miss it)."""
    with contextlib.suppress(OSError):  # it may have done so, or ended, already
        os.setpgid(process.pid, process.pid)


def end(process: Any, workdir: Path, grace: float = 0.0) -> None:
    """End a worker and whatever it started, reap it, remove its temp folder. Safe to call twice.

    `grace`: seconds to let a worker that is already finishing exit by itself (its
    exit status then stays its own). The group is killed only while the worker is
    not yet reaped, so its number cannot have passed to an unrelated process.
    """
    if _state(process) != "reaped":
        deadline = time.monotonic() + grace
        while _state(process) == "running" and time.monotonic() < deadline:
            time.sleep(0.005)
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the worker and its Tesseract processes at once
        except OSError:  # not (yet) a group of its own: the worker alone
            process.kill()
    process.join()
    _reap_group(process.pid)
    _wait_for_group(process.pid)
    shutil.rmtree(workdir, ignore_errors=True)


def _reap_group(pgid: int, seconds: float = 2.0) -> None:
    """Reap the worker's orphans that came to us (see `reap_orphans`), and only those: other
    workers are in groups of their own."""
    if not hasattr(os, "waitid"):  # macOS: no subreaper either, the orphans went to init
        return
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if os.waitid(os.P_PGID, pgid, os.WEXITED | os.WNOHANG) is None:
                time.sleep(0.005)  # one is still dying
        except ChildProcessError:  # no child of ours left in that group
            return


def _state(process: Any) -> str:
    """`running`, `exited` (a zombie: its number still ours) or `reaped`; asking reaps nothing.

    Where there is no waitid (macOS), asking reaps an ended worker: `exited` never shows.
    """
    if not hasattr(os, "waitid"):
        return "running" if process.exitcode is None else "reaped"
    try:
        ended = os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except ChildProcessError:
        return "reaped"
    return "running" if ended is None else "exited"


def _wait_for_group(pgid: int, seconds: float = 1.0) -> None:
    """Until no process of the group is left (orphans not ours go to init, which reaps them).

    Signal 0 only asks; it never reaches a process that took the number since.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except OSError:
            return
        time.sleep(0.005)


def remove_stale_workdirs() -> list[str]:
    """Temp folders of main processes that are gone (a worker killed before it could clean up)."""
    removed = []
    for path in Path(tempfile.gettempdir()).glob(f"{WORKDIR_PREFIX}*"):
        match = _WORKDIR_NAME.match(path.name)
        if match and path.is_dir() and not pid_alive(int(match.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(f"removed {path} (a worker's temporary folder left by a stopped run)")
    return removed


def pid_alive(pid: int) -> bool:
    """Whether a process of this number runs (one we may not signal counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
