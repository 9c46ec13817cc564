"""Event ``type`` names that GA renamed or gave a new meaning (facts §1, §2)."""

from __future__ import annotations

from collections import defaultdict

import libcst as cst

from ..cstutil import remove_from, string_value, with_string_value
from ..diagnostics import Applicability, Edit, Fix
from ..rule import Invalid, Rule
from ..tables.events import EVENT_MEANING_CHANGED, EVENT_RENAMES

_GA_NAMES = frozenset(row.ga for row in EVENT_RENAMES.values())
_CONTAINERS = (cst.List, cst.Tuple, cst.Set, cst.MatchOr, cst.Subscript)


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

    Where the same list, tuple, set, `Literal[...]`, `case a | b` pattern or
    `or` test already names the GA event, the beta name is removed instead of
    renamed, so the GA name never appears twice. Where the file handles the GA
    event somewhere else (another branch, case or dict key) the finding has no
    fix: joining two handlers needs a person. Renaming
    `transcription_session.update` is unsafe because its payload must become a
    GA session of type `"transcription"` as well.
    """

    code = "RT101"
    name = "beta-event-name"

    VALID = (
        'import openai\nif event.type == "response.output_text.delta": pass\n',
        # no Realtime context: a private event bus that reuses the name
        'bus.emit("response.text.delta", payload)\n',
    )
    INVALID = (
        Invalid(
            'import openai\nif event.type == "response.text.delta": pass\n',
            'import openai\nif event.type == "response.output_text.delta": pass\n',
        ),
        Invalid(
            "import openai\nKINDS = ('response.audio.delta', 'response.output_audio.delta')\n",
            "import openai\nKINDS = ('response.output_audio.delta',)\n",
        ),
        Invalid(
            'import openai\nok = t == "response.text.done" or t == "response.output_text.done"\n',
            'import openai\nok = t == "response.output_text.done"\n',
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
    )

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.candidates: list[cst.SimpleString] = []
        self.handled_ga: set[str] = set()  # GA names this file already dispatches on

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = string_value(node)
        if value in EVENT_RENAMES:
            self.candidates.append(node)
        elif value in _GA_NAMES and self._is_handler(node):
            self.handled_ga.add(value)

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

    # --- deciding, with the whole file seen ---------------------------------
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

    def finish(self) -> None:
        groups: dict[int, list[cst.SimpleString]] = defaultdict(list)
        containers: dict[int, tuple[cst.CSTNode, dict[int, cst.CSTNode]]] = {}
        for node in self.candidates:
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

    def _report(self, node: cst.SimpleString, fix: Fix | None, hint: str | None = None) -> None:
        value = string_value(node)
        row = EVENT_RENAMES[value]
        message = f'beta event "{value}" is "{row.ga}" in GA'
        if row.note:
            hint = hint or f"{row.note}"
        self.report(node, message, fix, hint)

    def _fix(self, applicability: Applicability, description: str, edit: Edit) -> Fix:
        return Fix(applicability, description, (edit,))

    def _single(self, node: cst.SimpleString) -> None:
        row = EVENT_RENAMES[string_value(node)]
        if self._joins_or_test(node):
            return
        parent = self.parent(node)
        if row.ga in self.handled_ga and self._is_handler(node):
            place = "dict key" if isinstance(parent, cst.DictElement) and parent.key is node else "branch"
            self._report(
                node,
                None,
                f'this file also handles "{row.ga}": remove this beta {place} or merge it into the GA one',
            )
            return
        edit = Edit(node, with_string_value(node, row.ga))
        self._report(node, self._fix(row.applicability, f'rename to "{row.ga}"', edit))

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
            and string_value(other.comparisons[0].comparator) == ga
            and other.left.deep_equals(comparison.left)
        ):
            return False
        keep = other.with_changes(lpar=boolean.lpar, rpar=boolean.rpar) if boolean.lpar else other
        edit = Edit(boolean, keep)
        self._report(node, self._fix(Applicability.SAFE, f'drop the beta test; "{ga}" is already tested', edit))
        return True

    def _group(self, container: cst.CSTNode, nodes: list[cst.SimpleString], items: dict[int, cst.CSTNode]) -> None:
        present = {string_value(_item_value(item)) for item in _items(container)}
        removed: list[cst.CSTNode] = []
        renamed: dict[int, cst.CSTNode] = {}
        for node in nodes:
            ga = EVENT_RENAMES[string_value(node)].ga
            item = items[id(node)]
            if ga in present:
                removed.append(item)
            else:
                present.add(ga)
                renamed[id(item)] = _with_item_value(item, with_string_value(node, ga))
        if not removed:
            for node in nodes:  # no duplicate in this group: plain renames
                self._single(node)
            return
        new_items = [renamed.get(id(item), item) for item in _items(container)]
        attr = _items_attr(container)
        replacement = remove_from(container.with_changes(**{attr: new_items}), attr, removed)
        unsafe = any(EVENT_RENAMES[string_value(n)].applicability is Applicability.UNSAFE for n in nodes)
        edit = Edit(container, replacement)
        for node in nodes:
            ga = EVENT_RENAMES[string_value(node)].ga
            action = "drop the beta name" if items[id(node)] in removed else f'rename to "{ga}"'
            applicability = Applicability.UNSAFE if unsafe else Applicability.SAFE
            self._report(node, self._fix(applicability, f"{action}; the group already names the GA event", edit))


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

    Fix (by hand, after checking what the handler needs):

        if event.type == "conversation.item.done":
            save(event.item)

    Not reported where the file already handles `conversation.item.added` or
    `conversation.item.done`.
    """

    code = "RT102"
    name = "conversation-item-created"

    VALID = ('import openai\nif t in ("conversation.item.created", "conversation.item.done"): pass\n',)
    INVALID = (Invalid('import openai\nif t == "conversation.item.created": pass\n'),)

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
            self.report(node, f'"{value}" changed meaning in GA', hint=EVENT_MEANING_CHANGED[value])
