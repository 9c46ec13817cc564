"""rtmigrate's own source: no function or method is defined twice in one scope.

A rule or an evidence reader is found by its `visit_<node>` methods; a second
method of the same name in a class silently replaces the first, and the hook
it held never runs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "rtmigrate"


def defined_twice(source: str) -> list[str]:
    """`Class.name` (or `name` at module level) for each function defined again in
    the same body, property setters and `typing.overload` stubs aside."""
    found = []

    def walk(body: list[ast.stmt], owner: str) -> None:
        seen: set[str] = set()
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                decorators = {ast.unparse(d) for d in node.decorator_list}
                if any(d.endswith((".setter", ".deleter")) or d in ("overload", "typing.overload") for d in decorators):
                    continue
                if node.name in seen:
                    found.append(f"{owner}{node.name}")
                seen.add(node.name)
            elif isinstance(node, ast.ClassDef):
                walk(node.body, f"{owner}{node.name}.")

    walk(ast.parse(source).body, "")
    return found


@pytest.mark.parametrize("module", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_function_is_defined_twice(module):
    assert defined_twice(module.read_text(encoding="utf-8")) == []


def test_a_method_defined_twice_is_seen():
    source = (
        "class Evidence:\n"
        "    def visit_object(self, node): pass\n"
        "    @property\n    def kind(self): pass\n"
        "    @kind.setter\n    def kind(self, value): pass\n"
        "    def visit_object(self, node): pass\n"
    )
    assert defined_twice(source) == ["Evidence.visit_object"]
