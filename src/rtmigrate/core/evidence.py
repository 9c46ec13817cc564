"""Evidence of what code talks to, whatever its language: the kinds of
evidence, what a string literal shows (URLs, hosts, GA values, the beta
header, the protocol's vocabulary), and the verdicts evidence leads to.

The Python front end (``rtmigrate.python.context``) and the JavaScript one
(``rtmigrate.js.context``) read their own syntax for imports, SDK chains and
shapes, and both hand every string to :class:`StringEvidence`, so a row of
``tables/context.py`` counts in both languages.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .project import Around
from .signs import hosts_of, is_openai_host, provider_of, vocabulary_size
from .tables import context as facts
from .plans.azure import is_preview_path
from .tables.endpoints import AZURE_MARKER
from .tables.session import DISTINCTIVE_FIELDS, MOVES, REMOVED, SESSION_TYPE


class Evidence(enum.IntFlag):
    REALTIME = 1  # OpenAI's Realtime API, beta or GA
    GA = 2  # the GA Realtime API alone
    OTHER_API = 4  # the Responses, Chat Completions or Live API
    OPENAI_HOST = 8  # a literal api.openai.com (or Azure OpenAI) URL
    OTHER_HOST = 16  # another provider's Realtime host
    BETA = 32  # OpenAI's beta Realtime API alone: the beta header, `.beta.realtime`, beta endpoints


@dataclass(frozen=True)
class Verdict:
    skip: str | None = None  # the code here is not OpenAI Realtime code: why
    mixed: str | None = None  # the code here talks to OpenAI Realtime and something else: what


PLAIN = Verdict()
UNATTRIBUTED = Verdict(skip="nothing here or around says this code talks to OpenAI")


def kept_beside(ga_module: str) -> Verdict:
    """The verdict for a module named for the beta and kept beside GA code of its
    project (a deprecated beta service, a preview client): reported, never fixed."""
    return Verdict(mixed=f"this module is named for the beta and kept beside GA code (`{ga_module}`) on purpose; delete it when nothing needs the beta")


def toggled(test: str) -> Verdict:
    """The verdict for code in a branch that a setting naming the API's version picks
    (`if settings.api_shape == "beta":`): kept on purpose beside its GA default."""
    return Verdict(mixed=f"a branch for the beta, picked by `{test}`, kept beside the GA default on purpose; remove both once nothing needs the beta")


def built_on(package: str) -> Verdict:
    """The verdict for a file built on a client library that speaks only the old protocol:
    reported, never fixed (its names belong to the library until the file moves off it)."""
    return Verdict(mixed=f"this file is built on {facts.BETA_ONLY_SDKS[package]}, which has no GA version: move it to the openai SDK first")


@dataclass
class _Entry:
    node: Any
    kind: Evidence
    what: str  # a name for messages: "the Responses API", "api.x.ai"


class StringEvidence:
    """What a file's strings show, and whether the file is Realtime code at
    all (``found``) or talks to Azure OpenAI (``azure``). Nodes are whatever
    the front end's syntax tree has."""

    def __init__(self, project: Around | None = None) -> None:
        self.project = project or Around()  # what the modules around this one are, asked only when needed
        self.found = False
        self.azure = False
        self.azure_at: list[Any] = []  # the strings that aim the file at Azure OpenAI's Realtime API
        self.imports_ga_types = False
        self.preview_sdk: str | None = None  # the package of a beta-only client library the file is built on
        self.vocabulary: set[str] = set()  # the Realtime protocol's own event names held here
        self.spoken: list[tuple[Any, str]] = []  # where each of them is (node, name)
        self.beta_payload = False  # a `session.update` (or like) payload with beta fields
        # a `session.update` payload whose session holds fields but no `type`, which GA
        # needs: one name of the protocol's, in a module that belongs with Realtime modules
        self.typeless_payload = False
        self.translation = False  # it names an event only GA's translation sessions have
        self.entries: list[_Entry] = []

    def base_url(self, node: Any, value: str | None) -> None:
        """A client's base URL (`base_url=`, `baseURL:`): a client aimed at another host."""
        if value is None or "://" not in value:
            return
        for host, path in hosts_of(value):
            if not (is_openai_host(host, path) or facts.LOCAL_HOST.match(host)):
                self._add(node, Evidence.OTHER_HOST, host)

    def _docstring(self, node: Any) -> bool:
        """Is the string prose (a docstring), whose URLs aim no code?"""
        return False

    def _add(self, node: Any, kind: Evidence, what: str = "") -> None:
        self.entries.append(_Entry(node, kind, what))

    def payload_config(self, fields: set[str | None], kind: str) -> None:
        """The keys of a config a payload carries (`{"type": "session.update", "session":
        {...}}`; None for a spread or a key that is not a literal), of ``kind``: beta
        fields, or a session with fields but no `type`."""
        if fields & (MOVES[kind].keys() | REMOVED[kind].keys()):
            self.beta_payload = True
        elif SESSION_TYPE[kind] is not None and fields and "type" not in fields and None not in fields:
            self.typeless_payload = True

    def speaks_protocol(self) -> bool:
        """Does the file hold the Realtime protocol's own vocabulary: several of its
        event names, or a beta session payload (one name is enough in a module that
        belongs with Realtime modules)?"""
        held = vocabulary_size(self.vocabulary)
        if self.beta_payload or held >= facts.VOCABULARY_ALONE:
            return True
        if not self.vocabulary and not self.typeless_payload:
            return False
        held += self.typeless_payload
        around = self.project.value
        # one name (a shared one too) where the module imports the protocol module it tests against,
        # or where a Realtime module takes it in (an event model of its own file, gathered by a package)
        return (held >= facts.VOCABULARY_BESIDE_REALTIME and around.beside_realtime) or around.imports_realtime or around.read_by_realtime

    def scopes_that_speak(self, enclosing: Callable[[Any], Any]) -> None:
        """A class or function whose own strings hold enough of the protocol's names
        speaks Realtime by itself, and decides for its code as an import would: an
        event table beside another API's URL in one module is judged on its own.
        ``enclosing`` gives a node's nearest class or function (None: the module)."""
        held: dict[int, tuple[Any, set[str]]] = {}
        for node, name in self.spoken:
            scope = enclosing(node)
            if scope is not None:
                held.setdefault(id(scope), (node, set()))[1].add(name)
        for node, names in held.values():
            if vocabulary_size(names) >= facts.VOCABULARY_ALONE:
                self._add(node, Evidence.REALTIME, "the Realtime protocol")

    def _string(self, node: Any, value: str) -> None:
        if value in facts.REALTIME_VOCABULARY or value in DISTINCTIVE_FIELDS or value in facts.SHARED_VOCABULARY:
            self.vocabulary.add(value)
            self.spoken.append((node, value))
        if facts.REALTIME_STRING.search(value):
            self.found = True
            self._add(node, Evidence.REALTIME)
        if "realtime" in value and facts.BETA_STRING.search(value):
            self._add(node, Evidence.REALTIME | Evidence.BETA)
        if value in facts.GA_TRANSLATION_EVENTS:
            self.translation = True
            self._add(node, Evidence.REALTIME | Evidence.GA)
        if "/" not in value:  # every URL, path and GA format value holds one: most strings are done here
            if "voicelive" in value:
                self._add(node, Evidence.OTHER_HOST, "Azure Voice Live")
            return
        if (AZURE_MARKER.search(value) and "realtime" in value.lower()) or is_preview_path(value):
            self.found = self.azure = True
            self.azure_at.append(node)
        if value in facts.GA_VALUES or facts.GA_REALTIME_PATH.search(value):
            self._add(node, Evidence.REALTIME | Evidence.GA)
        if facts.OTHER_API_PATH.search(value):
            self._add(node, Evidence.OTHER_API, "another OpenAI API")
        if "://" in value and not self._docstring(node):  # prose about a host aims no code at it
            self._urls(node, value)
        elif facts.OTHER_PROVIDER_MARKS.search(value):
            self._add(node, Evidence.OTHER_HOST, "Azure Voice Live")

    def _urls(self, node: Any, value: str) -> None:
        for host, path in hosts_of(value):
            if is_openai_host(host, path):
                self._add(node, Evidence.OPENAI_HOST, host)
            elif facts.LOCAL_HOST.match(host):
                continue
            elif provider_of(host) or facts.REALTIME_PATH.search(path) or facts.OTHER_PROVIDER_MARKS.search(path):
                self._add(node, Evidence.OTHER_HOST, host)


def _named(kind: Evidence, entries: list[_Entry]) -> str:
    return ", ".join(sorted({e.what for e in entries if e.kind & kind and e.what})) or "another host"


def other_host_names(entries: list[_Entry]) -> str:
    """The other providers' hosts that ``entries`` name, as a message lists them."""
    return _named(Evidence.OTHER_HOST, entries)


def on_host(flags: Evidence, entries: list[_Entry]) -> Verdict:
    if not flags & Evidence.OTHER_HOST:
        return PLAIN
    other = _named(Evidence.OTHER_HOST, entries)
    if flags & Evidence.OPENAI_HOST:
        return Verdict(mixed=f"this code is aimed at OpenAI and at {other}")
    return Verdict(skip=f"this code talks to {other}, not to OpenAI")


def on_api(flags: Evidence, entries: list[_Entry]) -> Verdict:
    if not flags & Evidence.OTHER_API:
        return PLAIN
    other = _named(Evidence.OTHER_API, entries)
    if flags & Evidence.REALTIME:
        return Verdict(mixed=f"this code talks to the Realtime API and to {other}")
    return Verdict(skip=f"this code talks to {other}")


def combine(verdicts: tuple[Verdict, Verdict]) -> Verdict:
    """Code that only talks to something else is left alone, whichever way that
    shows (the API or the host); code that talks to both is reported unfixed."""
    skip = next((v for v in verdicts if v.skip), None)
    return skip or next((v for v in verdicts if v.mixed), PLAIN)


# Evidence that decides a scope, about the API and about the host: a scope with
# none of it leaves that decision to the scope around it.
API_EVIDENCE = Evidence.REALTIME | Evidence.OTHER_API
HOST_EVIDENCE = Evidence.OPENAI_HOST | Evidence.OTHER_HOST


def flags_of(entries: list[_Entry]) -> Evidence:
    flags = Evidence(0)
    for entry in entries:
        flags |= entry.kind
    return flags


class Verdicts:
    """How evidence becomes a verdict, the same for both front ends: the
    nearest scope (function or class) that shows an API decides the API, the
    nearest that shows a host decides the host, and outside any scope that
    shows a host the file's own top level decides. A front end says what its
    scopes are (``_enclosing``, ``_key``) and what evidence each holds
    (``evidence``, ``top_level``)."""

    collector: StringEvidence
    _verdicts: dict[int, Verdict]

    def _enclosing(self, node: Any) -> Any:
        """The nearest scope around ``node`` (None: the file)."""
        raise NotImplementedError

    def _key(self, scope: Any) -> int:
        raise NotImplementedError

    def evidence(self, scope: Any = None) -> tuple[Evidence, list[_Entry]]:
        raise NotImplementedError

    def top_level(self) -> tuple[Evidence, list[_Entry]]:
        raise NotImplementedError

    @property
    def realtime(self) -> bool:
        """Is this file Realtime code at all: its own evidence, or the protocol's vocabulary?"""
        return self.collector.found or self.collector.speaks_protocol()

    def scope_of(self, node: Any, about: Evidence) -> Any:
        """The scope whose evidence ``about`` something decides for ``node`` (None: the whole file)."""
        scope = self._enclosing(node)
        while scope is not None and not self.evidence(scope)[0] & about:
            scope = self._enclosing(scope)
        return scope

    def judged(self, node: Any) -> Verdict:
        """The verdict of the evidence where ``node`` is (one per enclosing scope)."""
        key = self._key(self._enclosing(node))
        known = self._verdicts.get(key)
        if known is None:
            api, host = self.scope_of(node, API_EVIDENCE), self.scope_of(node, HOST_EVIDENCE)
            # a URL inside one function (a test of a custom host) aims no other code
            hosts = self.evidence(host) if host is not None else self.top_level()
            known = self._verdicts[key] = combine((on_api(*self.evidence(api)), on_host(*hosts)))
        return known

    def verdict(self, node: Any) -> Verdict:
        return self.judged(node)

    def beta_of_its_own(self) -> bool:
        """Does the file hold beta code of its own? (Another provider's beta
        code, which is left alone, does not count; a client library that
        speaks only the beta does.)"""
        if self.collector.preview_sdk:
            return True
        flags, entries = self.evidence()
        return bool(flags & Evidence.BETA) and any(e.kind & Evidence.BETA and not self.verdict(e.node).skip for e in entries)
