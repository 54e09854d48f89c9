"""Imports flow one way: CLI -> API facade -> formats -> pipeline -> stages, read from the source itself.

Every ``import`` in the package is read with ``ast`` (those inside functions too, since a
lazy import is still a dependency; those under ``if TYPE_CHECKING:`` are not, as they
never run). A module may import its own layer or a lower one, never a higher one, and
no set of modules may import each other in a circle. Only the ``cli`` package may use
click or print.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "dedupe_text"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("dedupe_text.config", "dedupe_text.errors"),
    (),  # stages: every module not named elsewhere (segment, normalize, fingerprint, candidates, confirm, result...)
    ("dedupe_text.core",),
    ("dedupe_text.formats",),
    ("dedupe_text.index", "dedupe_text.review", "dedupe_text.records", "dedupe_text.render", "dedupe_text.files"),
    ("dedupe_text", "dedupe_text.api", "dedupe_text.contrib"),
    ("dedupe_text.cli", "dedupe_text.__main__"),
)
"""From the bottom up; a name stands for a module or a package and everything in it (``dedupe_text``, the
package's own ``__init__``, for itself only)."""
STAGES = 1

PENDING: dict[tuple[str, str], str] = {
    ("dedupe_text.core", "dedupe_text.formats"):
        "issue 14: core dispatches to the formats (the core <-> formats circle); a pipeline module owns that",
}
"""Known upward imports, each with the work that removes it; a fixed one must leave this list."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int:
    """Return the layer of ``module``: that of the longest name in LAYERS it falls under."""
    best, level = "", STAGES
    for number, names in enumerate(LAYERS):
        for name in names:
            inside = module == name or (module.startswith(name + ".") and name != "dedupe_text")
            if inside and len(name) > len(best):
                best, level = name, number
    return level


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _walk_running(tree: ast.AST) -> Iterator[ast.AST]:
    """Yield every node that can run (skipping ``if TYPE_CHECKING:`` bodies)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from (n for child in node.orelse for n in [child, *_walk_running(child)])
            continue
        yield node
        yield from _walk_running(node)


def imports(module: str) -> set[str]:
    """Return the package modules ``module`` imports (resolved, relative imports included)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in _walk_running(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES)
    return {name for name in found if name in MODULES and name != module}


GRAPH = {module: imports(module) for module in MODULES}


def upward_imports() -> dict[tuple[str, str], int]:
    return {(a, b): layer(b) - layer(a) for a, targets in GRAPH.items() for b in targets if layer(b) > layer(a)}


def test_no_module_imports_a_higher_layer() -> None:
    unexpected = sorted(edge for edge in upward_imports() if edge not in PENDING)
    assert unexpected == [], "\n".join(f"{a} imports {b}, a higher layer" for a, b in unexpected)


def test_every_pending_upward_import_still_exists() -> None:
    fixed = sorted(set(PENDING) - set(upward_imports()))
    assert fixed == [], f"fixed, so remove from PENDING: {fixed}"


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_import_circle_once_the_pending_imports_are_set_aside() -> None:
    graph = {a: {b for b in targets if (a, b) not in PENDING} for a, targets in GRAPH.items()}
    assert circles(graph) == []


def test_the_circle_finder_finds_a_circle() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) < len(LAYERS) - 1))
def test_only_the_cli_uses_click_or_prints(module: str) -> None:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    clicks = [n.lineno for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) and any(
        (a.name if isinstance(n, ast.Import) else n.module or "").split(".")[0] == "click" for a in n.names)]
    prints = [n.lineno for n in ast.walk(tree)
              if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"]
    assert (clicks, prints) == ([], []), f"{module}: click imported at lines {clicks}, print at lines {prints}"


def test_the_layer_reader_sees_lazy_and_relative_imports() -> None:
    assert "dedupe_text.formats" in GRAPH["dedupe_text.core"], "a function-level import counts"
    assert "dedupe_text.api" in GRAPH["dedupe_text.cli.options"], "a relative import resolves"
    assert "dedupe_text.index" not in GRAPH["dedupe_text.api"], "a TYPE_CHECKING import does not run"
    assert layer("dedupe_text.formats.html") == 3 and layer("dedupe_text.segment") == STAGES
