"""Python SDK call paths and type imports (facts §7)."""

from __future__ import annotations

from collections import defaultdict

import libcst as cst

from ..cstutil import dotted_name
from ..diagnostics import Applicability, Edit, Fix
from ..rule import Invalid, Rule
from ..tables.sdk import BETA_TYPES_MODULE, GA_TYPES_MODULE, SDK_PATH_DEFAULT_HINT, SDK_PATHS
from ..tables.sdk_types import BETA_TYPES
from ..tables.session import CREATE_CALLS

_CODE = cst.Module([]).code_for_node


def _is_beta_realtime(node: cst.CSTNode) -> bool:
    """`<x>.beta.realtime`"""
    return (
        isinstance(node, cst.Attribute)
        and node.attr.value == "realtime"
        and isinstance(node.value, cst.Attribute)
        and node.value.attr.value == "beta"
    )


def _is_types_path(node: cst.Attribute) -> bool:
    base = node.value.value
    return isinstance(base, cst.Attribute) and base.attr.value == "types" or (
        isinstance(base, cst.Name) and base.value == "types"
    )


class BetaSdkPath(Rule):
    """Beta SDK path `client.beta.realtime...`.

    The GA SDK serves Realtime from `client.realtime`; the `beta` namespace is
    the old interface with the old event and session shapes. Found on any
    client expression (`client`, `self.client`, `AsyncOpenAI()`), sync or
    async.

    Example:

        async with client.beta.realtime.connect(model="gpt-realtime") as conn:
            ...

    Fix:

        async with client.realtime.connect(model="gpt-realtime") as conn:
            ...

    `beta.realtime.sessions.create` and `beta.realtime.transcription_sessions.create`
    become `client.realtime.client_secrets.create(session={...})` with a GA
    session body; they are reported with that advice.
    """

    code = "RT201"
    name = "beta-sdk-path"

    VALID = (
        "import openai\nconn = client.realtime.connect(model='gpt-realtime')\n",
        "import openai\nclient.beta.assistants.list()\n",
    )
    INVALID = (
        Invalid(
            "import openai\nwith client.beta.realtime.connect(model='gpt-realtime') as c: pass\n",
            "import openai\nwith client.realtime.connect(model='gpt-realtime') as c: pass\n",
        ),
        Invalid(
            "from openai import AsyncOpenAI\nasync def f(app):\n    async with app.oai.beta.realtime.connect(model=m) as c: pass\n",
            "from openai import AsyncOpenAI\nasync def f(app):\n    async with app.oai.realtime.connect(model=m) as c: pass\n",
        ),
        Invalid("import openai\ncreate = client.beta.realtime.sessions.create\n"),
    )

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if not _is_beta_realtime(node) or _is_types_path(node):
            return
        tail: list[str] = []
        outer: cst.CSTNode = node
        while isinstance(parent := self.parent(outer), cst.Attribute) and parent.value is outer:
            tail.append(parent.attr.value)
            outer = parent
        key = next((tuple(tail[:n]) for n in range(len(tail), 0, -1) if tuple(tail[:n]) in SDK_PATHS), None)
        client = _CODE(node.value.value)
        shown = ".".join([client, "beta", "realtime", *tail])
        if key is None:
            self.report(node, f"`{shown}` is the beta SDK namespace", hint=SDK_PATH_DEFAULT_HINT)
            return
        row = SDK_PATHS[key]
        call = self.parent(outer)
        if key[0] in CREATE_CALLS and isinstance(call, cst.Call) and call.func is outer:
            return  # the call itself is rewritten by the session rules (RT303)
        if row.ga is None:
            self.report(node, f"`{shown}` is a beta SDK call", hint=row.hint)
            return
        # GA paths here keep `realtime.<key>`: dropping `.beta` is the whole edit.
        assert row.ga == ("realtime", *key)
        ga = ".".join([client, *row.ga])
        fix = Fix(row.applicability, f"use `{ga}`", (Edit(node, node.with_changes(value=node.value.value)),))
        self.report(node, f"`{shown}` is a beta SDK call", fix)


def _ga_module(relative: str) -> str:
    return f"{GA_TYPES_MODULE}.{relative}" if relative else GA_TYPES_MODULE


def _module_node(dotted: str) -> cst.Attribute | cst.Name:
    return cst.parse_expression(dotted)  # type: ignore[return-value]


class BetaTypeImport(Rule):
    """Import from the beta types package `openai.types.beta.realtime`.

    The GA types live in `openai.types.realtime`. Most names are the same
    there; some beta names have a GA type of another name (`Session` is
    `RealtimeSessionCreateRequest`, `ErrorEvent` is `RealtimeErrorEvent`), and
    some have none (`ConversationItemContent`, `TranscriptionSession*` params).
    The table is generated from the pinned `openai` package.

    Example:

        from openai.types.beta.realtime import SessionUpdateEvent, Session

    Fix:

        from openai.types.realtime import SessionUpdateEvent, RealtimeSessionCreateRequest as Session

    A name GA has under the same name is a safe fix. A renamed one is unsafe:
    the import keeps the beta name as an alias, but the GA type has other
    fields. Names with no GA counterpart stay in the beta import and are
    reported; the other names of the same statement move to a GA import line.
    """

    code = "RT202"
    name = "beta-type-import"

    VALID = ("from openai.types.realtime import SessionUpdateEvent\n",)
    INVALID = (
        Invalid(
            "from openai.types.beta.realtime import SessionUpdateEvent  # events\n",
            "from openai.types.realtime import SessionUpdateEvent  # events\n",
        ),
        Invalid(
            "from openai.types.beta.realtime.session_update_event import SessionUpdateEvent as E\n",
            "from openai.types.realtime.session_update_event import SessionUpdateEvent as E\n",
        ),
        Invalid(
            "from openai.types.beta.realtime import Session\n",
            "from openai.types.realtime import RealtimeSessionCreateRequest as Session\n",
            unsafe=True,
        ),
        Invalid(
            "from openai.types.beta.realtime import ConversationItemContent, ErrorEvent\n",
            "from openai.types.realtime import RealtimeErrorEvent as ErrorEvent\n"
            "from openai.types.beta.realtime import ConversationItemContent\n",
            unsafe=True,
        ),
        Invalid(
            "import openai\nx: openai.types.beta.realtime.SessionUpdateEvent\n",
            "import openai\nx: openai.types.realtime.SessionUpdateEvent\n",
        ),
    )

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = dotted_name(node.module) if not node.relative else None
        if module is None:
            return
        if module == "openai.types.beta" and not isinstance(node.names, cst.ImportStar):
            if any(alias.name.value == "realtime" for alias in node.names):
                self.report(
                    node,
                    "`openai.types.beta.realtime` is the beta types package",
                    hint=f"import `{GA_TYPES_MODULE}`; check each name used through it",
                )
            return
        if module != BETA_TYPES_MODULE and not module.startswith(BETA_TYPES_MODULE + "."):
            return
        sub = module[len(BETA_TYPES_MODULE) + 1 :]
        if isinstance(node.names, cst.ImportStar) or sub not in BETA_TYPES:
            self.report(node.module, f"`{module}` is the beta types package", hint=f"import names from `{GA_TYPES_MODULE}`")
            return
        rows = BETA_TYPES[sub]
        by_module: dict[str, list[cst.ImportAlias]] = defaultdict(list)
        missing: list[cst.ImportAlias] = []
        renamed = False
        for alias in node.names:
            target = rows.get(dotted_name(alias.name) or "")
            if target is None:
                missing.append(alias)
                continue
            ga_module, ga_name = target
            if ga_name != alias.name.value:
                renamed = True
                local = alias.asname.name if alias.asname else alias.name
                alias = alias.with_changes(name=cst.Name(ga_name), asname=cst.AsName(name=local))
            by_module[ga_module].append(alias)
        for alias in missing:
            self.report(
                alias,
                f"`{dotted_name(alias.name)}` from `{module}` has no GA counterpart",
                hint="rewrite the code that uses it against the GA types in `openai.types.realtime`",
            )
        if not by_module:
            return
        line = self.parent(node)
        if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
            self.report(node.module, f"`{module}` is the beta types package", hint=f"import from `{GA_TYPES_MODULE}`")
            return
        split = len(by_module) > 1 or bool(missing)
        statements = [
            node.with_changes(module=_module_node(_ga_module(ga)), names=_last_without_comma(aliases) if split else aliases)
            for ga, aliases in by_module.items()
        ]
        if missing:
            statements.append(node.with_changes(names=_last_without_comma(missing)))
        lines = [
            line.with_changes(body=[stmt], leading_lines=line.leading_lines if i == 0 else [])
            for i, stmt in enumerate(statements)
        ]
        replacement = lines[0] if len(lines) == 1 else cst.FlattenSentinel(lines)
        applicability = Applicability.UNSAFE if renamed else Applicability.SAFE
        targets = " and ".join(f"`{_ga_module(ga)}`" for ga in by_module)
        fix = Fix(applicability, f"import from {targets}", (Edit(line, replacement),))
        self.report(node.module, f"`{module}` is the beta types package", fix)

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            name = dotted_name(alias.name) or ""
            if name == BETA_TYPES_MODULE or name.startswith(BETA_TYPES_MODULE + "."):
                self.report(
                    alias,
                    f"`{name}` is the beta types package",
                    hint=f"import `{GA_TYPES_MODULE}`; check each name used through it",
                )

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if not _is_beta_realtime(node) or not _is_types_path(node) or not _is_openai_types(node.value.value):
            return
        if any(isinstance(a, (cst.Import, cst.ImportFrom)) for a in self.ancestors(node)):
            return  # imports are judged whole, above
        parent = self.parent(node)
        name = parent.attr.value if isinstance(parent, cst.Attribute) and parent.value is node else None
        target = BETA_TYPES[""].get(name or "")
        shown = _CODE(node)
        if target is not None and target == ("", name):
            fix = Fix.safe(f"use `{GA_TYPES_MODULE}.{name}`", Edit(node, node.with_changes(value=node.value.value)))
            self.report(node, f"`{shown}` is the beta types package", fix)
        else:
            self.report(node, f"`{shown}` is the beta types package", hint=f"use the GA types in `{GA_TYPES_MODULE}`")


def _is_openai_types(node: cst.CSTNode) -> bool:
    return dotted_name(node) in ("openai.types", "types")


def _last_without_comma(aliases: list[cst.ImportAlias]) -> list[cst.ImportAlias]:
    out = list(aliases)
    out[-1] = out[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    for i in range(len(out) - 1):
        if not isinstance(out[i].comma, cst.Comma):
            out[i] = out[i].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    return out
