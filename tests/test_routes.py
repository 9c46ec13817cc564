"""Key routes (`core.routes`): the path a page fetches of its own server, the path a
Next.js file serves, how often a module names a path, and a project's top."""

from __future__ import annotations

from pathlib import Path

import pytest
from openai.types.beta.realtime.session_create_response import SessionCreateResponse
from openai.types.beta.realtime.transcription_session import TranscriptionSession
from openai.types.realtime.client_secret_create_response import ClientSecretCreateResponse

from rtmigrate import Settings
from rtmigrate.api import check_paths
from rtmigrate.core.routes import mentions, own_path, project_root, served_at
from rtmigrate.core.tables.session import ROUTE_OWN_KEYS


@pytest.mark.parametrize(("url", "path"), [
    ("/token", "/token"),
    ("/api/session/", "/api/session"),
    ("/api/token?theme=${encodeURIComponent(theme)}", "/api/token"),
    ("http://localhost:3001/api/session", "/api/session"),
    ("http://127.0.0.1:8000/session", "/session"),
    ("https://voice.example.com/session", None),  # a server elsewhere: not known to be this project's
    ("${API}/session", None),
    ("/api/${name}/token", None),
    ("//cdn.example.com/token", None),
    ("/", None),
])
def test_the_path_a_page_fetches_of_its_own_server(url, path):
    assert own_path(url) == path


@pytest.mark.parametrize(("file", "path"), [
    ("app/api/session/route.ts", "/api/session"),
    ("src/app/api/session/route.js", "/api/session"),
    ("app/(voice)/api/token/route.ts", "/api/token"),
    ("pages/api/session.ts", "/api/session"),
    ("src/pages/api/token/index.ts", "/api/token"),
    ("app/api/[id]/route.ts", None),
    ("app/_lib/route.ts", None),
    ("app/api/session/page.tsx", None),
    ("pages/session.tsx", None),
    ("server/api/session.ts", None),
    ("api/session.ts", "/api/session"),  # a Vercel function
    ("api/_util.ts", None),
    ("web/app/api/token/route.ts", "/api/token"),  # an app of its own in the project (`web/package.json`)
])
def test_the_path_a_next_js_file_serves(file, path, tmp_path):
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "package.json").write_text("{}")
    assert served_at(tmp_path / file, tmp_path) == path


def test_a_module_names_a_path_and_the_paths_below_it_but_not_a_longer_name():
    text = 'fetch("/token"); fetch(`/token?x=${x}`); fetch("/token/refresh"); fetch("/tokens"); fetch("/token.json")'
    assert mentions(text, "/token") == 3


def test_a_project_s_top_is_its_outermost_manifest_up_to_the_repository(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "package.json").write_text("{}")
    (tmp_path / "server").mkdir()
    (tmp_path / "server" / "package.json").write_text("{}")
    assert project_root(tmp_path / "server" / "index.ts") == tmp_path
    assert project_root(tmp_path / "src" / "pages" / "App.tsx") == tmp_path
    loose = tmp_path / "docs" / "example"
    loose.mkdir(parents=True)
    (loose / "package.json").write_text("{}")
    assert project_root(loose / "main.js") == loose  # (the folder above it holds none)


def test_the_route_s_own_keys_are_in_neither_api_s_key_answer():
    """A page may read them whichever answer the route hands on."""
    answers = set(SessionCreateResponse.model_fields) | set(TranscriptionSession.model_fields) | set(ClientSecretCreateResponse.model_fields)
    assert not ROUTE_OWN_KEYS & answers


SERVER = """\
app.get("/token", async (req, res) => {
  const r = await fetch("https://api.openai.com/v1/realtime/sessions", {
    method: "POST",
    headers: { Authorization: `Bearer ${process.env.OPENAI_API_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({ model: "gpt-realtime-2.1", voice: "verse" }),
  });
  const data = await r.json();
  res.json(data);
});
"""
PAGE = """\
export async function key() {
  const r = await fetch("/token");
  const data = await r.json();
  return data.client_secret.value;
}
"""


def _safety(root: Path) -> dict[str, str]:
    return {Path(d.path).name: d.fix.applicability.value for d in check_paths([root], Settings()).diagnostics if d.fix is not None}


@pytest.mark.parametrize(("other", "paired"), [
    (None, True),
    ('export const help = "GET /token for a key";\n', False),  # names the route, and is neither side of it
    ('import { key } from "./page.js";\nexport const again = () => key();\n', True),  # does not name it
    ('export async function peek() {\n  const r = await fetch("/token");\n  const a = await r.json();\n  return a.client_secret.value + a.model;\n}\n', False),
])
def test_a_route_and_its_page_move_together_only_where_every_module_naming_it_is_one_of_them(other, paired, tmp_path):
    (tmp_path / "package.json").write_text("{}")
    (tmp_path / "server.js").write_text(SERVER)
    (tmp_path / "page.js").write_text(PAGE)
    if other is not None:
        (tmp_path / "other.js").write_text(other)
    found = _safety(tmp_path)
    expected = "safe" if paired else "unsafe"
    assert (found["server.js"], found["page.js"]) == (expected, expected)


@pytest.mark.parametrize(("decoded", "paired"), [
    ("const text = await r.text();\n  if (!text) return null;\n  const data = JSON.parse(text);", True),  # what `.json()` gives
    ("const text = await r.text();\n  keep(text);\n  const data = JSON.parse(text);", False),  # the text goes on, unseen
])
def test_a_page_that_decodes_the_route_s_answer_from_its_text_moves_with_it(decoded, paired, tmp_path):
    (tmp_path / "package.json").write_text("{}")
    (tmp_path / "server.js").write_text(SERVER)
    (tmp_path / "page.js").write_text(PAGE.replace("const data = await r.json();", decoded))
    found = _safety(tmp_path)
    expected = "safe" if paired else "unsafe"
    assert (found["server.js"], found["page.js"]) == (expected, expected)


def test_a_route_with_two_servers_moves_with_neither(tmp_path):
    (tmp_path / "package.json").write_text("{}")
    (tmp_path / "server.js").write_text(SERVER)
    (tmp_path / "backup.js").write_text(SERVER)
    (tmp_path / "page.js").write_text(PAGE)
    assert set(_safety(tmp_path).values()) == {"unsafe"}


FLASK = """\
import requests
from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/token")
def token():
    r = requests.post("https://api.openai.com/v1/realtime/sessions", json={"model": "gpt-realtime-2.1"})
    data = r.json()
    return {answer}
"""


@pytest.mark.parametrize(("answer", "paired"), [
    ("jsonify(data)", True),
    ("data", True),
    ('{"key": data}', False),  # the page would read `key.client_secret.value`: not the answer whole
])
def test_a_python_route_and_its_page_move_together(answer, paired, tmp_path):
    _python_route(tmp_path, FLASK.replace("{answer}", answer), paired)


@pytest.mark.parametrize(("route", "paired"), [
    ('@app.get("/token")\nasync def token():', True),
    ('@app.get("/token")\nasync def token() -> dict:', True),
    # FastAPI keeps only the fields of the app's own model of the answer: the beta's
    ('@app.get("/token", response_model=Session)\nasync def token():', False),
    ('@app.get("/token")\nasync def token() -> Session:', False),
])
def test_a_fastapi_route_that_shapes_its_answer_to_a_model_of_its_own_is_not_paired(route, paired, tmp_path):
    source = FLASK.replace('@app.route("/token")\ndef token():', route).replace("{answer}", "data")
    assert route in source
    _python_route(tmp_path, source, paired)


def _python_route(tmp_path: Path, source: str, paired: bool) -> None:
    (tmp_path / "requirements.txt").write_text("flask\n")
    (tmp_path / "app.py").write_text(source)
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "page.js").write_text(PAGE)
    found = _safety(tmp_path)
    expected = "safe" if paired else "unsafe"
    assert (found["app.py"], found["page.js"]) == (expected, expected)


def test_a_page_that_types_the_route_s_answer_keeps_both_sides_unsafe(tmp_path):
    """`const data: TokenResponse = await r.json()` declares the beta's key answer: the key
    read at `data.value` would not type-check, so neither side moves safely."""
    (tmp_path / "package.json").write_text("{}")
    (tmp_path / "server.ts").write_text(SERVER)
    (tmp_path / "page.ts").write_text(
        "interface TokenResponse { client_secret: { value: string } }\n"
        + PAGE.replace("const data = await r.json();", "const data: TokenResponse = await r.json();")
    )
    assert set(_safety(tmp_path).values()) == {"unsafe"}


def test_a_page_checked_alone_waits_for_the_route_it_reads(tmp_path):
    """As a pre-commit hook passes one changed file: the route, outside the run, is read
    and judged there. The two move together, but the route's fix is not made in this
    run, so the page's fix would leave it reading the key where the beta route does
    not put it: unsafe, naming the route. Named together, both are safe."""
    (tmp_path / "package.json").write_text("{}")
    (tmp_path / "server.js").write_text(SERVER)
    (tmp_path / "page.js").write_text(PAGE)
    whole = _safety(tmp_path)
    assert whole == {"page.js": "safe", "server.js": "safe"}
    for alone, other in (("page.js", "server.js"), ("server.js", "page.js")):
        found = [d for d in check_paths([tmp_path / alone], Settings()).diagnostics if d.fix is not None]
        assert {d.fix.applicability.value for d in found} == {"unsafe"}, alone
        assert all(f"{other}:" in d.message and "not among the files checked" in d.message for d in found), alone
    together = check_paths([tmp_path / "page.js", tmp_path / "server.js"], Settings()).diagnostics
    assert {Path(d.path).name: d.fix.applicability.value for d in together if d.fix is not None} == whole


def test_a_page_whose_test_fakes_the_beta_answer_keeps_its_route_unsafe(tmp_path):
    """The page's test stands in for the route with the beta's answer: the page's read,
    moved, would fail it, so neither side moves safely."""
    (tmp_path / "package.json").write_text("{}")
    (tmp_path / "server.js").write_text(SERVER)
    (tmp_path / "page.js").write_text(PAGE)
    (tmp_path / "page.test.js").write_text(
        'import { key } from "./page.js";\n'
        'globalThis.fetch = async () => ({ json: async () => ({ client_secret: { value: "ek_1" } }) });\n'
        'test("key", async () => { expect(await key()).toBe("ek_1"); });\n'
    )
    found = _safety(tmp_path)
    assert (found["server.js"], found["page.js"]) == ("unsafe", "unsafe")
