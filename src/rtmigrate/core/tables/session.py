"""Session and response configuration: beta field → GA place (facts §2–§6).

Checked against the pinned `openai` package's GA request types by
`tests/test_session_oracle.py`, which validates every migrated config in the
after-fixtures with unknown keys rejected at every level.
"""

from __future__ import annotations

import re

from typing import Any

# The kinds of config rtmigrate rewrites, and the GA `type` each must carry
# (None: that config has no `type` field).
SESSION_TYPE: dict[str, str | None] = {
    "realtime": "realtime",
    "transcription": "transcription",
    "response": None,
}

# beta top-level field → GA path, per kind of config.
MOVES: dict[str, dict[str, tuple[str, ...]]] = {
    "realtime": {
        "modalities": ("output_modalities",),
        "max_response_output_tokens": ("max_output_tokens",),
        "input_audio_format": ("audio", "input", "format"),
        "input_audio_transcription": ("audio", "input", "transcription"),
        "input_audio_noise_reduction": ("audio", "input", "noise_reduction"),
        "turn_detection": ("audio", "input", "turn_detection"),
        "output_audio_format": ("audio", "output", "format"),
        "voice": ("audio", "output", "voice"),
        "speed": ("audio", "output", "speed"),
    },
    "transcription": {
        "input_audio_format": ("audio", "input", "format"),
        "input_audio_transcription": ("audio", "input", "transcription"),
        "input_audio_noise_reduction": ("audio", "input", "noise_reduction"),
        "turn_detection": ("audio", "input", "turn_detection"),
    },
    "response": {
        "modalities": ("output_modalities",),
        "max_response_output_tokens": ("max_output_tokens",),
        "output_audio_format": ("audio", "output", "format"),
        "voice": ("audio", "output", "voice"),
    },
}

# beta fields GA has no place for; dropping them changes behaviour (unsafe).
REMOVED: dict[str, dict[str, str]] = {
    "realtime": {"temperature": "GA sessions have no `temperature`; the model's default applies"},
    "transcription": {"modalities": "GA transcription sessions have no `modalities`; they only ever return text"},
    "response": {"temperature": "GA responses have no `temperature`; the model's default applies"},
}

# the beta's own default of a field GA has no place for (the pinned package's beta
# types: a session's and a response's `temperature` "Defaults to 0.8"). A config
# that sets a field to it says what the beta did without it: GA leaves it out with
# no change of behaviour, and the fix that drops it is safe.
BETA_DEFAULTS: dict[str, dict[str, object]] = {
    "realtime": {"temperature": 0.8},
    "response": {"temperature": 0.8},
}

# beta session fields GA keeps as they are (§3). With MOVES and REMOVED, every field
# a beta realtime session may hold: a literal of these alone, bound to a name, is
# a whole beta session even where the request it goes into is not seen.
UNCHANGED: dict[str, frozenset[str]] = {
    "realtime": frozenset({"instructions", "model", "tools", "tool_choice", "tracing"}),
}

# GA paths whose value is an audio format (§4).
FORMAT_PATHS = frozenset({("audio", "input", "format"), ("audio", "output", "format")})
AUDIO_FORMATS: dict[str, dict[str, Any]] = {
    "pcm16": {"type": "audio/pcm", "rate": 24000},
    "g711_ulaw": {"type": "audio/pcmu"},
    "g711_alaw": {"type": "audio/pcma"},
}
# The `type`s of GA format objects.
GA_FORMAT_TYPES = frozenset(f["type"] for f in AUDIO_FORMATS.values())

# GA takes one output modality; audio output includes its transcript (§3).
MODALITIES_PATH = ("output_modalities",)


def ga_modalities(beta: list[str]) -> list[str] | None:
    """The GA `output_modalities` for a beta `modalities` list, or None if unknown."""
    values = set(beta)
    if not values or not values <= {"text", "audio"}:
        return None
    return ["audio"] if "audio" in values else ["text"]


# `client_secret` of `sessions.create` → top-level `expires_after` of `client_secrets.create` (§3).
CLIENT_SECRET_KEY = "client_secret"
# What the beta response held under `client_secret`, and GA holds at the top (facts §7, §8).
SECRET_FIELDS = frozenset({"value", "expires_at"})
SECRET_VALUE = "value"  # the key itself: what a test for the beta's `client_secret` asks for in GA
# What a key route answers with of its own when its request fails (`{ error: ... }`): keys
# neither API's key answer has, read the same whichever answer the route hands on.
ROUTE_OWN_KEYS = frozenset({"error", "message", "detail", "details"})
EXPIRES_AFTER_KEY = "expires_after"

# §6: assistant message content part types.
ASSISTANT_CONTENT_TYPES: dict[str, str] = {"text": "output_text", "audio": "output_audio"}

# Which event carries which config, and where (facts §2, §5).
PAYLOAD_EVENTS: dict[str, tuple[str, str, str]] = {
    # event type → (payload key, kind, GA event type)
    "session.update": ("session", "realtime", "session.update"),
    "transcription_session.update": ("session", "transcription", "session.update"),
    "response.create": ("response", "response", "response.create"),
}

# `<connection>.<resource>.<method>(<keyword>=...)` calls that carry a config.
CONNECTION_CALLS: dict[tuple[str, str], tuple[str, str]] = {
    ("session", "update"): ("session", "realtime"),
    ("transcription_session", "update"): ("session", "transcription"),
    ("response", "create"): ("response", "response"),
}

# A test's mock of a connection checks the config it was sent with these
# (`conn.session.update.assert_called_once_with(session={...})`): the config
# there is the one the code sends, and moves with it.
MOCK_ASSERTIONS = frozenset({
    "assert_called_with", "assert_called_once_with", "assert_awaited_with", "assert_awaited_once_with",
    "assert_any_call", "assert_any_await",
})

# Event classes of the `openai` types packages (beta or GA) built with a config dict:
# class name → (keyword holding the config, kind of config).
TYPED_PAYLOADS: dict[str, tuple[str, str]] = {
    "SessionUpdateEvent": ("session", "realtime"),
    "SessionUpdateEventParam": ("session", "realtime"),
    "TranscriptionSessionUpdate": ("session", "transcription"),
    "TranscriptionSessionUpdateParam": ("session", "transcription"),
    "ResponseCreateEvent": ("response", "response"),
    "ResponseCreateEventParam": ("response", "response"),
}
# The types packages whose classes those are.
TYPES_PACKAGES = ("openai.types.beta.realtime", "openai.types.realtime")

# Server events that carry the session as the service holds it, with the kind of
# session each holds (§1, §2). A GA session read off one of these has the GA shape:
# a read of a beta field there fails once the connection speaks GA.
SESSION_EVENTS: dict[str, str] = {
    "session.created": "realtime",
    "session.updated": "realtime",
    "transcription_session.created": "transcription",
    "transcription_session.updated": "transcription",
}

# The SDK's classes of those events (in `openai.types.beta.realtime`; GA has the
# first two): an `isinstance` test tells the event apart as its `type` does.
SESSION_EVENT_CLASSES: dict[str, str] = {
    "SessionCreatedEvent": "realtime",
    "SessionUpdatedEvent": "realtime",
    "TranscriptionSessionUpdatedEvent": "transcription",
}

# `<client>.beta.realtime.<resource>.create(**session)` → `client_secrets.create(session={...})`.
CREATE_CALLS: dict[str, str] = {"sessions": "realtime", "transcription_sessions": "transcription"}

# Beta field names that no GA config and no other API uses: where one appears as a
# key or keyword outside a request rtmigrate can rewrite (a payload builder, a
# settings dict, `session["input_audio_format"] = ...`), it is reported with its
# GA place. `modalities` counts only beside one of these.
DISTINCTIVE_FIELDS = frozenset({
    "input_audio_format", "output_audio_format", "input_audio_transcription",
    "input_audio_noise_reduction", "max_response_output_tokens",
})

# Calls that read a config from a file or a text when the code runs (Python by the
# module's function, JavaScript by `JSON.parse`): a session bound to one is data
# rtmigrate cannot see, whichever API's shape it has.
RUNTIME_LOADERS = frozenset({
    "json.load", "json.loads", "yaml.load", "yaml.safe_load", "yaml.full_load", "tomllib.load", "tomllib.loads",
    "toml.load", "toml.loads", "JSON.parse",
})

# Calls that send, serialise or show a config without reading its keys: a config
# passed to one of these needs nothing followed (by the last part of the call's name).
# Calls that only show a value (a log line): a config they get inside an object of their own is not read.
SHOWING_CALLS = frozenset({"print", "debug", "info", "warning", "warn", "error", "exception", "critical", "log", "trace"})
# An app's own logging function by its name (`logServerEvent(data, "token")`, `logEvent(...)`):
# what it is given goes to a log or an event pane to be shown.
APP_LOG_CALL = re.compile(r"^_?log[A-Z]\w*$")
SENDING_CALLS = frozenset({"dumps", "dump", "send", "send_json", "send_str", "send_text", "sendall", "emit"}) | SHOWING_CALLS

# Calls that compare a config whole (a test's expectation) without reading its
# keys: the expected config moves with the code it checks.
COMPARING_CALLS = frozenset({
    "assertEqual", "assertDictEqual", "assertNotEqual", "assert_called_with", "assert_called_once_with",
    "assert_awaited_with", "assert_awaited_once_with", "assert_any_call",
    "toEqual", "toStrictEqual", "toMatchObject", "toHaveBeenCalledWith", "toHaveBeenLastCalledWith",
    "toHaveBeenNthCalledWith", "toBeCalledWith", "deepEqual", "deepStrictEqual", "equal", "strictEqual",
    "calledWith", "objectContaining",
})
