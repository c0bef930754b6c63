"""The `review` command's arguments, apart from the app: `python -m pipeline --help` loads no Flask."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

REVIEW_DESCRIPTION = """\
Serve the batch in PARSED as a review page on this machine only (127.0.0.1): the
documents worst first (errors, then warnings, then low OCR confidence), each value
beside the crop of the page it was read from, and buttons to mark a value right or
type the right one with a note. What a reviewer saves goes to the corrections file
(default: corrections/corrections.csv beside PARSED); the next `extract` applies it.

example:
  python -m pipeline review --parsed parsed --raw raw --port 8765
"""


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return int(text)


def _review(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from pipeline.review.serve import run  # Flask loads only for this command

    return run(args, parser)


def add_review_command(commands: argparse._SubParsersAction, common: dict[str, Any]) -> None:
    """`review`, with the options `diff`, `sql` and `report` share (`common`: --parsed, the epilog)."""
    review = commands.add_parser("review", help="serve a page to review and correct the values",
                                 description=REVIEW_DESCRIPTION, **common)
    review.set_defaults(subparser=review, run=_review)
    review.add_argument("--raw", metavar="RAW", type=Path,
                        help="where the files were extracted from (default: the raw root the manifest "
                             "records, else `raw` beside PARSED)")
    review.add_argument("--port", metavar="N", type=_port, default=8765,
                        help="port on 127.0.0.1 (default: %(default)s; 0: any free port)")
    review.add_argument("--no-browser", action="store_true", help="do not open a browser")
    review.add_argument("--corrections", metavar="PATH", type=Path,
                        help="the corrections file (default: corrections/corrections.csv beside PARSED)")
    review.add_argument("--reviewer", metavar="NAME",
                        help="who saves, when the page's name field is left empty")
