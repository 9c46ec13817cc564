"""Scanning whole repositories: discovery, prefilter, processes, cache, statistics."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from rtmigrate import Settings
from rtmigrate.api import check_paths, forget_project, worth_parsing
from rtmigrate.core.tables.context import trigger_words
from rtmigrate.cli import main
from rtmigrate.core.files import discover

BETA = 'import openai\nif t == "response.text.delta":\n    pass\n'


def names(root: Path, **kwargs) -> list[str]:
    return [p.relative_to(root).as_posix() for p in discover([root], **kwargs)]


def test_discovery_honours_gitignore_and_excludes(tmp_path):
    for rel in ["a.py", "nb.ipynb", "skip.txt", "gen/x.py", "pkg/keep.py", "pkg/local.py", "node_modules/m.py",
                ".venv/lib/v.py", "build/b.py", "pkg/sub/deep.py", "data/d.py"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x = 1\n")
    (tmp_path / ".gitignore").write_text("gen/\n")
    (tmp_path / "pkg" / ".gitignore").write_text("local.py\n")
    assert names(tmp_path) == ["a.py", "nb.ipynb", "data/d.py", "pkg/keep.py", "pkg/sub/deep.py"]
    assert names(tmp_path, extend_exclude=["data"]) == ["a.py", "nb.ipynb", "pkg/keep.py", "pkg/sub/deep.py"]
    # `exclude` replaces the defaults; .gitignore still applies
    assert "build/b.py" in names(tmp_path, exclude=["node_modules"])
    assert "gen/x.py" not in names(tmp_path, exclude=[])


def test_explicit_files_are_always_checked(tmp_path):
    (tmp_path / ".gitignore").write_text("ignored.py\n")
    (tmp_path / "ignored.py").write_text(BETA)
    result = check_paths([tmp_path / "ignored.py"], Settings())
    assert len(result.diagnostics) == 1
    assert check_paths([tmp_path], Settings()).files == []


def test_libcst_is_imported_only_when_a_file_needs_parsing(tmp_path):
    (tmp_path / "plain.py").write_text("import os\nprint(os.getcwd())\n")
    code = (
        "import sys\nfrom pathlib import Path\nfrom rtmigrate.api import check_paths\nimport rtmigrate.cli\n"
        f"r = check_paths([Path({str(tmp_path)!r})])\nprint(len(r.files), r.files[0].parsed, 'libcst' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1", "False", "False"]


def test_a_check_of_named_files_into_a_pipe_imports_neither_rich_nor_pathspec(tmp_path):
    # the pre-commit case: files named one by one, output captured
    (tmp_path / "voice.py").write_text('import openai\nEVENT = "response.audio.delta"\n')
    code = (
        "import sys\nfrom rtmigrate.cli import main\n"
        f"try:\n    main([\"check\", \"--no-cache\", {str(tmp_path / 'voice.py')!r}])\n"
        "except SystemExit as done:\n"
        "    print('exit', done.code, 'rich' in sys.modules, 'pathspec' in sys.modules, file=sys.stderr)\n"
    )
    quiet = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")}
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=quiet)
    assert "RT101" in ran.stdout
    assert ran.stderr.split() == ["exit", "1", "False", "False"]


def test_processes_give_the_same_result_in_the_same_order(tmp_path):
    for i in range(60):
        (tmp_path / f"m{i:02}.py").write_text(BETA + f"X{i} = 'response.audio.delta'\n")
    one = check_paths([tmp_path], Settings(), jobs=1)
    two = check_paths([tmp_path], Settings(), jobs=2)
    assert [d.to_dict() for d in one.diagnostics] == [d.to_dict() for d in two.diagnostics]
    fixed = check_paths([tmp_path], Settings(), jobs=2, fix=True, write=True)
    assert fixed.summary()["fixed"] == 120
    assert all("response.output_text.delta" in p.read_text() for p in tmp_path.glob("*.py"))


def test_cache_is_used_on_a_warm_run_and_keyed_by_settings(tmp_path):
    (tmp_path / "a.py").write_text(BETA)
    cache = tmp_path / "cache"
    cold = check_paths([tmp_path / "a.py"], Settings(), cache_root=cache)
    warm = check_paths([tmp_path / "a.py"], Settings(), cache_root=cache)
    assert cold.files[0].parsed and not cold.files[0].cached
    assert warm.files[0].cached and not warm.files[0].parsed
    assert [d.to_dict() for d in warm.diagnostics] == [d.to_dict() for d in cold.diagnostics]
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    other = check_paths([tmp_path / "a.py"], Settings(ignore=("RT1",)), cache_root=cache)
    assert other.files[0].parsed and other.diagnostics == []
    # a fix run does not trust a cached entry that has fixes to apply
    fixed = check_paths([tmp_path / "a.py"], Settings(), cache_root=cache, fix=True, write=True)
    assert fixed.files[0].parsed and "response.output_text.delta" in (tmp_path / "a.py").read_text()


def test_a_cached_result_that_used_an_imported_sender_is_made_again_when_the_sender_changes(tmp_path):
    """`main.py` gives `configure` of `client.py` a session: a finding while `configure`
    only sends it (`core.senders`), none once it does more with it."""
    client = tmp_path / "client.py"
    sends = 'import json\n\n\nasync def configure(ws, session):\n    await ws.send(json.dumps({"type": "session.update", "session": session}))\n'
    client.write_text(sends)
    main_py = tmp_path / "main.py"
    main_py.write_text('import openai\nfrom client import configure\n\n\nasync def go(ws):  # its session.update\n    await configure(ws, {"voice": "ash"})\n')
    cache = tmp_path / "cache"
    first = check_paths([main_py], Settings(), cache_root=cache)
    assert [d.code for d in first.diagnostics] == ["RT301"]
    client.write_text(sends.replace("    await ws.send", "    print(session['voice'])\n    await ws.send"))
    forget_project()
    again = check_paths([main_py], Settings(), cache_root=cache)
    assert again.files[0].parsed and [d.code for d in again.diagnostics] == []


def test_cache_written_by_other_code_of_the_same_version_is_not_read(tmp_path, monkeypatch):
    """Between releases the version stays; a result is still read only by the code that made it."""
    from rtmigrate.core import cache as cache_module

    (tmp_path / "a.py").write_text(BETA)
    cache = tmp_path / "cache"
    cold = check_paths([tmp_path / "a.py"], Settings(), cache_root=cache)
    assert cold.diagnostics
    for entry in cache.glob("*/*/*.json"):  # what older code might have said of the file: nothing
        held = json.loads(entry.read_text())
        if isinstance(held, dict) and "diagnostics" in held:
            entry.write_text(json.dumps({**held, "diagnostics": []}))
    same = check_paths([tmp_path / "a.py"], Settings(), cache_root=cache)
    assert same.files[0].cached and same.diagnostics == []
    monkeypatch.setattr(cache_module, "code_digest", lambda: "changed")
    changed = check_paths([tmp_path / "a.py"], Settings(), cache_root=cache)
    assert changed.files[0].parsed and [d.to_dict() for d in changed.diagnostics] == [d.to_dict() for d in cold.diagnostics]


def test_cli_cache_and_no_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RTMIGRATE_CACHE_DIR", str(tmp_path / "c"))
    (tmp_path / "a.py").write_text(BETA)
    runner = CliRunner()
    first = json.loads(runner.invoke(main, ["check", "--output-format", "json", str(tmp_path / "a.py")]).stdout)
    second = json.loads(runner.invoke(main, ["check", "--output-format", "json", str(tmp_path / "a.py")]).stdout)
    third = json.loads(runner.invoke(main, ["check", "--no-cache", "--output-format", "json", str(tmp_path / "a.py")]).stdout)
    assert (first["summary"]["cached"], second["summary"]["cached"], third["summary"]["cached"]) == (0, 1, 0)
    assert first["diagnostics"] == second["diagnostics"] == third["diagnostics"]


def test_statistics(tmp_path):
    (tmp_path / "a.py").write_text(BETA + 'M = "gpt-4o-realtime-preview"\nN = "response.audio.delta"\n')
    out = CliRunner().invoke(main, ["check", "--no-cache", "--statistics", str(tmp_path)]).stdout
    assert out.splitlines()[:2] == ["2  RT101  beta-event-name (breaks) [*]", "1  RT501  preview-model (leftover)"]


def test_prefilter_never_skips_a_file_with_findings():
    """Every fixture and example with a finding passes the prefilter (so a new
    rule that needs a new trigger word fails here, not silently in the field)."""
    from fixture_cases import ROOT, cases

    from rtmigrate import check_source
    from rtmigrate.api import worth_parsing

    for path in [*cases(), *(ROOT / "examples").iterdir()]:
        data = path.read_bytes()
        if check_source(data.decode("utf-8"), path.name):
            assert worth_parsing(data, path), f"{path.name} has findings but the prefilter skips it"



@given(st.lists(st.one_of(st.binary(max_size=12), st.sampled_from([w for w in trigger_words()] + [w.upper()[:-1] for w in trigger_words()] + [b"realtime", b"response.", b"session", b"beta"])), max_size=6))
def test_gated_prefilter_answers_as_the_plain_word_search(pieces):
    """Looking for the gates first answers exactly what searching every word answers."""
    data = b" ".join(pieces)
    assert worth_parsing(data) == any(word in data.lower() for word in trigger_words())


def test_configuration_files_are_read_in_folders_only_when_asked(tmp_path):
    """A directory scan reads configuration, shell and HTTP files with `configs`
    (as `--configs`); a file named on the command line is always read."""
    env = tmp_path / "voice.env"
    env.write_text("OPENAI_REALTIME_MODEL=gpt-4o-realtime-preview\n", encoding="utf-8")
    script = tmp_path / "token.sh"
    script.write_text('curl -H "OpenAI-Beta: realtime=v1" https://api.openai.com/v1/realtime/client_secrets\n', encoding="utf-8")
    assert check_paths([tmp_path], Settings()).diagnostics == []
    found = check_paths([tmp_path], Settings(configs=True)).diagnostics
    assert sorted((Path(d.path).name, d.code) for d in found) == [("token.sh", "RT401"), ("voice.env", "RT501")]
    assert [d.code for d in check_paths([env], Settings()).diagnostics] == ["RT501"]


def test_a_configuration_fix_keeps_every_byte_outside_its_edit(tmp_path):
    text = "# keep   this\r\nOPENAI_REALTIME_MODEL=gpt-4o-realtime-preview  # trailing\r\nOTHER=\tx\r\n"
    env = tmp_path / "voice.env"
    env.write_bytes(text.encode("utf-8"))
    check_paths([env], Settings(), fix=True, unsafe=True, write=True)
    assert env.read_bytes() == text.replace("gpt-4o-realtime-preview", "gpt-realtime-2.1").encode("utf-8")


def test_a_read_of_the_beta_key_alone_is_worth_parsing_and_found(tmp_path):
    # a page that gets its key from its own server: nothing else in it says Realtime
    (tmp_path / "page.ts").write_text(
        'export async function key(): Promise<string> {\n  const data = await (await fetch("/session")).json();\n'
        "  return data.client_secret.value;\n}\n",
        encoding="utf-8",
    )
    (tmp_path / "mint.py").write_text("def key(result):\n    return result.client_secret.value\n", encoding="utf-8")
    assert worth_parsing((tmp_path / "page.ts").read_bytes()) and worth_parsing((tmp_path / "mint.py").read_bytes())
    found = {Path(o.path).name: [d.code for d in o.diagnostics] for o in check_paths([tmp_path], Settings()).files}
    assert found == {"page.ts": ["RT307"], "mint.py": ["RT307"]}


def test_the_prefilter_spread_over_processes_gives_the_same_result(tmp_path):
    from rtmigrate.api import PARALLEL_MIN_PREFILTER

    for i in range(PARALLEL_MIN_PREFILTER + 10):
        (tmp_path / f"m{i:03}.py").write_text(BETA if i % 97 == 0 else f"x = {i}\n")
    (tmp_path / "m050.py").write_text(BETA + "# " + "x" * 300 + "\n")  # over the size limit below
    settings = Settings(max_file_size=len(BETA) + 100)
    one = check_paths([tmp_path], settings, jobs=1)
    two = check_paths([tmp_path], settings, jobs=2)
    assert [(f.path, f.parsed, f.error.message if f.error else None) for f in one.files] == \
        [(f.path, f.parsed, f.error.message if f.error else None) for f in two.files]
    assert [d.to_dict() for d in one.diagnostics] == [d.to_dict() for d in two.diagnostics]
    assert sum(f.error is not None for f in two.files) == 1 and sum(f.parsed for f in two.files) == 6


def test_exclude_names_match_as_gitignore_does(tmp_path):
    from pathspec import GitIgnoreSpec

    from rtmigrate.core.files import DEFAULT_EXCLUDES, _Names

    patterns = [*DEFAULT_EXCLUDES, "data", "logs/", "*.gen.py"]
    fast, spec = _Names.of(patterns), GitIgnoreSpec.from_lines(patterns)
    assert fast is not None and _Names.of(["pkg/sub"]) is None and _Names.of(["!keep.py"]) is None
    for name in ["venv", ".venv", "build", "x.egg-info", "app.min.js", "data", "logs", "a.gen.py", "main.py", "venvs", "databank"]:
        for is_dir in (False, True):
            assert fast.match(name, is_dir) == spec.match_file(f"top/{name}" + ("/" if is_dir else "")), (name, is_dir)
