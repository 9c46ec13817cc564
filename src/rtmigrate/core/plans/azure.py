"""Azure OpenAI's preview Realtime URLs in their GA form (facts §9), as text:
the Python and JavaScript rules rewrite their literals with this."""

from __future__ import annotations

import re

from ..tables.endpoints import AZURE_DEPLOYMENT_PARAM, AZURE_GA_WS_PATH, AZURE_MODEL_PARAM, AZURE_VERSION_PARAM, AZURE_WS_PATH


# What may stand before Azure's path: nothing, a host (`wss://res.openai.azure.com`) or a hole of a template.
_ROOT_BEFORE = re.compile(r"(?:^|://[^/\s]*|\x00)$")


def is_preview_path(text: str) -> bool:
    """Does ``text`` (a URL, or a template of one with its holes as NUL-numbered
    marks) hold Azure's preview path `/openai/realtime` at the root of a
    resource? Azure puts it right after the host; a path that follows another
    segment (`/proxy/openai/realtime`) is a gateway's, unless the query is
    Azure's own."""
    for match in AZURE_WS_PATH.finditer(text):
        if _ROOT_BEFORE.search(text, 0, match.start()) or AZURE_VERSION_PARAM.search(text, match.end()) or AZURE_DEPLOYMENT_PARAM.search(text, match.end()):
            return True
    return False


def ga_url(text: str) -> str:
    """An Azure preview Realtime URL (or the template of one) as its GA form:
    `/openai/v1/realtime`, no `api-version`, `model=` for `deployment=`."""
    text = AZURE_WS_PATH.sub(AZURE_GA_WS_PATH, text)
    text = AZURE_VERSION_PARAM.sub("", text)
    text = AZURE_DEPLOYMENT_PARAM.sub(AZURE_MODEL_PARAM, text)
    return re.sub(r"[?&]+(?=$|#)", "", re.sub(r"\?&+", "?", re.sub(r"&&+", "&", text)))
