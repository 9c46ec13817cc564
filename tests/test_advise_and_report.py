"""`rtmigrate advise` over every task × audio pair, and `rtmigrate report`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rtmigrate.core.advise import AUDIO, LATENCIES, TASKS, advise
from rtmigrate.core.tables.models import SHUTDOWNS
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
    # the speech API's models shut down on 2027-01-06; OpenAI's guide moves speech to a Realtime model
    "speech": {audio: ("realtime", "realtime", "WebRTC" if audio in ("browser", "mobile") else "WebSocket") for audio in AUDIO},
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
    assert set(data) == {"api", "session_type", "transport", "endpoint", "auth", "model", "options", "warnings", "reasons"}
    assert data["endpoint"] == "POST https://api.openai.com/v1/audio/transcriptions"
    missing = CliRunner().invoke(main, ["advise", "--task", "speech"])
    assert missing.exit_code == 2  # no terminal to ask on


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize("audio", AUDIO)
@pytest.mark.parametrize("latency", LATENCIES)
def test_advice_never_names_a_model_that_is_shutting_down(task, audio, latency):
    model = advise(task, audio, latency).model
    assert model is None or model not in SHUTDOWNS
    if task != "transcription" or audio != "text":
        assert model is not None or (task, audio) == ("translation", "text")


def _advise_json(*args: str) -> dict:
    return json.loads(CliRunner().invoke(main, ["advise", *args, "--output-format", "json"]).stdout)


def test_latency_chooses_the_transcription_delay_and_says_why():
    delays = ["minimal", "low", "medium", "high", "xhigh"]  # AudioTranscriptionParam.delay, earliest first
    fastest = _advise_json("--task", "transcription", "--audio", "server", "--latency", "fastest")
    accurate = _advise_json("--task", "transcription", "--audio", "server", "--latency", "accurate")
    assert fastest["model"] == accurate["model"] == "gpt-realtime-whisper"
    assert delays.index(fastest["options"]["delay"]) < delays.index(accurate["options"]["delay"])
    for data in (fastest, accurate):
        assert any(data["options"]["delay"] in r and "accurate" in r and "later" in r for r in data["reasons"])


def test_latency_chooses_the_reasoning_effort_of_a_voice_agent():
    fast = _advise_json("--task", "voice-agent", "--audio", "browser", "--latency", "fastest")
    slow = _advise_json("--task", "voice-agent", "--audio", "browser", "--latency", "accurate")
    assert fast["model"] == "gpt-realtime-2.1" and fast["options"]["reasoning"]["effort"] == "minimal"
    assert slow["options"]["reasoning"]["effort"] == "high"
    assert any("reasoning.effort" in r for r in fast["reasons"])


def test_report_markdown(tmp_path):
    out = tmp_path / "report.md"
    (tmp_path / "pyproject.toml").write_text('[tool.rtmigrate]\ntoday = "2026-11-25"\n')
    result = CliRunner().invoke(main, ["report", str(ROOT / "fixtures" / "architecture"), "--output", str(out), "--config", str(tmp_path / "pyproject.toml")])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "| transport | `SIP` |" in text and "| session type | `transcription` |" in text
    for code in ("RT701", "RT702", "RT703", "RT704", "RT705", "RT706", "RT707"):
        assert code in text
    assert "| model | `gpt-realtime` |" in text
    assert "| `gpt-realtime` | shuts down on 2027-01-20; replacement `gpt-realtime-2.1` |" in text


def test_the_markdown_report_draws_the_apps_shape_with_misfits_marked(tmp_path):
    import re

    from rtmigrate.api import inventory_paths
    from rtmigrate.report.architecture import markdown

    (tmp_path / "server.py").write_text(
        'import os, openai\n'
        '@app.get("/session")\n'
        'def session():\n'
        '    return {"key": client.realtime.client_secrets.create(session={"type": "realtime", "model": "gpt-realtime"}).value}\n'
        '@app.get("/config")\n'
        'def config():\n'
        '    return {"key": os.environ["OPENAI_API_KEY"]}\n'
    )
    (tmp_path / "client.ts").write_text(
        'import OpenAI from "openai";\nconst pc = new RTCPeerConnection();\n'
        'await fetch("https://api.openai.com/v1/realtime/calls", { method: "POST", body: offer.sdp });\n'
    )
    result, items = inventory_paths([tmp_path])
    text = markdown(result, items)
    block = text.split("```mermaid\n", 1)[1].split("\n```", 1)[0].splitlines()
    assert block[0] == "flowchart LR"
    assert '  client_Browser_or_mobile_app["Browser or mobile app"] --> transport_WebRTC(["WebRTC"])' in block
    assert any(line.startswith('  client_Server["Server"] -- mints key --> endpoint__v1_realtime_client_secrets') for line in block)
    assert "  endpoint__v1_realtime_client_secrets -. ephemeral key .-> client_Browser_or_mobile_app" in block
    assert any("RT705" in line and ":::misfit" in line for line in block)
    assert "  class model_gpt_realtime retiring" in block  # gpt-realtime has an announced shutdown
    # every line is a node, an edge, a class statement or the diagram's own header
    shape = re.compile(r"^(flowchart LR|  \w+.*(-->|---|-\.-|-\. .* \.->|-- .* -->).*|  class \w+ \w+|  classDef \w+ .*)$")
    assert [line for line in block if not shape.match(line)] == []
