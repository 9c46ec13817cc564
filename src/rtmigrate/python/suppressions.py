"""`# rtmigrate: ignore[CODE, ...]` at the end of a line, and
`# rtmigrate: ignore-file` among a file's leading comments."""

from __future__ import annotations

import re

import libcst as cst

from .cstutil import Visitor
from ..core.ignores import Suppression, parse_codes

LINE = re.compile(r"#\s*rtmigrate:\s*ignore(?!-)(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)
FILE = re.compile(r"#\s*rtmigrate:\s*ignore-file\b", re.IGNORECASE)


class SuppressionCollector(Visitor):
    def __init__(self) -> None:
        self.found: list[Suppression] = []
        self.whole_file = False

    def visit_Module(self, node: cst.Module) -> None:
        self.whole_file = any(line.comment is not None and FILE.search(line.comment.value) for line in node.header)

    def visit_Comment(self, node: cst.Comment) -> None:
        match = LINE.search(node.value)
        if match:
            self.found.append(Suppression(node, parse_codes(match.group("codes"))))
