"""The `openai` npm package's beta Realtime paths (facts §7): module
specifiers, type modules, `client.beta.realtime` chains, ephemeral keys
minted with `sessions.create`, and reads of the key where the beta put it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.diagnostics import Fix, TextEdit
from ...core.ruledoc import Invalid
from ...core.tables.node_sdk import CREATE_CALLS, GA_CREATE_PATH, MODULE_RENAMES, SDK_PATH_HINT, TYPE_MODULE_RENAMES, TYPE_MODULES_GONE
from ...core.tables.node_sdk_types import GA_EXPORTS
from ...core.tables.sdk import RENAMED_TYPES
from ...core.tables.session import CLIENT_SECRET_KEY, SECRET_FIELDS
from .. import syntax
from ..context import enclosing_scope
from ..rule import JsRule
from .session import wrapped

if TYPE_CHECKING:
    from tree_sitter import Node


def module_specifiers(node: "Node") -> "Node | None":
    """The module string of an import, an `export ... from`, `require("...")` or `import("...")`."""
    if node.type in ("import_statement", "export_statement"):
        return node.child_by_field_name("source")
    if node.type == "call_expression":
        function = node.child_by_field_name("function")
        if function is not None and syntax.text(function) in ("require", "import"):
            args = syntax.arguments(node)
            return args[0] if args and args[0].type == "string" else None
    return None


def imported_names(statement: "Node") -> list[str] | None:
    """The names an import statement takes (`{ A, B as C }` → ["A", "B"]); None
    for a default or namespace import, which takes the module whole."""
    clause = next((c for c in statement.named_children if c.type == "import_clause"), None)
    if clause is None:
        return None
    named = next((c for c in clause.named_children if c.type == "named_imports"), None)
    if named is None or len(clause.named_children) > 1:
        return None
    return [syntax.text(spec.child_by_field_name("name")) for spec in named.named_children if spec.type == "import_specifier"]


class BetaSdkModule(JsRule):
    """Beta entry point of the `openai` npm package.

    `openai/beta/realtime/ws` and `openai/beta/realtime/websocket` are the
    beta Realtime clients; GA's are `openai/realtime/ws` and
    `openai/realtime/websocket`, exporting the same class names
    (`OpenAIRealtimeWS`, `OpenAIRealtimeWebSocket`), which send GA events.
    Found in `import`, `export ... from`, `require(...)` and `import(...)`.

    Example:

        import { OpenAIRealtimeWS } from "openai/beta/realtime/ws";

    Fix:

        import { OpenAIRealtimeWS } from "openai/realtime/ws";
    """

    code = "RT204"
    name = "beta-sdk-module"

    VALID = ('import { OpenAIRealtimeWS } from "openai/realtime/ws";\n',)
    INVALID = (
        Invalid(
            'import { OpenAIRealtimeWS } from "openai/beta/realtime/ws";\n',
            'import { OpenAIRealtimeWS } from "openai/realtime/ws";\n',
        ),
        Invalid(
            "const { OpenAIRealtimeWebSocket } = require('openai/beta/realtime/websocket');\n",
            "const { OpenAIRealtimeWebSocket } = require('openai/realtime/websocket');\n",
        ),
    )

    def visit_import_statement(self, node: "Node") -> None:
        self._check(module_specifiers(node))

    def visit_export_statement(self, node: "Node") -> None:
        self._check(module_specifiers(node))

    def visit_call_expression(self, node: "Node") -> None:
        self._check(module_specifiers(node))

    def _check(self, source: "Node | None") -> None:
        name = syntax.string_value(source)
        ga = MODULE_RENAMES.get(name or "")
        if ga is not None:
            start, end = syntax.content_range(source)
            self.report(source, f'beta Realtime module "{name}"', Fix.safe(f'import "{ga}"', TextEdit(start, end, ga)))


class BetaTypeImport(JsRule):
    """Import from the beta Realtime types of the `openai` npm package.

    `openai/resources/beta/realtime/realtime` and its siblings hold the beta
    types; GA's are under `openai/resources/realtime/`. Many names are the
    same, some differ (`ErrorEvent` is `RealtimeErrorEvent` in GA) and the
    shapes behind a shared name changed. Where every imported name exists in
    the GA module the fix moves the import there (unsafe: `tsc` then shows
    what code still builds the beta shape); otherwise the names GA lacks are
    listed, with their GA names where known.

    Example:

        import type { RealtimeServerEvent } from "openai/resources/beta/realtime/realtime";

    Fix (unsafe):

        import type { RealtimeServerEvent } from "openai/resources/realtime/realtime";
    """

    code = "RT202"
    name = "beta-type-import"

    VALID = ('import type { RealtimeServerEvent } from "openai/resources/realtime/realtime";\n',)
    INVALID = (
        Invalid(
            'import type { RealtimeServerEvent } from "openai/resources/beta/realtime/realtime";\n',
            'import type { RealtimeServerEvent } from "openai/resources/realtime/realtime";\n',
            unsafe=True,
        ),
        Invalid('import type { SessionCreateResponse } from "openai/resources/beta/realtime/sessions";\n'),
    )

    def visit_import_statement(self, node: "Node") -> None:
        source = module_specifiers(node)
        name = (syntax.string_value(source) or "").removesuffix(".js").removesuffix(".mjs")
        ga = TYPE_MODULE_RENAMES.get(name)
        gone = TYPE_MODULES_GONE.get(name)
        if ga is None and gone is None:
            return
        names = imported_names(node)
        target = ga or gone
        known = GA_EXPORTS.get(target) or GA_EXPORTS.get(target + "/index", frozenset())
        missing = [n for n in (names or []) if n not in known]
        if ga is not None and names is not None and not missing:
            start, end = syntax.content_range(source)
            written = ga + (syntax.string_value(source)[len(name):] if syntax.string_value(source) != name else "")
            self.report(source, f'beta Realtime types from "{name}"', Fix.unsafe(f'import from "{written}"', TextEdit(start, end, written)))
            return
        renamed = [f"`{n}` is `{RENAMED_TYPES[n]}`" for n in missing if n in RENAMED_TYPES]
        detail = f"GA's `{target}` has no {', '.join(f'`{n}`' for n in missing)}" if missing else f"GA's types are in `{target}`"
        self.report(source, f'beta Realtime types from "{name}"', hint="; ".join([detail, *renamed]))


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


class BetaSdkPath(JsRule):
    """Other `client.beta.realtime` chains of the npm package.

    The GA package serves Realtime from `client.realtime` (`clientSecrets`,
    `calls`). A `beta.realtime` chain that is not a `sessions.create` (see
    RT303) is reported without a fix.

    Example:

        const realtime = openai.beta.realtime;

    Fix (by hand):

        const realtime = openai.realtime;
    """

    code = "RT201"
    name = "beta-sdk-path"

    VALID = ('import OpenAI from "openai";\nconst realtime = openai.realtime;\n',)
    INVALID = (Invalid('import OpenAI from "openai";\nconst realtime = openai.beta.realtime;\n'),)

    def visit_member_expression(self, node: "Node") -> None:
        prop = node.child_by_field_name("property")
        inner = syntax.unwrap(node.child_by_field_name("object"))
        if prop is None or syntax.text(prop) != "realtime" or inner is None or inner.type != "member_expression":
            return
        inner_prop = inner.child_by_field_name("property")
        if inner_prop is None or syntax.text(inner_prop) != "beta":
            return
        # `x.beta.realtime.sessions.create(...)` is RT303's
        outer = node.parent
        call = outer.parent.parent if outer is not None and outer.parent is not None else None
        if call is not None and call.type == "call_expression" and beta_create(call) is not None:
            return
        self.report(node, "beta SDK path `beta.realtime`", hint=SDK_PATH_HINT)


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
