"""The GitHub action (`action.yml`): its check step, run here as the script it
is, writes the SARIF the CLI writes, and fails the job only as `fail-on` says."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
STEPS = {step.get("id"): step for step in ACTION["runs"]["steps"]}
BIN = str(Path(sys.executable).parent)


def _run_check(tmp_path: Path, paths: str, fail_on: str = "", configs: str = "false") -> tuple[Path, dict[str, str]]:
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    outputs = tmp_path / "github_output"
    outputs.write_text("")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "RUNNER_TEMP": str(tmp_path),
           "GITHUB_OUTPUT": str(outputs), "RTMIGRATE_PATHS": paths, "RTMIGRATE_FAIL_ON": fail_on,
           "RTMIGRATE_CONFIGS": configs}
    done = subprocess.run(["bash", "-e", "-c", STEPS["check"]["run"]], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr  # the step itself never fails: the last step decides
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line)
    return Path(values["sarif"]), values


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "app.py").write_text('import openai\nif t == "response.text.delta":\n    pass\n')
    (src / "client.ts").write_text('import OpenAI from "openai";\nif (t === "response.audio.delta") play();\n')
    return src


def test_the_action_is_a_composite_that_installs_itself_and_uploads_sarif():
    assert ACTION["runs"]["using"] == "composite"
    assert "${{ github.action_path }}" in STEPS["install"]["run"] and "pip install" in STEPS["install"]["run"]
    upload = next(s for s in ACTION["runs"]["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert upload["with"]["sarif_file"] == "${{ steps.check.outputs.sarif }}"
    assert set(ACTION["inputs"]) == {"paths", "fail-on", "configs", "docs", "python-version", "upload"}


def test_the_uploaded_sarif_is_what_the_cli_writes(tmp_path, project):
    sarif, values = _run_check(tmp_path, str(project))
    cli = subprocess.run([str(Path(BIN) / "rtmigrate"), "check", "--no-cache", "--output-format", "sarif", str(project)],
                         capture_output=True, text=True)
    assert sarif.read_text() == cli.stdout
    assert '"ruleId": "RT101"' in cli.stdout and "client.ts" in cli.stdout and "app.py" in cli.stdout
    assert "failed" not in values  # no fail-on: the findings show in code scanning, the job goes on


def test_fail_on_fails_the_job_only_when_its_findings_are_there(tmp_path, project):
    _, values = _run_check(tmp_path, str(project), "breaks")
    assert values.get("failed") == "true"
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "ok.py").write_text("print('hello')\n")
    _, values = _run_check(tmp_path, str(clean), "breaks")
    assert "failed" not in values


def test_configuration_files_are_read_when_asked(tmp_path, project):
    """`configs: "true"` reads configuration files in the scanned folders, as `--configs` does."""
    import json

    (project / "voice.env").write_text("OPENAI_REALTIME_MODEL=gpt-4o-realtime-preview\n")
    without, _ = _run_check(tmp_path, str(project))
    found = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1] for r in json.loads(without.read_text())["runs"][0]["results"]}
    assert "voice.env" not in found
    with_configs, _ = _run_check(tmp_path, str(project), configs="true")
    found = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1] for r in json.loads(with_configs.read_text())["runs"][0]["results"]}
    assert "voice.env" in found
