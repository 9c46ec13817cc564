"""Project fixtures: folders of modules that are judged together.

`fixtures/projects/<case>/` holds a small project; beside each module are its
expected `.fixed.py`, `.unsafe.py` and `.expect` files, as for single-file
fixtures. The project is checked as a whole, and each module alone (as
pre-commit passes them), with the same results."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest

from fixture_cases import FIXTURES, LANGUAGES, _is_output, expected_paths
from rtmigrate import Settings
from rtmigrate.api import check_paths, forget_project

PROJECTS = FIXTURES / "projects"


def _modules(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in LANGUAGES and not _is_output(p))


def _copy(case: Path, into: Path) -> Path:
    target = into / case.name
    shutil.copytree(case, target, ignore=shutil.ignore_patterns("*.fixed.*", "*.unsafe.*", "*.expect"))
    return target


def _expected(module: Path, kind: str) -> str:
    path = expected_paths(module)[kind]
    if path.exists():
        return path.read_text(encoding="utf-8")
    if kind == "unsafe":
        return _expected(module, "fixed")
    return module.read_text(encoding="utf-8") if kind == "fixed" else ""


def _findings(result, root: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for outcome in result.files:
        rel = Path(outcome.path).relative_to(root).as_posix()
        out[rel] = "".join(f"{d.line}:{d.column} {d.code}\n" for d in sorted(outcome.diagnostics, key=lambda d: d.sort_key))
    return out


CASES = sorted(p for p in PROJECTS.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_project_fixture(case, tmp_path):
    root = _copy(case, tmp_path)
    settings = Settings()
    found = _findings(check_paths([root], settings), root)
    fixed = {Path(o.path).relative_to(root).as_posix(): o.new_text for o in check_paths([root], settings, fix=True).files}
    unsafe = {Path(o.path).relative_to(root).as_posix(): o.new_text for o in check_paths([root], settings, fix=True, unsafe=True).files}
    for module in _modules(case):
        rel = module.relative_to(case).as_posix()
        source = module.read_text(encoding="utf-8")
        assert found.get(rel, "") == _expected(module, "expect"), f"{rel}: findings differ"
        assert (fixed.get(rel) or source) == _expected(module, "fixed"), f"{rel}: --fix differs"
        assert (unsafe.get(rel) or source) == _expected(module, "unsafe"), f"{rel}: --fix --unsafe-fixes differs"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_a_module_checked_alone_gets_the_answer_of_the_whole_scan(case, tmp_path):
    root = _copy(case, tmp_path)
    settings = Settings()
    whole = _findings(check_paths([root], settings), root)
    for module in _modules(root):
        alone = _findings(check_paths([module], settings), root)
        rel = module.relative_to(root).as_posix()
        assert alone.get(rel, "") == whole.get(rel, ""), rel


def regenerate() -> None:
    """Rewrite the expected files of every project fixture (read the diff before committing)."""
    import tempfile

    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            root = _copy(case, Path(tmp))
            settings = Settings()
            found = _findings(check_paths([root], settings), root)
            fixed = {Path(o.path).relative_to(root).as_posix(): o.new_text for o in check_paths([root], settings, fix=True).files}
            unsafe = {Path(o.path).relative_to(root).as_posix(): o.new_text for o in check_paths([root], settings, fix=True, unsafe=True).files}
            for module in _modules(case):
                rel = module.relative_to(case).as_posix()
                source = module.read_text(encoding="utf-8")
                paths = expected_paths(module)
                outputs = {"expect": found.get(rel, ""), "fixed": fixed.get(rel) or source}
                outputs["unsafe"] = unsafe.get(rel) or outputs["fixed"]
                same_as = {"expect": "", "fixed": source, "unsafe": outputs["fixed"]}
                for kind, text in outputs.items():
                    path = paths[kind]
                    if text == same_as[kind]:
                        path.unlink(missing_ok=True)
                    else:
                        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    regenerate()


def test_an_import_that_climbs_past_the_root_is_not_found():
    """A module in a folder right under `/` with `from ... import x` (deeper
    than the folders above it): the import is not found, and the module is
    checked like any other, not reported as an internal error."""
    folder = Path(tempfile.mkdtemp(dir="/"))  # a folder right under the file system's root
    try:
        module = folder / "handlers.py"
        module.write_text('from ... import events\nimport openai\nEVENT = "response.audio.delta"\n', encoding="utf-8")
        result = check_paths([module], Settings())
        assert not result.errors
        assert [d.code for d in result.diagnostics] == ["RT101"]
    finally:
        shutil.rmtree(folder)


def test_a_js_protocol_module_is_judged_like_its_python_twin(tmp_path):
    """`twin_js` and `twin_py` are one app in two languages: a handlers module that
    never names the API, imported by a bridge that opens the Realtime socket. The
    handlers get the same findings and the same fixes in both."""
    found = {}
    for name in ("twin_js", "twin_py"):
        root = _copy(PROJECTS / name, tmp_path)
        result = check_paths([root], Settings())
        handlers = next(o for o in result.files if Path(o.path).stem == "handlers")
        check_paths([root], Settings(), fix=True, write=True)
        fixed = next(p for p in root.iterdir() if p.stem == "handlers").read_text(encoding="utf-8")
        found[name] = ([(d.code, d.message) for d in handlers.diagnostics], re.findall(r'"(response\.[\w.]+)"', fixed))
    assert found["twin_js"] == found["twin_py"]
    assert [code for code, _ in found["twin_js"][0]] == ["RT101"] * 3


def test_a_js_module_imported_through_a_tsconfig_alias_is_judged_with_its_importer(tmp_path):
    """`tsalias` imports its protocol module as `@/realtime/protocol` (tsconfig `paths`):
    the module is judged with the socket module that names the API, and without the
    alias table it would be protocol code that nothing attributes to OpenAI."""
    root = _copy(PROJECTS / "tsalias", tmp_path)
    protocol = root / "src" / "realtime" / "protocol.ts"
    with_alias = _findings(check_paths([protocol], Settings()), root)["src/realtime/protocol.ts"]
    assert with_alias.split() == ["2:28", "RT101", "3:33", "RT101", "4:26", "RT101"]
    (root / "tsconfig.json").unlink()
    forget_project()
    without = _findings(check_paths([protocol], Settings()), root)["src/realtime/protocol.ts"]
    assert without.split() == ["1:1", "RT407"]


@pytest.mark.parametrize("suffix", [".py", ".ts"])
def test_one_shared_name_counts_where_the_module_imports_the_protocol_module(tmp_path, suffix):
    """`replay` tests recorded server events from `recorded` (a protocol module) against
    `response.audio.delta`, a name the Responses API shares: importing the module it tests
    makes it Realtime code, so its test moves with the recorded events. A module beside
    them that imports nothing of theirs and says the same name is left alone."""
    if suffix == ".py":
        recorded = (
            'EVENTS = [{"type": "input_audio_buffer.committed"}, {"type": "response.audio.delta", "delta": ""},\n'
            '          {"type": "response.text.done", "text": ""}, {"type": "rate_limits.updated"}]\n'
        )
        replay = 'from recorded import EVENTS\n\ndef audio():\n    return [e for e in EVENTS if e["type"] == "response.audio.delta"]\n'
        bus = 'def on(event):\n    return event["type"] == "response.audio.delta"\n'
    else:
        recorded = (
            'export const EVENTS = [{ type: "input_audio_buffer.committed" }, { type: "response.audio.delta", delta: "" },\n'
            '  { type: "response.text.done", text: "" }, { type: "rate_limits.updated" }];\n'
        )
        replay = 'import { EVENTS } from "./recorded";\nexport const audio = () => EVENTS.filter((e) => e.type === "response.audio.delta");\n'
        bus = 'export const on = (event: { type: string }) => event.type === "response.audio.delta";\n'
    socket = 'URL = "wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1"\n' if suffix == ".py" else 'export const URL = "wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1";\n'
    for name, text in (("recorded", recorded), ("replay", replay), ("bus", bus), ("socket", socket)):
        (tmp_path / f"{name}{suffix}").write_text(text, encoding="utf-8")
    found = {Path(o.path).stem: [d.code for d in o.diagnostics] for o in check_paths([tmp_path], Settings()).files}
    assert found["replay"] == ["RT101"]
    assert found.get("bus", []) == []


def test_a_project_that_keeps_beta_types_runs_its_checks_after_the_fix(tmp_path):
    """Where one module keeps beta types it builds, the module that tests their
    objects keeps them too, and the server events' union loses the class of its
    own that GA's has: the project's own checks pass before the fix and after it."""
    import subprocess
    import sys

    root = _copy(PROJECTS / "kept_types", tmp_path)
    run = lambda: subprocess.run([sys.executable, "test_convert.py"], cwd=root, capture_output=True, text=True, timeout=60)  # noqa: E731
    before = run()
    assert before.returncode == 0, before.stderr
    for outcome in check_paths([root], Settings(), fix=True).files:
        if outcome.changed:
            Path(outcome.path).write_text(outcome.new_text, encoding="utf-8")
    assert "from openai.types.realtime.realtime_server_event import" in (root / "convert.py").read_text(encoding="utf-8")
    after = run()
    assert after.returncode == 0, after.stderr


@pytest.mark.parametrize("top", ["", "README.md", ".git"])
def test_a_page_is_judged_by_its_own_repository_not_by_checkouts_beside_it(tmp_path, top):
    """A page that names no API is OpenAI code when the projects of its own repository
    talk to OpenAI (`relayed_page`). A folder that merely holds checkouts side by side
    is no repository: the relay's checkout beside the page's says nothing of it. A
    README (or `.git`) in the folder above shows one repository; a `.git` in the page's
    own project shows it is a repository's top."""
    case = PROJECTS / "relayed_page"
    shutil.copytree(case / "server", tmp_path / "relay", ignore=shutil.ignore_patterns("*.fixed.*", "*.unsafe.*", "*.expect"))
    page = tmp_path / "page"
    shutil.copytree(case / "webapp", page, ignore=shutil.ignore_patterns("*.fixed.*", "*.unsafe.*", "*.expect"))
    if top == "README.md":
        (tmp_path / top).write_text("# the app\n", encoding="utf-8")
    elif top == ".git":
        (tmp_path / top).mkdir()
        (page / top).mkdir()
    forget_project()
    codes = [d.code for d in check_paths([page], Settings()).diagnostics]
    assert codes == (["RT101"] if top == "README.md" else ["RT407"])


def test_a_test_that_fakes_the_key_call_moves_with_the_code_it_tests(tmp_path):
    """The app's test fakes the beta key call and its answer: after `--fix`, and
    after `--fix --unsafe-fixes`, the test still passes; the route moved without
    its test's fake would fail it."""
    import subprocess
    import sys

    def run(root: Path) -> subprocess.CompletedProcess:
        script = "import asyncio\nfrom tests.test_token import test_token_hands_the_key_on as t\nasyncio.run(t())\n"
        return subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=60)

    def fix(root: Path, unsafe: bool, only: str | None = None) -> set[str]:
        changed = set()
        for outcome in check_paths([root], Settings(), fix=True, unsafe=unsafe).files:
            rel = Path(outcome.path).relative_to(root).as_posix()
            if outcome.changed and (only is None or rel == only):
                Path(outcome.path).write_text(outcome.new_text, encoding="utf-8")
                changed.add(rel)
        return changed

    root = _copy(PROJECTS / "patched_test", tmp_path / "whole")
    assert run(root).returncode == 0, run(root).stderr
    assert fix(root, unsafe=False) == set()  # the route waits for its test
    assert fix(root, unsafe=True) == {"voice/routes.py", "tests/test_token.py"}
    after = run(root)
    assert after.returncode == 0, after.stderr
    assert "client.realtime.client_secrets.create = AsyncMock(return_value=answer)" in (root / "tests/test_token.py").read_text(encoding="utf-8")

    alone = _copy(PROJECTS / "patched_test", tmp_path / "alone")
    assert fix(alone, unsafe=True, only="voice/routes.py") == {"voice/routes.py"}
    assert run(alone).returncode != 0


def test_a_flat_project_s_test_of_what_it_sends_keeps_passing_after_the_safe_fix(tmp_path):
    """`app.py` beside `tests/test_app.py`, which reads back the session `configure`
    sends (`session["input_audio_format"]`). The test is the app's partner: `--fix`
    alone leaves the app as it was, so the test still passes; moving the session
    without it would fail the test with a `KeyError`."""
    import subprocess
    import sys

    def run(root: Path) -> subprocess.CompletedProcess:
        script = "from tests.test_app import test_configure_sends_the_voice_and_format as t\nt()\n"
        return subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=60)

    root = _copy(PROJECTS / "tested_sender", tmp_path)
    assert run(root).returncode == 0, run(root).stderr
    forget_project()
    for outcome in check_paths([root], Settings(), fix=True).files:
        if outcome.changed:
            Path(outcome.path).write_text(outcome.new_text, encoding="utf-8")
    after = run(root)
    assert after.returncode == 0, after.stderr


def test_a_quiet_caller_of_a_sender_through_a_relative_import_moves_with_it(tmp_path):
    """`sender_quiet_caller` as a package: `main.py` imports the client as `from .client
    import VoiceClient` and names nothing else of the protocol. Its session is found and
    fixed with the client's protocol, never left beta beside a client moved to GA."""
    package = tmp_path / "app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    case = PROJECTS / "sender_quiet_caller"
    (package / "client.py").write_text((case / "client.py").read_text(encoding="utf-8"))
    main_text = (case / "main.py").read_text(encoding="utf-8").replace("from client import", "from .client import")
    (package / "main.py").write_text(main_text)
    found = _findings(check_paths([tmp_path], Settings()), tmp_path)
    assert found["app/main.py"] == (case / "main.expect").read_text(encoding="utf-8")
    fixed = {Path(o.path).name: o.new_text for o in check_paths([tmp_path], Settings(), fix=True).files if o.new_text}
    assert fixed["main.py"] == _expected(case / "main.py", "fixed").replace("from client import", "from .client import")
    assert fixed["client.py"] == _expected(case / "client.py", "fixed")
