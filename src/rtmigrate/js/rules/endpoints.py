"""Realtime HTTP endpoints in JavaScript and TypeScript (facts §8, §9):
ephemeral keys and the WebRTC SDP offer (Azure's endpoints are in `azure.py`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...core.diagnostics import Applicability, Fix, TextEdit
from ...core.ruledoc import Invalid
from ...core.tables.endpoints import (
    AZURE_MARKER,
    EPHEMERAL_ENDPOINTS,
    SDP_CALLS_PATH,
    SDP_CALLS_SHOWN,
    SDP_CONTENT_TYPE,
    SDP_OFFER_URL,
)
from ...core.tables.node_sdk import BODY_KEY, HEADERS_KEY, STRINGIFY
from .. import syntax
from ..configs import wrapped
from ..context import enclosing_scope
from ..rule import JsRule
from .client_secrets import key_reads, read_edit

if TYPE_CHECKING:
    from tree_sitter import Node

_LITERALS = ("string", "template_string")


class _Requests(JsRule):
    """Collects what a rule about requests needs: the calls, and the
    constants their URLs may come from (`const URL = "..."`)."""

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.calls: list["Node"] = []
        self.constants: dict[str, "Node"] = {}

    def visit_call_expression(self, node: "Node") -> None:
        if syntax.arguments(node):
            self.calls.append(node)

    def visit_variable_declarator(self, node: "Node") -> None:
        name, value = node.child_by_field_name("name"), syntax.unwrap(node.child_by_field_name("value"))
        if name is not None and name.type == "identifier" and value is not None and value.type in _LITERALS:
            self.constants[syntax.text(name)] = value

    def _uses(self, name: str) -> int:
        return len(re.findall(rb"(?<![\w$.])" + re.escape(name.encode()) + rb"(?![\w$])", self.source))

    def url_pieces(self, arg: "Node") -> list[tuple["Node", bool]]:
        """The literals a URL argument is made of, each with whether other code shares it."""
        arg = syntax.unwrap(arg)
        if arg is None:
            return []
        if arg.type == "identifier":
            value = self.constants.get(syntax.text(arg))
            return [(value, self._uses(syntax.text(arg)) > 2)] if value is not None else []
        if arg.type not in _LITERALS:
            return []
        pieces = [(arg, False)]
        if arg.type == "template_string":
            for expression in syntax.substitutions(arg):
                if expression.type == "identifier" and syntax.text(expression) in self.constants:
                    pieces.append((self.constants[syntax.text(expression)], self._uses(syntax.text(expression)) > 2))
        return pieces

    def requests(self) -> list[tuple["Node", "Node", bool]]:
        """(call, URL literal, shared) for every call whose first argument is or builds a URL."""
        return [(call, piece, shared) for call in self.calls for piece, shared in self.url_pieces(syntax.arguments(call)[0])]


def _options(call: "Node") -> "Node | None":
    args = syntax.arguments(call)
    options = syntax.unwrap(args[1]) if len(args) > 1 else None
    return options if options is not None and options.type == "object" else None


def _sends_sdp(call: "Node") -> bool:
    options = _options(call)
    headers = syntax.unwrap(syntax.pair_value(options, HEADERS_KEY)) if options is not None else None
    if headers is None:
        return False
    if headers.type == "new_expression":  # new Headers({...})
        inner = syntax.arguments(headers)
        headers = syntax.unwrap(inner[0]) if inner else None
    if headers is None or headers.type != "object":
        return False
    return any((syntax.string_value(e.child_by_field_name("value")) or "").lower().startswith(SDP_CONTENT_TYPE)
               for e in syntax.entries(headers) if e.type == "pair")


def _body(call: "Node") -> tuple["Node | None", bool]:
    """The request body's object literal, and whether the call has a body at all:
    `fetch(url, { body: JSON.stringify({...}) })` or `axios.post(url, {...})`."""
    options = _options(call)
    function = call.child_by_field_name("function")
    if function is not None and function.type == "identifier" and options is not None:
        body = syntax.unwrap(syntax.pair_value(options, BODY_KEY))
        if body is None:
            return None, False
        if body.type == "call_expression" and syntax.member_path(body.child_by_field_name("function")) == list(STRINGIFY):
            inner = syntax.arguments(body)
            literal = syntax.unwrap(inner[0]) if inner else None
            return (literal if literal is not None and literal.type == "object" else None), True
        return None, True
    if options is not None:  # client.post(url, body)
        return options, True
    return None, len(syntax.arguments(call)) > 1


class BetaEphemeralEndpoint(_Requests):
    """Ephemeral key minted at the beta endpoint `/v1/realtime/sessions`, in
    JavaScript or TypeScript.

    GA mints keys at `POST /v1/realtime/client_secrets`, with the session
    under `session` (and a `type`), and returns the key at `value`. Found in
    `fetch(...)` calls and `client.post(url, body)` calls, with the URL
    written in place, in a template or in a constant. The fix rewrites the
    URL, wraps and plans the body and moves reads of
    `.client_secret.value` in the same function; it is safe when the body is
    a literal and the key is read in that function, unsafe when the response
    goes elsewhere (a browser may still read `client_secret.value`). Azure's
    preview endpoint (`/openai/realtimeapi/sessions?api-version=...`) moves
    the same way.

    Example:

        const r = await fetch("https://api.openai.com/v1/realtime/sessions", {
          method: "POST", headers, body: JSON.stringify({ model: "gpt-realtime-2.1", voice: "verse" }),
        });
        const key = (await r.json()).client_secret.value;

    Fix:

        const r = await fetch("https://api.openai.com/v1/realtime/client_secrets", {
          method: "POST", headers, body: JSON.stringify({ session: { type: "realtime", model: "gpt-realtime-2.1", audio: { output: { voice: "verse" } } } }),
        });
        const key = (await r.json()).value;
    """

    code = "RT402"
    name = "beta-ephemeral-endpoint"

    VALID = ('import OpenAI from "openai";\nfetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", body: JSON.stringify({ session: { type: "realtime" } }) });\n',)
    INVALID = (
        Invalid(
            'import OpenAI from "openai";\nasync function mint() {\n  const r = await fetch("https://api.openai.com/v1/realtime/sessions", { method: "POST", body: JSON.stringify({ model: "gpt-realtime-2.1" }) });\n  const data = await r.json();\n  return data.client_secret.value;\n}\n',
            'import OpenAI from "openai";\nasync function mint() {\n  const r = await fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", body: JSON.stringify({ session: { type: "realtime", model: "gpt-realtime-2.1" } }) });\n  const data = await r.json();\n  return data.value;\n}\n',
        ),
        Invalid(
            'import OpenAI from "openai";\napp.get("/session", async (req, res) => {\n  const r = await fetch(`${BASE}/v1/realtime/sessions`, { method: "POST", body: JSON.stringify({ voice: "verse" }) });\n  res.send(await r.json());\n});\n',
            'import OpenAI from "openai";\napp.get("/session", async (req, res) => {\n  const r = await fetch(`${BASE}/v1/realtime/client_secrets`, { method: "POST", body: JSON.stringify({ session: { type: "realtime", audio: { output: { voice: "verse" } } } }) });\n  res.send(await r.json());\n});\n',
            unsafe=True,
        ),
    )

    def finish(self) -> None:
        seen: set[int] = set()
        for call, piece, shared in self.requests():
            found = syntax.literal_text(piece, self.source)
            if found is None or piece.id in seen:
                continue
            text, holes = found
            row = next((r for r in EPHEMERAL_ENDPOINTS if r.pattern.search(text)), None)
            if row is None:
                continue
            seen.add(piece.id)
            message = f"ephemeral key minted at the beta endpoint; GA mints them at `{row.shown}`"
            new = syntax.rewritten(piece, self.source, row.pattern.sub(row.ga, text), holes)
            body, has_body = _body(call)
            hint = f'post to `{row.shown}` with the body `{{ session: {{ type: "{row.kind}", ... }} }}`; the key is then at `.value`'
            if new is None or shared or body is None or "api-version" in row.pattern.sub(row.ga, text):
                why = "this URL is also used elsewhere" if shared else "the body is not a literal here" if has_body else "no body is sent"
                self.report(piece, message, hint=f"{hint} ({why})")
                continue
            reads = key_reads(enclosing_scope(call), self.source)
            edits = [TextEdit(*new), TextEdit(body.start_byte, body.end_byte, wrapped(body, row.kind, self.source)), *map(read_edit, reads)]
            applicability = Applicability.SAFE if reads else Applicability.UNSAFE
            self.report(piece, message, Fix(applicability, f"post to `{row.shown}` with the session wrapped", tuple(edits)), hint=hint)


class WebRtcOfferEndpoint(_Requests):
    """WebRTC SDP offer posted to the beta endpoint `/v1/realtime?model=...`,
    in JavaScript or TypeScript.

    In GA the SDP offer goes to `POST /v1/realtime/calls`. Found where a
    `fetch` sends `Content-Type: application/sdp` to a `.../v1/realtime`
    URL, written in place, in a template or in a constant (a constant other
    code also uses is reported, not rewritten).

    Example:

        const baseUrl = "https://api.openai.com/v1/realtime";
        const answer = await fetch(`${baseUrl}?model=${model}`, {
          method: "POST", body: offer.sdp, headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/sdp" },
        });

    Fix:

        const baseUrl = "https://api.openai.com/v1/realtime/calls";
    """

    code = "RT403"
    name = "webrtc-offer-endpoint"

    VALID = ('import OpenAI from "openai";\nfetch("https://api.openai.com/v1/realtime/calls", { method: "POST", body: sdp, headers: { "Content-Type": "application/sdp" } });\n',)
    INVALID = (
        Invalid(
            'import OpenAI from "openai";\nconst baseUrl = "https://api.openai.com/v1/realtime";\nfetch(`${baseUrl}?model=${model}`, { method: "POST", body: offer.sdp, headers: { "Content-Type": "application/sdp" } });\n',
            'import OpenAI from "openai";\nconst baseUrl = "https://api.openai.com/v1/realtime/calls";\nfetch(`${baseUrl}?model=${model}`, { method: "POST", body: offer.sdp, headers: { "Content-Type": "application/sdp" } });\n',
        ),
    )

    def finish(self) -> None:
        seen: set[int] = set()
        for call, piece, shared in self.requests():
            found = syntax.literal_text(piece, self.source)
            if found is None or piece.id in seen or not _sends_sdp(call):
                continue
            text, holes = found
            if not SDP_OFFER_URL.search(text) or AZURE_MARKER.search(text):
                continue
            seen.add(piece.id)
            new = syntax.rewritten(piece, self.source, SDP_OFFER_URL.sub(SDP_CALLS_PATH, text), holes)
            if shared or new is None:
                self.report(piece, "WebRTC offer sent to the beta endpoint", hint=f"post the SDP offer to `{SDP_CALLS_SHOWN}`; this URL is also used elsewhere")
            else:
                self.report(piece, "WebRTC offer sent to the beta endpoint", Fix.safe(f"post to `{SDP_CALLS_SHOWN}`", TextEdit(*new)))
