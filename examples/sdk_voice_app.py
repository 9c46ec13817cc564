"""A console voice assistant on the OpenAI Python SDK (beta Realtime interface).

Streams microphone audio to the model and plays the spoken answer.
"""

from __future__ import annotations

import asyncio
import base64
from typing import Literal

from openai import AsyncOpenAI
from openai.types.beta.realtime import ResponseAudioDeltaEvent, SessionUpdateEvent  # typed events

MODEL = "gpt-4o-realtime-preview-2024-12-17"

# Events this app reacts to; keep in sync with handle() below.
TranscriptEvent = Literal["response.audio_transcript.delta", "response.audio_transcript.done"]
AUDIO_EVENTS = {"response.audio.delta", "response.audio.done"}


class Assistant:
    def __init__(self) -> None:
        self.client = AsyncOpenAI()
        self.transcript: list[str] = []

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
            asyncio.create_task(self.pump(conn, microphone))
            async for event in conn:
                await self.handle(event, speaker)

    async def pump(self, conn, microphone) -> None:
        async for chunk in microphone:
            await conn.input_audio_buffer.append(audio=base64.b64encode(chunk).decode())

    async def handle(self, event, speaker) -> None:
        if event.type in AUDIO_EVENTS:
            if event.type == "response.audio.delta":
                speaker.write(base64.b64decode(event.delta))
        elif event.type == "response.audio_transcript.delta":
            self.transcript.append(event.delta)  # partial text, shown live
        elif event.type == "response.audio_transcript.done":
            print("assistant:", "".join(self.transcript))
            self.transcript.clear()
        elif event.type == "conversation.item.created":
            print("item:", event.item.id)
        elif event.type == "error":
            print("error:", event.error.message)


def describe(event: ResponseAudioDeltaEvent | SessionUpdateEvent) -> str:
    return f"{event.type} ({len(getattr(event, 'delta', ''))} bytes)"


if __name__ == "__main__":
    print("Run Assistant().run(mic, speaker) from your audio loop.")
