"""Write ``src/rtmigrate/core/tables/sdk_types.py`` from the installed ``openai`` package.

Reads the source of ``openai.types.beta.realtime`` and ``openai.types.realtime``
(never executing user code) and records, for every public name of every beta
module, the GA module and name that replace it, or None where GA has none.
It then imports the pinned package itself to compare the classes: which GA
counterparts cannot be built as the beta class was (a union in GA, fields
GA lacks or needs), and which event types GA's event unions add.

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


def _model(module: str, name: str):
    import importlib

    return getattr(importlib.import_module(module), name, None)


def build_apart(table: dict[str, dict[str, tuple[str, str] | None]]) -> dict[tuple[str, str], str]:
    """(beta module, name) → why code that builds the beta class cannot build
    its GA counterpart the same way."""
    import inspect

    from pydantic import BaseModel

    out: dict[tuple[str, str], str] = {}
    for module, rows in table.items():
        for name, target in rows.items():
            if target is None:
                continue
            beta = _model(BETA_TYPES_MODULE + (f".{module}" if module else ""), name)
            ga = _model(GA_TYPES_MODULE + (f".{target[0]}" if target[0] else ""), target[1])
            if not (inspect.isclass(beta) and issubclass(beta, BaseModel)):
                continue
            if not (inspect.isclass(ga) and issubclass(ga, BaseModel)):
                out[(module, name)] = f"`{target[1]}` is a union of types in GA, not a class"
                continue
            gone = sorted(set(beta.model_fields) - set(ga.model_fields))
            needed = sorted(k for k, f in ga.model_fields.items() if f.is_required() and k not in beta.model_fields)
            why = [*([f"GA has no field {', '.join(f'`{k}`' for k in gone)}"] if gone else []),
                   *([f"GA needs {', '.join(f'`{k}`' for k in needed)}"] if needed else [])]
            if why:
                out[(module, name)] = "; ".join(why)
    return out


def _models(annotation) -> list:
    """The pydantic models an annotation names (through Optional, unions, lists)."""
    import inspect
    import types
    import typing

    from pydantic import BaseModel

    out, stack = [], [annotation]
    while stack:
        current = stack.pop()
        origin = typing.get_origin(current)
        if origin is typing.Annotated:
            stack.append(typing.get_args(current)[0])
        elif origin in (typing.Union, list, dict, tuple) or isinstance(current, types.UnionType):
            stack.extend(typing.get_args(current))
        elif inspect.isclass(current) and issubclass(current, BaseModel):
            out.append(current)
    return out


def _fits(beta, alternatives) -> bool:
    """Can data of the beta model be one of the GA models as it is?"""
    fields = set(beta.model_fields)
    return any(
        fields <= set(ga.model_fields) and {k for k, f in ga.model_fields.items() if f.is_required()} <= fields
        for ga in alternatives
    )


def build_nested(table: dict[str, dict[str, tuple[str, str] | None]]) -> dict[tuple[str, str], tuple[str, ...]]:
    """(beta module, name) → the fields whose model GA shaped otherwise, for classes
    GA keeps under their name (`SessionUpdateEvent.session`: GA's needs a `type`)."""
    import inspect

    from pydantic import BaseModel

    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for module, rows in table.items():
        for name, target in rows.items():
            if target is None or target[1] != name:
                continue
            beta = _model(BETA_TYPES_MODULE + (f".{module}" if module else ""), name)
            ga = _model(GA_TYPES_MODULE + (f".{target[0]}" if target[0] else ""), target[1])
            if not all(inspect.isclass(c) and issubclass(c, BaseModel) for c in (beta, ga)):
                continue
            apart = [
                field for field, info in beta.model_fields.items() if field in ga.model_fields
                and (inner := _models(info.annotation))
                and not all(_fits(b, _models(ga.model_fields[field].annotation)) for b in inner)
            ]
            if apart:
                out[(module, name)] = tuple(apart)
    return out


def _event_types(union) -> dict[str, tuple[str, ...]]:
    """Event type → field names, for each member of an (annotated) union of event classes."""
    import typing

    while typing.get_origin(union) is typing.Annotated:
        union = typing.get_args(union)[0]
    out = {}
    for member in typing.get_args(union):
        literal = member.model_fields["type"].annotation
        for value in typing.get_args(literal):
            out[value] = tuple(sorted(member.model_fields))
    return out


UNIONS = ("RealtimeServerEvent", "RealtimeClientEvent")


def build_added() -> dict[str, dict[str, tuple[str, ...]]]:
    """Union name → the event types GA's union has and the beta one lacks → their GA fields."""
    out = {}
    for name in UNIONS:
        beta = _event_types(_model(BETA_TYPES_MODULE, name))
        ga = _event_types(_model(GA_TYPES_MODULE, name))
        out[name] = {event: fields for event, fields in sorted(ga.items()) if event not in beta}
    return out


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
    apart = "\n".join(["{", *(f"    {k!r}: {v!r}," for k, v in sorted(build_apart(table).items())), "}"])
    nested = "\n".join(["{", *(f"    {k!r}: {v!r}," for k, v in sorted(build_nested(table).items())), "}"])
    added = "\n".join(["{", *(
        f"    {union!r}: {{\n" + "".join(f"        {event!r}: {fields!r},\n" for event, fields in events.items()) + "    },"
        for union, events in build_added().items()
    ), "}"])
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
        f"GA_RESOURCE_MEMBERS: dict[str, tuple[str, ...]] = {members}\n\n"
        "# (beta module, name) → why code that builds the beta class cannot build its GA counterpart alike.\n"
        f"BUILT_APART: dict[tuple[str, str], str] = {apart}\n\n"
        "# (beta module, name) → the fields whose model GA shaped otherwise, where GA keeps the class's name.\n"
        f"NESTED_APART: dict[tuple[str, str], tuple[str, ...]] = {nested}\n\n"
        "# Union of events → the event types the GA union adds → their fields.\n"
        f"UNION_ADDED: dict[str, dict[str, tuple[str, ...]]] = {added}\n"
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
