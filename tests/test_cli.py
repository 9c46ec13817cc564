"""The command-line contract: output lines, exit codes, formats, fixing and diffing."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from rtmigrate.cli import main
from rtmigrate.catalog import all_rules

ROOT = Path(__file__).resolve().parent.parent
BETA = (
    "import openai\n"
    "URL = 'wss://api.openai.com/v1/realtime?model=gpt-4o-realtime-preview'\n"
    "HEADERS = {'OpenAI-Beta': 'realtime=v1', 'Authorization': 'Bearer k'}  # auth\n"
    "def on(event):\n"
    "    if event.type == 'response.text.delta':\n"
    "        return event.delta\n"
)


def run(*args: str, cwd: Path | None = None):
    runner = CliRunner()
    old = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        return runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(BETA, encoding="utf-8")
    (tmp_path / "clean.py").write_text("import openai\nprint('hello')\n", encoding="utf-8")
    return tmp_path


def test_check_prints_one_line_per_finding_and_exits_1(project):
    result = run("check", str(project))
    assert result.exit_code == 1
    lines = [row for row in result.output.splitlines() if ": RT" in row]
    assert lines == [
        f"{project / 'app.py'}:2:7: RT501 preview Realtime model `gpt-4o-realtime-preview` (leftover) [unsafe fix]",
        f"{project / 'app.py'}:3:12: RT401 the `OpenAI-Beta: realtime=v1` header selects the beta Realtime API [*]",
        f"{project / 'app.py'}:5:22: RT101 beta event \"response.text.delta\" is \"response.output_text.delta\" in GA [*]",
    ]


def test_clean_tree_exits_0(project):
    result = run("check", str(project / "clean.py"))
    assert result.exit_code == 0, result.output


def test_fix_rewrites_safe_fixes_only_and_exits_on_what_is_left(project):
    result = run("check", "--fix", str(project))
    assert result.exit_code == 0  # what is left, the preview model, is a leftover: harmless on GA
    assert "1 leftover" in result.output
    assert run("check", "--fail-on", "leftover", str(project)).exit_code == 1
    assert run("check", "--fail-on", "RT5", str(project)).exit_code == 1
    assert run("check", "--fail-on", "advice", str(project)).exit_code == 0
    text = (project / "app.py").read_text()
    assert "OpenAI-Beta" not in text and "response.output_text.delta" in text
    assert "gpt-4o-realtime-preview" in text
    assert "# auth" in text
    result = run("check", "--fix", "--unsafe-fixes", str(project))
    assert result.exit_code == 0
    assert "model=gpt-realtime-2.1'" in (project / "app.py").read_text()  # the current model, not one shutting down


def test_file_without_findings_is_never_written(project):
    clean = project / "clean.py"
    before = clean.stat().st_mtime_ns
    os.utime(clean, ns=(before - 10**9, before - 10**9))
    stamp = clean.stat().st_mtime_ns
    run("check", "--fix", "--unsafe-fixes", str(project))
    assert clean.stat().st_mtime_ns == stamp


def test_diff_prints_and_writes_nothing(project):
    result = run("check", "--diff", str(project))
    assert result.exit_code == 1
    assert (project / "app.py").read_text() == BETA
    assert "-    if event.type == 'response.text.delta':" in result.output
    assert "+    if event.type == 'response.output_text.delta':" in result.output
    assert "gpt-realtime" not in result.output  # unsafe, not asked for
    assert run("check", "--diff", str(project / "clean.py")).exit_code == 0


def test_json_output_shape(project):
    result = run("check", "--output-format", "json", str(project))
    data = json.loads(result.output)
    assert set(data) == {"diagnostics", "errors", "summary"}
    first = data["diagnostics"][0]
    assert set(first) >= {"code", "name", "message", "path", "line", "column", "end_line", "end_column", "fix"}
    assert first["fix"] == {"applicability": "unsafe", "description": "use `gpt-realtime-2.1`"}
    assert data["summary"]["diagnostics"] == 3 and data["summary"]["fixable"] == 2
    assert [d["kind"] for d in data["diagnostics"]] == ["leftover", "breaks", "breaks"]
    assert (data["summary"]["breaks"], data["summary"]["leftover"], data["summary"]["advice"]) == (2, 1, 0)


def test_github_output_annotates_by_kind(project):
    lines = run("check", "--output-format", "github", str(project)).output.splitlines()
    assert lines[0].startswith(f"::warning file={project / 'app.py'},line=2,col=7,")  # RT501: a leftover
    assert lines[1].startswith(f"::error file={project / 'app.py'},line=3,col=12,")  # RT401: breaks on GA


def test_select_and_ignore_take_prefixes(project):
    data = json.loads(run("check", "--output-format", "json", "--select", "RT1", str(project)).output)
    assert {d["code"] for d in data["diagnostics"]} == {"RT101"}
    data = json.loads(run("check", "--output-format", "json", "--ignore", "RT4,RT5", str(project)).output)
    assert {d["code"] for d in data["diagnostics"]} == {"RT101"}
    bad = CliRunner().invoke(main, ["check", "--select", "XX9", str(project)])
    assert bad.exit_code == 2 and "XX9" in bad.output


def test_target_models_come_from_pyproject(project):
    (project / "pyproject.toml").write_text('[tool.rtmigrate]\nrealtime-model = "gpt-realtime-2"\n')
    result = run("check", "--diff", "--unsafe-fixes", ".", cwd=project)
    assert "model=gpt-realtime-2'" in result.output


def test_unknown_setting_is_a_usage_error(project):
    (project / "pyproject.toml").write_text('[tool.rtmigrate]\nrealtime-modle = "x"\n')
    result = CliRunner().invoke(main, ["check", str(project)])
    assert result.exit_code == 2 and "realtime-modle" in result.output


def test_unparsable_file_is_reported_and_the_run_goes_on(project):
    (project / "broken.py").write_text("import openai\ndef f(:\n    'response.text.delta'\n")
    result = run("check", "--fix", str(project))
    assert result.exit_code == 2
    assert "broken.py: syntax error at line 2" in result.output
    assert "response.output_text.delta" in (project / "app.py").read_text()


def test_rules_lists_every_rule():
    result = run("rules")
    for rule in all_rules():
        assert rule.code in result.output


def test_explain_prints_the_rules_docstring():
    result = run("explain", "rt101")
    assert result.exit_code == 0
    assert "RT101 beta-event-name" in result.output and "response.output_audio.delta" in result.output
    assert CliRunner().invoke(main, ["explain", "RT999"]).exit_code == 2


def test_fix_turns_examples_into_ga_code(tmp_path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    run("check", "--fix", "--unsafe-fixes", str(tmp_path / "examples"))
    left = json.loads(run("check", "--output-format", "json", str(tmp_path / "examples")).output)
    # what is left has no fix: it needs a person (and says why)
    assert all(d["fix"] is None and d["hint"] for d in left["diagnostics"])
    for path in (tmp_path / "examples").glob("*.py"):
        text = path.read_text()
        original = (ROOT / "examples" / path.name).read_text()
        assert "OpenAI-Beta" not in text and ".beta.realtime" not in text and "realtime-preview" not in text
        # every comment survives
        comments = [row.split("#", 1)[1] for row in original.splitlines() if "#" in row and "OpenAI-Beta" not in row]
        for comment in comments:
            assert comment in text, comment
