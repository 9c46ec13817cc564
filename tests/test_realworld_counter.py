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
}
if (t === "response.audio.delta" || t === "response.output_audio.delta") play(t);
"""


def test_a_beta_event_name_beside_its_ga_name_is_no_construct():
    found = [(c.line, c.kind) for c in realworld.js_constructs(JS, ".js")]
    assert found == [(6, "event name")]


def test_the_same_holds_in_python():
    source = 'if event.type in ("response.text.delta", "response.output_text.delta"):\n    pass\nif event.type == "response.audio.done":\n    pass\n'
    assert [(c.line, c.kind) for c in realworld.constructs(source)] == [(3, "event name")]
