"""Realtime payloads in JSON documents (facts §2–§6): recorded events, fixtures,
settings and the JSON blocks of guides, moved to the GA shape by the same
planner as code, written back in the document's own layout."""

from __future__ import annotations

from ...core.diagnostics import Applicability, Fix, TextEdit
from ...core.plans.session import migrated
from ...core.tables.session import PAYLOAD_EVENTS
from .. import jsontext
from ..rule import ConfRule, Invalid


class _PayloadInJson(ConfRule):
    CONFIGS: frozenset[str] = frozenset()  # the kinds of config this rule moves
    KINDS = frozenset({"json"})
    LANGUAGE = "json"

    def check(self) -> None:
        spans = jsontext.objects(self.text)
        for outer in spans:
            event = outer.value.get("type")
            if event not in PAYLOAD_EVENTS or PAYLOAD_EVENTS[event][1] not in self.CONFIGS:
                continue
            self._payload(spans, outer, event)

    def _payload(self, spans: list[jsontext.Span], outer: jsontext.Span, event: str) -> None:
        key, kind, ga_event = PAYLOAD_EVENTS[event]
        inner = outer.value.get(key)
        if not isinstance(inner, dict):
            return
        span = next((s for s in spans if outer.start < s.start and s.end < outer.end and s.value == inner
                     and jsontext.key_before(self.text, s.start) == key), None)
        done = migrated(inner, kind)
        if span is None or done is None:
            return
        new, decision = done
        old = self.text[span.start : span.end]
        edits = [TextEdit(span.start, span.end, jsontext.written(new, old, self.text, span.start))]
        applicability = Applicability.SAFE
        if event != ga_event:
            at = self.text.find(f'"{event}"', outer.start, span.start)
            if at == -1:
                return
            edits.append(TextEdit(at + 1, at + 1 + len(event), ga_event))
            applicability = Applicability.UNSAFE
        message = "beta response parameters" if kind == "response" else f"beta {decision.kind} session configuration"
        self.report(span.start, span.end, message, Fix(applicability, "; ".join(decision.moved), tuple(edits)))


class BetaSessionInJson(_PayloadInJson):
    """Session configuration in the beta shape, in a JSON document.

    A JSON document that holds `{"type": "session.update", "session": {...}}`
    or `{"type": "response.create", "response": {...}}` (a recorded event, a
    test fixture, a guide's JSON block) gets the same GA shape as code, from
    the same planner: `type`, audio fields under `audio.input` /
    `audio.output`, format objects, `output_modalities`. The object is
    written back on one line or indented as it was; the rest of the document
    is kept byte for byte. A `transcription_session.update` event becomes
    `session.update` as an unsafe fix, as in code. Where a value needs a
    person (a format the planner does not know), the finding has no fix.

    Example:

        {"type": "session.update", "session": {"voice": "verse", "modalities": ["text", "audio"]}}

    Fix:

        {"type": "session.update", "session": {"type": "realtime", "audio": {"output": {"voice": "verse"}}, "output_modalities": ["audio"]}}
    """

    code = "RT301"
    name = "beta-session-config"
    CONFIGS = frozenset({"realtime", "transcription"})

    VALID = ('{"type": "session.update", "session": {"type": "realtime", "audio": {"output": {"voice": "verse"}}}}\n',)
    INVALID = (
        Invalid(
            '{"type": "session.update", "session": {"voice": "verse", "modalities": ["text", "audio"]}}\n',
            '{"type": "session.update", "session": {"type": "realtime", "audio": {"output": {"voice": "verse"}}, "output_modalities": ["audio"]}}\n',
        ),
    )


class BetaResponseInJson(_PayloadInJson):
    """`response.create` parameters in the beta shape, in a JSON document.

    As in code: `output_modalities` for `modalities`, `audio.output.voice`
    and `audio.output.format`, `max_output_tokens`.

    Example:

        {"type": "response.create", "response": {"modalities": ["text"], "max_response_output_tokens": 200}}

    Fix:

        {"type": "response.create", "response": {"output_modalities": ["text"], "max_output_tokens": 200}}
    """

    code = "RT302"
    name = "beta-response-config"
    CONFIGS = frozenset({"response"})

    VALID = ('{"type": "response.create", "response": {"output_modalities": ["text"]}}\n',)
    INVALID = (
        Invalid(
            '{"type": "response.create", "response": {"modalities": ["text"], "max_response_output_tokens": 200}}\n',
            '{"type": "response.create", "response": {"output_modalities": ["text"], "max_output_tokens": 200}}\n',
        ),
    )
