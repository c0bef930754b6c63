"""Measurement tables (*Pengukuran Kinerja*, an LKjIP's *Capaian Kinerja*) -> results rows.

A measurement table has an indicator column, a target column and a *Realisasi* (or
*Capaian*) column. Its indicators go to `indicators` with form `pengukuran_kinerja`, their
targets to `targets` (`annual`, or the quarter the table measures), and each measured
indicator to `results`: target, realisation and achievement as written and parsed. Where
the table shows several years (`Target 2015 | Target 2016 | Realisasi 2015 | Realisasi 2016`)
the latest year is the one measured. The quarterly realisation reports (*K* / *Rp* per
quarter) are read by `parsers.quarterly`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import regex as re

from extractors.model.findings import Finding
from extractors.model.layout import Cell
from extractors.model.reads import TableRead
from extractors.model.records import IndicatorRow, ResultRow, TargetRow
from extractors.parsers.indicators import GoalState, parse_performance
from extractors.segment.tables import Header, Segment, cell_text, role_of
from extractors.values import parse_target

FORM = "pengukuran_kinerja"
MEASURED = ("realised", "achievement")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_ROMAN = {"i": "Q1", "ii": "Q2", "iii": "Q3", "iv": "Q4", "1": "Q1", "2": "Q2", "3": "Q3", "4": "Q4"}
_QUARTER = re.compile(r"\b(?:triwulan|tw|trw)\s*\.?\s*(iv|iii|ii|i|[1-4])\b", re.IGNORECASE)


@dataclass(frozen=True)
class ResultTable:
    """What one measurement table gave."""

    indicators: tuple[IndicatorRow, ...]
    targets: tuple[TargetRow, ...]
    results: tuple[ResultRow, ...]
    findings: tuple[Finding, ...]
    read: TableRead


def measures(header: Header) -> bool:
    """A measurement header: indicators with their target and what was realised or achieved."""
    roles = set(header.roles)
    return ({"indicator", "annual"} <= roles and bool(roles & set(MEASURED))
            and "action_plan" not in roles)


def quarter_of(text: str | None) -> str | None:
    """The quarter a heading or header names (`PENGUKURAN KINERJA TRIWULAN III`, `Realisasi TW II`)."""
    found = _QUARTER.search(text or "")
    return _ROMAN[found.group(1).lower()] if found else None


def parse_measurement(segment: Segment, doc_id: str, state: GoalState,
                      heading: str | None = None) -> ResultTable:
    """The indicators, targets and results of one measurement segment; `heading` is the line it
    stands under (it may name the quarter measured)."""
    rows = _body(segment.rows)
    header = _measured_columns(segment.header, rows)
    table = parse_performance(replace(segment, header=header, rows=rows), doc_id, FORM, state,
                              extras=MEASURED)
    realised_col = header.column("realised")
    realised_text = header.texts[realised_col] if realised_col is not None else None
    period = quarter_of(realised_text) or quarter_of(heading) or "annual"
    achieved_col = header.column("achievement")
    year = year_of(realised_text) or year_of(header.texts[achieved_col] if achieved_col is not None
                                             else None) or year_of(heading)
    indicators: list[IndicatorRow] = []
    results: list[ResultRow] = []
    kept: set[tuple] = set()
    for indicator, cells in zip(table.indicators, table.extras, strict=True):
        if not any(cells.get(role) for role in MEASURED):
            continue  # not measured: the row is no result (a repeat of last year's list, a blank)
        indicators.append(indicator)
        kept.add((indicator.goal_no, indicator.indicator_no))
        results.append(result_row(indicator, cells, period, year))
    targets = [replace(t, period=period) for t in table.targets
               if (t.goal_no, t.indicator_no) in kept and t.period == "annual"]
    targets += [t for t in table.targets if (t.goal_no, t.indicator_no) in kept and t.period != "annual"
                and t.period != period]
    unmeasured = len(table.indicators) - len(indicators)  # read, but with nothing realised
    read = replace(_numbers_of(table.read, table.indicators, indicators), kind="measurement",
                   produced=len(indicators),
                   expected=table.read.expected - unmeasured,
                   body_rows=table.read.body_rows if indicators or not unmeasured else 0,
                   keys=tuple((i.goal_no, i.indicator_no) for i in indicators))
    return ResultTable(tuple(indicators), tuple(targets), tuple(results), table.findings, read)


def year_of(text: str | None) -> int | None:
    """The latest year a header or heading names (`Realisasi 2016`, `PENGUKURAN KINERJA TAHUN
    2020`): the year measured, which may differ from the file's own (an agreement's page
    measuring the year before)."""
    years = [int(m.group()) for m in _YEAR.finditer(text or "")]
    return max(years) if years else None


def result_row(indicator: IndicatorRow, cells: dict[str, str], period: str,
               year: int | None = None) -> ResultRow:
    """One measured indicator: its target as its indicator row parsed it, the realisation parsed
    the same way (with the indicator's unit), the achievement's number."""
    realised = parse_target(cells.get("realised") or None, indicator.unit)
    achievement = cells.get("achievement") or None
    return ResultRow(
        doc_id=indicator.doc_id, goal_no=indicator.goal_no, indicator_no=indicator.indicator_no,
        period=period, target_raw=indicator.target_raw, target_value=indicator.target_value,
        target_percent=indicator.target_percent, target_label=indicator.target_label,
        realised_raw=realised.raw, realised_value=realised.value,
        realised_percent=realised.percent if realised.raw else None, realised_label=realised.label,
        achievement_raw=achievement, achievement_pct=achievement_pct(achievement),
        page=indicator.page, line=indicator.line, year=year,
        read_at=tuple(v for v in indicator.read_at if v.column == "*" or v.column.startswith("target_")))


def achievement_pct(raw: str | None) -> float | None:
    """`105,3 %` -> 105.3; a cell holding no number (`-`, `Sangat Tinggi`) -> None."""
    if not raw:
        return None
    return parse_target(raw.replace(" ", "") if re.fullmatch(r"[\d\s.,%]+", raw) else raw).value


def _year(text: str) -> int:
    return max((int(m.group(0)) for m in _YEAR.finditer(text)), default=0)


def _measured_columns(header: Header, rows: tuple[tuple[Cell, ...], ...]) -> Header:
    """Of several target (or realised) columns, keep the latest year's (the year measured); the
    others lose their role. A headerless column of words right of the target is its unit."""
    roles = list(header.roles)
    for role in ("annual", *MEASURED):
        columns = header.columns(role)
        if len(columns) > 1 and any(_year(header.texts[c]) for c in columns):
            latest = max(columns, key=lambda c: (_year(header.texts[c]), c))
            for c in columns:
                if c != latest:
                    roles[c] = None
    indicator = roles.index("indicator") if "indicator" in roles else None
    if (indicator is not None and indicator + 1 < len(roles) and roles[indicator + 1] is None
            and not header.texts[indicator + 1] and _bullets(rows, indicator)):
        # `Indikator Kinerja` over a column of `-` marks and the texts beside them
        roles[indicator:indicator + 2] = [None, "indicator"]
    annual = roles.index("annual") if "annual" in roles else None
    if (annual is not None and "unit" not in roles and annual + 1 < len(roles)
            and roles[annual + 1] is None and _holds_words(rows, annual + 1)):
        roles[annual + 1] = "unit"
    return replace(header, roles=tuple(roles)) if roles != list(header.roles) else header


def _bullets(rows: Iterable[tuple[Cell, ...]], col: int) -> bool:
    cells = [cell_text(r, col) for r in rows if cell_text(r, col)]
    return bool(cells) and all(c in ("-", "–", "•", "·", "*") for c in cells)


def _body(rows: tuple[tuple[Cell, ...], ...]) -> tuple[tuple[Cell, ...], ...]:
    """The rows under the header less what is left of the header: a sub-header of unit words
    (`Volume | Satuan`) and a column-numbering row whose numbers share cells (`4 5`)."""
    k = 0
    while k < len(rows):
        texts = [c.text.strip() for c in rows[k] if c.text.strip()]
        if texts and not all(re.fullmatch(r"[\d\s()]+", t) or role_of(t) in ("volume", "unit")
                             for t in texts):
            break
        k += 1
    return rows[k:]


def _holds_words(rows: Iterable[tuple[Cell, ...]], col: int) -> bool:
    """A column whose filled cells are short words or `%` (a unit column): no numbers."""
    cells = [cell_text(r, col) for r in rows if cell_text(r, col)]
    return bool(cells) and all(len(c) <= 30 and not re.search(r"\d", c) for c in cells)


def without_repeats(table: ResultTable, earlier: list[IndicatorRow], results: list[ResultRow]) -> ResultTable:
    """A report measures the same indicators in several tables (this year's, compared with the
    last years', with the region's): the first table's rows stand. A row of a later table whose
    indicator text (or key) an earlier table already measured for the same period is a repeat
    and is left out, with its indicator and targets. (Within one table, two activities may
    well share an indicator's wording.)"""
    texts = {(i.goal_no, i.indicator_no): _plain(i.indicator) for i in earlier if i.form == FORM}
    seen_keys = {(r.goal_no, r.indicator_no, r.period) for r in results}
    seen_texts = {(texts.get((r.goal_no, r.indicator_no), ""), r.period) for r in results}
    own = {(i.goal_no, i.indicator_no): _plain(i.indicator) for i in table.indicators}
    kept = [r for r in table.results if (r.goal_no, r.indicator_no, r.period) not in seen_keys
            and (own.get((r.goal_no, r.indicator_no), ""), r.period) not in seen_texts]
    if len(kept) == len(table.results):
        return table
    standing = {(r.goal_no, r.indicator_no) for r in kept}
    indicators = tuple(i for i in table.indicators if (i.goal_no, i.indicator_no) in standing)
    read = replace(_numbers_of(table.read, table.indicators, indicators), produced=len(indicators),
                   expected=max(0, table.read.expected - (len(table.indicators) - len(indicators))),
                   keys=tuple((i.goal_no, i.indicator_no) for i in indicators))
    return ResultTable(indicators, tuple(t for t in table.targets if (t.goal_no, t.indicator_no) in standing),
                       tuple(kept), table.findings, read)


def _numbers_of(read: TableRead, read_rows: Iterable[IndicatorRow],
                kept: Iterable[IndicatorRow]) -> TableRead:
    """The goal numbers a table prints, less those of goals whose rows were read and left out
    (nothing realised, or a repeat): only a goal none of whose rows was read is missing."""
    had = {i.goal_no for i in read_rows}
    standing = {i.goal_no for i in kept}
    return replace(read, goal_numbers=tuple((n, at) for n, at in read.goal_numbers
                                            if n in standing or n not in had))


def _plain(text: str | None) -> str:
    return " ".join(re.sub(r"[^\p{L}\p{N}]+", " ", (text or "").casefold()).split())
