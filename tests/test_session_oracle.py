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

from fixture_cases import cases, expected, js_cases
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
            event = node.args[0].value if len(node.args) == 2 and isinstance(node.args[0], ast.Constant) else None
            data = evaluate(node.args[1]) if isinstance(event, str) else None
            if isinstance(data, dict) and "type" not in data:  # `rt.send("session.update", {"session": {...}})`
                yield from _payloads({"type": event, **data})
        elif isinstance(node, ast.Dict):
            yield from _payloads(evaluate(node))


def _payloads(value):
    """The configs a client event (a dict) carries."""
    if not isinstance(value, dict):
        return
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


def test_the_check_takes_null_only_where_the_package_documents_it():
    # `transcription` and `noise_reduction`: "can be set to `null` to turn off", in the package's own words
    off = {"type": "realtime", "audio": {"input": {"transcription": None, "noise_reduction": None, "turn_detection": None}}}
    assert check(off, RealtimeSessionCreateRequestParam) == []
    assert check({"type": "realtime", "audio": {"input": {"format": None}}}, RealtimeSessionCreateRequestParam)
    assert check({"type": "realtime", "audio": {"output": {"voice": None}}}, RealtimeSessionCreateRequestParam)


# --- JavaScript and TypeScript: the same GA types judge the objects they send ---------------


def js_evaluate(node):
    """A JS literal as Python data, with any non-literal part as UNKNOWN."""
    from rtmigrate.js import syntax

    node = syntax.unwrap(node)
    if node is None:
        return UNKNOWN
    value = syntax.string_value(node)
    if value is not None:
        return value
    if node.type == "object":
        out = {}
        for entry in syntax.entries(node):
            key = syntax.entry_key(entry)
            if not isinstance(key, str):
                return UNKNOWN  # a spread or a computed key: the keys are not all known
            out[key] = js_evaluate(syntax.entry_value(entry)) if entry.type == "pair" else UNKNOWN
        return out
    if node.type == "array":
        return [js_evaluate(c) for c in node.named_children if c.type != "comment"]
    if node.type == "number":
        text = syntax.text(node)
        return int(text) if text.isdigit() else float(text)
    if node.type in ("true", "false"):
        return node.type == "true"
    return UNKNOWN


def js_configs(source: str, suffix: str):
    """(what, value, GA type) for each config a JS or TS file sends."""
    from rtmigrate.js import syntax
    from rtmigrate.js.engine import _tree

    tree = _tree(source.encode("utf-8"), suffix)
    stack = [tree.root_node] if tree is not None else []
    while stack:
        node = stack.pop()
        stack.extend(node.named_children)
        if node.type == "call_expression" and syntax.member_names(node.child_by_field_name("function"))[-2:] == ["clientSecrets", "create"]:
            args = syntax.arguments(node)
            yield "clientSecrets.create", js_evaluate(args[0]) if args else {}, ClientSecretCreateParams
        if node.type != "object":
            continue
        value = js_evaluate(node)
        if not isinstance(value, dict):
            continue
        if set(value) == {"session"} and isinstance(value["session"], dict) and "type" in value["session"]:
            yield "client_secrets request body", value, ClientSecretCreateParams
        yield from _payloads(value)


JS_CASES = [c for c in js_cases() if "lookalikes" not in c.parts]


@pytest.mark.parametrize("case", JS_CASES, ids=lambda p: p.name)
def test_migrated_js_configs_are_ga(case):
    after = expected(case)["unsafe"]
    found = list(js_configs(after, case.suffix))
    errors = [f"{what}: {e}" for what, value, tp in found if value is not UNKNOWN for e in check(value, tp)]
    assert errors == []


def test_js_configs_are_found_in_every_kind_of_payload():
    kinds = {what for case in JS_CASES for what, _, _ in js_configs(expected(case)["unsafe"], case.suffix)}
    assert {"session.update payload", "response.create payload", "conversation.item.create payload",
            "clientSecrets.create", "client_secrets request body"} <= kinds


def test_the_js_reading_sees_beta_shapes():
    beta = 'ws.send(JSON.stringify({ type: "session.update", session: { type: "realtime", voice: "verse" } }));\n'
    (what, value, tp), = js_configs(beta, ".js")
    assert any(".voice: unknown key" in e for e in check(value, tp))


def _json_payloads(value):
    if isinstance(value, dict):
        if value.get("type") == "session.update" and isinstance(value.get("session"), dict):
            yield value["session"], _session_type(value["session"].get("type", "realtime"))
        if value.get("type") == "response.create" and isinstance(value.get("response"), dict):
            yield value["response"], RealtimeResponseCreateParamsParam
        for inner in value.values():
            yield from _json_payloads(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _json_payloads(inner)


JSON_CASES = [c for c in cases() if c.suffix == ".json" and ("session.update" in c.read_text() or "response.create" in c.read_text())]


@pytest.mark.parametrize("case", JSON_CASES, ids=lambda p: p.name)
def test_migrated_json_payloads_are_ga(case):
    """A JSON document's payloads, after `--fix --unsafe-fixes`, pass the GA request types."""
    import json

    payloads = list(_json_payloads(json.loads(expected(case)["unsafe"])))
    assert payloads, f"{case.name} holds no Realtime payload"
    for value, shape in payloads:
        assert check(value, shape) == [], value
