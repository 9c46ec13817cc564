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


@dataclass
class _RecordingState(CodegenState):
    """Codegen that notes, for the wanted nodes, the token index where each
    starts and ends (turned into line and column afterwards)."""

    wanted: set[int] = field(default_factory=set)
    starts: dict[int, int] = field(default_factory=dict)
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)

    def before_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.wanted:
            self.starts[id(node)] = len(self.tokens)

    def after_codegen(self, node: cst.CSTNode) -> None:
        key = id(node)
        if key in self.wanted and key not in self.spans:  # a syntactic range, once noted, stays
            self.spans[key] = (self.starts[key], len(self.tokens))

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


def statement_lines(tree: ast.Module) -> list[int]:
    """Where each top-level statement of Python's own parse starts: the line of
    its first token (its first decorator's, where it has decorators)."""
    lines = []
    for statement in tree.body:
        decorators = getattr(statement, "decorator_list", None)
        lines.append(min([statement.lineno, *(d.lineno for d in decorators)]) if decorators else statement.lineno)
    return lines


class Positions:
    """``positions[node]``: the :class:`CodeRange` of a node of ``module``.
    Ask for many at once with :meth:`resolve`.

    Given the file's ``source``, its top-level statements' first lines (from
    Python's own parse, see :func:`statement_lines`) and the parent map, only
    the top-level statements that hold a wanted node are regenerated, each
    placed by its first line and checked against the source text; anything
    else regenerates the whole file."""

    def __init__(
        self,
        module: cst.Module,
        source: str | None = None,
        first_lines: Sequence[int] | None = None,
        parents: Mapping[int, cst.CSTNode] | None = None,
    ) -> None:
        self.module = module
        self._ranges: dict[int, CodeRange] = {}
        self._source = source
        self._parents = parents
        self._line_starts: list[int] | None = None
        self._starts: list[int] | None = None  # char offset of each top-level statement
        if source is not None and first_lines is not None and parents is not None:
            self._starts = self._statement_offsets(source, first_lines)

    def _statement_offsets(self, source: str, first_lines: Sequence[int]) -> list[int] | None:
        line_starts = self._lines_of(source)
        starts: list[int] = []
        index = 0
        for statement in self.module.body:
            if index >= len(first_lines):
                return None
            line = first_lines[index] - len(statement.leading_lines)
            if not 1 <= line <= len(line_starts):
                return None
            starts.append(line_starts[line - 1])
            index += len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
        return starts if index == len(first_lines) else None

    def _lines_of(self, text: str) -> list[int]:
        if self._line_starts is None:
            self._line_starts = [0, *(match.end() for match in _NEWLINE.finditer(text))]
        return self._line_starts

    def resolve(self, nodes: Iterable[cst.CSTNode]) -> None:
        wanted = {id(node): node for node in nodes if id(node) not in self._ranges}
        if not wanted:
            return
        by_statement = self._by_statement(wanted.values()) if self._starts is not None else None
        if by_statement is not None:
            for index, keys in by_statement.items():
                if not self._resolve_in_statement(index, keys):
                    by_statement = None
                    break
        if by_statement is None:
            self._resolve_whole(set(wanted) - self._ranges.keys())

    def _by_statement(self, nodes: Iterable[cst.CSTNode]) -> dict[int, set[int]] | None:
        """Wanted node ids grouped by the index of their top-level statement;
        None if one is outside every statement (the file's header or footer)."""
        assert self._parents is not None
        index_of = {id(statement): i for i, statement in enumerate(self.module.body)}
        groups: dict[int, set[int]] = {}
        for node in nodes:
            current = node
            while id(current) not in index_of:
                parent = self._parents.get(id(current))
                if parent is None:
                    return None
                current = parent
            groups.setdefault(index_of[id(current)], set()).add(id(node))
        return groups

    def _resolve_in_statement(self, index: int, keys: set[int]) -> bool:
        assert self._starts is not None and self._source is not None
        statement = self.module.body[index]
        state = self._state(keys)
        statement._codegen(state)
        text = "".join(state.tokens)
        base = self._starts[index]
        if not self._source.startswith(text, base):
            return False  # the placement was wrong: regenerate the whole file instead
        self._store(state, keys, base, self._lines_of(self._source))
        return True

    def _resolve_whole(self, keys: set[int]) -> None:
        state = self._state(keys)
        self.module._codegen(state)
        text = "".join(state.tokens)
        line_starts = [0, *(match.end() for match in _NEWLINE.finditer(text))]
        self._store(state, keys, 0, line_starts)

    def _state(self, keys: set[int]) -> _RecordingState:
        return _RecordingState(
            default_indent=self.module.default_indent, default_newline=self.module.default_newline, wanted=set(keys)
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
