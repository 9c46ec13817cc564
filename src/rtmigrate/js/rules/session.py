"""Session, response and ephemeral-key payloads in object literals (facts §2–§6):
the session planner's decisions (plans/session.py) written as text edits."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...core.diagnostics import Applicability, Fix, TextEdit, excerpt
from ...core import jsontext
from ...core.plans.session import RESTATED_HINT, Decision, decide, dropping, ga_places, still_beta, why_unsafe
from ...core.ruledoc import Invalid
from ...core.tables.context import GA_SESSION_KEYS, GA_SESSION_TYPES
from ...core.tables.events import ITEM_CREATE_EVENT, SERVER_ITEM_EVENTS
from ...core.tables.session import ASSISTANT_CONTENT_TYPES, COMPARING_CALLS, DISTINCTIVE_FIELDS, PAYLOAD_EVENTS
from .. import syntax
from ..layout import span_of
from ..flow import follow, in_log_line
from ..rule import JsRule
from .endpoints import key_request_bodies
from .server_sessions import beta_reads_stay

if TYPE_CHECKING:
    from tree_sitter import Node


from ..configs import (
    Found, accept_config, calls_of, configs_returned_for, helper_config, left_out_with_move, loaded_config, named_config, payload_config,
    dropped_entries, keyless_payload, payload_event, planned_edits, returned_config, sent_parameters, unseen_config,
    whole_session_object, written_config, written_into,
)

# Test matchers that compare only the keys they are given: a payload there
# without a `type` claims nothing about the type.
PARTIAL_MATCHERS = frozenset({"toMatchObject", "objectContaining", "partialDeepStrictEqual"})


def _in_partial_matcher(node: "Node") -> bool:
    call = syntax.enclosing(node, "call_expression")
    while call is not None:
        names = syntax.member_names(call.child_by_field_name("function"))
        if names and names[-1] in PARTIAL_MATCHERS:
            return True
        call = syntax.enclosing(call, "call_expression")
    return False


# `session: params`, `response: { ...params }`: a payload whose config is a name (a function's parameter, maybe)
_SENDS_A_NAME = re.compile(rb"""\b(?:session|response)["']?\s*:\s*(?:\{\s*\.\.\.\s*)?[A-Za-z_$][\w$]*\s*[,}\n]""")


def _spread_only(obj: "Node") -> bool:
    items = list(syntax.entries(obj))
    return len(items) == 1 and items[0].type == "spread_element"


class _ConfigRule(JsRule):
    KINDS: frozenset[str] = frozenset()
    MESSAGE = ""

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.server_fakes: list[tuple[Found, Decision]] = []  # server events built here: checked in `finish`
        self.returned: set[int] = set()  # the objects functions return that payloads send, checked once
        self.loaded: list[tuple["Node", "Node"]] = []  # (a config sent by name, the call that reads it when the code runs)
        self.type_only: set[int] = set()  # the configs whose only change is the GA `type` (none, in a translation file)
        self.unseen: list["Node"] = []  # configs sent that are built where rtmigrate cannot see them
        self.keyless: list["Node"] = []  # payloads written with no config, which is added where it is not followed
        self.taken: set[int] = set()  # the objects found as configs of any kind, by id
        self.texts: list[tuple["Node", str]] = []  # beta payloads written as text no fix rewrites, and their kind
        self.whole: list["Node"] = []  # whole beta sessions declared with a name: fixed in `finish` where nothing else takes them

    def _helpers(self, root: "Node") -> dict:
        """The file's functions that send a parameter as a config, worked out once per file
        (and only where a payload's config is a name, or a spread of one, at all)."""
        if "helpers" not in self.shared:
            self.shared["helpers"] = sent_parameters(root) if _SENDS_A_NAME.search(self.source) else {}
        return self.shared["helpers"]  # type: ignore[return-value]

    def visit_object(self, node: "Node") -> None:
        found = payload_config(node) or named_config(node) or accept_config(node) or helper_config(node, self._helpers)
        if found is not None and found.obj != node and _spread_only(found.obj) and self._spread_of_helper(node):
            return  # `session: { ...params }` in a function whose every caller's object is fixed where it is written
        if found is None and "realtime" in self.KINDS and whole_session_object(node):
            self.whole.append(node)
        if found is None:
            loaded = loaded_config(node)
            if loaded is not None:
                self.loaded.append(loaded)  # judged in `finish`, once the file's own beta code is known
            elif (unseen := unseen_config(node)) is not None:
                self.unseen.append(unseen)  # (likewise)
            elif keyless_payload(node) and PAYLOAD_EVENTS[payload_event(node)[1]][1] in self.KINDS:  # type: ignore[index]
                written = written_into(node)  # `payload.session = {...}`: the config is where it is written
                for config in written:
                    self._found(config, config.obj)
                if not written:
                    self.keyless.append(node)  # (judged in `finish`, likewise)
            for returned in configs_returned_for(node):  # `session: sessionConfig()`: what the function returns
                if returned.obj.id not in self.returned:  # (once, however many payloads send it)
                    self.returned.add(returned.obj.id)
                    self._found(returned, returned.obj)
            return
        self._found(found, node)

    def _found(self, found: Found, node: "Node") -> None:
        self.taken.update([found.obj.id, *(obj.id for obj in found.together)])
        decision = decide(syntax.config(found.obj, lambda name: self._constant(node, name)), found.kind, reckon=True)
        if decision is None or decision.kind not in self.KINDS:
            return
        if not (decision.moves or decision.removed or decision.notes) and _in_partial_matcher(node):
            return  # `expect(sent).toMatchObject({ type: "session.update", session: { model } })`
        if found.server:
            self.server_fakes.append((found, decision))
            return  # decided in `finish`, once the file is known to be GA code or not
        if decision.kind == "realtime" and not (decision.moves or decision.removed or decision.notes or decision.reckoned):
            self.type_only.add(found.obj.id)
        self.check(found, decision)

    def visit_string(self, node: "Node") -> None:
        """A payload written as JSON text in a single-quoted string (`ws.send('{"type":
        "session.update", ...}')`): the same GA shape, in the text's own layout."""
        raw = syntax.text(node)
        if not self.MESSAGE or "{" not in raw or "type" not in raw:
            return
        if raw[:1] != "'" or "\\" in raw:
            self._unwritten(node, raw)  # (JSON in a double-quoted string needs escapes: left to a person)
            return
        self._rewritten(node, syntax.string_value(node) or "", "'")

    def _rewritten(self, node: "Node", value: str, quote: str) -> None:
        """The payloads of JSON text ``value`` (the content of ``node``, between its
        ``quote``s, with no escapes or holes), each moved in the text's own layout."""
        for found in jsontext.payloads(value, self.KINDS):
            new_text = value[: found.span.start] + found.text + value[found.span.end :]
            if found.event != found.ga_event or quote in new_text or "${" in new_text:
                break  # (its event renamed too, or a quote of its own: left to a person)
            dropped = found.dropped
            start, end = syntax.content_range(node)
            fix = Fix(Applicability.UNSAFE if dropped else Applicability.SAFE, "; ".join(found.decision.moved), (TextEdit(start, end, new_text),))
            self.report(node, self.MESSAGE.format(kind=found.decision.kind) + (f"; the fix is unsafe: {dropping(dropped)}" if dropped else ""), fix)
            return  # one payload a string: the next pass sees the rest
        parent = node.parent
        if parent is not None and parent.type == "binary_expression" and syntax.text(parent.child_by_field_name("operator")) == "+":
            self._unwritten(node, value)  # or a payload the text holds only in part (`'{"session": {"voice": "' + v + '"}}'`)

    def visit_template_string(self, node: "Node") -> None:
        """A payload written in a template (`ws.send(`{"type": "session.update", ...}`)`):
        moved like one in a single-quoted string where it has no holes; where it has,
        they are filled in when the code runs, so no fix is written, and a beta one is
        reported."""
        raw = syntax.text(node)
        if not self.MESSAGE or "{" not in raw or "type" not in raw:
            return
        if "${" in raw or "\\" in raw:
            self._unwritten(node, raw)
        else:
            self._rewritten(node, raw[1:-1], "`")

    def _unwritten(self, node: "Node", text: str) -> None:
        if in_log_line(node):
            return  # shown, not sent
        kind = jsontext.unwritten(text, self.KINDS)
        if kind is not None:
            self.texts.append((node, kind))  # reported in `finish`, in beta code

    def _spread_of_helper(self, payload: "Node") -> bool:
        root = syntax.root(payload)
        for name, (index, _, _, sent) in self._helpers(root).items():
            if sent == payload:
                calls = calls_of(root, name)
                return bool(calls) and all(
                    index < len(args := syntax.arguments(call)) and syntax.unwrap(args[index]) is not None and syntax.unwrap(args[index]).type == "object"
                    for call in calls
                )
        return False

    def finish(self) -> None:
        if self.type_only and self.context.collector.translation:  # a GA translation session's update takes no `type`
            self.reports = [r for r in self.reports if r.node.id not in self.type_only]
        if self.context.ga:
            return  # GA code faking a server that still speaks beta: on purpose
        for found, decision in self.server_fakes:
            self.check(found, decision)
        for node, kind in self.texts:
            self.report(node, self.MESSAGE.format(kind=kind) + jsontext.UNWRITTEN, hint=jsontext.UNWRITTEN_HINT)
        bodies = key_request_bodies(syntax.root(self.whole[0])) if self.whole else set()
        for obj in self.whole:  # `const SESSION = {...}`, a whole beta session whose request is not seen
            if obj.id not in self.taken and obj.id not in bodies:
                self._found(Found(obj, "realtime", None, unseen_request=True), obj)

    def _constant(self, node: "Node", name: str) -> object:
        """The value of a module constant (`const FORMAT = "g711_ulaw"`), worked out once
        per file, when a config first names one (``node``: any node of the file)."""
        if "constants" not in self.shared:
            while node.parent is not None:
                node = node.parent
            self.shared["constants"] = syntax.module_constants(node)
        return self.shared["constants"].get(name)  # type: ignore[union-attr]

    def check(self, found: Found, decision: Decision) -> None:
        others = [(obj, decide(syntax.config(obj, lambda name: self._constant(obj, name)), found.kind, reckon=True)) for obj in found.together]
        shape = lambda d: (d.kind, d.add_type, sorted(m.path for m in d.moves.values()))  # noqa: E731
        if others and (decision.tables or any(other is None or other.tables or shape(other) != shape(decision) for _, other in others)):
            self.report(found.obj, self.MESSAGE.format(kind=decision.kind) + " on one of the paths that bind it, and the others differ")
            return
        if decision.changes:
            own = planned_edits(found.obj, decision, self.source, typed=self.grammar != "javascript")
            edits = list(own)
            for obj, other in others:  # the same name's objects on its other paths: in the one fix
                edits += planned_edits(obj, other, self.source, typed=self.grammar != "javascript")  # type: ignore[arg-type]
            followed = follow(found.obj, decision.kind, syntax.config(found.obj), decision, found.server, found.declarator, found.bindings, found.into)
            edits += followed.edits
            applicability = Applicability.UNSAFE if followed.blockers else Applicability.SAFE
            if any(other.notes or other.reckoned or dropped_entries(obj, other) for obj, other in others):  # type: ignore[union-attr]
                applicability = Applicability.UNSAFE
            # a server's fake moves no further than the file's reads of server sessions do
            stays = found.server and beta_reads_stay(self, found.obj)
            if stays:
                applicability = Applicability.UNSAFE
            # what the fix cannot move stays beta beside what it moves: a config half GA, which neither API takes
            half = bool(decision.notes)
            # a field GA has no place for (`temperature`) is left out: behaviour changes, so unsafe
            # (where it cannot be left out cleanly, RT304's own fix takes it, and this one leaves it)
            # (one set to the beta's own default is left out with no change: it keeps the fix safe)
            dropped = [syntax.key_name(entry) for entry in dropped_entries(found.obj, decision)]
            if decision.removed:
                others = [e for e in edits if e not in own]
                moved = left_out_with_move(found.obj, decision, self.source, own, others, typed=self.grammar != "javascript")
                half = half or moved is None
                if moved is not None:
                    edits = others + moved
            if half or dropped or decision.reckoned or found.unseen_request:
                applicability = Applicability.UNSAFE
            if found.event is not None:
                start, end = syntax.content_range(found.event)
                edits.append(TextEdit(start, end, found.ga_event))
                applicability = Applicability.UNSAFE
            message = self.MESSAGE.format(kind=decision.kind)
            if followed.typed:
                # the app's own type describes the beta shape: moving the value alone would not type-check
                self.report(found.obj, message + f"; its declared type `{followed.typed}` has the beta shape too",
                            hint="move the type's fields to the GA shape with the value, or build the session as the SDK's GA type")
                return
            why, hint = why_unsafe(followed.blockers, stays, half, found.server, dropped, decision.reckoned, found.unseen_request)
            message += why
            moved = list(decision.moved) + (["its reads follow"] if followed.edits else [])
            self.report(found.obj, message, Fix(applicability, "; ".join(moved), tuple(edits)), hint=hint)
        items = list(syntax.entries(found.obj))
        for note in decision.notes:
            entry = items[note.index]
            where = entry.child_by_field_name("key") if note.on == "key" and entry.type == "pair" else entry
            self.report(where, note.message.format(code=syntax.text(entry.child_by_field_name("value") or entry) if entry.type == "pair" else syntax.text(entry)), hint=note.hint)


class BetaSessionConfig(_ConfigRule):
    """Session configuration in the beta shape, in an object literal.

    The same GA shape as for Python, from the same planner: a `type`
    (`"realtime"` or `"transcription"`), audio fields under `audio.input` /
    `audio.output`, format names as format objects, `output_modalities`.
    Found in `{ type: "session.update", session: {...} }` payloads, however
    they are sent (`ws.send(JSON.stringify(...))`, a data channel,
    `rt.send(...)`). The object keeps its own layout, quotes and comments;
    moved entries take theirs along. A `transcription_session.update`
    payload becomes `session.update` with a `"transcription"` session, as an
    unsafe fix. What a function of the file returns, where a payload sends its
    result (`session: sessionConfig()`, or a name declared with it, `const
    session = sessionConfig()`), is a config too, followed into each call of
    the function. A client that takes the event name apart from its data
    (`rt.send("session.update", { session })`, or `send(ws, "session.update",
    {...})`: the data last) sends a payload too; data with no session there
    is reported, as the helper may send it as the session. The
    body of a request that accepts a SIP call
    (`fetch(`.../realtime/calls/${id}/accept`, { body: JSON.stringify({...}) })`)
    is a session, its fields at the top.

    A payload kept in a name is followed in its scope: `msg.session.voice`,
    `msg.session?.voice`, `msg["session"]["voice"]` and `"voice" in
    msg.session` move with the fix. A payload that goes where the fix cannot
    follow it (returned, exported, passed to a function that is not a send,
    spread, destructured, or declared with a type of its own) makes the fix
    unsafe, and the message names that use. A read of modalities whose GA
    list differs (`["audio"]` for `["audio", "text"]`) moves with the key, so
    that `msg.session.modalities.join(", ")` still finds a list, and the fix
    is unsafe and names it. As in Python, a server event
    built in beta code (`{ type: "session.created", session: {...} }`, a
    test's fake of the server) gets a GA session, and its reads follow; GA
    code faking a server that still speaks beta is left alone. A beta key
    written member by member after the literal (`msg.session.voice = v`,
    untyped or `any`) goes to its GA place, made on the way where the literal
    does not hold it (`((msg.session.audio ??= {}).output ??= {}).voice = v`),
    a format name or a literal list of modalities with its GA value.
    Modalities or a format the code holds (a name, a member, a call, a
    default such as `m ?? ["text"]`) get a GA value worked out when it runs
    (`m.includes("audio") ? ["audio"] : ["text"]`, a table of GA format
    objects), as an unsafe fix. What the planner cannot move otherwise (a
    spread, a template) is reported where it is, and the fix of the rest is
    then unsafe: it would leave a config half GA; the rest gets its `type`
    first, so that a spread that carries a type of its own still wins. A field GA has no place for (`temperature`) is
    left out with the move, and the fix is then unsafe: the model's default
    applies instead. A helper of the file that takes the event name
    apart and spreads the data into its payload (`(type, data) =>
    JSON.stringify({ type, ...data })`) sends it as it is. A payload written as
    JSON text in a single-quoted string (`ws.send('{"type": "session.update",
    ...}')`, a test's expected message), or in a template with no holes,
    moves the same way, in the text's own layout; text with escaped quotes,
    or a template whose holes the code fills in, is not rewritten, and a
    beta payload there is reported with no fix. A function of the
    file that sends one of its parameters as the session (`session: params`,
    or `session: { ...params }`; declared, bound to a name, or in React's
    `useCallback`) makes each caller's object literal there a session config,
    fixed where the caller wrote it; what the function does besides sending
    it makes the fix unsafe, and a declared parameter type of the app's own
    stops it.

    Example:

        dc.send(JSON.stringify({ type: "session.update", session: { voice: "verse", modalities: ["text", "audio"] } }));

    Fix:

        dc.send(JSON.stringify({ type: "session.update", session: { type: "realtime", audio: { output: { voice: "verse" } }, output_modalities: ["audio"] } }));

    A session the code reads when it runs (`const session =
    JSON.parse(text)`, then `{ type: "session.update", session }`, or
    `session: JSON.parse(text)`) holds what
    rtmigrate cannot see: in a module that still holds beta code of its own
    it is reported, with no fix, and the module's other protocol fixes wait.

    A session written into a payload written with none (`const payload = {
    type: "session.update" }`, then `payload.session = {...}` or
    `payload["session"] = {...}`) is fixed where it is written, and followed
    from the payload.

    A name bound on each path of a branch (`let session; if (phone) session =
    {...}; else session = {...}`, declared with one and bound again on a
    path, or `const session = phone ? {...} : {...}`) to object literals with
    the same keys is one config: its objects
    move in the one fix, with its reads, so that what is sent is GA on every
    path.

    A session built where rtmigrate cannot see it (imported from another
    module, `opts.session`, what a function of another module returns, or added
    to a payload written with none where it is not followed) is
    reported in the same way: a GA session must say its `type`, which a beta
    one never does. A name sent is the one its function declares (or a
    function around it), so a `const session` in each of two functions is each
    function's own.

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

    As in Python, a whole beta session declared with a name (`const
    sessionConfig = {...}`, with no type of the app's own) that no request
    rtmigrate sees sends is still a session: its fix is offered as unsafe,
    with its reads in the module. An object that also holds a key of the
    app's own is no whole session: RT306 reports it.
    """

    code = "RT301"
    name = "beta-session-config"
    speaks = True
    KINDS = frozenset({"realtime", "transcription"})
    MESSAGE = "beta {kind} session configuration"

    VALID = (
        # a class's own method that returns a GA payload its class sends
        'import OpenAI from "openai";\nclass Agent {\n  ws: any;\n  start() {\n    this.ws.send(JSON.stringify(this.build()));\n  }\n'
        '  private build() {\n    return { type: "session.update", session: { type: "realtime", audio: { output: { voice: "ash" } } } };\n  }\n}\n',
        # no whole session: beside a key of the app's own, merged with other data, or bound again (RT306 reports them)
        'import OpenAI from "openai";\nconst BASE = { voice: "verse", input_audio_format: "pcm16", sampleRate: 24000 };\n',
        'import OpenAI from "openai";\nconst BASE = { voice: "verse", input_audio_format: "pcm16" };\nexport const merged = (row) => ({ ...BASE, ...row });\n',
        'import OpenAI from "openai";\nlet base = { voice: "verse", input_audio_format: "pcm16" };\nif (fast) base = { voice: "ash", input_audio_format: "pcm16" };\n',
        # a log line's text of a payload: shown, not sent
        'const ws = new WebSocket(URL, { headers: { "OpenAI-Beta": "realtime=v1" } });\nconsole.log(`sent {"type": "session.update", "session": {"voice": "${v}"}}`);\n',
        # a session update with no `type` in a module that nothing else makes Realtime code: no
        # module of the protocol's beside it to say whose (in a project, one that imports it would)
        'ws.send(JSON.stringify({ type: "session.update", session: { tools: [], tool_choice: "auto" } }));\n',
        # a GA translation session's update: its type was set when it was created, and it takes none
        'import OpenAI from "openai";\nws.send(JSON.stringify({ type: "session.update", session: { audio: { output: { language: "es" } } } }));\n',
        'import OpenAI from "openai";\nws.send(JSON.stringify({ type: "session.update", session: { type: "realtime", instructions: "hi" } }));\n',
        # a partial match claims nothing about the keys it leaves out
        'import OpenAI from "openai";\nexpect(JSON.parse(sent[0])).toMatchObject({ type: "session.update", session: { model: "m" } });\n',
        # an event name beside data that holds no session (a log line)
        'import OpenAI from "openai";\nlog("session.update", { voice: "verse", input_audio_format: "pcm16" });\n',
        # GA code faking a server that still speaks beta
        'import { OpenAIRealtimeWS } from "openai/realtime/ws";\nconst fake = { type: "session.created", session: { voice: "ash" } };\n',
        # a GA translation session's update takes no `type`: a file that names translation events is GA code
        'import OpenAI from "openai";\nws.send(JSON.stringify({ type: "session.update", session: { instructions: "Be brief." } }));\n'
        'ws.on("message", (m) => { if (JSON.parse(m).type === "session.output_transcript.delta") show(m); });\n',
        # a session read when the code runs, in a module with no beta code of its own
        'import OpenAI from "openai";\nconst session = JSON.parse(text);\nws.send(JSON.stringify({ type: "session.update", session }));\n',
        # a payload that carries no config, in a module that still speaks beta: `response.create` needs none
        'const ws = new WebSocket(URL, { headers: { "OpenAI-Beta": "realtime=v1" } });\nws.send(JSON.stringify({ type: "response.create" }));\n',
        # a session built elsewhere, in a module with no beta code of its own; a parameter its callers give
        'import { SESSION } from "./settings";\nws.send(JSON.stringify({ type: "session.update", session: SESSION }));\n',
        'const ws = new WebSocket(URL, { headers: { "OpenAI-Beta": "realtime=v1" } });\n'
        'function configure(session) {\n  ws.send(JSON.stringify({ type: "session.update", session }));\n}\n',
        # a function of the file that sends its parameter as another event's data, not as a session
        'import OpenAI from "openai";\nfunction track(params) {\n  dc.send(JSON.stringify({ type: "metrics", data: params }));\n}\n'
        'track({ modalities: ["text"], turn_detection: null });\n',
        # an object handed to a constructor (`new`), not to a request
        'import OpenAI from "openai";\nconst e = new MessageEvent("message", { type: "session.update", data: "{}" });\n',
        # a SIP call accepted with a GA session, and a function returning one
        'import OpenAI from "openai";\nfetch(`https://api.openai.com/v1/realtime/calls/${id}/accept`, { method: "POST", body: JSON.stringify({ type: "realtime", audio: { output: { voice: "marin" } } }) });\n',
        'import OpenAI from "openai";\nfunction sessionConfig() {\n  return { type: "realtime", audio: { output: { voice: "verse" } } };\n}\n'
        'ws.send(JSON.stringify({ type: "session.update", session: sessionConfig() }));\n',
    )
    INVALID = (
        # a spread of what the code holds (`...config`, a browser's choices) may stay beta beside the fix (unsafe);
        # the type goes first, so a type the spread carries still wins
        Invalid(
            'import OpenAI from "openai";\nws.send(JSON.stringify({ type: "session.update", session: { voice: "ash", ...config } }));\n',
            'import OpenAI from "openai";\nws.send(JSON.stringify({ type: "session.update", session: { type: "realtime", audio: { output: { voice: "ash" } }, ...config } }));\n',
            unsafe=True,
        ),
        # a read of modalities whose list GA writes otherwise moves with the key: it finds GA's list (unsafe)
        Invalid(
            'import OpenAI from "openai";\nconst update = { type: "session.update", session: { modalities: ["audio", "text"] } };\nws.send(JSON.stringify(update));\n'
            'log(update.session.modalities.join(", "));\n',
            'import OpenAI from "openai";\nconst update = { type: "session.update", session: { type: "realtime", output_modalities: ["audio"] } };\nws.send(JSON.stringify(update));\n'
            'log(update.session.output_modalities.join(", "));\n',
            unsafe=True,
        ),
        # a class's own method (`private`, or `#build`) that returns the payload its class sends: followed into
        # its calls through `this`; a public one may be called from elsewhere, whose reads are not seen (unsafe)
        Invalid(
            'import OpenAI from "openai";\nclass Agent {\n  ws: any;\n  start() {\n    this.ws.send(JSON.stringify(this.build()));\n  }\n'
            '  private build() {\n    return { type: "session.update", session: { voice: "ash" } };\n  }\n}\n',
            'import OpenAI from "openai";\nclass Agent {\n  ws: any;\n  start() {\n    this.ws.send(JSON.stringify(this.build()));\n  }\n'
            '  private build() {\n    return { type: "session.update", session: { type: "realtime", audio: { output: { voice: "ash" } } } };\n  }\n}\n',
        ),
        Invalid(
            'import OpenAI from "openai";\nclass Agent {\n  ws: any;\n  start() {\n    this.ws.send(JSON.stringify(this.build()));\n  }\n'
            '  build() {\n    return { type: "session.update", session: { voice: "ash" } };\n  }\n}\n',
            'import OpenAI from "openai";\nclass Agent {\n  ws: any;\n  start() {\n    this.ws.send(JSON.stringify(this.build()));\n  }\n'
            '  build() {\n    return { type: "session.update", session: { type: "realtime", audio: { output: { voice: "ash" } } } };\n  }\n}\n',
            unsafe=True,
        ),
        # a builder that writes a field GA has no place for after the literal: it would send what GA refuses
        Invalid(
            'import OpenAI from "openai";\nfunction go(ws, voice, t) {\n  const session = { voice };\n  if (t) session.temperature = t;\n'
            '  ws.send(JSON.stringify({ type: "session.update", session }));\n}\n',
            'import OpenAI from "openai";\nfunction go(ws, voice, t) {\n  const session = { type: "realtime" as const, audio: { output: { voice: voice } } };\n  if (t) session.temperature = t;\n'
            '  ws.send(JSON.stringify({ type: "session.update", session }));\n}\n',
            unsafe=True,
        ),
        # a read of `modalities` whose GA list reads the same is moved with it, safely
        Invalid(
            'import OpenAI from "openai";\nfunction go(ws) {\n  const ev = { type: "session.update", session: { modalities: ["text"] } };\n'
            '  ws.send(JSON.stringify(ev));\n  console.log(ev.session.modalities);\n}\n',
            'import OpenAI from "openai";\nfunction go(ws) {\n  const ev = { type: "session.update", session: { type: "realtime", output_modalities: ["text"] } };\n'
            '  ws.send(JSON.stringify(ev));\n  console.log(ev.session.output_modalities);\n}\n',
        ),
        # `temperature` set to the beta's own default goes with the move, safely: the literal is written whole
        Invalid(
            'import OpenAI from "openai";\nrt.send({ type: "session.update", session: { voice: "alloy", temperature: 0.8 } });\n',
            'import OpenAI from "openai";\nrt.send({ type: "session.update", session: { type: "realtime", audio: { output: { voice: "alloy" } } } });\n',
        ),
        # a function of the file that logs what it is given, text or object: the object passes
        # `typeof` and the `JSON.parse` of text unread
        Invalid(
            'import OpenAI from "openai";\nfunction logEvent(event) {\n  const parsed = typeof event === "string" ? JSON.parse(event) : event;\n  console.log(parsed.type);\n}\n'
            'function configure(ws) {\n  const msg = { type: "session.update", session: { voice: "alloy" } };\n  logEvent(msg);\n  ws.send(JSON.stringify(msg));\n}\n',
            'import OpenAI from "openai";\nfunction logEvent(event) {\n  const parsed = typeof event === "string" ? JSON.parse(event) : event;\n  console.log(parsed.type);\n}\n'
            'function configure(ws) {\n  const msg = { type: "session.update", session: { type: "realtime", audio: { output: { voice: "alloy" } } } };\n  logEvent(msg);\n  ws.send(JSON.stringify(msg));\n}\n',
        ),
        # ... but one that reads a moved key of what may be something else is not followed
        Invalid(
            'import OpenAI from "openai";\nfunction logEvent(event) {\n  const parsed = typeof event === "string" ? JSON.parse(event) : event;\n  console.log(parsed.session.voice);\n}\n'
            'function configure(ws) {\n  const msg = { type: "session.update", session: { voice: "alloy" } };\n  logEvent(msg);\n  ws.send(JSON.stringify(msg));\n}\n',
            'import OpenAI from "openai";\nfunction logEvent(event) {\n  const parsed = typeof event === "string" ? JSON.parse(event) : event;\n  console.log(parsed.session.voice);\n}\n'
            'function configure(ws) {\n  const msg = { type: "session.update", session: { type: "realtime", audio: { output: { voice: "alloy" } } } };\n  logEvent(msg);\n  ws.send(JSON.stringify(msg));\n}\n',
            unsafe=True,
        ),
        # ... but not where the code reads it back: the read would find nothing
        Invalid(
            'import OpenAI from "openai";\nconst s = { voice: "alloy", temperature: 0.8 };\nrt.send({ type: "session.update", session: s });\nshow(s.temperature);\n',
            'import OpenAI from "openai";\nconst s = { type: "realtime" as const, audio: { output: { voice: "alloy" } } };\nrt.send({ type: "session.update", session: s });\nshow(s.temperature);\n',
            unsafe=True,
        ),
        # the event named apart from its data, which comes last (`send(ws, type, data)`)
        Invalid(
            'import OpenAI from "openai";\nsendEvent(ws, "session.update", { session: { voice: "ash" } });\n',
            'import OpenAI from "openai";\nsendEvent(ws, "session.update", { session: { type: "realtime", audio: { output: { voice: "ash" } } } });\n',
        ),
        # data with no session beside the event's name: what the helper makes of it is not followed
        Invalid('const ws = new WebSocket(URL, { headers: { "OpenAI-Beta": "realtime=v1" } });\nsendEvent("session.update", { voice: "ash", instructions: "hi" });\n'),
        # a payload in a template: moved where it has no holes; reported, with no fix, where the code fills them in
        Invalid(
            'import OpenAI from "openai";\nws.send(`{"type": "session.update", "session": {"voice": "verse"}}`);\n',
            'import OpenAI from "openai";\nws.send(`{"type": "session.update", "session": {"type": "realtime", "audio": {"output": {"voice": "verse"}}}}`);\n',
        ),
        Invalid('import OpenAI from "openai";\nws.send(`{"type": "session.update", "session": {"voice": "${voice}"}}`);\n'),
        Invalid('import OpenAI from "openai";\nws.send("{\\"type\\": \\"session.update\\", \\"session\\": {\\"voice\\": \\"verse\\"}}");\n'),
        # a whole beta session declared with a name, its request not seen (served to a page): unsafe, with its read
        Invalid(
            'import OpenAI from "openai";\nconst session = { voice: "verse", input_audio_format: "pcm16", instructions: "Be brief." };\n'
            'export const voice = () => session.voice;\n',
            'import OpenAI from "openai";\nconst session = { type: "realtime" as const, audio: { output: { voice: "verse" }, input: { format: { type: "audio/pcm", rate: 24000 } } }, instructions: "Be brief." };\n'
            'export const voice = () => session.audio.output.voice;\n',
            unsafe=True,
        ),
        # a branch for the beta that a setting picks, beside the GA default: kept on purpose, no fix
        Invalid(
            'import OpenAI from "openai";\nif (config.apiShape === "beta") {\n  ws.send(JSON.stringify({ type: "session.update", session: { voice: "verse" } }));\n'
            '} else {\n  ws.send(JSON.stringify({ type: "session.update", session: { type: "realtime", audio: { output: { voice: "verse" } } } }));\n}\n'
        ),
        # a function of the file returns the session its callers send
        Invalid(
            'import OpenAI from "openai";\nfunction sessionConfig() {\n  return { voice: "verse" };\n}\n'
            'ws.send(JSON.stringify({ type: "session.update", session: sessionConfig() }));\n',
            'import OpenAI from "openai";\nfunction sessionConfig() {\n  return { type: "realtime" as const, audio: { output: { voice: "verse" } } };\n}\n'
            'ws.send(JSON.stringify({ type: "session.update", session: sessionConfig() }));\n',
        ),
        # a SIP call accepted with its session
        Invalid(
            'import OpenAI from "openai";\nfetch(`https://api.openai.com/v1/realtime/calls/${id}/accept`, { method: "POST", body: JSON.stringify({ type: "realtime", voice: "marin" }) });\n',
            'import OpenAI from "openai";\nfetch(`https://api.openai.com/v1/realtime/calls/${id}/accept`, { method: "POST", body: JSON.stringify({ type: "realtime", audio: { output: { voice: "marin" } } }) });\n',
        ),
        # a helper that takes the event name apart and spreads the data into what it sends
        Invalid(
            'import OpenAI from "openai";\nconst toEvent = (type, data = {}) => JSON.stringify({ type, ...data });\n'
            'ws.send(toEvent("session.update", { session: { voice: "verse" } }));\n',
            'import OpenAI from "openai";\nconst toEvent = (type, data = {}) => JSON.stringify({ type, ...data });\n'
            'ws.send(toEvent("session.update", { session: { type: "realtime", audio: { output: { voice: "verse" } } } }));\n',
        ),
        # a function of the file sends its parameter as the session: each caller's object is one
        Invalid(
            'import OpenAI from "openai";\nconst updateSession = useCallback((params) => {\n'
            '  dc.send(JSON.stringify({ type: "session.update", session: { ...params } }));\n}, []);\n'
            'updateSession({ modalities: ["text"], turn_detection: null });\n',
            'import OpenAI from "openai";\nconst updateSession = useCallback((params) => {\n'
            '  dc.send(JSON.stringify({ type: "session.update", session: { ...params } }));\n}, []);\n'
            'updateSession({ type: "realtime", output_modalities: ["text"], audio: { input: { turn_detection: null } } });\n',
        ),
        # modalities the code holds (a default too): worked out when it runs, read as strings in TypeScript (unsafe)
        Invalid(
            'import OpenAI from "openai";\nexport function go(ws: WebSocket, opts: Options) {\n'
            '  ws.send(JSON.stringify({ type: "session.update", session: { modalities: opts.modalities ?? ["text"] } }));\n}\n',
            'import OpenAI from "openai";\nexport function go(ws: WebSocket, opts: Options) {\n'
            '  ws.send(JSON.stringify({ type: "session.update", session: { type: "realtime", output_modalities: ((opts.modalities ?? ["text"]) as readonly string[]).includes("audio") ? ["audio"] : ["text"] } }));\n}\n',
            unsafe=True,
        ),
        # a beta key written after the literal goes to its GA place, a format with its GA shape
        Invalid(
            'import OpenAI from "openai";\nconst u = { type: "session.update", session: { voice: "ash" } };\n'
            'if (phone) u.session.input_audio_format = "g711_ulaw";\nws.send(JSON.stringify(u));\n',
            'import OpenAI from "openai";\nconst u = { type: "session.update", session: { type: "realtime", audio: { output: { voice: "ash" } } } };\n'
            'if (phone) ((u.session.audio ??= {}).input ??= {}).format = { type: "audio/pcmu" };\nws.send(JSON.stringify(u));\n',
        ),
        # a loose declared type would not reach the new place: unsafe, the write stays
        Invalid(
            'import OpenAI from "openai";\nconst s: Record<string, unknown> = { voice: "ash" };\ns.input_audio_format = "pcm16";\n'
            'ws.send(JSON.stringify({ type: "session.update", session: s }));\n',
            'import OpenAI from "openai";\nconst s: Record<string, unknown> = { type: "realtime" as const, audio: { output: { voice: "ash" } } };\ns.input_audio_format = "pcm16";\n'
            'ws.send(JSON.stringify({ type: "session.update", session: s }));\n',
            unsafe=True,
        ),
        # modalities a condition picks between two literal lists: each branch gets its GA list
        Invalid(
            'import OpenAI from "openai";\nws.send(JSON.stringify({ type: "session.update", session: { modalities: voice ? ["audio", "text"] : ["text"] } }));\n',
            'import OpenAI from "openai";\nws.send(JSON.stringify({ type: "session.update", session: { type: "realtime", output_modalities: voice ? ["audio"] : ["text"] } }));\n',
        ),
        # a payload written as JSON text, in a single-quoted string
        Invalid(
            'import OpenAI from "openai";\nws.send(\'{"type": "session.update", "session": {"voice": "ash"}}\');\n',
            'import OpenAI from "openai";\nws.send(\'{"type": "session.update", "session": {"type": "realtime", "audio": {"output": {"voice": "ash"}}}}\');\n',
        ),
        # the function's parameter has a declared type of the app's own: reported, not fixed
        Invalid(
            'import OpenAI from "openai";\ninterface Cfg { modalities: string[] }\nfunction updateSession(params: Cfg) {\n'
            '  dc.send(JSON.stringify({ type: "session.update", session: params }));\n}\nupdateSession({ modalities: ["text"] });\n',
        ),
        # a field GA has no place for is left out with the move: the model's default applies, so unsafe
        Invalid(
            'import OpenAI from "openai";\nws.send(JSON.stringify({ type: "session.update", session: { voice: "verse", temperature: 0.7, instructions: "hi" } }));\n',
            'import OpenAI from "openai";\nws.send(JSON.stringify({ type: "session.update", session: { type: "realtime", audio: { output: { voice: "verse" } }, instructions: "hi" } }));\n',
            unsafe=True,
        ),
        # a format the planner cannot read stays beta beside the rest: half GA, so unsafe
        Invalid(
            'import OpenAI from "openai";\nws.send(JSON.stringify({ type: "session.update", session: { voice: "verse", input_audio_format: `g711_${law}` } }));\n',
            'import OpenAI from "openai";\nws.send(JSON.stringify({ type: "session.update", session: { type: "realtime", audio: { output: { voice: "verse" } }, input_audio_format: `g711_${law}` } }));\n',
            unsafe=True,
        ),
        # a format the code holds is looked up in a table of GA formats when it runs (unsafe: the value is not seen)
        Invalid(
            'import OpenAI from "openai";\nws.send(JSON.stringify({ type: "session.update", session: { voice: "verse", input_audio_format: fmt } }));\n',
            'import OpenAI from "openai";\nws.send(JSON.stringify({ type: "session.update", session: { type: "realtime", audio: { output: { voice: "verse" }, input: { format: ({ pcm16: { type: "audio/pcm", rate: 24000 }, g711_ulaw: { type: "audio/pcmu" }, g711_alaw: { type: "audio/pcma" } } as const)[fmt as "pcm16" | "g711_ulaw" | "g711_alaw"] } } } }));\n',
            unsafe=True,
        ),
        # a test's fake of the server: the session it hands the code is a GA one
        Invalid(
            'import OpenAI from "openai";\nclient.handle({ type: "session.created", session: { id: "s", voice: "ash" } });\n',
            'import OpenAI from "openai";\nclient.handle({ type: "session.created", session: { type: "realtime", id: "s", audio: { output: { voice: "ash" } } } });\n',
        ),
        Invalid(
            'import OpenAI from "openai";\nrt.send({ type: "session.update", session: { voice: "verse", instructions: "hi" } });\n',
            'import OpenAI from "openai";\nrt.send({ type: "session.update", session: { type: "realtime", audio: { output: { voice: "verse" } }, instructions: "hi" } });\n',
        ),
        Invalid(
            'import OpenAI from "openai";\nconst msg = {\n  type: "session.update",\n  session: {\n    // how it sounds\n    voice: "ash",\n    input_audio_format: "g711_ulaw",\n    instructions: "Be brief.",\n  },\n};\n',
            'import OpenAI from "openai";\nconst msg = {\n  type: "session.update",\n  session: {\n    type: "realtime",\n    audio: {\n      output: {\n        // how it sounds\n        voice: "ash",\n      },\n      input: {\n        format: { type: "audio/pcmu" },\n      },\n    },\n    instructions: "Be brief.",\n  },\n};\n',
        ),
        # the event named apart from its data; the config's reads follow it (in TypeScript,
        # a config declared apart says its type `as const`, so that it stays the literal GA type)
        Invalid(
            'import OpenAI from "openai";\nconst session = { voice: "ash" };\nrt.send("session.update", { session });\nlog(session.voice);\n',
            'import OpenAI from "openai";\nconst session = { type: "realtime" as const, audio: { output: { voice: "ash" } } };\nrt.send("session.update", { session });\nlog(session.audio.output.voice);\n',
        ),
        # a format or modalities held in a module constant: the GA value is written in its place
        Invalid(
            'import OpenAI from "openai";\nconst FORMAT = "g711_ulaw";\nrt.send({ type: "session.update", session: { input_audio_format: FORMAT } });\n',
            'import OpenAI from "openai";\nconst FORMAT = "g711_ulaw";\nrt.send({ type: "session.update", session: { type: "realtime", audio: { input: { format: { type: "audio/pcmu" } } } } });\n',
        ),
        # a read of a moved key moves with the fix
        Invalid(
            'import OpenAI from "openai";\nconst msg = { type: "session.update", session: { voice: "ash" } };\nrt.send(msg);\nshow(msg.session.voice);\n',
            'import OpenAI from "openai";\nconst msg = { type: "session.update", session: { type: "realtime", audio: { output: { voice: "ash" } } } };\nrt.send(msg);\nshow(msg.session.audio.output.voice);\n',
        ),
        # handed to code rtmigrate cannot see: unsafe
        Invalid(
            'import OpenAI from "openai";\nconst msg = { type: "session.update", session: { voice: "ash" } };\nrt.send(msg);\nremember(msg);\n',
            'import OpenAI from "openai";\nconst msg = { type: "session.update", session: { type: "realtime", audio: { output: { voice: "ash" } } } };\nrt.send(msg);\nremember(msg);\n',
            unsafe=True,
        ),
        # read when the code runs, in a module that still speaks beta: what it holds is not seen
        Invalid(
            'const session = JSON.parse(fs.readFileSync("session.json", "utf8"));\n'
            'const ws = new WebSocket(URL, { headers: { "OpenAI-Beta": "realtime=v1" } });\n'
            'ws.send(JSON.stringify({ type: "session.update", session }));\n'
        ),
        Invalid(
            'const ws = new WebSocket(URL, { headers: { "OpenAI-Beta": "realtime=v1" } });\n'
            'ws.send(JSON.stringify({ type: "session.update", session: JSON.parse(text) }));\n'
        ),
        # a payload written with no session, which is added where it is not followed
        Invalid(
            'const ws = new WebSocket(URL, { headers: { "OpenAI-Beta": "realtime=v1" } });\n'
            'const payload = { type: "session.update" };\nObject.assign(payload, { session: opts.session });\nws.send(JSON.stringify(payload));\n'
        ),
        # built in another module, in a module that still speaks beta: what it holds is not seen
        Invalid(
            'import { SESSION } from "./settings";\nconst ws = new WebSocket(URL, { headers: { "OpenAI-Beta": "realtime=v1" } });\n'
            'ws.send(JSON.stringify({ type: "session.update", session: SESSION }));\n'
        ),
        # a `const session` in each of two functions: each is the one its function sends
        Invalid(
            'import OpenAI from "openai";\nfunction a() {\n  const session = { voice: "ash" };\n  ws.send(JSON.stringify({ type: "session.update", session }));\n}\n'
            'function b() {\n  const session = { voice: "verse" };\n  ws.send(JSON.stringify({ type: "session.update", session }));\n}\n',
            'import OpenAI from "openai";\nfunction a() {\n  const session = { type: "realtime" as const, audio: { output: { voice: "ash" } } };\n  ws.send(JSON.stringify({ type: "session.update", session }));\n}\n'
            'function b() {\n  const session = { type: "realtime" as const, audio: { output: { voice: "verse" } } };\n  ws.send(JSON.stringify({ type: "session.update", session }));\n}\n',
        ),
        # a session written into its payload by key: fixed where it is written, the payload's read with it
        Invalid(
            'import OpenAI from "openai";\nfunction go() {\n  const payload: any = { type: "session.update" };\n  payload.session = { voice: "ash" };\n'
            '  ws.send(JSON.stringify(payload));\n  log(payload.session.voice);\n}\n',
            'import OpenAI from "openai";\nfunction go() {\n  const payload: any = { type: "session.update" };\n  payload.session = { type: "realtime" as const, audio: { output: { voice: "ash" } } };\n'
            '  ws.send(JSON.stringify(payload));\n  log(payload.session.audio.output.voice);\n}\n',
        ),
        # a name bound on each path of a branch to objects of the same keys: all in one fix, its read with them
        Invalid(
            'import OpenAI from "openai";\nfunction go(phone) {\n  let session;\n  if (phone) session = { voice: "ash" };\n  else session = { voice: "alloy" };\n'
            '  ws.send(JSON.stringify({ type: "session.update", session }));\n  log(session.voice);\n}\n',
            'import OpenAI from "openai";\nfunction go(phone) {\n  let session;\n  if (phone) session = { type: "realtime" as const, audio: { output: { voice: "ash" } } };\n'
            '  else session = { type: "realtime" as const, audio: { output: { voice: "alloy" } } };\n'
            '  ws.send(JSON.stringify({ type: "session.update", session }));\n  log(session.audio.output.voice);\n}\n',
        ),
        # ... and on each side of a conditional expression
        Invalid(
            'import OpenAI from "openai";\nfunction go(phone) {\n  const session = phone ? { voice: "ash" } : { voice: "alloy" };\n'
            '  ws.send(JSON.stringify({ type: "session.update", session }));\n}\n',
            'import OpenAI from "openai";\nfunction go(phone) {\n'
            '  const session = phone ? { type: "realtime" as const, audio: { output: { voice: "ash" } } } : { type: "realtime" as const, audio: { output: { voice: "alloy" } } };\n'
            '  ws.send(JSON.stringify({ type: "session.update", session }));\n}\n',
        ),
        # a name declared with what a function of the file returns: fixed in the function, the name's read with it
        Invalid(
            'import OpenAI from "openai";\nfunction sessionConfig() {\n  return { voice: "ash" };\n}\n'
            'function go() {\n  const session = sessionConfig();\n  ws.send(JSON.stringify({ type: "session.update", session }));\n  log(session.voice);\n}\n',
            'import OpenAI from "openai";\nfunction sessionConfig() {\n  return { type: "realtime" as const, audio: { output: { voice: "ash" } } };\n}\n'
            'function go() {\n  const session = sessionConfig();\n  ws.send(JSON.stringify({ type: "session.update", session }));\n  log(session.audio.output.voice);\n}\n',
        ),
        # (a browser's beta subprotocol is the module's beta code as much as the header is)
        Invalid(
            'const ws = new WebSocket(URL, ["realtime", "openai-beta.realtime-v1"]);\n'
            'ws.send(JSON.stringify({ type: "session.update", session: JSON.parse(text) }));\n'
        ),
    )


    def finish(self) -> None:
        super().finish()
        if not (self.loaded or self.unseen or self.keyless) or not self.context.beta_of_its_own():
            return  # (a GA module reads and builds its own sessions)
        for held, loader in self.loaded:
            sent = "the session sent here" if held.type in ("call_expression", "await_expression") else f"the session sent as `{syntax.text(held)}`"
            self.report(held, f"{sent} is read when the code runs (`{excerpt(syntax.text(loader))}`): whether it has the GA shape is not seen",
                        hint="make sure what it reads is a GA session (`type`, `audio.input`, `audio.output`); the module's other protocol fixes wait for it")
        for held in self.unseen:
            self.report(held, f"the session sent here (`{excerpt(syntax.text(held))}`) is built where rtmigrate cannot see it: whether it has the GA shape is not seen",
                        hint="make sure it is a GA session (`type`, `audio.input`, `audio.output`) where it is built; the module's other protocol fixes wait for it")
        for payload in self.keyless:
            where = "this payload sends no `session`, or one added where rtmigrate does not follow it" if syntax.pair_value(payload, "type") is not None else \
                "the data given with the event's name here holds no `session`, and the function may send it as one where rtmigrate does not follow it"
            self.report(payload, f"{where}: whether it has the GA shape is not seen",
                        hint="make sure it is a GA session (`type`, `audio.input`, `audio.output`) where it is added; the module's other protocol fixes wait for it")


class BetaResponseConfig(_ConfigRule):
    """`response.create` parameters in the beta shape, in an object literal.

    `modalities` → `output_modalities`, `voice` and `output_audio_format`
    under `audio.output`, `max_response_output_tokens` → `max_output_tokens`.

    Example:

        rt.send({ type: "response.create", response: { modalities: ["text"] } });

    Fix:

        rt.send({ type: "response.create", response: { output_modalities: ["text"] } });
    """

    code = "RT302"
    name = "beta-response-config"
    speaks = True
    KINDS = frozenset({"response"})
    MESSAGE = "beta response parameters"

    VALID = ('import OpenAI from "openai";\nrt.send({ type: "response.create", response: { output_modalities: ["text"] } });\n',)
    INVALID = (
        Invalid(
            'import OpenAI from "openai";\nrt.send({ type: "response.create", response: { modalities: ["text"], max_response_output_tokens: 200 } });\n',
            'import OpenAI from "openai";\nrt.send({ type: "response.create", response: { output_modalities: ["text"], max_output_tokens: 200 } });\n',
        ),
    )


class RemovedConfigField(JsRule):
    """A beta config field GA has no place for, in an object literal.

    `temperature` in sessions and responses; `modalities` in transcription
    sessions. The fix removes the entry, which changes behaviour: unsafe. An
    entry set to the beta's own default (`temperature: 0.8`) asks for what the
    model did with no value: it goes safely, with the config's own fix where
    it moves (RT301, which then writes the literal whole where the two would
    meet), else with this one.

    Example:

        rt.send({ type: "session.update", session: { type: "realtime", temperature: 0.6 } });

    Fix (unsafe):

        rt.send({ type: "session.update", session: { type: "realtime" } });
    """

    code = "RT304"
    name = "removed-config-field"
    speaks = True

    VALID = (
        'import OpenAI from "openai";\nrt.send({ type: "session.update", session: { type: "realtime", instructions: "hi" } });\n',
        # the beta's own default, beside fields that move: the session's fix leaves it out
        'import OpenAI from "openai";\nrt.send({ type: "session.update", session: { voice: "alloy", temperature: 0.8 } });\n',
    )
    INVALID = (
        Invalid(
            'import OpenAI from "openai";\nrt.send({ type: "session.update", session: { type: "realtime", temperature: 0.6, instructions: "hi" } });\n',
            'import OpenAI from "openai";\nrt.send({ type: "session.update", session: { type: "realtime", instructions: "hi" } });\n',
            unsafe=True,
        ),
        # the beta's own default: the model does the same with no value
        Invalid(
            'import OpenAI from "openai";\nrt.send({ type: "session.update", session: { type: "realtime", temperature: 0.8, instructions: "hi" } });\n',
            'import OpenAI from "openai";\nrt.send({ type: "session.update", session: { type: "realtime", instructions: "hi" } });\n',
        ),
    )

    def visit_object(self, node: "Node") -> None:
        found = payload_config(node)
        decision = decide(syntax.config(found.obj), found.kind) if found is not None else None
        if decision is None:
            return
        items = list(syntax.entries(found.obj))
        # a config that moves too leaves the field out with its own fix, where it can
        taken = decision.changes and left_out_with_move(found.obj, decision, self.source, planned_edits(found.obj, decision, self.source)) is not None
        for index, why in decision.removed:
            restated = index in decision.restated
            if restated and taken:
                continue  # the config's own fix leaves it out, safely
            entry = items[index]
            span = span_of(entry, self.source)
            fix = None if taken else (Fix.safe if restated else Fix.unsafe)("remove it", TextEdit(span.start, span.end, ""))
            self.report(entry, f"`{syntax.key_name(entry)}` has no place in a GA {decision.kind} config", fix, hint=RESTATED_HINT if restated else why)


class AssistantContentType(JsRule):
    """Assistant message content typed `text` / `audio`, in an object literal.

    GA types an assistant message's content parts `output_text` and
    `output_audio`. Fixed in `conversation.item.create` payloads a client
    sends; reported with no fix elsewhere (an item the app keeps for its own
    display, say); server events built in code (a fake server in a test) are
    left alone.

    Example:

        rt.send({ type: "conversation.item.create", item: { type: "message", role: "assistant", content: [{ type: "text", text: "Hi" }] } });

    Fix:

        rt.send({ type: "conversation.item.create", item: { type: "message", role: "assistant", content: [{ type: "output_text", text: "Hi" }] } });

    As for Python, code that reads the content of the items the server
    sends (`item.content.find((c) => c.type === "text")`, `for (const part of
    item.content)`, `item.content[0].type`) finds `output_text` /
    `output_audio` there on GA, and its comparison moves with the module's
    other protocol fixes (an item as for Python: `event.item`, or one of
    `response.output`; GA code is left alone); a content-part event's `part` keeps its type. Where
    the module also keeps an item of its own typed the beta way, the fix is
    unsafe; so it is in TypeScript where the part is not typed `any`, since
    its declared type may list the beta names.
    """

    code = "RT305"
    name = "assistant-content-type"
    speaks = True
    holds = False  # an item reported with no fix is one the module keeps for itself

    VALID = (
        'import OpenAI from "openai";\nrt.send({ type: "conversation.item.create", item: { type: "message", role: "user", content: [{ type: "input_text", text: "Hi" }] } });\n',
        # a content-part event's part keeps its type in GA
        'import OpenAI from "openai";\nif (event.part.type === "audio") play(event.part);\n',
        # the content of what is no Realtime item (a chat message, another provider's reply) has types of its own
        'import OpenAI from "openai";\nconst text = reply.content.filter((b) => b.type === "text").concat(message.content.filter((p) => p.type === "text"), item.content[0].type === "text");\n',
    )
    INVALID = (
        # the content of an item the server sent, read by its type
        Invalid(
            'import OpenAI from "openai";\nconst text = event.item.content?.find((c: any) => c.type === "text")?.text;\n',
            'import OpenAI from "openai";\nconst text = event.item.content?.find((c: any) => c.type === "output_text")?.text;\n',
        ),
        # in TypeScript, a part that is not `any` may have a type of the app's own that lists the beta names
        Invalid(
            'import OpenAI from "openai";\nfor (const part of event.item.content) {\n  if (part.type === "audio") show(part.transcript);\n}\n',
            'import OpenAI from "openai";\nfor (const part of event.item.content) {\n  if (part.type === "output_audio") show(part.transcript);\n}\n',
            unsafe=True,
        ),
        Invalid(
            'import OpenAI from "openai";\nrt.send({ type: "conversation.item.create", item: { type: "message", role: "assistant", content: [{ type: "text", text: "Hi" }] } });\n',
            'import OpenAI from "openai";\nrt.send({ type: "conversation.item.create", item: { type: "message", role: "assistant", content: [{ type: "output_text", text: "Hi" }] } });\n',
        ),
        # an item of the app's own transcript: reported, not fixed
        Invalid('import OpenAI from "openai";\nsetItems([...prev, { type: "message", role: "assistant", content: [{ type: "text", text: delta }] }]);\n'),
    )

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.reads: list[tuple["Node", str, bool]] = []  # content types compared where an item's content is read (and whether it may be typed)

    def visit_binary_expression(self, node: "Node") -> None:
        """`c.type === "audio"`, where `c` is a content part of an item."""
        operator = node.child_by_field_name("operator")
        if operator is None or syntax.text(operator) not in ("===", "==", "!==", "!="):
            return
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        for read, literal in ((left, right), (right, left)):
            value = syntax.string_value(literal) if literal is not None and literal.type == "string" else None
            part = _part_type(read) if value in ASSISTANT_CONTENT_TYPES else None
            if part is not None:
                # in TypeScript, a part whose type is not `any` may be typed the beta way, out of sight
                self.reads.append((literal, value, part and self.grammar != "javascript"))  # type: ignore[arg-type]

    def finish(self) -> None:
        kept = any(r.fix is None for r in self.reports)  # an item of the module's own, typed the beta way
        for literal, value, typed in self.reads if not self.context.ga else ():  # (a GA module's reads are its own)
            ga = ASSISTANT_CONTENT_TYPES[value]
            start, end = syntax.content_range(literal)
            edit = TextEdit(start, end, ga)
            why = "the module keeps an item of its own typed the beta way" if kept else "the part's declared type may list the beta names" if typed else ""
            fix = Fix(Applicability.UNSAFE, f'use "{ga}"', (edit,)) if why else Fix.safe(f'use "{ga}"', edit)
            self.report(literal, f'the content of an item the server sends is typed "{ga}" in GA, not "{value}"' + (f"; the fix is unsafe: {why}" if why else ""), fix)

    def visit_object(self, node: "Node") -> None:
        if syntax.string_value(syntax.pair_value(node, "role")) != "assistant":
            return
        holder = syntax.enclosing(node, "object")
        if holder is not None and syntax.string_value(syntax.pair_value(holder, "type")) in SERVER_ITEM_EVENTS:
            return
        content = syntax.unwrap(syntax.pair_value(node, "content"))
        if content is None or content.type != "array":
            return
        for part in content.named_children:
            kind = syntax.pair_value(part, "type") if part.type == "object" else None
            value = syntax.string_value(kind)
            if value in ASSISTANT_CONTENT_TYPES:
                start, end = syntax.content_range(kind)
                ga = ASSISTANT_CONTENT_TYPES[value]
                sent = _sent_item(node)
                self.report(kind, f'assistant content typed "{value}" is "{ga}" in GA', Fix.safe(f'use "{ga}"', TextEdit(start, end, ga)) if sent else None,
                            hint=None if sent else f'use "{ga}" where the item is sent to the server')


_ITERATIONS = frozenset({"find", "filter", "some", "every", "map", "forEach", "findIndex", "findLast", "flatMap"})


def _part_type(read: "Node | None") -> bool | None:
    """`X.type` (or `X["type"]`), where `X` is a content part of an item: the parameter
    of a callback over `item.content` (`item.content.find((c) => ...)`), the variable
    of `for (const part of item.content)`, or `item.content[0]`. None where it is
    not; else whether the part may have a declared type (it is not `any`)."""
    holder = _keyed(read, "type")
    if holder is None:
        return None
    if holder.type == "subscript_expression":  # `item.content[0]`
        index = holder.child_by_field_name("index")
        return True if index is not None and index.type == "number" and _content_read(holder.child_by_field_name("object")) else None
    if holder.type != "identifier":
        return None
    bound = _iterated(holder)  # `item.content.find((c) => ...)`, `for (const part of item.content)`
    if bound is None or not _content_read(bound[0]):
        return None
    _, method, declared = bound
    if method is None:
        return True
    return declared != "any" if method in _ITERATIONS else None


def _iterated(name: "Node") -> "tuple[Node | None, str | None, str] | None":
    """Where identifier ``name`` is bound by going through a list: (the list, the method
    whose callback takes it as a parameter, its declared type) for `list.find((c) =>
    ...)`, or (the list, None, "") for `for (const c of list)`; None where it is bound
    otherwise (in the nearest function or loop that binds it)."""
    named = syntax.text(name)
    scope = name.parent
    while scope is not None:
        params = _parameters(scope) if scope.type in ("arrow_function", "function_expression") else {}
        if named in params:
            call = scope.parent.parent if scope.parent is not None and scope.parent.type == "arguments" else None
            function = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
            method = function.child_by_field_name("property") if function is not None and function.type == "member_expression" else None
            return (function.child_by_field_name("object"), syntax.text(method), params[named]) if method is not None else None  # type: ignore[union-attr]
        if scope.type == "for_in_statement":
            target = scope.child_by_field_name("left")
            if target is not None and syntax.text(target) == named:
                return scope.child_by_field_name("right"), None, ""
        if scope.type in ("function_declaration", "method_definition"):
            return None
        scope = scope.parent
    return None


def _parameters(function: "Node") -> dict[str, str]:
    """A function's simple parameters, each with its declared type ("" for none)."""
    single = function.child_by_field_name("parameter")  # `c => ...`
    if single is not None:
        return {syntax.text(single): ""}
    params = function.child_by_field_name("parameters")
    out = {}
    for param in params.named_children if params is not None else []:
        pattern = param.child_by_field_name("pattern") if param.type in ("required_parameter", "optional_parameter") else param
        declared = param.child_by_field_name("type") if param.type in ("required_parameter", "optional_parameter") else None
        if pattern is not None and pattern.type == "identifier":
            out[syntax.text(pattern)] = syntax.text(declared).lstrip(":").strip() if declared is not None else ""
    return out


def _content_read(node: "Node | None") -> bool:
    """`item.content` (or `item?.content`, `item["content"]`, `item.content || []`) of
    an item: the content parts of an item."""
    node = syntax.unwrap(node)
    if node is not None and node.type == "binary_expression" and syntax.text(node.child_by_field_name("operator")) in ("||", "??"):
        node = syntax.unwrap(node.child_by_field_name("left"))
    holder = _keyed(node, "content")
    return holder is not None and _item(holder)


def _keyed(node: "Node | None", key: str) -> "Node | None":
    """What ``node`` reads ``key`` of (`x.key`, `x?.key`, `x["key"]`), else None."""
    node = syntax.unwrap(node)
    if node is not None and node.type == "member_expression":
        prop = node.child_by_field_name("property")
        return syntax.unwrap(node.child_by_field_name("object")) if prop is not None and syntax.text(prop) == key else None
    if node is not None and node.type == "subscript_expression" and syntax.string_value(node.child_by_field_name("index")) == key:
        return syntax.unwrap(node.child_by_field_name("object"))
    return None


def _item(node: "Node") -> bool:
    """Is ``node`` an item of the Realtime protocol: an event's `item`, or one of a
    response's `output`? (The `content` of anything else, a chat message's, another
    provider's reply or a library's own item, has content types of its own.)"""
    if _keyed(node, "item") is not None:
        return True
    if node.type == "subscript_expression" and (index := node.child_by_field_name("index")) is not None and index.type == "number":
        return _keyed(node.child_by_field_name("object"), "output") is not None  # `response.output[0]`
    if node.type != "identifier":
        return False
    bound = _iterated(node)  # `for (const item of response.output)`, `response.output.map((item) => ...)`
    return bound is not None and _keyed(bound[0], "output") is not None


def _sent_item(node: "Node") -> bool:
    """Is the item inside a `conversation.item.create` payload?"""
    outer = syntax.enclosing(node, "object")
    while outer is not None:
        if syntax.string_value(syntax.pair_value(outer, "type")) == ITEM_CREATE_EVENT:
            return True
        outer = syntax.enclosing(outer, "object")
    return False



# Keys under which an object is a payload the rules above rewrite; under any
# other key it is some library's own settings.


_PAYLOAD_KEYS = frozenset({"session", "response"})


_FUNCTIONS = ("function_declaration", "function_expression", "arrow_function", "method_definition", "program")


def _expected(node: "Node") -> bool:
    """A field a test expects: the argument of `expect(...)` or of `assert.*(...)`
    (`expect(session.input_audio_format).toBe("pcm16")`)."""
    args = node.parent
    call = args.parent if args is not None and args.type == "arguments" else None
    if call is None or call.type != "call_expression":
        return False
    names = syntax.member_names(call.child_by_field_name("function"))
    return bool(names) and (names[0] == "expect" or (names[0] == "assert" and (len(names) == 1 or names[-1] in COMPARING_CALLS or names[-1] == "ok")))


def _held_by(obj: "Node") -> tuple[str, "Node | None"] | None:
    """(name, function) for a config bound to a name there, itself or as the
    config of a payload bound to one (`const update = { ..., session: {...} }`)."""
    node = obj
    if node.parent is not None and node.parent.type == "pair" and node.parent.parent is not None:
        node = node.parent.parent
    declarator = node.parent
    name = declarator.child_by_field_name("name") if declarator is not None and declarator.type == "variable_declarator" else None
    if name is None or name.type != "identifier" or declarator.child_by_field_name("value") != node:
        return None
    return syntax.text(name), syntax.enclosing(declarator, *_FUNCTIONS)


class BetaSessionField(JsRule):
    """Beta session field where rtmigrate cannot see the request it goes into
    (JavaScript and TypeScript).

    As for Python: the field names only the beta session has
    (`input_audio_format`, `output_audio_format`, `input_audio_transcription`,
    `input_audio_noise_reduction`, `max_response_output_tokens`, and
    `modalities` beside one of them) in an object literal that is not a
    payload RT301–RT304 rewrite, in an interface or type literal (the app's
    own typing of the protocol), assigned as a member
    (`session.input_audio_format = ...`), or expected by a test
    (`expect(session.input_audio_format).toBe(...)`, `assert.equal(...)`),
    with their GA places. A module whose test expects a beta field keeps
    the code under test waiting: a fix there alone would fail the test. Not reported
    in GA code (except in a GA session itself, `type: "realtime"` beside
    `audio`, which GA refuses with them), or in objects given under another
    library's settings key.

    Example:

        interface SessionConfig { voice: string; input_audio_format: AudioFormat; }

    Fix (by hand): `interface SessionConfig { audio: { output: { voice: string }; input: { format: AudioFormat } } }`,
    or the GA types of the `openai` package.
    """

    code = "RT306"
    name = "beta-session-field"
    speaks = True  # (it has no fix: a module that holds such fields keeps its other protocol fixes waiting)

    VALID = (
        # the body of a key request: RT402 moves it
        'import OpenAI from "openai";\nfetch("https://api.openai.com/v1/realtime/sessions", { method: "POST", body: JSON.stringify({ voice: "verse", input_audio_format: "pcm16" }) });\n',
        'import OpenAI from "openai";\nrt.send({ type: "session.update", session: { input_audio_format: "pcm16" } });\n',  # RT301's
        'import OpenAI from "openai";\nconst settings = { modalities: ["text"] };\n',
        'import OpenAI from "openai";\nnew Agent({ model_settings: { input_audio_transcription: { model: "m" } } });\n',
        # in GA code, a GA session with GA fields only
        'import OpenAI from "openai";\nres.json({ type: "realtime", audio: { output: { voice: "marin" } }, output_modalities: ["audio"] });\n',
        # written into a payload RT301 fixes, which follows the write
        'import OpenAI from "openai";\nconst u = { type: "session.update", session: { voice: "ash" } };\nu.session.input_audio_format = "pcm16";\nrt.send(u);\n',
        # a field read outside a test's expectation (a log line): no claim about what is sent
        'import OpenAI from "openai";\nconsole.log(JSON.parse(sent[0]).session.input_audio_format);\n',
    )
    INVALID = (
        # beside a key of the app's own, no whole session (a whole one is RT301's, unsafe)
        Invalid('import OpenAI from "openai";\nconst BASE = { voice: "verse", input_audio_format: "pcm16", sampleRate: 24000 };\n'),
        # posted to the app's own server, which rtmigrate cannot see
        Invalid('import OpenAI from "openai";\nfetch("/api/session", { method: "POST", body: JSON.stringify({ voice: "verse", input_audio_format: "pcm16" }) });\n'),
        Invalid('import OpenAI from "openai";\ninterface SessionConfig {\n  voice: string;\n  input_audio_format: string;\n}\n'),
        Invalid('import OpenAI from "openai";\nfunction fill(session) {\n  session.input_audio_format = "pcm16";\n}\n'),
        # in GA code, a GA session that still holds beta fields
        Invalid('import OpenAI from "openai";\nres.json({ type: "realtime", audio: { output: { voice: "marin" } }, modalities: ["audio"] });\n'),
        # a test's expectation of what the code under test sends: it moves with that code
        Invalid('import OpenAI from "openai";\nconst session = JSON.parse(sent[0]).session;\nexpect(session.input_audio_format).toBe("pcm16");\n'),
    )

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.objects: list["Node"] = []
        self.signatures: dict[int, tuple["Node", list[str]]] = {}
        self.members: list["Node"] = []
        self.expected: list["Node"] = []  # a test's expectation of a field: `expect(session.voice)`

    def visit_object(self, node: "Node") -> None:
        self.objects.append(node)

    def visit_property_signature(self, node: "Node") -> None:
        holder = node.parent
        if holder is not None:
            self.signatures.setdefault(holder.id, (holder, []))[1].append(syntax.text(node.child_by_field_name("name")))

    def visit_member_expression(self, node: "Node") -> None:
        prop = node.child_by_field_name("property")
        parent = node.parent
        if prop is None or syntax.text(prop) not in DISTINCTIVE_FIELDS or parent is None:
            return
        if parent.type == "assignment_expression" and parent.child_by_field_name("left") == node:
            self.members.append(node)
        elif _expected(node):
            self.expected.append(node)

    def finish(self) -> None:
        if self.context.ga:
            self._mixed()
            return
        found_configs = [
            found.obj for node in self.objects
            if (found := payload_config(node) or named_config(node) or accept_config(node) or returned_config(node) or written_config(node)) is not None
        ]
        handled = {obj.id for obj in found_configs} | {
            other.id for node in self.objects if (found := named_config(node)) is not None for other in found.together
        }
        bodies: set[int] | None = None
        for node in self.objects:
            if node.id in handled or self._other_settings(node) or whole_session_object(node):  # (RT301's, unsafe)
                continue
            names = [k for k in (syntax.entry_key(e) for e in syntax.entries(node)) if isinstance(k, str)]
            if set(names) & DISTINCTIVE_FIELDS:
                if bodies is None:
                    root = syntax.root(node)
                    bodies = key_request_bodies(root)
                if node.id not in bodies:
                    self._report(node, names)
        for holder, names in self.signatures.values():
            self._report(holder, names)
        held = {held for obj in found_configs if (held := _held_by(obj)) is not None}
        for node in self.members:
            root = node
            while root.type == "member_expression" and (inner := root.child_by_field_name("object")) is not None:
                root = inner
            if root.type == "identifier" and (syntax.text(root), syntax.enclosing(node, *_FUNCTIONS)) in held:
                continue  # written into a config RT301-RT304 fix and follow
            self._report(node, [syntax.text(node.child_by_field_name("property"))])
        for node in self.expected:
            field = syntax.text(node.child_by_field_name("property"))
            self.report(node, "a test expects a beta session field", hint=f"in GA: {ga_places([field])}; expect it there with the code under test")

    def _mixed(self) -> None:
        """In GA code: a GA session (`type: "realtime"` beside `audio` or `output_modalities`)
        that still holds beta fields, which the GA API refuses."""
        for node in self.objects:
            names = [k for k in (syntax.entry_key(e) for e in syntax.entries(node)) if isinstance(k, str)]
            kind = syntax.string_value(syntax.pair_value(node, "type"))
            beta = [n for n in names if n in DISTINCTIVE_FIELDS or n == "modalities"]
            if kind in GA_SESSION_TYPES and set(names) & GA_SESSION_KEYS and beta:
                self.report(node, still_beta(beta), hint=f"in GA: {ga_places(beta)}")

    @staticmethod
    def _other_settings(node: "Node") -> bool:
        parent = node.parent
        return parent is not None and parent.type == "pair" and syntax.key_name(parent) not in _PAYLOAD_KEYS

    def _report(self, node: "Node", names: list[str]) -> None:
        fields = [n for n in dict.fromkeys(names) if n in DISTINCTIVE_FIELDS or (n == "modalities" and set(names) & DISTINCTIVE_FIELDS)]
        self.report(node, "beta session fields where rtmigrate cannot see the request", hint=f"in GA: {ga_places(fields)}")
