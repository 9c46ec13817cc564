"""`scripts/run_on_ga_server.py` runs a program that names OpenAI's host against
the tests' GA server, before its fix and after, and leaves the program's folder
as it was."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "run_on_ga_server.py"

PROGRAM = '''\
import asyncio
import json

import websockets


async def main() -> int:
    headers = {"Authorization": "Bearer k", "OpenAI-Beta": "realtime=v1"}
    async with websockets.connect("wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1", additional_headers=headers) as ws:
        await ws.send(json.dumps({"type": "session.update", "session": {"voice": "ash", "input_audio_format": "pcm16"}}))
        await ws.send(json.dumps({"type": "response.create"}))
        async for raw in ws:
            if json.loads(raw)["type"] == "response.audio.delta":
                return 0
    return 1


raise SystemExit(asyncio.run(main()))
'''


def test_a_program_is_refused_before_its_fix_and_talks_after_it(tmp_path):
    (tmp_path / "main.py").write_text(PROGRAM, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path), "--json", "--", sys.executable, "main.py"],
        capture_output=True, text=True, timeout=120,
    )
    result = json.loads(done.stdout)
    assert result["before"]["refused"] and result["before"]["ended"] != "0"
    assert result["after"] == {**result["after"], "ended": "0", "refused": [], "took": ["session.update", "response.create"]}
    assert done.returncode == 0
    assert (tmp_path / "main.py").read_text(encoding="utf-8") == PROGRAM  # the folder itself is not fixed


def test_the_exit_status_says_when_the_fixed_program_is_refused(tmp_path):
    # a session whose `temperature` only an unsafe fix drops: `--fix` alone leaves the program beta
    (tmp_path / "main.py").write_text(PROGRAM.replace('"pcm16"}', '"pcm16", "temperature": 0.6}'), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path), "--json", "--", sys.executable, "main.py"],
        capture_output=True, text=True, timeout=120,
    )
    assert json.loads(done.stdout)["after"]["refused"]
    assert done.returncode == 1
