"""The session a server event carries (facts §1–§3): reads of its beta fields
move to where a GA session holds them."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from ...core.diagnostics import Applicability, Edit, Fix
from ...core.plans.session import KeyMove, beta_place, server_read
from ...core.tables.session import REMOVED, SESSION_EVENT_CLASSES, SESSION_EVENTS
from ..configs import parameter
from ..cstutil import dotted_name, string_value, with_string_value
from ..flow import _deeper, _gotten, _index_key, _key_node, _quote
from ..layout import code
from ..rule import Invalid, Rule

ATTRIBUTE, KEY = "attribute", "key"
_SCOPES = (cst.FunctionDef, cst.Lambda)


class ServerSessionRead(Rule):
    """A beta session field read off the session the server sent.

    `session.created` and `session.updated` carry the session as the service
    holds it, and on GA that session has the GA shape: the voice is at
    `audio.output.voice`, turn detection at `audio.input.turn_detection`,
    `modalities` is `output_modalities`. Once the connection speaks GA, a
    read of the beta field raises `AttributeError` (or `KeyError`), however
    well the request side was fixed.

    Example:

        async for event in connection:
            if event.type == "session.updated":
                manual = event.session.turn_detection is None

    Fix:

        async for event in connection:
            if event.type == "session.updated":
                manual = event.session.audio.input.turn_detection is None

    The session is the one of an event the same function tells apart by its
    `type` (`event.type == "session.updated"`, `data["type"] in (...)`) or by
    the SDK's class (`isinstance(event, SessionUpdatedEvent)`), or the name
    or attribute it is stored in (`self.session = event.session`,
    read anywhere in the class), or the parameter of a function of the module
    it is passed to (`self.on_session(event.session)`). A field whose value changed shape is
    reported with an unsafe fix (`modalities`: GA holds one output modality)
    or none (the audio formats are objects in GA); a field GA dropped
    (`temperature`) is reported without a fix.
    """

    code = "RT308"
    name = "server-session-read"
    speaks = True

    VALID = (
        'import openai\nasync def run(conn):\n    async for event in conn:\n        if event.type == "session.updated":\n'
        "            print(event.session.audio.output.voice, event.session.instructions)\n",
        # an object of the app's own that happens to have a `voice`
        'import openai\ndef speak(profile):\n    return profile.session.voice\n',
    )
    INVALID = (
        # passed to a method of the module: its parameter holds the session
        Invalid(
            'import openai\nclass Client:\n    async def run(self, conn):\n        async for event in conn:\n'
            '            if event.type == "session.created":\n                self.on_session(event.session)\n'
            '    def on_session(self, session):\n        print(session.voice)\n',
            'import openai\nclass Client:\n    async def run(self, conn):\n        async for event in conn:\n'
            '            if event.type == "session.created":\n                self.on_session(event.session)\n'
            '    def on_session(self, session):\n        print(session.audio.output.voice)\n',
        ),
        Invalid(
            'import openai\nasync def run(conn):\n    async for event in conn:\n        if event.type == "session.updated":\n'
            "            print(event.session.voice)\n",
            'import openai\nasync def run(conn):\n    async for event in conn:\n        if event.type == "session.updated":\n'
            "            print(event.session.audio.output.voice)\n",
        ),
        Invalid(
            "import openai\nclass App:\n    async def run(self, conn):\n        async for event in conn:\n"
            '            if event.type in ("session.created", "session.updated"):\n                self.session = event.session\n\n'
            "    def manual(self):\n        return self.session.turn_detection is None\n",
            "import openai\nclass App:\n    async def run(self, conn):\n        async for event in conn:\n"
            '            if event.type in ("session.created", "session.updated"):\n                self.session = event.session\n\n'
            "    def manual(self):\n        return self.session.audio.input.turn_detection is None\n",
        ),
        Invalid(
            'import json\nimport openai\ndef on_message(raw):\n    data = json.loads(raw)\n    if data["type"] == "session.created":\n'
            '        print(data["session"]["voice"], data["session"].get("max_response_output_tokens"))\n',
            'import json\nimport openai\ndef on_message(raw):\n    data = json.loads(raw)\n    if data["type"] == "session.created":\n'
            '        print(data["session"]["audio"]["output"]["voice"], data["session"].get("max_output_tokens"))\n',
        ),
        Invalid(
            'import openai\nasync def run(conn):\n    async for event in conn:\n        if event.type == "session.updated":\n'
            '            text_only = "audio" not in event.session.modalities\n',
            'import openai\nasync def run(conn):\n    async for event in conn:\n        if event.type == "session.updated":\n'
            '            text_only = "audio" not in event.session.output_modalities\n',
            unsafe=True,
        ),
        Invalid(
            'import openai\nasync def run(conn):\n    async for event in conn:\n        if event.type == "session.created":\n'
            "            print(event.session.input_audio_format)\n",
        ),
        Invalid(
            "from openai.types.beta.realtime import SessionUpdatedEvent\nasync def run(conn):\n    async for event in conn:\n"
            "        if isinstance(event, SessionUpdatedEvent):\n            print(event.session.voice)\n",
            "from openai.types.beta.realtime import SessionUpdatedEvent\nasync def run(conn):\n    async for event in conn:\n"
            "        if isinstance(event, SessionUpdatedEvent):\n            print(event.session.audio.output.voice)\n",
        ),
    )

    def finish(self) -> None:
        for read, key, kind in server_reads(self):
            self._report(read, key, kind)

    def _report(self, read: cst.CSTNode, key: str, kind: str) -> None:
        message, fix, hint = _finding(read, key, kind)
        self.report(read, message, fix=fix, hint=hint)


def _finding(read: cst.CSTNode, key: str, kind: str) -> tuple[str, Fix | None, str | None]:
    """(message, fix, hint) of RT308 for one read."""
    found = server_read(kind, key, code(read).strip(), '{"type": "audio/pcm", "rate": 24000}')
    place = found.place
    edit = _moved(read, place) if place is not None else None
    if place is None or edit is None:
        return found.message, None, found.hint or f"read `{'.'.join(place.path)}` instead"  # type: ignore[union-attr]
    ga = ".".join(place.path)
    if not place.kept:
        return found.message, Fix.unsafe(f"read `{ga}` (GA holds one output modality: audio output includes its transcript)", edit), None
    return found.message, Fix.safe(f"read `{ga}`", edit), None


def beta_reads_stay(rule: Rule) -> bool:
    """Does a safe fix leave a read of a beta field of a server session in the
    file (RT308 has no fix for it, or only an unsafe one)?"""
    return any(
        (fix := _finding(read, key, kind)[1]) is None or fix.applicability is not Applicability.SAFE
        for read, key, kind in server_reads(rule)
    )


def server_reads(rule: Rule) -> list[tuple[cst.CSTNode, str, str]]:
    """The reads of beta fields off sessions a server event carried: (read, field, kind of session),
    worked out once per file (RT306 leaves them to this rule)."""
    return rule.tree.once(server_reads, lambda: list(_Sessions(rule).reads()))


def _moved(read: cst.CSTNode, place: KeyMove) -> Edit | None:
    """The read at its GA place: attributes stay attributes, keys stay keys."""
    if isinstance(read, cst.Attribute):
        value: cst.BaseExpression = read.value
        for part in place.path[:-1]:
            value = cst.Attribute(value, cst.Name(part))
        return Edit(read, read.with_changes(value=value, attr=cst.Name(place.path[-1])))
    if isinstance(read, cst.Subscript):
        old = read.slice[0].slice.value  # type: ignore[union-attr]
        quote = _quote(old)
        new_key = with_string_value(old, place.path[-1]) if isinstance(old, cst.SimpleString) else _key_node(place.path[-1], quote)
        return Edit(read, read.with_changes(value=_deeper(read.value, place.path[:-1], quote), slice=[read.slice[0].with_changes(slice=cst.Index(new_key))]))
    if isinstance(read, cst.Call) and isinstance(read.func, cst.Attribute):
        first = read.args[0].value
        if not isinstance(first, cst.SimpleString):
            return None
        holder = _gotten(read.func.value, place.path[:-1], _quote(first))
        args = [read.args[0].with_changes(value=with_string_value(first, place.path[-1])), *read.args[1:]]
        return Edit(read, read.with_changes(func=read.func.with_changes(value=holder), args=args))
    return None


class _Sessions:
    """Where a file holds a session a server event carried, and the reads of it."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.events: dict[tuple[int, str], str] = {}  # (scope, event name) → kind of session
        self.names: dict[tuple[int, str], tuple[str, str]] = {}  # (scope, name) → (style, kind)
        self.fields: dict[tuple[int, str], tuple[str, str]] = {}  # (class, self attribute) → (style, kind)
        self.origins: dict[int, tuple[str, str]] = {}  # id(`event.session`) → (style, kind)
        self.stored: set[str] = set()  # the names of `names`

    def scope(self, node: cst.CSTNode) -> cst.CSTNode:
        return next((a for a in self.rule.ancestors(node) if isinstance(a, _SCOPES)), self.rule.tree.module)

    def owner(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return next((a for a in self.rule.ancestors(node) if isinstance(a, cst.ClassDef)), None)

    # --- events told apart by their type -----------------------------------------
    def _told(self) -> None:
        for node in self.rule.nodes(cst.Comparison):
            name = _type_of(node.left)
            if name is None:
                continue
            for target in node.comparisons:
                for value in _named(target):
                    if value in SESSION_EVENTS:
                        self.events.setdefault((id(self.scope(node)), name), SESSION_EVENTS[value])
        for node in self.rule.nodes(cst.Call):
            # `isinstance(event, SessionUpdatedEvent)`, with the SDK's event classes
            if isinstance(node.func, cst.Name) and node.func.value == "isinstance" and len(node.args) == 2 \
                    and isinstance(node.args[0].value, cst.Name):
                classes = node.args[1].value
                named = [classes] if not isinstance(classes, cst.Tuple) else [e.value for e in classes.elements]
                for cls in named:
                    kind = SESSION_EVENT_CLASSES.get((dotted_name(cls) or "").rpartition(".")[2])
                    if kind is not None:
                        self.events.setdefault((id(self.scope(node)), node.args[0].value.value), kind)
        for node in self.rule.nodes(cst.Match):
            name = _type_of(node.subject)
            if name is None:
                continue
            for case in node.cases:
                value = string_value(case.pattern.value) if isinstance(case.pattern, cst.MatchValue) else None
                if value in SESSION_EVENTS:
                    self.events.setdefault((id(self.scope(node)), name), SESSION_EVENTS[value])

    def _carried(self) -> None:
        """`event.session` and `data["session"]` of a told event, and where they are stored."""
        candidates: list[tuple[cst.CSTNode, cst.CSTNode, str]] = []
        for node in self.rule.nodes(cst.Attribute):
            if node.attr.value == "session" and isinstance(node.value, cst.Name):
                candidates.append((node, node.value, ATTRIBUTE))
        for node in self.rule.nodes(cst.Subscript):
            if isinstance(node.value, cst.Name) and _index_key(node) == "session":
                candidates.append((node, node.value, KEY))
        for node, event, style in candidates:
            kind = self.events.get((id(self.scope(node)), event.value))
            if kind is None:
                continue
            self.origins[id(node)] = (style, kind)
            parent = self.rule.parent(node)
            if isinstance(parent, (cst.Assign, cst.AnnAssign)) and parent.value is node:
                targets = [t.target for t in parent.targets] if isinstance(parent, cst.Assign) else [parent.target]
                for target in targets:
                    if isinstance(target, cst.Name):
                        self.names[(id(self.scope(node)), target.value)] = (style, kind)
                        self.stored.add(target.value)
                    elif _self_attribute(target) and (owner := self.owner(node)) is not None:
                        self.fields[(id(owner), target.attr.value)] = (style, kind)
            elif isinstance(parent, cst.Arg) and parent.value is node and not parent.star:
                # `self._on_session(event.session)`: the parameter of the module's own function holds it
                param = self._parameter(parent)
                if param is not None:
                    function, name = param
                    self.names[(id(function), name)] = (style, kind)
                    self.stored.add(name)

    def _parameter(self, arg: cst.Arg) -> tuple[cst.FunctionDef, str] | None:
        """(the module's function a call passes ``arg`` to, the parameter that takes it)."""
        call = self.rule.parent(arg)
        found = parameter(self.rule, call, arg) if isinstance(call, cst.Call) else None
        return (found[0], found[1].name.value) if found is not None else None

    def _held(self, node: cst.CSTNode) -> tuple[str, str] | None:
        """The (style, kind) of the session ``node`` is, if it is one."""
        if id(node) in self.origins:
            return self.origins[id(node)]
        if isinstance(node, cst.Name):
            if node.value not in self.stored:  # most names hold no session: no scope to look up
                return None
            return self.names.get((id(self.scope(node)), node.value))
        if _self_attribute(node):
            owner = self.owner(node)
            return self.fields.get((id(owner), node.attr.value)) if owner is not None else None  # type: ignore[union-attr]
        return None

    # --- the reads ----------------------------------------------------------------
    def reads(self) -> Iterator[tuple[cst.CSTNode, str, str]]:
        self._told()
        if not self.events:
            return
        self._carried()
        for node in self.rule.nodes(cst.Attribute):
            held = self._held(node.value)
            if held is not None and held[0] == ATTRIBUTE and self._is_read(node) and _beta(node.attr.value, held[1]):
                yield node, node.attr.value, held[1]
        for node in self.rule.nodes(cst.Subscript):
            held = self._held(node.value)
            key = _index_key(node)
            if held is not None and held[0] == KEY and key is not None and self._is_read(node) and _beta(key, held[1]):
                yield node, key, held[1]
        for node in self.rule.nodes(cst.Call):
            func = node.func
            if not (isinstance(func, cst.Attribute) and func.attr.value == "get" and node.args and node.args[0].keyword is None):
                continue
            held = self._held(func.value)
            key = string_value(node.args[0].value)
            if held is not None and held[0] == KEY and key is not None and _beta(key, held[1]):
                yield node, key, held[1]

    def _is_read(self, node: cst.CSTNode) -> bool:
        parent = self.rule.parent(node)
        if isinstance(parent, (cst.AssignTarget, cst.Del)) or (isinstance(parent, (cst.AugAssign, cst.AnnAssign)) and parent.target is node):
            return False
        return not (isinstance(parent, cst.Call) and parent.func is node)


def _beta(key: str, kind: str) -> bool:
    return beta_place(kind, key) is not None or key in REMOVED.get(kind, {})


def _self_attribute(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self"


def _type_of(node: cst.CSTNode) -> str | None:
    """`event.type` or `event["type"]`: the event's name."""
    if isinstance(node, cst.Attribute) and node.attr.value == "type" and isinstance(node.value, cst.Name):
        return node.value.value
    if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and _index_key(node) == "type":
        return node.value.value
    return None


def _named(target: cst.ComparisonTarget) -> list[str]:
    """The event names a comparison tests for: one with `==`, a group with `in`."""
    if isinstance(target.operator, (cst.Equal, cst.Is)):
        value = string_value(target.comparator)
        return [value] if value is not None else []
    if isinstance(target.operator, cst.In) and isinstance(target.comparator, (cst.Tuple, cst.List, cst.Set)):
        return [v for e in target.comparator.elements if (v := string_value(e.value)) is not None]
    return []
