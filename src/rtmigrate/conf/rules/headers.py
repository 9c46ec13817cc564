"""The `OpenAI-Beta: realtime=v1` header in shell, HTTP and configuration files (facts §8)."""

from __future__ import annotations

import re

from ...core.diagnostics import Fix, TextEdit
from ..kinds import KINDS
from ..rule import ConfRule, Invalid

# curl / wget: `-H "OpenAI-Beta: realtime=v1"`, `--header='...'`; an argument on a line of its own
# (continued with `\`) goes with its line
_SHELL = re.compile(
    r"""(?P<lead>[ \t]*)(?:-H|--header)(?:[ \t]+|=)(?P<q>["'])\s*OpenAI-Beta\s*:\s*realtime=v1\s*(?P=q)(?P<tail>[ \t]*\\?[ \t]*\n?)""",
    re.IGNORECASE,
)
# httpie: `OpenAI-Beta:realtime=v1` as an item
_HTTPIE = re.compile(r"""(?P<lead>[ \t]+)(?P<q>["']?)OpenAI-Beta:realtime=v1(?P=q)(?=[ \t]|$)""", re.IGNORECASE | re.MULTILINE)
# an HTTP request file: a header line
_HTTP_LINE = re.compile(r"^[ \t]*OpenAI-Beta[ \t]*:[ \t]*realtime=v1[ \t]*\r?\n", re.IGNORECASE | re.MULTILINE)
# anywhere else (a JSON or YAML header map, an env value): reported where it is
_ANY = re.compile(r"OpenAI-Beta[\"']?\s*[:=,]\s*[\"']?\s*realtime=v1", re.IGNORECASE)


class BetaHeaderInConfig(ConfRule):
    """The `OpenAI-Beta: realtime=v1` header in a shell, HTTP or configuration file.

    GA takes no beta header. In a shell script (`curl -H "OpenAI-Beta:
    realtime=v1"`, httpie's `OpenAI-Beta:realtime=v1`) and in an HTTP request
    file the header is removed; a continued line of its own goes with it. In
    a JSON or YAML header map it is reported: remove the entry by hand, with
    its neighbours' commas.

    Example:

        curl -s https://api.openai.com/v1/realtime/client_secrets \\
          -H "Authorization: Bearer $OPENAI_API_KEY" \\
          -H "OpenAI-Beta: realtime=v1"

    Fix:

        curl -s https://api.openai.com/v1/realtime/client_secrets \\
          -H "Authorization: Bearer $OPENAI_API_KEY"
    """

    code = "RT401"
    name = "beta-header"
    KINDS = frozenset(KINDS)

    VALID = ('curl -s https://api.openai.com/v1/realtime/client_secrets -H "Authorization: Bearer $OPENAI_API_KEY"\n',)
    INVALID = (
        Invalid(
            'curl -s https://api.openai.com/v1/realtime/client_secrets -H "Authorization: Bearer $OPENAI_API_KEY" -H "OpenAI-Beta: realtime=v1"\n',
            'curl -s https://api.openai.com/v1/realtime/client_secrets -H "Authorization: Bearer $OPENAI_API_KEY"\n',
        ),
        Invalid(
            'curl -s https://api.openai.com/v1/realtime/client_secrets \\\n  -H "Authorization: Bearer $OPENAI_API_KEY" \\\n  -H "OpenAI-Beta: realtime=v1" \\\n  -d @body.json\n',
            'curl -s https://api.openai.com/v1/realtime/client_secrets \\\n  -H "Authorization: Bearer $OPENAI_API_KEY" \\\n  -d @body.json\n',
        ),
    )

    MESSAGE = "the `OpenAI-Beta: realtime=v1` header selects the beta Realtime API"

    def check(self) -> None:
        covered: list[tuple[int, int]] = []
        if self.file_kind in ("shell", "docker", "yaml", "json", "toml", "env"):
            for match in _SHELL.finditer(self.text):
                start, end = self._removal(match)
                covered.append((match.start(), match.end()))
                shown = (match.start() + len(match.group("lead")), match.end() - len(match.group("tail")))
                self.report(*shown, self.MESSAGE, Fix.safe("remove the header", TextEdit(start, end, "")))
            for match in _HTTPIE.finditer(self.text):
                if self.file_kind == "shell":
                    covered.append((match.start(), match.end()))
                    self.report(match.start() + len(match.group("lead")), match.end(), self.MESSAGE,
                                Fix.safe("remove the header", TextEdit(match.start(), match.end(), "")))
        if self.file_kind == "http":
            for match in _HTTP_LINE.finditer(self.text):
                covered.append((match.start(), match.end()))
                self.report(match.start(), match.end() - 1, self.MESSAGE, Fix.safe("remove the header", TextEdit(match.start(), match.end(), "")))
        for match in _ANY.finditer(self.text):
            if not any(a <= match.start() < b for a, b in covered):
                self.report(match.start(), match.end(), self.MESSAGE, hint="remove this header entry; GA takes no beta header")

    def _removal(self, match: re.Match[str]) -> tuple[int, int]:
        """What removing the argument takes: its own continued line whole, else the argument and the blank before it."""
        text = self.text
        line_start = text.rfind("\n", 0, match.start()) + 1
        own_line = not text[line_start : match.start()].strip()
        if own_line and match.group("tail").strip().startswith("\\"):
            return line_start, match.end()
        if own_line and match.group("tail").endswith("\n"):
            # the last argument on its own line: the previous line's continuation goes too
            previous_end = line_start - 1
            backslash = text.rfind("\\", 0, previous_end)
            if backslash != -1 and not text[backslash + 1 : previous_end].strip():
                before = backslash
                while before > 0 and text[before - 1] in " \t":
                    before -= 1
                return before, match.end() - 1
        tail = match.group("tail")
        return match.start(), match.end() - (1 if tail.endswith("\n") else 0) - (len(tail.rstrip("\n")) if "\\" in tail else 0)
