"""JSON text by position: the objects a document holds, with their spans, and
a value written back in the layout of the text it replaces."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass


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
        item = ", " if re.search(r",\s", old) else ","
        pair = ": " if re.search(r":\s", old) else ":"
        return json.dumps(value, separators=(item, pair), ensure_ascii=False)
    first = re.search(r"\n([ \t]*)\S", old)
    line_start = text.rfind("\n", 0, start) + 1
    base = re.match(r"[ \t]*", text[line_start:start]).group(0)
    unit = first.group(1)[len(base) :] if first and first.group(1).startswith(base) else "  "
    dumped = json.dumps(value, indent=len(unit) if set(unit) == {" "} else unit, ensure_ascii=False)
    return dumped.replace("\n", "\n" + base)
