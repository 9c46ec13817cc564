"""Does `--fix` leave a TypeScript app type-checking where it did before?

    python scripts/typecheck_after_fix.py DIR NPM_DIR            # safe fixes
    python scripts/typecheck_after_fix.py DIR NPM_DIR --unsafe   # and unsafe ones

DIR is an app's folder (never changed: it is copied twice); NPM_DIR holds
`typescript` and the `openai` package (as the tests' npm folder does, with
`RTMIGRATE_NPM_DIR`). Both copies are type-checked with the same options,
the app's own `node_modules` absent, so an import of a package that is not in
NPM_DIR fails alike before and after. Errors are compared by file, code and
message (not position: a fix moves lines); what only the fixed copy has is
printed, and the exit status is 1 when there is any.
"""

from __future__ import annotations

import argparse
import collections
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rtmigrate import Settings  # noqa: E402
from rtmigrate.api import check_paths  # noqa: E402

OPTIONS = (
    "--noEmit", "--skipLibCheck", "--strict", "--jsx", "react-jsx", "--esModuleInterop", "--moduleResolution", "node",
    "--module", "esnext", "--target", "es2022",
)
_ERROR = re.compile(r"^(?P<file>[^(\n]+)\(\d+,\d+\): error (?P<code>TS\d+): (?P<message>.*)$", re.MULTILINE)
_SKIPPED = ("node_modules", ".next", "dist", "build")


def _sources(folder: Path) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*")
        if p.suffix in (".ts", ".tsx") and not p.name.endswith(".d.ts") and not set(p.relative_to(folder).parts) & set(_SKIPPED)
    )


def errors(folder: Path, npm: Path) -> collections.Counter[tuple[str, str, str]]:
    link = folder / "node_modules"
    if not link.exists():
        link.symlink_to(npm / "node_modules", target_is_directory=True)
    compiler = npm / "node_modules" / "typescript" / "bin" / "tsc"
    done = subprocess.run(
        ["node", str(compiler), *OPTIONS, "--typeRoots", str(npm / "node_modules" / "@types"), *_sources(folder)],
        cwd=folder, capture_output=True, text=True, timeout=1800,
    )
    # a message may name a file by its absolute path: the copy's own folder is left out
    return collections.Counter((m["file"], m["code"], m["message"].replace(str(folder), "")) for m in _ERROR.finditer(done.stdout))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("npm", type=Path)
    parser.add_argument("--unsafe", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        before, after = Path(tmp) / "before", Path(tmp) / "after"
        ignore = shutil.ignore_patterns(*_SKIPPED)
        shutil.copytree(args.folder, before, ignore=ignore, symlinks=True)
        shutil.copytree(args.folder, after, ignore=ignore, symlinks=True)
        check_paths([after], Settings(), fix=True, unsafe=args.unsafe, write=True)
        old, new = errors(before, args.npm), errors(after, args.npm)
    added = new - old
    print(f"{sum(old.values())} errors before, {sum(new.values())} after; {sum(added.values())} only after the fix")
    for (file, code, message), count in sorted(added.items()):
        print(f"  {file}: {code} {message}" + (f" (x{count})" if count > 1 else ""))
    return 1 if added else 0


if __name__ == "__main__":
    raise SystemExit(main())
