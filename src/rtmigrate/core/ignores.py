"""What suppression comments hide, whatever the language: a comment on a
finding's first or last line hides the codes it names (or every code), and
with the setting each comment or code that hid nothing is reported (RT001).
The front ends find the comments and say where they are."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .config import Settings
from .diagnostics import Diagnostic

UNUSED_SUPPRESSION = "RT001"


@dataclass
class Suppression:
    comment: Any  # the front end's node of the comment
    codes: tuple[str, ...]  # empty: every code
    used: set[str] = field(default_factory=set)
    line: int = 0  # where the comment starts (set by the front end)

    def covers(self, code: str) -> bool:
        return not self.codes or any(code.startswith(c) for c in self.codes)


def parse_codes(text: str | None) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in (text or "").split(",") if c.strip())


def suppress(
    diagnostics: list[Diagnostic],
    found: list[Suppression],
    path: str,
    settings: Settings,
    span: Callable[[Suppression], tuple[int, int, int, int]],
    runs: Callable[[str], bool] = lambda code: True,
) -> list[Diagnostic]:
    """The findings no comment hides, then (with the setting) one RT001 per
    comment that hid nothing. ``span``: a comment's (line, column, end line,
    end column); ``runs``: whether rules of a code ran here (a code counts as
    unused only where its rules ran)."""
    by_line: dict[int, list[Suppression]] = {}
    for suppression in found:
        by_line.setdefault(suppression.line, []).append(suppression)
    kept = []
    for d in diagnostics:
        hiding = [s for line in {d.line, d.end_line} for s in by_line.get(line, ()) if s.covers(d.code)]
        for s in hiding:
            s.used.add(d.code)
        if not hiding:
            kept.append(d)
    if settings.report_unused_suppressions or UNUSED_SUPPRESSION in settings.select:
        for s in found:
            unused = [c for c in s.codes if not any(u.startswith(c) for u in s.used) and runs(c)] if s.codes else ([] if s.used else ["*"])
            if unused:
                what = ", ".join(unused) if s.codes else "any finding"
                kept.append(
                    Diagnostic(UNUSED_SUPPRESSION, "unused-suppression", f"suppression of {what} hides nothing here", path,
                               *span(s), hint="delete it, or the codes that no longer apply")
                )
    return kept
