"""Finding, reading and writing files. Every byte outside an edit survives:
the encoding (PEP 263 cookie or UTF-8), a UTF-8 BOM and the line endings are
kept, and a write is atomic (a temporary file in the same folder, then
``os.replace``), so a file is either untouched or fully rewritten."""

from __future__ import annotations

import codecs
import fnmatch
import io
import os
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Callable

DEFAULT_EXCLUDES = (
    ".git", ".hg", ".svn", ".venv", "venv", ".env", "env", "__pycache__", "node_modules",
    "build", "dist", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache",
    ".rtmigrate_cache", "site-packages", ".eggs", "*.egg-info", "*.min.js", "bower_components",
)
# Python files and notebooks, then what the JavaScript front end reads (js/syntax.py).
SOURCE_SUFFIXES = (".py", ".pyi", ".ipynb", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".html", ".htm")


class ReadError(Exception):
    """A file that cannot be checked; the message says why."""


@dataclass(frozen=True)
class SourceFile:
    path: Path
    text: str
    encoding: str
    bom: bool

    def encode(self, text: str) -> bytes:
        data = text.encode(self.encoding)
        return codecs.BOM_UTF8 + data if self.bom else data


def discover(
    paths: Iterable[Path], extend_exclude: Iterable[str] = (), exclude: Iterable[str] | None = None,
    suffixes: tuple[str, ...] = SOURCE_SUFFIXES, also: Callable[[Path], bool] | None = None,
) -> Iterator[Path]:
    """Python files and notebooks under ``paths`` in a stable order.

    A file named explicitly (as pre-commit passes them) is always yielded.
    Folders are walked skipping what `.gitignore` files ignore, the default
    excludes (or ``exclude``, which replaces them) and ``extend_exclude``, all
    gitignore-style patterns; a walk never leaves its root through a symlink."""
    patterns = [*(DEFAULT_EXCLUDES if exclude is None else exclude), *extend_exclude]
    excluded = None  # built at the first folder: files named alone (pre-commit's) need no patterns
    seen: set[Path] = set()
    for path in paths:
        if not path.is_dir():
            if path not in seen:
                seen.add(path)
                yield path
            continue
        from pathspec import GitIgnoreSpec

        if excluded is None:
            excluded = _Names.of(patterns) or GitIgnoreSpec.from_lines(patterns)
        root = path.resolve()
        ignores: dict[Path, GitIgnoreSpec] = {}

        def ignored(candidate: Path, is_dir: bool) -> bool:
            if isinstance(excluded, _Names):
                if excluded.match(candidate.name, is_dir):
                    return True
            elif excluded.match_file(candidate.relative_to(path).as_posix() + ("/" if is_dir else "")):
                return True
            if not ignores:
                return False
            for folder in candidate.parents:
                spec = ignores.get(folder)
                if spec is not None and spec.match_file(candidate.relative_to(folder).as_posix() + ("/" if is_dir else "")):
                    return True
                if folder == path:
                    break
            return False

        for folder, dirs, names in os.walk(path):
            here = Path(folder)
            gitignore = here / ".gitignore"
            if gitignore.is_file():
                try:
                    ignores[here] = GitIgnoreSpec.from_lines(gitignore.read_text(encoding="utf-8", errors="replace").splitlines())
                except (OSError, ValueError):
                    pass
            dirs[:] = sorted(d for d in dirs if not ignored(here / d, True) and _inside(here / d, root))
            for name in sorted(names):
                candidate = here / name
                if not (name.endswith(suffixes) or (also is not None and also(candidate))) or candidate in seen or ignored(candidate, False):
                    continue
                if candidate.is_symlink() and not _inside(candidate, root):
                    continue
                seen.add(candidate)
                yield candidate


class _Names:
    """Exclude patterns that each name one file or folder, anywhere (`venv`,
    `*.egg-info`, `build/`): matched on the name alone, which is what gitignore
    does with a pattern that holds no `/`, since the walk never enters an
    excluded folder. Any other pattern (a path, `**`, a class, `!`) is left to
    pathspec for the whole list."""

    def __init__(self, names: frozenset[str], globs: tuple[str, ...], folders: frozenset[str], folder_globs: tuple[str, ...]) -> None:
        self.names, self.globs, self.folders, self.folder_globs = names, globs, folders, folder_globs

    @classmethod
    def of(cls, patterns: list[str]) -> "_Names | None":
        names: set[str] = set()
        folders: set[str] = set()
        globs: list[str] = []
        folder_globs: list[str] = []
        for raw in patterns:
            pattern = raw.strip()
            only_folders = pattern.endswith("/")
            pattern = pattern.rstrip("/")
            if not pattern or pattern.startswith(("!", "#")) or any(c in pattern for c in "/\\[]"):
                return None
            if "*" in pattern or "?" in pattern:
                (folder_globs if only_folders else globs).append(pattern)
            else:
                (folders if only_folders else names).add(pattern)
        return cls(frozenset(names), tuple(globs), frozenset(folders), tuple(folder_globs))

    def match(self, name: str, is_dir: bool) -> bool:
        if name in self.names or any(fnmatch.fnmatchcase(name, g) for g in self.globs):
            return True
        return is_dir and (name in self.folders or any(fnmatch.fnmatchcase(name, g) for g in self.folder_globs))


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError):
        return False
    return True


def read_bytes(path: Path, max_size: int) -> bytes:
    if path.is_dir():
        raise ReadError("is a directory")
    try:
        size = path.stat().st_size
        if size > max_size:
            raise ReadError(f"skipped: {size} bytes is over the size limit of {max_size} (setting `max-file-size`)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError("no such file (or a broken symlink)") from None
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from None
    if b"\0" in data:
        raise ReadError("binary file (contains NUL bytes)")
    return data


def decode(path: Path, data: bytes) -> SourceFile:
    """Text of a Python file: its PEP 263 encoding or UTF-8, BOM noted."""
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        encoding = "utf-8" if encoding == "utf-8-sig" else encoding
        text = data[len(codecs.BOM_UTF8) if bom else 0 :].decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start + (len(codecs.BOM_UTF8) if bom else 0)].count(b"\n") + 1
        raise ReadError(f"cannot decode line {line} as {exc.encoding}: {exc.reason}") from None
    except (SyntaxError, LookupError) as exc:
        raise ReadError(f"cannot decode: {exc}") from None
    return SourceFile(path, text, encoding, bom)


def read_source(path: Path, max_size: int) -> SourceFile:
    return decode(path, read_bytes(path, max_size))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step, keeping its permission bits.
    Raises OSError; the original is then untouched and no temporary file is left."""
    mode = path.stat().st_mode & 0o7777
    import tempfile  # only a run that writes needs it

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".rtmigrate.tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
