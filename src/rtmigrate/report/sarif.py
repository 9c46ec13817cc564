"""SARIF 2.1.0, the static-analysis interchange format code hosts read."""

from __future__ import annotations

import json
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

from .._version import __version__
from ..api import RunResult

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# A finding's level follows its kind: what breaks on GA is an error.
LEVELS = {"breaks": "error", "leftover": "warning", "advice": "note"}


def _uri(path: str) -> str:
    p = Path(path)
    return p.as_posix() if not p.is_absolute() else p.as_uri()


def build(result: RunResult) -> dict:
    from ..catalog import all_rules

    rules = all_rules()
    index = {rule.code: i for i, rule in enumerate(rules)}
    results = []
    for d in result.diagnostics:
        entry = {
            "ruleId": d.code,
            "level": LEVELS[d.kind],
            "message": {"text": d.message + (f" ({d.hint})" if d.hint else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(d.path)},
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": d.end_line,
                            "endColumn": d.end_column,
                        },
                    }
                }
            ],
        }
        if d.code in index:
            entry["ruleIndex"] = index[d.code]
        entry["properties"] = {"kind": d.kind}
        if d.fix is not None:
            entry["properties"]["fixApplicability"] = d.fix.applicability.value
        results.append(entry)
    driver = {
        "name": "rtmigrate",
        "version": __version__,
        "rules": [
            {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary()},
                "fullDescription": {"text": rule.documentation()},
                "help": {"text": rule.documentation(), "markdown": rule.documentation()},
                "defaultConfiguration": {"level": LEVELS[rule.kind.value]},
                "properties": {"fixable": rule.has_fix(), "kind": rule.kind.value},
            }
            for rule in rules
        ],
    }
    notifications = [
        {
            "level": "error",
            "message": {"text": e.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(e.path)}}}],
        }
        for e in result.errors
    ]
    run = {"tool": {"driver": driver}, "results": results}
    if notifications:
        run["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": notifications}]
    else:
        run["invocations"] = [{"executionSuccessful": True}]
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(result: RunResult, console: Console, unsafe: bool) -> None:
    console.file.write(json.dumps(build(result), indent=2) + "\n")
