"""The `openai` npm package's beta Realtime paths (facts §7): module
specifiers, type modules and `client.beta.realtime` chains."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ...core.diagnostics import Fix, Kind, TextEdit
from ...core.evidence import other_host_names
from ...core.ruledoc import Invalid
from ...core.tables.node_sdk import (
    GA_TYPES_PREFIX,
    MODULE_RENAMES,
    SDK_PATH_HINT,
    TYPE_MODULE_RENAMES,
    TYPE_MODULES_GONE,
)
from ...core.tables.context import REFERENCE_CLIENT_NPM, SERVES_BETA_PROVIDER, beta_only_npm
from ...core.tables.node_sdk_types import GA_EXPORTS
from ...core.tables.sdk import RENAMED_TYPES
from .. import syntax
from ..rule import JsRule
from .client_secrets import beta_create

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
    speaks = True  # the client it imports sends GA events from its GA module

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


class _TypeImports(JsRule):
    """The file's imports of Realtime types, read once for RT202 and RT203: whether
    it imports GA types, and each import of beta types with its finding."""

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.imports: list["Node"] = []

    def visit_import_statement(self, node: "Node") -> None:
        self.imports.append(node)

    def type_imports(self) -> "tuple[bool, list[tuple[Node, tuple[Node, str, Fix | None, str | None]]]]":
        if "type-imports" not in self.shared:
            beta = [(node, found) for node in self.imports if (found := _beta_types(node)) is not None]
            self.shared["type-imports"] = (_imports_ga_types(self.imports), beta)
        return self.shared["type-imports"]  # type: ignore[return-value]


class BetaTypeImport(_TypeImports):
    """Import from the beta Realtime types of the `openai` npm package.

    `openai/resources/beta/realtime/realtime` and its siblings hold the beta
    types; GA's are under `openai/resources/realtime/`. Many names are the
    same, some differ (`ErrorEvent` is `RealtimeErrorEvent` in GA) and the
    shapes behind a shared name changed. Where every imported name exists in
    the GA module the fix moves the import there (unsafe: `tsc` then shows
    what code still builds the beta shape); otherwise the names GA lacks are
    listed, with their GA names where known. Until the types move, the file's
    other protocol fixes wait: a GA event name compared with a beta union does
    not type-check. In a file that also serves a
    provider whose protocol is the beta's (Azure Voice Live, xAI), the types
    describe that protocol too: reported, with no fix.

    Example:

        import type { RealtimeServerEvent } from "openai/resources/beta/realtime/realtime";

    Fix (unsafe):

        import type { RealtimeServerEvent } from "openai/resources/realtime/realtime";
    """

    code = "RT202"
    name = "beta-type-import"
    speaks = True  # the types describe what the connection sends and hears: they move with it

    VALID = ('import type { RealtimeServerEvent } from "openai/resources/realtime/realtime";\n',)
    INVALID = (
        Invalid(
            'import type { RealtimeServerEvent } from "openai/resources/beta/realtime/realtime";\n',
            'import type { RealtimeServerEvent } from "openai/resources/realtime/realtime";\n',
            unsafe=True,
        ),
        Invalid('import type { SessionCreateResponse } from "openai/resources/beta/realtime/sessions";\n'),
        # a file that also serves a provider speaking the beta: its types describe that protocol too
        Invalid(
            'import type { RealtimeServerEvent } from "openai/resources/beta/realtime/realtime";\n'
            'export const openaiUrl = () => "wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1";\n'
            "export const voiceLiveUrl = (resource: string) => `wss://${resource}.services.ai.azure.com/voice-live/realtime`;\n"
        ),
    )

    def finish(self) -> None:
        ga, beta = self.type_imports()
        if ga:
            return  # beta types beside GA types: RT203's
        hosts = self.context.other_hosts()
        why = SERVES_BETA_PROVIDER.format(hosts=other_host_names(hosts)) if hosts else None
        for _, (source, message, fix, hint) in beta:
            # in a file that also serves a provider speaking the beta, its types describe that protocol too
            self.report(source, message, None if why else fix, hint=why or hint)


def _imports_ga_types(imports: list["Node"]) -> bool:
    """Does the file import types from GA's `openai/resources/realtime/...`?"""
    return any((syntax.string_value(module_specifiers(n)) or "").startswith(GA_TYPES_PREFIX) for n in imports)


def _beta_types(node: "Node") -> "tuple[Node, str, Fix | None, str | None] | None":
    """An import of beta Realtime types: (its module string, message, the unsafe fix
    where every name exists in the GA module, the hint otherwise)."""
    source = module_specifiers(node)
    name = (syntax.string_value(source) or "").removesuffix(".js").removesuffix(".mjs")
    ga = TYPE_MODULE_RENAMES.get(name)
    gone = TYPE_MODULES_GONE.get(name)
    if source is None or (ga is None and gone is None):
        return None
    names = imported_names(node)
    target = ga or gone
    known = GA_EXPORTS.get(target) or GA_EXPORTS.get(target + "/index", frozenset())
    missing = [n for n in (names or []) if n not in known]
    message = f'beta Realtime types from "{name}"'
    if ga is not None and names is not None and not missing:
        start, end = syntax.content_range(source)
        written = ga + (syntax.string_value(source)[len(name):] if syntax.string_value(source) != name else "")
        return source, message, Fix.unsafe(f'import from "{written}"', TextEdit(start, end, written)), None
    renamed = [f"`{n}` is `{RENAMED_TYPES[n]}`" for n in missing if n in RENAMED_TYPES]
    detail = f"GA's `{target}` has no {', '.join(f'`{n}`' for n in missing)}" if missing else f"GA's types are in `{target}`"
    return source, message, None, "; ".join([detail, *renamed])


def _renamed_each(node: "Node") -> bool:
    """`import type { Session as AzureSession }`: every name taken under one of its own, kept on purpose."""
    clause = next((c for c in node.named_children if c.type == "import_clause"), None)
    named = next((c for c in clause.named_children if c.type == "named_imports"), None) if clause is not None else None
    specs = [c for c in named.named_children if c.type == "import_specifier"] if named is not None else []
    return bool(specs) and all(spec.child_by_field_name("alias") is not None for spec in specs)


class BetaTypeBesideGa(_TypeImports):
    """Beta Realtime types imported in a module that also imports GA types, in JavaScript or TypeScript.

    As for Python: a module that imports from `openai/resources/realtime/`
    has met GA; beta types it still imports are usually left over, but may
    be kept for a server that still speaks beta. So they are reported as
    leftovers, and moving them is an unsafe fix. Beta types imported each
    under a name of its own (`{ Session as AzureSession }`) are kept on
    purpose and not reported.

    Example:

        import type { RealtimeClientEvent } from "openai/resources/realtime/realtime";
        import type { RealtimeServerEvent } from "openai/resources/beta/realtime/realtime";

    Fix (unsafe):

        import type { RealtimeClientEvent } from "openai/resources/realtime/realtime";
        import type { RealtimeServerEvent } from "openai/resources/realtime/realtime";
    """

    code = "RT203"
    name = "beta-type-beside-ga"
    kind = Kind.LEFTOVER

    VALID = (
        'import type { RealtimeClientEvent } from "openai/resources/realtime/realtime";\n'
        'import type { Session as AzureSession } from "openai/resources/beta/realtime/sessions";\n',
    )
    INVALID = (
        Invalid(
            'import type { RealtimeClientEvent } from "openai/resources/realtime/realtime";\n'
            'import type { RealtimeServerEvent } from "openai/resources/beta/realtime/realtime";\n',
            'import type { RealtimeClientEvent } from "openai/resources/realtime/realtime";\n'
            'import type { RealtimeServerEvent } from "openai/resources/realtime/realtime";\n',
            unsafe=True,
        ),
    )

    def finish(self) -> None:
        ga, beta = self.type_imports()
        if not ga:
            return
        for node, (source, message, fix, hint) in beta:
            if not _renamed_each(node):
                self.report(source, f"{message}, beside GA types", fix, hint=hint)


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
    speaks = True

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


class BuiltOnBetaOnlySdk(JsRule):
    """The base of the rules that report an import of a client library with no GA
    version (the file's other findings get no fix: `core.evidence.built_on`)."""

    PACKAGE: ClassVar[str]  # the npm package, a key of `BETA_ONLY_SDKS`
    MESSAGE: ClassVar[str]
    HINT: ClassVar[str]
    scoped = False

    def visit_import_statement(self, node: "Node") -> None:
        self._check(node)

    def visit_call_expression(self, node: "Node") -> None:
        self._check(node)

    def _check(self, node: "Node") -> None:
        if beta_only_npm(syntax.string_value(module_specifiers(node))) == self.PACKAGE:
            self.report(node, self.MESSAGE, hint=self.HINT)


class BetaReferenceClient(BuiltOnBetaOnlySdk):
    """Code built on OpenAI's beta reference client `@openai/realtime-api-beta`.

    The reference client (github:openai/openai-realtime-api-beta, which the
    first Realtime console used) speaks only the beta protocol: it sends the
    beta header and subprotocol itself and takes beta session fields in
    `updateSession(...)`. It has no GA version, so the names a file built on
    it uses (`server.response.audio.delta`, `input_audio_transcription`)
    belong to it: the rest of such a file is reported without fixes until it
    moves to the `openai` package's GA client (`OpenAIRealtimeWebSocket` /
    `OpenAIRealtimeWS` from `openai/realtime/...`) or to `@openai/agents`.

    Example:

        import { RealtimeClient } from "@openai/realtime-api-beta";
        client.updateSession({ input_audio_transcription: { model: "whisper-1" } });

    Fix (by hand): rewrite the session against the `openai` package's GA
    Realtime client, then let rtmigrate check the result.
    """

    code = "RT205"
    name = "beta-reference-client"
    PACKAGE = REFERENCE_CLIENT_NPM
    MESSAGE = "built on OpenAI's beta reference client `@openai/realtime-api-beta`, which has no GA version"
    HINT = "move to the openai package's GA client (openai/realtime/websocket or openai/realtime/ws) or to @openai/agents"

    VALID = (
        'import { OpenAIRealtimeWebSocket } from "openai/realtime/websocket";\n',
        # a look-alike: another project's client, not OpenAI's reference client
        'import OpenAI from "openai";\nimport { RealtimeClient } from "openai-realtime-api";\n',
    )
    INVALID = (Invalid('import { RealtimeClient } from "@openai/realtime-api-beta";\n'),)
