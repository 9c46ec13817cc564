"""For people: `path:line:col: CODE message`, with a code frame on a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

from ..api import RunResult
from ..core.diagnostics import Diagnostic, Kind

_KIND_WORDS = {Kind.BREAKS: "break on GA", Kind.LEFTOVER: "leftover", Kind.ADVICE: "advice"}
_COLOURS = {Kind.BREAKS.value: "red", Kind.LEFTOVER.value: "yellow", Kind.ADVICE.value: "blue"}

FRAME_CONTEXT = 2


def _frame(console: Console, diagnostic: Diagnostic, text: str) -> None:
    from rich.syntax import Syntax  # only on a terminal: its import is not free

    first = max(1, diagnostic.line - FRAME_CONTEXT)
    last = diagnostic.end_line + FRAME_CONTEXT
    syntax = Syntax(
        text,
        "python",
        line_numbers=True,
        line_range=(first, last),
        highlight_lines=set(range(diagnostic.line, diagnostic.end_line + 1)),
        word_wrap=False,
        theme="ansi_dark",
    )
    console.print(syntax)


def _kind(d: Diagnostic) -> str:
    """Findings that do not break on GA say what they are."""
    return "" if d.kind == Kind.BREAKS.value else f" ({d.kind})"


def _plain(d: Diagnostic) -> str:
    fixable = ""
    if d.fix is not None:
        fixable = " [*]" if d.fix.applicability.value == "safe" else " [unsafe fix]"
    return f"{d.location}: {d.code} {d.message}{_kind(d)}{fixable}\n"


def _styled(result: RunResult, console: Console) -> None:
    from rich.markup import escape  # styled output only: a pipe never imports rich

    frames = console.is_terminal
    for outcome in result.files:
        for d in outcome.diagnostics:
            fixable = ""
            if d.fix is not None:
                fixable = " [cyan]\\[*][/]" if d.fix.applicability.value == "safe" else " [yellow]\\[unsafe fix][/]"
            console.print(
                f"[bold]{escape(d.location)}[/]: [bold {_COLOURS[d.kind]}]{d.code}[/] {escape(d.message)}{escape(_kind(d))}{fixable}",
                highlight=False,
                soft_wrap=True,
            )
            if frames and outcome.text is not None and d.cell is None:
                _frame(console, d, outcome.text)
            if frames and d.hint:
                console.print(f"  [green]help[/]: {escape(d.hint)}", highlight=False)


def render(result: RunResult, console: Console, unsafe: bool) -> None:
    if console.is_terminal or console.color_system is not None or console.record:
        _styled(result, console)
    else:  # piped with no styles to show: the same lines, without rich's markup pass per line
        console.file.write("".join(_plain(d) for outcome in result.files for d in outcome.diagnostics))
    summary = result.summary()
    parts = []
    if summary["fixed"]:
        parts.append(f"Fixed {summary['fixed']} finding{'s' * (summary['fixed'] != 1)}.")
    n = summary["diagnostics"]
    if n:
        kinds = [f"{summary[k.value]} {_KIND_WORDS[k]}" for k in Kind if summary[k.value]]
        parts.append(f"Found {n} finding{'s' * (n != 1)}: {', '.join(kinds)}.")
        hints = []
        if summary["fixable"]:
            hints.append(f"{summary['fixable']} fixable with `--fix`")
        if summary["unsafe_fixable"] and not unsafe:
            hints.append(f"{summary['unsafe_fixable']} more with `--unsafe-fixes`")
        if hints:
            parts.append("[" + "; ".join(hints) + "]")
    elif not summary["fixed"]:
        parts.append("No beta Realtime code found.")
    cached = f", {summary['cached']} from cache" if summary.get("cached") else ""
    parts.append(f"({summary['files']} files, {summary['parsed']} parsed{cached})")
    console.print(" ".join(parts), highlight=False, soft_wrap=True)
