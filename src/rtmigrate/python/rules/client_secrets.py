"""Ephemeral client secrets (facts §5): the beta session-creating calls and
the reads of their results, to ``client_secrets.create`` and its GA shape."""

from __future__ import annotations

import libcst as cst

from ...core.diagnostics import Applicability, Edit, Fix
from ...core.plans.session import dropping
from ...core.tables.endpoints import BODY_SESSION_KEY, READ_BY_BETA, RESPONSE_SESSION_KEYS
from ...core.tables.session import (
    CLIENT_SECRET_KEY,
    CREATE_CALLS,
    EXPIRES_AFTER_KEY,
    SECRET_FIELDS,
    SECRET_VALUE,
)
from ..configs import (
    plan,
)
from ..cstutil import dotted_name, string_value
from ..layout import Entry, Layout, code, implode, reindent
from ..context import reads_ga_key_beside
from ..flow import shown as shown_use, tested
from .endpoints import beta_readers, shadowed
from ..rule import Invalid, Rule


class BetaSessionCreate(Rule):
    """Ephemeral key minted with the beta `sessions.create`.

    `client.beta.realtime.sessions.create(**session)` becomes
    `client.realtime.client_secrets.create(session={"type": "realtime", ...})`
    with the session in the GA shape, and
    `transcription_sessions.create(...)` likewise with a `"transcription"`
    session. The beta `client_secret={"expires_after": ...}` becomes the
    top-level `expires_after=...`.

    Example:

        key = client.beta.realtime.sessions.create(model="gpt-realtime-2.1", voice="verse")

    Fix (unsafe):

        key = client.realtime.client_secrets.create(session={"type": "realtime", "model": "gpt-realtime-2.1", "audio": {"output": {"voice": "verse"}}})

    The result changes shape: the key is at `.value`, not
    `.client_secret.value`, and the session's `id` (`model`,
    `instructions`) at `.session.id`. Those reads of the result in the same
    function move with the call. The fix is safe where the key is read there
    and nothing else is done with the result; it is unsafe, and names the
    use, where the result is returned or handed on (a browser reading the
    server's JSON may still read `client_secret.value`), and where a module
    that imports this one still fakes the beta's answer (a test). Request
    options (`extra_headers`, `timeout`, ...) stay arguments.
    """

    code = "RT303"
    name = "beta-session-create"
    speaks = True  # the key it mints selects the protocol of the connection that uses it

    REQUEST_OPTIONS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})

    VALID = ('import openai\nkey = client.realtime.client_secrets.create(session={"type": "realtime"})\n',)
    INVALID = (
        Invalid(
            'import openai\nkey = client.beta.realtime.sessions.create(model="gpt-realtime-2.1", voice="verse")\n',
            'import openai\nkey = client.realtime.client_secrets.create(session={"type": "realtime", "model": "gpt-realtime-2.1", "audio": {"output": {"voice": "verse"}}})\n',
            unsafe=True,
        ),
        Invalid(
            "import openai\nkey = client.beta.realtime.sessions.create(**settings)\n",
        ),
        # the result used up in the function: safe
        Invalid(
            'import openai\ndef mint():\n    s = client.beta.realtime.sessions.create(voice="verse")\n    log(s.id)\n    return s.client_secret.value\n',
            'import openai\ndef mint():\n    s = client.realtime.client_secrets.create(session={"type": "realtime", "audio": {"output": {"voice": "verse"}}})\n    log(s.session.id)\n    return s.value\n',
        ),
        # a test that the result holds a key asks for GA's key
        Invalid(
            'import openai\ndef mint():\n    s = client.beta.realtime.sessions.create(voice="verse")\n    if not s.client_secret:\n        raise RuntimeError\n    return s.client_secret.value\n',
            'import openai\ndef mint():\n    s = client.realtime.client_secrets.create(session={"type": "realtime", "audio": {"output": {"voice": "verse"}}})\n    if not s.value:\n        raise RuntimeError\n    return s.value\n',
        ),
    )

    def finish(self) -> None:
        for node in self.nodes(cst.Call):
            if beta_create_call(node) is not None:
                self._create(node)

    def _create(self, node: cst.Call) -> None:
        func = node.func
        resource = func.value
        realtime = resource.value
        kind = CREATE_CALLS[resource.attr.value]
        shown = f"{code(realtime.value.value)}.beta.realtime.{resource.attr.value}.create"
        dynamic = [a for a in node.args if a.keyword is None]
        if dynamic:
            self.report(
                node,
                f"`{shown}` is the beta ephemeral-key call",
                hint=f'use `client.realtime.client_secrets.create(session={{"type": "{kind}", ...}})` with GA fields; '
                f"`{code(dynamic[0])}` is not literal, so move it by hand",
            )
            return
        opening = node.whitespace_before_args
        multiline = isinstance(opening, cst.ParenthesizedWhitespace)
        arg_indent = opening.last_line.value if multiline else ""
        last = node.args[-1] if node.args else None
        closing_ws = last.comma.whitespace_after if last is not None and isinstance(last.comma, cst.Comma) else None
        closing = closing_ws.last_line.value if isinstance(closing_ws, cst.ParenthesizedWhitespace) else ""
        step = arg_indent[len(closing):] if arg_indent.startswith(closing) and len(arg_indent) > len(closing) else "    "
        entries: list[Entry] = []
        options: list[cst.Arg] = []
        expires: cst.Arg | None = None
        for arg in node.args:
            name = arg.keyword.value
            comment = arg.comma.whitespace_after.first_line if isinstance(arg.comma, cst.Comma) and isinstance(arg.comma.whitespace_after, cst.ParenthesizedWhitespace) else None
            if name in self.REQUEST_OPTIONS:
                options.append(arg)
            elif name == CLIENT_SECRET_KEY:
                inner = arg.value
                value = next(
                    (e.value for e in getattr(inner, "elements", []) if isinstance(e, cst.DictElement) and string_value(e.key) == EXPIRES_AFTER_KEY),
                    None,
                )
                if value is None:
                    self.report(arg, "`client_secret` is not a literal `{\"expires_after\": ...}`", hint="pass `expires_after=...` to `client_secrets.create`")
                    return
                expires = arg.with_changes(value=value, keyword=cst.Name(EXPIRES_AFTER_KEY))
            else:
                entries.append(Entry(cst.SimpleString(f'"{name}"'), reindent(arg.value, step if multiline else ""), trailing=comment))
        layout = Layout(arg_indent + step, arg_indent, step) if multiline else Layout(None)
        session = implode(entries, layout)
        result = plan(session, kind)
        new_session = result.replacement if result and result.replacement is not None else session
        args = [cst.Arg(value=new_session, keyword=cst.Name("session"), equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")))]
        if expires is not None:
            args.append(expires)
        args.extend(options)
        if multiline:
            between = cst.Comma(whitespace_after=cst.ParenthesizedWhitespace(indent=True, last_line=cst.SimpleWhitespace(arg_indent)))
            final = last.comma if isinstance(last.comma, cst.Comma) else cst.MaybeSentinel.DEFAULT
            args = [a.with_changes(comma=between if i < len(args) - 1 else final, whitespace_after_arg=cst.SimpleWhitespace("") if i < len(args) - 1 else last.whitespace_after_arg) for i, a in enumerate(args)]
        else:
            args = [a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")) if i < len(args) - 1 else cst.MaybeSentinel.DEFAULT) for i, a in enumerate(args)]
        new_func = cst.Attribute(
            value=cst.Attribute(value=realtime.with_changes(value=realtime.value.value), attr=cst.Name("client_secrets")),
            attr=cst.Name("create"),
        )
        replacement = node.with_changes(func=new_func, args=args)
        edits, blockers, read = result_uses(self, node, replacement, kind)
        # safe where the answer is used up here: its key read, nothing else taken from it
        dropped = result.dropped if result is not None else []
        safe = read and not blockers and not dropped and not (result is not None and result.leftovers)
        message = f"`{shown}` is the beta ephemeral-key call"
        if blockers:
            message += "; the fix is unsafe: it cannot follow " + ", ".join(f"`{shown_use(b)}`" for b in blockers[:3])
        elif dropped:
            message += f"; the fix is unsafe: {dropping(dropped)}"
        elif safe and beta_readers(self):
            safe = False
            message += f"; the fix is unsafe: {READ_BY_BETA}"
        fix = Fix(
            Applicability.SAFE if safe else Applicability.UNSAFE,
            "use `client.realtime.client_secrets.create(session={...})`, and read the key at `.value`",
            tuple(edits),
        )
        self.report(node, message, fix)
        if result is not None:
            for leftover in result.leftovers:
                self.report(node, leftover.message, hint=leftover.hint)


def beta_create_call(node: cst.Call) -> str | None:
    """`<client>.beta.realtime.sessions.create(...)` (or `transcription_sessions`): the resource name."""
    resource = _beta_create(node.func)
    return resource.attr.value if resource is not None else None


def _beta_create(node: cst.CSTNode) -> cst.Attribute | None:
    """`<client>.beta.realtime.sessions.create` (or `transcription_sessions`), called or
    not (a test's fake of it): its `<client>.beta.realtime.<resource>` part."""
    if not (isinstance(node, cst.Attribute) and node.attr.value == "create" and isinstance(node.value, cst.Attribute)):
        return None
    resource = node.value
    return resource if resource.attr.value in CREATE_CALLS and is_beta_realtime(resource.value) else None


def is_beta_realtime(node: cst.CSTNode) -> bool:
    """`<x>.beta.realtime`"""
    return isinstance(node, cst.Attribute) and node.attr.value == "realtime" and isinstance(node.value, cst.Attribute) and node.value.attr.value == "beta"


def _secret_read(rule: Rule, node: cst.CSTNode) -> cst.Attribute | None:
    """`<node>.client_secret.value` (or `.expires_at`): the outer attribute."""
    inner = rule.parent(node)
    if not (isinstance(inner, cst.Attribute) and inner.value is node and inner.attr.value == CLIENT_SECRET_KEY):
        return None
    outer = rule.parent(inner)
    if isinstance(outer, cst.Attribute) and outer.value is inner and outer.attr.value in SECRET_FIELDS:
        return outer
    return None


def result_uses(rule: Rule, call: cst.Call, replacement: cst.Call, kind: str) -> tuple[list[Edit], list[cst.CSTNode], bool]:
    """The call's edit and those of the uses of its result, on the result itself or on
    the name it is assigned to, in the same function: `.client_secret.value` becomes
    `.value` (`.expires_at` likewise), and `.id` (`.model`, `.instructions`) becomes
    `.session.id`. Also the uses it cannot follow, and whether the key is read."""
    holder: cst.CSTNode = call
    parent = rule.parent(call)
    if isinstance(parent, cst.Await):
        holder, parent = parent, rule.parent(parent)
    direct = _secret_read(rule, holder)
    if direct is not None:  # `create(...).client_secret.value`: one edit holds both
        new_holder = holder.with_changes(expression=replacement) if holder is not call else replacement
        return [Edit(direct, direct.with_changes(value=new_holder))], [], True
    edits = [Edit(call, replacement)]
    if not (isinstance(parent, cst.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0].target, cst.Name)):
        return edits, [parent if parent is not None else call], False  # returned, handed on: the caller reads it
    name = parent.targets[0].target.value
    scope = next((a for a in rule.ancestors(call) if isinstance(a, cst.FunctionDef)), rule.tree.module)
    blockers: list[cst.CSTNode] = []
    read = False
    for use in rule.nodes(cst.Name, within=scope):
        if use.value != name or use is parent.targets[0].target or shadowed(rule, use, scope):
            continue
        around = rule.parent(use)
        if isinstance(around, cst.Attribute) and around.attr is use:
            continue
        if isinstance(around, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.AsName)):
            blockers.append(around)  # bound again: what follows reads another value, and is not followed
            break
        outer = _secret_read(rule, use)
        if outer is not None:
            edits.append(Edit(outer, outer.with_changes(value=use)))
            read = True
        elif isinstance(around, cst.Attribute) and around.value is use and around.attr.value == CLIENT_SECRET_KEY and tested(rule, around):
            edits.append(Edit(around, around.with_changes(attr=cst.Name(SECRET_VALUE))))  # `if not session.client_secret:`
        elif isinstance(around, cst.Attribute) and around.value is use and around.attr.value in RESPONSE_SESSION_KEYS[kind] \
                and not isinstance(rule.parent(around), (cst.AssignTarget, cst.AugAssign)):  # (a write is the app's own field)
            edits.append(Edit(around, around.with_changes(value=cst.Attribute(use, cst.Name(BODY_SESSION_KEY)))))
        else:
            blockers.append(around if around is not None else use)
    return edits, blockers, read


class BetaKeyRead(Rule):
    """The ephemeral key read where the beta response held it.

    The beta `sessions.create` (and `POST /v1/realtime/sessions`) returned
    the key at `client_secret.value`, with `client_secret.expires_at`. GA's
    `client_secrets.create` (and `POST /v1/realtime/client_secrets`) returns
    it at `value`, with `expires_at`: no GA response has a `client_secret`,
    so the old read raises `AttributeError` (or `KeyError`) on GA.

    Example:

        session = client.beta.realtime.sessions.create(model="gpt-realtime-2.1")
        return session.client_secret.value

    Fix (with the request, by RT303 or RT402):

        session = client.realtime.client_secrets.create(session={"type": "realtime", "model": "gpt-realtime-2.1"})
        return session.value

    Reported wherever the read is; where rtmigrate can follow it to the
    request in the same function, the request's fix moves the read too. A
    function that also reads the answer's key where GA puts it
    (`data.get("value") or data["client_secret"]["value"]`) takes either
    API's answer on purpose: it is left alone.
    """

    code = "RT307"
    name = "beta-key-read"
    speaks = True  # the key it reads says which API minted it, and so which the call must reach
    follows_fixes = True  # a read the request's safe fix moves is that fix's

    VALID = (
        'import openai\nkey = client.realtime.client_secrets.create(session={"type": "realtime"}).value\n',
        # code that takes either API's answer reads the key where GA puts it too
        'import openai\ndef key_of(data):\n    return data.get("value") or data["client_secret"]["value"]\n',
    )
    INVALID = (
        Invalid("import openai\ndef mint(result):\n    return result.client_secret.value\n"),
        Invalid('import openai\ndef mint(data):\n    return data["client_secret"]["value"], data["client_secret"]["expires_at"]\n'),
    )

    def finish(self) -> None:
        for node in self.nodes(cst.Attribute):
            if node.attr.value in SECRET_FIELDS and isinstance(node.value, cst.Attribute) and node.value.attr.value == CLIENT_SECRET_KEY:
                if not reads_ga_key_beside(self.tree, node, node.value.value, node.attr.value):
                    self._report(node, f".{node.attr.value}")
        for node in self.nodes(cst.Subscript):
            base = node.value
            if _key(node) in SECRET_FIELDS and isinstance(base, cst.Subscript) and _key(base) == CLIENT_SECRET_KEY:
                if not reads_ga_key_beside(self.tree, node, base.value, _key(node) or ""):
                    self._report(node, f'["{_key(node)}"]')

    def _report(self, node: cst.CSTNode, field: str) -> None:
        fake = faked_calls(self).get(id(node))
        self.report(
            node,
            f"the ephemeral key is {'written' if fake else 'read'} at `client_secret{field}`, which GA responses do not have",
            fake,
            hint=f"read it at `{field}` of the GA response (client_secrets.create, POST /v1/realtime/client_secrets)",
        )


def _key(node: cst.Subscript) -> str | None:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    return string_value(node.slice[0].slice.value)


# A test's fake of the beta key call: `client.beta.realtime.sessions.create = AsyncMock(return_value=answer)`.
_MOCKS = frozenset({"Mock", "MagicMock", "AsyncMock", "NonCallableMock", "NonCallableMagicMock"})
_GA_CREATE = ("realtime", "client_secrets")


def _last_name(node: cst.CSTNode) -> str:
    """`AsyncMock` of `mock.AsyncMock` (empty for what is no name)."""
    return (dotted_name(node) or "").rpartition(".")[2] if isinstance(node, (cst.Name, cst.Attribute)) else ""


def _mock_call(node: cst.CSTNode) -> bool:
    """`MagicMock(...)`, `mock.AsyncMock(...)`."""
    return isinstance(node, cst.Call) and _last_name(node.func) in _MOCKS


def _raised(node: cst.CSTNode) -> bool:
    """An exception a fake raises (`side_effect=Exception("down")`): no answer to shape."""
    return _last_name(node.func if isinstance(node, cst.Call) else node).endswith(("Error", "Exception"))


def _answers(rule: Rule, assign: cst.Assign, value: cst.CSTNode, setter: str | None) -> list[tuple[cst.CSTNode, str]] | None:
    if setter == "side_effect":
        return [] if _raised(value) else None
    if setter is None:
        if not _mock_call(value):
            return None
        kwargs = {arg.keyword.value: arg.value for arg in value.args if arg.keyword is not None}
        if "side_effect" in kwargs and not _raised(kwargs["side_effect"]):
            return None
        if "return_value" not in kwargs:
            return []
        value = kwargs["return_value"]
    if _mock_call(value) and not value.args:
        return []  # a bare mock: the code under test reads whatever it likes off it
    scope = next((a for a in rule.ancestors(assign) if isinstance(a, cst.FunctionDef)), rule.tree.module)
    if isinstance(value, cst.Name):
        bound_here = any(isinstance(rule.parent(n), cst.AssignTarget) for n in rule.nodes(cst.Name, within=scope) if n.value == value.value)
        return [(scope if bound_here else rule.tree.module, value.value)]
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Name):
        helper = next((f for f in rule.tree.module.body if isinstance(f, cst.FunctionDef) and f.name.value == value.func.value), None)
        if helper is None:
            return None
        returns = [r.value for r in rule.nodes(cst.Return, within=helper)]
        if not returns or not all(isinstance(r, cst.Name) for r in returns):
            return None
        return [(helper, r.value) for r in returns]
    return None


def _answer_edits(rule: Rule, scope: cst.CSTNode, name: str) -> tuple[list[tuple[cst.Attribute, Edit]], bool]:
    """`answer.client_secret.value = v` → `answer.value = v` for a fake answer bound
    to ``name`` in ``scope``, and whether every use of its `client_secret` is one of these."""
    edits: list[tuple[cst.Attribute, Edit]] = []
    for use in rule.nodes(cst.Name, within=scope):
        if use.value != name:
            continue
        inner = rule.parent(use)
        if not (isinstance(inner, cst.Attribute) and inner.value is use and inner.attr.value == CLIENT_SECRET_KEY):
            continue
        outer = rule.parent(inner)
        if isinstance(outer, cst.Attribute) and outer.value is inner and outer.attr.value in SECRET_FIELDS \
                and isinstance(rule.parent(outer), cst.AssignTarget):
            edits.append((outer, Edit(outer, outer.with_changes(value=use))))
            continue
        target = rule.parent(inner)
        assign = rule.parent(target) if isinstance(target, cst.AssignTarget) else None
        if isinstance(assign, cst.Assign) and _mock_call(assign.value) and not assign.value.args:
            continue  # `answer.client_secret = MagicMock()`: harmless once nothing reads it
        return [], False
    return edits, True


def faked_calls(rule: Rule) -> dict[int, Fix | None]:
    """A test's fakes of the beta key call, and the writes of their answers' key:
    each one's node (the `<x>.beta.realtime` of the fake, the `.value` written)
    → the fix that fakes GA's call and answer instead, or None where the answer
    cannot be followed. The fix is unsafe: the fake must move with the code it
    stands in for, which its own module does not show."""

    def compute() -> dict[int, Fix | None]:
        found: dict[int, Fix | None] = {}
        for assign in rule.nodes(cst.Assign):
            if len(assign.targets) != 1:
                continue
            target, setter = assign.targets[0].target, None
            if isinstance(target, cst.Attribute) and target.attr.value in ("return_value", "side_effect"):
                target, setter = target.value, target.attr.value
            resource = _beta_create(target)
            if resource is None:
                continue
            beta = resource.value
            answers = _answers(rule, assign, assign.value, setter)
            writes: list[tuple[cst.Attribute, Edit]] = []
            followed = answers is not None
            for scope, name in answers or []:
                more, ok = _answer_edits(rule, scope, name)
                writes += more
                followed = followed and ok
            if not followed:
                found[id(beta)] = None
                continue
            client = beta.value.value
            ga = cst.Attribute(cst.Attribute(client, cst.Name(_GA_CREATE[0])), cst.Name(_GA_CREATE[1]))
            fix = Fix.unsafe(
                f"fake GA's `{'.'.join(_GA_CREATE)}.create` and its answer's key at `.value`",
                Edit(resource, ga), *(edit for _, edit in writes),
            )
            found[id(beta)] = fix
            for node, _ in writes:
                found[id(node)] = fix
        return found

    return rule.tree.once(faked_calls, compute)
