"""The code rtmigrate writes type-checks against the pinned `openai` package.

Fixture outputs and the fixed examples are run through mypy. They are
fragments (names such as `play` are left undefined), so only errors that name
an `openai` symbol, or a `Realtime*` resource of the client, count: those are
GA names or paths that rtmigrate invented."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from fixture_cases import ROOT, cases, expected
from rtmigrate import fix_source

OPENAI_ERROR = re.compile(r'openai|"(Async)?Realtime[A-Za-z]*" has no attribute')


def _mypy(folder: Path, cache: Path) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--ignore-missing-imports", "--no-error-summary",
         "--cache-dir", str(cache), str(folder)],
        capture_output=True, text=True,
    )
    return [line for line in result.stdout.splitlines() if ": error:" in line and OPENAI_ERROR.search(line)]


def test_fixed_code_has_no_error_on_openai_symbols(tmp_path):
    out = tmp_path / "fixed"
    out.mkdir()
    for case in cases():
        name = "_".join(case.relative_to(ROOT / "fixtures").with_suffix("").parts)
        (out / f"{name}.py").write_text(expected(case)["unsafe"], encoding="utf-8")
    for example in (ROOT / "examples").glob("*.py"):
        (out / f"example_{example.stem}.py").write_text(fix_source(example.read_text(), unsafe=True))
    assert _mypy(out, tmp_path / "cache") == []


def test_the_check_sees_invented_names(tmp_path):
    """The filter above is not blind: a GA name that does not exist is caught."""
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "bad.py").write_text(
        "from openai import OpenAI\nfrom openai.types.realtime import Session\nOpenAI().realtime.sessions.create()\n"
    )
    errors = _mypy(bad, tmp_path / "cache")
    assert len(errors) == 2
