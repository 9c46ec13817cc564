"""A small GA Realtime server for the tests, on 127.0.0.1.

It speaks the GA protocol as the pinned `openai` package types it: every
client event is checked strictly against the GA client event TypedDicts
(unknown keys rejected at every level, the keys GA requires demanded, such as a
session's `type`, by `ga_shapes.check`), every server
event it sends is validated against the GA server event models before it goes
out. A beta client is turned away as the retired beta now is: a connection
with the `OpenAI-Beta` header, an event of a beta name or a payload of beta
shape gets an `error` event, then the socket is closed.

A conversation here is short: `session.created` on connect, `session.updated`
for each `session.update`, `input_audio_buffer.committed` (and, in a
transcription session, a completed transcription) for each commit, and for
each `response.create` a response with one transcript (or text) delta and one
audio delta, in one assistant message (`response.output_item.added` and
`.done`), closed by `response.done`, whose `output` holds that message. What
was received is kept in
``events`` and ``errors`` for the test to read.

Beside the socket, ``http_url`` serves the one HTTP request of the protocol a
voice app's server makes: `POST /v1/realtime/client_secrets` mints an
ephemeral key, its body checked against the GA `ClientSecretCreateParams`, its
answer validated as a GA `ClientSecretCreateResponse`. The beta
`/v1/realtime/sessions` is refused with an error (404), as the retired beta
now is. `POST /v1/realtime/calls/{call_id}/accept` takes a SIP call's session,
checked against the GA `CallAcceptParams`. A WebRTC offer (`application/sdp`) is
answered at `POST /v1/realtime/calls`, signed by a key minted here; the beta's
offer endpoint, `POST /v1/realtime`, is refused (404). A socket that presents
an ephemeral key (`ek_...`) must present one minted here.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import re
import threading
import typing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pydantic
import websockets
from openai.types.realtime import ClientSecretCreateResponse, RealtimeServerEvent
from openai.types.realtime.call_accept_params import CallAcceptParams
from openai.types.realtime.client_secret_create_params import ClientSecretCreateParams
from openai.types.realtime.realtime_client_event_param import RealtimeClientEventParam
from websockets.asyncio.server import ServerConnection, serve

from ga_shapes import check

CLIENT_EVENTS = {typing.get_args(typing.get_type_hints(tp)["type"])[0]: tp for tp in typing.get_args(RealtimeClientEventParam)}
SERVER_EVENTS = pydantic.TypeAdapter(RealtimeServerEvent)
TEXT = "Hello from the GA server."
ACCEPT_PATH = re.compile(r"/v1/realtime/calls/[^/]+/accept")


class GAServer:
    """Start with ``with GAServer() as server:``; ``server.base_url`` is what the SDK
    takes (`OPENAI_BASE_URL`), ``server.url()`` a WebSocket URL for raw clients."""

    def __init__(self) -> None:
        self.events: list[dict] = []  # client events received, in order
        self.errors: list[str] = []  # why a client was turned away
        self.port = 0
        self._ids = itertools.count(1)
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Future | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.keys: set[str] = set()  # ephemeral keys minted
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._http_thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    # --- lifecycle ------------------------------------------------------------
    def __enter__(self) -> "GAServer":
        self._http_thread.start()
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the GA test server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(lambda: self._stop.set_result(None) if self._stop and not self._stop.done() else None)
        self._thread.join(10)
        self._http.shutdown()
        self._http.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def http_url(self) -> str:
        """The base of the HTTP API (`.../v1`), for a program's own requests."""
        return f"http://127.0.0.1:{self._http.server_address[1]}/v1"

    def url(self, query: str = "model=gpt-realtime-2.1") -> str:
        return f"ws://127.0.0.1:{self.port}/v1/realtime?{query}"

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve())

    async def _serve(self) -> None:
        self._stop = self._loop.create_future()
        async with serve(self._conversation, "127.0.0.1", 0, max_size=None) as server:
            self.port = server.sockets[0].getsockname()[1]
            self._ready.set()
            await self._stop

    # --- one connection -------------------------------------------------------
    async def _conversation(self, ws: ServerConnection) -> None:
        request = ws.request
        assert request is not None
        path = urlparse(request.path)
        if not path.path.rstrip("/").endswith("/v1/realtime"):
            await self._refuse(ws, f"no Realtime endpoint at {path.path}")
            return
        if request.headers.get("OpenAI-Beta") is not None:
            await self._refuse(ws, "the beta Realtime API is no longer served: remove the OpenAI-Beta header")
            return
        token = (request.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        if token.startswith("ek_") and token not in self.keys:
            await self._refuse(ws, "an ephemeral key this server never minted")
            return
        query = parse_qs(path.query)
        kind = "transcription" if query.get("intent") == ["transcription"] else "realtime"
        session = _defaults(kind, query.get("model", ["gpt-realtime-2.1"])[0])
        await self._send(ws, {"type": "session.created", "session": session})
        try:
            async for raw in ws:
                event = json.loads(raw)
                self.events.append(event)
                problems = self._problems(event)
                if problems:
                    await self._refuse(ws, "; ".join(problems))
                    return
                session = await self._answer(ws, event, session)
        except websockets.ConnectionClosed:
            return

    def _problems(self, event: object) -> list[str]:
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            return ["a client event is an object with a `type`"]
        shape = CLIENT_EVENTS.get(event["type"])
        if shape is None:
            return [f"unknown client event type {event['type']!r}"]
        return check(event, shape, event["type"])

    async def _answer(self, ws: ServerConnection, event: dict, session: dict) -> dict:
        kind = event["type"]
        if kind == "session.update":
            session = {**_merged(session, event["session"]), "id": session["id"], "object": session["object"]}
            await self._send(ws, {"type": "session.updated", "session": session})
        elif kind == "input_audio_buffer.commit":
            item = f"item_{next(self._ids)}"
            await self._send(ws, {"type": "input_audio_buffer.committed", "item_id": item, "previous_item_id": None})
            if session.get("type") == "transcription":
                await self._send(ws, {
                    "type": "conversation.item.input_audio_transcription.completed", "item_id": item, "content_index": 0,
                    "transcript": TEXT, "usage": {"type": "duration", "seconds": 1.0},
                })
        elif kind == "conversation.item.create":
            item = {**event["item"], "id": event["item"].get("id") or f"item_{next(self._ids)}"}
            await self._send(ws, {"type": "conversation.item.added", "item": item, "previous_item_id": None})
            await self._send(ws, {"type": "conversation.item.done", "item": item, "previous_item_id": None})
        elif kind == "response.create":
            await self._respond(ws, event.get("response") or {}, session)
        return session

    async def _respond(self, ws: ServerConnection, asked: dict, session: dict) -> None:
        response_id, item_id = f"resp_{next(self._ids)}", f"item_{next(self._ids)}"
        modalities = asked.get("output_modalities") or session.get("output_modalities") or ["audio"]
        response = {"id": response_id, "object": "realtime.response", "status": "in_progress", "output": [], "output_modalities": modalities}
        await self._send(ws, {"type": "response.created", "response": response})
        where = {"response_id": response_id, "item_id": item_id, "output_index": 0, "content_index": 0}
        # the assistant's message, as GA reports it: its content `output_text` or `output_audio`
        item = {"id": item_id, "object": "realtime.item", "type": "message", "role": "assistant", "status": "in_progress", "content": []}
        await self._send(ws, {"type": "response.output_item.added", "response_id": response_id, "output_index": 0, "item": item})
        if modalities == ["text"]:
            await self._send(ws, {"type": "response.output_text.delta", **where, "delta": TEXT})
            await self._send(ws, {"type": "response.output_text.done", **where, "text": TEXT})
            content = {"type": "output_text", "text": TEXT}
        else:
            await self._send(ws, {"type": "response.output_audio_transcript.delta", **where, "delta": TEXT})
            await self._send(ws, {"type": "response.output_audio.delta", **where, "delta": base64.b64encode(bytes(480)).decode()})
            await self._send(ws, {"type": "response.output_audio.done", **where})
            await self._send(ws, {"type": "response.output_audio_transcript.done", **where, "transcript": TEXT})
            content = {"type": "output_audio", "transcript": TEXT}
        item = {**item, "status": "completed", "content": [content]}
        await self._send(ws, {"type": "response.output_item.done", "response_id": response_id, "output_index": 0, "item": item})
        await self._send(ws, {"type": "response.done", "response": {**response, "status": "completed", "output": [item]}})

    async def _send(self, ws: ServerConnection, event: dict) -> None:
        event = {"event_id": f"event_{next(self._ids)}", **event}
        parsed = SERVER_EVENTS.validate_python(event)  # a server event of the GA protocol, or the test's own bug
        assert parsed.type == event["type"]
        await ws.send(json.dumps(event))

    async def _refuse(self, ws: ServerConnection, why: str) -> None:
        self.errors.append(why)
        await self._send(ws, {"type": "error", "error": {"type": "invalid_request_error", "code": "invalid_request", "message": why}})
        await ws.close(1008, "invalid request")


    # --- the HTTP side -------------------------------------------------------
    def mint(self, path: str, body: object) -> tuple[int, dict]:
        """(status, JSON answer) for a POST to ``path``."""
        if ACCEPT_PATH.fullmatch(path.rstrip("/")):  # a SIP call accepted with its session
            problems = check(body, CallAcceptParams, "accept")
            if problems:
                self.errors.append("; ".join(problems))
                return 400, {"error": {"type": "invalid_request_error", "code": "invalid_request", "message": "; ".join(problems)}}
            return 200, {}
        if path.rstrip("/") != "/v1/realtime/client_secrets":
            why = f"no endpoint at POST {path}" + (": the beta ephemeral-key endpoint is no longer served" if path.rstrip("/").endswith("/realtime/sessions") else "")
            self.errors.append(why)
            return 404, {"error": {"type": "invalid_request_error", "code": "not_found", "message": why}}
        problems = check(body, ClientSecretCreateParams, "client_secrets")
        if problems:
            self.errors.append("; ".join(problems))
            return 400, {"error": {"type": "invalid_request_error", "code": "invalid_request", "message": "; ".join(problems)}}
        asked = body.get("session", {"type": "realtime"})
        session = {**_merged(_defaults(asked["type"], asked.get("model", "gpt-realtime-2.1")), asked), "expires_at": 0}
        if asked["type"] == "transcription":
            session["object"] = "realtime.transcription_session"
        key = f"ek_{next(self._ids)}"
        answer = {"value": key, "expires_at": 2_000_000_000, "session": session}
        ClientSecretCreateResponse.model_validate(answer)  # a GA answer, or the test's own bug
        self.keys.add(key)
        return 200, answer


    def offer(self, path: str, authorization: str, sdp: str) -> tuple[int, str]:
        """(status, SDP answer or error) for a WebRTC offer posted to ``path``."""
        if path.rstrip("/") != "/v1/realtime/calls":
            why = f"no endpoint takes an SDP offer at POST {path}" + (": the beta offer endpoint is no longer served" if path.rstrip("/").endswith("/realtime") else "")
            self.errors.append(why)
            return 404, why
        if authorization.removeprefix("Bearer ").strip() not in self.keys:
            self.errors.append("an SDP offer signed by no key minted here")
            return 401, "an ephemeral key minted by POST /v1/realtime/client_secrets is needed"
        if not sdp.startswith("v=0"):
            self.errors.append("the SDP offer is no session description")
            return 400, "the body is no session description"
        return 201, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"


def _handler(server: GAServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if (self.headers.get("Content-Type") or "").startswith("application/sdp"):
                status, text = server.offer(urlparse(self.path).path, self.headers.get("Authorization") or "", raw.decode("utf-8", "replace"))
                self._answer(status, text.encode(), "application/sdp" if status == 201 else "text/plain")
                return
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                status, answer = 400, {"error": {"type": "invalid_request_error", "message": "the body is not JSON"}}
            else:
                status, answer = server.mint(urlparse(self.path).path, body)
            self._answer(status, json.dumps(answer).encode(), "application/json")

        def _answer(self, status: int, out: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def _defaults(kind: str, model: str) -> dict:
    """The whole session the service holds before any `session.update`: every
    field at its default, as `session.created` reports it."""
    vad = {"type": "server_vad", "threshold": 0.5, "prefix_padding_ms": 300, "silence_duration_ms": 200,
           "create_response": True, "interrupt_response": True}
    pcm = {"type": "audio/pcm", "rate": 24000}
    session: dict = {"type": kind, "id": "sess_1", "object": "realtime.session"}
    if kind == "transcription":
        session["audio"] = {"input": {"format": pcm, "transcription": {"model": "gpt-4o-transcribe"},
                                      "noise_reduction": None, "turn_detection": vad}}
        return session
    session.update(
        model=model, output_modalities=["audio"], instructions="", tools=[], tool_choice="auto",
        max_output_tokens="inf",
        audio={"input": {"format": pcm, "transcription": None, "noise_reduction": None, "turn_detection": vad},
               "output": {"format": pcm, "voice": "alloy", "speed": 1.0}},
    )
    return session


def _merged(held: dict, update: dict) -> dict:
    """``update`` laid over ``held`` as the service applies a `session.update`:
    `audio` and its sides key by key, any other value whole."""
    out = dict(held)
    for key, value in update.items():
        nested = key in ("audio", "input", "output") and isinstance(value, dict) and isinstance(out.get(key), dict)
        out[key] = _merged(out[key], value) if nested else value
    return out
