"""Every rule of every front end, as the surfaces list and explain them.

A code is one rule to a user even where both front ends read it: the
listing shows the Python rule of a code (or the JavaScript rule of a code
only JavaScript has), says which languages read it, and ``explain`` adds
what the JavaScript and TypeScript rule says of its own.
"""

from __future__ import annotations

import functools

from .core.diagnostics import KIND_MEANINGS, SPEAKS
from .core.ruledoc import Documented
from .conf.rule import CONF_REGISTRY, conf_rules
from .js.rule import JS_REGISTRY, js_rules
from .python.rule import _REGISTRY, python_rules


@functools.lru_cache(maxsize=None)
def _load_rules() -> tuple[type[Documented], ...]:
    python_rules()
    js_rules()
    conf_rules()
    own = {code: JS_REGISTRY[code] for code in JS_REGISTRY if code not in _REGISTRY}
    conf = {code: CONF_REGISTRY[code] for code in CONF_REGISTRY if code not in _REGISTRY and code not in JS_REGISTRY}
    every: dict[str, type[Documented]] = {**_REGISTRY, **own, **conf}
    return tuple(every[code] for code in sorted(every))


def all_rules() -> list[type[Documented]]:
    """Every rule, ordered by code: the Python rule of a code, or the
    JavaScript rule of a code only JavaScript has."""
    return list(_load_rules())


def rule_by_code(code: str) -> type[Documented] | None:
    return next((rule for rule in _load_rules() if rule.code == code.upper()), None)


def languages(code: str) -> str:
    """Which languages and file kinds a code's rules read: "Python", "JS/TS", and
    "config" with the kinds of configuration, shell and HTTP files it reads."""
    _load_rules()
    names = [name for name, registry in (("Python", _REGISTRY), ("JS/TS", JS_REGISTRY)) if code in registry]
    conf = CONF_REGISTRY.get(code)
    if conf is not None:
        names.append(f"config: {' '.join(sorted(conf.KINDS))}")
    return ", ".join(names)


def explanation(code: str) -> str | None:
    """The full text `explain` prints: the rule's documentation, then (for a
    code both languages report) what the JavaScript and TypeScript rule adds."""
    rule = rule_by_code(code)
    if rule is None:
        return None
    speaks = f"\n\n{SPEAKS}" if rule.speaks else ""
    text = (f"# {rule.code} {rule.name}\n\nKind: {rule.kind.value}. {KIND_MEANINGS[rule.kind]}{speaks}\n\n"
            f"Languages: {languages(rule.code)}.\n\n{rule.documentation()}")
    js = JS_REGISTRY.get(rule.code)
    if js is not None and js is not rule:
        text += f"\n\n## In JavaScript and TypeScript\n\n{js.documentation()}"
    conf = CONF_REGISTRY.get(rule.code)
    if conf is not None and conf is not rule:
        text += f"\n\n## In configuration, shell and HTTP files\n\n{conf.documentation()}"
    return text
