"""Where reports write: rich's console on a terminal (or where colours are
asked for), and a plain writer otherwise, so that a run whose output goes to
a pipe or a file (pre-commit, CI) never imports rich."""

from __future__ import annotations

import os
import re
import sys
from typing import TYPE_CHECKING, TextIO, Union

if TYPE_CHECKING:
    from rich.console import Console

# what makes rich style output that is not a terminal
_STYLE_ASKED = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")
# rich's markup: `[bold red]`, `[/]`, `[link=...]`; a `[` escaped as `\[` is kept
_TAG = re.compile(r"(\\*)\[([a-z#/@][^\[]*?)\]")


class Plain:
    """What reports use of a console, for output with no styles to show: the
    text as rich would print it there, without its markup."""

    is_terminal = False
    color_system = None
    record = False

    def __init__(self, file: TextIO) -> None:
        self.file = file

    def print(self, text: object = "", *, highlight: bool = False, soft_wrap: bool = False) -> None:
        self.file.write(unmarked(str(text)) + "\n")


def unmarked(text: str) -> str:
    """``text`` without rich's markup tags, as rich renders it with no styles."""

    def tag(match: re.Match[str]) -> str:
        slashes = match.group(1)
        if len(slashes) % 2:  # an escaped bracket: printed as written, less one backslash
            return slashes[:-1] + "[" + match.group(2) + "]"
        return slashes

    return _TAG.sub(tag, text)


def console(stderr: bool = False) -> Union["Console", Plain]:
    """A console for standard output (or error): rich's where styles can show."""
    stream = sys.stderr if stderr else sys.stdout
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if terminal or any(os.environ.get(name) for name in _STYLE_ASKED):
        from rich.console import Console

        return Console(stderr=stderr, soft_wrap=True)
    return Plain(stream)
