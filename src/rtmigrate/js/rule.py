"""The base class of the JavaScript and TypeScript rules, and their registry.

A JS rule is one small class, like a Python rule: a ``code`` (the Python
rule's own where the finding means the same), a ``name``, a docstring, and
``VALID`` / ``INVALID`` examples in JavaScript or TypeScript. Its
``visit_<node type>`` hooks receive the tree-sitter nodes of those types, in
source order, from the engine's one query over the file; :meth:`finish` runs
once they all have. It reports byte spans and fixes made of
:class:`~rtmigrate.core.diagnostics.TextEdit`; it never reads files or prints.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..core.config import Settings
from ..core.diagnostics import Fix, Kind, TextEdit
from ..core.ruledoc import Documented
from ..core.routes import held

if TYPE_CHECKING:
    from tree_sitter import Node

    from .context import JsContext


@dataclass(frozen=True)
class JsReport:
    node: "Node"  # where the finding is judged (its Realtime context)
    start: int  # the byte span reported
    end: int
    message: str
    fix: Fix | None
    hint: str | None
    kind: Kind | None = None
    # what the finding is of a key route (`core.routes`), and the request it is of (reports of one
    # request count once, where all of them are kept with their fix)
    tag: tuple[str, int] | None = None


JS_REGISTRY: dict[str, type["JsRule"]] = {}


class JsRule(Documented):
    LANGUAGE: ClassVar[str] = "typescript"  # examples are TypeScript (plain JavaScript is a subset here)

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__:
            if cls.code in JS_REGISTRY:
                raise TypeError(f"JavaScript rule code {cls.code} is used twice")
            JS_REGISTRY[cls.code] = cls

    def __init__(self, settings: Settings, source: bytes) -> None:
        self.settings = settings
        self.source = source  # the whole file, as parsed
        self.context: JsContext  # set by the engine; complete by `finish`
        self.reports: list[JsReport] = []
        self.shared: dict[str, object] = {}  # what the rules work out once per file (set by the engine: one dict for all)
        self.grammar = "typescript"  # the grammar the file is parsed with (set by the engine)

    @classmethod
    def hooks(cls) -> dict[str, str]:
        """node type → the method that visits it."""
        return _hooks(cls)

    def report(
        self, node: "Node", message: str, fix: Fix | None = None, hint: str | None = None,
        kind: Kind | None = None, span: tuple[int, int] | None = None, tag: tuple[str, int] | None = None,
    ) -> None:
        start, end = span or (node.start_byte, node.end_byte)
        self.reports.append(JsReport(node, start, end, message, fix, hint, kind, tag))

    def paired(self, tag: str) -> bool:
        """Does the key route ``tag`` names move with its other side (`core.routes`)?"""
        return tag in self.context.pins.paired

    def kept_by_reader(self, tag: str | None) -> bool:
        """Does a page of the key route ``tag`` names keep its read of the key where the
        beta put it (`core.routes`)? Then the route may not move: its answer would lose the key."""
        return tag is not None and held(tag) in self.context.pins.paired

    def text(self, start: int, end: int) -> str:
        return self.source[start:end].decode("utf-8", "replace")

    @staticmethod
    def replace(node: "Node", text: str) -> TextEdit:
        return TextEdit(node.start_byte, node.end_byte, text)

    def finish(self) -> None:
        """Called once every node has been visited."""


@functools.lru_cache(maxsize=None)
def _hooks(cls: type) -> dict[str, str]:
    return {name[len("visit_"):]: name for name, _ in inspect.getmembers(cls, inspect.isfunction) if name.startswith("visit_")}


@functools.lru_cache(maxsize=None)
def _load() -> None:
    from . import rules

    for info in pkgutil.iter_modules(rules.__path__):
        importlib.import_module(f"{rules.__name__}.{info.name}")


def js_rules() -> list[type[JsRule]]:
    """Every rule of ``rtmigrate.js.rules``, ordered by code (Python's rules and libcst stay unloaded)."""
    _load()
    return [JS_REGISTRY[code] for code in sorted(JS_REGISTRY)]


def js_rule_by_code(code: str) -> type[JsRule] | None:
    js_rules()
    return JS_REGISTRY.get(code.upper())
