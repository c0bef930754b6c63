"""Writing the tables: contract types, order, empty tables, atomic replacement and recovery."""

from __future__ import annotations

import datetime as dt
import json
import os

import pyarrow.parquet as pq
import pytest

from extractors.model.findings import error, warning
from extractors.model.records import DocumentResult, DocumentRow, FileResult, PartyRow
from pipeline.batch.output import store
from tests.e2e.test_pipeline_e2e import CONTRACT_TYPES, REQUIRED

NO_SUCH_PID = 2**22 + 1  # above Linux's pid_max: never a live process


def doc(doc_id: str, **fields) -> DocumentRow:
    base = {"source_file": f"{doc_id}.txt", "source_format": "text", "ocr": False,
            "status": "ok", "pipeline_version": "0.1.0"}
    return DocumentRow(doc_id=doc_id, **{**base, **fields})


def sample() -> list[FileResult]:
    b = DocumentResult(
        document=doc("bbbb", year=2021, signed_date=dt.date(2021, 1, 31)),
        parties=(PartyRow("bbbb", "second", "Kedua", degrees=("Ph.D",)),
                 PartyRow("bbbb", "first", "Pertama")),
        findings=(warning("z_last", "written first"), error("a_first", "written second")),
    )
    a = DocumentResult(document=doc("aaaa", status="failed"),
                       findings=(error("empty_file", "empty"),))
    return [FileResult((b,)), FileResult((a,))]


@pytest.mark.parametrize("table", list(CONTRACT_TYPES))
def test_schema_is_the_contract(table):
    schema = store.schema_of(table)
    assert schema.metadata == {b"contract_version": b"1"}
    assert schema.names[: len(CONTRACT_TYPES[table])] == list(CONTRACT_TYPES[table])
    for name, typ in CONTRACT_TYPES[table].items():
        assert schema.field(name).type == typ
        assert schema.field(name).nullable == (name not in REQUIRED[table])


def test_empty_batch_writes_every_table_with_its_schema(tmp_path):
    out = tmp_path / "parsed"
    store.write_output(out, store.build_tables([]), {"seen": 0})
    for table in CONTRACT_TYPES:
        written = pq.read_table(out / f"{table}.parquet")
        assert written.num_rows == 0
        assert written.schema.equals(store.schema_of(table), check_metadata=True)
    assert json.loads((out / "manifest.json").read_text()) == {"seen": 0}


def test_rows_sorted_by_doc_id_keeping_document_order():
    tables = store.build_tables(sample())
    assert tables["documents"].column("doc_id").to_pylist() == ["aaaa", "bbbb"]
    assert tables["findings"].column("code").to_pylist() == ["empty_file", "z_last", "a_first"]
    assert tables["parties"].column("role").to_pylist() == ["second", "first"]
    assert tables["parties"].column("degrees").to_pylist() == [["Ph.D"], []]
    assert tables["documents"].column("signed_date").to_pylist() == [None, dt.date(2021, 1, 31)]


def test_rows_that_break_the_contract_are_reported():
    assert store.check_result(sample()[0]) is None
    wrong_type = DocumentResult(document=doc("cccc", year="twenty"))
    assert "documents" in store.check_result(FileResult((wrong_type,)))
    missing = DocumentResult(document=doc("cccc", status=None))
    assert "status" in store.check_result(FileResult((missing,)))


def test_agreements_of_a_bundled_file_follow_their_file_in_part_order():
    parts = tuple(DocumentResult(document=doc("ffff" if k == 1 else f"ffff-{k}", file_id="ffff", part=k))
                  for k in (1, 2, 10))
    tables = store.build_tables([FileResult(parts), FileResult((DocumentResult(document=doc("eeee")),))])
    assert tables["documents"].column("doc_id").to_pylist() == ["eeee", "ffff", "ffff-2", "ffff-10"]
    assert tables["documents"].column("part").to_pylist() == [1, 1, 2, 10]


def test_write_replaces_the_folder_and_leaves_no_siblings(tmp_path):
    out = tmp_path / "parsed"
    out.mkdir()
    (out / "stale.txt").write_text("from an older run")
    store.write_output(out, store.build_tables(sample()), {"seen": 2})
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{t}.parquet" for t in CONTRACT_TYPES] + ["manifest.json"])
    assert [p.name for p in tmp_path.iterdir()] == ["parsed"]


def test_recover_restores_a_folder_swapped_out_mid_run(tmp_path):
    out = tmp_path / "parsed"
    old = tmp_path / f"parsed.old-{NO_SUCH_PID}"
    old.mkdir()
    (old / "documents.parquet").write_text("previous")
    stale = tmp_path / f"parsed.tmp-{NO_SUCH_PID}"
    stale.mkdir()
    done = store.recover(out)
    assert (out / "documents.parquet").read_text() == "previous"
    assert not old.exists() and not stale.exists()
    assert len(done) == 2


def test_recover_drops_leftovers_but_not_a_live_run(tmp_path):
    out = tmp_path / "parsed"
    out.mkdir()
    leftover = tmp_path / f"parsed.old-{NO_SUCH_PID}"
    leftover.mkdir()
    live = tmp_path / f"parsed.tmp-{os.getppid()}"
    live.mkdir()
    store.recover(out)
    assert out.exists() and not leftover.exists() and live.exists()


def test_versions_name_the_tools():
    versions = store.versions()
    assert {"pipeline", "python", "pyarrow", "pdfplumber", "pypdfium2", "tesseract"} <= set(versions)
