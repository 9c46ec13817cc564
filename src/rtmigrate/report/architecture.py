"""`rtmigrate report`: what a repository uses and how it fits (rich tables or Markdown)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from rich.console import Console
from rich.table import Table

from ..api import RunResult
from ..core.inventory import Item
from ..core.tables.models import REPLACEMENTS, SHUTDOWNS

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


# Who sits at the near end of each transport.
CLIENTS = {"WebRTC": "Browser or mobile app", "WebSocket": "Server", "SIP": "Phone call (SIP)"}
# Where a server mints the ephemeral keys a browser connects with (GA, and the beta's).
KEY_ENDPOINTS = ("/v1/realtime/client_secrets", "/v1/realtime/sessions", "/v1/realtime/transcription_sessions")
# Which part of the picture each architecture-fit finding is about.
FIT_PLACES = {
    "RT701": "session", "RT702": "session", "RT703": "session", "RT704": "session",
    "RT705": "key", "RT706": "WebRTC", "RT707": "SIP", "RT708": "WebSocket",
}


def _id(prefix: str, value: str) -> str:
    return prefix + "_" + "".join(c if c.isalnum() else "_" for c in value)


def _label(text: str) -> str:
    return '"' + text.replace('"', "#quot;").replace("`", "") + '"'


def mermaid(items: list[Item], findings: list, today: datetime.date) -> list[str]:
    """The app's shape as a Mermaid flowchart: client → transport → session
    type → model, the endpoints each transport reaches, the key path (a server
    mints `client_secrets`, the browser opens WebRTC with it), and the
    architecture-fit findings marked on the part they are about."""
    found = {kind: sorted({i.value for i in items if i.kind == kind}) for kind in KINDS}
    transports, sessions, endpoints, models = found["transport"], found["session type"], found["endpoint"], found["model"]
    if not any(found.values()):
        return []
    out = ["```mermaid", "flowchart LR"]
    for transport in transports:
        out.append(f"  {_id('client', CLIENTS[transport])}[{_label(CLIENTS[transport])}] --> {_id('transport', transport)}([{_label(transport)}])")
    heads = [_id("transport", t) for t in transports] or [_id("client", "Your code")]
    if not transports:
        out.append(f"  {heads[0]}[{_label('Your code')}]")
    targets = [(_id("session", s), f"{s} session") for s in sessions]
    for target, text in targets:
        for head in heads:
            out.append(f"  {head} --> {target}[{_label(text)}]")
    for model in models:
        retiring = model in SHUTDOWNS
        shown = f"{model} (shuts down {SHUTDOWNS[model].isoformat()})" if retiring else model
        for source in [t for t, _ in targets] or heads:
            out.append(f"  {source} --> {_id('model', model)}{{{{{_label(shown)}}}}}")
        if retiring:
            out.append(f"  class {_id('model', model)} retiring")
    keys = [e for e in endpoints if e in KEY_ENDPOINTS]
    for endpoint in endpoints:
        node = f"{_id('endpoint', endpoint)}[/{_label(endpoint)}/]"
        if endpoint in keys:
            out.append(f"  {_id('client', 'Server')}[{_label('Server')}] -- mints key --> {node}")
            if "WebRTC" in transports:
                out.append(f"  {_id('endpoint', endpoint)} -. ephemeral key .-> {_id('client', CLIENTS['WebRTC'])}")
            continue
        # `/calls` is WebRTC's (and SIP's, with `/accept`); a bare `/v1/realtime` any transport's
        near = ["SIP"] if "/accept" in endpoint else ["WebRTC"] if "/calls" in endpoint else transports
        for head in [_id("transport", t) for t in near if t in transports] or heads:
            out.append(f"  {head} --- {node}")
    browser = [_id("client", CLIENTS["WebRTC"])] if "WebRTC" in transports else []
    places = {"session": [t for t, _ in targets] or heads, "key": [_id("endpoint", k) for k in keys] or browser or heads}
    for i, d in enumerate(f for f in findings if f.code in FIT_PLACES):
        where = FIT_PLACES[d.code]
        anchors = places.get(where) or ([_id("transport", where)] if where in transports else heads)
        out.append(f"  fit{i}[{_label(f'{d.code}: {d.message} ({d.path}:{d.line})')}]:::misfit -.- {anchors[0]}")
    out += ["  classDef misfit fill:#fde2e2,stroke:#c0392b,color:#000", "  classDef retiring fill:#fff4d6,stroke:#b7950b", "```"]
    return out


def markdown(result: RunResult, items: list[Item], today: datetime.date | None = None) -> str:
    today = today or datetime.date.today()
    lines = ["# Realtime architecture report", ""]
    picture = mermaid(items, result.diagnostics, today)
    if picture:
        lines += ["## The app's shape", "", *picture, ""]
    lines += ["| what | value | uses | where |", "|---|---|---|---|"]
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
