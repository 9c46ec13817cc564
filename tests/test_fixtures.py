"""One parametrised test over every before/after fixture (see fixture_cases.py)."""

from __future__ import annotations

import ast

import pytest

from fixture_cases import ROOT, actual, cases, expected_paths


@pytest.mark.parametrize("case", cases(), ids=lambda p: str(p.relative_to(ROOT / "fixtures")))
def test_fixture(case):
    got = actual(case)
    for kind, path in expected_paths(case).items():
        assert path.exists(), f"missing {path.name}"
        assert got[kind] == path.read_text(encoding="utf-8"), f"{case.name}: {kind} differs from {path.name}"
    for kind in ("fixed", "unsafe"):
        ast.parse(got[kind])


@pytest.mark.parametrize("case", cases(), ids=lambda p: str(p.relative_to(ROOT / "fixtures")))
def test_fixed_fixture_is_stable(case):
    """The expected output, checked again, has nothing left to fix."""
    from rtmigrate import fix_source

    for kind in ("fixed", "unsafe"):
        text = expected_paths(case)[kind].read_text(encoding="utf-8")
        assert fix_source(text, unsafe=kind == "unsafe") == text
