"""`rtmigrate server`, started as a subprocess and driven over stdio with LSP
messages, as an editor would: diagnostics on open and change, quick fixes
(unsafe ones labelled), fix-all through `workspace/applyEdit`, settings read
from the project, and no file written."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from queue import Empty, Queue

import pytest

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

    actions = client.result(client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 0}},
        "context": {"diagnostics": found},
    }))
    titles = {a["title"]: a for a in actions}
    rename = titles['RT101: rename to "response.output_text.delta"']
    assert rename["isPreferred"] and rename["edit"]["changes"][uri][0]["newText"] == BETA.replace("response.text.delta", "response.output_text.delta")
    model = next(a for t, a in titles.items() if t.startswith("RT501"))
    assert "unsafe" in model["title"] and not model["isPreferred"]
    assert "rtmigrate: fix all safe" in titles

    client.request("workspace/executeCommand", {"command": "rtmigrate.fixAll", "arguments": [uri]})
    apply = client.wait(lambda m: m.get("method") == "workspace/applyEdit")
    client.send({"id": apply["id"], "result": {"applied": True}})
    (edit,) = apply["params"]["edit"]["changes"][uri]
    assert edit["newText"] == BETA.replace("response.text.delta", "response.output_text.delta")  # safe fixes only: the model stays
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
