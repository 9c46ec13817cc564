"""Output formats. Each module renders a RunResult; the CLI picks one by name."""

from __future__ import annotations

from typing import Callable, TextIO

from rich.console import Console

from ..api import RunResult
from . import github
from . import json
from . import sarif
from . import text

Renderer = Callable[[RunResult, Console, bool], None]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json.render,
    "github": github.render,
    "sarif": sarif.render,
}

__all__ = ["FORMATS", "Renderer", "TextIO"]
