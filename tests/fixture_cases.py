"""Before/after fixture files: `fixtures/<family>/<case>.py` (or `.js`,
`.ts`, `.tsx`, `.html`, ...) is the input; beside it `<case>.fixed.py` is the
expected result of `--fix` (absent: the input is left as it is),
`<case>.unsafe.py` of `--fix --unsafe-fixes` (absent: the same as `--fix`),
and `<case>.expect` lists the findings (`line:column CODE`) on the input.

Run `python tests/fixture_cases.py` to rewrite the expected files after a
deliberate change, then read the diff before committing it."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
LANGUAGES = (".py", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".html", ".md", ".rst",
             ".env", ".yaml", ".yml", ".json", ".toml", ".sh", ".http", ".dockerfile")


def _is_output(path: Path) -> bool:
    return any(path.name.endswith(f".{kind}{path.suffix}") for kind in ("fixed", "unsafe"))


def cases() -> list[Path]:
    """Single-file fixtures (`fixtures/projects/` holds whole projects: see test_projects.py)."""
    return sorted(
        p for p in FIXTURES.rglob("*")
        if p.suffix in LANGUAGES and not _is_output(p) and "projects" not in p.relative_to(FIXTURES).parts
    )


def python_cases() -> list[Path]:
    return [c for c in cases() if c.suffix == ".py"]


def js_cases() -> list[Path]:
    return [c for c in cases() if c.suffix != ".py"]


def expected_paths(case: Path) -> dict[str, Path]:
    stem = case.with_suffix("")
    return {
        "fixed": stem.with_name(stem.name + ".fixed" + case.suffix),
        "unsafe": stem.with_name(stem.name + ".unsafe" + case.suffix),
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
