"""Output rows, one dataclass per contract table (see README's data dictionary).

Field names and order follow ../contract.md exactly; extra columns go at the end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from extractors.findings import Finding


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


@dataclass(frozen=True)
class DocumentResult:
    """Everything one input file yields: what `extract_one` returns and the cache stores."""

    document: DocumentRow
    parties: tuple[PartyRow, ...] = ()
    indicators: tuple[IndicatorRow, ...] = ()
    targets: tuple[TargetRow, ...] = ()
    budgets: tuple[BudgetRow, ...] = ()
    findings: tuple[Finding, ...] = field(default_factory=tuple)
