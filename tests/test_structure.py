"""The package's shape: imports point down the layers only, no cycles, no hidden lazy imports,
short modules. The layer order is written here, not derived from the code under test."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "budgetlib"

# lowest first; a module may import only from its own layer's lower entries or from lower layers
LAYERS = [
    ["errors", "settings", "camelot_split", "camelot_import"],
    ["tables", "clean"],
    ["model"],
    ["guard"],
    ["read.streams", "read.text_norm", "read.source", "read.render", "read.text_pages", "read.figures_statements", "read.reasons", "read.follow_ups", "read.class_lists", "read.figures_three_public", "read.locate",
     "read.text_runs", "read.columns", "read.header_cells", "read.hrules", "read.lines", "read.filled_rules",
     "read.extract", "read.cover", "read.narrative", "read"],
    ["tidy.stitch", "tidy.layout", "tidy.spill", "tidy.codes", "tidy.columns", "tidy.table", "tidy.facts", "tidy"],
    ["hierarchy"],
    ["checks.causes", "checks.record", "checks.comparisons", "checks.coverage", "checks.index", "checks.review", "checks.nesting", "checks.cross_tables", "checks.identities",
     "checks.text", "checks.text_classes", "checks.text_subjects", "checks.three_public_cells", "checks.three_public", "checks.three_public_parts", "checks.text_figures", "checks.final_accounts", "checks.claims", "checks.document", "checks.hygiene",
     "checks.publication", "checks"],
    ["pipeline"],
    ["codec", "cache", "store", "workers", "preload"],
    ["corpus"],
    ["report.composition", "report.analysis", "report.views", "report.layout", "report.export", "report.charts",
     "report.render", "report.annotate", "report"],
    ["cli", "__main__", "__init__"],
]
RANK = {m: (i, j) for i, layer in enumerate(LAYERS) for j, m in enumerate(layer)}
# heavy optional dependencies may be imported where they are used, and nothing else
LAZY_ALLOWED = {"camelot", "playa", "duckdb", "distributed", "nbformat", "papermill", "nbconvert", "fontTools", "mplfonts",
                "openpyxl",
                "budgetlib.report.render", "budgetlib.report.export"}


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def resolve(name: str, node: ast.ImportFrom) -> list[str]:
    """Package-internal modules an ``import from`` names, relative to module ``name``."""
    if node.level == 0:
        if not (node.module or "").startswith("budgetlib"):
            return []
        base = (node.module or "").removeprefix("budgetlib").lstrip(".")
    else:
        is_package = modules()[name].name == "__init__.py"
        here = name.split(".") if is_package else name.split(".")[:-1]
        if name == "__init__":
            here = []
        up = here[: len(here) - (node.level - 1)] if node.level > 1 else here
        base = ".".join(up + ([node.module] if node.module else []))
    known = modules()
    out = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}" if base else alias.name
        out.append(candidate if candidate in known else base)
    return [m for m in dict.fromkeys(out) if m in known]


def imports(name: str, path: Path) -> list[tuple[str, int, bool]]:
    """(imported internal module, line, inside a function) for every import of the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nested = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
              for n in ast.walk(f) if n is not f}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for m in resolve(name, node):
                out.append((m, node.lineno, id(node) in nested))
    return out


def test_every_module_has_a_layer():
    assert set(modules()) <= set(RANK), f"modules without a layer: {sorted(set(modules()) - set(RANK))}"


def test_imports_point_down_only():
    wrong = []
    for name, path in modules().items():
        for target, line, _ in imports(name, path):
            if target == name:
                continue
            if RANK[target] >= RANK[name] and not (name.endswith("__init__") or target.startswith(name + ".")):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} {name} imports {target}")
    assert not wrong, "imports from a higher (or the same) layer:\n" + "\n".join(wrong)


def test_no_import_cycle():
    graph = {name: {t for t, _, _ in imports(name, path) if t != name} for name, path in modules().items()}
    seen, stack = set(), []

    def visit(node):
        if node in stack:
            pytest.fail("import cycle: " + " → ".join(stack[stack.index(node):] + [node]))
        if node in seen:
            return
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            visit(nxt)
        stack.pop()
        seen.add(node)

    for node in sorted(graph):
        visit(node)


def test_lazy_imports_only_of_heavy_optional_dependencies():
    hidden = []
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for f in ast.walk(tree):
            if not isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(f):
                if isinstance(node, ast.Import):
                    names = [a.name.split(".")[0] for a in node.names]
                elif isinstance(node, ast.ImportFrom):
                    internal = resolve(name, node)
                    names = [f"budgetlib.{m}" for m in internal] if internal else [(node.module or "").split(".")[0]]
                else:
                    continue
                hidden += [f"{path.name}:{node.lineno} {n}" for n in names if n not in LAZY_ALLOWED]
    assert not hidden, "imports inside functions (move them to the top):\n" + "\n".join(hidden)


def test_modules_are_short():
    long = {name: n for name, path in modules().items() if (n := len(path.read_text(encoding="utf-8").splitlines())) > 350}
    assert not long, f"modules over 350 lines: {long}"


def test_the_checker_resolves_a_planted_upward_import():
    """The rule itself can fail: a low module importing the pipeline is seen as such."""
    bad = ast.parse("from .pipeline import read_budget").body[0]
    assert resolve("clean", bad) == ["pipeline"]
    assert RANK["pipeline"] > RANK["clean"]
