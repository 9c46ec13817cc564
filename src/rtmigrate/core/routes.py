"""A key route and the pages that read it: where an app's own server mints an
ephemeral key and hands the answer on whole (`res.json(data)`), and pages of
the same project fetch that route and read the key out of it
(`data.client_secret.value`).

Neither side can move to GA alone: a GA answer read where the beta put the
key, or a beta answer read where GA puts it, loses the key. Both move
together, as safe fixes, where every module of the project that names the
route's path is one of them: the one route that serves it, and pages that
read nothing of its answer but the key. A module that names the path and is
neither (a test that calls the route, a page of another framework, a
second server) keeps both sides unsafe. The modules are found by reading
(never running) the project's files: `Routes`; each side is judged by its
own language's rules, which leave a tag (`SERVE`, `READ`) saying what they
found."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .project import PACKAGE_ROOTS

if TYPE_CHECKING:
    from .diagnostics import Diagnostic

# What a rule leaves behind. `serve:/token`: a route registered at a path it
# names (`app.get("/token", ...)`); `serve:`: the handler a file exports, served
# where the file lies (Next.js: `app/api/session/route.ts`); `read:/token`: a
# page's fetch of the path whose answer it reads only the key of.
SERVE = "serve:"
READ = "read:"
# `kept:/token`: a page's read of the route's key that stays where the beta put
# it (its module is held to the beta, or the read is suppressed). The route may
# not move then: its answer would lose the key the page reads.
KEPT = "kept:"
# `near:/token`: a page's read of the key of what it fetches from `/token`, where
# the answer goes through code the pairing does not follow (`JSON.parse(text)`):
# it never moves with the route, and keeps it where the read stays beta.
NEAR = "near:"
# `hands:/token` (or `hands:`, served where the file lies): a route that hands its
# answer on, whatever else it does with it. It never pairs; a page that keeps
# its read beta keeps it too.
HANDS = "hands:"
# What the route's rule is told where a page keeps its read: the reason it gives.
KEPT_READER = "a page of this project reads the key this route hands on where the beta put it, and that read is not fixed"


def handing(tag: str | None) -> str | None:
    """The `hands:` tag of a route, from its `serve:` tag."""
    return HANDS + tag[len(SERVE):] if tag is not None and tag.startswith(SERVE) else None


def held(tag: str) -> str:
    """The tag a route's rule is given (`core.project`'s `paired`) where a page of the
    route keeps its read of the key beta: the route's own tag, marked."""
    return "held:" + tag

# The files a project's pages and servers may be written in: any that names a
# route's path is one of its readers, or keeps the route's fix unsafe.
_CODE_SUFFIXES = frozenset({
    ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".html", ".htm", ".vue", ".svelte", ".astro",
    ".py", ".pyi", ".ipynb", ".swift", ".kt", ".java", ".dart", ".go", ".rb", ".cs", ".php", ".rs",
})
# Folders of what is built or installed from the project's own code: never read.
_SKIPPED = frozenset({
    "node_modules", ".git", ".next", ".nuxt", ".output", ".svelte-kit", ".turbo", ".vercel", "dist", "build", "out",
    ".venv", "venv", "__pycache__", "coverage", ".rtmigrate_cache",
})
MAX_FILES = 5000  # a project with more files than this is not searched: no route of it is paired
MAX_BYTES = 8_000_000  # nor one with a file this large to read
_LOCAL = re.compile(r"^https?://(?:localhost|127\.0\.0\.1|0\.0\.0\.0)(?::\d+)?(?=/)")
_SEGMENT = re.compile(r"^[\w.-]+$")


def pairs_of(tagged: dict[tuple[str, int], list[tuple[str, int, int]]], made: list[tuple[str, int]], diagnostics: "list[Diagnostic]") -> list[str]:
    """What a file is of key routes: a tag for each request whose reports (``tagged``:
    tag → where each kept report is, as `(code, line, column)`; ``made``: every
    report's tag) are all kept as findings with a fix (not suppressed, not left
    unfixed for mixed evidence); and `kept:<path>` for a page's read of a route
    that is not."""
    fixed = {(d.code, d.line, d.column) for d in diagnostics if d.fix is not None}
    moving = {key[0] for key, where in tagged.items() if made.count(key) == len(where) and all(w in fixed for w in where)}
    # a page's read of a key route that stays beta, kept or suppressed: `kept:<path>`
    kept = {KEPT + key[0].partition(":")[2] for key in set(made) if key[0].startswith((READ, NEAR)) and key[0] not in moving}
    moving = {tag for tag in moving if not tag.startswith(NEAR)}
    return sorted(moving | kept)


def own_path(url: str) -> str | None:
    """The path of the app's own server a page fetches, as written: `/token`,
    `/api/token?theme=...`, `http://localhost:3001/api/session` → its path
    (`/token`, `/api/token`, `/api/session`); None for anything else (another
    host, a URL built from a name, a path with a value in it)."""
    url = _LOCAL.sub("", url, count=1)
    path = url.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/") or path.startswith("//") or "${" in path:
        return None
    path = path.rstrip("/")
    return path if path and all(_SEGMENT.match(s) for s in path[1:].split("/")) else None


def served_at(path: Path, root: Path) -> str | None:
    """The path a file's exported handlers are served at, by the layout of the
    app it belongs to (the nearest folder with a `package.json` at or below
    ``root``): Next.js's `app/api/session/route.ts` (route groups `(name)`
    left out) and `pages/api/session.ts`, either under `src/`, and Vercel's
    `api/session.ts`; None for any other file or a path with a value in it
    (`[id]`) or a private folder (`_lib`)."""
    stem, suffix = os.path.splitext(path.name)
    if suffix not in (".js", ".mjs", ".ts", ".mts", ".jsx", ".tsx") or not any(p in ("app", "pages", "api") for p in path.parts):
        return None
    base = next((folder for folder in path.parents if (folder / "package.json").is_file() or folder == root), root)
    try:
        parts = list(path.relative_to(base).parts)
    except ValueError:
        return None
    if parts[:1] == ["api"] and len(parts) >= 2:  # a Vercel function
        segments = ["api", *parts[1:-1]] + ([] if stem == "index" else [stem])
        return "/" + "/".join(segments) if all(_SEGMENT.match(s) and not s.startswith(("_", "@")) for s in segments) else None
    if parts[:1] == ["src"]:
        parts = parts[1:]
    if len(parts) < 2 or parts[0] not in ("app", "pages"):
        return None
    if parts[0] == "app":
        if stem != "route":
            return None
        segments = [s for s in parts[1:-1] if not (s.startswith("(") and s.endswith(")"))]
    else:
        if parts[1:2] != ["api"]:
            return None
        segments = parts[1:-1] + ([] if stem == "index" else [stem])
    if not segments or any(not _SEGMENT.match(s) or s.startswith(("_", "@")) for s in segments):
        return None
    return "/" + "/".join(segments)


def mentions(text: str, route: str) -> int:
    """How often a module's text names a route's path (`"/token"`, `"/token?x=1"`,
    `"/token/refresh"`; not `"/tokens"`)."""
    return len(re.findall(re.escape(route) + r"(?![\w.-])", text))


def project_root(path: Path) -> Path | None:
    """The top of the project a module belongs to: its nearest folder with a
    manifest (`package.json`, `pyproject.toml`, ...), and above it while the
    folder above holds one too, up to a repository's top (`.git`)."""
    folder, root = path.parent, None
    for _ in range(12):
        if (folder / ".git").exists():
            return folder if root is not None or any((folder / m).is_file() for m in PACKAGE_ROOTS) else root
        if any((folder / m).is_file() for m in PACKAGE_ROOTS):
            root = folder
        elif root is not None:
            return root
        if folder.parent == folder:
            break
        folder = folder.parent
    return root


class Routes:
    """The code files of projects, read once each (per run)."""

    def __init__(self) -> None:
        self._texts: dict[Path, dict[Path, str] | None] = {}

    def files(self, root: Path) -> dict[Path, str] | None:
        """The code files under ``root`` and their texts; None where there are too many, or one too large."""
        if root not in self._texts:
            self._texts[root] = _read_all(root)
        return self._texts[root]

    def naming(self, root: Path, route: str) -> dict[Path, tuple[int, bool]] | None:
        """The files of the project that name ``route``, or serve it where they lie:
        file → (how often it names it, whether it serves it by its place). None: not known."""
        found = self.files(root)
        if found is None:
            return None
        out = {}
        for path, text in found.items():
            count, served = mentions(text, route), served_at(path, root) == route
            if count or served:
                out[path] = (count, served)
        return out


def _read_all(root: Path) -> dict[Path, str] | None:
    texts: dict[Path, str] = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED)
        for name in names:
            if os.path.splitext(name)[1].lower() not in _CODE_SUFFIXES:
                continue
            path = Path(folder) / name
            if len(texts) >= MAX_FILES:
                return None
            try:
                if path.stat().st_size > MAX_BYTES:
                    return None
                texts[path.resolve()] = path.read_bytes().decode("utf-8", errors="replace")
            except OSError:
                return None
    return texts
