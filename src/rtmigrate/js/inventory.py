"""What a JavaScript or TypeScript file uses, for `rtmigrate report`: the same
kinds of item as the Python inventory (session types, transports, endpoints,
models), read from one parse with a query of its own."""

from __future__ import annotations

import functools

from ..core.inventory import ENDPOINT, MODEL, SESSION_KEYS, SESSION_TYPES, Item, transport_of_url
from ..core.tables.models import AUDIO_MODEL_IDS
from . import syntax
from .engine import _Lines, _tree

_PATTERNS = "(string) @string\n(template_string) @string\n(new_expression) @new\n(object) @object\n(call_expression) @call"
# client classes and calls that open a transport
_TRANSPORTS = {"RTCPeerConnection": "WebRTC", "OpenAIRealtimeWebRTC": "WebRTC", "OpenAIRealtimeWS": "WebSocket", "OpenAIRealtimeWebSocket": "WebSocket"}


@functools.lru_cache(maxsize=4)
def _query(grammar: str):
    import tree_sitter

    return tree_sitter.Query(syntax.language(grammar), _PATTERNS)


def items(text: str, path: str, suffix: str, tree=None) -> list[Item]:
    """The file's items; ``tree``: its parse, when the rules already made one."""
    import tree_sitter

    data = text.encode("utf-8")
    tree = tree or _tree(data, suffix)
    if tree is None:
        return []
    lines = _Lines(data)
    found: list[Item] = []

    def add(kind: str, value: str, node) -> None:
        found.append(Item(kind, value, path, lines.at(node.start_byte)[0]))

    captured = tree_sitter.QueryCursor(_query(syntax.GRAMMARS.get(suffix.lower(), "javascript"))).captures(tree.root_node)
    for node in captured.get("string", []):
        literal = syntax.literal_text(node, data)
        if literal is None:
            continue
        value = literal[0]
        if value in AUDIO_MODEL_IDS or MODEL.match(value):
            add("model", value, node)
        for match in ENDPOINT.finditer(value):
            add("endpoint", match.group(1), node)
            transport = transport_of_url(match.group(0))
            if transport:
                add("transport", transport, node)
    for node in captured.get("new", []):
        constructor = node.child_by_field_name("constructor")
        transport = _TRANSPORTS.get(syntax.text(constructor)) if constructor is not None else None
        if transport:
            add("transport", transport, node)
    for node in captured.get("object", []):
        kind = syntax.string_value(syntax.pair_value(node, "type"))
        keys = {k for k in (syntax.entry_key(e) for e in syntax.entries(node)) if isinstance(k, str)}
        if kind in SESSION_TYPES and keys & SESSION_KEYS:
            add("session type", kind, node)
    for node in captured.get("call", []):
        names = syntax.member_names(node.child_by_field_name("function"))
        if names[-2:] == ["clientSecrets", "create"]:
            add("endpoint", "/v1/realtime/client_secrets", node)
    return sorted(set(found), key=lambda i: (i.line, i.kind, i.value))
