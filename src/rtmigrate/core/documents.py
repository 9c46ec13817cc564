"""Code blocks in documentation: the fenced blocks of Markdown (found with
markdown-it-py) and the `code-block::` directives of reStructuredText.

A block is checked and fixed as a file of its language; its findings are
placed at the document's own lines and columns, and its fixed code is put
back with the block's indentation, so every byte outside an edited block is
kept. A block preceded by `<!-- rtmigrate: ignore -->` (Markdown) or
`.. rtmigrate: ignore` (reStructuredText) is skipped: a migration guide's
"before" blocks are beta on purpose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOC_SUFFIXES = (".md", ".markdown", ".rst")
# a block's info string (its first word) → the suffix its code is read as
LANGUAGES = {
    "python": ".py", "py": ".py", "python3": ".py", "py3": ".py",
    "javascript": ".js", "js": ".js", "mjs": ".mjs", "jsx": ".jsx", "node": ".js",
    "typescript": ".ts", "ts": ".ts", "tsx": ".tsx",
    # shell, HTTP and configuration blocks, read by the configuration front end
    "bash": ".sh", "sh": ".sh", "shell": ".sh", "console": ".sh", "zsh": ".sh", "shell-session": ".sh",
    "http": ".http", "yaml": ".yaml", "yml": ".yaml", "toml": ".toml", "dotenv": ".env", "env": ".env",
    "dockerfile": ".dockerfile", "json": ".json",
}
IGNORE = re.compile(r"rtmigrate:\s*ignore\b", re.IGNORECASE)
_RST_DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\.\.[ \t]+(?:code-block|code|sourcecode)::[ \t]*(?P<lang>[\w+-]+)[ \t]*$")
_RST_IGNORE = re.compile(r"^[ \t]*\.\.[ \t]+rtmigrate:\s*ignore\b", re.IGNORECASE)


@dataclass(frozen=True)
class Block:
    first_line: int  # the document's line (from 1) of the block's first line of code
    start: int  # offsets in the document's text of the code lines (their whole lines)
    end: int
    indent: str  # what every line of code is indented by in the document
    code: str  # the code, without that indentation
    suffix: str  # the language, as a file suffix
    ignored: bool


def _lines(text: str) -> tuple[list[str], list[int]]:
    lines = text.splitlines(keepends=True)
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line)
    starts.append(at)
    return lines, starts


def _dedent(lines: list[str], indent: str) -> str | None:
    out = []
    for line in lines:
        if line.startswith(indent):
            out.append(line[len(indent):])
        elif not line.strip():
            out.append(line.lstrip(" \t"))
        else:
            return None
    return "".join(out)


def blocks(text: str, suffix: str) -> list[Block]:
    """The code blocks of a document in a language rtmigrate reads."""
    return _rst_blocks(text) if suffix.lower() == ".rst" else _markdown_blocks(text)


def _markdown_blocks(text: str) -> list[Block]:
    from markdown_it import MarkdownIt

    lines, starts = _lines(text)
    tokens = MarkdownIt("commonmark").parse(text)
    found = []
    for i, token in enumerate(tokens):
        if token.type != "fence" or token.map is None:
            continue
        language = LANGUAGES.get((token.info.split() or [""])[0].lower())
        if language is None:
            continue
        opening, after = token.map
        closed = after - 1 > opening and lines[after - 1].strip().startswith(token.markup)
        body = lines[opening + 1 : after - 1 if closed else after]
        indent = lines[opening][: len(lines[opening]) - len(lines[opening].lstrip(" \t"))]
        code = _dedent(body, indent)
        if code is None or code != token.content:  # not a block whose bytes map one to one: leave it
            continue
        ignored = any(
            t.type == "html_block" and t.map is not None and IGNORE.search(t.content)
            and all(not line.strip() for line in lines[t.map[1] : opening])
            for t in tokens[max(0, i - 3) : i]
        )
        found.append(Block(opening + 2, starts[opening + 1], starts[opening + 1 + len(body)], indent, code, language, ignored))
    return found


def _rst_blocks(text: str) -> list[Block]:
    lines, starts = _lines(text)
    found = []
    i = 0
    while i < len(lines):
        match = _RST_DIRECTIVE.match(lines[i].rstrip("\r\n"))
        language = LANGUAGES.get(match.group("lang").lower()) if match else None
        if match is None or language is None:
            i += 1
            continue
        base = len(match.group("indent"))
        previous = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), "")
        j = i + 1
        while j < len(lines) and lines[j].strip().startswith(":") and _width(lines[j]) > base:
            j += 1  # the directive's options
        while j < len(lines) and not lines[j].strip():
            j += 1
        first = j
        while j < len(lines) and (not lines[j].strip() or _width(lines[j]) > base):
            j += 1
        last = j
        while last > first and not lines[last - 1].strip():
            last -= 1
        if last > first:
            indent = lines[first][: _width(lines[first])]
            code = _dedent(lines[first:last], indent)
            if code is not None:
                found.append(Block(first + 1, starts[first], starts[last], indent, code, language, bool(_RST_IGNORE.match(previous))))
        i = max(j, i + 1)
    return found


def _width(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def indented(code: str, indent: str) -> str:
    """``code`` with ``indent`` before every line that holds something."""
    return "".join(indent + line if line.strip() else line for line in code.splitlines(keepends=True))


def replaced(text: str, new_code: dict[Block, str]) -> str:
    """The document with each block's code replaced (its indentation put back)."""
    out, at = [], 0
    for block in sorted(new_code, key=lambda b: b.start):
        out.append(text[at : block.start])
        out.append(indented(new_code[block], block.indent))
        at = block.end
    out.append(text[at:])
    return "".join(out)


# Inline code in prose: Markdown's `code` (one backtick run), reStructuredText's ``code``.
_MD_INLINE = re.compile(r"(?<!`)`(?!`)([^`\n]+)`(?!`)")
_RST_INLINE = re.compile(r"``([^`\n]+)``")


def inline_code(text: str, suffix: str) -> list[tuple[int, str]]:
    """(offset, content) of the inline code in a document's prose: outside its code blocks."""
    lines, starts = _lines(text)
    pattern = _RST_INLINE if suffix.lower() == ".rst" else _MD_INLINE
    in_fence: str | None = None
    found = []
    for line, start in zip(lines, starts):
        stripped = line.strip()
        if suffix.lower() != ".rst" and stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            in_fence = None if in_fence == marker else (in_fence or marker)
            continue
        if in_fence is not None or line.startswith(("    ", "\t")):
            continue
        found += [(start + m.start(1), m.group(1)) for m in pattern.finditer(line)]
    return found
