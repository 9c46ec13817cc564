"""Event ``type`` names that GA renamed or gave a new meaning (facts §1, §2).

One planner per file (`_plan`) reads every beta name and decides what it is:
a beta name to rename (RT101), a beta name kept beside its GA name (RT103),
or deliberate compatibility that is left alone: a translation table's row
(beta name → GA name), and in GA code a name kept beside its GA name or a
server event built to fake a beta-speaking server. RT101 and RT103 report
its decisions and share its edits, so a group's one edit serves both.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import libcst as cst

from ..cstutil import dotted_name, remove_from, resolve_string, string_constants, string_value, with_string_value
from ...core.diagnostics import Applicability, Edit, Fix, Kind
from ...core.plans import events as json_text
from ..rule import Invalid, Rule
from .sdk import kept_beta_types
from ...core.tables.events import CLIENT_EVENT_RENAMES, EVENT_ALSO_ACCEPTED, EVENT_MEANING_CHANGED, EVENT_RENAMES, SHARED_GA_NAMES

_GA_NAMES = frozenset(row.ga for row in EVENT_RENAMES.values())
_CONTAINERS = (cst.List, cst.Tuple, cst.Set, cst.MatchOr, cst.Subscript)
RENAME, BESIDE = "RT101", "RT103"


@dataclass
class _Finding:
    code: str
    node: cst.SimpleString
    message: str
    fix: Fix | None
    hint: str | None = None


class _Planner:
    """Decides, once per file, what every beta event name is and how it is fixed."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.parent = rule.parent
        self.constants = rule.tree.once(string_constants, lambda: string_constants(rule.tree.module))
        self.drop_beside = rule.settings.is_enabled(BESIDE)
        self.found: list[_Finding] = []
        strings = rule.nodes(cst.SimpleString)
        self.candidates = [n for n in strings if string_value(n) in EVENT_RENAMES]
        # '{"type": "response.audio.delta", ...}': JSON text, as tests write raw messages
        self.json_texts = [
            (n, found) for n in strings
            if (found := json_text.json_event_names(n.value)) and not isinstance(self.parent(n), cst.Expr)  # not a docstring
        ]
        self.handled_ga = {v for n in strings if (v := string_value(n)) in _GA_NAMES and self._is_handler(n)}
        self.shared_named = {v for n in strings if (v := string_value(n)) in SHARED_GA_NAMES}
        self.ga_code = rule.context.ga
        # both names kept on purpose: GA code, or a file that also serves another provider (Azure Voice Live)
        self.both_kept = self.ga_code or bool(rule.context.other_hosts())
        self.dual: set[str] = set()  # GA code: beta names a group holds beside their GA names

    def _is_handler(self, node: cst.SimpleString) -> bool:
        """Is the string where code dispatches on an event: a comparison, a case
        pattern, a dict key, or an item of a group tested with `in`?"""
        parent = self.parent(node)
        if isinstance(parent, (cst.ComparisonTarget, cst.MatchValue)):
            return True
        if isinstance(parent, cst.DictElement):
            return parent.key is node
        if isinstance(parent, cst.Element):
            return isinstance(self.parent(self.parent(parent)), cst.ComparisonTarget)
        return False

    def _item_of(self, node: cst.SimpleString) -> tuple[cst.CSTNode, cst.CSTNode] | None:
        """(container, item) when the string is one item of a list-like group."""
        parent = self.parent(node)
        if isinstance(parent, (cst.MatchValue, cst.Index)):
            parent = self.parent(parent)
        if isinstance(parent, (cst.Element, cst.MatchOrElement, cst.SubscriptElement)):
            container = self.parent(parent)
            if isinstance(container, _CONTAINERS):
                return container, parent
        return None

    def _translation_row(self, node: cst.SimpleString) -> bool:
        """`{"response.text.delta": "response.output_text.delta"}`: a table that maps
        beta names to GA names (or back) is compatibility code, never migrated."""
        parent = self.parent(node)
        if not isinstance(parent, cst.DictElement):
            return False
        ga = EVENT_RENAMES[string_value(node)].ga
        other = parent.value if parent.key is node else parent.key
        return resolve_string(other, self.constants) == ga

    def _fakes_server(self, node: cst.SimpleString) -> bool:
        """`{"type": "response.text.delta", ...}`: a server event built in code."""
        parent = self.parent(node)
        return (
            isinstance(parent, cst.DictElement)
            and parent.value is node
            and string_value(parent.key) == "type"
            and string_value(node) not in CLIENT_EVENT_RENAMES
        )

    def plan(self) -> list[_Finding]:
        groups: dict[int, list[cst.SimpleString]] = defaultdict(list)
        containers: dict[int, tuple[cst.CSTNode, dict[int, cst.CSTNode]]] = {}
        if self.ga_code:
            self.dual = self._accepted_beside()
        for node in self.candidates:
            if self._translation_row(node) or (self.ga_code and self._fakes_server(node)):
                continue
            found = self._item_of(node)
            if found is None:
                self._single(node)
                continue
            container, item = found
            groups[id(container)].append(node)
            containers.setdefault(id(container), (container, {}))[1][id(node)] = item
        for key, nodes in groups.items():
            container, items = containers[key]
            self._group(container, nodes, items)
        for node, names in self.json_texts:
            if self.ga_code and json_text.only_server_events(names):
                continue  # GA code faking a server that still speaks beta, as for a dict
            edit = Edit(node, node.with_changes(value=json_text.renamed(node.value, names)))
            fix = Fix(json_text.applicability(names), "rename in the JSON text", (edit,))
            self.found.append(_Finding(RENAME, node, json_text.message(names), fix, json_text.HINT))
        return self.found

    def _accepted_beside(self) -> set[str]:
        """The beta names a group of this file holds beside their GA names."""
        found = set()
        for node in self.candidates:
            item = self._item_of(node)
            if item is not None:
                value = string_value(node)
                if EVENT_RENAMES[value].ga in {resolve_string(_item_value(i), self.constants) for i in _items(item[0])}:
                    found.add(value)
        return found

    def _add(self, code: str, node: cst.SimpleString, fix: Fix | None, hint: str | None = None) -> None:
        if code == BESIDE and self.both_kept:
            return  # GA code, or code that also serves another provider, accepts both names on purpose
        value = string_value(node)
        row = EVENT_RENAMES[value]
        if code == BESIDE:
            message = f'beta event "{value}" is kept beside its GA name "{row.ga}"'
        else:
            message = f'beta event "{value}" is "{row.ga}" in GA'
            hint = hint or row.note or None
        self.found.append(_Finding(code, node, message, fix, hint))

    def _single(self, node: cst.SimpleString) -> None:
        if string_value(node) in self.dual:
            return  # GA code that accepts both names keeps the declaration of the beta event it takes
        row = EVENT_RENAMES[string_value(node)]
        if self._joins_or_test(node):
            return
        built = self._built_with_beta_type(node)
        if built is not None:
            if self.ga_code:
                return  # GA code building a beta type it keeps on purpose (for a provider that still speaks beta)
            hint = f"`{built}` is a beta type this file keeps (RT202): the name moves when the type does"
            self._add(RENAME, node, None, hint)
            return
        parent = self.parent(node)
        if row.ga in self.handled_ga and self._is_handler(node):
            place = "dict key" if isinstance(parent, cst.DictElement) and parent.key is node else "branch"
            hint = f'this file also handles "{row.ga}": remove this beta {place} or merge it into the GA one'
            self._add(RENAME, node, None, hint)
            return
        if row.ga in self.shared_named and not self._event_data(node):
            hint = f'this file also names "{row.ga}": renaming would make two of one name; merge them by hand'
            self._add(RENAME, node, None, hint)
            return
        edit = Edit(node, with_string_value(node, row.ga))
        self._add(RENAME, node, Fix(row.applicability, f'rename to "{row.ga}"', (edit,)))

    def _event_data(self, node: cst.SimpleString) -> bool:
        """`{"type": "transcription_session.created", ...}`: an event's data (a test's fake
        of the server), where a second event of the GA name makes no duplicate."""
        parent = self.parent(node)
        return isinstance(parent, cst.DictElement) and parent.value is node and string_value(parent.key) == "type"

    def _built_with_beta_type(self, node: cst.SimpleString) -> str | None:
        """`ResponseTextDeltaEvent(type="response.text.delta", ...)` with a beta type
        the file keeps: its `type` is that class's literal, and stays with it."""
        arg = self.parent(node)
        call = self.parent(arg) if isinstance(arg, cst.Arg) and arg.keyword is not None and arg.keyword.value == "type" else None
        if not isinstance(call, cst.Call):
            return None
        name = dotted_name(call.func)
        return name if name in kept_beta_types(self.rule) else None

    def _joins_or_test(self, node: cst.SimpleString) -> bool:
        """`t == beta or t == GA` (or `t != beta and t != GA`) → keep only the GA test."""
        target = self.parent(node)
        comparison = self.parent(target) if isinstance(target, cst.ComparisonTarget) else None
        boolean = self.parent(comparison) if isinstance(comparison, cst.Comparison) else None
        if not isinstance(boolean, cst.BooleanOperation) or len(comparison.comparisons) != 1:
            return False
        operator = type(target.operator)
        if (operator, type(boolean.operator)) not in ((cst.Equal, cst.Or), (cst.NotEqual, cst.And)):
            return False
        other = boolean.right if boolean.left is comparison else boolean.left
        ga = EVENT_RENAMES[string_value(node)].ga
        if not (
            isinstance(other, cst.Comparison)
            and len(other.comparisons) == 1
            and isinstance(other.comparisons[0].operator, operator)
            and resolve_string(other.comparisons[0].comparator, self.constants) == ga
            and other.left.deep_equals(comparison.left)
        ):
            return False
        keep = other.with_changes(lpar=boolean.lpar, rpar=boolean.rpar) if boolean.lpar else other
        fix = Fix.safe(f'drop the beta test; "{ga}" is already tested', Edit(boolean, keep))
        self._add(BESIDE, node, fix if self.drop_beside else None)
        return True

    def _group(self, container: cst.CSTNode, nodes: list[cst.SimpleString], items: dict[int, cst.CSTNode]) -> None:
        present = {resolve_string(_item_value(item), self.constants) for item in _items(container)}
        if None in present:  # an alternative this file cannot read (a constant of another module) may be the GA name
            if not self.ga_code:  # in GA code that is the usual way to accept both names: nothing to say
                for node in nodes:
                    hint = "another alternative here is not a literal; check it is not the GA name before renaming"
                    self._add(RENAME, node, None, hint)
            return
        removed: list[cst.CSTNode] = []
        renamed: dict[int, cst.CSTNode] = {}
        beside: set[int] = set()
        for node in nodes:
            ga = EVENT_RENAMES[string_value(node)].ga
            item = items[id(node)]
            if ga in present:
                beside.add(id(node))
                if self.drop_beside:
                    removed.append(item)
            else:
                present.add(ga)
                renamed[id(item)] = _with_item_value(item, with_string_value(node, ga))
        if not beside:
            for node in nodes:  # no duplicate in this group: plain renames
                self._single(node)
            return
        if self.both_kept:  # GA code (or code serving another provider) keeps both names on purpose: touch nothing here
            for node in nodes:
                if id(node) not in beside:
                    self._add(RENAME, node, None, "this group also accepts GA names on purpose; check which it needs")
            return
        new_items = [renamed.get(id(item), item) for item in _items(container)]
        attr = _items_attr(container)
        replacement = remove_from(container.with_changes(**{attr: new_items}), attr, removed)
        unsafe = any(EVENT_RENAMES[string_value(n)].applicability is Applicability.UNSAFE for n in nodes)
        edit = Edit(container, replacement)
        applicability = Applicability.UNSAFE if unsafe else Applicability.SAFE
        for node in nodes:
            ga = EVENT_RENAMES[string_value(node)].ga
            if id(node) in beside:
                action, code = "drop the beta name", BESIDE
                if not self.drop_beside:
                    self._add(code, node, None)
                    continue
            else:
                action, code = f'rename to "{ga}"', RENAME
            self._add(code, node, Fix(applicability, f"{action}; the group already names the GA event", (edit,)))


def _plan(rule: Rule) -> list[_Finding]:
    return rule.tree.once(_Planner, lambda: _Planner(rule).plan())


class BetaEventName(Rule):
    """Beta Realtime event name that GA renamed.

    The GA server sends `response.output_text.delta` where the beta server sent
    `response.text.delta`; likewise for `response.text.done`, the four
    `response.audio*` events, and the `transcription_session.*` events, which
    became ordinary `session.*` events. Code that still compares against a beta
    name never sees its event again. Every string literal holding a beta name is
    found: in `==` / `!=` / `in` tests, `match` cases, dispatch-dict keys,
    lists, sets, tuples, constants, enum members and `Literal[...]`.

    Example:

        if event.type == "response.audio.delta":
            play(event.delta)

    Fix:

        if event.type == "response.output_audio.delta":
            play(event.delta)

    A name that is the `"type"` of JSON text in a string literal moves too:
    a test's raw server message (`'{"type": "response.audio.delta", ...}'`)
    or an expectation searched in what the code sent. Prose that mentions a
    name is left alone.

    Where the file handles the GA event somewhere else (another branch, case
    or dict key) the finding has no fix: joining two handlers needs a person.
    So does a transcription session's event (`transcription_session.updated`,
    the session's in GA) where the file already names the GA name: the rename
    would make two of one name (dict keys, `Literal[...]` classes of a
    discriminated union). An event's data (`{"type": ...}`) is renamed still.
    Renaming `transcription_session.update` is unsafe because its payload
    must become a GA session of type `"transcription"` as well.

    Left alone on purpose: a table that maps beta names to GA names, and, in
    GA code (code that already uses GA types, GA endpoints or GA session
    shapes), server events built with beta names, which fake a server that
    still speaks beta, and where a group accepts a beta name beside its GA
    name, that beta name wherever else it stands (the declaration of the beta
    event the code still takes). A beta name beside its GA name is RT103.
    """

    code = RENAME
    name = "beta-event-name"
    speaks = True

    VALID = (
        'import openai\nif event.type == "response.output_text.delta": pass\n',
        # no Realtime context: a private event bus that reuses the name
        'bus.emit("response.text.delta", payload)\n',
        # a translation table from beta names to GA names
        'import openai\nTO_GA = {"response.text.delta": "response.output_text.delta"}\n',
        # GA code faking a beta-speaking server in a test
        'from openai.types.realtime import SessionUpdateEvent\nfake = [{"type": "response.text.delta", "delta": "hi"}]\n',
        # prose naming an event, and JSON in a docstring, are no message
        'import openai\ndef f():\n    \'\'\'Sends {"type": "response.text.delta"} as the beta did.\'\'\'\n    log("waiting for response.text.delta")\n',
        # GA code building a beta type it imports under a name of its own, on purpose
        'from openai.types.realtime import RealtimeServerEvent\nfrom openai.types.beta.realtime import ResponseTextDeltaEvent as BetaText\n'
        'e = BetaText(type="response.text.delta", delta="x")\n',
        # GA code that accepts both names, and declares the beta event it still takes
        'from openai.types.realtime import RealtimeServerEvent\nAccepted = Literal["response.output_text.delta", "response.text.delta"]\n'
        'class TextDelta(BaseModel):\n    type: Literal["response.text.delta"]\n',
    )
    INVALID = (
        Invalid(
            'import openai\nif event.type == "response.text.delta": pass\n',
            'import openai\nif event.type == "response.output_text.delta": pass\n',
        ),
        Invalid(
            'import openai\nif t == "response.text.done": a()\nelif t == "response.output_text.done": b()\n',
            None,
        ),
        Invalid(
            'import openai\nmsg = {"type": "transcription_session.update"}\n',
            'import openai\nmsg = {"type": "session.update"}\n',
            unsafe=True,
        ),
        # two beta names that become one GA name, both written here: a person merges them
        Invalid(
            'import openai\nHANDLERS = {"session.updated": on_session, "transcription_session.updated": on_transcription}\n',
        ),
        # ... but an event's data (a test's fake of the server) makes no second one: renamed
        Invalid(
            'import openai\nWANTED = ("session.created",)\nfake = {"type": "transcription_session.created", "session": {"type": "transcription"}}\n',
            'import openai\nWANTED = ("session.created",)\nfake = {"type": "session.created", "session": {"type": "transcription"}}\n',
        ),
        # the `type` of a beta class this file keeps (RT202) stays with the class
        Invalid(
            "from openai.types.beta.realtime import ConversationItem, ResponseTextDeltaEvent\n"
            'item = ConversationItem(type="message")\n'
            'e = ResponseTextDeltaEvent(type="response.text.delta", item=item, delta="hi")\n',
        ),
        # a raw server message in a test
        Invalid(
            'import openai\nRAW = \'{"type": "response.audio.delta", "delta": "AAAA"}\'\n',
            'import openai\nRAW = \'{"type": "response.output_audio.delta", "delta": "AAAA"}\'\n',
        ),
    )

    def finish(self) -> None:
        for found in _plan(self):
            if found.code == self.code:
                self.report(found.node, found.message, found.fix, found.hint)


class BetaEventBesideGa(Rule):
    """Beta event name kept beside its GA name.

    Code that accepts both `"response.text.delta"` and
    `"response.output_text.delta"` in one list, set, tuple, `Literal[...]`,
    `case a | b` pattern or `or` test works on GA: the GA server only ever
    sends the GA name. The beta name is left over from the migration.
    Constants and enum members bound in the same file count as the names
    they hold (`case Events.TEXT_DELTA.value | "response.text.delta"`).

    Example:

        TEXT = ("response.text.delta", "response.output_text.delta")

    Fix:

        TEXT = ("response.output_text.delta",)

    Not reported in GA code (code that already uses GA types, GA endpoints
    or GA session shapes), or in a file that also serves another provider
    (Azure Voice Live): there both names are kept on purpose, for a
    provider or an older server that still speaks beta.
    """

    code = BESIDE
    name = "beta-event-beside-ga"
    speaks = True
    kind = Kind.LEFTOVER

    VALID = (
        'import openai\nTEXT = ("response.output_text.delta",)\n',
        # GA code that keeps both names for a server that still speaks beta
        'from openai.types.realtime import RealtimeServerEvent\nTEXT = ("response.text.delta", "response.output_text.delta")\n',
        # a bridge that also serves another provider (Azure Voice Live), which speaks the beta names
        'import openai\ndef config(live):\n    return CONFIGS["voicelive" if live else "realtime"]\n'
        'def on_audio(msg):\n    if msg["type"] in ("response.output_audio.delta", "response.audio.delta"):\n        play(msg)\n',
    )
    INVALID = (
        Invalid(
            "import openai\nKINDS = ('response.audio.delta', 'response.output_audio.delta')\n",
            "import openai\nKINDS = ('response.output_audio.delta',)\n",
        ),
        Invalid(
            'import openai\nok = t == "response.text.done" or t == "response.output_text.done"\n',
            'import openai\nok = t == "response.output_text.done"\n',
        ),
        Invalid(
            'import enum, openai\nclass E(enum.Enum):\n    TEXT = "response.output_text.delta"\n'
            'match t:\n    case E.TEXT.value | "response.text.delta": pass\n',
            'import enum, openai\nclass E(enum.Enum):\n    TEXT = "response.output_text.delta"\n'
            "match t:\n    case E.TEXT.value: pass\n",
        ),
    )

    def finish(self) -> None:
        for found in _plan(self):
            if found.code == self.code:
                self.report(found.node, found.message, found.fix, found.hint)


def _items_attr(container: cst.CSTNode) -> str:
    if isinstance(container, cst.MatchOr):
        return "patterns"
    if isinstance(container, cst.Subscript):
        return "slice"
    return "elements"


def _items(container: cst.CSTNode):
    return getattr(container, _items_attr(container))


def _item_value(item: cst.CSTNode) -> cst.CSTNode | None:
    if isinstance(item, cst.Element):
        return item.value
    if isinstance(item, cst.MatchOrElement):
        return item.pattern.value if isinstance(item.pattern, cst.MatchValue) else None
    if isinstance(item, cst.SubscriptElement):
        return item.slice.value if isinstance(item.slice, cst.Index) else None
    return None


def _with_item_value(item: cst.CSTNode, value: cst.SimpleString) -> cst.CSTNode:
    if isinstance(item, cst.Element):
        return item.with_changes(value=value)
    if isinstance(item, cst.MatchOrElement):
        return item.with_changes(pattern=item.pattern.with_changes(value=value))
    return item.with_changes(slice=item.slice.with_changes(value=value))


class ConversationItemCreated(Rule):
    """`conversation.item.created` changed meaning in GA.

    The event still exists, but GA adds `conversation.item.added` (an item
    joined the conversation) and `conversation.item.done` (the item is
    complete). Code that waits for `conversation.item.created` to read a
    finished item, such as a full transcript, reads it too early in GA.

    Example:

        if event.type == "conversation.item.created":
            save(event.item)

    Fix (unsafe), for a test of equality:

        if event.type in ("conversation.item.added", "conversation.item.created"):
            save(event.item)

    GA sends `conversation.item.added` where the beta sent
    `conversation.item.created`, with the same item and `previous_item_id`;
    the pinned package still types both, and the maintainers of the OpenAI
    Agents SDK migrated their own handler this way, keeping the old name
    beside the new. The fix is unsafe because the handler then runs for both
    names, and because a handler that needs the finished item (a full
    transcript, the last content part) should wait for
    `conversation.item.done` instead, which only a person can tell. Other
    forms (a dispatch table, a `match` case, a set of names) are reported
    without a fix.

    Not reported where the file already handles `conversation.item.added` or
    `conversation.item.done`.
    """

    code = "RT102"
    name = "conversation-item-created"
    kind = Kind.ADVICE

    VALID = ('import openai\nif t in ("conversation.item.created", "conversation.item.done"): pass\n',)
    INVALID = (
        Invalid(
            'import openai\nif t == "conversation.item.created": pass\n',
            'import openai\nif t in ("conversation.item.added", "conversation.item.created"): pass\n',
            unsafe=True,
        ),
        Invalid('import openai\nHANDLERS = {"conversation.item.created": on_item}\n'),
    )

    GA_SUCCESSORS = ("conversation.item.added", "conversation.item.done")

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.found: list[cst.SimpleString] = []
        self.handles_ga = False

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = string_value(node)
        if value in EVENT_MEANING_CHANGED:
            self.found.append(node)
        elif value in self.GA_SUCCESSORS:
            self.handles_ga = True

    def finish(self) -> None:
        if self.handles_ga:
            return
        for node in self.found:
            value = string_value(node)
            self.report(node, f'"{value}" changed meaning in GA', self._both(node, value), hint=EVENT_MEANING_CHANGED[value])

    def _both(self, node: cst.SimpleString, value: str | None) -> Fix | None:
        """`x == "conversation.item.created"` → `x in ("conversation.item.added", "conversation.item.created")`."""
        also = EVENT_ALSO_ACCEPTED.get(value or "")
        target = self.parent(node)
        comparison = self.parent(target) if isinstance(target, cst.ComparisonTarget) else target
        if not also or not isinstance(comparison, cst.Comparison) or len(comparison.comparisons) != 1:
            return None
        operator = comparison.comparisons[0].operator
        if not isinstance(operator, (cst.Equal, cst.NotEqual)):
            return None
        other = comparison.left if comparison.comparisons[0].comparator is node else comparison.comparisons[0].comparator
        if other is node or string_value(other) is not None:
            return None
        names = cst.Tuple([
            cst.Element(with_string_value(node, name), comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            for name in also
        ] + [cst.Element(node)])
        spacing = {"whitespace_before": operator.whitespace_before, "whitespace_after": operator.whitespace_after}
        new_operator = cst.In(**spacing) if isinstance(operator, cst.Equal) else cst.NotIn(**spacing)
        new = comparison.with_changes(left=other, comparisons=[cst.ComparisonTarget(new_operator, names)])
        return Fix.unsafe(f"also accept {', '.join(also)}", Edit(comparison, new))
