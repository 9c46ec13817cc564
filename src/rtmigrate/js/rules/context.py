"""Notes about what a JavaScript or TypeScript file's Realtime code talks to
(facts §9): the same notes as for Python, reported whatever the context
decides for the other rules (`scoped = False`)."""

from __future__ import annotations

from ...core.diagnostics import Kind
from ...core.evidence import other_host_names
from ...core.ruledoc import Invalid
from ...core.tables.context import PREVIEW_SDK_NPM
from ..rule import JsRule
from .sdk import BuiltOnBetaOnlySdk


class OtherRealtimeHost(JsRule):
    """Realtime code aimed at another provider (informational), in JavaScript or TypeScript.

    As for Python: code aimed at xAI, Together, Inworld, Azure Voice Live or
    any other Realtime host (a literal URL, a client's `baseURL`, the
    provider's package) speaks that provider's copy of the beta protocol and
    is left alone; this note names the host once per file.

    Example:

        const ws = new WebSocket("wss://api.x.ai/v1/realtime");
        ws.on("message", (m) => { if (JSON.parse(m).type === "response.text.delta") show(m); });

    Fix: none; nothing here is OpenAI's to migrate.
    """

    code = "RT406"
    name = "other-realtime-host"
    kind = Kind.ADVICE
    scoped = False

    VALID = ('import OpenAI from "openai";\nconst url = "wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1";\n',)
    INVALID = (Invalid('const ws = new WebSocket("wss://api.x.ai/v1/realtime");\nif (t === "response.text.delta") show();\n'),)

    def finish(self) -> None:
        hosts = self.context.other_hosts()
        if hosts:
            self.report(hosts[0].node, f"Realtime code aimed at {other_host_names(hosts)}: another provider's protocol, left alone",
                        hint="nothing to migrate here; code in this file aimed at OpenAI is still checked")


class UnattributedProtocol(JsRule):
    """Realtime protocol code that nothing attributes to OpenAI (informational), in JavaScript or TypeScript.

    A file that holds several of the protocol's own event names, or a beta
    session payload, speaks the Realtime protocol, but other servers speak
    copies of it. When the file shows nothing of OpenAI (the `openai`
    package, an `api.openai.com` URL, an OpenAI Realtime class), it is left
    alone and this note says so once.

    Example:

        socket.send(JSON.stringify({ type: "transcription_session.update", session: { input_audio_format: "pcm16" } }));

    Fix: none. If the code is OpenAI's, let the file show it (import the
    `openai` package's Realtime client, or name the `api.openai.com` URL)
    and it is migrated like the rest.
    """

    code = "RT407"
    name = "unattributed-protocol"
    kind = Kind.ADVICE
    scoped = False

    VALID = ('import OpenAI from "openai";\nsocket.send(JSON.stringify({ type: "transcription_session.update", session: { input_audio_format: "pcm16" } }));\n',)
    INVALID = (Invalid('socket.send(JSON.stringify({ type: "transcription_session.update", session: { input_audio_format: "pcm16" } }));\n'),)

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.first = None

    def visit_program(self, node) -> None:
        self.first = node

    def finish(self) -> None:
        if self.context.unattributed and self.first is not None:
            self.report(self.first, "Realtime protocol code that nothing here attributes to OpenAI: left alone",
                        hint="if it is OpenAI's, let the file show it (the openai package, an api.openai.com URL)",
                        span=(self.first.start_byte, self.first.start_byte))


class AzurePreviewSdk(BuiltOnBetaOnlySdk):
    """Code built on Microsoft's preview Realtime SDK `rt-client`, in JavaScript or TypeScript.

    `rt-client` (the JavaScript half of Azure-Samples/aoai-realtime-audio-sdk,
    as `rtclient` is the Python half) speaks only the preview protocol and
    has no GA version. Code built on it must move to the `openai` package
    (`OpenAIRealtimeWS.azure(new AzureOpenAI({...}))` from
    `openai/realtime/ws`, openai 7.5.0 or later). The rest of such a file is
    reported without fixes: its beta names belong to `rt-client`'s protocol
    until the move.

    Example:

        import { LowLevelRTClient, SessionUpdateMessage } from "rt-client";

    Fix (by hand): rewrite the session against the `openai` package's GA
    Realtime client, then let rtmigrate check the result.
    """

    code = "RT408"
    name = "azure-preview-sdk"
    PACKAGE = PREVIEW_SDK_NPM
    MESSAGE = "built on Microsoft's preview Realtime SDK `rt-client`, which has no GA"
    HINT = "move to the openai package: OpenAIRealtimeWS.azure(new AzureOpenAI({...})) from openai/realtime/ws (openai 7.5.0 or later)"

    VALID = (
        'import { OpenAIRealtimeWS } from "openai/realtime/ws";\n',
        'import OpenAI from "openai";\nimport { RTClient } from "rt-client-extras";\n',  # another package
    )
    INVALID = (
        Invalid('import { LowLevelRTClient, SessionUpdateMessage } from "rt-client";\n'),
        Invalid('const { RTClient } = require("rt-client");\n'),
    )
