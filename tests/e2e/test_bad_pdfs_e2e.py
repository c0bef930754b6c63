"""Bad PDFs end to end: each gets a failed row and a finding saying why; the batch goes on."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from tests.e2e.test_pipeline_e2e import run_cli
from tests.fixtures import bad_pdfs, pdfs
from tests.fixtures.hostile import damaged_stream_pdf
from tests.paths import SEEDS

BAD = {  # file -> (status, finding code)
    "truncated.pdf": ("failed", "unreadable_file"),
    "locked.pdf": ("failed", "encrypted_pdf"),
    "zero_pages.pdf": ("failed", "no_pages"),
    "not_really.pdf": ("failed", "unreadable_file"),
    "hangs.pdf": ("failed", "timeout"),
    "damaged.pdf": ("partial", "page_unreadable"),  # page 2's content stream does not decode
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    root = tmp_path_factory.mktemp("badpdfs")
    raw = root / "raw"
    raw.mkdir()
    bad_pdfs.truncated_pdf(raw / "truncated.pdf")
    bad_pdfs.encrypted_pdf(raw / "locked.pdf", "rahasia")
    bad_pdfs.zero_page_pdf(raw / "zero_pages.pdf")
    bad_pdfs.not_a_pdf_named_pdf(raw / "not_really.pdf")
    bad_pdfs.slow_page_pdf(raw / "hangs.pdf")
    damaged_stream_pdf(raw / "damaged.pdf", ["PERJANJIAN KINERJA TAHUN 2021"])
    pdfs.build_ruled_pdf(SEEDS[1].read_text(encoding="utf-8"), raw / "good.pdf")
    owner_only = bad_pdfs.owner_only_encrypted_pdf(raw / "owner_only.pdf")
    proc = run_cli(raw, "--out", root / "parsed", "--timeout", "10", "--jobs", "2",
                   cache=root / "cache")
    docs = pq.read_table(root / "parsed" / "documents.parquet").to_pylist()
    findings = pq.read_table(root / "parsed" / "findings.parquet").to_pylist()
    out = {d["source_file"]: {**d, "codes": [f["code"] for f in findings if f["doc_id"] == d["doc_id"]],
                              "messages": [f["message"] for f in findings if f["doc_id"] == d["doc_id"]],
                              "pages": [f["page"] for f in findings if f["doc_id"] == d["doc_id"]]}
           for d in docs}
    out["_exit"] = {"code": proc.returncode, "owner_only": owner_only.name}
    return out


def test_exit_status_says_some_files_failed(run: dict) -> None:
    assert run["_exit"]["code"] == 1


@pytest.mark.parametrize("name", list(BAD))
def test_each_bad_pdf_fails_with_its_reason(run: dict, name: str) -> None:
    status, code = BAD[name]
    row = run[name]
    assert (row["status"], row["source_format"]) == (status, "pdf")
    assert code in row["codes"], row["codes"]
    message = row["messages"][row["codes"].index(code)]
    assert message.endswith(".") and len(message) > 30  # one sentence a person can act on


def test_a_damaged_content_stream_is_named_by_its_page(run: dict) -> None:
    row = run["damaged.pdf"]
    assert row["pages"][row["codes"].index("page_unreadable")] == 2 and row["page_count"] == 2


def test_the_good_pdfs_still_go_through(run: dict) -> None:
    good = run["good.pdf"]
    assert (good["status"], good["ocr"], good["page_count"]) == ("ok", False, 8)
    owner_only = run[run["_exit"]["owner_only"]]
    assert owner_only["status"] in {"ok", "partial"} and "encrypted_pdf" not in owner_only["codes"]
