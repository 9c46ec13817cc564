"""Write ``src/rtmigrate/core/tables/audio_models.py`` from the installed ``openai`` package.

Reads (never imports) the type modules whose `model` fields and aliases list
the audio models each kind of call accepts, and the "Deprecated values: ...
Announced shutdown date: YYYY-MM-DD" notes of their docstrings.

    python scripts/generate_audio_models.py          # rewrite the table
    python scripts/generate_audio_models.py --check  # exit 1 if it is out of date
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "rtmigrate" / "core" / "tables" / "audio_models.py"

# family → (module, class or alias, field (None: the alias itself), which ids of it belong to the family)
SOURCES: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "realtime": [
        ("openai.types.realtime.realtime_session_create_request_param", "RealtimeSessionCreateRequestParam", "model", None),
        ("openai.types.realtime.call_accept_params", "CallAcceptParams", "model", None),
    ],
    "transcription": [
        ("openai.types.realtime.audio_transcription_param", "AudioTranscriptionParam", "model", None),
        ("openai.types.audio_model", "AudioModel", None, None),
    ],
    "speech": [("openai.types.audio.speech_model", "SpeechModel", None, None)],
    "audio-chat": [("openai.types.shared.chat_model", "ChatModel", None, "audio")],
}
_DATE = re.compile(r"Announced\s+shutdown\s+date:\s*(\d{4}-\d{2}-\d{2})")
_QUOTED = re.compile(r'"([^"]+)"')


def _path(module: str) -> Path:
    spec = importlib.util.find_spec(module.rsplit(".", 1)[0])
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{module} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / (module.rsplit(".", 1)[1] + ".py")


def _strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _docstring_after(body: list[ast.stmt], index: int) -> str:
    following = body[index + 1] if index + 1 < len(body) else None
    if isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant) and isinstance(following.value.value, str):
        return following.value.value
    return ""


def _declaration(module: str, owner: str, field: str | None) -> tuple[list[str], str]:
    """(the ids a `model` field or alias lists, its docstring)."""
    tree = ast.parse(_path(module).read_text(encoding="utf-8"))
    body: list[ast.stmt] = tree.body
    if field is not None:
        body = next(n.body for n in tree.body if isinstance(n, ast.ClassDef) and n.name == owner)
    name = field or owner
    for index, node in enumerate(body):
        target = node.target if isinstance(node, ast.AnnAssign) else (node.targets[0] if isinstance(node, ast.Assign) else None)
        if isinstance(target, ast.Name) and target.id == name:
            value = node.value if isinstance(node, ast.Assign) or field is None else node.annotation
            return _strings(value), _docstring_after(body, index)
    raise SystemExit(f"{module}.{owner}.{field or ''}: not found")


def shutdowns(docstring: str) -> dict[str, str]:
    """id → shutdown date, from a docstring's "Deprecated values:" list."""
    if "Deprecated values:" not in docstring:
        return {}
    section = docstring.split("Deprecated values:", 1)[1]
    out: dict[str, str] = {}
    for bullet in re.split(r"\n\s*- ", "\n" + section):
        text = " ".join(bullet.split())
        date = _DATE.search(text)
        if date:
            for model in _QUOTED.findall(text[: date.start()]):
                out[model] = date.group(1)
    return out


def build() -> tuple[dict[str, dict[str, str | None]], dict[str, list[str]]]:
    table: dict[str, dict[str, str | None]] = {}
    where: dict[str, list[str]] = {}
    for family, sources in SOURCES.items():
        rows: dict[str, str | None] = {}
        for module, owner, field, containing in sources:
            ids, doc = _declaration(module, owner, field)
            dates = shutdowns(doc)
            for model in ids:
                if containing is None or containing in model:
                    rows[model] = dates.get(model, rows.get(model))
            where.setdefault(family, []).append(f"{module}.{owner}" + (f".{field}" if field else ""))
        table[family] = dict(sorted(rows.items()))
    return table, where


def render(table: dict[str, dict[str, str | None]], where: dict[str, list[str]]) -> str:
    import importlib.metadata

    version = importlib.metadata.version("openai")
    lines = ["{"]
    for family, rows in table.items():
        lines.append(f"    {family!r}: {{")
        lines.extend(f"        {model!r}: {date!r}," for model, date in rows.items())
        lines.append("    },")
    lines.append("}")
    sources = ["{"] + [f"    {family!r}: {tuple(paths)!r}," for family, paths in where.items()] + ["}"]
    return (
        f'"""Generated from openai=={version} by scripts/generate_audio_models.py; do not edit.\n\n'
        "Every audio-model id each kind of call accepts, by family, with the shutdown date its\n"
        'type docstring announces ("Deprecated values: ... Announced shutdown date: ..."), or None.\n'
        '"""\n\n'
        "from __future__ import annotations\n\n"
        f"AUDIO_MODELS: dict[str, dict[str, str | None]] = {chr(10).join(lines)}\n\n"
        "# Where each family was read.\n"
        f"SOURCES: dict[str, tuple[str, ...]] = {chr(10).join(sources)}\n"
    )


def main() -> int:
    text = render(*build())
    if "--check" in sys.argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is out of date; run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
