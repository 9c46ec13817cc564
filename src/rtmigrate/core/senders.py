"""A Python module's *senders*: its functions and classes that send, as a Realtime
config, what a caller gives them, and do nothing else with it.

- a function: `def configure(ws, session): await ws.send(json.dumps({"type":
  "session.update", "session": session}))`, or `conn.session.update(session=session)`;
- a class: `def __init__(self, url, session_config=None): self.session_config =
  session_config or {}`, sent by one of its methods as `{"type": "session.update",
  "session": self.session_config}`.

A caller's argument there is a config of that kind, in the module or in another
that imports the sender by name (`core.project` keeps the senders as a module's
fact). The sender must only send the value, or test whether it is there (`if
session:`): a read, a write or a pass to anything else could meet a key the fix
moves where the caller cannot see it, so the function or class is no sender.

Read with Python's own parser (`ast`), which the project's facts and the module's
own rules share.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from .tables.session import CONNECTION_CALLS, PAYLOAD_EVENTS

# text a sender's module must hold (cheap tests before the parse): an event that carries
# a config, and a config given by a name (`"session": session`, `session=self.config`)
MARKERS = ("session.update", "response.create", "transcription_session.update")
_NAMED = re.compile(r"""["'](?:session|response)["']\s*:\s*(?:self\.)?[A-Za-z_]\w*\s*[,}\n]|\b(?:session|response)\s*=\s*(?:self\.)?[A-Za-z_]\w*\s*[,)\n]""")


@dataclass(frozen=True)
class Sender:
    name: str  # the function or class a caller calls
    index: int | None  # the parameter's place among the positional arguments a caller writes (None: keyword-only)
    param: str
    kind: str  # "realtime", "transcription" or "response"
    attribute: str | None = None  # a class: the attribute of `self` that keeps it
    tested: bool = False  # it sends the value only where it holds something (`if session:`)

    def fact(self) -> str:
        """As a module's facts keep it: `name:index:param:kind:t:attribute` (empty where none)."""
        return f"{self.name}:{'' if self.index is None else self.index}:{self.param}:{self.kind}:{'t' if self.tested else ''}:{self.attribute or ''}"


def from_fact(text: str) -> Sender:
    name, index, param, kind, tested, attribute = text.split(":")
    return Sender(name, int(index) if index else None, param, kind, attribute or None, tested == "t")


def senders_in_text(text: str) -> tuple[str, ...]:
    """The senders of a module's text, as facts (`name:index:param:kind`)."""
    if not any(marker in text for marker in MARKERS) or not _NAMED.search(text):
        return ()
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ()
    return tuple(s.fact() for s in senders(tree))


def senders(tree: ast.Module, functions: bool = True) -> list[Sender]:
    """The module's senders (with ``functions`` false, its classes only). Only a top-level
    function or class that sends a name or an attribute of `self` is looked at closely."""
    found: list[Sender] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and functions and _carries(node):
            found.extend(_function(node))
        elif isinstance(node, ast.ClassDef) and _carries(node):
            found.extend(_class(node))
    return found


def _carries(root: ast.AST) -> bool:
    """Does a payload or a connection call under ``root`` carry a config given by a name
    (`"session": session`, `session=self.config`)?"""
    for node in ast.walk(root):
        if isinstance(node, ast.Dict):
            if any(isinstance(k, ast.Constant) and k.value == "type" and isinstance(v, ast.Constant) and v.value in PAYLOAD_EVENTS
                   for k, v in zip(node.keys, node.values)):
                if any(isinstance(v, (ast.Name, ast.Attribute)) for v in node.values):
                    return True
        elif isinstance(node, ast.keyword) and node.arg in ("session", "response") and isinstance(node.value, (ast.Name, ast.Attribute)):
            return True
    return False


def _places(function: ast.FunctionDef | ast.AsyncFunctionDef, method: bool) -> dict[str, int | None]:
    params = list(function.args.posonlyargs) + list(function.args.args)
    if method and params:
        params = params[1:]
    places: dict[str, int | None] = {p.arg: i for i, p in enumerate(params)}
    places.update({p.arg: None for p in function.args.kwonlyargs})
    return places


def _parents(root: ast.AST) -> dict[int, ast.AST]:
    return {id(child): node for node in ast.walk(root) for child in ast.iter_child_nodes(node)}


def _sent(node: ast.AST, parents: dict[int, ast.AST]) -> str | None:
    """The kind of config ``node`` is sent as: the config of a payload dict
    (`{"type": "session.update", "session": node}`) or of a connection call
    (`conn.session.update(session=node)`); None for any other use."""
    parent = parents.get(id(node))
    if isinstance(parent, ast.Dict) and node in parent.values:
        key = parent.keys[parent.values.index(node)]
        event = next((v.value for k, v in zip(parent.keys, parent.values)
                      if isinstance(k, ast.Constant) and k.value == "type" and isinstance(v, ast.Constant)), None)
        row = PAYLOAD_EVENTS.get(event) if isinstance(event, str) else None
        if row is not None and isinstance(key, ast.Constant) and key.value == row[0]:
            return row[1]
        return None
    if isinstance(parent, ast.keyword) and parent.value is node:
        call = parents.get(id(parent))
        path: list[str] = []
        func = call.func if isinstance(call, ast.Call) else None
        while isinstance(func, ast.Attribute):
            path.insert(0, func.attr)
            func = func.value
        row2 = CONNECTION_CALLS.get(tuple(path[-2:])) if len(path) >= 2 and not (len(path) >= 3 and path[-3] == "realtime") else None  # type: ignore[arg-type]
        if row2 is not None and parent.arg == row2[0]:
            return row2[1]
    return None


def _tested(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """Is the value only tested for being there (`if x:`, `not x`, `x and ...`)?"""
    parent = parents.get(id(node))
    if isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.Not):
        return True
    if isinstance(parent, ast.BoolOp) and isinstance(parent.op, ast.And) and parent.values[0] is node:
        return True
    return isinstance(parent, (ast.If, ast.While, ast.IfExp, ast.Assert)) and parent.test is node


def _function(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[Sender]:
    places = _places(function, method=False)
    parents = _parents(function)
    uses: dict[str, list[ast.Name]] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and node.id in places:
            uses.setdefault(node.id, []).append(node)
    out = []
    for param, names in uses.items():
        kinds = {_sent(n, parents) for n in names if not _tested(n, parents)}
        if len(kinds) == 1 and None not in kinds:
            tested = any(_tested(n, parents) for n in names)
            out.append(Sender(function.name, places[param], param, kinds.pop(), tested=tested))  # type: ignore[arg-type]
    return out


def _kept(statement: ast.stmt, places: dict[str, int | None]) -> tuple[str, str] | None:
    """`self.config = config` (or `config or {}`): (the attribute, the parameter)."""
    if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1):
        return None
    target, value = statement.targets[0], statement.value
    if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"):
        return None
    if isinstance(value, ast.BoolOp) and isinstance(value.op, ast.Or) and len(value.values) == 2:
        default = value.values[1]
        if not ((isinstance(default, ast.Dict) and not default.keys) or (isinstance(default, ast.Constant) and default.value is None)):
            return None
        value = value.values[0]
    if isinstance(value, ast.Name) and value.id in places:
        return target.attr, value.id
    return None


def _class(owner: ast.ClassDef) -> list[Sender]:
    init = next((n for n in owner.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
    if init is None:
        return []
    places = _places(init, method=True)
    kept = [k for k in (_kept(s, places) for s in init.body) if k is not None]
    parents = _parents(owner)
    out = []
    for attribute, param in kept:
        if sum(1 for n in ast.walk(init) if isinstance(n, ast.Name) and n.id == param) != 1:
            continue  # the parameter is used for more than keeping it
        uses = [n for n in ast.walk(owner) if isinstance(n, ast.Attribute) and n.attr == attribute
                and isinstance(n.value, ast.Name) and n.value.id == "self"]
        stores = [n for n in uses if isinstance(n.ctx, (ast.Store, ast.Del))]
        loads = [n for n in uses if isinstance(n.ctx, ast.Load)]
        kinds = {_sent(n, parents) for n in loads if not _tested(n, parents)}
        if len(stores) == 1 and len(kinds) == 1 and None not in kinds:
            tested = any(_tested(n, parents) for n in loads)
            out.append(Sender(owner.name, places[param], param, kinds.pop(), attribute, tested))  # type: ignore[arg-type]
    return out
