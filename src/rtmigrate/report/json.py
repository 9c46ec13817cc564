"""For machines: one JSON object, `{"diagnostics": [...], "errors": [...], "summary": {...}}`.

Each diagnostic is `{code, name, message, path, line, column, end_line,
end_column, kind, fix, hint}`; `kind` is `breaks`, `leftover` or `advice`;
`fix` is null or `{applicability, description}`. The summary counts the
findings of each kind.
Lines and columns are 1-based; the end is exclusive.
"""

from __future__ import annotations

import json

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

from ..api import RunResult


def render(result: RunResult, console: Console, unsafe: bool) -> None:
    payload = {
        "diagnostics": [d.to_dict() for d in result.diagnostics],
        "errors": [e.to_dict() for e in result.errors],
        "summary": result.summary(unsafe),
    }
    console.file.write(json.dumps(payload, indent=2) + "\n")
