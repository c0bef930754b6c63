"""Names, degrees, display spelling, title case and acting positions."""

from __future__ import annotations

import pytest

from extractors.values.names import PersonName, display_name, is_acting, is_degree, split_name, title_case


@pytest.mark.parametrize(
    ("raw", "name", "degrees"),
    [
        ("dr. Ani Rahma, M.Kes", "Ani Rahma", ("dr.", "M.Kes")),
        ("ANIES RASYID BASWEDAN, Ph.D", "ANIES RASYID BASWEDAN", ("Ph.D",)),
        ("Anies Rasyid Baswedan, Ph.D.", "Anies Rasyid Baswedan", ("Ph.D.",)),
        ("MOUDY ARY NAZOLLA, S.STP., MH", "MOUDY ARY NAZOLLA", ("S.STP.", "MH")),
        ("CHRISTIANO E. TALUMEPA, SH, M.Si", "CHRISTIANO E. TALUMEPA", ("SH", "M.Si")),
        ("OLLY DONDOKAMBEY, SE", "OLLY DONDOKAMBEY", ("SE",)),
        (
            "Prof. Dr. Ir. H. Budi Santoso, M.Sc., Ph.D",
            "Budi Santoso",
            ("Prof.", "Dr.", "Ir.", "H.", "M.Sc.", "Ph.D"),
        ),
        ("Drs. H. Ahmad", "Ahmad", ("Drs.", "H.")),
        ("Hj. Siti", "Siti", ("Hj.",)),
        ("dr. X, Sp.PD", "X", ("dr.", "Sp.PD")),
        ("Budi, S.H., M.H.", "Budi", ("S.H.", "M.H.")),
        ("drg. Rina Wati, M.AP", "Rina Wati", ("drg.", "M.AP")),
        ("Dra. Sri Lestari, MM", "Sri Lestari", ("Dra.", "MM")),
        ("RUSTAM EFFENDI", "RUSTAM EFFENDI", ()),
        ("BLESSMIYANDA", "BLESSMIYANDA", ()),
        ("  Rustam   Effendi  ", "Rustam Effendi", ()),
    ],
)
def test_split_name(raw: str, name: str, degrees: tuple[str, ...]) -> None:
    assert split_name(raw) == PersonName(name, degrees)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_split_name_empty(raw: str | None) -> None:
    assert split_name(raw) == PersonName(None, ())


@pytest.mark.parametrize(
    "token",
    [
        "S.Kom", "S.E.", "S.H.", "M.H.", "M.AP", "M.Si.", "MM", "M.M.", "S.Sos", "S.IP",
        "S.T.", "M.T.", "S.Pd", "Dra.", "Ir.", "Dr.", "drg.", "Ph.D", "Sp.PD", "S.STP.", "MH",
    ],
)  # fmt: skip
def test_is_degree(token: str) -> None:
    assert is_degree(token)


@pytest.mark.parametrize("token", ["E.", "Budi", "RUSTAM", "Effendi", ""])
def test_is_not_degree(token: str) -> None:
    assert not is_degree(token)


@pytest.mark.parametrize(
    ("spellings", "shown"),
    [
        (["RUSTAM EFFENDI", "Rustam Effendi"], "Rustam Effendi"),
        (["Rustam Effendi", "RUSTAM EFFENDI"], "Rustam Effendi"),
        (["ANIES RASYID BASWEDAN", "Anies Rasyid Baswedan"], "Anies Rasyid Baswedan"),
        (["BLESSMIYANDA", "Blessmiyanda"], "Blessmiyanda"),
        (["BLESSMIYANDA"], "Blessmiyanda"),
        (["CHRISTIANO E. TALUMEPA"], "Christiano E. Talumepa"),
        (["MOUDY ARY NAZOLLA", "MOUDY ARY NAZOLLA"], "Moudy Ary Nazolla"),
        (["", "RIYANTO PAMUNGKAS"], "Riyanto Pamungkas"),
        ([], None),
        ([""], None),
    ],
)
def test_display_name(spellings: list[str], shown: str | None) -> None:
    assert display_name(spellings) == shown


@pytest.mark.parametrize(
    ("text", "titled"),
    [
        ("PEMBINA UTAMA MADYA", "Pembina Utama Madya"),
        ("PEMBINA TK. I", "Pembina Tk. I"),
        ("PENATA TK. III", "Penata Tk. III"),
        ("KEPALA DINAS KOMUNIKASI DAN INFORMATIKA", "Kepala Dinas Komunikasi dan Informatika"),
        ("BUPATI PRINGSEWU", "Bupati Pringsewu"),
        ("GUBERNUR PROVINSI DKI JAKARTA", "Gubernur Provinsi DKI Jakarta"),
        (
            "KEPALA BADAN PELAYANAN PENGADAAN BARANG/JASA",
            "Kepala Badan Pelayanan Pengadaan Barang/Jasa",
        ),
        ("SEKRETARIS DPRD", "Sekretaris DPRD"),
        ("KEPALA UPT DARI BPKP", "Kepala UPT dari BPKP"),
        ("DI YOGYAKARTA", "DI Yogyakarta"),
        ("DINAS UNTUK YANG DI KE", "Dinas untuk yang di ke"),
        ("", ""),
    ],
)
def test_title_case(text: str, titled: str) -> None:
    assert title_case(text) == titled


@pytest.mark.parametrize(
    "position",
    [
        "Pj. Bupati Pringsewu",
        "Pj Walikota Manado",
        "Plt. Kepala Dinas",
        "Plt Kepala Badan",
        "Plh. Sekretaris Daerah",
        "Penjabat Gubernur DKI Jakarta",
        "PELAKSANA TUGAS KEPALA DINAS",
        "Pelaksana Harian Kepala Badan",
        "PJ. BUPATI",
    ],
)
def test_is_acting(position: str) -> None:
    assert is_acting(position) is True


@pytest.mark.parametrize(
    "position",
    [
        None,
        "",
        "Gubernur Provinsi Daerah Khusus Ibukota Jakarta",
        "Pejabat Pembuat Komitmen",
        "Kepala Dinas Komunikasi dan Informatika",
        "Pelaksana Kegiatan",
        "Kepala Seksi Pelayanan",
    ],
)
def test_is_not_acting(position: str | None) -> None:
    assert is_acting(position) is False
