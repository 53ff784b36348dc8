"""The layers and the import graph: no import circles between modules of core, kiosk and
admin, and no arrow from a lower layer to a higher one.

Every import counts, at module level or inside a function. A package importing its own
modules (an app factory registering its blueprints) is not an arrow between modules.
"""
from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("core", "kiosk", "admin")

# Higher layers may import lower ones, never the other way round. A module belongs to the
# longest prefix listed; modules not listed (core.clock, core.config, core.audit,
# core.security, ...) are foundations that may not import any listed layer above 1.
LAYERS = {
    "kiosk": 4, "admin": 4, "core.cli": 4,
    "core.web": 3, "core.demo": 3, "core.metrics": 3,
    "core.services": 2,
    "core.models": 1, "core.db": 1,
}
FOUNDATION = 1
# Imports no module of a layer may make, whatever its rank.
FORBIDDEN = {
    "core.services": ("flask", "flask_babel", "flask_wtf", "werkzeug", "wtforms", "core.web"),
    "core.models": ("flask", "core.services", "core.web"),
    "core.db": ("flask", "core.services", "core.web"),
    "kiosk": ("admin",),
    "admin": ("kiosk",),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                found[_module_name(path)] = path
    return found


def imports_of(name: str, path: Path) -> set[str]:
    """Every module or package name this module imports (absolute, resolved)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            out.add(module)
            out.update(f"{module}.{alias.name}" for alias in node.names)
    return out


@cache
def graph() -> dict[str, set[str]]:
    """Arrows between our own modules; `from pkg import mod` is an arrow to pkg.mod."""
    known = modules()
    edges = {}
    for name, path in known.items():
        targets = set()
        for imported in imports_of(name, path):
            if imported in known and imported != name and not imported.startswith(name + "."):
                targets.add(imported)
        edges[name] = targets
    return edges


def layer(name: str) -> int:
    best = max((prefix for prefix in LAYERS if name == prefix or name.startswith(prefix + ".")),
               key=len, default=None)
    return LAYERS[best] if best else FOUNDATION


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_circles():
    assert cycles(graph()) == []


def test_no_arrow_from_a_lower_layer_to_a_higher_one():
    wrong = sorted(f"{source} -> {target}" for source, targets in graph().items()
                   for target in targets if layer(target) > layer(source))
    assert wrong == []


def test_forbidden_imports():
    wrong = []
    for name, path in modules().items():
        for prefix, banned in FORBIDDEN.items():
            if name == prefix or name.startswith(prefix + "."):
                wrong += [f"{name} -> {imported}" for imported in sorted(imports_of(name, path))
                          if any(imported == b or imported.startswith(b + ".") for b in banned)]
    assert wrong == []


def test_the_walk_sees_function_level_imports_and_finds_circles():
    # kiosk/__init__.py imports the learning progress inside a function (_large_text)
    assert "core.services.learning.progress" in graph()["kiosk"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert layer("core.services.requests.filing") == 2 and layer("core.web.app") == 3
    assert layer("core.clock") == FOUNDATION and layer("kiosk.practice.views") == 4
