"""What a repository uses, as both front ends collect it: Realtime session
types, transports, endpoints and models, and where. The report draws the
app's shape from these items."""

from __future__ import annotations

import re
from dataclasses import dataclass

MODEL = re.compile(
    r"^(gpt-realtime[\w.-]*|gpt-4o(-mini)?-realtime-preview[\w-]*|gpt-4o(-mini)?-transcribe[\w-]*|whisper-1|"
    r"gpt-audio[\w.-]*|gpt-4o(-mini)?-tts[\w-]*|gpt-transcribe|gpt-live-transcribe|gpt-realtime-whisper)$"
)
ENDPOINT = re.compile(r"(?:https|wss)://api\.openai\.com(/v1/(?:realtime|audio|chat)[\w/{}.-]*)")
SESSION_TYPES = ("realtime", "transcription", "translation")
SESSION_KEYS = frozenset({"instructions", "audio", "output_modalities", "modalities", "include", "model", "voice", "tools"})


def transport_of_url(url: str) -> str | None:
    """The transport a Realtime URL opens: WebSocket, SIP call control or WebRTC."""
    if url.startswith("wss://"):
        return "WebSocket"
    if re.search(r"/calls/[^/]*/accept", url):
        return "SIP"
    if "/v1/realtime/calls" in url:
        return "WebRTC"
    return None


@dataclass(frozen=True)
class Item:
    kind: str  # "session type" | "transport" | "endpoint" | "model"
    value: str
    path: str
    line: int
