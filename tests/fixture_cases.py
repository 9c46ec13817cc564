"""Before/after fixture files: `fixtures/<family>/<case>.py` is the input;
beside it `<case>.fixed.py` is the expected result of `--fix` (absent: the
input is left as it is), `<case>.unsafe.py` of `--fix --unsafe-fixes`
(absent: the same as `--fix`), and `<case>.expect` lists the findings
(`line:column CODE`) on the input.

Run `python tests/fixture_cases.py` to rewrite the expected files after a
deliberate change, then read the diff before committing it."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SUFFIXES = (".fixed.py", ".unsafe.py")


def cases() -> list[Path]:
    """Single-file fixtures (`fixtures/projects/` holds whole projects: see test_projects.py)."""
    return sorted(
        p for p in FIXTURES.rglob("*.py") if not p.name.endswith(SUFFIXES) and "projects" not in p.relative_to(FIXTURES).parts
    )


def expected_paths(case: Path) -> dict[str, Path]:
    stem = case.with_suffix("")
    return {
        "fixed": stem.with_name(stem.name + ".fixed.py"),
        "unsafe": stem.with_name(stem.name + ".unsafe.py"),
        "expect": stem.with_name(stem.name + ".expect"),
    }


def expected(case: Path) -> dict[str, str]:
    """The expected texts, with an absent file standing for "no change"."""
    paths = expected_paths(case)
    source = case.read_text(encoding="utf-8")
    fixed = paths["fixed"].read_text(encoding="utf-8") if paths["fixed"].exists() else source
    unsafe = paths["unsafe"].read_text(encoding="utf-8") if paths["unsafe"].exists() else fixed
    return {"fixed": fixed, "unsafe": unsafe, "expect": paths["expect"].read_text(encoding="utf-8")}


def actual(case: Path) -> dict[str, str]:
    from rtmigrate import Settings, check_source, fix_source

    source = case.read_text(encoding="utf-8")
    name = str(case.relative_to(ROOT))
    settings = Settings()
    findings = check_source(source, name, settings)
    return {
        "fixed": fix_source(source, name, settings),
        "unsafe": fix_source(source, name, settings, unsafe=True),
        "expect": "".join(f"{d.line}:{d.column} {d.code}\n" for d in findings),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    for case in cases():
        got, paths = actual(case), expected_paths(case)
        same_as = {"fixed": case.read_text(encoding="utf-8"), "unsafe": got["fixed"], "expect": None}
        for kind, text in got.items():
            if text == same_as[kind]:
                paths[kind].unlink(missing_ok=True)
            else:
                paths[kind].write_text(text, encoding="utf-8")
        print(case.relative_to(ROOT))
