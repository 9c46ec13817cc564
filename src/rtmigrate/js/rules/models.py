"""Audio model ids in JavaScript and TypeScript (facts §8, §12): the same
verdicts as for Python (plans/models.py), found where a model is chosen."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ...core.diagnostics import Fix, Kind, TextEdit
from ...core.plans.models import AZURE_HINT, TABLE_HINT, TABLE_MESSAGE, in_azure_scope, missing_rows, option_problems, preview_rewrite, shutdown
from ...core.ruledoc import Invalid
from ...core.tables.models import MODEL_ID, PREVIEW_MARK, REALTIME_MODEL, SHUTDOWNS
from .. import syntax
from ..context import enclosing_scope
from ..rule import JsRule

if TYPE_CHECKING:
    from tree_sitter import Node

_TRANSCRIPTION_KEYS = frozenset({"input_audio_transcription", "transcription"})
_STRING_TESTS = frozenset({"startsWith", "endsWith", "includes", "indexOf"})


def listed(node: "Node") -> bool:
    """Is the id one of several accepted or tested for rather than chosen: a
    comparison, a `case`, an object key or a subscript's (a key of the app's
    own table), the argument of a string test (`startsWith`), a union type, or
    an item of an array of model ids?"""
    parent = node.parent
    if parent is None:
        return False
    kind = parent.type
    if kind == "binary_expression":
        return syntax.compared(node)
    if kind in ("switch_case", "literal_type"):
        return True
    if kind == "pair":
        return parent.child_by_field_name("key") == node
    if kind == "subscript_expression":  # `PRICES["gpt-realtime"]`: a key of the app's own table
        return parent.child_by_field_name("index") == node
    if kind == "arguments":  # `model.startsWith("gpt-realtime")`: a test of another id
        function = parent.parent.child_by_field_name("function") if parent.parent is not None else None
        prop = function.child_by_field_name("property") if function is not None and function.type == "member_expression" else None
        return prop is not None and syntax.text(prop) in _STRING_TESTS
    if kind == "array":
        return any(
            other != node and (value := syntax.string_value(other)) is not None and (REALTIME_MODEL.search(value) or MODEL_ID.fullmatch(value))
            for other in parent.named_children
        )
    return False


def _azure(rule: JsRule) -> None:
    """On Azure, `model` names a deployment: reported, never renamed, where the
    report's function or class holds an Azure URL or lies around one (as in Python)."""
    if not rule.context.azure:
        return

    def scopes(node: "Node") -> list[int]:
        found, scope = [], enclosing_scope(node)
        while scope is not None:
            found.append(scope.id)
            scope = enclosing_scope(scope)
        return found

    azure = [scopes(node) for node in rule.context.collector.azure_at]
    rule.reports = [replace(r, fix=None, hint=AZURE_HINT) if in_azure_scope(scopes(r.node), azure) else r for r in rule.reports]


class PreviewModel(JsRule):
    """Preview Realtime model id, in JavaScript or TypeScript.

    As for Python: `gpt-4o-realtime-preview` and `gpt-4o-mini-realtime-preview`
    (dated or not) move to the current model of their family (settings
    `realtime-model`, `realtime-mini-model`). Found where a model is chosen:
    `model:` entries, constants, arguments, and `model=` in URL strings and
    templates; not in arrays of accepted ids, keys or comparisons. A union
    type of accepted ids keeps its preview ids and gains the ids they move to,
    so that values moved by this rule still fit it; an object of the app's
    own keyed by preview ids (a price table) with no row for the ids they
    move to is reported, with no fix. Unsafe: another model answers and
    bills differently.

    Example:

        const rt = new OpenAIRealtimeWS({ model: "gpt-4o-realtime-preview-2024-12-17" });

    Fix (unsafe):

        const rt = new OpenAIRealtimeWS({ model: "gpt-realtime-2.1" });
    """

    code = "RT501"
    name = "preview-model"
    kind = Kind.LEFTOVER

    VALID = (
        # a table of the app's own that has a row for the GA model too
        'import OpenAI from "openai";\nconst PRICES = { "gpt-4o-realtime-preview": 40, "gpt-realtime-2.1": 32 };\n',
        'import OpenAI from "openai";\nconst rt = new OpenAIRealtimeWS({ model: "gpt-realtime-2.1" });\n',
        'import OpenAI from "openai";\ntype Model = "gpt-realtime-2.1" | "gpt-4o-realtime-preview";\n',
    )
    INVALID = (
        # a price table of the app's own with no row for the model the fix chooses: reported
        Invalid('import OpenAI from "openai";\nconst PRICES = { "gpt-4o-realtime-preview": { audioIn: 40 } };\n'),
        Invalid(
            'import OpenAI from "openai";\nconst rt = new OpenAIRealtimeWS({ model: "gpt-4o-realtime-preview-2024-12-17" });\n',
            'import OpenAI from "openai";\nconst rt = new OpenAIRealtimeWS({ model: "gpt-realtime-2.1" });\n',
            unsafe=True,
        ),
        Invalid(
            'import OpenAI from "openai";\nconst url = `wss://api.openai.com/v1/realtime?model=gpt-4o-mini-realtime-preview&x=${x}`;\n',
            'import OpenAI from "openai";\nconst url = `wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1-mini&x=${x}`;\n',
            unsafe=True,
        ),
        # a union of accepted ids gains the ids the values move to
        Invalid(
            'import OpenAI from "openai";\ntype Model = "gpt-4o-realtime-preview" | "gpt-4o-mini-realtime-preview";\n',
            'import OpenAI from "openai";\ntype Model = "gpt-4o-realtime-preview" | "gpt-4o-mini-realtime-preview" | "gpt-realtime-2.1" | "gpt-realtime-2.1-mini";\n',
            unsafe=True,
        ),
    )

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.unions: dict[int, tuple["Node", list["Node"]]] = {}  # union type → its preview ids
        self.tables: dict[int, "Node"] = {}  # objects keyed by a preview id

    def visit_string(self, node: "Node") -> None:
        if not listed(node):
            self._check(node)
        elif node.parent is not None and node.parent.type == "pair" and node.parent.parent is not None \
                and node.parent.parent.type == "object" and PREVIEW_MARK in syntax.text(node):
            self.tables[node.parent.parent.id] = node.parent.parent
        elif node.parent is not None and node.parent.type == "literal_type" and PREVIEW_MARK in syntax.text(node):
            union = node.parent
            while union.parent is not None and union.parent.type == "union_type":
                union = union.parent
            if union.type == "union_type" and union.parent is not None and union.parent.type == "type_alias_declaration":
                self.unions.setdefault(union.id, (union, []))[1].append(node)

    def visit_template_string(self, node: "Node") -> None:
        self._check(node)

    def _accepted(self) -> None:
        """A union type of accepted model ids that holds preview ids: the ids they move
        to join it, so that values moved by this rule still fit the type."""
        for union, previews in self.unions.values():
            written = syntax.text(union)
            quote = syntax.text(previews[0])[0]
            targets = sorted({preview_rewrite(syntax.string_value(p) or "", self.settings)[0] for p in previews})
            missing = [t for t in targets if f"{quote}{t}{quote}" not in written]
            if not missing:
                continue
            added = "".join(f" | {quote}{t}{quote}" for t in missing)
            fix = Fix.unsafe(f"also accept {', '.join(f'`{t}`' for t in missing)}", TextEdit(union.end_byte, union.end_byte, added))
            self.report(previews[0], f"union of accepted models holds the preview id `{syntax.string_value(previews[0])}` but not its GA successor", fix)

    def _check(self, node: "Node") -> None:
        found = syntax.literal_text(node, self.source)
        if found is None or PREVIEW_MARK not in found[0]:
            return
        text, holes = found
        new, ids = preview_rewrite(text, self.settings)
        if not ids:
            return
        targets = sorted({preview_rewrite(i, self.settings)[0] for i in ids})
        edit = syntax.rewritten(node, self.source, new, holes)
        fix = Fix.unsafe(f"use {', '.join(f'`{t}`' for t in targets)}", TextEdit(*edit)) if edit is not None else None
        self.report(node, f"preview Realtime model `{ids[0]}`", fix)

    def finish(self) -> None:
        self._accepted()
        _azure(self)
        for table in self.tables.values():
            keys = {}
            for entry in syntax.entries(table):
                key = entry.child_by_field_name("key") if entry.type == "pair" else None
                if key is not None and key.type == "string":
                    keys[syntax.string_value(key)] = key
            previews, missing = missing_rows([k for k in keys if k], self.settings)
            if previews and missing:
                shown = ", ".join(f"`{m}`" for m in missing)
                self.report(keys[previews[0]], TABLE_MESSAGE.format(id=previews[0], missing=shown), hint=TABLE_HINT.format(missing=shown))


class ShuttingDownModel(JsRule):
    """Audio model with an announced shutdown, in JavaScript or TypeScript.

    The same table and verdict as for Python: a leftover until the shutdown
    date, breaking from that day on; the replacement is written (unsafe)
    where it is served by the same API, and named otherwise.

    Example:

        const rt = new OpenAIRealtimeWS({ model: "gpt-realtime" });

    Fix (unsafe):

        const rt = new OpenAIRealtimeWS({ model: "gpt-realtime-2.1" });
    """

    code = "RT502"
    name = "model-shutting-down"
    kind = Kind.LEFTOVER

    VALID = (
        'import OpenAI from "openai";\nconst rt = new OpenAIRealtimeWS({ model: "gpt-realtime-2.1" });\n',
        'import OpenAI from "openai";\nconst accepted = ["gpt-realtime", "gpt-realtime-2.1"];\n',
        # a key of the app's own price table, and a test of the id the app was given
        'import OpenAI from "openai";\nconst p = PRICES["gpt-realtime"].audioPerM;\nif (model.startsWith("gpt-realtime")) bill(p);\n',
    )
    INVALID = (
        Invalid(
            'import OpenAI from "openai";\nconst rt = new OpenAIRealtimeWS({ model: "gpt-realtime" });\n',
            'import OpenAI from "openai";\nconst rt = new OpenAIRealtimeWS({ model: "gpt-realtime-2.1" });\n',
            unsafe=True,
        ),
        Invalid('import OpenAI from "openai";\nawait openai.audio.speech.create({ model: "tts-1", voice: "alloy", input: text });\n'),
    )

    def visit_string(self, node: "Node") -> None:
        value = syntax.string_value(node)
        if value is None or listed(node):
            return
        if value in SHUTDOWNS:
            start, end = syntax.content_range(node)
            self._report(node, value, start, end)
        elif "model=" in value:
            self._in_url(node)

    def visit_template_string(self, node: "Node") -> None:
        if b"model=" in self.source[node.start_byte : node.end_byte]:
            self._in_url(node)

    def _in_url(self, node: "Node") -> None:
        found = syntax.literal_text(node, self.source)
        if found is None:
            return
        text, holes = found
        for match in MODEL_ID.finditer(text):
            model = match.group(1)
            if model in SHUTDOWNS and text[: match.start()].endswith("model="):
                verdict = shutdown(model, self.settings)
                if verdict.replacement is None:
                    self.report(node, verdict.message, hint=verdict.hint, kind=verdict.kind)
                    return
                edit = syntax.rewritten(node, self.source, text[: match.start(1)] + verdict.replacement + text[match.end(1):], holes)
                fix = Fix.unsafe(verdict.description, TextEdit(*edit)) if edit is not None else None
                self.report(node, verdict.message, fix, verdict.hint, verdict.kind)
                return

    def _report(self, node: "Node", model: str, start: int, end: int) -> None:
        verdict = shutdown(model, self.settings, _live_transcription(node))
        fix = Fix.unsafe(verdict.description, TextEdit(start, end, verdict.replacement)) if verdict.replacement else None
        self.report(node, verdict.message, fix, verdict.hint, verdict.kind)

    def finish(self) -> None:
        _azure(self)


def _live_transcription(node: "Node") -> bool:
    """Is the id the `model` of a session's transcription settings?"""
    pair = node.parent
    holder = pair.parent if pair is not None and pair.type == "pair" else None
    outer = holder.parent if holder is not None and holder.type == "object" else None
    return outer is not None and outer.type == "pair" and syntax.key_name(outer) in _TRANSCRIPTION_KEYS


class OptionNotForModel(JsRule):
    """Option that the chosen model does not take, in an object literal
    (JavaScript and TypeScript).

    The same table as for Python (`tables/models.py`, read from the pinned
    package's docstrings): `delay` only with `gpt-realtime-whisper`, no
    `prompt` with it, `keywords` and `languages` only with `gpt-transcribe`
    and `gpt-live-transcribe`, `reasoning` only with models that reason.

    Example:

        transcription: { model: "whisper-1", delay: "low" }

    Fix (by hand): choose the model that takes the option, or drop it:

        transcription: { model: "gpt-realtime-whisper", delay: "low" }
    """

    code = "RT503"
    name = "option-not-for-model"
    kind = Kind.ADVICE  # about the model chosen, not the beta

    VALID = ('import OpenAI from "openai";\nconst t = { model: "gpt-realtime-whisper", delay: "medium" };\n',)
    INVALID = (
        Invalid('import OpenAI from "openai";\nconst t = { model: "whisper-1", delay: "low" };\n'),
        Invalid('import OpenAI from "openai";\nconst s = { type: "realtime", model: "gpt-realtime-1.5", reasoning: { effort: "low" } };\n'),
    )

    def visit_pair(self, node: "Node") -> None:
        if syntax.key_name(node) != "model" or node.parent is None or node.parent.type != "object":
            return
        model = syntax.string_value(node.child_by_field_name("value"))
        if model is None:
            return
        keys = {syntax.key_name(e): e for e in syntax.entries(node.parent) if e.type == "pair"}
        for option, message, hint in option_problems(model, set(keys)):
            key = keys[option].child_by_field_name("key")
            self.report(key, message, hint=hint)
