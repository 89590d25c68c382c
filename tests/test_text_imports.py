"""No import cycle among the readers (``yeep_extract.extract``), function-level imports included
(issue 14: the text reader and ``text_flow`` / ``text_header`` / ``text_runs`` imported each other
through ``TextLine``).

Read from the source with ``ast``, so that an import hidden inside a function, which only defers a
cycle, counts as much as one at the top of a module (imports for type hints only do not run: left out)."""

from __future__ import annotations

import ast
from pathlib import Path

import yeep_extract

PACKAGE = Path(yeep_extract.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of the tree but those under ``if TYPE_CHECKING:`` (imports for type hints never run)."""
    out: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        out.append(node)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))
    return out


def import_graph() -> dict[str, set[str]]:
    """Module → the package's modules it imports (anywhere in its source)."""
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join([*base, *([node.module] if node.module else [])])
                for alias in node.names:
                    found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in paths else target)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[name] = {m for m in found if m in paths and m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import graph's cycles, each as the modules of one strongly connected component (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = stack[stack.index(node):]
            del stack[stack.index(node):]
            if len(component) > 1:
                out.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def test_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_text_reader_imports_its_parts_from_below() -> None:
    graph = import_graph()
    assert "yeep_extract.extract.text_flow" in graph["yeep_extract.extract.text"]
    for part in ("text_flow", "text_header", "text_runs"):
        assert "yeep_extract.extract.text_line" in graph[f"yeep_extract.extract.{part}"]
        assert "yeep_extract.extract.text" not in graph[f"yeep_extract.extract.{part}"]


def test_no_import_cycle_in_the_readers() -> None:
    """The extract package (backends, the text reader and its parts) has no cycle, lazy imports included."""
    graph = import_graph()
    readers = {m: {d for d in deps if d.startswith("yeep_extract.extract")}
               for m, deps in graph.items() if m.startswith("yeep_extract.extract")}
    assert cycles(readers) == []
