"""Realtime HTTP endpoints in JavaScript and TypeScript (facts §8, §9):
ephemeral keys and the WebRTC SDP offer (Azure's endpoints are in `azure.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.diagnostics import Applicability, Fix, TextEdit
from ...core.routes import KEPT_READER, handing
from ...core.ruledoc import Invalid
from ...core.tables.endpoints import (
    AZURE_MARKER,
    ephemeral_endpoint,
    SDP_CALLS_PATH,
    SDP_CALLS_SHOWN,
    SDP_CONTENT_TYPE,
    SDP_OFFER_URL,
)
from ...core.tables.node_sdk import BODY_KEY, HEADERS_KEY, STRINGIFY
from ...core.tables.session import COMPARING_CALLS
from .. import syntax
from ...core.plans.session import decide
from ..configs import dropped_entries, planned_text, wrapped
from ..context import enclosing_scope
from ..flow import follow, in_log_line
from ..rule import JsRule
from .client_secrets import answer_uses, handed_route, served_route, unsafe_reason

if TYPE_CHECKING:
    from tree_sitter import Node

_LITERALS = ("string", "template_string")


class _Requests(JsRule):
    """Collects what a rule about requests needs: the calls, and the
    constants their URLs may come from (`const URL = "..."`)."""

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.calls: list["Node"] = []
        self.constants: dict[str, "Node"] = {}
        self.exported: set[str] = set()  # constants the module exports
        self.uses: dict[str, int] = {}  # constant → how often the file names it

    def visit_call_expression(self, node: "Node") -> None:
        if syntax.arguments(node):
            self.calls.append(node)

    def visit_variable_declarator(self, node: "Node") -> None:
        name, value = node.child_by_field_name("name"), syntax.unwrap(node.child_by_field_name("value"))
        if name is not None and name.type == "identifier" and value is not None and value.type in _LITERALS:
            self.constants[syntax.text(name)] = value
            statement = node.parent.parent if node.parent is not None else None
            if statement is not None and statement.type == "export_statement":
                self.exported.add(syntax.text(name))

    def _uses(self, name: str) -> int:
        """How often the file names a URL constant (its declaration too), a log line's
        mention aside: a URL also used elsewhere is shared, and not rewritten."""
        if name in self.exported:
            return 3  # other modules may import it: shared
        if name not in self.uses:
            root = syntax.root(self.constants[name])
            self.uses[name] = sum(
                1 for n in syntax.descendants(root)
                if n.type in ("identifier", "shorthand_property_identifier") and syntax.text(n) == name and not in_log_line(n)
            )
        return self.uses[name]

    def read_by_beta(self) -> bool:
        """Does a module that imports this one still show the beta (a test faking its answer)?"""
        project = self.context.collector.project
        return project is not None and project.value.read_by_beta

    def imported_url(self, arg: "Node") -> tuple[str, str, "Node | None"] | None:
        """(name, URL, the template) for a URL argument that is, or begins with, a
        constant another module of the project exports (`${BASE_URL}?model=...`)."""
        arg = syntax.unwrap(arg)
        if arg is None:
            return None
        head = arg
        if arg.type == "template_string":
            first = next((c for c in arg.named_children if c.type != "string_fragment"), None)
            if first is None or first.type != "template_substitution" or first.start_byte != arg.start_byte + 1:
                return None
            head = syntax.unwrap(first.named_children[0]) if first.named_children else None
        if head is None or head.type != "identifier" or syntax.text(head) in self.constants:
            return None
        project = self.context.collector.project
        urls = dict(entry.split("=", 1) for entry in project.value.url_constants) if project is not None else {}
        url = urls.get(syntax.text(head))
        return (syntax.text(head), url, arg if arg.type == "template_string" else None) if url is not None else None

    def url_pieces(self, arg: "Node") -> list[tuple["Node", bool]]:
        """The literals a URL argument is made of, each with whether other code shares it."""
        arg = syntax.unwrap(arg)
        if arg is None:
            return []
        if arg.type == "identifier":
            value = self.constants.get(syntax.text(arg))
            return [(value, self._uses(syntax.text(arg)) > 2)] if value is not None else []
        operator = arg.child_by_field_name("operator") if arg.type == "binary_expression" else None
        if operator is not None and operator.type == "+":  # `BASE_URL + "?model=..."`
            return [piece for side in ("left", "right") for piece in self.url_pieces(arg.child_by_field_name(side))]
        if arg.type not in _LITERALS:
            return []
        pieces = [(arg, False)]
        if arg.type == "template_string":
            for expression in syntax.substitutions(arg):
                if expression.type == "identifier" and syntax.text(expression) in self.constants:
                    pieces.append((self.constants[syntax.text(expression)], self._uses(syntax.text(expression)) > 2))
        return pieces

    def requests(self) -> list[tuple["Node", "Node", bool]]:
        """(call, URL literal, shared) for every call whose first argument is or builds a URL."""
        return [(call, piece, shared) for call in self.calls for piece, shared in self.url_pieces(syntax.arguments(call)[0])]


def _options(call: "Node") -> "Node | None":
    args = syntax.arguments(call)
    options = syntax.unwrap(args[1]) if len(args) > 1 else None
    return options if options is not None and options.type == "object" else None


def _sends_sdp(call: "Node") -> bool:
    options = _options(call)
    if options is None:
        return False
    headers = syntax.unwrap(syntax.pair_value(options, HEADERS_KEY))
    if headers is None:  # `{ method: "POST", body: sdp, headers }`
        headers = next((e for e in syntax.entries(options) if e.type == "shorthand_property_identifier" and syntax.text(e) == HEADERS_KEY), None)
    if headers is not None and headers.type in ("identifier", "shorthand_property_identifier"):
        headers = _declared(headers)  # `const headers = {...}`, declared once in the scopes around
    if headers is None:
        return False
    if headers.type == "new_expression":  # new Headers({...})
        inner = syntax.arguments(headers)
        headers = syntax.unwrap(inner[0]) if inner else None
    if headers is None or headers.type != "object":
        return False
    return any((syntax.string_value(e.child_by_field_name("value")) or "").lower().startswith(SDP_CONTENT_TYPE)
               for e in syntax.entries(headers) if e.type == "pair")


def _body(call: "Node") -> tuple["Node | None", bool]:
    """The request body's object literal (or the name that holds it), and whether the
    call has a body at all: `fetch(url, { body: JSON.stringify({...}) })` or
    `axios.post(url, {...})`."""
    options = _options(call)
    function = call.child_by_field_name("function")
    if function is not None and function.type == "identifier" and options is not None:
        body = syntax.unwrap(syntax.pair_value(options, BODY_KEY))
        if body is None:  # `{ method: "POST", body }`
            body = next((e for e in syntax.entries(options) if e.type == "shorthand_property_identifier" and syntax.text(e) == BODY_KEY), None)
        if body is None:
            return None, False
        if body.type == "call_expression" and syntax.member_path(body.child_by_field_name("function")) == list(STRINGIFY):
            inner = syntax.arguments(body)
            literal = syntax.unwrap(inner[0]) if inner else None
            return (literal if literal is not None and literal.type in ("object", "identifier") else None), True
        if body.type in ("identifier", "shorthand_property_identifier"):  # `const body = JSON.stringify({...})`, sent as `body`
            return _stringified(_declared(body)), True
        return None, True
    if options is not None:  # client.post(url, body)
        return options, True
    args = syntax.arguments(call)
    held = syntax.unwrap(args[1]) if len(args) > 1 else None
    if function is not None and function.type == "member_expression" and held is not None and held.type == "identifier":
        return held, True
    return None, len(args) > 1


def _declared(name: "Node") -> "Node | None":
    """The value a name is declared with, once, in the scopes around it."""
    scopes = []
    scope = enclosing_scope(name)
    while scope is not None:
        scopes.append(scope)
        scope = enclosing_scope(scope)
    root = syntax.root(name)
    for scope in [*scopes, None]:
        params = scope.child_by_field_name("parameters") if scope is not None else None
        if params is not None and any(n.type == "identifier" and syntax.text(n) == syntax.text(name) for n in syntax.descendants(params)):
            return None  # a parameter: what callers pass
        found = [
            n for n in syntax.descendants(scope or root)
            if n.type == "variable_declarator" and (own := n.child_by_field_name("name")) is not None
            and own.type == "identifier" and syntax.text(own) == syntax.text(name) and enclosing_scope(n) == scope
        ]
        if found:
            return syntax.unwrap(found[0].child_by_field_name("value")) if len(found) == 1 else None
    return None


def _stringified(node: "Node | None") -> "Node | None":
    """The object literal of `JSON.stringify({...})`."""
    if node is None or node.type != "call_expression" or syntax.member_path(node.child_by_field_name("function")) != list(STRINGIFY):
        return None
    inner = syntax.arguments(node)
    literal = syntax.unwrap(inner[0]) if inner else None
    return literal if literal is not None and literal.type == "object" else None


def key_request_bodies(root: "Node") -> set[int]:
    """The objects the file's requests to the beta ephemeral-key endpoint send as
    their body (the URL written there, or in a constant of the file; the body as
    :func:`_body` and :func:`_declared` read it): RT402 moves them, or says why not."""
    declared: dict[str, list["Node"]] = {}
    calls: list["Node"] = []
    for node in syntax.descendants(root):
        if node.type == "variable_declarator" and (name := node.child_by_field_name("name")) is not None:
            declared.setdefault(syntax.text(name), []).append(syntax.unwrap(node.child_by_field_name("value")))
        elif node.type == "call_expression" and syntax.arguments(node):
            calls.append(node)
    bodies: set[int] = set()
    for call in calls:
        url = syntax.unwrap(syntax.arguments(call)[0])
        if url is None:
            continue
        texts = [syntax.text(url)] + [syntax.text(v) for v in declared.get(syntax.text(url), ()) if v is not None and url.type == "identifier"]
        if not any(ephemeral_endpoint(text) for text in texts):
            continue
        body, _ = _body(call)
        if body is not None and body.type in ("identifier", "shorthand_property_identifier"):
            body = _declared(body)
        if body is not None and body.type == "object":
            bodies.add(body.id)
    return bodies


class BetaEphemeralEndpoint(_Requests):
    """Ephemeral key minted at the beta endpoint `/v1/realtime/sessions`, in
    JavaScript or TypeScript.

    GA mints keys at `POST /v1/realtime/client_secrets`, with the session
    under `session` (and a `type`), and returns the key at `value`. Found in
    `fetch(...)` calls and `client.post(url, body)` calls, with the URL
    written in place, in a template or in a constant. The fix rewrites the
    URL and wraps and plans the body: an object written in place (or in the
    `JSON.stringify({...})` a name sent as the body is declared with), or one
    declared once with the name sent (`body: JSON.stringify(payload)`), which
    becomes the GA session there, with its reads, while the request sends
    `{ session: payload }`. What the function does with the answer follows:
    reads of `.client_secret.value` and `.client_secret.expires_at` move to
    `.value` and `.expires_at`, a read of the session's `id` (`model`,
    `instructions`) moves under `.session`; the answer is what `.json()`
    decodes, or an axios response's `data`, declared with a name or assigned
    once to one declared with no value (`let data;` then `data = await
    r.json()` in a `try`). The fix is safe when the key is
    read in that function and nothing else is done with the answer; it is
    unsafe, and names the use, when the answer goes elsewhere (handed on,
    returned: a browser may still read `client_secret.value`) or is read at
    another key, or given a type of the app's own (`const data: Answer =
    await r.json()`, `as Answer`: the moved read would not type-check). A
    use that only shows the answer (a log line, or the app's
    own logging function by its name: `logServerEvent(data, "token")`) is no
    such use. A route that hands the answer whole to its client
    (`app.get("/token", ...)` answering `res.json(data)`; a Next.js route
    file's `return NextResponse.json(data)`) moves safely with the pages of
    its project that fetch it, where every module that names the route's
    path is the route or such a page, reading nothing of the answer but the
    key (RT307 moves their reads). Where such a page keeps its read beta (its
    project pins an SDK version that speaks only the beta), the route gets no
    fix: moved alone, its answer would lose the page's key. A test's expectation
    of the URL in the function that makes the request
    (`expect(fetch).toHaveBeenCalledWith(url, ...)`) moves with it. Azure's preview endpoint
    (`/openai/realtimeapi/sessions?api-version=...`) moves the same way. The
    endpoint in a constant another module exports, and in a constant no
    request of the module sends to, is reported with no fix: the constant
    and the requests that use it move together, by hand.

    Example:

        const r = await fetch("https://api.openai.com/v1/realtime/sessions", {
          method: "POST", headers, body: JSON.stringify({ model: "gpt-realtime-2.1", voice: "verse" }),
        });
        const key = (await r.json()).client_secret.value;

    Fix:

        const r = await fetch("https://api.openai.com/v1/realtime/client_secrets", {
          method: "POST", headers, body: JSON.stringify({ session: { type: "realtime", model: "gpt-realtime-2.1", audio: { output: { voice: "verse" } } } }),
        });
        const key = (await r.json()).value;
    """

    code = "RT402"
    name = "beta-ephemeral-endpoint"
    speaks = True  # the key it mints selects the protocol of the connection it opens

    VALID = (
        'import OpenAI from "openai";\nfetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", body: JSON.stringify({ session: { type: "realtime" } }) });\n',
        # the app's own route, named after the beta endpoint: its server mints the key
        'import OpenAI from "openai";\nfetch("/api/realtime/sessions", { method: "POST", body: JSON.stringify({ voice: "verse" }) });\n',
    )
    INVALID = (
        # a test's expectation of the URL, in the function that makes the request, moves with it
        Invalid(
            'import OpenAI from "openai";\ntest("mints", async () => {\n  await fetch("https://api.openai.com/v1/realtime/sessions", { method: "POST", body: JSON.stringify({ voice: "verse" }) });\n'
            '  expect(fetch).toHaveBeenCalledWith("https://api.openai.com/v1/realtime/sessions", expect.anything());\n});\n',
            'import OpenAI from "openai";\ntest("mints", async () => {\n  await fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", body: JSON.stringify({ session: { type: "realtime", audio: { output: { voice: "verse" } } } }) });\n'
            '  expect(fetch).toHaveBeenCalledWith("https://api.openai.com/v1/realtime/client_secrets", expect.anything());\n});\n',
            unsafe=True,
        ),
        Invalid(
            'import OpenAI from "openai";\nasync function mint() {\n  const r = await fetch("https://api.openai.com/v1/realtime/sessions", { method: "POST", body: JSON.stringify({ model: "gpt-realtime-2.1" }) });\n  const data = await r.json();\n  return data.client_secret.value;\n}\n',
            'import OpenAI from "openai";\nasync function mint() {\n  const r = await fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", body: JSON.stringify({ session: { type: "realtime", model: "gpt-realtime-2.1" } }) });\n  const data = await r.json();\n  return data.value;\n}\n',
        ),
        Invalid(
            'import OpenAI from "openai";\napp.get("/session", async (req, res) => {\n  const r = await fetch(`${BASE}/v1/realtime/sessions`, { method: "POST", body: JSON.stringify({ voice: "verse" }) });\n  res.send(await r.json());\n});\n',
            'import OpenAI from "openai";\napp.get("/session", async (req, res) => {\n  const r = await fetch(`${BASE}/v1/realtime/client_secrets`, { method: "POST", body: JSON.stringify({ session: { type: "realtime", audio: { output: { voice: "verse" } } } }) });\n  res.send(await r.json());\n});\n',
            unsafe=True,
        ),
        # the answer assigned once to a name declared with no value, in a `try`
        Invalid(
            'import OpenAI from "openai";\nasync function mint() {\n  const r = await fetch("https://api.openai.com/v1/realtime/sessions", { method: "POST", body: JSON.stringify({}) });\n'
            '  let data;\n  try {\n    data = await r.json();\n  } catch (e) {\n    return null;\n  }\n  return data.client_secret.value;\n}\n',
            'import OpenAI from "openai";\nasync function mint() {\n  const r = await fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", body: JSON.stringify({ session: { type: "realtime" } }) });\n'
            '  let data;\n  try {\n    data = await r.json();\n  } catch (e) {\n    return null;\n  }\n  return data.value;\n}\n',
        ),
        # ... but assigned again, it holds another value there: not followed
        Invalid(
            'import OpenAI from "openai";\nasync function mint() {\n  const r = await fetch("https://api.openai.com/v1/realtime/sessions", { method: "POST", body: JSON.stringify({}) });\n'
            '  let data;\n  try {\n    data = await r.json();\n  } catch (e) {\n    data = cached;\n  }\n  return data.client_secret.value;\n}\n',
            'import OpenAI from "openai";\nasync function mint() {\n  const r = await fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", body: JSON.stringify({ session: { type: "realtime" } }) });\n'
            '  let data;\n  try {\n    data = await r.json();\n  } catch (e) {\n    data = cached;\n  }\n  return data.client_secret.value;\n}\n',
            unsafe=True,
        ),
        # the answer given a type of the app's own: the key's read moves, and the type needs it too
        Invalid(
            'import OpenAI from "openai";\ninterface Answer { client_secret: { value: string } }\nasync function mint() {\n'
            '  const r = await fetch("https://api.openai.com/v1/realtime/sessions", { method: "POST", body: JSON.stringify({}) });\n'
            '  const data: Answer = await r.json();\n  return data.client_secret.value;\n}\n',
            'import OpenAI from "openai";\ninterface Answer { client_secret: { value: string } }\nasync function mint() {\n'
            '  const r = await fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", body: JSON.stringify({ session: { type: "realtime" } }) });\n'
            '  const data: Answer = await r.json();\n  return data.value;\n}\n',
            unsafe=True,
        ),
        # the answer also given to the app's own logging function: it is only shown
        Invalid(
            'import OpenAI from "openai";\nasync function mint() {\n  const r = await fetch("https://api.openai.com/v1/realtime/sessions", { method: "POST", body: JSON.stringify({}) });\n'
            '  const data = await r.json();\n  logServerEvent(data, "token");\n  return data.client_secret.value;\n}\n',
            'import OpenAI from "openai";\nasync function mint() {\n  const r = await fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", body: JSON.stringify({ session: { type: "realtime" } }) });\n'
            '  const data = await r.json();\n  logServerEvent(data, "token");\n  return data.value;\n}\n',
        ),
        # ... but not to a function of the app's that keeps it
        Invalid(
            'import OpenAI from "openai";\nasync function mint() {\n  const r = await fetch("https://api.openai.com/v1/realtime/sessions", { method: "POST", body: JSON.stringify({}) });\n'
            '  const data = await r.json();\n  logout(data);\n  return data.client_secret.value;\n}\n',
            'import OpenAI from "openai";\nasync function mint() {\n  const r = await fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", body: JSON.stringify({ session: { type: "realtime" } }) });\n'
            '  const data = await r.json();\n  logout(data);\n  return data.value;\n}\n',
            unsafe=True,
        ),
        # a body declared apart and read back; the session's id read from the answer
        Invalid(
            'import OpenAI from "openai";\nasync function mint() {\n  const body = { voice: "verse" };\n  console.log(body.voice);\n'
            '  const r = await fetch("https://api.openai.com/v1/realtime/sessions", { method: "POST", body: JSON.stringify(body) });\n'
            '  const data = await r.json();\n  return [data.id, data.client_secret.value];\n}\n',
            'import OpenAI from "openai";\nasync function mint() {\n  const body = { type: "realtime", audio: { output: { voice: "verse" } } };\n  console.log(body.audio.output.voice);\n'
            '  const r = await fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", body: JSON.stringify({ session: body }) });\n'
            '  const data = await r.json();\n  return [data.session.id, data.value];\n}\n',
        ),
        # a test that the answer holds a key asks for GA's key
        Invalid(
            'import OpenAI from "openai";\nasync function mint() {\n  const r = await fetch("https://api.openai.com/v1/realtime/sessions", { method: "POST", body: JSON.stringify({}) });\n'
            '  const data = await r.json();\n  if (!data.client_secret || !data.client_secret.value) throw new Error("no key");\n  return data.client_secret.value;\n}\n',
            'import OpenAI from "openai";\nasync function mint() {\n  const r = await fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", body: JSON.stringify({ session: { type: "realtime" } }) });\n'
            '  const data = await r.json();\n  if (!data.value) throw new Error("no key");\n  return data.value;\n}\n',
        ),
        # the app's own field written into the answer it hands on stays where its page reads it: unsafe
        Invalid(
            'import OpenAI from "openai";\napp.get("/token", async (req, res) => {\n  const r = await fetch("https://api.openai.com/v1/realtime/sessions", { method: "POST", body: JSON.stringify({}) });\n'
            '  const data = await r.json();\n  data.model = MODEL;\n  res.json(data);\n});\n',
            'import OpenAI from "openai";\napp.get("/token", async (req, res) => {\n  const r = await fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", body: JSON.stringify({ session: { type: "realtime" } }) });\n'
            '  const data = await r.json();\n  data.model = MODEL;\n  res.json(data);\n});\n',
            unsafe=True,
        ),
        # a parameter of the same name in a nested function is another value: left as it is
        Invalid(
            'import OpenAI from "openai";\nasync function mint(items) {\n  const r = await fetch("https://api.openai.com/v1/realtime/sessions", { method: "POST", body: JSON.stringify({}) });\n'
            '  const data = await r.json();\n  items.forEach((data) => console.log(data.id));\n  return data.client_secret.value;\n}\n',
            'import OpenAI from "openai";\nasync function mint(items) {\n  const r = await fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", body: JSON.stringify({ session: { type: "realtime" } }) });\n'
            '  const data = await r.json();\n  items.forEach((data) => console.log(data.id));\n  return data.value;\n}\n',
        ),
        # a format it cannot read stays beta in the body: unsafe
        Invalid(
            'import OpenAI from "openai";\nasync function mint(fmt) {\n  const r = await fetch("https://api.openai.com/v1/realtime/sessions", { method: "POST", body: JSON.stringify({ voice: "ash", input_audio_format: fmt }) });\n'
            '  return (await r.json()).client_secret.value;\n}\n',
            'import OpenAI from "openai";\nasync function mint(fmt) {\n  const r = await fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", body: JSON.stringify({ session: { type: "realtime", audio: { output: { voice: "ash" } }, input_audio_format: fmt } }) });\n'
            '  return (await r.json()).value;\n}\n',
            unsafe=True,
        ),
        # the body stringified apart, and sent by name
        Invalid(
            'import OpenAI from "openai";\nasync function mint() {\n  const body = JSON.stringify({ voice: "verse" });\n'
            '  const r = await fetch("https://api.openai.com/v1/realtime/sessions", { method: "POST", body });\n'
            '  return (await r.json()).client_secret.value;\n}\n',
            'import OpenAI from "openai";\nasync function mint() {\n  const body = JSON.stringify({ session: { type: "realtime", audio: { output: { voice: "verse" } } } });\n'
            '  const r = await fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", body });\n'
            '  return (await r.json()).value;\n}\n',
        ),
        # axios: the decoded answer is the response's `data`
        Invalid(
            'import axios from "axios";\nexport async function GET() {\n'
            '  const response = await axios.post("https://api.openai.com/v1/realtime/sessions", { voice: "verse" });\n'
            '  return Response.json({ key: response.data?.client_secret?.value });\n}\n',
            'import axios from "axios";\nexport async function GET() {\n'
            '  const response = await axios.post("https://api.openai.com/v1/realtime/client_secrets", { session: { type: "realtime", audio: { output: { voice: "verse" } } } });\n'
            '  return Response.json({ key: response.data?.value });\n}\n',
        ),
        # the answer written out for a log line is only shown: the key read moves, safely
        Invalid(
            'import OpenAI from "openai";\napp.get("/key", async (req, res) => {\n'
            '  const r = await fetch("https://api.openai.com/v1/realtime/sessions", { method: "POST", body: JSON.stringify({ voice: "verse" }) });\n'
            '  const data = await r.json();\n  console.log("answer:", JSON.stringify(data, null, 2));\n  res.json({ key: data.client_secret.value });\n});\n',
            'import OpenAI from "openai";\napp.get("/key", async (req, res) => {\n'
            '  const r = await fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", body: JSON.stringify({ session: { type: "realtime", audio: { output: { voice: "verse" } } } }) });\n'
            '  const data = await r.json();\n  console.log("answer:", JSON.stringify(data, null, 2));\n  res.json({ key: data.value });\n});\n',
        ),
        # the answer handed on whole besides the key read: a browser may read `client_secret.value` there
        Invalid(
            'import OpenAI from "openai";\napp.get("/key", async (req, res) => {\n'
            '  const r = await fetch("https://api.openai.com/v1/realtime/sessions", { method: "POST", body: JSON.stringify({ voice: "verse" }) });\n'
            '  const data = await r.json();\n  console.log(data.client_secret.value);\n  res.json(data);\n});\n',
            'import OpenAI from "openai";\napp.get("/key", async (req, res) => {\n'
            '  const r = await fetch("https://api.openai.com/v1/realtime/client_secrets", { method: "POST", body: JSON.stringify({ session: { type: "realtime", audio: { output: { voice: "verse" } } } }) });\n'
            '  const data = await r.json();\n  console.log(data.value);\n  res.json(data);\n});\n',
            unsafe=True,
        ),
    )

    def finish(self) -> None:
        seen: set[int] = set()
        for call, piece, shared in self.requests():
            found = syntax.literal_text(piece, self.source)
            if found is None or piece.id in seen:
                continue
            text, holes = found
            row = ephemeral_endpoint(text)
            if row is None:
                continue
            seen.add(piece.id)
            message = f"ephemeral key minted at the beta endpoint; GA mints them at `{row.shown}`"
            new = syntax.rewritten(piece, self.source, row.pattern.sub(row.ga, text), holes)
            body, has_body = _body(call)
            declared = _declared(body) if body is not None and body.type == "identifier" else None
            held = declared if declared is not None and declared.type == "object" else None
            hint = f'post to `{row.shown}` with the body `{{ session: {{ type: "{row.kind}", ... }} }}`; the key is then at `.value`'
            if new is None or shared or body is None or (body.type == "identifier" and held is None) or "api-version" in row.pattern.sub(row.ga, text):
                why = "this URL is also used elsewhere" if shared else "the body is not a literal here" if has_body else "no body is sent"
                self.report(piece, message, hint=f"{hint} ({why})")
                continue
            edits = [TextEdit(*new)]
            blockers: list[str] = []
            sent = held if held is not None else body
            planned = decide(syntax.config(sent), row.kind)
            # a field GA has no place for (`temperature`) is left out: behaviour changes, so unsafe
            dropped = [syntax.key_name(e) for e in dropped_entries(sent, planned)] if planned is not None else []
            if held is None:
                new_body = wrapped(body, row.kind, self.source)
            else:
                new_body = planned_text(held, planned, self.source) if planned is not None and planned.changes else syntax.text(held)
            if new_body is None:  # a comment goes with what GA has no place for: a person decides
                self.report(piece, message, hint=f"{hint} (a comment goes with {', '.join(f'`{d}`' for d in dropped)}, which GA has no place for)")
                continue
            if held is None:
                edits.append(TextEdit(body.start_byte, body.end_byte, new_body))
            else:
                # `body: JSON.stringify(payload)`: the object becomes the GA session, its
                # reads move with it, and the request wraps it
                if planned is not None and planned.changes:
                    edits.append(TextEdit(held.start_byte, held.end_byte, new_body))
                    followed = follow(held, planned.kind, syntax.config(held), planned)
                    edits += followed.edits
                    blockers += followed.blockers
                edits.append(TextEdit(body.start_byte, body.end_byte, f"{{ session: {syntax.text(body)} }}"))
            uses = answer_uses(call, row.kind)
            edits += uses.edits
            edits += self._expected(call, text, row.pattern.sub(row.ga, text), seen)
            # a route that hands the answer whole to the pages that read its key moves with them
            route = served_route(call, uses) if unsafe_reason(blockers, planned, "body", dropped, self.read_by_beta) is None else None
            route = route or handing(handed_route(call, uses))
            if self.kept_by_reader(route):
                self.report(piece, message, hint=f"{hint} (not fixed: {KEPT_READER})")
                continue
            paired = route is not None and self.paired(route)
            blockers += [] if paired else uses.blockers
            reason = unsafe_reason(blockers, planned, "body", dropped, lambda: uses.key_read and self.read_by_beta())
            safe = (uses.key_read or paired) and reason is None
            if reason is not None:
                message += f"; the fix is unsafe: {reason}"
            fix = Fix(Applicability.SAFE if safe else Applicability.UNSAFE, f"post to `{row.shown}` with the session wrapped", tuple(edits))
            self.report(piece, message, fix, hint=hint, tag=(route, call.id) if route is not None else None)
        self._elsewhere(seen)

    def _expected(self, call: "Node", text: str, ga: str, seen: set[int]) -> list[TextEdit]:
        """A test's expectation of the URL the request is made to, in the function that makes
        it (`expect(fetch).toHaveBeenCalledWith("https://.../realtime/sessions", ...)`): it
        moves with the request, in the same fix."""
        scope = enclosing_scope(call) or syntax.root(call)
        edits: list[TextEdit] = []
        for node in syntax.descendants(scope):
            if node.type not in _LITERALS or node.id in seen or node.parent is None or node.parent.type != "arguments":
                continue
            outer = node.parent.parent
            names = syntax.member_names(outer.child_by_field_name("function")) if outer is not None and outer.type == "call_expression" else []
            found = syntax.literal_text(node, self.source) if names and names[-1] in COMPARING_CALLS else None
            new = syntax.rewritten(node, self.source, ga, found[1]) if found is not None and found[0] == text else None
            if new is not None:
                seen.add(node.id)
                edits.append(TextEdit(*new))
        return edits

    def _elsewhere(self, seen: set[int]) -> None:
        """The beta endpoint in a request whose URL another module exports, and in a
        constant no request here sends to: reported, for the request and the
        constant move together (by hand)."""
        for call in self.calls:
            imported = self.imported_url(syntax.arguments(call)[0])
            row = ephemeral_endpoint(imported[1]) if imported is not None else None
            if row is not None and _body(call)[1]:
                name, url, _ = imported
                self.report(syntax.arguments(call)[0], f"ephemeral key minted at the beta endpoint (`{name}` is `{url}`)",
                            hint=f'post to `{row.shown}` with the body `{{ session: {{ type: "{row.kind}", ... }} }}`; the key is then at `.value`')
        for name, piece in self.constants.items():
            found = syntax.literal_text(piece, self.source) if piece.id not in seen else None
            row = ephemeral_endpoint(found[0]) if found is not None else None
            if row is not None:
                self.report(piece, f"beta ephemeral-key endpoint in `{name}`",
                            hint=f'requests to it must post to `{row.shown}` with the body `{{ session: {{ type: "{row.kind}", ... }} }}` and read the key at `.value`')


class WebRtcOfferEndpoint(_Requests):
    """WebRTC SDP offer posted to the beta endpoint `/v1/realtime?model=...`,
    in JavaScript or TypeScript.

    In GA the SDP offer goes to `POST /v1/realtime/calls`. Found where a
    `fetch` sends `Content-Type: application/sdp` to a `.../v1/realtime`
    URL, written in place, in a template or in a constant (a constant other
    code also uses, or that the module exports, is reported, not rewritten;
    a log line that shows it is no such use).
    Where the URL begins with a constant another module of the project
    exports (`${BASE_URL}?model=...`, with `BASE_URL` imported and holding
    `.../v1/realtime`), the offer goes to `${BASE_URL}/calls?model=...`: the
    constant keeps its value for its other uses (the WebSocket URL).

    Example:

        const baseUrl = "https://api.openai.com/v1/realtime";
        const answer = await fetch(`${baseUrl}?model=${model}`, {
          method: "POST", body: offer.sdp, headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/sdp" },
        });

    Fix:

        const baseUrl = "https://api.openai.com/v1/realtime/calls";
    """

    code = "RT403"
    name = "webrtc-offer-endpoint"
    speaks = True

    VALID = ('import OpenAI from "openai";\nfetch("https://api.openai.com/v1/realtime/calls", { method: "POST", body: sdp, headers: { "Content-Type": "application/sdp" } });\n',)
    INVALID = (
        Invalid(
            'import OpenAI from "openai";\nconst baseUrl = "https://api.openai.com/v1/realtime";\nfetch(`${baseUrl}?model=${model}`, { method: "POST", body: offer.sdp, headers: { "Content-Type": "application/sdp" } });\n',
            'import OpenAI from "openai";\nconst baseUrl = "https://api.openai.com/v1/realtime/calls";\nfetch(`${baseUrl}?model=${model}`, { method: "POST", body: offer.sdp, headers: { "Content-Type": "application/sdp" } });\n',
        ),
        # a log line's mention of the URL is no other use of it
        Invalid(
            'import OpenAI from "openai";\nconst url = `https://api.openai.com/v1/realtime?model=${model}`;\nconsole.log(`offer to ${url.slice(0, 40)}`);\n'
            'fetch(url, { method: "POST", body: sdp, headers: { "Content-Type": "application/sdp" } });\n',
            'import OpenAI from "openai";\nconst url = `https://api.openai.com/v1/realtime/calls?model=${model}`;\nconsole.log(`offer to ${url.slice(0, 40)}`);\n'
            'fetch(url, { method: "POST", body: sdp, headers: { "Content-Type": "application/sdp" } });\n',
        ),
        # the URL joined with `+` from a constant of the file
        Invalid(
            'import OpenAI from "openai";\nconst BASE = "https://api.openai.com/v1/realtime";\nfetch(BASE + "?model=m", { method: "POST", body: sdp, headers: { "Content-Type": "application/sdp" } });\n',
            'import OpenAI from "openai";\nconst BASE = "https://api.openai.com/v1/realtime/calls";\nfetch(BASE + "?model=m", { method: "POST", body: sdp, headers: { "Content-Type": "application/sdp" } });\n',
        ),
        # the headers declared in a name of the function, sent by name or as a shorthand
        Invalid(
            'import OpenAI from "openai";\nasync function offer(sdp) {\n  const headers = { "Content-Type": "application/sdp" };\n'
            '  return fetch("https://api.openai.com/v1/realtime?model=m", { method: "POST", body: sdp, headers });\n}\n',
            'import OpenAI from "openai";\nasync function offer(sdp) {\n  const headers = { "Content-Type": "application/sdp" };\n'
            '  return fetch("https://api.openai.com/v1/realtime/calls?model=m", { method: "POST", body: sdp, headers });\n}\n',
        ),
    )

    def finish(self) -> None:
        seen: set[int] = set()  # the literals, and the calls, handled
        for call, piece, shared in self.requests():
            found = syntax.literal_text(piece, self.source)
            if found is None or piece.id in seen or not _sends_sdp(call):
                continue
            text, holes = found
            if not SDP_OFFER_URL.search(text) or AZURE_MARKER.search(text):
                continue
            seen.update((piece.id, call.id))
            new = syntax.rewritten(piece, self.source, SDP_OFFER_URL.sub(SDP_CALLS_PATH, text), holes)
            if shared or new is None:
                self.report(piece, "WebRTC offer sent to the beta endpoint", hint=f"post the SDP offer to `{SDP_CALLS_SHOWN}`; this URL is also used elsewhere")
            else:
                self.report(piece, "WebRTC offer sent to the beta endpoint", Fix.safe(f"post to `{SDP_CALLS_SHOWN}`", TextEdit(*new)))
        for call in self.calls:
            if call.id in seen or not _sends_sdp(call):
                continue
            imported = self.imported_url(syntax.arguments(call)[0])
            if imported is None:
                continue
            name, url, template = imported
            after = next(c for c in template.named_children if c.type == "template_substitution").end_byte if template is not None else 0
            rest = self.source[after : template.end_byte - 1].decode("utf-8", "replace") if template is not None else ""
            if not SDP_OFFER_URL.search(url + rest.split("${")[0]) or AZURE_MARKER.search(url):
                continue  # (`${BASE_URL}/calls?...` is GA already)
            message = f"WebRTC offer sent to the beta endpoint (`{name}` is `{url}`)"
            if template is None:
                self.report(call, message, hint=f"post the SDP offer to `{SDP_CALLS_SHOWN}`: `${{{name}}}/calls`")
                continue
            # `${BASE_URL}?model=...` → `${BASE_URL}/calls?model=...`: the constant keeps its value for its other uses
            self.report(template, message, Fix.safe(f"post to `{SDP_CALLS_SHOWN}`", TextEdit(after, after, "/" + SDP_CALLS_PATH.rpartition("/")[2])))
