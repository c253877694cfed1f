"""A fast check of a graph against kg's SHACL shapes, for corpus builds: the shapes compiled once
into Python checks over an index of the graph's triples (pyoxigraph terms, no rdflib graph), and
their SPARQL-based constraints run by an in-memory Oxigraph.

pySHACL (kg.graph.validate) stays the reference: this engine implements the SHACL Core
constraint components the shapes use (W3C SHACL, section 4: targets by class, node, subjects
of and objects of a predicate, node kind, class, datatype, counts, length, pattern, ``sh:in``,
``sh:minInclusive``, ``sh:node``, ``sh:not``, ``sh:or``, ``sh:xone``) and SPARQL-based
constraints (section 5), with the focus node, path and value of each result chosen as pySHACL
chooses them; literals' lexical forms are judged by rdflib, as pySHACL does. A shapes graph
using anything else raises Unsupported when compiled, and the caller validates with pySHACL
instead. tests/test_shacl.py checks that both engines agree on valid graphs and on broken ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import pyoxigraph

SH = "http://www.w3.org/ns/shacl#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_TYPE = pyoxigraph.NamedNode(_RDF + "type")
_SUBCLASS = pyoxigraph.NamedNode(_RDFS + "subClassOf")
_FIRST = pyoxigraph.NamedNode(_RDF + "first")
_REST = pyoxigraph.NamedNode(_RDF + "rest")
_NIL = pyoxigraph.NamedNode(_RDF + "nil")
_THIS = pyoxigraph.Variable("this")

# Predicates of a shape that say nothing about conformance.
_ANNOTATIONS = {
    _RDF + "type",
    _RDFS + "comment",
    _RDFS + "label",
    SH + "message",
    SH + "name",
    SH + "description",
    SH + "declare",
}


class Unsupported(Exception):
    """The shapes use a feature this engine does not implement (validate with pySHACL)."""


@dataclass(frozen=True)
class Result:
    """One violation: focus node, path (None for a node shape) and value (None for a count),
    as pyoxigraph terms, and the shape's message if it has one."""

    focus: Any
    path: Any
    value: Any
    message: str = ""


class Data:
    """The data graph, indexed: objects by (subject, predicate), instances by class."""

    def __init__(self, triples: Iterable[tuple[Any, Any, Any]]) -> None:
        self.triples = list(triples)
        self.objects: dict[tuple[Any, Any], list[Any]] = {}
        self.types: dict[Any, set[Any]] = {}
        self.instances: dict[Any, set[Any]] = {}
        superclasses: dict[Any, set[Any]] = {}
        for s, p, o in self.triples:
            self.objects.setdefault((s, p), []).append(o)
            if p == _TYPE:
                self.types.setdefault(s, set()).add(o)
            elif p == _SUBCLASS:
                superclasses.setdefault(s, set()).add(o)
        self.superclasses = {c: _closure(c, superclasses) for c in superclasses}
        for node, classes in self.types.items():
            for cls in classes:
                for each in self.superclasses.get(cls, {cls}):
                    self.instances.setdefault(each, set()).add(node)
        self._store: pyoxigraph.Store | None = None

    def values(self, focus: Any, path: Any) -> list[Any]:
        return list(dict.fromkeys(self.objects.get((focus, path), ())))

    def is_instance(self, node: Any, cls: Any) -> bool:
        return node in self.instances.get(cls, ())

    def store(self) -> pyoxigraph.Store:
        """The graph in an in-memory Oxigraph (made on first use, for SPARQL constraints)."""
        if self._store is None:
            self._store = pyoxigraph.Store()
            self._store.bulk_extend([pyoxigraph.Quad(s, p, o) for s, p, o in self.triples])
        return self._store


def _closure(cls: Any, parents: dict[Any, set[Any]]) -> set[Any]:
    seen, todo = {cls}, [cls]
    while todo:
        for parent in parents.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


# A value check: (data, value) -> conforms.
ValueCheck = Callable[[Data, Any], bool]


@dataclass
class Shape:
    """A compiled node or property shape."""

    node: Any
    path: Any = None  # a predicate IRI for a property shape
    targets_class: list[Any] = field(default_factory=list)
    targets_node: list[Any] = field(default_factory=list)
    targets_subjects_of: list[Any] = field(default_factory=list)
    targets_objects_of: list[Any] = field(default_factory=list)
    value_checks: list[ValueCheck] = field(default_factory=list)
    min_count: int | None = None
    max_count: int | None = None
    properties: list[Shape] = field(default_factory=list)
    sparql: list[tuple[str, str]] = field(default_factory=list)  # (query, message)

    def focus_nodes(self, data: Data) -> set[Any]:
        found = set(self.targets_node)
        for cls in self.targets_class:
            found |= data.instances.get(cls, set())
        if self.targets_subjects_of or self.targets_objects_of:
            subjects, objects = set(self.targets_subjects_of), set(self.targets_objects_of)
            for s, p, o in data.triples:
                if p in subjects:
                    found.add(s)
                if p in objects:
                    found.add(o)
        return found

    def results(self, data: Data, focus: Any) -> list[Result]:
        """The violations of ``focus`` against this shape."""
        found: list[Result] = []
        if self.path is None:
            found += [
                Result(focus, None, focus) for check in self.value_checks if not check(data, focus)
            ]
        else:
            values = data.values(focus, self.path)
            if self.min_count is not None and len(values) < self.min_count:
                found.append(Result(focus, self.path, None))
            if self.max_count is not None and len(values) > self.max_count:
                found.append(Result(focus, self.path, None))
            for check in self.value_checks:
                found += [Result(focus, self.path, v) for v in values if not check(data, v)]
        for prop in self.properties:
            found += prop.results(data, focus)
        for query, message in self.sparql:
            found += _sparql_results(data, query, focus, self.path, message)
        return found

    def conforms(self, data: Data, focus: Any) -> bool:
        if self.path is None and not self.properties and not self.sparql:
            return all(check(data, focus) for check in self.value_checks)
        return not self.results(data, focus)


def _sparql_results(data: Data, query: str, focus: Any, path: Any, message: str) -> list[Result]:
    solutions = data.store().query(query, substitutions={_THIS: focus})
    names = {variable.value for variable in solutions.variables}
    found = []
    for row in solutions:
        value = row["value"] if "value" in names else None
        row_path = row["path"] if "path" in names else None
        found.append(Result(focus, row_path or path, value or focus, message))
    return found


class Shapes:
    """kg's shapes compiled for fast checks (see the module docstring)."""

    def __init__(self, shapes_text: str) -> None:
        triples = [
            (t.subject, t.predicate, t.object)
            for t in pyoxigraph.parse(shapes_text, format=pyoxigraph.RdfFormat.TURTLE)
        ]
        self._graph = Data(triples)
        self._compiled: dict[Any, Shape] = {}
        roots = set(self._graph.instances.get(pyoxigraph.NamedNode(SH + "NodeShape"), set()))
        for predicate in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"):
            pred = pyoxigraph.NamedNode(SH + predicate)
            roots |= {s for s, p, _ in triples if p == pred}
        self.roots = [self._shape(node) for node in sorted(roots, key=str)]

    def check(self, triples: Iterable[tuple[Any, Any, Any]]) -> list[Result]:
        """Every violation of the graph of ``triples`` (pyoxigraph terms)."""
        data = Data(triples)
        found: list[Result] = []
        for shape in self.roots:
            for focus in sorted(shape.focus_nodes(data), key=str):
                found += shape.results(data, focus)
        return found

    # -- compiling -------------------------------------------------------------------------

    def _one(self, node: Any, name: str) -> Any:
        values = self._graph.values(node, pyoxigraph.NamedNode(SH + name))
        if len(values) > 1:
            raise Unsupported(f"several sh:{name} on one shape")
        return values[0] if values else None

    def _list(self, head: Any) -> list[Any]:
        items = []
        while head != _NIL:
            items.append(self._one_of(head, _FIRST))
            head = self._one_of(head, _REST)
        return items

    def _one_of(self, node: Any, predicate: Any) -> Any:
        values = self._graph.values(node, predicate)
        if len(values) != 1:
            raise Unsupported("a malformed RDF list")
        return values[0]

    def _shape(self, node: Any) -> Shape:
        if node in self._compiled:
            return self._compiled[node]
        shape = self._compiled[node] = Shape(node)
        for (subject, predicate), objects in self._graph.objects.items():
            if subject == node:
                for value in objects:
                    self._constraint(shape, predicate.value, value)
        return shape

    def _constraint(self, shape: Shape, predicate: str, value: Any) -> None:
        if predicate in _ANNOTATIONS:
            return
        if not predicate.startswith(SH):
            raise Unsupported(f"<{predicate}> on a shape")
        name = predicate[len(SH) :]
        if name == "path":
            if not isinstance(value, pyoxigraph.NamedNode):
                raise Unsupported("a property path other than a predicate")
            shape.path = value
        elif name == "targetClass":
            shape.targets_class.append(value)
        elif name == "targetNode":
            shape.targets_node.append(value)
        elif name == "targetSubjectsOf":
            shape.targets_subjects_of.append(value)
        elif name == "targetObjectsOf":
            shape.targets_objects_of.append(value)
        elif name == "property":
            shape.properties.append(self._shape(value))
        elif name == "minCount":
            shape.min_count = int(value.value)
        elif name == "maxCount":
            shape.max_count = int(value.value)
        elif name == "sparql":
            shape.sparql.append(self._select(value))
        elif name == "severity":
            if value.value != SH + "Violation":
                raise Unsupported("a severity other than sh:Violation")
        elif name in _VALUE_CHECKS:
            shape.value_checks.append(_VALUE_CHECKS[name](self, value))
        else:
            raise Unsupported(f"sh:{name}")

    def _select(self, node: Any) -> tuple[str, str]:
        query = self._one(node, "select")
        if query is None or self._one(node, "deactivated") is not None:
            raise Unsupported("a SPARQL constraint without sh:select")
        declared = ""
        for prefixes in self._graph.values(node, pyoxigraph.NamedNode(SH + "prefixes")):
            for declaration in self._graph.values(prefixes, pyoxigraph.NamedNode(SH + "declare")):
                prefix = self._one(declaration, "prefix").value
                namespace = self._one(declaration, "namespace").value
                declared += f"PREFIX {prefix}: <{namespace}>\n"
        message = self._one(node, "message")
        return declared + query.value, message.value if message is not None else ""


def _node_kind(_: Shapes, kind: Any) -> ValueCheck:
    allowed = {
        "IRI": (pyoxigraph.NamedNode,),
        "BlankNode": (pyoxigraph.BlankNode,),
        "Literal": (pyoxigraph.Literal,),
        "BlankNodeOrIRI": (pyoxigraph.BlankNode, pyoxigraph.NamedNode),
        "BlankNodeOrLiteral": (pyoxigraph.BlankNode, pyoxigraph.Literal),
        "IRIOrLiteral": (pyoxigraph.NamedNode, pyoxigraph.Literal),
    }[kind.value[len(SH) :]]
    return lambda data, value: isinstance(value, allowed)


def _class(_: Shapes, cls: Any) -> ValueCheck:
    return lambda data, value: data.is_instance(value, cls)


def _datatype(_: Shapes, datatype: Any) -> ValueCheck:
    def check(data: Data, value: Any) -> bool:
        return (
            isinstance(value, pyoxigraph.Literal)
            and value.datatype == datatype
            and _well_typed(value.value, datatype.value, value.language)
        )

    return check


@cache
def _well_typed(lexical: str, datatype: str, language: str | None) -> bool:
    """Whether rdflib (as pySHACL uses it) reads ``lexical`` as a value of ``datatype``."""
    from rdflib import Literal, URIRef

    if language:
        return True
    return not Literal(lexical, datatype=URIRef(datatype)).ill_typed


def _min_length(_: Shapes, length: Any) -> ValueCheck:
    least = int(length.value)
    return lambda data, value: (
        not isinstance(value, pyoxigraph.BlankNode) and len(value.value) >= least
    )


def _pattern(_: Shapes, pattern: Any) -> ValueCheck:
    compiled = re.compile(pattern.value)
    return lambda data, value: (
        not isinstance(value, pyoxigraph.BlankNode) and compiled.search(value.value) is not None
    )


def _in(shapes: Shapes, head: Any) -> ValueCheck:
    allowed = set(shapes._list(head))
    return lambda data, value: value in allowed


def _min_inclusive(_: Shapes, bound: Any) -> ValueCheck:
    from kg.graph.rdfterms import to_rdflib

    least = to_rdflib(bound)

    @lru_cache(maxsize=1 << 16)  # offsets and counts recur: rdflib's terms are slow to make
    def at_least(value: pyoxigraph.Literal) -> bool:
        try:
            return bool(to_rdflib(value) >= least)
        except TypeError:
            return False

    def check(data: Data, value: Any) -> bool:
        return isinstance(value, pyoxigraph.Literal) and at_least(value)

    return check


def _node(shapes: Shapes, node: Any) -> ValueCheck:
    shape = shapes._shape(node)
    return lambda data, value: shape.conforms(data, value)


def _not(shapes: Shapes, node: Any) -> ValueCheck:
    shape = shapes._shape(node)
    return lambda data, value: not shape.conforms(data, value)


def _or(shapes: Shapes, head: Any) -> ValueCheck:
    members = [shapes._shape(node) for node in shapes._list(head)]
    return lambda data, value: any(m.conforms(data, value) for m in members)


def _xone(shapes: Shapes, head: Any) -> ValueCheck:
    members = [shapes._shape(node) for node in shapes._list(head)]
    return lambda data, value: sum(m.conforms(data, value) for m in members) == 1


_VALUE_CHECKS: dict[str, Callable[[Shapes, Any], ValueCheck]] = {
    "nodeKind": _node_kind,
    "class": _class,
    "datatype": _datatype,
    "minLength": _min_length,
    "pattern": _pattern,
    "in": _in,
    "minInclusive": _min_inclusive,
    "node": _node,
    "not": _not,
    "or": _or,
    "xone": _xone,
}
