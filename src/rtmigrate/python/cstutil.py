"""Small helpers for reading and rebuilding libcst nodes without losing formatting."""

from __future__ import annotations

import ast

import bisect
import dataclasses
from typing import Callable, Iterator, Sequence, TypeVar

import libcst as cst

N = TypeVar("N", bound=cst.CSTNode)
T = TypeVar("T")

_HOOKS: dict[type, tuple[str, ...]] = {}


class Visitor:
    """Something that looks at every node of a file in the one shared traversal
    (see :func:`traverse`): it defines `visit_<Node>(node)` and
    `leave_<Node>(node)` hooks for the node types it cares about."""

    @classmethod
    def hook_names(cls) -> tuple[str, ...]:
        names = _HOOKS.get(cls)
        if names is None:
            names = tuple(sorted({
                name
                for klass in cls.__mro__
                for name, value in vars(klass).items()
                if name.startswith(("visit_", "leave_")) and callable(value)
            }))
            attribute_hooks = [name for name in names if name.count("_") > 1]
            if attribute_hooks:
                raise TypeError(f"{cls.__name__}: attribute hooks are not supported: {', '.join(attribute_hooks)}")
            skipped = [name for name in names if name.partition("_")[2] in {k.__name__ for k in SKIPPED_LEAVES}]
            if skipped:
                raise TypeError(f"{cls.__name__}: the traversal skips these nodes: {', '.join(skipped)}")
            _HOOKS[cls] = names
        return names


class _FieldOrder(cst.CSTVisitor):
    """Records the order in which libcst visits the fields of one node."""

    def __init__(self, node: cst.CSTNode) -> None:
        super().__init__()
        self.node = node
        self.order: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        return False

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        if node is self.node and attribute not in self.order:
            self.order.append(attribute)


_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}
_LEAF_TYPES = (str, bool, int)


def _child_fields(node: cst.CSTNode) -> tuple[str, ...]:
    """The fields of ``node``'s type that can hold nodes, in the order libcst
    visits them (source order), worked out once per type."""
    recorder = _FieldOrder(node)
    try:
        node._visit_and_replace_children(recorder)
    except Exception:  # pragma: no cover - defensive: the order is a nicety, the fields are not
        pass
    names = [f.name for f in dataclasses.fields(node) if f.type not in _LEAF_TYPES]
    fields = tuple([n for n in recorder.order if n in names] + [n for n in names if n not in recorder.order])
    _CHILD_FIELDS[type(node)] = fields
    return fields


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
        names = _child_fields(node)
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
    order. For nodes of a parsed file, :meth:`Tree.nodes` answers the same from
    its index without walking."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, types):
            yield current
        stack.extend(reversed(children(current)))


# Leaves that hold only spaces or a line break: half of all nodes, of no use
# to any rule. The traversal steps over them (hooks on them are refused).
SKIPPED_LEAVES = frozenset({cst.SimpleWhitespace, cst.Newline})


class Tree:
    """What one traversal learns about a parsed file: each node's parent, and
    the nodes of each type in source order, so that rules can ask for nodes
    of a type (anywhere, or under a node) without walking the tree again.
    Whitespace leaves (``SKIPPED_LEAVES``) are not part of it."""

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self.parents: dict[int, cst.CSTNode] = {}
        self.by_type: dict[type, list[cst.CSTNode]] = {}
        self._span: dict[int, tuple[int, int]] = {}  # id → (preorder number, last preorder number under it)
        self._numbers: dict[type, list[int]] = {}
        self.shared: dict[object, object] = {}  # what rules work out once per file: see `once`
        self.python: "ast.Module | None" = None  # Python's own parse of the same text, where the engine has it

    def once(self, key: object, compute: Callable[[], T]) -> T:
        """What ``compute`` returns, worked out once per file for ``key`` and
        shared by every rule that asks with the same key."""
        if key not in self.shared:
            self.shared[key] = compute()
        return self.shared[key]  # type: ignore[return-value]

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.parents.get(id(node))

    def nodes(self, *types: type, within: cst.CSTNode | None = None) -> list[cst.CSTNode]:
        """Nodes of exactly these ``types`` (libcst node classes, not bases), in
        source order; with ``within``, only those under it (itself included).
        Complete once the traversal has seen the whole file (in `finish`)."""
        if id(self.module) not in self._span:
            raise RuntimeError("the file's index is complete only after the traversal (ask in `finish`)")
        if within is None or within is self.module:
            if len(types) == 1:
                return list(self.by_type.get(types[0], ()))
            low, high = 0, len(self._span)
        else:
            low, high = self._span[id(within)]
        picked: list[tuple[int, cst.CSTNode]] = []
        for kind in types:
            found = self.by_type.get(kind)
            if not found:
                continue
            numbers = self._numbers.get(kind)
            if numbers is None:
                numbers = self._numbers[kind] = [self._span[id(n)][0] for n in found]
            start, stop = bisect.bisect_left(numbers, low), bisect.bisect_right(numbers, high)
            picked.extend(zip(numbers[start:stop], found[start:stop]))
        if len(types) > 1:
            picked.sort(key=lambda pair: pair[0])
        return [node for _, node in picked]


_ENTERS: dict[type, bool] = {}  # value type → is it a node the traversal enters?


def _enters(kind: type) -> bool:
    answer = _ENTERS[kind] = kind not in SKIPPED_LEAVES and issubclass(kind, cst.CSTNode)
    return answer


def traverse(tree: Tree, visitors: Sequence[Visitor]) -> Tree:
    """Walk ``tree.module`` once, calling every visitor's hooks for each node (in
    the order of ``visitors``) and filling in ``tree`` as it goes. The tree is
    complete by the time the module's leave hooks run."""
    visit_hooks: dict[str, list] = {}
    leave_hooks: dict[str, list] = {}
    for visitor in visitors:
        for name in type(visitor).hook_names():
            kind, _, node_name = name.partition("_")
            (visit_hooks if kind == "visit" else leave_hooks).setdefault(node_name, []).append(getattr(visitor, name))
    parents, by_type, span = tree.parents, tree.by_type, tree._span
    table: dict[type, tuple] = {}  # node type → (visit hooks, index list's append, child fields, leave hooks)
    enter = _ENTERS
    count = 0

    def learn(node: cst.CSTNode) -> tuple:
        kind = type(node)
        names = _CHILD_FIELDS.get(kind)
        info = table[kind] = (
            tuple(visit_hooks.get(kind.__name__, ())),
            by_type.setdefault(kind, []).append,
            _child_fields(node) if names is None else names,
            tuple(leave_hooks.get(kind.__name__, ())),
        )
        return info

    def visit(node: cst.CSTNode) -> None:
        nonlocal count
        info = table.get(type(node)) or learn(node)
        hooks, append, names, leaves = info
        number = count
        count += 1
        append(node)
        for hook in hooks:
            hook(node)
        for name in names:
            value = getattr(node, name)
            kind = type(value)
            if kind is tuple or kind is list:
                for item in value:
                    known = enter.get(type(item))
                    if known or (known is None and _enters(type(item))):
                        parents[id(item)] = node
                        visit(item)
            else:
                known = enter.get(kind)
                if known or (known is None and _enters(kind)):
                    parents[id(value)] = node
                    visit(value)
        span[id(node)] = (number, count - 1)
        for hook in leaves:
            hook(node)

    visit(tree.module)
    visit = None  # type: ignore[assignment]  # the closure refers to itself: break the cycle, so the tree is freed at once
    return tree


def string_value(node: cst.CSTNode | None) -> str | None:
    """The text of a plain (non-bytes, non-f) string literal, else None."""
    if type(node) is cst.SimpleString:
        raw = node.value
        if "\r" in raw:  # Python reads any line break inside a literal as "\n"
            raw = raw.replace("\r\n", "\n").replace("\r", "\n")
        if raw[0] in "'\"" and "\\" not in raw:  # no prefix, no escapes: the text is what is written
            quote = raw[:3] if raw[:3] in ('"""', "'''") and len(raw) >= 6 else raw[0]
            return raw[len(quote) : len(raw) - len(quote)]
        prefix = node.prefix
        if "\\" not in raw and not prefix.strip("rRuU"):
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
        elif is_last and closing is not None:  # trailing comma; the closing bracket (or, in a subscript, that comma) holds the line end
            out[-1] = prev.with_changes(**{attr: sep.with_changes(whitespace_after=cst.SimpleWhitespace(""))})
            closing = _merge_whitespace(lead, _merge_whitespace(sep.whitespace_after, closing))
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


def _bindings(body: Sequence[cst.CSTNode], prefix: str = "") -> Iterator[tuple[str, cst.BaseExpression]]:
    """(name, value) of each `NAME = value` at module level, and `Class.NAME` in the
    body of a module-level class (such as an enum)."""
    for statement in body:
        if isinstance(statement, cst.ClassDef) and not prefix:
            inner = statement.body.body if isinstance(statement.body, cst.IndentedBlock) else ()
            yield from _bindings(inner, f"{statement.name.value}.")
            continue
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                target, value = small.targets[0].target, small.value
            elif isinstance(small, cst.AnnAssign) and small.value is not None:
                target, value = small.target, small.value
            else:
                continue
            if isinstance(target, cst.Name):
                yield prefix + target.value, value


def string_constants(module: cst.Module) -> dict[str, str]:
    """Names bound to one string literal at module level (`NAME`) or in the body
    of a module-level class, such as an enum (`Class.NAME`)."""
    found: dict[str, str | None] = {}
    for name, value in _bindings(module.body):
        text = string_value(value)
        found[name] = text if found.get(name, text) == text else None  # bound twice to different values: unknown
    return {name: text for name, text in found.items() if text is not None}


def list_constants(module: cst.Module) -> dict[str, list[str]]:
    """Names bound once, at module level, to a literal list (or tuple) of strings
    (`MODALITIES = ["text", "audio"]`), and bound nowhere else: no function takes
    a parameter or binds a local of that name."""
    found: dict[str, list[str] | None] = {}
    for name, value in _bindings(module.body):
        if "." in name:
            continue  # a class attribute: configs name module constants
        items = [string_value(e.value) for e in value.elements] if isinstance(value, (cst.List, cst.Tuple)) else None
        strings = [i for i in items if i is not None] if items is not None and all(i is not None for i in items) else None
        found[name] = strings if name not in found else None  # bound twice: unknown
    kept = {name: values for name, values in found.items() if values is not None}
    return _bound_nowhere_else(module, kept)


def _bound_nowhere_else(module: cst.Module, kept: dict[str, T]) -> dict[str, T]:
    """``kept`` without the names a function takes as a parameter or binds as a local."""
    if kept:
        for function in walk(module, cst.FunctionDef, cst.Lambda):
            for node in walk(function.params, cst.Param):
                kept.pop(node.name.value, None)
            for node in walk(function.body, cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.For, cst.AsName, cst.NamedExpr):
                target = node.name if isinstance(node, cst.AsName) else node.target
                for name in walk(target, cst.Name):
                    kept.pop(name.value, None)
    return kept


def dict_constants(module: cst.Module, wanted: Callable[[cst.Dict], bool] = lambda _: True) -> dict[str, cst.Dict]:
    """Names bound once, at module level, to a dict literal (one ``wanted``), and
    bound nowhere else (no function takes a parameter or binds a local of that name)."""
    found: dict[str, cst.Dict | None] = {}
    for name, value in _bindings(module.body):
        if "." in name:
            continue
        found[name] = value if isinstance(value, cst.Dict) and name not in found else None
    kept = {name: value for name, value in found.items() if value is not None and wanted(value)}
    return _bound_nowhere_else(module, kept)


def resolve_string(node: cst.CSTNode | None, constants: dict[str, str]) -> str | None:
    """The text of a string literal, or of a name, class attribute or enum member
    (`Events.X`, `Events.X.value`) bound to one in this file."""
    text = string_value(node)
    if text is not None or not isinstance(node, (cst.Name, cst.Attribute)):
        return text
    name = dotted_name(node) or ""
    return constants.get(name[: -len(".value")] if name.endswith(".value") else name)


def class_fields(cls: cst.ClassDef) -> dict[str, cst.AnnAssign]:
    """The annotated fields of a class body (`name: type` or `name: type = value`), by name."""
    body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
    return {
        item.target.value: item
        for line in body if isinstance(line, cst.SimpleStatementLine)
        for item in line.body if isinstance(item, cst.AnnAssign) and isinstance(item.target, cst.Name)
    }


def literal_type(cls: cst.ClassDef) -> str | None:
    """`X` of a class body's `type: Literal["X"]`."""
    field = class_fields(cls).get("type")
    sub = field.annotation.annotation if field is not None else None
    if (
        isinstance(sub, cst.Subscript)
        and dotted_name(sub.value) in ("Literal", "typing.Literal", "typing_extensions.Literal")
        and len(sub.slice) == 1
        and isinstance(sub.slice[0].slice, cst.Index)
    ):
        return string_value(sub.slice[0].slice.value)
    return None


def given(call: cst.Call, param: str, index: int | None) -> cst.Arg | None:
    """The argument ``call`` gives the parameter ``param`` (keyword), or the one at
    ``index`` among its positional arguments (None: keyword-only)."""
    found = next((a for a in call.args if a.keyword is not None and a.keyword.value == param), None)
    if found is None and index is not None:
        positional = [a for a in call.args if a.keyword is None and not a.star]
        found = positional[index] if index < len(positional) else None
    return found
