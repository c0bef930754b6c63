"""Running the command as a separate process and finding every process it left, however far away.

Each run carries a marker in its environment; children, their Tesseract
processes and orphans all inherit it, so /proc finds them even after they were
re-parented. TMPDIR points at a folder of the test's own, so any `tess_*` or
worker folder left behind shows there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


@dataclass
class Run:
    """One `python -m pipeline extract` started in the background."""

    args: list[str]
    tmpdir: Path
    marker: str = field(default_factory=lambda: uuid.uuid4().hex)
    proc: subprocess.Popen | None = None

    def start(self) -> Run:
        self.tmpdir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "TMPDIR": str(self.tmpdir), "PK_TEST_RUN": self.marker}
        cmd = [sys.executable, "-m", "pipeline", "extract", *self.args]
        self.proc = subprocess.Popen(cmd, cwd=PROJECT, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        return self

    def processes(self) -> list[tuple[int, str]]:
        """(pid, command) of every live process of this run; zombies are dead and do not count."""
        found = []
        needle = f"PK_TEST_RUN={self.marker}".encode()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if needle not in (entry / "environ").read_bytes():
                    continue
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                command = (entry / "comm").read_text().strip()
            except OSError:  # gone meanwhile, or not ours to read
                continue
            if state not in ("Z", "X"):
                found.append((int(entry.name), command))
        return found

    def wait_for(self, predicate, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.05)
        return predicate()

    def finish(self, seconds: float = 60) -> tuple[int, str, str]:
        out, err = self.proc.communicate(timeout=seconds)
        return self.proc.returncode, out, err

    def left_in_tmpdir(self) -> list[str]:
        return sorted(p.name for p in self.tmpdir.iterdir())
