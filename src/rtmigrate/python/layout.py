"""Take a dict literal apart into entries that carry their own comments, and
build dict literals again, one-line or multi-line at a given indentation.

libcst keeps the comment after an item in the separator that follows it, and
the own-line comments before an item in the separator before it; an `Entry`
gathers both with the item, so an item can move (say, into a nested `audio`
block) and keep its comments."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import libcst as cst

_CODE = cst.Module([]).code_for_node


@dataclass
class Entry:
    key: cst.BaseExpression | None  # None: a `**spread`
    value: cst.BaseExpression
    leading: Sequence[cst.EmptyLine] = ()
    trailing: cst.TrailingWhitespace | None = None
    original: cst.BaseDictElement | None = field(default=None, compare=False)


@dataclass
class Layout:
    """How a dict literal is laid out: one-line (``inner`` None) or multi-line."""

    inner: str | None  # indentation of the items, relative to the statement
    closing: str = ""  # indentation of the closing brace
    step: str = "    "
    trailing: bool = True  # multi-line: the last item ends with a comma, as the author's dict does
    # the items' (and the closing brace's) indentation is from the line's start, not relative to the
    # statement's block: where the author put them to the left of the block
    absolute: bool = False
    absolute_closing: bool = False

    def deeper(self) -> "Layout":
        if self.inner is None:
            return self
        return Layout(self.inner + self.step, self.inner, self.step, self.trailing, self.absolute, self.absolute)


def explode(node: cst.Dict) -> tuple[list[Entry], Layout, cst.TrailingWhitespace | None, Sequence[cst.EmptyLine]]:
    """(entries, layout, the comment after `{`, own-line comments before `}`)."""
    opening = node.lbrace.whitespace_after
    closing = node.rbrace.whitespace_before
    if not isinstance(opening, cst.ParenthesizedWhitespace):
        entries = [
            Entry(getattr(e, "key", None), e.value, original=e) for e in node.elements
        ]
        return entries, Layout(None), None, ()
    inner = opening.last_line.value
    close = closing.last_line.value if isinstance(closing, cst.ParenthesizedWhitespace) else ""
    absolute_closing = isinstance(closing, cst.ParenthesizedWhitespace) and not closing.indent
    step = inner[len(close) :] if inner.startswith(close) and len(inner) > len(close) else "    "
    entries: list[Entry] = []
    before: cst.BaseParenthesizableWhitespace = opening
    for i, element in enumerate(node.elements):
        comma = element.comma
        after = comma.whitespace_after if isinstance(comma, cst.Comma) else cst.SimpleWhitespace("")
        if i == len(node.elements) - 1:
            after = closing
        entries.append(
            Entry(
                getattr(element, "key", None),
                element.value,
                leading=before.empty_lines if isinstance(before, cst.ParenthesizedWhitespace) else (),
                trailing=after.first_line if isinstance(after, cst.ParenthesizedWhitespace) else None,
                original=element,
            )
        )
        before = after
    final = closing.empty_lines if isinstance(closing, cst.ParenthesizedWhitespace) else ()
    trailing = not node.elements or isinstance(node.elements[-1].comma, cst.Comma)
    return entries, Layout(inner, close, step, trailing, not opening.indent, absolute_closing), opening.first_line, final


def _element(entry: Entry, comma: cst.Comma | cst.MaybeSentinel) -> cst.BaseDictElement:
    if entry.key is None:
        return cst.StarredDictElement(value=entry.value, comma=comma)
    if isinstance(entry.original, cst.DictElement) and entry.original.key is entry.key:
        return entry.original.with_changes(value=entry.value, comma=comma)
    return cst.DictElement(
        key=entry.key,
        value=entry.value,
        comma=comma,
        whitespace_before_colon=cst.SimpleWhitespace(""),
        whitespace_after_colon=cst.SimpleWhitespace(" "),
    )


def implode(
    entries: Sequence[Entry],
    layout: Layout,
    template: cst.Dict | None = None,
    opening_line: cst.TrailingWhitespace | None = None,
    final: Sequence[cst.EmptyLine] = (),
) -> cst.Dict:
    """A dict literal of ``entries`` in ``layout`` (braces from ``template``)."""
    base = template or cst.Dict(elements=[])
    if not entries:
        return base.with_changes(
            elements=[],
            lbrace=cst.LeftCurlyBrace(),
            rbrace=cst.RightCurlyBrace(),
        )
    if layout.inner is None:
        elements = [
            _element(e, cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")) if i < len(entries) - 1 else cst.MaybeSentinel.DEFAULT)
            for i, e in enumerate(entries)
        ]
        if template is None:
            return cst.Dict(elements=elements)
        last_comma = template.elements[-1].comma if template.elements else cst.MaybeSentinel.DEFAULT
        if isinstance(last_comma, cst.Comma):  # keep a trailing comma the author wrote
            elements[-1] = elements[-1].with_changes(comma=last_comma)
        return template.with_changes(elements=elements)

    def line(first: cst.TrailingWhitespace | None, empty: Sequence[cst.EmptyLine], indent: str, absolute: bool) -> cst.ParenthesizedWhitespace:
        return cst.ParenthesizedWhitespace(
            first_line=first or cst.TrailingWhitespace(),
            empty_lines=list(empty),
            indent=not absolute,
            last_line=cst.SimpleWhitespace(indent),
        )

    elements = []
    for i, entry in enumerate(entries):
        if i < len(entries) - 1:
            nxt = entries[i + 1]
            comma = cst.Comma(whitespace_after=line(entry.trailing, nxt.leading, layout.inner, layout.absolute))
        else:
            comma = cst.Comma() if layout.trailing else cst.MaybeSentinel.DEFAULT
        elements.append(_element(entry, comma))
    return base.with_changes(
        elements=elements,
        lbrace=cst.LeftCurlyBrace(whitespace_after=line(opening_line, entries[0].leading, layout.inner, layout.absolute)),
        rbrace=cst.RightCurlyBrace(whitespace_before=line(entries[-1].trailing, final, layout.closing, layout.absolute_closing)),
    )


class _Reindent(cst.CSTTransformer):
    def __init__(self, extra: str) -> None:
        super().__init__()
        self.extra = extra

    def leave_ParenthesizedWhitespace(self, original_node, updated_node):
        if updated_node.indent:
            return updated_node.with_changes(last_line=cst.SimpleWhitespace(updated_node.last_line.value + self.extra))
        return updated_node


def reindent(node: cst.BaseExpression, extra: str) -> cst.BaseExpression:
    """``node`` with every continuation line indented ``extra`` more."""
    return node.visit(_Reindent(extra)) if extra else node


def code(node: cst.CSTNode) -> str:
    return _CODE(node)
