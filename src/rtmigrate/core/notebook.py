"""Jupyter notebooks: the code cells are checked and fixed as one module (so an
import in the first cell gives the last one Realtime context), and written back
with the notebook JSON unchanged apart from the edited cells.

Line magics and shell lines (`%time`, `!pip ...`, `?obj`) become placeholder
comments while the code is checked and come back unchanged; cells that start
with a cell magic (`%%bash`) are left out."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

BOUNDARY = "# rtmigrate:cell {}"
MAGIC = "# rtmigrate:magic {}"
_BOUNDARY = re.compile(r"^# rtmigrate:cell (\d+)\n?$")
_MAGIC = re.compile(r"^(\s*)# rtmigrate:magic (\d+)$")


class NotebookError(Exception):
    pass


@dataclass
class Cell:
    index: int  # position in nb["cells"]
    start: int  # first line of the cell's code in the joined module (1-based)
    lines: int


@dataclass
class Joined:
    notebook: dict
    source: str
    cells: list[Cell]
    magics: list[str]
    indent: int | None
    trailing_newline: bool

    def locate(self, line: int) -> tuple[int, int]:
        """(cell number as Jupyter counts code cells from 1, line in that cell)."""
        for number, cell in enumerate(self.cells, 1):
            if cell.start <= line < cell.start + max(cell.lines, 1):
                return number, line - cell.start + 1
        return 0, line


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def _is_magic(line: str) -> bool:
    stripped = line.lstrip()
    return stripped.startswith(("%", "!", "?")) or (stripped.rstrip().endswith("?") and not stripped.startswith("#"))


def is_python(notebook: dict) -> bool:
    """Is the notebook's language Python (or unstated)?"""
    metadata = notebook.get("metadata") if isinstance(notebook, dict) else None
    metadata = metadata if isinstance(metadata, dict) else {}
    language = (metadata.get("language_info") or {}).get("name") or (metadata.get("kernelspec") or {}).get("language")
    return language is None or str(language).lower() in ("python", "python3", "ipython")


def join(text: str) -> Joined:
    try:
        notebook = json.loads(text)
        cells = notebook["cells"]
    except (ValueError, KeyError, TypeError) as exc:
        raise NotebookError(f"not a notebook: {exc}") from None
    if not is_python(notebook):
        return Joined(notebook, "", [], [], None, text.endswith("\n"))  # a C# or R notebook: nothing to check
    indent_match = re.match(r"\{\s*\n( *)\"", text)
    indent = len(indent_match.group(1)) if indent_match else None
    parts: list[str] = []
    mapped: list[Cell] = []
    magics: list[str] = []
    line = 1
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        code = _text(cell.get("source", ""))
        if code.lstrip().startswith("%%"):
            continue
        out_lines = []
        for raw in code.split("\n"):
            if _is_magic(raw):
                out_lines.append(" " * (len(raw) - len(raw.lstrip())) + MAGIC.format(len(magics)))
                magics.append(raw)
            else:
                out_lines.append(raw)
        body = "\n".join(out_lines)
        parts.append(BOUNDARY.format(index) + "\n")
        line += 1
        mapped.append(Cell(index, line, body.count("\n") + 1))
        parts.append(body + ("\n" if not body.endswith("\n") else ""))
        line += body.count("\n") + (0 if body.endswith("\n") else 1)
    return Joined(notebook, "".join(parts), mapped, magics, indent, text.endswith("\n"))


def split(joined: Joined, new_source: str) -> str | None:
    """The notebook JSON with the fixed code put back; None if nothing changed."""
    cells: dict[int, list[str]] = {}
    current: int | None = None
    for raw in new_source.splitlines(keepends=True):
        boundary = _BOUNDARY.match(raw)
        if boundary:
            current = int(boundary.group(1))
            cells[current] = []
        elif current is not None:
            cells[current].append(raw)
    changed = False
    notebook = joined.notebook
    for cell in joined.cells:
        original = notebook["cells"][cell.index]
        old = _text(original.get("source", ""))
        body = "".join(cells.get(cell.index, []))
        if not old.endswith("\n") and body.endswith("\n"):
            body = body[:-1]

        def restore(match: re.Match[str]) -> str:
            return joined.magics[int(match.group(2))]

        body = "\n".join(_MAGIC.sub(restore, row) for row in body.split("\n"))
        if body != old:
            changed = True
            original["source"] = body.splitlines(keepends=True) if isinstance(original.get("source"), list) else body
    if not changed:
        return None
    text = json.dumps(notebook, indent=joined.indent, ensure_ascii=False)
    return text + ("\n" if joined.trailing_newline else "")
