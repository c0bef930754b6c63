"""Command line: `python -m pipeline extract RAW --out PARSED`, and `diff`, `sql`, `score`, `report`,
`review` over PARSED."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from extractors.model.settings import Settings
from pipeline import __version__
from pipeline.analysis import DEFAULT_THRESHOLD
from pipeline.analysis import commands as commands_module
from pipeline.batch.cache import DEFAULT_DIR
from pipeline.batch.discover import shown_name
from pipeline.batch.limits import MIN_MAX_MEMORY
from pipeline.batch.output.lock import NotLocked, OutputLock, lock_output
from pipeline.batch.sizes import format_size, parse_size
from pipeline.batch.stop import Stopped, stop_on_signals
from pipeline.cli_help import (
    COMMAND_EPILOG,
    DESCRIPTION,
    DIFF_DESCRIPTION,
    EPILOG,
    REPORT_DESCRIPTION,
    SCORE_DESCRIPTION,
    SCORE_EPILOG,
    SQL_DESCRIPTION,
)
from pipeline.review.command import add_review_command

EXIT_OK = 0
EXIT_FILES_FAILED = 1
EXIT_USAGE = 2
EXIT_NOT_WRITTEN = 3
EXIT_BUSY = 4


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _threads(text: str) -> int:
    """`auto` (0: as the cores allow) or a whole number of threads."""
    return 0 if text.strip().lower() == "auto" else _positive_int(text)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _memory_size(text: str) -> int:
    value = parse_size(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (write it like 4G or 512M)")
    if value < MIN_MAX_MEMORY:
        raise argparse.ArgumentTypeError(f"must be at least {format_size(MIN_MAX_MEMORY)}: a worker "
                                         "needs that much to start")
    return value


def _score(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """`score` under PARSED's lock: no extract swaps the folder while its scores are written."""
    if not args.parsed.is_dir():  # no lock file beside a folder that is not there; say why
        return commands_module.score(args, parser)
    held = _take_lock(args.parsed, args.wait)
    if isinstance(held, int):
        return held
    with held:
        return commands_module.score(args, parser)


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError("must lie between 0 and 100")
    return value


def _year(text: str) -> int:
    if not text.isdigit() or len(text) != 4:
        raise argparse.ArgumentTypeError(f"not a year: {text!r}")
    return int(text)


def _add_reading_commands(commands: argparse._SubParsersAction) -> None:
    """diff, sql, report and review: they share --parsed, read PARSED and extract nothing."""
    reads = argparse.ArgumentParser(add_help=False)
    reads.add_argument("--parsed", metavar="DIR", type=Path, default=Path("parsed"),
                       help="the tables to read (default: %(default)s)")
    common = {"parents": [reads], "epilog": COMMAND_EPILOG,
              "formatter_class": argparse.RawDescriptionHelpFormatter}

    diff = commands.add_parser("diff", help="compare agreements across years: added, removed, changed",
                               description=DIFF_DESCRIPTION, **common)
    diff.set_defaults(subparser=diff, run=commands_module.diff)
    diff.add_argument("old", metavar="OLD", nargs="?", help="the earlier document")
    diff.add_argument("new", metavar="NEW", nargs="?", help="the later document")
    diff.add_argument("--from-year", metavar="YEAR", type=_year, help="batch mode: the earlier year")
    diff.add_argument("--to-year", metavar="YEAR", type=_year, help="batch mode: the later year")
    diff.add_argument("--unit", metavar="TEXT",
                      help="batch mode: only units whose name contains TEXT (after normalisation)")
    diff.add_argument("--threshold", metavar="N", type=_threshold, default=DEFAULT_THRESHOLD,
                      help="least text similarity (0-100) for two goals, indicators or programs to "
                           "be one (default: %(default)g)")
    diff.add_argument("--out", metavar="FILE", type=Path, help="write the change table as Parquet")
    diff.add_argument("--html", metavar="FILE", type=Path,
                      help="write the changes as one self-contained HTML page, side by side")
    diff.add_argument("--unchanged", action="store_true",
                      help="also list matched goals, indicators, parties and programs that did not "
                           "change, with the rule that matched them")

    sql = commands.add_parser("sql", help="run SQL (DuckDB) over the tables", description=SQL_DESCRIPTION,
                              **common)
    sql.set_defaults(subparser=sql, run=commands_module.sql)
    sql.add_argument("query", metavar="QUERY", help="one SQL statement")
    output = sql.add_mutually_exclusive_group()
    output.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    output.add_argument("--parquet", metavar="FILE", type=Path, help="write the rows to a Parquet file")

    score = commands.add_parser("score", help="score agreement targets against the results",
                                description=SCORE_DESCRIPTION, parents=[reads],
                                epilog=COMMAND_EPILOG + SCORE_EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    score.set_defaults(subparser=score, run=_score)
    score.add_argument("--threshold", metavar="N", type=_threshold, default=DEFAULT_THRESHOLD,
                       help="least text similarity (0-100) for an indicator and a result to be one "
                            "(default: %(default)g)")
    score.add_argument("--own-pages", action="store_true",
                       help="where an agreement's unit and year have no measurement document, also "
                            "the results in its own file whose table names no year (those naming the "
                            "agreement's year are used anyway, another year's never); only those "
                            "measured against the agreement's own target")
    score.add_argument("--wait", action="store_true",
                       help="when a run is writing to PARSED, wait for it (default: exit with status 4)")

    report = commands.add_parser("report", help="write an HTML report of the batch",
                                 description=REPORT_DESCRIPTION, **common)
    report.set_defaults(subparser=report, run=commands_module.report)
    report.add_argument("--out", metavar="FILE", type=Path,
                        help="where to write the page (default: PARSED/report.html)")

    add_review_command(commands, common)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Extract performance agreements into Parquet tables, compare them, query them, "
                    "score their targets, report on them.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    extract = commands.add_parser(
        "extract",
        help="extract every file under RAW into Parquet tables in PARSED",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    extract.set_defaults(subparser=extract)
    extract.add_argument("raw", metavar="RAW", type=Path, help="folder holding the input files")
    extract.add_argument("--out", metavar="PARSED", type=Path, required=True,
                         help="folder to write the tables into (replaced as a whole)")
    extract.add_argument("--jobs", metavar="N", type=_positive_int, default=os.cpu_count() or 1,
                         help="files to extract at once (default: the number of CPUs, %(default)s)")
    extract.add_argument("--timeout", metavar="SECONDS", type=_positive_float,
                         default=Settings().timeout_seconds,
                         help="time limit per file; a file that takes longer fails with a "
                              "`timeout` finding (default: %(default)g)")
    extract.add_argument("--max-memory", metavar="SIZE", type=_memory_size,
                         default=Settings().max_memory_bytes,
                         help="memory limit per file (address space of its worker, e.g. 4G, 512M); a "
                              "file that needs more fails with a `memory_limit` finding "
                              f"(default: {format_size(Settings().max_memory_bytes)})")
    extract.add_argument("--cache-dir", metavar="DIR", type=Path, default=DEFAULT_DIR,
                         help="where results of unchanged files are kept between runs "
                              "(default: %(default)s)")
    extract.add_argument("--no-cache", action="store_true",
                         help="extract every file again and keep nothing for the next run")
    extract.add_argument("--no-ocr", action="store_true",
                         help="do not OCR scanned pages (they get an `ocr_skipped` finding)")
    extract.add_argument("--ocr-threads", metavar="N", type=_threads, default=Settings().ocr_threads,
                         help="scanned pages of one file OCR'd at once (same rows whatever N); "
                              "default `auto`: the cores idle workers leave, so the last files "
                              "of a batch, or a lone long scan, use them all")
    extract.add_argument("--executor", choices=("local", "dask"), default="local",
                         help="where files are extracted: `local` child processes, or a Dask "
                              "distributed cluster (default: %(default)s)")
    extract.add_argument("--scheduler", metavar="ADDRESS",
                         help="with --executor dask: the cluster's scheduler (tcp://host:8786); "
                              "without it a LocalCluster is started here")
    extract.add_argument("--corrections", metavar="PATH", type=Path,
                         help="a reviewer's corrections file, applied to every document (default: "
                              "PARSED/../corrections/corrections.csv; a missing file is none)")
    extract.add_argument("--quiet", action="store_true",
                         help="no progress output; only the closing summary")
    extract.add_argument("--wait", action="store_true",
                         help="when another run is writing to PARSED, wait for it to finish "
                              "(default: say so and exit with status 4)")
    extract.add_argument("--debug", action="store_true",
                         help="show the traceback when the run stops on an internal error")
    _add_reading_commands(commands)
    return parser


def _plain_progress(stream: TextIO):
    def show(done: int, total: int, outcome) -> None:
        if outcome.cached:
            what = "cached"
        elif outcome.status == "duplicate":
            what = f"duplicate ({outcome.message})"
        else:
            what = f"{outcome.status} ({outcome.seconds:.1f} s)"
        print(f"[{done}/{total}] {outcome.source_file}: {what}", file=stream, flush=True)

    return show


def _bar_progress(stream: TextIO):
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: we fork children
    bar = None

    def show(done: int, total: int, outcome) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, file=stream, unit="file", dynamic_ncols=True)
        bar.set_postfix_str(outcome.source_file[-40:], refresh=False)
        bar.update(1)
        if done == total:
            bar.close()

    return show


def summary(report) -> str:
    """The closing words: counts, each failed file and why, rows per table."""
    lines = []
    if report.parsed == 0 and report.reused:
        lines.append(f"nothing changed since the last run: {report.reused} files reused from cache")
    lines.append(
        f"files seen: {len(report.files)}, parsed: {report.parsed}, reused from cache: "
        f"{report.reused}, duplicates: {report.duplicates}, failed: {report.failed}"
    )
    for outcome in report.files:
        if outcome.status == "failed":
            lines.append(f"  failed: {outcome.source_file}: {outcome.message or 'no reason given'}")
    lines.append("rows: " + ", ".join(f"{name} {n}" for name, n in report.rows.items()))
    if report.corrections is not None:
        lines += report.corrections.lines()
    return "\n".join(lines)


def _extract(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if not args.raw.is_dir():
        parser.error(f"RAW folder not found: {args.raw}")
    out = args.out.resolve()
    raw = args.raw.resolve()
    if out == raw or raw in out.parents or out in raw.parents:
        parser.error("--out must lie outside RAW and must not contain it")
    if args.scheduler and args.executor != "dask":
        parser.error("--scheduler needs --executor dask")
    try:
        settings = Settings(timeout_seconds=args.timeout, ocr=not args.no_ocr,
                            max_memory_bytes=args.max_memory, ocr_threads=args.ocr_threads)
    except ValueError as exc:
        parser.error(str(exc))
    report = None
    try:
        with stop_on_signals():
            held = _take_lock(args.out, args.wait)
            if isinstance(held, int):
                return held
            with held:
                try:
                    report = _run(args, settings)
                except Exception as exc:  # a bug: one sentence, the traceback only when asked for
                    return _internal_error(exc, args)
            return _conclude(report, args)
    except Stopped as stop:
        if stop.tables_written or (report is not None and report.not_written is None):
            fate = f"the new tables in {args.out} were written just before"
        else:
            fate = f"the workers were ended and the previous tables in {args.out} are untouched"
        print(f"stopped by {stop.name}: {fate}.", file=sys.stderr)
        return stop.exit_status


def _take_lock(folder: Path, wait: bool) -> OutputLock | int:
    """The lock on PARSED, or the exit status when it cannot be had (said on stderr)."""
    out = folder.resolve()  # as the run writes it: two spellings of one folder share one lock
    held = lock_output(out)
    if isinstance(held, NotLocked) and held.busy and wait:
        print(f"waiting: {held.message.split(';')[0]}.", file=sys.stderr)
        held = lock_output(out, wait=True)
    if isinstance(held, NotLocked):
        print(f"error: {held.message}", file=sys.stderr)
        return EXIT_BUSY if held.busy else EXIT_NOT_WRITTEN
    return held


def _internal_error(exc: Exception, args: argparse.Namespace) -> int:
    if args.debug:
        traceback.print_exc()
    hint = "" if args.debug else "run again with --debug for the traceback, and "
    print(f"error: the run stopped on an internal error ({type(exc).__name__}: {exc}) before writing "
          f"the tables; the previous tables in {args.out} are untouched; {hint}please report it.",
          file=sys.stderr)
    return EXIT_NOT_WRITTEN


def _conclude(report, args: argparse.Namespace) -> int:
    """The closing words and the exit status of a run that went to the end."""
    for line in report.recovered:
        print(f"note: {line}", file=sys.stderr)
    if report.corrections is not None:
        for line, message in report.corrections.problems:
            where = f"{report.corrections.file} line {line}" if line else report.corrections.file
            print(f"error: {where}: {message} (the line was skipped, the others applied)",
                  file=sys.stderr)
    if report.finished and report.not_written is None:
        print(f"note: {report.finished}", file=sys.stderr)
    if report.files:
        print(summary(report))
    if report.not_written is not None:
        print(f"error: {report.not_written}", file=sys.stderr)
        return EXIT_NOT_WRITTEN
    from pipeline.analysis.triage import triage  # reads parquet: not loaded for --help

    needs = triage(args.out)
    if needs is not None and report.files:
        print(needs.line(Path(shown_name(str(args.out)))))
    print(f"wrote {shown_name(str(args.out))}/ in {report.seconds:.1f} s")
    return EXIT_FILES_FAILED if report.failed else EXIT_OK


def _run(args: argparse.Namespace, settings: Settings):
    from pipeline.batch.run import run_batch  # loads the extractors: keep --help fast and robust
    from pipeline.corrections.store import default_path

    if args.quiet:
        progress = None
    elif sys.stderr.isatty():
        progress = _bar_progress(sys.stderr)
    else:
        progress = _plain_progress(sys.stderr)
    cache_dir = None if args.no_cache else args.cache_dir
    return run_batch(args.raw, args.out.resolve(), settings, cache_dir, jobs=args.jobs,
                     progress=progress, executor=args.executor, scheduler=args.scheduler,
                     corrections=args.corrections or default_path(args.out.resolve()),
                     finish=commands_module.rescorer(args.out))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "extract":
        try:
            return _extract(args, args.subparser)
        except KeyboardInterrupt:  # Ctrl-C before the run's own handling began: nothing was done
            print("stopped by SIGINT before the run began; nothing was written.", file=sys.stderr)
            return 130
    try:
        return args.run(args, args.subparser)
    except BrokenPipeError:  # `... | head` read what it wanted; no traceback for that
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
