"""`rtmigrate advise` over every task × audio pair, and `rtmigrate report`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rtmigrate.advise import AUDIO, TASKS, advise
from rtmigrate.cli import main

ROOT = Path(__file__).resolve().parent.parent

# task → audio → (api, session type, transport); written from the architecture facts.
EXPECTED = {
    "voice-agent": {
        "browser": ("realtime", "realtime", "WebRTC"),
        "mobile": ("realtime", "realtime", "WebRTC"),
        "server": ("realtime", "realtime", "WebSocket"),
        "phone": ("realtime", "realtime", "SIP"),
        "file": ("transcriptions", None, "HTTP"),
        "text": ("chat-completions-audio", None, "HTTP"),
    },
    "translation": {
        "browser": ("realtime-translation", "translation", "WebSocket"),
        "mobile": ("realtime-translation", "translation", "WebSocket"),
        "server": ("realtime-translation", "translation", "WebSocket"),
        "phone": ("realtime-translation", "translation", "SIP"),
        "file": ("transcriptions", None, "HTTP"),
        "text": ("text-model", None, "HTTP"),
    },
    "transcription": {
        "browser": ("realtime", "transcription", "WebRTC"),
        "mobile": ("realtime", "transcription", "WebRTC"),
        "server": ("realtime", "transcription", "WebSocket"),
        "phone": ("realtime", "transcription", "SIP"),
        "file": ("transcriptions", None, "HTTP"),
        "text": ("none", None, "-"),
    },
    "speech": {audio: ("speech", None, "HTTP") for audio in AUDIO},
    "audio-chat": {audio: ("chat-completions-audio", None, "HTTP") for audio in AUDIO},
}


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize("audio", AUDIO)
def test_every_pair(task, audio):
    advice = advise(task, audio)
    assert (advice.api, advice.session_type, advice.transport) == EXPECTED[task][audio]
    assert advice.reasons, "every answer says why"
    if audio in ("browser", "mobile") and advice.api.startswith("realtime"):
        assert "ephemeral client secret" in advice.auth and "client_secrets" in advice.auth
    if advice.transport == "SIP" and advice.session_type in ("translation", "transcription"):
        assert any("SIP" in w and "supported" in w for w in advice.warnings)
    if advice.transport in ("WebRTC",):
        assert advice.endpoint.endswith("/v1/realtime/calls")


def test_advise_json_and_usage():
    out = CliRunner().invoke(main, ["advise", "--task", "transcription", "--audio", "file", "--output-format", "json"])
    data = json.loads(out.stdout)
    assert set(data) == {"api", "session_type", "transport", "endpoint", "auth", "warnings", "reasons"}
    assert data["endpoint"] == "POST https://api.openai.com/v1/audio/transcriptions"
    missing = CliRunner().invoke(main, ["advise", "--task", "speech"])
    assert missing.exit_code == 2  # no terminal to ask on


def test_report_markdown(tmp_path):
    out = tmp_path / "report.md"
    result = CliRunner().invoke(main, ["report", str(ROOT / "fixtures" / "architecture"), "--output", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "| transport | `SIP` |" in text and "| session type | `transcription` |" in text
    for code in ("RT701", "RT702", "RT703", "RT704", "RT705", "RT706", "RT707"):
        assert code in text
    assert "| model | `gpt-realtime` |" in text
