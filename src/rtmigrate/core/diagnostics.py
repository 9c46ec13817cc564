"""The shared data types: what a rule reports and how a fix is described.

Fix safety is data on the fix (``Applicability``), never a property of the
command that applies it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Iterable, TypeVar, Union

if TYPE_CHECKING:  # libcst is imported only when a file is parsed
    import libcst as cst

    Replacement = Union[cst.CSTNode, cst.RemovalSentinel, cst.FlattenSentinel]

R = TypeVar("R")  # a rule's report, of either language (a dataclass with `message` and `fix`)


class Kind(str, enum.Enum):
    """What a finding means for code that must run on the GA API. A run fails
    on ``BREAKS`` findings; the `fail-on` setting adds kinds or codes."""

    BREAKS = "breaks"
    """Breaks on GA: a beta name, shape, path, endpoint or header the GA API does not take."""
    LEFTOVER = "leftover"
    """Harmless on GA, but left over from the beta: a beta name beside its GA name, a preview model id."""
    ADVICE = "advice"
    """Not about the beta at all: architecture fit, safety identifiers, notes."""


KIND_MEANINGS = {
    Kind.BREAKS: "Code like this stops working on the GA API; `rtmigrate check` fails on it.",
    Kind.LEFTOVER: "Harmless on the GA API but left over from the beta; it fails a run only with `--fail-on leftover`.",
    Kind.ADVICE: "Not about the beta: how the app uses the API; it fails a run only with `--fail-on advice`.",
}


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


@dataclass(frozen=True)
class TextEdit:
    """Replace bytes ``start:end`` of the file with ``text`` (the JavaScript
    front end edits text, not trees)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, eq=False)
class Fix:
    applicability: Applicability
    description: str
    edits: tuple[Edit | TextEdit, ...]

    @classmethod
    def safe(cls, description: str, *edits: Edit | TextEdit) -> "Fix":
        return cls(Applicability.SAFE, description, edits)

    @classmethod
    def unsafe(cls, description: str, *edits: Edit | TextEdit) -> "Fix":
        return cls(Applicability.UNSAFE, description, edits)

    def to_dict(self) -> dict[str, str]:
        return {"applicability": self.applicability.value, "description": self.description}


def without_edits(diagnostics: "list[Diagnostic]") -> "list[Diagnostic]":
    """The diagnostics with their fixes kept as data only: a run's result must
    not hold the edits, which hold the whole parsed tree."""
    return [replace(d, fix=replace(d.fix, edits=())) if d.fix is not None and d.fix.edits else d for d in diagnostics]


def made_unsafe(reports: list[R], why: str) -> list[R]:
    """A rule's reports (of either language), those with a safe fix made unsafe,
    ``why`` added to their message."""
    return [
        replace(r, message=r.message + why, fix=Fix.unsafe(r.fix.description, *r.fix.edits))  # type: ignore[attr-defined]
        if r.fix is not None and r.fix.applicability is Applicability.SAFE else r  # type: ignore[attr-defined]
        for r in reports
    ]


def excerpt(code: str) -> str:
    """A use as a message names it: its first line, kept short; a use whose first
    line only opens it (`[`, `{`, `foo(`) is shown with the line that closes it."""
    lines = [line.strip() for line in code.strip().splitlines()]
    if not lines:
        return ""
    text = lines[0]
    if len(lines) > 1 and len(text) <= 3 and text[-1:] in "[{(":
        text = f"{text} ... {lines[-1]}"
    return text if len(text) <= 60 else text[:57] + "..."


HELD = " keeps beta code in "  # what the messages of fixes held by another finding say
ONE_PROTOCOL = "; the fix is unsafe: {shown} keeps beta code in this module, and a connection speaks one protocol"
# a module held by another that may share its connection (`api`'s pass over a run's modules)
ACROSS = ("; the fix is unsafe: {shown} keeps beta code in a module that may share this module's connection, "
          "and a connection speaks one protocol")
# a module held by another that is not in the run: its fix moves with this one's, but is not made
OUTSIDE = ("; the fix is unsafe: {shown} keeps beta code in a module that may share this module's connection "
           "and is not among the files checked; check and fix them together")
OUTSIDE_RUN = "outside the run: "  # how a ``held_by`` names such a finding (`one_protocol`)
# what `explain` says of a rule that `speaks`
SPEAKS = ("Its fix changes what a connection sends or listens for, so a module's such fixes are safe "
          "together or not at all: where one of them is unsafe or missing, the safe ones turn unsafe too, "
          "and their message names it. The same holds between modules that may share a connection "
          "(one imports the other, or a page shows what its repository's relay passes on). A partner "
          "that rtmigrate cannot parse holds them too where its text shows beta code: its findings are not known. "
          "So does one that is not in the run where its own safe fix would move with them: that fix is not made "
          "in the run, so name both.")


def speaking(rules: "Iterable[Any]") -> "dict[str, bool]":
    """The codes of ``rules`` whose fixes speak the protocol, each with whether a
    finding of it left with no fix keeps beta code (the rules' ``speaks``, ``holds``)."""
    return {rule.code: rule.holds for rule in rules if rule.speaks}


def holder(diagnostics: "Iterable[Diagnostic]", holds: "dict[str, bool]") -> "Diagnostic | None":
    """The first finding that keeps a module's protocol beta: of a code that speaks
    (``holds``: code -> whether a finding with no fix keeps beta code), breaking on
    GA, with an unsafe fix or with none where its rule holds."""
    found = [
        d for d in diagnostics if d.code in holds and d.kind == Kind.BREAKS.value
        and (d.fix.applicability is Applicability.UNSAFE if d.fix is not None else holds[d.code])
    ]
    # one that keeps beta code of its own, before one held by it
    return next((d for d in found if HELD not in d.message), found[0] if found else None)


def one_protocol(diagnostics: "list[Diagnostic]", rules: "Iterable[Any]", held_by: str | None = None) -> "list[Diagnostic]":
    """A module's fixes that speak the protocol (of ``rules`` whose ``speaks`` is set) are
    safe together or not at all. Where a finding that breaks on GA has an unsafe fix, or
    has none and its rule ``holds`` (such a finding keeps beta code), the safe ones are
    made unsafe too, naming it. A safe header fix beside a session config that stays beta
    would send a beta config over a GA connection; renamed events would wait on a beta
    connection for names it never sends; a beta name dropped from beside its GA name
    would leave a beta connection unheard. ``held_by``: such a finding of another module
    that may share this one's connection, as the message names it."""
    holds = speaking(rules)
    safe = {id(d) for d in diagnostics if d.code in holds and d.fix is not None and d.fix.applicability is Applicability.SAFE}
    if not safe:
        return diagnostics
    held = holder(diagnostics, holds)
    if held is not None:
        why = ONE_PROTOCOL.format(shown=f"{held.code} at line {held.line}")
    elif held_by is not None:
        outside = held_by.startswith(OUTSIDE_RUN)
        why = (OUTSIDE if outside else ACROSS).format(shown=held_by.removeprefix(OUTSIDE_RUN))
    else:
        return diagnostics
    return [made_unsafe([d], why)[0] if id(d) in safe else d for d in diagnostics]


def is_applicable(fix: "Fix | None", unsafe: bool) -> bool:
    """Would this fix be applied (``unsafe``: with ``--unsafe-fixes``)?"""
    return fix is not None and (fix.applicability is Applicability.SAFE or unsafe)


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
    kind: str = Kind.BREAKS.value

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
            "kind": self.kind,
            "fix": self.fix.to_dict() if self.fix else None,
            "hint": self.hint,
            **({"cell": self.cell} if self.cell is not None else {}),
        }

    @property
    def location(self) -> str:
        cell = f"cell {self.cell}:" if self.cell is not None else ""
        return f"{self.path}:{cell}{self.line}:{self.column}"

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: str) -> "Diagnostic":
        """The inverse of ``to_dict`` (a fix comes back as data only, with no edits)."""
        fix = data.get("fix")
        return cls(
            code=data["code"], name=data["name"], message=data["message"], path=path,
            line=data["line"], column=data["column"], end_line=data["end_line"], end_column=data["end_column"],
            fix=Fix(Applicability(fix["applicability"]), fix["description"], ()) if fix else None,
            hint=data.get("hint"), cell=data.get("cell"), kind=data.get("kind", Kind.BREAKS.value),
        )

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


def line_column(text: str, offset: int) -> tuple[int, int]:
    """A character offset of ``text`` as a finding's line and column (both from 1)."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1
