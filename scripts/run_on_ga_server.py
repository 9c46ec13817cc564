"""Does a real program still talk after `--fix`? Run it against the tests' GA server.

    python scripts/run_on_ga_server.py DIR -- COMMAND...             # safe fixes
    python scripts/run_on_ga_server.py DIR --unsafe -- COMMAND...    # and unsafe ones
    python scripts/run_on_ga_server.py DIR --cwd SUB --timeout 20 --json -- COMMAND...

DIR is a program's folder (never changed: it is copied twice). The GA server
of the tests (`tests/ga_server.py`, on 127.0.0.1) checks what a client sends
against the pinned package's GA types, and turns away the beta. COMMAND runs
in each copy (in its SUB folder with ``--cwd``): before the fix and after it.
It is the program itself, or a driver of the program's own (one that plays
the phone company against a relay, say); a program that serves forever is
stopped after ``--timeout`` seconds, which counts as having run.

The copies reach the server where the program wrote OpenAI's host:
`wss://api.openai.com` and `https://api.openai.com` in the copies' code
files are rewritten to the local server, as a hosts file would send them.
`OPENAI_BASE_URL` points an SDK's HTTP requests there; its socket
(`client.realtime.connect`) takes `websocket_base_url`, which a driver can
read from `OPENAI_WEBSOCKET_BASE_URL`. Nothing leaves the machine; the key is
a test key. What is printed for each copy: how the command ended, the client
events the server took, and why it turned any away. The exit status is 1 when
the fixed copy was turned away, or ended with an error.

This runs third-party code: run it only on code you would run anyway.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from ga_server import GAServer  # noqa: E402

from rtmigrate import Settings  # noqa: E402
from rtmigrate.api import check_paths  # noqa: E402

CODE = (".py", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".html", ".env")
SKIPPED = ("node_modules", ".git", ".venv", "venv", "__pycache__", "dist", "build", ".next")
_HOST = re.compile(r"(wss|https)://api\.openai\.com")


def redirect(folder: Path, server: GAServer) -> int:
    """Sends the copy's requests to OpenAI's host to ``server``; how many files changed."""
    socket, http = f"ws://127.0.0.1:{server.port}", server.http_url.removesuffix("/v1")
    changed = 0
    for path in folder.rglob("*"):
        if path.suffix not in CODE or not path.is_file() or set(path.relative_to(folder).parts) & set(SKIPPED):
            continue
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        new = _HOST.sub(lambda m: socket if m.group(1) == "wss" else http, text)
        if new != text:
            path.write_text(new, encoding="utf-8", errors="surrogateescape")
            changed += 1
    return changed


def run(folder: Path, command: list[str], server: GAServer, timeout: float) -> dict:
    """Runs ``command`` in ``folder``: how it ended, and what the server took and refused meanwhile."""
    events, errors = len(server.events), len(server.errors)
    env = {
        **os.environ, "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": server.http_url,
        "OPENAI_WEBSOCKET_BASE_URL": server.base_url.replace("http://", "ws://"),
    }
    try:
        done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=timeout)
        ended, output = str(done.returncode), done.stdout + done.stderr
    except subprocess.TimeoutExpired as stopped:
        ended = "stopped"
        output = "".join(part.decode(errors="replace") if isinstance(part, bytes) else part or "" for part in (stopped.stdout, stopped.stderr))
    return {
        "ended": ended,
        "took": [e.get("type") for e in server.events[events:]],
        "refused": server.errors[errors:],
        "output": output[-2000:],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--unsafe", action="store_true", help="apply unsafe fixes too")
    parser.add_argument("--cwd", default=".", help="where in the folder the command runs")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    argv = sys.argv[1:]
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        parser.error("give the command to run after --")
    args = parser.parse_args(argv[: argv.index("--")])
    command = argv[argv.index("--") + 1 :]
    result = {}
    with tempfile.TemporaryDirectory() as tmp, GAServer() as server:
        for stage in ("before", "after"):
            copy = Path(tmp) / stage
            shutil.copytree(args.folder, copy, symlinks=True, ignore=shutil.ignore_patterns(".git", "__pycache__"))
            if stage == "after":
                check_paths([copy], Settings(), fix=True, unsafe=args.unsafe, write=True)
            redirect(copy, server)
            result[stage] = run(copy / args.cwd, command, server, args.timeout)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for stage, seen in result.items():
            print(f"{stage} the fix: ended {seen['ended']}; the server took {seen['took'] or 'nothing'}")
            for why in seen["refused"]:
                print(f"  refused: {why}")
    after = result["after"]
    return 1 if after["refused"] or after["ended"] not in ("0", "stopped") else 0


if __name__ == "__main__":
    raise SystemExit(main())
