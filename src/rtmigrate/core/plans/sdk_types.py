"""Which beta types a module keeps: names of `openai.types.beta.realtime` that
its code builds and that cannot move to GA there (GA has none, renamed it, or
builds it otherwise), and with them every other beta type the module builds,
since a GA object cannot be given a beta one. A module that imports such a
module keeps them too: it tests or reads objects the other one made.

The rule that moves type imports decides this from the parsed file; the
project reads it from a neighbour's text with `kept_in_text`, by the same
`stays`.
"""

from __future__ import annotations

import re

from ..tables.sdk import BETA_TYPES_MODULE
from ..tables.sdk_types import BETA_TYPES, BUILT_APART

_IMPORT = re.compile(
    r"^[ \t]*from[ \t]+" + re.escape(BETA_TYPES_MODULE) + r"(?:\.(\w+))?[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)",
    re.MULTILINE,
)


def stays(sub: str, name: str) -> bool:
    """Does a beta type, where the module builds it, stay beta there?"""
    target = BETA_TYPES.get(sub, {}).get(name)
    return target is None or target[1] != name or (sub, name) in BUILT_APART


def kept_in_text(text: str) -> tuple[str, ...]:
    """The beta type names a module's text keeps (see the module's doc)."""
    if BETA_TYPES_MODULE not in text:
        return ()
    imports = []
    for match in _IMPORT.finditer(text):
        sub, names = match.group(1) or "", match.group(2).strip("() \t\n")
        for item in names.split(","):
            parts = item.split()
            if parts and parts[0] != "*":
                imports.append((sub, parts[0], parts[-1]))
    built = [(sub, name) for sub, name, local in imports if re.search(rf"\b{re.escape(local)}(?:\.\w+)?\s*\(", text)]
    if not any(stays(sub, name) for sub, name in built):
        return ()
    return tuple(sorted({name for _, name in built}))
