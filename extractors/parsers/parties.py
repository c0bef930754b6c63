"""The two parties: opening `Nama : / Jabatan :` blocks, identity blocks, signatures.

The opening block names each party and its position and says which is which
(`selanjutnya disebut PIHAK PERTAMA`). Other places add what it lacks: an
RK's `Nama / NIP / Jabatan / Unit Kerja` block, and signature blocks (the
name in mixed case, a rank line, the NIP).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import regex as re
from rapidfuzz import fuzz

from extractors.model.findings import Finding, error, warning
from extractors.model.layout import Part, TextLine
from extractors.model.records import PartyRow, ValueAt
from extractors.values import clean_text
from extractors.values.names import display_name, is_acting, split_name, title_case
from extractors.values.nip import find_nip, find_nips, parse_nip

_KV = re.compile(r"^\s*(?P<key>\p{L}(?:\s?[\p{L}/.]){1,24}?)\s*:\s*(?P<value>.*)$")
# A scan's opening block: the colon read as `;`, `"`, `“` or lost (`Jabatan KEPALA BIDANG …`,
# `Nama "Ir. BAMBANG …`); only the block's own key words are taken without their colon.
_KV_SCANNED = re.compile(
    r"^\s*(?P<key>nama|jabatan|nip|pangkat(?:\s*/\s*gol(?:ongan|\.)?)?|unit\s+kerja|instansi)"
    r"(?:\s*[;\"“”'=]\s*|\s+(?=[\p{Lu}\d(]))(?P<value>\S.*)$", re.IGNORECASE)
# `PIHAK` as scans spell it: `PlHAK`, `P1HAK`, `P5HAK`, `PIHAK` with a space.
_PIHAK = r"p[il1|!5í]\s?h\s?a\s?k"
# `disebut`, also as scans spell it (`disebul`, `disebu1`).
_DISEBUT = r"dise[bh8][uv][tl1i!|]"
_ROLE = re.compile(
    rf"{_DISEBUT}\s+(?:sebagai\s+)?{_PIHAK}\s+(?P<role>pertama|kesatu|kedua|i{{1,2}}\b|ke-?[12])",
    re.IGNORECASE,
)
_STOP = re.compile(rf"\b(selanjutnya|selaku|{_DISEBUT}|{_PIHAK}\s+(pertama|kesatu|kedua))\b",
                   re.IGNORECASE)
_RANK = re.compile(
    r"^(pembina|penata|pengatur|juru)((\s+(utama|madya|muda|tingkat|tk\.?))*)"
    r"(\s+(i{1,2}|1|2)\b)?\.?(\s*[,(]?\s*(i{1,2}|iii|iv)\s*/\s*[a-e]\)?)?$",
    re.IGNORECASE,
)
_KEYS = {
    "nama": "name", "jabatan": "position", "nip": "nip", "unitkerja": "unit",
    "unitorganisasi": "unit", "instansi": "unit", "pangkat": "rank", "pangkat/gol": "rank",
    "pangkat/golongan": "rank", "pangkat/gol.": "rank", "golongan": "rank",
}


@dataclass
class PartyDraft:
    """What the document says of one person, gathered from several places."""

    role: str | None = None
    names: list[str] = field(default_factory=list)  # spellings, degrees split off
    degrees: tuple[str, ...] = ()
    position: str | None = None
    nip: str | None = None
    nip_at: TextLine | None = None
    rank: str | None = None
    unit: str | None = None
    line: TextLine | None = None

    def key(self) -> str:
        return (self.names[0] if self.names else "").upper()


@dataclass(frozen=True)
class Parties:
    rows: tuple[PartyRow, ...]
    findings: tuple[Finding, ...]
    first_unit: str | None  # `Unit Kerja` of the first party, where a block gives it
    first_position: str | None
    second_position: str | None


_KEY_WORD = re.compile(r"^(nama|jabatan|nip|pangkat|golongan|unit\s+kerja|instansi)\b", re.IGNORECASE)
_STACKED_KEY = re.compile(r"^(nama|jabatan|nip|pangkat(\s*/\s*gol\w*\.?)?|golongan|unit\s+kerja|instansi"
                          r"|selanjutnya\s+disebut(\s+sebagai)?(\s+pihak)?)\s*:?$", re.IGNORECASE)


def _unstacked(lines: list[TextLine]) -> list[TextLine]:
    """A table row holding the block's keys stacked in one cell and their values stacked in
    another (`Nama` / `Jabatan` | `:` | `Ir. X` / `KEPALA DINAS …` / `PROVINSI …`), as one
    line per key, `Nama : Ir. X`. The last key takes the value lines left over (a long position
    wraps), unless it is `Selanjutnya disebut (PIHAK)`, whose value is the last line (`KESATU`):
    then the key before it takes them."""
    out: list[TextLine] = []
    for line in lines:
        filled = [c for c in line.cells if c.strip()]
        keys = [k.strip() for k in filled[0].split("\n") if k.strip()] if len(filled) >= 2 else []
        values = [v.strip() for v in filled[-1].split("\n") if v.strip()] if keys else []
        if len(keys) < 2 or not all(_STACKED_KEY.match(k) for k in keys) or len(values) < len(keys):
            out.append(line)
            continue
        extra = len(values) - len(keys)  # wrapped lines, all of one key's value
        wraps = len(keys) - 2 if extra and keys[-1].lower().startswith("selanjutnya") else len(keys) - 1
        for k, key in enumerate(keys):
            start = k if k <= wraps else k + extra
            value = " ".join(values[start:start + 1 + extra]) if k == wraps else values[start]
            key = key.rstrip(" :")
            text = f"{key} {value}" if key.lower().startswith("selanjutnya") else f"{key} : {value}"
            out.append(replace(line, text=text, cells=()))
    return out


def _kv(text: str, scanned: bool = True) -> tuple[str, str] | None:
    """`Key : value` of a party block; `scanned` also takes the colon a scan lost or misread."""
    m = _KV.match(text)
    if not m and scanned:
        m = _KV_SCANNED.match(text)
        if m and _KEY_WORD.match(m.group("value")):
            return None  # `Nama Jabatan 1: …`: keys in a row, no value of the first
    if not m:
        return None
    key = _KEYS.get(re.sub(r"\s+", "", m.group("key")).lower())
    return (key, m.group("value").strip()) if key else None


def _blocks(lines: list[TextLine]) -> list[PartyDraft]:
    """Every `Nama :` block with what follows it, and the role its closing sentence gives."""
    drafts: list[PartyDraft] = []
    i = 0
    while i < len(lines):
        kv = _kv(lines[i].text)
        if not kv or kv[0] != "name" or not kv[1]:
            i += 1
            continue
        person = split_name(kv[1])
        draft = PartyDraft(names=[person.name] if person.name else [], degrees=person.degrees,
                           line=lines[i])
        i += 1
        last_key = "name"
        while i < len(lines):
            text = lines[i].text
            kv = _kv(text)
            if kv and kv[0] == "name":
                break
            if kv:
                last_key = kv[0]
                _set(draft, kv[0], kv[1], lines[i])
            elif re.match(r"^\s*NIP\b", text, re.IGNORECASE) and find_nip(text):
                last_key = "nip"  # a scan that lost the colon: `NIP 1196…`
                _set(draft, "nip", text[3:], lines[i])
            elif _STOP.search(text):
                m = _ROLE.search(text)
                if m:
                    draft.role = _role(m.group("role"))
                i += 1
                break
            elif (last_key in {"position", "unit"} and not lines[i].from_grid
                  and not _looks_like_prose(text)):
                _set(draft, last_key, text, lines[i], append=True)
            else:
                break
            i += 1
        drafts.append(draft)
    return drafts


def _looks_like_prose(text: str) -> bool:
    return len(text) > 90 or text.endswith(".")


def _set(draft: PartyDraft, key: str, value: str, at: TextLine, append: bool = False) -> None:
    if key == "nip":
        draft.nip = draft.nip or find_nip("NIP " + value)
        draft.nip_at = draft.nip_at or at
    elif key == "rank":
        draft.rank = draft.rank or value
    elif key in {"position", "unit"}:
        old = getattr(draft, key)
        setattr(draft, key, f"{old} {value}" if append and old else (old or value))


def _role(word: str) -> str:
    return "second" if word.lower() in {"kedua", "ii", "ke-2", "ke2"} else "first"


def _same_person(a: str, b: str) -> bool:
    return bool(a and b) and fuzz.token_sort_ratio(a.upper(), b.upper()) >= 88


def _find_name(key: str, line: str) -> int:
    """Where a name stands in a line, allowing OCR slips (`CHRISTIANO EK. TALUMEPA`); -1 if not."""
    pos = line.find(key)
    if pos >= 0 or len(key) < 8:
        return pos
    found = fuzz.partial_ratio_alignment(key, line, score_cutoff=85)
    return found.dest_start if found else -1


def _x_centre(line: TextLine, pos: int, length: int) -> float | None:
    """Where on the page a stretch of a line stands, by its share of the line's characters."""
    bbox = line.at.bbox
    if bbox is None or not line.text:
        return None
    x0, _, x1, _ = bbox
    return x0 + (x1 - x0) * (pos + length / 2) / len(line.text)


def _signatures(lines: list[TextLine], drafts: list[PartyDraft]) -> None:
    """Spellings, ranks and NIPs from the lines around each place a party's name stands.

    A NIP (and the rank line above it) belongs to the name standing nearest above
    it: in the same column where the page gives positions, else the latest one.
    A NIP names one person, so it is never given to a second party.
    """
    seen: list[tuple[int, float | None, PartyDraft]] = []
    placed: dict[int, list[tuple[int, PartyDraft]]] = {}  # line -> (position, draft) of its names
    rank_lines: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if _kv(line.text, scanned=False):
            continue
        upper = line.text.upper()
        hits = [(pos, d) for d in drafts if d.key() and (pos := _find_name(d.key(), upper)) >= 0]
        if hits:
            for pos, draft in hits:
                seen.append((i, _x_centre(line, pos, len(draft.key())), draft))
                placed.setdefault(i, []).append((pos, draft))
                person = split_name(line.text)
                if person.name and person.name.upper() == draft.key():
                    draft.names.append(person.name)
            continue
        if _RANK.match(line.text.strip()):
            rank_lines.append((i, line.text.strip()))
            continue
        nip = find_nip(line.text)
        if not nip:
            continue
        if _side_by_side(find_nips(line.text), [ps for j, ps in placed.items() if i - 6 <= j < i],
                         drafts, line):
            continue
        near = [(j, x, d) for j, x, d in seen if i - 6 <= j < i]
        x_nip = _x_centre(line, line.text.upper().find("NIP"), 3)
        if not near:
            continue
        if x_nip is not None and all(x is not None for _, x, _ in near):
            _, x_owner, owner = min(near, key=lambda h: (abs(h[1] - x_nip), -h[0]))
            if abs(x_owner - x_nip) > _OTHER_COLUMN:
                continue  # the name above it in its own column was not read (a pen stroke over it)
        else:
            owner = max(near, key=lambda h: h[0])[2]
        same = _mend_nip(nip)[0]
        if (any(_mend_nip(d.nip)[0] == same for d in drafts if d is not owner)
                or owner.nip not in (None, nip)):
            continue
        owner.nip, owner.nip_at = nip, owner.nip_at or line
        rank = next((r for j, r in reversed(rank_lines) if max(h[0] for h in near) < j < i), None)
        owner.rank = owner.rank or rank


_LABEL = re.compile(rf"^{_PIHAK}\s+(?P<role>pertama|kesatu|kedua|i{{1,2}}|ke-?[12])\s*[,.:]?$", re.IGNORECASE)
_POST = re.compile(r"^(kepala|gubernur|bupati|wali\s?kota|wakil|sekretaris|direktur|camat|lurah|inspektur"
                   r"|asisten|menteri|plt|plh|pj|an\.|a\.n\.)\b", re.IGNORECASE)
_OTHER_COLUMN = 150.0  # points between a NIP and a name that stand in different signature columns
_SIGNATURE_DEPTH = 12  # lines under the `PIHAK KEDUA  PIHAK KESATU` labels that a signature block spans


def _signature_columns(lines: list[TextLine]) -> dict[str, PartyDraft]:
    """Parties from side-by-side signature blocks, for agreements without a `Nama :` block.

    Under a line holding both labels (`PIHAK KEDUA` … `PIHAK KESATU`), each
    stretch of the following lines belongs to the label nearest above it. In a
    column, the name is the last stretch before the rank or NIP (the lines above
    it are the position: `KEPALA DINAS KOMUNIKASI,` / `INFORMATIKA, …`), or the
    last one where the column has neither.
    """
    for i, line in enumerate(lines):
        labels = [(part.centre, _role(m.group("role"))) for part in line.parts
                  if (m := _LABEL.match(part.text.strip()))]
        if len({role for _, role in labels}) < 2:
            continue
        left, right = min(x for x, _ in labels), max(x for x, _ in labels)
        columns: dict[str, list[tuple[str, TextLine]]] = {role: [] for _, role in labels}
        for below in lines[i + 1:i + 1 + _SIGNATURE_DEPTH]:
            if below.at.page != line.at.page:
                break  # signature blocks do not run over a page break
            if not below.parts and below.at.bbox is None:
                continue
            whole = _whole(below)
            if not below.parts and whole.x0 < left and whole.x1 > right:
                break  # a line across both columns: the blocks have ended
            for part in below.parts or (whole,):
                role = min(labels, key=lambda lab, x=part.centre: abs(lab[0] - x))[1]
                columns[role].append((part.text.strip(), below))
        drafts = {role: _signature_draft(role, stretches) for role, stretches in columns.items()}
        return {role: d for role, d in drafts.items() if d.names}
    return {}


def _whole(line: TextLine) -> Part:
    x0, _, x1, _ = line.at.bbox or (0.0, 0.0, 0.0, 0.0)
    return Part(line.text, x0, x1)


def _side_by_side(nips: list[str], name_lines: list[list[tuple[int, PartyDraft]]],
                  drafts: list[PartyDraft], line: TextLine) -> bool:
    """Two NIPs on one line under a line holding both names (two signatures side by side, read
    as single lines): the k-th NIP is the k-th name's. False when that does not fit."""
    if len(nips) < 2 or not name_lines or len(name_lines[-1]) != len(nips):
        return False
    owners = [d for _, d in sorted(name_lines[-1], key=lambda h: h[0])]
    for owner, nip in zip(owners, nips, strict=True):
        mended = _mend_nip(nip)[0]
        if owner.nip is None and not any(_mend_nip(d.nip)[0] == mended for d in drafts if d is not owner):
            owner.nip, owner.nip_at = nip, owner.nip_at or line
    return True


_RANK_WORDS = ("pembina", "penata", "pengatur")


def _rank_slip(text: str) -> bool:
    """A rank a scan cut or misspelt (`embina Tk.1`, `Pernbina`): not a name."""
    first = text.strip().split(" ", 1)[0].lower().strip(".,")
    return len(first) >= 5 and any(fuzz.ratio(first, word) >= 80 for word in _RANK_WORDS)


def _signature_draft(role: str, stretches: list[tuple[str, TextLine]]) -> PartyDraft:
    draft = PartyDraft(role=role)
    words: list[str] = []
    for text, at in stretches:
        nip = find_nip(text)
        if nip:
            draft.nip, draft.nip_at = draft.nip or nip, draft.nip_at or at
            break
        if _RANK.match(text) or _rank_slip(text):
            draft.rank = draft.rank or text
            break
        if re.search(r"\p{L}{2}", text):
            words.append(text)
    if draft.rank and not draft.nip:
        after = stretches[[t for t, _ in stretches].index(draft.rank) + 1:]
        draft.nip, draft.nip_at = next(((n, a) for t, a in after if (n := find_nip(t))), (None, None))
    if not words:
        return draft
    person = split_name(words[-1])
    if person.name and len(person.name) >= 3 and not _POST.match(words[-1]):
        draft.names.append(person.name)
        draft.degrees = person.degrees
        draft.position = " ".join(words[:-1]).strip(" ,") or None
    return draft


def parse_parties(lines: list[TextLine], doc_id: str) -> Parties:
    lines = _unstacked(lines)
    drafts = _blocks(lines)
    parties: dict[str, PartyDraft] = {}
    extras: list[PartyDraft] = []
    for d in drafts:
        if d.role and d.role not in parties:
            parties[d.role] = d
        else:
            extras.append(d)
    if not parties and len(extras) >= 2 and any("PIHAK" in ln.text.upper() for ln in lines):
        parties = {"first": extras[0], "second": extras[1]}
        extras = extras[2:]
    if len(parties) < 2:
        for role, draft in _signature_columns(lines).items():
            parties.setdefault(role, draft)
    for extra in extras:
        match = next((p for p in parties.values() if extra.names and p.names
                      and _same_person(extra.names[0], p.names[0])), None)
        if match is None:
            continue
        match.names.extend(extra.names)
        match.nip = match.nip or extra.nip
        match.nip_at = match.nip_at or extra.nip_at
        match.rank = match.rank or extra.rank
        match.unit = match.unit or extra.unit
    _signatures(lines, list(parties.values()))
    rows: list[PartyRow] = []
    findings: list[Finding] = []
    for role, label in (("first", "PIHAK PERTAMA"), ("second", "PIHAK KEDUA")):
        d = parties.get(role)
        if d is None:
            findings.append(error("party_missing", f"No {label} block (`Nama : … / Jabatan : …` "
                                  f"followed by `disebut {label}`) was found; check the "
                                  "agreement's opening page."))
            continue
        rows.append(_row(d, role, doc_id, findings))
    first, second = parties.get("first"), parties.get("second")
    return Parties(tuple(rows), tuple(findings), first.unit if first else None,
                   clean_text(first.position) if first else None,
                   clean_text(second.position) if second else None)


def _mend_nip(nip: str | None) -> tuple[str | None, bool]:
    """`NIP : 1966…` scanned as `NIP 11966…`: a 19-digit run whose last 18 digits are a valid NIP."""
    if nip and len(nip) == 19 and not parse_nip(nip).valid and parse_nip(nip[1:]).valid:
        return nip[1:], True
    return nip, False


def _row(d: PartyDraft, role: str, doc_id: str, findings: list[Finding]) -> PartyRow:
    nip, mended = _mend_nip(d.nip)
    at = d.nip_at.at if d.nip_at else None
    if mended:
        findings.append(warning(
            "nip_mended", f"The NIP was written with one digit too many ({d.nip}); its last 18 digits "
            f"({nip}) make a valid NIP and are kept, since a ':' read as '1' is a common scan slip.",
            at.page if at else None, at.line if at else None))
    info = parse_nip(nip)
    if info.valid is False:
        findings.append(warning("nip_invalid", info.problem or f"NIP {info.nip} is not valid.",
                                at.page if at else None, at.line if at else None))
    position = clean_text(d.position)
    rank = clean_text(d.rank)
    if rank and rank.isupper():
        rank = title_case(rank)
    return PartyRow(
        doc_id=doc_id, role=role, name=display_name(d.names), degrees=tuple(d.degrees),
        position=position, nip=info.nip, nip_birth_date=info.birth_date,
        nip_appointed=info.appointed, nip_gender=info.gender, nip_valid=info.valid,
        rank=rank, acting=is_acting(position),
        read_at=(*((ValueAt("*", d.line.at, d.line.text),) if d.line else ()),
                 *(ValueAt(c, d.nip_at.at, d.nip_at.text) for c in (
                     "nip", "nip_birth_date", "nip_appointed", "nip_gender", "nip_valid")
                   if d.nip_at)),
    )


def with_first_position(parties: Parties, position: str | None) -> Parties:
    """The first party's position taken from elsewhere (a heading naming the post)."""
    rows = tuple(replace(r, position=position, acting=is_acting(position)) if r.role == "first" else r
                 for r in parties.rows)
    return replace(parties, rows=rows, first_position=position)


def for_document(parties: Parties, doc_id: str) -> Parties:
    """Parties read before the document had its id (to group a bundle's pieces), given it."""
    return replace(parties, rows=tuple(replace(r, doc_id=doc_id) for r in parties.rows))
