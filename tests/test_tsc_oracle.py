"""The migrated TypeScript fixtures type-check against the pinned `openai`
npm package: every GA module, class, method, event name and payload shape
rtmigrate writes is one the package declares.

The packages are installed from the npm registry into a throwaway folder
(`RTMIGRATE_NPM_DIR`, which CI fills; otherwise one under pytest's cache).
Without Node the test says so and is skipped, except in CI (`CI=true`),
where it must run."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from fixture_cases import FIXTURES, cases, expected

TSCONFIG = {
    "compilerOptions": {
        "target": "es2022", "module": "esnext", "moduleResolution": "bundler", "lib": ["es2022", "dom"],
        "jsx": "react-jsx", "strict": True, "noEmit": True, "skipLibCheck": True, "types": ["node"],
    },
    "include": ["src/**/*"],
}
TS_CASES = [c for c in cases() if c.suffix in (".ts", ".tsx") and c.is_relative_to(FIXTURES / "js")]


def tsc(folder: Path, files: dict[str, str]) -> subprocess.CompletedProcess:
    """Type-check ``files`` (name → text) as one project inside ``folder``."""
    src = folder / "src"
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir()
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    (folder / "tsconfig.json").write_text(json.dumps(TSCONFIG), encoding="utf-8")
    compiler = folder / "node_modules" / "typescript" / "bin" / "tsc"
    return subprocess.run(["node", str(compiler), "-p", str(folder / "tsconfig.json")], capture_output=True, text=True, timeout=600)


def test_migrated_typescript_fixtures_type_check(npm_dir):
    assert TS_CASES, "no TypeScript fixtures"
    files = {case.relative_to(FIXTURES / "js").as_posix().replace("/", "__"): expected(case)["unsafe"] for case in TS_CASES}
    done = tsc(npm_dir, files)
    assert done.returncode == 0, done.stdout + done.stderr


_ERROR = re.compile(r"src/([^(]+)\(\d+,\d+\): error (TS\d+)")


def _errors(done: subprocess.CompletedProcess) -> dict[str, set[str]]:
    """File → the codes of the type errors `tsc` found in it."""
    found: dict[str, set[str]] = {}
    for name, code in _ERROR.findall(done.stdout):
        found.setdefault(name, set()).add(code)
    return found


def test_a_safe_fix_of_a_typescript_fixture_adds_no_type_error(npm_dir):
    """A safe fix must leave a program that still type-checks: `--fix` alone adds no
    error to any TypeScript fixture (a few are fragments that do not type-check
    as they are; those may keep their own errors, and gain none)."""
    name = lambda case: case.relative_to(FIXTURES / "js").as_posix().replace("/", "__")  # noqa: E731
    before = _errors(tsc(npm_dir, {name(case): case.read_text(encoding="utf-8") for case in TS_CASES}))
    after = _errors(tsc(npm_dir, {name(case): expected(case)["fixed"] for case in TS_CASES}))
    added = {f: codes - before.get(f, set()) for f, codes in after.items() if codes - before.get(f, set())}
    assert not added, added


def test_the_oracle_rejects_beta_shapes_on_ga_classes(npm_dir):
    """A beta session sent through the GA client, and a beta event name on it, do not type-check."""
    beta = (
        'import { OpenAIRealtimeWS } from "openai/realtime/ws";\n'
        'const rt = new OpenAIRealtimeWS({ model: "gpt-realtime-2.1" });\n'
        'rt.send({ type: "session.update", session: { type: "realtime", modalities: ["text"] } });\n'
        'rt.on("response.text.delta", (e) => e.delta);\n'
    )
    done = tsc(npm_dir, {"beta.ts": beta})
    assert done.returncode != 0
    assert "modalities" in done.stdout and "response.text.delta" in done.stdout


def test_the_node_sdk_table_is_generated_from_the_pinned_package(npm_dir):
    """`tables/node_sdk_types.py` says what the pinned npm package exports (rerun
    scripts/generate_node_sdk.py when the pin moves)."""
    import sys

    script = Path(__file__).resolve().parent.parent / "scripts" / "generate_node_sdk.py"
    done = subprocess.run([sys.executable, str(script), str(npm_dir / "node_modules" / "openai"), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_module_renames_name_modules_both_versions_ship(npm_dir):
    """Every beta entry point rtmigrate rewrites exists in the package, and so does its GA one, exporting the same classes."""
    from rtmigrate.core.tables.node_sdk import MODULE_RENAMES

    package = npm_dir / "node_modules" / "openai"
    for beta, ga in MODULE_RENAMES.items():
        old = package / (beta.removeprefix("openai/") + ".d.ts")
        new = package / (ga.removeprefix("openai/") + ".d.ts")
        if not old.exists():  # `openai/beta/realtime` is a folder: its index
            old, new = old.with_suffix("").with_suffix("") / "index.d.ts", new.with_suffix("").with_suffix("") / "index.d.ts"
        assert old.exists() and new.exists(), (beta, ga)
        classes = set(re.findall(r"export declare class (\w+)", old.read_text()))
        assert classes <= set(re.findall(r"export (?:declare class|\{) ?(\w+)", new.read_text())), (beta, ga)


APP = FIXTURES / "projects" / "tsapp"
BETA_LEFT = re.compile(
    r"OpenAI-Beta|realtime-preview|\.beta\.realtime|https://api\.openai\.com/v1/realtime\?|client_secret\.|"
    r"\"response\.(?:text|audio|audio_transcript)\.|\binput_audio_format\b|\boutput_audio_format\b|(?<!output_)\bmodalities\b"
)


def _app(folder: Path, root: Path) -> subprocess.CompletedProcess:
    src = folder / "src"
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(root, src, ignore=shutil.ignore_patterns("*.fixed.*", "*.unsafe.*", "*.expect"))
    (folder / "tsconfig.json").write_text(json.dumps(TSCONFIG), encoding="utf-8")
    compiler = folder / "node_modules" / "typescript" / "bin" / "tsc"
    return subprocess.run(["node", str(compiler), "-p", str(folder / "tsconfig.json")], capture_output=True, text=True, timeout=600)


def test_a_multi_file_app_type_checks_before_and_after_its_migration(npm_dir, tmp_path):
    """`fixtures/projects/tsapp`: a token server, a React WebRTC hook, a shared event module
    and a phone bridge, written against the beta. It type-checks against the
    pinned SDK as it is, and again after `--fix --unsafe-fixes`, with no beta
    name left in any file (the shared module is judged with its importers)."""
    from click.testing import CliRunner

    from rtmigrate.cli import main

    before = _app(npm_dir, APP)
    assert before.returncode == 0, before.stdout + before.stderr
    app = tmp_path / "tsapp"
    shutil.copytree(APP, app, ignore=shutil.ignore_patterns("*.fixed.*", "*.unsafe.*", "*.expect"))
    CliRunner().invoke(main, ["check", "--fix", "--unsafe-fixes", "--no-cache", str(app)])
    left = {p.relative_to(app).as_posix(): BETA_LEFT.findall(p.read_text(encoding="utf-8")) for p in app.rglob("*.ts")}
    assert not any(left.values()), left
    after = _app(npm_dir, app)
    assert after.returncode == 0, after.stdout + after.stderr


TS_PROJECTS = sorted(p for p in (FIXTURES / "projects").iterdir() if p.is_dir() and any(
    q.suffix in (".ts", ".tsx") and ".fixed." not in q.name and ".unsafe." not in q.name for q in p.rglob("*")
))


@pytest.mark.parametrize("case", TS_PROJECTS, ids=lambda p: p.name)
def test_a_safe_fix_of_a_typescript_project_adds_no_type_error(npm_dir, tmp_path, case):
    """A project fixture gains no type error from `--fix` alone, its modules judged
    together (those that do not type-check as they are, for a package the tests do
    not install, keep their own errors and gain none)."""
    from click.testing import CliRunner

    from rtmigrate.cli import main

    before = _errors(_app(npm_dir, case))
    app = tmp_path / case.name
    shutil.copytree(case, app, ignore=shutil.ignore_patterns("*.fixed.*", "*.unsafe.*", "*.expect"))
    CliRunner().invoke(main, ["check", "--fix", "--no-cache", str(app)])
    after = _errors(_app(npm_dir, app))
    added = {f: codes - before.get(f, set()) for f, codes in after.items() if codes - before.get(f, set())}
    assert not added, added


VOCAB = FIXTURES / "projects" / "tsvocab"


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_an_apps_own_event_types_move_with_the_objects_and_names_made_from_them(npm_dir, tmp_path, unsafe):
    """`fixtures/projects/tsvocab`: the app declares its server events as types
    (a union, a map, interfaces), derives `server.${name}` from them in another
    module, and keys a handler map by `keyof` that map. Each fix, safe alone
    or with the unsafe ones, renames the types, the derived names and the
    map's keys together, so the app type-checks after it as before."""
    from click.testing import CliRunner

    from rtmigrate.cli import main

    before = _app(npm_dir, VOCAB)
    assert before.returncode == 0, before.stdout + before.stderr
    app = tmp_path / "tsvocab"
    shutil.copytree(VOCAB, app, ignore=shutil.ignore_patterns("*.fixed.*", "*.unsafe.*", "*.expect"))
    CliRunner().invoke(main, ["check", "--fix", "--no-cache", *(["--unsafe-fixes"] if unsafe else []), str(app)])
    left = {p.name: BETA_LEFT.findall(p.read_text(encoding="utf-8")) + re.findall(r"server\.response\.audio", p.read_text(encoding="utf-8")) for p in app.rglob("*.ts")}
    assert not any(left.values()), left
    after = _app(npm_dir, app)
    assert after.returncode == 0, after.stdout + after.stderr


@pytest.mark.parametrize(
    "name, flags, gone",
    [
        ("raw_messages.test.mjs", [], '"type": "response.text.delta"'),
        ("tests_follow.test.mjs", ["--unsafe-fixes"], '"OpenAI-Beta": "realtime=v1"'),
        ("tests_follow.test.mjs", ["--unsafe-fixes"], "session: { id"),
    ],
)
def test_a_node_program_with_its_own_checks_runs_after_its_fix(npm_dir, name, flags, gone):
    """Code and the checks it runs on itself (raw messages it replays, the headers it
    sends, a fake of the server's session) move together: the program runs, under
    Node with the pinned package, before the fix and after it."""
    from click.testing import CliRunner

    from rtmigrate.cli import main

    program = npm_dir / name  # beside node_modules, so `openai` resolves
    shutil.copy(FIXTURES / "js" / name, program)
    try:
        run = lambda: subprocess.run(["node", str(program)], capture_output=True, text=True, timeout=120)  # noqa: E731
        before = run()
        assert before.returncode == 0, before.stderr
        CliRunner().invoke(main, ["check", "--fix", "--no-cache", *flags, str(program)])
        assert gone not in program.read_text(encoding="utf-8")
        after = run()
        assert after.returncode == 0, after.stderr
    finally:
        program.unlink()


APART = FIXTURES / "projects" / "tstypes_apart"


def test_event_types_declared_apart_move_with_the_handler_that_compares_them(npm_dir, tmp_path):
    """`fixtures/projects/tstypes_apart`: the app's event types sit in a module that
    names no API, imported by a handler that compares event names, imported in
    turn by the module that connects to OpenAI. The safe fix renames the types
    with the comparisons, so the app still type-checks (renaming the comparisons
    alone would not: TS2367, no overlap)."""
    from click.testing import CliRunner

    from rtmigrate.cli import main

    before = _app(npm_dir, APART)
    assert before.returncode == 0, before.stdout + before.stderr
    app = tmp_path / "tstypes_apart"
    shutil.copytree(APART, app, ignore=shutil.ignore_patterns("*.fixed.*", "*.unsafe.*", "*.expect"))
    CliRunner().invoke(main, ["check", "--fix", "--no-cache", str(app)])
    assert "response.output_text.delta" in (app / "types" / "events.ts").read_text(encoding="utf-8")
    after = _app(npm_dir, app)
    assert after.returncode == 0, after.stdout + after.stderr


def test_a_project_whose_handler_takes_both_names_still_type_checks_after_its_fix(npm_dir, tmp_path):
    """`handler.ts` accepts both audio event names from `events.ts`'s union type. A
    rename of the beta member there alone would leave `case "response.audio.delta"`
    comparing with no member of the union: a type error. After `--fix` and after
    `--fix --unsafe-fixes`, the project type-checks as it did before."""
    from rtmigrate import Settings
    from rtmigrate.api import check_paths, forget_project

    case = FIXTURES / "projects" / "taken_js"
    before = {p.name: p.read_text(encoding="utf-8") for p in sorted(case.glob("*.ts"))}
    assert tsc(npm_dir, before).returncode == 0
    for unsafe in (False, True):
        root = tmp_path / f"unsafe-{unsafe}"
        shutil.copytree(case, root, ignore=shutil.ignore_patterns("*.expect"))
        forget_project()
        after = {Path(o.path).name: o.new_text for o in check_paths([root], Settings(), fix=True, unsafe=unsafe).files}
        done = tsc(npm_dir, after)
        assert done.returncode == 0, done.stdout + done.stderr
