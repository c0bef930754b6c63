"""A Layout -> the rows of one agreement: the domain parsers, put together.

Walks the blocks in reading order, keeping the heading each table stands
under (its form), and sends each table segment to the parser for its kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import regex as re

from extractors import __version__
from extractors.model.findings import Finding, error, warning
from extractors.model.layout import Grid, Layout, TextLine
from extractors.model.reads import TableRead
from extractors.model.records import (
    ActionRow,
    BudgetRow,
    DocumentResult,
    DocumentRow,
    IndicatorRow,
    ResultRow,
    TargetRow,
)
from extractors.parsers.actions import PlanState, parse_actions
from extractors.parsers.budgets import parse_budget, parse_budget_lines
from extractors.parsers.indicators import GoalState, parse_performance
from extractors.parsers.meta import (
    Meta,
    ReportMeta,
    office_heading,
    parse_meta,
    post_heading,
    report_meta,
    unit_name,
)
from extractors.parsers.parties import Parties, for_document, parse_parties, with_first_position
from extractors.parsers.quarterly import QuarterlyReport, is_quarterly_report, start_report
from extractors.parsers.results import FORM as MEASURED_FORM
from extractors.parsers.results import ResultTable, measures, parse_measurement, without_repeats
from extractors.segment.headings import (
    READ_KINDS,
    REPORT_HEADING,
    document_kind,
    form_of,
    is_heading,
    kind_heading,
    kind_of,
)
from extractors.segment.tables import Header, Segment, continues, split_segments
from extractors.values import clean_text
from extractors.values.regions import locate


def _status(findings: list[Finding]) -> str:
    return "partial" if any(f.severity == "error" for f in findings) else "ok"


@dataclass
class _Tables:
    """What the tables of one agreement gave, gathered as the blocks are walked."""

    indicators: list[IndicatorRow] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    budgets: list[BudgetRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    results: list[ResultRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    reads: list[TableRead] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedAgreement:
    """An agreement's rows, and what the parsers made of each table (for the checks)."""

    result: DocumentResult
    tables: tuple[TableRead, ...] = ()


def parse_agreement(layout: Layout, doc_id: str, source_file: str,
                    parties: Parties | None = None) -> ParsedAgreement:
    """The rows of one agreement; `parties` when they were already read from these same lines."""
    lines = list(layout.lines())
    findings: list[Finding] = list(layout.findings)
    meta = parse_meta(lines)
    parties = parse_parties(lines, doc_id) if parties is None else for_document(parties, doc_id)
    has_party_block = any(p for p in parties.rows)
    document = DocumentRow(
        doc_id=doc_id, source_file=source_file, source_format=layout.source_format,
        ocr=layout.ocr, status="ok", page_count=layout.page_count,
        pipeline_version=__version__, kind="agreement",
    )
    kind = kind_of(lines, agreement=has_party_block or meta.title is not None)
    tables: _Tables | None = None
    if kind not in ("agreement", "action_plan"):
        tables = _tables(layout, doc_id)
        if tables.results:
            # no agreement, but measurement tables: a Pengukuran Kinerja, a realisation report
            # or an LKjIP, read for its results (its other tables are no agreement's)
            what = document_kind(lines)
            measured = "report" if kind == "report" or (what and "LKjIP" in what) else "measurement"
            return _measurement(replace(document, kind=measured), meta, report_meta(lines), parties,
                                findings, _measured_only(tables))
    if kind not in READ_KINDS:
        what = document_kind(lines)
        what = f"it looks like {what}, not" if what else "it is not"
        findings.append(error(
            "not_an_agreement",
            "The file has no PIHAK PERTAMA/KEDUA block and no PERJANJIAN KINERJA or RENCANA "
            f"KINERJA heading, so {what} a performance agreement; remove it from the batch or "
            "supply the agreement itself."))
        refused = replace(document, status="failed", kind=kind)
        return ParsedAgreement(DocumentResult(refused, findings=tuple(findings)))
    if kind == "agreement":
        findings.extend(parties.findings)  # an action plan or a measurement has no parties
    else:
        document = replace(document, kind=kind)
        meta = replace(meta, title=clean_text(kind_heading(lines) or "") or None,
                       headings=meta.headings or _office_headings(lines))

    if tables is None:
        tables = _tables(layout, doc_id, is_plan=kind == "action_plan")
    findings.extend(tables.findings)
    if not (tables.indicators or tables.budgets or tables.actions or tables.results):
        empty = any(r.body_rows == 0 for r in tables.reads)
        findings.append(error(
            "no_tables_found",
            "The performance table has a header but no rows: it is empty in the document."
            if empty else
            "No performance table (Sasaran / Indikator Kinerja / Target) and no budget table "
            "(Program / Anggaran) were found; check that the file holds the agreement's "
            "attachment."))

    place = locate(
        [t for t in (parties.first_unit, parties.first_position, *meta.headings) if t],
        [t for t in (meta.title, meta.issuer, parties.second_position) if t],
    )
    post = office_heading(meta.headings) or post_heading(lines)
    if post and parties.first_position is None:
        parties = with_first_position(parties, clean_text(post))
    unit = unit_name(parties.first_unit, meta.headings or ((post,) if post else ()),
                     parties.first_position)
    document = replace(
        document, title=meta.title, issuer=meta.issuer, year=meta.year,
        province=place.province, regency=place.regency, region_code=place.region_code,
        unit=unit, signed_place=meta.signed.place if meta.signed else None,
        signed_date=meta.signed.date if meta.signed else None,
        status=_status(findings), read_at=meta.read_at,
    )
    return ParsedAgreement(DocumentResult(
        document, parties.rows, tuple(tables.indicators), tuple(tables.targets),
        tuple(tables.budgets), tuple(findings), actions=tuple(tables.actions),
        results=tuple(tables.results)), tuple(tables.reads))


def _measurement(document: DocumentRow, meta: Meta, own: ReportMeta, parties: Parties,
                 findings: list[Finding], tables: _Tables) -> ParsedAgreement:
    """A file that is no agreement but holds measurement tables: its results, indicators and
    targets, and the unit, year and place its headings name."""
    findings = [*findings, *tables.findings]
    field = own.unit or parties.first_unit
    unit = unit_name(field, meta.headings, None)
    place = locate([t for t in (field, *meta.headings) if t],
                   [t for t in (own.title, meta.issuer, meta.signed.place if meta.signed else None) if t])
    document = replace(
        document, title=own.title, issuer=meta.issuer, year=own.year or meta.year,
        province=place.province,
        regency=place.regency, region_code=place.region_code, unit=unit,
        signed_place=meta.signed.place if meta.signed else None,
        signed_date=meta.signed.date if meta.signed else None, status=_status(findings),
        read_at=meta.read_at)
    return ParsedAgreement(DocumentResult(
        document, (), tuple(tables.indicators), tuple(tables.targets), (), tuple(findings),
        results=tuple(tables.results)), tuple(tables.reads))


def _measured_only(tables: _Tables) -> _Tables:
    """The measurement tables' rows of a file that is no agreement (an LKjIP's own PK summary
    and budget tables are no agreement's rows); findings on other tables are kept."""
    indicators = [i for i in tables.indicators if i.form == MEASURED_FORM]
    pages = {i.page for i in indicators}
    return _Tables(
        indicators, [t for t in tables.targets if t.form == MEASURED_FORM], [], [], tables.results,
        [f for f in tables.findings if f.code != "target_unparsed" or f.page in pages],
        [r for r in tables.reads if r.kind == "measurement"])


def _tables(layout: Layout, doc_id: str, is_plan: bool = False) -> _Tables:
    """`is_plan`: the file is an action plan, so an indicator table under no PK/RK heading is the
    plan's."""
    form = "perjanjian_kinerja"
    pk_heading = False  # a PK or RK heading seen
    heading: str | None = None
    report = False  # under a heading for a table outside this contract version
    out = _Tables()
    indicators, targets, budgets = out.indicators, out.targets, out.budgets
    findings, reads = out.findings, out.reads
    reported_unknown: set[str] = set()
    state = GoalState()
    measured_state = GoalState()
    plan = PlanState()
    last_header: Header | None = None
    loose: list[TextLine] = []  # running text, for a budget written as lines
    quarterly: QuarterlyReport | None = None  # a realisation report running over pages
    for block in layout.blocks():
        if isinstance(block, TextLine):
            loose.append(block)
            new_form = form_of(block.text) if is_heading(block.text) else None
            if new_form:
                form, heading, report, pk_heading = new_form, block.text, False, True
                state, last_header = GoalState(), None
            elif REPORT_HEADING.match(block.text) and is_heading(block.text):
                heading, report = block.text, True
                measured_state = GoalState()
            continue
        assert isinstance(block, Grid)
        leading, segments = split_segments(block.rows)
        if quarterly is not None and all(seg.header.kind is None for seg in segments):
            # a report's next page: a row of its own that looks like a header (`Anggaran` twice
            # in a name) opens no table
            leading, segments = block.rows, []
        if quarterly is not None and (segments or not quarterly.feed(leading)):
            _add_results(out, quarterly.finish())
            quarterly = None
        elif quarterly is not None:
            continue  # the report's next page
        if not segments:
            loose.extend(_as_lines(block))
        if (leading and last_header is not None and last_header.kind and not report
                and max(len(r) for r in leading) == len(last_header.roles)
                and (last_header.kind != "budget" or any(_AMOUNT_CELL.search(c.text)
                                                         for r in leading for c in r))):
            # A grid that starts without a header, as wide as the table before it, continues it.
            segments.insert(0, Segment(last_header, leading, leading[0][0]))
        if not segments and _looks_tabular(block) and block.method != "tabs":
            findings.append(warning(
                "table_not_extracted",
                f"A table under {heading or 'no heading'!r} has no header this version reads; "
                "its rows are not extracted.", block.at.page, block.at.line))
        for seg in segments:
            seg = replace(seg, hard_breaks=block.method == "docx-table")
            if last_header is not None and not report:
                seg = replace(seg, header=continues(seg.header, last_header))
            kind = seg.header.kind
            at = seg.header_cell.at
            if measures(seg.header):
                # a Pengukuran Kinerja table: its indicators, targets and results
                _add_results(out, parse_measurement(seg, doc_id, measured_state, heading))
                last_header = seg.header
                continue
            if is_quarterly_report(seg.header):
                if quarterly is not None:
                    _add_results(out, quarterly.finish())
                top = next(k for k, row in enumerate(block.rows) if row and row[0] is seg.header_cell)
                quarterly = start_report(seg, block.rows[top:top + seg.header.rows], doc_id)
                last_header = seg.header
                continue
            if kind == "action_plan" or (kind == "performance" and (
                    (report and _PLAN.match(heading or "")) or (is_plan and not pk_heading))):
                # a Rencana Aksi, in its own file or beside an agreement: its indicators and
                # their quarterly targets (form rencana_aksi) and one action per activity
                ptable = parse_actions(seg, doc_id, plan)
                indicators.extend(ptable.indicators)
                targets.extend(ptable.targets)
                findings.extend(ptable.findings)
                reads.extend(ptable.reads)
                last_header = seg.header
                continue
            if report or kind == "report" or kind is None:
                findings.append(warning(
                    "table_not_extracted",
                    f"The table under {heading or 'no heading'!r} (columns: "
                    f"{', '.join(' '.join(t.split()) for t in seg.header.texts if t)}) is outside this "
                    "contract version; its rows are not extracted.", at.page, at.line))
                continue
            for text in seg.header.unknown():
                if text not in reported_unknown:
                    reported_unknown.add(text)
                    findings.append(warning(
                        "unknown_column",
                        f"Column {text!r} is not one this pipeline knows; its cells are left "
                        "out of the tables.", at.page, at.line))
            if kind == "performance":
                table = parse_performance(seg, doc_id, form, state)
                indicators.extend(table.indicators)
                targets.extend(table.targets)
                findings.extend(table.findings)
                reads.append(table.read)
            else:
                btable = parse_budget(seg, doc_id, form)
                budgets.extend(btable.budgets)
                findings.extend(btable.findings)
                if btable.read is not None:
                    reads.append(btable.read)
            last_header = seg.header
    if quarterly is not None:
        _add_results(out, quarterly.finish())
    out.actions = plan.actions  # sub-rows under a repeated header merged into their activity
    if not budgets:
        listed = parse_budget_lines(loose, doc_id, form if indicators else "perjanjian_kinerja")
        budgets.extend(listed.budgets)
    out.indicators, out.targets, dupes = _unique(indicators, targets)
    findings.extend(dupes)
    out.budgets, renumbered = _numbered_budgets(budgets)
    findings.extend(renumbered)
    return out


_OFFICE_LINE = re.compile(r"^(dinas|badan|inspektorat|biro|sekretariat|kantor|rumah\s+sakit|satuan"
                          r"|kecamatan|kelurahan|bagian|bidang|balai|uptd?)\b", re.IGNORECASE)


def _office_headings(lines: list[TextLine]) -> tuple[str, ...]:
    """A plan's or a report's own unit, where no agreement block names it: the first heading
    that names an office (`DINAS PERHUBUNGAN PROVINSI JAWA BARAT` under the plan's title), in
    running text only (not a table's cell)."""
    for line in lines:
        if (not line.from_grid and is_heading(line.text) and _OFFICE_LINE.match(line.text.strip())
                and all(len(w) <= 16 for w in line.text.split())):  # not `PROVINSIJAWABARAT`
            return (line.text.strip(),)
    return ()


def _numbered_budgets(budgets: list[BudgetRow]) -> tuple[list[BudgetRow], list[Finding]]:
    """Keep (form, program_no) unique: where a form's printed numbers repeat (`2.` twice, the
    activities of each program numbered again), its rows take their order, 1, 2, …"""
    out = list(budgets)
    findings = []
    for form in dict.fromkeys(b.form for b in budgets):
        numbers = [b.program_no for b in budgets if b.form == form]
        if len(set(numbers)) == len(numbers):
            continue
        order = iter(range(1, len(numbers) + 1))
        out = [replace(b, program_no=next(order)) if b.form == form else b for b in out]
        first = next(b for b in budgets if b.form == form)
        findings.append(warning(
            "program_numbers_repeat",
            f"The {form.replace('_', ' ')} budget prints a program number more than once; its "
            f"{len(numbers)} rows are numbered by their order instead.", first.page, first.line))
    return out, findings


def _as_lines(grid: Grid) -> list[TextLine]:
    """An unrecognised grid's text for the budget-lines reader: paragraphs typed with tabs (a
    budget in list paragraphs) row by row; a frame around a list (a row of one filled cell)
    line by line."""
    out: list[TextLine] = []
    for row in grid.rows:
        filled = [c for c in row if c.text.strip()]
        if len(filled) == 1:
            out.extend(TextLine(text.strip(), filled[0].at) for text in filled[0].text.split("\n")
                       if text.strip())
        elif filled and grid.method == "tabs":
            out.append(TextLine(" ".join(c.text.strip() for c in filled), filled[0].at))
    return out


_AMOUNT_CELL = re.compile(r"\d{1,3}(?:[.,\s]\d{3}){2,}")  # a budget's continuation holds amounts
_PLAN = re.compile(r"^rencana\s+aksi\b", re.IGNORECASE)  # under it, an indicator table is the plan's


def _add_results(out: _Tables, table: ResultTable) -> None:
    table = without_repeats(table, out.indicators, out.results)
    out.indicators.extend(table.indicators)
    out.targets.extend(table.targets)
    out.results.extend(table.results)
    out.findings.extend(table.findings)
    out.reads.append(table.read)


def _looks_tabular(grid: Grid) -> bool:
    """Two or more rows of three or more filled cells: a table, not `Nama : …` lines."""
    wide = [r for r in grid.rows if sum(1 for c in r if re.search(r"\w", c.text)) >= 3]
    return len(wide) >= 2


def _unique(indicators: list[IndicatorRow], targets: list[TargetRow]) -> tuple[
        list[IndicatorRow], list[TargetRow], list[Finding]]:
    """Keep the key (form, goal_no, indicator_no) unique: a repeat is reported and dropped."""
    seen: dict[tuple, IndicatorRow] = {}
    kept: list[IndicatorRow] = []
    findings: list[Finding] = []
    for row in indicators:
        key = (row.form, row.goal_no, row.indicator_no)
        if key in seen:
            first = seen[key]
            same = (first.indicator, first.target_raw) == (row.indicator, row.target_raw)
            # the same row again (a table printed twice) loses nothing; another row is lost
            findings.append((warning if same else error)(
                "duplicate_indicator",
                f"Goal {row.goal_no} indicator {row.indicator_no} appears twice in the "
                f"{row.form} table; the second ({(row.indicator or '')[:50]!r}) is left out.",
                row.page, row.line))
            continue
        seen[key] = row
        kept.append(row)
    keep_ids = {(r.form, r.goal_no, r.indicator_no) for r in kept}
    seen_t: set[tuple] = set()
    kept_t = []
    for t in targets:
        key = (t.form, t.goal_no, t.indicator_no, t.period)
        if key[:3] in keep_ids and key not in seen_t:
            seen_t.add(key)
            kept_t.append(t)
    return kept, kept_t, findings
