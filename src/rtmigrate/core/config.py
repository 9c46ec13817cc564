"""``[tool.rtmigrate]`` in ``pyproject.toml`` (or a standalone ``rtmigrate.toml``)
turned into a frozen :class:`Settings`."""

from __future__ import annotations

import datetime
import fnmatch
import re
import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .tables.models import current

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(Exception):
    """A configuration problem; the CLI reports it and exits with status 2."""


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    # what a preview id becomes: by default the current model of its family (tables/models.py)
    realtime_model: str = field(default_factory=lambda: current("realtime"))
    realtime_mini_model: str = field(default_factory=lambda: current("realtime-mini"))
    max_file_size: int = 2_000_000
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    report_unused_suppressions: bool = False
    # directory scans also read the code blocks of Markdown and reStructuredText files
    # (a document named on the command line, as pre-commit passes them, is always read)
    docs: bool = False
    # directory scans also read configuration, shell and HTTP files (.env, YAML, JSON,
    # TOML, Dockerfiles, .sh, .http); one named on the command line is always read
    configs: bool = False
    safety_identifier: str | None = None  # a Python expression, added by the unsafe fix of RT601
    # what fails a run: kinds ("breaks", "leftover", "advice") and rule codes or prefixes
    fail_on: tuple[str, ...] = ("breaks",)
    # the day shutdown dates are judged against (None: the real today); an input like any other
    today: datetime.date | None = None
    source: str | None = field(default=None, compare=False)

    def is_enabled(self, code: str) -> bool:
        if self.select and not any(code.startswith(p) for p in self.select):
            return False
        return not any(code.startswith(p) for p in self.ignore)

    def for_path(self, path: Path) -> "Settings":
        """The settings for one file: `per-file-ignores` globs match its path
        relative to the settings file's folder (or as given) or its name."""
        if not self.per_file_ignores:
            return self
        base = Path(self.source).parent if self.source else Path(".")
        try:
            relative = path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            relative = path.as_posix()
        extra = tuple(
            code
            for glob, codes in self.per_file_ignores
            if fnmatch.fnmatch(relative, glob) or fnmatch.fnmatch(path.name, glob)
            for code in codes
        )
        return replace(self, ignore=self.ignore + extra) if extra else self

    @property
    def date(self) -> datetime.date:
        return self.today or datetime.date.today()

    def fails(self, kind: str, code: str) -> bool:
        """Does a finding of this kind and code fail the run?"""
        return any(entry == kind or code.startswith(entry) for entry in self.fail_on)

    def with_overrides(self, **changes: Any) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _key(name: str) -> str:
    return name.replace("_", "-")


_KEYS = {_key(f.name): f for f in fields(Settings) if f.name != "source"}
_DEFAULTS = Settings()


def _coerce(key: str, value: Any, default: Any) -> Any:
    if key == "per-file-ignores":
        if not isinstance(value, dict) or not all(isinstance(v, list) and all(isinstance(c, str) for c in v) for v in value.values()):
            raise ConfigError(f"`{key}` must be a table of glob = [codes], got {value!r}")
        return tuple((glob, tuple(c.upper() for c in codes)) for glob, codes in value.items())
    if key == "exclude":
        default = ()
    if key == "today":
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            pass
        raise ConfigError(f"`{key}` must be a date (YYYY-MM-DD), got {value!r}")
    if key == "fail-on":
        entries = [value] if isinstance(value, str) else value
        if not isinstance(entries, list) or not all(isinstance(v, str) for v in entries):
            raise ConfigError(f"`{key}` must be a list of kinds or rule codes, got {value!r}")
        return parse_fail_on(entries)
    if key == "safety-identifier":
        if not isinstance(value, str):
            raise ConfigError(f"`{key}` must be a Python expression in a string, got {value!r}")
        try:
            compile(value, "<safety-identifier>", "eval")
        except SyntaxError as exc:
            raise ConfigError(f"`{key}` is not a Python expression: {exc.msg}") from None
        return value
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"`{key}` must be true or false, got {value!r}")
        return value
    if isinstance(default, tuple):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"`{key}` must be a list of strings, got {value!r}")
        return tuple(value)
    if isinstance(default, bool) or not isinstance(value, type(default)):
        raise ConfigError(f"`{key}` must be a {type(default).__name__}, got {value!r}")
    if isinstance(default, int) and value <= 0:
        raise ConfigError(f"`{key}` must be positive, got {value!r}")
    if isinstance(default, str) and not value.strip():
        raise ConfigError(f"`{key}` must not be empty")
    return value


KINDS = ("breaks", "leftover", "advice")
_CODE_PREFIX = re.compile(r"^RT\d{0,3}$")


def parse_fail_on(entries: list[str]) -> tuple[str, ...]:
    """`fail-on` entries: kinds as written, codes upper-cased; anything else is an error."""
    out = []
    for entry in entries:
        entry = entry.strip()
        if entry.lower() in KINDS:
            out.append(entry.lower())
        elif _CODE_PREFIX.match(entry.upper()):
            out.append(entry.upper())
        else:
            raise ConfigError(f"`fail-on`: `{entry}` is neither a kind ({', '.join(KINDS)}) nor a rule code")
    return tuple(out)


def settings_from_table(table: dict[str, Any], source: str | None = None) -> Settings:
    values: dict[str, Any] = {}
    where = f" in {source}" if source else ""
    for key, value in table.items():
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"unknown setting `{key}`{where} (known: {known})")
        f = _KEYS[key]
        try:
            values[f.name] = _coerce(key, value, getattr(_DEFAULTS, f.name))
        except ConfigError as exc:
            raise ConfigError(f"{exc}{where}") from None
    return Settings(source=source, **values)


def find_config(start: Path) -> Path | None:
    """The nearest ``rtmigrate.toml``, or ``pyproject.toml`` with a ``[tool.rtmigrate]`` table."""
    start = start.resolve()
    for folder in [start, *start.parents] if start.is_dir() else start.parents:
        standalone = folder / "rtmigrate.toml"
        if standalone.is_file():
            return standalone
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "rtmigrate" in _load(pyproject).get("tool", {}):
            return pyproject
    return None


def _load(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None


def load_settings(start: Path, config: Path | None = None) -> Settings:
    path = config or find_config(start)
    if path is None:
        return Settings()
    data = _load(path)
    table = data if path.name == "rtmigrate.toml" else data.get("tool", {}).get("rtmigrate", {})
    if not isinstance(table, dict):
        raise ConfigError(f"[tool.rtmigrate] in {path} must be a table")
    return settings_from_table(table, str(path))
