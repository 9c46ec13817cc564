"""Audio model ids: preview ids, models shutting down, options a model does not take (facts §8, §12)."""

from __future__ import annotations

from dataclasses import replace

import libcst as cst

from ..cstutil import dotted_name, string_value, with_string_value
from ...core.diagnostics import Edit, Fix, Kind
from ...core.plans.models import AZURE_HINT, TABLE_HINT, TABLE_MESSAGE, in_azure_scope, missing_rows, option_problems, preview_rewrite, shutdown
from ..rule import Invalid, Rule
from .sdk import kept_beta_types
from ...core.tables.models import (
    MODEL_ID,
    PREVIEW_MARK,
    REALTIME_MODEL,
    SHUTDOWNS,
)


def _azure_reports(rule: Rule) -> None:
    """On Azure, `model=` names a deployment: report, never rename. A file that
    aims one function at Azure and another at OpenAI (a test of each) renames
    in the OpenAI one: a report is Azure's where its class or function holds an
    Azure URL, or lies around one (a module's constant, a class's default)."""
    collector = rule.context.collector
    if not collector.azure:
        return
    scopes = lambda node: [a for a in rule.ancestors(node) if isinstance(a, (cst.FunctionDef, cst.ClassDef))]  # noqa: E731
    azure = [scopes(node) for node in collector.azure_at]
    rule.reports = [replace(r, fix=None, hint=AZURE_HINT) if in_azure_scope(scopes(r.node), azure) else r for r in rule.reports]


def _into_kept_types(rule: Rule) -> None:
    """An id given to a beta type the file keeps (`SessionUpdateEvent(session={"model": ...})`)
    is checked by that type against its own list of preview ids: reported, not renamed."""
    if not rule.reports:
        return
    kept = kept_beta_types(rule)
    if not kept:
        return
    out = []
    for report in rule.reports:
        into = next((dotted_name(a.func) for a in rule.ancestors(report.node) if isinstance(a, cst.Call) and dotted_name(a.func) in kept), None)
        if into is not None and report.fix is not None:
            report = replace(report, fix=None, hint=f"`{into}` is a beta type this file keeps (RT202), which takes only its own ids: move it first")
        out.append(report)
    rule.reports = out


_STRING_TESTS = frozenset({"startswith", "endswith", "find", "index"})


def listed(rule: Rule, node: cst.SimpleString) -> bool:
    """Is the id one of several accepted, or tested for, rather than chosen: an
    item of `Literal[...]` or of a list of model ids, a dict key or a
    subscript's, a comparison, a case pattern or the argument of a string test
    (`startswith`)? Those are valid values, not choices."""
    parent = rule.parent(node)
    if isinstance(parent, (cst.ComparisonTarget, cst.MatchValue)) or (isinstance(parent, cst.Comparison) and parent.left is node):
        return not _expected(rule, parent)
    if isinstance(parent, cst.DictElement):
        return parent.key is node
    if isinstance(parent, cst.Index):
        return isinstance(rule.parent(parent), cst.SubscriptElement)
    if isinstance(parent, cst.Arg):  # `model.startswith("gpt-realtime")`: a test of another id
        call = rule.parent(parent)
        return isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value in _STRING_TESTS
    if isinstance(parent, cst.Element):
        container = rule.parent(parent)
        return isinstance(container, (cst.List, cst.Tuple, cst.Set)) and any(
            e is not parent
            and isinstance(e, cst.Element)
            and (REALTIME_MODEL.search(value := string_value(e.value) or "") or MODEL_ID.fullmatch(value))
            for e in container.elements
        )
    return False


def _expected(rule: Rule, parent: cst.CSTNode) -> bool:
    """`assert model == "gpt-4o-realtime-preview"`: a test's expectation of the
    id the code chooses, which follows the code's fix, unlike a test in code."""
    comparison = rule.parent(parent) if isinstance(parent, cst.ComparisonTarget) else parent
    return (
        isinstance(comparison, cst.Comparison)
        and len(comparison.comparisons) == 1
        and isinstance(comparison.comparisons[0].operator, cst.Equal)
        and isinstance(rule.parent(comparison), cst.Assert)
    )


class PreviewModel(Rule):
    """Preview Realtime model id.

    `gpt-4o-realtime-preview` and `gpt-4o-mini-realtime-preview` (with or
    without a date) are the beta-era models. The GA types still accept them;
    the fix moves them to the current model of their family, which is the
    newest Realtime model the pinned `openai` package does not mark for
    shutdown (`gpt-realtime-2.1` and `gpt-realtime-2.1-mini` today). Found
    where a model is chosen: `model=` arguments, dict values, constants, and
    URL query strings of plain strings and f-strings; not in `Literal[...]`,
    lists of accepted ids, dict keys or comparisons. A test's expectation
    (`assert model == "gpt-4o-realtime-preview"`) follows the code it tests.
    A table of the app's own keyed by preview ids (a price table) with no row
    for the model they move to is reported, with no fix: a model moved by
    this rule would find no row there, and the new row's values are the app's.

    Example:

        URL = "wss://api.openai.com/v1/realtime?model=gpt-4o-realtime-preview-2024-12-17"

    Fix:

        URL = "wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1"

    The fix is unsafe: another model answers differently and costs
    differently. The target models are the settings `realtime-model` and
    `realtime-mini-model` in `[tool.rtmigrate]`.
    """

    code = "RT501"
    name = "preview-model"
    kind = Kind.LEFTOVER

    VALID = (
        'import openai\nconn = client.realtime.connect(model="gpt-realtime-2.1")\n',
        'import openai\nname = "my-gpt-4o-realtime-preview-notes.txt"\n',
        # ids a program accepts are valid values, not choices
        'import openai\nfrom typing import Literal\nModel = Literal["gpt-realtime", "gpt-4o-realtime-preview"]\n',
        'import openai\nif model == "gpt-4o-realtime-preview": legacy = True\n',
        # a table of the app's own that has a row for the GA model too
        'import openai\nPRICES = {"gpt-4o-realtime-preview": 40, "gpt-realtime-2.1": 32}\n',
    )
    INVALID = (
        Invalid(
            'import openai\nconn = client.realtime.connect(model="gpt-4o-realtime-preview")\n',
            'import openai\nconn = client.realtime.connect(model="gpt-realtime-2.1")\n',
            unsafe=True,
        ),
        Invalid(
            'import openai\ndef test(client):\n    assert client.model == "gpt-4o-realtime-preview"\n',
            'import openai\ndef test(client):\n    assert client.model == "gpt-realtime-2.1"\n',
            unsafe=True,
        ),
        # a price table of the app's own with no row for the model the fix chooses: reported
        Invalid('import openai\nPRICES = {"gpt-4o-realtime-preview": 40, "gpt-4o-mini-realtime-preview": 10}\n'),
        # a file that tests an Azure URL in one function and OpenAI's in another: renamed in OpenAI's only
        Invalid(
            'import openai\ndef test_openai():\n    assert url() == "wss://api.openai.com/v1/realtime?model=gpt-4o-realtime-preview"\n'
            'def test_azure():\n    assert azure_url() == "wss://r.openai.azure.com/openai/realtime?api-version=v&deployment=gpt-4o-realtime-preview"\n',
            'import openai\ndef test_openai():\n    assert url() == "wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1"\n'
            'def test_azure():\n    assert azure_url() == "wss://r.openai.azure.com/openai/realtime?api-version=v&deployment=gpt-4o-realtime-preview"\n',
            unsafe=True,
        ),
        Invalid(
            "import openai\nu = f'wss://api.openai.com/v1/realtime?model=gpt-4o-mini-realtime-preview-2024-12-17&x={x}'\n",
            "import openai\nu = f'wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1-mini&x={x}'\n",
            unsafe=True,
        ),
    )

    def _check(self, node: cst.CSTNode, text: str, rebuild) -> None:
        if PREVIEW_MARK not in text:
            return
        new, found = preview_rewrite(text, self.settings)
        if not found:
            return
        targets = sorted({preview_rewrite(f, self.settings)[0] for f in found})
        fix = Fix.unsafe(f"use {', '.join(f'`{t}`' for t in targets)}", Edit(node, rebuild(new)))
        self.report(node, f"preview Realtime model `{found[0]}`", fix)

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.tables: dict[int, cst.Dict] = {}  # dicts keyed by a preview id

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        # model ids hold no escapes: edit the literal's own text
        if PREVIEW_MARK in node.value and "b" not in node.prefix.lower():
            if not listed(self, node):
                self._check(node, node.value, lambda new: node.with_changes(value=new))
            elif isinstance(element := self.parent(node), cst.DictElement) and isinstance(table := self.parent(element), cst.Dict):
                self.tables[id(table)] = table

    def visit_FormattedStringText(self, node: cst.FormattedStringText) -> None:
        self._check(node, node.value, lambda new: node.with_changes(value=new))

    def finish(self) -> None:
        _azure_reports(self)
        _into_kept_types(self)
        for table in self.tables.values():
            keys = {string_value(e.key): e.key for e in table.elements if isinstance(e, cst.DictElement)}
            previews, missing = missing_rows([k for k in keys if k], self.settings)
            if previews and missing:
                shown = ", ".join(f"`{m}`" for m in missing)
                self.report(keys[previews[0]], TABLE_MESSAGE.format(id=previews[0], missing=shown), hint=TABLE_HINT.format(missing=shown))


_TRANSCRIPTION_KEYS = frozenset({"input_audio_transcription", "transcription"})


class ShuttingDownModel(Rule):
    """Audio model with an announced shutdown.

    The pinned `openai` package marks models for shutdown in its type
    docstrings: `gpt-realtime` and `gpt-realtime-mini` on 2027-01-20, the
    text-to-speech models (`tts-1`, `tts-1-hd`, `gpt-4o-mini-tts`) on
    2027-01-06, `whisper-1` and the `gpt-4o-*transcribe*` models on
    2027-02-26, and the older chat audio models. rtmigrate's table of them
    is generated from the package (`tables/audio_models.py`). Found where a
    model is chosen: `model=` arguments, session and request bodies,
    constants, `model=` in URLs; not in enumerations of accepted ids.

    The finding is a *leftover* until the shutdown date and *breaks on GA*
    from that day on (the date is compared with today, or with the setting
    `today`), so a GA-ready run never fails early by surprise. The message
    gives the date and, where OpenAI states one, the replacement; the
    replacements the package does not state come from a table with its
    sources, and none is invented where none is known.

    Example:

        await client.realtime.connect(model="gpt-realtime")

    Fix (unsafe):

        await client.realtime.connect(model="gpt-realtime-2.1")

    A replacement served by another API (text-to-speech moves to
    `gpt-realtime-2.1-mini` on the Realtime API) is named but not written.
    A live transcription model that is shutting down is pointed to
    `gpt-realtime-whisper`, whose `delay` trades latency for accuracy.
    """

    code = "RT502"
    name = "model-shutting-down"
    kind = Kind.LEFTOVER

    VALID = (
        'import openai\nconn = client.realtime.connect(model="gpt-realtime-2.1")\n',
        'import openai\nfrom typing import Literal\nAccepted = Literal["gpt-realtime", "gpt-realtime-2.1"]\n',
        'import openai\nnotes = "whisper-1-results.txt"\n',
        # a key of the app's own price table, and a test of the id the app was given
        'import openai\nper_m = PRICES["gpt-realtime"]["audio"]\nif model.startswith("gpt-realtime"):\n    bill(per_m)\n',
    )
    INVALID = (
        Invalid(
            'import openai\nconn = client.realtime.connect(model="gpt-realtime")\n',
            'import openai\nconn = client.realtime.connect(model="gpt-realtime-2.1")\n',
            unsafe=True,
        ),
        Invalid('import openai\nclient.audio.speech.create(model="tts-1", voice="alloy", input=text)\n'),
        Invalid('import openai\nURL = "wss://api.openai.com/v1/realtime?model=gpt-realtime-mini"\n', 'import openai\nURL = "wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1-mini"\n', unsafe=True),
    )

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = string_value(node)
        if value is None or not (value in SHUTDOWNS or "model=" in value) or "b" in node.prefix.lower() or listed(self, node):
            return
        if value in SHUTDOWNS:
            self._report(node, value, lambda new: with_string_value(node, new))
        else:
            self._in_url(node, node.value)

    def visit_FormattedStringText(self, node: cst.FormattedStringText) -> None:
        if "model=" in node.value:
            self._in_url(node, node.value)

    def _in_url(self, node: cst.CSTNode, text: str) -> None:
        for match in MODEL_ID.finditer(text):
            model = match.group(1)
            if model in SHUTDOWNS and text[: match.start()].endswith("model="):
                start, end = match.span()
                self._report(node, model, lambda new, s=start, e=end: node.with_changes(value=text[:s] + new + text[e:]))
                return

    def _report(self, node: cst.CSTNode, model: str, rebuild) -> None:
        found = shutdown(model, self.settings, self._live_transcription(node))
        fix = Fix.unsafe(found.description, Edit(node, rebuild(found.replacement))) if found.replacement else None
        self.report(node, found.message, fix, found.hint, found.kind)

    def finish(self) -> None:
        _azure_reports(self)

    def _live_transcription(self, node: cst.CSTNode) -> bool:
        """Is the id the `model` of a Realtime session's transcription settings?"""
        element = self.parent(node)
        holder = self.parent(element) if isinstance(element, cst.DictElement) else None
        outer = self.parent(holder) if isinstance(holder, cst.Dict) else None
        return isinstance(outer, cst.DictElement) and string_value(outer.key) in _TRANSCRIPTION_KEYS


class OptionNotForModel(Rule):
    """Option that the chosen model does not take.

    Some transcription and session options belong to particular models
    (each read from the pinned package's docstrings):

    - `delay` only with `gpt-realtime-whisper` (`AudioTranscriptionParam.delay`);
    - `prompt` not with `gpt-realtime-whisper` (`AudioTranscriptionParam.prompt`);
    - `keywords` and `languages` only with `gpt-transcribe` and
      `gpt-live-transcribe` (`AudioTranscriptionParam.keywords`, `.languages`);
    - `reasoning` only with models that reason, such as `gpt-realtime-2`
      (`RealtimeReasoningParam`).

    Example:

        "transcription": {"model": "whisper-1", "delay": "low"}

    Fix (by hand): choose the model that takes the option, or drop it:

        "transcription": {"model": "gpt-realtime-whisper", "delay": "low"}

    Advice, not a breaking finding: it is about the model chosen rather than
    the beta, and code that runs on GA does not always follow the
    docstrings (`delay` is seen with `gpt-live-transcribe`).
    """

    code = "RT503"
    name = "option-not-for-model"
    kind = Kind.ADVICE  # about the model chosen, not the beta

    VALID = (
        'import openai\nt = {"model": "gpt-realtime-whisper", "delay": "medium"}\n',
        'import openai\ns = {"type": "realtime", "model": "gpt-realtime-2.1", "reasoning": {"effort": "low"}}\n',
        'import openai\nt = {"model": "gpt-transcribe", "keywords": ["rtmigrate"]}\n',
    )
    INVALID = (
        Invalid('import openai\nt = {"model": "whisper-1", "delay": "low"}\n'),
        Invalid('import openai\nt = {"model": "gpt-realtime-whisper", "prompt": "names of places"}\n'),
        Invalid('import openai\ns = {"type": "realtime", "model": "gpt-realtime-1.5", "reasoning": {"effort": "low"}}\n'),
    )

    def visit_Dict(self, node: cst.Dict) -> None:
        keys = {string_value(e.key): e for e in node.elements if isinstance(e, cst.DictElement)}
        model = string_value(keys["model"].value) if "model" in keys else None
        if model is None:
            return
        for option, message, hint in option_problems(model, set(keys)):
            self.report(keys[option].key, message, hint=hint)
