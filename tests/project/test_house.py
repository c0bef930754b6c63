"""The house as the README draws it: folders are stages, a module imports only from its own
stage or one below, no import cycle, no module over 450 lines, no folder of more than 12
modules. Read from the source (ast), so a new import that breaks the order fails here."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
CODE = ("extractors", "pipeline")
MAX_LINES = 450
MAX_MODULES = 12  # per folder, __init__.py not counted

# Stage of each package, lowest first: (rank, group). A module may import from a lower rank, or
# from its own group. Packages not named take their parent's stage.
STAGES: dict[str, tuple[float, str]] = {
    "extractors": (0, "root"),  # the package itself: its version only
    "pipeline": (0, "root"),
    "extractors.model": (1, "model"),
    "extractors.values": (2, "values"),
    "extractors.readers.text": (3.1, "text"),
    "extractors.readers.containers": (3.1, "containers"),
    "extractors.readers.words": (3.1, "words"),
    "extractors.readers.docx": (3.1, "docx"),
    "extractors.readers.ocr": (3.2, "ocr"),
    "extractors.readers.pdf": (3.3, "pdf"),
    "extractors.readers": (3.9, "registry"),  # readers/__init__.py: which reader for which bytes
    "extractors.segment": (4, "segment"),
    "extractors.parsers": (5, "parsers"),
    "extractors.checks": (6, "checks"),
    "extractors.extract": (7, "extract"),
    "pipeline.contract": (8, "contract"),
    "pipeline.corrections": (8.5, "corrections"),  # above the contract, below batch and review
    "pipeline.setup": (9, "setup"),
    "pipeline.batch": (9, "batch"),
    "pipeline.analysis": (9, "analysis"),
    "pipeline.review": (9.5, "review"),  # the review page: over analysis (tables_io) and corrections
    "pipeline.cli": (10, "cli"),
    "pipeline.cli_help": (10, "cli"),
    "pipeline.__main__": (10, "cli"),
}


def _modules() -> dict[str, Path]:
    found = {}
    for top in CODE:
        for path in sorted((PROJECT / top).rglob("*.py")):
            parts = list(path.relative_to(PROJECT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The project modules `name` imports, at any depth of its code (lazy imports count)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            targets = [module, *(f"{module}.{alias.name}" for alias in node.names)]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def stage_of(module: str) -> tuple[float, str]:
    name = module
    while name not in STAGES:
        name = name.rpartition(".")[0]
        assert name, f"{module} is in no stage: add its package to STAGES and to the README"
    return STAGES[name]


def test_the_graph_is_read() -> None:
    assert "extractors.parsers.agreement" in MODULES
    assert "extractors.model.layout" in GRAPH["extractors.parsers.agreement"]
    assert "pipeline.batch.run" in GRAPH["pipeline.cli"]  # a lazy import counts


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_only_its_own_stage_or_below(module: str) -> None:
    rank, group = stage_of(module)
    wrong = sorted(t for t in GRAPH[module] if not (stage_of(t)[0] < rank or stage_of(t)[1] == group))
    assert not wrong, f"{module} ({group}) imports a later or sibling stage: {wrong}"


def test_no_import_cycle() -> None:
    cycles: list[list[str]] = []
    state: dict[str, int] = defaultdict(int)  # 0 new, 1 on the path, 2 done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(GRAPH[node]):
            if state[nxt] == 1:
                cycles.append(path[path.index(nxt):] + [nxt])
            elif state[nxt] == 0:
                visit(nxt)
        path.pop()
        state[node] = 2

    for module in sorted(GRAPH):
        if state[module] == 0:
            visit(module)
    assert not cycles, f"import cycles: {cycles}"


def test_batch_and_analysis_meet_only_in_the_contract() -> None:
    crossing = sorted((m, t) for m in GRAPH for t in GRAPH[m]
                      if {stage_of(m)[1], stage_of(t)[1]} == {"batch", "analysis"})
    assert not crossing


@pytest.mark.parametrize("top", [*CODE, "bench", "tests"])
def test_no_module_over_450_lines(top: str) -> None:
    long = {str(p.relative_to(PROJECT)): n for p in (PROJECT / top).rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long


@pytest.mark.parametrize("top", [*CODE, "bench", "tests"])
def test_no_folder_of_more_than_12_modules(top: str) -> None:
    crowded = {}
    for folder in [PROJECT / top, *(p for p in (PROJECT / top).rglob("*") if p.is_dir())]:
        count = sum(1 for p in folder.glob("*.py") if p.name != "__init__.py")
        if count > MAX_MODULES:
            crowded[str(folder.relative_to(PROJECT))] = count
    assert not crowded


@pytest.mark.parametrize("package", sorted(m for m, p in MODULES.items() if p.name == "__init__.py"))
def test_every_package_says_what_comes_in_and_goes_out(package: str) -> None:
    doc = ast.get_docstring(ast.parse(MODULES[package].read_text(encoding="utf-8")))
    assert doc and len(doc) > 40, f"{package}/__init__.py has no docstring saying what it holds"


def test_the_readme_draws_every_folder() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    built = readme[readme.index("## How it is built"):]
    folders = sorted({str(p.parent.relative_to(PROJECT)) + "/" for m, p in MODULES.items()
                      if p.name == "__init__.py" and "." in m})
    assert [f for f in folders if f.split("/")[-2] + "/" not in built] == []
