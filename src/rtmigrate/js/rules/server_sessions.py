"""The session a server event carries (facts §1–§3): reads of its beta fields
move to where a GA session holds them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.diagnostics import Applicability, Fix
from ...core.plans.session import beta_place, server_read
from ...core.ruledoc import Invalid
from ...core.tables.session import REMOVED, SESSION_EVENTS
from .. import syntax
from ..context import SCOPES
from ..rule import JsRule

if TYPE_CHECKING:
    from tree_sitter import Node

_FUNCTIONS = SCOPES - {"class_declaration", "class"}
_CLASSES = frozenset({"class_declaration", "class"})
# What both kinds of GA session hold (a GA server event types its session as
# either): a read moved there type-checks against the GA event types.
_SHARED = ("audio", "input")


class ServerSessionRead(JsRule):
    """A beta session field read off the session the server sent.

    `session.created` and `session.updated` carry the session as the service
    holds it, and on GA that session has the GA shape: the voice is at
    `audio.output.voice`, turn detection at `audio.input.turn_detection`.
    Once the connection speaks GA, a read of the beta field gives
    `undefined`.

    Example:

        if (event.type === "session.updated") {
          manual = event.session.turn_detection === null;
        }

    Fix:

        if (event.type === "session.updated") {
          manual = event.session.audio?.input?.turn_detection === null;
        }

    The session is the one of an event the same function tells apart by its
    `type` (a comparison or a `switch` case), or the variable or `this`
    property it is stored in. The moved read uses optional chaining, since
    GA's types mark `audio` and its sides optional. A move under
    `audio.input` is safe; one elsewhere (`audio.output.voice`,
    `output_modalities`) is unsafe, since GA's event types give the session
    as a realtime or a transcription session and only the first has those
    fields. Audio formats (objects in GA), fields GA dropped and beta fields
    taken by destructuring (`const { voice } = event.session`) are reported
    without a fix.
    """

    code = "RT308"
    name = "server-session-read"
    speaks = True

    VALID = (
        'import OpenAI from "openai";\nfunction on(event: any) {\n  if (event.type === "session.updated") {\n'
        "    console.log(event.session.audio?.output?.voice);\n  }\n}\n",
        'import OpenAI from "openai";\nfunction speak(profile: any) {\n  return profile.session.voice;\n}\n',
    )
    INVALID = (
        Invalid(
            'import OpenAI from "openai";\nfunction on(event: any) {\n  switch (event.type) {\n    case "session.created":\n'
            "      return event.session.turn_detection === null;\n  }\n}\n",
            'import OpenAI from "openai";\nfunction on(event: any) {\n  switch (event.type) {\n    case "session.created":\n'
            "      return event.session.audio?.input?.turn_detection === null;\n  }\n}\n",
        ),
        Invalid(
            'import OpenAI from "openai";\nclass Client {\n  session: any;\n  on(msg: any) {\n'
            '    if (msg.type === "session.updated") this.session = msg.session;\n  }\n'
            "  get voice() {\n    return this.session.voice;\n  }\n}\n",
            'import OpenAI from "openai";\nclass Client {\n  session: any;\n  on(msg: any) {\n'
            '    if (msg.type === "session.updated") this.session = msg.session;\n  }\n'
            "  get voice() {\n    return this.session.audio?.output?.voice;\n  }\n}\n",
            unsafe=True,
        ),
        Invalid(
            'import OpenAI from "openai";\nfunction on(event: any) {\n  if (event.type === "session.created") {\n'
            "    console.log(event.session.input_audio_format);\n  }\n}\n",
        ),
        Invalid(
            'import OpenAI from "openai";\nfunction on(event: any) {\n  if (event.type === "session.updated") {\n'
            "    const { voice, instructions } = event.session;\n    show(voice, instructions);\n  }\n}\n",
        ),
    )

    def visit_string(self, node: "Node") -> None:
        if syntax.string_value(node) in SESSION_EVENTS:
            self.shared.setdefault(_TOLD, []).append(node)  # type: ignore[union-attr]

    def finish(self) -> None:
        reads, destructured = session_reads(self)
        for entry, name, kind in destructured:
            found = server_read(kind, name, syntax.text(entry), '{ type: "audio/pcm", rate: 24000 }')
            where = ".".join(found.place.path) if found.place is not None else None
            self.report(entry, found.message, hint=found.hint or f"take it from `{where}` of the session")
        for node, key, kind in reads:
            message, fix, hint = _finding(self, node, key, kind)
            self.report(node, message, fix=fix, hint=hint)


_TOLD = "session events told"  # the strings naming session events, as RT308 visits them


def session_reads(rule: JsRule, within: "Node | None" = None) -> tuple[list[tuple["Node", str, str]], list[tuple["Node", str, str]]]:
    """(the reads of beta fields off sessions a server event carried, the beta
    fields destructured from one): (node, field, kind of session) each, worked
    out once per file for RT308 and for the rules whose fixes wait on them
    (``within``: a node of the file, to find the events named where RT308
    does not run)."""
    if "session reads" not in rule.shared:
        told = rule.shared.get(_TOLD)
        if told is None and within is not None:
            root = syntax.root(within)
            told = [n for n in syntax.descendants(root) if n.type == "string" and syntax.string_value(n) in SESSION_EVENTS]
        rule.shared["session reads"] = _Reads(told or []).run()  # type: ignore[arg-type]
    return rule.shared["session reads"]  # type: ignore[return-value]


def beta_reads_stay(rule: JsRule, within: "Node") -> bool:
    """Does a safe fix leave a read of a beta field of a server session in the file?"""
    reads, destructured = session_reads(rule, within)
    return bool(destructured) or any(
        (fix := _finding(rule, node, key, kind)[1]) is None or fix.applicability is not Applicability.SAFE for node, key, kind in reads
    )


def _finding(rule: JsRule, node: "Node", key: str, kind: str) -> tuple[str, Fix | None, str | None]:
    """(message, fix, hint) of RT308 for one read."""
    found = server_read(kind, key, syntax.text(node), '{ type: "audio/pcm", rate: 24000 }')
    place, obj, prop = found.place, node.child_by_field_name("object"), node.child_by_field_name("property")
    if place is None or obj is None or prop is None:
        return found.message, None, found.hint
    between = rule.source[obj.end_byte:prop.start_byte].decode()  # "." or "?."
    edit = rule.replace(node, syntax.text(obj) + between + "?.".join(place.path))
    ga = ".".join(place.path)
    if place.path[:2] == _SHARED and place.kept:
        return found.message, Fix.safe(f"read `{ga}`", edit), None
    return found.message, Fix.unsafe(f"read `{ga}` (GA's event types give this field to realtime sessions only)", edit), None


class _Reads:
    def __init__(self, told: list["Node"]) -> None:
        self.told = told
        self.reads: list[tuple["Node", str, str]] = []
        self.destructured: list[tuple["Node", str, str]] = []

    def run(self) -> tuple[list[tuple["Node", str, str]], list[tuple["Node", str, str]]]:
        events: dict[tuple[int, str], str] = {}  # (function, event name) → kind
        scopes: dict[int, "Node"] = {}
        for string in self.told:
            name = _event_told(string)
            if name is None:
                continue
            scope = _scope(string)
            scopes[scope.id] = scope
            events.setdefault((scope.id, name), SESSION_EVENTS[syntax.string_value(string) or ""])
        if not events:
            return self.reads, self.destructured
        held: dict[tuple[int, str], str] = {}  # (function or class, name or `this.x`) → kind
        origins: dict[int, str] = {}
        searched: dict[int, "Node"] = {}  # where the stored sessions are read: their functions and classes
        for (scope_id, name), kind in events.items():
            for node in syntax.descendants(scopes[scope_id]):
                if node.type != "member_expression" or syntax.member_path(node) != [name, "session"] or _scope(node).id != scope_id:
                    continue
                origins[node.id] = kind
                if node.parent is not None and node.parent.type == "member_expression":
                    searched.setdefault(node.parent.id, node.parent)  # `event.session.voice`
                self._destructured(node, kind)
                stored = _stored_in(node)
                if stored is not None:
                    target, owner = stored
                    if owner is not None:
                        held[(owner.id, target)] = kind
                        searched[owner.id] = owner
        if not origins:
            return self.reads, self.destructured
        root = syntax.root(scopes[next(iter(scopes))])
        if self._module_wide(root, held):
            searched = {root.id: root}
        seen: set[int] = set()
        for top in searched.values():
            for node in syntax.descendants(top):
                if node.type != "member_expression" or node.id in seen:
                    continue
                seen.add(node.id)
                self._read(node, origins, held)
        return self.reads, self.destructured

    def _destructured(self, origin: "Node", kind: str) -> None:
        """`const { voice } = event.session`: reported where the beta field is named (no
        fix: the pattern would have to nest as the GA session does)."""
        parent = origin.parent
        pattern = parent.child_by_field_name("name") if parent is not None and parent.type == "variable_declarator" else None
        if pattern is None or pattern.type != "object_pattern" or parent.child_by_field_name("value") != origin:
            return
        for entry in pattern.named_children:
            key = entry.child_by_field_name("key") if entry.type == "pair_pattern" else entry
            if key is None or entry.type not in ("pair_pattern", "shorthand_property_identifier_pattern"):
                continue
            name = syntax.text(key)
            if beta_place(kind, name) is not None or name in REMOVED.get(kind, {}):
                self.destructured.append((entry, name, kind))

    def _read(self, node: "Node", origins: dict[int, str], held: dict[tuple[int, str], str]) -> None:
        kind = self._kind(node.child_by_field_name("object"), origins, held)
        prop = node.child_by_field_name("property")
        if kind is None or prop is None or _written(node):
            return
        key = syntax.text(prop)
        if beta_place(kind, key) is not None or key in REMOVED.get(kind, {}):
            self.reads.append((node, key, kind))

    @staticmethod
    def _module_wide(root: "Node", held: dict[tuple[int, str], str]) -> bool:
        """A session a handler stores in a variable the module declares once, at
        its top (`let session = null;`), is that variable's wherever it is read."""
        stored = {name: kind for (scope, name), kind in held.items() if "." not in name}
        if not stored:
            return False
        declared = syntax.declarations(root)
        wide = False
        for name, kind in stored.items():
            places = declared.get(name, [])
            if len(places) == 1 and _scope(places[0]).id == root.id:
                held[(-1, name)] = kind
                wide = True
        return wide

    @staticmethod
    def _kind(obj: "Node | None", origins: dict[int, str], held: dict[tuple[int, str], str]) -> str | None:
        obj = syntax.unwrap(obj)
        if obj is None:
            return None
        if obj.id in origins:
            return origins[obj.id]
        path = syntax.member_path(obj)
        if obj.type == "identifier" and path is not None:
            here = held.get((_scope(obj).id, path[0]))
            return here if here is not None else held.get((-1, path[0]))
        if path is not None and len(path) == 2 and path[0] == "this":
            owner = syntax.enclosing(obj, *_CLASSES)
            return held.get((owner.id, "this." + path[1])) if owner is not None else None
        return None


def _event_told(string: "Node") -> str | None:
    """The event a session event name is tested against: `e.type === "..."`, `case "...":`."""
    parent = string.parent
    other = None
    if parent is not None and parent.type == "binary_expression" and syntax.compared(string):
        left, right = parent.child_by_field_name("left"), parent.child_by_field_name("right")
        other = right if left is not None and left.id == string.id else left
    elif parent is not None and parent.type == "switch_case":
        switch = syntax.enclosing(parent, "switch_statement")
        other = switch.child_by_field_name("value") if switch is not None else None
    path = syntax.member_path(syntax.unwrap(other))
    return path[0] if path is not None and len(path) == 2 and path[1] == "type" else None


def _scope(node: "Node") -> "Node":
    current = node.parent
    while current is not None and current.type not in _FUNCTIONS:
        if current.parent is None:
            return current
        current = current.parent
    return current if current is not None else node


def _stored_in(node: "Node") -> tuple[str, "Node | None"] | None:
    """Where `event.session` is stored: `const s = event.session` (the function
    holds it) or `this.session = event.session` (the class does)."""
    parent = node.parent
    if parent is None:
        return None
    if parent.type == "variable_declarator" and parent.child_by_field_name("value") == node:
        name = parent.child_by_field_name("name")
        if name is not None and name.type == "identifier":
            return syntax.text(name), _scope(node)
    if parent.type == "assignment_expression" and parent.child_by_field_name("right") == node:
        path = syntax.member_path(parent.child_by_field_name("left"))
        if path is not None and len(path) == 1:
            return path[0], _scope(node)
        if path is not None and len(path) == 2 and path[0] == "this":
            return "this." + path[1], syntax.enclosing(node, *_CLASSES)
    return None


def _written(node: "Node") -> bool:
    parent = node.parent
    if parent is None:
        return False
    if parent.type in ("assignment_expression", "augmented_assignment_expression"):
        left = parent.child_by_field_name("left")
        return left is not None and left.id == node.id
    return parent.type == "call_expression" and parent.child_by_field_name("function") == node
