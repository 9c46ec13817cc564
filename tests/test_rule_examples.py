"""Every rule's own VALID and INVALID examples, run through the real engine."""

from __future__ import annotations

import pytest

from rtmigrate import Settings, check_source, fix_source
from rtmigrate.catalog import all_rules
from rtmigrate.conf.rule import conf_rules
from rtmigrate.js.rule import js_rules
from rtmigrate.python.rule import python_rules

RULES = python_rules() + js_rules() + conf_rules()
ONLY = Settings()
# the file name an example is checked under, by the language it is written in
EXAMPLE_PATH = {"python": "example.py", "typescript": "example.ts", "shell": "example.sh", "env": ".env.example", "json": "example.json", "yaml": "example.yaml"}


def _cases(kind: str) -> list:
    return [
        pytest.param(rule, example, id=f"{rule.code}-{rule.LANGUAGE}-{kind.lower()}-{i}")
        for rule in RULES
        for i, example in enumerate(getattr(rule, kind))
    ]


@pytest.mark.parametrize("rule, code", _cases("VALID"))
def test_valid_examples_are_not_reported(rule, code):
    settings = Settings(select=tuple(rule.EXAMPLE_SELECT) or (rule.code,))
    assert check_source(code, EXAMPLE_PATH[rule.LANGUAGE], settings=settings) == []


@pytest.mark.parametrize("rule, example", _cases("INVALID"))
def test_invalid_examples_are_reported_and_fixed(rule, example):
    settings = Settings(select=tuple(rule.EXAMPLE_SELECT) or (rule.code,))
    path = EXAMPLE_PATH[rule.LANGUAGE]
    found = check_source(example.code, path, settings=settings)
    assert found, f"{rule.code} reports nothing on its invalid example"
    assert {d.code for d in found} == {rule.code}
    safe = fix_source(example.code, path, settings=settings)
    unsafe = fix_source(example.code, path, settings=settings, unsafe=True)
    if example.expected is None:
        assert all(d.fix is None for d in found)
        assert safe == unsafe == example.code
    elif example.unsafe:
        assert safe == example.code, "an unsafe fix was applied without --unsafe-fixes"
        assert unsafe == example.expected
    else:
        assert safe == example.expected


def test_every_rule_documents_itself():
    assert {r.code for r in all_rules()} == {r.code for r in RULES}
    for rule in RULES:
        doc = rule.documentation()
        assert rule.code.startswith("RT") and rule.name == rule.name.lower()
        assert "Example" in doc and "Fix" in doc, rule.code
        assert rule.INVALID, f"{rule.code} has no invalid example"


def test_a_renamed_type_s_unsafe_fix_says_which_name_ga_gives_it():
    found = check_source("from openai.types.beta.realtime import Session, SessionUpdateEvent\n", "app.py", settings=Settings(select=("RT202",)))
    assert [d.message for d in found] == [
        "`openai.types.beta.realtime` is the beta types package; the fix is unsafe: in GA `Session` is `RealtimeSessionCreateRequest`, whose fields differ"
    ]
