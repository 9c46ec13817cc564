"""The code rtmigrate writes type-checks against the pinned `openai` package.

Fixture outputs (single files and projects, with every unsafe fix applied)
and the fixed examples are run through mypy. They are fragments (names such
as `play` are left undefined), so only errors that name an `openai` symbol
or a type of the `openai` package count: those are GA names, paths or
attributes that rtmigrate invented, or beta reads it left behind (a GA
`ClientSecretCreateResponse` has no `client_secret`)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from fixture_cases import ROOT, expected, python_cases
from rtmigrate import fix_source

def _openai_type_names() -> set[str]:
    import openai.resources.realtime as resources
    import openai.types.realtime as types

    return {n for module in (types, resources) for n in dir(module) if n[:1].isupper()}


OPENAI_ERROR = re.compile(r'openai|"(?:Async)?(?:' + "|".join(sorted(_openai_type_names())) + r')" has no attribute')


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
    for case in python_cases():
        name = "_".join(case.relative_to(ROOT / "fixtures").with_suffix("").parts)
        (out / f"{name}.py").write_text(expected(case)["unsafe"], encoding="utf-8")
    for example in (ROOT / "examples").glob("*.py"):
        (out / f"example_{example.stem}.py").write_text(fix_source(example.read_text(), unsafe=True))
    for module in (ROOT / "fixtures" / "projects").rglob("*.fixed.py"):
        unsafe = module.with_name(module.name.replace(".fixed.py", ".unsafe.py"))
        name = "_".join(module.relative_to(ROOT / "fixtures").with_suffix("").parts).replace(".", "_")
        (out / f"{name}.py").write_text((unsafe if unsafe.exists() else module).read_text(encoding="utf-8"), encoding="utf-8")
    assert _mypy(out, tmp_path / "cache") == []


def test_the_check_sees_invented_names(tmp_path):
    """The filter above is not blind: a GA name that does not exist is caught."""
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "bad.py").write_text(
        "from openai import OpenAI\nfrom openai.types.realtime import Session\nOpenAI().realtime.sessions.create()\n"
        "OpenAI().realtime.client_secrets.create(session={'type': 'realtime'}).client_secret.value\n"
    )
    errors = _mypy(bad, tmp_path / "cache")
    assert len(errors) == 3
