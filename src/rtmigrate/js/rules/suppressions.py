"""Suppression comments that suppress nothing, in JavaScript and TypeScript
(reported when asked; the engine reads the comments, as for Python)."""

from __future__ import annotations

from ...core.diagnostics import Kind
from ...core.ruledoc import Invalid
from ..rule import JsRule


class UnusedSuppression(JsRule):
    """Suppression comment that suppresses nothing, in JavaScript or TypeScript.

    `// rtmigrate: ignore[CODE]` (or a `/* ... */` comment) on a line hides
    the findings of CODE (or every code, without the brackets) that start or
    end on that line. One that hides nothing is left over from code that has
    since been migrated; it is reported with `--report-unused-suppressions`
    (or the setting, or by selecting RT001).

    Example:

        const MODEL = "gpt-realtime-2.1"; // rtmigrate: ignore[RT501]

    Fix (by hand): delete the comment.
    """

    code = "RT001"
    name = "unused-suppression"
    kind = Kind.ADVICE
    EXAMPLE_SELECT = ("RT001", "RT501")

    VALID = (
        'import OpenAI from "openai";\nconst MODEL = "gpt-4o-realtime-preview"; // rtmigrate: ignore[RT501]\n',
        '// rtmigrate: ignore-file\nimport OpenAI from "openai";\nconst MODEL = "gpt-4o-realtime-preview";\n',
    )
    INVALID = (Invalid('import OpenAI from "openai";\nconst MODEL = "gpt-realtime-2.1"; // rtmigrate: ignore[RT501]\n'),)
