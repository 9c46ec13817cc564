"""What gives a file Realtime context, and the bytes that make a file worth parsing."""

from __future__ import annotations

import re

from .events import EVENT_MEANING_CHANGED, EVENT_RENAMES
from .models import REALTIME_MODEL

# A string literal holding one of these marks the file as Realtime code.
REALTIME_STRING = re.compile(r"/v1/realtime|openai-beta|" + REALTIME_MODEL.pattern, re.IGNORECASE)

# The root module whose import marks the file as OpenAI code.
OPENAI_MODULE = "openai"


def trigger_pattern() -> re.Pattern[bytes]:
    """One bytes regex: a file that does not match it has nothing for any rule."""
    words = [*EVENT_RENAMES, *EVENT_MEANING_CHANGED, "beta", "realtime"]
    alternatives = sorted({re.escape(w) for w in words}, key=len, reverse=True)
    return re.compile("|".join(alternatives).encode(), re.IGNORECASE)
