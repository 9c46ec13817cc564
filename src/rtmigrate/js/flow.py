"""Following a config past its object literal, in JavaScript and TypeScript:
the reads and writes of the keys a fix moves, wherever the payload goes under
its name (the same decisions as `python/flow.py`, on tree-sitter nodes).

`msg.session.voice`, `msg.session?.voice`, `msg["session"]["voice"]` and
`"voice" in msg.session` move with the fix, in the same fix. A use that
cannot be followed is a blocker, and the fix is then unsafe and names it: the
value handed to a function that may read it, returned, exported, spread,
destructured or bound again; a write of a beta key; a read of a value whose GA
shape differs; a declared type other than a loose one (`any`, `unknown`,
`object`, `Record<...>`), which the new shape may not fit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.diagnostics import TextEdit, excerpt
from ..core.plans.session import ChangedRead, Config, Decision, KeyMove, beta_place, carried, containers, key_moves, written_value
from ..core.tables.session import COMPARING_CALLS, REMOVED, SENDING_CALLS, SHOWING_CALLS
from . import syntax
from .configs import calls_of, file_functions, method_calls, parameters, payload_event, returning_function
from .layout import Style

if TYPE_CHECKING:
    from tree_sitter import Node

_SCOPES = frozenset({"function_declaration", "function_expression", "arrow_function", "method_definition", "generator_function_declaration", "program"})
_WRAPPERS = frozenset({"parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "await_expression"})
_LOOSE_TYPES = ("any", "unknown", "object", "Record<")
# what serialises or shows a value in JavaScript, beside the calls both languages share
_JS_SENDING = frozenset({"stringify"})
# what a helper that takes the event name apart adds to the payload it sends
_STAMPS = frozenset({"type", "event_id"})


def own_type(declared: "Node") -> bool:
    """Is a type annotation (`: SessionAnswer`, or the type of `as SessionAnswer`) one of
    the app's own, not a loose one (`any`, `unknown`, `object`, `Record<...>`)?"""
    return not syntax.text(declared).lstrip(": ").startswith(_LOOSE_TYPES)


@dataclass
class Followed:
    edits: list[TextEdit] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)  # the uses that cannot be followed, as written
    typed: str | None = None  # the app's own type the config is declared with: no fix then, only the finding


def follow(obj: "Node", kind: str, config: Config, decision: Decision, server: bool = False,
           declarator: "Node | None" = None, bindings: frozenset[int] = frozenset(), into: str | None = None) -> Followed:
    """The accesses of the config object ``obj`` that its fix must move too
    (``server``: the session of a server event built here, which code it is
    handed to reads as the GA session it becomes; ``declarator`` and ``bindings``:
    the declaration of a name bound on several paths, and the assignments that bind
    it to objects the fix moves too)."""
    out = Followed()
    follower = _Follower(kind, key_moves(config, decision), frozenset(k for k, _ in config.entries if isinstance(k, str)), out)
    follower.gone = frozenset(k for i, _ in decision.removed if isinstance(k := config.entries[i][0], str))
    follower.server = server
    follower.holds = frozenset(containers(decision, config))
    follower.declarator, follower.bindings = declarator, bindings
    if into is not None and declarator is not None:  # written into its payload: followed as the payload's
        declared = declarator.child_by_field_name("type")
        if declared is not None and own_type(declared):
            follower.block(declarator)  # the payload's own type has the beta shape: the new one may not fit it
            out.typed = out.typed or syntax.text(declared).lstrip(": ")
            return out
        follower.name(syntax.text(declarator.child_by_field_name("name")), declarator, (into,))
        return out
    root, prefix = _root(obj)
    follower.value(root, prefix)
    return out


def _text_only(call: "Node", arg: "Node") -> bool:
    """`typeof event === "string" ? JSON.parse(event) : event`: the call is made only
    where the name holds text, never where it holds the config."""
    branch = call
    while branch.parent is not None and branch.parent.type in ("parenthesized_expression", "await_expression"):
        branch = branch.parent
    ternary = branch.parent
    if arg.type != "identifier" or ternary is None or ternary.type != "ternary_expression" or ternary.child_by_field_name("consequence") != branch:
        return False
    test = syntax.unwrap(ternary.child_by_field_name("condition"))
    if test is None or test.type != "binary_expression":
        return False
    left, right = test.child_by_field_name("left"), test.child_by_field_name("right")
    operator = test.child_by_field_name("operator")
    return (operator is not None and syntax.text(operator) in ("===", "==") and left is not None and right is not None
            and syntax.text(left) == f"typeof {syntax.text(arg)}" and syntax.string_value(right) == "string")


def _within(node: "Node", holder: "Node") -> bool:
    """Is ``node`` inside ``holder`` (or it)?"""
    return holder.start_byte <= node.start_byte and node.end_byte <= holder.end_byte


def _payload_key(outer: "Node | None") -> str | None:
    """The key under which a payload object (`{ type: "session.update", session: ... }`)
    holds its config; None for any other node."""
    if outer is None or outer.type != "object":
        return None
    node, event = payload_event(outer)
    what = carried(event)
    if what is None or (what[3] and node is None):  # a server event has a `type` of its own
        return None
    return what[0]


def _root(obj: "Node") -> tuple["Node", tuple[str, ...]]:
    pair = obj.parent
    while pair is not None and pair.type in _WRAPPERS:
        pair = pair.parent
    if pair is not None and pair.type == "pair":
        key = syntax.key_name(pair)
        if key is not None and _payload_key(pair.parent) == key:
            return pair.parent, (key,)
    return obj, ()



def _up(node: "Node") -> tuple["Node", "Node | None"]:
    """The node with the wrappers around it (parentheses, casts, `await`), and its parent."""
    parent = node.parent
    while parent is not None and parent.type in _WRAPPERS:
        node, parent = parent, parent.parent
    return node, parent


def written(node: "Node") -> str:
    """A use as a message names it: its first line, kept short."""
    return excerpt(syntax.text(node)) or node.type


def sends(call: "Node") -> bool:
    names = syntax.member_names(call.child_by_field_name("function"))
    last = names[-1].lstrip("_") if names else ""
    return last in SENDING_CALLS or last in COMPARING_CALLS or last in _JS_SENDING or last.startswith("send")


def in_log_line(node: "Node") -> bool:
    """Is ``node`` part of what a log line shows (`console.log(`... ${url}`)`)?"""
    current = node.parent
    while current is not None and not current.type.endswith(("statement", "declaration")):
        if current.type == "arguments" and current.parent is not None and current.parent.type == "call_expression":
            # shown by a log line; handed to any other call, a use of its own
            names = syntax.member_names(current.parent.child_by_field_name("function"))
            return bool(names) and names[-1] in SHOWING_CALLS
        current = current.parent
    return False


def _shown(obj: "Node | None") -> bool:
    """Is the object literal an argument of a call that only shows it (`logger.debug("sent", { message: cfg })`)?"""
    if obj is None or obj.type != "object":
        return False
    _, parent = _up(obj)
    call = parent.parent if parent is not None and parent.type == "arguments" else None
    names = syntax.member_names(call.child_by_field_name("function")) if call is not None and call.type == "call_expression" else []
    return bool(names) and names[-1] in SHOWING_CALLS


def _stamped(spread: "Node") -> bool:
    """Is ``spread`` the payload spread into an object that adds only its event's
    name and id (`{ type, ...payload }`, as a helper that takes the name apart builds)?"""
    outer = spread.parent
    if outer is None or outer.type != "object":
        return False
    for entry in syntax.entries(outer):
        if entry == spread:
            continue
        if entry.type == "shorthand_property_identifier" and syntax.text(entry) in _STAMPS:
            continue
        if entry.type == "pair" and syntax.key_name(entry) in _STAMPS:
            continue
        return False
    return True


class _Follower:
    def __init__(self, kind: str, moves: dict[str, KeyMove], present: frozenset[str], out: Followed) -> None:
        self.kind = kind
        self.moves = moves
        self.present = present
        self.out = out
        self.depth = 2  # how deep a config is followed into the file's own helpers
        self.server = False  # a server event built here: handed whole to code, it is what a server sends
        self.holds: frozenset[tuple[str, ...]] = frozenset()  # the dicts the fixed literal holds, by path
        # can a beta key written later go to its GA place: the config is untyped
        # or `any` (a loose type such as `Record<string, unknown>` would not let
        # the new place be reached)
        self.writable = True
        self.gone: frozenset[str] = frozenset()  # keys the fix leaves out (`temperature`): a read or write of one cannot follow
        self.declarator: "Node | None" = None  # a name bound on several paths: its declaration
        self.bindings: frozenset[int] = frozenset()  # and the assignments that bind it, whose objects move too

    def block(self, node: "Node") -> None:
        shown = written(node)
        if shown not in self.out.blockers:
            self.out.blockers.append(shown)

    def value(self, node: "Node", prefix: tuple[str, ...]) -> None:
        node, parent = _up(node)
        if parent is None or parent.type == "expression_statement":
            return
        if parent.type == "variable_declarator" and parent.child_by_field_name("value") == node:
            name = parent.child_by_field_name("name")
            declared = parent.child_by_field_name("type")
            if declared is not None and own_type(declared):
                self.block(parent)
                self.out.typed = self.out.typed or syntax.text(declared).lstrip(": ")
                return
            if declared is not None and syntax.text(declared).lstrip(": ").strip() != "any":
                self.writable = False
            if name is None or name.type != "identifier" or (parent.parent is not None and parent.parent.parent is not None and parent.parent.parent.type == "export_statement"):
                self.block(parent)
            else:
                self.name(syntax.text(name), parent, prefix)
            return
        if parent.type == "ternary_expression" and self.declarator is not None and node != parent.child_by_field_name("condition") \
                and _within(parent, self.declarator):
            self.value(parent, prefix)  # `phone ? {...} : {...}`: each side moves with the fix
            return
        if parent.type == "unary_expression" and syntax.text(parent).startswith("typeof"):
            return  # `typeof event === "string"`: a test of its type, which no move changes
        if parent.type == "ternary_expression" and node != parent.child_by_field_name("condition"):
            # `typeof event === "string" ? JSON.parse(event) : event`: what it gives may be
            # something else too, so a use of it that the fix would move cannot follow
            inner = Followed()
            other = _Follower(self.kind, self.moves, self.present, inner)
            other.gone, other.depth, other.server, other.holds = self.gone, self.depth, self.server, self.holds
            other.value(parent, prefix)
            if inner.edits:
                self.block(parent)
            for blocker in inner.blockers:
                self.block(blocker)
            return
        if parent.type == "assignment_expression" and parent.id in self.bindings and self.declarator is not None:
            self.name(syntax.text(parent.child_by_field_name("left")), self.declarator, prefix)  # bound on one path of several
            return
        if parent.type == "arguments":
            call = parent.parent
            if call is None or call.type not in ("call_expression", "new_expression"):
                self.block(parent)
            elif not sends(call) and not _text_only(call, node) and not self.helper(call, node, prefix) and not (self.server and prefix == ("session",)):
                self.block(call)
            return
        if parent.type == "pair" and parent.child_by_field_name("value") == node:
            if not prefix:
                self.payload(parent.parent, syntax.key_name(parent), parent)
                return
            if _shown(parent.parent):
                return
        if parent.type in ("return_statement", "arrow_function") and self.depth > 0:
            self.returned(node)  # what a function of the file returns goes where its calls go
            return
        if parent.type == "spread_element" and prefix and _stamped(parent):
            self.value(parent.parent, prefix)  # `{ type, ...payload }`: the same payload, with its event name
            return
        if parent.type == "spread_element" and parent.parent is not None and len(list(syntax.entries(parent.parent))) == 1:
            self.value(parent.parent, prefix)  # `{ ...config }`: a copy of it, nothing added
            return
        self.block(parent)

    def helper(self, call: "Node", arg: "Node", prefix: tuple[str, ...]) -> bool:
        """A function of this file the config is passed to, which only sends it on
        (`function jsonSend(ws, obj) { ws.send(JSON.stringify(obj)); }`)."""
        if self.depth <= 0:
            return False
        function = call.child_by_field_name("function")
        name = syntax.text(function) if function is not None and function.type == "identifier" else None
        root = syntax.root(call)
        function = file_functions(root).get(name) if name is not None else None
        if function is None:
            return False
        params = parameters(function)
        index = [a for a in syntax.arguments(call)].index(arg) if arg in syntax.arguments(call) else -1
        ident = params[index] if 0 <= index < len(params) else None
        if ident is None:
            return False
        holder = ident.parent
        declared = holder.child_by_field_name("type") if holder is not None and holder.type in ("required_parameter", "optional_parameter") else None
        if declared is not None and own_type(declared):
            self.out.typed = self.out.typed or syntax.text(declared).lstrip(": ")  # the app's own type of what it takes
            return False
        inner = Followed()
        follower = _Follower(self.kind, self.moves, self.present, inner)
        follower.gone = self.gone
        follower.depth = self.depth - 1
        follower.server = self.server
        follower.name(syntax.text(ident), ident, prefix)
        return not inner.edits and not inner.blockers

    def returned(self, node: "Node") -> None:
        """The config a named function of the file returns: followed into each call of
        the function (exported, its callers elsewhere may read it)."""
        found = returning_function(node)
        if found is None:
            self.block(node.parent or node)
            return
        function, name = found
        declared = function.child_by_field_name("return_type")
        if declared is not None and own_type(declared):
            self.block(declared)  # the app's own type of what it returns: the new shape may not fit it
            self.out.typed = self.out.typed or syntax.text(declared).lstrip(": ")
            return
        if function.type == "method_definition":
            calls = method_calls(function, name)  # a class's own method (`private build()`), called through `this`
        else:
            statement = function if function.type == "function_declaration" else function.parent.parent if function.parent is not None else None
            if statement is not None and statement.parent is not None and statement.parent.type == "export_statement":
                self.block(statement.parent)
                return
            calls = calls_of(syntax.root(node), name)
        self.depth -= 1
        for call in calls:
            self.value(call, ())
        self.depth += 1

    def payload(self, outer: "Node | None", key: str | None, where: "Node") -> None:
        """The config under ``key`` of an object: followed as that payload, if it is one."""
        if outer is not None and key is not None and _payload_key(outer) == key:
            self.value(outer, (key,))
        elif not _shown(outer):
            self.block(where)

    def name(self, name: str, declarator: "Node", prefix: tuple[str, ...]) -> None:
        scope = syntax.enclosing(declarator, *_SCOPES)
        if scope is None:
            self.block(declarator)
            return
        own = declarator if declarator.type == "identifier" else declarator.child_by_field_name("name")
        uses = []
        for node in syntax.descendants(scope):
            if node.type == "shorthand_property_identifier" and syntax.text(node) == name:
                if prefix:
                    self.block(node.parent or node)
                else:
                    self.payload(node.parent, name, node)
                continue
            if node.type != "identifier" or syntax.text(node) != name or node == own:
                continue
            parent = node.parent
            if parent is not None and parent.id in self.bindings:
                continue  # bound on another path, to an object the fix moves the same way
            if parent is not None and parent.parent is not None and parent.parent.id in self.bindings \
                    and parent.parent.child_by_field_name("left") == parent:
                continue  # the write that puts the config into its payload (`payload.session = {...}`)
            if parent is not None and (
                (parent.type in ("variable_declarator", "assignment_expression", "augmented_assignment_expression") and parent.child_by_field_name("name" if parent.type == "variable_declarator" else "left") == node)
                or parent.type in ("formal_parameters", "required_parameter", "optional_parameter", "function_declaration", "class_declaration", "import_specifier", "catch_clause")
            ):
                self.block(parent)  # bound again
                continue
            uses.append(node)
        for use in uses:
            self.use(use, prefix)

    def use(self, use: "Node", prefix: tuple[str, ...]) -> None:
        keys: list[str] = []
        chain: list["Node"] = []
        current = use
        while True:
            parent = current.parent
            if parent is not None and parent.type == "non_null_expression":
                current = parent
                continue
            if parent is not None and parent.type == "member_expression" and parent.child_by_field_name("object") == current:
                prop = parent.child_by_field_name("property")
                if prop is None or prop.type != "property_identifier":
                    break
                keys.append(syntax.text(prop))
            elif parent is not None and parent.type == "subscript_expression" and parent.child_by_field_name("object") == current:
                index = syntax.string_value(parent.child_by_field_name("index"))
                if index is None:
                    break
                keys.append(index)
            else:
                break
            chain.append(parent)
            current = parent
        shared = min(len(keys), len(prefix))
        if tuple(keys[:shared]) != prefix[:shared]:
            return
        level = len(prefix)
        if len(keys) > level:
            self.keyed(chain[level], keys[level], chain[level] == chain[-1])
        else:
            self.whole(current, prefix[len(keys):])

    def keyed(self, access: "Node", key: str, last: bool) -> None:
        parent = access.parent
        write = last and parent is not None and parent.type in ("assignment_expression", "augmented_assignment_expression") and parent.child_by_field_name("left") == access
        if key in self.gone:  # a field the fix leaves out: a read finds nothing, a write puts it back
            self.block(parent if write else access)
            return
        if write and key in REMOVED[self.kind] and key not in self.present:  # one GA has no place for, written later
            self.block(parent)
            return
        if key not in self.moves:
            place = beta_place(self.kind, key) if key not in self.present and write else None
            if place is not None:
                # a beta key written after the literal goes to its GA place
                edits = self._written(access, place) if self.writable else None
                if edits is None:
                    self.block(parent)
                else:
                    self.out.edits += edits
            return
        place = self.moves[key]
        if not place.kept:
            if write or not place.read_elsewhere:
                self.block(parent if write else access)
                return
            if written(access) not in self.out.blockers:
                self.out.blockers.append(ChangedRead(written(access)))  # moved below, and named: it reads another list
        self.out.edits.append(self._accessor(access, place.path))

    def _written(self, access: "Node", place: KeyMove) -> list[TextEdit] | None:
        """`cfg.voice = v` → `((cfg.audio ??= {}).output ??= {}).voice = v` (the
        dicts the fixed literal already holds written plainly), a format or the
        modalities given their GA shape where the value is a literal; None
        where the write is not a plain statement of its own."""
        assignment = access.parent
        statement = assignment.parent if assignment is not None else None
        value = assignment.child_by_field_name("right") if assignment is not None else None
        obj = access.child_by_field_name("object")
        if assignment is None or assignment.type != "assignment_expression" or statement is None or statement.type != "expression_statement" or value is None or obj is None:
            return None
        edits: list[TextEdit] = []
        if not place.kept:
            ga = written_value(place, syntax.neutral(value))
            if ga is None:
                return None
            quote = syntax.text(value)[0] if value.type == "string" else '"'
            edits.append(TextEdit(value.start_byte, value.end_byte, Style(False, "", "", "  ", False, None, quote, True).literal(ga)))
        holder = place.path[:-1]
        if holder in self.holds:
            edits.append(self._accessor(access, place.path))
            return edits
        target = syntax.text(obj)
        for part in holder:
            target = f"({target}.{part} ??= {{}})"
        edits.append(TextEdit(access.start_byte, access.end_byte, f"{target}.{place.path[-1]}"))
        return edits

    def _accessor(self, access: "Node", path: tuple[str, ...]) -> TextEdit:
        """`x.voice` → `x.audio.output.voice`, in the access's own style."""
        obj = access.child_by_field_name("object")
        assert obj is not None and access.text is not None
        between = access.text[obj.end_byte - access.start_byte :].decode("utf-8", "replace")
        optional = "?." if between.lstrip().startswith("?.") else ""
        if access.type == "subscript_expression":
            index = access.child_by_field_name("index")
            quote = syntax.text(index)[0] if index is not None else '"'
            new = "".join(f"{optional}[{quote}{part}{quote}]" for part in path)
        else:
            new = "".join(f"{optional or '.'}{part}" for part in path)
        return TextEdit(obj.end_byte, access.end_byte, new)

    def whole(self, node: "Node", rest: tuple[str, ...]) -> None:
        node, parent = _up(node)
        if parent is not None and parent.type == "binary_expression" and parent.child_by_field_name("right") == node:
            operator = parent.child_by_field_name("operator")
            left = parent.child_by_field_name("left")
            key = syntax.string_value(left)
            if operator is not None and syntax.text(operator) == "in" and key is not None and left is not None:
                if rest:
                    if key == rest[0]:
                        self.block(parent)
                    return
                if key in self.gone:
                    self.block(parent)
                    return
                if key in self.moves:
                    place = self.moves[key]
                    start, end = syntax.content_range(left)
                    self.out.edits.append(TextEdit(start, end, place.path[-1]))
                    self.out.edits.append(TextEdit(node.end_byte, node.end_byte, "".join(f".{p}" for p in place.path[:-1])))
                return
        self.value(node, rest)
