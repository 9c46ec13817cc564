"""Small helpers for reading and rebuilding libcst nodes without losing formatting."""

from __future__ import annotations

import dataclasses
from typing import Iterator, Sequence, TypeVar

import libcst as cst

N = TypeVar("N", bound=cst.CSTNode)

_HOOKS: dict[type, tuple[str, ...]] = {}


class Visitor(cst.BatchableCSTVisitor):
    """A batchable visitor whose table of `visit_*` / `leave_*` hooks is worked
    out once per class and holds only the hooks it defines. (libcst builds it
    per instance with `inspect.getmembers`, which also picks up the no-op hook
    its base class has for every node type; with two dozen visitors that cost
    twenty times the parse.)"""

    def get_visitors(self):  # type: ignore[override]
        names = _HOOKS.get(type(self))
        if names is None:
            # only hooks this project defines: libcst's base classes define a no-op
            # hook for every node type, and batching would call them all
            names = tuple(sorted({
                name
                for klass in type(self).__mro__
                if not klass.__module__.startswith("libcst")
                for name, value in vars(klass).items()
                if name.startswith(("visit_", "leave_")) and callable(value)
            }))
            _HOOKS[type(self)] = names
        return {name: getattr(self, name) for name in names}


_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


_IS_NODE: dict[type, bool] = {}


def _is_node(value: object) -> bool:
    # CSTNode is an ABC, and isinstance against an ABC is slow; the answer per type is not
    kind = type(value)
    known = _IS_NODE.get(kind)
    if known is None:
        known = _IS_NODE[kind] = issubclass(kind, cst.CSTNode)
    return known


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The node's children in source order, read from its fields directly."""
    names = _CHILD_FIELDS.get(type(node))
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(node))
        _CHILD_FIELDS[type(node)] = names
    out: list[cst.CSTNode] = []
    for name in names:
        value = getattr(node, name)
        if type(value) in (list, tuple):
            out.extend(v for v in value if _is_node(v))
        elif _is_node(value):
            out.append(value)
    return out


def walk(node: cst.CSTNode, *types: type) -> Iterator[cst.CSTNode]:
    """Every node under ``node`` (itself included) of one of ``types``, in source
    order. Far cheaper than a visitor or a matcher search, which rules would
    otherwise run over whole files in their `finish`."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, types):
            yield current
        stack.extend(reversed(children(current)))


def parent_map(module: cst.Module) -> dict[int, cst.CSTNode]:
    """id(node) → its parent, for every node of the module (what libcst's
    ParentNodeProvider gives, at a fraction of its cost)."""
    parents: dict[int, cst.CSTNode] = {}
    stack: list[cst.CSTNode] = [module]
    while stack:
        current = stack.pop()
        for child in children(current):
            parents[id(child)] = current
            stack.append(child)
    return parents


def string_value(node: cst.CSTNode | None) -> str | None:
    """The text of a plain (non-bytes, non-f) string literal, else None."""
    if isinstance(node, cst.SimpleString):
        raw = node.value
        prefix = node.prefix
        if "\\" not in raw and not prefix.strip("rRuU"):  # no escapes: the text is what is written
            quote = node.quote
            return raw[len(prefix) + len(quote) : len(raw) - len(quote)]
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


_SEPARATORS = (cst.Comma, cst.BitOr)


def remove_items(
    items: Sequence[N],
    remove: Sequence[cst.CSTNode],
    *,
    closing: cst.BaseParenthesizableWhitespace | None = None,
    keep_tuple_comma: bool = False,
) -> tuple[list[N], cst.BaseParenthesizableWhitespace | None]:
    """``items`` (elements, dict elements, args, subscript elements, match-or
    patterns) without those in ``remove``, and the new whitespace before the
    closing bracket (``closing``: the old one, where the container has one).
    The line break and own-line comments that led up to a removed item are
    kept; a removed item's own trailing comment goes with it."""
    removing = {id(n) for n in remove}
    out: list[N] = []
    for index, item in enumerate(items):
        if id(item) not in removing:
            out.append(item)
            continue
        if not out:
            continue  # the opening bracket's whitespace stays as it is
        attr = _separator_attr(item)
        prev = out[-1]
        prev_sep, sep = getattr(prev, attr), getattr(item, attr)
        is_last = all(id(rest) in removing for rest in items[index + 1 :])
        lead = prev_sep.whitespace_after if isinstance(prev_sep, _SEPARATORS) else cst.SimpleWhitespace("")
        if not isinstance(sep, _SEPARATORS):  # removed the last item, written without a trailing comma
            out[-1] = prev.with_changes(**{attr: cst.MaybeSentinel.DEFAULT})
            if closing is not None and is_last:
                closing = _merge_whitespace(lead, closing)
        elif is_last and closing is not None:  # trailing comma; the closing bracket holds the line end
            out[-1] = prev.with_changes(**{attr: sep.with_changes(whitespace_after=cst.SimpleWhitespace(""))})
            closing = _merge_whitespace(lead, closing)
        else:
            out[-1] = prev.with_changes(**{attr: sep.with_changes(whitespace_after=_merge_whitespace(lead, sep.whitespace_after))})
    if out and keep_tuple_comma and len(out) == 1 and not isinstance(getattr(out[0], "comma"), cst.Comma):
        out[0] = out[0].with_changes(comma=cst.Comma())
    return out, closing


def _closing_attr(container: cst.CSTNode) -> tuple[str, str] | None:
    if isinstance(container, (cst.List, cst.Subscript)):
        return "rbracket", "whitespace_before"
    if isinstance(container, (cst.Dict, cst.Set)):
        return "rbrace", "whitespace_before"
    return None


def remove_from(container: N, attr: str, remove: Sequence[cst.CSTNode]) -> N:
    """``container`` with the items of its ``attr`` in ``remove`` taken out."""
    where = _closing_attr(container)
    bracket = getattr(container, where[0]) if where else None
    if where is None and isinstance(container, cst.Tuple) and container.rpar:
        bracket, where = container.rpar[-1], ("rpar", "whitespace_before")
    closing = getattr(bracket, where[1]) if bracket is not None else None
    items, closing = remove_items(
        getattr(container, attr), remove, closing=closing, keep_tuple_comma=isinstance(container, cst.Tuple)
    )
    changes: dict[str, object] = {attr: items}
    if bracket is not None:
        new_bracket = bracket.with_changes(**{where[1]: closing})
        changes[where[0]] = [*container.rpar[:-1], new_bracket] if where[0] == "rpar" else new_bracket
    return container.with_changes(**changes)
