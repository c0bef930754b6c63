"""Budget tables (`No | Program | Anggaran (Rp) | Keterangan`) -> budget rows.

Total rows (`JUMLAH`, `TOTAL`) are no programs; when a table gives a total, the
programs are checked against it, since a mismatch usually means a lost row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex as re

from extractors.model.findings import Finding, warning
from extractors.model.layout import Cell, Span, TextLine
from extractors.model.reads import TableRead
from extractors.model.records import BudgetRow, ValueAt
from extractors.segment.tables import Segment, cell_text
from extractors.values import clean_text, parse_amount, parse_int

_TOTAL = re.compile(r"^(jumlah|total|grand\s+total|sub\s*total|jumlah\s+total)\b", re.IGNORECASE)
_LEADING_NO = re.compile(r"^\s*(\d{1,3})\s*[.)]\s+(?=\S)")


@dataclass(frozen=True)
class BudgetTable:
    budgets: tuple[BudgetRow, ...]
    findings: tuple[Finding, ...]
    read: TableRead | None = None  # for a table (not for lines)


def parse_budget(segment: Segment, doc_id: str, form: str) -> BudgetTable:
    h = segment.header
    no_col = h.column("no")
    program_col = h.column("program")
    amount_col = h.column("amount")
    funding_col = h.column("funding") if h.column("funding") is not None else h.column("remark")
    rows: list[BudgetRow] = []
    findings: list[Finding] = []
    total: tuple[int, Cell] | None = None
    unparsed: dict[int, str] = {}  # row index -> amount cell that did not parse
    spill = _spill_columns(h.roles, amount_col)
    numbers: list[tuple[int, Span]] = []
    for row in _unstacked(segment.rows, program_col, amount_col):
        no_text, program, amount_text = (cell_text(row, c) for c in (no_col, program_col, amount_col))
        amount_text = _amount_text(amount_text, [cell_text(row, c) for c in spill])
        if not (program or amount_text):
            continue
        at = row[0].at
        if is_total(no_text) or is_total(program) or (not program and not no_text):
            amount = parse_amount(amount_text)
            if amount is not None:
                total = (amount, row[0])
            continue
        program_no = parse_int(no_text)
        if (program_no is None and not re.search(r"\d", amount_text) and rows
                and not _LEADING_NO.match(program) and not _PROGRAM_START.match(program)):
            # no number and no amount: the program name above wrapped onto this row
            rows[-1] = replace(rows[-1], program=clean_text(f"{rows[-1].program or ''} {program}"))
            continue
        if program_no is not None:
            numbers.append((program_no, at))
        m = _LEADING_NO.match(program)
        if m:
            program_no = program_no if program_no is not None else int(m.group(1))
            program = program[m.end():]
        amount = parse_amount(amount_text)
        if amount is None and amount_text:
            unparsed[len(rows)] = amount_text
            findings.append(warning(
                "amount_unparsed",
                f"The budget of program {program_no} reads {amount_text!r}, which is no rupiah "
                "amount; check the cell.", at.page, at.line))
        rows.append(BudgetRow(
            doc_id=doc_id, form=form, program_no=program_no, program=clean_text(program),
            amount_idr=amount, funding_source=clean_text(cell_text(row, funding_col)),
            page=at.page, line=at.line, read_at=(ValueAt("*", at), *(
                ValueAt(name, row[col].at, row[col].text) for name, col in (
                    ("program", program_col), ("amount_idr", amount_col), ("funding_source", funding_col))
                if col is not None and col < len(row)))))
    rows = _numbered(rows)
    if total is not None:
        rows, mended = _mend_by_total(rows, unparsed, total[0])
        if mended:
            findings = [f for f in findings if f.code != "amount_unparsed"]
            findings.append(warning(
                "amount_mended",
                f"{len(mended)} amount(s) with misplaced separators ({', '.join(mended)}) were read "
                "digit by digit, which makes the programs add up exactly to the total row; check "
                "them against the page.", total[1].at.page, total[1].at.line))
    body = sum(1 for r in segment.rows if any(c.text.strip() for c in r))
    read = TableRead("budget", form, segment.header_cell.at, h.roles, body, len(rows), len(rows),
                     program_numbers=tuple(numbers),
                     total=(total[0], total[1].at) if total is not None else None,
                     summed=sum(r.amount_idr or 0 for r in rows))
    return BudgetTable(tuple(rows), tuple(findings), read)


_PROGRAM_START = re.compile(r"^\s*(\d{1,3}\s*[.)]\s*)?(program|kegiatan)\b", re.IGNORECASE)


def _unstacked(rows: tuple[tuple[Cell, ...], ...], program_col: int | None,
               amount_col: int | None) -> list[tuple[Cell, ...]]:
    """A row holding two or more programs stacked (a scan that lost the rule between them):
    as many amounts stacked in the amount cell as program names opened in the program cell
    (`Program …` / `Program …`), one row each."""
    out: list[tuple[Cell, ...]] = []
    for row in rows:
        programs = _program_items(cell_text(row, program_col))
        amounts = [a for a in cell_text(row, amount_col).split("\n") if re.search(r"\d", a)]
        if program_col is None or amount_col is None or not 2 <= len(programs) == len(amounts):
            out.append(row)
            continue
        for k, (program, amount) in enumerate(zip(programs, amounts, strict=True)):
            split = []
            for c, cell in enumerate(row):
                lines = [x for x in cell.text.split("\n") if x.strip()]
                text = (program if c == program_col else amount if c == amount_col
                        else lines[k] if len(lines) == len(programs) else "")
                split.append(replace(cell, text=text))
            out.append(tuple(split))
    return out


def _program_items(cell: str) -> list[str]:
    items: list[str] = []
    for line in (x.strip() for x in cell.split("\n") if x.strip()):
        if _PROGRAM_START.match(line) or not items:
            items.append(line)
        else:
            items[-1] = f"{items[-1]} {line}"
    return items if all(_PROGRAM_START.match(i) for i in items) else [cell]


def _numbered(rows: list[BudgetRow]) -> list[BudgetRow]:
    """Rows whose number the page does not print (or a scan lost) take, in order, the numbers the
    table's printed sequence lacks (`1 2 3 _ 5 _ 7` -> 4, 6), then the ones after it: the key
    (form, program_no) stays unique."""
    printed = {r.program_no for r in rows if r.program_no is not None}
    if len(printed) == len(rows):
        return rows
    top = max(printed, default=0)
    free = iter([*(n for n in range(1, top + 1) if n not in printed), *range(top + 1, top + len(rows) + 1)])
    return [r if r.program_no is not None else replace(r, program_no=next(free)) for r in rows]


def is_total(text: str) -> bool:
    """`JUMLAH`, `TOTAL`, also spaced out letter by letter (`J  U  M  L  A  H`)."""
    return bool(_TOTAL.match(re.sub(r"(?<=\b\p{L})\s+(?=\p{L}\b)", "", text.strip())))


def _spill_columns(roles: tuple[str | None, ...], amount_col: int | None) -> list[int]:
    """Unnamed columns right of the amount's: `Anggaran (Rp)` spanning a `Rp.` cell and the number."""
    if amount_col is None:
        return []
    out = []
    for c in range(amount_col + 1, len(roles)):
        if roles[c] is not None:
            break
        out.append(c)
    return out


def _amount_text(amount: str, spill: list[str]) -> str:
    """The amount cell, or, when it holds only `Rp.` (or nothing), the number beside it."""
    if re.fullmatch(r"\s*((rp|idr)\.?)?\s*", amount, re.IGNORECASE):
        number = next((t for t in spill if re.search(r"\d", t)), None)
        if number is not None:
            return f"{amount} {number}".strip()
    return amount


def _digits_only(text: str) -> int | None:
    """An amount read digit by digit, its decimals (`,00`, `,-`) dropped: `7.838.434333,-` -> 7838434333."""
    body = re.sub(r"[.,]\s*(-|0{2})\s*$", "", text.strip())
    digits = re.sub(r"\D", "", body)
    return int(digits) if digits and re.search(r"\d", body) and len(digits) <= 16 else None


def _mend_by_total(rows: list[BudgetRow], unparsed: dict[int, str],
                   total: int) -> tuple[list[BudgetRow], list[str]]:
    """Read unparsed amounts digit by digit, but only when that makes the table add up exactly.

    A scan often loses or doubles a separator (`5.956.794,338,-`); the total row
    is the context that makes the reading certain.
    """
    if not unparsed:
        return rows, []
    readings = {i: _digits_only(text) for i, text in unparsed.items()}
    if any(v is None for v in readings.values()):
        return rows, []
    if sum(r.amount_idr or 0 for r in rows) + sum(v or 0 for v in readings.values()) != total:
        return rows, []
    mended = [replace(r, amount_idr=readings[i]) if i in readings else r for i, r in enumerate(rows)]
    return mended, [repr(unparsed[i]) for i in sorted(unparsed)]


_AMOUNT = r"(?:rp\.?\s*)?\d{1,3}(?:(?:\s?[.,]\s?|\s)\d{3}){2,}(?:[.,]\s?(?:\d{2}|-+))?(?:\s*,\s*-+)?"
_ITEM = re.compile(rf"^\s*(?P<no>\d{{1,3}})\s*[.)]?\s+(?P<text>.*?\p{{L}}.*?)\s*"
                   rf"(?P<amount>{_AMOUNT})"
                   r"\s*(?P<rest>[^\d]*)$", re.IGNORECASE)
_UNNUMBERED = re.compile(rf"^\s*(?P<text>\p{{L}}.*?)\s*(?P<amount>{_AMOUNT})\s*(?P<rest>[^\d]*)$",
                         re.IGNORECASE)
_FUNDING_IN_TEXT = re.compile(r"\(\s*(?P<src>(?:apbd|apbn|dak|dau|dbh|blud|pad|hibah)[^()]{0,40})\)\s*$",
                              re.IGNORECASE)
_NOT_CONTINUATION = re.compile(r"\b(pihak|nip|nama|jabatan)\b|^\p{Lu}[\p{L} ]+,\s*(\d|\p{L}+\s+\d{4})",
                               re.IGNORECASE)
_ACTIVITY = re.compile(rf"^\s*[-–•]\s*(?P<text>\p{{L}}.*?)\s*(?P<tail>(?P<amount>{_AMOUNT})\s*[^\d]*)$",
                       re.IGNORECASE)
_KEGIATAN = re.compile(rf"^\s*(?:\d{{1,3}}\s*[.)]\s*)?(?P<text>kegiatan\b.*?)\s*"
                       rf"(?P<tail>(?P<amount>{_AMOUNT})\s*[^\d]*)$", re.IGNORECASE)
_PROGRAM_NAME = re.compile(r"^\s*program\s+\p{L}", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-–•]\s*\p{L}")
_NUMBERED_NAME = re.compile(r"^\s*\d{1,3}\s*[.)]\s+\p{L}")
_LIST_HEADER = re.compile(r"\b(program|kegiatan)\b.*\b(anggaran|pagu|jumlah|dana)\b", re.IGNORECASE)


def parse_budget_lines(lines: list[TextLine], doc_id: str, form: str) -> BudgetTable:
    """A budget written as numbered lines instead of a table (`1. Program … Rp. 30.903.396.770,- APBD`).

    Lines count when two or more such items stand together, or one stands under
    a `Program … Anggaran` header line; a following line without a number or an
    amount continues the program's name (the funding source in brackets may end it).
    """
    items: list[tuple[re.Match[str], list[str], TextLine]] = []
    best: list[tuple[re.Match[str], list[str], TextLine]] = []
    headed = False  # the run of items stands under a `Program … Anggaran` header line
    after_header = False  # the line before was such a header: an unnumbered item may open a run
    pending: TextLine | None = None  # `2. Pengendalian Penyakit Menular` whose amount is on the next line
    parent: str | None = None  # the program whose activities carry the amounts
    noted = False  # inside an activity's lines under a program that has its own amount
    for line in lines:
        text = line.text
        if _LIST_HEADER.search(text) and not _ITEM.match(text):
            if not items:
                after_header = True
            continue  # a header repeated after a page break: the list goes on under it
        if (items or after_header) and _PROGRAM_NAME.match(text) and not re.search(r"\d{3}", text):
            parent, pending = clean_text(text), None  # `Program …` without an amount: its
            continue  # `Kegiatan …` lines below carry them
        activity = _ACTIVITY.match(text) or (_KEGIATAN.match(text) if parent else None)
        if activity and parse_amount(activity.group("amount")) is not None and (pending or parent):
            # `- Kegiatan …  1.566.340.000 APBD` under a program without an amount of its own:
            # where only the activities carry amounts, each activity is a row
            parent = parent if pending is None else _LEADING_NO.sub("", pending.text).strip()
            at, pending = (pending or line), None
            m = _UNNUMBERED.match(f"{parent} - {activity.group('text')} {activity.group('tail')}")
            if m:
                headed = headed if items else after_header
                items.append((m, [m.group("text")], at))
                after_header = False
                continue
        if pending is not None:
            text, line = f"{pending.text} {text}", pending
            pending = None
        if _ITEM.match(text) or _NUMBERED_NAME.match(text):
            parent, noted = None, False
        m = _ITEM.match(text) or (_UNNUMBERED.match(text) if items or after_header else None)
        if m and parse_amount(m.group("amount")) is not None:
            if not items:
                headed = after_header
            items.append((m, [m.group("text")], line))
            after_header = noted = False
            continue
        if (items or after_header) and _NUMBERED_NAME.match(text) and not re.search(r"\d{3}", text):
            pending = replace(line, text=text)  # its name wraps; the amount follows
            continue
        after_header = False
        if items and _BULLET.match(text) and not re.search(r"\d{3}", text):
            noted = True  # an activity under a program that carries the amount: no row, no name
            continue
        if items and re.search(r"\p{L}{3}", text) and len(text) < 120 and not re.match(
                r"^\s*\d", text) and not _NOT_CONTINUATION.search(text):
            if not noted:
                items[-1][1].append(text)
            continue
        if len(items) >= 2 or (items and headed):
            best = best or items
        items = []
    rows: list[BudgetRow] = []
    for m, texts, line in best:
        program = clean_text(" ".join(t.strip() for t in texts)) or ""
        funding = clean_text(m.group("rest").strip(" -:")) or None
        inline = _FUNDING_IN_TEXT.search(program)
        if inline:
            funding = funding or clean_text(inline.group("src"))
            program = program[:inline.start()].strip()
        # an item whose number a scan lost follows the one before it
        number = (int(m.group("no")) if "no" in m.groupdict()
                  else (rows[-1].program_no or 0) + 1 if rows else 1)
        rows.append(BudgetRow(
            doc_id=doc_id, form=form, program_no=number, program=clean_text(program),
            amount_idr=parse_amount(m.group("amount")), funding_source=funding,
            page=line.at.page, line=line.at.line, read_at=(ValueAt("*", line.at, line.text),)))
    return BudgetTable(tuple(rows) or _numbered_blocks(lines, doc_id, form), ())


_SIGNATURE_CAPS = re.compile(r"^[\p{Lu}\s.,]+$")  # `KEPALA DINAS …`, `GUBERNUR JAWA BARAT`
_BLOCK_NO = re.compile(r"^\s*(?P<no>\d{1,2})\s*[.)]?(?:\s+|$)")
_FUNDING = re.compile(r"\b(?P<src>apbd|apbn|dak|dau|dbh|blud|pad)\b(?P<qual>\s*\([^()]{3,40}\))?",
                      re.IGNORECASE)
_QUALIFIER = re.compile(r"\((?P<q>dekonsentrasi|tugas\s+pembantuan|hibah|bantuan\s+keuangan)\)",
                        re.IGNORECASE)


def _numbered_blocks(lines: list[TextLine], doc_id: str, form: str) -> tuple[BudgetRow, ...]:
    """A budget list whose items wrap around their amount (`Program Peningkatan` / `Pengembangan
    Sistem Rp 177.792.500 APBD` / `Capaian Kinerja …`), each opened by its number on the left,
    under a `Program … Anggaran` header: an item is the lines from its number to the next
    number of the sequence (1, 2, 3 …), and holds exactly one amount."""
    start = next((k + 1 for k, ln in enumerate(lines) if _LIST_HEADER.search(ln.text)), None)
    if start is None:
        return ()
    blocks: list[tuple[int, list[str], TextLine]] = []
    for line in lines[start:]:
        m = _BLOCK_NO.match(line.text)
        if m and int(m.group("no")) == len(blocks) + 1:
            blocks.append((len(blocks) + 1, [line.text[m.end():]], line))
        elif blocks and (_NOT_CONTINUATION.search(line.text) or _SIGNATURE_CAPS.match(line.text)):
            break  # the signature block under the list
        elif blocks:
            blocks[-1][1].append(line.text)
        else:
            return ()
    rows = []
    for number, texts, line in blocks:
        text = " ".join(" ".join(texts).split())
        amounts = list(re.finditer(_AMOUNT, text, re.IGNORECASE))
        if len(amounts) != 1 or parse_amount(amounts[0].group()) is None:
            return ()  # not the list this reads: leave it to the checks
        rest = (text[:amounts[0].start()] + " " + text[amounts[0].end():]).strip(" ,-")
        funding = _FUNDING.search(rest)
        qualifier = _QUALIFIER.search(rest)
        source = None
        if funding:
            source = funding.group("src").upper() + (funding.group("qual") or "")
            if qualifier and not funding.group("qual"):
                source = f"{source} {qualifier.group()}"
        for found in (funding, qualifier):
            if found:
                rest = rest.replace(found.group(), " ")
        rows.append(BudgetRow(doc_id=doc_id, form=form, program_no=number, program=clean_text(rest),
                              amount_idr=parse_amount(amounts[0].group()), funding_source=source,
                              page=line.at.page, line=line.at.line,
                              read_at=(ValueAt("*", line.at, line.text),)))
    return tuple(rows) if len(rows) >= 2 else ()
