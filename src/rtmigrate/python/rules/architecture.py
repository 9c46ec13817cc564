"""Architecture fit: the right session type, API and transport (facts §10)."""

from __future__ import annotations

import libcst as cst

from ..cstutil import Tree, dotted_name, string_value
from ...core.diagnostics import Kind
from ..rule import Invalid, Rule
from ...core.tables.models import SPEECH_MODEL
from ...core.tables.architecture import (
    API_KEY_NAMES,
    AUDIO_FILE_NAME,
    CLIENT_RESPONSES,
    FILE_AUDIO_READS,
    INPUT_APPEND,
    INPUT_TRANSCRIPT_EVENT_PREFIX,
    OUTPUT_AUDIO_EVENTS,
    ROUTE_DECORATOR,
    SESSION_TYPES_TO_CHECK_ON_SIP,
    SIP_ACCEPT_PATH,
    TEXT_INPUT_EVENTS,
    TEXT_OUTPUT_EVENTS,
    TRANSLATE_WORDS,
    WEBRTC_PEER,
)


def _strings(tree: Tree, node: cst.CSTNode) -> list[str]:
    return [v for s in tree.nodes(cst.SimpleString, within=node) if (v := string_value(s)) is not None]


def _call_names(tree: Tree, node: cst.CSTNode) -> list[tuple[cst.Call, str]]:
    names = _index(tree).call_name
    return [(c, names[id(c)]) for c in tree.nodes(cst.Call, within=node)]


def _appends_audio(tree: Tree, node: cst.CSTNode) -> list[cst.CSTNode]:
    """Sites that append to the input audio buffer: SDK calls or event payloads."""
    sites: list[cst.CSTNode] = [c for c, name in _call_names(tree, node) if name.endswith(INPUT_APPEND)]
    sites += [s for s in tree.nodes(cst.SimpleString, within=node) if string_value(s) == INPUT_APPEND]
    return sites


class _Index:
    """What all the architecture rules read of a file: its strings, calls,
    dicts and functions, worked out once per file."""

    def __init__(self, tree: Tree) -> None:
        self.string_nodes = tree.nodes(cst.SimpleString)
        self.calls = [(c, dotted_name(c.func) or "") for c in tree.nodes(cst.Call)]
        self.call_name = {id(c): name for c, name in self.calls}
        self.dicts = tree.nodes(cst.Dict)
        self.functions = tree.nodes(cst.FunctionDef)
        self.strings = {v for s in self.string_nodes if (v := string_value(s)) is not None}


def _index(tree: Tree) -> _Index:
    return tree.once(_Index, lambda: _Index(tree))


class _ModuleRule(Rule):
    @property
    def index(self) -> _Index:
        return _index(self.tree)


class RealtimeFedFromFile(_ModuleRule):
    """Realtime session fed from an audio file.

    A Realtime session is for live audio. Text from a finished recording
    comes from the request-based `POST /v1/audio/transcriptions`: one request,
    no session to hold open, no streaming of a file in real time.

    Example:

        with wave.open("call.wav") as wav:
            await conn.input_audio_buffer.append(audio=b64(wav.readframes(n)))

    Fix (by hand): `client.audio.transcriptions.create(model=..., file=open("call.wav", "rb"))`.

    Not reported where the audio comes from a microphone or a stream.
    """

    code = "RT701"
    name = "realtime-fed-from-file"
    kind = Kind.ADVICE

    VALID = ("import openai\nasync def pump(conn, mic):\n    async for chunk in mic:\n        await conn.input_audio_buffer.append(audio=chunk)\n",)
    INVALID = (
        Invalid("import openai, wave\nasync def pump(conn):\n    w = wave.open('a.wav')\n    await conn.input_audio_buffer.append(audio=w.readframes(100))\n"),
    )

    def finish(self) -> None:
        if not any(name in FILE_AUDIO_READS or _opens_audio_file(c, name) for c, name in self.index.calls):
            return
        for function in self.index.functions:
            calls = _call_names(self.tree, function)
            if not any(name in FILE_AUDIO_READS or _opens_audio_file(c, name) for c, name in calls):
                continue
            for site in _appends_audio(self.tree, function)[:1]:
                self.report(
                    site,
                    "a Realtime session is fed from an audio file",
                    hint="text from a finished recording fits POST /v1/audio/transcriptions (client.audio.transcriptions.create)",
                )


def _opens_audio_file(call: cst.Call, name: str) -> bool:
    if name != "open" or not call.args:
        return False
    path = string_value(call.args[0].value)
    return path is not None and AUDIO_FILE_NAME.search(path) is not None


class RealtimeAsTextToSpeech(_ModuleRule):
    """Realtime session used only to speak given text, on a model not made for it.

    A session that never receives audio, is sent text and plays the audio
    it gets back is a text-to-speech engine. The request-based speech API's
    models (`tts-1`, `tts-1-hd`, `gpt-4o-mini-tts`) shut down on 2027-01-06,
    and OpenAI's text-to-speech guide moves speech from known text to
    `gpt-realtime-2.1-mini` on the Realtime API: a session is the right tool,
    with that model, reading each text word for word in an out-of-band
    response.

    Example:

        await conn.conversation.item.create(item={"type": "message", "role": "user",
                                                  "content": [{"type": "input_text", "text": script}]})
        await conn.response.create()
        ... on "response.output_audio.delta": play(event.delta)

    Fix (by hand): open the session with `model="gpt-realtime-2.1-mini"` and
    ask for each text with an instruction to read it as written.

    Not reported where the same module also sends microphone audio, or
    already uses the speech model.
    """

    code = "RT702"
    name = "realtime-as-text-to-speech"
    kind = Kind.ADVICE

    VALID = (
        'import openai\nasync def run(conn, mic):\n    await conn.input_audio_buffer.append(audio=mic)\n    await conn.send({"type": "response.create"})\n    if e.type == "response.output_audio.delta": play(e)\n',
        # a relay: the browser's audio passes through; only `response.create` is its own
        'import openai\nasync def relay(up, browser):\n    await up.send(\'{"type": "response.create"}\')\n    if e["type"] == "response.output_audio.delta": await browser.send(e)\n',
    )
    INVALID = (
        Invalid('import openai\nasync def say(conn, text):\n    await conn.send({"type": "conversation.item.create", "item": {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}})\n    await conn.send({"type": "response.create"})\n    if e.type == "response.output_audio.delta": play(e)\n'),
    )

    def finish(self) -> None:
        index = self.index
        strings = index.strings
        calls = [name for _, name in index.calls]
        if INPUT_APPEND in strings or any(n.endswith(INPUT_APPEND) for n in calls):
            return
        plays_audio = bool(strings & OUTPUT_AUDIO_EVENTS)
        # the text it speaks arrives as a user text item (a relay that forwards a browser's audio has none)
        sends_text = "input_text" in strings and (
            bool(strings & TEXT_INPUT_EVENTS) or any(n.endswith(("conversation.item.create", "response.create")) for n in calls)
        )
        if plays_audio and sends_text and SPEECH_MODEL not in strings:
            site = next(
                (s for s in index.string_nodes if string_value(s) in TEXT_INPUT_EVENTS),
                None,
            ) or next(c for c, n in index.calls if n.endswith(("conversation.item.create", "response.create")))
            self.report(
                site,
                "a Realtime session is used only to speak given text",
                hint=f"OpenAI's text-to-speech guide serves this with `{SPEECH_MODEL}` on the Realtime API; "
                "ask for each text to be read as written",
            )


def _session_dicts(tree: Tree) -> list[cst.Dict]:
    """Dicts that look like session configs: they set instructions, modalities or a
    session type (the parameters of one response are not a session)."""
    out = []
    for d in _index(tree).dicts:
        keys = {string_value(e.key) for e in d.elements if isinstance(e, cst.DictElement)}
        parent = tree.parent(d)
        if isinstance(parent, cst.DictElement) and string_value(parent.key) == "response":
            continue
        if isinstance(parent, cst.Arg) and parent.keyword is not None and parent.keyword.value == "response":
            continue
        if keys & {"instructions", "modalities", "output_modalities"}:
            out.append(d)
    return out


def _value(d: cst.Dict, key: str) -> cst.BaseExpression | None:
    return next((e.value for e in d.elements if isinstance(e, cst.DictElement) and string_value(e.key) == key), None)


class TranscriptsFromVoiceAgent(_ModuleRule):
    """Voice-agent session used only for transcripts.

    A voice-agent session set to answer in text, whose code only reads the
    transcripts of what the user said, is a transcription session in
    disguise: it runs the model to produce answers nobody reads. Live
    transcripts with no reply come from a session of type `"transcription"`.

    Example:

        session = {"type": "realtime", "output_modalities": ["text"], ...}
        ... on "conversation.item.input_audio_transcription.completed": save(event.transcript)

    Fix (by hand): a session `{"type": "transcription", "audio": {"input": {"transcription": {...}}}}`.

    Not reported where the code reads the model's text answers too.
    """

    code = "RT703"
    name = "transcripts-from-voice-agent"
    kind = Kind.ADVICE

    VALID = ('import openai\ns = {"type": "transcription", "audio": {}}\nif t == "conversation.item.input_audio_transcription.completed": pass\n',)
    INVALID = (
        Invalid('import openai\ns = {"type": "realtime", "output_modalities": ["text"], "instructions": "x"}\nif t == "conversation.item.input_audio_transcription.completed": pass\n'),
    )

    def finish(self) -> None:
        strings = self.index.strings
        if not any(s.startswith(INPUT_TRANSCRIPT_EVENT_PREFIX) for s in strings) or strings & TEXT_OUTPUT_EVENTS:
            return
        for d in _session_dicts(self.tree):
            if string_value(_value(d, "type")) == "transcription":
                continue
            modalities = _value(d, "output_modalities") or _value(d, "modalities")
            values = [string_value(e.value) for e in getattr(modalities, "elements", [])]
            if values == ["text"]:
                self.report(modalities, "a voice-agent session is used only for transcripts", hint='use a session of type "transcription"')


class TranslationByPrompt(_ModuleRule):
    """Voice-agent session instructed to translate.

    Continuous speech-to-speech translation has a dedicated session (type
    `"translation"`, at `/v1/realtime/translations`). A voice-agent session
    prompted to "translate everything" tends to answer, summarise or drift
    instead.

    Example:

        session = {"type": "realtime", "instructions": "Translate everything the caller says into Spanish."}

    Fix (by hand): a translation session with `audio.output.language`, through
    `client.realtime.translations.connect(...)`.
    """

    code = "RT704"
    name = "translation-by-prompt"
    kind = Kind.ADVICE

    VALID = ('import openai\ns = {"type": "realtime", "instructions": "Answer questions about translation services."}\n',)
    INVALID = (Invalid('import openai\ns = {"type": "realtime", "instructions": "Translate everything into French."}\n'),)

    def finish(self) -> None:
        for d in _session_dicts(self.tree):
            if string_value(_value(d, "type")) in ("transcription", "translation"):
                continue
            instructions = _value(d, "instructions")
            text = string_value(instructions) or ""
            first = text.strip().split(".")[0]
            if TRANSLATE_WORDS.search(first) and not first.lower().startswith(("answer", "help", "explain")):
                self.report(instructions, "a voice-agent session is told to translate", hint='use a translation session (type "translation", /v1/realtime/translations)')


class ApiKeyToClient(_ModuleRule):
    """Standard API key sent to browser or mobile code.

    A browser or mobile client must connect with an ephemeral client secret
    that your server mints (`client.realtime.client_secrets.create(...)`),
    never with the standard API key, which would let anyone who opens the
    page spend on your account.

    Example:

        @app.get("/session")
        def session():
            return {"key": os.environ["OPENAI_API_KEY"]}

    Fix (by hand):

        @app.get("/session")
        def session():
            return {"key": client.realtime.client_secrets.create(session={"type": "realtime"}).value}
    """

    code = "RT705"
    name = "api-key-to-client"
    kind = Kind.ADVICE

    VALID = ('import openai\n@app.get("/s")\ndef s():\n    return {"key": client.realtime.client_secrets.create(session={"type": "realtime"}).value}\n',)
    INVALID = (
        Invalid('import os, openai\n@app.get("/s")\ndef s():\n    return {"key": os.environ["OPENAI_API_KEY"]}\n'),
        Invalid('import os, openai\n@app.route("/")\ndef page():\n    return render_template("voice.html", api_key=OPENAI_API_KEY)\n'),
    )

    def finish(self) -> None:
        for function in self.index.functions:
            if not any(ROUTE_DECORATOR.search(dotted_name(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator) or "") for d in function.decorators):
                continue
            sinks = [r.value for r in self.nodes(cst.Return, within=function) if r.value is not None]
            sinks += [c for c, name in _call_names(self.tree, function) if name.split(".")[-1] in CLIENT_RESPONSES]
            for sink in sinks:
                leak = _api_key_in(self.tree, sink)
                if leak is not None:
                    self.report(leak, "the standard API key is sent to the client", hint="mint an ephemeral key on the server with client.realtime.client_secrets.create(...) and send its .value")
                    break


def _api_key_in(tree: Tree, node: cst.CSTNode) -> cst.CSTNode | None:
    for s in tree.nodes(cst.SimpleString, within=node):
        if string_value(s) == "OPENAI_API_KEY":
            return s
    for n in tree.nodes(cst.Name, cst.Attribute, within=node):
        name = (n.value if isinstance(n, cst.Name) else n.attr.value)
        if API_KEY_NAMES.match(name):
            return n
    return None


class WebRtcFromServer(_ModuleRule):
    """WebRTC started from server code.

    WebRTC is for browsers and phones, where it handles the microphone,
    playback and jitter. Python server code that builds its own peer
    connection to the Realtime API already has the raw audio, and a
    WebSocket (`wss://api.openai.com/v1/realtime`) carries it with less to
    go wrong.

    Example:

        pc = RTCPeerConnection()
        offer = await pc.createOffer()
        requests.post("https://api.openai.com/v1/realtime/calls", data=offer.sdp, ...)

    Fix (by hand): `client.realtime.connect(model=...)` and stream the audio.

    Not reported for a server that only relays a browser's SDP offer.
    """

    code = "RT706"
    name = "webrtc-from-server"
    kind = Kind.ADVICE

    VALID = ('import requests\ndef relay(offer):\n    return requests.post("https://api.openai.com/v1/realtime/calls", data=offer, headers={"Content-Type": "application/sdp"})\n',)
    INVALID = (
        Invalid('import requests\nfrom aiortc import RTCPeerConnection\nasync def go():\n    pc = RTCPeerConnection()\n    requests.post("https://api.openai.com/v1/realtime/calls", data=pc.localDescription.sdp)\n'),
    )

    def finish(self) -> None:
        peers = [c for c, name in self.index.calls if name.split(".")[-1] in WEBRTC_PEER]
        posts_offer = any("/v1/realtime" in s and "azure" not in s for s in self.index.strings)
        if peers and posts_offer:
            self.report(peers[0], "server code starts a WebRTC connection to the Realtime API", hint="server code that has the raw audio fits a WebSocket: client.realtime.connect(...)")


class SipWithTranscriptionOrTranslation(_ModuleRule):
    """SIP call answered with a transcription or translation session.

    Phone calls reach the Realtime API over SIP and are accepted with
    `/v1/realtime/calls/{call_id}/accept`. Check that SIP supports a
    transcription or translation session before you build on it.

    Example:

        client.realtime.calls.accept(call_id, type="transcription", ...)

    Fix: none; a warning to check support first.
    """

    code = "RT707"
    name = "sip-session-type"
    kind = Kind.ADVICE

    VALID = ('import openai\nclient.realtime.calls.accept(call_id, type="realtime", model="gpt-realtime-2.1")\n',)
    INVALID = (Invalid('import openai\nclient.realtime.calls.accept(call_id, type="transcription")\n'),)

    def finish(self) -> None:
        for call, name in self.index.calls:
            last = name.split(".")[-1]
            if last not in ("accept", "post", "request"):
                continue
            accepts = name.endswith("calls.accept") or any(
                SIP_ACCEPT_PATH.search(s) for s in _strings(self.tree, call)
            ) or any(SIP_ACCEPT_PATH.search(t.value) for t in self.nodes(cst.FormattedStringText, within=call))
            if not accepts:
                continue
            kinds = [string_value(a.value) for a in call.args if a.keyword is not None and a.keyword.value == "type"]
            kinds += [string_value(_value(d, "type")) for d in self.nodes(cst.Dict, within=call)]
            kind = next((k for k in kinds if k in SESSION_TYPES_TO_CHECK_ON_SIP), None)
            if kind:
                self.report(call, f"SIP call answered with a {kind} session", hint="check that SIP supports this session type before you use it")
