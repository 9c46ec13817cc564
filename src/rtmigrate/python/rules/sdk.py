"""Python SDK call paths and type imports (facts §7)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from typing import NamedTuple, Sequence

import libcst as cst

from ..cstutil import class_fields, dotted_name, literal_type, remove_from, remove_items, string_value, with_string_value
from ...core.diagnostics import Applicability, Edit, Fix, Kind
from ...core.evidence import other_host_names
from ..rule import Invalid, Rule
from ...core.tables.sdk import (
    BETA_RESOURCES_MODULE,
    BETA_TYPES_MODULE,
    GA_RESOURCES_MODULE,
    GA_TYPES_MODULE,
    SDK_PATH_DEFAULT_HINT,
    SDK_PATHS,
)
from ...core.plans.sdk_types import Kept, kept_types
from ...core.tables.sdk_types import BETA_RESOURCES, BETA_TYPES, GA_RESOURCE_MEMBERS, UNION_ADDED
from ...core.tables.context import SERVES_BETA_PROVIDER
from ...core.tables.session import CREATE_CALLS
from .client_secrets import faked_calls, is_beta_realtime

_CODE = cst.Module([]).code_for_node


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

        async with client.beta.realtime.connect(model="gpt-realtime-2.1") as conn:
            ...

    Fix:

        async with client.realtime.connect(model="gpt-realtime-2.1") as conn:
            ...

    `beta.realtime.sessions.create` and `beta.realtime.transcription_sessions.create`
    become `client.realtime.client_secrets.create(session={...})` with a GA
    session body; they are reported with that advice.

    A test's fake of that call (`client.beta.realtime.sessions.create =
    AsyncMock(return_value=answer)`) moves with the code it stands in for:
    the fix fakes `client.realtime.client_secrets.create` and writes the
    answer's key at `answer.value`, where GA's answer has it. It is unsafe,
    as the test's module does not show the code it fakes; with the code's
    own fix, the test still passes. Where the answer is built in a way
    rtmigrate cannot follow, the fake is reported with no fix.
    """

    code = "RT201"
    name = "beta-sdk-path"
    speaks = True

    VALID = (
        "import openai\nconn = client.realtime.connect(model='gpt-realtime-2.1')\n",
        "import openai\nclient.beta.assistants.list()\n",
        # a test's fake of GA's key call
        "import openai\nfrom unittest.mock import AsyncMock\nclient.realtime.client_secrets.create = AsyncMock(return_value=answer)\n",
    )
    INVALID = (
        Invalid(
            "import openai\nwith client.beta.realtime.connect(model='gpt-realtime-2.1') as c: pass\n",
            "import openai\nwith client.realtime.connect(model='gpt-realtime-2.1') as c: pass\n",
        ),
        Invalid(
            "from openai import AsyncOpenAI\nasync def f(app):\n    async with app.oai.beta.realtime.connect(model=m) as c: pass\n",
            "from openai import AsyncOpenAI\nasync def f(app):\n    async with app.oai.realtime.connect(model=m) as c: pass\n",
        ),
        Invalid("import openai\ncreate = client.beta.realtime.sessions.create\n"),
        # a test's fake of the key call, and of its answer
        Invalid(
            "import openai\nfrom unittest.mock import AsyncMock, MagicMock\nanswer = MagicMock()\nanswer.client_secret.value = 'ek'\n"
            "client.beta.realtime.sessions.create = AsyncMock(return_value=answer)\n",
            "import openai\nfrom unittest.mock import AsyncMock, MagicMock\nanswer = MagicMock()\nanswer.value = 'ek'\n"
            "client.realtime.client_secrets.create = AsyncMock(return_value=answer)\n",
            unsafe=True,
        ),
        # ... whose answer is built in a way not followed: reported alone
        Invalid(
            "import openai\nfrom unittest.mock import AsyncMock\n"
            "client.beta.realtime.sessions.create = AsyncMock(return_value=Answer(client_secret=Secret('ek')))\n",
        ),
    )

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.fakes: list[tuple[cst.Attribute, str, str]] = []

    def finish(self) -> None:
        faked = faked_calls(self)
        for node, shown, hint in self.fakes:
            fix = faked.get(id(node))
            self.report(node, f"`{shown}` is a beta SDK call" + (", faked here" if fix else ""), fix, hint=None if fix else hint)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if not is_beta_realtime(node) or _is_types_path(node) or _is_resources_path(node):
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
            # a member GA's `client.realtime` has too (`_client`, `connect`, `with_raw_response.connect`)
            if tail and tail[0] in _GA_REALTIME_MEMBERS and not set(tail) & set(CREATE_CALLS):
                fix = Fix.safe(f"use `{'.'.join([client, 'realtime', *tail])}`", Edit(node, node.with_changes(value=node.value.value)))
                self.report(node, f"`{shown}` is the beta SDK namespace", fix)
                return
            self.report(node, f"`{shown}` is the beta SDK namespace", hint=SDK_PATH_DEFAULT_HINT)
            return
        row = SDK_PATHS[key]
        call = self.parent(outer)
        if key[0] in CREATE_CALLS and isinstance(call, cst.Call) and call.func is outer:
            return  # the call itself is rewritten by the session rules (RT303)
        if key[0] in CREATE_CALLS:
            self.fakes.append((node, shown, row.hint))  # a test's fake of the call, perhaps: known once the file is read
            return
        if row.ga is None:
            self.report(node, f"`{shown}` is a beta SDK call", hint=row.hint)
            return
        # GA paths here keep `realtime.<key>`: dropping `.beta` is the whole edit.
        assert row.ga == ("realtime", *key)
        ga = ".".join([client, *row.ga])
        fix = Fix(row.applicability, f"use `{ga}`", (Edit(node, node.with_changes(value=node.value.value)),))
        self.report(node, f"`{shown}` is a beta SDK call", fix)


# What GA's `client.realtime` has: its own members, and the client it holds (every resource has `_client`).
_GA_REALTIME_MEMBERS = frozenset({*GA_RESOURCE_MEMBERS["realtime.Realtime"], *GA_RESOURCE_MEMBERS["realtime.AsyncRealtime"], "_client"})


def _is_resources_path(node: cst.Attribute) -> bool:
    """`openai.resources.beta.realtime`: a module path, judged by RT204."""
    return dotted_name(node.value.value) in ("openai.resources", "resources")


class BetaSdkModule(Rule):
    """Beta SDK module path: `openai.resources.beta.realtime...`, or a dotted name of a beta module in a string.

    The beta SDK's resources live in `openai.resources.beta.realtime`; GA's in
    `openai.resources.realtime`, with the same connection classes
    (`AsyncRealtimeConnection`, `AsyncRealtime.connect`) and no `sessions` or
    `transcription_sessions` (GA mints keys with `client_secrets`). Found in
    imports, and in strings that name a module path, as
    `mock.patch("openai.resources.beta.realtime.realtime.AsyncRealtime.connect")`
    does; string paths into `openai.types.beta.realtime` too. Each name is
    checked against the pinned package's modules and classes.

    Example:

        from openai.resources.beta.realtime.realtime import AsyncRealtimeConnection

        with mock.patch("openai.resources.beta.realtime.realtime.AsyncRealtime.connect"):
            ...

    Fix:

        from openai.resources.realtime.realtime import AsyncRealtimeConnection

        with mock.patch("openai.resources.realtime.realtime.AsyncRealtime.connect"):
            ...

    A name GA does not have (`Sessions`, `AsyncTranscriptionSessions`) is
    reported without a fix.
    """

    code = "RT204"
    name = "beta-sdk-module"
    speaks = True  # the connection classes it names are those the beta client makes

    VALID = (
        "from openai.resources.realtime.realtime import AsyncRealtimeConnection\n",
        'import openai\nwith mock.patch("openai.resources.realtime.realtime.AsyncRealtime.connect"): pass\n',
    )
    INVALID = (
        Invalid(
            "from openai.resources.beta.realtime.realtime import AsyncRealtimeConnection\n",
            "from openai.resources.realtime.realtime import AsyncRealtimeConnection\n",
        ),
        Invalid(
            'import openai\nwith mock.patch("openai.resources.beta.realtime.realtime.AsyncRealtime.connect"): pass\n',
            'import openai\nwith mock.patch("openai.resources.realtime.realtime.AsyncRealtime.connect"): pass\n',
        ),
        Invalid('import openai\npatch("openai.resources.beta.realtime.sessions.AsyncSessions.create")\n'),
        Invalid(
            'import openai\npatch("openai.types.beta.realtime.session_update_event.SessionUpdateEvent")\n',
            'import openai\npatch("openai.types.realtime.session_update_event.SessionUpdateEvent")\n',
        ),
    )

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = dotted_name(node.module) if node.module is not None and not node.relative else None
        if module is None or not (module == BETA_RESOURCES_MODULE or module.startswith(BETA_RESOURCES_MODULE + ".")):
            return
        sub = module[len(BETA_RESOURCES_MODULE) + 1 :]
        rows = BETA_RESOURCES.get(sub)
        names = [] if isinstance(node.names, cst.ImportStar) else [dotted_name(a.name) or "" for a in node.names]
        if rows is None or not names or any(rows.get(n) is None for n in names):
            missing = [n for n in names if rows is None or rows.get(n) is None]
            what = f"`{', '.join(missing)}` from `{module}` have" if missing else f"`{module}` has"
            self.report(node.module, f"{what} no GA counterpart", hint=f"the GA resources are in `{GA_RESOURCES_MODULE}`; GA mints keys with `client.realtime.client_secrets`")
            return
        ga = f"{GA_RESOURCES_MODULE}.{sub}" if sub else GA_RESOURCES_MODULE
        fix = Fix.safe(f"import from `{ga}`", Edit(node.module, _module_node(ga)))
        self.report(node.module, f"`{module}` is the beta SDK's resources", fix)

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            name = dotted_name(alias.name) or ""
            if name == BETA_RESOURCES_MODULE or name.startswith(BETA_RESOURCES_MODULE + "."):
                self.report(alias, f"`{name}` is the beta SDK's resources", hint=f"import `{GA_RESOURCES_MODULE}`")

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = string_value(node)
        if not value or ".beta.realtime" not in value or not _DOTTED.fullmatch(value):
            return
        ga = _ga_dotted(value)
        if ga is None:
            if value.startswith((BETA_RESOURCES_MODULE, BETA_TYPES_MODULE)):
                self.report(node, f"`{value}` names a beta SDK module", hint="GA has no counterpart of this name; point it at the GA SDK by hand")
            return
        fix = Fix.safe(f"use `{ga}`", Edit(node, with_string_value(node, ga)))
        self.report(node, f"`{value}` names a beta SDK module", fix)


_DOTTED = re.compile(r"[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)+")


def _ga_dotted(value: str) -> str | None:
    """The GA dotted path of a beta one, where every part of it exists in GA."""
    for beta, ga, table in ((BETA_RESOURCES_MODULE, GA_RESOURCES_MODULE, BETA_RESOURCES), (BETA_TYPES_MODULE, GA_TYPES_MODULE, BETA_TYPES)):
        if value != beta and not value.startswith(beta + "."):
            continue
        parts = value[len(beta) + 1 :].split(".") if value != beta else []
        if not parts:
            return ga
        module = parts[0] if parts[0] in table else ""
        rest = parts[1:] if module else parts
        if not rest:
            return f"{ga}.{module}" if module in table else None
        target = table[module].get(rest[0])
        if target is None:
            return None
        ga_module, name = target
        members = GA_RESOURCE_MEMBERS.get(f"{ga_module}.{name}") if table is BETA_RESOURCES else None
        if len(rest) > 1 and table is BETA_RESOURCES and (members is None or rest[1] not in members):
            return None
        return ".".join(p for p in (ga, ga_module, name, *rest[1:]) if p)
    return None


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

    A name GA has under the same name is a safe fix, where the rest of the
    module's protocol moves too (the types parse and build what its connection
    hears and sends: `TypeAdapter(RealtimeServerEvent)` cannot read beta events
    over a connection that stays beta). A renamed one is unsafe:
    the import keeps the beta name as an alias, but the GA type has other
    fields. Names with no GA counterpart stay in the beta import and are
    reported; the other names of the same statement move to a GA import line.

    A name stays too, reported, where the file builds objects of it that its
    GA counterpart cannot be (`ConversationItem` is a union of item types in
    GA; GA's `RealtimeResponse` has no `modalities`), and so does every other
    class the file builds from such an object: a GA class cannot be given a
    beta one. A class GA keeps by name but whose `session`, `response` or
    `item` it shapes otherwise stays where the file builds it from data it
    does not show (`session=settings.to_dict()`, `**kwargs`). A module that
    imports one which keeps a type keeps it as well (its `isinstance` tests
    see the objects made there). Where the file
    joins the beta `RealtimeServerEvent` in a `Union[...]` with a class of its
    own for an event GA's union adds (`input_audio_buffer.timeout_triggered`),
    the move takes that class out of the union, whose discriminator would
    otherwise see the event twice. In a file that also serves a provider
    whose protocol is the beta's (Azure Voice Live, xAI), the types describe
    that protocol too: reported, with no fix.
    """

    code = "RT202"
    name = "beta-type-import"
    speaks = True  # the types describe what the connection sends and hears: they move with it
    holds = False  # a name with no GA counterpart stays for the module's own use; the others still move

    VALID = ("from openai.types.realtime import SessionUpdateEvent\n",)
    INVALID = (
        # a file that also serves a provider speaking the beta: its types describe that protocol too
        Invalid(
            "from openai.types.beta.realtime import SessionUpdateEvent\n\n\ndef voicelive_url(resource):\n"
            '    return f"wss://{resource}.services.ai.azure.com/voice-live/realtime"\n'
        ),
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
        # built here, and a union of types in GA; the event built around it stays beside it
        Invalid(
            "from openai.types.beta.realtime import ConversationItem, ConversationItemCreateEvent\n"
            'e = ConversationItemCreateEvent(type="conversation.item.create", item=ConversationItem(type="message"))\n',
        ),
        # a session this file does not show, for a class whose `session` GA shapes otherwise
        Invalid(
            "from openai.types.beta.realtime import SessionUpdateEvent\n"
            'def update(settings):\n    return SessionUpdateEvent(type="session.update", session=settings.to_dict())\n',
        ),
        # an own class of an event GA's union has leaves the union
        Invalid(
            "from typing import Literal, Union\nfrom pydantic import BaseModel\n"
            "from openai.types.beta.realtime import RealtimeServerEvent\n"
            'class Timeout(BaseModel):\n    type: Literal["input_audio_buffer.timeout_triggered"]\n    item_id: str\n'
            "Event = Union[RealtimeServerEvent, Timeout]\n",
            "from typing import Literal, Union\nfrom pydantic import BaseModel\n"
            "from openai.types.realtime import RealtimeServerEvent\n"
            'class Timeout(BaseModel):\n    type: Literal["input_audio_buffer.timeout_triggered"]\n    item_id: str\n'
            "Event = Union[RealtimeServerEvent]\n",
        ),
    )

    # RT202 judges modules that import no GA types; RT203 the others
    BESIDE_GA = False

    def _deliberate(self, alias: cst.ImportAlias) -> bool:
        """Is this beta name kept on purpose (RT203: imported under another name)?"""
        return False

    def _emit(self, node: cst.CSTNode, message: str, fix: Fix | None = None, hint: str | None = None) -> None:
        self.report(node, message, fix, hint)

    def finish(self) -> None:
        if self.context.imports_ga_types != self.BESIDE_GA:
            return
        for node in self.nodes(cst.ImportFrom, cst.Import, cst.Attribute):
            if isinstance(node, cst.ImportFrom):
                self._import_from(node)
            elif isinstance(node, cst.Import):
                self._import(node)
            else:
                self._attribute(node)
        hosts = self.context.other_hosts()
        if hosts:  # the types describe the other provider's protocol too
            why = SERVES_BETA_PROVIDER.format(hosts=other_host_names(hosts))
            self.reports = [replace(r, fix=None, hint=why) if r.fix is not None else r for r in self.reports]

    def _import_from(self, node: cst.ImportFrom) -> None:
        module = dotted_name(node.module) if not node.relative else None
        if module is None:
            return
        if module == "openai.types.beta" and not isinstance(node.names, cst.ImportStar):
            if any(alias.name.value == "realtime" for alias in node.names):
                self._emit(
                    node,
                    "`openai.types.beta.realtime` is the beta types package",
                    hint=f"import `{GA_TYPES_MODULE}`; check each name used through it",
                )
            return
        sub = _types_sub(module)
        if sub is None:
            return
        if isinstance(node.names, cst.ImportStar) or sub not in BETA_TYPES:
            self._emit(node.module, f"`{module}` is the beta types package", hint=f"import names from `{GA_TYPES_MODULE}`")
            return
        by_module: dict[str, list[cst.ImportAlias]] = defaultdict(list)
        missing: list[cst.ImportAlias] = []
        renamed: list[str] = []  # `Session` is `RealtimeSessionCreateRequest`: each beta name GA names otherwise
        extra: list[Edit] = []  # edits the move needs elsewhere in the file (`_mirrors`)
        written: dict[int, cst.ImportAlias] = {}  # each beta alias as the GA statement writes it
        kept: list[cst.ImportAlias] = []  # beta names kept on purpose: they stay, unreported
        for alias in node.names:
            if self._deliberate(alias):
                kept.append(alias)
                continue
            verdict = self._verdict(sub, alias)
            if verdict is None:
                missing.append(alias)
                continue
            if isinstance(verdict, _Stay):
                kept.append(alias)
                self._emit(alias, verdict.message, hint=verdict.hint)
                continue
            ga_module, ga_name, mirrors = verdict
            local = alias.asname.name if alias.asname else alias.name
            extra.extend(mirrors)
            if ga_name != alias.name.value:
                renamed.append(f"`{alias.name.value}` is `{ga_name}`")
                written[id(alias)] = alias.with_changes(name=cst.Name(ga_name), asname=cst.AsName(name=local))
            by_module[ga_module].append(alias)
        for alias in missing:
            self._emit(
                alias,
                f"`{dotted_name(alias.name)}` from `{module}` has no GA counterpart",
                hint="rewrite the code that uses it against the GA types in `openai.types.realtime`",
            )
        if not by_module:
            return
        line = self.parent(node)
        if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
            self._emit(node.module, f"`{module}` is the beta types package", hint=f"import from `{GA_TYPES_MODULE}`")
            return
        staying = missing + kept
        groups = [*by_module.values(), *([staying] if staying else [])]
        modules = [*(_ga_module(ga) for ga in by_module), *([module] if staying else [])]
        statements = [
            node.with_changes(module=_module_node(name), names=_keep_only(node.names, names, written))
            for name, names in zip(modules, groups)
        ]
        lines = [
            line.with_changes(body=[stmt], leading_lines=line.leading_lines if i == 0 else [])
            for i, stmt in enumerate(statements)
        ]
        replacement = lines[0] if len(lines) == 1 else cst.FlattenSentinel(lines)
        applicability = Applicability.UNSAFE if renamed else Applicability.SAFE
        targets = " and ".join(f"`{_ga_module(ga)}`" for ga in by_module)
        fix = Fix(applicability, f"import from {targets}", (Edit(line, replacement), *extra))
        why = f"; the fix is unsafe: in GA {', '.join(renamed)}, whose fields differ" if renamed else ""
        self._emit(node.module, f"`{module}` is the beta types package{why}", fix)

    def _verdict(self, sub: str, alias: cst.ImportAlias) -> "_Stay | tuple[str, str, list[Edit]] | None":
        """What becomes of one imported beta name: None where GA has no
        counterpart, `_Stay` where GA's cannot serve this file as the beta one
        does, else (GA module, GA name, edits the move needs elsewhere)."""
        target = BETA_TYPES[sub].get(dotted_name(alias.name) or "")
        if target is None:
            return None
        ga_module, ga_name = target
        name = alias.name.value
        local = dotted_name(alias.asname.name if alias.asname else alias.name) or ""
        if name in self.context.collector.project.value.beta_kept:
            return _Stay(
                f"`{name}` stays beta in a module this one imports, which builds it",
                "objects made there are beta ones: move that module's import first, then this one",
            )
        plan = self._plan()
        if local in plan.stay:
            return _Stay(
                f"`{name}` is built here, and {plan.stay[local]}",
                f"build the GA type from `{GA_TYPES_MODULE}` that fits, then import it",
            )
        if local in plan.beside:
            shown = ", ".join(f"`{n}`" for n in plan.beside[local])
            return _Stay(
                f"`{name}` is built here from {shown}, which {'stays' if len(plan.beside[local]) == 1 else 'stay'} beta",
                f"GA types take GA objects: move {shown} first, then this import",
            )
        mirrors = self._mirrors(name, local)
        if mirrors is None:
            return _Stay(
                f"`{name}` is joined here with a class of this file for an event GA's union has",
                f"take that class out of the union (GA's has the event) and check its fields, then import from `{GA_TYPES_MODULE}`",
            )
        return ga_module, ga_name, mirrors

    def _plan(self) -> Kept:
        """Which beta types this file keeps (`plans.sdk_types`), from Python's own parse."""

        def compute() -> Kept:
            # without Python's own tree (it refused the text), regenerating the same text would not help
            return kept_types(self.tree.python) if self.tree.python is not None else Kept()

        return self.tree.once((BetaTypeImport, "plan"), compute)

    def kept(self) -> frozenset[str]:
        """The local names of every beta type this file keeps."""

        def compute() -> frozenset[str]:
            names = set()
            for node in self.nodes(cst.ImportFrom):
                sub = _types_sub(dotted_name(node.module) if not node.relative and node.module else None)
                if sub not in BETA_TYPES or isinstance(node.names, cst.ImportStar):
                    continue
                for alias in node.names:
                    # beside GA types, a beta name imported under a name of its own stays on purpose (RT203)
                    deliberate = self.context.imports_ga_types and BetaTypeBesideGa._deliberate(self, alias)  # type: ignore[arg-type]
                    verdict = None if deliberate else self._verdict(sub, alias)
                    if deliberate or verdict is None or isinstance(verdict, _Stay):
                        names.add(dotted_name(alias.asname.name if alias.asname else alias.name) or "")
            return frozenset(names)

        return self.tree.once((BetaTypeImport, "kept"), compute)

    def _mirrors(self, union: str, local: str) -> list[Edit] | None:
        """The app's own classes of events the GA union adds, taken out of the
        unions that join them to the union imported as ``local``: GA's union
        has them already, and two members with one `type` make a
        discriminated union fail. None where one cannot be taken out (its
        fields are not all GA's, or it is joined another way)."""
        added = UNION_ADDED.get(union)
        if not added or not local:
            return []
        own: dict[str, cst.ClassDef] = {}
        for cls in self.nodes(cst.ClassDef):
            event = literal_type(cls)
            if event in added:
                own[cls.name.value] = cls
        if not own:
            return []
        edits: list[Edit] = []
        for subscript in self.nodes(cst.Subscript):
            if dotted_name(subscript.value) not in ("Union", "typing.Union"):
                continue
            members = {dotted_name(getattr(e.slice, "value", None)): e for e in subscript.slice}
            if local not in members:
                continue
            removed = [members[name] for name in own if name in members]
            if not removed:
                continue
            for name in own:
                if name in members and not set(class_fields(own[name])) <= set(added[literal_type(own[name])]):
                    return None
            edits.append(Edit(subscript, remove_from(subscript, "slice", removed)))
        return edits

    def _import(self, node: cst.Import) -> None:
        for alias in node.names:
            name = dotted_name(alias.name) or ""
            if name == BETA_TYPES_MODULE or name.startswith(BETA_TYPES_MODULE + "."):
                self._emit(
                    alias,
                    f"`{name}` is the beta types package",
                    hint=f"import `{GA_TYPES_MODULE}`; check each name used through it",
                )

    def _attribute(self, node: cst.Attribute) -> None:
        if not is_beta_realtime(node) or not _is_types_path(node) or not _is_openai_types(node.value.value):
            return
        if any(isinstance(a, (cst.Import, cst.ImportFrom)) for a in self.ancestors(node)):
            return  # imports are judged whole, above
        parent = self.parent(node)
        name = parent.attr.value if isinstance(parent, cst.Attribute) and parent.value is node else None
        target = BETA_TYPES[""].get(name or "")
        shown = _CODE(node)
        if target is not None and target == ("", name):
            fix = Fix.safe(f"use `{GA_TYPES_MODULE}.{name}`", Edit(node, node.with_changes(value=node.value.value)))
            self._emit(node, f"`{shown}` is the beta types package", fix)
        else:
            self._emit(node, f"`{shown}` is the beta types package", hint=f"use the GA types in `{GA_TYPES_MODULE}`")


class BetaTypeBesideGa(BetaTypeImport):
    """Beta types imported in a module that also imports GA types.

    A module that imports from `openai.types.realtime` has met GA; beta
    types it still imports are usually left over, but may be kept for a
    server that still speaks beta (an Azure deployment on the preview
    protocol). So they are reported as leftovers, and moving them is an
    unsafe fix. A beta type imported under a name of its own
    (`Session as AzureSession`) is kept on purpose and not reported.

    Example:

        from openai.types.realtime import RealtimeSessionCreateRequest
        from openai.types.beta.realtime import ResponseTextDeltaEvent

    Fix (unsafe):

        from openai.types.realtime import RealtimeSessionCreateRequest
        from openai.types.realtime import ResponseTextDeltaEvent
    """

    code = "RT203"
    name = "beta-type-beside-ga"
    speaks = False  # a leftover: its fix is unsafe and holds nothing
    kind = Kind.LEFTOVER
    BESIDE_GA = True

    VALID = (
        "from openai.types.realtime import SessionUpdateEvent\n"
        "from openai.types.beta.realtime.session_update_event import Session as AzureSession\n",
        "from openai.types.beta.realtime import SessionUpdateEvent\n",  # RT202's
    )
    INVALID = (
        Invalid(
            "from openai.types.realtime import RealtimeSessionCreateRequest\n"
            "from openai.types.beta.realtime import ResponseTextDeltaEvent\n",
            "from openai.types.realtime import RealtimeSessionCreateRequest\n"
            "from openai.types.realtime import ResponseTextDeltaEvent\n",
            unsafe=True,
        ),
        Invalid(
            "from openai.types.realtime import AudioTranscription\n"
            "from openai.types.beta.realtime.session import InputAudioTranscription\n",
        ),
    )

    def _deliberate(self, alias: cst.ImportAlias) -> bool:
        local = alias.asname.name if alias.asname is not None else None
        return isinstance(local, cst.Name) and local.value != (dotted_name(alias.name) or "").split(".")[-1]

    def _emit(self, node: cst.CSTNode, message: str, fix: Fix | None = None, hint: str | None = None) -> None:
        if fix is not None:
            fix = Fix(Applicability.UNSAFE, fix.description + " (this module also imports GA types: check the beta ones are not kept on purpose)", fix.edits)
        self.report(node, message.replace("is the beta types package", "is the beta types package, beside GA types"), fix, hint)


def _is_openai_types(node: cst.CSTNode) -> bool:
    return dotted_name(node) in ("openai.types", "types")


def _keep_only(
    aliases: Sequence[cst.ImportAlias], keep: list[cst.ImportAlias], written: dict[int, cst.ImportAlias]
) -> list[cst.ImportAlias]:
    """``aliases`` (as ``written``) without those not in ``keep``, in the
    statement's own layout: a parenthesised one-name-per-line import keeps its
    line breaks, comments and trailing comma."""
    kept = {id(a) for a in keep}
    out = [written.get(id(a), a) for a in aliases]
    return remove_items(out, [new for new, old in zip(out, aliases) if id(old) not in kept])[0]


def _types_sub(module: str | None) -> str | None:
    """The submodule of the beta types package a `from ... import` reads ("" for the
    package itself), or None for any other module."""
    if module == BETA_TYPES_MODULE:
        return ""
    if module is not None and module.startswith(BETA_TYPES_MODULE + "."):
        return module[len(BETA_TYPES_MODULE) + 1 :]
    return None


class _Stay(NamedTuple):
    """A beta name that stays in the beta import, reported."""

    message: str
    hint: str


def kept_beta_types(rule: Rule) -> frozenset[str]:
    """The local names of the beta types a file keeps (`BetaTypeImport.kept`),
    for rules whose fixes must stay with them."""
    reader = BetaTypeImport(rule.settings)
    reader.tree, reader.context = rule.tree, rule.context
    return reader.kept()
