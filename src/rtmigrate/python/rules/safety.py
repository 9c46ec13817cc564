"""Safety identifiers on Realtime requests made for identified end users (facts §8, §10, §11)."""

from __future__ import annotations

import functools

import libcst as cst

from ..cstutil import dotted_name, string_value
from ...core.diagnostics import Edit, Fix, Kind
from ..layout import code
from ..rule import Invalid, Rule
from ...core.tables.endpoints import AZURE_MARKER
from ...core.tables.safety import HEADER_KEYWORDS, IDENTITY_NAMES, RAW_PERSONAL_NAMES, SAFETY_HEADER, WEBSOCKETS_KEYWORDS
from .endpoints import _text, _UrlRule

HEADER = SAFETY_HEADER.lower()
# SDK calls that open or mint a Realtime session.
SDK_CALLS = (
    ("realtime", "connect"),
    ("client_secrets", "create"),
    ("calls", "create"),
    ("calls", "accept"),
    ("sessions", "create"),
    ("transcription_sessions", "create"),
)
HASH_HINT = (
    "send a stable, private id instead: a keyed hash of your internal user id, e.g. "
    "hmac.new(SECRET, str(user.id).encode(), hashlib.sha256).hexdigest()"
)


def _path(call: cst.Call) -> list[str]:
    parts: list[str] = []
    node = call.func
    while isinstance(node, cst.Attribute):
        parts.insert(0, node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.insert(0, node.value)
    return parts


def _is_sdk_call(call: cst.Call) -> bool:
    path = _path(call)
    return "realtime" in path[:-1] and tuple(path[-2:]) in SDK_CALLS


def _names_header(value: str | None) -> bool:
    return value is not None and value.strip().lower().split(":")[0].strip() == HEADER


class MissingSafetyIdentifier(_UrlRule):
    """Realtime request for an identified end user with no safety identifier.

    When an app can tell its end users apart, each Realtime session should
    carry the `OpenAI-Safety-Identifier` header: a stable, privacy-preserving
    id of the user, so that abuse can be acted on per user instead of for the
    whole organisation. It goes on the server's `client_secrets` request when
    browsers connect with ephemeral keys, and on the connect or `calls`
    request when a trusted server connects itself. It is not inherited from
    other API calls. Reported where the enclosing function has an end user in
    scope (a parameter or attribute such as `user`, `user_id`, `account`,
    `customer`, `email`, `request.user`) and the request sends no such header.

    Example:

        async def start(ws_url, user):
            return await websockets.connect(ws_url, additional_headers={"Authorization": AUTH})

    Fix (unsafe, only with the setting `safety-identifier = "<expression>"`):

        async def start(ws_url, user):
            return await websockets.connect(ws_url, additional_headers={"Authorization": AUTH, "OpenAI-Safety-Identifier": safety_id(user)})

    Without the setting the finding is reported only: rtmigrate cannot know
    how your app derives the id.
    """

    code = "RT601"
    name = "missing-safety-identifier"
    kind = Kind.ADVICE

    VALID = (
        'import websockets\nasync def start(user):\n    return await websockets.connect("wss://api.openai.com/v1/realtime?model=m", additional_headers={"OpenAI-Safety-Identifier": sid(user)})\n',
        'import websockets\nasync def start():\n    return await websockets.connect("wss://api.openai.com/v1/realtime?model=m")\n',
    )
    INVALID = (
        Invalid(
            'import websockets\nasync def start(user_id):\n    return await websockets.connect("wss://api.openai.com/v1/realtime?model=m")\n',
        ),
        Invalid(
            "from openai import OpenAI\ndef mint(client, request):\n    return client.realtime.client_secrets.create(session={\"type\": \"realtime\"}, user_hint=request.user.id)\n",
        ),
    )

    @functools.cached_property
    def module_strings(self) -> dict[str, bool]:
        """Constant name → whether its value holds the header (read in `finish`)."""
        return {
            node.targets[0].target.value: any(_names_header(string_value(s)) for s in self.nodes(cst.SimpleString, within=node.value))
            for node in self.assigns
        }

    def finish(self) -> None:
        for function in self.nodes(cst.FunctionDef):
            nodes = self.nodes(cst.Call, cst.Attribute, cst.SimpleString, cst.FormattedStringText, cst.Name, within=function.body)
            if not _has_identity(function, nodes) or self._sends_header(nodes):
                continue
            for call in nodes:
                if isinstance(call, cst.Call) and self._is_realtime_request(call):
                    self._report(call)

    def _is_realtime_request(self, call: cst.Call) -> bool:
        if _is_sdk_call(call):
            return True
        method = _path(call)[-1] if _path(call) else ""
        if method not in HEADER_KEYWORDS and method != "connect":
            return False
        _, pieces, _ = self.url_of(call)
        texts = [_text(p) or "" for p in pieces]
        return any("/v1/realtime" in t for t in texts) and not any(AZURE_MARKER.search(t) for t in texts)

    def _sends_header(self, nodes: list[cst.CSTNode]) -> bool:
        for node in nodes:
            if isinstance(node, cst.SimpleString) and _names_header(string_value(node)):
                return True
            if isinstance(node, cst.FormattedStringText) and _names_header(node.value):
                return True
            if isinstance(node, cst.Name) and self.module_strings.get(node.value):
                return True
        return False

    def _report(self, call: cst.Call) -> None:
        message = "Realtime request for an identified end user sends no `OpenAI-Safety-Identifier`"
        expression = self.settings.safety_identifier
        fix = None
        if expression:
            edit = _add_header(call, cst.parse_expression(expression))
            if edit is not None:
                fix = Fix.unsafe(f"send `{SAFETY_HEADER}: {expression}`", edit)
        hint = None if fix else (
            f"add the `{SAFETY_HEADER}` header with a stable, private id of the user "
            "(set `safety-identifier` in [tool.rtmigrate] to have rtmigrate add it)"
        )
        self.report(call, message, fix, hint)


def _has_identity(function: cst.FunctionDef, nodes: list[cst.CSTNode]) -> bool:
    params = function.params
    names = {p.name.value for p in (*params.params, *params.kwonly_params, *params.posonly_params)}
    if names & IDENTITY_NAMES:
        return True
    return any(isinstance(a, cst.Attribute) and a.attr.value in IDENTITY_NAMES for a in nodes)


def _add_header(call: cst.Call, value: cst.BaseExpression) -> Edit | None:
    """The call with the header added to its header argument (or a new one)."""
    path = _path(call)
    method = path[-1] if path else ""
    if _is_sdk_call(call):
        keywords, style = ("extra_headers",), "dict"
    elif method == "connect":
        keywords, style = WEBSOCKETS_KEYWORDS, "dict"
    elif method in HEADER_KEYWORDS:
        keyword, style = HEADER_KEYWORDS[method]
        keywords = (keyword,)
    else:
        return None
    arg = next((a for a in call.args if a.keyword is not None and a.keyword.value in keywords), None)
    key = cst.SimpleString(f'"{SAFETY_HEADER}"')
    line = cst.parse_expression(f'f"{SAFETY_HEADER}: {{{code(value)}}}"')
    if arg is None:
        new_value = (
            cst.Dict([cst.DictElement(key, value)]) if style == "dict" else cst.List([cst.Element(line)])
        )
        args = list(call.args)
        if args and not isinstance(args[-1].comma, cst.Comma):
            args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        args.append(cst.Arg(value=new_value, keyword=cst.Name(keywords[0]), equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))))
        return Edit(call, call.with_changes(args=args))
    container = arg.value
    if isinstance(container, cst.Dict) and style == "dict":
        element = cst.DictElement(key, value)
    elif isinstance(container, cst.List) and style == "lines":
        element = cst.Element(line)
    else:
        return None
    elements = list(container.elements)
    if elements and not isinstance(elements[-1].comma, cst.Comma):
        elements[-1] = elements[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    elif elements:  # a trailing comma: the new item takes the same place on its own line
        comma = elements[-1].comma
        element = element.with_changes(comma=comma)
        elements[-1] = elements[-1].with_changes(comma=cst.Comma(whitespace_after=_line_break(elements)))
    return Edit(container, container.with_changes(elements=[*elements, element]))


def _line_break(elements) -> cst.BaseParenthesizableWhitespace:
    if len(elements) >= 2 and isinstance(elements[-2].comma, cst.Comma):
        return elements[-2].comma.whitespace_after
    return cst.SimpleWhitespace(" ")


class RawSafetyIdentifier(Rule):
    """Safety identifier that is raw personal data.

    The `OpenAI-Safety-Identifier` must identify a user without revealing
    them: not an e-mail address, a name, a phone number or a raw user-id
    attribute, but a stable, private value such as a keyed hash of the
    internal user id (or a session id for users who are not logged in).

    Example:

        headers = {"OpenAI-Safety-Identifier": user.email}

    Fix (by hand):

        headers = {"OpenAI-Safety-Identifier": hmac.new(SECRET, str(user.id).encode(), hashlib.sha256).hexdigest()}
    """

    code = "RT602"
    name = "raw-safety-identifier"
    kind = Kind.ADVICE

    VALID = ('import openai\nh = {"OpenAI-Safety-Identifier": hashed_id(user)}\n',)
    INVALID = (
        Invalid('import openai\nh = {"OpenAI-Safety-Identifier": user.email}\n'),
        Invalid('import openai\nh = ["OpenAI-Safety-Identifier: " + str(request.user.id)]\n'),
        Invalid('import openai\nh = [f"OpenAI-Safety-Identifier: {user_id}"]\n'),
    )

    def visit_DictElement(self, node: cst.DictElement) -> None:
        if _names_header(string_value(node.key)) and _is_raw(node.value):
            self.report(node.value, "safety identifier is raw personal data", hint=HASH_HINT)

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        texts = [p for p in node.parts if isinstance(p, cst.FormattedStringText)]
        if texts and _names_header(texts[0].value) and ":" in texts[0].value:
            if any(_is_raw(p.expression) for p in node.parts if isinstance(p, cst.FormattedStringExpression)):
                self.report(node, "safety identifier is raw personal data", hint=HASH_HINT)

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if isinstance(node.operator, cst.Add) and _names_header(string_value(node.left)) and ":" in (string_value(node.left) or ""):
            if _is_raw(node.right):
                self.report(node, "safety identifier is raw personal data", hint=HASH_HINT)


def _is_raw(node: cst.CSTNode) -> bool:
    """A name, attribute or `str(...)` of one whose last part names personal data."""
    if isinstance(node, cst.Call) and dotted_name(node.func) == "str" and len(node.args) == 1:
        node = node.args[0].value
    name = dotted_name(node) if isinstance(node, (cst.Name, cst.Attribute)) else None
    return name is not None and name.split(".")[-1] in RAW_PERSONAL_NAMES
