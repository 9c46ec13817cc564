"""A key route's server side in Python (`core.routes`): the handler that hands a
key request's decoded answer whole to its client (`return data`,
`return JSONResponse(data)`, `return jsonify(data)`), and the path it is
served at (`@app.get("/session")`, `@app.route("/session")`)."""

from __future__ import annotations

from typing import Callable

import libcst as cst

from ..core.routes import SERVE
from .cstutil import dotted_name, string_value
from .layout import code

# what registers a route at a path: FastAPI's `@app.get(...)`, `@router.post(...)`, Flask's `@app.route(...)`
_ROUTE_METHODS = frozenset({"get", "post", "put", "route", "api_route"})
# what answers with a JSON body: the value is the answer's body, whole
_JSON_ANSWERS = frozenset({"JSONResponse", "ORJSONResponse", "UJSONResponse", "jsonify"})


def response_of(node: cst.CSTNode, parent_of: Callable[[cst.CSTNode], cst.CSTNode | None]) -> cst.CSTNode | None:
    """The statement that hands ``node`` whole to the HTTP client (``parent_of``: the
    file's parent links): `return data`, `return JSONResponse(data)` (or
    `content=data`), `return jsonify(data)`; None for any other use."""
    parent = parent_of(node)
    if isinstance(parent, cst.Return) and parent.value is node:
        return parent
    grand = parent_of(parent) if isinstance(parent, cst.Arg) and parent.value is node else None
    above = parent_of(grand) if isinstance(grand, cst.Call) else None
    if isinstance(above, cst.Return) and above.value is grand:
        first = grand.args[0] is parent and parent.keyword is None
        if (dotted_name(grand.func) or "").rpartition(".")[2] in _JSON_ANSWERS and (first or (parent.keyword is not None and parent.keyword.value == "content")):
            return above
    return None


# what a handler may say it returns without FastAPI reshaping the answer to a model of the app's own
_UNSHAPED = frozenset({"dict", "Dict", "Any", "typing.Any", "dict[str, Any]", "Dict[str, Any]", "JSONResponse", "Response"})


def route_tag(function: cst.FunctionDef) -> str | None:
    """`serve:/session` for a handler registered at a path its decorator names. Not
    where the answer is shaped to a model of the app's own (`response_model=Token`,
    `-> Token`): FastAPI keeps only that model's fields, the beta's."""
    returns = function.returns
    if returns is not None and code(returns.annotation) not in _UNSHAPED:
        return None
    for decorator in function.decorators:
        call = decorator.decorator
        if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Attribute) or call.func.attr.value not in _ROUTE_METHODS:
            continue
        if any(arg.keyword is not None and arg.keyword.value == "response_model" and not (isinstance(arg.value, cst.Name) and arg.value.value == "None")
               for arg in call.args):
            return None
        path = string_value(call.args[0].value) if call.args and call.args[0].keyword is None else None
        if path and path.startswith("/"):
            return SERVE + path
    return None
