"""Architecture fit (facts §10): in browser code, the standard API key where
anyone who opens the page can read it and WebSockets where WebRTC is advised;
everywhere, the session type, API and transport for where the audio comes
from, read from the same tables as the Python rules."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ...core.diagnostics import Kind
from ...core.ruledoc import Invalid
from ...core.tables.architecture import (
    AUDIO_FILE_NAME,
    BROWSER_GLOBALS,
    BROWSER_KEY_OPTION,
    INPUT_APPEND,
    INPUT_TRANSCRIPT_EVENT_PREFIX,
    OUTPUT_AUDIO_EVENTS,
    PUBLIC_API_KEY_NAMES,
    SESSION_TYPES_TO_CHECK_ON_SIP,
    SIP_ACCEPT_PATH,
    TEXT_INPUT_EVENTS,
    TEXT_OUTPUT_EVENTS,
    TRANSLATE_WORDS,
)
from ...core.tables.context import REALTIME_PATH
from ...core.tables.models import SPEECH_MODEL
from .. import syntax
from ..rule import JsRule

if TYPE_CHECKING:
    from tree_sitter import Node

_KEY_HINT = "mint an ephemeral key on your server (client.realtime.clientSecrets.create) and give the browser its .value"


class _Browser(JsRule):
    """Knows whether the file is browser code: a page, a JSX component, or
    code that uses the browser's own objects."""

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.browser = False

    @property
    def in_browser(self) -> bool:
        return self.browser or bool(BROWSER_GLOBALS.search(self.source))

    def visit_jsx_element(self, node: "Node") -> None:
        self.browser = True

    def visit_jsx_self_closing_element(self, node: "Node") -> None:
        self.browser = True

    def visit_program(self, node: "Node") -> None:
        if self.source.lstrip()[:1] == b"<" or self.source.lstrip().lower().startswith(b"<!doctype"):
            self.browser = True  # an HTML page


class ApiKeyToClient(_Browser):
    """Standard API key used in browser code.

    A browser must connect with an ephemeral client secret that your server
    mints, never with the standard API key: anyone who opens the page can
    read it and spend on your account. Found in browser code (a page, a JSX
    component, code that uses `window`, `document`, `navigator` or
    `RTCPeerConnection`) that creates the SDK client with
    `dangerouslyAllowBrowser: true` or reads a key from a public environment
    variable (`VITE_OPENAI_API_KEY`, `NEXT_PUBLIC_OPENAI_API_KEY`,
    `REACT_APP_OPENAI_API_KEY`) or `OPENAI_API_KEY`.

    Example:

        const pc = new RTCPeerConnection();
        const key = import.meta.env.VITE_OPENAI_API_KEY;

    Fix (by hand): fetch an ephemeral key from your server and use it:

        const key = (await (await fetch("/session")).json()).value;
    """

    code = "RT705"
    name = "api-key-to-client"
    kind = Kind.ADVICE

    VALID = ('import OpenAI from "openai";\nconst pc = new RTCPeerConnection();\nconst key = (await (await fetch("/session")).json()).value;\n',)
    INVALID = (
        Invalid('import OpenAI from "openai";\nconst pc = new RTCPeerConnection();\nconst key = import.meta.env.VITE_OPENAI_API_KEY;\n'),
        Invalid('import OpenAI from "openai";\nconst client = new OpenAI({ apiKey: key, dangerouslyAllowBrowser: true });\n'),
    )

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.keys: list["Node"] = []
        self.allowed: list["Node"] = []

    def visit_pair(self, node: "Node") -> None:
        if syntax.key_name(node) == BROWSER_KEY_OPTION and syntax.text(node.child_by_field_name("value")) == "true":
            self.allowed.append(node)

    def visit_property_identifier(self, node: "Node") -> None:
        if PUBLIC_API_KEY_NAMES.match(syntax.text(node)) and node.parent is not None and node.parent.type == "member_expression":
            self.keys.append(node.parent)

    def finish(self) -> None:
        for node in self.allowed:
            self.report(node, "the standard API key is used in the browser (`dangerouslyAllowBrowser`)", hint=_KEY_HINT)
        if self.keys and self.in_browser:
            self.report(self.keys[0], "the standard API key is read in browser code", hint=_KEY_HINT)


class WebSocketFromBrowser(_Browser):
    """Realtime WebSocket opened from browser code.

    The guide connects browsers with WebRTC: it handles the microphone,
    playback and network jitter, and takes an ephemeral key. A WebSocket
    from the browser must carry the key in a subprotocol and stream raw
    audio itself. Found in browser code that opens `new WebSocket(...)` to a
    Realtime URL.

    Example:

        const ws = new WebSocket("wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1", protocols);

    Fix (by hand): connect with `RTCPeerConnection`, posting the SDP offer to
    `/v1/realtime/calls` with an ephemeral key.
    """

    code = "RT708"
    name = "websocket-from-browser"
    kind = Kind.ADVICE

    VALID = ('import OpenAI from "openai";\nconst pc = new RTCPeerConnection();\n',)
    INVALID = (Invalid('import OpenAI from "openai";\nconst pc = document.querySelector("audio");\nconst ws = new WebSocket("wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1", protocols);\n'),)

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.sockets: list["Node"] = []

    def visit_new_expression(self, node: "Node") -> None:
        constructor = node.child_by_field_name("constructor")
        args = syntax.arguments(node)
        if constructor is None or syntax.text(constructor) != "WebSocket" or not args:
            return
        found = syntax.literal_text(syntax.unwrap(args[0]), self.source) if syntax.unwrap(args[0]) is not None else None
        if found is not None and REALTIME_PATH.search(found[0]):
            self.sockets.append(node)

    def finish(self) -> None:
        if self.sockets and self.in_browser:
            for node in self.sockets:
                self.report(node, "Realtime WebSocket opened from the browser; WebRTC is advised there",
                            hint="connect with RTCPeerConnection and post the SDP offer to /v1/realtime/calls with an ephemeral key")


# Node's ways of reading a recorded file.
_FILE_READS = frozenset({"readFileSync", "readFile", "createReadStream"})
# Node packages that give server code a WebRTC peer.
_SERVER_WEBRTC = re.compile(r"""["'](?:wrtc|@roamhq/wrtc|werift|node-datachannel)["']""")


_FUNCTIONS = ("function_declaration", "function_expression", "arrow_function", "method_definition")


@functools.lru_cache(maxsize=None)
def _index_query(grammar: str):
    """One query for every node the fit rules read (run in tree-sitter, not walked in Python)."""
    import tree_sitter

    patterns = ["(string) @string", "(template_string) @string", "(call_expression) @call", "(object) @object"]
    patterns += [f"({kind}) @function" for kind in _FUNCTIONS]
    return tree_sitter.Query(syntax.language(grammar), "\n".join(patterns))


def _in_order(node: "Node") -> tuple[int, int]:
    """Source order, an outer node before the nodes it holds (as a walk meets them)."""
    return node.start_byte, -node.end_byte


class _Index:
    """What the fit rules read of a file, in one query: its strings, calls, objects and functions."""

    def __init__(self, root: "Node", grammar: str) -> None:
        import tree_sitter

        found = tree_sitter.QueryCursor(_index_query(grammar)).captures(root)
        self.strings: dict[str, "Node"] = {}
        for node in sorted(found.get("string", ()), key=_in_order):
            value = syntax.string_value(node)
            if value is not None:
                self.strings.setdefault(value, node)
        calls = sorted(found.get("call", ()), key=_in_order)
        self.calls: list[tuple["Node", list[str]]] = [(n, syntax.member_names(n.child_by_field_name("function"))) for n in calls]
        self.objects: list["Node"] = sorted(found.get("object", ()), key=_in_order)
        self.functions: list["Node"] = sorted(found.get("function", ()), key=_in_order)


def _inside(node: "Node", outer: "Node") -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def _session_objects(index: _Index) -> list["Node"]:
    """Objects that look like session configs: they set instructions, modalities or a
    session type (the parameters of one response are not a session)."""
    return [
        o for o in index.objects
        if {syntax.key_name(e) for e in syntax.entries(o) if e.type == "pair"} & {"instructions", "modalities", "output_modalities"}
        and not (o.parent is not None and o.parent.type == "pair" and syntax.key_name(o.parent) == "response")
    ]


class _FitRule(JsRule):
    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.root: "Node | None" = None

    def visit_program(self, node: "Node") -> None:
        self.root = node

    # text the file must hold for the rule to have anything to say: checked on the
    # bytes before the one walk of the file the fit rules share
    MARKERS: tuple[bytes, ...] = ()

    @property
    def index(self) -> _Index:
        assert self.root is not None
        if "fit" not in self.shared:
            self.shared["fit"] = _Index(self.root, self.grammar)
        return self.shared["fit"]  # type: ignore[return-value]

    def finish(self) -> None:
        if self.root is not None and any(marker in self.source for marker in self.MARKERS):
            self.check(self.index)

    def check(self, index: _Index) -> None:
        raise NotImplementedError


def _appends(index: _Index, within: "Node | None" = None) -> list["Node"]:
    sites = [c for c, names in index.calls if ".".join(names).endswith(INPUT_APPEND) and (within is None or _inside(c, within))]
    node = index.strings.get(INPUT_APPEND)
    if node is not None and (within is None or _inside(node, within)):
        sites.append(node)
    return sites


class RealtimeFedFromFile(_FitRule):
    """Realtime session fed from an audio file (JavaScript and TypeScript).

    As for Python: text from a finished recording comes from the
    request-based `POST /v1/audio/transcriptions`, not from a session that
    streams the file in real time. Found where one function reads an audio
    file (`fs.readFileSync("call.wav")`, `createReadStream`) and appends to
    the input audio buffer.

    Example:

        const audio = fs.readFileSync("call.wav");
        ws.send(JSON.stringify({ type: "input_audio_buffer.append", audio: audio.toString("base64") }));

    Fix (by hand): `client.audio.transcriptions.create({ model, file: fs.createReadStream("call.wav") })`.
    """

    code = "RT701"
    name = "realtime-fed-from-file"
    kind = Kind.ADVICE
    MARKERS = (b"readFile", b"createReadStream")

    VALID = ('import OpenAI from "openai";\nmic.on("data", (chunk) => ws.send(JSON.stringify({ type: "input_audio_buffer.append", audio: chunk })));\n',)
    INVALID = (
        Invalid('import OpenAI from "openai";\nimport fs from "fs";\nfunction pump(ws) {\n  const audio = fs.readFileSync("call.wav");\n  ws.send(JSON.stringify({ type: "input_audio_buffer.append", audio: audio.toString("base64") }));\n}\n'),
    )

    def check(self, index: _Index) -> None:
        for function in index.functions:
            reads = [
                c for c, names in index.calls
                if _inside(c, function) and names and names[-1] in _FILE_READS
                and any(AUDIO_FILE_NAME.search(syntax.string_value(a) or "") for a in syntax.arguments(c))
            ]
            if reads:
                for site in _appends(index, function)[:1]:
                    self.report(site, "a Realtime session is fed from an audio file",
                                hint="text from a finished recording fits POST /v1/audio/transcriptions (client.audio.transcriptions.create)")
                    return


class RealtimeAsTextToSpeech(_FitRule):
    """Realtime session used only to speak given text, on a model not made for it
    (JavaScript and TypeScript).

    As for Python: a session that never receives audio, is sent user text and
    plays the audio it gets back is text to speech; OpenAI's text-to-speech
    guide serves that with the speech model on the Realtime API.

    Example:

        ws.send(JSON.stringify({ type: "conversation.item.create", item: { type: "message", role: "user", content: [{ type: "input_text", text }] } }));
        ws.send(JSON.stringify({ type: "response.create" }));
        // on "response.output_audio.delta": play(event.delta)

    Fix (by hand): open the session with the speech model and ask for each
    text to be read as written.
    """

    code = "RT702"
    name = "realtime-as-text-to-speech"
    kind = Kind.ADVICE
    MARKERS = (b"input_text",)

    VALID = ('import OpenAI from "openai";\nws.send(JSON.stringify({ type: "input_audio_buffer.append", audio }));\nif (e.type === "response.output_audio.delta") play(e);\n',)
    INVALID = (
        Invalid('import OpenAI from "openai";\nws.send(JSON.stringify({ type: "conversation.item.create", item: { type: "message", role: "user", content: [{ type: "input_text", text }] } }));\nws.send(JSON.stringify({ type: "response.create" }));\nif (e.type === "response.output_audio.delta") play(e);\n'),
    )

    def check(self, index: _Index) -> None:
        strings = index.strings
        if _appends(index) or SPEECH_MODEL in strings:
            return
        if not set(strings) & OUTPUT_AUDIO_EVENTS or "input_text" not in strings:
            return
        site = next((strings[s] for s in sorted(TEXT_INPUT_EVENTS) if s in strings), None)
        if site is not None:
            self.report(site, "a Realtime session is used only to speak given text",
                        hint=f"OpenAI's text-to-speech guide serves this with `{SPEECH_MODEL}` on the Realtime API; ask for each text to be read as written")


class TranscriptsFromVoiceAgent(_FitRule):
    """Voice-agent session used only for transcripts (JavaScript and TypeScript).

    As for Python: a voice-agent session set to answer in text, whose code
    reads only the user's transcripts, should be a session of type
    `"transcription"`.

    Example:

        session: { type: "realtime", output_modalities: ["text"], instructions }
        // on "conversation.item.input_audio_transcription.completed": save(event.transcript)

    Fix (by hand): `{ type: "transcription", audio: { input: { transcription: {...} } } }`.
    """

    code = "RT703"
    name = "transcripts-from-voice-agent"
    kind = Kind.ADVICE
    MARKERS = (b"input_audio_transcription.",)

    VALID = ('import OpenAI from "openai";\nconst s = { type: "transcription", audio: {} };\nif (t === "conversation.item.input_audio_transcription.completed") save(t);\n',)
    INVALID = (
        Invalid('import OpenAI from "openai";\nconst s = { type: "realtime", output_modalities: ["text"], instructions: "x" };\nif (t === "conversation.item.input_audio_transcription.completed") save(t);\n'),
    )

    def check(self, index: _Index) -> None:
        strings = index.strings
        if not any(s.startswith(INPUT_TRANSCRIPT_EVENT_PREFIX) for s in strings) or set(strings) & TEXT_OUTPUT_EVENTS:
            return
        for obj in _session_objects(index):
            if syntax.string_value(syntax.pair_value(obj, "type")) == "transcription":
                continue
            modalities = syntax.pair_value(obj, "output_modalities") or syntax.pair_value(obj, "modalities")
            if modalities is not None and syntax.neutral(modalities) == ["text"]:
                self.report(modalities, "a voice-agent session is used only for transcripts", hint='use a session of type "transcription"')


class TranslationByPrompt(_FitRule):
    """Voice-agent session instructed to translate (JavaScript and TypeScript).

    As for Python: continuous speech-to-speech translation has a dedicated
    session (type `"translation"`, at `/v1/realtime/translations`).

    Example:

        session: { type: "realtime", instructions: "Translate everything the caller says into Spanish." }

    Fix (by hand): a translation session with `audio.output.language`.
    """

    code = "RT704"
    name = "translation-by-prompt"
    kind = Kind.ADVICE
    MARKERS = (b"ranslat", b"nterpret")

    VALID = ('import OpenAI from "openai";\nconst s = { type: "realtime", instructions: "Answer questions about translation services." };\n',)
    INVALID = (Invalid('import OpenAI from "openai";\nconst s = { type: "realtime", instructions: "Translate everything into French." };\n'),)

    def check(self, index: _Index) -> None:
        for obj in _session_objects(index):
            if syntax.string_value(syntax.pair_value(obj, "type")) in ("transcription", "translation"):
                continue
            instructions = syntax.pair_value(obj, "instructions")
            first = (syntax.string_value(instructions) or "").strip().split(".")[0]
            if instructions is not None and TRANSLATE_WORDS.search(first) and not first.lower().startswith(("answer", "help", "explain")):
                self.report(instructions, "a voice-agent session is told to translate", hint='use a translation session (type "translation", /v1/realtime/translations)')


class WebRtcFromServer(_FitRule):
    """WebRTC started from server code (JavaScript and TypeScript).

    As for Python: a Node server that builds its own peer connection (with
    `wrtc`, `werift` or `node-datachannel`) to the Realtime API already has
    the raw audio, and a WebSocket carries it with less to go wrong.

    Example:

        import wrtc from "wrtc";
        const pc = new wrtc.RTCPeerConnection();
        await fetch("https://api.openai.com/v1/realtime/calls", { method: "POST", body: pc.localDescription.sdp });

    Fix (by hand): open `wss://api.openai.com/v1/realtime` and stream the audio.
    """

    code = "RT706"
    name = "webrtc-from-server"
    kind = Kind.ADVICE
    MARKERS = (b"RTCPeerConnection",)

    VALID = ('import OpenAI from "openai";\nconst pc = new RTCPeerConnection();\nawait fetch("https://api.openai.com/v1/realtime/calls", { method: "POST", body: offer.sdp });\n',)
    INVALID = (
        Invalid('import wrtc from "wrtc";\nconst pc = new wrtc.RTCPeerConnection();\nawait fetch("https://api.openai.com/v1/realtime/calls", { method: "POST", body: pc.localDescription.sdp });\n'),
    )

    def visit_new_expression(self, node: "Node") -> None:
        constructor = node.child_by_field_name("constructor")
        if constructor is not None and syntax.text(constructor).split(".")[-1] == "RTCPeerConnection" and not hasattr(self, "peer"):
            self.peer = node

    def check(self, index: _Index) -> None:
        peer = getattr(self, "peer", None)
        if peer is None or not _SERVER_WEBRTC.search(self.source.decode("utf-8", "replace")):
            return
        if any("/v1/realtime" in s and "azure" not in s for s in index.strings):
            self.report(peer, "server code starts a WebRTC connection to the Realtime API",
                        hint="server code that has the raw audio fits a WebSocket (wss://api.openai.com/v1/realtime)")


class SipWithTranscriptionOrTranslation(_FitRule):
    """SIP call answered with a transcription or translation session
    (JavaScript and TypeScript).

    As for Python: check that SIP supports the session type before building
    on it.

    Example:

        await client.realtime.calls.accept(callId, { type: "transcription" });

    Fix: none; a warning to check support first.
    """

    code = "RT707"
    name = "sip-session-type"
    kind = Kind.ADVICE
    MARKERS = (b"accept",)

    VALID = ('import OpenAI from "openai";\nawait client.realtime.calls.accept(callId, { type: "realtime", model: "gpt-realtime-2.1" });\n',)
    INVALID = (Invalid('import OpenAI from "openai";\nawait client.realtime.calls.accept(callId, { type: "transcription" });\n'),)

    def check(self, index: _Index) -> None:
        for call, names in index.calls:
            accepts = names[-2:] == ["calls", "accept"] or (
                names and names[-1] == "fetch" and any(SIP_ACCEPT_PATH.search(syntax.text(a)) for a in syntax.arguments(call)[:1])
            )
            if not accepts:
                continue
            kinds = [syntax.string_value(syntax.pair_value(o, "type")) for o in index.objects if _inside(o, call)]
            kind = next((k for k in kinds if k in SESSION_TYPES_TO_CHECK_ON_SIP), None)
            if kind:
                self.report(call, f"SIP call answered with a {kind} session", hint="check that SIP supports this session type before you use it")
