"""Session and response configuration to the GA shape (facts §2–§6)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import libcst as cst

from ..cstutil import dotted_name, remove_from, string_value, with_string_value
from ...core.diagnostics import Applicability, Edit, Fix
from ..layout import Entry, Layout, code, explode, implode, reindent
from ...core.plans.session import OPAQUE, Config, decide
from ...core.plans.session import config_kind as planned_kind
from ..rule import Invalid, Rule
from ...core.tables.events import SERVER_ITEM_EVENTS
from ...core.tables.sdk import BETA_TYPES_MODULE, GA_TYPES_MODULE
from ...core.tables.sdk_types import BETA_TYPES
from ...core.tables.session import (
    ASSISTANT_CONTENT_TYPES,
    CLIENT_SECRET_KEY,
    CONNECTION_CALLS,
    CREATE_CALLS,
    DISTINCTIVE_FIELDS,
    EXPIRES_AFTER_KEY,
    MOVES,
    PAYLOAD_EVENTS,
    REMOVED,
    SECRET_FIELDS,
    TYPED_PAYLOADS,
    TYPES_PACKAGES,
)

# --- the planner's decisions (plans/session.py) written as a libcst dict ----------


@dataclass
class Leftover:
    node: cst.CSTNode
    message: str
    hint: str


@dataclass
class Plan:
    kind: str
    replacement: cst.Dict | None = None  # the migrated dict; None: nothing to move
    moved: list[str] = field(default_factory=list)
    leftovers: list[Leftover] = field(default_factory=list)
    removable: list[tuple[cst.DictElement, str]] = field(default_factory=list)


def _quote(node: cst.Dict) -> str:
    for element in node.elements:
        key = getattr(element, "key", None)
        if isinstance(key, cst.SimpleString):
            return key.quote if len(key.quote) == 1 else '"'
    return '"'


_SEPARATOR = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def _separated(items: list) -> list:
    return [item.with_changes(comma=_SEPARATOR) for item in items[:-1]] + items[-1:]


def _literal(value: object, quote: str) -> cst.BaseExpression:
    """A small literal (dict, list, str, int) written in the file's quote style,
    on one line: `{"k": v, "k2": v2}`, `[a, b]`."""
    if isinstance(value, dict):
        return cst.Dict(_separated([cst.DictElement(cst.SimpleString(f"{quote}{k}{quote}"), _literal(v, quote)) for k, v in value.items()]))
    if isinstance(value, list):
        return cst.List(_separated([cst.Element(_literal(v, quote)) for v in value]))
    if isinstance(value, str):
        return cst.SimpleString(f"{quote}{value}{quote}")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return cst.Integer(repr(value))
    return cst.parse_expression(repr(value))


def _string_list(node: cst.BaseExpression) -> list[str] | None:
    if not isinstance(node, (cst.List, cst.Tuple)):
        return None
    values = [string_value(e.value) if isinstance(e, cst.Element) else None for e in node.elements]
    return None if any(v is None for v in values) else values  # type: ignore[return-value]


def _with_list_values(node: cst.List | cst.Tuple, values: list[str]) -> cst.BaseExpression:
    first = node.elements[0].value if node.elements else None
    template = first if isinstance(first, cst.SimpleString) else cst.SimpleString('""')
    elements = [
        cst.Element(with_string_value(template, v), comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")) if i < len(values) - 1 else cst.MaybeSentinel.DEFAULT)
        for i, v in enumerate(values)
    ]
    return cst.List(elements=elements)


def _neutral(node: cst.BaseExpression) -> object:
    """What the planner may read of a value: a string, a list of strings, a nested literal."""
    value = string_value(node)
    if value is not None:
        return value
    if isinstance(node, cst.Dict):
        return Config([(_neutral_key(e), _neutral(e.value)) for e in node.elements])
    values = _string_list(node)
    return values if values is not None else OPAQUE


def _neutral_key(element: cst.BaseDictElement) -> object:
    if not isinstance(element, cst.DictElement):
        return None  # a `**spread`
    key = string_value(element.key)
    return key if key is not None else OPAQUE


def config_kind(node: cst.Dict, default: str) -> str:
    """A session dict's own `type` decides its kind where it names one."""
    return planned_kind(Config([(_neutral_key(e), _neutral(e.value)) for e in node.elements]), default)


def plan(node: cst.Dict, kind: str) -> Plan | None:
    """How to move one literal config dict to GA; None when it is already GA."""
    entries, layout, opening, final = explode(node)
    config = Config([(_neutral_key(e.original) if e.original is not None else None, _neutral(e.value)) for e in entries])
    decision = decide(config, kind)
    if decision is None:
        return None
    result = Plan(decision.kind)
    quote = _quote(node)
    for note in decision.notes:
        entry = entries[note.index]
        where = entry.key if note.on == "key" else entry.value
        shown = f"**{code(entry.value)}" if entry.key is None else code(entry.value)
        result.leftovers.append(Leftover(where, note.message.format(code=shown), note.hint))
    for index, why in decision.removed:
        result.removable.append((entries[index].original, why))

    audio_entry = entries[decision.audio] if decision.audio is not None else None
    nested: dict[tuple[str, ...], list[Entry]] = {}
    out: list[Entry] = []
    audio_slot: int | None = None
    for index, entry in enumerate(entries):
        move = decision.moves.get(index)
        if move is None:
            out.append(entry)
            continue
        path = move.path
        if isinstance(move.value, dict):
            value = _literal(move.value, quote)
        elif isinstance(move.value, list):
            value = _with_list_values(entry.value, move.value)
        else:
            value = entry.value
        if not move.nested:
            new_key = with_string_value(entry.key, path[0]) if isinstance(entry.key, cst.SimpleString) else _literal(path[0], quote)
            out.append(Entry(new_key, value, entry.leading, entry.trailing))
            continue
        if audio_slot is None and audio_entry is None:
            audio_slot = len(out)
        nested.setdefault(path[1:-1], []).append(
            Entry(_literal(path[-1], quote) if not isinstance(entry.key, cst.SimpleString) else with_string_value(entry.key, path[-1]), value, entry.leading, entry.trailing)
        )

    if nested:
        if audio_entry is not None:
            merged = _merge_audio(audio_entry.value, nested, layout.deeper(), quote)
            out = [Entry(e.key, merged, e.leading, e.trailing, e.original) if e is audio_entry else e for e in out]
        else:
            audio_value = _audio_block(nested, layout.deeper(), quote)
            out.insert(audio_slot or 0, Entry(_literal("audio", quote), audio_value))
    if decision.add_type is not None:
        out.insert(0, Entry(_literal("type", quote), _literal(decision.add_type, quote)))
    result.moved = decision.moved
    if decision.changes:
        result.replacement = implode(out, layout, node, opening, final)
    return result


def _leaf_entries(entries: list[Entry], layout: Layout) -> list[Entry]:
    """Moved values two levels deeper: indent their own continuation lines and comments."""
    if layout.inner is None:
        return [Entry(e.key, e.value, (), None) for e in entries]
    extra = layout.step * 2
    return [
        Entry(
            e.key,
            reindent(e.value, extra),
            [line.with_changes(whitespace=cst.SimpleWhitespace(line.whitespace.value + extra)) for line in e.leading],
            e.trailing,
        )
        for e in entries
    ]


def _audio_block(nested: dict[tuple[str, ...], list[Entry]], layout: Layout, quote: str) -> cst.Dict:
    """`{"input": {...}, "output": {...}}` laid out as ``layout`` (the audio dict's own)."""
    side_layout = layout.deeper()
    sides = [
        Entry(_literal(side[0], quote), implode(_leaf_entries(entries, side_layout), side_layout))
        for side, entries in nested.items()
    ]
    return implode(sides, layout)


def _merge_audio(audio: cst.Dict, nested: dict[tuple[str, ...], list[Entry]], layout: Layout, quote: str) -> cst.Dict:
    entries, own_layout, opening, final = explode(audio)
    if own_layout.inner is None and layout.inner is not None:
        own_layout = Layout(None)
    for side, new in nested.items():
        existing = next((e for e in entries if string_value(e.key) == side[0]), None)
        if existing is not None and isinstance(existing.value, cst.Dict):
            side_entries, side_layout, side_open, side_final = explode(existing.value)
            merged = implode(side_entries + _leaf_entries(new, side_layout), side_layout, existing.value, side_open, side_final)
            entries = [Entry(e.key, merged, e.leading, e.trailing, e.original) if e is existing else e for e in entries]
        else:
            entries.append(Entry(_literal(side[0], quote), implode(_leaf_entries(new, own_layout.deeper()), own_layout.deeper())))
    return implode(entries, own_layout, audio, opening, final)


# --- finding configs in code -------------------------------------------------------


@dataclass
class Found:
    node: cst.Dict  # the config dict
    kind: str
    edit_node: cst.CSTNode  # what the fix replaces (the dict, or an enclosing node)
    wrap: object = None  # callable: migrated dict → replacement of edit_node


def _keyword(call: cst.Call, name: str) -> cst.Arg | None:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == name), None)


def _call_path(call: cst.Call) -> list[str]:
    parts: list[str] = []
    node = call.func
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    return parts[::-1]


def connection_arg(call: cst.Call) -> tuple[cst.Arg, str, tuple[str, str]] | None:
    """`conn.session.update(session=X)` and the like: (the argument, its kind, the call's path)."""
    path = _call_path(call)
    key = tuple(path[-2:]) if len(path) >= 2 else None
    if key not in CONNECTION_CALLS or (len(path) >= 3 and path[-3] == "realtime"):
        return None
    keyword, kind = CONNECTION_CALLS[key]
    arg = _keyword(call, keyword)
    return (arg, kind, key) if arg is not None else None


def find_configs(node: cst.CSTNode) -> Iterator[Found]:
    """Literal config dicts at `node` (a Call or a Dict)."""
    if isinstance(node, cst.Call):
        found = connection_arg(node)
        if found is not None:
            arg, kind, key = found
            if isinstance(arg.value, cst.Dict):
                if key[0] == "transcription_session":  # GA has one `session` resource
                    func = node.func.with_changes(value=node.func.value.with_changes(attr=cst.Name("session")))

                    def wrap(new: cst.Dict, call=node, arg=arg, func=func) -> cst.Call:
                        args = [a.with_changes(value=new) if a is arg else a for a in call.args]
                        return call.with_changes(func=func, args=args)

                    yield Found(arg.value, kind, node, wrap)
                else:
                    yield Found(arg.value, kind, arg.value)
    elif isinstance(node, cst.Dict):
        event = None
        for element in node.elements:
            if isinstance(element, cst.DictElement) and string_value(element.key) == "type":
                event = string_value(element.value)
        if event not in PAYLOAD_EVENTS:
            return
        key, kind, ga_event = PAYLOAD_EVENTS[event]
        inner = next(
            (e for e in node.elements if isinstance(e, cst.DictElement) and string_value(e.key) == key), None
        )
        if inner is None or not isinstance(inner.value, cst.Dict):
            return
        if event == ga_event:
            yield Found(inner.value, kind, inner.value)
            return

        def wrap_payload(new: cst.Dict, outer=node, inner=inner) -> cst.Dict:
            elements = []
            for e in outer.elements:
                if e is inner:
                    e = e.with_changes(value=new)
                elif isinstance(e, cst.DictElement) and string_value(e.key) == "type":
                    e = e.with_changes(value=with_string_value(e.value, ga_event))
                elements.append(e)
            return outer.with_changes(elements=elements)

        yield Found(inner.value, kind, node, wrap_payload)


class _ConfigRule(Rule):
    KINDS: frozenset[str] = frozenset()

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.assigned: dict[str, list[cst.BaseExpression]] = {}  # name → values assigned to it
        self.by_name: list[tuple[str, str]] = []  # (name, kind) passed as a config

    def _configs(self, node: cst.CSTNode) -> Iterator[tuple[Found, Plan]]:
        # the config rules share one search per node, and one plan per config
        for found in self.tree.once((find_configs, id(node)), lambda: list(find_configs(node))):
            yield from self._planned(found)

    def _planned(self, found: Found) -> Iterator[tuple[Found, Plan]]:
        result = self.tree.once((plan, id(found.node), found.kind), lambda: plan(found.node, found.kind))
        if result is not None and result.kind in self.KINDS:
            yield found, result

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                self.assigned.setdefault(target.target.value, []).append(node.value)

    def visit_Call(self, node: cst.Call) -> None:
        for found, result in self._configs(node):
            self.check(found, result)
        indirect = connection_arg(node)
        if indirect is None:
            return
        arg, kind, _ = indirect
        if isinstance(arg.value, cst.Name):
            self.by_name.append((arg.value.value, kind))
        elif isinstance(arg.value, cst.Call) and dotted_name(arg.value.func) == "dict" and kind in self.KINDS:
            self._report_keywords(arg.value, kind)

    def finish(self) -> None:
        """A config passed by name is followed to its one dict-literal assignment in this
        file; a typed event built with a config dict is planned like a payload."""
        for found in typed_payloads(self):
            for found_plan in self._planned(found):
                self.check(*found_plan)
        seen: set[int] = set()
        for name, kind in self.by_name:
            values = self.assigned.get(name, [])
            if len(values) == 1 and isinstance(values[0], cst.Dict) and id(values[0]) not in seen:
                seen.add(id(values[0]))
                for found, result in self._planned(Found(values[0], kind, values[0])):
                    self.check(found, result)

    def _report_keywords(self, call: cst.Call, kind: str) -> None:
        """`dict(voice=..., ...)`: no fix, but each beta field is named with its GA place."""
        for arg in call.args:
            name = arg.keyword.value if arg.keyword is not None else None
            if name in MOVES[kind]:
                self.report(arg, f"`{name}` belongs in `{'.'.join(MOVES[kind][name])}` in GA", hint="write the config as a dict literal, or move the field by hand")

    def visit_Dict(self, node: cst.Dict) -> None:
        for found, result in self._configs(node):
            self.check(found, result)

    def check(self, found: Found, result: Plan) -> None:
        if result.replacement is not None:
            replacement = found.wrap(result.replacement) if found.wrap else result.replacement
            applicability = Applicability.UNSAFE if found.wrap and result.kind == "transcription" else Applicability.SAFE
            fix = Fix(applicability, "; ".join(result.moved), (Edit(found.edit_node, replacement),))
            where = found.edit_node if found.wrap else found.node  # a payload whose event name changes too
            self.report(where, self.MESSAGE.format(kind=result.kind), fix)
        for leftover in result.leftovers:
            self.report(leftover.node, leftover.message, hint=leftover.hint)

    MESSAGE = ""


class BetaSessionConfig(_ConfigRule):
    """Session configuration in the beta shape.

    A GA session must say its `type` (`"realtime"` or `"transcription"`), and
    most audio fields moved under `audio.input` / `audio.output`: `voice`,
    `speed` and `output_audio_format` go to `audio.output`;
    `input_audio_format`, `input_audio_transcription`,
    `input_audio_noise_reduction` and `turn_detection` go to `audio.input`.
    Beta format names become GA format objects (`"pcm16"` →
    `{"type": "audio/pcm", "rate": 24000}`), `modalities` becomes
    `output_modalities` (`["text", "audio"]` → `["audio"]`) and
    `max_response_output_tokens` becomes `max_output_tokens`. Found in
    `conn.session.update(session={...})` and in `{"type": "session.update",
    "session": {...}}` payloads; beta `transcription_session.update` payloads
    become `session.update` with a `"transcription"` session.

    Example:

        await conn.session.update(session={"voice": "verse", "input_audio_format": "pcm16"})

    Fix:

        await conn.session.update(session={"type": "realtime", "audio": {"output": {"voice": "verse"}, "input": {"format": {"type": "audio/pcm", "rate": 24000}}}})

    Comments stay with their keys and a multi-line dict stays multi-line at
    the file's indentation. What is not a literal (a `**spread`, a format held
    in a variable, an `audio` block built elsewhere) is reported where it is,
    with the GA place it must go to. A transcription payload is rewritten as
    an unsafe fix: its event name changes too.
    """

    code = "RT301"
    name = "beta-session-config"
    KINDS = frozenset({"realtime", "transcription"})
    MESSAGE = "beta {kind} session configuration"

    VALID = (
        'import openai\nconn.session.update(session={"type": "realtime", "audio": {"output": {"voice": "verse"}}})\n',
        'import openai\nsettings = {"voice": "verse"}  # not a session payload\n',
    )
    INVALID = (
        Invalid(
            'import openai\nconn.session.update(session={"voice": "verse", "instructions": "hi"})\n',
            'import openai\nconn.session.update(session={"type": "realtime", "audio": {"output": {"voice": "verse"}}, "instructions": "hi"})\n',
        ),
        Invalid(
            "import openai\nmsg = {'type': 'session.update', 'session': {'modalities': ['text', 'audio'], 'input_audio_format': 'g711_ulaw'}}\n",
            "import openai\nmsg = {'type': 'session.update', 'session': {'type': 'realtime', 'output_modalities': ['audio'], 'audio': {'input': {'format': {'type': 'audio/pcmu'}}}}}\n",
        ),
        Invalid(
            'import openai\nmsg = {"type": "session.update", "session": {"voice": "ash", **BASE}}\n',
            'import openai\nmsg = {"type": "session.update", "session": {"audio": {"output": {"voice": "ash"}}, **BASE}}\n',
        ),
    )


class BetaResponseConfig(_ConfigRule):
    """`response.create` parameters in the beta shape.

    GA responses take `output_modalities` instead of `modalities`,
    `audio.output.voice` and `audio.output.format` instead of `voice` and
    `output_audio_format`, and `max_output_tokens` instead of
    `max_response_output_tokens`.

    Example:

        await conn.response.create(response={"modalities": ["text"], "voice": "ash"})

    Fix:

        await conn.response.create(response={"output_modalities": ["text"], "audio": {"output": {"voice": "ash"}}})
    """

    code = "RT302"
    name = "beta-response-config"
    KINDS = frozenset({"response"})
    MESSAGE = "beta response parameters"

    VALID = ('import openai\nconn.response.create(response={"output_modalities": ["text"]})\n',)
    INVALID = (
        Invalid(
            'import openai\nconn.response.create(response={"modalities": ["text"], "max_response_output_tokens": 200})\n',
            'import openai\nconn.response.create(response={"output_modalities": ["text"], "max_output_tokens": 200})\n',
        ),
    )


class RemovedConfigField(_ConfigRule):
    """A beta config field GA has no place for.

    GA sessions and responses have no `temperature`; GA transcription
    sessions have no `modalities`. Removing the field is what GA needs, but the
    model then runs with its defaults, so the fix is unsafe.

    Example:

        conn.session.update(session={"type": "realtime", "temperature": 0.6})

    Fix (unsafe):

        conn.session.update(session={"type": "realtime"})
    """

    code = "RT304"
    name = "removed-config-field"
    KINDS = frozenset({"realtime", "transcription", "response"})

    VALID = ('import openai\nconn.session.update(session={"type": "realtime", "instructions": "hi"})\n',)
    INVALID = (
        Invalid(
            'import openai\nconn.session.update(session={"type": "realtime", "temperature": 0.6})\n',
            'import openai\nconn.session.update(session={"type": "realtime"})\n',
            unsafe=True,
        ),
    )

    def _report_keywords(self, call: cst.Call, kind: str) -> None:
        for arg in call.args:
            name = arg.keyword.value if arg.keyword is not None else None
            if name in REMOVED[kind]:
                self.report(arg, f"`{name}` has no place in a GA {kind} config", hint=REMOVED[kind][name])

    def check(self, found: Found, result: Plan) -> None:
        for element, reason in result.removable:
            name = string_value(element.key)
            fix = None
            if result.replacement is None:  # remove once the config is otherwise GA
                fix = Fix.unsafe(f"remove `{name}`", Edit(found.node, remove_from(found.node, "elements", [element])))
            self.report(element, f"`{name}` has no place in a GA {result.kind} config", fix, hint=reason)


class BetaSessionCreate(Rule):
    """Ephemeral key minted with the beta `sessions.create`.

    `client.beta.realtime.sessions.create(**session)` becomes
    `client.realtime.client_secrets.create(session={"type": "realtime", ...})`
    with the session in the GA shape, and
    `transcription_sessions.create(...)` likewise with a `"transcription"`
    session. The beta `client_secret={"expires_after": ...}` becomes the
    top-level `expires_after=...`.

    Example:

        key = client.beta.realtime.sessions.create(model="gpt-realtime-2.1", voice="verse")

    Fix (unsafe):

        key = client.realtime.client_secrets.create(session={"type": "realtime", "model": "gpt-realtime-2.1", "audio": {"output": {"voice": "verse"}}})

    The fix is unsafe because the result changes shape: the key is at
    `.value`, not `.client_secret.value`; change the code that reads it.
    Request options (`extra_headers`, `timeout`, ...) stay arguments.
    """

    code = "RT303"
    name = "beta-session-create"

    REQUEST_OPTIONS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})

    VALID = ('import openai\nkey = client.realtime.client_secrets.create(session={"type": "realtime"})\n',)
    INVALID = (
        Invalid(
            'import openai\nkey = client.beta.realtime.sessions.create(model="gpt-realtime-2.1", voice="verse")\n',
            'import openai\nkey = client.realtime.client_secrets.create(session={"type": "realtime", "model": "gpt-realtime-2.1", "audio": {"output": {"voice": "verse"}}})\n',
            unsafe=True,
        ),
        Invalid(
            "import openai\nkey = client.beta.realtime.sessions.create(**settings)\n",
        ),
    )

    def finish(self) -> None:
        for node in self.nodes(cst.Call):
            if beta_create_call(node) is not None:
                self._create(node)

    def _create(self, node: cst.Call) -> None:
        func = node.func
        resource = func.value
        realtime = resource.value
        kind = CREATE_CALLS[resource.attr.value]
        shown = f"{code(realtime.value.value)}.beta.realtime.{resource.attr.value}.create"
        dynamic = [a for a in node.args if a.keyword is None]
        if dynamic:
            self.report(
                node,
                f"`{shown}` is the beta ephemeral-key call",
                hint=f'use `client.realtime.client_secrets.create(session={{"type": "{kind}", ...}})` with GA fields; '
                f"`{code(dynamic[0])}` is not literal, so move it by hand",
            )
            return
        opening = node.whitespace_before_args
        multiline = isinstance(opening, cst.ParenthesizedWhitespace)
        arg_indent = opening.last_line.value if multiline else ""
        last = node.args[-1] if node.args else None
        closing_ws = last.comma.whitespace_after if last is not None and isinstance(last.comma, cst.Comma) else None
        closing = closing_ws.last_line.value if isinstance(closing_ws, cst.ParenthesizedWhitespace) else ""
        step = arg_indent[len(closing):] if arg_indent.startswith(closing) and len(arg_indent) > len(closing) else "    "
        entries: list[Entry] = []
        options: list[cst.Arg] = []
        expires: cst.Arg | None = None
        for arg in node.args:
            name = arg.keyword.value
            comment = arg.comma.whitespace_after.first_line if isinstance(arg.comma, cst.Comma) and isinstance(arg.comma.whitespace_after, cst.ParenthesizedWhitespace) else None
            if name in self.REQUEST_OPTIONS:
                options.append(arg)
            elif name == CLIENT_SECRET_KEY:
                inner = arg.value
                value = next(
                    (e.value for e in getattr(inner, "elements", []) if isinstance(e, cst.DictElement) and string_value(e.key) == EXPIRES_AFTER_KEY),
                    None,
                )
                if value is None:
                    self.report(arg, "`client_secret` is not a literal `{\"expires_after\": ...}`", hint="pass `expires_after=...` to `client_secrets.create`")
                    return
                expires = arg.with_changes(value=value, keyword=cst.Name(EXPIRES_AFTER_KEY))
            else:
                entries.append(Entry(cst.SimpleString(f'"{name}"'), reindent(arg.value, step if multiline else ""), trailing=comment))
        layout = Layout(arg_indent + step, arg_indent, step) if multiline else Layout(None)
        session = implode(entries, layout)
        result = plan(session, kind)
        new_session = result.replacement if result and result.replacement is not None else session
        args = [cst.Arg(value=new_session, keyword=cst.Name("session"), equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")))]
        if expires is not None:
            args.append(expires)
        args.extend(options)
        if multiline:
            between = cst.Comma(whitespace_after=cst.ParenthesizedWhitespace(indent=True, last_line=cst.SimpleWhitespace(arg_indent)))
            final = last.comma if isinstance(last.comma, cst.Comma) else cst.MaybeSentinel.DEFAULT
            args = [a.with_changes(comma=between if i < len(args) - 1 else final, whitespace_after_arg=cst.SimpleWhitespace("") if i < len(args) - 1 else last.whitespace_after_arg) for i, a in enumerate(args)]
        else:
            args = [a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")) if i < len(args) - 1 else cst.MaybeSentinel.DEFAULT) for i, a in enumerate(args)]
        new_func = cst.Attribute(
            value=cst.Attribute(value=realtime.with_changes(value=realtime.value.value), attr=cst.Name("client_secrets")),
            attr=cst.Name("create"),
        )
        replacement = node.with_changes(func=new_func, args=args)
        fix = Fix.unsafe(
            "use `client.realtime.client_secrets.create(session={...})`, and read the key at `.value`",
            *result_reads(self, node, replacement),
        )
        self.report(node, f"`{shown}` is the beta ephemeral-key call", fix)
        if result is not None:
            for leftover in result.leftovers:
                self.report(node, leftover.message, hint=leftover.hint)


def beta_create_call(node: cst.Call) -> str | None:
    """`<client>.beta.realtime.sessions.create(...)` (or `transcription_sessions`): the resource name."""
    func = node.func
    if not (isinstance(func, cst.Attribute) and func.attr.value == "create" and isinstance(func.value, cst.Attribute)):
        return None
    resource, realtime = func.value, func.value.value
    if resource.attr.value in CREATE_CALLS and _is_beta_realtime(realtime):
        return resource.attr.value
    return None


def _is_beta_realtime(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.Attribute) and node.attr.value == "realtime" and isinstance(node.value, cst.Attribute) and node.value.attr.value == "beta"


def _secret_read(rule: Rule, node: cst.CSTNode) -> cst.Attribute | None:
    """`<node>.client_secret.value` (or `.expires_at`): the outer attribute."""
    inner = rule.parent(node)
    if not (isinstance(inner, cst.Attribute) and inner.value is node and inner.attr.value == CLIENT_SECRET_KEY):
        return None
    outer = rule.parent(inner)
    if isinstance(outer, cst.Attribute) and outer.value is inner and outer.attr.value in SECRET_FIELDS:
        return outer
    return None


def result_reads(rule: Rule, call: cst.Call, replacement: cst.Call) -> list[Edit]:
    """The call's edit and those of the reads of its result: `.client_secret.value`
    becomes `.value` (and `.expires_at` likewise) on the result itself or on the
    name it is assigned to, wherever that name is read in the same function."""
    holder: cst.CSTNode = call
    parent = rule.parent(call)
    if isinstance(parent, cst.Await):
        holder, parent = parent, rule.parent(parent)
    direct = _secret_read(rule, holder)
    if direct is not None:  # `create(...).client_secret.value`: one edit holds both
        new_holder = holder.with_changes(expression=replacement) if holder is not call else replacement
        return [Edit(direct, direct.with_changes(value=new_holder))]
    edits = [Edit(call, replacement)]
    if isinstance(parent, cst.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0].target, cst.Name):
        name = parent.targets[0].target.value
        scope = next((a for a in rule.ancestors(call) if isinstance(a, cst.FunctionDef)), rule.tree.module)
        for use in rule.nodes(cst.Name, within=scope):
            outer = _secret_read(rule, use) if use.value == name else None
            if outer is not None:
                edits.append(Edit(outer, outer.with_changes(value=use)))
    return edits


class BetaKeyRead(Rule):
    """The ephemeral key read where the beta response held it.

    The beta `sessions.create` (and `POST /v1/realtime/sessions`) returned
    the key at `client_secret.value`, with `client_secret.expires_at`. GA's
    `client_secrets.create` (and `POST /v1/realtime/client_secrets`) returns
    it at `value`, with `expires_at`: no GA response has a `client_secret`,
    so the old read raises `AttributeError` (or `KeyError`) on GA.

    Example:

        session = client.beta.realtime.sessions.create(model="gpt-realtime-2.1")
        return session.client_secret.value

    Fix (with the request, by RT303 or RT402):

        session = client.realtime.client_secrets.create(session={"type": "realtime", "model": "gpt-realtime-2.1"})
        return session.value

    Reported wherever the read is; where rtmigrate can follow it to the
    request in the same function, the request's fix moves the read too.
    """

    code = "RT307"
    name = "beta-key-read"

    VALID = ('import openai\nkey = client.realtime.client_secrets.create(session={"type": "realtime"}).value\n',)
    INVALID = (
        Invalid("import openai\ndef mint(result):\n    return result.client_secret.value\n"),
        Invalid('import openai\ndef mint(data):\n    return data["client_secret"]["value"], data["client_secret"]["expires_at"]\n'),
    )

    def finish(self) -> None:
        for node in self.nodes(cst.Attribute):
            if node.attr.value in SECRET_FIELDS and isinstance(node.value, cst.Attribute) and node.value.attr.value == CLIENT_SECRET_KEY:
                self._report(node, f".{node.attr.value}")
        for node in self.nodes(cst.Subscript):
            base = node.value
            if _key(node) in SECRET_FIELDS and isinstance(base, cst.Subscript) and _key(base) == CLIENT_SECRET_KEY:
                self._report(node, f'["{_key(node)}"]')

    def _report(self, node: cst.CSTNode, field: str) -> None:
        self.report(
            node,
            f"the ephemeral key is read at `client_secret{field}`, which GA responses do not have",
            hint=f"read it at `{field}` of the GA response (client_secrets.create, POST /v1/realtime/client_secrets)",
        )


def _key(node: cst.Subscript) -> str | None:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    return string_value(node.slice[0].slice.value)


_PAYLOAD_KEYS = frozenset({"session", "response"})


def _types_imports(rule: Rule) -> dict[str, str]:
    """Local name → the class (or module) of the `openai` types packages it names."""

    def compute() -> dict[str, str]:
        names: dict[str, str] = {}
        for node in rule.nodes(cst.ImportFrom):
            module = dotted_name(node.module) if node.module is not None and not node.relative else ""
            if not (module or "").startswith(TYPES_PACKAGES) or isinstance(node.names, cst.ImportStar):
                continue
            for alias in node.names:
                local = alias.asname.name if alias.asname is not None else alias.name
                names[dotted_name(local) or ""] = f"{module}.{dotted_name(alias.name)}"
        return names

    return rule.tree.once(_types_imports, compute)


def typed_payloads(rule: Rule) -> list[Found]:
    """`SessionUpdateEvent(type="session.update", session={...})` and the like, where
    the class comes from the `openai` types packages: the config dict each carries."""

    def compute() -> list[Found]:
        imported = _types_imports(rule)
        out = []
        for call in rule.nodes(cst.Call):
            name = dotted_name(call.func) or ""
            head, _, last = name.rpartition(".")
            if not (name in imported or (head and head.split(".")[0] in imported)):
                continue
            target = imported.get(name, "").rpartition(".")[2] if name in imported else last
            row = TYPED_PAYLOADS.get(target)
            arg = _keyword(call, row[0]) if row else None
            if row and arg is not None and isinstance(arg.value, cst.Dict):
                out.append(Found(arg.value, row[1], arg.value))
        return out

    return rule.tree.once(typed_payloads, compute)


def _handled_configs(rule: Rule) -> set[int]:
    """The dicts the config rules rewrite (payloads, connection calls, configs
    passed by name, request bodies), worked out once per file."""

    def compute() -> set[int]:
        handled: set[int] = set()
        assigned: dict[str, list[cst.BaseExpression]] = {}
        for node in rule.nodes(cst.Assign):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    assigned.setdefault(target.target.value, []).append(node.value)
        handled.update(id(found.node) for found in typed_payloads(rule))
        for node in rule.nodes(cst.Dict, cst.Call):
            handled.update(id(found.node) for found in find_configs(node))
            if isinstance(node, cst.Call):
                body = _keyword(node, "json")
                if body is not None:
                    handled.add(id(body.value))
                indirect = connection_arg(node)
                if indirect is not None and isinstance(indirect[0].value, cst.Name):
                    handled.update(id(v) for v in assigned.get(indirect[0].value.value, ()))
        return handled

    return rule.tree.once(_handled_configs, compute)


class BetaSessionField(Rule):
    """Beta session field where rtmigrate cannot see the request it goes into.

    Real projects build session payloads away from the call that sends them:
    a settings dict, a payload builder, `session["input_audio_format"] = ...`,
    a beta type built with keywords. The field names that only the beta
    session has (`input_audio_format`, `output_audio_format`,
    `input_audio_transcription`, `input_audio_noise_reduction`,
    `max_response_output_tokens`, and `modalities` beside one of them) are
    reported there, with their GA place, so that the payload can be moved
    with the code that sends it.

    Example:

        config = {"voice": "verse", "input_audio_format": "pcm16"}
        ...
        config["max_response_output_tokens"] = 200

    Fix (by hand): `{"audio": {"output": {"voice": "verse"}, "input": {"format": {"type": "audio/pcm", "rate": 24000}}}}`
    and `config["max_output_tokens"] = 200`.

    Not reported in GA code, where such names are the app's own settings or
    kept for a server that still speaks beta; payloads that RT301–RT304
    rewrite are theirs.
    """

    code = "RT306"
    name = "beta-session-field"

    VALID = (
        'import openai\nconn.session.update(session={"input_audio_format": "pcm16"})\n',  # RT301's
        'from openai.types.realtime import RealtimeSessionCreateRequest\nDEFAULTS = {"input_audio_format": "pcm16"}\n',
        'import openai\nsettings = {"modalities": ["text"]}\n',
        # a framework's own settings class that kept the beta names
        'import openai\noptions = Options(voice="verse", input_audio_transcription={"model": "whisper-1"})\n',
    )
    INVALID = (
        Invalid('import openai\nBASE = {"voice": "verse", "input_audio_format": "pcm16", "modalities": ["audio"]}\n'),

        Invalid('import openai\ndef tune(session):\n    session["max_response_output_tokens"] = 200\n'),
        Invalid(
            "from openai.types.beta.realtime.session_update_event import Session\n"
            's = Session(modalities=["text"], input_audio_format=fmt)\n'
        ),
    )

    def finish(self) -> None:
        if self.context.ga:
            return
        handled = _handled_configs(self)
        for node in self.nodes(cst.Dict):
            if id(node) in handled or self._inside_other_settings(node):
                continue
            keys = [(string_value(e.key), e.key) for e in node.elements if isinstance(e, cst.DictElement)]
            names = {k for k, _ in keys}
            if names & DISTINCTIVE_FIELDS:
                fields = [(k, n) for k, n in keys if k in DISTINCTIVE_FIELDS or k == "modalities"]
                self._report(node, [k for k, _ in fields])
        for node in self.nodes(cst.Subscript):
            key = node.slice[0].slice if len(node.slice) == 1 else None
            name = string_value(key.value) if isinstance(key, cst.Index) else None
            if name in DISTINCTIVE_FIELDS:
                self._report(node, [name])
        for call in self.nodes(cst.Call):
            # keywords only for the beta types themselves: frameworks keep these names in their own settings classes
            if self._beta_type(call):
                names = [a.keyword.value for a in call.args if a.keyword is not None]
                if set(names) & (DISTINCTIVE_FIELDS | {"modalities"}):
                    fields = [n for n in names if n in DISTINCTIVE_FIELDS or n == "modalities"]
                    self._report(call, fields, typed=self._ga_class(call) or "the GA type of openai.types.realtime")

    def _inside_other_settings(self, node: cst.Dict) -> bool:
        """A dict given under another name (`model_settings={...}`,
        `{"initial_model_settings": {...}}`) is another library's settings."""
        parent = self.parent(node)
        if isinstance(parent, cst.DictElement) and parent.value is node:
            return string_value(parent.key) not in _PAYLOAD_KEYS
        if isinstance(parent, cst.Arg) and parent.keyword is not None:
            return parent.keyword.value not in _PAYLOAD_KEYS
        return False

    def _ga_class(self, call: cst.Call) -> str | None:
        """The GA class a beta type built here has (by the generated table)."""
        imported = _types_imports(self)
        name = dotted_name(call.func) or ""
        path = imported.get(name) or (imported.get(name.rpartition(".")[0], "") + "." + name.rpartition(".")[2])
        module, _, cls = path.rpartition(".")
        sub = module[len(BETA_TYPES_MODULE) + 1 :] if module.startswith(BETA_TYPES_MODULE) else None
        target = BETA_TYPES.get(sub, {}).get(cls) if sub is not None else None
        return f"{GA_TYPES_MODULE}.{target[1]}" if target else None

    def _beta_type(self, call: cst.Call) -> bool:
        """A class of the beta types package, or of `rtclient` (imported by its name here)."""
        imported = self.tree.once(_beta_type_names, lambda: _beta_type_names(self))
        name = dotted_name(call.func) or ""
        last = name.split(".")[-1]
        return last[:1].isupper() and (name.split(".")[0] in imported or ".beta.realtime." in f".{name}")

    def _report(self, node: cst.CSTNode, names: list[str], typed: str | None = None) -> None:
        moves = MOVES["realtime"]
        places = "; ".join(f"`{n}` → `{'.'.join(moves[n])}`" for n in dict.fromkeys(names) if n in moves)
        where = "a beta type built with beta session fields" if typed else "beta session fields where rtmigrate cannot see the request"
        self.report(node, where, hint=f"in GA: {places}" + (f"; build `{typed}` instead" if typed else ""))


def _beta_type_names(rule: Rule) -> set[str]:
    """Local names bound by imports from the beta types package or `rtclient`."""
    names: set[str] = set()
    for node in rule.nodes(cst.ImportFrom):
        module = dotted_name(node.module) if node.module is not None and not node.relative else ""
        if (module or "").startswith(("openai.types.beta.realtime", "rtclient")) and not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                local = alias.asname.name if alias.asname is not None else alias.name
                names.add(dotted_name(local) or "")
    return names


class AssistantContentType(Rule):
    """Assistant message content typed `text` / `audio`.

    In GA, assistant message content parts are `output_text` and
    `output_audio`; user content stays `input_text` / `input_audio`.

    Example:

        item = {"type": "message", "role": "assistant", "content": [{"type": "text", "text": "Hi"}]}

    Fix:

        item = {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Hi"}]}
    """

    code = "RT305"
    name = "assistant-content-type"

    VALID = (
        # a server event built in code (a test's fake server): the server's content types
        'import openai\nev = {"type": "response.output_item.done", "item": {"role": "assistant", "content": [{"type": "text", "text": "Hi"}]}}\n',
        'import openai\nitem = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]}\n',
        'import openai\nitem = {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Hi"}]}\n',
    )
    INVALID = (
        Invalid(
            'import openai\nitem = {"type": "message", "role": "assistant", "content": [{"type": "text", "text": "Hi"}]}\n',
            'import openai\nitem = {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Hi"}]}\n',
        ),
    )

    def visit_Dict(self, node: cst.Dict) -> None:
        fields = {string_value(e.key): e for e in node.elements if isinstance(e, cst.DictElement)}
        if "role" not in fields or string_value(fields["role"].value) != "assistant" or "content" not in fields:
            return
        if self._sent_by_server(node):
            return
        content = fields["content"].value
        if not isinstance(content, (cst.List, cst.Tuple)):
            return
        for element in content.elements:
            part = element.value if isinstance(element, cst.Element) else None
            if not isinstance(part, cst.Dict):
                continue
            for e in part.elements:
                if isinstance(e, cst.DictElement) and string_value(e.key) == "type":
                    beta = string_value(e.value)
                    if beta in ASSISTANT_CONTENT_TYPES:
                        ga = ASSISTANT_CONTENT_TYPES[beta]
                        fix = Fix.safe(f'use "{ga}"', Edit(e.value, with_string_value(e.value, ga)))
                        self.report(e.value, f'assistant content "{beta}" is "{ga}" in GA', fix)

    def _sent_by_server(self, node: cst.Dict) -> bool:
        """Is the item inside a server event built in code (`{"type": "response.output_item.added", "item": ...}`)?"""
        for outer in self.ancestors(node):
            if isinstance(outer, cst.Dict):
                kind = next((string_value(e.value) for e in outer.elements if isinstance(e, cst.DictElement) and string_value(e.key) == "type"), None)
                if kind in SERVER_ITEM_EVENTS:
                    return True
        return False


__all__ = ["dotted_name", "find_configs", "plan"]
