"""Preview Realtime model ids in configuration and shell files (facts §8)."""

from __future__ import annotations

from ...core.diagnostics import Fix, Kind, TextEdit
from ...core.plans.models import preview_rewrite
from ...core.tables.models import MODEL_RENAMES
from ..kinds import KINDS
from ..rule import ConfRule, Invalid


class PreviewModelInConfig(ConfRule):
    """Preview Realtime model id in a configuration or shell file.

    The code moves to GA, and the deployment still names the preview model:
    `OPENAI_REALTIME_MODEL=gpt-4o-realtime-preview` in `.env`, a `model:` in
    YAML, `?model=gpt-4o-realtime-preview` in a compose file or a curl call.
    A preview id is unmistakably Realtime's, wherever it is written; it moves
    to the current model of its family (settings `realtime-model`,
    `realtime-mini-model`). Unsafe: another model answers and bills
    differently.

    Example:

        OPENAI_REALTIME_MODEL=gpt-4o-realtime-preview-2024-12-17

    Fix (unsafe):

        OPENAI_REALTIME_MODEL=gpt-realtime-2.1
    """

    code = "RT501"
    name = "preview-model"
    kind = Kind.LEFTOVER
    KINDS = frozenset(KINDS)

    VALID = ('curl -s "https://api.openai.com/v1/realtime/client_secrets" -d \'{"session": {"type": "realtime", "model": "gpt-realtime-2.1"}}\'\n',)
    INVALID = (
        Invalid(
            'curl -s "https://api.openai.com/v1/realtime/client_secrets" -d \'{"session": {"type": "realtime", "model": "gpt-4o-realtime-preview"}}\'\n',
            'curl -s "https://api.openai.com/v1/realtime/client_secrets" -d \'{"session": {"type": "realtime", "model": "gpt-realtime-2.1"}}\'\n',
            unsafe=True,
        ),
    )

    def check(self) -> None:
        for row in MODEL_RENAMES:
            for match in row.pattern.finditer(self.text):
                new, ids = preview_rewrite(match.group(0), self.settings)
                if not ids:
                    continue
                fix = Fix.unsafe(f"use `{new}`", TextEdit(match.start(), match.end(), new))
                self.report(match.start(), match.end(), f"preview Realtime model `{ids[0]}`", fix)
