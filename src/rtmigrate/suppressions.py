"""`# rtmigrate: ignore[CODE, ...]` at the end of a line, and
`# rtmigrate: ignore-file` among a file's leading comments."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import libcst as cst

from .cstutil import Visitor

LINE = re.compile(r"#\s*rtmigrate:\s*ignore(?!-)(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)
FILE = re.compile(r"#\s*rtmigrate:\s*ignore-file\b", re.IGNORECASE)


@dataclass
class Suppression:
    comment: cst.Comment
    codes: tuple[str, ...]  # empty: every code
    used: set[str] = field(default_factory=set)

    def covers(self, code: str) -> bool:
        return not self.codes or any(code.startswith(c) for c in self.codes)


class SuppressionCollector(Visitor):
    def __init__(self) -> None:
        self.found: list[Suppression] = []
        self.whole_file = False

    def visit_Module(self, node: cst.Module) -> None:
        self.whole_file = any(line.comment is not None and FILE.search(line.comment.value) for line in node.header)

    def visit_Comment(self, node: cst.Comment) -> None:
        match = LINE.search(node.value)
        if match:
            codes = tuple(c.strip().upper() for c in (match.group("codes") or "").split(",") if c.strip())
            self.found.append(Suppression(node, codes))
