"""Write the rule reference in docs/rules/ from the rules' own docstrings:
an index and a page per rule.

    python scripts/generate_docs.py          # rewrite
    python scripts/generate_docs.py --check  # exit 1 if anything is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "rules"
sys.path.insert(0, str(ROOT / "src"))

from rtmigrate.core.diagnostics import KIND_MEANINGS  # noqa: E402
from rtmigrate.catalog import all_rules, explanation, languages  # noqa: E402

NOTE = "Generated from the rule's docstring by `scripts/generate_docs.py`; `rtmigrate explain {code}` prints the same text."


def pages() -> dict[str, str]:
    rules = all_rules()
    index = [
        "# Rule reference",
        "",
        "Generated from each rule's docstring by `scripts/generate_docs.py`.",
        "",
        "A rule's kind says what its findings mean for code that must run on the GA API:",
        "",
        *(f"- **{kind.value}**: {meaning}" for kind, meaning in KIND_MEANINGS.items()),
        "",
        "| code | name | kind | fix | reads | finds |",
        "|---|---|---|---|---|---|",
    ]
    index += [
        f"| [{r.code}]({r.code}.md) | {r.name} | {r.kind.value} | {'yes' if r.has_fix() else ''} | {languages(r.code)} | {r.summary()} |"
        for r in rules
    ]
    out = {"index.md": "\n".join(index) + "\n"}
    for r in rules:
        title, rest = explanation(r.code).split("\n\n", 1)
        out[f"{r.code}.md"] = f"{title}\n\n{NOTE.format(code=r.code)}\n\n{rest}\n"
    return out


def main() -> int:
    wanted = pages()
    if "--check" in sys.argv:
        have = {p.name for p in TARGET.glob("*.md")} if TARGET.exists() else set()
        stale = [n for n, text in wanted.items() if not (TARGET / n).exists() or (TARGET / n).read_text(encoding="utf-8") != text]
        return 1 if stale or have - set(wanted) else 0
    TARGET.mkdir(parents=True, exist_ok=True)
    for old in TARGET.glob("*.md"):
        if old.name not in wanted:
            old.unlink()
    for name, text in wanted.items():
        (TARGET / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
