"""Following a config past its literal: the reads and writes of the keys a fix
moves, wherever the value goes under its name.

A config dict that the session rules fix is often bound to a name, read back
(`cfg["voice"]`, `cfg.get("voice")`, `"voice" in cfg`), filled in step by step
(`cfg["voice"] = ...`) and sent. Each of those accesses moves with the literal,
in the same fix. A use that cannot be followed is a *blocker*: the value
handed to a function that may read it, returned, copied, iterated or bound
again, or a read of a value whose GA shape differs (a format, the
modalities). A fix with a blocker is unsafe, and its message names the use.

Uses are found by name in the scope that binds the config (the function, or
the whole module for a module-level name); a name bound twice there is a
blocker too. Nothing here runs or imports the code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from ..core.diagnostics import Edit, excerpt
from ..core.plans.session import ChangedRead, KeyMove, beta_place, written_value
from ..core.tables.session import COMPARING_CALLS, MOVES, PAYLOAD_EVENTS, REMOVED, SENDING_CALLS, SHOWING_CALLS, TYPED_PAYLOADS
from .configs import (
    Found, Plan, accept_body, connection_arg, dict_payload, kept_payload, literal, parameter, payload_event, payload_key, planned_part, sender_for, string_list,
)
from .cstutil import dotted_name, string_value, with_string_value
from .layout import code
from .rule import Rule


# How deep a config is followed into the module's own helpers that it is passed to.
HELPER_DEPTH = 2
_SCOPES = (cst.FunctionDef, cst.Lambda, cst.Module)
_BINDERS = (cst.Param, cst.FunctionDef, cst.ClassDef, cst.ImportAlias, cst.AsName, cst.NameItem, cst.CompFor, cst.For, cst.WithItem)


def _type_test(call: cst.Call, arg: cst.Arg) -> bool:
    """`isinstance(cfg, dict)`: a test of its type, which no move changes."""
    return dotted_name(call.func) == "isinstance" and len(call.args) == 2 and call.args[0] is arg


@dataclass
class Followed:
    edits: list[Edit] = field(default_factory=list)  # accesses moved with the fix
    blockers: list[cst.CSTNode | str] = field(default_factory=list)  # uses that cannot be followed (a node, or what it is)
    sent: set[str] = field(default_factory=set)  # the kinds of config the value is sent as (a payload, a connection call)
    attributes: set[str] = field(default_factory=set)  # the attributes of `self` it is kept in


def follow(rule: Rule, found: Found, result: Plan, sinks: frozenset[int] = frozenset(), bound: frozenset[int] = frozenset(),
           sides: frozenset[int] = frozenset()) -> Followed:
    """The accesses of ``found``'s config that its fix (``result``) must move too
    (``sinks``: the arguments, by id, that send it where its fix goes too; ``bound``:
    the other assignments of its name, by id, whose literals the fix moves too)."""
    out = Followed()
    root, prefix = _root(rule, found.node)
    follower = _Follower(rule, result, out, server=found.server)
    follower.sinks = sinks
    follower.bound = bound
    follower.sides = sides
    follower.value(root, prefix, HELPER_DEPTH)
    return out


def _root(rule: Rule, config: cst.Dict) -> tuple[cst.CSTNode, tuple[str, ...]]:
    """The outermost value a config travels in: its payload dict (with the key that
    holds it), or the config itself."""
    element = rule.parent(config)
    if isinstance(element, cst.DictElement) and element.value is config:
        outer, key = rule.parent(element), string_value(element.key)
        if key is not None and payload_key(outer, rule.parent) == key:
            return outer, (key,)
    return config, ()


def _compared(parent: cst.CSTNode | None, node: cst.CSTNode) -> bool:
    """Is ``node`` a side of an equality test?"""
    if isinstance(parent, cst.ComparisonTarget) and parent.comparator is node:
        return isinstance(parent.operator, (cst.Equal, cst.NotEqual))
    if isinstance(parent, cst.Comparison) and parent.left is node:
        return all(isinstance(c.operator, (cst.Equal, cst.NotEqual)) for c in parent.comparisons)
    return False


def tested(rule: Rule, node: cst.CSTNode) -> bool:
    """Is the value only tested for being there (`not x`, `if x:`, `x and ...`)?"""
    parent = rule.parent(node)
    if isinstance(parent, cst.UnaryOperation):
        return isinstance(parent.operator, cst.Not)
    if isinstance(parent, cst.BooleanOperation):
        if isinstance(parent.operator, cst.And) and parent.left is node:
            return True  # its value is used only when it is missing
        return tested(rule, parent)  # `x or {}` hands `x` on: a test only inside one
    if isinstance(parent, (cst.If, cst.While, cst.IfExp, cst.Assert)):
        return parent.test is node
    return False


def _index_key(node: cst.Subscript) -> str | None:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    return string_value(node.slice[0].slice.value)


def _quote(node: cst.CSTNode | None) -> str:
    return node.quote if isinstance(node, cst.SimpleString) and len(node.quote) == 1 else '"'


def _key_node(key: str, quote: str) -> cst.SimpleString:
    return cst.SimpleString(f"{quote}{key}{quote}")


def _subscript(value: cst.BaseExpression, key: str, quote: str) -> cst.Subscript:
    return cst.Subscript(value, [cst.SubscriptElement(cst.Index(_key_node(key, quote)))])


def _deeper(value: cst.BaseExpression, keys: tuple[str, ...], quote: str) -> cst.BaseExpression:
    for key in keys:
        value = _subscript(value, key, quote)
    return value


def _stepped(value: cst.BaseExpression, keys: tuple[str, ...], quote: str, method: str) -> cst.BaseExpression:
    """`value.<method>("audio", {}).<method>("output", {})`, one step per key."""
    for key in keys:
        value = cst.Call(
            cst.Attribute(value, cst.Name(method)),
            [cst.Arg(_key_node(key, quote), comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))), cst.Arg(cst.Dict([]))],
        )
    return value


def _made(value: cst.BaseExpression, keys: tuple[str, ...], quote: str) -> cst.BaseExpression:
    """`value.setdefault("audio", {}).setdefault("output", {})`: the dicts made where missing."""
    return _stepped(value, keys, quote, "setdefault")


def _gotten(value: cst.BaseExpression, keys: tuple[str, ...], quote: str) -> cst.BaseExpression:
    """`value.get("audio", {}).get("output", {})`: a dict that may be missing reads as empty."""
    return _stepped(value, keys, quote, "get")


def self_attribute(node: cst.CSTNode) -> str | None:
    """`self.session_config` → "session_config"."""
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self":
        return node.attr.value
    return None


def shown(node: cst.CSTNode | str) -> str:
    """A use as a message names it: its first line, kept short."""
    return node if isinstance(node, str) else excerpt(code(node))


def sends(call: cst.Call) -> bool:
    """A call that sends, serialises, shows or compares its argument without reading
    its keys: `json.dumps(x)`, `ws.send(x)`, `print(x)`, `logger.info(x)`,
    `self._send_event(x)`, `self.assertEqual(sent, x)`."""
    name = (dotted_name(call.func) or "").rpartition(".")[2].lstrip("_")
    return name in SENDING_CALLS or name in COMPARING_CALLS or name.startswith("send")


class _Follower:
    def __init__(self, rule: Rule, result: Plan, out: Followed, server: bool = False) -> None:
        self.rule = rule
        self.plan = result
        self.out = out
        self.loose = False  # the value may also be an empty dict: a read steps with `.get`
        # a server event built here (a test's fake): handed whole to code, it is what
        # a server sends, read there as the GA session it becomes
        self.server = server
        self.sinks: frozenset[int] = frozenset()  # arguments that send the config as its fix wants it
        self.entered: set[int] = set()  # `payload["response"]` targets the config was written into
        self.parts: set[str] = set()  # the GA blocks (`audio`) that parts written into the config make
        self.bound: frozenset[int] = frozenset()  # the name's other assignments, whose literals move with the fix
        self.sides: frozenset[int] = frozenset()  # conditional expressions whose every side the fix moves

    # --- where the value is -------------------------------------------------
    def value(self, node: cst.CSTNode, prefix: tuple[str, ...], depth: int) -> None:
        """``node`` evaluates to the config (under ``prefix`` in it): follow where it goes."""
        parent = self.rule.parent(node)
        while isinstance(parent, cst.Await):
            node, parent = parent, self.rule.parent(parent)
        if isinstance(parent, cst.Expr):
            return  # evaluated and dropped
        if isinstance(parent, cst.IfExp) and id(parent) in self.sides:
            self.value(parent, prefix, depth)  # `{...} if phone else {...}`: each side moves with the fix
            return
        if isinstance(parent, cst.IfExp) and parent.test is not node:
            # `json.loads(event) if isinstance(event, str) else event`: what it gives may be
            # something else too, so a use of it that the fix would move cannot follow
            inner = Followed()
            other = _Follower(self.rule, self.plan, inner, self.server)
            other.sinks, other.bound, other.sides = self.sinks, self.bound, self.sides
            other.value(parent, prefix, depth)
            if inner.edits:
                self.block(parent)
            for blocker in inner.blockers:
                self.block(blocker)
            self.out.sent |= inner.sent
            self.out.attributes |= inner.attributes
            return
        if isinstance(parent, cst.Assign) and parent.value is node:
            target = parent.targets[0].target if len(parent.targets) == 1 else None
            if isinstance(target, cst.Name):
                self.name(target.value, parent, prefix, depth)
            elif target is not None and self_attribute(target) is not None:
                self.attribute(target, parent, prefix, depth)
            elif not prefix and isinstance(target, cst.Subscript) and (found := self._into_payload(target, parent)) is not None:
                # `payload["response"] = resp_obj`: the config goes into a payload of its event, followed from there
                binding, key, kind = found
                self.out.sent.add(kind)
                self.entered.add(id(target))  # (that write is how it got there, no use of the payload's)
                self.name(binding.targets[0].target.value, binding, (key,), depth)
            else:
                self.block(parent)
            return
        if isinstance(parent, cst.AnnAssign) and parent.value is node and isinstance(parent.target, cst.Name):
            self.name(parent.target.value, parent, prefix, depth)
            return
        if isinstance(parent, cst.Arg) and parent.value is node:
            self.argument(parent, prefix, depth)
            return
        if isinstance(parent, cst.FormattedStringExpression):
            return
        if (_compared(parent, node) or self._listed_expectation(parent)) and self._in_test(node):
            return  # a test's expectation (`assert sent == {...}`, `== [{...}]`): compared whole, never read
        if isinstance(parent, cst.Return) and parent.value is node:
            self.returned(parent, prefix, depth)
            return
        if isinstance(parent, cst.DictElement) and parent.value is node and not prefix:
            outer, key = self.rule.parent(parent), string_value(parent.key)
            event = payload_event(outer, self.rule.parent) if key is not None else None
            if event is not None and PAYLOAD_EVENTS[event][0] == key:
                self.out.sent.add(PAYLOAD_EVENTS[event][1])
                self.value(outer, (key,), depth)
                return
        if isinstance(parent, cst.DictElement) and parent.value is node and self._shown(self.rule.parent(parent)):
            return  # `log.debug("sending %s", {"message": event})`: shown, not read
        if isinstance(parent, cst.StarredDictElement) and parent.value is node and not prefix:
            self.spread(parent, depth)
            return
        self.block(parent if parent is not None else node)

    def _in_test(self, node: cst.CSTNode) -> bool:
        """Is ``node`` in a test: an `assert`, or a function whose name starts with `test`?
        (An app's own `if cfg == last:` compares what the fix changes on one side only.)"""
        return any(isinstance(a, cst.Assert) or (isinstance(a, cst.FunctionDef) and a.name.value.startswith("test"))
                   for a in self.rule.ancestors(node))

    def _listed_expectation(self, parent: cst.CSTNode | None) -> bool:
        """`assert sent == [{...}, {...}]`: an element of a list (or tuple) compared whole."""
        if not isinstance(parent, cst.Element):
            return False
        listed = self.rule.parent(parent)
        return isinstance(listed, (cst.List, cst.Tuple)) and _compared(self.rule.parent(listed), listed)

    def _into_payload(self, target: cst.Subscript, write: cst.Assign) -> tuple[cst.Assign, str, str] | None:
        """(the payload's one binding in the function, the key, the kind of config) where
        ``target`` is `payload["response"]` and `payload` is bound to a literal of an
        event that carries its config under that key (`{"type": "response.create"}`)."""
        key = _index_key(target)
        if not isinstance(target.value, cst.Name) or key is None:
            return None
        scope = next((a for a in self.rule.ancestors(write) if isinstance(a, (cst.FunctionDef, cst.Module))), None)
        bindings = [
            a for a in self.rule.nodes(cst.Assign, within=scope)
            if len(a.targets) == 1 and isinstance(a.targets[0].target, cst.Name) and a.targets[0].target.value == target.value.value
        ] if scope is not None else []
        carries = kept_payload(bindings[0].value, self.rule.parent) if len(bindings) == 1 else None
        return (bindings[0], key, carries[1]) if carries is not None and carries[0] == key else None

    def _shown(self, outer: cst.CSTNode | None) -> bool:
        """Is the dict an argument of a call that only shows it (a log line)?"""
        arg = self.rule.parent(outer) if isinstance(outer, cst.Dict) else None
        call = self.rule.parent(arg) if isinstance(arg, cst.Arg) and arg.value is outer else None
        return isinstance(call, cst.Call) and (dotted_name(call.func) or "").rpartition(".")[2] in SHOWING_CALLS

    def spread(self, element: cst.StarredDictElement, depth: int) -> None:
        """`{**cfg, "tools": tools}`: a new config with the same keys and others, which
        goes on as the config where none of its own keys is a beta one or one the
        fix writes (`"audio"`, once a beta key beside it has moved there too)."""
        outer = self.rule.parent(element)
        if not isinstance(outer, cst.Dict):
            self.block(element)
            return
        written = {move.path[0] for move in self.plan.keys.values()}
        for other in outer.elements:
            if other is element:
                continue
            key = string_value(other.key) if isinstance(other, cst.DictElement) else None
            if isinstance(other, cst.StarredDictElement) or self._beta_key(key) or key in written:
                self.block(outer)  # it may collide with what the fix moves
                break
        self.value(outer, (), depth)  # followed on all the same, to see where it is sent

    def argument(self, arg: cst.Arg, prefix: tuple[str, ...], depth: int) -> None:
        call = self.rule.parent(arg)
        if (id(arg) in self.sinks or accept_body(call) is arg.value) and not prefix:
            return  # sent where its fix wants it (a key request's body, a SIP call's acceptance)
        if not isinstance(call, cst.Call) or arg.star:
            self.block(arg)
            return
        if sends(call) or self._emptiness(call) or _type_test(call, arg) or self._text_only(call, arg):
            return
        found = connection_arg(call)
        if found is not None and found[0] is arg:
            self.out.sent.add(found[1])
            return
        if dotted_name(call.func) == "dict" and len(call.args) == 1 and arg.keyword is None and not prefix:
            self.value(call, prefix, depth)  # a copy
            return
        keywords = dict_payload(call)
        if keywords is not None and keywords[0] is arg and not prefix:
            self.out.sent.add(keywords[1])
            self.value(call, (arg.keyword.value,), depth)  # `dict(type="session.update", session=cfg)`: the payload goes on
            return
        typed = TYPED_PAYLOADS.get((dotted_name(call.func) or "").rpartition(".")[2])
        if typed is not None and arg.keyword is not None and arg.keyword.value == typed[0] and not prefix:
            self.value(call, (typed[0],), depth)  # the event built around it goes on
            return
        sender = sender_for(self.rule, call, arg)
        if sender is not None and not prefix:
            self.out.sent.add(sender.kind)  # a sender reached by name, which only sends it (`core.senders`)
            if sender.attribute is not None:
                # a class that keeps it: a read of that attribute here (`client.session_config`) is not followed
                for node in self.rule.nodes(cst.Attribute):
                    if node.attr.value == sender.attribute and not (isinstance(node.value, cst.Name) and node.value.value == "self"):
                        self.block(node)
            return
        if not self.helper(call, arg, prefix, depth) and not (self.server and prefix == ("session",)):
            self.block(call)

    def _text_only(self, call: cst.Call, arg: cst.Arg) -> bool:
        """`json.loads(event) if isinstance(event, str) else event`: the call is made only
        where the name holds text, never where it holds the config."""
        if not isinstance(arg.value, cst.Name):
            return False
        node: cst.CSTNode = call
        for outer in self.rule.ancestors(call):
            if isinstance(outer, cst.IfExp) and outer.body is node:
                test = outer.test
                return (isinstance(test, cst.Call) and dotted_name(test.func) == "isinstance" and len(test.args) == 2
                        and isinstance(test.args[0].value, cst.Name) and test.args[0].value.value == arg.value.value
                        and dotted_name(test.args[1].value) in ("str", "bytes"))
            if not isinstance(outer, (cst.Call, cst.Arg, cst.Attribute, cst.Await)):
                return False
            node = outer
        return False

    def _emptiness(self, call: cst.Call) -> bool:
        """`len(cfg) > 0` (`== 0`, `!= 0`): whether it is empty, which no move changes, where
        the literal holds keys before the fix and after it (`params = {}`, filled on some
        paths, gains its `type` from the fix: the test would then always pass)."""
        test = self.rule.parent(call)
        if dotted_name(call.func) != "len" or not isinstance(test, cst.Comparison) or test.left is not call or len(test.comparisons) != 1:
            return False
        replacement = self.plan.replacement
        if not self.plan.present or (replacement is not None and not replacement.elements):
            return False
        other = test.comparisons[0]
        return isinstance(other.comparator, cst.Integer) and other.comparator.value == "0" and isinstance(
            other.operator, (cst.GreaterThan, cst.Equal, cst.NotEqual)
        )

    def helper(self, call: cst.Call, arg: cst.Arg, prefix: tuple[str, ...], depth: int) -> bool:
        """A function or method of this module that the config is passed to, whose
        parameter needs nothing moved: it only sends it on."""
        if depth <= 0:
            return False
        found = parameter(self.rule, call, arg)
        if found is None:
            return False
        param = found[1]
        inner = Followed()
        _Follower(self.rule, self.plan, inner).name(param.name.value, param, prefix, depth - 1)
        return not inner.edits and not inner.blockers

    def returned(self, statement: cst.Return, prefix: tuple[str, ...], depth: int) -> None:
        """A config returned by a function of this module: followed into each call of the
        function here. Called nowhere here, a payload is followed by the reads of its
        moved keys in this module (`x["session"]["voice"]`, `x.session.voice`)."""
        function = next((a for a in self.rule.ancestors(statement) if isinstance(a, (cst.FunctionDef, cst.Lambda))), None)
        if not isinstance(function, cst.FunctionDef) or depth <= 0:
            self.block(statement)
            return
        name = function.name.value
        if not name.startswith("_") and isinstance(self.rule.parent(function), cst.Module):
            read = self.rule.context.collector.project.value.read
            if name in read or "*" in read:
                self.block(f"{name}() (imported by another module)")  # its callers there may read what it returns
        calls = [
            c for c in self.rule.nodes(cst.Call)
            if (dotted_name(c.func) or "").rpartition(".")[2] == name and (dotted_name(c.func) or "").rpartition(".")[0] in ("", "self", "cls")
        ]
        for call in calls:
            self.value(call, prefix, depth - 1)
        if calls:
            return
        if not prefix:
            self.block(statement)
            return
        for node in self.rule.nodes(cst.Subscript):
            key = _index_key(node)
            if key in self.plan.keys and isinstance(node.value, cst.Subscript) and _index_key(node.value) == prefix[-1]:
                self.block(node)
        for node in self.rule.nodes(cst.Attribute):
            if node.attr.value in self.plan.keys and isinstance(node.value, cst.Attribute) and node.value.attr.value == prefix[-1]:
                self.block(node)

    def block(self, node: cst.CSTNode | str) -> None:
        if all(node is not b and node != b for b in self.out.blockers):
            self.out.blockers.append(node)

    # --- the uses of a name ------------------------------------------------
    def attribute(self, target: cst.Attribute, binding: cst.Assign, prefix: tuple[str, ...], depth: int) -> None:
        """`self.session_config = {...}`: the uses of `self.session_config` in the methods
        of its class. Bound again to anything but an empty dict, or the class read
        by another module (whose code may read the attribute), it is not followed."""
        name = target.attr.value
        owner = next((a for a in self.rule.ancestors(binding) if isinstance(a, cst.ClassDef)), None)
        if owner is None:
            self.block(binding)
            return
        self.out.attributes.add(name)
        read = self.rule.context.collector.project.value.read
        if not name.startswith("_") and (owner.name.value in read or "*" in read):
            self.block(f"self.{name} (its class is imported by another module)")
        uses: list[cst.Attribute] = []
        for node in self.rule.nodes(cst.Attribute, within=owner):
            if node is target or self_attribute(node) != name:
                continue
            parent = self.rule.parent(node)
            if isinstance(parent, cst.AssignTarget) and parent.target is node:
                assign = self.rule.parent(parent)
                value = assign.value if isinstance(assign, cst.Assign) else None
                if not (isinstance(value, cst.Dict) and not value.elements):
                    self.block(parent)  # bound again, to what may not be this config
                self.loose = True  # it may hold another value (an empty dict, say): its reads must not fail
                continue
            if isinstance(parent, (cst.AugAssign, cst.AnnAssign)) and parent.target is node:
                self.block(parent)
                continue
            uses.append(node)
        self._uses(uses, prefix, depth)

    def name(self, name: str, binding: cst.CSTNode, prefix: tuple[str, ...], depth: int) -> None:
        scope = next((a for a in self.rule.ancestors(binding) if isinstance(a, _SCOPES)), None)
        if scope is None:
            self.block(binding)
            return
        if isinstance(scope, cst.Module) and not name.startswith("_"):
            read = self.rule.context.collector.project.value.read
            if name in read or "*" in read:
                self.block(f"{name} (imported by another module)")
        uses: list[cst.Name] = []
        for node in self.rule.nodes(cst.Name, within=scope):
            if node.value != name:
                continue
            parent = self.rule.parent(node)
            if (isinstance(parent, cst.Attribute) and parent.attr is node) or (isinstance(parent, cst.Arg) and parent.keyword is node):
                continue
            if parent is binding or (isinstance(parent, cst.AssignTarget) and self.rule.parent(parent) is binding):
                continue
            if isinstance(parent, cst.AssignTarget) and id(self.rule.parent(parent)) in self.bound:
                continue  # bound on another path to a literal the fix moves the same way
            if isinstance(parent, cst.Subscript) and id(parent) in self.entered:
                continue
            if isinstance(parent, cst.Param) and parent is binding:
                continue
            if isinstance(parent, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign)) and getattr(parent, "target", None) is node:
                self.block(parent)  # bound again
                continue
            if isinstance(parent, _BINDERS):
                self.block(parent)
                continue
            uses.append(node)
        self._uses(uses, prefix, depth)

    def _uses(self, uses: list, prefix: tuple[str, ...], depth: int) -> None:
        accesses = [self.access(use, prefix) for use in uses]
        written = {a.key for a in accesses if a is not None and a.write and a.key not in self.plan.present}
        for access in accesses:  # keys a part writes (`cfg.update({...})`) are written too: their reads move
            part = self._part(access) if access is not None else None
            if part is not None:
                written |= {k for k in self._update_keys(part) if k is not None and k not in self.plan.present}
        for access in accesses:
            if access is not None:
                self.move(access, written, depth)

    def access(self, use: cst.Name | cst.Attribute, prefix: tuple[str, ...]) -> "_Access | None":
        chain: list[cst.Subscript] = []
        keys: list[str] = []
        current: cst.CSTNode = use
        while True:
            parent = self.rule.parent(current)
            if isinstance(parent, cst.Subscript) and parent.value is current and (key := _index_key(parent)) is not None:
                chain.append(parent)
                keys.append(key)
                current = parent
                continue
            break
        shared = min(len(keys), len(prefix))
        if tuple(keys[:shared]) != prefix[:shared]:
            return None  # another part of the payload (its `type`, say)
        level = len(prefix)
        if len(keys) > level:
            subscript = chain[level]
            outer = chain[-1]
            parent = self.rule.parent(outer)
            write = len(chain) == level + 1 and (
                (isinstance(parent, cst.AssignTarget) and parent.target is outer)
                or (isinstance(parent, (cst.AugAssign, cst.AnnAssign)) and parent.target is outer)
            )
            return _Access(use, keys[level], subscript=subscript, write=write)
        return _Access(use, None, at=current, prefix=prefix[len(keys):])

    def move(self, access: "_Access", written: set[str], depth: int) -> None:
        if access.subscript is not None:
            self.keyed(access, written)
        else:
            self.whole(access, written, depth)

    def place(self, key: str) -> KeyMove | None:
        if key in self.plan.keys:
            return self.plan.keys[key]
        if key in self.plan.present:
            return None
        return beta_place(self.plan.kind, key)

    def keyed(self, access: "_Access", written: set[str]) -> None:
        """`cfg["voice"]` (a read, or a write of that key)."""
        key, subscript = access.key, access.subscript
        assert key is not None and subscript is not None
        if key in self.plan.gone or (access.write and self._refused(key)):
            # a field the fix leaves out, or one GA has no place for written later: a read
            # would fail, a write would send what GA refuses
            self.block(self.rule.parent(subscript) if access.write else subscript)
            return
        place = self.place(key)
        if place is None:
            return
        moved = key in self.plan.keys
        if not moved and key not in written:
            return  # a beta key the config never holds: absent before the fix and after
        quote = _quote(subscript.slice[0].slice.value if isinstance(subscript.slice[0].slice, cst.Index) else None)
        if not place.kept:
            # a write of a value whose GA shape is known (`= "pcm16"`, `= ["text"]`) takes it
            written_value = self._written_value(subscript, place, quote) if access.write else None
            if written_value is None:
                if not access.write and place.read_elsewhere:
                    self.block(ChangedRead(shown(subscript)))  # moved below, and named: it reads another list
                else:
                    self.block(self.rule.parent(subscript) if access.write else subscript)
                    return
            else:
                self.out.edits.append(written_value)
        old_key = subscript.slice[0].slice.value  # type: ignore[union-attr]
        new_key = with_string_value(old_key, place.path[-1]) if isinstance(old_key, cst.SimpleString) else _key_node(place.path[-1], quote)
        holder = place.path[:-1]
        if access.write and not (moved or holder in self.plan.holds):
            base = _made(subscript.value, holder, quote)  # a builder's write makes the dicts it needs
        else:
            base = _deeper(subscript.value, holder, quote)  # a read fails where it failed before: the key was never written
        new = subscript.with_changes(value=base, slice=[subscript.slice[0].with_changes(slice=cst.Index(new_key))])
        self.out.edits.append(Edit(subscript, new))

    def _written_value(self, subscript: cst.Subscript, place: KeyMove, quote: str) -> Edit | None:
        """The edit that gives the value a builder writes at a format or modalities
        key its GA shape (`cfg["input_audio_format"] = "pcm16"`), where that value
        is a literal whose GA shape is known, and the statement a plain assignment."""
        target = self.rule.parent(subscript)
        statement = self.rule.parent(target) if isinstance(target, cst.AssignTarget) else None
        if not isinstance(statement, cst.Assign) or len(statement.targets) != 1:
            return None
        value = statement.value
        beta = string_value(value)
        ga = written_value(place, beta if beta is not None else string_list(value))
        return Edit(value, literal(ga, quote)) if ga is not None else None

    def whole(self, access: "_Access", written: set[str], depth: int) -> None:
        """The config itself (`cfg`, `msg["session"]`): a method, a test, or where it goes."""
        node, rest = access.at, access.prefix or ()
        assert node is not None
        parent = self.rule.parent(node)
        if rest and isinstance(parent, (cst.Attribute, cst.ComparisonTarget)):
            # the payload around the config: `msg.get("type")` is not about the config
            target = self.rule.parent(parent)
            key = None
            if isinstance(parent, cst.Attribute) and isinstance(target, cst.Call) and target.args:
                key = string_value(target.args[0].value)
            elif isinstance(target, cst.Comparison):
                key = string_value(target.left)
            if key is None or key == rest[0]:
                self.block(target if target is not None else parent)
            return
        if isinstance(parent, cst.Attribute) and parent.value is node:
            call = self.rule.parent(parent)
            if not isinstance(call, cst.Call) or call.func is not parent:
                self.block(parent)
                return
            method = parent.attr.value
            if method == "copy" and not call.args:
                self.value(call, rest, depth)
                return
            if method == "update":
                if any(k is not None and self._refused(k) for k in self._update_keys(call)):
                    self.block(call)
                    return
                if any(self._beta_key(k) for k in self._update_keys(call)):
                    made = self._written_part(call, written) if not rest else None
                    if made is None:
                        self.block(call)
                    else:
                        self.out.edits.append(made)
                return
            if method in ("get", "pop", "setdefault") and call.args and call.args[0].keyword is None:
                key = string_value(call.args[0].value)
                place = self.place(key) if key is not None else None
                if key is None or key in self.plan.gone or (method == "setdefault" and self._refused(key)):
                    self.block(call)
                    return
                if place is None or (key not in self.plan.keys and key not in written and method == "get"):
                    return
                if method == "setdefault" and key not in self.plan.keys:
                    made = self._set_default(node, call, place)  # a builder's default, written where GA holds it
                    if made is None:
                        self.block(call)
                    else:
                        self.out.edits.append(made)
                    return
                if not place.kept or (key not in self.plan.keys and method != "get"):
                    if method != "get" or not place.read_elsewhere:
                        self.block(call)
                        return
                    self.block(ChangedRead(shown(call)))  # moved below, and named: it reads another list
                quote = _quote(call.args[0].value)
                first = call.args[0].with_changes(value=with_string_value(call.args[0].value, place.path[-1]))
                new = call.with_changes(func=parent.with_changes(value=self._through(node, place, quote)), args=[first, *call.args[1:]])
                self.out.edits.append(Edit(call, new))
                return
            self.block(call)
            return
        if isinstance(parent, cst.ComparisonTarget) and parent.comparator is node and isinstance(parent.operator, (cst.In, cst.NotIn)):
            comparison = self.rule.parent(parent)
            key = string_value(comparison.left) if isinstance(comparison, cst.Comparison) and len(comparison.comparisons) == 1 else None
            place = self.place(key) if key is not None else None
            if key is None or key in self.plan.gone:
                self.block(comparison)
                return
            if place is None or (key not in self.plan.keys and key not in written):
                return
            quote = _quote(comparison.left)
            self.out.edits.append(Edit(comparison.left, with_string_value(comparison.left, place.path[-1])))
            self.out.edits.append(Edit(node, self._through(node, place, quote)))
            return
        self.value(node, rest, depth)

    def _set_default(self, node: cst.BaseExpression, call: cst.Call, place: KeyMove) -> Edit | None:
        """`cfg.setdefault("output_audio_format", "pcm16")` as a statement of its own →
        `cfg.setdefault("audio", {}).setdefault("output", {}).setdefault("format", {...})`:
        the dicts made where missing, the value in its GA shape (None: a value whose GA
        shape is not known, or a result the code goes on to use)."""
        if not isinstance(self.rule.parent(call), cst.Expr) or len(call.args) != 2 or call.args[1].keyword is not None:
            return None
        quote = _quote(call.args[0].value)
        value = call.args[1].value
        if not place.kept:
            beta = string_value(value)
            ga = written_value(place, beta if beta is not None else string_list(value))
            if ga is None:
                return None
            value = literal(ga, quote)
        first = call.args[0].with_changes(value=with_string_value(call.args[0].value, place.path[-1]))
        holder = _made(node, place.path[:-1], quote)
        return Edit(call, call.with_changes(func=cst.Attribute(holder, cst.Name("setdefault")), args=[first, call.args[1].with_changes(value=value)]))

    def _through(self, node: cst.BaseExpression, place: KeyMove, quote: str) -> cst.BaseExpression:
        """The dict that holds ``place`` once fixed: subscripts where the fixed config
        holds it, else `.get(key, {})` steps, so a key never written reads as absent."""
        holder = place.path[:-1]
        if holder in self.plan.holds and not self.loose:
            return _deeper(node, holder, quote)
        return _gotten(node, holder, quote)

    def _part(self, access: "_Access") -> cst.Call | None:
        """`cfg.update({...})`: the call that writes a dict literal into the config itself."""
        if access.key is not None or access.prefix or access.at is None:
            return None
        attribute = self.rule.parent(access.at)
        call = self.rule.parent(attribute) if isinstance(attribute, cst.Attribute) and attribute.value is access.at else None
        if not (isinstance(call, cst.Call) and call.func is attribute and attribute.attr.value == "update"):
            return None
        return call if self._written_part_shape(call) else None

    @staticmethod
    def _written_part_shape(call: cst.Call) -> bool:
        """One dict literal, given as it is."""
        return len(call.args) == 1 and call.args[0].keyword is None and not call.args[0].star and isinstance(call.args[0].value, cst.Dict)

    def _written_part(self, call: cst.Call, written: set[str]) -> Edit | None:
        """`cfg.update({"voice": v, "input_audio_format": "pcm16"})` →
        `cfg.update({"audio": {"output": {"voice": v}, "input": {...}}})`: the part in
        its GA shape, where the GA blocks it makes (`audio`) are the config's nowhere
        else (in its literal, another part, or a write of a key that goes there), so
        that the shallow update replaces nothing the fix put there. None: not so."""
        if not self._written_part_shape(call):
            return None  # `cfg.update(kwargs)`, `cfg.update(voice=v)`: what it writes is not seen
        node = call.args[0].value
        assert isinstance(node, cst.Dict)
        if any(not isinstance(e, cst.DictElement) or string_value(e.key) is None for e in node.elements):
            return None
        part = planned_part(self.rule, node, self.plan.kind)
        if part is None or part.replacement is None or part.leftovers or part.removable or part.reckoned or part.tables:
            return None
        blocks = {move.path[0] for move in part.keys.values() if len(move.path) > 1}
        own = {string_value(e.key) for e in node.elements if isinstance(e, cst.DictElement)}
        elsewhere = {path[0] for path in self.plan.holds if path} | (self.plan.present & blocks) | self.parts
        for key in written - own:
            place = self.place(key)
            if place is not None and len(place.path) > 1:
                elsewhere.add(place.path[0])
        if blocks & elsewhere:
            return None
        self.parts |= blocks
        return Edit(node, part.replacement)

    @staticmethod
    def _update_keys(call: cst.Call) -> list[str | None]:
        keys: list[str | None] = []
        for arg in call.args:
            if arg.keyword is not None:
                keys.append(arg.keyword.value)
            elif isinstance(arg.value, cst.Dict):
                keys += [string_value(e.key) if isinstance(e, cst.DictElement) else None for e in arg.value.elements]
            else:
                keys.append(None)
        return keys

    def _refused(self, key: str) -> bool:
        """Is ``key`` a field GA has no place for (`temperature`), one a write would add?"""
        return key in REMOVED[self.plan.kind] and key not in self.plan.present

    def _beta_key(self, key: str | None) -> bool:
        return key is None or beta_place(self.plan.kind, key) is not None or key in self.plan.keys or key in self.plan.gone


@dataclass
class _Access:
    use: cst.Name | cst.Attribute  # a name, or `self.<attribute>`
    key: str | None  # the config's own key the use reads or writes; None: the config itself
    subscript: cst.Subscript | None = None
    write: bool = False
    at: cst.CSTNode | None = None  # the node that evaluates to the config itself
    prefix: tuple[str, ...] | None = None


def attribute_configs(rule: Rule) -> list[Found]:
    """Config dicts kept in an attribute (`self.session_config = {...}`) that the
    methods of its class copy, fill in and send as a session (or a response, a
    transcription session): found by following each such dict with beta fields
    to the payload it is sent in."""
    return _attribute_configs(rule)[0]


def followed_attributes(rule: Rule) -> frozenset[str]:
    """The attributes (`self.session_config`) that hold a config found by
    :func:`attribute_configs`, or a copy of it: what they hold moves with its fix."""
    return _attribute_configs(rule)[1]


def _attribute_configs(rule: Rule) -> tuple[list[Found], frozenset[str]]:
    """Both answers above, worked out once per file."""

    def compute() -> tuple[list[Found], frozenset[str]]:
        from .configs import planned

        found: list[Found] = []
        attributes: set[str] = set()
        for assign in rule.nodes(cst.Assign):
            if not isinstance(assign.value, cst.Dict) or len(assign.targets) != 1 or self_attribute(assign.targets[0].target) is None:
                continue
            keys = {string_value(e.key) for e in assign.value.elements if isinstance(e, cst.DictElement)}
            kind = "realtime"
            for _ in range(2):  # planned as a session first; sent as another kind, planned again as that
                if not keys & (MOVES[kind].keys() | REMOVED[kind].keys()):
                    break  # no beta field of its own (an empty dict the class fills in later, say)
                result = planned(rule, assign.value, kind)
                if result is None or result.replacement is None:
                    break
                candidate = Found(assign.value, kind, assign.value)
                followed = follow(rule, candidate, result)
                if followed.sent == {kind}:
                    found.append(candidate)
                    attributes.update(followed.attributes)
                    break
                if len(followed.sent) != 1:
                    break
                kind = next(iter(followed.sent))
        return found, frozenset(attributes)

    return rule.tree.once(_attribute_configs, compute)
