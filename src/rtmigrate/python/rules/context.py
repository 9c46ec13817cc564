"""Notes about what a file's Realtime code talks to: other providers,
protocol code nothing attributes to OpenAI, Microsoft's preview SDK (facts §9).

These describe the context itself, so they are reported whatever the
context decides for the other rules (`scoped = False`).
"""

from __future__ import annotations

import libcst as cst

from ..cstutil import dotted_name as dotted
from ...core.diagnostics import Kind
from ...core.evidence import other_host_names
from ..rule import Invalid, Rule
from ...core.tables.context import PREVIEW_SDK


class OtherRealtimeHost(Rule):
    """Realtime code aimed at another provider (informational).

    xAI, Together, Inworld, Azure Voice Live and other providers speak their
    own copy of the beta Realtime protocol: their servers still send
    `response.text.delta` and still want `OpenAI-Beta: realtime=v1`.
    Migrating such code to OpenAI's GA names would break it, so the code
    aimed at another host (a literal Realtime URL, a client's `base_url`, or
    the provider's SDK) is left alone, and this note names the host once per
    file. Code in the same file that is aimed at OpenAI is still checked; a
    base URL held in a variable does not exclude code by itself.

    Example:

        URL = "wss://api.x.ai/v1/realtime"
        if event["type"] == "response.text.delta":  # xAI still sends this
            ...

    Fix: none; nothing here is OpenAI's to migrate.
    """

    code = "RT406"
    name = "other-realtime-host"
    kind = Kind.ADVICE
    scoped = False

    VALID = ('import openai\nURL = "wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1"\n',)
    INVALID = (Invalid('URL = "wss://api.x.ai/v1/realtime"\nif t == "response.text.delta": pass\n'),)

    def finish(self) -> None:
        hosts = self.context.other_hosts()
        if hosts:
            self.report(
                hosts[0].node,
                f"Realtime code aimed at {other_host_names(hosts)}: another provider's protocol, left alone",
                hint="nothing to migrate here; code in this file aimed at OpenAI is still checked",
            )


class UnattributedProtocol(Rule):
    """Realtime protocol code that nothing attributes to OpenAI (informational).

    A module that holds several of the protocol's own event names, or a
    beta session payload, speaks the Realtime protocol; but NVIDIA, xAI and
    self-hosted servers speak copies of it too. When neither the module nor
    the modules around it (its package, what it imports, what imports it)
    show OpenAI's Realtime API, its host or its SDK, the module is left
    alone and this note says so once.

    Example:

        await client.send_json({"type": "transcription_session.update",
                                "session": {"input_audio_format": "pcm16"}})

    Fix: none. If the code is OpenAI's, import or name what it talks to
    (the `openai` client, the `api.openai.com` URL) where rtmigrate can see
    it, and it is migrated like the rest.
    """

    code = "RT407"
    name = "unattributed-protocol"
    kind = Kind.ADVICE
    scoped = False

    VALID = ('import openai\nmsg = {"type": "transcription_session.update", "session": {"input_audio_format": "pcm16"}}\n',)
    INVALID = (
        Invalid('msg = {"type": "transcription_session.update", "session": {"input_audio_format": "pcm16"}}\n'),
    )

    def finish(self) -> None:
        if self.context.unattributed:
            self.report(
                self.tree.module,
                "Realtime protocol code that nothing here or around attributes to OpenAI: left alone",
                hint="if it is OpenAI's, let the module or its package show it (the openai client, an api.openai.com URL)",
            )


class AzurePreviewSdk(Rule):
    """Code built on Microsoft's preview Realtime SDK `rtclient`.

    `rtclient` (Azure-Samples/aoai-realtime-audio-sdk) speaks only the
    preview protocol and has no GA version. Code built on it must move to
    the `openai` SDK (`AsyncOpenAI(websocket_base_url=...)` and
    `client.realtime.connect(model=<deployment>)`). The rest of such a file
    is reported without fixes: its beta names belong to `rtclient`'s
    protocol until the move.

    Example:

        from rtclient import RTClient, SessionUpdateParams

    Fix (by hand): rewrite the session against the `openai` SDK's GA
    Realtime client, then let rtmigrate check the result.
    """

    code = "RT408"
    name = "azure-preview-sdk"
    scoped = False

    VALID = ("from openai import AsyncOpenAI\n",)
    INVALID = (Invalid("from rtclient import RTClient, SessionUpdateParams\n"),)

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            if (dotted(alias.name) or "").split(".")[0] == PREVIEW_SDK:
                self._report(alias)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if not node.relative and node.module is not None and (dotted(node.module) or "").split(".")[0] == PREVIEW_SDK:
            self._report(node)

    def _report(self, node: cst.CSTNode) -> None:
        self.report(
            node,
            "built on Microsoft's preview Realtime SDK `rtclient`, which has no GA",
            hint="move to the openai SDK: AsyncOpenAI(websocket_base_url=<resource>/openai/v1, ...) and "
            "client.realtime.connect(model=<deployment>)",
        )
