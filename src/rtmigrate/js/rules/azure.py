"""Azure OpenAI's Realtime in JavaScript and TypeScript (facts §9): the preview
endpoint and the preview regional WebRTC host, as for Python."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ...core.diagnostics import Fix, TextEdit
from ...core.plans.azure import ga_url, is_preview_path
from ...core.ruledoc import Invalid
from ...core.tables.endpoints import AZURE_GA_CALLS, AZURE_GA_WS_PATH, AZURE_WEBRTC_REGION, BOTH_PATHS
from ...core.tables.node_sdk import AZURE_FACTORIES, AZURE_FACTORY, AZURE_GA_SINCE
from ...core.tables.session import COMPARING_CALLS
from .. import syntax
from ..project import Pins, lower_bound
from ..rule import JsRule

if TYPE_CHECKING:
    from tree_sitter import Node


class AzurePreviewEndpoint(JsRule):
    """Azure OpenAI's preview Realtime endpoint, in JavaScript or TypeScript.

    As for Python: `/openai/realtime?api-version=...&deployment=D` becomes
    `/openai/v1/realtime?model=D`, with no `api-version`. Found in string
    and template literals. A URL a test expects (`expect(url).toBe(...)`)
    is reported without a fix, as is a piece of a URL that another piece
    follows (`... + "&deployment=" + d`): the query may go on there. A
    module that also builds the GA path serves both (a setting picks one):
    its preview path is reported without a fix, and left alone in GA code.

    Example:

        const url = `wss://${resource}.openai.azure.com/openai/realtime?api-version=${version}&deployment=${name}`;

    Fix:

        const url = `wss://${resource}.openai.azure.com/openai/v1/realtime?model=${name}`;
    """

    code = "RT405"
    name = "azure-preview-endpoint"
    speaks = True

    VALID = (
        'const url = "wss://res.openai.azure.com/openai/v1/realtime?model=voice";\n',
        # GA code that builds both paths keeps the preview one for its legacy support
        'import OpenAI from "openai";\nawait new OpenAI().realtime.clientSecrets.create({ session: { type: "realtime" } });\n'
        'const path = (preview) => preview ? "/openai/realtime" : "/openai/v1/realtime";\n',
        # a gateway's path that ends the same way: Azure's starts at the resource's root
        'import OpenAI from "openai";\nexpect(new URL(build("https://gw.example.com/proxy/openai")).pathname).toBe("/proxy/openai/realtime");\n',
    )
    INVALID = (
        Invalid(
            "const url = `wss://${resource}.openai.azure.com/openai/realtime?api-version=${version}&deployment=${name}`;\n",
            "const url = `wss://${resource}.openai.azure.com/openai/v1/realtime?model=${name}`;\n",
        ),
        # the last piece of a URL holds its whole query: fixed
        Invalid(
            'import OpenAI from "openai";\nconst url = endpoint + "/openai/realtime?api-version=2024-10-01-preview&deployment=voice";\n',
            'import OpenAI from "openai";\nconst url = endpoint + "/openai/v1/realtime?model=voice";\n',
        ),
        # a URL a test expects: it changes with the code that builds it
        Invalid('import OpenAI from "openai";\nexpect(build()).toBe("wss://r.openai.azure.com/openai/realtime?api-version=v&deployment=d");\n'),
        # a URL written in pieces: its query goes on where this fix would not see it
        Invalid("const url = `wss://${resource}.openai.azure.com/openai/realtime?api-version=${version}` + `&deployment=${name}`;\n"),
        # a module that builds both paths: the preview one is a branch to remove by hand
        Invalid('import OpenAI from "openai";\nconst path = (preview) => preview ? "/openai/realtime" : "/openai/v1/realtime";\n'),
    )

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.both = False  # the module also builds the GA path: it serves both

    def visit_string(self, node: "Node") -> None:
        self._check(node)

    def visit_template_string(self, node: "Node") -> None:
        self._check(node)

    def _check(self, node: "Node") -> None:
        found = syntax.literal_text(node, self.source)
        self.both = self.both or (found is not None and AZURE_GA_WS_PATH in found[0])
        if found is None or not is_preview_path(found[0]):
            return
        text, holes = found
        pieced = _followed(node)
        new = None if pieced else syntax.rewritten(node, self.source, ga_url(text), holes)
        fix = Fix.safe(f"use `{AZURE_GA_WS_PATH}` without `api-version`", TextEdit(*new)) if new is not None else None
        hint = f"use `{AZURE_GA_WS_PATH}` without `api-version`; the URL goes on in another piece: write it whole, or fix it by hand" if pieced else None
        self.report(node, "Azure OpenAI's preview Realtime endpoint", fix, hint=hint)

    def finish(self) -> None:
        """An expected URL (a test of the code that builds it) is reported without a fix,
        and left alone in GA code, which keeps such tests for its legacy support (as in Python);
        so is every preview path of a module that also builds the GA one."""
        kept = []
        for report in self.reports:
            if self.both:
                if self.context.ga:
                    continue
                report = replace(report, fix=None, hint=BOTH_PATHS)
            elif _expected(report.node):
                if self.context.ga:
                    continue
                report = replace(report, fix=None, hint=f"use `{AZURE_GA_WS_PATH}` without `api-version`, with the code that builds it")
            kept.append(report)
        self.reports = kept


def _expected(node: "Node") -> bool:
    """A value a test expects: compared (`===`), or given to `expect(...).toBe(...)` and its kin."""
    if syntax.compared(node):
        return True
    parent = node.parent
    call = parent.parent if parent is not None and parent.type == "arguments" else None
    names = syntax.member_names(call.child_by_field_name("function")) if call is not None and call.type == "call_expression" else []
    return bool(names) and (names[-1] in COMPARING_CALLS or names[-1] == "toBe")


def _followed(node: "Node") -> bool:
    """A piece of a URL written in several (`a + b`) that another piece follows: its
    query may go on there, where the fix would not see it. (The last piece is whole.)"""
    parent = node.parent
    while parent is not None and parent.type == "binary_expression" and syntax.text(parent.child_by_field_name("operator")) == "+":
        if parent.child_by_field_name("left") == node:
            return True
        node, parent = parent, parent.parent
    return False


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


class AzureRealtimeFactory(JsRule):
    """An Azure Realtime socket opened with an `openai` package that predates Azure's GA.

    `OpenAIRealtimeWS.azure(client)` and `OpenAIRealtimeWebSocket.azure(client)`
    build the socket's URL from the `AzureOpenAI` client. Up to `openai` 7.4
    they send `api-version` and `deployment` to Azure's preview endpoint,
    which Azure's GA endpoint refuses; from 7.5.0 they open
    `/openai/v1/realtime?model=<deployment>`. The code itself needs no change
    (beyond the module path, RT201): the package does. Reported unless the
    nearest `package.json` asks for 7.5.0 or later.

    Example (`package.json`: `"openai": "^5.23.0"`):

        const rt = await OpenAIRealtimeWS.azure(new AzureOpenAI({ apiVersion, deployment }));

    Fix: require `"openai": "^7.5.0"` (or later) in `package.json`.
    """

    code = "RT409"
    name = "azure-client"
    speaks = True

    VALID = ('import OpenAI from "openai";\nconst rt = new OpenAIRealtimeWS({ model: "gpt-realtime-2.1" }, new OpenAI());\n',)
    INVALID = (
        Invalid(
            'import { AzureOpenAI } from "openai";\nimport { OpenAIRealtimeWS } from "openai/realtime/ws";\n'
            "const rt = await OpenAIRealtimeWS.azure(new AzureOpenAI({ apiVersion, deployment }));\n"
        ),
    )

    def __init__(self, settings, source) -> None:
        super().__init__(settings, source)
        self.calls: list["Node"] = []

    def visit_call_expression(self, node: "Node") -> None:
        path = syntax.member_path(node.child_by_field_name("function"))
        if path is not None and len(path) == 2 and path[0] in AZURE_FACTORIES and path[1] == AZURE_FACTORY:
            self.calls.append(node)

    def finish(self) -> None:
        if not self.calls:
            return
        pins = self.context.pins.value
        pins = getattr(pins, "pins", pins)  # the surroundings of a file in a project
        spec = pins.spec("openai") if isinstance(pins, Pins) else None
        least = lower_bound(spec) if spec is not None else None
        if least is not None and least >= AZURE_GA_SINCE:
            return
        since = ".".join(map(str, AZURE_GA_SINCE))
        pinned = f"; package.json pins openai {spec}" if spec is not None else ""
        for call in self.calls:
            self.report(
                call,
                f"`{syntax.text(call.child_by_field_name('function'))}` opens Azure's GA endpoint only from openai {since}"
                f" (earlier versions send `api-version` to the preview endpoint){pinned}",
                hint=f"require openai {since} or later: from there `.azure()` opens Azure's GA endpoint, `/openai/v1/realtime?model=<deployment>`",
            )
