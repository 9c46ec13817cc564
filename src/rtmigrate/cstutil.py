"""Small helpers for reading and rebuilding libcst nodes without losing formatting."""

from __future__ import annotations

from typing import Sequence, TypeVar

import libcst as cst

N = TypeVar("N", bound=cst.CSTNode)


def string_value(node: cst.CSTNode | None) -> str | None:
    """The text of a plain (non-bytes, non-f) string literal, else None."""
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    if isinstance(node, cst.ConcatenatedString):
        left, right = string_value(node.left), string_value(node.right)
        return None if left is None or right is None else left + right
    return None


def with_string_value(node: cst.SimpleString, value: str) -> cst.SimpleString:
    """The same literal (prefix and quotes kept) holding ``value``."""
    quote = node.quote
    if quote in value or "\\" in value or (len(quote) == 1 and "\n" in value):
        quote = '"""' if '"' not in value else "'''"
    raw = value if "r" in node.prefix.lower() or "\\" not in value else value.replace("\\", "\\\\")
    return node.with_changes(value=f"{node.prefix}{quote}{raw}{quote}")


def dotted_name(node: cst.CSTNode | None) -> str | None:
    if node is None:
        return None
    try:
        return cst.helpers.get_full_name_for_node(node)
    except Exception:  # pragma: no cover - defensive: unusual node shapes
        return None


def _merge_whitespace(before: cst.BaseParenthesizableWhitespace, after: cst.BaseParenthesizableWhitespace):
    """Whitespace leading up to a removed item (``before``) joined with the
    whitespace after it, keeping own-line comments of both."""
    if isinstance(before, cst.ParenthesizedWhitespace) and isinstance(after, cst.ParenthesizedWhitespace):
        return after.with_changes(first_line=before.first_line, empty_lines=[*before.empty_lines, *after.empty_lines])
    if isinstance(before, cst.ParenthesizedWhitespace):
        return before
    return after


def _separator_attr(item: cst.CSTNode) -> str:
    return "separator" if isinstance(item, cst.MatchOrElement) else "comma"


def remove_items(items: Sequence[N], remove: Sequence[cst.CSTNode], *, keep_tuple_comma: bool = False) -> list[N]:
    """``items`` (elements, dict elements, args, subscript elements, match-or
    patterns) without those in ``remove``; commas and comments around the removed
    items are carried over so the rest keeps its layout. ``keep_tuple_comma``
    keeps a single survivor a one-element tuple."""
    removing = {id(n) for n in remove}
    out: list[N] = []
    for item in items:
        attr = _separator_attr(item)
        if id(item) in removing:
            sep = getattr(item, attr)
            if out and isinstance(sep, (cst.Comma, cst.BitOr)):
                prev = out[-1]
                prev_sep = getattr(prev, attr)
                if isinstance(prev_sep, (cst.Comma, cst.BitOr)):
                    sep = sep.with_changes(
                        whitespace_after=_merge_whitespace(prev_sep.whitespace_after, sep.whitespace_after)
                    )
                out[-1] = prev.with_changes(**{attr: sep})
            elif out and not isinstance(sep, (cst.Comma, cst.BitOr)):
                out[-1] = out[-1].with_changes(**{attr: cst.MaybeSentinel.DEFAULT})
            continue
        out.append(item)
    if out and keep_tuple_comma and len(out) == 1 and not isinstance(getattr(out[0], "comma"), cst.Comma):
        out[0] = out[0].with_changes(comma=cst.Comma())
    return out
