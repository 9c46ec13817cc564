"""What makes code Realtime code, what makes it something else, and the bytes
that make a file worth parsing (facts §9).

The engine reads *evidence* from the code (see ``rtmigrate.python.context``): the
rows below say which imports, attribute chains, strings and URLs count as
evidence of what. A new look-alike API or provider is a row here.
"""

from __future__ import annotations

import re

from .events import EVENT_MEANING_CHANGED, EVENT_RENAMES
from .headers import BETA_SUBPROTOCOL
from .models import AUDIO_MODEL_IDS, REALTIME_MODEL

# A string literal holding one of these marks the file as Realtime code.
REALTIME_STRING = re.compile(r"/v1/realtime|/openai/realtime|/realtimeapi/|openai-beta|" + REALTIME_MODEL.pattern, re.IGNORECASE)

# A string that only beta Realtime code writes: the beta header's value, the beta WebSocket
# subprotocol a browser sends instead, the beta ephemeral-key endpoints.
BETA_STRING = re.compile(
    r"^\s*realtime=v1|openai-beta:\s*realtime|^" + re.escape(BETA_SUBPROTOCOL) + r"$|/realtime/(?:sessions|transcription_sessions)(?![\w-])",
    re.IGNORECASE,
)

# A branch that a setting naming the API's version picks (`if settings.api_shape == "beta":`,
# `beta ? {"OpenAI-Beta": ...} : {}`, `"gpt-4o-realtime-preview" if legacy else ...`): code that
# keeps the beta on purpose beside a GA default (facts §9, code that is already GA on purpose).
TOGGLE = re.compile(r"beta|legacy|preview|(?<![a-z])ga(?![a-z])")

# The beta types of a file that also serves a provider speaking the beta (Azure Voice Live, xAI):
# they describe that provider's protocol too, so they stay where the file imports them.
SERVES_BETA_PROVIDER = "this file also serves {hosts}, whose protocol is the beta's: its types stay while it does"

# In a file that talks to Azure OpenAI Realtime, only this rule reports (facts §9).
AZURE_NOTE = "RT405"
# The informational finding that names another provider's Realtime host.
OTHER_HOST_NOTE = "RT406"
# Microsoft's preview Realtime SDK, which has no GA (facts §9): code built on it is reported, not fixed.
PREVIEW_SDK = "rtclient"
# The same SDK's JavaScript package (Azure-Samples/aoai-realtime-audio-sdk, javascript/standalone/package.json).
PREVIEW_SDK_NPM = "rt-client"
# OpenAI's beta reference client (github:openai/openai-realtime-api-beta, last changed 2024-11-07):
# it sends the beta header and subprotocol itself (lib/api.js) and takes beta session fields; no GA release.
REFERENCE_CLIENT_NPM = "@openai/realtime-api-beta"
# Client libraries that speak only the old protocol, by package: what a file built on one is told.
BETA_ONLY_SDKS: dict[str, str] = {
    PREVIEW_SDK: "Microsoft's preview SDK `rtclient`",
    PREVIEW_SDK_NPM: "Microsoft's preview SDK `rt-client`",
    REFERENCE_CLIENT_NPM: "OpenAI's beta reference client `@openai/realtime-api-beta`",
}


def beta_only_npm(specifier: str | None) -> str | None:
    """The beta-only npm package a module specifier loads (`rt-client`,
    `@openai/realtime-api-beta/lib/...`), or None."""
    if not specifier:
        return None
    parts = specifier.split("/")
    package = "/".join(parts[:2]) if specifier.startswith("@") else parts[0]
    return package if package in (PREVIEW_SDK_NPM, REFERENCE_CLIENT_NPM) else None

# The root module whose import marks the file as OpenAI code.
OPENAI_MODULE = "openai"

# --- evidence: which API the code talks to ------------------------------------------

# Modules (and their submodules) whose import shows which API a scope uses.
REALTIME_MODULES = (
    "openai.types.beta.realtime", "openai.resources.beta.realtime",  # beta
    "openai.types.realtime", "openai.resources.realtime",  # GA
)
GA_MODULES = ("openai.types.realtime", "openai.resources.realtime")
OTHER_API_MODULES = (
    "openai.types.responses", "openai.resources.responses",  # Responses API
    "openai.types.chat", "openai.resources.chat",  # Chat Completions
    "openai.types.live", "openai.resources.live",  # Live API
    "openai.types.beta.responses", "openai.resources.beta.responses",
)
# `from openai.types import realtime` and the like: (package, name) → the module it names.
PACKAGES = ("openai.types", "openai.resources", "openai.types.beta", "openai.resources.beta")

# Attribute chains of an SDK client: `<client>.<resource>.<member>`. A chain of
# another API's resource shows the scope talks to that API. Checked against
# the pinned package by tests/test_oracle.py.
OTHER_API_MEMBERS: dict[str, frozenset[str]] = {
    "responses": frozenset({"create", "stream", "parse", "retrieve", "cancel", "delete", "compact", "connect",
                            "input_items", "input_tokens"}),
    "completions": frozenset({"create", "stream", "parse", "retrieve", "update", "delete", "list", "messages"}),
    "live": frozenset({"create", "connect", "sessions", "forks", "sideband"}),
}
# `chat.completions` names Chat Completions; `completions` alone is another API.
OTHER_API_PARENT = {"completions": "chat"}
REALTIME_MEMBERS = frozenset({"connect", "client_secrets", "calls", "translations", "sessions", "transcription_sessions"})
GA_REALTIME_MEMBERS = frozenset({"connect", "client_secrets", "calls", "translations"})

# URL paths of other APIs, and of the GA Realtime API alone.
OTHER_API_PATH = re.compile(r"/v1/(?:responses|chat/completions|live)(?![\w-])")
GA_REALTIME_PATH = re.compile(r"/v1/realtime/(?:client_secrets|calls|translations)(?![\w-])")
REALTIME_PATH = re.compile(r"/(?:v1/)?realtime(?![\w-])|/openai/realtime|realtimeapi")

# String values that only GA Realtime code writes.
GA_VALUES = frozenset({"audio/pcm", "audio/pcmu", "audio/pcma"})
# Dict keys that only GA Realtime sessions and responses have.
GA_KEYS = frozenset({"output_modalities"})
GA_SESSION_TYPES = frozenset({"realtime", "transcription", "translation"})
# Event names only GA's translation sessions have (the pinned package's
# `RealtimeTranslation*Event` classes): a file that names one is GA code, whose
# `session.update` takes no `type` (the session's type was set at creation).
# (Not `session.close`/`session.closed`: an app's own protocol may name those.)
GA_TRANSLATION_EVENTS = frozenset({
    "session.input_audio_buffer.append", "session.input_transcript.delta", "session.output_audio.delta",
    "session.output_transcript.delta",
})
GA_SESSION_KEYS = frozenset({"audio", "output_modalities", "max_output_tokens", "include"})

# --- the Realtime protocol's own vocabulary ------------------------------------------------------

# Event names only the Realtime protocol uses (none is an event of the Responses or Live API).
# A module that holds several of them, or a beta session payload, speaks the protocol even
# when it imports nothing from `openai` (an `events.py`, a dispatch table, a payload builder).
# Checked against the pinned package by tests/test_oracle.py.
REALTIME_VOCABULARY = frozenset({
    "conversation.created", "conversation.item.added", "conversation.item.create", "conversation.item.created",
    "conversation.item.delete", "conversation.item.deleted", "conversation.item.done",
    "conversation.item.input_audio_transcription.completed", "conversation.item.input_audio_transcription.delta",
    "conversation.item.input_audio_transcription.failed", "conversation.item.input_audio_transcription.segment",
    "conversation.item.retrieve", "conversation.item.retrieved", "conversation.item.truncate", "conversation.item.truncated",
    "input_audio_buffer.append", "input_audio_buffer.clear", "input_audio_buffer.cleared", "input_audio_buffer.commit",
    "input_audio_buffer.committed", "input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped",
    "input_audio_buffer.timeout_triggered", "output_audio_buffer.clear", "output_audio_buffer.cleared",
    "output_audio_buffer.started", "output_audio_buffer.stopped", "rate_limits.updated",
    "response.audio_transcript.delta", "response.audio_transcript.done", "response.cancel", "response.done",
    "response.output_audio.delta", "response.output_audio.done", "response.output_audio_transcript.delta",
    "response.output_audio_transcript.done", "response.text.delta", "response.text.done",
    "transcription_session.update", "transcription_session.updated",
})
# Beta names that the Responses API shares: they count only beside a name of the
# protocol's own (a Responses handler holds these alone).
SHARED_VOCABULARY = frozenset({"response.audio.delta", "response.audio.done"})
# How many distinct names (these event names, and the beta-only session fields of
# `tables/session.py`) make a module Realtime code by themselves; a module that belongs
# with Realtime modules (same package, imports one, imported by one) needs two, so
# that a private event bus reusing one name stays untouched.
VOCABULARY_ALONE = 3
VOCABULARY_BESIDE_REALTIME = 2

# --- evidence: which host the code talks to ------------------------------------------

URL = re.compile(r"\b(?P<scheme>wss?|https?)://(?P<host>\[[0-9A-Fa-f:]+\]|[\w](?:[\w.-]*\w)?)(?::\d+)?(?P<path>/[^\s\"'?#]*)?")
OPENAI_HOST = re.compile(r"(?:^|\.)openai\.com$", re.IGNORECASE)
AZURE_OPENAI_HOST = re.compile(r"\.openai\.azure\.com$|\.cognitiveservices\.azure\.com$|\.realtimeapi-preview\.ai\.azure\.com$", re.IGNORECASE)
# Hosts that are never a provider: the machine itself, and names reserved for examples.
LOCAL_HOST = re.compile(
    r"^(?:localhost|127(?:\.\d+){3}|0\.0\.0\.0|\[::1?\]|(?:[\w.-]*\.)?(?:localhost|local|test|invalid|example|example\.(?:com|org|net)))$",
    re.IGNORECASE,
)
# Providers that speak their own copy of the beta protocol (facts §9), named
# where their host or SDK shows in code. Any other host of a Realtime URL
# counts the same; these are also recognised in URLs that say nothing of
# "realtime" (a base URL).
OTHER_PROVIDERS: dict[str, str] = {
    "x.ai": "xAI",
    "together.ai": "Together",
    "together.xyz": "Together",
    "inworld.ai": "Inworld",
    "services.ai.azure.com": "Azure Voice Live",
}
OTHER_PROVIDER_MARKS = re.compile(r"/voice-live(?![\w-])|azure\.ai\.voicelive", re.IGNORECASE)
# Azure OpenAI serves its API under `/openai/` on the resource's host (or a gateway in front of it).
AZURE_OPENAI_PATH = re.compile(r"^/openai(?:/|$)")
# Keywords through which an `openai` SDK client is aimed at a host.
BASE_URL_KEYWORDS = frozenset({"base_url", "websocket_base_url"})

# Python libraries that serve pages, relay sockets or make requests (by their top-level
# module): a module that imports one may carry the Realtime traffic of its project's pages
# (a server, a relay, an SDP proxy). A script that imports none of them, nor a module of
# its own that does, and names no local server, opens its connection for itself, and no
# page of its project shares it.
PYTHON_NETWORK_MODULES = frozenset({
    "aiohttp", "aiortc", "blacksheep", "bottle", "channels", "cherrypy", "daphne", "django", "engineio",
    "falcon", "fastapi", "fastrtc", "flask", "flask_sock", "flask_socketio", "gradio", "grpc", "http",
    "httpx", "hypercorn", "litestar", "livekit", "nats", "paho", "pipecat", "pyramid", "quart", "redis",
    "requests", "robyn", "sanic", "simple_websocket", "socket", "socketio", "socketserver", "starlette",
    "streamlit", "tornado", "twisted", "urllib", "urllib3", "uvicorn", "websocket", "websockets",
    "werkzeug", "wsgiref", "zmq",
})
# A Python module run as a program: the `__main__` guard, or a top-level `asyncio.run(...)`.
PYTHON_ENTRY_POINT = re.compile(r"""^(?:if\s+__name__\s*==\s*["']__main__["']\s*:|asyncio\.run\()""", re.MULTILINE)

# The `OpenAI-Beta` header, whose presence an assertion may deny (GA code that tests itself).
BETA_HEADER_NAME = "openai-beta"


# Text that every finding needs somewhere in its file, besides the event names:
# a file with none of it is never parsed. Each rule family adds what it looks for.
TRIGGER_WORDS = (
    "conversation.item.created",  # RT102
    "beta.realtime", "types.beta",  # SDK paths and type imports
    "openai-beta",  # the beta header
    "realtime-preview", "gpt-realtime",  # model ids
    "session.update", "response.create", "transcription_session", "conversation.item.create",  # configs
    "/v1/realtime", "openai/realtime",  # endpoints, Azure
    "realtime.connect", "client_secret", "realtime.calls",  # connections that need a safety identifier; the beta key's reads
    'realtime"', "realtime'", "input_audio_transcription",  # session types and transcripts (architecture fit)
    "input_audio_format", "output_audio_format", "max_response_output_tokens",  # beta session fields (RT306)
    "rtclient", "realtimeapi", "openai.azure.com",  # Azure's preview SDK and endpoints
)


# Short pieces that many trigger words share. The prefilter looks for these
# first, and for the words holding one only when it is there: most files hold
# none, and a few scans are cheaper than one per word.
GATES = ("realtime", "response.", "session", "beta", "gpt-", "_audio_", "tts-", "whisper-", "openai.azure")


# Words only Python's rules need: the bare session type `"realtime"` feeds the
# architecture-fit rules of Python code. (A DOM declaration file says
# "realtime" too, and no JavaScript rule reports on it alone.)
PYTHON_ONLY_TRIGGERS = frozenset({'realtime"', "realtime'"})


def trigger_groups(js: bool = False) -> tuple[tuple[bytes, tuple[bytes, ...]], ...]:
    """(gate, the trigger words that hold it): every word of
    :func:`trigger_words` (for JavaScript files: but the Python-only ones) in
    exactly one group. A word holding no gate is a gate of its own, with no
    words to check after it."""
    groups: dict[bytes, list[bytes]] = {}
    skipped = {w.encode() for w in PYTHON_ONLY_TRIGGERS} if js else set()
    for word in trigger_words():
        if word in skipped:
            continue
        gate = next((g.encode() for g in GATES if g.encode() in word), word)
        groups.setdefault(gate, []).append(word)
    # a gate that is itself a trigger word is enough on its own
    return tuple((gate, () if gate in words else tuple(words)) for gate, words in sorted(groups.items()))


def trigger_words() -> tuple[bytes, ...]:
    """The words, lower-cased bytes: a file whose lower-cased bytes hold none of
    them has nothing for any rule. (Searched one by one with `in`: Python's
    regex engine tries every alternative of an alternation at every byte,
    which made one compiled pattern thirty times slower than these scans.)"""
    words = {w.lower() for w in (*EVENT_RENAMES, *EVENT_MEANING_CHANGED, *TRIGGER_WORDS, *AUDIO_MODEL_IDS)}
    # a word that contains another is covered by it
    kept = [w for w in words if not any(o != w and o in w for o in words)]
    return tuple(sorted(w.encode() for w in kept))
