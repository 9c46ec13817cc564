"""JSON text by position: the objects a document holds, with their spans, and
a value written back in the layout of the text it replaces."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .plans.session import Decision, migrated
from .tables.session import MOVES, PAYLOAD_EVENTS, REMOVED, SESSION_TYPE


@dataclass(frozen=True)
class Span:
    start: int  # the `{`
    end: int  # after the `}`
    value: dict


def objects(text: str) -> list[Span]:
    """Every JSON object in ``text`` (nested ones too) that parses on its own."""
    spans, stack = [], []
    i, n, in_string = 0, len(text), False
    while i < n:
        c = text[i]
        if in_string:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c == "{":
            stack.append(i)
        elif c == "}" and stack:
            start = stack.pop()
            try:
                value = json.loads(text[start : i + 1])
            except ValueError:
                value = None
            if isinstance(value, dict):
                spans.append(Span(start, i + 1, value))
        i += 1
    return sorted(spans, key=lambda s: s.start)


def key_before(text: str, start: int) -> str | None:
    """The key an object is the value of: `"session": {` → "session"."""
    match = re.search(r'"([^"\\]+)"\s*:\s*$', text[max(0, start - 200) : start])
    return match.group(1) if match else None


def written(value: dict, old: str, text: str, start: int) -> str:
    """``value`` as JSON laid out as ``old`` (the text it replaces, at ``start``
    of ``text``) was: on one line with its separators, or indented as it was."""
    if "\n" not in old:
        # (a config of one field shows no separator of its own: the text around it does)
        shown = old if "," in old else text
        item = ", " if re.search(r",\s", shown) else ","
        pair = ": " if re.search(r":\s", old) else ":"
        return json.dumps(value, separators=(item, pair), ensure_ascii=False)
    first = re.search(r"\n([ \t]*)\S", old)
    line_start = text.rfind("\n", 0, start) + 1
    base = re.match(r"[ \t]*", text[line_start:start]).group(0)
    unit = first.group(1)[len(base) :] if first and first.group(1).startswith(base) else "  "
    dumped = json.dumps(value, indent=len(unit) if set(unit) == {" "} else unit, ensure_ascii=False)
    return dumped.replace("\n", "\n" + base)


@dataclass(frozen=True)
class Payload:
    """A `session.update` (or like) payload in JSON text whose config moves: the
    payload, the config's span, and the config's GA text in the span's layout."""

    outer: Span
    span: Span
    event: str
    ga_event: str
    kind: str
    text: str
    decision: Decision
    dropped: tuple[str, ...] = ()  # the config's fields GA has no place for, which the GA text leaves out


def payloads(text: str, kinds: frozenset[str]) -> Iterator[Payload]:
    """The payloads of JSON ``text`` whose config (of one of ``kinds``) the planner moves."""
    spans = objects(text)
    for outer in spans:
        event = outer.value.get("type")
        if event not in PAYLOAD_EVENTS or PAYLOAD_EVENTS[event][1] not in kinds:
            continue
        key, kind, ga_event = PAYLOAD_EVENTS[event]
        inner = outer.value.get(key)
        if not isinstance(inner, dict):
            continue
        span = next((s for s in spans if outer.start < s.start and s.end < outer.end and s.value == inner
                     and key_before(text, s.start) == key), None)
        done = migrated(inner, kind) if span is not None else None
        if span is None or done is None:
            continue
        new, decision = done
        keys = list(inner)
        dropped = tuple(keys[index] for index, _ in decision.removed if index not in decision.restated)
        yield Payload(outer, span, event, ga_event, kind, written(new, text[span.start : span.end], text, span.start), decision, dropped)


_EVENT = re.compile(r'"type"\s*:\s*"([a-z_.]+)"')
_GA_SESSION = re.compile(r'"type"\s*:\s*"(?:' + "|".join(t for t in SESSION_TYPE.values() if t) + ')"')
# per kind of config, its beta fields that no GA config holds under that name anywhere (`voice` is in `audio.output`)
_GONE = {
    kind: re.compile('"(?:' + "|".join(re.escape(k) for k in sorted({k for k, path in moves.items() if path[-1] != k} | REMOVED[kind].keys())) + r')"\s*:')
    for kind, moves in MOVES.items()
}


def unwritten(text: str, kinds: frozenset[str]) -> str | None:
    """The kind of config (of ``kinds``) that a payload in JSON-like ``text`` sends in
    the beta shape, where the text is one no fix rewrites: its quotes escaped,
    holes the code fills in when it runs (a template, an f-string, `.format`), or
    only a part of the payload (the rest joined on with `+`). A session's is beta
    where no GA `type` is written in the text, or a field GA holds under no such
    name is (`input_audio_format`); a response's where such a field is; a payload
    whose event GA renames is beta as it is. None where the text sends no such
    payload."""
    plain = text.replace('\\"', '"')
    for match in _EVENT.finditer(plain):
        row = PAYLOAD_EVENTS.get(match.group(1))
        if row is None or row[1] not in kinds:
            continue
        _, kind, ga_event = row
        typed = SESSION_TYPE[kind] is None or _GA_SESSION.search(plain) is not None
        if match.group(1) != ga_event or _GONE[kind].search(plain) or not typed:
            return kind
    return None


# What a config rule says of a beta payload in such text, after its usual message, and its hint.
UNWRITTEN = ", written as text that rtmigrate does not rewrite (escaped quotes, parts filled in when the code runs, or pieces joined)"
UNWRITTEN_HINT = "write it in the GA shape by hand, or build it as an object and serialise it; the module's other protocol fixes wait for it"
