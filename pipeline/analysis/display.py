"""How numbers, places and changes read for a person, the same in the terminal and in HTML."""

from __future__ import annotations

from collections.abc import Sequence

ARROWS = {"up": "▲ raised", "down": "▼ lowered"}


def rupiah(amount: int | None) -> str:
    return "–" if amount is None else f"Rp {amount:,}"


def signed_rupiah(amount: int) -> str:
    sign = "+" if amount > 0 else "−" if amount < 0 else "±"
    return f"{sign}Rp {abs(amount):,}"


def signed_percent(percent: float | None) -> str:
    if percent is None:
        return "n/a"
    sign = "+" if percent > 0 else "−" if percent < 0 else "±"
    return f"{sign}{abs(percent):.1f}%"


def where(page: int | None, line: int | None) -> str:
    """`p. 3, l. 12`, `p. 3` (PDF), `l. 12` (text, Word): the place an auditor opens."""
    parts = [f"p. {page}" if page is not None else "", f"l. {line}" if line is not None else ""]
    return ", ".join(p for p in parts if p)


def direction(word: str | None) -> str:
    return ARROWS.get(word or "", "changed")


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str | None]],
               widths: Sequence[int] | None = None) -> str:
    """Columns padded to their widest cell, cells cut at the column's width with `…`."""
    def cut(text: str | None, width: int | None) -> str:
        text = " ".join((text or "").split())
        return text if width is None or len(text) <= width else text[: width - 1] + "…"

    limits = list(widths) if widths else [None] * len(headers)
    cells = [[cut(c, w) for c, w in zip(row, limits, strict=True)] for row in rows]
    sizes = [max([len(h), *(len(r[k]) for r in cells)]) for k, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(s) for h, s in zip(headers, sizes, strict=True)).rstrip(),
             "  ".join("-" * s for s in sizes)]
    lines += ["  ".join(c.ljust(s) for c, s in zip(row, sizes, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)
