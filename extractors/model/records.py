"""Output rows, one dataclass per contract table (see README's data dictionary).

Field names and order follow ../contract.md exactly; extra columns go at the end.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from extractors.model.findings import Finding
from extractors.model.layout import Span

INTERNAL = {"internal": True}  # a field the parsers keep for the next stage, never a column


@dataclass(frozen=True)
class ValueAt:
    """Where a parser read one value of a row: the cell or line, and its text before parsing.

    `column` is the row's column, or `*` for the row as a whole (its first cell): the fallback
    for a value read from no one cell (a goal carried down, a unit derived from the target).
    """

    column: str
    at: Span
    raw: str | None = None


def _read_at() -> Any:
    return field(default=(), compare=False, repr=False, metadata=INTERNAL)


def output_fields(cls: type) -> list[dataclasses.Field]:
    """The fields that are columns of the row's table (not what parsers keep for later stages)."""
    return [f for f in dataclasses.fields(cls) if not f.metadata.get("internal")]


def as_row(obj: Any) -> dict[str, Any]:
    """A record as its table's row: output fields only, nested values as `asdict` gives them."""
    return {f.name: _plain(getattr(obj, f.name))
            for f in output_fields(type(obj))}


def _plain(value: Any) -> Any:
    return dataclasses.asdict(value) if dataclasses.is_dataclass(value) else value


@dataclass(frozen=True)
class DocumentRow:
    doc_id: str
    source_file: str
    source_format: str
    ocr: bool
    status: str  # ok | partial | failed
    title: str | None = None
    issuer: str | None = None
    year: int | None = None
    province: str | None = None
    regency: str | None = None
    region_code: str | None = None
    unit: str | None = None
    signed_place: str | None = None
    signed_date: dt.date | None = None
    page_count: int | None = None
    pipeline_version: str = ""
    file_id: str | None = None  # the file's 16 hex digits; doc_id adds `-k` for part k >= 2
    part: int | None = 1  # position of the agreement in its file
    kind: str | None = None  # agreement, action_plan, measurement, report, decree, other; None: unread
    read_at: tuple[ValueAt, ...] = _read_at()


@dataclass(frozen=True)
class PartyRow:
    doc_id: str
    role: str  # first | second
    name: str | None = None
    degrees: tuple[str, ...] = ()
    position: str | None = None
    nip: str | None = None
    nip_birth_date: dt.date | None = None
    nip_appointed: str | None = None
    nip_gender: str | None = None
    nip_valid: bool | None = None
    rank: str | None = None
    acting: bool | None = None
    read_at: tuple[ValueAt, ...] = _read_at()


@dataclass(frozen=True)
class IndicatorRow:
    doc_id: str
    form: str  # perjanjian_kinerja | rencana_kinerja
    goal_type: str | None
    goal_no: int | None
    goal: str | None
    indicator_no: int | None
    indicator: str | None
    data_source: str | None = None
    measurement: str | None = None
    unit: str | None = None
    ksd_no: int | None = None
    target_raw: str | None = None
    target_value: float | None = None
    target_percent: bool | None = None
    target_label: str | None = None
    target_not_applicable: bool | None = None
    page: int | None = None
    line: int | None = None
    read_at: tuple[ValueAt, ...] = _read_at()


@dataclass(frozen=True)
class TargetRow:
    doc_id: str
    form: str
    goal_no: int | None
    indicator_no: int | None
    period: str  # Q1..Q4 | annual
    raw: str | None
    value: float | None
    percent: bool | None
    label: str | None
    not_applicable: bool | None
    page: int | None = None  # beyond the contract: where the cell stands, for auditors
    line: int | None = None
    read_at: tuple[ValueAt, ...] = _read_at()


@dataclass(frozen=True)
class BudgetRow:
    doc_id: str
    form: str
    program_no: int | None
    program: str | None
    amount_idr: int | None
    funding_source: str | None = None
    page: int | None = None
    line: int | None = None
    read_at: tuple[ValueAt, ...] = _read_at()


@dataclass(frozen=True)
class ActionRow:
    """One activity (*kegiatan*) of an action plan, under the indicator it serves."""

    doc_id: str
    goal_no: int | None
    indicator_no: int | None
    action_no: int
    program: str | None = None
    activity: str | None = None
    output: str | None = None
    output_target: str | None = None
    steps: str | None = None
    quarters: tuple[str, ...] = ()
    budget_idr: int | None = None
    responsible: str | None = None
    page: int | None = None
    line: int | None = None
    read_at: tuple[ValueAt, ...] = _read_at()


@dataclass(frozen=True)
class ResultRow:
    """One measured indicator in one period: target, realisation and achievement as written."""

    doc_id: str
    goal_no: int | None
    indicator_no: int | None
    period: str  # annual | Q1..Q4
    target_raw: str | None = None
    target_value: float | None = None
    target_percent: bool | None = None
    target_label: str | None = None
    realised_raw: str | None = None
    realised_value: float | None = None
    realised_percent: bool | None = None
    realised_label: str | None = None
    achievement_raw: str | None = None
    realised_budget_idr: int | None = None
    achievement_pct: float | None = None
    page: int | None = None
    line: int | None = None
    year: int | None = None  # beyond the contract: the year measured, where the table names it
    read_at: tuple[ValueAt, ...] = _read_at()


@dataclass(frozen=True)
class SourceRow:
    """Where one extracted value was read: the box on its page (PDF points), or its line."""

    doc_id: str
    table: str
    key: str  # the row's key columns joined by `/`
    column: str
    page: int | None = None
    x0: float | None = None
    top: float | None = None
    x1: float | None = None
    bottom: float | None = None
    line: int | None = None
    raw: str | None = None


@dataclass(frozen=True)
class DocumentResult:
    """Everything one input file yields: what `extract_one` returns and the cache stores."""

    document: DocumentRow
    parties: tuple[PartyRow, ...] = ()
    indicators: tuple[IndicatorRow, ...] = ()
    targets: tuple[TargetRow, ...] = ()
    budgets: tuple[BudgetRow, ...] = ()
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    actions: tuple[ActionRow, ...] = ()
    results: tuple[ResultRow, ...] = ()
    sources: tuple[SourceRow, ...] = ()


@dataclass(frozen=True)
class FileResult:
    """Everything one input file yields: one DocumentResult per agreement it holds (most: one).

    This is what the worker returns and the cache stores; a file that bundles
    several agreements (an office head's and his section heads') has several parts.
    """

    parts: tuple[DocumentResult, ...]

    def __post_init__(self) -> None:
        if not self.parts:
            raise ValueError("a FileResult has at least one part")

    @property
    def document(self) -> DocumentRow:
        """The first agreement's row: the file's doc_id, format and (for one part) status."""
        return self.parts[0].document

    @property
    def file_id(self) -> str:
        return self.parts[0].document.file_id or self.parts[0].document.doc_id

    @property
    def status(self) -> str:
        """failed when every part failed, partial when any part is not ok, else ok."""
        statuses = {p.document.status for p in self.parts}
        if statuses == {"failed"}:
            return "failed"
        return "ok" if statuses == {"ok"} else "partial"

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for p in self.parts for f in p.findings)

    def renamed(self, source_file: str) -> FileResult:
        """The same rows under another file name (a cache hit, or a file found under a new name)."""
        return FileResult(tuple(
            replace(p, document=replace(p.document, source_file=source_file)) for p in self.parts))

    def noted(self, finding: Finding) -> FileResult:
        """A file-level finding (a duplicate copy, say) attached to the first part."""
        first = self.parts[0]
        return FileResult((replace(first, findings=first.findings + (finding,)), *self.parts[1:]))


# The key columns of each table, in order: `sources.key` and a correction's row key are their
# values joined by `/` (an empty string for a null), the documents' key is the doc_id itself.
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id",),
    "parties": ("role",),
    "indicators": ("form", "goal_no", "indicator_no"),
    "targets": ("form", "goal_no", "indicator_no", "period"),
    "budgets": ("form", "program_no"),
    "actions": ("goal_no", "indicator_no", "action_no"),
    "results": ("goal_no", "indicator_no", "period"),
}


def row_key(table: str, row: object) -> str:
    """A row's key within its table (`perjanjian_kinerja/3/1/Q2`), from a record or a dict."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    return "/".join("" if get(c) is None else str(get(c)) for c in KEY_COLUMNS[table])
