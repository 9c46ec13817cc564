"""The project's own promises: README set-up commands, CI, pre-commit hooks."""

from __future__ import annotations

import re
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


def test_rule_reference_is_current():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_docs.py"), "--check"])
    assert result.returncode == 0, "docs/rules.md is out of date: run scripts/generate_docs.py"
