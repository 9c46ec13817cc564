"""The `openai` npm package: Realtime module specifiers, client members and
classes, beta → GA (facts §7, §8, for the Node and browser SDK).

The exported names of the type modules are generated from the pinned npm
package into ``node_sdk_types.py`` by ``scripts/generate_node_sdk.py``; the
migrated TypeScript fixtures type-check against that package
(``tests/test_tsc_oracle.py``).
"""

from __future__ import annotations

import re

from ..diagnostics import Applicability

# The npm package whose import marks a file as OpenAI code.
PACKAGE = "openai"
NPM_VERSION = "7.57.0"  # the version the names below were checked against

# Module specifiers: beta entry points → their GA entry points. The classes
# they export keep their names (`OpenAIRealtimeWS`, `OpenAIRealtimeWebSocket`).
MODULE_RENAMES: dict[str, str] = {
    "openai/beta/realtime/ws": "openai/realtime/ws",
    "openai/beta/realtime/websocket": "openai/realtime/websocket",
    "openai/beta/realtime": "openai/realtime",
}
# Type modules: beta → GA. Names differ between them (see node_sdk_types.py).
TYPE_MODULE_RENAMES: dict[str, str] = {
    "openai/resources/beta/realtime/realtime": "openai/resources/realtime/realtime",
    "openai/resources/beta/realtime": "openai/resources/realtime",
    "openai/resources/beta/realtime/index": "openai/resources/realtime/index",
}
# Beta type modules with no GA module of their own: the names moved elsewhere.
TYPE_MODULES_GONE: dict[str, str] = {
    "openai/resources/beta/realtime/sessions": "openai/resources/realtime/client-secrets",
    "openai/resources/beta/realtime/transcription-sessions": "openai/resources/realtime/client-secrets",
}
BETA_PREFIXES = ("openai/beta/realtime", "openai/resources/beta/realtime")
GA_PREFIXES = ("openai/realtime", "openai/resources/realtime")
# Where GA's Realtime types are: a module importing from here has met GA.
GA_TYPES_PREFIX = "openai/resources/realtime/"
OTHER_API_PREFIXES = ("openai/resources/responses", "openai/resources/chat", "openai/lib/responses", "openai/resources/live")
# The Agents SDK's Realtime packages speak GA.
AGENTS_PACKAGES = frozenset({"@openai/agents-realtime", "@openai/agents/realtime"})
# Other providers' SDKs (facts §9).
OTHER_PROVIDER_PACKAGES = re.compile(r"^@azure/ai-voicelive\b|^@xai-org/|^together-ai\b")

# `client.beta.realtime.<resource>.create(body)` → `client.realtime.clientSecrets.create({ session: { type, ...body } })`.
CREATE_CALLS: dict[str, str] = {"sessions": "realtime", "transcriptionSessions": "transcription"}
GA_CREATE_PATH = ("realtime", "clientSecrets", "create")
# Members of `client.realtime` (beta or GA), and those only GA has.
REALTIME_MEMBERS = frozenset({"clientSecrets", "calls", "translations", "sessions", "transcriptionSessions"})
GA_REALTIME_MEMBERS = frozenset({"clientSecrets", "calls", "translations"})
# What `client.beta.realtime.X` becomes when it is not a create call.
SDK_PATH_HINT = "the GA SDK serves Realtime from `client.realtime` (`clientSecrets`, `calls`)"
CREATE_APPLICABILITY = Applicability.SAFE

# Other APIs' members: `<client>.<resource>.<member>`.
OTHER_API_MEMBERS: dict[str, frozenset[str]] = {
    "responses": frozenset({"create", "stream", "parse", "retrieve", "cancel", "delete", "compact", "inputItems", "inputTokens"}),
    "completions": frozenset({"create", "stream", "parse", "retrieve", "update", "delete", "list", "messages", "runTools"}),
    "live": frozenset({"create", "connect", "sessions", "forks", "sideband"}),
}
OTHER_API_LABELS = {"responses": "the Responses API", "completions": "Chat Completions", "live": "the Live API"}

# Classes that open a Realtime connection, and the SDK's clients.
REALTIME_CLASSES = frozenset({"OpenAIRealtimeWS", "OpenAIRealtimeWebSocket", "OpenAIRealtimeWebRTC"})
CLIENT_CLASSES = frozenset({"OpenAI", "AzureOpenAI"})
BASE_URL_KEYS = ("baseURL",)

# Where a fetch call's options carry the request body and headers.
FETCH_FUNCTIONS = frozenset({"fetch"})
BODY_KEY, HEADERS_KEY, METHOD_KEY = "body", "headers", "method"
# `JSON.stringify({...})`: a body whose object the session planner can read.
STRINGIFY = ("JSON", "stringify")

# The first version of each package that speaks GA Realtime (checked with
# `npm pack`: `openai/realtime/ws` and `realtime.clientSecrets` first ship in
# openai 5.17.0; @openai/agents-realtime 0.1.0 sends GA events and no beta
# header, 0.0.17 the beta ones). Code built on an older version moves with
# the package: while package.json pins one, its findings get no fix.
GA_SINCE: dict[str, tuple[int, int, int]] = {
    "openai": (5, 17, 0),
    "@openai/agents": (0, 1, 0),
    "@openai/agents-realtime": (0, 1, 0),
}

# Azure in the `openai` npm package (checked with `npm pack`): the Realtime
# socket classes' `.azure(client)` factories build `<baseURL>/realtime?
# api-version=<client.apiVersion>&deployment=<model>` (Azure's preview
# endpoint) from 5.17.0 through 7.4.0; from 7.5.0 they open the GA endpoint,
# `<resource>/openai/v1/realtime?model=<deployment>`, with no `api-version`.
AZURE_FACTORIES = frozenset({"OpenAIRealtimeWS", "OpenAIRealtimeWebSocket"})
AZURE_FACTORY = "azure"
AZURE_GA_SINCE: tuple[int, int, int] = (7, 5, 0)
