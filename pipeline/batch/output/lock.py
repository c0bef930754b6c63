"""One run at a time per output folder: an advisory lock on `<PARSED>.lock`, beside the folder.

Two runs into the same `parsed/` would both swap folders at the end, and the
loser would die halfway leaving `.tmp-`/`.old-` folders. The lock is a POSIX
record lock (`lockf`): the kernel drops it when its process ends, however it
ends, so a killed run never leaves a stale lock; and a forked worker does not
inherit it, so a worker that lingers cannot hold it. The file itself stays (it
says which run holds it); removing it would let two runs lock two files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType


def lock_path(out: Path) -> Path:
    out = out.absolute()
    return out.with_name(f"{out.name}.lock")


@dataclass
class OutputLock:
    """Held until `release` (or the end of the process)."""

    path: Path
    fd: int

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # closing drops the lock
            self.fd = -1

    def __enter__(self) -> OutputLock:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


@dataclass(frozen=True)
class NotLocked:
    """Why the lock was not taken: another run holds it (`busy`), or the lock file cannot be made."""

    message: str
    busy: bool


def lock_output(out: Path, wait: bool = False) -> OutputLock | NotLocked:
    """Take the lock on `out`; when another run holds it, wait for it or say who holds it."""
    path = lock_path(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        return NotLocked(f"The lock file {path} cannot be made ({exc.strerror}); check that its folder "
                         f"is writable, or pass another --out; nothing was written.", busy=False)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        holder = _holder(fd)
        os.close(fd)
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            return NotLocked(
                f"Another run ({holder}) is writing to {out}; wait for it to finish or run again with "
                f"--wait; nothing was done and its tables are untouched.", busy=True)
        return NotLocked(f"The lock file {path} cannot be locked ({exc.strerror}); a file system "
                         f"without locks (some network shares)? Pass another --out.", busy=False)
    except BaseException:  # a stop signal while waiting
        os.close(fd)
        raise
    started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    with contextlib.suppress(OSError):  # on a full disk the lock holds all the same, unsigned
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()}, started {started}\n".encode(), 0)
    return OutputLock(path, fd)


def _holder(fd: int, patience: float = 1.0) -> str:
    """What the lock file says of the run holding it. Read through the fd already open: closing
    another fd of the file would drop this process's locks on it (POSIX). A run that has only
    just taken the lock signs it a moment later: asked again for up to `patience` seconds."""
    deadline = time.monotonic() + patience
    while True:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
        if text or time.monotonic() >= deadline:
            return text or "a run that has just started"
        time.sleep(0.02)
