"""Run every enabled rule over one parsed file in a single traversal, and apply fixes.

Data flows one way: source text → one libcst parse → all rules (batched into
one traversal) → diagnostics → chosen fixes → new source, which must parse
again before anyone writes it.
"""

from __future__ import annotations

import ast
import functools
import sys
from dataclasses import dataclass, replace
from typing import Mapping, Sequence

import libcst as cst
from libcst.metadata import CodeRange

from ..core.config import Settings
from .context import Context, EvidenceCollector, Verdict
from .cstutil import Tree, Visitor, traverse
from ..core.diagnostics import Applicability, Diagnostic, Edit, is_applicable, one_protocol
from ..core.routes import pairs_of
from ..core.gcpause import without_gc
from .positions import Positions
from ..core.project import Around
from .rule import Rule, python_rules
from ..core.ignores import UNUSED_SUPPRESSION, Suppression, suppress
from .suppressions import SuppressionCollector

MAX_FIX_PASSES = 10


class FixError(Exception):
    """A fix produced code that does not parse; nothing is written."""


class TooDeepError(Exception):
    """Code nested deeper than Python's own parser accepts. libcst's native
    parser would crash the whole process on it, so it is never handed over."""


# Visiting a tree recurses once per level; Python's own parser stops near
# 3,000 levels, so this many frames always suffice for code it accepts.
_RECURSION_LIMIT = 20_000
if sys.getrecursionlimit() < _RECURSION_LIMIT:
    sys.setrecursionlimit(_RECURSION_LIMIT)

# ast's own depth guard scales with the recursion limit: it must run at
# Python's default, or a raised limit lets it overflow the C stack.
_PYTHON_DEFAULT_LIMIT = 1_000


def _python_parse(source: str) -> ast.Module | SyntaxError:
    """Parse with Python's own parser first. Raises TooDeepError for code too
    deep for it; returns its SyntaxError otherwise (libcst may still read newer
    syntax, and reports real errors itself). Its tree places the top-level
    statements for :class:`Positions`."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(_PYTHON_DEFAULT_LIMIT)
    try:
        return ast.parse(source)
    except SyntaxError as exc:
        if "too many" in str(exc.msg):  # nested parentheses, levels of indentation, blocks
            raise TooDeepError(str(exc.msg)) from None
        return exc
    except (RecursionError, MemoryError):
        raise TooDeepError("too deeply nested for Python's parser") from None
    finally:
        sys.setrecursionlimit(limit)


@dataclass
class Analysis:
    module: cst.Module
    diagnostics: list[Diagnostic]
    positions: Positions


def enabled_rules(settings: Settings) -> list[type[Rule]]:
    return list(_enabled(settings))


@functools.lru_cache(maxsize=64)
def _enabled(settings: Settings) -> tuple[type[Rule], ...]:
    return tuple(rule for rule in python_rules() if settings.is_enabled(rule.code) and rule.code != UNUSED_SUPPRESSION)


@without_gc
def analyze(
    source: str,
    path: str,
    settings: Settings,
    rules: Sequence[type[Rule]] | None = None,
    extra: Sequence[Visitor] = (),
    project: Around | None = None,
) -> Analysis:
    """Parse ``source`` once and run the rules (and any ``extra`` visitors, in
    the same traversal) over it; ``project`` says what the modules around it
    are. Raises libcst's ParserSyntaxError, or TooDeepError."""
    parsed = _python_parse(source)
    return _analyze(source, path, settings, rules, extra, None if isinstance(parsed, SyntaxError) else parsed, project)


def _no_check(self: cst.CSTNode) -> None:
    pass


def _parse_module(source: str, checked: bool) -> cst.Module:
    """libcst's parse. Unless ``checked``, without the check libcst runs on every
    node it builds (``CSTNode._validate``, called from ``__post_init__``): that
    check is for nodes built by hand, costs about a sixth of the parse, and
    finds nothing in a tree parsed from code Python's own parser accepted."""
    base = cst.CSTNode
    original = base.__dict__.get("__post_init__")
    if checked or original is None:
        return cst.parse_module(source)
    base.__post_init__ = _no_check  # type: ignore[method-assign]
    try:
        return cst.parse_module(source)
    finally:
        base.__post_init__ = original  # type: ignore[method-assign]


def _analyze(
    source: str,
    path: str,
    settings: Settings,
    rules: Sequence[type[Rule]] | None = None,
    extra: Sequence[Visitor] = (),
    python_tree: ast.Module | None = None,
    project: Around | None = None,
) -> Analysis:
    module = _parse_module(source, checked=python_tree is None)
    suppressions = SuppressionCollector()
    visitors = [rule(settings) for rule in (enabled_rules(settings) if rules is None else rules)]
    tree = Tree(module)
    tree.python = python_tree
    evidence = EvidenceCollector(tree, project)
    context = Context(tree, evidence)
    for visitor in visitors:
        visitor.tree = tree
        visitor.context = context
    traverse(tree, [evidence, suppressions, *visitors, *extra])
    positions = Positions(module, source, python_tree, tree.parents)  # without Python's tree: whole-file regeneration
    diagnostics: list[Diagnostic] = []
    if suppressions.whole_file:
        return Analysis(module, [], positions)
    tagged: dict[tuple[str, int], list[tuple[str, int, int]]] = {}
    if context.realtime:
        reports = _unfollowed([(visitor, report) for visitor in visitors for report in _in_context(visitor, context)], tree)
        positions.resolve([report.node for _, report in reports] + [s.comment for s in suppressions.found])
        for visitor, report in reports:
            where = positions[report.node]
            if report.tag is not None:
                tagged.setdefault(report.tag, []).append((visitor.code, where.start.line, where.start.column + 1))
            diagnostics.append(
                Diagnostic(
                    code=visitor.code,
                    name=visitor.name,
                    message=report.message,
                    path=path,
                    line=where.start.line,
                    column=where.start.column + 1,
                    end_line=where.end.line,
                    end_column=where.end.column + 1,
                    fix=report.fix,
                    hint=report.hint or (report.fix.description if report.fix else None),
                    kind=(report.kind or visitor.kind).value,
                )
            )
    diagnostics = _suppress(diagnostics, suppressions.found, positions, path, settings)
    if project is not None and project.pairs is None:  # (of the text as read, not as a fix left it)
        project.pairs = pairs_of(tagged, [r.tag for v in visitors for r in v.reports if r.tag is not None], diagnostics)
    diagnostics = one_protocol(diagnostics, visitors, project.held_by if project is not None else None)
    diagnostics.sort(key=lambda d: d.sort_key)
    return Analysis(module, diagnostics, positions)


def _unfollowed(reports: list, tree: Tree) -> list:
    """The reports without those of a rule that ``follows_fixes`` left with no fix
    where another report's safe fix rewrites their node (or a node around it)."""
    if not any(visitor.follows_fixes and report.fix is None for visitor, report in reports):
        return reports
    rewritten = {
        id(edit.node) for _, report in reports
        if report.fix is not None and report.fix.applicability is Applicability.SAFE for edit in report.fix.edits
    }

    def moved(node) -> bool:
        while node is not None:
            if id(node) in rewritten:
                return True
            node = tree.parent(node)
        return False

    return [(v, r) for v, r in reports if not (v.follows_fixes and r.fix is None and moved(r.node))]


def _in_context(visitor: Rule, context: Context):
    """A rule's reports, judged where their code is: code that talks to another
    API or host is left alone; where the evidence is mixed, a report keeps no fix."""
    if not visitor.scoped:
        yield from visitor.reports
        return
    for report in visitor.reports:
        verdict = context.verdict(report.node)
        if verdict.skip:
            continue
        fix = report.fix
        if fix is not None and not verdict.mixed:
            # an edit that reaches into code of another verdict is not made either
            elsewhere = (context.verdict(e.node) for e in fix.edits if e.node is not report.node)
            mixed = next((v.mixed or v.skip for v in elsewhere if v.mixed or v.skip), None)
            if mixed is not None:
                verdict = Verdict(mixed=mixed)
        if verdict.mixed and fix is not None:
            hint = f"{report.hint or fix.description} (not fixed: {verdict.mixed})"
            report = replace(report, fix=None, hint=hint)
        yield report


def _runs(prefix: str, settings: Settings) -> bool:
    return any(rule.code.startswith(prefix) for rule in enabled_rules(settings))


def _suppress(
    diagnostics: list[Diagnostic],
    found: list[Suppression],
    positions: Positions,
    path: str,
    settings: Settings,
) -> list[Diagnostic]:
    """Drop what a `# rtmigrate: ignore[...]` comment on its first or last line hides;
    with the setting, report each comment (or code in it) that hid nothing."""
    for suppression in found:
        suppression.line = positions[suppression.comment].start.line

    def span(s: Suppression) -> tuple[int, int, int, int]:
        where = positions[s.comment]
        return where.start.line, where.start.column + 1, where.end.line, where.end.column + 1

    return suppress(diagnostics, found, path, settings, span, lambda code: _runs(code, settings))


def _overlaps(a: CodeRange, b: CodeRange) -> bool:
    return (a.start.line, a.start.column) < (b.end.line, b.end.column) and (
        b.start.line,
        b.start.column,
    ) < (a.end.line, a.end.column)


def choose_edits(analysis: Analysis, unsafe: bool) -> tuple[dict[int, Edit], int]:
    """Edits of the applicable fixes that do not overlap, each fix whole or not at
    all; a fix skipped here is tried again on the next pass. Returns the edits by
    node identity and how many diagnostics they fix."""
    chosen: dict[int, Edit] = {}
    ranges: list[CodeRange] = []
    fixed = 0
    analysis.positions.resolve(
        edit.node for d in analysis.diagnostics if is_applicable(d.fix, unsafe) for edit in d.fix.edits  # type: ignore[union-attr]
    )
    for diagnostic in analysis.diagnostics:
        fix = diagnostic.fix
        if not is_applicable(fix, unsafe):
            continue
        new: list[Edit] = []
        conflict = False
        for edit in fix.edits:
            existing = chosen.get(id(edit.node))
            if existing is edit:
                continue  # shared with a fix already chosen
            conflict = conflict or existing is not None
            new.append(edit)
        new_ranges = [analysis.positions[edit.node] for edit in new]
        if conflict or any(_overlaps(r, other) for r in new_ranges for other in ranges):
            continue
        for edit, where in zip(new, new_ranges):
            chosen[id(edit.node)] = edit
            ranges.append(where)
        fixed += 1
    return chosen, fixed


class _ApplyEdits(cst.CSTTransformer):
    def __init__(self, edits: Mapping[int, Edit]) -> None:
        super().__init__()
        self.edits = edits

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel:  # type: ignore[override]
        edit = self.edits.get(id(original_node))
        return updated_node if edit is None else edit.replacement


@dataclass
class FixResult:
    source: str
    diagnostics: list[Diagnostic]  # what is left after fixing
    fixed: int


@without_gc
def fix(source: str, path: str, settings: Settings, unsafe: bool = False, project: Around | None = None) -> FixResult:
    """Apply fixes until none applies (at most ``MAX_FIX_PASSES`` passes)."""
    analysis = analyze(source, path, settings, project=project)
    fixed = 0
    for _ in range(MAX_FIX_PASSES):
        edits, count = choose_edits(analysis, unsafe)
        if not edits:
            break
        new_source = analysis.module.visit(_ApplyEdits(edits)).code
        try:
            parsed = _python_parse(new_source)  # what we write must be Python
            if isinstance(parsed, SyntaxError):
                raise parsed
            analysis = _analyze(new_source, path, settings, python_tree=parsed, project=project)
        except (SyntaxError, TooDeepError, cst.ParserSyntaxError) as exc:
            raise FixError(f"a fix produced code that does not parse ({exc}); file left unchanged") from None
        source = new_source
        fixed += count
    return FixResult(source, analysis.diagnostics, fixed)
