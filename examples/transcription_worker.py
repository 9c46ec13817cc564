"""A worker that transcribes a live audio stream with websocket-client (sync)."""

from __future__ import annotations

import json
import os

import websocket  # websocket-client

URL = "wss://api.openai.com/v1/realtime?intent=transcription"


def open_socket() -> websocket.WebSocket:
    return websocket.create_connection(
        URL,
        header=[
            "Authorization: Bearer " + os.environ["OPENAI_API_KEY"],
            "OpenAI-Beta: realtime=v1",
        ],
    )


def configure(ws: websocket.WebSocket) -> None:
    ws.send(json.dumps({"type": "transcription_session.update", "session": {"include": []}}))


def collect(ws: websocket.WebSocket) -> list[str]:
    lines: list[str] = []
    while True:
        event = json.loads(ws.recv())
        kind = event.get("type")
        if kind == "transcription_session.updated":
            continue  # configuration acknowledged
        if kind == "conversation.item.input_audio_transcription.completed":
            lines.append(event["transcript"])
        elif kind == "input_audio_buffer.committed":
            break
    return lines
