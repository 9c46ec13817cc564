"""Benchmarks for rtmigrate, printed as ratios measured in one run.

    python bench/run.py            # needs rtmigrate installed, and ruff for (a)

(a) `rtmigrate check` vs `ruff check --select E9,F` on this interpreter's
    standard library (no Realtime code): goal <= 0.6.
(b) a dense corpus (the examples and fixtures copied to 2,000 files):
    rtmigrate on one process vs a bare libcst parse of the same files (goal
    <= 2.0), and two processes vs one (goal >= 1.7x faster). For scale, the
    engine with no rules selected (reading, Python's parse, libcst's parse and
    the one traversal) is measured against the bare parse too.
(c) a warm re-run with the results cache vs the cold run: goal <= 0.2.
(d) a large tree of JavaScript with no Realtime code (the `typescript` npm
    package) vs a bare tree-sitter parse of it: goal <= 0.2.
(e) a dense JS/TS corpus (the JS fixtures copied to 2,000 files) vs a bare
    tree-sitter parse: goal <= 3.0.
(f) one changed file, as a pre-commit hook checks it (Python, then
    TypeScript), vs `python -c "import libcst"`: goal <= 1.3.

Every command runs with bytecode written ahead, as an installed package has
it (pip compiles on install): the measured processes do not compile modules.

Each figure is the best of three runs, the commands of a row taking turns;
peak memory is the largest resident set of the measured process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3


def _once(cmd: list[str], env: dict | None) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def measure(*commands: tuple[list[str], dict | None]) -> list[tuple[float, float]]:
    """(seconds, peak MiB) of each (command, env), best of RUNS. The commands
    take turns, so that a slow spell of the machine falls on all of them."""
    best = [(float("inf"), 0.0) for _ in commands]
    for _ in range(RUNS):
        for i, (cmd, env) in enumerate(commands):
            seconds, peak = _once(cmd, env)
            best[i] = (min(best[i][0], seconds), max(best[i][1], peak))
    return best


def with_bytecode() -> dict:
    """The environment for every measured command: the package and its
    dependencies compiled ahead (as `pip install` leaves them), and nothing
    that would stop a process from reading that bytecode."""
    import compileall
    import rtmigrate

    compileall.compile_dir(str(Path(rtmigrate.__file__).parent), quiet=1)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return env


def rtmigrate(*args: str) -> list[str]:
    return [sys.executable, "-m", "rtmigrate", "check", *args]


def dense_corpus(folder: Path, count: int = 2000) -> None:
    sources = [p for p in (ROOT / "examples").glob("*.py")]
    sources += [p for p in (ROOT / "fixtures").rglob("*.py") if not p.name.endswith((".fixed.py", ".unsafe.py"))]
    for i in range(count):
        src = sources[i % len(sources)]
        # a line of its own makes each copy unique, so the cache cannot share results between copies
        text = src.read_text(encoding="utf-8") + f"\n# copy {i}\n"
        (folder / f"m{i:04}_{src.name}").write_text(text, encoding="utf-8")


BARE_PARSE = (
    "import sys, pathlib, libcst\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.py')):\n"
    "    libcst.parse_module(p.read_text(encoding='utf-8'))\n"
)


JS_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")
BARE_TS_PARSE = (
    "import sys, pathlib, tree_sitter as ts, tree_sitter_javascript as js, tree_sitter_typescript as tsx\n"
    "langs = {'js': ts.Language(js.language()), 'ts': ts.Language(tsx.language_typescript()), 'tsx': ts.Language(tsx.language_tsx())}\n"
    "parsers = {k: ts.Parser(v) for k, v in langs.items()}\n"
    "kind = lambda p: 'tsx' if p.suffix == '.tsx' else 'ts' if p.suffix in ('.ts', '.mts', '.cts') else 'js'\n"
    f"for p in sorted(q for q in pathlib.Path(sys.argv[1]).rglob('*') if q.suffix in {JS_SUFFIXES!r}):\n"
    "    parsers[kind(p)].parse(p.read_bytes())\n"
)
TYPESCRIPT_PACKAGE = "typescript@5.9.3"


def dense_js_corpus(folder: Path, count: int = 2000) -> None:
    sources = [
        p for p in (ROOT / "fixtures" / "js").rglob("*")
        if p.suffix in JS_SUFFIXES and not any(p.name.endswith(f".{k}{p.suffix}") for k in ("fixed", "unsafe"))
    ]
    for i in range(count):
        src = sources[i % len(sources)]
        (folder / f"m{i:04}_{src.name}").write_text(src.read_text(encoding="utf-8") + f"\n// copy {i}\n", encoding="utf-8")


def typescript_tree(folder: Path) -> Path | None:
    """The files of the `typescript` npm package, or None without npm."""
    npm = shutil.which("npm")
    if npm is None:
        return None
    done = subprocess.run([npm, "pack", TYPESCRIPT_PACKAGE, "--silent"], cwd=folder, capture_output=True, text=True)
    if done.returncode != 0:
        return None
    subprocess.run(["tar", "xzf", done.stdout.strip().splitlines()[-1]], cwd=folder, check=True)
    return folder / "package"


def row(name: str, value: float, goal: str, peaks: str) -> None:
    print(f"{name:<58} {value:6.2f}   goal {goal:<8} {peaks}")


def main() -> int:
    stdlib = sysconfig.get_paths()["stdlib"]
    plain = with_bytecode()
    env = {**plain, "RTMIGRATE_CACHE_DIR": tempfile.mkdtemp(prefix="rtm-bench-cache-")}
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores; best of {RUNS} runs\n")

    ruff = shutil.which("ruff")
    if ruff:
        (ours, our_mem), (theirs, their_mem) = measure(
            (rtmigrate("--no-cache", stdlib), env),
            ([ruff, "check", "--no-cache", "--select", "E9,F", "--exit-zero", "--quiet", stdlib], plain),
        )
        row("(a) rtmigrate / ruff on the standard library", ours / theirs, "<= 0.6",
            f"[{ours:.2f}s vs {theirs:.2f}s; {our_mem:.0f} vs {their_mem:.0f} MiB]")
    else:
        print("(a) skipped: ruff is not installed (pip install ruff)")

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        dense_corpus(corpus)
        # the run with no traversal rules (for scale): reading, both parses and the walk alone
        (one, one_mem), (bare, bare_mem), (two, two_mem), (floor, floor_mem) = measure(
            (rtmigrate("--no-cache", "-j", "1", str(corpus)), env),
            ([sys.executable, "-c", BARE_PARSE, str(corpus)], plain),
            (rtmigrate("--no-cache", "-j", "2", str(corpus)), env),
            (rtmigrate("--no-cache", "-j", "1", "--select", "RT001", str(corpus)), env),
        )
        row("(b) rtmigrate, one process / bare libcst parse", one / bare, "<= 2.0",
            f"[{one:.2f}s vs {bare:.2f}s; {one_mem:.0f} vs {bare_mem:.0f} MiB]")
        row("    for scale: the same with no rules / bare libcst parse", floor / bare, "-",
            f"[{floor:.2f}s; {floor_mem:.0f} MiB]")
        row("(b) speed-up of two processes over one", one / two, ">= 1.7",
            f"[{two:.2f}s; {two_mem:.0f} MiB]")
        cache_env = {**env, "RTMIGRATE_CACHE_DIR": tempfile.mkdtemp(prefix="rtm-bench-warm-")}
        cold, _ = _once(rtmigrate("-j", "1", str(corpus)), cache_env)
        ((warm, warm_mem),) = measure((rtmigrate("-j", "1", str(corpus)), cache_env))
        row("(c) warm re-run with the cache / cold run", warm / cold, "<= 0.2",
            f"[{warm:.2f}s vs {cold:.2f}s; {warm_mem:.0f} MiB]")

    with tempfile.TemporaryDirectory() as tmp:
        tree = typescript_tree(Path(tmp))
        if tree is None:
            print("(d) skipped: npm is not installed or cannot reach the registry")
        else:
            files = sum(1 for p in tree.rglob("*") if p.suffix in JS_SUFFIXES)
            (ours, our_mem), (bare, bare_mem) = measure(
                (rtmigrate("--no-cache", str(tree)), env),
                ([sys.executable, "-c", BARE_TS_PARSE, str(tree)], plain),
            )
            row(f"(d) rtmigrate / bare tree-sitter parse, {TYPESCRIPT_PACKAGE} ({files} files)", ours / bare, "<= 0.2",
                f"[{ours:.2f}s vs {bare:.2f}s; {our_mem:.0f} vs {bare_mem:.0f} MiB]")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        dense_js_corpus(corpus)
        (one, one_mem), (bare, bare_mem), (floor, floor_mem) = measure(
            (rtmigrate("--no-cache", "-j", "1", str(corpus)), env),
            ([sys.executable, "-c", BARE_TS_PARSE, str(corpus)], plain),
            (rtmigrate("--no-cache", "-j", "1", "--select", "RT001", str(corpus)), env),
        )
        row("(e) JS/TS Realtime corpus, one process / bare tree-sitter parse", one / bare, "<= 3.0",
            f"[{one:.2f}s vs {bare:.2f}s; {one_mem:.0f} vs {bare_mem:.0f} MiB]")
        row("    for scale: the same with no rules / bare tree-sitter parse", floor / bare, "-",
            f"[{floor:.2f}s; {floor_mem:.0f} MiB]")
    single_file(env, plain)
    return 0


def single_file(env: dict, plain: dict) -> None:
    """(f): the pre-commit case, one changed file checked with the cache on.
    Each run changes the file first (a line of its own), so that it is never
    in the cache; best of RUNS * 3, the two commands taking turns."""
    for example, comment in (("sdk_voice_app.py", "#"), ("browser_client.ts", "//")):
        with tempfile.TemporaryDirectory() as tmp:
            changed = Path(tmp) / example
            text = (ROOT / "examples" / example).read_text(encoding="utf-8")
            ours = base = (float("inf"), 0.0)
            for i in range(RUNS * 3):
                changed.write_text(f"{text}\n{comment} change {i}\n", encoding="utf-8")
                seconds, peak = _once(rtmigrate(str(changed)), env)
                ours = (min(ours[0], seconds), max(ours[1], peak))
                seconds, peak = _once([sys.executable, "-c", "import libcst"], plain)
                base = (min(base[0], seconds), max(base[1], peak))
            row(f"(f) one changed file ({example}) / `import libcst`", ours[0] / base[0], "<= 1.3",
                f"[{ours[0]:.3f}s vs {base[0]:.3f}s; {ours[1]:.0f} vs {base[1]:.0f} MiB]")


if __name__ == "__main__":
    raise SystemExit(main())
