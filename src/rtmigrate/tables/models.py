"""Realtime model ids (migration facts §8, §12).

The preview ids are still accepted by the GA types, so the move to a GA model
is its own rule and the target is a setting.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class ModelRename(NamedTuple):
    pattern: re.Pattern[str]
    setting: str  # attribute of Settings holding the target model
    family: str


_BOUND_L, _BOUND_R = r"(?<![\w.-])", r"(?![\w-])"
_DATE = r"(?:-\d{4}-\d{2}-\d{2})?"

MODEL_RENAMES: tuple[ModelRename, ...] = (
    ModelRename(re.compile(_BOUND_L + r"gpt-4o-mini-realtime-preview" + _DATE + _BOUND_R), "realtime_mini_model", "gpt-4o-mini-realtime-preview"),
    ModelRename(re.compile(_BOUND_L + r"gpt-4o-realtime-preview" + _DATE + _BOUND_R), "realtime_model", "gpt-4o-realtime-preview"),
)

# Text that every beta id of MODEL_RENAMES contains: a quick test before the patterns.
PREVIEW_MARK = "realtime-preview"
assert all(PREVIEW_MARK in row.family for row in MODEL_RENAMES)

# Any realtime model id, beta or GA: a string holding one gives a file Realtime context.
REALTIME_MODEL = re.compile(r"gpt-4o(?:-mini)?-realtime-preview|gpt-realtime")
