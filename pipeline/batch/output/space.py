"""Disk space for the output: what is free, and what a set of files takes on that disk.

The new tables are written beside the previous ones before the swap, so the
disk must hold both for a moment; knowing that before writing turns a full disk
into a sentence saying what to free, instead of a write error halfway.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path


def existing(path: Path) -> Path:
    """`path`, or its nearest ancestor that exists (the disk a folder about to be made will be on)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def free_bytes(folder: Path) -> int:
    """Bytes an unprivileged writer may still use on the disk holding `folder`."""
    return shutil.disk_usage(existing(folder)).free


def footprint(sizes: Iterable[int], folder: Path) -> int:
    """What files of these sizes, plus the folder holding them, take on that disk: whole blocks."""
    block = os.statvfs(existing(folder)).f_frsize or 4096
    return block + sum(-(-size // block) * block for size in sizes)


def file_sizes(folder: Path) -> list[int]:
    """Sizes of the files directly in `folder` (none when it is missing)."""
    if not folder.is_dir():
        return []
    return [p.stat().st_size for p in folder.iterdir() if p.is_file()]
