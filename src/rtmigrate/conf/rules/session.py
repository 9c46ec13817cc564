"""Realtime payloads in JSON documents (facts §2–§6): recorded events, fixtures,
settings and the JSON blocks of guides, moved to the GA shape by the same
planner as code, written back in the document's own layout."""

from __future__ import annotations

import re

from ...core.diagnostics import Applicability, Fix, TextEdit
from ...core.tables.session import DISTINCTIVE_FIELDS, MOVES
from ...core import jsontext
from ...core.plans.session import dropping
from ..rule import ConfRule, Invalid


class _PayloadInJson(ConfRule):
    CONFIGS: frozenset[str] = frozenset()  # the kinds of config this rule moves
    KINDS = frozenset({"json"})
    LANGUAGE = "json"

    def check(self) -> None:
        for found in jsontext.payloads(self.text, self.CONFIGS):
            span = found.span
            edits = [TextEdit(span.start, span.end, found.text)]
            applicability = Applicability.SAFE
            if found.event != found.ga_event:
                at = self.text.find(f'"{found.event}"', found.outer.start, span.start)
                if at == -1:
                    continue
                edits.append(TextEdit(at + 1, at + 1 + len(found.event), found.ga_event))
                applicability = Applicability.UNSAFE
            decision = found.decision
            message = "beta response parameters" if found.kind == "response" else f"beta {decision.kind} session configuration"
            dropped = found.dropped
            if dropped:  # left out of the GA config: the model's default applies
                applicability = Applicability.UNSAFE
                message += f"; the fix is unsafe: {dropping(dropped)}"
            self.report(span.start, span.end, message, Fix(applicability, "; ".join(decision.moved), tuple(edits)))


class BetaSessionInJson(_PayloadInJson):
    """Session configuration in the beta shape, in a JSON document.

    A JSON document that holds `{"type": "session.update", "session": {...}}`
    or `{"type": "response.create", "response": {...}}` (a recorded event, a
    test fixture, a guide's JSON block) gets the same GA shape as code, from
    the same planner: `type`, audio fields under `audio.input` /
    `audio.output`, format objects, `output_modalities`. The object is
    written back on one line or indented as it was; the rest of the document
    is kept byte for byte. A field GA has no place for (`temperature`) is
    left out, as an unsafe fix. A `transcription_session.update` event becomes
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
        # a field GA has no place for is left out: the model's default applies, so unsafe
        Invalid(
            '{"type": "session.update", "session": {"voice": "verse", "temperature": 0.7}}\n',
            '{"type": "session.update", "session": {"type": "realtime", "audio": {"output": {"voice": "verse"}}}}\n',
            unsafe=True,
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


_FIELD_KEY = re.compile(
    r"""^[ \t-]*["']?(?P<key>""" + "|".join(sorted(DISTINCTIVE_FIELDS)) + r""")["']?[ \t]*[:=]""", re.MULTILINE
)


class BetaSessionFieldInConfig(ConfRule):
    """Beta session field in a Realtime configuration file.

    An app's `config.yaml` or `settings.toml` often holds the session it
    sends: `input_audio_format: g711_ulaw`, `input_audio_transcription:`.
    The names only the beta session has are reported with their GA place,
    in files that are about Realtime (they name it); moving them is the
    app's business, since its code reads them by these names.

    Example:

        realtime:
          voice: verse
          input_audio_format: g711_ulaw

    Fix (by hand): `audio: {input: {format: {type: audio/pcmu}}, output: {voice: verse}}`,
    with the code that reads it.
    """

    code = "RT306"
    name = "beta-session-field"
    KINDS = frozenset({"yaml", "toml"})
    LANGUAGE = "yaml"

    VALID = ("chat:\n  model: gpt-4o\n  input_audio_format: none  # another API's settings\n",)
    INVALID = (Invalid("realtime:\n  voice: verse\n  input_audio_format: g711_ulaw\n"),)

    def check(self) -> None:
        if "realtime" not in self.text.lower():
            return
        moves = MOVES["realtime"]
        for match in _FIELD_KEY.finditer(self.text):
            key = match.group("key")
            self.report(match.start("key"), match.end("key"), f"beta session field `{key}` in a Realtime configuration",
                        hint=f"in GA: `{key}` → `{'.'.join(moves[key])}`, with the code that reads it")
