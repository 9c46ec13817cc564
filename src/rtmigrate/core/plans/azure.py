"""Azure OpenAI's preview Realtime URLs in their GA form (facts §9), as text:
the Python and JavaScript rules rewrite their literals with this."""

from __future__ import annotations

import re

from ..tables.endpoints import AZURE_DEPLOYMENT_PARAM, AZURE_GA_WS_PATH, AZURE_MODEL_PARAM, AZURE_VERSION_PARAM, AZURE_WS_PATH


def ga_url(text: str) -> str:
    """An Azure preview Realtime URL (or the template of one) as its GA form:
    `/openai/v1/realtime`, no `api-version`, `model=` for `deployment=`."""
    text = AZURE_WS_PATH.sub(AZURE_GA_WS_PATH, text)
    text = AZURE_VERSION_PARAM.sub("", text)
    text = AZURE_DEPLOYMENT_PARAM.sub(AZURE_MODEL_PARAM, text)
    return re.sub(r"[?&]+(?=$|#)", "", re.sub(r"\?&+", "?", re.sub(r"&&+", "&", text)))
