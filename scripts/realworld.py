"""How much of the beta Realtime code in a directory of real code rtmigrate reaches.

    python scripts/realworld.py DIR            # a line per file, the totals, and what was missed
    python scripts/realworld.py DIR --json     # the same as JSON

A *construct* is a line of code (comments and docstrings aside) of a Python,
JavaScript or TypeScript file (or an HTML page's script) that holds one
of the beta markers below: a beta event name, a beta SDK path or module, the
beta header, a beta endpoint, a preview model id, a beta session field, a read
of a beta SDK result, an Azure preview endpoint or Microsoft's preview SDK.
The markers are written from the migration facts, not from rtmigrate's
tables, so the count does not depend on what the rules already know. A
field's name looked for inside an event's type (`"input_audio_transcription"
in event["type"]`) is no session field: GA's event names hold it too. Code
kept on purpose (facts §9) is no construct either: a `Literal[...]`
enumeration of model ids, and a beta event name quoted beside its GA name
(a handler that takes both).

Each construct is *fixed* when `--fix --unsafe-fixes` (with `--safe`: `--fix`) changes its line,
*reported* when a finding covers its line (or its statement), and *missed*
otherwise; a construct in a file that rtmigrate finds aimed at another
provider, or speaking the protocol with nothing that says it is OpenAI's
(notes RT406, RT407), is *another provider's*: left alone by design, counted
apart and not in the share reached. The
directory is checked in one run, as `rtmigrate check DIR` would, so modules
are judged with the rest of their project. Every fixed file must still parse.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import io
import json
import re
import sys
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rtmigrate import Settings  # noqa: E402
from rtmigrate.api import check_paths  # noqa: E402

_FIELDS = "input_audio_format|output_audio_format|input_audio_transcription|input_audio_noise_reduction|max_response_output_tokens|modalities"
MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("event name", re.compile(r"""["'](?:response\.(?:text|audio|audio_transcript)\.(?:delta|done)|transcription_session\.(?:update|updated|created))["']""")),
    ("SDK path", re.compile(r"\.beta\.realtime\b|\bbeta\.realtime\.|openai\.(?:types|resources)\.beta\.realtime|from\s+openai\.types\.beta\s+import\s+realtime")),
    ("beta header", re.compile(r"""OpenAI-Beta["']?\s*[:,]\s*["']?\s*realtime""", re.IGNORECASE)),
    ("ephemeral endpoint", re.compile(r"/realtime/(?:sessions|transcription_sessions)\b|/realtimeapi/sessions")),
    ("preview model", re.compile(r"gpt-4o(?:-mini)?-realtime-preview")),
    # a string key, or a keyword argument (`name=value`: an assignment `name = value` is a variable of the app's own)
    ("session field", re.compile(rf"""["'](?:{_FIELDS})["']|\b(?:{_FIELDS})=(?!=)""")),
    ("SDK result", re.compile(r"""\.client_secret\.(?:value|expires_at)\b|\[\s*["']client_secret["']\s*\]""")),
    # (`/openai/realtime` as a URL's path, not a folder of the app's own: `@/lib/openai/realtime/...`)
    ("Azure preview endpoint", re.compile(r"realtimeapi-preview|/openai/realtime(?![/\w-])|[?&]deployment=|api-version=\d{4}-\d{2}-\d{2}-preview")),
    ("Azure preview SDK", re.compile(r"^\s*(?:from|import)\s+rtclient\b")),
]
# JavaScript and TypeScript write the same things their own way: module specifiers, identifier keys.
JS_MARKERS = MARKERS[:-1] + [
    ("SDK path", re.compile(r"openai/(?:resources/)?beta/realtime")),
    ("session field", re.compile(rf"(?<![\w$.])(?:{_FIELDS})\s*:(?!:)")),
]
JS_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".html", ".htm")
_JS_COMMENT = re.compile(r"(?<![:\"'\w\\])//.*$")


# A path of the page's own origin under a folder of the app's (`fetch("/api/realtime/sessions")`)
# is the app's own route, whose server mints the key: not OpenAI's endpoint.
_OWN_ROUTE = re.compile(r"""(["'`])/(?!v1/|openai/)(?:(?!v1/)[\w.-]+/)+realtime/(?:sessions|transcription_sessions)\b[^"'`]*\1""")


# A piece of an event's name looked for in its type (`"input_audio_transcription" in event["type"]`):
# GA's `conversation.item.input_audio_transcription.*` events hold it too, so it is no session field.
_IN_EVENT_TYPE = re.compile(r"""(["'])[a-z_]+\1\s+in\s+[\w.\[\]"']*(?:\.get\(\s*["']type["']|\[\s*["']type["']\s*\]|\.type\b)""")


def _marked(kind: str, text: str) -> str:
    """The text a marker is looked for in."""
    if kind == "ephemeral endpoint":
        return _OWN_ROUTE.sub("", text)
    if kind == "session field":
        return _IN_EVENT_TYPE.sub("", text)
    return text


@dataclass
class Construct:
    line: int
    kind: str
    text: str
    outcome: str = "missed"


@dataclass
class FileResult:
    path: str
    constructs: list[Construct] = field(default_factory=list)
    parses_after_fix: bool = True
    error: str | None = None


_COMPOUND = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.For, ast.AsyncFor, ast.While, ast.With,
             ast.AsyncWith, ast.Try, ast.Match)


def statements(source: str) -> dict[int, tuple[int, int]]:
    """Each line → the lines of the innermost simple statement holding it (a
    compound statement's header is its own line), so that a finding on any
    line of `from x import (\n a,\n b)` reaches each of its lines."""
    out: dict[int, tuple[int, int]] = {}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return out
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and not isinstance(node, _COMPOUND):
            span = (node.lineno, node.end_lineno or node.lineno)
            for line in range(span[0], span[1] + 1):
                if line not in out or out[line][1] - out[line][0] > span[1] - span[0]:
                    out[line] = span
    return out


def _code_lines(source: str) -> tuple[dict[int, str], set[int]]:
    """Each line's text without comments, docstrings left out; and the lines of
    `Literal[...]` enumerations (accepted values, not choices)."""
    lines = source.splitlines()
    prose: set[int] = set()
    enumerations: set[int] = set()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            prose.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
        elif isinstance(node, ast.Subscript) and (getattr(node.value, "id", None) or getattr(node.value, "attr", None)) == "Literal":
            enumerations.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    comments: dict[int, int] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                comments[token.start[0]] = token.start[1]
    except (tokenize.TokenError, IndentationError):
        pass
    out = {}
    for number, text in enumerate(lines, start=1):
        if number not in prose:
            out[number] = text[: comments[number]] if number in comments else text
    return out, enumerations


_BETA_EVENT = re.compile(r"""["'](response\.(?:text|audio|audio_transcript)\.(?:delta|done)|transcription_session\.(?:created|updated))["']""")
_NEAR = 2  # how many lines apart a beta event name and its GA name are read as one handler


def _ga_name(beta: str) -> str:
    """The GA name of a beta server event (facts §1): `response.text.delta` → `response.output_text.delta`,
    `transcription_session.updated` → `session.updated`."""
    if beta.startswith("transcription_session."):
        return beta.replace("transcription_session.", "session.", 1)
    return beta.replace("response.", "response.output_", 1)


def _kept_beside_ga(lines: dict[int, str], number: int, text: str) -> bool:
    """Does the line quote beta event names whose GA names are quoted on it or
    next to it (`case "response.audio.delta": case "response.output_audio.delta":`)?
    A handler that takes both names is compatibility code kept on purpose (facts §9),
    not beta code: like a `Literal[...]` enumeration, it is no construct."""
    names = _BETA_EVENT.findall(text)
    near = "\n".join(lines.get(n, "") for n in range(number - _NEAR, number + _NEAR + 1))
    return bool(names) and all(re.search(r"""["']""" + re.escape(_ga_name(name)) + r"""["']""", near) for name in names)


def constructs(source: str) -> list[Construct]:
    found = []
    lines, enumerations = _code_lines(source)
    for number, text in lines.items():
        for kind, pattern in MARKERS:
            if pattern.search(_marked(kind, text)) and not (kind == "preview model" and number in enumerations) \
                    and not (kind == "event name" and _kept_beside_ga(lines, number, text)):
                found.append(Construct(number, kind, text.strip()[:100]))
    return found


def _js_without_comments(source: str, suffix: str) -> str:
    """``source`` with its comments blanked (their line breaks kept), as the parser finds them."""
    from rtmigrate.js.engine import _tree

    data = source.encode("utf-8")
    tree = _tree(data, suffix)
    if tree is None:
        return source
    spans = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "comment":
            spans.append((node.start_byte, node.end_byte))
        else:
            stack.extend(node.children)
    out = bytearray(data)
    for start, end in spans:
        out[start:end] = bytes(b if b == 0x0A else 0x20 for b in data[start:end])
    return out.decode("utf-8")


def js_constructs(source: str, suffix: str = ".ts") -> list[Construct]:
    """As :func:`constructs`, for JavaScript and TypeScript (comments aside)."""
    found = []
    if suffix.lower() not in (".html", ".htm"):
        source = _js_without_comments(source, suffix)
    lines = {number: _JS_COMMENT.sub("", text) for number, text in enumerate(source.splitlines(), start=1)}
    for number, text in lines.items():
        if text.lstrip().startswith(("*", "/*")):
            continue
        for kind, pattern in JS_MARKERS:
            if pattern.search(_marked(kind, text)) and not (kind == "event name" and _kept_beside_ga(lines, number, text)):
                found.append(Construct(number, kind, text.strip()[:100]))
    return found


def _js_parses(text: str, suffix: str) -> bool:
    from rtmigrate.js.engine import _tree

    tree = _tree(text.encode("utf-8"), suffix)
    return tree is None or not tree.root_node.has_error


def _changed_lines(old: str, new: str) -> set[int]:
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    changed: set[int] = set()
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            changed.update(range(i1 + 1, i2 + 1))
    return changed


def measure(folder: Path, unsafe: bool = True) -> list[FileResult]:
    settings = Settings()
    checked = check_paths([folder], settings, jobs=1)
    fixed = check_paths([folder], settings, fix=True, unsafe=unsafe, jobs=1)
    after = {outcome.path: outcome for outcome in fixed.files}
    results = []
    for outcome in checked.files:
        path = Path(outcome.path)
        js = path.suffix.lower() in JS_SUFFIXES
        if path.suffix != ".py" and not js:
            continue
        source = path.read_text(encoding="utf-8", errors="replace")
        result = FileResult(str(path.relative_to(folder)), js_constructs(source, path.suffix) if js else constructs(source))
        if outcome.error is not None:
            result.error = outcome.error.message
        new = after[outcome.path].new_text
        changed = _changed_lines(source, new) if new is not None else set()
        if new is not None and new != source:
            if js:
                result.parses_after_fix = _js_parses(new, path.suffix)
            else:
                try:
                    ast.parse(new)
                except SyntaxError:
                    result.parses_after_fix = False
        covered = {n for d in outcome.diagnostics for n in range(d.line, d.end_line + 1)}
        others = any(d.code in OTHER_PROVIDER_NOTES for d in outcome.diagnostics)
        spans = {} if js else statements(source)
        for construct in result.constructs:
            lines = range(spans[construct.line][0], spans[construct.line][1] + 1) if construct.line in spans else [construct.line]
            if construct.line in changed:
                construct.outcome = "fixed"
            elif others:
                construct.outcome = "other provider"
            elif any(line in covered for line in lines):
                construct.outcome = "reported"
        if result.constructs or result.error or not result.parses_after_fix:
            results.append(result)
    return results


OTHER_PROVIDER_NOTES = ("RT406", "RT407")
OUTCOMES = ("fixed", "reported", "missed", "other provider")


def summary(results: list[FileResult]) -> dict[str, int]:
    every = [c for r in results for c in r.constructs]
    counts = {outcome: sum(c.outcome == outcome for c in every) for outcome in OUTCOMES}
    reached = counts["fixed"] + counts["reported"]
    openai = reached + counts["missed"]
    return {
        "files": len(results),
        "constructs": len(every),
        **counts,
        "reached_percent": round(100 * reached / openai, 1) if openai else 100.0,
        "unparsable_after_fix": sum(not r.parses_after_fix for r in results),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--safe", action="store_true", help="count as fixed what `--fix` alone changes, with no unsafe fix")
    args = parser.parse_args(argv)
    results = measure(args.folder, unsafe=not args.safe)
    totals = summary(results)
    if args.json:
        print(json.dumps({"summary": totals, "files": [
            {"path": r.path, "error": r.error, "parses_after_fix": r.parses_after_fix,
             "constructs": [c.__dict__ for c in r.constructs]} for r in results]}, indent=2))
        return 0
    for r in results:
        counts = {o: sum(c.outcome == o for c in r.constructs) for o in OUTCOMES}
        flag = "" if r.parses_after_fix else "  DOES NOT PARSE AFTER FIX"
        other = f", {counts['other provider']} another provider's" if counts["other provider"] else ""
        print(f"{r.path}: {len(r.constructs)} constructs, {counts['fixed']} fixed, {counts['reported']} reported, "
              f"{counts['missed']} missed{other}{flag}" + (f"  ({r.error})" if r.error else ""))
    print(f"\n{totals['constructs']} constructs in {totals['files']} files: {totals['fixed']} fixed, "
          f"{totals['reported']} reported, {totals['missed']} missed: {totals['reached_percent']}% of OpenAI's reached; "
          f"{totals['other provider']} in code aimed at another provider, left alone; "
          f"{totals['unparsable_after_fix']} files do not parse after --fix --unsafe-fixes")
    missed = [(r.path, c) for r in results for c in r.constructs if c.outcome == "missed"]
    if missed:
        print("\nmissed:")
        for path, c in missed:
            print(f"  {path}:{c.line}: {c.kind}: {c.text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
