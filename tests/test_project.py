"""The project's own promises: README set-up commands, CI, pre-commit hooks."""

from __future__ import annotations

import json
import re
import sys

import pytest
import shlex
from pathlib import Path

import yaml
from click.testing import CliRunner

from rtmigrate.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, re.S)


def test_readme_has_exactly_two_setup_commands():
    commands = _setup_commands()
    assert len(commands) == 2
    assert commands[0].endswith("rtmigrate check examples/")
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert _setup_commands()[1] in ci.splitlines()


def test_pre_commit_hooks_are_valid_cli_calls():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"rtmigrate", "rtmigrate-fix"}
    for hook in hooks:
        assert hook["language"] == "python" and "python" in hook["types_or"]
        program, *args = shlex.split(hook["entry"])
        assert program == "rtmigrate"
        result = CliRunner().invoke(main, [*args, "--help"])
        assert result.exit_code == 0, result.output
    fix_hook = next(h for h in hooks if h["id"] == "rtmigrate-fix")
    assert "--fix" in fix_hook["entry"]
    # one run gets every changed file: a module's fix waits for the modules of its connection
    # that are not in the run, so files split across processes would hold each other back
    assert all(hook["require_serial"] is True for hook in hooks)


def test_rule_reference_is_current():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_docs.py"), "--check"])
    assert result.returncode == 0, "docs/rules/ is out of date: run scripts/generate_docs.py"


def test_pre_commit_hooks_run_end_to_end(tmp_path):
    """The real `pre-commit try-repo` installs this repository and runs both hooks."""
    import os
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "user-repo"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    git = lambda *a: subprocess.run(["git", *a], cwd=repo, env=env, check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    (repo / "app.py").write_text('import openai\nif t == "response.text.delta":\n    pass\n')
    (repo / "client.ts").write_text('import OpenAI from "openai";\nif (t === "response.audio.delta") play();\n')
    (repo / "notes.md").write_text('Handle it:\n\n```python\nimport openai\nif t == "response.audio.done":\n    pass\n```\n')
    (repo / "notes.txt").write_text('response.text.delta\n')  # not a type the hooks read
    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                           "source": ["import openai\n", "if t == 'response.text.done':\n", "    pass\n"]}],
                "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}
    (repo / "demo.ipynb").write_text(json.dumps(notebook))
    git("add", "app.py", "client.ts", "notes.md", "notes.txt", "demo.ipynb")
    pre_commit = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT)]
    check = subprocess.run([*pre_commit, "rtmigrate", "--all-files"], cwd=repo, env=env, capture_output=True, text=True)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "app.py" in check.stdout and "client.ts" in check.stdout and "notes.md:5" in check.stdout and "notes.txt" not in check.stdout
    assert "demo.ipynb:cell 1:2" in check.stdout
    fixed = subprocess.run([*pre_commit, "rtmigrate-fix", "--all-files"], cwd=repo, env=env, capture_output=True, text=True)
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr  # files were modified
    assert "response.output_text.delta" in (repo / "app.py").read_text()
    assert "response.output_audio.delta" in (repo / "client.ts").read_text()
    assert "response.output_audio.done" in (repo / "notes.md").read_text()
    assert "response.output_text.done" in (repo / "demo.ipynb").read_text()
    again = subprocess.run([*pre_commit, "rtmigrate", "--all-files"], cwd=repo, env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stdout + again.stderr
