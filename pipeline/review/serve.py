"""`python -m pipeline review`: serve the review page on the loopback address with werkzeug's WSGI
server, and open it in a browser unless told not to."""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import webbrowser
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, make_server

from pipeline.analysis.problems import Problem
from pipeline.review.app import ReviewSettings, create_app
from pipeline.review.batch import Batch

HOST = "127.0.0.1"  # loopback only: the page reads and writes the batch, it is no public service
DEFAULT_PORT = 8765


def server(settings: ReviewSettings, port: int) -> BaseWSGIServer:
    """The server bound to HOST:port (0: a free port), not yet serving; OSError when the port is taken.
    The list's tables are read before it answers, so the first page opens as fast as the next."""
    app = create_app(settings)
    app.extensions["review"][1].load()
    return make_server(HOST, port, app, threaded=True)


def url_of(served: BaseWSGIServer) -> str:
    return f"http://{HOST}:{served.server_port}/"


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Check the batch, bind, say where, open the browser, serve until Ctrl-C."""
    settings = ReviewSettings(parsed=args.parsed, raw=args.raw, corrections=args.corrections,
                              reviewer=args.reviewer or "")
    loaded = Batch(args.parsed, args.raw).load()
    if isinstance(loaded, Problem):
        print(f"error: {loaded.message}", file=sys.stderr)
        return 2
    try:
        served = server(settings, args.port)
    except OSError as exc:
        print(f"error: cannot listen on {HOST}:{args.port} ({exc.strerror or exc}); "
              "name another port with --port (0: any free one)", file=sys.stderr)
        return 2
    url = url_of(served)
    print(f"reviewing {len(loaded.entries)} documents of {Path(args.parsed)} "
          f"(files under {loaded.raw_root}); corrections go to {settings.corrections_path}", flush=True)
    print(f"open {url} (Ctrl-C to stop)", flush=True)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per crop; errors still show
    if not args.no_browser:
        threading.Timer(0.3, webbrowser.open, (url,)).start()
    try:
        served.serve_forever()
    except KeyboardInterrupt:
        print("stopped.", file=sys.stderr)
    finally:
        served.server_close()
    return 0
