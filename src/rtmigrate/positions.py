"""Line and column ranges of the nodes that need one, and only of those.

libcst's PositionProvider works out a range for every node of a file, which
costs about twice the parse. A file needs ranges only for what it reports,
for suppression comments and for the nodes its fixes replace, so this module
regenerates the code once per request, noting where just those nodes start
and end. The ranges are the same as PositionProvider's (syntactic: without
the whitespace a node owns around it).
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional

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


class Positions:
    """``positions[node]``: the :class:`CodeRange` of a node of ``module``.
    Ask for many at once with :meth:`resolve`; each call that finds new nodes
    costs one regeneration of the file's code."""

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self._ranges: dict[int, CodeRange] = {}

    def resolve(self, nodes: Iterable[cst.CSTNode]) -> None:
        wanted = {id(node) for node in nodes} - self._ranges.keys()
        if not wanted:
            return
        state = _RecordingState(
            default_indent=self.module.default_indent, default_newline=self.module.default_newline, wanted=set(wanted)
        )
        self.module._codegen(state)
        offsets = list(itertools.accumulate(map(len, state.tokens), initial=0))
        text = "".join(state.tokens)
        line_starts = [0, *(match.end() for match in _NEWLINE.finditer(text))]

        def position(token_index: int) -> CodePosition:
            offset = offsets[token_index]
            line = bisect.bisect_right(line_starts, offset)
            return CodePosition(line, offset - line_starts[line - 1])

        for key in wanted:
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
