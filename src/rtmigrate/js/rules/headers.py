"""The `OpenAI-Beta: realtime=v1` header in JavaScript and TypeScript (facts §8)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.diagnostics import Applicability, Fix, TextEdit, made_unsafe
from ...core.ruledoc import Invalid
from ...core.tables.headers import BETA_HEADER, BETA_HEADER_VALUE_PREFIX, BETA_SUBPROTOCOL, RELAYED
from .. import syntax
from ..configs import parameters
from ..flow import written
from ..layout import line_end, line_start, span_of, starts_line
from ..rule import JsRule

if TYPE_CHECKING:
    from tree_sitter import Node

_SETTERS = frozenset({"set", "append", "setHeader"})  # `Headers`, and Node's `http.ClientRequest`
_MATCHERS = frozenset({"toBe", "toEqual", "toStrictEqual"})  # Jest and Vitest
_ASSERTS = frozenset({"assert.equal", "assert.strictEqual", "assert.deepEqual", "assert.deepStrictEqual"})  # node:assert
MESSAGE = "`OpenAI-Beta: realtime=v1` header"
REMOVE = "remove the beta header"


def _is_name(node: "Node | None") -> bool:
    value = syntax.string_value(node)
    return value is not None and value.strip().lower() == BETA_HEADER


def _is_value(node: "Node | None") -> bool:
    value = syntax.string_value(node)
    return value is not None and value.strip().lower().startswith(BETA_HEADER_VALUE_PREFIX)


def _is_line(value: str | None) -> bool:
    """`"OpenAI-Beta: realtime=v1"`, a header written as one string."""
    if value is None or ":" not in value:
        return False
    name, _, rest = value.partition(":")
    return name.strip().lower() == BETA_HEADER and rest.strip().lower().startswith(BETA_HEADER_VALUE_PREFIX)


_HANDLERS = ("arrow_function", "function_expression", "function")


def _passed_on(root: "Node") -> "Node | None":
    """A handler of one socket's messages that sends the message on to another as it
    came (`page.on("message", (m) => upstream.send(m))`, through `JSON.parse` and
    `JSON.stringify` too, or `e.data` of `addEventListener`): the module relays a
    client's traffic. The send; None where nothing is passed on so."""
    for call in syntax.descendants(root):
        if call.type != "call_expression":
            continue
        function = call.child_by_field_name("function")
        prop = function.child_by_field_name("property") if function is not None and function.type == "member_expression" else None
        args = syntax.arguments(call)
        if prop is None or syntax.text(prop) not in ("on", "addEventListener") or len(args) < 2 or syntax.string_value(args[0]) != "message":
            continue
        handler = args[1]
        if handler.type not in _HANDLERS:
            continue
        params = parameters(handler)
        if not params or params[0] is None:
            continue
        source = syntax.text(function.child_by_field_name("object"))
        message = syntax.text(params[0])
        held = {message, f"{message}.data", f"{message}.toString()"}
        for node in syntax.descendants(handler):
            if node.type == "variable_declarator" and (name := node.child_by_field_name("name")) is not None:
                value = syntax.unwrap(node.child_by_field_name("value"))
                if value is not None and value.type == "call_expression" and syntax.text(value.child_by_field_name("function")) == "JSON.parse" \
                        and any(syntax.text(a) in held for a in syntax.arguments(value)):
                    held.add(syntax.text(name))
        for send in syntax.descendants(handler):
            target = send.child_by_field_name("function") if send.type == "call_expression" else None
            if target is None or target.type != "member_expression" or syntax.text(target.child_by_field_name("property")) != "send":
                continue
            sent = syntax.arguments(send)
            if len(sent) != 1 or syntax.text(target.child_by_field_name("object")) == source:
                continue
            value = syntax.unwrap(sent[0])
            if value.type == "call_expression" and syntax.text(value.child_by_field_name("function")) == "JSON.stringify" and syntax.arguments(value):
                value = syntax.unwrap(syntax.arguments(value)[0])
            if syntax.text(value) in held:
                return send
    return None


class BetaHeader(JsRule):
    """`OpenAI-Beta: realtime=v1` header, in JavaScript or TypeScript.

    GA takes no beta header. Found as an entry of any object literal
    (`headers: {...}`, `new Headers({...})`, the options of a `ws`
    WebSocket), in `headers.set(...)` / `.append(...)` / `setHeader(...)`
    statements and `headers["OpenAI-Beta"] = ...` assignments, as a pair
    of a list of pairs (`new Headers([[...]])`), as a
    `"OpenAI-Beta: realtime=v1"` string in an array, and as the browser's
    beta subprotocol `"openai-beta.realtime-v1"` of `new WebSocket(url,
    [...])`. The fix removes it with its line; other betas
    (`assistants=v2`) and tests that assert the header is gone are left
    alone. A test's expectation that the header is sent follows the code:
    `expect(h["OpenAI-Beta"]).toBe("realtime=v1")` becomes
    `expect(h).not.toHaveProperty("OpenAI-Beta")`, and `node:assert`'s
    `assert.equal(h["OpenAI-Beta"], "realtime=v1")` becomes
    `assert.ok(!("OpenAI-Beta" in h))`. In a module that passes one socket's
    messages on to another as they come (a relay: `page.on("message", (m) =>
    upstream.send(m))`), the fix is unsafe: the client on the other side
    speaks what the header selects, and must move to GA with it. A header
    sent only when a setting that names the beta asks for it
    (`...(beta ? { "OpenAI-Beta": "realtime=v1" } : {})`, `if
    (config.realtimeBetaHeader)`) is kept on purpose beside a GA default:
    it is reported without a fix.

    Example:

        const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${key}`, "OpenAI-Beta": "realtime=v1" } });

    Fix:

        const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${key}` } });
    """

    code = "RT401"
    name = "beta-header"
    speaks = True

    VALID = (
        'import OpenAI from "openai";\nconst h = { "OpenAI-Beta": "assistants=v2" };\n',
        'import OpenAI from "openai";\nrequest.setHeader("OpenAI-Beta", "assistants=v2");\nheaders["OpenAI-Beta"] = "assistants=v2";\n',
        'import OpenAI from "openai";\nexpect(headers["OpenAI-Beta"]).toBeUndefined();\n',
        'import OpenAI from "openai";\nexpect(headers["OpenAI-Beta"]).toBe("assistants=v2");\n',
    )
    INVALID = (
        # the only header of its object: the braces are left empty
        Invalid(
            'import OpenAI from "openai";\nconst ws = new WebSocket(URL, { headers: { "OpenAI-Beta": "realtime=v1" } });\n',
            'import OpenAI from "openai";\nconst ws = new WebSocket(URL, { headers: {} });\n',
        ),
        Invalid(
            'import OpenAI from "openai";\nconst ws = new WebSocket(url, { headers: { Authorization: `Bearer ${key}`, "OpenAI-Beta": "realtime=v1" } });\n',
            'import OpenAI from "openai";\nconst ws = new WebSocket(url, { headers: { Authorization: `Bearer ${key}` } });\n',
        ),
        Invalid(
            'import OpenAI from "openai";\nconst headers = new Headers();\nheaders.set("Authorization", auth);\nheaders.set("OpenAI-Beta", "realtime=v1");\n',
            'import OpenAI from "openai";\nconst headers = new Headers();\nheaders.set("Authorization", auth);\n',
        ),
        Invalid(
            'import OpenAI from "openai";\nfunction prep(headers) {\n  headers["OpenAI-Beta"] = "realtime=v1";\n  headers.Authorization = auth;\n}\n',
            'import OpenAI from "openai";\nfunction prep(headers) {\n  headers.Authorization = auth;\n}\n',
        ),
        Invalid(
            'import OpenAI from "openai";\nconst headers = new Headers([["Authorization", auth], ["OpenAI-Beta", "realtime=v1"]]);\n',
            'import OpenAI from "openai";\nconst headers = new Headers([["Authorization", auth]]);\n',
        ),
        Invalid(  # the `ws` package's `finishRequest` hook gets Node's ClientRequest
            'import OpenAI from "openai";\nfunction finishRequest(request) {\n  request.setHeader("OpenAI-Beta", "realtime=v1");\n  request.setHeader("Authorization", auth);\n}\n',
            'import OpenAI from "openai";\nfunction finishRequest(request) {\n  request.setHeader("Authorization", auth);\n}\n',
        ),
        # sent only when a setting asks for the beta: kept on purpose, reported without a fix
        Invalid('import OpenAI from "openai";\nconst headers = { Authorization: auth, ...(beta ? { "OpenAI-Beta": "realtime=v1" } : {}) };\n'),
        # a test that names no beta: the header goes
        Invalid(
            'import OpenAI from "openai";\nconst headers = provider === "openai" ? { Authorization: auth, "OpenAI-Beta": "realtime=v1" } : {};\n',
            'import OpenAI from "openai";\nconst headers = provider === "openai" ? { Authorization: auth } : {};\n',
        ),
        # a test's expectation of what the code sends
        Invalid(
            'import OpenAI from "openai";\nexpect(init.headers["OpenAI-Beta"]).toBe("realtime=v1");\n',
            'import OpenAI from "openai";\nexpect(init.headers).not.toHaveProperty("OpenAI-Beta");\n',
        ),
        # a relay passes its client's messages on as they come: the client must move to GA too
        Invalid(
            'import OpenAI from "openai";\nconst upstream = new WebSocket(URL, { headers: { Authorization: auth, "OpenAI-Beta": "realtime=v1" } });\n'
            'page.on("message", (data) => upstream.send(data.toString()));\n',
            'import OpenAI from "openai";\nconst upstream = new WebSocket(URL, { headers: { Authorization: auth } });\n'
            'page.on("message", (data) => upstream.send(data.toString()));\n',
            unsafe=True,
        ),
        # a bridge that builds its own events from what it reads is no relay
        Invalid(
            'import OpenAI from "openai";\nconst upstream = new WebSocket(URL, { headers: { Authorization: auth, "OpenAI-Beta": "realtime=v1" } });\n'
            'twilio.on("message", (raw) => {\n  const msg = JSON.parse(raw);\n  upstream.send(JSON.stringify({ type: "input_audio_buffer.append", audio: msg.media.payload }));\n});\n',
            'import OpenAI from "openai";\nconst upstream = new WebSocket(URL, { headers: { Authorization: auth } });\n'
            'twilio.on("message", (raw) => {\n  const msg = JSON.parse(raw);\n  upstream.send(JSON.stringify({ type: "input_audio_buffer.append", audio: msg.media.payload }));\n});\n',
        ),
        Invalid(
            'import OpenAI from "openai";\nconst ws = new WebSocket(URL, ["realtime", "openai-insecure-api-key." + key, "openai-beta.realtime-v1"]);\n',
            'import OpenAI from "openai";\nconst ws = new WebSocket(URL, ["realtime", "openai-insecure-api-key." + key]);\n',
        ),
    )

    def visit_pair(self, node: "Node") -> None:
        if _is_name(node.child_by_field_name("key")) and _is_value(node.child_by_field_name("value")):
            span = span_of(node, self.source, emptied=True)
            self.report(node, MESSAGE, Fix.safe(REMOVE, TextEdit(span.start, span.end, "")))

    def visit_string(self, node: "Node") -> None:
        parent = node.parent
        if parent is not None and _is_name(node):
            self._named(node, parent)
        if parent is None or parent.type != "array":
            return
        value = syntax.string_value(node)
        if value == BETA_SUBPROTOCOL or _is_line(value):
            span = span_of(node, self.source, emptied=True)
            self.report(node, MESSAGE if value != BETA_SUBPROTOCOL else "beta WebSocket subprotocol `openai-beta.realtime-v1`",
                        Fix.safe(REMOVE, TextEdit(span.start, span.end, "")))

    def _named(self, name: "Node", parent: "Node") -> None:
        """`headers["OpenAI-Beta"] = "realtime=v1"`, and `["OpenAI-Beta", "realtime=v1"]` as
        one pair of a list of pairs (`new Headers([...])`)."""
        if parent.type == "subscript_expression" and parent.child_by_field_name("index") == name:
            assignment = parent.parent
            if assignment is not None and assignment.type == "assignment_expression" and assignment.child_by_field_name("left") == parent \
                    and _is_value(assignment.child_by_field_name("right")):
                self._statement(assignment)
            else:
                self._expected(parent, name)
        elif parent.type == "array" and parent.named_children and parent.named_children[0] == name:
            items = [c for c in parent.named_children if c.type != "comment"]
            outer = parent.parent
            if len(items) == 2 and _is_value(items[1]) and outer is not None and outer.type == "array":
                span = span_of(parent, self.source, emptied=True)
                self.report(parent, MESSAGE, Fix.safe(REMOVE, TextEdit(span.start, span.end, "")))

    def _expected(self, read: "Node", name: "Node") -> None:
        """A test's expectation that the header is sent: `expect(h["OpenAI-Beta"]).toBe("realtime=v1")`
        becomes `expect(h).not.toHaveProperty("OpenAI-Beta")`, and `assert.equal(h["OpenAI-Beta"],
        "realtime=v1")` (or `strictEqual`) `assert.ok(!("OpenAI-Beta" in h))`."""
        headers = read.child_by_field_name("object")
        holder = read.parent
        if headers is None or "?." in syntax.text(read) or holder is None or holder.type != "arguments":
            return
        call = holder.parent
        function = call.child_by_field_name("function") if call is not None else None
        if function is None:
            return
        args = syntax.arguments(call)
        if syntax.text(function) == "expect" and len(args) == 1:
            member = call.parent
            outer = member.parent if member is not None else None
            prop = member.child_by_field_name("property") if member is not None and member.type == "member_expression" else None
            if prop is None or syntax.text(prop) not in _MATCHERS or outer is None or outer.type != "call_expression":
                return
            expected = syntax.arguments(outer)
            if len(expected) != 1 or not _is_value(expected[0]):
                return
            target, new = outer, f"expect({syntax.text(headers)}).not.toHaveProperty({syntax.text(name)})"
        elif syntax.text(function) in _ASSERTS and len(args) == 2 and args[0] == read and _is_value(args[1]):
            assert_ = syntax.text(function).rpartition(".")[0]
            target, new = call, f"{assert_}.ok(!({syntax.text(name)} in {syntax.text(headers)}))"
        else:
            return
        self.report(target, MESSAGE + " (a test expects it)", Fix.safe("expect the header to be absent", TextEdit(target.start_byte, target.end_byte, new)))

    def _statement(self, node: "Node") -> None:
        """Remove the statement ``node`` is, with its line, where it stands alone on it."""
        statement = node.parent
        if statement is not None and statement.type == "expression_statement" and starts_line(self.source, statement.start_byte) \
                and not self.source[statement.end_byte : line_end(self.source, statement.end_byte)].strip():
            self.report(node, MESSAGE, Fix.safe(REMOVE, TextEdit(line_start(self.source, statement.start_byte), line_end(self.source, statement.end_byte), "")))
        else:
            self.report(node, MESSAGE, hint=REMOVE)

    def finish(self) -> None:
        safe = [r for r in self.reports if r.fix is not None and r.fix.applicability is Applicability.SAFE]
        if not safe:
            return
        relayed = _passed_on(syntax.root(safe[0].node))
        if relayed is not None:
            self.reports = made_unsafe(self.reports, RELAYED.format(shown=f"`{written(relayed)}`"))

    def visit_call_expression(self, node: "Node") -> None:
        function = node.child_by_field_name("function")
        prop = function.child_by_field_name("property") if function is not None and function.type == "member_expression" else None
        args = syntax.arguments(node)
        if prop is None or syntax.text(prop) not in _SETTERS or len(args) != 2 or not (_is_name(args[0]) and _is_value(args[1])):
            return
        self._statement(node)
