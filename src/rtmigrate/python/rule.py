"""The base class of every Python rule, and the registry that finds them.

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
from ..core.diagnostics import Fix, Kind
from ..core.ruledoc import Documented, Invalid  # noqa: F401 (rules import Invalid from here)
from ..core.routes import held

if TYPE_CHECKING:
    from .context import Context


@dataclass(frozen=True)
class Report:
    node: cst.CSTNode
    message: str
    fix: Fix | None
    hint: str | None
    kind: Kind | None = None  # None: the rule's own
    # what the finding is of a key route (`core.routes`), and the request it is of
    tag: tuple[str, int] | None = None


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
        self, node: cst.CSTNode, message: str, fix: Fix | None = None, hint: str | None = None, kind: Kind | None = None,
        tag: tuple[str, int] | None = None,
    ) -> None:
        self.reports.append(Report(node, message, fix, hint, kind, tag))

    def paired(self, tag: str) -> bool:
        """Does the key route ``tag`` names move with its other side (`core.routes`)?"""
        return tag in self.context.collector.project.paired

    def kept_by_reader(self, tag: str | None) -> bool:
        """Does a page of the key route ``tag`` names keep its read of the key where the
        beta put it (`core.routes`)? Then the route may not move: its answer would lose the key."""
        return tag is not None and held(tag) in self.context.collector.project.paired

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
def _load() -> None:
    from . import rules

    for info in pkgutil.iter_modules(rules.__path__):
        importlib.import_module(f"{rules.__name__}.{info.name}")


def python_rules() -> list[type[Rule]]:
    """The rules of ``rtmigrate.python.rules``, which read Python, ordered by code."""
    _load()
    return [_REGISTRY[code] for code in sorted(_REGISTRY)]
