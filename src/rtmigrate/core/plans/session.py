"""The session planner: how one beta config (a session, a response, a
transcription session) moves to its GA shape, decided on a language-neutral
view of it (facts §2–§6).

A front end describes a literal config as a :class:`Config`: its entries in
source order, each a key (or ``None`` for a spread such as `**base` or
`...base`) and a value the planner can read (a string, a number, a list of
strings, a nested literal) or :data:`OPAQUE`. :func:`decide` answers with a
:class:`Decision`: what each entry becomes, what to add, what GA has no place
for and what must be moved by hand. Writing the answer back in the file's own
syntax and layout is the front end's business (`rules/session.py` for Python,
`js/rules/session.py` for JavaScript and TypeScript), so both write the same
GA shape from the same rows of `tables/session.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..tables.events import EVENT_RENAMES
from ..tables.session import (
    AUDIO_FORMATS,
    BETA_DEFAULTS,
    DISTINCTIVE_FIELDS,
    FORMAT_PATHS,
    MODALITIES_PATH,
    MOVES,
    PAYLOAD_EVENTS,
    REMOVED,
    SESSION_EVENTS,
    SESSION_TYPE,
    UNCHANGED,
    ga_modalities,
)


class _Opaque:
    def __repr__(self) -> str:
        return "OPAQUE"


OPAQUE = _Opaque()
"""A value the planner cannot read: a name, a call, an expression."""


class _Held(_Opaque):
    def __repr__(self) -> str:
        return "HELD"


HELD = _Held()
"""A value the planner cannot read that the code holds: a name, an attribute, a
call's result, a default (`opts.modalities || ["text"]`). Like :data:`OPAQUE`
everywhere, except that modalities or a format held so may be worked out when
the code runs (:class:`Reckoned`)."""


@dataclass
class Config:
    """A literal config: ``(key, value)`` entries in source order. A key of
    ``None`` is a spread; a value is a ``str``, ``int``, ``float``, ``bool``,
    ``None``, a ``list`` of such values, a nested :class:`Config`, or
    :data:`OPAQUE`."""

    entries: list[tuple[str | None, object]]

    def get(self, key: str) -> object:
        return next((value for k, value in self.entries if k == key), None)


KEEP = _Opaque()


@dataclass(frozen=True)
class Choice:
    """A value a condition picks between literal ``options`` (`voice ? ["audio",
    "text"] : ["text"]`): a move writes each option's GA value in its place."""

    options: tuple[object, ...]


@dataclass(frozen=True)
class Reckoned:
    """A value that is no literal (`"modalities": modalities`, `"input_audio_format":
    fmt`), whose GA value the fix has the code work out when it runs: `["audio"] if
    "audio" in modalities else ["text"]`, or the beta format name looked up in a
    table of GA format objects. Unsafe: the value is not seen, and may be neither
    a list of modalities nor a beta format name."""

    key: str
    format: bool = False  # a format (looked up in a table), not the modalities


@dataclass(frozen=True)
class FormatTable:
    """A format the app looks up in a table of its own (`FORMATS[source]`): ``beta``
    when the table holds beta format names (the fix writes its values as GA format
    objects), not when it holds GA format objects already."""

    name: str
    beta: bool
"""An entry's value stays as written."""


@dataclass(frozen=True)
class Move:
    """Entry ``index`` goes to ``path`` (one part: renamed where it is; three:
    into ``audio.<side>``) with ``value`` (:data:`KEEP`, or the GA literal that
    replaces it)."""

    index: int
    path: tuple[str, ...]
    value: object = KEEP

    @property
    def nested(self) -> bool:
        return len(self.path) > 1


@dataclass(frozen=True)
class Note:
    """Entry ``index`` needs a person: ``on`` is "key" or "value" (where to
    report). ``message`` may hold ``{code}``, the entry's own source text."""

    index: int
    on: str
    message: str
    hint: str


@dataclass
class Decision:
    kind: str
    moves: dict[int, Move] = field(default_factory=dict)  # by entry index
    add_type: str | None = None  # the GA `type` to add as the first entry
    removed: list[tuple[int, str]] = field(default_factory=list)  # (entry index, why GA has no place for it): left out
    restated: set[int] = field(default_factory=set)  # of those, the ones set to the beta's own default: left out safely
    notes: list[Note] = field(default_factory=list)
    audio: int | None = None  # index of the config's own `audio` entry, a literal to merge into
    moved: list[str] = field(default_factory=list)  # what the fix does, for its description
    reckoned: list[str] = field(default_factory=list)  # keys whose GA value the code works out when it runs (:class:`Reckoned`)
    tables: set[str] = field(default_factory=set)  # the beta format tables the fix rewrites with it

    @property
    def changes(self) -> bool:
        return bool(self.moves) or self.add_type is not None


def config_kind(config: Config, default: str) -> str:
    """A config's own `type` decides its kind where it names one."""
    value = config.get("type")
    return value if isinstance(value, str) and SESSION_TYPE.get(value) is not None else default


def translating(config: Config) -> bool:
    """A GA translation session's update: its output has a target `language`, and it
    takes no `type` (a session's type is set when it is created)."""
    audio = config.get("audio")
    output = audio.get("output") if isinstance(audio, Config) else None
    return isinstance(output, Config) and any(key == "language" for key, _ in output.entries)


def restates_default(kind: str, key: str, value: object) -> bool:
    """Is ``value`` (as the planner reads it) the beta's own default for ``key``
    (`"temperature": 0.8`), so that leaving the field out changes nothing?"""
    default = BETA_DEFAULTS.get(kind, {}).get(key)
    return default is not None and not isinstance(value, bool) and isinstance(value, (int, float)) and value == default


def decide(config: Config, kind: str, reckon: bool = False, whole: bool = True) -> Decision | None:
    """How ``config`` (of ``kind``: "realtime", "transcription" or "response")
    moves to GA; None when it holds nothing of the beta. ``reckon``: modalities
    or a format the code holds (:data:`HELD`) move too, their GA value worked
    out when the code runs (:class:`Reckoned`); else they are a note.
    ``whole``: False for a part of a config written into it later (`cfg.update({...})`),
    which takes no `type` of its own."""
    kind = config_kind(config, kind)
    moves, removed = MOVES[kind], REMOVED[kind]
    keys = {key: i for i, (key, _) in enumerate(config.entries) if isinstance(key, str)}
    ga_type = SESSION_TYPE[kind]
    needs_type = whole and ga_type is not None and "type" not in keys
    beta = any(k in moves or k in removed for k in keys)
    if not beta and (not needs_type or translating(config)):
        return None
    decision = Decision(kind)
    # The type goes first, so a spread that carries a type of its own still wins. A
    # literal that holds no beta field beside its spread may be GA code whose spread
    # carries the type: it is left for a person.
    typed = needs_type and (beta or not any(key is None for key, _ in config.entries))
    for index, (key, value) in enumerate(config.entries):
        if key is None:
            decision.notes.append(
                Note(
                    index,
                    "value",
                    "`{code}` may hold beta fields",
                    f'move beta fields inside it to their GA places, then add `"type": "{ga_type}"`'
                    if needs_type and not typed
                    else "move beta fields inside it to their GA places by hand",
                )
            )
        elif key in removed:
            decision.removed.append((index, removed[key]))
            if restates_default(kind, key, value):
                decision.restated.add(index)

    audio_index = keys.get("audio")
    audio_literal = audio_index is not None and isinstance(config.entries[audio_index][1], Config)
    if audio_literal:
        decision.audio = audio_index
    for index, (key, value) in enumerate(config.entries):
        if key not in moves:
            continue
        path = moves[key]
        new: object = KEEP
        if path in FORMAT_PATHS and isinstance(value, FormatTable):
            if value.beta:
                decision.tables.add(value.name)  # its lookups stay; its values become GA format objects
        elif path in FORMAT_PATHS and reckon and value is HELD:
            new = Reckoned(key, format=True)  # the beta name looked up in a table of GA formats when the code runs
            decision.reckoned.append(key)
        elif path in FORMAT_PATHS:
            if not isinstance(value, str) or value not in AUDIO_FORMATS:
                decision.notes.append(
                    Note(index, "value", f"`{key}` is not a known beta format literal",
                         f"set `{'.'.join(path)}` to a GA format object, such as {{\"type\": \"audio/pcm\", \"rate\": 24000}}")
                )
                continue
            new = dict(AUDIO_FORMATS[value])
        elif path == MODALITIES_PATH:
            options = value.options if isinstance(value, Choice) else (value,)
            each = [ga_modalities(o) if isinstance(o, list) and all(isinstance(v, str) for v in o) else None for o in options]
            ga = None if None in each else Choice(tuple(each)) if isinstance(value, Choice) else each[0]
            if ga is None and reckon and value is HELD:
                ga = Reckoned(key)
                decision.reckoned.append(key)
            if ga is None:
                decision.notes.append(
                    Note(index, "value", "`modalities` is not a literal list of modalities",
                         'set `output_modalities` to ["audio"] or ["text"] (audio includes its transcript)')
                )
                continue
            new = ga
        if len(path) > 1 and audio_index is not None and not audio_literal:
            decision.notes.append(
                Note(index, "key", f"`{key}` belongs in `{'.'.join(path)}`", "`audio` is not a literal here; move it by hand")
            )
            continue
        decision.moves[index] = Move(index, path, new)
        decision.moved.append(f"`{key}` → `{'.'.join(path)}`")
    if typed:
        decision.add_type = ga_type
        decision.moved.insert(0, f'add `"type": "{ga_type}"`')
    return decision


def audio_sides(decision: Decision) -> dict[str, list[Move]]:
    """The nested moves grouped by the side of `audio` they go to, in the
    order the first of each appears."""
    sides: dict[str, list[Move]] = {}
    for move in sorted(decision.moves.values(), key=lambda m: m.index):
        if move.nested:
            sides.setdefault(move.path[1], []).append(move)
    return sides


@dataclass(frozen=True)
class KeyMove:
    """Where a top-level key of a config is once its fix is applied: ``path``
    from the config's root, and whether its value reads the same there
    (``kept``; a format or modalities value takes a GA shape instead)."""

    path: tuple[str, ...]
    kept: bool

    @property
    def read_elsewhere(self) -> bool:
        """Does a read of a value that is not ``kept`` still find one of the same kind
        there (the GA list of modalities, `["audio"]` for `["audio", "text"]`)? Such a
        read moves with an unsafe fix: left behind, it would find nothing at all."""
        return not self.kept and self.path == MODALITIES_PATH


def key_moves(config: Config, decision: Decision) -> dict[str, KeyMove]:
    """Each key of ``config`` that ``decision`` moves or renames, with its new place:
    what a read or a write of that key elsewhere must follow. A value the fix gives a
    GA shape that reads the same (`"modalities": ["text"]` → `"output_modalities":
    ["text"]`) is kept: a read of it sees what it saw."""
    out: dict[str, KeyMove] = {}
    for index, move in decision.moves.items():
        key, value = config.entries[index][0], config.entries[index][1]
        if isinstance(key, str):
            same = move.value is KEEP or (isinstance(value, (str, list)) and move.value == value)
            out[key] = KeyMove(move.path, same)
    return out


def beta_place(kind: str, key: str) -> KeyMove | None:
    """The GA place of a beta key a config of ``kind`` does not hold yet (a key
    written later, by a builder): None where the key is not a beta one."""
    path = MOVES[kind].get(key)
    if path is None:
        return None
    return KeyMove(path, path not in FORMAT_PATHS and path != MODALITIES_PATH)


def written_value(place: KeyMove, beta: object) -> object | None:
    """The GA value a builder's write takes at ``place`` (`cfg["input_audio_format"] =
    "pcm16"`): a format object for a beta format name, the GA list for a literal list
    of modalities; None where the value is none of those (``beta`` as the planner
    reads values: a string, a list of strings)."""
    if place.path in FORMAT_PATHS:
        return dict(AUDIO_FORMATS[beta]) if isinstance(beta, str) and beta in AUDIO_FORMATS else None
    if place.path == MODALITIES_PATH and isinstance(beta, list) and all(isinstance(v, str) for v in beta):
        return ga_modalities(beta)
    return None


def containers(decision: Decision, config: Config) -> set[tuple[str, ...]]:
    """The dicts a config holds once its fix is applied (by path; ``()`` is the
    config itself): where a later write can go without creating one."""
    out: set[tuple[str, ...]] = {()}
    for move in decision.moves.values():
        for depth in range(1, len(move.path)):
            out.add(move.path[:depth])
    if decision.audio is not None:
        audio = config.entries[decision.audio][1]
        out.add(("audio",))
        if isinstance(audio, Config):
            out.update(("audio", key) for key, value in audio.entries if isinstance(key, str) and isinstance(value, Config))
    return out


def _plain(value: object) -> object:
    """A plain value (from JSON) as the planner reads it."""
    if isinstance(value, dict):
        return Config([(k, _plain(v)) for k, v in value.items()])
    if isinstance(value, list):
        return value if all(isinstance(v, str) for v in value) else OPAQUE
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return OPAQUE


def migrated(value: dict, kind: str) -> tuple[dict, Decision] | None:
    """A plain config (from a JSON document) in its GA shape, with the decision
    that made it (the fields GA has no place for left out: ``decision.removed``);
    None when it holds nothing of the beta, or holds something a person must
    move (a note of the decision). Keys keep their order; moved
    audio keys gather in `audio` where the first of them stood."""
    config = _plain(value)
    assert isinstance(config, Config)
    decision = decide(config, kind)
    if decision is None or not decision.changes or decision.notes:
        return None
    out: dict = {}
    if decision.add_type is not None:
        out["type"] = decision.add_type
    removed = {index for index, _ in decision.removed}  # fields GA has no place for: left out (the fix is then unsafe)
    for index, (key, old) in enumerate(value.items()):
        if index in removed:
            continue
        move = decision.moves.get(index)
        if move is None:
            if key == "audio" and isinstance(old, dict):
                audio = out.setdefault("audio", {})
                for side, fields in old.items():
                    audio[side] = {**fields, **audio.get(side, {})} if isinstance(fields, dict) else fields
            else:
                out[key] = old
            continue
        new = old if move.value is KEEP else move.value
        if not move.nested:
            out[move.path[0]] = new
            continue
        side = out.setdefault("audio", {}).setdefault(move.path[1], {})
        side[move.path[-1]] = new
    return out, decision


@dataclass(frozen=True)
class ServerRead:
    """What a read of a beta field off a session the server sent becomes: the
    message, and the GA place a fix moves it to (None: reported only, with ``hint``)."""

    message: str
    place: KeyMove | None
    hint: str | None = None


def server_read(kind: str, key: str, shown: str, format_example: str) -> ServerRead:
    """The finding for ``shown`` (a read of ``key``, a beta field of a ``kind``
    session the server sent); ``format_example`` is a GA format in the language's own syntax."""
    place = beta_place(kind, key)
    if place is None:
        return ServerRead(f"`{shown}` reads `{key}`, which GA sessions do not have", None, REMOVED[kind][key])
    ga = ".".join(place.path)
    message = f"`{shown}` reads the beta `{key}` of the session the server sent; a GA session holds it at `{ga}`"
    if place.path in FORMAT_PATHS:
        return ServerRead(message, None, f"read `{ga}`: a GA audio format is an object such as {format_example}")
    return ServerRead(message, place)


def carried(event: str | None) -> tuple[str, str, str, bool] | None:
    """What a dict or object with this `type` carries: (the key of its config,
    the kind of config, the GA event, is it a server event) for a payload the
    code sends (`session.update`) and for a server's session event the code
    builds, as a test fakes the server (`session.created`); else None."""
    if event in SESSION_EVENTS:
        return "session", SESSION_EVENTS[event], EVENT_RENAMES[event].ga if event in EVENT_RENAMES else event, True
    if event in PAYLOAD_EVENTS:
        key, kind, ga_event = PAYLOAD_EVENTS[event]
        return key, kind, ga_event, False
    return None


def reckoning(reckoned: Sequence[str]) -> str:
    """Why a fix that has the code work out a GA value when it runs is unsafe."""
    return "the GA value of " + ", ".join(f"`{name}`" for name in reckoned) + " is worked out when the code runs, from a value not seen here"


# Why a field set to the beta's own default goes with no change of behaviour.
RESTATED_HINT = "it is set to the beta's own default, which is what the model does with no value: GA has no place for it"


def dropping(dropped: Sequence[str]) -> str:
    """Why a fix that leaves out fields GA has no place for is unsafe."""
    return "it drops " + ", ".join(f"`{name}`" for name in dropped) + ", which GA has no place for"


def whole_session(keys: Sequence[object]) -> bool:
    """Are a literal's top-level ``keys`` (None for a spread) a whole beta realtime
    session on their own: every one a field of the beta session, at least one that
    only the beta session has, and one more of those that moved, and one that a
    transcription session does not hold (so that its GA `type` is known)?"""
    realtime = MOVES["realtime"].keys() | REMOVED["realtime"].keys() | UNCHANGED["realtime"]
    if not keys or not all(isinstance(k, str) and k in realtime for k in keys):
        return False
    moved = [k for k in keys if k in MOVES["realtime"] and k != "turn_detection"]
    distinctive = [k for k in moved if k in DISTINCTIVE_FIELDS]
    conversation = [k for k in keys if k not in MOVES["transcription"] and k != "model"]
    return bool(distinctive) and len(moved) >= 2 and bool(conversation)


class ChangedRead(str):
    """A use, as a message names it, that a config's fix moves with the key it reads
    although the value there reads otherwise (GA's `["audio"]` for `["audio",
    "text"]`): left behind it would find nothing, moved it finds another list, so
    the fix is unsafe and names it."""


def named_uses(uses: Sequence[str]) -> tuple[str, str]:
    """The uses a config's fix cannot follow, and those it moves that read another
    value (`ChangedRead`), each as a message lists them (three at most)."""
    stopped = [u for u in uses if not isinstance(u, ChangedRead)]
    changed = [u for u in uses if isinstance(u, ChangedRead)]
    return ", ".join(f"`{u}`" for u in stopped[:3]), ", ".join(f"`{u}`" for u in changed[:3])


CHANGED_READS = "it moves {uses} too, and GA's list of modalities there differs"


def why_unsafe(
    uses: Sequence[str], stays: bool, half: bool, server: bool, dropped: Sequence[str] = (), reckoned: Sequence[str] = (),
    unseen: bool = False,
) -> tuple[str, str | None]:
    """(what a config fix's message adds, its hint): why the fix is unsafe, in the
    order that matters, or what a server's fake is. ``uses``: the uses that make
    it unsafe, as a message names them: those it cannot follow, and those it
    moves that read another value (`ChangedRead`); ``dropped``: the fields GA has no
    place for, which the fix leaves out (a GA config may not hold them);
    ``unseen``: a whole session bound to a name, sent where rtmigrate cannot see."""
    named, changed = named_uses(uses)
    if unseen:
        return (
            "; the fix is unsafe: rtmigrate cannot see the request it goes into" + (f", nor follow {named}" if named else ""),
            "apply it only where what this builds is sent to the GA API as it is, with the code that sends it",
        )
    if named:
        return f"; the fix is unsafe: it cannot follow {named}", "check what these uses read of the config once its keys move, then apply the unsafe fix"
    if changed:
        return (
            "; the fix is unsafe: " + CHANGED_READS.format(uses=changed),
            'check what these reads do with `["audio"]` (audio comes with its transcript), then apply the unsafe fix',
        )
    if stays:
        return "; the fix is unsafe: this file still reads beta fields of server sessions (RT308)", "fix those reads with this fake of the server, or neither"
    if half:
        return "; the fix is unsafe: parts of it stay beta", "move what is reported beside it to GA by hand with this fix, or neither"
    if dropped:
        return f"; the fix is unsafe: {dropping(dropped)}", "the model's default applies instead of the value dropped"
    if reckoned:
        return f"; the fix is unsafe: {reckoning(reckoned)}", "check that each value is what the beta took: a list of modalities, a beta format name"
    if server:
        return "", "a server event built here (a fake of the server): code that reads it as GA reads a GA session"
    return "", None


def ga_places(names: Sequence[str]) -> str:
    """`name` → `its.GA.place` for each beta session field of ``names`` that moves
    (once each, in their order): a hint's account of where they go."""
    moves = MOVES["realtime"]
    return "; ".join(f"`{n}` → `{'.'.join(moves[n])}`" for n in dict.fromkeys(names) if n in moves)


def still_beta(names: Sequence[str]) -> str:
    """The message on a GA session that still holds beta fields."""
    return f"a GA session that still holds beta fields ({', '.join(f'`{n}`' for n in names)}), which GA refuses"
