"""A console voice assistant on the OpenAI Python SDK (beta Realtime interface).

Streams microphone audio to the model and plays the spoken answer. Run alone,
it holds one short exchange with a second of silence as the microphone (the
SDK reads `OPENAI_API_KEY` from the environment).
"""

from __future__ import annotations

import asyncio
import base64
import io
import os
from typing import Literal

from openai import AsyncOpenAI
from openai.types.beta.realtime import ResponseAudioDeltaEvent, SessionUpdateEvent  # typed events

MODEL = "gpt-4o-realtime-preview-2024-12-17"

# Events this app reacts to; keep in sync with handle() below.
TranscriptEvent = Literal["response.audio_transcript.delta", "response.audio_transcript.done"]
AUDIO_EVENTS = {"response.audio.delta", "response.audio.done"}


class Assistant:
    def __init__(self) -> None:
        # a proxy in front of the API, where one is set
        self.client = AsyncOpenAI(websocket_base_url=os.environ.get("OPENAI_WEBSOCKET_BASE_URL"))
        self.transcript: list[str] = []
        self.said: list[str] = []

    async def run(self, microphone, speaker) -> None:
        async with self.client.beta.realtime.connect(model=MODEL) as conn:
            await conn.session.update(
                session={
                    "instructions": "Answer briefly.",
                    "voice": "verse",
                    "input_audio_format": "pcm16",  # 24 kHz mono from the mic
                    "output_audio_format": "pcm16",
                    "turn_detection": {"type": "server_vad"},
                    "temperature": 0.8,
                }
            )
            await asyncio.create_task(self.pump(conn, microphone))
            await conn.response.create()
            async for event in conn:
                if await self.handle(event, speaker):
                    break

    async def pump(self, conn, microphone) -> None:
        async for chunk in microphone:
            await conn.input_audio_buffer.append(audio=base64.b64encode(chunk).decode())

    async def handle(self, event, speaker) -> bool:
        """Play or show one server event; True once the answer is complete."""
        if event.type in AUDIO_EVENTS:
            if event.type == "response.audio.delta":
                speaker.write(base64.b64decode(event.delta))
        elif event.type == "response.audio_transcript.delta":
            self.transcript.append(event.delta)  # partial text, shown live
        elif event.type == "response.audio_transcript.done":
            print("assistant:", "".join(self.transcript))
            self.said.append("".join(self.transcript))
            self.transcript.clear()
        elif event.type == "conversation.item.created":
            print("item:", event.item.id)
        elif event.type == "error":
            print("error:", event.error.message)
        return event.type == "response.done"


def describe(event: ResponseAudioDeltaEvent | SessionUpdateEvent) -> str:
    return f"{event.type} ({len(getattr(event, 'delta', ''))} bytes)"


async def main() -> int:
    async def silence():
        for _ in range(4):
            yield bytes(4800)  # 100 ms of 24 kHz pcm16

    speaker = io.BytesIO()
    assistant = Assistant()
    await assistant.run(silence(), speaker)
    return 0 if assistant.said and speaker.getvalue() else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
