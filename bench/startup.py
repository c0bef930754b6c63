"""Start-up: what a small run costs before it reads anything, ours beside the code before
issue 13, in the same run.

Two commands, each run as a user runs it (`python -m pipeline …` in a fresh process):
`--help`, and `extract` of one text rendering (no cache). Each is run once first, so Python
has written its bytecode as it does on a user's machine, then timed `repeat` times,
interleaved with the other code's runs under the same load; the median is shown. The bars
(issue 13): --help under 0.3 s, the one-file run under 0.6 s.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.before import ROOT, unpack_before_issue_13

BARS = {"help": 0.3, "one text file": 0.6}


def _commands(raw: Path, out: Path) -> dict[str, list[str]]:
    return {
        "help": ["-m", "pipeline", "--help"],
        "one text file": ["-m", "pipeline", "extract", str(raw), "--out", str(out), "--no-cache",
                          "--quiet"],
    }


def _wall(args: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=cwd, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def bench_startup(tmp: Path, seed: Path, repeat: int) -> None:
    raw = tmp / "startup-raw"
    raw.mkdir(exist_ok=True)
    shutil.copy(seed, raw / seed.name)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    trees = {"ours": ROOT}
    before = unpack_before_issue_13(tmp)
    if before is not None:
        trees["before issue 13"] = before
    runs: dict[tuple[str, str], list[float]] = {}
    for tree_name, tree in trees.items():
        for name, args in _commands(raw, tmp / f"startup-out-{len(runs)}").items():
            _wall(args, tree, env)  # bytecode written, as after the first run on a user's machine
            runs[(tree_name, name)] = []
    for _ in range(repeat):
        for (tree_name, name), times in runs.items():
            out = tmp / f"startup-out-{tree_name.replace(' ', '-')}"
            times.append(_wall(_commands(raw, out)[name], trees[tree_name], env))
    print(f"\n## start-up: `python -m pipeline` in a fresh process, bytecode written, median of {repeat}")
    print(f"{'command':<16} {'ours s':>8} {'before s':>9} {'ours vs before':>15} {'bar s':>6}  holds")
    for name, bar in BARS.items():
        ours = statistics.median(runs[("ours", name)])
        old = runs.get(("before issue 13", name))
        old_s = statistics.median(old) if old else None
        shown = f"{old_s:>9.2f} {old_s / ours:>14.2f}x" if old_s else f"{'-':>9} {'-':>15}"
        print(f"{name:<16} {ours:>8.2f} {shown} {bar:>6.1f}  {'yes' if ours < bar else 'NO'}")
