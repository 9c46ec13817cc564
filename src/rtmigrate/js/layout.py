"""Object literals in JavaScript and TypeScript source: how one is laid out,
where each entry's text (with its comments and comma) lies, and new entries
and literals written in the same style.

Edits here touch an entry's own lines and nothing else, so a migrated object
keeps every other byte, blank lines and comments included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import syntax

if TYPE_CHECKING:
    from tree_sitter import Node

_IDENTIFIER = re.compile(r"^[A-Za-z_$][\w$]*$")


@dataclass
class Style:
    multiline: bool
    inner: str  # indentation of the entries (multi-line)
    closing: str  # indentation of the closing brace
    step: str
    trailing_comma: bool  # the last entry is followed by a comma
    quoted_keys: str | None  # the quote of the keys, None: identifiers
    quote: str  # the quote of string values
    padded: bool  # `{ a }` rather than `{a}`

    def deeper(self) -> "Style":
        return Style(self.multiline, self.inner + self.step, self.inner, self.step, self.trailing_comma, self.quoted_keys, self.quote, self.padded)

    def key(self, name: str) -> str:
        if self.quoted_keys is None and _IDENTIFIER.match(name):
            return name
        quote = self.quoted_keys or self.quote
        return f"{quote}{name}{quote}"

    def string(self, value: str) -> str:
        return f"{self.quote}{value}{self.quote}"

    def literal(self, value: object) -> str:
        """A small literal on one line: `{ type: "audio/pcm", rate: 24000 }`, `["audio"]`."""
        if isinstance(value, dict):
            inside = ", ".join(f"{self.key(k)}: {self.literal(v)}" for k, v in value.items())
            return f"{{ {inside} }}" if self.padded else f"{{{inside}}}"
        if isinstance(value, list):
            return "[" + ", ".join(self.literal(v) for v in value) + "]"
        if isinstance(value, str):
            return self.string(value)
        if isinstance(value, bool):
            return "true" if value else "false"
        if value is None:
            return "null"
        return repr(value)


def line_start(source: bytes, offset: int) -> int:
    return source.rfind(b"\n", 0, offset) + 1


def line_end(source: bytes, offset: int) -> int:
    """The offset just after the line break ending the line of ``offset``."""
    end = source.find(b"\n", offset)
    return len(source) if end == -1 else end + 1


def indent_at(source: bytes, offset: int) -> str:
    start = line_start(source, offset)
    line = source[start:offset].decode("utf-8", "replace")
    return line[: len(line) - len(line.lstrip())]


def starts_line(source: bytes, offset: int) -> bool:
    return not source[line_start(source, offset) : offset].strip()


def style_of(obj: "Node", source: bytes) -> Style:
    items = list(syntax.entries(obj))
    first = items[0] if items else None
    opening_end = obj.start_byte + 1
    multiline = first is not None and b"\n" in source[opening_end : first.start_byte]
    inner = indent_at(source, first.start_byte) if multiline and first is not None else ""
    closing = indent_at(source, obj.end_byte - 1) if starts_line(source, obj.end_byte - 1) else indent_at(source, obj.start_byte)
    step = inner[len(closing):] if inner.startswith(closing) and len(inner) > len(closing) else "  "
    last = items[-1] if items else None
    trailing = last is not None and last.next_sibling is not None and last.next_sibling.type == ","
    key_quotes = [syntax.text(k)[0] for e in items if e.type == "pair" and (k := e.child_by_field_name("key")) is not None and k.type == "string"]
    idents = [e for e in items if e.type == "pair" and (k := e.child_by_field_name("key")) is not None and k.type == "property_identifier"]
    quoted = key_quotes[0] if key_quotes and len(key_quotes) >= len(idents) else None
    quote = _value_quote(obj) or quoted or '"'
    padded = source[opening_end : opening_end + 1] in (b" ", b"\n", b"\r") if items else True
    return Style(multiline, inner, closing, step, trailing, quoted, quote, padded)


def _value_quote(obj: "Node") -> str | None:
    stack = [obj]
    while stack:
        node = stack.pop(0)
        for child in node.named_children:
            if child.type == "string":
                return syntax.text(child)[0]
            if child.type in ("pair", "object", "array"):
                stack.append(child)
    return None


@dataclass
class Span:
    """Where one entry's text lies: ``start:end`` to delete it whole; ``core``
    what moves with it (comments, the entry); ``comma`` whether a comma followed."""

    start: int
    end: int
    comment_before: str  # own-line comments just before it, one per line, without indentation
    comment_after: str  # a comment after it on its line
    comma: bool
    whole_lines: bool


def span_of(entry: "Node", source: bytes, emptied: bool = False) -> Span:
    comma = entry.next_sibling if entry.next_sibling is not None and entry.next_sibling.type == "," else None
    last = comma or entry
    after = last.next_sibling
    comment_after = ""
    if after is not None and after.type == "comment" and b"\n" not in source[last.end_byte : after.start_byte]:
        comment_after = syntax.text(after)
        last = after
    befores = []
    previous = entry.prev_sibling
    while previous is not None and previous.type == "comment" and starts_line(source, previous.start_byte) and b"\n" in source[previous.end_byte : entry.start_byte if not befores else befores[-1].start_byte]:
        befores.append(previous)
        previous = previous.prev_sibling
    first = befores[-1] if befores else entry
    whole = starts_line(source, first.start_byte) and not source[last.end_byte : line_end(source, last.end_byte)].strip()
    if whole:
        return Span(line_start(source, first.start_byte), line_end(source, last.end_byte),
                    "\n".join(syntax.text(c) for c in reversed(befores)), comment_after, comma is not None, True)
    if comma is not None:
        end = comma.end_byte
        while end < len(source) and source[end : end + 1] == b" ":
            end += 1
        return Span(entry.start_byte, end, "", comment_after if last is not comma else "", True, False)
    # the last entry on a line with others: take the comma before it
    before = entry.prev_sibling
    if before is not None and before.type == ",":
        return Span(before.start_byte, entry.end_byte, "", "", False, False)
    # the only entry, on one line (`{ "OpenAI-Beta": "realtime=v1" }`), removed with nothing put in
    # its place: the braces are left empty, `{}`
    after = entry.next_sibling
    if emptied and before is not None and after is not None and before.type in ("{", "[") and after.type in ("}", "]") \
            and b"\n" not in source[before.end_byte : after.start_byte]:
        return Span(before.end_byte, after.start_byte, "", "", False, False)
    return Span(entry.start_byte, entry.end_byte, "", "", False, False)


def reindent(text: str, extra: str) -> str:
    """Continuation lines of ``text`` indented ``extra`` more."""
    if not extra or "\n" not in text:
        return text
    head, *rest = text.split("\n")
    return "\n".join([head, *[(extra + line) if line.strip() else line for line in rest]])


def block(entries: list[tuple[str, str, str]], style: Style, closing_comma: bool = False) -> str:
    """An object literal of ``entries`` — (comment lines before, `key: value`,
    comment after) — in ``style``, whose ``inner`` is its entries' indentation."""
    if not style.multiline:
        inside = ", ".join(text for _, text, _ in entries)
        return f"{{ {inside} }}" if style.padded else f"{{{inside}}}"
    lines = ["{"]
    for i, (before, text, after) in enumerate(entries):
        for comment in filter(None, before.split("\n")):
            lines.append(style.inner + comment)
        comma = "," if i < len(entries) - 1 or style.trailing_comma else ""
        lines.append(style.inner + text + comma + (" " + after if after else ""))
    lines.append(style.closing + "}" + ("," if closing_comma else ""))
    return "\n".join(lines)
