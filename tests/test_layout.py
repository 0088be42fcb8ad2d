"""The package's shape: one direction of imports (no cycle), small modules, a pinned layout.

Imports are read from the source with ``ast``: module-level imports only, leaving out those
under ``if TYPE_CHECKING:`` (types, not code) and those inside functions (the lazy imports
that keep ``import b12labs`` fast, such as a report's renderers, which run only when called).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "b12labs"
#: Longest module kept; a module past it should be split by idea.
MAX_LINES = 400


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, module: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    nodes: list[ast.stmt] = list(tree.body)
    while nodes:
        node = nodes.pop()
        if isinstance(node, ast.If) and not _is_type_checking(node):
            nodes += node.body + node.orelse
        elif isinstance(node, ast.Try):
            nodes += node.body
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rsplit(".", 1)[0]
            target = (
                (f"{base}.{node.module}" if node.module else base) if node.level else node.module
            )
            if target and target.startswith("b12labs"):
                found.add(target)
                found |= {f"{target}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("b12labs")}
    return found


def import_graph() -> dict[str, set[str]]:
    """Each b12labs module and the b12labs modules it imports at module level."""
    paths = {_module(p): p for p in PACKAGE.rglob("*.py")}
    return {
        module: {target for target in _imports(path, module) if target in paths} - {module}
        for module, path in paths.items()
    }


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_there_is_no_import_cycle() -> None:
    # a package's __init__ re-exports its modules, so it is left out as a target
    graph = import_graph()
    packages = {m for m in graph if (PACKAGE.parent / m.replace(".", "/") / "__init__.py").exists()}
    inner = {m: {t for t in targets if t not in packages} for m, targets in graph.items()}
    assert _cycle(inner) is None


def test_the_report_does_not_import_its_renderers_at_module_level() -> None:
    graph = import_graph()
    assert not any(target.startswith("b12labs.render") for target in graph["b12labs.report"])


def test_every_module_is_small() -> None:
    sizes = {
        _module(p): len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py")
    }
    assert {m: n for m, n in sizes.items() if n > MAX_LINES} == {}


def test_rule_tables_never_import_each_other() -> None:
    tables = {
        "b12labs.reasoning.b12_deficiency",
        "b12labs.reasoning.b12_excess",
        "b12labs.reasoning.other_causes",
        "b12labs.reasoning.urgency",
        "b12labs.reasoning.recommendations",
        "b12labs.reasoning.caveats",
        "b12labs.reasoning.safety",
    }
    graph = import_graph()
    assert {m: graph[m] & tables for m in tables if graph[m] & tables} == {}


def test_the_graph_is_read_and_a_cycle_would_be_found() -> None:
    graph = import_graph()
    assert "b12labs.units" in graph["b12labs.results"]
    assert "b12labs.reasoning.terms" in graph["b12labs.reasoning.b12_deficiency"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
