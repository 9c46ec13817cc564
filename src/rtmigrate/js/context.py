"""Realtime context for JavaScript and TypeScript: the same evidence and the
same verdicts as for Python (see ``rtmigrate.python.context``), read from
tree-sitter nodes.

Strings are read by the Python collector's own string reader (URLs, hosts,
GA values, the beta header, the protocol's vocabulary), so a row added to
``tables/context.py`` counts in both languages. What differs is how the SDK
shows: module specifiers (`openai/beta/realtime/ws`), member chains
(`client.beta.realtime`, `client.realtime.clientSecrets`) and classes
(`OpenAIRealtimeWS`), whose rows are in ``tables/node_sdk.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.diagnostics import excerpt
from ..core.evidence import UNATTRIBUTED, built_on, kept_beside, toggled, Evidence, StringEvidence, Verdict, Verdicts, flags_of
from ..core.tables import context as facts
from ..core.tables import node_sdk
from ..core.tables.session import CLIENT_SECRET_KEY, DISTINCTIVE_FIELDS, PAYLOAD_EVENTS, SECRET_FIELDS
from ..core.project import Around
from . import syntax
from .project import NeighboursOf, Pins

if TYPE_CHECKING:
    from tree_sitter import Node

SCOPES = frozenset({
    "function_declaration", "function_expression", "function", "arrow_function", "method_definition",
    "generator_function_declaration", "generator_function", "class_declaration", "class",
})


class JsEvidence:
    """Reads a file's evidence from the nodes the engine's query hands it."""

    def __init__(self, around: "Around | None" = None) -> None:
        # the string reader, its flags and entries; the modules around the file speak through it as for Python
        self.collector = StringEvidence(NeighboursOf(around) if around is not None else None)  # type: ignore[arg-type]
        self.sdk: dict[str, "Node"] = {}  # SDK packages whose Realtime parts the file uses

    def _add(self, node: "Node", kind: Evidence, what: str = "") -> None:
        self.collector._add(node, kind, what)

    def after_traversal(self, root: "Node") -> None:
        """A protocol module (event names, no API of its own) whose Realtime
        neighbours are all aimed at another provider is aimed there too (the
        `events.ts` beside an xAI client), as in Python."""
        self.collector.scopes_that_speak(enclosing_scope)
        if self.collector.project is None or any(e.kind & (Evidence.OPENAI_HOST | Evidence.OTHER_HOST) for e in self.collector.entries):
            return
        if not self.collector.found and self.collector.vocabulary:  # a protocol module that shows no API of its own
            for host in self.collector.project.value.hosts:
                self._add(root, Evidence.OTHER_HOST, host)

    # --- strings -------------------------------------------------------------
    def visit_string(self, node: "Node") -> None:
        value = syntax.string_value(node)
        if value is not None and node.parent is not None and node.parent.type not in ("import_statement", "export_statement"):
            self.collector._string(node, value)

    def visit_template_string(self, node: "Node") -> None:
        for part in node.named_children:
            if part.type == "string_fragment":
                self.collector._string(part, syntax.text(part))

    def _keys(self, node: "Node") -> None:
        """`{ input_audio_format: "pcm16" }`: a beta session field named as a key, as Python's string keys are."""
        for entry in syntax.entries(node):
            key = entry.child_by_field_name("key") if entry.type == "pair" else entry
            if key is not None and key.type in ("property_identifier", "shorthand_property_identifier"):
                self._field(key, syntax.text(key))

    def visit_property_signature(self, node: "Node") -> None:
        """`input_audio_format: string` in an interface: a field of the app's own session type."""
        name = node.child_by_field_name("name")
        if name is not None and name.type == "property_identifier":
            self._field(name, syntax.text(name))

    def _field(self, node: "Node", name: str) -> None:
        if name in DISTINCTIVE_FIELDS:
            self.collector.vocabulary.add(name)
            self.collector.spoken.append((node, name))

    # --- modules -------------------------------------------------------------
    def visit_import_statement(self, node: "Node") -> None:
        self.module(node, syntax.string_value(node.child_by_field_name("source")))

    def visit_call_expression(self, node: "Node") -> None:
        function = node.child_by_field_name("function")
        if function is not None and function.type in ("identifier", "import") and syntax.text(function) in ("require", "import"):
            args = syntax.arguments(node)
            if args:
                self.module(node, syntax.string_value(args[0]))

    def module(self, node: "Node", name: str | None) -> None:
        if not name:
            return
        root = name.split("/")[0]
        if root == node_sdk.PACKAGE:
            self.collector.found = True
        beta_only = facts.beta_only_npm(name)
        if beta_only is not None:
            self.collector.found = True
            self.collector.azure = self.collector.azure or beta_only == facts.PREVIEW_SDK_NPM
            self.collector.preview_sdk = beta_only
            return
        if name.startswith(node_sdk.BETA_PREFIXES):
            self._add(node, Evidence.REALTIME | Evidence.BETA)
            self.sdk.setdefault(node_sdk.PACKAGE, node)
        elif name.startswith(node_sdk.GA_PREFIXES):
            self._add(node, Evidence.REALTIME | Evidence.GA)
            self.sdk.setdefault(node_sdk.PACKAGE, node)
        elif name in node_sdk.AGENTS_PACKAGES:
            self.collector.found = True
            self._add(node, Evidence.REALTIME | Evidence.GA)
            self.sdk.setdefault("@openai/agents" if name.startswith("@openai/agents/") else name, node)
        elif name.startswith(node_sdk.OTHER_API_PREFIXES):
            self._add(node, Evidence.OTHER_API, "another OpenAI API")
        elif node_sdk.OTHER_PROVIDER_PACKAGES.search(name) or facts.OTHER_PROVIDER_MARKS.search(name):
            self._add(node, Evidence.OTHER_HOST, name)

    # --- SDK members and classes ------------------------------------------------
    def visit_member_expression(self, node: "Node") -> None:
        prop = node.child_by_field_name("property")
        if prop is None:
            return
        name = syntax.text(prop)
        if prop.type == "property_identifier":  # `session.input_audio_format`: read as its key is written
            self._field(prop, name)
        inner = syntax.unwrap(node.child_by_field_name("object"))
        inner_name = _property(inner)
        if name == "realtime":
            if inner_name == "beta":
                self.collector.found = True
                self._add(node, Evidence.REALTIME | Evidence.BETA)
                self.sdk.setdefault(node_sdk.PACKAGE, node)
            return
        if name in SECRET_FIELDS and inner_name == CLIENT_SECRET_KEY:
            # `x.client_secret.value`: only a beta Realtime session held its key there; read
            # beside GA's `x.value`, it is code that takes either answer, GA code's on purpose
            self.collector.found = True
            self._add(node, Evidence.REALTIME | (Evidence.GA if reads_ga_key_beside(node, name) else Evidence.BETA))
            return
        if inner_name == "realtime" and name in node_sdk.REALTIME_MEMBERS and not _on_this(inner):  # `this.realtime`: the app's own
            beta = _property(syntax.unwrap(inner.child_by_field_name("object"))) == "beta"
            ga = not beta and name in node_sdk.GA_REALTIME_MEMBERS
            self._add(node, Evidence.REALTIME | (Evidence.GA if ga else Evidence.BETA if beta else 0))
            return
        if inner_name is None:
            return
        members = node_sdk.OTHER_API_MEMBERS.get(inner_name)
        if members is not None and name in members:
            parent = facts.OTHER_API_PARENT.get(inner_name)
            if parent is None or _property(syntax.unwrap(inner.child_by_field_name("object"))) == parent:
                self._add(node, Evidence.OTHER_API, node_sdk.OTHER_API_LABELS[inner_name])

    def visit_new_expression(self, node: "Node") -> None:
        constructor = node.child_by_field_name("constructor")
        name = syntax.text(constructor) if constructor is not None else ""
        if name in node_sdk.REALTIME_CLASSES:
            self.collector.found = True
            self._add(node, Evidence.REALTIME)
        elif name in node_sdk.CLIENT_CLASSES:
            self.collector.found = True
            for arg in syntax.arguments(node):
                if arg.type == "object":
                    self._base_url(arg)

    def _base_url(self, options: "Node") -> None:
        """`new OpenAI({ baseURL: "https://api.x.ai/v1" })`: a client aimed at another host."""
        for key in node_sdk.BASE_URL_KEYS:
            self.collector.base_url(options, syntax.string_value(syntax.pair_value(options, key)))

    # --- shapes ----------------------------------------------------------------
    def visit_object(self, node: "Node") -> None:
        self._keys(node)
        kind = syntax.string_value(syntax.pair_value(node, "type"))
        payload = PAYLOAD_EVENTS.get(kind or "")
        if payload is not None:
            inner = syntax.unwrap(syntax.pair_value(node, payload[0]))
            if inner is not None and inner.type == "object":
                self.collector.payload_config({syntax.entry_key(e) for e in syntax.entries(inner)}, payload[1])
        keys = {syntax.entry_key(e) for e in syntax.entries(node)}
        if keys & facts.GA_KEYS or (kind in facts.GA_SESSION_TYPES and keys & facts.GA_SESSION_KEYS):
            self._add(node, Evidence.REALTIME | Evidence.GA)


def _property(node: "Node | None") -> str | None:
    """The last name of ``node`` when it is a member expression or a name."""
    if node is None:
        return None
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        return syntax.text(prop) if prop is not None else None
    if node.type == "identifier":
        return syntax.text(node)
    return None


class JsContext(Verdicts):
    """The verdicts for one parsed file, from its evidence (ask once every node is visited)."""

    def __init__(self, evidence: JsEvidence, pins: "Around | None" = None) -> None:
        self.collector = evidence.collector
        self.sdk = evidence.sdk
        self.pins = pins or Around()
        self._blocked: str | None | bool = False  # False: not worked out yet
        self._flags: dict[int, tuple[Evidence, list]] = {}
        self._verdicts: dict[int, Verdict] = {}
        self._by_scope: dict[int, list] | None = None

    @property
    def unattributed(self) -> bool:
        """Does the file speak the protocol with nothing in it or around it saying whose?"""
        if self.collector.found or not self.collector.speaks_protocol():
            return False
        around = self.collector.project.value
        return not (around.beside_openai or around.hosts)

    @property
    def azure(self) -> bool:
        return self.collector.azure

    def _scopes(self) -> dict[int, list]:
        """Evidence entries by every scope that holds them (0: the file)."""
        if self._by_scope is None:
            self._by_scope = {}
            for entry in self.collector.entries:
                self._by_scope.setdefault(0, []).append(entry)
                scope = enclosing_scope(entry.node)
                while scope is not None:
                    self._by_scope.setdefault(scope.id, []).append(entry)
                    scope = enclosing_scope(scope)
        return self._by_scope

    def evidence(self, scope: "Node | None" = None) -> tuple[Evidence, list]:
        key = scope.id if scope is not None else 0
        known = self._flags.get(key)
        if known is None:
            picked = self._scopes().get(key, [])
            known = self._flags[key] = (flags_of(picked), picked)
        return known

    def top_level(self) -> tuple[Evidence, list]:
        known = self._flags.get(-1)
        if known is None:
            picked = [e for e in self.collector.entries if enclosing_scope(e.node) is None]
            known = self._flags[-1] = (flags_of(picked), picked)
        return known

    @property
    def blocked(self) -> str | None:
        """Why no fix may be made: the file builds on an SDK version that
        package.json pins to the beta (None: it does not)."""
        if self._blocked is False:
            self._blocked = None
            pins = self.pins.value
            pins = getattr(pins, "pins", pins)  # the surroundings of a file in a project
            if not isinstance(pins, Pins):
                return None
            for package in sorted(self.sdk):
                spec = pins.beta_only(package)
                if spec is not None:
                    since = ".".join(map(str, node_sdk.GA_SINCE[package]))
                    self._blocked = f"package.json pins {package} {spec}, which speaks only the beta: upgrade it to {since} or later first"
                    break
            if self._blocked is None and pins.name:  # the library's own source: its users move off it, it is not moved
                self._blocked = f"this file is part of {facts.BETA_ONLY_SDKS[pins.name]}, which has no GA version: its users move to the openai SDK instead"
        return self._blocked  # type: ignore[return-value]

    @property
    def ga(self) -> bool:
        """GA code: GA-only parts of the Realtime API, and nothing only the beta has."""
        if self.beta_of_its_own() or self.blocked is not None:
            return False
        return bool(self.evidence()[0] & Evidence.GA) or self.collector.project.value.beside_ga

    def _enclosing(self, node: "Node") -> "Node | None":
        return enclosing_scope(node)

    def _key(self, scope: "Node | None") -> int:
        return scope.id if scope is not None else 0

    def verdict(self, node: "Node") -> Verdict:
        if self.unattributed:
            return UNATTRIBUTED
        if self.collector.preview_sdk:
            return built_on(self.collector.preview_sdk)
        if self.pins.kept_beside:
            return kept_beside(self.pins.kept_beside)
        known = self.judged(node)
        if not known.skip and self.blocked is not None:
            return Verdict(mixed=self.blocked)
        test = None if known.skip or known.mixed else _toggle(node)
        return toggled(excerpt(syntax.text(test))) if test is not None else known

    def other_hosts(self) -> list:
        return [e for e in self.collector.entries if e.kind & Evidence.OTHER_HOST]


def _toggle(node: "Node") -> "Node | None":
    """The test of the `if` or conditional expression around ``node``, inside its
    function, that names the API's version (`if (config.apiShape === "beta")`)."""
    child, parent = node, node.parent
    while parent is not None and parent.type not in SCOPES:
        if parent.type in ("if_statement", "ternary_expression"):
            test = parent.child_by_field_name("condition")
            if test is not None and child != test and facts.TOGGLE.search(syntax.text(test).lower()):
                return syntax.unwrap(test) or test
        child, parent = parent, parent.parent
    return None


def enclosing_scope(node: "Node") -> "Node | None":
    current = node.parent
    while current is not None and current.type not in SCOPES:
        current = current.parent
    return current


def reads_ga_key_beside(read: "Node", prop: str) -> bool:
    """Does the function around ``read`` (`s.client_secret.value`) also read the same
    answer's key where GA puts it (`s.value`, `s?.value`)? Then it takes either API's
    answer: code that knows GA, keeping the beta's answer on purpose."""
    inner = syntax.unwrap(read.child_by_field_name("object"))
    holder = inner.child_by_field_name("object") if inner is not None else None
    if holder is None:
        return False
    scope = enclosing_scope(read) or syntax.root(read)  # (a script's top level reads as one scope)
    wanted = syntax.text(holder)
    return any(
        node.type == "member_expression" and syntax.text(node.child_by_field_name("property")) == prop
        and syntax.text(node.child_by_field_name("object")) == wanted
        for node in syntax.descendants(scope)
    )


def _on_this(member: "Node") -> bool:
    """`this.realtime`: a property of the app's own object, not the SDK client's."""
    obj = syntax.unwrap(member.child_by_field_name("object"))
    return obj is not None and obj.type == "this"
