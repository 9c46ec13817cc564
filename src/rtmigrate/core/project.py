"""The modules around a file: does it belong with Realtime code, and where is that code aimed?

Real projects keep the Realtime protocol in modules of its own (`events.py`,
`const.py`, handlers that take a decoded dict) that never import `openai`.
Such a module is judged with its *neighbours*: the modules of its package
(its folder), the modules it imports, and the modules of its package and
the package above that import it. The neighbourhood is bounded and depends
only on where the file lies, so a file checked alone (as pre-commit passes
them) gets the same answer as a scan of the whole repository.

Neighbours are read as text, never parsed or run: a module *is Realtime
code* when its text shows OpenAI's Realtime API (its module paths, SDK
chains, URLs, header or model ids) or several of the protocol's own event
names; it is *aimed at* the hosts of the Realtime URLs it holds. What is
learnt of a file is kept by its content, in memory and, with a cache folder,
on disk.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator

from .cache import code_digest
from .signs import hosts_of, is_openai_host, provider_of, vocabulary_size
from .tables import context as facts
from .tables.events import EVENT_RENAMES
from .tables.session import DISTINCTIVE_FIELDS, PAYLOAD_EVENTS
from .plans.sdk_types import kept_in_text
from .senders import from_fact, senders_in_text

# How far a neighbourhood reaches: folders' files read at most, folders above a file for imports.
MAX_FOLDER_FILES = 300
MAX_LEVELS_UP = 8
WIRED_STEPS = 4  # how many modules that name no protocol a connection is followed through (`Project._wired`)
WIRED_WIDTH = 200  # how many such modules at most are followed at each step
MAX_SIBLING_FOLDERS = 20  # the folders beside a module's own where its importers are looked for
_SKIPPED_FOLDERS = frozenset({"node_modules", "dist", "build", "coverage", "__pycache__"})
# A module or package named for the beta (`realtime_model_beta.ts`, `openai_realtime_beta/`, `RealtimeBeta.ts`).
BETA_NAMED = re.compile(r"(?:^|[_.-])(?:beta|Beta|BETA)(?:$|[_.-]|\d)|(?<=[a-z0-9])Beta(?=$|[A-Z_.-]|\d)")
# Where GA code beside a beta-named module is looked for: how deep below their common folder, and how many files.
TWIN_DEPTH = 3
TWIN_FILES = 1000
# How many steps up the imports a module's importers are asked whose protocol they speak.
IMPORTER_STEPS = 3
# The projects beside a module's own in one repository (`webapp/` beside `websocket-server/`):
# how many, how deep into each, and how many files, when nothing nearer says whose protocol it speaks.
MAX_SIBLING_PROJECTS = 8
SIBLING_DEPTH = 4
SIBLING_FILES = 400
PACKAGE_ROOTS = ("package.json", "pyproject.toml", "setup.py", "requirements.txt")
# What marks the root of a project: the beta-named folders looked at are below it.
_MANIFESTS = ("pyproject.toml", "setup.py", "setup.cfg", "package.json", ".git")


@dataclass(frozen=True)
class Neighbours:
    beside_realtime: bool = False  # a neighbour speaks the Realtime protocol
    beside_openai: bool = False  # a neighbour shows OpenAI's Realtime API itself
    hosts: tuple[str, ...] = ()  # the other providers' hosts the Realtime neighbours are aimed at (none at OpenAI)
    beside_ga: bool = False  # the Realtime neighbours are GA code, and none still speaks beta
    read: tuple[str, ...] = ()  # the names other modules import from this one ("*": the whole module)
    imports_realtime: bool = False  # the module itself imports one that speaks the Realtime protocol
    # JavaScript: the words its modules put before an event name to derive names (`server.${type}`), in it
    # or a module it imports, and the specifiers it imports the app's own event vocabulary from
    prefixes: tuple[str, ...] = ()
    vocabularies: tuple[str, ...] = ()
    # Python: the beta type names the modules it imports keep (they build them: `plans.sdk_types`)
    beta_kept: tuple[str, ...] = ()
    # JavaScript: the Realtime URLs the modules it imports keep in exported constants, as `NAME=url`
    url_constants: tuple[str, ...] = ()
    read_by_beta: bool = False  # a module that imports it still shows the beta (a test of it, say)
    # Python: a Realtime module takes it in, itself or through the package `__init__`
    # modules that pass it on (an event model of its own file, gathered in `events/`)
    read_by_realtime: bool = False
    # Python: the classes shaped as the beta session that the modules it imports declare
    session_classes: tuple[str, ...] = ()
    # JavaScript: the beta event names a module that imports it accepts beside their GA names
    # (`case "response.output_audio.delta": case "response.audio.delta":`): its declarations of them stay
    taken: tuple[str, ...] = ()

    def key(self) -> str:
        flags = (f"{int(self.beside_realtime)}{int(self.beside_openai)}{int(self.beside_ga)}{int(self.imports_realtime)}"
                 f"{int(self.read_by_beta)}{int(self.read_by_realtime)}")
        lists = (self.hosts, self.read, self.prefixes, self.vocabularies, self.beta_kept, self.url_constants, self.session_classes, self.taken)
        return flags + "".join(f":{','.join(items)}" for items in lists)


ALONE = Neighbours()


class Around:
    """A file's neighbours, worked out only when a decision needs them (most
    files decide from their own evidence); ``asked`` says whether one did."""

    def __init__(
        self, compute: Callable[[], Neighbours] | None = None, kept_beside: str | None = None, held_by: str | None = None,
        paired: frozenset[str] = frozenset(), senders: Callable[[], tuple[str, ...]] | None = None,
    ) -> None:
        self._compute = compute
        self._senders = senders  # Python: the senders it imports by name (`Project.imported_senders`)
        self.kept_beside = kept_beside  # a beta-named module kept beside GA code: that GA module (`Project.kept_beside`)
        self.held_by = held_by  # a finding of a module that may share its connection and stays beta (`api`)
        self.paired = paired  # the key routes the module serves or reads that move with their other side (`routes`, `api`)
        self.pairs: list[str] | None = None  # what its rules found of key routes, as tags (`routes`): set by the first analysis
        self._value: Neighbours | None = None if compute is not None else ALONE

    @property
    def value(self) -> Neighbours:
        if self._value is None:
            assert self._compute is not None
            self._value = self._compute()
        return self._value

    @functools.cached_property
    def senders(self) -> tuple[str, ...]:
        return self._senders() if self._senders is not None else ()

    @property
    def asked(self) -> bool:
        return self._compute is not None and self._value is not None

    def depends(self) -> str | None:
        """What the modules around the file said that its result depends on, as a key:
        the neighbourhood and the senders it imports, each where it was asked (None: neither)."""
        parts = [f"n:{self.value.key()}"] if self.asked else []
        if "senders" in self.__dict__ and self._senders is not None:
            parts.append("s:" + ",".join(self.senders))
        return "\x01".join(parts) if parts else None

    def says(self, depends: str) -> bool:
        """Do the modules around the file still say what ``depends`` (`depends`) recorded?"""
        for part in depends.split("\x01"):
            kind, _, key = part.partition(":")
            if kind not in ("n", "s") or (kind == "n" and key != self.value.key()) or (kind == "s" and key != ",".join(self.senders)):
                return False
        return True


def alone() -> Around:
    return Around()

_REALTIME_TEXT = re.compile(
    r"openai\.(?:types|resources)(?:\.beta)?\.realtime\b"
    r"|from\s+openai\.(?:types|resources)(?:\.beta)?\s+import\s+[^\n]*\brealtime\b"
    r"|\.realtime\.(?:connect|client_secrets|calls|translations|sessions|transcription_sessions)\b"
    r"|" + facts.REALTIME_STRING.pattern,
    re.IGNORECASE,
)
# Text every match of _REALTIME_TEXT holds one of: looked for before the pattern, which is slow.
_OPENAI_WORDS = ("realtime", "openai-beta", "gpt-4o")
# GA-only and beta-only parts of the API, as text (compare the evidence of context.py).
_GA_TEXT = re.compile(
    r"openai\.(?:types|resources)\.realtime\b|from\s+openai\.(?:types|resources)\s+import\s+[^\n]*\brealtime\b"
    r"|/v1/realtime/(?:client_secrets|calls|translations)\b|\.realtime\.client_secrets\b"
)
# GA spellings that other APIs share (a TTS service's `"audio/pcm"` MIME type): GA only in a module that shows
# Realtime (its words, its vocabulary, or an event name only GA has).
_GA_EVENTS = frozenset(row.ga for row in EVENT_RENAMES.values())
_GA_SHARED_TEXT = re.compile(
    r"[\"']audio/pcm[ua]?[\"']|\boutput_modalities\b|[\"'](?:" + "|".join(re.escape(n) for n in sorted(facts.GA_TRANSLATION_EVENTS)) + r")[\"']"
)
_BETA_TEXT = re.compile(
    r"realtime=v1|\.beta\.realtime\.(?:connect|sessions|transcription_sessions)\b|openai\.resources\.beta\.realtime"
    r"|/realtime/(?:sessions|transcription_sessions)\b"
)
# The beta's key answer, read or faked (a test's mock of the request): `{"client_secret": {"value": ...}}`.
# (a key quoted, or a JavaScript object's or type's own: `{ client_secret: { value: "ek_1" } }`)
_BETA_ANSWER = re.compile(r"""(?:["']client_secret["']|(?<![\w$.])client_secret)\s*:\s*\{|\.client_secret\??\.(?:value|expires_at)\b|\[\s*["']client_secret["']\s*\]""")
_FIELD = re.compile(r"\b(" + "|".join(sorted(DISTINCTIVE_FIELDS)) + r")\b")
_QUOTED = re.compile(r"""["']([a-z_]+(?:\.[a-z_]+)+)["']""")
# A module's part in an ephemeral key's life: it mints one (OpenAI's endpoints, the SDKs' calls), or
# posts a WebRTC offer (`application/sdp`), which a browser or a client library authorizes with such a key.
_MINTS = re.compile(r"/realtime/(?:sessions|transcription_sessions|client_secrets)\b|\.(?:sessions|transcription_sessions|transcriptionSessions|client_secrets|clientSecrets)\.create\b")
_OFFERS = re.compile(r"application/sdp")
# What JavaScript and TypeScript modules a module imports: `import ... from "./x"`, `export ... from "./x"`,
# `import "./x"`, `require("./x")`, `import("./x")`. Relative specifiers are the app's own modules; a bare
# one is too where a tsconfig `paths` alias names it (`@/lib/x`), and a package otherwise.
# `export const BASE_URL = "https://api.openai.com/v1/realtime";`: a Realtime URL other modules import
# `REALTIME_URL = "https://api.openai.com/v1/realtime"` at a Python module's top: a Realtime URL other modules import
_PY_URL_CONSTANT = re.compile(r"""^([A-Za-z_]\w*)\s*(?::\s*str\s*)?=\s*(["'])([^"'\\\n{}]*/realtime\b[^"'\\\n{}]*)\2[ \t]*(?:#.*)?$""", re.MULTILINE)
_JS_URL_CONSTANT = re.compile(r"""\bexport\s+const\s+([A-Za-z_$][\w$]*)\s*(?::\s*string\s*)?=\s*(["'`])([^"'`$\\\n]*/realtime\b[^"'`$\\\n]*)\2""")
_JS_IMPORT = re.compile(r"""(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"'\s]+)["']""")
# How a JavaScript module shows OpenAI's Realtime API besides URLs and model ids.
_JS_REALTIME_TEXT = re.compile(r"openai/(?:beta/)?realtime\b|\.realtime\.(?:clientSecrets|calls)\b|\bOpenAIRealtimeWeb(?:Socket|RTC)\b|\bOpenAIRealtimeWS\b|@openai/agents(?:-realtime|/realtime)\b")
_JS_GA_TEXT = re.compile(r"openai/realtime\b|\.realtime\.clientSecrets\b")
_JS_BETA_TEXT = re.compile(r"openai/beta/realtime\b|\.beta\.realtime\b")
# A name derived from an event name by a prefix: `server.${type}`, in a template literal or a template literal type.
DERIVED_PREFIX = re.compile(r"`([A-Za-z_$][\w$]*)\.\$\{")
# What generated code says of itself in its first lines (a vocabulary there is not the app's to rename).
# TypeScript: a script (no `import`, no `export`) declares its types for the whole program;
# `interface ReceiveEvent {...}` there is used by name, with no import, wherever it is named.
_MODULE_SYNTAX = re.compile(r"^\s*(?:import|export)\b", re.MULTILINE)
_DECLARED_TYPE = re.compile(r"^\s*(?:declare\s+)?(?:interface|type)\s+([A-Z]\w*)", re.MULTILINE)
# a name in a type's place: `x: ReceiveEvent`, `as ReceiveEvent`, `<ReceiveEvent>`, `ReceiveEvent[]`
_TYPE_REF = re.compile(r"(?::|\bas\b|<|\|)\s*([A-Z]\w*)\b")
_GENERATED = re.compile(r"auto-?generated|@generated|do not edit|do not make direct changes", re.IGNORECASE)
# A test that patches a module by its dotted name (`patch("app.routes.session.client")`,
# `monkeypatch.setattr("app.routes.session.client", ...)`) reads that module as an import would.
_PATCHED = re.compile(r"""\b(?:patch|setattr)\(\s*["']([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\.([A-Za-z_]\w*)["']""")
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+\(?([^\n#)]*)|import[ \t]+([\w. ,]+))", re.MULTILINE)


@dataclass(frozen=True)
class ModuleFacts:
    openai: bool  # its text shows OpenAI's Realtime API
    vocabulary: bool  # it holds several of the protocol's own event names
    ga: bool  # its text shows GA-only parts of the API
    beta: bool  # its text shows beta-only parts of the API
    openai_host: bool
    other_hosts: tuple[str, ...]
    imports: tuple[str, ...]  # dotted names as written: "pkg.mod", ".events", "..const"
    prefixes: tuple[str, ...] = ()  # JavaScript: the prefixes its templates derive names with
    own_vocabulary: bool = False  # JavaScript: hand-written code that names beta events GA renamed
    beta_kept: tuple[str, ...] = ()  # Python: the beta types it keeps (`plans.sdk_types`)
    url_constants: tuple[str, ...] = ()  # its constants that hold a Realtime URL (JavaScript: exported ones), as `NAME=url`
    beta_answer: bool = False  # it reads or fakes the beta's key answer (`{"client_secret": {...}}`, `.client_secret.value`)
    protocol: bool = False  # it names the protocol at all: one of its event names or beta session fields, or a beta-only part
    session_classes: tuple[str, ...] = ()  # Python: its classes shaped as the beta session (two beta session fields or more)
    dual: tuple[str, ...] = ()  # JavaScript: the beta event names it quotes beside their GA names (a handler that takes both)
    keys: str = ""  # its part in an ephemeral key's life: "m" it mints one (or asks its server for one), "u" it opens a WebRTC call with one
    global_types: tuple[str, ...] = ()  # TypeScript: the types a script (no import, no export) declares for the whole program
    type_refs: tuple[str, ...] = ()  # TypeScript: the names it uses in a type's place
    # Python: "e" it is run as a program (an entry point of its own); "n" it may carry a page's
    # traffic: it imports a library that serves, relays or makes requests, or names a local server
    standing: str = ""
    senders: tuple[str, ...] = ()  # Python: its functions and classes that send what a caller gives them (`core.senders`)


def shows_beta(text: str) -> bool:
    """Does a module's text show beta code: the header, a beta SDK path or endpoint,
    the beta's key answer, a beta event name GA renamed or a beta session field?
    (For a module rtmigrate cannot parse, whose findings are not known.)"""
    return bool(
        _BETA_TEXT.search(text) or _BETA_ANSWER.search(text) or _FIELD.search(text)
        or any(name in EVENT_RENAMES for name in _QUOTED.findall(text))
    )


def read_facts(text: str, js: bool = False) -> ModuleFacts:
    """What a module's text shows (``js``: a JavaScript or TypeScript module).
    Strings, URLs, hosts and the vocabulary read the same in both languages;
    imports and the SDK's own spellings differ."""
    quoted = _QUOTED.findall(text)
    vocabulary = {name for name in quoted if name in facts.REALTIME_VOCABULARY or name in facts.SHARED_VOCABULARY}
    vocabulary |= {name for name in _FIELD.findall(text)}
    openai_host, others, local = False, set(), False
    if "://" in text:
        for host, path in hosts_of(text):
            if is_openai_host(host, path):
                openai_host = True
            elif facts.LOCAL_HOST.match(host):
                local = True
            elif provider_of(host) or facts.REALTIME_PATH.search(path):
                others.add(host)
    lowered = text.lower()
    shows_openai = any(word in lowered for word in _OPENAI_WORDS) and bool(_REALTIME_TEXT.search(text))
    speaks = vocabulary_size(vocabulary) >= facts.VOCABULARY_ALONE
    realtime = shows_openai or speaks or any(name in _GA_EVENTS for name in quoted)
    ga = bool(_GA_TEXT.search(text)) or (realtime and bool(_GA_SHARED_TEXT.search(text)))
    beta = bool(_BETA_TEXT.search(text))
    base = ModuleFacts(
        shows_openai, speaks, ga, beta,
        openai_host, tuple(sorted(others)), (), beta_answer="client_secret" in text and bool(_BETA_ANSWER.search(text)),
        protocol=bool(vocabulary) or beta or any(name in PAYLOAD_EVENTS for name in quoted),
        keys=("m" if _MINTS.search(text) else "") + ("u" if _OFFERS.search(text) else ""),
    )
    if js:
        return _js_facts(base, text, quoted)
    urls = tuple(f"{name}={url}" for name, _, url in _PY_URL_CONSTANT.findall(text)) if "/realtime" in text else ()
    imports = _python_imports(text)
    return replace(
        base, imports=imports, beta_kept=kept_in_text(text), url_constants=urls, session_classes=_declared_session_classes(text),
        standing=_standing(text, imports, local), senders=senders_in_text(text),
    )


def _standing(text: str, imports: tuple[str, ...], local: bool) -> str:
    """A Python module's ``standing`` fact (`ModuleFacts`); ``local``: its text names a local server."""
    entry = "e" if facts.PYTHON_ENTRY_POINT.search(text) else ""
    tops = {name.partition(":")[0].split(".")[0] for name in imports if not name.startswith(".")}
    return entry + ("n" if local or tops & facts.PYTHON_NETWORK_MODULES else "")


_CLASS = re.compile(r"^class\s+(\w+)")
_ANNOTATED_FIELD = re.compile(r"^\s+(" + "|".join(sorted(DISTINCTIVE_FIELDS)) + r")\s*:")


def _declared_session_classes(text: str) -> tuple[str, ...]:
    """The module's own top-level classes with two beta session fields or more, annotated
    (`input_audio_format: str = "pcm16"`): the app's mirrors of the beta session."""
    if not _FIELD.search(text):
        return ()
    found: dict[str, set[str]] = {}
    current = None
    for line in text.splitlines():
        opened = _CLASS.match(line)
        if opened:
            current = opened.group(1)
            continue
        if line[:1] not in ("", " ", "\t", "#"):
            current = None  # another top-level statement ends the class body
        elif current is not None and (field := _ANNOTATED_FIELD.match(line)):
            found.setdefault(current, set()).add(field.group(1))
    return tuple(sorted(name for name, fields in found.items() if len(fields) >= 2))


def _python_imports(text: str) -> tuple[str, ...]:
    imports: list[str] = []
    for match in _IMPORT.finditer(text):
        base, names, plain = match.groups()
        if plain:
            imports += [n.strip().split(" ")[0] for n in plain.split(",") if n.strip()]
        elif base is not None:
            # `from pkg import a, b`: a and b may be modules of the package (`pkg:a,b`)
            listed = [n.strip().split(" ")[0] for n in names.split(",") if n.strip() and n.strip() != "*"]
            imports.append(f"{base}:{','.join(listed)}")
    if "patch" in text or "setattr" in text:
        imports += [f"{module}:{name}" for module, name in _PATCHED.findall(text)]
    return tuple(dict.fromkeys(imports))


def _js_facts(base: ModuleFacts, text: str, quoted: list[str]) -> ModuleFacts:
    shows_openai = base.openai or bool(_JS_REALTIME_TEXT.search(text))
    imports = tuple(dict.fromkeys("js:" + spec for spec in _JS_IMPORT.findall(text)))
    prefixes = tuple(sorted(set(DERIVED_PREFIX.findall(text)))) if "${" in text else ()
    own = not _GENERATED.search(text[:2000]) and any(name in EVENT_RENAMES for name in quoted)
    named = set(quoted)
    dual = tuple(sorted(name for name in named if name in EVENT_RENAMES and EVENT_RENAMES[name].ga in named))
    declared = tuple(sorted(set(_DECLARED_TYPE.findall(text)))) if not _MODULE_SYNTAX.search(text) else ()
    return replace(
        base, openai=shows_openai, ga=base.ga or bool(_JS_GA_TEXT.search(text)), beta=base.beta or bool(_JS_BETA_TEXT.search(text)),
        imports=imports, prefixes=prefixes, own_vocabulary=own, dual=dual,
        url_constants=tuple(f"{name}={url}" for name, _, url in _JS_URL_CONSTANT.findall(text)) if "/realtime" in text else (),
        global_types=declared, type_refs=tuple(sorted(set(_TYPE_REF.findall(text)) - set(declared))),
    )


def _realtime(found: ModuleFacts | None) -> bool:
    return found is not None and (found.openai or found.vocabulary)


def _speaks(found: ModuleFacts | None) -> bool:
    """Whether a module names the Realtime protocol at all (a helper that sends one
    `session.update` does), or is Realtime code by the rules above."""
    return _realtime(found) or (found is not None and found.protocol)


JS_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")


@dataclass(frozen=True)
class _Group:
    """The modules of one folder that can import each other: Python's, or
    JavaScript's and TypeScript's (a folder may hold both, apart)."""

    path: Path
    js: bool

    @property
    def parent(self) -> "_Group":
        return _Group(self.path.parent, self.js)


# A folder (or module) the app names for OpenAI: `lib/openai/realtime/`, `openai_realtime/`, `open-ai.ts`.
OPENAI_NAMED = re.compile(r"^open[_-]?ai(?:$|[_.-])", re.IGNORECASE)


def _below_root(path: Path) -> list[Path] | None:
    """The folders between a file and its project's root, nearest first (None: no root found)."""
    root = _nearest(path.parent, _MANIFESTS)
    if root is None:
        return None
    folders = []
    folder = path.parent
    while folder != root:
        folders.append(folder)
        folder = folder.parent
    return folders


def _openai_named(path: Path) -> bool:
    """Is the module, or a folder between it and its project's root, named for OpenAI?
    (Without a root found, only the file and its own folder count.)"""
    folders = _below_root(path)
    return any(OPENAI_NAMED.search(part.name) for part in [path, *(folders if folders is not None else [path.parent])])


def _beta_named(path: Path) -> list[Path]:
    """The file itself (by its stem) and the folders between it and its project's
    root whose names are the beta's, nearest first."""
    found = [path] if BETA_NAMED.search(path.stem) else []
    folders = _below_root(path)  # (no root found: only the file's own name counts)
    return found + [folder for folder in folders or () if BETA_NAMED.search(folder.name)]


@functools.lru_cache(maxsize=1024)
def _nearest(folder: Path, names: tuple[str, ...], depth: int = 0) -> Path | None:
    """The nearest folder at or above ``folder`` (at most MAX_LEVELS_UP above) that holds one of ``names``
    (a file; `.git` may be a folder too)."""
    if any((folder / name).is_file() or (name == ".git" and (folder / name).exists()) for name in names):
        return folder
    if folder.parent == folder or depth >= MAX_LEVELS_UP:
        return None
    return _nearest(folder.parent, names, depth + 1)


_REPOSITORY_TOPS = re.compile(r"^(?:readme|license|licence|copying)(?:\.\w+)?$|^\.git(?:ignore|attributes)?$", re.IGNORECASE)


def _one_repository(root: Path) -> bool:
    """Are a project's root and the folder above it in one repository? Not where the
    root is a repository's own top (it holds `.git`); else where the folder above
    shows one (`.git`, a README, a licence, a `.gitignore`): a folder that merely
    holds checkouts side by side shows none of these."""
    if (root / ".git").exists():
        return False
    try:
        return any(_REPOSITORY_TOPS.match(entry.name) for entry in root.parent.iterdir())
    except OSError:
        return False


def _package_init(path: Path) -> bool:
    """Python: a package's `__init__` passes on what it imports."""
    return path.name == "__init__.py"


def _any_module(path: Path) -> bool:
    """JavaScript: any module may pass on what it imports (a component rendering a hook's user)."""
    return True


def _walk(folder: Path, depth: int, limit: int) -> list[Path]:
    """The files under ``folder``, at most ``depth`` levels down, breadth first."""
    found: list[Path] = []
    level = [folder]
    for _ in range(depth):
        below = []
        for current in level:
            try:
                entries = sorted(os.scandir(current), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                if entry.name.startswith(".") or entry.name in _SKIPPED_FOLDERS:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    below.append(Path(entry.path))
                elif entry.is_file():
                    found.append(Path(entry.path))
                    if len(found) >= limit:
                        return found
        level = below
    return found


_TEST_FOLDERS = ("tests", "test")
_JS_TEST_FOLDERS = ("__tests__", *_TEST_FOLDERS)  # a JavaScript module's tests inside its own folder


def _test_folders(folder: Path) -> list[Path]:
    """Where the tests of a Python package folder may be: `tests/` in it (a flat
    project's `app.py` beside `tests/test_app.py`), beside it or beside the folder
    above, and in a `tests/` tree up to three folders above that mirrors its path
    (`tests/realtime/` for `src/agents/realtime/`, with or without `src/` and the
    package's own name)."""
    found: list[Path] = [folder / name for name in _TEST_FOLDERS if (folder / name).is_dir()]
    parts = folder.parts
    for up in range(1, 4):
        if len(parts) <= up:
            break
        base = folder.parents[up - 1]
        rest = parts[len(parts) - up + 1:] if up > 1 else ()
        for name in _TEST_FOLDERS:
            tests = base / name
            if tests == folder or not tests.is_dir():
                continue
            below = [tests, tests.joinpath(*rest)] if rest else [tests]
            if len(rest) > 1:
                below.append(tests.joinpath(*rest[1:]))  # without the package's own name
            found += [p for p in below if p != folder and p.is_dir()]
    return list(dict.fromkeys(found))


def _beside(folder: Path) -> list[Path]:
    """The folders beside ``folder`` (at most MAX_SIBLING_FOLDERS), hidden and built ones aside."""
    try:
        return sorted(
            p for p in folder.parent.iterdir()
            if p.is_dir() and p != folder and not p.name.startswith(".") and p.name not in _SKIPPED_FOLDERS
        )[:MAX_SIBLING_FOLDERS]
    except OSError:
        return []


def _group(path: Path) -> _Group:
    return _Group(path.parent, path.suffix.lower() in JS_SUFFIXES)


def _module_at(root: Path, parts: list[str], listed: str, relative: bool = False) -> list[Path]:
    """The files an import names under ``root``: the module, or the package and the modules
    `from pkg import a, b` lists (``listed``, "a,b"); `from . import x` names the folder itself."""
    target = root.joinpath(*parts) if parts else root
    module = target.with_suffix(".py")
    if parts and module.is_file():
        return [module.resolve()]
    package = target / "__init__.py"
    if not package.is_file() and not (not parts and relative):
        return []
    found = [package.resolve()] if package.is_file() else []
    for sub in (n for n in listed.split(",") if n):  # `from pkg import module`
        candidate = target / f"{sub}.py"
        if candidate.is_file():
            found.append(candidate.resolve())
    return found


def _find_js(folder: Path, spec: str) -> list[Path]:
    """The module a relative specifier names, as Node and TypeScript find it: the
    file itself, the file with a module suffix, a TypeScript source for a `.js`
    specifier, or the folder's `index` module."""
    target = folder / spec
    stem = target.with_suffix("") if target.suffix in (".js", ".mjs", ".cjs", ".jsx") else None
    candidates = [target] if target.suffix in JS_SUFFIXES else []
    if stem is not None:
        candidates += [stem.with_name(stem.name + s) for s in (".ts", ".tsx", ".mts", ".cts")]
    candidates += [target.with_name(target.name + s) for s in JS_SUFFIXES]
    candidates += [target / f"index{s}" for s in JS_SUFFIXES]
    for candidate in candidates:
        try:
            if candidate.is_file():
                return [candidate.resolve()]
        except OSError:
            continue
    return []


_JS_CONFIGS = ("tsconfig.json", "jsconfig.json")
MAX_WORKSPACE_PACKAGES = 200  # the packages read of one workspace pattern
_PNPM_PACKAGE = re.compile(r"""^\s*-\s*["']?([^"'#\n]+?)["']?\s*(?:#.*)?$""", re.MULTILINE)


def _workspace_patterns(folder: Path) -> list[str]:
    """The package folders a workspace root declares (`package.json` `workspaces`, an array
    or `{"packages": [...]}`, or `pnpm-workspace.yaml` `packages:`), as glob patterns."""
    patterns: list[str] = []
    manifest = folder / "package.json"
    if manifest.is_file():
        try:
            declared = json.loads(manifest.read_text(encoding="utf-8")).get("workspaces")
        except (OSError, ValueError, AttributeError):
            declared = None
        if isinstance(declared, dict):
            declared = declared.get("packages")
        if isinstance(declared, list):
            patterns += [p for p in declared if isinstance(p, str) and not p.startswith("!")]
    pnpm = folder / "pnpm-workspace.yaml"
    if pnpm.is_file():
        try:
            text = pnpm.read_text(encoding="utf-8")
        except OSError:
            text = ""
        listed = text.partition("packages:")[2]
        patterns += [p for p in _PNPM_PACKAGE.findall(listed.split("\n\n")[0]) if not p.startswith("!")]
    return [p for p in patterns if ".." not in p and not p.startswith("/")]


def _package_name(folder: Path) -> str | None:
    try:
        name = json.loads((folder / "package.json").read_text(encoding="utf-8")).get("name")
    except (OSError, ValueError, AttributeError):
        return None
    return name if isinstance(name, str) and name else None


def _package_entry(folder: Path) -> list[Path]:
    """The module a package's bare name brings in: the file its `exports`, `source`, `types`,
    `module` or `main` names, or its `src/index` or `index`, a source file before a built one
    (in `dist/`, `build/`)."""
    try:
        manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    manifest = manifest if isinstance(manifest, dict) else {}
    exported = manifest.get("exports")
    if isinstance(exported, dict):
        exported = exported.get(".", exported)
    entries = [e for e in _strings(exported)] + [manifest.get(f) for f in ("source", "types", "typings", "module", "main")]
    built: list[Path] = []
    depth = len(folder.resolve().parts)
    for entry in entries:
        if not isinstance(entry, str) or not entry:
            continue
        spec = "./" + entry.removeprefix("./")
        found = _find_js(folder, spec) or _find_js(folder, re.sub(r"\.d\.ts$|\.(?:c|m)?js$", "", spec))
        if found and _SKIPPED_FOLDERS.isdisjoint(found[0].parts[depth:]):
            return found
        built = built or found
    return _find_js(folder, "./src/index") or _find_js(folder, "./index") or built


def _strings(value: object) -> list[str]:
    """The strings of a package's `exports` entry, nested conditions included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _jsonc(text: str) -> object:
    """A `tsconfig.json`'s value: JSON with comments and trailing commas."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            end = i + 1
            while end < n and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            out.append(text[i : end + 1])
            i = end + 1
        elif text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            i = text.find("*/", i + 2)
            i = n if i < 0 else i + 2
        else:
            out.append(c)
            i += 1
    return json.loads(re.sub(r",(\s*[}\]])", r"\1", "".join(out)))


@dataclass(frozen=True)
class _Aliases:
    """A `tsconfig.json` (or `jsconfig.json`) `paths` table: specifier patterns and
    the places they name, from `baseUrl` (or the file's own folder)."""

    base: Path
    paths: tuple[tuple[str, tuple[str, ...]], ...]  # longest prefix first, as TypeScript matches

    def targets(self, spec: str) -> list[Path]:
        for pattern, places in self.paths:
            prefix, star, suffix = pattern.partition("*")
            if not star:
                if spec == pattern:
                    return [self.base / place for place in places]
            elif spec.startswith(prefix) and spec.endswith(suffix) and len(spec) >= len(prefix) + len(suffix):
                matched = spec[len(prefix) : len(spec) - len(suffix)]
                return [self.base / place.replace("*", matched) for place in places]
        return []


def _read_aliases(config: Path) -> _Aliases | None:
    try:
        options = _jsonc(config.read_text(encoding="utf-8")).get("compilerOptions") or {}  # type: ignore[union-attr]
        paths = options.get("paths") or {}
        base = config.parent / options.get("baseUrl", ".")
        table = tuple(
            (str(k), tuple(str(v) for v in vs)) for k, vs in paths.items() if isinstance(vs, list)
        )
    except (OSError, ValueError, AttributeError, TypeError):
        return None
    return _Aliases(base, tuple(sorted(table, key=lambda row: -len(row[0].partition("*")[0]))))


class Project:
    """What the modules around checked files are; each file read once per run."""

    def __init__(self, cache_root: Path | None = None) -> None:
        self._facts: dict[Path, ModuleFacts | None] = {}
        self._folders: dict[_Group, list[Path]] = {}
        self._importers: dict[_Group, dict[Path, list[Path]]] = {}  # folder → imported file → its importers there
        self._resolved: dict[tuple[Path, str], list[Path]] = {}
        self._roots: dict[tuple[Path, str], Path | None] = {}
        self._tops: dict[Path, Path] = {}
        self._hosts: dict[_Group, tuple[bool, tuple[str, ...]]] = {}
        self._realtime: dict[_Group, list[Path]] = {}  # folder → its Realtime modules
        self._realtime_sets: dict[_Group, set[Path]] = {}
        self._packages: dict[_Group, Neighbours] = {}
        self._siblings: dict[_Group, list[_Group]] = {}  # folder → what its Realtime modules make of a module beside them
        self._aliases: dict[Path, _Aliases | None] = {}  # folder → the `paths` of the tsconfig that governs it
        self._twins: dict[tuple[Path, bool], list[Path]] = {}  # folder → the GA modules a few folders under it
        self._asking: set[Path] = set()  # the modules whose importers are being asked whose protocol they speak
        self._reals: dict[Path, Path] = {}
        self._imported_memo: dict[Path, list[Path]] = {}  # `_imported_realtime`
        self._passed_memo: dict[tuple, list[Path]] = {}  # `_passed_on_to`
        self._sibling_aims: dict[Path, list[Path]] = {}  # a project's root → the Realtime modules of the projects beside it, where they talk to OpenAI only
        self._own_project: dict[Path, list[Path]] = {}  # a project's root → its modules that name the protocol, of both languages
        self._own_relays: dict[tuple[Path | None, bool], list[Path]] = {}  # (a project's root, JavaScript) → `_own_relay`
        self._workspace_roots: dict[Path, Path | None] = {}  # folder → the workspace root at or above it
        self._wired_memo: dict[Path, list[Path]] = {}  # `_wired`
        self._workspaces: dict[Path, dict[str, Path]] = {}  # a workspace root → its packages by name
        self._by_package: dict[tuple[Path, str], list[Path]] = {}  # (workspace root, package) → modules importing it by name
        self._cache = cache_root / f"modules-{code_digest()}" if cache_root is not None else None

    def kept_beside(self, path: Path) -> str | None:
        """A module or package named for the beta, kept beside GA code of the same
        project (a deprecated beta service, a preview client next to the GA one):
        the GA module found beside it, or None. Only the file's own name and the
        folders below its project's root count, so a checkout named `app_beta`
        is no such module."""
        if not any(BETA_NAMED.search(part) for part in path.absolute().parts):
            return None  # most files: no name of the beta anywhere on the path
        path = self.real(path)
        js = path.suffix.lower() in JS_SUFFIXES
        for beta in _beta_named(path):
            found = self._ga_beside(beta, js)
            if found is not None:
                return found
        return None

    def _ga_beside(self, beta: Path, js: bool) -> str | None:
        area = beta.parent
        for module in self._ga_modules(area, js):
            if module != beta and beta not in module.parents:
                return module.relative_to(area).as_posix()
        return None

    def _ga_modules(self, area: Path, js: bool) -> list[Path]:
        """The GA modules of one language under ``area``, a few folders deep (read once per folder)."""
        key = (area, js)
        if key not in self._twins:
            suffixes = JS_SUFFIXES if js else (".py", ".pyi")
            found = []
            for candidate in _walk(area, TWIN_DEPTH, TWIN_FILES):
                if candidate.suffix.lower() in suffixes and (facts := self.facts(candidate)) is not None and facts.ga and not facts.beta:
                    found.append(candidate)
            self._twins[key] = found
        return self._twins[key]

    def real(self, path: Path) -> Path:
        """``path`` resolved, once per path asked about."""
        if path not in self._reals:
            self._reals[path] = path.resolve()
        return self._reals[path]

    def facts(self, path: Path, data: bytes | None = None) -> ModuleFacts | None:
        if path not in self._facts:
            self._facts[path] = self._read(path, data)
        return self._facts[path]

    def _read(self, path: Path, data: bytes | None) -> ModuleFacts | None:
        if data is None:
            try:
                data = path.read_bytes()
            except OSError:
                return None
        js = path.suffix.lower() in JS_SUFFIXES
        # the tag names what a row holds: a row of an older shape is never read as this one
        key = hashlib.sha256(data + (b"\0js:urls-answer2-ga-protocol-dual-keys-types-standing" if js else b"\0py:kept-urls-answer-ga-urls-protocol-classes-dual-keys-types-standing-senders")).hexdigest() if self._cache is not None else ""
        if self._cache is not None:
            try:
                raw = json.loads((self._cache / key[:2] / f"{key}.json").read_text(encoding="utf-8"))
                return ModuleFacts(
                    raw[0], raw[1], raw[2], raw[3], raw[4], tuple(raw[5]), tuple(raw[6]), tuple(raw[7]), raw[8], tuple(raw[9]), tuple(raw[10]), raw[11], raw[12], tuple(raw[13]),
                    tuple(raw[14]), raw[15], tuple(raw[16]), tuple(raw[17]), raw[18], tuple(raw[19]),
                )
            except (OSError, ValueError, IndexError, TypeError):
                pass
        found = read_facts(data.decode("utf-8", errors="replace"), js)
        if self._cache is not None:
            try:
                folder = self._cache / key[:2]
                folder.mkdir(parents=True, exist_ok=True)
                tmp = folder / f"{key}.{os.getpid()}.tmp"
                row = [
                    found.openai, found.vocabulary, found.ga, found.beta, found.openai_host, found.other_hosts, found.imports,
                    found.prefixes, found.own_vocabulary, found.beta_kept, found.url_constants, found.beta_answer, found.protocol, found.session_classes,
                    found.dual, found.keys, found.global_types, found.type_refs, found.standing, found.senders,
                ]
                tmp.write_text(json.dumps(row), encoding="utf-8")
                os.replace(tmp, folder / f"{key}.json")
            except OSError:
                pass  # a cache that cannot be written is no error
        return found

    def _folder(self, folder: "_Group") -> list[Path]:
        """The modules of a folder, of one family: Python's, or JavaScript's and TypeScript's."""
        if folder not in self._folders:
            suffixes = JS_SUFFIXES if folder.js else (".py", ".pyi")
            try:
                base = folder.path.resolve()
                with os.scandir(base) as entries:  # the entries' types come with the listing: no call per file
                    names = sorted(
                        Path(e.path).resolve() if e.is_symlink() else base / e.name
                        for e in entries if os.path.splitext(e.name)[1] in suffixes and e.is_file()
                    )
            except OSError:
                names = []
            self._folders[folder] = names[:MAX_FOLDER_FILES]
        return self._folders[folder]

    def _resolve(self, path: Path, name: str) -> list[Path]:
        """The files an import of ``path`` refers to that are in reach: relative to
        its package, or under a folder above it (or that folder's `src/`)."""
        key = (path.parent, name)
        if key not in self._resolved:
            self._resolved[key] = self._find(path.parent, name)
        return self._resolved[key]

    def _find(self, folder: Path, name: str) -> list[Path]:
        if name.startswith("js:"):
            spec = name[3:]
            if spec.startswith("."):
                return _find_js(folder, spec)
            aliases = self._aliases_of(folder)  # `@/lib/events`: a `paths` alias, or a package
            found: list[Path] = []
            for target in aliases.targets(spec) if aliases is not None else ():
                found = _find_js(target.parent, target.name)
                if found:
                    break
            return found or self._in_workspace(folder, spec)
        base, _, listed = name.partition(":")
        parts = [p for p in base.lstrip(".").split(".") if p]
        if base.startswith("."):
            root = folder
            for _ in range(len(base) - len(base.lstrip(".")) - 1):
                if root.parent == root:  # the import climbs past the file system's root: not found
                    return []
                root = root.parent
            return _module_at(root, parts, listed, relative=True)
        if not parts:
            return []
        # from where Python would find it: above the file's top package, then the folders above;
        # else a package folder between the file and its top (an app run from inside its package)
        for root in (self._root(self._top(folder), parts[0]), self._inner_root(folder, parts[0])):
            found = _module_at(root, parts, listed) if root is not None else []
            if found:
                return found
        return []

    def _in_workspace(self, folder: Path, spec: str) -> list[Path]:
        """The module a bare specifier names where it is a package of the repository's own
        workspaces (`@acme/shared`, `@acme/shared/events`): its entry, or the path under it."""
        root = self._workspace_root(folder)
        if root is None:
            return []
        for name, package in self._workspace_packages(root).items():
            if spec == name or spec.startswith(name + "/"):
                rest = spec[len(name) + 1 :]
                if rest:
                    return _find_js(package, "./" + rest) or _find_js(package / "src", "./" + rest)
                return _package_entry(package)
        return []

    def _workspace_root(self, folder: Path) -> Path | None:
        """The nearest folder at or above ``folder`` that declares workspaces (`package.json`
        `workspaces`, `pnpm-workspace.yaml`). (Read once per folder.)"""
        if folder not in self._workspace_roots:
            if _workspace_patterns(folder):
                self._workspace_roots[folder] = folder
            else:
                self._workspace_roots[folder] = None if folder.parent == folder else self._workspace_root(folder.parent)
        return self._workspace_roots[folder]

    def _workspace_packages(self, root: Path) -> dict[str, Path]:
        """The named packages of a workspace root: name → folder. (Read once per root.)"""
        if root not in self._workspaces:
            packages: dict[str, Path] = {}
            for pattern in _workspace_patterns(root):
                try:
                    folders = sorted(root.glob(pattern.rstrip("/")))[:MAX_WORKSPACE_PACKAGES]
                except (ValueError, OSError):
                    continue
                for candidate in folders:
                    name = _package_name(candidate)
                    if name and candidate.is_dir() and _SKIPPED_FOLDERS.isdisjoint(candidate.relative_to(root).parts):
                        packages.setdefault(name, candidate)
            self._workspaces[root] = packages
        return self._workspaces[root]

    def _workspace_importers(self, path: Path) -> list[Path]:
        """The modules of the other packages of the module's workspaces that import its package
        by name and reach the module so (`import { X } from "@acme/shared"`)."""
        if self._workspace_root(path.parent) is None:  # (most projects: no package.json read)
            return []
        package = _nearest(path.parent, ("package.json",))
        root = self._workspace_root(package) if package is not None else None
        # its name as the workspace read it (a package whose name another took first has none)
        name = next((n for n, folder in self._workspace_packages(root).items() if folder == package), None) if root else None
        if name is None:
            return []
        key = (root, name)
        if key not in self._by_package:
            wanted = ("js:" + name, "js:" + name + "/")
            self._by_package[key] = [
                f for other in self._workspace_packages(root).values() if other != package
                for f in _walk(other, SIBLING_DEPTH + 2, SIBLING_FILES) if f.suffix.lower() in JS_SUFFIXES
                and (found := self.facts(f)) is not None and any(i == wanted[0] or i.startswith(wanted[1]) for i in found.imports)
            ]
        return [f for f in self._by_package[key] if path in self._imports(f)]

    def _aliases_of(self, folder: Path, depth: int = 0) -> _Aliases | None:
        """The `paths` of the nearest `tsconfig.json` (or `jsconfig.json`) at or above ``folder``."""
        if folder not in self._aliases:
            found = None
            config = next((folder / name for name in _JS_CONFIGS if (folder / name).is_file()), None)
            if config is not None:
                found = _read_aliases(config)
            elif folder.parent != folder and depth < MAX_LEVELS_UP:
                found = self._aliases_of(folder.parent, depth + 1)
            self._aliases[folder] = found
        return self._aliases[folder]

    def _top(self, folder: Path) -> Path:
        """The folder that holds the top package of ``folder`` (itself, outside a package)."""
        if folder not in self._tops:
            up = folder
            for _ in range(MAX_LEVELS_UP):
                if not (up / "__init__.py").is_file() or up.parent == up:
                    break
                up = up.parent
            self._tops[folder] = up
        return self._tops[folder]

    def _inner_root(self, folder: Path, top: str) -> Path | None:
        """The package folder between ``folder`` and its top package (nearest first) that holds
        the module or package ``top``: where an app run from inside its package (`cd app;
        python main.py`) finds `from models import x`, when nothing above the package has it."""
        outer, up = self._top(folder), folder
        while up != outer and up.parent != up:
            if (up / top).is_dir() or (up / f"{top}.py").is_file():
                return up
            up = up.parent
        return None

    def _root(self, folder: Path, top: str, depth: int = 0) -> Path | None:
        """The folder at most MAX_LEVELS_UP above ``folder`` (or its `src/`) that
        holds the top-level module or package ``top``, looked for once per folder and name."""
        key = (folder, top)
        if key not in self._roots:
            found = None
            for root in (folder, folder / "src"):
                if (root / top).is_dir() or (root / f"{top}.py").is_file():
                    found = root
                    break
            if found is None and folder.parent != folder and depth < MAX_LEVELS_UP:
                found = self._root(folder.parent, top, depth + 1)
            self._roots[key] = found
        return self._roots[key]

    def _imports(self, path: Path) -> set[Path]:
        found = self.facts(path)
        names = found.imports if found is not None else ()
        return {target for name in names for target in self._resolve(path, name)} - {path}

    def _importing_folders(self, group: "_Group") -> list["_Group"]:
        """Where the modules that may import a module of ``group`` are looked for: its
        folder and the one above, and the folders beside it (an app's `shared/` is
        imported by its `web/` and `server/`, a package's `utils/` by its `services/`;
        for Python, where the folder or the one above is a package); and its tests:
        for JavaScript, its own tests' folder (`src/__tests__/`), for Python, beside
        its package or in a tree that mirrors it."""
        if group not in self._siblings:
            if group.js:
                inside = [group.path / name for name in _JS_TEST_FOLDERS if (group.path / name).is_dir()]  # `src/__tests__/`
                found = [*inside, *_beside(group.path)]
            else:
                package = (group.path / "__init__.py").is_file() or (group.path.parent / "__init__.py").is_file()
                found = [*_test_folders(group.path), *(_beside(group.path) if package else [])]
            self._siblings[group] = [_Group(p, group.js) for p in dict.fromkeys(found)]
        return [group, group.parent, *self._siblings[group]]

    def _importers_in_reach(self, path: Path) -> list[Path]:
        """The modules in reach that import ``path``: those of the folders `_importing_folders` names,
        and for a module of a workspace package, those of the other packages that import it by name."""
        group = _group(path)
        near = (p for folder in self._importing_folders(group) for p in self._importers_of(path, folder))
        return list(dict.fromkeys([*near, *(self._workspace_importers(path) if group.js else ())]))

    def _importers_of(self, path: Path, folder: "_Group") -> list[Path]:
        if folder not in self._importers:
            index: dict[Path, list[Path]] = {}
            for other in self._folder(folder):
                for target in self._imports(other):
                    index.setdefault(target, []).append(other)
            self._importers[folder] = index
        return self._importers[folder].get(path, [])

    def hosts(self, path: Path) -> tuple[bool, tuple[str, ...]]:
        """(aimed at OpenAI, the other providers' hosts) of a Realtime module: its
        own URLs, or else those of the Realtime modules of its package."""
        own = self.facts(path)
        if own is None or own.openai_host or own.other_hosts:
            return (bool(own and own.openai_host), own.other_hosts if own else ())
        folder = _group(path)
        if folder not in self._hosts:  # the same for every module of the package that names no host itself
            peers = [f for p in self._realtime_in(folder) if (f := self.facts(p)) is not None]
            self._hosts[folder] = (any(f.openai_host for f in peers), tuple(sorted({h for f in peers for h in f.other_hosts})))
        return self._hosts[folder]

    def neighbours(self, path: Path, data: bytes | None = None) -> Neighbours:
        """The modules it imports speak for it first; else its package and the
        modules of its package and the one above that import it. ``data``: the
        file's bytes, when already read. With them, the names the modules of its
        package and the one above import from it."""
        path = self.real(path)
        if self.facts(path, data) is None:
            return ALONE
        found = self._neighbours(path)
        if not (found.beside_openai or found.hosts) and _openai_named(path):
            found = replace(found, beside_realtime=True, beside_openai=True)  # `lib/openai/realtime/...`: the app says whose
        elif self._relayed(path, found):
            found = replace(found, beside_realtime=True, beside_openai=True)  # a browser fed by its repository's relay
        read, by_beta = self._read_names(path)
        if read:
            found = replace(found, read=read, read_by_beta=by_beta)
        if path.suffix.lower() in JS_SUFFIXES:
            taken = self._taken(path)
            return self._vocabulary(path, replace(found, taken=taken) if taken else found)
        kept = self._beta_kept(path)
        urls = self._imported_urls(path)
        classes = tuple(sorted(self._session_classes(path)))
        return replace(found, beta_kept=kept, url_constants=urls, session_classes=classes) if kept or urls or classes else found

    def _relayed(self, path: Path, near: Neighbours | None = None) -> list[Path]:
        """The Realtime modules of the relay that alone says the module is OpenAI's
        (none: something nearer says whose it is, or no such relay). ``near``: its
        neighbours, when already worked out."""
        if _openai_named(path) or (near is not None and (near.beside_openai or near.hosts)):
            return []
        # (asked only where nothing nearer says, when that is known): the project's own server
        # in the other language (a page in its `static/` folder), else the projects beside it
        relay = self._own_relay(path) or self._sibling_realtime(path)
        if not relay:
            return []
        near = near if near is not None else self._neighbours(path)
        return [] if near.beside_openai or near.hosts else relay

    def _sibling_realtime(self, path: Path) -> list[Path]:
        """The Realtime modules of the projects beside the module's own, in one
        repository, where they talk to OpenAI's Realtime API and none to another
        provider's (none otherwise). A web page that shows the events its
        repository's server relays (`webapp/` beside `websocket-server/`) speaks
        the protocol that server talks. (Read once per project.)"""
        root = _nearest(path.parent, PACKAGE_ROOTS)
        if root is None or root.parent == root or not _one_repository(root):
            return []
        if root not in self._sibling_aims:
            try:
                beside = sorted(
                    p for p in root.parent.iterdir()
                    if p.is_dir() and p != root and not p.name.startswith(".") and p.name not in _SKIPPED_FOLDERS
                    and any((p / name).is_file() for name in PACKAGE_ROOTS)
                )[:MAX_SIBLING_PROJECTS]
            except OSError:
                beside = []
            suffixes = (".py", *JS_SUFFIXES)
            realtime = [
                f for project in beside for f in _walk(project, SIBLING_DEPTH, SIBLING_FILES)
                if f.suffix.lower() in suffixes and _realtime(self.facts(f))
            ]
            aimed = self._aimed(realtime) if realtime else ALONE
            self._sibling_aims[root] = realtime if aimed.beside_openai and not aimed.hosts else []
        return self._sibling_aims[root]

    def partners(self, path: Path) -> list[Path]:
        """The Realtime modules that may share a connection with ``path``: those it
        imports (a helper that only sends its session too), those in reach that import it (else those that take it in through
        modules that pass it on, a few steps up), those imported beside it by a
        module that is not Realtime code itself (a client that takes the socket
        from one module and the session it sends from another), and, for a module that only its
        repository's relay says is OpenAI's, the Realtime modules of that relay's
        projects. (A module's protocol fixes wait for theirs: `api`.)"""
        path = self.real(path)
        if self.facts(path) is None:
            return []
        found = set(self._imported_realtime(path))
        found.update(t for t in self._imports(path) if _speaks(self.facts(t)))  # a helper that sends the session
        group = _group(path)
        every = set(self._importers_in_reach(path))
        senders = set(self.facts(path).senders)  # type: ignore[union-attr]
        # (one that gives a sender of it a config speaks through it, naming nothing else: `core.senders`)
        importers = {p for p in every if _speaks(self.facts(p)) or (senders and senders & set(self.imported_senders(p)))}
        for hub in every - importers:  # a module that wires this one to others (the socket, the session it sends)
            found.update(self._imported_realtime(hub))
            found.update(t for t in self._imports(hub) if _speaks(self.facts(t)))
        if not importers:  # those that take it in through modules that pass it on, as `_around` reads them
            importers.update(self._passed_on_to(path, _any_module if group.js else _package_init))
        found.update(importers)
        if path.suffix.lower() in JS_SUFFIXES or not self._for_itself(path):  # (a script that talks for itself is fed by no relay)
            found.update(self._relayed(path))
        found.update(self._other_language(path))
        found.update(self._key_chain(path))
        found.update(self._global_types(path))
        found.update(self._wired(path))
        found.discard(path)
        return sorted(found)

    def _wired(self, path: Path) -> list[Path]:
        """The modules that name the protocol and that a module of the app that does not
        (an app, an `index.ts` that passes on a router and a factory) reaches, as it reaches
        ``path``, through modules that name no protocol either, a few steps either way: the
        factory that loads the transport feeding the router by name, say. (The modules
        ``path`` reaches through its own imports are not counted: a type taken from a
        module of the protocol is no connection. Worked out once per module.)"""
        if path not in self._wired_memo:
            hubs: list[Path] = []
            seen, frontier = {path}, [path]
            for _ in range(WIRED_STEPS):  # up: the modules that take it in and name no protocol
                above: list[Path] = []
                for module in frontier:
                    for importer in self._importers_in_reach(module):
                        if importer not in seen:
                            seen.add(importer)
                            if not _speaks(self.facts(importer)):
                                above.append(importer)
                hubs += above
                frontier = above[:WIRED_WIDTH]
            found: set[Path] = set()
            reached, frontier = {path, *hubs}, hubs[:WIRED_WIDTH]
            for _ in range(WIRED_STEPS):  # down from them: what they bring in beside it
                below: list[Path] = []
                for module in frontier:
                    for target in sorted(self._imports(module)):
                        if target not in reached:
                            reached.add(target)
                            if _speaks(self.facts(target)):
                                found.add(target)  # (its own partners go on from there)
                            else:
                                below.append(target)
                frontier = below[:WIRED_WIDTH]
            self._wired_memo[path] = sorted(found)
        return self._wired_memo[path]

    def _global_types(self, path: Path) -> list[Path]:
        """The modules of the module's own project, where it declares types for the whole
        program (a TypeScript script), that use one of them; and the other way round. A
        server event's type renamed in one and compared in the other must move with it."""
        own = self.facts(path)
        if own is None or not (own.global_types or own.type_refs) or path.suffix.lower() not in (".ts", ".tsx", ".mts", ".cts"):
            return []
        declared, used = set(own.global_types), set(own.type_refs)
        return [p for p in self._project_speakers(_nearest(path.parent, PACKAGE_ROOTS))
                if (f := self.facts(p)) is not None and (declared & set(f.type_refs) or used & set(f.global_types))]

    def _key_chain(self, path: Path) -> list[Path]:
        """The modules of the module's own project, of either language, on the other end
        of an ephemeral key's life: where it mints keys (or asks its server for one), those
        that open WebRTC calls with one, and the other way round. A key minted by the beta
        authorizes only a beta call, however many modules it passes through on its way (a
        server's route, a page's fetch, a client library's offer)."""
        own = self.facts(path)
        if own is None or not own.keys:
            return []
        wanted = ("u" if "m" in own.keys else "") + ("m" if "u" in own.keys else "")
        return [p for p in self._project_speakers(_nearest(path.parent, PACKAGE_ROOTS))
                if (f := self.facts(p)) is not None and any(role in f.keys for role in wanted)]

    def _own_relay(self, path: Path) -> list[Path]:
        """The Realtime modules of the other language in the module's own project,
        where they talk to OpenAI's Realtime API and none to another provider's.
        (Worked out once per project and language.)"""
        root, js = _nearest(path.parent, PACKAGE_ROOTS), path.suffix.lower() in JS_SUFFIXES
        if (root, js) not in self._own_relays:
            own = [p for p in self._other_language_in(root, js) if _realtime(self.facts(p))]
            aimed = self._aimed(own) if own else None
            self._own_relays[root, js] = own if aimed is not None and aimed.beside_openai and not aimed.hosts else []
        return self._own_relays[root, js]

    def _other_language(self, path: Path) -> list[Path]:
        """The modules of the other language in the module's own project that name the
        protocol: a Python server and the page in its `static/` folder whose WebRTC offer
        it posts, or whose events it relays, share one connection. A Python script that
        talks to the API for itself (`_for_itself`) shares none with a page."""
        js = path.suffix.lower() in JS_SUFFIXES
        if not js and self._for_itself(path):
            return []
        return self._other_language_in(_nearest(path.parent, PACKAGE_ROOTS), js)

    def _other_language_in(self, root: Path | None, js: bool) -> list[Path]:
        """The modules of a project (``root``) that name the protocol, of the language
        other than JavaScript's (``js``) or Python's, but Python scripts that talk to the
        API for themselves. (Read once per project.)"""
        return [p for p in self._project_speakers(root) if (p.suffix.lower() in JS_SUFFIXES) != js and not (js and self._for_itself(p))]

    def _for_itself(self, path: Path) -> bool:
        """Is a Python module a program that opens its connection for itself: run as a
        script, importing nothing that serves, relays or makes requests (nor a module of
        its own that does), naming no local server? A page of its project cannot
        reach that connection. (A module that imports it, or that it imports, is still its partner.)"""
        own = self.facts(path)
        if own is None or own.standing != "e":
            return False
        return all((found := self.facts(t)) is not None and "n" not in found.standing for t in self._imports(path))

    def _project_speakers(self, root: Path | None) -> list[Path]:
        """The modules of a project (``root``), of both languages, that name the protocol. (Read once per project.)"""
        if root is None or root.parent == root:
            return []
        if root not in self._own_project:
            suffixes = (".py", *JS_SUFFIXES)
            self._own_project[root] = [
                f for f in _walk(root, SIBLING_DEPTH, SIBLING_FILES) if f.suffix.lower() in suffixes and _speaks(self.facts(f))
            ]
        return self._own_project[root]

    def _imported_urls(self, path: Path) -> tuple[str, ...]:
        """The Realtime URL constants a Python module takes by name from the modules it
        imports (`from app.config import OFFER_URL`), as `NAME=url`."""
        return self._taken_by_name(path, lambda found: found.url_constants, lambda entry: entry.partition("=")[0])

    def imported_senders(self, path: Path) -> tuple[str, ...]:
        """The senders (`core.senders`) a Python module imports by name from the modules it
        imports (`from client import configure`)."""
        return self._taken_by_name(self.real(path), lambda found: found.senders, lambda entry: from_fact(entry).name)

    def _taken_by_name(self, path: Path, entries: Callable[[ModuleFacts], tuple[str, ...]], name_of: Callable[[str], str]) -> tuple[str, ...]:
        """The entries of a fact (``entries``) of the modules a Python module imports whose
        name (``name_of``) it imports from them (`from pkg import a, b`)."""
        taken: set[str] = set()
        for name, target, found in self._imported(path):
            wanted = {n for n in name.partition(":")[2].split(",") if n}  # `pkg:a,b` for `from pkg import a, b`
            if target != path:
                taken.update(entry for entry in entries(found) if name_of(entry) in wanted)
        return tuple(sorted(taken))

    def _imported(self, path: Path) -> Iterator[tuple[str, Path, ModuleFacts]]:
        """(the import as the module's facts write it, the file it reaches, its facts)
        for each import of ``path`` that reaches a module in reach."""
        own = self.facts(path)
        for name in own.imports if own is not None else ():
            for target in self._resolve(path, name):
                found = self.facts(target)
                if found is not None:
                    yield name, target, found

    def _session_classes(self, path: Path) -> set[str]:
        """The classes shaped as the beta session that the Python modules ``path`` imports
        declare, or pass on from their package's modules (`from .config import SessionConfig`)."""
        found: set[str] = set()
        for _, target, facts_of in self._imported(path):
            if target != path:
                found.update(facts_of.session_classes)
                if target.name == "__init__.py":
                    found.update(c for _, inner, passed in self._imported(target) if inner != target for c in passed.session_classes)
        return found

    def _beta_kept(self, path: Path) -> tuple[str, ...]:
        """The beta types the Python modules ``path`` imports keep."""
        kept = {kind for _, target, found in self._imported(path) if target != path for kind in found.beta_kept}
        return tuple(sorted(kept))

    def _vocabulary(self, path: Path, found: Neighbours) -> Neighbours:
        """A JavaScript module's derived-name prefixes (its own and its imports') and
        the specifiers of the app's own modules it imports event names from."""
        own = self.facts(path)
        prefixes = set(own.prefixes) if own is not None else set()
        vocabularies = []
        urls: set[str] = set()
        for name, _, facts_of in self._imported(path):
            prefixes.update(facts_of.prefixes)
            urls.update(facts_of.url_constants)
            if facts_of.own_vocabulary:
                vocabularies.append(name.removeprefix("js:"))
        if not prefixes and not vocabularies and not urls:
            return found
        return replace(found, prefixes=tuple(sorted(prefixes)), vocabularies=tuple(sorted(set(vocabularies))), url_constants=tuple(sorted(urls)))

    def _taken(self, path: Path) -> tuple[str, ...]:
        """The beta event names that the JavaScript modules importing ``path`` accept
        beside their GA names: a type declared here with such a name is still taken there."""
        taken = {
            name for importer in self._importers_in_reach(path)
            if importer != path and (found := self.facts(importer)) is not None for name in found.dual
        }
        return tuple(sorted(taken))

    def _read_names(self, path: Path) -> tuple[tuple[str, ...], bool]:
        """What the importers in reach take from ``path``: the names of `from mod import
        a, b`, or "*" where a module imports it whole (and may read any of its names);
        and whether one of those importers still shows the beta (a test of it that
        fakes or expects the beta's requests)."""
        names: set[str] = set()
        by_beta = False
        for importer in self._importers_in_reach(path):
            found = self.facts(importer)
            for name in found.imports if found is not None else ():
                if path not in self._resolve(importer, name):
                    continue
                by_beta = by_beta or ((found.beta or found.beta_answer) and importer != path)
                if name.startswith("js:"):
                    names.add("*")  # a module's exports are read by name after an import: count them all
                    continue
                base, colon, listed = name.partition(":")
                if not colon or self._resolve(importer, base) != [path]:
                    names.add("*")
                else:
                    names.update(n for n in listed.split(",") if n)
        return tuple(sorted(names)), by_beta

    def _imported_realtime(self, path: Path) -> list[Path]:
        """The Realtime modules ``path`` imports, itself or through the package
        modules that pass them on (`from realtime_client import RealtimeClient`,
        which its `__init__.py` or `index.ts` takes from a module of its own), a few steps down at most."""
        if path in self._imported_memo:
            return self._imported_memo[path]
        found: set[Path] = set()
        frontier, seen = [path], {path}
        for _ in range(IMPORTER_STEPS):
            below = []
            for module in frontier:
                for target in sorted(self._imports(module)):
                    if target in seen:
                        continue
                    seen.add(target)
                    if _realtime(self.facts(target)):
                        found.add(target)
                    elif target.stem in ("__init__", "index"):
                        below.append(target)
            if found:
                break
            frontier = below
        self._imported_memo[path] = sorted(found)
        return self._imported_memo[path]

    def _neighbours(self, path: Path) -> Neighbours:
        imported = self._imported_realtime(path)
        if imported:
            aimed = replace(self._aimed(imported), imports_realtime=True)
            if aimed.beside_openai or aimed.hosts:
                return aimed
            # what it imports names no API (the app's own event types): its package and importers may
            around = self._around(path)
            return replace(around, imports_realtime=True) if around.beside_openai or around.hosts else aimed
        return self._around(path)

    def _around(self, path: Path) -> Neighbours:
        group = _group(path)
        package = self._realtime_in(group)
        reached = set(self._importers_in_reach(path))
        importers = {p for p in reached if _realtime(self.facts(p))} - self._realtime_sets[group]
        if not importers and (own := self.facts(path)) is not None and own.own_vocabulary:
            # the app's event types: its importers that name events too (a handler) may say whose they are
            importers = {p for p in reached if (f := self.facts(p)) is not None and f.own_vocabulary and p != path}
        passed_on = False
        if not importers and not group.js:
            importers = set(self._passed_on_to(path))
            passed_on = bool(importers)
        elif not importers and _realtime(self.facts(path)):
            # JavaScript: a hook or handler taken in by a component that the page talking to the API renders
            importers = set(self._passed_on_to(path, _any_module))
        if importers:
            aimed = self._aimed(sorted({*package, *importers} - {path}))
            if not (aimed.beside_openai or aimed.hosts) and self._importers_say_openai(path, importers):
                aimed = replace(aimed, beside_openai=True)
            return replace(aimed, read_by_realtime=True) if passed_on else aimed
        if len(package) - (path in self._realtime_sets[group]) == 0:
            return ALONE
        if group not in self._packages:  # the same for every module of the package (its own evidence decides the rest)
            self._packages[group] = self._aimed(package)
        return self._packages[group]

    def _passed_on_to(self, path: Path, through: Callable[[Path], bool] = _package_init) -> list[Path]:
        """The Realtime modules that take a module in through modules that pass it on,
        a few steps up at most: in Python, the package `__init__` modules
        (`events/server_events/__init__.py` gathering one event model per file);
        ``through`` says which importers pass a module on."""
        key = (path, through)
        if key not in self._passed_memo:
            self._passed_memo[key] = self._passed_on_walk(path, through)
        return self._passed_memo[key]

    def _passed_on_walk(self, path: Path, through: Callable[[Path], bool]) -> list[Path]:
        frontier, seen = [path], {path}
        for _ in range(IMPORTER_STEPS):
            found: list[Path] = []
            above: list[Path] = []
            for module in frontier:
                for importer in self._importers_in_reach(module):
                    if importer in seen:
                        continue
                    seen.add(importer)
                    if _realtime(self.facts(importer)):
                        found.append(importer)
                    elif through(importer):
                        above.append(importer)
            if found:
                return sorted(found)
            frontier = above
        return []

    def _importers_say_openai(self, path: Path, importers: set[Path]) -> bool:
        """Do the importers' own neighbours (or names) show OpenAI: the app's event types,
        imported by a handler that the module connecting to OpenAI imports in turn?
        (A few steps up the imports at most, each module asked once.)"""
        if len(self._asking) >= IMPORTER_STEPS:
            return False
        self._asking.add(path)
        try:
            for importer in sorted(importers - self._asking):
                around = self._neighbours(importer)
                if around.beside_openai or _openai_named(importer):
                    return True
            return False
        finally:
            self._asking.discard(path)

    def _realtime_in(self, folder: "_Group") -> list[Path]:
        if folder not in self._realtime:
            self._realtime[folder] = [p for p in self._folder(folder) if _realtime(self.facts(p))]
            self._realtime_sets[folder] = set(self._realtime[folder])
        return self._realtime[folder]

    def _aimed(self, realtime: list[Path]) -> Neighbours:
        """Neighbours aimed only at other providers pass their hosts on; any aimed at OpenAI, none."""
        found = [f for p in realtime if (f := self.facts(p)) is not None]
        openai = any(f.openai for f in found)
        ga = any(f.ga for f in found) and not any(f.beta for f in found)
        hosts = [self.hosts(p) for p in realtime]
        if any(aimed for aimed, _ in hosts):
            return Neighbours(True, True, (), ga)
        return Neighbours(True, openai, tuple(sorted({h for _, others in hosts for h in others})), ga)


# The SDK's own repositories: their beta namespace and its tests are the beta
# implementation itself, kept on purpose beside the GA one.
SDK_PROJECTS = frozenset({"openai"})


def sdk_source(path: Path) -> bool:
    """Is ``path`` part of the `openai` SDK's own source (its nearest
    `pyproject.toml` or `package.json` names the project `openai`)?"""
    return _sdk_folder(path.resolve().parent)


_PACKAGE_MANIFESTS = ("pyproject.toml", "package.json")


@functools.lru_cache(maxsize=1024)
def _sdk_folder(folder: Path) -> bool:
    root = _nearest(folder, _PACKAGE_MANIFESTS)
    manifest = next((root / m for m in _PACKAGE_MANIFESTS if (root / m).is_file()), None) if root is not None else None
    return manifest is not None and _project_name(manifest) in SDK_PROJECTS


def _project_name(manifest: Path) -> str | None:
    try:
        text = manifest.read_text(encoding="utf-8", errors="replace")
        if manifest.name == "package.json":
            name = json.loads(text).get("name")
        else:
            import tomllib

            data = tomllib.loads(text)
            name = data.get("project", {}).get("name") or data.get("tool", {}).get("poetry", {}).get("name")
    except (OSError, ValueError, AttributeError):
        return None
    return name if isinstance(name, str) else None
