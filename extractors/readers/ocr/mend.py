"""Mending the slips OCR is known to make, only where the column's context makes the reading certain.

Every mend is counted and reported (`ocr_corrected`), never silent.
"""

from __future__ import annotations

import regex as re
from rapidfuzz import fuzz

from extractors.readers.ocr.grid import TableBox
from extractors.readers.ocr.layer import is_known, known_words

_NUMBERISH = re.compile(r"(?:Rp\.?\s?)?[0-9OoIl]+(?:[.,][0-9OoIl]+)*(?:\s?%)?")


# thousands dots with one read as a space: `40.816 510.000,00` (every group three digits)
_LOST_SEPARATOR = re.compile(r"((?:Rp\.?\s?)?)"
                             r"(\d{1,3}(?:(?:\.| )\d{3})*(?: \d{3})(?:\.\d{3})*(?:,\d{2}|,-)?)")


_NOT_APPLICABLE = re.compile(r"N\s?[I1l|J]\s?A\.?|N/A\.|NA|N/ A|N / A")


_PERCENT_AS_96 = re.compile(r"(\d{1,3}(?:[.,]\d+)?)(?: 96| 9%|x)")


_PERCENT_AS_YO = re.compile(r"(\d{1,3}(?:[.,]\d+)?) ?Yo")


ONE_LOOKALIKE = frozenset({"i", "l", "I", "]", "["})


_QUARTERS = ("I", "II", "III", "IV")


_NOT_APPLICABLE_LOOSE = re.compile(r"[NW]\s?[/IJY1l|7\\]?\s?[AÀÁÂ4]\.?")


def mend_cell(text: str, column_has_percent: bool = False,
              column_is_numbers: bool = False, column_of_values: bool = False) -> tuple[str, str | None]:
    """A cell's text with a known OCR slip mended, and the slip as `old → new` (None if none).

    Only whole-cell values are touched, where the context is certain: a number
    cell (a digit or a trailing `%` in it) with letters that look like digits, a
    not-applicable mark, a `1` read as `i` in a column of numbers, and a `%` read
    as `Yo`, or as `96` when other cells of the column carry `%`.
    """
    stripped = text.strip()
    lost = _LOST_SEPARATOR.fullmatch(stripped)
    if lost and "." in lost[2]:  # the other separators say the space was one too
        mended = lost[1] + lost[2].replace(" ", ".")
        return mended, f"{stripped} → {mended}"
    if _NUMBERISH.fullmatch(stripped) and re.search(r"\d|%$", stripped) and re.search(
            r"[OoIl]", stripped.removeprefix("Rp")):
        head = "Rp" if stripped.startswith("Rp") else ""
        body = stripped[len(head):].translate(str.maketrans("OoIl", "0011"))
        return head + body, f"{stripped} → {head + body}"
    if column_of_values:  # a ruling's remnant before the mark: `1 NIA`, `| N/A`
        stripped = re.sub(r"^[1lI|]\s+(?=[NW])", "", stripped)
    if (stripped != "N/A" or stripped != text.strip()) and (_NOT_APPLICABLE.fullmatch(stripped) or (
            column_of_values and _NOT_APPLICABLE_LOOSE.fullmatch(stripped)) or stripped == "N/A"):
        return "N/A", f"{text.strip()} → N/A"
    stripped = text.strip()
    if column_is_numbers and stripped in ONE_LOOKALIKE:
        return "1", f"{stripped} → 1"
    number = re.fullmatch(r"(\d{1,3})\s+[.,:;'`]+|(\d{1,3})[,:;'`]+", stripped)
    if column_is_numbers and number:
        return number.group(number.lastindex), f"{stripped} → {number.group(number.lastindex)}"
    match = _PERCENT_AS_YO.fullmatch(stripped)
    if match:
        return match.group(1) + " %", f"{stripped} → {match.group(1)} %"
    match = _PERCENT_AS_96.fullmatch(stripped)
    if match and column_has_percent and float(match.group(1).replace(",", ".")) <= 100:
        return match.group(1) + "%", f"{stripped} → {match.group(1)}%"
    return text, None


_J_AS_PAREN = re.compile(r"(?<=\b\p{Lu}{2,})\)(?=[\s.,;:]|$)")


def mend_capital_j(text: str) -> tuple[str, str | None]:
    """A `)` that closes nothing, right after capitals, is a `J` (`PB)` → `PBJ`, `BPPB).`):
    Tesseract reads the narrow capital J of an acronym as a bracket."""
    if text.count(")") <= text.count("(") or not _J_AS_PAREN.search(text):
        return text, None
    new = _J_AS_PAREN.sub("J", text)
    words = [w for w in re.findall(r"\S+", text) if _J_AS_PAREN.search(w + " ")]
    return new, f"{words[0]} → {words[0].replace(')', 'J')}"


def number_column(texts: list[list[str]], col: int) -> bool:
    """Most filled cells of the column are small integers (a NO column)."""
    filled = [r[col].strip() for r in texts if r[col].strip()]
    numbers = [t for t in filled if re.fullmatch(r"\d{1,3}\.?", t)]
    ones = [t for t in filled if t in ONE_LOOKALIKE]  # row numbers `1` read as `l`
    # a lone `l` is no word and no Roman numeral: a column of them is one of numbers
    certain = numbers or any(t != "I" for t in ones)
    count = len(numbers) + len(ones)
    return bool(certain) and count >= 2 and count * 2 >= len(filled)


_VALUE = re.compile(r"[<>≥≤]?\s?(?:Rp\.?\s?)?\d[\d.,]*\s?%?|N/A|-|\(\d+\)\s?\w{1,4}")


def _value_column(texts: list[list[str]], col: int) -> bool:
    """Most filled cells of the column are values (numbers, percentages, N/A): a target column,
    where a short `NYA` or `WA` can only be a not-applicable mark."""
    # the header row and quarter numerals (`I`, `IV`) aside; a ruling's remnant before a mark and
    # a separator read as a space still leave a value
    filled = [re.sub(r"^[1lI|]\s+(?=[NW])", "", r[col].strip()) for r in texts[1:]
              if r[col].strip() and not re.fullmatch(r"[IVX]{1,4}", r[col].strip())]
    values = [t for t in filled if _VALUE.fullmatch(t.replace("\n", " "))
              or re.fullmatch(r"\d{1,3} \d{1,3}", t)
              or _NOT_APPLICABLE.fullmatch(t) or _NOT_APPLICABLE_LOOSE.fullmatch(t)]
    return len(values) >= 2 and len(values) * 2 >= len(filled)


# `%` in brackets read as `96` or `Yo`: `(96)`, `(prevalensi/ Yo)` -> `(%)`, `(prevalensi/ %)`
_PERCENT_IN_BRACKETS = re.compile(r"(?<=[(/]\s?)(?:96|9%|Yo|yo)(?=\s?\))")


def _mend_bracketed_percent(text: str) -> tuple[str, str | None]:
    new = _PERCENT_IN_BRACKETS.sub("%", text)
    return (new, f"{text!r} → {new!r}") if new != text else (text, None)


def mend_grid(texts: list[list[str]], table: TableBox | None) -> tuple[list[list[str]], list[str]]:
    """Every cell mended with its column as context; a ruled table's quarter headers too."""
    slips = []
    width = max((len(r) for r in texts), default=0)
    percent_cols = {c for c in range(width) if any(r[c].strip().endswith("%") for r in texts)}
    number_cols = {c for c in range(width) if number_column(texts, c)}
    value_cols = {c for c in range(width) if _value_column(texts, c)}
    mended = []
    for row in texts:
        new_row = []
        for c, text in enumerate(row):
            new, slip = mend_cell(text, c in percent_cols, c in number_cols, c in value_cols)
            if slip is None:
                new, slip = mend_capital_j(new)
            new, bracket_slip = _mend_bracketed_percent(new)
            new_row.append(new)
            slips.extend(s for s in (slip, bracket_slip) if s)
        mended.append(new_row)
    slips.extend(_mend_labels(mended))
    slips.extend(_mend_by_row(mended, value_cols))
    if table is not None:
        slips.extend(_mend_quarters(mended, table))
    return mended, slips


def _mend_by_row(texts: list[list[str]], value_cols: set[int]) -> list[str]:
    """A value whose separator was read as a space (`94 16`) where another cell of its row holds
    the same digits with one (`94,16`): that is what it says."""
    slips = []
    for row in texts:
        written = {re.sub(r"\D", "", t): t.strip() for c, t in enumerate(row)
                   if c in value_cols and re.fullmatch(r"\d{1,3}[.,]\d{1,3}", t.strip())}
        for c, text in enumerate(row):
            if c in value_cols and re.fullmatch(r"\d{1,3} \d{1,3}", text.strip()):
                same = written.get(re.sub(r"\D", "", text))
                if same:
                    row[c] = same
                    slips.append(f"{text.strip()} → {same}")
    return slips


def _mend_labels(texts: list[list[str]]) -> list[str]:
    """A column of one repeated label (`Nilai` in every Keterangan cell): a short cell that reads
    nearly like it (`Nitai`, `Ndai`, `Nita $ }`) is that label with a slip."""
    slips = []
    width = max((len(r) for r in texts), default=0)
    for c in range(width):
        cells = [r[c].strip() for r in texts if c < len(r) and r[c].strip()]
        words = [t for t in cells if re.fullmatch(r"\p{L}{4,}", t)]
        if not words:
            continue
        label, count = max(((w, words.count(w)) for w in set(words)), key=lambda wc: (wc[1], wc[0]))
        majority = count >= 2 and count * 2 >= len(cells) - 1  # the header cell aside
        for row in texts:
            text = row[c].strip() if c < len(row) else ""
            letters = re.sub(r"[^\p{L}]", "", text)
            if not text or not re.match(r"\p{L}", text) or len(text) > 14:
                continue
            if (majority and text != label and len(text) <= len(label) + 4 and text[0] == label[0]
                    and fuzz.ratio(letters, label) >= 60):
                mended = label
            elif text == letters and not is_known(text):
                mended = _nearest_word(text)
            else:
                continue
            if mended and mended != text:
                row[c] = mended
                slips.append(f"{text} → {mended}")
    return slips


def _nearest_word(text: str) -> str | None:
    """The one known word a short unknown one is a slip of (`Nitai` -> `Nilai`), cased as written."""
    close = [w for w in known_words() if w[:1] == text[:1].lower() and abs(len(w) - len(text)) <= 1
             and fuzz.ratio(w, text.lower()) >= 80]
    if len(close) != 1:
        return None
    word = close[0]
    return word.upper() if text.isupper() else word.capitalize() if text[:1].isupper() else word


def _like_triwulan(letters: str) -> bool:
    """`triwulan` or a slip of it (`inwulan`, `tnwulan`, `triwutan`, `triwuian`)."""
    return letters == "triwulan" or (6 <= len(letters) <= 9 and fuzz.ratio(letters, "triwulan") >= 75)


def _mend_quarters(texts: list[list[str]], table: TableBox) -> list[str]:
    """Under a `Triwulan` cell spanning four columns the sub-headers are I-IV; narrow condensed
    Roman numerals are what Tesseract misreads most (`Mi` for III, nothing for I)."""
    slips = []
    for cell in table.cells:
        x0, _, x1, y1 = cell.box
        text = texts[cell.row][cell.col]
        letters = re.sub(r"[^\p{L}]", "", text).lower()
        if not _like_triwulan(letters) or y1 not in table.ys:
            continue
        below = table.ys.index(y1)
        cols = [c for c in range(table.n_cols) if x0 <= table.xs[c] < x1]
        if letters != "triwulan" and (below >= table.n_rows or len(cols) != 4):
            continue  # a slipped spelling counts only where four sub-columns stand under it
        if text != "Triwulan" and re.fullmatch(r"\W*\p{L}+\W*\d?\W*", text):
            texts[cell.row][cell.col] = "Triwulan"  # `Inwulan`, `Triwutan`, a speck read as `“`
            slips.append(f"{text} → Triwulan")
        if below >= table.n_rows or len(cols) != 4:
            continue
        for c, numeral in zip(cols, _QUARTERS, strict=True):
            old = texts[below][c]
            if old.strip() != numeral:
                texts[below][c] = numeral
                slips.append(f"{old.strip() or '(blank)'} → {numeral}")
    return slips
