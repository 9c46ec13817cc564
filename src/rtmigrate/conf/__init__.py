"""The front end for files that are not code: configuration (`.env`, YAML,
JSON, TOML, Dockerfiles) and shell and HTTP files (`.sh`, `.http`). Read as
text, edited by position, never parsed into objects and dumped again."""
