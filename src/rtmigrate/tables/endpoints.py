"""Realtime HTTP endpoints (facts §8, §9)."""

from __future__ import annotations

import re
from typing import NamedTuple


class EndpointRename(NamedTuple):
    pattern: re.Pattern[str]
    ga: str
    kind: str  # the session type the request body carries in GA


# `POST /v1/realtime/sessions` and `/transcription_sessions` mint ephemeral keys;
# GA mints them at `/v1/realtime/client_secrets` with the session wrapped.
EPHEMERAL_ENDPOINTS: tuple[EndpointRename, ...] = (
    EndpointRename(re.compile(r"/v1/realtime/sessions(?![\w/])"), "/v1/realtime/client_secrets", "realtime"),
    EndpointRename(re.compile(r"/v1/realtime/transcription_sessions(?![\w/])"), "/v1/realtime/client_secrets", "transcription"),
)
# The body key GA expects the session under.
BODY_SESSION_KEY = "session"
# Where the beta response held the key, and where GA holds it.
BETA_KEY_PATH = ("client_secret",)  # then "value" / "expires_at"

# The WebRTC SDP offer: beta `POST /v1/realtime?model=...`, GA `POST /v1/realtime/calls`.
SDP_OFFER_URL = re.compile(r"/v1/realtime(?=\?|$)")
SDP_CALLS_PATH = "/v1/realtime/calls"
SDP_CONTENT_TYPE = "application/sdp"

# Azure OpenAI keeps beta-shaped Realtime fields on purpose; its migration differs.
AZURE_MARKER = re.compile(r"\.openai\.azure\.com|\.cognitiveservices\.azure\.com|[?&]api-version=[^&\"']*preview", re.IGNORECASE)

# Calls that send an HTTP request: (method names, keyword holding the URL).
HTTP_METHODS = frozenset({"post", "request", "ws_connect", "connect", "create_connection", "WebSocketApp"})
