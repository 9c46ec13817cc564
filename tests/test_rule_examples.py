"""Every rule's own VALID and INVALID examples, run through the real engine."""

from __future__ import annotations

import pytest

from rtmigrate import Settings, check_source, fix_source
from rtmigrate.rule import all_rules

RULES = all_rules()
ONLY = Settings()


def _cases(kind: str) -> list:
    return [
        pytest.param(rule, example, id=f"{rule.code}-{kind.lower()}-{i}")
        for rule in RULES
        for i, example in enumerate(getattr(rule, kind))
    ]


@pytest.mark.parametrize("rule, code", _cases("VALID"))
def test_valid_examples_are_not_reported(rule, code):
    settings = Settings(select=tuple(rule.EXAMPLE_SELECT) or (rule.code,))
    assert check_source(code, settings=settings) == []


@pytest.mark.parametrize("rule, example", _cases("INVALID"))
def test_invalid_examples_are_reported_and_fixed(rule, example):
    settings = Settings(select=tuple(rule.EXAMPLE_SELECT) or (rule.code,))
    found = check_source(example.code, settings=settings)
    assert found, f"{rule.code} reports nothing on its invalid example"
    assert {d.code for d in found} == {rule.code}
    safe = fix_source(example.code, settings=settings)
    unsafe = fix_source(example.code, settings=settings, unsafe=True)
    if example.expected is None:
        assert all(d.fix is None for d in found)
        assert safe == unsafe == example.code
    elif example.unsafe:
        assert safe == example.code, "an unsafe fix was applied without --unsafe-fixes"
        assert unsafe == example.expected
    else:
        assert safe == example.expected


def test_every_rule_documents_itself():
    for rule in RULES:
        doc = rule.documentation()
        assert rule.code.startswith("RT") and rule.name == rule.name.lower()
        assert "Example" in doc and "Fix" in doc, rule.code
        assert rule.INVALID, f"{rule.code} has no invalid example"
