"""Which beta types a module keeps, decided once from Python's own parse of it,
for the rule that moves type imports (RT202) and for the project's reading of
a neighbour: the two must agree, or a test's `isinstance` meets an object of
the other namespace.

A beta type *stays* where GA has no counterpart, where GA renamed it and the
module builds it (called, or `.model_validate(...)` and the like), or where
the module builds it and GA's cannot be built alike (`BUILT_APART`: a union in
GA, fields GA lacks or needs; for a union, an `isinstance` test counts too).
So does a class GA keeps by name whose nested field GA shaped otherwise
(`SessionUpdateEvent.session`: GA's needs a `type`), where the module
builds it with that field from data it does not show (a name, `**kwargs`).
A type built from an object of one that stays and is built here (a call of
it among the arguments, or of a function of the module that makes one)
stays with it: a GA class cannot be given a beta object. A module that
imports one which keeps built types keeps those names as well.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..tables.sdk import BETA_TYPES_MODULE
from ..tables.sdk_types import BETA_TYPES, BUILT_APART, NESTED_APART


@dataclass
class Kept:
    imported: dict[str, tuple[str, str]] = field(default_factory=dict)  # local name → (beta module, name)
    stay: dict[str, str] = field(default_factory=dict)  # local name → why it stays (built, and apart or renamed)
    beside: dict[str, list[str]] = field(default_factory=dict)  # local name → the staying types it is built from

    def names(self) -> tuple[str, ...]:
        """The beta names (as the package spells them) of the types kept and built here."""
        return tuple(sorted({self.imported[local][1] for local in (*self.stay, *self.beside)}))


def kept_types(tree: ast.Module) -> Kept:
    imported: dict[str, tuple[str, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module is not None:
            if node.module == BETA_TYPES_MODULE or node.module.startswith(BETA_TYPES_MODULE + "."):
                sub = node.module[len(BETA_TYPES_MODULE) + 1 :]
                for alias in node.names:
                    if alias.name != "*":
                        imported[alias.asname or alias.name] = (sub, alias.name)
    out = Kept(imported)
    if not imported:
        return out
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    built = {name for call in calls if (name := _maker(call.func)) is not None}
    tested = {
        _name(n) for call in calls
        if isinstance(call.func, ast.Name) and call.func.id in ("isinstance", "issubclass") and len(call.args) == 2
        for n in (call.args[1], *getattr(call.args[1], "elts", ()))
    }
    for local, (sub, name) in imported.items():
        target = BETA_TYPES.get(sub, {}).get(name)
        apart = BUILT_APART.get((sub, name))
        if local in built and target is None:
            out.stay[local] = "GA has no counterpart"
        elif target is not None and target[1] != name and local in built:
            out.stay[local] = f"`{name}` is `{target[1]}` in GA"
        elif apart is not None and (local in built or ("union" in apart and local in tested)):
            out.stay[local] = apart
    # a class GA keeps by name, but whose nested field GA shaped otherwise, built with
    # that field from data this module cannot see (a name, `**kwargs`): GA's would refuse it
    for call in calls:
        local = _maker(call.func)
        if local is None or local not in imported or local in out.stay or not isinstance(call.func, ast.Name):
            continue
        fields = NESTED_APART.get(imported[local])
        if not fields:
            continue
        given = {k.arg: k.value for k in call.keywords}
        opaque = [f for f in fields if f in given and not isinstance(given[f], (ast.Dict, ast.Constant))]
        if opaque or (None in given and not all(f in given for f in fields)):
            shown = opaque[0] if opaque else fields[0]
            out.stay[local] = f"its `{shown}` comes from data this file does not show, and GA shapes `{shown}` otherwise"
    if not out.stay:
        return out
    # what holds an object of a staying type: the module's functions that make one,
    # and the names bound to one (anywhere in the module: a name is a name)
    makers = {
        f.name for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
        and any(isinstance(c, ast.Call) and _maker(c.func) in out.stay for c in ast.walk(f))
    }
    holders: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            made = [m for c in ast.walk(node.value) if isinstance(c, ast.Call) and ((m := _maker(c.func)) in out.stay or _name(c.func) in makers)]
            if made:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                holders.update({t.id: made[0] for t in targets if isinstance(t, ast.Name)})
    for call in calls:
        local = _maker(call.func)
        if local is None or local not in imported or local in out.stay:
            continue
        sources = set()
        for arg in (*call.args, *(k.value for k in call.keywords)):
            for inner in ast.walk(arg):
                if isinstance(inner, ast.Call) and ((made := _maker(inner.func)) in out.stay or _name(inner.func) in makers):
                    sources.add(made if made in out.stay else _name(inner.func))
                elif isinstance(inner, ast.Name) and inner.id in holders:
                    sources.add(holders[inner.id])
        sources = sorted(sources)
        if sources:
            out.beside.setdefault(local, [])
            out.beside[local] = sorted({*out.beside[local], *sources})
    return out


def kept_in_text(text: str) -> tuple[str, ...]:
    """The beta type names a module's text keeps and builds (see the module's doc)."""
    if BETA_TYPES_MODULE not in text:
        return ()
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ()
    return kept_types(tree).names()


def _name(node: ast.AST) -> str | None:
    """`Name` or `obj.method`'s last part."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _maker(func: ast.AST) -> str | None:
    """The class a call makes an object of: `Name(...)` or `Name.model_validate(...)`."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id
    return None
