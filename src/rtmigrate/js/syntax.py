"""JavaScript and TypeScript through tree-sitter: which grammar reads which
file, the code inside an HTML page's `<script>` elements, and what rules read
of a node (string values, member paths, object literals as planner configs).

Offsets are byte offsets into the UTF-8 source, as tree-sitter counts them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator

from ..core.plans.session import HELD, OPAQUE, Choice, Config

if TYPE_CHECKING:
    from tree_sitter import Language, Node, Parser, Tree

# suffix → grammar ("javascript" reads JSX too)
GRAMMARS = {
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
    ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx",
}
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = (*GRAMMARS, *HTML_SUFFIXES)

INSTALL_HINT = "reading JavaScript and TypeScript needs tree-sitter: pip install 'tree-sitter==0.25.2' 'tree-sitter-javascript==0.25.0' 'tree-sitter-typescript==0.23.2'"


class Unavailable(Exception):
    """The tree-sitter packages are not installed."""


@functools.lru_cache(maxsize=None)
def language(grammar: str) -> "Language":
    try:
        import tree_sitter
        import tree_sitter_javascript
        import tree_sitter_typescript
    except ImportError:
        raise Unavailable(INSTALL_HINT) from None
    if grammar == "javascript":
        return tree_sitter.Language(tree_sitter_javascript.language())
    if grammar == "typescript":
        return tree_sitter.Language(tree_sitter_typescript.language_typescript())
    return tree_sitter.Language(tree_sitter_typescript.language_tsx())


@functools.lru_cache(maxsize=None)
def _parser(grammar: str) -> "Parser":
    import tree_sitter

    return tree_sitter.Parser(language(grammar))


def parse(source: bytes, grammar: str) -> "Tree":
    return _parser(grammar).parse(source)


def root(node: "Node") -> "Node":
    """The tree's top node (the program) above ``node``."""
    while node.parent is not None:
        node = node.parent
    return node


def first_error(node: "Node") -> "Node | None":
    if not node.has_error:
        return None
    if node.is_error or node.is_missing:
        return node
    return next((found for child in node.children if (found := first_error(child)) is not None), None)


# --- the code of an HTML page ------------------------------------------------------------

_SCRIPT = re.compile(rb"<script\b(?P<attrs>[^>]*)>(?P<code>.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(rb"""\btype\s*=\s*["']?(?P<type>[^"'\s>]+)""", re.IGNORECASE)
_SCRIPT_TYPES = frozenset({b"", b"module", b"text/javascript", b"application/javascript", b"text/babel", b"text/jsx"})
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)


@dataclass(frozen=True)
class Piece:
    """Code to parse: the whole file, or one `<script>` element's code."""

    start: int  # byte offset in the file
    source: bytes
    grammar: str


def pieces(data: bytes, suffix: str) -> list[Piece]:
    """The code of a file: itself, or the scripts of an HTML page (those with
    code of their own and a JavaScript type, outside HTML comments)."""
    suffix = suffix.lower()
    if suffix in GRAMMARS:
        return [Piece(0, data, GRAMMARS[suffix])]
    hidden = [m.span() for m in _COMMENT.finditer(data)]
    found = []
    for match in _SCRIPT.finditer(data):
        if any(a <= match.start() < b for a, b in hidden):
            continue
        kind = _TYPE.search(match.group("attrs"))
        if (kind.group("type").lower() if kind else b"") not in _SCRIPT_TYPES:
            continue
        if match.group("code").strip():
            found.append(Piece(match.start("code"), match.group("code"), "javascript"))
    return found


# --- reading nodes -------------------------------------------------------------------------


def text(node: "Node") -> str:
    return node.text.decode("utf-8", "replace") if node.text is not None else ""


def string_value(node: "Node | None") -> str | None:
    """The value of a string literal or a template literal with no
    substitutions, when it holds no escapes (its value is what is written)."""
    if node is None:
        return None
    kind = node.type
    if kind != "string" and kind != "template_string":
        return None
    raw = node.text
    # an escape always holds a backslash, a substitution `${`: without them the value is what is written
    if raw is None or b"\\" in raw or (kind == "template_string" and b"${" in raw):
        return None
    return raw[1:-1].decode("utf-8", "replace")


def content_range(node: "Node") -> tuple[int, int]:
    """The bytes between a string literal's quotes."""
    return node.start_byte + 1, node.end_byte - 1


def unwrap(node: "Node | None") -> "Node | None":
    """An expression without the parentheses, `as` casts and `satisfies` around it."""
    while node is not None and node.type in ("parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression"):
        node = node.named_children[0] if node.named_children else None
    return node


def member_path(node: "Node | None") -> list[str] | None:
    """`a.b.c` → ["a", "b", "c"]; `this.x` → ["this", "x"]; None for computed
    members, calls in the chain and the like."""
    parts: list[str] = []
    node = unwrap(node)
    while node is not None and node.type == "member_expression":
        prop = node.child_by_field_name("property")
        if prop is None or prop.type not in ("property_identifier", "private_property_identifier"):
            return None
        parts.append(text(prop))
        node = unwrap(node.child_by_field_name("object"))
    if node is None or node.type not in ("identifier", "this", "super"):
        return None
    parts.append(text(node))
    return parts[::-1]


def member_names(node: "Node | None") -> list[str]:
    """The property names of a member chain, outermost last, through calls and
    computed parts: `this.client.beta.realtime.sessions.create` → [..., "create"];
    `(await getClient()).beta.realtime` → ["beta", "realtime"]."""
    names: list[str] = []
    node = unwrap(node)
    while node is not None:
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            names.append(text(prop) if prop is not None else "")
            node = unwrap(node.child_by_field_name("object"))
        elif node.type in ("call_expression", "await_expression"):
            node = unwrap(node.child_by_field_name("function") or (node.named_children[0] if node.named_children else None))
        else:
            if node.type in ("identifier", "this"):
                names.append(text(node))
            break
    return names[::-1]


_COMPARISONS = frozenset({"===", "==", "!==", "!="})


def compared(node: "Node") -> bool:
    """Is ``node`` a side of an equality test (`===`, `==`, `!==`, `!=`)?"""
    parent = node.parent
    if parent is None or parent.type != "binary_expression":
        return False
    operator = parent.child_by_field_name("operator")
    return operator is not None and text(operator) in _COMPARISONS


def key_name(pair: "Node") -> str | None:
    """The name of an object entry's key: `voice:`, `"voice":`, `'voice':`."""
    key = pair.child_by_field_name("key")
    if key is None:
        return None
    if key.type in ("property_identifier", "identifier", "number"):
        return text(key)
    return string_value(key)


def entries(obj: "Node") -> Iterator["Node"]:
    """The entries of an object literal (pairs, shorthands, spreads, methods), no comments."""
    for child in obj.named_children:
        if child.type != "comment":
            yield child


def entry_key(entry: "Node") -> object:
    """An entry's key for the planner: its name, None for a spread, OPAQUE for a
    computed key or a method."""
    if entry.type == "pair":
        name = key_name(entry)
        return name if name is not None else OPAQUE
    if entry.type == "shorthand_property_identifier":
        return text(entry)
    if entry.type == "spread_element":
        return None
    return OPAQUE


def entry_value(entry: "Node") -> "Node | None":
    return entry.child_by_field_name("value") if entry.type == "pair" else None


def neutral(node: "Node | None", resolve: "Callable[[str], object] | None" = None) -> object:
    """What the planner may read of a value (``resolve``: the value of a module
    constant a name stands for, or None)."""
    node = unwrap(node)
    if node is None:
        return OPAQUE
    value = string_value(node)
    if value is not None:
        return value
    kind = node.type
    if kind == "identifier" and resolve is not None:
        constant = resolve(text(node))
        return HELD if constant is None else constant
    if kind == "object":
        return config(node)
    if kind == "array":
        items = [neutral(child) for child in node.named_children if child.type != "comment"]
        return items if all(isinstance(item, str) for item in items) else OPAQUE
    if kind == "number":
        raw = text(node)
        try:
            return int(raw) if raw.isdigit() else float(raw)
        except ValueError:
            return OPAQUE
    if kind in ("true", "false"):
        return kind == "true"
    if kind == "null":
        return None
    if kind == "ternary_expression":  # `voice ? ["audio", "text"] : ["text"]`: each branch read as it is
        branches = [neutral(node.child_by_field_name(side)) for side in ("consequence", "alternative")]
        return Choice(tuple(branches)) if all(isinstance(b, list) for b in branches) else OPAQUE
    if kind in ("identifier", "member_expression", "subscript_expression", "call_expression"):
        return HELD  # a value the code holds
    if kind == "binary_expression" and (operator := node.child_by_field_name("operator")) is not None and text(operator) in ("||", "??"):
        return HELD  # `opts.modalities || ["audio", "text"]`: a value the code holds, or a default
    return OPAQUE


def config(obj: "Node", resolve: "Callable[[str], object] | None" = None) -> Config:
    return Config([(entry_key(e), _shorthand(e, resolve) if e.type == "shorthand_property_identifier" else neutral(entry_value(e), resolve)) for e in entries(obj)])


def _shorthand(entry: "Node", resolve: "Callable[[str], object] | None") -> object:
    """`{ modalities }`: the value of the name, a module constant's or one the code holds."""
    constant = resolve(text(entry)) if resolve is not None else None
    return HELD if constant is None else constant


def declarations(root: "Node") -> dict[str, list["Node"]]:
    """Where each name is declared under ``root``: its variable declarators
    (`let x = ...`) and the parameters that take it (`(x) => ...`, `x => ...`)."""
    found: dict[str, list["Node"]] = {}
    for node in descendants(root):
        kind = node.type
        if kind == "variable_declarator":
            name = node.child_by_field_name("name")
            if name is not None and name.type == "identifier":
                found.setdefault(text(name), []).append(node)
        elif kind in ("required_parameter", "optional_parameter", "formal_parameters"):
            for child in node.named_children:
                if child.type == "identifier":
                    found.setdefault(text(child), []).append(child)
        elif kind == "arrow_function":
            parameter = node.child_by_field_name("parameter")
            if parameter is not None and parameter.type == "identifier":
                found.setdefault(text(parameter), []).append(parameter)
    return found


def module_constants(root: "Node") -> dict[str, object]:
    """Names a module binds once, at its top, with `const` to a string or an array
    of strings, and declares nowhere else (no parameter or local of that name)."""
    found: dict[str, object] = {}
    for name, places in declarations(root).items():
        declaration = places[0].parent if len(places) == 1 and places[0].type == "variable_declarator" else None
        if declaration is not None and declaration.parent == root and declaration.type == "lexical_declaration" \
                and text(declaration).startswith("const"):
            value = neutral(places[0].child_by_field_name("value"))
            if isinstance(value, (str, list)):
                found[name] = value
    return found


def pair_value(obj: "Node", name: str) -> "Node | None":
    """The value of entry ``name`` of an object literal (the last one written)."""
    found = None
    for entry in entries(obj):
        if entry.type == "pair" and key_name(entry) == name:
            found = entry.child_by_field_name("value")
    return found


def arguments(call: "Node") -> list["Node"]:
    args = call.child_by_field_name("arguments")
    return [a for a in args.named_children if a.type != "comment"] if args is not None else []


def descendants(node: "Node") -> Iterator["Node"]:
    """``node`` and every node under it, in source order (one cursor walk)."""
    cursor = node.walk()
    while True:
        yield cursor.node
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent() or cursor.node == node:
                return


def enclosing(node: "Node", *types: str) -> "Node | None":
    current = node.parent
    while current is not None and current.type not in types:
        current = current.parent
    return current


# --- literals whose text a rule rewrites ------------------------------------------------------

HOLE = "\x00{}\x00"
_HOLES = re.compile("\x00(\\d+)\x00")


def literal_text(node: "Node", source: bytes) -> tuple[str, list[str]] | None:
    """The text of a string literal (its value) or a template literal (its
    raw text, each `${...}` as a numbered hole), and the substitutions' own text."""
    if node.type == "string":
        value = string_value(node)
        return (value, []) if value is not None else None
    if node.type != "template_string":
        return None
    start, end = node.start_byte + 1, node.end_byte - 1
    parts, holes, at = [], [], start
    for child in node.named_children:
        if child.type == "template_substitution":
            parts.append(source[at : child.start_byte].decode("utf-8"))
            parts.append(HOLE.format(len(holes)))
            holes.append(source[child.start_byte : child.end_byte].decode("utf-8"))
            at = child.end_byte
    parts.append(source[at:end].decode("utf-8"))
    return "".join(parts), holes


def rewritten(node: "Node", source: bytes, new_text: str, holes: list[str]) -> tuple[int, int, str] | None:
    """(start, end, text) that make the literal read ``new_text`` (holes put
    back; a hole may be dropped with the text around it, never repeated or
    moved before another)."""
    order = [int(i) for i in _HOLES.findall(new_text)]
    if order != sorted(set(order)):
        return None
    if node.type == "string":
        quote = text(node)[0]
        if quote in new_text or "\\" in new_text or "\n" in new_text:
            return None
    content = _HOLES.sub(lambda m: holes[int(m.group(1))], new_text)
    return node.start_byte + 1, node.end_byte - 1, content


def substitutions(node: "Node") -> list["Node"]:
    """The expressions of a template literal's `${...}`."""
    return [c.named_children[0] for c in node.named_children if c.type == "template_substitution" and c.named_children]


# --- what the engine's query captures -------------------------------------------------------
# A rule's `visit_<name>` hook receives the nodes of the pattern of that name
# (a node type with no pattern here: every node of that type). The patterns
# narrow the many nodes of common types to those some rule can use, so that
# Python sees a few hundred nodes of a file rather than its thousands; a rule
# that needs more widens the pattern here.


def _any_of(names) -> str:
    return " ".join(f'"{n}"' for n in sorted(names))


@functools.lru_cache(maxsize=None)
def captures() -> dict[str, str]:
    from ..core.tables import node_sdk
    from ..core.tables.session import DISTINCTIVE_FIELDS, PAYLOAD_EVENTS, SECRET_FIELDS

    members = {
        "realtime", *SECRET_FIELDS, *DISTINCTIVE_FIELDS, *node_sdk.REALTIME_MEMBERS,
        *(m for ms in node_sdk.OTHER_API_MEMBERS.values() for m in ms),
    }
    payload_keys = sorted({key for key, _, _ in PAYLOAD_EVENTS.values()})  # the data of `send("session.update", { session })`
    keys = "|".join(sorted({"type", "role", "output_modalities", *DISTINCTIVE_FIELDS, *payload_keys}))
    return {
        "member_expression": f"(member_expression property: (property_identifier) @_p (#any-of? @_p {_any_of(members)})) @member_expression",
        "call_expression": (
            '(call_expression function: (identifier) @_f (#any-of? @_f "require" "fetch")) @call_expression\n'
            "(call_expression function: (import)) @call_expression\n"
            '(call_expression function: (member_expression property: (property_identifier) @_m '
            '(#any-of? @_m "create" "accept" "set" "append" "setHeader" "post" "put" "request" "azure"))) @call_expression'
        ),
        "object": (
            f"(object (pair key: (_) @_k (#match? @_k \"^[\\\"']?({keys})[\\\"']?$\"))) @object\n"
            f"(object (shorthand_property_identifier) @_s (#any-of? @_s {_any_of(payload_keys)})) @object\n"
            # what a caller hands a function of the file (which may send it as a config: `updateSession({...})`)
            "(call_expression function: (identifier) arguments: (arguments (object) @object))"
        ),
        "property_signature": f"(property_signature name: (_) @_n (#any-of? @_n {_any_of(DISTINCTIVE_FIELDS)})) @property_signature",
        "pair": "(pair key: (_) @_k (#match? @_k \"^([\\\"'][Oo][Pp][Ee][Nn][Aa][Ii]-[Bb][Ee][Tt][Aa][\\\"']|[\\\"'][Oo][Pp][Ee][Nn][Aa][Ii]-[Ss][Aa][Ff][Ee][Tt][Yy]-[Ii][Dd][Ee][Nn][Tt][Ii][Ff][Ii][Ee][Rr][\\\"']|dangerouslyAllowBrowser|[\\\"']?model[\\\"']?)$\")) @pair",
        "property_identifier": '((property_identifier) @property_identifier (#match? @property_identifier "OPENAI_API_KEY$"))',
        "variable_declarator": "(variable_declarator value: [(string) (template_string)]) @variable_declarator",
        "comment": '((comment) @comment (#match? @comment "rtmigrate"))',

    }
