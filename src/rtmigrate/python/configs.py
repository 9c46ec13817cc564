"""Session, response and client-secret configs in Python code: where they are
(literal payloads, connection arguments, typed payloads of the beta types
module) and the decisions of ``core/plans/session.py`` written as libcst
nodes. The session rules and the endpoint rules both write through here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import libcst as cst

from ..core.diagnostics import Edit
from ..core.senders import Sender, from_fact, senders as module_senders
from ..core.plans.session import HELD, OPAQUE, Choice, Config, FormatTable, KeyMove, Reckoned, carried, containers, decide, key_moves, whole_session
from ..core.plans.session import config_kind as planned_kind
from ..core.tables.endpoints import SIP_ACCEPT_URL
from ..core.tables.session import (
    AUDIO_FORMATS,
    CONNECTION_CALLS,
    GA_FORMAT_TYPES,
    MOCK_ASSERTIONS,
    PAYLOAD_EVENTS,
    TYPED_PAYLOADS,
    TYPES_PACKAGES,
)
from .cstutil import dict_constants, dotted_name, given, list_constants, resolve_string, string_constants, string_value, with_string_value
from .layout import Entry, Layout, code, explode, implode, reindent
from .rule import Rule

# --- the planner's decisions (plans/session.py) written as a libcst dict ----------


@dataclass
class Leftover:
    node: cst.CSTNode
    message: str
    hint: str


@dataclass
class Plan:
    kind: str
    replacement: cst.Dict | None = None  # the migrated dict; None: nothing to move
    moved: list[str] = field(default_factory=list)
    leftovers: list[Leftover] = field(default_factory=list)
    removable: list[tuple[cst.DictElement, str]] = field(default_factory=list)
    restated: list[cst.DictElement] = field(default_factory=list)  # fields set to the beta's own default, which GA leaves out
    dropped: list[str] = field(default_factory=list)  # the fields GA has no place for, left out of the replacement
    reckoned: list[str] = field(default_factory=list)  # the fields whose GA value the code works out when it runs
    keys: dict[str, KeyMove] = field(default_factory=dict)  # moved keys → their GA place
    holds: set[tuple[str, ...]] = field(default_factory=set)  # the dicts the fixed config holds, by path
    present: frozenset[str] = frozenset()  # the config's own top-level keys
    gone: frozenset[str] = frozenset()  # its keys the replacement leaves out (`temperature`): a read or write of one cannot follow
    tables: set[str] = field(default_factory=set)  # the beta format tables whose values the fix rewrites


def _quote(node: cst.Dict) -> str:
    for element in node.elements:
        key = getattr(element, "key", None)
        if isinstance(key, cst.SimpleString):
            return key.quote if len(key.quote) == 1 else '"'
    return '"'


_SEPARATOR = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def _separated(items: list) -> list:
    return [item.with_changes(comma=_SEPARATOR) for item in items[:-1]] + items[-1:]


def literal(value: object, quote: str) -> cst.BaseExpression:
    """A small literal (dict, list, str, int) written in the file's quote style,
    on one line: `{"k": v, "k2": v2}`, `[a, b]`."""
    if isinstance(value, dict):
        return cst.Dict(_separated([cst.DictElement(cst.SimpleString(f"{quote}{k}{quote}"), literal(v, quote)) for k, v in value.items()]))
    if isinstance(value, list):
        return cst.List(_separated([cst.Element(literal(v, quote)) for v in value]))
    if isinstance(value, str):
        return cst.SimpleString(f"{quote}{value}{quote}")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return cst.Integer(repr(value))
    return cst.parse_expression(repr(value))


def string_list(node: cst.BaseExpression) -> list[str] | None:
    if not isinstance(node, (cst.List, cst.Tuple)):
        return None
    values = [string_value(e.value) if isinstance(e, cst.Element) else None for e in node.elements]
    return None if any(v is None for v in values) else values  # type: ignore[return-value]


def _with_list_values(node: cst.List | cst.Tuple, values: list[str]) -> cst.BaseExpression:
    first = node.elements[0].value if node.elements else None
    template = first if isinstance(first, cst.SimpleString) else cst.SimpleString('""')
    elements = [
        cst.Element(with_string_value(template, v), comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")) if i < len(values) - 1 else cst.MaybeSentinel.DEFAULT)
        for i, v in enumerate(values)
    ]
    return cst.List(elements=elements)


def format_tables(module: cst.Module) -> dict[str, bool]:
    """The module's format tables: dicts bound once at module level whose values
    are all beta format names (True), or all GA format objects (False)."""
    return {name: _table_kind(table) is True for name, table in dict_constants(module, lambda d: _table_kind(d) is not None).items()}


def _table_kind(table: cst.Dict) -> bool | None:
    """True for a table of beta format names, False for one of GA format objects, else None."""
    values = [e.value for e in table.elements if isinstance(e, cst.DictElement)]
    if not values or len(values) != len(table.elements):
        return None
    if all(string_value(v) in AUDIO_FORMATS for v in values):
        return True
    if all(isinstance(v, cst.Dict) and any(
        isinstance(e, cst.DictElement) and string_value(e.key) == "type" and string_value(e.value) in GA_FORMAT_TYPES for e in v.elements
    ) for v in values):
        return False
    return None


_FORMAT_KEYS = frozenset({"input_audio_format", "output_audio_format", "format"})


def format_table_edit(rule: Rule, name: str, config: cst.Dict) -> tuple[Edit, list[cst.CSTNode | str]]:
    """The edit that writes a beta format table's values as GA format objects, one
    for the file, and the uses of the table the fix of ``config`` cannot follow:
    any but a lookup of a format in ``config`` itself (another config's lookup
    would get a GA object under its beta key, were that config not fixed too)."""
    edit, uses = _format_table(rule, name)
    return edit, [use for use, holder in uses if holder is not config]


def _format_table(rule: Rule, name: str) -> tuple[Edit, list[tuple[cst.CSTNode | str, cst.CSTNode | None]]]:
    """The table's edit, and its uses: each the use (or a string naming a use in
    another module) with the config dict whose format it looks up, or None."""

    def compute() -> tuple[Edit, list[tuple[cst.CSTNode | str, cst.CSTNode | None]]]:
        table = dict_constants(rule.tree.module, lambda d: _table_kind(d) is True)[name]
        uses: list[tuple[cst.CSTNode | str, cst.CSTNode | None]] = []
        read = rule.context.collector.project.value.read
        if not name.startswith("_") and (name in read or "*" in read):
            uses.append((f"{name} (imported by another module)", None))
        for node in rule.nodes(cst.Name):
            if node.value != name:
                continue
            parent = rule.parent(node)
            if isinstance(parent, cst.AssignTarget) or (isinstance(parent, cst.Attribute) and parent.attr is node):
                continue
            element = rule.parent(parent) if isinstance(parent, cst.Subscript) and parent.value is node else None
            if isinstance(element, cst.DictElement) and element.value is parent and string_value(element.key) in _FORMAT_KEYS:
                uses.append((parent, rule.parent(element)))
                continue
            uses.append((parent if parent is not None else node, None))
        quote = _quote(table)
        elements = [e.with_changes(value=literal(AUDIO_FORMATS[string_value(e.value) or ""], quote)) for e in table.elements]
        return Edit(table, table.with_changes(elements=elements)), uses

    return rule.tree.once(("format table", name), compute)


def _neutral(
    node: cst.BaseExpression, constants: dict[str, str] | None = None, lists: dict[str, list[str]] | None = None, tables: dict[str, bool] | None = None,
) -> object:
    """What the planner may read of a value: a string (or a module constant bound
    to one), a list of strings (or a module constant bound to one), a nested
    literal, a lookup in one of the module's format tables."""
    if tables and isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and node.value.value in tables:
        return FormatTable(node.value.value, tables[node.value.value])
    value = resolve_string(node, constants) if constants else string_value(node)
    if value is not None:
        return value
    if lists and isinstance(node, cst.Name) and node.value in lists:
        return list(lists[node.value])
    if isinstance(node, cst.Dict):
        return Config([(_neutral_key(e), _neutral(e.value)) for e in node.elements])
    if isinstance(node, (cst.Integer, cst.Float)):
        return node.evaluated_value
    if isinstance(node, cst.IfExp):  # `["audio", "text"] if voice else ["text"]`: each branch read as it is
        branches = [string_list(node.body), string_list(node.orelse)]
        return Choice(tuple(branches)) if None not in branches else OPAQUE
    values = string_list(node)
    if values is not None:
        return values
    return HELD if isinstance(node, _HELD_BY) else OPAQUE


# What holds a value the code works with: a name, an attribute, a subscript, a call, a default (`a or b`).
_HELD_BY = (cst.Name, cst.Attribute, cst.Subscript, cst.Call, cst.BooleanOperation)


def reckoned(value: cst.BaseExpression, move: Reckoned, quote: str) -> cst.BaseExpression:
    """The GA value worked out when the code runs from a beta one it holds: the
    modalities as `["audio"] if "audio" in modalities else ["text"]`, a format
    name looked up in a table of GA format objects (`{"pcm16": {...}, ...}[fmt]`)."""
    if move.format:
        return cst.Subscript(literal(AUDIO_FORMATS, quote), [cst.SubscriptElement(cst.Index(value))])
    held = code(value)
    if not isinstance(value, (cst.Name, cst.Attribute, cst.Subscript, cst.Call)):
        held = f"({held})"
    return cst.parse_expression(f"[{quote}audio{quote}] if {quote}audio{quote} in {held} else [{quote}text{quote}]")


def _neutral_key(element: cst.BaseDictElement) -> object:
    if not isinstance(element, cst.DictElement):
        return None  # a `**spread`
    key = string_value(element.key)
    return key if key is not None else OPAQUE


def config_kind(node: cst.Dict, default: str) -> str:
    """A session dict's own `type` decides its kind where it names one."""
    return planned_kind(Config([(_neutral_key(e), _neutral(e.value)) for e in node.elements]), default)


def plan(
    node: cst.Dict, kind: str, constants: dict[str, str] | None = None, lists: dict[str, list[str]] | None = None, tables: dict[str, bool] | None = None,
    reckon: bool = False, whole: bool = True,
) -> Plan | None:
    """How to move one literal config dict to GA; None when it is already GA.
    ``constants``: the module's names bound to one string, so that a format
    held in one (`"input_audio_format": AUDIO_FORMAT`) is read as its value,
    and the GA format object is written in its place; ``lists``, those bound to
    a list of strings, so that `"modalities": MODALITIES` gets its GA list;
    ``reckon``: modalities or a format the code holds (`"modalities": modalities`)
    get a GA value worked out when it runs (``Plan.reckoned``: the fix is then unsafe);
    ``whole``: False for a part of a config, which takes no `type` (`cfg.update({...})`)."""
    entries, layout, opening, final = explode(node)
    config = Config([(_neutral_key(e.original) if e.original is not None else None, _neutral(e.value, constants, lists, tables)) for e in entries])
    decision = decide(config, kind, reckon, whole)
    if decision is None:
        return None
    result = Plan(decision.kind)
    result.reckoned = list(decision.reckoned)
    result.keys = key_moves(config, decision)
    result.holds = containers(decision, config)
    result.present = frozenset(k for k, _ in config.entries if isinstance(k, str))
    quote = _quote(node)
    for note in decision.notes:
        entry = entries[note.index]
        where = entry.key if note.on == "key" else entry.value
        shown = f"**{code(entry.value)}" if entry.key is None else code(entry.value)
        result.leftovers.append(Leftover(where, note.message.format(code=shown), note.hint))
    for index, why in decision.removed:
        if index in decision.restated:  # the beta's own default: left out safely
            result.restated.append(entries[index].original)
        else:
            result.removable.append((entries[index].original, why))

    audio_entry = entries[decision.audio] if decision.audio is not None else None
    nested: dict[tuple[str, ...], list[Entry]] = {}
    out: list[Entry] = []
    audio_slot: int | None = None
    removed = {index for index, _ in decision.removed} if decision.changes else set()
    result.gone = frozenset(k for i in removed if isinstance(k := config.entries[i][0], str))
    comments: list[cst.EmptyLine] = []  # the comments of a field left out go with the next one
    for index, entry in enumerate(entries):
        if index in removed:
            comments += [*entry.leading, *_own_line(entry.trailing, layout)]
            if index not in decision.restated:
                result.dropped.append(string_value(entry.key) or "")
            continue
        if comments:
            entry = Entry(entry.key, entry.value, [*comments, *entry.leading], entry.trailing, entry.original)
            comments = []
        move = decision.moves.get(index)
        if move is None:
            out.append(entry)
            continue
        path = move.path
        if isinstance(move.value, Choice) and isinstance(entry.value, cst.IfExp):
            body, orelse = move.value.options
            value = entry.value.with_changes(body=_with_list_values(entry.value.body, body), orelse=_with_list_values(entry.value.orelse, orelse))
        elif isinstance(move.value, Reckoned):
            value = reckoned(entry.value, move.value, quote)
        elif isinstance(move.value, dict):
            value = literal(move.value, quote)
        elif isinstance(move.value, list):
            # a literal list keeps its own quotes; a constant's value is written in its place
            value = _with_list_values(entry.value, move.value) if isinstance(entry.value, (cst.List, cst.Tuple)) else literal(move.value, quote)
        else:
            value = entry.value
        if not move.nested:
            new_key = with_string_value(entry.key, path[0]) if isinstance(entry.key, cst.SimpleString) else literal(path[0], quote)
            out.append(Entry(new_key, value, entry.leading, entry.trailing))
            continue
        if audio_slot is None and audio_entry is None:
            audio_slot = len(out)
        nested.setdefault(path[1:-1], []).append(
            Entry(literal(path[-1], quote) if not isinstance(entry.key, cst.SimpleString) else with_string_value(entry.key, path[-1]), value, entry.leading, entry.trailing)
        )

    if nested:
        if audio_entry is not None:
            merged = _merge_audio(audio_entry.value, nested, layout.deeper(), quote)
            out = [Entry(e.key, merged, e.leading, e.trailing, e.original) if e is audio_entry else e for e in out]
        else:
            audio_value = _audio_block(nested, layout.deeper(), quote)
            out.insert(audio_slot or 0, Entry(literal("audio", quote), audio_value))
    if decision.add_type is not None:
        out.insert(0, Entry(literal("type", quote), literal(decision.add_type, quote)))
    result.moved = decision.moved
    result.tables = set(decision.tables)
    if decision.changes:
        result.replacement = implode(out, layout, node, opening, [*comments, *final])
    return result


def _own_line(trailing: cst.TrailingWhitespace | None, layout: Layout) -> list[cst.EmptyLine]:
    """A comment after a field, as a line of its own at the fields' indentation."""
    if trailing is None or trailing.comment is None or layout.inner is None:
        return []
    return [cst.EmptyLine(indent=not layout.absolute, whitespace=cst.SimpleWhitespace(layout.inner), comment=trailing.comment)]


def _module_values(rule: Rule) -> tuple[dict[str, str], dict[str, list[str]], dict[str, bool]]:
    """The module's string constants, list constants and format tables, as :func:`plan`
    reads a config's values: worked out once per file."""
    module = rule.tree.module
    return (
        rule.tree.once(string_constants, lambda: string_constants(module)),
        rule.tree.once(list_constants, lambda: list_constants(module)),
        rule.tree.once(format_tables, lambda: format_tables(module)),
    )


def planned(rule: Rule, node: cst.Dict, kind: str) -> Plan | None:
    """:func:`plan` of a config dict as ``kind``, with the module's constants, and
    the modalities it holds reckoned: worked out once per file, for every rule that asks."""
    return rule.tree.once((plan, id(node), kind), lambda: plan(node, kind, *_module_values(rule), reckon=True))


def planned_part(rule: Rule, node: cst.Dict, kind: str) -> Plan | None:
    """:func:`plan` of a part of a config (`cfg.update({...})`), with the module's constants."""
    return plan(node, kind, *_module_values(rule), whole=False)


def _leaf_entries(entries: list[Entry], layout: Layout) -> list[Entry]:
    """Moved values two levels deeper: indent their own continuation lines and comments."""
    if layout.inner is None:
        return [Entry(e.key, e.value, (), None) for e in entries]
    extra = layout.step * 2
    return [
        Entry(
            e.key,
            reindent(e.value, extra),
            [line.with_changes(whitespace=cst.SimpleWhitespace(line.whitespace.value + extra)) for line in e.leading],
            e.trailing,
        )
        for e in entries
    ]


def _audio_block(nested: dict[tuple[str, ...], list[Entry]], layout: Layout, quote: str) -> cst.Dict:
    """`{"input": {...}, "output": {...}}` laid out as ``layout`` (the audio dict's own)."""
    side_layout = layout.deeper()
    sides = [
        Entry(literal(side[0], quote), implode(_leaf_entries(entries, side_layout), side_layout))
        for side, entries in nested.items()
    ]
    return implode(sides, layout)


def _merge_audio(audio: cst.Dict, nested: dict[tuple[str, ...], list[Entry]], layout: Layout, quote: str) -> cst.Dict:
    entries, own_layout, opening, final = explode(audio)
    if own_layout.inner is None and layout.inner is not None:
        own_layout = Layout(None)
    for side, new in nested.items():
        existing = next((e for e in entries if string_value(e.key) == side[0]), None)
        if existing is not None and isinstance(existing.value, cst.Dict):
            side_entries, side_layout, side_open, side_final = explode(existing.value)
            merged = implode(side_entries + _leaf_entries(new, side_layout), side_layout, existing.value, side_open, side_final)
            entries = [Entry(e.key, merged, e.leading, e.trailing, e.original) if e is existing else e for e in entries]
        else:
            entries.append(Entry(literal(side[0], quote), implode(_leaf_entries(new, own_layout.deeper()), own_layout.deeper())))
    return implode(entries, own_layout, audio, opening, final)


# --- finding configs in code -------------------------------------------------------


@dataclass
class Found:
    node: cst.Dict  # the config dict
    kind: str
    edit_node: cst.CSTNode  # what the fix replaces (the dict, or an enclosing node)
    wrap: object = None  # callable: migrated dict → replacement of edit_node
    server: bool = False  # the session of a server event built here (a fake of the server, as tests build)
    # the other literals the config's name is bound to (`if fast: session = {...} else: session = {...}`):
    # fixed with it, in the one fix, each with its own plan
    together: tuple[tuple[cst.Dict, "Plan"], ...] = ()
    unseen_request: bool = False  # a whole beta session bound to a name, whose request is not seen (see whole_sessions)


def _keyword(call: cst.Call, name: str) -> cst.Arg | None:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == name), None)


def _call_path(call: cst.Call) -> list[str]:
    parts: list[str] = []
    node = call.func
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    return parts[::-1]


def connection_arg(call: cst.Call) -> tuple[cst.Arg, str, tuple[str, str]] | None:
    """`conn.session.update(session=X)` and the like: (the argument, its kind, the call's path);
    also a test's `conn.session.update.assert_called_once_with(session=X)`."""
    named = _named_keyword(call)
    if named is not None:
        return named
    path = _call_path(call)
    if path and path[-1] in MOCK_ASSERTIONS:
        path = path[:-1]
    key = tuple(path[-2:]) if len(path) >= 2 else None
    if key not in CONNECTION_CALLS or (len(path) >= 3 and path[-3] == "realtime"):
        return None
    keyword, kind = CONNECTION_CALLS[key]
    arg = _keyword(call, keyword)
    return (arg, kind, key) if arg is not None else None


def _renamed_resource(func: cst.BaseExpression) -> cst.BaseExpression:
    """`conn.transcription_session.update` (or a mock's `...update.assert_called_with`)
    with the resource named `session`, as GA names it."""
    if isinstance(func, cst.Attribute):
        if func.attr.value == "transcription_session":
            return func.with_changes(attr=cst.Name("session"))
        return func.with_changes(value=_renamed_resource(func.value))
    return func


def _event_at(call: cst.Call) -> tuple[int, str, list[cst.Arg]] | None:
    """Where a call's positional arguments name an event that carries a config and keeps
    its name in GA (`send(ws, "session.update", ...)`): (its index among them, the
    event, the positional arguments)."""
    positional = [a for a in call.args if a.keyword is None and not a.star]
    for index, arg in enumerate(positional):
        if type(arg.value) is not cst.SimpleString or "." not in arg.value.value:
            continue  # (most calls name no event: only a string can)
        event = string_value(arg.value)
        if event in PAYLOAD_EVENTS and PAYLOAD_EVENTS[event][2] == event:
            return index, event, positional
    return None


def named_event(call: cst.Call) -> tuple[cst.Dict, str] | None:
    """`rt.send("session.update", {"session": {...}})` (or `send(ws, "session.update",
    {...})`): a client that takes the event name and its data apart (as the beta
    reference client's `send` did). (The data dict, the event), for an event that
    carries a config and keeps its name in GA, and data, the last argument, that
    names no `type` of its own."""
    at = _event_at(call)
    if at is None or at[0] + 2 != len(at[2]) or not isinstance(at[2][-1].value, cst.Dict):
        return None
    data = at[2][-1].value
    if any(isinstance(e, cst.DictElement) and string_value(e.key) == "type" for e in data.elements):
        return None
    return data, at[1]


def _named_keyword(call: cst.Call) -> tuple[cst.Arg, str, tuple[str, str]] | None:
    """`send("session.update", session=X)`: the event named apart, its config given by
    the keyword of its key (the helper builds `{"type": kind, **data}`). (The argument,
    its kind, no path.)"""
    at = _event_at(call)
    if at is None or at[0] + 1 != len(at[2]):
        return None
    key, kind, _ = PAYLOAD_EVENTS[at[1]]
    arg = _keyword(call, key)
    return (arg, kind, ("", "")) if arg is not None else None


def dict_payload(call: cst.Call) -> tuple[cst.Arg | None, str, str] | None:
    """`dict(type="session.update", session=...)`: a payload built with keywords. (The
    keyword that carries its config, None where it has none; the config's kind; the
    event.)"""
    if not isinstance(call.func, cst.Name) or call.func.value != "dict":
        return None
    event = string_value(next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "type"), None))
    if event not in PAYLOAD_EVENTS:
        return None
    key, kind, _ = PAYLOAD_EVENTS[event]
    return _keyword(call, key), kind, event


def accept_body(call: cst.Call) -> cst.Dict | None:
    """`http.post(f".../realtime/calls/{call_id}/accept", json={...})`: a SIP call
    accepted with its session, its fields at the top as GA takes them."""
    body = _keyword(call, "json")
    url = next((a for a in call.args if a.keyword is None), None) or _keyword(call, "url")
    if body is None or not isinstance(body.value, cst.Dict) or url is None:
        return None
    if not isinstance(url.value, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)):
        return None
    return body.value if SIP_ACCEPT_URL.search(code(url.value)) else None


def find_configs(node: cst.CSTNode) -> Iterator[Found]:
    """Literal config dicts at `node` (a Call or a Dict)."""
    if isinstance(node, cst.Call):
        named = named_event(node)
        if named is not None:
            data, event = named
            key, kind, _ = PAYLOAD_EVENTS[event]
            inner = next((e for e in data.elements if isinstance(e, cst.DictElement) and string_value(e.key) == key), None)
            if inner is not None and isinstance(inner.value, cst.Dict):
                yield Found(inner.value, kind, inner.value)
            return
        accepted = accept_body(node)
        if accepted is not None:
            yield Found(accepted, "realtime", accepted)
            return
        keywords = dict_payload(node)
        if keywords is not None:  # `dict(type="session.update", session={...})`
            arg, kind, event = keywords
            ga_event = PAYLOAD_EVENTS[event][2]
            if arg is None or not isinstance(arg.value, cst.Dict):
                return
            if ga_event == event:
                yield Found(arg.value, kind, arg.value)
                return

            def wrap_keywords(new: cst.Dict, call=node, arg=arg, ga_event=ga_event) -> cst.Call:
                args = []
                for a in call.args:
                    if a is arg:
                        a = a.with_changes(value=new)
                    elif a.keyword is not None and a.keyword.value == "type":
                        a = a.with_changes(value=with_string_value(a.value, ga_event))
                    args.append(a)
                return call.with_changes(args=args)

            yield Found(arg.value, kind, node, wrap_keywords)
            return
        found = connection_arg(node)
        if found is not None:
            arg, kind, key = found
            if isinstance(arg.value, cst.Dict):
                if key[0] == "transcription_session":  # GA has one `session` resource
                    func = _renamed_resource(node.func)

                    def wrap(new: cst.Dict, call=node, arg=arg, func=func) -> cst.Call:
                        args = [a.with_changes(value=new) if a is arg else a for a in call.args]
                        return call.with_changes(func=func, args=args)

                    yield Found(arg.value, kind, node, wrap)
                else:
                    yield Found(arg.value, kind, arg.value)
    elif isinstance(node, cst.Dict):
        event = None
        for element in node.elements:
            if isinstance(element, cst.DictElement) and string_value(element.key) == "type":
                event = string_value(element.value)
        # a server's session event built here (`{"type": "session.created", ...}`) is a
        # test's fake of the server: what reads it reads a GA session once the parser is GA's
        what = carried(event)
        if what is None:
            return
        key, kind, ga_event, server = what
        inner = next(
            (e for e in node.elements if isinstance(e, cst.DictElement) and string_value(e.key) == key), None
        )
        if inner is None or not isinstance(inner.value, cst.Dict):
            return
        if event == ga_event:
            yield Found(inner.value, kind, inner.value, server=server)
            return

        def wrap_payload(new: cst.Dict, outer=node, inner=inner) -> cst.Dict:
            elements = []
            for e in outer.elements:
                if e is inner:
                    e = e.with_changes(value=new)
                elif isinstance(e, cst.DictElement) and string_value(e.key) == "type":
                    e = e.with_changes(value=with_string_value(e.value, ga_event))
                elements.append(e)
            return outer.with_changes(elements=elements)

        yield Found(inner.value, kind, node, wrap_payload, server=server)


def payload_event(node: cst.CSTNode | None, parent: Callable[[cst.CSTNode], cst.CSTNode | None] | None = None) -> str | None:
    """The Realtime event a payload dict is (see :func:`_event`), where it is one that carries a config."""
    event = _event(node, parent) if isinstance(node, cst.Dict) else None
    return event if event in PAYLOAD_EVENTS else None


def _event(node: cst.Dict, parent: Callable[[cst.CSTNode], cst.CSTNode | None] | None) -> str | None:
    """The event a payload dict is: its `type`, or the name a named-event send gives
    it (``parent``: the rule's parent lookup, to see the call around the dict)."""
    event = next((string_value(e.value) for e in node.elements if isinstance(e, cst.DictElement) and string_value(e.key) == "type"), None)
    if event is None and parent is not None:
        arg = parent(node)
        call = parent(arg) if isinstance(arg, cst.Arg) else None
        named = named_event(call) if isinstance(call, cst.Call) else None
        if named is not None and named[0] is node:
            return named[1]
    return event


def payload_key(node: cst.CSTNode | None, parent: Callable[[cst.CSTNode], cst.CSTNode | None] | None = None) -> str | None:
    """The key under which a payload dict (`{"type": "session.update", "session": ...}`,
    or the data of `send("session.update", {"session": ...})`) holds its config,
    or a server event built here (`{"type": "session.created", "session": ...}`)
    its session; None for any other node."""
    if not isinstance(node, cst.Dict):
        return None
    what = carried(_event(node, parent))
    return what[0] if what is not None else None


def kept_payload(node: cst.CSTNode | None, parent: Callable[[cst.CSTNode], cst.CSTNode | None] | None = None) -> tuple[str, str] | None:
    """(the key it carries its config under, the config's kind) for a payload dict of an
    event that keeps its name in GA (`{"type": "response.create"}`: `"response"`)."""
    event = payload_event(node, parent)
    if event is None:
        return None
    key, kind, ga_event = PAYLOAD_EVENTS[event]
    return (key, kind) if event == ga_event else None


def payload_value(node: cst.Dict, parent: Callable[[cst.CSTNode], cst.CSTNode | None] | None = None) -> tuple[cst.BaseExpression, str] | None:
    """`{"type": "session.update", "session": <value>}`: (the value it carries its config
    as, the config's kind), for an event that keeps its name in GA."""
    carries = kept_payload(node, parent)
    if carries is None:
        return None
    key, kind = carries
    inner = next((e for e in node.elements if isinstance(e, cst.DictElement) and string_value(e.key) == key), None)
    return (inner.value, kind) if inner is not None else None


def payload_name(node: cst.Dict, parent: Callable[[cst.CSTNode], cst.CSTNode | None] | None = None) -> tuple[str, str] | None:
    """`{"type": "session.update", "session": session}`: (the name that holds the
    config, its kind), for an event that keeps its name in GA."""
    carried = payload_value(node, parent)
    return (carried[0].value, carried[1]) if carried is not None and isinstance(carried[0], cst.Name) else None


def _types_imports(rule: Rule) -> dict[str, str]:
    """Local name → the class (or module) of the `openai` types packages it names."""

    def compute() -> dict[str, str]:
        names: dict[str, str] = {}
        for node in rule.nodes(cst.ImportFrom):
            module = dotted_name(node.module) if node.module is not None and not node.relative else ""
            if not (module or "").startswith(TYPES_PACKAGES) or isinstance(node.names, cst.ImportStar):
                continue
            for alias in node.names:
                local = alias.asname.name if alias.asname is not None else alias.name
                names[dotted_name(local) or ""] = f"{module}.{dotted_name(alias.name)}"
        return names

    return rule.tree.once(_types_imports, compute)


def typed_payloads(rule: Rule) -> list[Found]:
    """`SessionUpdateEvent(type="session.update", session={...})` and the like, where
    the class comes from the `openai` types packages: the config dict each carries."""

    def compute() -> list[Found]:
        imported = _types_imports(rule)
        out = []
        for call in rule.nodes(cst.Call):
            name = dotted_name(call.func) or ""
            head, _, last = name.rpartition(".")
            if not (name in imported or (head and head.split(".")[0] in imported)):
                continue
            target = imported.get(name, "").rpartition(".")[2] if name in imported else last
            row = TYPED_PAYLOADS.get(target)
            arg = _keyword(call, row[0]) if row else None
            if row and arg is not None and isinstance(arg.value, cst.Dict):
                out.append(Found(arg.value, row[1], arg.value))
        return out

    return rule.tree.once(typed_payloads, compute)


def _sent_parameters(rule: Rule) -> dict[str, list[tuple[int | None, str, str]]]:
    """Functions of this module that send a parameter as a config: name →
    (its place among the positional arguments a caller writes, its name, the
    kind of config), for `{"type": "session.update", "session": param}` and
    `conn.session.update(session=param)` in the function's body."""

    def compute() -> dict[str, list[tuple[int | None, str, str]]]:
        functions: dict[str, list[cst.FunctionDef]] = {}
        for function in rule.nodes(cst.FunctionDef):
            functions.setdefault(function.name.value, []).append(function)
        out: dict[str, list[tuple[int | None, str, str]]] = {}
        for name, defined in functions.items():
            if len(defined) != 1:
                continue  # two functions of one name: which one a call reaches is not known here
            function = defined[0]
            params = list(function.params.params)
            if params and params[0].name.value in ("self", "cls"):
                params = params[1:]
            places: dict[str, int | None] = {p.name.value: i for i, p in enumerate(params)}
            places.update({p.name.value: None for p in function.params.kwonly_params})
            sent: list[tuple[str, str]] = []
            for node in rule.nodes(cst.Dict, within=function):
                named = payload_name(node, rule.parent)
                if named is not None and named[0] in places:
                    sent.append(named)
            for node in rule.nodes(cst.Call, within=function):
                found = connection_arg(node)
                if found is not None and isinstance(found[0].value, cst.Name) and found[0].value.value in places:
                    sent.append((found[0].value.value, found[1]))
            if sent:
                out[name] = [(places[param], param, kind) for param, kind in dict.fromkeys(sent)]
        return out

    return rule.tree.once(_sent_parameters, compute)


def _senders_by_name(rule: Rule) -> dict[str, list[Sender]]:
    """The senders (`core.senders`) a call of this module may reach by a bare name: the
    module's own classes, and the functions and classes it imports by name from a
    module that defines them (`from client import RealtimeClient`)."""

    def compute() -> dict[str, list[Sender]]:
        out: dict[str, list[Sender]] = {}
        if rule.tree.python is not None:
            for found in module_senders(rule.tree.python, functions=False):
                out.setdefault(found.name, []).append(found)
        defined = {n.name.value for n in rule.nodes(cst.FunctionDef, cst.ClassDef)}
        imported = rule.context.collector.named - defined  # (`from client import VoiceClient`, read by the evidence)
        called = {c.func.value for c in rule.nodes(cst.Call) if isinstance(c.func, cst.Name)} & imported
        if called:
            for fact in rule.context.collector.project.senders:
                found = from_fact(fact)
                if found.name in called:
                    out.setdefault(found.name, []).append(found)
        return out

    return rule.tree.once(_senders_by_name, compute)


def kept_from_callers(rule: Rule, use: cst.CSTNode) -> frozenset[str]:
    """The attributes of the class around ``use`` that keep what its callers give it
    to send (a class sender, `core.senders`): its callers' arguments are the configs."""
    owner = next((a for a in rule.ancestors(use) if isinstance(a, cst.ClassDef)), None)
    if owner is None or not isinstance(rule.parent(owner), cst.Module):
        return frozenset()
    return frozenset(s.attribute for s in _senders_by_name(rule).get(owner.name.value, ()) if s.attribute is not None)


def sender_for(rule: Rule, call: cst.Call, arg: cst.Arg) -> Sender | None:
    """The sender ``call`` reaches by its name (:func:`_senders_by_name`) that takes
    ``arg`` in the parameter it sends."""
    if not isinstance(call.func, cst.Name) or arg.star:
        return None
    for found in _senders_by_name(rule).get(call.func.value, ()):
        if given(call, found.param, found.index) is arg:
            if found.tested and isinstance(arg.value, cst.Dict) and not arg.value.elements:
                return None  # `{}`, never sent (`if session:`): a `type` the fix gave it would have it sent
            return found
    return None


def sent_by(rule: Rule, call: cst.Call, arg: cst.Arg) -> str | None:
    """The kind of config ``arg`` is, where it goes to a sender (:func:`sender_for`)."""
    found = sender_for(rule, call, arg)
    return found.kind if found is not None else None


def helper_arguments(rule: Rule) -> list[tuple[cst.Arg, str]]:
    """The arguments callers in this module give to a parameter that its function
    sends as a config (see :func:`_sent_parameters`), or that a sender reached by
    name sends (:func:`sent_by`), with the kind of config."""

    def compute() -> list[tuple[cst.Arg, str]]:
        senders = _sent_parameters(rule)
        out: list[tuple[cst.Arg, str]] = []
        reached = _senders_by_name(rule)
        for call in rule.nodes(cst.Call):
            if reached and isinstance(call.func, cst.Name) and call.func.value in reached:
                out.extend((arg, kind) for arg in call.args if (kind := sent_by(rule, call, arg)) is not None)
                continue
            if not senders:
                continue
            last = (dotted_name(call.func) or "").rpartition(".")[2]
            if last not in senders or callee(rule, call) is None:
                continue
            positional = [a for a in call.args if a.keyword is None and not a.star]
            for index, param, kind in senders[last]:
                arg = _keyword(call, param)
                if arg is None and index is not None and index < len(positional):
                    arg = positional[index]
                if arg is not None:
                    out.append((arg, kind))
        return out

    return rule.tree.once(helper_arguments, compute)


def returned_configs(rule: Rule) -> list[tuple[cst.Dict, str]]:
    """The dict literals a function of this module returns where a caller sends its
    result as a config (`{"type": "session.update", "session": session_config()}`,
    `conn.session.update(session=build())`), with the kind of config. Every return
    of the function must be a dict literal: a function that may return anything
    else is left alone."""

    def compute() -> list[tuple[cst.Dict, str]]:
        kinds: dict[int, tuple[cst.FunctionDef, str]] = {}
        for call in rule.nodes(cst.Call):
            parent = rule.parent(call)
            kind = None
            if isinstance(parent, cst.DictElement) and parent.value is call:
                outer = rule.parent(parent)
                event = payload_event(outer, rule.parent)
                key = string_value(parent.key)
                if event is not None and key is not None and PAYLOAD_EVENTS[event][0] == key:
                    kind = PAYLOAD_EVENTS[event][1]
            elif isinstance(parent, cst.Arg) and parent.value is call:
                found = connection_arg(rule.parent(parent)) if isinstance(rule.parent(parent), cst.Call) else None
                kind = found[1] if found is not None and found[0] is parent else None
            elif isinstance(parent, cst.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0].target, cst.Name):
                # `session = session_config()`, then `"session": session`: bound once to the call
                name = parent.targets[0].target.value
                kind = _names_sent(rule).get((name, scope_of(rule, parent)))
                if kind is not None and len(assigned_values(rule, name, parent)) != 1:
                    kind = None
            function = callee(rule, call) if kind is not None else None
            if function is not None:
                kinds.setdefault(id(function), (function, kind))
        out: list[tuple[cst.Dict, str]] = []
        for function, kind in kinds.values():
            out += [(value, kind) for value in dict_returns(rule, function)]
        return out

    return rule.tree.once(returned_configs, compute)


def _instances(rule: Rule) -> dict[str, set[str]]:
    """Names bound once, to an instance of a class of this module: name → the
    methods that class defines (`client = VoiceClient(ws)`; `client.update_session`)."""
    return rule.tree.once(_instances, lambda: _bound_instances(rule))


def _bound_instances(rule: Rule) -> dict[str, set[str]]:
    methods = {
        c.name.value: {f.name.value for f in rule.nodes(cst.FunctionDef, within=c)} for c in rule.nodes(cst.ClassDef)
    }
    bound: dict[str, list[cst.BaseExpression]] = {}
    for node in rule.nodes(cst.Assign):
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                bound.setdefault(target.target.value, []).append(node.value)
    out: dict[str, set[str]] = {}
    for name, values in bound.items():
        if len(values) == 1 and isinstance(values[0], cst.Call) and (dotted_name(values[0].func) or "") in methods:
            out[name] = methods[dotted_name(values[0].func) or ""]
    return out


def parameter(rule: Rule, call: cst.Call, arg: cst.Arg) -> tuple[cst.FunctionDef, cst.Param] | None:
    """(the function of this module a call reaches (see `callee`), the parameter
    that takes ``arg``)."""
    function = callee(rule, call)
    if function is None:
        return None
    params = list(function.params.params)
    if "." in (dotted_name(call.func) or "") and params and params[0].name.value in ("self", "cls"):
        params = params[1:]
    if arg.keyword is not None:
        found = next((p for p in params + list(function.params.kwonly_params) if p.name.value == arg.keyword.value), None)
    else:
        index = [a for a in call.args if a.keyword is None].index(arg)
        found = params[index] if index < len(params) else None
    return (function, found) if found is not None else None


def callee(rule: Rule, call: cst.Call) -> cst.FunctionDef | None:
    """The function of this module a call reaches, where that is certain: a
    function by its name, a method through `self` or `cls`, or through a name
    bound once to an instance of a class of this module; one definition of
    that name in the module."""
    head, _, last = (dotted_name(call.func) or "").rpartition(".")
    if not (head in ("", "self", "cls") or last in _instances(rule).get(head, ())):
        return None
    defined = [f for f in rule.nodes(cst.FunctionDef) if f.name.value == last]
    return defined[0] if len(defined) == 1 else None


def dict_returns(rule: Rule, function: cst.FunctionDef) -> list[cst.Dict]:
    """The dict literals a function of the module returns, where every return of its
    own (not of a function inside it) is one; none otherwise."""
    returns = [r for r in rule.nodes(cst.Return, within=function)
               if next((a for a in rule.ancestors(r) if isinstance(a, (cst.FunctionDef, cst.Lambda))), None) is function]
    return [r.value for r in returns] if returns and all(isinstance(r.value, cst.Dict) for r in returns) else []  # type: ignore[misc]


def scope_of(rule: Rule, node: cst.CSTNode) -> int:
    """The function a name used at ``node`` belongs to (0: the module)."""
    return next((id(a) for a in rule.ancestors(node) if isinstance(a, (cst.FunctionDef, cst.Lambda))), 0)


def assigned_values(rule: Rule, name: str, use: cst.CSTNode, annotated: bool = False) -> list[cst.BaseExpression]:
    """What ``name`` is assigned (`name = ...`, and with ``annotated`` `name: T = ...`),
    seen from ``use``: in its function, or else at the module's top. The config rules
    follow a name only where this is one dict literal (or literals of one shape on
    several paths); the session rule reports what they do not follow."""

    def compute() -> dict[tuple[str, int], list[tuple[cst.BaseExpression, bool]]]:
        table: dict[tuple[str, int], list[tuple[cst.BaseExpression, bool]]] = {}
        for node in rule.nodes(cst.Assign, cst.AnnAssign):
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            for target in targets:
                if isinstance(target, cst.Name) and node.value is not None:
                    table.setdefault((target.value, scope_of(rule, node)), []).append((node.value, isinstance(node, cst.AnnAssign)))
        return table

    table = rule.tree.once(assigned_values, compute)
    scope = scope_of(rule, use)
    found = [value for value, ann in table.get((name, scope), []) if annotated or not ann]
    if not found and scope:
        found = [value for value, ann in table.get((name, 0), []) if annotated or not ann]
    return found


def bound_dicts(rule: Rule, name: str, use: cst.CSTNode, kind: str) -> list[cst.Dict]:
    """The dict literals ``name`` is bound to, seen from ``use``, where the config rules
    follow it as a config of ``kind``: bound once, to one; or bound on several paths
    (`if fast: session = {...} else: session = {...}`) only ever to literals with the
    same keys, each with a plan of the same kind, which then move the same way, so
    that its reads move once for them all. Otherwise none."""
    branches = [literal_branches(v) for v in assigned_values(rule, name, use)]
    if not branches or None in branches:
        return []
    values = [d for each in branches for d in each]  # type: ignore[union-attr]
    if len(values) > 1:
        shapes = {_literal_keys(v) for v in values}  # type: ignore[arg-type]
        plans = [planned(rule, v, kind) for v in values]  # type: ignore[arg-type]
        if len(shapes) != 1 or None in shapes or None in plans or len({p.kind for p in plans if p is not None}) != 1:
            return []
    return values  # type: ignore[return-value]


def literal_branches(value: cst.BaseExpression) -> list[cst.Dict] | None:
    """The dict literals a value is, on each of its paths: `{...}` itself, or each side of
    `{...} if phone else {...}`; None where a path is anything else."""
    if isinstance(value, cst.Dict):
        return [value]
    if isinstance(value, cst.IfExp):
        body, orelse = literal_branches(value.body), literal_branches(value.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def _literal_keys(node: cst.Dict) -> frozenset[str] | None:
    """The keys of a dict literal, where each is a string written there."""
    keys = [string_value(e.key) if isinstance(e, cst.DictElement) else None for e in node.elements]
    return frozenset(keys) if None not in keys else None  # type: ignore[arg-type]


def whole_sessions(rule: Rule) -> list[cst.Dict]:
    """`SESSION = {"voice": ..., "input_audio_format": ..., ...}`: a dict literal bound to
    a name (at a module's top or in a function, as a plain `dict` where annotated) that
    holds the fields of a beta realtime session and nothing else (see
    `plans.session.whole_session`), bound nowhere else in its scope and spread into
    no other dict of the module. Where no
    request that rtmigrate sees sends it, it is still a session: its fix is offered,
    unsafe."""

    def compute() -> list[cst.Dict]:
        out = []
        spread = {e.value.value for e in rule.nodes(cst.StarredDictElement) if isinstance(e.value, cst.Name)}
        for node in rule.nodes(cst.Assign, cst.AnnAssign):
            value = node.value
            if isinstance(node, cst.Assign):
                target = node.targets[0].target if len(node.targets) == 1 else None
            else:  # annotated, as a plain `dict` only
                target = node.target if (dotted_name(_annotated(node.annotation.annotation)) or "").lower() == "dict" else None
            if not isinstance(target, cst.Name) or not isinstance(value, cst.Dict) or any(isinstance(a, cst.ClassDef) for a in rule.ancestors(node)):
                continue
            if assigned_values(rule, target.value, node, annotated=True) != [value]:
                continue  # bound again (on another path, say): what is sent is not this alone
            if target.value in spread:
                continue  # merged into another dict (`{**SESSION, **row}`): what is sent is not this alone
            keys = _literal_keys(value)
            if keys is not None and whole_session(list(keys)):
                out.append(value)
        return out

    return rule.tree.once(whole_sessions, compute)


def _annotated(annotation: cst.BaseExpression) -> cst.BaseExpression:
    """`dict` of `dict[str, Any]` (or of `Dict[...]`)."""
    return annotation.value if isinstance(annotation, cst.Subscript) else annotation


def written_configs(rule: Rule) -> list[tuple[cst.Assign, cst.BaseExpression, str]]:
    """`payload["session"] = session` (or `= {...}`), where `payload` is bound, seen from
    the write, once to a literal of an event that carries its config under that key
    (`{"type": "session.update"}`): (the write, the value written, the config's kind)."""

    def compute() -> list[tuple[cst.Assign, cst.BaseExpression, str]]:
        out = []
        for node in rule.nodes(cst.Assign):
            for target in node.targets:
                sub = target.target
                if not (isinstance(sub, cst.Subscript) and isinstance(sub.value, cst.Name) and isinstance(node.value, (cst.Name, cst.Dict))
                        and len(sub.slice) == 1 and isinstance(sub.slice[0].slice, cst.Index)):
                    continue
                key = string_value(sub.slice[0].slice.value)
                held = assigned_values(rule, sub.value.value, node)
                carries = kept_payload(held[0]) if len(held) == 1 and key is not None else None
                if carries is not None and carries[0] == key:
                    out.append((node, node.value, carries[1]))
        return out

    return rule.tree.once(written_configs, compute)


def _names_sent(rule: Rule) -> dict[tuple[str, int], str]:
    """The names a payload or a connection call of the module sends as a config, by
    the function they belong to: (name, scope) → the kind of config."""

    def compute() -> dict[tuple[str, int], str]:
        out: dict[tuple[str, int], str] = {}
        for node in rule.nodes(cst.Dict):
            carried = payload_value(node, rule.parent)
            if carried is not None and isinstance(carried[0], cst.Name):
                out.setdefault((carried[0].value, scope_of(rule, node)), carried[1])
        for call in rule.nodes(cst.Call):
            found = connection_arg(call)
            if found is not None and isinstance(found[0].value, cst.Name):
                out.setdefault((found[0].value.value, scope_of(rule, call)), found[1])
        return out

    return rule.tree.once(_names_sent, compute)
