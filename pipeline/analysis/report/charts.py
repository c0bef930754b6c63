"""Charts for the report, drawn by matplotlib as compact inline SVG.

Text stays text (`svg.fonttype = none`) so a chart weighs a few kilobytes, not a font's worth of
glyph outlines; ids are salted with a constant so the same rows give the same bytes. Figures are
made without pyplot: no global figure registry, nothing to close.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Sequence

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

RC = {"svg.fonttype": "none", "svg.hashsalt": "pk-extract", "font.size": 9,
      "font.family": "DejaVu Sans", "axes.spines.top": False, "axes.spines.right": False}
BAR = "#4c78a8"
LABEL_WIDTH = 44  # characters per label line; two lines at most


def _label(text: str) -> str:
    """A long program name on two lines, cut with `…` beyond that."""
    lines = textwrap.wrap(" ".join(text.split()), LABEL_WIDTH) or [""]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: LABEL_WIDTH - 1] + "…"]
    return "\n".join(lines)


def rupiah_short(amount: float, prefix: str = "Rp ") -> str:
    """`Rp 8.8 bn` (miliar), `Rp 1.2 tn` (triliun): what fits beside a bar."""
    for size, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if abs(amount) >= size:
            return f"{prefix}{amount / size:.3g} {word}"
    return f"{prefix}{amount:,.0f}"


def _axis(x: float, _: object) -> str:
    return rupiah_short(x, prefix="") if x else "0"


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg"):]  # no XML prolog or DOCTYPE inside HTML
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return re.sub(r">\s+<", "><", text).strip()


def horizontal_bars(labels: Sequence[str], values: Sequence[float], title: str) -> str:
    """One bar per label in the document's order, amounts in rupiah at the bar ends.

    Margins are fixed (labels are wrapped to a known width) instead of `tight_layout`, which
    measures every text and would triple the time per chart on a 1,000-document report."""
    with matplotlib.rc_context(RC):
        inches = 0.45 + 0.42 * len(labels)
        fig = Figure(figsize=(8.0, inches), dpi=72)
        ax = fig.subplots()
        fig.subplots_adjust(left=0.40, right=0.98, top=1 - 0.32 / inches, bottom=0.1 / inches)
        positions = list(range(len(labels)))[::-1]
        ax.barh(positions, values, color=BAR, height=0.6)
        ax.set_yticks(positions, [_label(label) for label in labels], fontsize=8)
        ax.set_ylim(-0.6, len(labels) - 0.4)
        ax.set_title(title, loc="left", fontsize=9)
        top = max([*values, 1])
        ax.set_xlim(0, top * 1.3)
        ax.xaxis.set_visible(False)  # the amounts stand at the bar ends; an axis would repeat them
        ax.spines["bottom"].set_visible(False)
        for y, value in zip(positions, values, strict=True):
            ax.text(value + top * 0.01, y, rupiah_short(value), va="center", fontsize=8)
        return _svg(fig)


def vertical_bars(labels: Sequence[str], values: Sequence[float], title: str) -> str:
    """Bars side by side (e.g. the batch's budget per year)."""
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(max(3.0, 0.8 * len(labels) + 1.2), 2.4), dpi=72)
        ax = fig.subplots()
        fig.subplots_adjust(left=0.22, right=0.97, top=0.86, bottom=0.14)
        ax.bar(range(len(labels)), values, color=BAR, width=0.6)
        ax.set_xticks(range(len(labels)), list(labels))
        ax.set_title(title, loc="left", fontsize=9)
        ax.yaxis.set_major_locator(MaxNLocator(4))
        ax.yaxis.set_major_formatter(FuncFormatter(_axis))
        top = max([*values, 1])
        ax.set_ylim(0, top * 1.2)
        for x, value in enumerate(values):
            ax.text(x, value + top * 0.02, rupiah_short(value), ha="center", fontsize=8)
        return _svg(fig)
