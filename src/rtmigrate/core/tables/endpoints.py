"""Realtime HTTP endpoints (facts §8, §9)."""

from __future__ import annotations

import re
from typing import NamedTuple


class EndpointRename(NamedTuple):
    pattern: re.Pattern[str]
    ga: str  # what the matched text becomes
    kind: str  # the session type the request body carries in GA
    shown: str  # the GA endpoint, for messages


# `POST /v1/realtime/sessions` and `/transcription_sessions` mint ephemeral keys;
# GA mints them at `/v1/realtime/client_secrets` with the session wrapped.
# The path may come whole or in pieces: `/v1/realtime/sessions`, `f"{base_url}/realtime/sessions"`,
# `urljoin(base, "realtime/sessions")`; whatever leads up to `realtime/` stays.
EPHEMERAL_ENDPOINTS: tuple[EndpointRename, ...] = (
    EndpointRename(re.compile(r"(?<![\w-])realtime/sessions(?![\w/])"), "realtime/client_secrets", "realtime", "/v1/realtime/client_secrets"),
    EndpointRename(re.compile(r"(?<![\w-])realtime/transcription_sessions(?![\w/])"), "realtime/client_secrets", "transcription", "/v1/realtime/client_secrets"),
    # Azure OpenAI: `/openai/realtimeapi/sessions?api-version=...` → `/openai/v1/realtime/client_secrets` (facts §9)
    # (an `api-version` whose value is interpolated stays, and the finding has no fix)
    EndpointRename(re.compile(r"/openai/realtimeapi/sessions(?:\?api-version=[^&#\"'\s{]+)?(?![\w/])"), "/openai/v1/realtime/client_secrets", "realtime", "/openai/v1/realtime/client_secrets"),
)


def ephemeral_endpoint(url: str) -> EndpointRename | None:
    """The row of EPHEMERAL_ENDPOINTS a URL (or a piece of one) matches, if any.
    A path of the page's own origin with a folder of its own before `realtime/`
    and no `v1` (`fetch("/api/realtime/sessions")`) is the app's own route,
    which mints through its server: not OpenAI's endpoint."""
    row = next((r for r in EPHEMERAL_ENDPOINTS if r.pattern.search(url)), None)
    url = url.lstrip("\"'`")  # (a literal's quotes)
    if row is not None and url.startswith("/") and not url.startswith("//"):
        folders = url.split("?", 1)[0].strip("/").split("/")
        head = folders[: folders.index("realtime")] if "realtime" in folders else []
        if head and "v1" not in head and head[0] != "openai":
            return None
    return row


# The body key GA expects the session under.
BODY_SESSION_KEY = "session"
# Where the beta response held the key, and where GA holds it.
BETA_KEY_PATH = ("client_secret",)  # then "value" / "expires_at"
# The beta response held the session's own fields beside `client_secret`; GA
# holds the session under `session` (`ClientSecretCreateResponse`). A read of
# one of these keys (fields of both the beta `Session` and GA's session
# response, alike in shape) moves there; a read of any other field of the
# response is left to a person.
RESPONSE_SESSION_KEYS: dict[str, frozenset[str]] = {
    "realtime": frozenset({"id", "model", "instructions"}),
    "transcription": frozenset(),
}
# Those both kinds of GA session answer have: what a typed read of the SDK's
# answer (a union of the two in TypeScript) may take.
RESPONSE_SESSION_KEYS_EITHER = frozenset({"id"})
# Why a key request's fix is unsafe where a module that imports its own still shows
# the beta (a test that fakes the beta's answer would meet the GA request).
READ_BY_BETA = "a module that imports this one still speaks the beta (a test of it that fakes the beta's answer, say)"
# What a program reads of the raw HTTP response without its body; its body as
# text (`text`) only where it is shown (a log line, an error message).
RESPONSE_META = frozenset({
    "status_code", "status", "ok", "reason", "reason_phrase", "headers", "raise_for_status", "is_success",
    "is_error", "content_type", "url", "statusText",
})
RESPONSE_TEXT = frozenset({"text", "content"})
# Where an HTTP client holds the decoded JSON body as an attribute of its response (axios: `response.data`).
RESPONSE_BODY = frozenset({"data"})

# The WebRTC SDP offer: beta `POST /v1/realtime?model=...`, GA `POST /v1/realtime/calls`.
SDP_OFFER_URL = re.compile(r"(?<![\w-])realtime(?=\?|$)")
SDP_CALLS_PATH = "realtime/calls"
SDP_CALLS_SHOWN = "/v1/realtime/calls"
SDP_CONTENT_TYPE = "application/sdp"

# A SIP call is accepted with its session: `POST /v1/realtime/calls/{call_id}/accept`,
# the body the session's own fields in the GA shape (`CallAcceptParams`).
SIP_ACCEPT_URL = re.compile(r"/realtime/calls/[^/\s\"'`?]+/accept(?![\w/])")

# Azure OpenAI keeps beta-shaped Realtime fields on purpose; its migration differs.
AZURE_MARKER = re.compile(r"\.openai\.azure\.com|\.cognitiveservices\.azure\.com|[?&]api-version=[^&\"']*preview", re.IGNORECASE)

# Calls that send an HTTP request: (method names, keyword holding the URL).
HTTP_METHODS = frozenset({"post", "request", "ws_connect", "connect", "create_connection", "WebSocketApp"})


# --- Azure OpenAI: the preview protocol to GA (facts §9) ------------------------------------------
# WebSocket: `/openai/realtime?api-version=...&deployment=D` → `/openai/v1/realtime?model=D`.
AZURE_WS_PATH = re.compile(r"/openai/realtime(?=[?\"']|$)")
AZURE_GA_WS_PATH = "/openai/v1/realtime"
# What a module that builds both Azure paths (a setting picks one) is told of the preview one.
BOTH_PATHS = f"this module also builds `{AZURE_GA_WS_PATH}`: remove the preview branch by hand once no deployment needs it"
AZURE_VERSION_PARAM = re.compile(r"api-version=[^&#\"']*&?")
AZURE_DEPLOYMENT_PARAM = re.compile(r"(?<=[?&])deployment=")
AZURE_MODEL_PARAM = "model="
# Query parameters as a dict (`params={"api-version": ..., "deployment": ...}`): dropped, and renamed.
AZURE_VERSION_KEY, AZURE_DEPLOYMENT_KEY, AZURE_MODEL_KEY = "api-version", "deployment", "model"
# Ephemeral keys: a row of EPHEMERAL_ENDPOINTS above.
# WebRTC: the preview regional host is gone; the SDP offer goes to the resource's `/openai/v1/realtime/calls`.
AZURE_WEBRTC_REGION = re.compile(r"realtimeapi-preview\.ai\.azure\.com", re.IGNORECASE)
AZURE_GA_CALLS = "/openai/v1/realtime/calls"
# The Azure clients of the `openai` SDK, which always send `api-version` (the GA endpoint refuses it).
AZURE_CLIENTS = {"AzureOpenAI": "OpenAI", "AsyncAzureOpenAI": "AsyncOpenAI"}
# The constructor arguments the GA recipe can carry over: endpoint → websocket_base_url, key → api_key.
AZURE_CLIENT_ARGS = frozenset({"azure_endpoint", "api_key", "api_version"})
