"""Results cached by file content: `.rtmigrate_cache/` beside the settings
file (or in the current folder), keyed by rtmigrate's version and its own
code (a checkout between releases writes results of its own), the settings
and the file's bytes. The folder ignores itself in git."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import fields
from functools import cache
from pathlib import Path

from .._version import __version__
from .config import Settings
from .diagnostics import Diagnostic
from .tables.models import SHUTDOWNS

SHUTDOWN_DAYS = sorted(set(SHUTDOWNS.values()))

CACHE_DIR = ".rtmigrate_cache"


def default_root(settings: Settings) -> Path:
    override = os.environ.get("RTMIGRATE_CACHE_DIR")
    if override:
        return Path(override)
    return (Path(settings.source).parent if settings.source else Path(".")) / CACHE_DIR


@cache
def code_digest() -> str:
    """What rtmigrate's own modules hold: results that other code made are not read."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):  # (each file's size and time: an edit or an install changes them)
        stat = path.stat()
        digest.update(f"{path.relative_to(package).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:16]


class Cache:
    def __init__(self, root: Path) -> None:
        self.root = root / f"{__version__}-{code_digest()}"

    @staticmethod
    def key(settings: Settings, data: bytes) -> str:
        """The settings (but the day itself), which side of each announced
        shutdown the day falls on (what a finding's kind depends on), and the bytes.
        What the modules around a file said, where a result depended on it, is
        kept with the result (`put`)."""
        described = repr([(f.name, getattr(settings, f.name)) for f in fields(settings) if f.name not in ("source", "today")])
        passed = "".join("1" if settings.date >= day else "0" for day in SHUTDOWN_DAYS)
        return hashlib.sha256(described.encode() + passed.encode() + b"\0" + data).hexdigest()

    def get(self, key: str, path: str) -> tuple[list[Diagnostic], str | None, list] | None:
        """(the findings, what the modules around the file said when they were
        made, or None where that did not matter, what the file's findings say of
        its connection: `put`'s ``protocol``)."""
        try:
            raw = json.loads((self.root / key[:2] / f"{key}.json").read_text(encoding="utf-8"))
            return [Diagnostic.from_dict(d, path) for d in raw["diagnostics"]], raw["around"], raw["protocol"]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, diagnostics: list[Diagnostic], around: str | None = None, protocol: list | None = None) -> None:
        """Best effort: a cache that cannot be written is no error."""
        folder = self.root / key[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            ignore = self.root.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# written by rtmigrate\n*\n", encoding="utf-8")
            # a name of this process's own (tempfile would cost a pre-commit run more to import than it saves)
            tmp = folder / f"{key}.{os.getpid()}.tmp"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"diagnostics": [d.to_dict() for d in diagnostics], "around": around, "protocol": protocol}, fh)
            os.replace(tmp, folder / f"{key}.json")
        except OSError:
            pass
