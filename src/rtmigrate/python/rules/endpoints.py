"""Realtime HTTP endpoints: ephemeral keys, the WebRTC SDP offer, Azure (facts §8, §9)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import libcst as cst

from ...core.diagnostics import Applicability, Edit, Fix
from ...core.plans.session import CHANGED_READS, dropping, named_uses, reckoning
from ...core.routes import KEPT_READER, handing
from ...core.tables.endpoints import (
    AZURE_MARKER,
    BETA_KEY_PATH,
    BODY_SESSION_KEY,
    ephemeral_endpoint,
    READ_BY_BETA,
    RESPONSE_META,
    RESPONSE_SESSION_KEYS,
    RESPONSE_TEXT,
    SDP_CALLS_PATH,
    SDP_CALLS_SHOWN,
    SDP_CONTENT_TYPE,
    SDP_OFFER_URL,
)
from ...core.tables.session import SECRET_FIELDS, SECRET_VALUE, SHOWING_CALLS
from ..configs import Found, Plan, format_table_edit, plan, planned
from ..cstutil import dotted_name, string_value, with_string_value
from ..flow import _compared, _gotten, _index_key, _quote, _subscript, follow, shown, tested
from ..layout import Entry, explode, implode, reindent
from ..routes import response_of, route_tag
from ..rule import Invalid, Rule


def _text(node: cst.CSTNode) -> str | None:
    """The text of a string literal or f-string piece, as written."""
    if isinstance(node, cst.SimpleString) and "b" not in node.prefix.lower():
        return node.value
    if isinstance(node, cst.FormattedStringText):
        return node.value
    return None


def _retext(node: cst.CSTNode, text: str) -> cst.CSTNode:
    return node.with_changes(value=text)


@dataclass
class _UrlUse:
    call: cst.Call
    strings: list[cst.CSTNode] = field(default_factory=list)


class _UrlRule(Rule):
    """Links URL string pieces to the calls that send them, directly or through
    a module-level constant (`URL = "..."` ... `requests.post(URL, ...)`)."""

    # Everything here is read from the file's index in `finish`.

    @property
    def strings(self) -> list[cst.CSTNode]:
        return [n for n in self.nodes(cst.SimpleString, cst.FormattedStringText) if _text(n) is not None]

    @property
    def calls(self) -> list[cst.Call]:
        return self.nodes(cst.Call)

    @property
    def assigns(self) -> list[cst.Assign]:
        """`NAME = value`, in source order."""
        return _assigns(self)

    def url_of(self, call: cst.Call) -> tuple[cst.CSTNode | None, list[cst.CSTNode], set[int]]:
        """(the URL argument, its string pieces, the ids of the pieces that come
        from a constant other code uses too)."""
        return url_of(self, call)


def _assigns(rule: Rule) -> list[cst.Assign]:
    return rule.tree.once(
        "name assigns", lambda: [a for a in rule.nodes(cst.Assign) if len(a.targets) == 1 and isinstance(a.targets[0].target, cst.Name)]
    )


def _constants(rule: Rule) -> dict[str, list[cst.CSTNode]]:
    """Name → the string pieces of the value last assigned to it."""

    def compute() -> dict[str, list[cst.CSTNode]]:
        constants = {}
        for node in _assigns(rule):
            pieces = rule.nodes(cst.SimpleString, cst.FormattedStringText, within=node.value)
            if pieces:
                constants[node.targets[0].target.value] = pieces
        return constants

    return rule.tree.once("url constants", compute)


def url_of(rule: Rule, call: cst.Call) -> tuple[cst.CSTNode | None, list[cst.CSTNode], set[int]]:
    """A request's URL: (the URL argument, its string pieces, written there or
    in a constant of the module, and the ids of the pieces that come from a
    constant other code uses too)."""
    arg = next((a for a in call.args if a.keyword is not None and a.keyword.value == "url"), None)
    if arg is None:
        arg = next((a for a in call.args if a.keyword is None), None)
    if arg is None:
        return None, [], set()
    pieces = rule.nodes(cst.SimpleString, cst.FormattedStringText, within=arg.value)
    shared: set[int] = set()
    constants = _constants(rule)
    uses = rule.tree.once("name uses", lambda: Counter(n.value for n in rule.nodes(cst.Name)))
    for name in rule.nodes(cst.Name, within=arg.value):
        if name.value in constants:
            pieces += constants[name.value]
            if uses.get(name.value, 0) - _logged(rule, name.value) > 2:  # the assignment and more than one use
                shared.update(id(p) for p in constants[name.value])
    return arg.value, pieces, shared


def _logged(rule: Rule, name: str) -> int:
    """How often a log line shows the name (no use of its value)."""
    return rule.tree.once(("logged", name), lambda: sum(1 for n in rule.nodes(cst.Name) if n.value == name and in_log_line(rule, n)))


def in_log_line(rule: Rule, node: cst.CSTNode) -> bool:
    """Is ``node`` part of what a log line or `print` shows (`logger.info(f"... {URL}")`)?"""
    below = node
    for above in rule.ancestors(node):
        if isinstance(above, (cst.BaseSmallStatement, cst.BaseCompoundStatement)):
            return False
        if isinstance(above, cst.Call) and isinstance(below, cst.Arg):
            # shown by a log line; handed to any other call, a use of its own
            return (dotted_name(above.func) or "").rpartition(".")[2] in SHOWING_CALLS
        below = above
    return False


def mints_key(rule: Rule, call: cst.Call) -> bool:
    """Does ``call`` send a request to the beta ephemeral-key endpoint?"""
    _, pieces, _ = url_of(rule, call)
    return any((text := _text(p)) and ephemeral_endpoint(text) for p in pieces)


def imported_url(rule: Rule, call: cst.Call) -> tuple[cst.Name, str] | None:
    """(the name, its URL) where a request's URL is a constant another module of the
    project holds and this one imports by name (`from app.config import OFFER_URL`)."""
    given = next((a for a in call.args if a.keyword is not None and a.keyword.value == "url"), None)
    given = given or next((a for a in call.args if a.keyword is None), None)
    arg = given.value if given is not None else None
    if not isinstance(arg, cst.Name) or arg.value in _constants(rule):
        return None  # (a constant of this module is read as one)
    # (the project's facts hold only the constants this module takes by name: `from app.config import OFFER_URL`)
    project = rule.context.collector.project
    urls = rule.tree.once("imported urls", lambda: dict(entry.split("=", 1) for entry in project.value.url_constants) if project is not None else {})
    return (arg, urls[arg.value]) if arg.value in urls else None


def beta_readers(rule: Rule) -> bool:
    """Does a module that imports this one still show the beta? A key request moved
    here would then meet, there, a fake or an expectation of the beta's answer."""
    return rule.context.collector.project.value.read_by_beta


def _keyword(call: cst.Call, *names: str) -> cst.Arg | None:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value in names), None)


def request_body(call: cst.Call) -> cst.Arg | None:
    """The argument that holds a request's JSON body: `json=body`, or the body
    of `data=json.dumps(body)` (`content=` for httpx)."""
    body = _keyword(call, "json")
    if body is not None:
        return body
    raw = _keyword(call, "data", "content")
    dumped = raw.value if raw is not None else None
    if isinstance(dumped, cst.Call) and dotted_name(dumped.func) == "json.dumps" and dumped.args and dumped.args[0].keyword is None:
        return dumped.args[0]
    return None


class BetaEphemeralEndpoint(_UrlRule):
    """Ephemeral key minted at the beta endpoint `/v1/realtime/sessions`.

    GA mints ephemeral keys at `POST /v1/realtime/client_secrets`, with the
    session wrapped as `{"session": {"type": "realtime", ...}}` in GA shape,
    and returns the key at `value` (not `client_secret.value`). The beta
    `/v1/realtime/transcription_sessions` goes to the same endpoint with a
    `"transcription"` session. Found in plain strings, f-strings,
    concatenations and module constants, followed to the request that sends
    them. A request to a constant another module of the project holds
    (`from app.config import SESSION_URL`) is reported there with no fix: the
    constant and the requests that use it move together, by hand.

    Example:

        resp = requests.post("https://api.openai.com/v1/realtime/sessions",
                             json={"model": "gpt-realtime-2.1", "voice": "verse"}, headers=auth)
        key = resp.json()["client_secret"]["value"]

    Fix:

        resp = requests.post("https://api.openai.com/v1/realtime/client_secrets",
                             json={"session": {"type": "realtime", "model": "gpt-realtime-2.1", "audio": {"output": {"voice": "verse"}}}}, headers=auth)
        key = resp.json()["value"]

    The body is `json=...`, or what `data=json.dumps(...)` sends. A body
    held in a name (`json=payload`) bound once to a dict literal in
    the function (or the module) is planned there, the request sends it as
    `{"session": payload}`, and the reads and writes of its keys move with
    it. What the function does with the response follows too: the key's
    reads move to `value` and `expires_at`, and a read of the session's `id`
    (`model`, `instructions`) moves under `session`. The fix is safe when the
    body is a literal (or such a name) and the key is read in that function
    with nothing else done with the answer; otherwise it is unsafe and the
    finding names the use it cannot follow (the answer returned whole, handed
    to other code, or read at another key). A route that returns the answer
    whole to its client (`@app.get("/session")` with `return data`,
    `return JSONResponse(data)` or `return jsonify(data)`) moves safely with
    the pages of its project that fetch it and read only its key, where every
    module that names the route's path is the route or such a page (RT307
    moves their reads), and gets no fix where such a page keeps its read
    beta (its project pins an SDK version that speaks only the beta); not
    where FastAPI shapes the answer to a model of
    the app's own (`response_model=Token`, `-> Token`), which keeps only
    the beta's fields. The answer's text bound to a name
    that is only shown (`error = r.text`, then `raise RuntimeError(f"...{error}")`
    or a log line) is no such use: either API's text goes into a message
    alike. A URL built from a URL constant of the module or of its class
    (`f"{API_BASE}/realtime/sessions"`) is read whole. A body it cannot see (a
    parameter, a value built elsewhere), or a URL with no request in sight,
    gets no fix: moving the URL alone would post a beta body to GA. Where a
    module that imports this one (its tests, beside the package or in a
    `tests/` folder next to it) still shows the beta or fakes its answer
    (`{"client_secret": {"value": ...}}`), the fix is unsafe: the test
    would meet the GA request with a beta answer.
    """

    code = "RT402"
    name = "beta-ephemeral-endpoint"
    speaks = True  # the key it mints selects the protocol of the connection it opens

    VALID = (
        'import requests\nr = requests.post("https://api.openai.com/v1/realtime/client_secrets", json={"session": {"type": "realtime"}})\n',
        # a test posting to the app's own route, named after the beta endpoint
        'import openai\nr = client.post("/api/realtime/sessions", json={"voice": "verse"})\n',
        # a URL built from another provider's base: that provider's endpoint, left alone
        'import httpx\nAPI_BASE = "https://api.x.ai/v1"\nKEY_URL = f"{API_BASE}/realtime/sessions"\n'
        'def mint():\n    return httpx.post(KEY_URL, json={"model": "m"}).json()["client_secret"]["value"]\n',
    )
    INVALID = (
        Invalid(
            'import requests\ndef mint():\n    r = requests.post("https://api.openai.com/v1/realtime/sessions", json={"model": "gpt-realtime-2.1"})\n    return r.json()["client_secret"]["value"]\n',
            'import requests\ndef mint():\n    r = requests.post("https://api.openai.com/v1/realtime/client_secrets", json={"session": {"type": "realtime", "model": "gpt-realtime-2.1"}})\n    return r.json()["value"]\n',
        ),
        # a form body: the URL, the body and the reads move together, by hand
        Invalid('import requests\ndef mint(form):\n    return requests.post("https://api.openai.com/v1/realtime/sessions", data=form).json()["client_secret"]["value"]\n'),
        # a body it cannot see: the URL, the body and the reads move together, by hand
        Invalid('import httpx\nURL = "https://api.openai.com/v1/realtime/sessions"\ndef mint(body):\n    return httpx.post(URL, json=body)\n'),
        # a body kept in a name, read back; the session's id read from the answer
        Invalid(
            'import requests\ndef mint():\n    body = {"voice": "verse"}\n    print(body["voice"])\n'
            '    data = requests.post("https://api.openai.com/v1/realtime/sessions", json=body).json()\n'
            '    return data.get("id"), data.get("client_secret", {}).get("value")\n',
            'import requests\ndef mint():\n    body = {"type": "realtime", "audio": {"output": {"voice": "verse"}}}\n    print(body["audio"]["output"]["voice"])\n'
            '    data = requests.post("https://api.openai.com/v1/realtime/client_secrets", json={"session": body}).json()\n'
            '    return data.get("session", {}).get("id"), data.get("value")\n',
        ),
        # the answer written out for a log line is only shown: the key read moves, safely
        Invalid(
            'import json\nimport requests\ndef mint():\n    data = requests.post("https://api.openai.com/v1/realtime/sessions", json={}).json()\n'
            '    print(json.dumps(data, indent=2))\n    return data["client_secret"]["value"]\n',
            'import json\nimport requests\ndef mint():\n    data = requests.post("https://api.openai.com/v1/realtime/client_secrets", json={"session": {"type": "realtime"}}).json()\n'
            '    print(json.dumps(data, indent=2))\n    return data["value"]\n',
        ),
        # a name bound again in a lambda is another value: left as it is
        Invalid(
            'import requests\ndef mint(items):\n    data = requests.post("https://api.openai.com/v1/realtime/sessions", json={}).json()\n'
            '    ids = list(map(lambda data: data["id"], items))\n    return data["client_secret"]["value"], ids\n',
            'import requests\ndef mint(items):\n    data = requests.post("https://api.openai.com/v1/realtime/client_secrets", json={"session": {"type": "realtime"}}).json()\n'
            '    ids = list(map(lambda data: data["id"], items))\n    return data["value"], ids\n',
        ),
        # the name bound again: followed up to there, and the fix is unsafe
        Invalid(
            'import requests\ndef mint(load):\n    data = requests.post("https://api.openai.com/v1/realtime/sessions", json={}).json()\n'
            '    key = data["client_secret"]["value"]\n    data = load()\n    return key, data["id"]\n',
            'import requests\ndef mint(load):\n    data = requests.post("https://api.openai.com/v1/realtime/client_secrets", json={"session": {"type": "realtime"}}).json()\n'
            '    key = data["value"]\n    data = load()\n    return key, data["id"]\n',
            unsafe=True,
        ),
        # a test that the answer holds a key asks for GA's key
        Invalid(
            'import requests\ndef mint():\n    data = requests.post("https://api.openai.com/v1/realtime/sessions", json={}).json()\n'
            '    if "client_secret" not in data or not data.get("client_secret"):\n        raise RuntimeError("no key")\n    return data["client_secret"]["value"]\n',
            'import requests\ndef mint():\n    data = requests.post("https://api.openai.com/v1/realtime/client_secrets", json={"session": {"type": "realtime"}}).json()\n'
            '    if "value" not in data or not data.get("value"):\n        raise RuntimeError("no key")\n    return data["value"]\n',
        ),
        # the app's own field written into the answer it hands on stays where its page reads it: unsafe
        Invalid(
            'import requests\ndef token():\n    data = requests.post("https://api.openai.com/v1/realtime/sessions", json={}).json()\n'
            '    data["model"] = MODEL\n    return data\n',
            'import requests\ndef token():\n    data = requests.post("https://api.openai.com/v1/realtime/client_secrets", json={"session": {"type": "realtime"}}).json()\n'
            '    data["model"] = MODEL\n    return data\n',
            unsafe=True,
        ),
        # the answer's text only shown in an error: either API's text goes into a message alike
        Invalid(
            'import requests\ndef mint():\n    r = requests.post("https://api.openai.com/v1/realtime/sessions", json={})\n'
            '    if not r.ok:\n        error = r.text\n        raise RuntimeError(f"no key: {error}")\n    return r.json()["client_secret"]["value"]\n',
            'import requests\ndef mint():\n    r = requests.post("https://api.openai.com/v1/realtime/client_secrets", json={"session": {"type": "realtime"}})\n'
            '    if not r.ok:\n        error = r.text\n        raise RuntimeError(f"no key: {error}")\n    return r.json()["value"]\n',
        ),
        # ... but handed on, the text may be read as JSON elsewhere: unsafe
        Invalid(
            'import requests\ndef mint():\n    r = requests.post("https://api.openai.com/v1/realtime/sessions", json={})\n'
            '    text = r.text\n    return text\n',
            'import requests\ndef mint():\n    r = requests.post("https://api.openai.com/v1/realtime/client_secrets", json={"session": {"type": "realtime"}})\n'
            '    text = r.text\n    return text\n',
            unsafe=True,
        ),
        # the answer handed on whole: a browser may read `client_secret.value` there
        Invalid(
            'import requests\ndef mint():\n    r = requests.post("https://api.openai.com/v1/realtime/sessions", json={"voice": "verse"})\n'
            '    key = r.json()["client_secret"]["value"]\n    return {"key": key, "raw": r.json()}\n',
            'import requests\ndef mint():\n    r = requests.post("https://api.openai.com/v1/realtime/client_secrets", json={"session": {"type": "realtime", "audio": {"output": {"voice": "verse"}}}})\n'
            '    key = r.json()["value"]\n    return {"key": key, "raw": r.json()}\n',
            unsafe=True,
        ),
    )

    def finish(self) -> None:
        handled: set[int] = set()
        for call in self.calls:
            _, pieces, _ = self.url_of(call)
            imported = imported_url(self, call)
            row = ephemeral_endpoint(imported[1]) if imported is not None else None
            if imported is not None and row is not None and request_body(call) is not None:
                # the constant and the requests of other modules that use it move together, by hand
                self.report(imported[0], f"ephemeral key minted at the beta endpoint (`{imported[0].value}` is `{imported[1]}`)",
                            hint=f'post to `{row.shown}` with the body as {{"session": {{"type": "{row.kind}", ...GA fields}}}}; the key is then at `.value`')
            for piece in pieces:
                text = _text(piece)
                row = ephemeral_endpoint(text) if text else None
                if row is None or id(piece) in handled:
                    continue
                handled.add(id(piece))
                self._fix_request(call, piece, row)
        for piece in self.strings:
            text = _text(piece)
            row = ephemeral_endpoint(text) if text else None
            if row is not None and id(piece) not in handled:
                if not _whole(row.pattern.sub(row.ga, text)):
                    self._unfixable(piece, row)
                    continue
                # the request is out of sight: moving the URL alone would post a beta body to GA
                self.report(
                    piece,
                    "beta ephemeral-key endpoint",
                    hint=f'post to `{row.shown}`, with the request body as {{"session": {{"type": "{row.kind}", ...}}}}, '
                    'and read the key at ["value"]: the URL, the body and the reads move together',
                )

    def _fix_request(self, call: cst.Call, piece: cst.CSTNode, row) -> None:
        new = row.pattern.sub(row.ga, _text(piece))
        if not _whole(new):
            self._unfixable(piece, row)
            return
        edits = [Edit(piece, _retext(piece, new))]
        notes: list[str] = []
        blockers: list[cst.CSTNode | str] = []
        body = request_body(call)
        literal = bound_literal(self, call, body.value) if body is not None and isinstance(body.value, cst.Name) else None
        if body is not None and isinstance(body.value, cst.Dict):
            result = plan(body.value, row.kind)
            session = result.replacement if result is not None and result.replacement is not None else body.value
            edits.append(Edit(body.value, _wrap_session(session)))
            if result is not None and result.leftovers:
                notes.append("parts of the body are not literal: " + "; ".join(left.message for left in result.leftovers))
            if result is not None and result.dropped:
                notes.append(dropping(result.dropped))
        elif body is not None and literal is not None:
            # `json=payload`, the name bound once to a dict literal: the literal becomes the
            # GA session, its reads and writes move with it, and the request wraps it
            result = planned(self, literal, row.kind) or Plan(row.kind)
            if result.replacement is not None:
                edits.append(Edit(literal, result.replacement))
            if result.leftovers:
                notes.append("parts of the body are not literal: " + "; ".join(left.message for left in result.leftovers))
            if result.dropped:
                notes.append(dropping(result.dropped))
            if result.reckoned:
                notes.append(reckoning(result.reckoned))
            followed = follow(self, Found(literal, row.kind, literal), result, sinks=frozenset({id(body)}))
            edits += followed.edits
            blockers += followed.blockers
            for name in sorted(result.tables):  # `FORMATS[source]`: the table turns GA with it
                edit, unfollowed = format_table_edit(self, name, literal)
                edits.append(edit)
                blockers += unfollowed
            edits.append(Edit(body.value, cst.Dict([cst.DictElement(cst.SimpleString(f'"{BODY_SESSION_KEY}"'), body.value)])))
        elif body is not None or _keyword(call, "data", "content", "files", "body") is not None:
            # a body rtmigrate cannot see (a parameter, a value built elsewhere): moving the
            # URL alone would post it, beta still, to GA
            self.report(
                piece,
                "beta ephemeral-key endpoint",
                hint=f'post to `{row.shown}` with the body as {{"session": {{"type": "{row.kind}", ...GA fields}}}} '
                'and read the key at ["value"]; the body here is not a literal rtmigrate can move',
            )
            return
        uses = self._response_uses(call, row.kind)
        edits += uses.edits
        # a route that hands the answer whole to the pages that read its key moves with them
        route = self._route(call, uses) if not notes and not blockers and not beta_readers(self) else None
        route = route or handing(self._handed(call, uses))
        if self.kept_by_reader(route):
            self.report(piece, "beta ephemeral-key endpoint", hint=f'post to `{row.shown}` with the body as {{"session": {{"type": "{row.kind}", ...GA fields}}}}; '
                        f"not fixed: {KEPT_READER}")
            return
        paired = route is not None and self.paired(route)
        blockers += [] if paired else uses.blockers
        if not uses.key_read and not paired:
            notes.append('read the key at ["value"] of the response, not ["client_secret"]["value"]')
        named, changed = named_uses([shown(b) for b in blockers])
        if named:
            notes.append("it cannot follow " + named)
        if changed:
            notes.append(CHANGED_READS.format(uses=changed))
        if not notes and beta_readers(self):
            notes.append(READ_BY_BETA)
        applicability = Applicability.UNSAFE if notes else Applicability.SAFE
        fix = Fix(applicability, f"use `{row.shown}` with the session wrapped" + (f" ({'; '.join(notes)})" if notes else ""), tuple(edits))
        message = "beta ephemeral-key endpoint" + (f"; the fix is unsafe: {'; '.join(notes)}" if notes else "")
        self.report(piece, message, fix, hint="; ".join(notes) or None, tag=(route, id(call)) if route is not None else None)

    def _unfixable(self, piece: cst.CSTNode, row) -> None:
        self.report(
            piece,
            "beta ephemeral-key endpoint",
            hint=f"post to `{row.shown}` with no `api-version`, the body as {{\"session\": {{\"type\": \"{row.kind}\", ...}}}}, "
            "and read the key at [\"value\"]; the query here is built from parts rtmigrate cannot rewrite",
        )

    def _response_uses(self, call: cst.Call, kind: str) -> "_Uses":
        """What the function that sends the request does with its response: reads of
        the key (`r.json()["client_secret"]["value"]` → `r.json()["value"]`) and of
        the session's id move with the fix; any other use of the body (handed on,
        returned, read at another key) is one the fix cannot follow."""
        function = self._outer_function(call)
        uses = _Uses()
        if function is None:
            uses.blockers.append(call)
            return uses
        raw: set[str] = set()  # names of the response
        data: set[str] = set()  # names of its decoded body
        bindings: set[int] = set()
        targets: set[int] = set()  # the names the answer is bound to first
        for assign in self.nodes(cst.Assign, cst.WithItem, within=function):
            value = assign.value if isinstance(assign, cst.Assign) else assign.item
            target = (
                assign.targets[0].target if isinstance(assign, cst.Assign) and len(assign.targets) == 1
                else getattr(getattr(assign, "asname", None), "name", None)
            )
            if not isinstance(target, cst.Name):
                continue
            inner = value.expression if isinstance(value, cst.Await) else value
            if inner is call:
                raw.add(target.value)
                bindings.add(id(value))
                targets.add(id(target))
            elif _is_json_of(inner, call, raw):
                data.add(target.value)
                bindings.add(id(value))
                targets.add(id(target))
        if not raw and not data:
            self._body_use(call, kind, uses, decoded=False)
            return uses
        for node in self.nodes(cst.Name, within=function):  # in source order
            if node.value not in raw | data:
                continue
            parent = self.parent(node)
            if id(node) not in targets and isinstance(parent, (cst.AssignTarget, cst.AsName, cst.AugAssign, cst.AnnAssign, cst.For)) \
                    and getattr(parent, "target", getattr(parent, "name", None)) is node and not shadowed(self, node, function):
                uses.blockers.append(f"{node.value} (bound again)")  # what follows reads another value: not followed
                raw.discard(node.value)
                data.discard(node.value)
                continue
            if isinstance(parent, (cst.AssignTarget, cst.AsName)) or (isinstance(parent, cst.Attribute) and parent.attr is node) or (isinstance(parent, cst.Arg) and parent.keyword is node):
                continue
            if shadowed(self, node, function):
                continue  # another value of the same name (`lambda data: ...`, `for data in ...`)
            self._body_use(node, kind, uses, decoded=node.value in data, bindings=bindings)
        return uses

    def _body_use(self, node: cst.BaseExpression, kind: str, uses: "_Uses", decoded: bool, bindings: frozenset[int] | set[int] = frozenset()) -> None:
        """One use of the response (``decoded``: of its decoded body)."""
        parent = self.parent(node)
        while isinstance(parent, cst.Await):
            node, parent = parent, self.parent(parent)
        if not decoded:
            if isinstance(parent, cst.Attribute) and parent.value is node:
                attr = parent.attr.value
                outer = self.parent(parent)
                if attr == "json" and isinstance(outer, cst.Call) and outer.func is parent:
                    if id(_lifted(self, outer)) not in bindings:
                        self._body_use(outer, kind, uses, decoded=True)
                    return
                if attr in RESPONSE_META or (attr in RESPONSE_TEXT and (self._shown(parent) or self._text_shown(parent))):
                    return
            if _compared(parent, node) or isinstance(parent, cst.FormattedStringExpression):
                return
            uses.blockers.append(parent if parent is not None else node)
            return
        # the decoded body
        if isinstance(parent, cst.Subscript) and parent.value is node:
            key = _index_key(parent)
            outer = self.parent(parent)
            if key == BETA_KEY_PATH[0] and isinstance(outer, cst.Subscript) and outer.value is parent and _index_key(outer) in SECRET_FIELDS:
                uses.edits.append(Edit(outer, outer.with_changes(value=node)))
                uses.key_read = True
                return
            if key in RESPONSE_SESSION_KEYS[kind] and not isinstance(outer, (cst.AssignTarget, cst.AugAssign)):
                uses.edits.append(Edit(parent, parent.with_changes(value=_subscript(node, BODY_SESSION_KEY, _quote(parent.slice[0].slice.value)))))
                return
            if key == BETA_KEY_PATH[0] and tested(self, parent):  # `if not data["client_secret"]:` asks for the key
                uses.edits.append(Edit(parent, _subscript(node, SECRET_VALUE, _quote(parent.slice[0].slice.value))))
                return
            uses.blockers.append(parent)
            return
        if isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value == "get":
            call = self.parent(parent)
            key = string_value(call.args[0].value) if isinstance(call, cst.Call) and call.args else None
            outer = self.parent(call) if key is not None else None
            after = self.parent(outer) if isinstance(outer, cst.Attribute) and outer.value is call and outer.attr.value == "get" else None
            inner = string_value(after.args[0].value) if isinstance(after, cst.Call) and after.args else None
            if key == BETA_KEY_PATH[0] and inner in SECRET_FIELDS:
                uses.edits.append(Edit(after, after.with_changes(func=outer.with_changes(value=node))))
                uses.key_read = True
                return
            if key in RESPONSE_SESSION_KEYS[kind]:
                uses.edits.append(Edit(call, call.with_changes(func=parent.with_changes(value=_gotten(node, (BODY_SESSION_KEY,), _quote(call.args[0].value))))))
                return
            if key == BETA_KEY_PATH[0] and tested(self, call):  # `if not data.get("client_secret"):`
                uses.edits.append(Edit(call.args[0].value, with_string_value(call.args[0].value, SECRET_VALUE)))
                return
            uses.blockers.append(call if call is not None else parent)
            return
        if isinstance(parent, cst.ComparisonTarget) and parent.comparator is node and isinstance(parent.operator, (cst.In, cst.NotIn)):
            comparison = self.parent(parent)
            if isinstance(comparison, cst.Comparison) and len(comparison.comparisons) == 1 and string_value(comparison.left) == BETA_KEY_PATH[0]:
                uses.edits.append(Edit(comparison.left, with_string_value(comparison.left, SECRET_VALUE)))  # `"client_secret" in data`
                return
        if _compared(parent, node) or isinstance(parent, cst.FormattedStringExpression) or self._shown(node) or tested(self, node):
            return
        response = response_of(node, self.parent)
        if response is not None:
            uses.responses.append(response)
        uses.blockers.append(parent if parent is not None else node)

    def _route(self, call: cst.Call, uses: "_Uses") -> str | None:
        """The tag of the key route (`core.routes`) whose handler sends ``call``, where the
        only uses of its answer the fix cannot follow hand it whole to the route's client."""
        if not uses.responses or len(uses.responses) != len(uses.blockers):
            return None
        return self._handed(call, uses)

    def _handed(self, call: cst.Call, uses: "_Uses") -> str | None:
        """The tag of the key route whose handler sends ``call`` and hands its answer to
        the route's client, whatever else it does with it."""
        function = self._outer_function(call) if uses.responses else None
        return route_tag(function) if function is not None else None

    def _outer_function(self, node: cst.CSTNode) -> cst.FunctionDef | None:
        """The outermost function around ``node`` (None: module level)."""
        return next((f for f in reversed(list(self.ancestors(node))) if isinstance(f, cst.FunctionDef)), None)

    def _text_shown(self, text: cst.Attribute) -> bool:
        """`error = response.text` (or `await response.text()`), the name bound once in
        its function and only shown there (`raise Exception(f"...{error}")`, a log
        line): the answer's text, whatever API wrote it, only goes into a message."""
        node: cst.CSTNode = text
        parent = self.parent(node)
        if isinstance(parent, cst.Call) and parent.func is node and not parent.args:
            node, parent = parent, self.parent(parent)
        if isinstance(parent, cst.Await):
            node, parent = parent, self.parent(parent)
        if not (isinstance(parent, cst.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0].target, cst.Name)):
            return False
        name = parent.targets[0].target.value
        function = self._outer_function(parent)
        if function is None:
            return False
        uses = [n for n in self.nodes(cst.Name, within=function) if n.value == name and n is not parent.targets[0].target]
        return all(self._shown(n) and not isinstance(self.parent(n), (cst.AssignTarget, cst.AugAssign, cst.AnnAssign)) for n in uses)

    def _shown(self, node: cst.CSTNode) -> bool:
        """Is the value only shown: an argument of a log line or `print`, written out
        for one first (`print(json.dumps(data, indent=2))`)?"""
        arg = self.parent(node)
        call = self.parent(arg) if isinstance(arg, cst.Arg) else None
        if isinstance(call, cst.Call) and (dotted_name(call.func) or "").rpartition(".")[2] in SHOWING_CALLS:
            return True
        if isinstance(call, cst.Call) and dotted_name(call.func) == "json.dumps" and call.args[0] is arg and arg.keyword is None:
            return self._shown(call)
        return any(isinstance(a, cst.FormattedStringExpression) for a in self.ancestors(node) if not isinstance(a, (cst.SimpleStatementLine, cst.FunctionDef)))


def bound_literal(rule: Rule, call: cst.Call, name: cst.Name) -> cst.Dict | None:
    """The dict literal a request argument's name (its body, its headers) is bound
    to, once, in the function that sends it (or the module)."""
    scopes = [a for a in rule.ancestors(call) if isinstance(a, (cst.FunctionDef, cst.Module))]
    for function in scopes[:-1]:
        if any(p.name.value == name.value for p in rule.nodes(cst.Param, within=function.params)):
            return None  # a parameter: what callers pass
    for scope in scopes[:1] + scopes[-1:]:
        values = [
            a.value for a in rule.nodes(cst.Assign, cst.AnnAssign, within=scope)
            if any(isinstance(t, cst.Name) and t.value == name.value for t in _targets(a))
            and next((s for s in rule.ancestors(a) if isinstance(s, (cst.FunctionDef, cst.Module))), None) is scope
        ]
        if values:
            return values[0] if len(values) == 1 and isinstance(values[0], cst.Dict) else None
    return None


def shadowed(rule: Rule, name: cst.Name, function: cst.CSTNode) -> bool:
    """Is ``name`` bound again between itself and ``function``: a parameter of a
    nested function or lambda, or a comprehension's or loop's target?"""
    for scope in rule.ancestors(name):
        if scope is function:
            return False
        if isinstance(scope, (cst.FunctionDef, cst.Lambda)):
            if any(p.name.value == name.value for p in rule.nodes(cst.Param, within=scope.params)):
                return True
        if isinstance(scope, (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.For)):
            targets = [f.target for f in rule.nodes(cst.CompFor, within=scope)] if not isinstance(scope, cst.For) else [scope.target]
            if any(isinstance(n, cst.Name) and n.value == name.value for t in targets for n in [t, *rule.nodes(cst.Name, within=t)]):
                return True
    return False


def _targets(node: cst.Assign | cst.AnnAssign) -> list[cst.BaseExpression]:
    return [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]


def _lifted(rule: Rule, node: cst.CSTNode) -> cst.CSTNode:
    """``node`` with the `await` around it."""
    parent = rule.parent(node)
    return parent if isinstance(parent, cst.Await) else node








@dataclass
class _Uses:
    edits: list[Edit] = field(default_factory=list)
    blockers: list[cst.CSTNode] = field(default_factory=list)
    key_read: bool = False  # the key is read here (and moves with the fix)
    responses: list[cst.CSTNode] = field(default_factory=list)  # of the blockers, the answer handed whole to a route's client




def _whole(text: str) -> bool:
    """Is a rewritten URL piece whole: no `api-version` left whose value was interpolated after it?"""
    return "api-version" not in text and not text.rstrip("\"'").endswith(("?", "&"))




def _is_json_of(node: cst.CSTNode, call: cst.Call, responses: set[str]) -> bool:
    node = node.expression if isinstance(node, cst.Await) else node
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "json":
        base = node.func.value
        base = base.expression if isinstance(base, cst.Await) else base
        return base is call or (isinstance(base, cst.Name) and base.value in responses)
    return False




def _wrap_session(session: cst.Dict) -> cst.Dict:
    entries, layout, _, _ = explode(session)
    if layout.inner is None:
        return cst.Dict([cst.DictElement(cst.SimpleString(f'"{BODY_SESSION_KEY}"'), session)])
    inner = reindent(session, layout.step)  # one level deeper, inside the wrapper
    return implode([Entry(cst.SimpleString(f'"{BODY_SESSION_KEY}"'), inner)], layout)


class WebRtcOfferEndpoint(_UrlRule):
    """WebRTC SDP offer posted to the beta endpoint `/v1/realtime?model=...`.

    In GA the browser's (or a server's) SDP offer goes to
    `POST /v1/realtime/calls`. Found where a request sends
    `Content-Type: application/sdp` to a `.../v1/realtime` URL.

    Example:

        requests.post("https://api.openai.com/v1/realtime?model=gpt-realtime-2.1",
                      data=offer_sdp, headers={"Content-Type": "application/sdp"})

    Fix:

        requests.post("https://api.openai.com/v1/realtime/calls?model=gpt-realtime-2.1",
                      data=offer_sdp, headers={"Content-Type": "application/sdp"})

    A URL held in a constant that other code also uses is reported, not
    rewritten (a log line that shows it is no such use). A constant another
    module of the project holds (`from app.config import REALTIME_URL`, its
    value `.../v1/realtime`) keeps its value for its other uses (the
    WebSocket URL): the offer goes to `REALTIME_URL + "/calls"`.
    """

    code = "RT403"
    name = "webrtc-offer-endpoint"
    speaks = True

    VALID = ('import requests\nrequests.post("https://api.openai.com/v1/realtime?model=m", json={})\n',)
    INVALID = (
        Invalid(
            'import requests\nr = requests.post("https://api.openai.com/v1/realtime?model=m", data=sdp, headers={"Content-Type": "application/sdp"})\n',
            'import requests\nr = requests.post("https://api.openai.com/v1/realtime/calls?model=m", data=sdp, headers={"Content-Type": "application/sdp"})\n',
        ),
        # a log line's mention of the URL is no other use of it
        Invalid(
            'import logging\nimport requests\nURL = "https://api.openai.com/v1/realtime"\n'
            'logging.info(f"offer to {URL}")\nrequests.post(URL, data=sdp, headers={"Content-Type": "application/sdp"})\n',
            'import logging\nimport requests\nURL = "https://api.openai.com/v1/realtime/calls"\n'
            'logging.info(f"offer to {URL}")\nrequests.post(URL, data=sdp, headers={"Content-Type": "application/sdp"})\n',
        ),
        # the headers written in a name of the function, the URL in a constant of the module
        Invalid(
            'import requests\nURL = "https://api.openai.com/v1/realtime"\n\ndef offer(sdp, key):\n'
            '    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/sdp"}\n'
            '    return requests.post(URL, headers=headers, params={"model": "m"}, data=sdp)\n',
            'import requests\nURL = "https://api.openai.com/v1/realtime/calls"\n\ndef offer(sdp, key):\n'
            '    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/sdp"}\n'
            '    return requests.post(URL, headers=headers, params={"model": "m"}, data=sdp)\n',
        ),
    )

    def finish(self) -> None:
        for call in self.calls:
            headers = _keyword(call, "headers")
            sent = headers.value if headers is not None else None
            if isinstance(sent, cst.Name):
                sent = bound_literal(self, call, sent)  # `headers=sdp_headers`, a dict written in the function
            if sent is None or not any(
                isinstance(e, cst.DictElement) and (string_value(e.value) or "").lower().startswith(SDP_CONTENT_TYPE)
                for e in getattr(sent, "elements", [])
            ):
                continue
            imported = imported_url(self, call)
            if imported is not None and SDP_OFFER_URL.search(imported[1]) and not AZURE_MARKER.search(imported[1]):
                # `OFFER_URL` from another module, `.../v1/realtime`: the offer goes to `OFFER_URL + "/calls"`;
                # the constant keeps its value for its other uses (the WebSocket URL)
                name, url = imported
                message = f"WebRTC offer sent to the beta endpoint (`{name.value}` is `{url}`)"
                suffix = "/" + SDP_CALLS_PATH.rpartition("/")[2]
                if "?" in url:
                    self.report(name, message, hint=f"post the SDP offer to `{SDP_CALLS_SHOWN}`")
                else:
                    new = cst.BinaryOperation(name, cst.Add(), cst.SimpleString(f'"{suffix}"'))
                    self.report(name, message, Fix.safe(f"post to `{SDP_CALLS_SHOWN}`", Edit(name, new)))
                continue
            _, pieces, shared = self.url_of(call)
            for piece in pieces:
                text = _text(piece)
                if not text or not SDP_OFFER_URL.search(text.rstrip("\"'")) or AZURE_MARKER.search(text):
                    continue
                new = SDP_OFFER_URL.sub(SDP_CALLS_PATH, text.rstrip("\"'")) + text[len(text.rstrip("\"'")):]
                if id(piece) in shared:
                    self.report(piece, "WebRTC offer sent to the beta endpoint", hint=f"post the SDP offer to `{SDP_CALLS_SHOWN}`; this URL is also used elsewhere")
                else:
                    self.report(piece, "WebRTC offer sent to the beta endpoint", Fix.safe(f"post to `{SDP_CALLS_SHOWN}`", Edit(piece, _retext(piece, new))))
