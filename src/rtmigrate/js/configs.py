"""Session, response and client-secret configs in JavaScript and TypeScript
object literals: where a payload's config is, and the decisions of
``core/plans/session.py`` written as text edits. The session, client-secret
and endpoint rules all write through here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.diagnostics import TextEdit
from ..core.plans.session import KEEP, Choice, Decision, Reckoned, audio_sides, carried, decide, whole_session
from ..core.tables.endpoints import SIP_ACCEPT_URL
from ..core.tables.node_sdk import BODY_KEY, STRINGIFY
from ..core.tables.session import AUDIO_FORMATS, PAYLOAD_EVENTS, RUNTIME_LOADERS
from . import syntax
from .engine import apply
from .layout import Style, block, line_start, reindent, span_of, style_of

if TYPE_CHECKING:
    from tree_sitter import Node


# --- the planner's decisions as text edits ---------------------------------------------


def _key_text(entry: "Node", name: str, style: Style) -> str:
    """``name`` written as the entry's own key is (quoted or not)."""
    key = entry.child_by_field_name("key") if entry.type == "pair" else None
    if key is not None and key.type == "string":
        quote = syntax.text(key)[0]
        return f"{quote}{name}{quote}"
    return style.key(name)


def _value_text(entry: "Node", value: object, style: Style, source: bytes, extra: str, typed: bool) -> str:
    if isinstance(value, Reckoned):
        return reckoned(entry if entry.type == "shorthand_property_identifier" else entry.child_by_field_name("value"), value, style, typed)
    if value is not KEEP:
        return style.literal(value)
    if entry.type == "shorthand_property_identifier":
        return syntax.text(entry)
    node = entry.child_by_field_name("value")
    return reindent(source[node.start_byte : node.end_byte].decode("utf-8"), extra)


# What holds a value without parentheses around it in `x.includes(...)`.
_PLAIN_HOLDERS = frozenset({"identifier", "shorthand_property_identifier", "member_expression", "subscript_expression", "call_expression"})


def reckoned(value: "Node", move: Reckoned, style: Style, typed: bool) -> str:
    """The GA value worked out when the code runs from a beta one it holds: the
    modalities as `modalities.includes("audio") ? ["audio"] : ["text"]` (in
    TypeScript, read as a list of strings, which a list of the app's own enum
    values is too); a format name looked up in a table of GA format objects,
    `({ pcm16: {...}, ... })[fmt]` (in TypeScript, `as const`, the name read as
    one of the table's keys)."""
    held = syntax.text(value)
    if value.type not in _PLAIN_HOLDERS:
        held = f"({held})"
    if move.format:
        table = style.literal(AUDIO_FORMATS)
        if typed:
            return f"({table} as const)[{held} as {' | '.join(style.string(name) for name in AUDIO_FORMATS)}]"
        return f"({table})[{held}]"
    if typed:
        held = f"({held} as readonly string[])"
    return f"{held}.includes({style.string('audio')}) ? [{style.string('audio')}] : [{style.string('text')}]"


def planned_edits(obj: "Node", decision: Decision, source: bytes, typed: bool = False) -> list[TextEdit]:
    """The edits that move the literal ``obj`` to its GA shape. ``typed``: TypeScript,
    where a config declared apart from its payload gets `type: "realtime" as const`,
    since a plain string would widen to `string` and no longer fit the GA type."""
    style = style_of(obj, source)
    items = list(syntax.entries(obj))
    edits: list[TextEdit] = []
    for move in sorted(decision.moves.values(), key=lambda m: m.index):
        if move.nested:
            continue
        entry = items[move.index]
        if entry.type == "shorthand_property_identifier":
            value_text = reckoned(entry, move.value, style, typed) if isinstance(move.value, Reckoned) else syntax.text(entry)
            edits.append(TextEdit(entry.start_byte, entry.end_byte, f"{style.key(move.path[0])}: {value_text}"))
            continue
        key = entry.child_by_field_name("key")
        edits.append(TextEdit(key.start_byte, key.end_byte, _key_text(entry, move.path[0], style)))
        if isinstance(move.value, Choice):  # each branch of the condition gets its own GA value
            value = syntax.unwrap(entry.child_by_field_name("value"))
            for side, option in zip(("consequence", "alternative"), move.value.options):
                branch = syntax.unwrap(value.child_by_field_name(side))
                edits.append(TextEdit(branch.start_byte, branch.end_byte, style.literal(option)))
        elif isinstance(move.value, Reckoned):
            value = entry.child_by_field_name("value")
            edits.append(TextEdit(value.start_byte, value.end_byte, reckoned(value, move.value, style, typed)))
        elif move.value is not KEEP:
            value = entry.child_by_field_name("value")
            edits.append(TextEdit(value.start_byte, value.end_byte, style.literal(move.value)))

    sides = audio_sides(decision)
    if sides:
        side_style, audio_style = style.deeper().deeper(), style.deeper()
        extra = style.step * 2 if style.multiline else ""
        moved: dict[str, list[tuple[str, str, str]]] = {}
        spans = {}
        for side, moves in sides.items():
            for move in moves:
                entry = items[move.index]
                span = spans[move.index] = span_of(entry, source)
                text = f"{_key_text(entry, move.path[-1], style)}: {_value_text(entry, move.value, style, source, extra, typed)}"
                moved.setdefault(side, []).append((span.comment_before, text, span.comment_after))
        if decision.audio is None:
            first = min(spans)
            span = spans[first]
            audio_text = f"{style.key('audio')}: " + block(
                [("", f"{style.key(side)}: {block(entries, side_style)}", "") for side, entries in moved.items()], audio_style
            )
            # every entry after the first moves too: `audio` ends the object, with no comma after it inline
            last = all(i in spans for i in range(first, len(items)))
            if span.whole_lines:
                new = style.inner + audio_text + ("," if span.comma else "") + "\n"
            elif span.comma and not last:
                new = audio_text + ", "
            elif span.start < items[first].start_byte:
                new = ", " + audio_text
            else:
                new = audio_text
            end, removals = span.end, []
            for i in sorted(spans):
                if i == first:
                    continue
                s = spans[i]
                if s.start < end:  # the last entry on the line took the comma the first one ends with
                    end = max(end, s.end)
                    if not s.comma and new.endswith(", "):
                        new = new[:-2]
                elif removals and s.start < removals[-1][1]:  # two entries on a line, the last one taking the comma between
                    removals[-1] = (removals[-1][0], max(removals[-1][1], s.end), items[i])
                else:
                    removals.append((s.start, s.end, items[i]))
            edits.append(TextEdit(span.start, end, new))
            for start, stop, last in removals:
                if stop == last.end_byte and not spans[items.index(last)].comma and not spans[items.index(last)].whole_lines:
                    # a run of entries that ends the object: it takes the comma before it too
                    run_first = next(items[i] for i in sorted(spans) if spans[i].start == start or items[i].start_byte == start)
                    before = run_first.prev_sibling
                    if before is not None and before.type == "," and before.start_byte >= end:
                        start = before.start_byte
                edits.append(TextEdit(start, stop, ""))
        else:
            audio = syntax.unwrap(items[decision.audio].child_by_field_name("value"))
            for side, entries in moved.items():
                inner = syntax.unwrap(syntax.pair_value(audio, side))
                if inner is not None and inner.type == "object":
                    edits.extend(_append(inner, entries, source))
                else:
                    audio_own = style_of(audio, source)
                    side_own = Style(audio_own.multiline, audio_own.inner + audio_own.step, audio_own.inner, audio_own.step,
                                     audio_own.trailing_comma, audio_own.quoted_keys, audio_own.quote, audio_own.padded)
                    edits.extend(_append(audio, [("", f"{audio_own.key(side)}: {block(entries, side_own)}", "")], source))
            edits.extend(TextEdit(s.start, s.end, "") for s in spans.values())

    if decision.add_type is not None:
        entry = f"{style.key('type')}: {style.string(decision.add_type)}"
        if typed and not _inline(obj):
            entry += " as const"
        if not items:
            edits.append(TextEdit(obj.start_byte, obj.end_byte, f"{{ {entry} }}" if style.padded else f"{{{entry}}}"))
        elif style.multiline:
            at = span_of(items[0], source)
            start = at.start if at.whole_lines else line_start(source, items[0].start_byte)
            edits.append(TextEdit(start, start, f"{style.inner}{entry},\n"))
        else:
            edits.append(TextEdit(items[0].start_byte, items[0].start_byte, f"{entry}, "))
    return edits


def _inline(obj: "Node") -> bool:
    """Is the config written inside its payload or call (`{ type: "session.update", session: {...} }`)?"""
    holder = obj.parent
    while holder is not None and holder.type == "parenthesized_expression":
        holder = holder.parent
    return holder is not None and holder.type in ("pair", "arguments")


def _append(obj: "Node", entries: list[tuple[str, str, str]], source: bytes) -> list[TextEdit]:
    """Edits that add ``entries`` at the end of the object literal ``obj``."""
    style = style_of(obj, source)
    items = list(syntax.entries(obj))
    if not items:
        return [TextEdit(obj.start_byte, obj.end_byte, block(entries, Style(False, "", "", style.step, False, style.quoted_keys, style.quote, True)))]
    last = items[-1]
    has_comma = last.next_sibling is not None and last.next_sibling.type == ","
    edits = [] if has_comma else [TextEdit(last.end_byte, last.end_byte, ",")]
    if style.multiline:
        span = span_of(last, source)
        lines = []
        for i, (before, text, after) in enumerate(entries):
            lines.extend(style.inner + c for c in filter(None, before.split("\n")))
            comma = "," if i < len(entries) - 1 or style.trailing_comma else ""
            lines.append(style.inner + text + comma + (" " + after if after else ""))
        at = span.end if span.whole_lines else obj.end_byte - 1
        edits.append(TextEdit(at, at, "\n".join(lines) + "\n"))
    else:
        at = last.next_sibling.end_byte if has_comma else last.end_byte
        edits.append(TextEdit(at, at, (" " if has_comma else ", ") + ", ".join(t for _, t, _ in entries)))
    return edits


def removed_entries(obj: "Node", decision: Decision) -> list["Node"]:
    """The entries of ``obj`` GA has no place for (`temperature`): left out by the fix."""
    items = list(syntax.entries(obj))
    return [items[index] for index, _ in decision.removed]


def dropped_entries(obj: "Node", decision: Decision) -> list["Node"]:
    """Those of them whose value the model would miss (not the beta's own default): their drop is unsafe."""
    items = list(syntax.entries(obj))
    return [items[index] for index, _ in decision.removed if index not in decision.restated]


def left_out(entry: "Node", source: bytes) -> TextEdit | None:
    """The edit that leaves an object's entry (or an array's item) out, with its comma; None where a comment goes with it."""
    span = span_of(entry, source)
    return None if span.comment_before or span.comment_after else TextEdit(span.start, span.end, "")


def dropped_edits(obj: "Node", decision: Decision, source: bytes, edits: list[TextEdit]) -> list[TextEdit] | None:
    """The edits that leave out the fields GA has no place for (`temperature`)
    beside the move's own ``edits``; None where one cannot be left out cleanly:
    a comment goes with it, or its text meets an edit of the move."""
    out: list[TextEdit] = []
    for entry in removed_entries(obj, decision):
        drop = left_out(entry, source)
        if drop is None:
            return None
        for edit in [*edits, *out]:
            if (edit.start < drop.end and drop.start < edit.end) if edit.start != edit.end else drop.start < edit.start < drop.end:
                return None
        out.append(drop)
    return out


def left_out_with_move(
    obj: "Node", decision: Decision, source: bytes, own: list[TextEdit], others: Sequence[TextEdit] = (), typed: bool = False,
) -> list[TextEdit] | None:
    """The edits that move the literal ``obj`` (``own``: the move's own) with the fields GA
    has no place for left out: the drops beside them, or, where a drop meets one of
    them, the literal written whole. ``others``: the fix's edits elsewhere, which a
    drop may not meet, nor the whole literal hold. None where a field cannot be left
    out (a comment goes with it)."""
    drops = dropped_edits(obj, decision, source, [*own, *others])
    if drops is not None:
        return [*own, *drops]
    whole = planned_text(obj, decision, source, typed)
    if whole is None or any(obj.start_byte <= e.start and e.end <= obj.end_byte for e in others):
        return None
    return [TextEdit(obj.start_byte, obj.end_byte, whole)]


def planned_text(obj: "Node", decision: Decision | None, source: bytes, typed: bool = False) -> str | None:
    """The literal ``obj`` as it reads once planned, the fields GA has no place for
    (`temperature`) left out; None where one cannot be left out (a comment goes with it)."""
    edits = planned_edits(obj, decision, source, typed) if decision is not None else []
    own = [TextEdit(e.start - obj.start_byte, e.end - obj.start_byte, e.text) for e in edits]
    text = apply(source[obj.start_byte : obj.end_byte], own).decode("utf-8")
    removed = {syntax.key_name(entry) for entry in removed_entries(obj, decision)} if decision is not None else set()
    return _without(text, removed) if removed else text


def _without(text: str, names: set[str]) -> str | None:
    """The object literal ``text`` read again, its entries named ``names`` left out."""
    prefix = b"x = "
    data = prefix + text.encode("utf-8")
    tree = syntax.parse(data, "typescript")
    found = next((n for n in syntax.descendants(tree.root_node) if n.type == "object"), None)
    if found is None or tree.root_node.has_error:
        return None
    drops = [left_out(entry, data) for entry in syntax.entries(found) if syntax.key_name(entry) in names]
    if None in drops:
        return None
    return apply(data, drops)[len(prefix) :].decode("utf-8")


def wrapped(obj: "Node", kind: str, source: bytes) -> str | None:
    """`{ session: { type: ..., <the object planned> } }`: the body GA mints
    ephemeral keys with; None when the body holds what has no place there."""
    config = syntax.config(obj)
    decision = decide(config, kind)
    inner = planned_text(obj, decision, source)
    if inner is None:
        return None
    style = style_of(obj, source)
    key = style.key("session")
    if not style.multiline:
        return f"{{ {key}: {inner} }}" if style.padded else f"{{{key}: {inner}}}"
    inside = style.closing + style.step
    return "{\n" + inside + f"{key}: " + reindent(inner, style.step) + ",\n" + style.closing + "}"


# --- finding configs -----------------------------------------------------------------------


@dataclass
class Found:
    obj: "Node"  # the config object
    kind: str
    event: "Node | None"  # the event name's string, when the payload's event is renamed too
    ga_event: str | None = None
    server: bool = False  # the session of a server event built here (a fake of the server, as tests build)
    # the name's other objects, where it is bound on several paths (`let session; if (phone) session = {...};
    # else session = {...}`): fixed with this one, in the one fix
    together: tuple["Node", ...] = ()
    declarator: "Node | None" = None  # the name's declaration, where it is bound so
    bindings: frozenset[int] = frozenset()  # the assignments that bind it, by id
    into: str | None = None  # the key of a payload it is written into (`payload.session = {...}`), followed from the payload
    unseen_request: bool = False  # a whole beta session declared with a name, whose request is not seen (see whole_session_object)


def whole_session_object(node: "Node") -> bool:
    """`const SESSION = { voice: ..., input_audio_format: ..., ... }`: an object literal
    declared with a name (and no type of the app's own) that holds the fields of a
    beta realtime session and nothing else (see `plans.session.whole_session`), bound
    nowhere else and spread into no other object of the file. Where no request that rtmigrate sees sends it, it is still a
    session: its fix is offered, unsafe."""
    holder = node.parent
    if holder is None or holder.type != "variable_declarator" or holder.child_by_field_name("type") is not None:
        return False
    value, name = holder.child_by_field_name("value"), holder.child_by_field_name("name")
    if value is None or value.id != node.id or name is None or name.type != "identifier":
        return False
    entries = list(syntax.entries(node))
    if not (all(e.type == "pair" for e in entries) and whole_session([syntax.entry_key(e) for e in entries])):
        return False
    named = syntax.text(name)
    declaration = holder.parent
    fixed = declaration is not None and declaration.type == "lexical_declaration" and syntax.text(declaration).startswith("const")
    for n in syntax.descendants(syntax.root(node)):
        if n.type == "spread_element" and n.named_children and syntax.text(n.named_children[0]) == named:
            return False  # merged into another object (`{ ...DEFAULTS, ...row }`): what is sent is not this alone
        if not fixed and n.type in ("assignment_expression", "augmented_assignment_expression"):
            left = n.child_by_field_name("left")
            if left is not None and left.type == "identifier" and syntax.text(left) == named:
                return False  # `let session = {...}`, bound again somewhere: likewise
    return True


def payload_event(node: "Node") -> tuple["Node | None", str | None]:
    """The event a payload object is: its `type` (the string node, and its text), or
    the name a client that takes the event apart from its data gives it, just
    before it (`rt.send("session.update", { session })`: no node then, as GA keeps
    that name)."""
    event = syntax.pair_value(node, "type")
    if event is not None:
        return event, syntax.string_value(event)
    holder = node.parent
    call = holder.parent if holder is not None and holder.type == "arguments" else None
    args = syntax.arguments(call) if call is not None and call.type == "call_expression" else []
    if len(args) >= 2 and args[-1] == node:  # (`send(ws, "session.update", {...})` too: the data comes last)
        name = syntax.string_value(args[-2])
        if name in PAYLOAD_EVENTS and PAYLOAD_EVENTS[name][2] == name:
            return None, name
    return None, None


def _sent_by_name(node: "Node") -> "tuple[Node, Node | None, str, str] | None":
    """`{ type: "session.update", session: opts }` (an event that keeps its name in GA):
    (the name sent, the value it is declared with once in the file, the config's kind,
    the event's GA name)."""
    _, name = payload_event(node)
    if name not in PAYLOAD_EVENTS:
        return None
    key, kind, ga_event = PAYLOAD_EVENTS[name]
    if name != ga_event:
        return None
    held = syntax.unwrap(syntax.pair_value(node, key))
    if held is None:
        held = next((e for e in syntax.entries(node) if e.type == "shorthand_property_identifier" and syntax.text(e) == key), None)
    if held is None or held.type not in ("identifier", "shorthand_property_identifier"):
        return None
    here, _ = _declared_here(node, syntax.text(held))
    value = syntax.unwrap(here[0].child_by_field_name("value")) if len(here) == 1 else None
    return held, value, kind, ga_event


def _declared_here(node: "Node", name: str) -> "tuple[list[Node], Node | None]":
    """The declarations of ``name`` that code at ``node`` sees (in its function, or the
    nearest one around it that declares it), and the function they are in (None: the
    module)."""
    declared = [
        n for n in syntax.descendants(syntax.root(node))
        if n.type == "variable_declarator" and (named := n.child_by_field_name("name")) is not None
        and named.type == "identifier" and syntax.text(named) == name
    ]
    scope = _enclosing_function(node)
    while True:
        here = [d for d in declared if _enclosing_function(d) == scope]
        if here or scope is None:
            return here, scope
        scope = _enclosing_function(scope)


def named_config(node: "Node") -> Found | None:
    """`{ type: "session.update", session: opts }`, where `opts` is declared once in
    the file with an object literal (an event that keeps its name in GA), or bound on
    each path to object literals of the same keys (see :func:`_bound_objects`)."""
    sent = _sent_by_name(node)
    if sent is None:
        return None
    bound = _bound_objects(node, syntax.text(sent[0])) if sent[1] is None or sent[1].type in ("object", "ternary_expression") else None
    if bound is not None and (bound[2] or len(bound[1]) > 1):
        declarator, objects, bindings = bound
        return Found(objects[0], sent[2], None, sent[3], together=tuple(objects[1:]), declarator=declarator, bindings=bindings)
    if sent[1] is not None and sent[1].type == "object":
        return Found(sent[1], sent[2], None, sent[3])  # (bound again otherwise: its fix names that)
    return None


def _bound_objects(payload: "Node", name: str) -> "tuple[Node, list[Node], frozenset[int]] | None":
    """`let session; if (phone) { session = {...}; } else { session = {...}; }` (or `let
    session = {...}`, then `session = {...}` on a path): (the declaration the payload
    sees, the object literals the name is bound to, the assignments that bind it), where
    every binding of the name in its function is a plain `=` of an object literal, and
    all of them have the same keys, so that they move the same way."""
    here, scope = _declared_here(payload, name)
    if len(here) != 1:
        return None
    declarator = here[0]
    objects = []
    first = syntax.unwrap(declarator.child_by_field_name("value"))
    if first is not None:
        sides = object_sides(first)  # `{...}`, or `phone ? {...} : {...}`
        if sides is None:
            return None
        objects += sides
    bindings = []
    for node in syntax.descendants(scope if scope is not None else syntax.root(payload)):
        if node.type in ("assignment_expression", "augmented_assignment_expression", "update_expression"):
            target = node.child_by_field_name("left") or node.child_by_field_name("argument")
            if target is None or target.type != "identifier" or syntax.text(target) != name:
                continue
            value = syntax.unwrap(node.child_by_field_name("right"))
            if node.type != "assignment_expression" or value is None or value.type != "object" or _enclosing_function(node) != scope:
                return None
            objects.append(value)
            bindings.append(node.id)
    shapes = {tuple(sorted(str(syntax.entry_key(e)) for e in syntax.entries(o))) for o in objects}
    if not objects or len(shapes) != 1 or any(e.type != "pair" for o in objects for e in syntax.entries(o)):
        return None
    return declarator, objects, frozenset(bindings)


def object_sides(value: "Node") -> "list[Node] | None":
    """The object literals a value is, on each of its paths: `{...}` itself, or each side
    of `phone ? {...} : {...}`; None where a path is anything else."""
    value = syntax.unwrap(value)
    if value is not None and value.type == "object":
        return [value]
    if value is not None and value.type == "ternary_expression":
        consequence = value.child_by_field_name("consequence")
        alternative = value.child_by_field_name("alternative")
        one = object_sides(consequence) if consequence is not None else None
        other = object_sides(alternative) if alternative is not None else None
        return one + other if one is not None and other is not None else None
    return None


def loaded_config(node: "Node") -> "tuple[Node, Node] | None":
    """`{ type: "session.update", session: opts }`, where `opts` is declared once in the
    file with what the code reads when it runs (`JSON.parse(...)`): (the name sent,
    the call that reads it)."""
    sent = _sent_by_name(node)
    if sent is not None:
        held, value = sent[0], sent[1]
    else:  # `session: JSON.parse(text)` itself
        _, name = payload_event(node)
        held = value = syntax.unwrap(syntax.pair_value(node, PAYLOAD_EVENTS[name][0])) if name in PAYLOAD_EVENTS else None
    value = _awaited(value)
    if value is None or value.type != "call_expression":
        return None
    return (held, value) if _called(value) in RUNTIME_LOADERS else None


def accept_config(node: "Node") -> Found | None:
    """The body of a request that accepts a SIP call (`fetch(`.../realtime/calls/${id}/accept`,
    { body: JSON.stringify({...}) })`, `axios.post(url, {...})`): the session itself,
    its fields at the top as GA takes them."""
    holder = node.parent
    while holder is not None and holder.type in ("parenthesized_expression", "as_expression", "satisfies_expression"):
        holder = holder.parent
    call = holder.parent if holder is not None and holder.type == "arguments" else None
    if call is not None and syntax.member_path(call.child_by_field_name("function")) == list(STRINGIFY):
        pair = call.parent
        if pair is None or pair.type != "pair" or syntax.key_name(pair) != BODY_KEY or pair.parent is None:
            return None
        options = pair.parent
        arguments = options.parent
        call = arguments.parent if arguments is not None and arguments.type == "arguments" else None
    elif call is not None and call.type == "call_expression" and syntax.text(call.child_by_field_name("function")) == "fetch":
        return None  # `fetch(url, {...})`: its options, not its body
    if call is None or call.type != "call_expression":
        return None
    args = syntax.arguments(call)
    url = syntax.unwrap(args[0]) if args else None
    if url is None or url.type not in ("string", "template_string") or not SIP_ACCEPT_URL.search(syntax.text(url)):
        return None
    return Found(node, "realtime", None)


def payload_config(node: "Node") -> Found | None:
    """`{ type: "session.update", session: {...} }` and the like, and a server event
    built here (`{ type: "session.created", session: {...} }`, as a test fakes the server)."""
    event, name = payload_event(node)
    what = carried(name)
    if what is None or (what[3] and event is None):  # a server event has a `type` of its own
        return None
    key, kind, ga_event, server = what
    inner = syntax.unwrap(syntax.pair_value(node, key))
    if inner is None or inner.type != "object":
        return None
    return Found(inner, kind, event if name != ga_event else None, ga_event, server)


FUNCTION_TYPES = (
    "function_declaration", "function_expression", "function", "arrow_function", "method_definition",
    "generator_function", "generator_function_declaration",
)


# Wrappers an app's function may be declared in and still be that function (React's `useCallback`).
_FUNCTION_WRAPPERS = frozenset({"useCallback"})


def parameters(function: "Node") -> list["Node | None"]:
    """A function's parameters in order, each the identifier it binds (None: a
    pattern, a rest); a default value (`data = {}`) and a type annotation aside."""
    single = function.child_by_field_name("parameter")  # `p => ...`
    if single is not None:
        return [single if single.type == "identifier" else None]
    params = function.child_by_field_name("parameters")
    out: list["Node | None"] = []
    for param in params.named_children if params is not None else []:
        if param.type == "comment":
            continue
        if param.type in ("required_parameter", "optional_parameter"):
            param = param.child_by_field_name("pattern") or param
        elif param.type == "assignment_pattern":
            param = param.child_by_field_name("left") or param
        out.append(param if param.type == "identifier" else None)
    return out


def file_functions(root: "Node") -> dict[str, "Node"]:
    """The file's functions by the one name each is declared with: `function f`,
    `const f = (...) => ...`, `const f = useCallback((...) => ..., deps)` (a name
    declared twice is left out: which one a call reaches is not known here)."""
    found: dict[str, list["Node"]] = {}
    for node in syntax.descendants(root):
        if node.type in ("function_declaration", "generator_function_declaration") and (name := node.child_by_field_name("name")) is not None:
            found.setdefault(syntax.text(name), []).append(node)
        elif node.type == "variable_declarator" and (name := node.child_by_field_name("name")) is not None and name.type == "identifier":
            value = syntax.unwrap(node.child_by_field_name("value"))
            if value is not None and value.type == "call_expression" and syntax.text(value.child_by_field_name("function")) in _FUNCTION_WRAPPERS:
                args = syntax.arguments(value)
                value = syntax.unwrap(args[0]) if args else None
            found.setdefault(syntax.text(name), []).append(value if value is not None else node)
    return {name: defined[0] for name, defined in found.items() if len(defined) == 1 and defined[0].type in FUNCTION_TYPES}


def sent_parameters(root: "Node") -> dict[str, tuple[int, str, str, "Node"]]:
    """The file's functions that send one of their parameters as a config: name →
    (its place among the arguments, the kind of config, the event's GA name, the
    object the function sends it in), for `{ type: "session.update", session:
    params }` (or `session: { ...params }`)."""
    out: dict[str, tuple[int, str, str, "Node"]] = {}
    names = {function.id: name for name, function in file_functions(root).items()}
    for node in syntax.descendants(root):
        if node.type != "object":
            continue
        event, event_name = payload_event(node)
        what = carried(event_name)
        if what is None or what[3] or what[2] != event_name:
            continue  # (a server event, or an event whose name changes too: left to its own fix)
        held = syntax.unwrap(syntax.pair_value(node, what[0]))
        if held is not None and held.type == "object":
            inner = list(syntax.entries(held))
            held = syntax.unwrap(inner[0].named_children[0]) if len(inner) == 1 and inner[0].type == "spread_element" else None
        function = _enclosing_function(node)
        name = names.get(function.id) if function is not None else None
        if held is None or held.type != "identifier" or name is None or name in out:
            continue
        params = [syntax.text(p) if p is not None else None for p in parameters(function)]
        if syntax.text(held) in params:
            # (what else the function does with it, the fix of each caller's object follows, or names)
            out[name] = (params.index(syntax.text(held)), what[1], what[2], node)
    return out


def helper_config(node: "Node", helpers: Callable[["Node"], dict[str, tuple[int, str, str, "Node"]]]) -> Found | None:
    """An object a caller hands to a function of the file that sends that parameter
    as a config (see :func:`sent_parameters`): `updateSession({ voice: "ash" })`.
    ``helpers``: the file's senders, worked out once per file from its root."""
    holder = node.parent
    call = holder.parent if holder is not None and holder.type == "arguments" else None
    function = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
    if function is None or function.type != "identifier":
        return None
    root = syntax.root(call)
    sender = helpers(root).get(syntax.text(function))
    args = syntax.arguments(call)
    if sender is None or sender[0] >= len(args) or args[sender[0]] != node:
        return None
    return Found(node, sender[1], None, sender[2])


def returning_function(obj: "Node") -> tuple["Node", str] | None:
    """(the function, its name) when ``obj`` is what a named function of the file
    returns: `return {...}` in `function f()`, or `const f = () => ({...})`."""
    holder, parent = obj, obj.parent
    while parent is not None and parent.type == "parenthesized_expression":
        holder, parent = parent, parent.parent
    if parent is None:
        return None
    if parent.type == "return_statement":
        function = parent.parent
        while function is not None and function.type not in FUNCTION_TYPES:
            function = function.parent
    elif parent.type == "arrow_function" and parent.child_by_field_name("body") == holder:
        function = parent
    else:
        return None
    if function is None:
        return None
    if function.type in ("function_declaration", "generator_function_declaration"):
        name = function.child_by_field_name("name")
    elif function.type == "method_definition":
        name = function.child_by_field_name("name")
        return (function, syntax.text(name)) if name is not None and _private(function) else None
    else:
        declarator = function.parent
        name = declarator.child_by_field_name("name") if declarator is not None and declarator.type == "variable_declarator" else None
    if name is None or name.type != "identifier":
        return None
    return function, syntax.text(name)


def _private(method: "Node") -> bool:
    """Is a class's method its own (`private build()`, `#build()`): called only from
    the class, through `this`?"""
    name = method.child_by_field_name("name")
    if name is not None and name.type == "private_property_identifier":
        return True
    return any(c.type == "accessibility_modifier" and syntax.text(c) == "private" for c in method.children)


def method_calls(method: "Node", name: str) -> list["Node"]:
    """The calls of a class's own method ``name`` through `this` in its class (`this.build()`)."""
    owner = method.parent
    return [
        n for n in (syntax.descendants(owner) if owner is not None else ())
        if n.type == "call_expression" and (f := n.child_by_field_name("function")) is not None and f.type == "member_expression"
        and syntax.text(f.child_by_field_name("object")) == "this" and syntax.text(f.child_by_field_name("property")) == name
    ]


def calls_of(root: "Node", name: str) -> list["Node"]:
    """The calls of the file's function ``name`` by its name (`f(...)`)."""
    return [
        n for n in syntax.descendants(root)
        if n.type == "call_expression" and (f := n.child_by_field_name("function")) is not None and f.type == "identifier" and syntax.text(f) == name
    ]


def returned_config(node: "Node") -> Found | None:
    """What a function of the file returns where a payload sends the function's result
    as its config (`{ type: "session.update", session: sessionConfig() }`): every
    return of the function is an object literal, and each is a config of that kind."""
    found = returning_function(node)
    if found is None:
        return None
    function, name = found
    if not _returns_objects(function):
        return None
    root = syntax.root(node)
    kinds = set()
    for call in calls_of(root, name):
        holder, pair = call, call.parent
        while pair is not None and pair.type in ("parenthesized_expression", "await_expression"):
            holder, pair = pair, pair.parent
        if pair is not None and pair.type == "variable_declarator" and pair.child_by_field_name("value") == holder:
            kinds |= _declared_sent(pair)  # `const session = sessionConfig()`, then `{ ..., session }`
            continue
        if pair is None or pair.type != "pair" or pair.child_by_field_name("value") != holder:
            continue
        key = syntax.key_name(pair)
        what = carried(payload_event(pair.parent)[1]) if pair.parent is not None else None
        if what is not None and not what[3] and what[0] == key:
            kinds.add(what[1])
    return Found(node, kinds.pop(), None) if len(kinds) == 1 else None


def _declared_sent(declarator: "Node") -> set[str]:
    """The kinds of config the payloads of the declarator's function send its name as,
    where those payloads see that declarator (see :func:`_sent_by_name`)."""
    name = declarator.child_by_field_name("name")
    if name is None or name.type != "identifier":
        return set()
    scope = _enclosing_function(declarator)
    kinds = set()
    for node in syntax.descendants(scope if scope is not None else syntax.root(declarator)):
        if node.type == "object" and (sent := _sent_by_name(node)) is not None and syntax.text(sent[0]) == syntax.text(name):
            value = sent[1]
            if value is not None and value == syntax.unwrap(declarator.child_by_field_name("value")):
                kinds.add(sent[2])
    return kinds


def _awaited(node: "Node | None") -> "Node | None":
    """What an `await` waits for (the node itself, where it is no `await`)."""
    while node is not None and node.type == "await_expression":
        node = syntax.unwrap(node.named_children[0]) if node.named_children else None
    return node


def _called(call: "Node") -> str:
    """The dotted name a call calls (`JSON.parse`), or ""."""
    return ".".join(syntax.member_path(call.child_by_field_name("function")) or [])


def _enclosing_function(node: "Node") -> "Node | None":
    current = node.parent
    while current is not None and current.type not in FUNCTION_TYPES:
        current = current.parent
    return current


def configs_returned_for(payload: "Node") -> list[Found]:
    """The objects a function of the file returns, where ``payload`` sends a call of
    it as its config (`{ type: "session.update", session: sessionConfig() }`)."""
    _, name = payload_event(payload)
    what = carried(name)
    if what is None or what[3]:
        return []
    held = syntax.unwrap(syntax.pair_value(payload, what[0]))
    if held is None or held.type in ("identifier", "shorthand_property_identifier") or held.type == "object":
        sent = _sent_by_name(payload)  # `const session = sessionConfig()`, then `{ ..., session }`
        held = sent[1] if sent is not None else None
    held = _awaited(held)
    function = held.child_by_field_name("function") if held is not None and held.type == "call_expression" else None
    if function is None or function.type != "identifier":
        return []
    root = syntax.root(payload)
    out = []
    for node in syntax.descendants(root):
        if node.type == "object" and (found := returning_function(node)) is not None and found[1] == syntax.text(function):
            config = returned_config(node)
            if config is not None:
                out.append(config)
    return out


def unseen_config(payload: "Node") -> "Node | None":
    """The config a payload that keeps its event's name sends (`{ type: "session.update",
    session: x }`), where it is built where rtmigrate cannot see it: not a literal, not a
    name declared once here with one (or with what the code reads when it runs), not a
    parameter of its function (its callers give it), not what a function of the file
    returns. None otherwise."""
    _, name = payload_event(payload)
    if name not in PAYLOAD_EVENTS or PAYLOAD_EVENTS[name][2] != name:
        return None
    key = PAYLOAD_EVENTS[name][0]
    held = syntax.unwrap(syntax.pair_value(payload, key))
    if held is None:
        held = next((e for e in syntax.entries(payload) if e.type == "shorthand_property_identifier" and syntax.text(e) == key), None)
    held = _awaited(held)
    if held is None or held.type == "object" or held.type in ("null", "undefined"):
        return None
    if held.type == "call_expression":
        return None if _called(held) in RUNTIME_LOADERS or configs_returned_for(payload) else held
    if held.type in ("identifier", "shorthand_property_identifier"):
        sent = _sent_by_name(payload)
        value = _awaited(sent[1]) if sent is not None else None
        if value is not None:
            called = _called(value) if value.type == "call_expression" else ""
            function = file_functions(syntax.root(payload)).get(called)
            returned = function is not None and _returns_objects(function)
            return None if value.type == "object" or called in RUNTIME_LOADERS or returned else held
        function = _enclosing_function(payload)
        while function is not None:  # a parameter of its function, or of one around it
            if syntax.text(held) in [syntax.text(p) for p in parameters(function) if p is not None]:
                return None
            function = _enclosing_function(function)
        return held
    return held


def _returns_objects(function: "Node") -> bool:
    """Does every return of a function of the file give an object literal?"""
    returns = [n for n in syntax.descendants(function) if n.type == "return_statement" and _enclosing_function(n) == function]
    bodies = [syntax.unwrap(r.named_children[0]) if r.named_children else None for r in returns]
    if function.type == "arrow_function" and not returns:
        bodies = [syntax.unwrap(function.child_by_field_name("body"))]
    return bool(bodies) and all(b is not None and b.type == "object" for b in bodies)


def keyless_payload(payload: "Node") -> bool:
    """`{ type: "session.update" }` written with no session (an event that keeps its name
    and carries one): what it sends is added later, where it is not followed."""
    _, name = payload_event(payload)  # (written with its `type`, or the data of an event named apart)
    if name not in PAYLOAD_EVENTS or PAYLOAD_EVENTS[name][2] != name:
        return False
    key = PAYLOAD_EVENTS[name][0]
    return all(syntax.entry_key(e) != key for e in syntax.entries(payload)) and not any(e.type == "spread_element" for e in syntax.entries(payload))


def written_config(obj: "Node") -> Found | None:
    """`payload.session = {...}` (or `payload["session"] = {...}`), where `payload` is
    declared, as the write sees it, with a literal of an event that keeps its name and
    carries its config under that key, written with none (`{ type: "session.update" }`):
    the config, with the payload's declaration and the write (followed from there)."""
    write = obj.parent
    while write is not None and write.type in ("parenthesized_expression", "as_expression", "satisfies_expression"):
        write = write.parent
    if write is None or write.type != "assignment_expression" or syntax.unwrap(write.child_by_field_name("right")) != obj:
        return None
    target = write.child_by_field_name("left")
    holder = target.child_by_field_name("object") if target is not None and target.type in ("member_expression", "subscript_expression") else None
    if target is None or holder is None or holder.type != "identifier":
        return None
    key = syntax.text(target.child_by_field_name("property")) if target.type == "member_expression" else syntax.string_value(target.child_by_field_name("index"))
    here, _ = _declared_here(write, syntax.text(holder))
    payload = syntax.unwrap(here[0].child_by_field_name("value")) if len(here) == 1 else None
    if payload is None or payload.type != "object" or not keyless_payload(payload):
        return None
    _, name = payload_event(payload)
    config_key, kind, ga_event = PAYLOAD_EVENTS[name]  # type: ignore[index]
    if key != config_key:
        return None
    return Found(obj, kind, None, ga_event, declarator=here[0], bindings=frozenset({write.id}), into=key)


def written_into(payload: "Node") -> list[Found]:
    """The configs a payload written with none is given later, by writes that
    :func:`written_config` follows (`payload.session = {...}`)."""
    declarator = payload.parent
    name = declarator.child_by_field_name("name") if declarator is not None and declarator.type == "variable_declarator" else None
    if name is None or name.type != "identifier":
        return []
    scope = syntax.enclosing(declarator, *FUNCTION_TYPES) or syntax.root(payload)
    return [
        found for node in syntax.descendants(scope)
        if node.type == "object" and (found := written_config(node)) is not None and found.declarator == declarator
    ]
