"""A fix keeps a program working: proven by running it.

Each program below (the example programs, flow fixtures whose config is
built, read, passed and sent, and projects whose connection is opened in one
module and heard in another) is run against the local GA server of
`ga_server.py` as it is, where the server turns it away, and again after
`rtmigrate check --fix` (with `--unsafe-fixes` for the programs whose fixes
are unsafe), where it must hold its short conversation and exit 0. The
programs run in a copy, in a subprocess of their own, against 127.0.0.1 only.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ga_server import GAServer
from rtmigrate.cli import main

ROOT = Path(__file__).resolve().parent.parent

# program → does it need `--unsafe-fixes` to reach GA
PROGRAMS = {
    "examples/sdk_voice_app.py": True,  # the preview model
    "examples/websocket_server.py": True,  # a relay: the browser behind it must move to GA too
    "examples/transcription_worker.py": True,  # the transcription payload changes its event
    "fixtures/flow/payload_reads.py": False,
    "fixtures/flow/builder.py": False,
    "fixtures/flow/config_by_name.py": False,
    "fixtures/flow/helper.py": False,
    "fixtures/flow/session_helper.py": False,
    "fixtures/flow/server_session.py": False,  # reads the session the server reports
    "fixtures/flow/typed_events.py": False,  # tells events apart by class; modalities in a constant
    "fixtures/flow/escapes.py": True,
    "fixtures/flow/attribute_config.py": False,  # kept in attributes, copied, spread, sent by event name
    "fixtures/flow/raw_messages.py": False,  # its handler is checked against raw JSON messages first
    "fixtures/flow/mint.py": False,  # mints an ephemeral key over HTTP, then talks with it
    "fixtures/flow/sip_accept.py": False,  # accepts a SIP call with its session, then joins it
    "fixtures/flow/sdk_mint.py": False,  # mints a key with the SDK, reads the session's id and the key
    "fixtures/flow/session_builder.py": False,  # a function of its own returns the session, read back and sent
    "fixtures/flow/format_table.py": False,  # its audio formats come from a table of its own
    "fixtures/flow/webrtc_offer.py": False,  # mints a key, then posts a browser's SDP offer signed by it
    "fixtures/flow/dropped_field.py": True,  # its session holds `temperature`, which GA has no place for
    "fixtures/flow/default_temperature.py": False,  # its session and response set `temperature` to the beta's own default
    "fixtures/flow/response_builder.py": False,  # its response parameters are written into the payload by key
    "fixtures/flow/payload_builder.py": False,  # formats, voice and modalities written into the payload by key
    "fixtures/flow/held_modalities.py": True,  # its modalities come through parameters: worked out when it runs
    "fixtures/flow/changed_modalities.py": True,  # logs the modalities it asked for, a list GA writes otherwise
    "fixtures/flow/update_builder.py": False,  # a branch fills its session in with `update`, read back once sent
    "fixtures/flow/branch_sessions.py": False,  # its session is a literal on each path of a branch, read back once sent
    "fixtures/flow/keyword_payloads.py": False,  # payloads built with keywords, and a helper given the event's name apart
    "fixtures/flow/item_content.py": False,  # reads the transcript off the audio parts of the finished response's items
}


@pytest.fixture(scope="module")
def server():
    with GAServer() as running:
        yield running


def _run(program: Path, server: GAServer) -> subprocess.CompletedProcess:
    query = "intent=transcription" if "transcription" in program.name else "model=gpt-realtime-2.1"
    env = {
        **os.environ,
        "REALTIME_URL": server.url(query),
        "REALTIME_API": server.http_url,
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_WEBSOCKET_BASE_URL": server.base_url.replace("http://", "ws://"),
        "OPENAI_API_KEY": "sk-test",
        "PYTHONPATH": "",
    }
    return subprocess.run([sys.executable, program.name], cwd=program.parent, env=env, capture_output=True, text=True, timeout=60)


def _copy(name: str, into: Path) -> Path:
    target = into / Path(name).name
    shutil.copy(ROOT / name, target)
    return target


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_a_program_is_turned_away_before_its_fix_and_talks_after_it(name, server, tmp_path):
    program = _copy(name, tmp_path)

    before = len(server.errors)
    ran = _run(program, server)
    assert ran.returncode != 0, f"the beta program was not turned away:\n{ran.stdout}{ran.stderr}"
    assert len(server.errors) > before, "the server saw nothing of the beta to refuse"

    args = ["check", "--fix", "--no-cache", *(["--unsafe-fixes"] if PROGRAMS[name] else []), str(program)]
    CliRunner().invoke(main, args)
    assert program.read_text(encoding="utf-8") != (ROOT / name).read_text(encoding="utf-8")

    before = len(server.errors)
    ran = _run(program, server)
    assert ran.returncode == 0, f"the fixed program failed:\n{ran.stdout}{ran.stderr}\nserver: {server.errors[before:]}"
    assert server.errors[before:] == []


@pytest.mark.parametrize("name", sorted(name for name, unsafe in PROGRAMS.items() if unsafe))
def test_a_safe_fix_alone_leaves_a_program_beta_or_ga_throughout(name, server, tmp_path):
    """A program whose fixes are unsafe: `--fix` alone either leaves what it sends
    and listens for as it was, or makes it GA throughout, so that it then talks to
    the GA server. Half of each would be understood by neither API."""
    program = _copy(name, tmp_path)
    CliRunner().invoke(main, ["check", "--fix", "--no-cache", str(program)])
    before, after = (ROOT / name).read_text(encoding="utf-8"), program.read_text(encoding="utf-8")
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    if all(_beside_protocol(line) for line in changed):
        return  # (its type imports, say: what it sends is as it was)
    ran = _run(program, server)
    assert ran.returncode == 0, f"the half-fixed program failed:\n{ran.stdout}{ran.stderr}\nserver: {server.errors}"


# a project whose connection is opened in one module and heard in `handlers.py` → does it need `--unsafe-fixes`
PROJECTS = {
    "fixtures/projects/split_connection": True,  # its session holds `temperature`: both modules wait for it
    "fixtures/projects/split_connection_safe": False,
    # `main.py` only wires `link.py` (the connection), `session.py` (what it says first) and `handlers.py`
    "fixtures/projects/wired_connection": True,
    # `main.py` opens the connection; `setup.py`, which it imports, only sends the session
    "fixtures/projects/helper_session": True,
    # `main.py` mints the key it connects with: the key request waits with the connection
    "fixtures/projects/minted_connection": True,
    # `tools.py`, which `main.py` imports, registers the tools: a session update with no beta field, but no `type`
    "fixtures/projects/tools_session": False,
    # `main.py` is a script that opens its own connection; the browser demo beside it, held, has another
    "fixtures/projects/scripts_beside_page": False,
    # run from inside its package (`cd app`): `app/main.py` imports its event names as `models.openai_events`
    "fixtures/projects/run_from_package": True,
    # `settings.py` holds the whole session `main.py` sends: its fix is offered, unsafe, where it is built
    "fixtures/projects/settings_session": True,
    # `main.py` gives its session to a class of `client.py` that keeps it and sends it once connected
    "fixtures/projects/sender_class": False,
    # the same, where `main.py` names nothing of the protocol but the session it gives the client
    "fixtures/projects/sender_quiet_caller": False,
}
# the program a project runs as, and the module named alone below, where not `main.py` and `handlers.py`
PROGRAM = {"fixtures/projects/run_from_package": "app/main.py"}
HEARD = {"fixtures/projects/run_from_package": "app/models/openai_events.py"}
# the modules whose text changes with the project's fix
CHANGED = {
    "fixtures/projects/wired_connection": ("link.py", "session.py", "handlers.py"),
    "fixtures/projects/helper_session": ("main.py", "setup.py", "handlers.py"),
    "fixtures/projects/minted_connection": ("main.py", "setup.py", "handlers.py"),
    "fixtures/projects/tools_session": ("main.py", "tools.py"),
    "fixtures/projects/scripts_beside_page": ("main.py",),
    "fixtures/projects/run_from_package": ("app/main.py", "app/models/openai_events.py"),
    "fixtures/projects/settings_session": ("main.py", "settings.py", "handlers.py"),
    "fixtures/projects/sender_class": ("main.py", "client.py"),
    "fixtures/projects/sender_quiet_caller": ("main.py", "client.py"),
}


def _copy_project(name: str, into: Path) -> Path:
    target = into / Path(name).name
    shutil.copytree(ROOT / name, target, ignore=shutil.ignore_patterns("*.expect", "*.fixed.*", "*.unsafe.*"))
    return target


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_a_project_is_turned_away_before_its_fix_and_talks_after_it(name, server, tmp_path):
    root = _copy_project(name, tmp_path)
    ran = _run(root / PROGRAM.get(name, "main.py"), server)
    assert ran.returncode != 0, f"the beta program was not turned away:\n{ran.stdout}{ran.stderr}"
    CliRunner().invoke(main, ["check", "--fix", "--no-cache", *(["--unsafe-fixes"] if PROJECTS[name] else []), str(root)])
    changed = CHANGED.get(name, ("main.py", "handlers.py"))
    assert all((root / m).read_text(encoding="utf-8") != (ROOT / name / m).read_text(encoding="utf-8") for m in changed)
    before = len(server.errors)
    ran = _run(root / PROGRAM.get(name, "main.py"), server)
    assert ran.returncode == 0, f"the fixed program failed:\n{ran.stdout}{ran.stderr}\nserver: {server.errors[before:]}"
    assert server.errors[before:] == []


@pytest.mark.parametrize("target", [".", "handlers.py"], ids=["the project", "the handlers alone"])  # (`HEARD`, where named)
@pytest.mark.parametrize("name", sorted(name for name, unsafe in PROJECTS.items() if unsafe))
def test_a_safe_fix_alone_leaves_a_connection_beta_or_ga_across_modules(name, target, server, tmp_path):
    """The connection's config keeps a field GA has no place for: `--fix` alone leaves
    the module that opens it and the module that hears it as they were (also when
    only the handlers are named, as a pre-commit hook passes them), or moves both."""
    root = _copy_project(name, tmp_path)
    named = root / (HEARD.get(name, target) if target != "." else target)
    assert named.exists()
    CliRunner().invoke(main, ["check", "--fix", "--no-cache", str(named)])
    modules = [p.relative_to(ROOT / name) for p in (ROOT / name).rglob("*.py") if p.suffixes == [".py"]]
    if all((root / m).read_text(encoding="utf-8") == (ROOT / name / m).read_text(encoding="utf-8") for m in modules):
        return
    ran = _run(root / PROGRAM.get(name, "main.py"), server)
    assert ran.returncode == 0, f"the half-fixed program failed:\n{ran.stdout}{ran.stderr}\nserver: {server.errors}"


# a module of a project whose fix is safe with the rest of the project, named alone
ALONE = {
    "fixtures/projects/split_connection_safe": "handlers.py",  # the connection, in `main.py`, is not in the run
    "fixtures/projects/tools_session": "tools.py",
    "fixtures/projects/sender_quiet_caller": "client.py",  # the session it sends is written in `main.py`
}


@pytest.mark.parametrize("name", sorted(ALONE))
def test_a_module_named_alone_waits_for_the_modules_of_its_connection(name, server, tmp_path):
    """As a pre-commit hook passes one changed file: the modules it shares a connection
    with are not in the run, so their fixes are not made, and neither is its own.
    Fixed alone, the program would listen for GA names on a beta connection."""
    root = _copy_project(name, tmp_path)
    CliRunner().invoke(main, ["check", "--fix", "--no-cache", str(root / ALONE[name])])
    modules = [p.relative_to(ROOT / name) for p in (ROOT / name).rglob("*.py") if p.suffixes == [".py"]]
    assert all((root / m).read_text(encoding="utf-8") == (ROOT / name / m).read_text(encoding="utf-8") for m in modules)
    # named together, they move, and the program talks to the GA server
    CliRunner().invoke(main, ["check", "--fix", "--no-cache", *(str(root / m) for m in modules)])
    before = len(server.errors)
    ran = _run(root / PROGRAM.get(name, "main.py"), server)
    assert ran.returncode == 0, f"the fixed program failed:\n{ran.stdout}{ran.stderr}\nserver: {server.errors[before:]}"


def _beside_protocol(line: str) -> bool:
    """A changed line that says nothing of what goes over the connection: a type import."""
    return line[1:].lstrip().startswith(("from openai.types", "import openai.types"))


def test_the_server_checks_what_it_is_sent(server):
    """The server itself: a GA session is taken, a beta one is refused with an error."""
    import asyncio
    import json

    import websockets

    async def talk(events: list[dict], headers: dict) -> list[str]:
        seen = []
        async with websockets.connect(server.url(), additional_headers=headers) as ws:
            for event in events:
                await ws.send(json.dumps(event))
            try:
                async for raw in ws:
                    seen.append(json.loads(raw)["type"])
                    if seen[-1] == "response.done":
                        break
            except websockets.ConnectionClosed:
                seen.append("closed")
        return seen

    ga = [{"type": "session.update", "session": {"type": "realtime", "audio": {"output": {"voice": "alloy"}}}}, {"type": "response.create"}]
    assert asyncio.run(talk(ga, {}))[-1] == "response.done"
    beta = [{"type": "session.update", "session": {"voice": "alloy"}}]
    assert asyncio.run(talk(beta, {})) == ["session.created", "error", "closed"]
    # GA needs the session's `type`, as the service does ("Missing required parameter: 'session.type'")
    typeless = [{"type": "session.update", "session": {"tools": [], "tool_choice": "auto"}}]
    assert asyncio.run(talk(typeless, {})) == ["session.created", "error", "closed"]
    assert asyncio.run(talk([], {"OpenAI-Beta": "realtime=v1"})) == ["error", "closed"]
    assert asyncio.run(talk([{"type": "response.audio.delta"}], {})) == ["session.created", "error", "closed"]


def test_the_server_answers_a_webrtc_offer_only_at_ga_s_endpoint_and_key(server):
    import urllib.error
    import urllib.request

    def post(path: str, body: bytes, kind: str, key: str = "") -> tuple[int, str]:
        request = urllib.request.Request(server.http_url + path, body, {"Content-Type": kind, "Authorization": f"Bearer {key}"})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read().decode()

    offer = b"v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\n"
    status, minted = post("/realtime/client_secrets", b'{"session": {"type": "realtime"}}', "application/json", "sk-test")
    key = json.loads(minted)["value"]
    assert status == 200
    assert post("/realtime?model=gpt-realtime-2.1", offer, "application/sdp", key)[0] == 404  # the beta's offer endpoint
    assert post("/realtime/calls", offer, "application/sdp", "ek_not_minted_here")[0] == 401
    status, answer = post("/realtime/calls", offer, "application/sdp", key)
    assert status == 201 and answer.startswith("v=0")


@pytest.mark.parametrize(
    "name, flags, written",
    [
        ("fixtures/flow/tests_follow.py", [], "output_modalities"),
        ("fixtures/flow/tests_follow_connect.py", [], '"OpenAI-Beta" not in'),
        ("fixtures/flow/tests_follow_connect.py", ["--unsafe-fixes"], "model=gpt-realtime-2.1\""),
    ],
)
def test_tests_move_with_the_code(name, flags, written, tmp_path):
    """A module with its own tests of what it sends: they pass before the fix, and
    after it, because the expectations moved with the code."""
    program = _copy(name, tmp_path)
    run = lambda: subprocess.run([sys.executable, program.name], cwd=tmp_path, capture_output=True, text=True, timeout=60)  # noqa: E731
    before = run()
    assert before.returncode == 0, before.stderr
    CliRunner().invoke(main, ["check", "--fix", "--no-cache", *flags, str(program)])
    assert written in program.read_text(encoding="utf-8")
    after = run()
    assert after.returncode == 0, after.stderr


def test_a_project_s_tests_pass_before_and_after_its_fix(tmp_path):
    """`tests/test_client.py` gives the client a session and compares what it sends
    with what it expects: both move with the fix, so the tests pass on either side."""
    root = _copy_project("fixtures/projects/sender_class", tmp_path)
    run = lambda: subprocess.run(  # noqa: E731
        [sys.executable, "tests/test_client.py"], cwd=root, capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(root)},
    )
    before = run()
    assert before.returncode == 0, before.stderr
    CliRunner().invoke(main, ["check", "--fix", "--no-cache", str(root)])
    assert '"audio": {"output": {"voice": "verse"}' in (root / "tests" / "test_client.py").read_text(encoding="utf-8")
    after = run()
    assert after.returncode == 0, after.stderr


# JavaScript programs, run with Node (`ws` from the pinned npm packages)
NODE_PROGRAMS = {
    "fixtures/flow/mint_node.cjs": False,  # mints an ephemeral key with `fetch`, then talks with it
    "fixtures/flow/payload_builder_node.cjs": False,  # formats, voice and modalities written member by member
    "fixtures/flow/scoped_sessions_node.cjs": False,  # a `const session` in each of two functions, sent by name
    "fixtures/flow/named_events_node.cjs": False,  # events named apart from their data, the socket first; one sent as JSON text
    "fixtures/flow/item_content_node.cjs": False,  # reads the transcript off the audio parts of the finished response's items
    "fixtures/flow/default_temperature_node.cjs": False,  # its session sets `temperature` to the beta's own default, beside fields it moves
    "fixtures/flow/branch_sessions_node.cjs": False,  # `let session`, an object literal on each path of a branch
    "fixtures/flow/class_payload_node.cjs": False,  # a class builds its session in a method of its own (`#session()`)
    "fixtures/flow/merged_session_node.cjs": True,  # its defaults laid under what the operator saved (`...saved`)
}


@pytest.mark.parametrize("name", sorted(NODE_PROGRAMS))
def test_a_node_program_is_turned_away_before_its_fix_and_talks_after_it(name, server, tmp_path, npm_dir):
    program = _copy(name, tmp_path)
    env = {
        **os.environ, "REALTIME_URL": server.url(), "REALTIME_API": server.http_url,
        "OPENAI_API_KEY": "sk-test", "NODE_PATH": str(npm_dir / "node_modules"),
    }
    run = lambda: subprocess.run(["node", program.name], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)  # noqa: E731

    before = len(server.errors)
    ran = run()
    assert ran.returncode != 0, f"the beta program was not turned away:\n{ran.stdout}{ran.stderr}"
    assert len(server.errors) > before, "the server saw nothing of the beta to refuse"

    CliRunner().invoke(main, ["check", "--fix", "--no-cache", *(["--unsafe-fixes"] if NODE_PROGRAMS[name] else []), str(program)])
    assert program.read_text(encoding="utf-8") != (ROOT / name).read_text(encoding="utf-8")

    before = len(server.errors)
    ran = run()
    assert ran.returncode == 0, f"the fixed program failed:\n{ran.stdout}{ran.stderr}\nserver: {server.errors[before:]}"
    assert server.errors[before:] == []


# web apps run as a browser runs them beside their own server (`node/page.mjs`): the app's
# server module, and the page module whose `startSession` opens the call
NODE_APPS = {
    # the server's route mints the key and hands the answer on whole; the page reads the key
    "fixtures/projects/key_route_js": ("server.js", "client/App.js"),
    # the same, the page decoding the answer from its text (`JSON.parse(await r.text())`)
    "fixtures/projects/key_route_text_js": ("server.js", "client/App.js"),
    # the same, with a Python server: the route returns the answer, which the page reads
    "fixtures/projects/key_route_py": ("main.py", "static/app.js"),
}
# the same app with a second module that keeps the route's answer: nothing of it moves safely
NODE_APPS_SHARED = {"fixtures/projects/key_route_shared_js": ("server.js", "client/App.js")}


def _run_app(root: Path, modules: tuple[str, str], server: GAServer) -> subprocess.CompletedProcess:
    env = {**os.environ, "REALTIME_API": server.http_url, "OPENAI_API_KEY": "sk-test", "PYTHON": sys.executable}
    page = Path(__file__).resolve().parent / "node" / "page.mjs"
    return subprocess.run(["node", str(page), *modules], cwd=root, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("name", sorted(NODE_APPS))
def test_a_web_app_is_turned_away_before_its_safe_fix_and_calls_after_it(name, server, tmp_path, npm_dir):
    """The key route and the page that reads it move together under `--fix` alone."""
    root = tmp_path / Path(name).name
    shutil.copytree(ROOT / name, root, ignore=shutil.ignore_patterns("*.expect", "*.fixed.*", "*.unsafe.*"))
    before = len(server.errors)
    ran = _run_app(root, NODE_APPS[name], server)
    assert ran.returncode != 0, f"the beta app was not turned away:\n{ran.stdout}{ran.stderr}"
    assert len(server.errors) > before, "the server saw nothing of the beta to refuse"

    CliRunner().invoke(main, ["check", "--fix", "--no-cache", str(root)])
    assert all((root / m).read_text(encoding="utf-8") != (ROOT / name / m).read_text(encoding="utf-8") for m in NODE_APPS[name])

    before = len(server.errors)
    ran = _run_app(root, NODE_APPS[name], server)
    assert ran.returncode == 0, f"the fixed app failed:\n{ran.stdout}{ran.stderr}\nserver: {server.errors[before:]}"
    assert server.errors[before:] == []


@pytest.mark.parametrize("name", sorted(NODE_APPS_SHARED))
def test_a_key_route_whose_answer_is_kept_elsewhere_moves_only_with_unsafe_fixes(name, server, tmp_path, npm_dir):
    """A module beside the page keeps the route's whole answer: `--fix` leaves the route and
    the page as they were; `--fix --unsafe-fixes` moves both, and the call is answered."""
    root = tmp_path / Path(name).name
    shutil.copytree(ROOT / name, root, ignore=shutil.ignore_patterns("*.expect", "*.fixed.*", "*.unsafe.*"))
    CliRunner().invoke(main, ["check", "--fix", "--no-cache", str(root)])
    assert all((root / m).read_text(encoding="utf-8") == (ROOT / name / m).read_text(encoding="utf-8") for m in NODE_APPS_SHARED[name])
    CliRunner().invoke(main, ["check", "--fix", "--unsafe-fixes", "--no-cache", str(root)])
    before = len(server.errors)
    ran = _run_app(root, NODE_APPS_SHARED[name], server)
    assert ran.returncode == 0, f"the fixed app failed:\n{ran.stdout}{ran.stderr}\nserver: {server.errors[before:]}"
    assert server.errors[before:] == []
