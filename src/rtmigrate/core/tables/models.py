"""Audio model ids: preview ids, shutdowns, replacements, current models, options (facts §8, §12).

What the pinned package states (every id each kind of call accepts, and its
announced shutdown date) is generated into ``audio_models.py``. What it does
not state is kept here by hand, each row with its source; where no
replacement is known, none is given.
"""

from __future__ import annotations

import datetime
import re
from typing import NamedTuple

from .audio_models import AUDIO_MODELS


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


# --- shutdowns and replacements ------------------------------------------------------------


class Replacement(NamedTuple):
    model: str
    source: str
    same_api: bool = True  # False: the replacement is served by another API (no mechanical fix)


_DEPRECATIONS = "OpenAI's deprecations page, as relayed in Retell's notice of 2027-01-19 (facts §12)"
_TTS_GUIDE = (
    "OpenAI's text-to-speech guide: migrate to gpt-realtime-2.1-mini using the Realtime API; "
    "it is not a /v1/audio/speech model (facts §12)"
)

# Replacements the package does not state. A dated snapshot follows its alias.
REPLACEMENTS: dict[str, Replacement] = {
    "gpt-realtime": Replacement("gpt-realtime-2.1", _DEPRECATIONS),
    "gpt-realtime-2025-08-28": Replacement("gpt-realtime-2.1", _DEPRECATIONS),
    "gpt-realtime-mini": Replacement("gpt-realtime-2.1-mini", _DEPRECATIONS),
    "gpt-realtime-mini-2025-12-15": Replacement("gpt-realtime-2.1-mini", _DEPRECATIONS),
    **{
        model: Replacement("gpt-realtime-2.1-mini", _TTS_GUIDE, same_api=False)
        for model in ("tts-1", "tts-1-hd", "gpt-4o-mini-tts", "gpt-4o-mini-tts-2025-12-15")
    },
}
DEPRECATIONS_PAGE = "https://developers.openai.com/api/docs/deprecations"

# Every audio model id with an announced shutdown, and its date.
SHUTDOWNS: dict[str, datetime.date] = {
    model: datetime.date.fromisoformat(date)
    for family in AUDIO_MODELS.values()
    for model, date in family.items()
    if date is not None
}
# The ids rtmigrate knows at all, for the prefilter and the report.
AUDIO_MODEL_IDS = frozenset(model for family in AUDIO_MODELS.values() for model in family)
# An id inside a longer string (a URL's `model=`): bounded like a word of dashes and dots.
MODEL_ID = re.compile(
    r"(?<![\w.-])(" + "|".join(re.escape(m) for m in sorted(AUDIO_MODEL_IDS, key=len, reverse=True)) + r")(?![\w.-])"
)


def shuts_down(model: str) -> datetime.date | None:
    return SHUTDOWNS.get(model)


# --- current models ---------------------------------------------------------------------

# How each family's ids are numbered: the current model is the newest that is not shutting down.
_NUMBERED = {
    "realtime": re.compile(r"^gpt-realtime-(\d+(?:\.\d+)?)$"),
    "realtime-mini": re.compile(r"^gpt-realtime-(\d+(?:\.\d+)?)-mini$"),
    "audio-chat": re.compile(r"^gpt-audio-(\d+(?:\.\d+)?)$"),
}
_LISTED_IN = {"realtime": "realtime", "realtime-mini": "realtime", "audio-chat": "realtime"}


def current(family: str) -> str:
    """The newest id of a numbered family that the package does not mark for shutdown."""
    pattern = _NUMBERED[family]
    found = [
        (tuple(int(p) for p in m.group(1).split(".")), model)
        for model, date in AUDIO_MODELS[_LISTED_IN[family]].items()
        if date is None and (m := pattern.match(model))
    ]
    return max(found)[1]


# Models for each task, for `advise`; every one of them is checked not to be shutting down.
LIVE_TRANSCRIPTION_MODEL = "gpt-realtime-whisper"  # the one with `delay`: AudioTranscriptionParam
FILE_TRANSCRIPTION_MODEL = "gpt-transcribe"  # openai.types.audio_model.AudioModel
# The package names no translation model (RealtimeTranslationSessionCreateRequestParam.model is a str).
TRANSLATION_MODEL = "gpt-realtime-translate"
TRANSLATION_MODEL_SOURCE = "OpenAI's Realtime translation guide (developers.openai.com/api/docs/guides/realtime-translation)"
SPEECH_MODEL = REPLACEMENTS["tts-1"].model


# --- options that only some models take (3.57 docstrings) -------------------------------------


class ModelOption(NamedTuple):
    only: tuple[str, ...]  # the models that take it (empty: see `never`)
    never: tuple[str, ...]  # the models that do not
    source: str


# A model reasons when its id starts with this (RealtimeReasoningParam: "reasoning-capable
# Realtime models such as `gpt-realtime-2`"; facts §12: `gpt-realtime-2*`).
REASONING_PREFIX = "gpt-realtime-2"

TRANSCRIPTION_OPTIONS: dict[str, ModelOption] = {
    "delay": ModelOption(("gpt-realtime-whisper",), (), "openai.types.realtime.AudioTranscriptionParam.delay"),
    "prompt": ModelOption((), ("gpt-realtime-whisper",), "openai.types.realtime.AudioTranscriptionParam.prompt"),
    "keywords": ModelOption(("gpt-transcribe", "gpt-live-transcribe"), (), "openai.types.realtime.AudioTranscriptionParam.keywords"),
    "languages": ModelOption(("gpt-transcribe", "gpt-live-transcribe"), (), "openai.types.realtime.AudioTranscriptionParam.languages"),
}
REASONING_OPTION = "reasoning"
REASONING_SOURCE = "openai.types.realtime.RealtimeReasoningParam"

# `delay` for `gpt-realtime-whisper`, by how much latency an app can take (AudioTranscriptionParam.delay:
# higher values are more accurate and later), and `reasoning.effort` for models that reason.
LATENCY_DELAY = {"fastest": "minimal", "balanced": "medium", "accurate": "xhigh"}
LATENCY_EFFORT = {"fastest": "minimal", "balanced": "low", "accurate": "high"}
