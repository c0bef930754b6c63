"""Small agreements written in the tests, in the shape real renderings have."""

from __future__ import annotations


def agreement(
    *,
    first_name: str = "dr. Ani Rahma, M.Kes",
    first_position: str = "Kepala Dinas Kesehatan Provinsi Jawa Barat",
    second_name: str = "RIDWAN KAMIL",
    second_position: str = "Gubernur Jawa Barat",
    first_word: str = "PIHAK PERTAMA",
    signed: str = "Bandung, 1 Agustus 2021",
    signature: str = "dr. Ani Rahma, M.Kes\nPembina Tk. I\nNIP. 19840819 200212 2 001",
    title: str = "PERJANJIAN KINERJA TAHUN 2021",
    table: str = "No\tSasaran Strategis\tIndikator Kinerja\tTarget\n"
                 "1\tMeningkatnya derajat kesehatan\tAngka harapan hidup\t74,5\n",
) -> str:
    return f"""{title}

Nama : {first_name}
Jabatan : {first_position}
selanjutnya disebut {first_word}

Nama : {second_name}
Jabatan : {second_position}
selaku atasan {first_word}, selanjutnya disebut PIHAK KEDUA

{signed}

PIHAK KEDUA,
{second_name}

{first_word},
{signature}

{table}
"""
