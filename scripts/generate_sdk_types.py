"""Write ``src/rtmigrate/tables/sdk_types.py`` from the installed ``openai`` package.

Reads the source of ``openai.types.beta.realtime`` and ``openai.types.realtime``
(never executing user code) and records, for every public name of every beta
module, the GA module and name that replace it, or None where GA has none.

    python scripts/generate_sdk_types.py          # rewrite the table
    python scripts/generate_sdk_types.py --check  # exit 1 if it is out of date
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "rtmigrate" / "tables" / "sdk_types.py"
sys.path.insert(0, str(ROOT / "src"))

from rtmigrate.tables.sdk import BETA_TYPES_MODULE, GA_TYPES_MODULE, RENAMED_TYPES  # noqa: E402


def _package_dir(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{module} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _public_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.ImportFrom):
            # re-exports: `from .x import Y as Y`
            names.update(a.name for a in node.names if a.asname == a.name)
    return {n for n in names if not n.startswith("_")}


def _modules(package: Path) -> dict[str, set[str]]:
    out = {"": _public_names(package / "__init__.py")}
    for path in sorted(package.glob("*.py")):
        if path.name != "__init__.py":
            out[path.stem] = _public_names(path)
    return out


def build() -> dict[str, dict[str, tuple[str, str] | None]]:
    beta, ga = _modules(_package_dir(BETA_TYPES_MODULE)), _modules(_package_dir(GA_TYPES_MODULE))
    table: dict[str, dict[str, tuple[str, str] | None]] = {}
    for module, names in sorted(beta.items()):
        rows: dict[str, tuple[str, str] | None] = {}
        for name in sorted(names):
            if module in ga and name in ga[module]:
                rows[name] = (module, name)
            elif (renamed := RENAMED_TYPES.get(f"{module}.{name}", RENAMED_TYPES.get(name))) in ga[""]:
                rows[name] = ("", renamed)
            elif module == "" and name in ga:  # a submodule imported as a name
                rows[name] = ("", name)
            else:
                rows[name] = None
        table[module] = rows
    return table


def render(table: dict[str, dict[str, tuple[str, str] | None]]) -> str:
    import openai

    lines = ["{"]
    for module, rows in table.items():
        lines.append(f"    {module!r}: {{")
        lines.extend(f"        {name!r}: {target!r}," for name, target in rows.items())
        lines.append("    },")
    lines.append("}")
    body = "\n".join(lines)
    return (
        f'"""Generated from openai=={openai.__version__} by scripts/generate_sdk_types.py; do not edit.\n\n'
        "Beta module (relative to openai.types.beta.realtime, '' for the package) → public name →\n"
        "(GA module relative to openai.types.realtime, GA name), or None where GA has no counterpart.\n"
        '"""\n\n'
        "from __future__ import annotations\n\n"
        f"BETA_TYPES: dict[str, dict[str, tuple[str, str] | None]] = {body}\n"
    )


def main() -> int:
    text = render(build())
    if "--check" in sys.argv:
        if TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is out of date; run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
