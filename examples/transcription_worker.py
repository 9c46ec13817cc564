"""A worker that transcribes a live audio stream with websocket-client (sync).
Run alone, it sends a second of silence and prints what was heard
(`REALTIME_URL` overrides the endpoint)."""

from __future__ import annotations

import base64
import json
import os

import websocket  # websocket-client

URL = os.environ.get("REALTIME_URL", "wss://api.openai.com/v1/realtime?intent=transcription")


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
            break  # the committed buffer is transcribed
    return lines


def stream(ws: websocket.WebSocket, audio: bytes) -> None:
    ws.send(json.dumps({"type": "input_audio_buffer.append", "audio": base64.b64encode(audio).decode()}))
    ws.send(json.dumps({"type": "input_audio_buffer.commit"}))


if __name__ == "__main__":
    socket = open_socket()
    configure(socket)
    stream(socket, bytes(48000))
    heard = collect(socket)
    print("heard:", " ".join(heard))
    socket.close()
    raise SystemExit(0 if heard else 1)
