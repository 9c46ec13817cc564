"""One configuration or shell file: its text read once, every enabled rule run
over it, fixes applied as text edits that do not overlap, pass after pass.
Bytes outside the edits are kept as they are."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.config import Settings
from ..core.diagnostics import Diagnostic, TextEdit, is_applicable, line_column
from .rule import ConfRule, conf_rules

MAX_FIX_PASSES = 5
# rtmigrate's own settings in a TOML file: its model settings name models on purpose
_OWN_SECTION = re.compile(r"^\s*\[tool\.rtmigrate(?:\.[^\]]*)?\]\s*$", re.MULTILINE)
_SECTION = re.compile(r"^\s*\[", re.MULTILINE)


def _skipped(text: str, kind: str) -> list[tuple[int, int]]:
    if kind != "toml":
        return []
    spans = []
    for match in _OWN_SECTION.finditer(text):
        following = _SECTION.search(text, match.end())
        spans.append((match.start(), following.start() if following else len(text)))
    return spans


@dataclass
class ConfResult:
    diagnostics: list[Diagnostic]
    text: str
    fixed: int = 0


def analyze(text: str, path: str, settings: Settings, kind: str) -> list[Diagnostic]:
    """The findings of one file of ``kind`` (see `kinds.py`)."""
    skipped = _skipped(text, kind)
    found: list[Diagnostic] = []
    for rule_class in conf_rules():
        if kind not in rule_class.KINDS or not settings.is_enabled(rule_class.code):
            continue
        rule: ConfRule = rule_class(settings, text, kind, skipped)
        rule.check()
        for report in rule.reports:
            line, column = line_column(text, report.start)
            end_line, end_column = line_column(text, report.end)
            found.append(Diagnostic(
                rule.code, rule.name, report.message, path, line, column, end_line, end_column,
                report.fix, report.hint, kind=(report.kind or rule.kind).value,
            ))
    found.sort(key=lambda d: d.sort_key)
    return found


def apply(text: str, edits: list[TextEdit]) -> str:
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def fix(text: str, path: str, settings: Settings, kind: str, unsafe: bool = False) -> ConfResult:
    """The text with every applicable fix applied; the findings of the first pass."""
    first = analyze(text, path, settings, kind)
    current, fixed, diagnostics = text, 0, first
    for _ in range(MAX_FIX_PASSES):
        chosen: list[TextEdit] = []
        for diagnostic in diagnostics:
            if not is_applicable(diagnostic.fix, unsafe):
                continue
            edits = [e for e in diagnostic.fix.edits if isinstance(e, TextEdit)]  # type: ignore[union-attr]
            if any(e.start < o.end and o.start < e.end for e in edits for o in chosen):
                continue  # overlaps a fix taken this pass: the next pass sees it again
            chosen += edits
            fixed += 1
        if not chosen:
            break
        current = apply(current, chosen)
        diagnostics = analyze(current, path, settings, kind)
    return ConfResult(first, current, fixed)
