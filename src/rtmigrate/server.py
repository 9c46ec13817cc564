"""`rtmigrate server`: a language server (pygls) for editors.

It publishes rtmigrate's findings as a document is opened, edited and saved,
offers each fix as a quick fix (an unsafe one says so in its title and is
never the preferred fix), offers "fix all safe" for the document (a
`source.fixAll` action, and the `rtmigrate.fixAll` command), and reads the
same settings as the CLI. It never writes a file: every fix is an edit the
editor applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from ._version import __version__
from .api import DOC_SUFFIXES, JS_SUFFIXES, around_for, each_fix, run_code, run_document, worth_parsing
from .core.config import ConfigError, Settings, load_settings
from .core.diagnostics import Applicability, Diagnostic, Kind, is_applicable

FIX_ALL = "rtmigrate.fixAll"
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
    judged as the CLI judges the file (its neighbours, its project's SDK pins).
    A document that does not parse has none (the editor shows its own errors)."""
    suffix = path.suffix.lower()
    data = text.encode("utf-8")
    if not worth_parsing(data, path):
        return []
    around = around_for(path, data)
    try:
        if suffix in DOC_SUFFIXES:
            return [Finding(d, None) for d in run_document(text, suffix, str(path), settings).diagnostics]
        if suffix in JS_SUFFIXES or suffix in PYTHON_SUFFIXES:
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
            return run_code(text, str(path), settings, suffix, fixing=True, around=around_for(path, text.encode("utf-8")))[1]
    except Exception:
        pass
    return text


def _utf16(line: str, column: int) -> int:
    """LSP counts characters in UTF-16 code units."""
    return len(line[:column].encode("utf-16-le")) // 2


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

    def whole(text: str) -> types.Range:
        lines = text.split("\n")
        return types.Range(types.Position(0, 0), types.Position(len(lines) - 1, _utf16(lines[-1], len(lines[-1]))))

    def lsp(d: Diagnostic, lines: list[str]) -> types.Diagnostic:
        def position(line: int, column: int) -> types.Position:
            text = lines[line - 1] if 0 < line <= len(lines) else ""
            return types.Position(line - 1, _utf16(text, column - 1))

        message = d.message + (f"\n{d.hint}" if d.hint else "")
        return types.Diagnostic(
            range=types.Range(position(d.line, d.column), position(d.end_line, d.end_column)), message=message,
            severity=severity.get(d.kind, types.DiagnosticSeverity.Warning), code=d.code, source="rtmigrate",
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
        publish(params.text_document.uri)

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
                    edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(whole(document.source), finding.fixed)]}),
                )
            )
        if any(is_applicable(f.diagnostic.fix, False) for f in state.get(uri, [])):
            actions.append(
                types.CodeAction(title="rtmigrate: fix all safe", kind=FIX_ALL_KIND,
                                 command=types.Command(title="rtmigrate: fix all safe", command=FIX_ALL, arguments=[uri]))
            )
        return actions

    @server.command(FIX_ALL)
    async def fix_all_command(ls, *arguments) -> None:
        uri = arguments[0] if arguments else None
        if not isinstance(uri, str):
            return
        document = server.workspace.get_text_document(uri)
        path = path_of(uri)
        new = fix_all(document.source, path, settings_for(path))
        if new != document.source:
            edit = types.WorkspaceEdit(changes={uri: [types.TextEdit(whole(document.source), new)]})
            await server.workspace_apply_edit_async(types.ApplyWorkspaceEditParams(edit=edit, label="rtmigrate: fix all safe"))

    return server


def main() -> None:
    build().start_io()
