"""Variants of the seeds made in the test: encodings, line ends, reordered and renamed columns,
dotted amounts with a total row, a repeated header, extra columns. Each must give the seed's rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.extract import extract_bytes
from extractors.model.records import DocumentResult
from extractors.model.settings import Settings
from tests.golden import read_golden, rows_of
from tests.paths import DATA

SEED_RK = DATA / "seeds" / "000_5f40e461a794e47d.txt"  # PK + budget + RK, Jakarta Barat 2020
SEED_PK = DATA / "seeds" / "002_cc6b3664b0174547.txt"  # PK with quarters, BPPBJ 2021


def extract(text: str | bytes, name: str = "variant.txt") -> DocumentResult:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return extract_bytes(data, name, Settings())


def content(result: DocumentResult, table: str) -> list[dict]:
    """Rows without what changes with the bytes (doc_id, file name)."""
    return [{k: v for k, v in r.items() if k not in {"doc_id", "file_id", "source_file"}}
            for r in rows_of(result, table)]


def golden(seed: Path, table: str) -> list[dict]:
    rows = read_golden(DATA / "golden" / seed.stem / f"{table}.jsonl")
    return [{k: v for k, v in r.items() if k not in {"doc_id", "file_id", "source_file"}} for r in rows]


SAME_TABLES = ("documents", "parties", "indicators", "targets", "budgets")


@pytest.mark.parametrize("table", SAME_TABLES)
@pytest.mark.parametrize("encode", [
    pytest.param(lambda t: t.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
    pytest.param(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), id="utf8-bom"),
    pytest.param(lambda t: t.encode("cp1252"), id="windows-1252"),
    pytest.param(lambda t: t.replace("\n", "\r\n").encode("latin-1"), id="latin1-crlf"),
    pytest.param(lambda t: b"\xff\xfe" + t.encode("utf-16-le"), id="utf16-bom"),
    pytest.param(lambda t: t.replace("\n", "\r\n").encode("utf-16-le"), id="utf16le-no-bom"),
    pytest.param(lambda t: t.encode("utf-16-be"), id="utf16be-no-bom"),
])
def test_encodings_and_line_ends_give_the_same_rows(encode, table: str) -> None:
    text = SEED_RK.read_text(encoding="utf-8")
    assert content(extract(encode(text)), table) == golden(SEED_RK, table)


def test_windows_1252_accents_and_dashes_decode() -> None:
    text = SEED_RK.read_text(encoding="utf-8").replace(
        "Meningkatnya kewirausahaan baru", "Meningkatnya kewirausahaan baru – café")
    result = extract(text.encode("cp1252"))
    goals = {i.goal for i in result.indicators}
    assert "Meningkatnya kewirausahaan baru – café" in goals


@pytest.mark.parametrize("data", [
    pytest.param(b"\x00\x01\x02\x03" * 64, id="zeros-everywhere"),
    pytest.param(bytes(range(256)) * 8, id="every-byte"),
    pytest.param("PIHAK PERTAMA".encode("utf-16-le") + b"\x00\x00\xff\x00" * 40, id="utf16-then-binary"),
])
def test_binary_data_is_still_refused(data: bytes) -> None:
    """UTF-16 is told by zeros in every other byte and none between; other zeros stay binary."""
    result = extract(data, "data.txt")
    assert result.document.status == "failed"
    assert [f.code for f in result.findings] == ["unreadable_file"]


def _permute_rk_columns(text: str, order: list[int]) -> str:
    out = []
    for line in text.split("\n"):
        cells = line.split("\t")
        out.append("\t".join(cells[i] for i in order) if len(cells) == 12 else line)
    return "\n".join(out)


@pytest.mark.parametrize("table", ("indicators", "targets"))
def test_reordered_columns_give_the_same_rows(table: str) -> None:
    # Tahunan and Keterangan before the quarters, Sumber Data and Pengukuran last.
    order = [0, 1, 2, 3, 10, 11, 6, 7, 8, 9, 4, 5]
    text = _permute_rk_columns(SEED_RK.read_text(encoding="utf-8"), order)
    assert content(extract(text), table) == golden(SEED_RK, table)


def test_satuan_instead_of_keterangan_and_upper_case_headers() -> None:
    text = SEED_RK.read_text(encoding="utf-8").replace(
        "Tahunan\tKeterangan", "TAHUNAN\tSATUAN").replace("Indikator Kinerja\tSumber Data",
                                                          "INDIKATOR KINERJA UTAMA\tSUMBER DATA")
    result = extract(text)
    assert content(result, "indicators") == golden(SEED_RK, "indicators")
    assert not [f for f in result.findings if f.code == "unknown_column"]


def test_dotted_amounts_with_a_total_row() -> None:
    text = SEED_RK.read_text(encoding="utf-8")
    for comma, dotted in [("8,797,819,537", "Rp 8.797.819.537,00"),
                          ("75,124,451,124", "Rp. 75.124.451.124,-"),
                          ("383,468,853,275", "383.468.853.275"),
                          ("3,339,053,121", "Rp 3.339.053.121"),
                          ("228,869,037,869", "Rp. 228.869.037. 869,-")]:
        text = text.replace(comma, dotted)
    total = 8_797_819_537 + 75_124_451_124 + 383_468_853_275 + 3_339_053_121 + 228_869_037_869
    total_text = f"Rp {total:,}".replace(",", ".") + ",00"
    last = "Kelurahan Kota Administrasi Jakarta Barat\tRp. 228.869.037. 869,-\tAPBD Provinsi DKI Jakarta"
    text = text.replace(last, f"{last}\n\tJUMLAH\t{total_text}\t")
    result = extract(text)
    assert content(result, "budgets") == golden(SEED_RK, "budgets")
    assert not [f for f in result.findings if f.code == "budget_total_mismatch"]


def test_a_total_that_does_not_add_up_is_reported() -> None:
    text = SEED_RK.read_text(encoding="utf-8").replace(
        "228,869,037,869\tAPBD Provinsi DKI Jakarta",
        "228,869,037,869\tAPBD Provinsi DKI Jakarta\nTOTAL\t\t1,000\t")
    result = extract(text)
    assert len(result.budgets) == 5
    assert [f.code for f in result.findings] == ["budget_total_mismatch"]


def test_repeated_header_without_a_section_row_keeps_the_goal_type() -> None:
    lines = SEED_PK.read_text(encoding="utf-8").split("\n")
    header = next(i for i, ln in enumerate(lines) if ln.startswith("NO\tSasaran"))
    goal4 = next(i for i, ln in enumerate(lines) if ln.startswith("4\tMeningkatnya kewirausahaan"))
    lines[goal4:goal4] = ["", lines[header], lines[header + 1]]
    result = extract("\n".join(lines))
    assert content(result, "indicators") == [
        {**r, "line": r["line"] + 3 if r["line"] >= goal4 + 1 else r["line"]}
        for r in golden(SEED_PK, "indicators")]


def test_an_unknown_column_is_reported_and_kept_out() -> None:
    text = SEED_RK.read_text(encoding="utf-8").replace(
        "No.\tSasaran Strategis\tIndikator Kinerja\tTarget",
        "No.\tSasaran Strategis\tIndikator Kinerja\tTarget\tPenanggung Jawab").replace(
        "kelurahan)\t86\n", "kelurahan)\t86\tBagian Tata Pemerintahan\n")
    result = extract(text)
    unknown = [f for f in result.findings if f.code == "unknown_column"]
    assert len(unknown) == 1 and "Penanggung Jawab" in unknown[0].message
    assert content(result, "indicators") == golden(SEED_RK, "indicators")


def test_a_goal_numbering_gap_is_reported() -> None:
    lines = SEED_PK.read_text(encoding="utf-8").split("\n")
    lines = [ln for ln in lines if not ln.startswith("3\tMeningkatnya Kualitas Pelaksanaan")]
    result = extract("\n".join(lines))
    gaps = [f for f in result.findings if f.code == "goal_numbering_gap"]
    assert len(gaps) == 1 and "2 to 4" in gaps[0].message
    assert len(result.indicators) == 21


def test_an_unparseable_target_keeps_its_raw_text_and_is_reported() -> None:
    text = SEED_PK.read_text(encoding="utf-8").replace("\t92\t92\tNilai", "\t92\tsekitar 90-95\tNilai")
    result = extract(text)
    row = next(i for i in result.indicators if i.goal_no == 15)
    assert (row.target_raw, row.target_value) == ("sekitar 90-95", None)
    assert [f.code for f in result.findings] == ["target_unparsed"]


def test_scan_slips_in_amounts_are_mended_only_when_the_total_confirms_them() -> None:
    text = SEED_RK.read_text(encoding="utf-8").replace("8,797,819,537", "Rp. 8.797.819537,-").replace(
        "383,468,853,275", "Rp. 383.468,853.275,-")
    total = 8_797_819_537 + 75_124_451_124 + 383_468_853_275 + 3_339_053_121 + 228_869_037_869
    with_total = text.replace("228,869,037,869\tAPBD Provinsi DKI Jakarta",
                              f"228,869,037,869\tAPBD Provinsi DKI Jakarta\nJUMLAH\t\t{total:,}\t")
    result = extract(with_total)
    assert content(result, "budgets") == golden(SEED_RK, "budgets")
    assert [f.code for f in result.findings] == ["amount_mended"]
    without_total = extract(text)
    assert [b.amount_idr for b in without_total.budgets][0] is None
    # unread amounts are errors without a total to confirm a reading (issue 14: the loss is said)
    assert [f.code for f in without_total.findings] == ["amount_unparsed", "amount_unparsed",
                                                        "amount_missing", "amount_missing"]
    assert without_total.document.status == "partial"


def test_scan_slips_in_header_words_still_name_their_columns() -> None:
    text = SEED_RK.read_text(encoding="utf-8").replace(
        "Triwulan\t\t\t\tTahunan", "Tiwulan\t\t\t\tTahunan").replace(
        "\tI\tII\tIII\tIV\t", "\tI\ti]\till\tIV\t").replace("Sumber Data", "Sumbar Data")
    result = extract(text)
    assert content(result, "targets") == golden(SEED_RK, "targets")
    assert content(result, "indicators") == golden(SEED_RK, "indicators")
    assert not [f for f in result.findings if f.code == "unknown_column"]
