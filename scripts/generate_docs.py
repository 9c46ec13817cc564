"""Write docs/rules.md from the rules' own docstrings.

    python scripts/generate_docs.py          # rewrite
    python scripts/generate_docs.py --check  # exit 1 if out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "rules.md"
sys.path.insert(0, str(ROOT / "src"))

from rtmigrate.rule import all_rules  # noqa: E402


def render() -> str:
    rules = all_rules()
    lines = [
        "# Rule reference",
        "",
        "Generated from each rule's docstring by `scripts/generate_docs.py`; `rtmigrate explain CODE` prints the same text.",
        "",
        "| code | name | fix | finds |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {'yes' if r.has_fix() else ''} | {r.summary()} |"
        for r in rules
    ]
    for r in rules:
        lines += ["", f"## {r.code} {r.name}", "", r.documentation()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if TARGET.exists() and TARGET.read_text(encoding="utf-8") == text else 1)
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")
