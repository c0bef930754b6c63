"""Parties: opening blocks, signature blocks, names, ranks, NIPs, acting positions."""

from __future__ import annotations

import datetime as dt

from extractors.extract import extract_bytes
from extractors.model.records import DocumentResult
from extractors.model.settings import Settings
from tests.agreements import agreement


def extract(text: str) -> DocumentResult:
    return extract_bytes(text.encode("utf-8"), "a.txt", Settings())


def party(result: DocumentResult, role: str):
    return next(p for p in result.parties if p.role == role)


def test_opening_block_signature_rank_and_spaced_nip() -> None:
    first = party(extract(agreement()), "first")
    assert first.name == "Ani Rahma"
    assert first.degrees == ("dr.", "M.Kes")
    assert first.position == "Kepala Dinas Kesehatan Provinsi Jawa Barat"
    assert first.rank == "Pembina Tk. I"
    assert first.nip == "198408192002122001"
    assert first.nip_birth_date == dt.date(1984, 8, 19)
    assert first.nip_appointed == "2002-12"
    assert first.nip_gender == "female"
    assert first.nip_valid is True
    assert first.acting is False


def test_all_caps_names_are_title_cased_and_second_party_has_no_nip() -> None:
    second = party(extract(agreement()), "second")
    assert (second.name, second.degrees, second.nip, second.nip_valid) == (
        "Ridwan Kamil", (), None, None)


def test_pihak_kesatu_and_lower_case_wording() -> None:
    text = agreement(first_word="PIHAK KESATU").replace("selanjutnya disebut PIHAK KEDUA",
                                                        "selanjutnya disebut pihak kedua")
    result = extract(text)
    assert [p.role for p in result.parties] == ["first", "second"]
    assert not [f for f in result.findings if f.code == "party_missing"]


def test_disebut_as_a_scan_spells_it() -> None:
    """Disnak Jawa Barat's Balai Pelatihan PK 2016 (scan): OCR reads `selanjutnya disebul PIHAK
    KEDUA`; the second party is still the second."""
    text = agreement().replace("selanjutnya disebut PIHAK KEDUA", "selanjutnya disebul PIHAK KEDUA")
    assert "disebul" in text
    result = extract(text)
    assert [p.role for p in result.parties] == ["first", "second"]
    assert not [f for f in result.findings if f.code == "party_missing"]


def test_acting_positions() -> None:
    for position in ("Plt. Kepala Dinas Kesehatan Provinsi Jawa Barat",
                     "Pj. Bupati Sleman", "Pelaksana Tugas Kepala Dinas Kesehatan"):
        assert party(extract(agreement(first_position=position)), "first").acting is True


def test_an_impossible_nip_is_flagged() -> None:
    text = agreement(signature="Ani Rahma\nNIP. 19841319 200212 3 001")
    result = extract(text)
    first = party(result, "first")
    assert first.nip == "198413192002123001"
    assert first.nip_valid is False
    assert [f.code for f in result.findings] == ["nip_invalid"]


def test_a_missing_party_is_an_error_and_the_document_partial() -> None:
    text = agreement().replace("selaku atasan PIHAK PERTAMA, selanjutnya disebut PIHAK KEDUA", "")
    text = text.replace("Nama : RIDWAN KAMIL\nJabatan : Gubernur Jawa Barat\n", "")
    result = extract(text)
    assert [p.role for p in result.parties] == ["first"]
    assert [f.code for f in result.findings] == ["party_missing"]
    assert result.document.status == "partial"


def test_a_scanned_colon_read_as_one_in_a_nip_is_mended_with_a_finding() -> None:
    text = agreement(signature="Ani Rahma").replace(
        "Jabatan : Kepala Dinas Kesehatan Provinsi Jawa Barat\n",
        "NIP 1198408192002122001\nJabatan : Kepala Dinas Kesehatan Provinsi Jawa Barat\n", 1)
    result = extract(text)
    first = party(result, "first")
    assert (first.nip, first.nip_valid) == ("198408192002122001", True)
    assert [f.code for f in result.findings] == ["nip_mended"]


def test_two_nips_on_one_line_under_both_names_go_left_to_right() -> None:
    # A scan's signature read as single lines: both names on one line, both NIPs on the next.
    text = "\n".join([
        "PERJANJIAN KINERJA TAHUN 2017",
        "Nama : Ir. LUCKY RUSWANDI SUMANANG, M.T.",
        "Jabatan : KEPALA BIDANG INFRASTRUKTUR PERMUKIMAN",
        "Selanjutnya disebut PIHAK KESATU",
        "Nama : Ir. BAMBANG RIANTO, M.Sc.",
        "Jabatan : KEPALA DINAS PERUMAHAN DAN PERMUKIMAN",
        "Selaku atasan PIHAK KESATU, selanjutnya disebut PIHAK KEDUA",
        "No\tSasaran Strategis\tIndikator Kinerja\tTarget",
        "1\tMeningkatnya akses air minum\tCakupan pelayanan air minum\t73%",
        "Bandung, 3 Februari 2017",
        "PIHAK KEDUA, PIHAK KESATU,",
        "Ir. BAMBANG RIANTO, M.Sc. Ir. LUCKY RUSWANDI SUMANANG, M.T.",
        "NIP 19620116 199103 1 004 NIP. 19660310 199603 1 003",
    ])
    result = extract(text)
    assert (party(result, "first").nip, party(result, "second").nip) == (
        "196603101996031003", "196201161991031004")
