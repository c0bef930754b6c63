"""What `diff`, `sql`, `score` and `report` do once their arguments are parsed: read `parsed/`, never extract.

Each returns the exit status: 0 done, 2 a usage error or a `parsed/` that cannot be read
(with one sentence on stderr saying why).
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.analysis.problems import Problem

SHOWN_FINDINGS = 20  # score's findings printed; all of them are in score_findings.parquet


def _fail(problem: Problem) -> int:
    print(f"error: {problem.message}", file=sys.stderr)
    return 2


def write_text_atomic(path: Path, text: str) -> None:
    """Temp file beside, then rename: a browser or a second run never sees half a page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def diff(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from pipeline.analysis.diff.changes import batch_rows, compare, summarise, to_table, write_parquet
    from pipeline.analysis.diff.compare import DiffSettings
    from pipeline.analysis.diff.text import render
    from pipeline.analysis.selection import Pairing, pair_years, resolve
    from pipeline.analysis.tables_io import load_parsed

    named = args.old is not None or args.new is not None
    by_year = args.from_year is not None or args.to_year is not None
    if named and (by_year or args.unit):
        parser.error("give OLD and NEW, or --from-year and --to-year (with --unit), not both")
    if named and (args.old is None or args.new is None):
        parser.error("give both OLD and NEW")
    if not named and (args.from_year is None or args.to_year is None):
        parser.error("give OLD and NEW, or both --from-year and --to-year")
    parsed = load_parsed(args.parsed)
    if isinstance(parsed, Problem):
        return _fail(parsed)
    if named:
        old, new = resolve(args.old, parsed), resolve(args.new, parsed)
        for side in (old, new):
            if isinstance(side, Problem):
                return _fail(side)
        pairing = Pairing(((old, new, "named"),), (), (), ())
    else:
        pairing = pair_years(parsed, args.from_year, args.to_year, args.unit)
        if isinstance(pairing, Problem):
            return _fail(pairing)
    batch = compare(pairing, DiffSettings(threshold=args.threshold))
    summary = summarise(batch)
    wrote = []  # files first: `diff ... | head` closing the pipe must not cost the user them
    if args.out:
        write_parquet(to_table(batch_rows(batch, unchanged=args.unchanged)), args.out)
        wrote.append(f"wrote {args.out}")
    if args.html:
        from pipeline.analysis.diff.html import page

        write_text_atomic(args.html, page(batch, summary))
        wrote.append(f"wrote {args.html}")
    print(render(batch, summary, unchanged=args.unchanged))
    for line in wrote:
        print(line)
    return 0


def sql(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from pipeline.analysis.diff.changes import write_parquet
    from pipeline.analysis.query import as_csv, as_text, run_sql
    from pipeline.analysis.tables_io import load_scores, load_tables

    if args.parquet and _inside(args.parquet, args.parsed):
        parser.error(f"--parquet must lie outside {args.parsed}: sql never changes the tables it reads")
    tables = load_tables(args.parsed)
    if isinstance(tables, Problem):
        return _fail(tables)
    scores = load_scores(args.parsed)
    if isinstance(scores, Problem):
        return _fail(scores)
    tables = {**tables, **scores[0]}
    if not scores[1] and "score" in args.query.lower():
        print(f"note: {args.parsed} has no scores.parquet yet, so the scores views are empty: run "
              f"`python -m pipeline score --parsed {args.parsed}` first.", file=sys.stderr)
    result = run_sql(tables, args.query)
    if isinstance(result, Problem):
        return _fail(result)
    if args.parquet:
        write_parquet(result.table, args.parquet)
        print(f"wrote {result.table.num_rows} rows to {args.parquet}")
    elif args.csv:
        sys.stdout.write(as_csv(result.table))
    elif result.table.num_columns:
        print(as_text(result.table))
    else:
        print("done (the statement returns no rows)")
    return 0


def report(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from pipeline.analysis.report.page import page
    from pipeline.analysis.tables_io import load_parsed, load_scores

    parsed = load_parsed(args.parsed)
    if isinstance(parsed, Problem):
        return _fail(parsed)
    scores = load_scores(args.parsed)
    if isinstance(scores, Problem):
        return _fail(scores)
    out = args.out or args.parsed / "report.html"
    write_text_atomic(out, page(parsed, scores[0]["scores"] if scores[1] else None))
    print(f"wrote {out} ({len(parsed.docs)} documents)")
    return 0


def score(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Score PARSED's agreements and write the scores beside the tables (the CLI holds the lock)."""
    from pipeline.analysis.display import where
    from pipeline.analysis.scores.build import (
        FINDINGS_FILE,
        SCORES_FILE,
        ScoreSettings,
        score,
        summary,
        write_scores,
    )
    from pipeline.analysis.tables_io import load_parsed

    parsed = load_parsed(args.parsed)
    if isinstance(parsed, Problem):
        return _fail(parsed)
    scored = score(parsed, ScoreSettings(threshold=args.threshold, own_pages=args.own_pages))
    problem = write_scores(args.parsed, scored)
    if problem is not None:
        print(f"error: {problem.message}", file=sys.stderr)
        return 3
    print(summary(scored))
    for doc_id, finding in scored.findings[:SHOWN_FINDINGS]:
        place = where(finding.page, finding.line)
        print(f"{finding.severity} {finding.code} {doc_id}{f' {place}' if place else ''}: {finding.message}")
    if len(scored.findings) > SHOWN_FINDINGS:
        print(f"… and {len(scored.findings) - SHOWN_FINDINGS} more findings in {FINDINGS_FILE}")
    print(f"wrote {args.parsed / SCORES_FILE} ({len(scored.rows)} rows) and {args.parsed / FINDINGS_FILE} "
          f"({len(scored.findings)} findings)")
    return 0


def rescorer(parsed_folder: Path) -> Callable[[Path], str] | None:
    """`extract`'s finishing step when PARSED has scores: its new tables scored before the swap,
    with the settings the previous scores were made with; None when PARSED has no scores."""
    from pipeline.analysis.scores.build import SCORES_FILE, ScoreSettings

    path = parsed_folder / SCORES_FILE
    return functools.partial(_rescore, settings=ScoreSettings.of_file(path)) if path.is_file() else None


def _rescore(folder: Path, settings: Any) -> str:
    from pipeline.analysis.scores.build import SCORES_FILE, score, summary, write_scores
    from pipeline.analysis.tables_io import load_parsed

    parsed = load_parsed(folder)
    if not isinstance(parsed, Problem):
        scored = score(parsed, settings)
        problem = write_scores(folder, scored)
        if problem is None:
            return f"{SCORES_FILE} rewritten for the new tables: {summary(scored)}"
        parsed = problem
    return f"{SCORES_FILE} not rewritten ({parsed.message}): run `python -m pipeline score` again"
