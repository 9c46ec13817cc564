"""Where the keys a TypeScript type accepts come from.

An object declared with a type of the app's own (`const on: Partial<Handlers>
= {...}`) accepts the keys that type lists. Renaming one of its keys is safe
only where the type's list is renamed in the same run: the type spells the
event names itself in this file, or takes them from a hand-written module of
the app that names them (`keyof Events.EventMap` from "./events"). Keys that
come from anywhere else (a package, generated code, a global type) would
part from the object's new keys, and the program would no longer type-check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..core.tables.events import EVENT_RENAMES
from . import syntax

if TYPE_CHECKING:
    from tree_sitter import Node

OWN = "own"  # the app's event names, renamed with the object
FOREIGN = "foreign"  # names rtmigrate does not rename here

_WRAPPERS = frozenset({"Partial", "Required", "Readonly", "NonNullable"})
_KEYED_BY_FIRST = frozenset({"Record", "Pick", "Omit"})
_DEPTH = 6


class TypeKeys:
    """Reads a module's type declarations and imports once; ``sources`` then
    says where the keys of a type node come from."""

    def __init__(self, root: "Node", own_module: Callable[[str], bool]) -> None:
        self.own_module = own_module
        self.declared: dict[str, "Node"] = {}
        self.imported: dict[str, str] = {}
        for node in root.named_children:
            if node.type == "export_statement":
                node = node.child_by_field_name("declaration") or node
            if node.type in ("type_alias_declaration", "interface_declaration", "enum_declaration", "internal_module", "module"):
                name = node.child_by_field_name("name")
                if name is not None:
                    self.declared[syntax.text(name)] = node
            elif node.type == "expression_statement" and node.named_children and node.named_children[0].type == "internal_module":
                inner = node.named_children[0]
                name = inner.child_by_field_name("name")
                if name is not None:
                    self.declared[syntax.text(name)] = inner
            elif node.type == "import_statement":
                self._import(node)

    def _import(self, node: "Node") -> None:
        source = syntax.string_value(node.child_by_field_name("source"))
        if not source:
            return
        for part in syntax.descendants(node):
            if part.type == "import_specifier":
                alias = part.child_by_field_name("alias") or part.child_by_field_name("name")
                if alias is not None:
                    self.imported[syntax.text(alias)] = source
            elif part.type == "namespace_import":
                names = [c for c in part.named_children if c.type == "identifier"]
                if names:
                    self.imported[syntax.text(names[0])] = source
            elif part.type == "import_clause":
                for child in part.named_children:
                    if child.type == "identifier":
                        self.imported[syntax.text(child)] = source

    def sources(self, node: "Node | None", bound: frozenset[str] = frozenset(), depth: int = 0) -> set[str]:
        if node is None or depth > _DEPTH:
            return {FOREIGN} if node is not None else set()
        kind = node.type
        if kind in ("type_annotation", "parenthesized_type", "type_arguments", "union_type", "intersection_type"):
            return _union(self.sources(child, bound, depth) for child in node.named_children)
        if kind == "generic_type":
            name = node.child_by_field_name("name")
            args = node.child_by_field_name("type_arguments")
            wrapper = syntax.text(name) if name is not None else ""
            listed = args.named_children if args is not None else []
            if wrapper in _WRAPPERS:
                return _union(self.sources(a, bound, depth + 1) for a in listed)
            if wrapper in _KEYED_BY_FIRST:
                return self.sources(listed[0], bound, depth + 1) if listed else set()
            return self._named(wrapper, bound, depth)
        if kind in ("object_type", "interface_body"):
            return _union(self._member(member, bound, depth) for member in node.named_children)
        if kind == "index_type_query":  # keyof X
            return _union(self.sources(child, bound, depth + 1) for child in node.named_children)
        if kind == "lookup_type":  # X["type"], X[K]: named by X
            return self.sources(node.named_children[0], bound, depth + 1) if node.named_children else set()
        if kind == "literal_type":
            return {OWN} if syntax.string_value(node.named_children[0] if node.named_children else None) in EVENT_RENAMES else set()
        if kind == "type_identifier":
            return self._named(syntax.text(node), bound, depth)
        if kind == "nested_type_identifier":  # Events.EventMap: named by Events
            return self._named(syntax.text(node).split(".")[0], bound, depth)
        return set()

    def _member(self, member: "Node", bound: frozenset[str], depth: int) -> set[str]:
        if member.type == "property_signature":
            key = member.child_by_field_name("name")
            return {OWN} if key is not None and syntax.string_value(key) in EVENT_RENAMES else set()
        if member.type == "index_signature":
            clause = next((c for c in member.named_children if c.type == "mapped_type_clause"), None)
            if clause is None:
                return set()  # `[key: string]: ...` takes any key
            name = clause.child_by_field_name("name")
            keys = clause.child_by_field_name("type")
            inner = bound | {syntax.text(name)} if name is not None else bound
            return self.sources(keys if keys is not None else clause.named_children[-1], inner, depth + 1)
        return set()

    def _named(self, name: str, bound: frozenset[str], depth: int) -> set[str]:
        if name in bound:
            return set()
        declared = self.declared.get(name)
        if declared is not None:
            if declared.type in ("internal_module", "module", "enum_declaration"):
                return {OWN} if any(syntax.string_value(s) in EVENT_RENAMES for s in syntax.descendants(declared) if s.type == "string") else set()
            body = declared.child_by_field_name("value") or declared.child_by_field_name("body")
            return self.sources(body, bound, depth + 1)
        source = self.imported.get(name)
        if source is not None and self.own_module(source):
            return {OWN}
        return {FOREIGN}


def _union(parts) -> set[str]:
    found: set[str] = set()
    for part in parts:
        found |= part
    return found
