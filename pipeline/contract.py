"""The output contract as Arrow types: the tables of `parsed/`, their columns in order, which
are required.

The one thing the batch machinery (which writes `parsed/`) and the tools over `parsed/`
(which read it) share besides the files themselves.
"""

from __future__ import annotations

import pyarrow as pa

CONTRACT_VERSION = "1"
S, I32, I64, F64, B, D = pa.string(), pa.int32(), pa.int64(), pa.float64(), pa.bool_(), pa.date32()
LS = pa.list_(pa.field("element", pa.string()))  # the name Parquet gives list items

# (column, type, required) in contract order, per table.
CONTRACT: dict[str, tuple[tuple[str, pa.DataType, bool], ...]] = {
    "documents": (
        ("doc_id", S, True), ("source_file", S, True), ("source_format", S, True),
        ("ocr", B, True), ("status", S, True), ("title", S, False), ("issuer", S, False),
        ("year", I32, False), ("province", S, False), ("regency", S, False),
        ("region_code", S, False), ("unit", S, False), ("signed_place", S, False),
        ("signed_date", D, False), ("page_count", I32, False), ("pipeline_version", S, True),
        ("file_id", S, False), ("part", I32, False), ("kind", S, False),
    ),
    "parties": (
        ("doc_id", S, True), ("role", S, True), ("name", S, False), ("degrees", LS, False),
        ("position", S, False), ("nip", S, False), ("nip_birth_date", D, False),
        ("nip_appointed", S, False), ("nip_gender", S, False), ("nip_valid", B, False),
        ("rank", S, False), ("acting", B, False),
    ),
    "indicators": (
        ("doc_id", S, True), ("form", S, True), ("goal_type", S, False), ("goal_no", I32, False),
        ("goal", S, False), ("indicator_no", I32, False), ("indicator", S, False),
        ("data_source", S, False), ("measurement", S, False), ("unit", S, False),
        ("ksd_no", I32, False), ("target_raw", S, False), ("target_value", F64, False),
        ("target_percent", B, False), ("target_label", S, False),
        ("target_not_applicable", B, False), ("page", I32, False), ("line", I32, False),
    ),
    "targets": (
        ("doc_id", S, True), ("form", S, True), ("goal_no", I32, False),
        ("indicator_no", I32, False), ("period", S, True), ("raw", S, False),
        ("value", F64, False), ("percent", B, False), ("label", S, False),
        ("not_applicable", B, False),
    ),
    "budgets": (
        ("doc_id", S, True), ("form", S, True), ("program_no", I32, False),
        ("program", S, False), ("amount_idr", I64, False), ("funding_source", S, False),
        ("page", I32, False), ("line", I32, False),
    ),
    "findings": (
        ("doc_id", S, True), ("severity", S, True), ("code", S, True), ("message", S, True),
        ("page", I32, False), ("line", I32, False),
    ),
    # "Action plans and results": additions to version 1
    "actions": (
        ("doc_id", S, True), ("goal_no", I32, False), ("indicator_no", I32, False),
        ("action_no", I32, True), ("program", S, False), ("activity", S, False),
        ("output", S, False), ("output_target", S, False), ("steps", S, False),
        ("quarters", LS, False), ("budget_idr", I64, False), ("responsible", S, False),
        ("page", I32, False), ("line", I32, False),
    ),
    "results": (
        ("doc_id", S, True), ("goal_no", I32, False), ("indicator_no", I32, False),
        ("period", S, True), ("target_raw", S, False), ("target_value", F64, False),
        ("target_percent", B, False), ("target_label", S, False), ("realised_raw", S, False),
        ("realised_value", F64, False), ("realised_percent", B, False),
        ("realised_label", S, False), ("achievement_raw", S, False),
        ("realised_budget_idr", I64, False), ("achievement_pct", F64, False),
        ("page", I32, False), ("line", I32, False),
    ),
    # "Sources of values": the box or line each value was read from
    "sources": (
        ("doc_id", S, True), ("table", S, True), ("key", S, True), ("column", S, True),
        ("page", I32, False), ("x0", F64, False), ("top", F64, False), ("x1", F64, False),
        ("bottom", F64, False), ("line", I32, False), ("raw", S, False),
    ),
}
TABLES = tuple(CONTRACT)

# Written by `python -m pipeline score`, not by `extract`: one row per agreement indicator per
# period that has a target.
SCORES: tuple[tuple[str, pa.DataType, bool], ...] = (
    ("doc_id", S, True), ("goal_no", I32, False), ("indicator_no", I32, False),
    ("year", I32, False), ("unit", S, False), ("region_code", S, False), ("period", S, False),
    ("result_doc_id", S, False), ("result_goal_no", I32, False),
    ("result_indicator_no", I32, False), ("match", S, False), ("similarity", F64, False),
    ("target_value", F64, False), ("realised_value", F64, False), ("direction", S, False),
    ("direction_rule", S, False), ("achievement_pct", F64, False),
    ("achievement_written", F64, False), ("status", S, True),
)
