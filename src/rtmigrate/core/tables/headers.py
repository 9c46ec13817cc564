"""The ``OpenAI-Beta: realtime=v1`` header (migration facts §8)."""

from __future__ import annotations

BETA_HEADER = "openai-beta"  # compared case-insensitively, as HTTP does
BETA_HEADER_VALUE_PREFIX = "realtime"

# Keyword arguments through which HTTP and WebSocket clients take headers:
# openai SDK `extra_headers`, websockets `additional_headers` / `extra_headers`,
# websocket-client `header`, aiohttp / httpx / requests `headers`.
HEADER_KWARGS = frozenset({"extra_headers", "additional_headers", "headers", "header"})

# Browsers cannot set headers on a WebSocket: beta code named the beta in a
# subprotocol instead (`new WebSocket(url, ["realtime", ..., "openai-beta.realtime-v1"])`);
# GA takes no such protocol. A `"Name: value"` header string counts too.
BETA_SUBPROTOCOL = "openai-beta.realtime-v1"

# Why removing the header is unsafe in a relay: what is on the other side of it
# (a browser's page) speaks the protocol the header selects.
RELAYED = ("; the fix is unsafe: this module passes messages between sockets as they come ({shown}), "
           "so what is on the other side must speak GA too")
