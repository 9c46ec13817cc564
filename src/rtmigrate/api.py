"""What other programs (and the CLI) call: check and fix source text or paths."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

import libcst as cst

from . import notebook
from .config import Settings
from .diagnostics import Diagnostic, FileError
from .engine import FixError, TooDeepError, analyze, fix, is_applicable
from .files import ReadError, SourceFile, discover, read_source, write_atomic
from .tables.context import trigger_pattern


def check_source(source: str, path: str = "<string>", settings: Settings | None = None) -> list[Diagnostic]:
    """Diagnostics for one file's source text. Raises libcst's ParserSyntaxError."""
    return analyze(source, path, settings or Settings()).diagnostics


def fix_source(source: str, path: str = "<string>", settings: Settings | None = None, *, unsafe: bool = False) -> str:
    """The source with every applicable fix applied (``unsafe`` adds unsafe fixes)."""
    return fix(source, path, settings or Settings(), unsafe=unsafe).source


@dataclass
class FileOutcome:
    path: str
    text: str | None = None  # the source as read
    new_text: str | None = None  # the source after fixes, when fixing
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fixed: int = 0
    parsed: bool = False
    error: FileError | None = None

    @property
    def changed(self) -> bool:
        return self.new_text is not None and self.new_text != self.text


@dataclass
class RunResult:
    files: list[FileOutcome]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for f in self.files for d in f.diagnostics]

    @property
    def errors(self) -> list[FileError]:
        return [f.error for f in self.files if f.error is not None]

    def summary(self, unsafe: bool = False) -> dict[str, int]:
        diagnostics = self.diagnostics
        return {
            "files": len(self.files),
            "parsed": sum(f.parsed for f in self.files),
            "diagnostics": len(diagnostics),
            "fixable": sum(is_applicable(d.fix, False) for d in diagnostics),
            "unsafe_fixable": sum(is_applicable(d.fix, True) and not is_applicable(d.fix, False) for d in diagnostics),
            "fixed": sum(f.fixed for f in self.files),
            "changed_files": sum(f.changed for f in self.files),
            "errors": len(self.errors),
        }


_TRIGGER: re.Pattern[str] | None = None


def _worth_parsing(source: SourceFile) -> bool:
    """The prefilter: no rule can report on a file without one of the trigger words."""
    global _TRIGGER
    if _TRIGGER is None:
        _TRIGGER = trigger_pattern()
    return _TRIGGER.search(source.text) is not None


def _syntax_message(exc: cst.ParserSyntaxError, text: str) -> str:
    """Python's own account of the error where it has one (it names the line
    people expect), else libcst's."""
    try:
        ast.parse(text)
    except SyntaxError as own:
        return f"syntax error at line {own.lineno}, column {own.offset or 1}: {own.msg}"
    except (ValueError, RecursionError, MemoryError):
        pass
    first = str(exc.message).splitlines()[0] if exc.message else "invalid syntax"
    return f"syntax error at line {exc.raw_line}, column {exc.raw_column + 1}: {first}"


def process_file(path: Path, settings: Settings, *, fixing: bool, unsafe: bool, write: bool) -> FileOutcome:
    """Check (and with ``fixing`` fix) one file. Never raises for bad input: the
    problem becomes ``outcome.error`` and the file is left as it was."""
    shown = str(path)
    outcome = FileOutcome(shown)
    settings = settings.for_path(path)
    try:
        source = read_source(path, settings.max_file_size)
    except ReadError as exc:
        outcome.error = FileError(shown, str(exc))
        return outcome
    outcome.text = source.text
    if not _worth_parsing(source):
        return outcome
    outcome.parsed = True
    joined = None
    code = source.text
    try:
        if path.suffix == ".ipynb":
            joined = notebook.join(source.text)
            code = joined.source
        if fixing:
            result = fix(code, shown, settings, unsafe=unsafe)
            outcome.diagnostics, outcome.fixed = result.diagnostics, result.fixed
            if joined is None:
                outcome.new_text = result.source
            else:
                outcome.new_text = notebook.split(joined, result.source) or source.text
        else:
            outcome.diagnostics = analyze(code, shown, settings).diagnostics
    except notebook.NotebookError as exc:
        outcome.error = FileError(shown, str(exc))
        return outcome
    except cst.ParserSyntaxError as exc:
        outcome.error = FileError(shown, _syntax_message(exc, code))
        return outcome
    except (RecursionError, TooDeepError):
        outcome.error = FileError(shown, "too deeply nested to parse; skipped")
        return outcome
    except FixError as exc:
        outcome.error = FileError(shown, str(exc))
        return outcome
    if joined is not None:
        outcome.diagnostics = [_in_cell(d, joined) for d in outcome.diagnostics]
    if write and outcome.changed:
        try:
            write_atomic(path, source.encode(outcome.new_text))
        except OSError as exc:
            outcome.error = FileError(shown, f"cannot write: {exc.strerror or exc}; file left unchanged")
            outcome.new_text = None
            outcome.fixed = 0
    return outcome


def _in_cell(d: Diagnostic, joined: notebook.Joined) -> Diagnostic:
    cell, line = joined.locate(d.line)
    _, end_line = joined.locate(d.end_line)
    return replace(d, cell=cell, line=line, end_line=end_line)


def check_paths(
    paths: Iterable[Path],
    settings: Settings | None = None,
    *,
    fix: bool = False,
    unsafe: bool = False,
    write: bool = False,
) -> RunResult:
    """Check every Python file under ``paths``. With ``fix`` the fixed text is
    computed; with ``write`` as well, changed files are rewritten in place."""
    settings = settings or Settings()
    files = [
        process_file(path, settings, fixing=fix, unsafe=unsafe, write=write)
        for path in discover(paths, settings.extend_exclude)
    ]
    return RunResult(files)
