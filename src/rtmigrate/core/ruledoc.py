"""What every rule has, whatever language it reads, without the parser of
any: its code, name, kind, documentation and examples. (``rule.py`` adds
libcst's visitor for Python rules; ``js/rule.py`` tree-sitter hooks for
JavaScript ones.)"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import ClassVar, Sequence

from .diagnostics import KIND_MEANINGS, Kind


@dataclass(frozen=True)
class Invalid:
    """Code the rule reports; ``expected`` is the code after the rule's fixes
    (``None``: the rule reports but does not fix). ``unsafe`` says the fix needs
    ``--unsafe-fixes``."""

    code: str
    expected: str | None = None
    unsafe: bool = False



class Documented:
    """What every rule has, whatever language it reads: a stable code, a name,
    a kind, a docstring that is its documentation, and examples."""

    code: ClassVar[str]
    name: ClassVar[str]
    # what a finding means for GA code (see `Kind`); shown by `rules` and `explain`
    kind: ClassVar[Kind] = Kind.BREAKS
    # findings follow the Realtime context of their code (another API or host: left
    # alone); False for the notes that describe the context itself
    scoped: ClassVar[bool] = True
    # its fix changes what a Realtime connection sends or listens for, or which
    # protocol it selects: a module's such fixes are safe together or not at all
    speaks: ClassVar[bool] = False
    # a finding of it left with no fix keeps beta code in its module (False: such a
    # finding is of data the module keeps for itself, which no connection sends)
    holds: ClassVar[bool] = True
    # a finding of it with no fix, inside what another finding's safe fix rewrites, is
    # moved by that fix (a key read that the request's fix follows): it is not reported
    follows_fixes: ClassVar[bool] = False
    VALID: ClassVar[Sequence[str]] = ()
    INVALID: ClassVar[Sequence[Invalid]] = ()
    # codes the examples run with (default: this rule's own)
    EXAMPLE_SELECT: ClassVar[Sequence[str]] = ()
    # the language its examples are written in
    LANGUAGE: ClassVar[str] = "python"

    # --- documentation ---------------------------------------------------
    @classmethod
    def summary(cls) -> str:
        return inspect.getdoc(cls).split("\n\n", 1)[0].replace("\n", " ")

    @classmethod
    def documentation(cls) -> str:
        return inspect.getdoc(cls) or ""

    @classmethod
    def kind_text(cls) -> str:
        """The kind, with what it means, for `explain` and the rule pages."""
        return f"Kind: {cls.kind.value}. {KIND_MEANINGS[cls.kind]}"

    @classmethod
    def has_fix(cls) -> bool:
        return any(example.expected is not None for example in cls.INVALID)
