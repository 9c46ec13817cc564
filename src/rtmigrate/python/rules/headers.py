"""The `OpenAI-Beta: realtime=v1` header (facts §8)."""

from __future__ import annotations

import libcst as cst

from ..cstutil import dotted_name, remove_from, resolve_string, string_constants, string_value
from ..flow import shown
from ..layout import code as code_of
from ...core.diagnostics import Applicability, Edit, Fix, made_unsafe
from ..rule import Invalid, Rule
from ...core.tables.headers import BETA_HEADER, BETA_HEADER_VALUE_PREFIX, HEADER_KWARGS, RELAYED

MESSAGE = "the `OpenAI-Beta: realtime=v1` header selects the beta Realtime API"
FIX = "remove the `OpenAI-Beta` header"

# What a socket is read with, and written with, in the libraries relays use
# (websockets, FastAPI/Starlette, aiohttp).
_RECEIVES = frozenset({"recv", "receive", "receive_text", "receive_json", "receive_str", "receive_bytes"})
_SENDS = frozenset({"send", "send_text", "send_json", "send_str"})


def _passed_on(rule: Rule) -> cst.Call | None:
    """A send of a message as it was received from another socket (`async for m in
    page: await upstream.send(m)`, through `json.loads`/`json.dumps` too): the module
    relays a client's traffic, which the client must then speak. The send; None
    where nothing is passed on so."""
    received: dict[str, str] = {}  # name → the socket it was read from, as written
    for loop in rule.nodes(cst.For):
        if loop.asynchronous is not None and isinstance(loop.target, cst.Name):
            received[loop.target.value] = code_of(loop.iter)
    for _ in range(2):  # a message read, then decoded (`data = json.loads(message["text"])`)
        for assign in rule.nodes(cst.Assign):
            names = [t.target.value for t in assign.targets if isinstance(t.target, cst.Name)]
            source = _source(assign.value, received)
            if names and source is not None:
                received.update(dict.fromkeys(names, source))
    for call in rule.nodes(cst.Call):
        func = call.func
        if not (isinstance(func, cst.Attribute) and func.attr.value in _SENDS and len(call.args) == 1):
            continue
        sent = call.args[0].value
        if isinstance(sent, cst.Call) and (dotted_name(sent.func) or "").endswith("dumps") and sent.args:
            sent = sent.args[0].value
        if isinstance(sent, cst.Name) and sent.value in received and received[sent.value] != code_of(func.value):
            return call
    return None


def _source(value: cst.BaseExpression, received: dict[str, str]) -> str | None:
    """The socket a value was read from: `await ws.receive_text()`, or a decoding of a
    message read before (`json.loads(message)`, `json.loads(message["text"])`)."""
    if isinstance(value, cst.Await):
        value = value.expression
    if not isinstance(value, cst.Call):
        return None
    if isinstance(value.func, cst.Attribute) and value.func.attr.value in _RECEIVES:
        return code_of(value.func.value)
    if (dotted_name(value.func) or "").endswith("loads") and value.args:
        read = value.args[0].value
        if isinstance(read, cst.Subscript):
            read = read.value
        if isinstance(read, cst.Name):
            return received.get(read.value)
    return None


def _is_beta_name(value: str | None) -> bool:
    return value is not None and value.strip().lower() == BETA_HEADER


def _is_beta_value(value: str | None) -> bool:
    return value is not None and value.strip().lower().startswith(BETA_HEADER_VALUE_PREFIX)


def _is_beta_line(value: str | None) -> bool:
    """`"OpenAI-Beta: realtime=v1"`, as websocket-client takes headers."""
    if value is None or ":" not in value:
        return False
    name, _, rest = value.partition(":")
    return _is_beta_name(name) and _is_beta_value(rest)


class BetaHeader(Rule):
    """`OpenAI-Beta: realtime=v1` header.

    The header opts a WebSocket or HTTP request into the beta Realtime API.
    GA requests send no beta header; with it, the server keeps speaking the
    beta protocol. Found in header dicts, in lists of `"Name: value"` strings
    (websocket-client), in `(name, value)` pairs, in `headers[...] = ...`
    assignments, and in the `extra_headers=`, `additional_headers=`,
    `header=` and `headers=` arguments of the SDK, websockets, aiohttp, httpx
    and requests.

    Example:

        ws = await websockets.connect(url, additional_headers={
            "Authorization": f"Bearer {key}",
            "OpenAI-Beta": "realtime=v1",
        })

    Fix:

        ws = await websockets.connect(url, additional_headers={
            "Authorization": f"Bearer {key}",
        })

    An argument left holding only the beta header is removed whole. A header
    whose name or value is computed is reported without a fix. In a module
    that passes messages between sockets as they come (a relay: `async for m
    in page: await upstream.send(m)`, through `json.loads` and `json.dumps`
    too), the fix is unsafe: the client on the other side speaks what the
    header selects, and must move to GA with it. A header sent only when a
    setting that names the beta asks for it (`if settings.beta_header:`,
    `{...} if beta else {}`) is kept on purpose beside a GA default: it is
    reported without a fix.

    A test's expectation that the header is sent moves with the code:
    `assert headers["OpenAI-Beta"] == "realtime=v1"` (or `.get("OpenAI-Beta")`)
    becomes `assert "OpenAI-Beta" not in headers`; left as it was, it would
    fail (with a `KeyError`) once the header is removed.
    """

    code = "RT401"
    name = "beta-header"
    speaks = True

    VALID = (
        'import openai\nh = {"Authorization": "Bearer x", "OpenAI-Beta": "assistants=v2"}\n',
        'import openai\nh = {"Authorization": "Bearer x"}\n',
        # another beta, through a constant
        'import openai\nBETA = "responses_multi_agent=v1"\ndef f(h):\n    h["OpenAI-Beta"] = BETA\n',
        # GA code that checks the header is gone, and a test of another beta
        'import openai\ndef test(headers):\n    assert "OpenAI-Beta" not in headers\n    assert headers.get("OpenAI-Beta") is None\n',
        'import openai\ndef test(headers):\n    assert headers["OpenAI-Beta"] == "assistants=v2"\n',
    )
    INVALID = (
        Invalid(
            'import openai\nh = {"Authorization": auth, "OpenAI-Beta": "realtime=v1"}\n',
            'import openai\nh = {"Authorization": auth}\n',
        ),
        # a relay passes its client's messages on as they come: the client must move to GA too
        Invalid(
            'import openai\nasync def relay(page):\n    async with connect(URL, additional_headers={"OpenAI-Beta": "realtime=v1"}) as upstream:\n'
            '        async for message in page:\n            await upstream.send(message)\n',
            'import openai\nasync def relay(page):\n    async with connect(URL) as upstream:\n'
            '        async for message in page:\n            await upstream.send(message)\n',
            unsafe=True,
        ),
        # a bridge that builds its own events from what it reads is no relay
        Invalid(
            'import openai\nasync def bridge(phone):\n    async with connect(URL, additional_headers={"OpenAI-Beta": "realtime=v1"}) as upstream:\n'
            '        async for message in phone:\n            data = json.loads(message)\n'
            '            await upstream.send(json.dumps({"type": "input_audio_buffer.append", "audio": data["media"]["payload"]}))\n',
            'import openai\nasync def bridge(phone):\n    async with connect(URL) as upstream:\n'
            '        async for message in phone:\n            data = json.loads(message)\n'
            '            await upstream.send(json.dumps({"type": "input_audio_buffer.append", "audio": data["media"]["payload"]}))\n',
        ),
        Invalid(
            'import openai\nws = connect(URL, extra_headers={"OpenAI-Beta": "realtime=v1"}, ping_interval=5)\n',
            "import openai\nws = connect(URL, ping_interval=5)\n",
        ),
        Invalid(
            'import openai\nws = create_connection(URL, header=["Authorization: " + k, "OpenAI-Beta: realtime=v1"])\n',
            'import openai\nws = create_connection(URL, header=["Authorization: " + k])\n',
        ),
        Invalid(
            'import openai\ndef f(h):\n    h["X"] = "1"\n    h["OpenAI-Beta"] = "realtime=v1"\n',
            'import openai\ndef f(h):\n    h["X"] = "1"\n',
        ),
        Invalid('import openai\nh = {"OpenAI-Beta": beta_value()}\n'),
        # sent only when a setting asks for the beta: kept on purpose, reported without a fix
        Invalid('import openai\ndef headers(beta):\n    return {"Authorization": auth, **({"OpenAI-Beta": "realtime=v1"} if beta else {})}\n'),
        # a test's expectation of what the code sends
        Invalid(
            'import openai\ndef test(kw):\n    assert kw["headers"]["OpenAI-Beta"] == "realtime=v1"\n',
            'import openai\ndef test(kw):\n    assert "OpenAI-Beta" not in kw["headers"]\n',
        ),
    )

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.names: list[cst.SimpleString] = []
        self.handled: set[int] = set()

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if _is_beta_line(string_value(node)):
            self.names.append(node)

    def _value(self, node: cst.BaseExpression | None) -> str | None:
        """A header name or value: a literal, or a constant of this file."""
        constants = self.tree.once(string_constants, lambda: string_constants(self.tree.module))
        return resolve_string(node, constants)

    def visit_DictElement(self, node: cst.DictElement) -> None:
        if not _is_beta_name(self._value(node.key)):
            return
        value = self._value(node.value)
        if value is None:
            self.report(node, MESSAGE + " (value computed here)", hint="remove it if it is `realtime=v1`")
        elif _is_beta_value(value):  # only `realtime=v1` is the Realtime beta: `assistants=v2` and the like are other betas
            if string_value(node.value) is None:
                self.report(node, MESSAGE, hint="remove it, and the constant if nothing else uses it")
            else:
                self._remove(node, self.parent(node))

    def visit_Element(self, node: cst.Element) -> None:
        value = node.value
        if _is_beta_line(string_value(value)):
            self.handled.add(id(value))
            self._remove(node, self.parent(node))
        elif isinstance(value, cst.Tuple) and len(value.elements) == 2:
            name, header_value = (e.value for e in value.elements)
            if _is_beta_name(string_value(name)) and _is_beta_value(string_value(header_value)):
                self._remove(node, self.parent(node))

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) != 1 or not isinstance(target := node.targets[0].target, cst.Subscript):
            return
        key = target.slice[0].slice if len(target.slice) == 1 else None
        key_value = key.value if isinstance(key, cst.Index) else None
        if not _is_beta_name(self._value(key_value)):
            return
        value = self._value(node.value)
        if value is None:
            self.report(node, MESSAGE + " (value computed here)", hint="remove it if it is `realtime=v1`")
            return
        if not _is_beta_value(value):
            return
        line = self.parent(node)
        block = self.parent(line)
        body = getattr(block, "body", ())
        has_comment = isinstance(line, cst.SimpleStatementLine) and any(empty.comment for empty in line.leading_lines)
        if string_value(node.value) is None or not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1 or len(body) < 2 or has_comment:
            self.report(node, MESSAGE, hint="remove this assignment")
            return
        self.report(node, MESSAGE, Fix.safe(FIX, Edit(line, cst.RemoveFromParent())))

    def visit_Assert(self, node: cst.Assert) -> None:
        """`assert h["OpenAI-Beta"] == "realtime=v1"` → `assert "OpenAI-Beta" not in h`."""
        test = node.test
        if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1 or test.lpar:
            return
        target = test.comparisons[0]
        sides = (test.left, target.comparator)
        if not isinstance(target.operator, cst.Equal) or not any(_is_beta_value(string_value(side)) for side in sides):
            return
        read = next((side for side in sides if not _is_beta_value(string_value(side))), None)
        found = _header_read(read)
        if found is None or not _is_beta_name(string_value(found[1])):
            return
        headers, name = found
        absent = cst.Comparison(name, [cst.ComparisonTarget(cst.NotIn(), headers)])
        self.report(test, MESSAGE + " (a test expects it)", Fix.safe("expect the header to be absent", Edit(test, absent)))

    def _remove(self, item: cst.CSTNode, container: cst.CSTNode | None) -> None:
        if not isinstance(container, (cst.Dict, cst.List, cst.Tuple, cst.Set)):
            self.report(item, MESSAGE, hint="remove it")
            return
        replacement = remove_from(container, "elements", [item])
        edit = Edit(container, replacement)
        arg = self.parent(container)
        call = self.parent(arg) if isinstance(arg, cst.Arg) else None
        if (
            not replacement.elements
            and isinstance(call, cst.Call)
            and arg.keyword is not None
            and arg.keyword.value in HEADER_KWARGS
        ):
            edit = Edit(call, remove_from(call, "args", [arg]))
        self.report(item, MESSAGE, Fix.safe(FIX, edit))

    def finish(self) -> None:
        # a `"OpenAI-Beta: realtime=v1"` line not sent from a list here (a name alone, as in
        # `"OpenAI-Beta" not in headers`, is no header being sent)
        for node in self.names:
            if id(node) not in self.handled:
                self.report(node, MESSAGE + " (built dynamically here)", hint="remove the header where it is sent")
        relayed = _passed_on(self) if any(r.fix is not None and r.fix.applicability is Applicability.SAFE for r in self.reports) else None
        if relayed is not None:
            self.reports = made_unsafe(self.reports, RELAYED.format(shown=f"`{shown(relayed)}`"))


def _header_read(node: cst.BaseExpression | None) -> tuple[cst.BaseExpression, cst.SimpleString] | None:
    """(the headers, the name read) of `headers["Name"]` or `headers.get("Name")`."""
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(index := node.slice[0].slice, cst.Index):
        key = index.value
        return (node.value, key) if isinstance(key, cst.SimpleString) else None
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "get"
        and len(node.args) == 1
        and node.args[0].keyword is None
        and isinstance(node.args[0].value, cst.SimpleString)
    ):
        return node.func.value, node.args[0].value
    return None
