"""`rtmigrate server`, started as a subprocess and driven over stdio with LSP
messages, as an editor would: diagnostics on open and change, quick fixes
(unsafe ones labelled), fix-all through `workspace/applyEdit`, settings read
from the project, and no file written."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from queue import Empty, Queue

import pytest

from rtmigrate import fix_source

pytest.importorskip("pygls")

BETA = 'import openai\nMODEL = "gpt-4o-realtime-preview"\nif t == "response.text.delta":\n    pass\n'


class Client:
    def __init__(self, cwd: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "rtmigrate", "server"], cwd=cwd,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages: Queue = Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode().partition(":")
                headers[name.strip().lower()] = value.strip()
            self.messages.put(json.loads(out.read(int(headers["content-length"]))))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.proc.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        self.proc.stdin.flush()

    def request(self, method: str, params: dict) -> int:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.next_id

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def wait(self, test, timeout: float = 30) -> dict:
        """The next message ``test`` accepts (others are skipped)."""
        while True:
            try:
                message = self.messages.get(timeout=timeout)
            except Empty:
                raise AssertionError("the server sent nothing that was waited for") from None
            if test(message):
                return message

    def result(self, request_id: int) -> dict:
        message = self.wait(lambda m: m.get("id") == request_id and "method" not in m)
        assert "result" in message, message
        return message["result"]

    def diagnostics(self, uri: str) -> list[dict]:
        return self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)["params"]["diagnostics"]

    def close(self) -> None:
        try:
            self.result(self.request("shutdown", {}))
            self.notify("exit", {})
            self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def applied(text: str, edits: list[dict]) -> str:
    """What an editor makes of ``text`` with LSP ``edits`` (all against the text as it was)."""
    lines = text.split("\n")

    def offset(position: dict) -> int:
        line = lines[position["line"]]
        units, column = 0, 0
        while units < position["character"]:
            units += len(line[column].encode("utf-16-le")) // 2
            column += 1
        return sum(len(row) + 1 for row in lines[: position["line"]]) + column

    spans = sorted(((offset(e["range"]["start"]), offset(e["range"]["end"]), e["newText"]) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


@pytest.fixture()
def client(tmp_path):
    c = Client(tmp_path)
    c.result(c.request("initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {"workspace": {"applyEdit": True}}}))
    c.notify("initialized", {})
    yield c
    c.close()


def test_diagnostics_quick_fixes_and_fix_all_over_stdio(client, tmp_path):
    path = tmp_path / "app.py"
    path.write_text(BETA)
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": BETA}})
    found = client.diagnostics(uri)
    assert [(d["code"], d["range"]["start"]["line"], d["severity"]) for d in found] == [("RT501", 1, 2), ("RT101", 2, 1)]
    page = Path(found[1]["codeDescription"]["href"].removeprefix("file://"))  # a link to the rule's page
    assert page.name == "RT101.md" and page.read_text(encoding="utf-8") == (Path(__file__).resolve().parent.parent / "docs" / "rules" / "RT101.md").read_text(encoding="utf-8")

    actions = client.result(client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 0}},
        "context": {"diagnostics": found},
    }))
    titles = {a["title"]: a for a in actions}
    rename = titles['RT101: rename to "response.output_text.delta"']
    (edit,) = rename["edit"]["changes"][uri]
    assert rename["isPreferred"] and edit == {  # the string's own characters, nothing else
        "range": {"start": {"line": 2, "character": 18}, "end": {"line": 2, "character": 18}}, "newText": "output_",
    }
    assert applied(BETA, [edit]) == BETA.replace("response.text.delta", "response.output_text.delta")
    model = next(a for t, a in titles.items() if t.startswith("RT501"))
    assert "unsafe" in model["title"] and not model["isPreferred"]
    fix_all = titles["rtmigrate: fix all safe"]
    assert fix_all["kind"] == "source.fixAll.rtmigrate" and applied(BETA, fix_all["edit"]["changes"][uri]) == fix_source(BETA, str(path))

    client.request("workspace/executeCommand", {"command": "rtmigrate.fixAll", "arguments": [uri]})
    apply = client.wait(lambda m: m.get("method") == "workspace/applyEdit")
    client.send({"id": apply["id"], "result": {"applied": True}})
    edits = apply["params"]["edit"]["changes"][uri]
    assert applied(BETA, edits) == BETA.replace("response.text.delta", "response.output_text.delta")  # safe fixes only: the model stays
    assert path.read_text() == BETA  # the server never writes

    changed = BETA.replace('"response.text.delta"', '"response.output_text.delta"')
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": changed}]})
    assert [d["code"] for d in client.diagnostics(uri)] == ["RT501"]


def test_the_servers_settings_are_the_projects(client, tmp_path):
    (tmp_path / "rtmigrate.toml").write_text('ignore = ["RT5"]\n')
    path = tmp_path / "client.ts"
    text = 'import OpenAI from "openai";\nconst m = "gpt-4o-realtime-preview";\nif (t === "response.audio.delta") play();\n'
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "typescript", "version": 1, "text": text}})
    found = client.diagnostics(uri)
    assert [(d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"]) for d in found] == [("RT101", 2, 10)]


def test_the_server_judges_a_file_as_the_cli_does(client, tmp_path):
    """A project pinned to an SDK that speaks only the beta gets findings but no fixes, in the editor as on the command line."""
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"openai": "^4.77.3"}}))
    path = tmp_path / "agent.ts"
    text = 'import { OpenAIRealtimeWS } from "openai/beta/realtime/ws";\nrt.on("response.text.delta", f);\n'
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "typescript", "version": 1, "text": text}})
    found = client.diagnostics(uri)
    assert sorted(d["code"] for d in found) == ["RT101", "RT204"]
    assert all("package.json pins openai ^4.77.3" in d["message"] for d in found)
    actions = client.result(client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 2, "character": 0}},
        "context": {"diagnostics": found},
    }))
    assert actions == []


def test_fix_all_of_a_long_document_edits_only_what_changes(client, tmp_path):
    """Quick fixes and fix-all come as small edits: applied by the client, they give the CLI's `--fix` result."""
    body = "".join(f"def handler_{i}(event):\n    return event  # untouched line {i}\n\n" for i in range(40))
    text = f'import openai\n{body}if t == "response.audio.delta":\n    pass\n{body}if t == "response.text.done":\n    pass\n'
    path = tmp_path / "handlers.py"
    path.write_text(text)
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
    found = client.diagnostics(uri)
    actions = client.result(client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 300, "character": 0}},
        "context": {"diagnostics": found},
    }))
    edits = next(a for a in actions if a["title"] == "rtmigrate: fix all safe")["edit"]["changes"][uri]
    assert len(edits) == 2 and all(len(e["newText"]) < 20 for e in edits)
    assert applied(text, edits) == fix_source(text, str(path))


def test_a_changed_package_json_is_read_again(client, tmp_path):
    """The SDK pins are read again when the editor says package.json changed: fixes withheld for a beta-only SDK come back."""
    manifest = tmp_path / "package.json"
    manifest.write_text(json.dumps({"dependencies": {"openai": "^4.77.3"}}))
    path = tmp_path / "agent.ts"
    text = 'import { OpenAIRealtimeWS } from "openai/beta/realtime/ws";\nrt.on("response.text.delta", f);\n'
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "typescript", "version": 1, "text": text}})
    assert all("package.json pins" in d["message"] for d in client.diagnostics(uri))
    manifest.write_text(json.dumps({"dependencies": {"openai": "^5.20.0"}}))
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": manifest.as_uri(), "type": 2}]})
    found = client.diagnostics(uri)
    assert found and not any("package.json pins" in d["message"] for d in found)


def test_the_server_holds_a_module_as_the_cli_does(client, tmp_path):
    """Handlers that listen on a connection whose client keeps a beta session config
    get unsafe renames in the editor too: fix-all leaves them as they are."""
    case = Path(__file__).resolve().parents[1] / "fixtures" / "projects" / "voice_app_held"
    root = tmp_path / "app"
    shutil.copytree(case, root, ignore=shutil.ignore_patterns("*.expect", "*.unsafe.py"))
    path = root / "voice" / "handlers.py"
    text = path.read_text(encoding="utf-8")
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
    found = client.diagnostics(uri)
    assert [d["code"] for d in found] == ["RT101", "RT101"]
    assert all("keeps beta code in a module that may share this module's connection" in d["message"] for d in found)
    actions = client.result(client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}},
        "context": {"diagnostics": found},
    }))
    titles = [a["title"] for a in actions]
    assert "rtmigrate: fix all safe" not in titles and all("unsafe" in t for t in titles)
