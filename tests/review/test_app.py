"""The review page through Flask's test client, over a batch the real CLI extracted: the list worst
first, a document, crops of real boxes, saving through the corrections store, and everything a
page must refuse (paths out of RAW, unknown documents, posts without the token or from another
site, other host names). The browser test (test_browser.py) drives the same page in Chromium."""

from __future__ import annotations

import re
import shutil
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from pipeline.corrections import store
from pipeline.review.app import ReviewSettings, create_app
from pipeline.review.crops import MARGIN, SCALE
from pipeline.review.serve import HOST, server
from tests.review.batch import BROKEN_NAME, PDF_NAME, read, rewrite, small_batch, word_box


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return small_batch(tmp_path_factory.mktemp("review"))


@pytest.fixture
def batch(extracted: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the extracted batch (tests rewrite its tables)."""
    raw, parsed = extracted
    shutil.copytree(raw, tmp_path / "raw")
    shutil.copytree(parsed, tmp_path / "parsed")
    return tmp_path / "raw", tmp_path / "parsed"


def client_of(raw: Path, parsed: Path, **options: object):  # noqa: ANN201 - Flask's test client
    settings = ReviewSettings(parsed=parsed, raw=raw, cache=parsed.parent / "cache", **options)
    app = create_app(settings)
    return app.test_client(), settings


def doc_id_of(parsed: Path, name: str) -> str:
    return next(d["doc_id"] for d in read(parsed, "documents") if d["source_file"].endswith(name))


def token_of(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def test_the_list_puts_the_failed_file_first_and_names_every_document(batch) -> None:
    raw, parsed = batch
    client, _ = client_of(raw, parsed)
    page = client.get("/").get_data(as_text=True)
    names = re.findall(r'<a href="/doc/[0-9a-f]{16}[^"]*">([^<]+)</a>', page)
    assert names[0] == BROKEN_NAME  # failed: an error finding
    assert sorted(names) == sorted([BROKEN_NAME, f"sub/{PDF_NAME}", "000_5f40e461a794e47d.txt"])
    assert "Kota Administrasi Jakarta Barat" in page and ">2020<" in page


def test_a_document_shows_its_values_findings_and_forms(batch) -> None:
    raw, parsed = batch
    client, settings = client_of(raw, parsed)
    page = client.get(f"/doc/{doc_id_of(parsed, PDF_NAME)}").get_data(as_text=True)
    # the values as the page shows them (build_simple_ruled_pdf's table)
    assert "Persentase Perangkat Daerah yang memiliki portal" in page
    assert ">90%<" in page and ">100%<" in page
    assert page.count('value="confirm"') == page.count('value="correct"') > 5
    assert token_of(page) == settings.token


def test_unknown_and_malformed_doc_ids_are_not_found(batch) -> None:
    raw, parsed = batch
    client, _ = client_of(raw, parsed)
    for path in ("/doc/0123456789abcdef", "/doc/..%2F..%2Fetc%2Fpasswd", "/doc/%2Fetc%2Fpasswd",
                 "/doc/../../etc/passwd", "/doc/0123456789ABCDEF", "/doc/0123456789abcdef-x",
                 "/doc/0123456789abcdef/crop?t=documents&k=../x&c=title",
                 "/doc/0123456789abcdef/page/1.jpg", "/static/../app.py", "/static/%2e%2e/app.py"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"import" not in response.data and b"root:" not in response.data


def test_a_source_file_that_leaves_raw_is_never_read(batch, tmp_path: Path) -> None:
    raw, parsed = batch
    secret = tmp_path / "secret.pdf"  # outside RAW, a real PDF
    shutil.copy(raw / "sub" / PDF_NAME, secret)
    (raw / "link.pdf").symlink_to(secret)  # a link inside RAW that points out of it
    doc_id = doc_id_of(parsed, PDF_NAME)
    page, x0, top, x1, bottom = word_box(raw / "sub" / PDF_NAME, "90%")
    rewrite(parsed, "sources", [{"doc_id": doc_id, "table": "documents", "key": doc_id, "column": "title",
                                 "page": page, "x0": x0, "top": top, "x1": x1, "bottom": bottom}])
    documents = read(parsed, "documents")
    for name in ("../secret.pdf", str(secret), "link.pdf", "sub/../../secret.pdf"):
        rewrite(parsed, "documents", [{**d, "source_file": name} if d["doc_id"] == doc_id else d
                                      for d in documents])
        client, _ = client_of(raw, parsed)
        assert client.get(f"/doc/{doc_id}/page/1.jpg").status_code == 404, name
        assert client.get(f"/doc/{doc_id}/crop?t=documents&k={doc_id}&c=title").status_code == 404, name
        page_html = client.get(f"/doc/{doc_id}").get_data(as_text=True)
        assert "is not under" in page_html, name
    # the same row naming the file where it is: served
    rewrite(parsed, "documents", documents)
    client, _ = client_of(raw, parsed)
    assert client.get(f"/doc/{doc_id}/page/1.jpg").status_code == 200


def test_a_crop_is_the_box_with_its_margin(batch) -> None:
    """The box pdfplumber gives the word `90%`, cropped on the page PDFium renders."""
    raw, parsed = batch
    doc_id = doc_id_of(parsed, PDF_NAME)
    page, x0, top, x1, bottom = word_box(raw / "sub" / PDF_NAME, "90%")
    rewrite(parsed, "sources", [{"doc_id": doc_id, "table": "documents", "key": doc_id, "column": "title",
                                 "page": page, "x0": x0, "top": top, "x1": x1, "bottom": bottom,
                                 "raw": "90%"}])
    client, settings = client_of(raw, parsed)
    page_html = client.get(f"/doc/{doc_id}").get_data(as_text=True)
    crop_url = re.search(r'<img class="crop" loading="lazy"[^>]* src="([^"]+)"', page_html).group(1)
    response = client.get(crop_url.replace("&amp;", "&"))
    assert response.status_code == 200 and response.mimetype == "image/png"
    cached = list(settings.cache_path.rglob("crop-*.png"))
    assert len(cached) == 1
    with Image.open(cached[0]) as image:
        width, height = image.size
        # the word's box with the margin round it, less the blank of the box's own top and bottom
        assert (x1 - x0) * SCALE < width <= (x1 - x0 + 2 * MARGIN) * SCALE + 2
        assert (bottom - top) * SCALE * 0.5 < height <= (bottom - top + 2 * MARGIN) * SCALE + 2
        # ink inside it (the digits), paper at its edges
        inner = image.convert("L").crop((int(MARGIN * SCALE), int(MARGIN * SCALE),
                                         width - int(MARGIN * SCALE), height - int(MARGIN * SCALE)))
        assert inner.getextrema()[0] < 100
        assert image.convert("L").crop((0, 0, width, 3)).getextrema()[0] > 200
    page_view = client.get(f"/doc/{doc_id}/page/{page}").get_data(as_text=True)
    assert page_view.count("<rect") == 1 and f'x="{x0}"' in page_view


def test_a_correction_is_saved_and_shown(batch) -> None:
    raw, parsed = batch
    client, settings = client_of(raw, parsed)
    doc_id = doc_id_of(parsed, PDF_NAME)
    token = token_of(client.get(f"/doc/{doc_id}").get_data(as_text=True))
    key = "perjanjian_kinerja/1/1/annual"
    form = {"token": token, "table": "targets", "key": key, "column": "raw", "extracted": "90%",
            "value": "95%", "note": "<script>alert(1)</script>", "who": "Siti", "action": "correct"}
    response = client.post(f"/doc/{doc_id}/review", data=form)
    assert response.status_code == 303
    saved = store.load(settings.corrections_path)
    assert saved.problems == ()
    (c,) = saved.corrections
    assert (c.doc_id, c.table, c.key, c.column, c.extracted, c.corrected, c.who, c.action) == (
        doc_id, "targets", key, "raw", "90%", "95%", "Siti", "correct")
    page = client.get(f"/doc/{doc_id}").get_data(as_text=True)
    assert "<ins>95%</ins> <del>90%</del>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    # corrected again: still over the value as extracted; no "right" for a corrected value
    (row,) = [r.split("</tr>")[0] for r in page.split('<tr id="') if f'name="key" value="{key}"' in r]
    assert 'value="confirm"' not in row and 'name="extracted" value="90%"' in row
    assert client.post(f"/doc/{doc_id}/review", data={**form, "value": "96%"}).status_code == 303
    (c,) = store.load(settings.corrections_path).corrections
    assert (c.extracted, c.corrected) == ("90%", "96%")
    # marked right: kept as a confirm, shown as right
    form = {**form, "key": "perjanjian_kinerja/2/1/annual", "extracted": "100%", "action": "confirm",
            "value": ""}
    assert client.post(f"/doc/{doc_id}/review", data=form).status_code == 303
    confirms = [c for c in store.load(settings.corrections_path).corrections if c.action == "confirm"]
    assert [(c.key, c.corrected) for c in confirms] == [("perjanjian_kinerja/2/1/annual", "100%")]
    assert "✓ right" in client.get(f"/doc/{doc_id}").get_data(as_text=True)


def test_a_value_the_document_lacks_or_a_bad_number_is_not_saved(batch) -> None:
    raw, parsed = batch
    client, settings = client_of(raw, parsed)
    doc_id = doc_id_of(parsed, PDF_NAME)
    token = token_of(client.get(f"/doc/{doc_id}").get_data(as_text=True))
    base = {"token": token, "who": "Siti", "action": "correct", "extracted": "", "note": ""}
    for form in ({"table": "targets", "key": "perjanjian_kinerja/9/9/annual", "column": "raw", "value": "1"},
                 {"table": "indicators", "key": "perjanjian_kinerja/1/1", "column": "ksd_no",
                  "value": "sembilan"},
                 {"table": "documents", "key": doc_id, "column": "source_file", "value": "../x"},
                 # the page showed 80%, extraction now reads 90%: the reviewer looked at another value
                 {"table": "targets", "key": "perjanjian_kinerja/1/1/annual", "column": "raw",
                  "extracted": "80%", "value": "85%"}):
        response = client.post(f"/doc/{doc_id}/review", data={**base, **form}, follow_redirects=True)
        assert "not saved:" in response.get_data(as_text=True), form
    assert not settings.corrections_path.exists()


def test_a_post_without_the_token_or_from_another_site_is_refused(batch) -> None:
    raw, parsed = batch
    client, settings = client_of(raw, parsed)
    doc_id = doc_id_of(parsed, PDF_NAME)
    form = {"table": "targets", "key": "perjanjian_kinerja/1/1/annual", "column": "raw", "extracted": "90%",
            "value": "95%", "who": "Siti", "action": "correct"}
    assert client.post(f"/doc/{doc_id}/review", data=form).status_code == 403
    assert client.post(f"/doc/{doc_id}/review", data={**form, "token": "guess"}).status_code == 403
    foreign = client.post(f"/doc/{doc_id}/review", data={**form, "token": settings.token},
                          headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 403
    cross = client.post(f"/doc/{doc_id}/review", data={**form, "token": settings.token},
                        headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403
    assert client.get(f"/doc/{doc_id}/review").status_code == 405
    assert not settings.corrections_path.exists()


def test_another_host_name_gets_nothing(batch) -> None:
    """A page of another site that points its own name at 127.0.0.1 (DNS rebinding) reads nothing."""
    raw, parsed = batch
    client, _ = client_of(raw, parsed)
    assert client.get("/", headers={"Host": "evil.example:8765"}).status_code == 400
    assert client.get("/", headers={"Host": "127.0.0.1:8765"}).status_code == 200


def test_the_server_listens_on_the_loopback_address_only(batch) -> None:
    raw, parsed = batch
    served = server(ReviewSettings(parsed=parsed, raw=raw), 0)
    try:
        host, port = served.server_address[:2]
        assert host == HOST == "127.0.0.1" and port > 0
        import threading

        thread = threading.Thread(target=served.serve_forever, daemon=True)
        thread.start()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as answer:
            assert answer.status == 200 and b"worst first" in answer.read()
    finally:
        served.shutdown()
        served.server_close()


def test_a_tall_cell_is_cropped_to_its_text(batch, tmp_path: Path) -> None:
    """The target cell of a row made two lines tall by its wrapped goal: the crop keeps its one line,
    not the blank below it."""
    import pdfplumber

    from pipeline.review.crops import Box, Renderer

    raw, _ = batch
    pdf = raw / "sub" / PDF_NAME
    with pdfplumber.open(pdf) as document:
        table = document.pages[0].find_tables()[0]
        cell = table.rows[1].cells[3]  # `90%`, beside a goal wrapped over lines
    x0, top, x1, bottom = cell
    assert bottom - top > 25, "the fixture's row should be two lines tall"
    path = Renderer(tmp_path / "cache").crop_file(pdf, "f", 1, Box(x0, top, x1, bottom))
    with Image.open(path) as image:
        assert image.height < (bottom - top) * SCALE  # untrimmed: (cell + 2 margins) * SCALE
        assert image.height >= (7 + MARGIN) * SCALE  # a line of 10-point text, at least


def test_a_correction_made_over_another_reading_is_shown_stale(batch) -> None:
    """The reviewer saw 80% where extraction now reads 90%: the page says so beside the value,
    and shows the value as read, not the correction."""
    from pipeline.corrections.model import Correction, utc_now

    raw, parsed = batch
    client, settings = client_of(raw, parsed)
    doc_id = doc_id_of(parsed, PDF_NAME)
    store.save(settings.corrections_path, Correction(
        doc_id=doc_id, source_file=f"sub/{PDF_NAME}", table="targets", key="perjanjian_kinerja/1/1/annual",
        column="raw", extracted="80%", corrected="85%", action="correct", who="Budi", when=utc_now()))
    page = client.get(f"/doc/{doc_id}").get_data(as_text=True)
    (row,) = [r.split("</tr>")[0] for r in page.split('<tr id="')
              if 'name="key" value="perjanjian_kinerja/1/1/annual"' in r]
    assert 'class="value stale"' in row
    assert "stale: Budi corrected 80% → 85%" in row and '<span class="text">90%</span>' in row
    assert "<ins>" not in row
