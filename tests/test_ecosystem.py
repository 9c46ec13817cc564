"""SARIF and GitHub output, settings files, suppressions, notebooks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sarif_pydantic
from click.testing import CliRunner

from rtmigrate import Settings, check_source
from rtmigrate.api import check_paths
from rtmigrate.cli import main
from rtmigrate.catalog import all_rules

BETA = 'import openai\nMODEL = "gpt-4o-realtime-preview"\nif t == "response.text.delta":\n    pass\n'


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# --- SARIF ---------------------------------------------------------------------


def test_sarif_output_is_a_valid_sarif_2_1_0_log(tmp_path):
    (tmp_path / "app.py").write_text(BETA)
    (tmp_path / "broken.py").write_text("import openai\nx = 'response.text.delta'\ndef (:\n")
    result = invoke("check", "--output-format", "sarif", str(tmp_path))
    log = json.loads(result.stdout)
    parsed = sarif_pydantic.Sarif.model_validate(log)
    assert parsed.version == "2.1.0"
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in all_rules()]
    assert all(r["name"] and r["help"]["text"] and r["shortDescription"]["text"] for r in rules)
    results = run["results"]
    assert {r["ruleId"] for r in results} == {"RT101", "RT501"}
    assert {r["ruleId"]: r["level"] for r in results} == {"RT101": "error", "RT501": "warning"}
    assert all(rules[r["ruleIndex"]]["defaultConfiguration"]["level"] == r["level"] for r in results)
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        region = r["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert (region["endLine"], region["endColumn"]) > (region["startLine"], region["startColumn"])
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert "syntax error" in notes[0]["message"]["text"]


def test_github_annotations_escape_their_properties(tmp_path):
    odd = tmp_path / "a,b:c.py"
    odd.write_text(BETA)
    lines = invoke("check", "--output-format", "github", str(odd)).output.splitlines()
    assert lines[0].startswith("::warning file=") and "a%2Cb%3Ac.py,line=2,col=9," in lines[0]


# --- settings --------------------------------------------------------------------


def test_standalone_settings_file_and_per_file_ignores(tmp_path):
    (tmp_path / "rtmigrate.toml").write_text('ignore = ["RT102"]\n[per-file-ignores]\n"legacy/*.py" = ["RT5"]\n')
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "old.py").write_text(BETA)
    (tmp_path / "new.py").write_text(BETA)
    data = json.loads(invoke("check", "--output-format", "json", str(tmp_path)).output)
    codes = {(Path(d["path"]).name, d["code"]) for d in data["diagnostics"]}
    assert codes == {("old.py", "RT101"), ("new.py", "RT101"), ("new.py", "RT501")}


@pytest.mark.parametrize(
    "table, message",
    [
        ('max-file-size = "big"', "`max-file-size` must be a int"),
        ("select = 3", "`select` must be a list of strings"),
        ('per-file-ignores = ["x"]', "`per-file-ignores` must be a table"),
        ("report-unused-suppressions = 1", "must be true or false"),
        ("colour = 1", "unknown setting `colour`"),
    ],
)
def test_bad_settings_are_named(tmp_path, table, message):
    (tmp_path / "pyproject.toml").write_text(f"[tool.rtmigrate]\n{table}\n")
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2 and message in result.output


def test_show_settings(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.rtmigrate]\nrealtime-model = "gpt-realtime-2"\n')
    out = invoke("check", "--show-settings", str(tmp_path)).output
    assert "realtime-model = 'gpt-realtime-2'" in out and str(tmp_path / "pyproject.toml") in out


# --- suppressions ----------------------------------------------------------------


def test_line_suppression_hides_that_code_only():
    source = 'import openai\nMODEL = "gpt-4o-realtime-preview"  # rtmigrate: ignore[RT501]\nT = "response.text.delta"  # rtmigrate: ignore[RT5]\n'
    assert [d.code for d in check_source(source)] == ["RT101"]


def test_bare_suppression_hides_every_code_on_the_line():
    source = 'import openai\nK = ("response.text.delta", "gpt-4o-realtime-preview")  # rtmigrate: ignore\n'
    assert check_source(source) == []


def test_file_suppression():
    assert check_source("# rtmigrate: ignore-file\n" + BETA) == []


def test_unused_suppressions_are_reported_when_asked():
    source = 'import openai\nMODEL = "gpt-realtime-2.1"  # rtmigrate: ignore[RT501]\nT = "x"  # rtmigrate: ignore\n'
    assert check_source(source) == []
    found = check_source(source, settings=Settings(report_unused_suppressions=True))
    assert [(d.code, d.line) for d in found] == [("RT001", 2), ("RT001", 3)]


def test_suppressed_findings_are_not_fixed(tmp_path):
    (tmp_path / "a.py").write_text('import openai\nT = "response.text.delta"  # rtmigrate: ignore[RT101]\n')
    check_paths([tmp_path], Settings(), fix=True, write=True)
    assert "response.text.delta" in (tmp_path / "a.py").read_text()


# --- notebooks ----------------------------------------------------------------------


def _notebook(cells: list[tuple[str, list[str]]]) -> dict:
    return {
        "cells": [
            {"cell_type": kind, "metadata": {}, "source": src, **({"outputs": [], "execution_count": None} if kind == "code" else {})}
            for kind, src in cells
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def test_notebook_cells_are_checked_and_fixed(tmp_path):
    nb = _notebook(
        [
            ("markdown", ["# Realtime — démo\n", "response.text.delta in prose"]),
            ("code", ["%pip install openai\n", "from openai import OpenAI\n", "client = OpenAI()"]),
            ("code", ["with client.beta.realtime.connect(model='gpt-realtime-2.1') as conn:\n", "    !echo hi\n", "    if e.type == 'response.text.delta':  # text\n", "        pass"]),
            ("code", ["%%bash\n", "echo 'response.text.delta'"]),
        ]
    )
    path = tmp_path / "demo.ipynb"
    original = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    path.write_text(original, encoding="utf-8")
    found = check_paths([tmp_path], Settings()).diagnostics
    assert [(d.code, d.cell, d.line) for d in found] == [("RT201", 2, 1), ("RT101", 2, 3)]
    check_paths([tmp_path], Settings(), fix=True, write=True)
    after = json.loads(path.read_text(encoding="utf-8"))
    assert after["cells"][2]["source"] == [
        "with client.realtime.connect(model='gpt-realtime-2.1') as conn:\n",
        "    !echo hi\n",
        "    if e.type == 'response.output_text.delta':  # text\n",
        "        pass",
    ]
    nb["cells"][2]["source"] = after["cells"][2]["source"]
    assert path.read_text(encoding="utf-8") == json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def test_notebook_without_findings_is_not_rewritten(tmp_path):
    path = tmp_path / "clean.ipynb"
    text = json.dumps(_notebook([("code", ["import openai\n", "x = 'beta'"])]), indent=2)
    path.write_text(text)
    result = check_paths([tmp_path], Settings(), fix=True, write=True)
    assert not result.diagnostics and path.read_text() == text


def test_broken_notebook_is_reported(tmp_path):
    (tmp_path / "bad.ipynb").write_text('{"cells": [ "/v1/realtime"')
    result = check_paths([tmp_path], Settings())
    assert "not a notebook" in result.errors[0].message


def test_a_notebook_in_another_language_is_left_alone(tmp_path):
    nb = _notebook([("code", ['var url = "https://res.openai.azure.com/openai/realtime?api-version=2024-10-01-preview";\n', 'Console.WriteLine($"{url}");'])])
    nb["metadata"] = {"kernelspec": {"name": ".net-csharp", "language": "C#"}, "language_info": {"name": "C#"}}
    (tmp_path / "csharp.ipynb").write_text(json.dumps(nb))
    result = check_paths([tmp_path], Settings())
    assert result.errors == [] and result.diagnostics == []
