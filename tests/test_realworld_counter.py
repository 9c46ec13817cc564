"""The counter of `scripts/realworld.py` reads beta constructs from the facts, and
leaves out code kept on purpose (facts §9)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "realworld.py"
spec = importlib.util.spec_from_file_location("realworld", SCRIPT)
realworld = importlib.util.module_from_spec(spec)
sys.modules["realworld"] = realworld  # (its dataclasses look their module up)
spec.loader.exec_module(realworld)

JS = """\
switch (msg.type) {
  case "response.audio_transcript.delta":
  case "response.output_audio_transcript.delta":
    show(msg.delta);
    break;
  case "response.text.done":
    done();
    break;
  case "session.created":
  case "session.updated":
  case "transcription_session.created":
  case "transcription_session.updated":
    ready();
}
if (t === "response.audio.delta" || t === "response.output_audio.delta") play(t);
"""


def test_a_beta_event_name_beside_its_ga_name_is_no_construct():
    found = [(c.line, c.kind) for c in realworld.js_constructs(JS, ".js")]
    assert found == [(6, "event name")]


def test_the_same_holds_in_python():
    source = 'if event.type in ("response.text.delta", "response.output_text.delta"):\n    pass\nif event.type == "response.audio.done":\n    pass\n'
    assert [(c.line, c.kind) for c in realworld.constructs(source)] == [(3, "event name")]


def test_safe_counts_only_what_fix_changes(tmp_path):
    # the session's fix drops `temperature`, which GA has no place for: unsafe
    (tmp_path / "app.py").write_text(
        'import json\nimport openai\n\n\nasync def configure(ws):\n'
        '    await ws.send(json.dumps({"type": "session.update", "session": {"input_audio_format": "pcm16", "temperature": 0.6}}))\n'
        '    if (await ws.recv())["type"] == "response.audio.delta":\n        pass\n'
    )
    outcomes = {mode: {c.line: c.outcome for r in realworld.measure(tmp_path, unsafe=mode == "unsafe") for c in r.constructs} for mode in ("safe", "unsafe")}
    assert outcomes["unsafe"] == {6: "fixed", 7: "fixed"}
    assert outcomes["safe"] == {6: "reported", 7: "reported"}
