"""Run every enabled JavaScript rule over one file: one tree-sitter parse, one
query for the node types the rules (and the evidence reader) visit, then
fixes applied as text edits until none applies.

The same guarantees as for Python: what is written parses again (a fix that
adds a syntax error leaves the file alone), bytes outside the edits are
untouched, a fix is applied whole or not at all, and a file with syntax
errors is reported and skipped rather than guessed at.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Sequence

from ..core.config import Settings
from ..core.project import Around
from ..core.routes import pairs_of
from ..core.diagnostics import Applicability, Diagnostic, TextEdit, is_applicable, one_protocol
from ..core.ignores import UNUSED_SUPPRESSION, Suppression, parse_codes, suppress
from . import syntax
from .context import JsContext, JsEvidence
from .rule import JsRule, _hooks, js_rules

if TYPE_CHECKING:
    from tree_sitter import Node, Tree

MAX_FIX_PASSES = 10
_LINE = re.compile(r"(?://|/\*)\s*rtmigrate:\s*ignore(?!-)(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)
_FILE = re.compile(r"(?://|/\*)\s*rtmigrate:\s*ignore-file\b", re.IGNORECASE)


class JsSyntaxError(Exception):
    """The file has syntax errors; nothing is reported on it or fixed."""


class JsFixError(Exception):
    """A fix produced code that does not parse; nothing is written."""


@dataclass
class JsAnalysis:
    diagnostics: list[Diagnostic]
    source: bytes
    tree: "Tree | None" = None  # for what else reads the file (the report's inventory)


def enabled_js_rules(settings: Settings) -> tuple[type[JsRule], ...]:
    return _enabled(settings)


@functools.lru_cache(maxsize=64)
def _enabled(settings: Settings) -> tuple[type[JsRule], ...]:
    return tuple(rule for rule in js_rules() if settings.is_enabled(rule.code) and rule.code != UNUSED_SUPPRESSION)


@functools.lru_cache(maxsize=32)
def _query(grammar: str, types: frozenset[str]):
    import tree_sitter

    language = syntax.language(grammar)
    known = sorted(t for t in types if language.id_for_node_kind(t, True))  # a TypeScript-only type is absent from JavaScript
    patterns = syntax.captures()
    return tree_sitter.Query(language, "\n".join(patterns.get(t, f"({t}) @{t}") for t in known))


def _tree(data: bytes, suffix: str) -> "Tree | None":
    """One tree for the file: the whole file, or an HTML page's scripts parsed
    together in place (so every offset is the page's own)."""
    return _read(data, suffix)[0]


def _read(data: bytes, suffix: str) -> tuple["Tree | None", tuple[int, ...]]:
    """The file's tree, and the offsets of the bare `&`s of JSX text read as spaces."""
    found = syntax.pieces(data, suffix)
    if not found:
        return None, ()
    grammar = found[0].grammar
    if len(found) == 1 and found[0].start == 0 and len(found[0].source) == len(data):
        return _bare_ampersands(data, grammar, syntax.parse(data, grammar))
    import tree_sitter

    starts = _line_starts(data)
    ranges = []
    for piece in found:
        end = piece.start + len(piece.source)
        ranges.append(tree_sitter.Range(_point(starts, piece.start), _point(starts, end), piece.start, end))
    parser = tree_sitter.Parser(syntax.language(grammar), included_ranges=ranges)
    return parser.parse(data), ()


# An `&` that begins no character reference (`&amp;`, `&#38;`) and is no operator.
_AMPERSAND = re.compile(rb"(?<!&)&(?![&=]|#?\w+;)")
MAX_AMPERSANDS = 64


def _bare_ampersands(data: bytes, grammar: str, tree: "Tree") -> tuple["Tree", tuple[int, ...]]:
    """JSX text may hold a bare `&` (`<p>Terms & conditions</p>`), which
    TypeScript and Babel read as text and tree-sitter's grammars take for an
    error. Each such `&` is read as a space, one at a time where the first
    error is; the tree is kept only when it then has no error and every `&`
    so read is JSX text. (The offsets stay the file's own; fixes that would
    rewrite one of those bytes are dropped, see :func:`_analyze`.) Returns the
    tree and the offsets of the `&`s read as spaces."""
    if not tree.root_node.has_error or b"&" not in data:
        return tree, ()
    masked = bytearray(data)
    positions: list[int] = []
    current = tree
    while current.root_node.has_error and len(positions) < MAX_AMPERSANDS:
        bad = syntax.first_error(current.root_node)
        # (the error ends at the `&` it could not read)
        found = [m.start() for m in _AMPERSAND.finditer(masked, bad.start_byte, bad.end_byte + 1)] if bad is not None else []
        if not found:
            return tree, ()
        masked[found[-1]] = ord(" ")
        positions.append(found[-1])
        current = syntax.parse(bytes(masked), grammar)
    root = current.root_node
    if root.has_error or any(root.descendant_for_byte_range(p, p + 1).type != "jsx_text" for p in positions):
        return tree, ()
    return current, tuple(positions)


def _line_starts(data: bytes) -> list[int]:
    starts = [0]
    index = data.find(b"\n")
    while index != -1:
        starts.append(index + 1)
        index = data.find(b"\n", index + 1)
    return starts


def _point(starts: list[int], offset: int) -> tuple[int, int]:
    row = bisect.bisect_right(starts, offset) - 1
    return row, offset - starts[row]


class _Lines:
    """Byte offsets → 1-based lines and character columns."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.starts = _line_starts(data)

    def at(self, offset: int) -> tuple[int, int]:
        row = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[row]
        return row + 1, len(self.data[start:offset].decode("utf-8", "replace")) + 1


def analyze(
    text: str, path: str, settings: Settings, suffix: str, rules: Sequence[type[JsRule]] | None = None, pins: Around | None = None
) -> JsAnalysis:
    """Raises :class:`JsSyntaxError` for a file tree-sitter reads with errors.
    ``pins``: the SDK versions the project pins (asked only when needed)."""
    return _analyze(text.encode("utf-8"), path, settings, suffix, rules, pins)


def _analyze(
    data: bytes, path: str, settings: Settings, suffix: str, rules: Sequence[type[JsRule]] | None = None, pins: Around | None = None
) -> JsAnalysis:
    tree, masked = _read(data, suffix)
    if tree is None:
        return JsAnalysis([], data)
    original = data
    if masked:  # the rules read the text the tree was made from
        data = _blank(data, masked)
    root = tree.root_node
    lines = _Lines(data)
    if root.has_error:
        bad = syntax.first_error(root)
        line, column = lines.at(bad.start_byte if bad is not None else 0)
        what = "missing " + bad.type if bad is not None and bad.is_missing else "syntax error"
        raise JsSyntaxError(f"{what} at line {line}, column {column}")
    visitors = [rule(settings, data) for rule in (enabled_js_rules(settings) if rules is None else rules)]
    shared: dict[str, object] = {}
    grammar = _grammar(suffix)
    for visitor in visitors:
        visitor.shared = shared
        visitor.grammar = grammar
    evidence = JsEvidence(pins)
    hooks = [(visitor, visitor.hooks()) for visitor in visitors]
    own = set(_hooks(JsEvidence))
    types = frozenset({"comment", *own, *(t for _, h in hooks for t in h)})
    captured = _captures(_grammar(suffix), types, root)
    for kind in sorted(captured):
        nodes = captured[kind]
        evidence_hook = getattr(evidence, f"visit_{kind}", None)
        takers = [getattr(visitor, h[kind]) for visitor, h in hooks if kind in h]
        literal = kind in _LITERALS
        for node in nodes:
            if evidence_hook is not None:
                evidence_hook(node)
            if literal and not relevant(node.text):
                continue  # the evidence reads every string; rules only those that can concern them
            for take in takers:
                take(node)
    evidence.after_traversal(root)
    context = JsContext(evidence, pins)
    for visitor in visitors:
        visitor.context = context
    for visitor in visitors:
        visitor.finish()
    suppressions, whole_file = _suppressions(captured.get("comment", []), lines)
    if whole_file:
        return JsAnalysis([], data, tree)
    diagnostics: list[Diagnostic] = []
    tagged: dict[tuple[str, int], list[tuple[str, int, int]]] = {}
    if context.realtime:
        kept = _unfollowed([(visitor, report) for visitor in visitors for report in _in_context(visitor, context)])
        for visitor, report in kept:
            line, column = lines.at(report.start)
            if report.tag is not None:
                tagged.setdefault(report.tag, []).append((visitor.code, line, column))
            end_line, end_column = lines.at(report.end)
            diagnostics.append(
                Diagnostic(
                    code=visitor.code, name=visitor.name, message=report.message, path=path,
                    line=line, column=column, end_line=end_line, end_column=end_column, fix=report.fix,
                    hint=report.hint or (report.fix.description if report.fix else None),
                    kind=(report.kind or visitor.kind).value,
                )
            )
    diagnostics = _suppress(diagnostics, suppressions, path, settings, lines)
    diagnostics.sort(key=lambda d: d.sort_key)
    if masked:  # a fix rewriting a bare `&` would write the space it was read as
        diagnostics = [d if d.fix is None or not _rewrites(d.fix, masked) else replace(d, fix=None) for d in diagnostics]
    if pins is not None and pins.pairs is None:  # (of the text as read, not as a fix left it)
        pins.pairs = pairs_of(tagged, [r.tag for v in visitors for r in v.reports if r.tag is not None], diagnostics)
    diagnostics = one_protocol(diagnostics, visitors, pins.held_by if pins is not None else None)
    return JsAnalysis(diagnostics, original, tree)


def _unfollowed(reports: list) -> list:
    """The reports without those of a rule that ``follows_fixes`` left with no fix
    where another report's safe fix rewrites their bytes (all of them, or a part:
    the key read's edit takes `.client_secret` out of `data.client_secret.value`)."""
    if not any(visitor.follows_fixes and report.fix is None for visitor, report in reports):
        return reports
    rewritten = [
        (edit.start, edit.end) for _, report in reports
        if report.fix is not None and report.fix.applicability is Applicability.SAFE
        for edit in report.fix.edits if isinstance(edit, TextEdit)
    ]
    return [
        (v, r) for v, r in reports
        if not (v.follows_fixes and r.fix is None and any(start < r.end and r.start < end for start, end in rewritten))
    ]


def _blank(data: bytes, positions: tuple[int, ...]) -> bytes:
    out = bytearray(data)
    for position in positions:
        out[position] = ord(" ")
    return bytes(out)


def _rewrites(fix, positions: tuple[int, ...]) -> bool:
    return any(isinstance(e, TextEdit) and any(e.start <= p < e.end for p in positions) for e in fix.edits)


_LITERALS = frozenset({"string", "template_string"})
# GA event names hold neither a trigger word nor a gate: rules that look for
# handlers of GA names (to leave compatibility code alone) must still see them.
_GA_PIECES = (b"output_", b"session.", b"conversation.item.added", b"conversation.item.done")


@functools.lru_cache(maxsize=None)
def _relevant_pattern() -> re.Pattern[bytes]:
    from ..core.tables.context import trigger_words

    words = sorted({*trigger_words(), *_GA_PIECES}, key=len, reverse=True)
    return re.compile(b"|".join(re.escape(w) for w in words), re.IGNORECASE)


def relevant(raw: bytes | None) -> bool:
    """Can a string literal concern a rule: does it hold a trigger word (what
    the file prefilter looks for) or a piece of a GA event name? (One pattern:
    literals are short, so the alternation costs less here than the
    prefilter's scans.)"""
    return raw is not None and _relevant_pattern().search(raw) is not None


def _grammar(suffix: str) -> str:
    return syntax.GRAMMARS.get(suffix.lower(), "javascript")


def _captures(grammar: str, types: frozenset[str], root: "Node") -> dict[str, list["Node"]]:
    import tree_sitter

    found = tree_sitter.QueryCursor(_query(grammar, types)).captures(root)
    out = {}
    for kind, nodes in found.items():
        if kind in types:  # not the helper captures of the patterns (`@_p`)
            unique = {n.id: n for n in nodes}  # a node several patterns (or pairs) match comes once
            out[kind] = sorted(unique.values(), key=lambda n: n.start_byte)
    return out


def _in_context(visitor: JsRule, context: JsContext):
    """As for Python: code that talks to another API or host is left alone;
    where the evidence is mixed, a report keeps no fix."""
    if not visitor.scoped:
        yield from visitor.reports
        return
    for report in visitor.reports:
        verdict = context.verdict(report.node)
        if verdict.skip:
            continue
        if verdict.mixed and report.fix is not None:
            report = replace(report, fix=None, hint=f"{report.hint or report.fix.description} (not fixed: {verdict.mixed})")
        yield report


def _suppressions(comments: list["Node"], lines: _Lines) -> tuple[list[Suppression], bool]:
    """`// rtmigrate: ignore[...]` comments, and whether one is `ignore-file`."""
    found = []
    whole_file = False
    for comment in comments:
        value = syntax.text(comment)
        if "rtmigrate" not in value:
            continue
        if _FILE.search(value):
            whole_file = True
            continue
        match = _LINE.search(value)
        if match:
            found.append(Suppression(comment, parse_codes(match.group("codes")), line=lines.at(comment.start_byte)[0]))
    return found, whole_file


def _suppress(diagnostics: list[Diagnostic], found: list[Suppression], path: str, settings: Settings, lines: _Lines) -> list[Diagnostic]:
    def span(s: Suppression) -> tuple[int, int, int, int]:
        return (*lines.at(s.comment.start_byte), *lines.at(s.comment.end_byte))

    return suppress(diagnostics, found, path, settings, span, lambda code: any(r.code.startswith(code) for r in enabled_js_rules(settings)))


def _overlaps(a: TextEdit, b: TextEdit) -> bool:
    if a.start == a.end or b.start == b.end:  # an insertion touching another edit: order unclear, wait a pass
        return a.start <= b.end and b.start <= a.end
    return a.start < b.end and b.start < a.end


def _clash(a: TextEdit, b: TextEdit) -> bool:
    """Edits of one fix clash when they overlap; an insertion at the start or
    end of another edit is placed before or after it."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def choose_edits(diagnostics: list[Diagnostic], unsafe: bool) -> tuple[list[TextEdit], int]:
    chosen: list[TextEdit] = []
    fixed = 0
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if not is_applicable(fix, unsafe):
            continue
        new = [e for e in fix.edits if isinstance(e, TextEdit) and e not in chosen]  # type: ignore[union-attr]
        if any(_overlaps(e, other) for e in new for other in chosen) or any(_clash(a, b) for i, a in enumerate(new) for b in new[i + 1:]):
            continue
        chosen.extend(new)
        fixed += 1
    return chosen, fixed


def apply(data: bytes, edits: list[TextEdit]) -> bytes:
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        data = data[: edit.start] + edit.text.encode("utf-8") + data[edit.end :]
    return data


@dataclass
class JsFixResult:
    source: str
    diagnostics: list[Diagnostic]
    fixed: int


def fix(text: str, path: str, settings: Settings, suffix: str, unsafe: bool = False, pins: Around | None = None) -> JsFixResult:
    """Apply fixes until none applies (at most ``MAX_FIX_PASSES`` passes)."""
    data = text.encode("utf-8")
    analysis = _analyze(data, path, settings, suffix, pins=pins)
    fixed = 0
    for _ in range(MAX_FIX_PASSES):
        edits, count = choose_edits(analysis.diagnostics, unsafe)
        if not edits:
            break
        new = apply(data, edits)
        try:
            analysis = _analyze(new, path, settings, suffix, pins=pins)
        except JsSyntaxError as exc:
            raise JsFixError(f"a fix produced code that does not parse ({exc}); file left unchanged") from None
        data = new
        fixed += count
    return JsFixResult(data.decode("utf-8"), analysis.diagnostics, fixed)
