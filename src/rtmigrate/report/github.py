"""GitHub Actions workflow commands, which annotate the lines of a pull request."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

from ..api import RunResult


# A finding's annotation follows its kind: what breaks on GA is an error.
COMMANDS = {"breaks": "error", "leftover": "warning", "advice": "notice"}


def _escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def render(result: RunResult, console: Console, unsafe: bool) -> None:
    out = console.file
    for d in result.diagnostics:
        props = (
            f"file={_escape(d.path, prop=True)},line={d.line},col={d.column},"
            f"endLine={d.end_line},endColumn={d.end_column},title={_escape(d.code + ' ' + d.name, prop=True)}"
        )
        out.write(f"::{COMMANDS[d.kind]} {props}::{_escape(d.code + ' ' + d.message)}\n")
    for e in result.errors:
        out.write(f"::error file={_escape(e.path, prop=True)}::{_escape(e.message)}\n")
