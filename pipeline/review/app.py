"""The review page as a Flask app: the list, a document, its crops and pages, and the form posts
that save a reviewer's word through the corrections store.

Nothing is addressed by a path: a document by its doc_id (checked against the documents table),
a crop by (table, key, column) of that document's `sources`, a page by its number. Files are
read only where the documents table names them, resolved inside RAW. Posts carry the server's
token and must come from its own pages; answers are for this host name only (no DNS rebinding).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, abort, flash, redirect, render_template, request, send_file, url_for
from werkzeug.wrappers import Response

from pipeline.analysis.problems import Problem
from pipeline.corrections import store
from pipeline.corrections.model import Correction, Loaded, utc_now
from pipeline.review.batch import Batch, State
from pipeline.review.crops import SCALE, Box, Renderer
from pipeline.review.view import TABLE_ORDER, Value, anchor_of, boxes_on_page, sources_by_value, table_views

CROP_SHOWN = 1.5  # CSS pixels per PDF point a crop is shown at (it is rendered at SCALE)
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost"})
CSP = ("default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")


@dataclass(frozen=True)
class ReviewSettings:
    parsed: Path
    raw: Path | None = None  # None: the manifest's raw root, else `raw` beside parsed
    corrections: Path | None = None  # None: corrections/corrections.csv beside parsed
    reviewer: str = ""  # who, when the page's name field is empty
    cache: Path | None = None  # None: .review-cache beside parsed
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))

    @property
    def corrections_path(self) -> Path:
        return self.corrections if self.corrections is not None else store.default_path(self.parsed)

    @property
    def cache_path(self) -> Path:
        return self.cache if self.cache is not None else self.parsed.resolve().parent / ".review-cache"


def create_app(settings: ReviewSettings) -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY=settings.token, MAX_CONTENT_LENGTH=64 * 1024,
                      SEND_FILE_MAX_AGE_DEFAULT=0)
    batch = Batch(settings.parsed, settings.raw)
    renderer = Renderer(settings.cache_path)
    app.extensions["review"] = (settings, batch, renderer)
    app.jinja_env.filters["shown"] = shown

    @app.before_request
    def loopback_host_only() -> None:
        host = (request.host or "").rsplit(":", 1)[0].strip("[]")
        if host not in LOOPBACK_NAMES:
            abort(400, "this page answers only at 127.0.0.1 or localhost")

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cache-Control"] = "no-store" if response.mimetype == "text/html" else "private"
        return response

    def loaded_or_problem() -> State:
        loaded = batch.load()
        if isinstance(loaded, Problem):
            abort(500, loaded.message)
        return loaded

    def document_or_404(doc_id: str) -> dict:
        doc = batch.document(doc_id)
        if doc is None:
            abort(404, "no such document in this batch")
        return doc

    def pdf_of(doc_id: str) -> Path | None:
        """The document's PDF under RAW when it is one and unchanged since extraction."""
        doc = document_or_404(doc_id)
        path = batch.source_path(doc_id)
        if doc["source_format"] != "pdf" or path is None or batch.file_changed(doc_id, path):
            return None
        return path

    @app.get("/")
    def listing() -> str:
        loaded = loaded_or_problem()
        corrections = store.load(settings.corrections_path)
        per_doc: dict[str, int] = {}
        for c in corrections.corrections:
            per_doc[c.doc_id] = per_doc.get(c.doc_id, 0) + 1
        return render_template("list.html", entries=loaded.entries, parsed=settings.parsed,
                               raw=loaded.raw_root, per_doc=per_doc, problems=corrections.problems,
                               corrections_path=settings.corrections_path)

    @app.get("/favicon.ico")
    def favicon() -> Response:
        return Response(status=204)

    @app.get("/doc/<doc_id>")
    def document(doc_id: str) -> str:
        doc = document_or_404(doc_id)
        rows = {t: ([doc] if t == "documents" else batch.rows(t, doc_id)) for t in TABLE_ORDER}
        corrections = store.load(settings.corrections_path)
        tables = table_views(doc_id, rows, batch.rows("sources", doc_id), list(corrections.corrections))
        path = batch.source_path(doc_id)
        changed = path is not None and batch.file_changed(doc_id, path)
        findings = batch.rows("findings", doc_id)
        return render_template(
            "document.html", doc=doc, tables=tables, findings=findings,
            finding_summary=_counted(findings), has_file=path is not None, changed=changed,
            pdf=doc["source_format"] == "pdf" and path is not None and not changed,
            pages=doc.get("page_count") or 0, token=settings.token, reviewer=settings.reviewer,
            density=f"{SCALE / CROP_SHOWN:.3f}", problems=list(corrections.problems),
            raw=loaded_or_problem().raw_root)

    @app.get("/doc/<doc_id>/crop")
    def crop(doc_id: str) -> Response:
        pdf = pdf_of(doc_id)
        target = (request.args.get("t", ""), request.args.get("k", ""), request.args.get("c", ""))
        source = sources_by_value(batch.rows("sources", doc_id)).get(target)
        if pdf is None or source is None or not source.has_box:
            abort(404)
        box = Box(source.x0, source.top, source.x1, source.bottom)  # type: ignore[arg-type]
        doc = document_or_404(doc_id)
        path = renderer.crop_file(pdf, doc.get("file_id") or doc_id, source.page, box)  # type: ignore[arg-type]
        if path is None:
            abort(404)
        return send_file(path, mimetype="image/png")

    @app.get("/doc/<doc_id>/page/<int:number>")
    def page(doc_id: str, number: int) -> str:
        doc = document_or_404(doc_id)
        pdf = pdf_of(doc_id)
        if pdf is None:
            abort(404, "this document has no PDF page to show")
        size = renderer.page_size(pdf, doc.get("file_id") or doc_id, number)
        if size is None:
            abort(404, "the file has no such page")
        boxes = boxes_on_page(batch.rows("sources", doc_id), number)
        findings = [f for f in batch.rows("findings", doc_id) if f.get("page") == number]
        hit = (request.args.get("t", ""), request.args.get("k", ""), request.args.get("c", ""))
        return render_template("page.html", doc=doc, number=number, size=size, boxes=boxes, hit=hit,
                               anchor=anchor_of, findings=findings, pages=doc.get("page_count") or 0)

    @app.get("/doc/<doc_id>/page/<int:number>.jpg")
    def page_image(doc_id: str, number: int) -> Response:
        doc = document_or_404(doc_id)
        pdf = pdf_of(doc_id)
        path = None if pdf is None else renderer.page_file(pdf, doc.get("file_id") or doc_id, number)
        if path is None:
            abort(404)
        return send_file(path, mimetype="image/jpeg")

    @app.post("/doc/<doc_id>/review")
    def review(doc_id: str) -> Response:
        doc = document_or_404(doc_id)
        same_origin_with_token(settings.token)
        form = request.form
        anchor = form.get("anchor", "")
        action = form.get("action", "")
        table, key, column = form.get("table", ""), form.get("key", ""), form.get("column", "")
        shown = _value_of(batch, doc_id, table, key, column, store.load(settings.corrections_path))
        # what the reviewer saw, as extracted: read again here, never taken from the form
        extracted = None if shown is None else shown.extracted
        correction = Correction(
            doc_id=doc_id, source_file=doc["source_file"], table=table, key=key, column=column,
            extracted=extracted,
            corrected=extracted if action == "confirm" else (form.get("value", "").strip() or None),
            action=action, who=(form.get("who") or settings.reviewer).strip(), when=utc_now(),
            note=form.get("note", "").strip())
        problem = store.check(correction)
        if problem is None and shown is None:
            problem = "that value is not in this document's tables (was the batch extracted again?)"
        elif problem is None and (form.get("extracted") or None) != extracted:
            problem = "the value changed since the page was shown (a new extract?): look again and save again"
        if problem:
            flash(f"not saved: {problem}", "error")
        else:
            store.save(settings.corrections_path, correction)
            said = "marked right" if action == "confirm" else f"corrected to {correction.corrected!r}"
            flash(f"{table} {key} {column}: {said}", "ok")
        return redirect(url_for("document", doc_id=doc_id) + (f"#{anchor}" if anchor.isalnum() else ""),
                        code=303)

    @app.errorhandler(400)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(500)
    def error(exc: object) -> tuple[str, int]:
        code = getattr(exc, "code", 500)
        return render_template("error.html", code=code, message=getattr(exc, "description", "")), code

    return app


def shown(text: str | None, column: str) -> str:
    """A value as the page shows it: rupiah grouped in threes the Indonesian way (`4.325.170.000`)."""
    if text is None:
        return ""
    if column.endswith("_idr") and text.lstrip("-").isdigit():
        return f"{int(text):,}".replace(",", ".")
    return text


def _counted(findings: list[dict]) -> str:
    """`2 errors, 1 warning`: the findings by severity, worst first."""
    parts = []
    for severity in ("error", "warning", "info"):
        n = sum(1 for f in findings if f["severity"] == severity)
        if n:
            parts.append(f"{n} {severity}{'s' if n > 1 else ''}")
    return ", ".join(parts)


def _value_of(batch: Batch, doc_id: str, table: str, key: str, column: str, said: Loaded) -> Value | None:
    """The value the document page shows for (table, key, column), with the correction on it."""
    doc = batch.document(doc_id)
    if doc is None or table not in TABLE_ORDER:
        return None
    rows = {table: [doc] if table == "documents" else batch.rows(table, doc_id)}
    views = table_views(doc_id, rows, batch.rows("sources", doc_id), list(said.corrections))
    return next((v for t in views for r in t.rows for v in r.values
                 if (v.key, v.column) == (key, column)), None)


def same_origin_with_token(token: str) -> None:
    """A post must carry the server's token and, where the browser says, come from this origin."""
    sent = request.form.get("token", "")
    if not hmac.compare_digest(sent.encode(), token.encode()):
        abort(403, "the form's token is missing or old: reload the page and try again")
    origin = request.headers.get("Origin")
    if origin and urlsplit(origin).netloc != request.host:  # "null" too: a sandboxed frame
        abort(403, "a post from another site")
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in {"same-origin", "none"}:
        abort(403, "a post from another site")
