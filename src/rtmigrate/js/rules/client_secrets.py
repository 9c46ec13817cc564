"""Ephemeral client secrets (facts §5): keys minted with the beta
`sessions.create`, and reads of the key where the beta put it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.diagnostics import Fix, TextEdit
from ...core.ruledoc import Invalid
from ...core.tables.node_sdk import CREATE_CALLS, GA_CREATE_PATH
from ...core.tables.session import CLIENT_SECRET_KEY, SECRET_FIELDS
from .. import syntax
from ..configs import wrapped
from ..context import enclosing_scope
from ..rule import JsRule

if TYPE_CHECKING:
    from tree_sitter import Node


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


def key_reads(scope: "Node | None", source: bytes) -> list["Node"]:
    """`x.client_secret.value` and `x.client_secret.expires_at` under ``scope``."""
    if scope is None:
        return []
    found = []
    stack = [scope]
    while stack:
        node = stack.pop()
        if node.type == "member_expression" and is_key_read(node):
            found.append(node)
        stack.extend(node.named_children)
    return found


def is_key_read(node: "Node") -> bool:
    prop = node.child_by_field_name("property")
    inner = syntax.unwrap(node.child_by_field_name("object"))
    if prop is None or syntax.text(prop) not in SECRET_FIELDS or inner is None or inner.type != "member_expression":
        return False
    inner_prop = inner.child_by_field_name("property")
    return inner_prop is not None and syntax.text(inner_prop) == CLIENT_SECRET_KEY


def read_edit(read: "Node") -> TextEdit:
    """`x.client_secret.value` → `x.value`."""
    inner = syntax.unwrap(read.child_by_field_name("object"))
    holder = inner.child_by_field_name("object")
    return TextEdit(holder.end_byte, read.end_byte, "." + syntax.text(read.child_by_field_name("property")))


class BetaSessionCreate(JsRule):
    """Ephemeral key minted with the beta `sessions.create` of the npm package.

    GA mints keys with `client.realtime.clientSecrets.create({ session: {
    type: "realtime", ... } })` (`"transcription"` for
    `transcriptionSessions.create`), and returns the key at `.value`. The
    fix rewrites the call and plans the session like any other, and moves
    reads of `.client_secret.value` / `.client_secret.expires_at` in the same
    function. It is unsafe: a caller elsewhere (a browser reading the
    server's JSON) may still read `client_secret.value`.

    Example:

        const session = await openai.beta.realtime.sessions.create({ model: "gpt-realtime-2.1", voice: "verse" });
        res.json({ key: session.client_secret.value });

    Fix (unsafe):

        const session = await openai.realtime.clientSecrets.create({ session: { type: "realtime", model: "gpt-realtime-2.1", audio: { output: { voice: "verse" } } } });
        res.json({ key: session.value });
    """

    code = "RT303"
    name = "beta-session-create"

    VALID = ('import OpenAI from "openai";\nconst s = await openai.realtime.clientSecrets.create({ session: { type: "realtime" } });\n',)
    INVALID = (
        Invalid(
            'import OpenAI from "openai";\nasync function mint() {\n  const s = await openai.beta.realtime.sessions.create({ model: "gpt-realtime-2.1", voice: "verse" });\n  return s.client_secret.value;\n}\n',
            'import OpenAI from "openai";\nasync function mint() {\n  const s = await openai.realtime.clientSecrets.create({ session: { type: "realtime", model: "gpt-realtime-2.1", audio: { output: { voice: "verse" } } } });\n  return s.value;\n}\n',
            unsafe=True,
        ),
    )

    def visit_call_expression(self, node: "Node") -> None:
        found = beta_create(node)
        if found is None:
            return
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
        else:
            edits.append(TextEdit(body.start_byte, body.end_byte, wrapped(body, kind, self.source)))
        edits.extend(read_edit(read) for read in key_reads(enclosing_scope(node), self.source))
        self.report(node, message, Fix.unsafe(f"use `{'.'.join(GA_CREATE_PATH)}` with the session wrapped", *edits), hint=hint)


class BetaKeyRead(JsRule):
    """The ephemeral key read where the beta response held it.

    The beta `sessions.create` (and `POST /v1/realtime/sessions`) returned
    the key at `client_secret.value`; GA returns it at `value`, with
    `expires_at`. Reported wherever the read is; where it reads the result of
    a request in the same function, the request's fix (RT303, RT402) moves it.

    Example:

        const key = data.client_secret.value;

    Fix (with the request, or by hand where the server that mints keys has moved to GA):

        const key = data.value;
    """

    code = "RT307"
    name = "beta-key-read"

    VALID = ('import OpenAI from "openai";\nconst key = data.value;\n',)
    INVALID = (Invalid('import OpenAI from "openai";\nconst key = data.client_secret.value;\n'),)

    def visit_member_expression(self, node: "Node") -> None:
        if is_key_read(node):
            prop = syntax.text(node.child_by_field_name("property"))
            self.report(node, f"the ephemeral key's `{prop}` is read at `client_secret.{prop}`, where only the beta put it", hint=f"GA returns it at `.{prop}`")
