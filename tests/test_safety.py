"""Never damage a user's file: bytes kept, atomic writes, bad input reported, interruption."""

from __future__ import annotations

import codecs
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rtmigrate import Settings, fix_source
from rtmigrate.api import check_paths
from rtmigrate.core import files as files_mod

BETA = 'import openai\nif t == "response.text.delta":  # keep me\n    pass\n'
FIXED = 'import openai\nif t == "response.output_text.delta":  # keep me\n    pass\n'


def fix_tree(path: Path, **kwargs):
    return check_paths([path], Settings(), fix=True, write=True, **kwargs)


def test_crlf_and_bom_survive(tmp_path):
    f = tmp_path / "a.py"
    f.write_bytes(codecs.BOM_UTF8 + BETA.replace("\n", "\r\n").encode())
    fix_tree(tmp_path)
    assert f.read_bytes() == codecs.BOM_UTF8 + FIXED.replace("\n", "\r\n").encode()


def test_coding_cookie_survives(tmp_path):
    f = tmp_path / "a.py"
    f.write_bytes(("# -*- coding: latin-1 -*-\nname = 'café'\n" + BETA).encode("latin-1"))
    fix_tree(tmp_path)
    assert f.read_bytes() == ("# -*- coding: latin-1 -*-\nname = 'café'\n" + FIXED).encode("latin-1")


def test_permission_bits_kept_and_no_temp_files(tmp_path):
    f = tmp_path / "a.py"
    f.write_text(BETA)
    f.chmod(0o751)
    fix_tree(tmp_path)
    assert stat.S_IMODE(f.stat().st_mode) == 0o751
    assert f.read_text() == FIXED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.py"]


def test_failed_write_leaves_file_untouched(tmp_path, monkeypatch):
    f = tmp_path / "a.py"
    f.write_text(BETA)

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files_mod.os, "replace", broken_replace)
    result = fix_tree(tmp_path)
    assert f.read_text() == BETA
    assert result.errors and "cannot write" in result.errors[0].message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.py"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("syntax.py", b"import openai\nx = 'response.text.delta'\ndef f(:\n", "syntax error at line 3"),
        ("latin.py", b"import openai\nx = 'response.text.delta'\ny = '\xff'\n", "cannot decode line 3"),
        ("nul.py", b"import openai\x00\n", "binary file"),
        ("deep.py", b"import openai\nx = 'response.text.delta'\ny = " + b"[" * 5000 + b"]" * 5000 + b"\n", "too deeply nested"),
        ("sum.py", b"import openai\nx = 'response.text.delta'\ny = " + b"+".join([b"1"] * 20000) + b"\n", "too deeply nested"),
    ],
)
def test_bad_input_is_reported_and_the_run_goes_on(tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.py").write_text(BETA)
    result = fix_tree(tmp_path)
    errors = {e.path: e.message for e in result.errors}
    assert message in errors[str(tmp_path / name)]
    assert (tmp_path / name).read_bytes() == content
    assert (tmp_path / "good.py").read_text() == FIXED


def test_large_file_skipped_over_the_limit(tmp_path):
    (tmp_path / "big.py").write_text(BETA + "x = 1\n" * 1000)
    result = check_paths([tmp_path], Settings(max_file_size=1000), fix=True, write=True)
    assert "size limit" in result.errors[0].message
    assert "response.text.delta" in (tmp_path / "big.py").read_text()


def test_broken_symlink_and_directory_named_py(tmp_path):
    (tmp_path / "gone.py").symlink_to(tmp_path / "missing.py")
    (tmp_path / "pkg.py").mkdir()
    (tmp_path / "pkg.py" / "inner.py").write_text(BETA)
    result = check_paths([tmp_path / "gone.py", tmp_path / "pkg.py"], Settings())
    assert [e.message for e in result.errors] == ["no such file (or a broken symlink)"]
    assert len(result.diagnostics) == 1


def test_symlink_out_of_the_root_is_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "beta.py").write_text(BETA)
    root = tmp_path / "root"
    root.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)
    (root / "link.py").symlink_to(outside / "beta.py")
    assert check_paths([root], Settings()).diagnostics == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_fix_leaves_every_file_whole(tmp_path, sig):
    sources, expected = {}, {}
    for i in range(300):
        tail = f"value_{i} = {i}\n" + "x = [1, 2, 3]\n" * 20
        sources[i], expected[i] = BETA + tail, FIXED + tail
        (tmp_path / f"m{i:03}.py").write_text(sources[i])
    assert fix_source(sources[0]) == expected[0]
    proc = subprocess.Popen([sys.executable, "-m", "rtmigrate", "check", "--fix", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until it has fixed some files, not all
        if (tmp_path / "m010.py").read_text() == expected[10]:
            break
        time.sleep(0.05)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    states = {"old": 0, "new": 0}
    for i, text in sources.items():
        now = (tmp_path / f"m{i:03}.py").read_text()
        assert now in (text, expected[i]), f"m{i:03}.py is half written"
        states["old" if now == text else "new"] += 1
    assert states["new"] > 0 and states["old"] > 0  # stopped part-way
    assert not [p for p in tmp_path.iterdir() if not p.name.endswith(".py") or p.name.startswith(".")]


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    (tmp_path / "secret.py").write_text(BETA)
    (tmp_path / "good.py").write_text(BETA)
    real = Path.read_bytes

    def deny(self):
        if self.name == "secret.py":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    result = fix_tree(tmp_path)
    assert [e.message for e in result.errors] == ["cannot read: Permission denied"]
    assert (tmp_path / "good.py").read_text() == FIXED


HALF = {
    "py": (
        'import json\nimport websockets\n\nasync def main(key):\n'
        '    async with websockets.connect("wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1", additional_headers={"Authorization": key, "OpenAI-Beta": "realtime=v1"}) as ws:\n'
        '        await ws.send(json.dumps({"type": "session.update", "session": {"voice": "ash", "temperature": 0.7}}))\n'
        '        async for raw in ws:\n'
        '            if json.loads(raw)["type"] == "response.audio.delta":\n'
        '                print(raw)\n'
    ),
    "js": (
        'import WebSocket from "ws";\n'
        'const ws = new WebSocket("wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1", { headers: { Authorization: key, "OpenAI-Beta": "realtime=v1" } });\n'
        'ws.on("open", () => ws.send(JSON.stringify({ type: "session.update", session: { voice: "ash", temperature: 0.7 } })));\n'
        'ws.on("message", (raw) => { if (JSON.parse(raw).type === "response.audio.delta") console.log(raw); });\n'
    ),
}


@pytest.mark.parametrize("suffix", sorted(HALF))
def test_a_safe_fix_never_leaves_a_module_half_ga(tmp_path, suffix):
    """The session config's fix is unsafe (GA has no place for `temperature`): the
    header and event fixes beside it wait for it, and say so, instead of moving the
    connection to GA under a beta config."""
    f = tmp_path / f"app.{suffix}"
    f.write_text(HALF[suffix], encoding="utf-8")
    found = check_paths([f], Settings(), fix=False)
    by_code = {d.code: d for d in found.diagnostics}
    assert by_code["RT301"].fix.applicability.value == "unsafe"
    for code in ("RT401", "RT101"):
        assert by_code[code].fix.applicability.value == "unsafe", code
        assert f"RT301 at line {by_code['RT301'].line} keeps beta code in this module" in by_code[code].message
    fix_tree(tmp_path)
    assert f.read_text(encoding="utf-8") == HALF[suffix]
    check_paths([f], Settings(), fix=True, unsafe=True, write=True)
    after = f.read_text(encoding="utf-8")
    assert "OpenAI-Beta" not in after and "response.output_audio.delta" in after and "temperature" not in after


def test_an_item_kept_for_display_does_not_hold_a_module_back(tmp_path):
    """The look-alike: assistant content typed "text" in an item the page keeps for its
    own transcript is reported with no fix (RT305), and keeps no beta code on the
    connection, so the event rename beside it stays safe."""
    f = tmp_path / "page.js"
    f.write_text(
        'import OpenAI from "openai";\n'
        'const shown = [];\n'
        'export function onEvent(event) {\n'
        '  if (event.type === "response.text.delta") shown.push({ type: "message", role: "assistant", content: [{ type: "text", text: event.delta }] });\n'
        '}\n',
        encoding="utf-8",
    )
    found = {d.code: d for d in check_paths([f], Settings(), fix=False).diagnostics}
    assert found["RT305"].fix is None
    assert found["RT101"].fix.applicability.value == "safe"
    assert "speaks one protocol" not in found["RT101"].message


@pytest.mark.parametrize("alone", [False, True], ids=["whole project", "the handlers alone"])
def test_a_safe_fix_never_leaves_a_connection_half_ga_across_modules(tmp_path, alone):
    """The client keeps a beta session config (unsafe: `temperature`); the handlers it
    imports listen on its connection. Their renames wait for it, named in the message,
    also when the handlers are checked alone (as a pre-commit hook passes them): the
    client is then read, never written. Where the client moves whole by a safe fix, the
    handlers move with it (`voice_app`)."""
    case = Path(__file__).resolve().parents[1] / "fixtures" / "projects" / "voice_app_held"
    root = tmp_path / "app"
    shutil.copytree(case, root, ignore=shutil.ignore_patterns("*.expect", "*.unsafe.py"))
    handlers, client = root / "voice" / "handlers.py", root / "voice" / "client.py"
    before = {p: p.read_bytes() for p in (handlers, client)}
    target = handlers if alone else root
    found = [d for d in check_paths([target], Settings()).diagnostics if d.path.endswith("handlers.py")]
    assert [d.code for d in found] == ["RT101", "RT101"]
    for d in found:
        assert d.fix.applicability.value == "unsafe"
        assert f"RT301 at {client}:16 keeps beta code in a module that may share this module's connection" in d.message
    fix_tree(target)
    assert {p: p.read_bytes() for p in (handlers, client)} == before
    check_paths([root], Settings(), fix=True, unsafe=True, write=True)
    assert "response.output_audio.delta" in handlers.read_text(encoding="utf-8")
    assert "OpenAI-Beta" not in client.read_text(encoding="utf-8")
