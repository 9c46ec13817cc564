"""Which API, session type and transport fit an app (facts §10), from a
description of it: what the audio is for (task) and where it comes from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

TASKS = ("voice-agent", "translation", "transcription", "speech", "audio-chat")
AUDIO = ("browser", "mobile", "server", "phone", "file", "text")

REALTIME_WS = "wss://api.openai.com/v1/realtime?model=gpt-realtime"
CALLS = "POST https://api.openai.com/v1/realtime/calls"
CLIENT_SECRETS = "POST https://api.openai.com/v1/realtime/client_secrets"
SIP_ACCEPT = "POST https://api.openai.com/v1/realtime/calls/{call_id}/accept"
TRANSLATIONS_WS = "wss://api.openai.com/v1/realtime/translations?model=..."
TRANSLATIONS_SECRETS = "POST https://api.openai.com/v1/realtime/translations/client_secrets"
TRANSCRIPTIONS = "POST https://api.openai.com/v1/audio/transcriptions"
SPEECH = "POST https://api.openai.com/v1/audio/speech"
CHAT = "POST https://api.openai.com/v1/chat/completions (model gpt-audio*)"

SERVER_KEY = "standard API key, on your server only"
EPHEMERAL = (
    "ephemeral client secret: your server mints it with its API key ({secrets}) and hands it to the client; "
    "the standard API key never reaches the client"
)


@dataclass(frozen=True)
class Advice:
    api: str
    session_type: str | None
    transport: str
    endpoint: str
    auth: str
    warnings: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _client(audio: str) -> bool:
    return audio in ("browser", "mobile")


def advise(task: str, audio: str) -> Advice:
    if task not in TASKS or audio not in AUDIO:
        raise ValueError(f"task must be one of {TASKS} and audio one of {AUDIO}")
    return _RULES[task](audio)


def _voice_agent(audio: str) -> Advice:
    if _client(audio):
        return Advice(
            "realtime", "realtime", "WebRTC", CALLS, EPHEMERAL.format(secrets=CLIENT_SECRETS),
            reasons=[
                "a Realtime session (type \"realtime\") listens, answers by voice, calls tools and keeps state",
                f"audio captured and played in a {audio} client travels best over WebRTC, which handles the "
                "microphone, playback and network jitter",
                "browser voice agents can be built with the Agents SDK",
            ],
        )
    if audio == "server":
        return Advice(
            "realtime", "realtime", "WebSocket", REALTIME_WS, SERVER_KEY,
            reasons=["a server media pipeline that already has raw audio streams it over a WebSocket",
                     "a Realtime session (type \"realtime\") answers by voice, calls tools and keeps state"],
        )
    if audio == "phone":
        return Advice(
            "realtime", "realtime", "SIP", SIP_ACCEPT, SERVER_KEY,
            reasons=["phone calls reach the Realtime API over SIP; your server accepts each call via /v1/realtime/calls/{call_id}/accept"],
        )
    if audio == "file":
        return Advice(
            "transcriptions", None, "HTTP", TRANSCRIPTIONS, SERVER_KEY,
            warnings=["a voice agent needs a live speaker; with recorded audio there is no conversation to hold"],
            reasons=["text from a finished audio file comes from the request-based transcriptions API",
                     "answer the text with a text model, and speak it with POST /v1/audio/speech if needed"],
        )
    return Advice(
        "chat-completions-audio", None, "HTTP", CHAT, SERVER_KEY,
        reasons=["the user types: a text-first app adds spoken answers with Chat Completions and an audio-capable model",
                 "a Realtime session is for live audio in both directions"],
    )


def _translation(audio: str) -> Advice:
    if _client(audio):
        return Advice(
            "realtime-translation", "translation", "WebSocket", TRANSLATIONS_WS, EPHEMERAL.format(secrets=TRANSLATIONS_SECRETS),
            warnings=["check that your client can reach the translations endpoint with an ephemeral key before you build on it"],
            reasons=["continuous speech-to-speech translation has its own session (type \"translation\")",
                     "a voice-agent session told to \"translate everything\" drifts into answering instead"],
        )
    if audio == "server":
        return Advice(
            "realtime-translation", "translation", "WebSocket", TRANSLATIONS_WS, SERVER_KEY,
            reasons=["continuous speech-to-speech translation has its own session (type \"translation\")",
                     "a server that has the raw audio streams it over a WebSocket"],
        )
    if audio == "phone":
        return Advice(
            "realtime-translation", "translation", "SIP", SIP_ACCEPT, SERVER_KEY,
            warnings=["SIP with a translation session: check that it is supported before you use it"],
            reasons=["phone audio arrives over SIP; the session that fits is a translation session"],
        )
    if audio == "file":
        return Advice(
            "transcriptions", None, "HTTP", TRANSCRIPTIONS, SERVER_KEY,
            reasons=["recorded audio needs no live session: transcribe it, translate the text with a text model, "
                     "and speak the result with POST /v1/audio/speech if you need audio"],
        )
    return Advice(
        "text-model", None, "HTTP", "POST https://api.openai.com/v1/responses", SERVER_KEY,
        reasons=["text in, text out: translating text needs no audio API"],
    )


def _transcription(audio: str) -> Advice:
    if _client(audio):
        return Advice(
            "realtime", "transcription", "WebRTC", CALLS, EPHEMERAL.format(secrets=CLIENT_SECRETS),
            reasons=["live transcript deltas with no spoken reply come from a transcription session (type \"transcription\")",
                     f"a {audio} client sends its microphone over WebRTC"],
        )
    if audio == "server":
        return Advice(
            "realtime", "transcription", "WebSocket", "wss://api.openai.com/v1/realtime", SERVER_KEY,
            reasons=["live transcript deltas with no spoken reply come from a transcription session (type \"transcription\")",
                     "a server that has the raw audio streams it over a WebSocket"],
        )
    if audio == "phone":
        return Advice(
            "realtime", "transcription", "SIP", SIP_ACCEPT, SERVER_KEY,
            warnings=["SIP with a transcription session: check that it is supported before you use it"],
            reasons=["phone audio arrives over SIP"],
        )
    if audio == "file":
        return Advice(
            "transcriptions", None, "HTTP", TRANSCRIPTIONS, SERVER_KEY,
            reasons=["text from a finished audio file comes from the request-based transcriptions API",
                     "streaming a file into a Realtime session costs more and adds nothing"],
        )
    return Advice(
        "none", None, "-", "-", "-",
        warnings=["text input has nothing to transcribe"],
        reasons=["transcription turns audio into text; with text already in hand no audio API is needed"],
    )


def _speech(audio: str) -> Advice:
    where = "play it in the client" if _client(audio) or audio == "phone" else "use the audio where you need it"
    return Advice(
        "speech", None, "HTTP", SPEECH, SERVER_KEY,
        warnings=[] if audio in ("text", "server", "browser", "mobile") else [f"speech turns text into audio; {audio} audio is not its input"],
        reasons=["spoken audio from known text comes from the request-based speech API, not from a Realtime session used as a TTS engine",
                 f"call it from your server and {where}"],
    )


def _audio_chat(audio: str) -> Advice:
    return Advice(
        "chat-completions-audio", None, "HTTP", CHAT, SERVER_KEY,
        reasons=["audio added to an existing text-first chat app fits Chat Completions with an audio-capable model",
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
