"""`rtmigrate server`: a language server (pygls) for editors.

It publishes rtmigrate's findings as a document is opened, edited and saved,
offers each fix as a quick fix (an unsafe one says so in its title and is
never the preferred fix), offers "fix all safe" for the document (a
`source.fixAll` action, and the `rtmigrate.fixAll` command), and reads the
same settings as the CLI. It never writes a file: every fix is an edit the
editor applies.
"""

from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from ._version import __version__
from .api import DOC_SUFFIXES, JS_SUFFIXES, around_for, each_fix, forget_held, forget_project, held_by, run_code, run_document, worth_parsing
from .core.config import ConfigError, Settings, load_settings
from .core.diagnostics import Applicability, Diagnostic, Kind, is_applicable

FIX_ALL = "rtmigrate.fixAll"
# files whose change changes how documents are judged: settings, and the SDK pins of package.json
WATCHED = frozenset({"pyproject.toml", "rtmigrate.toml", "package.json"})
FIX_ALL_KIND = "source.fixAll.rtmigrate"
PYTHON_SUFFIXES = (".py", ".pyi")


@dataclass
class Finding:
    diagnostic: Diagnostic
    fixed: str | None  # the whole document with this finding's fix applied


def path_of(uri: str) -> Path:
    parsed = urlparse(uri)
    return Path(unquote(parsed.path)) if parsed.scheme in ("file", "") else Path(parsed.path)


def settings_for(path: Path) -> Settings:
    try:
        return load_settings(path.parent if path.parent.exists() else Path(".")).for_path(path)
    except ConfigError:
        return Settings()


def findings(text: str, path: Path, settings: Settings) -> list[Finding]:
    """The document's findings, each with the document as its own fix leaves it,
    judged as the CLI judges the file (its neighbours, its project's SDK pins,
    the modules that may share its connection, as saved).
    A document that does not parse has none (the editor shows its own errors)."""
    suffix = path.suffix.lower()
    data = text.encode("utf-8")
    if not worth_parsing(data, path):
        return []
    try:
        if suffix in DOC_SUFFIXES:
            return [Finding(d, None) for d in run_document(text, suffix, str(path), settings).diagnostics]
        if suffix in JS_SUFFIXES or suffix in PYTHON_SUFFIXES:
            around = around_for(path, data, held_by=held_by(path, settings))
            return [Finding(d, fixed) for d, fixed in each_fix(text, str(path), settings, suffix, around)]
    except Exception:  # a document mid-edit that does not parse, or a bug of rtmigrate's: no findings, no crash
        return []
    return []


def fix_all(text: str, path: Path, settings: Settings) -> str:
    """The document with every safe fix applied, judged as :func:`findings` judges it."""
    suffix = path.suffix.lower()
    try:
        if suffix in DOC_SUFFIXES:
            return run_document(text, suffix, str(path), settings, fixing=True).text
        if suffix in JS_SUFFIXES or suffix in PYTHON_SUFFIXES:
            around = around_for(path, text.encode("utf-8"), held_by=held_by(path, settings))
            return run_code(text, str(path), settings, suffix, fixing=True, around=around)[1]
    except Exception:
        pass
    return text


# the rule pages (docs/rules/): installed with the package under share/, or in a checkout
RULE_PAGES = (Path(sys.prefix) / "share" / "rtmigrate" / "rules", Path(__file__).resolve().parents[2] / "docs" / "rules")


def rule_page(code: str) -> str | None:
    """A link to a rule's page, for an editor to open from the finding (None: no pages here)."""
    page = next((folder / f"{code}.md" for folder in RULE_PAGES if (folder / f"{code}.md").is_file()), None)
    return page.as_uri() if page is not None else None


def _utf16(line: str, column: int) -> int:
    """LSP counts characters in UTF-16 code units."""
    return len(line[:column].encode("utf-16-le")) // 2


def minimal_edits(old: str, new: str) -> list[tuple[int, int, str]]:
    """The changes that turn ``old`` into ``new``, as (start, end, text) over
    ``old``'s characters: one per stretch of changed lines, trimmed to the
    characters that differ, so that an editor keeps the cursor, folds and
    undo steps everywhere else."""
    before, after = old.splitlines(keepends=True), new.splitlines(keepends=True)
    starts = [0]
    for line in before:
        starts.append(starts[-1] + len(line))
    edits = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        was, now = "".join(before[i1:i2]), "".join(after[j1:j2])
        head = len(os.path.commonprefix([was, now]))
        tail = len(os.path.commonprefix([was[head:][::-1], now[head:][::-1]]))
        edits.append((starts[i1] + head, starts[i1] + len(was) - tail, now[head : len(now) - tail]))
    return edits


def lsp_position(text: str, offset: int) -> tuple[int, int]:
    """A character offset of ``text`` as LSP's (line, UTF-16 column)."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset), _utf16(text[line_start:offset], offset - line_start)


def build():
    """The language server, its features registered."""
    try:
        from lsprotocol import types
        from pygls.lsp.server import LanguageServer
    except ImportError:
        raise SystemExit("rtmigrate server needs pygls: pip install 'rtmigrate[server]'") from None

    server = LanguageServer("rtmigrate", __version__)
    state: dict[str, list[Finding]] = {}
    severity = {Kind.BREAKS.value: types.DiagnosticSeverity.Error, Kind.LEFTOVER.value: types.DiagnosticSeverity.Warning,
                Kind.ADVICE.value: types.DiagnosticSeverity.Information}

    def text_edits(old: str, new: str) -> list[types.TextEdit]:
        out = []
        for start, end, text in minimal_edits(old, new):
            (l1, c1), (l2, c2) = lsp_position(old, start), lsp_position(old, end)
            out.append(types.TextEdit(types.Range(types.Position(l1, c1), types.Position(l2, c2)), text))
        return out

    def fix_all_edit(uri: str) -> types.WorkspaceEdit | None:
        document = server.workspace.get_text_document(uri)
        path = path_of(uri)
        new = fix_all(document.source, path, settings_for(path))
        return types.WorkspaceEdit(changes={uri: text_edits(document.source, new)}) if new != document.source else None

    def lsp(d: Diagnostic, lines: list[str]) -> types.Diagnostic:
        def position(line: int, column: int) -> types.Position:
            text = lines[line - 1] if 0 < line <= len(lines) else ""
            return types.Position(line - 1, _utf16(text, column - 1))

        message = d.message + (f"\n{d.hint}" if d.hint else "")
        page = rule_page(d.code)
        return types.Diagnostic(
            range=types.Range(position(d.line, d.column), position(d.end_line, d.end_column)), message=message,
            severity=severity.get(d.kind, types.DiagnosticSeverity.Warning), code=d.code, source="rtmigrate",
            code_description=types.CodeDescription(href=page) if page else None,
        )

    def publish(uri: str) -> None:
        document = server.workspace.get_text_document(uri)
        path = path_of(uri)
        found = findings(document.source, path, settings_for(path))
        state[uri] = found
        lines = document.source.split("\n")
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=document.version, diagnostics=[lsp(f.diagnostic, lines) for f in found])
        )

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls, params: types.DidOpenTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls, params: types.DidChangeTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls, params: types.DidSaveTextDocumentParams) -> None:
        """A saved module may hold, or stop holding, the protocol fixes of those that share its connection."""
        forget_held()
        for uri in list(state) if params.text_document.uri in state else [params.text_document.uri]:
            publish(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls, params: types.DidCloseTextDocumentParams) -> None:
        state.pop(params.text_document.uri, None)
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND]),
    )
    def code_action(ls, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        document = server.workspace.get_text_document(uri)
        lines = document.source.split("\n")
        wanted = params.range
        actions = []
        for finding in state.get(uri, []):
            d, fix = finding.diagnostic, finding.diagnostic.fix
            if fix is None or finding.fixed is None or not (d.line - 1 <= wanted.end.line and wanted.start.line <= d.end_line - 1):
                continue
            unsafe = fix.applicability is Applicability.UNSAFE
            actions.append(
                types.CodeAction(
                    title=f"{d.code}: {fix.description}" + (" (unsafe: may change behaviour)" if unsafe else ""),
                    kind=types.CodeActionKind.QuickFix, diagnostics=[lsp(d, lines)], is_preferred=not unsafe,
                    edit=types.WorkspaceEdit(changes={uri: text_edits(document.source, finding.fixed)}),
                )
            )
        if any(is_applicable(f.diagnostic.fix, False) for f in state.get(uri, [])):
            # the action carries its edit (so that "fix on save" can apply it); the command stays for clients that call it
            edit = fix_all_edit(uri)
            if edit is not None:
                actions.append(types.CodeAction(title="rtmigrate: fix all safe", kind=FIX_ALL_KIND, edit=edit))
        return actions

    @server.command(FIX_ALL)
    async def fix_all_command(ls, *arguments) -> None:
        uri = arguments[0] if arguments else None
        if not isinstance(uri, str):
            return
        edit = fix_all_edit(uri)
        if edit is not None:
            await server.workspace_apply_edit_async(types.ApplyWorkspaceEditParams(edit=edit, label="rtmigrate: fix all safe"))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_changed(ls, params: types.DidChangeWatchedFilesParams) -> None:
        """A settings file or package.json changed: read the project again and judge the open documents anew."""
        if any(path_of(change.uri).name in WATCHED for change in params.changes):
            forget_project()
            for uri in list(state):
                publish(uri)

    @server.feature(types.INITIALIZED)
    async def initialized(ls, params: types.InitializedParams) -> None:
        workspace = ls.client_capabilities.workspace
        watching = workspace.did_change_watched_files if workspace is not None else None
        if watching is not None and watching.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in sorted(WATCHED)]
            registration = types.Registration(
                id="rtmigrate-settings", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
            )
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))

    return server


def main() -> None:
    build().start_io()
