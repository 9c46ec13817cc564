"""Safety identifiers on Realtime requests (facts §8, §10, §11)."""

from __future__ import annotations

SAFETY_HEADER = "OpenAI-Safety-Identifier"

# Names that show a function acts for an identified end user: as a parameter,
# or as the attribute of something (`request.user`, `self.account_id`).
IDENTITY_NAMES = frozenset(
    {"user", "user_id", "userid", "account", "account_id", "customer", "customer_id", "email", "username",
     "current_user", "member", "member_id", "end_user", "end_user_id", "tenant_user"}
)

# A safety identifier made straight from one of these is raw personal data.
RAW_PERSONAL_NAMES = frozenset(
    {"email", "user_id", "userid", "id", "username", "name", "full_name", "phone", "phone_number",
     "account_id", "customer_id", "member_id"}
)

# How each kind of call takes extra headers, for the unsafe fix that adds one.
# callee's last name → (keyword, "dict" | "lines")
HEADER_KEYWORDS: dict[str, tuple[str, str]] = {
    "connect": ("extra_headers", "dict"),  # openai SDK `client.realtime.connect`
    "create": ("extra_headers", "dict"),  # openai SDK `client_secrets.create`, `calls.create`
    "accept": ("extra_headers", "dict"),
    "post": ("headers", "dict"),  # requests / httpx / aiohttp
    "ws_connect": ("headers", "dict"),  # aiohttp
    "create_connection": ("header", "lines"),  # websocket-client
    "WebSocketApp": ("header", "lines"),
}
# websockets.connect takes `additional_headers` (14+) or `extra_headers` (older).
WEBSOCKETS_KEYWORDS = ("additional_headers", "extra_headers")
