"""A module's senders (`core.senders`): what a caller gives them, they only send."""

from __future__ import annotations

import pytest

from rtmigrate.core.senders import from_fact, senders_in_text

SEND = 'await ws.send(json.dumps({"type": "session.update", "session": %s}))'


@pytest.mark.parametrize(
    "text, expected",
    [
        # a function that sends its parameter as the session, or as a response's config
        (f"async def configure(ws, session):\n    {SEND % 'session'}\n", ["configure:1:session:realtime::"]),
        ('def ask(ws, *, response):\n    ws.send(json.dumps({"type": "response.create", "response": response}))\n', ["ask::response:response::"]),
        ("async def setup(conn, cfg):\n    if cfg:\n        await conn.session.update(session=cfg)\n", ["setup:1:cfg:realtime:t:"]),
        # a class that keeps what its caller gives it, and a method that sends it
        (
            "class Client:\n    def __init__(self, ws, session_config=None):\n        self.ws = ws\n        self.session_config = session_config or {}\n\n"
            f"    async def start(self):\n        if self.session_config:\n            {SEND.replace('ws.', 'self.ws.') % 'self.session_config'}\n",
            ["Client:1:session_config:realtime:t:session_config"],
        ),
    ],
)
def test_a_sender_is_found(text, expected):
    assert list(senders_in_text(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        # it reads a key the fix may move, writes one, or hands the value on to code not seen
        f"async def configure(ws, session):\n    print(session['voice'])\n    {SEND % 'session'}\n",
        f"async def configure(ws, session):\n    session['voice'] = 'ash'\n    {SEND % 'session'}\n",
        f"async def configure(ws, session):\n    log(session)\n    {SEND % 'session'}\n",
        # bound again, or kept with a default that is a config of its own
        f"async def configure(ws, session):\n    session = dict(session)\n    {SEND % 'session'}\n",
        "class Client:\n    def __init__(self, session):\n        self.session = session or {'voice': 'ash'}\n\n"
        f"    async def start(self, ws):\n        {SEND % 'self.session'}\n",
        # a class whose methods change what it keeps
        "class Client:\n    def __init__(self, session):\n        self.session = session\n\n"
        f"    def voice(self, v):\n        self.session = {{'voice': v}}\n\n    async def start(self, ws):\n        {SEND % 'self.session'}\n",
        # a text that does not parse
        "def configure(ws, session:\n    'session.update'\n",
    ],
)
def test_a_function_or_class_that_does_more_than_send_is_none(text):
    assert senders_in_text(text) == ()


def test_a_fact_reads_back_as_it_was_written():
    found = from_fact("Client::session:transcription:t:config")
    assert (found.name, found.index, found.param, found.kind, found.tested) == ("Client", None, "session", "transcription", True)
    assert found.attribute == "config"
    assert from_fact(found.fact()) == found
