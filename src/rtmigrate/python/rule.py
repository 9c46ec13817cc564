"""The base class of every rule, and the registry that finds them.

A rule is one small class: a stable ``code``, a kebab-case ``name``, a
docstring that *is* its documentation (``rtmigrate explain CODE`` prints it),
and ``VALID`` / ``INVALID`` examples that the test harness runs. It visits
libcst nodes and calls :meth:`Rule.report`; it never reads files or prints.

Its `visit_<Node>` hooks run in the engine's one traversal of the file. A
rule that decides with the whole file seen does so in :meth:`Rule.finish`,
where :meth:`Rule.nodes` answers "every node of these types (under this
node)" from the file's index instead of another walk.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

import libcst as cst

from ..core.config import Settings
from .cstutil import Tree, Visitor
from ..core.diagnostics import KIND_MEANINGS, Fix, Kind
from ..core.ruledoc import Documented, Invalid  # noqa: F401 (rules import Invalid from here)

if TYPE_CHECKING:
    from .context import Context


@dataclass(frozen=True)
class Report:
    node: cst.CSTNode
    message: str
    fix: Fix | None
    hint: str | None
    kind: Kind | None = None  # None: the rule's own


_REGISTRY: dict[str, type["Rule"]] = {}


class Rule(Documented, Visitor):
    """A rule on Python code (libcst)."""

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__:
            if cls.code in _REGISTRY:
                raise TypeError(f"rule code {cls.code} is used twice")
            _REGISTRY[cls.code] = cls

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.tree: Tree  # the file's parents and node index; set by the engine, complete by `finish`
        self.context: Context  # which API and host the code talks to; set by the engine, complete by `finish`
        self.reports: list[Report] = []

    # --- what rules call -------------------------------------------------
    def report(
        self, node: cst.CSTNode, message: str, fix: Fix | None = None, hint: str | None = None, kind: Kind | None = None
    ) -> None:
        self.reports.append(Report(node, message, fix, hint, kind))

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.tree.parent(node)

    def nodes(self, *types: type, within: cst.CSTNode | None = None) -> list[cst.CSTNode]:
        """Nodes of these exact ``types`` in source order (under ``within``, if
        given), from the file's index: no walk. Complete only in ``finish``."""
        return self.tree.nodes(*types, within=within)

    def ancestors(self, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
        current = self.parent(node)
        while current is not None:
            yield current
            current = self.parent(current)

    def finish(self) -> None:
        """Called once at the end of the traversal, for rules that decide with the whole file seen."""

    def leave_Module(self, original_node: cst.Module) -> None:
        self.finish()


@functools.lru_cache(maxsize=None)
def _load_rules() -> tuple[type[Documented], ...]:
    from . import rules
    from ..js import rules as js_rules
    from ..js.rule import JS_REGISTRY

    for package in (rules, js_rules):
        for info in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{info.name}")
    own = {code: JS_REGISTRY[code] for code in JS_REGISTRY if code not in _REGISTRY}
    every: dict[str, type[Documented]] = {**_REGISTRY, **own}
    return tuple(every[code] for code in sorted(every))


def all_rules() -> list[type[Documented]]:
    """Every rule, ordered by code: the Python rule of a code, or the
    JavaScript rule of a code only JavaScript has."""
    return list(_load_rules())


def python_rules() -> list[type[Rule]]:
    """The rules of ``rtmigrate.python.rules``, which read Python, ordered by code."""
    _load_rules()
    return [_REGISTRY[code] for code in sorted(_REGISTRY)]


def rule_by_code(code: str) -> type[Documented] | None:
    return next((rule for rule in _load_rules() if rule.code == code.upper()), None)


def languages(code: str) -> str:
    """Which languages a code's rules read: "Python", "JS/TS" or both."""
    from ..js.rule import JS_REGISTRY

    _load_rules()
    return ", ".join(name for name, registry in (("Python", _REGISTRY), ("JS/TS", JS_REGISTRY)) if code in registry)


def explanation(code: str) -> str | None:
    """The full text `explain` prints: the rule's documentation, then (for a
    code both languages report) what the JavaScript and TypeScript rule adds."""
    from ..js.rule import JS_REGISTRY

    rule = rule_by_code(code)
    if rule is None:
        return None
    text = f"# {rule.code} {rule.name}\n\nKind: {rule.kind.value}. {KIND_MEANINGS[rule.kind]}\n\nLanguages: {languages(rule.code)}.\n\n{rule.documentation()}"
    js = JS_REGISTRY.get(rule.code)
    if js is not None and js is not rule:
        text += f"\n\n## In JavaScript and TypeScript\n\n{js.documentation()}"
    return text
