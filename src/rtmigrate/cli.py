"""The command line: parse options, call the API, print. Knows no rule by name."""

from __future__ import annotations

import time
from collections import Counter
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ._version import __version__
from .core.advise import AUDIO as ADVISE_AUDIO
from .core.advise import LATENCIES as ADVISE_LATENCIES
from .core.advise import TASKS as ADVISE_TASKS
from .core.advise import advise as run_advise
from .api import RunResult, check_paths
from .core.cache import default_root as default_cache_root
from .core.config import ConfigError, Settings, load_settings, parse_fail_on
from .core.diagnostics import KIND_MEANINGS
from .report import FORMATS
from .report.console import console as output_console

if TYPE_CHECKING:
    from rich.console import Console

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _codes(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(code.strip().upper() for code in value.split(",") if code.strip())


def _check_codes(codes: tuple[str, ...] | None, option: str) -> None:
    if not codes:
        return
    from .catalog import all_rules

    known = [rule.code for rule in all_rules()]
    for code in codes or ():
        if not any(k.startswith(code) for k in known):
            raise click.UsageError(f"{option}: no rule code starts with `{code}` (see `rtmigrate rules`)")


def _diff(result: RunResult) -> str:
    import difflib  # only `--diff` needs it

    chunks = []
    for outcome in result.files:
        if outcome.changed:
            chunks.extend(
                difflib.unified_diff(
                    outcome.text.splitlines(keepends=True),
                    outcome.new_text.splitlines(keepends=True),
                    fromfile=f"a/{outcome.path.lstrip('/')}",
                    tofile=f"b/{outcome.path.lstrip('/')}",
                )
            )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in chunks)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rtmigrate")
def main() -> None:
    """Find beta OpenAI Realtime API code and move it to the GA interface."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--fix", is_flag=True, help="Apply safe fixes in place.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change behaviour.")
@click.option("--diff", is_flag=True, help="Print the diff --fix would make; write nothing.")
@click.option(
    "--output-format",
    type=click.Choice(sorted(FORMATS)),
    default="text",
    show_default=True,
    help="How to print findings.",
)
@click.option("--select", help="Comma-separated rule codes or prefixes to enable.")
@click.option("--ignore", help="Comma-separated rule codes or prefixes to disable.")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False), help="Settings file to use.")
@click.option(
    "--fail-on",
    help="Comma-separated kinds (breaks, leftover, advice) or rule codes whose findings fail the run (default: breaks).",
)
@click.option("--report-unused-suppressions", is_flag=True, default=None, help="Report `# rtmigrate: ignore` comments that hide nothing (RT001).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Judge shutdown dates against this day (default: today).")
@click.option("--docs/--no-docs", default=None, help="Also read the code blocks of Markdown and reStructuredText files in folders (setting `docs`).")
@click.option("--configs/--no-configs", default=None, help="Also read configuration, shell and HTTP files in folders: .env, YAML, JSON, TOML, Dockerfiles, .sh, .http (setting `configs`).")
@click.option("--show-settings", is_flag=True, help="Print the settings in force and exit.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of each finding.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the results cache.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Processes to use (default: one per core).")
def check(
    paths: tuple[Path, ...],
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    output_format: str,
    select: str | None,
    ignore: str | None,
    config_path: Path | None,
    fail_on: str | None,
    report_unused_suppressions: bool | None,
    today,
    docs: bool | None,
    configs: bool | None,
    show_settings: bool,
    statistics: bool,
    no_cache: bool,
    jobs: int | None,
) -> None:
    """Check PATHS (default: the current folder) for beta Realtime code."""
    paths = paths or (Path("."),)
    try:
        settings = load_settings(paths[0] if paths[0].exists() else Path("."), config_path)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    select_codes, ignore_codes = _codes(select), _codes(ignore)
    _check_codes(select_codes, "--select")
    _check_codes(ignore_codes, "--ignore")
    try:
        failing = parse_fail_on(fail_on.split(",")) if fail_on is not None else None
    except ConfigError as exc:
        raise click.UsageError(f"--fail-on: {exc}") from None
    _check_codes(tuple(c for c in failing or () if c.startswith("RT")), "--fail-on")
    settings = settings.with_overrides(
        select=select_codes, ignore=ignore_codes, report_unused_suppressions=report_unused_suppressions, fail_on=failing,
        today=today.date() if today else None, docs=docs, configs=configs,
    )
    if show_settings:
        click.echo(_settings_text(settings))
        sys.exit(EXIT_CLEAN)

    fixing = fix or diff
    signal.signal(signal.SIGTERM, _interrupt)
    err = output_console(stderr=True)
    try:
        with _Progress(err) as progress:
            result = check_paths(
                paths,
                settings,
                fix=fixing,
                unsafe=unsafe_fixes,
                write=fix and not diff,
                jobs=jobs,
                cache_root=None if no_cache else default_cache_root(settings),
                progress=progress.update,
            )
    except KeyboardInterrupt:
        # every file is either as it was or fully rewritten: writes are atomic
        click.echo("rtmigrate: interrupted; files already fixed stay fixed, the rest are untouched", err=True)
        sys.exit(130)
    out = output_console()
    if diff:
        sys.stdout.write(_diff(result))
    elif statistics:
        _statistics(result, out, output_format)
    else:
        FORMATS[output_format](result, out, unsafe_fixes)
    if output_format != "json":
        for error in result.errors:
            err.print(f"[red]error[/]: {error.path}: {error.message}", highlight=False)
    if result.errors:
        sys.exit(EXIT_ERROR)
    if diff:
        sys.exit(EXIT_FINDINGS if any(f.changed for f in result.files) else EXIT_CLEAN)
    # what is left after fixing decides: breaks on GA by default, more with `fail-on`
    sys.exit(EXIT_FINDINGS if result.failing(settings) else EXIT_CLEAN)


class _Progress:
    """A progress bar on a terminal, shown once a scan has taken a second."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.started = time.monotonic()
        self.bar = None  # a rich Progress, on a terminal
        self.task = None

    def __enter__(self) -> "_Progress":
        return self

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            if not self.console.is_terminal or time.monotonic() - self.started < 1.0:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=self.console, transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("files", total=total)
        self.bar.update(self.task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _statistics(result: RunResult, console: Console, output_format: str) -> None:
    counts = Counter((d.code, d.name, d.kind) for d in result.diagnostics)
    fixable = Counter(d.code for d in result.diagnostics if d.fix is not None and d.fix.applicability.value == "safe")
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if output_format == "json":
        import json

        payload = [{"code": c, "name": n, "kind": kind, "count": k, "fixable": fixable[c]} for (c, n, kind), k in rows]
        console.file.write(json.dumps(payload, indent=2) + "\n")
        return
    width = max((len(str(k)) for _, k in rows), default=1)
    for (code, name, kind), count in rows:
        mark = " [*]" if fixable[code] else ""
        console.print(f"{count:>{width}}  {code}  {name} ({kind}){mark}", highlight=False)


def _rich(**options: object) -> "Console":
    """Rich's console, for the commands that draw tables and Markdown (imported here: `check` needs none)."""
    from rich.console import Console

    return Console(**options)  # type: ignore[arg-type]


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _settings_text(settings: Settings) -> str:
    lines = [f"# from {settings.source or 'defaults'}"]
    for name, value in vars(settings).items():
        if name != "source":
            lines.append(f"{name.replace('_', '-')} = {list(value) if isinstance(value, tuple) else value!r}")
    return "\n".join(lines)


@main.command()
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(output_format: str) -> None:
    """List every rule: code, name, whether it fixes, and what it finds."""
    from .catalog import all_rules, languages

    found = all_rules()
    if output_format == "json":
        import json

        rows = [
            {"code": r.code, "name": r.name, "kind": r.kind.value, "fix": r.has_fix(), "languages": languages(r.code), "summary": r.summary()}
            for r in found
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    from rich.table import Table

    table = Table("code", "name", "kind", "fix", "reads", "finds")
    for rule in found:
        table.add_row(rule.code, rule.name, rule.kind.value, "yes" if rule.has_fix() else "", languages(rule.code), rule.summary())
    console = _rich()
    console.print(table)
    for kind, meaning in KIND_MEANINGS.items():
        console.print(f"[bold]{kind.value}[/]: {meaning}", highlight=False)


@main.command()
def server() -> None:
    """Run the language server on stdin and stdout, for editors (needs `rtmigrate[server]`)."""
    from .server import main as serve

    serve()


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print the documentation of rule CODE."""
    from .catalog import explanation

    text = explanation(code)
    if text is None:
        raise click.UsageError(f"no rule `{code}` (see `rtmigrate rules`)")
    console = _rich()
    if console.is_terminal:
        from rich.markdown import Markdown

        console.print(Markdown(text))
    else:
        click.echo(text)


@main.command()
@click.option("--task", type=click.Choice(ADVISE_TASKS), help="What the audio is for.")
@click.option("--audio", type=click.Choice(ADVISE_AUDIO), help="Where the audio is captured or played.")
@click.option(
    "--latency", type=click.Choice(ADVISE_LATENCIES), default="balanced", show_default=True,
    help="How soon answers or text must come: sets a transcription `delay` or a `reasoning.effort`.",
)
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def advise(task: str | None, audio: str | None, latency: str, output_format: str) -> None:
    """Which API, session type, transport and model fit an app, from a description of it."""
    from rich.prompt import Prompt

    if task is None or audio is None:
        if not sys.stdin.isatty():
            raise click.UsageError("give --task and --audio (or run in a terminal to be asked)")
        task = task or Prompt.ask("What is the audio for?", choices=list(ADVISE_TASKS))
        audio = audio or Prompt.ask("Where is the audio captured or played?", choices=list(ADVISE_AUDIO))
    advice = run_advise(task, audio, latency)
    import json

    if output_format == "json":
        click.echo(json.dumps(advice.to_dict(), indent=2))
        return
    from rich.table import Table

    table = Table(show_header=False, box=None)
    table.add_row("[bold]api[/]", advice.api)
    table.add_row("[bold]session type[/]", advice.session_type or "-")
    table.add_row("[bold]transport[/]", advice.transport)
    table.add_row("[bold]endpoint[/]", advice.endpoint)
    table.add_row("[bold]auth[/]", advice.auth)
    table.add_row("[bold]model[/]", advice.model or "-")
    if advice.options:
        table.add_row("[bold]options[/]", json.dumps(advice.options))
    console = _rich()
    console.print(table)
    for warning in advice.warnings:
        console.print(f"[yellow]warning[/]: {warning}", highlight=False)
    for reason in advice.reasons:
        console.print(f"- {reason}", highlight=False)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--output", "output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report as Markdown to this file.")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False), help="Settings file to use.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Judge shutdown dates against this day (default: today).")
def report(paths: tuple[Path, ...], output: Path | None, config_path: Path | None, today) -> None:
    """Which session types, transports, endpoints and models PATHS use, where, and how they fit."""
    from .api import inventory_paths
    from .report.architecture import markdown, render

    paths = paths or (Path("."),)
    try:
        settings = load_settings(paths[0] if paths[0].exists() else Path("."), config_path)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    settings = settings.with_overrides(today=today.date() if today else None)
    result, items = inventory_paths(paths, settings)
    if output is not None:
        output.write_text(markdown(result, items, settings.date), encoding="utf-8")
        click.echo(f"wrote {output}")
    else:
        render(result, items, _rich(soft_wrap=True), settings.date)
    sys.exit(EXIT_ERROR if result.errors else EXIT_CLEAN)


if __name__ == "__main__":  # pragma: no cover
    main()
