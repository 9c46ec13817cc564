"""Every session, response and client-secret config in the after-fixtures is
valid for the pinned `openai` package's GA request types."""

from __future__ import annotations

import ast

import pytest
from openai.types.realtime import (
    ClientSecretCreateParams,
    RealtimeResponseCreateParamsParam,
    RealtimeSessionCreateRequestParam,
    RealtimeTranscriptionSessionCreateRequestParam,
)
from openai.types.realtime.conversation_item_param import ConversationItemParam

from fixture_cases import cases, expected
from ga_shapes import UNKNOWN, check, evaluate
from rtmigrate import check_source

SESSION_TYPES = {
    "realtime": RealtimeSessionCreateRequestParam,
    "transcription": RealtimeTranscriptionSessionCreateRequestParam,
}


def configs(source: str):
    """(what, value, GA type) for each config the code sends."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else None
            owner = func.value.attr if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute) else None
            kwargs = {k.arg: k.value for k in node.keywords if k.arg}
            body = evaluate(kwargs["json"]) if "json" in kwargs else None
            if isinstance(body, dict) and "session" in body:  # a raw POST /v1/realtime/client_secrets
                yield "client_secrets request body", body, ClientSecretCreateParams
            if (owner, name) == ("client_secrets", "create"):
                params = {k: evaluate(v) for k, v in kwargs.items() if k not in ("timeout", "extra_headers", "extra_body", "extra_query")}
                yield "client_secrets.create", params, ClientSecretCreateParams
            elif (owner, name) == ("session", "update") and "session" in kwargs:
                value = evaluate(kwargs["session"])
                yield "session.update", value, _session_type(value)
            elif (owner, name) == ("response", "create") and "response" in kwargs:
                yield "response.create", evaluate(kwargs["response"]), RealtimeResponseCreateParamsParam
            called = func.id if isinstance(func, ast.Name) else name
            if called in ("SessionUpdateEvent", "SessionUpdateEventParam") and "session" in kwargs:
                value = evaluate(kwargs["session"])
                yield f"{called}(session=...)", value, _session_type(value)
            elif called in ("ResponseCreateEvent", "ResponseCreateEventParam") and "response" in kwargs:
                yield f"{called}(response=...)", evaluate(kwargs["response"]), RealtimeResponseCreateParamsParam
        elif isinstance(node, ast.Dict):
            value = evaluate(node)
            if not isinstance(value, dict):
                continue
            if value.get("type") == "session.update" and isinstance(value.get("session"), dict):
                yield "session.update payload", value["session"], _session_type(value["session"])
            if value.get("type") == "conversation.item.create" and isinstance(value.get("item"), dict):
                yield "conversation.item.create payload", value["item"], ConversationItemParam
            if value.get("type") == "response.create" and isinstance(value.get("response"), dict):
                yield "response.create payload", value["response"], RealtimeResponseCreateParamsParam


def _session_type(value):
    kind = value.get("type") if isinstance(value, dict) else None
    return SESSION_TYPES.get(kind, RealtimeSessionCreateRequestParam)


SESSION_CASES = [c for c in cases() if c.parent.name in ("session", "endpoints")]


@pytest.mark.parametrize("case", SESSION_CASES, ids=lambda p: p.name)
def test_migrated_configs_are_ga(case):
    after = expected(case)["unsafe"]
    found = list(configs(after))
    if case.parent.name == "session" or case.stem == "ephemeral_requests":
        assert found, "no config found in the after-fixture"
    errors = []
    for what, value, tp in found:
        if value is not UNKNOWN:
            errors += [f"{what}: {e}" for e in check(value, tp)]
    # a field rtmigrate leaves for a person must still be reported in the fixed code
    still_reported = " ".join(d.message for d in check_source(after))
    unexplained = [
        e for e in errors
        if not (e.endswith(tuple(f"unknown key for {t.__name__}" for t in SESSION_TYPES.values()))
                and f"`{e.split(': ')[1].rsplit('.', 1)[1]}`" in still_reported)
    ]
    assert unexplained == []


def test_the_check_rejects_beta_shapes():
    beta = {"type": "realtime", "voice": "verse", "input_audio_format": "pcm16"}
    errors = check(beta, RealtimeSessionCreateRequestParam)
    assert any(".voice: unknown key" in e for e in errors)
    nested = {"type": "realtime", "audio": {"output": {"voice": "verse", "speed": 1.0, "colour": 1}}}
    assert any("colour" in e for e in check(nested, RealtimeSessionCreateRequestParam))
    assert check({"type": "realtime", "audio": {"input": {"format": {"type": "audio/pcm", "rate": 24000}}}}, RealtimeSessionCreateRequestParam) == []
    assert check({"voice": "x"}, RealtimeSessionCreateRequestParam)  # `type` is required
