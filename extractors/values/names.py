"""People's names and positions: split off degrees, pick a display spelling, title-case.

Agreements print a signatory's name several times (opening block in capitals, signature in
mixed case, with or without degrees), so the pipeline needs one canonical spelling.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex as re

__all__ = ["PersonName", "display_name", "is_acting", "is_degree", "split_name", "title_case"]


@dataclass(frozen=True)
class PersonName:
    name: str | None
    degrees: tuple[str, ...]


# Titles written before the name (lower-case keys, without the dot).
_PREFIX_TITLES = {"prof", "dr", "drs", "dra", "drg", "drh", "ir", "h", "hj", "kh", "ns", "apt",
                  "rr", "rd"}  # Rr., Rd.: Raden Roro, Raden (Javanese titles), not names
# Degrees written after the name, lower-case, dots and spaces removed.
_SUFFIX_DEGREES = {
    "sh", "se", "st", "sp", "ss", "sag", "sak", "sap", "sds", "sfarm", "sgz", "shi", "shum",
    "sikom", "sip", "skep", "skes", "skg", "skh", "skm", "skom", "sked", "spd", "spdi", "spsi",
    "spt", "ssi", "ssos", "sstp", "sstpt", "ssit", "ssn", "stp", "str", "stk", "sth", "sthi",
    "sted", "ssy", "spi", "stat", "sitp", "smb", "mh", "mm", "mt", "msi", "mkes", "map", "mpd",
    "mpdi", "mkom", "mak", "msc", "ma", "mba", "mpa", "mpp", "mph", "mhum", "mkn", "mag",
    "mars", "mtp", "mep", "mec", "mstat", "mkm", "mhkes", "mip", "msos", "mte", "mti", "msm",
    "mem", "mfarm", "mkep", "mpsi", "ms", "mbiomed", "mgz", "mpwk", "mdm", "mmsi", "phd",
    "dea", "dess", "llm", "mphil", "bsc", "ba", "be", "meng", "md", "spa", "spak", "sppd",
    "spog", "spb", "spm", "sprad", "spkj", "sppk", "spjp", "spn", "spp", "spkk", "spthtkl",
    "sps", "spot", "spu", "spbs", "spfk", "spkfr", "spmk", "sprm", "spgk", "sppa", "dr", "drs",
    "dra", "ir", "prof", "amd", "amdkep", "amdkeb", "ak", "cpa", "ca", "cfe", "cfrm", "qia",
    "cgcae", "apt", "ns",
}  # fmt: skip


def _key(token: str) -> str:
    return re.sub(r"[\s.\-]", "", token).lower()


def is_degree(token: str) -> bool:
    """True for a degree or title as written: ``S.Kom``, ``M.Si.``, ``Ph.D``, ``dr.``, ``MH``."""
    key = _key(token.strip(" ,;"))
    if not key:
        return False
    if key in _SUFFIX_DEGREES or key in _PREFIX_TITLES:
        return True
    # Shape: a specialist title "Sp.XX" or "S.Xxx"/"M.Xxx" with an inner dot.
    return bool(re.fullmatch(r"(?:Sp|S|M)\.\s?\p{Lu}[\p{L}.]{0,6}", token.strip(" ,;")))


def _prefix_parts(token: str) -> list[str] | None:
    """``Prof.Dr.Ir.`` -> ["Prof.", "Dr.", "Ir."] when every part is a prefix title."""
    parts = re.findall(r"\p{L}+\.?", token)
    if not parts or "".join(parts) != token:
        return None
    for part in parts:
        bare = part.rstrip(".").lower()
        if bare not in _PREFIX_TITLES:
            return None
        # A bare single letter is an initial, not "H." (Haji), unless written with the dot.
        if len(bare) == 1 and not part.endswith("."):
            return None
    return parts


def _inner_degree(token: str) -> bool:
    """A trailing token before any comma that is certainly a degree: ``M.Si``, ``S.Kom``."""
    return "." in token.strip(".") and _key(token) in _SUFFIX_DEGREES


def split_name(raw: str | None) -> PersonName:
    """``dr. Ani Rahma, M.Kes`` -> ("Ani Rahma", ("dr.", "M.Kes")): degrees kept as written.

    Prefix titles are known words at the start; after the first comma everything is a
    degree. Single initials (``E.``) stay in the name.
    """
    if raw is None:
        return PersonName(None, ())
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw)).strip(" ,;")
    if not text:
        return PersonName(None, ())
    head, _, tail = text.partition(",")
    prefixes: list[str] = []
    tokens = head.split()
    while tokens:
        parts = _prefix_parts(tokens[0])
        if parts is None or (len(tokens) == 1 and not tail and not prefixes):
            break
        prefixes.extend(parts)
        tokens.pop(0)
    suffixes: list[str] = []
    while len(tokens) > 1 and _inner_degree(tokens[-1]):
        suffixes.insert(0, tokens.pop())
    degrees_after: list[str] = []
    for piece in tail.split(","):
        piece = piece.strip(" ;")
        if not piece:
            continue
        words = piece.split()
        if len(words) > 1 and all(is_degree(w) for w in words):
            degrees_after.extend(words)
        else:
            degrees_after.append(piece)
    name = " ".join(tokens).strip(" ,;") or None
    if name is not None and not tail and not prefixes and is_degree(name) and " " not in name:
        return PersonName(None, (name,))
    return PersonName(name, tuple(prefixes + suffixes + degrees_after))


def _is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_mixed(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return any(c.isupper() for c in letters) and any(c.islower() for c in letters)


def display_name(spellings: list[str]) -> str | None:
    """The spelling to show: the first mixed-case one, else the first title-cased.

    Opening blocks print names in capitals, signature blocks usually in the person's own
    spelling, which is the better one to keep.
    """
    cleaned = [re.sub(r"\s+", " ", s).strip() for s in spellings if s and s.strip()]
    if not cleaned:
        return None
    for spelling in cleaned:
        if _is_mixed(spelling):
            return spelling
    return title_case(cleaned[0])


_LOWER_WORDS = {
    "dan", "dari", "di", "ke", "untuk", "yang", "atau", "serta", "pada", "dengan", "bagi",
    "oleh", "terhadap",
}  # fmt: skip
_ACRONYMS = {
    "DKI", "RI", "DPRD", "SKPD", "OPD", "UPT", "UPTD", "BPK", "BPKP", "PBJ", "SPBE", "RSUD",
    "BLUD", "UKPD", "APBD", "ASN", "PNS", "TNI", "POLRI", "NKRI", "KSD", "SAKIP", "BUMD",
}  # fmt: skip
_ROMAN = re.compile(r"(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)")


def _cap_word(word: str) -> str:
    """Capitalise each part of ``BARANG/JASA`` or ``SITI-AISYAH``."""
    return re.sub(
        r"\p{L}[\p{L}']*",
        lambda m: m.group(0)[0].upper() + m.group(0)[1:].lower(),
        word,
    )


def title_case(text: str) -> str:
    """Title case for an all-caps phrase: ``PEMBINA TK. I`` -> ``Pembina Tk. I``.

    Roman numerals and a short list of government acronyms stay upper-case, Indonesian
    function words (``dan``, ``di``, ``untuk`` …) are lower-case except at the start.
    """
    words = text.split()
    out: list[str] = []
    for i, word in enumerate(words):
        core = re.sub(r"^\W+|\W+$", "", word)
        upper = core.upper()
        nxt = words[i + 1].upper() if i + 1 < len(words) else ""
        if (
            upper in _ACRONYMS
            or _ROMAN.fullmatch(upper)
            or (upper == "DI" and nxt.startswith("YOGYAKARTA"))
        ):
            out.append(word.upper())
        elif i > 0 and core.lower() in _LOWER_WORDS and core == word:
            out.append(word.lower())
        else:
            out.append(_cap_word(word))
    return " ".join(out)


_ACTING = re.compile(
    r"(?<!\p{L})(?:pjs?|plt|plh)(?!\p{L})|\b(?:penjabat|pelaksana\s+(?:tugas|harian))\b",
    re.IGNORECASE,
)


def is_acting(position: str | None) -> bool:
    """True when the position is held in an acting capacity (Pj., Plt., Plh., Penjabat …).

    ``Pejabat`` (an official) is not acting, ``Penjabat`` (an acting head) is.
    """
    return bool(position) and bool(_ACTING.search(unicodedata.normalize("NFKC", position)))
