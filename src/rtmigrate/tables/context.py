"""What gives a file Realtime context, and the bytes that make a file worth parsing."""

from __future__ import annotations

import re

from .events import EVENT_MEANING_CHANGED, EVENT_RENAMES
from .models import REALTIME_MODEL

# A string literal holding one of these marks the file as Realtime code.
REALTIME_STRING = re.compile(r"/v1/realtime|openai-beta|" + REALTIME_MODEL.pattern, re.IGNORECASE)

# In a file that talks to Azure OpenAI Realtime, only this rule reports (facts §9).
AZURE_NOTE = "RT405"

# The root module whose import marks the file as OpenAI code.
OPENAI_MODULE = "openai"


# Text that every finding needs somewhere in its file, besides the event names:
# a file with none of it is never parsed. Each rule family adds what it looks for.
TRIGGER_WORDS = (
    "conversation.item.created",  # RT102
    "beta.realtime", "types.beta",  # SDK paths and type imports
    "openai-beta",  # the beta header
    "realtime-preview", "gpt-realtime",  # model ids
    "session.update", "response.create", "transcription_session", "conversation.item.create",  # configs
    "/v1/realtime", "openai/realtime",  # endpoints, Azure
    "realtime.connect", "client_secrets", "realtime.calls",  # connections that need a safety identifier
    'realtime"', "realtime'", "input_audio_transcription",  # session types and transcripts (architecture fit)
)


# Short pieces that many trigger words share. The prefilter looks for these
# first, and for the words holding one only when it is there: most files hold
# none, and a few scans are cheaper than one per word.
GATES = ("realtime", "response.", "session", "beta")


def trigger_groups() -> tuple[tuple[bytes, tuple[bytes, ...]], ...]:
    """(gate, the trigger words that hold it): every word of
    :func:`trigger_words` in exactly one group. A word holding no gate is a
    gate of its own, with no words to check after it."""
    groups: dict[bytes, list[bytes]] = {}
    for word in trigger_words():
        gate = next((g.encode() for g in GATES if g.encode() in word), word)
        groups.setdefault(gate, []).append(word)
    # a gate that is itself a trigger word is enough on its own
    return tuple((gate, () if gate in words else tuple(words)) for gate, words in sorted(groups.items()))


def trigger_words() -> tuple[bytes, ...]:
    """The words, lower-cased bytes: a file whose lower-cased bytes hold none of
    them has nothing for any rule. (Searched one by one with `in`: Python's
    regex engine tries every alternative of an alternation at every byte,
    which made one compiled pattern thirty times slower than these scans.)"""
    words = {w.lower() for w in (*EVENT_RENAMES, *EVENT_MEANING_CHANGED, *TRIGGER_WORDS)}
    # a word that contains another is covered by it
    kept = [w for w in words if not any(o != w and o in w for o in words)]
    return tuple(sorted(w.encode() for w in kept))
