"""Golden files: expected rows of each seed, one JSON object per line, per table.

Regenerate with `PK_REGEN_GOLDEN=1 pytest tests/parsing/test_golden.py`, then read the
diff against the document by eye before committing it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

from extractors.model.records import DocumentResult, as_row

TABLES = ("documents", "parties", "indicators", "targets", "budgets", "findings")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def rows_of(result: DocumentResult, table: str) -> list[dict[str, Any]]:
    items = [result.document] if table == "documents" else list(getattr(result, table))
    plain = dataclasses.asdict if table == "findings" else as_row
    rows = [{k: _plain(v) for k, v in plain(item).items()} for item in items]
    if table == "findings":  # messages are prose and may be reworded; the code and place may not
        rows = [{k: r[k] for k in ("code", "severity", "page", "line")} for r in rows]
    return rows


def read_golden(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def write_golden(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8")
