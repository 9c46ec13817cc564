"""What to say and write about an audio model id, whatever the language
around it (facts §8, §12): the Python and JavaScript rules share these."""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Settings
from ..diagnostics import Kind
from ..tables.audio_models import AUDIO_MODELS
from ..tables.models import (
    DEPRECATIONS_PAGE,
    LATENCY_DELAY,
    LIVE_TRANSCRIPTION_MODEL,
    MODEL_RENAMES,
    REASONING_OPTION,
    REASONING_PREFIX,
    REASONING_SOURCE,
    REPLACEMENTS,
    SHUTDOWNS,
    TRANSCRIPTION_OPTIONS,
)

AZURE_HINT = "on Azure the model is your deployment's name: rename the deployment and this together"


def preview_rewrite(text: str, settings: Settings) -> tuple[str, list[str]]:
    """``text`` with every preview Realtime id replaced by its family's target
    model (settings `realtime-model`, `realtime-mini-model`), and the ids found."""
    found: list[str] = []
    for row in MODEL_RENAMES:
        target = getattr(settings, row.setting)
        found.extend(m.group(0) for m in row.pattern.finditer(text))
        text = row.pattern.sub(target, text)
    return text, found


def missing_rows(keys: list[str], settings: Settings) -> tuple[list[str], list[str]]:
    """Of a table's keys: the preview ids, and the models they move to that the table
    has no key for (a price table of the app's own, looked up by the model it uses)."""
    previews = [k for k in keys if preview_rewrite(k, settings)[1] and preview_rewrite(k, settings)[0] != k]
    targets = sorted({preview_rewrite(k, settings)[0] for k in previews})
    # a key the target starts with is its row too (`"gpt-realtime"`, for a table looked up by prefix)
    rows = [k for k in keys if k not in previews]
    return previews, [t for t in targets if not any(t.startswith(k) for k in rows)]


def in_azure_scope(around: list[object], azure: list[list[object]]) -> bool:
    """Is a report Azure's? ``around``: the scopes (functions, classes) that hold it,
    innermost first; ``azure``: the same for each string that aims the file at
    Azure (none known: the whole file is Azure's). It is where its scope holds an
    Azure URL, or lies around one (a module's constant, a class's default)."""
    return not azure or any(not at or not around or around[0] in at or at[0] in around for at in azure)


TABLE_MESSAGE = "a table keyed by the preview id `{id}` has no row for {missing}"
TABLE_HINT = "a model moved to {missing} (RT501's fix) finds no row here: add its own (its prices and limits differ)"


@dataclass(frozen=True)
class Shutdown:
    """A finding on a model that is shutting down: ``replacement`` is written
    by an (unsafe) fix only where it is served by the same API."""

    message: str
    kind: Kind
    replacement: str | None = None
    description: str | None = None
    hint: str | None = None


def shutdown(model: str, settings: Settings, live_transcription: bool = False) -> Shutdown:
    """``model`` (a key of ``SHUTDOWNS``) judged against the day: a leftover
    before its shutdown date, breaking from that day on."""
    day = SHUTDOWNS[model]
    passed = settings.date >= day
    when = f"shut down on {day.isoformat()}" if passed else f"shuts down on {day.isoformat()}"
    replacement = REPLACEMENTS.get(model)
    written = description = hint = None
    if replacement is None:
        message = f"`{model}` {when}"
        hint = f"OpenAI names no replacement in the package; see {DEPRECATIONS_PAGE}"
    elif replacement.same_api:
        message = f"`{model}` {when}; its replacement is `{replacement.model}`"
        written, description = replacement.model, f"use `{replacement.model}` ({replacement.source})"
    else:
        message = f"`{model}` {when}; its replacement is `{replacement.model}` on another API"
        hint = replacement.source
    if live_transcription and model in AUDIO_MODELS["transcription"]:
        hint = (
            f"for live transcription, `{LIVE_TRANSCRIPTION_MODEL}` with `\"delay\": \"{LATENCY_DELAY['balanced']}\"` "
            "(lower is faster, higher more accurate); it takes no `prompt`. " + (hint or "")
        ).strip()
    return Shutdown(message, Kind.BREAKS if passed else Kind.LEFTOVER, written, description, hint)


def option_problems(model: str, keys: set[str]) -> list[tuple[str, str, str]]:
    """(option, message, hint) for each option of a config that ``model`` does not take."""
    out = []
    if model in AUDIO_MODELS["transcription"]:
        for option, rule in TRANSCRIPTION_OPTIONS.items():
            if option not in keys:
                continue
            if rule.only and model not in rule.only:
                takers = " and ".join(f"`{m}`" for m in rule.only)
                out.append((option, f"`{option}` is taken only by {takers}, not `{model}`", f"see {rule.source}"))
            elif model in rule.never:
                out.append((option, f"`{model}` does not take `{option}`", f"see {rule.source}"))
    elif REASONING_OPTION in keys and model in AUDIO_MODELS["realtime"] and not model.startswith(REASONING_PREFIX):
        out.append((REASONING_OPTION, f"`{model}` does not reason; `{REASONING_OPTION}` is taken by models such as `{REASONING_PREFIX}`",
                    f"see {REASONING_SOURCE}"))
    return out
