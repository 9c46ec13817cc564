"""Write ``src/rtmigrate/core/tables/sdk_types.py`` from the installed ``openai`` package.

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
TARGET = ROOT / "src" / "rtmigrate" / "core" / "tables" / "sdk_types.py"
sys.path.insert(0, str(ROOT / "src"))

from rtmigrate.core.tables.sdk import (  # noqa: E402
    BETA_RESOURCES_MODULE,
    BETA_TYPES_MODULE,
    GA_RESOURCES_MODULE,
    GA_TYPES_MODULE,
    RENAMED_TYPES,
)


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


def _members(path: Path) -> dict[str, set[str]]:
    """Class name → the names its body defines (methods, properties, attributes)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names = {n.name for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
            names |= {t.id for n in node.body if isinstance(n, ast.AnnAssign) and isinstance(t := n.target, ast.Name)}
            out[node.name] = names
    return out


def build_resources() -> dict[str, dict[str, tuple[str, str] | None]]:
    """Beta resource module → public name → (GA module, name) where GA has the same
    module and name, and every member the beta class has that GA's has too."""
    beta_dir, ga_dir = _package_dir(BETA_RESOURCES_MODULE), _package_dir(GA_RESOURCES_MODULE)
    beta, ga = _modules(beta_dir), _modules(ga_dir)
    table: dict[str, dict[str, tuple[str, str] | None]] = {}
    for module, names in sorted(beta.items()):
        rows: dict[str, tuple[str, str] | None] = {}
        ga_members = _members(ga_dir / f"{module or '__init__'}.py") if module in ga else {}
        for name in sorted(names):
            rows[name] = (module, name) if module in ga and name in ga[module] else None
        table[module] = rows
        for cls, members in sorted(ga_members.items()):
            MEMBERS[f"{module}.{cls}"] = members
    return table


MEMBERS: dict[str, set[str]] = {}


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


def _table(table: dict[str, dict[str, tuple[str, str] | None]]) -> str:
    lines = ["{"]
    for module, rows in table.items():
        lines.append(f"    {module!r}: {{")
        lines.extend(f"        {name!r}: {target!r}," for name, target in rows.items())
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines)


def render(table: dict[str, dict[str, tuple[str, str] | None]]) -> str:
    import openai

    body = _table(table)
    resources = _table(build_resources())
    members = "\n".join(["{", *(f"    {k!r}: {tuple(sorted(v))!r}," for k, v in sorted(MEMBERS.items())), "}"])
    return (
        f'"""Generated from openai=={openai.__version__} by scripts/generate_sdk_types.py; do not edit.\n\n'
        "Beta module (relative to openai.types.beta.realtime, '' for the package) → public name →\n"
        "(GA module relative to openai.types.realtime, GA name), or None where GA has no counterpart.\n"
        '"""\n\n'
        "from __future__ import annotations\n\n"
        f"BETA_TYPES: dict[str, dict[str, tuple[str, str] | None]] = {body}\n\n"
        "# The same for the beta resources (relative to openai.resources.beta.realtime → openai.resources.realtime).\n"
        f"BETA_RESOURCES: dict[str, dict[str, tuple[str, str] | None]] = {resources}\n\n"
        "# GA resource class (module.Class) → the members its body defines.\n"
        f"GA_RESOURCE_MEMBERS: dict[str, tuple[str, ...]] = {members}\n"
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
