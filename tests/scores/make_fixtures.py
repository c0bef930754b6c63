"""Write tests/data/scores/: a unit's agreements (PK) and measurements (Pengukuran Kinerja) of 2022
and 2023, typed as Word documents (python-docx) and exported to PDF by LibreOffice, as offices do.

    .venv/bin/python -m tests.scores.make_fixtures

The texts below are the ground truth of tests/scores/test_scores_e2e.py, which works their
scores out by hand. The unit is the Dinas Kesehatan of Kabupaten Bandung (32.04). Its targets:
a prevalence (lower is better), a percentage, a label (`WTP`) and an index; 2023 meets three of
four, 2022 one of four, and 2022's written Capaian of the prevalence follows another formula.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from tests.fixtures.office import OfficeOptions, build_docx, convert_to_pdf
from tests.paths import DATA

OUT = DATA / "scores"
# Points per column (0: the rest), so that no header word breaks (`No`, `Realisasi`)
AGREEMENT_OPTIONS = OfficeOptions(header_footer=False, table_widths=((30.0, 150.0, 200.0, 55.0, 0.0),))
MEASUREMENT_OPTIONS = OfficeOptions(header_footer=False,
                                    table_widths=((26.0, 110.0, 150.0, 50.0, 42.0, 56.0, 0.0),))

GOALS = ("Meningkatnya derajat kesehatan masyarakat",
         "Meningkatnya akuntabilitas kinerja dan keuangan perangkat daerah",
         "Meningkatnya kualitas pelayanan kesehatan")
STUNTING = "Prevalensi stunting pada balita"
UCI = "Persentase desa/kelurahan UCI (Universal Child Immunization)"
OPINION = "Opini BPK atas Laporan Keuangan Pemerintah Daerah"
IKM = "Indeks Kepuasan Masyarakat terhadap pelayanan kesehatan"

# year -> (target, realisation, Capaian as written) per indicator, in table order
FIGURES: dict[int, tuple[tuple[str, str, str], ...]] = {
    2022: (("16", "17,2", "92,50"), ("93", "94,1", "101,18"), ("WTP", "WDP", "-"),
           ("80", "78,4", "98,00")),
    2023: (("14", "12,6", "111,11"), ("95", "91,2", "96,00"), ("WTP", "WTP", "100"),
           ("82", "83,5", "101,83")),
}

# The usual wording of a PK's statement (as in the seeds, tests/data/seeds)
OPENING = ("Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta "
           "berorientasi pada hasil, kami yang bertanda tangan di bawah ini:")
PROMISE = ("PIHAK PERTAMA berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian "
           "ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam "
           "dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi "
           "tanggung jawab kami.")
SUPERVISION = ("PIHAK KEDUA akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap "
               "capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka "
               "pemberian penghargaan dan sanksi.")

HEAD = """PEMERINTAH KABUPATEN BANDUNG
DINAS KESEHATAN
"""

SIGNED = """Kepala Dinas Kesehatan
Kabupaten Bandung


dr. Yuli Irnawati Mosjasari, M.KM
NIP 196907152000032004
"""


def _rows(year: int, measured: bool) -> str:
    (s, u, o, i) = FIGURES[year]
    cells = [
        ("1", GOALS[0], STUNTING, "%", s), ("", "", UCI, "%", u), ("2", GOALS[1], OPINION, "Predikat", o),
        ("3", GOALS[2], IKM, "Indeks", i)]
    return "\n".join("\t".join((*c[:4], *(c[4] if measured else c[4][:1]))) for c in cells)


def agreement(year: int) -> str:
    return f"""{HEAD}
PERJANJIAN KINERJA TAHUN {year}

{OPENING}

Nama : dr. Yuli Irnawati Mosjasari, M.KM

Jabatan : Kepala Dinas Kesehatan Kabupaten Bandung

selanjutnya disebut PIHAK PERTAMA

Nama : Dr. H. M. Dadang Supriatna, S.Sos., M.Si

Jabatan : Bupati Bandung

selaku atasan PIHAK PERTAMA, selanjutnya disebut PIHAK KEDUA

{PROMISE}

{SUPERVISION}

Soreang, 3 Januari {year}

PIHAK KEDUA,

Bupati Bandung,

Dr. H. M. DADANG SUPRIATNA, S.Sos., M.Si

PIHAK PERTAMA,

Kepala Dinas Kesehatan Kabupaten Bandung,

dr. YULI IRNAWATI MOSJASARI, M.KM
NIP 196907152000032004

PERJANJIAN KINERJA TAHUN {year}
DINAS KESEHATAN KABUPATEN BANDUNG

No.\tSasaran Strategis\tIndikator Kinerja\tSatuan\tTarget
{_rows(year, measured=False)}

Soreang, 3 Januari {year}

Bupati Bandung


Dr. H. M. Dadang Supriatna, S.Sos., M.Si

{SIGNED}"""


def measurement(year: int) -> str:
    return f"""{HEAD}
PENGUKURAN KINERJA TAHUN {year}
DINAS KESEHATAN KABUPATEN BANDUNG

No\tSasaran\tIndikator Kinerja\tSatuan\tTarget\tRealisasi\tCapaian (%)
{_rows(year, measured=True)}

Soreang, 16 Januari {year + 1}

{SIGNED}"""


def texts() -> dict[str, str]:
    """File stem -> its text, in the seed format (tab rows are table rows)."""
    return {**{f"pk{y}_dinkes_bandung": agreement(y) for y in FIGURES},
            **{f"pengukuran{y}_dinkes_bandung": measurement(y) for y in FIGURES}}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="scores-fixtures-"))
    try:
        docs = [build_docx(text, work / f"{stem}.docx",
                           MEASUREMENT_OPTIONS if stem.startswith("pengukuran") else AGREEMENT_OPTIONS)
                for stem, text in texts().items()]
        for pdf in convert_to_pdf(docs, work):
            shutil.copy(pdf, OUT / pdf.name)
        for doc in docs:
            shutil.copy(doc, OUT / doc.name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {len(docs)} .docx and their PDFs into {OUT}")


if __name__ == "__main__":
    main()
