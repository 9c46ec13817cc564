"""Azure OpenAI's preview Realtime protocol to its GA (facts §9).

Azure's GA is OpenAI's GA protocol: the event, session, content-part and SDK
rules apply to Azure code as they do to OpenAI's. What differs is where it
connects and with what client, which these rules move.
"""

from __future__ import annotations

import re

import libcst as cst

from ..cstutil import dotted_name, remove_from, remove_items, string_value, with_string_value
from ...core.diagnostics import Edit, Fix
from ..layout import code
from ...core.plans.azure import ga_url, is_preview_path
from ..rule import Invalid, Rule
from ...core.tables.endpoints import (
    AZURE_CLIENT_ARGS,
    AZURE_CLIENTS,
    AZURE_DEPLOYMENT_KEY,
    AZURE_GA_CALLS,
    AZURE_GA_WS_PATH,
    AZURE_MODEL_KEY,
    AZURE_VERSION_KEY,
    AZURE_WEBRTC_REGION,
    BOTH_PATHS,
)

_HOLE = "\x00{}\x00"
_HOLES = re.compile("\x00(\\d+)\x00")
_RECIPE = (
    "connect with the openai client at the resource's v1 endpoint: "
    'AsyncOpenAI(websocket_base_url=endpoint.replace("https://", "wss://").rstrip("/") + "/openai/v1", api_key=key_or_token) '
    "and client.realtime.connect(model=<deployment>)"
)


def _is_docstring(rule: Rule, node: cst.CSTNode) -> bool:
    return isinstance(rule.parent(node), cst.Expr)


class AzurePreviewEndpoint(Rule):
    """Azure OpenAI's preview Realtime endpoint.

    Azure's preview protocol (`/openai/realtime?api-version=...-preview&deployment=D`)
    is deprecated since 2026-04-30. Its GA is OpenAI's GA protocol at
    `/openai/v1/realtime?model=D`: no `api-version` at all (the GA endpoint
    refuses one), and the deployment named by `model=`. Found in URL
    strings, f-strings and `params={...}` dicts of the request; the rest of
    the file (events, sessions, the beta header) is migrated by the other
    rules as for OpenAI. A URL that a test compares with is reported without
    a fix (it changes with the code that builds it), and left alone in GA
    code, which keeps such tests for its legacy support. So is a piece of a
    URL that another piece follows (`f"...?api-version={v}" f"&deployment={d}"`):
    the query may go on there, where the fix would not see it. A module that
    also builds the GA path serves both (a setting picks one): its preview
    path is reported without a fix, and left alone in GA code.

    Example:

        URL = f"wss://{resource}.openai.azure.com/openai/realtime?api-version={API_VERSION}&deployment={deployment}"

    Fix:

        URL = f"wss://{resource}.openai.azure.com/openai/v1/realtime?model={deployment}"
    """

    code = "RT405"
    name = "azure-preview-endpoint"
    speaks = True

    VALID = (
        'import openai\nURL = "wss://res.openai.azure.com/openai/v1/realtime?model=my-deployment"\n',
        # GA code that builds both paths keeps the preview one for its legacy support
        'from openai.types.realtime import SessionUpdateEvent\ndef path(preview):\n'
        '    return "/openai/realtime" if preview else "/openai/v1/realtime"\n',
        # a gateway's path that ends the same way: Azure's starts at the resource's root
        'import openai\ndef test_url():\n    assert build("https://gw.example.com/proxy/openai").path == "/proxy/openai/realtime"\n',
    )
    INVALID = (
        Invalid('import openai\ndef test_url():\n    assert build() == "wss://r.openai.azure.com/openai/realtime?api-version=v&deployment=d"\n'),
        Invalid(
            'URL = "wss://res.openai.azure.com/openai/realtime?api-version=2024-10-01-preview&deployment=voice"\n',
            'URL = "wss://res.openai.azure.com/openai/v1/realtime?model=voice"\n',
        ),
        Invalid(
            'import openai\nu = f"{endpoint}/openai/realtime?api-version={version}&deployment={name}"\n',
            'import openai\nu = f"{endpoint}/openai/v1/realtime?model={name}"\n',
        ),
        # the last piece of a URL holds its whole query: fixed
        Invalid(
            'import openai\nu = endpoint + "/openai/realtime?api-version=2024-10-01-preview&deployment=voice"\n',
            'import openai\nu = endpoint + "/openai/v1/realtime?model=voice"\n',
        ),
        # a URL written in pieces: its query goes on where this fix would not see it
        Invalid('import openai\nu = (f"{endpoint}/openai/realtime?api-version={version}"\n     f"&deployment={name}")\n'),
        # a module that builds both paths: the preview one is a branch to remove by hand
        Invalid('import openai\ndef path(preview):\n    return "/openai/realtime" if preview else "/openai/v1/realtime"\n'),
        Invalid(
            'import aiohttp\nasync def go(s, v, d):\n    params = {"api-version": v, "deployment": d}\n'
            '    return await s.ws_connect("/openai/realtime", params=params)\n',
            'import aiohttp\nasync def go(s, v, d):\n    params = {"model": d}\n'
            '    return await s.ws_connect("/openai/v1/realtime", params=params)\n',
        ),
    )

    MESSAGE = "Azure OpenAI's preview Realtime endpoint"
    FIX = f"use `{AZURE_GA_WS_PATH}` without `api-version`"

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = string_value(node)
        self.both = self.both or (value is not None and AZURE_GA_WS_PATH in value)
        if value is not None and is_preview_path(value) and not _is_docstring(self, node):
            self.urls.append((node, None if self._pieced(node) else Fix.safe(self.FIX, Edit(node, with_string_value(node, ga_url(value))))))

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        template, holes = _template(node)
        self.both = self.both or AZURE_GA_WS_PATH in template
        if is_preview_path(template) and not _is_docstring(self, node):
            self.urls.append((node, None if self._pieced(node) else Fix.safe(self.FIX, Edit(node, _rebuild(node, ga_url(template), holes)))))

    def _pieced(self, node: cst.CSTNode) -> bool:
        """A piece of a URL written in several that another piece follows
        (`f"...?api-version={v}" f"&deployment={d}"`, `"..." + query`): its query
        may go on there, where this fix would not see it. (The last piece is whole.)"""
        parent = self.parent(node)
        while isinstance(parent, cst.ConcatenatedString) or (isinstance(parent, cst.BinaryOperation) and isinstance(parent.operator, cst.Add)):
            if parent.left is node:
                return True
            node, parent = parent, self.parent(parent)
        return False

    def visit_Dict(self, node: cst.Dict) -> None:
        """`params={"api-version": ..., "deployment": ...}` of an Azure Realtime request."""
        keys = {string_value(e.key): e for e in node.elements if isinstance(e, cst.DictElement)}
        if AZURE_VERSION_KEY not in keys or AZURE_DEPLOYMENT_KEY not in keys:
            return
        deployment = keys[AZURE_DEPLOYMENT_KEY]
        renamed = deployment.with_changes(key=with_string_value(deployment.key, AZURE_MODEL_KEY)) if isinstance(deployment.key, cst.SimpleString) else deployment
        elements = [renamed if e is deployment else e for e in node.elements]
        new = remove_from(node.with_changes(elements=elements), "elements", [keys[AZURE_VERSION_KEY]])
        self.pending.append((node, Fix.safe("drop `api-version`; the deployment is `model`", Edit(node, new))))

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.urls: list[tuple[cst.CSTNode, Fix]] = []
        self.pending: list[tuple[cst.Dict, Fix]] = []
        self.both = False  # the module also builds the GA path: it serves both

    def finish(self) -> None:
        if self.both:  # the preview path is a branch beside the GA one, not a URL to rewrite
            if not self.context.ga:  # (GA code keeps it for its legacy support)
                for node, _ in self.urls:
                    self.report(node, self.MESSAGE, hint=BOTH_PATHS)
            return
        for node, fix in self.urls:
            if _compared(self, node):  # an expected URL: a test of code that builds it
                if not self.context.ga:  # GA code that tests its legacy support keeps it
                    self.report(node, self.MESSAGE, hint=f"{self.FIX}, with the code that builds it")
                continue
            self.report(node, self.MESSAGE, fix, hint=None if fix else f"{self.FIX}; the URL goes on in another piece: write it whole, or fix it by hand")
        # query dicts only in a file that connects to Azure's Realtime path (`api-version` serves every Azure API)
        if self.context.collector.azure or any(is_preview_path(string_value(s) or "") for s in self.nodes(cst.SimpleString)):
            for node, fix in self.pending:
                self.report(node, "Azure OpenAI's preview Realtime query", fix)


def _compared(rule: Rule, node: cst.CSTNode) -> bool:
    parent = rule.parent(node)
    return isinstance(parent, cst.ComparisonTarget) or (isinstance(parent, cst.Comparison) and parent.left is node)


def _template(node: cst.FormattedString) -> tuple[str, list[cst.FormattedStringExpression]]:
    holes: list[cst.FormattedStringExpression] = []
    text = []
    for part in node.parts:
        if isinstance(part, cst.FormattedStringText):
            text.append(part.value)
        else:
            text.append(_HOLE.format(len(holes)))
            holes.append(part)  # type: ignore[arg-type]
    return "".join(text), holes


def _rebuild(node: cst.FormattedString, template: str, holes: list[cst.FormattedStringExpression]) -> cst.FormattedString:
    parts: list[cst.BaseFormattedStringContent] = []
    last = 0
    for match in _HOLES.finditer(template):
        if match.start() > last:
            parts.append(cst.FormattedStringText(template[last : match.start()]))
        parts.append(holes[int(match.group(1))])
        last = match.end()
    if last < len(template):
        parts.append(cst.FormattedStringText(template[last:]))
    return node.with_changes(parts=parts)


class AzureWebRtcRegion(Rule):
    """Azure's preview regional WebRTC host.

    Azure's preview WebRTC endpoint lived on a regional host
    (`<region>.realtimeapi-preview.ai.azure.com/v1/realtimertc`), chosen by
    a `region` setting. GA has no such host: the SDP offer goes to the
    resource's own `/openai/v1/realtime/calls`, and the region setting goes.

    Example:

        url = f"https://{region}.realtimeapi-preview.ai.azure.com/v1/realtimertc"

    Fix (by hand): `f"{endpoint}/openai/v1/realtime/calls"`, with the
    resource's endpoint, which the regional URL does not hold.
    """

    code = "RT410"
    name = "azure-webrtc-region"

    VALID = ('import openai\nurl = f"{endpoint}/openai/v1/realtime/calls"\n',)
    INVALID = (Invalid('import openai\nurl = f"https://{region}.realtimeapi-preview.ai.azure.com/v1/realtimertc"\n'),)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._check(node, string_value(node))

    def visit_FormattedStringText(self, node: cst.FormattedStringText) -> None:
        self._check(node, node.value)

    def _check(self, node: cst.CSTNode, text: str | None) -> None:
        if text and AZURE_WEBRTC_REGION.search(text) and not _is_docstring(self, node):
            self.report(node, "Azure's preview regional WebRTC host, which GA does not have", hint=f"post the SDP offer to the resource's `{AZURE_GA_CALLS}`")


class AzureClient(Rule):
    """`AzureOpenAI` / `AsyncAzureOpenAI` used for Realtime.

    The Azure clients of the `openai` SDK always send `api-version`, which
    Azure's GA Realtime endpoint refuses. GA Realtime on Azure uses the
    plain client aimed at the resource's v1 endpoint, as openai-python's own
    Azure example does: `AsyncOpenAI(websocket_base_url=<endpoint as
    wss>/openai/v1, api_key=<key or Entra token>)`, then
    `client.realtime.connect(model=<deployment>)`.

    Example:

        client = AsyncAzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version="2024-10-01-preview")
        async with client.beta.realtime.connect(model=deployment) as conn:
            ...

    Fix (unsafe):

        client = AsyncOpenAI(websocket_base_url=endpoint.replace("https://", "wss://").rstrip("/") + "/openai/v1", api_key=key)
        async with client.realtime.connect(model=deployment) as conn:
            ...

    The fix is made only where the constructor and every use of the client
    are in view (one function, the client used for Realtime alone) and the
    key is passed as `api_key`; otherwise (an Entra token provider, a client
    built elsewhere) the finding gives the recipe.
    """

    code = "RT409"
    name = "azure-client"
    speaks = True

    VALID = ('from openai import AsyncAzureOpenAI\nclient = AsyncAzureOpenAI(azure_endpoint=e, api_key=k, api_version=v)\nclient.chat.completions.create(model="m", messages=[])\n',)
    INVALID = (
        Invalid(
            "from openai import AsyncAzureOpenAI\n"
            "async def talk(endpoint, key, deployment):\n"
            '    client = AsyncAzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version="2024-10-01-preview")\n'
            "    async with client.realtime.connect(model=deployment) as conn:\n"
            "        pass\n",
            "from openai import AsyncOpenAI\n"
            "async def talk(endpoint, key, deployment):\n"
            '    client = AsyncOpenAI(websocket_base_url=endpoint.replace("https://", "wss://").rstrip("/") + "/openai/v1", api_key=key)\n'
            "    async with client.realtime.connect(model=deployment) as conn:\n"
            "        pass\n",
            unsafe=True,
        ),
        Invalid(
            "import openai\n"
            "def talk(endpoint, token_provider):\n"
            "    client = openai.AzureOpenAI(azure_endpoint=endpoint, azure_ad_token_provider=token_provider, api_version='2024-10-01-preview')\n"
            "    return client.beta.realtime.connect(model='voice')\n",
        ),
    )

    def finish(self) -> None:
        for call in self.nodes(cst.Call):
            name = dotted_name(call.func) or ""
            short = name.split(".")[-1]
            if short not in AZURE_CLIENTS:
                continue
            uses = self._uses(call)
            if uses is None or not uses or not all(self._realtime_use(u) for u in uses):
                if uses and any(self._realtime_use(u) for u in uses):
                    self.report(call, f"`{short}` sends `api-version`, which Azure's GA Realtime endpoint refuses", hint=_RECIPE)
                continue
            fix = self._fix(call, short)
            self.report(call, f"`{short}` sends `api-version`, which Azure's GA Realtime endpoint refuses", fix, hint=None if fix else _RECIPE)

    def _uses(self, call: cst.Call) -> list[cst.Name] | None:
        """The reads of the name the client is assigned to, in its function (None: not assigned to a name)."""
        parent = self.parent(call)
        if not (isinstance(parent, cst.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0].target, cst.Name)):
            return None
        name = parent.targets[0].target.value
        scope = next((a for a in self.ancestors(call) if isinstance(a, cst.FunctionDef)), self.tree.module)
        target = parent.targets[0].target
        return [n for n in self.nodes(cst.Name, within=scope) if n.value == name and n is not target]

    def _realtime_use(self, use: cst.Name) -> bool:
        """`client.realtime.connect` or `client.beta.realtime.connect`."""
        chain: list[str] = []
        node: cst.CSTNode = use
        while isinstance(parent := self.parent(node), cst.Attribute) and parent.value is node:
            chain.append(parent.attr.value)
            node = parent
        return chain[:2] == ["realtime", "connect"] or chain[:3] == ["beta", "realtime", "connect"]

    def _fix(self, call: cst.Call, short: str) -> Fix | None:
        kwargs = {a.keyword.value: a for a in call.args if a.keyword is not None}
        if len(kwargs) != len(call.args) or not set(kwargs) <= AZURE_CLIENT_ARGS or not {"azure_endpoint", "api_key"} <= set(kwargs):
            return None
        endpoint = kwargs["azure_endpoint"].value
        literal = string_value(endpoint)
        if literal is not None:
            base = cst.SimpleString(repr(literal.replace("https://", "wss://").rstrip("/") + "/openai/v1"))
        else:
            base = cst.parse_expression(f'{code(endpoint)}.replace("https://", "wss://").rstrip("/") + "/openai/v1"')
        plain = AZURE_CLIENTS[short]
        func = call.func.with_changes(attr=cst.Name(plain)) if isinstance(call.func, cst.Attribute) else cst.Name(plain)
        # each argument keeps its place and its line: the endpoint becomes the base URL, `api_version` goes
        args = [a.with_changes(keyword=cst.Name("websocket_base_url"), value=base) if a is kwargs["azure_endpoint"] else a for a in call.args]
        if "api_version" in kwargs:
            args = remove_items(args, [kwargs["api_version"]])[0]
        edits = [Edit(call, call.with_changes(func=func, args=args))]
        if isinstance(call.func, cst.Name):  # imported by name: the import must name the plain client
            edit = self._import_edit(short, plain)
            if edit is None:
                return None
            edits.append(edit)
        return Fix.unsafe(f"use `{plain}(websocket_base_url=...)` at the resource's `/openai/v1`", *edits)

    def _import_edit(self, short: str, plain: str) -> Edit | None:
        used = [n for n in self.nodes(cst.Name) if n.value == short]
        for node in self.nodes(cst.ImportFrom):
            if node.relative or dotted_name(node.module) != "openai" or isinstance(node.names, cst.ImportStar):
                continue
            alias = next((a for a in node.names if dotted_name(a.name) == short and a.asname is None), None)
            if alias is None:
                continue
            if len(used) > 2:  # the import, the call, and other uses: leave the import be
                return None
            if any(dotted_name(a.name) == plain for a in node.names):
                return Edit(node, node.with_changes(names=remove_from(node, "names", [alias]).names)) if len(node.names) > 1 else None
            return Edit(alias, alias.with_changes(name=cst.Name(plain)))
        return None
