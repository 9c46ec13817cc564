"""What other programs (and the CLI) call: check and fix source text or paths.

A file is read as bytes and searched with one compiled regex built from the
rule tables; only a file that matches is decoded and parsed, and libcst (with
the rules) is imported only once some file needs parsing. Files that need
parsing are spread over processes when there are enough of them."""

from __future__ import annotations

import ast
import itertools
import re
import os
import signal
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

from .core import notebook
from .core.cache import Cache
from .core.config import KINDS, Settings
from .core.diagnostics import OUTSIDE_RUN, Diagnostic, FileError, holder, is_applicable, speaking, without_edits
from .core.files import SOURCE_SUFFIXES, ReadError, decode, discover, read_bytes, write_atomic
from .core.gcpause import paused, tick
from .core import routes
from .core.routes import Routes
from .core.project import Around, Project, sdk_source, shows_beta
from .core.senders import from_fact, senders_in_text
from .core.tables.context import trigger_groups
from .core.documents import DOC_SUFFIXES
from .conf.kinds import kind_of as conf_kind
from .js.syntax import SUFFIXES as JS_SUFFIXES

# Below this many files to parse, starting processes costs more than it saves;
# and below this many files to read, for the prefilter alone.
PARALLEL_MIN_FILES = 48
PARALLEL_MIN_PREFILTER = 500


def check_source(source: str, path: str = "<string>", settings: Settings | None = None) -> list[Diagnostic]:
    """Diagnostics for one file's source text: Python, JavaScript and TypeScript,
    or a document's code blocks, by the suffix of ``path``. Raises libcst's
    ParserSyntaxError (or the JS front end's JsSyntaxError)."""
    suffix = Path(path).suffix.lower()
    if suffix in DOC_SUFFIXES:
        return run_document(source, suffix, path, settings or Settings()).diagnostics
    return run_code(source, path, settings or Settings(), suffix)[0]


def fix_source(source: str, path: str = "<string>", settings: Settings | None = None, *, unsafe: bool = False) -> str:
    """The source with every applicable fix applied (``unsafe`` adds unsafe fixes)."""
    suffix = Path(path).suffix.lower()
    if suffix in DOC_SUFFIXES:
        return run_document(source, suffix, path, settings or Settings(), fixing=True, unsafe=unsafe).text
    return run_code(source, path, settings or Settings(), suffix, fixing=True, unsafe=unsafe)[1]


def run_code(
    code: str, shown: str, settings: Settings, suffix: str, *, fixing: bool = False, unsafe: bool = False, around: Around | None = None,
) -> tuple[list[Diagnostic], str, int]:
    """One file's code, by the language of ``suffix`` (JavaScript or TypeScript,
    else Python): (its findings, the code after fixes when ``fixing``, how many
    were fixed). ``around``: what the modules around it are (Python) or the
    SDK versions its project pins (JavaScript). Parse errors are raised."""
    kind = conf_kind(Path(shown)) or (conf_kind(Path("block" + suffix)) if suffix else None)  # a file, or a document's block
    if kind is not None:
        from .conf import engine as conf

        if fixing:
            result = conf.fix(code, shown, settings, kind, unsafe=unsafe)
            return result.diagnostics, result.text, result.fixed
        return conf.analyze(code, shown, settings, kind), code, 0
    if suffix.lower() in JS_SUFFIXES:
        from .js import engine as js

        if fixing:
            done = js.fix(code, shown, settings, suffix, unsafe=unsafe, pins=around)
            return done.diagnostics, done.source, done.fixed
        return js.analyze(code, shown, settings, suffix, pins=around).diagnostics, code, 0
    from .python.engine import analyze, fix

    if fixing:
        result = fix(code, shown, settings, unsafe=unsafe, project=around)
        return result.diagnostics, result.source, result.fixed
    return analyze(code, shown, settings, project=around).diagnostics, code, 0


def each_fix(code: str, shown: str, settings: Settings, suffix: str, around: Around | None = None) -> list[tuple[Diagnostic, str | None]]:
    """One file's findings (as :func:`run_code` judges it), each with the whole
    code as that finding's own fix alone leaves it (None: no fix to apply).
    Editors offer these as quick fixes. Parse errors are raised."""
    if suffix.lower() in JS_SUFFIXES:
        from .core.diagnostics import TextEdit
        from .js import engine as js

        data = code.encode("utf-8")
        analysis = js.analyze(code, shown, settings, suffix, pins=around)
        return [
            (d, js.apply(data, [e for e in d.fix.edits if isinstance(e, TextEdit)]).decode("utf-8") if d.fix and d.fix.edits else None)
            for d in analysis.diagnostics
        ]
    from .python.engine import _ApplyEdits, analyze

    result = analyze(code, shown, settings, project=around)
    out: list[tuple[Diagnostic, str | None]] = []
    for d in result.diagnostics:
        fixed = None
        if d.fix is not None and d.fix.edits:
            fixed = result.module.visit(_ApplyEdits({id(e.node): e for e in d.fix.edits})).code
        out.append((d, fixed))
    return out


@dataclass
class FileOutcome:
    path: str
    text: str | None = None  # the source as read
    new_text: str | None = None  # the source after fixes, when fixing
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fixed: int = 0
    parsed: bool = False
    cached: bool = False
    error: FileError | None = None
    encoded: bytes | None = field(default=None, repr=False)  # the fixed text as the file's bytes, until written
    # what its findings say of its connection: a safe fix that speaks the protocol, and the
    # finding that keeps beta code on it (`code:line`), as the rules' `speaks` and `holds` judge
    speaks: bool = False
    holds: str | None = None
    pairs: list[str] = field(default_factory=list)  # what it is of key routes, as its rules tag it (`core.routes`)

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

    def failing(self, settings: Settings) -> list[Diagnostic]:
        """The findings that fail the run under ``settings`` (its `fail-on`)."""
        return [d for d in self.diagnostics if settings.fails(d.kind, d.code)]

    def summary(self, unsafe: bool = False) -> dict[str, int]:
        diagnostics = self.diagnostics
        return {
            "files": len(self.files),
            "parsed": sum(f.parsed for f in self.files),
            "cached": sum(f.cached for f in self.files),
            "diagnostics": len(diagnostics),
            **{kind: sum(d.kind == kind for d in diagnostics) for kind in KINDS},
            "fixable": sum(is_applicable(d.fix, False) for d in diagnostics),
            "unsafe_fixable": sum(is_applicable(d.fix, True) and not is_applicable(d.fix, False) for d in diagnostics),
            "fixed": sum(f.fixed for f in self.files),
            "changed_files": sum(f.changed for f in self.files),
            "errors": len(self.errors),
        }


_GROUPS = trigger_groups()
_JS_GROUPS = trigger_groups(js=True)


def worth_parsing(data: bytes, path: Path | None = None) -> bool:
    """The prefilter: no rule can report on a file without one of the trigger
    words (of its language, when ``path`` is given). Each group's gate is
    looked for first, its words only if it is there."""
    lowered = data.lower()
    groups = _JS_GROUPS if path is not None and path.suffix.lower() in JS_SUFFIXES else _GROUPS
    return any(gate in lowered and (not words or any(word in lowered for word in words)) for gate, words in groups)


def _syntax_message(exc, text: str) -> str:
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


@dataclass(frozen=True)
class Job:
    """What to do with each file of a run."""

    settings: Settings
    fixing: bool = False
    unsafe: bool = False
    write: bool = False
    cache_root: Path | None = None


def process_file(path: Path, job: Job, data: bytes | None = None, held_by: str | None = None, paired: frozenset[str] = frozenset()) -> FileOutcome:
    """Check (and with ``job.fixing`` fix) one file. Never raises for bad input:
    the problem becomes ``outcome.error`` and the file is left as it was.
    ``held_by``: a finding of another module that may share this one's
    connection and stays beta, which holds this module's protocol fixes.
    ``paired``: the key routes it serves or reads that move with their other side."""
    shown = str(path)
    outcome = FileOutcome(shown)
    settings = job.settings.for_path(path)
    try:
        if data is None:
            data = read_bytes(path, settings.max_file_size)
            if not worth_parsing(data, path):
                return outcome
        source = decode(path, data) if path.suffix != ".ipynb" else _notebook_source(path, data)
    except ReadError as exc:
        outcome.error = FileError(shown, str(exc))
        return outcome
    outcome.text = source.text
    if sdk_source(path):
        return outcome  # the SDK's own beta implementation and its tests: left alone
    around = around_for(path, data, job.cache_root, held_by, paired)
    cache = Cache(job.cache_root) if job.cache_root else None
    # a module kept beside GA code is judged by that GA module too (and one held by another, by that):
    # its result is kept under a key of its own
    kept = b"\0kept beside " + around.kept_beside.encode() if around.kept_beside else b""
    kept += b"\0held by " + held_by.encode() if held_by else b""
    kept += b"\0paired " + ",".join(sorted(paired)).encode() if paired else b""
    key = Cache.key(settings, data + kept) if cache else ""
    if cache is not None:
        found = cache.get(key, shown)
        if found is not None:
            cached, depends, (speaks, holds, *pairs) = found
            # a result that the modules around the file decided holds while they say the same
            same = depends is None or around.says(depends)
            if same and not (job.fixing and any(is_applicable(d.fix, job.unsafe) for d in cached)):
                outcome.diagnostics, outcome.cached = cached, True
                outcome.speaks, outcome.holds, outcome.pairs = speaks, holds, list(pairs[0]) if pairs else []
                return outcome
    _parse_and_run(outcome, source, settings, job, around)
    _protocol(outcome, path)
    outcome.pairs = list(around.pairs or ())
    if cache is not None and outcome.error is None and not outcome.changed:
        cache.put(key, outcome.diagnostics, around.depends(), [outcome.speaks, outcome.holds, outcome.pairs])
    if outcome.changed:
        outcome.encoded = source.encode(outcome.new_text)
        # a module that may share a connection (or a key route) is written once the others are judged (`_Across`)
        if job.write and (held_by is not None or (not outcome.pairs and not _project(job.cache_root).partners(path))):
            _write(path, outcome)
    return outcome


def _protocol(outcome: FileOutcome, path: Path) -> None:
    """What a code file's findings say of its connection (`FileOutcome.speaks`, `holds`),
    worked out where its rules are loaded, so that a run's later pass needs none."""
    if not outcome.diagnostics or path.suffix.lower() not in (*JS_SUFFIXES, ".py", ".pyi"):
        return
    codes = _speaking(path)
    outcome.speaks = any(d.code in codes and is_applicable(d.fix, False) for d in outcome.diagnostics)
    held = holder(outcome.diagnostics, codes)
    outcome.holds = f"{held.code}:{held.line}" if held is not None else None


def _write(path: Path, outcome: FileOutcome) -> None:
    """Write a fixed file in one step; where that fails, it is reported and left as it was."""
    try:
        write_atomic(path, outcome.encoded)
    except OSError as exc:
        outcome.error = FileError(outcome.path, f"cannot write: {exc.strerror or exc}; file left unchanged")
        outcome.new_text = None
        outcome.fixed = 0
    outcome.encoded = None


def _notebook_source(path: Path, data: bytes):
    from .core.files import SourceFile

    try:
        return SourceFile(path, data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError as exc:
        raise ReadError(f"cannot decode notebook as UTF-8: {exc.reason}") from None


_PROJECTS: dict[Path | None, Project] = {}


def _project(cache_root: Path | None) -> Project:
    """One record of the modules around checked files per process and cache folder."""
    if cache_root not in _PROJECTS:
        _PROJECTS[cache_root] = Project(cache_root)
    return _PROJECTS[cache_root]


def forget_project() -> None:
    """Forget what was read of the modules around files and of package.json pins
    (for a long-running caller, such as the language server, once they changed)."""
    from .js.project import _pins_in

    _PROJECTS.clear()
    _pins_in.cache_clear()
    _HELD.clear()


_HELD: dict[Path, str | None] = {}


def forget_held() -> None:
    """Forget what :func:`held_by` found (a module saved may have moved to GA)."""
    _HELD.clear()


def held_by(path: Path, settings: Settings) -> str | None:
    """The finding of a module that may share ``path``'s connection and keeps beta
    code there, as :func:`check_paths` finds it (None: none); for a caller that
    judges one file at a time, such as the language server. Remembered until
    :func:`forget_project`."""
    if path not in _HELD:
        across = _Across([path], Job(settings), {})
        across.first[0] = FileOutcome(str(path))  # (the file itself holds nothing of its own connection here)
        _HELD[path] = across._held_by(0)
    return _HELD[path]


def around_for(
    path: Path, data: bytes | None = None, cache_root: Path | None = None, held_by: str | None = None, paired: frozenset[str] = frozenset(),
) -> Around:
    """What a file is judged with besides its own code, worked out only when
    asked: the modules around a Python file, the SDK versions a JavaScript
    file's project pins and the modules around it; nothing for notebooks and
    documents. ``held_by``, ``paired``: as for :func:`process_file`."""
    suffix = path.suffix.lower()
    if suffix in JS_SUFFIXES:
        from .js.project import Surroundings, pins_for

        project = _project(cache_root)
        surroundings = Surroundings(lambda: pins_for(path), lambda: project.neighbours(path, data))
        return Around(lambda: surroundings, project.kept_beside(path), held_by, paired)
    if suffix in (".py", ".pyi"):
        project = _project(cache_root)
        return Around(lambda: project.neighbours(path, data), project.kept_beside(path), held_by, paired, lambda: project.imported_senders(path))
    return Around()


def _parse_and_run(outcome: FileOutcome, source, settings: Settings, job: Job, around: Around | None = None) -> None:
    if conf_kind(source.path) is not None:
        _run_conf(outcome, source, settings, job)
        return
    if source.path.suffix.lower() in JS_SUFFIXES:
        _run_js(outcome, source, settings, job, around)
        return
    if source.path.suffix.lower() in DOC_SUFFIXES:
        _run_document(outcome, source, settings, job)
        return
    import libcst as cst

    from .python.engine import FixError, TooDeepError

    shown = outcome.path
    outcome.parsed = True
    joined = None
    code = source.text
    try:
        if source.path.suffix == ".ipynb":
            joined = notebook.join(source.text)
            code = joined.source
        outcome.diagnostics, new, outcome.fixed = run_code(code, shown, settings, ".py", fixing=job.fixing, unsafe=job.unsafe, around=around)
        if job.fixing:
            outcome.new_text = new if joined is None else notebook.split(joined, new) or source.text
    except notebook.NotebookError as exc:
        outcome.error = FileError(shown, str(exc))
    except cst.ParserSyntaxError as exc:
        outcome.error = FileError(shown, _syntax_message(exc, code))
    except (RecursionError, TooDeepError):
        outcome.error = FileError(shown, "too deeply nested to parse; skipped")
    except FixError as exc:
        outcome.error = FileError(shown, str(exc))
    except Exception as exc:  # a bug of rtmigrate's must not stop the run or touch the file
        outcome.error = FileError(shown, f"internal error ({type(exc).__name__}: {exc}); file skipped, please report it")
        outcome.new_text = None
    else:
        if joined is not None:
            outcome.diagnostics = [_in_cell(d, joined) for d in outcome.diagnostics]
        outcome.diagnostics = without_edits(outcome.diagnostics)


def _run_conf(outcome: FileOutcome, source, settings: Settings, job: Job) -> None:
    """A configuration, shell or HTTP file: read as text, edited by position."""
    outcome.parsed = True
    try:
        outcome.diagnostics, new, outcome.fixed = run_code(source.text, outcome.path, settings, source.path.suffix, fixing=job.fixing, unsafe=job.unsafe)
        if job.fixing:
            outcome.new_text = new
    except Exception as exc:  # a bug of rtmigrate's must not stop the run or touch the file
        outcome.error = FileError(outcome.path, f"internal error ({type(exc).__name__}: {exc}); file skipped, please report it")
        outcome.new_text = None
    else:
        outcome.diagnostics = without_edits(outcome.diagnostics)


def _run_js(outcome: FileOutcome, source, settings: Settings, job: Job, pins: Around | None = None) -> None:
    """The JavaScript and TypeScript front end, with the same outcomes as Python's."""
    from .js import engine as js
    from .js.syntax import Unavailable

    shown = outcome.path
    outcome.parsed = True
    suffix = source.path.suffix
    try:
        outcome.diagnostics, new, outcome.fixed = run_code(source.text, shown, settings, suffix, fixing=job.fixing, unsafe=job.unsafe, around=pins)
        if job.fixing:
            outcome.new_text = new
    except Unavailable as exc:
        outcome.error = FileError(shown, f"skipped: {exc}")
    except js.JsSyntaxError as exc:
        outcome.error = FileError(shown, str(exc))
    except js.JsFixError as exc:
        outcome.error = FileError(shown, str(exc))
    except (RecursionError, MemoryError):
        outcome.error = FileError(shown, "too deeply nested to parse; skipped")
    except Exception as exc:  # a bug of rtmigrate's must not stop the run or touch the file
        outcome.error = FileError(shown, f"internal error ({type(exc).__name__}: {exc}); file skipped, please report it")
        outcome.new_text = None
    else:
        outcome.diagnostics = without_edits(outcome.diagnostics)


def _run_document(outcome: FileOutcome, source, settings: Settings, job: Job) -> None:
    outcome.parsed = True
    done = run_document(source.text, source.path.suffix, outcome.path, settings, job.fixing, job.unsafe)
    outcome.diagnostics, outcome.fixed = done.diagnostics, done.fixed
    if job.fixing:
        outcome.new_text = done.text
    if done.problems:
        outcome.error = FileError(outcome.path, "; ".join(done.problems))


@dataclass
class DocumentResult:
    diagnostics: list[Diagnostic]
    text: str  # the document with its blocks fixed (when fixing)
    fixed: int = 0
    problems: list[str] = field(default_factory=list)  # blocks left alone, and why


def run_document(text: str, suffix: str, shown: str, settings: Settings, fixing: bool = False, unsafe: bool = False) -> DocumentResult:
    """The code blocks of a Markdown or reStructuredText document, each checked (and
    fixed) as a file of its language, its findings placed at the document's lines.
    A block that does not parse is left alone and named in ``problems``."""
    import libcst as cst

    from .core import documents
    from .python.engine import FixError, TooDeepError
    from .js import engine as js

    found: list[Diagnostic] = []
    new_code: dict[documents.Block, str] = {}
    result = DocumentResult([], text)
    for block in documents.blocks(text, suffix):
        if block.ignored or not worth_parsing(block.code.encode("utf-8"), Path("block" + block.suffix)):
            continue
        try:
            diagnostics, new, count = run_code(block.code, shown, settings, block.suffix, fixing=fixing, unsafe=unsafe)
        except (cst.ParserSyntaxError, TooDeepError, RecursionError, FixError, js.JsSyntaxError, js.JsFixError) as exc:
            reason = _syntax_message(exc, block.code) if isinstance(exc, cst.ParserSyntaxError) else str(exc) or "too deeply nested"
            reason = re.sub(r"\bline (\d+)", lambda m: f"line {int(m.group(1)) + block.first_line - 1}", reason)  # the document's lines
            result.problems.append(f"the {block.suffix[1:]} block at line {block.first_line} is left alone: {reason}")
            continue
        shift = len(block.indent)
        found += [
            replace(d, line=d.line + block.first_line - 1, end_line=d.end_line + block.first_line - 1,
                    column=d.column + shift, end_column=d.end_column + shift)
            for d in diagnostics
        ]
        if new != block.code:
            new_code[block] = new
            result.fixed += count
    from .core import prose

    found += prose.findings(text, suffix, shown, settings)
    result.diagnostics = sorted(without_edits(found), key=lambda d: d.sort_key)
    if fixing:
        result.text = documents.replaced(text, new_code)
    return result


def _in_cell(d: Diagnostic, joined: notebook.Joined) -> Diagnostic:
    cell, line = joined.locate(d.line)
    _, end_line = joined.locate(d.end_line)
    return replace(d, cell=cell, line=line, end_line=end_line)


def _prefilter(paths: list[Path], settings: Settings, keep: bool = False) -> list[bool | str | bytes]:
    """The cheap pass over ``paths``: for each, whether it is worth parsing (with
    ``keep``, its bytes where it is), or why it cannot be read."""
    out: list[bool | str | bytes] = []
    for path in paths:
        try:
            data = read_bytes(path, settings.for_path(path).max_file_size)
        except ReadError as exc:
            out.append(str(exc))
            continue
        worth = worth_parsing(data, path)
        out.append(data if keep and worth else worth)
    return out


SMALL_RUN = 64  # files: a run this small (a pre-commit hook's, an editor's) looks past itself for senders


def _callers_of_senders(files: list[Path], verdicts: list[bool | str | bytes], settings: Settings, cache_root: Path | None) -> dict[int, bytes]:
    """The Python files the cheap pass let go that call, by its name, a sender (`core.senders`)
    of a file it kept, or, in a small run, of any module they import: parsed too, for what
    they give it is a config (`VoiceClient(session_config={"voice": "ash"})` names nothing
    else of the protocol). Their bytes, by index: every judgement of them parses them."""
    names: set[str] = set()  # the senders the files kept define
    for path, verdict in zip(files, verdicts):
        if path.suffix == ".py" and (verdict is True or isinstance(verdict, bytes)):
            data = verdict if isinstance(verdict, bytes) else _read_or_none(path, settings)
            if data is not None:
                names.update(from_fact(fact).name for fact in senders_in_text(data.decode("utf-8", errors="replace")))
    project = _project(cache_root) if len(files) <= SMALL_RUN else None
    forced: dict[int, bytes] = {}
    if not names and project is None:
        return forced
    for i, (path, verdict) in enumerate(zip(files, verdicts)):
        if verdict is not False or path.suffix != ".py":
            continue
        wanted = names | ({from_fact(fact).name for fact in project.imported_senders(path)} if project is not None else set())
        data = _read_or_none(path, settings) if wanted else None
        if data is not None and b"import" in data and any(name.encode() + b"(" in data for name in wanted):
            verdicts[i] = forced[i] = data
    return forced


def _read_or_none(path: Path, settings: Settings) -> bytes | None:
    """A file's bytes, or None where it cannot be read (the run reports that elsewhere)."""
    try:
        return read_bytes(path, settings.for_path(path).max_file_size)
    except ReadError:
        return None


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: the parent alone decides to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def inventory_paths(paths: Iterable[Path], settings: Settings | None = None):
    """(the architecture findings, what each file uses) for ``rtmigrate report``;
    one parse per file, the inventory collected in the rules' traversal."""
    import libcst as cst

    from .python.engine import TooDeepError, analyze
    from .python.inventory import InventoryCollector

    settings = settings or Settings()
    fit = settings.with_overrides(select=("RT7",))
    outcomes, items = [], []
    for path in discover(paths, settings.extend_exclude, settings.exclude):
        outcome = FileOutcome(str(path))
        outcomes.append(outcome)
        try:
            data = read_bytes(path, settings.max_file_size)
            if not worth_parsing(data, path) or path.suffix == ".ipynb":
                continue
            source = decode(path, data)
            if path.suffix.lower() in JS_SUFFIXES:
                from .js import engine as js
                from .js.inventory import items as js_items

                analysis = js.analyze(source.text, str(path), fit.for_path(path), path.suffix)
                outcome.diagnostics = analysis.diagnostics
                outcome.parsed = True
                items.extend(js_items(source.text, str(path), path.suffix, analysis.tree))
                continue
            collector = InventoryCollector(str(path))
            around = around_for(path)
            analysis = analyze(source.text, str(path), fit.for_path(path), extra=[collector], project=around)
            outcome.diagnostics = analysis.diagnostics
            outcome.parsed = True
            items.extend(collector.items(analysis.positions))
        except ReadError as exc:
            outcome.error = FileError(str(path), str(exc))
        except (cst.ParserSyntaxError, TooDeepError, RecursionError) as exc:
            outcome.error = FileError(str(path), f"cannot parse: {str(exc).splitlines()[0]}")
        except Exception as exc:  # the JS front end's syntax errors, and a bug of rtmigrate's: reported, the run goes on
            outcome.error = FileError(str(path), f"cannot read: {exc}")
    return RunResult(outcomes), items


def check_paths(
    paths: Iterable[Path],
    settings: Settings | None = None,
    *,
    fix: bool = False,
    unsafe: bool = False,
    write: bool = False,
    jobs: int | None = 1,
    cache_root: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    """Check every Python file and notebook under ``paths``. With ``fix`` the
    fixed text is computed; with ``write`` as well, changed files are rewritten.
    ``jobs``: processes to use (None: one per core, when there are enough files
    to parse); ``cache_root``: where to cache results (None: no cache)."""
    settings = settings or Settings()
    job = Job(settings, fix, unsafe, write, cache_root)
    suffixes = SOURCE_SUFFIXES + (DOC_SUFFIXES if settings.docs else ())
    also = (lambda p: conf_kind(p) is not None) if settings.configs else None
    files = list(discover(paths, settings.extend_exclude, settings.exclude, suffixes, also))
    outcomes: dict[int, FileOutcome] = {}
    to_parse: list[int] = []
    workers = (os.cpu_count() or 1) if jobs is None else jobs
    pool = None
    if workers > 1 and len(files) >= PARALLEL_MIN_PREFILTER:
        # the cheap pass itself is spread when there are many files: reading them
        # and looking for the trigger words is most of a scan of code that has none
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init)
        shares = [files[k::workers] for k in range(workers)]
        verdicts: list[bool | str | bytes] = [False] * len(files)
        for k, share in enumerate(pool.map(_prefilter, shares, itertools.repeat(settings))):
            verdicts[k::workers] = share
    else:
        verdicts = _prefilter(files, settings, keep=True)
    forced = _callers_of_senders(files, verdicts, settings, cache_root)
    kept: dict[int, bytes] = {}  # the bytes read, for a file parsed in this process (not read twice)
    for i, (path, verdict) in enumerate(zip(files, verdicts)):
        if isinstance(verdict, str):
            outcomes[i] = FileOutcome(str(path), error=FileError(str(path), verdict))
        elif verdict:
            to_parse.append(i)
            if isinstance(verdict, bytes):
                kept[i] = verdict
        else:
            outcomes[i] = FileOutcome(str(path))
    if workers > 1 and len(to_parse) >= PARALLEL_MIN_FILES:
        if pool is None:
            from concurrent.futures import ProcessPoolExecutor

            pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init)
        results = pool.map(process_file, [files[i] for i in to_parse], itertools.repeat(job), [forced.get(i) for i in to_parse], chunksize=4)
    else:
        results = (process_file(files[i], job, kept.pop(i, None)) for i in to_parse)
    across = _Across(files, job, outcomes, forced)
    try:
        with paused():
            for done, (i, outcome) in enumerate(zip(to_parse, results), start=1):
                outcomes[i] = across.judged(i, outcome)
                tick(done)
                if progress:
                    progress(done, len(to_parse))
    except BaseException:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)  # files in hand finish whole; the rest stay untouched
        raise
    if pool is not None:
        pool.shutdown()
    outcomes.update(across.rest())
    return RunResult([outcomes[i] for i in range(len(files))])


def _moving(outcome: FileOutcome) -> Diagnostic | None:
    """The first finding of a module whose safe fix changes what its connection sends or hears."""
    codes = _speaking(Path(outcome.path))
    return next((d for d in outcome.diagnostics if d.code in codes and is_applicable(d.fix, False)), None)


def _speaking(path: Path) -> dict[str, bool]:
    """The codes whose fixes speak the protocol in the language of ``path``, each
    with whether a finding of it with no fix keeps beta code (the rules' `speaks`, `holds`)."""
    js = path.suffix.lower() in JS_SUFFIXES
    if js not in _SPEAKING:
        if js:
            from .js.rule import js_rules as rules
        else:
            from .python.rule import python_rules as rules  # type: ignore[assignment]
        _SPEAKING[js] = speaking(rules())
    return _SPEAKING[js]


_SPEAKING: dict[bool, dict[str, bool]] = {}
ACROSS_STEPS = 8  # how far, in imports and relays, a module's connection is followed (past what one module shows)
_WAIT = "wait"  # a module on the way is not judged yet


class _Across:
    """A module's protocol fixes wait for those of the modules that may share its
    connection (`Project.partners`, a few steps along): a page renamed to GA
    events would wait for names the relay that feeds it, still beta, never
    sends. Such a module is judged again, held by the first finding that keeps
    beta code there after the run (what its own fixes, if made, left); a
    partner outside the run is checked, never fixed. A module with partners is
    written once they are judged (one with none, at once by `process_file`),
    so a run stopped part-way has written whole files only.
    Only modules with a safe fix of a rule that speaks, or when fixing a fix
    made, are looked at.

    Before that, a module that serves a key route or reads one (`core.routes`)
    is judged again with the routes that move with their other side
    (``paired``), once every module that names them is judged: that is how it
    stands alone, and the two sides are partners."""

    def __init__(self, files: list[Path], job: Job, unparsed: dict[int, FileOutcome], forced: dict[int, bytes] | None = None) -> None:
        self.files, self.job = files, job
        self.forced = forced or {}  # the bytes of modules parsed past the cheap pass (`_callers_of_senders`)
        self._index: dict[str, int] | None = None
        # as judged alone: a module holds others by its own findings only
        self.first: dict[int, FileOutcome] = dict(unparsed)
        self.found: dict[Path, str | None] = {}
        self.waiting: dict[int, FileOutcome] = {}
        self.pending: set[int] = set()  # modules whose key routes wait for a module not judged yet
        self.paired: dict[int, frozenset[str]] = {}
        self.pair_partners: dict[Path, set[Path]] = {}
        self._routes = Routes()
        self._verdicts: dict[tuple[Path, str], frozenset[Path]] = {}
        self._kept_reads: dict[tuple[Path, str], bool] = {}  # key routes a page keeps its read of beta (`_kept`)
        self._outside: dict[Path, FileOutcome] = {}  # modules outside the run, as checked
        self._checking = replace(job, fixing=False, unsafe=False, write=False)  # how a module outside the run is judged

    def judged(self, i: int, outcome: FileOutcome) -> FileOutcome:
        """The outcome of module ``i`` as the run keeps it for now; written when settled."""
        self.first[i] = outcome
        if outcome.pairs:
            found = self._pairing(self._real(i), outcome.pairs)
            if found is None:
                self.pending.add(i)
                self.waiting[i] = outcome
                return outcome
            outcome = self._alone(i, outcome, found)
        return self._after_pairing(i, outcome)

    def _after_pairing(self, i: int, outcome: FileOutcome) -> FileOutcome:
        if not self._speaks(outcome):
            return self._done(i, outcome)
        held_by = self._held_by(i)
        if held_by == _WAIT:
            self.waiting[i] = outcome
            return outcome
        return self._settled(i, outcome, held_by)

    def rest(self) -> dict[int, FileOutcome]:
        """The modules that waited for others, settled now that every module is judged."""
        # (every module of the run is judged by now: none waits)
        for i in sorted(self.pending):
            self.waiting[i] = self._alone(i, self.waiting[i], self._pairing(self._real(i), self.waiting[i].pairs) or frozenset())
        pending, self.pending = self.pending, set()
        out = {}
        for i, outcome in sorted(self.waiting.items()):
            if i in pending and not self._speaks(outcome):
                out[i] = self._done(i, outcome)
            else:
                out[i] = self._settled(i, outcome, self._held_by(i))
        return out

    def _alone(self, i: int, outcome: FileOutcome, paired: frozenset[str]) -> FileOutcome:
        """Module ``i`` as it stands alone: judged again where some of its key routes are paired."""
        if paired:
            self.paired[i] = paired
            outcome = process_file(self.files[i], self.job, self.forced.get(i), paired=paired)
            self.first[i] = outcome
        return outcome

    def _settled(self, i: int, outcome: FileOutcome, held_by: str | None) -> FileOutcome:
        """Module ``i`` as judged alone, or judged again held by ``held_by``; written."""
        if held_by is None:
            return self._done(i, outcome)
        return self._done(i, process_file(self.files[i], self.job, self.forced.get(i), held_by=held_by, paired=self.paired.get(i, frozenset())))

    def _done(self, i: int, outcome: FileOutcome) -> FileOutcome:
        if outcome.encoded is not None:
            if self.job.write:
                _write(self.files[i], outcome)
            outcome.encoded = None
        return outcome

    @staticmethod
    def _speaks(outcome: FileOutcome) -> bool:
        return outcome.error is None and (outcome.changed or outcome.speaks)

    def _real(self, i: int) -> Path:
        return _project(self.job.cache_root).real(self.files[i])

    def _in_run(self, module: Path) -> int | None:
        if self._index is None:  # (the run's files as written, made absolute: a partner is a resolved path)
            self._index = {os.path.abspath(path): i for i, path in enumerate(self.files)}
        return self._index.get(str(module))

    def _held_by(self, i: int) -> str | None:
        project = _project(self.job.cache_root)
        start = project.real(self.files[i])
        seen, frontier = {start}, [start]
        for _ in range(ACROSS_STEPS):
            ahead = []
            for module in frontier:
                for partner in (*project.partners(module), *sorted(self.pair_partners.get(module, ()))):
                    if partner not in seen:
                        seen.add(partner)
                        ahead.append(partner)
            for partner in ahead:
                held_by = self._holding(partner)
                if held_by is not None:
                    return held_by
            if not ahead:
                break
            frontier = ahead
        return None

    def _holding(self, module: Path) -> str | None:
        """The finding that keeps ``module`` beta, as a message names it (None: none;
        `_WAIT`: the module is in the run and not judged yet)."""
        if module not in self.found:
            i = self._in_run(module)
            if i is not None and (i not in self.first or i in self.pending):
                return _WAIT
            outcome = self.first[i] if i is not None else self._checked_alone(module)
            if outcome is None:
                return _WAIT
            if outcome.error is not None and outcome.text is not None and shows_beta(outcome.text):
                # read but not parsed: its findings are not known, and its text shows beta code
                self.found[module] = f"what rtmigrate could not parse of {outcome.path} ({outcome.error.message})"
            else:
                code, _, line = (outcome.holds or "").partition(":")
                self.found[module] = f"{code} at {outcome.path}:{line}" if outcome.holds else None
                moving = _moving(outcome) if i is None and not outcome.holds else None
                if moving is not None:
                    # not in the run, its safe fixes are not made: it stays beta while this module would move
                    self.found[module] = f"{OUTSIDE_RUN}{moving.code} at {outcome.path}:{moving.line}"
        return self.found[module]

    def _checked(self, module: Path) -> FileOutcome:
        """A module outside the run, checked (never fixed)."""
        if module not in self._outside:
            # one that gives a sender a config (`core.senders`) may name nothing else of the protocol: read whole
            data = _read_or_none(module, self.job.settings) if _project(self.job.cache_root).imported_senders(module) else None
            self._outside[module] = process_file(module, self._checking, data)
        return self._outside[module]

    def _checked_alone(self, module: Path) -> FileOutcome | None:
        """A module outside the run as it stands alone: with its key routes that are paired
        (None: that waits for a module of the run not judged yet)."""
        outcome = self._checked(module)
        if not outcome.pairs:
            return outcome
        paired = self._pairing(module, outcome.pairs)
        if paired is None:
            return None
        return process_file(module, self._checking, paired=paired) if paired else outcome

    def _pairing(self, module: Path, tags: list[str]) -> frozenset[str] | None:
        """Which of a module's key routes (``tags``) move with their other side (None:
        a module that names one is in the run and not judged yet)."""
        root = routes.project_root(module)
        paired = set()
        for tag in sorted(set(tags)):
            if tag.startswith(routes.KEPT):
                continue  # (what a page is of a route, for the route's side: `_kept`)
            located = tag in (routes.SERVE, routes.HANDS)
            route = routes.served_at(module, root) if located and root is not None else tag.partition(":")[2]
            if root is None or not route:
                continue
            if not tag.startswith(routes.HANDS):  # (a route that hands its answer on and does more never pairs)
                if (root, route) not in self._verdicts:
                    verdict = self._verdict(root, route)
                    if verdict is None:
                        return None
                    self._verdicts[root, route] = verdict
                if module in self._verdicts[root, route]:
                    paired.add(tag)
                    self.pair_partners.setdefault(module, set()).update(self._verdicts[root, route] - {module})
            if tag.startswith((routes.SERVE, routes.HANDS)):
                kept = self._kept(root, route)
                if kept is None:
                    return None
                if kept:
                    paired.add(routes.held(tag))
        return frozenset(paired)

    def _kept(self, root: Path, route: str) -> bool | None:
        """Does a page of the project keep its read of ``route``'s key where the beta put
        it (None: a module that names the route is in the run and not judged yet)?"""
        if (root, route) in self._kept_reads:
            return self._kept_reads[root, route]
        for module in self._routes.naming(root, route) or {}:
            i = self._in_run(module)
            if i is not None and i not in self.first:
                return None
            if routes.KEPT + route in (self.first[i] if i is not None else self._checked(module)).pairs:
                self._kept_reads[root, route] = True
                return True
        self._kept_reads[root, route] = False
        return False

    def _verdict(self, root: Path, route: str) -> frozenset[Path] | None:
        """The modules of a key route that move together: every module of the project
        that names ``route`` (empty: they do not; None: one is not judged yet)."""
        naming = self._routes.naming(root, route)
        if not naming:
            return frozenset()
        servers = readers = 0
        for module, (count, located) in naming.items():
            if routes.project_root(module) != root:
                return frozenset()
            i = self._in_run(module)
            if i is not None and i not in self.first:
                return None
            tags = (self.first[i] if i is not None else self._checked(module)).pairs
            reads, named = tags.count(routes.READ + route), tags.count(routes.SERVE + route)
            here = tags.count(routes.SERVE) if located else 0
            if (located and not here) or count != reads + named or (reads and (named or here)):
                return frozenset()  # a module that names the route and is neither side of it, as far as rtmigrate can tell
            servers += bool(named or here)
            readers += reads
        return frozenset(naming) if servers == 1 and readers else frozenset()
