"""Azure OpenAI's Realtime in JavaScript and TypeScript (facts §9): the preview
endpoint and the preview regional WebRTC host, as for Python."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.diagnostics import Fix, TextEdit
from ...core.plans.azure import ga_url
from ...core.ruledoc import Invalid
from ...core.tables.endpoints import AZURE_GA_CALLS, AZURE_GA_WS_PATH, AZURE_WEBRTC_REGION, AZURE_WS_PATH
from .. import syntax
from ..rule import JsRule

if TYPE_CHECKING:
    from tree_sitter import Node


class AzurePreviewEndpoint(JsRule):
    """Azure OpenAI's preview Realtime endpoint, in JavaScript or TypeScript.

    As for Python: `/openai/realtime?api-version=...&deployment=D` becomes
    `/openai/v1/realtime?model=D`, with no `api-version`. Found in string
    and template literals.

    Example:

        const url = `wss://${resource}.openai.azure.com/openai/realtime?api-version=${version}&deployment=${name}`;

    Fix:

        const url = `wss://${resource}.openai.azure.com/openai/v1/realtime?model=${name}`;
    """

    code = "RT405"
    name = "azure-preview-endpoint"

    VALID = ('const url = "wss://res.openai.azure.com/openai/v1/realtime?model=voice";\n',)
    INVALID = (
        Invalid(
            "const url = `wss://${resource}.openai.azure.com/openai/realtime?api-version=${version}&deployment=${name}`;\n",
            "const url = `wss://${resource}.openai.azure.com/openai/v1/realtime?model=${name}`;\n",
        ),
    )

    def visit_string(self, node: "Node") -> None:
        self._check(node)

    def visit_template_string(self, node: "Node") -> None:
        self._check(node)

    def _check(self, node: "Node") -> None:
        found = syntax.literal_text(node, self.source)
        if found is None or not AZURE_WS_PATH.search(found[0]):
            return
        text, holes = found
        new = syntax.rewritten(node, self.source, ga_url(text), holes)
        fix = Fix.safe(f"use `{AZURE_GA_WS_PATH}` without `api-version`", TextEdit(*new)) if new is not None else None
        self.report(node, "Azure OpenAI's preview Realtime endpoint", fix)


class AzureWebRtcRegion(JsRule):
    """Azure's preview regional WebRTC host, in JavaScript or TypeScript.

    As for Python: the preview WebRTC endpoint lived on a regional host
    (`<region>.realtimeapi-preview.ai.azure.com/v1/realtimertc`); GA posts the
    SDP offer to the resource's own `/openai/v1/realtime/calls`.

    Example:

        const url = `https://${region}.realtimeapi-preview.ai.azure.com/v1/realtimertc`;

    Fix (by hand): `${endpoint}/openai/v1/realtime/calls`, with the resource's
    endpoint, which the regional URL does not hold.
    """

    code = "RT410"
    name = "azure-webrtc-region"

    VALID = ("const url = `${endpoint}/openai/v1/realtime/calls`;\n",)
    INVALID = (Invalid("const url = `https://${region}.realtimeapi-preview.ai.azure.com/v1/realtimertc`;\n"),)

    def visit_string(self, node: "Node") -> None:
        self._check(node)

    def visit_template_string(self, node: "Node") -> None:
        self._check(node)

    def _check(self, node: "Node") -> None:
        if AZURE_WEBRTC_REGION.search(syntax.text(node)):
            self.report(node, "Azure's preview regional WebRTC host, which GA does not have", hint=f"post the SDP offer to the resource's `{AZURE_GA_CALLS}`")
