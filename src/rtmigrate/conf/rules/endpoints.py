"""Beta Realtime endpoints in shell, HTTP and configuration files (facts §8, §9)."""

from __future__ import annotations

import json
import re

from ...core.diagnostics import Fix, TextEdit
from ...core.plans.azure import ga_url, is_preview_path
from ...core.plans.session import migrated
from ...core.tables.endpoints import AZURE_GA_WS_PATH, SDP_CALLS_SHOWN, SDP_CONTENT_TYPE
from ...core.tables.session import CLIENT_SECRET_KEY
from ...core import jsontext
from ..kinds import KINDS
from ..rule import ConfRule, Invalid

_URL = re.compile(r"""(?:https?|wss?)://[^\s"'`<>\\)]+""")
_EPHEMERAL = re.compile(r"/v1/realtime/(?:sessions|transcription_sessions)(?![\w/])|/openai/realtimeapi/sessions")
_SDP_OFFER = re.compile(r"^https://api\.openai\.com/v1/realtime(?=\?|$)")
# one shell command: up to a line that does not end with a continuation
_COMMAND = re.compile(r"(?:[^\n]*\\\n)*[^\n]*")
# a literal JSON body: curl's `-d '{...}'` (and `--data`, `--data-raw`), or an HTTP request's body
_BODY = re.compile(r"""(?:-d|--data(?:-raw|-binary)?)(?:\s+|=)'(?P<json>\{[^']*\})'""")
_HTTP_BODY = re.compile(r"\n\s*\n(?P<json>\{.*\})\s*$", re.S)


def _command(text: str, offset: int, kind: str) -> str:
    """The shell command (with its continued lines) or the HTTP request (up to
    its blank line) that ``offset`` is in."""
    line_start = text.rfind("\n", 0, offset) + 1
    if kind == "http":
        end = text.find("\n\n", offset)
        return text[line_start : end if end != -1 else len(text)]
    first = line_start
    while first > 1 and text[first - 2] == "\\":  # the lines this one continues
        first = text.rfind("\n", 0, first - 1) + 1
    match = _COMMAND.match(text, first)
    return text[first : match.end() if match else len(text)]


class WebRtcOfferEndpointInConfig(ConfRule):
    """WebRTC offer sent to the beta endpoint, in a shell, HTTP or configuration file.

    The WebRTC SDP offer went to `https://api.openai.com/v1/realtime?model=...`;
    GA takes it at `/v1/realtime/calls`. Fixed where the same command or
    request sends `application/sdp`; elsewhere (a URL in a settings file)
    reported, since the same URL with `wss://` is GA's WebSocket.

    Example:

        curl -X POST "https://api.openai.com/v1/realtime?model=gpt-realtime-2.1" -H "Content-Type: application/sdp" --data-binary @offer.sdp

    Fix:

        curl -X POST "https://api.openai.com/v1/realtime/calls?model=gpt-realtime-2.1" -H "Content-Type: application/sdp" --data-binary @offer.sdp
    """

    code = "RT403"
    name = "webrtc-offer-endpoint"
    KINDS = frozenset(KINDS)

    VALID = ('curl -X POST "https://api.openai.com/v1/realtime/calls?model=gpt-realtime-2.1" -H "Content-Type: application/sdp" --data-binary @offer.sdp\n',)
    INVALID = (
        Invalid(
            'curl -X POST "https://api.openai.com/v1/realtime?model=gpt-realtime-2.1" -H "Content-Type: application/sdp" --data-binary @offer.sdp\n',
            'curl -X POST "https://api.openai.com/v1/realtime/calls?model=gpt-realtime-2.1" -H "Content-Type: application/sdp" --data-binary @offer.sdp\n',
        ),
    )

    def check(self) -> None:
        for match in _URL.finditer(self.text):
            url = match.group(0)
            if _SDP_OFFER.search(url):
                sdp = self.file_kind in ("shell", "http") and SDP_CONTENT_TYPE in _command(self.text, match.start(), self.file_kind)
                new = _SDP_OFFER.sub("https://api.openai.com" + SDP_CALLS_SHOWN, url, count=1)
                fix = Fix.safe(f"send the offer to `{SDP_CALLS_SHOWN}`", TextEdit(match.start(), match.end(), new)) if sdp else None
                self.report(match.start(), match.end(), "WebRTC offer sent to the beta endpoint", fix,
                            hint=None if fix else f"if this URL takes an SDP offer, use `{SDP_CALLS_SHOWN}`")


class EphemeralEndpointInConfig(ConfRule):
    """Beta ephemeral-key endpoint in a shell, HTTP or configuration file.

    `/v1/realtime/sessions` and `/v1/realtime/transcription_sessions` minted
    beta ephemeral keys. GA mints them at `/v1/realtime/client_secrets`,
    with the session config under `"session"` (and its `"type"`) and the key
    at `value` of the answer, so the URL is never rewritten alone: where the
    same curl command (or HTTP request) has a literal JSON body, the URL and
    the body move together as an unsafe fix (whatever reads the answer must
    follow); otherwise the finding is reported.

    Example:

        curl -X POST https://api.openai.com/v1/realtime/sessions -d '{"model": "gpt-realtime-2.1", "voice": "verse"}'

    Fix (by hand):

        curl -X POST https://api.openai.com/v1/realtime/client_secrets -d '{"session": {"type": "realtime", "model": "gpt-realtime-2.1", "audio": {"output": {"voice": "verse"}}}}'
    """

    code = "RT402"
    name = "beta-ephemeral-endpoint"
    KINDS = frozenset(KINDS)

    VALID = ("curl -X POST https://api.openai.com/v1/realtime/client_secrets -d @session.json\n",)
    INVALID = (
        Invalid("curl -X POST https://api.openai.com/v1/realtime/sessions -d @session.json\n"),
        Invalid(
            "curl -X POST https://api.openai.com/v1/realtime/sessions -d '{\"model\": \"gpt-realtime-2.1\", \"voice\": \"verse\"}'\n",
            "curl -X POST https://api.openai.com/v1/realtime/client_secrets -d '{\"session\": {\"type\": \"realtime\", \"model\": \"gpt-realtime-2.1\", \"audio\": {\"output\": {\"voice\": \"verse\"}}}}'\n",
            unsafe=True,
        ),
    )

    def check(self) -> None:
        for match in _EPHEMERAL.finditer(self.text):
            self.report(match.start(), match.end(), "ephemeral key minted at the beta endpoint", self._fix(match),
                        hint='use /v1/realtime/client_secrets with the session under "session"; the key is then at `value`')

    def _fix(self, match: re.Match[str]) -> Fix | None:
        """With the literal JSON body of the same command or request: the URL and the
        body, wrapped in `session` in its GA shape (unsafe: the answer holds the key
        at `value` now, and whatever reads it must follow)."""
        if self.file_kind not in ("shell", "http") or "openai/realtimeapi" in match.group(0):
            return None
        command = _command(self.text, match.start(), self.file_kind)
        base = self.text.find(command, max(0, match.start() - len(command)))
        body = _BODY.search(command) if self.file_kind == "shell" else _HTTP_BODY.search(command)
        if base == -1 or body is None:
            return None
        try:
            value = json.loads(body.group("json"))
        except ValueError:
            return None
        kind = "transcription" if "transcription_sessions" in match.group(0) else "realtime"
        if not isinstance(value, dict) or CLIENT_SECRET_KEY in value:
            return None
        done = migrated(value, kind)
        if done is None:
            return None
        start = base + body.start("json")
        old = body.group("json")
        new_body = jsontext.written({"session": done[0]}, old, self.text, start)
        return Fix.unsafe(
            "mint at /v1/realtime/client_secrets with the session under `session`",
            TextEdit(match.start(), match.end(), "/v1/realtime/client_secrets"),
            TextEdit(start, start + len(old), new_body),
        )


class AzurePreviewEndpointInConfig(ConfRule):
    """Azure OpenAI's preview Realtime endpoint in a shell, HTTP or configuration file.

    As in code: `/openai/realtime?api-version=...&deployment=D` becomes
    `/openai/v1/realtime?model=D`, with no `api-version`.

    Example:

        AZURE_REALTIME_URL=wss://res.openai.azure.com/openai/realtime?api-version=2024-10-01-preview&deployment=voice

    Fix:

        AZURE_REALTIME_URL=wss://res.openai.azure.com/openai/v1/realtime?model=voice
    """

    code = "RT405"
    name = "azure-preview-endpoint"
    KINDS = frozenset(KINDS)
    LANGUAGE = "env"

    VALID = ("AZURE_REALTIME_URL=wss://res.openai.azure.com/openai/v1/realtime?model=voice\n",)
    INVALID = (
        Invalid(
            "AZURE_REALTIME_URL=wss://res.openai.azure.com/openai/realtime?api-version=2024-10-01-preview&deployment=voice\n",
            "AZURE_REALTIME_URL=wss://res.openai.azure.com/openai/v1/realtime?model=voice\n",
        ),
    )

    def check(self) -> None:
        for match in _URL.finditer(self.text):
            url = match.group(0)
            if is_preview_path(url):
                new = ga_url(url)
                self.report(match.start(), match.end(), "Azure OpenAI's preview Realtime endpoint",
                            Fix.safe(f"use `{AZURE_GA_WS_PATH}` without `api-version`", TextEdit(match.start(), match.end(), new)))
