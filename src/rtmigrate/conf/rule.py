"""The base of the rules on configuration and shell files, and their registry.

A rule reads the file's text (``self.text``) for one kind of file or several
(``KINDS``) and reports spans of it, by character offset; a fix is text
edits. The same docstring, examples and codes as the code rules: `rtmigrate
rules` shows one code for every reader of it."""

from __future__ import annotations

import functools
import importlib
import pkgutil
from dataclasses import dataclass
from typing import ClassVar

from ..core.config import Settings
from ..core.diagnostics import Fix, Kind
from ..core.ruledoc import Documented, Invalid  # noqa: F401 (rules import Invalid from here)

CONF_REGISTRY: dict[str, type["ConfRule"]] = {}


@dataclass(frozen=True)
class ConfReport:
    start: int
    end: int
    message: str
    fix: Fix | None
    hint: str | None
    kind: Kind | None = None


class ConfRule(Documented):
    """A rule on a configuration or shell file."""

    KINDS: ClassVar[frozenset[str]] = frozenset()
    LANGUAGE = "shell"

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__:
            if cls.code in CONF_REGISTRY:
                raise TypeError(f"configuration rule code {cls.code} is used twice")
            CONF_REGISTRY[cls.code] = cls

    def __init__(self, settings: Settings, text: str, kind: str, skipped: list[tuple[int, int]]) -> None:
        self.settings = settings
        self.text = text
        self.file_kind = kind
        self.skipped = skipped  # spans the rules leave alone (rtmigrate's own settings)
        self.reports: list[ConfReport] = []

    def report(self, start: int, end: int, message: str, fix: Fix | None = None, hint: str | None = None, kind: Kind | None = None) -> None:
        if any(a <= start < b for a, b in self.skipped):
            return
        self.reports.append(ConfReport(start, end, message, fix, hint, kind))

    def check(self) -> None:
        raise NotImplementedError


@functools.lru_cache(maxsize=None)
def _load() -> None:
    from . import rules

    for info in pkgutil.iter_modules(rules.__path__):
        importlib.import_module(f"{rules.__name__}.{info.name}")


def conf_rules() -> list[type[ConfRule]]:
    """Every rule of ``rtmigrate.conf.rules``, ordered by code."""
    _load()
    return [CONF_REGISTRY[code] for code in sorted(CONF_REGISTRY)]
