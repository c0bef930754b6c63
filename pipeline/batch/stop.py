"""Stopping a run from outside (Ctrl-C, `kill`, a closed terminal) as one clean path.

The signals raise `Stopped` in the main process, so the code that owns the
workers and the temporary folder cleans up on the way out, and the command
line says in one sentence what became of the tables instead of a traceback.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopped(BaseException):
    """A stop signal arrived. A BaseException, like KeyboardInterrupt, so `except Exception` lets it by."""

    def __init__(self, signum: int, tables_written: bool = False) -> None:
        super().__init__(signum, tables_written)
        self.signum = signum
        self.tables_written = tables_written  # it arrived while the new tables were being swapped in

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_status(self) -> int:
        return 128 + self.signum  # what a shell reports for a process ended by that signal


def _raise_stopped(signum: int, _frame: object) -> None:
    raise Stopped(signum)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGINT, SIGTERM and SIGHUP raise `Stopped`; the old handlers come back after."""
    previous = {sig: signal.signal(sig, _raise_stopped) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def signals_held() -> Iterator[None]:
    """Stop signals wait until the block is done (a swap of folders is never left halfway).

    A signal that arrived meanwhile is delivered on leaving the block.
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
