"""Same rows across the reshaping: `parsed/` from the code before issue 13 and from the code
when issue 13 was done, on the same files in the same run, compared byte for byte, Parquet
file by Parquet file.

Issue 13 moved every module and changed no output; this is the check that shows it, on
the seeds, the synthetic batch (text, Word, PDF, scans) and, where `../shared/realworld` is
beside the project, the real files. (Later issues change the rows on purpose, so the code of
today is not what is compared.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.before import ISSUE_13_DONE, ROOT, unpack, unpack_before_issue_13

REALWORLD = ROOT.parent / "shared" / "realworld"


def _extract(tree: Path, raw: Path, out: Path) -> None:
    subprocess.run([sys.executable, "-m", "pipeline", "extract", str(raw), "--out", str(out),
                    "--no-cache", "--quiet"], cwd=tree, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def bench_identical(tmp: Path, batches: dict[str, Path]) -> bool:
    """Prints, per batch and table, whether both give the same bytes; True when all do."""
    before = unpack_before_issue_13(tmp)
    after = unpack(tmp, ISSUE_13_DONE, "issue-13-done")
    if before is None or after is None:
        print("\n## same output before and after issue 13: skipped (no history)")
        return True
    if REALWORLD.is_dir():
        batches = {**batches, "real-world files": REALWORLD}
    print("\n## same output before and after issue 13 (the reshaping): parsed/ from both commits, "
          "compared byte for byte")
    print(f"{'batch':<18} {'files':>5} {'tables':>6} {'bytes':>9}  same")
    same_everywhere = True
    for name, raw in batches.items():
        outs = {}
        for label, tree in (("ours", after), ("before", before)):
            outs[label] = tmp / f"identical-{label}-{name.replace(' ', '-')}"
            _extract(tree, raw, outs[label])
        tables = sorted(p.name for p in outs["before"].glob("*.parquet"))
        differ = [t for t in tables if not (outs["ours"] / t).is_file()
                  or (outs["ours"] / t).read_bytes() != (outs["before"] / t).read_bytes()]
        size = sum((outs["ours"] / t).stat().st_size for t in tables if (outs["ours"] / t).is_file())
        files = sum(1 for p in raw.rglob("*") if p.is_file())
        ok = bool(tables) and not differ
        same_everywhere &= ok
        print(f"{name:<18} {files:>5} {len(tables):>6} {size:>9}  "
              f"{'yes' if ok else 'NO: ' + (', '.join(differ) or 'no tables written')}")
    return same_everywhere
