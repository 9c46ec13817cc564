"""The tables against the ground truth: the pinned `openai` package's own types."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import typing
from pathlib import Path

import openai.types.beta.realtime as beta_pkg
import openai.types.realtime as ga_pkg
import pytest

from rtmigrate.core.tables.events import EVENT_MEANING_CHANGED, EVENT_RENAMES
from rtmigrate.core.tables.sdk import SDK_PATHS
from rtmigrate.core.tables.sdk_types import BETA_TYPES

ROOT = Path(__file__).resolve().parent.parent


def _literals(annotation) -> set[str]:
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return {a for a in typing.get_args(annotation) if isinstance(a, str)}
    return {v for arg in typing.get_args(annotation) for v in _literals(arg)}


def event_types(package) -> set[str]:
    """Every `type` literal of every event model in a types package."""
    found: set[str] = set()
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for obj in vars(module).values():
            fields = getattr(obj, "model_fields", None) if isinstance(obj, type) else None
            if fields and "type" in fields:
                found |= {v for v in _literals(fields["type"].annotation) if "." in v}
    return found


BETA_EVENTS = event_types(beta_pkg)
GA_EVENTS = event_types(ga_pkg)


def test_package_has_both_namespaces():
    assert "response.text.delta" in BETA_EVENTS
    assert "response.output_text.delta" in GA_EVENTS


def test_reading_matches_the_recorded_event_lists():
    """The same lists the migration facts were written from (shared spec, when present)."""
    import json

    recorded = ROOT.parent / "shared" / "spec" / f"sdk-events-openai-{importlib.import_module('openai').__version__}.json"
    if not recorded.exists():
        pytest.skip("no recorded event list for this openai version")
    data = json.loads(recorded.read_text())
    assert BETA_EVENTS == {k for k in data["beta_event_types"] if "." in k}
    assert GA_EVENTS == {k for k in data["ga_event_types"] if "." in k}


@pytest.mark.parametrize("beta", sorted(EVENT_RENAMES))
def test_every_ga_name_written_is_a_ga_event(beta):
    assert EVENT_RENAMES[beta].ga in GA_EVENTS


@pytest.mark.parametrize("beta", sorted(EVENT_RENAMES))
def test_every_renamed_name_is_no_longer_ga(beta):
    # transcription_session.created survives in some GA releases; the others are gone
    assert beta not in GA_EVENTS or beta == "transcription_session.created"


def test_every_beta_only_event_has_a_row():
    missing = sorted(BETA_EVENTS - GA_EVENTS - set(EVENT_RENAMES))
    assert missing == []


def test_meaning_changed_events_still_exist():
    for name in EVENT_MEANING_CHANGED:
        assert name in GA_EVENTS and name in BETA_EVENTS


def test_sdk_types_table_is_current():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_sdk_types.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("module", sorted(BETA_TYPES))
def test_every_ga_type_the_table_names_exists(module):
    for name, target in BETA_TYPES[module].items():
        if target is None:
            continue
        ga_module, ga_name = target
        mod = importlib.import_module(f"openai.types.realtime{'.' + ga_module if ga_module else ''}")
        assert hasattr(mod, ga_name), f"{module}.{name} → {ga_module}.{ga_name}"


def test_ga_sdk_paths_exist_on_the_client():
    from openai import AsyncOpenAI, OpenAI

    for client_cls in (OpenAI, AsyncOpenAI):
        client = client_cls(api_key="test-key", base_url="http://127.0.0.1:9")
        for key, row in SDK_PATHS.items():
            beta = client.beta.realtime
            for part in key:
                beta = getattr(beta, part)
            if row.ga is not None:
                target = client
                for part in row.ga:
                    target = getattr(target, part)
                assert callable(target)


def _union_events(module_name: str, union: str) -> set[str]:
    module = importlib.import_module(module_name)
    return _literals_of(getattr(module, union))


def _literals_of(annotation) -> set[str]:
    out: set[str] = set()
    for arg in typing.get_args(annotation):
        fields = getattr(arg, "model_fields", None) if isinstance(arg, type) else None
        if fields and "type" in fields:
            out |= _literals(fields["type"].annotation)
        else:
            out |= _literals_of(arg)
    return out


SERVER_EVENTS = _union_events("openai.types.beta.realtime.realtime_server_event", "RealtimeServerEvent") | _union_events(
    "openai.types.realtime.realtime_server_event", "RealtimeServerEvent"
)
CLIENT_EVENTS = _union_events("openai.types.beta.realtime.realtime_client_event", "RealtimeClientEvent") | _union_events(
    "openai.types.realtime.realtime_client_event", "RealtimeClientEvent"
)


def test_client_and_server_sides_of_the_renamed_events():
    from rtmigrate.core.tables.events import CLIENT_EVENT_RENAMES

    assert CLIENT_EVENT_RENAMES <= CLIENT_EVENTS
    # every other beta name is a server event (transcription_session.created: sent by beta-era servers, see the spec note)
    assert set(EVENT_RENAMES) - CLIENT_EVENT_RENAMES - SERVER_EVENTS == {"transcription_session.created"}


def test_server_item_events_are_server_events():
    from rtmigrate.core.tables.events import SERVER_ITEM_EVENTS

    assert SERVER_ITEM_EVENTS <= SERVER_EVENTS


def test_other_api_members_exist_on_the_client():
    """The attribute chains that mark Responses, Chat Completions and Live API code."""
    from openai import OpenAI

    from rtmigrate.core.tables.context import OTHER_API_MEMBERS, OTHER_API_PARENT

    client = OpenAI(api_key="test-key", base_url="http://127.0.0.1:9")
    for resource, members in OTHER_API_MEMBERS.items():
        owner = getattr(client, OTHER_API_PARENT.get(resource, ""), client) if resource in OTHER_API_PARENT else client
        target = getattr(owner, resource)
        missing = sorted(m for m in members if not hasattr(target, m))
        assert missing == [], f"{resource}: {missing}"


def test_other_api_modules_exist():
    from rtmigrate.core.tables.context import GA_MODULES, OTHER_API_MODULES, REALTIME_MODULES

    for name in (*OTHER_API_MODULES, *REALTIME_MODULES, *GA_MODULES):
        importlib.import_module(name)


def test_realtime_vocabulary_is_the_protocols_own():
    """Every name is a Realtime event, and none is an event of the Responses or Live API."""
    import openai.types.live as live_pkg
    import openai.types.responses as responses_pkg

    from rtmigrate.core.tables.context import REALTIME_VOCABULARY

    assert REALTIME_VOCABULARY <= BETA_EVENTS | GA_EVENTS
    assert not REALTIME_VOCABULARY & (event_types(live_pkg) | event_types(responses_pkg))


def test_the_translation_events_are_the_ga_translation_classes_own():
    """`GA_TRANSLATION_EVENTS` are `type`s of the package's GA translation event classes
    that the beta never had, and hold every audio or transcript event of them: a file
    that names one is GA code."""
    import openai.types.realtime as ga

    from rtmigrate.core.tables.context import GA_TRANSLATION_EVENTS

    translation = set()
    for info in pkgutil.iter_modules(ga.__path__):
        if info.name.startswith("realtime_translation_"):
            module = importlib.import_module(f"{ga.__name__}.{info.name}")
            for obj in vars(module).values():
                fields = getattr(obj, "model_fields", None) if isinstance(obj, type) else None
                if fields and "type" in fields:
                    translation |= {v for v in _literals(fields["type"].annotation) if "." in v}
    assert GA_TRANSLATION_EVENTS <= translation - BETA_EVENTS
    assert {name for name in translation - BETA_EVENTS if ".input_" in name or ".output_" in name} <= GA_TRANSLATION_EVENTS


def test_every_ga_resource_the_table_names_exists():
    from rtmigrate.core.tables.sdk_types import BETA_RESOURCES, GA_RESOURCE_MEMBERS

    for module, rows in BETA_RESOURCES.items():
        for name, target in rows.items():
            if target is not None:
                ga = importlib.import_module(f"openai.resources.realtime{'.' + target[0] if target[0] else ''}")
                assert hasattr(ga, target[1]), f"{module}.{name}"
    for path, members in GA_RESOURCE_MEMBERS.items():
        module, cls = path.rsplit(".", 1)
        klass = getattr(importlib.import_module(f"openai.resources.realtime.{module}"), cls)
        declared = set(getattr(klass, "__annotations__", {}))
        assert all(hasattr(klass, m) or m in declared for m in members if not m.startswith("_")), path


def test_ga_dotted_paths_resolve():
    from rtmigrate.python.rules.sdk import _ga_dotted

    for beta in ("openai.resources.beta.realtime.realtime.AsyncRealtime.connect",
                 "openai.types.beta.realtime.session_update_event.SessionUpdateEvent"):
        module, *rest = _ga_dotted(beta).split(".")
        target = importlib.import_module(module)
        for part in rest:
            target = getattr(target, part, None) or importlib.import_module(f"{target.__name__}.{part}")
        assert target is not None


def test_session_event_classes_carry_the_session_events_named():
    """Each SDK class an `isinstance` test reads as a session event is a beta event
    class whose `type` is one of the session events, of the same kind."""
    from rtmigrate.core.tables.session import SESSION_EVENT_CLASSES, SESSION_EVENTS

    for name, kind in SESSION_EVENT_CLASSES.items():
        cls = getattr(beta_pkg, name)
        (literal,) = typing.get_args(cls.model_fields["type"].annotation)
        assert SESSION_EVENTS[literal] == kind, name


def test_ephemeral_key_answer_moves_as_the_types_say():
    """GA's answer holds the key at the top and the session under `session`; the
    session fields whose reads move there are fields of the beta session and of
    GA's session answer of that kind, alike in name."""
    from openai.types.realtime.realtime_transcription_session_create_response import RealtimeTranscriptionSessionCreateResponse

    from rtmigrate.core.tables.endpoints import BODY_SESSION_KEY, RESPONSE_SESSION_KEYS
    from rtmigrate.core.tables.session import CLIENT_SECRET_KEY, SECRET_FIELDS

    answer = ga_pkg.ClientSecretCreateResponse.model_fields
    assert SECRET_FIELDS <= set(answer) and BODY_SESSION_KEY in answer and CLIENT_SECRET_KEY not in answer
    assert SECRET_FIELDS <= set(beta_pkg.session_create_response.ClientSecret.model_fields)
    ga_sessions = {"realtime": ga_pkg.RealtimeSessionCreateResponse, "transcription": RealtimeTranscriptionSessionCreateResponse}
    for kind, keys in RESPONSE_SESSION_KEYS.items():
        assert keys <= set(ga_sessions[kind].model_fields), kind
    assert RESPONSE_SESSION_KEYS["realtime"] <= set(beta_pkg.Session.model_fields)


def test_what_a_typed_read_of_the_answer_may_take_is_on_both_kinds():
    from openai.types.realtime.realtime_transcription_session_create_response import RealtimeTranscriptionSessionCreateResponse

    from rtmigrate.core.tables.endpoints import RESPONSE_SESSION_KEYS, RESPONSE_SESSION_KEYS_EITHER

    assert RESPONSE_SESSION_KEYS_EITHER <= RESPONSE_SESSION_KEYS["realtime"]
    assert RESPONSE_SESSION_KEYS_EITHER <= set(RealtimeTranscriptionSessionCreateResponse.model_fields)
    assert RESPONSE_SESSION_KEYS_EITHER <= set(ga_pkg.RealtimeSessionCreateResponse.model_fields)
