"""The prose of a guide: inline code that still teaches the beta.

A guide whose code blocks move to GA can still name `response.audio.delta`,
`client.beta.realtime.connect` or `gpt-4o-realtime-preview` in its sentences.
Those are reported, never rewritten: prose is its author's. A line that also
names the GA successor is about the migration and is left alone; so is a
paragraph that does not speak of Realtime, or names another API or another
provider that speaks the same protocol, and a document that never names
OpenAI.
"""

from __future__ import annotations

import re

from .config import Settings
from .diagnostics import Diagnostic, Kind, line_column
from .documents import inline_code
from .tables import context as facts
from .tables.events import EVENT_RENAMES
from .tables.models import MODEL_RENAMES, PREVIEW_MARK

_SDK_PATH = re.compile(r"\bbeta\.realtime\b|openai\.(?:types|resources)\.beta\.realtime|openai/beta/realtime")
# Other OpenAI APIs whose own events or names look like the Realtime beta's
_OTHER_API = re.compile(r"\b(?:Responses|Chat Completions|Assistants|Speech|Transcriptions?|Audio) API\b")
_HINT = "prose is left as its author wrote it: name the GA form in the sentence"


def other_provider(text: str) -> bool:
    """Does the text name another provider that speaks the same protocol (xAI,
    Together, Azure Voice Live...)?"""
    lowered = text.lower()
    return bool(facts.OTHER_PROVIDER_MARKS.search(text)) or "voice live" in lowered or any(host in lowered for host in facts.OTHER_PROVIDERS)


def findings(text: str, suffix: str, shown: str, settings: Settings) -> list[Diagnostic]:
    """Beta names in the inline code of a Markdown or reStructuredText document's prose."""
    out: list[Diagnostic] = []
    if "openai" not in text.lower():
        return out
    for offset, content in inline_code(text, suffix):
        value = content.strip()
        line_start = text.rfind("\n", 0, offset) + 1
        line_end = text.find("\n", offset)
        line = text[line_start : line_end if line_end != -1 else len(text)]
        start, end = text.rfind("\n\n", 0, offset), text.find("\n\n", offset)
        paragraph = text[start + 1 if start != -1 else 0 : end if end != -1 else len(text)]
        if "realtime" not in paragraph.lower() or _OTHER_API.search(paragraph) or other_provider(paragraph):
            continue  # a sentence about another API (the Responses API streams `response.audio.delta` too)
        found: tuple[str, str, str] | None = None
        if value in EVENT_RENAMES and EVENT_RENAMES[value].ga not in line:
            found = ("RT101", "beta-event-name", f"the prose names the beta event `{value}`; GA calls it `{EVENT_RENAMES[value].ga}`")
        elif _SDK_PATH.search(value) and not re.search(r"(?<!beta)\.realtime\.|openai\.types\.realtime\b|openai/realtime\b", line.replace(value, "")):
            found = ("RT201", "beta-sdk-path", f"the prose names the beta SDK path `{value}`; GA serves Realtime from `client.realtime`")
        elif PREVIEW_MARK in value and any(row.pattern.search(value) for row in MODEL_RENAMES) and "gpt-realtime" not in line:
            found = ("RT501", "preview-model", f"the prose names the preview model `{value}`")
        if found is None or not settings.is_enabled(found[0]):
            continue
        code, name, message = found
        line_no, column = line_column(text, offset)
        end_line, end_column = line_column(text, offset + len(content))
        out.append(Diagnostic(code, name, message, shown, line_no, column, end_line, end_column, None, _HINT, kind=Kind.ADVICE.value))
    return out
