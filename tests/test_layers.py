"""The package's imports follow its floors (docs/architecture.md).

From the bottom up: the shared core (and, inside it, the tables of facts,
which read nothing but the fix-safety names), then one front end per
language, then the one entry (``api``, and ``catalog`` for the rules'
listing), then the surfaces (CLI, language server, report formats). A module
imports from its own floor or below, never from above, and a front end never
from the other one. Lazy imports inside functions count the same.
Module-level imports also form no circle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "rtmigrate"

# who may import whom: a module's room → the rooms it may read
ROOMS = {
    "_version": set(),
    "core.tables": {"core.tables", "core.diagnostics"},
    "core": {"core", "core.tables", "_version"},
    "python": {"python", "core", "core.tables"},
    "js": {"js", "core", "core.tables"},
    "conf": {"conf", "core", "core.tables"},
    "catalog": {"catalog", "python", "js", "conf", "core"},
    "api": {"api", "python", "js", "conf", "core", "core.tables"},
    "surface": {"surface", "api", "catalog", "core", "core.tables", "_version"},
}


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def room(module: str) -> str:
    inner = module.split(".")[1:]
    if inner[:2] == ["core", "tables"]:
        return "core.tables"
    if inner and inner[0] in ("core", "python", "js", "conf", "catalog", "api", "_version"):
        return inner[0]
    return "surface"  # the package itself, __main__, cli, server, report


def imports(module: str, path: Path, known: dict[str, Path]) -> list[tuple[str, bool]]:
    """(imported module, at module level) for every import of rtmigrate's own modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    top_level = {id(node) for node in tree.body}
    checking = {id(n) for node in tree.body if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [f"{target}.{alias.name}" for alias in node.names]
            targets = [n for n in names if n in known] or [target]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            continue
        for target in targets:
            if target.split(".")[0] == "rtmigrate" and target in known:
                out.append((target, id(node) in top_level and id(node) not in checking))
    return out


KNOWN = modules()


@pytest.mark.parametrize("module", sorted(KNOWN))
def test_imports_follow_the_floors(module):
    allowed = ROOMS[room(module)]
    wrong = [
        target for target, _ in imports(module, KNOWN[module], KNOWN)
        if room(target) not in allowed and target.removeprefix("rtmigrate.") not in allowed
    ]
    assert not wrong, f"{module} ({room(module)}) imports {wrong}"


def test_module_level_imports_form_no_circle():
    graph = {m: {t for t, top in imports(m, p, KNOWN) if top and t != m} for m, p in KNOWN.items()}
    seen: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        seen[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in seen and (circle := visit(nxt)):
                return circle
        path.pop()
        seen[node] = 2
        return None

    for start in sorted(graph):
        if start not in seen and (circle := visit(start)):
            pytest.fail(" → ".join(circle))


def test_the_layers_test_sees_a_wrong_import(tmp_path):
    """The checker itself: a core module reading a front end is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("from ..python.engine import analyze\n")
    found = imports("rtmigrate.core.bad", bad, {**KNOWN, "rtmigrate.core.bad": bad})
    assert [(t, room(t)) for t, _ in found] == [("rtmigrate.python.engine", "python")]
    assert room("rtmigrate.python.engine") not in ROOMS["core"]
