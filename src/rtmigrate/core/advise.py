"""Which API, session type, transport and model fit an app (facts §10, §12),
from a description of it: what the audio is for (task), where it comes from,
and how much latency it can take.

Models come from the model tables (``tables/models.py``, generated from the
pinned package): never one with an announced shutdown."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .tables.models import (
    FILE_TRANSCRIPTION_MODEL,
    LATENCY_DELAY,
    LATENCY_EFFORT,
    LIVE_TRANSCRIPTION_MODEL,
    REASONING_PREFIX,
    SHUTDOWNS,
    SPEECH_MODEL,
    TRANSLATION_MODEL,
    TRANSLATION_MODEL_SOURCE,
    current,
)

TASKS = ("voice-agent", "translation", "transcription", "speech", "audio-chat")
AUDIO = ("browser", "mobile", "server", "phone", "file", "text")
LATENCIES = tuple(LATENCY_DELAY)  # fastest, balanced, accurate

VOICE_MODEL = current("realtime")
CHAT_AUDIO_MODEL = current("audio-chat")

REALTIME_WS = "wss://api.openai.com/v1/realtime?model={model}"
CALLS = "POST https://api.openai.com/v1/realtime/calls"
CLIENT_SECRETS = "POST https://api.openai.com/v1/realtime/client_secrets"
SIP_ACCEPT = "POST https://api.openai.com/v1/realtime/calls/{call_id}/accept"
TRANSLATIONS_WS = f"wss://api.openai.com/v1/realtime/translations?model={TRANSLATION_MODEL}"
TRANSLATIONS_SECRETS = "POST https://api.openai.com/v1/realtime/translations/client_secrets"
TRANSCRIPTIONS = "POST https://api.openai.com/v1/audio/transcriptions"
CHAT = "POST https://api.openai.com/v1/chat/completions"

SERVER_KEY = "standard API key, on your server only"
EPHEMERAL = (
    "ephemeral client secret: your server mints it with its API key ({secrets}) and hands it to the client; "
    "the standard API key never reaches the client"
)
_SPEECH_SHUTDOWN = min(day for model, day in SHUTDOWNS.items() if model.startswith(("tts-", "gpt-4o-mini-tts")))


@dataclass(frozen=True)
class Advice:
    api: str
    session_type: str | None
    transport: str
    endpoint: str
    auth: str
    model: str | None = None
    options: dict[str, Any] = field(default_factory=dict)  # model settings that fit the latency asked for
    warnings: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _client(audio: str) -> bool:
    return audio in ("browser", "mobile")


def advise(task: str, audio: str, latency: str = "balanced") -> Advice:
    if task not in TASKS or audio not in AUDIO or latency not in LATENCIES:
        raise ValueError(f"task must be one of {TASKS}, audio one of {AUDIO} and latency one of {LATENCIES}")
    return _RULES[task](audio, latency)


def _reasoning(model: str, latency: str) -> tuple[dict[str, Any], list[str]]:
    """`reasoning.effort` for a model that reasons, and why."""
    if not model.startswith(REASONING_PREFIX):
        return {}, []
    effort = LATENCY_EFFORT[latency]
    return {"reasoning": {"effort": effort}}, [
        f"{model} reasons before it speaks: reasoning.effort \"{effort}\" fits \"{latency}\" "
        "(lower efforts answer sooner, higher ones think longer and answer later)"
    ]


def _file_transcription(reason: str) -> Advice:
    return Advice(
        "transcriptions", None, "HTTP", TRANSCRIPTIONS, SERVER_KEY, model=FILE_TRANSCRIPTION_MODEL,
        reasons=[reason, f"{FILE_TRANSCRIPTION_MODEL} is the transcription model with no announced shutdown"],
    )


def _voice_agent(audio: str, latency: str) -> Advice:
    options, why = _reasoning(VOICE_MODEL, latency)
    if _client(audio):
        return Advice(
            "realtime", "realtime", "WebRTC", CALLS, EPHEMERAL.format(secrets=CLIENT_SECRETS), VOICE_MODEL, options,
            reasons=[
                "a Realtime session (type \"realtime\") listens, answers by voice, calls tools and keeps state",
                f"audio captured and played in a {audio} client travels best over WebRTC, which handles the "
                "microphone, playback and network jitter",
                "browser voice agents can be built with the Agents SDK",
                *why,
            ],
        )
    if audio == "server":
        return Advice(
            "realtime", "realtime", "WebSocket", REALTIME_WS.format(model=VOICE_MODEL), SERVER_KEY, VOICE_MODEL, options,
            reasons=["a server media pipeline that already has raw audio streams it over a WebSocket",
                     "a Realtime session (type \"realtime\") answers by voice, calls tools and keeps state", *why],
        )
    if audio == "phone":
        return Advice(
            "realtime", "realtime", "SIP", SIP_ACCEPT, SERVER_KEY, VOICE_MODEL, options,
            reasons=["phone calls reach the Realtime API over SIP; your server accepts each call via /v1/realtime/calls/{call_id}/accept", *why],
        )
    if audio == "file":
        advice = _file_transcription("text from a finished audio file comes from the request-based transcriptions API")
        return Advice(
            **{**asdict(advice), "warnings": ["a voice agent needs a live speaker; with recorded audio there is no conversation to hold"],
               "reasons": [*advice.reasons, "answer the text with a text model, and speak it with a Realtime session if needed"]}
        )
    return Advice(
        "chat-completions-audio", None, "HTTP", CHAT, SERVER_KEY, CHAT_AUDIO_MODEL,
        reasons=["the user types: a text-first app adds spoken answers with Chat Completions and an audio-capable model",
                 f"{CHAT_AUDIO_MODEL} is the audio model with no announced shutdown",
                 "a Realtime session is for live audio in both directions"],
    )


def _translation(audio: str, latency: str) -> Advice:
    model_reason = f"{TRANSLATION_MODEL} interprets what a person says (the model named by {TRANSLATION_MODEL_SOURCE})"
    if _client(audio):
        return Advice(
            "realtime-translation", "translation", "WebSocket", TRANSLATIONS_WS, EPHEMERAL.format(secrets=TRANSLATIONS_SECRETS),
            TRANSLATION_MODEL,
            warnings=["check that your client can reach the translations endpoint with an ephemeral key before you build on it"],
            reasons=["continuous speech-to-speech translation has its own session (type \"translation\")",
                     "a voice-agent session told to \"translate everything\" drifts into answering instead", model_reason],
        )
    if audio == "server":
        return Advice(
            "realtime-translation", "translation", "WebSocket", TRANSLATIONS_WS, SERVER_KEY, TRANSLATION_MODEL,
            reasons=["continuous speech-to-speech translation has its own session (type \"translation\")",
                     "a server that has the raw audio streams it over a WebSocket", model_reason],
        )
    if audio == "phone":
        return Advice(
            "realtime-translation", "translation", "SIP", SIP_ACCEPT, SERVER_KEY, TRANSLATION_MODEL,
            warnings=["SIP with a translation session: check that it is supported before you use it"],
            reasons=["phone audio arrives over SIP; the session that fits is a translation session", model_reason],
        )
    if audio == "file":
        return _file_transcription(
            "recorded audio needs no live session: transcribe it, translate the text with a text model, "
            "and speak the result with a Realtime session if you need audio"
        )
    return Advice(
        "text-model", None, "HTTP", "POST https://api.openai.com/v1/responses", SERVER_KEY,
        reasons=["text in, text out: translating text needs no audio API"],
    )


def _transcription(audio: str, latency: str) -> Advice:
    delay = LATENCY_DELAY[latency]
    options = {"delay": delay}
    reasons = [
        "live transcript deltas with no spoken reply come from a transcription session (type \"transcription\")",
        f"{LIVE_TRANSCRIPTION_MODEL} lets you choose latency: audio.input.transcription.delay \"{delay}\" fits \"{latency}\" "
        "(minimal, low, medium, high, xhigh: a higher delay gives later but more accurate text)",
        f"{LIVE_TRANSCRIPTION_MODEL} takes no prompt, and its turn_detection must be null",
    ]
    if _client(audio):
        return Advice(
            "realtime", "transcription", "WebRTC", CALLS, EPHEMERAL.format(secrets=CLIENT_SECRETS), LIVE_TRANSCRIPTION_MODEL, options,
            reasons=[*reasons, f"a {audio} client sends its microphone over WebRTC"],
        )
    if audio == "server":
        return Advice(
            "realtime", "transcription", "WebSocket", "wss://api.openai.com/v1/realtime", SERVER_KEY, LIVE_TRANSCRIPTION_MODEL, options,
            reasons=[*reasons, "a server that has the raw audio streams it over a WebSocket"],
        )
    if audio == "phone":
        return Advice(
            "realtime", "transcription", "SIP", SIP_ACCEPT, SERVER_KEY, LIVE_TRANSCRIPTION_MODEL, options,
            warnings=["SIP with a transcription session: check that it is supported before you use it"],
            reasons=[*reasons, "phone audio arrives over SIP"],
        )
    if audio == "file":
        return _file_transcription("text from a finished audio file comes from the request-based transcriptions API; "
                                   "streaming a file into a Realtime session costs more and adds nothing")
    return Advice(
        "none", None, "-", "-", "-",
        warnings=["text input has nothing to transcribe"],
        reasons=["transcription turns audio into text; with text already in hand no audio API is needed"],
    )


def _speech(audio: str, latency: str) -> Advice:
    client = _client(audio)
    warnings = [] if audio in ("text", "server", "browser", "mobile") else [f"speech turns text into audio; {audio} audio is not its input"]
    return Advice(
        "realtime", "realtime", "WebRTC" if client else "WebSocket",
        CALLS if client else REALTIME_WS.format(model=SPEECH_MODEL),
        EPHEMERAL.format(secrets=CLIENT_SECRETS) if client else SERVER_KEY,
        SPEECH_MODEL,
        warnings=[*warnings, f"the speech API's models (tts-1, tts-1-hd, gpt-4o-mini-tts) shut down on {_SPEECH_SHUTDOWN.isoformat()}"],
        reasons=[
            f"OpenAI's text-to-speech guide moves speech from known text to {SPEECH_MODEL} on the Realtime API; "
            "it is not a /v1/audio/speech model",
            "send the text as a response with instructions to read it word for word, and play the audio it returns",
        ],
    )


def _audio_chat(audio: str, latency: str) -> Advice:
    return Advice(
        "chat-completions-audio", None, "HTTP", CHAT, SERVER_KEY, CHAT_AUDIO_MODEL,
        reasons=["audio added to an existing text-first chat app fits Chat Completions with an audio-capable model",
                 f"{CHAT_AUDIO_MODEL} is the audio model with no announced shutdown",
                 "rebuilding the app on Realtime is only worth it for live, interruptible conversation"]
        + (["record a clip in the client and send it to your server, which calls the API"] if _client(audio) else []),
    )


_RULES = {
    "voice-agent": _voice_agent,
    "translation": _translation,
    "transcription": _transcription,
    "speech": _speech,
    "audio-chat": _audio_chat,
}
