"""Architecture fit in browser code (facts §10): the standard API key where
anyone who opens the page can read it, and WebSockets where WebRTC is advised."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.diagnostics import Kind
from ...core.ruledoc import Invalid
from ...core.tables.architecture import BROWSER_GLOBALS, BROWSER_KEY_OPTION, PUBLIC_API_KEY_NAMES
from ...core.tables.context import REALTIME_PATH
from .. import syntax
from ..rule import JsRule

if TYPE_CHECKING:
    from tree_sitter import Node

_KEY_HINT = "mint an ephemeral key on your server (client.realtime.clientSecrets.create) and give the browser its .value"


class _Browser(JsRule):
    """Knows whether the file is browser code: a page, a JSX component, or
    code that uses the browser's own objects."""

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.browser = False

    @property
    def in_browser(self) -> bool:
        return self.browser or bool(BROWSER_GLOBALS.search(self.source))

    def visit_jsx_element(self, node: "Node") -> None:
        self.browser = True

    def visit_jsx_self_closing_element(self, node: "Node") -> None:
        self.browser = True

    def visit_program(self, node: "Node") -> None:
        if self.source.lstrip()[:1] == b"<" or self.source.lstrip().lower().startswith(b"<!doctype"):
            self.browser = True  # an HTML page


class ApiKeyToClient(_Browser):
    """Standard API key used in browser code.

    A browser must connect with an ephemeral client secret that your server
    mints, never with the standard API key: anyone who opens the page can
    read it and spend on your account. Found in browser code (a page, a JSX
    component, code that uses `window`, `document`, `navigator` or
    `RTCPeerConnection`) that creates the SDK client with
    `dangerouslyAllowBrowser: true` or reads a key from a public environment
    variable (`VITE_OPENAI_API_KEY`, `NEXT_PUBLIC_OPENAI_API_KEY`,
    `REACT_APP_OPENAI_API_KEY`) or `OPENAI_API_KEY`.

    Example:

        const pc = new RTCPeerConnection();
        const key = import.meta.env.VITE_OPENAI_API_KEY;

    Fix (by hand): fetch an ephemeral key from your server and use it:

        const key = (await (await fetch("/session")).json()).value;
    """

    code = "RT705"
    name = "api-key-to-client"
    kind = Kind.ADVICE

    VALID = ('import OpenAI from "openai";\nconst pc = new RTCPeerConnection();\nconst key = (await (await fetch("/session")).json()).value;\n',)
    INVALID = (
        Invalid('import OpenAI from "openai";\nconst pc = new RTCPeerConnection();\nconst key = import.meta.env.VITE_OPENAI_API_KEY;\n'),
        Invalid('import OpenAI from "openai";\nconst client = new OpenAI({ apiKey: key, dangerouslyAllowBrowser: true });\n'),
    )

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.keys: list["Node"] = []
        self.allowed: list["Node"] = []

    def visit_pair(self, node: "Node") -> None:
        if syntax.key_name(node) == BROWSER_KEY_OPTION and syntax.text(node.child_by_field_name("value")) == "true":
            self.allowed.append(node)

    def visit_property_identifier(self, node: "Node") -> None:
        if PUBLIC_API_KEY_NAMES.match(syntax.text(node)) and node.parent is not None and node.parent.type == "member_expression":
            self.keys.append(node.parent)

    def finish(self) -> None:
        for node in self.allowed:
            self.report(node, "the standard API key is used in the browser (`dangerouslyAllowBrowser`)", hint=_KEY_HINT)
        if self.keys and self.in_browser:
            self.report(self.keys[0], "the standard API key is read in browser code", hint=_KEY_HINT)


class WebSocketFromBrowser(_Browser):
    """Realtime WebSocket opened from browser code.

    The guide connects browsers with WebRTC: it handles the microphone,
    playback and network jitter, and takes an ephemeral key. A WebSocket
    from the browser must carry the key in a subprotocol and stream raw
    audio itself. Found in browser code that opens `new WebSocket(...)` to a
    Realtime URL.

    Example:

        const ws = new WebSocket("wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1", protocols);

    Fix (by hand): connect with `RTCPeerConnection`, posting the SDP offer to
    `/v1/realtime/calls` with an ephemeral key.
    """

    code = "RT708"
    name = "websocket-from-browser"
    kind = Kind.ADVICE

    VALID = ('import OpenAI from "openai";\nconst pc = new RTCPeerConnection();\n',)
    INVALID = (Invalid('import OpenAI from "openai";\nconst pc = document.querySelector("audio");\nconst ws = new WebSocket("wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1", protocols);\n'),)

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.sockets: list["Node"] = []

    def visit_new_expression(self, node: "Node") -> None:
        constructor = node.child_by_field_name("constructor")
        args = syntax.arguments(node)
        if constructor is None or syntax.text(constructor) != "WebSocket" or not args:
            return
        found = syntax.literal_text(syntax.unwrap(args[0]), self.source) if syntax.unwrap(args[0]) is not None else None
        if found is not None and REALTIME_PATH.search(found[0]):
            self.sockets.append(node)

    def finish(self) -> None:
        if self.sockets and self.in_browser:
            for node in self.sockets:
                self.report(node, "Realtime WebSocket opened from the browser; WebRTC is advised there",
                            hint="connect with RTCPeerConnection and post the SDP offer to /v1/realtime/calls with an ephemeral key")

