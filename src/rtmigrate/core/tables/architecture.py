"""What the architecture-fit rules look for (facts §10)."""

from __future__ import annotations

import re

# Calls that read recorded audio from a file.
FILE_AUDIO_READS = frozenset(
    {"wave.open", "soundfile.read", "sf.read", "AudioSegment.from_file", "AudioSegment.from_wav",
     "AudioSegment.from_mp3", "librosa.load", "wavfile.read", "scipy.io.wavfile.read", "audioread.audio_open"}
)
AUDIO_FILE_NAME = re.compile(r"\.(wav|mp3|m4a|flac|ogg|opus|pcm|raw)$", re.IGNORECASE)

INPUT_APPEND = "input_audio_buffer.append"
OUTPUT_AUDIO_EVENTS = frozenset({"response.audio.delta", "response.output_audio.delta"})
TEXT_OUTPUT_EVENTS = frozenset({"response.text.delta", "response.text.done", "response.output_text.delta", "response.output_text.done"})
INPUT_TRANSCRIPT_EVENT_PREFIX = "conversation.item.input_audio_transcription."
TEXT_INPUT_EVENTS = frozenset({"conversation.item.create", "response.create"})

TRANSLATE_WORDS = re.compile(r"\btranslat(e|es|ing|ion|or)\b|\binterpret(er)?\b", re.IGNORECASE)

# Decorators that make a function a web endpoint (its return value reaches a client).
ROUTE_DECORATOR = re.compile(r"(^|\.)(route|get|post|put|patch|websocket|api_route|api_view)$")
# Ways a response reaches a browser.
CLIENT_RESPONSES = frozenset({"render_template", "TemplateResponse", "jsonify", "JSONResponse", "render", "HTMLResponse"})
# What names the standard API key.
API_KEY_NAMES = re.compile(r"^(OPENAI_API_KEY|openai_api_key|OPENAI_KEY|api_key)$")

WEBRTC_PEER = frozenset({"RTCPeerConnection"})
SIP_ACCEPT_PATH = re.compile(r"/v1/realtime/calls/[^/]*/accept")
SESSION_TYPES_TO_CHECK_ON_SIP = frozenset({"transcription", "translation"})

# --- browser code (JavaScript and TypeScript) ---------------------------------------------
# Objects only a browser has: code that uses one runs in a page.
BROWSER_GLOBALS = re.compile(rb"(?<![\w$.])(?:window|document|navigator|RTCPeerConnection|localStorage|sessionStorage)\.?(?![\w$])")
# The SDK option that lets a browser hold the standard key.
BROWSER_KEY_OPTION = "dangerouslyAllowBrowser"
# Environment variables a bundler exposes to the page, and the standard key's own name.
PUBLIC_API_KEY_NAMES = re.compile(r"^(?:(?:VITE|NEXT_PUBLIC|REACT_APP|PUBLIC|EXPO_PUBLIC)_)?OPENAI_API_KEY$")
