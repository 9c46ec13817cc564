"""Realtime event ``type`` names (migration facts §1, §2).

Checked against the pinned ``openai`` package by ``tests/test_oracle.py``:
every GA name written here is a GA event type, and every event type that only
the beta namespace has appears as a key here.
"""

from __future__ import annotations

from typing import NamedTuple

from ..diagnostics import Applicability


class EventRename(NamedTuple):
    ga: str
    applicability: Applicability
    note: str = ""


SAFE, UNSAFE = Applicability.SAFE, Applicability.UNSAFE

EVENT_RENAMES: dict[str, EventRename] = {
    # §1 server events renamed
    "response.text.delta": EventRename("response.output_text.delta", SAFE),
    "response.text.done": EventRename("response.output_text.done", SAFE),
    "response.audio.delta": EventRename("response.output_audio.delta", SAFE),
    "response.audio.done": EventRename("response.output_audio.done", SAFE),
    "response.audio_transcript.delta": EventRename("response.output_audio_transcript.delta", SAFE),
    "response.audio_transcript.done": EventRename("response.output_audio_transcript.done", SAFE),
    # §2 transcription sessions are ordinary sessions of type "transcription" in GA
    "transcription_session.updated": EventRename("session.updated", SAFE),
    "transcription_session.created": EventRename("session.created", SAFE),
    "transcription_session.update": EventRename(
        "session.update",
        UNSAFE,
        'the payload must also become a GA session with `"type": "transcription"`',
    ),
}

# GA names the beta API had too: two beta names become one there (the
# transcription session's events are the session's in GA). Renaming into one
# next to a literal of that name already in the file (a schema, a case, a key,
# a member of a union) makes two of one name, which discriminated unions and
# dicts refuse: that rename is a person's to merge.
SHARED_GA_NAMES = frozenset(row.ga for beta, row in EVENT_RENAMES.items() if beta.startswith("transcription_session."))

EVENT_MEANING_CHANGED: dict[str, str] = {
    "conversation.item.created": (
        "GA adds `conversation.item.added` (item added) and `conversation.item.done` "
        "(item complete); code that reads a finished item here should wait for "
        "`conversation.item.done`"
    ),
}

# What a handler of a changed event also accepts in GA, as the SDK maintainers'
# own migration did (openai-agents-python: `parsed.type == "conversation.item.added"
# or parsed.type == "conversation.item.created"`): GA's `conversation.item.added`
# comes when beta's `conversation.item.created` came, with the same item and
# `previous_item_id`. Offered as an unsafe fix: the handler runs for both names.
EVENT_ALSO_ACCEPTED: dict[str, tuple[str, ...]] = {
    "conversation.item.created": ("conversation.item.added",),
}

# The beta names above that a client sends (the others are sent by the server).
# A server event built as a dict literal in GA code is a fake of a beta-speaking
# server, kept on purpose (facts §9). Checked against the package's client and
# server event unions by tests/test_oracle.py.
CLIENT_EVENT_RENAMES = frozenset({"transcription_session.update"})

# Server events that carry a conversation item. An assistant message inside one
# of these, built in code, fakes what a server sent (a test, a relay), so its
# content types are the server's business, not a client's (facts §6 is about
# the items a client creates). Checked against the package's server event
# unions by tests/test_oracle.py.
# The client event that adds an item to the conversation: the assistant content a
# client sends goes there (or to the SDK method of the same name).
ITEM_CREATE_EVENT = "conversation.item.create"
SERVER_ITEM_EVENTS = frozenset({
    "conversation.item.created", "conversation.item.added", "conversation.item.done", "conversation.item.retrieved",
    "response.output_item.added", "response.output_item.done", "response.done",
})
