"""Beta event names written inside JSON text.

A test hands the code a raw server message (`'{"type": "response.audio.delta",
"delta": "..."}'`) or looks for what the code sent in its JSON
(`'"type": "session.update"' in sent`). When the code's event names move to
GA, these texts must move with them, or the suite fails where the program
works. Only a `"type": "<name>"` member counts: prose that mentions a name is
left alone. Both front ends read literals through this one reader.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from ..diagnostics import Applicability
from ..tables.events import CLIENT_EVENT_RENAMES, EVENT_RENAMES


class JsonName(NamedTuple):
    start: int  # where the name starts and ends in the text read
    end: int
    beta: str


@functools.lru_cache(maxsize=None)
def _pattern() -> re.Pattern[str]:
    names = "|".join(re.escape(name) for name in sorted(EVENT_RENAMES, key=len, reverse=True))
    # the quotes may be escaped, as in a double-quoted literal holding JSON
    return re.compile(r'\\?"type\\?"\s*:\s*\\?"(' + names + r')\\?"')


def json_event_names(raw: str) -> list[JsonName]:
    """The beta event names of ``raw`` (a literal as written) that are the
    `"type"` of a JSON object."""
    if '"type' not in raw:
        return []
    return [JsonName(m.start(1), m.end(1), m.group(1)) for m in _pattern().finditer(raw)]


def renamed(raw: str, names: list[JsonName]) -> str:
    """``raw`` with each name replaced by its GA name."""
    out, last = [], 0
    for name in names:
        out += [raw[last : name.start], EVENT_RENAMES[name.beta].ga]
        last = name.end
    return "".join(out) + raw[last:]


def applicability(names: list[JsonName]) -> Applicability:
    """As safe as the least safe rename among them."""
    unsafe = any(EVENT_RENAMES[name.beta].applicability is Applicability.UNSAFE for name in names)
    return Applicability.UNSAFE if unsafe else Applicability.SAFE


def only_server_events(names: list[JsonName]) -> bool:
    """Do the texts name only server events (in GA code: a fake of a server that still speaks beta)?"""
    return all(name.beta not in CLIENT_EVENT_RENAMES for name in names)


def message(names: list[JsonName]) -> str:
    betas = list(dict.fromkeys(name.beta for name in names))
    listed = ", ".join(f'"{beta}" is "{EVENT_RENAMES[beta].ga}"' for beta in betas)
    return f"JSON text names beta event{'s' if len(betas) > 1 else ''}: {listed} in GA"


HINT = "a raw message or an expectation of what the code sends: it follows the code's rename"
