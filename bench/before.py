"""The project at named commits, unpacked from git beside a benchmark, so that figures and
outputs are compared with it in the same run."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEFORE_ISSUE_13 = "a6bef42f32ca6a58d1efccd9147cb14603bebcbf"  # the last commit before the reshaping
ISSUE_13_DONE = "8cf865c3eef55d4923d1de61d0b2cbb1fd235f4a"  # the reshaping finished, before issue 14


def unpack(tmp: Path, commit: str, label: str) -> Path | None:
    """`extractors/` and `pipeline/` at `commit` in `tmp`, or None without that history (a
    shallow clone): then the comparison is said to be skipped."""
    folder = tmp / label
    if folder.is_dir():
        return folder
    proc = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", commit,
                           "extractors", "pipeline"], capture_output=True)
    if proc.returncode != 0:
        print(f"({label}: {commit[:10]} is not in this clone's history: {proc.stderr.decode()[:80]})")
        return None
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as archive:
        archive.extractall(folder, filter="data")
    return folder


def unpack_before_issue_13(tmp: Path) -> Path | None:
    return unpack(tmp, BEFORE_ISSUE_13, "before-issue-13")
