"""Provinces and kabupaten/kota from the Kemendagri list shipped in extractors/data/.

Documents name their region in many ways (`Walikota Jakarta Barat`, `BUPATI
PRINGSEWU`, `Provinsi Daerah Khusus Ibukota Jakarta`, `Prov. DKI Jakarta`);
this module maps those phrases onto the list's names and codes.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex as re

SHORT_PROVINCE = {
    "Daerah Khusus Ibukota Jakarta": "DKI Jakarta",
    "Daerah Istimewa Yogyakarta": "DI Yogyakarta",
}
_PROVINCE_ALIASES = {
    "dki jakarta": "Daerah Khusus Ibukota Jakarta",
    "dki": "Daerah Khusus Ibukota Jakarta",
    "daerah khusus jakarta": "Daerah Khusus Ibukota Jakarta",
    "daerah khusus ibu kota jakarta": "Daerah Khusus Ibukota Jakarta",
    "di yogyakarta": "Daerah Istimewa Yogyakarta",
    "diy": "Daerah Istimewa Yogyakarta",
    "yogyakarta": "Daerah Istimewa Yogyakarta",
    "nanggroe aceh darussalam": "Aceh",
    "nad": "Aceh",
    "sulut": "Sulawesi Utara",
    "sulsel": "Sulawesi Selatan",
    "jabar": "Jawa Barat",
    "jateng": "Jawa Tengah",
    "jatim": "Jawa Timur",
}


@dataclass(frozen=True)
class Region:
    code: str
    name: str  # as in the list: `Kabupaten Pringsewu`, `Lampung`
    level: str  # provinsi | kabupaten_kota

    @property
    def province_code(self) -> str:
        return self.code.split(".")[0]


@dataclass(frozen=True)
class Place:
    """What the region columns of `documents` say."""

    province: str | None
    regency: str | None
    region_code: str | None


def _key(text: str) -> str:
    text = re.sub(r"[^\p{L}\p{N} ]+", " ", text.lower())
    return " ".join(text.split())


@lru_cache(maxsize=1)
def regions() -> tuple[Region, ...]:
    ref = resources.files("extractors") / "data" / "wilayah_kabupaten_kota.csv"
    with ref.open(encoding="utf-8") as fh:
        return tuple(
            Region(r["kode"].strip(), " ".join(r["nama"].split()), r["level"].strip())
            for r in csv.DictReader(fh)
        )


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict[str, Region], dict[tuple[str, str], Region]]:
    provinces: dict[str, Region] = {}
    regencies: dict[tuple[str, str], Region] = {}
    for r in regions():
        if r.level == "provinsi":
            provinces[_key(r.name)] = r
        else:
            kind, _, core = r.name.partition(" ")
            core = re.sub(r"^Administrasi\s+", "", core)
            regencies[("kabupaten" if kind == "Kabupaten" else "kota", _key(core))] = r
            regencies.setdefault(("any", _key(core)), r)
    return provinces, regencies


def province_short(name: str) -> str:
    return SHORT_PROVINCE.get(name, name)


def province_by_code(code: str) -> Region | None:
    return next((r for r in regions() if r.code == code), None)


_REGENCY_CUE = re.compile(
    r"\b(?P<cue>kabupaten|kab\.?|bupati|kota|wali\s*kota|walikota)\s+(?:administrasi\s+|adm\.?\s+)?"
    r"(?P<rest>[\p{L}\p{N} .]+)",
    re.IGNORECASE,
)
_PROVINCE_CUE = re.compile(
    r"\b(?:provinsi|propinsi|prov\.?|gubernur)\s+(?P<rest>[\p{L}\p{N} .]+)", re.IGNORECASE
)


def find_regency(text: str) -> Region | None:
    """The first kabupaten/kota a phrase names (`Walikota Jakarta Barat` -> Kota Adm. Jakarta Barat)."""
    _, regencies = _indexes()
    for m in _REGENCY_CUE.finditer(text, overlapped=True):
        cue = m.group("cue").lower().replace(" ", "")
        kind = "kabupaten" if cue.startswith(("kab", "bupati")) else "kota"
        words = _key(m.group("rest")).split()
        for n in range(min(len(words), 5), 0, -1):
            phrase = " ".join(words[:n])
            hit = regencies.get((kind, phrase))
            if hit:
                return hit
    return None


def find_province(text: str) -> Region | None:
    """The first province a phrase names after `Provinsi`/`Gubernur`, short forms included."""
    provinces, _ = _indexes()
    for m in _PROVINCE_CUE.finditer(text, overlapped=True):
        words = _key(m.group("rest")).split()
        for n in range(min(len(words), 5), 0, -1):
            phrase = " ".join(words[:n])
            name = _PROVINCE_ALIASES.get(phrase)
            hit = provinces.get(_key(name)) if name else provinces.get(phrase)
            if hit:
                return hit
    return None


def locate(unit_texts: list[str], other_texts: list[str]) -> Place:
    """Region columns for a unit: its own texts first (position, unit, headings), then the rest.

    A regency named in the unit's texts wins and brings its province; else the
    unit is province-level and the code is the province's.
    """
    for text in unit_texts:
        regency = find_regency(text)
        if regency:
            province = province_by_code(regency.province_code)
            return Place(province_short(province.name) if province else None,
                         regency.name, regency.code)
    for text in unit_texts + other_texts:
        province = find_province(text)
        if province:
            return Place(province_short(province.name), None, province.code)
    return Place(None, None, None)
