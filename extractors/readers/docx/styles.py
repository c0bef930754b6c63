"""What styles.xml says about visibility: hidden runs, white text, shading, table rules.

Text hygiene (contract) for Word files: a run Word does not print (`w:vanish`)
or prints white on a white page is no content. A property is looked up where
Word looks: the run, its character style, the paragraph's style, the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractors.readers.docx.xml import Element, attr, is_on, val, w

_WHITE = {"FFFFFF", "FFFFFE"}
_WHITE_THEMES = {"background1", "light1"}
_BORDER_SIDES = ("top", "left", "bottom", "right", "start", "end", "insideH", "insideV")
_NO_BORDER = {None, "nil", "none"}


@dataclass(frozen=True)
class RunLook:
    hidden: bool  # w:vanish: Word does not print it
    white: bool  # white text colour
    shaded: bool  # a coloured background behind the run itself (shading or highlight)

    def invisible(self, background: bool) -> bool:
        """Not printed, or white on a page/cell/paragraph with no colour of its own."""
        return self.hidden or (self.white and not self.shaded and not background)


def is_fill(shd: Element | None) -> bool:
    """A w:shd that paints a colour (not `auto`, not white, not `nil`)."""
    fill = (attr(shd, "fill") or "auto").upper()
    pattern = val(shd) or "clear"
    return shd is not None and pattern != "nil" and fill not in {"AUTO", *_WHITE}


class Styles:
    """styles.xml, indexed by style id, for the properties the reader needs."""

    def __init__(self, root: Element | None) -> None:
        self._by_id: dict[str, Element] = {}
        self._default: dict[str, str] = {}
        self._run_defaults: Element | None = None
        if root is None:
            return
        for style in root.iter(w("style")):
            sid = attr(style, "styleId")
            if sid:
                self._by_id[sid] = style
            if attr(style, "default") in {"1", "true"}:
                self._default.setdefault(attr(style, "type") or "", sid or "")
        defaults = root.find(w("docDefaults"))
        if defaults is not None:
            self._run_defaults = defaults.find(f"{w('rPrDefault')}/{w('rPr')}")

    def chain(self, style_id: str | None) -> list[Element]:
        """A style and the styles it is based on, nearest first (cycles cut)."""
        out: list[Element] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._by_id:
            seen.add(style_id)
            style = self._by_id[style_id]
            out.append(style)
            style_id = val(style.find(w("basedOn")))
        return out

    def paragraph_style(self, ppr: Element | None) -> str | None:
        own = val(ppr.find(w("pStyle"))) if ppr is not None else None
        return own or self._default.get("paragraph")

    def _rprs(self, rpr: Element | None, para_style: str | None) -> list[Element]:
        """Run property sets in the order Word applies them, strongest first."""
        found = [rpr] if rpr is not None else []
        char_style = val(rpr.find(w("rStyle"))) if rpr is not None else None
        for style in [*self.chain(char_style), *self.chain(para_style)]:
            props = style.find(w("rPr"))
            if props is not None:
                found.append(props)
        if self._run_defaults is not None:
            found.append(self._run_defaults)
        return found

    def run_look(self, rpr: Element | None, para_style: str | None) -> RunLook:
        hidden: bool | None = None
        white: bool | None = None
        shaded: bool | None = None
        for props in self._rprs(rpr, para_style):
            if hidden is None:
                hidden = is_on(props.find(w("vanish")))
            color = props.find(w("color"))
            if white is None and color is not None:
                white = ((val(color) or "").upper() in _WHITE
                         or (attr(color, "themeColor") or "") in _WHITE_THEMES)
            if shaded is None:
                shd, mark = props.find(w("shd")), props.find(w("highlight"))
                if shd is not None or mark is not None:
                    shaded = is_fill(shd) or (val(mark) or "none") not in {"none", "white"}
        return RunLook(bool(hidden), bool(white), bool(shaded))

    def paragraph_shaded(self, ppr: Element | None) -> bool:
        sources = [ppr] if ppr is not None else []
        sources += [s.find(w("pPr")) for s in self.chain(self.paragraph_style(ppr))]
        for props in sources:
            if props is not None and props.find(w("shd")) is not None:
                return is_fill(props.find(w("shd")))
        return False

    def table_shaded(self, tbl_pr: Element | None) -> bool:
        """A table whose own or style shading may sit behind any cell (a coloured header style)."""
        if tbl_pr is None:
            return False
        if is_fill(tbl_pr.find(w("shd"))):
            return True
        style_id = val(tbl_pr.find(w("tblStyle"))) or self._default.get("table")
        return any(is_fill(shd) for style in self.chain(style_id) for shd in style.iter(w("shd")))

    def table_ruled(self, tbl: Element) -> bool:
        """Whether a table prints any rule: its own borders, its style's, or a cell's."""
        tbl_pr = tbl.find(w("tblPr"))
        own = tbl_pr.find(w("tblBorders")) if tbl_pr is not None else None
        if own is None:
            style_id = val(tbl_pr.find(w("tblStyle"))) if tbl_pr is not None else None
            for style in self.chain(style_id or self._default.get("table")):
                props = style.find(w("tblPr"))
                own = props.find(w("tblBorders")) if props is not None else None
                if own is not None:
                    break
        if own is not None and _any_border(own):
            return True
        return any(_any_border(borders) for borders in tbl.iter(w("tcBorders")))


def _any_border(borders: Element) -> bool:
    return any(val(borders.find(w(side))) not in _NO_BORDER for side in _BORDER_SIDES)
