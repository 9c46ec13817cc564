"""One parametrised test over every before/after fixture (see fixture_cases.py)."""

from __future__ import annotations

import ast

import pytest

from fixture_cases import ROOT, actual, cases, expected


@pytest.mark.parametrize("case", cases(), ids=lambda p: str(p.relative_to(ROOT / "fixtures")))
def test_fixture(case):
    got, want = actual(case), expected(case)
    for kind in ("expect", "fixed", "unsafe"):
        assert got[kind] == want[kind], f"{case.name}: {kind} differs"
    for kind in ("fixed", "unsafe"):
        parses(got[kind], case.suffix)


@pytest.mark.parametrize("case", cases(), ids=lambda p: str(p.relative_to(ROOT / "fixtures")))
def test_fixed_fixture_is_stable(case):
    """The expected output, checked again, has nothing left to fix."""
    from rtmigrate import fix_source

    for kind, text in expected(case).items():
        if kind != "expect":
            assert fix_source(text, case.name, unsafe=kind == "unsafe") == text


def parses(text: str, suffix: str) -> None:
    """The text is valid in its language (tree-sitter finds no error in JavaScript or TypeScript)."""
    if suffix == ".py":
        ast.parse(text)
        return
    if suffix in (".md", ".rst"):
        return  # its blocks are checked as files of their languages, and one that does not parse is left alone
    from rtmigrate.js.engine import _tree

    tree = _tree(text.encode("utf-8"), suffix)
    assert tree is None or not tree.root_node.has_error
