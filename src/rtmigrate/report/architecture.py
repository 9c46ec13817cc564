"""`rtmigrate report`: what a repository uses and how it fits (rich tables or Markdown)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from rich.console import Console
from rich.table import Table

from ..api import RunResult
from ..inventory import Item
from ..tables.models import REPLACEMENTS, SHUTDOWNS

KINDS = ("session type", "transport", "endpoint", "model")


def _grouped(items: list[Item]) -> dict[tuple[str, str], list[str]]:
    where: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item in items:
        place = f"{item.path}:{item.line}"
        if place not in where[(item.kind, item.value)]:
            where[(item.kind, item.value)].append(place)
    return dict(sorted(where.items(), key=lambda kv: (KINDS.index(kv[0][0]), kv[0][1])))


def lifecycle(model: str, today: datetime.date) -> str:
    """A model's announced shutdown (and replacement), from the model tables."""
    day = SHUTDOWNS.get(model)
    if day is None:
        return "no shutdown announced"
    replacement = REPLACEMENTS.get(model)
    then = f"shut down on {day.isoformat()}" if today >= day else f"shuts down on {day.isoformat()}"
    return then + (f"; replacement `{replacement.model}`" if replacement else "")


def _models(items: list[Item]) -> list[str]:
    return sorted({item.value for item in items if item.kind == "model"})


def render(result: RunResult, items: list[Item], console: Console, today: datetime.date | None = None) -> None:
    today = today or datetime.date.today()
    table = Table("what", "value", "uses", "where", title="Realtime architecture")
    for (kind, value), places in _grouped(items).items():
        table.add_row(kind, value, str(len(places)), ", ".join(places[:3]) + (" …" if len(places) > 3 else ""))
    console.print(table)
    models = Table("model", "lifecycle", title="Models in use")
    for model in _models(items):
        models.add_row(model, lifecycle(model, today))
    if models.row_count:
        console.print(models)
    findings = result.diagnostics
    if findings:
        fit = Table("where", "code", "finding", "advice", title="Architecture fit")
        for d in findings:
            fit.add_row(f"{d.path}:{d.line}", d.code, d.message, d.hint or "")
        console.print(fit)
    else:
        console.print("No architecture-fit findings.")
    for error in result.errors:
        console.print(f"[red]error[/]: {error.path}: {error.message}", highlight=False)


def markdown(result: RunResult, items: list[Item], today: datetime.date | None = None) -> str:
    today = today or datetime.date.today()
    lines = ["# Realtime architecture report", "", "| what | value | uses | where |", "|---|---|---|---|"]
    for (kind, value), places in _grouped(items).items():
        lines.append(f"| {kind} | `{value}` | {len(places)} | {', '.join(places)} |")
    models = _models(items)
    if models:
        lines += ["", "## Models in use", "", "| model | lifecycle |", "|---|---|"]
        lines += [f"| `{model}` | {lifecycle(model, today)} |" for model in models]
    lines += ["", "## Architecture fit", ""]
    if result.diagnostics:
        lines += ["| where | code | finding | advice |", "|---|---|---|---|"]
        lines += [f"| {d.path}:{d.line} | {d.code} | {d.message} | {d.hint or ''} |" for d in result.diagnostics]
    else:
        lines.append("No findings.")
    if result.errors:
        lines += ["", "## Files not read", ""] + [f"- {e.path}: {e.message}" for e in result.errors]
    return "\n".join(lines) + "\n"
