"""Event names in JavaScript and TypeScript (facts §1, §2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.project import DERIVED_PREFIX
from ...core.diagnostics import Applicability, Fix, Kind, TextEdit
from ...core.plans import events as json_text
from ...core.ruledoc import Invalid
from ...core.tables.events import CLIENT_EVENT_RENAMES, EVENT_ALSO_ACCEPTED, EVENT_MEANING_CHANGED, EVENT_RENAMES, SHARED_GA_NAMES
from .. import syntax
from ..configs import left_out
from ..layout import line_end, line_start, starts_line
from ..rule import JsRule
from ..typekeys import FOREIGN, OWN, TypeKeys

if TYPE_CHECKING:
    from tree_sitter import Node

_GA_NAMES = frozenset(row.ga for row in EVENT_RENAMES.values())
_LISTENERS = frozenset({"on", "once", "off", "addEventListener", "removeEventListener", "addListener"})


def is_handler(node: "Node") -> bool:
    """Is the string where code dispatches on an event: a comparison, a `case`,
    an object key, or the event of a listener (`rt.on("...", ...)`)?"""
    parent = node.parent
    if parent is None:
        return False
    kind = parent.type
    if kind == "binary_expression":
        return syntax.compared(node)
    if kind == "switch_case":
        return parent.child_by_field_name("value") == node
    if kind == "pair":
        return parent.child_by_field_name("key") == node
    if kind == "arguments" and parent.named_children and parent.named_children[0] == node:
        call = parent.parent
        function = call.child_by_field_name("function") if call is not None else None
        prop = function.child_by_field_name("property") if function is not None and function.type == "member_expression" else None
        return prop is not None and syntax.text(prop) in _LISTENERS
    return False


def group_of(node: "Node") -> "Node | None":
    """The array, union type or `||` chain the string is one item of."""
    parent = node.parent
    if parent is not None and parent.type == "literal_type":
        parent = parent.parent
        return parent if parent is not None and parent.type == "union_type" else None
    if parent is not None and parent.type == "array":
        return parent
    if parent is not None and parent.type == "switch_case" and parent.child_by_field_name("value") == node:
        return _fallthrough(parent)
    if parent is not None and parent.type == "binary_expression" and is_handler(node):
        chain = parent.parent
        while chain is not None and chain.type == "parenthesized_expression":
            chain = chain.parent
        if chain is not None and chain.type == "binary_expression" and syntax.text(chain.child_by_field_name("operator")) in ("||", "&&"):
            return chain
    return None


def _falls_through(case: "Node") -> bool:
    """A `case` with no statements of its own runs the next one's."""
    return not any(c.type not in ("comment",) for c in case.children_by_field_name("body"))


class _Cases:
    """Adjacent `case` clauses that share one body: `case A: case B: ...`."""

    def __init__(self, cases: list["Node"]) -> None:
        self.cases = cases
        self.named_children = [c.child_by_field_name("value") for c in cases]
        self.type = "cases"


def _fallthrough(case: "Node") -> "_Cases | None":
    start = case
    while start.prev_named_sibling is not None and start.prev_named_sibling.type == "switch_case" and _falls_through(start.prev_named_sibling):
        start = start.prev_named_sibling
    run, current = [start], start
    while _falls_through(current) and current.next_named_sibling is not None and current.next_named_sibling.type == "switch_case":
        current = current.next_named_sibling
        run.append(current)
    return _Cases(run) if len(run) > 1 else None


def _strings_in(node: "Node") -> set[str]:
    found = set()
    stack = list(node.named_children) if isinstance(node, _Cases) else [node]
    while stack:
        current = stack.pop()
        if current is None:
            continue
        if current.type == "string":
            value = syntax.string_value(current)
            if value is not None:
                found.add(value)
        else:
            stack.extend(current.named_children)
    return found


class BetaEventName(JsRule):
    """Beta Realtime event name that GA renamed, in JavaScript or TypeScript.

    Found in string literals wherever they are: `===` and `switch` / `case`
    tests, `.on("...")` listeners, object keys, arrays, string-literal union
    types and enum members. The fix renames the literal in place, keeping
    its quotes. A key of an object declared with a type of its own
    (`const on: Partial<Handlers> = {...}`) is renamed safely where that
    type takes its keys from event names renamed in the same run (spelled in
    the file, or imported from a hand-written module of the app that names
    them); where they come from a package, generated code or elsewhere, only
    as an unsafe fix, since that type must accept the GA name too. A name the
    app derives from an event name (`"server.response.audio.delta"`, where it
    or a module it imports builds `server.${type}`) follows the event name,
    and so does the `"type"` of JSON text in a literal (a test's raw server
    message). A transcription session's event becomes the session's in GA
    (`transcription_session.updated` → `session.updated`): where the file
    already names the GA name, the rename would make two of one name (a
    discriminated union's schemas, a map's keys), and it is left to a
    person. As in Python, a translation table (`{"response.text.delta":
    "response.output_text.delta"}`), a handler of a name the file also
    handles under its GA name, server events that GA code builds to fake
    a beta-speaking server, and, in GA code that accepts a beta name beside
    its GA name, that beta name wherever it stands (an interface declaring
    the beta event it still takes) are left unfixed or alone.

    Example:

        if (event.type === "response.audio.delta") play(event.delta);

    Fix:

        if (event.type === "response.output_audio.delta") play(event.delta);
    """

    code = "RT101"
    name = "beta-event-name"
    speaks = True

    VALID = (
        'import OpenAI from "openai";\nif (e.type === "response.output_audio.delta") play(e);\n',
        'import OpenAI from "openai";\nconst names = { "response.text.delta": "response.output_text.delta" };\n',
        # a prefixed name the file (and what it imports) never derives
        'import OpenAI from "openai";\nbus.on("server.response.text.delta", show);\n',
        # GA code that accepts both names, and declares the beta event it still takes
        'import OpenAI from "openai/realtime";\ntype Accepted = "response.output_text.delta" | "response.text.delta";\n'
        'interface TextDelta { type: "response.text.delta"; delta: string }\n',
    )
    INVALID = (
        Invalid(
            'import OpenAI from "openai";\nif (e.type === "response.audio.delta") play(e);\n',
            'import OpenAI from "openai";\nif (e.type === "response.output_audio.delta") play(e);\n',
        ),
        Invalid(
            "import OpenAI from 'openai';\nrt.on('response.text.delta', (e) => out.push(e.delta));\n",
            "import OpenAI from 'openai';\nrt.on('response.output_text.delta', (e) => out.push(e.delta));\n",
        ),
        Invalid(
            'import OpenAI from "openai";\ntype Audio = "response.audio.done" | "response.created";\n',
            'import OpenAI from "openai";\ntype Audio = "response.output_audio.done" | "response.created";\n',
        ),
        # a map keyed by a type that spells the names in this file: both move together
        Invalid(
            'import OpenAI from "openai";\ntype On = { "response.text.delta": (d: string) => void };\nconst on: Partial<On> = { "response.text.delta": show };\n',
            'import OpenAI from "openai";\ntype On = { "response.output_text.delta": (d: string) => void };\nconst on: Partial<On> = { "response.output_text.delta": show };\n',
        ),
        # a name derived as `server.${type}`
        Invalid(
            'import OpenAI from "openai";\nws.onmessage = (m) => bus.emit(`server.${m.type}`, m);\nbus.on("server.response.text.delta", show);\n',
            'import OpenAI from "openai";\nws.onmessage = (m) => bus.emit(`server.${m.type}`, m);\nbus.on("server.response.output_text.delta", show);\n',
        ),
        # two beta names that become one GA name, both written here: a person merges them
        Invalid(
            'import OpenAI from "openai";\nimport { z } from "zod";\n'
            'const events = z.discriminatedUnion("type", [z.object({ type: z.literal("session.updated") }), z.object({ type: z.literal("transcription_session.updated") })]);\n',
        ),
        # a raw server message in a test
        Invalid(
            'import OpenAI from "openai";\nconst raw = \'{"type": "response.text.delta", "delta": "hi"}\';\n',
            'import OpenAI from "openai";\nconst raw = \'{"type": "response.output_text.delta", "delta": "hi"}\';\n',
        ),
        # a map declared with a type from elsewhere: the type must accept the GA name too
        Invalid(
            'import OpenAI from "openai";\nimport type { Handlers } from "./events";\nconst on: Partial<Handlers> = { "response.text.delta": show };\n',
            'import OpenAI from "openai";\nimport type { Handlers } from "./events";\nconst on: Partial<Handlers> = { "response.output_text.delta": show };\n',
            unsafe=True,
        ),
    )

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.candidates: list[tuple["Node", str]] = []
        self.derived: list[tuple["Node", str, str]] = []  # "server.response.audio.delta": (node, "server", beta name)
        self.handled_ga: set[str] = set()
        self.json_texts: list[tuple["Node", list[json_text.JsonName]]] = []
        self.shared_named: set[str] = set()  # GA names the beta API had too, written in this file

    def visit_string(self, node: "Node") -> None:
        value = syntax.string_value(node)
        if value is None or '"type' in value:
            raw = node.text
            if raw is not None:  # JSON text, as a test's raw message
                found = json_text.json_event_names(raw.decode("utf-8", "replace"))
                if found:
                    self.json_texts.append((node, found))
                    return
        if value in EVENT_RENAMES:
            self.candidates.append((node, value))
        elif value in _GA_NAMES and is_handler(node):
            self.handled_ga.add(value)
        if value in SHARED_GA_NAMES:
            self.shared_named.add(value)
        elif value and "." in value:
            prefix, _, rest = value.partition(".")
            if rest in EVENT_RENAMES and prefix.isidentifier():
                self.derived.append((node, prefix, rest))

    def finish(self) -> None:
        ga_code = self.context.ga
        beside = {id(node) for node, value in self.candidates if (group := group_of(node)) is not None and EVENT_RENAMES[value].ga in _strings_in(group)}
        dual = {value for node, value in self.candidates if id(node) in beside}
        for node, value in self.candidates:
            row = EVENT_RENAMES[value]
            if _translation_row(node, row.ga) or (ga_code and _fakes_server(node, value)):
                continue
            if id(node) in beside:
                continue  # both names accepted: RT103's
            if ga_code and value in dual:
                continue  # GA code that accepts both names keeps the beta event's declaration on purpose
            if value in self.context.collector.project.value.taken:
                if not ga_code:  # a module that imports this one accepts both names: the declaration is still taken there
                    self.report(node, f'beta event "{value}" is "{row.ga}" in GA',
                                hint=f'a module that imports this one accepts both "{value}" and "{row.ga}": keep this while it does, or change both by hand')
                continue
            if row.ga in self.handled_ga and is_handler(node):
                self.report(node, f'beta event "{value}" is "{row.ga}" in GA', hint=f'this file also handles "{row.ga}": remove this beta branch or merge it into the GA one')
                continue
            if row.ga in self.shared_named and not _event_data(node):
                self.report(node, f'beta event "{value}" is "{row.ga}" in GA', hint=f'this file also names "{row.ga}": renaming would make two of one name; merge them by hand')
                continue
            start, end = syntax.content_range(node)
            applicability, hint = row.applicability, row.note or None
            typed = _keyed_by_type(node)
            # `handlers: Partial<EventHandlers> = {...}`: the type lists the names it accepts
            if typed is not None and not self._own_keys(typed):
                applicability = Applicability.UNSAFE
                hint = f"the object is declared as `{syntax.text(typed).lstrip(':').strip()}`: that type must accept \"{row.ga}\" too"
            fix = Fix(applicability, f'rename to "{row.ga}"', (TextEdit(start, end, row.ga),))
            self.report(node, f'beta event "{value}" is "{row.ga}" in GA', fix, hint=hint)
        if self.derived and not ga_code:
            self._derived_names()
        for node, names in self.json_texts:
            if ga_code and json_text.only_server_events(names):
                continue  # GA code faking a server that still speaks beta
            raw = node.text.decode("utf-8", "replace")
            start = node.start_byte
            edits = tuple(
                TextEdit(start + len(raw[: n.start].encode()), start + len(raw[: n.end].encode()), EVENT_RENAMES[n.beta].ga)
                for n in names
            )
            fix = Fix(json_text.applicability(names), "rename in the JSON text", edits)
            self.report(node, json_text.message(names), fix, hint=json_text.HINT)

    def _derived_names(self) -> None:
        """`"server.response.audio.delta"` where the app derives its names with
        `server.${type}` (here or in a module it imports): the name moves with the
        event name it is made of, or the derived type and its users part."""
        prefixes = set(DERIVED_PREFIX.findall(self.text(0, len(self.source)))) if b"${" in self.source else set()
        project = self.context.collector.project
        if project is not None:
            prefixes.update(project.value.prefixes)
        for node, prefix, beta in self.derived:
            if prefix not in prefixes:
                continue
            row = EVENT_RENAMES[beta]
            start, end = syntax.content_range(node)
            fix = Fix(row.applicability, f'rename to "{prefix}.{row.ga}"', (TextEdit(start, end, f"{prefix}.{row.ga}"),))
            self.report(
                node, f'"{prefix}.{beta}" is derived from beta event "{beta}", "{row.ga}" in GA', fix,
                hint=f"the app derives names as `{prefix}.${{...}}` from event names: this one follows the rename",
            )

    def _own_keys(self, declared: "Node") -> bool:
        """Does the declared type take its keys only from event names this run renames too?"""
        if "type_keys" not in self.shared:
            project = self.context.collector.project
            own = set(project.value.vocabularies) if project is not None else set()
            root = syntax.root(declared)
            self.shared["type_keys"] = TypeKeys(root, own.__contains__)
        found = self.shared["type_keys"].sources(declared)  # type: ignore[attr-defined]
        return OWN in found and FOREIGN not in found


_LOOSE_KEYS = ("any", "unknown", "object", "Record<string", "{ [", "{[")


def _keyed_by_type(node: "Node") -> "Node | None":
    """The declared type of the object a key belongs to (`const h: Handlers = {...}`,
    a class field, `{...} satisfies Handlers`), unless it takes any string key."""
    pair = node.parent
    if pair is None or pair.type != "pair" or pair.child_by_field_name("key") != node:
        return None
    obj = pair.parent
    holder = obj.parent if obj is not None else None
    while holder is not None and holder.type == "parenthesized_expression":
        holder = holder.parent
    declared = None
    if holder is not None and holder.type in ("variable_declarator", "public_field_definition"):
        declared = holder.child_by_field_name("type")
    elif holder is not None and holder.type in ("satisfies_expression", "as_expression"):
        declared = holder.named_children[-1] if holder.named_children else None
    if declared is None:
        return None
    text = syntax.text(declared).lstrip(":").strip()
    return None if text.startswith(_LOOSE_KEYS) else declared


def _translation_row(node: "Node", ga: str) -> bool:
    parent = node.parent
    if parent is None or parent.type != "pair":
        return False
    other = parent.child_by_field_name("value") if parent.child_by_field_name("key") == node else parent.child_by_field_name("key")
    return syntax.string_value(other) == ga


def _event_data(node: "Node") -> bool:
    """`{ type: "transcription_session.created", ... }`: an event's data, where a second
    event of the GA name makes no duplicate (unlike a schema's literal or a key)."""
    parent = node.parent
    return parent is not None and parent.type == "pair" and parent.child_by_field_name("value") == node and syntax.key_name(parent) == "type"


def _fakes_server(node: "Node", value: str) -> bool:
    parent = node.parent
    return (
        parent is not None and parent.type == "pair" and parent.child_by_field_name("value") == node
        and syntax.key_name(parent) == "type" and value not in CLIENT_EVENT_RENAMES
    )


class BetaEventBesideGa(JsRule):
    """Beta event name kept beside its GA name, in JavaScript or TypeScript.

    `case "response.audio.delta": case "response.output_audio.delta":`,
    `["response.text.delta", "response.output_text.delta"]`, a union type or
    an `||` test holding both names: code that accepts both. Harmless on GA,
    and left over once the beta is gone; in GA code, or in a file that also
    serves another provider (a beta-speaking one, as Azure Voice Live), it is
    deliberate and not reported.

    Example:

        if (t === "response.text.delta" || t === "response.output_text.delta") append(e.delta);

    Fix:

        if (t === "response.output_text.delta") append(e.delta);

    The fix drops the beta name: its `case` label (the GA label beside it
    keeps the body), its array item, its member of the union, or its test
    where the same chain tests the same value against the GA name, as the
    Python rule does. It waits, like the renames, while the module or one
    that shares its connection keeps beta code. No fix where a comment sits
    in what would go, or for another shape of test.
    """

    code = "RT103"
    name = "beta-event-beside-ga"
    speaks = True
    kind = Kind.LEFTOVER

    VALID = (
        'import OpenAI from "openai";\nif (t === "response.output_text.delta") append(e.delta);\n',
        # a bridge that also serves another provider (Azure Voice Live), which speaks the beta names
        'import OpenAI from "openai";\nconst config = (live) => CONFIGS[live ? "voicelive" : "realtime"];\n'
        'function onAudio(m) { if (m.type === "response.output_audio.delta" || m.type === "response.audio.delta") play(m); }\n',
    )
    INVALID = (
        Invalid(
            'import OpenAI from "openai";\nif (t === "response.text.delta" || t === "response.output_text.delta") append(e.delta);\n',
            'import OpenAI from "openai";\nif (t === "response.output_text.delta") append(e.delta);\n',
        ),
        Invalid(
            'import OpenAI from "openai";\nswitch (e.type) {\n  case "response.audio_transcript.delta":\n  case "response.output_audio_transcript.delta":\n    show(e.delta);\n}\n',
            'import OpenAI from "openai";\nswitch (e.type) {\n  case "response.output_audio_transcript.delta":\n    show(e.delta);\n}\n',
        ),
        Invalid(
            'import OpenAI from "openai";\nconst TEXT = ["response.output_text.delta", "response.text.delta"];\ntype T = "response.text.done" | "response.output_text.done";\n',
            'import OpenAI from "openai";\nconst TEXT = ["response.output_text.delta"];\ntype T = "response.output_text.done";\n',
        ),
        # a comment in what would go: reported, left to a person
        Invalid('import OpenAI from "openai";\nconst TEXT = [\n  "response.text.delta", // the beta server\n  "response.output_text.delta",\n];\n'),
    )

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.found: list[tuple["Node", str]] = []

    def visit_string(self, node: "Node") -> None:
        value = syntax.string_value(node)
        if value in EVENT_RENAMES:
            self.found.append((node, value))

    def finish(self) -> None:
        if self.context.ga or self.context.other_hosts():
            return  # both names kept on purpose: GA code, or code that also serves another provider
        for node, value in self.found:
            ga = EVENT_RENAMES[value].ga
            group = group_of(node)
            if group is not None and ga in _strings_in(group):
                span = self._dropped(node, group, ga)
                fix = None
                if span is not None and not self._has_comment(*span):
                    fix = Fix(EVENT_RENAMES[value].applicability, f'drop the beta name; "{ga}" is already accepted here', (TextEdit(span[0], span[1], ""),))
                self.report(node, f'beta event "{value}" is kept beside its GA name "{ga}"', fix, hint="keep the GA name alone once no beta server is left")

    def _has_comment(self, start: int, end: int) -> bool:
        return b"//" in self.source[start:end] or b"/*" in self.source[start:end]

    def _dropped(self, node: "Node", group: "Node | _Cases", ga: str) -> tuple[int, int] | None:
        """The bytes to delete so that the group no longer holds the beta name."""
        if isinstance(group, _Cases):
            case = node.parent
            if not _falls_through(case):
                keeper = case.prev_named_sibling  # the body stays, under the label before it
                colon = next((c for c in case.children if c.type == ":"), None)
                if colon is None or keeper is None or keeper.type != "switch_case":
                    return None
                return keeper.end_byte, colon.end_byte
            start, end = self._whole_lines(case.start_byte, case.end_byte)
            following = case.next_named_sibling
            if end == case.end_byte and following is not None and not self.source[end:following.start_byte].strip():
                end = following.start_byte  # `case "beta": case "ga":` on one line
            return start, end
        if group.type == "array":
            drop = left_out(node, self.source)
            return (drop.start, drop.end) if drop is not None else None
        if group.type == "union_type":
            member = node.parent
            parts = [c for c in group.named_children if c.type != "comment"]
            if len(parts) != 2 or member not in parts or group.children[0].type == "|":
                return None
            other = parts[1] if parts[0] == member else parts[0]
            return (member.start_byte, other.start_byte) if parts[0] == member else (other.end_byte, member.end_byte)
        return self._test(node, group, ga)

    def _test(self, node: "Node", chain: "Node", ga: str) -> tuple[int, int] | None:
        """`t === "beta" || t === "ga"` (`!==` and `&&` likewise): the beta test, where the
        chain tests the same value against the GA name."""
        test = node.parent
        operator = syntax.text(test.child_by_field_name("operator"))
        joiner = syntax.text(chain.child_by_field_name("operator"))
        if (operator in ("===", "==")) != (joiner == "||") or operator not in ("===", "==", "!==", "!="):
            return None
        left, right = test.child_by_field_name("left"), test.child_by_field_name("right")
        subject = syntax.text(right if left == node else left)
        if syntax.member_path(right if left == node else left) is None:
            return None
        if not any(
            syntax.string_value(s) == ga and s.parent is not None and s.parent.type == "binary_expression"
            and syntax.text(s.parent.child_by_field_name("operator")) == operator
            and {syntax.text(s.parent.child_by_field_name("left")), syntax.text(s.parent.child_by_field_name("right"))} == {subject, syntax.text(s)}
            for s in syntax.descendants(chain) if s.type == "string"
        ):
            return None
        first, second = chain.child_by_field_name("left"), chain.child_by_field_name("right")
        if test == first:
            return test.start_byte, second.start_byte
        if test == second:
            return first.end_byte, test.end_byte
        return None

    def _whole_lines(self, start: int, end: int) -> tuple[int, int]:
        """``start``–``end``, widened to whole lines where nothing else is on them."""
        after = line_end(self.source, end)
        if starts_line(self.source, start) and not self.source[end:after].strip():
            return line_start(self.source, start), after
        return start, end


class MeaningChanged(JsRule):
    """`conversation.item.created` changed meaning in GA (JavaScript and TypeScript).

    GA adds `conversation.item.added` and `conversation.item.done`; code that
    reads a finished item on `conversation.item.created` should wait for
    `conversation.item.done`. Reported where the file handles the event. A
    test of equality (`event.type === "conversation.item.created"`) gets the
    unsafe fix Python's rule offers: the test also accepts
    `conversation.item.added`; a handler registered by name has no fix. Not
    reported where the file already handles `conversation.item.added` or
    `conversation.item.done`.

    Example:

        rt.on("conversation.item.created", (e) => show(e.item));

    Fix (by hand, where the code reads a finished item):

        rt.on("conversation.item.done", (e) => show(e.item));
    """

    code = "RT102"
    name = "conversation-item-created"
    kind = Kind.ADVICE

    VALID = ('import OpenAI from "openai";\nrt.on("conversation.item.done", (e) => show(e.item));\n',)
    INVALID = (
        Invalid('import OpenAI from "openai";\nrt.on("conversation.item.created", (e) => show(e.item));\n'),
        Invalid(
            'import OpenAI from "openai";\nif (event.type === "conversation.item.created") show(event.item);\n',
            'import OpenAI from "openai";\nif ((event.type === "conversation.item.added" || event.type === "conversation.item.created")) show(event.item);\n',
            unsafe=True,
        ),
    )

    GA_SUCCESSORS = frozenset({"conversation.item.added", "conversation.item.done"})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.found: list[tuple["Node", str]] = []
        self.handles_ga = False

    def visit_string(self, node: "Node") -> None:
        value = syntax.string_value(node)
        if value in EVENT_MEANING_CHANGED and is_handler(node):
            self.found.append((node, value))
        elif value in self.GA_SUCCESSORS:
            self.handles_ga = True

    def finish(self) -> None:
        if self.handles_ga:
            return  # the file already handles GA's names
        for node, value in self.found:
            self.report(node, f'"{value}" changed meaning in GA', self._both(node, value), hint=EVENT_MEANING_CHANGED[value])

    def _both(self, node: "Node", value: str) -> Fix | None:
        """`x === "conversation.item.created"` → `(x === "conversation.item.added" || x === "conversation.item.created")`,
        where `x` is a name or a member chain (written twice, so it must have no effects)."""
        also = EVENT_ALSO_ACCEPTED.get(value)
        test = node.parent
        if not also or test is None or test.type != "binary_expression" or not syntax.compared(node):
            return None
        operator = syntax.text(test.child_by_field_name("operator"))
        left, right = test.child_by_field_name("left"), test.child_by_field_name("right")
        other = right if left == node else left
        if other is None or syntax.member_path(other) is None:
            return None
        joiner = " || " if operator in ("===", "==") else " && "
        quote = syntax.text(node)[0]
        subject = syntax.text(other)
        tests = [f"{subject} {operator} {quote}{name}{quote}" for name in (*also, value)]
        return Fix.unsafe(f"also accept {', '.join(also)}", TextEdit(test.start_byte, test.end_byte, "(" + joiner.join(tests) + ")"))
