"""A relay server: browsers talk to this process, which talks to the Realtime API
over a raw WebSocket (the `websockets` library), so the API key stays here.
Run alone, it relays one text answer to a stand-in browser (`REALTIME_URL`
overrides the endpoint)."""

from __future__ import annotations

import asyncio
import json
import os

import websockets

REALTIME_URL = os.environ.get("REALTIME_URL", "wss://api.openai.com/v1/realtime?model=gpt-4o-realtime-preview")
HEADERS = {
    "Authorization": f"Bearer {os.environ.get('OPENAI_API_KEY', '')}",
    "OpenAI-Beta": "realtime=v1",  # required by the Realtime API
}


class ServerEvent:
    TEXT_DELTA = "response.text.delta"
    TEXT_DONE = "response.text.done"
    AUDIO_DELTA = "response.audio.delta"


def route(message: dict) -> str | None:
    match message.get("type"):
        case "response.text.delta" | "response.output_text.delta":
            return message["delta"]
        case "response.audio.done":
            return None
        case "session.created":
            return ""
    return None


async def relay(browser) -> None:
    async with websockets.connect(
        REALTIME_URL,
        additional_headers=HEADERS,
        max_size=None,
    ) as upstream:
        await upstream.send(json.dumps({"type": "session.update", "session": {"modalities": ["text"], "instructions": "Be brief."}}))
        await upstream.send(json.dumps({"type": "response.create"}))
        async for raw in upstream:
            event = json.loads(raw)
            if event["type"] in (ServerEvent.TEXT_DELTA, ServerEvent.AUDIO_DELTA):
                await browser.send(raw)
            text = route(event)
            if text:
                print(text, end="", flush=True)
            if event["type"] == "response.done":
                break


class Browser:
    """Stands in for a browser's socket: keeps what the relay sends it."""

    def __init__(self) -> None:
        self.frames: list[str] = []

    async def send(self, frame: str) -> None:
        self.frames.append(frame)


if __name__ == "__main__":
    browser = Browser()
    asyncio.run(relay(browser))
    raise SystemExit(0 if browser.frames else 1)
