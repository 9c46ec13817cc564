"""The unsafe fix that adds `OpenAI-Safety-Identifier`, per library, from the setting."""

from __future__ import annotations

import pytest

from rtmigrate import Settings, check_source, fix_source
from rtmigrate.core.config import ConfigError, settings_from_table

WITH_ID = Settings(select=("RT601",), safety_identifier="safety_id(user)")

CASES = [
    (
        'import websockets\nasync def go(user):\n    return await websockets.connect("wss://api.openai.com/v1/realtime?model=m", additional_headers={"Authorization": a})\n',
        'import websockets\nasync def go(user):\n    return await websockets.connect("wss://api.openai.com/v1/realtime?model=m", additional_headers={"Authorization": a, "OpenAI-Safety-Identifier": safety_id(user)})\n',
    ),
    (
        'import websockets\nasync def go(user):\n    return await websockets.connect("wss://api.openai.com/v1/realtime?model=m")\n',
        'import websockets\nasync def go(user):\n    return await websockets.connect("wss://api.openai.com/v1/realtime?model=m", additional_headers={"OpenAI-Safety-Identifier": safety_id(user)})\n',
    ),
    (
        'import websocket\ndef go(user):\n    return websocket.create_connection("wss://api.openai.com/v1/realtime?model=m", header=["Authorization: x"])\n',
        'import websocket\ndef go(user):\n    return websocket.create_connection("wss://api.openai.com/v1/realtime?model=m", header=["Authorization: x", f"OpenAI-Safety-Identifier: {safety_id(user)}"])\n',
    ),
    (
        'import openai\ndef go(client, user):\n    return client.realtime.client_secrets.create(session={"type": "realtime"})\n',
        'import openai\ndef go(client, user):\n    return client.realtime.client_secrets.create(session={"type": "realtime"}, extra_headers={"OpenAI-Safety-Identifier": safety_id(user)})\n',
    ),
    (
        'import requests\ndef go(user):\n    return requests.post("https://api.openai.com/v1/realtime/calls", data=sdp, headers={"Content-Type": "application/sdp"})\n',
        'import requests\ndef go(user):\n    return requests.post("https://api.openai.com/v1/realtime/calls", data=sdp, headers={"Content-Type": "application/sdp", "OpenAI-Safety-Identifier": safety_id(user)})\n',
    ),
]


@pytest.mark.parametrize("before, after", CASES)
def test_fix_adds_the_header_from_the_setting(before, after):
    assert [d.code for d in check_source(before, settings=WITH_ID)] == ["RT601"]
    assert fix_source(before, settings=WITH_ID) == before  # unsafe: not without --unsafe-fixes
    assert fix_source(before, settings=WITH_ID, unsafe=True) == after
    assert check_source(after, settings=WITH_ID) == []


def test_without_the_setting_it_is_reported_only():
    before = CASES[0][0]
    found = check_source(before, settings=Settings(select=("RT601",)))
    assert found[0].fix is None and "safety-identifier" in found[0].hint


def test_no_identity_in_scope_is_not_reported():
    source = 'import websockets\nasync def go(url):\n    return await websockets.connect("wss://api.openai.com/v1/realtime?model=m")\n'
    assert check_source(source, settings=WITH_ID) == []


def test_header_set_through_a_module_constant_counts():
    source = (
        'import websockets\nHEADERS = {"OpenAI-Safety-Identifier": "anon"}\n'
        'async def go(user):\n    return await websockets.connect("wss://api.openai.com/v1/realtime?model=m", additional_headers=HEADERS)\n'
    )
    assert check_source(source, settings=WITH_ID) == []


def test_setting_must_be_an_expression():
    with pytest.raises(ConfigError, match="not a Python expression"):
        settings_from_table({"safety-identifier": "def ("})
