"""Output formats. Each module renders a RunResult; the CLI picks one by name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, TextIO, Union

if TYPE_CHECKING:
    from rich.console import Console

from ..api import RunResult
from . import github
from . import json
from . import sarif
from . import text

from .console import Plain

Renderer = Callable[[RunResult, Union["Console", Plain], bool], None]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json.render,
    "github": github.render,
    "sarif": sarif.render,
}

__all__ = ["FORMATS", "Renderer", "TextIO"]
