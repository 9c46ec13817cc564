"""Line and column ranges of the nodes that need one, and only of those.

libcst's PositionProvider works out a range for every node of a file, which
costs about twice the parse. A file needs ranges only for what it reports,
for suppression comments and for the nodes its fixes replace, so this module
regenerates the code once per request, noting where just those nodes start
and end. The ranges are the same as PositionProvider's (syntactic: without
the whitespace a node owns around it).
"""

from __future__ import annotations

import ast
import bisect
import contextlib
import itertools
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping, Optional, Sequence

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst.metadata import CodePosition, CodeRange

_NEWLINE = re.compile(r"\r\n?|\n")
_UNWANTED = contextlib.nullcontext()


def _line_starts(text: str) -> list[int]:
    """The offset at which each line of ``text`` starts."""
    return [0, *(match.end() for match in _NEWLINE.finditer(text))]


class _AllNoted(Exception):
    """Every wanted node has its range: the rest need not be generated."""


@dataclass
class _RecordingState(CodegenState):
    """Codegen that notes, for the wanted nodes, the token index where each
    starts and ends (turned into line and column afterwards)."""

    wanted: set[int] = field(default_factory=set)
    starts: dict[int, int] = field(default_factory=dict)
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)
    # the wanted nodes not generated yet: once none is left, nothing after
    # them can move a range, and the generation stops (`_AllNoted`)
    pending: set[int] = field(default_factory=set)

    def before_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.wanted:
            self.starts[id(node)] = len(self.tokens)

    def after_codegen(self, node: cst.CSTNode) -> None:
        key = id(node)
        if key in self.wanted:
            if key not in self.spans:  # a syntactic range, once noted, stays
                self.spans[key] = (self.starts[key], len(self.tokens))
            pending = self.pending
            pending.discard(key)
            if not pending:
                raise _AllNoted

    def pop_trailing_newline(self) -> None:
        pass  # only the ranges are wanted, and they count the final newline as written

    def record_syntactic_position(  # type: ignore[override]
        self,
        node: cst.CSTNode,
        *,
        start_node: Optional[cst.CSTNode] = None,
        end_node: Optional[cst.CSTNode] = None,
    ):
        if id(node) not in self.wanted:
            return _UNWANTED
        for inner in (start_node, end_node):
            if inner is not None:  # generated inside this node, so it can still be noted
                self.wanted.add(id(inner))
        return self._syntactic(node, start_node, end_node)

    @contextlib.contextmanager
    def _syntactic(self, node: cst.CSTNode, start_node: cst.CSTNode | None, end_node: cst.CSTNode | None) -> Iterator[None]:
        start = len(self.tokens)
        try:
            yield
        finally:
            end = len(self.tokens)
            if start_node is not None:
                start = self.spans[id(start_node)][0]
            if end_node is not None:
                end = self.spans[id(end_node)][1]
            self.spans[id(node)] = (start, end)


def _generate(node: cst.CSTNode, state: _RecordingState) -> None:
    """Generate ``node``'s code into ``state`` up to the end of the last wanted
    node (what comes after cannot move a range noted before it)."""
    if not state.pending:
        return
    try:
        node._codegen(state)
    except _AllNoted:
        pass


def _first_line(statement: ast.stmt) -> int:
    """The line of a statement's first token (its first decorator's, if any)."""
    decorators = getattr(statement, "decorator_list", None)
    return min([statement.lineno, *(d.lineno for d in decorators)]) if decorators else statement.lineno


def _pair(statements: Sequence[cst.BaseStatement], python: Sequence[ast.stmt]) -> dict[int, ast.stmt] | None:
    """id(libcst statement) → the first of Python's statements it holds (a
    line of `a; b` holds several); None if the two lists do not line up."""
    pairs: dict[int, ast.stmt] = {}
    index = 0
    for statement in statements:
        if index >= len(python):
            return None
        pairs[id(statement)] = python[index]
        index += len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
    return pairs if index == len(python) else None


_COMPOUND: dict[type, tuple[type, ...]] = {  # libcst's compound statements → Python's
    cst.FunctionDef: (ast.FunctionDef, ast.AsyncFunctionDef),
    cst.ClassDef: (ast.ClassDef,),
    cst.With: (ast.With, ast.AsyncWith),
    cst.For: (ast.For, ast.AsyncFor),
    cst.While: (ast.While,),
    cst.If: (ast.If,),
    cst.Try: (ast.Try,),
}


def _suites(statement: cst.CSTNode, python: ast.stmt) -> list[tuple[cst.BaseSuite, Sequence[ast.stmt]]]:
    """The blocks of a compound statement, each with the list of Python's
    statements in it. (An `elif` is left inside its `if`.)"""
    if not isinstance(python, _COMPOUND.get(type(statement), ())):
        return []
    suites: list[tuple[cst.BaseSuite, Sequence[ast.stmt]]] = [(statement.body, python.body)]  # type: ignore[attr-defined]
    orelse = getattr(statement, "orelse", None)
    if isinstance(orelse, cst.Else):
        suites.append((orelse.body, python.orelse))  # type: ignore[attr-defined]
    if isinstance(statement, cst.Try) and len(statement.handlers) == len(python.handlers):  # type: ignore[attr-defined]
        suites += [(h.body, p.body) for h, p in zip(statement.handlers, python.handlers)]  # type: ignore[attr-defined]
        if statement.finalbody is not None:
            suites.append((statement.finalbody.body, python.finalbody))  # type: ignore[attr-defined]
    return suites


class Positions:
    """``positions[node]``: the :class:`CodeRange` of a node of ``module``.
    Ask for many at once with :meth:`resolve`.

    Given the file's ``source``, Python's own parse of it (``python``) and the
    parent map, only the innermost statement around each wanted node is
    regenerated: Python's parse says on which line that statement starts, the
    enclosing blocks give its indentation, and the text generated must match
    the source there. Anything else regenerates the whole file."""

    def __init__(
        self,
        module: cst.Module,
        source: str | None = None,
        python: ast.Module | None = None,
        parents: Mapping[int, cst.CSTNode] | None = None,
    ) -> None:
        self.module = module
        self._ranges: dict[int, CodeRange] = {}
        self._source = source
        self._parents = parents
        self._line_starts: list[int] | None = None
        self._pairs: dict[int, ast.stmt] = {}  # id(libcst statement) → Python's statement
        self._placed = source is not None and python is not None and parents is not None
        if self._placed:
            pairs = _pair(module.body, python.body)  # type: ignore[union-attr]
            self._placed = pairs is not None
            self._pairs.update(pairs or {})
        self.statements_generated = 0  # how often one statement was regenerated ...
        self.files_generated = 0  # ... and how often the whole file

    def _source_lines(self) -> list[int]:
        if self._line_starts is None:
            assert self._source is not None
            self._line_starts = _line_starts(self._source)
        return self._line_starts

    def resolve(self, nodes: Iterable[cst.CSTNode]) -> None:
        wanted = {id(node): node for node in nodes if id(node) not in self._ranges}
        if not wanted:
            return
        anchors = self._anchors(wanted.values()) if self._placed else None
        if anchors is not None:
            for statement, indents, keys in anchors.values():
                if not self._resolve_in_statement(statement, indents, keys):
                    anchors = None
                    break
        if anchors is None:
            self._resolve_whole(set(wanted) - self._ranges.keys())

    def _anchors(self, nodes: Iterable[cst.CSTNode]) -> dict[int, tuple[cst.CSTNode, list[str], set[int]]] | None:
        """The wanted node ids grouped by the innermost placeable statement
        around each, with the indentation of that statement; None if a node
        lies outside every statement (the file's header or footer)."""
        assert self._parents is not None
        groups: dict[int, tuple[cst.CSTNode, list[str], set[int]]] = {}
        for node in nodes:
            chain = [node]
            while chain[-1] is not self.module:
                parent = self._parents.get(id(chain[-1]))
                if parent is None:
                    return None
                chain.append(parent)
            chain.reverse()  # module ... node
            anchor, indents = self._descend(chain)
            if anchor is None:
                return None
            groups.setdefault(id(anchor), (anchor, indents, set()))[2].add(id(node))
        return groups

    def _descend(self, chain: list[cst.CSTNode]) -> tuple[cst.CSTNode | None, list[str]]:
        """The innermost statement of ``chain`` (module → node) that can be
        paired with Python's, and the indentation it is written at."""
        anchor: cst.CSTNode | None = None
        anchor_indents: list[str] = []
        indents: list[str] = []
        for current in chain[1:]:
            python = self._pairs.get(id(current))
            if python is not None:
                anchor, anchor_indents = current, list(indents)
                for block, statements in _suites(current, python):
                    if isinstance(block, cst.IndentedBlock) and block.body and id(block.body[0]) not in self._pairs:
                        self._pairs.update(_pair(block.body, statements) or {})
            elif isinstance(current, cst.IndentedBlock):
                indents.append(self.module.default_indent if current.indent is None else current.indent)
        return anchor, anchor_indents

    def _resolve_in_statement(self, statement: cst.CSTNode, indents: list[str], keys: set[int]) -> bool:
        assert self._source is not None
        python = self._pairs[id(statement)]
        line = _first_line(python) - len(getattr(statement, "leading_lines", ()))
        line_starts = self._source_lines()
        if not 1 <= line <= len(line_starts):
            return False
        state = self._state(keys)
        state.indent_tokens = list(indents)
        _generate(statement, state)
        base = line_starts[line - 1]
        if not self._source.startswith("".join(state.tokens), base):
            return False  # placed wrong: regenerate the whole file instead
        self.statements_generated += 1
        self._store(state, keys, base, line_starts)
        return True

    def _resolve_whole(self, keys: set[int]) -> None:
        self.files_generated += 1
        state = self._state(keys)
        _generate(self.module, state)
        self._store(state, keys, 0, _line_starts("".join(state.tokens)))

    def _state(self, keys: set[int]) -> _RecordingState:
        return _RecordingState(
            default_indent=self.module.default_indent, default_newline=self.module.default_newline,
            wanted=set(keys), pending=set(keys),
        )

    def _store(self, state: _RecordingState, keys: set[int], base: int, line_starts: list[int]) -> None:
        offsets = list(itertools.accumulate(map(len, state.tokens), initial=base))

        def position(token_index: int) -> CodePosition:
            offset = offsets[token_index]
            line = bisect.bisect_right(line_starts, offset)
            return CodePosition(line, offset - line_starts[line - 1])

        for key in keys:
            span = state.spans.get(key)
            if span is not None:
                self._ranges[key] = CodeRange(position(span[0]), position(span[1]))

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        where = self._ranges.get(id(node))
        if where is None:
            self.resolve([node])
            where = self._ranges.get(id(node))
            if where is None:
                raise KeyError(f"{type(node).__name__} is not part of this module")
        return where
