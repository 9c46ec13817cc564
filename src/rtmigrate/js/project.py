"""What a JavaScript or TypeScript file's project pins: the versions of the
SDKs it builds on, read (never run) from the nearest `package.json`.

Beta code written against an SDK version that only speaks beta (openai
before 5.17, @openai/agents before 0.1) must move with the SDK: renaming its
events or entry points first would break it. The verdict is cached with the
file's results under the versions it depended on (``Pins.key``)."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..core.project import ALONE, Neighbours
from ..core.tables.context import beta_only_npm
from ..core.tables.node_sdk import GA_SINCE

_VERSION = re.compile(r"(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?")


@dataclass(frozen=True)
class Pins:
    """The version ranges package.json gives the SDKs that matter here."""

    specs: tuple[tuple[str, str], ...] = ()
    where: str = ""
    name: str = ""  # the package's own name, where it is one rtmigrate knows (a beta-only client library's source)

    def key(self) -> str:
        return ";".join(f"{name}@{spec}" for name, spec in self.specs) + (f";self={self.name}" if self.name else "")

    def spec(self, package: str) -> str | None:
        return dict(self.specs).get(package)

    def beta_only(self, package: str) -> str | None:
        """The range of ``package`` when every version it admits predates GA, else None."""
        spec = dict(self.specs).get(package)
        if spec is None or package not in GA_SINCE:
            return None
        upper = _upper_bound(spec)
        return spec if upper is not None and upper <= GA_SINCE[package] else None


NONE = Pins()


def _upper_bound(spec: str) -> tuple[int, int, int] | None:
    """The exclusive upper bound of a simple npm range (`^4.77.3`, `~0.0.5`,
    `0.0.17`, `4.x`); None when it is open or not simple (`>=4`, `*`, `latest`,
    `a || b`, a tag or a URL): no claim is made then."""
    spec = spec.strip()
    if not spec or "||" in spec or " " in spec or spec.startswith((">", "*", "latest", "next", "workspace:", "npm:", "file:", "git", "http")):
        return None
    operator = spec[0] if spec[0] in "^~=" else ""
    match = _VERSION.fullmatch(spec.lstrip("^~=v"))
    if match is None:
        return None
    parts = [int(p) if p is not None and p.isdigit() else None for p in match.groups()]
    major, minor, patch = parts
    if minor is None:
        return (major + 1, 0, 0)
    if patch is None:
        return (major, minor + 1, 0) if operator != "^" or major == 0 else (major + 1, 0, 0)
    if operator == "^":
        return (major + 1, 0, 0) if major else (0, minor + 1, 0) if minor else (0, 0, patch + 1)
    if operator == "~":
        return (major, minor + 1, 0)
    return (major, minor, patch + 1)


def lower_bound(spec: str) -> tuple[int, int, int] | None:
    """The least version a simple npm range admits (`^7.5.0`, `~7.6`, `>=7.5.0`,
    `7.10.1`); None when it is not simple (`*`, `latest`, `a || b`, a tag or a URL)."""
    spec = spec.strip()
    if "||" in spec or " " in spec or (spec.startswith(">") and not spec.startswith(">=")):
        return None
    match = _VERSION.fullmatch(spec.lstrip("^~=>v"))
    if match is None:
        return None
    major, minor, patch = (int(p) if p is not None and p.isdigit() else 0 for p in match.groups())
    return (major, minor, patch)


def pins_for(path: Path) -> Pins:
    """The pins of the nearest package.json above ``path``."""
    return _pins_in(path.resolve().parent)


@functools.lru_cache(maxsize=256)
def _pins_in(folder: Path) -> Pins:
    for current in (folder, *folder.parents):
        manifest = current / "package.json"
        if manifest.is_file():
            try:
                data = json.loads(manifest.read_text(encoding="utf-8"))
            except (OSError, ValueError, UnicodeDecodeError):
                return NONE
            if not isinstance(data, dict):
                return NONE
            specs = {}
            for field in ("dependencies", "devDependencies", "peerDependencies"):
                section = data.get(field)
                if isinstance(section, dict):
                    specs.update({k: v for k, v in section.items() if k in GA_SINCE and isinstance(v, str)})
            own = data.get("name")
            return Pins(tuple(sorted(specs.items())), str(manifest), own if isinstance(own, str) and beta_only_npm(own) == own else "")
        if (current / ".git").exists():
            break
    return NONE


class Surroundings:
    """What a JavaScript or TypeScript file is judged with besides its own code:
    its project's SDK pins, and the modules around it (what it imports, what
    imports it), as for a Python module. Each part is worked out when it is
    first asked for."""

    def __init__(self, pins: "Callable[[], Pins]", neighbours: "Callable[[], Neighbours]") -> None:
        self._pins, self._neighbours = pins, neighbours

    @functools.cached_property
    def pins(self) -> Pins:
        return self._pins()

    @functools.cached_property
    def neighbours(self) -> Neighbours:
        return self._neighbours()

    def key(self) -> str:
        return f"{self.pins.key()}|{self.neighbours.key()}"


class NeighboursOf:
    """The neighbours part of a JavaScript file's surroundings, asked through
    the surroundings (so that a result that used them is cached with them)."""

    def __init__(self, around) -> None:
        self._around = around

    @property
    def value(self) -> Neighbours:
        found = self._around.value
        return found.neighbours if isinstance(found, Surroundings) else ALONE
