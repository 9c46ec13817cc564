"""Session and response configuration to the GA shape (facts §2–§6)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import libcst as cst

from ...core import jsontext
from ...core.diagnostics import Applicability, Edit, Fix
from ...core.plans.session import RESTATED_HINT, dropping, ga_places, still_beta, why_unsafe
from ...core.tables.context import GA_SESSION_KEYS, GA_SESSION_TYPES
from ...core.tables.events import ITEM_CREATE_EVENT, SERVER_ITEM_EVENTS
from ...core.tables.sdk import BETA_TYPES_MODULE, GA_TYPES_MODULE
from ...core.tables.sdk_types import BETA_TYPES
from ...core.tables.session import (
    ASSISTANT_CONTENT_TYPES,
    DISTINCTIVE_FIELDS,
    MOVES,
    PAYLOAD_EVENTS,
    REMOVED,
    RUNTIME_LOADERS,
)
from ..configs import (
    Found,
    Plan,
    _types_imports,
    assigned_values,
    connection_arg,
    find_configs,
    format_table_edit,
    helper_arguments,
    kept_from_callers,
    sent_by,
    kept_payload,
    literal_branches,
    bound_dicts,
    callee,
    dict_payload,
    dict_returns,
    payload_name,
    payload_value,
    plan,
    planned,
    returned_configs,
    typed_payloads,
    whole_sessions,
    written_configs,
)
from ..cstutil import class_fields, dotted_name, literal_type, remove_from, string_value, with_string_value
from ..flow import _index_key, attribute_configs, follow, followed_attributes, self_attribute, shown
from ..rule import Invalid, Rule
from .endpoints import bound_literal, in_log_line, mints_key, request_body
from .server_sessions import beta_reads_stay, server_reads


class _ConfigRule(Rule):
    KINDS: frozenset[str] = frozenset()

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.by_name: list[tuple[str, str, cst.CSTNode]] = []  # (name, kind, the use) passed as a config
        self.pending: list[tuple[Found, Plan]] = []  # configs found, decided in `finish`
        self.server_fakes: list[tuple[Found, Plan]] = []  # server events built here: checked in `finish`
        self.loaded_here: list[tuple[cst.Call, str]] = []  # configs sent as what the code reads when it runs (`json.load(f)`)
        self.sent: list[tuple[cst.BaseExpression, str, cst.CSTNode]] = []  # (a config sent that is no literal, its kind, the use)
        self.keyless: list[tuple[cst.Dict, str]] = []  # payloads written with no config, and its kind
        self.texts: list[tuple[cst.CSTNode, str]] = []  # beta payloads written as text no fix rewrites, and their kind

    def _configs(self, node: cst.CSTNode) -> Iterator[tuple[Found, Plan]]:
        # the config rules share one search per node, and one plan per config
        for found in self.tree.once((find_configs, id(node)), lambda: list(find_configs(node))):
            yield from self._planned(found)

    def _planned(self, found: Found) -> Iterator[tuple[Found, Plan]]:
        result = planned(self, found.node, found.kind)
        if result is not None and result.kind in self.KINDS:
            yield found, result

    def visit_Call(self, node: cst.Call) -> None:
        for found, result in self._configs(node):
            self.check(found, result)
        keywords = dict_payload(node)
        if keywords is not None:  # `dict(type="session.update", session=...)`
            arg, kind, event = keywords
            if arg is None and PAYLOAD_EVENTS[event][0] == "session":
                self.keyless.append((node, kind))  # (its session added later, if at all)
            if arg is None or isinstance(arg.value, cst.Dict):
                return
            indirect = (arg, kind, ("", ""))
        else:
            indirect = connection_arg(node)
        if indirect is None:
            return
        arg, kind, _ = indirect
        self._loaded_here(arg.value, kind)
        self.sent.append((arg.value, kind, node))
        if isinstance(arg.value, cst.Name):
            self.by_name.append((arg.value.value, kind, node))
        elif isinstance(arg.value, cst.Call) and dotted_name(arg.value.func) == "dict" and kind in self.KINDS:
            self._report_keywords(arg.value, kind)

    def finish(self) -> None:
        """A config passed by name is followed to its one dict-literal assignment in this
        file; a typed event built with a config dict is planned like a payload."""
        if not self.context.ga:  # GA code faking a server that still speaks beta does so on purpose
            for found, result in self.server_fakes:
                self.check(found, result)
        for found in typed_payloads(self):
            for found_plan in self._planned(found):
                self.check(*found_plan)
        seen: set[int] = set()
        for write, value, kind in written_configs(self):  # `payload["response"] = resp_obj` (or `= {...}`), the payload a literal of its event
            if isinstance(value, cst.Name):
                self.by_name.append((value.value, kind, write))
                self.sent.append((value, kind, write))
            elif id(value) not in seen:
                seen.add(id(value))
                self._bound([value], kind)  # type: ignore[list-item]
        for name, kind, use in self.by_name:
            values = assigned_values(self, name, use)
            if values and all(isinstance(v, cst.Call) and dotted_name(v.func) in RUNTIME_LOADERS for v in values):
                self.read_at_run_time(_sent_name(use, name), f"`{name}`", kind, values[0])
            dicts = bound_dicts(self, name, use, kind)
            if dicts and id(dicts[0]) not in seen:
                seen.update(id(d) for d in dicts)
                self._bound(dicts, kind)
            elif len(values) == 1 and isinstance(values[0], cst.Call) and dotted_name(values[0].func) == "dict" and kind in self.KINDS:
                if id(values[0]) not in seen:  # `session = dict(voice=..., ...)`, sent by name
                    seen.add(id(values[0]))
                    self._report_keywords(values[0], kind)
        for at, kind in self.loaded_here:  # `"session": json.load(f)`
            self.read_at_run_time(at, "", kind, at)
        for found in attribute_configs(self):  # `self.session_config = {...}`, copied and sent by its class
            if id(found.node) not in seen:
                seen.add(id(found.node))
                for found_plan in self._planned(found):
                    self.check(*found_plan)
        for value, kind in returned_configs(self):  # `"session": session_config()`, where the function returns it
            if id(value) not in seen:
                seen.add(id(value))
                for found, result in self._planned(Found(value, kind, value)):
                    self.check(found, result)
        for arg, kind in helper_arguments(self):  # `self.update_session({...})`, where the method sends it
            dicts = [arg.value] if isinstance(arg.value, cst.Dict) else bound_dicts(self, arg.value.value, arg, kind) if isinstance(arg.value, cst.Name) else []
            if dicts and id(dicts[0]) not in seen:
                seen.update(id(d) for d in dicts)
                self._bound(dicts, kind)
            elif not dicts and isinstance(call := self.parent(arg), cst.Call) and sent_by(self, call, arg):
                # given to a sender (`core.senders`), which sends it as it is
                if isinstance(arg.value, cst.Call) and dotted_name(arg.value.func) in RUNTIME_LOADERS:
                    self.read_at_run_time(arg.value, "", kind, arg.value)
                elif not self._seen(arg.value, arg):
                    self.unseen(arg.value, kind)
        if "realtime" in self.KINDS and not self.context.ga:
            handled = _handled_configs(self)
            for node in whole_sessions(self):  # `SESSION = {...}`, a whole beta session whose request is not seen
                if id(node) not in seen and id(node) not in handled:
                    seen.add(id(node))
                    for found, result in self._planned(Found(node, "realtime", node, unseen_request=True)):
                        self.check(found, result)
        for found, result in self.pending:
            self._decide(found, result)
        for value, kind, use in self.sent:
            if not self._seen(value, use):
                self.unseen(value, kind)
        if not self.context.ga:
            for node, kind in self.texts:
                self.report(node, self.MESSAGE.format(kind=kind) + jsontext.UNWRITTEN, hint=jsontext.UNWRITTEN_HINT)
        written = {id(v) for write, _, _ in written_configs(self) for v in self._payloads_of(write)}
        for payload, kind in self.keyless:  # its config added where it is not followed (`payload.update(session=...)`)
            if id(payload) not in written:
                self.unseen(payload, kind, added=True)

    def _payloads_of(self, write: cst.Assign) -> list[cst.BaseExpression]:
        """The payload literal a write into it by key (`payload["session"] = ...`) fills in."""
        target = write.targets[0].target if len(write.targets) == 1 else None
        return assigned_values(self, target.value.value, write) if isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name) else []

    def _seen(self, value: cst.BaseExpression, use: cst.CSTNode) -> bool:
        """Is what a payload or a connection call sends seen: a literal the config rules
        move, a name bound to such literals, or what a function of the module returns;
        a parameter of its function (its callers give it); or what the code reads when
        it runs, or builds with `dict(...)`, which have findings of their own?"""
        if isinstance(value, cst.Dict):
            return True
        if isinstance(value, cst.Call):
            name = dotted_name(value.func)
            if name in RUNTIME_LOADERS or name == "dict":
                return True
            function = callee(self, value)
            return function is not None and bool(dict_returns(self, function))
        if isinstance(value, cst.Name):
            values = assigned_values(self, value.value, use)
            if not values:
                function = next((a for a in self.ancestors(use) if isinstance(a, cst.FunctionDef)), None)
                return function is not None and any(p.name.value == value.value for p in self.nodes(cst.Param, within=function.params))
            if len(values) == 1 and isinstance(values[0], cst.Call) and dotted_name(values[0].func) not in (*RUNTIME_LOADERS, "dict"):
                return self._seen(values[0], use)  # `session = session_config()`: what the function returns
            loaded = all(isinstance(v, cst.Call) and dotted_name(v.func) in (*RUNTIME_LOADERS, "dict") for v in values)
            kept = len(values) == 1 and self_attribute(values[0]) in followed_attributes(self)
            return bool(bound_dicts(self, value.value, use, "realtime") or loaded or kept or all(isinstance(v, cst.Dict) for v in values))
        attribute = self_attribute(value)
        return attribute is not None and (attribute in followed_attributes(self) or attribute in kept_from_callers(self, use))

    def unseen(self, value: cst.BaseExpression, kind: str, added: bool = False) -> None:
        """A config sent that is built where rtmigrate cannot see it (``added``: a payload
        written with none, its config added where it is not followed). (Reported by the
        session rule: a GA session must say its `type`, which a beta one never does.)"""

    def _bound(self, dicts: list[cst.Dict], kind: str) -> None:
        """The literals a config's name is bound to, one or one on each path: fixed in
        one fix, each as planned, or not at all."""
        plans = [next(self._planned(Found(d, kind, d)), None) for d in dicts]
        if None in plans:
            return  # (of a kind another config rule takes, or nothing to move)
        (found, result), *others = plans  # type: ignore[misc]
        self.check(replace(found, together=tuple((f.node, r) for f, r in others)), result)

    def read_at_run_time(self, at: cst.CSTNode, name: str, kind: str, loader: cst.Call) -> None:
        """A config sent (``at``, by ``name`` where it has one) that the code reads from a
        file or a text when it runs (``loader``): what it holds is not seen. (Reported by
        the session rule.)"""

    def _loaded_here(self, value: cst.BaseExpression, kind: str) -> None:
        """`"session": json.load(f)`, `session=json.loads(text)`: read when the code runs."""
        if isinstance(value, cst.Call) and dotted_name(value.func) in RUNTIME_LOADERS:
            self.loaded_here.append((value, kind))

    def _report_keywords(self, call: cst.Call, kind: str) -> None:
        """`dict(voice=..., ...)`: no fix, but each beta field is named with its GA place."""
        for arg in call.args:
            name = arg.keyword.value if arg.keyword is not None else None
            if name in MOVES[kind]:
                self.report(arg, f"`{name}` belongs in `{'.'.join(MOVES[kind][name])}` in GA", hint="write the config as a dict literal, or move the field by hand")

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        """A payload written as JSON text (`ws.send('{"type": "session.update", ...}')`,
        a test's expected message): the same GA shape, in the text's own layout."""
        if not self.MESSAGE or "{" not in node.value or "type" not in node.value:
            return  # (the rules that move configs)
        if "\\" in node.value:
            self._unwritten(node, node.value)  # a string with escapes is left to a person
            return
        value = string_value(node)
        if not value or '"type"' not in value:
            return
        for found in jsontext.payloads(value, self.KINDS):
            if found.event != found.ga_event:
                break  # (its event renamed too: left to a person)
            new_text = value[: found.span.start] + found.text + value[found.span.end :]
            dropped = found.dropped
            fix = Fix(Applicability.UNSAFE if dropped else Applicability.SAFE, "; ".join(found.decision.moved), (Edit(node, with_string_value(node, new_text)),))
            self.report(node, self.MESSAGE.format(kind=found.decision.kind) + (f"; the fix is unsafe: {dropping(dropped)}" if dropped else ""), fix)
            return  # one payload a string: the next pass sees the rest
        if self._piece(node):  # or a payload the text holds only in part (`'{"session": {"voice": "' + v + '"}}'`, `.format`)
            self._unwritten(node, value)

    def _piece(self, node: cst.SimpleString) -> bool:
        """Is the string a piece the code completes: joined with `+`, or filled in with
        `%` or `.format`?"""
        parent = self.parent(node)
        if isinstance(parent, cst.BinaryOperation):
            return isinstance(parent.operator, (cst.Add, cst.Modulo))
        call = self.parent(parent) if isinstance(parent, cst.Attribute) and parent.attr.value == "format" else None
        return isinstance(call, cst.Call) and call.func is parent

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        """A payload written as an f-string (`f'{{"type": "session.update", "session":
        {{"voice": "{voice}"}}}}'`): its holes are filled in when the code runs, so
        no fix is written; a beta one is reported."""
        if self.MESSAGE:
            text = "".join(p.value if isinstance(p, cst.FormattedStringText) else '"…"' for p in node.parts)
            self._unwritten(node, text.replace("{{", "{").replace("}}", "}"))

    def _unwritten(self, node: cst.CSTNode, text: str) -> None:
        if self._docstring(node) or in_log_line(self, node):
            return  # a docstring's example, a log line: not sent
        kind = jsontext.unwritten(text, self.KINDS)
        if kind is not None:
            self.texts.append((node, kind))  # reported in `finish`, in beta code

    def _docstring(self, node: cst.CSTNode) -> bool:
        """Is the text a statement of its own (a docstring), alone or in pieces?"""
        parent = self.parent(node)
        if isinstance(parent, cst.ConcatenatedString):
            parent = next((a for a in self.ancestors(node) if not isinstance(a, cst.ConcatenatedString)), None)
        return isinstance(parent, cst.Expr)

    def visit_Dict(self, node: cst.Dict) -> None:
        for found, result in self._configs(node):
            if found.server:
                self.server_fakes.append((found, result))  # whether the file is GA code is known in `finish`
            else:
                self.check(found, result)
        kept = kept_payload(node, self.parent)
        if kept is not None and kept[0] not in {string_value(e.key) for e in node.elements if isinstance(e, cst.DictElement)}:
            self.keyless.append((node, kept[1]))  # `{"type": "session.update"}`, its session added later
        carried = payload_value(node, self.parent)
        if carried is not None:
            value, kind = carried
            self.sent.append((value, kind, node))
            if isinstance(value, cst.Name):
                self.by_name.append((value.value, kind, node))
            self._loaded_here(value, kind)

    def check(self, found: Found, result: Plan) -> None:
        # decided in `finish`, where the file's parents and uses are all known
        self.pending.append((found, result))

    def _decide(self, found: Found, result: Plan) -> None:
        if result.kind == "realtime" and self.context.collector.translation and not (result.keys or result.dropped or result.leftovers or result.reckoned):
            return  # a GA translation session's update, which takes no `type`: nothing of the beta in it
        if found.together and not self._together(found, result):
            self.report(found.node, self.MESSAGE.format(kind=result.kind) + " on one of the paths that bind it, and the others differ", hint=f"in GA: {ga_places(list(result.keys))}")
            return
        if result.replacement is not None:
            replacement = found.wrap(result.replacement) if found.wrap else result.replacement
            bound = frozenset(id(self._binding(node)) for node, _ in found.together)  # its other bindings, fixed with it
            sides = frozenset(id(a) for node in (found.node, *(n for n, _ in found.together)) for a in self._sides(node))
            followed = follow(self, found, result, bound=bound, sides=sides)
            tables = [format_table_edit(self, name, found.node) for name in sorted(result.tables)]  # `FORMATS[source]`: the table turns GA
            for _, unfollowed in tables:
                followed.blockers += [b for b in unfollowed if b not in followed.blockers]
            applicability = Applicability.UNSAFE if (found.wrap and result.kind == "transcription") or followed.blockers else Applicability.SAFE
            # a server's fake moves no further than the file's reads of server sessions do
            stays = found.server and beta_reads_stay(self)
            if stays:
                applicability = Applicability.UNSAFE
            # what the fix cannot move stays beta beside what it moves: a config half GA,
            # which neither API takes (a spread of a config whose own fix moves it aside)
            half = [left.node for left in result.leftovers if self_attribute(left.node) not in followed_attributes(self)]
            if half or result.dropped or result.reckoned:  # (a field GA has no place for, left out: behaviour changes)
                applicability = Applicability.UNSAFE
            if found.unseen_request:  # a whole session whose request is not seen: whether it goes to GA as it is
                applicability = Applicability.UNSAFE
            others = [Edit(node, other.replacement) for node, other in found.together if other.replacement is not None]
            if any(other.leftovers or other.dropped or other.reckoned for _, other in found.together):
                applicability = Applicability.UNSAFE
            moved = list(result.moved) + (["on every path that binds it"] if others else []) + (["its reads and writes follow"] if followed.edits else [])
            fix = Fix(applicability, "; ".join(moved), (Edit(found.edit_node, replacement), *others, *followed.edits, *(edit for edit, _ in tables)))
            where = found.edit_node if found.wrap else found.node  # a payload whose event name changes too
            message = self.MESSAGE.format(kind=result.kind)
            why, hint = why_unsafe(
                [shown(b) for b in followed.blockers], bool(stays), bool(half), found.server, result.dropped, result.reckoned,
                found.unseen_request,
            )
            message += why
            self.report(where, message, fix, hint=hint)
        for leftover in result.leftovers:
            if not result.keys and self_attribute(leftover.node) in followed_attributes(self):
                continue  # `{**self.session_config, "tools": ...}`: what it holds moves with its own fix, and nothing here collides
            self.report(leftover.node, leftover.message, hint=leftover.hint)

    def _together(self, found: Found, result: Plan) -> bool:
        """Can the literals bound on each path be fixed as one: each the name's only
        target there, each moving the same keys, none through a format table?"""
        plans = [result, *(other for _, other in found.together)]
        nodes = [found.node, *(node for node, _ in found.together)]
        single = all(isinstance(b := self._binding(n), cst.Assign) and len(b.targets) == 1 for n in nodes)
        same = len({(frozenset(p.keys), p.replacement is None) for p in plans}) == 1
        return single and same and not any(p.tables for p in plans)

    def _sides(self, node: cst.Dict) -> list[cst.IfExp]:
        """The conditional expressions a literal is a side of, up to its binding."""
        out, parent = [], self.parent(node)
        while isinstance(parent, cst.IfExp):
            out.append(parent)
            parent = self.parent(parent)
        return out

    def _binding(self, node: cst.Dict) -> cst.CSTNode | None:
        """The statement that binds a literal: its assignment, past the conditional
        expressions it is a side of (`session = {...} if phone else {...}`)."""
        sides = self._sides(node)
        return self.parent(sides[-1] if sides else node)

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
    `output_modalities` (`["text", "audio"]` → `["audio"]`, in each branch of
    `[...] if voice else [...]`) and `max_response_output_tokens` becomes
    `max_output_tokens`. Found in
    `conn.session.update(session={...})` and in `{"type": "session.update",
    "session": {...}}` payloads; beta `transcription_session.update` payloads
    become `session.update` with a `"transcription"` session.

    Example:

        await conn.session.update(session={"voice": "verse", "input_audio_format": "pcm16"})

    Fix:

        await conn.session.update(session={"type": "realtime", "audio": {"output": {"voice": "verse"}, "input": {"format": {"type": "audio/pcm", "rate": 24000}}}})

    Comments stay with their keys and a multi-line dict stays multi-line at
    the file's indentation. A format held in a module constant bound to one
    beta format name is read as that name, and the GA format object is
    written in the session (the constant keeps its value for its other
    uses). A format looked up in a table of the module's own (`FORMATS =
    {"phone": "g711_ulaw", ...}`, `"input_audio_format": FORMATS[caller]`)
    keeps its lookup, and the table's values become GA format objects with the
    fix; where the table is used otherwise (compared, imported, looked up by
    another config), the fix is unsafe. Modalities or a format the code holds
    (a name, an attribute, a call, a default such as `m or ["text"]`) get a GA
    value worked out when the code runs: `["audio"] if "audio" in m else
    ["text"]`, or the beta format name looked up in a table of GA format
    objects; that fix is unsafe, since the value is not seen. What is not a
    literal otherwise (a `**spread`, an `audio` block built elsewhere) is
    reported where it is, with the GA place it must go to, and the fix of the
    rest is then unsafe: it would leave a config half GA, which neither API
    takes. The rest gets its `type` first (`{"type": "realtime", ...,
    **extra}`), so that a spread that carries a type of its own still wins. A field GA has
    no place for (`temperature`) is left out with the move, its comments kept,
    and the fix is then unsafe: the model's default applies instead. A
    transcription payload is rewritten as an unsafe fix: its event name
    changes too.

    The config is followed where its name goes in the same scope, and the fix
    moves its reads and writes with it: `cfg["voice"]` becomes
    `cfg["audio"]["output"]["voice"]`, `cfg.get("voice")` and `"voice" in cfg`
    likewise, and a config built step by step (`session = {}`, then
    `session["voice"] = ...`) writes each key to its GA place, a format name
    or a literal list of modalities written there with its GA value. A part
    written into it with `update` (`cfg.update({"voice": v, "input_audio_format":
    "pcm16"})`) takes its GA shape in place (`cfg.update({"audio": {...}})`),
    where the GA blocks it makes are the config's nowhere else (its literal,
    another part, a key written on its own): a shallow update must replace
    nothing the fix put there. A config written into its payload by key
    (`payload = {"type": "session.update"}`, then `payload["session"] =
    {...}`, or `= session`) is followed from there. A name bound on each path
    of a branch (`if phone: session = {...} else: session = {...}`, or
    `session = {...} if phone else {...}`) to literals with the same keys is
    one config: its literals move in the one fix, with its reads, so that what
    is sent is GA on every path, or none moves; bound otherwise (to literals
    with other keys, or to anything but a literal) it is not followed, and the
    session rule reports its literals. A name bound to `dict(voice=..., ...)`
    has each beta keyword named, with no fix. Sending the
    config (`json.dumps`, `ws.send`, `conn.session.update`, a helper of the
    module that only sends it) needs nothing more. Where the config goes
    further than that (handed to another function, copied, returned to code
    that reads it, or a read of a format value, whose GA shape differs), the
    fix is unsafe and the message names the use it cannot follow. A read of
    modalities whose GA list differs (`["audio"]` for `["audio", "text"]`)
    moves with the key, so that it still finds a list, and the fix is unsafe
    and names it.

    A payload built with keywords (`dict(type="session.update",
    session=...)`) is a payload like any other.

    A payload written as JSON text (`ws.send('{"type": "session.update",
    ...}')`, a test's expected message) moves the same way, in the text's
    own layout, so that it still equals what the fixed code sends. Text with
    escaped quotes, an f-string whose holes the code fills in when it runs,
    or a piece of a payload the code completes (`+`, `%`, `.format`) is not
    rewritten: a beta payload there is reported with no fix, and the
    module's other protocol fixes wait for it. A docstring's example and a
    log line's text are not sent.

    A function or method of the module that sends one of its parameters as
    the session (`{"type": "session.update", "session": session}`,
    `conn.session.update(session=session)`) makes what its callers pass there
    a session config: a dict literal, or a name bound once to one, is fixed
    where the caller wrote it. So does a function imported by name from
    another module of the project, or a class that keeps its constructor's
    parameter in an attribute (`self.session_config = session_config or {}`)
    and sends it, where either only sends the value or tests that it is there
    (`core/senders.py`): `VoiceClient(session_config={...})` is fixed in the
    caller, whose module shares the sender's connection even where it names
    nothing else of the protocol. A caller that reads what the object keeps
    (`client.session_config`) makes its fix unsafe. The other way round, what a function of the
    module returns where a caller sends its result as the session
    (`"session": session_config()`, or `session = session_config()` and then
    `"session": session`) is fixed in the function, when every return there
    is a dict literal, and followed into each of its calls.

    A client that names the event apart from its data
    (`rt.send("session.update", {"session": {...}})`, `send(ws,
    "session.update", {...})`, the data last, or its config by keyword,
    `send("session.update", session={...})`) sends a payload too, and the
    body of a request that accepts a SIP call
    (`http.post(f".../realtime/calls/{call_id}/accept", json={...})`) is a
    session, its fields at the top. A
    config kept in an attribute (`self.defaults = {...}`) is followed through
    the methods of its class: copies (`self.config = self.defaults.copy()`,
    `dict(...)`), updates that add keys the fix does not move, a spread into
    a new dict (`{**self.config, "tools": tools}`) and the send. Where the
    attribute is also set to an empty dict, its reads step with `.get`. A
    class that another module imports may have its attributes read there:
    the fix is then unsafe, as it is for `update(**kwargs)` from callers.

    A server event built in beta code (`{"type": "session.created", "session":
    {...}}`, as a test fakes the server) holds a session too: the code that
    reads it parses it as GA once migrated, so its session takes the GA shape,
    and so do the reads of it. Where the file still reads beta fields of a
    server's session that RT308 cannot move safely, the fake's fix is unsafe
    too: the two move together. GA code that fakes a server still speaking
    beta is left alone.

    A session the code reads from a file or a text when it runs
    (`session = json.load(f)`, then `"session": session`, or `"session":
    json.loads(text)`) holds what
    rtmigrate cannot see. In a module that still holds beta code of its own
    it is reported, with no fix: until someone has checked that what it reads
    has the GA shape, the module's other protocol fixes (the header, the
    event names) are unsafe, since a beta session sent over a GA connection
    is refused. A session built where rtmigrate cannot see it (a name
    imported from another module, `settings.SESSION`, `opts.session`, what a
    function of another module returns), or added to a payload written with
    none where it is not followed (`payload.update(session=...)`), is reported
    the same way in such a module: a GA session must say its `type`, which a
    beta one never does.

    A GA translation session's update takes no `type` (its type is set when
    the session is created): in a file that names the events only
    translation sessions have (`session.output_transcript.delta`), a session
    that holds nothing of the beta is left alone.

    A session update that holds nothing of the beta but has no `type` either
    (a module of its own that registers the tools) is refused by GA too
    ("Missing required parameter: 'session.type'"). Where its module belongs
    with the project's Realtime modules (it imports one, one imports it, or
    they share its package), it gets its `type` with the fix of the
    connection it goes over, and waits while that connection stays beta.
    An empty session (`"session": {}`, a test's placeholder) does not make a
    module Realtime code this way; in a module that is, it gets its `type` too.

    A whole beta session bound to a name (`SESSION_CONFIG = {...}` at the
    module's top or in a function) that no request rtmigrate sees sends (it
    is served to a browser, say, or handed to another module) is still a
    session: every field it holds is a field of the beta realtime session,
    among them at least two that moved, one only the beta session has
    (`input_audio_format`, say), and one a transcription session has not.
    Its fix is offered as unsafe, with its reads in the module: whether what
    it builds is sent to the GA API as it is cannot be seen. A dict that also
    holds a key of the app's own is no whole session: RT306 reports it.
    """

    code = "RT301"
    name = "beta-session-config"
    speaks = True
    KINDS = frozenset({"realtime", "transcription"})
    MESSAGE = "beta {kind} session configuration"

    VALID = (
        # no whole session: beside a key of the app's own, merged with other data, or bound again (RT306 reports them)
        'import openai\nBASE = {"voice": "verse", "input_audio_format": "pcm16", "sample_rate": 24000}\n',
        'import openai\nBASE = {"voice": "verse", "input_audio_format": "pcm16"}\ndef merged(row):\n    return {**BASE, **row}\n',
        'import openai\nBASE = {"voice": "verse", "input_audio_format": "pcm16"}\nif fast:\n    BASE = {"voice": "ash", "input_audio_format": "pcm16"}\n',
        # a docstring's example of a payload, and a log line's: not sent
        'import websockets\nclass Client:\n    """Usage: `await client.send({"type": "session.update", ...})`."""\n'
        '    async def go(self, url, v):\n        async with websockets.connect(url, additional_headers={"OpenAI-Beta": "realtime=v1"}) as ws:\n'
        '            print(f\'sent {{"type": "session.update", "session": {{"voice": "{v}"}}}}\')\n',
        # a session update with no `type` in a module that nothing else makes Realtime code: no
        # module of the protocol's beside it to say whose (in a project, one that imports it would)
        'import json\nws.send(json.dumps({"type": "session.update", "session": {"tools": [], "tool_choice": "auto"}}))\n',
        # a GA translation session's update: its type was set when it was created, and it takes none
        'import openai\nawait ws.send(json.dumps({"type": "session.update", "session": {"audio": {"output": {"language": "es"}}}}))\n',
        'import openai\nconn.session.update(session={"type": "realtime", "audio": {"output": {"voice": "verse"}}})\n',
        'import openai\nsettings = {"voice": "verse"}  # not a session payload\n',
        # an event name beside data that holds no session (a log line), and a GA session sent the same way
        'import openai\nlog("session.update", {"voice": "verse", "input_audio_format": "pcm16"})\n',
        'import openai\nrt.send("session.update", {"session": {"type": "realtime", "audio": {"output": {"voice": "verse"}}}})\n',
        # GA code faking a server that still speaks beta
        'from openai.types.realtime import RealtimeServerEvent\nfake = {"type": "session.created", "session": {"voice": "ash"}}\n',
        # a SIP call accepted with a GA session, and a function returning one
        'import requests\nrequests.post(f"https://api.openai.com/v1/realtime/calls/{call_id}/accept", json={"type": "realtime", "audio": {"output": {"voice": "marin"}}})\n',
        'import openai\ndef session_config():\n    return {"type": "realtime", "audio": {"output": {"voice": "verse"}}}\nconn.session.update(session=session_config())\n',
        # a GA translation session's update takes no `type`: a file that names translation events is GA code
        'import json\nimport openai\nasync def go(ws):\n    await ws.send(json.dumps({"type": "session.update", "session": {"instructions": "Be brief."}}))\n'
        '    if json.loads(await ws.recv())["type"] == "session.output_transcript.delta":\n        pass\n',
        # a session read when the code runs, in a module with no beta code of its own
        'import json\nimport openai\nasync def go(conn, path):\n    session = json.load(open(path))\n    await conn.session.update(session=session)\n',
        # a payload that carries no config, in a module that still speaks beta: `response.create` needs none
        'import json\nimport websockets\nasync def go(url):\n'
        '    async with websockets.connect(url, additional_headers={"OpenAI-Beta": "realtime=v1"}) as ws:\n'
        '        await ws.send(json.dumps({"type": "response.create"}))\n',
        # a session built elsewhere, in a module with no beta code of its own; a parameter its callers give
        'import json\nfrom settings import SESSION\nasync def go(ws):\n    await ws.send(json.dumps({"type": "session.update", "session": SESSION}))\n',
        'import json\nasync def configure(ws, session):\n    await ws.send(json.dumps({"type": "session.update", "session": session}))\n',
        # a class that keeps the session its caller gives it and sends it, given a GA session
        'import json\nimport openai\n\n\nclass Client:\n    def __init__(self, ws, session=None):\n        self.ws = ws\n        self.session = session or {}\n\n'
        '    async def start(self):\n        if self.session:\n            await self.ws.send(json.dumps({"type": "session.update", "session": self.session}))\n\n\n'
        'client = Client(ws, session={"type": "realtime", "audio": {"output": {"voice": "ash"}}})\n',
        # a format table already GA, looked up where GA puts the format
        'import openai\nFORMATS = {"phone": {"type": "audio/pcmu"}}\n'
        'conn.session.update(session={"type": "realtime", "audio": {"input": {"format": FORMATS[caller]}}})\n',
    )
    INVALID = (
        # a builder that writes a field GA has no place for after the literal: it would send what GA refuses
        Invalid(
            'import openai\n\n\nasync def go(conn, voice, temperature):\n    params = {"voice": voice}\n    if temperature:\n'
            '        params["temperature"] = temperature\n    await conn.session.update(session=params)\n',
            'import openai\n\n\nasync def go(conn, voice, temperature):\n    params = {"type": "realtime", "audio": {"output": {"voice": voice}}}\n    if temperature:\n'
            '        params["temperature"] = temperature\n    await conn.session.update(session=params)\n',
            unsafe=True,
        ),
        # the app's own comparison of the config with another value: only one side moves, unsafe
        # (a test's `assert sent == {...}` moves with the code it tests)
        Invalid(
            'import json\nimport openai\n\nLAST = {}\n\n\nasync def configure(ws, voice):\n    session = {"voice": voice}\n    if session != LAST:\n'
            '        await ws.send(json.dumps({"type": "session.update", "session": session}))\n',
            'import json\nimport openai\n\nLAST = {}\n\n\nasync def configure(ws, voice):\n    session = {"type": "realtime", "audio": {"output": {"voice": voice}}}\n    if session != LAST:\n'
            '        await ws.send(json.dumps({"type": "session.update", "session": session}))\n',
            unsafe=True,
        ),
        # a config built from an empty dict and sent only when something was put in it: the
        # fix gives it its `type`, so the test would always pass; unsafe
        Invalid(
            'import openai\n\n\nasync def go(conn, voice):\n    params = {}\n    if voice:\n        params["voice"] = voice\n'
            '    if len(params) > 0:\n        await conn.session.update(session=params)\n',
            'import openai\n\n\nasync def go(conn, voice):\n    params = {"type": "realtime"}\n    if voice:\n        params.setdefault("audio", {}).setdefault("output", {})["voice"] = voice\n'
            '    if len(params) > 0:\n        await conn.session.update(session=params)\n',
            unsafe=True,
        ),
        # a read of `modalities` whose GA list reads the same is moved with it, safely (`["audio", "text"]`,
        # which becomes `["audio"]`, would read otherwise: its reads keep the fix unsafe)
        Invalid(
            'import json\nimport openai\n\n\ndef go(ws):\n    ev = {"type": "session.update", "session": {"modalities": ["text"]}}\n'
            '    ws.send(json.dumps(ev))\n    print(ev["session"]["modalities"])\n',
            'import json\nimport openai\n\n\ndef go(ws):\n    ev = {"type": "session.update", "session": {"type": "realtime", "output_modalities": ["text"]}}\n'
            '    ws.send(json.dumps(ev))\n    print(ev["session"]["output_modalities"])\n',
        ),
        # a class that keeps the session its caller gives it and only sends it: the caller's
        # argument is the session, fixed where it is written (also from another module that
        # imports the class or function by name)
        Invalid(
            'import json\nimport openai\n\n\nclass Client:\n    def __init__(self, ws, session=None):\n        self.ws = ws\n        self.session = session or {}\n\n'
            '    async def start(self):\n        if self.session:\n            await self.ws.send(json.dumps({"type": "session.update", "session": self.session}))\n\n\n'
            'client = Client(ws, session={"voice": "ash"})\n',
            'import json\nimport openai\n\n\nclass Client:\n    def __init__(self, ws, session=None):\n        self.ws = ws\n        self.session = session or {}\n\n'
            '    async def start(self):\n        if self.session:\n            await self.ws.send(json.dumps({"type": "session.update", "session": self.session}))\n\n\n'
            'client = Client(ws, session={"type": "realtime", "audio": {"output": {"voice": "ash"}}})\n',
        ),
        # ... but where the module reads what the object keeps (`client.session`), the read is not followed: unsafe
        Invalid(
            'import json\nimport openai\n\n\nclass Client:\n    def __init__(self, ws, session=None):\n        self.ws = ws\n        self.session = session or {}\n\n'
            '    async def start(self):\n        if self.session:\n            await self.ws.send(json.dumps({"type": "session.update", "session": self.session}))\n\n\n'
            'client = Client(ws, session={"voice": "ash"})\nprint(client.session["voice"])\n',
            'import json\nimport openai\n\n\nclass Client:\n    def __init__(self, ws, session=None):\n        self.ws = ws\n        self.session = session or {}\n\n'
            '    async def start(self):\n        if self.session:\n            await self.ws.send(json.dumps({"type": "session.update", "session": self.session}))\n\n\n'
            'client = Client(ws, session={"type": "realtime", "audio": {"output": {"voice": "ash"}}})\nprint(client.session["voice"])\n',
            unsafe=True,
        ),
        # ... and a test's expectation of the list of what was sent moves with it
        Invalid(
            'import json\nimport openai\n\n\nasync def configure(ws, session):\n    await ws.send(json.dumps({"type": "session.update", "session": session}))\n\n\n'
            'async def test_configure(ws):\n    await configure(ws, {"voice": "ash"})\n'
            '    assert ws.sent == [{"type": "session.update", "session": {"voice": "ash"}}]\n',
            'import json\nimport openai\n\n\nasync def configure(ws, session):\n    await ws.send(json.dumps({"type": "session.update", "session": session}))\n\n\n'
            'async def test_configure(ws):\n    await configure(ws, {"type": "realtime", "audio": {"output": {"voice": "ash"}}})\n'
            '    assert ws.sent == [{"type": "session.update", "session": {"type": "realtime", "audio": {"output": {"voice": "ash"}}}}]\n',
        ),
        # ... but what a caller reads when the code runs and gives it is not seen: reported where it is given
        Invalid(
            'import json\nimport websockets\n\n\nclass Client:\n    def __init__(self, session):\n        self.session = session\n\n'
            '    async def start(self, url):\n        async with websockets.connect(url, additional_headers={"OpenAI-Beta": "realtime=v1"}) as ws:\n'
            '            await ws.send(json.dumps({"type": "session.update", "session": self.session}))\n\n\n'
            'client = Client(json.load(open("session.json")))\n'
        ),
        # a class that also reads what it keeps is no mere sender: what it is given is not followed
        Invalid(
            'import json\nimport websockets\n\n\nclass Client:\n    def __init__(self, session):\n        self.session = session\n\n'
            '    async def start(self, url):\n        async with websockets.connect(url, additional_headers={"OpenAI-Beta": "realtime=v1"}) as ws:\n'
            '            print(self.session["voice"])\n            await ws.send(json.dumps({"type": "session.update", "session": self.session}))\n'
        ),
        # `temperature` set to the beta's own default goes with the move, safely
        Invalid(
            'import openai\nconn.session.update(session={"voice": "alloy", "temperature": 0.8})\n',
            'import openai\nconn.session.update(session={"type": "realtime", "audio": {"output": {"voice": "alloy"}}})\n',
        ),
        # a helper of the module that logs what it is given, text or dict: the dict passes
        # `isinstance` and the `json.loads` of text unread
        Invalid(
            'import json\nimport openai\n\n\ndef log_event(event):\n    parsed = json.loads(event) if isinstance(event, str) else event\n    print(parsed.get("type"))\n\n\n'
            'async def configure(ws):\n    msg = {"type": "session.update", "session": {"voice": "alloy"}}\n    log_event(msg)\n    await ws.send(json.dumps(msg))\n',
            'import json\nimport openai\n\n\ndef log_event(event):\n    parsed = json.loads(event) if isinstance(event, str) else event\n    print(parsed.get("type"))\n\n\n'
            'async def configure(ws):\n    msg = {"type": "session.update", "session": {"type": "realtime", "audio": {"output": {"voice": "alloy"}}}}\n    log_event(msg)\n    await ws.send(json.dumps(msg))\n',
        ),
        # ... but one that reads a moved key of what may be something else is not followed
        Invalid(
            'import json\nimport openai\n\n\ndef log_event(event):\n    parsed = json.loads(event) if isinstance(event, str) else event\n    print(parsed["session"]["voice"])\n\n\n'
            'async def configure(ws):\n    msg = {"type": "session.update", "session": {"voice": "alloy"}}\n    log_event(msg)\n    await ws.send(json.dumps(msg))\n',
            'import json\nimport openai\n\n\ndef log_event(event):\n    parsed = json.loads(event) if isinstance(event, str) else event\n    print(parsed["session"]["voice"])\n\n\n'
            'async def configure(ws):\n    msg = {"type": "session.update", "session": {"type": "realtime", "audio": {"output": {"voice": "alloy"}}}}\n    log_event(msg)\n    await ws.send(json.dumps(msg))\n',
            unsafe=True,
        ),
        # ... but not where the code reads it back: the read would find nothing
        Invalid(
            'import openai\ns = {"voice": "alloy", "temperature": 0.8}\nconn.session.update(session=s)\nprint(s["temperature"])\n',
            'import openai\ns = {"type": "realtime", "audio": {"output": {"voice": "alloy"}}}\nconn.session.update(session=s)\nprint(s["temperature"])\n',
            unsafe=True,
        ),
        # the event named apart from its config, given by keyword (the helper builds `{"type": kind, **data}`)
        Invalid(
            'import openai\nawait send(ws, "session.update", session={"voice": "ash"})\n',
            'import openai\nawait send(ws, "session.update", session={"type": "realtime", "audio": {"output": {"voice": "ash"}}})\n',
        ),
        # a payload built with keywords, its session bound to a name: fixed where it is bound, its read with it
        Invalid(
            'import openai\nimport json\ndef go(ws, v):\n    session = {"voice": v}\n'
            '    ws.send(json.dumps(dict(type="session.update", session=session)))\n    print(session["voice"])\n',
            'import openai\nimport json\ndef go(ws, v):\n    session = {"type": "realtime", "audio": {"output": {"voice": v}}}\n'
            '    ws.send(json.dumps(dict(type="session.update", session=session)))\n    print(session["audio"]["output"]["voice"])\n',
        ),
        # a payload written as text the code fills in (or with escaped quotes): reported, no fix
        Invalid(
            'import websockets\nasync def go(url, voice):\n    async with websockets.connect(url, additional_headers={"OpenAI-Beta": "realtime=v1"}) as ws:\n'
            '        await ws.send(f\'{{"type": "session.update", "session": {{"voice": "{voice}"}}}}\')\n'
        ),
        Invalid('import openai\nawait ws.send("{\\"type\\": \\"session.update\\", \\"session\\": {\\"input_audio_format\\": \\"pcm16\\"}}")\n'),
        # a whole beta session bound to a name, its request not seen (served to a page): unsafe, with its read
        Invalid(
            'import openai\nSESSION = {"voice": "verse", "input_audio_format": "pcm16", "instructions": "Be brief."}\n'
            'def voice():\n    return SESSION["voice"]\n',
            'import openai\nSESSION = {"type": "realtime", "audio": {"output": {"voice": "verse"}, "input": {"format": {"type": "audio/pcm", "rate": 24000}}}, "instructions": "Be brief."}\n'
            'def voice():\n    return SESSION["audio"]["output"]["voice"]\n',
            unsafe=True,
        ),
        # a branch for the beta that a setting picks, beside the GA default: kept on purpose, no fix
        Invalid(
            'import openai\nasync def go(conn, shape):\n    if shape == "beta":\n        await conn.session.update(session={"voice": "verse"})\n'
            '    else:\n        await conn.session.update(session={"type": "realtime", "audio": {"output": {"voice": "verse"}}})\n'
        ),
        # a config bound on each path of a branch: both literals move in one fix, and its read with them
        Invalid(
            'import openai\nimport json\ndef go(ws, phone):\n    if phone:\n        session = {"voice": "ash", "input_audio_format": "g711_ulaw"}\n'
            '    else:\n        session = {"voice": "ash", "input_audio_format": "pcm16"}\n'
            '    ws.send(json.dumps({"type": "session.update", "session": session}))\n    print(session["voice"])\n',
            'import openai\nimport json\ndef go(ws, phone):\n    if phone:\n        session = {"type": "realtime", "audio": {"output": {"voice": "ash"}, "input": {"format": {"type": "audio/pcmu"}}}}\n'
            '    else:\n        session = {"type": "realtime", "audio": {"output": {"voice": "ash"}, "input": {"format": {"type": "audio/pcm", "rate": 24000}}}}\n'
            '    ws.send(json.dumps({"type": "session.update", "session": session}))\n    print(session["audio"]["output"]["voice"])\n',
        ),
        # ... and on each side of a conditional expression
        Invalid(
            'import openai\nimport json\ndef go(ws, phone):\n    session = {"voice": "ash"} if phone else {"voice": "alloy"}\n'
            '    ws.send(json.dumps({"type": "session.update", "session": session}))\n',
            'import openai\nimport json\ndef go(ws, phone):\n'
            '    session = {"type": "realtime", "audio": {"output": {"voice": "ash"}}} if phone else {"type": "realtime", "audio": {"output": {"voice": "alloy"}}}\n'
            '    ws.send(json.dumps({"type": "session.update", "session": session}))\n',
        ),
        # a config written into its payload by key, as a literal or by name
        Invalid(
            'import openai\nimport json\ndef go(ws):\n    payload = {"type": "session.update"}\n    payload["session"] = {"voice": "ash", "input_audio_format": "pcm16"}\n'
            '    ws.send(json.dumps(payload))\n',
            'import openai\nimport json\ndef go(ws):\n    payload = {"type": "session.update"}\n'
            '    payload["session"] = {"type": "realtime", "audio": {"output": {"voice": "ash"}, "input": {"format": {"type": "audio/pcm", "rate": 24000}}}}\n'
            '    ws.send(json.dumps(payload))\n',
        ),
        # a name bound once to what a function of the module returns: fixed in the function, its read with it
        Invalid(
            'import openai\nimport json\ndef session_config():\n    return {"voice": "ash"}\n'
            'def go(ws):\n    session = session_config()\n    ws.send(json.dumps({"type": "session.update", "session": session}))\n    print(session["voice"])\n',
            'import openai\nimport json\ndef session_config():\n    return {"type": "realtime", "audio": {"output": {"voice": "ash"}}}\n'
            'def go(ws):\n    session = session_config()\n    ws.send(json.dumps({"type": "session.update", "session": session}))\n    print(session["audio"]["output"]["voice"])\n',
        ),
        # a config built with `dict(...)` and sent by name: its beta keywords are named, with no fix
        Invalid('import openai\nimport json\ndef go(ws, voice):\n    session = dict(voice=voice, input_audio_format="pcm16")\n'
                '    ws.send(json.dumps({"type": "session.update", "session": session}))\n'),
        # a part written in with `update` takes its GA shape where it is
        Invalid(
            'import openai\nimport json\ndef go(ws, voice):\n    session = {"instructions": "hi"}\n    if voice:\n        session.update({"voice": voice})\n'
            '    ws.send(json.dumps({"type": "session.update", "session": session}))\n',
            'import openai\nimport json\ndef go(ws, voice):\n    session = {"type": "realtime", "instructions": "hi"}\n    if voice:\n        session.update({"audio": {"output": {"voice": voice}}})\n'
            '    ws.send(json.dumps({"type": "session.update", "session": session}))\n',
        ),
        # ... but not where the literal already holds the block it makes: the update would replace it
        Invalid(
            'import openai\nimport json\ndef go(ws, fmt):\n    session = {"voice": "ash"}\n    session.update({"input_audio_format": "pcm16"})\n'
            '    ws.send(json.dumps({"type": "session.update", "session": session}))\n',
            'import openai\nimport json\ndef go(ws, fmt):\n    session = {"type": "realtime", "audio": {"output": {"voice": "ash"}}}\n    session.update({"input_audio_format": "pcm16"})\n'
            '    ws.send(json.dumps({"type": "session.update", "session": session}))\n',
            unsafe=True,
        ),
        # ... nor where what it writes is not seen (`update(extra)`): the fix names it
        Invalid(
            'import openai\nimport json\nclass Client:\n    def __init__(self, ws):\n        self.ws = ws\n        self.session_config = {"voice": "ash"}\n'
            '    def update_session(self, extra):\n        self.session_config.update(extra)\n'
            '        self.ws.send(json.dumps({"type": "session.update", "session": self.session_config}))\n',
            'import openai\nimport json\nclass Client:\n    def __init__(self, ws):\n        self.ws = ws\n        self.session_config = {"type": "realtime", "audio": {"output": {"voice": "ash"}}}\n'
            '    def update_session(self, extra):\n        self.session_config.update(extra)\n'
            '        self.ws.send(json.dumps({"type": "session.update", "session": self.session_config}))\n',
            unsafe=True,
        ),
        # modalities a condition picks between two literal lists: each branch gets its GA list
        Invalid(
            'import openai\nasync def go(conn, voice):\n    await conn.session.update(session={"modalities": ["audio", "text"] if voice else ["text"]})\n',
            'import openai\nasync def go(conn, voice):\n    await conn.session.update(session={"type": "realtime", "output_modalities": ["audio"] if voice else ["text"]})\n',
        ),
        # a field GA has no place for is left out with the move: the model's default applies, so unsafe
        Invalid(
            'import openai\nasync def go(conn):\n    await conn.session.update(session={"voice": "verse", "temperature": 0.7, "instructions": "hi"})\n',
            'import openai\nasync def go(conn):\n    await conn.session.update(session={"type": "realtime", "audio": {"output": {"voice": "verse"}}, "instructions": "hi"})\n',
            unsafe=True,
        ),
        # a function of the module returns the session its caller sends
        Invalid(
            'import openai\ndef session_config():\n    return {"voice": "verse"}\n'
            'conn.session.update(session=session_config())\n',
            'import openai\ndef session_config():\n    return {"type": "realtime", "audio": {"output": {"voice": "verse"}}}\n'
            'conn.session.update(session=session_config())\n',
        ),
        # a SIP call accepted with its session
        Invalid(
            'import requests\nrequests.post(f"https://api.openai.com/v1/realtime/calls/{call_id}/accept", json={"type": "realtime", "voice": "marin"})\n',
            'import requests\nrequests.post(f"https://api.openai.com/v1/realtime/calls/{call_id}/accept", json={"type": "realtime", "audio": {"output": {"voice": "marin"}}})\n',
        ),
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
            'import openai\nmsg = {"type": "session.update", "session": {"type": "realtime", "audio": {"output": {"voice": "ash"}}, **BASE}}\n',
            unsafe=True,  # what `BASE` holds may stay beta beside it; a type it holds comes after, and wins
        ),
        # a read of modalities whose list GA writes otherwise moves with the key: it finds GA's list (unsafe)
        Invalid(
            'import openai\nupdate = {"type": "session.update", "session": {"modalities": ["audio", "text"]}}\nws.send(json.dumps(update))\n'
            'log(update["session"]["modalities"])\n',
            'import openai\nupdate = {"type": "session.update", "session": {"type": "realtime", "output_modalities": ["audio"]}}\nws.send(json.dumps(update))\n'
            'log(update["session"]["output_modalities"])\n',
            unsafe=True,
        ),
        # a format held in a module constant: the GA format object is written in its place
        Invalid(
            'import openai\nFMT = "g711_ulaw"\nconn.session.update(session={"input_audio_format": FMT})\n',
            'import openai\nFMT = "g711_ulaw"\nconn.session.update(session={"type": "realtime", "audio": {"input": {"format": {"type": "audio/pcmu"}}}})\n',
        ),
        # a format looked up in a table of the module's own: the table's values become GA format objects
        Invalid(
            'import openai\nFORMATS = {"phone": "g711_ulaw", "web": "pcm16"}\nconn.session.update(session={"input_audio_format": FORMATS[caller]})\n',
            'import openai\nFORMATS = {"phone": {"type": "audio/pcmu"}, "web": {"type": "audio/pcm", "rate": 24000}}\n'
            'conn.session.update(session={"type": "realtime", "audio": {"input": {"format": FORMATS[caller]}}})\n',
        ),
        # the table also compared elsewhere: its new values would reach that test unfollowed
        Invalid(
            'import openai\nFORMATS = {"phone": "g711_ulaw"}\nif FORMATS[caller] == "g711_ulaw":\n    log("phone")\n'
            'conn.session.update(session={"input_audio_format": FORMATS[caller]})\n',
            'import openai\nFORMATS = {"phone": {"type": "audio/pcmu"}}\nif FORMATS[caller] == "g711_ulaw":\n    log("phone")\n'
            'conn.session.update(session={"type": "realtime", "audio": {"input": {"format": FORMATS[caller]}}})\n',
            unsafe=True,
        ),
        # modalities held in a module constant that nothing rebinds: the GA list is written in its place
        Invalid(
            'import openai\nMODALITIES = ["text", "audio"]\nconn.session.update(session={"modalities": MODALITIES})\n',
            'import openai\nMODALITIES = ["text", "audio"]\nconn.session.update(session={"type": "realtime", "output_modalities": ["audio"]})\n',
        ),
        # a read of a moved key moves with the fix
        Invalid(
            'import openai\ncfg = {"voice": "ash"}\nconn.session.update(session=cfg)\nprint(cfg["voice"])\n',
            'import openai\ncfg = {"type": "realtime", "audio": {"output": {"voice": "ash"}}}\nconn.session.update(session=cfg)\nprint(cfg["audio"]["output"]["voice"])\n',
        ),
        # a builder's writes go to their GA places
        Invalid(
            'import openai\ncfg = {}\ncfg["voice"] = "ash"\nconn.session.update(session=cfg)\n',
            'import openai\ncfg = {"type": "realtime"}\ncfg.setdefault("audio", {}).setdefault("output", {})["voice"] = "ash"\nconn.session.update(session=cfg)\n',
        ),
        # modalities the code holds: their GA value is worked out when it runs (unsafe: the value is not seen)
        Invalid(
            'import openai\nasync def configure(conn, modalities):\n    await conn.session.update(session={"modalities": modalities})\n',
            'import openai\nasync def configure(conn, modalities):\n    await conn.session.update(session={"type": "realtime", "output_modalities": ["audio"] if "audio" in modalities else ["text"]})\n',
            unsafe=True,
        ),
        # a format the code holds is looked up in a table of GA formats when it runs (unsafe)
        Invalid(
            'import openai\nasync def configure(conn, fmt):\n    await conn.session.update(session={"input_audio_format": fmt})\n',
            'import openai\nasync def configure(conn, fmt):\n    await conn.session.update(session={"type": "realtime", "audio": {"input": {"format": '
            '{"pcm16": {"type": "audio/pcm", "rate": 24000}, "g711_ulaw": {"type": "audio/pcmu"}, "g711_alaw": {"type": "audio/pcma"}}[fmt]}}})\n',
            unsafe=True,
        ),
        # a builder's write of a format or the modalities takes the GA shape with its place
        Invalid(
            'import openai\ncfg = {"voice": "ash"}\nif phone:\n    cfg["input_audio_format"] = "g711_ulaw"\ncfg["modalities"] = ["text"]\nconn.session.update(session=cfg)\n',
            'import openai\ncfg = {"type": "realtime", "audio": {"output": {"voice": "ash"}}}\nif phone:\n    cfg.setdefault("audio", {}).setdefault("input", {})["format"] = {"type": "audio/pcmu"}\ncfg["output_modalities"] = ["text"]\nconn.session.update(session=cfg)\n',
        ),
        # one whose value is not a literal is not followed
        Invalid(
            'import openai\ncfg = {"voice": "ash"}\ncfg["input_audio_format"] = fmt\nconn.session.update(session=cfg)\n',
            'import openai\ncfg = {"type": "realtime", "audio": {"output": {"voice": "ash"}}}\ncfg["input_audio_format"] = fmt\nconn.session.update(session=cfg)\n',
            unsafe=True,
        ),
        # the argument of a method that sends it as the session
        Invalid(
            'import openai\nclass C:\n    def configure(self, session):\n        self.send({"type": "session.update", "session": session})\n\n    def start(self):\n        self.configure({"voice": "ash"})\n',
            'import openai\nclass C:\n    def configure(self, session):\n        self.send({"type": "session.update", "session": session})\n\n    def start(self):\n        self.configure({"type": "realtime", "audio": {"output": {"voice": "ash"}}})\n',
        ),
        # a test's fake of the server: the session it hands the code is a GA one
        Invalid(
            'import openai\nasync def test(model):\n    await model.handle({"type": "session.created", "session": {"id": "s", "voice": "ash"}})\n',
            'import openai\nasync def test(model):\n    await model.handle({"type": "session.created", "session": {"type": "realtime", "id": "s", "audio": {"output": {"voice": "ash"}}}})\n',
        ),
        # ... unsafe where the file still reads the server's session as beta (RT308 cannot move that read)
        Invalid(
            'import openai\ndef on(event, state):\n    if event["type"] == "session.created":\n'
            '        state["f"] = event["session"]["output_audio_format"]\n'
            'on({"type": "session.created", "session": {"voice": "ash"}}, {})\n',
            'import openai\ndef on(event, state):\n    if event["type"] == "session.created":\n'
            '        state["f"] = event["session"]["output_audio_format"]\n'
            'on({"type": "session.created", "session": {"type": "realtime", "audio": {"output": {"voice": "ash"}}}}, {})\n',
            unsafe=True,
        ),
        # a send that names the event apart from its data
        Invalid(
            'import openai\nrt.send("session.update", {"session": {"voice": "ash"}})\n',
            'import openai\nrt.send("session.update", {"session": {"type": "realtime", "audio": {"output": {"voice": "ash"}}}})\n',
        ),
        # kept in an attribute, copied and sent by the methods of its class; the reads move too
        Invalid(
            'import openai\nclass _C:\n    def __init__(self):\n        self.defaults = {"voice": "ash"}\n        self.config = self.defaults.copy()\n\n'
            '    def voice(self):\n        return self.config.get("voice")\n\n'
            '    def send_config(self):\n        self.ws.send("session.update", {"session": {**self.config, "tools": []}})\n',
            'import openai\nclass _C:\n    def __init__(self):\n        self.defaults = {"type": "realtime", "audio": {"output": {"voice": "ash"}}}\n        self.config = self.defaults.copy()\n\n'
            '    def voice(self):\n        return self.config["audio"]["output"].get("voice")\n\n'
            '    def send_config(self):\n        self.ws.send("session.update", {"session": {**self.config, "tools": []}})\n',
        ),
        # spread beside another spread (or a beta key) in what is sent: they may collide, so unsafe
        Invalid(
            'import openai\nclass _C:\n    def __init__(self, extra):\n        self.defaults = {"voice": "ash"}\n        self.extra = extra\n\n'
            '    def send_config(self):\n        self.ws.send("session.update", {"session": {**self.defaults, **self.extra}})\n',
            'import openai\nclass _C:\n    def __init__(self, extra):\n        self.defaults = {"type": "realtime", "audio": {"output": {"voice": "ash"}}}\n        self.extra = extra\n\n'
            '    def send_config(self):\n        self.ws.send("session.update", {"session": {**self.defaults, **self.extra}})\n',
            unsafe=True,
        ),
        # handed to code rtmigrate cannot see: unsafe
        Invalid(
            'import openai\ncfg = {"voice": "ash"}\nconn.session.update(session=cfg)\nremember(cfg)\n',
            'import openai\ncfg = {"type": "realtime", "audio": {"output": {"voice": "ash"}}}\nconn.session.update(session=cfg)\nremember(cfg)\n',
            unsafe=True,
        ),
        # read from a file when the code runs, in a module that still speaks beta: what it holds is not seen
        Invalid(
            'import json\nimport websockets\nasync def go(url, path):\n    session = json.load(open(path))\n'
            '    async with websockets.connect(url, additional_headers={"OpenAI-Beta": "realtime=v1"}) as ws:\n'
            '        await ws.send(json.dumps({"type": "session.update", "session": session}))\n'
        ),
        Invalid(
            'import json\nimport websockets\nasync def go(url, text):\n'
            '    async with websockets.connect(url, additional_headers={"OpenAI-Beta": "realtime=v1"}) as ws:\n'
            '        await ws.send(json.dumps({"type": "session.update", "session": json.loads(text)}))\n'
        ),
        # a payload written with no session, which is added where it is not followed
        Invalid(
            'import json\nimport websockets\nasync def go(url, session):\n'
            '    async with websockets.connect(url, additional_headers={"OpenAI-Beta": "realtime=v1"}) as ws:\n'
            '        payload = {"type": "session.update"}\n        payload.update(session=session)\n        await ws.send(json.dumps(payload))\n'
        ),
        # built in another module, in a module that still speaks beta: what it holds is not seen
        Invalid(
            'import json\nimport websockets\nfrom settings import SESSION\nasync def go(url):\n'
            '    async with websockets.connect(url, additional_headers={"OpenAI-Beta": "realtime=v1"}) as ws:\n'
            '        await ws.send(json.dumps({"type": "session.update", "session": SESSION}))\n'
        ),
    )

    def unseen(self, value: cst.BaseExpression, kind: str, added: bool = False) -> None:
        if kind not in self.KINDS or not self.context.beta_of_its_own():
            return  # (a GA module sends its own sessions; a response's config is not the connection's)
        named = isinstance(value, cst.Dict) and not any(isinstance(e, cst.DictElement) and string_value(e.key) == "type" for e in value.elements)
        where = (
            f"the session sent here (`{shown(value)}`) is built where rtmigrate cannot see it" if not added
            else "the data given with the event's name here holds no `session`, and the function may send it as one where rtmigrate does not follow it" if named
            else "this payload sends no `session`, or one added where rtmigrate does not follow it"
        )
        self.report(value, f"{where}: whether it has the GA shape is not seen",
                    hint="make sure it is a GA session (`type`, `audio.input`, `audio.output`) where it is built; the module's other protocol fixes wait for it")

    def read_at_run_time(self, at: cst.CSTNode, name: str, kind: str, loader: cst.Call) -> None:
        if kind not in self.KINDS or not self.context.beta_of_its_own():
            return  # (a GA module reads its own sessions; a response's config is not the connection's)
        sent = f"the session sent as {name}" if name else "the session sent here"
        self.report(at, f"{sent} is read when the code runs (`{shown(loader)}`): whether it has the GA shape is not seen",
                    hint="make sure what it reads is a GA session (`type`, `audio.input`, `audio.output`); the module's other protocol fixes wait for it")


def _sent_name(use: cst.CSTNode, name: str) -> cst.CSTNode:
    """Where ``name`` is sent in ``use`` (a payload dict or a connection call): the name itself."""
    values = [e.value for e in use.elements] if isinstance(use, cst.Dict) else [a.value for a in use.args] if isinstance(use, cst.Call) else []
    return next((v for v in values if isinstance(v, cst.Name) and v.value == name), use)


class BetaResponseConfig(_ConfigRule):
    """`response.create` parameters in the beta shape.

    GA responses take `output_modalities` instead of `modalities`,
    `audio.output.voice` and `audio.output.format` instead of `voice` and
    `output_audio_format`, and `max_output_tokens` instead of
    `max_response_output_tokens`. As for sessions, a config kept in a name
    of its function is followed, also where it is written into the payload
    that sends it (`payload["response"] = resp`).

    Example:

        await conn.response.create(response={"modalities": ["text"], "voice": "ash"})

    Fix:

        await conn.response.create(response={"output_modalities": ["text"], "audio": {"output": {"voice": "ash"}}})
    """

    code = "RT302"
    name = "beta-response-config"
    speaks = True
    KINDS = frozenset({"response"})
    MESSAGE = "beta response parameters"

    VALID = (
        'import openai\nconn.response.create(response={"output_modalities": ["text"]})\n',
        # written into a payload, but not under the key its event carries its config under
        'import json\nimport openai\nasync def turn(ws):\n    extra = {"modalities": ["text"]}\n'
        '    payload = {"type": "response.create"}\n    payload["metadata"] = extra\n    await ws.send(json.dumps(payload))\n',
    )
    INVALID = (
        # one name in two functions: each is the config its own function sends
        Invalid(
            'import json\nimport openai\nasync def first(ws):\n    resp = {"modalities": ["text"]}\n    await ws.send(json.dumps({"type": "response.create", "response": resp}))\n'
            'async def second(ws):\n    resp = {"modalities": ["audio"]}\n    await ws.send(json.dumps({"type": "response.create", "response": resp}))\n',
            'import json\nimport openai\nasync def first(ws):\n    resp = {"output_modalities": ["text"]}\n    await ws.send(json.dumps({"type": "response.create", "response": resp}))\n'
            'async def second(ws):\n    resp = {"output_modalities": ["audio"]}\n    await ws.send(json.dumps({"type": "response.create", "response": resp}))\n',
        ),
        Invalid(
            'import openai\nconn.response.create(response={"modalities": ["text"], "max_response_output_tokens": 200})\n',
            'import openai\nconn.response.create(response={"output_modalities": ["text"], "max_output_tokens": 200})\n',
        ),
        # built in a name of its own function and written into the payload it goes out in
        Invalid(
            'import json\nimport openai\nasync def turn(ws, tools):\n    resp = {"modalities": ["text"]}\n    if tools:\n        resp["tools"] = tools\n'
            '    payload = {"type": "response.create"}\n    if len(resp) > 0:\n        payload["response"] = resp\n    await ws.send(json.dumps(payload))\n',
            'import json\nimport openai\nasync def turn(ws, tools):\n    resp = {"output_modalities": ["text"]}\n    if tools:\n        resp["tools"] = tools\n'
            '    payload = {"type": "response.create"}\n    if len(resp) > 0:\n        payload["response"] = resp\n    await ws.send(json.dumps(payload))\n',
        ),
    )


class RemovedConfigField(_ConfigRule):
    """A beta config field GA has no place for.

    GA sessions and responses have no `temperature`; GA transcription
    sessions have no `modalities`. Removing the field is what GA needs, but the
    model then runs with its defaults, so the fix is unsafe. A field set to the
    beta's own default (`"temperature": 0.8`) asks for what the model did with
    no value: it is left out safely, by the config's own fix where it moves
    (RT301), else by this one.

    Example:

        conn.session.update(session={"type": "realtime", "temperature": 0.6})

    Fix (unsafe):

        conn.session.update(session={"type": "realtime"})
    """

    code = "RT304"
    name = "removed-config-field"
    speaks = True
    KINDS = frozenset({"realtime", "transcription", "response"})

    VALID = (
        'import openai\nconn.session.update(session={"type": "realtime", "instructions": "hi"})\n',
        # the beta's own default, beside fields that move: the session's fix leaves it out
        'import openai\nconn.session.update(session={"voice": "alloy", "temperature": 0.8})\n',
    )
    INVALID = (
        Invalid(
            'import openai\nconn.session.update(session={"type": "realtime", "temperature": 0.6})\n',
            'import openai\nconn.session.update(session={"type": "realtime"})\n',
            unsafe=True,
        ),
        # the beta's own default: the model does the same with no value
        Invalid(
            'import openai\nconn.session.update(session={"type": "realtime", "temperature": 0.8})\n',
            'import openai\nconn.session.update(session={"type": "realtime"})\n',
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
        if result.replacement is None:  # (where the config moves, its fix leaves these out)
            for element in result.restated:
                name = string_value(element.key)
                fix = Fix.safe(f"remove `{name}`", Edit(found.node, remove_from(found.node, "elements", [element])))
                self.report(element, f"`{name}` has no place in a GA {result.kind} config", fix, hint=RESTATED_HINT)


_PAYLOAD_KEYS = frozenset({"session", "response"})
_BODY_KEYWORDS = frozenset({"json"})  # a request's body: what it sends, not a library's settings


def _handled_configs(rule: Rule) -> set[int]:
    """The dicts the config rules rewrite (payloads, connection calls, configs
    passed by name, request bodies), worked out once per file."""

    def compute() -> set[int]:
        handled: set[int] = set()

        def followed(name: str, use: cst.CSTNode, kind: str) -> None:
            # a name the config rules follow to the dict literals it is bound to (configs.bound_dicts)
            handled.update(id(value) for value in bound_dicts(rule, name, use, kind))
        handled.update(id(found.node) for found in typed_payloads(rule))
        handled.update(id(found.node) for found in attribute_configs(rule))
        for node in rule.nodes(cst.Dict, cst.Call):
            for found in find_configs(node):
                handled.add(id(found.node))
                if isinstance(node, cst.Dict):
                    handled.add(id(node))  # the payload around it: a name bound to it is followed too
            if isinstance(node, cst.Call):
                body = request_body(node)
                if body is not None and mints_key(rule, node):  # RT402's: it moves the body, or says why not
                    handled.add(id(body.value))
                    if isinstance(body.value, cst.Name):  # `json=payload`: the request's rule follows the name
                        literal = bound_literal(rule, node, body.value)
                        if literal is not None:
                            handled.add(id(literal))
                indirect = connection_arg(node)
                if indirect is not None and isinstance(indirect[0].value, cst.Name):
                    followed(indirect[0].value.value, node, indirect[1])
                keywords = dict_payload(node)  # `dict(type="session.update", session=session)`
                if keywords is not None and keywords[0] is not None and isinstance(keywords[0].value, cst.Name):
                    followed(keywords[0].value.value, node, keywords[1])
            else:
                named = payload_name(node, rule.parent)
                if named is not None:
                    followed(named[0], node, named[1])
        for write, value, kind in written_configs(rule):  # `payload["session"] = session`
            if isinstance(value, cst.Dict):
                handled.add(id(value))
            elif isinstance(value, cst.Name):
                followed(value.value, write, kind)
        for arg, kind in helper_arguments(rule):
            if isinstance(arg.value, cst.Dict):
                handled.add(id(arg.value))
            elif isinstance(arg.value, cst.Name):
                followed(arg.value.value, arg, kind)
        handled.update(id(value) for value, _ in returned_configs(rule))
        return handled

    return rule.tree.once(_handled_configs, compute)


def _fixed_configs(rule: Rule) -> set[int]:
    """The dicts the config rules fix: those of `_handled_configs`, and in beta code the
    whole sessions bound to a name whose request is not seen (an unsafe fix)."""

    def compute() -> set[int]:
        return _handled_configs(rule) | {id(node) for node in whole_sessions(rule)}

    return rule.tree.once(_fixed_configs, compute)


def _followed(rule: Rule, handled: set[int]) -> Callable[[cst.BaseExpression], bool]:
    """Whether the name an access starts from (`cfg` of `cfg["session"]["voice"]`) is
    bound, seen from there, only to configs the config rules rewrite (once, or on
    several paths as one): its reads and writes move with that fix (python/flow.py),
    or name why it is unsafe."""

    def followed(access: cst.BaseExpression) -> bool:
        name = _root_name(access)
        values = assigned_values(rule, name, access, annotated=True) if name is not None else []
        return bool(values) and all(id(d) in handled for v in values for d in (literal_branches(v) or [v]))

    return followed


def _root_name(node: cst.BaseExpression) -> str | None:
    """`cfg` of `cfg["session"]["voice"]` (or of `cfg`)."""
    while isinstance(node, (cst.Subscript, cst.Attribute)):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


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

    An app's own class of the event (`class SessionUpdateEvent(BaseModel)`
    with `type: Literal["session.update"]` and `session: SessionProperties`)
    sends its session class as it is: the beta fields of that class are
    reported where it declares them.

    Not reported in GA code, where such names are the app's own settings or
    kept for a server that still speaks beta, except in a GA session itself
    (`"type": "realtime"` beside `"audio"`), which GA refuses with them;
    payloads that RT301–RT304 rewrite are theirs.
    """

    code = "RT306"
    name = "beta-session-field"
    speaks = True  # (it has no fix: a module that holds such fields keeps its other protocol fixes waiting)

    VALID = (
        'import openai\nconn.session.update(session={"input_audio_format": "pcm16"})\n',  # RT301's
        'from openai.types.realtime import RealtimeSessionCreateRequest\nDEFAULTS = {"input_audio_format": "pcm16"}\n',
        'import openai\nsettings = {"modalities": ["text"]}\n',
        # a framework's own settings class that kept the beta names
        'import openai\noptions = Options(voice="verse", input_audio_transcription={"model": "whisper-1"})\n',
        # the app's own session class in the GA shape
        "import openai\nfrom typing import Literal, Optional\nfrom pydantic import BaseModel\n"
        "class SessionProperties(BaseModel):\n    type: str = \"realtime\"\n    output_modalities: Optional[list] = None\n"
        'class SessionUpdateEvent(BaseModel):\n    type: Literal["session.update"] = "session.update"\n    session: SessionProperties\n',
        # in GA code, a GA session with GA fields only
        'import openai\nSESSION = {"type": "realtime", "audio": {"output": {"voice": "marin"}}, "output_modalities": ["audio"]}\n',
        # a class of the app's own with one such field is no mirror of the session
        "import openai\nfrom dataclasses import dataclass\n@dataclass\nclass Recording:\n    input_audio_format: str = \"pcm16\"\n",
        # a config written into its payload by name: RT301 fixes it where it is bound
        'import openai\nimport json\ndef go(ws):\n    session = {"voice": "ash", "input_audio_format": "pcm16"}\n    payload = {"type": "session.update"}\n'
        '    payload["session"] = session\n    ws.send(json.dumps(payload))\n',
        # a write into a payload RT301 rewrites moves with its fix
        'import openai\ncfg: dict = {"type": "session.update", "session": {"voice": "ash"}}\n'
        'cfg["session"]["input_audio_noise_reduction"] = {"type": "near_field"}\nws.send(json.dumps(cfg))\n',
    )
    INVALID = (
        # beside a key of the app's own, no whole session (a whole one is RT301's, unsafe)
        Invalid('import openai\nBASE = {"voice": "verse", "input_audio_format": "pcm16", "sample_rate": 24000}\n'),
        # posted to the app's own relay, which rtmigrate cannot see (a key request's body is RT402's)
        Invalid('import openai\nimport requests\nrequests.post("http://localhost:8080/session", json={"voice": "verse", "input_audio_format": "pcm16"})\n'),

        Invalid('import openai\ndef tune(session):\n    session["max_response_output_tokens"] = 200\n'),
        # a config bound on two paths to literals of other keys: not followed, so neither is fixed
        Invalid(
            'import openai\nimport json\ndef go(ws, phone):\n    if phone:\n        session = {"voice": "ash", "input_audio_format": "g711_ulaw"}\n'
            '    else:\n        session = {"voice": "ash"}\n    ws.send(json.dumps({"type": "session.update", "session": session}))\n'
        ),
        # the app's own classes of the event and its session
        Invalid(
            "import openai\nfrom typing import Literal, Optional\nfrom pydantic import BaseModel\n"
            "class SessionProperties(BaseModel):\n    voice: Optional[str] = None\n    input_audio_format: Optional[str] = None\n"
            'class SessionUpdateEvent(BaseModel):\n    type: Literal["session.update"] = "session.update"\n    session: SessionProperties\n'
        ),
        # the app's own mirror of the beta session, whose event class is in a module of its own
        Invalid(
            "import openai\nfrom pydantic import BaseModel\n"
            "class SessionConfig(BaseModel):\n    voice: str | None = None\n    input_audio_format: str | None = None\n"
            "    max_response_output_tokens: int | None = None\n"
        ),
        Invalid('import openai\ndef parse(raw):\n    fields = dict(raw)\n    return fields.pop("input_audio_format"), fields.get("input_audio_transcription")\n'),
        Invalid(
            "from openai.types.beta.realtime.session_update_event import Session\n"
            's = Session(modalities=["text"], input_audio_format=fmt)\n'
        ),
        # in GA code, a GA session that still holds beta fields
        Invalid('import openai\nSESSION = {"type": "realtime", "audio": {"output": {"voice": "marin"}}, "input_audio_transcription": {"model": "m"}}\n'),
        # the app's own mirror of the beta session, built with its beta fields
        Invalid(
            "import openai\nfrom pydantic import BaseModel\n"
            "class SessionConfig(BaseModel):\n    input_audio_format: str | None = None\n    max_response_output_tokens: int | None = None\n"
            "config = SessionConfig(max_response_output_tokens=1024)\n"
        ),
    )

    def finish(self) -> None:
        if self.context.ga:
            self._mixed()
            return
        handled = _fixed_configs(self)
        followed = _followed(self, handled)
        for node in self.nodes(cst.Dict):
            if id(node) in handled or self._inside_other_settings(node) or self._part_of(node, followed):
                continue
            keys = [(string_value(e.key), e.key) for e in node.elements if isinstance(e, cst.DictElement)]
            names = {k for k, _ in keys}
            if names & DISTINCTIVE_FIELDS:
                fields = [(k, n) for k, n in keys if k in DISTINCTIVE_FIELDS or k == "modalities"]
                self._report(node, [k for k, _ in fields])
        served = {id(read) for read, _, _ in server_reads(self)}  # RT308's
        for node in self.nodes(cst.Subscript):
            key = node.slice[0].slice if len(node.slice) == 1 else None
            name = string_value(key.value) if isinstance(key, cst.Index) else None
            if name in DISTINCTIVE_FIELDS and id(node) not in served and not followed(node.value):
                self._report(node, [name])
        for call in self.nodes(cst.Call):
            func = call.func
            if isinstance(func, cst.Attribute) and func.attr.value in _KEY_METHODS and call.args and call.args[0].keyword is None:
                name = string_value(call.args[0].value)  # `d.get("input_audio_format")`, `d.pop(...)`: a field read by name
                if name in DISTINCTIVE_FIELDS and id(call) not in served and not followed(func.value):
                    self._report(call, [name])
            # keywords only for the beta types themselves: frameworks keep these names in their own settings classes
            if self._beta_type(call):
                names = [a.keyword.value for a in call.args if a.keyword is not None]
                if set(names) & (DISTINCTIVE_FIELDS | {"modalities"}):
                    fields = [n for n in names if n in DISTINCTIVE_FIELDS or n == "modalities"]
                    self._report(call, fields, typed=self._ga_class(call) or "the GA type of openai.types.realtime")

        self._own_session_classes()
        self._session_class_calls()

    def _mixed(self) -> None:
        """In GA code: a GA session (`"type": "realtime"` beside `"audio"` or `"output_modalities"`)
        that still holds beta fields, which the GA API refuses."""
        for node in self.nodes(cst.Dict):
            keys = {string_value(e.key): e.value for e in node.elements if isinstance(e, cst.DictElement)}
            beta = [k for k in keys if k in DISTINCTIVE_FIELDS or k == "modalities"]
            if string_value(keys.get("type")) in GA_SESSION_TYPES and keys.keys() & GA_SESSION_KEYS and beta:
                self.report(node, still_beta(beta), hint=f"in GA: {ga_places(beta)}")

    def _session_class_calls(self) -> None:
        """`SessionConfig(modalities=[...], max_response_output_tokens=1024)`: the app's own
        class shaped as the beta session (declared here, or in a module this one imports),
        built with beta fields. They change with the class."""
        calls = []
        for call in self.nodes(cst.Call):
            fields = [a.keyword.value for a in call.args if a.keyword is not None and (a.keyword.value in DISTINCTIVE_FIELDS or a.keyword.value == "modalities")]
            name = (dotted_name(call.func) or "").rpartition(".")[2]
            if fields and name[:1].isupper():
                calls.append((call, name, fields))
        if not calls:
            return
        own = {cls.name.value for cls in self.nodes(cst.ClassDef) if len(set(class_fields(cls)) & DISTINCTIVE_FIELDS) >= 2}
        known = own | set(self.context.collector.project.value.session_classes)
        for call, name, fields in calls:
            if name in known:
                self.report(call, f"`{name}` is built with beta session fields, a class of the app's own shaped as the beta session",
                            hint=f"in GA: {ga_places(fields)}; the class must take the GA shape")

    def _own_session_classes(self) -> None:
        """`class SessionUpdateEvent(BaseModel): type: Literal["session.update"]; session: SessionProperties`:
        the app's own class of the event, whose session is a class of its own with
        beta fields. They are what is sent: each beta field is reported there."""
        classes = {cls.name.value: cls for cls in self.nodes(cst.ClassDef)}
        sent: dict[str, str] = {}  # a session class → the event class that sends it
        for cls in classes.values():
            event = literal_type(cls)
            if event not in PAYLOAD_EVENTS or PAYLOAD_EVENTS[event][0] != "session":
                continue
            held = class_fields(cls).get("session")
            session = classes.get(dotted_name(held.annotation.annotation) or "") if held is not None else None
            if session is not None:
                sent[session.name.value] = cls.name.value
        for name, session in classes.items():
            fields = class_fields(session)
            beta = [n for n in fields if n in DISTINCTIVE_FIELDS]
            # a class sent as an event's session; or one of the app's own that mirrors the beta session
            # (its event class in a module of its own, `realtime_client/models/config.py`)
            if not beta or (name not in sent and len(beta) < 2):
                continue
            why = f"sent as the session of `{sent[name]}`" if name in sent else "a class of the app's own shaped as the beta session"
            for field in [*beta, *(["modalities"] if "modalities" in fields else [])]:
                self.report(
                    fields[field],
                    f"`{name}.{field}` is a beta session field, {why}",
                    hint=f"in GA: {ga_places([field])}; the class must take the GA shape",
                )

    def _part_of(self, node: cst.Dict, followed: Callable[[cst.BaseExpression], bool]) -> bool:
        """`cfg.update({...})` of a config the config rules rewrite: the part moves with
        that fix, or is named as the use it cannot follow."""
        arg = self.parent(node)
        call = self.parent(arg) if isinstance(arg, cst.Arg) and arg.keyword is None else None
        func = call.func if isinstance(call, cst.Call) else None
        return isinstance(func, cst.Attribute) and func.attr.value == "update" and followed(func.value)

    def _inside_other_settings(self, node: cst.Dict) -> bool:
        """A dict given under another name (`model_settings={...}`,
        `{"initial_model_settings": {...}}`) is another library's settings."""
        parent = self.parent(node)
        if isinstance(parent, cst.DictElement) and parent.value is node:
            return string_value(parent.key) not in _PAYLOAD_KEYS
        if isinstance(parent, cst.Arg) and parent.keyword is not None:
            return parent.keyword.value not in _PAYLOAD_KEYS | _BODY_KEYWORDS
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
        places = ga_places(names)
        where = "a beta type built with beta session fields" if typed else "beta session fields where rtmigrate cannot see the request"
        self.report(node, where, hint=f"in GA: {places}" + (f"; build `{typed}` instead" if typed else ""))


_KEY_METHODS = frozenset({"get", "pop", "setdefault"})


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
    `output_audio`; user content stays `input_text` / `input_audio`. Fixed
    where the item is sent: in a `conversation.item.create` payload, or given
    to the SDK's `conversation.item.create(item=...)`. Elsewhere (an item the
    app keeps for its own display, say) it is reported with no fix.

    Example:

        conn.send({"type": "conversation.item.create", "item": {"type": "message", "role": "assistant", "content": [{"type": "text", "text": "Hi"}]}})

    Fix:

        conn.send({"type": "conversation.item.create", "item": {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Hi"}]}})

    The other way round, code that reads the content of the items the
    server sends (`for part in item["content"]: if part["type"] == "audio"`,
    `item.content[0].type == "text"`) finds `output_audio` / `output_text`
    there on GA: the comparison would silently stop matching. An item is an
    event's `item`, or one of a response's `output`; the content of anything
    else (a chat message, another provider's reply, a library's own item
    class) has content types of its own. GA code is left alone. It moves with
    the module's other protocol fixes. The content-part events
    (`response.content_part.added`, whose `part` is no item's `content`) keep
    `audio` and `text`, and are left alone. Where the module also keeps an
    item of its own typed the beta way (reported above, with no fix), the
    read may see both, and its fix is unsafe.
    """

    code = "RT305"
    name = "assistant-content-type"
    speaks = True
    holds = False  # an item reported with no fix is one the module keeps for itself

    VALID = (
        # a content-part event's part keeps its type in GA
        'import openai\ndef on(event):\n    if event["part"]["type"] == "audio":\n        return event["part"]["transcript"]\n',
        # the content of what is no Realtime item (a chat message, another provider's reply, a library's own item) has types of its own
        'import openai\ndef text(message, reply, item):\n    return [p for p in message["content"] if p["type"] == "text"] + [b for b in reply.content if b.type == "text"] + [item.content[0].type == "text"]\n',
        # a server event built in code (a test's fake server): the server's content types
        'import openai\nev = {"type": "response.output_item.done", "item": {"role": "assistant", "content": [{"type": "text", "text": "Hi"}]}}\n',
        'import openai\nitem = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]}\n',
        'import openai\nitem = {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Hi"}]}\n',
    )
    INVALID = (
        Invalid(
            'import openai\nconn.send({"type": "conversation.item.create", "item": {"type": "message", "role": "assistant", "content": [{"type": "text", "text": "Hi"}]}})\n',
            'import openai\nconn.send({"type": "conversation.item.create", "item": {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Hi"}]}})\n',
        ),
        Invalid(
            'import openai\nawait conn.conversation.item.create(item={"type": "message", "role": "assistant", "content": [{"type": "text", "text": "Hi"}]})\n',
            'import openai\nawait conn.conversation.item.create(item={"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Hi"}]})\n',
        ),
        # an item kept apart (for the app's own display, perhaps): reported, not fixed
        Invalid('import openai\nitem = {"type": "message", "role": "assistant", "content": [{"type": "text", "text": "Hi"}]}\n'),
        # the content of an item the server sent, read by its type
        Invalid(
            'import openai\ndef transcript(event):\n    for part in event["item"]["content"]:\n        if part["type"] == "audio":\n            return part["transcript"]\n',
            'import openai\ndef transcript(event):\n    for part in event["item"]["content"]:\n        if part["type"] == "output_audio":\n            return part["transcript"]\n',
        ),
        Invalid(
            'import openai\ndef text(event):\n    return next((c.text for c in event.item.content if c.type == "text"), "")\n',
            'import openai\ndef text(event):\n    return next((c.text for c in event.item.content if c.type == "output_text"), "")\n',
        ),
    )

    def finish(self) -> None:
        """`part["type"] == "audio"`, where `part` is a content part of an item (in
        beta code: a GA module's reads are its own)."""
        reads = []
        for node in self.nodes(cst.Comparison) if not self.context.ga else ():
            if len(node.comparisons) != 1 or not isinstance(node.comparisons[0].operator, (cst.Equal, cst.NotEqual)):
                continue
            other = node.comparisons[0].comparator
            for read, literal in ((node.left, other), (other, node.left)):
                value = string_value(literal)
                if value in ASSISTANT_CONTENT_TYPES and isinstance(literal, cst.SimpleString) and self._part_type(read):
                    reads.append((literal, value))
        # an item of the module's own, typed the beta way, may be what the read sees too
        kept = any(r.fix is None for r in self.reports)
        for literal, value in reads:
            ga = ASSISTANT_CONTENT_TYPES[value]
            edit = Edit(literal, with_string_value(literal, ga))
            fix = Fix(Applicability.UNSAFE, f'use "{ga}"', (edit,)) if kept else Fix.safe(f'use "{ga}"', edit)
            self.report(literal, f'the content of an item the server sends is typed "{ga}" in GA, not "{value}"'
                        + ("; the fix is unsafe: the module keeps an item of its own typed the beta way" if kept else ""), fix)

    def _part_type(self, read: cst.BaseExpression) -> bool:
        """`X["type"]`, `X.get("type")` or `X.type`, where `X` is a content part of an item."""
        holder = _keyed(read, "type")
        if holder is None:
            return False
        if self._one_part(holder, read):  # `item["content"][0]`
            return True
        if not isinstance(holder, cst.Name):
            return False
        for target, parts, loop in self._loops(read):  # `for part in item["content"]`, or a comprehension's `for`
            if isinstance(parts, cst.Call) and dotted_name(parts.func) == "enumerate" and parts.args and isinstance(target, cst.Tuple):
                target, parts = target.elements[-1].value, parts.args[0].value  # `for i, part in enumerate(...)`
            if isinstance(target, cst.Name) and target.value == holder.value:
                return self._parts(parts, loop)
        values = assigned_values(self, holder.value, read)  # `part = item["content"][0]`, then `part["type"]`
        return len(values) == 1 and self._one_part(values[0], read)

    def _loops(self, node: cst.CSTNode) -> Iterator[tuple[cst.BaseExpression, cst.BaseExpression, cst.CSTNode]]:
        """(target, what it iterates, the loop) of each `for` around ``node``, a
        comprehension's too, innermost first."""
        for outer in self.ancestors(node):
            if isinstance(outer, cst.For):
                yield outer.target, outer.iter, outer
            comp = getattr(outer, "for_in", None)
            while isinstance(comp, cst.CompFor):
                yield comp.target, comp.iter, comp
                comp = comp.inner_for_in

    def _one_part(self, node: cst.BaseExpression, use: cst.CSTNode) -> bool:
        """`item["content"][0]`: one content part of an item."""
        parts = _first(node)
        return parts is not None and self._parts(parts, use)

    def _parts(self, node: cst.BaseExpression, use: cst.CSTNode) -> bool:
        """The content parts of an item: read there, or a name bound once to them
        (`parts = item.get("content", [])`)."""
        if isinstance(node, cst.Name):
            values = assigned_values(self, node.value, use)
            return len(values) == 1 and not isinstance(values[0], cst.Name) and self._parts(values[0], use)
        if isinstance(node, cst.BooleanOperation):  # `item.get("content") or []`
            node = node.left
        holder = _keyed(node, "content")
        return holder is not None and self._item(holder, use)

    def _item(self, node: cst.BaseExpression, use: cst.CSTNode) -> bool:
        """Is ``node`` an item of the Realtime protocol: an event's `item`, or one of a
        response's `output`? (The `content` of anything else, a chat message's,
        another provider's reply or a library's own item, has content types of its
        own.)"""
        if _keyed(node, "item") is not None:
            return True
        first = _first(node)
        if first is not None and _keyed(first, "output") is not None:  # `response["output"][0]`
            return True
        return isinstance(node, cst.Name) and any(  # `for item in response["output"]`
            isinstance(target, cst.Name) and target.value == node.value and _keyed(parts, "output") is not None for target, parts, _ in self._loops(use)
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
                        fix = Fix.safe(f'use "{ga}"', Edit(e.value, with_string_value(e.value, ga))) if self._sent(node) else None
                        self.report(e.value, f'assistant content "{beta}" is "{ga}" in GA', fix,
                                    hint=None if fix else f'use "{ga}" where the item is sent to the server')

    def _sent(self, node: cst.Dict) -> bool:
        """Is the item sent: in a `conversation.item.create` payload, or given to the SDK's method of that name?"""
        for outer in self.ancestors(node):
            if isinstance(outer, cst.Dict) and any(
                isinstance(e, cst.DictElement) and string_value(e.key) == "type" and string_value(e.value) == ITEM_CREATE_EVENT for e in outer.elements
            ):
                return True
            if isinstance(outer, cst.Call) and (dotted_name(outer.func) or "").endswith(ITEM_CREATE_EVENT):
                return True
        return False

    def _sent_by_server(self, node: cst.Dict) -> bool:
        """Is the item inside a server event built in code (`{"type": "response.output_item.added", "item": ...}`)?"""
        for outer in self.ancestors(node):
            if isinstance(outer, cst.Dict):
                kind = next((string_value(e.value) for e in outer.elements if isinstance(e, cst.DictElement) and string_value(e.key) == "type"), None)
                if kind in SERVER_ITEM_EVENTS:
                    return True
        return False


def _first(node: cst.BaseExpression) -> cst.BaseExpression | None:
    """What ``node`` takes an element of by a number (`parts[0]`), else None."""
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        return node.value if isinstance(node.slice[0].slice.value, cst.Integer) else None
    return None


def _keyed(node: cst.BaseExpression, key: str) -> cst.BaseExpression | None:
    """What ``node`` reads ``key`` of (`x["key"]`, `x.key`, `x.get("key", ...)`), else None."""
    if isinstance(node, cst.Subscript):
        return node.value if _index_key(node) == key else None
    if isinstance(node, cst.Attribute):
        return node.value if node.attr.value == key else None
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get" and node.args:
        return node.func.value if string_value(node.args[0].value) == key else None
    return None


__all__ = ["dotted_name", "find_configs", "plan"]
