"""The shared data types: what a rule reports and how a fix is described.

Fix safety is data on the fix (``Applicability``), never a property of the
command that applies it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Union

import libcst as cst

Replacement = Union[cst.CSTNode, cst.RemovalSentinel, cst.FlattenSentinel]


class Applicability(str, enum.Enum):
    """How safe a fix is to apply without a human reading it."""

    SAFE = "safe"
    """Keeps the program's behaviour on the GA API; applied by ``--fix``."""
    UNSAFE = "unsafe"
    """May change behaviour; applied only with ``--unsafe-fixes``."""


@dataclass(frozen=True, eq=False)
class Edit:
    """Replace one node of the parsed file (compared by identity)."""

    node: cst.CSTNode
    replacement: Replacement


@dataclass(frozen=True, eq=False)
class Fix:
    applicability: Applicability
    description: str
    edits: tuple[Edit, ...]

    @classmethod
    def safe(cls, description: str, *edits: Edit) -> "Fix":
        return cls(Applicability.SAFE, description, edits)

    @classmethod
    def unsafe(cls, description: str, *edits: Edit) -> "Fix":
        return cls(Applicability.UNSAFE, description, edits)

    def to_dict(self) -> dict[str, str]:
        return {"applicability": self.applicability.value, "description": self.description}


@dataclass(frozen=True)
class Diagnostic:
    """One finding. Lines are 1-based; columns are 1-based, as editors show them."""

    code: str
    name: str
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    fix: Fix | None = field(default=None, compare=False)
    hint: str | None = None
    cell: int | None = None  # notebooks: the code cell (from 1); lines count within it

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "fix": self.fix.to_dict() if self.fix else None,
            "hint": self.hint,
            **({"cell": self.cell} if self.cell is not None else {}),
        }

    @property
    def location(self) -> str:
        cell = f"cell {self.cell}:" if self.cell is not None else ""
        return f"{self.path}:{cell}{self.line}:{self.column}"

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


@dataclass(frozen=True)
class FileError:
    """A file that could not be read, parsed or written. Reported, then skipped."""

    path: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}
