"""Realtime HTTP endpoints: ephemeral keys, the WebRTC SDP offer, Azure (facts §8, §9)."""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field

import libcst as cst

from ...core.diagnostics import Applicability, Edit, Fix
from ...core.tables.endpoints import (
    AZURE_MARKER,
    BETA_KEY_PATH,
    BODY_SESSION_KEY,
    EPHEMERAL_ENDPOINTS,
    SDP_CALLS_PATH,
    SDP_CALLS_SHOWN,
    SDP_CONTENT_TYPE,
    SDP_OFFER_URL,
)
from ..configs import plan
from ..cstutil import string_value
from ..layout import Entry, Layout, explode, implode, reindent
from ..rule import Invalid, Rule


def _text(node: cst.CSTNode) -> str | None:
    """The text of a string literal or f-string piece, as written."""
    if isinstance(node, cst.SimpleString) and "b" not in node.prefix.lower():
        return node.value
    if isinstance(node, cst.FormattedStringText):
        return node.value
    return None


def _retext(node: cst.CSTNode, text: str) -> cst.CSTNode:
    return node.with_changes(value=text)


@dataclass
class _UrlUse:
    call: cst.Call
    strings: list[cst.CSTNode] = field(default_factory=list)


class _UrlRule(Rule):
    """Links URL string pieces to the calls that send them, directly or through
    a module-level constant (`URL = "..."` ... `requests.post(URL, ...)`)."""

    # Everything here is read from the file's index in `finish`.

    @property
    def strings(self) -> list[cst.CSTNode]:
        return [n for n in self.nodes(cst.SimpleString, cst.FormattedStringText) if _text(n) is not None]

    @property
    def calls(self) -> list[cst.Call]:
        return self.nodes(cst.Call)

    @functools.cached_property
    def assigns(self) -> list[cst.Assign]:
        """`NAME = value`, in source order."""
        return [a for a in self.nodes(cst.Assign) if len(a.targets) == 1 and isinstance(a.targets[0].target, cst.Name)]

    @functools.cached_property
    def constants(self) -> dict[str, list[cst.CSTNode]]:
        """Name → the string pieces of the value last assigned to it."""
        constants = {}
        for node in self.assigns:
            pieces = self.nodes(cst.SimpleString, cst.FormattedStringText, within=node.value)
            if pieces:
                constants[node.targets[0].target.value] = pieces
        return constants

    @property
    def uses(self) -> Counter[str]:
        """How often each name is written in the file."""
        return self.tree.once("name uses", lambda: Counter(n.value for n in self.nodes(cst.Name)))

    def url_of(self, call: cst.Call) -> tuple[cst.CSTNode | None, list[cst.CSTNode], set[int]]:
        """(the URL argument, its string pieces, the ids of the pieces that come
        from a constant other code uses too)."""
        arg = next((a for a in call.args if a.keyword is not None and a.keyword.value == "url"), None)
        if arg is None:
            arg = next((a for a in call.args if a.keyword is None), None)
        if arg is None:
            return None, [], set()
        pieces = self.nodes(cst.SimpleString, cst.FormattedStringText, within=arg.value)
        shared: set[int] = set()
        for name in self.nodes(cst.Name, within=arg.value):
            if name.value in self.constants:
                pieces += self.constants[name.value]
                if self.uses.get(name.value, 0) > 2:  # the assignment and more than one use
                    shared.update(id(p) for p in self.constants[name.value])
        return arg.value, pieces, shared


def _keyword(call: cst.Call, *names: str) -> cst.Arg | None:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value in names), None)


class BetaEphemeralEndpoint(_UrlRule):
    """Ephemeral key minted at the beta endpoint `/v1/realtime/sessions`.

    GA mints ephemeral keys at `POST /v1/realtime/client_secrets`, with the
    session wrapped as `{"session": {"type": "realtime", ...}}` in GA shape,
    and returns the key at `value` (not `client_secret.value`). The beta
    `/v1/realtime/transcription_sessions` goes to the same endpoint with a
    `"transcription"` session. Found in plain strings, f-strings,
    concatenations and module constants, followed to the request that sends
    them.

    Example:

        resp = requests.post("https://api.openai.com/v1/realtime/sessions",
                             json={"model": "gpt-realtime-2.1", "voice": "verse"}, headers=auth)
        key = resp.json()["client_secret"]["value"]

    Fix:

        resp = requests.post("https://api.openai.com/v1/realtime/client_secrets",
                             json={"session": {"type": "realtime", "model": "gpt-realtime-2.1", "audio": {"output": {"voice": "verse"}}}}, headers=auth)
        key = resp.json()["value"]

    The fix is safe when the body is a literal and the code that reads the key
    from that response is in the same function; otherwise it is unsafe and
    the finding says what to change by hand.
    """

    code = "RT402"
    name = "beta-ephemeral-endpoint"

    VALID = ('import requests\nr = requests.post("https://api.openai.com/v1/realtime/client_secrets", json={"session": {"type": "realtime"}})\n',)
    INVALID = (
        Invalid(
            'import requests\ndef mint():\n    r = requests.post("https://api.openai.com/v1/realtime/sessions", json={"model": "gpt-realtime-2.1"})\n    return r.json()["client_secret"]["value"]\n',
            'import requests\ndef mint():\n    r = requests.post("https://api.openai.com/v1/realtime/client_secrets", json={"session": {"type": "realtime", "model": "gpt-realtime-2.1"}})\n    return r.json()["value"]\n',
        ),
        Invalid(
            'import httpx\nURL = "https://api.openai.com/v1/realtime/sessions"\ndef mint(body):\n    return httpx.post(URL, json=body)\n',
            'import httpx\nURL = "https://api.openai.com/v1/realtime/client_secrets"\ndef mint(body):\n    return httpx.post(URL, json=body)\n',
            unsafe=True,
        ),
    )

    def finish(self) -> None:
        handled: set[int] = set()
        for call in self.calls:
            _, pieces, _ = self.url_of(call)
            for piece in pieces:
                text = _text(piece)
                row = next((r for r in EPHEMERAL_ENDPOINTS if text and r.pattern.search(text)), None)
                if row is None or id(piece) in handled:
                    continue
                handled.add(id(piece))
                self._fix_request(call, piece, row)
        for piece in self.strings:
            text = _text(piece)
            row = next((r for r in EPHEMERAL_ENDPOINTS if text and r.pattern.search(text)), None)
            if row is not None and id(piece) not in handled:
                if not _whole(row.pattern.sub(row.ga, text)):
                    self._unfixable(piece, row)
                    continue
                edit = Edit(piece, _retext(piece, row.pattern.sub(row.ga, text)))
                self.report(
                    piece,
                    "beta ephemeral-key endpoint",
                    Fix.unsafe(f"use `{row.shown}`", edit),
                    hint=f'the request body must become {{"session": {{"type": "{row.kind}", ...}}}} and the key is read at ["value"]',
                )

    def _fix_request(self, call: cst.Call, piece: cst.CSTNode, row) -> None:
        new = row.pattern.sub(row.ga, _text(piece))
        if not _whole(new):
            self._unfixable(piece, row)
            return
        edits = [Edit(piece, _retext(piece, new))]
        notes: list[str] = []
        body = _keyword(call, "json")
        if body is not None and isinstance(body.value, cst.Dict):
            result = plan(body.value, row.kind)
            session = result.replacement if result is not None and result.replacement is not None else body.value
            edits.append(Edit(body.value, _wrap_session(session)))
            if result is not None and result.leftovers:
                notes.append("parts of the body are not literal: " + "; ".join(l.message for l in result.leftovers))
        else:
            notes.append(f'wrap the request body as {{"session": {{"type": "{row.kind}", ...GA fields}}}}')
        readers = self._key_reads(call)
        edits += readers
        if not readers:
            notes.append('read the key at ["value"] of the response, not ["client_secret"]["value"]')
        applicability = Applicability.UNSAFE if notes else Applicability.SAFE
        fix = Fix(applicability, f"use `{row.shown}` with the session wrapped" + (f" ({'; '.join(notes)})" if notes else ""), tuple(edits))
        self.report(piece, "beta ephemeral-key endpoint", fix, hint="; ".join(notes) or None)

    def _unfixable(self, piece: cst.CSTNode, row) -> None:
        self.report(
            piece,
            "beta ephemeral-key endpoint",
            hint=f"post to `{row.shown}` with no `api-version`, the body as {{\"session\": {{\"type\": \"{row.kind}\", ...}}}}, "
            "and read the key at [\"value\"]; the query here is built from parts rtmigrate cannot rewrite",
        )

    def _key_reads(self, call: cst.Call) -> list[Edit]:
        """`r.json()["client_secret"]["value"]` → `r.json()["value"]` where `r` holds this
        call's response in the same function."""
        # the outermost function around the call
        function = next((f for f in reversed(list(self.ancestors(call))) if isinstance(f, cst.FunctionDef)), None)
        if function is None:
            return []
        responses: set[str] = set()
        for assign in self.nodes(cst.Assign, cst.WithItem, within=function):
            value = assign.value if isinstance(assign, cst.Assign) else assign.item
            target = (
                assign.targets[0].target if isinstance(assign, cst.Assign) and len(assign.targets) == 1
                else getattr(getattr(assign, "asname", None), "name", None)
            )
            if not isinstance(target, cst.Name):
                continue
            inner = value.expression if isinstance(value, cst.Await) else value
            if inner is call or _is_json_of(inner, call, responses):
                responses.add(target.value)
        edits = []
        for sub in self.nodes(cst.Subscript, within=function):
            base, keys = _subscript_chain(sub)
            if len(keys) >= 2 and keys[0] == BETA_KEY_PATH[0] and _from_response(base, call, responses):
                inner = sub.value
                edits.append(Edit(sub, sub.with_changes(value=inner.value)))
        return edits


def _whole(text: str) -> bool:
    """Is a rewritten URL piece whole: no `api-version` left whose value was interpolated after it?"""
    return "api-version" not in text and not text.rstrip("\"'").endswith(("?", "&"))


def _subscript_chain(node: cst.Subscript) -> tuple[cst.CSTNode, list[str]]:
    keys: list[str] = []
    current: cst.CSTNode = node
    while isinstance(current, cst.Subscript) and len(current.slice) == 1 and isinstance(current.slice[0].slice, cst.Index):
        keys.insert(0, string_value(current.slice[0].slice.value) or "")
        current = current.value
    return current, keys


def _is_json_of(node: cst.CSTNode, call: cst.Call, responses: set[str]) -> bool:
    node = node.expression if isinstance(node, cst.Await) else node
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "json":
        base = node.func.value
        base = base.expression if isinstance(base, cst.Await) else base
        return base is call or (isinstance(base, cst.Name) and base.value in responses)
    return False


def _from_response(base: cst.CSTNode, call: cst.Call, responses: set[str]) -> bool:
    return (isinstance(base, cst.Name) and base.value in responses) or _is_json_of(base, call, responses)


def _wrap_session(session: cst.Dict) -> cst.Dict:
    entries, layout, _, _ = explode(session)
    if layout.inner is None:
        return cst.Dict([cst.DictElement(cst.SimpleString(f'"{BODY_SESSION_KEY}"'), session)])
    inner = reindent(session, layout.step)  # one level deeper, inside the wrapper
    return implode([Entry(cst.SimpleString(f'"{BODY_SESSION_KEY}"'), inner)], Layout(layout.inner, layout.closing, layout.step))


class WebRtcOfferEndpoint(_UrlRule):
    """WebRTC SDP offer posted to the beta endpoint `/v1/realtime?model=...`.

    In GA the browser's (or a server's) SDP offer goes to
    `POST /v1/realtime/calls`. Found where a request sends
    `Content-Type: application/sdp` to a `.../v1/realtime` URL.

    Example:

        requests.post("https://api.openai.com/v1/realtime?model=gpt-realtime-2.1",
                      data=offer_sdp, headers={"Content-Type": "application/sdp"})

    Fix:

        requests.post("https://api.openai.com/v1/realtime/calls?model=gpt-realtime-2.1",
                      data=offer_sdp, headers={"Content-Type": "application/sdp"})

    A URL held in a constant that other code also uses is reported, not
    rewritten.
    """

    code = "RT403"
    name = "webrtc-offer-endpoint"

    VALID = ('import requests\nrequests.post("https://api.openai.com/v1/realtime?model=m", json={})\n',)
    INVALID = (
        Invalid(
            'import requests\nr = requests.post("https://api.openai.com/v1/realtime?model=m", data=sdp, headers={"Content-Type": "application/sdp"})\n',
            'import requests\nr = requests.post("https://api.openai.com/v1/realtime/calls?model=m", data=sdp, headers={"Content-Type": "application/sdp"})\n',
        ),
    )

    def finish(self) -> None:
        for call in self.calls:
            headers = _keyword(call, "headers")
            if headers is None or not any(
                isinstance(e, cst.DictElement) and (string_value(e.value) or "").lower().startswith(SDP_CONTENT_TYPE)
                for e in getattr(headers.value, "elements", [])
            ):
                continue
            _, pieces, shared = self.url_of(call)
            for piece in pieces:
                text = _text(piece)
                if not text or not SDP_OFFER_URL.search(text.rstrip("\"'")) or AZURE_MARKER.search(text):
                    continue
                new = SDP_OFFER_URL.sub(SDP_CALLS_PATH, text.rstrip("\"'")) + text[len(text.rstrip("\"'")):]
                if id(piece) in shared:
                    self.report(piece, "WebRTC offer sent to the beta endpoint", hint=f"post the SDP offer to `{SDP_CALLS_SHOWN}`; this URL is also used elsewhere")
                else:
                    self.report(piece, "WebRTC offer sent to the beta endpoint", Fix.safe(f"post to `{SDP_CALLS_SHOWN}`", Edit(piece, _retext(piece, new))))
