"""Suppression comments that suppress nothing (reported when asked)."""

from __future__ import annotations

from ...core.diagnostics import Kind
from ..rule import Invalid, Rule


class UnusedSuppression(Rule):
    """Suppression comment that suppresses nothing.

    `# rtmigrate: ignore[CODE]` at the end of a line hides the findings of
    CODE (or every code, without the brackets) that start or end on that
    line. One that hides nothing is left over from code that has since been
    migrated; it is reported with `--report-unused-suppressions` (or the
    setting `report-unused-suppressions = true`, or by selecting RT001).

    Example:

        MODEL = "gpt-realtime-2.1"  # rtmigrate: ignore[RT501]

    Fix (by hand): delete the comment.
    """

    code = "RT001"
    name = "unused-suppression"
    kind = Kind.ADVICE
    EXAMPLE_SELECT = ("RT001", "RT501")

    VALID = (
        'import openai\nMODEL = "gpt-4o-realtime-preview"  # rtmigrate: ignore[RT501]\n',
        '# rtmigrate: ignore-file\nimport openai\nMODEL = "gpt-4o-realtime-preview"\n',
    )
    INVALID = (Invalid('import openai\nMODEL = "gpt-realtime-2.1"  # rtmigrate: ignore[RT501]\n'),)
