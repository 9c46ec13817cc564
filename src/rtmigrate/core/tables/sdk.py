"""Python SDK call paths and type imports (migration facts §7).

The per-module type table is generated from the pinned ``openai`` package into
``sdk_types.py`` by ``scripts/generate_sdk_types.py``; what is written by hand
lives here.
"""

from __future__ import annotations

from typing import NamedTuple

from ..diagnostics import Applicability


class SdkPath(NamedTuple):
    ga: tuple[str, ...] | None  # attribute path after the client; None: no mechanical fix
    applicability: Applicability
    hint: str


# Attribute path after `<client>.beta.realtime` → what it becomes after `<client>`.
SDK_PATHS: dict[tuple[str, ...], SdkPath] = {
    ("connect",): SdkPath(("realtime", "connect"), Applicability.SAFE, "use `client.realtime.connect(...)`"),
    ("sessions", "create"): SdkPath(
        None,
        Applicability.UNSAFE,
        'use `client.realtime.client_secrets.create(session={"type": "realtime", ...})`; '
        "the key is then at `.value`, not `.client_secret.value`",
    ),
    ("transcription_sessions", "create"): SdkPath(
        None,
        Applicability.UNSAFE,
        'use `client.realtime.client_secrets.create(session={"type": "transcription", ...})`',
    ),
}
SDK_PATH_DEFAULT_HINT = "the GA SDK serves Realtime from `client.realtime`"

BETA_TYPES_MODULE = "openai.types.beta.realtime"
GA_TYPES_MODULE = "openai.types.realtime"
BETA_RESOURCES_MODULE = "openai.resources.beta.realtime"
GA_RESOURCES_MODULE = "openai.resources.realtime"

# Beta type names that GA has under another name. Code that builds these
# objects may need new fields, so these renames are unsafe fixes; the import
# keeps the beta name as an alias so the rest of the file is unchanged.
# A key is a name of the beta package, or "module.Name" for one module's name.
RENAMED_TYPES: dict[str, str] = {
    "response_create_event.Response": "RealtimeResponseCreateParams",
    "response_create_event_param.Response": "RealtimeResponseCreateParamsParam",
    "Session": "RealtimeSessionCreateRequest",
    "SessionCreateParams": "ClientSecretCreateParams",
    "SessionCreateResponse": "ClientSecretCreateResponse",
    "TranscriptionSession": "RealtimeTranscriptionSessionCreateRequest",
    "TranscriptionSessionCreateParams": "ClientSecretCreateParams",
    "TranscriptionSessionUpdate": "SessionUpdateEvent",
    "TranscriptionSessionUpdateParam": "SessionUpdateEventParam",
    "TranscriptionSessionUpdatedEvent": "SessionUpdatedEvent",
    "ErrorEvent": "RealtimeErrorEvent",
    # the same fields under GA names (the pinned package's models, field for field)
    "session_update_event.SessionTool": "RealtimeFunctionTool",
    "session_update_event_param.SessionTool": "RealtimeFunctionToolParam",
    "session_update_event.SessionTracing": "RealtimeTracingConfig",
    "session_update_event_param.SessionTracing": "RealtimeTracingConfigParam",
}
