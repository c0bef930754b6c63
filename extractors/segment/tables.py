"""Grids -> typed table segments: which column means what, found by the header's meaning.

A reader's grid may hold several tables (a text rendering's PK and budget
tables run together) or one table's continuation (a header repeated where a
page broke). This module finds header rows, gives each column a role, and
hands the rows under each header to the domain parser for its kind.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

import regex as re
from rapidfuzz import fuzz, process

from extractors.model.layout import Cell
from extractors.segment.stacked import spread_header, stacked_header

# `Triwulan` and the ways scans spell it (`Tiwulan`, `Inwulan`, `Tnwulan`, `Triwuian`), `TW`, `Q`.
_QUARTER = r"(triwulan|tri wulan|tw|trw|q|\p{L}{0,3}w[uv][l1i|][a4][nm])"
# Column roles by header meaning; the first pattern that matches wins.
_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern))
    for role, pattern in (
        ("no", r"^(no|nomor|no urut|nomor urut)$"),
        # an action plan's columns (Rencana Aksi): the activity's output target, when it runs (a
        # `Jadwal` of quarters or months, or a `Waktu` cell such as `TW 2`); who answers for it
        # (`Penanggung Jawab`) only in a plan (_plan_outputs): beside a PK table it is unknown
        ("output_target", r"^target\s*(kegiatan|output|sub kegiatan|keluaran|/\s*output)$"),
        ("output", r"^(kriteria|indikator)\s+keberhasilan$"),
        ("schedule", r"^(jadwal(\s+(kegiatan|pelaksanaan|waktu))*|waktu(\s+pelaksanaan)?|bulan(\s+ke)?)$"),
        ("q1", rf"^{_QUARTER}\s*(i|1)$"),
        ("q2", rf"^{_QUARTER}\s*(ii|2)$"),
        ("q3", rf"^{_QUARTER}\s*(iii|3)$"),
        ("q4", rf"^{_QUARTER}\s*(iv|4)$"),
        ("quarters", rf"^(target\s+)?(per\s+)?{_QUARTER}(\s+ke)?$"),
        ("realised", r"^realisasi\b"),
        # *Capaian* beside a *Realisasi* column: the achievement, realised ÷ target as a percent
        ("achievement", r"^(capaian|persentase hasil capai|persentase capaian|%\s*capaian)\b|^%$"),
        ("k", r"^k$"),  # a realisation report's performance (*Kinerja*) beside the money spent
        ("rp", r"^rp$"),
        ("duty", r"^(uraian\s+tugas|rincian\s+tugas|tupoksi|tugas\s+pokok(\s+dan\s+fungsi)?"
                 r"|uraian\s+kegiatan\s+tugas(\s+jabatan)?|kegiatan\s+tugas(\s+jabatan)?"
                 r"|butir\s+kegiatan)$"),
        ("volume", r"^(volume|vol|kuantitas|target\s+volume|jumlah\s+volume)$"),
        ("action_plan", r"^(rencana aksi|rencana tindak lanjut|uraian kegiatan|langkah|tahapan)\b"),
        ("goal", r"^(sasaran|tujuan)(\s+(strategis|khusus|operasional|program|kegiatan"
                 r"|daerah|perangkat daerah|pd))?(\s*/\s*\w+)?$"),
        ("indicator", r"^(indikator|iku)(\s+(kinerja|sasaran|program|kegiatan|output|outcome))*"
                      r"(\s+utama)?(\s*\(iku\))?$"
                      # a Renja evaluation's `Indikator Kinerja Program (Outcome)/… Kegiatan (Output)`
                      r"|^indikator kinerja (program|kegiatan)\s*\((outcome|output)\)\s*/"),
        ("data_source", r"^sumber data$"),
        ("measurement", r"^(pengukuran kinerja|cara pengukuran|metode pengukuran|formula"
                        r"|formulasi( pengukuran)?|rumus( perhitungan)?|definisi operasional"
                        r"|cara perhitungan|penjelasan)$"),
        ("annual", r"^(target|tahunan|target tahunan|target tahun|target akhir tahun|target iku)"
                   r"(\s+(tahun\s+)?\d{4})?$"),
        ("funding", r"^sumber\s+(dana|anggaran|pendanaan)$"),
        ("remark", r"^(keterangan|ket)$"),
        ("unit", r"^(satuan|unit|satuan target)$"),
        ("program", r"^(program|program\s*/\s*kegiatan|program dan kegiatan|nama program|kegiatan"
                    r"|program\s*/\s*kegiatan\s*/\s*sub\s*kegiatan"
                    r"|urusan\s*/\s*bidang urusan\s*/\s*program\s*/\s*kegiatan)$"),
        ("amount", r"^(anggaran|pagu|pagu anggaran|jumlah anggaran|nilai anggaran|pagu indikatif"
                   r"|jumlah|anggaran\s+tahun\s+\d{4})(\s*\(?(rp|rupiah|idr)\)?)?$"),
    )
)
_CANONICAL: dict[str, str] = {
    "triwulan": "quarters", "target triwulan": "quarters", "sumber data": "data_source",
    "indikator kinerja": "indicator", "indikator kinerja utama": "indicator",
    "indikator sasaran": "indicator", "sasaran strategis": "goal", "sasaran": "goal",
    "pengukuran kinerja": "measurement", "keterangan": "remark", "satuan": "unit",
    "tahunan": "annual", "target tahunan": "annual", "program": "program",
    "anggaran": "amount", "pagu anggaran": "amount", "jumlah anggaran": "amount",
    "realisasi": "realised", "capaian": "achievement", "rencana aksi": "action_plan", "nomor": "no",
    "target": "annual", "triwulan i": "q1", "triwulan ii": "q2", "triwulan iii": "q3",
    "triwulan iv": "q4", "uraian tugas": "duty",
    "target/output": "output_target", "kriteria keberhasilan": "output",
}
_RESPONSIBLE = re.compile(r"^(penanggung\s*jawab|pj|pelaksana|unit\s+(kerja\s+)?pelaksana)$")
_PLAN_ONLY = frozenset(("schedule", "output", "output_target"))  # columns only an action plan has
_GOAL_TYPE = re.compile(r"\b(strategis|khusus|operasional)\b", re.IGNORECASE)
_COLUMN_NUMBERS = re.compile(r"^\(?\d{1,2}\)?$")


_RUN_TOGETHER = re.compile(r"(?<=\p{Ll})(?=\p{Lu}\p{Ll})")  # `SasaranStrategis`: justified, run together
_MARKS = re.compile(r"[.:*]+")


def norm_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _RUN_TOGETHER.sub(" ", text)
    text = text.lower().replace("\n", " ")
    text = _MARKS.sub(" ", text)
    return " ".join(text.split()).strip(" ()-")


def role_of(text: str) -> str | None:
    """The role a header cell names, or None. Tries the words joined too (`TARGE`/`T` in a PDF)."""
    spaced = norm_header(text)
    if not spaced:
        return None
    joined = norm_header(text.replace("\n", ""))
    for candidate in dict.fromkeys((spaced, joined)):
        for role, pattern in _ROLES:
            if pattern.search(candidate):
                return role
    if len(spaced) >= 6:  # a scan's slips: `Tiwulan`, `Sumbar Data`, `lndikator Kinerja`
        found = process.extractOne(spaced, list(_CANONICAL), scorer=fuzz.ratio, score_cutoff=85)
        if found:
            return _CANONICAL[found[0]]
    return _merged_role(spaced)


def _merged_role(text: str) -> str | None:
    """Two headers a scan ran into one cell (`Anggaran Keterangan`): the first one's role, when
    both halves name a role."""
    words = text.split()
    if not 2 <= len(words) <= 5:
        return None
    for cut in range(1, len(words)):
        left, right = " ".join(words[:cut]), " ".join(words[cut:])
        roles = [next((role for role, pattern in _ROLES if pattern.search(part)), None)
                 for part in (left, right)]
        if roles[0] and roles[1]:
            return roles[0]
    return None


@dataclass(frozen=True)
class Header:
    """Column roles of one table, plus what the header said beyond roles."""

    roles: tuple[str | None, ...]  # per column
    texts: tuple[str, ...]  # header text per column (sub-header included)
    goal_type: str | None  # from a goal column named `Sasaran Strategis` etc.
    rows: int  # header rows consumed (1 or 2)

    @property
    def kind(self) -> str | None:
        present = {r for r in self.roles if r}
        if "action_plan" in present or (present & _PLAN_ONLY and present & {"program", "indicator"}):
            return "action_plan"
        if "realised" in present or (
                "achievement" in present and not {"program", "amount"} <= present):
            return "report"
        periods = {"annual", "q1", "q2", "q3", "q4", "quarters"}
        if "indicator" in present and present & periods:
            return "performance"
        if "duty" in present and present & (periods | {"volume", "unit"}):
            return "performance"  # a functional officer's duties, with a quantity column
        if "program" in present and "amount" in present:
            return "budget"
        return None

    def columns(self, role: str) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r == role]

    def column(self, role: str) -> int | None:
        found = self.columns(role)
        return found[0] if found else None

    def unknown(self) -> list[str]:
        return [t for t, r in zip(self.texts, self.roles, strict=True) if t and r is None]

    def signature(self) -> tuple[str | None, ...]:
        return self.roles


def _texts(row: tuple[Cell, ...]) -> list[str]:
    return [c.text.strip() for c in row]


def is_column_numbers(row: tuple[Cell, ...], under_header: bool = False) -> bool:
    """`(1) (2) (3) …`, or `1 | 2 | 3 | 4` right under a header: a row numbering the columns, not data."""
    texts = [t for t in _texts(row) if t]
    if len(texts) < 3 or not all(_COLUMN_NUMBERS.match(t) for t in texts):
        return False
    if any(t.startswith("(") for t in texts):
        return True
    numbers = [int(t.strip("()")) for t in texts]
    return under_header and numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] <= 2


def read_header(rows: tuple[tuple[Cell, ...], ...], start: int) -> Header | None:
    """A header starting at rows[start], with an optional sub-header row (`I II III IV`)."""
    row = rows[start]
    texts = _texts(row)
    roles = [role_of(t) for t in texts]
    named = [r for r in roles if r]
    filled = [t for t in texts if t]
    if len(named) < 2 or len(named) * 2 < len(filled):
        return None
    if not {"indicator", "duty", "program", "goal", "amount"} & set(named) and "realised" not in named:
        return None
    used = 1
    header_texts = list(texts)
    if start + 1 < len(rows):
        sub = _texts(rows[start + 1])
        sub_roles = [role_of(_quarter_word(t)) if t else None for t in sub]
        _plan_columns(roles, header_texts, sub, sub_roles)
        periods = [r for r in sub_roles if r in {"q1", "q2", "q3", "q4", "annual"}]
        if _quarters_by_place(roles, sub):
            sub_roles = [None] * len(sub)
            start_q = roles.index("quarters")
            for k in range(4):
                sub_roles[start_q + k] = f"q{k + 1}"
        elif is_column_numbers(rows[start + 1], under_header=True) or not (
                len(periods) >= 2 and len(periods) == sum(1 for t in sub if t)):
            sub_roles = []
        if sub_roles:
            for i, r in enumerate(sub_roles):
                if r and i < len(roles) and roles[i] in {None, "quarters", "annual"}:
                    roles[i] = r
                    header_texts[i] = f"{texts[i]} {sub[i]}".strip()
            used = 2
    if "quarters" in roles and not {"q1", "q2", "q3", "q4"} & set(roles):
        # A `Triwulan` cell spanning four empty header cells whose I–IV row a scan lost: by place.
        start_q = roles.index("quarters")
        if start_q + 4 <= len(roles) and all(not texts[i] for i in range(start_q + 1, start_q + 4)):
            for k in range(4):
                roles[start_q + k] = f"q{k + 1}"
            if used == 1 and start + 1 < len(rows) and _short_cells(rows[start + 1], start_q):
                used = 2
    _plan_outputs(roles, header_texts)
    goal_col = next((i for i, r in enumerate(roles) if r == "goal"), None)
    goal_type = None
    if goal_col is not None:
        m = _GOAL_TYPE.search(texts[goal_col])
        goal_type = m.group(1).lower() if m else None
    return Header(tuple(roles), tuple(header_texts), goal_type, used)


def _plan_columns(roles: list[str | None], texts: list[str], sub: list[str],
                  sub_roles: list[str | None]) -> None:
    """An action plan's two-row header, in place: a word under a header cell that wraps it
    (`TARGET` / `KEGIATAN`, `PENANGGUNG` / `JAWAB`) joins it, and the columns under a
    `Jadwal` cell (its quarters, or months) are all the schedule's."""
    if not any(r in {"q1", "q2", "q3", "q4"} for r in sub_roles):
        return
    for i, text in enumerate(sub):
        if text and sub_roles[i] not in _QS and i < len(texts) and texts[i]:
            joined = role_of(f"{texts[i]} {text}") or (
                "responsible" if _RESPONSIBLE.match(norm_header(f"{texts[i]} {text}")) else None)
            if joined:
                roles[i], texts[i], sub[i] = joined, f"{texts[i]} {text}", ""
    if "schedule" in roles:
        at = roles.index("schedule")
        end = next((i for i in range(at + 1, len(roles)) if texts[i]), len(roles))
        for i in range(at, end):
            roles[i] = "schedule"
            if sub[i] and sub_roles[i]:
                texts[i] = f"{texts[i]} {sub[i]}".strip()
            sub[i], sub_roles[i] = "", None


def _plan_outputs(roles: list[str | None], texts: list[str]) -> None:
    """In an action plan, an indicator column after the first (`Indikator Kegiatan`, `Indikator
    Output`) is the activity's output, not an indicator of the plan; `Penanggung Jawab` names
    who answers for the activity."""
    present = set(roles)
    if not ("action_plan" in present or present & _PLAN_ONLY):
        return
    for i, text in enumerate(texts):
        if roles[i] is None and text and _RESPONSIBLE.match(norm_header(text)):
            roles[i] = "responsible"
    if roles.count("indicator") < 2:
        return
    first = roles.index("indicator")
    for i in range(first + 1, len(roles)):
        if roles[i] == "indicator":
            roles[i] = "output"


def _short_cells(row: tuple[Cell, ...], start_q: int) -> bool:
    """A row holding nothing but short marks under the quarter columns: a garbled `I II III IV`."""
    texts = _texts(row)
    filled = [i for i, t in enumerate(texts) if t]
    return bool(filled) and all(start_q <= i < start_q + 4 and len(texts[i]) <= 5 for i in filled)


def continues(header: Header, previous: Header) -> Header:
    """A header repeated on a new page that a scan read worse keeps the previous page's columns.

    Same width and kind, and every column either agrees or is one the scan lost
    (no role, or the quarters' spanning cell where the first page had Q1–Q4).
    """
    if len(header.roles) != len(previous.roles) or header.kind != previous.kind or header == previous:
        return header
    for mine, theirs in zip(header.roles, previous.roles, strict=True):
        if mine != theirs and mine not in (None, "quarters") and not (mine in _QS and theirs in _QS):
            return header
    return Header(previous.roles, header.texts, header.goal_type or previous.goal_type, header.rows)


_QS = {"q1", "q2", "q3", "q4", "quarters"}


def _quarters_by_place(roles: list[str | None], sub: list[str]) -> bool:
    """Four short cells right under a `Triwulan` header are its quarters, however a scan spelled them."""
    if "quarters" not in roles:
        return False
    start = roles.index("quarters")
    filled = [i for i, t in enumerate(sub) if t]
    return filled == list(range(start, start + 4)) and all(len(sub[i]) <= 4 for i in filled)


def _quarter_word(text: str) -> str:
    """A bare roman numeral or digit under `Triwulan` means that quarter."""
    bare = text.strip().upper().rstrip(".")
    if bare in {"I", "II", "III", "IV", "1", "2", "3", "4"}:
        return f"TW {bare}"
    return text


@dataclass(frozen=True)
class Segment:
    """Rows under one header (a repeated header starts a new segment of the same signature)."""

    header: Header
    rows: tuple[tuple[Cell, ...], ...]
    header_cell: Cell  # where the header stands, for findings
    hard_breaks: bool = False  # a cell's line breaks were typed (Word), not wrapped by a layout
    header_row: tuple[Cell, ...] = ()  # the header's first row: where each column's name stands


_NO_CELL = re.compile(r"^\s*\d{1,3}\s*[.)]?\s*$")
_AMOUNT_CELL = re.compile(r"^\s*(rp\.?\s*)?\d{1,3}(?:[.,\s]\s?\d{3}){2,}(?:[.,]\s?(?:\d{2}|-+))?\s*,?-*\s*$",
                          re.IGNORECASE)
_FUNDING_CELL = re.compile(r"^\s*(apbd|apbn|dak|dau|dbh|blud|pad|hibah)\b", re.IGNORECASE)
_CURRENCY_CELL = re.compile(r"^\s*(rp|idr)\.?\s*$", re.IGNORECASE)
_BY_CONTENT = 0.6  # share of a column's filled cells that must hold the kind of value


def _holds(rows: list[tuple[Cell, ...]], col: int, pattern: re.Pattern[str]) -> bool:
    cells = [r[col].text for r in rows if col < len(r) and r[col].text.strip()]
    return len(cells) >= 2 and sum(1 for c in cells if pattern.match(c)) >= _BY_CONTENT * len(cells)


def with_content_roles(header: Header, rows: list[tuple[Cell, ...]]) -> Header:
    """Roles the header left unnamed, taken from what its column's cells hold: a column of rupiah
    amounts beside a Program column is the amount column whatever its header (or the header's
    OCR) says, a column of `APBD` / `APBN` right of it the funding; a first column without a
    header that holds small whole numbers is the NO column; a header set one column off its
    cells is moved onto them."""
    roles = list(header.roles)
    texts = list(header.texts)
    filled = [sum(1 for r in rows if c < len(r) and r[c].text.strip()) for c in range(len(roles))]
    for c, role in enumerate(header.roles):
        # A justified header set one column off its cells: the role moves to the empty-headed
        # column beside it that holds the cells.
        if role is None or filled[c]:
            continue
        for side in (c - 1, c + 1):
            if 0 <= side < len(roles) and roles[side] is None and not texts[side] and filled[side]:
                roles[side], roles[c] = role, None
                texts[side], texts[c] = texts[c], ""
                break
    for c, role in enumerate(list(roles)):
        # `Program` over the numbers and the names (a header cell merged over two columns):
        # the numbers are the row's NO, the names the program's.
        if (role in ("program", "goal", "indicator", "duty") and c + 1 < len(roles)
                and roles[c + 1] is None and not texts[c + 1] and filled[c + 1]
                and _holds(rows, c, _NO_CELL)):
            roles[c], roles[c + 1] = "no", role
            texts[c], texts[c + 1] = "", texts[c]
    amount = roles.index("amount") if "amount" in roles else None
    if amount is not None and amount + 2 < len(roles) and _holds(rows, amount, _CURRENCY_CELL) and _holds(
            rows, amount + 1, _AMOUNT_CELL) and roles[amount + 2] is None and not texts[amount + 2]:
        # `Anggaran` over a `Rp.` column and the numbers, the next header one column early:
        # the numbers are the amount's, the role over them moves to the column after.
        roles[amount + 1:amount + 3] = [None, roles[amount + 1]]
        texts[amount + 1:amount + 3] = ["", texts[amount + 1]]
    if "program" in roles and "amount" not in roles:
        col = next((c for c, r in enumerate(roles) if r is None and _holds(rows, c, _AMOUNT_CELL)), None)
        if col is not None:
            roles[col] = "amount"
    if "amount" in roles and "funding" not in roles and "remark" not in roles:
        col = next((c for c in range(roles.index("amount") + 1, len(roles))
                    if roles[c] is None and _holds(rows, c, _FUNDING_CELL)), None)
        if col is not None:
            roles[col] = "funding"
    if roles and roles[0] is None and "no" not in roles and len(header.texts[0]) <= 3 and _holds(
            rows, 0, _NO_CELL):
        roles[0] = "no"
    if roles == list(header.roles):
        return header
    return replace(header, roles=tuple(roles), texts=tuple(texts))


def split_segments(
    rows: tuple[tuple[Cell, ...], ...],
) -> tuple[tuple[tuple[Cell, ...], ...], list[Segment]]:
    """Split a grid at its header rows: (rows before any header, segments)."""
    leading: list[tuple[Cell, ...]] = []
    segments: list[Segment] = []
    current: Header | None = None
    current_cell: Cell | None = None
    current_row: tuple[Cell, ...] = ()
    body: list[tuple[Cell, ...]] = []
    i = 0
    while i < len(rows):
        header = read_header(rows, i)
        stacked = stacked_header(rows, i, read_header)  # a plan's header set as rows of fragments
        if stacked is not None and (header is None or stacked[1] > header.rows):
            header, used = stacked
            if current is not None and (current.kind, len(current.roles)) == (header.kind, len(header.roles)):
                header = current  # repeated on a new page with its first fragments dropped
            header = replace(header, rows=used)
        elif header is not None:
            pending = body if current is not None else leading  # where rows[i - 1] went, if anywhere
            header, up, down = spread_header(rows, i, header, bool(pending) and pending[-1] is rows[i - 1],
                                             read_header)
            if up:
                pending.pop()
            header = replace(header, rows=header.rows + down)
        if header is not None:
            if current is not None and current_cell is not None:
                segments.append(Segment(with_content_roles(current, body), tuple(body), current_cell,
                                        header_row=current_row))
            current, current_cell, current_row, body = header, rows[i][0], rows[i], []
            i += header.rows
            if i < len(rows) and is_column_numbers(rows[i], under_header=True):
                i += 1
            continue
        if current is None:
            leading.append(rows[i])
        elif not is_column_numbers(rows[i]):
            body.append(rows[i])
        i += 1
    if current is not None and current_cell is not None:
        segments.append(Segment(with_content_roles(current, body), tuple(body), current_cell,
                                header_row=current_row))
    return tuple(leading), segments


def join_lines(text: str) -> str:
    """A wrapped cell's lines -> one line; a line ending in '-' joins the next without a space."""
    return re.sub(r"(?<=\p{L})-\n(?=\p{L})", "-", text)


def cell_text(row: tuple[Cell, ...], col: int | None) -> str:
    """The text of a row's cell in a column the header may not have (None: empty)."""
    if col is None or col >= len(row):
        return ""
    return join_lines(row[col].text).strip()
