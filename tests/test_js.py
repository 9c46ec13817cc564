"""The JavaScript and TypeScript front end keeps the guarantees the Python one
gives: bad input is reported and skipped, bytes outside the edits survive, a
fix that breaks the syntax is not written, suppression comments, positions in
every output format, the cache and the prefilter."""

from __future__ import annotations

import json

import pytest

from rtmigrate import Settings, check_source, fix_source
from rtmigrate.api import check_paths
from rtmigrate.core.diagnostics import Fix, TextEdit
from rtmigrate.js import engine
from rtmigrate.js.rules.events import BetaEventName

BETA = 'import OpenAI from "openai";\nif (e.type === "response.audio.delta") play(e);\n'
GA = 'import OpenAI from "openai";\nif (e.type === "response.output_audio.delta") play(e);\n'


def test_a_file_with_syntax_errors_is_reported_and_left_alone(tmp_path):
    broken = tmp_path / "broken.ts"
    broken.write_text('import OpenAI from "openai";\nif (e.type === "response.audio.delta" {\n')
    good = tmp_path / "good.ts"
    good.write_text(BETA)
    result = check_paths([tmp_path], Settings(), fix=True, write=True)
    errors = {e.path: e.message for e in result.errors}
    assert "line 2" in errors[str(broken)]
    assert broken.read_text() == 'import OpenAI from "openai";\nif (e.type === "response.audio.delta" {\n'
    assert good.read_text() == GA  # the run went on


@pytest.mark.parametrize("suffix", [".tsx", ".jsx"])
def test_a_bare_ampersand_in_jsx_text_is_text(tmp_path, suffix):
    # TypeScript and Babel read `Speech & Microphone` as text; the grammars take it for an error
    page = tmp_path / f"page{suffix}"
    head = 'import OpenAI from "openai";\nconst a = <p title="a & b">Speech & Microphone, R&D &amp; more {x && y}</p>;\n'
    page.write_text(head + 'if (e.type === "response.audio.delta") play(e);\n')
    result = check_paths([tmp_path], Settings(), fix=True, write=True)
    assert not result.errors
    assert page.read_text() == head + 'if (e.type === "response.output_audio.delta") play(e);\n'


def test_a_fix_never_rewrites_a_bare_ampersand(monkeypatch):
    # a fix whose edit spans an `&` read as a space would write the space: it is dropped
    source = 'import OpenAI from "openai";\nconst a = <p>A & B</p>;\nif (e.type === "response.audio.delta") play(e);\n'
    ampersand = source.encode().index(b"&")
    real = BetaEventName.finish

    def finish(self):
        real(self)
        self.reports = [r if r.fix is None else type(r)(**{**r.__dict__, "fix": Fix(r.fix.applicability, "x", (TextEdit(ampersand - 2, ampersand + 3, "A and B"),))}) for r in self.reports]

    monkeypatch.setattr(BetaEventName, "finish", finish)
    [found] = check_source(source, "page.tsx", Settings())
    assert found.code == "RT101" and found.fix is None


def test_an_ampersand_in_code_is_still_a_syntax_error(tmp_path):
    broken = tmp_path / "broken.tsx"
    broken.write_text('import OpenAI from "openai";\nconst b = x & ;\nif (e.type === "response.audio.delta") play(e);\n')
    result = check_paths([broken], Settings())
    assert result.errors and "line 2" in result.errors[0].message


def test_a_file_that_is_not_utf8_is_reported(tmp_path):
    bad = tmp_path / "bad.js"
    bad.write_bytes(b'import OpenAI from "openai";\nconst s = "response.audio.delta \xff";\n')
    result = check_paths([bad], Settings())
    assert result.errors and "decode" in result.errors[0].message


def test_bytes_outside_the_edits_survive_crlf_bom_and_non_ascii(tmp_path):
    path = tmp_path / "crlf.js"
    source = '\ufeffimport OpenAI from "openai";\r\n// réponse « audio »\r\nif (t === "response.audio.delta") play();\r\n'
    path.write_bytes(source.encode("utf-8"))
    check_paths([path], Settings(), fix=True, write=True)
    assert path.read_bytes() == source.replace("response.audio.delta", "response.output_audio.delta").encode("utf-8")


def test_columns_count_characters_and_reach_every_output_format(tmp_path):
    path = tmp_path / "é.ts"
    path.write_text('import OpenAI from "openai";\nconst é = "ü"; if (t === "response.text.delta") f();\n', encoding="utf-8")
    (finding,) = check_paths([path], Settings()).diagnostics
    assert (finding.line, finding.column) == (2, 26)
    from click.testing import CliRunner

    from rtmigrate.cli import main

    for fmt, needle in (("json", '"column": 26'), ("sarif", '"startColumn": 26'), ("github", "line=2,col=26")):
        out = CliRunner().invoke(main, ["check", "--no-cache", "--output-format", fmt, str(path)]).output
        assert needle in out, fmt


def test_suppression_comments(tmp_path):
    line = 'import OpenAI from "openai";\nif (t === "response.audio.delta") play(); // rtmigrate: ignore[RT101]\n'
    assert check_source(line, "a.ts") == []
    other = 'import OpenAI from "openai";\nif (t === "response.audio.delta") play(); // rtmigrate: ignore[RT4]\n'
    assert [d.code for d in check_source(other, "a.ts")] == ["RT101"]
    whole = '// rtmigrate: ignore-file\nimport OpenAI from "openai";\nif (t === "response.audio.delta") play();\n'
    assert check_source(whole, "a.ts") == []
    unused = 'import OpenAI from "openai";\nplay(); /* rtmigrate: ignore[RT101] */\n'
    assert [d.code for d in check_source(unused, "a.ts", Settings(report_unused_suppressions=True))] == ["RT001"]


def test_a_fix_that_breaks_the_syntax_is_not_written(tmp_path, monkeypatch):
    def broken(self, node):
        if self.text(node.start_byte, node.end_byte) == '"response.audio.delta"':
            self.report(node, "x", Fix.safe("break it", TextEdit(node.start_byte, node.end_byte, '"unterminated')))

    monkeypatch.setattr(BetaEventName, "visit_string", broken)
    monkeypatch.setattr(BetaEventName, "finish", lambda self: None)
    path = tmp_path / "a.ts"
    path.write_text(BETA)
    result = check_paths([path], Settings(), fix=True, write=True)
    assert "does not parse" in result.errors[0].message
    assert path.read_text() == BETA


def test_edits_of_an_html_page_stay_inside_its_scripts(tmp_path):
    page = tmp_path / "page.html"
    html = (
        '<p>response.audio.delta is just text here</p>\n'
        '<script type="application/json">{"type": "response.audio.delta"}</script>\n'
        '<script>\n  import("openai");\n  if (e.type === "response.audio.delta") play(e);\n</script>\n'
    )
    page.write_text(html)
    (finding,) = check_paths([page], Settings()).diagnostics
    assert (finding.line, finding.column) == (5, 18)
    check_paths([page], Settings(), fix=True, write=True)
    assert page.read_text() == html.replace('=== "response.audio.delta"', '=== "response.output_audio.delta"')


def test_the_cache_serves_a_warm_run_and_follows_package_json(tmp_path):
    project = tmp_path / "app"
    (project / "src").mkdir(parents=True)
    source = project / "src" / "agent.ts"
    source.write_text('import { OpenAIRealtimeWS } from "openai/beta/realtime/ws";\nrt.on("response.text.delta", f);\n')
    manifest = project / "package.json"
    manifest.write_text(json.dumps({"dependencies": {"openai": "^4.77.3"}}))
    cache = tmp_path / "cache"
    first = check_paths([project], Settings(), cache_root=cache)
    assert all(d.fix is None for d in first.diagnostics)
    warm = check_paths([project], Settings(), cache_root=cache)
    assert warm.files[0].cached and warm.diagnostics == first.diagnostics
    engine._enabled.cache_clear()
    from rtmigrate.js.project import _pins_in

    _pins_in.cache_clear()
    manifest.write_text(json.dumps({"dependencies": {"openai": "^7.57.0"}}))
    upgraded = check_paths([project], Settings(), cache_root=cache)
    assert not upgraded.files[0].cached
    assert all(d.fix is not None for d in upgraded.diagnostics)


def test_a_file_without_trigger_words_is_never_parsed(tmp_path):
    path = tmp_path / "plain.tsx"
    path.write_text("export const App = () => <div>hello</div>;\n")
    (outcome,) = check_paths([path], Settings()).files
    assert not outcome.parsed and outcome.diagnostics == []


@pytest.mark.parametrize(
    "spec, beta_only",
    [("^4.77.3", True), ("4.x", True), ("~5.16.0", True), ("5.16.2", True), ("^5.17.0", False), ("^5.1.0", False),
     (">=4", False), ("latest", False), ("*", False), ("^4 || ^5", False)],
)
def test_npm_ranges_that_admit_only_beta_versions(spec, beta_only):
    from rtmigrate.js.project import Pins

    assert (Pins((("openai", spec),)).beta_only("openai") is not None) is beta_only


def test_fixes_are_idempotent_on_the_realworld_shapes():
    twice = fix_source(fix_source(BETA, "a.ts"), "a.ts")
    assert twice == GA


def test_every_name_a_rule_reads_in_a_string_passes_the_engines_string_test():
    from rtmigrate.js.engine import relevant
    from rtmigrate.core.tables.events import EVENT_MEANING_CHANGED, EVENT_RENAMES
    from rtmigrate.core.tables.headers import BETA_SUBPROTOCOL
    from rtmigrate.core.tables.models import SHUTDOWNS

    names = [*EVENT_RENAMES, *(r.ga for r in EVENT_RENAMES.values()), *EVENT_MEANING_CHANGED, *SHUTDOWNS, BETA_SUBPROTOCOL,
             "OpenAI-Beta", "gpt-4o-realtime-preview-2024-12-17", "https://api.openai.com/v1/realtime/sessions",
             "/openai/realtime?api-version=x&deployment=d"]
    assert [n for n in names if not relevant(n.encode())] == []
    assert not relevant(b"hello world")


def test_module_constants_are_the_consts_nothing_redeclares():
    from rtmigrate.js import syntax

    def constants(source: str) -> dict:
        return syntax.module_constants(syntax.parse(source.encode(), "typescript").root_node)

    assert constants('const F = "g711_ulaw";\nconst M = ["text", "audio"];\nconst h = () => F;\n') == {"F": "g711_ulaw", "M": ["text", "audio"]}
    assert constants('const F = "g711_ulaw";\nconst g = F => F;\n') == {}  # a parameter of that name
    assert constants('const F = "g711_ulaw";\nfunction f() { const F = "pcm16"; return F; }\n') == {}
    assert constants('let F = "g711_ulaw";\n') == {}


def test_a_use_that_spans_lines_is_named_by_its_first_and_last_line():
    """A config held in a list of recorded events: the finding names the list as
    `[ ... ]`, not by its opening bracket alone."""
    source = (
        'import OpenAI from "openai";\n'
        'const recorded = [\n'
        '  {type: "session.update", session: {voice: "ash", input_audio_format: "pcm16"}},\n'
        '];\n'
        'play(recorded);\n'
    )
    found = [d for d in check_source(source, "sample.ts", Settings()) if d.code == "RT301"]
    assert len(found) == 1
    assert "cannot follow `[ ... ]`" in found[0].message, found[0].message
