"""Safety identifiers on Realtime requests made for identified end users
(facts §8, §10, §11), in JavaScript and TypeScript: the same facts as the
Python rules (`tables/safety.py`), names read in either case style."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...core.diagnostics import Kind
from ...core.ruledoc import Invalid
from ...core.tables.endpoints import AZURE_MARKER
from ...core.tables.safety import IDENTITY_NAMES, RAW_PERSONAL_NAMES, SAFETY_HEADER
from .. import syntax
from ..rule import JsRule

if TYPE_CHECKING:
    from tree_sitter import Node

HEADER = SAFETY_HEADER.lower()
_FUNCTIONS = frozenset({"function_declaration", "function_expression", "function", "arrow_function", "method_definition", "generator_function_declaration"})
# SDK members that open or mint a Realtime session: `client.realtime.clientSecrets.create`, `client.realtime.calls.accept`
_SDK_MEMBERS = {("clientSecrets", "create"), ("calls", "create"), ("calls", "accept"), ("sessions", "create"), ("transcriptionSessions", "create")}
_SDK_CLASSES = frozenset({"OpenAIRealtimeWebSocket", "OpenAIRealtimeWS", "OpenAIRealtimeWebRTC"})
_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")
def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


# `req.user`, `this.accountId`: a property that names an end user, in either case style
_IDENTITY_MEMBER = re.compile(r"\.(?:" + "|".join(sorted({*IDENTITY_NAMES, *map(_camel, IDENTITY_NAMES)}, key=len, reverse=True)) + r")\b")
HASH_HINT = (
    "send a stable, private id instead: a keyed hash of your internal user id, e.g. "
    'createHmac("sha256", SECRET).update(String(user.id)).digest("hex")'
)


def snake(name: str) -> str:
    """`userId` → `user_id`: JavaScript's names in the tables' spelling."""
    return _CAMEL.sub(r"_\1", name).lower()


def _names_header(value: str | None) -> bool:
    return value is not None and value.strip().lower().split(":")[0].strip() == HEADER



class MissingSafetyIdentifier(JsRule):
    """Realtime request for an identified end user with no safety identifier
    (JavaScript and TypeScript).

    The same rule as for Python: a function that has an end user in scope (a
    parameter such as `user`, `userId`, `account`, `customer`, `email`, or a
    property such as `req.user`) and opens a Realtime session (`new
    WebSocket("wss://.../v1/realtime...")`, a `fetch` to `/v1/realtime/...`,
    `client.realtime.clientSecrets.create(...)`, `new OpenAIRealtimeWebSocket(...)`)
    without an `OpenAI-Safety-Identifier` header anywhere in the function.
    Reported only: how the app derives a stable, private id is its own.

    Example:

        export async function mint(userId: string) {
          return fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", headers: { Authorization: AUTH } });
        }

    Fix (by hand):

        export async function mint(userId: string) {
          return fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", headers: { Authorization: AUTH, "OpenAI-Safety-Identifier": safetyId(userId) } });
        }
    """

    code = "RT601"
    name = "missing-safety-identifier"
    kind = Kind.ADVICE

    VALID = (
        'export async function mint(userId) {\n  return fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", headers: { "OpenAI-Safety-Identifier": hashed(userId) } });\n}\n',
        'export async function mint() {\n  return fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST" });\n}\n',
    )
    INVALID = (
        Invalid('export async function mint(userId) {\n  return fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST" });\n}\n'),
        Invalid(
            'import WebSocket from "ws";\nexport function bridge(req) {\n  const account = req.user;\n  return new WebSocket("wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1", { headers: { Authorization: AUTH } });\n}\n'
        ),
        Invalid(
            'import OpenAI from "openai";\nconst client = new OpenAI();\nexport const mint = async (user) => client.realtime.clientSecrets.create({ session: { type: "realtime" } });\n'
        ),
    )

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.requests: list["Node"] = []

    def visit_call_expression(self, node: "Node") -> None:
        names = syntax.member_names(node.child_by_field_name("function"))
        if len(names) >= 3 and names[-3] == "realtime" and tuple(names[-2:]) in _SDK_MEMBERS:
            self.requests.append(node)
        elif names == ["fetch"] and self._realtime_url(node):
            self.requests.append(node)

    def visit_new_expression(self, node: "Node") -> None:
        constructor = node.child_by_field_name("constructor")
        name = syntax.text(constructor) if constructor is not None else ""
        if name in _SDK_CLASSES or (name == "WebSocket" and self._realtime_url(node)):
            self.requests.append(node)

    def _realtime_url(self, call: "Node") -> bool:
        args = syntax.arguments(call)
        if not args:
            return False
        text = syntax.text(args[0])
        return "/v1/realtime" in text and not AZURE_MARKER.search(text)

    def finish(self) -> None:
        checked: dict[int, bool] = {}
        for request in self.requests:
            function = syntax.enclosing(request, *_FUNCTIONS)
            if function is None:
                continue
            if function.id not in checked:
                checked[function.id] = self._identified(function) and not self._sends_header(function)
            if checked[function.id]:
                self.report(
                    request, f"Realtime request for an identified end user sends no `{SAFETY_HEADER}`",
                    hint=f"add the `{SAFETY_HEADER}` header with a stable, private id of the user",
                )

    @staticmethod
    def _identified(function: "Node") -> bool:
        params = function.child_by_field_name("parameters") or function.child_by_field_name("parameter")
        if params is not None:
            for node in syntax.descendants(params):
                if node.type in ("identifier", "shorthand_property_identifier_pattern") and snake(syntax.text(node)) in IDENTITY_NAMES:
                    return True
        body = function.child_by_field_name("body")
        return body is not None and _IDENTITY_MEMBER.search(syntax.text(body)) is not None

    @staticmethod
    def _sends_header(function: "Node") -> bool:
        return HEADER.encode() in (function.text or b"").lower()


class RawSafetyIdentifier(JsRule):
    """Safety identifier that is raw personal data (JavaScript and TypeScript).

    As for Python: the `OpenAI-Safety-Identifier` must not be an e-mail
    address, a name, a phone number or a raw user id, but a stable, private
    value such as a keyed hash of the internal user id.

    Example:

        const headers = { "OpenAI-Safety-Identifier": user.email };

    Fix (by hand):

        const headers = { "OpenAI-Safety-Identifier": createHmac("sha256", SECRET).update(String(user.id)).digest("hex") };
    """

    code = "RT602"
    name = "raw-safety-identifier"
    kind = Kind.ADVICE

    VALID = ('import OpenAI from "openai";\nconst h = { "OpenAI-Safety-Identifier": hashedId(user) };\n',)
    INVALID = (
        Invalid('import OpenAI from "openai";\nconst h = { "OpenAI-Safety-Identifier": user.email };\n'),
        Invalid('import OpenAI from "openai";\nconst h = { "OpenAI-Safety-Identifier": String(req.user.id) };\n'),
        Invalid('import OpenAI from "openai";\nconst h = { "OpenAI-Safety-Identifier": userId };\n'),
    )

    def visit_pair(self, node: "Node") -> None:
        key = node.child_by_field_name("key")
        value = syntax.unwrap(node.child_by_field_name("value"))
        if key is None or value is None or not _names_header(syntax.string_value(key)):
            return
        if value.type == "call_expression" and syntax.member_names(value.child_by_field_name("function")) == ["String"]:
            args = syntax.arguments(value)
            value = args[0] if len(args) == 1 else value
        path = syntax.member_path(value)
        if path and snake(path[-1]) in RAW_PERSONAL_NAMES:
            self.report(value, "safety identifier is raw personal data", hint=HASH_HINT)
