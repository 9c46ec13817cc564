"""What a Python file uses (the items of ``core.inventory``), collected in the
same traversal as the rules."""

from __future__ import annotations

import libcst as cst

from .cstutil import Visitor, dotted_name, string_value
from .positions import Positions
from ..core.inventory import ENDPOINT, MODEL, SESSION_KEYS, SESSION_TYPES, Item, transport_of_url
from ..core.tables.models import AUDIO_MODEL_IDS


class InventoryCollector(Visitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.found: list[tuple[str, str, cst.CSTNode]] = []

    def items(self, positions: Positions) -> list[Item]:
        """What was found, with the line of each (``positions``: of the same file)."""
        positions.resolve(node for _, _, node in self.found)
        return [Item(kind, value, self.path, positions[node].start.line) for kind, value, node in self.found]

    def _add(self, kind: str, value: str, node: cst.CSTNode) -> None:
        self.found.append((kind, value, node))

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = string_value(node)
        if value is None:
            return
        if value in AUDIO_MODEL_IDS or MODEL.match(value):
            self._add("model", value, node)
        for match in ENDPOINT.finditer(value):
            self._add("endpoint", match.group(1), node)
            self._transport_of_url(match.group(0), node)

    def visit_FormattedStringText(self, node: cst.FormattedStringText) -> None:
        for match in ENDPOINT.finditer(node.value):
            self._add("endpoint", match.group(1), node)
            self._transport_of_url(match.group(0), node)

    def _transport_of_url(self, url: str, node: cst.CSTNode) -> None:
        transport = transport_of_url(url)
        if transport:
            self._add("transport", transport, node)

    def visit_Dict(self, node: cst.Dict) -> None:
        keys = {string_value(e.key): e.value for e in node.elements if isinstance(e, cst.DictElement)}
        kind = string_value(keys.get("type"))
        if kind in SESSION_TYPES and set(keys) & SESSION_KEYS:
            self._add("session type", kind, node)

    def visit_Call(self, node: cst.Call) -> None:
        name = dotted_name(node.func) or ""
        if name.endswith("realtime.connect"):
            self._add("transport", "WebSocket", node)
            self._add("session type", "realtime", node)
        elif name.endswith("translations.connect"):
            self._add("transport", "WebSocket", node)
            self._add("session type", "translation", node)
        elif name.endswith("calls.accept"):
            self._add("transport", "SIP", node)
        elif name.endswith("calls.create"):
            self._add("transport", "WebRTC", node)
        elif name.endswith("client_secrets.create"):
            self._add("endpoint", "/v1/realtime/client_secrets", node)
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value == "type" and string_value(arg.value) in SESSION_TYPES:
                self._add("session type", string_value(arg.value), node)
