"""A function's own nested helper is never rebound later in the same function: `make bench
--speech` ran for 25 minutes and then failed with "'bool' object is not callable", because
a loop in benchmarks/run.py's main() took the name of its helper ``wanted`` as its loop
variable. Checked for the bench and the apps alike, on the source."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TREES = ("benchmarks", "core", "kiosk", "admin", "scripts")


def _own_scope(node: ast.AST):
    """The nodes of a function's own scope: not those inside nested functions, classes
    or lambdas (they have scopes of their own)."""
    for child in ast.iter_child_nodes(node):
        yield child
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                  ast.Lambda)):
            yield from _own_scope(child)


def _bound_names(target: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def shadowed_helpers(source: str, filename: str) -> list[str]:
    found = []
    for function in ast.walk(ast.parse(source, filename)):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        scope = list(_own_scope(function))
        helpers = {n.name for n in scope if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        for node in scope:
            targets = []
            if isinstance(node, (ast.For, ast.AsyncFor)):
                targets = [node.target]
            elif isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
                targets = [node.target]
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                targets = [item.optional_vars for item in node.items if item.optional_vars]
            for name in sorted(helpers & set().union(*map(_bound_names, targets))):
                found.append(f"{filename}:{node.lineno}: {function.name}() rebinds its "
                             f"helper {name}()")
    return found


def test_the_check_catches_a_loop_that_takes_a_helpers_name():
    source = ("def main(only):\n"
              "    def wanted(key):\n"
              "        return key in only\n"
              "    for wanted, key in ((True, 'a'),):\n"
              "        pass\n"
              "    return wanted('speech')\n")
    assert shadowed_helpers(source, "x.py") == ["x.py:4: main() rebinds its helper wanted()"]


def test_no_function_rebinds_its_own_helper():
    found = []
    for tree in TREES:
        for path in sorted((ROOT / tree).rglob("*.py")):
            found += shadowed_helpers(path.read_text(encoding="utf-8"),
                                      str(path.relative_to(ROOT)))
    assert found == []
