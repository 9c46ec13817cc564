"""Realtime context: which API and which host the code at a given place talks to.

A file is read for *evidence* in the same traversal as the rules: imports, SDK
attribute chains, URLs, GA-only values and keys (the rows are in
``tables/context.py``). A finding is then judged where its code is: the
nearest enclosing function or class that holds evidence about the API or the
host decides, and the whole file decides for code outside any such scope.

- Evidence of the Responses, Chat Completions or Live API, or of another
  provider's Realtime host, with no evidence of OpenAI's Realtime API (or
  host) beside it: the code is left alone (``Verdict.skip``).
- Both kinds of evidence in the deciding scope: the finding is reported
  without a fix (``Verdict.mixed``); a person decides.
- Otherwise the rules act as usual.

The file as a whole is also *GA code* when it uses GA-only parts of the
Realtime API (GA type modules, `client.realtime.*`, GA endpoints, GA audio
formats or session shapes). Rules read that to leave deliberate compatibility
alone: beta names kept beside their GA names, beta types imported beside GA
types, server events with beta names built to test a beta-speaking server.
"""

from __future__ import annotations

import bisect

import libcst as cst

from .cstutil import Tree, Visitor, dotted_name, given, string_constants, string_value
from ..core.diagnostics import excerpt
from ..core.evidence import (
    UNATTRIBUTED,
    Evidence,
    StringEvidence,
    Verdict,
    Verdicts,
    _Entry,
    built_on,
    kept_beside,
    flags_of,
    toggled,
)
from ..core.project import Around
from ..core.senders import from_fact
from .layout import code as code_of
from ..core.tables import context as facts
from ..core.tables.session import CLIENT_SECRET_KEY, DISTINCTIVE_FIELDS, PAYLOAD_EVENTS, SECRET_FIELDS




def _module_under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _api_of_module(name: str) -> str:
    for part, label in (("responses", "the Responses API"), ("chat", "Chat Completions"), ("live", "the Live API")):
        if f".{part}" in name:
            return label
    return "another API"


_MEMBER_LABEL = {"responses": "the Responses API", "completions": "Chat Completions", "live": "the Live API"}


class EvidenceCollector(StringEvidence, Visitor):
    """Reads a file's evidence in the shared traversal (and decides, as before,
    whether the file is Realtime code at all: ``found``; Azure: ``azure``)."""

    def __init__(self, tree: Tree | None = None, project: Around | None = None) -> None:
        super().__init__(project)
        self.tree = tree  # parents, to tell a docstring (filled in as the traversal goes)
        self.key_reads: list[_Entry] = []  # the beta's `x.client_secret.value` reads, judged once the file is read
        self.named: set[str] = set()  # the names it imports by name (`from client import VoiceClient`), for `core.senders`

    # --- imports ----------------------------------------------------------------
    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            name = dotted_name(alias.name) or ""
            if name.split(".")[0] == facts.OPENAI_MODULE:
                self.found = True
            self._module(alias, name)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if not isinstance(node.names, cst.ImportStar):  # (relative imports too: `from .client import VoiceClient`)
            self.named.update(a.name.value for a in node.names if a.asname is None and isinstance(a.name, cst.Name))
        if node.relative or node.module is None:
            return
        module = dotted_name(node.module) or ""
        if module.split(".")[0] == facts.OPENAI_MODULE:
            self.found = True
        self._module(node, module)
        if module in facts.PACKAGES and not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                self._module(alias, f"{module}.{dotted_name(alias.name)}")

    def _module(self, node: cst.CSTNode, name: str) -> None:
        if name.split(".")[0] == facts.PREVIEW_SDK:
            self.found = True
            self.preview_sdk = facts.PREVIEW_SDK
        if _module_under(name, facts.REALTIME_MODULES):
            ga = _module_under(name, facts.GA_MODULES)
            self.imports_ga_types = self.imports_ga_types or (ga and name.startswith("openai.types"))
            self._add(node, Evidence.REALTIME | (Evidence.GA if ga else 0))
        elif _module_under(name, facts.OTHER_API_MODULES):
            self._add(node, Evidence.OTHER_API, _api_of_module(name))
        elif facts.OTHER_PROVIDER_MARKS.search(name):
            self._add(node, Evidence.OTHER_HOST, name)

    # --- SDK attribute chains ---------------------------------------------------------
    def visit_Attribute(self, node: cst.Attribute) -> None:
        attr = node.attr.value
        if attr == "realtime":
            inner = node.value
            if type(inner) is cst.Attribute and inner.attr.value == "beta":
                self.found = True
                # `openai.types.beta.realtime`: types, which GA code may keep for a legacy server
                types = dotted_name(inner.value) in ("openai.types", "types")
                self._add(node, Evidence.REALTIME if types else _BETA_REALTIME)
            return
        if attr in SECRET_FIELDS and type(node.value) is cst.Attribute and node.value.attr.value == CLIENT_SECRET_KEY:
            # `x.client_secret.value`: only a beta Realtime session held its key there (unless the
            # function also reads GA's `x.value`: `after_traversal` looks)
            self.found = True
            self._add(node, _BETA_REALTIME)
            self.key_reads.append(self.entries[-1])
            return
        if (
            attr in facts.REALTIME_MEMBERS and type(node.value) is cst.Attribute and node.value.attr.value == "realtime"
            and dotted_name(node.value.value) not in _OWN_OBJECTS  # `self.realtime.connect`: the app's own object named so
        ):
            beta = type(node.value.value) is cst.Attribute and node.value.value.attr.value == "beta"
            ga = not beta and attr in facts.GA_REALTIME_MEMBERS
            self._add(node, Evidence.REALTIME | (Evidence.GA if ga else 0))
            return
        resource = node.value
        if type(resource) is not cst.Attribute:
            return
        members = facts.OTHER_API_MEMBERS.get(resource.attr.value)
        if members is None or attr not in members:
            return
        parent = facts.OTHER_API_PARENT.get(resource.attr.value)
        if parent is not None and not (isinstance(resource.value, cst.Attribute) and resource.value.attr.value == parent):
            return
        self._add(node, Evidence.OTHER_API, _MEMBER_LABEL[resource.attr.value])

    # --- strings ------------------------------------------------------------------------
    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = string_value(node)
        if value is not None:
            self._string(node, value)

    def _docstring(self, node: cst.CSTNode) -> bool:
        parent = self.tree.parent(node) if self.tree else None
        return type(parent) is cst.Expr

    def visit_FormattedStringText(self, node: cst.FormattedStringText) -> None:
        self._string(node, node.value)

    def after_traversal(self) -> None:
        """Evidence read from the index once the traversal is done.

        A module constant used somewhere aims that code where its value does
        (`connect(XAI_URL)`); a variable nothing resolves aims it nowhere. A
        module whose Realtime neighbours are all aimed at another provider is
        aimed there too (the `events.py` beside an xAI client)."""
        assert self.tree is not None
        for entry in self.key_reads:  # read beside GA's `x.value`: code that takes either answer, GA code's on purpose
            read = entry.node
            if reads_ga_key_beside(self.tree, read, read.value.value, read.attr.value):
                entry.kind = Evidence.REALTIME | Evidence.GA
        if not any(e.kind & (Evidence.OPENAI_HOST | Evidence.OTHER_HOST) for e in self.entries):  # its own URLs say enough
            for host in self.project.value.hosts:
                self._add(self.tree.module, Evidence.OTHER_HOST, host)
        every = self.tree.once(string_constants, lambda: string_constants(self.tree.module))
        constants = {k: v for k, v in every.items() if "://" in v}
        if constants:
            for name in self.tree.nodes(cst.Name):
                value = constants.get(name.value)
                if value is not None:
                    self._urls(name, value)
            self._built_urls(constants)

    def _built_urls(self, constants: dict[str, str]) -> None:
        """`f"{API_BASE}/realtime/sessions"`, where `API_BASE` is a URL constant of the
        module (or of the class around the f-string): the whole URL, read as one string."""
        assert self.tree is not None
        bare: dict[str, str | None] = {}
        for key, value in constants.items():  # `Class.NAME` is `NAME` inside the class
            name = key.rpartition(".")[2]
            bare[name] = value if bare.get(name, value) == value else None
        for fstring in self.tree.nodes(cst.FormattedString):
            head = fstring.parts[0] if fstring.parts else None
            if not (isinstance(head, cst.FormattedStringExpression) and isinstance(head.expression, cst.Name)):
                continue
            base = constants.get(head.expression.value) or bare.get(head.expression.value)
            if base is None:
                continue
            rest = "".join(p.value if isinstance(p, cst.FormattedStringText) else "{}" for p in fstring.parts[1:])
            self._string(fstring, base + rest)

    def visit_Arg(self, node: cst.Arg) -> None:
        """`AsyncOpenAI(base_url="https://api.x.ai/v1")`: a client aimed at another host."""
        if node.keyword is None:
            return
        if node.keyword.value in DISTINCTIVE_FIELDS:
            self.vocabulary.add(node.keyword.value)
        if node.keyword.value in facts.BASE_URL_KEYWORDS:
            self.base_url(node.value, string_value(node.value))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        """`input_audio_format: str | None = None` in a class body: a field of the app's own session class."""
        if isinstance(node.target, cst.Name) and node.target.value in DISTINCTIVE_FIELDS:
            self.vocabulary.add(node.target.value)

    def visit_Call(self, node: cst.Call) -> None:
        """`VoiceClient(session_config={...})`, where the class (or function) imported is a
        sender (`core.senders`): the dict given it is a payload's config."""
        if not (isinstance(node.func, cst.Name) and node.func.value in self.named and any(isinstance(a.value, cst.Dict) for a in node.args)):
            return
        for fact in self.project.senders:
            sender = from_fact(fact)
            arg = given(node, sender.param, sender.index) if sender.name == node.func.value else None
            if arg is not None and isinstance(arg.value, cst.Dict):
                self.payload_config({string_value(e.key) if isinstance(e, cst.DictElement) else None for e in arg.value.elements}, sender.kind)

    # --- GA shapes ------------------------------------------------------------------------
    def visit_Dict(self, node: cst.Dict) -> None:
        keys = {string_value(e.key): e.value for e in node.elements if type(e) is cst.DictElement}
        payload = PAYLOAD_EVENTS.get(string_value(keys.get("type")) or "")
        if payload is not None and isinstance(inner := keys.get(payload[0]), cst.Dict):
            self.payload_config({string_value(e.key) if isinstance(e, cst.DictElement) else None for e in inner.elements}, payload[1])
        if keys.keys() & facts.GA_KEYS or (
            string_value(keys.get("type")) in facts.GA_SESSION_TYPES and keys.keys() & facts.GA_SESSION_KEYS
        ):
            self._add(node, Evidence.REALTIME | Evidence.GA)

    def visit_Comparison(self, node: cst.Comparison) -> None:
        """`"OpenAI-Beta" not in headers`, `headers.get("OpenAI-Beta") is None`: GA code
        that checks the beta header is gone."""
        if len(node.comparisons) != 1:
            return
        target = node.comparisons[0]
        left = node.left
        if isinstance(target.operator, cst.NotIn) and _is_beta_header(left):
            self._add(node, Evidence.REALTIME | Evidence.GA)
        elif (
            isinstance(target.operator, cst.Is)
            and dotted_name(target.comparator) == "None"
            and isinstance(left, cst.Call)
            and isinstance(left.func, cst.Attribute)
            and left.func.attr.value == "get"
            and left.args
            and _is_beta_header(left.args[0].value)
        ):
            self._add(node, Evidence.REALTIME | Evidence.GA)


def reads_ga_key_beside(tree: Tree, read: cst.CSTNode, holder: cst.BaseExpression, field: str) -> bool:
    """Does the function around ``read`` (`s.client_secret.value`, `s["client_secret"]["value"]`)
    also read the same answer's key where GA puts it (`s.value`, `s["value"]`,
    `s.get("value")`)? Then it takes either API's answer."""
    scope = tree.parent(read)
    while scope is not None and not isinstance(scope, cst.FunctionDef):
        scope = tree.parent(scope)
    scope = scope or tree.module  # (a script's top level reads as one scope)
    wanted = code_of(holder)
    for node in tree.nodes(cst.Attribute, cst.Subscript, cst.Call, within=scope):
        if isinstance(node, cst.Attribute):
            if node.attr.value == field and code_of(node.value) == wanted:
                return True
        elif isinstance(node, cst.Subscript):
            index = node.slice[0].slice if len(node.slice) == 1 else None
            if isinstance(index, cst.Index) and string_value(index.value) == field and code_of(node.value) == wanted:
                return True
        elif (isinstance(node.func, cst.Attribute) and node.func.attr.value == "get" and node.args
              and string_value(node.args[0].value) == field and code_of(node.func.value) == wanted):
            return True
    return False


def _is_beta_header(node: cst.CSTNode) -> bool:
    value = string_value(node)
    return value is not None and value.strip().lower() == facts.BETA_HEADER_NAME


_SCOPES = frozenset({cst.FunctionDef, cst.ClassDef})
_BETA_REALTIME = Evidence.REALTIME | Evidence.BETA
_OWN_OBJECTS = frozenset({"self", "cls"})


class Context(Verdicts):
    """The verdicts for one parsed file, from its evidence (ask once the traversal is done)."""

    def __init__(self, tree: Tree, collector: EvidenceCollector) -> None:
        self.tree = tree
        self.collector = collector
        self._sorted: list[tuple[int, _Entry]] | None = None
        self._numbers: list[int] = []
        self._flags: dict[int, tuple[Evidence, list[_Entry]]] = {}
        self._verdicts: dict[int, Verdict] = {}  # by the nearest function or class

    @property
    def entries(self) -> list[_Entry]:
        return self.collector.entries

    def _ordered(self) -> list[tuple[int, _Entry]]:
        if self._sorted is None:
            if id(self.tree.module) not in self.tree._span:
                # evidence read before the traversal ends would miss what it adds last, and keep missing it
                raise RuntimeError("the context is complete only after the traversal (ask in `finish`)")
            self.collector.after_traversal()
            self.collector.scopes_that_speak(self._enclosing)
            spans = self.tree._span
            self._sorted = sorted(((spans[id(e.node)][0], e) for e in self.entries if id(e.node) in spans), key=lambda p: p[0])
            self._numbers = [n for n, _ in self._sorted]
        return self._sorted

    def evidence(self, scope: cst.CSTNode | None = None) -> tuple[Evidence, list[_Entry]]:
        """What the code under ``scope`` (the whole file: None) shows, and the entries."""
        key = id(scope) if scope is not None else 0
        known = self._flags.get(key)
        if known is not None:
            return known
        ordered = self._ordered()
        if scope is None or scope is self.tree.module:
            picked = [e for _, e in ordered]
        else:
            low, high = self.tree._span[id(scope)]
            picked = [e for _, e in ordered[bisect.bisect_left(self._numbers, low) : bisect.bisect_right(self._numbers, high)]]
        known = self._flags[key] = (flags_of(picked), picked)
        return known

    @property
    def imports_ga_types(self) -> bool:
        """Does the file import GA Realtime types (`openai.types.realtime`)?"""
        return self.collector.imports_ga_types

    @property
    def ga(self) -> bool:
        """Is this GA code: does the file use GA-only parts of the Realtime API,
        and none that only the beta has (the beta header, `.beta.realtime`, beta
        endpoints)? A file that shows neither is GA code when the Realtime
        modules around it are (a test of a GA client, a settings module)."""
        if self.beta_of_its_own():
            return False
        return bool(self.evidence()[0] & Evidence.GA) or self.collector.project.value.beside_ga

    def _enclosing(self, node: cst.CSTNode) -> cst.CSTNode | None:
        """The nearest function or class around ``node`` (None: module level)."""
        current = self.tree.parent(node)
        while current is not None and type(current) not in _SCOPES:
            current = self.tree.parent(current)
        return current

    def _key(self, scope: cst.CSTNode | None) -> int:
        return id(scope) if scope is not None else 0

    @property
    def unattributed(self) -> bool:
        """Does the file speak the protocol with nothing in it or around it saying
        whose (an NVIDIA or self-hosted server speaks it too)?"""
        if self.collector.found or not self.collector.speaks_protocol():
            return False
        project = self.collector.project.value
        return not (project.beside_openai or project.hosts)

    def verdict(self, node: cst.CSTNode) -> Verdict:
        """Which API is decided by the nearest scope that shows one, and which
        host by the nearest scope that shows one: often not the same scope (a
        class sets its host once, a method speaks the protocol)."""
        if self.unattributed:
            return UNATTRIBUTED
        if self.collector.preview_sdk:
            return built_on(self.collector.preview_sdk)
        if self.collector.project.kept_beside:
            return kept_beside(self.collector.project.kept_beside)
        known = self.judged(node)
        test = None if known.skip or known.mixed else self._toggle(node)
        return toggled(excerpt(code_of(test))) if test is not None else known

    def _toggle(self, node: cst.CSTNode) -> cst.BaseExpression | None:
        """The test of the `if` or conditional expression around ``node``, inside its
        function, that names the API's version (`if settings.api_shape == "beta":`)."""
        child, parent = node, self.tree.parent(node)
        while parent is not None and type(parent) not in _SCOPES:
            if isinstance(parent, (cst.If, cst.IfExp)) and child is not parent.test and facts.TOGGLE.search(code_of(parent.test).lower()):
                return parent.test
            child, parent = parent, self.tree.parent(parent)
        return None

    def top_level(self) -> tuple[Evidence, list[_Entry]]:
        """The evidence outside every function and class (and what the neighbours pass on)."""
        known = self._flags.get(-1)
        if known is None:
            picked = [e for _, e in self._ordered() if self._enclosing(e.node) is None or e.node is self.tree.module]
            known = self._flags[-1] = (flags_of(picked), picked)
        return known

    def other_hosts(self) -> list[_Entry]:
        return [e for _, e in self._ordered() if e.kind & Evidence.OTHER_HOST]


