"""Realtime context, judged where the code is: which API and which host it talks to."""

from __future__ import annotations

import libcst as cst
import pytest

from rtmigrate import Settings, check_source, fix_source
from rtmigrate.python.context import Context, EvidenceCollector
from rtmigrate.python.cstutil import Tree, traverse


def verdicts(source: str) -> dict[str, tuple[str | None, str | None]]:
    """(skip, mixed) at every string literal `"mark-..."` of ``source``."""
    tree = Tree(cst.parse_module(source))
    collector = EvidenceCollector(tree)
    traverse(tree, [collector])
    context = Context(tree, collector)
    out = {}
    for node in tree.nodes(cst.SimpleString):
        if node.value.strip("'\"").startswith("mark-"):
            verdict = context.verdict(node)
            out[node.value.strip("'\"")] = (verdict.skip, verdict.mixed)
    return out


def test_the_nearest_function_with_evidence_decides():
    found = verdicts(
        "from openai import OpenAI\n"
        "client = OpenAI()\n"
        "def responses():\n    client.responses.create(model='m')\n    x = 'mark-responses'\n"
        "def realtime():\n    client.realtime.connect(model='m')\n    x = 'mark-realtime'\n"
        "def neither():\n    x = 'mark-neither'\n"
    )
    assert found["mark-responses"][0] == "this code talks to the Responses API"
    assert found["mark-realtime"] == (None, None)
    assert found["mark-neither"][0] is None and "Realtime API and to the Responses API" in found["mark-neither"][1]


def test_api_and_host_are_decided_by_their_own_nearest_scopes():
    found = verdicts(
        "class Stt:\n"
        "    def __init__(self, base_url='wss://api.together.ai/v1'):\n        self.base_url = base_url\n"
        "    def connect(self):\n        headers = {'OpenAI-Beta': 'realtime=v1'}\n        x = 'mark-together'\n"
    )
    assert found["mark-together"][0] == "this code talks to api.together.ai, not to OpenAI"


@pytest.mark.parametrize(
    "url, skipped",
    [
        ("wss://api.x.ai/v1/realtime", True),
        ("https://api.inworld.ai/v1", True),  # a known provider, even without "realtime"
        ("wss://gateway.example.com/v1/realtime", False),  # a name reserved for examples
        ("ws://localhost:8080/v1/realtime", False),  # a local relay or a test server
        ("wss://myres.openai.azure.com/openai/realtime", False),  # Azure OpenAI
        ("https://weather.example.org/today", False),
        ("https://api.weather.io/today", False),  # not a Realtime URL: says nothing
    ],
)
def test_which_hosts_are_other_providers(url, skipped):
    found = verdicts(f"URL = '{url}'\nx = 'mark-here'\n")
    assert (found["mark-here"][0] is not None) == skipped


def test_a_constant_carries_its_host_to_where_it_is_used():
    found = verdicts(
        "XAI = 'wss://api.x.ai/v1/realtime'\nOPENAI = 'wss://api.openai.com/v1/realtime'\n"
        "def grok():\n    connect(XAI)\n    x = 'mark-grok'\n"
        "def gpt():\n    connect(OPENAI)\n    x = 'mark-gpt'\n"
        "def unknown(url):\n    connect(url)\n    x = 'mark-unknown'\n"
    )
    assert found["mark-grok"][0] is not None
    assert found["mark-gpt"] == (None, None)
    assert found["mark-unknown"][1] is not None  # a variable excludes nothing: the file's evidence decides


def test_a_docstring_aims_no_code_anywhere():
    found = verdicts('def f():\n    """See wss://api.x.ai/v1/realtime for the other protocol."""\n    x = "mark-here"\n')
    assert found["mark-here"] == (None, None)


def test_mixed_scopes_are_reported_without_a_fix():
    source = (
        "from openai import OpenAI\nclient = OpenAI()\n"
        "def both():\n    client.responses.create(model='m')\n    with client.beta.realtime.connect(model='m') as c:\n"
        "        if e.type == 'response.text.delta': pass\n"
    )
    found = check_source(source)
    assert {d.code for d in found} == {"RT101", "RT201"}
    assert all(d.fix is None and "not fixed" in d.hint for d in found)
    assert fix_source(source, unsafe=True) == source


def test_other_host_note_is_one_per_file_and_is_advice():
    source = "A = 'wss://api.x.ai/v1/realtime'\nB = 'wss://api.x.ai/v1/realtime?model=grok'\nif t == 'response.text.delta': pass\n"
    found = check_source(source)
    assert [(d.code, d.kind) for d in found] == [("RT406", "advice")]
    assert "api.x.ai" in found[0].message
    assert check_source(source, settings=Settings(ignore=("RT406",))) == []


def test_a_file_that_still_speaks_beta_is_not_ga_code_even_with_ga_evidence():
    """A beta-era test that asserts the header both ways: its faked server events are
    migrated, and its expectation that the header is sent follows the code."""
    source = (
        "def test_default(headers):\n    assert headers['OpenAI-Beta'] == 'realtime=v1'\n"
        "def test_custom(headers):\n    assert 'OpenAI-Beta' not in headers\n"
        "fake = {'type': 'response.audio.delta'}\n"
    )
    assert [d.code for d in check_source(source)] == ["RT401", "RT101"]
    assert "assert 'OpenAI-Beta' not in headers\ndef test_custom" in fix_source(source)
    ga = source.replace("headers['OpenAI-Beta'] == 'realtime=v1'", "headers['X'] == 'y'")
    assert check_source(ga) == []


def test_a_host_inside_one_function_aims_only_that_function():
    source = (
        "import openai\n"
        "def test_custom_host(client):\n    client.connect('wss://voice.example-corp.io/v1/realtime')\n    x = 'mark-custom'\n"
        "def on_event(event):\n    x = 'mark-handler'\n"
    )
    found = verdicts(source)
    assert found["mark-custom"][0] is not None
    assert found["mark-handler"] == (None, None)


EVENT_TABLE_BESIDE_CHAT = (
    "import openai\n"
    'CHAT_URL = "https://api.openai.com/v1/chat/completions"\n'
    "class Events:\n"
    '    AUDIO = "response.audio.delta"\n'
    '    TEXT_DONE = "response.text.done"\n'
    '    COMMITTED = "input_audio_buffer.committed"\n'
    '    LIMITS = "rate_limits.updated"\n'
    "def summary(text):\n"
    "    return openai.chat.completions.create(model='m', messages=[{'role': 'user', 'content': text}])\n"
)


def test_a_class_that_holds_the_protocols_names_is_judged_on_its_own():
    # the event table speaks Realtime by itself: its beta names are fixed, though the module also calls Chat Completions
    fixed = fix_source(EVENT_TABLE_BESIDE_CHAT, "events.py", Settings())
    assert '"response.output_audio.delta"' in fixed and '"response.output_text.done"' in fixed
    assert fixed.count("chat.completions") == 1


def test_two_of_the_protocols_names_do_not_decide_a_scope():
    source = EVENT_TABLE_BESIDE_CHAT.replace('    COMMITTED = "input_audio_buffer.committed"\n', "").replace('    LIMITS = "rate_limits.updated"\n', "")
    # the module talks to Chat Completions, and two names make no Realtime scope: left alone
    assert not [d for d in check_source(source, "events.py", Settings()) if d.fix is not None]
    assert fix_source(source, "events.py", Settings()) == source


def test_an_own_object_named_realtime_is_no_ga_evidence():
    # the app's own `self.realtime` client, beside a beta session config: still beta code, so RT306 speaks
    source = (
        "import openai\n"
        "class Voice:\n"
        "    async def start(self):\n"
        "        await self.realtime.connect()\n"
        '        self.config = {"voice": "ash", "input_audio_format": "pcm16"}\n'
    )
    assert [d.code for d in check_source(source, "voice.py", Settings())] == ["RT306"]
    sdk = source.replace("self.realtime.connect()", "self.client.realtime.connect(model='gpt-realtime-2.1')")
    assert [d.code for d in check_source(sdk, "voice.py", Settings())] == []


BETA_SERVICE = (
    "import json\n\n"
    "async def configure(ws):\n"
    '    await ws.send(json.dumps({"type": "session.update", "session": {"output_audio_format": "pcm16"}}))\n'
    '    headers = {"OpenAI-Beta": "realtime=v1"}\n'
)
GA_SERVICE = 'from openai.types.realtime import RealtimeSessionCreateRequest\nFORMAT = {"type": "audio/pcm", "rate": 24000}\n'


def _project(root, files: dict[str, str]):
    from rtmigrate.api import forget_project

    forget_project()
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def _fixable(root, name: str) -> list[str]:
    from rtmigrate.api import check_paths

    outcome = next(o for o in check_paths([root], Settings()).files if o.path.endswith(name))
    return [d.code for d in outcome.diagnostics if d.fix is not None]


def test_a_module_named_for_the_beta_beside_ga_code_is_reported_unfixed(tmp_path):
    root = _project(tmp_path / "app", {"pyproject.toml": "[project]\nname = 'app'\n", "svc/realtime.py": GA_SERVICE, "svc/realtime_beta.py": BETA_SERVICE})
    assert _fixable(root, "realtime_beta.py") == []
    # a package named for the beta, the GA code in another package beside it
    root = _project(tmp_path / "app2", {"setup.py": "", "svc/openai/realtime/llm.py": GA_SERVICE, "svc/openai_realtime_beta/llm.py": BETA_SERVICE})
    assert _fixable(root, "openai_realtime_beta/llm.py") == []


def test_a_module_named_for_the_beta_with_no_ga_code_beside_it_is_fixed(tmp_path):
    root = _project(tmp_path / "app", {"pyproject.toml": "[project]\nname = 'app'\n", "svc/other.py": "x = 1\n", "svc/realtime_beta.py": BETA_SERVICE})
    assert sorted(_fixable(root, "realtime_beta.py")) == ["RT301", "RT401"]


def test_another_api_spelled_like_ga_beside_a_beta_module_is_no_ga_code(tmp_path):
    # a TTS service asks for `"audio/pcm"` audio: a MIME type other APIs share, not GA Realtime code
    tts = 'import aiohttp\n\nasync def speak(s, text):\n    return await s.post("https://tts.example/v1", json={"text": text, "audioFormat": "audio/pcm"})\n'
    root = _project(tmp_path / "app", {"setup.py": "", "svc/tts/rime.py": tts, "svc/openai_realtime_beta/llm.py": BETA_SERVICE})
    assert sorted(_fixable(root, "openai_realtime_beta/llm.py")) == ["RT301", "RT401"]


def test_a_checkout_named_for_the_beta_is_no_module_kept_beside_ga_code(tmp_path):
    # the folder above the project's root holds a GA copy of the app: not the project's own
    _project(tmp_path, {"app/svc/realtime.py": GA_SERVICE})
    root = _project(tmp_path / "app_beta", {"pyproject.toml": "[project]\nname = 'app'\n", "svc/realtime.py": BETA_SERVICE})
    assert sorted(_fixable(root, "svc/realtime.py")) == ["RT301", "RT401"]


def test_a_cached_result_of_a_kept_beta_module_goes_with_its_ga_module(tmp_path):
    from rtmigrate.api import check_paths, forget_project

    root = _project(tmp_path / "app", {"pyproject.toml": "[project]\nname = 'app'\n", "svc/realtime.py": GA_SERVICE, "svc/realtime_beta.py": BETA_SERVICE})
    cache = tmp_path / "cache"

    def fixable() -> list[str]:
        forget_project()
        outcome = next(o for o in check_paths([root], Settings(), cache_root=cache).files if o.path.endswith("realtime_beta.py"))
        return sorted(d.code for d in outcome.diagnostics if d.fix is not None)

    assert fixable() == [] and fixable() == []
    (root / "svc/realtime.py").unlink()  # the GA module is gone: the beta one is the app's to migrate
    assert fixable() == ["RT301", "RT401"]


OWN_TYPES = "export type ServerEvent = { type: 'response.text.delta'; delta: string } | { type: 'response.done' };\n"
OWN_HANDLER = (
    "import { ServerEvent } from '../types/events';\n\n"
    "export function onEvent(event: ServerEvent, show: (s: string) => void) {\n"
    "  if (event.type === 'response.text.delta') show(event.delta);\n"
    "  else if (event.type === 'response.done') show('done');\n"
    "}\n"
)


def test_a_folder_the_app_names_for_openai_says_whose_protocol_its_modules_speak(tmp_path):
    # the app's own event types and their handler, with no URL or SDK of OpenAI's in sight
    files = {"package.json": "{}", "src/openai/types/events.ts": OWN_TYPES, "src/openai/handlers/on-event.ts": OWN_HANDLER}
    root = _project(tmp_path / "app", files)
    assert _fixable(root, "types/events.ts") == ["RT101"]
    assert _fixable(root, "handlers/on-event.ts") == ["RT101"]
    # the same modules in folders that name no API: whose protocol they speak is not known, so they are left alone
    root = _project(tmp_path / "other", {"package.json": "{}", "src/voice/types/events.ts": OWN_TYPES, "src/voice/handlers/on-event.ts": OWN_HANDLER})
    assert _fixable(root, "types/events.ts") == [] and _fixable(root, "handlers/on-event.ts") == []


def test_a_module_importing_only_the_app_s_own_types_is_judged_by_its_importers_too(tmp_path):
    # `handlers/on-event.ts` imports only the app's own types; the module that imports it connects to OpenAI
    client = (
        "import { onEvent } from '../handlers/on-event';\n"
        "const ws = new WebSocket('wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1');\n"
        "ws.onmessage = (m) => onEvent(JSON.parse(m.data), console.log);\n"
    )
    files = {"package.json": "{}", "src/voice/types/events.ts": OWN_TYPES, "src/voice/handlers/on-event.ts": OWN_HANDLER,
             "src/voice/handlers/client.ts": client}
    root = _project(tmp_path / "app", files)
    assert _fixable(root, "handlers/on-event.ts") == ["RT101"]


ASK_SCRIPT = '''import asyncio

from openai import AsyncOpenAI


async def ask(question):
    async with AsyncOpenAI().beta.realtime.connect(model="gpt-realtime-2.1") as connection:
        await connection.session.update(session={"modalities": ["text"]})
        await connection.response.create(response={"instructions": question})
        async for event in connection:
            if event.type == "response.text.done":
                return event.text


if __name__ == "__main__":
    print(asyncio.run(ask("Say hello.")))
'''
HELD_PAGE = (
    "export function listen(channel, show) {\n"
    '  channel.send(JSON.stringify({ type: "session.update", session: { voice: "ash", temperature: 0.7 } }));\n'
    '  channel.onmessage = (m) => { const e = JSON.parse(m.data); if (e.type === "response.audio_transcript.done") show(e.transcript); };\n'
    "}\n"
)
PAGE_SERVER = (
    "from flask import Flask, jsonify\nfrom openai import OpenAI\n\napp = Flask(__name__)\n\n\n"
    '@app.get("/key")\ndef key():\n    return jsonify(key=OpenAI().beta.realtime.sessions.create(model="gpt-realtime-2.1").client_secret.value)\n'
)


def _safely_fixable(root, name: str) -> list[str]:
    from rtmigrate.api import check_paths
    from rtmigrate.core.diagnostics import Applicability

    outcome = next(o for o in check_paths([root], Settings()).files if o.path.endswith(name))
    return sorted(d.code for d in outcome.diagnostics if d.fix is not None and d.fix.applicability is Applicability.SAFE)


def test_a_script_that_talks_to_the_api_for_itself_waits_for_no_page_of_its_project(tmp_path):
    # a command-line script beside a browser demo whose page keeps a field GA has no place for
    files = {"requirements.txt": "openai\nflask\n", "ask.py": ASK_SCRIPT, "web/server.py": PAGE_SERVER, "web/static/app.js": HELD_PAGE}
    root = _project(tmp_path / "app", files)
    assert _safely_fixable(root, "ask.py") == ["RT101", "RT201", "RT301"]
    assert _safely_fixable(root, "web/server.py") == []  # the page's server waits for the page
    # what may carry a page's traffic keeps the script with the page
    variants = {
        "a relay library": ASK_SCRIPT.replace("import asyncio\n", "import asyncio\n\nimport websockets\n"),
        "a module of its own that serves": ASK_SCRIPT.replace("import asyncio\n", "import asyncio\n\nfrom web_util import serve\n"),
        "a local server named": ASK_SCRIPT.replace("import asyncio\n", 'import asyncio\n\nRELAY = "ws://127.0.0.1:8080/relay"\n'),
        "no entry point": ASK_SCRIPT.split('\n\nif __name__')[0] + "\n",
    }
    for number, (why, script) in enumerate(variants.items()):
        root = _project(tmp_path / f"app{number}", {**files, "ask.py": script, "web_util.py": "from flask import Flask\n\nserve = Flask(__name__).run\n"})
        assert _safely_fixable(root, "ask.py") == [], why


def test_a_workspace_package_imported_by_name_is_found_both_ways(tmp_path):
    from rtmigrate.core.project import Project

    files = {
        "pnpm-workspace.yaml": "packages:\n  - 'libs/*'\n  - \"apps/*\"  # the apps\n  - '!**/test/**'\n",
        "package.json": '{"name": "mono", "private": true}',
        "libs/names/package.json": '{"name": "@mono/names", "main": "build/index.js"}',
        "libs/names/build/index.js": "module.exports = {};\n",
        "libs/names/src/index.ts": "export const DELTA = 'response.audio.delta';\n",
        "libs/names/src/extra.ts": "export const DONE = 'response.audio.done';\n",
        "apps/web/package.json": '{"name": "@mono/web"}',
        "apps/web/src/a.ts": "import { DELTA } from '@mono/names';\nimport OpenAI from 'openai';\n",
        "apps/web/src/b.ts": "import { DONE } from '@mono/names/src/extra';\n",
    }
    root = _project(tmp_path / "repo", files)
    project = Project()
    a, b = (root / "apps/web/src/a.ts").resolve(), (root / "apps/web/src/b.ts").resolve()
    names, extra = (root / "libs/names/src/index.ts").resolve(), (root / "libs/names/src/extra.ts").resolve()
    # the source before the built file its `main` names; a subpath under the package; `openai` is no package of the workspace
    assert project._imports(a) == {names}
    assert project._imports(b) == {extra}
    assert project._importers_in_reach(names) == [a]
    assert project._importers_in_reach(extra) == [b]
    # outside any workspace, a bare specifier is a package from the registry: not followed
    outside = _project(tmp_path / "solo", {"package.json": '{"name": "solo"}', "src/a.ts": "import { DELTA } from '@mono/names';\n"})
    assert Project()._imports((outside / "src/a.ts").resolve()) == set()


def test_modules_an_app_wires_through_modules_that_name_no_protocol_share_a_connection(tmp_path):
    # `app.ts` imports `index.ts`, which passes on the router and a factory that loads the
    # transport by name: the router hears the transport's connection, whose session stays beta
    transport = (
        'export function open(on: (e: any) => void) {\n'
        '  const ws = new WebSocket("wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1", ["realtime", "openai-beta.realtime-v1"]);\n'
        '  ws.onopen = () => ws.send(JSON.stringify({ type: "session.update", session: { voice: "ash", temperature: 0.7 } }));\n'
        '  ws.onmessage = (m) => on(JSON.parse(m.data));\n'
        '}\n'
    )
    router = (
        'export function route(e: any, show: (s: string) => void) {\n'
        '  if (e.type === "response.audio_transcript.delta") show(e.delta);\n'
        '  else if (e.type === "response.audio_transcript.done") show("\\n");\n'
        '}\n'
    )
    files = {
        "package.json": "{}",
        "src/transport.ts": transport,
        "src/router.ts": router,
        "src/factory.ts": 'export function make(on: (e: any) => void) {\n  const { open } = require("./transport");\n  return open(on);\n}\n',
        "src/index.ts": 'export { make } from "./factory";\nexport { route } from "./router";\n',
        "src/app.ts": 'import { make, route } from "./index";\nmake((e) => route(e, console.log));\n',
    }
    root = _project(tmp_path / "wired", files)
    assert _safely_fixable(root, "src/router.ts") == []
    # a type the page takes from the transport's module through a helper is no connection
    files = {
        "package.json": "{}",
        "src/transport.ts": transport.replace("export function open", "export type Event = { type: string };\nexport function open"),
        "src/page.ts": 'import { scroll } from "./scroll";\n' + router,
        "src/scroll.ts": 'import { Event } from "./transport";\nexport function scroll(events: Event[]) { return events.length; }\n',
        "src/main.ts": 'import { route } from "./page";\nroute({ type: "x" }, console.log);\n',
    }
    root = _project(tmp_path / "typed", files)
    assert _safely_fixable(root, "src/page.ts") == ["RT101", "RT101"]
