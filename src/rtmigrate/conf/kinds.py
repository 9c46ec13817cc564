"""Which file is which kind of configuration or shell file, by its name."""

from __future__ import annotations

from pathlib import PurePath

# kind → what it is, for `rtmigrate rules` and the README
KINDS = {
    "env": ".env files",
    "yaml": "YAML (docker-compose, CI, app settings)",
    "json": "JSON (package.json scripts, settings)",
    "toml": "TOML (outside [tool.rtmigrate])",
    "docker": "Dockerfiles",
    "shell": "shell scripts (curl, wget, httpie)",
    "http": "HTTP request files (.http, .rest)",
}
SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml", ".sh": "shell", ".bash": "shell",
            ".zsh": "shell", ".http": "http", ".rest": "http", ".env": "env"}


def kind_of(path: PurePath) -> str | None:
    """The kind of a configuration or shell file, or None for any other file."""
    name = path.name.lower()
    if name == ".env" or name.startswith(".env.") or name.endswith(".env"):
        return "env"
    if name == "dockerfile" or name.startswith("dockerfile.") or name.endswith(".dockerfile"):
        return "docker"
    return SUFFIXES.get(path.suffix.lower())
