"""A key route's two sides in JavaScript (`core.routes`): the handler that hands
a key request's answer whole to its client (`res.json(data)`,
`return NextResponse.json(data)`), and the path it is served at."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.routes import SERVE
from . import syntax
from .configs import FUNCTION_TYPES

if TYPE_CHECKING:
    from tree_sitter import Node

# `app.get("/token", handler)`, `router.post(...)`: what registers a route at a path
_ROUTE_METHODS = frozenset({"get", "post", "put", "all"})
# what a Next.js route file exports to serve a request
_EXPORTED = frozenset({"GET", "POST", "PUT"})
# what writes a JSON body to the client (`res.json`, `res.send`, hono's `c.json`)
_WRITES = frozenset({"json", "send"})
_RESPONSES = frozenset({"Response", "NextResponse"})


def response_of(node: "Node") -> "Node | None":
    """The call that hands ``node`` whole to the HTTP client as its answer's body:
    `res.json(data)`, `res.status(200).send(data)`, `NextResponse.json(data)`,
    `new Response(JSON.stringify(data))`; None for any other use."""
    args = node.parent
    if args is None or args.type != "arguments" or syntax.arguments(args.parent)[:1] != [node]:
        return None
    call = args.parent
    if call.type == "call_expression":
        names = syntax.member_names(call.child_by_field_name("function"))
        if names == ["JSON", "stringify"]:
            outer = call.parent
            made = outer.parent if outer is not None and outer.type == "arguments" else None
            if made is not None and made.type == "new_expression" and syntax.arguments(made)[:1] == [call] \
                    and syntax.text(made.child_by_field_name("constructor")) in _RESPONSES:
                return made
            return None
        if len(names) >= 2 and names[-1] in _WRITES:
            return call
    return None


def _receiver(response: "Node") -> str | None:
    """The name a response call starts from (`res` of `res.status(200).json(x)`), or
    the class (`NextResponse`)."""
    if response.type == "new_expression":
        return syntax.text(response.child_by_field_name("constructor"))
    names = syntax.member_names(response.child_by_field_name("function"))
    return names[0] if names else None


def route_tag(scope: "Node", responses: list["Node"]) -> str | None:
    """The tag of the route whose handler is ``scope``, where every one of
    ``responses`` answers its request: `serve:/token` for `app.get("/token",
    async (req, res) => ...)` answering with `res`; `serve:` for a handler the
    file exports (`export async function POST`, `export default function
    handler(req, res)`), served where the file lies. None: not a route's handler."""
    if scope.type not in FUNCTION_TYPES or not responses:
        return None
    params = scope.child_by_field_name("parameters")
    names = [syntax.text(p) for p in (params.named_children if params is not None else ()) if p.type in ("identifier", "required_parameter", "optional_parameter")]
    names = [n.split(":")[0].rstrip("?").strip() for n in names]
    parent = scope.parent
    # `app.get("/token", handler)`
    if parent is not None and parent.type == "arguments":
        call = parent.parent
        args = syntax.arguments(call)
        methods = syntax.member_names(call.child_by_field_name("function"))
        path = syntax.string_value(args[0]) if args and args[0].type == "string" else None
        if len(methods) == 2 and methods[-1] in _ROUTE_METHODS and path and args[-1] == scope \
                and all(_receiver(r) in names[:2] for r in responses):
            return SERVE + path
        return None
    # `export async function POST(req) { ... }`, `export const POST = async () => ...`, `export default function handler(req, res)`
    declared = scope
    if parent is not None and parent.type == "variable_declarator" and parent.child_by_field_name("value") == scope:
        declared = parent.parent
        parent = declared.parent if declared is not None else None
    own = scope.child_by_field_name("name") if scope.type == "function_declaration" else None
    name = syntax.text(own) if own is not None else syntax.text(declared.named_children[0].child_by_field_name("name")) \
        if declared is not None and declared is not scope and declared.named_children else None
    if parent is None or parent.type != "export_statement":
        return None
    default = any(c.type == "default" for c in parent.children)
    if default and all(_receiver(r) in names[1:2] or _receiver(r) in _RESPONSES for r in responses):
        return SERVE  # a Pages route, `handler(req, res)`, or a function of its own (`return new Response(...)`)
    if not default and name in _EXPORTED and all(_receiver(r) in _RESPONSES for r in responses):
        return SERVE  # an App route answers with a Response of its own
    return None
