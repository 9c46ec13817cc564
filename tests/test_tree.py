"""The engine's own traversal, node index and positions agree with libcst's,
on the fixtures and on generated Python."""

from __future__ import annotations

import ast

import hypothesmith
import libcst as cst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from libcst.metadata import MetadataWrapper, PositionProvider

from fixture_cases import ROOT, python_cases
from rtmigrate.python.cstutil import SKIPPED_LEAVES, Tree, Visitor, string_value, traverse, walk
from rtmigrate.python.engine import _parse_module
from rtmigrate.python.positions import Positions

SOURCES = python_cases() + sorted((ROOT / "examples").glob("*.py"))


class _Order(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if type(node) not in SKIPPED_LEAVES:
            self.seen.append(node)
        return True


def _agree(source: str) -> Positions:
    module = cst.parse_module(source)
    # the parse without libcst's per-node check builds the same tree
    assert _parse_module(source, checked=False).deep_equals(module)
    tree = Tree(module)
    traverse(tree, [])
    # the same nodes, in libcst's own visiting (source) order
    order = _Order()
    module.visit(order)
    ours = sorted(((tree._span[id(n)][0], n) for nodes in tree.by_type.values() for n in nodes), key=lambda p: p[0])
    assert [id(n) for _, n in ours] == [id(n) for n in order.seen]
    # the index answers what a walk answers, under any node
    for within in order.seen[:: max(1, len(order.seen) // 25)]:
        for types in [(cst.SimpleString,), (cst.Name, cst.Attribute), (cst.Call, cst.Dict, cst.Comment)]:
            assert [id(n) for n in tree.nodes(*types, within=within)] == [id(n) for n in walk(within, *types)]
    # every node's parent is the node libcst visits it from
    for node in order.seen[1:]:
        assert any(child is node for child in tree.parent(node).children)
    # positions match PositionProvider's for every node: regenerating the whole
    # file, and regenerating only the statements placed by Python's own parse
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    try:
        python = ast.parse(source)
    except SyntaxError:
        python = None
    for positions in [Positions(module), Positions(module, source, python, tree.parents)]:
        positions.resolve(order.seen)
        for node in order.seen:
            assert positions[node] == expected[node], (type(node).__name__, cst.Module([]).code_for_node(node))
    # one node at a time (of the kinds rules report), statement by statement
    placed = Positions(module, source, python, tree.parents)
    reported = [n for n in order.seen if isinstance(n, (cst.SimpleString, cst.Attribute, cst.Call, cst.Dict, cst.Arg))]
    for node in reported[:: max(1, len(reported) // 40)]:
        assert placed[node] == expected[node]
    return placed


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_tree_and_positions_agree_with_libcst_on_fixtures(path):
    placed = _agree(path.read_text(encoding="utf-8"))
    assert placed.statements_generated > 0 and placed.files_generated == 0  # statements were placed, never the whole file


@settings(max_examples=30)
@given(hypothesmith.from_grammar(auto_target=False))
def test_tree_and_positions_agree_with_libcst_on_generated_python(source):
    try:
        cst.parse_module(source)
    except (cst.ParserSyntaxError, RecursionError):
        return
    _agree(source)


def test_positions_resolve_one_node_on_demand():
    module = cst.parse_module('import openai\n\nx = {\n    "a": "response.text.delta",  # note\n}\n')
    target = next(n for n in walk(module, cst.SimpleString) if "delta" in n.value)
    where = Positions(module)[target]
    assert (where.start.line, where.start.column, where.end.line, where.end.column) == (4, 9, 4, 30)
    with pytest.raises(KeyError):
        Positions(module)[cst.Name("elsewhere")]


def test_positions_survive_a_wrong_placement():
    """Statements placed on the wrong lines fail the check against the source,
    and the whole file is regenerated instead."""
    source = "import openai\n\nx = 'a'\ny = 'b'\n"
    module = cst.parse_module(source)
    tree = Tree(module)
    traverse(tree, [])
    target = tree.nodes(cst.SimpleString)[1]
    right = Positions(module, source, ast.parse(source), tree.parents)[target]
    wrong = Positions(module, source, ast.parse("import openai\nx = 'a'\n\ny = 'b'\n"), tree.parents)[target]
    assert right == wrong == MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)[target]
    assert (right.start.line, right.start.column) == (4, 4)


_PREFIXES = ["", "r", "u", "R", "b", "f", "rb"]


@given(st.text(max_size=20), st.sampled_from(["'", '"', "'''", '"""']), st.sampled_from(_PREFIXES))
def test_string_value_is_the_literal_value_or_none(text, quote, prefix):
    literal = prefix + quote + text.replace("\\", "\\\\").replace(quote[0], "\\" + quote[0]) + quote
    try:
        node = cst.parse_expression(literal)
        value = ast.literal_eval(literal) if "f" not in prefix else None
    except (cst.ParserSyntaxError, SyntaxError, ValueError):
        return
    if not isinstance(node, cst.SimpleString):
        return
    assert string_value(node) == (value if isinstance(value, str) else None)


def test_hooks_on_skipped_leaves_are_refused():
    class Spaces(Visitor):
        def visit_SimpleWhitespace(self, node):
            pass

    with pytest.raises(TypeError, match="skips"):
        traverse(Tree(cst.parse_module("x = 1\n")), [Spaces()])


def test_the_index_is_refused_before_the_traversal_is_done():
    class Early(Visitor):
        def visit_Call(self, node):
            self.tree.nodes(cst.SimpleString, within=node)

    tree = Tree(cst.parse_module("f('a')\n"))
    early = Early()
    early.tree = tree
    with pytest.raises(RuntimeError, match="finish"):
        traverse(tree, [early])


def test_analysis_leaves_the_cycle_collector_as_it_was():
    import gc

    from rtmigrate import check_source

    assert gc.isenabled()
    check_source('import openai\nif t == "response.text.delta":\n    pass\n')
    assert gc.isenabled()
    with pytest.raises(cst.ParserSyntaxError):
        check_source("import openai\nx = (\n")  # Python rejects it too; libcst's error is raised
    assert gc.isenabled()
    gc.disable()
    try:
        check_source("import openai\n")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_parse_trees_are_freed_without_the_cycle_collector():
    """No reference cycle keeps a file's tree alive after its analysis, so
    pausing the collector during a run does not pile trees up."""
    import gc

    from rtmigrate.core.config import Settings
    from rtmigrate.python.engine import analyze

    source = SOURCES[0].read_text(encoding="utf-8")
    nodes = len(list(walk(cst.parse_module(source), cst.CSTNode)))
    gc.collect()
    gc.disable()
    try:
        for _ in range(5):
            analyze(source, "f.py", Settings())
        left = gc.collect()
    finally:
        gc.enable()
    assert left < nodes // 2, (left, nodes)
