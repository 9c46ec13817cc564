"""What a text shows on its face: the hosts its URLs aim at, whether a host is
OpenAI's, whose another host is, and how much of the Realtime protocol's own
vocabulary a set of names holds. Read by the evidence of one file and by the
neighbourhood of a project alike."""

from __future__ import annotations

from .tables import context as facts


def hosts_of(text: str) -> list[tuple[str, str]]:
    """(host, path) of every URL in ``text``."""
    return [(m.group("host").lower(), m.group("path") or "") for m in facts.URL.finditer(text)]


def is_openai_host(host: str, path: str) -> bool:
    """OpenAI's own API host, an Azure OpenAI resource, or a gateway serving Azure OpenAI's paths."""
    return bool(facts.OPENAI_HOST.search(host) or facts.AZURE_OPENAI_HOST.search(host) or facts.AZURE_OPENAI_PATH.match(path))


def provider_of(host: str) -> str | None:
    """The provider a known other host belongs to."""
    return next((name for suffix, name in facts.OTHER_PROVIDERS.items() if host == suffix or host.endswith("." + suffix)), None)


def vocabulary_size(names: set[str]) -> int:
    """How many of the protocol's names a module holds (the shared ones count beside its own)."""
    own = len(names - facts.SHARED_VOCABULARY)
    return own + len(names & facts.SHARED_VOCABULARY) if own else 0
