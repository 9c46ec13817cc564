"""Ephemeral client secrets (facts §5): keys minted with the beta
`sessions.create`, and reads of the key where the beta put it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ...core.diagnostics import Applicability, Fix, TextEdit
from ...core.plans.session import CHANGED_READS, decide, dropping, named_uses
from ...core.ruledoc import Invalid
from ...core.routes import KEPT_READER, NEAR, READ, handing, own_path
from ...core.tables.endpoints import (
    BODY_SESSION_KEY,
    ephemeral_endpoint,
    READ_BY_BETA,
    RESPONSE_BODY,
    RESPONSE_META,
    RESPONSE_SESSION_KEYS,
    RESPONSE_SESSION_KEYS_EITHER,
    RESPONSE_TEXT,
    SDP_CONTENT_TYPE,
)
from ...core.tables.node_sdk import CREATE_CALLS, GA_CREATE_PATH
from ...core.tables.session import APP_LOG_CALL, CLIENT_SECRET_KEY, ROUTE_OWN_KEYS, SECRET_FIELDS, SECRET_VALUE, SHOWING_CALLS
from .. import syntax
from ..configs import FUNCTION_TYPES, dropped_entries, wrapped
from ..context import enclosing_scope, reads_ga_key_beside
from ..flow import _WRAPPERS, _up, own_type, written
from ..routes import response_of, route_tag
from ..rule import JsRule

if TYPE_CHECKING:
    from collections.abc import Callable

    from tree_sitter import Node

    from ...core.plans.session import Decision


def _chain(function: "Node") -> list["Node"]:
    """The member expressions of a call's function, outermost first."""
    chain = []
    node = syntax.unwrap(function)
    while node is not None and node.type == "member_expression":
        chain.append(node)
        node = syntax.unwrap(node.child_by_field_name("object"))
    return chain


def _names(chain: list["Node"]) -> list[str]:
    return [syntax.text(m.child_by_field_name("property")) for m in chain]


def beta_create(call: "Node") -> tuple[str, "Node"] | None:
    """`<client>.beta.realtime.sessions.create(...)`: (the kind of session, the `.beta` member)."""
    chain = _chain(call.child_by_field_name("function"))
    names = _names(chain)
    if len(names) >= 4 and names[0] == "create" and names[2] == "realtime" and names[3] == "beta" and names[1] in CREATE_CALLS:
        return CREATE_CALLS[names[1]], chain[3]
    return None




def is_key_read(node: "Node") -> bool:
    prop = node.child_by_field_name("property")
    inner = syntax.unwrap(node.child_by_field_name("object"))
    if prop is None or syntax.text(prop) not in SECRET_FIELDS or inner is None or inner.type != "member_expression":
        return False
    inner_prop = inner.child_by_field_name("property")
    return inner_prop is not None and syntax.text(inner_prop) == CLIENT_SECRET_KEY


def read_edit(read: "Node") -> TextEdit:
    """`x.client_secret.value` → `x.value`: `.client_secret` goes, and all around it stays
    (`x?.client_secret.value` → `x?.value`, `x?.client_secret?.value` → `x?.value`,
    `(x.client_secret as T).value` → `(x as T).value`)."""
    inner = syntax.unwrap(read.child_by_field_name("object"))
    prop = inner.child_by_field_name("property")
    access = prop.prev_sibling  # `.`, or `?.` whose `?` stays where the read after it has none
    outer = read.child_by_field_name("property").prev_sibling
    start = access.start_byte + (1 if access.type == "optional_chain" and outer.type != "optional_chain" else 0)
    return TextEdit(start, prop.end_byte, "")


@dataclass
class Uses:
    edits: list[TextEdit] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)  # the uses that cannot be followed, as written
    key_read: bool = False  # the key is read here (and moves with the fix)
    responses: list["Node"] = field(default_factory=list)  # of the blockers, the answer handed whole to a route's client (`res.json(data)`)


# what requests a URL (`fetch(url)`, `axios.get(url)`, `ky.post(url)`)
_FETCHES = frozenset({"fetch", "get", "post", "request"})


def _bound(node: "Node") -> str | None:
    """The name ``node`` (with what wraps it) is declared with: `const data = <node>`;
    or assigned to once, declared with no value in the same function (`let data;`,
    then `try { data = <node> } catch ...`)."""
    node, parent = _up(node)
    if parent is not None and parent.type == "variable_declarator" and parent.child_by_field_name("value") == node:
        name = parent.child_by_field_name("name")
        return syntax.text(name) if name is not None and name.type == "identifier" else None
    if parent is not None and parent.type == "assignment_expression" and parent.child_by_field_name("right") == node:
        left = parent.child_by_field_name("left")
        return syntax.text(left) if left is not None and left.type == "identifier" and _assigned_once(left) else None
    return None


def _assigned_once(name: "Node") -> bool:
    """Is ``name`` declared with no value (and no type of the app's own) in the function
    around it, and assigned nowhere else there (`let data;` ... `data = ...`)?"""
    scope = enclosing_scope(name)
    if scope is None:
        return False
    wanted = syntax.text(name)
    declared = assigned = 0
    for node in syntax.descendants(scope):
        if node.type == "variable_declarator" and syntax.text(node.child_by_field_name("name")) == wanted:
            if node.child_by_field_name("value") is not None or enclosing_scope(node) != scope:
                return False
            typed = node.child_by_field_name("type")
            if typed is not None and own_type(typed):
                return False
            declared += 1
        elif node.type in ("assignment_expression", "augmented_assignment_expression"):
            left = node.child_by_field_name("left")
            if left is not None and left.type == "identifier" and syntax.text(left) == wanted:
                assigned += 1
    return declared == 1 and assigned == 1


def _assigned(node: "Node") -> bool:
    """Is ``node`` what an assignment writes (`data.model = ...`, `data.model ??= ...`)?"""
    parent = node.parent
    return parent is not None and parent.type in ("assignment_expression", "augmented_assignment_expression") \
        and parent.child_by_field_name("left") == node


def _typed_answer(body: "Node") -> "Node | None":
    """Where the decoded answer is given a type of the app's own: `const data: Session =
    await r.json()`, `(await r.json()) as Session`, `r.json<Session>()`; None where it
    is not (TypeScript reads it as `any`)."""
    if body.type == "call_expression" and body.child_by_field_name("type_arguments") is not None:
        return body
    node, parent = body, body.parent
    while parent is not None and parent.type in _WRAPPERS:
        if parent.type in ("as_expression", "satisfies_expression") and parent.named_child_count > 1 and own_type(parent.named_children[-1]):
            return parent
        node, parent = parent, parent.parent
    if parent is not None and parent.type == "variable_declarator" and parent.child_by_field_name("value") == node:
        declared = parent.child_by_field_name("type")
        if declared is not None and own_type(declared):
            return parent
    return None


def _parsed(text: "Node") -> "Node | None":
    """`JSON.parse(text)`, where ``text`` is the one argument: the call, else None."""
    _, parent = _up(text)
    call = parent.parent if parent is not None and parent.type == "arguments" and parent.named_child_count == 1 else None
    if call is None or call.type != "call_expression" or syntax.member_names(call.child_by_field_name("function")) != ["JSON", "parse"]:
        return None
    return call


def _shown(node: "Node") -> bool:
    """Is the value only shown: in a template's `${...}`, or an argument of a log line
    (`console.log(...)`, the app's own `logServerEvent(data, "token")`), written out
    for one first (`console.log(JSON.stringify(data, null, 2))`)?"""
    node, parent = _up(node)
    if parent is not None and parent.type == "template_substitution":
        return True
    call = parent.parent if parent is not None and parent.type == "arguments" else None
    names = syntax.member_names(call.child_by_field_name("function")) if call is not None and call.type == "call_expression" else []
    if names == ["JSON", "stringify"] and parent is not None and parent.named_children[:1] == [node]:
        return _shown(call)
    return bool(names) and (names[-1] in SHOWING_CALLS or bool(APP_LOG_CALL.match(names[-1])))


def _shadowed(name: "Node", scope: "Node", bound: dict[int, set[str]]) -> bool:
    """Is ``name`` bound again between itself and ``scope``: a parameter of a nested
    function, or a declaration of the nested function's own? (``bound``: the names
    each nested function binds, worked out once per function.)"""
    wanted = syntax.text(name)
    current = name.parent
    while current is not None and current != scope:
        if current.type in FUNCTION_TYPES:
            if current.id not in bound:
                params = current.child_by_field_name("parameters") or current.child_by_field_name("parameter")
                names = {syntax.text(n) for n in syntax.descendants(params) if n.type in ("identifier", "shorthand_property_identifier_pattern")} if params is not None else set()
                names |= {
                    syntax.text(own) for n in syntax.descendants(current)
                    if n.type == "variable_declarator" and (own := n.child_by_field_name("name")) is not None and enclosing_scope(n) == current
                }
                bound[current.id] = names
            if wanted in bound[current.id]:
                return True
        current = current.parent
    return False


def answer_uses(call: "Node", kind: str, decoded: bool = False, typed: bool = False, reading: bool = False) -> Uses:
    """What the function that sends a key request (``decoded``: that calls the SDK,
    whose result is the answer itself) does with the answer: the key's
    reads (`data.client_secret.value` → `data.value`) and the session's id
    (`data.id` → `data.session.id`; ``typed``, a TypeScript SDK answer: only what
    both kinds of session answer have) move; any other use of the answer (handed
    on, returned, read at another key) is one the fix cannot follow.
    ``reading``: the request is a page's fetch of its own server's key route,
    whose answer the route hands on whole: only the key moves, and a key
    neither API's answer has (the route's own `error`) is read alike in both."""
    uses = Uses()
    scope = enclosing_scope(call)
    if scope is None:
        uses.blockers.append(written(call))
        return uses
    bound: dict[int, set[str]] = {}  # nested functions → the names they bind
    names: dict[str, bool] = {}  # the answer's names → whether each holds its decoded body
    texts: set[str] = set()  # names of its body as text
    if not decoded and call.child_by_field_name("type_arguments") is not None:
        uses.blockers.append(written(call))  # `axios.post<Session>(...)`: the app's own type of the answer
    keys = frozenset() if reading else RESPONSE_SESSION_KEYS_EITHER if typed and decoded else RESPONSE_SESSION_KEYS[kind]
    own = ROUTE_OWN_KEYS if reading else frozenset()
    name = _bound(call)
    if name is None:
        _answer_use(call, decoded, keys, uses, names, texts, own)
    else:
        names[name] = decoded
    for node in syntax.descendants(scope):
        if node.type == "shorthand_property_identifier" and syntax.text(node) in names:
            uses.blockers.append(written(node.parent or node))  # `res.json({ data })`: handed on whole
            continue
        if node.type != "identifier" or (syntax.text(node) not in names and syntax.text(node) not in texts):
            continue
        if _shadowed(node, scope, bound):
            continue  # another value of the same name (`(data) => ...`, a `const data` of its own)
        parent = node.parent
        if parent is not None and parent.type == "variable_declarator" and parent.child_by_field_name("name") == node:
            continue
        if parent is not None and parent.type == "assignment_expression" and parent.child_by_field_name("left") == node:
            continue  # (the one assignment that binds it: `data = await r.json()`)
        if syntax.text(node) in texts:
            parsed = _parsed(node)
            if parsed is not None:  # `JSON.parse(text)`: the decoded answer, as `.json()` gives it
                name = _bound(parsed)
                if name is not None:
                    names[name] = True
                else:
                    _answer_use(parsed, True, keys, uses, names, texts, own)
            elif not _shown(node) and not syntax.compared(node) and not tested(node):
                uses.blockers.append(written(parent or node))
            continue
        _answer_use(node, names[syntax.text(node)], keys, uses, names, texts, own)
    return uses


def _answer_use(
    node: "Node", decoded: bool, keys: frozenset[str], uses: Uses, names: dict[str, bool], texts: set[str], own: frozenset[str] = frozenset(),
) -> None:
    node, parent = _up(node)
    if parent is not None and parent.type in ("member_expression", "subscript_expression") and parent.child_by_field_name("object") == node:
        if parent.type == "member_expression":
            prop = parent.child_by_field_name("property")
            key = syntax.text(prop) if prop is not None else None
        else:
            key = syntax.string_value(parent.child_by_field_name("index"))
        outer = parent.parent
        if not decoded:
            called = outer is not None and outer.type == "call_expression" and outer.child_by_field_name("function") == parent
            # the decoded answer: what `.json()` returns, or an axios response's `data`
            body = outer if key == "json" and called else parent if key in RESPONSE_BODY and not called else None
            if body is not None:
                typed = _typed_answer(body)
                if typed is not None:  # the app's own type of the answer: the reads that move would not type-check
                    uses.blockers.append(written(typed))
                name = _bound(body)
                if name is not None:
                    names[name] = True
                else:
                    _answer_use(body, True, keys, uses, names, texts, own)
                return
            if key in RESPONSE_TEXT and called:
                name = _bound(outer)
                if name is not None:
                    texts.add(name)
                    return
                if _shown(outer):
                    return
            if key in RESPONSE_META:
                return
        elif key == CLIENT_SECRET_KEY:
            after = outer if outer is not None and outer.type in ("member_expression", "subscript_expression") and outer.child_by_field_name("object") == parent else None
            if after is not None:
                inner = after.child_by_field_name("property") if after.type == "member_expression" else None
                field_name = syntax.text(inner) if inner is not None else syntax.string_value(after.child_by_field_name("index"))
                if field_name in SECRET_FIELDS:
                    assert parent.text is not None
                    optional = parent.text[node.end_byte - parent.start_byte :].lstrip().startswith(b"?.")
                    uses.edits.append(TextEdit(node.end_byte, after.end_byte, ("?." if optional else ".") + field_name))
                    uses.key_read = True
                    return
            elif tested(parent):
                uses.edits.append(secret_test_edit(parent))
                return
        elif key in keys and not _assigned(parent):  # (a write is the app's own field of its answer)
            assert parent.text is not None
            optional = parent.text[node.end_byte - parent.start_byte :].lstrip().startswith(b"?.")
            uses.edits.append(TextEdit(node.end_byte, node.end_byte, ("?." if optional else ".") + BODY_SESSION_KEY))
            return
        elif key in own and not _assigned(parent):
            return
        uses.blockers.append(written(parent))
        return
    if _shown(node) or syntax.compared(node) or tested(node):
        return
    if decoded and (response := response_of(node)) is not None:
        uses.responses.append(response)
    uses.blockers.append(written(parent.parent if parent is not None and parent.type == "arguments" and parent.parent is not None else parent or node))


class BetaSessionCreate(JsRule):
    """Ephemeral key minted with the beta `sessions.create` of the npm package.

    GA mints keys with `client.realtime.clientSecrets.create({ session: {
    type: "realtime", ... } })` (`"transcription"` for
    `transcriptionSessions.create`), and returns the key at `.value`. The
    fix rewrites the call and plans the session like any other, and moves
    reads of `.client_secret.value` / `.client_secret.expires_at` in the same
    function, and of the session's `.id` (to `.session.id`). It is safe
    where the key is read there and nothing else is done with the result;
    unsafe, naming the use, where the result is handed on (a browser reading
    the server's JSON may still read `client_secret.value`). A route that
    hands the result whole to the pages of its project that read only its
    key moves safely with them, and is not fixed where such a page keeps its
    read beta, as for RT402.

    Example:

        const session = await openai.beta.realtime.sessions.create({ model: "gpt-realtime-2.1", voice: "verse" });
        res.json({ key: session.client_secret.value });

    Fix:

        const session = await openai.realtime.clientSecrets.create({ session: { type: "realtime", model: "gpt-realtime-2.1", audio: { output: { voice: "verse" } } } });
        res.json({ key: session.value });
    """

    code = "RT303"
    name = "beta-session-create"
    speaks = True  # the key it mints selects the protocol of the connection that uses it

    VALID = ('import OpenAI from "openai";\nconst s = await openai.realtime.clientSecrets.create({ session: { type: "realtime" } });\n',)
    INVALID = (
        Invalid(
            'import OpenAI from "openai";\nasync function mint() {\n  const s = await openai.beta.realtime.sessions.create({ model: "gpt-realtime-2.1", voice: "verse" });\n  return s.client_secret.value;\n}\n',
            'import OpenAI from "openai";\nasync function mint() {\n  const s = await openai.realtime.clientSecrets.create({ session: { type: "realtime", model: "gpt-realtime-2.1", audio: { output: { voice: "verse" } } } });\n  return s.value;\n}\n',
        ),
        # the result handed on whole: unsafe
        Invalid(
            'import OpenAI from "openai";\napp.get("/key", async (req, res) => {\n  const s = await openai.beta.realtime.sessions.create({ voice: "verse" });\n  res.json(s);\n});\n',
            'import OpenAI from "openai";\napp.get("/key", async (req, res) => {\n  const s = await openai.realtime.clientSecrets.create({ session: { type: "realtime", audio: { output: { voice: "verse" } } } });\n  res.json(s);\n});\n',
            unsafe=True,
        ),
    )

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.creates: list[tuple["Node", tuple[str, "Node"]]] = []

    def visit_call_expression(self, node: "Node") -> None:
        found = beta_create(node)
        if found is not None:
            self.creates.append((node, found))  # decided in `finish`, once the project around is known

    def finish(self) -> None:
        for node, found in self.creates:
            self._create(node, found)

    def _create(self, node: "Node", found: tuple[str, "Node"]) -> None:
        kind, beta = found
        client = beta.child_by_field_name("object")
        function = node.child_by_field_name("function")
        args = syntax.arguments(node)
        body = syntax.unwrap(args[0]) if args else None
        message = f"ephemeral key minted with the beta `{'sessions' if kind == 'realtime' else 'transcriptionSessions'}.create`"
        hint = f'use `client.realtime.clientSecrets.create({{ session: {{ type: "{kind}", ... }} }})`; the key is then at `.value`'
        if len(args) > 1 or (body is not None and body.type != "object") or (body is not None and syntax.pair_value(body, CLIENT_SECRET_KEY) is not None):
            self.report(node, message, hint=hint)
            return
        edits = [TextEdit(client.end_byte, function.end_byte, "." + ".".join(GA_CREATE_PATH))]
        if body is None:
            arguments = node.child_by_field_name("arguments")
            edits.append(TextEdit(arguments.start_byte, arguments.end_byte, f'({{ session: {{ type: "{kind}" }} }})'))
        elif (new_body := wrapped(body, kind, self.source)) is not None:
            edits.append(TextEdit(body.start_byte, body.end_byte, new_body))
        else:  # a comment goes with what GA has no place for (`temperature`): a person decides
            self.report(node, message, hint=hint)
            return
        uses = answer_uses(node, kind, decoded=True, typed=self.grammar != "javascript")
        edits.extend(uses.edits)
        # safe where the result is used up in the function: its key read, nothing else taken from it
        planned = decide(syntax.config(body), kind) if body is not None else None
        dropped = [syntax.key_name(e) for e in dropped_entries(body, planned)] if planned is not None and body is not None else []
        project = self.context.collector.project
        # a route that hands the answer whole to the pages that read its key moves with them
        beta_readers = lambda: project is not None and project.value.read_by_beta  # noqa: E731
        route = served_route(node, uses) if unsafe_reason([], planned, "session", dropped, beta_readers) is None else None
        route = route or handing(handed_route(node, uses))
        if self.kept_by_reader(route):
            self.report(node, message, hint=f"{hint} (not fixed: {KEPT_READER})")
            return
        paired = route is not None and self.paired(route)
        blockers = [] if paired else uses.blockers
        reason = unsafe_reason(blockers, planned, "session", dropped, lambda: uses.key_read and beta_readers())
        safe = (uses.key_read or paired) and reason is None
        if reason is not None:
            message += f"; the fix is unsafe: {reason}"
        fix = Fix(Applicability.SAFE if safe else Applicability.UNSAFE, f"use `{'.'.join(GA_CREATE_PATH)}` with the session wrapped", tuple(edits))
        self.report(node, message, fix, hint=hint, tag=(route, node.id) if route is not None else None)


def served_route(call: "Node", uses: Uses) -> str | None:
    """The tag of the key route (`core.routes`) whose handler sends ``call``, where the
    only uses of its answer the fix cannot follow hand it whole to the route's client."""
    if not uses.responses or len(uses.responses) != len(uses.blockers):
        return None
    return handed_route(call, uses)


def handed_route(call: "Node", uses: Uses) -> str | None:
    """The tag of the key route whose handler sends ``call`` and hands its answer to the
    route's client, whatever else it does with it."""
    scope = enclosing_scope(call)
    return route_tag(scope, uses.responses) if scope is not None and uses.responses else None


def unsafe_reason(
    blockers: list[str], planned: "Decision | None", what: str, dropped: list[str], read_by_beta: "Callable[[], bool]"
) -> str | None:
    """Why the fix of a key request (its body or session: ``what``) is unsafe, in the
    order that matters: uses of the answer it cannot follow, parts of the body that
    stay beta (a spread, a format it cannot read), fields GA has no place for, left
    out (behaviour changes), a module importing this one that still speaks the beta
    (``read_by_beta``, asked last). None: nothing here stands in the way."""
    named, changed = named_uses(blockers)
    if named:
        return "it cannot follow " + named
    if changed:
        return CHANGED_READS.format(uses=changed)
    if planned is not None and planned.notes:
        return f"parts of the {what} stay beta"
    if dropped:
        return dropping(dropped)
    if read_by_beta():
        return READ_BY_BETA
    return None


class BetaKeyRead(JsRule):
    """The ephemeral key read where the beta response held it.

    The beta `sessions.create` (and `POST /v1/realtime/sessions`) returned
    the key at `client_secret.value`; GA returns it at `value`, with
    `expires_at`. Reported wherever the read is; where it reads the result of
    a request in the same function, the request's fix (RT303, RT402) moves it.
    Where the function reads what it fetched from the app's own server (a
    path of its origin, `fetch("/session")`, or any URL written there that
    names no OpenAI host or Realtime path: a browser reading what that server
    passed on)
    and mints nothing itself, the read moves as an unsafe fix: it is right
    once that server has moved to GA, with its own request's unsafe fix or by
    hand. Where that server is a route of the same project that hands the
    key request's answer on whole (RT402, RT303), the two move together as
    safe fixes: where the function fetches that one path of its own origin
    (`fetch("/token")`, `fetch("http://localhost:3001/token")`) and reads
    nothing of the answer but the key (and the route's own `error`; an answer
    read as text and decoded with `JSON.parse(text)` is the same answer), and
    every module of the project that names the path is the route or such a
    page. A module that names it otherwise (a test that calls the route, a
    page that keeps the answer, a second server) keeps both unsafe.

    Example:

        const data = await (await fetch("/session")).json();
        const key = data.client_secret.value;

    Fix (unsafe, with the server that mints keys):

        const key = data.value;

    A function that also reads the answer's key where GA puts it (`s?.value
    ?? s?.client_secret?.value`) takes either API's answer on purpose: it is
    left alone.
    """

    code = "RT307"
    name = "beta-key-read"
    speaks = True  # the key it reads says which API minted it, and so which the call must reach
    follows_fixes = True  # a read the request's safe fix moves is that fix's

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.scopes: dict[int, bool] = {}  # functions → whether they read what the app's own server passed on
        self.routes: dict[int, tuple[str, "Node", Uses] | None] = {}  # functions → the key route they fetch (`_fetched_route`)

    VALID = (
        'import OpenAI from "openai";\nconst key = data.value;\n',
        # a name of the app's own, not taken out of an answer
        'import OpenAI from "openai";\nfunction show(client_secret) {\n  return client_secret.value;\n}\n',
        # code that takes either API's answer reads the key where GA puts it too
        'import OpenAI from "openai";\nfunction secretOf(s) {\n  if (typeof s?.value === "string") return s.value;\n  return s?.client_secret?.value;\n}\n',
    )
    INVALID = (
        Invalid('import OpenAI from "openai";\nconst key = data.client_secret.value;\n'),
        # a browser reading the answer of its own server
        Invalid(
            'import OpenAI from "openai";\nasync function start() {\n  const data = await (await fetch("/session")).json();\n  return data.client_secret.value;\n}\n',
            'import OpenAI from "openai";\nasync function start() {\n  const data = await (await fetch("/session")).json();\n  return data.value;\n}\n',
            unsafe=True,
        ),
        # the app's server, at an address it is told of
        Invalid(
            'import OpenAI from "openai";\nasync function start() {\n  const r = await fetch(`${process.env.NEXT_PUBLIC_API}/session`);\n  return (await r.json()).client_secret.value;\n}\n',
            'import OpenAI from "openai";\nasync function start() {\n  const r = await fetch(`${process.env.NEXT_PUBLIC_API}/session`);\n  return (await r.json()).value;\n}\n',
            unsafe=True,
        ),
        # a URL held in a name may be OpenAI's own: the read is the request's to move
        Invalid('import OpenAI from "openai";\nasync function start(url) {\n  const r = await fetch(url);\n  return (await r.json()).client_secret.value;\n}\n'),
        # the app's server, run on this machine
        Invalid(
            'import OpenAI from "openai";\nasync function start() {\n  const r = await fetch("http://127.0.0.1:3000/token");\n  const data = await r.json();\n  return data.client_secret.value;\n}\n',
            'import OpenAI from "openai";\nasync function start() {\n  const r = await fetch("http://127.0.0.1:3000/token");\n  const data = await r.json();\n  return data.value;\n}\n',
            unsafe=True,
        ),
        # the app's own route may bear the beta endpoint's name: it is still the app's server
        Invalid(
            'import OpenAI from "openai";\nasync function start() {\n  const data = await (await fetch("/api/realtime/sessions")).json();\n  return data.client_secret.value;\n}\n',
            'import OpenAI from "openai";\nasync function start() {\n  const data = await (await fetch("/api/realtime/sessions")).json();\n  return data.value;\n}\n',
            unsafe=True,
        ),
        # a read through optional chains: `?.client_secret` goes whole, and the read keeps its own `?.`
        Invalid(
            'import OpenAI from "openai";\nasync function start() {\n  const data = await (await fetch("/session")).json();\n  return [data?.client_secret?.value, data?.client_secret.expires_at, data.client_secret?.value];\n}\n',
            'import OpenAI from "openai";\nasync function start() {\n  const data = await (await fetch("/session")).json();\n  return [data?.value, data?.expires_at, data?.value];\n}\n',
            unsafe=True,
        ),
        # a read through a cast: only `.client_secret` goes
        Invalid(
            'import OpenAI from "openai";\nasync function start() {\n  const data = await (await fetch("/session")).json();\n  return (data.client_secret as any).value;\n}\n',
            'import OpenAI from "openai";\nasync function start() {\n  const data = await (await fetch("/session")).json();\n  return (data as any).value;\n}\n',
            unsafe=True,
        ),
        # the answer's `client_secret` tested for being there: the test asks for the key instead
        Invalid(
            'import OpenAI from "openai";\nasync function start() {\n  const data = await (await fetch("/session")).json();\n'
            '  if (!data.client_secret) throw new Error("no key");\n  return data.client_secret.value;\n}\n',
            'import OpenAI from "openai";\nasync function start() {\n  const data = await (await fetch("/session")).json();\n'
            '  if (!data.value) throw new Error("no key");\n  return data.value;\n}\n',
            unsafe=True,
        ),
        # ... or read besides the key otherwise: reported, with no fix
        Invalid(
            'import OpenAI from "openai";\nasync function start() {\n  const data = await (await fetch("/session")).json();\n'
            '  keep(data.client_secret);\n  return data.client_secret.value;\n}\n'
        ),
        # `||` hands the answer's `client_secret` on: no test of it
        Invalid(
            'import OpenAI from "openai";\nasync function start() {\n  const data = await (await fetch("/session")).json();\n'
            '  const secret = data.client_secret || {};\n  return data.client_secret.value + secret.expires_at;\n}\n'
        ),
        # the key taken out of the answer by a pattern: reported, with no fix
        Invalid(
            'import OpenAI from "openai";\nasync function start() {\n  const { client_secret } = await (await fetch("/session")).json();\n'
            '  return client_secret.value;\n}\n'
        ),
        # minted here by a request its own rule cannot move: the read stays with it
        Invalid('import OpenAI from "openai";\nasync function mint(opts) {\n  const s = await openai.beta.realtime.sessions.create(opts, extra);\n  return s.client_secret.value;\n}\n'),
    )

    def visit_member_expression(self, node: "Node") -> None:
        if _destructured_key_read(node):
            prop = syntax.text(node.child_by_field_name("property"))
            self.report(node, f"the ephemeral key's `{prop}` is read at `client_secret.{prop}` of an answer taken apart "
                        "(`{ client_secret }`), where only the beta put it", None,
                        hint=f"GA returns it at `.{prop}` of the answer, with the request that mints it")
            return
        if is_key_read(node):
            prop = syntax.text(node.child_by_field_name("property"))
            if reads_ga_key_beside(node, prop):
                return  # `s?.value ?? s?.client_secret?.value`: code that takes either API's answer, on purpose
            # a read of what the app's own server passed on moves as an unsafe fix (with the
            # server's); code that may mint the key itself leaves it to the request's fix
            own = _from_own_server(node, self.scopes)
            bare = _bare_secret_reads(node) if own else []
            untested = [b for b in bare if not tested(b)]
            hint = f"GA returns it at `.{prop}`" + (", once the app's server that mints the key has moved to GA" if own else ", with the request that mints it")
            if untested:
                hint += f" (not fixed: `{syntax.text(untested[0])}` is read too, which GA's answer does not have)"
            fix = Fix.unsafe(f"read it at `.{prop}`", read_edit(node), *(secret_test_edit(b) for b in bare)) if own and not untested else None
            tag = _read_route(node, self.routes) if fix is not None else None
            if tag is None and own:  # a read of a route's answer its pairing cannot follow: it may still keep the route
                fetched = _fetched(enclosing_scope(node))
                tag = (NEAR + fetched[0], node.id) if fetched is not None else None
            self.report(node, f"the ephemeral key's `{prop}` is read at `client_secret.{prop}`, where only the beta put it", fix, hint=hint, tag=tag)

    def finish(self) -> None:
        if any(r.tag is not None for r in self.reports) and self.context.collector.project.value.read_by_beta:
            # a module that imports this one (its test) still shows the beta, or fakes its key answer:
            # no read here moves with a route
            self.reports = [replace(r, tag=None) for r in self.reports]
        # a read of a key route that moves with the route (`core.routes`) is safe with it
        self.reports = [
            replace(r, fix=Fix.safe(r.fix.description, *r.fix.edits), hint=f"GA returns it at `.{syntax.text(r.node.child_by_field_name('property'))}`, "
                    f"and the route at `{r.tag[0].partition(':')[2]}` that mints it moves to GA with this fix")
            if r.tag is not None and r.fix is not None and self.paired(r.tag[0]) else r
            for r in self.reports
        ]


def _read_route(read: "Node", known: dict[int, "tuple[str, Node, Uses] | None"]) -> tuple[str, int] | None:
    """The tag of the key route (`core.routes`) a page reads the key of, and its
    fetch: where the function around ``read`` fetches one path of its own server,
    and reads nothing of the answer but the key (and its own `error`), ``read``
    being one of those reads. (``known``: each function's fetch, once worked out.)"""
    scope = enclosing_scope(read)
    if scope is None:
        return None
    if scope.id not in known:
        known[scope.id] = _fetched_route(scope)
    found = known[scope.id]
    if found is None or not any(edit.end == read.end_byte for edit in found[2].edits):
        return None  # this read is not of the answer
    return READ + found[0], found[1].id


def _fetched(scope: "Node | None") -> "tuple[str, Node] | None":
    """(the path, the fetch) where a function fetches one path of the app's own server."""
    fetches = _own_fetches(scope) if scope is not None else []
    url = syntax.unwrap(syntax.arguments(fetches[0])[0]) if len(fetches) == 1 else None
    path = own_path(syntax.text(url)[1:-1]) if url is not None and url.type in ("string", "template_string") else None
    return (path, fetches[0]) if path is not None else None


def _fetched_route(scope: "Node") -> "tuple[str, Node, Uses] | None":
    """(the path, the fetch, what the function does with its answer) where a function
    fetches one path of its own server and uses nothing of the answer but the key."""
    found = _fetched(scope)
    if found is None:
        return None
    path, fetch = found
    uses = answer_uses(fetch, "realtime", reading=True)
    return None if uses.blockers else (path, fetch, uses)


def tested(node: "Node") -> bool:
    """Is the value only tested for being there (`!data.client_secret`, `if (data.client_secret)`,
    `data.client_secret && ...`)?"""
    node, parent = _up(node)
    if parent is None:
        return False
    if parent.type == "unary_expression":
        return syntax.text(parent.child_by_field_name("operator")) == "!"
    if parent.type == "binary_expression":
        operator = syntax.text(parent.child_by_field_name("operator"))
        if operator == "&&" and parent.child_by_field_name("left") == node:
            return True  # its value is used only when it is missing
        return operator in ("&&", "||") and tested(parent)  # `x || {}` hands `x` on: a test only inside one
    if parent.type in ("if_statement", "while_statement", "ternary_expression"):
        return parent.child_by_field_name("condition") == node
    return False


def secret_test_edit(node: "Node") -> TextEdit:
    """`data.client_secret`, tested for being there → `data.value`, where GA's answer has the
    key; dropped where the same chain tests the key itself next (`!d.client_secret || !d.client_secret.value`)."""
    holder = node.child_by_field_name("object")
    test, parent = _up(node)
    if parent is not None and parent.type == "unary_expression":
        test, parent = _up(parent)
    if parent is not None and parent.type == "binary_expression":
        operator = syntax.text(parent.child_by_field_name("operator"))
        left, right = parent.child_by_field_name("left"), parent.child_by_field_name("right")
        if left == test and _tests_key(right, syntax.text(holder), operator):
            return TextEdit(test.start_byte, right.start_byte, "")
        grand = parent.parent
        if right == test and grand is not None and grand.type == "binary_expression" and grand.child_by_field_name("left") == parent \
                and syntax.text(grand.child_by_field_name("operator")) == operator \
                and _tests_key(grand.child_by_field_name("right"), syntax.text(holder), operator):
            return TextEdit(left.end_byte, test.end_byte, "")
    prop = node.child_by_field_name("property")
    return TextEdit(prop.start_byte, prop.end_byte, SECRET_VALUE)


def _tests_key(node: "Node | None", holder: str, operator: str) -> bool:
    """`!<holder>.client_secret.value` (after `||`) or `<holder>.client_secret.value` (after `&&`)."""
    if node is not None and operator == "||" and node.type == "unary_expression" and syntax.text(node.child_by_field_name("operator")) == "!":
        node = node.child_by_field_name("argument")
    elif operator != "&&":
        return False
    node = syntax.unwrap(node)
    if node is None or node.type != "member_expression" or not is_key_read(node):
        return False
    inner = syntax.unwrap(node.child_by_field_name("object"))
    return syntax.text(inner.child_by_field_name("object")) == holder


def _bare_secret_reads(read: "Node") -> list["Node"]:
    """Other reads of the same answer's `client_secret` in the function, not of the
    key inside it (`if (!data.client_secret) ...`): GA's answer has no `client_secret`."""
    inner = syntax.unwrap(read.child_by_field_name("object"))
    holder = inner.child_by_field_name("object") if inner is not None else None
    scope = enclosing_scope(read)
    found: list["Node"] = []
    if holder is None or scope is None:
        return found
    wanted = syntax.text(holder)
    for node in syntax.descendants(scope):
        if node.type != "member_expression" or syntax.text(node.child_by_field_name("property")) != CLIENT_SECRET_KEY:
            continue
        if syntax.text(node.child_by_field_name("object")) != wanted:
            continue
        _, outer = _up(node)
        if outer is not None and outer.type == "member_expression" and is_key_read(outer):
            continue
        found.append(node)
    return found


def _destructured_key_read(node: "Node") -> bool:
    """`client_secret.value`, where `client_secret` was taken out of an answer by a
    pattern of the function around it (`const { client_secret } = await r.json()`)."""
    prop = node.child_by_field_name("property")
    name = syntax.unwrap(node.child_by_field_name("object"))
    if prop is None or syntax.text(prop) not in SECRET_FIELDS or name is None or name.type != "identifier":
        return False
    if syntax.text(name) != CLIENT_SECRET_KEY:
        return False
    scope = enclosing_scope(node)
    return scope is not None and any(
        n.type == "shorthand_property_identifier_pattern" and syntax.text(n) == CLIENT_SECRET_KEY
        for n in syntax.descendants(scope)
    )


# What names OpenAI's API in a URL: its hosts (Azure's too), or a Realtime path.
_OPENAI_URL = re.compile(r"openai|/realtime\b", re.IGNORECASE)


def _app_server(url: str) -> bool:
    """Is a URL the app's own server's: a path of the page's origin (`/session`), a
    server on this machine, one it deploys (`https://voice.up.railway.app/key`) or
    one it is told of (`${API_URL}/session`): anything that names no OpenAI host
    and no Realtime path?"""
    if url.startswith("/") and not url.startswith("//"):
        return True  # (the app's own route, whatever its name: the beta endpoint's was ruled out above)
    return not url.startswith("//") and not _OPENAI_URL.search(url)


def _from_own_server(node: "Node", known: dict[int, bool]) -> bool:
    """Does the key read come from the app's own server: the function around it
    fetches a path of its own origin (`fetch("/session")`), and mints nothing
    itself (no beta `sessions.create`, no request to the beta endpoint)?
    (``known``: the answer for each function already asked about.)"""
    scope = enclosing_scope(node)
    if scope is None:
        return False
    if scope.id not in known:
        known[scope.id] = _own_server_scope(scope)
    return known[scope.id]


def _own_server_scope(scope: "Node") -> bool:
    return bool(_own_fetches(scope))


def _own_fetches(scope: "Node") -> list["Node"]:
    """The requests of a function to the app's own server, where it makes no other
    (none to OpenAI, none to a URL held in a name) and mints nothing itself."""
    text = syntax.text(scope)
    if ".beta.realtime." in text or any(
        n.type in ("string", "template_string") and ephemeral_endpoint(syntax.text(n)) for n in syntax.descendants(scope)
    ):
        return []
    if not any(word in text for word in _FETCHES):
        return []  # it requests nothing
    own: list["Node"] = []
    for call in syntax.descendants(scope):
        if call.type != "call_expression":
            continue
        names = syntax.member_names(call.child_by_field_name("function"))
        args = syntax.arguments(call)
        if not names or names[-1] not in _FETCHES or not args or (len(args) > 1 and SDP_CONTENT_TYPE in syntax.text(args[1])):
            continue  # (the WebRTC offer the key then signs mints nothing)
        url = syntax.unwrap(args[0])
        written = syntax.text(url)[1:] if url is not None and url.type in ("string", "template_string") else ""
        if not written or not _app_server(written):
            return []  # a request to OpenAI, or to a URL held in a name: it may mint the key itself
        own.append(call)
    return own
