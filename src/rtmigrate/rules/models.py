"""Preview Realtime model ids (facts §8, §12)."""

from __future__ import annotations

import libcst as cst

from ..diagnostics import Edit, Fix, Kind
from ..rule import Invalid, Rule
from ..cstutil import string_value
from ..tables.models import MODEL_RENAMES, PREVIEW_MARK, REALTIME_MODEL


class PreviewModel(Rule):
    """Preview Realtime model id.

    `gpt-4o-realtime-preview` and `gpt-4o-mini-realtime-preview` (with or
    without a date) are the beta-era models. The GA types still accept them,
    but the GA models are `gpt-realtime` and `gpt-realtime-mini`. Found in
    `model=` arguments, dict values, constants, and inside URL query strings of
    plain strings and f-strings.

    Example:

        URL = "wss://api.openai.com/v1/realtime?model=gpt-4o-realtime-preview-2024-12-17"

    Fix:

        URL = "wss://api.openai.com/v1/realtime?model=gpt-realtime"

    The fix is unsafe: another model answers differently and costs
    differently. The target models are the settings `realtime-model` and
    `realtime-mini-model` in `[tool.rtmigrate]`.
    """

    code = "RT501"
    name = "preview-model"
    kind = Kind.LEFTOVER

    VALID = (
        'import openai\nconn = client.realtime.connect(model="gpt-realtime")\n',
        'import openai\nname = "my-gpt-4o-realtime-preview-notes.txt"\n',
        # ids a program accepts are valid values, not choices
        'import openai\nfrom typing import Literal\nModel = Literal["gpt-realtime", "gpt-4o-realtime-preview"]\n',
        'import openai\nif model == "gpt-4o-realtime-preview": legacy = True\n',
    )
    INVALID = (
        Invalid(
            'import openai\nconn = client.realtime.connect(model="gpt-4o-realtime-preview")\n',
            'import openai\nconn = client.realtime.connect(model="gpt-realtime")\n',
            unsafe=True,
        ),
        Invalid(
            "import openai\nu = f'wss://api.openai.com/v1/realtime?model=gpt-4o-mini-realtime-preview-2024-12-17&x={x}'\n",
            "import openai\nu = f'wss://api.openai.com/v1/realtime?model=gpt-realtime-mini&x={x}'\n",
            unsafe=True,
        ),
    )

    def _rewrite(self, text: str) -> tuple[str, list[str]]:
        found: list[str] = []
        for row in MODEL_RENAMES:
            target = getattr(self.settings, row.setting)
            found.extend(m.group(0) for m in row.pattern.finditer(text))
            text = row.pattern.sub(target, text)
        return text, found

    def _check(self, node: cst.CSTNode, text: str, rebuild) -> None:
        if PREVIEW_MARK not in text:
            return
        new, found = self._rewrite(text)
        if not found:
            return
        targets = sorted({new_id for new_id in (self._rewrite(f)[0] for f in found)})
        fix = Fix.unsafe(f"use {', '.join(f'`{t}`' for t in targets)}", Edit(node, rebuild(new)))
        self.report(node, f"preview Realtime model `{found[0]}`", fix)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if "b" not in node.prefix.lower() and not self._listed(node):  # model ids hold no escapes: edit the literal's own text
            self._check(node, node.value, lambda new: node.with_changes(value=new))

    def _listed(self, node: cst.SimpleString) -> bool:
        """Is the id one of several accepted, or tested for, rather than chosen:
        an item of `Literal[...]` or of a list of model ids, a dict key, a
        comparison or a case pattern? Those are valid values, not choices."""
        parent = self.parent(node)
        if isinstance(parent, (cst.ComparisonTarget, cst.MatchValue)) or (
            isinstance(parent, cst.Comparison) and parent.left is node
        ):
            return True
        if isinstance(parent, cst.DictElement):
            return parent.key is node
        if isinstance(parent, cst.Index):
            return isinstance(self.parent(parent), cst.SubscriptElement)
        if isinstance(parent, cst.Element):
            container = self.parent(parent)
            return isinstance(container, (cst.List, cst.Tuple, cst.Set)) and any(
                e is not parent and isinstance(e, cst.Element) and REALTIME_MODEL.search(string_value(e.value) or "")
                for e in container.elements
            )
        return False

    def visit_FormattedStringText(self, node: cst.FormattedStringText) -> None:
        self._check(node, node.value, lambda new: node.with_changes(value=new))
