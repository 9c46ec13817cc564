"""Property tests: fixing produces code that parses, and fixing twice equals fixing once."""

from __future__ import annotations

import ast
import textwrap

import hypothesmith
import libcst
from hypothesis import given, settings
from hypothesis import strategies as st

from fixture_cases import FIXTURES, _is_output, python_cases
from rtmigrate import check_source, fix_source


def _snippets() -> list[str]:
    """Top-level statements of the before-fixtures: real beta code to splice."""
    out: list[str] = []
    for case in python_cases():
        source = case.read_text(encoding="utf-8")
        tree = ast.parse(source)
        lines = source.splitlines(keepends=True)
        for node in tree.body:
            out.append("".join(lines[node.lineno - 1 : node.end_lineno]))
    return out


SNIPPETS = _snippets()
FILLER = [
    "x = 1\n",
    "# a comment\n",
    "def helper(a, b=2):\n    return a + b  # sum\n",
    "class Thing:\n    kind = 'response.output_text.delta'\n",
    "if ready:\n    pass\nelse:\n    go()\n",
]


@st.composite
def beta_programs(draw) -> str:
    parts = draw(st.lists(st.sampled_from(SNIPPETS + FILLER), min_size=1, max_size=8))
    header = draw(st.sampled_from(["import openai\n", "from openai import OpenAI\n", ""]))
    body = "".join(parts)
    if draw(st.booleans()):
        body = "def wrapper():\n" + textwrap.indent(body, "    ") + "    pass\n"
    return header + body


@given(beta_programs(), st.booleans())
def test_fix_output_parses_and_is_idempotent(source, unsafe):
    once = fix_source(source, unsafe=unsafe)
    ast.parse(once)
    assert fix_source(once, unsafe=unsafe) == once


@given(beta_programs())
def test_no_safe_fix_is_left_behind(source):
    fixed = fix_source(source)
    left = [d for d in check_source(fixed) if d.fix is not None and d.fix.applicability.value == "safe"]
    assert left == []


@given(hypothesmith.from_grammar(auto_target=False))
def test_generated_python_has_no_findings_and_is_not_changed(source):
    try:
        compile(source, "<generated>", "exec")
    except (SyntaxError, ValueError):
        return
    try:
        found = check_source(source)
    except libcst.ParserSyntaxError:
        return  # code libcst cannot read is reported by the CLI and left alone
    assert found == []
    assert fix_source(source, unsafe=True) == source


@st.composite
def generated_with_beta(draw) -> str:
    """Generated Python (hypothesmith) with real beta snippets spliced in."""
    generated = draw(hypothesmith.from_grammar(auto_target=False))
    try:
        compile(generated, "<generated>", "exec")
    except (SyntaxError, ValueError):
        generated = ""
    snippets = draw(st.lists(st.sampled_from(SNIPPETS), min_size=1, max_size=4))
    parts = [generated.rstrip("\n") + "\n" if generated.strip() else "", *snippets]
    order = draw(st.permutations(parts))
    return "import openai\n" + "".join(order)


@settings(max_examples=10)  # hypothesmith generation is slow; the other properties run more examples
@given(generated_with_beta())
def test_spliced_programs_are_fixed_into_code_that_parses(source):
    try:
        compile(source, "<spliced>", "exec")
    except (SyntaxError, ValueError):
        return
    once = fix_source(source)
    ast.parse(once)
    assert fix_source(once) == once
    left = [d for d in check_source(once) if d.fix is not None and d.fix.applicability.value == "safe"]
    assert left == []


# --- do no harm: GA code and look-alikes ----------------------------------------------

LOOKALIKES = sorted(p for p in (FIXTURES / "lookalikes").glob("*.py") if not _is_output(p))


def _lookalike_parts() -> list[tuple[str, list[str]]]:
    """(context, definitions) of each look-alike fixture that holds no beta
    Realtime code: Responses loops, other hosts, translation tables, absence
    asserts, accepted-model enumerations, beta types kept for a legacy server.
    A file's imports and module constants say what its functions and classes
    talk to, so they go with any of them."""
    out = []
    for path in LOOKALIKES:
        source = path.read_text(encoding="utf-8")
        if any(d.kind == "breaks" for d in check_source(source, str(path))):
            continue  # a look-alike that holds real beta code too (mixed_apis.py)
        lines = source.splitlines(keepends=True)
        imports, rest = [], []
        for node in ast.parse(source).body:
            text = "".join(lines[node.lineno - 1 : node.end_lineno])
            if isinstance(node, (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign)):
                imports.append(text)
            elif not isinstance(node, (ast.For, ast.AsyncFor, ast.While, ast.With, ast.If)):
                rest.append(text)  # top-level loops are judged with the whole file: see mixed_apis.py
        context = "".join(imports)
        if any(fix_source(context + part, unsafe=True) != context + part for part in rest):
            # a part that is GA code only beside the rest of its file (a handler that takes both
            # names, in a file whose key read says GA: either_answer.py) goes with the rest
            rest = ["".join(rest)]
        out.append((context, rest))
    return out


GA_CODE = [
    (
        "",
        [
            "async def talk(client):\n    async with client.realtime.connect(model='gpt-realtime-2.1') as conn:\n"
            "        await conn.session.update(session={'type': 'realtime', 'audio': {'output': {'voice': 'marin'}}})\n"
            "        async for event in conn:\n            if event.type == 'response.output_audio.delta':\n                pass\n",
            "def mint(client):\n    return client.realtime.client_secrets.create(session={'type': 'realtime', 'model': 'gpt-realtime-2.1'}).value\n",
            "URL = 'wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1'\n",
        ],
    )
]
PARTS = _lookalike_parts() + GA_CODE


@st.composite
def ga_programs(draw) -> str:
    chosen = draw(st.lists(st.sampled_from(range(len(PARTS))), min_size=1, max_size=4, unique=True))
    imports = "".join(PARTS[i][0] for i in chosen)
    body = [part for i in chosen for part in draw(st.lists(st.sampled_from(PARTS[i][1]), min_size=1, max_size=3))]
    header = draw(st.sampled_from(["", "import openai\n"]))
    return header + imports + "".join(draw(st.permutations(body)))


@given(ga_programs())
def test_ga_code_and_lookalikes_get_no_breaks_finding_and_no_edit(source):
    assert [d for d in check_source(source) if d.kind == "breaks"] == []
    assert fix_source(source, unsafe=True) == source
