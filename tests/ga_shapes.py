"""A strict check of a plain value against the `openai` package's GA request
TypedDicts: unknown keys are rejected at every level, literals must match.

Values that are not literals in the checked code arrive as ``UNKNOWN`` and
pass any type."""

from __future__ import annotations

import ast
import collections.abc
import functools
import inspect
import re
import sys
import typing

import typing_extensions

UNKNOWN = object()


def _strip(tp):
    origin = typing.get_origin(tp)
    if origin in (typing.Required, typing.NotRequired, typing.Annotated, typing_extensions.Required, typing_extensions.NotRequired):
        return _strip(typing.get_args(tp)[0])
    return tp


_REQUIRED = (typing.Required, typing_extensions.Required)
_NOT_REQUIRED = (typing.NotRequired, typing_extensions.NotRequired)


def _required(tp, hints: dict) -> list[str]:
    """The keys ``tp`` requires, read from its hints: the package's TypedDicts are
    declared `total=False` with `Required[...]` under postponed annotations, so
    the class's own `__required_keys__` knows none of them."""
    total = getattr(tp, "__total__", True)
    required = []
    for key, hint in hints.items():
        origin = typing.get_origin(hint)
        if origin in _REQUIRED or (total and origin not in _NOT_REQUIRED):
            required.append(key)
    return required


_SET_TO_NULL = re.compile(r"set to\s+`null`|`null`\s+to\s+turn\s+off")


@functools.cache
def _documented_nullable(tp) -> frozenset[str]:
    """The keys of a TypedDict that the package's own documentation of the key says
    can be set to `null` (`transcription`: "can be set to `null` to turn off once
    on"), though their type does not say `Optional`."""
    try:
        tree = ast.parse(inspect.getsource(sys.modules[tp.__module__]))
    except (OSError, TypeError, KeyError):
        return frozenset()
    keys = set()
    for cls in ast.walk(tree):
        if isinstance(cls, ast.ClassDef) and cls.name == tp.__name__:
            for field, doc in zip(cls.body, cls.body[1:]):
                text = doc.value.value if isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant) else None
                if isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name) and isinstance(text, str) and _SET_TO_NULL.search(text):
                    keys.add(field.target.id)
    return frozenset(keys)


def check(value, tp, where: str = "") -> list[str]:
    """Errors (empty when ``value`` fits ``tp``)."""
    tp = _strip(tp)
    if value is UNKNOWN or tp is typing.Any or tp is object:
        return []
    origin = typing.get_origin(tp)
    if origin in (typing.Literal, typing_extensions.Literal):
        return [] if value in typing.get_args(tp) else [f"{where}: {value!r} is not one of {typing.get_args(tp)}"]
    if origin is typing.Union:
        options = typing.get_args(tp)
        results = [check(value, option, where) for option in options]
        return [] if any(not r for r in results) else min(results, key=len)
    if typing_extensions.is_typeddict(tp):
        if not isinstance(value, dict):
            return [f"{where}: expected a dict for {tp.__name__}"]
        hints = typing.get_type_hints(tp, include_extras=True)
        errors = [f"{where}.{k}: unknown key for {tp.__name__}" for k in value if k not in hints]
        for key in _required(tp, hints):
            if key not in value:
                errors.append(f"{where}.{key}: required by {tp.__name__}")
        for key, item in value.items():
            if key in hints and not (item is None and key in _documented_nullable(tp)):
                errors += check(item, hints[key], f"{where}.{key}")
        return errors
    if origin in (list, collections.abc.Iterable, collections.abc.Sequence, typing.List):
        if not isinstance(value, (list, tuple)):
            return [f"{where}: expected a list"]
        (item_tp,) = typing.get_args(tp) or (typing.Any,)
        return [e for i, v in enumerate(value) for e in check(v, item_tp, f"{where}[{i}]")]
    if origin in (dict, typing.Dict, collections.abc.Mapping):
        return [] if isinstance(value, dict) else [f"{where}: expected a dict"]
    if tp is float:
        return [] if isinstance(value, (int, float)) and not isinstance(value, bool) else [f"{where}: expected a number"]
    if isinstance(tp, type):
        return [] if isinstance(value, tp) else [f"{where}: expected {tp.__name__}, got {value!r}"]
    return []


def evaluate(node: ast.AST):
    """A literal, with any non-literal part as UNKNOWN."""
    if isinstance(node, ast.Dict):
        if any(k is None for k in node.keys):
            return UNKNOWN  # a **spread: the keys are not all known
        return {evaluate(k): evaluate(v) for k, v in zip(node.keys, node.values)}
    if isinstance(node, (ast.List, ast.Tuple)):
        return [evaluate(e) for e in node.elts]
    try:
        return ast.literal_eval(node)
    except ValueError:
        return UNKNOWN
