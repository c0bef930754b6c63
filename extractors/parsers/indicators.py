"""Performance tables (PK and RK forms) -> indicator and target rows.

Reads segments whose header has an indicator column and one or more period
columns. Goals carry down to continuation rows; section rows (`Sasaran
Strategis`, `SASARAN KHUSUS`) set the goal type for the rows under them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from extractors.model.findings import Finding, warning
from extractors.model.layout import Cell, Span
from extractors.model.reads import TableRead
from extractors.model.records import IndicatorRow, TargetRow, ValueAt
from extractors.segment.tables import Header, Segment, cell_text
from extractors.values import clean_text, parse_int, parse_ksd_no, parse_target

PERIODS = ("q1", "q2", "q3", "q4", "annual")
_PERIOD_NAME = {"q1": "Q1", "q2": "Q2", "q3": "Q3", "q4": "Q4", "annual": "annual"}
_SECTION = re.compile(r"^sasaran\s+(strategis|khusus|operasional)\b", re.IGNORECASE)


@dataclass
class GoalState:
    """What carries from row to row and across a repeated header: the running goal."""

    goal_type: str | None = None
    goal_no: int | None = None
    goal: str | None = None
    indicator_no: int = 0
    seen_goals: list[int] = field(default_factory=list)
    parent: str | None = None  # an indicator line without targets whose `- item` rows follow
    goal_at: tuple[ValueAt, ...] = ()  # where the running goal was read
    goal_type_at: tuple[ValueAt, ...] = ()  # the section row (or header) that named the goal type


@dataclass(frozen=True)
class IndicatorTable:
    indicators: tuple[IndicatorRow, ...]
    targets: tuple[TargetRow, ...]
    findings: tuple[Finding, ...]
    read: TableRead
    extras: tuple[dict[str, str], ...] = ()  # per indicator: its cells in the `extras` columns


def _text(row: tuple[Cell, ...], col: int | None) -> str | None:
    return clean_text(cell_text(row, col))


def _label(row: tuple[Cell, ...], col: int | None) -> str | None:
    """A short label cell (unit, data source) without a scan's stray leading marks (`— Nilai`)."""
    text = _text(row, col)
    return clean_text(text.strip(" :;|—–-")) if text else None


def _is_section(row: tuple[Cell, ...]) -> str | None | bool:
    """A row with one filled cell of prose: a section label. Returns its goal type (or None)."""
    filled = [c.text.strip() for c in row if c.text.strip()]
    if len(filled) != 1 or parse_int(filled[0]) is not None:
        return False
    m = _SECTION.match(filled[0])
    if m:
        return m.group(1).lower()
    if re.match(r"^sasaran\b", filled[0], re.IGNORECASE):
        return None
    return False


_DOTTED = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})+\.?\s*$")
_ITEM_NO = re.compile(r"^\s*(?:\d{1,2}\.(?:\d{1,2}\.?)*|[a-z][.)])\s+(?=\S)", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-–—•·*]\s*(?=\S)")


@dataclass(frozen=True)
class _Leaf:
    """One indicator of a row: its text and its target cell per period."""

    text: str
    targets: dict[str, str]


# An item number's digits (`1.2.2.1.1`, and `12212` or `121.3` where OCR lost some dots).
_NO_DIGITS = re.compile(r"^\s*(\d(?:\.?\d){2,6})\.?\s+")


def _item_numbers(lines: list[str]) -> list[re.Match[str] | None]:
    """Per line, the item number it opens with, if any. A number OCR read without some of its dots
    (before a capitalised word) counts only beside a sibling: another line of the cell whose
    number has as many digits and differs from it in the last digit alone (`12212` under
    `1.2.2.1.1`), as a table's numbering runs."""
    found = [_ITEM_NO.match(line) for line in lines]
    numbers = [_NO_DIGITS.match(line) for line in lines]
    digits = {k: m.group(1).replace(".", "") for k, m in enumerate(numbers) if m}
    for k, m in enumerate(numbers):
        if found[k] is None and m and lines[k][m.end():m.end() + 1].isupper() and any(
                j != k and len(d) == len(digits[k]) and d != digits[k] and d[:-1] == digits[k][:-1]
                for j, d in digits.items()):
            found[k] = m
    return found


def _items(cell: str) -> list[tuple[str, bool]]:
    """A cell's lines grouped into items: (text, is a bullet sub-item). A numbered or bulleted
    line opens an item; any other line continues the item before it."""
    items: list[list] = []
    lines = [ln.strip() for ln in cell.split("\n") if ln.strip()]
    for line, numbered in zip(lines, _item_numbers(lines), strict=True):
        bullet = _BULLET.match(line)
        if numbered or bullet or not items:
            text = line[(numbered or bullet).end():] if numbered or bullet else line
            items.append([text, bool(bullet)])
        else:
            items[-1][0] = f"{items[-1][0]} {line}"
    return [(text, bullet) for text, bullet in items]


def _leaves_of(items: list[tuple[str, bool]], parents_too: bool = False) -> list[str]:
    """Items -> indicators: a sub-item (`- Daging`) under its parent is `parent - sub-item`;
    a parent with sub-items is no indicator of its own unless `parents_too` (it has a target)."""
    leaves: list[str] = []
    parent: str | None = None
    for k, (text, bullet) in enumerate(items):
        if bullet:
            leaves.append(f"{parent.rstrip(' :')} - {text}" if parent else text)
        elif k + 1 < len(items) and items[k + 1][1]:
            parent = text
            if parents_too:
                leaves.append(text)
        else:
            parent = None
            leaves.append(text)
    return leaves


_WRAPPED_END = re.compile(r"(\b(dan|atau|dengan|yang|di|ke|dari|untuk|terhadap|serta|pada|per|oleh|dalam)"
                          r"|[,/&(-])$", re.IGNORECASE)


def _wrapped(lines: list[str]) -> bool:
    """Lines that read as one text wrapped: a line ends mid-phrase or the next starts in lower case."""
    return any(_WRAPPED_END.search(a) or b[:1].islower() for a, b in zip(lines, lines[1:], strict=False))


def _stacked(indicator_cell: str, raw_targets: dict[str, str], typed: bool = False) -> list[_Leaf] | None:
    """Several indicators stacked in one cell with their targets stacked alike, paired in order;
    None when the cell holds one indicator (wrapped lines, or targets that do not pair up).

    Numbered or bulleted items count first; else each line is an indicator when the
    lines do not read as one wrapped text (`Tercapainya Perlindungan dan` /
    `Pendokumentasian …` beside `7.201 Koleksi dan` / `28 Naskah` is one indicator).
    """
    split = {p: [t.strip() for t in raw.split("\n") if t.strip()] for p, raw in raw_targets.items()}
    filled = {p: vals for p, vals in split.items() if vals}
    counts = {len(vals) for vals in filled.values()}
    if len(counts) != 1 or counts == {1}:
        return None
    n = counts.pop()
    if not all(re.search(r"\d|^(n/?a|-|–)$", v, re.IGNORECASE) for vals in filled.values() for v in vals):
        return None
    items = _items(indicator_cell)
    leaves = _leaves_of(items)
    with_parents = _leaves_of(items, parents_too=True)
    if (len(leaves) != n and len(with_parents) == n
            and all(len(text.split()) >= 4 for text, bullet in items if bullet)):
        # the parent's own target: its sub-items are indicators of their own (`- Jumlah ternak
        # … (ekor)`), not the parts a parent without a target breaks into (`- Ayam Buras`)
        leaves = with_parents
    if len(leaves) != n:
        lines = [ln.strip() for ln in indicator_cell.split("\n") if ln.strip()]
        if len(lines) != n or (not typed and (_wrapped(lines) or any(_wrapped(v) for v in filled.values()))):
            return None  # (a typed line break in a Word cell never wraps: each line is one)
        leaves = lines
    return [_Leaf(" ".join(text.split()), {p: filled[p][k] if p in filled else "" for p in raw_targets})
            for k, text in enumerate(leaves)]


def parse_performance(
    segment: Segment, doc_id: str, form: str, state: GoalState, extras: tuple[str, ...] = ()
) -> IndicatorTable:
    """Rows of one segment; `state` is updated in place so a repeated header carries the goal.
    `extras` names more columns (a measurement's `realised`, `achievement`) whose cells each
    indicator carries beside its targets, split alike where a cell stacks several indicators."""
    h = segment.header
    nos = h.columns("no")
    duties = h.column("indicator") is None and h.column("duty") is not None and h.column("goal") is None
    # A duties table has no goals: its one NO column numbers the duties (indicator_no).
    goal_no_col = (nos[0] if nos and not duties and (h.column("goal") is None or nos[0] < h.column("goal"))
                   else None)
    ind_col = h.column("indicator") if h.column("indicator") is not None else h.column("duty")
    ind_no_col = next((c for c in nos if ind_col is not None and c < ind_col
                       and c != goal_no_col), None)
    period_cols = {p: h.column(p) for p in PERIODS if h.column(p) is not None}
    if "annual" not in period_cols and h.column("duty") is not None:
        # A duties table: its quantity column (VOLUME, or SATUAN holding numbers) is the target.
        quantity = h.column("volume") if h.column("volume") is not None else h.column("unit")
        if quantity is not None:
            period_cols["annual"] = quantity
    if h.goal_type and state.goal_type is None:
        state.goal_type = h.goal_type
        goal_col = h.column("goal")
        named = (segment.header_row[goal_col] if goal_col is not None and goal_col < len(segment.header_row)
                 else segment.header_cell)
        state.goal_type_at = (ValueAt("goal_type", named.at, named.text),)
    carried = {role: h.column(role) for role in extras if h.column(role) is not None}
    indicators: list[IndicatorRow] = []
    targets: list[TargetRow] = []
    cells: list[dict[str, str]] = []
    findings: list[Finding] = []
    rows = [r for r in segment.rows if any(c.text.strip() for c in r)]
    expected = 0
    sections = 0
    goal_numbers: list[tuple[int, Span]] = []
    goals_alone: list[tuple[str, Span]] = []
    for k, row in enumerate(rows):
        section = _is_section(row)
        if section is not False:
            state.goal_type = section if isinstance(section, str) else h.goal_type
            state.goal_type_at = (ValueAt("goal_type", row[0].at, " ".join(c.text for c in row).strip()),)
            sections += 1
            continue
        indicator = _text(row, ind_col)
        goal_no = parse_int(cell_text(row, goal_no_col))
        goal = _text(row, h.column("goal"))
        if goal and goal == state.goal and goal_no in (None, state.goal_no):
            goal, goal_no = None, None  # the goal repeated on the next row of the same goal
        elif goal_no is None and (goal or _DOTTED.match(cell_text(row, goal_no_col))):
            # a goal numbered `1.2` / `3.1`, or not numbered: its order in the table keeps
            # the key (form, goal_no, indicator_no) of its indicators apart from the others'
            goal_no = max(state.seen_goals, default=0) + 1
        raw_cells = {p: cell_text(row, c) for p, c in (period_cols | carried).items()}
        if goal_no is not None:
            goal_numbers.append((goal_no, row[0].at))
        if not indicator:
            if (goal or goal_no is not None) and _opens_goal_alone(rows, k + 1, ind_col, goal_no_col,
                                                                h.column("goal")):
                goals_alone.append((goal or str(goal_no), row[0].at))
            continue
        if goal_no is not None or goal:
            if goal_no is not None and state.seen_goals and goal_no > state.seen_goals[-1] + 1:
                findings.append(warning(
                    "goal_numbering_gap",
                    f"Goal numbers jump from {state.seen_goals[-1]} to {goal_no}; check whether "
                    "a goal or a page is missing.", row[0].at.page, row[0].at.line))
            state.goal_no = goal_no
            state.goal = goal or state.goal
            if goal and h.column("goal") is not None and h.column("goal") < len(row):
                state.goal_at = (ValueAt("goal", row[h.column("goal")].at, row[h.column("goal")].text),)
            state.indicator_no = 0
            state.parent = None
            if goal_no is not None:
                state.seen_goals.append(goal_no)
        leaves = _stacked(cell_text(row, ind_col), raw_cells, segment.hard_breaks) or [_row_leaf(
            cell_text(row, ind_col), raw_cells, state, _next_is_sub_item(rows, k + 1, ind_col))]
        explicit_no = parse_int(cell_text(row, ind_no_col)) if len(leaves) == 1 else None
        expected += max(sum(1 for leaf in leaves if leaf.text), _numbered_items(cell_text(row, ind_col)))
        for leaf in leaves:
            if not leaf.text:
                continue  # a parent line whose `- item` rows follow
            state.indicator_no = explicit_no if explicit_no is not None else state.indicator_no + 1
            table = _indicator(leaf, row, h, doc_id, form, state, findings, period_cols)
            indicators.append(table[0])
            targets.extend(table[1])
            cells.append({role: raw for role, raw in leaf.targets.items() if role in carried})
    read = TableRead("performance", form, segment.header_cell.at, h.roles, len(rows) - sections,
                     expected, len(indicators), tuple((i.goal_no, i.indicator_no) for i in indicators),
                     tuple(goal_numbers), (), tuple(goals_alone))
    return IndicatorTable(tuple(indicators), tuple(targets), tuple(findings), read, tuple(cells))


def _numbered_items(cell: str) -> int:
    """Lines of a cell that open with an item number (`1.`, `2.1`, `a)`): when two or more, the
    indicators the cell shows, whatever became of them."""
    count = sum(1 for numbered in _item_numbers(cell.split("\n")) if numbered)
    return count if count >= 2 else 0


def _opens_goal_alone(rows: list[tuple[Cell, ...]], k: int, ind_col: int | None,
                      goal_no_col: int | None, goal_col: int | None) -> bool:
    """A goal row without an indicator whose next row (if any) opens another goal or section:
    no indicator stands under it."""
    for row in rows[k:]:
        if _is_section(row) is not False:
            return True
        if cell_text(row, ind_col).strip():
            return bool(cell_text(row, goal_col).strip() or parse_int(cell_text(row, goal_no_col)))
        if cell_text(row, goal_col).strip() or parse_int(cell_text(row, goal_no_col)) is not None:
            return True
    return True


_BRACKETED = re.compile(r"\(\s*([^()\d]{1,30}?)\s*\)\s*(?=$|[:\-–]|- )")
_NOT_UNIT_WORDS = frozenset((
    "di", "ke", "dari", "dan", "yang", "termasuk", "untuk", "pada", "dengan", "atau", "oleh", "dalam",
))


def _bracketed_unit(indicator: str) -> str | None:
    """The unit an indicator names in brackets at its end where the table has no unit column:
    `Jumlah produksi (ton)`, `(kasus/tahun) :`, `(%)`; an acronym (`(IKM)`) or a phrase
    (`(termasuk di kelurahan)`) is no unit."""
    for found in reversed(_BRACKETED.findall(indicator)):
        text = " ".join(found.split())
        if "%" in text:
            return "%"
        words = text.lower().split()
        if (text[:1].islower() and len(words) <= 2 and len(text) <= 20
                and not _NOT_UNIT_WORDS & set(words)):
            return text
    return None


def _next_is_sub_item(rows: list[tuple[Cell, ...]], k: int, ind_col: int | None) -> bool:
    return k < len(rows) and bool(_BULLET.match(cell_text(rows[k], ind_col)))


def _row_leaf(cell: str, raw_cells: dict[str, str], state: GoalState, parent_of_next: bool) -> _Leaf:
    """A row holding one indicator: its item number dropped; a `- item` row under a parent row
    (`jumlah kasus penyakit … :`) is `parent - item`; a parent row without targets is no indicator."""
    text = " ".join(cell.split())
    targets = {p: " ".join(raw.split()) for p, raw in raw_cells.items()}
    bullet = _BULLET.match(text)
    if bullet and state.parent:
        return _Leaf(f"{state.parent.rstrip(' :')} - {text[bullet.end():]}", targets)
    numbered = _ITEM_NO.match(text)
    text = text[numbered.end():] if numbered else text
    if parent_of_next and not any(targets.values()):
        state.parent = text
        return _Leaf("", targets)
    state.parent = None
    return _Leaf(text, targets)


def _cells_at(row: tuple[Cell, ...], columns: dict[str, int | None],
              raws: dict[str, str | None]) -> list[ValueAt]:
    """The cells a row's values were read from, with the text each value was parsed from."""
    return [ValueAt(name, row[col].at, raws.get(name, row[col].text))
            for name, col in columns.items() if col is not None and col < len(row)]


def _indicator(leaf: _Leaf, row: tuple[Cell, ...], h: Header, doc_id: str, form: str,
               state: GoalState, findings: list[Finding],
               period_cols: dict[str, int]) -> tuple[IndicatorRow, list[TargetRow]]:
    unit_col = h.column("unit") if h.column("unit") is not None else h.column("remark")
    if h.column("duty") is not None and h.column("annual") is None and h.column("volume") is None:
        unit_col = None  # its SATUAN column holds the quantity, not a unit
    unit = _label(row, unit_col)
    raw_targets = {p: raw for p, raw in leaf.targets.items() if p in PERIODS}
    parsed = {p: parse_target(raw or None, unit) for p, raw in raw_targets.items()}
    if unit is None:
        words = {v.unit_word for v in parsed.values() if v.unit_word}
        unit = words.pop() if len(words) == 1 else _bracketed_unit(leaf.text)
        if unit:
            parsed = {p: parse_target(raw or None, unit) for p, raw in raw_targets.items()}
    at = row[0].at
    for p, value in parsed.items():
        if not value.parsed:
            findings.append(warning(
                "target_unparsed",
                f"Target {_PERIOD_NAME[p]} of goal {state.goal_no} indicator "
                f"{state.indicator_no} reads {value.raw!r}, which is no number, grade or N/A; "
                "its raw text is kept.", at.page, at.line))
    annual = parsed.get("annual")
    text = clean_text(leaf.text)
    ind_col = h.column("indicator") if h.column("indicator") is not None else h.column("duty")
    target_cols = {f"target_{k}": period_cols.get("annual") for k in (
        "raw", "value", "percent", "label", "not_applicable")}
    read_at = (ValueAt("*", at), *state.goal_at, *state.goal_type_at, *_cells_at(
        row, {"indicator": ind_col, "unit": unit_col, "data_source": h.column("data_source"),
              "measurement": h.column("measurement"), "ksd_no": ind_col, **target_cols},
        {"indicator": leaf.text, "ksd_no": leaf.text,
         **{c: annual.raw if annual else None for c in target_cols}}))
    indicator = IndicatorRow(
        doc_id=doc_id, form=form, goal_type=state.goal_type, goal_no=state.goal_no,
        goal=state.goal, indicator_no=state.indicator_no, indicator=text,
        data_source=_label(row, h.column("data_source")),
        measurement=_text(row, h.column("measurement")),
        unit=unit, ksd_no=parse_ksd_no(text),
        target_raw=annual.raw if annual else None,
        target_value=annual.value if annual else None,
        target_percent=annual.percent if annual else None,
        target_label=annual.label if annual else None,
        target_not_applicable=annual.not_applicable if annual else None,
        page=at.page, line=at.line, read_at=read_at,
    )
    targets = [TargetRow(
        doc_id=doc_id, form=form, goal_no=state.goal_no, indicator_no=state.indicator_no,
        period=_PERIOD_NAME[p], raw=v.raw, value=v.value, percent=v.percent, label=v.label,
        not_applicable=v.not_applicable, page=at.page, line=at.line,
        read_at=(ValueAt("*", at), *_cells_at(
            row, dict.fromkeys(("raw", "value", "percent", "label", "not_applicable"), period_cols.get(p)),
            dict.fromkeys(("raw", "value", "percent", "label", "not_applicable"), v.raw))))
        for p in PERIODS if p in parsed for v in (parsed[p],)]
    return indicator, targets

